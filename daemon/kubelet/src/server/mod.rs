//! The agent's HTTPS endpoint (kubelet's port 10250), which only the API server may call.
//!
//! TLS with each node's serving certificate from the join (chosen by SNI, so one listener serves
//! every simulated node of a process), client certificates required and signed by the cluster
//! CA, and only the API server's kubelet-client identity
//! (`CN=kube-apiserver-kubelet-client`) allowed; anyone else gets 403.
//!
//! Endpoints, as kubelet's: `/healthz`, `/containerLogs/{ns}/{pod}/{container}` ([`logs`]),
//! `/exec/…`, `/attach/…`, `/portForward/{ns}/{pod}` ([`streams`]: the client's protocol is
//! terminated here with rk-stream), `/stats/summary` ([`stats`]), `POST /images/import`.

pub mod bridge;
pub mod logs;
pub mod stats;
mod streams;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper_util::rt::TokioIo;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::client::Client;
use crate::runtime::{ContainerState, ContainerStatus, Runtime, SandboxState, SandboxStatus};
use crate::worker::NodeContext;

/// The identity the API server presents to agents (its client certificate's CN).
pub const API_SERVER_CLIENT: &str = "kube-apiserver-kubelet-client";

/// The most an image archive may weigh.
pub const MAX_IMPORT_BYTES: usize = 4 << 30;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("listening on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("the agent's TLS configuration: {0}")]
    Tls(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) type Body = BoxBody<Bytes, std::io::Error>;

/// One node served by this endpoint: its name, serving credentials and its workers' context.
pub struct NodeHandle<R: Runtime> {
    pub name: String,
    pub serving_cert: String,
    pub serving_key: String,
    pub ctx: Arc<NodeContext<R, Client>>,
}

/// Binds the agent's port (0 = any free port).
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| Error::Listen { addr, source })
}

/// Serving certificates by SNI name; the first node's when the name is unknown.
#[derive(Debug)]
struct ByName {
    names: std::collections::HashMap<String, Arc<CertifiedKey>>,
    default: Arc<CertifiedKey>,
}

impl ResolvesServerCert for ByName {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let chosen = hello.server_name().and_then(|n| self.names.get(n));
        Some(chosen.unwrap_or(&self.default).clone())
    }
}

fn certified(
    cert_pem: &str,
    key_pem: &str,
    provider: &rustls::crypto::CryptoProvider,
) -> Result<Arc<CertifiedKey>> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|e| Error::Tls(format!("serving certificate: {e}")))?;
    let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
        .map_err(|e| Error::Tls(format!("serving key: {e}")))?;
    let signer = provider
        .key_provider
        .load_private_key(key)
        .map_err(|e| Error::Tls(format!("serving key: {e}")))?;
    Ok(Arc::new(CertifiedKey::new(chain, signer)))
}

fn tls_config<R: Runtime>(
    ca_pem: &str,
    nodes: &[NodeHandle<R>],
) -> Result<Arc<rustls::ServerConfig>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        let cert = cert.map_err(|e| Error::Tls(format!("cluster CA: {e}")))?;
        roots
            .add(cert)
            .map_err(|e| Error::Tls(format!("cluster CA: {e}")))?;
    }
    let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .build()
    .map_err(|e| Error::Tls(e.to_string()))?;
    let mut names = std::collections::HashMap::new();
    let mut default = None;
    for n in nodes {
        let key = certified(&n.serving_cert, &n.serving_key, &provider)?;
        default.get_or_insert_with(|| key.clone());
        names.insert(n.name.clone(), key);
    }
    let default = default.ok_or_else(|| Error::Tls("no node to serve".into()))?;
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Tls(e.to_string()))?
        .with_client_cert_verifier(verifier)
        .with_cert_resolver(Arc::new(ByName { names, default }));
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The common name of a verified client certificate.
fn common_name(der: &CertificateDer<'_>) -> Option<String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der.as_ref()).ok()?;
    let cn = cert
        .subject()
        .iter_common_name()
        .next()?
        .as_str()
        .ok()?
        .to_string();
    Some(cn)
}

/// What every request handler shares.
pub(crate) struct Shared<R: Runtime> {
    pub nodes: Vec<NodeHandle<R>>,
    pub stats: stats::Sampler,
    pub shutdown: CancellationToken,
}

