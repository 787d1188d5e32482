//! `rkd bench …`: benchmarks that print each figure next to its baseline from the same run.

mod apiserver;
mod pods;
mod scheduler;
mod sim;
mod stats;
mod store;
mod streams;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// The state store: the embedded backend against etcd, same workload, same run.
    Store(store::Args),
    /// The API server alone: create/get latency, LIST of 10k pods, watch fan-out, memory.
    Apiserver(apiserver::Args),
    /// The scheduler on scheduler_perf's workloads, next to upstream's thresholds.
    Scheduler(scheduler::Args),
    /// Simulated nodes: pods created → Running per second across N nodes, memory of agent and API server.
    Sim(sim::Args),
    /// Streams with a real containerd: kubectl exec round trips next to bare CRI ExecSync,
    /// port-forward throughput next to the pod IP.
    Streams(streams::Args),
    /// Real pods through containerd: create → Running next to the raw CRI sequence, `rkd up` →
    /// Ready, agent and containerd memory.
    Pods(pods::Args),
    /// (internal) The store benchmark's fill child.
    #[command(hide = true)]
    StoreChild(store::ChildArgs),
}

pub async fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Store(args) => store::run(args).await,
        BenchCommand::Apiserver(args) => apiserver::run(args).await,
        BenchCommand::Scheduler(args) => scheduler::run(args).await,
        BenchCommand::Sim(args) => sim::run(args).await,
        BenchCommand::Streams(args) => streams::run(args).await,
        BenchCommand::Pods(args) => pods::run(args).await,
        BenchCommand::StoreChild(args) => store::child(args).await,
    }
}
