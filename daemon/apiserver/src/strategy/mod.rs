//! Per-resource rules, as Kubernetes 1.33's API server applies them on every create and
//! update: defaults (what `kubectl get -o yaml` shows that the manifest did not say),
//! validation with upstream's field paths and messages, the update rules (immutable fields),
//! and derived fields (a pod's QoS class).
//!
//! The registry calls [`apply_defaults`], then [`validate`] (and on update
//! [`validate_update`]); each dispatches on the resource's (group, plural) to one module:
//! [`pod`] (the PodSpec every workload template shares, with [`container`], [`probes`],
//! [`resources`], [`security`], [`scheduling`] and [`volumes`]), [`workloads`] (apps/v1 and
//! ReplicationControllers), [`batch`] (Jobs, CronJobs, with [`cron`] schedules), [`service`],
//! [`core`] (the other v1 kinds) and [`other`]. [`fields`] holds the shared validators and
//! [`quantity`] Kubernetes' resource quantities.

mod batch;
mod container;
mod core;
mod cron;
mod fields;
mod other;
mod pod;
mod probes;
pub mod quantity;
mod resources;
mod scheduling;
mod security;
mod service;
mod volumes;
mod workloads;

use rk_api::resources::ResourceInfo;
use rk_api::status::FieldError;
use serde_json::Value;

use fields::Errors;

