//! The pods' write subresources that are not a view of the pod itself:
//! `pods/binding` (the scheduler's placement) and `pods/eviction` (a delete that respects
//! PodDisruptionBudgets, as `kubectl drain` uses it).

use rk_api::resources::{self, ResourceInfo};
use rk_api::selector::LabelSelector;
use rk_api::status::{ApiError, FieldError, StatusCause};
use rk_store::{AnyStore, RangeRequest, Store};
use serde_json::{Value, json};

use crate::meta;
use crate::registry::{self, store_error};
use crate::request::RequestInfo;

/// `{"kind":"Status","status":"Success","code":201}`, what both subresources answer.
fn created() -> Value {
    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201})
}

fn parse_body(body: &[u8], kind: &str) -> Result<Value, ApiError> {
    let v: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(format!(
            "the object provided is unrecognized (must be of type {kind}): couldn't get version/kind; json parse error: {e}"
        ))
    })?;
    if !v.is_object() {
        return Err(ApiError::bad_request(format!("the object provided is unrecognized (must be of type {kind})")));
    }
    if let Some(k) = v.get("kind").and_then(Value::as_str)
        && k != kind
    {
        return Err(ApiError::bad_request(format!("the kind in the data ({k}) does not match the expected kind ({kind})")));
    }
    Ok(v)
}

fn name_matches(obj: &Value, name: &str, kind: &str) -> Result<(), ApiError> {
    match obj.pointer("/metadata/name").and_then(Value::as_str) {
        Some(n) if !n.is_empty() && n != name => {
            Err(ApiError::bad_request(format!("name in URL does not match name in {kind} object")))
        }
        _ => Ok(()),
    }
}

/// `POST pods/{name}/binding`: sets spec.nodeName and the PodScheduled condition, once.
pub async fn bind(store: &AnyStore, info: &RequestInfo, name: &str, body: &[u8]) -> Result<Value, ApiError> {
    let r = info.resource;
    let binding = parse_body(body, "Binding")?;
    name_matches(&binding, name, "Binding")?;
    let target = binding.pointer("/target/name").and_then(Value::as_str).unwrap_or("");
    let target_kind = binding.pointer("/target/kind").and_then(Value::as_str).unwrap_or("");
    let mut errors = Vec::new();
    if target.is_empty() {
        errors.push(FieldError::required("target.name", ""));
    }
    if !target_kind.is_empty() && target_kind != "Node" {
        errors.push(FieldError::not_supported("target.kind", target_kind, &["Node"]));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid("", "Binding", name, errors));
    }
    let conflict = |why: String| ApiError::conflict("", "pods/binding", name, &why);
    for _ in 0..16 {
        let (mut pod, rev) = registry::get(store, info, name).await?;
        if let Some(uid) = binding.pointer("/metadata/uid").and_then(Value::as_str).filter(|u| !u.is_empty())
            && pod.pointer("/metadata/uid").and_then(Value::as_str) != Some(uid)
        {
            return Err(conflict(format!("Precondition failed: UID in precondition: {uid}, UID in object meta: {}", meta::meta_str(&pod, "uid").unwrap_or(""))));
        }
        if pod.pointer("/metadata/deletionTimestamp").is_some() {
            return Err(conflict(format!("pod {name} is being deleted, cannot be assigned to a host")));
        }
        let current = pod.pointer("/spec/nodeName").and_then(Value::as_str).unwrap_or("");
        if !current.is_empty() {
            return Err(conflict(format!("pod {name} is already assigned to node {current:?}")));
        }
        pod["spec"]["nodeName"] = json!(target);
        if let Some(annotations) = binding.pointer("/metadata/annotations").and_then(Value::as_object) {
            let meta = &mut pod["metadata"];
            if !meta.get("annotations").is_some_and(Value::is_object) {
                meta["annotations"] = json!({});
            }
            for (k, v) in annotations {
                meta["annotations"][k] = v.clone();
            }
        }
        set_condition(&mut pod, "PodScheduled", "True", None, None);
        if registry::dry_run(&info.query)? {
            return Ok(created());
        }
        let key = meta::key(r, &info.namespace, name);
        match store.update(&key, registry::encode(&pod)?, rev, None).await {
            Ok(_) => return Ok(created()),
            Err(rk_store::Error::Conflict { .. }) => continue,
            Err(e) => return Err(store_error(r, name, e)),
        }
    }
    Err(ApiError::conflict(r.group, r.plural, name, ApiError::MODIFIED))
}

