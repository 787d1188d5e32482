//! # rkd: every role of an rk cluster in one binary
//!
//! Roles so far: `rkd server` / `rkd apiserver` (the API server over the embedded store or etcd),
//! `rkd agent` (the node agent; simulated nodes for now) and `rkd bench` (rk's benchmarks).
//! The scheduler and controller manager arrive with their issues (docs/architecture.md).

mod bench;
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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The control plane: API server (the scheduler and controller manager join it later).
    Server(roles::server::ServerArgs),
    /// The API server alone.
    Apiserver(roles::server::ServerArgs),
    /// The node agent: joins the cluster and runs the pods bound to its node(s).
    Agent(roles::agent::AgentArgs),
    /// Run a benchmark; each prints its figures next to its baseline measured in the same run.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
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
            Command::Server(args) | Command::Apiserver(args) => roles::server::run(args).await,
            Command::Agent(args) => roles::agent::run(args).await,
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
