//! Discovery documents, built from the registry, for the API server to serve as they are.
//!
//! Two formats answer the same URLs:
//! - **legacy** — `/api` ([`api_versions`]), `/apis` ([`api_group_list`]), `/apis/{group}`
//!   ([`api_group`]), `/api/v1` and `/apis/{group}/{version}` ([`api_resource_list`], with one
//!   entry per subresource such as `pods/eviction`). The Python client uses only these; kubectl's
//!   `drain` and `auth can-i` read `/api/v1` even when it has the aggregated form.
//! - **aggregated** — `/api` and `/apis` answered as one `APIGroupDiscoveryList`
//!   ([`aggregated_discovery`]), in `apidiscovery.k8s.io/v2` (kubectl 1.30+) or `v2beta1`
//!   (kubectl 1.27–1.29), when the `Accept` header asks for it ([`negotiate_discovery`]).
//!
//! Field names and shapes follow upstream (meta/v1 `APIResourceList`, apidiscovery/v2
//! `APIGroupDiscoveryList`), including its quirks: an entry's `group`/`version` (legacy) or
//! `responseKind.group`/`.version` (aggregated) are empty when they are the enclosing
//! group-version's; `/api` and `/api/v1` carry no `apiVersion`. `storageVersionHash` is left out:
//! only the storage version migrator reads it, and rk has none.

use serde_json::{Map, Value, json};

use super::{ResourceInfo, Subresource, all, group, groups, versions};

/// `Content-Type` of a legacy discovery answer.
const JSON: &str = "application/json";
const DISCOVERY_GROUP: &str = "apidiscovery.k8s.io";
const DISCOVERY_LIST_KIND: &str = "APIGroupDiscoveryList";

/// The apidiscovery version of an aggregated document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggregatedVersion {
    /// `apidiscovery.k8s.io/v2`: kubectl 1.30 and later ask for it first.
    V2,
    /// `apidiscovery.k8s.io/v2beta1`: all kubectl 1.27–1.29 understand.
    V2Beta1,
}

impl AggregatedVersion {
    /// The document's `apiVersion`.
    pub fn api_version(self) -> &'static str {
        match self {
            Self::V2 => "apidiscovery.k8s.io/v2",
            Self::V2Beta1 => "apidiscovery.k8s.io/v2beta1",
        }
    }

    /// The `Content-Type` that tells the client which document it got.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::V2 => "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
            Self::V2Beta1 => {
                "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"
            }
        }
    }
}

/// Which document answers `/api` or `/apis`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiscoveryFormat {
    /// [`aggregated_discovery`] in that apidiscovery version.
    Aggregated(AggregatedVersion),
    /// [`api_versions`] or [`api_group_list`].
    Legacy,
}

impl DiscoveryFormat {
    /// The response's `Content-Type`.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Aggregated(version) => version.content_type(),
            Self::Legacy => JSON,
        }
    }
}

/// Picks the discovery format for `/api` or `/apis` from the request's `Accept` header.
///
/// Like kube-apiserver, takes the client's most preferred media range that rk can produce
/// (highest `q`, then most specific, then first listed): JSON aggregated discovery in v2 or v2beta1
/// when a range names it exactly (`application/json;g=apidiscovery.k8s.io;v=…;as=APIGroupDiscoveryList`),
/// legacy JSON for `application/json`, `application/*` or `*/*` without `as`. It never answers
/// with a version the client did not name: kubectl 1.27–1.29 cannot read v2. Anything else
/// (protobuf, Tables, an empty or unreadable header) gets legacy JSON, the one format every
/// client reads, rather than a 406.
pub fn negotiate_discovery(accept: &str) -> DiscoveryFormat {
    let mut best: Option<(f32, u8, DiscoveryFormat)> = None;
    for range in accept.split(',') {
        let Some((q, specificity, format)) = offer_for(range) else {
            continue;
        };
        // Strictly better only, so the first listed wins ties.
        if best.is_none_or(|(bq, bs, _)| q > bq || (q == bq && specificity > bs)) {
            best = Some((q, specificity, format));
        }
    }
    best.map_or(DiscoveryFormat::Legacy, |(_, _, format)| format)
}

