//! The [`Store`] contract on a real etcd v3 cluster.
//!
//! Every key the caller passes lives at `prefix + key` in etcd (`/registry` by default, as in
//! Kubernetes); the prefix is stripped again on the way out. Revisions are etcd's own, so several
//! API servers can share one etcd: nothing is cached in process except the lease ids used for
//! TTLs, which only this process hands out.
//!
//! Writes are single transactions: `create` compares the key's create revision with 0, `update`
//! and `delete` compare its modification revision with the expected one, and the failure branch
//! reads the key so a lost compare-and-swap returns the current value in the same round trip.
//! Watches forward etcd's watch stream into a [`WatchStream`] and re-establish it from the last
//! delivered revision when the gRPC stream breaks (etcd restarted, connection lost).
//!
//! TLS ([`EtcdConfig::with_tls`]) uses rustls with the ring provider: the server certificate must
//! chain to the configured CA file (the system's trust roots are not consulted), and a client
//! certificate and key, when given, are presented to an etcd running with `--client-cert-auth`.
//!
//! [`LocalEtcd`] runs a private etcd process for tests and benchmarks, with or without TLS.

mod local;
mod watch;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use etcd_client::{
    Certificate, Client, Compare, CompareOp, ConnectOptions, DeleteOptions, GetOptions, Identity,
    KvClient, LeaseClient, PutOptions, TlsOptions, Txn, TxnOp, TxnOpResponse, TxnResponse,
    WatchClient,
};
use tokio::time::Instant;

pub use local::{LocalEtcd, LocalEtcdError, TlsFiles};

use crate::Store;
use crate::error::{Error, Result};
use crate::types::{KeyValue, MAX_VALUE_BYTES, RangeRequest, RangeResponse, Revision, prefix_end};
use crate::watch::WatchStream;

/// The key prefix Kubernetes uses, and ours by default.
pub const DEFAULT_PREFIX: &str = "/registry";

/// How long `connect` waits for the first answer before declaring etcd unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// tonic refuses to decode messages over 4 MiB by default; a list of a few large objects, or a watch
/// response batching many events, is bigger than that (Kubernetes raises its limit the same way).
const MAX_DECODING_BYTES: usize = i32::MAX as usize;

/// A TTL lease is shared by writes asking for the same TTL within this window of its grant...
const LEASE_REUSE: Duration = Duration::from_secs(1);
/// ...and is granted this many seconds longer, so no key sharing it expires before its own TTL.
const LEASE_REUSE_SECS: i64 = 1;

/// Where the store's etcd lives and how keys map into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EtcdConfig {
    /// Client URLs (`http://host:port`, `https://host:port`) or bare `host:port`s, which are
    /// reached over https when any TLS file is set and over plain http otherwise.
    pub endpoints: Vec<String>,
    /// Prepended to every key (`/registry` by default).
    pub prefix: String,
    /// PEM certificate(s) of the CA that signed etcd's server certificate (`--store-cafile`).
    /// Required for TLS: the system's trust roots are not used.
    pub ca_file: Option<PathBuf>,
    /// PEM client certificate presented to etcd (`--store-certfile`); needs `key_file`.
    pub cert_file: Option<PathBuf>,
    /// PEM private key of `cert_file` (`--store-keyfile`).
    pub key_file: Option<PathBuf>,
}

impl EtcdConfig {
    pub fn new(endpoints: impl IntoIterator<Item = impl Into<String>>) -> Self {
        EtcdConfig {
            endpoints: endpoints.into_iter().map(Into::into).collect(),
            prefix: DEFAULT_PREFIX.to_string(),
            ca_file: None,
            cert_file: None,
            key_file: None,
        }
    }

    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Talks TLS to etcd: `ca_file` verifies etcd's certificate, `cert_file` and `key_file` (both
    /// or neither) are the client identity. Any of them set makes bare `host:port` endpoints
    /// https; `connect` checks the combination and reads the files.
    pub fn with_tls(
        mut self,
        ca_file: Option<PathBuf>,
        cert_file: Option<PathBuf>,
        key_file: Option<PathBuf>,
    ) -> Self {
        self.ca_file = ca_file;
        self.cert_file = cert_file;
        self.key_file = key_file;
        self
    }

