//! `rkd server` and `rkd apiserver`: the control plane's API server over the chosen store (with
//! the store's compactor); `rkd server` also runs the controller manager and the scheduler in the
//! same process, talking to the API server through its admin kubeconfig like any other client.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use rk_store::embedded::{EmbeddedConfig, EmbeddedStore};
use rk_store::etcd::{EtcdConfig, EtcdStore};
use rk_store::{AnyStore, compactor};

#[derive(clap::Args, Debug)]
pub struct ServerArgs {
    /// Where the store (embedded), certificates, admin.kubeconfig and node-token live.
    #[arg(long, default_value = "/var/lib/rk")]
    pub data_dir: PathBuf,
    /// Address to serve the API on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:6443")]
    pub listen: SocketAddr,
    /// The store: the embedded store in DATA_DIR (default), or etcd://HOST:PORT[,HOST:PORT…].
    #[arg(long)]
    pub store: Option<String>,
    /// Key prefix in etcd.
    #[arg(long, default_value = rk_store::etcd::DEFAULT_PREFIX)]
    pub store_prefix: String,
    /// CA certificate to verify etcd's serving certificate (etcd over TLS).
    #[arg(long)]
    pub store_cafile: Option<PathBuf>,
    /// Client certificate for etcd.
    #[arg(long)]
    pub store_certfile: Option<PathBuf>,
    /// Client key for etcd.
    #[arg(long)]
    pub store_keyfile: Option<PathBuf>,
    /// Extra names or addresses for the API server's certificate (repeatable).
    #[arg(long = "tls-san")]
    pub tls_sans: Vec<String>,
    /// The range ClusterIPs are allocated from (the cluster keeps the one it started with).
    #[arg(long, default_value = "10.43.0.0/16")]
    pub service_cidr: rk_apiserver::allocator::ServiceCidr,
    /// The range NodePorts are allocated from (the cluster keeps the one it started with).
    #[arg(long, default_value = "30000-32767")]
    pub service_node_port_range: rk_apiserver::allocator::PortRange,
    /// The cluster's token: a further server on a shared etcd store opens the cluster's
    /// secrets with it (the `node-token` of the first server); on the first server it sets the
    /// join secret.
    #[arg(long, env = "RK_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Pod addresses: each node gets a /24 of it (`rkd server` only; interfaces.md).
    #[arg(long, default_value = "10.42.0.0/16")]
    pub cluster_cidr: rk_controllers::nodeipam::ClusterCidr,
    /// The controller manager's periods, rates and leader election (`rkd server` only).
    #[command(flatten)]
    pub controllers: super::controller_manager::ControllerFlags,
}

async fn open_store(args: &ServerArgs) -> anyhow::Result<AnyStore> {
    match &args.store {
        None => {
            // The API server reads objects from its watch cache, not from the store: a small
            // store page cache is enough (measured: 64 MiB holds ~40 MiB more at 10k pods for
            // no gain in the API benchmark; docs/benchmarks.md).
            let config = EmbeddedConfig {
                cache_bytes: 8 << 20,
                ..EmbeddedConfig::default()
            };
            let store = EmbeddedStore::open_dir(&args.data_dir, config)
                .await
                .with_context(|| {
                    format!("opening the embedded store in {}", args.data_dir.display())
                })?;
            Ok(AnyStore::Embedded(store))
        }
        Some(url) => {
            let config = EtcdConfig::from_url(url)?
                .with_prefix(args.store_prefix.clone())
                .with_tls(
                    args.store_cafile.clone(),
                    args.store_certfile.clone(),
                    args.store_keyfile.clone(),
                );
            let store = EtcdStore::connect(config)
                .await
                .with_context(|| format!("connecting to {url}"))?;
            Ok(AnyStore::Etcd(store))
        }
    }
}

/// The control plane roles that run beside the API server in `rkd server`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Roles {
    /// `rkd apiserver`: the API server alone.
    ApiServerOnly,
    /// `rkd server`: API server, controller manager and scheduler.
    ControlPlane,
}

/// Runs `task` on a runtime and threads of its own. The control loops of `rkd server` get the
/// operating system's share of the CPU, as the separate processes of `rkd controller-manager`
/// and `rkd scheduler` do, instead of a task's share among the API server's thousands of
/// connection tasks (on one runtime the scheduler fell behind pod creation at 5,000 nodes).
fn on_own_runtime<F, Fut>(name: &'static str, task: F)
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()>,
{
    let spawned = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            match tokio::runtime::Builder::new_multi_thread()
                .thread_name(name)
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime.block_on(task()),
                Err(e) => tracing::error!(error = %e, "{name}: starting its runtime"),
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "{name}: starting its thread");
    }
}

/// The controller manager and scheduler of `rkd server`, started once the API server listens.
fn spawn_control_loops(
    args: &ServerArgs,
    kubeconfig: std::path::PathBuf,
    shutdown: tokio_util::sync::CancellationToken,
) {
    let controllers = rk_controllers::Config {
        cluster_cidr: Some(args.cluster_cidr.with_node_prefix(24)),
        ..args.controllers.config()
    };
    let (path, stop) = (kubeconfig.clone(), shutdown.clone());
    on_own_runtime("controller-manager", move || async move {
        let result = async {
            let client = super::controller_manager::client_from(&path).await?;
            rk_controllers::run(client, controllers, stop).await?;
            anyhow::Ok(())
        }
        .await;
        if let Err(e) = result {
            tracing::error!(error = %format!("{e:#}"), "controller manager stopped");
        }
    });
    on_own_runtime("scheduler", move || async move {
        if let Err(e) = super::scheduler::run_embedded(kubeconfig, shutdown).await {
            tracing::error!(error = %format!("{e:#}"), "scheduler stopped");
        }
    });
}

pub async fn run(args: ServerArgs, roles: Roles) -> anyhow::Result<()> {
    serve(args, roles, super::shutdown_on_signals(), |_| {}).await
}

/// The server until `shutdown`; `also` runs once it listens (`rkd up` starts its agent there).
pub async fn serve(
    args: ServerArgs,
    roles: Roles,
    shutdown: tokio_util::sync::CancellationToken,
    also: impl FnOnce(&rk_apiserver::Bound),
) -> anyhow::Result<()> {
    let store = open_store(&args).await?;
    let compaction = tokio::spawn(compactor::run(
        store.clone(),
        compactor::CompactorConfig::default(),
    ));
    let config = rk_apiserver::Config {
        data_dir: args.data_dir.clone(),
        listen: args.listen,
        store: store.clone(),
        tls_sans: args.tls_sans.clone(),
        service_cidr: args.service_cidr,
        node_port_range: args.service_node_port_range,
        token: args.token.clone(),
    };
    let loops = (roles == Roles::ControlPlane).then(|| (shutdown.clone(), &args));
    let result = rk_apiserver::run(config, shutdown, |bound| {
        eprintln!(
            "rkd: API server on https://{} — kubeconfig: {}",
            bound.addr,
            bound.kubeconfig.display()
        );
        if let Some((stop, args)) = loops {
            spawn_control_loops(args, bound.kubeconfig.clone(), stop);
        }
        also(&bound);
    })
    .await;
    compaction.abort();
    if let AnyStore::Embedded(s) = &store {
        s.close().await;
    }
    result.context("API server")
}
