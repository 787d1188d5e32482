//! What `make up` runs, on a fresh data dir: `rkd up --data-dir DIR` with every other flag at
//! its default (API server on 127.0.0.1:6443, the agent's endpoint on 10250, cluster CIDR
//! 10.42.0.0/16, the host's name as node name, a managed containerd) reaches a Ready node and runs
//! the README's sample deployment (`kubectl create deployment web --image=localhost/rk/busybox:1
//! -- httpd …`), whose pod answers on its pod IP (traffic leaving the pod range masqueraded by
//! the agent's nftables table); `rkd reset --data-dir DIR` then leaves no
//! container, shim, netns, mount, cgroup directory, bridge, nat/nft rule or file behind.
//! The default ports must be free on the machine (nothing else in the suite uses them).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cri_support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use cri_support::{assert_nothing_left, reset};
use rk_e2e::{kubectl_bin, ok_stdout, rkd_bin, wait_for};
use serde_json::Value;

/// `rkd up --data-dir DIR` (no other flag); SIGTERM and `rkd reset` on drop.
struct MakeUp {
    dir: PathBuf,
    _tmp: tempfile::TempDir,
    child: Option<Child>,
}

impl MakeUp {
    fn start() -> MakeUp {
        for port in [6443, 10250] {
            assert!(
                std::net::TcpListener::bind(("127.0.0.1", port)).is_ok(),
                "port {port} is taken: this test runs `rkd up` with its default ports"
            );
        }
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("rk");
        let log = std::fs::File::create(tmp.path().join("rkd.log")).unwrap();
        let child = Command::new(rkd_bin())
            .arg("up")
            .arg("--data-dir")
            .arg(&dir)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        MakeUp {
            dir,
            _tmp: tmp,
            child: Some(child),
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.with_file_name("rkd.log")).unwrap_or_default()
    }

    /// kubectl 1.33 with the README's `KUBECONFIG=DIR/admin.kubeconfig`.
    fn kubectl(&self, args: &[&str]) -> std::process::Output {
        let home = self.dir.with_file_name("home");
        std::fs::create_dir_all(&home).unwrap();
        Command::new(kubectl_bin(33))
            .env("HOME", &home)
            .env("KUBECONFIG", self.dir.join("admin.kubeconfig"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["-o", "json"]);
        serde_json::from_str(&ok_stdout(&self.kubectl(&all))).unwrap()
    }

    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = Command::new("kill").arg(c.id().to_string()).status();
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            while c.try_wait().ok().flatten().is_none() && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for MakeUp {
    fn drop(&mut self) {
        self.stop();
        if self.dir.exists() {
            let _ = Command::new(rkd_bin())
                .args(["reset", "--data-dir"])
                .arg(&self.dir)
                .output();
        }
    }
}

#[test]
fn rkd_up_with_default_flags_runs_the_readme_deployment_and_reset_leaves_nothing() {
    let mut up = MakeUp::start();
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| scenario(&up)));
    if let Err(e) = r {
        eprintln!("rkd log:\n{}", up.log());
        std::panic::resume_unwind(e);
    }
    let dir = up.dir.clone();
    let bridge = rk_kubelet::cni::bridge_name(&dir);
    up.stop();
    reset(&dir);
    assert_nothing_left(&dir, &bridge, "10.42.");
    assert!(!Path::new(&dir).exists());
}

fn scenario(up: &MakeUp) {
    wait_for("admin.kubeconfig", Duration::from_secs(30), || {
        up.dir.join("admin.kubeconfig").exists().then_some(())
    });
    let kubeconfig = std::fs::read_to_string(up.dir.join("admin.kubeconfig")).unwrap();
    assert!(
        kubeconfig.contains("server: https://127.0.0.1:6443"),
        "{kubeconfig}"
    );
    let node = wait_for(
        "a Ready node with its pod CIDR",
        Duration::from_secs(60),
        || {
            up.json(&["get", "nodes"])["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|n| {
                    n["spec"]["podCIDR"].is_string()
                        && n["status"]["conditions"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .any(|c| c["type"] == "Ready" && c["status"] == "True")
                })
                .cloned()
        },
    );
    assert_eq!(node["metadata"]["name"], rk_kubelet::agent::host_name());
    assert_eq!(
        node["status"]["daemonEndpoints"]["kubeletEndpoint"]["Port"],
        10250
    );
    let addresses = node["status"]["addresses"].as_array().unwrap();
    assert!(
        addresses
            .iter()
            .any(|a| a["type"] == "InternalIP" && a["address"] == "127.0.0.1"),
        "{addresses:?}"
    );
    assert!(
        node["spec"]["podCIDR"]
            .as_str()
            .unwrap()
            .starts_with("10.42."),
        "{node}"
    );

    // Pod traffic leaving the pod range is masqueraded by the agent's own nftables table.
    let cidr = node["spec"]["podCIDR"].as_str().unwrap().to_string();
    let bridge = rk_kubelet::cni::bridge_name(&up.dir);
    wait_for("the masquerade table", Duration::from_secs(20), || {
        let out = Command::new("nft")
            .args(["list", "table", "ip", &bridge])
            .output()
            .ok()?;
        String::from_utf8_lossy(&out.stdout)
            .contains(&format!("ip saddr {cidr} ip daddr != {cidr} masquerade"))
            .then_some(())
    });

    // The README's sample, word for word.
    ok_stdout(&up.kubectl(&[
        "create",
        "deployment",
        "web",
        "--image=localhost/rk/busybox:1",
        "--",
        "httpd",
        "-f",
        "-p",
        "8080",
        "-h",
        "/var/www",
    ]));
    let ip = wait_for("the web pod Running", Duration::from_secs(60), || {
        up.json(&["get", "pods", "-l", "app=web"])["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["status"]["phase"] == "Running")
            .and_then(|p| p["status"]["podIP"].as_str().map(str::to_string))
    });
    assert!(ip.starts_with("10.42."), "{ip}");
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
    let rollout = ok_stdout(&up.kubectl(&["rollout", "status", "deployment/web", "--timeout=60s"]));
    assert!(rollout.contains("successfully rolled out"), "{rollout}");
}
