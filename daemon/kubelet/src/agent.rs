//! One node's loops, and many nodes from one process.
//!
//! Per node: registration, then three small loops — the pod watch (LIST + WATCH of
//! `spec.nodeName=<node>`, each pod dispatched to its worker), the relist (kubelet's PLEG:
//! every period, the runtime's containers are fingerprinted per pod and the workers of pods
//! whose fingerprint changed are poked) and the heartbeat (Lease renewals; the Node status every
//! report interval; the Node re-read until its pod CIDR is assigned).
//!
//! Per node this costs one watch connection, at most `max_connections` request connections,
//! three tasks and one task per pod — no threads, no per-node TLS configuration beyond its own
//! certificate.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use serde_json::Value;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::client::{self, Client, Method, Server};
use crate::node::{self, NodeConfig, NodeStatusManager};
use crate::pod::Pod;
use crate::runtime::Runtime;
use crate::runtime::sim::SimRuntime;
use crate::time::Clock;
use crate::worker::{NodeContext, PodWorker, Update};
use crate::{join, runtime};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Join(#[from] join::Error),
    #[error(transparent)]
    Client(#[from] client::Error),
    #[error("node {node}: {source}")]
    Node {
        node: String,
        #[source]
        source: client::Error,
    },
    #[error("{0}")]
    Config(String),
    #[error("container runtime: {0}")]
    Runtime(#[from] runtime::Error),
    #[error(transparent)]
    Containerd(#[from] crate::containerd::Error),
    #[error(transparent)]
    Images(#[from] crate::images::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Request connections of a real node: pods starting together each write a status and
/// three or four events, which two HTTP/1.1 connections queue behind each other.
pub const CRI_MAX_CONNECTIONS: usize = 8;
/// Request connections of each simulated node (thousands of them share one process).
pub const SIM_MAX_CONNECTIONS: usize = 2;

/// Timings and limits every node of a process shares.
#[derive(Clone, Debug)]
pub struct Timings {
    pub lease_duration_seconds: i64,
    pub heartbeat: Duration,
    pub status_interval: Duration,
    pub relist_period: Duration,
    pub backoff_initial: Duration,
    pub backoff_max: Duration,
    pub max_connections: usize,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            lease_duration_seconds: 40,
            heartbeat: Duration::from_secs(10),
            status_interval: Duration::from_secs(60),
            relist_period: Duration::from_secs(1),
            backoff_initial: Duration::from_secs(10),
            backoff_max: Duration::from_secs(300),
            max_connections: CRI_MAX_CONNECTIONS,
        }
    }
}

type Workers = Arc<Mutex<HashMap<String, watch::Sender<Update>>>>;

fn lock(w: &Workers) -> std::sync::MutexGuard<'_, HashMap<String, watch::Sender<Update>>> {
    w.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One node: its context (runtime, client, identity) and its status manager.
pub struct NodeAgent<R: Runtime> {
    ctx: Arc<NodeContext<R, Client>>,
    status: NodeStatusManager,
    timings: Timings,
    workers: Workers,
}

impl<R: Runtime> NodeAgent<R> {
    pub fn new(
        config: NodeConfig,
        client: Client,
        runtime: R,
        timings: Timings,
        clock: Clock,
    ) -> Self {
        let mut ctx = NodeContext::new(runtime, client.clone(), &config.name, &config.ip, clock);
        ctx.backoff_initial = timings.backoff_initial;
        ctx.backoff_max = timings.backoff_max;
        ctx.background_events = true;
        ctx.allocatable = config
            .allocatable
            .clone()
            .unwrap_or_else(|| config.capacity.clone());
        let ctx = Arc::new(ctx);
        NodeAgent {
            ctx,
            status: NodeStatusManager::new(config, client, clock),
            timings,
            workers: Arc::default(),
        }
    }

    /// Pods' log directories go under `root` (`<root>/<namespace>_<name>_<uid>`).
    pub fn with_log_root(mut self, root: PathBuf) -> Self {
        if let Some(ctx) = Arc::get_mut(&mut self.ctx) {
            ctx.log_root = Some(root);
        }
        self
    }

    /// What the node's workers share: the agent endpoint serves from it.
    pub fn context(&self) -> Arc<NodeContext<R, Client>> {
        self.ctx.clone()
    }

    /// Pods' volumes go under `root` (`<root>/<uid>/volumes/…`).
    pub fn with_pod_root(mut self, root: PathBuf) -> Self {
        if let Some(ctx) = Arc::get_mut(&mut self.ctx) {
            ctx.pod_root = Some(root);
        }
        self
    }

    /// The cluster CA (PEM) for service account volumes' `ca.crt`.
    pub fn with_cluster_ca(mut self, pem: &str) -> Self {
        if let Some(ctx) = Arc::get_mut(&mut self.ctx) {
            ctx.cluster_ca = pem.to_string();
        }
        self
    }

    /// Measures the machine for the Node's pressure conditions (real nodes).
    pub fn with_node_stats(mut self, stats: Box<dyn crate::node_stats::StatsSource>) -> Self {
        self.status = self
            .status
            .with_stats(stats, crate::node_stats::Thresholds::default());
        self
    }

    /// Switches the node's events on or off (simulated nodes at scale turn them off).
    pub fn with_events(mut self, enabled: bool) -> Self {
        if let Some(ctx) = Arc::get_mut(&mut self.ctx) {
            ctx.events = crate::events::Recorder::new(&ctx.node_name, ctx.clock, enabled);
        }
        self
    }

    /// Registers the node (retrying until the API answers), then runs its loops until shutdown.
    pub async fn run(mut self, shutdown: CancellationToken) {
        let name = self.ctx.node_name.clone();
        let mut delay = Duration::from_millis(200);
        let node = loop {
            match self.status.register().await {
                Ok(n) => break n,
                Err(e) => {
                    tracing::warn!(node = %name, error = %e, "registering the node; retrying");
                    tokio::select! {
                        () = shutdown.cancelled() => return,
                        () = tokio::time::sleep(delay) => {}
                    }
                    delay = (delay * 2).min(Duration::from_secs(10));
                }
            }
        };
        let mut has_cidr = false;
        if let Some(cidr) = node::pod_cidr(&node) {
            self.ctx.runtime.update_pod_cidr(&cidr);
            has_cidr = true;
        }
        let pods = tokio::spawn(watch_pods(
            self.ctx.clone(),
            self.workers.clone(),
            shutdown.clone(),
        ));
        let relist = tokio::spawn(relist(
            self.ctx.clone(),
            self.workers.clone(),
            self.timings.relist_period,
            shutdown.clone(),
        ));
        self.heartbeats(has_cidr, shutdown).await;
        let _ = pods.await;
        let _ = relist.await;
    }

    async fn heartbeats(&mut self, mut has_cidr: bool, shutdown: CancellationToken) {
        let name = self.ctx.node_name.clone();
        let mut beat = tokio::time::interval(self.timings.heartbeat);
        beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut report = tokio::time::interval(self.timings.status_interval);
        report.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        report.tick().await;
        let mut early_reads = 6;
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                _ = beat.tick() => {
                    if let Err(e) = self.status.heartbeat().await {
                        tracing::warn!(node = %name, error = %e, "renewing the node lease");
                    }
                    // Until the control plane assigns a pod CIDR, re-read the Node on the first
                    // heartbeats (node IPAM assigns one right after registration); later, the
                    // status report's answer carries it. Reading on every heartbeat would be
                    // 500 GETs/s for 5,000 nodes without IPAM.
                    if !has_cidr && early_reads > 0 {
                        early_reads -= 1;
                        if let Ok(n) = self.status.get().await && let Some(cidr) = node::pod_cidr(&n) {
                            self.ctx.runtime.update_pod_cidr(&cidr);
                            has_cidr = true;
                        }
                    }
                }
                _ = report.tick() => {
                    match self.status.report().await {
                        Ok(n) => if let Some(cidr) = node::pod_cidr(&n) {
                            self.ctx.runtime.update_pod_cidr(&cidr);
                            has_cidr = true;
                        },
                        Err(e) if e.code() == Some(404) => {
                            // The Node was deleted: register again, as kubelet does.
                            if let Err(e) = self.status.register().await {
                                tracing::warn!(node = %name, error = %e, "registering the node again");
                            }
                        }
                        Err(e) => tracing::warn!(node = %name, error = %e, "reporting node status"),
                    }
                }
            }
        }
    }
}

/// Hands a pod's latest version to its worker, starting the worker when there is none.
fn dispatch<R: Runtime>(ctx: &Arc<NodeContext<R, Client>>, workers: &Workers, v: &Value) {
    let Some(pod) = Pod::from_json(v) else { return };
    let pod = Arc::new(pod);
    let mut map = lock(workers);
    if let Some(tx) = map.get(&pod.uid)
        && !tx.is_closed()
    {
        tx.send_modify(|u| u.pod = Some(pod));
        return;
    }
    let (tx, rx) = watch::channel(Update {
        pod: Some(pod.clone()),
        pokes: 0,
    });
    map.insert(pod.uid.clone(), tx);
    drop(map);
    let worker = PodWorker::new(ctx.clone(), pod, v.get("status"));
    tokio::spawn(worker.run(rx));
}

fn remove(workers: &Workers, uid: &str) {
    if let Some(tx) = lock(workers).get(uid) {
        tx.send_modify(|u| u.pod = None);
    }
}

/// LIST then WATCH the node's pods, for ever; a 410 or a broken stream relists.
async fn watch_pods<R: Runtime>(
    ctx: Arc<NodeContext<R, Client>>,
    workers: Workers,
    shutdown: CancellationToken,
) {
    let selector = client::query_value(&format!("spec.nodeName={}", ctx.node_name));
    let mut rv: Option<String> = None;
    let mut first = true;
    let mut failures = 0u32;
    loop {
        if shutdown.is_cancelled() {
            return;
        }
        let result = async {
            if rv.is_none() {
                // The first LIST takes the API server's cache as it is (resourceVersion=0, as
                // kubelet's reflector lists): thousands of nodes starting at once never wait for
                // the latest revision or reach the store. A relist after a 410 asks for the
                // latest, so that it never goes back in time.
                let from = if first { "&resourceVersion=0" } else { "" };
                let list = ctx.api.json(Method::Get, &format!("/api/v1/pods?fieldSelector={selector}{from}"), None).await?;
                let items = list.get("items").and_then(Value::as_array).cloned().unwrap_or_default();
                let uids: HashSet<String> = items.iter().filter_map(|p| p.pointer("/metadata/uid").and_then(Value::as_str).map(str::to_string)).collect();
                if first {
                    for p in &items {
                        if let Some(pod) = Pod::from_json(p) {
                            ctx.runtime.adopt(p, &pod.sandbox_config(0));
                        }
                    }
                    remove_orphans(&ctx, &uids).await;
                    if let Some(root) = &ctx.pod_root {
                        crate::spec::volumes::sweep(root, &uids);
                    }
                    ctx.runtime.sweep_orphans(&uids).await;
                    tokio::spawn(sweep_orphans(ctx.clone(), workers.clone(), shutdown.clone()));
                    first = false;
                }
                for p in &items {
                    dispatch(&ctx, &workers, p);
                }
                let gone: Vec<String> = lock(&workers).keys().filter(|u| !uids.contains(*u)).cloned().collect();
                for uid in gone {
                    remove(&workers, &uid);
                }
                rv = list.pointer("/metadata/resourceVersion").and_then(Value::as_str).map(str::to_string);
            }
            let from = rv.clone().unwrap_or_default();
            let mut stream = ctx
                .api
                .watch(&format!("/api/v1/pods?watch=true&allowWatchBookmarks=true&fieldSelector={selector}&resourceVersion={from}"))
                .await?;
            loop {
                let ev = tokio::select! {
                    () = shutdown.cancelled() => return Ok::<_, client::Error>(()),
                    ev = stream.next() => ev?,
                };
                let Some(ev) = ev else { return Ok(()) };
                let kind = ev.get("type").and_then(Value::as_str).unwrap_or("");
                let obj = ev.get("object").unwrap_or(&Value::Null);
                if kind == "ERROR" {
                    // 410 Gone: our resourceVersion is too old; relist.
                    rv = None;
                    return Ok(());
                }
                if let Some(v) = obj.pointer("/metadata/resourceVersion").and_then(Value::as_str) {
                    rv = Some(v.to_string());
                }
                match kind {
                    "ADDED" | "MODIFIED" => dispatch(&ctx, &workers, obj),
                    "DELETED" => {
                        if let Some(uid) = obj.pointer("/metadata/uid").and_then(Value::as_str) {
                            remove(&workers, uid);
                        }
                    }
                    _ => {}
                }
            }
        }
        .await;
        match result {
            Ok(()) => failures = 0,
            Err(e) => {
                if e.code() == Some(410) {
                    rv = None;
                }
                failures = (failures + 1).min(6);
                tracing::warn!(node = %ctx.node_name, error = %e, "watching pods; retrying");
                let wait = Duration::from_millis(100) * (1 << failures);
                tokio::select! {
                    () = shutdown.cancelled() => return,
                    () = tokio::time::sleep(wait) => {}
                }
            }
        }
    }
}

/// After the first successful LIST: sandboxes of pods the API no longer has are removed.
async fn remove_orphans<R: Runtime>(ctx: &Arc<NodeContext<R, Client>>, uids: &HashSet<String>) {
    let rt = &ctx.runtime;
    let Ok(sandboxes) = rt.list_pod_sandboxes().await else {
        return;
    };
    let orphans: Vec<_> = sandboxes
        .into_iter()
        .filter(|s| !uids.contains(&s.uid))
        .collect();
    if orphans.is_empty() {
        return;
    }
    let containers = rt.list_containers().await.unwrap_or_default();
    for s in orphans {
        for c in containers.iter().filter(|c| c.sandbox_id == s.id) {
            let _ = rt.stop_container(&c.id, Duration::ZERO).await;
            let _ = rt.remove_container(&c.id).await;
        }
        let _ = rt.stop_pod_sandbox(&s.id).await;
        let _ = rt.remove_pod_sandbox(&s.id).await;
    }
}

/// How often what is left of pods no longer on the node is swept (after the first LIST).
const SWEEP_PERIOD: Duration = Duration::from_secs(10);

/// The periodic orphan sweep: the live pods are those with a running worker.
async fn sweep_orphans<R: Runtime>(
    ctx: Arc<NodeContext<R, Client>>,
    workers: Workers,
    shutdown: CancellationToken,
) {
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = tokio::time::sleep(SWEEP_PERIOD) => {}
        }
        let live: HashSet<String> = {
            let mut map = lock(&workers);
            map.retain(|_, tx| !tx.is_closed());
            map.keys().cloned().collect()
        };
        ctx.runtime.sweep_orphans(&live).await;
    }
}

