//! Resource requests: parse (RequestInfo), authorize, dispatch to the registry or the watch, and
//! render (object, List, or Table when kubectl asks for one).

use std::sync::Arc;

use axum::extract::{Request, State as AxState};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use rk_api::status::ApiError;
use serde_json::{Value, json};

use crate::State;
use crate::auth::Caller;
use crate::authz::{self, Attributes};
use crate::registry::{self, MAX_BODY_BYTES};
use crate::request::{self, RequestInfo, Verb};
use crate::routes::{StatusResponse, not_found};
use crate::watch::Rendering;

/// True when the client asks for a server-side printed Table (kubectl get).
fn wants_table(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| {
        a.split(',').any(|part| part.contains("as=Table") && part.contains("g=meta.k8s.io"))
    })
}

fn field_validation(info: &RequestInfo) -> Result<crate::typed::FieldValidation, ApiError> {
    crate::typed::FieldValidation::from_query(info.query.get("fieldValidation"))
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

fn json_response(code: StatusCode, body: &Value) -> Response {
    (code, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

const TABLE_CONTENT_TYPE: &str = "application/json;as=Table;v=v1;g=meta.k8s.io";

fn table_response(body: &Value) -> Response {
    table_bytes_response(Bytes::from(body.to_string()))
}

fn table_bytes_response(body: Bytes) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, TABLE_CONTENT_TYPE)], body).into_response()
}

/// What a Table's rows hold (`includeObject`: None, Metadata (the default) or Object).
fn include_object(info: &RequestInfo) -> Result<crate::printers::IncludeObject, ApiError> {
    crate::printers::IncludeObject::from_query(info.query.get("includeObject")).map_err(ApiError::bad_request)
}

pub(crate) async fn resource_request(AxState(state): AxState<Arc<State>>, req: Request) -> Response {
    // Answered by node agents (logs, exec, attach, port-forward, nodes/proxy, metrics).
    let req = match crate::streams::intercept(&state, req).await {
        Ok(response) => return response,
        Err(req) => req,
    };
    let (parts, body) = req.into_parts();
    let info = match request::parse(&parts.method, parts.uri.path(), parts.uri.query()) {
        None => return StatusResponse(not_found()).into_response(),
        Some(Err(e)) => return StatusResponse(e).into_response(),
        Some(Ok(info)) => info,
    };
    let mut info = info;
    if info.manager.is_empty() {
        let agent = parts.headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
        info.manager = request::manager_from_user_agent(agent);
    }
    let caller = parts.extensions.get::<Caller>().cloned().unwrap_or(Caller::Anonymous);
    let body = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => return StatusResponse(ApiError::request_entity_too_large(MAX_BODY_BYTES)).into_response(),
    };
    // Only the Node authorizer reads the created name; an administrator's body is not parsed
    // an extra time for it.
    let admin = matches!(&caller, Caller::User(id) if id.is_admin());
    let created_name: Option<String> = (info.verb == Verb::Create && !admin)
        .then(|| serde_json::from_slice::<Value>(&body).ok())
        .flatten()
        .and_then(|v| v.pointer("/metadata/name").and_then(Value::as_str).map(str::to_string));
    let attributes = Attributes {
        verb: info.verb.as_str(),
        resource: info.resource,
        subresource: info.subresource.as_deref(),
        namespace: &info.namespace,
        name: info.name.as_deref().unwrap_or(""),
        field_selector: info.query.get("fieldSelector"),
        created_name: created_name.as_deref(),
    };
    if let Err(e) = authz::authorize(&state.caches, &caller, &attributes).await {
        return StatusResponse(e).into_response();
    }
    if info.verb == Verb::Create && info.subresource.is_none() {
        match (info.resource.group, info.resource.plural) {
            ("authorization.k8s.io", "selfsubjectaccessreviews") => {
                return review_response(self_subject_access_review(&state, &caller, &parts.headers, &body).await);
            }
            ("authentication.k8s.io", "selfsubjectreviews") => {
                return review_response(self_subject_review(&caller, &info));
            }
            _ => {}
        }
    }
    match dispatch(&state, &info, &parts.headers, body).await {
        Ok(r) => r,
        Err(e) => StatusResponse(e).into_response(),
    }
}

