//! `rkctl apply --wait` (issue 10): after applying, follows every applied workload until it has
//! converged — per object desired / updated / ready / available, the events of the object and
//! its pods as they arrive — and fails with the reason when it cannot: a pod's waiting reason
//! (ErrImagePull, ImagePullBackOff, CrashLoopBackOff, CreateContainerConfigError, …) or a
//! Deployment past its progress deadline. On a terminal the status lines are rewritten in
//! place; in a pipe each change is one plain line. Objects that are not workloads are done as
//! soon as they are applied.

use std::collections::{BTreeMap, HashSet};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::client::{Ctx, with_query};
use crate::discovery::ApiResource;
use crate::error::{Error, Result};

/// Waiting reasons that will not fix themselves.
const FATAL: &[&str] = &[
    "ErrImagePull",
    "ImagePullBackOff",
    "InvalidImageName",
    "CrashLoopBackOff",
    "CreateContainerConfigError",
    "CreateContainerError",
    "RunContainerError",
];

/// One applied object to follow.
pub struct Applied {
    pub resource: ApiResource,
    pub namespace: Option<String>,
    pub name: String,
}

/// Where one workload stands.
#[derive(Debug, PartialEq, Eq, Clone)]
pub struct Progress {
    pub desired: i64,
    pub updated: i64,
    pub ready: i64,
    pub available: i64,
    pub done: bool,
}

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or(0)
}

/// The progress of a workload from its live state; `None` for kinds that are not workloads.
pub fn progress(kind: &str, o: &Value) -> Option<Progress> {
    let s = &o["status"];
    let observed = int(&s["observedGeneration"]) >= int(&o["metadata"]["generation"]);
    let p = match kind {
        "Deployment" | "StatefulSet" | "ReplicaSet" => {
            let desired = o["spec"]["replicas"].as_i64().unwrap_or(1);
            let updated = if kind == "ReplicaSet" {
                int(&s["replicas"])
            } else {
                int(&s["updatedReplicas"])
            };
            let available = if kind == "StatefulSet" {
                s["availableReplicas"]
                    .as_i64()
                    .unwrap_or(int(&s["readyReplicas"]))
            } else {
                int(&s["availableReplicas"])
            };
            let ready = int(&s["readyReplicas"]);
            Progress {
                desired,
                updated,
                ready,
                available,
                done: observed
                    && updated == desired
                    && ready == desired
                    && available == desired
                    && int(&s["replicas"]) == desired,
            }
        }
        "DaemonSet" => {
            let desired = int(&s["desiredNumberScheduled"]);
            let updated = int(&s["updatedNumberScheduled"]);
            let ready = int(&s["numberReady"]);
            let available = int(&s["numberAvailable"]);
            Progress {
                desired,
                updated,
                ready,
                available,
                done: observed && updated == desired && ready == desired && available == desired,
            }
        }
        "Pod" => {
            let ready = s["conditions"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|c| c["type"] == "Ready" && c["status"] == "True");
            let succeeded = s["phase"] == "Succeeded";
            let n = i64::from(ready || succeeded);
            Progress {
                desired: 1,
                updated: 1,
                ready: n,
                available: n,
                done: ready || succeeded,
            }
        }
        "Job" => {
            let desired = o["spec"]["completions"].as_i64().unwrap_or(1);
            let succeeded = int(&s["succeeded"]);
            Progress {
                desired,
                updated: desired,
                ready: succeeded,
                available: succeeded,
                done: succeeded >= desired,
            }
        }
        _ => return None,
    };
    Some(p)
}

