//! Preemption (DefaultPreemption's PostFilter): when no node fits, find a node where evicting
//! lower-priority pods lets the pod fit, keeping as many of them as possible (the most important
//! are reprieved first), and pick the node as upstream does — fewest PodDisruptionBudget
//! violations, then the lowest highest-victim priority, the lowest priority sum, the fewest
//! victims, the latest start among the highest-priority victims.

use std::sync::Arc;

use crate::algorithm::Framework;
use crate::framework::{Code, CycleState, NodeInfo, PodInfo, Snapshot, Status};
use crate::summary::Diagnosis;

pub const NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";
pub const NO_VICTIMS: &str = "No preemption victims found for incoming pod";
pub const NOT_ELIGIBLE_NEVER: &str = "not eligible due to preemptionPolicy=Never";
pub const NOT_ELIGIBLE_TERMINATING: &str =
    "not eligible due to a terminating pod on the nominated node";

/// A node and the pods to evict there.
#[derive(Debug)]
pub struct Candidate {
    pub node: String,
    pub victims: Vec<Arc<PodInfo>>,
    pub pdb_violations: usize,
}

/// A PodDisruptionBudget as preemption sees it.
#[derive(Clone, Debug)]
pub struct Pdb {
    pub namespace: String,
    pub selector: crate::selectors::Selector,
    /// status.disruptionsAllowed.
    pub allowed: i32,
}

/// Splits potential victims (most important first) into those whose eviction would violate a
/// PodDisruptionBudget and the rest, spending each budget's allowance in order (upstream's
/// filterPodsWithPDBViolation).
pub fn split_by_pdb(
    pdbs: &[Pdb],
    victims: Vec<Arc<PodInfo>>,
) -> (Vec<Arc<PodInfo>>, Vec<Arc<PodInfo>>) {
    let mut allowed: Vec<i32> = pdbs.iter().map(|p| p.allowed).collect();
    let (mut violating, mut other) = (Vec::new(), Vec::new());
    for v in victims {
        let mut violates = false;
        for (i, pdb) in pdbs.iter().enumerate() {
            if pdb.namespace != v.namespace || !pdb.selector.matches(&v.labels) {
                continue;
            }
            allowed[i] -= 1;
            if allowed[i] < 0 {
                violates = true;
            }
        }
        if violates {
            violating.push(v);
        } else {
            other.push(v);
        }
    }
    (violating, other)
}

fn fits(fw: &Framework, pod: &PodInfo, snap: &Snapshot<'_>, idx: usize, node: &NodeInfo) -> Status {
    let view = Snapshot {
        replaced: Some((idx, node)),
        ..*snap
    };
    let mut state = CycleState::default();
    let pre = fw.run_pre_filter(&mut state, pod, &view);
    if !pre.is_success() {
        return pre;
    }
    fw.run_filters(&state, pod, node)
}

fn start_time(p: &PodInfo) -> i64 {
    p.pod
        .status
        .as_ref()
        .and_then(|s| s.start_time.as_ref())
        .or(p.pod.metadata.creation_timestamp.as_ref())
        .map_or(0, |t| t.0.as_second())
}

/// The evictions on one node that make `pod` fit, or the node's status when none do.
fn select_victims(
    fw: &Framework,
    pod: &PodInfo,
    snap: &Snapshot<'_>,
    idx: usize,
    pdbs: &[Pdb],
) -> Result<Candidate, Status> {
    let mut node = snap.get(idx).clone();
    let mut potential: Vec<Arc<PodInfo>> = node
        .pods
        .iter()
        .filter(|p| p.priority < pod.priority)
        .cloned()
        .collect();
    if potential.is_empty() {
        return Err(Status::new(Code::UnschedulableAndUnresolvable, NO_VICTIMS));
    }
    for p in &potential {
        node.remove_pod(&p.uid);
    }
    let s = fits(fw, pod, snap, idx, &node);
    if !s.is_success() {
        return Err(s);
    }
    // Most important first: higher priority, then earlier start.
    potential.sort_by(|a, b| {
        b.priority
            .cmp(&a.priority)
            .then_with(|| start_time(a).cmp(&start_time(b)))
    });
    let (violating, other) = split_by_pdb(pdbs, potential);
    let mut victims = Vec::new();
    let mut pdb_violations = 0;
    for (group, is_violating) in [(violating, true), (other, false)] {
        for p in group {
            node.add_pod(p.clone());
            if !fits(fw, pod, snap, idx, &node).is_success() {
                node.remove_pod(&p.uid);
                if is_violating {
                    pdb_violations += 1;
                }
                victims.push(p);
            }
        }
    }
    Ok(Candidate {
        node: node.name.clone(),
        victims,
        pdb_violations,
    })
}

