//! What k8s-openapi 0.29 does not carry, so the generator cannot derive it, with why:
//!
//! 1. `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key` (strategic merge patch): k8s-openapi
//!    drops both. Its `DeepMerge` list-map keys are the patch merge key where a field has one, else the
//!    list-map keys, so a merge key cannot be told from a list-map key there. [`PATCH`] is upstream's
//!    `patchStrategy`/`patchMergeKey` struct tags of the 1.33 `k8s.io/api` and `apimachinery` types
//!    (those with a definition here), including the ones no `DeepMerge` shows: `retainKeys` on
//!    Deployment `strategy`, `merge,retainKeys` on `volumes`, primitive lists merged as sets
//!    (`finalizers`, `podCIDRs`), `replace` on PodDisruptionBudget `selector`.
//! 2. [`LISTS`]: where, for that reason, `DeepMerge` shows the patch merge key instead of upstream's
//!    `listType`/`listMapKey` markers (ports keyed by port *and* protocol; `JobStatus.conditions` and
//!    `PodStatus.hostIPs` are atomic lists with a patch merge key), and byte strings marked atomic.
//! 3. [`STRING_TYPES`]: Quantity and IntOrString are written by upstream as `type: string` (with
//!    `format: int-or-string` for the latter); k8s-openapi gives them no type at all, which OpenAPI
//!    v2 readers (kubectl's proto models) take as an arbitrary value.
//! 4. [`ATOMIC_STRUCTS`]: types marked `+structType=atomic` (`x-kubernetes-map-type: atomic` on the
//!    definition): `DeepMerge` merges them field by field, server-side apply owns them whole.
//!
//! The generator fails if an entry names a definition or property that does not exist, so the table
//! cannot silently go stale when k8s-openapi moves.

use serde_json::{Map, Value, json};