/// Why a workload cannot converge, from its own conditions and its pods' container states.
pub fn failure(o: &Value, pods: &[Value]) -> Option<String> {
    for c in o["status"]["conditions"].as_array().into_iter().flatten() {
        if c["type"] == "Progressing" && c["reason"] == "ProgressDeadlineExceeded" {
            return Some(format!(
                "ProgressDeadlineExceeded: {}",
                c["message"].as_str().unwrap_or_default()
            ));
        }
        if c["type"] == "Failed" && c["status"] == "True" {
            return Some(format!(
                "{}: {}",
                c["reason"].as_str().unwrap_or("Failed"),
                c["message"].as_str().unwrap_or_default()
            ));
        }
    }
    for pod in pods {
        let statuses = ["initContainerStatuses", "containerStatuses"]
            .iter()
            .flat_map(|k| pod["status"][*k].as_array().cloned().unwrap_or_default());
        for cs in statuses {
            let waiting = &cs["state"]["waiting"];
            let reason = waiting["reason"].as_str().unwrap_or_default();
            if FATAL.contains(&reason) {
                let mut text = format!(
                    "pod {} container {}: {reason}",
                    pod["metadata"]["name"].as_str().unwrap_or_default(),
                    cs["name"].as_str().unwrap_or_default()
                );
                if let Some(m) = waiting["message"].as_str().filter(|m| !m.is_empty()) {
                    text.push_str(&format!(": {m}"));
                }
                if let Some(code) = cs["lastState"]["terminated"]["exitCode"].as_i64() {
                    text.push_str(&format!(" (last exit code {code})"));
                }
                return Some(text);
            }
        }
    }
    None
}

fn selector(o: &Value, kind: &str) -> Option<String> {
    if kind == "Pod" {
        return None;
    }
    crate::commands::common::selector_query(&o["spec"]["selector"])
}

