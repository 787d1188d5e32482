//! `rkctl debug node/NAME` (issue 10): an SRE's one-screen view of a node (see `debug_view`),
//! built only from the Kubernetes API so it works against any conformant API server; and with
//! `--shell`, kubectl's node debugging: a privileged pod on that node (nodeName set, hostPID,
//! hostNetwork, hostIPC, the host's `/` at /host, tolerating every taint) named
//! `node-debugger-NODE-xxxxx`, waited for until Running, and a shell (or the command after
//! `--`) run in it with `rkctl exec`'s client (`exec::run`), with the command's exit code.
//! The pod is deleted on exit with `--rm`; otherwise how to delete it is printed.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use clap::Args;
use serde_json::{Value, json};

use crate::client::{Ctx, encode, with_query};
use crate::commands::debug_view::{NodeFacts, render, sort_events};
use crate::commands::why::{PodFacts, explain_pod, pod_facts};
use crate::error::{Error, Result};

/// The image the node agent builds and imports on every rk node (daemon/kubelet/src/images.rs).
pub const DEFAULT_IMAGE: &str = "localhost/rk/busybox:1";

/// The debugging container's name, as kubectl names it.
pub const CONTAINER: &str = "debugger";

#[derive(Args, Debug, Clone)]
pub struct DebugArgs {
    /// node/NAME (or `node NAME`).
    #[arg(required = true, num_args = 1..=2)]
    pub target: Vec<String>,
    /// Create a privileged pod on the node, with the host's filesystem at /host, and open a shell
    /// in it (or run the command given after `--`).
    #[arg(long)]
    pub shell: bool,
    /// With --shell: the debugging pod's image.
    #[arg(long, default_value = DEFAULT_IMAGE)]
    pub image: String,
    /// With --shell: delete the debugging pod when the shell exits.
    #[arg(long)]
    pub rm: bool,
    /// With --shell: how long to wait for the pod to run (e.g. 30s, 2m).
    #[arg(long, default_value = "1m")]
    pub pod_running_timeout: String,
    /// With --shell and a command: pass stdin to it (a shell without a command always reads
    /// stdin; a script piped to it is read to its end first and run with `sh -c`).
    #[arg(short = 'i', long)]
    pub stdin: bool,
    /// With --shell: the command to run instead of `sh`.
    #[arg(last = true)]
    pub command: Vec<String>,
}

/// `node/NAME`, `nodes/NAME`, `no/NAME` or `node NAME` → NAME.
pub fn node_name(target: &[String]) -> Result<String> {
    let (kind, name) = match target {
        [one] => match one.split_once('/') {
            Some((k, n)) => (k.to_string(), n.to_string()),
            None => (one.clone(), String::new()),
        },
        [k, n] => (k.clone(), n.clone()),
        _ => (String::new(), String::new()),
    };
    if !matches!(kind.as_str(), "node" | "nodes" | "no") {
        return Err(Error::Usage(format!(
            "rkctl debug takes node/NAME (got {:?}); to debug a pod, use rkctl exec or rkctl why",
            target.join(" ")
        )));
    }
    if name.is_empty() {
        return Err(Error::Usage(
            "a node name is required: rkctl debug node/NAME".into(),
        ));
    }
    Ok(name)
}

/// The debugging pod kubectl creates for `kubectl debug node/NAME` (its "legacy" profile) made
/// privileged: it runs `sleep` so that shells can be exec'd in it.
pub fn debugger_pod(name: &str, node: &str, image: &str) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": name,
            "labels": {"app.kubernetes.io/managed-by": "rkctl-debug"},
        },
        "spec": {
            "nodeName": node,
            "hostPID": true,
            "hostNetwork": true,
            "hostIPC": true,
            "restartPolicy": "Never",
            "terminationGracePeriodSeconds": 1,
            "tolerations": [{"operator": "Exists"}],
            "containers": [{
                "name": CONTAINER,
                "image": image,
                "imagePullPolicy": "IfNotPresent",
                "command": ["sleep", "2147483647"],
                "securityContext": {"privileged": true},
                "volumeMounts": [{"name": "host-root", "mountPath": "/host"}],
            }],
            "volumes": [{"name": "host-root", "hostPath": {"path": "/"}}],
        },
    })
}

