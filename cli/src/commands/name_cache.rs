//! Instant name completion (issue 10): the names of one resource in one namespace of one
//! context, kept on disk under `<cache>/rkctl-names/<server>/<context>/<namespace>/<resource>`
//! (one name a line). A completion answers from that file without the network; when the file
//! is older than [`FRESH`] a detached child (`rkctl __complete-refresh`) lists the names again
//! and replaces the file, so an object created after the cache filled shows up within a few
//! seconds. Only a cold cache (no file yet) waits for the server, for at most [`COLD_WAIT`].

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::client::{Ctx, with_query};
use crate::discovery::{ApiResource, safe_host};
use crate::error::Result;

/// A cache younger than this is answered without starting a refresh.
pub const FRESH: Duration = Duration::from_secs(2);
/// How long a completion with no cache at all waits for the server.
pub const COLD_WAIT: Duration = Duration::from_millis(1500);
/// A refresh marker older than this is taken as left over from a crashed refresh.
const STALE_MARKER: Duration = Duration::from_secs(15);

/// The cache file of one resource's names.
pub fn path(
    ctx: &Ctx,
    context: &str,
    resource: &ApiResource,
    namespace: Option<&str>,
) -> Option<PathBuf> {
    let base = ctx
        .flags
        .cache_dir
        .clone()
        .or_else(|| crate::kubeconfig::home().map(|h| h.join(".kube").join("cache")))?;
    Some(
        base.join("rkctl-names")
            .join(safe_host(&ctx.host_port()))
            .join(safe_host(context))
            .join(namespace.unwrap_or("_cluster"))
            .join(safe_host(&resource.qualified_plural())),
    )
}

/// The names in the cache file and its age; `None` when there is no file.
pub fn read(file: &Path) -> Option<(Vec<String>, Duration)> {
    let meta = std::fs::metadata(file).ok()?;
    let age = meta
        .modified()
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .unwrap_or_default();
    let text = std::fs::read_to_string(file).ok()?;
    Some((text.lines().map(str::to_string).collect(), age))
}

/// Replaces the cache file (write, then rename: readers never see half a file).
pub fn write(file: &Path, names: &[String]) {
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let mut text = names.join("\n");
    text.push('\n');
    let tmp = sibling(file, &format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, text).is_ok() {
        let _ = std::fs::rename(&tmp, file);
    }
}

/// Lists the names from the server, page by page.
pub async fn fetch(
    ctx: &Ctx,
    resource: &ApiResource,
    namespace: Option<&str>,
) -> Result<Vec<String>> {
    let ns = if resource.namespaced { namespace } else { None };
    let mut names = Vec::new();
    let mut next = String::new();
    loop {
        let mut params = vec![("limit", "2000".to_string())];
        if !next.is_empty() {
            params.push(("continue", next.clone()));
        }
        let list = ctx
            .get_json(
                &with_query(&resource.collection_path(ns), &params),
                "application/json",
            )
            .await?;
        for item in list["items"].as_array().into_iter().flatten() {
            if let Some(n) = item["metadata"]["name"].as_str() {
                names.push(n.to_string());
            }
        }
        next = list["metadata"]["continue"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if next.is_empty() {
            break;
        }
    }
    names.sort();
    Ok(names)
}

/// The names to complete: from the cache (refreshed in the background when not fresh), or —
/// with no cache yet — from the server within [`COLD_WAIT`].
pub async fn names(
    ctx: &Ctx,
    context: &str,
    resource: &ApiResource,
    namespace: Option<&str>,
    refresh_args: &[String],
) -> Vec<String> {
    let ns = if resource.namespaced { namespace } else { None };
    let Some(file) = path(ctx, context, resource, ns) else {
        return fetch(ctx, resource, ns).await.unwrap_or_default();
    };
    if let Some((names, age)) = read(&file) {
        if age >= FRESH {
            spawn_refresh(&file, refresh_args);
        }
        return names;
    }
    match tokio::time::timeout(COLD_WAIT, fetch(ctx, resource, ns)).await {
        Ok(Ok(names)) => {
            write(&file, &names);
            names
        }
        _ => {
            spawn_refresh(&file, refresh_args);
            Vec::new()
        }
    }
}

/// `FILE.suffix` beside `FILE` (resource names such as `deployments.apps` have dots).
fn sibling(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Starts `rkctl … __complete-refresh …` (`refresh_args`) detached (own process group, no stdio), once at a time
/// per cache file; this process does not wait for it.
fn spawn_refresh(file: &Path, refresh_args: &[String]) {
    use std::os::unix::process::CommandExt;
    let marker = sibling(file, "refreshing");
    let stale = read(&marker).is_some_and(|(_, age)| age > STALE_MARKER);
    if stale {
        let _ = std::fs::remove_file(&marker);
    }
    if let Some(dir) = marker.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&marker)
        .is_err()
    {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        let _ = std::fs::remove_file(&marker);
        return;
    };
    let spawned = std::process::Command::new(exe)
        .args(refresh_args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .process_group(0)
        .spawn();
    if spawned.is_err() {
        let _ = std::fs::remove_file(&marker);
    }
}

/// The detached child's work: list, replace the cache file, drop the marker.
pub async fn refresh(ctx: &Ctx, context: &str, resource: &ApiResource, namespace: Option<&str>) {
    let ns = if resource.namespaced { namespace } else { None };
    let Some(file) = path(ctx, context, resource, ns) else {
        return;
    };
    if let Ok(Ok(names)) =
        tokio::time::timeout(Duration::from_secs(10), fetch(ctx, resource, ns)).await
    {
        write(&file, &names);
    }
    let _ = std::fs::remove_file(sibling(&file, "refreshing"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_file_round_trips_names_and_reports_its_age() {
        let dir = std::env::temp_dir().join(format!("rkctl-names-test-{}", std::process::id()));
        let file = dir.join("a/b/pods");
        assert!(read(&file).is_none());
        write(&file, &["p1".into(), "p2".into()]);
        let (names, age) = read(&file).unwrap();
        assert_eq!(names, ["p1", "p2"]);
        assert!(age < Duration::from_secs(60));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