/// Serves the nodes on `listener` until `shutdown`.
pub async fn serve<R: Runtime>(
    listener: tokio::net::TcpListener,
    ca_pem: &str,
    nodes: Vec<NodeHandle<R>>,
    shutdown: CancellationToken,
) -> Result<()> {
    let tls = tokio_rustls::TlsAcceptor::from(tls_config(ca_pem, &nodes)?);
    let shared = Arc::new(Shared {
        nodes,
        stats: stats::Sampler::default(),
        shutdown: shutdown.clone(),
    });
    let tracker = tokio_util::task::TaskTracker::new();
    loop {
        let tcp = tokio::select! {
            () = shutdown.cancelled() => break,
            a = listener.accept() => match a {
                Ok((tcp, _)) => tcp,
                Err(e) => {
                    tracing::warn!(error = %e, "agent endpoint: accept failed");
                    continue;
                }
            },
        };
        let (tls, shared) = (tls.clone(), shared.clone());
        tracker.spawn(async move {
            let Ok(stream) = tls.accept(tcp).await else { return };
            let sni = stream.get_ref().1.server_name().map(str::to_string);
            let caller = stream
                .get_ref()
                .1
                .peer_certificates()
                .and_then(|c| c.first())
                .and_then(common_name)
                .unwrap_or_default();
            let service = hyper::service::service_fn(move |req| {
                let (shared, caller, sni) = (shared.clone(), caller.clone(), sni.clone());
                async move { Ok::<_, Infallible>(handle(&shared, &caller, sni.as_deref(), req).await) }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "agent endpoint: connection ended with an error");
            }
        });
    }
    tracker.close();
    Ok(())
}

pub(crate) fn full(code: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Response<Body> {
    let mut r = Response::new(Full::new(body.into()).map_err(|e| match e {}).boxed());
    *r.status_mut() = code;
    if let Ok(v) = http::HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

/// A Kubernetes `Status` answer.
pub(crate) fn status(code: StatusCode, reason: &str, message: impl Into<String>) -> Response<Body> {
    let body = json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": message.into(), "reason": reason, "code": code.as_u16(),
    });
    full(code, "application/json", body.to_string())
}

pub(crate) fn json_response(v: &Value) -> Response<Body> {
    full(StatusCode::OK, "application/json", v.to_string())
}

/// A streaming body fed by a channel.
pub(crate) fn channel_body(rx: mpsc::Receiver<Bytes>, content_type: &str) -> Response<Body> {
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|b| (Ok::<_, std::io::Error>(Frame::data(b)), rx))
    });
    let mut r = Response::new(BodyExt::boxed(StreamBody::new(stream)));
    if let Ok(v) = http::HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

async fn handle<R: Runtime>(
    shared: &Arc<Shared<R>>,
    caller: &str,
    sni: Option<&str>,
    req: Request<Incoming>,
) -> Response<Body> {
    let path = req.uri().path().to_string();
    if caller != API_SERVER_CLIENT {
        let user = if caller.is_empty() {
            "system:anonymous"
        } else {
            caller
        };
        return status(
            StatusCode::FORBIDDEN,
            "Forbidden",
            format!(
                "Forbidden (user={user}, verb={}, resource=nodes, subresource=proxy)",
                req.method().as_str().to_lowercase()
            ),
        );
    }
    let parts: Vec<String> = path
        .trim_matches('/')
        .split('/')
        .map(percent_decode)
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let query = req.uri().query().unwrap_or("").to_string();
    match (req.method(), parts.as_slice()) {
        (&Method::GET, ["healthz"]) => full(StatusCode::OK, "text/plain; charset=utf-8", "ok"),
        (&Method::GET, ["containerLogs", ns, pod, container]) => {
            container_logs(shared, ns, pod, container, &query).await
        }
        (_, ["exec", ns, pod, container] | ["exec", ns, pod, _, container]) => {
            let (ns, pod, container) = (ns.to_string(), pod.to_string(), container.to_string());
            streams::exec(shared, req, &ns, &pod, &container, false).await
        }
        (_, ["attach", ns, pod, container] | ["attach", ns, pod, _, container]) => {
            let (ns, pod, container) = (ns.to_string(), pod.to_string(), container.to_string());
            streams::exec(shared, req, &ns, &pod, &container, true).await
        }
        (_, ["portForward", ns, pod] | ["portForward", ns, pod, _]) => {
            let (ns, pod) = (ns.to_string(), pod.to_string());
            streams::port_forward(shared, req, &ns, &pod).await
        }
        (&Method::GET, ["stats", "summary"]) => stats::summary(shared, sni).await,
        (&Method::POST, ["images", "import"]) => import_images(shared, req).await,
        _ => status(
            StatusCode::NOT_FOUND,
            "NotFound",
            format!("the server could not find the requested resource {path}"),
        ),
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(h, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A pod found on one of the served nodes.
pub(crate) struct Found<'a, R: Runtime> {
    pub node: &'a NodeHandle<R>,
    /// The node's place in [`Shared::nodes`].
    pub index: usize,
    pub sandbox: SandboxStatus,
    /// The pod's containers in the runtime, newest attempt first.
    pub containers: Vec<ContainerStatus>,
}

impl<R: Runtime> Found<'_, R> {
    /// The newest attempt of `name`.
    pub fn container(&self, name: &str) -> Option<&ContainerStatus> {
        self.containers.iter().find(|c| c.name == name)
    }

    /// The attempt before the newest one, as `--previous` reads it.
    pub fn previous(&self, name: &str) -> Option<&ContainerStatus> {
        self.containers.iter().filter(|c| c.name == name).nth(1)
    }
}

/// Finds the pod's newest sandbox on any served node.
pub(crate) async fn find_pod<'a, R: Runtime>(
    shared: &'a Shared<R>,
    ns: &str,
    name: &str,
) -> Option<Found<'a, R>> {
    for (index, node) in shared.nodes.iter().enumerate() {
        let rt = &node.ctx.runtime;
        let Ok(sandboxes) = rt.list_pod_sandboxes().await else {
            continue;
        };
        let best = sandboxes
            .into_iter()
            .filter(|s| s.namespace == ns && s.name == name)
            .max_by_key(|s| (s.state == SandboxState::Ready, s.created_at, s.attempt));
        if let Some(sandbox) = best {
            let mut containers: Vec<ContainerStatus> = rt
                .list_containers()
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|c| c.sandbox_id == sandbox.id)
                .collect();
            containers.sort_by_key(|c| std::cmp::Reverse((c.attempt, c.created_at)));
            return Some(Found {
                node,
                index,
                sandbox,
                containers,
            });
        }
    }
    None
}

