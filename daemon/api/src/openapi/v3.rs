//! `/openapi/v3/{api/v1 | apis/G/V}`: one OpenAPI 3.0 document per group-version with its paths and
//! the `components.schemas` they reach. Schemas are the v2 definitions with references moved to
//! `#/components/schemas/` and, as upstream writes them, a reference that carries siblings
//! (a property's description, its patch strategy) wrapped in a one-element `allOf`, because OpenAPI 3.0
//! ignores a `$ref`'s siblings.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::v2::add_paths;
use super::{Action, INFO_VERSION, Operation, Param, operations};

const REF_V2: &str = "#/definitions/";
const REF_V3: &str = "#/components/schemas/";
const MEDIA: &[&str] = &[
    "application/json",
    "application/yaml",
    "application/vnd.kubernetes.protobuf",
];
const PATCH_TYPES: &[&str] = &[
    "application/apply-patch+yaml",
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json",
];

/// A v2 schema as v3 writes it.
pub fn convert(schema: &Value) -> Value {
    match schema {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                if k == "$ref" {
                    continue;
                }
                out.insert(k.clone(), convert(v));
            }
            if let Some(Value::String(r)) = m.get("$ref") {
                let r = json!({"$ref": r.replacen(REF_V2, REF_V3, 1)});
                if out.is_empty() {
                    return r;
                }
                out.insert("allOf".into(), json!([r]));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(convert).collect()),
        other => other.clone(),
    }
}

fn refs_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(name) = m
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix(REF_V2))
            {
                out.push(name.to_string());
            }
            m.values().for_each(|c| refs_in(c, out));
        }
        Value::Array(a) => a.iter().for_each(|c| refs_in(c, out)),
        _ => {}
    }
}

fn param(p: &Param) -> Value {
    let mut v = json!({"name": p.name, "in": p.location, "description": p.description, "schema": {"type": p.type_, "uniqueItems": true}});
    if p.location == "path" {
        v["required"] = json!(true);
    }
    v
}

fn content(definition: &str, types: &[&str]) -> Value {
    let mut m = Map::new();
    for t in types {
        m.insert(
            (*t).to_string(),
            json!({"schema": {"$ref": format!("{REF_V3}{definition}")}}),
        );
    }
    Value::Object(m)
}

fn operation(op: &Operation) -> Value {
    let mut responses = Map::new();
    responses.insert(
        "200".into(),
        json!({"description": "OK", "content": content(&op.response, MEDIA)}),
    );
    if matches!(op.action, Action::Post | Action::Put | Action::Patch) {
        responses.insert(
            "201".into(),
            json!({"description": "Created", "content": content(&op.response, MEDIA)}),
        );
    }
    if matches!(op.action, Action::Post | Action::Delete) {
        responses.insert(
            "202".into(),
            json!({"description": "Accepted", "content": content(&op.response, MEDIA)}),
        );
    }
    responses.insert("401".into(), json!({"description": "Unauthorized"}));
    let (g, v, k) = op.gvk;
    let mut o = json!({
        "tags": [op.tag],
        "description": op.description,
        "operationId": op.operation_id,
        "parameters": op.params.iter().map(param).collect::<Vec<_>>(),
        "responses": responses,
        "x-kubernetes-action": op.action.as_str(),
        "x-kubernetes-group-version-kind": {"group": g, "kind": k, "version": v},
    });
    if let Some(body) = &op.body {
        let types: &[&str] = if op.action == Action::Patch {
            PATCH_TYPES
        } else {
            &["*/*"]
        };
        let required = !matches!(op.action, Action::Delete | Action::DeleteCollection);
        o["requestBody"] = json!({"content": content(body, types), "required": required});
    }
    o
}

/// The document of one group-version (`""`/`v1` is `/openapi/v3/api/v1`), or `None` when it is not served.
pub fn group_version(group: &str, version: &str) -> Option<Value> {
    let ops: Vec<Operation> = crate::resources::all()
        .iter()
        .filter(|r| r.group == group && r.version == version)
        .flat_map(operations)
        .collect();
    if ops.is_empty() {
        return None;
    }
    let mut paths = Map::new();
    add_paths(&mut paths, &ops, operation, param);
    let raw = crate::schema::raw_definitions().ok()?;
    // Every definition the operations reach, transitively.
    let mut todo: Vec<String> = Vec::new();
    for op in &ops {
        todo.push(op.response.clone());
        todo.extend(op.body.iter().cloned());
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(def) = raw.get(&name) {
            refs_in(def, &mut todo);
        }
    }
    let mut schemas = Map::new();
    for name in seen {
        if let Some(def) = raw.get(&name) {
            schemas.insert(name, convert(def));
        }
    }
    Some(json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": INFO_VERSION},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"BearerToken": {"type": "apiKey", "description": "Bearer Token authentication", "name": "authorization", "in": "header"}},
        },
    }))
}

/// The key of a group-version in `/openapi/v3`'s `paths`: `api/v1`, `apis/apps/v1`.
pub fn discovery_key(group: &str, version: &str) -> String {
    if group.is_empty() {
        format!("api/{version}")
    } else {
        format!("apis/{group}/{version}")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn references_with_siblings_are_wrapped_in_all_of() {
        let v = convert(&json!({"properties": {
            "a": {"$ref": "#/definitions/X", "description": "d"},
            "b": {"type": "array", "items": {"$ref": "#/definitions/Y"}},
        }}));
        assert_eq!(
            v["properties"]["a"],
            json!({"allOf": [{"$ref": "#/components/schemas/X"}], "description": "d"})
        );
        assert_eq!(
            v["properties"]["b"]["items"],
            json!({"$ref": "#/components/schemas/Y"})
        );
    }

    #[test]
    fn the_apps_document_has_deployments_and_the_schemas_they_reach() {
        let doc = group_version("apps", "v1").unwrap();
        let patch =
            &doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
        assert!(
            patch["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "fieldValidation")
        );
        assert_eq!(
            patch["x-kubernetes-group-version-kind"]["kind"],
            "Deployment"
        );
        let schemas = &doc["components"]["schemas"];
        let strategy = &schemas["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["strategy"];
        assert_eq!(strategy["x-kubernetes-patch-strategy"], "retainKeys");
        assert_eq!(
            strategy["allOf"][0]["$ref"],
            "#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy"
        );
        assert!(schemas["io.k8s.api.core.v1.Container"].is_object());
        assert!(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"].is_object());
        assert!(schemas.get("io.k8s.api.batch.v1.Job").is_none());
        assert!(group_version("apps", "v9").is_none());
        assert!(group_version("", "v1").unwrap()["paths"]["/api/v1/namespaces/{namespace}/pods"]["post"].is_object());
    }
}
