//! PATCH bodies other than apply: JSON patch (RFC 6902, `test` included), merge patch
//! (RFC 7396) and strategic merge patch (rk_api::patch, over the served type's schema), decoded
//! and applied with the answers kube-apiserver gives for bad ones.

use http::HeaderMap;
use rk_api::patch::{Error as SmpError, Schema, strategic};
use rk_api::resources::ResourceInfo;
use rk_api::status::ApiError;
use serde_json::Value;

/// kube-apiserver's limit on the operations of one JSON patch.
pub const MAX_JSON_PATCH_OPERATIONS: usize = 10_000;

/// The four kinds of PATCH.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Json,
    Merge,
    Strategic,
    Apply,
}

impl Kind {
    /// The patch kind of a Content-Type; anything else is 415 with the accepted types listed.
    pub fn from_headers(headers: &HeaderMap) -> Result<Kind, ApiError> {
        let content_type = headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let essence = content_type.split(';').next().unwrap_or("").trim();
        match essence {
            "application/json-patch+json" => Ok(Kind::Json),
            "application/merge-patch+json" => Ok(Kind::Merge),
            "application/strategic-merge-patch+json" => Ok(Kind::Strategic),
            "application/apply-patch+yaml" | "application/apply-patch+cbor" if essence.ends_with("yaml") => Ok(Kind::Apply),
            _ => Err(ApiError {
                code: 415,
                reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format - accepted media types include: \
                          application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, \
                          application/strategic-merge-patch+json"
                    .into(),
                details: None,
            }),
        }
    }
}

/// The schema strategic merge patch and apply use for a served resource.
pub fn schema_of(r: &ResourceInfo) -> Schema<'static> {
    Schema::served(r.group, r.version, r.kind)
}

/// Go's json.Unmarshal message for a value of the wrong JSON type.
fn cannot_unmarshal(v: &Value, into: &str) -> String {
    let what = match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    format!("json: cannot unmarshal {what} into Go value of type {into}")
}

fn parse(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON in the patch: {e}")))
}

/// Applies a JSON, merge or strategic merge patch to `old`.
pub fn apply(kind: Kind, r: &ResourceInfo, old: &Value, body: &[u8]) -> Result<Value, ApiError> {
    match kind {
        Kind::Json => json_patch(old, body),
        Kind::Merge => {
            let patch = parse(body)?;
            if !patch.is_object() {
                return Err(ApiError::bad_request(format!(
                    "error decoding patch: {}",
                    cannot_unmarshal(&patch, "map[string]interface {}")
                )));
            }
            let mut new = old.clone();
            json_patch::merge(&mut new, &patch);
            Ok(new)
        }
        Kind::Strategic => {
            let patch = parse(body)?;
            if !patch.is_object() {
                return Err(ApiError::bad_request(cannot_unmarshal(
                    &patch,
                    "map[string]interface {}",
                )));
            }
            let mut new = strategic::apply(old.clone(), patch, schema_of(r)).map_err(smp_error)?;
            drop_directives(&mut new);
            Ok(new)
        }
        Kind::Apply => Err(ApiError::internal(
            "apply patches go through server-side apply",
        )),
    }
}

/// RFC 6902: a body that is not a list of operations is 400; an operation that fails (a `test`
/// that does not hold, a path that does not exist) is kube-apiserver's bare 422.
fn json_patch(old: &Value, body: &[u8]) -> Result<Value, ApiError> {
    let patch = parse(body)?;
    let Value::Array(ops) = &patch else {
        return Err(ApiError::bad_request(cannot_unmarshal(
            &patch,
            "jsonpatch.Patch",
        )));
    };
    if let Some(bad) = ops.iter().find(|op| !op.is_object()) {
        return Err(ApiError::bad_request(cannot_unmarshal(
            bad,
            "jsonpatch.Operation",
        )));
    }
    if ops.len() > MAX_JSON_PATCH_OPERATIONS {
        return Err(ApiError {
            code: 413,
            reason: "RequestEntityTooLarge",
            message: format!(
                "Request entity too large: The allowed maximum operations in a JSON patch is {MAX_JSON_PATCH_OPERATIONS}, got {}",
                ops.len()
            ),
            details: None,
        });
    }
    let rejected = || {
        let mut e = ApiError::invalid("", "", "", Vec::new());
        e.message = "the server rejected our request due to an error in our request".into();
        e.details = Some(Box::default());
        e
    };
    let ops: json_patch::Patch = serde_json::from_value(patch).map_err(|_| rejected())?;
    let mut new = old.clone();
    // On a copy: no rollback (json-patch's undo panics on some failed moves).
    json_patch::patch_unsafe(&mut new, &ops).map_err(|_| rejected())?;
    Ok(new)
}

/// A strategic merge patch error as kube-apiserver answers it (interpretStrategicMergePatchError).
pub fn smp_error(e: SmpError) -> ApiError {
    let code = e.http_code();
    match e.reason() {
        "BadRequest" => ApiError::bad_request(e.to_string()),
        _ if code == 422 => {
            let mut err = ApiError::invalid("", "", "", Vec::new());
            err.message = e.to_string();
            err.details = Some(Box::default());
            err
        }
        _ => ApiError {
            code,
            reason: "",
            message: e.to_string(),
            details: None,
        },
    }
}

/// Directives a patch leaves where nothing was merged (a typed decode drops them upstream).
fn drop_directives(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|k, _| {
                !(k == strategic_directive::PATCH
                    || k == strategic_directive::RETAIN_KEYS
                    || k.starts_with(strategic_directive::SET_ELEMENT_ORDER)
                    || k.starts_with(strategic_directive::DELETE_FROM_PRIMITIVE_LIST))
            });
            map.values_mut().for_each(drop_directives);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_directives),
        _ => {}
    }
}

