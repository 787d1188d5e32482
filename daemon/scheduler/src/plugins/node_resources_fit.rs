//! NodeResourcesFit: the pod's requests (containers, init containers, sidecars, overhead) must fit
//! in the node's allocatable minus what its pods request, and the node must have room for one more
//! pod. Scores with the LeastAllocated strategy (CPU and memory, weight 1 each).

use crate::framework::{
    Code, CycleState, FilterPlugin, NodeInfo, Plugin, PodInfo, ScorePlugin, Status,
};

pub const NAME: &str = "NodeResourcesFit";
pub const TOO_MANY_PODS: &str = "Too many pods";

pub struct NodeResourcesFit;

impl Plugin for NodeResourcesFit {
    fn name(&self) -> &'static str {
        NAME
    }
}

/// The reasons a pod does not fit and whether removing pods could ever help (the request exceeds
/// the node's whole allocatable when not).
pub fn insufficient(pod: &PodInfo, node: &NodeInfo) -> (Vec<String>, bool) {
    let mut reasons = Vec::new();
    let mut unresolvable = false;
    let (req, alloc, used) = (&pod.requests, &node.allocatable, &node.requested);
    if node.pods.len() as i64 + 1 > alloc.allowed_pod_number {
        reasons.push(TOO_MANY_PODS.to_string());
    }
    if req.is_zero() {
        return (reasons, false);
    }
    let mut check = |name: &str, want: i64, have: i64, used: i64| {
        if want > 0 && want > have - used {
            reasons.push(format!("Insufficient {name}"));
            unresolvable |= want > have;
        }
    };
    check("cpu", req.milli_cpu, alloc.milli_cpu, used.milli_cpu);
    check("memory", req.memory, alloc.memory, used.memory);
    check(
        "ephemeral-storage",
        req.ephemeral_storage,
        alloc.ephemeral_storage,
        used.ephemeral_storage,
    );
    for (name, want) in &req.scalar {
        let have = alloc.scalar.get(name).copied().unwrap_or(0);
        let u = used.scalar.get(name).copied().unwrap_or(0);
        check(name, *want, have, u);
    }
    (reasons, unresolvable)
}

impl FilterPlugin for NodeResourcesFit {
    fn filter(&self, _: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        let (reasons, unresolvable) = insufficient(pod, node);
        if reasons.is_empty() {
            return Status::success();
        }
        let code = if unresolvable {
            Code::UnschedulableAndUnresolvable
        } else {
            Code::Unschedulable
        };
        Status::with_reasons(code, reasons)
    }
}

/// (capacity - requested) × 100 / capacity; 0 when over capacity.
pub fn least_requested_score(requested: i64, capacity: i64) -> i64 {
    if capacity == 0 || requested > capacity {
        return 0;
    }
    (capacity - requested) * crate::framework::MAX_NODE_SCORE / capacity
}