fn review_response(r: Result<Value, ApiError>) -> Response {
    match r {
        Ok(v) => json_response(StatusCode::CREATED, &v),
        Err(e) => StatusResponse(e).into_response(),
    }
}

/// `kubectl auth whoami`: the caller as the server sees it.
fn self_subject_review(caller: &Caller, info: &RequestInfo) -> Result<Value, ApiError> {
    let Caller::User(id) = caller else { return Err(ApiError::unauthorized()) };
    let mut groups = id.groups.clone();
    groups.push("system:authenticated".into());
    Ok(json!({
        "kind": "SelfSubjectReview",
        "apiVersion": format!("authentication.k8s.io/{}", info.resource.version),
        "metadata": {"creationTimestamp": null},
        "status": {"userInfo": {"username": id.user, "groups": groups}},
    }))
}

/// `kubectl auth can-i`: would the caller be allowed?
async fn self_subject_access_review(state: &State, caller: &Caller, headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    let Some(r) = rk_api::resources::find("authorization.k8s.io", "v1", "selfsubjectaccessreviews") else {
        return Err(ApiError::internal("selfsubjectaccessreviews are not registered"));
    };
    let mut review = registry::decode_body(r, headers, body)?;
    let attrs = review.pointer("/spec/resourceAttributes").cloned();
    let (allowed, reason) = match attrs {
        None => {
            // Non-resource URLs: administrators only, plus the public endpoints.
            let path = review.pointer("/spec/nonResourceAttributes/path").and_then(Value::as_str).unwrap_or("");
            let public = matches!(path, "/version" | "/healthz" | "/livez" | "/readyz" | "/cacerts");
            let admin = matches!(caller, Caller::User(id) if id.is_admin());
            (public || admin, String::new())
        }
        Some(a) => {
            let s = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let (group, plural, verb) = (s("group"), s("resource"), s("verb"));
            let version = rk_api::resources::preferred_version(&group).unwrap_or("v1");
            match rk_api::resources::find(&group, version, &plural) {
                None => (matches!(caller, Caller::User(id) if id.is_admin()), String::new()),
                Some(resource) => {
                    let (namespace, name, sub) = (s("namespace"), s("name"), s("subresource"));
                    let attributes = Attributes {
                        verb: &verb,
                        resource,
                        subresource: (!sub.is_empty()).then_some(sub.as_str()),
                        namespace: &namespace,
                        name: &name,
                        field_selector: None,
                        created_name: (!name.is_empty()).then_some(name.as_str()),
                    };
                    match authz::authorize(&state.caches, caller, &attributes).await {
                        Ok(()) => (true, String::new()),
                        Err(e) => (false, e.message),
                    }
                }
            }
        }
    };
    review["status"] = json!({"allowed": allowed});
    if !reason.is_empty() {
        review["status"]["reason"] = Value::String(reason);
    }
    review["apiVersion"] = json!("authorization.k8s.io/v1");
    review["kind"] = json!("SelfSubjectAccessReview");
    Ok(review)
}