/// The relist: pokes the workers of pods whose containers changed in the runtime.
async fn relist<R: Runtime>(
    ctx: Arc<NodeContext<R, Client>>,
    workers: Workers,
    period: Duration,
    shutdown: CancellationToken,
) {
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            _ = tick.tick() => {}
        }
        let (Ok(sandboxes), Ok(containers)) = (
            ctx.runtime.list_pod_sandboxes().await,
            ctx.runtime.list_containers().await,
        ) else {
            continue;
        };
        let now = fingerprints(&sandboxes, &containers);
        let map = {
            let mut map = lock(&workers);
            map.retain(|_, tx| !tx.is_closed());
            map.iter()
                .filter(|(uid, _)| now.get(*uid) != seen.get(*uid))
                .map(|(uid, tx)| (uid.clone(), tx.clone()))
                .collect::<Vec<_>>()
        };
        for (_, tx) in map {
            tx.send_modify(|u| u.pokes += 1);
        }
        seen = now;
    }
}

/// Per pod uid, a hash of its sandboxes' and containers' states (the reason too: containerd
/// may learn of an OOM kill after the exit, and the status must then say OOMKilled).
fn fingerprints(
    sandboxes: &[runtime::SandboxStatus],
    containers: &[runtime::ContainerStatus],
) -> HashMap<String, u64> {
    let mut per: HashMap<String, Vec<String>> = HashMap::new();
    for s in sandboxes {
        per.entry(s.uid.clone())
            .or_default()
            .push(format!("s{}{:?}", s.id, s.state));
    }
    let uid_of: HashMap<&str, &str> = sandboxes
        .iter()
        .map(|s| (s.id.as_str(), s.uid.as_str()))
        .collect();
    for c in containers {
        if let Some(uid) = uid_of.get(c.sandbox_id.as_str()) {
            per.entry(uid.to_string())
                .or_default()
                .push(format!("c{}{:?}{}{}", c.id, c.state, c.exit_code, c.reason));
        }
    }
    per.into_iter()
        .map(|(uid, mut parts)| {
            parts.sort();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            parts.hash(&mut h);
            (uid, h.finish())
        })
        .collect()
}

