//! Reads: each runs in one redb read transaction, a consistent snapshot, so the revision it
//! reports and the data it returns always belong together.
//!
//! A read at an older revision R starts from the live keys and undoes what changed after R: the
//! first log entry after R for a key names the version that was live at R (`prev_revision`).

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::atomic::Ordering;

use redb::{ReadOnlyTable, ReadTransaction, ReadableDatabase};

use super::codec::{decode_current, decode_log};
use super::{EXPIRY, KV, LOG, META, META_COMPACT_DONE, META_COMPACTED, META_REVISION, Shared};
use crate::error::{Error, Result};
use crate::types::{KeyValue, RangeRequest, RangeResponse, Revision, WatchEvent};

fn begin(db: &redb::Database) -> Result<ReadTransaction> {
    db.begin_read()
        .map_err(|e| Error::embedded("begin read", e))
}

fn table<K: redb::Key + 'static, V: redb::Value + 'static>(
    txn: &ReadTransaction,
    def: redb::TableDefinition<K, V>,
) -> Result<ReadOnlyTable<K, V>> {
    txn.open_table(def)
        .map_err(|e| Error::embedded("open table", e))
}

fn snapshot_revision(txn: &ReadTransaction) -> Result<Revision> {
    let meta = table(txn, META)?;
    let rev = meta
        .get(META_REVISION)
        .map_err(|e| Error::embedded("read revision", e))?;
    Ok(rev.map_or(1, |g| g.value()))
}

pub(crate) fn meta_value(db: &redb::Database, key: &str) -> Result<Option<i64>> {
    let txn = begin(db)?;
    let meta = table(&txn, META)?;
    Ok(meta
        .get(key)
        .map_err(|e| Error::embedded("read meta", e))?
        .map(|g| g.value()))
}

/// (current revision, compacted revision, compaction progress) as stored.
pub(crate) fn meta_revisions(db: &redb::Database) -> Result<(Revision, Revision, Revision)> {
    let txn = begin(db)?;
    let meta = table(&txn, META)?;
    let get = |k: &str| -> Result<Revision> {
        Ok(meta
            .get(k)
            .map_err(|e| Error::embedded("read meta", e))?
            .map_or(1, |g| g.value()))
    };
    Ok((
        get(META_REVISION)?,
        get(META_COMPACTED)?,
        get(META_COMPACT_DONE)?,
    ))
}

fn damaged(table: &'static str, detail: impl std::fmt::Display) -> Error {
    Error::DamagedRow {
        table,
        detail: detail.to_string(),
    }
}

pub(crate) fn get(db: &redb::Database, key: &str) -> Result<(Option<KeyValue>, Revision)> {
    let txn = begin(db)?;
    let rev = snapshot_revision(&txn)?;
    let kv = table(&txn, KV)?;
    let found = kv.get(key).map_err(|e| Error::embedded("read key", e))?;
    let found = match found {
        Some(raw) => Some(
            decode_current(raw.value())
                .ok_or_else(|| damaged("kv", key))?
                .into_kv(key.to_string()),
        ),
        None => None,
    };
    Ok((found, rev))
}

pub(crate) fn count(db: &redb::Database, prefix: &str) -> Result<(u64, Revision)> {
    let txn = begin(db)?;
    let rev = snapshot_revision(&txn)?;
    let kv = table(&txn, KV)?;
    let mut n = 0u64;
    for item in kv
        .range::<&str>(prefix..)
        .map_err(|e| Error::embedded("range", e))?
    {
        let (k, _) = item.map_err(|e| Error::embedded("range", e))?;
        if !k.value().starts_with(prefix) {
            break;
        }
        n += 1;
    }
    Ok((n, rev))
}

/// The version of a key recorded by the log entry at `revision` (a put).
fn version_at(
    log: &ReadOnlyTable<u64, &'static [u8]>,
    key: &str,
    revision: Revision,
) -> Result<Option<KeyValue>> {
    let Some(raw) = log
        .get(revision as u64)
        .map_err(|e| Error::embedded("read log", e))?
    else {
        return Ok(None);
    };
    let e = decode_log(raw.value()).ok_or_else(|| damaged("log", revision))?;
    Ok((!e.deleted).then(|| KeyValue {
        key: key.to_string(),
        value: e.value,
        create_revision: e.create_revision,
        mod_revision: revision,
    }))
}

