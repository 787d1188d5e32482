//! Discovery: which resources the server has, resolved from what users type (`po`, `pods`,
//! `pod`, `Pod`, `deployments.apps`, `deploy.v1.apps`), cached on disk like kubectl's
//! (`~/.kube/cache/discovery/<host_port>/`) and refreshed in the background when older than
//! [`REFRESH_AFTER`]; a name missing from the cache forces one synchronous refresh.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::Ctx;
use crate::error::{Error, Result};

/// Aggregated discovery (v2, then v2beta1), falling back to the legacy documents.
const ACCEPT_AGGREGATED: &str = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
/// A cache older than this is used, and refreshed in the background for the next command.
pub const REFRESH_AFTER: Duration = Duration::from_secs(5 * 60);
/// A cache older than this is not trusted at all (kubectl's 6 hours).
const TRUST_FOR: Duration = Duration::from_secs(6 * 3600);
const CACHE_FILE: &str = "rkctl-resources.json";

/// One resource of one group version.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ApiResource {
    pub group: String,
    pub version: String,
    /// The plural (`deployments`).
    pub resource: String,
    pub singular: String,
    pub kind: String,
    pub namespaced: bool,
    #[serde(default)]
    pub verbs: Vec<String>,
    #[serde(default)]
    pub short_names: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    /// True for the group's preferred version.
    #[serde(default)]
    pub preferred: bool,
}

impl ApiResource {
    /// `apps/v1` or `v1`.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// The collection path, in `namespace` when the resource is namespaced and one is given.
    pub fn collection_path(&self, namespace: Option<&str>) -> String {
        let base = if self.group.is_empty() {
            format!("/api/{}", self.version)
        } else {
            format!("/apis/{}/{}", self.group, self.version)
        };
        match namespace {
            Some(ns) if self.namespaced => format!("{base}/namespaces/{ns}/{}", self.resource),
            _ => format!("{base}/{}", self.resource),
        }
    }

    /// One object's path.
    pub fn object_path(&self, namespace: Option<&str>, name: &str) -> String {
        format!(
            "{}/{}",
            self.collection_path(namespace),
            crate::client::encode(name)
        )
    }

    /// `pods` or `deployments.apps` (kubectl's names in messages).
    pub fn qualified_plural(&self) -> String {
        if self.group.is_empty() {
            self.resource.clone()
        } else {
            format!("{}.{}", self.resource, self.group)
        }
    }

    /// `pod` or `deployment.apps` (the `-o name` prefix).
    pub fn kind_prefix(&self) -> String {
        let kind = self.kind.to_lowercase();
        if self.group.is_empty() {
            kind
        } else {
            format!("{kind}.{}", self.group)
        }
    }

    fn is_subresource(&self) -> bool {
        self.resource.contains('/')
    }
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    /// Seconds since the epoch when fetched.
    fetched: u64,
    resources: Vec<ApiResource>,
}

/// The server's resources, from the cache or the server.
pub struct Discovery {
    pub resources: Vec<ApiResource>,
    fresh: bool,
    refresh: Option<tokio::task::JoinHandle<()>>,
}

impl Discovery {
    /// Loads from the cache when it is recent enough, else from the server.
    pub async fn load(ctx: &Ctx) -> Result<Discovery> {
        let path = cache_path(ctx);
        if let Some((age, resources)) = path.as_ref().and_then(read_cache)
            && age < TRUST_FOR
        {
            let mut refresh = None;
            if age > REFRESH_AFTER {
                let client = ctx.client.clone();
                let path = path.clone();
                refresh = Some(tokio::spawn(async move {
                    if let Ok(resources) = fetch(&client).await
                        && let Some(p) = path
                    {
                        write_cache(&p, &resources);
                    }
                }));
            }
            return Ok(Discovery {
                resources,
                fresh: false,
                refresh,
            });
        }
        let resources = fetch(&ctx.client).await?;
        if let Some(p) = &path {
            write_cache(p, &resources);
        }
        Ok(Discovery {
            resources,
            fresh: true,
            refresh: None,
        })
    }

    /// Waits (briefly) for a background refresh so the next command finds a fresh cache.
    pub async fn finish(self) {
        if let Some(handle) = self.refresh {
            let _ = tokio::time::timeout(Duration::from_secs(2), handle).await;
        }
    }

    /// Resolves a type as typed by a user, refreshing once from the server when unknown.
    pub async fn resolve(&mut self, ctx: &Ctx, typed: &str) -> Result<ApiResource> {
        if let Some(r) = resolve_in(&self.resources, typed) {
            return Ok(r);
        }
        if !self.fresh {
            self.resources = fetch(&ctx.client).await?;
            self.fresh = true;
            if let Some(p) = cache_path(ctx) {
                write_cache(&p, &self.resources);
            }
            if let Some(r) = resolve_in(&self.resources, typed) {
                return Ok(r);
            }
        }
        Err(Error::UnknownResource(typed.to_string()))
    }