/// `rkd agent --runtime sim`: N simulated nodes from one process.
#[derive(Clone, Debug)]
pub struct SimConfig {
    pub server: String,
    pub token: String,
    pub data_dir: Option<PathBuf>,
    pub nodes: usize,
    pub prefix: String,
    /// The name of the only node when `nodes` is 1 (else `<prefix><i>`).
    pub node_name: Option<String>,
    /// Every node's address; by default node i gets 172.16.0.0/12's (i+1)th address.
    pub node_ip: Option<String>,
    pub capacity: std::collections::BTreeMap<String, String>,
    pub run_duration: Duration,
    pub timings: Timings,
    /// How many nodes join at once.
    pub join_concurrency: usize,
    /// The agent endpoint's port, one listener for all the nodes (0: any free port).
    pub kubelet_port: u16,
}

/// Simulated fleets up to this size record events.
pub const SIM_EVENT_NODES: usize = 10;

/// The (i+1)th address of 172.16.0.0/12: a distinct fake InternalIP per simulated node.
pub fn sim_node_ip(i: usize) -> String {
    let n = 0xAC10_0000u32 + (i as u32 % 0x000F_FFFE) + 1;
    std::net::Ipv4Addr::from(n).to_string()
}

/// Node i's pod addresses until the control plane assigns a pod CIDR.
pub fn sim_fallback_cidr(i: usize) -> String {
    format!("10.{}.{}.0/24", 200 + (i / 256) % 56, i % 256)
}

