//! The DaemonSet controller: one pod per eligible node (nodeSelector, required node affinity,
//! and NoSchedule/NoExecute taints against the pod's tolerations plus the ones every daemon
//! pod gets), created — as Kubernetes does — with a required node affinity for its node's name,
//! so the scheduler binds it there. Pods of nodes that are gone or no longer eligible are
//! deleted; a RollingUpdate replaces pods of older templates at most maxUnavailable at a time.
//! Templates are recorded as ControllerRevisions.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use futures::future::join_all;
use k8s_openapi::api::apps::v1::{ControllerRevision, DaemonSet, DaemonSetStatus};
use k8s_openapi::api::core::v1::{
    Affinity, Node, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod,
    Toleration,
};
use kube::Client;
use kube::api::{Api, PostParams};

use crate::deployment::logic::{scaled_value, template_hash};
use crate::events::{Recorder, api_message};
use crate::pods;
use crate::replicaset::delete_pod;
use crate::revisions::{self, HASH_LABEL};
use crate::runtime::{Action, Expectations, Informer, WorkQueue, get_by_key, key_of, split_key};
use crate::taints;

/// DaemonSet controller failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("writing for daemonset {key}: {source}")]
    Write {
        key: String,
        #[source]
        source: kube::Error,
    },
    #[error(transparent)]
    Pod(#[from] crate::replicaset::Error),
}

/// Whether a node selector requirement holds for `value` (None: the label is missing).
fn requirement_holds(r: &NodeSelectorRequirement, value: Option<&str>) -> bool {
    let values = r.values.as_deref().unwrap_or_default();
    match r.operator.as_str() {
        "In" => value.is_some_and(|v| values.iter().any(|x| x == v)),
        "NotIn" => value.is_none_or(|v| !values.iter().any(|x| x == v)),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        "Gt" | "Lt" => {
            let (Some(v), Some(bound)) = (
                value.and_then(|v| v.parse::<i64>().ok()),
                values.first().and_then(|b| b.parse::<i64>().ok()),
            ) else {
                return false;
            };
            if r.operator == "Gt" {
                v > bound
            } else {
                v < bound
            }
        }
        _ => false,
    }
}

/// Whether `node` satisfies a node selector (terms ORed, requirements ANDed).
pub fn node_selector_matches(sel: &NodeSelector, node: &Node) -> bool {
    let labels = node.metadata.labels.clone().unwrap_or_default();
    let name = node.metadata.name.clone().unwrap_or_default();
    sel.node_selector_terms.iter().any(|t| {
        let exprs = t
            .match_expressions
            .iter()
            .flatten()
            .all(|r| requirement_holds(r, labels.get(&r.key).map(String::as_str)));
        let fields = t
            .match_fields
            .iter()
            .flatten()
            .all(|r| requirement_holds(r, (r.key == "metadata.name").then_some(name.as_str())));
        (t.match_expressions.is_some() || t.match_fields.is_some()) && exprs && fields
    })
}

/// The tolerations every daemon pod gets (Kubernetes' `AddOrUpdateDaemonPodTolerations`).
pub fn daemon_tolerations(host_network: bool) -> Vec<Toleration> {
    let t = |key: &str, effect: &str| Toleration {
        key: Some(key.into()),
        operator: Some("Exists".into()),
        effect: Some(effect.into()),
        ..Toleration::default()
    };
    let mut v = vec![
        t("node.kubernetes.io/not-ready", "NoExecute"),
        t("node.kubernetes.io/unreachable", "NoExecute"),
        t("node.kubernetes.io/disk-pressure", "NoSchedule"),
        t("node.kubernetes.io/memory-pressure", "NoSchedule"),
        t("node.kubernetes.io/pid-pressure", "NoSchedule"),
        t("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];
    if host_network {
        v.push(t("node.kubernetes.io/network-unavailable", "NoSchedule"));
    }
    v
}

/// (should run a new pod here, may keep a running one here).
pub fn eligibility(ds: &DaemonSet, node: &Node) -> (bool, bool) {
    let spec = ds
        .spec
        .as_ref()
        .and_then(|s| s.template.spec.clone())
        .unwrap_or_default();
    let labels = node.metadata.labels.clone().unwrap_or_default();
    let selector_ok = spec
        .node_selector
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v));
    let affinity_ok = spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|na| {
            na.required_during_scheduling_ignored_during_execution
                .as_ref()
        })
        .is_none_or(|sel| node_selector_matches(sel, node));
    if !selector_ok || !affinity_ok {
        return (false, false);
    }
    let mut tols = spec.tolerations.clone().unwrap_or_default();
    tols.extend(daemon_tolerations(spec.host_network.unwrap_or(false)));
    let node_taints = node
        .spec
        .as_ref()
        .and_then(|s| s.taints.clone())
        .unwrap_or_default();
    let keep = taints::tolerates_all(&tols, &node_taints, &["NoExecute"]);
    let schedule = keep && taints::tolerates_all(&tols, &node_taints, &["NoSchedule"]);
    (schedule, keep)
}

