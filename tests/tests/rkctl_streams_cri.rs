//! rkctl's own streams against real containers (`rkd up`, a managed containerd): `exec` (output,
//! stderr, exit codes with kubectl's message, stdin — `cat` returning at the end of piped input —, a TTY under script(1), `exec deploy/x`),
//! `attach`, `cp` both ways (a file, a directory, a missing local file), `port-forward` to a
//! pod and to a service carrying HTTP, the durable port-forward following a Deployment's pod
//! across its deletion (through the service, and through the pod's owners), a bare pod's forward
//! ending as kubectl's does, `top pod|node` showing a CPU burner, a resize reaching `exec -it`,
//! pod names completing. Fixed texts and errors are compared with kubectl 1.33's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cri_support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use cri_support::{Running, Up};
use rk_e2e::{kubectl_bin, ok_stdout, rkctl_bin, wait_for};
use serde_json::Value;

const WITHIN: Duration = Duration::from_secs(90);

const OBJECTS: &str = r#"
apiVersion: v1
kind: Pod
metadata: {name: talker}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: localhost/rk/busybox:1
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "echo started; i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done"]
  - name: web
    image: localhost/rk/busybox:1
    imagePullPolicy: IfNotPresent
    command: ["httpd", "-f", "-p", "8080", "-h", "/var/www"]
---
apiVersion: v1
kind: Pod
metadata: {name: lone}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: web
    image: localhost/rk/busybox:1
    imagePullPolicy: IfNotPresent
    command: ["httpd", "-f", "-p", "8080", "-h", "/var/www"]
---
apiVersion: v1
kind: Pod
metadata: {name: burner}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: localhost/rk/busybox:1
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "while true; do :; done"]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: localhost/rk/busybox:1
        imagePullPolicy: IfNotPresent
        command: ["sh", "-c", "echo $HOSTNAME > /var/www/index.html; exec httpd -f -p 8080 -h /var/www"]
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
"#;

fn home(up: &Up, who: &str) -> std::path::PathBuf {
    let h = up.dir().join(format!("home-{who}"));
    std::fs::create_dir_all(&h).unwrap();
    h
}

fn rkctl_cmd(up: &Up) -> Command {
    let mut c = Command::new(rkctl_bin());
    c.env("HOME", home(up, "rkctl"))
        .env("KUBECONFIG", up.rkd.kubeconfig());
    c
}

fn kubectl_cmd(up: &Up) -> Command {
    let mut c = Command::new(kubectl_bin(33));
    c.env("HOME", home(up, "33"))
        .env("KUBECONFIG", up.rkd.kubeconfig());
    c
}