/// Whether the pod may preempt at all (upstream's PodEligibleToPreemptOthers).
pub fn eligible(pod: &PodInfo, snap: &Snapshot<'_>) -> Result<(), &'static str> {
    let spec = pod.pod.spec.as_ref();
    if spec.and_then(|s| s.preemption_policy.as_deref()) == Some("Never") {
        return Err(NOT_ELIGIBLE_NEVER);
    }
    let nominated = pod
        .pod
        .status
        .as_ref()
        .and_then(|s| s.nominated_node_name.as_deref());
    if let Some(n) = nominated.filter(|n| !n.is_empty())
        && let Some(node) = snap.iter().find(|x| x.name == n)
        && node
            .pods
            .iter()
            .any(|p| p.terminating && p.priority < pod.priority)
    {
        return Err(NOT_ELIGIBLE_TERMINATING);
    }
    Ok(())
}

/// The chosen candidate, or the PostFilter message (without the "preemption: " prefix).
pub fn preempt(
    fw: &Framework,
    pod: &PodInfo,
    snap: &Snapshot<'_>,
    diag: &Diagnosis,
    pdbs: &[Pdb],
) -> Result<Candidate, String> {
    eligible(pod, snap).map_err(str::to_string)?;
    let all = snap.len();
    let mut result = Diagnosis {
        num_all_nodes: all,
        ..Diagnosis::default()
    };
    let mut candidates = Vec::new();
    let max_candidates = (all / 10).max(100);
    for (name, status) in &diag.node_statuses {
        if status.code != Code::Unschedulable {
            continue;
        }
        let Some(idx) = snap.iter().position(|n| n.name == *name) else {
            continue;
        };
        match select_victims(fw, pod, snap, idx, pdbs) {
            Ok(c) => {
                candidates.push(c);
                if candidates.len() >= max_candidates {
                    break;
                }
            }
            Err(s) => result.node_statuses.push((name.clone(), s)),
        }
    }
    if candidates.is_empty() {
        let absent = all.saturating_sub(result.node_statuses.len());
        for _ in 0..absent {
            result.node_statuses.push((
                String::new(),
                Status::new(Code::UnschedulableAndUnresolvable, NOT_HELPFUL),
            ));
        }
        let msg = result.message();
        return Err(msg.strip_suffix('.').unwrap_or(&msg).to_string());
    }
    Ok(pick_one(candidates))
}

/// Upstream's pickOneNodeForPreemption criteria, in order.
fn pick_one(mut cs: Vec<Candidate>) -> Candidate {
    let key = |c: &Candidate| {
        let highest = c
            .victims
            .iter()
            .map(|v| v.priority)
            .max()
            .unwrap_or(i32::MIN);
        let sum: i64 = c
            .victims
            .iter()
            .map(|v| i64::from(v.priority) + i64::from(i32::MAX) + 1)
            .sum();
        let latest_start = c
            .victims
            .iter()
            .filter(|v| v.priority == highest)
            .map(|v| start_time(v))
            .min()
            .unwrap_or(i64::MAX);
        (
            c.pdb_violations,
            highest,
            sum,
            c.victims.len(),
            std::cmp::Reverse(latest_start),
        )
    };
    let mut best = 0;
    for i in 1..cs.len() {
        if key(&cs[i]) < key(&cs[best]) {
            best = i;
        }
    }
    cs.swap_remove(best)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::algorithm::Outcome;
    use crate::framework::testutil::{node, pod};
    use crate::plugins::Plugins;
    use serde_json::json;
    use std::collections::HashMap;

    fn cpu_pod(name: &str, cpu: &str, priority: i32) -> Arc<PodInfo> {
        Arc::new(pod(
            json!({"metadata": {"name": name}, "spec": {"priority": priority,
            "containers": [{"name": "c", "resources": {"requests": {"cpu": cpu}}}]}}),
        ))
    }

    fn two_cpu_node(name: &str) -> NodeInfo {
        node(
            json!({"metadata": {"name": name}, "status": {"allocatable": {"cpu": "2", "memory": "4Gi", "pods": "10"}}}),
        )
    }

    fn attempt(nodes: &[NodeInfo], p: &PodInfo) -> Result<Candidate, String> {
        let ns = HashMap::new();
        let snap = Snapshot {
            nodes,
            replaced: None,
            index: None,
            namespaces: &ns,
        };
        let mut fw = Framework::new(Plugins::default_profile());
        let Outcome::NoFit(d) = fw.schedule(p, &snap).0 else {
            panic!("expected no fit")
        };
        preempt(&fw, p, &snap, &d, &[])
    }

    #[test]
    fn evicts_only_as_many_lower_priority_pods_as_needed() {
        let mut n = two_cpu_node("n1");
        n.add_pod(cpu_pod("low1", "1", 0));
        n.add_pod(cpu_pod("low2", "1", 5));
        let c = attempt(&[n], &cpu_pod("high", "1", 100)).unwrap();
        assert_eq!(c.node, "n1");
        // The more important victim (priority 5) is reprieved.
        assert_eq!(
            c.victims
                .iter()
                .map(|v| v.name.as_str())
                .collect::<Vec<_>>(),
            vec!["low1"]
        );
    }

    #[test]
    fn prefers_the_node_whose_highest_victim_priority_is_lowest() {
        let mut a = two_cpu_node("a");
        a.add_pod(cpu_pod("a1", "2", 50));
        let mut b = two_cpu_node("b");
        b.add_pod(cpu_pod("b1", "2", 10));
        let c = attempt(&[a, b], &cpu_pod("high", "1", 100)).unwrap();
        assert_eq!(c.node, "b");
    }

    #[test]
    fn equal_or_higher_priority_pods_are_never_victims() {
        let mut n = two_cpu_node("n1");
        n.add_pod(cpu_pod("same", "2", 100));
        let err = attempt(&[n], &cpu_pod("p", "1", 100)).unwrap_err();
        assert_eq!(
            err,
            "0/1 nodes are available: 1 No preemption victims found for incoming pod"
        );
    }

    #[test]
    fn unresolvable_nodes_are_not_helpful() {
        let n = node(
            json!({"metadata": {"name": "t"}, "spec": {"taints": [{"key": "k", "effect": "NoSchedule"}]}}),
        );
        let err = attempt(&[n], &cpu_pod("p", "1", 100)).unwrap_err();
        assert_eq!(
            err,
            "0/1 nodes are available: 1 Preemption is not helpful for scheduling"
        );
    }

    #[test]
    fn prefers_victims_whose_eviction_keeps_their_disruption_budget() {
        let mut a = two_cpu_node("a");
        a.add_pod(Arc::new(pod(
            json!({"metadata": {"name": "guarded", "labels": {"app": "db"}}, "spec": {"priority": 0,
            "containers": [{"name": "c", "resources": {"requests": {"cpu": "2"}}}]}}),
        )));
        let mut b = two_cpu_node("b");
        b.add_pod(cpu_pod("free", "2", 10));
        let nodes = [a, b];
        let ns = HashMap::new();
        let snap = Snapshot {
            nodes: &nodes,
            replaced: None,
            index: None,
            namespaces: &ns,
        };
        let mut fw = Framework::new(Plugins::default_profile());
        let p = cpu_pod("high", "1", 100);
        let Outcome::NoFit(d) = fw.schedule(&p, &snap).0 else {
            panic!("expected no fit")
        };
        let sel: k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector =
            serde_json::from_value(json!({"matchLabels": {"app": "db"}})).unwrap();
        let pdb = Pdb {
            namespace: "default".into(),
            selector: crate::selectors::Selector::from_label_selector(Some(&sel)),
            allowed: 0,
        };
        // Without the budget the lower-priority victim on a wins; with it, b's victim does.
        assert_eq!(preempt(&fw, &p, &snap, &d, &[]).unwrap().node, "a");
        let c = preempt(&fw, &p, &snap, &d, &[pdb]).unwrap();
        assert_eq!((c.node.as_str(), c.pdb_violations), ("b", 0));
    }

    #[test]
    fn budgets_are_spent_in_order_of_importance() {
        let sel: k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector =
            serde_json::from_value(json!({"matchLabels": {"app": "web"}})).unwrap();
        let pdb = Pdb {
            namespace: "default".into(),
            selector: crate::selectors::Selector::from_label_selector(Some(&sel)),
            allowed: 1,
        };
        let web = |n: &str| {
            Arc::new(pod(
                json!({"metadata": {"name": n, "labels": {"app": "web"}}}),
            ))
        };
        let (violating, other) =
            split_by_pdb(&[pdb], vec![web("w1"), web("w2"), cpu_pod("x", "1", 0)]);
        assert_eq!(
            violating
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>(),
            vec!["w2"]
        );
        assert_eq!(other.len(), 2);
    }

    #[test]
    fn preemption_policy_never_is_not_eligible() {
        let mut n = two_cpu_node("n1");
        n.add_pod(cpu_pod("low", "2", 0));
        let p = pod(
            json!({"metadata": {"name": "p"}, "spec": {"priority": 100, "preemptionPolicy": "Never",
            "containers": [{"name": "c", "resources": {"requests": {"cpu": "1"}}}]}}),
        );
        assert_eq!(attempt(&[n], &p).unwrap_err(), NOT_ELIGIBLE_NEVER);
    }
}
