//! The scheduler's view of the cluster, kept from the informers: one [`NodeInfo`] per node (its
//! pods and their sums), pods assumed on a node between Reserve and the binding's confirmation,
//! and namespaces' labels (for namespaceSelector). The scheduling loop owns it, so a cycle reads it
//! directly as its [`Snapshot`].

use std::collections::HashMap;
use std::sync::Arc;

use k8s_openapi::api::core::v1::Node;

use crate::counts::{CountIndex, CountKey};
use crate::framework::{NodeInfo, PodInfo, Snapshot};
use crate::selectors::Labels;

#[derive(Clone, Debug)]
struct PodState {
    node: String,
    assumed: bool,
}

/// Nodes, placed pods and namespaces.
#[derive(Default)]
pub struct Cache {
    nodes: Vec<NodeInfo>,
    index: HashMap<String, usize>,
    /// Pods on nodes the cache does not know (yet); they join the node when it appears.
    orphans: HashMap<String, Vec<Arc<PodInfo>>>,
    pods: HashMap<String, PodState>,
    namespaces: HashMap<String, Labels>,
    counts: CountIndex,
}

impl Cache {
    pub fn snapshot(&self) -> Snapshot<'_> {
        Snapshot {
            nodes: &self.nodes,
            replaced: None,
            namespaces: &self.namespaces,
            index: Some(&self.counts),
        }
    }

    /// Before a cycle: makes sure the counts its plugins will ask for are kept (see
    /// [`crate::counts`]); `existing_anti`: the placed pods' anti-affinity terms too.
    pub fn prepare(&mut self, keys: &[CountKey], existing_anti: bool) {
        for k in keys {
            self.counts.ensure(k, &self.nodes, &self.namespaces);
        }
        if existing_anti {
            self.counts.ensure_anti(&self.nodes);
        }
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    pub fn node_index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    pub fn node(&self, name: &str) -> Option<&NodeInfo> {
        self.index.get(name).map(|i| &self.nodes[*i])
    }

    /// Adds or replaces a node.
    pub fn set_node(&mut self, node: Arc<Node>) {
        let name = node.metadata.name.clone().unwrap_or_default();
        if let Some(&i) = self.index.get(&name) {
            if self.nodes[i].node.metadata.labels != node.metadata.labels {
                self.counts.invalidate();
            }
            self.nodes[i].set_node(node);
            return;
        }
        self.counts.invalidate();
        let mut info = NodeInfo::new(node);
        for p in self.orphans.remove(&name).unwrap_or_default() {
            self.counts.pod_moved(&info, &p, &self.namespaces, 1);
            info.add_pod(p);
        }
        self.index.insert(name, self.nodes.len());
        self.nodes.push(info);
    }

    pub fn remove_node(&mut self, name: &str) {
        let Some(i) = self.index.remove(name) else {
            return;
        };
        self.counts.invalidate();
        let info = self.nodes.swap_remove(i);
        for p in &info.pods {
            self.counts.pod_moved(&info, p, &self.namespaces, -1);
        }
        if i < self.nodes.len() {
            let moved = self.nodes[i].name.clone();
            self.index.insert(moved, i);
        }
        if !info.pods.is_empty() {
            self.orphans.insert(name.to_string(), info.pods);
        }
    }

    fn place(&mut self, node: &str, p: Arc<PodInfo>) {
        match self.index.get(node) {
            Some(&i) => {
                self.counts
                    .pod_moved(&self.nodes[i], &p, &self.namespaces, 1);
                self.nodes[i].add_pod(p);
            }
            None => self.orphans.entry(node.to_string()).or_default().push(p),
        }
    }

    fn unplace(&mut self, node: &str, uid: &str) {
        match self.index.get(node) {
            Some(&i) => {
                if let Some(p) = self.nodes[i].take_pod(uid) {
                    self.counts
                        .pod_moved(&self.nodes[i], &p, &self.namespaces, -1);
                }
            }
            None => {
                if let Some(v) = self.orphans.get_mut(node) {
                    v.retain(|p| p.uid != uid);
                    if v.is_empty() {
                        self.orphans.remove(node);
                    }
                }
            }
        }
    }

    /// A pod the API says is bound to `node` (added or updated); confirms an assumed pod.
    pub fn set_pod(&mut self, node: &str, p: Arc<PodInfo>) {
        let uid = p.uid.clone();
        if let Some(old) = self.pods.get(&uid).cloned() {
            self.unplace(&old.node, &uid);
        }
        self.place(node, p);
        self.pods.insert(
            uid,
            PodState {
                node: node.to_string(),
                assumed: false,
            },
        );
    }

    /// A pod that left its node (deleted, or finished).
    pub fn remove_pod(&mut self, uid: &str) {
        if let Some(old) = self.pods.remove(uid) {
            self.unplace(&old.node, uid);
        }
    }

    /// Reserve: the pod counts on `node` from now on, before the API confirms the binding.
    pub fn assume(&mut self, node: &str, p: Arc<PodInfo>) {
        let uid = p.uid.clone();
        self.place(node, p);
        self.pods.insert(
            uid,
            PodState {
                node: node.to_string(),
                assumed: true,
            },
        );
    }

    /// Undoes `assume` when binding failed (a confirmed pod is left alone).
    pub fn forget(&mut self, uid: &str) {
        if self.pods.get(uid).is_some_and(|s| s.assumed) {
            self.remove_pod(uid);
        }
    }

    pub fn is_assumed(&self, uid: &str) -> bool {
        self.pods.get(uid).is_some_and(|s| s.assumed)
    }

    pub fn contains_pod(&self, uid: &str) -> bool {
        self.pods.contains_key(uid)
    }

    /// The incremental counts (see [`crate::counts`]).
    pub fn counts(&self) -> &CountIndex {
        &self.counts
    }

    pub fn set_namespace(&mut self, name: String, labels: Labels) {
        if self.namespaces.get(&name) != Some(&labels) {
            self.counts.invalidate();
        }
        self.namespaces.insert(name, labels);
    }

    pub fn remove_namespace(&mut self, name: &str) {
        if self.namespaces.remove(name).is_some() {
            self.counts.invalidate();
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::framework::testutil::pod;
    use serde_json::json;

    fn node(name: &str) -> Arc<Node> {
        Arc::new(
            serde_json::from_value(json!({"metadata": {"name": name},
            "status": {"allocatable": {"cpu": "4", "memory": "32Gi", "pods": "110"}}}))
            .unwrap(),
        )
    }

    fn cpu_pod(name: &str) -> Arc<PodInfo> {
        Arc::new(pod(
            json!({"metadata": {"name": name}, "spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "1"}}}]}}),
        ))
    }

    #[test]
    fn assumed_pods_count_until_forgotten_and_confirmed_ones_stay() {
        let mut c = Cache::default();
        c.set_node(node("n1"));
        c.assume("n1", cpu_pod("a"));
        assert_eq!(c.node("n1").unwrap().requested.milli_cpu, 1000);
        c.forget("uid-a");
        assert_eq!(c.node("n1").unwrap().requested.milli_cpu, 0);
        c.assume("n1", cpu_pod("a"));
        c.set_pod("n1", cpu_pod("a"));
        assert!(!c.is_assumed("uid-a"));
        c.forget("uid-a");
        assert_eq!(c.node("n1").unwrap().pods.len(), 1);
    }

    #[test]
    fn pods_on_unknown_nodes_join_when_the_node_appears_and_survive_its_removal() {
        let mut c = Cache::default();
        c.set_pod("n2", cpu_pod("a"));
        c.set_node(node("n1"));
        c.set_node(node("n2"));
        assert_eq!(c.node("n2").unwrap().pods.len(), 1);
        c.remove_node("n1");
        assert_eq!(c.node("n2").unwrap().requested.milli_cpu, 1000);
        c.remove_node("n2");
        c.set_node(node("n2"));
        assert_eq!(c.node("n2").unwrap().pods.len(), 1);
        c.remove_pod("uid-a");
        assert!(c.node("n2").unwrap().pods.is_empty());
    }

    #[test]
    fn a_pod_moved_to_another_node_leaves_the_first() {
        let mut c = Cache::default();
        c.set_node(node("n1"));
        c.set_node(node("n2"));
        c.assume("n1", cpu_pod("a"));
        c.set_pod("n2", cpu_pod("a"));
        assert!(c.node("n1").unwrap().pods.is_empty());
        assert_eq!(c.node("n2").unwrap().pods.len(), 1);
    }

    #[test]
    fn pods_whose_affinity_others_score_are_counted_through_orphans_and_node_removal() {
        let mut c = Cache::default();
        let prefers = |name: &str| {
            Arc::new(pod(
                json!({"metadata": {"name": name}, "spec": {"affinity": {"podAffinity": {
                "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 5, "podAffinityTerm": {
                "labelSelector": {"matchLabels": {"a": "b"}}, "topologyKey": "zone"}}]}}}}),
            ))
        };
        c.set_pod("n1", prefers("a"));
        c.set_pod("n1", cpu_pod("plain"));
        assert_eq!(
            c.counts().pods_with_scored_affinity(),
            0,
            "n1 is not known yet"
        );
        c.set_node(node("n1"));
        assert_eq!(c.counts().pods_with_scored_affinity(), 1);
        c.assume("n1", prefers("b"));
        assert_eq!(c.counts().pods_with_scored_affinity(), 2);
        c.forget("uid-b");
        c.remove_node("n1");
        assert_eq!(c.counts().pods_with_scored_affinity(), 0);
        c.set_node(node("n1"));
        c.remove_pod("uid-a");
        assert_eq!(c.counts().pods_with_scored_affinity(), 0);
    }
}
