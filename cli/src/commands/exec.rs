//! `rkctl exec POD|TYPE/NAME [-c C] [-i] [-t] -- CMD…`: runs a command in a container over the
//! WebSocket channel protocol (`stream`), with kubectl's behaviour — a raw local terminal and
//! resizes on SIGWINCH with `-t` on a terminal, the remote exit code as rkctl's own ("command
//! terminated with exit code N" on stderr), `exec deploy/x` on the pod kubectl would pick.
//!
//! [`run`] is the reusable entry (`debug node --shell` opens its shell with it); the pod and
//! container pickers here serve `attach`, `cp` and `port-forward` too.

use std::cmp::Ordering;
use std::io::{IsTerminal, Write};

use clap::Args;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::client::{Ctx, encode, with_query};
use crate::error::{Error, Result};
use crate::stream::{self, Io, Outcome, TermSize};

#[derive(Args, Debug, Clone)]
pub struct ExecArgs {
    /// The pod (NAME or TYPE/NAME: deploy/x, svc/x, rs/x, sts/x, ds/x, job/x, rc/x).
    pub pod: String,
    /// Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation
    /// for selecting the container to be attached or the first container in the pod will be chosen.
    #[arg(short = 'c', long)]
    pub container: Option<String>,
    /// Pass stdin to the container.
    #[arg(short = 'i', long)]
    pub stdin: bool,
    /// Stdin is a TTY.
    #[arg(short = 't', long)]
    pub tty: bool,
    /// Only print output from the remote session.
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// The command and its arguments, after `--`.
    #[arg(last = true)]
    pub command: Vec<String>,
}

/// Runs `command` in `container` (the pod's default when `None`) of `namespace/pod` and returns
/// its exit code. With `stdin`, this process's stdin is sent; with `tty` (and `stdin` from a
/// terminal) the local terminal is raw for the session and its size follows the window.
/// A failure that is not an exit code (no such container, the runtime refused) is an error.
pub async fn run(
    ctx: &Ctx,
    namespace: &str,
    pod: &str,
    container: Option<&str>,
    command: &[String],
    stdin: bool,
    tty: bool,
) -> Result<i32> {
    let container = match container {
        Some(c) => c.to_string(),
        None => {
            let p = get_pod(ctx, namespace, pod).await?;
            default_container(&p, false)?
        }
    };
    let tty = tty_usable(stdin, tty, false);
    let mut params: Vec<(&str, String)> = command.iter().map(|c| ("command", c.clone())).collect();
    params.extend(session_params(&container, stdin, tty));
    let path = with_query(&pod_path(namespace, pod, "exec"), &params);
    match session(ctx, &path, stdin, tty).await? {
        Outcome::Exited(code) => Ok(code),
        Outcome::Failed(message) => Err(Error::Usage(message)),
    }
}

/// The command: resolves the pod, runs, and exits with the remote code.
pub async fn command(ctx: &Ctx, args: &ExecArgs) -> Result<()> {
    if args.command.is_empty() {
        return Err(Error::Usage(
            "you must specify at least one command for the container".into(),
        ));
    }
    let pod = find_pod(ctx, &ctx.namespace, &args.pod).await?;
    let phase = pod["status"]["phase"].as_str().unwrap_or_default();
    if phase == "Succeeded" || phase == "Failed" {
        return Err(Error::Usage(format!(
            "cannot exec into a container in a completed pod; current phase is {phase}"
        )));
    }
    let name = pod["metadata"]["name"].as_str().unwrap_or_default();
    let container = match &args.container {
        Some(c) => c.clone(),
        None => default_container(&pod, args.quiet)?,
    };
    let tty = tty_usable(args.stdin, args.tty, args.quiet);
    let mut params: Vec<(&str, String)> = args
        .command
        .iter()
        .map(|c| ("command", c.clone()))
        .collect();
    params.extend(session_params(&container, args.stdin, tty));
    let path = with_query(&pod_path(&ctx.namespace, name, "exec"), &params);
    exit_with(session(ctx, &path, args.stdin, tty).await?)
}

/// kubectl's ending: 0 is success, N prints "command terminated with exit code N" and exits N.
pub fn exit_with(outcome: Outcome) -> Result<()> {
    match outcome {
        Outcome::Exited(0) => Ok(()),
        Outcome::Exited(code) => {
            eprintln!("command terminated with exit code {code}");
            Err(Error::Silent(u8::try_from(code.clamp(0, 255)).unwrap_or(1)))
        }
        Outcome::Failed(message) => Err(Error::Usage(message)),
    }
}

