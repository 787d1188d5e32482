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
    let typed: T = serde_json::from_value(obj.clone()).map_err(|e| e.to_string())?;
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
        return Some(roundtrip::<api::autoscaling::v1::HorizontalPodAutoscaler>(obj));
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
                let at = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
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

/// Checks `obj` against its type. Returns the unknown fields (for warnings) unless Strict
/// refuses them.
pub fn check(r: &ResourceInfo, obj: &Value, validation: FieldValidation) -> Result<Vec<String>, ApiError> {
    // apiVersion and kind are the registry's to check against the URL, with its own message.
    let mut obj = obj.clone();
    if let Some(map) = obj.as_object_mut() {
        let version = if r.group.is_empty() { r.version.to_string() } else { format!("{}/{}", r.group, r.version) };
        map.insert("apiVersion".into(), Value::String(version));
        map.insert("kind".into(), Value::String(r.kind.into()));
    }
    let obj = &obj;
    let Some(decoded) = decode(r, obj) else { return Ok(Vec::new()) };
    let kept = decoded.map_err(|e| {
        let version = if r.group.is_empty() { r.version.to_string() } else { format!("{}/{}", r.group, r.version) };
        ApiError::bad_request(format!("{} in version {version:?} cannot be handled as a {}: {e}", r.kind, r.kind))
    })?;
    let mut unknown = Vec::new();
    if validation != FieldValidation::Ignore {
        unknown_fields(obj, &kept, "", &mut unknown);
    }
    if validation == FieldValidation::Strict && !unknown.is_empty() {
        let list: Vec<String> = unknown.iter().map(|f| format!("unknown field {f:?}")).collect();
        return Err(ApiError::bad_request(format!("strict decoding error: {}", list.join(", "))));
    }
    Ok(unknown)
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
        let e = check(cm(), &json!({"metadata": {"name": "n"}, "data": {"a": 1}}), FieldValidation::Warn).unwrap_err();
        assert_eq!(e.code, 400);
        assert!(e.message.starts_with("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: "), "{}", e.message);
    }

    #[test]
    fn unknown_fields_are_refused_only_when_strict() {
        let obj = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "n", "bogusMeta": 1}, "bogus": 1, "data": {"a": "b"}});
        let e = check(cm(), &obj, FieldValidation::Strict).unwrap_err();
        assert_eq!(e.message, r#"strict decoding error: unknown field "bogus", unknown field "metadata.bogusMeta""#);
        assert_eq!(check(cm(), &obj, FieldValidation::Warn).unwrap().len(), 2);
        assert!(check(cm(), &obj, FieldValidation::Ignore).unwrap().is_empty());
    }

    #[test]
    fn a_full_pod_round_trips_without_unknown_fields() {
        let pods = rk_api::resources::find("", "v1", "pods").unwrap();
        let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"a": "b"}},
            "spec": {"containers": [{"name": "c", "image": "busybox", "ports": [{"containerPort": 80}],
                     "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}, "env": [{"name": "X", "value": "1"}]}],
                     "restartPolicy": "Always", "tolerations": [{"key": "k", "operator": "Exists"}]},
            "status": {"phase": "Pending"}});
        assert_eq!(check(pods, &pod, FieldValidation::Strict).unwrap(), Vec::<String>::new());
    }
}
