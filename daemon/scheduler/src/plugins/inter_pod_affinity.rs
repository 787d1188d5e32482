//! InterPodAffinity: required pod affinity and anti-affinity of the incoming pod, and the required
//! anti-affinity of pods already placed, by topology domain (a node label); preferred terms of
//! both sides (and existing pods' required affinity, weight 1) score domains.

use std::collections::HashMap;
use std::sync::Arc;

use crate::counts::{CountKey, DomainCounts};

use crate::framework::{
    AffinityTerm, Code, CycleState, FilterPlugin, MAX_NODE_SCORE, NodeInfo, Plugin, PodInfo,
    PreFilterPlugin, ScorePlugin, Snapshot, Status,
};

pub const NAME: &str = "InterPodAffinity";
pub const AFFINITY_NOT_MATCH: &str = "node(s) didn't match pod affinity rules";
pub const ANTI_AFFINITY_NOT_MATCH: &str = "node(s) didn't match pod anti-affinity rules";
pub const EXISTING_ANTI_AFFINITY_NOT_MATCH: &str =
    "node(s) didn't satisfy existing pods anti-affinity rules";
/// Weight of existing pods' required affinity terms when scoring (upstream's default).
const HARD_POD_AFFINITY_WEIGHT: i64 = 1;

pub struct InterPodAffinity;

impl Plugin for InterPodAffinity {
    fn name(&self) -> &'static str {
        NAME
    }
}

/// Matching pods per topology domain: topology key → label value → count (looked up by `&str`,
/// so a Filter call allocates nothing).
type Counts = HashMap<String, HashMap<String, i64>>;

/// Counts by topology key; one key may appear more than once (its counts add up).
type KeyedCounts = Vec<(String, Arc<DomainCounts>)>;

#[derive(Default)]
struct PreFilterState {
    existing_anti: KeyedCounts,
    affinity: KeyedCounts,
    /// Whether any placed pod matches all the pod's required affinity terms.
    affinity_any: bool,
    anti: KeyedCounts,
}

fn add(counts: &mut Counts, term: &AffinityTerm, node: &NodeInfo) {
    if let Some(v) = node.labels.get(&term.topology_key) {
        let per_key = match counts.get_mut(&term.topology_key) {
            Some(m) => m,
            None => counts.entry(term.topology_key.clone()).or_default(),
        };
        match per_key.get_mut(v) {
            Some(c) => *c += 1,
            None => {
                per_key.insert(v.clone(), 1);
            }
        }
    }
}

fn keyed(c: Counts) -> KeyedCounts {
    c.into_iter().map(|(k, m)| (k, Arc::new(m))).collect()
}

/// The counts PreFilter will look up in the cache's index for `pod`: its required anti-affinity
/// terms and its required affinity term (several affinity terms must match one pod together, which
/// per-term counts cannot answer: those pods scan). The bool: whether placed pods' anti-affinity
/// terms are needed (always; they are kept once for all pods).
pub fn count_keys(pod: &PodInfo) -> (Vec<CountKey>, bool) {
    let mut keys: Vec<CountKey> = pod
        .required_anti_affinity
        .iter()
        .map(CountKey::from_term)
        .collect();
    if pod.required_affinity.len() == 1 {
        keys.extend(pod.required_affinity.iter().map(CountKey::from_term));
    }
    (keys, true)
}

/// The placed pods' anti-affinity terms that select `pod`, from the cache's index or a scan;
/// the bool: whether any placed pod has required anti-affinity at all.
fn existing_anti(pod: &PodInfo, snap: &Snapshot<'_>) -> (KeyedCounts, bool) {
    let own_ns = snap.ns_labels(&pod.namespace);
    if let Some(terms) = snap.counts().and_then(|ix| ix.anti_terms()) {
        let mut any = false;
        let mut out = KeyedCounts::new();
        for t in terms {
            any = true;
            if t.term.matches(pod, own_ns) {
                out.push((t.term.topology_key.clone(), t.counts.clone()));
            }
        }
        return (out, any);
    }
    let mut counts = Counts::new();
    let mut any = false;
    for node in snap.iter() {
        for existing in &node.pods_with_required_anti_affinity {
            any = true;
            for t in &existing.required_anti_affinity {
                if t.matches(pod, own_ns) {
                    add(&mut counts, t, node);
                }
            }
        }
    }
    (keyed(counts), any)
}

