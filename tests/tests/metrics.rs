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
