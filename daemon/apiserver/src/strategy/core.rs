//! Core (v1) kinds other than pods and controllers: Services (defaults but not ClusterIP or
//! NodePort allocation, which `allocator` owns), ConfigMaps, Secrets, Namespaces,
//! ServiceAccounts, PersistentVolumeClaims, LimitRanges, ResourceQuotas and Events.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine;
use rk_api::status::FieldError;
use serde_json::{Map, Value, json};

use super::fields::*;
use super::quantity::Quantity;
use super::resources as ctr;

// ---- ConfigMaps and Secrets -------------------------------------------------------------------------

/// Secrets and ConfigMaps may hold at most 1 MiB.
const MAX_SIZE: usize = 1024 * 1024;

pub fn validate_config_map(obj: &Value, errs: &mut Errors) {
    let binary = obj.get("binaryData").and_then(Value::as_object);
    let mut total = 0;
    for (k, v) in entries(obj, "data") {
        let path = key("data", k);
        invalid_each(&path, k, is_config_map_key(k), errs);
        if binary.is_some_and(|b| b.contains_key(k)) {
            errs.push(FieldError::invalid(
                &path,
                k.as_str(),
                "duplicate of key present in binaryData",
            ));
        }
        total += v.as_str().map_or(0, str::len);
    }
    for (k, v) in entries(obj, "binaryData") {
        let path = key("binaryData", k);
        invalid_each(&path, k, is_config_map_key(k), errs);
        match decode_base64(v.as_str().unwrap_or("")) {
            Ok(bytes) => total += bytes.len(),
            Err(e) => errs.push(FieldError::invalid(&path, "<binary contents redacted>", e)),
        }
    }
    if total > MAX_SIZE {
        errs.push(FieldError::too_long("", MAX_SIZE));
    }
}

/// ConfigMaps and Secrets marked `immutable: true` keep their contents and the mark.
pub fn validate_immutable_contents(old: &Value, new: &Value, fields: &[&str], errs: &mut Errors) {
    if boolean(old, "immutable") != Some(true) {
        return;
    }
    if boolean(new, "immutable") != Some(true) {
        errs.push(FieldError::forbidden(
            "immutable",
            "field is immutable when `immutable` is set",
        ));
    }
    for f in fields {
        if old.get(*f).filter(|v| !v.is_null()) != new.get(*f).filter(|v| !v.is_null()) {
            errs.push(FieldError::forbidden(
                *f,
                "field is immutable when `immutable` is set",
            ));
        }
    }
}

/// Go's `encoding/base64` StdEncoding decode, with its error wording.
fn decode_base64(s: &str) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|e| {
            let at = match e {
                base64::DecodeError::InvalidByte(at, _)
                | base64::DecodeError::InvalidLastSymbol(at, _) => at,
                base64::DecodeError::InvalidLength(len) => len,
                base64::DecodeError::InvalidPadding => s.len(),
            };
            format!("illegal base64 data at input byte {at}")
        })
}

/// Secrets: `type` defaults to Opaque; `stringData` is folded into `data`, as the v1
/// conversion does.
pub fn default_secret(obj: &mut Value) {
    default_to(obj, "type", json!("Opaque"));
    let Some(string_data) = obj.as_object_mut().and_then(|m| m.remove("stringData")) else {
        return;
    };
    let Some(pairs) = string_data.as_object() else {
        return;
    };
    if let Some(data) = object_mut(obj, "data") {
        for (k, v) in pairs {
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(v.as_str().unwrap_or(""));
            data.insert(k.clone(), json!(encoded));
        }
    }
}

