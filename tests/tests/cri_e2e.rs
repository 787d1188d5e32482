//! `rkd up` with a real containerd (started by rkd under the test's data dir): a Deployment of
//! busybox httpd from the locally built sample image runs and answers on its pod IP; a kill -9
//! of rkd and a restart neither restart nor duplicate anything; deletion tears the pods down;
//! `rkd reset` leaves no containerd, netns, mount, cgroup directory, bridge or nat rule.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cri_support;

use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

use cri_support::{Up, assert_nothing_left, reset};
use rk_e2e::{ok_stdout, wait_for};
use serde_json::Value;

const DEPLOYMENT: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: httpd
        image: localhost/rk/busybox:1
        imagePullPolicy: IfNotPresent
        command: ["httpd", "-f", "-p", "8080", "-h", "/var/www"]
"#;

fn json(up: &Up, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["-o", "json"]);
    serde_json::from_str(&ok_stdout(&up.rkd.kubectl(33, &all))).unwrap()
}

fn node_ready(up: &Up) -> bool {
    json(up, &["get", "nodes"])["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| {
            n["status"]["conditions"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|c| c["type"] == "Ready" && c["status"] == "True")
        })
}

/// name → (podIP, containerID, restartCount) of the running web pods.
fn running_pods(up: &Up) -> BTreeMap<String, (String, String, i64)> {
    json(up, &["get", "pods", "-l", "app=web"])["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"]["phase"] == "Running")
        .filter_map(|p| {
            let c = &p["status"]["containerStatuses"][0];
            Some((
                p["metadata"]["name"].as_str()?.to_string(),
                (
                    p["status"]["podIP"].as_str()?.to_string(),
                    c["containerID"].as_str()?.to_string(),
                    c["restartCount"].as_i64()?,
                ),
            ))
        })
        .collect()
}

#[test]
fn a_deployment_runs_on_rkd_up_survives_a_crash_of_rkd_and_reset_leaves_nothing() {
    let mut up = Up::start("10.238.0.0/16");
    let dir = up.dir();
    let bridge = rk_kubelet::cni::bridge_name(&dir);
    wait_for("a Ready node", Duration::from_secs(60), || {
        node_ready(&up).then_some(())
    });
    let manifest = dir.join("web.yaml");
    std::fs::write(&manifest, DEPLOYMENT).unwrap();
    ok_stdout(
        &up.rkd
            .kubectl(33, &["apply", "-f", &manifest.to_string_lossy()]),
    );
    let pods = wait_for("2 running web pods", Duration::from_secs(60), || {
        let p = running_pods(&up);
        (p.len() == 2).then_some(p)
    });
    for (ip, id, restarts) in pods.values() {
        assert!(ip.starts_with("10.238."), "{ip}");
        assert!(id.starts_with("containerd://"), "{id}");
        assert_eq!(*restarts, 0);
        let body = wait_for("httpd answering", Duration::from_secs(20), || {
            let out = Command::new("curl")
                .args(["-s", "--max-time", "2", &format!("http://{ip}:8080/")])
                .output()
                .ok()?;
            out.status
                .success()
                .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
        });
        assert_eq!(body, "hello from rk\n");
    }
    let containers = up.containerd_containers();
    assert_eq!(
        containers.len(),
        4,
        "two pause and two httpd containers: {containers:?}"
    );

    // kill -9 of rkd (server and agent), then a restart: containerd is reused, pods adopted.
    let pid_file = dir.join("containerd/containerd.pid");
    let containerd_pid = std::fs::read_to_string(&pid_file).unwrap();
    up.kill9();
    // While rkd is down, a sandbox (with a log directory) appears that no pod of the API owns:
    // the restarted agent removes it after its first LIST, with its cgroup and log directory.
    let orphan_logs = dir.join("pods/default_orphan_orphan-uid");
    let orphan = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let rt = rk_kubelet::runtime::cri::CriRuntime::connect(&up.socket())
            .await
            .unwrap()
            .with_cgroup_root(&format!("/{bridge}"));
        let sb = rk_kubelet::runtime::SandboxConfig {
            name: "orphan".into(),
            namespace: "default".into(),
            uid: "orphan-uid".into(),
            hostname: "orphan".into(),
            log_directory: orphan_logs.display().to_string(),
            cgroup_parent: "/rkpods/podorphan-uid".into(),
            ..Default::default()
        };
        rk_kubelet::runtime::Runtime::run_pod_sandbox(&rt, &sb)
            .await
            .unwrap()
    });
    let orphan_cgroup = std::path::Path::new("/sys/fs/cgroup/memory")
        .join(&bridge)
        .join("rkpods/podorphan-uid");
    assert!(orphan_logs.is_dir() && orphan_cgroup.is_dir());
    up.rkd.restart();
    wait_for(
        "the orphaned sandbox removed",
        Duration::from_secs(60),
        || (!up.containerd_containers().contains(&orphan)).then_some(()),
    );
    assert!(
        !orphan_logs.exists(),
        "the orphan's log directory is removed"
    );
    assert!(!orphan_cgroup.exists(), "the orphan's cgroup is removed");
    wait_for("a Ready node again", Duration::from_secs(60), || {
        node_ready(&up).then_some(())
    });
    // Let the restarted agent list, adopt and relist for a while, then look twice.
    for _ in 0..2 {
        std::thread::sleep(Duration::from_secs(3));
        assert_eq!(running_pods(&up), pods, "pods after the restart");
        assert_eq!(
            up.containerd_containers(),
            containers,
            "containers after the restart"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&pid_file).unwrap(),
        containerd_pid,
        "containerd reused"
    );
    assert!(std::path::Path::new(&format!("/proc/{}", containerd_pid.trim())).exists());

    // Deletion stops the containers within the grace period and removes the sandboxes.
    ok_stdout(&up.rkd.kubectl(33, &["delete", "deployment", "web"]));
    wait_for("the pods deleted", Duration::from_secs(60), || {
        json(&up, &["get", "pods"])["items"]
            .as_array()
            .unwrap()
            .is_empty()
            .then_some(())
    });
    wait_for("containerd empty", Duration::from_secs(30), || {
        up.containerd_containers().is_empty().then_some(())
    });
    // The orphan sweep removes the pods' log directories (and any cgroup directory left).
    wait_for(
        "the log directories removed",
        Duration::from_secs(40),
        || (std::fs::read_dir(dir.join("pods")).unwrap().count() == 0).then_some(()),
    );

    up.rkd.stop();
    reset(&dir);
    assert_nothing_left(&dir, &bridge, "10.238.");
}
