//! RBAC bindings, leases, priority classes, storage classes, pod disruption budgets,
//! horizontal pod autoscalers, and the two fallbacks: kube-apiserver's default table convertor
//! (`Name`, `Created At`) and the custom-resource one (`Name`, `Age`).

use serde_json::Value;

use super::format::{
    age, field, int, int_or_string, list, name, non_empty, opt_bool, opt_int, opt_text,
    quantity_ptr, text,
};
use super::{AGE, Column, NAME, docs, duration};

pub(super) const ROLE_BINDING_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Role", "string", docs::ROLEBINDING_ROLE_REF),
    AGE,
    Column::wide("Users", "string", "Users in the roleBinding"),
    Column::wide("Groups", "string", "Groups in the roleBinding"),
    Column::wide(
        "ServiceAccounts",
        "string",
        "ServiceAccounts in the roleBinding",
    ),
];

pub(super) const CLUSTER_ROLE_BINDING_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Role", "string", docs::CLUSTERROLEBINDING_ROLE_REF),
    AGE,
    Column::wide("Users", "string", "Users in the clusterRoleBinding"),
    Column::wide("Groups", "string", "Groups in the clusterRoleBinding"),
    Column::wide(
        "ServiceAccounts",
        "string",
        "ServiceAccounts in the clusterRoleBinding",
    ),
];

/// Role bindings and cluster role bindings: `Kind/name` of the role, then the subjects by kind
/// (service accounts as `namespace/name`).
pub(super) fn role_binding_cells(binding: &Value, now: i64) -> Vec<Value> {
    let role = format!(
        "{}/{}",
        text(binding, &["roleRef", "kind"]),
        text(binding, &["roleRef", "name"])
    );
    let (mut users, mut groups, mut service_accounts) = (Vec::new(), Vec::new(), Vec::new());
    for subject in list(binding, &["subjects"]) {
        let subject_name = text(subject, &["name"]);
        match text(subject, &["kind"]) {
            "ServiceAccount" => {
                service_accounts.push(format!("{}/{subject_name}", text(subject, &["namespace"])));
            }
            "User" => users.push(subject_name.to_string()),
            "Group" => groups.push(subject_name.to_string()),
            _ => {}
        }
    }
    vec![
        name(binding).into(),
        role.into(),
        age(binding, now),
        users.join(", ").into(),
        groups.join(", ").into(),
        service_accounts.join(", ").into(),
    ]
}

pub(super) const LEASE_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Holder", "string", docs::LEASE_HOLDER),
    AGE,
];

pub(super) fn lease_cells(lease: &Value, now: i64) -> Vec<Value> {
    vec![
        name(lease).into(),
        text(lease, &["spec", "holderIdentity"]).into(),
        age(lease, now),
    ]
}

pub(super) const PRIORITY_CLASS_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Value", "integer", docs::PC_VALUE),
    Column::new("Global-Default", "boolean", docs::PC_GLOBAL_DEFAULT),
    AGE,
    Column::new("PreemptionPolicy", "string", docs::PC_PREEMPTION_POLICY),
];

pub(super) fn priority_class_cells(pc: &Value, now: i64) -> Vec<Value> {
    vec![
        name(pc).into(),
        int(pc, &["value"]).into(),
        opt_bool(pc, &["globalDefault"]).unwrap_or(false).into(),
        age(pc, now),
        // The API defaults the policy to PreemptLowerPriority.
        non_empty(pc, &["preemptionPolicy"])
            .unwrap_or("PreemptLowerPriority")
            .into(),
    ]
}

pub(super) const STORAGE_CLASS_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Provisioner", "string", docs::SC_PROVISIONER),
    Column::new("ReclaimPolicy", "string", docs::SC_RECLAIM_POLICY),
    Column::new("VolumeBindingMode", "string", docs::SC_BINDING_MODE),
    Column::new("AllowVolumeExpansion", "string", docs::SC_ALLOW_EXPANSION),
    AGE,
];