    /// Parses a `--store` URL: `etcd://HOST[:PORT][,HOST[:PORT]…]` (port 2379 when omitted). The
    /// endpoints are bare `HOST:PORT`s: http, or https once [`with_tls`](Self::with_tls) sets files.
    pub fn from_url(url: &str) -> Result<Self> {
        let invalid = |reason: String| Error::InvalidUrl {
            url: url.to_string(),
            reason,
        };
        let hosts = url
            .strip_prefix("etcd://")
            .ok_or_else(|| invalid("expected etcd://HOST:PORT[,HOST:PORT…]".into()))?;
        let mut endpoints = Vec::new();
        for host in hosts.split(',') {
            endpoints.push(parse_host_port(host).map_err(invalid)?);
        }
        Ok(EtcdConfig::new(endpoints))
    }

    fn wants_tls(&self) -> bool {
        self.ca_file.is_some() || self.cert_file.is_some() || self.key_file.is_some()
    }

    /// The endpoints as etcd-client URLs (each with its scheme) and the TLS settings, with the
    /// TLS files read. Fails on an incomplete TLS configuration or a scheme that contradicts it.
    fn transport(&self) -> Result<(Vec<String>, Option<TlsOptions>)> {
        if self.endpoints.is_empty() {
            return Err(Error::EtcdResponse {
                op: "connect",
                detail: "no endpoints configured".into(),
            });
        }
        let tls = self.tls_options()?;
        let endpoints = self
            .endpoints
            .iter()
            .map(|e| endpoint_url(e, tls.is_some()))
            .collect::<Result<_>>()?;
        Ok((endpoints, tls))
    }

    fn tls_options(&self) -> Result<Option<TlsOptions>> {
        if !self.wants_tls() {
            return Ok(None);
        }
        let Some(ca_file) = &self.ca_file else {
            return Err(tls_config(
                "a client certificate or key is set but no CA file: etcd's server certificate can \
                 only be verified against a CA file (the system's trust roots are not used)"
                    .into(),
            ));
        };
        let ca = read_pem(ca_file, "CA file", PemKind::Certificate)?;
        let tls = TlsOptions::new().ca_certificate(Certificate::from_pem(ca));
        match (&self.cert_file, &self.key_file) {
            (None, None) => Ok(Some(tls)),
            (Some(cert), Some(key)) => {
                let cert = read_pem(cert, "client certificate", PemKind::Certificate)?;
                let key = read_pem(key, "client key", PemKind::PrivateKey)?;
                Ok(Some(tls.identity(Identity::from_pem(cert, key))))
            }
            (Some(cert), None) => Err(tls_config(format!(
                "client certificate {} is set without its key file",
                cert.display()
            ))),
            (None, Some(key)) => Err(tls_config(format!(
                "client key {} is set without its certificate file",
                key.display()
            ))),
        }
    }
}

/// An etcd-client error with its causes. etcd-client does not expose them as `source()`, and a
/// transport error's own message is only "transport error": the reason (a key that does not
/// parse, a refused connection) is in its causes. A gRPC status already shows its cause.
pub(crate) fn error_chain(e: &etcd_client::Error) -> String {
    use std::error::Error as _;
    let mut text = e.to_string();
    let mut cause = match e {
        etcd_client::Error::TransportError(e) => e.source(),
        _ => None,
    };
    while let Some(c) = cause {
        let message = c.to_string();
        if !text.contains(&message) {
            text.push_str(": ");
            text.push_str(&message);
        }
        cause = c.source();
    }
    text
}

/// The gRPC status code a call gets when its connection closed under it.
const GRPC_CANCELLED: i32 = 1;

