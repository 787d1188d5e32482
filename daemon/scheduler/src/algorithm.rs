//! One scheduling cycle's algorithm, synchronous and IO-free: PreFilter, Filter over enough nodes
//! (upstream's adaptive percentageOfNodesToScore, starting where the last cycle stopped), PreScore /
//! Score / NormalizeScore weighted, and the best node (ties broken at random).

use crate::framework::{Code, CycleState, NodeInfo, PodInfo, Snapshot, Status};
use crate::plugins::Plugins;
use crate::summary::Diagnosis;

/// Below this many nodes every node is checked (upstream's minFeasibleNodesToFind).
const MIN_FEASIBLE_NODES_TO_FIND: usize = 100;
/// The adaptive percentage never goes below this (minFeasibleNodesPercentageToFind).
const MIN_FEASIBLE_NODES_PERCENTAGE: usize = 5;

/// Pending pods nominated to a node by preemption, by node name.
pub type Nominated = std::collections::HashMap<String, Vec<std::sync::Arc<PodInfo>>>;

/// Where a pod goes, or why nowhere.
#[derive(Debug)]
pub enum Outcome {
    Fit {
        node: String,
        feasible: usize,
        evaluated: usize,
    },
    NoFit(Diagnosis),
    /// No nodes at all, or a plugin error.
    Error(String),
}

/// One profile's plugins and the cycle-to-cycle state upstream keeps (next start index, RNG).
pub struct Framework {
    pub plugins: Plugins,
    /// 0: adaptive (50% − nodes/125, at least 5%).
    pub percentage_of_nodes_to_score: usize,
    next_start: usize,
    rng: u64,
    feasible: Vec<usize>,
    totals: Vec<i64>,
    scratch: Vec<i64>,
}

impl Framework {
    pub fn new(plugins: Plugins) -> Framework {
        Framework {
            plugins,
            percentage_of_nodes_to_score: 0,
            next_start: 0,
            rng: 0x9E37_79B9_7F4A_7C15,
            feasible: Vec::new(),
            totals: Vec::new(),
            scratch: Vec::new(),
        }
    }

