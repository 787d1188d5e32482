//! What a pod worker does around one container, as kubelet does it: volumes before the
//! sandbox, the image by its pull policy (with ErrImagePull → ImagePullBackOff back-off), the
//! environment and mounts, create + start with their events, the postStart hook, probe tasks,
//! and stopping with the preStop hook inside the grace period.

use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use super::{PodApi, PodWorker, Result};
use crate::events::{self, Type};
use crate::pod::{ContainerSpec, PullPolicy};
use crate::prober::{self, Kind, Target};
use crate::runtime::{ContainerConfig, ContainerState, ContainerStatus, Runtime};
use crate::spec::env::{self, NodeFacts};
use crate::spec::resources;
use crate::spec::volumes::{self, Sources};

/// How often API-backed volumes (configMap, secret, downwardAPI, projected) are refreshed.
const VOLUME_REFRESH: Duration = Duration::from_secs(60);
/// When a container whose config could not be built (a missing ConfigMap…) is tried again.
const CONFIG_RETRY: Duration = Duration::from_secs(5);
const MOUNT_RETRY_MAX: Duration = Duration::from_secs(120);
/// Kubelet's minimum stop grace after a preStop hook.
const MIN_GRACE_AFTER_HOOK: Duration = Duration::from_secs(2);

impl<R: Runtime, A: PodApi> PodWorker<R, A> {
    async fn event(&self, field: &str, kind: Type, reason: &str, message: &str) {
        let ctx = &self.ctx;
        if !ctx.background_events {
            ctx.events
                .record(&ctx.api, &self.pod, field, kind, reason, message)
                .await;
            return;
        }
        let (ctx, pod) = (self.ctx.clone(), self.pod.clone());
        let (field, reason, message) = (field.to_string(), reason.to_string(), message.to_string());
        let mut tail = self
            .event_tail
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let before = tail.take();
        *tail = Some(tokio::spawn(async move {
            if let Some(before) = before {
                let _ = before.await;
            }
            ctx.events
                .record(&ctx.api, &pod, &field, kind, &reason, &message)
                .await;
        }));
    }

    fn spec_of(&self, name: &str) -> Option<&ContainerSpec> {
        self.pod
            .init_containers
            .iter()
            .chain(&self.pod.containers)
            .find(|c| c.name == name)
    }

    fn target(&self, spec: &ContainerSpec, id: &str) -> Target {
        Target {
            container_id: id.to_string(),
            host: if self.pod.host_network {
                self.ctx.host_ip.clone()
            } else {
                self.pod_ip.clone().unwrap_or_default()
            },
            ports: spec
                .extra
                .as_deref()
                .map(|e| e.ports.clone())
                .unwrap_or_default(),
        }
    }

    fn grace(&self) -> Duration {
        Duration::from_secs(self.pod.termination_grace_seconds.max(0) as u64)
    }

    /// Sets up the pod's volumes. Ok carries when to refresh them; Err when to try again
    /// (after a FailedMount event).
    pub(super) async fn mount_volumes(&mut self) -> Result<Option<Instant>, Instant> {
        let ctx = self.ctx.clone();
        let Some(root) = &ctx.pod_root else {
            return Ok(None);
        };
        let facts = NodeFacts {
            node_name: &ctx.node_name,
            host_ip: &ctx.host_ip,
            pod_ip: self.pod_ip.as_deref(),
            allocatable: &ctx.allocatable,
        };
        let src = Sources {
            api: &ctx.api,
            facts: &facts,
            cluster_ca: &ctx.cluster_ca,
            now: ctx.clock.now_secs(),
            tmpfs: true,
        };
        let state = self.state.get_or_insert_with(Box::default);
        match volumes::prepare(root, &self.pod, &src, &mut state.volumes).await {
            Ok(()) => {
                self.state_mut().mount_backoff = None;
                Ok(volumes::needs_refresh(&self.pod).then(|| Instant::now() + VOLUME_REFRESH))
            }
            Err((volume, e)) => {
                let message = format!("MountVolume.SetUp failed for volume {volume:?} : {e}");
                self.event("", Type::Warning, events::FAILED_MOUNT, &message)
                    .await;
                let delay = self
                    .state_mut()
                    .mount_backoff
                    .map_or(Duration::from_millis(500), |(d, _)| {
                        (d * 2).min(MOUNT_RETRY_MAX)
                    });
                let at = Instant::now() + delay;
                self.state_mut().mount_backoff = Some((delay, at));
                Err(at)
            }
        }
    }

