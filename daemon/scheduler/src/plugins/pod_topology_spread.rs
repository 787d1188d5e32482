//! PodTopologySpread: keeps matching pods spread over topology domains. DoNotSchedule constraints
//! filter nodes whose domain would exceed maxSkew over the least-loaded domain (0 when fewer than
//! minDomains domains exist); ScheduleAnyway constraints score emptier domains higher. Nodes count
//! toward domains per nodeAffinityPolicy (default Honor) and nodeTaintsPolicy (default Ignore).

use std::collections::HashMap;
use std::sync::Arc;

use crate::counts::{CountKey, DomainCounts};
use crate::framework::{
    Code, CycleState, FilterPlugin, MAX_NODE_SCORE, NodeInfo, Plugin, PodInfo, PreFilterPlugin,
    ScorePlugin, Snapshot, Status, find_untolerated,
};
use crate::selectors::Selector;

pub const NAME: &str = "PodTopologySpread";
pub const CONSTRAINTS_NOT_MATCH: &str = "node(s) didn't match pod topology spread constraints";
pub const NODE_LABEL_NOT_MATCH: &str =
    "node(s) didn't match pod topology spread constraints (missing required label)";
const HOSTNAME: &str = "kubernetes.io/hostname";
const INVALID_SCORE: i64 = -1;

pub struct PodTopologySpread;

impl Plugin for PodTopologySpread {
    fn name(&self) -> &'static str {
        NAME
    }
}

#[derive(Clone, Debug)]
struct Constraint {
    max_skew: i64,
    key: String,
    selector: Selector,
    min_domains: i64,
    honor_affinity: bool,
    honor_taints: bool,
}

fn constraints(pod: &PodInfo, when: &str) -> Vec<Constraint> {
    let Some(spec) = pod.pod.spec.as_ref() else {
        return Vec::new();
    };
    spec.topology_spread_constraints
        .iter()
        .flatten()
        .filter(|c| c.when_unsatisfiable == when)
        .map(|c| {
            let mut selector = Selector::from_label_selector(c.label_selector.as_ref());
            if c.label_selector.is_some() {
                for k in c.match_label_keys.iter().flatten() {
                    if let Some(v) = pod.labels.get(k) {
                        selector.add_requirement(k, v, true);
                    }
                }
            }
            Constraint {
                max_skew: i64::from(c.max_skew),
                key: c.topology_key.clone(),
                selector,
                min_domains: i64::from(c.min_domains.unwrap_or(1)),
                honor_affinity: c.node_affinity_policy.as_deref() != Some("Ignore"),
                honor_taints: c.node_taints_policy.as_deref() == Some("Honor"),
            }
        })
        .collect()
}

/// Whether a node's pods count toward the constraint's domains.
fn node_included(c: &Constraint, pod: &PodInfo, node: &NodeInfo) -> bool {
    if c.honor_affinity
        && (!pod.node_selector.is_empty() || pod.has_required_node_affinity)
        && !pod.matches_node_selector_and_affinity(&node.name, &node.labels)
    {
        return false;
    }
    if c.honor_taints
        && find_untolerated(&node.taints, &pod.tolerations, &["NoSchedule", "NoExecute"]).is_some()
    {
        return false;
    }
    true
}

/// Whether the constraint counts the same pods whatever the incoming pod's node affinity and
/// tolerations (then the cache's incremental counts serve it).
fn node_independent(c: &Constraint, pod: &PodInfo) -> bool {
    let affinity_matters =
        c.honor_affinity && (!pod.node_selector.is_empty() || pod.has_required_node_affinity);
    !affinity_matters && !c.honor_taints
}

fn count_key(c: &Constraint, pod: &PodInfo) -> CountKey {
    CountKey {
        namespaces: vec![pod.namespace.clone()],
        namespace_selector: None,
        selector: c.selector.clone(),
        skip_terminating: true,
        topology_key: c.key.clone(),
    }
}

/// The counts PreFilter will look up in the cache's index for `pod` (none when it must scan).
pub fn count_keys(pod: &PodInfo) -> Vec<CountKey> {
    let cs = constraints(pod, "DoNotSchedule");
    if !cs.iter().all(|c| node_independent(c, pod)) {
        return Vec::new();
    }
    cs.iter().map(|c| count_key(c, pod)).collect()
}

