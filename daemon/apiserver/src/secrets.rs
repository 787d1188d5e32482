//! The cluster's secrets shared through the store, so that several API servers on one etcd
//! are one cluster (k3s keeps its "bootstrap data" the same way).
//!
//! The first server to start publishes the files that make the cluster's identity — the CA and
//! its key, the admin client certificate, the join secret — under [`KEY`], sealed with
//! AES-256-GCM under a key derived (PBKDF2-HMAC-SHA256) from the join secret. A later server is
//! started with the cluster's token (`rkd server --token K10…::secret`); it opens the sealed
//! files, checks the CA against the token's hash, and writes them into its own `DATA_DIR/tls/`
//! before loading its PKI — so it issues its serving certificate from the same CA and one
//! admin kubeconfig works against every server. A server restarting with its data dir needs
//! no token: its local join secret opens the store's copy.

use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use rk_store::{AnyStore, Store};
use serde_json::{Value, json};

/// Where the sealed secrets live in the store (outside every resource's key space).
pub const KEY: &str = "/rk/bootstrap/secrets";

/// The files under `DATA_DIR/tls/` that every server of a cluster shares. Serving
/// certificates are per server and stay out.
const SHARED: &[&str] = &["ca.crt", "ca.key", "admin.crt", "admin.key", "join-secret", crate::tokens::KEY_FILE];

const PBKDF2_ROUNDS: u32 = 100_000;

/// Errors sharing the cluster's secrets.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("reading the cluster's secrets from the store: {0}")]
    Store(#[source] rk_store::Error),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the store already holds a cluster's secrets and no token opens them: start this server with that cluster's token (--token, the node-token file of its first server)"
    )]
    NoToken,
    #[error("the token does not open the cluster's secrets in the store (wrong token for this store?)")]
    WrongToken,
    #[error("the token's CA hash does not match the CA in the store: it belongs to another cluster")]
    WrongCa,
    #[error("the sealed secrets in the store are damaged: {0}")]
    Damaged(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The secret half of a token (`K10<hash>::<secret>` or just the secret) and its CA hash.
fn split_token(token: &str) -> (Option<&str>, &str) {
    match token.trim().rsplit_once("::") {
        Some((hash, secret)) => (hash.strip_prefix("K10"), secret),
        None => (None, token.trim()),
    }
}

fn derive_key(secret: &str, salt: &[u8]) -> Result<LessSafeKey> {
    let mut key = [0u8; 32];
    let rounds = NonZeroU32::new(PBKDF2_ROUNDS).ok_or_else(|| Error::Damaged("zero rounds".into()))?;
    ring::pbkdf2::derive(ring::pbkdf2::PBKDF2_HMAC_SHA256, rounds, salt, secret.as_bytes(), &mut key);
    let unbound = UnboundKey::new(&AES_256_GCM, &key).map_err(|_| Error::Damaged("bad key length".into()))?;
    Ok(LessSafeKey::new(unbound))
}

/// Seals `files` (name → contents) under `secret`.
fn seal(secret: &str, files: &serde_json::Map<String, Value>) -> Result<Vec<u8>> {
    let salt: [u8; 16] = rand::random();
    let nonce: [u8; 12] = rand::random();
    let key = derive_key(secret, &salt)?;
    let mut data = serde_json::to_vec(files).map_err(|e| Error::Damaged(e.to_string()))?;
    key.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(KEY.as_bytes()), &mut data)
        .map_err(|_| Error::Damaged("sealing failed".into()))?;
    let envelope = json!({"version": 1, "salt": B64.encode(salt), "nonce": B64.encode(nonce), "sealed": B64.encode(data)});
    serde_json::to_vec(&envelope).map_err(|e| Error::Damaged(e.to_string()))
}

/// Opens what [`seal`] made; `WrongToken` when `secret` is not the one it was sealed under.
fn open(secret: &str, sealed: &[u8]) -> Result<serde_json::Map<String, Value>> {
    let envelope: Value = serde_json::from_slice(sealed).map_err(|e| Error::Damaged(e.to_string()))?;
    let field = |k: &str| -> Result<Vec<u8>> {
        let s = envelope.get(k).and_then(Value::as_str).ok_or_else(|| Error::Damaged(format!("no {k}")))?;
        B64.decode(s).map_err(|e| Error::Damaged(format!("{k}: {e}")))
    };
    let (salt, nonce, mut data) = (field("salt")?, field("nonce")?, field("sealed")?);
    let nonce: [u8; 12] = nonce.try_into().map_err(|_| Error::Damaged("nonce length".into()))?;
    let key = derive_key(secret, &salt)?;
    let plain = key
        .open_in_place(Nonce::assume_unique_for_key(nonce), Aad::from(KEY.as_bytes()), &mut data)
        .map_err(|_| Error::WrongToken)?;
    match serde_json::from_slice(plain) {
        Ok(Value::Object(files)) => Ok(files),
        _ => Err(Error::Damaged("not a map of files".into())),
    }
}

