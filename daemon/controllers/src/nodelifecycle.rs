//! The node lifecycle controller: watches each node's heartbeats (its Lease in
//! `kube-node-lease` and its Ready condition's lastHeartbeatTime, timed by this process's clock
//! as Kubernetes does, so clock skew does not matter). A node silent for longer than the grace
//! period gets its conditions set to Unknown and its pods marked not ready. Nodes whose Ready
//! condition is False or Unknown get the `node.kubernetes.io/not-ready` or `unreachable`
//! NoSchedule and NoExecute taints (NoExecute taints at a configurable rate), and pods on a
//! NoExecute-tainted node are evicted once their tolerationSeconds have passed (the taint
//! manager).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::{Node, NodeCondition, ObjectReference, Pod, Taint};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kube::Client;
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams, Preconditions};
use serde_json::json;

use crate::events::{EventType, Recorder};
use crate::runtime::{Action, Informer, WorkQueue, get_by_key, key_of};
use crate::taints;

pub const NOT_READY: &str = "node.kubernetes.io/not-ready";
pub const UNREACHABLE: &str = "node.kubernetes.io/unreachable";

/// Node lifecycle failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("updating node {node}: {source}")]
    Node {
        node: String,
        #[source]
        source: kube::Error,
    },
    #[error("evicting or marking pod {pod}: {source}")]
    Pod {
        pod: String,
        #[source]
        source: kube::Error,
    },
}

/// Settings (Kubernetes: grace 40 s, monitor period 5 s, eviction rate 0.1 nodes/s).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub grace: Duration,
    pub monitor_period: Duration,
    /// Nodes per second that may receive a NoExecute taint.
    pub eviction_rate: f64,
}

#[derive(Debug)]
struct Probe {
    lease_renew: Option<jiff::Timestamp>,
    heartbeat: Option<jiff::Timestamp>,
    changed: Instant,
}

/// A token bucket (burst 1) for NoExecute tainting.
#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// The node lifecycle controller.
pub struct NodeLifecycleController {
    client: Client,
    nodes: Arc<Informer<Node>>,
    leases: Arc<Informer<Lease>>,
    pods: Arc<Informer<Pod>>,
    pub queue: WorkQueue,
    settings: Settings,
    probes: Mutex<HashMap<String, Probe>>,
    pods_by_node: Arc<Mutex<HashMap<String, HashSet<String>>>>,
    bucket: Mutex<Bucket>,
    /// `node-controller`.
    events: Recorder,
    /// `taint-eviction-controller`.
    eviction_events: Recorder,
}

/// The taints a node's Ready condition calls for.
pub fn wanted_taints(ready: &str, now: jiff::Timestamp) -> Vec<Taint> {
    let key = match ready {
        "False" => NOT_READY,
        "Unknown" => UNREACHABLE,
        _ => return vec![],
    };
    ["NoSchedule", "NoExecute"]
        .iter()
        .map(|e| Taint {
            key: key.into(),
            effect: (*e).into(),
            time_added: (*e == "NoExecute").then_some(Time(now)),
            value: None,
        })
        .collect()
}

fn ready_status(node: &Node) -> String {
    node.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|c| c.iter().find(|c| c.type_ == "Ready"))
        .map(|c| c.status.clone())
        .unwrap_or_else(|| "Unknown".into())
}

