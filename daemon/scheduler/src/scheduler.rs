//! The scheduling loop: watchers (pods, nodes, namespaces) feed one task that owns the [`Cache`]
//! and the [`SchedulingQueue`]; it pops a pod, runs its profile's cycle over the cache, reserves
//! (assumes) the chosen node and hands the binding to a task that checks the lease (fencing) and
//! POSTs `pods/{name}/binding`. No fit → preemption (PostFilter), then the FailedScheduling event,
//! PodScheduled=False and the `scheduler.rk.dev/unschedulable` annotation.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use k8s_openapi::api::core::v1::{Binding, Event, Namespace, Node, ObjectReference, Pod};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use kube::api::{DeleteParams, Patch, PatchParams, PostParams};
use kube::runtime::watcher;
use kube::{Api, Client};
use tokio::sync::{Semaphore, mpsc};
use tokio_util::sync::CancellationToken;

use crate::algorithm::{Framework, Outcome};
use crate::cache::Cache;
use crate::framework::PodInfo;
use crate::leader::{LeaderConfig, Leadership};
use crate::plugins::Plugins;
use crate::preemption;
use crate::queue::{Popped, SchedulingQueue};
use crate::summary::{NO_NODES_AVAILABLE, UNSCHEDULABLE_ANNOTATION};

pub const DEFAULT_SCHEDULER_NAME: &str = "default-scheduler";

/// What stops the scheduler.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the scheduler's event channel closed")]
    ChannelClosed,
}

/// Counters and per-pod latencies (read by `rkd bench scheduler`).
#[derive(Default)]
pub struct Metrics {
    pub bound: AtomicU64,
    pub attempts: AtomicU64,
    pub unschedulable: AtomicU64,
    pub bind_failures: AtomicU64,
    /// `Scheduled` events dropped because the event queue was full.
    pub events_dropped: AtomicU64,
    /// Per bound pod: from the pod entering the queue to its binding being accepted.
    pub e2e: Mutex<Vec<Duration>>,
    /// Per bound pod: from the attempt's start (pop) to its binding being accepted.
    pub attempt: Mutex<Vec<Duration>>,
    pub changed: tokio::sync::Notify,
}

/// How to run.
pub struct Config {
    pub client: Client,
    /// One profile (the default plugins) per name; pods naming another scheduler are ignored.
    pub scheduler_names: Vec<String>,
    /// `None`: no leader election (always leader).
    pub leader: Option<LeaderConfig>,
    /// Bindings and status writes in flight at once.
    pub parallelism: usize,
    /// Emit a `Scheduled` event per bound pod (as kube-scheduler does).
    pub scheduled_events: bool,
    pub metrics: Arc<Metrics>,
}

impl Config {
    pub fn new(client: Client) -> Config {
        Config {
            client,
            scheduler_names: vec![DEFAULT_SCHEDULER_NAME.into()],
            leader: None,
            parallelism: 64,
            scheduled_events: true,
            metrics: Arc::new(Metrics::default()),
        }
    }
}

#[allow(clippy::large_enum_variant)] // one message per watch event, moved once
enum Msg {
    Pod(watcher::Event<Pod>),
    Node(watcher::Event<Node>),
    Namespace(watcher::Event<Namespace>),
    Pdb(watcher::Event<PodDisruptionBudget>),
    BindFailed {
        pod: Arc<PodInfo>,
        attempts: u32,
        first_seen: Instant,
    },
}

fn spawn_watcher<K>(
    api: Api<K>,
    tx: mpsc::Sender<Msg>,
    wrap: fn(watcher::Event<K>) -> Msg,
    shutdown: CancellationToken,
) where
    K: kube::Resource
        + Clone
        + std::fmt::Debug
        + serde::de::DeserializeOwned
        + Send
        + Sync
        + 'static,
{
    tokio::spawn(async move {
        use kube::runtime::WatchStreamExt;
        // As kube-scheduler's informers do: managedFields are never read here, and they are the
        // bulk of a pod held in memory.
        let stream = watcher::watcher(api, watcher::Config::default())
            .modify(|o| o.meta_mut().managed_fields = None)
            .default_backoff();
        let mut stream = std::pin::pin!(stream);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => break,
                ev = stream.next() => match ev {
                    Some(Ok(ev)) => {
                        if tx.send(wrap(ev)).await.is_err() {
                            break;
                        }
                    }
                    Some(Err(e)) => tracing::warn!(error = %e, "scheduler watch failed; retrying"),
                    None => break,
                },
            }
        }
    });
}