pub fn validate_secret(obj: &Value, errs: &mut Errors) {
    let mut total = 0;
    let mut data: BTreeMap<&str, Vec<u8>> = BTreeMap::new();
    for (k, v) in entries(obj, "data") {
        let path = key("data", k);
        invalid_each(&path, k, is_config_map_key(k), errs);
        match decode_base64(v.as_str().unwrap_or("")) {
            Ok(bytes) => {
                total += bytes.len();
                data.insert(k, bytes);
            }
            Err(e) => errs.push(FieldError::invalid(&path, "<secret contents redacted>", e)),
        }
    }
    if total > MAX_SIZE {
        errs.push(FieldError::too_long("data", MAX_SIZE));
    }
    let require = |k: &str, errs: &mut Errors| {
        if !data.contains_key(k) {
            errs.push(FieldError::required(key("data", k), ""));
            return false;
        }
        true
    };
    match text(obj, "type") {
        "kubernetes.io/service-account-token"
            if obj
                .pointer("/metadata/annotations/kubernetes.io~1service-account.name")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty) =>
        {
            errs.push(FieldError::required(
                "metadata.annotations[kubernetes.io/service-account.name]",
                "",
            ));
        }
        t @ ("kubernetes.io/dockercfg" | "kubernetes.io/dockerconfigjson") => {
            let k = if t == "kubernetes.io/dockercfg" {
                ".dockercfg"
            } else {
                ".dockerconfigjson"
            };
            if require(k, errs)
                && let Err(e) = serde_json::from_slice::<Map<String, Value>>(&data[k])
            {
                errs.push(FieldError::invalid(
                    key("data", k),
                    "<secret contents redacted>",
                    e.to_string(),
                ));
            }
        }
        "kubernetes.io/basic-auth"
            if !data.contains_key("username") && !data.contains_key("password") =>
        {
            errs.push(FieldError::required("data[username]", ""));
            errs.push(FieldError::required("data[password]", ""));
        }
        "kubernetes.io/ssh-auth" if data.get("ssh-privatekey").is_none_or(Vec::is_empty) => {
            errs.push(FieldError::required("data[ssh-privatekey]", ""));
        }
        "kubernetes.io/tls" => {
            require("tls.crt", errs);
            require("tls.key", errs);
        }
        _ => {}
    }
}

pub fn validate_secret_update(old: &Value, new: &Value, errs: &mut Errors) {
    immutable(new.get("type"), old.get("type"), "type", errs);
    validate_immutable_contents(old, new, &["data"], errs);
}

// ---- Namespaces -------------------------------------------------------------------------------------

/// `SetDefaults_Namespace`: the `kubernetes.io/metadata.name` label.
pub fn default_namespace(obj: &mut Value) {
    let name = obj
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if name.is_empty() {
        return;
    }
    if let Some(labels) = object_mut(obj, "metadata").and_then(|m| {
        let l = m.entry("labels").or_insert_with(|| json!({}));
        if l.is_null() {
            *l = json!({});
        }
        l.as_object_mut()
    }) {
        labels.insert("kubernetes.io/metadata.name".into(), json!(name));
    }
}

pub fn validate_namespace(obj: &Value, errs: &mut Errors) {
    for f in list(obj.get("spec").unwrap_or(&Value::Null), "finalizers") {
        validate_finalizer(f.as_str().unwrap_or(""), "spec.finalizers", errs);
    }
}

/// `validateFinalizerName`: a qualified name, and with no domain one of the standard ones.
pub fn validate_finalizer(name: &str, path: &str, errs: &mut Errors) {
    validate_qualified_name(name, path, errs);
    if !name.contains('/') && !matches!(name, "kubernetes" | "orphan" | "foregroundDeletion") {
        errs.push(FieldError::invalid(
            path,
            name,
            "name is neither a standard finalizer name nor is it fully qualified",
        ));
    }
}

// ---- PersistentVolumeClaims ------------------------------------------------------------------------

/// `SetDefaults_PersistentVolumeClaimSpec` (and canonical sizes).
pub fn default_pvc_spec(spec: &mut Value) {
    if spec.is_object() && spec.get("volumeMode").is_none_or(Value::is_null) {
        spec["volumeMode"] = json!("Filesystem");
    }
    for list in ["requests", "limits"] {
        if let Some(l) = spec
            .pointer_mut(&format!("/resources/{list}"))
            .and_then(Value::as_object_mut)
        {
            l.values_mut().for_each(ctr::canonicalize_quantity);
        }
    }
}

