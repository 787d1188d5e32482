//! Why a pod did not fit, in Kubernetes' words: the FitError summary
//! ("0/5 nodes are available: 3 Insufficient cpu, 2 node(s) had untolerated taint {k: v}.
//! preemption: …") and rk's `scheduler.rk.dev/unschedulable` annotation (reason → up to 50 nodes).

use std::collections::BTreeMap;

use crate::framework::Status;

/// Annotation naming, per reason, the nodes that gave it (interfaces.md "Scheduler → rkctl").
pub const UNSCHEDULABLE_ANNOTATION: &str = "scheduler.rk.dev/unschedulable";
/// At most this many nodes are listed per reason in the annotation.
pub const MAX_NODES_PER_REASON: usize = 50;
/// The message when the cluster has no nodes at all.
pub const NO_NODES_AVAILABLE: &str = "no nodes available to schedule pods";

/// What one scheduling attempt learned about each node.
#[derive(Clone, Debug, Default)]
pub struct Diagnosis {
    pub num_all_nodes: usize,
    /// Each rejected node's status (node name, status).
    pub node_statuses: Vec<(String, Status)>,
    /// Set when a PreFilter plugin rejected the pod for every node.
    pub pre_filter_msg: Option<String>,
    /// What preemption (PostFilter) said, already prefixed with "preemption: ".
    pub post_filter_msg: Option<String>,
}

impl Diagnosis {
    /// Upstream's FitError.Error().
    pub fn message(&self) -> String {
        let mut msg = format!("0/{} nodes are available:", self.num_all_nodes);
        if let Some(pre) = &self.pre_filter_msg {
            msg.push_str(&format!(" {pre}."));
        } else {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, s) in &self.node_statuses {
                for r in &s.reasons {
                    *counts.entry(r.as_str()).or_insert(0) += 1;
                }
            }
            let mut parts: Vec<String> = counts.iter().map(|(r, n)| format!("{n} {r}")).collect();
            parts.sort();
            if !parts.is_empty() {
                msg.push_str(&format!(" {}.", parts.join(", ")));
            }
        }
        if let Some(post) = &self.post_filter_msg {
            msg.push_str(&format!(" {post}."));
        }
        msg
    }

    /// `{"<reason>": ["node", …]}` with at most 50 nodes per reason, nodes in name order.
    pub fn annotation(&self) -> String {
        let mut by_reason: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        if let Some(pre) = &self.pre_filter_msg {
            let nodes = self.node_statuses.iter().map(|(n, _)| n.as_str()).collect();
            by_reason.insert(pre.clone(), nodes);
        } else {
            for (node, s) in &self.node_statuses {
                for r in &s.reasons {
                    by_reason.entry(r.clone()).or_default().push(node);
                }
            }
        }
        let map: serde_json::Map<String, serde_json::Value> = by_reason
            .into_iter()
            .map(|(r, mut nodes)| {
                nodes.sort_unstable();
                nodes.truncate(MAX_NODES_PER_REASON);
                (r, serde_json::Value::from(nodes))
            })
            .collect();
        serde_json::Value::Object(map).to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::framework::Code;

    fn diag(statuses: &[(&str, Code, &[&str])]) -> Diagnosis {
        Diagnosis {
            num_all_nodes: statuses.len(),
            node_statuses: statuses
                .iter()
                .map(|(n, c, r)| {
                    (
                        n.to_string(),
                        Status::with_reasons(*c, r.iter().map(|s| s.to_string()).collect()),
                    )
                })
                .collect(),
            ..Diagnosis::default()
        }
    }

    #[test]
    fn summary_counts_reasons_sorted_as_strings_and_appends_preemption() {
        let mut d = diag(&[
            ("n1", Code::Unschedulable, &["Insufficient cpu"]),
            ("n2", Code::Unschedulable, &["Insufficient cpu"]),
            ("n3", Code::Unschedulable, &["Insufficient cpu"]),
            (
                "n4",
                Code::UnschedulableAndUnresolvable,
                &["node(s) had untolerated taint {node-role: x}"],
            ),
            (
                "n5",
                Code::UnschedulableAndUnresolvable,
                &["node(s) had untolerated taint {node-role: x}"],
            ),
        ]);
        d.post_filter_msg = Some(
            "preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling"
                .into(),
        );
        assert_eq!(
            d.message(),
            "0/5 nodes are available: 2 node(s) had untolerated taint {node-role: x}, 3 Insufficient cpu. \
             preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling."
        );
    }

    #[test]
    fn a_node_with_several_reasons_counts_in_each() {
        let d = diag(&[(
            "n1",
            Code::Unschedulable,
            &["Insufficient cpu", "Insufficient memory"],
        )]);
        assert_eq!(
            d.message(),
            "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory."
        );
    }

    #[test]
    fn pre_filter_rejection_replaces_the_per_node_histogram() {
        let mut d = diag(&[("n1", Code::UnschedulableAndUnresolvable, &["x"])]);
        d.pre_filter_msg = Some("node(s) didn't match pod affinity rules".into());
        assert_eq!(
            d.message(),
            "0/1 nodes are available: node(s) didn't match pod affinity rules."
        );
    }

    #[test]
    fn annotation_lists_at_most_fifty_nodes_per_reason_in_name_order() {
        let names: Vec<String> = (0..60).map(|i| format!("n{i:02}")).collect();
        let statuses: Vec<(&str, Code, &[&str])> = names
            .iter()
            .map(|n| (n.as_str(), Code::Unschedulable, &["Insufficient cpu"][..]))
            .collect();
        let d = diag(&statuses);
        let v: serde_json::Value = serde_json::from_str(&d.annotation()).unwrap();
        let nodes = v["Insufficient cpu"].as_array().unwrap();
        assert_eq!(nodes.len(), 50);
        assert_eq!(nodes[0], "n00");
    }
}