/// What rk would send for one media range of an `Accept` header, with its `q` and specificity
/// (2 for `type/subtype`, 1 for `type/*`, 0 for `*/*`); `None` if nothing or `q=0`.
fn offer_for(range: &str) -> Option<(f32, u8, DiscoveryFormat)> {
    let mut pieces = range.split(';');
    let media_type = pieces.next()?.trim().to_ascii_lowercase();
    let (kind, subtype) = media_type.split_once('/')?;
    let (mut q, mut g, mut v, mut as_kind) = (1.0_f32, None, None, None);
    for param in pieces {
        let Some((key, value)) = param.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"');
        match key.trim().to_ascii_lowercase().as_str() {
            "q" => q = value.parse().unwrap_or(0.0),
            "g" => g = Some(value),
            "v" => v = Some(value),
            "as" => as_kind = Some(value),
            _ => {}
        }
    }
    if q <= 0.0 || q.is_nan() {
        return None;
    }
    let specificity = match (kind, subtype) {
        ("application", "json") => 2,
        ("application", "*") => 1,
        ("*", "*") => 0,
        _ => return None,
    };
    let format = match as_kind {
        None => DiscoveryFormat::Legacy,
        Some(DISCOVERY_LIST_KIND) if specificity == 2 && g == Some(DISCOVERY_GROUP) => match v {
            Some("v2") => DiscoveryFormat::Aggregated(AggregatedVersion::V2),
            Some("v2beta1") => DiscoveryFormat::Aggregated(AggregatedVersion::V2Beta1),
            _ => return None,
        },
        Some(_) => return None,
    };
    Some((q, specificity, format))
}

/// `/api`: the core group's versions, and the address clients in any network should use.
pub fn api_versions(server_address: &str) -> Value {
    json!({
        "kind": "APIVersions",
        "versions": versions(""),
        "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}
        ],
    })
}

