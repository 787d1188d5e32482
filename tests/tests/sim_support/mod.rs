//! Helpers for the simulated-cluster tests: `rkd server` (API server, controller manager and
//! scheduler in one process) with short controller periods, `rkd agent --runtime sim` processes
//! holding the nodes, and kubectl 1.33 to drive and observe them. Every process is killed when
//! its handle drops; logs are printed when a test fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::time::Duration;

use rk_e2e::{Agent, Rkd, ok_stdout, wait_for};
use serde_json::Value;

pub const KUBECTL: u32 = 33;

/// Controller periods short enough for tests (the node lifecycle's grace period is 4 s; the
/// agents heartbeat every second).
pub const SERVER_FLAGS: &[&str] = &[
    "--resync-period",
    "5s",
    "--node-monitor-grace-period",
    "4s",
    "--node-monitor-period",
    "500ms",
    "--node-eviction-rate",
    "100",
    "--pod-gc-period",
    "1s",
    "--pod-gc-quarantine",
    "2s",
    "--leader-elect-lease-duration",
    "3s",
    "--leader-elect-renew-deadline",
    "2s",
    "--leader-elect-retry-period",
    "500ms",
];

/// The grace period in SERVER_FLAGS and the agents' heartbeat.
pub const GRACE: Duration = Duration::from_secs(4);
pub const HEARTBEAT: Duration = Duration::from_secs(1);

/// A control plane and its simulated agents.
pub struct Cluster {
    pub rkd: Rkd,
    pub agents: Vec<Agent>,
}

impl Cluster {
    /// `rkd server` with SERVER_FLAGS (and `extra`), no agent yet.
    pub fn server(role: &str, extra: &[&str]) -> Cluster {
        let mut flags: Vec<&str> = if role == "server" {
            SERVER_FLAGS.to_vec()
        } else {
            vec![]
        };
        flags.extend_from_slice(extra);
        Cluster {
            rkd: Rkd::start(role, &flags),
            agents: Vec::new(),
        }
    }

    /// `rkd server` and one agent with `nodes` simulated nodes named `sim-0…`, all Ready.
    pub fn start(nodes: usize) -> Cluster {
        let mut c = Cluster::server("server", &[]);
        c.add_agent("sim-", nodes);
        c
    }

    /// Starts an agent holding `nodes` nodes named `<prefix>0…` and waits for them to be Ready;
    /// returns its index in `agents`.
    pub fn add_agent(&mut self, prefix: &str, nodes: usize) -> usize {
        let log = format!("agent-{prefix}{}.log", self.agents.len());
        let agent = Agent::start(
            &self.rkd,
            &log,
            &[
                "--runtime",
                "sim",
                "--nodes",
                &nodes.to_string(),
                "--node-prefix",
                prefix,
                "--node-heartbeat-interval",
                "1s",
                "--node-status-report-interval",
                "5s",
                "--sim-run-duration",
                "1s",
                "--crash-backoff",
                "1s",
            ],
        );
        self.agents.push(agent);
        let names: Vec<String> = (0..nodes).map(|i| format!("{prefix}{i}")).collect();
        self.wait(&format!("nodes {prefix}* Ready"), 60, || {
            let list = self.get_json(&["nodes"])?;
            let ready = list["items"]
                .as_array()?
                .iter()
                .filter(|n| names.iter().any(|x| n["metadata"]["name"] == x.as_str()))
                .filter(|n| condition(n, "Ready").as_deref() == Some("True"))
                .count();
            (ready == nodes).then_some(())
        });
        self.agents.len() - 1
    }

    /// kubectl 1.33 with these arguments.
    pub fn kubectl(&self, args: &[&str]) -> std::process::Output {
        self.rkd.kubectl(KUBECTL, args)
    }

    /// kubectl's stdout, failing the test when kubectl fails.
    pub fn k(&self, args: &[&str]) -> String {
        ok_stdout(&self.kubectl(args))
    }

    /// `kubectl apply -f` of a YAML document.
    pub fn apply(&self, yaml: &str) {
        let path = self
            .rkd
            .dir
            .path()
            .join(format!("manifest-{}.yaml", rand_suffix()));
        std::fs::write(&path, yaml).unwrap();
        self.k(&["apply", "-f", path.to_str().unwrap()]);
    }

    /// `kubectl get ARGS -o json`, None when kubectl fails (NotFound …).
    pub fn get_json(&self, args: &[&str]) -> Option<Value> {
        let mut all = vec!["get"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["-o", "json"]);
        let out = self.kubectl(&all);
        out.status
            .success()
            .then(|| serde_json::from_slice(&out.stdout).ok())
            .flatten()
    }

