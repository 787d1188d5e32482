//! The controllers' shared machinery: informers (shared watches and reflector stores), the work
//! queue, expectations, the worker loop that calls each controller's `reconcile(key)`, and
//! leader election through a Lease.

pub mod expectations;
pub mod informer;
pub mod leader;
pub mod queue;

use std::future::Future;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

pub use expectations::Expectations;
pub use informer::{Informer, get_by_key, key_of, split_key};
pub use queue::WorkQueue;

/// What a reconcile asks for after succeeding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Nothing until the next event.
    Done,
    /// Look again after this long (time-based conditions: minReadySeconds, deadlines, TTLs).
    RequeueAfter(Duration),
}

impl Action {
    /// The earlier of two requeue requests.
    pub fn min(self, other: Action) -> Action {
        match (self, other) {
            (Action::Done, a) | (a, Action::Done) => a,
            (Action::RequeueAfter(a), Action::RequeueAfter(b)) => Action::RequeueAfter(a.min(b)),
        }
    }
}

/// Runs `workers` tasks taking keys from `queue` and calling `reconcile`, until `shutdown`.
/// An error requeues the key with backoff; success forgets its failures.
pub async fn run_workers<F, Fut, E>(
    name: &'static str,
    queue: WorkQueue,
    workers: usize,
    reconcile: F,
    shutdown: CancellationToken,
) where
    F: Fn(String) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Action, E>> + Send,
    E: std::error::Error + Send + 'static,
{
    let mut tasks = Vec::new();
    for _ in 0..workers.max(1) {
        let queue = queue.clone();
        let reconcile = reconcile.clone();
        let shutdown = shutdown.clone();
        tasks.push(tokio::spawn(async move {
            while let Some(key) = queue.get(&shutdown).await {
                tracing::debug!(controller = name, key = %key, "reconciling");
                match reconcile(key.clone()).await {
                    Ok(action) => {
                        queue.forget(&key);
                        if let Action::RequeueAfter(d) = action {
                            queue.add_after(key.clone(), d);
                        }
                    }
                    // A conflict means our cache was behind our own last write: look again as
                    // soon as it has caught up, without growing the backoff.
                    Err(e) if is_conflict(&e) => {
                        tracing::debug!(controller = name, key = %key, "conflict; requeued");
                        queue.add_after(key.clone(), CONFLICT_RETRY);
                    }
                    Err(e) => {
                        tracing::info!(controller = name, key = %key, error = %e, "reconcile failed; retrying");
                        queue.add_rate_limited(&key);
                    }
                }
                queue.done(&key);
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
}

/// How soon a key that hit a write conflict is looked at again.
const CONFLICT_RETRY: Duration = Duration::from_millis(20);

/// Whether an error (or one of its sources) is the API server's 409 Conflict.
pub fn is_conflict(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(kube::Error::Api(s)) = err.downcast_ref::<kube::Error>()
            && s.code == 409
            && s.reason == "Conflict"
        {
            return true;
        }
        cur = err.source();
    }
    false
}

/// Queues every key of `keys()` each `period` (level-triggered resync), until `shutdown`.
pub async fn resync_every<F>(
    period: Duration,
    queue: WorkQueue,
    keys: F,
    shutdown: CancellationToken,
) where
    F: Fn() -> Vec<String> + Send + 'static,
{
    if period.is_zero() {
        return;
    }
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(period) => {}
        }
        for k in keys() {
            queue.add(k);
        }
    }
}

/// Now, as the API's timestamps hold it.
pub fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

/// Seconds from `since` to `now` (negative when `since` is later).
pub fn seconds_since(since: jiff::Timestamp, now: jiff::Timestamp) -> i64 {
    now.as_second() - since.as_second()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_error(code: u16, reason: &str) -> kube::Error {
        kube::Error::Api(Box::new(kube::core::Status {
            code,
            reason: reason.into(),
            ..Default::default()
        }))
    }

    #[test]
    fn a_conflict_is_found_through_error_sources() {
        let e = crate::replicaset::Error::UpdateStatus {
            key: "ns/rs".into(),
            source: api_error(409, "Conflict"),
        };
        assert!(is_conflict(&e));
        let e = crate::replicaset::Error::UpdateStatus {
            key: "ns/rs".into(),
            source: api_error(409, "AlreadyExists"),
        };
        assert!(!is_conflict(&e));
        let e = crate::replicaset::Error::UpdateStatus {
            key: "ns/rs".into(),
            source: api_error(500, "InternalError"),
        };
        assert!(!is_conflict(&e));
    }

    #[test]
    fn the_earlier_requeue_wins() {
        let a = Action::RequeueAfter(Duration::from_secs(5));
        assert_eq!(a.min(Action::Done), a);
        assert_eq!(
            a.min(Action::RequeueAfter(Duration::from_secs(1))),
            Action::RequeueAfter(Duration::from_secs(1))
        );
    }
}