    /// The resource serving `apiVersion`/`kind` (as a manifest names it).
    pub async fn for_kind(
        &mut self,
        ctx: &Ctx,
        api_version: &str,
        kind: &str,
    ) -> Result<ApiResource> {
        let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
        let find = |all: &[ApiResource]| {
            all.iter()
                .find(|r| {
                    r.group == group
                        && r.version == version
                        && r.kind == kind
                        && !r.is_subresource()
                })
                .cloned()
        };
        if let Some(r) = find(&self.resources) {
            return Ok(r);
        }
        if !self.fresh {
            self.resources = fetch(&ctx.client).await?;
            self.fresh = true;
            if let Some(p) = cache_path(ctx) {
                write_cache(&p, &self.resources);
            }
            if let Some(r) = find(&self.resources) {
                return Ok(r);
            }
        }
        Err(Error::Usage(format!(
            "resource mapping not found for name: \"\" namespace: \"\" from \"\": no matches for kind \"{kind}\" in version \"{api_version}\"\nensure CRDs are installed first"
        )))
    }

    /// Every preferred-version resource in a category (`all`), in discovery order.
    pub fn category(&self, category: &str) -> Vec<ApiResource> {
        self.resources
            .iter()
            .filter(|r| r.preferred && r.categories.iter().any(|c| c == category))
            .cloned()
            .collect()
    }
}

/// kubectl's RESTMapper rules, in discovery order so the core group wins (`events`).
pub fn resolve_in(resources: &[ApiResource], typed: &str) -> Option<ApiResource> {
    let typed_lower = typed.to_lowercase();
    let matches = |r: &ApiResource, name: &str| {
        r.resource == name
            || r.singular == name
            || r.kind.to_lowercase() == name
            || r.short_names.iter().any(|s| s == name)
    };
    let candidates = resources.iter().filter(|r| !r.is_subresource());
    // Exact name, preferred version first.
    let plain: Vec<&ApiResource> = candidates
        .clone()
        .filter(|r| matches(r, &typed_lower))
        .collect();
    if let Some(r) = plain.iter().find(|r| r.preferred).or(plain.first()) {
        if r.short_names.contains(&typed_lower)
            && let Some(other) = plain.iter().find(|o| o.group != r.group)
        {
            eprintln!(
                "Warning: short name \"{typed}\" could also match lower priority resource {}",
                other.qualified_plural()
            );
        }
        return Some((*r).clone());
    }
    // `name.group` or `name.version.group`.
    let (name, rest) = typed_lower.split_once('.')?;
    let by_group: Vec<&ApiResource> = candidates
        .clone()
        .filter(|r| r.group == rest && matches(r, name))
        .collect();
    if let Some(r) = by_group.iter().find(|r| r.preferred).or(by_group.first()) {
        return Some((*r).clone());
    }
    let (version, group) = rest.split_once('.')?;
    candidates
        .filter(|r| r.group == group && r.version == version && matches(r, name))
        .find(|_| true)
        .cloned()
}

fn cache_path(ctx: &Ctx) -> Option<PathBuf> {
    let base = ctx
        .flags
        .cache_dir
        .clone()
        .or_else(|| crate::kubeconfig::home().map(|h| h.join(".kube").join("cache")))?;
    Some(
        base.join("discovery")
            .join(safe_host(&ctx.host_port()))
            .join(CACHE_FILE),
    )
}