/// What the loop remembers of each pod it saw.
struct PodRecord {
    pod: Arc<Pod>,
    node: Option<String>,
}

struct Loop {
    client: Client,
    cache: Cache,
    queue: SchedulingQueue,
    profiles: HashMap<String, Framework>,
    pods: HashMap<String, PodRecord>,
    /// PodDisruptionBudgets by namespace/name (for preemption).
    pdbs: HashMap<String, preemption::Pdb>,
    pdb_list: Vec<preemption::Pdb>,
    /// Pending pods with status.nominatedNodeName, by node.
    nominated: crate::algorithm::Nominated,
    /// Keys seen since the last Init of each watch (to drop what vanished during a relist).
    init_pods: Option<HashSet<String>>,
    init_nodes: Option<HashSet<String>>,
    init_ns: Option<HashSet<String>>,
    synced: [bool; 3],
    leadership: Leadership,
    binds: Arc<Semaphore>,
    /// `Scheduled` events waiting for the event writer (`None`: events off).
    events: Option<mpsc::Sender<(Arc<PodInfo>, String)>>,
    tx: mpsc::Sender<Msg>,
    metrics: Arc<Metrics>,
    identity: String,
}

fn pod_key(p: &Pod) -> String {
    format!(
        "{}/{}",
        p.metadata.namespace.as_deref().unwrap_or("default"),
        p.metadata.name.as_deref().unwrap_or("")
    )
}

fn scheduler_name(p: &Pod) -> &str {
    p.spec
        .as_ref()
        .and_then(|s| s.scheduler_name.as_deref())
        .unwrap_or(DEFAULT_SCHEDULER_NAME)
}

fn assigned_node(p: &Pod) -> Option<String> {
    p.spec
        .as_ref()
        .and_then(|s| s.node_name.clone())
        .filter(|n| !n.is_empty())
}

fn terminal(p: &Pod) -> bool {
    matches!(
        p.status.as_ref().and_then(|s| s.phase.as_deref()),
        Some("Succeeded" | "Failed")
    )
}

/// Whether a pending pod changed in a way that may change where it fits (not our own writes).
fn scheduling_relevant_change(old: &Pod, new: &Pod) -> bool {
    let strip = |p: &Pod| {
        let mut a = p.metadata.annotations.clone().unwrap_or_default();
        a.remove(UNSCHEDULABLE_ANNOTATION);
        (p.spec.clone(), p.metadata.labels.clone(), a)
    };
    strip(old) != strip(new)
}

fn node_relevant_change(old: &Node, new: &Node) -> bool {
    let key = |n: &Node| {
        (
            n.metadata.labels.clone(),
            n.spec.as_ref().map(|s| (s.taints.clone(), s.unschedulable)),
            n.status.as_ref().map(|s| s.allocatable.clone()),
        )
    };
    key(old) != key(new)
}

impl Loop {
    fn handle(&mut self, m: Msg) {
        let now = Instant::now();
        match m {
            Msg::Pod(ev) => self.pod_event(ev, now),
            Msg::Node(ev) => self.node_event(ev, now),
            Msg::Namespace(ev) => self.ns_event(ev),
            Msg::Pdb(ev) => self.pdb_event(ev),
            Msg::BindFailed {
                pod,
                attempts,
                first_seen,
            } => {
                self.cache.forget(&pod.uid);
                let key = pod.key();
                let still_pending = self.pods.get(&key).is_some_and(|r| {
                    r.node.is_none() && r.pod.metadata.uid.as_deref() == Some(pod.uid.as_str())
                });
                if still_pending {
                    self.queue
                        .requeue_after_bind_failure(pod, attempts, first_seen, now);
                }
            }
        }
    }

