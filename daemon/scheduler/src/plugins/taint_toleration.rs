//! TaintToleration: filters out nodes with a NoSchedule/NoExecute taint the pod does not tolerate;
//! scores nodes by how few PreferNoSchedule taints the pod leaves untolerated.

use k8s_openapi::api::core::v1::Toleration;

use crate::framework::{
    Code, CycleState, FilterPlugin, NodeInfo, Plugin, PodInfo, ScorePlugin, Status,
    default_normalize, find_untolerated, tolerates,
};

pub const NAME: &str = "TaintToleration";

pub struct TaintToleration;

impl Plugin for TaintToleration {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl FilterPlugin for TaintToleration {
    fn filter(&self, _: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        match find_untolerated(&node.taints, &pod.tolerations, &["NoSchedule", "NoExecute"]) {
            None => Status::success(),
            Some(t) => Status::new(
                Code::UnschedulableAndUnresolvable,
                format!(
                    "node(s) had untolerated taint {{{}: {}}}",
                    t.key,
                    t.value.as_deref().unwrap_or("")
                ),
            ),
        }
    }
}

fn prefer_tolerations(pod: &PodInfo) -> impl Iterator<Item = &Toleration> {
    pod.tolerations.iter().filter(|t| {
        t.effect
            .as_deref()
            .is_none_or(|e| e.is_empty() || e == "PreferNoSchedule")
    })
}

impl ScorePlugin for TaintToleration {
    fn weight(&self) -> i64 {
        3
    }
    fn score(&self, _: &CycleState, pod: &PodInfo, node: &NodeInfo) -> i64 {
        node.taints
            .iter()
            .filter(|t| t.effect == "PreferNoSchedule")
            .filter(|t| !prefer_tolerations(pod).any(|tol| tolerates(tol, t)))
            .count() as i64
    }
    fn normalize(&self, _: &CycleState, _: &PodInfo, scores: &mut [i64]) {
        default_normalize(scores, true);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::framework::testutil::{node, pod};
    use serde_json::json;

    fn tainted(taints: serde_json::Value) -> NodeInfo {
        node(json!({"metadata": {"name": "n"}, "spec": {"taints": taints}}))
    }

    #[test]
    fn untolerated_no_schedule_taint_is_reported_with_key_and_value() {
        let n = tainted(json!([{"key": "node-role", "value": "x", "effect": "NoSchedule"}]));
        let s = TaintToleration.filter(&CycleState::default(), &pod(json!({})), &n);
        assert_eq!(s.code, Code::UnschedulableAndUnresolvable);
        assert_eq!(
            s.reasons,
            vec!["node(s) had untolerated taint {node-role: x}"]
        );
    }

    #[test]
    fn no_execute_counts_and_prefer_no_schedule_does_not_filter() {
        let n = tainted(json!([{"key": "k", "effect": "NoExecute"}]));
        assert!(
            !TaintToleration
                .filter(&CycleState::default(), &pod(json!({})), &n)
                .is_success()
        );
        let n = tainted(json!([{"key": "k", "effect": "PreferNoSchedule"}]));
        assert!(
            TaintToleration
                .filter(&CycleState::default(), &pod(json!({})), &n)
                .is_success()
        );
    }

    #[test]
    fn tolerated_taints_pass() {
        let n = tainted(json!([{"key": "k", "value": "v", "effect": "NoSchedule"}]));
        let p = pod(
            json!({"spec": {"tolerations": [{"key": "k", "operator": "Equal", "value": "v", "effect": "NoSchedule"}]}}),
        );
        assert!(
            TaintToleration
                .filter(&CycleState::default(), &p, &n)
                .is_success()
        );
    }

    #[test]
    fn score_prefers_nodes_with_fewer_untolerated_prefer_no_schedule_taints() {
        let a = tainted(json!([]));
        let b = tainted(json!([{"key": "x", "effect": "PreferNoSchedule"}]));
        let c = tainted(
            json!([{"key": "x", "effect": "PreferNoSchedule"}, {"key": "y", "effect": "PreferNoSchedule"}]),
        );
        let p = pod(
            json!({"spec": {"tolerations": [{"key": "y", "operator": "Exists", "effect": "PreferNoSchedule"}]}}),
        );
        let st = CycleState::default();
        let mut s: Vec<i64> = [&a, &b, &c]
            .iter()
            .map(|n| TaintToleration.score(&st, &p, n))
            .collect();
        assert_eq!(s, vec![0, 1, 1]);
        TaintToleration.normalize(&st, &p, &mut s);
        assert_eq!(s, vec![100, 0, 0]);
    }
}