/// Joins the nodes and runs them until shutdown.
pub async fn run_sim(config: SimConfig, shutdown: CancellationToken) -> Result<()> {
    if config.nodes == 0 {
        return Err(Error::Config("--nodes must be at least 1".into()));
    }
    let ca = join::fetch_ca(&config.server, &config.token).await?;
    let server = Server::new(&config.server, &ca)?;
    let clock = Clock::new();
    let names: Vec<String> = (0..config.nodes)
        .map(|i| match (&config.node_name, config.nodes) {
            (Some(n), 1) => n.clone(),
            _ => format!("{}{i}", config.prefix),
        })
        .collect();
    let config = Arc::new(config);
    let joined = futures::stream::iter(names.into_iter().enumerate())
        .map(|(i, name)| {
            let (server, config) = (server.clone(), config.clone());
            async move {
                let ip = config.node_ip.clone().unwrap_or_else(|| sim_node_ip(i));
                let dir = config
                    .data_dir
                    .as_ref()
                    .map(|d| d.join("nodes").join(&name));
                let creds = join::credentials(
                    &server,
                    &config.token,
                    &name,
                    std::slice::from_ref(&ip),
                    dir.as_deref(),
                )
                .await?;
                let client = server.client(
                    &creds.client_cert,
                    &creds.client_key,
                    config.timings.max_connections,
                )?;
                Ok::<_, Error>((i, name, ip, client, creds))
            }
        })
        .buffer_unordered(config.join_concurrency.max(1))
        .collect::<Vec<_>>()
        .await;
    // One endpoint for every node: on the given address, else loopback (simulated addresses
    // are made up, so the Node says where the endpoint really is).
    let bind_ip: std::net::IpAddr = match config.node_ip.as_deref().map(str::parse) {
        Some(Ok(ip)) => ip,
        _ => std::net::Ipv4Addr::LOCALHOST.into(),
    };
    let listener = crate::server::bind((bind_ip, config.kubelet_port).into())
        .await
        .map_err(|e| Error::Config(e.to_string()))?;
    let kubelet_port = listener
        .local_addr()
        .map_err(|e| Error::Config(format!("the agent endpoint's address: {e}")))?
        .port();
    let kubelet_address = config.node_ip.is_none().then(|| bind_ip.to_string());
    let log_root = config.data_dir.as_ref().map(|d| d.join("pod-logs"));
    let mut tasks = tokio::task::JoinSet::new();
    let mut handles = Vec::new();
    for j in joined {
        let (i, name, ip, client, creds) = j?;
        let runtime = SimRuntime::new(config.run_duration, &sim_fallback_cidr(i), clock);
        let node = NodeConfig {
            name,
            ip,
            capacity: config.capacity.clone(),
            allocatable: None,
            labels: [("node.rk.dev/simulated".to_string(), "true".to_string())].into(),
            runtime_version: runtime.version(),
            lease_duration_seconds: config.timings.lease_duration_seconds,
            heartbeat: config.timings.heartbeat,
            status_interval: config.timings.status_interval,
            kubelet_port,
            kubelet_address: kubelet_address.clone(),
        };
        // Events from a handful of simulated nodes are useful; from thousands they are a flood.
        let mut agent = NodeAgent::new(node, client, runtime, config.timings.clone(), clock)
            .with_events(config.nodes <= SIM_EVENT_NODES);
        if let Some(root) = &log_root {
            agent = agent.with_log_root(root.clone());
        }
        handles.push(crate::server::NodeHandle {
            name: agent.context().node_name.clone(),
            serving_cert: creds.serving_cert,
            serving_key: creds.serving_key,
            ctx: agent.context(),
        });
        tasks.spawn(agent.run(shutdown.clone()));
    }
    let stop = shutdown.clone();
    tasks.spawn(async move {
        if let Err(e) = crate::server::serve(listener, &ca, handles, stop).await {
            tracing::error!(error = %e, "the agent endpoint stopped");
        }
    });
    tracing::info!(nodes = config.nodes, kubelet_port, "simulated nodes joined");
    while tasks.join_next().await.is_some() {}
    Ok(())
}

