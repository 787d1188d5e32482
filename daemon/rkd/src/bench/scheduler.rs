//! `rkd bench scheduler`: Kubernetes' scheduler_perf workloads on rk. `rkd apiserver` runs as a
//! child on the embedded store; the scheduler runs in this process and binds through the API
//! (pods/binding), like kube-scheduler against kube-apiserver in scheduler_perf. Each case makes
//! its nodes from scheduler_perf's node template (110 pods, 4 CPU, 32Gi), creates the init pods
//! and waits for them to be bound, then creates the measured pods from 64 clients while the
//! scheduler runs: pods/s = measured pods ÷ (first create → last binding), and p99 of each
//! measured pod's latency from entering the queue to its binding being accepted. Upstream's
//! thresholds are printed beside them (goal: at least twice each).

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::apiserver::{Server, drive, request};
use super::stats::{ms, quantile};

#[derive(clap::Args)]
pub struct Args {
    /// A tiny run that only checks the benchmark works (used by `make test`).
    #[arg(long)]
    smoke: bool,
    /// Run only the named case (SchedulingBasic, NodeAffinity, TopologySpreading, PodAntiAffinity).
    #[arg(long)]
    case: Option<String>,
    /// Skip the per-pod `Scheduled` events (kube-scheduler emits them; on by default).
    #[arg(long)]
    no_events: bool,
}

#[derive(Clone, Copy)]
enum Template {
    Default,
    NodeAffinity,
    TopologySpreading,
    PodAntiAffinity,
}

struct Case {
    name: &'static str,
    nodes: usize,
    init_pods: usize,
    init_template: Template,
    measure_pods: usize,
    template: Template,
    /// Zone label values given to nodes round-robin (scheduler_perf's labelNodePrepareStrategy).
    zones: &'static [&'static str],
    threshold: f64,
}

fn cases(smoke: bool) -> Vec<Case> {
    let s = |full: usize, small: usize| if smoke { small } else { full };
    vec![
        Case {
            name: "SchedulingBasic",
            nodes: s(5000, 50),
            init_pods: s(1000, 20),
            init_template: Template::Default,
            measure_pods: s(10_000, 100),
            template: Template::Default,
            zones: &[],
            threshold: 680.0,
        },
        Case {
            name: "NodeAffinity",
            nodes: s(5000, 50),
            init_pods: s(1000, 20),
            init_template: Template::Default,
            measure_pods: s(10_000, 100),
            template: Template::NodeAffinity,
            zones: &["zone1"],
            threshold: 220.0,
        },
        Case {
            name: "TopologySpreading",
            nodes: s(5000, 50),
            init_pods: s(5000, 20),
            init_template: Template::Default,
            measure_pods: s(5000, 100),
            template: Template::TopologySpreading,
            zones: &["moon-1", "moon-2", "moon-3"],
            threshold: 460.0,
        },
        Case {
            name: "PodAntiAffinity",
            nodes: s(5000, 50),
            init_pods: s(1000, 10),
            init_template: Template::PodAntiAffinity,
            measure_pods: s(1000, 30),
            template: Template::PodAntiAffinity,
            zones: &[],
            threshold: 60.0,
        },
    ]
}

fn node_json(i: usize, zones: &[&str]) -> String {
    let name = format!("scheduler-perf-{i:05}");
    let mut labels = serde_json::json!({"kubernetes.io/hostname": name});
    if !zones.is_empty() {
        labels["topology.kubernetes.io/zone"] = zones[i % zones.len()].into();
    }
    serde_json::json!({
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": labels},
        "spec": {},
        "status": {"capacity": {"pods": "110", "cpu": "4", "memory": "32Gi"},
                   "allocatable": {"pods": "110", "cpu": "4", "memory": "32Gi"},
                   "conditions": [{"type": "Ready", "status": "True"}],
                   "phase": "Running"}
    })
    .to_string()
}

