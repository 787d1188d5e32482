//! Incremental per-topology-domain pod counts, kept in the [`Cache`](crate::cache::Cache) so that
//! PodTopologySpread and InterPodAffinity need not recount every placed pod on every node in each
//! cycle (upstream spreads that recount over 16 goroutines; rk keeps the answer instead).
//!
//! Two kinds of entries:
//! - *matcher counts*: for a [`CountKey`] (which pods: namespaces, namespace selector, label
//!   selector; by which node label), the number of matching placed pods per label value, with an
//!   entry (possibly 0) for every value some node carries. Built by one scan the first time a pod
//!   asks ([`CountIndex::ensure`]), then updated as pods are placed and removed; the least
//!   recently used are dropped beyond [`MAX_ENTRIES`].
//! - *existing anti-affinity*: every distinct required anti-affinity term of placed pods, with the
//!   number of pods holding it per domain of its topology key.
//!
//! A change to nodes (added, removed, relabelled) or to namespaces' labels drops everything; it is
//! rebuilt on demand. Plugins fall back to scanning when an entry is absent.

use std::collections::HashMap;
use std::sync::Arc;

use crate::framework::{AffinityTerm, NodeInfo, PodInfo};
use crate::selectors::{Labels, Selector};

/// Matcher entries kept at most (least recently used dropped first).
pub const MAX_ENTRIES: usize = 64;

/// Matching pods per domain (node label value).
pub type DomainCounts = HashMap<String, i64>;

/// Which placed pods an entry counts, and by which node label.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CountKey {
    pub namespaces: Vec<String>,
    /// `Some(everything)`: all namespaces.
    pub namespace_selector: Option<Selector>,
    pub selector: Selector,
    /// Terminating pods do not count (PodTopologySpread) or do (InterPodAffinity).
    pub skip_terminating: bool,
    pub topology_key: String,
}

impl CountKey {
    /// The pods an affinity term selects, by its topology key.
    pub fn from_term(t: &AffinityTerm) -> CountKey {
        CountKey {
            namespaces: t.namespaces.clone(),
            namespace_selector: t.namespace_selector.clone(),
            selector: t.selector.clone(),
            skip_terminating: false,
            topology_key: t.topology_key.clone(),
        }
    }

    pub fn matches(&self, pod: &PodInfo, namespaces: &HashMap<String, Labels>) -> bool {
        if self.skip_terminating && pod.terminating {
            return false;
        }
        let ns_ok = self.namespaces.contains(&pod.namespace)
            || self.namespace_selector.as_ref().is_some_and(|s| {
                s.is_everything() || namespaces.get(&pod.namespace).is_some_and(|l| s.matches(l))
            });
        ns_ok && self.selector.matches(&pod.labels)
    }
}

/// One matcher's counts.
#[derive(Clone, Debug)]
pub struct Counted {
    pub counts: Arc<DomainCounts>,
    /// Nodes without the topology key (they take no part).
    pub nodes_missing_key: usize,
}

struct Entry {
    counted: Counted,
    used: u64,
}

/// A required anti-affinity term held by placed pods.
pub struct AntiTerm {
    pub term: AffinityTerm,
    /// Pods holding the term, per domain of its topology key.
    pub counts: Arc<DomainCounts>,
    total: i64,
}

/// See the module documentation.
#[derive(Default)]
pub struct CountIndex {
    entries: HashMap<CountKey, Entry>,
    anti: HashMap<CountKey, AntiTerm>,
    anti_valid: bool,
    tick: u64,
    /// Placed pods (on known nodes) whose terms InterPodAffinity's Score weighs for others:
    /// required or preferred affinity, preferred anti-affinity. Kept across invalidations.
    scored_affinity: i64,
}

fn bump(counts: &mut Arc<DomainCounts>, value: &str, delta: i64) {
    let m = Arc::make_mut(counts);
    match m.get_mut(value) {
        Some(c) => *c += delta,
        None => {
            m.insert(value.to_string(), delta);
        }
    }
}

impl CountIndex {
    /// Forgets everything (nodes or namespace labels changed); rebuilt on demand.
    pub fn invalidate(&mut self) {
        self.entries.clear();
        self.anti.clear();
        self.anti_valid = false;
    }