/// `/apis`: every named group with its versions and preferred version.
pub fn api_group_list() -> Value {
    let groups: Vec<Value> = groups()
        .iter()
        .map(|g| group_json(g.name, g.versions))
        .collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

/// `/apis/{group}`; `None` for a group rk does not serve (the API server's 404).
pub fn api_group(name: &str) -> Option<Value> {
    let g = group(name)?;
    let mut doc = group_json(g.name, g.versions);
    if let Value::Object(fields) = &mut doc {
        fields.insert("kind".into(), "APIGroup".into());
        fields.insert("apiVersion".into(), "v1".into());
    }
    Some(doc)
}

fn group_json(name: &str, group_versions: &[&str]) -> Value {
    let version = |v: &str| json!({"groupVersion": format!("{name}/{v}"), "version": v});
    let preferred = group_versions.first().map_or(Value::Null, |v| version(v));
    json!({
        "name": name,
        "versions": group_versions.iter().map(|v| version(v)).collect::<Vec<_>>(),
        "preferredVersion": preferred,
    })
}

/// `/api/v1` (`group` empty) or `/apis/{group}/{version}`: each resource and each subresource
/// (`pods/log`, `pods/eviction`…), sorted by name as upstream lists them; `None` for a
/// group-version rk does not serve.
pub fn api_resource_list(group: &str, version: &str) -> Option<Value> {
    let resources = served_in(group, version);
    if resources.is_empty() {
        return None;
    }
    let mut entries: Vec<(String, Value)> = Vec::new();
    for r in &resources {
        entries.push((r.plural.to_string(), legacy_resource(r)));
        for s in r.subresources {
            let name = format!("{}/{}", r.plural, s.name);
            entries.push((name.clone(), legacy_subresource(r, s, name)));
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let entries: Vec<Value> = entries.into_iter().map(|(_, entry)| entry).collect();
    let mut doc = json!({
        "kind": "APIResourceList",
        "groupVersion": super::group_version(group, version),
        "resources": entries,
    });
    // kube-apiserver's `/api/v1` has no apiVersion; its `/apis/{g}/{v}` have `v1`.
    if !group.is_empty()
        && let Value::Object(fields) = &mut doc
    {
        fields.insert("apiVersion".into(), "v1".into());
    }
    Some(doc)
}

/// The resources of one group-version, sorted by plural.
fn served_in(group: &str, version: &str) -> Vec<&'static ResourceInfo> {
    let mut found: Vec<_> = all()
        .iter()
        .filter(|r| r.group == group && r.version == version)
        .collect();
    found.sort_by_key(|r| r.plural);
    found
}

fn legacy_resource(r: &ResourceInfo) -> Value {
    let mut entry = json!({
        "name": r.plural,
        "singularName": r.singular,
        "namespaced": r.namespaced,
        "kind": r.kind,
        "verbs": r.verbs,
    });
    if let Value::Object(fields) = &mut entry {
        insert_non_empty(fields, "shortNames", r.short_names);
        insert_non_empty(fields, "categories", r.categories);
    }
    entry
}

fn legacy_subresource(parent: &ResourceInfo, s: &Subresource, name: String) -> Value {
    let mut entry = json!({
        "name": name,
        "singularName": "",
        "namespaced": parent.namespaced,
        "kind": s.kind,
        "verbs": s.verbs,
    });
    if let Value::Object(fields) = &mut entry
        && !s.version.is_empty()
    {
        fields.insert("group".into(), s.group.into());
        fields.insert("version".into(), s.version.into());
    }
    entry
}

fn insert_non_empty(fields: &mut Map<String, Value>, key: &str, values: &[&str]) {
    if !values.is_empty() {
        fields.insert(key.into(), json!(values));
    }
}

/// The aggregated `APIGroupDiscoveryList` for `/api` (`core`: one group, unnamed, version v1) or
/// `/apis` (every named group in [`groups`] order, versions preferred first). Every resource and
/// subresource carries `responseKind`, without which kubectl drops the entry.
pub fn aggregated_discovery(core: bool, version: AggregatedVersion) -> Value {
    let items: Vec<Value> = if core {
        vec![aggregated_group("", versions(""))]
    } else {
        groups()
            .iter()
            .map(|g| aggregated_group(g.name, g.versions))
            .collect()
    };
    json!({
        "kind": "APIGroupDiscoveryList",
        "apiVersion": version.api_version(),
        "metadata": {},
        "items": items,
    })
}

fn aggregated_group(name: &str, group_versions: &[&str]) -> Value {
    let versions: Vec<Value> = group_versions
        .iter()
        .map(|v| {
            let resources: Vec<Value> = served_in(name, v)
                .into_iter()
                .map(aggregated_resource)
                .collect();
            json!({"version": v, "resources": resources, "freshness": "Current"})
        })
        .collect();
    // The core group's metadata has no name, as upstream's (an empty name is omitted).
    let metadata = if name.is_empty() {
        json!({})
    } else {
        json!({"name": name})
    };
    json!({"metadata": metadata, "versions": versions})
}

fn aggregated_resource(r: &'static ResourceInfo) -> Value {
    let mut entry = json!({
        "resource": r.plural,
        "responseKind": response_kind("", "", r.kind),
        "scope": if r.namespaced { "Namespaced" } else { "Cluster" },
        "singularResource": r.singular,
        "verbs": r.verbs,
    });
    if let Value::Object(fields) = &mut entry {
        insert_non_empty(fields, "shortNames", r.short_names);
        insert_non_empty(fields, "categories", r.categories);
        if !r.subresources.is_empty() {
            let subresources: Vec<Value> = r
                .subresources
                .iter()
                .map(|s| {
                    json!({
                        "subresource": s.name,
                        "responseKind": response_kind(s.group, s.version, s.kind),
                        "verbs": s.verbs,
                    })
                })
                .collect();
            fields.insert("subresources".into(), subresources.into());
        }
    }
    entry
}

/// A `responseKind`: upstream always writes all three fields, group and version empty when they
/// are the enclosing group-version's.
fn response_kind(group: &str, version: &str, kind: &str) -> Value {
    json!({"group": group, "version": version, "kind": kind})
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// What kubectl 1.30–1.33 send for `/api` and `/apis`.
    const KUBECTL_1_33_ACCEPT: &str = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    /// What kubectl 1.27–1.29 send.
    const KUBECTL_1_27_ACCEPT: &str = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    fn entry<'a>(list: &'a Value, name: &str) -> &'a Value {
        list["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {}", list["groupVersion"]))
    }

    #[test]
    fn kubectl_1_33_gets_v2() {
        let format = negotiate_discovery(KUBECTL_1_33_ACCEPT);
        assert_eq!(format, DiscoveryFormat::Aggregated(AggregatedVersion::V2));
        assert_eq!(
            format.content_type(),
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
        );
    }

    #[test]
    fn kubectl_1_27_gets_v2beta1_never_v2() {
        let format = negotiate_discovery(KUBECTL_1_27_ACCEPT);
        assert_eq!(
            format,
            DiscoveryFormat::Aggregated(AggregatedVersion::V2Beta1)
        );
        assert_eq!(
            format.content_type(),
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"
        );
    }

    #[test]
    fn plain_json_clients_get_legacy_discovery() {
        for accept in [
            "application/json",
            "",
            "*/*",
            "application/*",
            "application/json, */*",
            "garbage",
        ] {
            let format = negotiate_discovery(accept);
            assert_eq!(format, DiscoveryFormat::Legacy, "{accept:?}");
            assert_eq!(format.content_type(), "application/json");
        }
    }

    #[test]
    fn negotiation_honours_the_clients_preferences() {
        // Listed first wins among equals.
        let json_first =
            "application/json,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
        assert_eq!(negotiate_discovery(json_first), DiscoveryFormat::Legacy);
        // A higher q wins over order.
        let weighted = "application/json;q=0.5,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
        assert_eq!(
            negotiate_discovery(weighted),
            DiscoveryFormat::Aggregated(AggregatedVersion::V2Beta1)
        );
        // q=0 refuses.
        let refused = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0,application/json";
        assert_eq!(negotiate_discovery(refused), DiscoveryFormat::Legacy);
        // A more specific range wins over a wildcard at the same q.
        let wildcard_first =
            "*/*,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
        assert_eq!(
            negotiate_discovery(wildcard_first),
            DiscoveryFormat::Aggregated(AggregatedVersion::V2)
        );
        // Spaces and parameter order do not matter.
        let spaced = "application/json; as=APIGroupDiscoveryList; v=v2; g=apidiscovery.k8s.io";
        assert_eq!(
            negotiate_discovery(spaced),
            DiscoveryFormat::Aggregated(AggregatedVersion::V2)
        );
    }

    #[test]
    fn formats_rk_cannot_produce_fall_back_to_legacy_json() {
        for accept in [
            "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
            "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList",
            "application/json;as=Table;v=v1;g=meta.k8s.io",
            "*/*;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
        ] {
            assert_eq!(
                negotiate_discovery(accept),
                DiscoveryFormat::Legacy,
                "{accept}"
            );
        }
        let proto_then_json = "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
        assert_eq!(
            negotiate_discovery(proto_then_json),
            DiscoveryFormat::Aggregated(AggregatedVersion::V2Beta1)
        );
    }

    #[test]
    fn api_versions_names_v1_and_the_server_address() {
        let doc = api_versions("10.0.0.1:6443");
        assert_eq!(
            doc,
            json!({
                "kind": "APIVersions",
                "versions": ["v1"],
                "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "10.0.0.1:6443"}],
            })
        );
    }

    #[test]
    fn api_group_list_gives_each_group_its_preferred_version() {
        let doc = api_group_list();
        assert_eq!(doc["kind"], "APIGroupList");
        assert_eq!(doc["apiVersion"], "v1");
        let listed = doc["groups"].as_array().unwrap();
        assert_eq!(listed.len(), groups().len());
        assert_eq!(listed[0]["name"], "apps");
        let autoscaling = listed.iter().find(|g| g["name"] == "autoscaling").unwrap();
        assert_eq!(
            autoscaling["preferredVersion"],
            json!({"groupVersion": "autoscaling/v2", "version": "v2"})
        );
        assert_eq!(
            autoscaling["versions"],
            json!([
                {"groupVersion": "autoscaling/v2", "version": "v2"},
                {"groupVersion": "autoscaling/v1", "version": "v1"},
            ])
        );
        assert!(
            listed.iter().all(|g| g["name"] != ""),
            "core is not in /apis"
        );
    }

    #[test]
    fn api_group_serves_named_groups_only() {
        let apps = api_group("apps").unwrap();
        assert_eq!(apps["kind"], "APIGroup");
        assert_eq!(apps["name"], "apps");
        assert_eq!(apps["preferredVersion"]["groupVersion"], "apps/v1");
        assert!(api_group("").is_none());
        assert!(api_group("extensions").is_none());
    }

    #[test]
    fn the_core_list_carries_pods_subresource_entries() {
        let core = api_resource_list("", "v1").unwrap();
        assert_eq!(core["kind"], "APIResourceList");
        assert_eq!(core["groupVersion"], "v1");
        assert!(core.get("apiVersion").is_none());

        let eviction = entry(&core, "pods/eviction");
        assert_eq!(
            (&eviction["group"], &eviction["version"], &eviction["kind"]),
            (&json!("policy"), &json!("v1"), &json!("Eviction"))
        );
        assert_eq!(eviction["verbs"], json!(["create"]));
        assert_eq!(eviction["namespaced"], true);

        let log = entry(&core, "pods/log");
        assert_eq!(log["kind"], "Pod");
        assert!(
            log.get("group").is_none(),
            "a same-group subresource names no group"
        );
        assert_eq!(log["verbs"], json!(["get"]));
        assert_eq!(log["singularName"], "");
        for name in [
            "pods/attach",
            "pods/binding",
            "pods/ephemeralcontainers",
            "pods/exec",
            "pods/portforward",
            "pods/status",
        ] {
            entry(&core, name);
        }
        assert_eq!(
            entry(&core, "serviceaccounts/token")["group"],
            "authentication.k8s.io"
        );
        assert_eq!(
            entry(&core, "replicationcontrollers/scale")["kind"],
            "Scale"
        );
    }

    #[test]
    fn legacy_entries_look_like_upstreams() {
        let core = api_resource_list("", "v1").unwrap();
        assert_eq!(
            entry(&core, "pods"),
            &json!({
                "name": "pods",
                "singularName": "pod",
                "namespaced": true,
                "kind": "Pod",
                "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                "shortNames": ["po"],
                "categories": ["all"],
            })
        );
        let secrets = entry(&core, "secrets");
        assert!(secrets.get("shortNames").is_none() && secrets.get("categories").is_none());
        assert_eq!(entry(&core, "namespaces/finalize")["namespaced"], false);
    }

    #[test]
    fn legacy_lists_are_sorted_by_name_and_count_every_subresource() {
        for (group, version) in [
            ("", "v1"),
            ("apps", "v1"),
            ("autoscaling", "v1"),
            ("metrics.k8s.io", "v1beta1"),
        ] {
            let list = api_resource_list(group, version).unwrap();
            let names: Vec<&str> = list["resources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["name"].as_str().unwrap())
                .collect();
            let mut sorted = names.clone();
            sorted.sort();
            assert_eq!(names, sorted);
            let expected: usize = all()
                .iter()
                .filter(|r| r.group == group && r.version == version)
                .map(|r| 1 + r.subresources.len())
                .sum();
            assert_eq!(names.len(), expected, "{group}/{version}");
        }
        let apps = api_resource_list("apps", "v1").unwrap();
        assert_eq!(apps["apiVersion"], "v1");
        assert_eq!(apps["groupVersion"], "apps/v1");
        let scale = entry(&apps, "deployments/scale");
        assert_eq!(
            (&scale["group"], &scale["version"]),
            (&json!("autoscaling"), &json!("v1"))
        );
    }

    #[test]
    fn unserved_group_versions_have_no_list() {
        assert!(api_resource_list("apps", "v1beta1").is_none());
        assert!(api_resource_list("", "v2").is_none());
        assert!(api_resource_list("extensions", "v1beta1").is_none());
    }

    fn aggregated_resources(doc: &Value) -> Vec<&Value> {
        doc["items"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["versions"].as_array().unwrap())
            .flat_map(|v| v["resources"].as_array().unwrap())
            .collect()
    }

    #[test]
    fn aggregated_entries_all_carry_response_kind() {
        for core in [true, false] {
            let doc = aggregated_discovery(core, AggregatedVersion::V2);
            let resources = aggregated_resources(&doc);
            assert!(!resources.is_empty());
            for r in resources {
                for (what, kind) in std::iter::once((r["resource"].to_string(), &r["responseKind"]))
                    .chain(
                        r["subresources"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|s| (s["subresource"].to_string(), &s["responseKind"])),
                    )
                {
                    assert!(
                        kind["group"].is_string() && kind["version"].is_string(),
                        "{what}"
                    );
                    assert!(!kind["kind"].as_str().unwrap().is_empty(), "{what}");
                }
                assert!(r["scope"] == "Namespaced" || r["scope"] == "Cluster");
                assert!(!r["verbs"].as_array().unwrap().is_empty());
            }
        }
    }

    #[test]
    fn aggregated_core_is_one_unnamed_group() {
        let doc = aggregated_discovery(true, AggregatedVersion::V2);
        assert_eq!(doc["kind"], "APIGroupDiscoveryList");
        assert_eq!(doc["apiVersion"], "apidiscovery.k8s.io/v2");
        let items = doc["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert!(items[0]["metadata"].get("name").is_none());
        let v1 = &items[0]["versions"][0];
        assert_eq!(
            (&v1["version"], &v1["freshness"]),
            (&json!("v1"), &json!("Current"))
        );

        let pods = v1["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["resource"] == "pods")
            .unwrap();
        assert_eq!(
            pods["responseKind"],
            json!({"group": "", "version": "", "kind": "Pod"})
        );
        assert_eq!(
            (&pods["scope"], &pods["singularResource"]),
            (&json!("Namespaced"), &json!("pod"))
        );
        assert_eq!(
            (&pods["shortNames"], &pods["categories"]),
            (&json!(["po"]), &json!(["all"]))
        );
        let eviction = pods["subresources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["subresource"] == "eviction")
            .unwrap();
        assert_eq!(
            eviction["responseKind"],
            json!({"group": "policy", "version": "v1", "kind": "Eviction"})
        );
        assert_eq!(eviction["verbs"], json!(["create"]));
    }

    #[test]
    fn aggregated_groups_follow_discovery_order_with_preferred_versions_first() {
        let doc = aggregated_discovery(false, AggregatedVersion::V2Beta1);
        assert_eq!(doc["apiVersion"], "apidiscovery.k8s.io/v2beta1");
        let items = doc["items"].as_array().unwrap();
        let names: Vec<_> = items
            .iter()
            .map(|g| g["metadata"]["name"].as_str().unwrap())
            .collect();
        let expected: Vec<_> = groups().iter().map(|g| g.name).collect();
        assert_eq!(names, expected);
        let autoscaling = items
            .iter()
            .find(|g| g["metadata"]["name"] == "autoscaling")
            .unwrap();
        let versions: Vec<_> = autoscaling["versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["version"].clone())
            .collect();
        assert_eq!(versions, [json!("v2"), json!("v1")]);
        for v in items.iter().flat_map(|g| g["versions"].as_array().unwrap()) {
            assert_eq!(v["freshness"], "Current");
        }
        let deployments = aggregated_resources(&doc)
            .into_iter()
            .find(|r| r["resource"] == "deployments")
            .unwrap()
            .clone();
        let scale = &deployments["subresources"][0];
        assert_eq!(scale["subresource"], "scale");
        assert_eq!(
            scale["responseKind"],
            json!({"group": "autoscaling", "version": "v1", "kind": "Scale"})
        );
    }

    #[test]
    fn aggregated_and_legacy_documents_agree() {
        for g in std::iter::once("").chain(groups().iter().map(|g| g.name)) {
            let doc = aggregated_discovery(g.is_empty(), AggregatedVersion::V2);
            let item = doc["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["metadata"].get("name").map_or(g.is_empty(), |n| n == g))
                .unwrap();
            for v in item["versions"].as_array().unwrap() {
                let list = api_resource_list(g, v["version"].as_str().unwrap()).unwrap();
                for r in v["resources"].as_array().unwrap() {
                    let legacy = entry(&list, r["resource"].as_str().unwrap());
                    assert_eq!(legacy["kind"], r["responseKind"]["kind"]);
                    assert_eq!(legacy["verbs"], r["verbs"]);
                    assert_eq!(legacy["namespaced"], r["scope"] == "Namespaced");
                    for s in r["subresources"].as_array().into_iter().flatten() {
                        let sub = entry(
                            &list,
                            &format!(
                                "{}/{}",
                                r["resource"].as_str().unwrap(),
                                s["subresource"].as_str().unwrap()
                            ),
                        );
                        assert_eq!(sub["verbs"], s["verbs"]);
                        assert_eq!(sub["kind"], s["responseKind"]["kind"]);
                    }
                }
            }
        }
    }
}
