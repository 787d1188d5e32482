//! `/openapi/v2`: one Swagger 2.0 document with every served path and every definition.

use serde_json::{Map, Value, json};

use super::{Action, INFO_VERSION, Operation, Param, all_operations};

const PRODUCES: &[&str] = &[
    "application/json",
    "application/yaml",
    "application/vnd.kubernetes.protobuf",
];
const PATCH_TYPES: &[&str] = &[
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json",
    "application/apply-patch+yaml",
];

fn param(p: &Param) -> Value {
    let mut v = json!({"uniqueItems": true, "type": p.type_, "description": p.description, "name": p.name, "in": p.location});
    if p.location == "path" {
        v["required"] = json!(true);
    }
    v
}

fn reference(definition: &str) -> Value {
    json!({"$ref": format!("#/definitions/{definition}")})
}

fn operation(op: &Operation) -> Value {
    let mut params: Vec<Value> = Vec::new();
    if let Some(body) = &op.body {
        let required = !matches!(op.action, Action::Delete | Action::DeleteCollection);
        params.push(
            json!({"name": "body", "in": "body", "required": required, "schema": reference(body)}),
        );
    }
    params.extend(op.params.iter().map(param));
    let ok = json!({"description": "OK", "schema": reference(&op.response)});
    let mut responses = Map::new();
    responses.insert("200".into(), ok.clone());
    match op.action {
        Action::Post => {
            responses.insert(
                "201".into(),
                json!({"description": "Created", "schema": reference(&op.response)}),
            );
            responses.insert(
                "202".into(),
                json!({"description": "Accepted", "schema": reference(&op.response)}),
            );
        }
        Action::Put | Action::Patch => {
            responses.insert(
                "201".into(),
                json!({"description": "Created", "schema": reference(&op.response)}),
            );
        }
        Action::Delete => {
            responses.insert(
                "202".into(),
                json!({"description": "Accepted", "schema": reference(&op.response)}),
            );
        }
        _ => {}
    }
    responses.insert("401".into(), json!({"description": "Unauthorized"}));
    let consumes: &[&str] = if op.action == Action::Patch {
        PATCH_TYPES
    } else {
        &["*/*"]
    };
    let (g, v, k) = op.gvk;
    json!({
        "description": op.description,
        "consumes": consumes,
        "produces": PRODUCES,
        "schemes": ["https"],
        "tags": [op.tag],
        "operationId": op.operation_id,
        "parameters": params,
        "responses": responses,
        "x-kubernetes-action": op.action.as_str(),
        "x-kubernetes-group-version-kind": {"group": g, "kind": k, "version": v},
    })
}

/// Adds `ops` to an OpenAPI `paths` map, with their path-level parameters; `render` writes one
/// operation and `render_param` one parameter in the document's dialect.
pub(super) fn add_paths(
    paths: &mut Map<String, Value>,
    ops: &[Operation],
    render: impl Fn(&Operation) -> Value,
    render_param: impl Fn(&Param) -> Value,
) {
    for op in ops {
        let entry = paths.entry(op.path.clone()).or_insert_with(|| json!({}));
        if let Value::Object(item) = entry {
            item.insert(op.action.method().to_string(), render(op));
            item.entry("parameters").or_insert_with(|| {
                Value::Array(op.path_params.iter().map(&render_param).collect())
            });
        }
    }
}

/// The whole v2 document.
pub fn document() -> Value {
    let mut paths = Map::new();
    add_paths(&mut paths, &all_operations(), operation, param);
    let definitions = crate::schema::raw_definitions().unwrap_or_else(|_| json!({}));
    json!({
        "swagger": "2.0",
        "info": {"title": "Kubernetes", "version": INFO_VERSION},
        "paths": paths,
        "definitions": definitions,
        "securityDefinitions": {"BearerToken": {"description": "Bearer Token authentication", "type": "apiKey", "name": "authorization", "in": "header"}},
        "security": [{"BearerToken": []}],
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_deployment_patch_operation_names_its_kind_and_field_validation() {
        let doc = document();
        let patch =
            &doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
        assert_eq!(
            patch["x-kubernetes-group-version-kind"],
            json!({"group": "apps", "kind": "Deployment", "version": "v1"})
        );
        assert!(
            patch["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "fieldValidation" && p["in"] == "query")
        );
        assert_eq!(
            patch["parameters"][0]["schema"]["$ref"],
            "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"
        );
        assert!(
            doc["definitions"]["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["strategy"]
                .is_object()
        );
        let item = &doc["paths"]["/api/v1/namespaces/{namespace}/pods/{name}"];
        assert_eq!(item["parameters"][0]["name"], "name");
        assert_eq!(item["parameters"][1]["name"], "namespace");
    }
}