/// Per constraint, the counts kept by the cache, when it has them all and they agree with a scan
/// (a pod with several constraints ignores nodes missing any key, which the per-key counts do not).
fn indexed_counts(
    cs: &[Constraint],
    pod: &PodInfo,
    snap: &Snapshot<'_>,
) -> Option<Vec<Arc<DomainCounts>>> {
    let ix = snap.counts()?;
    let mut out = Vec::with_capacity(cs.len());
    for c in cs {
        if !node_independent(c, pod) {
            return None;
        }
        let counted = ix.get(&count_key(c, pod))?;
        if cs.len() > 1 && counted.nodes_missing_key > 0 {
            return None;
        }
        out.push(counted.counts.clone());
    }
    Some(out)
}

fn has_all_keys(cs: &[Constraint], node: &NodeInfo) -> bool {
    cs.iter().all(|c| node.labels.contains_key(&c.key))
}

fn count_matching(c: &Constraint, pod: &PodInfo, node: &NodeInfo) -> i64 {
    node.pods
        .iter()
        .filter(|p| !p.terminating && c.selector.matches(&p.labels) && p.namespace == pod.namespace)
        .count() as i64
}

struct FilterState {
    constraints: Vec<Constraint>,
    /// Per constraint: domain value → matching pods.
    counts: Vec<Arc<DomainCounts>>,
    /// Per constraint: the least-loaded domain's count (0 below minDomains domains).
    min_match: Vec<i64>,
}

fn min_match(c: &Constraint, m: &DomainCounts) -> i64 {
    if (m.len() as i64) < c.min_domains {
        return 0;
    }
    m.values().copied().min().unwrap_or(0)
}

impl PreFilterPlugin for PodTopologySpread {
    fn pre_filter(&self, state: &mut CycleState, pod: &PodInfo, snap: &Snapshot<'_>) -> Status {
        let cs = constraints(pod, "DoNotSchedule");
        if cs.is_empty() {
            state.skip_filter(NAME);
            return Status::success();
        }
        let counts = match indexed_counts(&cs, pod, snap) {
            Some(c) => c,
            None => scan_counts(&cs, pod, snap),
        };
        let min_match = cs
            .iter()
            .zip(&counts)
            .map(|(c, m)| min_match(c, m))
            .collect();
        state.write(
            NAME,
            FilterState {
                constraints: cs,
                counts,
                min_match,
            },
        );
        Status::success()
    }
}

/// Counts matching pods per domain over every node (when the cache's counts cannot serve).
fn scan_counts(cs: &[Constraint], pod: &PodInfo, snap: &Snapshot<'_>) -> Vec<Arc<DomainCounts>> {
    let mut counts: Vec<HashMap<String, i64>> = vec![HashMap::new(); cs.len()];
    let mut values: Vec<&String> = Vec::with_capacity(cs.len());
    'nodes: for node in snap.iter() {
        // One label lookup per constraint; nodes missing any key take no part.
        values.clear();
        for c in cs {
            match node.labels.get(&c.key) {
                Some(v) => values.push(v),
                None => continue 'nodes,
            }
        }
        for (i, c) in cs.iter().enumerate() {
            if !node_included(c, pod, node) {
                continue;
            }
            let n = count_matching(c, pod, node);
            let v = values[i];
            match counts[i].get_mut(v) {
                Some(e) => *e += n,
                None => {
                    counts[i].insert(v.clone(), n);
                }
            }
        }
    }
    counts.into_iter().map(Arc::new).collect()
}

impl FilterPlugin for PodTopologySpread {
    fn filter(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        let Some(s) = state.read::<FilterState>(NAME) else {
            return Status::new(Code::Error, "PodTopologySpread: no PreFilter state");
        };
        for (i, c) in s.constraints.iter().enumerate() {
            let Some(v) = node.labels.get(&c.key) else {
                return Status::new(Code::UnschedulableAndUnresolvable, NODE_LABEL_NOT_MATCH);
            };
            let self_match = i64::from(c.selector.matches(&pod.labels));
            let matched = s.counts[i].get(v).copied().unwrap_or(0);
            let skew = matched + self_match - s.min_match[i];
            if skew > c.max_skew {
                return Status::new(Code::Unschedulable, CONSTRAINTS_NOT_MATCH);
            }
        }
        Status::success()
    }
}

struct ScoreState {
    constraints: Vec<Constraint>,
    counts: Vec<HashMap<String, i64>>,
    weights: Vec<f64>,
}

