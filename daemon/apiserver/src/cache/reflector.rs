//! The reflector: the one task that writes every cache.
//!
//! It follows ONE store watch over every key (`/`) and hands each change to the cache of its
//! prefix. A new cache is loaded with a range read in a task of its own while the watch goes
//! on; the changes that arrive meanwhile are kept by the cache and applied on top of the read
//! (those the read already has are skipped by revision). When the watch fails — compacted
//! under us, or too slow — every cache is loaded again from a new watch and its watchers are
//! cut off (level-triggered: the store is the truth, the caches are rebuilt from it).
//!
//! After each change the reflector publishes its position (`seen`): every change up to it is
//! in the caches. That is what makes a consistent read cheap — a cache is the store's as of
//! `seen` even when its own prefix has not changed for a while, so a LIST waits only for the
//! watch to deliver the store's current revision, not for a progress notification.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use rk_store::{RangeRequest, Store, WatchEvent, WatchStream};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::Shared;
use super::store::{Applied, Cache, Loaded};

/// Every key the API server stores starts with `/`.
const WATCHED: &str = "/";
const MIN_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// What requests and load tasks tell the reflector.
pub(super) enum Command {
    /// A cache was created: load it and keep it up to date.
    Track(Arc<Cache>),
    /// Load `load` of a cache finished.
    Loaded {
        cache: Arc<Cache>,
        load: u64,
        loaded: Loaded,
    },
}

struct Reflector {
    shared: Arc<Shared>,
    caches: HashMap<String, Arc<Cache>>,
    next_load: u64,
    /// The revision of the last progress sent to the watchers.
    progressed: i64,
    stop: CancellationToken,
}

/// The cache prefix of a key: `/pods/ns/x` → `/pods/`.
fn prefix_of(key: &str) -> Option<&str> {
    let end = key.get(1..)?.find('/')? + 2;
    key.get(..end)
}

pub(super) async fn run(
    shared: Arc<Shared>,
    mut commands: mpsc::UnboundedReceiver<Command>,
    stop: CancellationToken,
) {
    let mut r = Reflector {
        shared,
        caches: HashMap::new(),
        next_load: 0,
        progressed: 0,
        stop,
    };
    let mut backoff = MIN_BACKOFF;
    loop {
        let Some(stream) = r.open(&mut backoff).await else {
            return;
        };
        let caches: Vec<Arc<Cache>> = r.caches.values().cloned().collect();
        for cache in &caches {
            r.load(cache);
        }
        let started = Instant::now();
        let Err(e) = r.follow(stream, &mut commands).await else {
            return;
        };
        tracing::warn!(error = %e, "watch cache: the store watch ended; reloading every cache");
        // Cut the watchers off now; the loads start once a new watch is open (a read before
        // it could miss the changes in between).
        for cache in r.caches.values() {
            cache.begin_load(0);
        }
        if started.elapsed() > Duration::from_secs(30) {
            backoff = MIN_BACKOFF;
        }
        if r.sleep(&mut backoff).await.is_none() {
            return;
        }
    }
}

impl Reflector {
    /// Opens the store watch from the current revision, retrying until it opens.
    async fn open(&mut self, backoff: &mut Duration) -> Option<WatchStream> {
        loop {
            let store = &self.shared.store;
            let opened = match store.current_revision().await {
                Ok(start) => store.watch(WATCHED, start + 1).await.map(|s| (start, s)),
                Err(e) => Err(e),
            };
            match opened {
                Ok((start, stream)) => {
                    self.advance(start);
                    return Some(stream);
                }
                Err(e) => tracing::warn!(error = %e, "watch cache: cannot watch the store"),
            }
            self.sleep(backoff).await?;
        }
    }

    async fn sleep(&self, backoff: &mut Duration) -> Option<()> {
        let wait = *backoff;
        *backoff = (*backoff * 2).min(MAX_BACKOFF);
        tokio::select! {
            _ = self.stop.cancelled() => None,
            _ = tokio::time::sleep(wait) => Some(()),
        }
    }