/// The error for a failed first read, saying what a TLS failure most likely means: etcd closes
/// the connection right after the handshake when it refuses the client certificate (or its
/// absence), which the client sees only as a closed connection or a broken pipe.
fn connect_error(config: &EtcdConfig, tls: bool, e: etcd_client::Error) -> Error {
    let reason = match &e {
        etcd_client::Error::GRpcStatus(status) if tls => tls_failure(
            config,
            status.message(),
            status.code().into(),
            std::error::Error::source(status),
        ),
        _ => None,
    };
    match reason {
        Some(reason) => Error::EtcdResponse {
            op: "connect",
            detail: format!("{reason} ({})", error_chain(&e)),
        },
        None => Error::etcd("connect", e),
    }
}

/// What a failed call over TLS most likely means, if it failed in a way TLS explains.
fn tls_failure(
    config: &EtcdConfig,
    message: &str,
    code: i32,
    cause: Option<&(dyn std::error::Error + 'static)>,
) -> Option<String> {
    if message.contains("invalid peer certificate") {
        let ca = config.ca_file.as_deref().unwrap_or(Path::new("(none)"));
        return Some(format!(
            "etcd's certificate does not verify with the CA file {} (signed by another CA, or \
             not naming the address dialled)",
            ca.display()
        ));
    }
    if !closed_by_peer(code, cause) {
        return None;
    }
    Some(match &config.cert_file {
        None => "etcd closed the TLS connection, most likely because it requires a client \
                 certificate (etcd's --client-cert-auth) and none is configured"
            .to_string(),
        Some(cert) => format!(
            "etcd closed the TLS connection, most likely because it refused the client \
             certificate {} (not signed by a CA etcd trusts, or not valid for client \
             authentication)",
            cert.display()
        ),
    })
}

/// Whether a call failed because the server closed or reset the connection, or sent a TLS alert.
fn closed_by_peer(code: i32, cause: Option<&(dyn std::error::Error + 'static)>) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset, UnexpectedEof};
    if code == GRPC_CANCELLED {
        return true;
    }
    let mut cause = cause;
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                BrokenPipe | ConnectionReset | ConnectionAborted | UnexpectedEof
            )
        {
            return true;
        }
        if c.to_string().contains("alert") {
            return true;
        }
        cause = c.source();
    }
    false
}

fn tls_config(detail: String) -> Error {
    Error::EtcdResponse {
        op: "TLS configuration",
        detail,
    }
}

/// One configured endpoint as an etcd-client URL: bare `host:port`s get the scheme the TLS
/// settings call for; explicit schemes must agree with them.
fn endpoint_url(endpoint: &str, tls: bool) -> Result<String> {
    let invalid = |reason: &str| Error::InvalidUrl {
        url: endpoint.to_string(),
        reason: reason.to_string(),
    };
    let Some((scheme, _)) = endpoint.split_once("://") else {
        let scheme = if tls { "https" } else { "http" };
        return Ok(format!("{scheme}://{endpoint}"));
    };
    match (scheme.to_ascii_lowercase().as_str(), tls) {
        ("http", false) | ("https", true) => Ok(endpoint.to_string()),
        ("http", true) => Err(invalid(
            "TLS files are set but this endpoint is plain http://: use https:// or a bare HOST:PORT",
        )),
        ("https", false) => Err(invalid(
            "an https:// endpoint needs the CA file that signed etcd's certificate",
        )),
        _ => Err(invalid(
            "unsupported scheme: expected http://, https:// or a bare HOST:PORT",
        )),
    }
}

#[derive(Clone, Copy)]
enum PemKind {
    Certificate,
    PrivateKey,
}

/// Reads a PEM file, checking that it holds a block of the expected kind: a file without one
/// would otherwise only fail later, as an obscure handshake error.
fn read_pem(path: &Path, what: &'static str, kind: PemKind) -> Result<Vec<u8>> {
    let file_error = |source| Error::TlsFile {
        what,
        path: path.to_path_buf(),
        source,
    };
    let pem = std::fs::read(path).map_err(file_error)?;
    let text = String::from_utf8_lossy(&pem);
    let (found, expected) = match kind {
        PemKind::Certificate => (
            text.contains("-----BEGIN CERTIFICATE-----"),
            "a PEM certificate (-----BEGIN CERTIFICATE-----)",
        ),
        PemKind::PrivateKey => (
            text.lines()
                .any(|l| l.starts_with("-----BEGIN ") && l.ends_with(" PRIVATE KEY-----")),
            "a PEM private key (-----BEGIN … PRIVATE KEY-----)",
        ),
    };
    if !found {
        return Err(file_error(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not {expected}"),
        )));
    }
    Ok(pem)
}

