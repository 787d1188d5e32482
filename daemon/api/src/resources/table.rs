//! The registry's data: every resource rk serves, as Kubernetes 1.33 describes it in discovery.
//!
//! Checked entry by entry against the discovery documents Kubernetes checks in
//! (`api/discovery/*.json`, written by a real kube-apiserver) and `kubectl api-resources -o wide`.
//! Order matters and is upstream's: groups in [`GROUPS`] order (core first), within a group the
//! preferred version first, within a group-version resources sorted by plural, within a resource
//! subresources sorted by name. `resolve` relies on this order for its preferences and the
//! discovery documents for theirs; the tests in `mod.rs` hold it.

use super::{ApiGroup, ResourceInfo, Subresource};

/// The version the core group (`/api`) serves.
pub(super) const CORE_VERSION: &str = "v1";

/// Every named group, in the order kube-apiserver lists them (its group priorities: apps 17800,
/// events 17750, authentication 17700, authorization 17600, autoscaling 17500, batch 17400,
/// networking 17200, policy 17100, rbac 17000, storage 16800, scheduling 16600, coordination
/// 16500, discovery 16200). metrics.k8s.io comes last, as metrics-server's APIService
/// (group priority 100) puts it. Each group's versions are listed preferred first.
pub(super) static GROUPS: &[ApiGroup] = &[
    ApiGroup {
        name: "apps",
        versions: &["v1"],
    },
    ApiGroup {
        name: "events.k8s.io",
        versions: &["v1"],
    },
    ApiGroup {
        name: "authentication.k8s.io",
        // v1beta1 only for SelfSubjectReview: kubectl 1.27 `auth whoami` asks for it.
        versions: &["v1", "v1beta1"],
    },
    ApiGroup {
        name: "authorization.k8s.io",
        versions: &["v1"],
    },
    ApiGroup {
        name: "autoscaling",
        versions: &["v2", "v1"],
    },
    ApiGroup {
        name: "batch",
        versions: &["v1"],
    },
    ApiGroup {
        name: "networking.k8s.io",
        versions: &["v1"],
    },
    ApiGroup {
        name: "policy",
        versions: &["v1"],
    },
    ApiGroup {
        name: "rbac.authorization.k8s.io",
        versions: &["v1"],
    },
    ApiGroup {
        name: "storage.k8s.io",
        versions: &["v1"],
    },
    ApiGroup {
        name: "scheduling.k8s.io",
        versions: &["v1"],
    },
    ApiGroup {
        name: "coordination.k8s.io",
        versions: &["v1"],
    },
    ApiGroup {
        name: "discovery.k8s.io",
        versions: &["v1"],
    },
    ApiGroup {
        name: "metrics.k8s.io",
        versions: &["v1beta1"],
    },
];

// Verb sets, sorted as upstream lists them.

/// A stored resource: everything.
const ALL_VERBS: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];
/// Namespaces: upstream has no deletecollection for them.
const NAMESPACE_VERBS: &[&str] = &[
    "create", "delete", "get", "list", "patch", "update", "watch",
];
/// Reviews and bindings: a POST that returns its answer and stores nothing.
const CREATE: &[&str] = &["create"];
/// metrics.k8s.io as metrics-server serves it.
const GET_LIST: &[&str] = &["get", "list"];
/// `status`, `scale`, `ephemeralcontainers`.
const GET_PATCH_UPDATE: &[&str] = &["get", "patch", "update"];
/// Streaming connections (`exec`, `attach`, `portforward`): GET for WebSocket, POST for SPDY.
const CONNECT: &[&str] = &["create", "get"];
/// `nodes/proxy`, `services/proxy`: every HTTP method is forwarded.
const PROXY: &[&str] = &["create", "delete", "get", "patch", "update"];

// Subresource shorthands. An empty group and version mean "the parent resource's", as in
// upstream's APIResource.

const fn sub(
    name: &'static str,
    kind: &'static str,
    verbs: &'static [&'static str],
) -> Subresource {
    Subresource {
        name,
        group: "",
        version: "",
        kind,
        verbs,
    }
}

const fn status(kind: &'static str) -> Subresource {
    sub("status", kind, GET_PATCH_UPDATE)
}

/// `scale` answers an autoscaling/v1 Scale whatever the parent's group.
const SCALE: Subresource = Subresource {
    name: "scale",
    group: "autoscaling",
    version: "v1",
    kind: "Scale",
    verbs: GET_PATCH_UPDATE,
};

/// A stored, listable, watchable resource of `group`/`version`: the common case. Entries override
/// what differs, and each states its scope.
const fn stored(group: &'static str, version: &'static str) -> ResourceInfo {
    ResourceInfo {
        group,
        version,
        kind: "",
        list_kind: "",
        plural: "",
        singular: "",
        short_names: &[],
        namespaced: true,
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    }
}

