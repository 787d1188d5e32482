//! Server-side apply and managedFields (rk_api::apply) in the API server: every create, update
//! and patch records its manager's fields; `application/apply-patch+yaml` merges the applied
//! configuration with conflicts, `force`, pruning and create-on-apply, and keeps kubectl's
//! client-side apply annotation and its upgrade to server-side apply working as
//! kube-apiserver's lastApplied managers do.

use rk_api::apply::{Conflicts, Writer, managed};
use rk_api::resources::ResourceInfo;
use rk_api::status::{ApiError, FieldError, StatusCause, StatusDetails};
use rk_store::AnyStore;
use serde_json::{Value, json};

use crate::meta::{self, meta_str};
use crate::registry::{self, Track};
use crate::request::RequestInfo;

/// The annotation kubectl's client-side apply keeps its last configuration in.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

fn api_version(r: &ResourceInfo) -> String {
    if r.group.is_empty() {
        r.version.to_string()
    } else {
        format!("{}/{}", r.group, r.version)
    }
}

fn writer(info: &RequestInfo) -> Writer<'static> {
    let r = info.resource;
    Writer {
        schema: crate::patch::schema_of(r),
        manager: info.manager.clone(),
        api_version: api_version(r),
        subresource: info.subresource.clone().unwrap_or_default(),
        has_status: r.subresource("status").is_some(),
        now: meta::now_rfc3339(),
    }
}

/// Records the write of `new` over `old` (None on create) by the request's manager.
pub fn record_update(info: &RequestInfo, old: Option<&Value>, new: &mut Value) {
    let w = writer(info);
    let managed = managed::update(old, new, &w);
    managed.store(new);
}

/// Checks the PATCH options as kube-apiserver's ValidatePatchOptions does.
pub fn validate_options(info: &RequestInfo, apply: bool) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let explicit = info.query.get("fieldManager").unwrap_or("");
    if !apply && info.query.get("force").is_some() {
        errors.push(FieldError::forbidden(
            "force",
            "may not be specified for non-apply patch",
        ));
    }
    if apply && explicit.is_empty() {
        errors.push(FieldError::required(
            "fieldManager",
            "is required for apply patch",
        ));
    }
    if explicit.len() > 128 {
        errors.push(FieldError::too_long("fieldManager", 128));
    }
    if explicit.chars().any(char::is_control) {
        errors.push(FieldError::invalid(
            "fieldManager",
            explicit,
            "must only contain printable characters",
        ));
    }
    if errors.is_empty() {
        return Ok(());
    }
    let mut e = ApiError::invalid("meta.k8s.io", "PatchOptions", "", errors);
    e.message = e
        .message
        .replacen("PatchOptions", "PatchOptions.meta.k8s.io", 1);
    Err(e)
}

/// Decodes an applied configuration: YAML (JSON is YAML too) into one object.
pub fn decode_config(body: &[u8]) -> Result<Value, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))?;
    let value: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text)
            .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))?
    } else {
        serde_saphyr::from_str(text)
            .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))?
    };
    match value {
        Value::Object(_) => Ok(value),
        Value::Null => Ok(json!({})),
        other => Err(ApiError::bad_request(format!(
            "error decoding YAML: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            match other {
                Value::Array(_) => "array",
                Value::String(_) => "string",
                _ => "scalar",
            }
        ))),
    }
}

/// The 409 of an apply that would change other managers' fields.
fn conflict_error(c: &Conflicts) -> ApiError {
    let causes =
        c.0.iter()
            .map(|x| StatusCause {
                reason: "FieldManagerConflict".into(),
                message: format!("conflict with {}", x.manager),
                field: x.path.to_string(),
            })
            .collect();
    ApiError {
        code: 409,
        reason: "Conflict",
        message: c.message(),
        details: Some(Box::new(StatusDetails {
            causes,
            ..Default::default()
        })),
    }
}