/// `container=…&stdin=…&stdout=true&stderr=…&tty=…` as kubectl sends them (no stderr with a TTY).
pub fn session_params(container: &str, stdin: bool, tty: bool) -> Vec<(&'static str, String)> {
    vec![
        ("container", container.to_string()),
        ("stdin", stdin.to_string()),
        ("stdout", "true".into()),
        ("stderr", (!tty).to_string()),
        ("tty", tty.to_string()),
    ]
}

/// `/api/v1/namespaces/NS/pods/NAME/SUB`.
pub fn pod_path(namespace: &str, pod: &str, sub: &str) -> String {
    format!(
        "/api/v1/namespaces/{}/pods/{}/{sub}",
        encode(namespace),
        encode(pod)
    )
}

/// kubectl's TTY rule: only with stdin, and only when stdin is a terminal (else a warning).
fn tty_usable(stdin: bool, tty: bool, quiet: bool) -> bool {
    if !stdin || !tty {
        return false;
    }
    if !std::io::stdin().is_terminal() {
        if !quiet {
            eprintln!("Unable to use a TTY - input is not a terminal or the right kind of file");
        }
        return false;
    }
    true
}

/// One exec or attach session on `path`, with this process's stdio (raw with a TTY).
pub async fn session(ctx: &Ctx, path: &str, stdin: bool, tty: bool) -> Result<Outcome> {
    let conn = stream::connect(ctx, path).await?;
    let raw = if tty { RawTerminal::enter() } else { None };
    let resize = tty.then(watch_size);
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    let io = Io {
        stdin: stdin.then(stream::stdin_chunks),
        stdout: &mut out,
        stderr: &mut err,
        resize,
    };
    let outcome = stream::run(conn, io).await;
    drop(raw);
    let _ = std::io::stdout().flush();
    outcome
}

/// The local terminal in raw mode until dropped.
struct RawTerminal {
    saved: rustix::termios::Termios,
}

impl RawTerminal {
    fn enter() -> Option<RawTerminal> {
        let stdin = std::io::stdin();
        let saved = rustix::termios::tcgetattr(&stdin).ok()?;
        let mut raw = saved.clone();
        raw.make_raw();
        rustix::termios::tcsetattr(&stdin, rustix::termios::OptionalActions::Now, &raw).ok()?;
        Some(RawTerminal { saved })
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        let stdin = std::io::stdin();
        let _ =
            rustix::termios::tcsetattr(&stdin, rustix::termios::OptionalActions::Now, &self.saved);
    }
}

fn term_size() -> Option<TermSize> {
    let ws = rustix::termios::tcgetwinsize(std::io::stdout())
        .or_else(|_| rustix::termios::tcgetwinsize(std::io::stdin()))
        .ok()?;
    (ws.ws_col > 0 && ws.ws_row > 0).then_some(TermSize {
        width: ws.ws_col,
        height: ws.ws_row,
    })
}

/// The terminal's size now and after each SIGWINCH.
fn watch_size() -> mpsc::Receiver<TermSize> {
    let (tx, rx) = mpsc::channel(4);
    tokio::spawn(async move {
        let mut last = term_size();
        if let Some(s) = last
            && tx.send(s).await.is_err()
        {
            return;
        }
        let Ok(mut winch) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::window_change())
        else {
            return;
        };
        while winch.recv().await.is_some() {
            let now = term_size();
            if now != last
                && let Some(s) = now
            {
                if tx.send(s).await.is_err() {
                    return;
                }
                last = now;
            }
        }
    });
    rx
}

/// GET one pod.
pub async fn get_pod(ctx: &Ctx, namespace: &str, name: &str) -> Result<Value> {
    ctx.get_json(
        &format!(
            "/api/v1/namespaces/{}/pods/{}",
            encode(namespace),
            encode(name)
        ),
        "application/json",
    )
    .await
}