    fn pod_event(&mut self, ev: watcher::Event<Pod>, now: Instant) {
        match ev {
            watcher::Event::Init => self.init_pods = Some(HashSet::new()),
            watcher::Event::InitApply(p) => {
                if let Some(seen) = self.init_pods.as_mut() {
                    seen.insert(pod_key(&p));
                }
                self.apply_pod(p, now);
            }
            watcher::Event::InitDone => {
                if let Some(seen) = self.init_pods.take() {
                    let gone: Vec<String> = self
                        .pods
                        .keys()
                        .filter(|k| !seen.contains(*k))
                        .cloned()
                        .collect();
                    for k in gone {
                        self.delete_pod(&k, now);
                    }
                }
                self.synced[0] = true;
            }
            watcher::Event::Apply(p) => self.apply_pod(p, now),
            watcher::Event::Delete(p) => self.delete_pod(&pod_key(&p), now),
        }
    }

    fn apply_pod(&mut self, p: Pod, now: Instant) {
        let key = pod_key(&p);
        if terminal(&p) {
            self.delete_pod(&key, now);
            return;
        }
        let p = Arc::new(p);
        let node = assigned_node(&p);
        self.unnominate(&key);
        let nominated_to = p
            .status
            .as_ref()
            .and_then(|s| s.nominated_node_name.clone())
            .filter(|n| !n.is_empty());
        if node.is_none()
            && p.metadata.deletion_timestamp.is_none()
            && let Some(n) = nominated_to
        {
            self.nominated
                .entry(n)
                .or_default()
                .push(Arc::new(PodInfo::new(p.clone())));
        }
        let prev = self.pods.insert(
            key.clone(),
            PodRecord {
                pod: p.clone(),
                node: node.clone(),
            },
        );
        let uid = p.metadata.uid.clone().unwrap_or_default();
        if let Some(prev) = &prev
            && prev.pod.metadata.uid.as_deref() != Some(uid.as_str())
        {
            // Same name, new pod: the old one is gone.
            if let Some(old_uid) = prev.pod.metadata.uid.as_deref() {
                self.cache.remove_pod(old_uid);
            }
            self.queue.remove(&key);
        }
        match node {
            Some(node) => {
                self.queue.remove(&key);
                let newly_placed = prev.as_ref().is_none_or(|r| r.node.is_none());
                let was_assumed = self.cache.is_assumed(&uid);
                self.cache.set_pod(&node, Arc::new(PodInfo::new(p)));
                if newly_placed && !was_assumed {
                    self.queue.move_all_unschedulable(now);
                }
            }
            None => {
                if p.metadata.deletion_timestamp.is_some()
                    || !self.profiles.contains_key(scheduler_name(&p))
                {
                    self.queue.remove(&key);
                    return;
                }
                if self.cache.is_assumed(&uid) {
                    return; // binding in flight
                }
                let changed = prev
                    .as_ref()
                    .is_some_and(|r| scheduling_relevant_change(&r.pod, &p));
                self.queue
                    .add_or_update(Arc::new(PodInfo::new(p)), changed, now);
            }
        }
    }

    fn unnominate(&mut self, key: &str) {
        if self.nominated.is_empty() {
            return;
        }
        self.nominated.retain(|_, v| {
            v.retain(|p| p.key() != key);
            !v.is_empty()
        });
    }

    fn delete_pod(&mut self, key: &str, now: Instant) {
        self.unnominate(key);
        self.queue.remove(key);
        if let Some(r) = self.pods.remove(key)
            && let Some(uid) = r.pod.metadata.uid.as_deref()
            && self.cache.contains_pod(uid)
        {
            self.cache.remove_pod(uid);
            self.queue.move_all_unschedulable(now);
        }
    }

    fn node_event(&mut self, ev: watcher::Event<Node>, now: Instant) {
        match ev {
            watcher::Event::Init => self.init_nodes = Some(HashSet::new()),
            watcher::Event::InitApply(n) | watcher::Event::Apply(n) => {
                let name = n.metadata.name.clone().unwrap_or_default();
                if let Some(seen) = self.init_nodes.as_mut() {
                    seen.insert(name.clone());
                }
                let relevant = self
                    .cache
                    .node(&name)
                    .is_none_or(|old| node_relevant_change(&old.node, &n));
                self.cache.set_node(Arc::new(n));
                if relevant {
                    self.queue.move_all_unschedulable(now);
                }
            }
            watcher::Event::InitDone => {
                if let Some(seen) = self.init_nodes.take() {
                    let snap = self.cache.snapshot();
                    let gone: Vec<String> = snap
                        .iter()
                        .filter(|n| !seen.contains(&n.name))
                        .map(|n| n.name.clone())
                        .collect();
                    for n in gone {
                        self.cache.remove_node(&n);
                    }
                }
                self.synced[1] = true;
            }
            watcher::Event::Delete(n) => {
                self.cache
                    .remove_node(n.metadata.name.as_deref().unwrap_or(""));
            }
        }
    }

