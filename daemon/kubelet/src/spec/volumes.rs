//! Pod volumes on the host, as kubelet's volume plugins lay them out:
//! `<pod_root>/<uid>/volumes/kubernetes.io~<plugin>/<name>`.
//!
//! - emptyDir: a directory; `medium: Memory` mounts a tmpfs on it (when the agent may mount;
//!   `sizeLimit` is not enforced);
//! - hostPath: the host path itself, after kubelet's `type` checks (DirectoryOrCreate and
//!   FileOrCreate create it);
//! - configMap, secret, downwardAPI, projected (configMap, secret, downwardAPI and
//!   serviceAccountToken sources): files written kubelet's atomic way — a timestamped
//!   `..<time>` directory, a `..data` symlink swapped to it by rename, and one symlink per top
//!   entry into `..data` — so running containers see updates. Secret volumes (and projected
//!   ones, which carry tokens) get a tmpfs when the agent may mount, else a plain directory.
//!
//! Mounts for a container follow its `volumeMounts` (`subPath` resolved under the volume,
//! `readOnly`; configMap/secret/downwardAPI/projected volumes are always read-only). Everything
//! under `<pod_root>/<uid>` (tmpfs mounts first) is removed after the pod's sandbox is.

use std::collections::{BTreeMap, HashMap};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Component, Path, PathBuf};

use serde_json::{Value, json};

use crate::pod::{ContainerSpec, Pod};
use crate::runtime::Mount;
use crate::spec::env::{self, NodeFacts, Objects};
use crate::worker::PodApi;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Source(#[from] env::Error),
    #[error("hostPath type check failed: {path} is not a {what}")]
    HostPathType { path: String, what: &'static str },
    #[error("{op} {path}: {source}")]
    Io {
        op: &'static str,
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("requesting a token for service account {name:?}: {source}")]
    Token {
        name: String,
        #[source]
        source: crate::client::Error,
    },
    #[error("unable to find volume {0:?} referenced by a volumeMount")]
    UnknownVolume(String),
    #[error("invalid subPath {0:?}: must be a relative path without '..'")]
    SubPath(String),
    #[error("volume type not supported by rk yet")]
    Unsupported,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn io<'a>(op: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |source| Error::Io {
        op,
        path: path.display().to_string(),
        source,
    }
}

/// A volume ready on the host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    pub host_path: PathBuf,
    /// configMap, secret, downwardAPI and projected volumes are mounted read-only.
    pub read_only: bool,
}

/// A service account token held by a pod's projected volume, refreshed at 80% of its life.
#[derive(Clone, Debug)]
pub struct Token {
    pub token: String,
    pub fetched_at: i64,
    pub expires_at: i64,
}

/// What the worker keeps between syncs.
#[derive(Default, Debug)]
pub struct VolumeState {
    pub prepared: HashMap<String, Prepared>,
    pub tokens: HashMap<String, Token>,
}

/// What a volume's files come from besides the API.
pub struct Sources<'a, A> {
    pub api: &'a A,
    pub facts: &'a NodeFacts<'a>,
    /// The cluster CA, for `kube-root-ca.crt` when no controller publishes that ConfigMap.
    pub cluster_ca: &'a str,
    pub now: i64,
    /// Mount tmpfs for memory emptyDirs, secrets and projected volumes (off in unit tests,
    /// which must not leave mounts behind).
    pub tmpfs: bool,
}

/// The pod's directory.
pub fn pod_dir(root: &Path, uid: &str) -> PathBuf {
    root.join(uid)
}

fn plugin_dir(root: &Path, uid: &str, plugin: &str, name: &str) -> PathBuf {
    pod_dir(root, uid)
        .join("volumes")
        .join(format!("kubernetes.io~{plugin}"))
        .join(name)
}

/// Mounts a tmpfs on `dir` unless one is there; false when the agent may not mount.
fn tmpfs(dir: &Path) -> bool {
    if is_mount_point(dir) {
        return true;
    }
    std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "mode=0755", "tmpfs"])
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn mounts_under(dir: &Path) -> Vec<PathBuf> {
    let text = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    let mut found: Vec<PathBuf> = text
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .map(|p| PathBuf::from(p.replace("\\040", " ")))
        .filter(|p| p.starts_with(dir))
        .collect();
    found.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    found
}

