//! Forwards an etcd watch into a [`WatchStream`], and keeps it going when the gRPC stream breaks.
//!
//! One task per watch reads etcd's responses and offers each event to the watcher's bounded
//! queue. When the stream errors or ends (etcd restarted, connection lost) the task opens a new
//! etcd watch from the revision after the last one it delivered, so the consumer sees neither a
//! gap nor a duplicate. It gives up, ending the stream with the error, after [`RETRY_FOR`] of
//! failed attempts, and it ends the stream with [`Error::Compacted`] when etcd cancels the watch
//! because the revision it needs is gone.

use std::time::Duration;

use etcd_client::{EventType, WatchClient, WatchOptions, WatchResponse};
use tokio::time::Instant;

use super::EtcdStore;
use crate::error::{Error, Result};
use crate::types::{KeyValue, Revision, WatchEvent};
use crate::watch::{DEFAULT_WATCH_CAPACITY, WatchSender, WatchStream, channel};

/// First wait before re-opening a broken watch; doubles up to [`RETRY_MAX`].
const RETRY_FIRST: Duration = Duration::from_millis(100);
const RETRY_MAX: Duration = Duration::from_secs(2);
/// How long re-opening may keep failing before the stream ends with the error.
const RETRY_FOR: Duration = Duration::from_secs(30);
/// How long one attempt to open a watch may take (a member that accepts but never answers).
const OPEN_TIMEOUT: Duration = Duration::from_secs(5);
/// How often an idle watch checks whether its consumer is gone.
const CLOSED_CHECK: Duration = Duration::from_secs(1);
/// How long to wait for etcd to cancel a watch from a revision known to be compacted.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// An open etcd watch.
struct Opened {
    stream: etcd_client::WatchStream,
    watch_id: i64,
    /// The revision etcd was at when it created the watch.
    revision: Revision,
}

/// Why opening a watch failed: worth retrying (transport), or final (etcd refused the watch).
enum OpenError {
    Retry(Error),
    Final(Error),
}

/// What the forwarding task does after one response.
enum Flow {
    Continue,
    /// The consumer is gone (dropped its stream, or just fell too far behind).
    Stop,
    Fail(Error),
}

/// The etcd range one watch covers, and how to reopen it.
struct Target {
    store: EtcdStore,
    key: Vec<u8>,
    end: Vec<u8>,
}

impl EtcdStore {
    /// Opens the etcd watch (so a write made after this returns is seen) and spawns the task
    /// that forwards it.
    pub(super) async fn watch_stream(&self, prefix: &str, from: Revision) -> Result<WatchStream> {
        let (key, end) = self.prefix_range(prefix);
        let target = Target {
            store: self.clone(),
            key,
            end,
        };
        let start = from.max(0);
        let opened = match target.open(start).await {
            Ok(opened) => opened,
            Err(OpenError::Retry(e) | OpenError::Final(e)) => return Err(e),
        };
        // Everything up to here is delivered: the revision before `from`, or etcd's current one.
        let last = if start > 0 {
            start - 1
        } else {
            opened.revision
        };
        let (sender, stream) = channel(DEFAULT_WATCH_CAPACITY);
        tokio::spawn(target.forward(sender, opened, last));
        Ok(stream)
    }
}

impl Target {
    fn client(&self) -> WatchClient {
        self.store.inner.watch.clone()
    }

    /// Opens an etcd watch from `start` (0 = now) and waits for etcd to confirm it.
    async fn open(&self, start: Revision) -> std::result::Result<Opened, OpenError> {
        let options = WatchOptions::new()
            .with_range(self.end.clone())
            .with_prev_key()
            .with_progress_notify()
            .with_start_revision(start);
        let opening = async {
            let mut stream = self
                .client()
                .watch(self.key.clone(), Some(options))
                .await
                .map_err(|e| OpenError::Retry(Error::etcd("watch", e)))?;
            loop {
                match stream.message().await {
                    Err(e) => return Err(OpenError::Retry(Error::etcd("watch", e))),
                    Ok(None) => return Err(OpenError::Retry(stream_ended())),
                    Ok(Some(resp)) if resp.created() => {
                        if resp.canceled() {
                            return Err(OpenError::Final(cancel_error(&resp, start)));
                        }
                        let revision = resp.header().map_or(0, |h| h.revision());
                        return Ok(Opened {
                            stream,
                            watch_id: resp.watch_id(),
                            revision,
                        });
                    }
                    // Nothing else comes before the creation is confirmed; skip it if it does.
                    Ok(Some(_)) => {}
                }
            }
        };
        match tokio::time::timeout(OPEN_TIMEOUT, opening).await {
            Ok(result) => result,
            Err(_) => Err(OpenError::Retry(Error::EtcdResponse {
                op: "watch",
                detail: format!(
                    "etcd did not confirm the watch within {}s",
                    OPEN_TIMEOUT.as_secs()
                ),
            })),
        }
    }