/// The pod's own required terms counted from the cache's index, when it has them all.
fn indexed_own(pod: &PodInfo, snap: &Snapshot<'_>) -> Option<(KeyedCounts, bool, KeyedCounts)> {
    let ix = snap.counts()?;
    if pod.required_affinity.len() > 1 {
        return None;
    }
    let mut anti = KeyedCounts::new();
    for t in &pod.required_anti_affinity {
        let c = ix.get(&CountKey::from_term(t))?;
        anti.push((t.topology_key.clone(), c.counts.clone()));
    }
    let mut affinity = KeyedCounts::new();
    let mut any = false;
    for t in &pod.required_affinity {
        let c = ix.get(&CountKey::from_term(t))?;
        any = c.counts.values().any(|n| *n > 0);
        if any {
            affinity.push((t.topology_key.clone(), c.counts.clone()));
        }
    }
    Some((affinity, any, anti))
}

/// The pod's own required terms counted over every placed pod.
fn scan_own(pod: &PodInfo, snap: &Snapshot<'_>) -> (KeyedCounts, bool, KeyedCounts) {
    let (mut affinity, mut anti) = (Counts::new(), Counts::new());
    for node in snap.iter() {
        for existing in &node.pods {
            let ns = snap.ns_labels(&existing.namespace);
            if !pod.required_affinity.is_empty()
                && pod
                    .required_affinity
                    .iter()
                    .all(|t| t.matches(existing, ns))
            {
                for t in &pod.required_affinity {
                    add(&mut affinity, t, node);
                }
            }
            for t in &pod.required_anti_affinity {
                if t.matches(existing, ns) {
                    add(&mut anti, t, node);
                }
            }
        }
    }
    let any = !affinity.is_empty();
    (keyed(affinity), any, keyed(anti))
}

impl PreFilterPlugin for InterPodAffinity {
    fn pre_filter(&self, state: &mut CycleState, pod: &PodInfo, snap: &Snapshot<'_>) -> Status {
        let (existing_anti, any_existing) = existing_anti(pod, snap);
        if pod.required_affinity.is_empty() && pod.required_anti_affinity.is_empty() {
            if !any_existing {
                state.skip_filter(NAME);
            }
            state.write(
                NAME,
                PreFilterState {
                    existing_anti,
                    ..PreFilterState::default()
                },
            );
            return Status::success();
        }
        let (affinity, affinity_any, anti) = match indexed_own(pod, snap) {
            Some(own) => own,
            None => scan_own(pod, snap),
        };
        state.write(
            NAME,
            PreFilterState {
                existing_anti,
                affinity,
                affinity_any,
                anti,
            },
        );
        Status::success()
    }
}

fn count(list: &KeyedCounts, key: &str, value: &str) -> i64 {
    list.iter()
        .filter(|(k, _)| k == key)
        .filter_map(|(_, m)| m.get(value))
        .sum()
}

impl FilterPlugin for InterPodAffinity {
    fn filter(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        let Some(s) = state.read::<PreFilterState>(NAME) else {
            return Status::new(Code::Error, "InterPodAffinity: no PreFilter state");
        };
        // Required affinity: every term's domain must already hold a matching pod, unless no pod
        // in the cluster matches and the pod matches its own terms (the first of a group).
        let mut pods_exist = true;
        for t in &pod.required_affinity {
            match node.labels.get(&t.topology_key) {
                None => return Status::new(Code::UnschedulableAndUnresolvable, AFFINITY_NOT_MATCH),
                Some(v) => {
                    if count(&s.affinity, &t.topology_key, v) <= 0 {
                        pods_exist = false;
                    }
                }
            }
        }
        if !pods_exist {
            let self_match = pod.required_affinity.iter().all(|t| t.matches(pod, None));
            if s.affinity_any || !self_match {
                return Status::new(Code::UnschedulableAndUnresolvable, AFFINITY_NOT_MATCH);
            }
        }
        for t in &pod.required_anti_affinity {
            if let Some(v) = node.labels.get(&t.topology_key)
                && count(&s.anti, &t.topology_key, v) > 0
            {
                return Status::new(Code::Unschedulable, ANTI_AFFINITY_NOT_MATCH);
            }
        }
        for (k, values) in &s.existing_anti {
            if let Some(v) = node.labels.get(k)
                && values.get(v).is_some_and(|c| *c > 0)
            {
                return Status::new(Code::Unschedulable, EXISTING_ANTI_AFFINITY_NOT_MATCH);
            }
        }
        Status::success()
    }
}

struct ScoreState {
    topology: HashMap<String, HashMap<String, i64>>,
}