    /// Applies the watch's changes and the commands until the watch fails (Err) or the caches
    /// are dropped (Ok).
    async fn follow(
        &mut self,
        mut stream: WatchStream,
        commands: &mut mpsc::UnboundedReceiver<Command>,
    ) -> Result<(), rk_store::Error> {
        let mut ticker = tokio::time::interval(self.shared.config.bookmark_interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                biased;
                _ = self.stop.cancelled() => return Ok(()),
                command = commands.recv() => match command {
                    None => return Ok(()),
                    Some(c) => self.command(c),
                },
                next = stream.next() => match next {
                    Some(Ok(WatchEvent::Progress { revision })) => {
                        self.advance(revision);
                        self.progress();
                    }
                    Some(Ok(ev)) => {
                        let revision = ev.revision();
                        self.route(ev);
                        self.advance(revision);
                    }
                    Some(Err(e)) => return Err(e),
                    None => return Err(rk_store::Error::Closed),
                },
                _ = ticker.tick() => {
                    if self.shared.seen.load(Ordering::Acquire) > self.progressed {
                        self.progress();
                    }
                }
            }
        }
    }

    fn command(&mut self, command: Command) {
        match command {
            Command::Track(cache) => {
                self.caches.insert(cache.prefix.clone(), cache.clone());
                self.load(&cache);
            }
            Command::Loaded {
                cache,
                load,
                loaded,
            } => {
                if cache.finish_load(load, loaded) {
                    tracing::debug!(prefix = %cache.prefix, "watch cache: loaded");
                    self.shared.notify();
                }
            }
        }
    }

    fn route(&mut self, ev: WatchEvent) {
        let Some(cache) = ev
            .key()
            .and_then(prefix_of)
            .and_then(|p| self.caches.get(p))
            .cloned()
        else {
            return;
        };
        if cache.apply(ev) == Applied::Overflow {
            tracing::warn!(prefix = %cache.prefix, "watch cache: too many changes while loading; loading again");
            self.load(&cache);
        }
    }

    /// Everything up to `revision` is applied: publish it and wake the waiting requests.
    fn advance(&self, revision: i64) {
        self.shared.seen.fetch_max(revision, Ordering::AcqRel);
        self.shared.notify();
    }

    fn progress(&mut self) {
        self.progressed = self.shared.seen.load(Ordering::Acquire);
        for cache in self.caches.values() {
            cache.progress(&self.shared.seen);
        }
    }

    /// Starts a load of `cache` (from nothing) in a task of its own; it retries until it has
    /// read the objects or a newer load replaced it.
    fn load(&mut self, cache: &Arc<Cache>) {
        self.next_load += 1;
        let load = self.next_load;
        cache.begin_load(load);
        let (shared, cache) = (self.shared.clone(), cache.clone());
        tokio::spawn(async move {
            let mut backoff = MIN_BACKOFF;
            while cache.is_loading(load) && !shared.stop.is_cancelled() {
                match shared
                    .store
                    .range(RangeRequest::prefix(cache.prefix.clone()))
                    .await
                {
                    Ok(resp) => {
                        let c = cache.clone();
                        let built = tokio::task::spawn_blocking(move || c.build(resp.kvs)).await;
                        let Ok(objects) = built else { return };
                        let loaded = Loaded {
                            objects,
                            revision: resp.revision,
                        };
                        let _ = shared.commands.send(Command::Loaded {
                            cache,
                            load,
                            loaded,
                        });
                        return;
                    }
                    Err(e) => {
                        tracing::warn!(prefix = %cache.prefix, error = %e, "watch cache: cannot read the store");
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(MAX_BACKOFF);
                    }
                }
            }
        });
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::prefix_of;

    #[test]
    fn keys_map_to_their_resource_prefix() {
        assert_eq!(prefix_of("/pods/ns/x"), Some("/pods/"));
        assert_eq!(prefix_of("/nodes/n1"), Some("/nodes/"));
        assert_eq!(prefix_of("/x"), None);
        assert_eq!(prefix_of(""), None);
    }
}
