//! The containerd runtime: [`Runtime`] over CRI v1 (`k8s_cri::v1` RuntimeService and
//! ImageService) on containerd's unix socket.
//!
//! ListContainers carries no exit code or start time, so each container's `ContainerStatus` is
//! fetched once per state it is seen in and cached (an exited container never changes); a
//! sandbox's IP likewise once. Image import goes through `ctr images import` into the `k8s.io`
//! namespace (a fallback the brief allows: containerd's content/images API would need a
//! hand-written OCI/docker archive reader; `ctr` ships with the containerd package).

pub mod convert;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hyper_util::rt::TokioIo;
use k8s_cri::v1 as cri;
use k8s_cri::v1::image_service_client::ImageServiceClient;
use k8s_cri::v1::runtime_service_client::RuntimeServiceClient;
use tonic::transport::{Channel, Endpoint, Uri};

use crate::cni::Network;
use crate::runtime::{
    ContainerConfig, ContainerState, ContainerStats, ContainerStatus, Error, ExecResult, Result,
    Runtime, SandboxConfig, SandboxStatus, StreamRequest,
};

/// How long a CRI call may take before it is abandoned (pulls get longer).
const CALL_TIMEOUT: Duration = Duration::from_secs(120);

fn call_error(op: &'static str, s: &tonic::Status) -> Error {
    Error::Call {
        op,
        message: s.message().to_string(),
    }
}

fn not_found_or(op: &'static str, kind: &'static str, id: &str, s: &tonic::Status) -> Error {
    if s.code() == tonic::Code::NotFound {
        Error::NotFound {
            kind,
            id: id.to_string(),
        }
    } else {
        call_error(op, s)
    }
}

/// Opens a gRPC channel over a unix socket (tonic wants a URI; the connector ignores it).
pub async fn connect_channel(socket: &Path) -> Result<Channel> {
    let path = socket.to_path_buf();
    let endpoint = Endpoint::try_from("http://[::]:0").map_err(|e| Error::Call {
        op: "connect",
        message: e.to_string(),
    })?;
    endpoint
        .connect_timeout(Duration::from_secs(5))
        .connect_with_connector(tower::service_fn(move |_: Uri| {
            let path = path.clone();
            async move {
                Ok::<_, std::io::Error>(TokioIo::new(tokio::net::UnixStream::connect(path).await?))
            }
        }))
        .await
        .map_err(|e| Error::Call {
            op: "connect",
            message: format!("{}: {e}", socket.display()),
        })
}

#[derive(Default)]
struct Caches {
    /// Container id → its last fetched status (refetched when the listed state differs).
    containers: HashMap<String, ContainerStatus>,
    /// Sandbox id → its IP (None for host-network sandboxes).
    ips: HashMap<String, Option<String>>,
    /// The pod CIDR the masquerade table was installed for.
    masquerade: Option<String>,
}

/// containerd through CRI.
#[derive(Clone)]
pub struct CriRuntime {
    rt: RuntimeServiceClient<Channel>,
    img: ImageServiceClient<Channel>,
    version: String,
    socket: PathBuf,
    network: Option<Network>,
    /// `config_path` of containerd's registry config: hosts.toml files for plain-HTTP registries
    /// on loopback are written here before a pull.
    registry_hosts: Option<PathBuf>,
    /// A cgroup directory of this agent's own (`/rk<hash>`) that pods' cgroup parents are put
    /// under, so that cleanup and `rkd reset` never touch another agent's pods; empty: none.
    cgroup_root: String,
    /// Where pods' log directories are (for the orphan sweep).
    log_root: Option<PathBuf>,
    caches: Arc<Mutex<Caches>>,
    /// How many sandboxes are made at once (see [`start_limit`]).
    starts: Arc<tokio::sync::Semaphore>,
    /// Set once containerd has reported NetworkReady (see [`CriRuntime::wait_network_ready`]).
    network_ready: Arc<std::sync::atomic::AtomicBool>,
}

/// How long a sandbox waits for containerd's network to become ready before it fails (the pod
/// worker retries it).
const NETWORK_WAIT: Duration = Duration::from_secs(10);

/// How many pod sandboxes a node makes at once: twice its cores, at least 2. RunPodSandbox is
/// CPU-bound (shim, runc, CNI plugins, containerd's own work): 20 at once on 2 cores all finish
/// together at the end; a few at a time finish in turn, and each pod's CreateContainer and
/// StartContainer (not limited) overlap the later sandboxes.
pub fn start_limit() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get() * 2)
        .max(2)
}

