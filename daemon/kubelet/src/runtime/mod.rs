//! The container runtime seam: a narrow, CRI-shaped trait the pod workers drive.
//!
//! The calls follow CRI's sequence (`../shared/reference/cri-runtime.md`): `run_pod_sandbox` →
//! `create_container` → `start_container` per container; `stop_container` (with the grace
//! period) → `remove_container` → `stop_pod_sandbox` → `remove_pod_sandbox` on teardown;
//! `list_pod_sandboxes` / `list_containers` for the relist (containerd 1.6 has no event stream).
//! `sim` implements it in memory; the real `cri` runtime (issue 7) implements it over containerd.

pub mod cri;
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
    /// Pulling an image failed (Kubernetes reports ErrImagePull, then ImagePullBackOff).
    #[error("failed to pull image {image:?}: {message}")]
    ImagePull { image: String, message: String },
    /// This runtime cannot do that (the simulated runtime has no processes to exec into).
    #[error("{op} is not supported by the {runtime} runtime")]
    Unsupported {
        op: &'static str,
        runtime: &'static str,
    },
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
    /// Absolute directory for the pod's container logs (the agent creates and removes it);
    /// empty for runtimes that keep no logs.
    pub log_directory: String,
    pub port_mappings: Vec<PortMapping>,
    pub host_pid: bool,
    pub host_ipc: bool,
    /// Some container is privileged (containerd refuses privileged containers otherwise).
    pub privileged: bool,
    /// The pod's cgroup parent (`/rkpods/pod<uid>`); the agent removes it after the sandbox.
    pub cgroup_parent: String,
    /// The pod's resolv.conf; None keeps the runtime's default (the host's).
    pub dns: Option<DnsConfig>,
    /// Pod-level sysctls (`spec.securityContext.sysctls`).
    pub sysctls: BTreeMap<String, String>,
}

/// A container port published on the node (CRI `PortMapping`, from `hostPort`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PortMapping {
    /// `TCP`, `UDP` or `SCTP`.
    pub protocol: String,
    pub container_port: i32,
    pub host_port: i32,
    pub host_ip: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DnsConfig {
    pub servers: Vec<String>,
    pub searches: Vec<String>,
    pub options: Vec<String>,
}

/// A bind mount into a container (CRI `Mount`): volumes are prepared on the host by the agent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mount {
    pub container_path: String,
    pub host_path: String,
    pub readonly: bool,
}

/// cgroup limits for a container (CRI `LinuxContainerResources`), as kubelet computes them
/// from requests and limits: shares from the cpu request, quota/period from the cpu limit,
/// memory limit in bytes; 0 means unset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resources {
    pub cpu_shares: i64,
    pub cpu_quota: i64,
    pub cpu_period: i64,
    pub memory_limit_bytes: i64,
}

/// A container's security context (CRI `LinuxContainerSecurityContext`, reduced).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecurityConfig {
    pub run_as_user: Option<i64>,
    pub run_as_group: Option<i64>,
    pub supplemental_groups: Vec<i64>,
    pub privileged: bool,
    pub capabilities_add: Vec<String>,
    pub capabilities_drop: Vec<String>,
    pub readonly_rootfs: bool,
    pub no_new_privs: bool,
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
    pub working_dir: String,
    /// Resolved environment, in order (the agent resolves valueFrom/envFrom before).
    pub envs: Vec<(String, String)>,
    pub mounts: Vec<Mount>,
    /// Relative to the sandbox's log directory (`<container>/<attempt>.log`).
    pub log_path: String,
    pub resources: Resources,
    pub security: SecurityConfig,
    pub stdin: bool,
    pub stdin_once: bool,
    pub tty: bool,
}

/// What `exec_sync` answers (CRI `ExecSyncResponse`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecResult {
    pub exit_code: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// A streaming exec or attach (CRI `ExecRequest`/`AttachRequest`; attach has no `cmd`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamRequest {
    pub container_id: String,
    pub cmd: Vec<String>,
    pub tty: bool,
    pub stdin: bool,
    pub stdout: bool,
    pub stderr: bool,
}

