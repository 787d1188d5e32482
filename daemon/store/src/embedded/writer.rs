//! The single writer: group commit, revisions, events, compaction steps.
//!
//! The writer owns the revision counter. It drains every waiting request into one batch, applies
//! them in arrival order inside one write transaction, commits (one fsync), then answers and
//! publishes. A failed commit fails the whole batch and rolls the counter back: nothing was
//! acknowledged and nothing was published, so no one saw a revision that is not on disk.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use bytes::Bytes;
use redb::{ReadableTable, Table, WriteTransaction};
use tokio::sync::{mpsc, oneshot};

use super::codec::{
    Current, LogEntry, decode_current, decode_log_links, encode_current, encode_log,
};
use super::{EXPIRY, KV, LOG, META, META_COMPACT_DONE, META_COMPACTED, META_REVISION, Shared};
use crate::error::{Error, Result};
use crate::types::{KeyValue, Revision, WatchEvent};

pub(crate) enum Op {
    Create {
        key: String,
        value: Bytes,
        expires_at_ms: u64,
    },
    Update {
        key: String,
        value: Bytes,
        expected: Revision,
        expires_at_ms: u64,
    },
    Delete {
        key: String,
        expected: Option<Revision>,
    },
    /// Delete `key` if it still has `mod_revision` (its TTL ran out).
    Expire {
        key: String,
        mod_revision: Revision,
    },
    Compact {
        revision: Revision,
    },
    Shutdown,
}

#[derive(Debug)]
pub(crate) enum Outcome {
    Put(KeyValue),
    Deleted(KeyValue, Revision),
    Done,
}

pub(crate) fn unexpected(o: Outcome) -> Error {
    Error::CommitFailed {
        detail: format!("internal: unexpected writer outcome {o:?}"),
    }
}

pub(crate) struct Request {
    pub op: Op,
    pub reply: Option<oneshot::Sender<Result<Outcome>>>,
}

pub(crate) struct Writer {
    shared: Arc<Shared>,
    max_batch: usize,
    compaction_chunk: usize,
    /// Log entries below this revision have been visited by compaction.
    compact_done: Revision,
}

struct Tables<'t> {
    kv: Table<'t, &'static str, &'static [u8]>,
    log: Table<'t, u64, &'static [u8]>,
    expiry: Table<'t, (u64, &'static str), i64>,
}

/// A fatal storage error inside a batch: the batch is abandoned.
struct Fatal(Error);

fn fatal(op: &'static str) -> impl Fn(redb::StorageError) -> Fatal {
    move |e| Fatal(Error::embedded(op, e))
}

impl Writer {
    pub(crate) fn new(
        shared: Arc<Shared>,
        max_batch: usize,
        compaction_chunk: usize,
        compact_done: Revision,
    ) -> Self {
        Writer {
            shared,
            max_batch: max_batch.max(1),
            compaction_chunk: compaction_chunk.max(1),
            compact_done,
        }
    }

    pub(crate) fn run(mut self, mut rx: mpsc::Receiver<Request>) {
        let mut batch = Vec::with_capacity(self.max_batch);
        loop {
            let compaction_pending =
                self.compact_done < self.shared.compacted.load(Ordering::Acquire);
            let first = if compaction_pending {
                match rx.try_recv() {
                    Ok(r) => r,
                    Err(mpsc::error::TryRecvError::Empty) => {
                        self.compaction_step();
                        continue;
                    }
                    Err(mpsc::error::TryRecvError::Disconnected) => return,
                }
            } else {
                match rx.blocking_recv() {
                    Some(r) => r,
                    None => return,
                }
            };
            batch.push(first);
            while batch.len() < self.max_batch {
                match rx.try_recv() {
                    Ok(r) => batch.push(r),
                    Err(_) => break,
                }
            }
            let shutdown = self.commit_batch(&mut batch);
            if shutdown {
                return;
            }
            // Under steady load the queue is never empty: take a compaction step between batches.
            if compaction_pending {
                self.compaction_step();
            }
        }
    }