/// The container kubectl picks: the `kubectl.kubernetes.io/default-container` annotation, else
/// the first ("Defaulted container … out of: …" on stderr when there were several).
pub fn default_container(pod: &Value, quiet: bool) -> Result<String> {
    if let Some(name) = pod
        .pointer("/metadata/annotations/kubectl.kubernetes.io~1default-container")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
    {
        return Ok(name.to_string());
    }
    let containers = pod["spec"]["containers"].as_array();
    let first = containers
        .and_then(|c| c.first())
        .and_then(|c| c["name"].as_str())
        .ok_or_else(|| {
            Error::Usage(format!(
                "pod {} does not have any containers",
                pod["metadata"]["name"].as_str().unwrap_or_default()
            ))
        })?;
    if containers.is_some_and(|c| c.len() > 1) && !quiet {
        eprintln!(
            "Defaulted container {first:?} out of: {}",
            all_container_names(pod)
        );
    }
    Ok(first.to_string())
}

/// kubectl's list: "app, web, setup (init), debugger (ephem)".
fn all_container_names(pod: &Value) -> String {
    let names = |key: &str, suffix: &str| -> Vec<String> {
        pod["spec"][key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["name"].as_str())
            .map(|n| format!("{n}{suffix}"))
            .collect()
    };
    let mut all = names("containers", "");
    all.extend(names("ephemeralContainers", " (ephem)"));
    all.extend(names("initContainers", " (init)"));
    all.join(", ")
}

/// The workload kinds whose pods can be reached by name, as `(kind, api path segment)`.
fn workload(typed: &str) -> Option<(&'static str, &'static str)> {
    let t = typed.to_ascii_lowercase();
    let t = t.split('.').next().unwrap_or_default().to_string();
    Some(match t.as_str() {
        "deploy" | "deployment" | "deployments" => ("Deployment", "apis/apps/v1/deployments"),
        "rs" | "replicaset" | "replicasets" => ("ReplicaSet", "apis/apps/v1/replicasets"),
        "sts" | "statefulset" | "statefulsets" => ("StatefulSet", "apis/apps/v1/statefulsets"),
        "ds" | "daemonset" | "daemonsets" => ("DaemonSet", "apis/apps/v1/daemonsets"),
        "job" | "jobs" => ("Job", "apis/batch/v1/jobs"),
        "svc" | "service" | "services" => ("Service", "api/v1/services"),
        "rc" | "replicationcontroller" | "replicationcontrollers" => {
            ("ReplicationController", "api/v1/replicationcontrollers")
        }
        _ => return None,
    })
}

/// GETs the workload `TYPE/NAME` names; `None` when the type is a pod's.
pub async fn get_workload(ctx: &Ctx, namespace: &str, spec: &str) -> Result<Option<Value>> {
    let Some((typed, name)) = spec.split_once('/') else {
        return Ok(None);
    };
    let t = typed.to_ascii_lowercase();
    if matches!(t.as_str(), "po" | "pod" | "pods") {
        return Ok(None);
    }
    let Some((_, segment)) = workload(typed) else {
        return Err(Error::Usage(format!(
            "cannot attach to {typed}: selector for {typed} not implemented"
        )));
    };
    let (prefix, plural) = segment.rsplit_once('/').unwrap_or(("api/v1", segment));
    let path = format!(
        "/{prefix}/namespaces/{}/{plural}/{}",
        encode(namespace),
        encode(name)
    );
    ctx.get_json(&path, "application/json").await.map(Some)
}

/// A workload's pod selector as a label-selector string (services and RCs: a plain map).
pub fn selector_of(obj: &Value) -> Option<String> {
    crate::commands::common::selector_query(&obj["spec"]["selector"])
}

/// The pods matching `selector` in `namespace`.
pub async fn pods_matching(ctx: &Ctx, namespace: &str, selector: &str) -> Result<Vec<Value>> {
    let list = ctx
        .get_json(
            &with_query(
                &format!("/api/v1/namespaces/{}/pods", encode(namespace)),
                &[("labelSelector", selector.to_string())],
            ),
            "application/json",
        )
        .await?;
    Ok(list["items"].as_array().cloned().unwrap_or_default())
}

/// `NAME`, `pod/NAME` or a workload `TYPE/NAME` → the pod kubectl would use.
pub async fn find_pod(ctx: &Ctx, namespace: &str, spec: &str) -> Result<Value> {
    let Some(obj) = get_workload(ctx, namespace, spec).await? else {
        let name = spec.rsplit_once('/').map_or(spec, |(_, n)| n);
        return get_pod(ctx, namespace, name).await;
    };
    let selector = selector_of(&obj).ok_or_else(|| {
        Error::Usage(format!(
            "cannot attach to {spec}: the object has no pod selector"
        ))
    })?;
    let pods = pods_matching(ctx, namespace, &selector).await?;
    best_pod(&pods)
        .cloned()
        .ok_or_else(|| Error::Usage(format!("no pods found for {spec} (selector {selector})")))
}