    fn wait(&mut self, name: &str, reason: &str, message: String) {
        self.state_mut()
            .waiting
            .insert(name.to_string(), (reason.to_string(), message));
    }

    /// Makes sure the image is there as the pull policy says. Some(instant) when the container
    /// must wait (its waiting reason is set) until then.
    async fn ensure_image(&mut self, spec: &ContainerSpec, field: &str) -> Result<Option<Instant>> {
        let rt = &self.ctx.runtime;
        let image = &spec.image;
        let present = rt.image_status(image).await?.is_some();
        match spec.pull_policy {
            PullPolicy::Never if !present => {
                let message =
                    format!("Container image {image:?} is not present with pull policy of Never");
                self.event(field, Type::Warning, "ErrImageNeverPull", &message)
                    .await;
                self.event(
                    field,
                    Type::Warning,
                    events::FAILED,
                    "Error: ErrImageNeverPull",
                )
                .await;
                self.wait(&spec.name, "ErrImageNeverPull", message);
                return Ok(Some(Instant::now() + CONFIG_RETRY * 2));
            }
            PullPolicy::Never | PullPolicy::IfNotPresent if present => {
                let message = format!("Container image {image:?} already present on machine");
                self.event(field, Type::Normal, events::PULLED, &message)
                    .await;
                return Ok(None);
            }
            _ => {}
        }
        if let Some((_, until)) = self
            .state
            .as_ref()
            .and_then(|s| s.image_backoff.get(&spec.name).copied())
            && Instant::now() < until
        {
            let message = format!("Back-off pulling image {image:?}");
            self.event(field, Type::Normal, events::BACK_OFF, &message)
                .await;
            self.event(
                field,
                Type::Warning,
                events::FAILED,
                "Error: ImagePullBackOff",
            )
            .await;
            self.wait(&spec.name, "ImagePullBackOff", message);
            return Ok(Some(until));
        }
        self.event(
            field,
            Type::Normal,
            events::PULLING,
            &format!("Pulling image {image:?}"),
        )
        .await;
        let started = Instant::now();
        match self.ctx.runtime.pull_image(image).await {
            Ok(_) => {
                if let Some(s) = self.state.as_mut() {
                    s.image_backoff.remove(&spec.name);
                }
                let took = started.elapsed().as_secs_f64();
                let message = format!(
                    "Successfully pulled image {image:?} in {took:.3}s ({took:.3}s including waiting)"
                );
                self.event(field, Type::Normal, events::PULLED, &message)
                    .await;
                Ok(None)
            }
            Err(e) => {
                let delay = self
                    .state
                    .as_ref()
                    .and_then(|s| s.image_backoff.get(&spec.name))
                    .map_or(self.ctx.backoff_initial, |(d, _)| {
                        (*d * 2).min(self.ctx.backoff_max)
                    });
                let until = Instant::now() + delay;
                self.state_mut()
                    .image_backoff
                    .insert(spec.name.clone(), (delay, until));
                let message = e.to_string();
                self.event(
                    field,
                    Type::Warning,
                    events::FAILED,
                    &format!("Failed to pull image {image:?}: {message}"),
                )
                .await;
                self.event(field, Type::Warning, events::FAILED, "Error: ErrImagePull")
                    .await;
                self.wait(&spec.name, "ErrImagePull", message);
                Ok(Some(until))
            }
        }
    }

    async fn config_error(
        &mut self,
        spec: &ContainerSpec,
        field: &str,
        message: String,
    ) -> Option<Instant> {
        self.event(
            field,
            Type::Warning,
            events::FAILED,
            &format!("Error: {message}"),
        )
        .await;
        self.wait(&spec.name, "CreateContainerConfigError", message);
        Some(Instant::now() + CONFIG_RETRY)
    }

