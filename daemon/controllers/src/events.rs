//! Events as kube-controller-manager records them (client-go's `record` package): each
//! controller holds a [`Recorder`] naming its component (`replicaset-controller`, …); recording
//! never blocks a reconcile — events go through a bounded queue (1,000, as upstream; dropped
//! when full) to one sink task that writes core/v1 Events through the API.
//!
//! The sink correlates as upstream's `EventCorrelator` does, in this order:
//! 1. **aggregation**: more than 10 events within 10 minutes that differ only in their message
//!    (same source, object, type and reason) become one event whose message is
//!    `(combined from similar events): <latest message>`;
//! 2. **deduplication**: an event equal to one already written (message included) increments
//!    that event's `count` and moves its `lastTimestamp` (a PATCH) instead of a new object;
//! 3. **spam filter**: per source, object, type and reason a token bucket of 25 events
//!    refilled by one every 5 minutes; past it events are dropped.
//!
//! Events of cluster-scoped objects (Nodes) go to the `default` namespace, as upstream.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::{Event, EventSource, ObjectReference};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use kube::api::{Api, Patch, PatchParams, PostParams};
use kube::{Client, Resource};
use serde_json::json;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Upstream's `maxQueuedEvents`.
pub const QUEUE: usize = 1000;
/// Similar events within this window are counted for aggregation.
const AGGREGATE_WINDOW: Duration = Duration::from_secs(600);
/// More than this many similar events are aggregated.
const AGGREGATE_MAX: usize = 10;
/// The spam filter's burst and refill period.
const SPAM_BURST: f64 = 25.0;
const SPAM_REFILL: Duration = Duration::from_secs(300);
/// Correlation entries kept before the oldest half is forgotten (upstream: LRU of 4,096).
const CACHE_MAX: usize = 4096;
const COMBINED: &str = "(combined from similar events): ";

/// `Normal` or `Warning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// One event to record.
#[derive(Debug, Clone)]
pub struct Record {
    pub component: &'static str,
    pub object: ObjectReference,
    pub type_: EventType,
    pub reason: String,
    pub message: String,
}

/// A controller's handle for recording events; cheap to clone.
#[derive(Debug, Clone)]
pub struct Recorder {
    tx: Option<mpsc::Sender<Record>>,
    component: &'static str,
}

impl Recorder {
    /// A recorder that records nothing (unit tests, tools).
    pub fn disabled() -> Recorder {
        Recorder {
            tx: None,
            component: "",
        }
    }

    /// The same sink under another component name.
    pub fn for_component(&self, component: &'static str) -> Recorder {
        Recorder {
            tx: self.tx.clone(),
            component,
        }
    }

    /// Records a Normal event about `obj`.
    pub fn normal<K: Resource<DynamicType = ()>>(&self, obj: &K, reason: &str, message: String) {
        self.record(reference_of(obj), EventType::Normal, reason, message);
    }

    /// Records a Warning event about `obj`.
    pub fn warning<K: Resource<DynamicType = ()>>(&self, obj: &K, reason: &str, message: String) {
        self.record(reference_of(obj), EventType::Warning, reason, message);
    }

    /// Records an event about the object `object` refers to.
    pub fn record(&self, object: ObjectReference, type_: EventType, reason: &str, message: String) {
        let Some(tx) = &self.tx else { return };
        let rec = Record {
            component: self.component,
            object,
            type_,
            reason: reason.to_string(),
            message,
        };
        if tx.try_send(rec).is_err() {
            tracing::debug!(
                component = self.component,
                reason,
                "event queue full: event dropped"
            );
        }
    }
}

/// The reference upstream's `ref.GetReference` makes: kind, apiVersion, namespace, name, uid,
/// resourceVersion.
pub fn reference_of<K: Resource<DynamicType = ()>>(obj: &K) -> ObjectReference {
    let meta = obj.meta();
    ObjectReference {
        api_version: Some(K::api_version(&()).into_owned()),
        kind: Some(K::kind(&()).into_owned()),
        namespace: meta.namespace.clone(),
        name: meta.name.clone(),
        uid: meta.uid.clone(),
        resource_version: meta.resource_version.clone(),
        field_path: None,
    }
}

/// The message of an API error as events quote it (the Status message, not the HTTP wrapping).
pub fn api_message(e: &kube::Error) -> String {
    match e {
        kube::Error::Api(s) => s.message.clone(),
        other => other.to_string(),
    }
}

/// A recorder and the sink task that writes what it records (run it until shutdown).
pub fn channel(client: Client) -> (Recorder, Sink) {
    let (tx, rx) = mpsc::channel(QUEUE);
    (
        Recorder {
            tx: Some(tx),
            component: "",
        },
        Sink {
            client,
            rx,
            correlator: Correlator::default(),
        },
    )
}

/// Writes recorded events through the API.
pub struct Sink {
    client: Client,
    rx: mpsc::Receiver<Record>,
    correlator: Correlator,
}