/// The default class has ` (default)` after its name, in the Name cell itself.
pub(super) fn storage_class_cells(sc: &Value, now: i64) -> Vec<Value> {
    let annotation = |key: &str| opt_text(sc, &["metadata", "annotations", key]) == Some("true");
    let is_default = annotation("storageclass.kubernetes.io/is-default-class")
        || annotation("storageclass.beta.kubernetes.io/is-default-class");
    let display_name = if is_default {
        format!("{} (default)", name(sc))
    } else {
        name(sc).to_string()
    };
    vec![
        display_name.into(),
        text(sc, &["provisioner"]).into(),
        non_empty(sc, &["reclaimPolicy"]).unwrap_or("Delete").into(),
        non_empty(sc, &["volumeBindingMode"])
            .unwrap_or("Immediate")
            .into(),
        opt_bool(sc, &["allowVolumeExpansion"])
            .unwrap_or(false)
            .into(),
        age(sc, now),
    ]
}

pub(super) const PDB_COLUMNS: &[Column] = &[
    NAME,
    Column::new(
        "Min Available",
        "string",
        "The minimum number of pods that must be available.",
    ),
    Column::new(
        "Max Unavailable",
        "string",
        "The maximum number of pods that may be unavailable.",
    ),
    Column::new(
        "Allowed Disruptions",
        "integer",
        "Calculated number of pods that may be disrupted at this time.",
    ),
    AGE,
];

pub(super) fn pdb_cells(pdb: &Value, now: i64) -> Vec<Value> {
    let bound = |key: &str| {
        field(pdb, &["spec", key])
            .filter(|v| !v.is_null())
            .map_or_else(|| "N/A".to_string(), int_or_string)
    };
    vec![
        name(pdb).into(),
        bound("minAvailable").into(),
        bound("maxUnavailable").into(),
        int(pdb, &["status", "disruptionsAllowed"]).into(),
        age(pdb, now),
    ]
}

pub(super) const HPA_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Reference", "string", docs::HPA_SCALE_TARGET_REF),
    Column::new("Targets", "string", docs::HPA_METRICS),
    Column::new("MinPods", "string", docs::HPA_MIN_REPLICAS),
    Column::new("MaxPods", "string", docs::HPA_MAX_REPLICAS),
    Column::new("Replicas", "string", docs::HPA_CURRENT_REPLICAS),
    AGE,
];

pub(super) fn hpa_cells(hpa: &Value, now: i64) -> Vec<Value> {
    let reference = format!(
        "{}/{}",
        text(hpa, &["spec", "scaleTargetRef", "kind"]),
        text(hpa, &["spec", "scaleTargetRef", "name"])
    );
    let min_pods = opt_int(hpa, &["spec", "minReplicas"])
        .map_or_else(|| "<unset>".to_string(), |n| n.to_string());
    vec![
        name(hpa).into(),
        reference.into(),
        hpa_targets(hpa).into(),
        min_pods.into(),
        int(hpa, &["spec", "maxReplicas"]).into(),
        int(hpa, &["status", "currentReplicas"]).into(),
        age(hpa, now),
    ]
}

/// The Targets cell: `current/target` per metric (at most two, then `+ n more...`), `<none>`
/// without metrics. autoscaling/v1 objects carry only a CPU utilisation target, which upstream
/// converts to one Resource metric before printing; that is done here too.
fn hpa_targets(hpa: &Value) -> String {
    const MAX: usize = 2;
    let v1_metrics;
    let v1_statuses;
    let (specs, statuses) = match opt_int(hpa, &["spec", "targetCPUUtilizationPercentage"]) {
        Some(target) if field(hpa, &["spec", "metrics"]).is_none() => {
            v1_metrics = [
                serde_json::json!({"type": "Resource", "resource": {"name": "cpu",
                "target": {"type": "Utilization", "averageUtilization": target}}}),
            ];
            v1_statuses = opt_int(hpa, &["status", "currentCPUUtilizationPercentage"])
                .map(|current| {
                    serde_json::json!({"type": "Resource", "resource": {"name": "cpu",
                        "current": {"averageUtilization": current}}})
                })
                .into_iter()
                .collect::<Vec<_>>();
            (&v1_metrics[..], &v1_statuses[..])
        }
        _ => (
            list(hpa, &["spec", "metrics"]),
            list(hpa, &["status", "currentMetrics"]),
        ),
    };
    if specs.is_empty() {
        return "<none>".to_string();
    }
    let targets: Vec<String> = specs
        .iter()
        .enumerate()
        .map(|(i, spec)| metric_target(spec, statuses.get(i)))
        .collect();
    let shown = targets
        .iter()
        .take(MAX)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if targets.len() > MAX {
        format!("{shown} + {} more...", targets.len() - MAX)
    } else {
        shown
    }
}

