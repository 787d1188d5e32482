//! The registry of served resources, and the discovery documents built from it.
//!
//! Every resource rk serves is one static [`ResourceInfo`]: group, version, kind, plural,
//! singular, short names, scope, verbs, categories and subresources, exactly as Kubernetes 1.33
//! reports them (`kubectl api-resources -o wide`), because kubectl, client-go's REST mapper and
//! the Python client build their whole view of the server from discovery.
//!
//! - The API server routes with [`find`] (`/apis/{group}/{version}/…/{plural}`) and decodes
//!   bodies with [`find_kind`]; it serves [`discovery`] documents as they are, choosing the
//!   `/api` and `/apis` format with [`negotiate_discovery`] and answering with
//!   [`DiscoveryFormat::content_type`] (and `Vary: Accept`, since one URL has three answers).
//! - rkctl and the dashboard turn a user's word (`po`, `deploy`, `hpa.v1.autoscaling`) into a
//!   resource with [`resolve`], the way kubectl's REST mapper does, and expand `get all` with
//!   [`in_category`].
//!
//! The data lives in `table.rs`, in upstream's order: core first, then the groups in
//! kube-apiserver's priority order ([`groups`]), each group's preferred version first, resources
//! sorted by plural. Lookups that could match several entries take the first in that order, which
//! is kubectl's preference too: `events` is core/v1, `hpa` is autoscaling/v2.

pub mod discovery;
mod table;

pub use discovery::{
    AggregatedVersion, DiscoveryFormat, aggregated_discovery, api_group, api_group_list,
    api_resource_list, api_versions, negotiate_discovery,
};

/// One served resource (a plural under a group-version), as discovery describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResourceInfo {
    /// API group; `""` for core (`/api/v1`).
    pub group: &'static str,
    pub version: &'static str,
    pub kind: &'static str,
    /// Kind of the list (`PodList`); empty for create-only resources, which cannot be listed.
    pub list_kind: &'static str,
    pub plural: &'static str,
    /// Empty where upstream reports none (metrics.k8s.io, as metrics-server serves it).
    pub singular: &'static str,
    pub short_names: &'static [&'static str],
    pub namespaced: bool,
    /// Sorted, as upstream lists them: create delete deletecollection get list patch update watch.
    pub verbs: &'static [&'static str],
    /// `["all"]` makes the resource part of `kubectl get all`.
    pub categories: &'static [&'static str],
    /// Sorted by name.
    pub subresources: &'static [Subresource],
}

/// A subresource (`pods/log`, `deployments/scale`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subresource {
    pub name: &'static str,
    /// Group of the object it takes and returns; with `version`, empty means the parent's (as in
    /// upstream's discovery, which names a group only when it differs: `pods/eviction` is
    /// policy/v1 Eviction, `deployments/scale` autoscaling/v1 Scale).
    pub group: &'static str,
    pub version: &'static str,
    pub kind: &'static str,
    pub verbs: &'static [&'static str],
}

/// A named API group (`/apis/{name}`) and the versions rk serves of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiGroup {
    pub name: &'static str,
    /// Preferred version first, as upstream lists them.
    pub versions: &'static [&'static str],
}

impl ApiGroup {
    /// The version clients use when they do not name one.
    pub fn preferred_version(&self) -> &'static str {
        self.versions.first().copied().unwrap_or_default()
    }
}

impl ResourceInfo {
    /// `apiVersion` of its objects: `v1` for core, `apps/v1` otherwise.
    pub fn api_version(&self) -> String {
        group_version(self.group, self.version)
    }

    /// Whether upstream allows `verb` on it.
    pub fn supports(&self, verb: &str) -> bool {
        self.verbs.contains(&verb)
    }

    /// Its subresource called `name` (`log`, `scale`).
    pub fn subresource(&self, name: &str) -> Option<&'static Subresource> {
        self.subresources.iter().find(|s| s.name == name)
    }

    /// Whether this is the version of its group that clients get by default.
    pub fn is_preferred_version(&self) -> bool {
        preferred_version(self.group) == Some(self.version)
    }
}