/// A claim's defaults: its spec's, and `status.phase: Pending`.
pub fn default_pvc(obj: &mut Value) {
    if let Some(spec) = member_mut(obj, "spec") {
        default_pvc_spec(spec);
    }
    if let Some(status) = object_mut(obj, "status")
        && status
            .get("phase")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
    {
        status.insert("phase".into(), json!("Pending"));
    }
}

const ACCESS_MODES: [&str; 4] = [
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];

pub fn validate_pvc(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    let modes = list(&spec, "accessModes");
    if modes.is_empty() {
        errs.push(FieldError::required(
            "spec.accessModes",
            "at least 1 access mode is required",
        ));
    }
    validate_label_selector(spec.get("selector"), "spec.selector", errs);
    let (mut rwop, mut other) = (false, false);
    for m in modes {
        let m = m.as_str().unwrap_or("");
        if !ACCESS_MODES.contains(&m) {
            errs.push(FieldError::not_supported(
                "spec.accessModes",
                m,
                &ACCESS_MODES,
            ));
        }
        if m == "ReadWriteOncePod" {
            rwop = true;
        } else if ACCESS_MODES.contains(&m) {
            other = true;
        }
    }
    if rwop && other {
        errs.push(FieldError::forbidden(
            "spec.accessModes",
            "may not use ReadWriteOncePod with other access modes",
        ));
    }
    let storage_path = "spec.resources[storage]";
    match spec.pointer("/resources/requests/storage") {
        None => errs.push(FieldError::required(storage_path, "")),
        Some(v) => {
            if let Some(q) = ctr::quantity_at(v, storage_path, errs)
                && q.cmp_value(&Quantity::zero()) != std::cmp::Ordering::Greater
            {
                errs.push(FieldError::invalid(
                    storage_path,
                    q.canonical(),
                    "must be greater than zero",
                ));
            }
        }
    }
    let class = text(&spec, "storageClassName");
    if !class.is_empty() {
        validate_dns1123_subdomain(class, "spec.storageClassName", errs);
    }
    if let Some(mode) = spec.get("volumeMode").and_then(Value::as_str)
        && !matches!(mode, "Block" | "Filesystem")
    {
        errs.push(FieldError::not_supported(
            "spec.volumeMode",
            mode,
            &["Block", "Filesystem"],
        ));
    }
}

/// A claim's spec is fixed, except binding it to a volume once and resizing a bound claim.
pub fn validate_pvc_update(old: &Value, new: &Value, errs: &mut Errors) {
    let mut o = old.get("spec").cloned().unwrap_or_else(|| json!({}));
    let mut n = new.get("spec").cloned().unwrap_or_else(|| json!({}));
    if text(&o, "volumeName").is_empty() {
        o["volumeName"] = n.get("volumeName").cloned().unwrap_or(Value::Null);
    }
    let bound = new.pointer("/status/phase").and_then(Value::as_str) == Some("Bound");
    let old_size = o
        .pointer("/resources/requests/storage")
        .and_then(Quantity::from_json)
        .and_then(Result::ok);
    let new_size = n
        .pointer("/resources/requests/storage")
        .and_then(Quantity::from_json)
        .and_then(Result::ok);
    if bound {
        for spec in [&mut o, &mut n] {
            if let Some(r) = spec
                .pointer_mut("/resources/requests")
                .and_then(Value::as_object_mut)
            {
                r.remove("storage");
            }
            if let Some(m) = spec.as_object_mut() {
                m.remove("volumeAttributesClassName");
            }
        }
    }
    let strip_null = |v: &mut Value| {
        if let Some(m) = v.as_object_mut() {
            m.retain(|_, x| !x.is_null());
        }
    };
    strip_null(&mut o);
    strip_null(&mut n);
    if o != n {
        errs.push(FieldError::forbidden(
            "spec",
            "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
        ));
    }
    if let (Some(a), Some(b)) = (old_size, new_size) {
        let capacity = old
            .pointer("/status/capacity/storage")
            .and_then(Quantity::from_json)
            .and_then(Result::ok)
            .unwrap_or_else(Quantity::zero);
        if b.cmp_value(&a) == std::cmp::Ordering::Less
            && b.cmp_value(&capacity) != std::cmp::Ordering::Greater
        {
            errs.push(FieldError::forbidden(
                "spec.resources.requests.storage",
                "field can not be less than status.capacity",
            ));
        }
    }
}

