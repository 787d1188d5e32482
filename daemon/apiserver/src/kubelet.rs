//! The API server's client to node agents (kube-apiserver's "kubelet client"): HTTPS with a
//! client certificate `CN=kube-apiserver-kubelet-client, O=system:masters` signed by the
//! cluster CA (issued at start by each API server: every server's is valid, since the agents
//! check the CA and the name), the agent's serving certificate checked against the CA and the
//! node's name; and an upgrade-aware proxy that forwards a request to the agent and, on
//! `101 Switching Protocols`, splices the two connections byte for byte — the agent terminates
//! whatever streaming protocol the client speaks.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use hyper_util::rt::TokioIo;
use rk_api::status::ApiError;
use rk_store::{AnyStore, Store};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, pem::PemObject};
use serde_json::Value;

use crate::meta;
use crate::registry::{self, store_error};

/// The identity agents accept.
pub const CLIENT_NAME: &str = "kube-apiserver-kubelet-client";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the kubelet client credential: {0}")]
    Credential(String),
}

/// Where a node's agent listens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `host:port` to dial.
    pub addr: String,
    /// The node's name: its serving certificate's.
    pub node: String,
}

/// Reaches node agents.
pub struct KubeletClient {
    tls: Arc<rustls::ClientConfig>,
}

fn dial_error(message: impl std::fmt::Display) -> ApiError {
    ApiError {
        code: 500,
        reason: "InternalError",
        message: format!("error dialing backend: {message}"),
        details: None,
    }
}

impl KubeletClient {
    pub fn new(pki: &crate::pki::Pki) -> Result<KubeletClient, Error> {
        let bad = |e: &dyn std::fmt::Display| Error::Credential(e.to_string());
        let pair = pki
            .issue_client(CLIENT_NAME, &[crate::pki::ADMIN_GROUP])
            .map_err(|e| bad(&e))?;
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(pki.ca_pem().as_bytes()) {
            roots.add(cert.map_err(|e| bad(&e))?).map_err(|e| bad(&e))?;
        }
        let chain: Vec<CertificateDer<'static>> =
            CertificateDer::pem_slice_iter(pair.cert_pem.as_bytes())
                .collect::<Result<_, _>>()
                .map_err(|e| bad(&e))?;
        let key = PrivateKeyDer::from_pem_slice(pair.key_pem.as_bytes()).map_err(|e| bad(&e))?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| bad(&e))?
            .with_root_certificates(roots)
            .with_client_auth_cert(chain, key)
            .map_err(|e| bad(&e))?;
        tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(KubeletClient { tls: Arc::new(tls) })
    }

    /// Sends one request to the agent; the connection lives as long as the response (and any
    /// upgrade) needs it.
    pub async fn send(
        &self,
        target: &Target,
        req: Request<Body>,
    ) -> Result<Response<hyper::body::Incoming>, ApiError> {
        let tcp = tokio::net::TcpStream::connect(&target.addr)
            .await
            .map_err(|e| dial_error(format!("dial tcp {}: {e}", target.addr)))?;
        let name =
            ServerName::try_from(target.node.clone()).map_err(|e| dial_error(e.to_string()))?;
        let tls = tokio_rustls::TlsConnector::from(self.tls.clone())
            .connect(name, tcp)
            .await
            .map_err(|e| dial_error(format!("tls with {}: {e}", target.addr)))?;
        let (mut send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
            .await
            .map_err(|e| dial_error(e.to_string()))?;
        tokio::spawn(async move {
            let _ = conn.with_upgrades().await;
        });
        send.send_request(req)
            .await
            .map_err(|e| dial_error(e.to_string()))
    }

    /// GETs `path` and answers the JSON body (non-2xx answers become errors).
    pub async fn get_json(&self, target: &Target, path: &str) -> Result<Value, ApiError> {
        let req = Request::get(path)
            .header(header::HOST, target.addr.as_str())
            .body(Body::empty())
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let resp = self.send(target, req).await?;
        let code = resp.status();
        let body = axum::body::to_bytes(Body::new(resp.into_body()), 64 << 20)
            .await
            .map_err(|e| dial_error(e.to_string()))?;
        if !code.is_success() {
            return Err(ApiError::internal(format!(
                "the node's agent answered {code}: {}",
                String::from_utf8_lossy(&body)
            )));
        }
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::internal(format!("the node's agent answered: {e}")))
    }

    /// Forwards `req` to `path_and_query` on the agent: an upgrade is spliced through, any
    /// other answer streamed back as it comes.
    pub async fn proxy(
        &self,
        target: &Target,
        mut req: Request<Body>,
        path_and_query: &str,
    ) -> Result<Response<Body>, ApiError> {
        let client_upgrade = hyper::upgrade::on(&mut req);
        let (parts, body) = req.into_parts();
        let mut out = Request::builder().method(parts.method).uri(path_and_query);
        for (k, v) in &parts.headers {
            // The caller's own credentials stay here; the agent trusts us.
            if k == header::AUTHORIZATION || k == header::HOST {
                continue;
            }
            out = out.header(k, v);
        }
        let out = out
            .header(header::HOST, target.addr.as_str())
            .body(body)
            .map_err(|e| ApiError::bad_request(e.to_string()))?;
        let mut resp = self.send(target, out).await?;
        if resp.status() == StatusCode::SWITCHING_PROTOCOLS {
            let agent_upgrade = hyper::upgrade::on(&mut resp);
            tokio::spawn(async move {
                let (Ok(client), Ok(agent)) = (client_upgrade.await, agent_upgrade.await) else {
                    return;
                };
                let (mut client, mut agent) = (TokioIo::new(client), TokioIo::new(agent));
                // 64 KiB each way (tokio's default is 8 KiB): port-forward's bulk transfers.
                let _ = tokio::io::copy_bidirectional_with_sizes(
                    &mut client,
                    &mut agent,
                    64 << 10,
                    64 << 10,
                )
                .await;
            });
            let (parts, _) = resp.into_parts();
            return Ok(Response::from_parts(parts, Body::empty()));
        }
        let (parts, body) = resp.into_parts();
        Ok(Response::from_parts(parts, Body::new(body)))
    }
}

