//! The generic registry: create, get, list, update, patch and delete of any served resource, as
//! JSON objects in the store, with the object semantics Kubernetes gives them (uid,
//! generateName, resourceVersion = store revision, generation, creationTimestamp, status
//! subresources that isolate spec from status, finalizers and deletionTimestamp, dryRun).
//!
//! Per-resource behaviour is a small strategy ([`prepare_create`] and the status-subresource
//! table); everything else is shared.

use bytes::Bytes;
use http::HeaderMap;
use rk_api::resources::ResourceInfo;
use rk_api::selector::{FieldSelector, LabelSelector};
use rk_api::status::{ApiError, FieldError};
use rk_store::{AnyStore, Error as StoreError, KeyValue, RangeRequest, Revision, Store};
use serde_json::{Value, json};

use crate::meta::{self, meta_str};
use crate::request::{Query, RequestInfo, Verb};

/// The most a request body may be (Kubernetes' 3 MiB).
pub const MAX_BODY_BYTES: usize = 3 * 1024 * 1024;

/// Maps a store error for `name` of `resource` to its Kubernetes Status.
pub fn store_error(resource: &ResourceInfo, name: &str, e: StoreError) -> ApiError {
    match e {
        StoreError::AlreadyExists { .. } => ApiError::already_exists(resource.group, resource.plural, name),
        StoreError::NotFound { .. } => ApiError::not_found(resource.group, resource.plural, name),
        StoreError::Conflict { .. } => ApiError::conflict(resource.group, resource.plural, name, ApiError::MODIFIED),
        StoreError::Compacted { requested, compacted } => ApiError::too_old_resource_version(requested, compacted),
        StoreError::FutureRevision { requested, current } => too_large_resource_version(requested, current),
        StoreError::ValueTooLarge { limit, .. } => ApiError::request_entity_too_large(limit),
        other => {
            tracing::error!(error = %other, "store request failed");
            ApiError::internal(other.to_string())
        }
    }
}

/// 504 for a resourceVersion the store has not reached, with the cause client-go looks for.
pub fn too_large_resource_version(requested: Revision, current: Revision) -> ApiError {
    let mut e = ApiError::timeout(format!("Timeout: Too large resource version: {requested}, current: {current}"));
    e.details = Some(Box::new(rk_api::status::StatusDetails {
        causes: vec![rk_api::status::StatusCause {
            reason: "ResourceVersionTooLarge".into(),
            message: "Too large resource version".into(),
            field: String::new(),
        }],
        retry_after_seconds: Some(1),
        ..Default::default()
    }));
    e
}

/// The resourceVersion options of a LIST or WATCH, validated as Kubernetes validates ListOptions.
#[derive(Clone, Copy, Debug, Default)]
pub struct ListOptions {
    /// None when unset; Some(0) for "0" (any).
    pub resource_version: Option<Revision>,
    pub exact: bool,
}