/// `rkd agent --runtime cri`: one real node over containerd.
#[derive(Clone, Debug)]
pub struct CriConfig {
    pub server: String,
    pub token: String,
    /// The agent's data dir: node credentials (`node/`), the managed containerd (`containerd/`),
    /// CNI (`cni/`), pod logs (`pods/`), the air-gap folder (`images/`).
    pub data_dir: PathBuf,
    pub node_name: Option<String>,
    pub node_ip: Option<String>,
    /// containerd's socket; None starts (or reuses) the agent's own containerd.
    pub endpoint: Option<PathBuf>,
    pub timings: Timings,
    /// The agent endpoint's port on the node's address (0: any free port).
    pub kubelet_port: u16,
    /// kube-reserved + system-reserved (`node_stats::sum_reserved`), subtracted from capacity.
    pub reserved: std::collections::BTreeMap<String, String>,
}

/// The host name, lower-cased (a node name must be a DNS subdomain).
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_ascii_lowercase())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// The address of the interface the default route leaves through: the local address a UDP
/// socket gets when "connected" to a public address (connect sends nothing).
pub fn default_route_ip() -> Option<String> {
    let sock = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    sock.connect("192.0.2.1:9").ok()?;
    let ip = sock.local_addr().ok()?.ip();
    (!ip.is_unspecified()).then(|| ip.to_string())
}