async fn dispatch(state: &State, info: &RequestInfo, headers: &HeaderMap, body: Bytes) -> Result<Response, ApiError> {
    let store = &state.store;
    let r = info.resource;
    let table = wants_table(headers);
    let name = info.name.as_deref().unwrap_or("");
    let sub = info.subresource.as_deref();
    if !r.supports(info.verb.as_str()) && sub.is_none() {
        return Err(ApiError::method_not_supported(r.group, r.plural, info.verb.as_str()));
    }
    match (info.verb, sub) {
        (Verb::Watch, None) => {
            registry::list_options(info)?;
            state.caches.watch(info.clone(), if table { Rendering::Table } else { Rendering::Object }).await
        }
        (Verb::List, None) => {
            if let Some(rv) = registry::list_options(info)?.resource_version.filter(|rv| *rv > 0) {
                registry::wait_for_revision(store, rv).await?;
            }
            if table && r.plural != "events" {
                // Rows printed from the cache's stored bytes, their objects copied from them.
                let body = state.caches.list_table(info, include_object(info)?, now()).await?;
                return Ok(table_bytes_response(body));
            }
            if !table && r.plural != "events" {
                // Written from the cache's stored bytes, not parsed and serialized again.
                let body = state.caches.list_json(info).await?;
                return Ok((StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body).into_response());
            }
            let mut page = state.caches.list(info).await?;
            if r.plural == "events" {
                page.items = page.items.into_iter().map(|o| crate::events::view(r.group, r.plural, o)).collect();
            }
            if table {
                let rv = page.revision.to_string();
                let table_page = crate::printers::Page { resource_version: &rv, continue_token: page.continue_token.as_deref(), include_column_definitions: true, include: include_object(info)? };
                let t = crate::printers::table_including(r.group, r.plural, &page.items, &table_page, now());
                return Ok(table_response(&t));
            }
            Ok(json_response(StatusCode::OK, &registry::list_object(r, page)))
        }
        (Verb::Get, None | Some("status")) => {
            let (obj, rev) = registry::get(store, info, name).await?;
            let obj = crate::events::view(r.group, r.plural, obj);
            if table {
                let rv = rev.to_string();
                let table_page = crate::printers::Page { resource_version: &rv, continue_token: None, include_column_definitions: true, include: include_object(info)? };
                let t = crate::printers::table_including(r.group, r.plural, &[obj], &table_page, now());
                return Ok(table_response(&t));
            }
            Ok(json_response(StatusCode::OK, &obj))
        }
        (Verb::Create, None) => {
            let mut obj = registry::decode_body(r, headers, &body)?;
            let validation = field_validation(info)?;
            let warnings = crate::typed::check_body(r, &obj, json_text(headers, &body), validation)?;
            if crate::typed::needs_pruning(validation, &warnings) {
                crate::typed::prune_unknown(r, &mut obj);
            }
            crate::admission::admit_create(store, r, &mut obj).await?;
            let created = registry::create_body(store, info, obj).await?;
            let response = (StatusCode::CREATED, [(header::CONTENT_TYPE, "application/json")], created).into_response();
            Ok(with_warnings(response, &warnings))
        }
        // namespaces/finalize is the only `finalize` subresource the registry declares.
        (Verb::Update, None | Some("status") | Some("finalize")) => {
            let mut obj = registry::decode_body(r, headers, &body)?;
            let validation = field_validation(info)?;
            let warnings = crate::typed::check_body(r, &obj, json_text(headers, &body), validation)?;
            if crate::typed::needs_pruning(validation, &warnings) {
                crate::typed::prune_unknown(r, &mut obj);
            }
            Ok(with_warnings(json_response(StatusCode::OK, &registry::update(store, info, name, obj).await?), &warnings))
        }
        (Verb::Patch, None | Some("status")) => {
            // Server-side apply creates a missing object, and then answers 201 as upstream does.
            let is_apply = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|c| c.starts_with("application/apply-patch"));
            let created = is_apply && sub.is_none() && registry::get(store, info, name).await.is_err();
            let (obj, warnings) = registry::patch(store, info, name, headers, &body).await?;
            let code = if created { StatusCode::CREATED } else { StatusCode::OK };
            Ok(with_warnings(json_response(code, &obj), &warnings))
        }
        (Verb::Delete, None) => Ok(json_response(StatusCode::OK, &registry::delete(store, info, name, &body).await?)),
        (Verb::DeleteCollection, None) => Ok(json_response(StatusCode::OK, &registry::delete_collection(store, info, &body).await?)),
        (Verb::Get, Some("scale")) => {
            let (obj, rev) = registry::get(store, info, name).await?;
            Ok(json_response(StatusCode::OK, &scale_of(&obj, rev)))
        }
        (Verb::Patch | Verb::Update, Some("scale")) => scale_write(state, info, name, headers, &body).await,
        (Verb::Create, Some("token")) if r.plural == "serviceaccounts" => {
            let request = registry::decode_body(r, headers, &body)?;
            let answer = crate::tokens::token_request(&state.tokens, store, &info.namespace, name, request).await?;
            Ok(json_response(StatusCode::CREATED, &answer))
        }
        (Verb::Create, Some("binding")) if r.plural == "pods" => {
            Ok(json_response(StatusCode::CREATED, &crate::subresources::bind(store, info, name, &body).await?))
        }
        (Verb::Create, Some("eviction")) if r.plural == "pods" => {
            Ok(json_response(StatusCode::CREATED, &crate::subresources::evict(store, info, name, &body).await?))
        }
        (_, Some(sub)) => Err(ApiError::bad_request(format!(
            "{}/{sub} is not served by this rk API server yet",
            r.plural
        ))),
    }
}

