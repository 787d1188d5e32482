//! `rkctl debug node/NAME` end to end on a real node (`rkd up`: a managed containerd): the view
//! names the node's conditions, its agent's heartbeat, its resources and its pods; `--shell`
//! creates a privileged `node-debugger-NODE-xxxxx` pod on it and runs a command in it (after
//! `--`, or a script piped to its shell) that reads the host's files under /host, with the command's
//! exit code; `--rm` deletes the pod, and without it rkctl prints how to. Everything
//! (containerd, pods, netns) is removed by `rkd reset` on drop, failure included.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cri_support;

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use cri_support::Up;
use rk_e2e::{ok_stdout, rkctl_bin, wait_for};

const WITHIN: Duration = Duration::from_secs(90);

const SLEEPER: &str = r#"
apiVersion: v1
kind: Pod
metadata: {name: sleeper}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: localhost/rk/busybox:1
    imagePullPolicy: IfNotPresent
    command: ["sleep", "3600"]
    resources:
      requests: {cpu: 100m, memory: 16Mi}
"#;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// rkctl with `input` on stdin (not a terminal).
fn rkctl_with_input(up: &Up, args: &[&str], input: &[u8]) -> Output {
    let home = up.dir().join("home-rkctl-debug");
    std::fs::create_dir_all(&home).unwrap();
    let mut child = Command::new(rkctl_bin())
        .args(args)
        .env("HOME", &home)
        .env("KUBECONFIG", up.rkd.kubeconfig())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn debugger_pods(up: &Up) -> Vec<String> {
    let out = up.rkd.kubectl(33, &["get", "pods", "-o", "name"]);
    text(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("pod/node-debugger-"))
        .map(str::to_string)
        .collect()
}

#[test]
fn debug_node_shows_the_node_and_opens_a_shell_on_its_host() {
    let up = Up::start("10.227.0.0/16");
    up.run(scenario);
}

fn scenario(up: &Up) {
    let node = wait_for("the node", WITHIN, || {
        let out = up.rkd.kubectl(33, &["get", "nodes", "-o", "name"]);
        let t = text(&out.stdout);
        (out.status.success() && !t.is_empty())
            .then(|| t.trim().trim_start_matches("node/").to_string())
    });
    let manifest = up.dir().join("sleeper.yaml");
    std::fs::write(&manifest, SLEEPER).unwrap();
    ok_stdout(&up.rkd.rkctl(&["apply", "-f", manifest.to_str().unwrap()]));
    wait_for("sleeper running", WITHIN, || {
        let out = up.rkd.kubectl(
            33,
            &["get", "pod", "sleeper", "-o", "jsonpath={.status.phase}"],
        );
        (text(&out.stdout) == "Running").then_some(())
    });

    // The view.
    let target = format!("node/{node}");
    let view = ok_stdout(&up.rkd.rkctl(&["debug", &target]));
    assert!(
        view.starts_with(&format!("node/{node}: Ready, up ")),
        "{view}"
    );
    assert!(view.contains("Ready:           True for "), "{view}");
    assert!(
        view.contains(&format!("(Lease kube-node-lease/{node}, lease ")),
        "{view}"
    );
    assert!(!view.contains("LATE"), "{view}");
    assert!(view.contains("Kubelet:         v"), "{view}");
    for c in [
        "Conditions:",
        "MemoryPressure",
        "DiskPressure",
        "PIDPressure",
        "Pressure: none",
    ] {
        assert!(view.contains(c), "{c} missing:\n{view}");
    }
    let cpu = view
        .lines()
        .find(|l| l.trim_start().starts_with("cpu "))
        .unwrap_or_else(|| panic!("no cpu line:\n{view}"));
    assert!(
        cpu.contains("100m ("),
        "the sleeper's request: {cpu}\n{view}"
    );
    assert!(
        view.contains("Used: from metrics.k8s.io") || view.contains("Used: metrics unavailable ("),
        "{view}"
    );
    let sleeper = view
        .lines()
        .find(|l| l.contains("default/sleeper (Running)"))
        .unwrap_or_else(|| panic!("no sleeper:\n{view}"));
    assert!(
        sleeper.contains("app") && sleeper.contains("running"),
        "{sleeper}"
    );
    assert!(view.contains("Events ("), "{view}");

    // --shell with a command after `--`, and --rm.
    let hostname = std::fs::read_to_string("/etc/hostname").unwrap();
    let out = up.rkd.rkctl(&[
        "debug",
        &target,
        "--shell",
        "--rm",
        "--",
        "cat",
        "/host/etc/hostname",
    ]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "stderr:\n{stderr}");
    assert_eq!(text(&out.stdout), hostname, "stderr:\n{stderr}");
    assert!(
        stderr.contains(&format!("Creating debugging pod node-debugger-{node}-")),
        "{stderr}"
    );
    assert!(stderr.contains("deleted"), "{stderr}");
    wait_for("the --rm pod to be gone", WITHIN, || {
        debugger_pods(up).is_empty().then_some(())
    });

    // A script piped to the shell ends where its input does (no `exit` needed).
    let out = rkctl_with_input(
        up,
        &["debug", &target, "--shell", "--rm"],
        b"cat /host/etc/hostname\necho two\n",
    );
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "stderr:\n{stderr}");
    assert_eq!(text(&out.stdout), format!("{hostname}two\n"), "{stderr}");
    wait_for("the --rm pod to be gone", WITHIN, || {
        debugger_pods(up).is_empty().then_some(())
    });

    // --shell reading commands from piped stdin: the host's PID namespace and files, and the
    // shell's exit code as rkctl's.
    let out = rkctl_with_input(
        up,
        &["debug", &target, "--shell"],
        b"cat /host/etc/hostname; test -d /proc/1 && echo host-pids; exit 4\n",
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "stderr:\n{stderr}");
    assert_eq!(
        text(&out.stdout),
        format!("{hostname}host-pids\n"),
        "{stderr}"
    );
    let hint = stderr
        .lines()
        .find(|l| l.starts_with("Don't forget to delete the debugging pod: rkctl delete pod "))
        .unwrap_or_else(|| panic!("no hint:\n{stderr}"));
    let left = debugger_pods(up);
    assert_eq!(left.len(), 1, "{left:?}");
    let pod = left[0].trim_start_matches("pod/");
    assert!(hint.contains(pod), "{hint} vs {pod}");
    let spec = ok_stdout(&up.rkd.kubectl(33, &["get", "pod", pod, "-o", "json"]));
    let spec: serde_json::Value = serde_json::from_str(&spec).unwrap();
    assert_eq!(spec["spec"]["nodeName"], node.as_str());
    assert_eq!(spec["spec"]["hostPID"], true);
    assert_eq!(
        spec["spec"]["containers"][0]["securityContext"]["privileged"],
        true
    );
    // The printed command deletes it.
    let cmd = hint.split_once(": rkctl ").unwrap().1;
    let args: Vec<&str> = cmd.split_whitespace().collect();
    ok_stdout(&up.rkd.rkctl(&args));
    wait_for("the debugging pod to be gone", WITHIN, || {
        debugger_pods(up).is_empty().then_some(())
    });

    // Only nodes can be debugged this way.
    let out = up.rkd.rkctl(&["debug", "pod/sleeper"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("rkctl debug takes node/NAME"),
        "{}",
        text(&out.stderr)
    );
}