/// One metric as `current/target`: `(avg)` for average-value targets of object and external
/// metrics, `cpu: 40%/80%` for resource utilisation, `<unknown>` before the first reading.
fn metric_target(spec: &Value, status: Option<&Value>) -> String {
    let source = |kind: &str| match kind {
        "External" => Some("external"),
        "Pods" => Some("pods"),
        "Object" => Some("object"),
        "Resource" => Some("resource"),
        "ContainerResource" => Some("containerResource"),
        _ => None,
    };
    let Some(key) = source(text(spec, &["type"])) else {
        return "<unknown type>".to_string();
    };
    let target = field(spec, &[key, "target"]);
    let target_value = |member: &str| target.and_then(|t| t.get(member)).filter(|v| !v.is_null());
    // The status entry at the same index, when it reports the same kind of metric.
    let current = status
        .and_then(|s| field(s, &[key]))
        .filter(|c| !c.is_null());
    let current_value = |member: &str| {
        current
            .and_then(|c| field(c, &["current", member]))
            .filter(|v| !v.is_null())
    };
    let unknown = || "<unknown>".to_string();
    match key {
        "external" | "object" => {
            if let Some(average) = target_value("averageValue") {
                let now =
                    current_value("averageValue").map_or_else(unknown, |q| quantity_ptr(Some(q)));
                format!("{now}/{} (avg)", quantity_ptr(Some(average)))
            } else {
                let now = current.map_or_else(unknown, |_| quantity_ptr(current_value("value")));
                format!("{now}/{}", quantity_ptr(target_value("value")))
            }
        }
        "pods" => {
            let now = current.map_or_else(unknown, |_| quantity_ptr(current_value("averageValue")));
            format!("{now}/{}", quantity_ptr(target_value("averageValue")))
        }
        _ => {
            let resource = text(spec, &[key, "name"]);
            if let Some(average) = target_value("averageValue") {
                let now =
                    current.map_or_else(unknown, |_| quantity_ptr(current_value("averageValue")));
                format!("{resource}: {now}/{}", quantity_ptr(Some(average)))
            } else {
                let now = current_value("averageUtilization")
                    .and_then(Value::as_i64)
                    .map_or_else(unknown, |u| format!("{u}%"));
                let goal = target_value("averageUtilization")
                    .and_then(Value::as_i64)
                    .map_or_else(|| "<auto>".to_string(), |u| format!("{u}%"));
                format!("{resource}: {now}/{goal}")
            }
        }
    }
}

/// kube-apiserver's own API groups: their resources without a printer get the default table
/// convertor's `Created At`; any other group is served by an extension (a custom resource).
pub(super) fn is_kube_apiserver_group(group: &str) -> bool {
    matches!(
        group,
        "" | "apps"
            | "autoscaling"
            | "batch"
            | "policy"
            | "admissionregistration.k8s.io"
            | "apiextensions.k8s.io"
            | "apiregistration.k8s.io"
            | "authentication.k8s.io"
            | "authorization.k8s.io"
            | "certificates.k8s.io"
            | "coordination.k8s.io"
            | "discovery.k8s.io"
            | "events.k8s.io"
            | "flowcontrol.apiserver.k8s.io"
            | "internal.apiserver.k8s.io"
            | "networking.k8s.io"
            | "node.k8s.io"
            | "rbac.authorization.k8s.io"
            | "resource.k8s.io"
            | "scheduling.k8s.io"
            | "storage.k8s.io"
            | "storagemigration.k8s.io"
    )
}