    fn ns_event(&mut self, ev: watcher::Event<Namespace>) {
        match ev {
            watcher::Event::Init => self.init_ns = Some(HashSet::new()),
            watcher::Event::InitApply(n) | watcher::Event::Apply(n) => {
                let name = n.metadata.name.clone().unwrap_or_default();
                if let Some(seen) = self.init_ns.as_mut() {
                    seen.insert(name.clone());
                }
                self.cache
                    .set_namespace(name, n.metadata.labels.unwrap_or_default());
            }
            watcher::Event::InitDone => {
                self.init_ns = None;
                self.synced[2] = true;
            }
            watcher::Event::Delete(n) => self
                .cache
                .remove_namespace(n.metadata.name.as_deref().unwrap_or("")),
        }
    }

    fn pdb_event(&mut self, ev: watcher::Event<PodDisruptionBudget>) {
        let key = |p: &PodDisruptionBudget| {
            format!(
                "{}/{}",
                p.metadata.namespace.as_deref().unwrap_or(""),
                p.metadata.name.as_deref().unwrap_or("")
            )
        };
        match ev {
            watcher::Event::Init => self.pdbs.clear(),
            watcher::Event::InitApply(p) | watcher::Event::Apply(p) => {
                let pdb = preemption::Pdb {
                    namespace: p.metadata.namespace.clone().unwrap_or_default(),
                    selector: crate::selectors::Selector::from_label_selector(
                        p.spec.as_ref().and_then(|s| s.selector.as_ref()),
                    ),
                    allowed: p.status.as_ref().map_or(0, |s| s.disruptions_allowed),
                };
                self.pdbs.insert(key(&p), pdb);
            }
            watcher::Event::Delete(p) => {
                self.pdbs.remove(&key(&p));
            }
            watcher::Event::InitDone => {}
        }
        self.pdb_list = self.pdbs.values().cloned().collect();
    }

    fn schedule_one(&mut self, popped: Popped) {
        let started = Instant::now();
        self.metrics.attempts.fetch_add(1, Ordering::Relaxed);
        let pod = popped.pod.clone();
        let key = pod.key();
        let profile = scheduler_name(&pod.pod).to_string();
        let Some(fw) = self.profiles.get_mut(&profile) else {
            self.queue.remove(&key);
            return;
        };
        let (keys, existing_anti) = crate::plugins::count_keys(&pod);
        self.cache.prepare(&keys, existing_anti);
        let snap = self.cache.snapshot();
        let (outcome, state) = fw.schedule_with_nominated(&pod, &snap, &self.nominated);
        // The cycle's state shares the cache's counts; dropped first, assuming the pod updates
        // them in place instead of copying.
        drop(state);
        match outcome {
            Outcome::Fit { node, .. } => {
                self.cache.assume(&node, pod.clone());
                self.queue.done(&key);
                self.spawn_bind(popped, node, started);
            }
            Outcome::NoFit(mut diag) => {
                let fw = &*fw;
                match preemption::preempt(fw, &pod, &snap, &diag, &self.pdb_list) {
                    Ok(c) => self.spawn_preemption(pod.clone(), c),
                    Err(msg) => diag.post_filter_msg = Some(format!("preemption: {msg}")),
                }
                self.metrics.unschedulable.fetch_add(1, Ordering::Relaxed);
                self.queue
                    .done_unschedulable(&key, popped.cycle, Instant::now());
                self.spawn_failure(pod, diag.message(), Some(diag.annotation()), profile);
            }
            Outcome::Error(msg) => {
                if msg == NO_NODES_AVAILABLE {
                    self.queue
                        .done_unschedulable(&key, popped.cycle, Instant::now());
                } else {
                    self.queue.done_error(&key, Instant::now());
                }
                self.spawn_failure(pod, msg, None, profile);
            }
        }
    }