fn with_input(mut cmd: Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// `cmd` under timeout(1): killed after a minute (exit 124) instead of hanging the test.
fn within_a_minute(cmd: Command) -> Command {
    let mut c = Command::new("timeout");
    c.arg("60").arg(cmd.get_program()).args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn pod(up: &Up, name: &str) -> Option<Value> {
    let out = up.rkd.kubectl(33, &["get", "pod", name, "-o", "json"]);
    serde_json::from_slice(&out.stdout).ok()
}

fn ready(p: &Value) -> bool {
    p["status"]["phase"] == "Running"
        && p["metadata"]["deletionTimestamp"].is_null()
        && p["status"]["containerStatuses"]
            .as_array()
            .is_some_and(|c| c.iter().all(|c| c["ready"] == true))
}

fn web_pod(up: &Up) -> Option<String> {
    let out = up
        .rkd
        .kubectl(33, &["get", "pods", "-l", "app=web", "-o", "json"]);
    let list: Value = serde_json::from_slice(&out.stdout).ok()?;
    list["items"]
        .as_array()?
        .iter()
        .find(|p| ready(p))
        .and_then(|p| p["metadata"]["name"].as_str().map(str::to_string))
}

/// GET / through a local port (answers may take a moment while httpd starts).
fn http_get(port: u16) -> String {
    wait_for(&format!("an answer on 127.0.0.1:{port}"), WITHIN, || {
        let out = Command::new("curl")
            .args([
                "-sS",
                "--max-time",
                "10",
                &format!("http://127.0.0.1:{port}/"),
            ])
            .output()
            .unwrap();
        (out.status.success() && !out.stdout.is_empty()).then(|| text(&out.stdout))
    })
}

/// The local port of "Forwarding from 127.0.0.1:N -> M".
fn forwarded_port(line: &str) -> u16 {
    line.strip_prefix("Forwarding from 127.0.0.1:")
        .and_then(|r| r.split(' ').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("not a Forwarding line: {line:?}"))
}

/// "Forwarding from 127.0.0.1:N -> M" without N, to compare with kubectl's.
fn without_port(line: &str) -> String {
    let port = forwarded_port(line);
    line.replace(&format!(":{port} "), ":N ")
}

#[test]
fn rkctl_exec_attach_cp_port_forward_and_top_against_containerd() {
    let up = Up::start("10.221.0.0/16");
    up.run(scenario);
}

fn scenario(up: &Up) {
    up.apply_once_registered("objects.yaml", OBJECTS);
    for name in ["talker", "lone", "burner"] {
        wait_for(&format!("{name} ready"), WITHIN, || {
            pod(up, name).filter(ready)
        });
    }
    let first_web = wait_for("the web pod ready", WITHIN, || web_pod(up));

    exec(up, &first_web);
    attach(up);
    cp(up);
    port_forward(up, &first_web);
    top(up);
}

fn exec(up: &Up, web: &str) {
    // Pod names complete (from the names cache, filled in the background).
    wait_for("pod names completing for exec", WITHIN, || {
        let out = up.rkd.rkctl(&["__complete", "exec", "ta"]);
        (text(&out.stdout) == "talker\n").then_some(())
    });
    // Output and exit code.
    assert_eq!(
        ok_stdout(
            &up.rkd
                .rkctl(&["exec", "talker", "-c", "app", "--", "echo", "hi"])
        ),
        "hi\n"
    );
    // stdout, stderr and kubectl's exit-code message, as kubectl 1.33 prints them.
    let args = [
        "exec",
        "talker",
        "-c",
        "app",
        "--",
        "sh",
        "-c",
        "echo out; echo err >&2; exit 3",
    ];
    let ours = up.rkd.rkctl(&args);
    let theirs = up.rkd.kubectl(33, &args);
    assert_eq!(ours.status.code(), Some(3), "{}", text(&ours.stderr));
    assert_eq!(text(&ours.stdout), "out\n");
    assert_eq!(
        text(&ours.stderr),
        "err\ncommand terminated with exit code 3\n"
    );
    assert_eq!(
        (text(&ours.stdout), text(&ours.stderr), ours.status.code()),
        (
            text(&theirs.stdout),
            text(&theirs.stderr),
            theirs.status.code()
        )
    );
    // Without -c: kubectl's "Defaulted container" line.
    let ours = up.rkd.rkctl(&["exec", "talker", "--", "true"]);
    let theirs = up.rkd.kubectl(33, &["exec", "talker", "--", "true"]);
    assert_eq!(
        text(&ours.stderr),
        "Defaulted container \"app\" out of: app, web\n"
    );
    assert_eq!(text(&ours.stderr), text(&theirs.stderr));
    // A command that does not exist: the runtime's message, exit 1, as kubectl.
    let ours = up
        .rkd
        .rkctl(&["exec", "talker", "-c", "app", "--", "no-such-command"]);
    assert_eq!(ours.status.code(), Some(1));
    assert!(
        text(&ours.stderr).starts_with("error: "),
        "{}",
        text(&ours.stderr)
    );
    assert!(
        text(&ours.stderr).contains("no-such-command"),
        "{}",
        text(&ours.stderr)
    );
    // Errors read as kubectl's: a missing pod, a service port that does not exist, bad ports,
    // two local paths for cp.
    for args in [
        &["exec", "no-such-pod", "--", "true"][..],
        &["port-forward", "svc/web", "18080:81"][..],
        &["port-forward", "talker", "x:8080"][..],
        &["port-forward", "talker", "99999:1"][..],
        &["port-forward", "talker", "1:0"][..],
        &["cp", "/tmp/a", "/tmp/b"][..],
    ] {
        let ours = up.rkd.rkctl(args);
        let theirs = up.rkd.kubectl(33, args);
        assert_eq!(
            (text(&ours.stderr), ours.status.code()),
            (text(&theirs.stderr), theirs.status.code()),
            "rkctl {args:?}"
        );
    }
    // Stdin.
    let mut cmd = rkctl_cmd(up);
    cmd.args(["exec", "-i", "talker", "-c", "app", "--", "head", "-n", "1"]);
    let out = with_input(cmd, b"typed line\nsecond\n");
    assert_eq!(text(&out.stdout), "typed line\n", "{}", text(&out.stderr));
    assert!(out.status.success());
    // Stdin to its end: `cat` gets EOF (v5's close signal, half-closed towards containerd over
    // SPDY), so it returns with its input echoed. `timeout` turns a hang into a failure.
    let input: String = (0..3000).map(|i| format!("line {i}\n")).collect();
    let mut cmd = rkctl_cmd(up);
    cmd.args(["exec", "-i", "talker", "-c", "app", "--", "cat"]);
    let out = with_input(within_a_minute(cmd), input.as_bytes());
    assert_eq!(
        (out.status.code(), out.stdout.len()),
        (Some(0), input.len()),
        "rkctl exec -i -- cat: {}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout), input);
    // A megabyte each way through the agent's SPDY session to containerd (beyond any window).
    let mut cmd = rkctl_cmd(up);
    cmd.args(["exec", "-i", "talker", "-c", "app", "--", "wc", "-c"]);
    let out = with_input(within_a_minute(cmd), &vec![b'x'; 1 << 20]);
    assert_eq!(text(&out.stdout).trim(), "1048576", "{}", text(&out.stderr));
    let mut cmd = rkctl_cmd(up);
    let script = "head -c 1048576 /dev/zero | tr '\\0' y";
    cmd.args([
        "exec", "-i", "talker", "-c", "app", "--", "sh", "-c", script,
    ]);
    let out = with_input(within_a_minute(cmd), b"");
    assert_eq!(
        (out.status.code(), out.stdout.len()),
        (Some(0), 1 << 20),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.iter().all(|&b| b == b'y'));
    // deploy/x picks the Deployment's pod.
    assert_eq!(
        ok_stdout(
            &up.rkd
                .rkctl(&["exec", "deploy/web", "--", "cat", "/var/www/index.html"])
        ),
        format!("{web}\n")
    );
    // A TTY under script(1): the terminal's size arrives, the exit code comes back.
    let cmd = format!(
        "{} exec -it talker -c app -- sh -c 'sleep 1; stty size; tty; exit 4'",
        rkctl_bin().display()
    );
    let out = Command::new("script")
        .args([
            "-qec",
            &format!("stty rows 33 cols 101; {cmd}"),
            "/dev/null",
        ])
        .env("HOME", home(up, "rkctl"))
        .env("KUBECONFIG", up.rkd.kubeconfig())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let shown = text(&out.stdout);
    assert!(
        shown.contains("33 101") && shown.contains("/dev/pts/"),
        "rkctl exec -it: {shown:?} {}",
        text(&out.stderr)
    );
    assert!(
        shown.contains("command terminated with exit code 4"),
        "{shown:?}"
    );
    assert_eq!(out.status.code(), Some(4), "{shown:?}");
    // A resize (SIGWINCH) reaches the remote terminal: it polls its size until it changes.
    let poll = "for i in $(seq 200); do s=$(stty size); [ \"$s\" = \"40 120\" ] && break; sleep 0.1; done; echo \"size $s\"";
    let inner = format!(
        "stty rows 33 cols 101; (sleep 2; stty rows 40 cols 120 </dev/tty; kill -WINCH $$) & exec {} exec -it talker -c app -- sh -c '{poll}'",
        rkctl_bin().display()
    );
    let out = Command::new("script")
        .args([
            "-qec",
            &format!("sh -c {}", shell_quote(&inner)),
            "/dev/null",
        ])
        .env("HOME", home(up, "rkctl"))
        .env("KUBECONFIG", up.rkd.kubeconfig())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        text(&out.stdout).contains("size 40 120"),
        "resize: {:?} {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    // -t with stdin that is not a terminal: kubectl's warning, no TTY.
    let mut cmd = rkctl_cmd(up);
    cmd.args(["exec", "-it", "talker", "-c", "app", "--", "tty"]);
    let ours = with_input(cmd, b"");
    let mut cmd = kubectl_cmd(up);
    cmd.args(["exec", "-it", "talker", "-c", "app", "--", "tty"]);
    let theirs = with_input(cmd, b"");
    assert_eq!(text(&ours.stdout), "not a tty\n");
    assert_eq!(
        (text(&ours.stderr), ours.status.code()),
        (text(&theirs.stderr), theirs.status.code())
    );
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn attach(up: &Up) {
    let mut cmd = rkctl_cmd(up);
    cmd.args(["attach", "talker", "-c", "app"]);
    let running = Running::start(cmd);
    let line = running.line("rkctl attach");
    assert!(line.starts_with("tick "), "rkctl attach: {line:?}");
    let next = running.line("rkctl attach");
    let n: u64 = line.trim_start_matches("tick ").parse().unwrap();
    assert_eq!(next, format!("tick {}", n + 1));
}

fn cp(up: &Up) {
    let dir = up.dir().join("cp");
    std::fs::create_dir_all(dir.join("tree/sub")).unwrap();
    std::fs::write(dir.join("file.txt"), "copied by rkctl\n").unwrap();
    std::fs::write(dir.join("tree/a"), "a\n").unwrap();
    std::fs::write(dir.join("tree/sub/b"), "b\n").unwrap();
    let local = |p: &str| dir.join(p).to_str().unwrap().to_string();

    // A file into the pod, and back.
    let out = up.rkd.rkctl(&[
        "cp",
        &local("file.txt"),
        "talker:/tmp/file.txt",
        "-c",
        "app",
    ]);
    assert!(out.status.success(), "cp to the pod: {}", text(&out.stderr));
    assert_eq!(
        ok_stdout(
            &up.rkd
                .rkctl(&["exec", "talker", "-c", "app", "--", "cat", "/tmp/file.txt"])
        ),
        "copied by rkctl\n"
    );
    let out = up.rkd.rkctl(&[
        "cp",
        "default/talker:/tmp/file.txt",
        &local("back.txt"),
        "-c",
        "app",
    ]);
    assert!(
        out.status.success(),
        "cp from the pod: {}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("back.txt")).unwrap(),
        "copied by rkctl\n"
    );
    // tar's own notice, as kubectl shows it.
    assert_eq!(
        text(&out.stderr),
        "tar: removing leading '/' from member names\n"
    );

    // A directory into an existing directory (it lands inside), and back.
    let out = up
        .rkd
        .rkctl(&["cp", &local("tree"), "talker:/tmp", "-c", "app"]);
    assert!(out.status.success(), "cp a tree: {}", text(&out.stderr));
    let listing = ok_stdout(&up.rkd.rkctl(&[
        "exec",
        "talker",
        "-c",
        "app",
        "--",
        "sh",
        "-c",
        "cd /tmp/tree && find . | sort",
    ]));
    assert_eq!(listing, ".\n./a\n./sub\n./sub/b\n");
    let out = up
        .rkd
        .rkctl(&["cp", "talker:/tmp/tree", &local("tree-back"), "-c", "app"]);
    assert!(
        out.status.success(),
        "cp a tree back: {}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("tree-back/sub/b")).unwrap(),
        "b\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("tree-back/a")).unwrap(),
        "a\n"
    );

    // A missing local file: kubectl's message and exit code.
    let args = ["cp", "/no/such/file", "talker:/tmp/x", "-c", "app"];
    let ours = up.rkd.rkctl(&args);
    let theirs = up.rkd.kubectl(33, &args);
    assert_eq!(
        text(&ours.stderr),
        "error: /no/such/file doesn't exist in local filesystem\n"
    );
    assert_eq!(
        (text(&ours.stderr), ours.status.code()),
        (text(&theirs.stderr), theirs.status.code())
    );
}

fn port_forward(up: &Up, first_web: &str) {
    // To a pod: kubectl's lines, HTTP through it.
    let mut cmd = rkctl_cmd(up);
    cmd.args(["port-forward", "pod/talker", ":8080"]);
    let pf = Running::start(cmd);
    let line = pf.line("rkctl port-forward pod/talker");
    let mut cmd = kubectl_cmd(up);
    cmd.args(["port-forward", "pod/talker", ":8080"]);
    let kpf = Running::start(cmd);
    let kline = kpf.line("kubectl port-forward pod/talker");
    drop(kpf);
    assert_eq!(without_port(&line), without_port(&kline));
    let port = forwarded_port(&line);
    for _ in 0..3 {
        assert_eq!(http_get(port), "hello from rk\n");
    }
    assert_eq!(
        pf.line_starting("Handling"),
        format!("Handling connection for {port}")
    );
    drop(pf);

    // To a service: its port 80 maps to the pods' named port 8080, as kubectl prints.
    let mut cmd = rkctl_cmd(up);
    cmd.args(["port-forward", "svc/web", ":80"]);
    let pf = Running::start(cmd);
    let line = pf.line("rkctl port-forward svc/web");
    let mut cmd = kubectl_cmd(up);
    cmd.args(["port-forward", "svc/web", ":80"]);
    let kpf = Running::start(cmd);
    let kline = kpf.line("kubectl port-forward svc/web");
    drop(kpf);
    assert!(line.ends_with(" -> 8080"), "{line:?}");
    assert_eq!(without_port(&line), without_port(&kline));
    let port = forwarded_port(&line);
    assert_eq!(http_get(port), format!("{first_web}\n"));

    // Durable: the pod is deleted, the Deployment's new pod answers on the same local port.
    ok_stdout(
        &up.rkd
            .kubectl(33, &["delete", "pod", first_web, "--wait=false"]),
    );
    let reattached = pf.line_starting("Re-attached to pod/");
    let second = wait_for("the replacement web pod", WITHIN, || web_pod(up));
    assert_ne!(second, first_web);
    assert_eq!(
        reattached,
        format!("Re-attached to pod/{second} (pod/{first_web} went away)")
    );
    assert_eq!(http_get(port), format!("{second}\n"));
    assert_eq!(http_get(port), format!("{second}\n"));
    drop(pf);

    // A pod owned by a ReplicaSet of a Deployment is followed too (through its owners).
    let mut cmd = rkctl_cmd(up);
    cmd.args(["port-forward", &format!("pod/{second}"), ":8080"]);
    let pf = Running::start(cmd);
    let port = forwarded_port(&pf.line("rkctl port-forward pod/WEB"));
    assert_eq!(http_get(port), format!("{second}\n"));
    ok_stdout(
        &up.rkd
            .kubectl(33, &["delete", "pod", &second, "--wait=false"]),
    );
    let reattached = pf.line_starting("Re-attached to pod/");
    let third = wait_for("the next web pod", WITHIN, || {
        web_pod(up).filter(|p| *p != second)
    });
    assert_eq!(
        reattached,
        format!("Re-attached to pod/{third} (pod/{second} went away)")
    );
    assert_eq!(http_get(port), format!("{third}\n"));
    drop(pf);

    // A bare pod: forwarding ends with kubectl's message when the pod goes.
    let mut pf = rkctl_cmd(up)
        .args(["port-forward", "lone", ":8080"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(pf.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let port = forwarded_port(line.trim_end());
    assert_eq!(http_get(port), "hello from rk\n");
    ok_stdout(
        &up.rkd
            .kubectl(33, &["delete", "pod", "lone", "--wait=false"]),
    );
    let ended = wait_for("rkctl port-forward to end", WITHIN, || {
        pf.try_wait().unwrap()
    });
    let mut err = String::new();
    std::io::Read::read_to_string(pf.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert_eq!(ended.code(), Some(1));
    assert_eq!(err, "error: lost connection to pod\n");
}

/// Millicores in a `top` table's CPU column for `name`.
fn millicores(table: &str, name: &str) -> Option<u64> {
    let line = table
        .lines()
        .find(|l| l.split_whitespace().next() == Some(name))?;
    line.split_whitespace()
        .nth(1)?
        .strip_suffix('m')?
        .parse()
        .ok()
}

fn top(up: &Up) {
    let table = wait_for("rkctl top pod with the burner's figures", WITHIN, || {
        let out = up.rkd.rkctl(&["top", "pod"]);
        let t = text(&out.stdout);
        (out.status.success() && millicores(&t, "burner").is_some_and(|m| m >= 50)).then_some(t)
    });
    let burner = millicores(&table, "burner").unwrap();
    let talker = millicores(&table, "talker").unwrap();
    assert!(
        burner > talker * 5,
        "a busy loop shows, an idle loop hardly: {table}"
    );
    let theirs = ok_stdout(&up.rkd.kubectl(33, &["top", "pod"]));
    assert_eq!(
        table.lines().next(),
        theirs.lines().next(),
        "{table}\n{theirs}"
    );

    let all = ok_stdout(&up.rkd.rkctl(&["top", "pod", "-A", "--containers"]));
    let theirs = ok_stdout(&up.rkd.kubectl(33, &["top", "pod", "-A", "--containers"]));
    assert_eq!(all.lines().next(), theirs.lines().next(), "{all}\n{theirs}");
    assert!(
        all.lines()
            .any(|l| l.starts_with("default") && l.contains(" burner ") && l.contains(" app ")),
        "{all}"
    );

    let nodes = ok_stdout(&up.rkd.rkctl(&["top", "node"]));
    let theirs = ok_stdout(&up.rkd.kubectl(33, &["top", "node"]));
    assert_eq!(
        nodes.lines().next(),
        theirs.lines().next(),
        "{nodes}\n{theirs}"
    );
    let row: Vec<&str> = nodes.lines().nth(1).unwrap().split_whitespace().collect();
    assert!(
        row[1].ends_with('m') && row[2].ends_with('%') && row[3].ends_with("Mi"),
        "{nodes}"
    );
}
