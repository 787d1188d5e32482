//! The scheduling queue: `active` (highest priority first, then oldest), `backoff` (pods waiting
//! out 1 s doubling to 10 s after a failed attempt) and `unschedulable` (pods no node fitted, parked
//! until a cluster event that may help — node added or changed, a placed pod added, changed or
//! deleted — or 60 s pass). Times are passed in, so tests need no clock.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::framework::PodInfo;

pub const INITIAL_BACKOFF: Duration = Duration::from_secs(1);
pub const MAX_BACKOFF: Duration = Duration::from_secs(10);
/// Unschedulable pods are retried at least this often even without a helpful event.
pub const UNSCHEDULABLE_FLUSH: Duration = Duration::from_secs(60);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Where {
    Active,
    Backoff,
    Unschedulable,
    InFlight,
}

struct Entry {
    pod: Arc<PodInfo>,
    attempts: u32,
    /// When it entered the queue (for ordering among equal priorities).
    timestamp: Instant,
    /// When it was first seen (per-pod scheduling latency).
    first_seen: Instant,
    last_failure: Instant,
    place: Where,
    /// Bumped each time the entry is re-added, so stale heap items are skipped.
    generation: u64,
}

#[derive(PartialEq, Eq)]
struct ActiveItem {
    priority: i32,
    timestamp: Instant,
    seq: u64,
    key: String,
    generation: u64,
}

impl Ord for ActiveItem {
    fn cmp(&self, o: &Self) -> Ordering {
        self.priority
            .cmp(&o.priority)
            .then_with(|| o.timestamp.cmp(&self.timestamp))
            .then_with(|| o.seq.cmp(&self.seq))
    }
}
impl PartialOrd for ActiveItem {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// A pod handed to a scheduling cycle.
pub struct Popped {
    pub pod: Arc<PodInfo>,
    pub attempts: u32,
    pub first_seen: Instant,
    /// The move-request counter when popped (see [`SchedulingQueue::done_unschedulable`]).
    pub cycle: u64,
}

/// Active, backoff and unschedulable pods by `namespace/name`.
#[derive(Default)]
pub struct SchedulingQueue {
    entries: HashMap<String, Entry>,
    active: BinaryHeap<ActiveItem>,
    backoff: BinaryHeap<Reverse<(Instant, u64, String)>>,
    /// Keys parked as unschedulable (so events need not scan every entry).
    parked: std::collections::HashSet<String>,
    seq: u64,
    generation: u64,
    /// Counts move requests (cluster events); a pod that failed after one arrived while it was
    /// being scheduled goes to backoff rather than waiting in unschedulable.
    moves: u64,
}

fn backoff_for(attempts: u32) -> Duration {
    let shift = attempts.saturating_sub(1).min(8);
    (INITIAL_BACKOFF * (1u32 << shift)).min(MAX_BACKOFF)
}

impl SchedulingQueue {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn push_active(&mut self, key: &str, now: Instant) {
        let Some(e) = self.entries.get_mut(key) else {
            return;
        };
        self.generation += 1;
        self.seq += 1;
        e.place = Where::Active;
        e.generation = self.generation;
        e.timestamp = now;
        self.active.push(ActiveItem {
            priority: e.pod.priority,
            timestamp: now,
            seq: self.seq,
            key: key.to_string(),
            generation: self.generation,
        });
    }

    fn push_backoff_or_active(&mut self, key: &str, now: Instant) {
        self.parked.remove(key);
        let Some(e) = self.entries.get_mut(key) else {
            return;
        };
        let until = e.last_failure + backoff_for(e.attempts);
        if e.attempts == 0 || until <= now {
            self.push_active(key, now);
        } else {
            self.generation += 1;
            e.place = Where::Backoff;
            e.generation = self.generation;
            self.backoff
                .push(Reverse((until, self.generation, key.to_string())));
        }
    }

    /// A new pending pod, or a change to one already queued (the newer object replaces the older;
    /// a changed pod parked as unschedulable is retried).
    pub fn add_or_update(&mut self, pod: Arc<PodInfo>, spec_changed: bool, now: Instant) {
        let key = pod.key();
        match self.entries.get_mut(&key) {
            Some(e) => {
                e.pod = pod;
                if spec_changed && e.place == Where::Unschedulable {
                    self.push_backoff_or_active(&key, now);
                }
            }
            None => {
                self.entries.insert(
                    key.clone(),
                    Entry {
                        pod,
                        attempts: 0,
                        timestamp: now,
                        first_seen: now,
                        last_failure: now,
                        place: Where::Active,
                        generation: 0,
                    },
                );
                self.push_active(&key, now);
            }
        }
    }

