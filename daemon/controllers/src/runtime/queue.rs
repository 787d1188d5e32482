//! The work queue (client-go's semantics): a key is queued at most once, never handed to two
//! workers at once (a key added while it is being processed is queued again when it is done),
//! and failures are retried with per-key exponential backoff.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

#[derive(Default)]
struct State {
    queue: VecDeque<String>,
    dirty: HashSet<String>,
    processing: HashSet<String>,
    failures: HashMap<String, u32>,
}

/// A deduplicating, rate-limited queue of object keys.
#[derive(Clone)]
pub struct WorkQueue {
    state: Arc<Mutex<State>>,
    notify: Arc<Notify>,
    base_delay: Duration,
    max_delay: Duration,
}

impl WorkQueue {
    /// A queue whose retries back off from `base_delay`, doubling up to `max_delay`.
    pub fn new(base_delay: Duration, max_delay: Duration) -> WorkQueue {
        WorkQueue {
            state: Arc::default(),
            notify: Arc::new(Notify::new()),
            base_delay,
            max_delay,
        }
    }

    /// Queues `key` unless it is already waiting.
    pub fn add(&self, key: impl Into<String>) {
        let key = key.into();
        let Ok(mut s) = self.state.lock() else { return };
        if !s.dirty.insert(key.clone()) {
            return;
        }
        if !s.processing.contains(&key) {
            s.queue.push_back(key);
            drop(s);
            self.notify.notify_one();
        }
    }

    /// Queues `key` after `delay`.
    pub fn add_after(&self, key: impl Into<String>, delay: Duration) {
        let key = key.into();
        if delay.is_zero() {
            self.add(key);
            return;
        }
        let q = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            q.add(key);
        });
    }

    /// The delay of the next retry of `key` (and counts the failure).
    pub fn next_backoff(&self, key: &str) -> Duration {
        let Ok(mut s) = self.state.lock() else {
            return self.max_delay;
        };
        let n = s.failures.entry(key.to_string()).or_insert(0);
        let delay = self
            .base_delay
            .saturating_mul(2u32.saturating_pow((*n).min(30)));
        *n = n.saturating_add(1);
        delay.min(self.max_delay)
    }

    /// Queues `key` again after its backoff.
    pub fn add_rate_limited(&self, key: &str) {
        let delay = self.next_backoff(key);
        self.add_after(key.to_string(), delay);
    }

    /// Forgets the failures of `key` (it succeeded).
    pub fn forget(&self, key: &str) {
        if let Ok(mut s) = self.state.lock() {
            s.failures.remove(key);
        }
    }

    /// The next key to process, or `None` once `shutdown` is cancelled.
    pub async fn get(&self, shutdown: &CancellationToken) -> Option<String> {
        loop {
            let notified = self.notify.notified();
            if let Ok(mut s) = self.state.lock()
                && let Some(key) = s.queue.pop_front()
            {
                s.dirty.remove(&key);
                s.processing.insert(key.clone());
                if !s.queue.is_empty() {
                    self.notify.notify_one();
                }
                return Some(key);
            }
            tokio::select! {
                _ = shutdown.cancelled() => return None,
                _ = notified => {}
            }
        }
    }

    /// Marks `key` processed; if it was added meanwhile it is queued again.
    pub fn done(&self, key: &str) {
        let Ok(mut s) = self.state.lock() else { return };
        s.processing.remove(key);
        if s.dirty.contains(key) {
            s.queue.push_back(key.to_string());
            drop(s);
            self.notify.notify_one();
        }
    }

    /// How many keys wait (for tests and metrics).
    pub fn len(&self) -> usize {
        self.state.lock().map(|s| s.queue.len()).unwrap_or(0)
    }

    /// Whether no key waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_key_added_twice_is_processed_once() {
        let q = WorkQueue::new(Duration::from_millis(5), Duration::from_secs(1));
        q.add("a");
        q.add("a");
        q.add("b");
        assert_eq!(q.len(), 2);
        let t = CancellationToken::new();
        assert_eq!(q.get(&t).await.as_deref(), Some("a"));
        assert_eq!(q.get(&t).await.as_deref(), Some("b"));
        assert!(q.is_empty());
    }

    #[tokio::test]
    async fn a_key_added_while_processing_comes_back_after_done() {
        let q = WorkQueue::new(Duration::from_millis(5), Duration::from_secs(1));
        let t = CancellationToken::new();
        q.add("a");
        let k = q.get(&t).await.unwrap();
        q.add("a");
        assert!(
            q.is_empty(),
            "not handed to a second worker while processing"
        );
        q.done(&k);
        assert_eq!(q.len(), 1);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_and_resets_on_forget() {
        let q = WorkQueue::new(Duration::from_millis(5), Duration::from_millis(30));
        assert_eq!(q.next_backoff("k"), Duration::from_millis(5));
        assert_eq!(q.next_backoff("k"), Duration::from_millis(10));
        assert_eq!(q.next_backoff("k"), Duration::from_millis(20));
        assert_eq!(q.next_backoff("k"), Duration::from_millis(30));
        q.forget("k");
        assert_eq!(q.next_backoff("k"), Duration::from_millis(5));
    }

    #[tokio::test]
    async fn get_returns_none_after_shutdown() {
        let q = WorkQueue::new(Duration::from_millis(5), Duration::from_secs(1));
        let t = CancellationToken::new();
        t.cancel();
        assert_eq!(q.get(&t).await, None);
    }
}
