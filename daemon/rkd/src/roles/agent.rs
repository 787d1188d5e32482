//! `rkd agent`: the node agent. `--runtime cri` (the default) runs one real node over
//! containerd through CRI — the agent's own containerd under DATA_DIR unless
//! `--container-runtime-endpoint` is given; `--runtime sim` runs `--nodes N` simulated nodes
//! from one process (rk-kubelet's simulated runtime).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use rk_kubelet::agent::{CriConfig, SimConfig, Timings};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RuntimeKind {
    Cri,
    Sim,
}

fn duration(s: &str) -> Result<Duration, String> {
    rk_kubelet::time::parse_duration(s)
        .ok_or_else(|| format!("{s:?} is not a duration (500ms, 2s, 1m, 1h)"))
}

fn capacity(s: &str) -> Result<std::collections::BTreeMap<String, String>, String> {
    rk_kubelet::node::parse_capacity(s)
        .ok_or_else(|| format!("{s:?} is not a capacity list (cpu=32,memory=256Gi,pods=110)"))
}

/// `--kube-reserved` / `--system-reserved`: what the node keeps back from pods (kubelet's
/// flags of the same names); allocatable = capacity − both − the hard eviction thresholds.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ReservedArgs {
    /// Resources reserved for Kubernetes' own daemons (rkd, containerd): cpu=500m,memory=512Mi.
    #[arg(long, value_parser = capacity, default_value = "")]
    pub kube_reserved: std::collections::BTreeMap<String, String>,
    /// Resources reserved for the operating system's daemons: cpu=250m,memory=256Mi.
    #[arg(long, value_parser = capacity, default_value = "")]
    pub system_reserved: std::collections::BTreeMap<String, String>,
}

impl ReservedArgs {
    pub fn total(&self) -> std::collections::BTreeMap<String, String> {
        rk_kubelet::node_stats::sum_reserved(&self.kube_reserved, &self.system_reserved)
    }
}

#[derive(clap::Args, Debug)]
pub struct AgentArgs {
    /// The API server, https://HOST:PORT.
    #[arg(long)]
    pub server: String,
    /// The node token (DATA_DIR/node-token of the server): K10<sha256 of the CA>::<secret>.
    #[arg(long, env = "RK_TOKEN", hide_env_values = true)]
    pub token: String,
    /// Where the node's credentials (and, for cri, containerd) live; optional for sim.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// The container runtime.
    #[arg(long, value_enum, default_value = "cri")]
    pub runtime: RuntimeKind,
    /// The node's name (default: the host name; for sim, PREFIX0 …).
    #[arg(long)]
    pub node_name: Option<String>,
    /// The node's address (default: the default-route interface's; for sim, one of
    /// 172.16.0.0/12 per node).
    #[arg(long)]
    pub node_ip: Option<String>,
    /// containerd's CRI socket (default: a containerd the agent starts under DATA_DIR).
    #[arg(long)]
    pub container_runtime_endpoint: Option<PathBuf>,
    /// sim: how many nodes this process joins.
    #[arg(long, default_value_t = 1)]
    pub nodes: usize,
    /// sim: node names are PREFIX0, PREFIX1, …
    #[arg(long, default_value = "sim-")]
    pub node_prefix: String,
    /// sim: each node's capacity (and allocatable).
    #[arg(long, default_value = "cpu=32,memory=256Gi,pods=110", value_parser = capacity)]
    pub sim_capacity: std::collections::BTreeMap<String, String>,
    /// sim: how long run-to-completion containers run before exiting.
    #[arg(long, default_value = "1s", value_parser = duration)]
    pub sim_run_duration: Duration,
    /// The Lease's durationSeconds (what the node lifecycle controller waits for).
    #[arg(long, default_value_t = 40)]
    pub node_lease_duration: i64,
    /// How often the Lease is renewed.
    #[arg(long, default_value = "10s", value_parser = duration)]
    pub node_heartbeat_interval: Duration,
    /// How often the Node status is written when nothing changed.
    #[arg(long, default_value = "1m", value_parser = duration)]
    pub node_status_report_interval: Duration,
    /// How often the runtime is relisted for container changes (kubelet's PLEG period).
    #[arg(long, default_value = "1s", value_parser = duration)]
    pub relist_period: Duration,
    /// First restart back-off of a crashing container (doubling up to 5 minutes).
    #[arg(long, default_value = "10s", value_parser = duration)]
    pub crash_backoff: Duration,
    /// The agent endpoint's port (logs, exec, attach, port-forward, stats for the API server);
    /// 0 picks a free one. One listener serves every node of the process.
    #[arg(long, default_value_t = 10250)]
    pub kubelet_port: u16,
    /// HTTPS connections each node keeps for requests (its watch has one more); default 8 for
    /// cri, 2 for each simulated node.
    #[arg(long)]
    pub max_connections_per_node: Option<usize>,
    #[command(flatten)]
    pub reserved: ReservedArgs,
}

impl AgentArgs {
    pub fn timings(&self) -> Timings {
        Timings {
            lease_duration_seconds: self.node_lease_duration,
            heartbeat: self.node_heartbeat_interval,
            status_interval: self.node_status_report_interval,
            relist_period: self.relist_period,
            backoff_initial: self.crash_backoff,
            backoff_max: Duration::from_secs(300).max(self.crash_backoff),
            max_connections: self.max_connections_per_node.unwrap_or(match self.runtime {
                RuntimeKind::Cri => rk_kubelet::agent::CRI_MAX_CONNECTIONS,
                RuntimeKind::Sim => rk_kubelet::agent::SIM_MAX_CONNECTIONS,
            }),
        }
    }
}

/// One real node over containerd until `shutdown`.
pub async fn run_cri(
    args: &AgentArgs,
    shutdown: tokio_util::sync::CancellationToken,
) -> anyhow::Result<()> {
    let Some(data_dir) = args.data_dir.clone() else {
        anyhow::bail!("--data-dir is required with --runtime cri");
    };
    let data_dir = std::path::absolute(&data_dir)
        .with_context(|| format!("resolving {}", data_dir.display()))?;
    let config = CriConfig {
        server: args.server.clone(),
        token: args.token.clone(),
        data_dir,
        node_name: args.node_name.clone(),
        node_ip: args.node_ip.clone(),
        endpoint: args.container_runtime_endpoint.clone(),
        timings: args.timings(),
        kubelet_port: args.kubelet_port,
        reserved: args.reserved.total(),
    };
    rk_kubelet::agent::run_cri(config, shutdown)
        .await
        .context("node agent (containerd)")
}

pub async fn run(args: AgentArgs) -> anyhow::Result<()> {
    let shutdown = super::shutdown_on_signals();
    if args.runtime == RuntimeKind::Cri {
        eprintln!("rkd: agent joining {}", args.server);
        return run_cri(&args, shutdown).await;
    }
    let config = SimConfig {
        server: args.server.clone(),
        token: args.token.clone(),
        data_dir: args.data_dir.clone(),
        nodes: args.nodes,
        prefix: args.node_prefix.clone(),
        node_name: args.node_name.clone(),
        node_ip: args.node_ip.clone(),
        capacity: args.sim_capacity.clone(),
        run_duration: args.sim_run_duration,
        timings: args.timings(),
        join_concurrency: 16,
        kubelet_port: args.kubelet_port,
    };
    eprintln!(
        "rkd: agent joining {} simulated node(s) to {}",
        args.nodes, args.server
    );
    rk_kubelet::agent::run_sim(config, shutdown)
        .await
        .context("simulated nodes")
}
