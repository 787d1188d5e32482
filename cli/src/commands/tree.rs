//! `rkctl tree TYPE/NAME`: the object and everything it owns, transitively (ownerReferences),
//! with each object's readiness — what the kubectl-tree plugin prints, built in.
//!
//! Like that plugin it lists every listable namespaced resource of the object's namespace (one
//! request per resource type, preferred versions only) and links children to owners by uid;
//! [`build`] and [`render`] are pure so the layout is unit-tested.

use std::collections::{BTreeMap, HashSet};

use clap::Args;
use serde_json::Value;

use crate::client::Ctx;
use crate::commands::get::{resolve_requests, write_out};
use crate::discovery::Discovery;
use crate::error::{Error, Result};
use crate::output::describe::{human_duration, seconds_since};
use crate::output::tabwriter::align;

#[derive(Args, Debug, Clone)]
pub struct TreeArgs {
    /// TYPE/NAME or TYPE NAME.
    pub resources: Vec<String>,
}

/// One object of the tree, in print order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub depth: usize,
    /// Whether it is the last child of its parent (└─ rather than ├─).
    pub last: bool,
    /// For each ancestor level above this one, whether a line continues there (│).
    pub rails: Vec<bool>,
    pub namespace: String,
    /// `Kind/name`.
    pub name: String,
    pub ready: String,
    pub reason: String,
    pub age: String,
}

fn s<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

/// READY and REASON as kubectl-tree shows them: the Ready condition (or, for objects without
/// one, Available / Complete), else `-`.
fn readiness(obj: &Value) -> (String, String) {
    let conditions = obj
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for kind in ["Ready", "Available", "Complete", "Failed"] {
        if let Some(c) = conditions.iter().find(|c| s(c, "/type") == kind) {
            let status = s(c, "/status");
            let reason = if status == "True" && kind == "Ready" {
                String::new()
            } else {
                s(c, "/reason").to_string()
            };
            let ready = if kind == "Failed" && status == "True" {
                "False".to_string()
            } else {
                status.to_string()
            };
            return (ready, reason);
        }
    }
    ("-".to_string(), String::new())
}

/// The tree under `root` among `objects` (any kinds, each with `kind` set), children sorted by
/// kind then name.
pub fn build(root: &Value, objects: &[Value]) -> Vec<Row> {
    let mut children: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for o in objects {
        for r in o
            .pointer("/metadata/ownerReferences")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            children
                .entry(s(r, "/uid").to_string())
                .or_default()
                .push(o);
        }
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| {
            (s(a, "/kind"), s(a, "/metadata/name")).cmp(&(s(b, "/kind"), s(b, "/metadata/name")))
        });
        list.dedup_by(|a, b| s(a, "/metadata/uid") == s(b, "/metadata/uid"));
    }
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    walk(root, 0, true, &mut Vec::new(), &children, &mut seen, &mut rows);
    rows
}

fn walk(
    obj: &Value,
    depth: usize,
    last: bool,
    rails: &mut Vec<bool>,
    children: &BTreeMap<String, Vec<&Value>>,
    seen: &mut HashSet<String>,
    rows: &mut Vec<Row>,
) {
    let uid = s(obj, "/metadata/uid").to_string();
    let (ready, reason) = readiness(obj);
    rows.push(Row {
        depth,
        last,
        rails: rails.clone(),
        namespace: s(obj, "/metadata/namespace").to_string(),
        name: format!("{}/{}", s(obj, "/kind"), s(obj, "/metadata/name")),
        ready,
        reason,
        age: seconds_since(s(obj, "/metadata/creationTimestamp"))
            .map(human_duration)
            .unwrap_or_else(|| "<unknown>".into()),
    });
    // An ownership cycle (possible with hand-written references) is printed once.
    if uid.is_empty() || !seen.insert(uid.clone()) {
        return;
    }
    let kids = children.get(&uid).map(Vec::as_slice).unwrap_or(&[]);
    if depth > 0 {
        rails.push(!last);
    }
    for (i, child) in kids.iter().enumerate() {
        walk(child, depth + 1, i + 1 == kids.len(), rails, children, seen, rows);
    }
    if depth > 0 {
        rails.pop();
    }
}

/// The table kubectl-tree prints.
pub fn render(rows: &[Row]) -> String {
    let mut lines = vec!["NAMESPACE\tNAME\tREADY\tREASON\tAGE".to_string()];
    for r in rows {
        let mut name = String::new();
        if r.depth > 0 {
            for rail in &r.rails {
                name.push_str(if *rail { "│ " } else { "  " });
            }
            name.push_str(if r.last { "└─" } else { "├─" });
        }
        name.push_str(&r.name);
        let ns = if r.namespace.is_empty() { "" } else { &r.namespace };
        lines.push(format!("{ns}\t{name}\t{}\t{}\t{}", r.ready, r.reason, r.age));
    }
    align(&lines)
}