/// Sets a pod condition as the kubelet and scheduler do: the transition time moves only when
/// the status changes.
fn set_condition(pod: &mut Value, kind: &str, status: &str, reason: Option<&str>, message: Option<&str>) {
    let now = meta::now_rfc3339();
    if !pod.get("status").is_some_and(Value::is_object) {
        pod["status"] = json!({});
    }
    let status_obj = &mut pod["status"];
    if !status_obj.get("conditions").is_some_and(Value::is_array) {
        status_obj["conditions"] = json!([]);
    }
    let Some(conditions) = status_obj["conditions"].as_array_mut() else { return };
    let mut c = json!({"type": kind, "status": status, "lastProbeTime": null, "lastTransitionTime": now});
    if let Some(r) = reason {
        c["reason"] = json!(r);
    }
    if let Some(m) = message {
        c["message"] = json!(m);
    }
    match conditions.iter_mut().find(|c| c.get("type").and_then(Value::as_str) == Some(kind)) {
        Some(existing) => {
            if existing.get("status").and_then(Value::as_str) == Some(status) {
                c["lastTransitionTime"] = existing.get("lastTransitionTime").cloned().unwrap_or(Value::Null);
            }
            *existing = c;
        }
        None => conditions.push(c),
    }
}

fn pdb_resource() -> Result<&'static ResourceInfo, ApiError> {
    resources::find("policy", "v1", "poddisruptionbudgets").ok_or_else(|| ApiError::internal("poddisruptionbudgets are not registered"))
}