pub(crate) fn pod_not_found(ns: &str, pod: &str) -> Response<Body> {
    status(
        StatusCode::NOT_FOUND,
        "NotFound",
        format!("pod \"{pod}\" not found in namespace \"{ns}\" on this node"),
    )
}

async fn container_logs<R: Runtime>(
    shared: &Arc<Shared<R>>,
    ns: &str,
    pod: &str,
    container: &str,
    query: &str,
) -> Response<Body> {
    let now = crate::time::Clock::new().now_secs();
    let options = match logs::LogOptions::from_query(query, now) {
        Ok(o) => o,
        Err(e) => return status(StatusCode::BAD_REQUEST, "BadRequest", e.to_string()),
    };
    let Some(found) = find_pod(shared, ns, pod).await else {
        return pod_not_found(ns, pod);
    };
    let dir = found.node.ctx.log_root.as_ref().map(|root| {
        root.join(format!("{ns}_{pod}_{}", found.sandbox.uid))
            .join(container)
    });
    let log_of = |attempt: u32| dir.as_ref().map(|d| d.join(format!("{attempt}.log")));
    // (attempt, still running) of the log to read. The previous attempt may already be gone
    // from the runtime while its log file is kept: then the file decides.
    let chosen = if options.previous {
        match (found.previous(container), found.container(container)) {
            (Some(p), _) => Some((p.attempt, false)),
            (None, Some(c))
                if c.attempt > 0 && log_of(c.attempt - 1).is_some_and(|p| p.exists()) =>
            {
                Some((c.attempt - 1, false))
            }
            _ => None,
        }
    } else {
        found
            .container(container)
            .map(|c| (c.attempt, c.state != ContainerState::Exited))
    };
    let Some((attempt, running)) = chosen else {
        let message = if options.previous {
            format!("previous terminated container \"{container}\" in pod \"{pod}\" not found")
        } else {
            format!("container \"{container}\" in pod \"{pod}\" is not available")
        };
        return status(StatusCode::BAD_REQUEST, "BadRequest", message);
    };
    // A runtime that keeps no log files (sim without a data dir) has nothing to show.
    let Some(path) = log_of(attempt).filter(|p| p.exists()) else {
        return full(StatusCode::OK, "text/plain", Bytes::new());
    };
    let mut options = options;
    // A finished container's log will not grow.
    options.follow &= running;
    let (tx, rx) = mpsc::channel(64);
    let stop = shared.shutdown.child_token();
    if options.follow
        && let Some(c) = found.container(container)
    {
        // As kubelet's: following ends when the container stops (what it wrote last is read).
        let (ctx, id, stop) = (found.node.ctx.clone(), c.id.clone(), stop.clone());
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    () = stop.cancelled() => return,
                    () = tokio::time::sleep(FOLLOW_CHECK) => {}
                }
                let running = match ctx.runtime.list_containers().await {
                    Ok(all) => all
                        .iter()
                        .any(|c| c.id == id && c.state != ContainerState::Exited),
                    // The runtime is unreachable for a moment: keep following.
                    Err(_) => true,
                };
                if !running {
                    // Lines the runtime is still copying into the file land first.
                    tokio::time::sleep(FOLLOW_CHECK / 2).await;
                    stop.cancel();
                    return;
                }
            }
        });
    }
    let done = stop.clone();
    tokio::spawn(async move {
        logs::stream(path, options, tx, stop).await;
        // Ends the watcher above when the client went away first.
        done.cancel();
    });
    channel_body(rx, "text/plain")
}