    /// Makes sure `key` is counted, scanning `nodes` once if it is not.
    pub fn ensure(
        &mut self,
        key: &CountKey,
        nodes: &[NodeInfo],
        namespaces: &HashMap<String, Labels>,
    ) {
        self.tick += 1;
        if let Some(e) = self.entries.get_mut(key) {
            e.used = self.tick;
            return;
        }
        if self.entries.len() >= MAX_ENTRIES
            && let Some(oldest) = self
                .entries
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone())
        {
            self.entries.remove(&oldest);
        }
        let mut counts = DomainCounts::new();
        let mut missing = 0;
        for node in nodes {
            let Some(v) = node.labels.get(&key.topology_key) else {
                missing += 1;
                continue;
            };
            let n = node
                .pods
                .iter()
                .filter(|p| key.matches(p, namespaces))
                .count() as i64;
            *counts.entry(v.clone()).or_insert(0) += n;
        }
        self.entries.insert(
            key.clone(),
            Entry {
                counted: Counted {
                    counts: Arc::new(counts),
                    nodes_missing_key: missing,
                },
                used: self.tick,
            },
        );
    }

    pub fn get(&self, key: &CountKey) -> Option<&Counted> {
        self.entries.get(key).map(|e| &e.counted)
    }

    /// Makes sure the placed pods' required anti-affinity terms are counted.
    pub fn ensure_anti(&mut self, nodes: &[NodeInfo]) {
        if self.anti_valid {
            return;
        }
        self.anti.clear();
        for node in nodes {
            for p in &node.pods_with_required_anti_affinity {
                self.add_anti(node, p, 1);
            }
        }
        self.anti_valid = true;
    }

    /// The placed pods' required anti-affinity terms, when counted.
    pub fn anti_terms(&self) -> Option<impl Iterator<Item = &AntiTerm>> {
        self.anti_valid.then(|| self.anti.values())
    }

    fn add_anti(&mut self, node: &NodeInfo, pod: &PodInfo, delta: i64) {
        for t in &pod.required_anti_affinity {
            let Some(v) = node.labels.get(&t.topology_key) else {
                continue;
            };
            let key = CountKey::from_term(t);
            let e = self.anti.entry(key).or_insert_with(|| AntiTerm {
                term: t.clone(),
                counts: Arc::new(DomainCounts::new()),
                total: 0,
            });
            bump(&mut e.counts, v, delta);
            e.total += delta;
            if e.total <= 0 {
                let key = CountKey::from_term(t);
                self.anti.remove(&key);
            }
        }
    }

    /// How many placed pods have terms InterPodAffinity's Score weighs for other pods.
    pub fn pods_with_scored_affinity(&self) -> i64 {
        self.scored_affinity
    }

    /// A pod was placed on (`delta` 1) or removed from (-1) `node` (also when a node holding
    /// pods appears or goes).
    pub fn pod_moved(
        &mut self,
        node: &NodeInfo,
        pod: &PodInfo,
        namespaces: &HashMap<String, Labels>,
        delta: i64,
    ) {
        if !(pod.required_affinity.is_empty()
            && pod.preferred_affinity.is_empty()
            && pod.preferred_anti_affinity.is_empty())
        {
            self.scored_affinity += delta;
        }
        for (key, e) in &mut self.entries {
            if let Some(v) = node.labels.get(&key.topology_key)
                && key.matches(pod, namespaces)
            {
                bump(&mut e.counted.counts, v, delta);
            }
        }
        if self.anti_valid && !pod.required_anti_affinity.is_empty() {
            self.add_anti(node, pod, delta);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::framework::testutil::{named_node, pod};
    use serde_json::json;

    fn web_in_zone() -> CountKey {
        CountKey {
            namespaces: vec!["default".into()],
            namespace_selector: None,
            selector: Selector::from_label_selector(Some(
                &serde_json::from_value(json!({"matchLabels": {"app": "web"}})).unwrap(),
            )),
            skip_terminating: true,
            topology_key: "zone".into(),
        }
    }

    #[test]
    fn counts_start_from_a_scan_with_empty_domains_and_follow_pods_moving() {
        let mut nodes = vec![
            named_node("a", json!({"zone": "z1"})),
            named_node("b", json!({"zone": "z2"})),
            named_node("c", json!({})),
        ];
        let web = Arc::new(pod(
            json!({"metadata": {"name": "w1", "labels": {"app": "web"}}}),
        ));
        nodes[0].add_pod(web.clone());
        nodes[2].add_pod(web);
        let ns = HashMap::new();
        let mut ix = CountIndex::default();
        let key = web_in_zone();
        ix.ensure(&key, &nodes, &ns);
        let c = ix.get(&key).unwrap();
        assert_eq!(c.counts.get("z1"), Some(&1));
        assert_eq!(c.counts.get("z2"), Some(&0));
        assert_eq!(c.nodes_missing_key, 1);
        let held = c.counts.clone();
        let w2 = pod(json!({"metadata": {"name": "w2", "labels": {"app": "web"}}}));
        ix.pod_moved(&nodes[1], &w2, &ns, 1);
        ix.pod_moved(&nodes[0], &pod(json!({"metadata": {"name": "x"}})), &ns, 1);
        let c = ix.get(&key).unwrap();
        assert_eq!(c.counts.get("z2"), Some(&1));
        assert_eq!(c.counts.get("z1"), Some(&1));
        assert_eq!(
            held.get("z2"),
            Some(&0),
            "a cycle's copy does not change under it"
        );
        ix.pod_moved(&nodes[1], &w2, &ns, -1);
        assert_eq!(ix.get(&key).unwrap().counts.get("z2"), Some(&0));
        ix.invalidate();
        assert!(ix.get(&key).is_none());
    }

    #[test]
    fn terminating_pods_are_skipped_only_when_asked() {
        let nodes = vec![named_node("a", json!({"zone": "z1"}))];
        let ns = HashMap::new();
        let dying = pod(json!({"metadata": {"name": "d", "labels": {"app": "web"},
            "deletionTimestamp": "2026-01-01T00:00:00Z"}}));
        let mut key = web_in_zone();
        assert!(!key.matches(&dying, &ns));
        key.skip_terminating = false;
        assert!(key.matches(&dying, &ns));
        let mut ix = CountIndex::default();
        ix.ensure(&key, &nodes, &ns);
        assert_eq!(ix.get(&key).unwrap().counts.get("z1"), Some(&0));
    }

    #[test]
    fn existing_anti_affinity_terms_are_counted_per_domain_and_dropped_at_zero() {
        let mut nodes = vec![
            named_node("a", json!({"kubernetes.io/hostname": "a"})),
            named_node("b", json!({"kubernetes.io/hostname": "b"})),
        ];
        let anti = |name: &str| {
            Arc::new(pod(
                json!({"metadata": {"name": name, "labels": {"color": "green"}},
                "spec": {"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"labelSelector": {"matchLabels": {"color": "green"}}, "topologyKey": "kubernetes.io/hostname"}]}}}}),
            ))
        };
        nodes[0].add_pod(anti("g1"));
        let mut ix = CountIndex::default();
        assert!(ix.anti_terms().is_none());
        ix.ensure_anti(&nodes);
        let terms: Vec<_> = ix.anti_terms().unwrap().collect();
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].counts.get("a"), Some(&1));
        let g2 = anti("g2");
        ix.pod_moved(&nodes[1], &g2, &HashMap::new(), 1);
        let terms: Vec<_> = ix.anti_terms().unwrap().collect();
        assert_eq!(terms.len(), 1, "the same term is one entry");
        assert_eq!(terms[0].counts.get("b"), Some(&1));
        ix.pod_moved(&nodes[1], &g2, &HashMap::new(), -1);
        ix.pod_moved(&nodes[0], &nodes[0].pods[0].clone(), &HashMap::new(), -1);
        assert_eq!(ix.anti_terms().unwrap().count(), 0);
    }

    /// Every node's Filter verdict for `pod` over the cache, with its counts or by scanning.
    fn verdicts(cache: &mut crate::cache::Cache, pod: &PodInfo, indexed: bool) -> Vec<String> {
        use crate::framework::CycleState;
        let fw = crate::algorithm::Framework::new(crate::plugins::Plugins::default_profile());
        let (keys, anti) = crate::plugins::count_keys(pod);
        cache.prepare(&keys, anti);
        let mut snap = cache.snapshot();
        if !indexed {
            snap.index = None;
        } else {
            assert!(snap.index.is_some());
        }
        let mut state = CycleState::default();
        let pre = fw.run_pre_filter(&mut state, pod, &snap);
        assert!(pre.is_success(), "{pre:?}");
        snap.iter()
            .map(|n| format!("{}: {}", n.name, fw.run_filters(&state, pod, n).message()))
            .collect()
    }

    #[test]
    fn filters_answer_the_same_from_the_counts_as_from_a_scan_while_pods_come_and_go() {
        use k8s_openapi::api::core::v1::Node;
        let mut cache = crate::cache::Cache::default();
        for i in 0..12 {
            let node: Node = serde_json::from_value(json!({"metadata": {"name": format!("n{i}"),
                "labels": {"kubernetes.io/hostname": format!("n{i}"), "zone": format!("z{}", i % 3)}},
                "status": {"allocatable": {"cpu": "4", "memory": "32Gi", "pods": "110"}}}))
            .unwrap();
            cache.set_node(Arc::new(node));
        }
        let spread = |name: &str| {
            pod(json!({"metadata": {"name": name, "labels": {"app": "web"}},
                "spec": {"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "zone",
                    "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app": "web"}}}]}}))
        };
        let anti = |name: &str| {
            pod(
                json!({"metadata": {"name": name, "labels": {"color": "green"}},
                "spec": {"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"labelSelector": {"matchLabels": {"color": "green"}}, "topologyKey": "kubernetes.io/hostname"}]}}}}),
            )
        };
        let with_affinity = |name: &str| {
            pod(
                json!({"metadata": {"name": name, "labels": {"color": "green"}},
                "spec": {"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "zone"}]}}}}),
            )
        };
        for step in 0..9 {
            let probes = [
                spread(&format!("s{step}")),
                anti(&format!("a{step}")),
                with_affinity(&format!("f{step}")),
            ];
            for probe in &probes {
                let scanned = verdicts(&mut cache, probe, false);
                let counted = verdicts(&mut cache, probe, true);
                assert_eq!(counted, scanned, "step {step}, pod {}", probe.name);
            }
            // Place some: assumed, confirmed, forgotten, removed.
            let [s, a, f] = probes;
            let node = |k: usize| format!("n{}", (step * 5 + k) % 12);
            cache.assume(&node(0), Arc::new(s));
            cache.set_pod(&node(1), Arc::new(a));
            cache.assume(&node(2), Arc::new(f));
            if step % 3 == 2 {
                cache.forget(&format!("uid-f{step}"));
                cache.remove_pod(&format!("uid-s{}", step - 1));
            }
        }
    }
}