/// Where node `name`'s agent is: the `node.rk.dev/kubelet-address` annotation or the
/// InternalIP (else the first address), at `status.daemonEndpoints.kubeletEndpoint.Port`.
pub async fn target(store: &AnyStore, name: &str) -> Result<Target, ApiError> {
    let nodes = rk_api::resources::find("", "v1", "nodes")
        .ok_or_else(|| ApiError::internal("nodes are not registered"))?;
    let (found, _) = store
        .get(&meta::key(nodes, "", name))
        .await
        .map_err(|e| store_error(nodes, name, e))?;
    let node = registry::decode(&found.ok_or_else(|| ApiError::not_found("", "nodes", name))?)?;
    target_of(&node)
        .ok_or_else(|| dial_error(format!("node {name:?} publishes no address or agent port")))
}

/// [`target`] for a Node object.
pub fn target_of(node: &Value) -> Option<Target> {
    let name = node.pointer("/metadata/name").and_then(Value::as_str)?;
    let port = node
        .pointer("/status/daemonEndpoints/kubeletEndpoint/Port")
        .and_then(Value::as_u64)
        .filter(|p| *p > 0)?;
    let addresses = node.pointer("/status/addresses").and_then(Value::as_array);
    let of_type = |t: &str| {
        addresses?
            .iter()
            .find(|a| a.get("type").and_then(Value::as_str) == Some(t))?
            .get("address")?
            .as_str()
    };
    let host = node
        .pointer("/metadata/annotations")
        .and_then(|a| a.get("node.rk.dev/kubelet-address"))
        .and_then(Value::as_str)
        .or_else(|| of_type("InternalIP"))
        .or_else(|| of_type("ExternalIP"))
        .or_else(|| of_type("Hostname"))?;
    let addr = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    Some(Target {
        addr,
        node: name.to_string(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn agents_are_dialled_at_the_annotation_else_the_internal_ip() {
        let mut node = json!({
            "metadata": {"name": "n1"},
            "status": {"addresses": [{"type": "Hostname", "address": "n1"}, {"type": "InternalIP", "address": "10.0.0.5"}],
                       "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}}},
        });
        assert_eq!(
            target_of(&node),
            Some(Target {
                addr: "10.0.0.5:10250".into(),
                node: "n1".into()
            })
        );
        node["metadata"]["annotations"] = json!({"node.rk.dev/kubelet-address": "127.0.0.1"});
        assert_eq!(target_of(&node).unwrap().addr, "127.0.0.1:10250");
        node["status"]["daemonEndpoints"]["kubeletEndpoint"]["Port"] = json!(0);
        assert_eq!(target_of(&node), None);
    }
}
