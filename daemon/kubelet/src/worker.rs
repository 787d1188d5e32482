//! Pod workers: one task per pod, as kubelet's pod workers. Updates for a pod (from the API
//! watch, or a poke from the relist when its containers changed in the runtime) are coalesced in
//! a `watch` channel: the worker always syncs against the latest pod, never a queue of stale
//! ones. One `sync` step:
//! 1. deleted (in the API, or gone from it) → stop containers within the grace period, stop and
//!    remove the sandbox, then complete the API-side delete (`gracePeriodSeconds=0`, uid
//!    precondition) — the worker ends;
//! 2. terminal (Succeeded/Failed) → make sure nothing runs, never restart;
//! 3. otherwise → a sandbox, then init containers in order (sidecars started and left running),
//!    then the containers; exited ones restart as the restart policy says, with kubelet's
//!    back-off (CrashLoopBackOff, doubling to a maximum);
//! 4. the status is computed (`status::build`) and written through `pods/status` only when it
//!    differs from what the API holds.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::watch;
use tokio::time::Instant;

use crate::client::{self, Client, Method};
use crate::events::Recorder;
use crate::pod::{ContainerSpec, Pod};
use crate::prober::{self, Probes};
use crate::runtime::{
    self, ContainerState, ContainerStatus, RestartPolicy, Runtime, SandboxState, SandboxStatus,
};
use crate::spec::volumes::{self, VolumeState};
use crate::status::{self, ContainerView, StatusInput};
use crate::time::{Clock, parse_rfc3339};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("runtime: {0}")]
    Runtime(#[from] runtime::Error),
    #[error("API: {0}")]
    Api(#[from] client::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the workers write to the API (the seam tests replace with a recorder).
pub trait PodApi: Send + Sync + 'static {
    fn patch_status(
        &self,
        namespace: &str,
        name: &str,
        status: &Value,
    ) -> impl Future<Output = Result<(), client::Error>> + Send;
    /// DELETE with `gracePeriodSeconds=0` and a uid precondition; NotFound is success.
    fn delete_pod(
        &self,
        namespace: &str,
        name: &str,
        uid: &str,
    ) -> impl Future<Output = Result<(), client::Error>> + Send;
    /// GET of an object the pod references (ConfigMaps, Secrets).
    fn get_object(&self, path: &str) -> impl Future<Output = Result<Value, client::Error>> + Send {
        let request = format!("GET {path}");
        async move {
            Err(client::Error::Status {
                request,
                code: 404,
                reason: "NotFound".into(),
                message: "not found".into(),
            })
        }
    }
    /// POST (Events, TokenRequests); answers the created object.
    fn create_object(
        &self,
        _path: &str,
        body: &Value,
    ) -> impl Future<Output = Result<Value, client::Error>> + Send {
        let body = body.clone();
        async move { Ok(body) }
    }
    /// JSON merge patch (a repeated Event's count).
    fn patch_object(
        &self,
        _path: &str,
        body: &Value,
    ) -> impl Future<Output = Result<Value, client::Error>> + Send {
        let body = body.clone();
        async move { Ok(body) }
    }
}

impl PodApi for Client {
    async fn get_object(&self, path: &str) -> Result<Value, client::Error> {
        self.json(Method::Get, path, None).await
    }

    async fn create_object(&self, path: &str, body: &Value) -> Result<Value, client::Error> {
        self.json(Method::Post, path, Some(body)).await
    }

    async fn patch_object(&self, path: &str, body: &Value) -> Result<Value, client::Error> {
        self.merge_patch(path, body).await
    }

    async fn patch_status(
        &self,
        namespace: &str,
        name: &str,
        status: &Value,
    ) -> Result<(), client::Error> {
        let path = format!("/api/v1/namespaces/{namespace}/pods/{name}/status");
        self.merge_patch(&path, &json!({"status": status}))
            .await
            .map(drop)
    }

    async fn delete_pod(
        &self,
        namespace: &str,
        name: &str,
        uid: &str,
    ) -> Result<(), client::Error> {
        let path = format!("/api/v1/namespaces/{namespace}/pods/{name}");
        let body = json!({"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0, "preconditions": {"uid": uid}});
        match self.json(Method::Delete, &path, Some(&body)).await {
            Ok(_) => Ok(()),
            Err(e) if matches!(e.code(), Some(404 | 409)) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// What every worker of one node shares.
pub struct NodeContext<R, A> {
    pub runtime: R,
    pub api: A,
    pub node_name: String,
    pub host_ip: String,
    pub clock: Clock,
    pub backoff_initial: Duration,
    pub backoff_max: Duration,
    /// Where pods' log directories go (`<root>/<namespace>_<name>_<uid>/<container>/<attempt>.log`,
    /// as kubelet's /var/log/pods); None for runtimes that keep no logs (sim).
    pub log_root: Option<std::path::PathBuf>,
    /// Where pods' volumes go (`<root>/<uid>/volumes/…`, as kubelet's /var/lib/kubelet/pods);
    /// None for runtimes that mount nothing (sim).
    pub pod_root: Option<std::path::PathBuf>,
    pub events: Recorder,
    /// The node's allocatable (resourceFieldRef of an unset limit).
    pub allocatable: BTreeMap<String, String>,
    /// The cluster CA (PEM) for service account volumes' `ca.crt`.
    pub cluster_ca: String,
    /// Events are written by a task of their own (in order per pod), off the path that starts
    /// containers and writes status — as kubelet's event broadcaster does. Off (the default),
    /// `record` returns once the event is written (what the worker tests read).
    pub background_events: bool,
}

impl<R, A> NodeContext<R, A> {
    /// A context with no log or volume root, events on, and kubelet's default back-off.
    pub fn new(runtime: R, api: A, node_name: &str, host_ip: &str, clock: Clock) -> Self {
        NodeContext {
            runtime,
            api,
            node_name: node_name.to_string(),
            host_ip: host_ip.to_string(),
            clock,
            backoff_initial: Duration::from_secs(10),
            backoff_max: Duration::from_secs(300),
            log_root: None,
            pod_root: None,
            events: Recorder::new(node_name, clock, true),
            allocatable: BTreeMap::new(),
            cluster_ca: String::new(),
            background_events: false,
        }
    }
}

/// The latest word on a pod: its object (None once it is gone from the API) and a counter the
/// relist bumps to make the worker look again.
#[derive(Clone, Debug, Default)]
pub struct Update {
    pub pod: Option<Arc<Pod>>,
    pub pokes: u64,
}

/// What a sync step decided.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// The pod is gone and cleaned up: the worker ends.
    Finished,
    /// Nothing to do until an update — or until this instant (a back-off ends).
    Wait(Option<Instant>),
}

/// One pod's worker.
pub struct PodWorker<R, A> {
    ctx: Arc<NodeContext<R, A>>,
    pod: Arc<Pod>,
    removed: bool,
    start_time: Option<i64>,
    transitions: BTreeMap<String, (bool, i64)>,
    last_states: HashMap<String, Value>,
    backoff: HashMap<String, Duration>,
    written: Option<u64>,
    /// Set once this worker has seen the pod terminal: nothing is restarted any more.
    terminal: bool,
    /// What only pods using spec features need: allocated on first use, so simulated pods (and
    /// plain ones) carry one pointer.
    state: Option<Box<SpecState>>,
    pod_ip: Option<String>,
    /// Start-up stage times when they are logged (`stages`), until the pod runs.
    stages: Option<Box<stages::Stages>>,
    /// The last background event's task: the next one waits for it (events stay in order).
    event_tail: std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
}

/// A pod worker's state for volumes, image pulls, config errors and probes.
#[derive(Default)]
struct SpecState {
    volumes: VolumeState,
    /// Why a container could not be created (reason, message): image pulls, config errors.
    waiting: HashMap<String, (String, String)>,
    /// Per container: the image pull back-off and when it ends.
    image_backoff: HashMap<String, (Duration, Instant)>,
    /// Volume set-up retries: the delay and when to try again.
    mount_backoff: Option<(Duration, Instant)>,
    probes: Probes,
}

fn earliest(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn hash_of(v: &Value) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.to_string().hash(&mut h);
    h.finish()
}

impl<R: Runtime, A: PodApi> PodWorker<R, A> {
    /// A worker for `pod`; `api_status` is the status the API holds (after an agent restart it
    /// carries start time, condition times and last states, so nothing is rewritten needlessly).
    pub fn new(ctx: Arc<NodeContext<R, A>>, pod: Arc<Pod>, api_status: Option<&Value>) -> Self {
        let mut w = PodWorker {
            terminal: pod.is_terminal(),
            ctx,
            pod,
            removed: false,
            start_time: None,
            transitions: BTreeMap::new(),
            last_states: HashMap::new(),
            backoff: HashMap::new(),
            written: None,
            state: None,
            pod_ip: None,
            stages: None,
            event_tail: std::sync::Mutex::new(None),
        };
        if api_status
            .and_then(|s| s.get("phase"))
            .is_none_or(|p| p == "Pending")
        {
            w.stages = stages::Stages::new_if_enabled();
        }
        if let Some(s) = api_status {
            w.seed(s);
        }
        w
    }

    fn seed(&mut self, s: &Value) {
        self.start_time = s
            .get("startTime")
            .and_then(Value::as_str)
            .and_then(parse_rfc3339);
        for c in s
            .get("conditions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let (Some(t), Some(st), Some(at)) = (
                c.get("type").and_then(Value::as_str),
                c.get("status").and_then(Value::as_str),
                c.get("lastTransitionTime")
                    .and_then(Value::as_str)
                    .and_then(parse_rfc3339),
            ) {
                self.transitions.insert(t.to_string(), (st == "True", at));
            }
        }
        for c in ["initContainerStatuses", "containerStatuses"]
            .iter()
            .filter_map(|f| s.get(*f).and_then(Value::as_array))
            .flatten()
        {
            if let (Some(name), Some(last)) =
                (c.get("name").and_then(Value::as_str), c.get("lastState"))
                && last.as_object().is_some_and(|o| !o.is_empty())
            {
                self.last_states.insert(name.to_string(), last.clone());
            }
        }
        self.written = Some(hash_of(s));
    }

    /// Runs until the pod is gone (or the agent stops: the sender is dropped).
    pub async fn run(mut self, mut updates: watch::Receiver<Update>) {
        let mut failures = 0u32;
        loop {
            let update = updates.borrow_and_update().clone();
            match update.pod {
                Some(p) => {
                    if p.is_terminal() {
                        self.terminal = true;
                    }
                    self.pod = p;
                }
                None => self.removed = true,
            }
            // Boxed: an idle worker's task holds only its state, not room for a sync in flight.
            let wake = match Box::pin(self.sync()).await {
                Ok(Next::Finished) => return,
                Ok(Next::Wait(at)) => {
                    failures = 0;
                    at
                }
                Err(e) => {
                    failures = (failures + 1).min(5);
                    tracing::warn!(pod = %self.pod.key(), error = %e, "pod sync failed; retrying");
                    Some(Instant::now() + Duration::from_millis(500) * (1 << failures))
                }
            };
            let probed = self.state.as_ref().and_then(|s| s.probes.watched());
            tokio::select! {
                changed = updates.changed() => if changed.is_err() { return },
                () = sleep_until(wake) => {}
                () = Probes::changed(probed) => {}
            }
        }
    }

    /// One sync step (see the module comment).
    pub async fn sync(&mut self) -> Result<Next> {
        let ctx = self.ctx.clone();
        let rt = &ctx.runtime;
        let uid = self.pod.uid.clone();
        let sandboxes: Vec<SandboxStatus> = rt.list_pod_sandboxes_of(&uid).await?;
        let containers: Vec<ContainerStatus> = rt
            .list_containers_of(&uid)
            .await?
            .into_iter()
            .filter(|c| sandboxes.iter().any(|s| s.id == c.sandbox_id))
            .collect();
        self.mark("listed");

        if self.removed || self.pod.deletion_grace_seconds.is_some() {
            let grace =
                Duration::from_secs(self.pod.deletion_grace_seconds.unwrap_or(0).max(0) as u64);
            self.kill(&sandboxes, &containers, grace).await?;
            if let Some(root) = &self.ctx.pod_root
                && let Err(e) = volumes::cleanup(root, &self.pod.uid)
            {
                tracing::warn!(pod = %self.pod.key(), error = %e, "removing the pod's volumes");
            }
            // Events still being written go first, so that forgetting the pod is the last word.
            let tail = self
                .event_tail
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take();
            if let Some(tail) = tail {
                let _ = tail.await;
            }
            self.ctx.events.forget(&self.pod.uid);
            if !self.removed {
                self.ctx
                    .api
                    .delete_pod(&self.pod.namespace, &self.pod.name, &self.pod.uid)
                    .await?;
            }
            return Ok(Next::Finished);
        }

        if self.pod.is_terminal() && sandboxes.is_empty() {
            // Finished before this agent (re)started and nothing is left in the runtime: the
            // API's status is the record; never rewrite it from nothing.
            return Ok(Next::Wait(None));
        }
        let mut sandbox = sandboxes
            .iter()
            .filter(|s| s.state == SandboxState::Ready)
            .max_by_key(|s| (s.created_at, s.attempt))
            .cloned();
        let mut wake = None;
        let mut mounted = true;
        if !self.terminal {
            match self.mount_volumes().await {
                Ok(refresh) => wake = refresh,
                Err(retry) => {
                    wake = Some(retry);
                    mounted = false;
                }
            }
        }
        self.mark("volumes");
        if !self.terminal && mounted {
            if sandbox.is_none() {
                let attempt = sandboxes.iter().map(|s| s.attempt + 1).max().unwrap_or(0);
                let permit = rt.start_permit().await;
                self.mark("permit");
                let id = rt.run_pod_sandbox(&self.sandbox_config(attempt)).await;
                drop(permit);
                let id = id?;
                self.mark("sandbox_run");
                sandbox = rt
                    .list_pod_sandboxes_of(&uid)
                    .await?
                    .into_iter()
                    .find(|s| s.id == id);
                self.mark("sandbox");
            }
            if let Some(s) = &sandbox {
                self.pod_ip = s.ip.clone();
                let containers = if self.kill_unhealthy(&containers).await? {
                    rt.list_containers_of(&uid)
                        .await?
                        .into_iter()
                        .filter(|c| c.sandbox_id == s.id)
                        .collect()
                } else {
                    containers
                };
                wake = earliest(wake, self.start_containers(&s.id, &containers).await?);
            }
        }
        if self.start_time.is_none() {
            self.start_time = Some(self.ctx.clock.now_secs());
        }

        // Look again after starting things, and build the status.
        let containers: Vec<ContainerStatus> = rt
            .list_containers_of(&uid)
            .await?
            .into_iter()
            .filter(|c| {
                sandboxes
                    .iter()
                    .chain(&sandbox)
                    .any(|s| s.id == c.sandbox_id)
            })
            .collect();
        self.mark("relisted");
        self.update_probes(&containers);
        let init = self.views(&self.pod.init_containers, &containers);
        let main = self.views(&self.pod.containers, &containers);
        let phase = status::phase(self.pod.restart_policy, &init, &main);
        let mut sandbox_ready = sandbox.is_some();
        if matches!(phase, "Succeeded" | "Failed") {
            self.terminal = true;
            if let Some(s) = &sandbox {
                // A finished pod's sandbox is stopped (its containers stay for their status).
                rt.stop_pod_sandbox(&s.id).await?;
            }
            sandbox_ready = false;
        }
        let pod_ip = sandbox
            .as_ref()
            .or_else(|| sandboxes.iter().max_by_key(|s| s.created_at))
            .and_then(|s| s.ip.clone());
        let input = StatusInput {
            pod: &self.pod,
            runtime_type: rt.type_name(),
            host_ip: &self.ctx.host_ip,
            pod_ip: pod_ip.as_deref(),
            start_time: self.start_time.unwrap_or(0),
            sandbox_ready,
            init: &init,
            containers: &main,
        };
        let now = self.ctx.clock.now_secs();
        let new = status::build(&input, &mut self.transitions, now);
        let h = hash_of(&new);
        let regress = self.pod.is_terminal() && !matches!(phase, "Succeeded" | "Failed");
        if self.written != Some(h) && !regress {
            match self
                .ctx
                .api
                .patch_status(&self.pod.namespace, &self.pod.name, &new)
                .await
            {
                Ok(()) => {
                    self.written = Some(h);
                    self.mark("status");
                    if phase != "Pending"
                        && let Some(st) = self.stages.take()
                    {
                        tracing::debug!(target: "rk_kubelet::startup", pod = %self.pod.key(), stages = %st.render(), "pod started");
                    }
                }
                // Gone from the API: the watch's DELETED event ends this worker.
                Err(e) if e.code() == Some(404) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(Next::Wait(wake))
    }

    /// Notes a start-up stage (when they are logged).
    fn mark(&mut self, stage: &'static str) {
        if let Some(s) = self.stages.as_mut() {
            s.mark(stage);
        }
    }

    fn state_mut(&mut self) -> &mut SpecState {
        self.state.get_or_insert_with(Box::default)
    }

    /// A probe's published result for a container, if any.
    fn probe_result(&self, id: &str, kind: prober::Kind) -> Option<bool> {
        self.state.as_ref().and_then(|s| s.probes.get(id, kind))
    }

    fn latest<'c>(containers: &'c [ContainerStatus], name: &str) -> Option<&'c ContainerStatus> {
        containers
            .iter()
            .filter(|c| c.name == name)
            .max_by_key(|c| (c.attempt, c.created_at))
    }

    fn should_restart(&self, c: &ContainerStatus) -> bool {
        if self.terminal || c.state != ContainerState::Exited {
            return false;
        }
        match self.pod.restart_policy {
            RestartPolicy::Always => true,
            RestartPolicy::OnFailure => c.exit_code != 0,
            // A failed init container of a Never pod fails the pod; a finished one is done.
            RestartPolicy::Never => false,
        }
    }

    /// When an exited container may start again (kubelet's back-off from its finish time).
    fn restart_at(&self, c: &ContainerStatus) -> Option<Instant> {
        let delay = *self.backoff.get(&c.name)?;
        Some(self.ctx.clock.instant_of(c.finished_at) + delay)
    }

    /// Init containers in order, then the containers. Returns when to look again (a back-off).
    async fn start_containers(
        &mut self,
        sandbox_id: &str,
        containers: &[ContainerStatus],
    ) -> Result<Option<Instant>> {
        let mut wake: Option<Instant> = None;
        let pod = self.pod.clone();
        for spec in &pod.init_containers {
            let latest = Self::latest(containers, &spec.name);
            match latest {
                None => {
                    let w = self.create_and_start(sandbox_id, spec, 0, true).await?;
                    if !spec.sidecar {
                        return Ok(w);
                    }
                    wake = earliest(wake, w);
                }
                Some(c)
                    if c.state == ContainerState::Exited && (spec.sidecar || c.exit_code != 0) =>
                {
                    if !self.should_restart(c) {
                        return Ok(None);
                    }
                    match self.try_restart(sandbox_id, spec, c, true).await? {
                        Some(at) => return Ok(Some(at)),
                        None if !spec.sidecar => return Ok(None),
                        None => {}
                    }
                }
                Some(c) if c.state == ContainerState::Exited => {}
                Some(_) if spec.sidecar => {}
                // Still running or created: the next init container waits.
                Some(_) => return Ok(None),
            }
        }
        for spec in &pod.containers {
            match Self::latest(containers, &spec.name) {
                None => {
                    let w = self.create_and_start(sandbox_id, spec, 0, false).await?;
                    wake = earliest(wake, w);
                }
                Some(c) if self.should_restart(c) => {
                    if let Some(at) = self.try_restart(sandbox_id, spec, c, false).await? {
                        wake = Some(wake.map_or(at, |w| w.min(at)));
                    }
                }
                Some(_) => {}
            }
        }
        Ok(wake)
    }

    /// Restarts an exited container unless it is backing off; returns the back-off's end.
    async fn try_restart(
        &mut self,
        sandbox_id: &str,
        spec: &ContainerSpec,
        old: &ContainerStatus,
        init: bool,
    ) -> Result<Option<Instant>> {
        if let Some(at) = self.restart_at(old)
            && Instant::now() < at
        {
            return Ok(Some(at));
        }
        let next = self
            .backoff
            .get(&spec.name)
            .map_or(self.ctx.backoff_initial, |d| {
                (*d * 2).min(self.ctx.backoff_max)
            });
        self.backoff.insert(spec.name.clone(), next);
        self.last_states.insert(
            spec.name.clone(),
            status::terminated_json(
                old,
                &format!("{}://{}", self.ctx.runtime.type_name(), old.id),
            ),
        );
        if let Some(w) = self
            .create_and_start(sandbox_id, spec, old.attempt + 1, init)
            .await?
        {
            // Not created (an image pull or config error): the old instance stays for now.
            return Ok(Some(w));
        }
        self.ctx.runtime.remove_container(&old.id).await?;
        Ok(None)
    }

    /// The pod's sandbox config, with this node's log directory for it.
    fn sandbox_config(&self, attempt: u32) -> runtime::SandboxConfig {
        let mut config = self.pod.sandbox_config(attempt);
        if let Some(root) = &self.ctx.log_root {
            config.log_directory = root
                .join(format!(
                    "{}_{}_{}",
                    self.pod.namespace, self.pod.name, self.pod.uid
                ))
                .to_string_lossy()
                .into_owned();
        }
        config
    }

    fn views(&self, specs: &[ContainerSpec], containers: &[ContainerStatus]) -> Vec<ContainerView> {
        specs
            .iter()
            .map(|spec| {
                let current = Self::latest(containers, &spec.name).cloned();
                let mut view = ContainerView {
                    spec: spec.clone(),
                    restart_count: current.as_ref().map_or(0, |c| c.attempt),
                    last_state: self.last_states.get(&spec.name).cloned(),
                    ready: false,
                    waiting: None,
                    startup_pending: false,
                    current,
                };
                let created = view
                    .current
                    .as_ref()
                    .is_some_and(|c| c.state != ContainerState::Exited);
                if !created
                    && let Some(w) = self.state.as_ref().and_then(|s| s.waiting.get(&spec.name))
                {
                    view.waiting = Some(w.clone());
                }
                if let Some(c) = &view.current {
                    let init = self.pod.init_containers.iter().any(|i| i.name == spec.name);
                    let restarting =
                        self.should_restart(c) && (!init || spec.sidecar || c.exit_code != 0);
                    if restarting {
                        let message = format!(
                            "back-off {}s restarting failed container={} pod={}_{}({})",
                            self.backoff.get(&spec.name).map_or(0, Duration::as_secs),
                            spec.name,
                            self.pod.name,
                            self.pod.namespace,
                            self.pod.uid
                        );
                        view.waiting = Some(("CrashLoopBackOff".into(), message));
                        view.last_state = Some(status::terminated_json(
                            c,
                            &format!("{}://{}", self.ctx.runtime.type_name(), c.id),
                        ));
                    }
                    let known = self.ctx.runtime.container_ready(c);
                    let extra = spec.extra.as_deref();
                    let shared = self;
                    view.startup_pending = known.is_none()
                        && extra.is_some_and(|e| e.startup.is_some())
                        && shared.probe_result(&c.id, prober::Kind::Startup) != Some(true);
                    let probed = !view.startup_pending
                        && (extra.is_none_or(|e| e.readiness.is_none())
                            || shared.probe_result(&c.id, prober::Kind::Readiness) == Some(true));
                    view.ready = c.state == ContainerState::Running
                        && (!init || spec.sidecar)
                        && known.unwrap_or(probed);
                }
                view
            })
            .collect()
    }

    /// Stops every container within `grace`, then stops and removes the sandbox.
    async fn kill(
        &self,
        sandboxes: &[SandboxStatus],
        containers: &[ContainerStatus],
        grace: Duration,
    ) -> Result<()> {
        let rt = &self.ctx.runtime;
        let stops = containers
            .iter()
            .filter(|c| c.state != ContainerState::Exited)
            .map(|c| self.stop_container(c, grace, None));
        for r in futures::future::join_all(stops).await {
            r?;
        }
        for c in containers {
            rt.remove_container(&c.id).await?;
        }
        for s in sandboxes {
            rt.stop_pod_sandbox(&s.id).await?;
            rt.remove_pod_sandbox(&s.id).await?;
        }
        Ok(())
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

pub mod stages;
mod start;

#[cfg(test)]
#[path = "worker_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "worker/spec_tests.rs"]
mod spec_tests;