/// PATCH with `application/apply-patch+yaml`: server-side apply, creating the object when it
/// does not exist. Retries when the object changed underneath.
pub async fn server_side_apply(
    store: &AnyStore,
    info: &RequestInfo,
    name: &str,
    body: &[u8],
) -> Result<(Value, Vec<String>), ApiError> {
    let r = info.resource;
    validate_options(info, true)?;
    let force = info.query.flag("force")?;
    let mut config = decode_config(body)?;
    check_config(info, name, &mut config)?;
    let validation = crate::typed::FieldValidation::from_query(info.query.get("fieldValidation"))?;
    let warnings: Vec<String> = crate::typed::check(r, &config, validation)?
        .into_iter()
        .map(|f| format!("unknown field {f:?}"))
        .collect();
    if crate::typed::needs_pruning(validation, &warnings) {
        crate::typed::prune_unknown(r, &mut config);
    }
    let w = writer(info);
    for _ in 0..16 {
        let (live, rev) = match registry::get(store, info, name).await {
            Ok((live, rev)) => (Some(live), Some(rev)),
            Err(e) if e.code == 404 && info.subresource.is_none() => (None, None),
            Err(e) => return Err(e),
        };
        // A resourceVersion in the configuration is a precondition, as for any write.
        if let Some(want) = meta_str(&config, "resourceVersion").filter(|v| !v.is_empty())
            && rev.is_none_or(|rev| rev.to_string() != want)
        {
            return Err(ApiError::conflict(
                r.group,
                r.plural,
                name,
                ApiError::MODIFIED,
            ));
        }
        let base = live.clone().unwrap_or_else(|| {
            let mut meta = json!({"name": name});
            if r.namespaced {
                meta["namespace"] = json!(info.namespace);
            }
            json!({"apiVersion": api_version(r), "kind": r.kind, "metadata": meta})
        });
        let applied = match managed::apply(&base, &config, &w, force)
            .map_err(|e| ApiError::bad_request(e.to_string()))?
        {
            Ok(a) => a,
            Err(conflicts) => {
                // kubectl's upgrade from client-side apply: conflicts only over fields its
                // last-applied annotation still accounts for are taken over.
                let allowed = (info.manager == "kubectl")
                    .then(|| managed::last_applied_fields(&base, w.schema))
                    .flatten()
                    .is_some_and(|set| conflicts.0.iter().all(|c| set.has(&c.path.0)));
                if !allowed {
                    return Err(conflict_error(&conflicts));
                }
                match managed::apply(&base, &config, &w, true)
                    .map_err(|e| ApiError::bad_request(e.to_string()))?
                {
                    Ok(a) => a,
                    Err(c) => return Err(conflict_error(&c)),
                }
            }
        };
        let mut new = applied.object;
        applied.managed.store(&mut new);
        if info.manager == "kubectl" {
            update_last_applied(&mut new, &config);
        }
        if let Some(old) = &live
            && is_no_op(r, old, &new)
        {
            // Nothing changes once defaulted (an atomic list the defaults fill back): keep the
            // live managedFields and their times, so nothing is written.
            return Ok((old.clone(), warnings));
        }
        let result = match (live, rev) {
            (None, _) => registry::create_tracked(store, info, new, Track::Preset).await,
            (Some(old), Some(rev)) => {
                registry::write_update(store, info, name, &old, rev, new, Track::Preset).await
            }
            (Some(_), None) => Err(ApiError::internal("an object without a revision")),
        };
        match result {
            Err(e)
                if e.code == 409
                    && (e.reason == "Conflict" || e.reason == "AlreadyExists")
                    && e.details.as_ref().is_none_or(|d| d.causes.is_empty()) =>
            {
                continue;
            }
            other => return other.map(|v| (v, warnings)),
        }
    }
    Err(ApiError::conflict(
        r.group,
        r.plural,
        name,
        ApiError::MODIFIED,
    ))
}

