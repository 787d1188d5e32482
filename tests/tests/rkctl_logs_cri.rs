//! `rkctl logs` against real containers (`rkd up`, a managed containerd writing CRI log files):
//! a busybox container's lines, `-c` and the inline container argument, `--tail`,
//! `--timestamps`, `--since`, a line of 40,000 bytes (which containerd splits into partial
//! entries) and stderr, `--previous` after a crash and restart and before any, kubectl's
//! "Defaulted container" notice and wrong-container error, `-f` showing lines written after
//! it started and ending when the container exits, and workload logs: `rkctl logs deploy/x -f`
//! showing the line of the pod the ReplicaSet creates after one is deleted. Fixed texts are
//! compared byte for byte with kubectl 1.33's. rkd is stopped and `rkd reset` cleans up even
//! when the test fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cri_support;

use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use cri_support::{Running, Up};
use rk_e2e::{kubectl_bin, ok_stdout, rkctl_bin, wait_for};
use serde_json::Value;

const WITHIN: Duration = Duration::from_secs(90);

/// The printer writes five lines, then one line when /tmp/go appears, then a last one when
/// /tmp/stop appears, and exits. The crasher exits 3 on its first attempt and keeps running on
/// its second (its count lives in an emptyDir, which survives the restart).
const OBJECTS: &str = r#"
apiVersion: v1
kind: Pod
metadata: {name: printer}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: localhost/rk/busybox:1
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "for i in 1 2 3 4 5; do echo line $i; done; while [ ! -f /tmp/go ]; do sleep 0.2; done; echo after; while [ ! -f /tmp/stop ]; do sleep 0.2; done; echo bye"]
---
apiVersion: v1
kind: Pod
metadata: {name: duo}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: one
    image: localhost/rk/busybox:1
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "echo one 1; echo one 2; exec sleep 3600"]
  - name: two
    image: localhost/rk/busybox:1
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "echo to stderr >&2; sleep 0.5; echo two; head -c 40000 /dev/zero | tr '\\0' x; echo; exec sleep 3600"]
---
apiVersion: v1
kind: Pod
metadata: {name: crasher}
spec:
  terminationGracePeriodSeconds: 1
  restartPolicy: Always
  volumes: [{name: data, emptyDir: {}}]
  containers:
  - name: app
    image: localhost/rk/busybox:1
    imagePullPolicy: IfNotPresent
    volumeMounts: [{name: data, mountPath: /data}]
    command: ["sh", "-c", "n=$(cat /data/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /data/n; echo attempt $n; if [ $n -lt 2 ]; then exit 3; fi; exec sleep 3600"]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: talkers}
