//! The files an API server leaves in its data dir for users and agents: `admin.kubeconfig` and
//! `node-token` (interfaces.md), rewritten atomically on every start.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use base64::Engine;

use crate::pki::{self, Pki, write_atomic};

/// The address clients should dial: a wildcard listen address becomes loopback.
pub(crate) fn connectable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        ip if ip.is_unspecified() => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port()),
        _ => addr,
    }
}

pub(crate) fn hostname() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
}

/// A kubeconfig for `server` with the cluster CA and a client certificate.
pub fn kubeconfig(server: &str, ca_pem: &str, client: &pki::CertPair, user: &str) -> String {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s.as_bytes());
    format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: {ca}\n    server: {server}\n  name: rk\n\
         contexts:\n- context:\n    cluster: rk\n    user: {user}\n  name: rk\ncurrent-context: rk\npreferences: {{}}\n\
         users:\n- name: {user}\n  user:\n    client-certificate-data: {cert}\n    client-key-data: {key}\n",
        ca = b64(ca_pem),
        cert = b64(&client.cert_pem),
        key = b64(&client.key_pem),
    )
}

fn server_url(addr: SocketAddr) -> String {
    match addr {
        SocketAddr::V6(v6) => format!("https://[{}]:{}", v6.ip(), v6.port()),
        SocketAddr::V4(v4) => format!("https://{}:{}", v4.ip(), v4.port()),
    }
}

/// Writes `admin.kubeconfig` and `node-token`; returns the kubeconfig's path.
pub(crate) fn write_cluster_files(
    data_dir: &Path,
    pki: &Pki,
    connect: SocketAddr,
) -> pki::Result<PathBuf> {
    // The token first: whoever waits for admin.kubeconfig then finds both.
    write_atomic(
        &data_dir.join("node-token"),
        format!("{}\n", pki.node_token()).as_bytes(),
        true,
    )?;
    let path = data_dir.join("admin.kubeconfig");
    let config = kubeconfig(&server_url(connect), pki.ca_pem(), &pki.admin, "admin");
    write_atomic(&path, config.as_bytes(), true)?;
    Ok(path)
}