// ---- LimitRanges and ResourceQuotas ------------------------------------------------------------

/// `SetDefaults_LimitRangeItem`: container defaults from max, default requests from the
/// default or the min; every quantity canonical.
pub fn default_limit_range(obj: &mut Value) {
    for item in obj
        .pointer_mut("/spec/limits")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        for k in [
            "max",
            "min",
            "default",
            "defaultRequest",
            "maxLimitRequestRatio",
        ] {
            if let Some(l) = item.get_mut(k) {
                ctr::canonicalize_resource_list(l);
            }
        }
        if text(item, "type") != "Container" {
            continue;
        }
        let max = item
            .get("max")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let min = item
            .get("min")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let Some(default) = object_mut(item, "default") else {
            continue;
        };
        for (k, v) in &max {
            default.entry(k.clone()).or_insert(v.clone());
        }
        let default = default.clone();
        let Some(request) = object_mut(item, "defaultRequest") else {
            continue;
        };
        for (k, v) in default.iter().chain(&min) {
            request.entry(k.clone()).or_insert(v.clone());
        }
    }
}

pub fn validate_limit_range(obj: &Value, errs: &mut Errors) {
    let mut types = BTreeSet::new();
    for (i, item) in list(obj.get("spec").unwrap_or(&Value::Null), "limits")
        .iter()
        .enumerate()
    {
        let at = index("spec.limits", i);
        let kind = text(item, "type");
        let before = errs.len();
        invalid_each(&child(&at, "type"), kind, is_qualified_name(kind), errs);
        if errs.len() == before
            && !kind.contains('/')
            && !matches!(kind, "Pod" | "Container" | "PersistentVolumeClaim")
        {
            errs.push(FieldError::invalid(
                child(&at, "type"),
                kind,
                "must be a standard limit type or fully qualified",
            ));
        }
        if !types.insert(kind) {
            errs.push(FieldError::duplicate(child(&at, "type"), kind));
        }
        let mut lists: BTreeMap<&str, BTreeMap<&str, Quantity>> = BTreeMap::new();
        for field in [
            "max",
            "min",
            "default",
            "defaultRequest",
            "maxLimitRequestRatio",
        ] {
            if kind == "Pod" && matches!(field, "default" | "defaultRequest") {
                if item
                    .get(field)
                    .and_then(Value::as_object)
                    .is_some_and(|m| !m.is_empty())
                {
                    errs.push(FieldError::forbidden(
                        child(&at, field),
                        "may not be specified when `type` is 'Pod'",
                    ));
                }
                continue;
            }
            for (name, v) in entries(item, field) {
                let p = key(&child(&at, field), name);
                if matches!(kind, "Pod" | "Container") {
                    ctr::validate_container_resource_name(name, &p, errs);
                } else {
                    ctr::validate_resource_name(name, &p, errs);
                }
                if let Some(q) = ctr::quantity_at(v, &p, errs) {
                    lists.entry(field).or_default().insert(name, q);
                }
            }
        }
        if kind == "PersistentVolumeClaim"
            && !lists.get("min").is_some_and(|m| m.contains_key("storage"))
            && !lists.get("max").is_some_and(|m| m.contains_key("storage"))
        {
            errs.push(FieldError::required(
                child(&at, "limits"),
                "either minimum or maximum storage value is required, but neither was provided",
            ));
        }
        let names: BTreeSet<&str> = lists.values().flat_map(|m| m.keys().copied()).collect();
        let q = |field: &str, name: &str| lists.get(field).and_then(|m| m.get(name));
        for name in names {
            let gt = |a: Option<&Quantity>, b: Option<&Quantity>| matches!((a, b), (Some(a), Some(b)) if a.cmp_value(b) == std::cmp::Ordering::Greater);
            let (min, max, def, req) = (
                q("min", name),
                q("max", name),
                q("default", name),
                q("defaultRequest", name),
            );
            let s = |x: Option<&Quantity>| x.map(Quantity::canonical).unwrap_or_default();
            let mut check = |cond: bool, field: &str, value: Option<&Quantity>, msg: String| {
                if cond {
                    errs.push(FieldError::invalid(
                        key(&child(&at, field), name),
                        s(value),
                        msg,
                    ));
                }
            };
            check(
                gt(min, max),
                "min",
                min,
                format!("min value {} is greater than max value {}", s(min), s(max)),
            );
            check(
                gt(min, req),
                "defaultRequest",
                req,
                format!(
                    "min value {} is greater than default request value {}",
                    s(min),
                    s(req)
                ),
            );
            check(
                gt(req, max),
                "defaultRequest",
                req,
                format!(
                    "default request value {} is greater than max value {}",
                    s(req),
                    s(max)
                ),
            );
            check(
                gt(req, def),
                "defaultRequest",
                req,
                format!(
                    "default request value {} is greater than default limit value {}",
                    s(req),
                    s(def)
                ),
            );
            check(
                gt(min, def),
                "default",
                min,
                format!(
                    "min value {} is greater than default value {}",
                    s(min),
                    s(def)
                ),
            );
            check(
                gt(def, max),
                "default",
                max,
                format!(
                    "default value {} is greater than max value {}",
                    s(def),
                    s(max)
                ),
            );
            if let Some(ratio) = q("maxLimitRequestRatio", name) {
                let one = Quantity::parse("1").unwrap_or_else(|_| Quantity::zero());
                if ratio.cmp_value(&one) == std::cmp::Ordering::Less {
                    errs.push(FieldError::invalid(
                        key(&child(&at, "maxLimitRequestRatio"), name),
                        ratio.canonical(),
                        format!("ratio {} is less than 1", ratio.canonical()),
                    ));
                }
            }
        }
    }
}