    /// The task: forwards responses until the consumer leaves or the watch cannot go on.
    /// `last` is the newest revision the consumer has seen all events of.
    async fn forward(self, sender: WatchSender, mut opened: Opened, mut last: Revision) {
        let mut check = tokio::time::interval(CLOSED_CHECK);
        check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let message = tokio::select! {
                message = opened.stream.message() => message,
                _ = check.tick() => {
                    if sender.is_closed() {
                        break;
                    }
                    continue;
                }
            };
            let broken = match message {
                Ok(Some(resp)) => match self.deliver(&sender, &resp, &mut last) {
                    Flow::Continue => continue,
                    Flow::Stop => break,
                    Flow::Fail(e) => return sender.fail(e),
                },
                Ok(None) => stream_ended(),
                Err(e) => Error::etcd("watch", e),
            };
            tracing::debug!(error = %broken, resume_from = last + 1, "etcd watch broke; re-opening");
            match self.reopen(&sender, last + 1).await {
                Ok(Some(reopened)) => opened = reopened,
                Ok(None) => return,
                Err(e) => return sender.fail(e),
            }
        }
        // Best effort: dropping the stream cancels the watch anyway.
        let _ = opened.stream.cancel(opened.watch_id).await;
    }

    /// Hands one etcd response to the consumer.
    fn deliver(&self, sender: &WatchSender, resp: &WatchResponse, last: &mut Revision) -> Flow {
        if resp.canceled() {
            return Flow::Fail(cancel_error(resp, *last + 1));
        }
        if resp.created() {
            return Flow::Continue;
        }
        if resp.events().is_empty() {
            // A progress notification. etcd 3.4 may report one below where a watch from a
            // future revision started: those are dropped, as they would go backwards.
            let revision = resp.header().map_or(0, |h| h.revision());
            if revision >= *last {
                *last = revision;
                if !sender.offer(WatchEvent::Progress { revision }) {
                    return Flow::Stop;
                }
            }
            return if sender.is_closed() {
                Flow::Stop
            } else {
                Flow::Continue
            };
        }
        // Events at or below what was delivered are repeats; one revision never spans responses.
        let floor = *last;
        for ev in resp.events() {
            let Some(kv) = ev.kv() else { continue };
            let revision = kv.mod_revision();
            if revision <= floor {
                continue;
            }
            let event = match self.translate(ev) {
                Ok(event) => event,
                Err(e) => return Flow::Fail(e),
            };
            if !sender.offer(event) {
                return Flow::Stop;
            }
            *last = (*last).max(revision);
        }
        if sender.is_closed() {
            Flow::Stop
        } else {
            Flow::Continue
        }
    }

    fn translate(&self, ev: &etcd_client::Event) -> Result<WatchEvent> {
        let convert = |kv: &etcd_client::KeyValue| -> Result<KeyValue> {
            Ok(KeyValue {
                key: self.store.user_key("watch", kv.key().to_vec())?,
                value: bytes::Bytes::copy_from_slice(kv.value()),
                create_revision: kv.create_revision(),
                mod_revision: kv.mod_revision(),
            })
        };
        let kv = ev.kv().ok_or_else(|| Error::EtcdResponse {
            op: "watch",
            detail: "event without a key".into(),
        })?;
        let prev = ev.prev_kv().map(convert).transpose()?;
        Ok(match ev.event_type() {
            EventType::Put => WatchEvent::Put {
                kv: convert(kv)?,
                prev,
            },
            // A delete event's kv holds the key and, as mod revision, the revision of the delete.
            EventType::Delete => WatchEvent::Delete {
                key: self.store.user_key("watch", kv.key().to_vec())?,
                revision: kv.mod_revision(),
                prev,
            },
        })
    }

    /// Re-opens the watch from `start`, with backoff. `Ok(None)`: the consumer left meanwhile.
    async fn reopen(&self, sender: &WatchSender, start: Revision) -> Result<Option<Opened>> {
        let give_up = Instant::now() + RETRY_FOR;
        let mut delay = RETRY_FIRST;
        loop {
            tokio::time::sleep(delay).await;
            if sender.is_closed() {
                return Ok(None);
            }
            let error = match self.open(start).await {
                Ok(opened) => {
                    tracing::debug!(start, "etcd watch re-opened");
                    return Ok(Some(opened));
                }
                Err(OpenError::Final(e)) => return Err(e),
                Err(OpenError::Retry(e)) => e,
            };
            if Instant::now() >= give_up {
                tracing::warn!(error = %error, start, "etcd watch could not be re-opened; ending it");
                return Err(error);
            }
            delay = (delay * 2).min(RETRY_MAX);
        }
    }
}

fn stream_ended() -> Error {
    Error::EtcdResponse {
        op: "watch",
        detail: "etcd closed the watch stream".into(),
    }
}

/// The error for a watch etcd cancelled; `requested` is the revision it had to start from.
fn cancel_error(resp: &WatchResponse, requested: Revision) -> Error {
    if resp.compact_revision() > 0 {
        return Error::Compacted {
            requested,
            compacted: resp.compact_revision(),
        };
    }
    let reason = resp.cancel_reason();
    Error::EtcdResponse {
        op: "watch",
        detail: if reason.is_empty() {
            "etcd cancelled the watch".into()
        } else {
            reason.to_string()
        },
    }
}

/// Where etcd's history starts, given a revision known to be compacted: etcd cancels a watch
/// from there and says where it starts (it has no other way to tell).
pub(super) async fn compaction_point(
    client: WatchClient,
    key: Vec<u8>,
    below: Revision,
) -> Result<Revision> {
    let probe = async {
        let mut client = client;
        let options = WatchOptions::new().with_start_revision(below);
        let mut stream = client
            .watch(key, Some(options))
            .await
            .map_err(|e| Error::etcd("compacted revision", e))?;
        loop {
            match stream
                .message()
                .await
                .map_err(|e| Error::etcd("compacted revision", e))?
            {
                Some(resp) if resp.compact_revision() > 0 => return Ok(resp.compact_revision()),
                Some(resp) if resp.canceled() => return Err(cancel_error(&resp, below)),
                Some(_) => {}
                None => return Err(stream_ended()),
            }
        }
    };
    tokio::time::timeout(PROBE_TIMEOUT, probe)
        .await
        .unwrap_or_else(|_| {
            Err(Error::EtcdResponse {
                op: "compacted revision",
                detail: format!(
                    "etcd did not report its compaction within {}s",
                    PROBE_TIMEOUT.as_secs()
                ),
            })
        })
}