/// True when `new`, defaulted, is `old` and its managedFields differ from `old`'s in times only.
fn is_no_op(r: &ResourceInfo, old: &Value, new: &Value) -> bool {
    let without_times = |v: &Value| {
        let mut m = managed::Managed::of(v).unwrap_or_default();
        m.0.iter_mut().for_each(|e| e.time = None);
        m.0.sort_by(|a, b| {
            (&a.manager, a.operation, &a.api_version, &a.subresource).cmp(&(
                &b.manager,
                b.operation,
                &b.api_version,
                &b.subresource,
            ))
        });
        m
    };
    if without_times(old) != without_times(new) {
        return false;
    }
    let plain = |v: &Value| {
        let mut v = v.clone();
        if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
            m.remove("managedFields");
            m.remove("resourceVersion");
        }
        v
    };
    let mut defaulted = plain(new);
    crate::strategy::apply_defaults(r, &mut defaulted);
    defaulted == plain(old)
}

/// Kubernetes' lastAppliedUpdater: a server-side apply by kubectl keeps an existing client-side
/// apply annotation in step with what was applied.
fn update_last_applied(new: &mut Value, config: &Value) {
    if new
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(LAST_APPLIED))
        .is_none()
    {
        return;
    }
    let mut last = config.clone();
    if let Some(a) = last
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
    {
        a.remove(LAST_APPLIED);
        if a.is_empty()
            && let Some(m) = last.get_mut("metadata").and_then(Value::as_object_mut)
        {
            m.remove("annotations");
        }
    }
    new["metadata"]["annotations"][LAST_APPLIED] = Value::String(last.to_string());
}

