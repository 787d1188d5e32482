//! Per-resource rules: validation in Kubernetes' words and derived fields (a pod's QoS class).
//! Only the first rules are here; each kind's full validation arrives with issue 3's remaining
//! work.

use rk_api::resources::ResourceInfo;
use rk_api::status::FieldError;
use serde_json::Value;

/// Kubernetes' QoS class of a pod spec: Guaranteed, Burstable or BestEffort.
pub fn qos_class(spec: Option<&Value>) -> &'static str {
    let containers = spec
        .into_iter()
        .flat_map(|s| ["initContainers", "containers"].into_iter().filter_map(|f| s.get(f).and_then(Value::as_array)))
        .flatten();
    let (mut any, mut all_guaranteed) = (false, true);
    for c in containers {
        let requests = c.pointer("/resources/requests").and_then(Value::as_object);
        let limits = c.pointer("/resources/limits").and_then(Value::as_object);
        let has = |m: Option<&serde_json::Map<String, Value>>, k: &str| m.is_some_and(|m| m.contains_key(k));
        if has(requests, "cpu") || has(requests, "memory") || has(limits, "cpu") || has(limits, "memory") {
            any = true;
        }
        for res in ["cpu", "memory"] {
            let limit = limits.and_then(|l| l.get(res));
            let request = requests.and_then(|r| r.get(res)).or(limit);
            if limit.is_none() || request != limit {
                all_guaranteed = false;
            }
        }
    }
    match (any, all_guaranteed) {
        (false, _) => "BestEffort",
        (true, true) => "Guaranteed",
        (true, false) => "Burstable",
    }
}

fn containers_errors(spec: &Value, path: &str, errors: &mut Vec<FieldError>) {
    match spec.get("containers").and_then(Value::as_array) {
        None => errors.push(FieldError::required(format!("{path}.containers"), "")),
        Some(cs) if cs.is_empty() => errors.push(FieldError::required(format!("{path}.containers"), "")),
        Some(cs) => {
            let mut seen = std::collections::BTreeSet::new();
            for (i, c) in cs.iter().enumerate() {
                let at = format!("{path}.containers[{i}]");
                match c.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()) {
                    None => errors.push(FieldError::required(format!("{at}.name"), "")),
                    Some(n) if !seen.insert(n.to_string()) => errors.push(FieldError::duplicate(format!("{at}.name"), n)),
                    Some(_) => {}
                }
                if c.get("image").and_then(Value::as_str).is_none_or(str::is_empty) {
                    errors.push(FieldError::required(format!("{at}.image"), ""));
                }
            }
        }
    }
}

/// Kubernetes' defaults for a new or updated object (what `kubectl get -o yaml` shows that the
/// manifest did not say).
pub fn apply_defaults(_r: &ResourceInfo, _obj: &mut Value) {}

/// What Kubernetes would reject in this object, in its words.
pub fn validate(r: &ResourceInfo, obj: &Value) -> Vec<FieldError> {
    let mut errors = Vec::new();
    match (r.group, r.plural) {
        ("", "pods") => match obj.get("spec") {
            Some(spec) => containers_errors(spec, "spec", &mut errors),
            None => errors.push(FieldError::required("spec.containers", "")),
        },
        ("apps", "deployments" | "replicasets" | "statefulsets" | "daemonsets") => {
            if obj.pointer("/spec/selector").is_none() {
                errors.push(FieldError::required("spec.selector", ""));
            }
            if let Some(replicas) = obj.pointer("/spec/replicas").and_then(Value::as_i64).filter(|r| *r < 0) {
                errors.push(FieldError::invalid("spec.replicas", replicas, "must be greater than or equal to 0"));
            }
            match obj.pointer("/spec/template/spec") {
                Some(spec) => containers_errors(spec, "spec.template.spec", &mut errors),
                None => errors.push(FieldError::required("spec.template.spec.containers", "")),
            }
        }
        _ => {}
    }
    errors
}

/// What Kubernetes forbids changing in an update (immutable fields), in its words.
pub fn validate_update(_r: &ResourceInfo, _old: &Value, _new: &Value) -> Vec<FieldError> {
    Vec::new()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn qos_classes() {
        assert_eq!(qos_class(Some(&json!({"containers": [{"name": "a"}]}))), "BestEffort");
        let g = json!({"containers": [{"resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}]});
        assert_eq!(qos_class(Some(&g)), "Guaranteed");
        let b = json!({"containers": [{"resources": {"requests": {"cpu": "1"}}}]});
        assert_eq!(qos_class(Some(&b)), "Burstable");
    }

    #[test]
    fn a_pod_without_an_image_is_invalid() {
        let pods = rk_api::resources::find("", "v1", "pods").unwrap();
        let errs = validate(pods, &json!({"spec": {"containers": [{"name": "busy"}]}}));
        assert_eq!(errs[0].to_string(), "spec.containers[0].image: Required value");
    }
}