/// The machine's capacity: cpus, memory (from /proc/meminfo), 110 pods.
pub fn machine_capacity() -> std::collections::BTreeMap<String, String> {
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mem_kib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .unwrap_or(0);
    [
        ("cpu".to_string(), cpus.to_string()),
        ("memory".to_string(), format!("{mem_kib}Ki")),
        ("pods".to_string(), "110".to_string()),
    ]
    .into()
}

/// Imports the built-in images (when containerd lacks them) and every air-gap archive.
pub async fn import_images(
    runtime: &crate::runtime::cri::CriRuntime,
    data_dir: &std::path::Path,
) -> Result<()> {
    let mut missing = false;
    for reference in [crate::images::PAUSE_IMAGE, crate::images::BUSYBOX_IMAGE] {
        missing |= runtime.image_status(reference).await?.is_none();
    }
    if missing {
        for (reference, archive) in crate::images::builtin_archives()? {
            if runtime.image_status(reference).await?.is_none() {
                runtime.import_images(&archive).await?;
            }
        }
    }
    for file in crate::images::airgap_archives(&data_dir.join("images")) {
        match std::fs::read(&file) {
            Ok(bytes) => match runtime.import_images(&bytes).await {
                Ok(refs) => tracing::info!(file = %file.display(), images = ?refs, "imported"),
                Err(e) => {
                    tracing::warn!(file = %file.display(), error = %e, "importing an image archive")
                }
            },
            Err(e) => {
                tracing::warn!(file = %file.display(), error = %e, "reading an image archive")
            }
        }
    }
    Ok(())
}

