//! The embedded backend: one redb file in the data dir, the default store.
//!
//! Writes go through one writer thread ([`writer`]). It takes every request that is waiting,
//! applies them in order inside one redb write transaction (each successful write takes the next
//! revision), commits with `Durability::Immediate` — one fsync for the whole batch — and only then
//! answers the callers and publishes the events to the watch [`Hub`]. So concurrent writers share
//! one sync (group commit) and no write is acknowledged before it is on disk.
//!
//! Tables: `kv` (key → live version), `log` (revision → change, the history that reads at old
//! revisions and watch replays use), `expiry` ((unix ms, key) → revision, for keys with a TTL),
//! `meta` (format marker, current and compacted revision). Compaction removes log entries that were
//! superseded before the compacted revision, in bounded chunks between batches.

mod codec;
pub mod file;
mod read;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use redb::{ReadableDatabase, StorageBackend, TableDefinition, TableHandle};
use tokio::sync::{mpsc, oneshot};

use crate::Store;
use crate::error::{Error, Result};
use crate::types::{KeyValue, MAX_VALUE_BYTES, RangeRequest, RangeResponse, Revision};
use crate::watch::{DEFAULT_WATCH_CAPACITY, Hub, WatchStream};
use writer::{Op, Outcome, Request};

pub(crate) const KV: TableDefinition<&str, &[u8]> = TableDefinition::new("kv");
pub(crate) const LOG: TableDefinition<u64, &[u8]> = TableDefinition::new("log");
pub(crate) const EXPIRY: TableDefinition<(u64, &str), i64> = TableDefinition::new("expiry");
pub(crate) const META: TableDefinition<&str, i64> = TableDefinition::new("meta");

pub(crate) const META_FORMAT: &str = "rk-store-format";
pub(crate) const META_REVISION: &str = "revision";
pub(crate) const META_COMPACTED: &str = "compacted";
pub(crate) const META_COMPACT_DONE: &str = "compact-done";
const FORMAT_VERSION: i64 = 1;

/// The file the embedded store keeps in a data dir.
pub const FILE_NAME: &str = "store.redb";

/// Settings of the embedded store.
#[derive(Clone, Debug)]
pub struct EmbeddedConfig {
    /// redb's page cache.
    pub cache_bytes: usize,
    /// Events a watcher may have queued before it is closed as too slow.
    pub watch_capacity: usize,
    /// How often idle watchers get a progress notification.
    pub progress_interval: Duration,
    /// How often expired keys are looked for.
    pub expiry_interval: Duration,
    /// Most requests committed under one sync.
    pub max_batch: usize,
    /// Most log entries one compaction step visits (bounds how long it holds the writer).
    pub compaction_chunk: usize,
}

impl Default for EmbeddedConfig {
    fn default() -> Self {
        EmbeddedConfig {
            cache_bytes: 64 << 20,
            watch_capacity: DEFAULT_WATCH_CAPACITY,
            progress_interval: Duration::from_secs(1),
            expiry_interval: Duration::from_millis(250),
            max_batch: 1024,
            compaction_chunk: 1024,
        }
    }
}

/// What the writer and the readers share.
pub(crate) struct Shared {
    pub(crate) db: redb::Database,
    pub(crate) hub: Hub,
    /// The last revision committed and published.
    pub(crate) revision: AtomicI64,
    /// Reads and watches below this revision fail with `Compacted`.
    pub(crate) compacted: AtomicI64,
    pub(crate) syncs: Arc<AtomicU64>,
    pub(crate) path: PathBuf,
}