pub async fn run(ctx: &Ctx, args: &TreeArgs) -> Result<()> {
    if args.resources.is_empty() {
        return Err(Error::Usage(
            "You must specify the type of resource and its name, e.g. rkctl tree deployment/web"
                .into(),
        ));
    }
    let mut discovery = Discovery::load(ctx).await?;
    let requests = resolve_requests(ctx, &mut discovery, &args.resources).await?;
    let listable: Vec<_> = discovery
        .resources
        .iter()
        .filter(|r| r.preferred && r.namespaced && r.verbs.iter().any(|v| v == "list"))
        // Events own nothing, and metrics.k8s.io's PodMetrics only mirror their pods.
        .filter(|r| !r.resource.contains('/') && r.kind != "Event" && r.group != "metrics.k8s.io")
        .cloned()
        .collect();
    discovery.finish().await;
    let out = std::io::stdout();
    let mut out = out.lock();
    for req in requests {
        let ns = req.resource.namespaced.then_some(ctx.namespace.as_str());
        for name in &req.names {
            let mut root = ctx
                .get_json(&req.resource.object_path(ns, name), "application/json")
                .await?;
            if root.get("kind").is_none() {
                root["kind"] = Value::String(req.resource.kind.clone());
            }
            // Dependents live in the owner's namespace (or, for a cluster-scoped owner, anywhere).
            let mut objects = Vec::new();
            for r in &listable {
                let list = match ctx
                    .get_json(&r.collection_path(ns), "application/json")
                    .await
                {
                    Ok(l) => l,
                    // A type this user may not list is left out, as kubectl-tree does.
                    Err(_) => continue,
                };
                for mut item in list
                    .get("items")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
                {
                    if item.pointer("/metadata/ownerReferences").is_some() {
                        item["kind"] = Value::String(r.kind.clone());
                        objects.push(item);
                    }
                }
            }
            write_out(&mut out, &render(&build(&root, &objects)))?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(kind: &str, name: &str, uid: &str, owner: Option<&str>, status: Value) -> Value {
        let mut v = json!({"kind": kind, "metadata": {"name": name, "namespace": "default", "uid": uid,
            "creationTimestamp": "2020-01-01T00:00:00Z"}, "status": status});
        if let Some(o) = owner {
            v["metadata"]["ownerReferences"] = json!([{"uid": o, "kind": "X", "name": "x"}]);
        }
        v
    }

    #[test]
    fn a_deployment_shows_its_replicasets_and_their_pods_with_readiness() {
        let d = obj("Deployment", "web", "d", None, json!({"conditions": [{"type": "Available", "status": "True"}]}));
        let objects = vec![
            obj("ReplicaSet", "web-2", "r2", Some("d"), json!({})),
            obj("ReplicaSet", "web-1", "r1", Some("d"), json!({})),
            obj("Pod", "web-1-a", "p1", Some("r1"), json!({"conditions": [{"type": "Ready", "status": "True"}]})),
            obj("Pod", "web-1-b", "p2", Some("r1"), json!({"conditions": [{"type": "Ready", "status": "False", "reason": "ContainersNotReady"}]})),
            obj("Pod", "web-2-a", "p3", Some("r2"), json!({})),
            obj("Pod", "other", "p4", Some("zz"), json!({})),
        ];
        let rows = build(&d, &objects);
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["Deployment/web", "ReplicaSet/web-1", "Pod/web-1-a", "Pod/web-1-b", "ReplicaSet/web-2", "Pod/web-2-a"]
        );
        let text = render(&rows);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("NAMESPACE   NAME"), "{text}");
        assert!(lines[1].contains("Deployment/web ") && lines[1].contains("True"), "{text}");
        assert!(lines[2].contains("├─ReplicaSet/web-1"), "{text}");
        assert!(lines[3].contains("│ ├─Pod/web-1-a"), "{text}");
        assert!(lines[4].contains("│ └─Pod/web-1-b") && lines[4].contains("ContainersNotReady"), "{text}");
        assert!(lines[5].contains("└─ReplicaSet/web-2"), "{text}");
        assert!(lines[6].contains("  └─Pod/web-2-a") && lines[6].contains('-'), "{text}");
        assert!(!text.contains("other"), "{text}");
    }

    #[test]
    fn an_ownership_cycle_is_printed_once() {
        let a = obj("ConfigMap", "a", "a", Some("b"), json!({}));
        let b = obj("ConfigMap", "b", "b", Some("a"), json!({}));
        let rows = build(&a, &[a.clone(), b]);
        assert_eq!(rows.len(), 3, "{rows:?}");
    }
}
