//! # rk-apiserver: the Kubernetes REST API of an rk cluster
//!
//! The seed's kube-apiserver: the REST front end to the cluster's shared state in the store.
//!
//! What exists so far: the cluster's PKI ([`pki`]: CA, serving and admin certificates, node
//! token), TLS with optional client certificates ([`auth`]: CN = user, O = groups), the files
//! other parts and users rely on (`admin.kubeconfig`, `node-token`, written atomically once the
//! listener accepts), and the public endpoints (`/version`, `/healthz`, `/livez`, `/readyz`,
//! `/cacerts`). Every other path requires an authenticated caller: anonymous requests get 401.
//! The resource registry, watch, discovery and printing come next (issue 3).
//!
//! Data flow: TCP accept → TLS handshake (client certificate verified against the CA when
//! offered) → the caller's identity is attached to each request → axum router.

mod admission;
pub mod allocator;
mod apply;
pub mod auth;
mod authz;
pub mod cache;
mod events;
mod fields;
mod files;
mod handlers;
pub mod kubelet;
mod meta;
mod metrics;
mod openapi;
mod patch;
#[cfg(test)]
mod patch_fuzz;
#[cfg(test)]
mod patch_props;
pub mod pki;
pub mod printers;
mod registry;
mod request;
mod resource_metrics;
mod routes;
pub mod secrets;
mod stored;
mod strategy;
mod streams;
mod subresources;
pub mod tokens;
mod typed;
mod watch;

#[cfg(test)]
mod decode_fuzz;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use rk_store::AnyStore;
use tokio_util::sync::CancellationToken;

pub use files::kubeconfig;

/// The Kubernetes version rk serves (`/version`): kubectl's dispatcher picks its binary from it.
pub const KUBERNETES_MINOR: &str = "33";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("certificates: {0}")]
    Pki(#[from] pki::Error),
    #[error("{0}")]
    Secrets(#[from] secrets::Error),
    #[error("service account signing key: {0}")]
    Tokens(#[from] tokens::Error),
    #[error(transparent)]
    Kubelet(#[from] kubelet::Error),
    #[error("creating the cluster's initial objects: {0}")]
    Bootstrap(rk_api::status::ApiError),
    #[error("listening on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What `rkd server` / `rkd apiserver` configure.
pub struct Config {
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
    pub store: AnyStore,
    /// Extra names and addresses for the serving certificate.
    pub tls_sans: Vec<String>,
    /// Where ClusterIPs come from (`--service-cidr`); a cluster keeps its first server's.
    pub service_cidr: allocator::ServiceCidr,
    /// Where NodePorts come from (`--service-node-port-range`); likewise.
    pub node_port_range: allocator::PortRange,
    /// The cluster's token (`--token`): a server joining a store that already holds a
    /// cluster opens its secrets with it (secrets.rs); the first server takes its secret.
    pub token: Option<String>,
}

/// Shared by every request handler.
pub struct State {
    pub store: AnyStore,
    pub pki: pki::Pki,
    /// Signs and checks service-account tokens (bearer tokens).
    pub tokens: tokens::Signer,
    pub metrics: metrics::Metrics,
    pub caches: cache::Caches,
    /// Reaches the node agents (logs, exec, attach, port-forward, nodes/proxy, metrics).
    pub kubelet: kubelet::KubeletClient,
}

/// A running API server's address, known once it listens.
#[derive(Clone, Debug)]
pub struct Bound {
    pub addr: SocketAddr,
    pub kubeconfig: PathBuf,
}

/// Runs the API server until `shutdown` is cancelled. `on_bound` is called once the listener
/// accepts and the files are written.
pub async fn run(
    config: Config,
    shutdown: CancellationToken,
    on_bound: impl FnOnce(Bound),
) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| Error::Listen {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| Error::Listen {
        addr: config.listen,
        source,
    })?;
    let connect = files::connectable(addr);
    let mut sans = vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        connect.ip().to_string(),
    ];
    if let Some(host) = files::hostname() {
        sans.push(host);
    }
    sans.extend(config.tls_sans.iter().cloned());
    sans.sort();
    sans.dedup();
    // Several servers on one store are one cluster: take its secrets, or publish ours.
    let mut pki = None;
    for _ in 0..3 {
        let known =
            secrets::fetch(&config.store, &config.data_dir, config.token.as_deref()).await?;
        let loaded = pki::Pki::load_or_create(&config.data_dir, &sans)?;
        let signer = tokens::Signer::load_or_create(&config.data_dir)?;
        if known || secrets::publish(&config.store, &config.data_dir).await? {
            pki = Some((loaded, signer));
            break;
        }
        // Another server published first: fetch theirs and load again.
    }
    let (pki, signer) = pki.ok_or(secrets::Error::NoToken)?;
    let tls = tokio_rustls::TlsAcceptor::from(pki.server_config()?);
    registry::bootstrap(&config.store, config.service_cidr, config.node_port_range)
        .await
        .map_err(Error::Bootstrap)?;
    admission::bootstrap(&config.store)
        .await
        .map_err(Error::Bootstrap)?;
    let kubeconfig = files::write_cluster_files(&config.data_dir, &pki, connect)?;
    tracing::info!(%addr, kubeconfig = %kubeconfig.display(), "API server listening");
    let kubelet = kubelet::KubeletClient::new(&pki)?;
    let state = Arc::new(State {
        kubelet,
        caches: cache::Caches::new(config.store.clone()),
        store: config.store,
        pki,
        tokens: signer,
        metrics: metrics::Metrics::default(),
    });
    let router = routes::router(state);

    on_bound(Bound { addr, kubeconfig });

    let connections = tokio_util::task::TaskTracker::new();
    loop {
        let (tcp, peer) = tokio::select! {
            _ = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    continue;
                }
            },
        };
        // As Go's net package does for kube-apiserver: a small write (a watch event, the end of a
        // TLS record) goes out at once instead of waiting for the peer's delayed ACK (~40 ms).
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(%peer, error = %e, "TCP_NODELAY");
        }
        let (tls, router, shutdown) = (tls.clone(), router.clone(), shutdown.clone());
        connections.spawn(async move {
            if let Err(e) = routes::serve_connection(tcp, tls, router, shutdown).await {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
        });
    }
    connections.close();
    connections.wait().await;
    Ok(())
}
