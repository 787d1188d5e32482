//! The fan-out from one cache to its watchers.
//!
//! Every watcher (a [`Subscriber`] on the cache's side, a [`Subscription`] on the watch task's
//! side) owns a bounded queue of shared events. The reflector offers each event without ever
//! waiting. A subscriber is cut off when its queue is full, or when the oldest event it has not
//! yet taken has left the cache's event window — then its reader learns why it [`Ended`] and
//! sends the client a 410 ERROR event ("too old resource version", as Kubernetes' watch cache
//! answers a watcher it cannot keep up), and the client relists. So a watcher that never reads
//! costs at most its queue, never slows the others down, and never keeps events alive that the
//! window has let go: however starved the server, the events held for watchers are bounded by
//! the window (`Config::window_events`, `Config::window_bytes`) plus one step of it.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};

use rk_store::Revision;
use tokio::sync::mpsc;
use tokio::sync::mpsc::error::TrySendError;
use tokio_util::sync::{CancellationToken, WaitForCancellationFuture};

use super::store::Event;

/// What a watcher receives.
pub(crate) enum Message {
    Event(Arc<Event>),
    /// The cache has every change up to this revision (a BOOKMARK, if the client wants them).
    Progress(Revision),
}

/// Why the cache ended a subscription.
#[derive(Clone, Debug, thiserror::Error)]
pub(crate) enum Ended {
    /// Its queue was full (`capacity` events), or the oldest event it had not taken
    /// (`pending`) had left the event window (which now starts after `window_from`).
    #[error(
        "watcher fell behind (more than {capacity} events queued, or its oldest queued event {pending} older than the event window from {window_from}) and was closed; relist and watch again"
    )]
    TooSlow {
        capacity: usize,
        /// The revision of the oldest event the watcher had not taken.
        pending: Revision,
        window_from: Revision,
    },
    #[error("the watch cache is reloading from the store; watch again")]
    Reset,
}

/// What both halves share: the reason, set once, a token that fires when it is set, and the
/// revision of the last event the reader took.
#[derive(Default)]
struct Ending {
    why: OnceLock<Ended>,
    cut: CancellationToken,
    taken: AtomicI64,
}

/// The cache's half of a watcher.
pub(crate) struct Subscriber {
    /// Only keys under this prefix (a namespace, or one object) are offered.
    prefix: Box<str>,
    tx: mpsc::Sender<Message>,
    ending: Arc<Ending>,
    capacity: usize,
    wants_progress: bool,
    /// The revisions of the events offered and (perhaps) not yet taken, oldest first.
    offered: VecDeque<Revision>,
}

/// The watch task's half.
pub(crate) struct Subscription {
    rx: mpsc::Receiver<Message>,
    ending: Arc<Ending>,
}

/// A watcher of keys under `prefix` with room for `capacity` queued events.
pub(crate) fn channel(
    prefix: &str,
    capacity: usize,
    wants_progress: bool,
) -> (Subscriber, Subscription) {
    let (tx, rx) = mpsc::channel(capacity.max(1));
    let ending = Arc::new(Ending::default());
    (
        Subscriber {
            prefix: prefix.into(),
            tx,
            ending: ending.clone(),
            capacity,
            wants_progress,
            offered: VecDeque::new(),
        },
        Subscription { rx, ending },
    )
}

impl Subscriber {
    /// Offers one event. False when the subscriber is gone: its reader left, or it is cut off
    /// now — its queue is full, or the oldest event it has not taken is older than the window,
    /// which starts after `window_from`.
    pub fn offer(&mut self, event: &Arc<Event>, window_from: Revision) -> bool {
        if !event.object.key.starts_with(&*self.prefix) {
            return !self.tx.is_closed();
        }
        if self.fell_out_of_window(window_from) {
            return false;
        }
        match self.tx.try_send(Message::Event(event.clone())) {
            Ok(()) => {
                self.offered.push_back(event.revision);
                true
            }
            Err(TrySendError::Full(_)) => {
                self.end(Ended::TooSlow {
                    capacity: self.capacity,
                    pending: self.offered.front().copied().unwrap_or(event.revision),
                    window_from,
                });
                false
            }
            Err(TrySendError::Closed(_)) => false,
        }
    }

    /// Forgets the events the reader has taken; when the oldest one it has not taken has left
    /// the window (which starts after `window_from`), cuts the subscriber off and says so.
    fn fell_out_of_window(&mut self, window_from: Revision) -> bool {
        let taken = self.ending.taken.load(Ordering::Acquire);
        while self.offered.front().is_some_and(|r| *r <= taken) {
            self.offered.pop_front();
        }
        if let Some(&pending) = self.offered.front()
            && pending <= window_from
        {
            self.end(Ended::TooSlow {
                capacity: self.capacity,
                pending,
                window_from,
            });
            return true;
        }
        false
    }

    /// Offers a progress notification, skipped (without cutting off) when the queue is full:
    /// the events queued will bring the watcher forward anyway. A watcher whose oldest event not
    /// taken has left the window (which starts after `window_from`) is cut off here too, so a
    /// stuck watcher that is offered no more events does not hold its queue for ever.
    pub fn offer_progress(&mut self, revision: Revision, window_from: Revision) -> bool {
        if self.fell_out_of_window(window_from) {
            return false;
        }
        if self.wants_progress
            && let Err(TrySendError::Closed(_)) = self.tx.try_send(Message::Progress(revision))
        {
            return false;
        }
        !self.tx.is_closed()
    }

    /// Ends the subscription; its reader still gets what was queued before this.
    pub fn end(&self, why: Ended) {
        let _ = self.ending.why.set(why);
        self.ending.cut.cancel();
    }
}

impl Subscription {
    /// The next message; None once the cache has ended the subscription (see [`Self::ended`])
    /// or dropped it.
    pub async fn recv(&mut self) -> Option<Message> {
        let message = self.rx.recv().await;
        if let Some(Message::Event(ev)) = &message {
            self.ending.taken.store(ev.revision, Ordering::Release);
        }
        message
    }

    /// Why the cache ended the subscription, if it did.
    pub fn ended(&self) -> Option<Ended> {
        self.ending.why.get().cloned()
    }

    /// Resolves when the cache ends the subscription (possibly with messages still queued).
    pub fn cut_off(&self) -> WaitForCancellationFuture<'_> {
        self.ending.cut.cancelled()
    }
}
