//! The scheduling framework: one small trait per extension point (PreFilter, Filter, PreScore /
//! Score / NormalizeScore, Reserve, Bind), outcomes as a [`Status`] rather than `Err`, a per-cycle
//! [`CycleState`], and the read-only view of the cluster a cycle sees ([`Snapshot`] of
//! [`NodeInfo`]s holding [`PodInfo`]s precomputed once per pod).

use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{Node, Pod, Taint, Toleration};

use crate::counts::CountIndex;
use crate::resources::{Resource, pod_requests};
use crate::selectors::{Labels, NodeTerm, Selector};

/// The highest score a Score plugin gives a node after normalizing.
pub const MAX_NODE_SCORE: i64 = 100;

/// What a plugin concluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    Success,
    /// Internal failure: the pod is retried with backoff.
    Error,
    /// The node does not fit now; preemption may help.
    Unschedulable,
    /// The node does not fit and preemption cannot change that.
    UnschedulableAndUnresolvable,
    /// The plugin has nothing to do for this pod (its later extension points are skipped).
    Skip,
}

/// A plugin's outcome with the reasons shown to users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub code: Code,
    pub reasons: Vec<String>,
    /// The plugin that returned it (empty for Success).
    pub plugin: &'static str,
}

impl Status {
    pub const fn success() -> Status {
        Status {
            code: Code::Success,
            reasons: Vec::new(),
            plugin: "",
        }
    }

    pub fn new(code: Code, reason: impl Into<String>) -> Status {
        Status {
            code,
            reasons: vec![reason.into()],
            plugin: "",
        }
    }

    pub fn with_reasons(code: Code, reasons: Vec<String>) -> Status {
        Status {
            code,
            reasons,
            plugin: "",
        }
    }

    pub fn skip() -> Status {
        Status {
            code: Code::Skip,
            reasons: Vec::new(),
            plugin: "",
        }
    }

    pub fn is_success(&self) -> bool {
        self.code == Code::Success
    }

    /// Unschedulable or UnschedulableAndUnresolvable.
    pub fn is_rejected(&self) -> bool {
        matches!(
            self.code,
            Code::Unschedulable | Code::UnschedulableAndUnresolvable
        )
    }

    /// The reasons joined as upstream's Status.Message().
    pub fn message(&self) -> String {
        self.reasons.join(", ")
    }
}

/// Per-cycle data plugins compute in PreFilter/PreScore and read in Filter/Score.
#[derive(Default)]
pub struct CycleState {
    data: Vec<(&'static str, Box<dyn Any + Send + Sync>)>,
    skip_filter: Vec<&'static str>,
    skip_score: Vec<&'static str>,
}

impl CycleState {
    pub fn write<T: Any + Send + Sync>(&mut self, key: &'static str, value: T) {
        if let Some(slot) = self.data.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = Box::new(value);
        } else {
            self.data.push((key, Box::new(value)));
        }
    }

    pub fn read<T: Any>(&self, key: &'static str) -> Option<&T> {
        self.data
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v.downcast_ref())
    }

    pub fn skip_filter(&mut self, plugin: &'static str) {
        self.skip_filter.push(plugin);
    }
    pub fn filter_skipped(&self, plugin: &'static str) -> bool {
        self.skip_filter.contains(&plugin)
    }
    pub fn skip_score(&mut self, plugin: &'static str) {
        self.skip_score.push(plugin);
    }
    pub fn score_skipped(&self, plugin: &'static str) -> bool {
        self.skip_score.contains(&plugin)
    }
}

/// One pod-affinity term compiled: selector, namespaces, topology key.
#[derive(Clone, Debug)]
pub struct AffinityTerm {
    pub selector: Selector,
    pub namespaces: Vec<String>,
    /// `None`: only `namespaces`; `Some(everything)`: all namespaces.
    pub namespace_selector: Option<Selector>,
    pub topology_key: String,
    pub weight: i32,
}

impl AffinityTerm {
    fn compile(
        t: &k8s_openapi::api::core::v1::PodAffinityTerm,
        pod_ns: &str,
        pod_labels: &Labels,
        weight: i32,
    ) -> AffinityTerm {
        let mut selector = Selector::from_label_selector(t.label_selector.as_ref());
        if t.label_selector.is_some() {
            for k in t.match_label_keys.iter().flatten() {
                if let Some(v) = pod_labels.get(k) {
                    selector.add_requirement(k, v, true);
                }
            }
            for k in t.mismatch_label_keys.iter().flatten() {
                if let Some(v) = pod_labels.get(k) {
                    selector.add_requirement(k, v, false);
                }
            }
        }
        let mut namespaces = t.namespaces.clone().unwrap_or_default();
        let namespace_selector = t
            .namespace_selector
            .as_ref()
            .map(|s| Selector::from_label_selector(Some(s)));
        if namespaces.is_empty() && namespace_selector.is_none() {
            namespaces.push(pod_ns.to_string());
        }
        AffinityTerm {
            selector,
            namespaces,
            namespace_selector,
            topology_key: t.topology_key.clone(),
            weight,
        }
    }

