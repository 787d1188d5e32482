//! NodeResourcesBalancedAllocation: prefers nodes where, with the pod placed, CPU and memory are
//! used in similar fractions (score = (1 − standard deviation of the fractions) × 100).

use crate::framework::{CycleState, NodeInfo, Plugin, PodInfo, ScorePlugin, Snapshot, Status};

pub const NAME: &str = "NodeResourcesBalancedAllocation";

pub struct BalancedAllocation;

impl Plugin for BalancedAllocation {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl ScorePlugin for BalancedAllocation {
    fn weight(&self) -> i64 {
        1
    }
    fn pre_score(
        &self,
        _: &mut CycleState,
        pod: &PodInfo,
        _: &Snapshot<'_>,
        _: &[usize],
    ) -> Status {
        if pod.requests.milli_cpu == 0 && pod.requests.memory == 0 {
            Status::skip()
        } else {
            Status::success()
        }
    }
    fn score(&self, _: &CycleState, pod: &PodInfo, node: &NodeInfo) -> i64 {
        let pairs = [
            (
                node.requested.milli_cpu + pod.requests.milli_cpu,
                node.allocatable.milli_cpu,
            ),
            (
                node.requested.memory + pod.requests.memory,
                node.allocatable.memory,
            ),
        ];
        let mut fractions = [0f64; 2];
        let mut n = 0;
        for (req, cap) in pairs {
            if cap == 0 {
                continue;
            }
            fractions[n] = (req as f64 / cap as f64).min(1.0);
            n += 1;
        }
        let std = if n == 2 {
            ((fractions[0] - fractions[1]) / 2.0).abs()
        } else {
            0.0
        };
        ((1.0 - std) * crate::framework::MAX_NODE_SCORE as f64) as i64
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::framework::testutil::{node, pod};
    use serde_json::json;
    use std::sync::Arc;

    #[test]
    fn balanced_use_scores_higher_than_lopsided_use() {
        let n = node(
            json!({"metadata": {"name": "n"}, "status": {"allocatable": {"cpu": "4", "memory": "4Gi", "pods": "110"}}}),
        );
        let st = CycleState::default();
        let balanced = pod(
            json!({"spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "2", "memory": "2Gi"}}}]}}),
        );
        let lopsided = pod(
            json!({"spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "4", "memory": "0"}}}]}}),
        );
        assert_eq!(BalancedAllocation.score(&st, &balanced, &n), 100);
        assert_eq!(BalancedAllocation.score(&st, &lopsided, &n), 50);
    }

    #[test]
    fn fractions_are_capped_at_one_and_existing_pods_count() {
        let mut n = node(
            json!({"metadata": {"name": "n"}, "status": {"allocatable": {"cpu": "1", "memory": "4Gi", "pods": "110"}}}),
        );
        n.add_pod(Arc::new(pod(json!({"metadata": {"name": "a"}, "spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "2"}}}]}}))));
        let p = pod(
            json!({"spec": {"containers": [{"name": "c", "resources": {"requests": {"memory": "2Gi"}}}]}}),
        );
        // cpu fraction min(2/1, 1) = 1, memory 0.5 → std 0.25 → 75
        assert_eq!(BalancedAllocation.score(&CycleState::default(), &p, &n), 75);
    }

    #[test]
    fn best_effort_pods_skip_the_plugin() {
        let nodes = [];
        let ns = std::collections::HashMap::new();
        let snap = Snapshot {
            nodes: &nodes,
            replaced: None,
            index: None,
            namespaces: &ns,
        };
        let s =
            BalancedAllocation.pre_score(&mut CycleState::default(), &pod(json!({})), &snap, &[]);
        assert_eq!(s.code, crate::framework::Code::Skip);
    }
}
