//! The cluster's certificates, made on first start and kept in `DATA_DIR/tls/`.
//!
//! - a CA (10 years) that signs everything else;
//! - the API server's serving certificate, re-issued on every start for the current names and
//!   addresses (clients trust the CA, so a new leaf is invisible to them);
//! - the admin client certificate (`CN=system:admin, O=system:masters`), kept across restarts so
//!   that an `admin.kubeconfig` stays valid;
//! - the join secret of the node token.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};

/// Errors making or loading the cluster's certificates.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("generating {what}: {source}")]
    Generate {
        what: &'static str,
        #[source]
        source: rcgen::Error,
    },
    #[error("{path}: not a usable PEM {what}: {detail}")]
    BadPem {
        path: PathBuf,
        what: &'static str,
        detail: String,
    },
    #[error("TLS configuration: {0}")]
    Tls(#[from] rustls::Error),
    #[error("client certificate verifier: {0}")]
    Verifier(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A certificate and its private key, both PEM.
#[derive(Clone, Debug)]
pub struct CertPair {
    pub cert_pem: String,
    pub key_pem: String,
}

/// The loaded PKI of one API server.
pub struct Pki {
    dir: PathBuf,
    ca: CertPair,
    pub serving: CertPair,
    pub admin: CertPair,
    /// The secret half of the node token.
    join_secret: String,
}

const CA_DAYS: i64 = 3650;
const LEAF_DAYS: i64 = 365;
pub const ADMIN_USER: &str = "system:admin";
pub const ADMIN_GROUP: &str = "system:masters";

fn read(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Writes a file atomically (temp file + rename), private to the owner when it holds a secret.
pub fn write_atomic(path: &Path, contents: &[u8], secret: bool) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(if secret { 0o600 } else { 0o644 })
        .open(&tmp)
        .map_err(io)?;
    f.write_all(contents)
        .and_then(|_| f.sync_all())
        .map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

fn validity(params: &mut CertificateParams, days: i64) {
    let now = rcgen::date_time_ymd(1970, 1, 1)
        + std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
    // A little slack for clocks that disagree by a few minutes.
    params.not_before = now - std::time::Duration::from_secs(300);
    params.not_after = now + std::time::Duration::from_secs(days as u64 * 86_400);
}

fn name(cn: &str, orgs: &[&str]) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    for o in orgs {
        dn.push(DnType::OrganizationName, *o);
    }
    dn.push(DnType::CommonName, cn);
    dn
}

impl Pki {
    /// Loads the PKI from `data_dir/tls`, creating what is missing. `hosts` are the names and
    /// addresses the serving certificate must cover.
    pub fn load_or_create(data_dir: &Path, hosts: &[String]) -> Result<Pki> {
        let dir = data_dir.join("tls");
        let (ca_crt, ca_key) = (dir.join("ca.crt"), dir.join("ca.key"));
        let ca = match (read(&ca_crt)?, read(&ca_key)?) {
            (Some(cert_pem), Some(key_pem)) => CertPair { cert_pem, key_pem },
            _ => {
                let key = KeyPair::generate().map_err(|source| Error::Generate {
                    what: "CA key",
                    source,
                })?;
                let mut params = CertificateParams::new(Vec::<String>::new())
                    .map_err(|source| Error::Generate { what: "CA", source })?;
                let stamp = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default()
                    .as_secs();
                params.distinguished_name = name(&format!("rk-ca@{stamp}"), &[]);
                params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
                params.key_usages = vec![
                    KeyUsagePurpose::KeyCertSign,
                    KeyUsagePurpose::CrlSign,
                    KeyUsagePurpose::DigitalSignature,
                ];
                validity(&mut params, CA_DAYS);
                let cert = params
                    .self_signed(&key)
                    .map_err(|source| Error::Generate { what: "CA", source })?;
                let pair = CertPair {
                    cert_pem: cert.pem(),
                    key_pem: key.serialize_pem(),
                };
                write_atomic(&ca_key, pair.key_pem.as_bytes(), true)?;
                write_atomic(&ca_crt, pair.cert_pem.as_bytes(), false)?;
                pair
            }
        };
        let mut pki = Pki {
            dir: dir.clone(),
            ca,
            serving: CertPair {
                cert_pem: String::new(),
                key_pem: String::new(),
            },
            admin: CertPair {
                cert_pem: String::new(),
                key_pem: String::new(),
            },
            join_secret: String::new(),
        };
        pki.serving = pki.issue(
            hosts,
            "rk-apiserver",
            &[],
            ExtendedKeyUsagePurpose::ServerAuth,
        )?;
        write_atomic(
            &dir.join("serving.crt"),
            pki.serving.cert_pem.as_bytes(),
            false,
        )?;
        write_atomic(
            &dir.join("serving.key"),
            pki.serving.key_pem.as_bytes(),
            true,
        )?;

        let (admin_crt, admin_key) = (dir.join("admin.crt"), dir.join("admin.key"));
        pki.admin = match (read(&admin_crt)?, read(&admin_key)?) {
            (Some(cert_pem), Some(key_pem)) => CertPair { cert_pem, key_pem },
            _ => {
                let pair = pki.issue_client(ADMIN_USER, &[ADMIN_GROUP])?;
                write_atomic(&admin_key, pair.key_pem.as_bytes(), true)?;
                write_atomic(&admin_crt, pair.cert_pem.as_bytes(), false)?;
                pair
            }
        };

        let secret_path = dir.join("join-secret");
        pki.join_secret = match read(&secret_path)? {
            Some(s) if !s.trim().is_empty() => s.trim().to_string(),
            _ => {
                let bytes: [u8; 16] = rand::random();
                let s = hex(&bytes);
                write_atomic(&secret_path, s.as_bytes(), true)?;
                s
            }
        };
        Ok(pki)
    }

    fn issuer(&self) -> Result<Issuer<'static, KeyPair>> {
        let bad = |detail: String| Error::BadPem {
            path: self.dir.join("ca.key"),
            what: "CA",
            detail,
        };
        let key = KeyPair::from_pem(&self.ca.key_pem).map_err(|e| bad(e.to_string()))?;
        Issuer::from_ca_cert_pem(&self.ca.cert_pem, key).map_err(|e| bad(e.to_string()))
    }

    fn issue(
        &self,
        sans: &[String],
        cn: &str,
        orgs: &[&str],
        usage: ExtendedKeyUsagePurpose,
    ) -> Result<CertPair> {
        let key = KeyPair::generate().map_err(|source| Error::Generate {
            what: "key",
            source,
        })?;
        let mut params =
            CertificateParams::new(sans.to_vec()).map_err(|source| Error::Generate {
                what: "certificate",
                source,
            })?;
        params.distinguished_name = name(cn, orgs);
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        params.extended_key_usages = vec![usage];
        validity(
            &mut params,
            if orgs.contains(&ADMIN_GROUP) {
                CA_DAYS
            } else {
                LEAF_DAYS
            },
        );
        let cert = params
            .signed_by(&key, &self.issuer()?)
            .map_err(|source| Error::Generate {
                what: "certificate",
                source,
            })?;
        Ok(CertPair {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        })
    }

    /// A client certificate for `user` in `groups` (CN and O, as Kubernetes reads them).
    pub fn issue_client(&self, user: &str, groups: &[&str]) -> Result<CertPair> {
        self.issue(&[], user, groups, ExtendedKeyUsagePurpose::ClientAuth)
    }

    /// A serving certificate for a node agent's own endpoint (its names and addresses).
    pub fn issue_serving(&self, sans: &[String], cn: &str) -> Result<CertPair> {
        self.issue(sans, cn, &[], ExtendedKeyUsagePurpose::ServerAuth)
    }

    /// Checks a node token (the whole `K10…::secret`, or just the secret) in constant time.
    pub fn token_matches(&self, presented: &str) -> bool {
        let secret = presented.rsplit_once("::").map_or(presented, |(hash, secret)| {
            // A full token must also carry this cluster's CA hash.
            if self.node_token().starts_with(&format!("{hash}::")) { secret } else { "" }
        });
        let (a, b) = (secret.as_bytes(), self.join_secret.as_bytes());
        a.len() == b.len() && !b.is_empty() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// The CA certificate, PEM: what `/cacerts` serves and kubeconfigs embed.
    pub fn ca_pem(&self) -> &str {
        &self.ca.cert_pem
    }

    /// `K10<sha256 of the CA certificate, hex>::<secret>`, as interfaces.md fixes it.
    pub fn node_token(&self) -> String {
        let digest = ring::digest::digest(&ring::digest::SHA256, self.ca.cert_pem.as_bytes());
        format!("K10{}::{}", hex(digest.as_ref()), self.join_secret)
    }

    /// The TLS configuration: our serving certificate; client certificates signed by our CA
    /// are verified when offered, and requests without one go on as anonymous (or bearer token).
    pub fn server_config(&self) -> Result<Arc<rustls::ServerConfig>> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(self.ca.cert_pem.as_bytes()) {
            let cert = cert.map_err(|e| self.bad_pem("ca.crt", "certificate", e))?;
            roots.add(cert)?;
        }
        let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
            Arc::new(roots),
            provider.clone(),
        )
        .allow_unauthenticated()
        .build()
        .map_err(|e| Error::Verifier(e.to_string()))?;
        let chain: Vec<CertificateDer<'static>> =
            CertificateDer::pem_slice_iter(self.serving.cert_pem.as_bytes())
                .collect::<Result<_, _>>()
                .map_err(|e| self.bad_pem("serving.crt", "certificate", e))?;
        let key = PrivateKeyDer::from_pem_slice(self.serving.key_pem.as_bytes())
            .map_err(|e| self.bad_pem("serving.key", "key", e))?;
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_client_cert_verifier(verifier)
            .with_single_cert(chain, key)?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }

    fn bad_pem(&self, file: &str, what: &'static str, e: impl std::fmt::Display) -> Error {
        Error::BadPem {
            path: self.dir.join(file),
            what,
            detail: e.to_string(),
        }
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn first_start_creates_and_restart_keeps_ca_admin_and_token() {
        let dir = tempfile::tempdir().unwrap();
        let hosts = vec!["localhost".to_string(), "127.0.0.1".to_string()];
        let a = Pki::load_or_create(dir.path(), &hosts).unwrap();
        let b = Pki::load_or_create(dir.path(), &hosts).unwrap();
        assert_eq!(a.ca_pem(), b.ca_pem());
        assert_eq!(a.admin.cert_pem, b.admin.cert_pem);
        assert_eq!(a.node_token(), b.node_token());
        assert!(a.node_token().starts_with("K10") && a.node_token().contains("::"));
        assert_ne!(
            a.serving.cert_pem, b.serving.cert_pem,
            "serving certificate is re-issued"
        );
        a.server_config().unwrap();
    }

    #[test]
    fn client_certificates_carry_user_and_groups() {
        let dir = tempfile::tempdir().unwrap();
        let pki = Pki::load_or_create(dir.path(), &["localhost".into()]).unwrap();
        let pair = pki
            .issue_client("system:node:n1", &["system:nodes"])
            .unwrap();
        let der = CertificateDer::from_pem_slice(pair.cert_pem.as_bytes()).unwrap();
        let id = crate::auth::identity_from_cert(&der).unwrap();
        assert_eq!(id.user, "system:node:n1");
        assert_eq!(id.groups, vec!["system:nodes".to_string()]);
    }
}