/// (definition, property, patch strategy, patch merge key or "").
const PATCH: &[(&str, &str, &str, &str)] = &[
    (
        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
        "finalizers",
        "merge",
        "",
    ),
    (
        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
        "ownerReferences",
        "merge",
        "uid",
    ),
    (
        "io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec",
        "matchConditions",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec",
        "variables",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration",
        "webhooks",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration",
        "webhooks",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.admissionregistration.v1.ValidatingWebhook",
        "matchConditions",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.admissionregistration.v1.MutatingWebhook",
        "matchConditions",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.admissionregistration.v1alpha1.MutatingAdmissionPolicySpec",
        "matchConditions",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.admissionregistration.v1beta1.ValidatingAdmissionPolicySpec",
        "matchConditions",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.admissionregistration.v1beta1.ValidatingAdmissionPolicySpec",
        "variables",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.apps.v1.StatefulSetStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.apps.v1.DeploymentSpec",
        "strategy",
        "retainKeys",
        "",
    ),
    (
        "io.k8s.api.apps.v1.DeploymentStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.apps.v1.DaemonSetStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.apps.v1.ReplicaSetStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.batch.v1.JobStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeClaimStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.core.v1.Container",
        "ports",
        "merge",
        "containerPort",
    ),
    ("io.k8s.api.core.v1.Container", "env", "merge", "name"),
    (
        "io.k8s.api.core.v1.Container",
        "volumeMounts",
        "merge",
        "mountPath",
    ),
    (
        "io.k8s.api.core.v1.Container",
        "volumeDevices",
        "merge",
        "devicePath",
    ),
    (
        "io.k8s.api.core.v1.ContainerStatus",
        "volumeMounts",
        "merge",
        "mountPath",
    ),
    (
        "io.k8s.api.core.v1.ContainerStatus",
        "allocatedResourcesStatus",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "volumes",
        "merge,retainKeys",
        "name",
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "initContainers",
        "merge",
        "name",
    ),
    ("io.k8s.api.core.v1.PodSpec", "containers", "merge", "name"),
    (
        "io.k8s.api.core.v1.PodSpec",
        "ephemeralContainers",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "imagePullSecrets",
        "merge",
        "name",
    ),
    ("io.k8s.api.core.v1.PodSpec", "hostAliases", "merge", "ip"),
    (
        "io.k8s.api.core.v1.PodSpec",
        "topologySpreadConstraints",
        "merge",
        "topologyKey",
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "schedulingGates",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "resourceClaims",
        "merge,retainKeys",
        "name",
    ),
    (
        "io.k8s.api.core.v1.EphemeralContainer",
        "ports",
        "merge",
        "containerPort",
    ),
    (
        "io.k8s.api.core.v1.EphemeralContainer",
        "env",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.core.v1.EphemeralContainer",
        "volumeMounts",
        "merge",
        "mountPath",
    ),
    (
        "io.k8s.api.core.v1.EphemeralContainer",
        "volumeDevices",
        "merge",
        "devicePath",
    ),
    (
        "io.k8s.api.core.v1.PodStatus",
        "conditions",
        "merge",
        "type",
    ),
    ("io.k8s.api.core.v1.PodStatus", "hostIPs", "merge", "ip"),
    ("io.k8s.api.core.v1.PodStatus", "podIPs", "merge", "ip"),
    (
        "io.k8s.api.core.v1.PodStatus",
        "resourceClaimStatuses",
        "merge,retainKeys",
        "name",
    ),
    (
        "io.k8s.api.core.v1.ReplicationControllerStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.core.v1.ServiceStatus",
        "conditions",
        "merge",
        "type",
    ),
    ("io.k8s.api.core.v1.ServiceSpec", "ports", "merge", "port"),
    (
        "io.k8s.api.core.v1.ServiceAccount",
        "secrets",
        "merge",
        "name",
    ),
    ("io.k8s.api.core.v1.NodeSpec", "podCIDRs", "merge", ""),
    (
        "io.k8s.api.core.v1.NodeStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.core.v1.NodeStatus",
        "addresses",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.core.v1.NamespaceStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.core.v1.ComponentStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.flowcontrol.v1.FlowSchemaStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.networking.v1.ServiceCIDRStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.networking.v1beta1.ServiceCIDRStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.policy.v1.PodDisruptionBudgetSpec",
        "selector",
        "replace",
        "",
    ),
    (
        "io.k8s.api.policy.v1.PodDisruptionBudgetStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.resource.v1alpha3.ResourceClaimStatus",
        "reservedFor",
        "merge",
        "uid",
    ),
    (
        "io.k8s.api.resource.v1beta1.ResourceClaimStatus",
        "reservedFor",
        "merge",
        "uid",
    ),
    (
        "io.k8s.api.resource.v1beta2.ResourceClaimStatus",
        "reservedFor",
        "merge",
        "uid",
    ),
    (
        "io.k8s.api.storage.v1.CSINodeSpec",
        "drivers",
        "merge",
        "name",
    ),
    (
        "io.k8s.api.storagemigration.v1alpha1.StorageVersionMigrationStatus",
        "conditions",
        "merge",
        "type",
    ),
    (
        "io.k8s.api.storagemigration.v1alpha1.StorageVersionMigrationList",
        "items",
        "merge",
        "type",
    ),
];

/// (definition, property, list type, list-map keys).
const LISTS: &[(&str, &str, &str, &[&str])] = &[
    (
        "io.k8s.api.apps.v1.StatefulSetSpec",
        "volumeClaimTemplates",
        "atomic",
        &[],
    ),
    ("io.k8s.api.batch.v1.JobStatus", "conditions", "atomic", &[]),
    (
        "io.k8s.api.certificates.v1.CertificateSigningRequestSpec",
        "request",
        "atomic",
        &[],
    ),
    (
        "io.k8s.api.certificates.v1.CertificateSigningRequestStatus",
        "certificate",
        "atomic",
        &[],
    ),
    (
        "io.k8s.api.core.v1.Container",
        "ports",
        "map",
        &["containerPort", "protocol"],
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "topologySpreadConstraints",
        "map",
        &["topologyKey", "whenUnsatisfiable"],
    ),
    (
        "io.k8s.api.core.v1.EphemeralContainer",
        "ports",
        "map",
        &["containerPort", "protocol"],
    ),
    ("io.k8s.api.core.v1.PodStatus", "hostIPs", "atomic", &[]),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "ports",
        "map",
        &["port", "protocol"],
    ),
];

/// (definition, upstream's `format` or "") written as `type: string`.
const STRING_TYPES: &[(&str, &str)] = &[
    ("io.k8s.apimachinery.pkg.api.resource.Quantity", ""),
    (
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
        "int-or-string",
    ),
];