pub fn default_resource_quota(obj: &mut Value) {
    if let Some(hard) = obj.pointer_mut("/spec/hard") {
        ctr::canonicalize_resource_list(hard);
    }
}

pub fn validate_resource_quota(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    for (name, v) in entries(&spec, "hard") {
        let p = key("spec.hard", name);
        let ok = ctr::validate_resource_name(name, &p, errs);
        if ok
            && !name.contains('/')
            && !super::resources::STANDARD_RESOURCES.contains(&name.as_str())
            && !name.starts_with("hugepages-")
            && !name.starts_with("requests.hugepages-")
        {
            errs.push(FieldError::invalid(
                &p,
                name.as_str(),
                "must be a standard resource for quota",
            ));
        }
        if let Some(q) = ctr::quantity_at(v, &p, errs) {
            ctr::validate_quantity_value(name, &q, &p, errs);
        }
    }
    let scopes: Vec<&str> = list(&spec, "scopes")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    const SCOPES: [&str; 7] = [
        "Terminating",
        "NotTerminating",
        "BestEffort",
        "NotBestEffort",
        "PriorityClass",
        "CrossNamespacePodAffinity",
        "VolumeAttributesClass",
    ];
    for s in &scopes {
        if !SCOPES.contains(s) {
            errs.push(FieldError::invalid(
                "spec.scopes",
                json!(scopes),
                "unsupported scope",
            ));
        }
    }
    for (a, b) in [
        ("BestEffort", "NotBestEffort"),
        ("Terminating", "NotTerminating"),
    ] {
        if scopes.contains(&a) && scopes.contains(&b) {
            // Upstream prints the typed slice: `[]core.ResourceQuotaScope{"BestEffort", …}`.
            let listed: Vec<String> = scopes.iter().map(|s| format!("{s:?}")).collect();
            let rendered = format!("[]core.ResourceQuotaScope{{{}}}", listed.join(", "));
            errs.push(FieldError::invalid_rendered(
                "spec.scopes",
                json!(scopes),
                rendered,
                "conflicting scopes",
            ));
        }
    }
}

