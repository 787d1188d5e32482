//! Kubelet's events (core/v1 `Event`s about pods, written through the node's client), with
//! client-go's habits: a repeat of the same event (same object, field, reason and message)
//! becomes a PATCH of `count` and `lastTimestamp` on the first one; a per-object token bucket
//! (burst 25, one more every 5 minutes) and a node-wide one (burst 100, 50 a second) drop what
//! would flood the API. A recorder can be switched off (simulated nodes at scale). Not done:
//! client-go's "combined from similar events" aggregation of events differing only in message.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::time::Instant;

use crate::pod::Pod;
use crate::time::{Clock, rfc3339};
use crate::worker::PodApi;

/// Kubelet's reasons.
pub const PULLING: &str = "Pulling";
pub const PULLED: &str = "Pulled";
pub const FAILED: &str = "Failed";
pub const BACK_OFF: &str = "BackOff";
pub const CREATED: &str = "Created";
pub const STARTED: &str = "Started";
pub const KILLING: &str = "Killing";
pub const UNHEALTHY: &str = "Unhealthy";
pub const FAILED_MOUNT: &str = "FailedMount";
pub const FAILED_POST_START_HOOK: &str = "FailedPostStartHook";
pub const FAILED_PRE_STOP_HOOK: &str = "FailedPreStopHook";
pub const PROBE_WARNING: &str = "ProbeWarning";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Normal,
    Warning,
}

const OBJECT_BURST: f64 = 25.0;
const OBJECT_REFILL: Duration = Duration::from_secs(300);
const NODE_BURST: f64 = 100.0;
const NODE_QPS: f64 = 50.0;

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn full(burst: f64) -> Bucket {
        Bucket {
            tokens: burst,
            at: Instant::now(),
        }
    }

    fn take(&mut self, burst: f64, per_second: f64) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.at).as_secs_f64() * per_second;
        self.tokens = (self.tokens + refill).min(burst);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[derive(Default)]
struct State {
    /// (uid, field, reason, message) → (event name, count).
    seen: HashMap<(String, String, String, String), (String, i64)>,
    objects: HashMap<String, Bucket>,
    node: Option<Bucket>,
    seq: u64,
}

/// One node's event recorder.
pub struct Recorder {
    enabled: bool,
    node: String,
    clock: Clock,
    state: Mutex<State>,
}

