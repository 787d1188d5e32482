//! The container runtime seam: a narrow, CRI-shaped trait the pod workers drive.
//!
//! The calls follow CRI's sequence (`../shared/reference/cri-runtime.md`): `run_pod_sandbox` →
//! `create_container` → `start_container` per container; `stop_container` (with the grace
//! period) → `remove_container` → `stop_pod_sandbox` → `remove_pod_sandbox` on teardown;
//! `list_pod_sandboxes` / `list_containers` for the relist (containerd 1.6 has no event stream).
//! `sim` implements it in memory; the real `cri` runtime (issue 7) implements it over containerd.

pub mod sim;

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{kind} {id:?} not found")]
    NotFound { kind: &'static str, id: String },
    #[error("{op}: {message}")]
    Call { op: &'static str, message: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A pod's restart policy, as the runtime-independent code reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RestartPolicy {
    #[default]
    Always,
    OnFailure,
    Never,
}

impl RestartPolicy {
    pub fn parse(s: Option<&str>) -> RestartPolicy {
        match s {
            Some("OnFailure") => RestartPolicy::OnFailure,
            Some("Never") => RestartPolicy::Never,
            _ => RestartPolicy::Always,
        }
    }
}

/// What `run_pod_sandbox` gets (CRI `PodSandboxConfig`, reduced to what rk uses so far).
#[derive(Clone, Debug, Default)]
pub struct SandboxConfig {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    pub attempt: u32,
    pub hostname: String,
    pub host_network: bool,
    pub labels: BTreeMap<String, String>,
    /// The pod's annotations, as kubelet passes them.
    pub annotations: BTreeMap<String, String>,
    /// The pod's restart policy (the simulated runtime decides from it whether a process ends).
    pub restart_policy: RestartPolicy,
}

/// What `create_container` gets (CRI `ContainerConfig`, reduced).
#[derive(Clone, Debug, Default)]
pub struct ContainerConfig {
    pub name: String,
    pub attempt: u32,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    /// An init container that must run to completion (not a sidecar).
    pub init: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SandboxState {
    Ready,
    NotReady,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxStatus {
    pub id: String,
    pub uid: String,
    pub namespace: String,
    pub name: String,
    pub attempt: u32,
    pub state: SandboxState,
    pub ip: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerState {
    Created,
    Running,
    Exited,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerStatus {
    pub id: String,
    pub sandbox_id: String,
    pub name: String,
    pub attempt: u32,
    pub image: String,
    /// The resolved image (Kubernetes' `imageID`).
    pub image_ref: String,
    pub state: ContainerState,
    /// Unix seconds; 0 when not yet.
    pub created_at: i64,
    pub started_at: i64,
    pub finished_at: i64,
    pub exit_code: i32,
    pub reason: String,
    pub message: String,
}

/// The container runtime. Every call is async and may fail; ids are the runtime's.
pub trait Runtime: Send + Sync + 'static {
    /// `<type>://` prefix of container ids in pod status (`containerd`, `sim`).
    fn type_name(&self) -> &'static str;
    /// The runtime's version for `nodeInfo.containerRuntimeVersion` (e.g. `containerd://1.6.20`).
    fn version(&self) -> String;
    /// The node's pod CIDR became known (CRI `UpdateRuntimeConfig`).
    fn update_pod_cidr(&self, cidr: &str);

    fn run_pod_sandbox(
        &self,
        config: &SandboxConfig,
    ) -> impl Future<Output = Result<String>> + Send;
    fn stop_pod_sandbox(&self, id: &str) -> impl Future<Output = Result<()>> + Send;
    fn remove_pod_sandbox(&self, id: &str) -> impl Future<Output = Result<()>> + Send;
    fn list_pod_sandboxes(&self) -> impl Future<Output = Result<Vec<SandboxStatus>>> + Send;

    fn create_container(
        &self,
        sandbox_id: &str,
        config: &ContainerConfig,
        sandbox: &SandboxConfig,
    ) -> impl Future<Output = Result<String>> + Send;
    fn start_container(&self, id: &str) -> impl Future<Output = Result<()>> + Send;
    /// Stops with the grace period: SIGTERM, then SIGKILL after `timeout`.
    fn stop_container(
        &self,
        id: &str,
        timeout: Duration,
    ) -> impl Future<Output = Result<()>> + Send;
    fn remove_container(&self, id: &str) -> impl Future<Output = Result<()>> + Send;
    fn list_containers(&self) -> impl Future<Output = Result<Vec<ContainerStatus>>> + Send;

    /// After an agent restart, the runtime may need the pod's API status to recover its state
    /// (the simulated runtime does; containerd keeps its own).
    fn adopt(&self, _pod: &serde_json::Value, _sandbox: &SandboxConfig) {}

    /// Readiness the runtime knows by itself (the simulated `sim.rk.dev/ready` annotation);
    /// `None` means "ask the probes" (none yet: a running container is ready).
    fn container_ready(&self, _container: &ContainerStatus) -> Option<bool> {
        None
    }
}