    /// Whether `pod` (in a namespace labelled `ns_labels`) is selected by this term.
    pub fn matches(&self, pod: &PodInfo, ns_labels: Option<&Labels>) -> bool {
        let ns_ok = self.namespaces.contains(&pod.namespace)
            || self
                .namespace_selector
                .as_ref()
                .is_some_and(|s| s.is_everything() || ns_labels.is_some_and(|l| s.matches(l)));
        ns_ok && self.selector.matches(&pod.labels)
    }
}

/// A host port a pod asks for (protocol, host IP, port).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPort {
    pub protocol: String,
    pub ip: String,
    pub port: i32,
}

impl HostPort {
    pub fn conflicts(&self, o: &HostPort) -> bool {
        self.port == o.port
            && self.protocol == o.protocol
            && (self.ip == o.ip || self.ip == "0.0.0.0" || o.ip == "0.0.0.0")
    }
}

/// A pod with everything the plugins need precomputed once.
#[derive(Debug)]
pub struct PodInfo {
    pub pod: Arc<Pod>,
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub labels: Labels,
    pub priority: i32,
    pub requests: Resource,
    pub non_zero_requests: Resource,
    pub host_ports: Vec<HostPort>,
    pub required_affinity: Vec<AffinityTerm>,
    pub required_anti_affinity: Vec<AffinityTerm>,
    pub preferred_affinity: Vec<AffinityTerm>,
    pub preferred_anti_affinity: Vec<AffinityTerm>,
    /// Required node affinity terms (ORed); empty means none.
    pub required_node_terms: Vec<NodeTerm>,
    pub has_required_node_affinity: bool,
    pub preferred_node_terms: Vec<(i32, NodeTerm)>,
    pub node_selector: Labels,
    pub tolerations: Vec<Toleration>,
    pub terminating: bool,
}

impl PodInfo {
    pub fn new(pod: Arc<Pod>) -> PodInfo {
        let meta = &pod.metadata;
        let namespace = meta.namespace.clone().unwrap_or_else(|| "default".into());
        let labels = meta.labels.clone().unwrap_or_default();
        let spec = pod.spec.as_ref();
        let mut host_ports = Vec::new();
        let mut required_node_terms = Vec::new();
        let mut has_required_node_affinity = false;
        let mut preferred_node_terms = Vec::new();
        let (mut ra, mut raa, mut pa, mut paa) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        if let Some(spec) = spec {
            for c in spec
                .init_containers
                .iter()
                .flatten()
                .chain(spec.containers.iter())
            {
                for p in c.ports.iter().flatten() {
                    if let Some(hp) = p.host_port.filter(|p| *p > 0) {
                        host_ports.push(HostPort {
                            protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                            ip: p
                                .host_ip
                                .clone()
                                .filter(|s| !s.is_empty())
                                .unwrap_or_else(|| "0.0.0.0".into()),
                            port: hp,
                        });
                    }
                }
            }
            if let Some(aff) = spec.affinity.as_ref() {
                if let Some(na) = aff.node_affinity.as_ref() {
                    if let Some(req) = na
                        .required_during_scheduling_ignored_during_execution
                        .as_ref()
                    {
                        has_required_node_affinity = true;
                        required_node_terms = req
                            .node_selector_terms
                            .iter()
                            .map(NodeTerm::compile)
                            .collect();
                    }
                    for p in na
                        .preferred_during_scheduling_ignored_during_execution
                        .iter()
                        .flatten()
                    {
                        preferred_node_terms.push((p.weight, NodeTerm::compile(&p.preference)));
                    }
                }
                if let Some(a) = aff.pod_affinity.as_ref() {
                    for t in a
                        .required_during_scheduling_ignored_during_execution
                        .iter()
                        .flatten()
                    {
                        ra.push(AffinityTerm::compile(t, &namespace, &labels, 1));
                    }
                    for t in a
                        .preferred_during_scheduling_ignored_during_execution
                        .iter()
                        .flatten()
                    {
                        pa.push(AffinityTerm::compile(
                            &t.pod_affinity_term,
                            &namespace,
                            &labels,
                            t.weight,
                        ));
                    }
                }
                if let Some(a) = aff.pod_anti_affinity.as_ref() {
                    for t in a
                        .required_during_scheduling_ignored_during_execution
                        .iter()
                        .flatten()
                    {
                        raa.push(AffinityTerm::compile(t, &namespace, &labels, 1));
                    }
                    for t in a
                        .preferred_during_scheduling_ignored_during_execution
                        .iter()
                        .flatten()
                    {
                        paa.push(AffinityTerm::compile(
                            &t.pod_affinity_term,
                            &namespace,
                            &labels,
                            t.weight,
                        ));
                    }
                }
            }
        }
        PodInfo {
            namespace,
            name: meta.name.clone().unwrap_or_default(),
            uid: meta.uid.clone().unwrap_or_default(),
            labels,
            priority: spec.and_then(|s| s.priority).unwrap_or(0),
            requests: pod_requests(&pod, false),
            non_zero_requests: pod_requests(&pod, true),
            host_ports,
            required_affinity: ra,
            required_anti_affinity: raa,
            preferred_affinity: pa,
            preferred_anti_affinity: paa,
            required_node_terms,
            has_required_node_affinity,
            preferred_node_terms,
            node_selector: spec
                .and_then(|s| s.node_selector.clone())
                .unwrap_or_default(),
            tolerations: spec.and_then(|s| s.tolerations.clone()).unwrap_or_default(),
            terminating: meta.deletion_timestamp.is_some(),
            pod,
        }
    }

