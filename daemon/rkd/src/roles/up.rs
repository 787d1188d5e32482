//! `rkd up`: a one-machine cluster — the server (API server, scheduler, controller manager) and
//! one node agent over a managed containerd, in one process, in the foreground until SIGINT or
//! SIGTERM. The agent shares DATA_DIR with the server (node credentials in DIR/node, containerd
//! in DIR/containerd, CNI in DIR/cni, pod logs in DIR/pods, air-gap images in DIR/images), joins
//! with DIR/node-token and uses 127.0.0.1 as its node address. Stopping `rkd up` leaves
//! containerd and the pods running (a restart adopts them); `rkd reset` removes everything.

use std::sync::{Arc, Mutex};

use anyhow::Context;
use rk_kubelet::agent::{CriConfig, Timings};

use super::server::{Roles, ServerArgs};

#[derive(clap::Args, Debug)]
pub struct UpArgs {
    #[command(flatten)]
    pub server: ServerArgs,
    /// The node's name (default: the host name).
    #[arg(long)]
    pub node_name: Option<String>,
    /// The node agent's endpoint port (logs, exec, port-forward, stats); 0 picks a free one.
    #[arg(long, default_value_t = 10250)]
    pub kubelet_port: u16,
    #[command(flatten)]
    pub reserved: super::agent::ReservedArgs,
}

pub async fn run(mut args: UpArgs) -> anyhow::Result<()> {
    let shutdown = super::shutdown_on_signals();
    let data_dir = std::path::absolute(&args.server.data_dir)
        .with_context(|| format!("resolving {}", args.server.data_dir.display()))?;
    args.server.data_dir = data_dir.clone();
    let failure: Arc<Mutex<Option<anyhow::Error>>> = Arc::default();
    let (stop, failed, node_name) = (shutdown.clone(), failure.clone(), args.node_name.clone());
    let kubelet_port = args.kubelet_port;
    let reserved = args.reserved.total();
    let started = std::time::Instant::now();
    let result = super::server::serve(
        args.server,
        Roles::ControlPlane,
        shutdown.clone(),
        move |bound| {
            let mut addr = bound.addr;
            if addr.ip().is_unspecified() {
                addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
            }
            tokio::spawn(async move {
                let result = async {
                    let token = std::fs::read_to_string(data_dir.join("node-token"))
                        .context("reading the node token")?;
                    let config = CriConfig {
                        server: format!("https://{addr}"),
                        token: token.trim().to_string(),
                        data_dir,
                        node_name,
                        node_ip: Some("127.0.0.1".into()),
                        endpoint: None,
                        timings: Timings::default(),
                        kubelet_port,
                        reserved,
                    };
                    eprintln!(
                        "rkd: node agent starting ({} ms after start)",
                        started.elapsed().as_millis()
                    );
                    rk_kubelet::agent::run_cri(config, stop.clone())
                        .await
                        .context("node agent (containerd)")
                }
                .await;
                if let Err(e) = result {
                    if let Ok(mut f) = failed.lock() {
                        *f = Some(e);
                    }
                    stop.cancel();
                }
            });
        },
    )
    .await;
    if let Some(e) = failure.lock().ok().and_then(|mut f| f.take()) {
        return Err(e);
    }
    result
}