pub fn list_options(info: &RequestInfo) -> Result<ListOptions, ApiError> {
    let q = &info.query;
    let rv = match q.get("resourceVersion").filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => Some(
            v.parse::<Revision>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| ApiError::bad_request(format!("invalid resource version: {v:?}")))?,
        ),
    };
    let invalid = |e: FieldError| ApiError::invalid("meta.k8s.io", "ListOptions.meta.k8s.io", "", vec![e]);
    let watch = info.verb == Verb::Watch;
    let exact = match q.get("resourceVersionMatch").filter(|v| !v.is_empty()) {
        None => false,
        Some(m @ ("Exact" | "NotOlderThan")) => {
            if watch {
                return Err(invalid(FieldError::forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch")));
            }
            match rv {
                None => {
                    return Err(invalid(FieldError::forbidden(
                        "resourceVersionMatch",
                        "resourceVersionMatch is forbidden unless resourceVersion is provided",
                    )));
                }
                Some(0) if m == "Exact" => {
                    return Err(invalid(FieldError::forbidden(
                        "resourceVersionMatch",
                        "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"",
                    )));
                }
                _ => {}
            }
            m == "Exact"
        }
        Some(other) => {
            return Err(invalid(FieldError::not_supported("resourceVersionMatch", other, &["Exact", "NotOlderThan"])));
        }
    };
    if !watch && q.flag("sendInitialEvents")? {
        return Err(invalid(FieldError::forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list")));
    }
    Ok(ListOptions { resource_version: rv, exact })
}

/// A LIST at a resourceVersion the store has not reached waits for it (up to 3 s, as
/// Kubernetes waits for its watch cache), then times out.
pub async fn wait_for_revision(store: &AnyStore, rv: Revision) -> Result<(), ApiError> {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(3);
    loop {
        let current = store.current_revision().await.map_err(|e| ApiError::internal(e.to_string()))?;
        if current >= rv {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(too_large_resource_version(rv, current));
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The object stored in `kv`, with its resourceVersion.
pub fn decode(kv: &KeyValue) -> Result<Value, ApiError> {
    let mut obj: Value = serde_json::from_slice(&kv.value)
        .map_err(|e| ApiError::internal(format!("stored object {} is not JSON: {e}", kv.key)))?;
    set_resource_version(&mut obj, kv.mod_revision);
    Ok(obj)
}

pub fn set_resource_version(obj: &mut Value, rev: Revision) {
    if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        m.insert("resourceVersion".into(), Value::String(rev.to_string()));
    }
}

/// Objects are stored without their resourceVersion: the store's revision is the truth.
pub(crate) fn encode(obj: &Value) -> Result<Bytes, ApiError> {
    crate::stored::encode(obj)
}

/// Decodes a request body: JSON (the patch types too), or Kubernetes protobuf (`k8s\0` +
/// runtime.Unknown, which kubectl 1.32+ sends for typed objects) turned into the same JSON.
pub fn decode_body(resource: &ResourceInfo, headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    let content_type = headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("application/json");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    let value: Value = match essence {
        "application/json" | "" | "application/merge-patch+json" | "application/strategic-merge-patch+json"
        | "application/json-patch+json" | "application/apply-patch+yaml" => {
            if essence == "application/apply-patch+yaml" && body.first().is_none_or(|b| *b != b'{') {
                return Err(ApiError::unsupported_media_type(content_type));
            }
            serde_json::from_slice(body).map_err(|e| {
                ApiError::bad_request(format!(
                    "the object provided is unrecognized (must be of type {}): couldn't get version/kind; json parse error: {e}",
                    resource.kind
                ))
            })?
        }
        rk_api::protobuf::CONTENT_TYPE => rk_api::protobuf::decode(body)
            .map_err(|e| {
                ApiError::bad_request(format!(
                    "the object provided is unrecognized (must be of type {}): {e}",
                    resource.kind
                ))
            })?
            .object,
        _ => return Err(ApiError::unsupported_media_type(content_type)),
    };
    Ok(value)
}

fn api_version(resource: &ResourceInfo) -> String {
    if resource.group.is_empty() { resource.version.to_string() } else { format!("{}/{}", resource.group, resource.version) }
}

fn has_status(resource: &ResourceInfo) -> bool {
    resource.subresource("status").is_some()
}

/// Checks kind/apiVersion and namespace of an incoming object and fills them in.
fn check_identity(info: &RequestInfo, obj: &mut Value) -> Result<(), ApiError> {
    let r = info.resource;
    let Some(map) = obj.as_object_mut() else {
        return Err(ApiError::bad_request(format!("the object provided is unrecognized (must be of type {})", r.kind)));
    };
    let want = api_version(r);
    match map.get("apiVersion").and_then(Value::as_str) {
        Some(v) if v != want => {
            return Err(ApiError::bad_request(format!(
                "the API version in the data ({v}) does not match the expected API version ({want})"
            )));
        }
        _ => {}
    }
    match map.get("kind").and_then(Value::as_str) {
        Some(k) if k != r.kind => {
            return Err(ApiError::bad_request(format!("the kind in the data ({k}) does not match the expected kind ({})", r.kind)));
        }
        _ => {}
    }
    map.insert("apiVersion".into(), Value::String(want));
    map.insert("kind".into(), Value::String(r.kind.into()));
    let meta = map.entry("metadata").or_insert_with(|| json!({}));
    let Some(meta) = meta.as_object_mut() else {
        return Err(ApiError::bad_request("metadata must be an object"));
    };
    if r.namespaced {
        match meta.get("namespace").and_then(Value::as_str) {
            Some(ns) if !ns.is_empty() && ns != info.namespace => {
                return Err(ApiError::bad_request(
                    "the namespace of the provided object does not match the namespace sent on the request",
                ));
            }
            _ => {
                meta.insert("namespace".into(), Value::String(info.namespace.clone()));
            }
        }
    } else {
        meta.remove("namespace");
    }
    Ok(())
}

/// Per-resource changes on create: status is the system's, not the creator's.
fn prepare_create(r: &ResourceInfo, obj: &mut Value) {
    let Some(map) = obj.as_object_mut() else { return };
    match (r.group, r.plural) {
        ("", "pods") => {
            map.insert("status".into(), json!({"phase": "Pending", "qosClass": crate::strategy::qos_class(map.get("spec"))}));
        }
        ("", "namespaces") => {
            map.insert("status".into(), json!({"phase": "Active"}));
            let spec = map.entry("spec").or_insert_with(|| json!({}));
            if let Some(s) = spec.as_object_mut() {
                s.entry("finalizers").or_insert_with(|| json!(["kubernetes"]));
            }
        }
        ("", "nodes") | ("", "events") | ("events.k8s.io", _) => {}
        _ if has_status(r) => {
            map.insert("status".into(), json!({}));
        }
        _ => {}
    }
    if map.contains_key("spec")
        && let Some(m) = map.get_mut("metadata").and_then(Value::as_object_mut) {
            m.insert("generation".into(), json!(1));
        }
}

/// Kubernetes' NamespaceLifecycle admission: no creates in a missing or terminating namespace.
async fn check_namespace(store: &AnyStore, info: &RequestInfo, name: &str) -> Result<(), ApiError> {
    if !info.resource.namespaced {
        return Ok(());
    }
    let ns = &info.namespace;
    let (found, _) = store.get(&format!("/namespaces/{ns}")).await.map_err(|e| ApiError::internal(e.to_string()))?;
    let Some(kv) = found else {
        return Err(ApiError::not_found("", "namespaces", ns));
    };
    let obj = decode(&kv)?;
    if obj.pointer("/status/phase").and_then(Value::as_str) == Some("Terminating") {
        let mut e = ApiError::forbidden("", "create", info.resource.group, info.resource.plural, name, "");
        e.message = format!(
            "{} {name:?} is forbidden: unable to create new content in namespace {ns} because it is being terminated",
            info.resource.plural
        );
        return Err(e);
    }
    Ok(())
}

pub(crate) fn dry_run(q: &Query) -> Result<bool, ApiError> {
    match q.get("dryRun") {
        None | Some("") => Ok(false),
        Some("All") => Ok(true),
        Some(other) => Err(ApiError::bad_request(format!("Invalid dry run value: {other:?}; supported values: \"All\""))),
    }
}

/// Whether a write records its manager's fields (every create, update and patch) or carries
/// managedFields computed already (server-side apply).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Track {
    Update,
    Preset,
}

/// POST: create an object.
pub async fn create(store: &AnyStore, info: &RequestInfo, obj: Value) -> Result<Value, ApiError> {
    create_tracked(store, info, obj, Track::Update).await
}

/// Creates an object, recording its managedFields as `track` says.
pub async fn create_tracked(store: &AnyStore, info: &RequestInfo, obj: Value, track: Track) -> Result<Value, ApiError> {
    create_written(store, info, obj, track).await.map(|(obj, _)| obj)
}

/// POST answered as JSON: the created object's body is written from its stored bytes with the
/// resourceVersion spliced in — serialized once, for the store, the watch and the answer.
pub async fn create_body(store: &AnyStore, info: &RequestInfo, obj: Value) -> Result<Bytes, ApiError> {
    let (obj, stored) = create_written(store, info, obj, Track::Update).await?;
    if let Some((bytes, rev)) = stored {
        let mut out = Vec::with_capacity(bytes.len() + 32);
        if crate::cache::write_object(&mut out, &bytes, rev) {
            return Ok(Bytes::from(out));
        }
    }
    Ok(Bytes::from(obj.to_string()))
}

/// Creates an object; with it, its stored bytes and revision when it was written (not a dry run).
async fn create_written(
    store: &AnyStore,
    info: &RequestInfo,
    mut obj: Value,
    track: Track,
) -> Result<(Value, Option<(Bytes, Revision)>), ApiError> {
    let r = info.resource;
    check_identity(info, &mut obj)?;
    let meta = obj.get_mut("metadata").and_then(Value::as_object_mut).ok_or_else(|| ApiError::bad_request("metadata"))?;
    let name = match meta.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()) {
        Some(n) => n.to_string(),
        None => match meta.get("generateName").and_then(Value::as_str).filter(|n| !n.is_empty()) {
            Some(prefix) => format!("{prefix}{}", meta::name_suffix()),
            None => {
                return Err(ApiError::invalid(
                    r.group,
                    r.kind,
                    "",
                    vec![FieldError::required("metadata.name", "name or generateName is required")],
                ));
            }
        },
    };
    let errors = meta::validate_name(r, &name);
    if !errors.is_empty() {
        return Err(ApiError::invalid(r.group, r.kind, &name, errors));
    }
    meta.insert("name".into(), Value::String(name.clone()));
    meta.insert("uid".into(), Value::String(meta::new_uid()));
    meta.insert("creationTimestamp".into(), Value::String(meta::now_rfc3339()));
    for gone in ["resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"] {
        meta.remove(gone);
    }
    prepare_create(r, &mut obj);
    crate::strategy::apply_defaults(r, &mut obj);
    let errors = crate::strategy::validate(r, &obj);
    if !errors.is_empty() {
        return Err(ApiError::invalid(r.group, r.kind, &name, errors));
    }
    if track == Track::Update {
        crate::apply::record_update(info, None, &mut obj);
    }
    check_namespace(store, info, &name).await?;
    let key = meta::key(r, &info.namespace, &name);
    let dry = dry_run(&info.query)?;
    // Services: take ClusterIPs and NodePorts from their ranges (allocator.rs); given back
    // below if the object is not written.
    let allocation = crate::allocator::allocate_service(store, r, &name, None, &mut obj, dry).await?;
    if dry {
        if store.get(&key).await.map_err(|e| store_error(r, &name, e))?.0.is_some() {
            return Err(ApiError::already_exists(r.group, r.plural, &name));
        }
        return Ok((obj, None));
    }
    let encoded = encode(&obj);
    let written = match &encoded {
        Ok(value) => store.create(&key, value.clone(), ttl(r)).await.map_err(|e| store_error(r, &name, e)),
        Err(e) => Err(e.clone()),
    };
    let kv = allocation.finish(store, written).await?;
    set_resource_version(&mut obj, kv.mod_revision);
    Ok((obj, encoded.ok().map(|b| (b, kv.mod_revision))))
}

/// Events expire after an hour, as Kubernetes stores them under an etcd lease.
fn ttl(r: &ResourceInfo) -> Option<std::time::Duration> {
    (r.plural == "events").then(|| std::time::Duration::from_secs(3600))
}

/// GET one object.
pub async fn get(store: &AnyStore, info: &RequestInfo, name: &str) -> Result<(Value, Revision), ApiError> {
    let r = info.resource;
    let (found, _) = store.get(&meta::key(r, &info.namespace, name)).await.map_err(|e| store_error(r, name, e))?;
    let kv = found.ok_or_else(|| ApiError::not_found(r.group, r.plural, name))?;
    Ok((decode(&kv)?, kv.mod_revision))
}

/// Selectors of a list or watch, checked against the resource's kind.
pub struct Selectors {
    pub labels: LabelSelector,
    pub fields: FieldSelector,
    kind: &'static str,
}

impl Selectors {
    pub fn from_query(info: &RequestInfo) -> Result<Selectors, ApiError> {
        let labels = LabelSelector::parse(info.query.get("labelSelector").unwrap_or(""))
            .map_err(|e| ApiError::bad_request(e.to_string()))?;
        let kind = selector_kind(info.resource);
        let fields = FieldSelector::parse(info.query.get("fieldSelector").unwrap_or(""))
            .and_then(|f| f.for_kind(kind))
            .map_err(|e| ApiError::bad_request(e.to_string()))?;
        Ok(Selectors { labels, fields, kind })
    }

    pub fn matches(&self, obj: &Value) -> bool {
        self.labels.matches_object(obj) && self.fields.matches_object(self.kind, obj)
    }
}

fn selector_kind(r: &ResourceInfo) -> &'static str {
    if r.group == "events.k8s.io" { "Event.events.k8s.io" } else { r.kind }
}

/// A list continuation: the revision of the first page and the last key returned.
pub(crate) fn encode_continue(rev: Revision, last_key: &str) -> String {
    use base64::Engine;
    let token = json!({"v": "meta.k8s.io/v1", "rv": rev, "start": last_key});
    base64::engine::general_purpose::URL_SAFE.encode(token.to_string())
}

pub(crate) fn decode_continue(token: &str) -> Result<(Revision, String), ApiError> {
    use base64::Engine;
    let bad = || ApiError::bad_request(format!("continue key is not valid: {token:?}"));
    let raw = base64::engine::general_purpose::URL_SAFE.decode(token).map_err(|_| bad())?;
    let v: Value = serde_json::from_slice(&raw).map_err(|_| bad())?;
    let rev = v.get("rv").and_then(Value::as_i64).ok_or_else(bad)?;
    let start = v.get("start").and_then(Value::as_str).ok_or_else(bad)?.to_string();
    Ok((rev, start))
}

const CONTINUE_TOO_OLD: &str = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

/// A page of a list.
pub struct ListPage {
    pub items: Vec<Value>,
    pub revision: Revision,
    pub continue_token: Option<String>,
}

/// Most stored values one range read of a LIST returns.
const LIST_CHUNK: usize = 1000;

/// LIST with selectors, limit and continue, at the current revision or the one asked for.
pub async fn list(store: &AnyStore, info: &RequestInfo) -> Result<ListPage, ApiError> {
    let r = info.resource;
    let selectors = Selectors::from_query(info)?;
    let limit = info.query.number("limit")?.filter(|l| *l > 0).map(|l| l as usize);
    let mut revision = 0;
    let mut start_after = None;
    let continued = info.query.get("continue").is_some_and(|t| !t.is_empty());
    if let Some(token) = info.query.get("continue").filter(|t| !t.is_empty()) {
        let (rev, start) = decode_continue(token)?;
        revision = rev;
        start_after = Some(start);
    } else if let ListOptions { resource_version: Some(rv), exact: true } = list_options(info)? {
        revision = rv;
    }
    let prefix = meta::prefix(r, &info.namespace);
    let mut items = Vec::new();
    let mut continue_token = None;
    loop {
        // Read in chunks: a LIST without a limit that keeps few objects (a node's pods out of
        // 150,000) holds one chunk of raw values at a time, not all of them.
        let want = limit.map_or(LIST_CHUNK, |l| (l - items.len()).clamp(1, LIST_CHUNK));
        let mut req = RangeRequest::prefix(prefix.clone()).limit(want).at_revision(revision);
        req.start_after = start_after.clone();
        let page = store.range(req).await.map_err(|e| match e {
            StoreError::Compacted { .. } if continued => ApiError::gone(CONTINUE_TOO_OLD),
            StoreError::Compacted { .. } => ApiError::gone("The resourceVersion for the provided list is too old."),
            other => store_error(r, "", other),
        })?;
        revision = page.revision;
        for kv in &page.kvs {
            let obj = decode(kv)?;
            if selectors.matches(&obj) {
                items.push(obj);
            }
        }
        start_after = page.kvs.last().map(|kv| kv.key.clone());
        match (page.more, limit) {
            (true, Some(l)) if items.len() >= l => {
                continue_token = start_after.as_deref().map(|k| encode_continue(revision, k));
                break;
            }
            (true, _) => continue,
            (false, _) => break,
        }
    }
    Ok(ListPage { items, revision, continue_token })
}

/// The JSON List of a page.
pub fn list_object(r: &ResourceInfo, page: ListPage) -> Value {
    let mut metadata = json!({"resourceVersion": page.revision.to_string()});
    if let Some(c) = page.continue_token {
        metadata["continue"] = Value::String(c);
    }
    json!({"kind": r.list_kind, "apiVersion": api_version(r), "metadata": metadata, "items": page.items})
}

/// Writes `new` over the stored object `old`, applying Kubernetes' update rules; an object
/// with a deletionTimestamp whose last finalizer goes away is deleted.
pub(crate) async fn write_update(
    store: &AnyStore,
    info: &RequestInfo,
    name: &str,
    old: &Value,
    old_rev: Revision,
    mut new: Value,
    track: Track,
) -> Result<Value, ApiError> {
    let r = info.resource;
    let status_only = info.subresource.as_deref() == Some("status");
    let finalize_only = info.subresource.as_deref() == Some("finalize");
    // Immutable metadata and the part of the object this endpoint does not own.
    for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] {
        match old.pointer(&format!("/metadata/{field}")) {
            Some(v) => new["metadata"][field] = v.clone(),
            None => {
                if let Some(m) = new.get_mut("metadata").and_then(Value::as_object_mut) {
                    m.remove(field);
                }
            }
        }
    }
    if !status_only {
        // Services: keep the ClusterIPs and NodePorts allocated earlier when the client omits
        // them, and drop those a type change leaves behind (allocator.rs).
        crate::allocator::prepare_service_update(r, old, &mut new);
    }
    if finalize_only {
        // namespaces/finalize: only spec.finalizers changes (the namespace controller removes
        // "kubernetes" once the namespace is empty).
        let finalizers = new.pointer("/spec/finalizers").cloned();
        let mut merged = old.clone();
        match finalizers {
            Some(f) => merged["spec"]["finalizers"] = f,
            None => {
                if let Some(spec) = merged.get_mut("spec").and_then(Value::as_object_mut) {
                    spec.remove("finalizers");
                }
            }
        }
        new = merged;
    } else if status_only {
        let status = new.get("status").cloned();
        let mut merged = old.clone();
        match status {
            Some(s) => merged["status"] = s,
            None => {
                if let Some(m) = merged.as_object_mut() {
                    m.remove("status");
                }
            }
        }
        // Labels and annotations may change through status as well (Kubernetes allows it).
        new = merged;
    } else if has_status(r) {
        match old.get("status") {
            Some(s) => new["status"] = s.clone(),
            None => {
                if let Some(m) = new.as_object_mut() {
                    m.remove("status");
                }
            }
        }
    }
    crate::strategy::apply_defaults(r, &mut new);
    // The spec changed (compared defaulted, as Kubernetes decodes with defaults): a new generation.
    if !status_only && has_status(r) && old.get("spec") != new.get("spec") && new.get("spec").is_some() {
        let g = old.pointer("/metadata/generation").and_then(Value::as_i64).unwrap_or(0) + 1;
        new["metadata"]["generation"] = json!(g);
    }
    let mut errors = crate::strategy::validate(r, &new);
    errors.extend(crate::strategy::validate_update(r, old, &new));
    if !errors.is_empty() {
        return Err(ApiError::invalid(r.group, r.kind, name, errors));
    }
    if track == Track::Update {
        crate::apply::record_update(info, Some(old), &mut new);
    }
    let dry = dry_run(&info.query)?;
    let key = meta::key(r, &info.namespace, name);
    let finalizers_empty = new.pointer("/metadata/finalizers").and_then(Value::as_array).is_none_or(|f| f.is_empty())
        && new.pointer("/spec/finalizers").filter(|_| r.group.is_empty() && r.plural == "namespaces").and_then(Value::as_array).is_none_or(|f| f.is_empty());
    if new.pointer("/metadata/deletionTimestamp").is_some() && finalizers_empty {
        if dry {
            return Ok(new);
        }
        let (_, rev) = store.delete(&key, Some(old_rev)).await.map_err(|e| store_error(r, name, e))?;
        // Services: the stored object is gone; free its ClusterIPs and NodePorts (allocator.rs).
        crate::allocator::release_service(store, r, old).await;
        set_resource_version(&mut new, rev);
        return Ok(new);
    }
    // A write that changes nothing is not written (no new resourceVersion, no watch event), as
    // Kubernetes' storage skips byte-identical updates.
    let encoded = encode(&new)?;
    if encoded == encode(old)? {
        return Ok(old.clone());
    }
    // Services: take what the new spec adds (allocator.rs); after the write, give back what it
    // dropped — or, if the write failed, what was just taken.
    let allocation = crate::allocator::allocate_service(store, r, name, Some(old), &mut new, dry).await?;
    if dry {
        return Ok(new);
    }
    // Services: the allocator may have changed the object; anything else is written as encoded.
    let value = if r.group.is_empty() && r.plural == "services" { encode(&new)? } else { encoded };
    let written = store.update(&key, value, old_rev, ttl(r)).await.map_err(|e| store_error(r, name, e));
    let kv = allocation.finish(store, written).await?;
    set_resource_version(&mut new, kv.mod_revision);
    Ok(new)
}

/// The JSON type of a value, for messages.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An object written to `…/<name>` must be named `<name>`.
fn check_name(obj: &Value, name: &str) -> Result<(), ApiError> {
    match meta_str(obj, "name") {
        Some(n) if n == name => Ok(()),
        Some(n) => Err(ApiError::bad_request(format!(
            "the name of the object ({n}) does not match the name on the URL ({name})"
        ))),
        None => Err(ApiError::bad_request(format!("the name of the object () does not match the name on the URL ({name})"))),
    }
}

/// PUT: replace an object (or its status), with the resourceVersion as precondition if given.
pub async fn update(store: &AnyStore, info: &RequestInfo, name: &str, mut obj: Value) -> Result<Value, ApiError> {
    let r = info.resource;
    check_identity(info, &mut obj)?;
    match meta_str(&obj, "name") {
        Some(n) if n == name => {}
        Some(n) => {
            return Err(ApiError::bad_request(format!(
                "the name of the object ({n}) does not match the name on the URL ({name})"
            )));
        }
        None => obj["metadata"]["name"] = Value::String(name.to_string()),
    }
    let (old, old_rev) = get(store, info, name).await?;
    if let Some(rv) = meta_str(&obj, "resourceVersion").filter(|v| !v.is_empty())
        && rv != old_rev.to_string() {
            return Err(ApiError::conflict(r.group, r.plural, name, ApiError::MODIFIED));
        }
    write_update(store, info, name, &old, old_rev, obj, Track::Update).await
}

/// PATCH: JSON patch, merge patch, strategic merge patch (patch.rs) or server-side apply
/// (apply.rs). Retries when the object changed underneath.
/// Answers the object and the field-validation warnings (fieldValidation=Warn).
pub async fn patch(
    store: &AnyStore,
    info: &RequestInfo,
    name: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(Value, Vec<String>), ApiError> {
    let r = info.resource;
    let kind = crate::patch::Kind::from_headers(headers)?;
    if kind == crate::patch::Kind::Apply {
        return crate::apply::server_side_apply(store, info, name, body).await;
    }
    crate::apply::validate_options(info, false)?;
    let validation = crate::typed::FieldValidation::from_query(info.query.get("fieldValidation"))?;
    dry_run(&info.query)?;
    let sets_version = serde_json::from_slice::<Value>(body).ok().is_some_and(|p| p.pointer("/metadata/resourceVersion").is_some());
    for _ in 0..16 {
        let (old, old_rev) = get(store, info, name).await?;
        let mut new = crate::patch::apply(kind, r, &old, body)?;
        if meta_str(&new, "resourceVersion").is_some_and(|v| v != old_rev.to_string()) {
            return Err(ApiError::conflict(r.group, r.plural, name, ApiError::MODIFIED));
        }
        // The patched object must still be this object: same kind, version, namespace, name.
        if !new.get("metadata").is_some_and(Value::is_object) {
            return Err(ApiError::bad_request("the patched object has no metadata"));
        }
        check_identity(info, &mut new)?;
        check_name(&new, name)?;
        let warnings: Vec<String> =
            crate::typed::check(r, &new, validation)?.into_iter().map(|f| format!("unknown field {f:?}")).collect();
        if crate::typed::needs_pruning(validation, &warnings) {
            crate::typed::prune_unknown(r, &mut new);
        }
        match write_update(store, info, name, &old, old_rev, new, Track::Update).await {
            Err(e) if e.code == 409 && e.reason == "Conflict" && !sets_version => continue,
            other => return other.map(|v| (v, warnings)),
        }
    }
    Err(ApiError::conflict(r.group, r.plural, name, ApiError::MODIFIED))
}

/// DELETE one object: at once, or by setting deletionTimestamp when finalizers (or a pod's
/// node) still have work to do.
pub async fn delete(store: &AnyStore, info: &RequestInfo, name: &str, body: &[u8]) -> Result<Value, ApiError> {
    let r = info.resource;
    let opts: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("invalid DeleteOptions: {e}")))?
    };
    if !opts.is_object() {
        return Err(ApiError::bad_request(format!("invalid DeleteOptions: expected an object, got {}", json_kind(&opts))));
    }
    let policy = info
        .query
        .get("propagationPolicy")
        .map(str::to_string)
        .or_else(|| opts.get("propagationPolicy").and_then(Value::as_str).map(str::to_string));
    let grace = match info.query.number("gracePeriodSeconds")? {
        Some(g) => Some(g),
        None => opts.get("gracePeriodSeconds").and_then(Value::as_i64),
    };
    let dry = dry_run(&info.query)? || opts.get("dryRun").and_then(Value::as_array).is_some_and(|a| !a.is_empty());
    for _ in 0..16 {
        let (mut obj, rev) = get(store, info, name).await?;
        if let Some(uid) = opts.pointer("/preconditions/uid").and_then(Value::as_str) {
            let actual = meta_str(&obj, "uid").unwrap_or("");
            if uid != actual {
                return Err(ApiError::conflict(r.group, r.plural, name, &format!(
                    "Precondition failed: UID in precondition: {uid}, UID in object meta: {actual}"
                )));
            }
        }
        if let Some(want) = opts.pointer("/preconditions/resourceVersion").and_then(Value::as_str)
            && want != rev.to_string() {
                return Err(ApiError::conflict(r.group, r.plural, name, &format!(
                    "Precondition failed: ResourceVersion in precondition: {want}, ResourceVersion in object meta: {rev}"
                )));
            }
        let mut finalizers: Vec<Value> = obj.pointer("/metadata/finalizers").and_then(Value::as_array).cloned().unwrap_or_default();
        match policy.as_deref() {
            Some("Orphan") if !finalizers.contains(&json!("orphan")) => finalizers.push(json!("orphan")),
            Some("Foreground") if !finalizers.contains(&json!("foregroundDeletion")) => finalizers.push(json!("foregroundDeletion")),
            Some("Orphan" | "Foreground" | "Background") | None => {}
            Some(other) => {
                return Err(ApiError::invalid(r.group, "DeleteOptions", "", vec![FieldError::not_supported(
                    "propagationPolicy",
                    other,
                    &["Foreground", "Background", "Orphan"],
                )]));
            }
        }
        let graceful_pod = r.group.is_empty()
            && r.plural == "pods"
            && obj.pointer("/spec/nodeName").and_then(Value::as_str).is_some_and(|n| !n.is_empty())
            && !matches!(obj.pointer("/status/phase").and_then(Value::as_str), Some("Succeeded" | "Failed"))
            && grace != Some(0);
        // A namespace with spec.finalizers goes Terminating; the namespace controller empties
        // it and removes its finalizer through namespaces/finalize.
        let terminating_namespace = r.group.is_empty()
            && r.plural == "namespaces"
            && obj.pointer("/spec/finalizers").and_then(Value::as_array).is_some_and(|f| !f.is_empty());
        if terminating_namespace {
            obj["status"]["phase"] = json!("Terminating");
        }
        if finalizers.is_empty() && !graceful_pod && !terminating_namespace {
            if dry {
                return Ok(deleted_answer(r, obj));
            }
            let key = meta::key(r, &info.namespace, name);
            match store.delete(&key, Some(rev)).await {
                Ok((_, del_rev)) => {
                    // Services: the stored object is gone; free its ClusterIPs and NodePorts
                    // (allocator.rs).
                    crate::allocator::release_service(store, r, &obj).await;
                    set_resource_version(&mut obj, del_rev);
                    return Ok(deleted_answer(r, obj));
                }
                Err(StoreError::Conflict { .. }) => continue,
                Err(e) => return Err(store_error(r, name, e)),
            }
        }
        // Graceful: mark for deletion; finalizers' owners (or the node agent) finish it.
        if obj.pointer("/metadata/deletionTimestamp").is_none() {
            let grace = if graceful_pod {
                grace.or_else(|| obj.pointer("/spec/terminationGracePeriodSeconds").and_then(Value::as_i64)).unwrap_or(30)
            } else {
                0
            };
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
            obj["metadata"]["deletionTimestamp"] = Value::String(meta::rfc3339(now + grace));
            obj["metadata"]["deletionGracePeriodSeconds"] = json!(grace);
        }
        obj["metadata"]["finalizers"] = Value::Array(finalizers);
        if obj.pointer("/metadata/finalizers").and_then(Value::as_array).is_some_and(|f| f.is_empty())
            && let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
                m.remove("finalizers");
            }
        if dry {
            return Ok(obj);
        }
        let key = meta::key(r, &info.namespace, name);
        match store.update(&key, encode(&obj)?, rev, ttl(r)).await {
            Ok(kv) => {
                set_resource_version(&mut obj, kv.mod_revision);
                return Ok(obj);
            }
            Err(StoreError::Conflict { .. }) => continue,
            Err(e) => return Err(store_error(r, name, e)),
        }
    }
    Err(ApiError::conflict(r.group, r.plural, name, ApiError::MODIFIED))
}

