//! # rk-store: the cluster state store
//!
//! Every object and every watch in rk goes through this crate. It plays the part etcd plays in
//! Kubernetes: one global, strictly increasing [`Revision`]; per key a create and a modification
//! revision; reads at the current or an older (not yet compacted) revision; create-if-absent and
//! compare-and-swap on the modification revision; keys with a time to live; watches of a prefix from
//! a revision with the previous value on updates and deletes; progress notifications; compaction.
//!
//! The contract is the [`Store`] trait. Two backends implement it:
//! - [`embedded::EmbeddedStore`] — the default: one redb file in the data dir, a single writer thread
//!   that group-commits concurrent writes under one fsync, and an in-process watch fan-out
//!   ([`watch`]) with a bounded queue per watcher;
//! - [`etcd::EtcdStore`] — the same contract on a real etcd v3 cluster, with nothing cached in
//!   process, so several API servers can share it.
//!
//! [`AnyStore`] picks one at run time from a `--store` URL. [`compactor`] runs compaction on a
//! schedule for either backend. One conformance suite (`tests/conformance.rs`) runs over both.

pub mod compactor;
pub mod embedded;
mod error;
pub mod etcd;
mod types;
pub mod watch;

use std::future::Future;
use std::time::Duration;

pub use error::{Error, Result};
pub use types::{
    KeyValue, MAX_VALUE_BYTES, RangeRequest, RangeResponse, Revision, WatchEvent, prefix_end,
};
pub use watch::WatchStream;

/// The store contract shared by every backend.
///
/// Revisions follow etcd: every successful write takes the next revision; a failed
/// compare-and-swap takes none. `revision = 0` in a read means "the current revision".
pub trait Store: Send + Sync + 'static {
    /// The latest committed revision.
    fn current_revision(&self) -> impl Future<Output = Result<Revision>> + Send;

    /// One key at the current revision, and that revision.
    fn get(&self, key: &str) -> impl Future<Output = Result<(Option<KeyValue>, Revision)>> + Send;

    /// Keys under a prefix in key order, at the current or an older revision, with a limit and a
    /// continuation (`start_after`).
    fn range(&self, req: RangeRequest) -> impl Future<Output = Result<RangeResponse>> + Send;

    /// How many keys live under a prefix at the current revision.
    fn count(&self, prefix: &str) -> impl Future<Output = Result<(u64, Revision)>> + Send;

    /// Creates `key` if absent. Fails with [`Error::AlreadyExists`] otherwise.
    fn create(
        &self,
        key: &str,
        value: bytes::Bytes,
        ttl: Option<Duration>,
    ) -> impl Future<Output = Result<KeyValue>> + Send;

    /// Replaces `key` if its modification revision is still `expected`. Fails with
    /// [`Error::Conflict`] (carrying the current value) or [`Error::NotFound`].
    fn update(
        &self,
        key: &str,
        value: bytes::Bytes,
        expected: Revision,
        ttl: Option<Duration>,
    ) -> impl Future<Output = Result<KeyValue>> + Send;

    /// Deletes `key`, if given only when its modification revision is `expected`. Returns the
    /// deleted value and the revision of the delete.
    fn delete(
        &self,
        key: &str,
        expected: Option<Revision>,
    ) -> impl Future<Output = Result<(KeyValue, Revision)>> + Send;

    /// Watches every key under `prefix` from revision `from` (inclusive; 0 = after the current
    /// revision). Events arrive in revision order with no gaps or duplicates; a watcher that falls
    /// too far behind receives [`Error::WatcherTooSlow`] and the stream ends.
    fn watch(
        &self,
        prefix: &str,
        from: Revision,
    ) -> impl Future<Output = Result<WatchStream>> + Send;

    /// Drops history before `revision`: reads and watches below it fail with [`Error::Compacted`].
    fn compact(&self, revision: Revision) -> impl Future<Output = Result<()>> + Send;

    /// The revision history starts at (reads below it are compacted).
    fn compacted_revision(&self) -> impl Future<Output = Result<Revision>> + Send;
}

/// A store chosen at run time: the embedded default or etcd.
#[derive(Clone)]
pub enum AnyStore {
    Embedded(embedded::EmbeddedStore),
    Etcd(etcd::EtcdStore),
}

/// Called with each store operation's name, duration and success (`set_observer`): the API
/// server turns these into its store-latency metrics without rk-store depending on Prometheus.
pub type Observer = fn(&'static str, Duration, bool);

static OBSERVER: std::sync::OnceLock<Observer> = std::sync::OnceLock::new();

/// Installs the process-wide observer of [`AnyStore`] operations (the first call wins).
pub fn set_observer(observer: Observer) {
    let _ = OBSERVER.set(observer);
}

async fn observed<T>(op: &'static str, f: impl Future<Output = Result<T>>) -> Result<T> {
    let Some(observe) = OBSERVER.get() else { return f.await };
    let start = std::time::Instant::now();
    let out = f.await;
    observe(op, start.elapsed(), out.is_ok());
    out
}

macro_rules! dispatch {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            AnyStore::Embedded($s) => $e,
            AnyStore::Etcd($s) => $e,
        }
    };
}

impl Store for AnyStore {
    async fn current_revision(&self) -> Result<Revision> {
        observed("current_revision", async { dispatch!(self, s => s.current_revision().await) }).await
    }
    async fn get(&self, key: &str) -> Result<(Option<KeyValue>, Revision)> {
        observed("get", async { dispatch!(self, s => s.get(key).await) }).await
    }
    async fn range(&self, req: RangeRequest) -> Result<RangeResponse> {
        observed("range", async { dispatch!(self, s => s.range(req).await) }).await
    }
    async fn count(&self, prefix: &str) -> Result<(u64, Revision)> {
        observed("count", async { dispatch!(self, s => s.count(prefix).await) }).await
    }
    async fn create(
        &self,
        key: &str,
        value: bytes::Bytes,
        ttl: Option<Duration>,
    ) -> Result<KeyValue> {
        observed("create", async { dispatch!(self, s => s.create(key, value, ttl).await) }).await
    }
    async fn update(
        &self,
        key: &str,
        value: bytes::Bytes,
        expected: Revision,
        ttl: Option<Duration>,
    ) -> Result<KeyValue> {
        observed("update", async { dispatch!(self, s => s.update(key, value, expected, ttl).await) }).await
    }
    async fn delete(&self, key: &str, expected: Option<Revision>) -> Result<(KeyValue, Revision)> {
        observed("delete", async { dispatch!(self, s => s.delete(key, expected).await) }).await
    }
    async fn watch(&self, prefix: &str, from: Revision) -> Result<WatchStream> {
        observed("watch", async { dispatch!(self, s => s.watch(prefix, from).await) }).await
    }
    async fn compact(&self, revision: Revision) -> Result<()> {
        observed("compact", async { dispatch!(self, s => s.compact(revision).await) }).await
    }
    async fn compacted_revision(&self) -> Result<Revision> {
        observed("compacted_revision", async { dispatch!(self, s => s.compacted_revision().await) }).await
    }
}
