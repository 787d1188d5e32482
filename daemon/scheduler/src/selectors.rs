//! Label selectors (pod affinity, topology spread) and node selector terms (node affinity), compiled
//! once per pod and matched without allocating.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{NodeSelectorRequirement, NodeSelectorTerm};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

pub type Labels = BTreeMap<String, String>;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Op {
    In(Vec<String>),
    NotIn(Vec<String>),
    Exists,
    DoesNotExist,
    Gt(i64),
    Lt(i64),
    /// A requirement that can never match (an unknown operator or a malformed value).
    Never,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Requirement {
    key: String,
    op: Op,
}

impl Requirement {
    fn matches(&self, labels: &Labels) -> bool {
        let v = labels.get(&self.key);
        match &self.op {
            Op::In(vals) => v.is_some_and(|v| vals.iter().any(|x| x == v)),
            Op::NotIn(vals) => v.is_none_or(|v| !vals.iter().any(|x| x == v)),
            Op::Exists => v.is_some(),
            Op::DoesNotExist => v.is_none(),
            Op::Gt(n) => v
                .and_then(|v| v.parse::<i64>().ok())
                .is_some_and(|x| x > *n),
            Op::Lt(n) => v
                .and_then(|v| v.parse::<i64>().ok())
                .is_some_and(|x| x < *n),
            Op::Never => false,
        }
    }
}

/// A compiled metav1.LabelSelector. `None` in the API (no selector) selects nothing; an empty
/// selector selects everything.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Selector {
    reqs: Vec<Requirement>,
    nothing: bool,
}

impl Selector {
    pub fn nothing() -> Selector {
        Selector {
            reqs: Vec::new(),
            nothing: true,
        }
    }

    pub fn everything() -> Selector {
        Selector::default()
    }

    /// Compiles a LabelSelector; `None` selects nothing (as upstream's LabelSelectorAsSelector).
    pub fn from_label_selector(sel: Option<&LabelSelector>) -> Selector {
        let Some(sel) = sel else {
            return Selector::nothing();
        };
        let mut reqs = Vec::new();
        for (k, v) in sel.match_labels.iter().flatten() {
            reqs.push(Requirement {
                key: k.clone(),
                op: Op::In(vec![v.clone()]),
            });
        }
        for e in sel.match_expressions.iter().flatten() {
            let values = e.values.clone().unwrap_or_default();
            let op = match e.operator.as_str() {
                "In" => Op::In(values),
                "NotIn" => Op::NotIn(values),
                "Exists" => Op::Exists,
                "DoesNotExist" => Op::DoesNotExist,
                _ => Op::Never,
            };
            reqs.push(Requirement {
                key: e.key.clone(),
                op,
            });
        }
        Selector {
            reqs,
            nothing: false,
        }
    }

    /// Adds `key in (value)` (matchLabelKeys) or `key notin (value)` (mismatchLabelKeys).
    pub fn add_requirement(&mut self, key: &str, value: &str, equal: bool) {
        let vals = vec![value.to_string()];
        self.reqs.push(Requirement {
            key: key.to_string(),
            op: if equal { Op::In(vals) } else { Op::NotIn(vals) },
        });
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        !self.nothing && self.reqs.iter().all(|r| r.matches(labels))
    }

    pub fn is_everything(&self) -> bool {
        !self.nothing && self.reqs.is_empty()
    }
}

/// A compiled NodeSelectorTerm: every expression and every field expression must hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeTerm {
    exprs: Vec<Requirement>,
    /// matchFields on metadata.name.
    fields: Vec<Requirement>,
}

fn node_requirement(r: &NodeSelectorRequirement) -> Requirement {
    let values = r.values.clone().unwrap_or_default();
    let single_int = || {
        if values.len() == 1 {
            values[0].parse::<i64>().ok()
        } else {
            None
        }
    };
    let op = match r.operator.as_str() {
        "In" => Op::In(values.clone()),
        "NotIn" => Op::NotIn(values.clone()),
        "Exists" => Op::Exists,
        "DoesNotExist" => Op::DoesNotExist,
        "Gt" => single_int().map_or(Op::Never, Op::Gt),
        "Lt" => single_int().map_or(Op::Never, Op::Lt),
        _ => Op::Never,
    };
    Requirement {
        key: r.key.clone(),
        op,
    }
}

impl NodeTerm {
    pub fn compile(t: &NodeSelectorTerm) -> NodeTerm {
        let exprs = t
            .match_expressions
            .iter()
            .flatten()
            .map(node_requirement)
            .collect();
        let fields = t
            .match_fields
            .iter()
            .flatten()
            .map(|r| {
                let mut req = node_requirement(r);
                if r.key != "metadata.name" || !matches!(req.op, Op::In(_) | Op::NotIn(_)) {
                    req.op = Op::Never;
                }
                req
            })
            .collect();
        NodeTerm { exprs, fields }
    }

    /// An empty term (no expressions and no fields) matches no node, as upstream.
    pub fn matches(&self, node_name: &str, labels: &Labels) -> bool {
        if self.exprs.is_empty() && self.fields.is_empty() {
            return false;
        }
        if !self.exprs.iter().all(|r| r.matches(labels)) {
            return false;
        }
        self.fields.iter().all(|r| match &r.op {
            Op::In(v) => v.iter().any(|x| x == node_name),
            Op::NotIn(v) => !v.iter().any(|x| x == node_name),
            _ => false,
        })
    }
}

/// Terms ORed together (a NodeSelector).
pub fn any_term_matches(terms: &[NodeTerm], node_name: &str, labels: &Labels) -> bool {
    terms.iter().any(|t| t.matches(node_name, labels))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn absent_selector_selects_nothing_and_empty_selects_everything() {
        assert!(!Selector::from_label_selector(None).matches(&labels(&[])));
        let empty = LabelSelector::default();
        assert!(Selector::from_label_selector(Some(&empty)).matches(&labels(&[("a", "b")])));
    }

    #[test]
    fn label_selector_expressions_follow_kubernetes_semantics() {
        let sel: LabelSelector = serde_json::from_value(serde_json::json!({
            "matchLabels": {"app": "web"},
            "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]},
                                 {"key": "env", "operator": "Exists"}]}))
        .unwrap();
        let s = Selector::from_label_selector(Some(&sel));
        assert!(s.matches(&labels(&[("app", "web"), ("env", "x")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("env", "x"), ("tier", "db")])));
        assert!(!s.matches(&labels(&[("app", "web")])));
    }

    #[test]
    fn node_terms_support_gt_lt_and_match_fields_and_empty_terms_match_nothing() {
        let t: NodeSelectorTerm = serde_json::from_value(serde_json::json!({
            "matchExpressions": [{"key": "cores", "operator": "Gt", "values": ["4"]}],
            "matchFields": [{"key": "metadata.name", "operator": "In", "values": ["n1"]}]}))
        .unwrap();
        let t = NodeTerm::compile(&t);
        assert!(t.matches("n1", &labels(&[("cores", "8")])));
        assert!(!t.matches("n2", &labels(&[("cores", "8")])));
        assert!(!t.matches("n1", &labels(&[("cores", "4")])));
        assert!(!t.matches("n1", &labels(&[("cores", "x")])));
        let empty = NodeTerm::compile(&NodeSelectorTerm::default());
        assert!(!empty.matches("n1", &labels(&[])));
    }
}
