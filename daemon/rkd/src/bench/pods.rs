//! `rkd bench pods`: real pods through containerd. Phases, each on a fresh data dir:
//! 1. the baseline: the raw CRI sequence (RunPodSandbox + CreateContainer + StartContainer) on a
//!    managed containerd, sequentially, then 20 at once;
//! 2. `rkd up` → a Ready node (and from containerd's socket appearing → Ready);
//! 3. `rkd server` + `rkd agent` as separate processes: pod create → Running (seen by a watch)
//!    for 1 pod at a time and 20 at once; agent RSS idle and with 50 pods, containerd and shims
//!    reported separately.
//!
//! Every data dir is removed with `rkd reset` at the end, also when a phase fails.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams, PostParams, WatchEvent, WatchParams};
use rk_kubelet::runtime::cri::CriRuntime;
use rk_kubelet::runtime::{ContainerConfig, Runtime, SandboxConfig};

use super::stats::{ms, quantile, rss_bytes};

#[derive(clap::Args)]
pub struct Args {
    /// A tiny run that only checks the benchmark works (used by `make test`).
    #[arg(long)]
    smoke: bool,
    /// Also print where a pod's start-up time goes: the API side (create, scheduled, Running
    /// seen by the watch) with the agent's own stages (`RUST_LOG=rk_kubelet::startup=debug`
    /// in the agent), and the raw sequence's three calls; medians per stage.
    #[arg(long)]
    stages: bool,
}

struct Sizes {
    singles: usize,
    concurrent: usize,
    loaded: usize,
}

/// Runs `rkd reset` for each dir on drop.
struct Cleanup(Vec<PathBuf>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for d in &self.0 {
            if let Ok(exe) = std::env::current_exe() {
                let _ = std::process::Command::new(exe)
                    .args(["reset", "--data-dir"])
                    .arg(d)
                    .output();
            }
        }
    }
}

/// A child process killed on drop.
struct Child(tokio::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.start_kill();
    }
}

fn spawn(args: &[&str], log: &Path) -> anyhow::Result<Child> {
    spawn_env(args, log, &[])
}

fn spawn_env(args: &[&str], log: &Path, env: &[(&str, &str)]) -> anyhow::Result<Child> {
    let file = std::fs::File::create(log)?;
    let child = tokio::process::Command::new(std::env::current_exe()?)
        .args(args)
        .envs(env.iter().copied())
        .stdout(file.try_clone()?)
        .stderr(file)
        .kill_on_drop(true)
        .spawn()?;
    Ok(Child(child))
}

