//! `kubectl port-forward svc/web` and `pod/web-…` (kubectl 1.27: SPDY/3.1; 1.33: SPDY inside a
//! WebSocket) to a busybox httpd behind a Service on `rkd up` with a real containerd carry HTTP
//! for a minute: one request a second for 60 s through each kubectl to each target, all four at
//! once, every one answered. kubectl
//! resolves the Service to a pod by its selector and the Service port to the container port
//! (targetPort by name); the bytes go kubectl → API server → agent → the pod's IP.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cri_support;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cri_support::{Up, assert_nothing_left, reset};
use rk_e2e::{kubectl_bin, ok_stdout};

const OBJECTS: &str = r#"
apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
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
        - name: httpd
          image: localhost/rk/busybox:1
          command: ["httpd", "-f", "-p", "8080", "-h", "/var/www"]
          ports: [{name: http, containerPort: 8080}]
- apiVersion: v1
  kind: Service
  metadata: {name: web}
  spec:
    selector: {app: web}
    ports: [{port: 80, targetPort: http}]
"#;

const SECONDS: u32 = 60;

#[test]
fn port_forward_to_a_service_and_to_a_pod_carries_http_for_a_minute_with_kubectl_1_27_and_1_33() {
    let up = Up::start("10.231.0.0/16");
    let dir = up.dir();
    let bridge = rk_kubelet::cni::bridge_name(&dir);
    up.run(scenario);
    let mut up = up;
    up.rkd.stop();
    reset(&dir);
    assert_nothing_left(&dir, &bridge, "10.231.");
}

fn scenario(up: &Up) {
    up.apply_once_registered("web.yaml", OBJECTS);
    let rollout = ok_stdout(&up.rkd.kubectl(
        33,
        &["rollout", "status", "deployment/web", "--timeout=90s"],
    ));
    assert!(rollout.contains("successfully rolled out"), "{rollout}");
    let pod = ok_stdout(
        &up.rkd
            .kubectl(33, &["get", "pods", "-l", "app=web", "-o", "name"]),
    );
    let pod = pod.lines().next().unwrap_or_default().to_string();
    assert!(pod.starts_with("pod/web-"), "{pod}");
    // The service and its pod, through each kubectl, all four at once.
    let targets = [("svc/web".to_string(), ":80"), (pod, ":8080")];
    let answered: Vec<(u32, String, u32, Vec<String>)> = std::thread::scope(|s| {
        let runs: Vec<_> = [27, 33]
            .into_iter()
            .flat_map(|minor| targets.iter().map(move |t| (minor, t)))
            .map(|(minor, (target, port))| {
                s.spawn(move || {
                    let (ok, failures) = forward_for_a_minute(up, minor, target, port);
                    (minor, target.clone(), ok, failures)
                })
            })
            .collect();
        runs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (minor, target, ok, failures) in answered {
        assert_eq!(
            ok, SECONDS,
            "kubectl 1.{minor} to {target}: {ok} of {SECONDS} requests answered; failures: {failures:?}"
        );
    }
}

/// Runs `kubectl port-forward TARGET PORTS` (`svc/web :80`, `pod/web-… :8080`) and sends one
/// request a second for a minute; answers how many got httpd's page, and what the others got.
fn forward_for_a_minute(up: &Up, minor: u32, target: &str, ports: &str) -> (u32, Vec<String>) {
    let home = up
        .dir()
        .join(format!("home-pf-{minor}-{}", target.replace('/', "-")));
    std::fs::create_dir_all(&home).unwrap();
    let mut pf = Command::new(kubectl_bin(minor))
        .env("HOME", &home)
        .env("KUBECONFIG", up.rkd.kubeconfig())
        .args(["port-forward", target, ports])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(pf.stdout.take().unwrap()).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let port: Option<u16> = first
        .strip_prefix("Forwarding from 127.0.0.1:")
        .and_then(|r| r.split_once(" -> "))
        .filter(|(_, target)| *target == "8080")
        .and_then(|(p, _)| p.parse().ok());
    let Some(port) = port else {
        let _ = pf.kill();
        let mut err = String::new();
        let _ = pf.stderr.take().unwrap().read_to_string(&mut err);
        panic!("kubectl 1.{minor} port-forward {target} said {first:?}: {err}");
    };
    // kubectl prints a line per connection ("Handling connection for …"): keep draining.
    std::thread::spawn(move || for _ in lines {});
    let start = Instant::now();
    let (mut ok, mut failures) = (0, Vec::new());
    for i in 0..SECONDS {
        let out = Command::new("curl")
            .args([
                "-sS",
                "--max-time",
                "5",
                &format!("http://127.0.0.1:{port}/"),
            ])
            .output()
            .unwrap();
        let body = String::from_utf8_lossy(&out.stdout);
        if body == "hello from rk\n" {
            ok += 1;
        } else {
            failures.push(format!(
                "request {i}: {body:?} {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let next = start + Duration::from_secs(u64::from(i) + 1);
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
    }
    let alive = pf.try_wait().unwrap().is_none();
    let _ = pf.kill();
    let _ = pf.wait();
    if !alive {
        failures.push("kubectl port-forward exited before the minute was over".into());
        ok = ok.min(SECONDS - 1);
    }
    (ok, failures)
}