    /// Applies and commits one batch; answers every request in it. Returns true on shutdown.
    fn commit_batch(&mut self, batch: &mut Vec<Request>) -> bool {
        let start_rev = self.shared.revision.load(Ordering::Acquire);
        let mut rev = start_rev;
        let mut events = Vec::with_capacity(batch.len());
        let mut outcomes: Vec<Result<Outcome>> = Vec::with_capacity(batch.len());
        let mut shutdown = false;
        let mut new_compacted = None;

        let committed = (|| -> Result<(), Fatal> {
            let mut txn = self
                .shared
                .db
                .begin_write()
                .map_err(|e| Fatal(Error::embedded("begin write", e)))?;
            txn.set_quick_repair(true);
            {
                let mut t = open_tables(&txn)?;
                for req in batch.iter_mut() {
                    let outcome = match std::mem::replace(&mut req.op, Op::Shutdown) {
                        Op::Create {
                            key,
                            value,
                            expires_at_ms,
                        } => put(
                            &mut t,
                            &mut rev,
                            key,
                            value,
                            None,
                            expires_at_ms,
                            &mut events,
                        )?,
                        Op::Update {
                            key,
                            value,
                            expected,
                            expires_at_ms,
                        } => put(
                            &mut t,
                            &mut rev,
                            key,
                            value,
                            Some(expected),
                            expires_at_ms,
                            &mut events,
                        )?,
                        Op::Delete { key, expected } => {
                            delete(&mut t, &mut rev, key, expected, &mut events)?
                        }
                        Op::Expire { key, mod_revision } => {
                            let r = delete(&mut t, &mut rev, key, Some(mod_revision), &mut events)?;
                            r.map(|_| Outcome::Done)
                        }
                        Op::Compact { revision } => {
                            let compacted = new_compacted
                                .unwrap_or(self.shared.compacted.load(Ordering::Acquire));
                            if revision > rev {
                                Err(Error::FutureRevision {
                                    requested: revision,
                                    current: rev,
                                })
                            } else if revision <= compacted {
                                Err(Error::Compacted {
                                    requested: revision,
                                    compacted,
                                })
                            } else {
                                new_compacted = Some(revision);
                                Ok(Outcome::Done)
                            }
                        }
                        Op::Shutdown => {
                            shutdown = true;
                            Ok(Outcome::Done)
                        }
                    };
                    outcomes.push(outcome);
                }
            }
            {
                let mut meta = txn
                    .open_table(META)
                    .map_err(|e| Fatal(Error::embedded("open meta", e)))?;
                meta.insert(META_REVISION, rev)
                    .map_err(fatal("write revision"))?;
                if let Some(c) = new_compacted {
                    meta.insert(META_COMPACTED, c)
                        .map_err(fatal("write compacted revision"))?;
                }
            }
            txn.commit()
                .map_err(|e| Fatal(Error::embedded("commit", e)))?;
            Ok(())
        })();

        match committed {
            Ok(()) => {
                if let Some(c) = new_compacted {
                    self.shared.compacted.store(c, Ordering::Release);
                }
                self.shared.revision.store(rev, Ordering::Release);
                if rev != start_rev {
                    self.shared.hub.publish(&events, rev);
                }
                for (req, outcome) in batch.drain(..).zip(outcomes) {
                    if let Some(reply) = req.reply {
                        let _ = reply.send(outcome);
                    }
                }
            }
            Err(Fatal(e)) => {
                tracing::error!(error = %e, path = %self.shared.path.display(), "store commit failed; batch rejected");
                let msg = e.to_string();
                for req in batch.drain(..) {
                    if let Some(reply) = req.reply {
                        let _ = reply.send(Err(Error::CommitFailed {
                            detail: msg.clone(),
                        }));
                    }
                }
            }
        }
        shutdown
    }