/// The node a daemon pod is for: its nodeName, or the name in its required node affinity.
pub fn pod_node(pod: &Pod) -> Option<String> {
    let spec = pod.spec.as_ref()?;
    if let Some(n) = spec.node_name.clone().filter(|n| !n.is_empty()) {
        return Some(n);
    }
    let sel = spec
        .affinity
        .as_ref()?
        .node_affinity
        .as_ref()?
        .required_during_scheduling_ignored_during_execution
        .as_ref()?;
    sel.node_selector_terms
        .iter()
        .flat_map(|t| t.match_fields.iter().flatten())
        .find(|r| r.key == "metadata.name" && r.operator == "In")
        .and_then(|r| r.values.as_ref()?.first().cloned())
}

/// A daemon pod for `node`: the template, the revision hash label, the daemon tolerations and
/// a required node affinity for the node's name (replacing other required terms).
pub fn pod_for_node(ds: &DaemonSet, node: &str, hash: &str) -> Pod {
    let ns = ds.metadata.namespace.clone().unwrap_or_default();
    let template = ds
        .spec
        .as_ref()
        .map(|s| s.template.clone())
        .unwrap_or_default();
    let mut pod = pods::pod_from_template(
        &template,
        &ns,
        &format!("{}-", ds.metadata.name.as_deref().unwrap_or("")),
        pods::owner_ref(ds),
    );
    pod.metadata
        .labels
        .get_or_insert_with(BTreeMap::new)
        .insert(HASH_LABEL.into(), hash.into());
    let spec = pod.spec.get_or_insert_with(Default::default);
    let tols = spec.tolerations.get_or_insert_with(Vec::new);
    for t in daemon_tolerations(spec.host_network.unwrap_or(false)) {
        if !tols.iter().any(|x| x.key == t.key && x.effect == t.effect) {
            tols.push(t);
        }
    }
    let affinity = spec.affinity.get_or_insert_with(Affinity::default);
    let na = affinity
        .node_affinity
        .get_or_insert_with(NodeAffinity::default);
    na.required_during_scheduling_ignored_during_execution = Some(NodeSelector {
        node_selector_terms: vec![NodeSelectorTerm {
            match_fields: Some(vec![NodeSelectorRequirement {
                key: "metadata.name".into(),
                operator: "In".into(),
                values: Some(vec![node.into()]),
            }]),
            match_expressions: None,
        }],
    });
    pod
}

pub struct DaemonSetController {
    client: Client,
    daemonsets: Arc<Informer<DaemonSet>>,
    nodes: Arc<Informer<Node>>,
    pods: Arc<Informer<Pod>>,
    revisions: Arc<Informer<ControllerRevision>>,
    pub queue: WorkQueue,
    expectations: Expectations,
    events: Recorder,
}

