//! `rkd bench sim`: the control plane and one `rkd agent --runtime sim --nodes N`, both child
//! processes. By default the control plane is `rkd server` (API server, controller manager and
//! scheduler in one process, node IPAM handing out the podCIDRs) and pods are created unbound,
//! so rk's scheduler places every one; `--control-plane apiserver` runs the API server alone and
//! creates the pods with spec.nodeName already set (spread over the nodes). Pods are created by
//! 64 concurrent HTTPS clients; one admin watch sees each become Running and Ready. Prints pods
//! created→Running per second, create→Running latency, the time N nodes take to join and become
//! Ready, and resident memory of agent and control plane — next to the baseline from the same
//! run: the API server's raw create throughput for the same pods without any node (what the
//! scheduler's bindings and the agent's status writes compete with).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use serde_json::Value;

use super::apiserver::{Server, drive, request};
use super::stats::{cpu_seconds, ms, quantile, rss_bytes};

#[derive(clap::Args)]
pub struct Args {
    /// A tiny run that only checks the benchmark works (used by `make test`).
    #[arg(long)]
    smoke: bool,
    /// Simulated nodes (full size: 5,000).
    #[arg(long)]
    nodes: Option<usize>,
    /// Pods (full size: 150,000).
    #[arg(long)]
    pods: Option<usize>,
    /// Extra arguments for the agent (e.g. `--relist-period=2s`).
    #[arg(long = "agent-arg", allow_hyphen_values = true)]
    agent_args: Vec<String>,
    /// What serves the cluster: `server` (`rkd server`: rk's scheduler binds every pod, the
    /// controller manager runs), `split` (the same roles as three processes, `rkd apiserver`,
    /// `rkd controller-manager` and `rkd scheduler`, each measured apart) or `apiserver` (the
    /// API server alone, pods created bound).
    #[arg(long, value_enum, default_value_t = ControlPlane::Server)]
    control_plane: ControlPlane,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ControlPlane {
    Server,
    Split,
    Apiserver,
}

/// A process whose CPU and resident memory the bench reports.
struct Measured {
    name: String,
    pid: String,
    rss_nodes_only: u64,
    cpu_before: f64,
}

impl Measured {
    fn new(name: &str, pid: String) -> Measured {
        Measured {
            name: name.to_string(),
            pid,
            rss_nodes_only: 0,
            cpu_before: 0.0,
        }
    }
}

/// The cluster CIDR of the `rkd server` run: a /24 per node for up to 65,536 nodes.
const CLUSTER_CIDR: &str = "10.0.0.0/8";

fn pod_json(ns: &str, name: &str, node: Option<&str>) -> String {
    let mut pod = serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "labels": {"app": "bench"}},
        "spec": {"containers": [{"name": "web", "image": "busybox:1.36",
                                  "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}}]}
    });
    if let Some(n) = node {
        pod["spec"]["nodeName"] = Value::String(n.to_string());
    }
    pod.to_string()
}

/// Counts pods seen Running and Ready (by name), with when.
#[derive(Default)]
struct Seen {
    running: HashMap<String, Instant>,
}

#[derive(serde::Deserialize)]
struct Ev {
    #[serde(rename = "type")]
    kind: String,
    object: Obj,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Obj {
    metadata: Meta,
    status: St,
}

#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Meta {
    name: String,
    resource_version: String,
    #[serde(rename = "continue")]
    cont: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct St {
    phase: String,
    conditions: Vec<Cond>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Cond {
    #[serde(rename = "type")]
    kind: String,
    status: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct List {
    metadata: Meta,
    items: Vec<Obj>,
}

impl Obj {
    fn running_and_ready(&self) -> bool {
        self.status.phase == "Running"
            && self
                .status
                .conditions
                .iter()
                .any(|c| c.kind == "Ready" && c.status == "True")
    }
}

fn mark(seen: &Mutex<Seen>, obj: &Obj) {
    if obj.running_and_ready() {
        let mut s = seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        s.running
            .entry(obj.metadata.name.clone())
            .or_insert_with(Instant::now);
    }
}

/// Watches the namespace, marking pods Running and Ready; when the watch ends (a timeout, or
/// the server cutting off a watcher that fell behind) it relists page by page and watches again.
async fn watch_running(
    server: Arc<Server>,
    ns: String,
    rv: String,
    seen: Arc<Mutex<Seen>>,
) -> anyhow::Result<()> {
    let mut rv = rv;
    loop {
        let mut send = server.connect().await?;
        send.ready().await?;
        let req = hyper::Request::builder()
            .uri(format!(
                "/api/v1/namespaces/{ns}/pods?watch=true&resourceVersion={rv}"
            ))
            .header("host", "127.0.0.1")
            .body(Full::new(Bytes::new()))?;
        let mut body = send.send_request(req).await?.into_body();
        let mut buf = Vec::<u8>::new();
        'stream: while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else { break };
            if let Ok(data) = frame.into_data() {
                buf.extend_from_slice(&data);
            }
            let mut start = 0;
            while let Some(pos) = buf[start..].iter().position(|b| *b == b'\n') {
                let line = &buf[start..start + pos];
                start += pos + 1;
                let Ok(ev) = serde_json::from_slice::<Ev>(line) else {
                    continue;
                };
                if ev.kind == "ERROR" {
                    break 'stream;
                }
                if !ev.object.metadata.resource_version.is_empty() {
                    rv = ev.object.metadata.resource_version.clone();
                }
                mark(&seen, &ev.object);
            }
            buf.drain(..start);
        }
        // The watch ended: relist (what changed while no watch was open is in the pages).
        {
            let mut cont = String::new();
            loop {
                let mut send = server.connect().await?;
                let path = format!("/api/v1/namespaces/{ns}/pods?limit=5000&continue={cont}");
                let (code, body) = request(&mut send, "GET", &path, None).await?;
                anyhow::ensure!(code == 200, "relist: {code}");
                let list: List = serde_json::from_slice(&body)?;
                for obj in &list.items {
                    mark(&seen, obj);
                }
                if cont.is_empty() {
                    rv = list.metadata.resource_version.clone();
                }
                cont = list.metadata.cont;
                if cont.is_empty() {
                    break;
                }
            }
        }
    }
}

async fn ready_nodes(server: &Server) -> anyhow::Result<usize> {
    let mut send = server.connect().await?;
    let (code, body) = request(&mut send, "GET", "/api/v1/nodes", None).await?;
    anyhow::ensure!(code == 200, "list nodes: {code}");
    let v: Value = serde_json::from_slice(&body)?;
    Ok(v["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| {
            n.pointer("/status/conditions")
                .and_then(Value::as_array)
                .is_some_and(|cs| {
                    cs.iter()
                        .any(|c| c["type"] == "Ready" && c["status"] == "True")
                })
        })
        .count())
}

fn row(what: &str, figure: String, baseline: String, goal: &str) {
    println!("{what:<62} {figure:>12} {baseline:>16}  {goal}");
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let nodes = args.nodes.unwrap_or(if args.smoke { 10 } else { 5_000 });
    let pods = args.pods.unwrap_or(if args.smoke { 300 } else { 150_000 });
    let baseline_pods = pods.min(if args.smoke { 300 } else { 20_000 });
    // Baseline: an API server of its own creating the same pods (no node, nothing watching).
    let baseline_rate = {
        let server = Arc::new(Server::start().await?);
        tokio::time::sleep(Duration::from_millis(300)).await;
        eprintln!(
            "bench sim: baseline — {baseline_pods} pods created on an API server without nodes"
        );
        let t = Instant::now();
        drive(&server, baseline_pods, |i| {
            (
                "POST",
                "/api/v1/namespaces/default/pods".into(),
                Some(pod_json("default", &format!("b{i:06}"), None)),
            )
        })
        .await?;
        baseline_pods as f64 / t.elapsed().as_secs_f64()
    };

    // With a scheduler, pods are created unbound.
    let full = args.control_plane != ControlPlane::Apiserver;
    let server = Arc::new(if args.control_plane == ControlPlane::Server {
        Server::start_role(&["server", "--cluster-cidr", CLUSTER_CIDR]).await?
    } else {
        Server::start().await?
    });
    let mut measured = vec![Measured::new(
        if args.control_plane == ControlPlane::Server {
            "rkd server"
        } else {
            "rkd apiserver"
        },
        server.pid(),
    )];
    // `split`: the controller manager and the scheduler as processes of their own.
    let mut roles = Vec::new();
    if args.control_plane == ControlPlane::Split {
        let kubeconfig = server.dir.path().join("admin.kubeconfig");
        for (name, extra) in [
            ("controller-manager", vec!["--cluster-cidr", CLUSTER_CIDR]),
            ("scheduler", vec![]),
        ] {
            let child = tokio::process::Command::new(std::env::current_exe()?)
                .arg(name)
                .arg("--kubeconfig")
                .arg(&kubeconfig)
                .arg("--data-dir")
                .arg(server.dir.path().join(name))
                .args(extra)
                .stdout(std::process::Stdio::null())
                .stderr(std::fs::File::create(
                    server.dir.path().join(format!("{name}.log")),
                )?)
                .kill_on_drop(true)
                .spawn()?;
            measured.push(Measured::new(
                &format!("rkd {name}"),
                child.id().map_or("0".into(), |p| p.to_string()),
            ));
            roles.push(child);
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut send = server.connect().await?;
    let (code, body) = request(
        &mut send,
        "POST",
        "/api/v1/namespaces",
        Some(r#"{"metadata":{"name":"bench"}}"#.to_string()),
    )
    .await?;
    anyhow::ensure!(
        code < 300,
        "create namespace bench: {}",
        String::from_utf8_lossy(&body)
    );

    // The agent with N nodes.
    let token =
        std::fs::read_to_string(server.dir.path().join("node-token")).context("node-token")?;
    let log = std::fs::File::create(server.dir.path().join("agent.log"))?;
    eprintln!("bench sim: {nodes} simulated nodes joining");
    let join_start = Instant::now();
    let mut agent = tokio::process::Command::new(std::env::current_exe()?)
        .args([
            "agent",
            "--runtime",
            "sim",
            "--nodes",
            &nodes.to_string(),
            "--server",
            &format!("https://{}", server.addr),
            "--token",
            token.trim(),
            "--kubelet-port",
            "0",
        ])
        .args(&args.agent_args)
        .stdout(std::process::Stdio::null())
        .stderr(log)
        .kill_on_drop(true)
        .spawn()?;
    let agent_pid = agent.id().map_or("0".into(), |p| p.to_string());
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        if ready_nodes(&server).await? >= nodes {
            break;
        }
        if let Some(status) = agent.try_wait()? {
            anyhow::bail!(
                "the agent exited ({status}); see {}",
                server.dir.path().join("agent.log").display()
            );
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "{nodes} nodes not Ready within 10 minutes"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let join_time = join_start.elapsed();
    let agent_idle = rss_bytes(&agent_pid).unwrap_or(0);
    for m in &mut measured {
        m.rss_nodes_only = rss_bytes(&m.pid).unwrap_or(0);
    }

    // Pods bound to the nodes, watched until every one is Running and Ready.
    let (code, body) = request(&mut send, "GET", "/api/v1/namespaces/bench/pods", None).await?;
    anyhow::ensure!(code == 200, "list: {code}");
    let rv = serde_json::from_slice::<Value>(&body)?
        .pointer("/metadata/resourceVersion")
        .and_then(Value::as_str)
        .unwrap_or("0")
        .to_string();
    eprintln!(
        "bench sim: {pods} pods {} ({:.1} s to join)",
        if full {
            "created for rk's scheduler to place"
        } else {
            "created bound to the nodes"
        },
        join_time.as_secs_f64()
    );
    let agent_cpu_before = cpu_seconds(&agent_pid).unwrap_or(0.0);
    for m in &mut measured {
        m.cpu_before = cpu_seconds(&m.pid).unwrap_or(0.0);
    }
    let seen = Arc::new(Mutex::new(Seen::default()));
    let watcher = tokio::spawn(watch_running(
        server.clone(),
        "bench".into(),
        rv,
        seen.clone(),
    ));
    let created: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let c2 = created.clone();
    let start = Instant::now();
    let create_task = {
        let server = server.clone();
        tokio::spawn(async move {
            drive(&server, pods, move |i| {
                let name = format!("p{i:06}");
                c2.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .insert(name.clone(), Instant::now());
                (
                    "POST",
                    "/api/v1/namespaces/bench/pods".into(),
                    Some(pod_json(
                        "bench",
                        &name,
                        (!full).then(|| format!("sim-{}", i % nodes)).as_deref(),
                    )),
                )
            })
            .await
        })
    };
    let mut created_all = None;
    let mut last_count = 0;
    let mut last_progress = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        if created_all.is_none() && create_task.is_finished() {
            created_all = Some(start.elapsed());
        }
        let count = seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .running
            .len();
        if count >= pods {
            break;
        }
        if count != last_count {
            last_count = count;
            last_progress = Instant::now();
        }
        if last_progress.elapsed() > Duration::from_secs(120) {
            let mut logs = String::new();
            for file in [
                "agent.log",
                "server.log",
                "controller-manager.log",
                "scheduler.log",
            ] {
                let Ok(log) = std::fs::read_to_string(server.dir.path().join(file)) else {
                    continue;
                };
                let lines: Vec<&str> = log.lines().collect();
                logs.push_str(&format!(
                    "\n{file}, last lines:\n{}",
                    lines[lines.len().saturating_sub(20)..].join("\n")
                ));
            }
            anyhow::bail!("stalled at {count} of {pods} pods Running{logs}");
        }
    }
    create_task.await??;
    let elapsed = start.elapsed();
    let create_elapsed = created_all.unwrap_or(elapsed);
    watcher.abort();
    let agent_cpu = cpu_seconds(&agent_pid).unwrap_or(0.0) - agent_cpu_before;
    let agent_rss = rss_bytes(&agent_pid).unwrap_or(0);
    // (name, cores while the pods started, RSS nodes only, RSS with the pods)
    let planes: Vec<(String, f64, u64, u64)> = measured
        .iter()
        .map(|m| {
            let cpu = cpu_seconds(&m.pid).unwrap_or(0.0) - m.cpu_before;
            (
                m.name.clone(),
                cpu / elapsed.as_secs_f64(),
                m.rss_nodes_only,
                rss_bytes(&m.pid).unwrap_or(0),
            )
        })
        .collect();
    let mut latencies: Vec<Duration> = {
        let created = created
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let seen = seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        seen.running
            .iter()
            .filter_map(|(n, at)| created.get(n).map(|c| at.saturating_duration_since(*c)))
            .collect()
    };
    let _ = agent.kill().await;

    let mb = |b: u64| b as f64 / (1 << 20) as f64;
    let plane = planes
        .iter()
        .map(|p| format!("`{}`", p.0))
        .collect::<Vec<_>>()
        .join(" + ");
    let placed = if full {
        "placed by rk's scheduler"
    } else {
        "with nodeName set"
    };
    println!(
        "rk simulated nodes benchmark: {plane} + `rkd agent --runtime sim --nodes {nodes}`, {pods} pods {placed}, 64 HTTPS clients creating"
    );
    println!(
        "machine: {} cores; {}",
        super::stats::cores(),
        super::stats::size(args.smoke)
    );
    println!();
    row("figure", "rk".into(), "baseline".into(), "goal");
    row(
        &format!("pods created→Running+Ready per second ({pods})"),
        format!("{:.0}", pods as f64 / elapsed.as_secs_f64()),
        format!("{baseline_rate:.0} creates/s"),
        ">= 500/s (kwok: 20/s); baseline = API creates alone",
    );
    row(
        "pods created per second meanwhile (creation alone)",
        format!("{:.0}", pods as f64 / create_elapsed.as_secs_f64()),
        "-".into(),
        "",
    );
    row(
        "create→Running p50 (ms)",
        format!("{:.0}", ms(quantile(&mut latencies, 0.5))),
        "-".into(),
        "",
    );
    row(
        "create→Running p99 (ms)",
        format!("{:.0}", ms(quantile(&mut latencies, 0.99))),
        "-".into(),
        "",
    );
    for (name, cores, _, _) in &planes {
        row(
            &format!("CPU while pods start: {name} (cores)"),
            format!("{cores:.2}"),
            "-".into(),
            "",
        );
    }
    row(
        "CPU while pods start: agent (cores)",
        format!("{:.2}", agent_cpu / elapsed.as_secs_f64()),
        "-".into(),
        "",
    );
    row(
        &format!("{nodes} nodes joined and Ready (s)"),
        format!("{:.1}", join_time.as_secs_f64()),
        "-".into(),
        "",
    );
    row(
        "agent resident memory, nodes only (MiB)",
        format!("{:.1}", mb(agent_idle)),
        "-".into(),
        "",
    );
    row(
        "agent resident memory per node (KiB)",
        format!("{:.1}", agent_idle as f64 / 1024.0 / nodes as f64),
        "-".into(),
        "",
    );
    row(
        &format!("agent resident memory with {pods} pods (MiB)"),
        format!("{:.1}", mb(agent_rss)),
        "-".into(),
        "",
    );
    for (name, _, idle, rss) in &planes {
        row(
            &format!("{name} resident memory, nodes only (MiB)"),
            format!("{:.1}", mb(*idle)),
            "-".into(),
            "",
        );
        row(
            &format!("{name} resident memory with {pods} pods (MiB)"),
            format!("{:.1}", mb(*rss)),
            "-".into(),
            "",
        );
    }
    row(
        "total resident memory (MiB)",
        format!(
            "{:.1}",
            mb(agent_rss + planes.iter().map(|p| p.3).sum::<u64>())
        ),
        "-".into(),
        "<= 8 GiB",
    );
    Ok(())
}