impl CriRuntime {
    /// Connects and asks the runtime's version (`containerd://1.6.20`).
    pub async fn connect(socket: &Path) -> Result<CriRuntime> {
        let channel = connect_channel(socket).await?;
        let mut rt = RuntimeServiceClient::new(channel.clone());
        let v = rt
            .version(cri::VersionRequest {
                version: "v1".into(),
            })
            .await
            .map_err(|s| call_error("version", &s))?
            .into_inner();
        Ok(CriRuntime {
            rt,
            img: ImageServiceClient::new(channel),
            version: format!("{}://{}", v.runtime_name, v.runtime_version),
            socket: socket.to_path_buf(),
            network: None,
            registry_hosts: None,
            cgroup_root: String::new(),
            log_root: None,
            caches: Arc::default(),
            starts: Arc::new(tokio::sync::Semaphore::new(start_limit())),
            network_ready: Arc::default(),
        })
    }

    /// The CNI network whose conflist `update_pod_cidr` writes (managed containerd).
    pub fn with_network(mut self, network: Network) -> Self {
        self.network = Some(network);
        self
    }

    /// containerd's registry `config_path` (hosts.toml for loopback registries go there).
    pub fn with_registry_hosts(mut self, dir: PathBuf) -> Self {
        self.registry_hosts = Some(dir);
        self
    }

    /// Pods' cgroups go under `root` (e.g. `/rk1a2b3c4d`): `<root>/rkpods/pod<uid>`.
    pub fn with_cgroup_root(mut self, root: &str) -> Self {
        self.cgroup_root = root.trim_end_matches('/').to_string();
        self
    }

    /// The log root the orphan sweep looks in (`<root>/<namespace>_<name>_<uid>`).
    pub fn with_log_root(mut self, root: PathBuf) -> Self {
        self.log_root = Some(root);
        self
    }

    pub fn cgroup_root(&self) -> &str {
        &self.cgroup_root
    }

    pub fn log_root(&self) -> Option<&Path> {
        self.log_root.as_deref()
    }

    /// The sandbox config as sent to CRI: the cgroup parent under this agent's cgroup root.
    fn placed(&self, s: &SandboxConfig) -> cri::PodSandboxConfig {
        let mut c = convert::sandbox_config(s);
        if !self.cgroup_root.is_empty()
            && !s.cgroup_parent.is_empty()
            && let Some(l) = c.linux.as_mut()
        {
            l.cgroup_parent = format!("{}{}", self.cgroup_root, s.cgroup_parent);
        }
        c
    }