/// Checks one `HOST[:PORT]` of an etcd URL and returns it with its port.
fn parse_host_port(hostport: &str) -> std::result::Result<String, String> {
    if hostport.contains(['/', '?', '#', '@', ' ']) {
        return Err(format!(
            "{hostport:?} is not HOST:PORT (paths, queries and credentials are not supported)"
        ));
    }
    // The port follows the last ':', unless that ':' is inside a bracketed IPv6 address.
    let (host, port) = match hostport.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (hostport, None),
    };
    let bracketed = host.len() > 2 && host.starts_with('[') && host.ends_with(']');
    if host.is_empty() || (host.contains([':', '[', ']']) && !bracketed) {
        return Err(format!("{hostport:?}: expected HOST:PORT"));
    }
    let port = match port {
        None => 2379,
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p != 0)
            .ok_or_else(|| format!("{hostport:?}: invalid port {p:?}"))?,
    };
    Ok(format!("{host}:{port}"))
}

/// The store on etcd. Cheap to clone: clones share one connection.
#[derive(Clone)]
pub struct EtcdStore {
    inner: Arc<Inner>,
}

struct Inner {
    kv: KvClient,
    watch: WatchClient,
    lease: LeaseClient,
    prefix: String,
    /// One lease per TTL (in seconds), shared by writes within [`LEASE_REUSE`] of its grant, so a
    /// burst of TTL writes does not grant one lease per key.
    leases: tokio::sync::Mutex<HashMap<i64, GrantedLease>>,
}

#[derive(Clone, Copy)]
struct GrantedLease {
    id: i64,
    /// Taken before the grant request was sent, so etcd's expiry is at least this + TTL.
    requested_at: Instant,
}

/// What an etcd error means for the store contract.
#[derive(Debug, PartialEq, Eq)]
enum Failure {
    Compacted,
    FutureRevision,
    TooLarge,
    LeaseNotFound,
    Other,
}

fn classify(e: &etcd_client::Error) -> Failure {
    let etcd_client::Error::GRpcStatus(status) = e else {
        return Failure::Other;
    };
    let msg = status.message();
    if msg.contains("required revision has been compacted") {
        Failure::Compacted
    } else if msg.contains("required revision is a future revision") {
        Failure::FutureRevision
    } else if msg.contains("request is too large") || msg.contains("larger than max") {
        // etcd's --max-request-bytes, or gRPC's message limit just above it.
        Failure::TooLarge
    } else if msg.contains("requested lease not found") {
        Failure::LeaseNotFound
    } else {
        Failure::Other
    }
}