pub fn validate_resource_quota_update(old: &Value, new: &Value, errs: &mut Errors) {
    let scopes = |v: &Value| -> BTreeSet<String> {
        v.pointer("/spec/scopes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    if scopes(old) != scopes(new) {
        errs.push(FieldError::invalid(
            "spec.scopes",
            new.pointer("/spec/scopes").cloned().unwrap_or(Value::Null),
            IMMUTABLE,
        ));
    }
}

// ---- Events ---------------------------------------------------------------------------------------

/// core/v1 Events: `legacyValidateEvent` (no further checks for v1, as upstream).
pub fn validate_core_event(obj: &Value, errs: &mut Errors) {
    let ns = obj
        .pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .unwrap_or("");
    let involved_ns = obj
        .pointer("/involvedObject/namespace")
        .and_then(Value::as_str)
        .unwrap_or("");
    let has_event_time = get(obj, "eventTime").is_some();
    let mismatch = if !has_event_time {
        if involved_ns.is_empty() {
            !ns.is_empty() && ns != "default"
        } else {
            ns != involved_ns
        }
    } else {
        involved_ns.is_empty() && ns != "default" && ns != "kube-system"
    };
    if mismatch {
        errs.push(FieldError::invalid(
            "involvedObject.namespace",
            involved_ns,
            "does not match event.namespace",
        ));
    }
    if has_event_time {
        required_short_fields(
            obj,
            &[
                ("reportingComponent", 0),
                ("reportingInstance", 128),
                ("action", 128),
                ("reason", 128),
            ],
            errs,
        );
    }
}

/// events.k8s.io/v1 Events: the fields a new-style event must carry.
pub fn validate_events_v1(obj: &Value, errs: &mut Errors) {
    if get(obj, "eventTime").is_none() {
        errs.push(FieldError::required("eventTime", ""));
    }
    let kind = text(obj, "type");
    if kind != "Normal" && kind != "Warning" {
        errs.push(FieldError::invalid(
            "type",
            "",
            format!("has invalid value: {kind}"),
        ));
    }
    if get(obj, "deprecatedFirstTimestamp").is_some() {
        errs.push(FieldError::invalid(
            "deprecatedFirstTimestamp",
            "",
            "needs to be unset",
        ));
    }
    required_short_fields(
        obj,
        &[
            ("reportingController", 0),
            ("reportingInstance", 128),
            ("action", 128),
            ("reason", 128),
        ],
        errs,
    );
    if text(obj, "note").len() > 1024 {
        errs.push(FieldError::invalid(
            "note",
            "",
            "can have at most 1024 characters",
        ));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#[path = "core_tests.rs"]
mod tests;

/// Event fields that must be set and, where `limit` > 0, at most that many characters.
fn required_short_fields(obj: &Value, fields: &[(&str, usize)], errs: &mut Errors) {
    for &(field, limit) in fields {
        let v = text(obj, field);
        if v.is_empty() {
            errs.push(FieldError::required(field, ""));
        } else if limit > 0 && v.len() > limit {
            errs.push(FieldError::invalid(
                field,
                "",
                format!("can have at most {limit} characters"),
            ));
        }
    }
}