impl ScorePlugin for InterPodAffinity {
    fn weight(&self) -> i64 {
        2
    }
    fn pre_score(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        snap: &Snapshot<'_>,
        _: &[usize],
    ) -> Status {
        let has_preferred =
            !pod.preferred_affinity.is_empty() || !pod.preferred_anti_affinity.is_empty();
        if !has_preferred
            && snap
                .counts()
                .is_some_and(|ix| ix.pods_with_scored_affinity() == 0)
        {
            // Nothing on either side to weigh: skip the walk over every node.
            return Status::skip();
        }
        let mut topology: HashMap<String, HashMap<String, i64>> = HashMap::new();
        let own_ns = snap.ns_labels(&pod.namespace);
        let mut add = |t: &AffinityTerm, node: &NodeInfo, w: i64| {
            if w == 0 {
                return;
            }
            if let Some(v) = node.labels.get(&t.topology_key) {
                *topology
                    .entry(t.topology_key.clone())
                    .or_default()
                    .entry(v.clone())
                    .or_insert(0) += w;
            }
        };
        for node in snap.iter() {
            let pods = if has_preferred {
                &node.pods
            } else {
                &node.pods_with_affinity
            };
            for existing in pods {
                let ns = snap.ns_labels(&existing.namespace);
                for t in &pod.preferred_affinity {
                    if t.matches(existing, ns) {
                        add(t, node, i64::from(t.weight));
                    }
                }
                for t in &pod.preferred_anti_affinity {
                    if t.matches(existing, ns) {
                        add(t, node, -i64::from(t.weight));
                    }
                }
                for t in &existing.required_affinity {
                    if t.matches(pod, own_ns) {
                        add(t, node, HARD_POD_AFFINITY_WEIGHT);
                    }
                }
                for t in &existing.preferred_affinity {
                    if t.matches(pod, own_ns) {
                        add(t, node, i64::from(t.weight));
                    }
                }
                for t in &existing.preferred_anti_affinity {
                    if t.matches(pod, own_ns) {
                        add(t, node, -i64::from(t.weight));
                    }
                }
            }
        }
        if topology.is_empty() {
            return Status::skip();
        }
        state.write(NAME, ScoreState { topology });
        Status::success()
    }
    fn score(&self, state: &CycleState, _: &PodInfo, node: &NodeInfo) -> i64 {
        let Some(s) = state.read::<ScoreState>(NAME) else {
            return 0;
        };
        s.topology
            .iter()
            .filter_map(|(k, vals)| node.labels.get(k).and_then(|v| vals.get(v)))
            .sum()
    }
    fn normalize(&self, _: &CycleState, _: &PodInfo, scores: &mut [i64]) {
        let (min, max) = scores
            .iter()
            .fold((i64::MAX, i64::MIN), |(lo, hi), s| (lo.min(*s), hi.max(*s)));
        let diff = max - min;
        for s in scores.iter_mut() {
            *s = if diff > 0 {
                (MAX_NODE_SCORE as f64 * ((*s - min) as f64 / diff as f64)) as i64
            } else {
                0
            };
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::framework::testutil::{named_node, pod};
    use serde_json::json;
    use std::sync::Arc;

    fn anti(name: &str, labels: serde_json::Value, sel: serde_json::Value, key: &str) -> PodInfo {
        pod(
            json!({"metadata": {"name": name, "labels": labels}, "spec": {"affinity": {"podAntiAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": sel}, "topologyKey": key}]}}}}),
        )
    }

    fn aff(name: &str, labels: serde_json::Value, sel: serde_json::Value, key: &str) -> PodInfo {
        pod(
            json!({"metadata": {"name": name, "labels": labels}, "spec": {"affinity": {"podAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": sel}, "topologyKey": key}]}}}}),
        )
    }

    fn plain(name: &str, ns: &str, labels: serde_json::Value) -> PodInfo {
        pod(json!({"metadata": {"name": name, "namespace": ns, "labels": labels}}))
    }

    fn run(
        p: &PodInfo,
        nodes: &[NodeInfo],
        nss: &HashMap<String, crate::selectors::Labels>,
    ) -> Vec<Status> {
        let snap = Snapshot {
            nodes,
            replaced: None,
            index: None,
            namespaces: nss,
        };
        let mut st = CycleState::default();
        assert!(InterPodAffinity.pre_filter(&mut st, p, &snap).is_success());
        nodes
            .iter()
            .map(|n| InterPodAffinity.filter(&st, p, n))
            .collect()
    }

    fn zones() -> Vec<NodeInfo> {
        vec![
            named_node("a1", json!({"zone": "a", "kubernetes.io/hostname": "a1"})),
            named_node("a2", json!({"zone": "a", "kubernetes.io/hostname": "a2"})),
            named_node("b1", json!({"zone": "b", "kubernetes.io/hostname": "b1"})),
        ]
    }

    #[test]
    fn affinity_requires_a_matching_pod_in_the_same_domain() {
        let mut nodes = zones();
        nodes[0].add_pod(Arc::new(plain("db", "default", json!({"app": "db"}))));
        let p = aff("web", json!({"app": "web"}), json!({"app": "db"}), "zone");
        let r = run(&p, &nodes, &HashMap::new());
        assert!(r[0].is_success() && r[1].is_success());
        assert_eq!(r[2].code, Code::UnschedulableAndUnresolvable);
        assert_eq!(r[2].reasons, vec![AFFINITY_NOT_MATCH]);
    }

    #[test]
    fn first_pod_of_a_self_affine_group_may_go_anywhere_with_the_topology_label() {
        let mut nodes = zones();
        nodes.push(named_node("nolabel", json!({})));
        let p = aff("web", json!({"app": "web"}), json!({"app": "web"}), "zone");
        let r = run(&p, &nodes, &HashMap::new());
        assert!(r[..3].iter().all(Status::is_success));
        assert!(!r[3].is_success());
        // A pod that does not match its own terms waits for a matching pod.
        let q = aff(
            "web",
            json!({"app": "other"}),
            json!({"app": "web"}),
            "zone",
        );
        assert!(
            run(&q, &zones(), &HashMap::new())
                .iter()
                .all(|s| !s.is_success())
        );
    }

    #[test]
    fn anti_affinity_rejects_domains_holding_a_matching_pod() {
        let mut nodes = zones();
        nodes[0].add_pod(Arc::new(plain("x", "default", json!({"color": "green"}))));
        let p = anti(
            "p",
            json!({"color": "green"}),
            json!({"color": "green"}),
            "zone",
        );
        let r = run(&p, &nodes, &HashMap::new());
        assert_eq!(r[0].reasons, vec![ANTI_AFFINITY_NOT_MATCH]);
        assert_eq!(r[1].code, Code::Unschedulable);
        assert!(r[2].is_success());
    }

    #[test]
    fn existing_pods_anti_affinity_is_symmetric() {
        let mut nodes = zones();
        nodes[2].add_pod(Arc::new(anti(
            "x",
            json!({}),
            json!({"app": "web"}),
            "kubernetes.io/hostname",
        )));
        let p = plain("web", "default", json!({"app": "web"}));
        let r = run(&p, &nodes, &HashMap::new());
        assert!(r[0].is_success() && r[1].is_success());
        assert_eq!(r[2].reasons, vec![EXISTING_ANTI_AFFINITY_NOT_MATCH]);
    }

    #[test]
    fn terms_only_see_their_namespaces_or_namespace_selector() {
        let mut nodes = zones();
        nodes[0].add_pod(Arc::new(plain("x", "other", json!({"color": "green"}))));
        let p = anti("p", json!({}), json!({"color": "green"}), "zone");
        assert!(
            run(&p, &nodes, &HashMap::new())
                .iter()
                .all(Status::is_success)
        );
        let q = pod(
            json!({"metadata": {"name": "q"}, "spec": {"affinity": {"podAntiAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": {"color": "green"}},
                "namespaceSelector": {"matchLabels": {"team": "x"}}, "topologyKey": "zone"}]}}}}),
        );
        let mut nss = HashMap::new();
        nss.insert(
            "other".to_string(),
            [("team".to_string(), "x".to_string())]
                .into_iter()
                .collect(),
        );
        let r = run(&q, &nodes, &nss);
        assert!(!r[0].is_success() && r[2].is_success());
        let r = run(&q, &nodes, &HashMap::new());
        assert!(r.iter().all(Status::is_success));
    }

    #[test]
    fn preferred_terms_score_domains_and_normalize_min_max() {
        let mut nodes = zones();
        nodes[0].add_pod(Arc::new(plain("db", "default", json!({"app": "db"}))));
        let p = pod(
            json!({"spec": {"affinity": {"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 10, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "zone"}}]}}}}),
        );
        let nss = HashMap::new();
        let snap = Snapshot {
            nodes: &nodes,
            replaced: None,
            index: None,
            namespaces: &nss,
        };
        let mut st = CycleState::default();
        assert!(
            InterPodAffinity
                .pre_score(&mut st, &p, &snap, &[0, 1, 2])
                .is_success()
        );
        let mut s: Vec<i64> = nodes
            .iter()
            .map(|n| InterPodAffinity.score(&st, &p, n))
            .collect();
        assert_eq!(s, vec![10, 10, 0]);
        InterPodAffinity.normalize(&st, &p, &mut s);
        assert_eq!(s, vec![100, 100, 0]);
    }
}