impl EtcdStore {
    /// Connects and checks that etcd answers: etcd-client's own connect succeeds even when nothing
    /// listens, so the first read is what proves the endpoints right.
    pub async fn connect(config: EtcdConfig) -> Result<EtcdStore> {
        let (endpoints, tls) = config.transport()?;
        let uses_tls = tls.is_some();
        let mut options = ConnectOptions::new()
            .with_connect_timeout(Duration::from_secs(5))
            // Notices a dead connection (etcd host gone without a reset) so watches re-establish.
            // etcd's default --grpc-keepalive-min-time is 5 s; pinging more often gets us cut off.
            .with_keep_alive(Duration::from_secs(10), Duration::from_secs(5))
            // etcd counts pings on a connection without streams as abuse and closes it.
            .with_keep_alive_while_idle(false);
        if let Some(tls) = tls {
            options = options.with_tls(tls);
        }
        let client = Client::connect(&endpoints, Some(options))
            .await
            .map_err(|e| Error::etcd("connect", e))?;
        let store = EtcdStore {
            inner: Arc::new(Inner {
                kv: client
                    .kv_client()
                    .max_decoding_message_size(MAX_DECODING_BYTES),
                watch: client
                    .watch_client()
                    .max_decoding_message_size(MAX_DECODING_BYTES),
                lease: client.lease_client(),
                prefix: config.prefix.clone(),
                leases: tokio::sync::Mutex::new(HashMap::new()),
            }),
        };
        let mut kv = store.kv();
        let probe = kv.get(store.probe_key(), Some(GetOptions::new().with_count_only()));
        match tokio::time::timeout(CONNECT_TIMEOUT, probe).await {
            Ok(Ok(_)) => Ok(store),
            Ok(Err(e)) => Err(connect_error(&config, uses_tls, e)),
            Err(_) => Err(Error::EtcdResponse {
                op: "connect",
                detail: format!(
                    "no answer from {} within {}s",
                    endpoints.join(","),
                    CONNECT_TIMEOUT.as_secs()
                ),
            }),
        }
    }

    /// The prefix every key is stored under.
    pub fn prefix(&self) -> &str {
        &self.inner.prefix
    }

    fn kv(&self) -> KvClient {
        self.inner.kv.clone()
    }

    fn full_key(&self, key: &str) -> Vec<u8> {
        let mut full = Vec::with_capacity(self.inner.prefix.len() + key.len());
        full.extend_from_slice(self.inner.prefix.as_bytes());
        full.extend_from_slice(key.as_bytes());
        full
    }

    /// Some key any read can name: reads at a revision fail on compaction whatever the key.
    fn probe_key(&self) -> Vec<u8> {
        if self.inner.prefix.is_empty() {
            vec![0]
        } else {
            self.inner.prefix.as_bytes().to_vec()
        }
    }

    /// The etcd range `[key, range_end)` holding every key under `prefix`.
    fn prefix_range(&self, prefix: &str) -> (Vec<u8>, Vec<u8>) {
        let key = self.full_key(prefix);
        let end = prefix_end(&key);
        // etcd spells "no upper bound" as "\0", and needs a non-empty key.
        let end = if end.is_empty() { vec![0] } else { end };
        let key = if key.is_empty() { vec![0] } else { key };
        (key, end)
    }

    fn user_key(&self, op: &'static str, full: Vec<u8>) -> Result<String> {
        let prefix = self.inner.prefix.as_bytes();
        if !full.starts_with(prefix) {
            return Err(Error::EtcdResponse {
                op,
                detail: format!(
                    "key {:?} is outside the prefix",
                    String::from_utf8_lossy(&full)
                ),
            });
        }
        let mut full = full;
        full.drain(..prefix.len());
        String::from_utf8(full).map_err(|e| Error::EtcdResponse {
            op,
            detail: format!(
                "key {:?} is not UTF-8",
                String::from_utf8_lossy(e.as_bytes())
            ),
        })
    }

    fn to_kv(&self, op: &'static str, kv: etcd_client::KeyValue) -> Result<KeyValue> {
        let (create_revision, mod_revision) = (kv.create_revision(), kv.mod_revision());
        let (key, value) = kv.into_key_value();
        Ok(KeyValue {
            key: self.user_key(op, key)?,
            value: Bytes::from(value),
            create_revision,
            mod_revision,
        })
    }

    /// Turns an etcd error from a read at `requested` into the contract's error.
    async fn read_error(
        &self,
        op: &'static str,
        e: etcd_client::Error,
        requested: Revision,
    ) -> Error {
        match classify(&e) {
            Failure::Compacted => {
                // etcd does not say where history starts; ask, and fall back to a lower bound.
                let compacted = self.compacted_revision().await.unwrap_or(requested + 1);
                Error::Compacted {
                    requested,
                    compacted,
                }
            }
            Failure::FutureRevision => {
                let current = self.current_revision().await.unwrap_or(requested - 1);
                Error::FutureRevision { requested, current }
            }
            _ => Error::etcd(op, e),
        }
    }