    fn next_rand(&mut self) -> u64 {
        // xorshift64*: tie-breaking needs no cryptographic quality.
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn num_feasible_nodes_to_find(&self, all: usize) -> usize {
        if all < MIN_FEASIBLE_NODES_TO_FIND {
            return all;
        }
        let mut pct = self.percentage_of_nodes_to_score;
        if pct == 0 {
            pct = 50usize
                .saturating_sub(all / 125)
                .max(MIN_FEASIBLE_NODES_PERCENTAGE);
        }
        (all * pct / 100).max(MIN_FEASIBLE_NODES_TO_FIND)
    }

    /// PreFilter plugins in order; the first rejection or error wins.
    pub fn run_pre_filter(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        snap: &Snapshot<'_>,
    ) -> Status {
        for p in &self.plugins.pre_filter {
            let mut s = p.pre_filter(state, pod, snap);
            if !s.is_success() && s.code != Code::Skip {
                s.plugin = p.name();
                return s;
            }
        }
        Status::success()
    }

    /// Filter plugins in order on one node; the first non-success wins.
    pub fn run_filters(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        for p in &self.plugins.filter {
            if state.filter_skipped(p.name()) {
                continue;
            }
            let mut s = p.filter(state, pod, node);
            if !s.is_success() {
                s.plugin = p.name();
                return s;
            }
        }
        Status::success()
    }

    /// One attempt for `pod` over `snap`.
    pub fn schedule(&mut self, pod: &PodInfo, snap: &Snapshot<'_>) -> (Outcome, CycleState) {
        self.schedule_with_nominated(pod, snap, &Nominated::new())
    }

    /// Filters as if the pods nominated to a node (by preemption) with at least this pod's
    /// priority were already there, so lower-priority pods do not take the room preemption made.
    fn run_filters_with_nominated(
        &self,
        state: &CycleState,
        pod: &PodInfo,
        node: &NodeInfo,
        nominated: &Nominated,
    ) -> Status {
        let Some(list) = nominated.get(&node.name) else {
            return self.run_filters(state, pod, node);
        };
        let mut with = None::<NodeInfo>;
        for p in list {
            if p.uid != pod.uid && p.priority >= pod.priority {
                with.get_or_insert_with(|| node.clone()).add_pod(p.clone());
            }
        }
        match with {
            Some(n) => self.run_filters(state, pod, &n),
            None => self.run_filters(state, pod, node),
        }
    }

    /// [`Framework::schedule`] honouring nominated pods.
    pub fn schedule_with_nominated(
        &mut self,
        pod: &PodInfo,
        snap: &Snapshot<'_>,
        nominated: &Nominated,
    ) -> (Outcome, CycleState) {
        let mut state = CycleState::default();
        let all = snap.len();
        if all == 0 {
            return (
                Outcome::Error(crate::summary::NO_NODES_AVAILABLE.into()),
                state,
            );
        }
        let mut diag = Diagnosis {
            num_all_nodes: all,
            ..Diagnosis::default()
        };
        let pre = self.run_pre_filter(&mut state, pod, snap);
        if pre.code == Code::Error {
            return (Outcome::Error(pre.message()), state);
        }
        if !pre.is_success() {
            diag.pre_filter_msg = Some(pre.message());
            diag.node_statuses = snap.iter().map(|n| (n.name.clone(), pre.clone())).collect();
            return (Outcome::NoFit(diag), state);
        }
        let want = self.num_feasible_nodes_to_find(all);
        self.feasible.clear();
        let start = self.next_start % all;
        let mut processed = 0;
        for k in 0..all {
            if self.feasible.len() >= want {
                break;
            }
            let i = (start + k) % all;
            processed += 1;
            let node = snap.get(i);
            let s = self.run_filters_with_nominated(&state, pod, node, nominated);
            match s.code {
                Code::Success | Code::Skip => self.feasible.push(i),
                Code::Error => return (Outcome::Error(s.message()), state),
                _ => diag.node_statuses.push((node.name.clone(), s)),
            }
        }
        self.next_start = (start + processed) % all;
        if self.feasible.is_empty() {
            return (Outcome::NoFit(diag), state);
        }
        let feasible = std::mem::take(&mut self.feasible);
        let chosen = if feasible.len() == 1 {
            feasible[0]
        } else {
            self.best(&mut state, pod, snap, &feasible)
        };
        let outcome = Outcome::Fit {
            node: snap.get(chosen).name.clone(),
            feasible: feasible.len(),
            evaluated: processed,
        };
        self.feasible = feasible;
        (outcome, state)
    }

    fn best(
        &mut self,
        state: &mut CycleState,
        pod: &PodInfo,
        snap: &Snapshot<'_>,
        feasible: &[usize],
    ) -> usize {
        let mut totals = std::mem::take(&mut self.totals);
        let mut scratch = std::mem::take(&mut self.scratch);
        totals.clear();
        totals.resize(feasible.len(), 0);
        for p in &self.plugins.score {
            let s = p.pre_score(state, pod, snap, feasible);
            if s.code == Code::Skip || !s.is_success() {
                continue;
            }
            scratch.clear();
            scratch.extend(feasible.iter().map(|&i| p.score(state, pod, snap.get(i))));
            p.normalize(state, pod, &mut scratch);
            let w = p.weight();
            for (t, s) in totals.iter_mut().zip(&scratch) {
                *t += s * w;
            }
        }
        // Highest total; among equals each has the same chance (reservoir sampling).
        let mut best = 0;
        let mut ties = 0u64;
        for (j, t) in totals.iter().enumerate() {
            if *t > totals[best] {
                best = j;
                ties = 1;
            } else if *t == totals[best] {
                ties += 1;
                if self.next_rand().is_multiple_of(ties) {
                    best = j;
                }
            }
        }
        self.totals = totals;
        self.scratch = scratch;
        feasible[best]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::framework::testutil::{node, pod};
    use serde_json::json;
    use std::collections::HashMap;
    use std::sync::Arc;

    #[test]
    fn adaptive_percentage_matches_upstream() {
        let f = Framework::new(Plugins::default_profile());
        assert_eq!(f.num_feasible_nodes_to_find(50), 50);
        assert_eq!(f.num_feasible_nodes_to_find(100), 100);
        assert_eq!(f.num_feasible_nodes_to_find(1000), 420); // 50 - 8 = 42%
        assert_eq!(f.num_feasible_nodes_to_find(5000), 500); // 50 - 40 = 10%
        assert_eq!(f.num_feasible_nodes_to_find(10000), 500); // floor of 5%
    }

    #[test]
    fn the_emptier_node_wins_and_unfit_nodes_are_diagnosed() {
        let mut nodes = vec![
            node(json!({"metadata": {"name": "busy"}})),
            node(json!({"metadata": {"name": "empty"}})),
            node(
                json!({"metadata": {"name": "tainted"}, "spec": {"taints": [{"key": "node-role", "value": "x", "effect": "NoSchedule"}]}}),
            ),
            node(
                json!({"metadata": {"name": "tiny"}, "status": {"allocatable": {"cpu": "100m", "memory": "1Gi", "pods": "110"}}}),
            ),
        ];
        nodes[0].add_pod(Arc::new(pod(json!({"metadata": {"name": "x"}, "spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "3"}}}]}}))));
        let ns = HashMap::new();
        let snap = Snapshot {
            nodes: &nodes,
            replaced: None,
            index: None,
            namespaces: &ns,
        };
        let mut f = Framework::new(Plugins::default_profile());
        let p = pod(
            json!({"spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "500m"}}}]}}),
        );
        for _ in 0..5 {
            match f.schedule(&p, &snap).0 {
                Outcome::Fit { node, feasible, .. } => {
                    assert_eq!(node, "empty");
                    assert_eq!(feasible, 2);
                }
                other => panic!("{other:?}"),
            }
        }
        let big = pod(
            json!({"spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "5"}}}]}}),
        );
        match f.schedule(&big, &snap).0 {
            Outcome::NoFit(d) => assert_eq!(
                d.message(),
                "0/4 nodes are available: 1 node(s) had untolerated taint {node-role: x}, 3 Insufficient cpu."
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn room_made_for_a_nominated_pod_is_not_taken_by_lower_priority_pods() {
        let nodes = vec![node(
            json!({"metadata": {"name": "n"}, "status": {"allocatable": {"cpu": "2", "memory": "4Gi", "pods": "10"}}}),
        )];
        let ns = HashMap::new();
        let snap = Snapshot {
            nodes: &nodes,
            replaced: None,
            index: None,
            namespaces: &ns,
        };
        let cpu = |name: &str, prio: i32| {
            pod(
                json!({"metadata": {"name": name}, "spec": {"priority": prio,
            "containers": [{"name": "c", "resources": {"requests": {"cpu": "2"}}}]}}),
            )
        };
        let mut nominated = Nominated::new();
        nominated.insert("n".into(), vec![Arc::new(cpu("preemptor", 100))]);
        let mut f = Framework::new(Plugins::default_profile());
        assert!(matches!(
            f.schedule_with_nominated(&cpu("low", 0), &snap, &nominated)
                .0,
            Outcome::NoFit(_)
        ));
        assert!(matches!(
            f.schedule_with_nominated(&cpu("preemptor", 100), &snap, &nominated)
                .0,
            Outcome::Fit { .. }
        ));
        assert!(matches!(
            f.schedule_with_nominated(&cpu("higher", 200), &snap, &nominated)
                .0,
            Outcome::Fit { .. }
        ));
    }

    #[test]
    fn no_nodes_is_an_error_with_upstreams_message() {
        let ns = HashMap::new();
        let snap = Snapshot {
            nodes: &[],
            replaced: None,
            index: None,
            namespaces: &ns,
        };
        let mut f = Framework::new(Plugins::default_profile());
        match f.schedule(&pod(json!({})), &snap).0 {
            Outcome::Error(m) => assert_eq!(m, "no nodes available to schedule pods"),
            other => panic!("{other:?}"),
        }
    }
}
