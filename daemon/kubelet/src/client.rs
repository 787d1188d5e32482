//! A small HTTPS client for the API server, one per node identity.
//!
//! Why not one kube `Client` per node: 5,000 simulated nodes would each carry a full tower stack
//! and connection pool. Here a node is an `Arc<rustls::ClientConfig>` holding its client
//! certificate (the Node authorizer reads the identity from it, so requests of different nodes
//! can never share a connection) plus at most `max_connections` HTTP/1.1 keep-alive connections,
//! kept idle between requests; every node of a process shares one server-certificate verifier.
//! A watch takes a connection of its own for its lifetime.

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, pem::PemObject};
use serde_json::Value;
use tokio::sync::Semaphore;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("connecting to {addr}: {source}")]
    Connect {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("HTTP to the API server: {0}")]
    Http(#[from] hyper::Error),
    #[error("building a request: {0}")]
    Request(#[from] http::Error),
    #[error("TLS setup: {0}")]
    Tls(#[from] rustls::Error),
    #[error("reading PEM: {0}")]
    Pem(#[from] rustls::pki_types::pem::Error),
    #[error("server certificate verifier: {0}")]
    Verifier(#[from] rustls::client::VerifierBuilderError),
    #[error("bad server URL {0:?} (want https://HOST:PORT)")]
    Url(String),
    #[error("decoding the answer to {what}: {source}")]
    Decode {
        what: String,
        #[source]
        source: serde_json::Error,
    },
    /// The API server answered with a Kubernetes `Status` (or another non-2xx body).
    #[error("{request}: {code} {reason}: {message}")]
    Status {
        /// `METHOD path`.
        request: String,
        code: u16,
        reason: String,
        message: String,
    },
}

impl Error {
    /// The HTTP code of a `Status` answer.
    pub fn code(&self) -> Option<u16> {
        match self {
            Error::Status { code, .. } => Some(*code),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where the API server is and how to trust it; shared by every node of a process.
#[derive(Clone)]
pub struct Server {
    addr: String,
    name: ServerName<'static>,
    verifier: Arc<rustls::client::WebPkiServerVerifier>,
}

impl Server {
    /// `url` is `https://HOST:PORT`; `ca_pem` the cluster CA.
    pub fn new(url: &str, ca_pem: &str) -> Result<Server> {
        let addr = url
            .trim_end_matches('/')
            .strip_prefix("https://")
            .ok_or_else(|| Error::Url(url.to_string()))?
            .to_string();
        let host = host_of(&addr).ok_or_else(|| Error::Url(url.to_string()))?;
        let name =
            ServerName::try_from(host.to_string()).map_err(|_| Error::Url(url.to_string()))?;
        let mut roots = rustls::RootCertStore::empty();
        for c in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
            roots.add(c?)?;
        }
        let verifier = rustls::client::WebPkiServerVerifier::builder(Arc::new(roots)).build()?;
        Ok(Server {
            addr,
            name,
            verifier,
        })
    }

    /// A client presenting this certificate and key (PEM).
    pub fn client(&self, cert_pem: &str, key_pem: &str, max_connections: usize) -> Result<Client> {
        let certs: Vec<CertificateDer<'static>> =
            CertificateDer::pem_slice_iter(cert_pem.as_bytes()).collect::<Result<_, _>>()?;
        let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())?;
        let tls = rustls::ClientConfig::builder()
            .with_webpki_verifier(self.verifier.clone())
            .with_client_auth_cert(certs, key)?;
        Ok(self.with_tls(Arc::new(tls), max_connections))
    }

    /// A client without a client certificate (for `/cacerts`-like public endpoints after trust).
    pub fn anonymous(&self) -> Client {
        let tls = rustls::ClientConfig::builder()
            .with_webpki_verifier(self.verifier.clone())
            .with_no_client_auth();
        self.with_tls(Arc::new(tls), 1)
    }

    fn with_tls(&self, tls: Arc<rustls::ClientConfig>, max_connections: usize) -> Client {
        Client {
            inner: Arc::new(Inner {
                server: self.clone(),
                tls: tokio_rustls::TlsConnector::from(tls),
                idle: Mutex::new(Vec::new()),
                permits: Semaphore::new(max_connections.max(1)),
            }),
        }
    }

    pub fn addr(&self) -> &str {
        &self.addr
    }
}

fn host_of(addr: &str) -> Option<&str> {
    if let Some(rest) = addr.strip_prefix('[') {
        return rest.split_once(']').map(|(h, _)| h);
    }
    addr.rsplit_once(':').map(|(h, _)| h)
}

/// One identity's connections to the API server. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    server: Server,
    tls: tokio_rustls::TlsConnector,
    idle: Mutex<Vec<SendRequest<Full<Bytes>>>>,
    permits: Semaphore,
}

/// An HTTP method the client uses.
#[derive(Clone, Copy, Debug)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl Client {
    async fn connect(&self) -> Result<SendRequest<Full<Bytes>>> {
        let addr = &self.inner.server.addr;
        let tcp = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|source| Error::Connect {
                addr: addr.clone(),
                source,
            })?;
        let _ = tcp.set_nodelay(true);
        let tls = self
            .inner
            .tls
            .connect(self.inner.server.name.clone(), tcp)
            .await
            .map_err(|source| Error::Connect {
                addr: addr.clone(),
                source,
            })?;
        let (send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tls)).await?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Ok(send)
    }

    fn take_idle(&self) -> Option<SendRequest<Full<Bytes>>> {
        let mut idle = self
            .inner
            .idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while let Some(c) = idle.pop() {
            if !c.is_closed() {
                return Some(c);
            }
        }
        None
    }

    fn put_idle(&self, c: SendRequest<Full<Bytes>>) {
        if !c.is_closed() {
            self.inner
                .idle
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(c);
        }
    }

    fn build(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: Bytes,
    ) -> Result<hyper::Request<Full<Bytes>>> {
        Ok(hyper::Request::builder()
            .method(method.as_str())
            .uri(path)
            .header("host", &self.inner.server.addr)
            .header("content-type", content_type)
            .header("accept", "application/json")
            .header("user-agent", "rkd-agent")
            .body(Full::new(body))?)
    }

    /// One request; the answer's code and body. A reused connection that turns out closed is
    /// replaced once.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: Bytes,
    ) -> Result<(u16, Bytes)> {
        let _permit = self.inner.permits.acquire().await.ok();
        let mut fresh = false;
        loop {
            let mut conn = match self.take_idle() {
                Some(c) => c,
                None => {
                    fresh = true;
                    self.connect().await?
                }
            };
            if conn.ready().await.is_err() {
                if fresh {
                    return Err(Error::Url(format!(
                        "connection to {} closed",
                        self.inner.server.addr
                    )));
                }
                continue;
            }
            let req = self.build(method, path, content_type, body.clone())?;
            let resp = match conn.send_request(req).await {
                Ok(r) => r,
                // A keep-alive connection the server closed meanwhile: try a new one.
                Err(e)
                    if !fresh
                        && (e.is_closed() || e.is_canceled() || e.is_incomplete_message()) =>
                {
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            let code = resp.status().as_u16();
            let bytes = resp.into_body().collect().await?.to_bytes();
            self.put_idle(conn);
            return Ok((code, bytes));
        }
    }

    /// A POST carrying `Authorization: Bearer <token>` (the join endpoint), on a fresh connection.
    pub async fn raw_with_bearer(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Bytes,
    ) -> Result<Value> {
        let mut conn = self.connect().await?;
        conn.ready().await?;
        let mut req = self.build(method, path, "application/json", body)?;
        let value = http::HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|e| Error::Url(e.to_string()))?;
        req.headers_mut().insert(http::header::AUTHORIZATION, value);
        let resp = conn.send_request(req).await?;
        let code = resp.status().as_u16();
        let answer = resp.into_body().collect().await?.to_bytes();
        if !(200..300).contains(&code) {
            return Err(status_error(method, path, code, &answer));
        }
        serde_json::from_slice(&answer).map_err(|source| Error::Decode {
            what: format!("{} {path}", method.as_str()),
            source,
        })
    }

    /// A JSON request; a non-2xx answer becomes `Error::Status`.
    pub async fn json(&self, method: Method, path: &str, body: Option<&Value>) -> Result<Value> {
        self.send_json(method, path, "application/json", body).await
    }

    /// A merge patch (`application/merge-patch+json`).
    pub async fn merge_patch(&self, path: &str, body: &Value) -> Result<Value> {
        self.send_json(
            Method::Patch,
            path,
            "application/merge-patch+json",
            Some(body),
        )
        .await
    }

    async fn send_json(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: Option<&Value>,
    ) -> Result<Value> {
        let bytes = body.map(|b| Bytes::from(b.to_string())).unwrap_or_default();
        let (code, answer) = self.raw(method, path, content_type, bytes).await?;
        if !(200..300).contains(&code) {
            return Err(status_error(method, path, code, &answer));
        }
        serde_json::from_slice(&answer).map_err(|source| Error::Decode {
            what: format!("{} {path}", method.as_str()),
            source,
        })
    }

    /// Opens a watch (`path` carries `watch=true`) on a connection of its own.
    pub async fn watch(&self, path: &str) -> Result<WatchStream> {
        let mut conn = self.connect().await?;
        conn.ready().await?;
        let req = self.build(Method::Get, path, "application/json", Bytes::new())?;
        let resp = conn.send_request(req).await?;
        let code = resp.status().as_u16();
        if code != 200 {
            let body = resp.into_body().collect().await?.to_bytes();
            return Err(status_error(Method::Get, path, code, &body));
        }
        Ok(WatchStream {
            body: resp.into_body(),
            buf: Vec::new(),
            start: 0,
            _conn: conn,
        })
    }
}

fn status_error(method: Method, path: &str, code: u16, body: &[u8]) -> Error {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let field = |f: &str| v.get(f).and_then(Value::as_str).unwrap_or("").to_string();
    let message = if v.is_null() {
        String::from_utf8_lossy(body).into_owned()
    } else {
        field("message")
    };
    Error::Status {
        request: format!("{} {path}", method.as_str()),
        code,
        reason: field("reason"),
        message,
    }
}

/// Newline-delimited watch events.
pub struct WatchStream {
    body: Incoming,
    buf: Vec<u8>,
    /// Where the unread part of `buf` starts (lines are not drained one by one: that would
    /// move the rest of the buffer for every event).
    start: usize,
    _conn: SendRequest<Full<Bytes>>,
}

impl WatchStream {
    /// The next event (`{"type": …, "object": …}`), or None when the server ended the watch.
    pub async fn next(&mut self) -> Result<Option<Value>> {
        loop {
            if let Some(pos) = self.buf[self.start..].iter().position(|b| *b == b'\n') {
                let line = &self.buf[self.start..self.start + pos];
                self.start += pos + 1;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let ev = serde_json::from_slice(line).map_err(|source| Error::Decode {
                    what: "a watch event".into(),
                    source,
                })?;
                return Ok(Some(ev));
            }
            self.buf.drain(..self.start);
            self.start = 0;
            match self.body.frame().await {
                None => return Ok(None),
                Some(frame) => {
                    if let Ok(data) = frame?.into_data() {
                        self.buf.extend_from_slice(&data);
                    }
                }
            }
        }
    }
}

/// Percent-encodes a query value.
pub fn query_value(v: &str) -> String {
    form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_read_from_addresses() {
        assert_eq!(host_of("127.0.0.1:6443"), Some("127.0.0.1"));
        assert_eq!(host_of("[::1]:6443"), Some("::1"));
        assert_eq!(host_of("nohost"), None);
    }

    #[test]
    fn status_answers_become_errors_with_their_reason() {
        let e = status_error(
            Method::Get,
            "/x",
            404,
            br#"{"kind":"Status","reason":"NotFound","message":"pods \"a\" not found"}"#,
        );
        assert_eq!(e.code(), Some(404));
        assert!(e.to_string().contains("NotFound"));
    }
}