/// kubectl's folder name for a server: characters outside `[\w/.()]` become `_`.
pub fn safe_host(host_port: &str) -> String {
    host_port
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_/.()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn read_cache(path: &PathBuf) -> Option<(Duration, Vec<ApiResource>)> {
    let text = std::fs::read(path).ok()?;
    let file: CacheFile = serde_json::from_slice(&text).ok()?;
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some((
        Duration::from_secs(now.saturating_sub(file.fetched)),
        file.resources,
    ))
}

fn write_cache(path: &PathBuf, resources: &[ApiResource]) {
    let fetched = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let file = CacheFile {
        fetched,
        resources: resources.to_vec(),
    };
    let Ok(bytes) = serde_json::to_vec(&file) else {
        return;
    };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    // Write then rename, so a concurrent reader never sees half a file.
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() {
        let _ = std::fs::rename(&tmp, path);
    }
}

/// Fetches every resource: aggregated `/api` + `/apis` when served, else the legacy documents.
pub async fn fetch(client: &kube::Client) -> Result<Vec<ApiResource>> {
    let (core, groups) = futures::try_join!(
        get_json(client, "/api", ACCEPT_AGGREGATED),
        get_json(client, "/apis", ACCEPT_AGGREGATED)
    )?;
    let mut out = Vec::new();
    if core["kind"] == "APIGroupDiscoveryList" && groups["kind"] == "APIGroupDiscoveryList" {
        for doc in [&core, &groups] {
            read_aggregated(doc, &mut out);
        }
        return Ok(out);
    }
    // Legacy: /api/v1 and /apis/<group>/<version> for each served version.
    let mut paths: Vec<(String, String, String, bool)> = Vec::new();
    for v in core["versions"].as_array().into_iter().flatten() {
        if let Some(v) = v.as_str() {
            paths.push((format!("/api/{v}"), String::new(), v.to_string(), true));
        }
    }
    for g in groups["groups"].as_array().into_iter().flatten() {
        let name = g["name"].as_str().unwrap_or_default();
        let preferred = g["preferredVersion"]["version"]
            .as_str()
            .unwrap_or_default();
        for v in g["versions"].as_array().into_iter().flatten() {
            let version = v["version"].as_str().unwrap_or_default();
            paths.push((
                format!("/apis/{name}/{version}"),
                name.to_string(),
                version.to_string(),
                version == preferred,
            ));
        }
    }
    let docs = futures::future::join_all(
        paths
            .iter()
            .map(|(p, ..)| get_json(client, p, "application/json")),
    )
    .await;
    for ((_, group, version, preferred), doc) in paths.iter().zip(docs) {
        let Ok(doc) = doc else { continue };
        for r in doc["resources"].as_array().into_iter().flatten() {
            out.push(ApiResource {
                group: group.clone(),
                version: version.clone(),
                resource: str_of(&r["name"]),
                singular: str_of(&r["singularName"]),
                kind: str_of(&r["kind"]),
                namespaced: r["namespaced"].as_bool().unwrap_or(false),
                verbs: strings(&r["verbs"]),
                short_names: strings(&r["shortNames"]),
                categories: strings(&r["categories"]),
                preferred: *preferred,
            });
        }
    }
    Ok(out)
}

fn read_aggregated(doc: &Value, out: &mut Vec<ApiResource>) {
    for group in doc["items"].as_array().into_iter().flatten() {
        let name = group["metadata"]["name"].as_str().unwrap_or_default();
        for (i, version) in group["versions"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let v = version["version"].as_str().unwrap_or_default();
            for r in version["resources"].as_array().into_iter().flatten() {
                let kind = str_of(&r["responseKind"]["kind"]);
                let resource = str_of(&r["resource"]);
                out.push(ApiResource {
                    group: name.to_string(),
                    version: v.to_string(),
                    singular: match r["singularResource"].as_str() {
                        Some(s) if !s.is_empty() => s.to_string(),
                        _ => kind.to_lowercase(),
                    },
                    resource,
                    kind,
                    namespaced: r["scope"] == "Namespaced",
                    verbs: strings(&r["verbs"]),
                    short_names: strings(&r["shortNames"]),
                    categories: strings(&r["categories"]),
                    preferred: i == 0,
                });
            }
        }
    }
}

async fn get_json(client: &kube::Client, path: &str, accept: &str) -> Result<Value> {
    let request = http::Request::builder()
        .uri(path)
        .header(http::header::ACCEPT, accept)
        .body(Vec::new())
        .map_err(|e| Error::Usage(e.to_string()))?;
    let text = client.request_text(request).await?;
    serde_json::from_str(&text).map_err(|e| Error::Decode(e.to_string()))
}

fn str_of(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(group: &str, version: &str, plural: &str, kind: &str, short: &[&str]) -> ApiResource {
        ApiResource {
            group: group.into(),
            version: version.into(),
            resource: plural.into(),
            singular: kind.to_lowercase(),
            kind: kind.into(),
            namespaced: true,
            verbs: vec![],
            short_names: short.iter().map(|s| s.to_string()).collect(),
            categories: vec![],
            preferred: true,
        }
    }

    #[test]
    fn short_singular_kind_and_group_qualified_names_resolve() {
        let all = vec![
            res("", "v1", "pods", "Pod", &["po"]),
            res("", "v1", "events", "Event", &["ev"]),
            res("apps", "v1", "deployments", "Deployment", &["deploy"]),
            res("events.k8s.io", "v1", "events", "Event", &["ev"]),
        ];
        for typed in ["po", "pod", "pods", "Pod"] {
            assert_eq!(resolve_in(&all, typed).unwrap().resource, "pods");
        }
        assert_eq!(resolve_in(&all, "deployments.apps").unwrap().group, "apps");
        assert_eq!(resolve_in(&all, "deploy.v1.apps").unwrap().group, "apps");
        assert_eq!(resolve_in(&all, "events").unwrap().group, "");
        assert_eq!(
            resolve_in(&all, "events.events.k8s.io").unwrap().group,
            "events.k8s.io"
        );
        assert!(resolve_in(&all, "bogus").is_none());
    }

    #[test]
    fn cache_folder_is_named_like_kubectls() {
        assert_eq!(safe_host("127.0.0.1:6443"), "127.0.0.1_6443");
    }
}