fn is_mount_point(dir: &Path) -> bool {
    mounts_under(dir).iter().any(|p| p == dir)
}

/// Unmounts and removes everything of the pod (after its sandbox is gone).
pub fn cleanup(root: &Path, uid: &str) -> Result<()> {
    let dir = pod_dir(root, uid);
    for m in mounts_under(&dir) {
        let _ = std::process::Command::new("umount").arg(&m).status();
    }
    match std::fs::remove_dir_all(&dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io("removing", &dir)(e)),
        _ => Ok(()),
    }
}

/// Removes the volume directories of pods not in `live` (pods deleted while the agent was
/// down). Only directories named as uids are considered (log directories share the root).
pub fn sweep(root: &Path, live: &std::collections::HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let is_uid = !name.is_empty() && name.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        if is_uid
            && !live.contains(&name)
            && e.path().join("volumes").is_dir()
            && let Err(err) = cleanup(root, &name)
        {
            tracing::warn!(error = %err, "removing an orphaned pod's volumes");
        }
    }
}

fn check_host_path(path: &Path, kind: &str) -> Result<()> {
    let meta = std::fs::metadata(path);
    let is = |what: &'static str, ok: bool| {
        if ok {
            Ok(())
        } else {
            Err(Error::HostPathType {
                path: path.display().to_string(),
                what,
            })
        }
    };
    match kind {
        "DirectoryOrCreate" => {
            if meta.is_err() {
                std::fs::create_dir_all(path).map_err(io("creating", path))?;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
                    .map_err(io("chmod", path))?;
            }
            is(
                "directory",
                std::fs::metadata(path).is_ok_and(|m| m.is_dir()),
            )
        }
        "FileOrCreate" => {
            if meta.is_err() {
                std::fs::write(path, b"").map_err(io("creating", path))?;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
                    .map_err(io("chmod", path))?;
            }
            is("file", std::fs::metadata(path).is_ok_and(|m| m.is_file()))
        }
        "Directory" => is("directory", meta.is_ok_and(|m| m.is_dir())),
        "File" => is("file", meta.is_ok_and(|m| m.is_file())),
        "Socket" => is("socket file", meta.is_ok_and(|m| m.file_type().is_socket())),
        "CharDevice" => is(
            "character device",
            meta.is_ok_and(|m| m.file_type().is_char_device()),
        ),
        "BlockDevice" => is(
            "block device",
            meta.is_ok_and(|m| m.file_type().is_block_device()),
        ),
        _ => Ok(()),
    }
}

/// One file of an atomic-writer volume: relative path → (content, mode).
pub type Payload = BTreeMap<String, (Vec<u8>, u32)>;

fn mode_of(v: Option<&Value>, default: u32) -> u32 {
    v.and_then(Value::as_i64)
        .map_or(default, |m| m as u32 & 0o7777)
}

/// Keys → files: every key, or only `items` (key → path, with its mode).
#[allow(clippy::too_many_arguments)]
fn project(
    payload: &mut Payload,
    data: &BTreeMap<String, String>,
    items: Option<&Value>,
    mode: u32,
    kind: &'static str,
    namespace: &str,
    name: &str,
    optional: bool,
) -> Result<()> {
    match items.and_then(Value::as_array).filter(|a| !a.is_empty()) {
        None => {
            for (k, v) in data {
                payload.insert(k.clone(), (v.clone().into_bytes(), mode));
            }
        }
        Some(items) => {
            for it in items {
                let key = it.get("key").and_then(Value::as_str).unwrap_or("");
                let path = it.get("path").and_then(Value::as_str).unwrap_or(key);
                match data.get(key) {
                    Some(v) => {
                        payload.insert(
                            path.to_string(),
                            (v.clone().into_bytes(), mode_of(it.get("mode"), mode)),
                        );
                    }
                    None if optional => {}
                    None => {
                        return Err(env::Error::MissingKey {
                            key: key.into(),
                            kind,
                            namespace: namespace.into(),
                            name: name.into(),
                        }
                        .into());
                    }
                }
            }
        }
    }
    Ok(())
}

