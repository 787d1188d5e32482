//! Decoding against the served types: every incoming object is decoded as its Kubernetes type
//! (k8s-openapi, API level 1.33) — a value of the wrong JSON type is a 400 `… cannot be handled as
//! a …`, as Kubernetes' decoder answers — and re-encoded; what the decoder dropped are unknown
//! fields, refused under `fieldValidation=Strict` (`strict decoding error: unknown field "x"`).
//! Objects stay JSON values everywhere else (decision 0002).

use k8s_openapi::api;
use rk_api::resources::ResourceInfo;
use rk_api::status::ApiError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// How unknown fields are treated (`?fieldValidation=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldValidation {
    Ignore,
    Warn,
    Strict,
}

impl FieldValidation {
    pub fn from_query(v: Option<&str>) -> Result<Self, ApiError> {
        match v {
            None | Some("") | Some("Warn") => Ok(FieldValidation::Warn),
            Some("Ignore") => Ok(FieldValidation::Ignore),
            Some("Strict") => Ok(FieldValidation::Strict),
            Some(other) => Err(ApiError::bad_request(format!(
                "fieldValidation parameter unsupported: {other}, only Ignore, Warn, Strict are supported"
            ))),
        }
    }
}

fn roundtrip<T: DeserializeOwned + Serialize>(obj: &Value) -> Result<Value, String> {
    // Decoded from the borrowed value: no copy of the object first.
    let typed = T::deserialize(obj).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

macro_rules! by_kind {
    ($r:expr, $obj:expr, { $( ($g:literal, $k:literal) => $t:ty ),* $(,)? }) => {
        match ($r.group, $r.kind) {
            $( ($g, $k) => Some(roundtrip::<$t>($obj)), )*
            _ => None,
        }
    };
}

fn decode(r: &ResourceInfo, obj: &Value) -> Option<Result<Value, String>> {
    if r.group == "autoscaling" && r.version == "v1" {
        return Some(roundtrip::<api::autoscaling::v1::HorizontalPodAutoscaler>(
            obj,
        ));
    }
    by_kind!(r, obj, {
        ("", "Namespace") => api::core::v1::Namespace,
        ("", "Pod") => api::core::v1::Pod,
        ("", "Node") => api::core::v1::Node,
        ("", "Service") => api::core::v1::Service,
        ("", "ReplicationController") => api::core::v1::ReplicationController,
        ("", "Endpoints") => api::core::v1::Endpoints,
        ("", "ConfigMap") => api::core::v1::ConfigMap,
        ("", "Secret") => api::core::v1::Secret,
        ("", "ServiceAccount") => api::core::v1::ServiceAccount,
        ("", "Event") => api::core::v1::Event,
        ("", "PersistentVolume") => api::core::v1::PersistentVolume,
        ("", "PersistentVolumeClaim") => api::core::v1::PersistentVolumeClaim,
        ("", "LimitRange") => api::core::v1::LimitRange,
        ("", "ResourceQuota") => api::core::v1::ResourceQuota,
        ("", "Binding") => api::core::v1::Binding,
        ("apps", "Deployment") => api::apps::v1::Deployment,
        ("apps", "ReplicaSet") => api::apps::v1::ReplicaSet,
        ("apps", "StatefulSet") => api::apps::v1::StatefulSet,
        ("apps", "DaemonSet") => api::apps::v1::DaemonSet,
        ("apps", "ControllerRevision") => api::apps::v1::ControllerRevision,
        ("batch", "Job") => api::batch::v1::Job,
        ("batch", "CronJob") => api::batch::v1::CronJob,
        ("coordination.k8s.io", "Lease") => api::coordination::v1::Lease,
        ("discovery.k8s.io", "EndpointSlice") => api::discovery::v1::EndpointSlice,
        ("events.k8s.io", "Event") => api::events::v1::Event,
        ("policy", "PodDisruptionBudget") => api::policy::v1::PodDisruptionBudget,
        ("policy", "Eviction") => api::policy::v1::Eviction,
        ("scheduling.k8s.io", "PriorityClass") => api::scheduling::v1::PriorityClass,
        ("rbac.authorization.k8s.io", "Role") => api::rbac::v1::Role,
        ("rbac.authorization.k8s.io", "RoleBinding") => api::rbac::v1::RoleBinding,
        ("rbac.authorization.k8s.io", "ClusterRole") => api::rbac::v1::ClusterRole,
        ("rbac.authorization.k8s.io", "ClusterRoleBinding") => api::rbac::v1::ClusterRoleBinding,
        ("networking.k8s.io", "Ingress") => api::networking::v1::Ingress,
        ("networking.k8s.io", "NetworkPolicy") => api::networking::v1::NetworkPolicy,
        ("networking.k8s.io", "IngressClass") => api::networking::v1::IngressClass,
        ("storage.k8s.io", "StorageClass") => api::storage::v1::StorageClass,
        ("autoscaling", "HorizontalPodAutoscaler") => api::autoscaling::v2::HorizontalPodAutoscaler,
        ("authorization.k8s.io", "SelfSubjectAccessReview") => api::authorization::v1::SelfSubjectAccessReview,
        ("authentication.k8s.io", "SelfSubjectReview") => api::authentication::v1::SelfSubjectReview,
    })
}

/// Paths present in `sent` but not in `kept` (nulls aside): the fields the type does not have.
fn unknown_fields(sent: &Value, kept: &Value, path: &str, out: &mut Vec<String>) {
    match (sent, kept) {
        (Value::Object(s), Value::Object(k)) => {
            for (key, v) in s {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match k.get(key) {
                    Some(kv) => unknown_fields(v, kv, &at, out),
                    None if v.is_null() => {}
                    None => out.push(at),
                }
            }
        }
        (Value::Array(s), Value::Array(k)) => {
            for (i, (sv, kv)) in s.iter().zip(k).enumerate() {
                unknown_fields(sv, kv, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The fields of `obj` its type does not have (after the type errors, which are a 400).
fn unknown_paths(r: &ResourceInfo, obj: &Value) -> Result<Vec<String>, ApiError> {
    // apiVersion and kind are the registry's to check against the URL, with its own message:
    // the typed decode sees the served ones (a copy is made only when the object has others).
    let version = if r.group.is_empty() {
        r.version.to_string()
    } else {
        format!("{}/{}", r.group, r.version)
    };
    let served = obj.get("apiVersion").and_then(Value::as_str) == Some(version.as_str())
        && obj.get("kind").and_then(Value::as_str) == Some(r.kind);
    let mut copy = None;
    if !served && let Some(map) = obj.as_object() {
        let mut map = map.clone();
        map.insert("apiVersion".into(), Value::String(version.clone()));
        map.insert("kind".into(), Value::String(r.kind.into()));
        copy = Some(Value::Object(map));
    }
    let obj = copy.as_ref().unwrap_or(obj);
    let Some(decoded) = decode(r, obj) else {
        return Ok(Vec::new());
    };
    let kept = decoded.map_err(|e| {
        ApiError::bad_request(format!(
            "{} in version {version:?} cannot be handled as a {}: {e}",
            r.kind, r.kind
        ))
    })?;
    let mut unknown = Vec::new();
    unknown_fields(obj, &kept, "", &mut unknown);
    Ok(unknown)
}

/// Removes from `sent` what its typed form `kept` does not have (nulls aside), as upstream's
/// typed decoding drops unknown fields.
fn prune(sent: &mut Value, kept: &Value) {
    match (sent, kept) {
        (Value::Object(s), Value::Object(k)) => {
            s.retain(|key, v| v.is_null() || k.contains_key(key));
            for (key, v) in s.iter_mut() {
                if let Some(kv) = k.get(key) {
                    prune(v, kv);
                }
            }
        }
        (Value::Array(s), Value::Array(k)) => {
            for (sv, kv) in s.iter_mut().zip(k) {
                prune(sv, kv);
            }
        }
        _ => {}
    }
}

/// Drops the fields of `obj` its type does not have — what a write stores after
/// `fieldValidation=Warn|Ignore` let them through. Call it only when [`check`]/[`check_body`]
/// reported unknown fields, or under Ignore (which reports none).
pub fn prune_unknown(r: &ResourceInfo, obj: &mut Value) {
    let mut typed = obj.clone();
    let version = if r.group.is_empty() { r.version.to_string() } else { format!("{}/{}", r.group, r.version) };
    if let Some(map) = typed.as_object_mut() {
        map.insert("apiVersion".into(), Value::String(version));
        map.insert("kind".into(), Value::String(r.kind.into()));
    }
    if let Some(Ok(kept)) = decode(r, &typed) {
        prune(obj, &kept);
    }
}

/// Whether a write must prune: unknown fields were reported, or nothing was checked (Ignore).
pub fn needs_pruning(validation: FieldValidation, problems: &[String]) -> bool {
    validation == FieldValidation::Ignore || problems.iter().any(|p| p.starts_with("unknown field"))
}

/// Checks `obj` against its type. Returns the unknown fields (for warnings) unless Strict
/// refuses them.
pub fn check(
    r: &ResourceInfo,
    obj: &Value,
    validation: FieldValidation,
) -> Result<Vec<String>, ApiError> {
    let unknown = unknown_paths(r, obj)?;
    if validation == FieldValidation::Ignore {
        return Ok(Vec::new());
    }
    if validation == FieldValidation::Strict && !unknown.is_empty() {
        let list: Vec<String> = unknown
            .iter()
            .map(|f| format!("unknown field {f:?}"))
            .collect();
        return Err(ApiError::bad_request(format!(
            "strict decoding error: {}",
            list.join(", ")
        )));
    }
    Ok(unknown)
}

/// Checks a request body: `obj` is its decoded value and `raw` its JSON text (`None` for a
/// protobuf body, which can carry neither). Unknown and duplicate fields are reported in the
/// order they appear, as upstream words them (`unknown field "spec.foo"`, `duplicate field
/// "metadata.name"`): Strict refuses them all in one 400 `strict decoding error: …`, Warn returns
/// them for `Warning` headers, Ignore drops them silently.
pub fn check_body(
    r: &ResourceInfo,
    obj: &Value,
    raw: Option<&[u8]>,
    validation: FieldValidation,
) -> Result<Vec<String>, ApiError> {
    let unknown = unknown_paths(r, obj)?;
    if validation == FieldValidation::Ignore {
        return Ok(Vec::new());
    }
    let occurrences = raw.map(crate::fields::occurrences).unwrap_or_default();
    let mut problems = Vec::new();
    let mut reported = std::collections::HashSet::new();
    let inside_unknown = |path: &str| {
        unknown.iter().any(|u| {
            path.len() > u.len()
                && path.starts_with(u.as_str())
                && matches!(path.as_bytes()[u.len()], b'.' | b'[')
        })
    };
    for o in &occurrences {
        if inside_unknown(&o.path) {
            continue;
        }
        if o.duplicate {
            problems.push(format!("duplicate field {:?}", o.path));
        } else if unknown.contains(&o.path) && reported.insert(o.path.clone()) {
            problems.push(format!("unknown field {:?}", o.path));
        }
    }
    // Unknown fields the scan did not place (no raw text): in the decoder's order.
    for path in &unknown {
        if reported.insert(path.clone()) && !occurrences.iter().any(|o| &o.path == path) {
            problems.push(format!("unknown field {path:?}"));
        }
    }
    if validation == FieldValidation::Strict && !problems.is_empty() {
        return Err(ApiError::bad_request(format!(
            "strict decoding error: {}",
            problems.join(", ")
        )));
    }
    Ok(problems)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cm() -> &'static ResourceInfo {
        rk_api::resources::find("", "v1", "configmaps").unwrap()
    }

    #[test]
    fn wrong_json_types_cannot_be_handled() {
        let e = check(
            cm(),
            &json!({"metadata": {"name": "n"}, "data": {"a": 1}}),
            FieldValidation::Warn,
        )
        .unwrap_err();
        assert_eq!(e.code, 400);
        assert!(
            e.message
                .starts_with("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: "),
            "{}",
            e.message
        );
    }

    #[test]
    fn pruning_drops_unknown_fields_and_keeps_the_rest() {
        let mut obj = json!({"metadata": {"name": "n", "bogusMeta": 1, "labels": {"a.b/c": "d"}}, "bogus": {"x": 1}, "data": {"a": "b"}});
        prune_unknown(cm(), &mut obj);
        assert_eq!(obj, json!({"metadata": {"name": "n", "labels": {"a.b/c": "d"}}, "data": {"a": "b"}}));
    }

    #[test]
    fn unknown_fields_are_refused_only_when_strict() {
        let obj = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "n", "bogusMeta": 1}, "bogus": 1, "data": {"a": "b"}});
        let e = check(cm(), &obj, FieldValidation::Strict).unwrap_err();
        assert_eq!(
            e.message,
            r#"strict decoding error: unknown field "bogus", unknown field "metadata.bogusMeta""#
        );
        assert_eq!(check(cm(), &obj, FieldValidation::Warn).unwrap().len(), 2);
        assert!(
            check(cm(), &obj, FieldValidation::Ignore)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn duplicate_and_unknown_fields_are_reported_in_document_order() {
        let raw = br#"{"metadata": {"name": "a", "name": "b", "bogusMeta": 1}, "bogus": {"x": 1, "x": 2}, "data": {"k": "v", "k": "w"}}"#;
        let obj: Value = serde_json::from_slice(raw).unwrap();
        let e = check_body(cm(), &obj, Some(raw), FieldValidation::Strict).unwrap_err();
        assert_eq!(
            e.message,
            r#"strict decoding error: duplicate field "metadata.name", unknown field "metadata.bogusMeta", unknown field "bogus", duplicate field "data.k""#
        );
        let warnings = check_body(cm(), &obj, Some(raw), FieldValidation::Warn).unwrap();
        assert_eq!(warnings.len(), 4);
        assert_eq!(warnings[0], r#"duplicate field "metadata.name""#);
        assert!(
            check_body(cm(), &obj, Some(raw), FieldValidation::Ignore)
                .unwrap()
                .is_empty()
        );
        let clean = br#"{"metadata": {"name": "a"}, "data": {"k": "v"}}"#;
        let obj: Value = serde_json::from_slice(clean).unwrap();
        assert!(
            check_body(cm(), &obj, Some(clean), FieldValidation::Strict)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_full_pod_round_trips_without_unknown_fields() {
        let pods = rk_api::resources::find("", "v1", "pods").unwrap();
        let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"a": "b"}},
            "spec": {"containers": [{"name": "c", "image": "busybox", "ports": [{"containerPort": 80}],
                     "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}, "env": [{"name": "X", "value": "1"}]}],
                     "restartPolicy": "Always", "tolerations": [{"key": "k", "operator": "Exists"}]},
            "status": {"phase": "Pending"}});
        assert_eq!(
            check(pods, &pod, FieldValidation::Strict).unwrap(),
            Vec::<String>::new()
        );
    }
}
