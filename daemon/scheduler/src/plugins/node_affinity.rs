//! NodeAffinity: spec.nodeSelector and required node affinity filter nodes; preferred node
//! affinity terms add their weights to a node's score.

use crate::framework::{
    Code, CycleState, FilterPlugin, NodeInfo, Plugin, PodInfo, ScorePlugin, Status,
    default_normalize,
};

pub const NAME: &str = "NodeAffinity";
pub const REASON: &str = "node(s) didn't match Pod's node affinity/selector";

pub struct NodeAffinity;

impl Plugin for NodeAffinity {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl FilterPlugin for NodeAffinity {
    fn filter(&self, _: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        if pod.matches_node_selector_and_affinity(&node.name, &node.labels) {
            Status::success()
        } else {
            Status::new(Code::UnschedulableAndUnresolvable, REASON)
        }
    }
}

impl ScorePlugin for NodeAffinity {
    fn weight(&self) -> i64 {
        2
    }
    fn pre_score(
        &self,
        _: &mut CycleState,
        pod: &PodInfo,
        _: &crate::framework::Snapshot<'_>,
        _: &[usize],
    ) -> Status {
        if pod.preferred_node_terms.is_empty() {
            Status::skip()
        } else {
            Status::success()
        }
    }
    fn score(&self, _: &CycleState, pod: &PodInfo, node: &NodeInfo) -> i64 {
        pod.preferred_node_terms
            .iter()
            .filter(|(_, t)| t.matches(&node.name, &node.labels))
            .map(|(w, _)| i64::from(*w))
            .sum()
    }
    fn normalize(&self, _: &CycleState, _: &PodInfo, scores: &mut [i64]) {
        default_normalize(scores, false);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::framework::testutil::{named_node, pod};
    use serde_json::json;

    fn filter(p: &PodInfo, n: &NodeInfo) -> Status {
        NodeAffinity.filter(&CycleState::default(), p, n)
    }

    #[test]
    fn node_selector_must_match_every_label() {
        let p = pod(json!({"spec": {"nodeSelector": {"disk": "ssd", "zone": "a"}}}));
        assert!(
            filter(
                &p,
                &named_node("n", json!({"disk": "ssd", "zone": "a", "x": "y"}))
            )
            .is_success()
        );
        let s = filter(&p, &named_node("n", json!({"disk": "ssd"})));
        assert_eq!(s.code, Code::UnschedulableAndUnresolvable);
        assert_eq!(s.reasons, vec![REASON]);
    }

    #[test]
    fn required_terms_are_ored_and_expressions_anded() {
        let p = pod(
            json!({"spec": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}, {"key": "gpu", "operator": "DoesNotExist"}]},
            {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["special"]}]}]}}}}}),
        );
        assert!(filter(&p, &named_node("n", json!({"zone": "b"}))).is_success());
        assert!(!filter(&p, &named_node("n", json!({"zone": "b", "gpu": "1"}))).is_success());
        assert!(filter(&p, &named_node("special", json!({}))).is_success());
        assert!(!filter(&p, &named_node("n", json!({"zone": "c"}))).is_success());
    }

    #[test]
    fn empty_node_selector_terms_match_no_node() {
        let p = pod(
            json!({"spec": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{}]}}}}}),
        );
        assert!(!filter(&p, &named_node("n", json!({"a": "b"}))).is_success());
    }

    #[test]
    fn preferred_terms_score_by_weight_normalized() {
        let p = pod(
            json!({"spec": {"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 2, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}},
            {"weight": 8, "preference": {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}}]}}}}),
        );
        let st = CycleState::default();
        let nodes = [
            named_node("a", json!({"zone": "a"})),
            named_node("b", json!({"zone": "a", "disk": "ssd"})),
            named_node("c", json!({})),
        ];
        let mut s: Vec<i64> = nodes
            .iter()
            .map(|n| NodeAffinity.score(&st, &p, n))
            .collect();
        assert_eq!(s, vec![2, 10, 0]);
        NodeAffinity.normalize(&st, &p, &mut s);
        assert_eq!(s, vec![20, 100, 0]);
    }
}
