//! Mutating admission on create, as Kubernetes' default plugins do it:
//! - **Priority**: `spec.priorityClassName` → `spec.priority` (and `preemptionPolicy`) from the
//!   PriorityClass; without a name, the global default class or 0;
//! - **DefaultTolerationSeconds**: pods tolerate `not-ready` and `unreachable` NoExecute taints
//!   for 300 s unless they say otherwise;
//! - **ServiceAccount**: `spec.serviceAccountName` defaults to `default`.
//!
//! (NamespaceLifecycle lives in the registry, where the namespace is read anyway.)

use rk_api::resources::ResourceInfo;
use rk_api::status::ApiError;
use rk_store::{AnyStore, RangeRequest, Store};
use serde_json::{Value, json};

use crate::registry::decode;

/// Kubernetes' built-in priority classes, created at start.
pub const SYSTEM_PRIORITY_CLASSES: [(&str, i64); 2] =
    [("system-cluster-critical", 2_000_000_000), ("system-node-critical", 2_000_001_000)];

pub const DEFAULT_TOLERATION_SECONDS: i64 = 300;

/// Applies the mutating plugins to an object about to be created.
pub async fn admit_create(store: &AnyStore, r: &ResourceInfo, obj: &mut Value) -> Result<(), ApiError> {
    if r.group.is_empty() && r.plural == "pods" {
        let name = obj.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
        priority(store, &name, obj).await?;
        default_tolerations(obj);
        service_account(obj);
    }
    Ok(())
}

/// Creates Kubernetes' built-in PriorityClasses if they are missing.
pub async fn bootstrap(store: &AnyStore) -> Result<(), ApiError> {
    for (name, value) in SYSTEM_PRIORITY_CLASSES {
        let pc = json!({
            "apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
            "metadata": {"name": name, "uid": crate::meta::new_uid(), "creationTimestamp": crate::meta::now_rfc3339()},
            "value": value, "globalDefault": false, "preemptionPolicy": "PreemptLowerPriority",
            "description": "Used for system critical pods that must not be moved from their current node.",
        });
        match store.create(&format!("/priorityclasses/{name}"), bytes::Bytes::from(pc.to_string()), None).await {
            Ok(_) | Err(rk_store::Error::AlreadyExists { .. }) => {}
            Err(e) => return Err(ApiError::internal(e.to_string())),
        }
    }
    Ok(())
}

async fn priority(store: &AnyStore, pod: &str, obj: &mut Value) -> Result<(), ApiError> {
    let class_name = obj.pointer("/spec/priorityClassName").and_then(Value::as_str).filter(|n| !n.is_empty()).map(str::to_string);
    let class = match &class_name {
        Some(name) => {
            let (found, _) = store.get(&format!("/priorityclasses/{name}")).await.map_err(|e| ApiError::internal(e.to_string()))?;
            match found {
                Some(kv) => Some(decode(&kv)?),
                None => {
                    let mut e = ApiError::forbidden("", "create", "", "pods", pod, "");
                    e.message = format!("pods {pod:?} is forbidden: no PriorityClass with name {name} was found");
                    return Err(e);
                }
            }
        }
        None => global_default(store).await?,
    };
    let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) else { return Ok(()) };
    let value = class.as_ref().and_then(|c| c.get("value")).and_then(Value::as_i64).unwrap_or(0);
    if let Some(given) = spec.get("priority").and_then(Value::as_i64)
        && given != value
    {
        return Err(ApiError::forbidden("", "create", "", "pods", pod, "").because(&format!(
            "the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {value} from the given PriorityClass name"
        )));
    }
    spec.insert("priority".into(), json!(value));
    if let Some(c) = &class {
        if class_name.is_none()
            && let Some(n) = c.pointer("/metadata/name") {
                spec.insert("priorityClassName".into(), n.clone());
            }
        let policy = c.get("preemptionPolicy").cloned().unwrap_or(json!("PreemptLowerPriority"));
        spec.insert("preemptionPolicy".into(), policy);
    } else {
        spec.entry("preemptionPolicy").or_insert(json!("PreemptLowerPriority"));
    }
    Ok(())
}