/// Follows every applied object until all are done, one fails, or `timeout` passes; events
/// from `since` (RFC 3339, taken before applying) on are shown.
pub async fn wait(ctx: &Ctx, objects: &[Applied], timeout: Duration, since: &str) -> Result<()> {
    let tty = std::io::stdout().is_terminal();
    let start = Instant::now();
    let started = since.to_string();
    let mut last: BTreeMap<String, Progress> = BTreeMap::new();
    let mut seen_events: HashSet<String> = HashSet::new();
    let mut done: HashSet<String> = HashSet::new();
    let mut drawn = 0usize;
    loop {
        let mut lines = Vec::new();
        let mut changed = false;
        for a in objects {
            let label = format!("{}/{}", a.resource.kind_prefix(), a.name);
            if done.contains(&label) {
                if let Some(p) = last.get(&label) {
                    lines.push(status_line(&label, p));
                }
                continue;
            }
            let path = a.resource.object_path(a.namespace.as_deref(), &a.name);
            let o = ctx.get_json(&path, "application/json").await?;
            let Some(p) = progress(&a.resource.kind, &o) else {
                done.insert(label);
                continue;
            };
            let pods = match (selector(&o, &a.resource.kind), &a.namespace) {
                (Some(sel), Some(ns)) => {
                    let list = ctx
                        .get_json(
                            &with_query(
                                &format!("/api/v1/namespaces/{ns}/pods"),
                                &[("labelSelector", sel)],
                            ),
                            "application/json",
                        )
                        .await?;
                    list["items"].as_array().cloned().unwrap_or_default()
                }
                (None, _) => vec![o.clone()],
                _ => Vec::new(),
            };
            if let Some(ns) = &a.namespace {
                let events = new_events(ctx, ns, &a.name, &pods, &started, &mut seen_events).await;
                if !events.is_empty() {
                    clear(tty, &mut drawn);
                    for e in events {
                        crate::outln!("{label}: event: {e}");
                    }
                }
            }
            if last.get(&label) != Some(&p) {
                changed = true;
                last.insert(label.clone(), p.clone());
            }
            lines.push(status_line(&label, &p));
            if p.done {
                done.insert(label.clone());
            } else if let Some(reason) = failure(&o, &pods) {
                clear(tty, &mut drawn);
                for l in &lines {
                    crate::outln!("{l}");
                }
                return Err(Error::Usage(format!("{label} failed: {reason}")));
            }
        }
        if tty {
            clear(tty, &mut drawn);
            for l in &lines {
                crate::outln!("{l}");
            }
            drawn = lines.len();
        } else if changed {
            for l in &lines {
                crate::outln!("{l}");
            }
        }
        if done.len() >= objects.len() {
            crate::outln!("all {} objects converged", objects.len());
            return Ok(());
        }
        if start.elapsed() > timeout {
            let pending: Vec<String> = last
                .iter()
                .filter(|(k, _)| !done.contains(*k))
                .map(|(k, p)| status_line(k, p))
                .collect();
            return Err(Error::Usage(format!(
                "timed out after {}s waiting for: {}",
                timeout.as_secs(),
                pending.join("; ")
            )));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

fn status_line(label: &str, p: &Progress) -> String {
    format!(
        "{label}: {} desired, {} updated, {} ready, {} available{}",
        p.desired,
        p.updated,
        p.ready,
        p.available,
        if p.done { " — converged" } else { "" }
    )
}

/// Moves the cursor back over the status lines drawn last (terminal only).
fn clear(tty: bool, drawn: &mut usize) {
    if tty && *drawn > 0 {
        crate::out!("\x1b[{}A\x1b[J", *drawn);
    }
    *drawn = 0;
}

/// Events since the wait started about the workload, its ReplicaSets (named after it) or its
/// pods, not printed before.
async fn new_events(
    ctx: &Ctx,
    ns: &str,
    name: &str,
    pods: &[Value],
    since: &str,
    seen: &mut HashSet<String>,
) -> Vec<String> {
    let Ok(list) = ctx
        .get_json(
            &format!("/api/v1/namespaces/{ns}/events"),
            "application/json",
        )
        .await
    else {
        return Vec::new();
    };
    let pod_names: HashSet<&str> = pods
        .iter()
        .filter_map(|p| p["metadata"]["name"].as_str())
        .collect();
    let mut out = Vec::new();
    for e in list["items"].as_array().into_iter().flatten() {
        let uid = e["metadata"]["uid"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let count = e["count"].as_i64().unwrap_or(1);
        let key = format!("{uid}/{count}");
        let when = e["lastTimestamp"]
            .as_str()
            .or_else(|| e["eventTime"].as_str())
            .or_else(|| e["metadata"]["creationTimestamp"].as_str())
            .unwrap_or_default();
        let involved = e["involvedObject"]["name"].as_str().unwrap_or_default();
        let ours = involved == name
            || pod_names.contains(involved)
            || involved.starts_with(&format!("{name}-"));
        // Compare to the second: MicroTime ("…:05.123456Z") sorts before "…:05Z" as text.
        let second = |t: &str| t.get(..19).unwrap_or(t).to_string();
        if !ours || second(when) < second(since) || seen.contains(&key) {
            continue;
        }
        seen.insert(key);
        out.push(format!(
            "{} {} {}/{}: {}",
            e["type"].as_str().unwrap_or_default(),
            e["reason"].as_str().unwrap_or_default(),
            e["involvedObject"]["kind"]
                .as_str()
                .unwrap_or_default()
                .to_lowercase(),
            involved,
            e["message"].as_str().unwrap_or_default()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_deployment_is_done_when_every_replica_is_updated_ready_and_available() {
        let mut d = json!({
            "metadata": {"generation": 2},
            "spec": {"replicas": 3},
            "status": {"observedGeneration": 2, "replicas": 4, "updatedReplicas": 3, "readyReplicas": 3, "availableReplicas": 3}
        });
        assert!(
            !progress("Deployment", &d).unwrap().done,
            "an old pod remains"
        );
        d["status"]["replicas"] = json!(3);
        assert!(progress("Deployment", &d).unwrap().done);
        assert!(progress("ConfigMap", &d).is_none());
    }

    #[test]
    fn a_crash_looping_pod_is_the_reason_for_the_failure() {
        let pod = json!({"metadata": {"name": "web-1"}, "status": {"containerStatuses": [
            {"name": "c", "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 10s"}},
             "lastState": {"terminated": {"exitCode": 1}}}]}});
        assert_eq!(
            failure(&json!({}), &[pod]).unwrap(),
            "pod web-1 container c: CrashLoopBackOff: back-off 10s (last exit code 1)"
        );
    }
}
