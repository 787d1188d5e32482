//! Streams to real containers: `rkd up` (a managed containerd), driven by the real kubectl 1.27
//! (SPDY/3.1) and 1.33 (WebSocket v5; SPDY in WebSocket for port-forward) and by the Python
//! client (WebSocket v4): `logs` (-c, --tail, --timestamps, -f with lines written after it
//! started, --previous after a restart), `exec` (output, exit codes, stdin — `cat` returning at
//! the end of piped input, over SPDY and WebSocket v5 alike —, a TTY with its
//! size), `cp` both ways, `attach`, `port-forward` to busybox httpd, and `top` tracking a
//! container that burns CPU.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cri_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use cri_support::Up;
use rk_e2e::{kubectl_bin, ok_stdout, python_with_kubernetes_client, wait_for};
use serde_json::Value;

const WITHIN: Duration = Duration::from_secs(90);

const PODS: &str = r#"
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
metadata: {name: crasher}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: localhost/rk/busybox:1
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "echo run at $(date +%s); sleep 1; exit 1"]
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
"#;

fn pod(up: &Up, name: &str) -> Option<Value> {
    let out = up.rkd.kubectl(33, &["get", "pod", name, "-o", "json"]);
    serde_json::from_slice(&out.stdout).ok()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn kubectl_cmd(up: &Up, minor: u32) -> Command {
    let home = up.dir().join(format!("home-{minor}"));
    std::fs::create_dir_all(&home).unwrap();
    let mut c = Command::new(kubectl_bin(minor));
    c.env("HOME", home).env("KUBECONFIG", up.rkd.kubeconfig());
    c
}

/// Runs kubectl with `input` on stdin, killed after a minute (exit 124) rather than hanging.
fn kubectl_with_input(up: &Up, minor: u32, args: &[&str], input: &[u8]) -> std::process::Output {
    let home = up.dir().join(format!("home-{minor}"));
    std::fs::create_dir_all(&home).unwrap();
    let mut child = Command::new("timeout")
        .arg("60")
        .arg(kubectl_bin(minor))
        .env("HOME", home)
        .env("KUBECONFIG", up.rkd.kubeconfig())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Millicores in `kubectl top` output's CPU column for `name`.
fn top_millicores(out: &str, name: &str) -> Option<u64> {
    let line = out
        .lines()
        .find(|l| l.split_whitespace().next() == Some(name))?;
    line.split_whitespace()
        .nth(1)?
        .strip_suffix('m')?
        .parse()
        .ok()
}

#[test]
fn logs_exec_cp_attach_port_forward_and_top_against_containerd() {
    let up = Up::start("10.237.0.0/16");
    up.run(scenario);
}

fn scenario(up: &Up) {
    up.apply_once_registered("pods.yaml", PODS);
    for name in ["talker", "burner"] {
        wait_for(&format!("{name} running"), WITHIN, || {
            pod(up, name).filter(|p| {
                p["status"]["phase"] == "Running"
                    && p["status"]["containerStatuses"]
                        .as_array()
                        .is_some_and(|c| c.iter().all(|c| c["ready"] == true))
            })
        });
    }

    // httpd listens a moment after its container runs.
    let ip = pod(up, "talker").unwrap()["status"]["podIP"]
        .as_str()
        .unwrap()
        .to_string();
    let answered = (0..300).any(|_| {
        let out = Command::new("curl")
            .args(["-s", "--max-time", "2", &format!("http://{ip}:8080/")])
            .output()
            .unwrap();
        out.status.success() || {
            std::thread::sleep(Duration::from_millis(300));
            false
        }
    });
    if !answered {
        let k = |args: &[&str]| {
            let o = up.rkd.kubectl(33, args);
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            )
        };
        panic!(
            "httpd does not answer on {ip}: logs {:?}; netstat {:?}; ps {:?}; pods {}",
            k(&["logs", "talker", "-c", "web"]),
            k(&["exec", "talker", "-c", "web", "--", "netstat", "-ltn"]),
            k(&["exec", "talker", "-c", "web", "--", "ps"]),
            k(&["get", "pod", "talker", "-o", "json"]),
        );
    }

    for minor in [27, 33] {
        let k = |args: &[&str]| up.rkd.kubectl(minor, args);
        // Logs.
        let out = ok_stdout(&k(&["logs", "talker", "-c", "app"]));
        assert!(out.starts_with("started\n"), "kubectl 1.{minor}: {out:?}");
        let out = ok_stdout(&k(&[
            "logs",
            "talker",
            "-c",
            "app",
            "--tail",
            "1",
            "--timestamps",
        ]));
        assert_eq!(out.lines().count(), 1, "{out:?}");
        assert!(out.starts_with("20") && out.contains(" tick "), "{out:?}");

        // Exec: output and exit codes.
        assert_eq!(
            ok_stdout(&k(&["exec", "talker", "-c", "app", "--", "echo", "hi"])),
            "hi\n"
        );
        let out = k(&["exec", "talker", "-c", "app", "--", "sh", "-c", "exit 3"]);
        assert_eq!(
            out.status.code(),
            Some(3),
            "kubectl 1.{minor}: {}",
            stderr(&out)
        );
        // Stdin goes through the runtime's stream server.
        let out = kubectl_with_input(
            up,
            minor,
            &["exec", "-i", "talker", "-c", "app", "--", "head", "-n", "1"],
            b"typed line\n",
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "typed line\n",
            "kubectl 1.{minor}: {}",
            stderr(&out)
        );
        // Stdin to its end reaches `cat` (1.27: SPDY spliced to containerd; 1.33: WebSocket v5,
        // its close signal half-closing stdin on the agent's SPDY session to containerd).
        // At -v=4 kubectl 1.30+ logs "RemoteCommand fallback" when it falls back to SPDY.
        let input: String = (0..3000).map(|i| format!("line {i}\n")).collect();
        let out = kubectl_with_input(
            up,
            minor,
            &["-v=4", "exec", "-i", "talker", "-c", "app", "--", "cat"],
            input.as_bytes(),
        );
        assert_eq!(
            (out.status.code(), out.stdout.len()),
            (Some(0), input.len()),
            "kubectl 1.{minor} exec -i -- cat: {}",
            stderr(&out)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), input);
        assert!(
            !stderr(&out).contains("RemoteCommand fallback"),
            "kubectl 1.{minor} fell back to SPDY: {}",
            stderr(&out)
        );

        // A TTY (under script(1), which gives kubectl a terminal): the size arrives.
        let cmd = format!(
            "{} exec -it talker -c app -- sh -c 'sleep 1; stty size; tty'",
            kubectl_bin(minor).display()
        );
        let out = Command::new("script")
            .args([
                "-qec",
                &format!("stty rows 33 cols 101; {cmd}"),
                "/dev/null",
            ])
            .env("HOME", up.dir().join(format!("home-{minor}")))
            .env("KUBECONFIG", up.rkd.kubeconfig())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("33 101") && text.contains("/dev/pts/"),
            "kubectl 1.{minor} -it: {text:?} {}",
            stderr(&out)
        );

        // cp both ways (kubectl runs tar in the container).
        let local = up.dir().join(format!("to-pod-{minor}.txt"));
        std::fs::write(&local, format!("copied by kubectl 1.{minor}\n")).unwrap();
        let dest = format!("talker:/tmp/from-{minor}.txt");
        let out = kubectl_cmd(up, minor)
            .args(["cp", local.to_str().unwrap(), &dest, "-c", "app"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "cp to the pod: {}", stderr(&out));
        let inside = ok_stdout(&k(&[
            "exec",
            "talker",
            "-c",
            "app",
            "--",
            "cat",
            &format!("/tmp/from-{minor}.txt"),
        ]));
        assert_eq!(inside, format!("copied by kubectl 1.{minor}\n"));
        let back = up.dir().join(format!("from-pod-{minor}.txt"));
        let out = kubectl_cmd(up, minor)
            .args(["cp", &dest, back.to_str().unwrap(), "-c", "app"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "cp from the pod: {}", stderr(&out));
        assert_eq!(
            std::fs::read_to_string(&back).unwrap(),
            format!("copied by kubectl 1.{minor}\n")
        );

        // Attach: the running process's output.
        let mut attach = kubectl_cmd(up, minor)
            .args(["attach", "talker", "-c", "app"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(attach.stdout.take().unwrap()).lines();
        let line = lines.next().and_then(Result::ok).unwrap_or_default();
        let _ = attach.kill();
        let _ = attach.wait();
        assert!(
            line.starts_with("tick "),
            "kubectl 1.{minor} attach: {line:?}"
        );

        // Port-forward to httpd.
        port_forward_http(up, minor);
    }

    // Follow: a line written after kubectl started arrives.
    let mut follow = kubectl_cmd(up, 33)
        .args(["logs", "-f", "--tail", "1", "talker", "-c", "app"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(follow.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let n: u64 = first.strip_prefix("tick ").unwrap().parse().unwrap();
    let next = lines.next().unwrap().unwrap();
    let _ = follow.kill();
    let _ = follow.wait();
    assert_eq!(next, format!("tick {}", n + 1));

    // --previous after a restart.
    wait_for("crasher restarted", WITHIN, || {
        pod(up, "crasher").filter(|p| {
            p["status"]["containerStatuses"][0]["restartCount"]
                .as_i64()
                .unwrap_or(0)
                >= 1
        })
    });
    for minor in [27, 33] {
        let out = ok_stdout(&up.rkd.kubectl(minor, &["logs", "crasher", "--previous"]));
        assert!(out.starts_with("run at "), "kubectl 1.{minor}: {out:?}");
    }

    // top: the burner's CPU shows, the talker's hardly.
    let out = wait_for("top pod with figures", WITHIN, || {
        let out = up.rkd.kubectl(33, &["top", "pod"]);
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
            .filter(|o| o.contains("burner"))
    });
    let burner = top_millicores(&out, "burner").unwrap();
    let talker = top_millicores(&out, "talker").unwrap();
    assert!(
        burner >= 50 && burner > talker * 5,
        "a busy loop shows, an idle loop hardly: {out}"
    );
    let out = ok_stdout(&up.rkd.kubectl(27, &["top", "node"]));
    assert!(
        out.lines()
            .nth(1)
            .and_then(|l| l.split_whitespace().nth(1))
            .is_some_and(|c| c.ends_with('m')),
        "{out}"
    );

    // The Python client (WebSocket v4): exec with exit code and stdin, port-forward.
    let python = python_with_kubernetes_client();
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("python/pod_stream_smoke.py");
    let out = Command::new("timeout")
        .arg("90")
        .arg(python)
        .arg(script)
        .arg(up.rkd.kubeconfig())
        .arg("talker")
        .env("HOME", up.dir())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "pod_stream_smoke.py failed:\n{stdout}{}",
        stderr(&out)
    );
    let s: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(s["exec_stdout"], "hello\n", "{s}");
    assert_eq!(s["exec_stderr"], "oops\n", "{s}");
    assert_eq!(s["exec_returncode"], 3, "{s}");
    assert_eq!(s["exec_stdin_echo"], "typed line\n", "{s}");
    assert!(
        s["portforward_response"]
            .as_str()
            .unwrap()
            .contains("hello from rk"),
        "{s}"
    );
}

fn port_forward_http(up: &Up, minor: u32) {
    let mut pf = kubectl_cmd(up, minor)
        .args(["port-forward", "pod/talker", ":8080"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(pf.stdout.take().unwrap()).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let port: Option<u16> = first
        .strip_prefix("Forwarding from 127.0.0.1:")
        .and_then(|r| r.split(' ').next())
        .and_then(|p| p.parse().ok());
    let Some(port) = port else {
        let _ = pf.kill();
        let mut err = String::new();
        let _ = pf.stderr.take().unwrap().read_to_string(&mut err);
        panic!("kubectl 1.{minor} port-forward said {first:?}: {err}");
    };
    for i in 0..3 {
        let out = Command::new("curl")
            .args([
                "-sS",
                "--max-time",
                "10",
                &format!("http://127.0.0.1:{port}/"),
            ])
            .output()
            .unwrap();
        if String::from_utf8_lossy(&out.stdout) != "hello from rk\n" {
            let _ = pf.kill();
            let mut err = String::new();
            let _ = pf.stderr.take().unwrap().read_to_string(&mut err);
            let pods =
                String::from_utf8_lossy(&up.rkd.kubectl(33, &["get", "pods", "-o", "wide"]).stdout)
                    .into_owned();
            panic!(
                "kubectl 1.{minor} port-forward, request {i}: {:?} {} — kubectl: {err}\n{pods}",
                String::from_utf8_lossy(&out.stdout),
                stderr(&out)
            );
        }
    }
    let _ = pf.kill();
    let _ = pf.wait();
}