async fn global_default(store: &AnyStore) -> Result<Option<Value>, ApiError> {
    let classes = store.range(RangeRequest::prefix("/priorityclasses/")).await.map_err(|e| ApiError::internal(e.to_string()))?;
    for kv in &classes.kvs {
        let c = decode(kv)?;
        if c.get("globalDefault").and_then(Value::as_bool) == Some(true) {
            return Ok(Some(c));
        }
    }
    Ok(None)
}

fn default_tolerations(obj: &mut Value) {
    let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) else { return };
    let tolerations = spec.entry("tolerations").or_insert_with(|| json!([]));
    let Some(list) = tolerations.as_array_mut() else { return };
    for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
        let tolerated = list.iter().any(|t| {
            let effect = t.get("effect").and_then(Value::as_str).unwrap_or("");
            let tkey = t.get("key").and_then(Value::as_str).unwrap_or("");
            let op = t.get("operator").and_then(Value::as_str).unwrap_or("Equal");
            (effect.is_empty() || effect == "NoExecute") && (tkey == key || (tkey.is_empty() && op == "Exists"))
        });
        if !tolerated {
            list.push(json!({"key": key, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": DEFAULT_TOLERATION_SECONDS}));
        }
    }
}

fn service_account(obj: &mut Value) {
    let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) else { return };
    let name = spec
        .get("serviceAccountName")
        .or_else(|| spec.get("serviceAccount"))
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .unwrap_or("default")
        .to_string();
    spec.insert("serviceAccountName".into(), json!(name));
    spec.insert("serviceAccount".into(), json!(name));
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn pods_tolerate_not_ready_and_unreachable_for_five_minutes() {
        let mut pod = json!({"spec": {"containers": [], "tolerations": [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 10}]}});
        default_tolerations(&mut pod);
        let t = pod.pointer("/spec/tolerations").unwrap().as_array().unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0]["tolerationSeconds"], 10, "an explicit toleration is kept");
        assert_eq!(t[1], json!({"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}));
    }

    #[test]
    fn a_blanket_toleration_covers_both() {
        let mut pod = json!({"spec": {"tolerations": [{"operator": "Exists"}]}});
        default_tolerations(&mut pod);
        assert_eq!(pod.pointer("/spec/tolerations").unwrap().as_array().unwrap().len(), 1);
    }

    #[test]
    fn the_service_account_defaults_to_default() {
        let mut pod = json!({"spec": {}});
        service_account(&mut pod);
        assert_eq!(pod["spec"]["serviceAccountName"], "default");
        let mut named = json!({"spec": {"serviceAccountName": "builder"}});
        service_account(&mut named);
        assert_eq!(named["spec"]["serviceAccount"], "builder");
    }

    #[tokio::test]
    async fn priority_comes_from_the_named_class_and_a_missing_class_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = AnyStore::Embedded(rk_store::embedded::EmbeddedStore::open_dir(dir.path(), Default::default()).await.unwrap());
        let pc = json!({"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "high"}, "value": 1000});
        store.create("/priorityclasses/high", bytes::Bytes::from(pc.to_string()), None).await.unwrap();
        let mut pod = json!({"metadata": {"name": "p"}, "spec": {"priorityClassName": "high"}});
        priority(&store, "p", &mut pod).await.unwrap();
        assert_eq!(pod["spec"]["priority"], 1000);
        assert_eq!(pod["spec"]["preemptionPolicy"], "PreemptLowerPriority");
        let mut plain = json!({"metadata": {"name": "q"}, "spec": {}});
        priority(&store, "q", &mut plain).await.unwrap();
        assert_eq!(plain["spec"]["priority"], 0);
        let mut missing = json!({"metadata": {"name": "r"}, "spec": {"priorityClassName": "nope"}});
        let e = priority(&store, "r", &mut missing).await.unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (403, "pods \"r\" is forbidden: no PriorityClass with name nope was found"));
    }
}
