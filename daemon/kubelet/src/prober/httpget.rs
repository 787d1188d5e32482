//! httpGet probes and hooks: one HTTP/1.1 GET (HTTPS without certificate checks, as kubelet),
//! success for a status in 200..400.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Limited};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;

use super::{io_words, join_host_port};

/// Kubelet's probe user agent.
pub const USER_AGENT: &str = "kube-probe/1.33";


fn tls_config() -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(
        rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(crate::join::CheckedLater(provider)))
            .with_no_client_auth(),
    )
}

async fn send<I>(
    io: I,
    req: ::http::Request<Empty<Bytes>>,
) -> Result<::http::Response<hyper::body::Incoming>, String>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (mut sender, conn) = hyper::client::conn::http1::handshake(io)
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    sender.send_request(req).await.map_err(|e| e.to_string())
}

pub async fn get(
    tls: bool,
    host: &str,
    port: u16,
    path: &str,
    headers: &[(String, String)],
    timeout: Duration,
) -> Result<String, String> {
    let addr = join_host_port(host, port);
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    let url = format!("{}://{addr}{path}", if tls { "https" } else { "http" });
    let attempt = async {
        let tcp = tokio::net::TcpStream::connect(&addr)
            .await
            .map_err(|e| format!("Get \"{url}\": dial tcp {addr}: connect: {}", io_words(&e)))?;
        let mut req = ::http::Request::get(path.as_str())
            .header("Host", addr.as_str())
            .header("User-Agent", USER_AGENT)
            .header("Accept", "*/*")
            .body(Empty::<Bytes>::new())
            .map_err(|e| e.to_string())?;
        for (k, v) in headers {
            if let (Ok(k), Ok(v)) = (
                ::http::HeaderName::try_from(k.as_str()),
                ::http::HeaderValue::try_from(v.as_str()),
            ) {
                req.headers_mut().insert(k, v);
            }
        }
        let resp = if tls {
            let connector = tokio_rustls::TlsConnector::from(Arc::new(tls_config()?));
            let name = ServerName::try_from(host.to_string()).map_err(|e| e.to_string())?;
            let stream = connector
                .connect(name, tcp)
                .await
                .map_err(|e| format!("Get \"{url}\": {e}"))?;
            send(TokioIo::new(stream), req).await?
        } else {
            send(TokioIo::new(tcp), req).await?
        };
        let status = resp.status().as_u16();
        let body = Limited::new(resp.into_body(), 10 * 1024)
            .collect()
            .await
            .map(|b| String::from_utf8_lossy(&b.to_bytes()).into_owned())
            .unwrap_or_default();
        if (200..400).contains(&status) {
            Ok(body)
        } else {
            Err(format!("HTTP probe failed with statuscode: {status}"))
        }
    };
    match tokio::time::timeout(timeout, attempt).await {
        Ok(r) => r,
        Err(_) => Err(format!(
            "Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
        )),
    }
}