/// `node-debugger-NODE-xxxxx`, with kubectl's five characters (no vowels, no look-alikes),
/// the node part cut so the name stays a valid DNS label.
pub fn debugger_name(node: &str, seed: u64) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    // splitmix64 of the seed, so that nearby seeds give unrelated names; never zero.
    let mut x = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x = (x ^ (x >> 31)) | 1;
    let suffix: String = (0..5)
        .map(|_| {
            // xorshift64: enough to tell two debugging pods apart.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ALPHABET[(x % ALPHABET.len() as u64) as usize] as char
        })
        .collect();
    let node: String = node
        .chars()
        .take(63 - "node-debugger--xxxxx".len())
        .collect();
    format!(
        "node-debugger-{}-{suffix}",
        node.trim_end_matches(['-', '.'])
    )
}

async fn list_items(ctx: &Ctx, path: &str) -> Result<Vec<Value>> {
    let list = ctx.get_json(path, "application/json").await?;
    Ok(list
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default())
}

/// Reads what the view shows: the node (its absence is the command's error), its Lease, pods,
/// events and metrics (each of those optional).
pub async fn node_facts(ctx: &Ctx, name: &str) -> Result<NodeFacts> {
    let node = ctx
        .get_json(
            &format!("/api/v1/nodes/{}", encode(name)),
            "application/json",
        )
        .await?;
    let lease = ctx
        .get_json(
            &format!(
                "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/{}",
                encode(name)
            ),
            "application/json",
        )
        .await
        .ok();
    let pods = list_items(
        ctx,
        &with_query(
            "/api/v1/pods",
            &[("fieldSelector", format!("spec.nodeName={name}"))],
        ),
    )
    .await?;
    let mut events = list_items(
        ctx,
        &with_query(
            "/api/v1/events",
            &[(
                "fieldSelector",
                format!("involvedObject.kind=Node,involvedObject.name={name}"),
            )],
        ),
    )
    .await
    .unwrap_or_default();
    sort_events(&mut events);
    let metrics = ctx
        .get_json(
            &format!("/apis/metrics.k8s.io/v1beta1/nodes/{}", encode(name)),
            "application/json",
        )
        .await
        .map_err(|e| match e {
            Error::Server(s) if s.code == 404 => {
                "metrics.k8s.io is not served, or has no sample of this node yet".to_string()
            }
            other => other.to_string(),
        });
    Ok(NodeFacts {
        node,
        lease,
        pods,
        events,
        metrics,
    })
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub async fn run(ctx: &Ctx, args: &DebugArgs) -> Result<()> {
    let node = node_name(&args.target)?;
    if !args.shell {
        if !args.command.is_empty() || args.rm {
            return Err(Error::Usage(
                "--rm and a command need --shell: rkctl debug node/NAME --shell [-- COMMAND]"
                    .into(),
            ));
        }
        let facts = node_facts(ctx, &node).await?;
        crate::out!("{}", render(&facts, now()));
        return Ok(());
    }
    shell(ctx, args, &node).await
}

/// `--shell`: create the pod, wait for it, exec in it, then delete it or say how to.
async fn shell(ctx: &Ctx, args: &DebugArgs, node: &str) -> Result<()> {
    // The node must exist: a pod bound to a missing node would wait forever.
    ctx.get_json(
        &format!("/api/v1/nodes/{}", encode(node)),
        "application/json",
    )
    .await?;
    let timeout = crate::commands::rollout::parse_duration(&args.pod_running_timeout)?;
    let ns = ctx.namespace.clone();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
        ^ u64::from(std::process::id());
    let name = debugger_name(node, seed);
    let pods = format!("/api/v1/namespaces/{}/pods", encode(&ns));
    ctx.send_json(
        http::Method::POST,
        &pods,
        "application/json",
        &debugger_pod(&name, node, &args.image),
    )
    .await?;
    eprintln!("Creating debugging pod {name} with container {CONTAINER} on node {node}.");
    let outcome = match wait_running(ctx, &ns, &name, timeout).await {
        Ok(()) => exec(ctx, &ns, &name, &args.command, args.stdin).await,
        Err(e) => Err(e),
    };
    if args.rm {
        let path = format!("{pods}/{}", encode(&name));
        if let Err(e) = ctx
            .send_json(
                http::Method::DELETE,
                &path,
                "application/json",
                &json!({"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0}),
            )
            .await
        {
            eprintln!("error: deleting pod {name}: {e}");
        } else {
            eprintln!("pod \"{name}\" deleted");
        }
    } else {
        eprintln!("Don't forget to delete the debugging pod: rkctl delete pod {name} -n {ns}");
    }
    outcome
}

/// Polls the pod until it runs; a pod that cannot start fails with `rkctl why`'s answer.
async fn wait_running(ctx: &Ctx, ns: &str, name: &str, timeout: Duration) -> Result<()> {
    let path = format!("/api/v1/namespaces/{}/pods/{}", encode(ns), encode(name));
    let start = Instant::now();
    let mut polls = 0u32;
    loop {
        polls += 1;
        let pod = ctx.get_json(&path, "application/json").await?;
        let phase = pod
            .pointer("/status/phase")
            .and_then(Value::as_str)
            .unwrap_or("");
        if phase == "Running" {
            return Ok(());
        }
        let subject = format!("pod/{name}");
        let answer = explain_pod(&subject, &pod, &PodFacts::default());
        let mut stuck =
            matches!(phase, "Succeeded" | "Failed") || answer.verdict.starts_with("is not running");
        // Every few seconds: a failure the agent keeps repeating (a sandbox or container it
        // cannot create) will not fix itself either.
        if !stuck && polls.is_multiple_of(6) {
            let facts = pod_facts(ctx, &pod).await;
            stuck = repeated_failure(&facts.events);
        }
        if stuck || start.elapsed() > timeout {
            // `rkctl why`'s answer, with the pod's events and logs.
            let why = explain_pod(&subject, &pod, &pod_facts(ctx, &pod).await).render();
            return Err(Error::Usage(format!(
                "the debugging pod did not start{}:\n{}",
                if stuck { "" } else { " in time" },
                why.trim_end()
            )));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Whether a warning about the pod's start has been repeated (count 3 or more).
pub fn repeated_failure(events: &[Value]) -> bool {
    events.iter().any(|e| {
        e.get("type").and_then(Value::as_str) == Some("Warning")
            && matches!(
                e.get("reason").and_then(Value::as_str),
                Some("Failed" | "FailedCreatePodSandBox" | "FailedMount")
            )
            && e.get("count").and_then(Value::as_i64).unwrap_or(1) >= 3
    })
}

/// Runs `command` (`sh` when empty) in the debugging container with `rkctl exec`'s client:
/// this process's stdout and stderr, and its stdin for an interactive shell or with `-i` (a TTY
/// when stdin and stdout are terminals); the command's exit code becomes ours.
async fn exec(ctx: &Ctx, ns: &str, name: &str, command: &[String], stdin: bool) -> Result<()> {
    let (command, stdin) = if !command.is_empty() {
        (command.to_vec(), stdin)
    } else if std::io::stdin().is_terminal() {
        (vec!["sh".to_string()], true)
    } else {
        // A script piped to the shell: read to its end here and run it with `sh -c`, so that
        // it ends where the input does (WebSocket v4, which kubelets before 1.30 speak,
        // cannot pass on the end of stdin).
        let mut script = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut script).map_err(|source| {
            Error::Io {
                context: "reading the script from stdin".into(),
                source,
            }
        })?;
        (vec!["sh".to_string(), "-c".to_string(), script], false)
    };
    let tty = stdin && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let code =
        crate::commands::exec::run(ctx, ns, name, Some(CONTAINER), &command, stdin, tty).await?;
    crate::commands::exec::exit_with(crate::stream::Outcome::Exited(code))
}

#[cfg(test)]
#[path = "debug_tests.rs"]
mod tests;