impl NodeLifecycleController {
    pub fn new(
        client: Client,
        nodes: Arc<Informer<Node>>,
        leases: Arc<Informer<Lease>>,
        pods: Arc<Informer<Pod>>,
        queue: WorkQueue,
        settings: Settings,
        events: Recorder,
    ) -> Arc<Self> {
        let q = queue.clone();
        nodes.on_event(move |_, n, _| q.add(key_of(n)));
        let q = queue.clone();
        leases.on_event(move |_, l, _| {
            if l.metadata.namespace.as_deref() == Some("kube-node-lease") {
                q.add(l.metadata.name.clone().unwrap_or_default());
            }
        });
        let pods_by_node: Arc<Mutex<HashMap<String, HashSet<String>>>> = Arc::default();
        let index = pods_by_node.clone();
        let q = queue.clone();
        let node_cache = nodes.clone();
        pods.on_event(move |old, p, deleted| {
            let Ok(mut idx) = index.lock() else { return };
            let key = key_of(p);
            let node_of = |p: &Pod| {
                p.spec
                    .as_ref()
                    .and_then(|s| s.node_name.clone())
                    .filter(|n| !n.is_empty())
            };
            if let Some(n) = old.and_then(node_of)
                && let Some(set) = idx.get_mut(&n)
            {
                set.remove(&key);
            }
            if let Some(n) = node_of(p) {
                if deleted {
                    if let Some(set) = idx.get_mut(&n) {
                        set.remove(&key);
                    }
                } else {
                    idx.entry(n.clone()).or_default().insert(key);
                    // A pod arriving on a node with NoExecute taints is looked at by its node's
                    // pass (only then: at 150,000 pods a pass per new pod was most of this
                    // controller's work).
                    let tainted = || {
                        get_by_key(&node_cache.store(), &n).is_some_and(|node| {
                            node.spec
                                .as_ref()
                                .and_then(|s| s.taints.as_ref())
                                .is_some_and(|ts| ts.iter().any(|t| t.effect == "NoExecute"))
                        })
                    };
                    if old.is_none() && tainted() {
                        q.add(n);
                    }
                }
            }
        });
        Arc::new(NodeLifecycleController {
            client,
            nodes,
            leases,
            pods,
            queue,
            settings,
            probes: Mutex::default(),
            pods_by_node,
            bucket: Mutex::new(Bucket {
                tokens: 1.0,
                last: Instant::now(),
            }),
            eviction_events: events.for_component("taint-eviction-controller"),
            events: events.for_component("node-controller"),
        })
    }

    /// Every node (the monitor pass).
    pub fn keys(&self) -> Vec<String> {
        self.nodes
            .store()
            .state()
            .iter()
            .map(|n| key_of(n.as_ref()))
            .collect()
    }

