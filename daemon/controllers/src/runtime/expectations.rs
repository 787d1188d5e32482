//! Expectations (the Kubernetes controllers' guard against acting twice): after a controller
//! creates or deletes pods it records their names, and does not count pods again until its
//! informer has seen every create and every delete — or the expectations expire.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
struct Pending {
    creates: HashSet<String>,
    deletes: HashSet<String>,
    since: Instant,
}

/// Pending creates and deletes per controller key.
#[derive(Debug)]
pub struct Expectations {
    map: Mutex<HashMap<String, Pending>>,
    ttl: Duration,
}

impl Expectations {
    /// Expectations that lapse after `ttl` (Kubernetes: 5 minutes).
    pub fn new(ttl: Duration) -> Expectations {
        Expectations {
            map: Mutex::default(),
            ttl,
        }
    }

    /// Records that `names` were created (or are being created) for `key`.
    pub fn expect_creates(&self, key: &str, names: impl IntoIterator<Item = String>) {
        self.update(key, |p| p.creates.extend(names));
    }

    /// Records that `names` were deleted for `key`.
    pub fn expect_deletes(&self, key: &str, names: impl IntoIterator<Item = String>) {
        self.update(key, |p| p.deletes.extend(names));
    }

    fn update(&self, key: &str, f: impl FnOnce(&mut Pending)) {
        let Ok(mut m) = self.map.lock() else { return };
        let p = m.entry(key.to_string()).or_insert_with(|| Pending {
            creates: HashSet::new(),
            deletes: HashSet::new(),
            since: Instant::now(),
        });
        p.since = Instant::now();
        f(p);
    }

    /// Whether `key` may act: every expected create is `seen` and every expected delete is
    /// `gone` (by name), or the expectations expired. Satisfied entries are dropped.
    pub fn satisfied(
        &self,
        key: &str,
        seen: impl Fn(&str) -> bool,
        gone: impl Fn(&str) -> bool,
    ) -> bool {
        let Ok(mut m) = self.map.lock() else {
            return true;
        };
        let Some(p) = m.get_mut(key) else { return true };
        p.creates.retain(|n| !seen(n));
        p.deletes.retain(|n| !gone(n));
        if (p.creates.is_empty() && p.deletes.is_empty()) || p.since.elapsed() > self.ttl {
            m.remove(key);
            return true;
        }
        false
    }

    /// Forgets `key` (its owner is gone).
    pub fn forget(&self, key: &str) {
        if let Ok(mut m) = self.map.lock() {
            m.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_not_yet_seen_hold_the_controller_back() {
        let e = Expectations::new(Duration::from_secs(300));
        e.expect_creates("ns/rs", ["a".to_string(), "b".to_string()]);
        assert!(!e.satisfied("ns/rs", |n| n == "a", |_| true));
        assert!(e.satisfied("ns/rs", |_| true, |_| true));
        assert!(
            e.satisfied("ns/rs", |_| false, |_| false),
            "satisfied entries are dropped"
        );
    }

    #[test]
    fn deletes_not_yet_gone_hold_the_controller_back() {
        let e = Expectations::new(Duration::from_secs(300));
        e.expect_deletes("ns/rs", ["a".to_string()]);
        assert!(!e.satisfied("ns/rs", |_| true, |_| false));
        assert!(e.satisfied("ns/rs", |_| true, |_| true));
    }

    #[test]
    fn expectations_lapse_after_their_ttl() {
        let e = Expectations::new(Duration::ZERO);
        e.expect_creates("ns/rs", ["a".to_string()]);
        std::thread::sleep(Duration::from_millis(2));
        assert!(e.satisfied("ns/rs", |_| false, |_| false));
    }
}