    fn caches(&self) -> std::sync::MutexGuard<'_, Caches> {
        self.caches
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// CRI `Status`: (RuntimeReady, NetworkReady).
    pub async fn ready(&self) -> Result<(bool, bool)> {
        let s = self
            .rt
            .clone()
            .status(cri::StatusRequest { verbose: false })
            .await
            .map_err(|s| call_error("status", &s))?
            .into_inner();
        let cond = |t: &str| {
            s.status
                .as_ref()
                .and_then(|st| st.conditions.iter().find(|c| c.r#type == t))
                .is_some_and(|c| c.status)
        };
        Ok((cond("RuntimeReady"), cond("NetworkReady")))
    }

    /// Waits until containerd reports NetworkReady, at most [`NETWORK_WAIT`]; once seen, it is
    /// not asked again. containerd loads the CNI configuration that the node's podCIDR brings
    /// a moment after it is written: a sandbox started before then fails in its network step
    /// ("cni plugin not initialized") and leaves its pause container behind — kubelet likewise
    /// starts no pod network while the runtime's network is not ready.
    async fn wait_network_ready(&self) -> Result<()> {
        use std::sync::atomic::Ordering;
        if self.network_ready.load(Ordering::Acquire) {
            return Ok(());
        }
        let deadline = tokio::time::Instant::now() + NETWORK_WAIT;
        loop {
            if matches!(self.ready().await, Ok((_, true))) {
                self.network_ready.store(true, Ordering::Release);
                return Ok(());
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(Error::Call {
                    op: "run sandbox",
                    message: "container runtime network not ready: NetworkReady=false (no CNI configuration loaded; has the node a podCIDR?)".into(),
                });
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The socket this runtime talks to.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// `PodSandboxStatus` without `verbose`: only the IP (the verbose answer carries the whole
    /// OCI spec, which containerd encodes and we decode for nothing on every new sandbox).
    async fn sandbox_ip(&self, id: &str) -> Result<Option<String>> {
        let r = self
            .rt
            .clone()
            .pod_sandbox_status(cri::PodSandboxStatusRequest {
                pod_sandbox_id: id.to_string(),
                verbose: false,
            })
            .await
            .map_err(|s| not_found_or("sandbox status", "sandbox", id, &s))?
            .into_inner();
        Ok(r.status
            .and_then(|s| s.network)
            .map(|n| n.ip)
            .filter(|ip| !ip.is_empty()))
    }

    /// `PodSandboxStatus{verbose}`: the IP and the parts of the original config kept in
    /// containerd's verbose info (cgroup parent, log directory).
    async fn sandbox_details(&self, id: &str) -> Result<(Option<String>, SandboxPaths)> {
        let r = self
            .rt
            .clone()
            .pod_sandbox_status(cri::PodSandboxStatusRequest {
                pod_sandbox_id: id.to_string(),
                verbose: true,
            })
            .await
            .map_err(|s| not_found_or("sandbox status", "sandbox", id, &s))?
            .into_inner();
        let ip = r
            .status
            .as_ref()
            .and_then(|s| s.network.as_ref())
            .map(|n| n.ip.clone())
            .filter(|ip| !ip.is_empty());
        let info: serde_json::Value = r
            .info
            .get("info")
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default();
        let text = |p: &str| {
            info.pointer(p)
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let uid = r
            .status
            .as_ref()
            .and_then(|s| s.metadata.as_ref())
            .map(|m| m.uid.clone())
            .unwrap_or_default();
        Ok((
            ip,
            SandboxPaths {
                cgroup_parent: text("/config/linux/cgroup_parent"),
                log_directory: text("/config/log_directory"),
                uid,
            },
        ))
    }

    /// ListPodSandbox (all, or those matching `filter`) with each sandbox's IP (cached).
    async fn sandboxes_where(
        &self,
        filter: Option<cri::PodSandboxFilter>,
    ) -> Result<Vec<SandboxStatus>> {
        let all = filter.is_none();
        let items = self
            .rt
            .clone()
            .list_pod_sandbox(cri::ListPodSandboxRequest { filter })
            .await
            .map_err(|s| call_error("list sandboxes", &s))?
            .into_inner()
            .items;
        let mut out = Vec::with_capacity(items.len());
        for s in &items {
            let cached = self.caches().ips.get(&s.id).cloned();
            let ip = match cached {
                Some(ip) => ip,
                None => match self.sandbox_ip(&s.id).await {
                    Ok(ip) => {
                        self.caches().ips.insert(s.id.clone(), ip.clone());
                        ip
                    }
                    Err(_) => None,
                },
            };
            out.push(convert::sandbox(s, ip));
        }
        if all {
            let live: std::collections::HashSet<&str> =
                items.iter().map(|s| s.id.as_str()).collect();
            self.caches().ips.retain(|id, _| live.contains(id.as_str()));
        }
        Ok(out)
    }

    /// ListContainers (all, or those matching `filter`), each with its status (cached once it
    /// can no longer change).
    async fn containers_where(
        &self,
        filter: Option<cri::ContainerFilter>,
    ) -> Result<Vec<ContainerStatus>> {
        let all = filter.is_none();
        let listed = self
            .rt
            .clone()
            .list_containers(cri::ListContainersRequest { filter })
            .await
            .map_err(|s| call_error("list containers", &s))?
            .into_inner()
            .containers;
        let mut out = Vec::with_capacity(listed.len());
        for c in &listed {
            let state = convert::container_state(c.state);
            let cached = self
                .caches()
                .containers
                .get(&c.id)
                .filter(|s| s.state == state)
                .cloned();
            if let Some(s) = cached {
                out.push(s);
                continue;
            }
            let status = self
                .rt
                .clone()
                .container_status(cri::ContainerStatusRequest {
                    container_id: c.id.clone(),
                    verbose: false,
                })
                .await;
            let s = match status.ok().and_then(|r| r.into_inner().status) {
                Some(s) => convert::container_status(&c.pod_sandbox_id, &s),
                None => convert::listed_container(c),
            };
            if s.state == state && state != ContainerState::Created && !may_still_change(&s) {
                self.caches().containers.insert(c.id.clone(), s.clone());
            }
            out.push(s);
        }
        if all {
            let live: std::collections::HashSet<&str> =
                listed.iter().map(|c| c.id.as_str()).collect();
            self.caches()
                .containers
                .retain(|id, _| live.contains(id.as_str()));
        }
        Ok(out)
    }

    /// For a pull from a registry on loopback (`127.0.0.1:PORT/…`, `localhost:PORT/…`): a
    /// hosts.toml that lets containerd 1.6 speak plain HTTP to it.
    fn allow_loopback_registry(&self, image: &str) {
        let Some(dir) = &self.registry_hosts else {
            return;
        };
        let Some((host, _)) = image.split_once('/') else {
            return;
        };
        let name = host.split(':').next().unwrap_or_default();
        if !(name == "127.0.0.1" || name == "localhost") || !host.contains(':') {
            return;
        }
        let d = dir.join(host);
        let file = d.join("hosts.toml");
        if file.exists() {
            return;
        }
        let text = format!(
            "server = \"http://{host}\"\n\n[host.\"http://{host}\"]\n  capabilities = [\"pull\", \"resolve\"]\n  skip_verify = true\n"
        );
        if let Err(e) = std::fs::create_dir_all(&d).and_then(|()| std::fs::write(&file, text)) {
            tracing::warn!(error = %e, path = %file.display(), "writing a registry hosts.toml");
        }
    }
}

/// What removing a sandbox must clean up beside containerd.
#[derive(Clone, Debug, Default)]
pub struct SandboxPaths {
    pub cgroup_parent: String,
    pub log_directory: String,
    pub uid: String,
}

/// Every mounted cgroup hierarchy (v1 controllers and the cgroup2 mount), from mountinfo.
pub fn cgroup_mounts() -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| {
            let (left, right) = l.split_once(" - ")?;
            let fstype = right.split(' ').next()?;
            let mount = left.split(' ').nth(4)?;
            matches!(fstype, "cgroup" | "cgroup2").then(|| PathBuf::from(mount))
        })
        .collect()
}

/// Removes a pod's cgroup directory in every hierarchy (runc creates it; containerd leaves
/// it). Child directories left by crashed containers are removed first (deepest first).
pub fn remove_cgroup(cgroup_parent: &str) {
    let rel = cgroup_parent.trim_start_matches('/');
    if rel.is_empty() || rel.contains("..") {
        return;
    }
    for m in cgroup_mounts() {
        let dir = m.join(rel);
        if dir.is_dir() {
            rmdir_tree(&dir);
        }
    }
}

/// rmdir of a cgroup directory and its sub-directories (cgroupfs refuses recursive removal).
fn rmdir_tree(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                rmdir_tree(&e.path());
            }
        }
    }
    if let Err(e) = std::fs::remove_dir(dir)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        tracing::debug!(error = %e, path = %dir.display(), "removing a cgroup directory");
    }
}