    fn spawn_bind(&self, popped: Popped, node: String, started: Instant) {
        let (client, leadership, sem, tx, metrics) = (
            self.client.clone(),
            self.leadership.clone(),
            self.binds.clone(),
            self.tx.clone(),
            self.metrics.clone(),
        );
        let events = self.events.clone();
        tokio::spawn(async move {
            let _permit = sem.acquire_owned().await;
            let pod = popped.pod.clone();
            let result = if leadership.holds() {
                bind(&client, &pod, &node).await
            } else {
                Err("lost the scheduler lease before binding".to_string())
            };
            match result {
                Ok(()) => {
                    let now = Instant::now();
                    if let Ok(mut v) = metrics.e2e.lock() {
                        v.push(now - popped.first_seen);
                    }
                    if let Ok(mut v) = metrics.attempt.lock() {
                        v.push(now - started);
                    }
                    metrics.bound.fetch_add(1, Ordering::Relaxed);
                    metrics.changed.notify_waiters();
                    drop(_permit);
                    if let Some(events) = events
                        && events.try_send((pod, node)).is_err()
                    {
                        metrics.events_dropped.fetch_add(1, Ordering::Relaxed);
                    }
                }
                Err(e) => {
                    tracing::info!(pod = %pod.key(), node, error = %e, "binding failed");
                    metrics.bind_failures.fetch_add(1, Ordering::Relaxed);
                    let _ = tx
                        .send(Msg::BindFailed {
                            pod,
                            attempts: popped.attempts,
                            first_seen: popped.first_seen,
                        })
                        .await;
                }
            }
        });
    }

    fn spawn_failure(
        &self,
        pod: Arc<PodInfo>,
        message: String,
        annotation: Option<String>,
        profile: String,
    ) {
        let (client, sem, identity) = (
            self.client.clone(),
            self.binds.clone(),
            self.identity.clone(),
        );
        let leadership = self.leadership.clone();
        tokio::spawn(async move {
            let _permit = sem.acquire_owned().await;
            if !leadership.holds() {
                return;
            }
            if let Err(e) = record_failure(
                &client,
                &pod,
                &message,
                annotation.as_deref(),
                &profile,
                &identity,
            )
            .await
            {
                tracing::info!(pod = %pod.key(), error = %e, "recording the scheduling failure");
            }
        });
    }

    fn spawn_preemption(&self, pod: Arc<PodInfo>, c: preemption::Candidate) {
        let (client, sem, identity) = (
            self.client.clone(),
            self.binds.clone(),
            self.identity.clone(),
        );
        let leadership = self.leadership.clone();
        tokio::spawn(async move {
            let _permit = sem.acquire_owned().await;
            if !leadership.holds() {
                return;
            }
            let profile = scheduler_name(&pod.pod).to_string();
            for v in &c.victims {
                let api: Api<Pod> = Api::namespaced(client.clone(), &v.namespace);
                // The victim's own grace period applies (DeleteParams without one).
                if let Err(e) = api.delete(&v.name, &DeleteParams::default()).await {
                    tracing::info!(victim = %v.key(), error = %e, "preemption: deleting the victim");
                    continue;
                }
                let msg = format!("Preempted by pod {} on node {}", pod.uid, c.node);
                let _ =
                    emit_event(&client, v, "Normal", "Preempted", &msg, &profile, &identity).await;
            }
            let api: Api<Pod> = Api::namespaced(client.clone(), &pod.namespace);
            let patch = serde_json::json!({"status": {"nominatedNodeName": c.node}});
            if let Err(e) = api
                .patch_status(&pod.name, &PatchParams::default(), &Patch::Merge(&patch))
                .await
            {
                tracing::info!(pod = %pod.key(), error = %e, "preemption: setting nominatedNodeName");
            }
        });
    }
}

async fn bind(client: &Client, pod: &PodInfo, node: &str) -> Result<(), String> {
    let api: Api<Pod> = Api::namespaced(client.clone(), &pod.namespace);
    let binding = Binding {
        metadata: ObjectMeta {
            name: Some(pod.name.clone()),
            namespace: Some(pod.namespace.clone()),
            uid: Some(pod.uid.clone()),
            ..ObjectMeta::default()
        },
        target: ObjectReference {
            api_version: Some("v1".into()),
            kind: Some("Node".into()),
            name: Some(node.to_string()),
            ..ObjectReference::default()
        },
    };
    api.create_subresource::<_, serde_json::Value>(
        "binding",
        &pod.name,
        &PostParams::default(),
        &binding,
    )
    .await
    .map(|_| ())
    .map_err(|e| e.to_string())
}