/// Definitions marked `+structType=atomic`.
const ATOMIC_STRUCTS: &[&str] = &[
    "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
    "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
    "io.k8s.api.admissionregistration.v1.ParamKind",
    "io.k8s.api.admissionregistration.v1.Variable",
    "io.k8s.api.admissionregistration.v1.ParamRef",
    "io.k8s.api.admissionregistration.v1.MatchResources",
    "io.k8s.api.admissionregistration.v1.NamedRuleWithOperations",
    "io.k8s.api.admissionregistration.v1alpha1.ParamKind",
    "io.k8s.api.admissionregistration.v1alpha1.ParamRef",
    "io.k8s.api.admissionregistration.v1alpha1.MatchResources",
    "io.k8s.api.admissionregistration.v1alpha1.NamedRuleWithOperations",
    "io.k8s.api.admissionregistration.v1beta1.ParamKind",
    "io.k8s.api.admissionregistration.v1beta1.Variable",
    "io.k8s.api.admissionregistration.v1beta1.ParamRef",
    "io.k8s.api.admissionregistration.v1beta1.MatchResources",
    "io.k8s.api.admissionregistration.v1beta1.NamedRuleWithOperations",
    "io.k8s.api.autoscaling.v1.CrossVersionObjectReference",
    "io.k8s.api.core.v1.SecretReference",
    "io.k8s.api.core.v1.ObjectFieldSelector",
    "io.k8s.api.core.v1.ResourceFieldSelector",
    "io.k8s.api.core.v1.ConfigMapKeySelector",
    "io.k8s.api.core.v1.SecretKeySelector",
    "io.k8s.api.core.v1.NodeSelector",
    "io.k8s.api.core.v1.NodeSelectorTerm",
    "io.k8s.api.core.v1.TopologySelectorTerm",
    "io.k8s.api.core.v1.EndpointAddress",
    "io.k8s.api.core.v1.EndpointPort",
    "io.k8s.api.core.v1.ObjectReference",
    "io.k8s.api.core.v1.LocalObjectReference",
    "io.k8s.api.core.v1.TypedLocalObjectReference",
    "io.k8s.api.core.v1.ScopeSelector",
    "io.k8s.api.discovery.v1.EndpointPort",
    "io.k8s.api.networking.v1.ServiceBackendPort",
    "io.k8s.api.rbac.v1.Subject",
    "io.k8s.api.rbac.v1.RoleRef",
];

fn property<'a>(
    defs: &'a mut Map<String, Value>,
    def: &str,
    prop: &str,
) -> Result<&'a mut Map<String, Value>, String> {
    defs.get_mut(def)
        .and_then(|d| d.get_mut("properties"))
        .and_then(|p| p.get_mut(prop))
        .and_then(Value::as_object_mut)
        .ok_or_else(|| format!("override names {def}.{prop}, which does not exist"))
}

/// Applies the tables to the generated definitions.
pub fn apply(defs: &mut Map<String, Value>) -> Result<(), String> {
    for (def, prop, strategy, key) in PATCH {
        let p = property(defs, def, prop)?;
        p.insert("x-kubernetes-patch-strategy".into(), json!(strategy));
        if !key.is_empty() {
            p.insert("x-kubernetes-patch-merge-key".into(), json!(key));
        }
    }
    for (def, prop, list_type, keys) in LISTS {
        let p = property(defs, def, prop)?;
        p.insert("x-kubernetes-list-type".into(), json!(list_type));
        if keys.is_empty() {
            p.remove("x-kubernetes-list-map-keys");
        } else {
            p.insert("x-kubernetes-list-map-keys".into(), json!(keys));
        }
    }
    for (def, format) in STRING_TYPES {
        let d = defs
            .get_mut(*def)
            .and_then(Value::as_object_mut)
            .ok_or_else(|| format!("override names {def}, which does not exist"))?;
        d.insert("type".into(), json!("string"));
        if !format.is_empty() {
            d.insert("format".into(), json!(format));
        }
    }
    for def in ATOMIC_STRUCTS {
        let d = defs
            .get_mut(*def)
            .and_then(Value::as_object_mut)
            .ok_or_else(|| format!("override names {def}, which does not exist"))?;
        d.insert("x-kubernetes-map-type".into(), json!("atomic"));
    }
    Ok(())
}