impl Recorder {
    pub fn new(node: &str, clock: Clock, enabled: bool) -> Recorder {
        Recorder {
            enabled,
            node: node.to_string(),
            clock,
            state: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Forgets a pod (its worker ended).
    pub fn forget(&self, uid: &str) {
        let mut s = self.lock();
        s.objects.remove(uid);
        s.seen.retain(|k, _| k.0 != uid);
    }

    /// Records an event about `pod` (or one of its containers: `field` is
    /// `spec.containers{name}` / `spec.initContainers{name}`). Failures are logged, not returned.
    pub async fn record<A: PodApi>(
        &self,
        api: &A,
        pod: &Pod,
        field: &str,
        kind: Type,
        reason: &str,
        message: &str,
    ) {
        if !self.enabled {
            return;
        }
        let now = self.clock.now_secs();
        let key = (
            pod.uid.clone(),
            field.to_string(),
            reason.to_string(),
            message.to_string(),
        );
        let (repeat, name) = {
            let mut s = self.lock();
            let object_ok = s
                .objects
                .entry(pod.uid.clone())
                .or_insert_with(|| Bucket::full(OBJECT_BURST))
                .take(OBJECT_BURST, 1.0 / OBJECT_REFILL.as_secs_f64());
            let node_ok = s
                .node
                .get_or_insert_with(|| Bucket::full(NODE_BURST))
                .take(NODE_BURST, NODE_QPS);
            if !object_ok || !node_ok {
                tracing::debug!(pod = %pod.key(), reason, "event dropped by the rate limit");
                return;
            }
            match s.seen.get_mut(&key) {
                Some((name, count)) => {
                    *count += 1;
                    (Some(*count), name.clone())
                }
                None => {
                    s.seq += 1;
                    let name = format!(
                        "{}.{:x}",
                        pod.name,
                        self.clock.wall().as_nanos() as u64 + s.seq
                    );
                    s.seen.insert(key, (name.clone(), 1));
                    (None, name)
                }
            }
        };
        let ns = &pod.namespace;
        let result = match repeat {
            Some(count) => {
                let path = format!("/api/v1/namespaces/{ns}/events/{name}");
                api.patch_object(
                    &path,
                    &json!({"count": count, "lastTimestamp": rfc3339(now)}),
                )
                .await
            }
            None => {
                let mut involved = json!({"kind": "Pod", "apiVersion": "v1", "namespace": ns, "name": pod.name, "uid": pod.uid});
                if !field.is_empty() {
                    involved["fieldPath"] = json!(field);
                }
                let event = json!({
                    "apiVersion": "v1", "kind": "Event",
                    "metadata": {"name": name, "namespace": ns},
                    "involvedObject": involved,
                    "reason": reason, "message": message,
                    "source": {"component": "kubelet", "host": self.node},
                    "firstTimestamp": rfc3339(now), "lastTimestamp": rfc3339(now), "count": 1,
                    "type": if kind == Type::Normal { "Normal" } else { "Warning" },
                    "eventTime": Value::Null,
                    "reportingComponent": "kubelet", "reportingInstance": self.node,
                });
                api.create_object(&format!("/api/v1/namespaces/{ns}/events"), &event)
                    .await
            }
        };
        if let Err(e) = result {
            tracing::debug!(pod = %pod.key(), reason, error = %e, "writing an event");
        }
    }
}

/// The field path of a container in events (`spec.containers{web}`).
pub fn field_path(pod: &Pod, container: &str) -> String {
    if pod.init_containers.iter().any(|c| c.name == container) {
        format!("spec.initContainers{{{container}}}")
    } else {
        format!("spec.containers{{{container}}}")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::test_support::FakeApi;

    fn pod() -> Pod {
        Pod {
            name: "p".into(),
            namespace: "ns".into(),
            uid: "u".into(),
            ..Pod::default()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_repeated_event_patches_its_count_instead_of_creating_another() {
        let api = FakeApi::default();
        let r = Recorder::new("n1", Clock::new(), true);
        let p = pod();
        r.record(
            &api,
            &p,
            "spec.containers{c}",
            Type::Normal,
            PULLING,
            "Pulling image \"x\"",
        )
        .await;
        r.record(
            &api,
            &p,
            "spec.containers{c}",
            Type::Normal,
            PULLING,
            "Pulling image \"x\"",
        )
        .await;
        r.record(&api, &p, "", Type::Warning, FAILED_MOUNT, "other")
            .await;
        let w = api.writes_to("/api/v1/namespaces/ns/events");
        assert_eq!(
            w.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>(),
            ["POST", "PATCH", "POST"]
        );
        assert_eq!(w[0].1["involvedObject"]["fieldPath"], "spec.containers{c}");
        assert_eq!(w[0].1["source"]["host"], "n1");
        assert_eq!(w[1].1["count"], 2);
        assert_eq!(w[2].1["type"], "Warning");
    }

    #[tokio::test(start_paused = true)]
    async fn a_flood_about_one_pod_is_cut_at_the_burst_and_refills_slowly() {
        let api = FakeApi::default();
        let r = Recorder::new("n1", Clock::new(), true);
        let p = pod();
        for i in 0..40 {
            r.record(&api, &p, "", Type::Warning, UNHEALTHY, &format!("m{i}"))
                .await;
        }
        assert_eq!(api.writes_to("/api/v1/namespaces/ns/events").len(), 25);
        tokio::time::advance(Duration::from_secs(301)).await;
        r.record(&api, &p, "", Type::Warning, UNHEALTHY, "later")
            .await;
        assert_eq!(api.writes_to("/api/v1/namespaces/ns/events").len(), 26);
    }

    #[tokio::test]
    async fn a_disabled_recorder_writes_nothing() {
        let api = FakeApi::default();
        Recorder::new("n1", Clock::new(), false)
            .record(&api, &pod(), "", Type::Normal, STARTED, "x")
            .await;
        assert!(api.writes.lock().unwrap().is_empty());
    }
}