fn now_time() -> Time {
    Time(k8s_openapi::jiff::Timestamp::now())
}

async fn emit_event(
    client: &Client,
    pod: &PodInfo,
    kind: &str,
    reason: &str,
    message: &str,
    component: &str,
    identity: &str,
) -> Result<(), kube::Error> {
    let api: Api<Event> = Api::namespaced(client.clone(), &pod.namespace);
    let now = now_time();
    let nanos = k8s_openapi::jiff::Timestamp::now().as_nanosecond();
    let ev = Event {
        metadata: ObjectMeta {
            name: Some(format!("{}.{:x}", pod.name, nanos)),
            namespace: Some(pod.namespace.clone()),
            ..ObjectMeta::default()
        },
        involved_object: ObjectReference {
            api_version: Some("v1".into()),
            kind: Some("Pod".into()),
            name: Some(pod.name.clone()),
            namespace: Some(pod.namespace.clone()),
            uid: Some(pod.uid.clone()),
            ..ObjectReference::default()
        },
        reason: Some(reason.into()),
        message: Some(message.into()),
        type_: Some(kind.into()),
        count: Some(1),
        first_timestamp: Some(now.clone()),
        last_timestamp: Some(now),
        source: Some(k8s_openapi::api::core::v1::EventSource {
            component: Some(component.into()),
            host: None,
        }),
        reporting_component: Some(component.into()),
        reporting_instance: Some(identity.into()),
        ..Event::default()
    };
    api.create(&PostParams::default(), &ev).await.map(|_| ())
}

/// FailedScheduling event, PodScheduled=False (reason Unschedulable) and the annotation; the
/// condition and annotation are written only when they change.
async fn record_failure(
    client: &Client,
    pod: &PodInfo,
    message: &str,
    annotation: Option<&str>,
    profile: &str,
    identity: &str,
) -> Result<(), kube::Error> {
    emit_event(
        client,
        pod,
        "Warning",
        "FailedScheduling",
        message,
        profile,
        identity,
    )
    .await?;
    let api: Api<Pod> = Api::namespaced(client.clone(), &pod.namespace);
    // The annotation first: whoever waits for the condition then sees both.
    if let Some(a) = annotation {
        let existing = pod
            .pod
            .metadata
            .annotations
            .as_ref()
            .and_then(|m| m.get(UNSCHEDULABLE_ANNOTATION));
        if existing.map(String::as_str) != Some(a) {
            let patch =
                serde_json::json!({"metadata": {"annotations": {UNSCHEDULABLE_ANNOTATION: a}}});
            api.patch(&pod.name, &PatchParams::default(), &Patch::Merge(&patch))
                .await?;
        }
    }
    let conditions = pod
        .pod
        .status
        .as_ref()
        .and_then(|s| s.conditions.clone())
        .unwrap_or_default();
    let current = conditions.iter().find(|c| c.type_ == "PodScheduled");
    let same = current.is_some_and(|c| {
        c.status == "False"
            && c.reason.as_deref() == Some("Unschedulable")
            && c.message.as_deref() == Some(message)
    });
    if !same {
        let mut list: Vec<serde_json::Value> = conditions
            .iter()
            .filter(|c| c.type_ != "PodScheduled")
            .filter_map(|c| serde_json::to_value(c).ok())
            .collect();
        list.push(serde_json::json!({
            "type": "PodScheduled", "status": "False", "reason": "Unschedulable",
            "message": message, "lastProbeTime": null,
            "lastTransitionTime": now_time(),
        }));
        let patch = serde_json::json!({"status": {"conditions": list}});
        api.patch_status(&pod.name, &PatchParams::default(), &Patch::Merge(&patch))
            .await?;
    }
    Ok(())
}

/// `Scheduled` events queued for the writer at most; more are dropped, as upstream's event
/// broadcaster does (its queue of 1,000 drops when full), so events never slow binding down.
pub const EVENT_QUEUE: usize = 1000;