impl Sink {
    /// Writes events until `shutdown` or until every recorder is gone.
    pub async fn run(mut self, shutdown: CancellationToken) {
        loop {
            let rec = tokio::select! {
                _ = shutdown.cancelled() => return,
                r = self.rx.recv() => match r { Some(r) => r, None => return },
            };
            let now = jiff::Timestamp::now();
            match self.correlator.correlate(&rec, Instant::now()) {
                Outcome::Drop => {}
                Outcome::Create { key, message } => {
                    let ev = new_event(&rec, &message, now);
                    if let Some(name) = self.create(&ev).await {
                        self.correlator
                            .written(key, name, ev.metadata.namespace.clone());
                    }
                }
                Outcome::Repeat {
                    key,
                    name,
                    namespace,
                    count,
                    message,
                } => {
                    let patch = json!({"count": count, "lastTimestamp": Time(now),
                                       "message": message});
                    let api: Api<Event> = Api::namespaced(
                        self.client.clone(),
                        namespace.as_deref().unwrap_or("default"),
                    );
                    match api
                        .patch(&name, &PatchParams::default(), &Patch::Merge(&patch))
                        .await
                    {
                        Ok(_) => {}
                        Err(kube::Error::Api(s)) if s.code == 404 => {
                            // Gone (TTL, deleted): start again with a new event.
                            let ev = new_event(&rec, &message, now);
                            if let Some(name) = self.create(&ev).await {
                                self.correlator
                                    .written(key, name, ev.metadata.namespace.clone());
                            }
                        }
                        Err(e) => tracing::debug!(error = %e, "event patch failed"),
                    }
                }
            }
        }
    }

    async fn create(&self, ev: &Event) -> Option<String> {
        let ns = ev.metadata.namespace.as_deref().unwrap_or("default");
        let api: Api<Event> = Api::namespaced(self.client.clone(), ns);
        match api.create(&PostParams::default(), ev).await {
            Ok(e) => e.metadata.name,
            Err(e) => {
                tracing::debug!(error = %e, reason = ev.reason.as_deref().unwrap_or(""), "event create failed");
                None
            }
        }
    }
}

fn new_event(rec: &Record, message: &str, now: jiff::Timestamp) -> Event {
    let namespace = rec
        .object
        .namespace
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".into());
    let name = format!(
        "{}.{:x}",
        rec.object.name.as_deref().unwrap_or(""),
        now.as_nanosecond()
    );
    Event {
        metadata: ObjectMeta {
            name: Some(name),
            namespace: Some(namespace),
            ..ObjectMeta::default()
        },
        involved_object: rec.object.clone(),
        reason: Some(rec.reason.clone()),
        message: Some(message.to_string()),
        source: Some(EventSource {
            component: Some(rec.component.to_string()),
            host: None,
        }),
        first_timestamp: Some(Time(now)),
        last_timestamp: Some(Time(now)),
        count: Some(1),
        type_: Some(rec.type_.as_str().to_string()),
        reporting_component: Some(rec.component.to_string()),
        reporting_instance: Some(String::new()),
        ..Event::default()
    }
}

/// What the correlator decides for one event.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// The spam filter dropped it.
    Drop,
    /// Write a new event (remembered under `key` once written).
    Create { key: String, message: String },
    /// Bump an event already written.
    Repeat {
        key: String,
        name: String,
        namespace: Option<String>,
        count: i32,
        message: String,
    },
}

struct Similar {
    messages: std::collections::HashSet<String>,
    since: Instant,
}

