//! Cluster and configuration objects of the core group: nodes, namespaces, config maps,
//! secrets, service accounts, events (core/v1 and events.k8s.io/v1), persistent volumes and
//! claims, resource quotas.

use std::collections::BTreeSet;

use serde_json::Value;

use super::format::{
    age, count, deleting, field, int, list, name, non_empty, opt_text, quantity, since, text,
};
use super::{AGE, Column, NAME, docs, duration};

pub(super) const NODE_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Status", "string", "The status of the node"),
    Column::new("Roles", "string", "The roles of the node"),
    AGE,
    Column::new("Version", "string", docs::NODE_KUBELET_VERSION),
    Column::wide("Internal-IP", "string", docs::NODE_ADDRESSES),
    Column::wide("External-IP", "string", docs::NODE_ADDRESSES),
    Column::wide("OS-Image", "string", docs::NODE_OS_IMAGE),
    Column::wide("Kernel-Version", "string", docs::NODE_KERNEL_VERSION),
    Column::wide("Container-Runtime", "string", docs::NODE_CONTAINER_RUNTIME),
];

pub(super) fn node_cells(node: &Value, now: i64) -> Vec<Value> {
    let info = |key: &str| non_empty(node, &["status", "nodeInfo", key]).unwrap_or("<unknown>");
    vec![
        name(node).into(),
        node_status(node).into(),
        node_roles(node).into(),
        age(node, now),
        text(node, &["status", "nodeInfo", "kubeletVersion"]).into(),
        node_address(node, "InternalIP").into(),
        node_address(node, "ExternalIP").into(),
        info("osImage").into(),
        info("kernelVersion").into(),
        info("containerRuntimeVersion").into(),
    ]
}

/// `Ready` / `NotReady` / `Unknown` (no Ready condition), plus `SchedulingDisabled` when
/// cordoned.
fn node_status(node: &Value) -> String {
    // Upstream indexes conditions by type, so the last Ready condition wins.
    let ready = list(node, &["status", "conditions"])
        .iter()
        .rfind(|c| text(c, &["type"]) == "Ready");
    let mut status = vec![match ready {
        Some(c) if text(c, &["status"]) == "True" => "Ready",
        Some(_) => "NotReady",
        None => "Unknown",
    }];
    if field(node, &["spec", "unschedulable"]).and_then(Value::as_bool) == Some(true) {
        status.push("SchedulingDisabled");
    }
    status.join(",")
}

/// Roles from `node-role.kubernetes.io/<role>` labels and the `kubernetes.io/role` label,
/// sorted, or `<none>`.
fn node_roles(node: &Value) -> String {
    let mut roles = BTreeSet::new();
    for (key, value) in field(node, &["metadata", "labels"])
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(role) = key.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.insert(role.to_string());
            }
        } else if key == "kubernetes.io/role"
            && let Some(role) = value.as_str().filter(|r| !r.is_empty())
        {
            roles.insert(role.to_string());
        }
    }
    if roles.is_empty() {
        "<none>".to_string()
    } else {
        roles.into_iter().collect::<Vec<_>>().join(",")
    }
}

/// The node's first address of a type, or `<none>`.
fn node_address<'a>(node: &'a Value, kind: &str) -> &'a str {
    list(node, &["status", "addresses"])
        .iter()
        .find(|a| text(a, &["type"]) == kind)
        .map_or("<none>", |a| text(a, &["address"]))
}

pub(super) const NAMESPACE_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Status", "string", "The status of the namespace"),
    AGE,
];

pub(super) fn namespace_cells(ns: &Value, now: i64) -> Vec<Value> {
    // The API defaults the phase to Active.
    let phase = non_empty(ns, &["status", "phase"]).unwrap_or("Active");
    vec![name(ns).into(), phase.into(), age(ns, now)]
}

pub(super) const CONFIGMAP_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Data", "string", docs::CONFIGMAP_DATA),
    AGE,
];

pub(super) fn configmap_cells(cm: &Value, now: i64) -> Vec<Value> {
    let entries = count(cm, &["data"]) + count(cm, &["binaryData"]);
    vec![name(cm).into(), entries.into(), age(cm, now)]
}

pub(super) const SECRET_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Type", "string", docs::SECRET_TYPE),
    Column::new("Data", "string", docs::SECRET_DATA),
    AGE,
];