    /// The pod was deleted, bound elsewhere, or is no longer ours.
    pub fn remove(&mut self, key: &str) {
        self.parked.remove(key);
        self.entries.remove(key);
    }

    pub fn contains(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// The highest-priority active pod, after moving expired backoffs.
    pub fn pop(&mut self, now: Instant) -> Option<Popped> {
        self.flush_backoff(now);
        while let Some(item) = self.active.pop() {
            let Some(e) = self.entries.get_mut(&item.key) else {
                continue;
            };
            if e.generation != item.generation || e.place != Where::Active {
                continue;
            }
            e.place = Where::InFlight;
            e.attempts += 1;
            return Some(Popped {
                pod: e.pod.clone(),
                attempts: e.attempts,
                first_seen: e.first_seen,
                cycle: self.moves,
            });
        }
        None
    }

    /// The attempt succeeded (bound or binding): the pod leaves the queue.
    pub fn done(&mut self, key: &str) {
        self.parked.remove(key);
        self.entries.remove(key);
    }

    /// No node fitted: park the pod, or back it off when a cluster event arrived during the cycle.
    pub fn done_unschedulable(&mut self, key: &str, cycle: u64, now: Instant) {
        let moved = self.moves != cycle;
        let Some(e) = self.entries.get_mut(key) else {
            return;
        };
        e.last_failure = now;
        if moved {
            self.push_backoff_or_active(key, now);
        } else {
            e.place = Where::Unschedulable;
            e.timestamp = now;
            self.parked.insert(key.to_string());
        }
    }

    /// An internal error or a failed binding: retry after the backoff.
    pub fn done_error(&mut self, key: &str, now: Instant) {
        if let Some(e) = self.entries.get_mut(key) {
            e.last_failure = now;
            self.push_backoff_or_active(key, now);
        }
    }

    /// Puts back a pod whose binding failed after it left the queue.
    pub fn requeue_after_bind_failure(
        &mut self,
        pod: Arc<PodInfo>,
        attempts: u32,
        first_seen: Instant,
        now: Instant,
    ) {
        let key = pod.key();
        self.entries.insert(
            key.clone(),
            Entry {
                pod,
                attempts,
                timestamp: now,
                first_seen,
                last_failure: now,
                place: Where::InFlight,
                generation: 0,
            },
        );
        self.push_backoff_or_active(&key, now);
    }

    /// A cluster event that may make parked pods schedulable: all of them are retried.
    pub fn move_all_unschedulable(&mut self, now: Instant) {
        self.moves += 1;
        if self.parked.is_empty() {
            return;
        }
        let keys: Vec<String> = self.parked.drain().collect();
        for k in keys {
            self.push_backoff_or_active(&k, now);
        }
    }

    /// Moves backoffs that expired and unschedulable pods parked longer than the flush interval.
    pub fn flush(&mut self, now: Instant) {
        self.flush_backoff(now);
        let keys: Vec<String> = self
            .parked
            .iter()
            .filter(|k| {
                self.entries
                    .get(*k)
                    .is_some_and(|e| now >= e.timestamp + UNSCHEDULABLE_FLUSH)
            })
            .cloned()
            .collect();
        for k in keys {
            self.push_backoff_or_active(&k, now);
        }
    }

    fn flush_backoff(&mut self, now: Instant) {
        while let Some(Reverse((until, generation, _))) = self.backoff.peek() {
            if *until > now {
                break;
            }
            let generation = *generation;
            let Some(Reverse((_, _, key))) = self.backoff.pop() else {
                break;
            };
            if self
                .entries
                .get(&key)
                .is_some_and(|e| e.generation == generation && e.place == Where::Backoff)
            {
                self.push_active(&key, now);
            }
        }
    }

    /// How many pods wait as unschedulable.
    pub fn unschedulable_len(&self) -> usize {
        self.parked.len()
    }

    /// Whether a pod is ready to pop now.
    pub fn has_active(&self) -> bool {
        !self.active.is_empty()
    }

    /// When the next backoff expires (for the loop's timer).
    pub fn next_backoff(&self) -> Option<Instant> {
        self.backoff.peek().map(|Reverse((t, _, _))| *t)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::framework::testutil::pod;
    use serde_json::json;

    fn p(name: &str, priority: i32) -> Arc<PodInfo> {
        Arc::new(pod(
            json!({"metadata": {"name": name}, "spec": {"priority": priority}}),
        ))
    }

    #[test]
    fn higher_priority_pops_first_then_older() {
        let t = Instant::now();
        let mut q = SchedulingQueue::default();
        q.add_or_update(p("low", 0), false, t);
        q.add_or_update(p("high", 100), false, t + Duration::from_millis(1));
        q.add_or_update(p("low2", 0), false, t + Duration::from_millis(2));
        let order: Vec<String> = std::iter::from_fn(|| {
            q.pop(t + Duration::from_millis(3))
                .map(|x| x.pod.name.clone())
        })
        .collect();
        assert_eq!(order, vec!["high", "low", "low2"]);
    }

    #[test]
    fn errors_back_off_one_second_doubling_to_ten() {
        assert_eq!(backoff_for(1), Duration::from_secs(1));
        assert_eq!(backoff_for(2), Duration::from_secs(2));
        assert_eq!(backoff_for(4), Duration::from_secs(8));
        assert_eq!(backoff_for(5), Duration::from_secs(10));
        assert_eq!(backoff_for(30), Duration::from_secs(10));
        let t = Instant::now();
        let mut q = SchedulingQueue::default();
        q.add_or_update(p("a", 0), false, t);
        q.pop(t).unwrap();
        q.done_error("default/a", t);
        assert!(q.pop(t + Duration::from_millis(999)).is_none());
        assert!(q.pop(t + Duration::from_secs(1)).is_some());
        q.done_error("default/a", t + Duration::from_secs(1));
        assert!(q.pop(t + Duration::from_millis(2999)).is_none());
        assert!(q.pop(t + Duration::from_secs(3)).is_some());
    }

    #[test]
    fn unschedulable_pods_wait_for_an_event_or_the_flush() {
        let t = Instant::now();
        let mut q = SchedulingQueue::default();
        q.add_or_update(p("a", 0), false, t);
        let x = q.pop(t).unwrap();
        q.done_unschedulable("default/a", x.cycle, t);
        q.flush(t + Duration::from_secs(30));
        assert!(q.pop(t + Duration::from_secs(30)).is_none());
        q.move_all_unschedulable(t + Duration::from_secs(30));
        assert!(q.pop(t + Duration::from_secs(30)).is_some());
        let t2 = t + Duration::from_secs(31);
        q.done_unschedulable("default/a", q.moves, t2);
        q.flush(t2 + Duration::from_secs(59));
        assert!(q.pop(t2 + Duration::from_secs(59)).is_none());
        q.flush(t2 + UNSCHEDULABLE_FLUSH);
        assert!(q.pop(t2 + UNSCHEDULABLE_FLUSH).is_some());
    }

    #[test]
    fn an_event_during_the_attempt_sends_the_pod_to_backoff_not_unschedulable() {
        let t = Instant::now();
        let mut q = SchedulingQueue::default();
        q.add_or_update(p("a", 0), false, t);
        let x = q.pop(t).unwrap();
        q.move_all_unschedulable(t);
        q.done_unschedulable("default/a", x.cycle, t);
        assert!(q.pop(t + Duration::from_secs(1)).is_some());
    }

    #[test]
    fn a_spec_change_retries_a_parked_pod_and_deletion_drops_it() {
        let t = Instant::now();
        let mut q = SchedulingQueue::default();
        q.add_or_update(p("a", 0), false, t);
        let x = q.pop(t).unwrap();
        q.done_unschedulable("default/a", x.cycle, t);
        q.add_or_update(p("a", 0), false, t);
        assert!(q.pop(t + Duration::from_secs(5)).is_none());
        q.add_or_update(p("a", 0), true, t);
        assert!(q.pop(t + Duration::from_secs(5)).is_some());
        q.remove("default/a");
        assert!(q.is_empty());
    }
}
