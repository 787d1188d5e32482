//! `/metrics` through `kubectl get --raw`: requests by verb and resource, the watches open right
//! now (up while a `kubectl get -w` runs, down once it is gone), and the store's operations with
//! their latency.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rk_e2e::{Rkd, kubectl_bin, ok_stdout};

/// The value of the first sample line that starts with `prefix`.
fn sample(metrics: &str, prefix: &str) -> Option<f64> {
    metrics.lines().find(|l| l.starts_with(prefix)).and_then(|l| l.rsplit(' ').next()).and_then(|v| v.parse().ok())
}

fn metrics(rkd: &Rkd) -> String {
    ok_stdout(&rkd.kubectl(33, &["get", "--raw", "/metrics"]))
}

/// Polls /metrics until `want` holds for the watcher gauge of pods.
fn wait_for_watchers(rkd: &Rkd, want: f64) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let m = metrics(rkd);
        let open = sample(&m, r#"apiserver_registered_watchers{group="",resource="pods"}"#).unwrap_or(0.0);
        if open == want || Instant::now() > deadline {
            assert_eq!(open, want, "open pod watches:\n{m}");
            return m;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn metrics_count_requests_open_watches_and_store_latency() {
    let rkd = Rkd::start("apiserver", &[]);
    ok_stdout(&rkd.kubectl(27, &["create", "configmap", "one", "-n", "default"]));
    ok_stdout(&rkd.kubectl(33, &["get", "configmaps", "-n", "default"]));

    let m = metrics(&rkd);
    assert!(
        sample(&m, r#"apiserver_request_total{verb="create",group="",resource="configmaps",subresource="",code="201"}"#) >= Some(1.0),
        "{m}"
    );
    assert!(sample(&m, r#"apiserver_storage_request_duration_seconds_count{operation="create",result="ok"}"#) >= Some(1.0), "{m}");
    assert!(sample(&m, r#"apiserver_storage_request_duration_seconds_count{operation="get""#).is_some(), "{m}");

    let home = rkd.dir.path().join("home-watch");
    std::fs::create_dir_all(&home).unwrap();
    let mut watch = Command::new(kubectl_bin(33))
        .env("HOME", &home)
        .env("KUBECONFIG", rkd.kubeconfig())
        .args(["get", "pods", "-A", "-w"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_watchers(&rkd, 1.0);
    let _ = watch.kill();
    let _ = watch.wait();
    wait_for_watchers(&rkd, 0.0);
}

/// `--log-format json`: every log line on stderr is one JSON object with a level and a message;
/// requests are logged at debug with their verb, resource, code and latency.
#[test]
fn json_logs_are_one_object_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(rk_e2e::rkd_bin())
        .args(["apiserver", "--data-dir", dir.path().to_str().unwrap(), "--listen", "127.0.0.1:0", "--log-format", "json"])
        .env("RUST_LOG", "rk_apiserver=debug")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("err.log")).unwrap())
        .spawn()
        .unwrap();
    let kubeconfig = dir.path().join("admin.kubeconfig");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !kubeconfig.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let out = Command::new(kubectl_bin(33)).env("HOME", &home).env("KUBECONFIG", &kubeconfig).args(["get", "namespaces"]).output().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let log = std::fs::read_to_string(dir.path().join("err.log")).unwrap();
    let objects: Vec<serde_json::Value> =
        log.lines().filter(|l| l.starts_with('{')).map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    assert!(objects.iter().all(|o| o["level"].is_string() && o["message"].is_string()), "{log}");
    assert!(
        objects.iter().any(|o| o["message"] == "request" && o["verb"] == "list" && o["resource"] == "namespaces" && o["code"] == "200"),
        "no request line for the list of namespaces:\n{log}"
    );
    // The only other line is the one for people: where the API server listens.
    assert!(log.lines().filter(|l| !l.starts_with('{')).all(|l| l.starts_with("rkd: API server on")), "{log}");
}