    /// Where etcd's history starts, once a read at `below` failed as compacted. etcd has no call
    /// for it, but a watch from a compacted revision is cancelled with the compaction revision.
    async fn compaction_point(&self, below: Revision) -> Result<Revision> {
        watch::compaction_point(self.inner.watch.clone(), self.probe_key(), below).await
    }

    /// A lease for `ttl`: reused from a recent grant for the same TTL, else granted now.
    async fn lease_for(&self, ttl: Duration) -> Result<i64> {
        // Round up: a key must never expire before its TTL.
        let secs = i64::try_from(ttl.as_nanos().div_ceil(1_000_000_000))
            .unwrap_or(i64::MAX / 2)
            .max(1);
        let mut leases = self.inner.leases.lock().await;
        if let Some(l) = leases
            .get(&secs)
            .filter(|l| l.requested_at.elapsed() < LEASE_REUSE)
        {
            return Ok(l.id);
        }
        let requested_at = Instant::now();
        let granted = self
            .inner
            .lease
            .clone()
            .grant(secs + LEASE_REUSE_SECS, None)
            .await
            .map_err(|e| Error::etcd("grant lease", e))?;
        if !granted.error().is_empty() {
            return Err(Error::EtcdResponse {
                op: "grant lease",
                detail: granted.error().to_string(),
            });
        }
        leases.retain(|_, l| l.requested_at.elapsed() < LEASE_REUSE);
        leases.insert(
            secs,
            GrantedLease {
                id: granted.id(),
                requested_at,
            },
        );
        Ok(granted.id())
    }

    /// Forgets a lease etcd no longer knows (revoked by someone, or expired while we held it).
    async fn forget_lease(&self, id: i64) {
        self.inner.leases.lock().await.retain(|_, l| l.id != id);
    }

    fn check_write(key: &str, value: &Bytes) -> Result<()> {
        if key.is_empty() {
            return Err(Error::InvalidKey {
                key: key.into(),
                reason: "empty",
            });
        }
        if value.len() > MAX_VALUE_BYTES {
            return Err(too_large(key, value.len()));
        }
        Ok(())
    }

    /// Runs a put transaction built by `txn(put_options)`, granting a lease for `ttl` first and
    /// retrying once with a fresh lease if etcd lost the cached one.
    async fn put_txn(
        &self,
        op: &'static str,
        key: &str,
        value_len: usize,
        ttl: Option<Duration>,
        txn: impl Fn(Option<PutOptions>) -> Txn,
    ) -> Result<TxnResponse> {
        let mut retried = false;
        loop {
            let lease = match ttl {
                Some(ttl) => Some(self.lease_for(ttl).await?),
                None => None,
            };
            match self
                .kv()
                .txn(txn(lease.map(|id| PutOptions::new().with_lease(id))))
                .await
            {
                Ok(resp) => return Ok(resp),
                Err(e) => match (classify(&e), lease) {
                    // etcd measures the whole request; report that, not the value alone.
                    (Failure::TooLarge, _) => return Err(too_large(key, key.len() + value_len)),
                    (Failure::LeaseNotFound, Some(id)) if !retried => {
                        self.forget_lease(id).await;
                        retried = true;
                    }
                    _ => return Err(Error::etcd(op, e)),
                },
            }
        }
    }

    /// The key as read by the branch of a write transaction that ran.
    fn read_kv(&self, op: &'static str, resp: &TxnResponse) -> Result<Option<KeyValue>> {
        for r in resp.op_responses() {
            if let TxnOpResponse::Get(mut get) = r {
                return get
                    .take_kvs()
                    .into_iter()
                    .next()
                    .map(|kv| self.to_kv(op, kv))
                    .transpose();
            }
        }
        Err(Error::EtcdResponse {
            op,
            detail: "transaction response without the key's read".into(),
        })
    }
}

fn too_large(key: &str, size: usize) -> Error {
    Error::ValueTooLarge {
        key: key.into(),
        size,
        limit: MAX_VALUE_BYTES,
    }
}

