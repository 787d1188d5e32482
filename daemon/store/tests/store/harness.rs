//! Fresh stores for tests: the embedded backend in a temp dir, or a private etcd.

#![allow(dead_code)]

use std::time::Duration;

use rk_store::embedded::{EmbeddedConfig, EmbeddedStore};
use rk_store::etcd::{EtcdConfig, EtcdStore, LocalEtcd};

/// Short periods so that tests see progress notifications and expiries quickly.
pub fn test_config() -> EmbeddedConfig {
    EmbeddedConfig {
        progress_interval: Duration::from_millis(300),
        expiry_interval: Duration::from_millis(100),
        ..EmbeddedConfig::default()
    }
}

pub struct Embedded {
    pub store: EmbeddedStore,
    pub dir: tempfile::TempDir,
}

impl Embedded {
    pub async fn finish(self) {
        self.store.close().await;
    }
}

pub async fn embedded() -> Embedded {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = EmbeddedStore::open_dir(dir.path(), test_config())
        .await
        .expect("open embedded store");
    Embedded { store, dir }
}

pub struct Etcd {
    pub store: EtcdStore,
    pub etcd: LocalEtcd,
    pub dir: tempfile::TempDir,
}

impl Etcd {
    pub async fn finish(self) {}
}

pub async fn etcd() -> Etcd {
    let dir = tempfile::tempdir().expect("temp dir");
    let etcd = LocalEtcd::start(dir.path())
        .await
        .expect("start etcd (Debian package etcd-server)");
    let store = EtcdStore::connect(etcd_config(&etcd))
        .await
        .expect("connect to etcd");
    Etcd { store, etcd, dir }
}

pub fn etcd_config(etcd: &LocalEtcd) -> EtcdConfig {
    EtcdConfig::new([etcd.endpoint()])
}