    /// Pulls, creates and starts one container (and runs its postStart hook). Some(instant)
    /// when it could not be created yet and should be tried again then.
    pub(super) async fn create_and_start(
        &mut self,
        sandbox_id: &str,
        spec: &ContainerSpec,
        attempt: u32,
        init: bool,
    ) -> Result<Option<Instant>> {
        let ctx = self.ctx.clone();
        let pod = self.pod.clone();
        let field = events::field_path(&pod, &spec.name);
        if let Some(wait) = self.ensure_image(spec, &field).await? {
            return Ok(Some(wait));
        }
        self.mark("image");
        let facts = NodeFacts {
            node_name: &ctx.node_name,
            host_ip: &ctx.host_ip,
            pod_ip: self.pod_ip.as_deref(),
            allocatable: &ctx.allocatable,
        };
        let envs = match env::resolve(&ctx.api, &pod, spec, &facts).await {
            Ok(e) => e,
            Err(e) => return Ok(self.config_error(spec, &field, e.to_string()).await),
        };
        self.mark("env");
        let mounts = if ctx.pod_root.is_some() {
            let prepared = self.state_mut();
            match volumes::mounts(spec, &prepared.volumes) {
                Ok(m) => m,
                Err(e) => return Ok(self.config_error(spec, &field, e.to_string()).await),
            }
        } else {
            Vec::new()
        };
        let extra = spec.extra.as_deref();
        let pod_security = pod
            .extra
            .as_deref()
            .and_then(|e| e.security_context.as_ref());
        let config = ContainerConfig {
            name: spec.name.clone(),
            attempt,
            image: spec.image.clone(),
            command: env::expand_all(&spec.command, &envs),
            args: env::expand_all(&spec.args, &envs),
            init: init && !spec.sidecar,
            working_dir: extra.map(|e| e.working_dir.clone()).unwrap_or_default(),
            envs,
            mounts,
            log_path: format!("{}/{attempt}.log", spec.name),
            resources: resources::cgroup_resources(extra.map_or(&Value::Null, |e| &e.resources)),
            security: resources::security(
                pod_security,
                extra.and_then(|e| e.security_context.as_ref()),
            ),
            stdin: extra.is_some_and(|e| e.stdin),
            stdin_once: extra.is_some_and(|e| e.stdin_once),
            tty: extra.is_some_and(|e| e.tty),
        };
        let rt = &ctx.runtime;
        let id = match rt
            .create_container(sandbox_id, &config, &self.sandbox_config(0))
            .await
        {
            Ok(id) => id,
            Err(e) => {
                self.event(
                    &field,
                    Type::Warning,
                    events::FAILED,
                    &format!("Error: {e}"),
                )
                .await;
                self.wait(&spec.name, "CreateContainerError", e.to_string());
                return Err(e.into());
            }
        };
        self.mark("created");
        if let Some(s) = self.state.as_mut() {
            s.waiting.remove(&spec.name);
        }
        self.event(
            &field,
            Type::Normal,
            events::CREATED,
            &format!("Created container: {}", spec.name),
        )
        .await;
        self.mark("created_event");
        if let Err(e) = rt.start_container(&id).await {
            self.event(
                &field,
                Type::Warning,
                events::FAILED,
                &format!("Error: {e}"),
            )
            .await;
            return Err(e.into());
        }
        self.mark("started");
        self.event(
            &field,
            Type::Normal,
            events::STARTED,
            &format!("Started container {}", spec.name),
        )
        .await;
        self.mark("started_event");
        if let Some(hook) = extra.and_then(|e| e.post_start.as_ref()) {
            let target = self.target(spec, &id);
            if let Err(message) = prober::check(rt, hook, &target, self.grace()).await {
                // As kubelet: the hook's output stays out of the event (it may hold secrets).
                tracing::info!(pod = %pod.key(), container = %spec.name, error = %message, "postStart hook failed");
                let reason = events::FAILED_POST_START_HOOK;
                self.event(&field, Type::Warning, reason, "PostStartHook failed")
                    .await;
                self.event(&field, Type::Normal, events::KILLING, "FailedPostStartHook")
                    .await;
                rt.stop_container(&id, self.grace()).await?;
            }
        }
        Ok(None)
    }