    /// `namespace/name`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    pub fn has_affinity(&self) -> bool {
        !(self.required_affinity.is_empty()
            && self.required_anti_affinity.is_empty()
            && self.preferred_affinity.is_empty()
            && self.preferred_anti_affinity.is_empty())
    }

    /// Whether the pod's nodeSelector and required node affinity both accept the node.
    pub fn matches_node_selector_and_affinity(&self, node_name: &str, labels: &Labels) -> bool {
        if !self
            .node_selector
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
        {
            return false;
        }
        !self.has_required_node_affinity
            || crate::selectors::any_term_matches(&self.required_node_terms, node_name, labels)
    }
}

/// Whether a toleration tolerates a taint (upstream's ToleratesTaint).
pub fn tolerates(t: &Toleration, taint: &Taint) -> bool {
    if let Some(e) = t.effect.as_deref().filter(|e| !e.is_empty())
        && e != taint.effect
    {
        return false;
    }
    let key = t.key.as_deref().unwrap_or("");
    if !key.is_empty() && key != taint.key {
        return false;
    }
    match t.operator.as_deref().unwrap_or("Equal") {
        "Exists" => true,
        "Equal" | "" => key_value_eq(t.value.as_deref(), taint.value.as_deref()),
        _ => false,
    }
}

fn key_value_eq(a: Option<&str>, b: Option<&str>) -> bool {
    a.unwrap_or("") == b.unwrap_or("")
}

/// The first taint with one of `effects` that no toleration tolerates.
pub fn find_untolerated<'a>(
    taints: &'a [Taint],
    tolerations: &[Toleration],
    effects: &[&str],
) -> Option<&'a Taint> {
    taints.iter().find(|taint| {
        effects.contains(&taint.effect.as_str()) && !tolerations.iter().any(|t| tolerates(t, taint))
    })
}

/// One node with the pods placed on it and their sums.
#[derive(Clone, Debug)]
pub struct NodeInfo {
    pub node: Arc<Node>,
    pub name: String,
    pub labels: Labels,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
    pub allocatable: Resource,
    pub requested: Resource,
    pub non_zero_requested: Resource,
    pub pods: Vec<Arc<PodInfo>>,
    pub pods_with_affinity: Vec<Arc<PodInfo>>,
    pub pods_with_required_anti_affinity: Vec<Arc<PodInfo>>,
    pub used_ports: Vec<HostPort>,
}

impl NodeInfo {
    pub fn new(node: Arc<Node>) -> NodeInfo {
        let mut n = NodeInfo {
            name: String::new(),
            labels: Labels::new(),
            taints: Vec::new(),
            unschedulable: false,
            allocatable: Resource::default(),
            requested: Resource::default(),
            non_zero_requested: Resource::default(),
            pods: Vec::new(),
            pods_with_affinity: Vec::new(),
            pods_with_required_anti_affinity: Vec::new(),
            used_ports: Vec::new(),
            node: node.clone(),
        };
        n.set_node(node);
        n
    }