/// The embedded store. Cheap to clone; the file is released when the last clone is gone.
#[derive(Clone)]
pub struct EmbeddedStore {
    shared: Arc<Shared>,
    ops: mpsc::Sender<Request>,
    writer: Arc<std::sync::Mutex<Option<std::thread::JoinHandle<()>>>>,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl EmbeddedStore {
    /// Opens (or, if absent, creates) the store file `DIR/store.redb`.
    pub async fn open_dir(dir: &Path, config: EmbeddedConfig) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|source| Error::DataDir {
            path: dir.to_path_buf(),
            source,
        })?;
        Self::open(&dir.join(FILE_NAME), config).await
    }

    /// Opens (or, if absent, creates) the store file at `path`. An existing file that is not an
    /// rk store is an error naming the file — never silently replaced.
    pub async fn open(path: &Path, config: EmbeddedConfig) -> Result<Self> {
        let syncs = Arc::new(AtomicU64::new(0));
        let (p, s, c) = (path.to_path_buf(), syncs.clone(), config.clone());
        let db = tokio::task::spawn_blocking(move || open_file(&p, &s, &c))
            .await
            .map_err(|_| Error::Closed)??;
        Self::start(db, path.to_path_buf(), syncs, config)
    }

    /// Opens a store over any redb storage backend (tests use a crash-simulating file).
    /// `label` names the store in errors.
    pub async fn open_with_backend(
        backend: impl StorageBackend,
        label: &Path,
        config: EmbeddedConfig,
    ) -> Result<Self> {
        let syncs = Arc::new(AtomicU64::new(0));
        let backend = file::SyncCounting::new(backend, syncs.clone());
        let db = redb::Database::builder()
            .set_cache_size(config.cache_bytes)
            .create_with_backend(backend)
            .map_err(|e| Error::Corrupt {
                path: label.to_path_buf(),
                detail: e.to_string(),
            })?;
        init_or_check(&db, label)?;
        Self::start(db, label.to_path_buf(), syncs, config)
    }

    fn start(
        db: redb::Database,
        path: PathBuf,
        syncs: Arc<AtomicU64>,
        config: EmbeddedConfig,
    ) -> Result<Self> {
        let (revision, compacted, compact_done) = read::meta_revisions(&db)?;
        let shared = Arc::new(Shared {
            db,
            hub: Hub::new(revision, config.watch_capacity),
            revision: AtomicI64::new(revision),
            compacted: AtomicI64::new(compacted),
            syncs,
            path,
        });
        let (tx, rx) = mpsc::channel(config.max_batch * 4);
        let w = writer::Writer::new(
            shared.clone(),
            config.max_batch,
            config.compaction_chunk,
            compact_done,
        );
        let handle = std::thread::Builder::new()
            .name("rk-store-writer".into())
            .spawn(move || w.run(rx))
            .map_err(|source| Error::DataDir {
                path: shared.path.clone(),
                source,
            })?;
        let store = EmbeddedStore {
            shared,
            ops: tx,
            writer: Arc::new(std::sync::Mutex::new(Some(handle))),
        };
        store.spawn_background(&config);
        Ok(store)
    }

    /// Progress notifications and TTL expiry. Both stop when the store is gone.
    fn spawn_background(&self, config: &EmbeddedConfig) {
        let weak: Weak<Shared> = Arc::downgrade(&self.shared);
        let every = config.progress_interval;
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let Some(shared) = weak.upgrade() else { return };
                shared.hub.progress();
            }
        });
        let weak = Arc::downgrade(&self.shared);
        let ops = self.ops.downgrade();
        let every = config.expiry_interval;
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let (Some(shared), Some(ops)) = (weak.upgrade(), ops.upgrade()) else {
                    return;
                };
                let due = match tokio::task::spawn_blocking(move || {
                    read::due_expiries(&shared.db, now_ms(), 1000)
                })
                .await
                {
                    Ok(Ok(due)) => due,
                    Ok(Err(e)) => {
                        tracing::warn!(error = %e, "reading expired keys");
                        continue;
                    }
                    Err(_) => return,
                };
                let mut replies = Vec::with_capacity(due.len());
                for (key, mod_revision) in due {
                    let (reply, rx) = oneshot::channel();
                    if ops
                        .send(Request {
                            op: Op::Expire { key, mod_revision },
                            reply: Some(reply),
                        })
                        .await
                        .is_err()
                    {
                        return;
                    }
                    replies.push(rx);
                }
                // Wait for this round before looking again, so a busy writer isn't sent duplicates.
                for r in replies {
                    let _ = r.await;
                }
            }
        });
    }

    /// Syncs made so far (each commit of a batch is one).
    pub fn syncs(&self) -> u64 {
        self.shared.syncs.load(Ordering::Relaxed)
    }

    /// Watchers currently registered.
    pub fn watcher_count(&self) -> usize {
        self.shared.hub.watcher_count()
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.shared.path
    }

    /// Stops the writer after the requests already queued, and waits for it.
    pub async fn close(&self) {
        let (reply, rx) = oneshot::channel();
        if self
            .ops
            .send(Request {
                op: Op::Shutdown,
                reply: Some(reply),
            })
            .await
            .is_ok()
        {
            let _ = rx.await;
        }
        let handle = self
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(h) = handle {
            let _ = tokio::task::spawn_blocking(move || h.join()).await;
        }
        self.shared.hub.close_all(|| Error::Closed);
    }

    async fn submit(&self, op: Op) -> Result<Outcome> {
        let (reply, rx) = oneshot::channel();
        self.ops
            .send(Request {
                op,
                reply: Some(reply),
            })
            .await
            .map_err(|_| Error::Closed)?;
        rx.await.map_err(|_| Error::Closed)?
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Shared) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let shared = self.shared.clone();
        tokio::task::spawn_blocking(move || f(&shared))
            .await
            .map_err(|_| Error::Closed)?
    }
}

