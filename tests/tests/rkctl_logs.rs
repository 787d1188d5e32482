//! `rkctl logs` end to end on simulated nodes (`rkd server` + `rkd agent --runtime sim` with a
//! data dir, so each started container writes its CRI log line): pod logs and their options
//! byte for byte against kubectl 1.33 (defaulted container notice, -c, --tail, --timestamps,
//! --since, --since-time, --all-containers --prefix, -l, pod/NAME, NotFound, a wrong
//! container, --previous before and after a restart, no arguments), `-f` showing lines written
//! after it started, and workload logs: `rkctl logs deploy/x` prints every pod prefixed, and
//! `rkctl logs deploy/x -f` shows lines of pods created after it started — by a scale-up and by
//! a rollout. Every process is killed when the test ends, failure included.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use rk_e2e::{Agent, Rkd, ok_stdout, rkctl_bin, wait_for};
use serde_json::Value;

const WITHIN: Duration = Duration::from_secs(60);

struct Cluster {
    rkd: Rkd,
    agent: Agent,
    agent_dir: std::path::PathBuf,
}

impl Cluster {
    fn start() -> Cluster {
        let rkd = Rkd::start("server", &[]);
        let agent_dir = rkd.dir.path().join("agent");
        let dir = agent_dir.to_str().unwrap().to_string();
        // Containers annotated with an exit code exit after 2 s (and restart); others run on.
        let agent = Agent::start(
            &rkd,
            "agent.log",
            &[
                "--runtime",
                "sim",
                "--node-name",
                "sim-0",
                "--data-dir",
                &dir,
                "--sim-run-duration",
                "2s",
                "--crash-backoff",
                "1s",
            ],
        );
        Cluster {
            rkd,
            agent,
            agent_dir,
        }
    }

    fn check(&self, f: impl FnOnce()) {
        if let Err(e) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
            eprintln!(
                "agent log:\n{}\nserver log:\n{}",
                self.agent.log(),
                self.rkd.log()
            );
            std::panic::resume_unwind(e);
        }
    }

    fn kubectl(&self, args: &[&str]) -> Output {
        self.rkd.kubectl(33, args)
    }

    fn rkctl(&self, args: &[&str]) -> Output {
        self.rkd.rkctl(args)
    }

    fn apply(&self, name: &str, yaml: &str) {
        let path = self.rkd.dir.path().join(format!("{name}.yaml"));
        std::fs::write(&path, yaml).unwrap();
        ok_stdout(&self.kubectl(&["apply", "-f", path.to_str().unwrap()]));
    }

    fn pod(&self, name: &str) -> Option<Value> {
        let out = self.kubectl(&["get", "pod", name, "-o", "json"]);
        serde_json::from_slice(&out.stdout).ok()
    }

    fn running(&self, name: &str) -> Value {
        wait_for(&format!("pod {name} running"), WITHIN, || {
            self.pod(name)
                .filter(|p| p.pointer("/status/phase") == Some(&Value::from("Running")))
        })
    }

    /// `rkctl ARGS` with stdout piped, its lines arriving on a channel; killed on drop.
    fn rkctl_stream(&self, args: &[&str]) -> Streaming {
        let home = self.rkd.dir.path().join("home-rkctl");
        std::fs::create_dir_all(&home).unwrap();
        let mut child = Command::new(rkctl_bin())
            .env("HOME", &home)
            .env("KUBECONFIG", self.rkd.kubeconfig())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Streaming { child, lines: rx }
    }
}

struct Streaming {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Streaming {
    /// The next line, or a failure naming `what` after WITHIN.
    fn next(&self, what: &str) -> String {
        self.lines
            .recv_timeout(WITHIN)
            .unwrap_or_else(|e| panic!("no line ({e}) while waiting for {what}"))
    }

    /// Lines until one satisfies `f` (returned), within WITHIN.
    fn until(&self, what: &str, mut f: impl FnMut(&str) -> bool) -> String {
        let deadline = std::time::Instant::now() + WITHIN;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|e| panic!("no line ({e}) while waiting for {what}"));
            if f(&line) {
                return line;
            }
        }
    }
}