fn downward_items(
    payload: &mut Payload,
    pod: &Pod,
    facts: &NodeFacts<'_>,
    items: Option<&Value>,
    mode: u32,
) -> Result<()> {
    for it in items.and_then(Value::as_array).into_iter().flatten() {
        let path = it.get("path").and_then(Value::as_str).unwrap_or("");
        let value = if let Some(f) = it.pointer("/fieldRef/fieldPath").and_then(Value::as_str) {
            env::field_value(pod, facts, f)?
        } else if let Some(r) = it.get("resourceFieldRef") {
            env::resource_value(pod, facts, "", r)?
        } else {
            continue;
        };
        payload.insert(
            path.to_string(),
            (value.into_bytes(), mode_of(it.get("mode"), mode)),
        );
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn object_payload<A: PodApi>(
    payload: &mut Payload,
    objects: &mut Objects<'_, A>,
    plural: &'static str,
    source: &Value,
    name_field: &str,
    mode: u32,
    pod: &Pod,
    cluster_ca: &str,
) -> Result<()> {
    let name = source.get(name_field).and_then(Value::as_str).unwrap_or("");
    let optional = source
        .get("optional")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let kind = if plural == "secrets" {
        "Secret"
    } else {
        "ConfigMap"
    };
    let data = match objects.data(plural, name).await? {
        Some(d) => d,
        // No controller publishes kube-root-ca.crt yet: the node knows the cluster CA.
        None if plural == "configmaps" && name == "kube-root-ca.crt" && !cluster_ca.is_empty() => {
            BTreeMap::from([("ca.crt".to_string(), cluster_ca.to_string())])
        }
        None if optional => return Ok(()),
        None => {
            return Err(env::Error::NotFound {
                kind: if plural == "secrets" {
                    "secret"
                } else {
                    "configmap"
                },
                name: name.into(),
            }
            .into());
        }
    };
    project(
        payload,
        &data,
        source.get("items"),
        mode,
        kind,
        &pod.namespace,
        name,
        optional,
    )
}

/// Requests (or reuses) the token of a serviceAccountToken projection.
async fn token<A: PodApi>(
    src: &Sources<'_, A>,
    state: &mut VolumeState,
    pod: &Pod,
    key: &str,
    t: &Value,
) -> Result<String> {
    if let Some(held) = state.tokens.get(key)
        && src.now < held.fetched_at + (held.expires_at - held.fetched_at) * 8 / 10
    {
        return Ok(held.token.clone());
    }
    let sa = pod
        .extra
        .as_deref()
        .map_or("default", |e| e.service_account.as_str());
    let expiration = t
        .get("expirationSeconds")
        .and_then(Value::as_i64)
        .unwrap_or(3607);
    let mut spec = json!({"expirationSeconds": expiration,
        "boundObjectRef": {"kind": "Pod", "apiVersion": "v1", "name": pod.name, "uid": pod.uid}});
    if let Some(aud) = t
        .get("audience")
        .and_then(Value::as_str)
        .filter(|a| !a.is_empty())
    {
        spec["audiences"] = json!([aud]);
    }
    let body =
        json!({"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": spec});
    let path = format!(
        "/api/v1/namespaces/{}/serviceaccounts/{sa}/token",
        pod.namespace
    );
    let answer = src
        .api
        .create_object(&path, &body)
        .await
        .map_err(|source| Error::Token {
            name: sa.into(),
            source,
        })?;
    let token = answer
        .pointer("/status/token")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let expires_at = answer
        .pointer("/status/expirationTimestamp")
        .and_then(Value::as_str)
        .and_then(crate::time::parse_rfc3339)
        .unwrap_or(src.now + expiration);
    state.tokens.insert(
        key.to_string(),
        Token {
            token: token.clone(),
            fetched_at: src.now,
            expires_at,
        },
    );
    Ok(token)
}

/// Writes `payload` into `dir` kubelet's atomic way; does nothing when it is already there.
pub fn write_atomic(dir: &Path, payload: &Payload, stamp: &str) -> Result<()> {
    let data = dir.join("..data");
    if let Ok(current) = std::fs::read_link(&data)
        && read_payload(&dir.join(&current)).as_ref() == Some(payload)
    {
        return Ok(());
    }
    let old = std::fs::read_link(&data).ok();
    let ts = dir.join(format!("..{stamp}"));
    let _ = std::fs::remove_dir_all(&ts);
    std::fs::create_dir_all(&ts).map_err(io("creating", &ts))?;
    for (rel, (bytes, mode)) in payload {
        let file = ts.join(rel);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(io("creating", parent))?;
        }
        std::fs::write(&file, bytes).map_err(io("writing", &file))?;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(*mode))
            .map_err(io("chmod", &file))?;
    }
    let tmp = dir.join("..data_tmp");
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(format!("..{stamp}"), &tmp).map_err(io("linking", &tmp))?;
    std::fs::rename(&tmp, &data).map_err(io("renaming", &data))?;
    // One user-visible link per top-level entry; links of entries gone are removed.
    let tops: std::collections::BTreeSet<String> = payload
        .keys()
        .filter_map(|k| k.split('/').next().map(str::to_string))
        .collect();
    for top in &tops {
        let link = dir.join(top);
        if std::fs::symlink_metadata(&link).is_err() {
            std::os::unix::fs::symlink(format!("..data/{top}"), &link)
                .map_err(io("linking", &link))?;
        }
    }
    for entry in std::fs::read_dir(dir)
        .map_err(io("reading", dir))?
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("..") && !tops.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    if let Some(old) = old.filter(|o| o != Path::new(&format!("..{stamp}"))) {
        let _ = std::fs::remove_dir_all(dir.join(old));
    }
    Ok(())
}