impl ScorePlugin for NodeResourcesFit {
    fn weight(&self) -> i64 {
        1
    }
    fn score(&self, _: &CycleState, pod: &PodInfo, node: &NodeInfo) -> i64 {
        let pairs = [
            (
                node.non_zero_requested.milli_cpu + pod.non_zero_requests.milli_cpu,
                node.allocatable.milli_cpu,
            ),
            (
                node.non_zero_requested.memory + pod.non_zero_requests.memory,
                node.allocatable.memory,
            ),
        ];
        let (mut sum, mut weights) = (0, 0);
        for (req, cap) in pairs {
            if cap == 0 {
                continue;
            }
            sum += least_requested_score(req, cap);
            weights += 1;
        }
        if weights == 0 { 0 } else { sum / weights }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::framework::testutil::{node, pod};
    use serde_json::json;
    use std::sync::Arc;

    fn requesting(name: &str, req: serde_json::Value) -> PodInfo {
        pod(
            json!({"metadata": {"name": name}, "spec": {"containers": [{"name": "c", "resources": {"requests": req}}]}}),
        )
    }

    fn small_node(alloc: serde_json::Value) -> NodeInfo {
        node(json!({"metadata": {"name": "n"}, "status": {"allocatable": alloc}}))
    }

    fn filter(p: &PodInfo, n: &NodeInfo) -> Status {
        NodeResourcesFit.filter(&CycleState::default(), p, n)
    }

    #[test]
    fn pod_fits_when_requests_fit_in_what_is_left() {
        let mut n = small_node(json!({"cpu": "2", "memory": "4Gi", "pods": "10"}));
        n.add_pod(Arc::new(requesting(
            "a",
            json!({"cpu": "1", "memory": "1Gi"}),
        )));
        assert!(filter(&requesting("b", json!({"cpu": "1", "memory": "3Gi"})), &n).is_success());
        let s = filter(
            &requesting("b", json!({"cpu": "1500m", "memory": "4Gi"})),
            &n,
        );
        assert_eq!(s.code, Code::Unschedulable);
        assert_eq!(s.reasons, vec!["Insufficient cpu", "Insufficient memory"]);
    }

    #[test]
    fn request_larger_than_allocatable_is_unresolvable() {
        let n = small_node(json!({"cpu": "2", "memory": "4Gi", "pods": "10"}));
        let s = filter(&requesting("b", json!({"cpu": "3"})), &n);
        assert_eq!(s.code, Code::UnschedulableAndUnresolvable);
        assert_eq!(s.reasons, vec!["Insufficient cpu"]);
    }

    #[test]
    fn pod_count_is_checked_even_for_pods_requesting_nothing() {
        let mut n = small_node(json!({"cpu": "2", "memory": "4Gi", "pods": "1"}));
        n.add_pod(Arc::new(requesting("a", json!({}))));
        let s = filter(&requesting("b", json!({})), &n);
        assert_eq!(s.code, Code::Unschedulable);
        assert_eq!(s.reasons, vec![TOO_MANY_PODS]);
    }

    #[test]
    fn extended_resources_must_be_advertised_and_free() {
        let n =
            small_node(json!({"cpu": "2", "memory": "4Gi", "pods": "10", "example.com/gpu": "1"}));
        assert!(filter(&requesting("a", json!({"example.com/gpu": "1"})), &n).is_success());
        let s = filter(&requesting("a", json!({"example.com/gpu": "2"})), &n);
        assert_eq!(s.reasons, vec!["Insufficient example.com/gpu"]);
        let s = filter(&requesting("a", json!({"example.com/fpga": "1"})), &n);
        assert_eq!(s.reasons, vec!["Insufficient example.com/fpga"]);
    }

    #[test]
    fn init_containers_and_overhead_count_in_the_request() {
        let n = small_node(json!({"cpu": "2", "memory": "4Gi", "pods": "10"}));
        let p = pod(
            json!({"spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "1"}}}],
            "initContainers": [{"name": "i", "resources": {"requests": {"cpu": "2"}}}], "overhead": {"cpu": "100m"}}}),
        );
        assert_eq!(filter(&p, &n).reasons, vec!["Insufficient cpu"]);
    }

    #[test]
    fn least_allocated_prefers_emptier_nodes() {
        let empty = small_node(json!({"cpu": "4", "memory": "32Gi", "pods": "110"}));
        let mut busy = small_node(json!({"cpu": "4", "memory": "32Gi", "pods": "110"}));
        busy.add_pod(Arc::new(requesting(
            "a",
            json!({"cpu": "2", "memory": "16Gi"}),
        )));
        let p = requesting("p", json!({"cpu": "100m", "memory": "500Mi"}));
        let st = CycleState::default();
        // cpu (4000-100)*100/4000 = 97; memory (32768-500)*100/32768 = 98 → 97
        assert_eq!(NodeResourcesFit.score(&st, &p, &empty), 97);
        assert_eq!(NodeResourcesFit.score(&st, &p, &busy), 47);
        assert_eq!(least_requested_score(5, 4), 0);
    }
}