fn check_value(key: &str, value: &Bytes) -> Result<()> {
    if key.is_empty() {
        return Err(Error::InvalidKey {
            key: key.into(),
            reason: "empty",
        });
    }
    if value.len() > MAX_VALUE_BYTES {
        return Err(Error::ValueTooLarge {
            key: key.into(),
            size: value.len(),
            limit: MAX_VALUE_BYTES,
        });
    }
    Ok(())
}

fn expiry(ttl: Option<Duration>) -> u64 {
    ttl.map_or(0, |d| now_ms().saturating_add(d.as_millis() as u64).max(1))
}

impl Store for EmbeddedStore {
    async fn current_revision(&self) -> Result<Revision> {
        Ok(self.shared.revision.load(Ordering::Acquire))
    }

    async fn get(&self, key: &str) -> Result<(Option<KeyValue>, Revision)> {
        read::get(&self.shared.db, key)
    }

    async fn range(&self, req: RangeRequest) -> Result<RangeResponse> {
        self.blocking(move |s| read::range(s, &req)).await
    }

    async fn count(&self, prefix: &str) -> Result<(u64, Revision)> {
        let prefix = prefix.to_string();
        self.blocking(move |s| read::count(&s.db, &prefix)).await
    }

    async fn create(&self, key: &str, value: Bytes, ttl: Option<Duration>) -> Result<KeyValue> {
        check_value(key, &value)?;
        match self
            .submit(Op::Create {
                key: key.into(),
                value,
                expires_at_ms: expiry(ttl),
            })
            .await?
        {
            Outcome::Put(kv) => Ok(kv),
            other => Err(writer::unexpected(other)),
        }
    }

    async fn update(
        &self,
        key: &str,
        value: Bytes,
        expected: Revision,
        ttl: Option<Duration>,
    ) -> Result<KeyValue> {
        check_value(key, &value)?;
        match self
            .submit(Op::Update {
                key: key.into(),
                value,
                expected,
                expires_at_ms: expiry(ttl),
            })
            .await?
        {
            Outcome::Put(kv) => Ok(kv),
            other => Err(writer::unexpected(other)),
        }
    }

    async fn delete(&self, key: &str, expected: Option<Revision>) -> Result<(KeyValue, Revision)> {
        match self
            .submit(Op::Delete {
                key: key.into(),
                expected,
            })
            .await?
        {
            Outcome::Deleted(kv, rev) => Ok((kv, rev)),
            other => Err(writer::unexpected(other)),
        }
    }

    async fn watch(&self, prefix: &str, from: Revision) -> Result<WatchStream> {
        let (stream, published) = self.shared.hub.register(prefix);
        if from <= 0 {
            return Ok(stream);
        }
        let compacted = self.shared.compacted.load(Ordering::Acquire);
        if from < compacted {
            return Err(Error::Compacted {
                requested: from,
                compacted,
            });
        }
        if from > published {
            return Ok(stream.with_replay(Vec::new(), from - 1));
        }
        let p = prefix.to_string();
        let events = self
            .blocking(move |s| read::history(s, &p, from, published))
            .await?;
        Ok(stream.with_replay(events, published))
    }

    async fn compact(&self, revision: Revision) -> Result<()> {
        match self.submit(Op::Compact { revision }).await? {
            Outcome::Done => Ok(()),
            other => Err(writer::unexpected(other)),
        }
    }

