//! Joining the cluster (k3s-style, interfaces.md): fetch the CA from `GET /cacerts` without
//! trusting anyone yet, check its sha256 against the hash in the node token
//! (`K10<hex sha256>::<secret>`), then present the token to `POST /v1-rk/join` and receive this
//! node's client certificate (`CN=system:node:<name>, O=system:nodes`) and serving certificate.
//! With a data dir the credentials are kept in `DIR/nodes/<name>/` and reused on restart.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use serde_json::{Value, json};

use crate::client::{self, Method, Server};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("bad node token: want K10<sha256 of the CA>::<secret>")]
    BadToken,
    #[error(
        "the API server's CA (sha256 {actual}) does not match the node token's hash {expected}"
    )]
    CaMismatch { expected: String, actual: String },
    #[error("fetching the CA from {url}: {message}")]
    FetchCa { url: String, message: String },
    #[error("joining as {node}: {source}")]
    Join {
        node: String,
        #[source]
        source: client::Error,
    },
    #[error("the join answer lacks {0}")]
    Answer(&'static str),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Client(#[from] client::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the join endpoint issues.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub ca: String,
    pub client_cert: String,
    pub client_key: String,
    pub serving_cert: String,
    pub serving_key: String,
}

/// The hex sha256 the token carries, checked for shape.
pub fn token_ca_hash(token: &str) -> Result<&str> {
    let (hash, secret) = token
        .trim()
        .strip_prefix("K10")
        .and_then(|t| t.split_once("::"))
        .ok_or(Error::BadToken)?;
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) || secret.is_empty() {
        return Err(Error::BadToken);
    }
    Ok(hash)
}

pub fn sha256_hex(data: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, data)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The CA PEM from `/cacerts`, checked against the token.
pub async fn fetch_ca(url: &str, token: &str) -> Result<String> {
    let expected = token_ca_hash(token)?.to_ascii_lowercase();
    let fail = |message: String| Error::FetchCa {
        url: url.to_string(),
        message,
    };
    let addr = url
        .trim_end_matches('/')
        .strip_prefix("https://")
        .ok_or_else(|| fail("want https://HOST:PORT".into()))?;
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let tls = rustls::ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(CheckedLater(provider)))
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| fail(e.to_string()))?;
    let name = ServerName::try_from("rk-join").map_err(|e| fail(e.to_string()))?;
    let stream = tokio_rustls::TlsConnector::from(Arc::new(tls))
        .connect(name, tcp)
        .await
        .map_err(|e| fail(e.to_string()))?;
    let (mut send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| fail(e.to_string()))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let req = hyper::Request::builder()
        .uri("/cacerts")
        .header("host", addr)
        .body(Full::new(Bytes::new()))
        .map_err(|e| fail(e.to_string()))?;
    let resp = send
        .send_request(req)
        .await
        .map_err(|e| fail(e.to_string()))?;
    if !resp.status().is_success() {
        return Err(fail(format!("HTTP {}", resp.status())));
    }
    let body = resp
        .into_body()
        .collect()
        .await
        .map_err(|e| fail(e.to_string()))?
        .to_bytes();
    let actual = sha256_hex(&body);
    if actual != expected {
        return Err(Error::CaMismatch { expected, actual });
    }
    String::from_utf8(body.to_vec()).map_err(|e| fail(e.to_string()))
}

/// Trusts any server certificate (still checking the handshake's signatures): for fetching
/// `/cacerts`, whose body is then checked against the token's hash before anything else is
/// trusted, and for HTTPS probes, which kubelet sends without certificate checks.
#[derive(Debug)]
pub(crate) struct CheckedLater(pub(crate) Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for CheckedLater {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Presents the token and receives this node's credentials.
pub async fn join(
    server: &Server,
    token: &str,
    node: &str,
    addresses: &[String],
) -> Result<Credentials> {
    let body = Bytes::from(json!({"nodeName": node, "addresses": addresses}).to_string());
    let anon = server.anonymous();
    // The token goes in a header; `raw` has no header parameter, so build the call here.
    let answer = anon
        .raw_with_bearer(Method::Post, "/v1-rk/join", token.trim(), body)
        .await
        .map_err(|source| Error::Join {
            node: node.into(),
            source,
        })?;
    let field = |f: &'static str| {
        answer
            .get(f)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or(Error::Answer(f))
    };
    Ok(Credentials {
        ca: field("ca")?,
        client_cert: field("clientCert")?,
        client_key: field("clientKey")?,
        serving_cert: field("servingCert")?,
        serving_key: field("servingKey")?,
    })
}

const FILES: [&str; 5] = [
    "ca.crt",
    "client.crt",
    "client.key",
    "serving.crt",
    "serving.key",
];

/// Credentials kept in `dir` from an earlier join, if all are there and the CA is the token's.
pub fn load(dir: &Path, token: &str) -> Option<Credentials> {
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).ok();
    let [ca, client_cert, client_key, serving_cert, serving_key] = FILES.map(read);
    let creds = Credentials {
        ca: ca?,
        client_cert: client_cert?,
        client_key: client_key?,
        serving_cert: serving_cert?,
        serving_key: serving_key?,
    };
    let hash = token_ca_hash(token).ok()?;
    (sha256_hex(creds.ca.as_bytes()) == hash.to_ascii_lowercase()).then_some(creds)
}

/// Writes the credentials into `dir` (each file atomically; keys readable by the owner only).
pub fn save(dir: &Path, c: &Credentials) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let contents = [
        &c.ca,
        &c.client_cert,
        &c.client_key,
        &c.serving_cert,
        &c.serving_key,
    ];
    for (file, text) in FILES.iter().zip(contents) {
        let path = dir.join(file);
        let tmp = dir.join(format!(".{file}.tmp"));
        std::fs::write(&tmp, text).map_err(io(&tmp))?;
        if file.ends_with(".key") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))
                .map_err(io(&tmp))?;
        }
        std::fs::rename(&tmp, &path).map_err(io(&path))?;
    }
    Ok(())
}

/// Loads kept credentials or joins (and keeps them when a directory is given).
pub async fn credentials(
    server: &Server,
    token: &str,
    node: &str,
    addresses: &[String],
    dir: Option<&Path>,
) -> Result<Credentials> {
    if let Some(d) = dir
        && let Some(c) = load(d, token)
    {
        return Ok(c);
    }
    let c = join(server, token, node, addresses).await?;
    if let Some(d) = dir {
        save(d, &c)?;
    }
    Ok(c)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_a_ca_hash_and_a_secret() {
        let hash = "a".repeat(64);
        assert_eq!(token_ca_hash(&format!("K10{hash}::s3cret")).unwrap(), hash);
        assert!(token_ca_hash("K10abc::s").is_err());
        assert!(token_ca_hash(&format!("K10{hash}::")).is_err());
        assert!(token_ca_hash("s3cret").is_err());
    }

    #[test]
    fn saved_credentials_load_only_with_the_matching_token() {
        let dir = tempdir();
        let c = Credentials {
            ca: "CA".into(),
            client_cert: "c".into(),
            client_key: "k".into(),
            serving_cert: "sc".into(),
            serving_key: "sk".into(),
        };
        save(&dir, &c).unwrap();
        let token = format!("K10{}::x", sha256_hex(b"CA"));
        assert_eq!(load(&dir, &token), Some(c));
        assert_eq!(load(&dir, &format!("K10{}::x", "b".repeat(64))), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempdir() -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "rk-join-test-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&d);
        d
    }
}