/// The configuration must name this object, in this version and kind.
fn check_config(info: &RequestInfo, name: &str, config: &mut Value) -> Result<(), ApiError> {
    let r = info.resource;
    let want = api_version(r);
    let version = config
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or("");
    if version != want {
        return Err(ApiError::bad_request(format!(
            "Incorrect version specified in apply patch. Specified patch version: {version}, expected: {want}"
        )));
    }
    let kind = config.get("kind").and_then(Value::as_str).unwrap_or("");
    if kind != r.kind {
        return Err(ApiError::bad_request(format!(
            "Incorrect kind specified in apply patch. Specified patch kind: {kind}, expected: {}",
            r.kind
        )));
    }
    match meta_str(config, "name") {
        Some(n) if n == name => {}
        Some(n) => {
            return Err(ApiError::bad_request(format!(
                "the name of the object ({n}) does not match the name on the URL ({name})"
            )));
        }
        None => config["metadata"]["name"] = Value::String(name.to_string()),
    }
    if r.namespaced {
        match meta_str(config, "namespace") {
            Some(ns) if !ns.is_empty() && ns != info.namespace => {
                return Err(ApiError::bad_request(
                    "the namespace of the provided object does not match the namespace sent on the request",
                ));
            }
            _ => {}
        }
    }
    if let Some(m) = config.get_mut("metadata").and_then(Value::as_object_mut) {
        // Managed fields cannot be applied; upstream rejects a non-empty list.
        if m.get("managedFields")
            .is_some_and(|f| f.as_array().is_some_and(|a| !a.is_empty()))
        {
            return Err(ApiError::bad_request("metadata.managedFields must be nil"));
        }
        m.remove("managedFields");
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::request;
    use rk_store::embedded::EmbeddedStore;

    async fn store() -> (tempfile::TempDir, AnyStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = AnyStore::Embedded(
            EmbeddedStore::open_dir(dir.path(), Default::default())
                .await
                .unwrap(),
        );
        let ns = request::parse(&http::Method::POST, "/api/v1/namespaces", None)
            .unwrap()
            .unwrap();
        registry::create(&store, &ns, json!({"metadata": {"name": "d"}}))
            .await
            .unwrap();
        (dir, store)
    }

    fn apply_info(query: &str) -> RequestInfo {
        request::parse(
            &http::Method::PATCH,
            "/api/v1/namespaces/d/configmaps/c",
            Some(query),
        )
        .unwrap()
        .unwrap()
    }

    fn config(data: Value) -> Vec<u8> {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: {data}\n")
            .into_bytes()
    }

    #[tokio::test]
    async fn apply_creates_then_conflicts_then_forces() {
        let (_dir, store) = store().await;
        let (created, _) = server_side_apply(
            &store,
            &apply_info("fieldManager=a"),
            "c",
            &config(json!({"k": "1"})),
        )
        .await
        .unwrap();
        assert_eq!(created["data"], json!({"k": "1"}));
        assert_eq!(created["metadata"]["managedFields"][0]["manager"], "a");
        assert_eq!(
            created["metadata"]["managedFields"][0]["fieldsV1"],
            json!({"f:data": {"f:k": {}}})
        );
        let e = server_side_apply(
            &store,
            &apply_info("fieldManager=b"),
            "c",
            &config(json!({"k": "2"})),
        )
        .await
        .unwrap_err();
        assert_eq!((e.code, e.reason), (409, "Conflict"));
        assert_eq!(
            e.message,
            "Apply failed with 1 conflict: conflict with \"a\": .data.k"
        );
        assert_eq!(e.details.unwrap().causes[0].field, ".data.k");
        let (forced, _) = server_side_apply(
            &store,
            &apply_info("fieldManager=b&force=true"),
            "c",
            &config(json!({"k": "2"})),
        )
        .await
        .unwrap();
        assert_eq!(forced["data"], json!({"k": "2"}));
        let managers: Vec<&str> = forced["metadata"]["managedFields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["manager"].as_str().unwrap())
            .collect();
        assert_eq!(managers, vec!["b"], "a owned only data.k");
    }

    #[tokio::test]
    async fn applying_the_same_configuration_again_writes_nothing() {
        let (_dir, store) = store().await;
        let info = apply_info("fieldManager=a");
        let (first, _) = server_side_apply(&store, &info, "c", &config(json!({"k": "1"})))
            .await
            .unwrap();
        let (again, _) = server_side_apply(&store, &info, "c", &config(json!({"k": "1"})))
            .await
            .unwrap();
        assert_eq!(
            again["metadata"]["resourceVersion"],
            first["metadata"]["resourceVersion"]
        );
        assert_eq!(
            again["metadata"]["managedFields"],
            first["metadata"]["managedFields"]
        );
    }

    #[tokio::test]
    async fn apply_needs_a_field_manager_and_honours_dry_run_and_preconditions() {
        let (_dir, store) = store().await;
        let e = server_side_apply(&store, &apply_info(""), "c", &config(json!({})))
            .await
            .unwrap_err();
        assert_eq!(
            e.message,
            "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch"
        );
        server_side_apply(
            &store,
            &apply_info("fieldManager=a&dryRun=All"),
            "c",
            &config(json!({"k": "1"})),
        )
        .await
        .unwrap();
        let get = request::parse(
            &http::Method::GET,
            "/api/v1/namespaces/d/configmaps/c",
            None,
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            registry::get(&store, &get, "c").await.unwrap_err().code,
            404,
            "a dry run creates nothing"
        );
        let stale =
            b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  resourceVersion: \"1\"\n";
        assert_eq!(
            server_side_apply(&store, &apply_info("fieldManager=a"), "c", stale)
                .await
                .unwrap_err()
                .code,
            409
        );
        let wrong = b"apiVersion: v2\nkind: ConfigMap\nmetadata:\n  name: c\n";
        let e = server_side_apply(&store, &apply_info("fieldManager=a"), "c", wrong)
            .await
            .unwrap_err();
        assert_eq!(
            e.message,
            "Incorrect version specified in apply patch. Specified patch version: v2, expected: v1"
        );
    }
}