impl Subresource {
    /// `(group, version, kind)` of the object it takes and returns, with the parent's group and
    /// version filled in where the table leaves them empty.
    pub fn response_kind(
        &self,
        parent: &ResourceInfo,
    ) -> (&'static str, &'static str, &'static str) {
        if self.version.is_empty() {
            (parent.group, parent.version, self.kind)
        } else {
            (self.group, self.version, self.kind)
        }
    }
}

/// `v1` for core, `group/version` otherwise.
pub fn group_version(group: &str, version: &str) -> String {
    if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    }
}

/// Every served resource, in discovery order.
pub fn all() -> &'static [ResourceInfo] {
    table::RESOURCES
}

/// Every named group, in the order `/apis` lists them; core (`/api`, version v1) is not one.
pub fn groups() -> &'static [ApiGroup] {
    table::GROUPS
}

/// The named group `name`.
pub fn group(name: &str) -> Option<&'static ApiGroup> {
    table::GROUPS.iter().find(|g| g.name == name)
}

/// The versions served of `group` (`""` for core), preferred first.
pub fn versions(group: &str) -> &'static [&'static str] {
    if group.is_empty() {
        &[table::CORE_VERSION]
    } else {
        self::group(group).map(|g| g.versions).unwrap_or_default()
    }
}

/// The preferred version of `group` (`""` for core).
pub fn preferred_version(group: &str) -> Option<&'static str> {
    versions(group).first().copied()
}

/// The resource served at `group`/`version` as `plural` — how the API server routes a request.
pub fn find(group: &str, version: &str, plural: &str) -> Option<&'static ResourceInfo> {
    all()
        .iter()
        .find(|r| r.group == group && r.version == version && r.plural == plural)
}

/// The resource whose objects are `group`/`version` `kind` — how the API server maps a body's
/// `apiVersion` and `kind` to where it is stored.
pub fn find_kind(group: &str, version: &str, kind: &str) -> Option<&'static ResourceInfo> {
    all()
        .iter()
        .find(|r| r.group == group && r.version == version && r.kind == kind)
}

/// The resource for `kind` in `group`, in the group's preferred version when several serve it.
pub fn by_kind(group: &str, kind: &str) -> Option<&'static ResourceInfo> {
    // The table lists each group's preferred version first.
    all().iter().find(|r| r.group == group && r.kind == kind)
}

/// The resources in `category` (`all` for `kubectl get all`), each once in its group's
/// preferred version, in discovery order.
pub fn in_category(category: &str) -> Vec<&'static ResourceInfo> {
    let mut found: Vec<&'static ResourceInfo> = Vec::new();
    for r in all().iter().filter(|r| r.categories.contains(&category)) {
        if !found
            .iter()
            .any(|f| f.group == r.group && f.plural == r.plural)
        {
            found.push(r);
        }
    }
    found
}

/// The resource a user means by `name`, the way kubectl resolves a resource argument.
///
/// `name` may be a plural, a singular, a short name or a kind, matched without regard to case,
/// optionally qualified as `name.group` (`deployments.apps`, `deploy.apps`) or
/// `name.version.group` (`hpa.v1.autoscaling`). Plurals and singulars win over short names,
/// which win over kinds; between groups core comes first, then the [`groups`] order; within a
/// group the preferred version. So `events` is core/v1 Event, `nodes` core/v1 Node (not
/// metrics.k8s.io's), `hpa` autoscaling/v2.
///
/// A named version is always honoured, as kubectl 1.27–1.28 do and every kubectl does for plurals
/// and singulars; kubectl 1.29+ drop it after a short name (`hpa.v1.autoscaling` lists v2 there).
pub fn resolve(name: &str) -> Option<&'static ResourceInfo> {
    let name = name.trim().to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    // As kubectl: with two or more dots, try `resource.version.group` first; with one or more,
    // `resource.group`; a bare word may name a resource in any group.
    let mut parts = name.splitn(3, '.');
    let (word, second, rest) = (parts.next(), parts.next(), parts.next());
    if let (Some(word), Some(version), Some(group)) = (word, second, rest)
        && let Some(found) = resolve_in(word, |r| r.group == group && r.version == version)
    {
        return Some(found);
    }
    if let Some((word, group)) = name.split_once('.') {
        return resolve_in(word, |r| r.group == group);
    }
    resolve_in(&name, |_| true)
}

