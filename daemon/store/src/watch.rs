//! Watch streams and the in-process fan-out.
//!
//! Every watcher owns a bounded queue. Producers never wait on a watcher: when its queue is full
//! the watcher is closed and its stream ends with [`Error::WatcherTooSlow`], so memory stays
//! bounded and no event is ever lost silently — the client relists and watches again.
//!
//! [`Hub`] is the embedded backend's fan-out: the writer publishes each committed batch once and
//! the hub offers it to every watcher whose prefix matches. The etcd backend feeds the same
//! [`WatchStream`] from its gRPC stream through a [`WatchSender`].

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use tokio::sync::mpsc;

use crate::error::{Error, Result};
use crate::types::{Revision, WatchEvent};

/// Events a watcher may have queued before it counts as too slow.
pub const DEFAULT_WATCH_CAPACITY: usize = 4096;

/// Why a watch stream ended, set by the producer before it drops its sender.
#[derive(Default)]
struct Ending {
    error: Mutex<Option<Error>>,
}

impl Ending {
    fn set(&self, e: Error) {
        let mut slot = self.error.lock().unwrap_or_else(PoisonError::into_inner);
        slot.get_or_insert(e);
    }
    fn take(&self) -> Option<Error> {
        self.error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

/// The producing half of a watch.
pub(crate) struct WatchSender {
    tx: mpsc::Sender<WatchEvent>,
    ending: Arc<Ending>,
    capacity: usize,
}

impl WatchSender {
    /// Offers one event. Returns false when the watcher is gone: closed by its reader, or just
    /// now closed because its queue is full.
    pub(crate) fn offer(&self, ev: WatchEvent) -> bool {
        match self.tx.try_send(ev) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Full(_)) => {
                self.ending.set(Error::WatcherTooSlow {
                    capacity: self.capacity,
                });
                false
            }
            Err(mpsc::error::TrySendError::Closed(_)) => false,
        }
    }

    /// True when nothing is queued (used to send progress notifications only to idle watchers).
    pub(crate) fn is_idle(&self) -> bool {
        self.tx.capacity() == self.tx.max_capacity()
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }

    /// Ends the stream with an error.
    pub(crate) fn fail(self, e: Error) {
        self.ending.set(e);
    }
}

/// The events of one watch, in revision order. Ends with an `Err` item when the producer had to
/// close it (too slow, compacted, backend lost), then `None`.
pub struct WatchStream {
    replay: VecDeque<WatchEvent>,
    rx: mpsc::Receiver<WatchEvent>,
    ending: Arc<Ending>,
    /// Live events at or below this revision were already delivered by the replay.
    replayed_through: Revision,
    done: bool,
}

/// A new watch channel with room for `capacity` queued events.
pub(crate) fn channel(capacity: usize) -> (WatchSender, WatchStream) {
    let (tx, rx) = mpsc::channel(capacity.max(1));
    let ending = Arc::new(Ending::default());
    (
        WatchSender {
            tx,
            ending: ending.clone(),
            capacity,
        },
        WatchStream {
            replay: VecDeque::new(),
            rx,
            ending,
            replayed_through: 0,
            done: false,
        },
    )
}

impl WatchStream {
    /// Prepends events read from history (all at or below `through`); live events at or below
    /// `through` are then skipped so nothing is delivered twice.
    pub(crate) fn with_replay(mut self, events: Vec<WatchEvent>, through: Revision) -> Self {
        self.replay = events.into();
        self.replayed_through = through;
        self
    }