/// The body as JSON text, for the duplicate-field scan; `None` for protobuf bodies.
fn json_text<'a>(headers: &HeaderMap, body: &'a [u8]) -> Option<&'a [u8]> {
    let protobuf = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with(rk_api::protobuf::CONTENT_TYPE));
    (!protobuf).then_some(body)
}

/// One `Warning: 299 - "…"` header per message, as upstream sends field-validation warnings.
pub(crate) fn with_warnings(mut response: Response, warnings: &[String]) -> Response {
    for w in warnings {
        let escaped = w.replace('\\', "\\\\").replace('"', "\\\"");
        if let Ok(v) = axum::http::HeaderValue::from_str(&format!("299 - \"{escaped}\"")) {
            response.headers_mut().append(header::WARNING, v);
        }
    }
    response
}

/// The autoscaling/v1 Scale of a workload.
fn scale_of(obj: &Value, rev: i64) -> Value {
    let selector = obj
        .pointer("/spec/selector")
        .and_then(|s| {
            if s.get("matchLabels").is_some() || s.get("matchExpressions").is_some() {
                rk_api::selector::LabelSelector::from_object(s).ok()
            } else {
                // ReplicationControllers use the plain map form.
                let map: std::collections::BTreeMap<String, String> = serde_json::from_value(s.clone()).ok()?;
                Some(rk_api::selector::LabelSelector::from_set(&map))
            }
        })
        .map(|s| s.to_string())
        .unwrap_or_default();
    let meta = obj.get("metadata").cloned().unwrap_or(json!({}));
    json!({
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": meta.get("name"), "namespace": meta.get("namespace"), "uid": meta.get("uid"),
            "resourceVersion": rev.to_string(), "creationTimestamp": meta.get("creationTimestamp"),
        },
        "spec": {"replicas": obj.pointer("/spec/replicas").cloned().unwrap_or(json!(0))},
        "status": {"replicas": obj.pointer("/status/replicas").cloned().unwrap_or(json!(0)), "selector": selector},
    })
}

/// PATCH or PUT of …/scale: the replicas of the Scale go into the workload's spec.
async fn scale_write(state: &State, info: &RequestInfo, name: &str, headers: &HeaderMap, body: &[u8]) -> Result<Response, ApiError> {
    let r = info.resource;
    let (obj, rev) = registry::get(&state.store, info, name).await?;
    let mut scale = scale_of(&obj, rev);
    let change = registry::decode_body(r, headers, body)?;
    match info.verb {
        Verb::Update => scale = change,
        _ => json_patch::merge(&mut scale, &change),
    }
    let replicas = scale.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(0);
    if replicas < 0 {
        return Err(ApiError::invalid("autoscaling", "Scale", name, vec![rk_api::status::FieldError::invalid(
            "spec.replicas",
            replicas,
            "must be greater than or equal to 0",
        )]));
    }
    // Written through the main resource's patch path; managedFields name the scale subresource.
    let main = info.clone();
    let patch = json!({"spec": {"replicas": replicas}});
    let mut h = HeaderMap::new();
    h.insert(header::CONTENT_TYPE, axum::http::HeaderValue::from_static("application/merge-patch+json"));
    let (updated, _) = registry::patch(&state.store, &main, name, &h, patch.to_string().as_bytes()).await?;
    let rev = updated.pointer("/metadata/resourceVersion").and_then(Value::as_str).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok(json_response(StatusCode::OK, &scale_of(&updated, rev)))
}