/// Writes queued `Scheduled` events one at a time (as upstream's recorder goroutine does).
async fn write_scheduled_events(
    client: Client,
    mut rx: mpsc::Receiver<(Arc<PodInfo>, String)>,
    identity: String,
    shutdown: CancellationToken,
) {
    loop {
        let (pod, node) = tokio::select! {
            _ = shutdown.cancelled() => return,
            m = rx.recv() => match m {
                Some(m) => m,
                None => return,
            },
        };
        let msg = format!("Successfully assigned {} to {node}", pod.key());
        let profile = scheduler_name(&pod.pod).to_string();
        if let Err(e) = emit_event(
            &client,
            &pod,
            "Normal",
            "Scheduled",
            &msg,
            &profile,
            &identity,
        )
        .await
        {
            tracing::debug!(pod = %pod.key(), error = %e, "Scheduled event");
        }
    }
}

/// Runs the scheduler until `shutdown`.
pub async fn run(cfg: Config, shutdown: CancellationToken) -> Result<(), Error> {
    let (tx, mut rx) = mpsc::channel::<Msg>(4096);
    let client = cfg.client.clone();
    spawn_watcher(
        Api::<Pod>::all(client.clone()),
        tx.clone(),
        Msg::Pod,
        shutdown.clone(),
    );
    spawn_watcher(
        Api::<Node>::all(client.clone()),
        tx.clone(),
        Msg::Node,
        shutdown.clone(),
    );
    spawn_watcher(
        Api::<Namespace>::all(client.clone()),
        tx.clone(),
        Msg::Namespace,
        shutdown.clone(),
    );
    spawn_watcher(
        Api::<PodDisruptionBudget>::all(client.clone()),
        tx.clone(),
        Msg::Pdb,
        shutdown.clone(),
    );
    let identity = cfg
        .leader
        .as_ref()
        .map_or_else(|| "rk-scheduler".to_string(), |l| l.identity.clone());
    let leadership = match cfg.leader.clone() {
        Some(lc) => {
            let l = Leadership::candidate();
            tokio::spawn(crate::leader::run(
                client.clone(),
                lc,
                l.clone(),
                shutdown.clone(),
            ));
            l
        }
        None => Leadership::always(),
    };
    let profiles = cfg
        .scheduler_names
        .iter()
        .map(|n| (n.clone(), Framework::new(Plugins::default_profile())))
        .collect();
    let events = cfg.scheduled_events.then(|| {
        let (tx, rx) = mpsc::channel(EVENT_QUEUE);
        tokio::spawn(write_scheduled_events(
            client.clone(),
            rx,
            identity.clone(),
            shutdown.clone(),
        ));
        tx
    });
    let mut lp = Loop {
        client,
        cache: Cache::default(),
        queue: SchedulingQueue::default(),
        profiles,
        pods: HashMap::new(),
        pdbs: HashMap::new(),
        pdb_list: Vec::new(),
        nominated: HashMap::new(),
        init_pods: None,
        init_nodes: None,
        init_ns: None,
        synced: [false; 3],
        leadership: leadership.clone(),
        binds: Arc::new(Semaphore::new(cfg.parallelism.max(1))),
        events,
        tx,
        metrics: cfg.metrics.clone(),
        identity,
    };
    let mut last_flush = Instant::now();
    let mut since_yield = 0u32;
    loop {
        loop {
            match rx.try_recv() {
                Ok(m) => lp.handle(m),
                Err(mpsc::error::TryRecvError::Empty) => break,
                Err(mpsc::error::TryRecvError::Disconnected) => return Err(Error::ChannelClosed),
            }
        }
        if shutdown.is_cancelled() {
            return Ok(());
        }
        let now = Instant::now();
        if now >= last_flush + Duration::from_secs(1) {
            lp.queue.flush(now);
            last_flush = now;
        }
        let ready = lp.synced.iter().all(|s| *s) && leadership.holds();
        if ready && let Some(p) = lp.queue.pop(now) {
            lp.schedule_one(p);
            since_yield += 1;
            if since_yield >= 32 {
                since_yield = 0;
                tokio::task::yield_now().await;
            }
            continue;
        }
        let wake = lp
            .queue
            .next_backoff()
            .map_or(last_flush + Duration::from_secs(1), |t| {
                t.min(last_flush + Duration::from_secs(1))
            });
        tokio::select! {
            m = rx.recv() => match m {
                Some(m) => lp.handle(m),
                None => return Err(Error::ChannelClosed),
            },
            _ = tokio::time::sleep_until(wake.into()) => {}
            _ = leadership.changed() => {}
            _ = shutdown.cancelled() => return Ok(()),
        }
    }
}