/// The pod kubectl's `GetFirstPod` takes: the most active one (assigned, running, ready, fewer
/// restarts, older) — `sort.Reverse(podutils.ActivePods)`'s first.
pub fn best_pod(pods: &[Value]) -> Option<&Value> {
    pods.iter()
        .filter(|p| p["metadata"]["deletionTimestamp"].is_null())
        .max_by(|a, b| activity(a, b))
}

fn activity(a: &Value, b: &Value) -> Ordering {
    let assigned = |p: &Value| {
        p["spec"]["nodeName"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    };
    let phase = |p: &Value| match p["status"]["phase"].as_str() {
        Some("Pending") => 0,
        Some("Running") => 2,
        _ => 1,
    };
    let restarts = |p: &Value| -> i64 {
        p["status"]["containerStatuses"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["restartCount"].as_i64())
            .max()
            .unwrap_or(0)
    };
    let created = |p: &Value| {
        p["metadata"]["creationTimestamp"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assigned(a)
        .cmp(&assigned(b))
        .then(phase(a).cmp(&phase(b)))
        .then(is_ready(a).cmp(&is_ready(b)))
        .then(restarts(b).cmp(&restarts(a)))
        // Older wins: an earlier timestamp is "more active".
        .then(created(b).cmp(&created(a)))
}

/// The pod's Ready condition is True.
pub fn is_ready(pod: &Value) -> bool {
    pod["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c["type"] == "Ready" && c["status"] == "True")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(name: &str, phase: &str, ready: bool, created: &str) -> Value {
        json!({
            "metadata": {"name": name, "creationTimestamp": created},
            "spec": {"nodeName": "n1", "containers": [{"name": "app"}]},
            "status": {"phase": phase, "conditions": [{"type": "Ready", "status": if ready {"True"} else {"False"}}]}
        })
    }

    #[test]
    fn the_running_ready_pod_is_picked_over_pending_and_unready_ones() {
        let pods = vec![
            pod("pending", "Pending", false, "2024-01-01T00:00:03Z"),
            pod("unready", "Running", false, "2024-01-01T00:00:01Z"),
            pod("ready", "Running", true, "2024-01-01T00:00:02Z"),
        ];
        assert_eq!(best_pod(&pods).unwrap()["metadata"]["name"], "ready");
    }

    #[test]
    fn among_equals_the_older_pod_is_picked() {
        let pods = vec![
            pod("young", "Running", true, "2024-01-01T00:00:09Z"),
            pod("old", "Running", true, "2024-01-01T00:00:01Z"),
        ];
        assert_eq!(best_pod(&pods).unwrap()["metadata"]["name"], "old");
    }

    #[test]
    fn selectors_read_labels_and_expressions() {
        let d = json!({"kind": "Deployment", "spec": {"selector": {
            "matchLabels": {"app": "web"},
            "matchExpressions": [{"key": "tier", "operator": "In", "values": ["a", "b"]}]
        }}});
        assert_eq!(selector_of(&d).unwrap(), "app=web,tier in (a,b)");
        let s = json!({"kind": "Service", "spec": {"selector": {"app": "web"}}});
        assert_eq!(selector_of(&s).unwrap(), "app=web");
    }

    #[test]
    fn the_annotation_names_the_default_container() {
        let p = json!({
            "metadata": {"name": "p", "annotations": {"kubectl.kubernetes.io/default-container": "web"}},
            "spec": {"containers": [{"name": "app"}, {"name": "web"}]}
        });
        assert_eq!(default_container(&p, true).unwrap(), "web");
    }

    #[test]
    fn container_names_list_init_and_ephemeral_ones_as_kubectl_does() {
        let p = json!({"spec": {
            "initContainers": [{"name": "setup"}],
            "containers": [{"name": "app"}, {"name": "web"}]
        }});
        assert_eq!(all_container_names(&p), "app, web, setup (init)");
    }

    #[test]
    fn exec_params_drop_stderr_with_a_tty() {
        let p = session_params("app", true, true);
        assert!(p.contains(&("stderr", "false".into())));
        assert!(p.contains(&("tty", "true".into())));
    }
}