impl DaemonSetController {
    pub fn new(
        client: Client,
        daemonsets: Arc<Informer<DaemonSet>>,
        nodes: Arc<Informer<Node>>,
        pods: Arc<Informer<Pod>>,
        revisions: Arc<Informer<ControllerRevision>>,
        queue: WorkQueue,
        events: Recorder,
    ) -> Arc<Self> {
        let q = queue.clone();
        daemonsets.on_event(move |_, d, _| q.add(key_of(d)));
        let q = queue.clone();
        pods.on_event(move |_, p, _| {
            if let Some(r) = pods::controller_ref(&p.metadata).filter(|r| r.kind == "DaemonSet") {
                q.add(format!(
                    "{}/{}",
                    p.metadata.namespace.as_deref().unwrap_or(""),
                    r.name
                ));
            }
        });
        let c = Arc::new(DaemonSetController {
            client,
            daemonsets: daemonsets.clone(),
            nodes: nodes.clone(),
            pods,
            revisions,
            queue,
            expectations: Expectations::new(std::time::Duration::from_secs(300)),
            events,
        });
        let weak = Arc::downgrade(&c);
        nodes.on_event(move |old, n, deleted| {
            let Some(c) = weak.upgrade() else { return };
            // Only changes that can change eligibility matter.
            let relevant = deleted
                || old.is_none_or(|o| {
                    o.metadata.labels != n.metadata.labels
                        || o.spec.as_ref().map(|s| &s.taints) != n.spec.as_ref().map(|s| &s.taints)
                });
            if relevant {
                for d in c.daemonsets.store().state() {
                    c.queue.add(key_of(d.as_ref()));
                }
            }
        });
        c
    }

    pub fn keys(&self) -> Vec<String> {
        self.daemonsets
            .store()
            .state()
            .iter()
            .map(|d| key_of(d.as_ref()))
            .collect()
    }

