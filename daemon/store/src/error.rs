//! The store's one error type. The API server maps each variant to a Kubernetes `Status`
//! (AlreadyExists → 409, Conflict → 409, NotFound → 404, Compacted → 410 Gone, ValueTooLarge → 413).

use std::path::PathBuf;

use crate::types::{KeyValue, Revision};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("key {key:?} already exists")]
    AlreadyExists { key: String },

    #[error("key {key:?} not found")]
    NotFound { key: String },

    /// A compare-and-swap lost: the key changed since `expected`. `current` is its value now.
    #[error("key {key:?} was modified: expected revision {expected}, found {}", current.as_ref().map_or("no key".to_string(), |kv| kv.mod_revision.to_string()))]
    Conflict {
        key: String,
        expected: Revision,
        current: Option<Box<KeyValue>>,
    },

    #[error("revision {requested} has been compacted (history starts at {compacted})")]
    Compacted {
        requested: Revision,
        compacted: Revision,
    },

    #[error("revision {requested} is newer than the current revision {current}")]
    FutureRevision {
        requested: Revision,
        current: Revision,
    },

    #[error("value for key {key:?} is {size} bytes, over the limit of {limit} bytes")]
    ValueTooLarge {
        key: String,
        size: usize,
        limit: usize,
    },

    #[error("invalid key {key:?}: {reason}")]
    InvalidKey { key: String, reason: &'static str },

    /// The watcher fell too far behind the writes and was closed: relist and watch again.
    #[error(
        "watcher fell behind by more than {capacity} events and was closed; relist and watch again"
    )]
    WatcherTooSlow { capacity: usize },

    #[error("the store is closed")]
    Closed,

    /// The file at `path` is not an rk store (corrupt, or some other program's file).
    #[error(
        "{path}: {detail}. rk will not start over existing data: move the file aside (or restore a backup) and start again"
    )]
    Corrupt { path: PathBuf, detail: String },

    #[error("store data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("embedded store {op}: {source}")]
    Embedded {
        op: &'static str,
        #[source]
        source: Box<redb::Error>,
    },

    #[error("etcd {op}: {}", crate::etcd::error_chain(source))]
    Etcd {
        op: &'static str,
        #[source]
        source: Box<etcd_client::Error>,
    },

    #[error("etcd {op}: {detail}")]
    EtcdResponse { op: &'static str, detail: String },

    /// A TLS file for etcd (`what`: CA file, client certificate or client key) could not be
    /// read, or holds no PEM block of the expected kind.
    #[error("etcd TLS {what} {path}: {source}")]
    TlsFile {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The batch holding this write could not be committed; the write did not happen.
    #[error("the write was not committed: {detail}")]
    CommitFailed { detail: String },

    /// A row of the embedded store could not be decoded.
    #[error("embedded store: damaged {table} row ({detail})")]
    DamagedRow { table: &'static str, detail: String },

    #[error("store URL {url:?}: {reason}")]
    InvalidUrl { url: String, reason: String },
}

impl Error {
    pub(crate) fn embedded(op: &'static str, e: impl Into<redb::Error>) -> Self {
        Error::Embedded {
            op,
            source: Box::new(e.into()),
        }
    }
    pub(crate) fn etcd(op: &'static str, e: etcd_client::Error) -> Self {
        Error::Etcd {
            op,
            source: Box::new(e),
        }
    }
    /// True for errors a caller resolves by reading again and retrying (CAS lost).
    pub fn is_conflict(&self) -> bool {
        matches!(self, Error::Conflict { .. })
    }
}
