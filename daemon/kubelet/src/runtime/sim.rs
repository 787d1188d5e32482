//! The simulated runtime: sandboxes and containers held in memory, no processes.
//!
//! A simulated container's "process" is decided when it is created, from the pod's restart
//! policy and annotations (interfaces.md):
//! - restartPolicy Never/OnFailure (and every init container): it exits after the run duration
//!   with `sim.rk.dev/exit-code` (default 0);
//! - restartPolicy Always: it runs until stopped — unless `sim.rk.dev/exit-code` is non-zero,
//!   then it exits with that code after the run duration (and the kubelet restarts it);
//! - `sim.rk.dev/start-delay: "2s"`: `start_container` takes that long;
//! - `sim.rk.dev/ready: "false"`: it runs but never becomes ready.
//!
//! Pod IPs come from the node's pod CIDR (IPv4, `.1` kept for the gateway as CNI's bridge
//! does), else from a fallback CIDR given per node. State survives an agent restart through
//! [`SimRuntime::adopt`], which rebuilds it from the pods' API status — the simulated
//! equivalent of containerd outliving the agent.

use std::collections::{BTreeSet, HashMap};
use std::net::Ipv4Addr;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use super::{
    ContainerConfig, ContainerState, ContainerStats, ContainerStatus, Error, ExecResult,
    RestartPolicy, Result, Runtime, SandboxConfig, SandboxState, SandboxStatus,
};
use crate::time::{Clock, parse_duration, parse_rfc3339};

/// The simulated runtime's `type_name`.
pub const TYPE_NAME: &str = "sim";
/// CPU a running simulated container uses, in millicores (what `kubectl top` shows).
pub const SIM_CPU_MILLICORES: u64 = 5;
/// Memory a running simulated container holds.
pub const SIM_MEMORY_BYTES: u64 = 8 << 20;

pub const EXIT_CODE: &str = "sim.rk.dev/exit-code";
pub const START_DELAY: &str = "sim.rk.dev/start-delay";
pub const READY: &str = "sim.rk.dev/ready";
pub const IMAGE_DIGEST: &str =
    "sha256:0000000000000000000000000000000000000000000000000000000000000000";

/// The simulated runtime of one node.
pub struct SimRuntime {
    run_duration: Duration,
    clock: Clock,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    cidr: Option<Cidr>,
    fallback: Option<Cidr>,
    used: BTreeSet<u32>,
    sandboxes: HashMap<String, Sandbox>,
    containers: HashMap<String, Container>,
    next_id: u64,
    id_prefix: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cidr {
    base: u32,
    prefix: u8,
}

impl Cidr {
    fn parse(s: &str) -> Option<Cidr> {
        let (ip, len) = s.split_once('/')?;
        let ip: Ipv4Addr = ip.parse().ok()?;
        let prefix: u8 = len.parse().ok()?;
        (prefix <= 30).then(|| Cidr {
            base: u32::from(ip) & (u32::MAX << (32 - prefix)),
            prefix,
        })
    }

    fn hosts(&self) -> u32 {
        (1u32 << (32 - self.prefix)) - 2
    }
}

struct Sandbox {
    status: SandboxStatus,
    ip_index: Option<u32>,
}

struct Container {
    status: ContainerStatus,
    /// The CRI log file the start line goes to (empty: no logs kept).
    log_file: String,
    /// When a running process ends by itself, and with which code.
    exits: Option<(Instant, i32)>,
    ready: bool,
    start_delay: Duration,
}

fn annotation<'a>(sandbox: &'a SandboxConfig, key: &str) -> Option<&'a str> {
    sandbox.annotations.get(key).map(String::as_str)
}