struct Written {
    name: String,
    namespace: Option<String>,
    count: i32,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Aggregation, deduplication and the spam filter (pure, clock passed in).
#[derive(Default)]
pub struct Correlator {
    similar: HashMap<String, Similar>,
    written: HashMap<String, Written>,
    buckets: HashMap<String, Bucket>,
}

fn object_key(rec: &Record) -> String {
    let o = &rec.object;
    format!(
        "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
        rec.component,
        o.kind.as_deref().unwrap_or(""),
        o.namespace.as_deref().unwrap_or(""),
        o.name.as_deref().unwrap_or(""),
        o.uid.as_deref().unwrap_or(""),
        o.api_version.as_deref().unwrap_or(""),
        rec.type_.as_str(),
        rec.reason
    )
}

fn bound<V>(map: &mut HashMap<String, V>) {
    if map.len() > CACHE_MAX {
        map.clear();
    }
}

impl Correlator {
    /// Decides what to write for `rec` at `now`.
    pub fn correlate(&mut self, rec: &Record, now: Instant) -> Outcome {
        let similar_key = object_key(rec);
        // Aggregation.
        bound(&mut self.similar);
        let entry = self
            .similar
            .entry(similar_key.clone())
            .or_insert_with(|| Similar {
                messages: Default::default(),
                since: now,
            });
        if now.duration_since(entry.since) > AGGREGATE_WINDOW {
            entry.messages.clear();
            entry.since = now;
        }
        entry.messages.insert(rec.message.clone());
        let (key, message) = if entry.messages.len() > AGGREGATE_MAX {
            (
                format!("{similar_key}\u{0}(combined)"),
                format!("{COMBINED}{}", rec.message),
            )
        } else {
            (
                format!("{similar_key}\u{0}{}", rec.message),
                rec.message.clone(),
            )
        };
        // Spam filter.
        bound(&mut self.buckets);
        let bucket = self.buckets.entry(similar_key).or_insert(Bucket {
            tokens: SPAM_BURST,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() / SPAM_REFILL.as_secs_f64();
        bucket.tokens = (bucket.tokens + refill).min(SPAM_BURST);
        bucket.at = now;
        if bucket.tokens < 1.0 {
            return Outcome::Drop;
        }
        bucket.tokens -= 1.0;
        // Deduplication.
        match self.written.get_mut(&key) {
            Some(w) => {
                w.count += 1;
                Outcome::Repeat {
                    key,
                    name: w.name.clone(),
                    namespace: w.namespace.clone(),
                    count: w.count,
                    message,
                }
            }
            None => Outcome::Create { key, message },
        }
    }

    /// Remembers the event written for `key`.
    pub fn written(&mut self, key: String, name: String, namespace: Option<String>) {
        bound(&mut self.written);
        self.written.insert(
            key,
            Written {
                name,
                namespace,
                count: 1,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(reason: &str, message: &str) -> Record {
        Record {
            component: "replicaset-controller",
            object: ObjectReference {
                kind: Some("ReplicaSet".into()),
                namespace: Some("ns".into()),
                name: Some("web-1".into()),
                uid: Some("u1".into()),
                api_version: Some("apps/v1".into()),
                ..ObjectReference::default()
            },
            type_: EventType::Normal,
            reason: reason.into(),
            message: message.into(),
        }
    }

    fn create(c: &mut Correlator, r: &Record, now: Instant) -> String {
        match c.correlate(r, now) {
            Outcome::Create { key, message } => {
                c.written(key, format!("e-{message}"), Some("ns".into()));
                message
            }
            other => panic!("expected a create, got {other:?}"),
        }
    }

    #[test]
    fn a_repeated_event_increments_the_count_of_the_one_written() {
        let mut c = Correlator::default();
        let now = Instant::now();
        let r = rec("FailedCreate", "Error creating: quota");
        create(&mut c, &r, now);
        match c.correlate(&r, now) {
            Outcome::Repeat { count, name, .. } => {
                assert_eq!(count, 2);
                assert_eq!(name, "e-Error creating: quota");
            }
            other => panic!("{other:?}"),
        }
        match c.correlate(&r, now) {
            Outcome::Repeat { count, .. } => assert_eq!(count, 3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn more_than_ten_similar_events_are_combined_into_one() {
        let mut c = Correlator::default();
        let now = Instant::now();
        for i in 0..10 {
            let m = create(
                &mut c,
                &rec("SuccessfulCreate", &format!("Created pod: p{i}")),
                now,
            );
            assert_eq!(m, format!("Created pod: p{i}"));
        }
        let m = create(&mut c, &rec("SuccessfulCreate", "Created pod: p10"), now);
        assert_eq!(m, "(combined from similar events): Created pod: p10");
        match c.correlate(&rec("SuccessfulCreate", "Created pod: p11"), now) {
            Outcome::Repeat { count, message, .. } => {
                assert_eq!(count, 2);
                assert_eq!(message, "(combined from similar events): Created pod: p11");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_spam_filter_drops_events_past_a_burst_of_25_and_refills_slowly() {
        let mut c = Correlator::default();
        let now = Instant::now();
        let r = rec("BackOff", "Back-off");
        create(&mut c, &r, now);
        for _ in 1..25 {
            assert!(matches!(c.correlate(&r, now), Outcome::Repeat { .. }));
        }
        assert_eq!(c.correlate(&r, now), Outcome::Drop);
        let later = now + Duration::from_secs(301);
        assert!(matches!(c.correlate(&r, later), Outcome::Repeat { .. }));
    }

    #[test]
    fn events_of_other_reasons_or_objects_are_kept_apart() {
        let mut c = Correlator::default();
        let now = Instant::now();
        create(&mut c, &rec("SuccessfulCreate", "Created pod: a"), now);
        create(&mut c, &rec("SuccessfulDelete", "Created pod: a"), now);
        let mut other = rec("SuccessfulCreate", "Created pod: a");
        other.object.uid = Some("u2".into());
        create(&mut c, &other, now);
    }

    #[test]
    fn a_node_event_goes_to_the_default_namespace_named_after_the_node() {
        let mut r = rec("NodeNotReady", "Node n1 status is now: NodeNotReady");
        r.object.namespace = None;
        r.object.name = Some("n1".into());
        r.component = "node-controller";
        let ev = new_event(&r, &r.message, jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(ev.metadata.namespace.as_deref(), Some("default"));
        assert_eq!(ev.metadata.name.as_deref(), Some("n1.0"));
        assert_eq!(ev.count, Some(1));
        assert_eq!(
            ev.source.and_then(|s| s.component).as_deref(),
            Some("node-controller")
        );
    }
}
