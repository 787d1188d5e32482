//! The fan-out from one cache to its watchers.
//!
//! Every watcher (a [`Subscriber`] on the cache's side, a [`Subscription`] on the watch task's
//! side) owns a bounded queue of shared events. The reflector offers each event without ever
//! waiting: when a queue is full the subscriber is cut off — its reader drains what was queued,
//! then learns why it [`Ended`] and sends the client an ERROR event. So a watcher that never reads
//! costs at most its queue, and never slows the others down.

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
    #[error(
        "watcher fell behind by more than {capacity} events and was closed; relist and watch again"
    )]
    TooSlow { capacity: usize },
    #[error("the watch cache is reloading from the store; watch again")]
    Reset,
}

/// What both halves share: the reason, set once, and a token that fires when it is set.
#[derive(Default)]
struct Ending {
    why: OnceLock<Ended>,
    cut: CancellationToken,
}

/// The cache's half of a watcher.
pub(crate) struct Subscriber {
    /// Only keys under this prefix (a namespace, or one object) are offered.
    prefix: Box<str>,
    tx: mpsc::Sender<Message>,
    ending: Arc<Ending>,
    capacity: usize,
    wants_progress: bool,
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
        },
        Subscription { rx, ending },
    )
}

impl Subscriber {
    /// Offers one event. False when the subscriber is gone: its reader left, or its queue is
    /// full and it is cut off now.
    pub fn offer(&self, event: &Arc<Event>) -> bool {
        if !event.object.key.starts_with(&*self.prefix) {
            return !self.tx.is_closed();
        }
        match self.tx.try_send(Message::Event(event.clone())) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) => {
                self.end(Ended::TooSlow {
                    capacity: self.capacity,
                });
                false
            }
            Err(TrySendError::Closed(_)) => false,
        }
    }

    /// Offers a progress notification, skipped (without cutting off) when the queue is full:
    /// the events queued will bring the watcher forward anyway.
    pub fn offer_progress(&self, revision: Revision) -> bool {
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
        self.rx.recv().await
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