/// A create-only resource (reviews, bindings): a POST that stores nothing, so no list kind.
const fn create_only(group: &'static str) -> ResourceInfo {
    ResourceInfo {
        verbs: CREATE,
        ..stored(group, "v1")
    }
}

const ALL: &[&str] = &["all"];
const HPA_SUBRESOURCES: &[Subresource] = &[status("HorizontalPodAutoscaler")];

pub(super) static RESOURCES: &[ResourceInfo] = &[
    // ---- core/v1 (/api/v1) ----
    ResourceInfo {
        kind: "Binding",
        plural: "bindings",
        singular: "binding",
        namespaced: true,
        ..create_only("")
    },
    ResourceInfo {
        kind: "ConfigMap",
        list_kind: "ConfigMapList",
        plural: "configmaps",
        singular: "configmap",
        short_names: &["cm"],
        namespaced: true,
        ..stored("", "v1")
    },
    ResourceInfo {
        kind: "Endpoints",
        list_kind: "EndpointsList",
        plural: "endpoints",
        singular: "endpoints",
        short_names: &["ep"],
        namespaced: true,
        ..stored("", "v1")
    },
    ResourceInfo {
        kind: "Event",
        list_kind: "EventList",
        plural: "events",
        singular: "event",
        short_names: &["ev"],
        namespaced: true,
        ..stored("", "v1")
    },
    ResourceInfo {
        kind: "LimitRange",
        list_kind: "LimitRangeList",
        plural: "limitranges",
        singular: "limitrange",
        short_names: &["limits"],
        namespaced: true,
        ..stored("", "v1")
    },
    ResourceInfo {
        kind: "Namespace",
        list_kind: "NamespaceList",
        plural: "namespaces",
        singular: "namespace",
        short_names: &["ns"],
        namespaced: false,
        verbs: NAMESPACE_VERBS,
        subresources: &[
            sub("finalize", "Namespace", &["update"]),
            status("Namespace"),
        ],
        ..stored("", "v1")
    },
    ResourceInfo {
        kind: "Node",
        list_kind: "NodeList",
        plural: "nodes",
        singular: "node",
        short_names: &["no"],
        namespaced: false,
        subresources: &[sub("proxy", "NodeProxyOptions", PROXY), status("Node")],
        ..stored("", "v1")
    },
    ResourceInfo {
        kind: "PersistentVolumeClaim",
        list_kind: "PersistentVolumeClaimList",
        plural: "persistentvolumeclaims",
        singular: "persistentvolumeclaim",
        short_names: &["pvc"],
        namespaced: true,
        subresources: &[status("PersistentVolumeClaim")],
        ..stored("", "v1")
    },
    ResourceInfo {
        kind: "PersistentVolume",
        list_kind: "PersistentVolumeList",
        plural: "persistentvolumes",
        singular: "persistentvolume",
        short_names: &["pv"],
        namespaced: false,
        subresources: &[status("PersistentVolume")],
        ..stored("", "v1")
    },
    ResourceInfo {
        kind: "Pod",
        list_kind: "PodList",
        plural: "pods",
        singular: "pod",
        short_names: &["po"],
        namespaced: true,
        categories: ALL,
        subresources: &[
            sub("attach", "PodAttachOptions", CONNECT),
            sub("binding", "Binding", CREATE),
            sub("ephemeralcontainers", "Pod", GET_PATCH_UPDATE),
            Subresource {
                name: "eviction",
                group: "policy",
                version: "v1",
                kind: "Eviction",
                verbs: CREATE,
            },
            sub("exec", "PodExecOptions", CONNECT),
            sub("log", "Pod", &["get"]),
            sub("portforward", "PodPortForwardOptions", CONNECT),
            status("Pod"),
        ],
        ..stored("", "v1")
    },
    ResourceInfo {
        kind: "ReplicationController",
        list_kind: "ReplicationControllerList",
        plural: "replicationcontrollers",
        singular: "replicationcontroller",
        short_names: &["rc"],
        namespaced: true,
        categories: ALL,
        subresources: &[SCALE, status("ReplicationController")],
        ..stored("", "v1")
    },
    ResourceInfo {
        kind: "ResourceQuota",
        list_kind: "ResourceQuotaList",
        plural: "resourcequotas",
        singular: "resourcequota",
        short_names: &["quota"],
        namespaced: true,
        subresources: &[status("ResourceQuota")],
        ..stored("", "v1")
    },
    ResourceInfo {
        kind: "Secret",
        list_kind: "SecretList",
        plural: "secrets",
        singular: "secret",
        namespaced: true,
        ..stored("", "v1")
    },
    ResourceInfo {
        kind: "ServiceAccount",
        list_kind: "ServiceAccountList",
        plural: "serviceaccounts",
        singular: "serviceaccount",
        short_names: &["sa"],
        namespaced: true,
        subresources: &[Subresource {
            name: "token",
            group: "authentication.k8s.io",
            version: "v1",
            kind: "TokenRequest",
            verbs: CREATE,
        }],
        ..stored("", "v1")
    },
    ResourceInfo {
        kind: "Service",
        list_kind: "ServiceList",
        plural: "services",
        singular: "service",
        short_names: &["svc"],
        namespaced: true,
        categories: ALL,
        subresources: &[
            sub("proxy", "ServiceProxyOptions", PROXY),
            status("Service"),
        ],
        ..stored("", "v1")
    },
    // ---- apps/v1 ----
    ResourceInfo {
        kind: "ControllerRevision",
        list_kind: "ControllerRevisionList",
        plural: "controllerrevisions",
        singular: "controllerrevision",
        namespaced: true,
        ..stored("apps", "v1")
    },
    ResourceInfo {
        kind: "DaemonSet",
        list_kind: "DaemonSetList",
        plural: "daemonsets",
        singular: "daemonset",
        short_names: &["ds"],
        namespaced: true,
        categories: ALL,
        subresources: &[status("DaemonSet")],
        ..stored("apps", "v1")
    },
    ResourceInfo {
        kind: "Deployment",
        list_kind: "DeploymentList",
        plural: "deployments",
        singular: "deployment",
        short_names: &["deploy"],
        namespaced: true,
        categories: ALL,
        subresources: &[SCALE, status("Deployment")],
        ..stored("apps", "v1")
    },
    ResourceInfo {
        kind: "ReplicaSet",
        list_kind: "ReplicaSetList",
        plural: "replicasets",
        singular: "replicaset",
        short_names: &["rs"],
        namespaced: true,
        categories: ALL,
        subresources: &[SCALE, status("ReplicaSet")],
        ..stored("apps", "v1")
    },
    ResourceInfo {
        kind: "StatefulSet",
        list_kind: "StatefulSetList",
        plural: "statefulsets",
        singular: "statefulset",
        short_names: &["sts"],
        namespaced: true,
        categories: ALL,
        subresources: &[SCALE, status("StatefulSet")],
        ..stored("apps", "v1")
    },
    // ---- events.k8s.io/v1 ----
    ResourceInfo {
        kind: "Event",
        list_kind: "EventList",
        plural: "events",
        singular: "event",
        short_names: &["ev"],
        namespaced: true,
        ..stored("events.k8s.io", "v1")
    },
    // ---- authentication.k8s.io/v1 ----
    ResourceInfo {
        kind: "SelfSubjectReview",
        plural: "selfsubjectreviews",
        singular: "selfsubjectreview",
        namespaced: false,
        ..create_only("authentication.k8s.io")
    },
    // ---- authentication.k8s.io/v1beta1 ----
    ResourceInfo {
        kind: "SelfSubjectReview",
        plural: "selfsubjectreviews",
        singular: "selfsubjectreview",
        namespaced: false,
        version: "v1beta1",
        ..create_only("authentication.k8s.io")
    },
    // ---- authorization.k8s.io/v1 ----
    ResourceInfo {
        kind: "SelfSubjectAccessReview",
        plural: "selfsubjectaccessreviews",
        singular: "selfsubjectaccessreview",
        namespaced: false,
        ..create_only("authorization.k8s.io")
    },
    // ---- autoscaling/v2 (preferred), then autoscaling/v1 ----
    // v1 stays because kubectl 1.27-1.32 `autoscale` POSTs autoscaling/v1 objects through its
    // typed client, and kube-apiserver 1.33 still serves both.
    ResourceInfo {
        kind: "HorizontalPodAutoscaler",
        list_kind: "HorizontalPodAutoscalerList",
        plural: "horizontalpodautoscalers",
        singular: "horizontalpodautoscaler",
        short_names: &["hpa"],
        namespaced: true,
        categories: ALL,
        subresources: HPA_SUBRESOURCES,
        ..stored("autoscaling", "v2")
    },
    ResourceInfo {
        kind: "HorizontalPodAutoscaler",
        list_kind: "HorizontalPodAutoscalerList",
        plural: "horizontalpodautoscalers",
        singular: "horizontalpodautoscaler",
        short_names: &["hpa"],
        namespaced: true,
        categories: ALL,
        subresources: HPA_SUBRESOURCES,
        ..stored("autoscaling", "v1")
    },
    // ---- batch/v1 ----
    ResourceInfo {
        kind: "CronJob",
        list_kind: "CronJobList",
        plural: "cronjobs",
        singular: "cronjob",
        short_names: &["cj"],
        namespaced: true,
        categories: ALL,
        subresources: &[status("CronJob")],
        ..stored("batch", "v1")
    },
    ResourceInfo {
        kind: "Job",
        list_kind: "JobList",
        plural: "jobs",
        singular: "job",
        namespaced: true,
        categories: ALL,
        subresources: &[status("Job")],
        ..stored("batch", "v1")
    },
    // ---- networking.k8s.io/v1 ----
    ResourceInfo {
        kind: "IngressClass",
        list_kind: "IngressClassList",
        plural: "ingressclasses",
        singular: "ingressclass",
        namespaced: false,
        ..stored("networking.k8s.io", "v1")
    },
    ResourceInfo {
        kind: "Ingress",
        list_kind: "IngressList",
        plural: "ingresses",
        singular: "ingress",
        short_names: &["ing"],
        namespaced: true,
        subresources: &[status("Ingress")],
        ..stored("networking.k8s.io", "v1")
    },
    ResourceInfo {
        kind: "NetworkPolicy",
        list_kind: "NetworkPolicyList",
        plural: "networkpolicies",
        singular: "networkpolicy",
        short_names: &["netpol"],
        namespaced: true,
        ..stored("networking.k8s.io", "v1")
    },
    // ---- policy/v1 ----
    ResourceInfo {
        kind: "PodDisruptionBudget",
        list_kind: "PodDisruptionBudgetList",
        plural: "poddisruptionbudgets",
        singular: "poddisruptionbudget",
        short_names: &["pdb"],
        namespaced: true,
        subresources: &[status("PodDisruptionBudget")],
        ..stored("policy", "v1")
    },
    // ---- rbac.authorization.k8s.io/v1 ----
    ResourceInfo {
        kind: "ClusterRoleBinding",
        list_kind: "ClusterRoleBindingList",
        plural: "clusterrolebindings",
        singular: "clusterrolebinding",
        namespaced: false,
        ..stored("rbac.authorization.k8s.io", "v1")
    },
    ResourceInfo {
        kind: "ClusterRole",
        list_kind: "ClusterRoleList",
        plural: "clusterroles",
        singular: "clusterrole",
        namespaced: false,
        ..stored("rbac.authorization.k8s.io", "v1")
    },
    ResourceInfo {
        kind: "RoleBinding",
        list_kind: "RoleBindingList",
        plural: "rolebindings",
        singular: "rolebinding",
        namespaced: true,
        ..stored("rbac.authorization.k8s.io", "v1")
    },
    ResourceInfo {
        kind: "Role",
        list_kind: "RoleList",
        plural: "roles",
        singular: "role",
        namespaced: true,
        ..stored("rbac.authorization.k8s.io", "v1")
    },
    // ---- storage.k8s.io/v1 ----
    ResourceInfo {
        kind: "StorageClass",
        list_kind: "StorageClassList",
        plural: "storageclasses",
        singular: "storageclass",
        short_names: &["sc"],
        namespaced: false,
        ..stored("storage.k8s.io", "v1")
    },
    // ---- scheduling.k8s.io/v1 ----
    ResourceInfo {
        kind: "PriorityClass",
        list_kind: "PriorityClassList",
        plural: "priorityclasses",
        singular: "priorityclass",
        short_names: &["pc"],
        namespaced: false,
        ..stored("scheduling.k8s.io", "v1")
    },
    // ---- coordination.k8s.io/v1 ----
    ResourceInfo {
        kind: "Lease",
        list_kind: "LeaseList",
        plural: "leases",
        singular: "lease",
        namespaced: true,
        ..stored("coordination.k8s.io", "v1")
    },
    // ---- discovery.k8s.io/v1 ----
    ResourceInfo {
        kind: "EndpointSlice",
        list_kind: "EndpointSliceList",
        plural: "endpointslices",
        singular: "endpointslice",
        namespaced: true,
        ..stored("discovery.k8s.io", "v1")
    },
    // ---- metrics.k8s.io/v1beta1, as metrics-server serves it ----
    // metrics-server reports an empty singular name (kubectl then guesses `nodemetrics` from the
    // kind), so `node` and `pod` keep meaning the core resources.
    ResourceInfo {
        kind: "NodeMetrics",
        list_kind: "NodeMetricsList",
        plural: "nodes",
        singular: "",
        namespaced: false,
        verbs: GET_LIST,
        ..stored("metrics.k8s.io", "v1beta1")
    },
    ResourceInfo {
        kind: "PodMetrics",
        list_kind: "PodMetricsList",
        plural: "pods",
        singular: "",
        namespaced: true,
        verbs: GET_LIST,
        ..stored("metrics.k8s.io", "v1beta1")
    },
];