    /// The next event; `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<WatchEvent>> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<WatchEvent>>> {
        if self.done {
            return Poll::Ready(None);
        }
        if let Some(ev) = self.replay.pop_front() {
            return Poll::Ready(Some(Ok(ev)));
        }
        loop {
            match self.rx.poll_recv(cx) {
                Poll::Ready(Some(ev)) => {
                    let skip = match &ev {
                        WatchEvent::Progress { revision } => *revision < self.replayed_through,
                        other => other.revision() <= self.replayed_through,
                    };
                    if !skip {
                        return Poll::Ready(Some(Ok(ev)));
                    }
                }
                Poll::Ready(None) => {
                    self.done = true;
                    return Poll::Ready(self.ending.take().map(Err));
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl futures::Stream for WatchStream {
    type Item = Result<WatchEvent>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

/// The embedded backend's fan-out of committed events to watchers.
pub(crate) struct Hub {
    inner: Mutex<HubInner>,
    capacity: usize,
}

struct HubInner {
    watchers: Vec<(String, WatchSender)>,
    /// The last revision published to watchers.
    published: Revision,
}

impl Hub {
    pub(crate) fn new(published: Revision, capacity: usize) -> Self {
        Hub {
            inner: Mutex::new(HubInner {
                watchers: Vec::new(),
                published,
            }),
            capacity,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HubInner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds a watcher of `prefix`. Returns its stream and the last revision already published:
    /// the caller replays history up to that revision, live events come after it.
    pub(crate) fn register(&self, prefix: &str) -> (WatchStream, Revision) {
        let (tx, rx) = channel(self.capacity);
        let mut inner = self.lock();
        inner.watchers.push((prefix.to_string(), tx));
        (rx, inner.published)
    }

    /// Offers a committed batch (in revision order) to every matching watcher.
    pub(crate) fn publish(&self, events: &[WatchEvent], revision: Revision) {
        let mut inner = self.lock();
        inner.published = revision;
        inner.watchers.retain(|(prefix, tx)| {
            events
                .iter()
                .filter(|ev| ev.key().is_some_and(|k| k.starts_with(prefix.as_str())))
                .all(|ev| tx.offer(ev.clone()))
                && !tx.is_closed()
        });
    }

    /// Tells every idle watcher how far the store has got.
    pub(crate) fn progress(&self) {
        let mut inner = self.lock();
        let revision = inner.published;
        inner
            .watchers
            .retain(|(_, tx)| !tx.is_idle() || tx.offer(WatchEvent::Progress { revision }));
    }

    pub(crate) fn watcher_count(&self) -> usize {
        self.lock().watchers.len()
    }

    /// Ends every watch with `e` (the store is shutting down).
    pub(crate) fn close_all(&self, e: impl Fn() -> Error) {
        for (_, tx) in self.lock().watchers.drain(..) {
            tx.fail(e());
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::types::KeyValue;

    fn put(key: &str, rev: Revision) -> WatchEvent {
        WatchEvent::Put {
            kv: KeyValue {
                key: key.into(),
                value: Default::default(),
                create_revision: rev,
                mod_revision: rev,
            },
            prev: None,
        }
    }

    #[tokio::test]
    async fn full_queue_closes_watcher_with_error() {
        let hub = Hub::new(0, 2);
        let (mut w, _) = hub.register("/a/");
        for rev in 1..=3 {
            hub.publish(&[put("/a/x", rev)], rev);
        }
        assert_eq!(hub.watcher_count(), 0);
        assert_eq!(w.next().await.unwrap().unwrap().revision(), 1);
        assert_eq!(w.next().await.unwrap().unwrap().revision(), 2);
        assert!(matches!(
            w.next().await,
            Some(Err(Error::WatcherTooSlow { capacity: 2 }))
        ));
        assert!(w.next().await.is_none());
    }

    #[tokio::test]
    async fn replay_then_live_without_duplicates() {
        let hub = Hub::new(0, 8);
        let (w, _) = hub.register("/a/");
        hub.publish(&[put("/a/x", 1), put("/b/y", 2)], 2);
        hub.publish(&[put("/a/x", 3)], 3);
        let mut w = w.with_replay(vec![put("/a/x", 1)], 1);
        assert_eq!(w.next().await.unwrap().unwrap().revision(), 1);
        assert_eq!(w.next().await.unwrap().unwrap().revision(), 3);
    }

    #[tokio::test]
    async fn progress_goes_only_to_idle_watchers() {
        let hub = Hub::new(5, 8);
        let (mut idle, _) = hub.register("/a/");
        let (mut busy, _) = hub.register("/b/");
        hub.publish(&[put("/b/x", 6)], 6);
        hub.progress();
        assert_eq!(
            idle.next().await.unwrap().unwrap(),
            WatchEvent::Progress { revision: 6 }
        );
        assert_eq!(busy.next().await.unwrap().unwrap().revision(), 6);
        hub.publish(&[], 6);
        hub.close_all(|| Error::Closed);
        assert!(matches!(busy.next().await, Some(Err(Error::Closed))));
    }
}