/// The label kubelet (and rk) puts on a pod's sandboxes and containers.
const POD_UID_LABEL: &str = "io.kubernetes.pod.uid";

impl Runtime for CriRuntime {
    fn type_name(&self) -> &'static str {
        "containerd"
    }

    fn version(&self) -> String {
        self.version.clone()
    }

    async fn start_permit(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.starts.clone().acquire_owned().await.ok()
    }

    fn update_pod_cidr(&self, cidr: &str) {
        if let Some(n) = &self.network {
            if let Err(e) = n.write_conflist(cidr) {
                tracing::warn!(error = %e, "writing the CNI configuration");
            }
            if self.caches().masquerade.as_deref() != Some(cidr) {
                match n.install_masquerade(cidr) {
                    Ok(()) => self.caches().masquerade = Some(cidr.to_string()),
                    Err(e) => tracing::warn!(error = %e, "installing the pod masquerade table"),
                }
            }
        }
        let mut rt = self.rt.clone();
        let cidr = cidr.to_string();
        tokio::spawn(async move {
            let req = cri::UpdateRuntimeConfigRequest {
                runtime_config: Some(cri::RuntimeConfig {
                    network_config: Some(cri::NetworkConfig { pod_cidr: cidr }),
                }),
            };
            if let Err(e) = rt.update_runtime_config(req).await {
                tracing::warn!(error = %e.message(), "UpdateRuntimeConfig");
            }
        });
    }

    async fn run_pod_sandbox(&self, config: &SandboxConfig) -> Result<String> {
        if !config.log_directory.is_empty() {
            std::fs::create_dir_all(&config.log_directory).map_err(|e| Error::Call {
                op: "run sandbox",
                message: format!("creating {}: {e}", config.log_directory),
            })?;
        }
        if !config.host_network {
            self.wait_network_ready().await?;
        }
        let mut req = tonic::Request::new(cri::RunPodSandboxRequest {
            config: Some(self.placed(config)),
            runtime_handler: String::new(),
        });
        req.set_timeout(CALL_TIMEOUT);
        let r = self
            .rt
            .clone()
            .run_pod_sandbox(req)
            .await
            .map_err(|s| call_error("run sandbox", &s))?;
        Ok(r.into_inner().pod_sandbox_id)
    }

    async fn stop_pod_sandbox(&self, id: &str) -> Result<()> {
        let mut req = tonic::Request::new(cri::StopPodSandboxRequest {
            pod_sandbox_id: id.to_string(),
        });
        req.set_timeout(CALL_TIMEOUT);
        match self.rt.clone().stop_pod_sandbox(req).await {
            Ok(_) => Ok(()),
            Err(s) => Err(not_found_or("stop sandbox", "sandbox", id, &s)),
        }
    }

    async fn remove_pod_sandbox(&self, id: &str) -> Result<()> {
        let paths = match self.sandbox_details(id).await {
            Ok((_, p)) => Some(p),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        };
        let mut req = tonic::Request::new(cri::RemovePodSandboxRequest {
            pod_sandbox_id: id.to_string(),
        });
        req.set_timeout(CALL_TIMEOUT);
        self.rt
            .clone()
            .remove_pod_sandbox(req)
            .await
            .map_err(|s| not_found_or("remove sandbox", "sandbox", id, &s))?;
        self.caches().ips.remove(id);
        if let Some(p) = paths {
            let parent = if p.cgroup_parent.is_empty() && !p.uid.is_empty() {
                format!("{}/rkpods/pod{}", self.cgroup_root, p.uid)
            } else {
                p.cgroup_parent
            };
            remove_cgroup(&parent);
        }
        Ok(())
    }

    async fn list_pod_sandboxes(&self) -> Result<Vec<SandboxStatus>> {
        self.sandboxes_where(None).await
    }

    async fn list_pod_sandboxes_of(&self, uid: &str) -> Result<Vec<SandboxStatus>> {
        self.sandboxes_where(Some(cri::PodSandboxFilter {
            label_selector: [(POD_UID_LABEL.to_string(), uid.to_string())].into(),
            ..Default::default()
        }))
        .await
    }

    async fn list_containers_of(&self, uid: &str) -> Result<Vec<ContainerStatus>> {
        self.containers_where(Some(cri::ContainerFilter {
            label_selector: [(POD_UID_LABEL.to_string(), uid.to_string())].into(),
            ..Default::default()
        }))
        .await
    }

    async fn list_containers(&self) -> Result<Vec<ContainerStatus>> {
        self.containers_where(None).await
    }

    async fn create_container(
        &self,
        sandbox_id: &str,
        config: &ContainerConfig,
        sandbox: &SandboxConfig,
    ) -> Result<String> {
        if !config.log_path.is_empty() && !sandbox.log_directory.is_empty() {
            let path = Path::new(&sandbox.log_directory).join(&config.log_path);
            if let Some(parent) = path.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
        }
        let mut req = tonic::Request::new(cri::CreateContainerRequest {
            pod_sandbox_id: sandbox_id.to_string(),
            config: Some(convert::container_config(config, sandbox)),
            sandbox_config: Some(self.placed(sandbox)),
        });
        req.set_timeout(CALL_TIMEOUT);
        let r = self.rt.clone().create_container(req).await.map_err(|s| {
            if s.code() == tonic::Code::NotFound && s.message().contains("image") {
                Error::NotFound {
                    kind: "image",
                    id: config.image.clone(),
                }
            } else {
                call_error("create container", &s)
            }
        })?;
        Ok(r.into_inner().container_id)
    }

    async fn start_container(&self, id: &str) -> Result<()> {
        let mut req = tonic::Request::new(cri::StartContainerRequest {
            container_id: id.to_string(),
        });
        req.set_timeout(CALL_TIMEOUT);
        self.rt
            .clone()
            .start_container(req)
            .await
            .map_err(|s| not_found_or("start container", "container", id, &s))?;
        Ok(())
    }

    async fn stop_container(&self, id: &str, timeout: Duration) -> Result<()> {
        let mut req = tonic::Request::new(cri::StopContainerRequest {
            container_id: id.to_string(),
            timeout: timeout.as_secs() as i64,
        });
        req.set_timeout(CALL_TIMEOUT + timeout);
        self.rt
            .clone()
            .stop_container(req)
            .await
            .map_err(|s| not_found_or("stop container", "container", id, &s))?;
        Ok(())
    }

    async fn remove_container(&self, id: &str) -> Result<()> {
        let mut req = tonic::Request::new(cri::RemoveContainerRequest {
            container_id: id.to_string(),
        });
        req.set_timeout(CALL_TIMEOUT);
        self.rt
            .clone()
            .remove_container(req)
            .await
            .map_err(|s| not_found_or("remove container", "container", id, &s))?;
        self.caches().containers.remove(id);
        Ok(())
    }

    async fn image_status(&self, image: &str) -> Result<Option<String>> {
        let r = self
            .img
            .clone()
            .image_status(cri::ImageStatusRequest {
                image: Some(convert::image_spec(image)),
                verbose: false,
            })
            .await
            .map_err(|s| call_error("image status", &s))?
            .into_inner();
        Ok(r.image
            .map(|i| i.repo_digests.first().cloned().unwrap_or(i.id)))
    }

    async fn pull_image(&self, image: &str) -> Result<String> {
        self.allow_loopback_registry(image);
        let mut req = tonic::Request::new(cri::PullImageRequest {
            image: Some(convert::image_spec(image)),
            auth: None,
            sandbox_config: None,
        });
        req.set_timeout(Duration::from_secs(600));
        let r = self
            .img
            .clone()
            .pull_image(req)
            .await
            .map_err(|s| Error::ImagePull {
                image: image.to_string(),
                message: s.message().to_string(),
            })?;
        Ok(r.into_inner().image_ref)
    }

    async fn sweep_orphans(&self, live: &std::collections::HashSet<String>) {
        crate::cleanup::sweep(self, live).await;
    }

    async fn import_images(&self, archive: &[u8]) -> Result<Vec<String>> {
        import_with_ctr(&self.socket, archive).await
    }

    async fn exec_sync(&self, id: &str, cmd: &[String], timeout: Duration) -> Result<ExecResult> {
        let secs = timeout.as_secs().max(1);
        let mut req = tonic::Request::new(cri::ExecSyncRequest {
            container_id: id.to_string(),
            cmd: cmd.to_vec(),
            timeout: secs as i64,
        });
        req.set_timeout(Duration::from_secs(secs) + Duration::from_secs(5));
        match self.rt.clone().exec_sync(req).await {
            Ok(r) => {
                let r = r.into_inner();
                Ok(ExecResult {
                    exit_code: r.exit_code,
                    stdout: r.stdout,
                    stderr: r.stderr,
                })
            }
            Err(s) if s.code() == tonic::Code::DeadlineExceeded => Err(Error::Call {
                op: "exec",
                message: format!("command timed out after {secs}s"),
            }),
            Err(s) => Err(not_found_or("exec", "container", id, &s)),
        }
    }

    async fn exec_url(&self, req: &StreamRequest) -> Result<String> {
        let r = self
            .rt
            .clone()
            .exec(cri::ExecRequest {
                container_id: req.container_id.clone(),
                cmd: req.cmd.clone(),
                tty: req.tty,
                stdin: req.stdin,
                stdout: req.stdout,
                stderr: req.stderr,
            })
            .await
            .map_err(|s| not_found_or("exec", "container", &req.container_id, &s))?;
        Ok(r.into_inner().url)
    }

    async fn attach_url(&self, req: &StreamRequest) -> Result<String> {
        let r = self
            .rt
            .clone()
            .attach(cri::AttachRequest {
                container_id: req.container_id.clone(),
                stdin: req.stdin,
                tty: req.tty,
                stdout: req.stdout,
                stderr: req.stderr,
            })
            .await
            .map_err(|s| not_found_or("attach", "container", &req.container_id, &s))?;
        Ok(r.into_inner().url)
    }

    async fn port_forward_url(&self, sandbox_id: &str, ports: &[i32]) -> Result<String> {
        let r = self
            .rt
            .clone()
            .port_forward(cri::PortForwardRequest {
                pod_sandbox_id: sandbox_id.to_string(),
                port: ports.to_vec(),
            })
            .await
            .map_err(|s| not_found_or("port-forward", "sandbox", sandbox_id, &s))?;
        Ok(r.into_inner().url)
    }

    async fn container_stats(&self) -> Result<Vec<ContainerStats>> {
        let r = self
            .rt
            .clone()
            .list_container_stats(cri::ListContainerStatsRequest { filter: None })
            .await
            .map_err(|s| call_error("container stats", &s))?
            .into_inner();
        Ok(r.stats
            .into_iter()
            .map(|s| {
                let cpu = s.cpu.unwrap_or_default();
                let mem = s.memory.unwrap_or_default();
                ContainerStats {
                    container_id: s.attributes.map(|a| a.id).unwrap_or_default(),
                    timestamp_ns: cpu.timestamp.max(mem.timestamp),
                    cpu_usage_core_nanos: cpu.usage_core_nano_seconds.map(|v| v.value).unwrap_or(0),
                    memory_working_set_bytes: mem.working_set_bytes.map(|v| v.value).unwrap_or(0),
                }
            })
            .collect())
    }
}