/// scheduler_perf's pod templates (pause container, 100m CPU and 500Mi requests and limits).
fn pod_json(t: Template, ns: &str, name: &str) -> String {
    let container = serde_json::json!([{"name": "pause", "image": "registry.k8s.io/pause:3.10",
        "ports": [{"containerPort": 80}],
        "resources": {"limits": {"cpu": "100m", "memory": "500Mi"}, "requests": {"cpu": "100m", "memory": "500Mi"}}}]);
    let mut pod = serde_json::json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns}, "spec": {"containers": container}});
    match t {
        Template::Default => {}
        Template::NodeAffinity => {
            pod["spec"]["affinity"] = serde_json::json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchExpressions": [{"key": "topology.kubernetes.io/zone", "operator": "In", "values": ["zone1", "zone2"]}]}]}}});
        }
        Template::TopologySpreading => {
            pod["metadata"]["labels"] = serde_json::json!({"color": "blue"});
            pod["spec"]["topologySpreadConstraints"] = serde_json::json!([{"maxSkew": 5,
                "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
                "labelSelector": {"matchLabels": {"color": "blue"}}}]);
        }
        Template::PodAntiAffinity => {
            pod["metadata"]["labels"] = serde_json::json!({"color": "green"});
            pod["spec"]["affinity"] = serde_json::json!({"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{
                "labelSelector": {"matchLabels": {"color": "green"}}, "topologyKey": "kubernetes.io/hostname",
                "namespaces": ["sched-test", "sched-setup"]}]}});
        }
    }
    pod.to_string()
}

/// Waits until the scheduler has bound `n` pods since its metrics were last cleared.
async fn wait_bound(
    metrics: &rk_scheduler::Metrics,
    n: u64,
    timeout: Duration,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + timeout;
    loop {
        let notified = metrics.changed.notified();
        let bound = metrics.bound.load(Ordering::Relaxed);
        if bound >= n {
            return Ok(());
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "{bound} of {n} pods bound after {timeout:?} ({} unschedulable attempts, {} bind failures)",
            metrics.unschedulable.load(Ordering::Relaxed),
            metrics.bind_failures.load(Ordering::Relaxed)
        );
        let _ = tokio::time::timeout(Duration::from_millis(200), notified).await;
    }
}

/// User + system CPU seconds of a process so far, from /proc (`self` or a pid).
fn cpu_seconds(pid: &str) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) start at state; utime and stime
    // are the 14th and 15th fields overall.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

struct Figures {
    /// CPU seconds during the measured phase: this process (scheduler + pod creators), API server.
    cpu_self: f64,
    cpu_server: f64,
    elapsed: Duration,
    pods_per_sec: f64,
    p50: Duration,
    p99: Duration,
    attempt_p99: Duration,
    /// `Scheduled` events dropped by the scheduler's full event queue (as upstream's).
    events_dropped: u64,
}