pub(crate) fn range(shared: &Shared, req: &RangeRequest) -> Result<RangeResponse> {
    let txn = begin(&shared.db)?;
    let current = snapshot_revision(&txn)?;
    let at = if req.revision <= 0 {
        current
    } else {
        req.revision
    };
    if at > current {
        return Err(Error::FutureRevision {
            requested: at,
            current,
        });
    }
    let compacted = shared.compacted.load(Ordering::Acquire);
    if at < compacted {
        return Err(Error::Compacted {
            requested: at,
            compacted,
        });
    }
    let prefix = req.prefix.as_str();
    let after = req.start_after.as_deref().filter(|k| *k >= prefix);
    let in_range = |k: &str| k.starts_with(prefix) && after.is_none_or(|a| k > a);

    // Keys changed after `at`: their version at `at` (None = absent then).
    let mut undo: BTreeMap<String, Option<KeyValue>> = BTreeMap::new();
    let log = table(&txn, LOG)?;
    if at < current {
        for item in log
            .range((at + 1) as u64..)
            .map_err(|e| Error::embedded("range log", e))?
        {
            let (rev, raw) = item.map_err(|e| Error::embedded("range log", e))?;
            let e = decode_log(raw.value()).ok_or_else(|| damaged("log", rev.value()))?;
            if !in_range(&e.key) || undo.contains_key(&e.key) {
                continue;
            }
            let before = if e.prev_revision > 0 {
                version_at(&log, &e.key, e.prev_revision)?
            } else {
                None
            };
            undo.insert(e.key, before);
        }
    }

    let kv = table(&txn, KV)?;
    let start = match after {
        Some(a) => Bound::Excluded(a),
        None => Bound::Included(prefix),
    };
    let mut live = kv
        .range::<&str>((start, Bound::Unbounded))
        .map_err(|e| Error::embedded("range", e))?;
    let mut live_next = || -> Result<Option<KeyValue>> {
        match live.next() {
            None => Ok(None),
            Some(item) => {
                let (k, v) = item.map_err(|e| Error::embedded("range", e))?;
                let key = k.value();
                if !key.starts_with(prefix) {
                    return Ok(None);
                }
                Ok(Some(
                    decode_current(v.value())
                        .ok_or_else(|| damaged("kv", key))?
                        .into_kv(key.to_string()),
                ))
            }
        }
    };

    let limit = if req.limit == 0 {
        usize::MAX
    } else {
        req.limit
    };
    let mut kvs = Vec::new();
    let mut more = false;
    let mut undo_iter = undo.into_iter().peekable();
    let mut next_live = live_next()?;
    loop {
        // Merge live keys (not changed since `at`) with the undone versions, in key order.
        let take_undo = match (&next_live, undo_iter.peek()) {
            (None, None) => break,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (Some(l), Some((k, _))) => k.as_str() <= l.key.as_str(),
        };
        let item = if take_undo {
            let (k, before) = undo_iter.next().ok_or_else(|| damaged("log", "merge"))?;
            if next_live.as_ref().is_some_and(|l| l.key == k) {
                next_live = live_next()?;
            }
            before
        } else {
            let l = next_live.take();
            next_live = live_next()?;
            l
        };
        let Some(item) = item else { continue };
        if kvs.len() == limit {
            more = true;
            break;
        }
        kvs.push(item);
    }
    drop(txn);
    // A compaction that finished while we read may have removed versions we needed.
    let compacted = shared.compacted.load(Ordering::Acquire);
    if at < compacted {
        return Err(Error::Compacted {
            requested: at,
            compacted,
        });
    }
    Ok(RangeResponse {
        kvs,
        more,
        revision: at,
    })
}

/// The changes under `prefix` with revisions in `from..=through`, as watch events.
pub(crate) fn history(
    shared: &Shared,
    prefix: &str,
    from: Revision,
    through: Revision,
) -> Result<Vec<WatchEvent>> {
    let txn = begin(&shared.db)?;
    let log = table(&txn, LOG)?;
    let mut events = Vec::new();
    for item in log
        .range(from as u64..=through as u64)
        .map_err(|e| Error::embedded("range log", e))?
    {
        let (rev, raw) = item.map_err(|e| Error::embedded("range log", e))?;
        let rev = rev.value() as Revision;
        let e = decode_log(raw.value()).ok_or_else(|| damaged("log", rev))?;
        if !e.key.starts_with(prefix) {
            continue;
        }
        let prev = if e.prev_revision > 0 {
            version_at(&log, &e.key, e.prev_revision)?
        } else {
            None
        };
        events.push(if e.deleted {
            WatchEvent::Delete {
                key: e.key,
                revision: rev,
                prev,
            }
        } else {
            let kv = KeyValue {
                key: e.key,
                value: e.value,
                create_revision: e.create_revision,
                mod_revision: rev,
            };
            WatchEvent::Put { kv, prev }
        });
    }
    drop(txn);
    let compacted = shared.compacted.load(Ordering::Acquire);
    if from < compacted {
        return Err(Error::Compacted {
            requested: from,
            compacted,
        });
    }
    Ok(events)
}

/// Keys whose TTL ran out by `now_ms`, with the revision they expire at (at most `max`).
pub(crate) fn due_expiries(
    db: &redb::Database,
    now_ms: u64,
    max: usize,
) -> Result<Vec<(String, Revision)>> {
    let txn = begin(db)?;
    let expiry = table(&txn, EXPIRY)?;
    let mut due = Vec::new();
    for item in expiry
        .range((0u64, "")..(now_ms + 1, ""))
        .map_err(|e| Error::embedded("range expiry", e))?
    {
        let (k, rev) = item.map_err(|e| Error::embedded("range expiry", e))?;
        due.push((k.value().1.to_string(), rev.value()));
        if due.len() >= max {
            break;
        }
    }
    Ok(due)
}
