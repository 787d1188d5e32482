//! NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods tolerating the
//! `node.kubernetes.io/unschedulable:NoSchedule` taint.

use k8s_openapi::api::core::v1::Taint;

use crate::framework::{
    Code, CycleState, FilterPlugin, NodeInfo, Plugin, PodInfo, Status, tolerates,
};

pub const NAME: &str = "NodeUnschedulable";
pub const REASON: &str = "node(s) were unschedulable";

pub struct NodeUnschedulable;

impl Plugin for NodeUnschedulable {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl FilterPlugin for NodeUnschedulable {
    fn filter(&self, _: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        if !node.unschedulable {
            return Status::success();
        }
        let taint = Taint {
            key: "node.kubernetes.io/unschedulable".into(),
            effect: "NoSchedule".into(),
            ..Taint::default()
        };
        if pod.tolerations.iter().any(|t| tolerates(t, &taint)) {
            return Status::success();
        }
        Status::new(Code::UnschedulableAndUnresolvable, REASON)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::framework::testutil::{node, pod};
    use serde_json::json;

    #[test]
    fn cordoned_node_rejects_pods_without_the_toleration() {
        let n = node(json!({"metadata": {"name": "n"}, "spec": {"unschedulable": true}}));
        let s = NodeUnschedulable.filter(&CycleState::default(), &pod(json!({})), &n);
        assert_eq!(s.code, Code::UnschedulableAndUnresolvable);
        assert_eq!(s.reasons, vec![REASON]);
    }

    #[test]
    fn cordoned_node_accepts_pods_tolerating_unschedulable() {
        let n = node(json!({"metadata": {"name": "n"}, "spec": {"unschedulable": true}}));
        let p = pod(json!({"spec": {"tolerations": [
            {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"}]}}));
        assert!(
            NodeUnschedulable
                .filter(&CycleState::default(), &p, &n)
                .is_success()
        );
    }

    #[test]
    fn schedulable_node_accepts_any_pod() {
        let n = node(json!({"metadata": {"name": "n"}, "spec": {"unschedulable": false}}));
        assert!(
            NodeUnschedulable
                .filter(&CycleState::default(), &pod(json!({})), &n)
                .is_success()
        );
    }
}