pub(super) fn secret_cells(secret: &Value, now: i64) -> Vec<Value> {
    // The API defaults the type to Opaque.
    let secret_type = non_empty(secret, &["type"]).unwrap_or("Opaque");
    vec![
        name(secret).into(),
        secret_type.into(),
        count(secret, &["data"]).into(),
        age(secret, now),
    ]
}

pub(super) const SERVICE_ACCOUNT_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Secrets", "string", docs::SA_SECRETS),
    AGE,
];

pub(super) fn service_account_cells(sa: &Value, now: i64) -> Vec<Value> {
    vec![
        name(sa).into(),
        count(sa, &["secrets"]).into(),
        age(sa, now),
    ]
}

pub(super) const EVENT_COLUMNS: &[Column] = &[
    Column::new("Last Seen", "string", docs::EVENT_LAST_TIMESTAMP),
    Column::new("Type", "string", docs::EVENT_TYPE),
    Column::new("Reason", "string", docs::EVENT_REASON),
    Column::new("Object", "string", docs::EVENT_INVOLVED_OBJECT),
    Column::wide("Subobject", "string", docs::EVENT_FIELD_PATH),
    Column::wide("Source", "string", docs::EVENT_SOURCE),
    Column::new("Message", "string", docs::EVENT_MESSAGE),
    Column::wide("First Seen", "string", docs::EVENT_FIRST_TIMESTAMP),
    Column::wide("Count", "string", docs::EVENT_COUNT),
    Column::full("Name", "string", "name", docs::NAME, 1),
];

/// Where an event keeps what the printer shows: core/v1 and events.k8s.io/v1 name the same
/// fields differently (upstream converts both to one internal Event before printing).
struct EventShape {
    first_timestamp: &'static str,
    last_timestamp: &'static str,
    count: &'static str,
    source: &'static str,
    regarding: &'static str,
    message: &'static str,
    reporting_controller: &'static str,
}

const CORE_EVENT: EventShape = EventShape {
    first_timestamp: "firstTimestamp",
    last_timestamp: "lastTimestamp",
    count: "count",
    source: "source",
    regarding: "involvedObject",
    message: "message",
    reporting_controller: "reportingComponent",
};

const EVENTS_V1_EVENT: EventShape = EventShape {
    first_timestamp: "deprecatedFirstTimestamp",
    last_timestamp: "deprecatedLastTimestamp",
    count: "deprecatedCount",
    source: "deprecatedSource",
    regarding: "regarding",
    message: "note",
    reporting_controller: "reportingController",
};

pub(super) fn core_event_cells(event: &Value, now: i64) -> Vec<Value> {
    event_cells(event, now, &CORE_EVENT)
}

pub(super) fn events_v1_event_cells(event: &Value, now: i64) -> Vec<Value> {
    event_cells(event, now, &EVENTS_V1_EVENT)
}

fn event_cells(event: &Value, now: i64, shape: &EventShape) -> Vec<Value> {
    let has_time = |path: &[&str]| {
        opt_text(event, path)
            .and_then(duration::parse_time)
            .is_some()
    };
    // New-style events only have eventTime; old-style ones only the first/last timestamps.
    let first_seen = if has_time(&[shape.first_timestamp]) {
        since(event, &[shape.first_timestamp], now)
    } else {
        since(event, &["eventTime"], now)
    };
    let mut last_seen = if has_time(&[shape.last_timestamp]) {
        since(event, &[shape.last_timestamp], now)
    } else {
        first_seen.clone()
    };
    let mut count = int(event, &[shape.count]);
    if let Some(series) = field(event, &["series"]).filter(|s| s.is_object()) {
        last_seen = since(series, &["lastObservedTime"], now);
        count = int(series, &["count"]);
    } else if count == 0 {
        // Singleton events have no count in the new API.
        count = 1;
    }
    let regarding = field(event, &[shape.regarding]);
    let kind = regarding.map_or("", |r| text(r, &["kind"])).to_lowercase();
    let object = match regarding.and_then(|r| non_empty(r, &["name"])) {
        Some(regarding_name) => format!("{kind}/{regarding_name}"),
        None => kind,
    };
    // The old source fields win; new-style events only have the reporting ones.
    let component = non_empty(event, &[shape.source, "component"])
        .or_else(|| non_empty(event, &[shape.reporting_controller]))
        .unwrap_or("");
    let instance = non_empty(event, &[shape.source, "host"])
        .or_else(|| non_empty(event, &["reportingInstance"]))
        .unwrap_or("");
    let source = if instance.is_empty() {
        component.to_string()
    } else {
        format!("{component}, {instance}")
    };
    vec![
        last_seen.into(),
        text(event, &["type"]).into(),
        text(event, &["reason"]).into(),
        object.into(),
        regarding.map_or("", |r| text(r, &["fieldPath"])).into(),
        source.into(),
        text(event, &[shape.message]).trim().into(),
        first_seen.into(),
        count.into(),
        name(event).into(),
    ]
}