/// Starts (or reuses) containerd, joins, and runs the node until shutdown.
pub async fn run_cri(config: CriConfig, shutdown: CancellationToken) -> Result<()> {
    use crate::runtime::cri::CriRuntime;
    let dir = &config.data_dir;
    // containerd answers on its socket a moment before its CRI service is initialized.
    let connect = |socket: PathBuf| async move {
        let mut tries = 0;
        loop {
            match CriRuntime::connect(&socket).await {
                Err(e) if tries < 60 && e.to_string().contains("not initialized") => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                r => return r,
            }
        }
    };
    let runtime = match &config.endpoint {
        Some(socket) => connect(socket.clone()).await?,
        None => {
            let m = crate::containerd::ensure(dir).await?;
            connect(m.paths.socket.clone())
                .await?
                .with_registry_hosts(m.paths.registry_hosts.clone())
                .with_cgroup_root(&format!("/{}", m.network.bridge))
                .with_network(m.network)
        }
    };
    let runtime = runtime.with_log_root(dir.join("pods"));
    let name = config.node_name.clone().unwrap_or_else(host_name);
    let ip = match config.node_ip.clone().or_else(default_route_ip) {
        Some(ip) => ip,
        None => return Err(Error::Config("no default route: pass --node-ip".into())),
    };
    // The images are imported while the node joins (both take a few hundred ms).
    let joining = async {
        let ca = join::fetch_ca(&config.server, &config.token).await?;
        let server = Server::new(&config.server, &ca)?;
        let creds = join::credentials(
            &server,
            &config.token,
            &name,
            std::slice::from_ref(&ip),
            Some(&dir.join("node")),
        )
        .await?;
        Ok::<_, Error>((server, creds, ca))
    };
    let (imported, joined) = tokio::join!(import_images(&runtime, dir), joining);
    imported?;
    let (server, creds, ca) = joined?;
    let client = server.client(
        &creds.client_cert,
        &creds.client_key,
        config.timings.max_connections,
    )?;
    let bind_ip: std::net::IpAddr = ip
        .parse()
        .map_err(|_| Error::Config(format!("--node-ip {ip:?} is not an address")))?;
    let listener = crate::server::bind((bind_ip, config.kubelet_port).into())
        .await
        .map_err(|e| Error::Config(e.to_string()))?;
    let kubelet_port = listener
        .local_addr()
        .map_err(|e| Error::Config(format!("the agent endpoint's address: {e}")))?
        .port();
    let stats = crate::node_stats::ProcStats {
        data_dir: dir.clone(),
    };
    let capacity = match crate::node_stats::StatsSource::sample(&stats) {
        Some(sample) => crate::node_stats::capacity(&sample),
        None => machine_capacity(),
    };
    let allocatable = crate::node_stats::allocatable(
        &capacity,
        &config.reserved,
        &crate::node_stats::Thresholds::default(),
    );
    let node = NodeConfig {
        name: name.clone(),
        ip,
        allocatable: Some(allocatable),
        capacity,
        labels: std::collections::BTreeMap::new(),
        runtime_version: runtime.version(),
        lease_duration_seconds: config.timings.lease_duration_seconds,
        heartbeat: config.timings.heartbeat,
        status_interval: config.timings.status_interval,
        kubelet_port,
        kubelet_address: None,
    };
    tracing::info!(node = %name, runtime = %runtime.version(), kubelet_port, "node joined");
    let agent = NodeAgent::new(node, client, runtime, config.timings.clone(), Clock::new())
        .with_log_root(dir.join("pods"))
        .with_pod_root(dir.join("pods"))
        .with_cluster_ca(&ca)
        .with_node_stats(Box::new(stats));
    let handle = crate::server::NodeHandle {
        name: name.clone(),
        serving_cert: creds.serving_cert,
        serving_key: creds.serving_key,
        ctx: agent.context(),
    };
    let stop = shutdown.clone();
    let endpoint = tokio::spawn(async move {
        if let Err(e) = crate::server::serve(listener, &ca, vec![handle], stop).await {
            tracing::error!(error = %e, "the agent endpoint stopped");
        }
    });
    agent.run(shutdown).await;
    let _ = endpoint.await;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::runtime::{ContainerState, ContainerStatus, SandboxState, SandboxStatus};

    #[test]
    fn simulated_nodes_get_distinct_addresses_and_fallback_ranges() {
        assert_eq!(sim_node_ip(0), "172.16.0.1");
        assert_eq!(sim_node_ip(4999), "172.16.19.136");
        assert_eq!(sim_fallback_cidr(0), "10.200.0.0/24");
        assert_eq!(sim_fallback_cidr(4999), "10.219.135.0/24");
        let all: HashSet<String> = (0..5000).map(sim_fallback_cidr).collect();
        assert_eq!(all.len(), 5000);
    }

    #[test]
    fn fingerprints_change_when_a_container_changes_state() {
        let sb = SandboxStatus {
            id: "s".into(),
            uid: "u".into(),
            namespace: "n".into(),
            name: "p".into(),
            attempt: 0,
            state: SandboxState::Ready,
            ip: None,
            created_at: 0,
        };
        let mut c = ContainerStatus {
            id: "c".into(),
            sandbox_id: "s".into(),
            name: "web".into(),
            attempt: 0,
            image: String::new(),
            image_ref: String::new(),
            state: ContainerState::Running,
            created_at: 0,
            started_at: 0,
            finished_at: 0,
            exit_code: 0,
            reason: String::new(),
            message: String::new(),
        };
        let a = fingerprints(std::slice::from_ref(&sb), std::slice::from_ref(&c));
        c.state = ContainerState::Exited;
        let b = fingerprints(std::slice::from_ref(&sb), std::slice::from_ref(&c));
        assert_ne!(a.get("u"), b.get("u"));
        assert_eq!(
            a,
            fingerprints(
                std::slice::from_ref(&sb),
                &[ContainerStatus {
                    state: ContainerState::Running,
                    ..c
                }]
            )
        );
    }
}
