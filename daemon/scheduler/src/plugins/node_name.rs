//! NodeName: a pod that names a node (spec.nodeName) fits only that node.

use crate::framework::{Code, CycleState, FilterPlugin, NodeInfo, Plugin, PodInfo, Status};

pub const NAME: &str = "NodeName";
pub const REASON: &str = "node(s) didn't match the requested node name";

pub struct NodeName;

impl Plugin for NodeName {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl FilterPlugin for NodeName {
    fn filter(&self, _: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        match pod.pod.spec.as_ref().and_then(|s| s.node_name.as_deref()) {
            Some(n) if !n.is_empty() && n != node.name => {
                Status::new(Code::UnschedulableAndUnresolvable, REASON)
            }
            _ => Status::success(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::framework::testutil::{named_node, pod};
    use serde_json::json;

    #[test]
    fn pod_without_node_name_fits_any_node() {
        let s = NodeName.filter(
            &CycleState::default(),
            &pod(json!({})),
            &named_node("a", json!({})),
        );
        assert!(s.is_success());
    }

    #[test]
    fn pod_fits_only_the_node_it_names() {
        let p = pod(json!({"spec": {"nodeName": "a"}}));
        assert!(
            NodeName
                .filter(&CycleState::default(), &p, &named_node("a", json!({})))
                .is_success()
        );
        let s = NodeName.filter(&CycleState::default(), &p, &named_node("b", json!({})));
        assert_eq!(s.code, Code::UnschedulableAndUnresolvable);
        assert_eq!(s.reasons, vec![REASON]);
    }
}
