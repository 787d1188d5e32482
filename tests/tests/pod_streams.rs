//! Streams to pods through the API server and the node agent, with simulated nodes: `rkd
//! server` + `rkd agent --runtime sim` (its endpoint on a free port), driven by the real
//! kubectl 1.27 (SPDY/3.1) and 1.33 (WebSocket v5, SPDY in WebSocket for port-forward) —
//! `logs` (-c, --tail, --timestamps, -f, --previous refused), the API server's wording for a
//! missing container name, `exec` output and exit codes, `port-forward` to the simulated pod
//! (which echoes), `top node|pod` from metrics.k8s.io, nodes/proxy to the agent's healthz,
//! and image import refusing garbage.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use rk_e2e::{Agent, Rkd, kubectl_bin, ok_stdout, wait_for};
use serde_json::Value;

const WITHIN: Duration = Duration::from_secs(40);

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
                "1h",
            ],
        );
        Cluster {
            rkd,
            agent,
            agent_dir,
        }
    }

    fn kubectl(&self, minor: u32, args: &[&str]) -> std::process::Output {
        self.rkd.kubectl(minor, args)
    }

    /// Runs `f`, printing both daemons' logs if it panics.
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

    fn running_pod(&self, name: &str) -> Value {
        let yaml = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels: {{app: {name}}}\nspec:\n  nodeName: sim-0\n  containers:\n  - name: app\n    image: busybox:1.36\n  - name: side\n    image: busybox:1.36\n"
        );
        let path = self.rkd.dir.path().join(format!("{name}.yaml"));
        std::fs::write(&path, yaml).unwrap();
        ok_stdout(&self.kubectl(33, &["create", "-f", path.to_str().unwrap()]));
        wait_for(&format!("pod {name} running"), WITHIN, || {
            let out = self.kubectl(33, &["get", "pod", name, "-o", "json"]);
            let pod: Value = serde_json::from_slice(&out.stdout).ok()?;
            (pod.pointer("/status/phase") == Some(&Value::from("Running"))).then_some(pod)
        })
    }
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn logs_exec_port_forward_top_and_node_proxy_through_the_agent() {
    let c = Cluster::start();
    c.check(|| {
        let pod = c.running_pod("web");
        let uid = pod.pointer("/metadata/uid").and_then(Value::as_str).unwrap().to_string();
        for minor in [27, 33] {
            // Logs: the simulated process's start line, per container.
            let out = ok_stdout(&c.kubectl(minor, &["logs", "web", "-c", "app"]));
            assert_eq!(out, "sim: container app started (attempt 0)\n", "kubectl 1.{minor}");
            let out = ok_stdout(&c.kubectl(minor, &["logs", "web", "-c", "side", "--tail", "1", "--timestamps"]));
            assert!(out.starts_with("20") && out.ends_with(" sim: container side started (attempt 0)\n"), "{out:?}");
            let out = c.kubectl(minor, &["logs", "web", "-c", "app", "--previous"]);
            assert!(!out.status.success());
            assert!(
                stderr(&out).contains("previous terminated container \"app\" in pod \"web\" not found"),
                "{}",
                stderr(&out)
            );

            // Exec: output, and exit codes as kubectl's own.
            let out = ok_stdout(&c.kubectl(minor, &["exec", "web", "-c", "app", "--", "echo", "hello", "there"]));
            assert_eq!(out, "hello there\n");
            let out = c.kubectl(minor, &["exec", "web", "-c", "app", "--", "sh", "-c", "exit 3"]);
            assert_eq!(out.status.code(), Some(3), "kubectl 1.{minor}: {}", stderr(&out));
            assert!(c.kubectl(minor, &["exec", "web", "-c", "app", "--", "true"]).status.success());

            // Port-forward: the simulated pod echoes.
            port_forward_echoes(&c, minor);

            // The agent's own endpoints through nodes/proxy.
            let out = ok_stdout(&c.kubectl(minor, &["get", "--raw", "/api/v1/nodes/sim-0/proxy/healthz"]));
            assert_eq!(out, "ok");
        }

        // Without a container name, the API server names the choices (kubectl picks one itself).
        let out = c.kubectl(33, &["get", "--raw", "/api/v1/namespaces/default/pods/web/log"]);
        assert!(
            stderr(&out).contains("a container name must be specified for pod web, choose one of: [app side]"),
            "{}",
            stderr(&out)
        );

        // Follow: lines written after kubectl started arrive.
        let log_file = c.agent_dir.join("pod-logs").join(format!("default_web_{uid}")).join("app").join("0.log");
        assert!(log_file.exists(), "{}", log_file.display());
        let mut follow = Command::new(kubectl_bin(33))
            .env("HOME", c.rkd.dir.path().join("home-33"))
            .env("KUBECONFIG", c.rkd.kubeconfig())
            .args(["logs", "-f", "web", "-c", "app"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(follow.stdout.take().unwrap()).lines();
        assert_eq!(lines.next().unwrap().unwrap(), "sim: container app started (attempt 0)");
        {
            let mut f = std::fs::OpenOptions::new().append(true).open(&log_file).unwrap();
            f.write_all(b"2030-01-01T00:00:00.000000000Z stdout P written \n2030-01-01T00:00:00.000000000Z stdout F later\n").unwrap();
        }
        assert_eq!(lines.next().unwrap().unwrap(), "written later");
        let _ = follow.kill();
        let _ = follow.wait();

        // top: metrics.k8s.io from the agent's stats (a simulated container uses 5m CPU, 8Mi).
        let out = ok_stdout(&c.kubectl(33, &["top", "node", "sim-0"]));
        assert!(out.lines().nth(1).is_some_and(|l| l.starts_with("sim-0")), "{out}");
        let out = ok_stdout(&c.kubectl(33, &["top", "pod", "web", "--containers"]));
        assert!(out.contains("app") && out.contains("5m") && out.contains("8Mi"), "{out}");
        let out = ok_stdout(&c.kubectl(27, &["top", "pod", "-l", "app=web"]));
        assert!(out.lines().nth(1).is_some_and(|l| l.starts_with("web") && l.contains("10m") && l.contains("16Mi")), "{out}");

        // Image import refuses what is not an image archive, saying so.
        let garbage = c.rkd.dir.path().join("garbage.bin");
        std::fs::write(&garbage, b"certainly not a tar archive").unwrap();
        let out = c.kubectl(33, &["create", "--raw", "/api/v1/nodes/sim-0/proxy/images/import", "-f", garbage.to_str().unwrap()]);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("image import: not a tar archive"), "{}", stderr(&out));
    });
}

fn port_forward_echoes(c: &Cluster, minor: u32) {
    let mut pf = Command::new(kubectl_bin(minor))
        .env("HOME", c.rkd.dir.path().join(format!("home-{minor}")))
        .env("KUBECONFIG", c.rkd.kubeconfig())
        .args(["port-forward", "pod/web", ":8080"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(pf.stdout.take().unwrap()).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let port: u16 = first
        .strip_prefix("Forwarding from 127.0.0.1:")
        .and_then(|r| r.split(' ').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| {
            let _ = pf.kill();
            let mut err = String::new();
            let _ = pf.stderr.take().unwrap().read_to_string(&mut err);
            panic!("kubectl 1.{minor} port-forward said {first:?}: {err}")
        });
    let mut tcp = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    tcp.write_all(b"ping through the agent").unwrap();
    let mut buf = [0u8; 22];
    tcp.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"ping through the agent", "kubectl 1.{minor}");
    drop(tcp);
    let _ = pf.kill();
    let _ = pf.wait();
}

#[test]
fn only_the_api_servers_identity_may_call_the_agent() {
    let c = Cluster::start();
    c.check(|| {
        let node = wait_for("node sim-0 with its agent port", WITHIN, || {
            let out = c.kubectl(33, &["get", "node", "sim-0", "-o", "json"]);
            let n: Value = serde_json::from_slice(&out.stdout).ok()?;
            n.pointer("/status/daemonEndpoints/kubeletEndpoint/Port")
                .and_then(Value::as_u64)
                .filter(|p| *p > 0)?;
            Some(n)
        });
        let port = node
            .pointer("/status/daemonEndpoints/kubeletEndpoint/Port")
            .and_then(Value::as_u64)
            .unwrap();
        assert_eq!(
            node.pointer("/metadata/annotations/node.rk.dev~1kubelet-address")
                .and_then(Value::as_str),
            Some("127.0.0.1")
        );
        // The admin's certificate is signed by the same CA, but it is not the API server's.
        let dir = c.rkd.dir.path();
        let kubeconfig = std::fs::read_to_string(c.rkd.kubeconfig()).unwrap();
        let field = |name: &str| -> Vec<u8> {
            let b64 = kubeconfig
                .lines()
                .find_map(|l| l.trim().strip_prefix(&format!("{name}: ")))
                .unwrap();
            let out = Command::new("base64")
                .arg("-d")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            out.stdin
                .as_ref()
                .unwrap()
                .write_all(b64.as_bytes())
                .unwrap();
            out.wait_with_output().unwrap().stdout
        };
        std::fs::write(dir.join("admin.crt"), field("client-certificate-data")).unwrap();
        std::fs::write(dir.join("admin.key"), field("client-key-data")).unwrap();
        let url = format!("https://127.0.0.1:{port}/healthz");
        let out = c.rkd.curl(&[
            "-k",
            "--cert",
            dir.join("admin.crt").to_str().unwrap(),
            "--key",
            dir.join("admin.key").to_str().unwrap(),
            &url,
        ]);
        let body = String::from_utf8_lossy(&out.stdout);
        assert!(
            body.contains("Forbidden (user=system:admin"),
            "{body} {}",
            stderr(&out)
        );
        // Without a client certificate there is no TLS session at all.
        let out = c.rkd.curl(&["-k", &url]);
        assert!(!out.status.success());
    });
}