async fn run_case(case: &Case, events: bool) -> anyhow::Result<Figures> {
    let server = Arc::new(Server::start().await?);
    let mut send = server.connect().await?;
    for ns in ["sched-setup", "sched-test"] {
        let (code, body) = request(
            &mut send,
            "POST",
            "/api/v1/namespaces",
            Some(format!(r#"{{"metadata":{{"name":"{ns}"}}}}"#)),
        )
        .await?;
        anyhow::ensure!(
            code < 300,
            "namespace {ns}: {}",
            String::from_utf8_lossy(&body)
        );
    }
    let zones = case.zones;
    drive(&server, case.nodes, move |i| {
        ("POST", "/api/v1/nodes".into(), Some(node_json(i, zones)))
    })
    .await?;

    let client = crate::roles::scheduler::client_from_kubeconfig(
        &server.dir.path().join("admin.kubeconfig"),
    )
    .await?;
    let mut cfg = rk_scheduler::Config::new(client);
    cfg.scheduled_events = events;
    let metrics = cfg.metrics.clone();
    let shutdown = tokio_util::sync::CancellationToken::new();
    let sched = tokio::spawn(rk_scheduler::run(cfg, shutdown.clone()));

    let init_t = case.init_template;
    drive(&server, case.init_pods, move |i| {
        (
            "POST",
            "/api/v1/namespaces/sched-setup/pods".into(),
            Some(pod_json(init_t, "sched-setup", &format!("init-{i:05}"))),
        )
    })
    .await?;
    wait_bound(&metrics, case.init_pods as u64, Duration::from_secs(600))
        .await
        .context("init pods")?;
    metrics.bound.store(0, Ordering::Relaxed);
    metrics.events_dropped.store(0, Ordering::Relaxed);
    if let Ok(mut v) = metrics.e2e.lock() {
        v.clear();
    }
    if let Ok(mut v) = metrics.attempt.lock() {
        v.clear();
    }

    let t = case.template;
    let (cpu_self0, cpu_server0) = (cpu_seconds("self"), cpu_seconds(&server.pid()));
    let started = Instant::now();
    drive(&server, case.measure_pods, move |i| {
        (
            "POST",
            "/api/v1/namespaces/sched-test/pods".into(),
            Some(pod_json(t, "sched-test", &format!("measured-{i:05}"))),
        )
    })
    .await?;
    wait_bound(&metrics, case.measure_pods as u64, Duration::from_secs(600))
        .await
        .context("measured pods")?;
    let elapsed = started.elapsed();
    let (cpu_self, cpu_server) = (
        cpu_seconds("self") - cpu_self0,
        cpu_seconds(&server.pid()) - cpu_server0,
    );
    shutdown.cancel();
    let _ = sched.await;
    // Let in-flight Scheduled events finish before the API server goes away.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut e2e = metrics.e2e.lock().map(|v| v.clone()).unwrap_or_default();
    let mut attempt = metrics
        .attempt
        .lock()
        .map(|v| v.clone())
        .unwrap_or_default();
    Ok(Figures {
        cpu_self,
        cpu_server,
        elapsed,
        pods_per_sec: case.measure_pods as f64 / elapsed.as_secs_f64(),
        p50: quantile(&mut e2e, 0.5),
        p99: quantile(&mut e2e, 0.99),
        attempt_p99: quantile(&mut attempt, 0.99),
        events_dropped: metrics.events_dropped.load(Ordering::Relaxed),
    })
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    println!(
        "rk scheduler benchmark: scheduler_perf's workloads, `rkd apiserver` (embedded store) + in-process scheduler binding through the API"
    );
    println!(
        "machine: {} cores; {}; Scheduled events {}",
        super::stats::cores(),
        super::stats::size(args.smoke),
        if args.no_events { "off" } else { "on" }
    );
    println!();
    println!(
        "{:<20} {:>12} {:>9} {:>10} {:>10} {:>10} {:>14} {:>10}  goal",
        "case",
        "nodes/pods",
        "pods/s",
        "p50 (ms)",
        "p99 (ms)",
        "attempt p99",
        "upstream pods/s",
        "ratio",
    );
    let mut cpu = Vec::new();
    for case in cases(args.smoke) {
        if args.case.as_deref().is_some_and(|c| c != case.name) {
            continue;
        }
        let f = run_case(&case, !args.no_events)
            .await
            .with_context(|| case.name)?;
        println!(
            "{:<20} {:>12} {:>9.0} {:>10.1} {:>10.1} {:>10.1} {:>14.0} {:>9.1}x  >= 2x",
            case.name,
            format!("{}/{}", case.nodes, case.init_pods + case.measure_pods),
            f.pods_per_sec,
            ms(f.p50),
            ms(f.p99),
            ms(f.attempt_p99),
            case.threshold,
            f.pods_per_sec / case.threshold
        );
        cpu.push(format!(
            "  {}: {:.1} s measured; CPU s: rkd bench (scheduler + pod creators) {:.1}, rkd apiserver {:.1}; Scheduled events dropped (queue full) {}",
            case.name,
            f.elapsed.as_secs_f64(),
            f.cpu_self,
            f.cpu_server,
            f.events_dropped
        ));
    }
    println!();
    for line in cpu {
        println!("{line}");
    }
    Ok(())
}
