//! NodePorts: the host ports a pod asks for must be free on the node (same protocol and port,
//! overlapping host IP — 0.0.0.0 overlaps every address).

use crate::framework::{Code, CycleState, FilterPlugin, NodeInfo, Plugin, PodInfo, Status};

pub const NAME: &str = "NodePorts";
pub const REASON: &str = "node(s) didn't have free ports for the requested pod ports";

pub struct NodePorts;

impl Plugin for NodePorts {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl FilterPlugin for NodePorts {
    fn filter(&self, _: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        let conflict = pod
            .host_ports
            .iter()
            .any(|want| node.used_ports.iter().any(|used| used.conflicts(want)));
        if conflict {
            Status::new(Code::Unschedulable, REASON)
        } else {
            Status::success()
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

    fn with_port(name: &str, port: serde_json::Value) -> PodInfo {
        pod(
            json!({"metadata": {"name": name}, "spec": {"containers": [{"name": "c", "ports": [port]}]}}),
        )
    }

    fn node_using(port: serde_json::Value) -> NodeInfo {
        let mut n = named_node("n", json!({}));
        n.add_pod(Arc::new(with_port("existing", port)));
        n
    }

    #[test]
    fn same_port_and_protocol_on_any_address_conflicts() {
        let n = node_using(json!({"containerPort": 80, "hostPort": 8080}));
        let s = NodePorts.filter(
            &CycleState::default(),
            &with_port(
                "p",
                json!({"containerPort": 80, "hostPort": 8080, "hostIP": "10.0.0.1"}),
            ),
            &n,
        );
        assert_eq!(s.code, Code::Unschedulable);
        assert_eq!(s.reasons, vec![REASON]);
    }

    #[test]
    fn different_protocol_or_distinct_addresses_do_not_conflict() {
        let n = node_using(json!({"containerPort": 80, "hostPort": 8080, "hostIP": "10.0.0.1"}));
        let udp = with_port(
            "p",
            json!({"containerPort": 80, "hostPort": 8080, "protocol": "UDP"}),
        );
        assert!(
            NodePorts
                .filter(&CycleState::default(), &udp, &n)
                .is_success()
        );
        let other_ip = with_port(
            "p",
            json!({"containerPort": 80, "hostPort": 8080, "hostIP": "10.0.0.2"}),
        );
        assert!(
            NodePorts
                .filter(&CycleState::default(), &other_ip, &n)
                .is_success()
        );
        let no_host_port = with_port("p", json!({"containerPort": 8080}));
        assert!(
            NodePorts
                .filter(&CycleState::default(), &no_host_port, &n)
                .is_success()
        );
    }
}