    fn take_token(&self) -> Option<Duration> {
        let Ok(mut b) = self.bucket.lock() else {
            return None;
        };
        let rate = self.settings.eviction_rate.max(1e-6);
        let now = Instant::now();
        b.tokens = (b.tokens + now.duration_since(b.last).as_secs_f64() * rate).min(1.0);
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            None
        } else {
            Some(Duration::from_secs_f64((1.0 - b.tokens) / rate))
        }
    }

    pub async fn reconcile(&self, name: String) -> Result<Action, Error> {
        // Every node passes here every monitor period and on each of its Lease renewals: the
        // cached node is only read, and copied only when it has to be written.
        let Some(mut node) = get_by_key(&self.nodes.store(), &name) else {
            if let Ok(mut p) = self.probes.lock() {
                p.remove(&name);
            }
            return Ok(Action::Done);
        };
        let now = crate::runtime::now();
        let renew = get_by_key(&self.leases.store(), &format!("kube-node-lease/{name}"))
            .and_then(|l| l.spec.as_ref()?.renew_time.as_ref().map(|t| t.0));
        let heartbeat = node
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .and_then(|c| c.iter().find(|c| c.type_ == "Ready"))
            .and_then(|c| c.last_heartbeat_time.as_ref().map(|t| t.0));
        let silent_for = {
            let Ok(mut probes) = self.probes.lock() else {
                return Ok(Action::Done);
            };
            if !probes.contains_key(&name) {
                probes.insert(
                    name.clone(),
                    Probe {
                        lease_renew: renew,
                        heartbeat,
                        changed: Instant::now(),
                    },
                );
            }
            let Some(p) = probes.get_mut(&name) else {
                return Ok(Action::Done);
            };
            if p.lease_renew != renew || p.heartbeat != heartbeat {
                p.lease_renew = renew;
                p.heartbeat = heartbeat;
                p.changed = Instant::now();
            }
            p.changed.elapsed()
        };
        let nodes: Api<Node> = Api::all(self.client.clone());
        let mut action = Action::RequeueAfter(
            self.settings.grace.saturating_sub(silent_for) + Duration::from_millis(100),
        )
        .min(Action::RequeueAfter(self.settings.monitor_period));
        if silent_for > self.settings.grace && ready_status(&node) != "Unknown" {
            let mut unknown = (*node).clone();
            let status = unknown.status.get_or_insert_with(Default::default);
            let conds = status.conditions.get_or_insert_with(Vec::new);
            if !conds.iter().any(|c| c.type_ == "Ready") {
                conds.push(NodeCondition {
                    type_: "Ready".into(),
                    status: "Unknown".into(),
                    reason: Some("NodeStatusNeverUpdated".into()),
                    message: Some("Kubelet never posted node status.".into()),
                    last_transition_time: Some(Time(now)),
                    last_heartbeat_time: None,
                });
            }
            for c in conds.iter_mut().filter(|c| {
                matches!(
                    c.type_.as_str(),
                    "Ready" | "MemoryPressure" | "DiskPressure" | "PIDPressure"
                )
            }) {
                if c.status != "Unknown" {
                    c.status = "Unknown".into();
                    c.reason = Some("NodeStatusUnknown".into());
                    c.message = Some("Kubelet stopped posting node status.".into());
                    c.last_transition_time = Some(Time(now));
                }
            }
            node = Arc::new(
                nodes
                    .replace_status(&name, &PostParams::default(), &unknown)
                    .await
                    .map_err(|source| Error::Node {
                        node: name.clone(),
                        source,
                    })?,
            );
            // Upstream's node references carry the node's name as uid.
            let reference = ObjectReference {
                api_version: Some("v1".into()),
                kind: Some("Node".into()),
                name: Some(name.clone()),
                uid: Some(name.clone()),
                ..ObjectReference::default()
            };
            self.events.record(
                reference,
                EventType::Normal,
                "NodeNotReady",
                format!("Node {name} status is now: NodeNotReady"),
            );
            self.mark_pods_not_ready(&name).await?;
        }
        // Taints from the Ready condition.
        let ready = ready_status(&node);
        let wanted = wanted_taints(&ready, now);
        let current: Vec<Taint> = node
            .spec
            .as_ref()
            .and_then(|s| s.taints.clone())
            .unwrap_or_default();
        let ours = |t: &Taint| t.key == NOT_READY || t.key == UNREACHABLE;
        let same = |a: &Taint, b: &Taint| a.key == b.key && a.effect == b.effect;
        let has_all = wanted.iter().all(|w| current.iter().any(|c| same(c, w)));
        let has_extra = current
            .iter()
            .filter(|c| ours(c))
            .any(|c| !wanted.iter().any(|w| same(c, w)));
        if !has_all || has_extra {
            let adds_no_execute = wanted
                .iter()
                .any(|w| w.effect == "NoExecute" && !current.iter().any(|c| same(c, w)));
            let wait = if adds_no_execute {
                self.take_token()
            } else {
                None
            };
            if let Some(wait) = wait {
                action = action.min(Action::RequeueAfter(wait));
            } else {
                let mut taints: Vec<Taint> = current
                    .iter()
                    .filter(|c| !ours(c) || wanted.iter().any(|w| same(c, w)))
                    .cloned()
                    .collect();
                for w in &wanted {
                    if !taints.iter().any(|c| same(c, w)) {
                        taints.push(w.clone());
                    }
                }
                let patch = json!({"spec": {"taints": taints}, "metadata": {"resourceVersion": node.metadata.resource_version}});
                node = Arc::new(
                    nodes
                        .patch(&name, &PatchParams::default(), &Patch::Merge(&patch))
                        .await
                        .map_err(|source| Error::Node {
                            node: name.clone(),
                            source,
                        })?,
                );
            }
        }
        // Evictions (the taint manager).
        let no_execute: Vec<Taint> = node
            .spec
            .as_ref()
            .and_then(|s| s.taints.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|t| t.effect == "NoExecute")
            .collect();
        if !no_execute.is_empty() {
            let keys: Vec<String> = self
                .pods_by_node
                .lock()
                .map(|i| i.get(&name).into_iter().flatten().cloned().collect())
                .unwrap_or_default();
            for key in keys {
                let Some(pod) = get_by_key(&self.pods.store(), &key) else {
                    continue;
                };
                if pod.metadata.deletion_timestamp.is_some() {
                    continue;
                }
                let tols = pod
                    .spec
                    .as_ref()
                    .and_then(|s| s.tolerations.clone())
                    .unwrap_or_default();
                let evict_in = match taints::no_execute_allowance(&tols, &no_execute) {
                    None => Some(0),
                    Some(None) => None,
                    Some(Some(secs)) => {
                        let since = no_execute
                            .iter()
                            .filter_map(|t| t.time_added.as_ref().map(|t| t.0))
                            .min()
                            .unwrap_or(now);
                        Some(secs - crate::runtime::seconds_since(since, now))
                    }
                };
                match evict_in {
                    Some(left) if left <= 0 => self.evict(&pod).await?,
                    Some(left) => {
                        action = action.min(Action::RequeueAfter(Duration::from_secs(
                            left.unsigned_abs(),
                        )))
                    }
                    None => {}
                }
            }
        }
        Ok(action)
    }

    async fn evict(&self, pod: &Pod) -> Result<(), Error> {
        let ns = pod.metadata.namespace.clone().unwrap_or_default();
        let name = pod.metadata.name.clone().unwrap_or_default();
        let dp = DeleteParams {
            preconditions: Some(Preconditions {
                uid: pod.metadata.uid.clone(),
                resource_version: None,
            }),
            ..DeleteParams::default()
        };
        tracing::info!(pod = %format!("{ns}/{name}"), "evicting pod from a NoExecute-tainted node");
        self.eviction_events.normal(
            pod,
            "TaintManagerEviction",
            format!("Marking for deletion Pod {ns}/{name}"),
        );
        match Api::<Pod>::namespaced(self.client.clone(), &ns)
            .delete(&name, &dp)
            .await
        {
            Ok(_) => Ok(()),
            Err(kube::Error::Api(s)) if s.code == 404 || s.code == 409 => Ok(()),
            Err(source) => Err(Error::Pod {
                pod: format!("{ns}/{name}"),
                source,
            }),
        }
    }

    /// Sets Ready=False on the pods of an unreachable node (Kubernetes' `MarkPodsNotReady`).
    async fn mark_pods_not_ready(&self, node: &str) -> Result<(), Error> {
        let keys: Vec<String> = self
            .pods_by_node
            .lock()
            .map(|i| i.get(node).into_iter().flatten().cloned().collect())
            .unwrap_or_default();
        let now = crate::runtime::now();
        for key in keys {
            let Some(pod) = get_by_key(&self.pods.store(), &key) else {
                continue;
            };
            let mut updated = (*pod).clone();
            let Some(conds) = updated.status.as_mut().and_then(|s| s.conditions.as_mut()) else {
                continue;
            };
            let mut changed = false;
            for c in conds
                .iter_mut()
                .filter(|c| c.type_ == "Ready" && c.status != "False")
            {
                c.status = "False".into();
                c.last_transition_time = Some(Time(now));
                changed = true;
            }
            if !changed {
                continue;
            }
            let ns = pod.metadata.namespace.clone().unwrap_or_default();
            let name = pod.metadata.name.clone().unwrap_or_default();
            match Api::<Pod>::namespaced(self.client.clone(), &ns)
                .replace_status(&name, &PostParams::default(), &updated)
                .await
            {
                Ok(_) => {}
                Err(kube::Error::Api(s)) if s.code == 404 || s.code == 409 => {}
                Err(source) => return Err(Error::Pod { pod: key, source }),
            }
            self.events
                .warning(pod.as_ref(), "NodeNotReady", "Node is not ready".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_not_ready_node_is_tainted_not_ready_and_an_unknown_one_unreachable() {
        let now = jiff::Timestamp::UNIX_EPOCH;
        assert!(wanted_taints("True", now).is_empty());
        let t = wanted_taints("False", now);
        assert_eq!(
            t.iter()
                .map(|t| (t.key.as_str(), t.effect.as_str()))
                .collect::<Vec<_>>(),
            [(NOT_READY, "NoSchedule"), (NOT_READY, "NoExecute")]
        );
        let t = wanted_taints("Unknown", now);
        assert!(t.iter().all(|t| t.key == UNREACHABLE));
        assert!(
            t.iter()
                .find(|t| t.effect == "NoExecute")
                .unwrap()
                .time_added
                .is_some()
        );
    }
}