/// The default table convertor's columns (roles, cluster roles, limit ranges, ...).
pub(super) const CREATED_AT_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Created At", "date", docs::CREATION_TIMESTAMP),
];

/// Name and the creation time in UTC, RFC 3339 (Go's zero time when unset, as upstream).
pub(super) fn created_at_cells(obj: &Value, _now: i64) -> Vec<Value> {
    let created = opt_text(obj, &["metadata", "creationTimestamp"])
        .and_then(duration::parse_rfc3339)
        .map_or_else(
            || "0001-01-01T00:00:00Z".to_string(),
            |t| duration::format_rfc3339_utc(t.secs),
        );
    vec![name(obj).into(), created.into()]
}

/// A custom resource without printer columns: the Age column apiextensions serves by default
/// (a `date` column, printed by the server as an age).
pub(super) const CUSTOM_RESOURCE_COLUMNS: &[Column] =
    &[NAME, Column::new("Age", "date", docs::CREATION_TIMESTAMP)];

/// Name and age; a missing creation timestamp is a null cell, as the JSONPath finds nothing.
pub(super) fn custom_resource_cells(obj: &Value, now: i64) -> Vec<Value> {
    let age = match field(obj, &["metadata", "creationTimestamp"]) {
        None | Some(Value::Null) => Value::Null,
        Some(_) => age(obj, now),
    };
    vec![name(obj).into(), age]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use serde_json::{Value, json};

    use super::super::duration::format_rfc3339_utc;
    use super::*;

    /// 2024-05-01T12:00:00Z.
    const NOW: i64 = 1_714_564_800;

    fn meta(name: &str) -> Value {
        json!({"name": name, "creationTimestamp": format_rfc3339_utc(NOW - 3 * 86_400 - 7200)})
    }

    #[test]
    fn a_role_binding_lists_its_subjects_by_kind() {
        let binding = json!({
            "metadata": meta("readers"),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
            "subjects": [
                {"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "alice"},
                {"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "bob"},
                {"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "devs"},
                {"kind": "ServiceAccount", "namespace": "ci", "name": "runner"}
            ]
        });
        assert_eq!(
            role_binding_cells(&binding, NOW),
            [
                json!("readers"),
                json!("ClusterRole/view"),
                json!("3d2h"),
                json!("alice, bob"),
                json!("devs"),
                json!("ci/runner")
            ]
        );
    }

    #[test]
    fn leases_priority_classes_and_storage_classes_print_their_fields() {
        let lease = json!({"metadata": meta("kube-scheduler"), "spec": {"holderIdentity": "cp-1_4b1e", "leaseDurationSeconds": 15}});
        assert_eq!(
            lease_cells(&lease, NOW),
            [json!("kube-scheduler"), json!("cp-1_4b1e"), json!("3d2h")]
        );

        let pc = json!({"metadata": meta("system-node-critical"), "value": 2_000_001_000, "globalDefault": false,
                        "preemptionPolicy": "PreemptLowerPriority"});
        assert_eq!(
            priority_class_cells(&pc, NOW),
            [
                json!("system-node-critical"),
                json!(2_000_001_000),
                json!(false),
                json!("3d2h"),
                json!("PreemptLowerPriority")
            ]
        );

        let mut sc = json!({"metadata": meta("local-path"), "provisioner": "rancher.io/local-path",
                            "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer"});
        sc["metadata"]["annotations"] =
            json!({"storageclass.kubernetes.io/is-default-class": "true"});
        assert_eq!(
            storage_class_cells(&sc, NOW),
            [
                json!("local-path (default)"),
                json!("rancher.io/local-path"),
                json!("Delete"),
                json!("WaitForFirstConsumer"),
                json!(false),
                json!("3d2h")
            ]
        );
    }

    #[test]
    fn a_disruption_budget_prints_na_for_the_unset_bound() {
        let pdb = json!({"metadata": meta("web"), "spec": {"minAvailable": "50%", "selector": {"matchLabels": {"app": "web"}}},
                         "status": {"disruptionsAllowed": 1}});
        assert_eq!(
            pdb_cells(&pdb, NOW),
            [
                json!("web"),
                json!("50%"),
                json!("N/A"),
                json!(1),
                json!("3d2h")
            ]
        );
        let absolute = json!({"metadata": meta("db"), "spec": {"maxUnavailable": 1}});
        assert_eq!(
            pdb_cells(&absolute, NOW)[1..4],
            [json!("N/A"), json!("1"), json!(0)]
        );
    }

    #[test]
    fn an_autoscaler_shows_current_over_target_per_metric() {
        let hpa = json!({
            "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": meta("web"),
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                     "minReplicas": 2, "maxReplicas": 10,
                     "metrics": [
                        {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}},
                        {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "500Mi"}}},
                        {"type": "Pods", "pods": {"metric": {"name": "rps"}, "target": {"type": "AverageValue", "averageValue": "100"}}}
                     ]},
            "status": {"currentReplicas": 3, "desiredReplicas": 3,
                       "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 41, "averageValue": "205m"}}}]}
        });
        assert_eq!(
            hpa_cells(&hpa, NOW),
            [
                json!("web"),
                json!("Deployment/web"),
                json!("cpu: 41%/80%, memory: <unknown>/500Mi + 1 more..."),
                json!("2"),
                json!(10),
                json!(3),
                json!("3d2h")
            ]
        );
    }

    #[test]
    fn an_autoscaling_v1_autoscaler_reads_its_cpu_target() {
        let hpa = json!({"metadata": meta("api"),
            "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "api"}, "maxReplicas": 5, "targetCPUUtilizationPercentage": 70},
            "status": {"currentReplicas": 1}});
        assert_eq!(
            hpa_cells(&hpa, NOW)[2..6],
            [
                json!("cpu: <unknown>/70%"),
                json!("<unset>"),
                json!(5),
                json!(1)
            ]
        );
        let none = json!({"metadata": meta("idle"), "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "idle"}, "maxReplicas": 3}});
        assert_eq!(hpa_cells(&none, NOW)[2], "<none>");
    }

    #[test]
    fn external_and_object_metrics_mark_average_targets() {
        let spec = json!({"type": "External", "external": {"metric": {"name": "queue"}, "target": {"type": "AverageValue", "averageValue": "30"}}});
        let status = json!({"type": "External", "external": {"current": {"averageValue": "12"}}});
        assert_eq!(metric_target(&spec, Some(&status)), "12/30 (avg)");
        let value =
            json!({"type": "Object", "object": {"target": {"type": "Value", "value": "2k"}}});
        assert_eq!(metric_target(&value, None), "<unknown>/2k");
        assert_eq!(
            metric_target(&json!({"type": "Mystery"}), None),
            "<unknown type>"
        );
    }

    #[test]
    fn the_fallbacks_print_created_at_for_built_ins_and_age_for_custom_resources() {
        let role = json!({"metadata": {"name": "pod-reader", "creationTimestamp": "2024-04-28T10:00:00+02:00"}});
        assert_eq!(
            created_at_cells(&role, NOW),
            [json!("pod-reader"), json!("2024-04-28T08:00:00Z")]
        );
        assert_eq!(
            created_at_cells(&json!({"metadata": {"name": "x"}}), NOW)[1],
            "0001-01-01T00:00:00Z"
        );
        assert_eq!(
            custom_resource_cells(&json!({"metadata": meta("widget")}), NOW),
            [json!("widget"), json!("3d2h")]
        );
        assert_eq!(
            custom_resource_cells(&json!({"metadata": {"name": "x"}}), NOW)[1],
            Value::Null
        );
        assert!(is_kube_apiserver_group("rbac.authorization.k8s.io"));
        assert!(!is_kube_apiserver_group("gateway.networking.k8s.io"));
    }
}