fn pod_ready(pod: &Value) -> bool {
    pod.pointer("/status/conditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|c| c.get("type").and_then(Value::as_str) == Some("Ready") && c.get("status").and_then(Value::as_str) == Some("True"))
}

fn budget_refusal(message: String) -> ApiError {
    let mut e = ApiError::too_many_requests("Cannot evict pod as it would violate the pod's disruption budget.", 0);
    if let Some(d) = e.details.as_mut() {
        d.retry_after_seconds = None;
        d.causes.push(StatusCause { reason: "DisruptionBudget".into(), message, field: String::new() });
    }
    e
}

/// `POST pods/{name}/eviction`: deletes the pod unless that would break its
/// PodDisruptionBudget (429, as Kubernetes answers; the disruption controller keeps
/// `status.disruptionsAllowed` up to date).
pub async fn evict(store: &AnyStore, info: &RequestInfo, name: &str, body: &[u8]) -> Result<Value, ApiError> {
    let eviction = parse_body(body, "Eviction")?;
    name_matches(&eviction, name, "Eviction")?;
    let delete_options = eviction.get("deleteOptions").cloned().unwrap_or_else(|| json!({}));
    let delete_body = serde_json::to_vec(&delete_options).map_err(|e| ApiError::internal(e.to_string()))?;
    let dry = registry::dry_run(&info.query)?;
    let pdbs_r = pdb_resource()?;
    for _ in 0..16 {
        let (pod, _) = registry::get(store, info, name).await?;
        let phase = pod.pointer("/status/phase").and_then(Value::as_str).unwrap_or("");
        // Pods that are finished, not yet running, or already going need no budget.
        let ignore_budget =
            matches!(phase, "Succeeded" | "Failed" | "Pending") || pod.pointer("/metadata/deletionTimestamp").is_some();
        let mut matching = Vec::new();
        if !ignore_budget {
            let page = store
                .range(RangeRequest::prefix(meta::prefix(pdbs_r, &info.namespace)))
                .await
                .map_err(|e| store_error(pdbs_r, "", e))?;
            for kv in &page.kvs {
                let pdb = registry::decode(kv)?;
                let Some(sel) = pdb.pointer("/spec/selector") else { continue };
                let Ok(sel) = LabelSelector::from_object(sel) else { continue };
                if sel.matches_object(&pod) {
                    matching.push((pdb, kv.mod_revision));
                }
            }
        }
        if matching.len() > 1 {
            return Err(ApiError::internal(
                "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
            ));
        }
        if let Some((mut pdb, pdb_rev)) = matching.pop() {
            let pdb_name = meta::meta_str(&pdb, "name").unwrap_or("").to_string();
            let generation = pdb.pointer("/metadata/generation").and_then(Value::as_i64).unwrap_or(0);
            let observed = pdb.pointer("/status/observedGeneration").and_then(Value::as_i64).unwrap_or(0);
            if observed < generation {
                return Err(budget_refusal(format!("The disruption budget {pdb_name} is still being processed by the server.")));
            }
            let int = |p: &str| pdb.pointer(p).and_then(Value::as_i64).unwrap_or(0);
            let (allowed, healthy, desired) =
                (int("/status/disruptionsAllowed"), int("/status/currentHealthy"), int("/status/desiredHealthy"));
            let policy = pdb.pointer("/spec/unhealthyPodEvictionPolicy").and_then(Value::as_str).unwrap_or("IfHealthyBudget");
            let unhealthy_may_go = !pod_ready(&pod) && (policy == "AlwaysAllow" || (healthy >= desired && desired > 0));
            if !unhealthy_may_go {
                if allowed < 0 {
                    return Err(budget_refusal("pdb disruptions allowed is negative".into()));
                }
                if allowed == 0 {
                    return Err(budget_refusal(format!(
                        "The disruption budget {pdb_name} needs {desired} healthy pods and has {healthy} currently"
                    )));
                }
                pdb["status"]["disruptionsAllowed"] = json!(allowed - 1);
                if !pdb.pointer("/status/disruptedPods").is_some_and(Value::is_object) {
                    pdb["status"]["disruptedPods"] = json!({});
                }
                pdb["status"]["disruptedPods"][name] = json!(meta::now_rfc3339());
                if !dry {
                    let key = meta::key(pdbs_r, &info.namespace, &pdb_name);
                    match store.update(&key, registry::encode(&pdb)?, pdb_rev, None).await {
                        Ok(_) => {}
                        Err(rk_store::Error::Conflict { .. }) => continue,
                        Err(e) => return Err(store_error(pdbs_r, &pdb_name, e)),
                    }
                }
            }
        }
        if !dry {
            registry::delete(store, info, name, &delete_body).await?;
        }
        return Ok(created());
    }
    Err(ApiError::conflict(info.resource.group, info.resource.plural, name, ApiError::MODIFIED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduled_condition_keeps_its_transition_time_when_unchanged() {
        let mut pod = json!({"status": {"conditions": [
            {"type": "PodScheduled", "status": "True", "lastTransitionTime": "2020-01-01T00:00:00Z"}
        ]}});
        set_condition(&mut pod, "PodScheduled", "True", None, None);
        assert_eq!(pod["status"]["conditions"][0]["lastTransitionTime"], "2020-01-01T00:00:00Z");
        set_condition(&mut pod, "PodScheduled", "False", Some("Unschedulable"), None);
        assert_ne!(pod["status"]["conditions"][0]["lastTransitionTime"], "2020-01-01T00:00:00Z");
        assert_eq!(pod["status"]["conditions"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn a_refused_eviction_names_the_budget() {
        let e = budget_refusal("The disruption budget web needs 2 healthy pods and has 2 currently".into());
        assert_eq!(e.code, 429);
        let d = e.details.as_deref().expect("details");
        assert_eq!(d.causes[0].reason, "DisruptionBudget");
    }

    #[test]
    fn a_body_of_another_kind_is_refused() {
        assert_eq!(parse_body(br#"{"kind":"Pod"}"#, "Binding").err().map(|e| e.code), Some(400));
        assert_eq!(parse_body(b"[]", "Binding").err().map(|e| e.code), Some(400));
        assert!(parse_body(br#"{"kind":"Binding","target":{"name":"n1"}}"#, "Binding").is_ok());
    }
}
