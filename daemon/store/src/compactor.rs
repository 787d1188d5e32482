//! Compaction on a schedule, for any backend: keep `retention` of history (five minutes by
//! default, as the Kubernetes API server keeps on etcd), drop what is older.
//!
//! The compactor samples the current revision as time passes and compacts to the newest sample
//! that is older than the retention. Several API servers on one etcd may each run one: compacting
//! to a revision someone else already compacted past is not an error here.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;

use crate::Store;
use crate::error::Error;
use crate::types::Revision;

/// How much history to keep.
pub const DEFAULT_RETENTION: Duration = Duration::from_secs(300);

#[derive(Clone, Debug)]
pub struct CompactorConfig {
    pub retention: Duration,
    /// How often the current revision is sampled (and compaction considered).
    pub interval: Duration,
}

impl CompactorConfig {
    pub fn with_retention(retention: Duration) -> Self {
        let interval = (retention / 10).clamp(Duration::from_millis(50), Duration::from_secs(30));
        CompactorConfig {
            retention,
            interval,
        }
    }
}

impl Default for CompactorConfig {
    fn default() -> Self {
        Self::with_retention(DEFAULT_RETENTION)
    }
}

/// Which sampled revision is old enough to compact to, dropping samples no longer needed.
fn due(
    samples: &mut VecDeque<(Instant, Revision)>,
    now: Instant,
    retention: Duration,
) -> Option<Revision> {
    let mut target = None;
    while let Some(&(at, rev)) = samples.front() {
        if now.duration_since(at) < retention {
            break;
        }
        target = Some(rev);
        samples.pop_front();
    }
    target
}

/// Runs until the store is closed. Spawn it and abort the task to stop it sooner.
pub async fn run<S: Store>(store: S, config: CompactorConfig) {
    let mut samples = VecDeque::new();
    let mut tick = tokio::time::interval(config.interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let now = Instant::now();
        match store.current_revision().await {
            Ok(rev) => samples.push_back((now, rev)),
            Err(Error::Closed) => return,
            Err(e) => tracing::warn!(error = %e, "compactor: reading the current revision"),
        }
        let Some(target) = due(&mut samples, now, config.retention) else {
            continue;
        };
        match store.compact(target).await {
            Ok(()) => tracing::debug!(revision = target, "compacted"),
            Err(Error::Compacted { .. }) => {}
            Err(Error::Closed) => return,
            Err(e) => tracing::warn!(error = %e, revision = target, "compaction failed"),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn compacts_to_newest_sample_older_than_retention() {
        let t0 = Instant::now();
        let s = Duration::from_secs(1);
        let mut samples: VecDeque<_> = [(t0, 10), (t0 + s, 20), (t0 + 2 * s, 30)].into();
        assert_eq!(due(&mut samples, t0 + s / 2, 5 * s), None);
        assert_eq!(due(&mut samples, t0 + 6 * s + s / 2, 5 * s), Some(20));
        assert_eq!(samples.len(), 1);
    }
}