/// How often a followed container is checked for having stopped.
const FOLLOW_CHECK: std::time::Duration = std::time::Duration::from_secs(1);

/// Checks that `archive` looks like an OCI layout or a `docker save` tar: a tar whose entries
/// include `index.json` or `manifest.json`.
pub fn check_image_archive(archive: &[u8]) -> Result<(), String> {
    let mut offset = 0usize;
    let mut seen = false;
    while offset + 512 <= archive.len() {
        let header = &archive[offset..offset + 512];
        if header.iter().all(|b| *b == 0) {
            break;
        }
        let checksum = header[148..156]
            .iter()
            .filter(|b| b.is_ascii_digit())
            .fold(0u32, |acc, b| acc * 8 + u32::from(b - b'0'));
        let sum: u32 = header
            .iter()
            .enumerate()
            .map(|(i, b)| {
                if (148..156).contains(&i) {
                    32
                } else {
                    u32::from(*b)
                }
            })
            .sum();
        if checksum != sum {
            return Err(format!(
                "not a tar archive (bad header checksum at byte {offset})"
            ));
        }
        let name_end = header[..100].iter().position(|b| *b == 0).unwrap_or(100);
        let name = String::from_utf8_lossy(&header[..name_end]);
        let name = name.trim_start_matches("./");
        seen |= name == "index.json" || name == "manifest.json";
        let size = header[124..136]
            .iter()
            .filter(|b| (b'0'..=b'7').contains(b))
            .fold(0usize, |acc, b| {
                acc.saturating_mul(8).saturating_add(usize::from(b - b'0'))
            });
        offset = offset
            .saturating_add(512)
            .saturating_add(size.div_ceil(512) * 512);
    }
    if offset == 0 {
        return Err("not a tar archive (empty or too short)".into());
    }
    if !seen {
        return Err("not an image archive: the tar has neither index.json (OCI) nor manifest.json (docker save)".into());
    }
    Ok(())
}

async fn import_images<R: Runtime>(
    shared: &Arc<Shared<R>>,
    req: Request<Incoming>,
) -> Response<Body> {
    let body = match http_body_util::Limited::new(req.into_body(), MAX_IMPORT_BYTES)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            return status(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                format!("reading the image archive: {e}"),
            );
        }
    };
    if let Err(e) = check_image_archive(&body) {
        return status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            format!("image import: {e}"),
        );
    }
    let Some(node) = shared.nodes.first() else {
        return status(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            "no node",
        );
    };
    match node.ctx.runtime.import_images(&body).await {
        Ok(images) => json_response(&json!({"images": images})),
        Err(e @ crate::runtime::Error::Unsupported { .. }) => status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            format!("image import: {e}"),
        ),
        Err(e) => status(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            format!("image import: {e}"),
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn tar_entry(name: &str, data: &[u8]) -> Vec<u8> {
        let mut h = [0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..107].copy_from_slice(b"0000644");
        h[124..135].copy_from_slice(format!("{:011o}", data.len()).as_bytes());
        h[156] = b'0';
        h[148..156].fill(b' ');
        let sum: u32 = h.iter().map(|b| u32::from(*b)).sum();
        h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        let mut out = h.to_vec();
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
        out
    }

    #[test]
    fn image_archives_need_a_tar_with_an_index_or_a_manifest() {
        let mut good = tar_entry("blobs/x", b"layer");
        good.extend(tar_entry("manifest.json", b"[]"));
        good.extend([0u8; 1024]);
        assert_eq!(check_image_archive(&good), Ok(()));
        let mut no_manifest = tar_entry("hello.txt", b"hi");
        no_manifest.extend([0u8; 1024]);
        assert!(
            check_image_archive(&no_manifest)
                .unwrap_err()
                .contains("neither index.json")
        );
        assert!(
            check_image_archive(b"this is not a tar")
                .unwrap_err()
                .contains("not a tar")
        );
        assert!(
            check_image_archive(&[b'x'; 2048])
                .unwrap_err()
                .contains("checksum")
        );
    }

    #[test]
    fn path_segments_are_percent_decoded() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("plain"), "plain");
    }
}