pub(super) const PV_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Capacity", "string", docs::PV_CAPACITY),
    Column::new("Access Modes", "string", docs::PV_ACCESS_MODES),
    Column::new("Reclaim Policy", "string", docs::PV_RECLAIM_POLICY),
    Column::new("Status", "string", docs::PV_PHASE),
    Column::new("Claim", "string", docs::PV_CLAIM_REF),
    Column::new("StorageClass", "string", "StorageClass of the pv"),
    Column::new(
        "VolumeAttributesClass",
        "string",
        "VolumeAttributesClass of the pv",
    ),
    Column::new("Reason", "string", docs::PV_REASON),
    AGE,
    Column::wide("VolumeMode", "string", docs::PV_VOLUME_MODE),
];

pub(super) fn pv_cells(pv: &Value, now: i64) -> Vec<Value> {
    let claim = match field(pv, &["spec", "claimRef"]) {
        Some(c) if c.is_object() => format!("{}/{}", text(c, &["namespace"]), text(c, &["name"])),
        _ => String::new(),
    };
    // The API defaults the phase to Pending, the policy to Retain, the mode to Filesystem.
    let phase = if deleting(pv) {
        "Terminating"
    } else {
        non_empty(pv, &["status", "phase"]).unwrap_or("Pending")
    };
    vec![
        name(pv).into(),
        quantity(field(pv, &["spec", "capacity", "storage"])).into(),
        access_modes(list(pv, &["spec", "accessModes"])).into(),
        non_empty(pv, &["spec", "persistentVolumeReclaimPolicy"])
            .unwrap_or("Retain")
            .into(),
        phase.into(),
        claim.into(),
        storage_class(pv, opt_text(pv, &["spec", "storageClassName"])).into(),
        opt_text(pv, &["spec", "volumeAttributesClassName"])
            .unwrap_or("<unset>")
            .into(),
        text(pv, &["status", "reason"]).into(),
        age(pv, now),
        opt_text(pv, &["spec", "volumeMode"])
            .unwrap_or("Filesystem")
            .into(),
    ]
}

pub(super) const PVC_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Status", "string", docs::PVC_PHASE),
    Column::new("Volume", "string", docs::PVC_VOLUME_NAME),
    Column::new("Capacity", "string", docs::PVC_CAPACITY),
    Column::new("Access Modes", "string", docs::PVC_ACCESS_MODES),
    Column::new("StorageClass", "string", "StorageClass of the pvc"),
    Column::new(
        "VolumeAttributesClass",
        "string",
        "VolumeAttributesClass of the pvc",
    ),
    AGE,
    Column::wide("VolumeMode", "string", docs::PVC_VOLUME_MODE),
];

pub(super) fn pvc_cells(pvc: &Value, now: i64) -> Vec<Value> {
    let phase = if deleting(pvc) {
        "Terminating"
    } else {
        non_empty(pvc, &["status", "phase"]).unwrap_or("Pending")
    };
    let volume = text(pvc, &["spec", "volumeName"]);
    // Capacity and access modes are the bound volume's, so only shown once bound.
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        (
            quantity(field(pvc, &["status", "capacity", "storage"])),
            access_modes(list(pvc, &["status", "accessModes"])),
        )
    };
    vec![
        name(pvc).into(),
        phase.into(),
        volume.into(),
        capacity.into(),
        modes.into(),
        storage_class(pvc, opt_text(pvc, &["spec", "storageClassName"])).into(),
        opt_text(pvc, &["spec", "volumeAttributesClassName"])
            .unwrap_or("<unset>")
            .into(),
        age(pvc, now),
        opt_text(pvc, &["spec", "volumeMode"])
            .unwrap_or("Filesystem")
            .into(),
    ]
}