    async fn compacted_revision(&self) -> Result<Revision> {
        Ok(self.shared.compacted.load(Ordering::Acquire))
    }
}

/// Opens an existing store file or creates a new one (built beside it and renamed into place, so
/// a crash during creation never leaves a half-made store at `path`).
fn open_file(
    path: &Path,
    syncs: &Arc<AtomicU64>,
    config: &EmbeddedConfig,
) -> Result<redb::Database> {
    let builder = || {
        let mut b = redb::Database::builder();
        b.set_cache_size(config.cache_bytes);
        b
    };
    let data_dir_err = |source| Error::DataDir {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() == 0 => {
            return Err(Error::Corrupt {
                path: path.to_path_buf(),
                detail: "the file is empty".into(),
            });
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let tmp = path.with_extension("redb.creating");
            let _ = std::fs::remove_file(&tmp);
            {
                let db = builder()
                    .create(&tmp)
                    .map_err(|e| Error::embedded("create", e))?;
                init_or_check(&db, &tmp)?;
            }
            std::fs::rename(&tmp, path).map_err(data_dir_err)?;
            if let Some(dir) = path.parent() {
                std::fs::File::open(dir)
                    .and_then(|d| d.sync_all())
                    .map_err(data_dir_err)?;
            }
        }
        Err(e) => return Err(data_dir_err(e)),
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(data_dir_err)?;
    let backend = redb::backends::FileBackend::new(file).map_err(|e| open_error(path, e))?;
    let db = builder()
        .create_with_backend(file::SyncCounting::new(backend, syncs.clone()))
        .map_err(|e| open_error(path, e))?;
    init_or_check(&db, path)?;
    Ok(db)
}

fn open_error(path: &Path, e: redb::DatabaseError) -> Error {
    match e {
        redb::DatabaseError::DatabaseAlreadyOpen => Error::DataDir {
            path: path.to_path_buf(),
            source: std::io::Error::other(
                "the store is already open in another process (is another rkd using this data dir?)",
            ),
        },
        other => Error::Corrupt {
            path: path.to_path_buf(),
            detail: format!("not a readable rk store ({other})"),
        },
    }
}

/// Writes the format marker into a brand-new database, or checks it in an existing one.
fn init_or_check(db: &redb::Database, path: &Path) -> Result<()> {
    let corrupt = |detail: String| Error::Corrupt {
        path: path.to_path_buf(),
        detail,
    };
    let read = db
        .begin_read()
        .map_err(|e| Error::embedded("begin read", e))?;
    let list = read
        .list_tables()
        .map_err(|e| Error::embedded("list tables", e))?;
    let tables: Vec<String> = list.map(|t| t.name().to_string()).collect();
    drop(read);
    if tables.is_empty() {
        let mut txn = db
            .begin_write()
            .map_err(|e| Error::embedded("begin write", e))?;
        txn.set_quick_repair(true);
        {
            let mut meta = txn
                .open_table(META)
                .map_err(|e| Error::embedded("open meta", e))?;
            for (k, v) in [
                (META_FORMAT, FORMAT_VERSION),
                (META_REVISION, 1),
                (META_COMPACTED, 1),
                (META_COMPACT_DONE, 1),
            ] {
                meta.insert(k, v)
                    .map_err(|e| Error::embedded("init meta", e))?;
            }
            txn.open_table(KV)
                .map_err(|e| Error::embedded("init kv", e))?;
            txn.open_table(LOG)
                .map_err(|e| Error::embedded("init log", e))?;
            txn.open_table(EXPIRY)
                .map_err(|e| Error::embedded("init expiry", e))?;
        }
        txn.commit()
            .map_err(|e| Error::embedded("init commit", e))?;
        return Ok(());
    }
    let format = read::meta_value(db, META_FORMAT)
        .map_err(|_| corrupt("a redb database, but not an rk store (no rk metadata)".into()))?;
    match format {
        Some(FORMAT_VERSION) => Ok(()),
        Some(v) => Err(corrupt(format!(
            "store format {v} is not supported by this rkd (expects {FORMAT_VERSION})"
        ))),
        None => Err(corrupt(
            "a redb database, but not an rk store (no rk metadata)".into(),
        )),
    }
}