/// What a DELETE that removed the object answers: the object itself for the kinds whose
/// registries return it (pods, services, namespaces, service accounts), a Success Status
/// naming it for every other kind — as Kubernetes does.
fn deleted_answer(r: &ResourceInfo, obj: Value) -> Value {
    if r.group.is_empty() && matches!(r.plural, "pods" | "services" | "namespaces" | "serviceaccounts") {
        return obj;
    }
    let mut status = rk_api::status::Status::success(200);
    status.details = Some(rk_api::status::StatusDetails {
        name: meta_str(&obj, "name").unwrap_or("").to_string(),
        group: r.group.to_string(),
        kind: r.plural.to_string(),
        uid: meta_str(&obj, "uid").unwrap_or("").to_string(),
        ..Default::default()
    });
    serde_json::to_value(status).unwrap_or(obj)
}

/// DELETE a collection: every object the selectors match, one by one.
pub async fn delete_collection(store: &AnyStore, info: &RequestInfo, body: &[u8]) -> Result<Value, ApiError> {
    let mut list_info = info.clone();
    list_info.verb = Verb::List;
    let page = list(store, &list_info).await?;
    let mut deleted = Vec::new();
    for obj in page.items {
        let Some(name) = meta_str(&obj, "name").map(str::to_string) else { continue };
        let mut item = info.clone();
        if let Some(ns) = meta_str(&obj, "namespace") {
            item.namespace = ns.to_string();
        }
        match delete(store, &item, &name, body).await {
            // A Success Status stands for the object it deleted: the list carries the object.
            Ok(o) if o.get("kind").and_then(Value::as_str) == Some("Status") => deleted.push(obj),
            Ok(o) => deleted.push(o),
            Err(e) if e.code == 404 => {}
            Err(e) => return Err(e),
        }
    }
    Ok(list_object(info.resource, ListPage { items: deleted, revision: page.revision, continue_token: None }))
}

