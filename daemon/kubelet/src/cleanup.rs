//! Orphans of the containerd runtime: what is left of pods that are no longer the node's —
//! containers, sandboxes, cgroup directories (`<cgroup root>/rkpods/pod<uid>` in every
//! hierarchy) and log directories (`<log root>/<namespace>_<name>_<uid>`). Run by the agent only
//! after a successful LIST of the node's pods, then periodically with the uids of the running
//! pod workers; a pod whose worker exists is never touched.

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use crate::runtime::Runtime;
use crate::runtime::cri::{CriRuntime, cgroup_mounts, remove_cgroup};

/// The pod uid of a log directory name `<namespace>_<name>_<uid>`.
pub fn log_dir_uid(name: &str) -> Option<&str> {
    let uid = name.rsplit('_').next()?;
    (name.matches('_').count() >= 2 && !uid.is_empty()).then_some(uid)
}

/// Removes every container, sandbox, cgroup and log directory of pods not in `live`.
pub async fn sweep(rt: &CriRuntime, live: &HashSet<String>) {
    let Ok(sandboxes) = rt.list_pod_sandboxes().await else {
        return;
    };
    let orphans: Vec<_> = sandboxes
        .iter()
        .filter(|s| !live.contains(&s.uid))
        .collect();
    if !orphans.is_empty() {
        let containers = rt.list_containers().await.unwrap_or_default();
        for s in &orphans {
            tracing::info!(pod = %format!("{}/{}", s.namespace, s.name), uid = %s.uid, "removing an orphaned sandbox");
            for c in containers.iter().filter(|c| c.sandbox_id == s.id) {
                let _ = rt.stop_container(&c.id, Duration::ZERO).await;
                let _ = rt.remove_container(&c.id).await;
            }
            let _ = rt.stop_pod_sandbox(&s.id).await;
            let _ = rt.remove_pod_sandbox(&s.id).await;
        }
    }
    // Uids that still have a sandbox (live or one whose removal failed) keep their directories.
    let keep: HashSet<&str> = sandboxes
        .iter()
        .filter(|s| live.contains(&s.uid))
        .map(|s| s.uid.as_str())
        .chain(live.iter().map(String::as_str))
        .collect();
    if !rt.cgroup_root().is_empty() {
        let rel = format!("{}/rkpods", rt.cgroup_root().trim_start_matches('/'));
        let mut dead = HashSet::new();
        for m in cgroup_mounts() {
            let Ok(entries) = std::fs::read_dir(m.join(&rel)) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if let Some(uid) = name.strip_prefix("pod")
                    && !keep.contains(uid)
                {
                    dead.insert(name);
                }
            }
        }
        for name in dead {
            remove_cgroup(&format!("/{rel}/{name}"));
        }
    }
    if let Some(root) = rt.log_root() {
        remove_log_dirs(root, &keep);
    }
}

fn remove_log_dirs(root: &Path, keep: &HashSet<&str>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(uid) = log_dir_uid(&name)
            && !keep.contains(uid)
            && e.file_type().is_ok_and(|t| t.is_dir())
            && let Err(err) = std::fs::remove_dir_all(e.path())
        {
            tracing::warn!(error = %err, path = %e.path().display(), "removing an orphaned log directory");
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn log_directories_are_named_namespace_name_uid() {
        assert_eq!(log_dir_uid("default_web-1_0f3c-11"), Some("0f3c-11"));
        assert_eq!(log_dir_uid("stray"), None);
    }

    #[test]
    fn only_log_directories_of_pods_not_kept_are_removed() {
        let root = std::env::temp_dir().join(format!("rk-cleanup-test-{}", std::process::id()));
        for d in ["default_a_u1", "default_b_u2", "notapod"] {
            std::fs::create_dir_all(root.join(d).join("c")).unwrap();
        }
        remove_log_dirs(&root, &HashSet::from(["u1"]));
        assert!(root.join("default_a_u1").exists());
        assert!(!root.join("default_b_u2").exists());
        assert!(root.join("notapod").exists());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