impl Drop for Streaming {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// rkctl and kubectl 1.33 print the same stdout and stderr and exit alike.
fn same_as_kubectl(c: &Cluster, args: &[&str]) -> String {
    let k = c.kubectl(args);
    let r = c.rkctl(args);
    assert_eq!(text(&r.stdout), text(&k.stdout), "stdout of logs {args:?}");
    assert_eq!(
        text(&r.stderr),
        text(&k.stderr).replace("kubectl", "rkctl"),
        "stderr of logs {args:?}"
    );
    assert_eq!(r.status.code(), k.status.code(), "exit code of {args:?}");
    text(&r.stdout)
}

/// Like [`same_as_kubectl`] for several streams, which kubectl prints in a random order (it
/// keeps them in a Go map): the same lines, sorted.
fn same_lines_as_kubectl(c: &Cluster, args: &[&str]) -> String {
    let sorted = |b: &[u8]| {
        let mut l: Vec<String> = text(b).lines().map(str::to_string).collect();
        l.sort();
        l
    };
    let k = c.kubectl(args);
    let r = c.rkctl(args);
    assert_eq!(
        sorted(&r.stdout),
        sorted(&k.stdout),
        "stdout of logs {args:?}"
    );
    assert_eq!(text(&r.stderr), text(&k.stderr), "stderr of logs {args:?}");
    assert_eq!(r.status.code(), k.status.code(), "exit code of {args:?}");
    text(&r.stdout)
}

const PODS: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  nodeName: sim-0\n  containers:\n  - name: app\n    image: busybox:1.36\n  - name: side\n    image: busybox:1.36\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: crasher\n  labels: {app: crasher}\n  annotations: {sim.rk.dev/exit-code: \"1\"}\nspec:\n  nodeName: sim-0\n  containers:\n  - name: app\n    image: busybox:1.36\n";

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: x}\n  template:\n    metadata:\n      labels: {app: x}\n    spec:\n      terminationGracePeriodSeconds: 0\n      containers:\n      - name: app\n        image: busybox:1.36\n";

#[test]
fn pod_logs_match_kubectl_and_workload_logs_follow_every_pod() {
    let c = Cluster::start();
    c.check(|| {
        wait_for("node sim-0", WITHIN, || {
            let out = c.kubectl(&["get", "node", "sim-0", "-o", "name"]);
            out.status.success().then_some(())
        });
        c.apply("pods", PODS);
        let web = c.running("web");
        pod_options_match_kubectl(&c);
        follow_shows_lines_written_later(&c, &web);
        previous_after_a_restart(&c);
        workload_logs(&c);
        rollout_status_and_events_watch(&c);
    });
}

fn pod_options_match_kubectl(c: &Cluster) {
    // Two containers and no -c: kubectl's notice on stderr, the first container's log.
    let out = same_as_kubectl(c, &["logs", "web"]);
    assert_eq!(out, "sim: container app started (attempt 0)\n");
    same_as_kubectl(c, &["logs", "web", "-c", "side"]);
    same_as_kubectl(c, &["logs", "pod/web", "-c", "side"]);
    same_as_kubectl(c, &["logs", "web", "side"]);
    let out = same_as_kubectl(
        c,
        &["logs", "web", "-c", "app", "--tail", "1", "--timestamps"],
    );
    assert!(
        out.starts_with("20") && out.ends_with(" sim: container app started (attempt 0)\n"),
        "{out:?}"
    );
    same_as_kubectl(c, &["logs", "web", "-c", "app", "--tail", "0"]);
    same_as_kubectl(c, &["logs", "web", "-c", "app", "--since", "1h"]);
    same_as_kubectl(
        c,
        &[
            "logs",
            "web",
            "-c",
            "app",
            "--since-time",
            "2000-01-01T00:00:00Z",
        ],
    );
    same_as_kubectl(
        c,
        &[
            "logs",
            "web",
            "-c",
            "app",
            "--since-time",
            "2100-01-01T00:00:00Z",
        ],
    );
    let out = same_lines_as_kubectl(c, &["logs", "web", "--all-containers", "--prefix"]);
    assert_eq!(
        out,
        "[pod/web/app] sim: container app started (attempt 0)\n[pod/web/side] sim: container side started (attempt 0)\n"
    );
    same_lines_as_kubectl(c, &["logs", "web", "--all-containers"]);
    same_as_kubectl(c, &["logs", "-l", "app=web", "-c", "side"]);
    same_lines_as_kubectl(
        c,
        &["logs", "-l", "app=web", "--all-containers", "--prefix"],
    );
    same_as_kubectl(c, &["logs", "-l", "app=nothing"]);

    // Failures: kubectl's words and exit codes.
    same_as_kubectl(c, &["logs", "nosuch"]);
    same_as_kubectl(c, &["logs", "pod/nosuch"]);
    same_as_kubectl(c, &["logs", "deploy/nosuch"]);
    same_as_kubectl(c, &["logs", "web", "-c", "nope"]);
    same_as_kubectl(c, &["logs", "web", "-c", "app", "--previous"]);
    same_as_kubectl(c, &["logs"]);
    same_as_kubectl(
        c,
        &[
            "logs",
            "web",
            "-c",
            "app",
            "--since",
            "1m",
            "--since-time",
            "2000-01-01T00:00:00Z",
        ],
    );
    same_as_kubectl(c, &["logs", "web", "--all-containers", "-c", "app"]);
    same_as_kubectl(c, &["logs", "web", "-l", "app=web"]);
}

fn follow_shows_lines_written_later(c: &Cluster, web: &Value) {
    let uid = web["metadata"]["uid"].as_str().unwrap();
    let log_file = c
        .agent_dir
        .join("pod-logs")
        .join(format!("default_web_{uid}"))
        .join("app")
        .join("0.log");
    assert!(log_file.exists(), "{}", log_file.display());
    let follow = c.rkctl_stream(&["logs", "-f", "web", "-c", "app"]);
    assert_eq!(
        follow.next("the first line"),
        "sim: container app started (attempt 0)"
    );
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&log_file)
        .unwrap();
    f.write_all(b"2030-01-01T00:00:00.000000000Z stdout P written \n2030-01-01T00:00:00.000000000Z stdout F later\n")
        .unwrap();
    assert_eq!(
        follow.next("the line written after -f started"),
        "written later"
    );
}