fn exit_code(sandbox: &SandboxConfig) -> i32 {
    annotation(sandbox, EXIT_CODE)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

impl SimRuntime {
    /// `fallback_cidr` is used for pod IPs until the node's pod CIDR is known.
    pub fn new(run_duration: Duration, fallback_cidr: &str, clock: Clock) -> SimRuntime {
        let state = State {
            fallback: Cidr::parse(fallback_cidr),
            id_prefix: random_hex(6),
            ..State::default()
        };
        SimRuntime {
            run_duration,
            clock,
            state: Mutex::new(state),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn behaviour(
        &self,
        config: &ContainerConfig,
        sandbox: &SandboxConfig,
    ) -> (Option<i32>, bool, Duration) {
        let code = exit_code(sandbox);
        let exits = if config.init || sandbox.restart_policy != RestartPolicy::Always {
            Some(if config.init { 0 } else { code })
        } else {
            (code != 0).then_some(code)
        };
        let ready = annotation(sandbox, READY) != Some("false");
        let delay = annotation(sandbox, START_DELAY)
            .and_then(parse_duration)
            .unwrap_or_default();
        (exits, ready, delay)
    }

    /// Rebuilds the sandbox and containers of a pod from its API status (after an agent
    /// restart): same container ids, start times, attempts and pod IP.
    pub fn adopt_from_status(&self, pod: &Value, sandbox: SandboxConfig) {
        let Some(status) = pod.get("status") else {
            return;
        };
        let statuses: Vec<&Value> = ["initContainerStatuses", "containerStatuses"]
            .iter()
            .filter_map(|f| status.get(*f).and_then(Value::as_array))
            .flatten()
            .filter(|c| {
                c.get("containerID")
                    .and_then(Value::as_str)
                    .is_some_and(|id| id.starts_with("sim://"))
            })
            .collect();
        if statuses.is_empty() {
            return;
        }
        let init_names: BTreeSet<&str> = pod
            .pointer("/spec/initContainers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| c.get("name").and_then(Value::as_str))
            .collect();
        let ip = status
            .get("podIP")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<Ipv4Addr>().ok());
        let created = status
            .get("startTime")
            .and_then(Value::as_str)
            .and_then(parse_rfc3339)
            .unwrap_or_else(|| self.clock.now_secs());
        let mut st = self.lock();
        let sandbox_id = st.new_id();
        let ip_index = ip.and_then(|ip| st.index_of(ip));
        if let Some(i) = ip_index {
            st.used.insert(i);
        }
        let phase_done = matches!(
            status.get("phase").and_then(Value::as_str),
            Some("Succeeded" | "Failed")
        );
        st.sandboxes.insert(
            sandbox_id.clone(),
            Sandbox {
                status: SandboxStatus {
                    id: sandbox_id.clone(),
                    uid: sandbox.uid.clone(),
                    namespace: sandbox.namespace.clone(),
                    name: sandbox.name.clone(),
                    attempt: 0,
                    state: if phase_done {
                        SandboxState::NotReady
                    } else {
                        SandboxState::Ready
                    },
                    ip: ip.map(|i| i.to_string()),
                    created_at: created,
                },
                ip_index,
            },
        );
        for c in statuses {
            let Some(id) = c
                .get("containerID")
                .and_then(Value::as_str)
                .and_then(|s| s.strip_prefix("sim://"))
            else {
                continue;
            };
            let name = c
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let config = ContainerConfig {
                name: name.clone(),
                init: init_names.contains(name.as_str()),
                ..ContainerConfig::default()
            };
            let (exits, ready, delay) = self.behaviour(&config, &sandbox);
            let secs = |p: &str| {
                c.pointer(p)
                    .and_then(Value::as_str)
                    .and_then(parse_rfc3339)
                    .unwrap_or(0)
            };
            let (state, started, finished, code, reason) =
                if let Some(t) = c.pointer("/state/terminated") {
                    let code = t.get("exitCode").and_then(Value::as_i64).unwrap_or(0) as i32;
                    let reason = t
                        .get("reason")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string();
                    (
                        ContainerState::Exited,
                        secs("/state/terminated/startedAt"),
                        secs("/state/terminated/finishedAt"),
                        code,
                        reason,
                    )
                } else if c.pointer("/state/running").is_some() {
                    (
                        ContainerState::Running,
                        secs("/state/running/startedAt"),
                        0,
                        0,
                        String::new(),
                    )
                } else {
                    (ContainerState::Created, 0, 0, 0, String::new())
                };
            let exits = match (state, exits) {
                (ContainerState::Running, Some(code)) => {
                    Some((self.clock.instant_of(started) + self.run_duration, code))
                }
                _ => None,
            };
            st.containers.insert(
                id.to_string(),
                Container {
                    log_file: String::new(),
                    status: ContainerStatus {
                        id: id.to_string(),
                        sandbox_id: sandbox_id.clone(),
                        name,
                        attempt: c.get("restartCount").and_then(Value::as_u64).unwrap_or(0) as u32,
                        image: c
                            .get("image")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string(),
                        image_ref: c
                            .get("imageID")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string(),
                        state,
                        created_at: started,
                        started_at: started,
                        finished_at: finished,
                        exit_code: code,
                        reason,
                        message: String::new(),
                    },
                    exits,
                    ready,
                    start_delay: delay,
                },
            );
        }
    }

    /// How many sandboxes and containers the runtime holds (for tests and figures).
    pub fn counts(&self) -> (usize, usize) {
        let st = self.lock();
        (st.sandboxes.len(), st.containers.len())
    }
}

impl State {
    fn new_id(&mut self) -> String {
        self.next_id += 1;
        format!("{}{:010x}", self.id_prefix, self.next_id)
    }

    fn cidr(&self) -> Option<Cidr> {
        self.cidr.or(self.fallback)
    }

    fn index_of(&self, ip: Ipv4Addr) -> Option<u32> {
        let c = self.cidr()?;
        let ip = u32::from(ip);
        (ip > c.base && ip - c.base <= c.hosts()).then(|| ip - c.base)
    }

    /// The lowest free host address from 2 up (1 is the bridge's gateway).
    fn allocate_ip(&mut self) -> Option<(u32, Ipv4Addr)> {
        let c = self.cidr()?;
        let i = (2..=c.hosts()).find(|i| !self.used.contains(i))?;
        self.used.insert(i);
        Some((i, Ipv4Addr::from(c.base + i)))
    }

    fn container(&mut self, id: &str) -> Result<&mut Container> {
        self.containers.get_mut(id).ok_or_else(|| Error::NotFound {
            kind: "container",
            id: id.to_string(),
        })
    }

    /// Moves containers whose process has ended by now to Exited.
    fn settle(&mut self, clock: &Clock) {
        let now = Instant::now();
        for c in self.containers.values_mut() {
            if let (ContainerState::Running, Some((at, code))) = (c.status.state, c.exits)
                && now >= at
            {
                c.status.state = ContainerState::Exited;
                c.status.exit_code = code;
                c.status.reason = if code == 0 {
                    "Completed".into()
                } else {
                    "Error".into()
                };
                let late = now.duration_since(at).as_secs() as i64;
                c.status.finished_at = clock.now_secs() - late;
            }
        }
    }
}

fn random_hex(bytes: usize) -> String {
    use ring::rand::SecureRandom;
    let mut b = vec![0u8; bytes];
    let _ = ring::rand::SystemRandom::new().fill(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Appends the simulated process's one log line (CRI format) to its log file.
fn write_start_line(path: &str, name: &str, attempt: u32) {
    use std::io::Write;
    let path = std::path::Path::new(path);
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let stamp = format!(
        "{}.{:09}Z",
        crate::time::rfc3339(now.as_secs() as i64).trim_end_matches('Z'),
        now.subsec_nanos()
    );
    let line = format!("{stamp} stdout F sim: container {name} started (attempt {attempt})\n");
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = written {
        tracing::debug!(path = %path.display(), error = %e, "writing a simulated log line");
    }
}

/// What a simulated command prints and how it exits.
pub fn simulated_exec(cmd: &[String]) -> ExecResult {
    let words: Vec<&str> = cmd.iter().map(String::as_str).collect();
    let script = match words.as_slice() {
        ["sh" | "/bin/sh" | "bash", "-c", script, ..] => script.trim().to_string(),
        _ => words.join(" "),
    };
    let ok = |stdout: String| ExecResult {
        exit_code: 0,
        stdout: stdout.into_bytes(),
        stderr: Vec::new(),
    };
    match script.split_whitespace().collect::<Vec<_>>().as_slice() {
        ["true"] | [] => ok(String::new()),
        ["false"] => ExecResult {
            exit_code: 1,
            ..ExecResult::default()
        },
        ["exit", code] => ExecResult {
            exit_code: code.parse().unwrap_or(2),
            ..ExecResult::default()
        },
        ["echo", rest @ ..] => ok(format!("{}\n", rest.join(" "))),
        _ => ok(format!("{script}\n")),
    }
}

impl Runtime for SimRuntime {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn version(&self) -> String {
        format!("sim://{}", env!("CARGO_PKG_VERSION"))
    }

    fn update_pod_cidr(&self, cidr: &str) {
        let parsed = Cidr::parse(cidr);
        let mut st = self.lock();
        if parsed.is_some() && parsed != st.cidr && st.cidr.is_none() {
            // Addresses handed out from the fallback stay with their pods; new ones come from
            // the node's range.
            st.cidr = parsed;
            st.used.clear();
            let taken: Vec<u32> = st
                .sandboxes
                .values()
                .filter_map(|s| s.status.ip.as_deref().and_then(|ip| ip.parse().ok()))
                .collect::<Vec<Ipv4Addr>>()
                .into_iter()
                .filter_map(|ip| st.index_of(ip))
                .collect();
            st.used.extend(taken);
        }
    }

    async fn run_pod_sandbox(&self, config: &SandboxConfig) -> Result<String> {
        let mut st = self.lock();
        let id = st.new_id();
        let (ip_index, ip) = if config.host_network {
            (None, None)
        } else {
            match st.allocate_ip() {
                Some((i, ip)) => (Some(i), Some(ip.to_string())),
                None => {
                    return Err(Error::Call {
                        op: "RunPodSandbox",
                        message: "no free pod IP in the node's pod CIDR".into(),
                    });
                }
            }
        };
        let status = SandboxStatus {
            id: id.clone(),
            uid: config.uid.clone(),
            namespace: config.namespace.clone(),
            name: config.name.clone(),
            attempt: config.attempt,
            state: SandboxState::Ready,
            ip,
            created_at: self.clock.now_secs(),
        };
        st.sandboxes
            .insert(id.clone(), Sandbox { status, ip_index });
        Ok(id)
    }

    async fn stop_pod_sandbox(&self, id: &str) -> Result<()> {
        let mut st = self.lock();
        let now = self.clock.now_secs();
        for c in st
            .containers
            .values_mut()
            .filter(|c| c.status.sandbox_id == id && c.status.state != ContainerState::Exited)
        {
            c.status.state = ContainerState::Exited;
            c.status.exit_code = 137;
            c.status.reason = "Error".into();
            c.status.finished_at = now;
        }
        if let Some(s) = st.sandboxes.get_mut(id) {
            s.status.state = SandboxState::NotReady;
        }
        Ok(())
    }

    async fn remove_pod_sandbox(&self, id: &str) -> Result<()> {
        let mut st = self.lock();
        st.containers.retain(|_, c| c.status.sandbox_id != id);
        if let Some(s) = st.sandboxes.remove(id)
            && let Some(i) = s.ip_index
        {
            st.used.remove(&i);
        }
        Ok(())
    }

    async fn list_pod_sandboxes(&self) -> Result<Vec<SandboxStatus>> {
        Ok(self
            .lock()
            .sandboxes
            .values()
            .map(|s| s.status.clone())
            .collect())
    }

    async fn create_container(
        &self,
        sandbox_id: &str,
        config: &ContainerConfig,
        sandbox: &SandboxConfig,
    ) -> Result<String> {
        let (exits, ready, start_delay) = self.behaviour(config, sandbox);
        let mut st = self.lock();
        match st.sandboxes.get(sandbox_id) {
            Some(s) if s.status.state == SandboxState::Ready => {}
            Some(_) => {
                return Err(Error::Call {
                    op: "CreateContainer",
                    message: format!("sandbox {sandbox_id} is not ready"),
                });
            }
            None => {
                return Err(Error::NotFound {
                    kind: "sandbox",
                    id: sandbox_id.to_string(),
                });
            }
        }
        let id = st.new_id();
        let image = config.image.clone();
        let log_file = if sandbox.log_directory.is_empty() || config.log_path.is_empty() {
            String::new()
        } else {
            format!("{}/{}", sandbox.log_directory, config.log_path)
        };
        st.containers.insert(
            id.clone(),
            Container {
                log_file,
                status: ContainerStatus {
                    id: id.clone(),
                    sandbox_id: sandbox_id.to_string(),
                    name: config.name.clone(),
                    attempt: config.attempt,
                    image_ref: format!(
                        "{}@{IMAGE_DIGEST}",
                        image.split(['@', ':']).next().unwrap_or(&image)
                    ),
                    image,
                    state: ContainerState::Created,
                    created_at: self.clock.now_secs(),
                    started_at: 0,
                    finished_at: 0,
                    exit_code: 0,
                    reason: String::new(),
                    message: String::new(),
                },
                exits: exits.map(|code| (Instant::now(), code)),
                ready,
                start_delay,
            },
        );
        Ok(id)
    }

    async fn start_container(&self, id: &str) -> Result<()> {
        let delay = self.lock().container(id)?.start_delay;
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let mut st = self.lock();
        let run = self.run_duration;
        let now = self.clock.now_secs();
        let c = st.container(id)?;
        if c.status.state != ContainerState::Created {
            return Err(Error::Call {
                op: "StartContainer",
                message: format!("container {id} is not in created state"),
            });
        }
        c.status.state = ContainerState::Running;
        c.status.started_at = now;
        c.exits = c.exits.map(|(_, code)| (Instant::now() + run, code));
        let (log_file, name, attempt) =
            (c.log_file.clone(), c.status.name.clone(), c.status.attempt);
        drop(st);
        if !log_file.is_empty() {
            write_start_line(&log_file, &name, attempt);
        }
        Ok(())
    }

    /// Simulated commands: `true`, `false`, `exit N` / `sh -c 'exit N'`, `echo …`; anything
    /// else echoes its command line (and exits 0).
    async fn exec_sync(&self, id: &str, cmd: &[String], _timeout: Duration) -> Result<ExecResult> {
        {
            let mut st = self.lock();
            st.settle(&self.clock);
            if st.container(id)?.status.state != ContainerState::Running {
                return Err(Error::Call {
                    op: "ExecSync",
                    message: format!("container {id} is not running"),
                });
            }
        }
        Ok(simulated_exec(cmd))
    }

    async fn container_stats(&self) -> Result<Vec<ContainerStats>> {
        let mut st = self.lock();
        st.settle(&self.clock);
        // Whole microseconds, so that rates come out exact.
        let now_ns = self.clock.wall().as_micros() as i64 * 1000;
        Ok(st
            .containers
            .values()
            .filter(|c| c.status.state == ContainerState::Running)
            .map(|c| {
                let ran = (now_ns - c.status.started_at * 1_000_000_000).max(0) as u64;
                ContainerStats {
                    container_id: c.status.id.clone(),
                    timestamp_ns: now_ns,
                    cpu_usage_core_nanos: ran / 1000 * SIM_CPU_MILLICORES,
                    memory_working_set_bytes: SIM_MEMORY_BYTES,
                }
            })
            .collect())
    }

    async fn stop_container(&self, id: &str, _timeout: Duration) -> Result<()> {
        let mut st = self.lock();
        st.settle(&self.clock);
        let now = self.clock.now_secs();
        let c = st.container(id)?;
        if c.status.state != ContainerState::Exited {
            // A well-behaved simulated process exits at once on SIGTERM.
            c.status.state = ContainerState::Exited;
            c.status.exit_code = 0;
            c.status.reason = "Completed".into();
            c.status.finished_at = now;
            if c.status.started_at == 0 {
                c.status.started_at = now;
            }
        }
        Ok(())
    }

    async fn remove_container(&self, id: &str) -> Result<()> {
        self.lock().containers.remove(id);
        Ok(())
    }

    async fn list_containers(&self) -> Result<Vec<ContainerStatus>> {
        let mut st = self.lock();
        st.settle(&self.clock);
        Ok(st.containers.values().map(|c| c.status.clone()).collect())
    }

    fn adopt(&self, pod: &Value, sandbox: &SandboxConfig) {
        let known = self
            .lock()
            .sandboxes
            .values()
            .any(|s| s.status.uid == sandbox.uid);
        if !known {
            self.adopt_from_status(pod, sandbox.clone());
        }
    }

    fn container_ready(&self, container: &ContainerStatus) -> Option<bool> {
        self.lock().containers.get(&container.id).map(|c| c.ready)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn sandbox(policy: RestartPolicy, annotations: &[(&str, &str)]) -> SandboxConfig {
        SandboxConfig {
            name: "p".into(),
            namespace: "default".into(),
            uid: "u1".into(),
            restart_policy: policy,
            annotations: annotations
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..SandboxConfig::default()
        }
    }

    fn container(name: &str) -> ContainerConfig {
        ContainerConfig {
            name: name.into(),
            image: "busybox:1.36".into(),
            ..ContainerConfig::default()
        }
    }

    async fn state_of(rt: &SimRuntime, id: &str) -> ContainerStatus {
        rt.list_containers()
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.id == id)
            .unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn run_to_completion_containers_exit_zero_after_the_run_duration() {
        let rt = SimRuntime::new(Duration::from_secs(1), "10.99.0.0/24", Clock::new());
        let sb = sandbox(RestartPolicy::Never, &[]);
        let s = rt.run_pod_sandbox(&sb).await.unwrap();
        let c = rt
            .create_container(&s, &container("main"), &sb)
            .await
            .unwrap();
        rt.start_container(&c).await.unwrap();
        assert_eq!(state_of(&rt, &c).await.state, ContainerState::Running);
        tokio::time::advance(Duration::from_millis(1001)).await;
        let st = state_of(&rt, &c).await;
        assert_eq!(
            (st.state, st.exit_code, st.reason.as_str()),
            (ContainerState::Exited, 0, "Completed")
        );
    }

    #[tokio::test(start_paused = true)]
    async fn always_containers_run_until_stopped() {
        let rt = SimRuntime::new(Duration::from_secs(1), "10.99.0.0/24", Clock::new());
        let sb = sandbox(RestartPolicy::Always, &[]);
        let s = rt.run_pod_sandbox(&sb).await.unwrap();
        let c = rt
            .create_container(&s, &container("web"), &sb)
            .await
            .unwrap();
        rt.start_container(&c).await.unwrap();
        tokio::time::advance(Duration::from_secs(3600)).await;
        assert_eq!(state_of(&rt, &c).await.state, ContainerState::Running);
        rt.stop_container(&c, Duration::from_secs(30))
            .await
            .unwrap();
        assert_eq!(state_of(&rt, &c).await.state, ContainerState::Exited);
    }

    #[tokio::test(start_paused = true)]
    async fn the_exit_code_annotation_makes_a_container_fail_even_under_always() {
        let rt = SimRuntime::new(Duration::from_secs(1), "10.99.0.0/24", Clock::new());
        let sb = sandbox(RestartPolicy::Always, &[(EXIT_CODE, "3")]);
        let s = rt.run_pod_sandbox(&sb).await.unwrap();
        let c = rt
            .create_container(&s, &container("web"), &sb)
            .await
            .unwrap();
        rt.start_container(&c).await.unwrap();
        tokio::time::advance(Duration::from_secs(2)).await;
        let st = state_of(&rt, &c).await;
        assert_eq!(
            (st.state, st.exit_code, st.reason.as_str()),
            (ContainerState::Exited, 3, "Error")
        );
    }

    #[tokio::test(start_paused = true)]
    async fn start_delay_and_ready_annotations_are_honoured() {
        let rt = SimRuntime::new(Duration::from_secs(1), "10.99.0.0/24", Clock::new());
        let sb = sandbox(
            RestartPolicy::Always,
            &[(START_DELAY, "2s"), (READY, "false")],
        );
        let s = rt.run_pod_sandbox(&sb).await.unwrap();
        let c = rt
            .create_container(&s, &container("web"), &sb)
            .await
            .unwrap();
        let t0 = Instant::now();
        rt.start_container(&c).await.unwrap();
        assert!(t0.elapsed() >= Duration::from_secs(2));
        let st = state_of(&rt, &c).await;
        assert_eq!(rt.container_ready(&st), Some(false));
    }

    #[tokio::test(start_paused = true)]
    async fn pod_ips_come_from_the_pod_cidr_once_known_and_are_reused_after_removal() {
        let rt = SimRuntime::new(Duration::from_secs(1), "10.99.0.0/24", Clock::new());
        let sb = sandbox(RestartPolicy::Always, &[]);
        let a = rt.run_pod_sandbox(&sb).await.unwrap();
        let ip = |id: &str| {
            let id = id.to_string();
            let rt = &rt;
            async move {
                rt.list_pod_sandboxes()
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|s| s.id == id)
                    .unwrap()
                    .ip
                    .unwrap()
            }
        };
        assert_eq!(ip(&a).await, "10.99.0.2");
        rt.update_pod_cidr("10.42.7.0/24");
        let b = rt.run_pod_sandbox(&sb).await.unwrap();
        assert_eq!(ip(&b).await, "10.42.7.2");
        rt.remove_pod_sandbox(&b).await.unwrap();
        let c = rt.run_pod_sandbox(&sb).await.unwrap();
        assert_eq!(ip(&c).await, "10.42.7.2");
    }

    #[tokio::test(start_paused = true)]
    async fn adoption_restores_ids_attempts_and_ips_from_pod_status() {
        let clock = Clock::new();
        let rt = SimRuntime::new(Duration::from_secs(1), "10.99.0.0/24", clock);
        let started = crate::time::rfc3339(clock.now_secs() - 5);
        let pod = serde_json::json!({"spec": {"containers": [{"name": "web"}]}, "status": {
            "phase": "Running", "podIP": "10.99.0.9", "startTime": started,
            "containerStatuses": [{"name": "web", "containerID": "sim://abc", "restartCount": 2, "image": "i", "imageID": "i@x",
                                   "state": {"running": {"startedAt": started}}}]}});
        rt.adopt_from_status(&pod, sandbox(RestartPolicy::Always, &[]));
        let cs = rt.list_containers().await.unwrap();
        assert_eq!(cs.len(), 1);
        assert_eq!(
            (cs[0].id.as_str(), cs[0].attempt, cs[0].state),
            ("abc", 2, ContainerState::Running)
        );
        let sb = rt.list_pod_sandboxes().await.unwrap();
        assert_eq!(sb[0].ip.as_deref(), Some("10.99.0.9"));
        // The adopted address is not handed out again.
        let other = rt
            .run_pod_sandbox(&sandbox(RestartPolicy::Always, &[]))
            .await
            .unwrap();
        let ips: Vec<_> = rt
            .list_pod_sandboxes()
            .await
            .unwrap()
            .into_iter()
            .filter(|s| s.id == other)
            .filter_map(|s| s.ip)
            .collect();
        assert_eq!(ips, vec!["10.99.0.2".to_string()]);
    }

    #[test]
    fn simulated_commands_echo_and_exit_as_asked() {
        let cmd = |w: &[&str]| simulated_exec(&w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(cmd(&["echo", "hi", "there"]).stdout, b"hi there\n");
        assert_eq!(cmd(&["sh", "-c", "exit 3"]).exit_code, 3);
        assert_eq!(cmd(&["false"]).exit_code, 1);
        assert_eq!(cmd(&["true"]), ExecResult::default());
        assert_eq!(cmd(&["ls", "/"]).stdout, b"ls /\n");
    }

    #[tokio::test]
    async fn a_started_container_logs_a_line_and_reports_steady_usage() {
        let dir = std::env::temp_dir().join(format!("rk-sim-logs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let rt = SimRuntime::new(Duration::from_secs(1), "10.99.0.0/24", Clock::new());
        let mut sb = sandbox(RestartPolicy::Always, &[]);
        sb.log_directory = dir.to_string_lossy().into_owned();
        let sid = rt.run_pod_sandbox(&sb).await.unwrap();
        let mut config = container("web");
        config.log_path = "web/0.log".into();
        let id = rt.create_container(&sid, &config, &sb).await.unwrap();
        rt.start_container(&id).await.unwrap();
        let log = std::fs::read_to_string(dir.join("web/0.log")).unwrap();
        assert!(
            log.ends_with(" stdout F sim: container web started (attempt 0)\n"),
            "{log}"
        );
        let a = rt.container_stats().await.unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
        let b = rt.container_stats().await.unwrap();
        let rate = (b[0].cpu_usage_core_nanos - a[0].cpu_usage_core_nanos) as u128 * 1_000_000_000
            / (b[0].timestamp_ns - a[0].timestamp_ns) as u128;
        assert_eq!(rate, u128::from(SIM_CPU_MILLICORES) * 1_000_000);
        assert_eq!(
            rt.exec_sync(&id, &["echo".into(), "x".into()], Duration::from_secs(1))
                .await
                .unwrap()
                .stdout,
            b"x\n"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
