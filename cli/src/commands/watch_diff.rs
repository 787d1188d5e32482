//! `rkctl get -w --diff` (issue 10): after the table, each watch event as one line
//! (`MODIFIED pod/web-1`), and for a modification the fields that changed, one a line —
//! `~ status.phase: "Pending" → "Running"`, `+ metadata.labels.tier: "db"`, `- spec.x: 1` —
//! with list items named by their `name` (`spec.containers[web].image`). resourceVersion and
//! managedFields, which change on every write, are left out.

use std::collections::{BTreeMap, HashMap};

use futures::{AsyncBufReadExt, StreamExt};
use serde_json::Value;

use crate::client::{Ctx, with_query};
use crate::discovery::ApiResource;
use crate::error::{Error, Result};
use crate::output::json::compact;

/// Fields that change on every write and say nothing.
const NOISE: &[&str] = &["metadata.resourceVersion", "metadata.managedFields"];

/// Every leaf of `v` by its path.
pub fn flatten(v: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    walk(v, String::new(), &mut out);
    out
}

fn walk(v: &Value, path: String, out: &mut BTreeMap<String, Value>) {
    if NOISE.iter().any(|n| path == *n) {
        return;
    }
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, child) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(child, p, out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let named = a.iter().all(|i| i["name"].is_string());
            for (idx, child) in a.iter().enumerate() {
                let key = if named {
                    child["name"].as_str().unwrap_or_default().to_string()
                } else {
                    idx.to_string()
                };
                walk(child, format!("{path}[{key}]"), out);
            }
        }
        leaf => {
            out.insert(path, leaf.clone());
        }
    }
}

/// The changed fields between two versions of an object, one line each.
pub fn field_diff(old: &Value, new: &Value) -> Vec<String> {
    let (a, b) = (flatten(old), flatten(new));
    let mut lines = Vec::new();
    for (k, v) in &b {
        match a.get(k) {
            None => lines.push(format!("+ {k}: {}", compact(v))),
            Some(o) if o != v => lines.push(format!("~ {k}: {} → {}", compact(o), compact(v))),
            Some(_) => {}
        }
    }
    for (k, v) in &a {
        if !b.contains_key(k) {
            lines.push(format!("- {k}: {}", compact(v)));
        }
    }
    lines
}

fn key(o: &Value) -> String {
    format!(
        "{}/{}",
        o["metadata"]["namespace"].as_str().unwrap_or_default(),
        o["metadata"]["name"].as_str().unwrap_or_default()
    )
}

/// Lists (to know each object's last state), then watches and prints each event with its diff.
pub async fn watch(
    ctx: &Ctx,
    resource: &ApiResource,
    namespace: Option<&str>,
    params: Vec<(&'static str, String)>,
) -> Result<()> {
    let collection = resource.collection_path(namespace);
    let list = ctx
        .get_json(&with_query(&collection, &params), "application/json")
        .await?;
    let mut last: HashMap<String, Value> = HashMap::new();
    for item in list["items"].as_array().into_iter().flatten() {
        last.insert(key(item), item.clone());
    }
    let rv = list["metadata"]["resourceVersion"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut params = params;
    params.push(("watch", "true".into()));
    params.push(("resourceVersion", rv));
    params.push(("allowWatchBookmarks", "true".into()));
    let request = http::Request::builder()
        .uri(with_query(&collection, &params))
        .header(http::header::ACCEPT, "application/json")
        .body(Vec::new())
        .map_err(|e| Error::Usage(e.to_string()))?;
    let stream = ctx.client.request_stream(request).await?;
    let mut lines = stream.lines();
    let prefix = resource.kind_prefix();
    while let Some(line) = lines.next().await {
        let line = line.map_err(|source| Error::Io {
            context: "reading the watch".into(),
            source,
        })?;
        let Ok(event) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let object = event["object"].clone();
        let name = object["metadata"]["name"].as_str().unwrap_or_default();
        let kind = event["type"].as_str().unwrap_or_default();
        let mut text = String::new();
        match kind {
            "ERROR" => {
                let status: kube::core::Status = serde_json::from_value(object).unwrap_or_default();
                return Err(Error::Server(Box::new(status)));
            }
            "BOOKMARK" => continue,
            "MODIFIED" => {
                text.push_str(&format!("MODIFIED {prefix}/{name}\n"));
                if let Some(old) = last.get(&key(&object)) {
                    for l in field_diff(old, &object) {
                        text.push_str(&format!("    {l}\n"));
                    }
                }
                last.insert(key(&object), object);
            }
            "DELETED" => {
                text.push_str(&format!("DELETED {prefix}/{name}\n"));
                last.remove(&key(&object));
            }
            _ => {
                text.push_str(&format!("{kind} {prefix}/{name}\n"));
                last.insert(key(&object), object);
            }
        }
        crate::output::stdout(&text);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_diffs_name_list_items_and_skip_resource_versions() {
        let old = json!({
            "metadata": {"name": "p", "resourceVersion": "1", "labels": {"a": "1"}},
            "spec": {"containers": [{"name": "web", "image": "nginx:1"}]},
            "status": {"phase": "Pending", "x": 1}
        });
        let new = json!({
            "metadata": {"name": "p", "resourceVersion": "2", "labels": {"a": "1", "tier": "db"}},
            "spec": {"containers": [{"name": "web", "image": "nginx:2"}]},
            "status": {"phase": "Running"}
        });
        assert_eq!(
            field_diff(&old, &new),
            [
                "+ metadata.labels.tier: \"db\"",
                "~ spec.containers[web].image: \"nginx:1\" → \"nginx:2\"",
                "~ status.phase: \"Pending\" → \"Running\"",
                "- status.x: 1",
            ]
        );
    }
}