spec:
  replicas: 1
  selector: {matchLabels: {app: talkers}}
  template:
    metadata: {labels: {app: talkers}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: app
        image: localhost/rk/busybox:1
        imagePullPolicy: IfNotPresent
        command: ["sh", "-c", "echo hello from $HOSTNAME; exec sleep 3600"]
"#;

const FIVE: &str = "line 1\nline 2\nline 3\nline 4\nline 5\n";

fn home(up: &Up, who: &str) -> std::path::PathBuf {
    let h = up.dir().join(format!("home-{who}"));
    std::fs::create_dir_all(&h).unwrap();
    h
}

fn rkctl_cmd(up: &Up, args: &[&str]) -> Command {
    let mut c = Command::new(rkctl_bin());
    c.env("HOME", home(up, "rkctl"))
        .env("KUBECONFIG", up.rkd.kubeconfig())
        .args(args);
    c
}

fn kubectl_cmd(up: &Up, args: &[&str]) -> Command {
    let mut c = Command::new(kubectl_bin(33));
    c.env("HOME", home(up, "33"))
        .env("KUBECONFIG", up.rkd.kubeconfig())
        .args(args);
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// (stdout, stderr, exit code) of an output, to compare rkctl's with kubectl's.
fn shown(o: &Output) -> (String, String, Option<i32>) {
    (text(&o.stdout), text(&o.stderr), o.status.code())
}

/// rkctl's output for `args`, asserted equal to kubectl 1.33's.
fn same_as_kubectl(up: &Up, args: &[&str]) -> (String, String, Option<i32>) {
    let ours = shown(&up.rkd.rkctl(args));
    let theirs = shown(&up.rkd.kubectl(33, args));
    assert_eq!(
        ours, theirs,
        "rkctl {args:?} (left) and kubectl 1.33 (right)"
    );
    ours
}

fn pod(up: &Up, name: &str) -> Option<Value> {
    let out = up.rkd.kubectl(33, &["get", "pod", name, "-o", "json"]);
    serde_json::from_slice(&out.stdout).ok()
}

fn running(p: &Value) -> bool {
    p["status"]["phase"] == "Running"
        && p["metadata"]["deletionTimestamp"].is_null()
        && p["status"]["containerStatuses"]
            .as_array()
            .is_some_and(|c| c.iter().all(|c| c["state"]["running"].is_object()))
}

/// The running pod of the talkers Deployment other than `not`.
fn talker(up: &Up, not: Option<&str>) -> Option<String> {
    let out = up
        .rkd
        .kubectl(33, &["get", "pods", "-l", "app=talkers", "-o", "json"]);
    let list: Value = serde_json::from_slice(&out.stdout).ok()?;
    list["items"]
        .as_array()?
        .iter()
        .filter(|p| running(p))
        .filter_map(|p| p["metadata"]["name"].as_str())
        .find(|n| Some(*n) != not)
        .map(str::to_string)
}

/// rkctl's stdout for `args` once it equals `want` (the container may still be writing).
fn logs_become(up: &Up, args: &[&str], want: &str) {
    wait_for(&format!("rkctl {args:?} to show {want:?}"), WITHIN, || {
        let out = up.rkd.rkctl(args);
        (text(&out.stdout) == want).then_some(())
    });
}

#[test]
fn rkctl_logs_against_containerd() {
    let up = Up::start("10.229.0.0/16");
    up.run(scenario);
}

fn scenario(up: &Up) {
    up.apply_once_registered("objects.yaml", OBJECTS);
    for name in ["printer", "duo"] {
        wait_for(&format!("{name} running"), WITHIN, || {
            pod(up, name).filter(running)
        });
    }
    logs_become(up, &["logs", "printer"], FIVE);
    // No line of the printer is written after this (until /tmp/go), so a cut between now and
    // the next line shows what --since leaves out.
    let five_written = SystemTime::now();

    pod_logs(up);
    containers(up);
    previous(up);
    follow(up, five_written);
    workload(up);
}

/// A container's lines, --tail and --timestamps, as kubectl shows them.
fn pod_logs(up: &Up) {
    let (out, _, _) = same_as_kubectl(up, &["logs", "printer"]);
    assert_eq!(out, FIVE);
    let (out, _, _) = same_as_kubectl(up, &["logs", "pod/printer", "--tail=2"]);
    assert_eq!(out, "line 4\nline 5\n");
    let (out, _, _) = same_as_kubectl(up, &["logs", "printer", "--tail", "0"]);
    assert_eq!(out, "");
    let (out, _, _) = same_as_kubectl(up, &["logs", "printer", "--timestamps", "--tail=3"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    for (line, n) in lines.iter().zip(3..) {
        let (stamp, rest) = line.split_once(' ').unwrap();
        assert_eq!(rest, format!("line {n}"));
        // RFC 3339 with fractional seconds, as containerd writes them.
        assert!(
            stamp.len() >= 20
                && stamp.as_bytes()[4] == b'-'
                && stamp.as_bytes()[10] == b'T'
                && stamp.as_bytes()[19] == b'.'
                && (stamp.ends_with('Z') || stamp.as_bytes()[stamp.len() - 6] == b'+'),
            "{line:?}"
        );
    }
}

/// A pod of two containers: the defaulted one with kubectl's notice, -c, the inline container
/// argument, a wrong name; stderr lines and a line containerd split into partial entries.
fn containers(up: &Up) {
    let long = format!("to stderr\ntwo\n{}\n", "x".repeat(40_000));
    logs_become(up, &["logs", "duo", "-c", "two"], &long);
    let (out, err, _) = same_as_kubectl(up, &["logs", "duo"]);
    assert_eq!(out, "one 1\none 2\n");
    assert_eq!(err, "Defaulted container \"one\" out of: one, two\n");
    let (out, err, _) = same_as_kubectl(up, &["logs", "duo", "-c", "two"]);
    assert_eq!((out.as_str(), err.as_str()), (long.as_str(), ""));
    let (out, _, _) = same_as_kubectl(up, &["logs", "duo", "two", "--tail=1"]);
    assert_eq!(out, format!("{}\n", "x".repeat(40_000)));
    let (_, err, code) = same_as_kubectl(up, &["logs", "duo", "-c", "three"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("three"), "{err}");
    // kubectl prints the containers in its map's (random) order; rkctl in the pod's.
    let args = ["logs", "duo", "--all-containers", "--prefix", "--tail=1"];
    let out = ok_stdout(&up.rkd.rkctl(&args));
    let theirs = ok_stdout(&up.rkd.kubectl(33, &args));
    assert_eq!(
        out,
        format!(
            "[pod/duo/one] one 2\n[pod/duo/two] {}\n",
            "x".repeat(40_000)
        )
    );
    let sorted = |s: &str| {
        let mut l: Vec<String> = s.lines().map(str::to_string).collect();
        l.sort();
        l
    };
    assert_eq!(sorted(&out), sorted(&theirs));
}

/// --previous before any restart (the server's error) and after the crasher's restart.
fn previous(up: &Up) {
    let (out, err, code) = same_as_kubectl(up, &["logs", "printer", "--previous"]);
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "",
            "Error from server (BadRequest): previous terminated container \"app\" in pod \"printer\" not found\n",
            Some(1)
        )
    );
    wait_for("the crasher restarted and running", WITHIN, || {
        pod(up, "crasher")
            .filter(|p| running(p) && p["status"]["containerStatuses"][0]["restartCount"] == 1)
    });
    logs_become(up, &["logs", "crasher"], "attempt 2\n");
    let (out, _, _) = same_as_kubectl(up, &["logs", "crasher"]);
    assert_eq!(out, "attempt 2\n");
    let (out, _, _) = same_as_kubectl(up, &["logs", "crasher", "-p"]);
    assert_eq!(out, "attempt 1\n");
    let (out, _, _) = same_as_kubectl(up, &["logs", "crasher", "--previous", "--tail=1"]);
    assert_eq!(out, "attempt 1\n");
}

/// -f shows what is written after it started and ends when the container exits, as
/// kubectl's does; then --since leaves out the lines before a cut.
fn follow(up: &Up, five_written: SystemTime) {
    let mut ours = Running::start(rkctl_cmd(up, &["logs", "-f", "printer"]));
    let mut theirs = Running::start(kubectl_cmd(up, &["logs", "-f", "printer"]));
    assert_eq!(ours.lines("rkctl logs -f", 5), FIVE);
    assert_eq!(theirs.lines("kubectl logs -f", 5), FIVE);
    // At least 8 s between the first five lines and the next, for --since below.
    let gap = Duration::from_secs(8);
    let waited = five_written.elapsed().unwrap_or_default();
    if waited < gap {
        std::thread::sleep(gap - waited);
    }
    let go = SystemTime::now();
    ok_stdout(&up.rkd.rkctl(&["exec", "printer", "--", "touch", "/tmp/go"]));
    assert_eq!(ours.line("rkctl logs -f"), "after");
    assert_eq!(theirs.line("kubectl logs -f"), "after");
    ok_stdout(
        &up.rkd
            .rkctl(&["exec", "printer", "--", "touch", "/tmp/stop"]),
    );
    assert_eq!(ours.line("rkctl logs -f"), "bye");
    assert_eq!(theirs.line("kubectl logs -f"), "bye");
    let (code, err) = ours.ended("rkctl logs -f");
    assert_eq!(
        (code, err.as_str(), ours.rest().as_str()),
        (Some(0), "", "")
    );
    let (kcode, kerr) = theirs.ended("kubectl logs -f");
    assert_eq!((kcode, kerr.as_str()), (code, err.as_str()));

    // A finished container's logs, whole and since a cut between the fifth line and "after":
    // 4 to 5 s before /tmp/go was touched (the five lines are at least 8 s older), which leaves
    // the two commands seconds to reach the node.
    let all = format!("{FIVE}after\nbye\n");
    let (out, _, _) = same_as_kubectl(up, &["logs", "printer", "--since=1h"]);
    assert_eq!(out, all);
    let since = go.elapsed().unwrap_or_default().as_secs() + 5;
    let (out, _, _) = same_as_kubectl(up, &["logs", "printer", &format!("--since={since}s")]);
    assert_eq!(out, "after\nbye\n");
}

/// Workload logs: every pod prefixed; with -f the ReplicaSet's replacement of a deleted pod.
fn workload(up: &Up) {
    let first = wait_for("a talkers pod running", WITHIN, || talker(up, None));
    let hello = |p: &str| format!("[pod/{p}/app] hello from {p}");
    logs_become(
        up,
        &["logs", "deploy/talkers"],
        &format!("{}\n", hello(&first)),
    );
    let f = Running::start(rkctl_cmd(up, &["logs", "deploy/talkers", "-f"]));
    assert_eq!(f.line("rkctl logs deploy/talkers -f"), hello(&first));
    ok_stdout(
        &up.rkd
            .kubectl(33, &["delete", "pod", &first, "--wait=false"]),
    );
    let seen = f.line_starting("[pod/");
    let second = wait_for("the replacement talkers pod", WITHIN, || {
        talker(up, Some(&first))
    });
    assert_eq!(seen, hello(&second));
}