mod strategic_directive {
    pub const PATCH: &str = "$patch";
    pub const RETAIN_KEYS: &str = "$retainKeys";
    pub const SET_ELEMENT_ORDER: &str = "$setElementOrder/";
    pub const DELETE_FROM_PRIMITIVE_LIST: &str = "$deleteFromPrimitiveList/";
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deployments() -> &'static ResourceInfo {
        rk_api::resources::find("apps", "v1", "deployments").unwrap()
    }

    fn headers(ct: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(http::header::CONTENT_TYPE, ct.parse().unwrap());
        h
    }

    fn live() -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
            "spec": {"replicas": 1, "template": {"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]}}}})
    }

    #[test]
    fn content_types_pick_the_patch_kind_and_others_are_415() {
        assert_eq!(
            Kind::from_headers(&headers(
                "application/strategic-merge-patch+json; charset=utf-8"
            ))
            .unwrap(),
            Kind::Strategic
        );
        assert_eq!(
            Kind::from_headers(&headers("application/apply-patch+yaml")).unwrap(),
            Kind::Apply
        );
        let e = Kind::from_headers(&headers("text/plain")).unwrap_err();
        assert_eq!(e.code, 415);
        assert!(
            e.message
                .starts_with("the body of the request was in an unknown format")
        );
    }

    #[test]
    fn strategic_patches_merge_containers_by_name() {
        let body =
            json!({"spec": {"template": {"spec": {"containers": [{"name": "b", "image": "z"}]}}}})
                .to_string();
        let new = apply(Kind::Strategic, deployments(), &live(), body.as_bytes()).unwrap();
        assert_eq!(
            new["spec"]["template"]["spec"]["containers"],
            json!([{"name": "a", "image": "x"}, {"name": "b", "image": "z"}])
        );
        // A merge patch replaces the list.
        let new = apply(Kind::Merge, deployments(), &live(), body.as_bytes()).unwrap();
        assert_eq!(
            new["spec"]["template"]["spec"]["containers"],
            json!([{"name": "b", "image": "z"}])
        );
    }

    #[test]
    fn strategic_patch_errors_are_kubernetes_answers() {
        let body =
            json!({"spec": {"template": {"spec": {"containers": [{"image": "z"}]}}}}).to_string();
        let e = apply(Kind::Strategic, deployments(), &live(), body.as_bytes()).unwrap_err();
        assert_eq!((e.code, e.reason), (400, ""));
        assert_eq!(
            e.message,
            "map: map[image:z] does not contain declared merge key: name"
        );
        let e = apply(Kind::Strategic, deployments(), &live(), b"[1]").unwrap_err();
        assert_eq!(
            e.message,
            "json: cannot unmarshal array into Go value of type map[string]interface {}"
        );
        let body = json!({"spec": {"$retainKeys": "x"}}).to_string();
        let e = apply(Kind::Strategic, deployments(), &live(), body.as_bytes()).unwrap_err();
        assert_eq!(
            (e.code, e.reason, e.message.as_str()),
            (400, "BadRequest", "invalid patch format of retainKeys")
        );
    }

    #[test]
    fn json_patches_test_and_fail_as_kube_apiserver_does() {
        let ok = json!([{"op": "test", "path": "/spec/replicas", "value": 1}, {"op": "replace", "path": "/spec/replicas", "value": 3}]);
        let new = apply(
            Kind::Json,
            deployments(),
            &live(),
            ok.to_string().as_bytes(),
        )
        .unwrap();
        assert_eq!(new["spec"]["replicas"], json!(3));
        let failing = json!([{"op": "test", "path": "/spec/replicas", "value": 2}]);
        let e = apply(
            Kind::Json,
            deployments(),
            &live(),
            failing.to_string().as_bytes(),
        )
        .unwrap_err();
        assert_eq!((e.code, e.reason), (422, "Invalid"));
        assert_eq!(
            e.message,
            "the server rejected our request due to an error in our request"
        );
        let e = apply(Kind::Json, deployments(), &live(), b"{}").unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (
                400,
                "json: cannot unmarshal object into Go value of type jsonpatch.Patch"
            )
        );
        let many = Value::Array(vec![
            json!({"op": "test", "path": "/kind", "value": "Deployment"});
            MAX_JSON_PATCH_OPERATIONS + 1
        ]);
        assert_eq!(
            apply(
                Kind::Json,
                deployments(),
                &live(),
                many.to_string().as_bytes()
            )
            .unwrap_err()
            .code,
            413
        );
    }

    #[test]
    fn a_failing_move_into_itself_is_a_422_not_a_panic() {
        // Found by the fuzz target: json-patch's rollback panicked on this.
        let ops = json!([
            {"from": "/spec/replicas", "op": "move", "path": "", "value": null},
            {"from": "/spec/replicas", "op": "add", "path": "/spec/replicas", "value": null}
        ]);
        let e = apply(
            Kind::Json,
            deployments(),
            &live(),
            ops.to_string().as_bytes(),
        )
        .unwrap_err();
        assert_eq!(e.code, 422);
    }

    #[test]
    fn leftover_directives_are_dropped() {
        let body = json!({"metadata": {"labels": {"$patch": "replace", "a": "b"}}, "spec": {"newField": {"$setElementOrder/x": [1]}}}).to_string();
        let mut labelled = live();
        labelled["metadata"]["labels"] = json!({"x": "y"});
        let new = apply(Kind::Strategic, deployments(), &labelled, body.as_bytes()).unwrap();
        assert_eq!(new["metadata"]["labels"], json!({"a": "b"}));
        assert_eq!(new["spec"]["newField"], json!({}));
    }
}