/// The beta storage-class annotation wins over `spec.storageClassName`, as upstream.
fn storage_class<'a>(obj: &'a Value, spec_class: Option<&'a str>) -> &'a str {
    opt_text(
        obj,
        &[
            "metadata",
            "annotations",
            "volume.beta.kubernetes.io/storage-class",
        ],
    )
    .or(spec_class)
    .unwrap_or("")
}

/// Access modes abbreviated in a fixed order, each once: `RWO,ROX,RWX,RWOP`.
fn access_modes(modes: &[Value]) -> String {
    let has = |mode: &str| modes.iter().any(|m| m.as_str() == Some(mode));
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ]
    .iter()
    .filter(|(mode, _)| has(mode))
    .map(|(_, short)| *short)
    .collect::<Vec<_>>()
    .join(",")
}

pub(super) const RESOURCE_QUOTA_COLUMNS: &[Column] = &[
    NAME,
    Column::new(
        "Request",
        "string",
        "Request represents a minimum amount of cpu/memory that a container may consume.",
    ),
    Column::new(
        "Limit",
        "string",
        "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.",
    ),
    AGE,
];

/// `resource: used/hard` for every hard limit, sorted by resource name; `limits.*` resources go
/// to the Limit cell, all others to Request.
pub(super) fn resource_quota_cells(quota: &Value, now: i64) -> Vec<Value> {
    let hard = field(quota, &["status", "hard"]).and_then(Value::as_object);
    let mut resources: Vec<&String> = hard.into_iter().flat_map(|h| h.keys()).collect();
    resources.sort();
    let mut requests = Vec::new();
    let mut limits = Vec::new();
    for resource in resources {
        let used = quantity(field(quota, &["status", "used", resource]));
        let limit = quantity(hard.and_then(|h| h.get(resource.as_str())));
        let entry = format!("{resource}: {used}/{limit}");
        let mut pieces = resource.split('.');
        if pieces.next() == Some("limits") && pieces.next().is_some() {
            limits.push(entry);
        } else {
            requests.push(entry);
        }
    }
    vec![
        name(quota).into(),
        requests.join(", ").into(),
        limits.join(", ").into(),
        age(quota, now),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use serde_json::{Value, json};

    use super::super::duration::format_rfc3339_utc;
    use super::*;

    /// 2024-05-01T12:00:00Z.
    const NOW: i64 = 1_714_564_800;

    fn ago(secs: i64) -> String {
        format_rfc3339_utc(NOW - secs)
    }

    fn node() -> Value {
        json!({
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": "cp-1", "creationTimestamp": ago(86_400 * 45),
                "labels": {"kubernetes.io/hostname": "cp-1", "node-role.kubernetes.io/control-plane": "",
                           "node-role.kubernetes.io/etcd": "true", "kubernetes.io/role": "master"}},
            "spec": {"podCIDR": "10.42.0.0/24"},
            "status": {
                "conditions": [
                    {"type": "MemoryPressure", "status": "False"},
                    {"type": "Ready", "status": "True", "reason": "KubeletReady"}
                ],
                "addresses": [{"type": "InternalIP", "address": "192.168.1.10"}, {"type": "Hostname", "address": "cp-1"}],
                "nodeInfo": {"kubeletVersion": "v1.33.1", "osImage": "Debian GNU/Linux 12 (bookworm)",
                             "kernelVersion": "6.1.0-21-amd64", "containerRuntimeVersion": "containerd://1.7.20"}
            }
        })
    }

    #[test]
    fn a_ready_node_shows_its_roles_version_and_wide_details() {
        assert_eq!(
            node_cells(&node(), NOW),
            [
                json!("cp-1"),
                json!("Ready"),
                json!("control-plane,etcd,master"),
                json!("45d"),
                json!("v1.33.1"),
                json!("192.168.1.10"),
                json!("<none>"),
                json!("Debian GNU/Linux 12 (bookworm)"),
                json!("6.1.0-21-amd64"),
                json!("containerd://1.7.20")
            ]
        );
    }

    #[test]
    fn a_cordoned_node_has_scheduling_disabled() {
        let mut node = node();
        node["spec"]["unschedulable"] = json!(true);
        node["spec"]["taints"] =
            json!([{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}]);
        assert_eq!(node_cells(&node, NOW)[1], "Ready,SchedulingDisabled");
        node["status"]["conditions"][1]["status"] = json!("Unknown");
        assert_eq!(node_cells(&node, NOW)[1], "NotReady,SchedulingDisabled");
    }

    #[test]
    fn a_new_node_without_conditions_or_roles_is_unknown() {
        let node = json!({"metadata": {"name": "w-1"}, "status": {}});
        assert_eq!(
            node_cells(&node, NOW),
            [
                json!("w-1"),
                json!("Unknown"),
                json!("<none>"),
                json!("<unknown>"),
                json!(""),
                json!("<none>"),
                json!("<none>"),
                json!("<unknown>"),
                json!("<unknown>"),
                json!("<unknown>")
            ]
        );
    }

    #[test]
    fn namespaces_config_maps_secrets_and_service_accounts_count_their_contents() {
        let ns = json!({"metadata": {"name": "shop", "creationTimestamp": ago(90)}, "status": {"phase": "Terminating"}});
        assert_eq!(
            namespace_cells(&ns, NOW),
            [json!("shop"), json!("Terminating"), json!("90s")]
        );
        assert_eq!(
            namespace_cells(&json!({"metadata": {"name": "new"}}), NOW)[1],
            "Active"
        );

        let cm = json!({"metadata": {"name": "kube-root-ca.crt", "creationTimestamp": ago(60)},
                        "data": {"ca.crt": "-----BEGIN CERTIFICATE-----"}, "binaryData": {"logo.png": "iVBORw0K"}});
        assert_eq!(
            configmap_cells(&cm, NOW),
            [json!("kube-root-ca.crt"), json!(2), json!("60s")]
        );

        let secret = json!({"metadata": {"name": "tls", "creationTimestamp": ago(60)}, "type": "kubernetes.io/tls",
                            "data": {"tls.crt": "LS0t", "tls.key": "LS0t"}});
        assert_eq!(
            secret_cells(&secret, NOW),
            [
                json!("tls"),
                json!("kubernetes.io/tls"),
                json!(2),
                json!("60s")
            ]
        );
        assert_eq!(
            secret_cells(&json!({"metadata": {"name": "s"}}), NOW)[1..3],
            [json!("Opaque"), json!(0)]
        );

        let sa = json!({"metadata": {"name": "default", "creationTimestamp": ago(60)}});
        assert_eq!(
            service_account_cells(&sa, NOW),
            [json!("default"), json!(0), json!("60s")]
        );
    }

    #[test]
    fn a_core_event_shows_when_what_and_where() {
        let event = json!({
            "apiVersion": "v1", "kind": "Event",
            "metadata": {"name": "web-7d4b9c-x2x5k.17c9a4b6e2f0a1b2", "namespace": "default", "creationTimestamp": ago(300)},
            "involvedObject": {"kind": "Pod", "namespace": "default", "name": "web-7d4b9c-x2x5k",
                               "apiVersion": "v1", "fieldPath": "spec.containers{web}"},
            "reason": "BackOff", "message": "Back-off restarting failed container web in pod web-7d4b9c-x2x5k\n",
            "source": {"component": "kubelet", "host": "node-1"},
            "firstTimestamp": ago(300), "lastTimestamp": ago(20), "count": 12, "type": "Warning",
            "eventTime": null, "reportingComponent": "kubelet", "reportingInstance": "node-1"
        });
        assert_eq!(
            core_event_cells(&event, NOW),
            [
                json!("20s"),
                json!("Warning"),
                json!("BackOff"),
                json!("pod/web-7d4b9c-x2x5k"),
                json!("spec.containers{web}"),
                json!("kubelet, node-1"),
                json!("Back-off restarting failed container web in pod web-7d4b9c-x2x5k"),
                json!("5m"),
                json!(12),
                json!("web-7d4b9c-x2x5k.17c9a4b6e2f0a1b2")
            ]
        );
    }

    #[test]
    fn a_new_style_event_uses_event_time_series_and_reporting_controller() {
        let event = json!({
            "metadata": {"name": "scheduled.1"},
            "involvedObject": {"kind": "Node", "name": ""},
            "reason": "Scheduled", "message": "Successfully assigned default/web to node-1", "type": "Normal",
            "eventTime": "2024-05-01T11:59:00.250000Z", "reportingComponent": "default-scheduler",
            "reportingInstance": "default-scheduler-cp-1"
        });
        let cells = core_event_cells(&event, NOW);
        assert_eq!(
            cells[..4],
            [
                json!("59s"),
                json!("Normal"),
                json!("Scheduled"),
                json!("node")
            ]
        );
        assert_eq!(cells[5], "default-scheduler, default-scheduler-cp-1");
        assert_eq!(cells[7..9], [json!("59s"), json!(1)]);

        let v1 = json!({
            "apiVersion": "events.k8s.io/v1", "kind": "Event",
            "metadata": {"name": "web.2"}, "regarding": {"kind": "Deployment", "name": "web"},
            "reason": "ScalingReplicaSet", "note": "Scaled up replica set web-7d4b9c to 3", "type": "Normal",
            "eventTime": ago(600), "reportingController": "deployment-controller",
            "series": {"count": 4, "lastObservedTime": ago(30)}
        });
        assert_eq!(
            events_v1_event_cells(&v1, NOW),
            [
                json!("30s"),
                json!("Normal"),
                json!("ScalingReplicaSet"),
                json!("deployment/web"),
                json!(""),
                json!("deployment-controller"),
                json!("Scaled up replica set web-7d4b9c to 3"),
                json!("10m"),
                json!(4),
                json!("web.2")
            ]
        );
    }

    #[test]
    fn a_bound_volume_and_claim_show_capacity_modes_and_class() {
        let pv = json!({
            "metadata": {"name": "pvc-3f2a", "creationTimestamp": ago(3600),
                         "annotations": {"pv.kubernetes.io/provisioned-by": "rancher.io/local-path"}},
            "spec": {"capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"],
                     "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "local-path", "volumeMode": "Filesystem",
                     "claimRef": {"kind": "PersistentVolumeClaim", "namespace": "shop", "name": "data"}},
            "status": {"phase": "Bound"}
        });
        assert_eq!(
            pv_cells(&pv, NOW),
            [
                json!("pvc-3f2a"),
                json!("10Gi"),
                json!("RWO,RWX"),
                json!("Delete"),
                json!("Bound"),
                json!("shop/data"),
                json!("local-path"),
                json!("<unset>"),
                json!(""),
                json!("60m"),
                json!("Filesystem")
            ]
        );
        let pvc = json!({
            "metadata": {"name": "data", "namespace": "shop", "creationTimestamp": ago(3600)},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "8Gi"}},
                     "storageClassName": "local-path", "volumeName": "pvc-3f2a", "volumeMode": "Filesystem"},
            "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "10Gi"}}
        });
        assert_eq!(
            pvc_cells(&pvc, NOW),
            [
                json!("data"),
                json!("Bound"),
                json!("pvc-3f2a"),
                json!("10Gi"),
                json!("RWO"),
                json!("local-path"),
                json!("<unset>"),
                json!("60m"),
                json!("Filesystem")
            ]
        );
    }

    #[test]
    fn an_unbound_claim_is_pending_and_a_deleted_one_terminating() {
        let mut pvc = json!({"metadata": {"name": "data", "annotations": {"volume.beta.kubernetes.io/storage-class": "slow"}},
                             "spec": {"storageClassName": "fast", "resources": {"requests": {"storage": "1Gi"}}}});
        assert_eq!(
            pvc_cells(&pvc, NOW)[1..6],
            [
                json!("Pending"),
                json!(""),
                json!(""),
                json!(""),
                json!("slow")
            ]
        );
        pvc["metadata"]["deletionTimestamp"] = json!(ago(1));
        assert_eq!(pvc_cells(&pvc, NOW)[1], "Terminating");
    }

    #[test]
    fn a_resource_quota_splits_requests_and_limits() {
        let quota = json!({
            "metadata": {"name": "compute", "creationTimestamp": ago(120)},
            "spec": {"hard": {"pods": "10", "requests.cpu": "2", "limits.memory": "4Gi", "limits.cpu": "4"}},
            "status": {"hard": {"pods": "10", "requests.cpu": "2", "limits.memory": "4Gi", "limits.cpu": "4"},
                       "used": {"pods": "3", "requests.cpu": "500m", "limits.cpu": "1"}}
        });
        assert_eq!(
            resource_quota_cells(&quota, NOW),
            [
                json!("compute"),
                json!("pods: 3/10, requests.cpu: 500m/2"),
                json!("limits.cpu: 1/4, limits.memory: 0/4Gi"),
                json!("2m")
            ]
        );
    }
}