impl ScorePlugin for PodTopologySpread {
    fn weight(&self) -> i64 {
        2
    }
    fn pre_score(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        snap: &Snapshot<'_>,
        feasible: &[usize],
    ) -> Status {
        let cs = constraints(pod, "ScheduleAnyway");
        if cs.is_empty() {
            return Status::skip();
        }
        let mut counts = vec![HashMap::new(); cs.len()];
        let mut hosts = 0usize;
        for &i in feasible {
            let node = snap.get(i);
            if !has_all_keys(&cs, node) {
                continue;
            }
            hosts += 1;
            for (j, c) in cs.iter().enumerate() {
                if c.key != HOSTNAME
                    && let Some(v) = node.labels.get(&c.key)
                {
                    counts[j].insert(v.clone(), 0i64);
                }
            }
        }
        let weights = cs
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let domains = if c.key == HOSTNAME {
                    hosts
                } else {
                    counts[j].len()
                };
                ((domains + 2) as f64).ln()
            })
            .collect();
        for node in snap.iter() {
            if !has_all_keys(&cs, node) {
                continue;
            }
            for (j, c) in cs.iter().enumerate() {
                if c.key == HOSTNAME || !node_included(c, pod, node) {
                    continue;
                }
                if let Some(v) = node.labels.get(&c.key)
                    && let Some(e) = counts[j].get_mut(v)
                {
                    *e += count_matching(c, pod, node);
                }
            }
        }
        state.write(
            NAME,
            ScoreState {
                constraints: cs,
                counts,
                weights,
            },
        );
        Status::success()
    }
    fn score(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> i64 {
        let Some(s) = state.read::<ScoreState>(NAME) else {
            return 0;
        };
        if !has_all_keys(&s.constraints, node) {
            return INVALID_SCORE;
        }
        let mut score = 0f64;
        for (j, c) in s.constraints.iter().enumerate() {
            let cnt = if c.key == HOSTNAME {
                count_matching(c, pod, node)
            } else {
                node.labels
                    .get(&c.key)
                    .and_then(|v| s.counts[j].get(v))
                    .copied()
                    .unwrap_or(0)
            };
            score += cnt as f64 * s.weights[j] + (c.max_skew - 1) as f64;
        }
        score.round() as i64
    }
    fn normalize(&self, _: &CycleState, _: &PodInfo, scores: &mut [i64]) {
        let (mut min, mut max) = (i64::MAX, 0i64);
        for s in scores.iter().filter(|s| **s != INVALID_SCORE) {
            min = min.min(*s);
            max = max.max(*s);
        }
        for s in scores.iter_mut() {
            *s = if *s == INVALID_SCORE {
                0
            } else if max == 0 {
                MAX_NODE_SCORE
            } else {
                MAX_NODE_SCORE * (max + min - *s) / max
            };
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::framework::testutil::{named_node, node, pod};
    use serde_json::json;
    use std::sync::Arc;

    fn spread(name: &str, constraint: serde_json::Value) -> PodInfo {
        pod(json!({"metadata": {"name": name, "labels": {"app": "web"}},
            "spec": {"topologySpreadConstraints": [constraint]}}))
    }

    fn web(name: &str) -> Arc<PodInfo> {
        Arc::new(pod(
            json!({"metadata": {"name": name, "labels": {"app": "web"}}}),
        ))
    }

    fn zone_constraint(extra: serde_json::Value) -> serde_json::Value {
        let mut c = json!({"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
            "labelSelector": {"matchLabels": {"app": "web"}}});
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        c
    }

    fn run(p: &PodInfo, nodes: &[NodeInfo]) -> Vec<Status> {
        let nss = HashMap::new();
        let snap = Snapshot {
            nodes,
            replaced: None,
            index: None,
            namespaces: &nss,
        };
        let mut st = CycleState::default();
        assert!(PodTopologySpread.pre_filter(&mut st, p, &snap).is_success());
        nodes
            .iter()
            .map(|n| PodTopologySpread.filter(&st, p, n))
            .collect()
    }

    fn two_zones() -> Vec<NodeInfo> {
        vec![
            named_node("a1", json!({"zone": "a"})),
            named_node("b1", json!({"zone": "b"})),
        ]
    }

    #[test]
    fn skew_over_max_is_rejected_and_the_emptier_zone_accepted() {
        let mut nodes = two_zones();
        nodes[0].add_pod(web("w1"));
        let r = run(&spread("p", zone_constraint(json!({}))), &nodes);
        assert_eq!(r[0].code, Code::Unschedulable);
        assert_eq!(r[0].reasons, vec![CONSTRAINTS_NOT_MATCH]);
        assert!(r[1].is_success());
    }

    #[test]
    fn nodes_without_the_topology_label_are_unresolvable() {
        let mut nodes = two_zones();
        nodes.push(named_node("x", json!({})));
        let r = run(&spread("p", zone_constraint(json!({}))), &nodes);
        assert_eq!(r[2].code, Code::UnschedulableAndUnresolvable);
        assert_eq!(r[2].reasons, vec![NODE_LABEL_NOT_MATCH]);
    }

    #[test]
    fn fewer_domains_than_min_domains_makes_the_global_minimum_zero() {
        let mut nodes = two_zones();
        nodes[0].add_pod(web("w1"));
        nodes[1].add_pod(web("w2"));
        // min 1 with 2 domains: skew 1+1-1 = 1 fits; with minDomains 3 the minimum is 0: skew 2.
        assert!(run(&spread("p", zone_constraint(json!({}))), &nodes)[0].is_success());
        let r = run(
            &spread("p", zone_constraint(json!({"minDomains": 3}))),
            &nodes,
        );
        assert!(r.iter().all(|s| s.code == Code::Unschedulable));
    }

    #[test]
    fn node_affinity_policy_honor_leaves_out_nodes_the_pod_cannot_use() {
        // Zone c holds no pods but the pod's nodeSelector excludes it: with Honor it is not a
        // domain, so zone a (1 pod) vs b (1 pod) gives skew 1 in either.
        let mut nodes = two_zones();
        nodes.push(named_node("c1", json!({"zone": "c", "pool": "other"})));
        for n in &mut nodes[..2] {
            n.labels.insert("pool".into(), "main".into());
        }
        nodes[0].add_pod(web("w1"));
        nodes[1].add_pod(web("w2"));
        let mut p = zone_constraint(json!({}));
        let mk = |c: &serde_json::Value| {
            pod(json!({"metadata": {"name": "p", "labels": {"app": "web"}},
            "spec": {"nodeSelector": {"pool": "main"}, "topologySpreadConstraints": [c]}}))
        };
        assert!(run(&mk(&p), &nodes)[0].is_success());
        p["nodeAffinityPolicy"] = "Ignore".into();
        assert_eq!(run(&mk(&p), &nodes)[0].code, Code::Unschedulable);
    }

    #[test]
    fn node_taints_policy_honor_leaves_out_tainted_nodes() {
        let mut nodes = two_zones();
        nodes.push(node(
            json!({"metadata": {"name": "c1", "labels": {"zone": "c"}},
            "spec": {"taints": [{"key": "k", "effect": "NoSchedule"}]}}),
        ));
        nodes[0].add_pod(web("w1"));
        nodes[1].add_pod(web("w2"));
        assert_eq!(
            run(&spread("p", zone_constraint(json!({}))), &nodes)[0].code,
            Code::Unschedulable
        );
        let r = run(
            &spread("p", zone_constraint(json!({"nodeTaintsPolicy": "Honor"}))),
            &nodes,
        );
        assert!(r[0].is_success());
    }

    #[test]
    fn pods_in_other_namespaces_or_terminating_do_not_count() {
        let mut nodes = two_zones();
        nodes[0].add_pod(Arc::new(pod(
            json!({"metadata": {"name": "o", "namespace": "other", "labels": {"app": "web"}}}),
        )));
        nodes[0].add_pod(Arc::new(pod(json!({"metadata": {"name": "t", "labels": {"app": "web"}, "deletionTimestamp": "2024-01-01T00:00:00Z"}}))));
        assert!(
            run(&spread("p", zone_constraint(json!({}))), &nodes)
                .iter()
                .all(Status::is_success)
        );
    }

    #[test]
    fn match_label_keys_narrow_the_selector_to_the_pods_own_values() {
        let mut nodes = two_zones();
        nodes[0].add_pod(Arc::new(pod(
            json!({"metadata": {"name": "v1", "labels": {"app": "web", "rev": "1"}}}),
        )));
        let p = pod(
            json!({"metadata": {"name": "p", "labels": {"app": "web", "rev": "2"}},
            "spec": {"topologySpreadConstraints": [zone_constraint(json!({"matchLabelKeys": ["rev"]}))]}}),
        );
        assert!(run(&p, &nodes).iter().all(Status::is_success));
    }

    #[test]
    fn schedule_anyway_scores_emptier_domains_higher() {
        let mut nodes = two_zones();
        nodes[0].add_pod(web("w1"));
        nodes[0].add_pod(web("w2"));
        let p = spread(
            "p",
            zone_constraint(json!({"whenUnsatisfiable": "ScheduleAnyway"})),
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
            PodTopologySpread
                .pre_score(&mut st, &p, &snap, &[0, 1])
                .is_success()
        );
        let mut s: Vec<i64> = nodes
            .iter()
            .map(|n| PodTopologySpread.score(&st, &p, n))
            .collect();
        // weight ln(4) ≈ 1.386: zone a 2 pods → round(2.77) = 3; zone b → 0
        assert_eq!(s, vec![3, 0]);
        PodTopologySpread.normalize(&st, &p, &mut s);
        assert_eq!(s, vec![0, 100]);
    }
}