    pub async fn reconcile(&self, key: String) -> Result<Action, Error> {
        let Some(ds) = get_by_key(&self.daemonsets.store(), &key) else {
            self.expectations.forget(&key);
            return Ok(Action::Done);
        };
        if ds.metadata.deletion_timestamp.is_some() {
            return Ok(Action::Done);
        }
        let (ns, name) = split_key(&key);
        let err = |source| Error::Write {
            key: key.clone(),
            source,
        };
        let spec = ds.spec.clone().unwrap_or_default();
        let hash = template_hash(
            &spec.template,
            ds.status.as_ref().and_then(|s| s.collision_count),
        );
        let uid = ds.metadata.uid.clone().unwrap_or_default();
        let owned_revs = revisions::owned(self.revisions.list_namespace(ns), &uid);
        let current_rev = revisions::ensure(
            &self.client,
            ds.as_ref(),
            &owned_revs,
            &spec.template,
            &hash,
        )
        .await
        .map_err(err)?;
        let limit = usize::try_from(spec.revision_history_limit.unwrap_or(10).max(0)).unwrap_or(10);
        let pod_api: Api<Pod> = Api::namespaced(self.client.clone(), ns);
        let mut by_node: HashMap<String, Vec<Arc<Pod>>> = HashMap::new();
        let mut nodeless = vec![];
        for p in self.pods.list_controlled_by(&uid) {
            if pods::controller_ref(&p.metadata).is_none_or(|r| r.uid != uid)
                || p.metadata.deletion_timestamp.is_some()
            {
                continue;
            }
            match pod_node(&p) {
                Some(n) => by_node.entry(n).or_default().push(p),
                None => nodeless.push(p),
            }
        }
        // Revisions still used by some pod are kept.
        let in_use: Vec<String> = by_node
            .values()
            .flatten()
            .filter_map(|p| {
                p.metadata
                    .labels
                    .as_ref()?
                    .get(HASH_LABEL)
                    .map(|h| format!("{name}-{h}"))
            })
            .chain(current_rev.metadata.name.clone())
            .collect();
        let in_use_refs: Vec<&str> = in_use.iter().map(String::as_str).collect();
        revisions::prune(&self.client, ns, &owned_revs, limit, &in_use_refs)
            .await
            .map_err(err)?;

        let satisfied = self.expectations.satisfied(
            &key,
            |n| get_by_key(&self.pods.store(), &format!("{ns}/{n}")).is_some(),
            |n| {
                get_by_key(&self.pods.store(), &format!("{ns}/{n}"))
                    .is_none_or(|p| p.metadata.deletion_timestamp.is_some())
            },
        );
        let nodes = self.nodes.store().state();
        let now = crate::runtime::now();
        let min_ready = spec.min_ready_seconds.unwrap_or(0);
        let mut creates: Vec<String> = vec![];
        let mut deletes: Vec<Arc<Pod>> = nodeless;
        let mut st = DaemonSetStatus {
            observed_generation: ds.metadata.generation,
            collision_count: ds.status.as_ref().and_then(|s| s.collision_count),
            ..Default::default()
        };
        let mut old_pods: Vec<(Arc<Pod>, bool)> = vec![];
        let mut unavailable = 0;
        let mut node_names = std::collections::HashSet::new();
        for node in &nodes {
            let node_name = node.metadata.name.clone().unwrap_or_default();
            node_names.insert(node_name.clone());
            let (schedule, keep) = eligibility(&ds, node);
            let mut here = by_node.remove(&node_name).unwrap_or_default();
            here.sort_by_key(|p| p.metadata.creation_timestamp.as_ref().map(|t| t.0));
            if schedule {
                st.desired_number_scheduled += 1;
            }
            if !keep || (!schedule && here.is_empty()) {
                if !here.is_empty() {
                    st.number_misscheduled += 1;
                }
                deletes.extend(here);
                continue;
            }
            // Failed pods are replaced.
            let (failed, mut live): (Vec<Arc<Pod>>, Vec<Arc<Pod>>) =
                here.into_iter().partition(|p| pods::phase(p) == "Failed");
            deletes.extend(failed);
            if live.is_empty() {
                if schedule {
                    creates.push(node_name.clone());
                    unavailable += 1;
                }
                continue;
            }
            deletes.extend(live.split_off(1));
            let p = &live[0];
            if !schedule {
                st.number_misscheduled += 1;
                continue;
            }
            st.current_number_scheduled += 1;
            let available = pods::is_available(p, min_ready, now);
            if pods::is_ready(p) {
                st.number_ready += 1;
            }
            if available {
                st.number_available = Some(st.number_available.unwrap_or(0) + 1);
            } else {
                unavailable += 1;
            }
            let updated = p.metadata.labels.as_ref().and_then(|l| l.get(HASH_LABEL)) == Some(&hash);
            if updated {
                st.updated_number_scheduled = Some(st.updated_number_scheduled.unwrap_or(0) + 1);
            } else {
                old_pods.push((p.clone(), available));
            }
        }
        // Pods of nodes that are gone.
        for (_, ps) in by_node.drain() {
            deletes.extend(ps);
        }
        // Rolling update: old pods go, unavailable ones first, within maxUnavailable.
        let rolling = spec
            .update_strategy
            .as_ref()
            .and_then(|s| s.type_.as_deref())
            .unwrap_or("RollingUpdate")
            == "RollingUpdate";
        if rolling {
            let ru = spec
                .update_strategy
                .as_ref()
                .and_then(|s| s.rolling_update.as_ref());
            let max_unavailable = scaled_value(
                ru.and_then(|r| r.max_unavailable.as_ref()),
                st.desired_number_scheduled,
                true,
                0,
            )
            .max(1);
            let mut budget = max_unavailable - unavailable;
            old_pods.sort_by_key(|(_, available)| *available);
            for (p, available) in old_pods {
                if !available {
                    deletes.push(p);
                } else if budget > 0 {
                    budget -= 1;
                    deletes.push(p);
                }
            }
        }
        st.number_unavailable =
            Some((st.desired_number_scheduled - st.number_available.unwrap_or(0)).max(0));
        if satisfied {
            let created = join_all(creates.iter().map(|n| {
                let pod = pod_for_node(&ds, n, &hash);
                let api = pod_api.clone();
                async move { api.create(&PostParams::default(), &pod).await }
            }))
            .await;
            let mut names = vec![];
            let mut first_err = None;
            for r in created {
                match r {
                    Ok(p) => {
                        let pod_name = p.metadata.name.unwrap_or_default();
                        self.events.normal(
                            ds.as_ref(),
                            "SuccessfulCreate",
                            format!("Created pod: {pod_name}"),
                        );
                        names.push(pod_name);
                    }
                    Err(e) => {
                        self.events.warning(
                            ds.as_ref(),
                            "FailedCreate",
                            format!("Error creating: {}", api_message(&e)),
                        );
                        first_err.get_or_insert(e);
                    }
                }
            }
            self.expectations.expect_creates(&key, names);
            self.expectations.expect_deletes(
                &key,
                deletes
                    .iter()
                    .map(|p| p.metadata.name.clone().unwrap_or_default()),
            );
            let deleted = join_all(deletes.iter().map(|p| delete_pod(&pod_api, p))).await;
            for (r, p) in deleted.into_iter().zip(&deletes) {
                r?;
                self.events.normal(
                    ds.as_ref(),
                    "SuccessfulDelete",
                    format!("Deleted pod: {}", p.metadata.name.as_deref().unwrap_or("")),
                );
            }
            if let Some(e) = first_err {
                return Err(err(e));
            }
        }
        let old = ds.status.clone().unwrap_or_default();
        let zero_none = |s: &DaemonSetStatus| {
            let mut s = s.clone();
            s.conditions = None;
            s.number_available = s.number_available.filter(|n| *n != 0);
            s.number_unavailable = s.number_unavailable.filter(|n| *n != 0);
            s.updated_number_scheduled = s.updated_number_scheduled.filter(|n| *n != 0);
            s
        };
        if zero_none(&old) != zero_none(&st) {
            st.conditions = old.conditions;
            let mut updated = (*ds).clone();
            updated.status = Some(st);
            Api::<DaemonSet>::namespaced(self.client.clone(), ns)
                .replace_status(name, &PostParams::default(), &updated)
                .await
                .map_err(err)?;
        }
        Ok(Action::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(name: &str, labels: serde_json::Value, taints: serde_json::Value) -> Node {
        serde_json::from_value(
            json!({"metadata": {"name": name, "labels": labels}, "spec": {"taints": taints}}),
        )
        .unwrap()
    }

    fn ds(template_spec: serde_json::Value) -> DaemonSet {
        serde_json::from_value(json!({"metadata": {"name": "agent", "namespace": "kube-system", "uid": "u"},
            "spec": {"selector": {"matchLabels": {"app": "agent"}}, "template": {"metadata": {"labels": {"app": "agent"}}, "spec": template_spec}}}))
        .unwrap()
    }

    #[test]
    fn node_selectors_affinity_and_taints_decide_eligibility() {
        let plain = ds(json!({"containers": []}));
        assert_eq!(
            eligibility(&plain, &node("a", json!({}), json!([]))),
            (true, true)
        );
        let tainted = node(
            "b",
            json!({}),
            json!([{"key": "dedicated", "effect": "NoSchedule"}]),
        );
        assert_eq!(
            eligibility(&plain, &tainted),
            (false, true),
            "NoSchedule: no new pod, a running one stays"
        );
        let evicting = node(
            "c",
            json!({}),
            json!([{"key": "dedicated", "effect": "NoExecute"}]),
        );
        assert_eq!(eligibility(&plain, &evicting), (false, false));
        let unreachable = node(
            "d",
            json!({}),
            json!([{"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}]),
        );
        assert_eq!(
            eligibility(&plain, &unreachable),
            (true, true),
            "daemon pods tolerate unreachable"
        );
        let selective = ds(json!({"containers": [], "nodeSelector": {"disk": "ssd"}}));
        assert_eq!(
            eligibility(&selective, &node("e", json!({"disk": "ssd"}), json!([]))),
            (true, true)
        );
        assert_eq!(
            eligibility(&selective, &node("f", json!({}), json!([]))),
            (false, false)
        );
        let affine = ds(
            json!({"containers": [], "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["z1"]}]}]}}}}),
        );
        assert!(eligibility(&affine, &node("g", json!({"zone": "z1"}), json!([]))).0);
        assert!(!eligibility(&affine, &node("h", json!({"zone": "z2"}), json!([]))).0);
    }

    #[test]
    fn daemon_pods_carry_node_affinity_for_their_node_and_the_daemon_tolerations() {
        let pod = pod_for_node(&ds(json!({"containers": []})), "node-7", "abc");
        assert_eq!(pod_node(&pod).as_deref(), Some("node-7"));
        assert_eq!(pod.metadata.labels.as_ref().unwrap()[HASH_LABEL], "abc");
        let tols = pod.spec.unwrap().tolerations.unwrap();
        assert!(tols.iter().any(
            |t| t.key.as_deref() == Some("node.kubernetes.io/unreachable")
                && t.toleration_seconds.is_none()
        ));
    }
}