fn header_revision(
    op: &'static str,
    header: Option<&etcd_client::ResponseHeader>,
) -> Result<Revision> {
    header.map(|h| h.revision()).ok_or(Error::EtcdResponse {
        op,
        detail: "response without header".into(),
    })
}

impl Store for EtcdStore {
    async fn current_revision(&self) -> Result<Revision> {
        let resp = self
            .kv()
            .get(self.probe_key(), Some(GetOptions::new().with_count_only()))
            .await
            .map_err(|e| Error::etcd("current revision", e))?;
        header_revision("current revision", resp.header())
    }

    async fn get(&self, key: &str) -> Result<(Option<KeyValue>, Revision)> {
        let mut resp = self
            .kv()
            .get(self.full_key(key), None)
            .await
            .map_err(|e| Error::etcd("get", e))?;
        let revision = header_revision("get", resp.header())?;
        let kv = resp
            .take_kvs()
            .into_iter()
            .next()
            .map(|kv| self.to_kv("get", kv))
            .transpose()?;
        Ok((kv, revision))
    }

    async fn range(&self, req: RangeRequest) -> Result<RangeResponse> {
        let (mut key, end) = self.prefix_range(&req.prefix);
        if let Some(after) = &req.start_after {
            // The first key after `after` is `after` + "\0".
            let mut first = self.full_key(after);
            first.push(0);
            key = key.max(first);
        }
        let mut options = GetOptions::new()
            .with_range(end)
            .with_revision(req.revision.max(0));
        if req.limit > 0 {
            options = options.with_limit(i64::try_from(req.limit).unwrap_or(i64::MAX));
        }
        let mut resp = match self.kv().get(key, Some(options)).await {
            Ok(resp) => resp,
            Err(e) => return Err(self.read_error("range", e, req.revision).await),
        };
        let revision = if req.revision > 0 {
            req.revision
        } else {
            header_revision("range", resp.header())?
        };
        let more = resp.more();
        let kvs = resp
            .take_kvs()
            .into_iter()
            .map(|kv| self.to_kv("range", kv))
            .collect::<Result<_>>()?;
        Ok(RangeResponse {
            kvs,
            more,
            revision,
        })
    }

    async fn count(&self, prefix: &str) -> Result<(u64, Revision)> {
        let (key, end) = self.prefix_range(prefix);
        let resp = self
            .kv()
            .get(
                key,
                Some(GetOptions::new().with_range(end).with_count_only()),
            )
            .await
            .map_err(|e| Error::etcd("count", e))?;
        Ok((
            u64::try_from(resp.count()).unwrap_or(0),
            header_revision("count", resp.header())?,
        ))
    }

    async fn create(&self, key: &str, value: Bytes, ttl: Option<Duration>) -> Result<KeyValue> {
        Self::check_write(key, &value)?;
        let full = self.full_key(key);
        let resp = self
            .put_txn("create", key, value.len(), ttl, |put| {
                Txn::new()
                    .when([Compare::create_revision(full.clone(), CompareOp::Equal, 0)])
                    .and_then([TxnOp::put(full.clone(), value.to_vec(), put)])
            })
            .await?;
        if !resp.succeeded() {
            return Err(Error::AlreadyExists { key: key.into() });
        }
        let revision = header_revision("create", resp.header())?;
        Ok(KeyValue {
            key: key.into(),
            value,
            create_revision: revision,
            mod_revision: revision,
        })
    }

