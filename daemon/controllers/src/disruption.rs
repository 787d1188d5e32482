//! The disruption controller: PodDisruptionBudget status — expectedPods, desiredHealthy,
//! currentHealthy, disruptionsAllowed (which the API server's eviction reads), the disrupted
//! pods still in flight, and the DisruptionAllowed condition.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{Pod, ReplicationController};
use k8s_openapi::api::policy::v1::{PodDisruptionBudget, PodDisruptionBudgetStatus};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{Condition, Time};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use kube::Client;
use kube::api::{Api, PostParams};

use crate::pods;
use crate::runtime::{Action, Informer, WorkQueue, get_by_key, key_of, split_key};

/// How long an eviction's entry in disruptedPods counts (Kubernetes' DeletionTimeout).
const DELETION_TIMEOUT_SECS: i64 = 120;

/// Disruption controller failures.
#[derive(Debug, thiserror::Error)]
#[error("updating the status of PodDisruptionBudget {key}: {source}")]
pub struct Error {
    key: String,
    #[source]
    source: kube::Error,
}

/// (expectedPods, desiredHealthy) from the budget, the matching pods and their controllers'
/// total scale (needed for maxUnavailable and percentages).
pub fn expected_and_desired(
    pdb: &PodDisruptionBudget,
    pod_count: i32,
    controllers_scale: i32,
) -> (i32, i32) {
    let spec = pdb.spec.clone().unwrap_or_default();
    let pct = |v: &str, total: i32| -> i32 {
        let p: i64 = v.trim_end_matches('%').parse().unwrap_or(0);
        i32::try_from((p * i64::from(total) + 99) / 100).unwrap_or(i32::MAX)
    };
    match (&spec.max_unavailable, &spec.min_available) {
        (Some(mu), _) => {
            let expected = controllers_scale;
            let max = match mu {
                IntOrString::Int(i) => *i,
                IntOrString::String(s) => pct(s, expected),
            };
            (expected, (expected - max).max(0))
        }
        (None, Some(IntOrString::Int(i))) => (pod_count, *i),
        (None, Some(IntOrString::String(s))) => (controllers_scale, pct(s, controllers_scale)),
        (None, None) => (pod_count, 0),
    }
}

pub struct DisruptionController {
    client: Client,
    pdbs: Arc<Informer<PodDisruptionBudget>>,
    pods: Arc<Informer<Pod>>,
    replicasets: Arc<Informer<ReplicaSet>>,
    deployments: Arc<Informer<Deployment>>,
    rcs: Arc<Informer<ReplicationController>>,
    statefulsets: Arc<Informer<StatefulSet>>,
    pub queue: WorkQueue,
}