    /// Replaces the Node object, keeping the pods.
    pub fn set_node(&mut self, node: Arc<Node>) {
        self.name = node.metadata.name.clone().unwrap_or_default();
        self.labels = node.metadata.labels.clone().unwrap_or_default();
        let spec = node.spec.as_ref();
        self.taints = spec.and_then(|s| s.taints.clone()).unwrap_or_default();
        self.unschedulable = spec.and_then(|s| s.unschedulable).unwrap_or(false);
        self.allocatable = Resource::from_list(
            node.status
                .as_ref()
                .and_then(|s| s.allocatable.as_ref().or(s.capacity.as_ref())),
        );
        self.node = node;
    }

    pub fn add_pod(&mut self, p: Arc<PodInfo>) {
        self.requested.add(&p.requests);
        self.non_zero_requested.add(&p.non_zero_requests);
        self.used_ports.extend(p.host_ports.iter().cloned());
        if p.has_affinity() {
            self.pods_with_affinity.push(p.clone());
        }
        if !p.required_anti_affinity.is_empty() {
            self.pods_with_required_anti_affinity.push(p.clone());
        }
        self.pods.push(p);
    }

    /// Removes the pod with `uid`; false when it is not here.
    pub fn remove_pod(&mut self, uid: &str) -> bool {
        self.take_pod(uid).is_some()
    }

    /// Removes the pod with `uid` and hands it back.
    pub fn take_pod(&mut self, uid: &str) -> Option<Arc<PodInfo>> {
        let i = self.pods.iter().position(|p| p.uid == uid)?;
        let p = self.pods.swap_remove(i);
        self.requested.sub(&p.requests);
        self.non_zero_requested.sub(&p.non_zero_requests);
        for hp in &p.host_ports {
            if let Some(j) = self.used_ports.iter().position(|u| u == hp) {
                self.used_ports.swap_remove(j);
            }
        }
        self.pods_with_affinity.retain(|q| q.uid != uid);
        self.pods_with_required_anti_affinity
            .retain(|q| q.uid != uid);
        Some(p)
    }
}

/// The nodes (and namespaces' labels) one scheduling cycle sees. One node may be replaced by a
/// modified copy (preemption's "what if these pods were gone").
#[derive(Clone, Copy)]
pub struct Snapshot<'a> {
    pub nodes: &'a [NodeInfo],
    pub replaced: Option<(usize, &'a NodeInfo)>,
    pub namespaces: &'a HashMap<String, Labels>,
    /// The cache's incremental counts (absent in tests and what-if views: plugins then scan).
    pub index: Option<&'a CountIndex>,
}

impl<'a> Snapshot<'a> {
    pub fn len(&self) -> usize {
        self.nodes.len()
    }
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
    pub fn get(&self, i: usize) -> &'a NodeInfo {
        match self.replaced {
            Some((j, n)) if j == i => n,
            _ => &self.nodes[i],
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = &'a NodeInfo> + '_ {
        (0..self.nodes.len()).map(|i| self.get(i))
    }
    pub fn ns_labels(&self, ns: &str) -> Option<&'a Labels> {
        self.namespaces.get(ns)
    }
    /// The incremental counts, unless a node is replaced (they would not reflect it).
    pub fn counts(&self) -> Option<&'a CountIndex> {
        if self.replaced.is_some() {
            return None;
        }
        self.index
    }
}

/// Every plugin has a name.
pub trait Plugin: Send + Sync {
    fn name(&self) -> &'static str;
}