fn read_local(dir: &Path, name: &str) -> Result<Option<String>> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io { path, source }),
    }
}

/// Before the PKI is loaded: makes `DATA_DIR/tls/` hold the cluster's shared files when the
/// store has them (opened with `token`, or with the local join secret on a restart), or, for
/// the first server, seeds the join secret from `token`. Returns true when the store already
/// held secrets (nothing to publish).
pub async fn fetch(store: &AnyStore, data_dir: &Path, token: Option<&str>) -> Result<bool> {
    let dir = data_dir.join("tls");
    let (found, _) = store.get(KEY).await.map_err(Error::Store)?;
    let Some(kv) = found else {
        if let Some(t) = token {
            let (_, secret) = split_token(t);
            if read_local(&dir, "join-secret")?.is_none_or(|s| s.trim().is_empty()) && !secret.is_empty() {
                write(&dir, "join-secret", secret)?;
            }
        }
        return Ok(false);
    };
    let mut candidates: Vec<String> = Vec::new();
    if let Some(t) = token {
        candidates.push(split_token(t).1.to_string());
    }
    if let Some(local) = read_local(&dir, "join-secret")? {
        candidates.push(local.trim().to_string());
    }
    candidates.retain(|c| !c.is_empty());
    if candidates.is_empty() {
        return Err(Error::NoToken);
    }
    let mut files = None;
    for secret in &candidates {
        match open(secret, &kv.value) {
            Ok(f) => {
                files = Some(f);
                break;
            }
            Err(Error::WrongToken) => continue,
            Err(e) => return Err(e),
        }
    }
    let files = files.ok_or(Error::WrongToken)?;
    if let Some(hash) = token.and_then(|t| split_token(t).0) {
        let ca = files.get("ca.crt").and_then(Value::as_str).unwrap_or("");
        let digest = ring::digest::digest(&ring::digest::SHA256, ca.as_bytes());
        if !crate::pki::hex(digest.as_ref()).eq_ignore_ascii_case(hash) {
            return Err(Error::WrongCa);
        }
    }
    for name in SHARED {
        if let Some(contents) = files.get(*name).and_then(Value::as_str)
            && read_local(&dir, name)?.as_deref() != Some(contents)
        {
            write(&dir, name, contents)?;
        }
    }
    Ok(true)
}

fn write(dir: &Path, name: &str, contents: &str) -> Result<()> {
    let secret = name.ends_with(".key") || name == "join-secret";
    crate::pki::write_atomic(&dir.join(name), contents.as_bytes(), secret).map_err(|e| match e {
        crate::pki::Error::Io { path, source } => Error::Io { path, source },
        other => Error::Io { path: dir.join(name), source: std::io::Error::other(other.to_string()) },
    })
}

/// After the first server made its PKI: seals the shared files into the store. Returns false
/// when another server published first (the caller fetches theirs and reloads).
pub async fn publish(store: &AnyStore, data_dir: &Path) -> Result<bool> {
    let dir = data_dir.join("tls");
    let mut files = serde_json::Map::new();
    for name in SHARED {
        if let Some(contents) = read_local(&dir, name)? {
            files.insert((*name).to_string(), Value::String(contents));
        }
    }
    let secret = files.get("join-secret").and_then(Value::as_str).map(|s| s.trim().to_string()).unwrap_or_default();
    if secret.is_empty() {
        return Err(Error::NoToken);
    }
    let sealed = seal(&secret, &files)?;
    match store.create(KEY, bytes::Bytes::from(sealed), None).await {
        Ok(_) => Ok(true),
        Err(rk_store::Error::AlreadyExists { .. }) => Ok(false),
        Err(e) => Err(Error::Store(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_with_their_secret_only() {
        let mut files = serde_json::Map::new();
        files.insert("ca.crt".into(), json!("CA"));
        let sealed = seal("s3cret", &files).unwrap();
        assert_eq!(open("s3cret", &sealed).unwrap(), files);
        assert!(matches!(open("other", &sealed), Err(Error::WrongToken)));
        assert!(matches!(open("s3cret", b"{}"), Err(Error::Damaged(_))));
    }

    #[test]
    fn tokens_split_into_hash_and_secret() {
        assert_eq!(split_token("K10abc::xyz"), (Some("abc"), "xyz"));
        assert_eq!(split_token("xyz"), (None, "xyz"));
    }
}