    /// Removes, for up to `compaction_chunk` log entries below the compacted revision, the
    /// versions they superseded, and the entries themselves if they are deletions.
    fn compaction_step(&mut self) {
        let target = self.shared.compacted.load(Ordering::Acquire);
        let result = (|| -> Result<Revision, Fatal> {
            let mut txn = self
                .shared
                .db
                .begin_write()
                .map_err(|e| Fatal(Error::embedded("begin write", e)))?;
            txn.set_quick_repair(true);
            let done;
            {
                let mut log = txn
                    .open_table(LOG)
                    .map_err(|e| Fatal(Error::embedded("open log", e)))?;
                let mut visited = Vec::with_capacity(self.compaction_chunk);
                for item in log
                    .range(self.compact_done as u64..target as u64)
                    .map_err(fatal("compaction range"))?
                {
                    let (rev, entry) = item.map_err(fatal("compaction read"))?;
                    if let Some((deleted, prev)) = decode_log_links(entry.value()) {
                        visited.push((rev.value(), deleted, prev));
                    }
                    if visited.len() >= self.compaction_chunk {
                        break;
                    }
                }
                done = match visited.last() {
                    Some((last, ..)) if visited.len() >= self.compaction_chunk => {
                        *last as Revision + 1
                    }
                    _ => target,
                };
                for (rev, deleted, prev) in visited {
                    if prev > 0 {
                        log.remove(prev as u64)
                            .map_err(fatal("compaction remove"))?;
                    }
                    if deleted {
                        log.remove(rev).map_err(fatal("compaction remove"))?;
                    }
                }
                let mut meta = txn
                    .open_table(META)
                    .map_err(|e| Fatal(Error::embedded("open meta", e)))?;
                meta.insert(META_COMPACT_DONE, done)
                    .map_err(fatal("write compaction progress"))?;
            }
            txn.commit()
                .map_err(|e| Fatal(Error::embedded("commit", e)))?;
            Ok(done)
        })();
        match result {
            Ok(done) => self.compact_done = done,
            Err(Fatal(e)) => {
                tracing::error!(error = %e, "compaction step failed; will retry");
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
}

fn open_tables<'t>(txn: &'t WriteTransaction) -> Result<Tables<'t>, Fatal> {
    let open = |e: redb::TableError| Fatal(Error::embedded("open table", e));
    Ok(Tables {
        kv: txn.open_table(KV).map_err(open)?,
        log: txn.open_table(LOG).map_err(open)?,
        expiry: txn.open_table(EXPIRY).map_err(open)?,
    })
}

fn current(t: &Tables<'_>, key: &str) -> Result<Option<Current>, Fatal> {
    let Some(raw) = t.kv.get(key).map_err(fatal("read key"))? else {
        return Ok(None);
    };
    decode_current(raw.value()).map(Some).ok_or_else(|| {
        Fatal(Error::DamagedRow {
            table: "kv",
            detail: format!("key {key:?}"),
        })
    })
}

fn put(
    t: &mut Tables<'_>,
    rev: &mut Revision,
    key: String,
    value: Bytes,
    expected: Option<Revision>,
    expires_at_ms: u64,
    events: &mut Vec<WatchEvent>,
) -> Result<Result<Outcome>, Fatal> {
    let cur = current(t, &key)?;
    match (&cur, expected) {
        (Some(_), None) => return Ok(Err(Error::AlreadyExists { key })),
        (None, Some(_)) => return Ok(Err(Error::NotFound { key })),
        (Some(c), Some(exp)) if c.mod_revision != exp => {
            let current = cur.map(|c| Box::new(c.into_kv(key.clone())));
            return Ok(Err(Error::Conflict {
                key,
                expected: exp,
                current,
            }));
        }
        _ => {}
    }
    *rev += 1;
    let create_revision = cur.as_ref().map_or(*rev, |c| c.create_revision);
    let prev_revision = cur.as_ref().map_or(0, |c| c.mod_revision);
    if let Some(c) = &cur
        && c.expires_at_ms > 0
    {
        t.expiry
            .remove((c.expires_at_ms, key.as_str()))
            .map_err(fatal("remove expiry"))?;
    }
    if expires_at_ms > 0 {
        t.expiry
            .insert((expires_at_ms, key.as_str()), *rev)
            .map_err(fatal("write expiry"))?;
    }
    let entry = LogEntry {
        deleted: false,
        key,
        create_revision,
        prev_revision,
        value,
    };
    t.log
        .insert(*rev as u64, encode_log(&entry).as_slice())
        .map_err(fatal("append log"))?;
    let now = Current {
        create_revision,
        mod_revision: *rev,
        expires_at_ms,
        value: entry.value,
    };
    t.kv.insert(entry.key.as_str(), encode_current(&now).as_slice())
        .map_err(fatal("write key"))?;
    let kv = now.into_kv(entry.key);
    let prev = cur.map(|c| c.into_kv(kv.key.clone()));
    events.push(WatchEvent::Put {
        kv: kv.clone(),
        prev,
    });
    Ok(Ok(Outcome::Put(kv)))
}

fn delete(
    t: &mut Tables<'_>,
    rev: &mut Revision,
    key: String,
    expected: Option<Revision>,
    events: &mut Vec<WatchEvent>,
) -> Result<Result<Outcome>, Fatal> {
    let Some(cur) = current(t, &key)? else {
        return Ok(Err(Error::NotFound { key }));
    };
    if let Some(exp) = expected
        && cur.mod_revision != exp
    {
        let current = Some(Box::new(cur.into_kv(key.clone())));
        return Ok(Err(Error::Conflict {
            key,
            expected: exp,
            current,
        }));
    }
    *rev += 1;
    if cur.expires_at_ms > 0 {
        t.expiry
            .remove((cur.expires_at_ms, key.as_str()))
            .map_err(fatal("remove expiry"))?;
    }
    let entry = LogEntry {
        deleted: true,
        key,
        create_revision: cur.create_revision,
        prev_revision: cur.mod_revision,
        value: Bytes::new(),
    };
    t.log
        .insert(*rev as u64, encode_log(&entry).as_slice())
        .map_err(fatal("append log"))?;
    t.kv.remove(entry.key.as_str())
        .map_err(fatal("remove key"))?;
    let prev = cur.into_kv(entry.key.clone());
    events.push(WatchEvent::Delete {
        key: entry.key,
        revision: *rev,
        prev: Some(prev.clone()),
    });
    Ok(Ok(Outcome::Deleted(prev, *rev)))
}