fn read_payload(dir: &Path) -> Option<Payload> {
    fn walk(base: &Path, dir: &Path, out: &mut Payload) -> Option<()> {
        for e in std::fs::read_dir(dir).ok()?.flatten() {
            let path = e.path();
            let meta = e.metadata().ok()?;
            if meta.is_dir() {
                walk(base, &path, out)?;
            } else {
                let rel = path.strip_prefix(base).ok()?.to_string_lossy().into_owned();
                out.insert(
                    rel,
                    (
                        std::fs::read(&path).ok()?,
                        meta.permissions().mode() & 0o7777,
                    ),
                );
            }
        }
        Some(())
    }
    let mut out = Payload::new();
    walk(dir, dir, &mut out)?;
    Some(out)
}

fn stamp(now: i64, seq: usize) -> String {
    format!(
        "{}_{now}.{seq}",
        crate::time::rfc3339(now).replace([':', '-'], "_")
    )
}

/// Sets up (or refreshes) every volume of the pod; the error names the failed volume.
pub async fn prepare<A: PodApi>(
    root: &Path,
    pod: &Pod,
    src: &Sources<'_, A>,
    state: &mut VolumeState,
) -> Result<(), (String, Error)> {
    let Some(extra) = pod.extra.as_deref() else {
        return Ok(());
    };
    let mut objects = Objects::new(src.api, &pod.namespace);
    for (seq, v) in extra.volumes.iter().enumerate() {
        let name = v
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let result = prepare_one(root, pod, src, state, &mut objects, v, &name, seq).await;
        match result {
            Ok(p) => {
                state.prepared.insert(name, p);
            }
            Err(e) => return Err((name, e)),
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn prepare_one<A: PodApi>(
    root: &Path,
    pod: &Pod,
    src: &Sources<'_, A>,
    state: &mut VolumeState,
    objects: &mut Objects<'_, A>,
    v: &Value,
    name: &str,
    seq: usize,
) -> Result<Prepared> {
    let dir_for = |plugin: &str| -> Result<PathBuf> {
        let d = plugin_dir(root, &pod.uid, plugin, name);
        std::fs::create_dir_all(&d).map_err(io("creating", &d))?;
        Ok(d)
    };
    if let Some(e) = v.get("emptyDir") {
        let d = dir_for("empty-dir")?;
        if e.get("medium").and_then(Value::as_str) == Some("Memory") && src.tmpfs && !tmpfs(&d) {
            tracing::debug!(
                volume = name,
                "no tmpfs for a memory emptyDir (cannot mount); a plain directory"
            );
        }
        return Ok(Prepared {
            host_path: d,
            read_only: false,
        });
    }
    if let Some(h) = v.get("hostPath") {
        let path = PathBuf::from(h.get("path").and_then(Value::as_str).unwrap_or(""));
        check_host_path(&path, h.get("type").and_then(Value::as_str).unwrap_or(""))?;
        return Ok(Prepared {
            host_path: path,
            read_only: false,
        });
    }
    let mut payload = Payload::new();
    let dir = if let Some(c) = v.get("configMap") {
        let mode = mode_of(c.get("defaultMode"), 0o644);
        object_payload(
            &mut payload,
            objects,
            "configmaps",
            c,
            "name",
            mode,
            pod,
            src.cluster_ca,
        )
        .await?;
        dir_for("configmap")?
    } else if let Some(s) = v.get("secret") {
        let mode = mode_of(s.get("defaultMode"), 0o644);
        object_payload(
            &mut payload,
            objects,
            "secrets",
            s,
            "secretName",
            mode,
            pod,
            src.cluster_ca,
        )
        .await?;
        let d = dir_for("secret")?;
        if src.tmpfs {
            tmpfs(&d);
        }
        d
    } else if let Some(d) = v.get("downwardAPI") {
        let mode = mode_of(d.get("defaultMode"), 0o644);
        downward_items(&mut payload, pod, src.facts, d.get("items"), mode)?;
        dir_for("downward-api")?
    } else if let Some(p) = v.get("projected") {
        let mode = mode_of(p.get("defaultMode"), 0o644);
        for (i, s) in p
            .get("sources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(c) = s.get("configMap") {
                object_payload(
                    &mut payload,
                    objects,
                    "configmaps",
                    c,
                    "name",
                    mode,
                    pod,
                    src.cluster_ca,
                )
                .await?;
            } else if let Some(c) = s.get("secret") {
                object_payload(
                    &mut payload,
                    objects,
                    "secrets",
                    c,
                    "name",
                    mode,
                    pod,
                    src.cluster_ca,
                )
                .await?;
            } else if let Some(d) = s.get("downwardAPI") {
                downward_items(&mut payload, pod, src.facts, d.get("items"), mode)?;
            } else if let Some(t) = s.get("serviceAccountToken") {
                let tok = token(src, state, pod, &format!("{name}/{i}"), t).await?;
                let path = t.get("path").and_then(Value::as_str).unwrap_or("token");
                payload.insert(path.to_string(), (tok.into_bytes(), mode_of(None, mode)));
            }
        }
        let d = dir_for("projected")?;
        if src.tmpfs {
            tmpfs(&d);
        }
        d
    } else {
        return Err(Error::Unsupported);
    };
    write_atomic(&dir, &payload, &stamp(src.now, seq))?;
    Ok(Prepared {
        host_path: dir,
        read_only: true,
    })
}

/// Whether the pod has volumes whose content comes from the API (refreshed periodically).
pub fn needs_refresh(pod: &Pod) -> bool {
    pod.extra.as_deref().is_some_and(|e| {
        e.volumes.iter().any(|v| {
            ["configMap", "secret", "downwardAPI", "projected"]
                .iter()
                .any(|k| v.get(*k).is_some())
        })
    })
}

/// The container's mounts from its volumeMounts.
pub fn mounts(container: &ContainerSpec, state: &VolumeState) -> Result<Vec<Mount>> {
    let Some(extra) = container.extra.as_deref() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for m in &extra.volume_mounts {
        let p = state
            .prepared
            .get(&m.name)
            .ok_or_else(|| Error::UnknownVolume(m.name.clone()))?;
        let mut host = p.host_path.clone();
        if !m.sub_path.is_empty() {
            let sub = Path::new(&m.sub_path);
            if sub.components().any(|c| !matches!(c, Component::Normal(_))) {
                return Err(Error::SubPath(m.sub_path.clone()));
            }
            host = host.join(sub);
            if !p.read_only && std::fs::symlink_metadata(&host).is_err() {
                std::fs::create_dir_all(&host).map_err(io("creating", &host))?;
            }
        }
        out.push(Mount {
            container_path: m.mount_path.clone(),
            host_path: host.to_string_lossy().into_owned(),
            readonly: m.read_only || p.read_only,
        });
    }
    Ok(out)
}

#[cfg(test)]
#[path = "volumes_tests.rs"]
mod tests;