    async fn update(
        &self,
        key: &str,
        value: Bytes,
        expected: Revision,
        ttl: Option<Duration>,
    ) -> Result<KeyValue> {
        Self::check_write(key, &value)?;
        let full = self.full_key(key);
        let resp = self
            .put_txn("update", key, value.len(), ttl, |put| {
                Txn::new()
                    .when([
                        // Without the first compare, `expected = 0` would create an absent key.
                        Compare::create_revision(full.clone(), CompareOp::Greater, 0),
                        Compare::mod_revision(full.clone(), CompareOp::Equal, expected),
                    ])
                    .and_then([
                        TxnOp::put(full.clone(), value.to_vec(), put),
                        // For the create revision; keys only, the value is ours already.
                        TxnOp::get(full.clone(), Some(GetOptions::new().with_keys_only())),
                    ])
                    .or_else([TxnOp::get(full.clone(), None)])
            })
            .await?;
        if !resp.succeeded() {
            return Err(match self.read_kv("update", &resp)? {
                Some(current) => Error::Conflict {
                    key: key.into(),
                    expected,
                    current: Some(Box::new(current)),
                },
                None => Error::NotFound { key: key.into() },
            });
        }
        let revision = header_revision("update", resp.header())?;
        let written = self.read_kv("update", &resp)?;
        let create_revision = written.map_or(revision, |kv| kv.create_revision);
        Ok(KeyValue {
            key: key.into(),
            value,
            create_revision,
            mod_revision: revision,
        })
    }

    async fn delete(&self, key: &str, expected: Option<Revision>) -> Result<(KeyValue, Revision)> {
        let full = self.full_key(key);
        let mut when = vec![Compare::create_revision(
            full.clone(),
            CompareOp::Greater,
            0,
        )];
        if let Some(expected) = expected {
            when.push(Compare::mod_revision(
                full.clone(),
                CompareOp::Equal,
                expected,
            ));
        }
        let txn = Txn::new()
            .when(when)
            .and_then([TxnOp::delete(
                full.clone(),
                Some(DeleteOptions::new().with_prev_key()),
            )])
            .or_else([TxnOp::get(full, None)]);
        let resp = self
            .kv()
            .txn(txn)
            .await
            .map_err(|e| Error::etcd("delete", e))?;
        if !resp.succeeded() {
            return Err(match (self.read_kv("delete", &resp)?, expected) {
                (Some(current), Some(expected)) => Error::Conflict {
                    key: key.into(),
                    expected,
                    current: Some(Box::new(current)),
                },
                _ => Error::NotFound { key: key.into() },
            });
        }
        let revision = header_revision("delete", resp.header())?;
        let deleted = resp.op_responses().into_iter().find_map(|r| match r {
            TxnOpResponse::Delete(mut d) => d.take_prev_kvs().into_iter().next(),
            _ => None,
        });
        match deleted {
            Some(kv) => Ok((self.to_kv("delete", kv)?, revision)),
            None => Err(Error::EtcdResponse {
                op: "delete",
                detail: "delete response without the deleted key".into(),
            }),
        }
    }

    async fn watch(&self, prefix: &str, from: Revision) -> Result<WatchStream> {
        if from > 0 {
            // Fail here, as the embedded store does, rather than on the stream's first item. A
            // compaction racing this check still ends the stream with `Compacted`.
            let probe = GetOptions::new().with_count_only().with_revision(from);
            if let Err(e) = self.kv().get(self.probe_key(), Some(probe)).await {
                match classify(&e) {
                    Failure::Compacted => return Err(self.read_error("watch", e, from).await),
                    // Watching from the future is fine: events arrive once it comes.
                    Failure::FutureRevision => {}
                    _ => return Err(Error::etcd("watch", e)),
                }
            }
        }
        self.watch_stream(prefix, from).await
    }

    async fn compact(&self, revision: Revision) -> Result<()> {
        match self.kv().compact(revision, None).await {
            Ok(_) => Ok(()),
            Err(e) => Err(self.read_error("compact", e, revision).await),
        }
    }

    async fn compacted_revision(&self) -> Result<Revision> {
        // A read at the compaction revision itself still works, so revision 1 readable means
        // nothing was compacted. Otherwise ask etcd with a watch; this reads etcd every time so
        // compactions by other API servers (or etcd's auto-compaction) are seen.
        let at_one = GetOptions::new().with_count_only().with_revision(1);
        match self.kv().get(self.probe_key(), Some(at_one)).await {
            Ok(_) => Ok(1),
            Err(e) if classify(&e) == Failure::Compacted => self.compaction_point(1).await,
            Err(e) => Err(Error::etcd("compacted revision", e)),
        }
    }
}