/// `ctr -a SOCK -n k8s.io images import FILE`: imports (and unpacks for the overlayfs
/// snapshotter) an OCI or docker archive; answers the references ctr reports.
pub async fn import_with_ctr(socket: &Path, archive: &[u8]) -> Result<Vec<String>> {
    let err = |message: String| Error::Call {
        op: "image import",
        message,
    };
    let dir = std::env::temp_dir();
    let file = dir.join(format!(
        "rk-import-{}-{}.tar",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    tokio::fs::write(&file, archive)
        .await
        .map_err(|e| err(format!("writing {}: {e}", file.display())))?;
    let out = tokio::process::Command::new("ctr")
        .arg("-a")
        .arg(socket)
        .args(["-n", "k8s.io", "images", "import"])
        .arg(&file)
        .output()
        .await;
    let _ = tokio::fs::remove_file(&file).await;
    let out = out.map_err(|e| err(format!("running ctr (package containerd): {e}")))?;
    if !out.status.success() {
        return Err(err(String::from_utf8_lossy(&out.stderr).trim().to_string()));
    }
    Ok(parse_ctr_import(&String::from_utf8_lossy(&out.stdout)))
}

static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// `unpacking localhost/rk/pause:1 (sha256:…)...done` → `localhost/rk/pause:1`.
pub fn parse_ctr_import(out: &str) -> Vec<String> {
    out.lines()
        .filter_map(|l| l.trim().strip_prefix("unpacking "))
        .filter_map(|l| l.split(" (").next())
        .map(str::to_string)
        .collect()
}

/// Whether containerd may still amend an exited container's status: its OOM event can arrive
/// after the exit (the reason turns from `Error` to `OOMKilled`), so a recent non-zero exit is
/// asked again rather than cached.
fn may_still_change(s: &ContainerStatus) -> bool {
    const OOM_EVENT_GRACE_SECS: i64 = 10;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    s.state == ContainerState::Exited
        && s.exit_code != 0
        && s.reason != "OOMKilled"
        && now - s.finished_at < OOM_EVENT_GRACE_SECS
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn sandboxes_are_made_twice_the_cores_at_a_time_and_never_fewer_than_two() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(start_limit(), (cores * 2).max(2));
        assert!(start_limit() >= 2);
    }

    #[test]
    fn ctr_import_output_names_the_imported_references() {
        let out = "unpacking localhost/rk/pause:1 (sha256:abc)...done\nunpacking docker.io/library/x:2 (sha256:def)...done\n";
        assert_eq!(
            parse_ctr_import(out),
            vec!["localhost/rk/pause:1", "docker.io/library/x:2"]
        );
    }

    #[test]
    fn cgroup_mounts_are_read_from_mountinfo() {
        // Every Linux test machine mounts at least one cgroup hierarchy.
        let mounts = cgroup_mounts();
        assert!(!mounts.is_empty());
        assert!(mounts.iter().all(|m| m.is_absolute()));
    }

    #[test]
    fn removing_a_cgroup_refuses_empty_and_escaping_paths() {
        remove_cgroup("");
        remove_cgroup("/../etc");
        assert!(Path::new("/etc").exists());
    }
}