async fn wait_file(path: &Path, within: Duration) -> anyhow::Result<Instant> {
    let deadline = Instant::now() + within;
    while !path.exists() {
        anyhow::ensure!(
            Instant::now() < deadline,
            "{} did not appear",
            path.display()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Ok(Instant::now())
}

async fn wait_node_ready(client: &kube::Client, within: Duration) -> anyhow::Result<Instant> {
    let nodes: Api<k8s_openapi::api::core::v1::Node> = Api::all(client.clone());
    let deadline = Instant::now() + within;
    loop {
        if let Ok(list) = nodes.list(&Default::default()).await {
            let ready = list.items.iter().any(|n| {
                n.status
                    .as_ref()
                    .and_then(|s| s.conditions.as_ref())
                    .is_some_and(|c| c.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
            });
            if ready {
                return Ok(Instant::now());
            }
        }
        anyhow::ensure!(Instant::now() < deadline, "no Ready node within {within:?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn client(dir: &Path) -> anyhow::Result<kube::Client> {
    wait_file(&dir.join("admin.kubeconfig"), Duration::from_secs(30)).await?;
    crate::roles::controller_manager::client_from(&dir.join("admin.kubeconfig")).await
}

/// Phase 1: the raw CRI sequence on a managed containerd.
/// The raw sequence's parts, per run: (call, time).
type RawParts = Vec<[(&'static str, Duration); 3]>;

async fn raw_cri(
    dir: &Path,
    sizes: &Sizes,
) -> anyhow::Result<(Vec<Duration>, Vec<Duration>, RawParts, RawParts)> {
    let m = rk_kubelet::containerd::ensure(dir).await?;
    let rt = CriRuntime::connect(&m.paths.socket)
        .await?
        .with_cgroup_root(&format!("/{}", m.network.bridge))
        .with_network(m.network);
    rk_kubelet::agent::import_images(&rt, dir).await?;
    rt.update_pod_cidr("10.236.1.0/24");
    let deadline = Instant::now() + Duration::from_secs(20);
    while rt.ready().await? != (true, true) {
        anyhow::ensure!(
            Instant::now() < deadline,
            "containerd's network never became ready"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let one = |i: usize| {
        let rt = rt.clone();
        async move {
            let uid = format!("raw-{i}");
            let sb = SandboxConfig {
                name: uid.clone(),
                namespace: "bench".into(),
                uid: uid.clone(),
                hostname: uid.clone(),
                cgroup_parent: format!("/rkpods/pod{uid}"),
                ..SandboxConfig::default()
            };
            let c = ContainerConfig {
                name: "c".into(),
                image: rk_kubelet::images::BUSYBOX_IMAGE.into(),
                command: vec!["sleep".into(), "3600".into()],
                ..ContainerConfig::default()
            };
            let t = Instant::now();
            let sid = rt.run_pod_sandbox(&sb).await?;
            let t1 = t.elapsed();
            let cid = rt.create_container(&sid, &c, &sb).await?;
            let t2 = t.elapsed();
            rt.start_container(&cid).await?;
            let t3 = t.elapsed();
            let parts = [
                ("RunPodSandbox (netns, CNI, pause)", t1),
                ("CreateContainer", t2 - t1),
                ("StartContainer", t3 - t2),
            ];
            anyhow::Ok((t3, sid, parts))
        }
    };
    let mut singles = Vec::new();
    let mut sandboxes = Vec::new();
    let (mut parts1, mut parts20) = (Vec::new(), Vec::new());
    for i in 0..sizes.singles {
        let (d, sid, parts) = one(i).await?;
        singles.push(d);
        sandboxes.push(sid);
        parts1.push(parts);
    }
    let results = futures::future::join_all((0..sizes.concurrent).map(|i| one(1000 + i))).await;
    let mut concurrent = Vec::new();
    for r in results {
        let (d, sid, parts) = r?;
        concurrent.push(d);
        sandboxes.push(sid);
        parts20.push(parts);
    }
    for sid in sandboxes {
        let _ = rt.stop_pod_sandbox(&sid).await;
        let _ = rt.remove_pod_sandbox(&sid).await;
    }
    Ok((singles, concurrent, parts1, parts20))
}

fn bench_pod(name: &str) -> anyhow::Result<Pod> {
    Ok(serde_json::from_value(serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "labels": {"app": "bench-pods"}},
        "spec": {
            "terminationGracePeriodSeconds": 0,
            "containers": [{"name": "c", "image": rk_kubelet::images::BUSYBOX_IMAGE,
                            "imagePullPolicy": "IfNotPresent", "command": ["sleep", "3600"]}]
        }
    }))?)
}

/// µs since the epoch.
fn now_us() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros())
}

/// One pod's API-side times (µs since the epoch): create sent, create answered, the watch
/// seeing it bound, the watch seeing it Running.
#[derive(Clone, Debug, Default)]
struct ApiTimes {
    create: u128,
    created: u128,
    scheduled: u128,
    running: u128,
}

/// Creates `names` at once; answers each pod's create → Running (seen by a watch started before).
async fn create_and_time(pods: &Api<Pod>, names: &[String]) -> anyhow::Result<Vec<Duration>> {
    Ok(create_and_trace(pods, names)
        .await?
        .into_values()
        .map(|(d, _)| d)
        .collect())
}

/// As `create_and_time`, with each pod's API-side times.
async fn create_and_trace(
    pods: &Api<Pod>,
    names: &[String],
) -> anyhow::Result<HashMap<String, (Duration, ApiTimes)>> {
    let wp = WatchParams::default().labels("app=bench-pods");
    let mut stream = pods.watch(&wp, "0").await?.boxed();
    let mut started: HashMap<String, Instant> = HashMap::new();
    let answered: std::sync::Arc<std::sync::Mutex<HashMap<String, u128>>> = Default::default();
    let mut times: HashMap<String, ApiTimes> = HashMap::new();
    for n in names {
        started.insert(n.clone(), Instant::now());
        times.entry(n.clone()).or_default().create = now_us();
        let (pods, pod, name, answered) =
            (pods.clone(), bench_pod(n)?, n.clone(), answered.clone());
        tokio::spawn(async move {
            let r = pods.create(&PostParams::default(), &pod).await;
            if let Ok(mut a) = answered.lock() {
                a.insert(name, now_us());
            }
            r
        });
    }
    let mut out = HashMap::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while out.len() < names.len() {
        let ev = tokio::time::timeout_at(deadline, stream.try_next())
            .await
            .context("pods did not become Running within 120 s")??;
        let Some(ev) = ev else {
            anyhow::bail!("the watch ended");
        };
        if let WatchEvent::Added(p) | WatchEvent::Modified(p) = ev {
            let name = p.metadata.name.clone().unwrap_or_default();
            let bound = p.spec.as_ref().is_some_and(|s| s.node_name.is_some());
            if let Some(t) = times.get_mut(&name)
                && bound
                && t.scheduled == 0
            {
                t.scheduled = now_us();
            }
            let running = p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running");
            if running && let Some(t) = started.get(&name) {
                if let Some(t) = times.get_mut(&name)
                    && t.running == 0
                {
                    t.running = now_us();
                }
                out.entry(name).or_insert_with(|| t.elapsed());
            }
        }
    }
    let answered = answered.lock().map(|a| a.clone()).unwrap_or_default();
    Ok(out
        .into_iter()
        .map(|(name, d)| {
            let mut t = times.remove(&name).unwrap_or_default();
            t.created = answered.get(&name).copied().unwrap_or(t.create);
            (name, (d, t))
        })
        .collect())
}

/// Each pod's start-up as named instants (µs): the API side around the agent's stages (from
/// its `rk_kubelet::startup` log lines, matched by pod name).
fn timelines(
    api: &HashMap<String, (Duration, ApiTimes)>,
    agent_log: &str,
) -> Vec<Vec<(String, u128)>> {
    let mut agent: HashMap<String, Vec<(String, u128)>> = HashMap::new();
    for l in agent_log
        .lines()
        .filter(|l| l.contains("rk_kubelet::startup"))
    {
        let l = &strip_ansi(l);
        let field = |key: &str| {
            l.split_whitespace()
                .find_map(|w| w.strip_prefix(key))
                .map(str::to_string)
        };
        if let (Some(pod), Some(stages)) = (field("pod="), field("stages=")) {
            let name = pod.rsplit('/').next().unwrap_or_default().to_string();
            agent.insert(name, rk_kubelet::worker::stages::parse(&stages));
        }
    }
    api.iter()
        .filter_map(|(name, (_, t))| {
            let mut line = vec![
                ("create sent".to_string(), t.create),
                ("create answered".to_string(), t.created),
                ("scheduled (watch)".to_string(), t.scheduled),
            ];
            line.extend(agent.get(name)?.iter().cloned());
            line.push(("Running (watch)".to_string(), t.running));
            Some(line)
        })
        .collect()
}

/// The text of a log line without its terminal colour codes (`ESC [ … m`).
fn strip_ansi(l: &str) -> String {
    let mut out = String::with_capacity(l.len());
    let mut chars = l.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Medians of each step between consecutive stages, in first-seen order.
fn print_stages(title: &str, lines: &[Vec<(String, u128)>]) {
    let mut order: Vec<String> = Vec::new();
    let mut steps: HashMap<String, Vec<Duration>> = HashMap::new();
    for line in lines {
        for w in line.windows(2) {
            let key = format!("{} → {}", w[0].0, w[1].0);
            let d = Duration::from_micros(w[1].1.saturating_sub(w[0].1) as u64);
            if !steps.contains_key(&key) {
                order.push(key.clone());
            }
            steps.entry(key).or_default().push(d);
        }
    }
    println!("  stages, {title} ({} pods), median:", lines.len());
    for key in order {
        if let Some(v) = steps.get_mut(&key) {
            println!("    {key:<44} {:>7.1} ms", ms(quantile(v, 0.5)));
        }
    }
}

fn print_raw_parts(title: &str, parts: &RawParts) {
    println!("  raw CRI sequence, {title}, median:");
    for i in 0..3 {
        let mut v: Vec<Duration> = parts.iter().map(|p| p[i].1).collect();
        if let Some(p) = parts.first() {
            println!("    {:<44} {:>7.1} ms", p[i].0, ms(quantile(&mut v, 0.5)));
        }
    }
}

async fn delete_all(pods: &Api<Pod>) -> anyhow::Result<()> {
    let dp = DeleteParams {
        grace_period_seconds: Some(0),
        ..DeleteParams::default()
    };
    pods.delete_collection(
        &dp,
        &kube::api::ListParams::default().labels("app=bench-pods"),
    )
    .await?;
    let deadline = Instant::now() + Duration::from_secs(120);
    while !pods
        .list(&kube::api::ListParams::default().labels("app=bench-pods"))
        .await?
        .items
        .is_empty()
    {
        anyhow::ensure!(Instant::now() < deadline, "pods not deleted within 120 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// RSS of containerd (pid file) and of the shims of its socket, in bytes.
fn runtime_rss(agent_dir: &Path) -> (u64, u64, usize) {
    let paths = rk_kubelet::containerd::Paths::new(agent_dir);
    let containerd = rk_kubelet::containerd::running_pid(&paths)
        .and_then(|p| rss_bytes(&p.to_string()))
        .unwrap_or(0);
    let sock = paths.socket.to_string_lossy().into_owned();
    let (mut shims, mut n) = (0, 0);
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let pid = e.file_name().to_string_lossy().into_owned();
        let Ok(cmd) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
            continue;
        };
        let cmd = String::from_utf8_lossy(&cmd);
        if cmd.starts_with("/usr/bin/containerd-shim") && cmd.contains(&sock) {
            shims += rss_bytes(&pid).unwrap_or(0);
            n += 1;
        }
    }
    (containerd, shims, n)
}

fn mib(b: u64) -> f64 {
    b as f64 / (1 << 20) as f64
}

fn line(what: &str, p50: Duration, p99: Duration, base50: Duration, base99: Duration) {
    let ratio = ms(p50) / ms(base50).max(0.001);
    println!(
        "{what:<34} p50 {:>7.1} ms  p99 {:>7.1} ms   raw CRI p50 {:>6.1} ms  p99 {:>6.1} ms   ×{ratio:.2} at p50 (goal ≤ 1.3; p99 ≤ 1000 ms)",
        ms(p50),
        ms(p99),
        ms(base50),
        ms(base99)
    );
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let sizes = if args.smoke {
        Sizes {
            singles: 2,
            concurrent: 3,
            loaded: 3,
        }
    } else {
        Sizes {
            singles: 20,
            concurrent: 20,
            loaded: 50,
        }
    };
    let tmp = tempfile::Builder::new()
        .prefix("rk-bench-pods-")
        .tempdir()?;
    let (raw_dir, up_dir, server_dir, agent_dir) = (
        tmp.path().join("raw"),
        tmp.path().join("up"),
        tmp.path().join("server"),
        tmp.path().join("agent"),
    );
    let _cleanup = Cleanup(vec![raw_dir.clone(), up_dir.clone(), agent_dir.clone()]);

    // 1. The baseline.
    let (mut raw1, mut raw20, parts1, parts20) = raw_cri(&raw_dir, &sizes)
        .await
        .context("raw CRI sequence")?;
    drop(Cleanup(vec![raw_dir.clone()]));

    // 2. rkd up → Ready node.
    std::fs::create_dir_all(&up_dir)?;
    let t0 = Instant::now();
    let up_log = tmp.path().join("up.log");
    let up_dir_s = up_dir.to_string_lossy().into_owned();
    let up = spawn(
        &[
            "up",
            "--data-dir",
            &up_dir_s,
            "--listen",
            "127.0.0.1:0",
            "--cluster-cidr",
            "10.236.0.0/16",
        ],
        &up_log,
    )?;
    let sock_up = wait_file(
        &up_dir.join("containerd/containerd.sock"),
        Duration::from_secs(30),
    )
    .await?;
    let c = client(&up_dir).await?;
    let ready = wait_node_ready(&c, Duration::from_secs(60)).await?;
    let up_ready = ready - t0;
    let after_containerd = ready - sock_up;
    drop(up);
    drop(Cleanup(vec![up_dir.clone()]));

    // 3. Server and agent as separate processes.
    let server_s = server_dir.to_string_lossy().into_owned();
    let _server = spawn(
        &[
            "server",
            "--data-dir",
            &server_s,
            "--listen",
            "127.0.0.1:0",
            "--cluster-cidr",
            "10.235.0.0/16",
        ],
        &tmp.path().join("server.log"),
    )?;
    let c = client(&server_dir).await?;
    let token = std::fs::read_to_string(server_dir.join("node-token"))?;
    let kubeconfig = std::fs::read_to_string(server_dir.join("admin.kubeconfig"))?;
    let server_url = kubeconfig
        .lines()
        .find_map(|l| l.trim().strip_prefix("server: "))
        .context("server in admin.kubeconfig")?
        .to_string();
    let agent_s = agent_dir.to_string_lossy().into_owned();
    let agent_log = tmp.path().join("agent.log");
    let log_env: &[(&str, &str)] = if args.stages {
        &[("RUST_LOG", "warn,rk_kubelet::startup=debug")]
    } else {
        &[]
    };
    let agent = spawn_env(
        &[
            "agent",
            "--server",
            &server_url,
            "--token",
            token.trim(),
            "--data-dir",
            &agent_s,
            "--node-ip",
            "127.0.0.1",
            "--node-name",
            "bench-node",
        ],
        &agent_log,
        log_env,
    )?;
    let agent_pid = agent.0.id().context("agent pid")?.to_string();
    wait_node_ready(&c, Duration::from_secs(60)).await?;
    // The pod CIDR reaches the agent right after registration; give the CNI config a moment.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let pods: Api<Pod> = Api::namespaced(c.clone(), "default");
    // A first pod warms caches (image unpacked, CNI loaded) and is not counted.
    create_and_time(&pods, &["warm".to_string()]).await?;
    delete_all(&pods).await?;
    let idle = rss_bytes(&agent_pid).unwrap_or(0);
    let mut singles = Vec::new();
    let mut traced_one = HashMap::new();
    for i in 0..sizes.singles {
        let traced = create_and_trace(&pods, &[format!("one-{i}")]).await?;
        singles.extend(traced.values().map(|(d, _)| *d));
        traced_one.extend(traced);
        delete_all(&pods).await?;
    }
    let names: Vec<String> = (0..sizes.concurrent).map(|i| format!("many-{i}")).collect();
    let traced_many = create_and_trace(&pods, &names).await?;
    let mut many: Vec<Duration> = traced_many.values().map(|(d, _)| *d).collect();
    delete_all(&pods).await?;
    let names: Vec<String> = (0..sizes.loaded).map(|i| format!("load-{i}")).collect();
    create_and_time(&pods, &names).await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let loaded = rss_bytes(&agent_pid).unwrap_or(0);
    let (containerd, shims, nshims) = runtime_rss(&agent_dir);
    delete_all(&pods).await?;
    drop(agent);

    println!(
        "rkd bench pods{} — real pods through containerd (busybox `sleep`)",
        if args.smoke { " --smoke" } else { "" }
    );
    let (r50, r99) = (quantile(&mut raw1, 0.5), quantile(&mut raw1, 0.99));
    line(
        &format!("create → Running, 1 pod (×{})", sizes.singles),
        quantile(&mut singles, 0.5),
        quantile(&mut singles, 0.99),
        r50,
        r99,
    );
    let (r50, r99) = (quantile(&mut raw20, 0.5), quantile(&mut raw20, 0.99));
    line(
        &format!("create → Running, {} at once", sizes.concurrent),
        quantile(&mut many, 0.5),
        quantile(&mut many, 0.99),
        r50,
        r99,
    );
    if args.stages {
        let log = std::fs::read_to_string(&agent_log).unwrap_or_default();
        print_raw_parts("1 pod", &parts1);
        print_stages("1 pod", &timelines(&traced_one, &log));
        print_raw_parts(&format!("{} at once", sizes.concurrent), &parts20);
        print_stages(
            &format!("{} at once", sizes.concurrent),
            &timelines(&traced_many, &log),
        );
    }
    println!(
        "rkd up → Ready node                {:>7.0} ms   containerd socket up → Ready {:>5.0} ms (goal ≤ 1000 ms)",
        ms(up_ready),
        ms(after_containerd)
    );
    println!(
        "rkd agent RSS                      idle {:>5.1} MiB (goal ≤ 30)   with {} pods {:>5.1} MiB (goal ≤ 60 at 50)",
        mib(idle),
        sizes.loaded,
        mib(loaded)
    );
    println!(
        "containerd RSS                     {:>5.1} MiB   shims: {nshims} processes, {:>6.1} MiB in all",
        mib(containerd),
        mib(shims)
    );
    Ok(())
}