/// The namespaces every cluster has from the start, the ranges services allocate from, and the
/// `kubernetes` service.
pub async fn bootstrap(
    store: &AnyStore,
    service_cidr: crate::allocator::ServiceCidr,
    node_ports: crate::allocator::PortRange,
) -> Result<(), ApiError> {
    let Some(ns) = rk_api::resources::find("", "v1", "namespaces") else {
        return Err(ApiError::internal("namespaces are not registered"));
    };
    for name in ["default", "kube-system", "kube-public", "kube-node-lease"] {
        let info = RequestInfo {
            verb: Verb::Create,
            resource: ns,
            subresource: None,
            namespace: String::new(),
            name: None,
            query: Query::default(),
            manager: "rk-apiserver".into(),
        };
        match create(store, &info, json!({"metadata": {"name": name}})).await {
            Ok(_) => {}
            Err(e) if e.code == 409 => {}
            Err(e) => return Err(e),
        }
    }
    // A cluster keeps the ranges its first API server wrote (allocator.rs).
    let cidr = crate::allocator::init_ranges(store, service_cidr, node_ports)
        .await
        .map_err(|e| ApiError::internal(format!("storing the service ranges: {e}")))?;
    bootstrap_kubernetes_service(store, cidr).await
}

/// The `kubernetes` service in `default`, on the first address of the service CIDR, created
/// once (another API server starting at the same time may be creating it).
async fn bootstrap_kubernetes_service(store: &AnyStore, cidr: crate::allocator::ServiceCidr) -> Result<(), ApiError> {
    let Some(services) = rk_api::resources::find("", "v1", "services") else {
        return Err(ApiError::internal("services are not registered"));
    };
    let info = RequestInfo {
        verb: Verb::Create,
        resource: services,
        subresource: None,
        namespace: "default".into(),
        name: None,
        query: Query::default(),
        manager: "rk-apiserver".into(),
    };
    let ip = cidr.first().to_string();
    let service = json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "kubernetes", "labels": {"component": "apiserver", "provider": "kubernetes"}},
        "spec": {
            "type": "ClusterIP",
            "clusterIP": ip,
            "clusterIPs": [ip],
            "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
            "sessionAffinity": "None",
        },
    });
    for attempt in 0..=50 {
        if get(store, &info, "kubernetes").await.is_ok() {
            return Ok(());
        }
        if attempt == 50 {
            // Still no service after 5 s: a server died between allocating and writing it.
            tracing::warn!(%ip, "the kubernetes service's address was allocated without the service; reclaiming it");
            let _ = crate::allocator::release_cluster_ip(store, cidr.first()).await;
        }
        match create(store, &info, service.clone()).await {
            Ok(_) => return Ok(()),
            Err(e) if e.code == 409 => return Ok(()),
            // Its address is taken: another API server is between allocating and writing it.
            Err(e) if e.code == 422 && e.message.ends_with("provided IP is already allocated") && attempt < 50 => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