impl DisruptionController {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        client: Client,
        pdbs: Arc<Informer<PodDisruptionBudget>>,
        pods: Arc<Informer<Pod>>,
        replicasets: Arc<Informer<ReplicaSet>>,
        deployments: Arc<Informer<Deployment>>,
        rcs: Arc<Informer<ReplicationController>>,
        statefulsets: Arc<Informer<StatefulSet>>,
        queue: WorkQueue,
    ) -> Arc<Self> {
        let q = queue.clone();
        pdbs.on_event(move |_, p, _| q.add(key_of(p)));
        let c = Arc::new(DisruptionController {
            client,
            pdbs: pdbs.clone(),
            pods: pods.clone(),
            replicasets,
            deployments,
            rcs,
            statefulsets,
            queue,
        });
        let weak = Arc::downgrade(&c);
        pods.on_event(move |old, p, _| {
            let Some(c) = weak.upgrade() else { return };
            let ns = p.metadata.namespace.as_deref().unwrap_or("");
            for pdb in c.pdbs.list_namespace(ns) {
                let sel = pdb.spec.as_ref().and_then(|s| s.selector.as_ref());
                if old
                    .into_iter()
                    .chain(std::iter::once(p))
                    .any(|x| pods::selector_matches(sel, x.metadata.labels.as_ref()))
                {
                    c.queue.add(key_of(pdb.as_ref()));
                }
            }
        });
        c
    }

    pub fn keys(&self) -> Vec<String> {
        self.pdbs
            .store()
            .state()
            .iter()
            .map(|p| key_of(p.as_ref()))
            .collect()
    }

    /// The scale of a pod's controller (a ReplicaSet's Deployment when it has one).
    fn controller_scale(&self, ns: &str, pod: &Pod, seen: &mut HashSet<String>) -> i32 {
        let Some(r) = pods::controller_ref(&pod.metadata) else {
            return 0;
        };
        let get = |kind: &str, name: &str| -> Option<(String, i32)> {
            let key = format!("{ns}/{name}");
            match kind {
                "ReplicaSet" => {
                    let rs = get_by_key(&self.replicasets.store(), &key)?;
                    if let Some(d) =
                        pods::controller_ref(&rs.metadata).filter(|d| d.kind == "Deployment")
                    {
                        let dep =
                            get_by_key(&self.deployments.store(), &format!("{ns}/{}", d.name))?;
                        return Some((
                            dep.metadata.uid.clone()?,
                            dep.spec.as_ref()?.replicas.unwrap_or(1),
                        ));
                    }
                    Some((
                        rs.metadata.uid.clone()?,
                        rs.spec.as_ref()?.replicas.unwrap_or(1),
                    ))
                }
                "ReplicationController" => {
                    let rc = get_by_key(&self.rcs.store(), &key)?;
                    Some((
                        rc.metadata.uid.clone()?,
                        rc.spec.as_ref()?.replicas.unwrap_or(1),
                    ))
                }
                "StatefulSet" => {
                    let s = get_by_key(&self.statefulsets.store(), &key)?;
                    Some((
                        s.metadata.uid.clone()?,
                        s.spec.as_ref()?.replicas.unwrap_or(1),
                    ))
                }
                _ => None,
            }
        };
        match get(&r.kind, &r.name) {
            Some((uid, n)) if seen.insert(uid.clone()) => n,
            _ => 0,
        }
    }

    pub async fn reconcile(&self, key: String) -> Result<Action, Error> {
        let Some(pdb) = get_by_key(&self.pdbs.store(), &key) else {
            return Ok(Action::Done);
        };
        let (ns, name) = split_key(&key);
        let sel = pdb.spec.as_ref().and_then(|s| s.selector.clone());
        let matching: Vec<Arc<Pod>> = self
            .pods
            .list_namespace(ns)
            .into_iter()
            .filter(|p| pods::selector_matches(sel.as_ref(), p.metadata.labels.as_ref()))
            .collect();
        let mut seen = HashSet::new();
        let scale: i32 = matching
            .iter()
            .map(|p| self.controller_scale(ns, p, &mut seen))
            .sum();
        let count = i32::try_from(matching.len()).unwrap_or(i32::MAX);
        let (expected, desired) = expected_and_desired(&pdb, count, scale);
        let now = crate::runtime::now();
        let old = pdb.status.clone().unwrap_or_default();
        // Evictions in flight: pods the API server let go that have not gone yet.
        let live: HashSet<&str> = matching
            .iter()
            .filter(|p| p.metadata.deletion_timestamp.is_none())
            .filter_map(|p| p.metadata.name.as_deref())
            .collect();
        let disrupted: BTreeMap<String, Time> = old
            .disrupted_pods
            .clone()
            .unwrap_or_default()
            .into_iter()
            .filter(|(pod, t)| {
                live.contains(pod.as_str())
                    && crate::runtime::seconds_since(t.0, now) < DELETION_TIMEOUT_SECS
            })
            .collect();
        let healthy = i32::try_from(
            matching
                .iter()
                .filter(|p| {
                    p.metadata.deletion_timestamp.is_none()
                        && pods::is_ready(p)
                        && !disrupted.contains_key(p.metadata.name.as_deref().unwrap_or(""))
                })
                .count(),
        )
        .unwrap_or(0);
        let allowed = (healthy - desired).max(0);
        let (cstatus, reason) = if allowed > 0 {
            ("True", "SufficientPods")
        } else {
            ("False", "InsufficientPods")
        };
        let mut conditions = old.conditions.clone().unwrap_or_default();
        let changed_cond = conditions
            .iter()
            .find(|c| c.type_ == "DisruptionAllowed")
            .is_none_or(|c| c.status != cstatus || c.reason != reason);
        if changed_cond {
            conditions.retain(|c| c.type_ != "DisruptionAllowed");
            conditions.push(Condition {
                type_: "DisruptionAllowed".into(),
                status: cstatus.into(),
                reason: reason.into(),
                message: String::new(),
                last_transition_time: Time(now),
                observed_generation: pdb.metadata.generation,
            });
        }
        let status = PodDisruptionBudgetStatus {
            observed_generation: pdb.metadata.generation,
            current_healthy: healthy,
            desired_healthy: desired,
            expected_pods: expected,
            disruptions_allowed: allowed,
            disrupted_pods: (!disrupted.is_empty()).then_some(disrupted.clone()),
            conditions: Some(conditions),
        };
        if pdb.status.as_ref() != Some(&status) {
            let mut updated = (*pdb).clone();
            updated.status = Some(status);
            Api::<PodDisruptionBudget>::namespaced(self.client.clone(), ns)
                .replace_status(name, &PostParams::default(), &updated)
                .await
                .map_err(|source| Error {
                    key: key.clone(),
                    source,
                })?;
        }
        // Entries of disruptedPods expire: look again then.
        let next = disrupted
            .values()
            .map(|t| DELETION_TIMEOUT_SECS - crate::runtime::seconds_since(t.0, now))
            .min();
        Ok(next.map_or(Action::Done, |s| {
            Action::RequeueAfter(Duration::from_secs(s.unsigned_abs().max(1)))
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pdb(spec: serde_json::Value) -> PodDisruptionBudget {
        serde_json::from_value(json!({"metadata": {"name": "p"}, "spec": spec})).unwrap()
    }

    #[test]
    fn min_available_counts_pods_and_max_unavailable_counts_the_controllers_scale() {
        assert_eq!(
            expected_and_desired(&pdb(json!({"minAvailable": 2})), 3, 5),
            (3, 2)
        );
        assert_eq!(
            expected_and_desired(&pdb(json!({"minAvailable": "50%"})), 3, 5),
            (5, 3),
            "percentages round up"
        );
        assert_eq!(
            expected_and_desired(&pdb(json!({"maxUnavailable": 1})), 3, 5),
            (5, 4)
        );
        assert_eq!(
            expected_and_desired(&pdb(json!({"maxUnavailable": "25%"})), 4, 4),
            (4, 3)
        );
    }
}