    /// Stops a running container: its preStop hook first, then SIGTERM and SIGKILL after what
    /// is left of `grace` (at least 2 s after a hook), with a Killing event.
    pub(super) async fn stop_container(
        &self,
        c: &ContainerStatus,
        grace: Duration,
        message: Option<String>,
    ) -> Result<()> {
        let rt = &self.ctx.runtime;
        let spec = self.spec_of(&c.name);
        let field = events::field_path(&self.pod, &c.name);
        let message = message.unwrap_or_else(|| format!("Stopping container {}", c.name));
        self.event(&field, Type::Normal, events::KILLING, &message)
            .await;
        let mut left = grace;
        if let Some((spec, hook)) =
            spec.and_then(|s| Some((s, s.extra.as_deref()?.pre_stop.as_ref()?)))
        {
            let started = Instant::now();
            let target = self.target(spec, &c.id);
            match tokio::time::timeout(grace, prober::check(rt, hook, &target, grace)).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    tracing::info!(pod = %self.pod.key(), container = %spec.name, error = %e, "preStop hook failed");
                    let reason = events::FAILED_PRE_STOP_HOOK;
                    self.event(&field, Type::Warning, reason, "PreStopHook failed")
                        .await;
                }
                Err(_) => {}
            }
            left = grace
                .saturating_sub(started.elapsed())
                .max(MIN_GRACE_AFTER_HOOK);
        }
        rt.stop_container(&c.id, left).await?;
        Ok(())
    }

    /// Kills running containers whose liveness or startup probe failed; true if any.
    pub(super) async fn kill_unhealthy(&mut self, containers: &[ContainerStatus]) -> Result<bool> {
        let mut killed = false;
        for c in containers
            .iter()
            .filter(|c| c.state == ContainerState::Running)
        {
            let shared = &*self;
            let kind = if shared.probe_result(&c.id, Kind::Liveness) == Some(false) {
                Kind::Liveness
            } else if shared.probe_result(&c.id, Kind::Startup) == Some(false) {
                Kind::Startup
            } else {
                continue;
            };
            let message = format!(
                "Container {} failed {} probe, will be restarted",
                c.name,
                kind.title().to_lowercase()
            );
            self.stop_container(c, self.grace(), Some(message)).await?;
            killed = true;
        }
        Ok(killed)
    }

    /// Probe tasks for running containers with probes; those of other containers stop.
    pub(super) fn update_probes(&mut self, containers: &[ContainerStatus]) {
        let running: Vec<&ContainerStatus> = containers
            .iter()
            .filter(|c| c.state == ContainerState::Running)
            .collect();
        if let Some(s) = self.state.as_mut() {
            s.probes
                .retain(&running.iter().map(|c| c.id.as_str()).collect::<Vec<_>>());
        }
        for c in running {
            // Most pods (and every simulated one) have no probes: nothing is cloned for them.
            let Some(spec) = self
                .spec_of(&c.name)
                .filter(|s| {
                    s.extra.as_deref().is_some_and(|e| {
                        e.liveness.is_some() || e.readiness.is_some() || e.startup.is_some()
                    })
                })
                .cloned()
            else {
                continue;
            };
            let Some(extra) = spec.extra.as_deref() else {
                continue;
            };
            if self.ctx.runtime.container_ready(c).is_some() {
                // The runtime decides readiness itself (sim): nothing to probe.
                continue;
            }
            let has_startup = extra.startup.is_some();
            for (kind, probe) in [
                (Kind::Startup, &extra.startup),
                (Kind::Liveness, &extra.liveness),
                (Kind::Readiness, &extra.readiness),
            ] {
                let Some(probe) = probe.clone() else { continue };
                if self
                    .state
                    .as_ref()
                    .is_some_and(|s| s.probes.has(&c.id, kind))
                {
                    continue;
                }
                let target = self.target(&spec, &c.id);
                let (ctx, events_ctx, pod) = (self.ctx.clone(), self.ctx.clone(), self.pod.clone());
                let field = events::field_path(&pod, &spec.name);
                let handler = probe.handler.clone();
                let timeout = Duration::from_secs(probe.timeout_seconds.max(1));
                let check = move || {
                    let (ctx, handler, target) = (ctx.clone(), handler.clone(), target.clone());
                    async move {
                        prober::check(&ctx.runtime, &handler, &target, timeout)
                            .await
                            .map(drop)
                    }
                };
                let report = move |message: String| {
                    let (ctx, pod, field) = (events_ctx.clone(), pod.clone(), field.clone());
                    async move {
                        let message = format!("{} probe failed: {message}", kind.title());
                        ctx.events
                            .record(
                                &ctx.api,
                                &pod,
                                &field,
                                Type::Warning,
                                events::UNHEALTHY,
                                &message,
                            )
                            .await;
                    }
                };
                let started = self.ctx.clock.instant_of(c.started_at);
                let shared = self.state_mut().probes.shared();
                let job = prober::Job {
                    kind,
                    probe,
                    container_id: c.id.clone(),
                    started,
                    has_startup,
                    shared,
                };
                let task = tokio::spawn(prober::run(job, check, report));
                self.state_mut()
                    .probes
                    .insert(&c.id, kind, task.abort_handle());
            }
        }
    }
}