/// One container's resource usage (CRI `ContainerStats`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerStats {
    pub container_id: String,
    /// Unix nanoseconds of the sample.
    pub timestamp_ns: i64,
    pub cpu_usage_core_nanos: u64,
    pub memory_working_set_bytes: u64,
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

    /// The sandboxes of one pod (by uid). A pod worker asks this rather than listing the node:
    /// runtimes that filter themselves (CRI's label selector) answer without a status call per
    /// other pod's sandbox.
    fn list_pod_sandboxes_of(
        &self,
        uid: &str,
    ) -> impl Future<Output = Result<Vec<SandboxStatus>>> + Send {
        async move {
            let mut all = self.list_pod_sandboxes().await?;
            all.retain(|s| s.uid == uid);
            Ok(all)
        }
    }

    /// The containers of one pod (by uid) — and maybe others: callers filter by sandbox.
    fn list_containers_of(
        &self,
        _uid: &str,
    ) -> impl Future<Output = Result<Vec<ContainerStatus>>> + Send {
        self.list_containers()
    }

    /// After an agent restart, the runtime may need the pod's API status to recover its state
    /// (the simulated runtime does; containerd keeps its own).
    fn adopt(&self, _pod: &serde_json::Value, _sandbox: &SandboxConfig) {}

    /// Leave to run a new pod sandbox, when the runtime limits how many are made at once;
    /// `None`: no limit. Held by the pod's worker for its `run_pod_sandbox` call only.
    fn start_permit(
        &self,
    ) -> impl Future<Output = Option<tokio::sync::OwnedSemaphorePermit>> + Send {
        async { None }
    }

    /// Readiness the runtime knows by itself (the simulated `sim.rk.dev/ready` annotation);
    /// `None` means "ask the probes" (none yet: a running container is ready).
    fn container_ready(&self, _container: &ContainerStatus) -> Option<bool> {
        None
    }

    /// The image reference the runtime holds for `image` (Kubernetes' `imageID`), or None.
    fn image_status(&self, _image: &str) -> impl Future<Output = Result<Option<String>>> + Send {
        async { Ok(Some(String::new())) }
    }
    /// Pulls `image` and answers its reference; fails with [`Error::ImagePull`].
    fn pull_image(&self, image: &str) -> impl Future<Output = Result<String>> + Send {
        let image = image.to_string();
        async move { Ok(image) }
    }
    /// Imports an OCI or docker image archive; answers the image references imported.
    fn import_images(&self, _archive: &[u8]) -> impl Future<Output = Result<Vec<String>>> + Send {
        let runtime = self.type_name();
        async move {
            Err(Error::Unsupported {
                op: "image import",
                runtime,
            })
        }
    }

    /// Runs `cmd` in a container and waits (exec probes, hooks).
    fn exec_sync(
        &self,
        _id: &str,
        _cmd: &[String],
        _timeout: Duration,
    ) -> impl Future<Output = Result<ExecResult>> + Send {
        let runtime = self.type_name();
        async move {
            Err(Error::Unsupported {
                op: "exec",
                runtime,
            })
        }
    }
    /// A URL on the runtime's streaming server for an exec (CRI `Exec`).
    fn exec_url(&self, _req: &StreamRequest) -> impl Future<Output = Result<String>> + Send {
        let runtime = self.type_name();
        async move {
            Err(Error::Unsupported {
                op: "exec",
                runtime,
            })
        }
    }
    /// A URL on the runtime's streaming server for an attach (CRI `Attach`).
    fn attach_url(&self, _req: &StreamRequest) -> impl Future<Output = Result<String>> + Send {
        let runtime = self.type_name();
        async move {
            Err(Error::Unsupported {
                op: "attach",
                runtime,
            })
        }
    }
    /// A URL on the runtime's streaming server forwarding to the sandbox's ports (CRI `PortForward`).
    fn port_forward_url(
        &self,
        _sandbox_id: &str,
        _ports: &[i32],
    ) -> impl Future<Output = Result<String>> + Send {
        let runtime = self.type_name();
        async move {
            Err(Error::Unsupported {
                op: "port-forward",
                runtime,
            })
        }
    }
    /// Removes what the runtime left of pods not in `live` (pod uids of the node, from a
    /// successful LIST or the running workers): containers, sandboxes, cgroup and log
    /// directories. The simulated runtime has nothing beyond its sandboxes.
    fn sweep_orphans(
        &self,
        _live: &std::collections::HashSet<String>,
    ) -> impl Future<Output = ()> + Send {
        async {}
    }

    /// Resource usage of every container (for `kubectl top` and the node's stats).
    fn container_stats(&self) -> impl Future<Output = Result<Vec<ContainerStats>>> + Send {
        async { Ok(Vec::new()) }
    }
}