fn previous_after_a_restart(c: &Cluster) {
    wait_for("crasher restarted", WITHIN, || {
        let p = c.pod("crasher")?;
        (p.pointer("/status/containerStatuses/0/restartCount")?
            .as_i64()?
            >= 1)
            .then_some(())
    });
    let attempt = |log: &str| -> i64 {
        log.strip_prefix("sim: container app started (attempt ")
            .and_then(|l| l.strip_suffix(")\n"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("not a start line: {log:?}"))
    };
    let prev = attempt(&ok_stdout(&c.rkctl(&["logs", "crasher", "--previous"])));
    // Between restarts the current attempt's file may not exist yet (an empty log).
    let current = wait_for("the current attempt's log", WITHIN, || {
        let out = ok_stdout(&c.rkctl(&["logs", "crasher"]));
        (!out.is_empty()).then(|| attempt(&out))
    });
    let restarts = c
        .pod("crasher")
        .and_then(|p| {
            p.pointer("/status/containerStatuses/0/restartCount")?
                .as_i64()
        })
        .unwrap();
    assert!(
        prev < restarts && current <= restarts && prev < current.max(1),
        "previous attempt {prev}, current {current}, restarts {restarts}"
    );
}

fn pod_of(line: &str) -> &str {
    line.strip_prefix("[pod/")
        .and_then(|l| l.split('/').next())
        .unwrap_or_else(|| panic!("no prefix: {line:?}"))
}

fn workload_logs(c: &Cluster) {
    c.apply("deploy", DEPLOYMENT);
    let first = wait_for("deployment x available", WITHIN, || {
        let out = c.kubectl(&["get", "pods", "-l", "app=x", "-o", "json"]);
        let list: Value = serde_json::from_slice(&out.stdout).ok()?;
        let pods = list["items"].as_array()?;
        (pods.len() == 1 && pods[0]["status"]["phase"] == "Running")
            .then(|| pods[0]["metadata"]["name"].as_str().unwrap().to_string())
    });

    // Without -f: every pod's current log, prefixed, plain in a pipe.
    let out = ok_stdout(&c.rkctl(&["logs", "deploy/x"]));
    assert_eq!(
        out,
        format!("[pod/{first}/app] sim: container app started (attempt 0)\n")
    );
    let out = ok_stdout(&c.rkctl(&["logs", "deployment/x", "--all-containers"]));
    assert!(!out.contains('\x1b'), "{out:?}");

    // On a terminal each pod's prefix is coloured; NO_COLOR and --no-color turn it off.
    let on_tty = |extra: &str, no_color: bool| {
        let home = c.rkd.dir.path().join("home-rkctl");
        let mut cmd = Command::new("script");
        cmd.args([
            "-qec",
            &format!("{} logs deploy/x {extra}", rkctl_bin().display()),
            "/dev/null",
        ])
        .env("HOME", &home)
        .env("KUBECONFIG", c.rkd.kubeconfig())
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        text(&cmd.output().unwrap().stdout)
    };
    let out = on_tty("", false);
    assert!(
        out.contains("\x1b[") && out.contains(&format!("[pod/{first}/app]\x1b[0m sim:")),
        "{out:?}"
    );
    assert!(!on_tty("", true).contains('\x1b'));
    assert!(!on_tty("--no-color", false).contains('\x1b'));

    // With -f: new pods of a scale-up and of a rollout appear as they start.
    let follow = c.rkctl_stream(&["logs", "deploy/x", "-f"]);
    let line = follow.next("the first pod's line");
    assert_eq!(
        line,
        format!("[pod/{first}/app] sim: container app started (attempt 0)")
    );
    ok_stdout(&c.kubectl(&["scale", "deployment/x", "--replicas=2"]));
    let line = follow.until("a line from the pod the scale-up created", |l| {
        pod_of(l) != first
    });
    assert!(
        line.ends_with("/app] sim: container app started (attempt 0)"),
        "{line:?}"
    );
    let scaled = pod_of(&line).to_string();

    let hash = |pod: &str| pod.rsplit('-').nth(1).unwrap().to_string();
    let old_hash = hash(&first);
    ok_stdout(&c.kubectl(&["set", "image", "deployment/x", "app=busybox:1.37"]));
    let line = follow.until("a line from a pod of the rollout's new ReplicaSet", |l| {
        let p = pod_of(l);
        p != first && p != scaled && hash(p) != old_hash
    });
    assert!(
        line.ends_with("/app] sim: container app started (attempt 0)"),
        "{line:?}"
    );

    // -l with -f refuses more streams than --max-log-requests at the start, as kubectl does
    // (two replicas: the rolling update never goes below two running pods).
    wait_for("two pods of x", WITHIN, || {
        let out = ok_stdout(&c.kubectl(&["get", "pods", "-l", "app=x", "-o", "name"]));
        (out.lines().count() >= 2).then_some(())
    });
    let out = c.rkctl(&["logs", "-l", "app=x", "-f", "--max-log-requests", "1"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains(
            "maximum allowed concurrency is 1, use --max-log-requests to increase the limit"
        ),
        "{}",
        text(&out.stderr)
    );
}

/// `rollout status` and `events -w` follow watches: lines for changes made after they started.
fn rollout_status_and_events_watch(c: &Cluster) {
    let events = c.rkctl_stream(&["events", "-w"]);
    let status = {
        ok_stdout(&c.kubectl(&["set", "image", "deployment/x", "app=busybox:1.38"]));
        c.rkctl_stream(&["rollout", "status", "deployment/x"])
    };
    let mut waited = Vec::new();
    status.until("the rollout's end", |l| {
        waited.push(l.to_string());
        l == "deployment \"x\" successfully rolled out"
    });
    assert!(
        waited.len() > 1 && waited[0].starts_with("Waiting for "),
        "progress lines before the end: {waited:?}"
    );
    ok_stdout(&c.kubectl(&["scale", "deployment/x", "--replicas=3"]));
    let line = events.until("the scale-up's event", |l| {
        l.contains("ScalingReplicaSet") && l.contains("to 3")
    });
    assert!(
        line.contains("Normal") && line.contains("Deployment/x"),
        "{line:?}"
    );
}