/// Runs once per cycle before filtering; may precompute cluster-wide state or reject the pod.
pub trait PreFilterPlugin: Plugin {
    fn pre_filter(&self, state: &mut CycleState, pod: &PodInfo, snap: &Snapshot<'_>) -> Status;
}

/// Whether one node can run the pod.
pub trait FilterPlugin: Plugin {
    fn filter(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status;
}

/// Ranks the nodes that passed filtering.
pub trait ScorePlugin: Plugin {
    fn weight(&self) -> i64;
    /// Precomputes over the feasible nodes; `Skip` leaves the plugin out of this cycle.
    fn pre_score(
        &self,
        _state: &mut CycleState,
        _pod: &PodInfo,
        _snap: &Snapshot<'_>,
        _feasible: &[usize],
    ) -> Status {
        Status::success()
    }
    fn score(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> i64;
    /// Brings raw scores into 0..=MAX_NODE_SCORE (one per feasible node, same order).
    fn normalize(&self, _state: &CycleState, _pod: &PodInfo, _scores: &mut [i64]) {}
}

/// Upstream's DefaultNormalizeScore: scale to 0..=100 by the maximum, optionally reversed.
pub fn default_normalize(scores: &mut [i64], reverse: bool) {
    let max = scores.iter().copied().max().unwrap_or(0);
    if max == 0 {
        if reverse {
            scores.iter_mut().for_each(|s| *s = MAX_NODE_SCORE);
        }
        return;
    }
    for s in scores.iter_mut() {
        let mut v = MAX_NODE_SCORE * *s / max;
        if reverse {
            v = MAX_NODE_SCORE - v;
        }
        *s = v;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub(crate) mod testutil {
    use super::*;

    pub fn pod(v: serde_json::Value) -> PodInfo {
        let mut v = v;
        if v.pointer("/metadata/name").is_none() {
            v["metadata"]["name"] = "p".into();
        }
        if v.pointer("/metadata/namespace").is_none() {
            v["metadata"]["namespace"] = "default".into();
        }
        if v.pointer("/metadata/uid").is_none() {
            let name = v["metadata"]["name"].as_str().unwrap().to_string();
            v["metadata"]["uid"] = format!("uid-{name}").into();
        }
        if v.pointer("/spec/containers").is_none() {
            v["spec"]["containers"] = serde_json::json!([{"name": "c"}]);
        }
        PodInfo::new(Arc::new(serde_json::from_value(v).unwrap()))
    }

    pub fn node(v: serde_json::Value) -> NodeInfo {
        let mut v = v;
        if v.pointer("/status/allocatable").is_none() {
            v["status"]["allocatable"] =
                serde_json::json!({"cpu": "4", "memory": "32Gi", "pods": "110"});
        }
        NodeInfo::new(Arc::new(serde_json::from_value(v).unwrap()))
    }

    pub fn named_node(name: &str, labels: serde_json::Value) -> NodeInfo {
        node(serde_json::json!({"metadata": {"name": name, "labels": labels}}))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::testutil::*;
    use super::*;

    #[test]
    fn tolerations_match_taints_by_key_value_and_effect() {
        let taint: Taint = serde_json::from_value(
            serde_json::json!({"key": "k", "value": "v", "effect": "NoSchedule"}),
        )
        .unwrap();
        let tol = |v: serde_json::Value| -> Toleration { serde_json::from_value(v).unwrap() };
        assert!(tolerates(
            &tol(serde_json::json!({"key": "k", "value": "v"})),
            &taint
        ));
        assert!(tolerates(
            &tol(serde_json::json!({"key": "k", "operator": "Exists"})),
            &taint
        ));
        assert!(tolerates(
            &tol(serde_json::json!({"operator": "Exists"})),
            &taint
        ));
        assert!(!tolerates(
            &tol(serde_json::json!({"key": "k", "value": "w"})),
            &taint
        ));
        assert!(!tolerates(
            &tol(serde_json::json!({"key": "k", "operator": "Exists", "effect": "NoExecute"})),
            &taint
        ));
    }

    #[test]
    fn node_info_sums_requests_ports_and_affinity_pods_and_removes_them() {
        let mut n = named_node("n1", serde_json::json!({}));
        let p = Arc::new(pod(
            serde_json::json!({"spec": {"containers": [{"name": "c",
            "ports": [{"containerPort": 80, "hostPort": 8080}],
            "resources": {"requests": {"cpu": "1"}}}],
            "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"labelSelector": {"matchLabels": {"a": "b"}}, "topologyKey": "kubernetes.io/hostname"}]}}}}),
        ));
        n.add_pod(p.clone());
        assert_eq!(n.requested.milli_cpu, 1000);
        assert_eq!(n.used_ports.len(), 1);
        assert_eq!(n.pods_with_required_anti_affinity.len(), 1);
        assert!(n.remove_pod(&p.uid));
        assert_eq!(n.requested.milli_cpu, 0);
        assert!(n.used_ports.is_empty() && n.pods_with_affinity.is_empty());
        assert!(!n.remove_pod(&p.uid));
    }

    #[test]
    fn default_normalize_scales_by_maximum_and_reverses() {
        let mut s = vec![0, 5, 10];
        default_normalize(&mut s, false);
        assert_eq!(s, vec![0, 50, 100]);
        let mut s = vec![0, 5, 10];
        default_normalize(&mut s, true);
        assert_eq!(s, vec![100, 50, 0]);
        let mut s = vec![0, 0];
        default_normalize(&mut s, true);
        assert_eq!(s, vec![100, 100]);
    }
}