/// The first resource accepted by `scope` that `word` (lowercase) names: by plural or singular,
/// else by short name, else by kind.
fn resolve_in(word: &str, scope: impl Fn(&ResourceInfo) -> bool) -> Option<&'static ResourceInfo> {
    let candidates = || all().iter().filter(|r| scope(r));
    candidates()
        .find(|r| r.plural == word || (!r.singular.is_empty() && r.singular == word))
        .or_else(|| candidates().find(|r| r.short_names.contains(&word)))
        .or_else(|| candidates().find(|r| r.kind.eq_ignore_ascii_case(word)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn resolved(name: &str) -> (&'static str, &'static str, &'static str) {
        let r = resolve(name).unwrap_or_else(|| panic!("{name} does not resolve"));
        (r.group, r.version, r.plural)
    }

    #[test]
    fn short_names_resolve_as_upstream_defines_them() {
        let cases = [
            ("po", "", "pods"),
            ("svc", "", "services"),
            ("ns", "", "namespaces"),
            ("no", "", "nodes"),
            ("cm", "", "configmaps"),
            ("sa", "", "serviceaccounts"),
            ("ev", "", "events"),
            ("ep", "", "endpoints"),
            ("pv", "", "persistentvolumes"),
            ("pvc", "", "persistentvolumeclaims"),
            ("limits", "", "limitranges"),
            ("quota", "", "resourcequotas"),
            ("rc", "", "replicationcontrollers"),
            ("deploy", "apps", "deployments"),
            ("rs", "apps", "replicasets"),
            ("sts", "apps", "statefulsets"),
            ("ds", "apps", "daemonsets"),
            ("cj", "batch", "cronjobs"),
            ("hpa", "autoscaling", "horizontalpodautoscalers"),
            ("pdb", "policy", "poddisruptionbudgets"),
            ("pc", "scheduling.k8s.io", "priorityclasses"),
            ("ing", "networking.k8s.io", "ingresses"),
            ("netpol", "networking.k8s.io", "networkpolicies"),
            ("sc", "storage.k8s.io", "storageclasses"),
        ];
        for (short, group, plural) in cases {
            let (g, _, p) = resolved(short);
            assert_eq!((g, p), (group, plural), "{short}");
        }
    }

    #[test]
    fn resources_without_short_names_upstream_have_none() {
        for plural in [
            "secrets",
            "bindings",
            "controllerrevisions",
            "jobs",
            "leases",
            "endpointslices",
            "ingressclasses",
            "roles",
            "rolebindings",
            "clusterroles",
            "clusterrolebindings",
            "selfsubjectaccessreviews",
            "selfsubjectreviews",
        ] {
            let r = all().iter().find(|r| r.plural == plural).unwrap();
            assert!(r.short_names.is_empty(), "{plural} has {:?}", r.short_names);
        }
    }

    #[test]
    fn hpa_resolves_to_the_preferred_autoscaling_v2() {
        assert_eq!(
            resolved("hpa"),
            ("autoscaling", "v2", "horizontalpodautoscalers")
        );
        assert_eq!(
            resolved("horizontalpodautoscalers"),
            ("autoscaling", "v2", "horizontalpodautoscalers")
        );
        assert_eq!(
            resolved("hpa.autoscaling"),
            ("autoscaling", "v2", "horizontalpodautoscalers")
        );
    }

    #[test]
    fn plural_singular_and_kind_resolve_whatever_their_case() {
        for name in ["pods", "pod", "Pod", "PODS", "po", "PO"] {
            assert_eq!(resolved(name), ("", "v1", "pods"), "{name}");
        }
        assert_eq!(resolved("Deployment"), ("apps", "v1", "deployments"));
        assert_eq!(
            resolved("PodDisruptionBudget"),
            ("policy", "v1", "poddisruptionbudgets")
        );
        assert_eq!(resolved("endpoints"), ("", "v1", "endpoints"));
    }

    #[test]
    fn group_qualified_names_resolve_within_that_group() {
        assert_eq!(resolved("deployments.apps"), ("apps", "v1", "deployments"));
        assert_eq!(resolved("deploy.apps"), ("apps", "v1", "deployments"));
        assert_eq!(resolved("deployment.apps"), ("apps", "v1", "deployments"));
        assert_eq!(
            resolved("deployments.v1.apps"),
            ("apps", "v1", "deployments")
        );
        assert_eq!(
            resolved("events.events.k8s.io"),
            ("events.k8s.io", "v1", "events")
        );
        assert_eq!(
            resolved("ev.events.k8s.io"),
            ("events.k8s.io", "v1", "events")
        );
        assert_eq!(
            resolved("ingresses.networking.k8s.io"),
            ("networking.k8s.io", "v1", "ingresses")
        );
        assert_eq!(
            resolved("ing.v1.networking.k8s.io"),
            ("networking.k8s.io", "v1", "ingresses")
        );
        assert_eq!(
            resolved("nodes.metrics.k8s.io"),
            ("metrics.k8s.io", "v1beta1", "nodes")
        );
    }

    #[test]
    fn a_named_version_is_honoured() {
        assert_eq!(
            resolved("hpa.v1.autoscaling"),
            ("autoscaling", "v1", "horizontalpodautoscalers")
        );
        assert_eq!(
            resolved("hpa.v2.autoscaling"),
            ("autoscaling", "v2", "horizontalpodautoscalers")
        );
        assert_eq!(
            resolved("horizontalpodautoscalers.v1.autoscaling"),
            ("autoscaling", "v1", "horizontalpodautoscalers")
        );
    }

    #[test]
    fn bare_words_shared_by_groups_mean_the_core_resource() {
        assert_eq!(resolved("events"), ("", "v1", "events"));
        assert_eq!(resolved("ev"), ("", "v1", "events"));
        assert_eq!(resolved("nodes"), ("", "v1", "nodes"));
        assert_eq!(resolved("node"), ("", "v1", "nodes"));
        assert_eq!(resolved("pods"), ("", "v1", "pods"));
    }

    #[test]
    fn metrics_resolve_by_kind() {
        assert_eq!(
            resolved("nodemetrics"),
            ("metrics.k8s.io", "v1beta1", "nodes")
        );
        assert_eq!(
            resolved("PodMetrics"),
            ("metrics.k8s.io", "v1beta1", "pods")
        );
    }

    #[test]
    fn unknown_or_misqualified_words_do_not_resolve() {
        for name in [
            "",
            " ",
            ".",
            "foo",
            "pods.apps",
            "deployments.v2.apps",
            "deploy.",
            "all",
            "pods/log",
        ] {
            assert!(resolve(name).is_none(), "{name:?} resolved");
        }
    }

    #[test]
    fn get_all_lists_upstreams_members_in_discovery_order() {
        let all: Vec<_> = in_category("all")
            .iter()
            .map(|r| (r.group, r.version, r.plural))
            .collect();
        assert_eq!(
            all,
            [
                ("", "v1", "pods"),
                ("", "v1", "replicationcontrollers"),
                ("", "v1", "services"),
                ("apps", "v1", "daemonsets"),
                ("apps", "v1", "deployments"),
                ("apps", "v1", "replicasets"),
                ("apps", "v1", "statefulsets"),
                ("autoscaling", "v2", "horizontalpodautoscalers"),
                ("batch", "v1", "cronjobs"),
                ("batch", "v1", "jobs"),
            ]
        );
        assert!(in_category("api-extensions").is_empty());
    }

    #[test]
    fn no_plural_appears_twice_in_a_group_version() {
        for (i, a) in all().iter().enumerate() {
            for b in &all()[i + 1..] {
                assert!(
                    !(a.group == b.group && a.version == b.version && a.plural == b.plural),
                    "{}/{} {} twice",
                    a.group,
                    a.version,
                    a.plural
                );
            }
            let mut subs: Vec<_> = a.subresources.iter().map(|s| s.name).collect();
            subs.dedup();
            assert_eq!(
                subs.len(),
                a.subresources.len(),
                "{} repeats a subresource",
                a.plural
            );
        }
    }

    #[test]
    fn every_scope_is_upstreams() {
        let cluster_scoped = [
            ("", "namespaces"),
            ("", "nodes"),
            ("", "persistentvolumes"),
            ("authentication.k8s.io", "selfsubjectreviews"),
            ("authorization.k8s.io", "selfsubjectaccessreviews"),
            ("networking.k8s.io", "ingressclasses"),
            ("rbac.authorization.k8s.io", "clusterroles"),
            ("rbac.authorization.k8s.io", "clusterrolebindings"),
            ("storage.k8s.io", "storageclasses"),
            ("scheduling.k8s.io", "priorityclasses"),
            ("metrics.k8s.io", "nodes"),
        ];
        for r in all() {
            let cluster = cluster_scoped.contains(&(r.group, r.plural));
            assert_eq!(
                r.namespaced, !cluster,
                "{}/{} {}",
                r.group, r.version, r.plural
            );
        }
        // Every cluster-scoped entry above exists.
        for (group, plural) in cluster_scoped {
            assert!(
                all().iter().any(|r| r.group == group && r.plural == plural),
                "{group} {plural}"
            );
        }
    }

    #[test]
    fn the_registry_covers_exactly_the_promised_resources() {
        let mut served: Vec<String> = all()
            .iter()
            .map(|r| format!("{}/{}", r.api_version(), r.plural))
            .collect();
        served.sort();
        let mut expected = vec![
            "v1/namespaces",
            "v1/pods",
            "v1/nodes",
            "v1/services",
            "v1/replicationcontrollers",
            "v1/endpoints",
            "v1/configmaps",
            "v1/secrets",
            "v1/serviceaccounts",
            "v1/events",
            "v1/persistentvolumes",
            "v1/persistentvolumeclaims",
            "v1/limitranges",
            "v1/resourcequotas",
            "v1/bindings",
            "apps/v1/deployments",
            "apps/v1/replicasets",
            "apps/v1/statefulsets",
            "apps/v1/daemonsets",
            "apps/v1/controllerrevisions",
            "batch/v1/jobs",
            "batch/v1/cronjobs",
            "coordination.k8s.io/v1/leases",
            "discovery.k8s.io/v1/endpointslices",
            "events.k8s.io/v1/events",
            "policy/v1/poddisruptionbudgets",
            "scheduling.k8s.io/v1/priorityclasses",
            "rbac.authorization.k8s.io/v1/roles",
            "rbac.authorization.k8s.io/v1/rolebindings",
            "rbac.authorization.k8s.io/v1/clusterroles",
            "rbac.authorization.k8s.io/v1/clusterrolebindings",
            "networking.k8s.io/v1/ingresses",
            "networking.k8s.io/v1/networkpolicies",
            "networking.k8s.io/v1/ingressclasses",
            "storage.k8s.io/v1/storageclasses",
            "autoscaling/v2/horizontalpodautoscalers",
            "autoscaling/v1/horizontalpodautoscalers",
            "authorization.k8s.io/v1/selfsubjectaccessreviews",
            "authentication.k8s.io/v1/selfsubjectreviews",
            "authentication.k8s.io/v1beta1/selfsubjectreviews",
            "metrics.k8s.io/v1beta1/pods",
            "metrics.k8s.io/v1beta1/nodes",
        ];
        expected.sort();
        assert_eq!(served, expected);
    }

    #[test]
    fn the_table_is_in_discovery_order() {
        // Core first, then groups in `groups()` order, each group's versions preferred first.
        let mut order: Vec<(&str, &str)> = vec![("", "v1")];
        for g in groups() {
            order.extend(g.versions.iter().map(|v| (g.name, *v)));
        }
        let position = |r: &ResourceInfo| {
            order
                .iter()
                .position(|gv| *gv == (r.group, r.version))
                .unwrap_or_else(|| {
                    panic!("{}/{} is not a declared group-version", r.group, r.version)
                })
        };
        for pair in all().windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert!(
                (position(a), a.plural) < (position(b), b.plural),
                "{} {} listed before {} {}",
                a.api_version(),
                a.plural,
                b.api_version(),
                b.plural
            );
        }
        // …and every declared group-version serves something.
        for (group, version) in order {
            assert!(
                all()
                    .iter()
                    .any(|r| r.group == group && r.version == version),
                "{group}/{version}"
            );
        }
        for r in all() {
            assert!(
                r.subresources.windows(2).all(|w| w[0].name < w[1].name),
                "{}",
                r.plural
            );
        }
    }

    #[test]
    fn groups_follow_kube_apiservers_priority_order() {
        let names: Vec<_> = groups().iter().map(|g| g.name).collect();
        assert_eq!(
            names,
            [
                "apps",
                "events.k8s.io",
                "authentication.k8s.io",
                "authorization.k8s.io",
                "autoscaling",
                "batch",
                "networking.k8s.io",
                "policy",
                "rbac.authorization.k8s.io",
                "storage.k8s.io",
                "scheduling.k8s.io",
                "coordination.k8s.io",
                "discovery.k8s.io",
                "metrics.k8s.io",
            ]
        );
        assert_eq!(group("autoscaling").unwrap().preferred_version(), "v2");
        assert_eq!(versions("autoscaling"), ["v2", "v1"]);
        assert_eq!(preferred_version(""), Some("v1"));
        assert_eq!(preferred_version("metrics.k8s.io"), Some("v1beta1"));
        assert_eq!(preferred_version("extensions"), None);
    }

    #[test]
    fn verbs_are_upstreams_sorted_vocabulary() {
        let known = [
            "create",
            "delete",
            "deletecollection",
            "get",
            "list",
            "patch",
            "update",
            "watch",
        ];
        for r in all() {
            let verb_lists = std::iter::once(r.verbs).chain(r.subresources.iter().map(|s| s.verbs));
            for verbs in verb_lists {
                assert!(!verbs.is_empty(), "{}", r.plural);
                assert!(
                    verbs.iter().all(|v| known.contains(v)),
                    "{} {verbs:?}",
                    r.plural
                );
                assert!(
                    verbs.windows(2).all(|w| w[0] < w[1]),
                    "{} {verbs:?} unsorted",
                    r.plural
                );
            }
        }
    }

    #[test]
    fn a_list_kind_exists_exactly_where_listing_does() {
        for r in all() {
            assert_eq!(r.supports("list"), !r.list_kind.is_empty(), "{}", r.plural);
            if r.supports("list") {
                assert_eq!(r.list_kind, format!("{}List", r.kind));
            }
        }
    }

    #[test]
    fn create_only_resources_accept_nothing_but_create() {
        for (group, plural, namespaced) in [
            ("", "bindings", true),
            ("authorization.k8s.io", "selfsubjectaccessreviews", false),
            ("authentication.k8s.io", "selfsubjectreviews", false),
        ] {
            let r = find(group, "v1", plural).unwrap();
            assert_eq!(r.verbs, ["create"]);
            assert_eq!(r.namespaced, namespaced, "{plural}");
        }
    }

    #[test]
    fn namespaces_cannot_be_deleted_as_a_collection() {
        let ns = find("", "v1", "namespaces").unwrap();
        assert!(!ns.supports("deletecollection"));
        assert!(ns.supports("watch"));
        assert_eq!(ns.subresource("finalize").unwrap().verbs, ["update"]);
    }

    #[test]
    fn metrics_are_read_only() {
        for plural in ["pods", "nodes"] {
            assert_eq!(
                find("metrics.k8s.io", "v1beta1", plural).unwrap().verbs,
                ["get", "list"]
            );
        }
    }

    #[test]
    fn subresources_answer_upstreams_kinds() {
        let pods = find("", "v1", "pods").unwrap();
        let names: Vec<_> = pods.subresources.iter().map(|s| s.name).collect();
        assert_eq!(
            names,
            [
                "attach",
                "binding",
                "ephemeralcontainers",
                "eviction",
                "exec",
                "log",
                "portforward",
                "status"
            ]
        );
        assert_eq!(
            pods.subresource("eviction").unwrap().response_kind(pods),
            ("policy", "v1", "Eviction")
        );
        assert_eq!(
            pods.subresource("log").unwrap().response_kind(pods),
            ("", "v1", "Pod")
        );
        assert_eq!(pods.subresource("exec").unwrap().verbs, ["create", "get"]);

        for (group, plural) in [
            ("", "replicationcontrollers"),
            ("apps", "deployments"),
            ("apps", "replicasets"),
            ("apps", "statefulsets"),
        ] {
            let r = find(group, "v1", plural).unwrap();
            let scale = r.subresource("scale").unwrap();
            assert_eq!(
                scale.response_kind(r),
                ("autoscaling", "v1", "Scale"),
                "{plural}"
            );
            assert_eq!(scale.verbs, ["get", "patch", "update"]);
        }
        assert!(
            find("apps", "v1", "daemonsets")
                .unwrap()
                .subresource("scale")
                .is_none()
        );

        let sa = find("", "v1", "serviceaccounts").unwrap();
        assert_eq!(
            sa.subresource("token").unwrap().response_kind(sa),
            ("authentication.k8s.io", "v1", "TokenRequest")
        );
    }

    #[test]
    fn lookups_find_by_route_and_by_kind() {
        assert_eq!(
            find("apps", "v1", "deployments").unwrap().kind,
            "Deployment"
        );
        assert!(find("apps", "v2", "deployments").is_none());
        assert!(find("", "v1", "deployments").is_none());
        assert_eq!(by_kind("", "Event").unwrap().group, "");
        assert_eq!(
            by_kind("events.k8s.io", "Event").unwrap().group,
            "events.k8s.io"
        );
        assert_eq!(
            by_kind("autoscaling", "HorizontalPodAutoscaler")
                .unwrap()
                .version,
            "v2"
        );
        assert!(by_kind("apps", "Pod").is_none());
        assert_eq!(
            find_kind("autoscaling", "v1", "HorizontalPodAutoscaler")
                .unwrap()
                .version,
            "v1"
        );
        assert!(find_kind("apps", "v1beta1", "Deployment").is_none());
        assert!(
            find("autoscaling", "v2", "horizontalpodautoscalers")
                .unwrap()
                .is_preferred_version()
        );
        assert!(
            !find("autoscaling", "v1", "horizontalpodautoscalers")
                .unwrap()
                .is_preferred_version()
        );
        assert_eq!(
            find("policy", "v1", "poddisruptionbudgets")
                .unwrap()
                .api_version(),
            "policy/v1"
        );
        assert_eq!(find("", "v1", "pods").unwrap().api_version(), "v1");
    }
}