/// Kubernetes' QoS class of a pod spec: Guaranteed, Burstable or BestEffort.
pub fn qos_class(spec: Option<&Value>) -> &'static str {
    let containers = spec
        .into_iter()
        .flat_map(|s| {
            ["initContainers", "containers"]
                .into_iter()
                .filter_map(|f| s.get(f).and_then(Value::as_array))
        })
        .flatten();
    let (mut any, mut all_guaranteed) = (false, true);
    for c in containers {
        let requests = c.pointer("/resources/requests").and_then(Value::as_object);
        let limits = c.pointer("/resources/limits").and_then(Value::as_object);
        let has = |m: Option<&serde_json::Map<String, Value>>, k: &str| {
            m.is_some_and(|m| m.contains_key(k))
        };
        if has(requests, "cpu")
            || has(requests, "memory")
            || has(limits, "cpu")
            || has(limits, "memory")
        {
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

/// Kubernetes' defaults for a new or updated object (what `kubectl get -o yaml` shows that the
/// manifest did not say).
pub fn apply_defaults(r: &ResourceInfo, obj: &mut Value) {
    match (r.group, r.plural) {
        ("", "pods") => pod::default_pod(obj),
        ("", "podtemplates") => {
            if let Some(t) = fields::member_mut(obj, "template") {
                pod::default_template(t);
            }
        }
        ("", "replicationcontrollers") => workloads::default_replication_controller(obj),
        ("", "services") => service::default_service(obj),
        ("", "secrets") => core::default_secret(obj),
        ("", "namespaces") => core::default_namespace(obj),
        ("", "persistentvolumeclaims") => core::default_pvc(obj),
        ("", "limitranges") => core::default_limit_range(obj),
        ("", "resourcequotas") => core::default_resource_quota(obj),
        ("apps", "deployments") => workloads::default_deployment(obj),
        ("apps", "replicasets") => workloads::default_replica_set(obj),
        ("apps", "statefulsets") => workloads::default_stateful_set(obj),
        ("apps", "daemonsets") => workloads::default_daemon_set(obj),
        ("batch", "jobs") => batch::default_job(obj),
        ("batch", "cronjobs") => batch::default_cron_job(obj),
        ("scheduling.k8s.io", "priorityclasses") => other::default_priority_class(obj),
        ("discovery.k8s.io", "endpointslices") => other::default_endpoint_slice(obj),
        ("networking.k8s.io", "networkpolicies") => other::default_network_policy(obj),
        ("storage.k8s.io", "storageclasses") => other::default_storage_class(obj),
        ("autoscaling", "horizontalpodautoscalers") => other::default_hpa(r.version, obj),
        _ => {}
    }
}

/// What Kubernetes would reject in this object, in its words.
pub fn validate(r: &ResourceInfo, obj: &Value) -> Vec<FieldError> {
    let mut errs = Errors::new();
    validate_object_meta(obj, &mut errs);
    match (r.group, r.plural) {
        ("", "pods") => pod::validate_pod(obj, &mut errs),
        ("", "podtemplates") => pod::validate_template(
            obj.get("template").unwrap_or(&Value::Null),
            "template",
            &mut errs,
        ),
        ("", "replicationcontrollers") => {
            workloads::validate_replication_controller(obj, &mut errs)
        }
        ("", "services") => service::validate_service(obj, &mut errs),
        ("", "configmaps") => core::validate_config_map(obj, &mut errs),
        ("", "secrets") => core::validate_secret(obj, &mut errs),
        ("", "namespaces") => core::validate_namespace(obj, &mut errs),
        ("", "persistentvolumeclaims") => core::validate_pvc(obj, &mut errs),
        ("", "limitranges") => core::validate_limit_range(obj, &mut errs),
        ("", "resourcequotas") => core::validate_resource_quota(obj, &mut errs),
        ("", "events") => core::validate_core_event(obj, &mut errs),
        ("events.k8s.io", "events") => core::validate_events_v1(obj, &mut errs),
        ("apps", "deployments") => workloads::validate_deployment(obj, &mut errs),
        ("apps", "replicasets") => workloads::validate_replica_set(obj, &mut errs),
        ("apps", "statefulsets") => workloads::validate_stateful_set(obj, &mut errs),
        ("apps", "daemonsets") => workloads::validate_daemon_set(obj, &mut errs),
        ("batch", "jobs") => batch::validate_job(obj, &mut errs),
        ("batch", "cronjobs") => batch::validate_cron_job(obj, None, &mut errs),
        ("policy", "poddisruptionbudgets") => other::validate_pdb(obj, &mut errs),
        ("scheduling.k8s.io", "priorityclasses") => other::validate_priority_class(obj, &mut errs),
        ("coordination.k8s.io", "leases") => other::validate_lease(obj, &mut errs),
        ("discovery.k8s.io", "endpointslices") => other::validate_endpoint_slice(obj, &mut errs),
        ("networking.k8s.io", "ingresses") => other::validate_ingress(obj, &mut errs),
        ("networking.k8s.io", "networkpolicies") => other::validate_network_policy(obj, &mut errs),
        ("storage.k8s.io", "storageclasses") => other::validate_storage_class(obj, &mut errs),
        ("autoscaling", "horizontalpodautoscalers") => other::validate_hpa(obj, &mut errs),
        _ => {}
    }
    errs
}

/// What Kubernetes forbids changing in an update (immutable fields), in its words.
pub fn validate_update(r: &ResourceInfo, old: &Value, new: &Value) -> Vec<FieldError> {
    let mut errs = Errors::new();
    match (r.group, r.plural) {
        ("", "pods") => pod::validate_pod_update(old, new, &mut errs),
        ("", "services") => service::validate_service_update(old, new, &mut errs),
        ("", "configmaps") => {
            core::validate_immutable_contents(old, new, &["data", "binaryData"], &mut errs)
        }
        ("", "secrets") => core::validate_secret_update(old, new, &mut errs),
        ("", "persistentvolumeclaims") => core::validate_pvc_update(old, new, &mut errs),
        ("", "resourcequotas") => core::validate_resource_quota_update(old, new, &mut errs),
        ("apps", "deployments" | "replicasets" | "daemonsets") => {
            workloads::validate_selector_update(old, new, &mut errs)
        }
        ("apps", "statefulsets") => workloads::validate_stateful_set_update(old, new, &mut errs),
        ("batch", "jobs") => batch::validate_job_update(old, new, &mut errs),
        ("scheduling.k8s.io", "priorityclasses") => {
            other::validate_priority_class_update(old, new, &mut errs)
        }
        ("storage.k8s.io", "storageclasses") => {
            other::validate_storage_class_update(old, new, &mut errs)
        }
        _ => {}
    }
    errs
}

/// The parts of `ValidateObjectMeta` the registry leaves to the strategy: labels,
/// annotations and finalizer names.
fn validate_object_meta(obj: &Value, errs: &mut Errors) {
    let meta = obj.get("metadata").unwrap_or(&Value::Null);
    fields::validate_labels(meta.get("labels"), "metadata.labels", errs);
    fields::validate_annotations(meta.get("annotations"), "metadata.annotations", errs);
    for (i, f) in fields::list(meta, "finalizers").iter().enumerate() {
        core::validate_finalizer(
            f.as_str().unwrap_or(""),
            &fields::index("metadata.finalizers", i),
            errs,
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn qos_classes() {
        assert_eq!(
            qos_class(Some(&json!({"containers": [{"name": "a"}]}))),
            "BestEffort"
        );
        let g = json!({"containers": [{"resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}]});
        assert_eq!(qos_class(Some(&g)), "Guaranteed");
        let b = json!({"containers": [{"resources": {"requests": {"cpu": "1"}}}]});
        assert_eq!(qos_class(Some(&b)), "Burstable");
    }

    #[test]
    fn a_pod_without_an_image_is_invalid() {
        let pods = rk_api::resources::find("", "v1", "pods").unwrap();
        let mut pod = json!({"spec": {"containers": [{"name": "busy"}]}});
        apply_defaults(pods, &mut pod);
        let errs = validate(pods, &pod);
        assert_eq!(
            errs[0].to_string(),
            "spec.containers[0].image: Required value"
        );
    }
}