    /// The items of `kubectl get ARGS -o json`.
    pub fn items(&self, args: &[&str]) -> Vec<Value> {
        self.get_json(args)
            .and_then(|v| v["items"].as_array().cloned())
            .unwrap_or_default()
    }

    /// Polls `f` every 100 ms for up to `secs` seconds.
    pub fn wait<T>(&self, what: &str, secs: u64, f: impl FnMut() -> Option<T>) -> T {
        wait_for(what, Duration::from_secs(secs), f)
    }

    /// The events of a namespace (core/v1, as `kubectl get events` reads them).
    pub fn events(&self, ns: &str) -> Vec<Value> {
        self.items(&["events", "-n", ns])
    }

    /// Waits for an event with this reason about an object of this kind whose message starts
    /// with `message_prefix`; returns it.
    pub fn wait_event(&self, ns: &str, kind: &str, reason: &str, message_prefix: &str) -> Value {
        self.wait(
            &format!("event {reason} on a {kind} in {ns} ({message_prefix}…)"),
            60,
            || {
                self.events(ns).into_iter().find(|e| {
                    e["reason"] == reason
                        && e["involvedObject"]["kind"] == kind
                        && e["message"]
                            .as_str()
                            .is_some_and(|m| m.starts_with(message_prefix))
                })
            },
        )
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("--- rkd log (tail) ---\n{}", tail(&self.rkd.log(), 80));
            for (i, a) in self.agents.iter().enumerate() {
                eprintln!("--- agent {i} log (tail) ---\n{}", tail(&a.log(), 30));
            }
        }
    }
}

fn tail(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed).to_string()
}

/// A condition's status on a Node or Pod.
pub fn condition(obj: &Value, kind: &str) -> Option<String> {
    obj.pointer("/status/conditions")?
        .as_array()?
        .iter()
        .find(|c| c["type"] == kind)?
        .get("status")?
        .as_str()
        .map(str::to_string)
}

/// Running, Ready and not being deleted.
pub fn serving(pod: &Value) -> bool {
    pod["metadata"]["deletionTimestamp"].is_null()
        && pod["status"]["phase"] == "Running"
        && condition(pod, "Ready").as_deref() == Some("True")
}

pub fn name(obj: &Value) -> String {
    obj["metadata"]["name"].as_str().unwrap_or("").to_string()
}

pub fn node_of(pod: &Value) -> String {
    pod["spec"]["nodeName"].as_str().unwrap_or("").to_string()
}

/// A Deployment's manifest: `replicas` pods of `image`, labels app=<name>, maxUnavailable and
/// maxSurge as given; `extra_template` is appended to the pod template's metadata (indented).
pub fn deployment(ns: &str, name: &str, replicas: u32, image: &str, template_meta: &str) -> String {
    format!(
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {ns}
spec:
  replicas: {replicas}
  progressDeadlineSeconds: 60
  strategy:
    rollingUpdate: {{maxUnavailable: 10%, maxSurge: 10%}}
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
{template_meta}
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: main
        image: {image}
        resources: {{requests: {{cpu: 10m, memory: 16Mi}}}}
"#
    )
}

/// Another `rkd` process (a controller manager, a scheduler) against the cluster's kubeconfig,
/// killed (SIGKILL) when dropped; its output goes to `<rkd dir>/<log>`.
pub struct Proc {
    child: Option<std::process::Child>,
    pub log: std::path::PathBuf,
}

impl Proc {
    pub fn start(rkd: &Rkd, log: &str, args: &[&str]) -> Proc {
        let log = rkd.dir.path().join(log);
        let file = std::fs::File::create(&log).unwrap();
        let child = std::process::Command::new(rk_e2e::rkd_bin())
            .args(args)
            .arg("--kubeconfig")
            .arg(rkd.kubeconfig())
            .env("RUST_LOG", "info,rk_controllers=debug")
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .expect("spawn rkd");
        Proc {
            child: Some(child),
            log,
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL, as a crash.
    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill9();
        if std::thread::panicking() {
            eprintln!(
                "--- {} (tail) ---\n{}",
                self.log.display(),
                tail(&self.log(), 40)
            );
        }
    }
}

/// kubectl 1.33 started in the background (for commands that block, such as drain).
pub fn kubectl_background(rkd: &Rkd, args: &[&str]) -> std::process::Child {
    let home = rkd.dir.path().join("home-bg");
    std::fs::create_dir_all(&home).unwrap();
    std::process::Command::new(rk_e2e::kubectl_bin(KUBECTL))
        .env("HOME", &home)
        .env("KUBECONFIG", rkd.kubeconfig())
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn kubectl")
}
