//! # rkd: every role of an rk cluster in one binary
//!
//! Roles: `rkd server` / `rkd apiserver` (the API server over the embedded store or etcd),
//! `rkd scheduler`, `rkd controller-manager`, `rkd agent` (the node agent: containerd, or
//! simulated nodes), `rkd up` / `rkd reset` (a one-machine cluster and its removal) and
//! `rkd bench` (rk's benchmarks).

mod bench;
mod memory;
mod roles;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "rkd",
    version,
    about = "rk's daemon: every role of a Kubernetes-compatible cluster in one binary"
)]
struct Cli {
    /// Log format on stderr: `text` for people, `json` (one object per line) for collectors.
    /// The level comes from RUST_LOG (default `warn`; e.g. `RUST_LOG=info,rk_apiserver=debug`).
    #[arg(
        long,
        global = true,
        env = "RK_LOG_FORMAT",
        value_enum,
        default_value = "text"
    )]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// The control plane: API server (the scheduler and controller manager join it later).
    Server(roles::server::ServerArgs),
    /// The API server alone.
    Apiserver(roles::server::ServerArgs),
    /// The controller manager alone (leader-elected), against an API server.
    ControllerManager(roles::controller_manager::ControllerManagerArgs),
    /// The scheduler alone, against an API server given by a kubeconfig.
    Scheduler(roles::scheduler::SchedulerArgs),
    /// The node agent: joins the cluster and runs the pods bound to its node(s).
    Agent(roles::agent::AgentArgs),
    /// A one-machine cluster: server and a containerd node agent in one process, until
    /// SIGINT/SIGTERM.
    Up(roles::up::UpArgs),
    /// Removes every container, sandbox, network namespace, cgroup, mount, bridge and portmap
    /// chain the node agent of DATA_DIR created, its containerd, and DATA_DIR itself.
    Reset(roles::reset::ResetArgs),
    /// Run a benchmark; each prints its figures next to its baseline measured in the same run.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().flatten_event(true).init(),
    }
    // One TLS provider for the whole process (ring; aws-lc is kept out of the build).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("rkd: starting the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Server(args) => {
                roles::server::run(args, roles::server::Roles::ControlPlane).await
            }
            Command::Apiserver(args) => {
                roles::server::run(args, roles::server::Roles::ApiServerOnly).await
            }
            Command::ControllerManager(args) => roles::controller_manager::run(args).await,
            Command::Scheduler(args) => roles::scheduler::run(args).await,
            Command::Agent(args) => roles::agent::run(args).await,
            Command::Up(args) => roles::up::run(args).await,
            Command::Reset(args) => roles::reset::run(args).await,
            Command::Bench(b) => bench::run(b).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rkd: {e:#}");
            ExitCode::FAILURE
        }
    }
}
