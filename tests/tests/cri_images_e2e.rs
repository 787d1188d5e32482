//! Images through the whole path — `kubectl apply` → scheduler → agent → containerd — on `rkd up`
//! with a real containerd: a pod whose image lives only in a registry on loopback (Debian's
//! docker-registry, fed with skopeo) is pulled and runs, with kubelet's Pulling/Pulled events
//! and the image's digest in its status; a pod of a missing image waits in ErrImagePull and
//! ImagePullBackOff with kubelet's events. The node started with `--kube-reserved` and
//! `--system-reserved` reports allocatable = capacity − both − the eviction threshold. `rkd
//! reset` leaves nothing behind, even on failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cri_support;

use std::path::Path;
use std::time::Duration;

use cri_support::{Registry, Up, assert_nothing_left, reset};
use rk_e2e::{ok_stdout, wait_for};
use serde_json::{Value, json};

fn get(up: &Up, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["-o", "json"]);
    serde_json::from_str(&ok_stdout(&up.rkd.kubectl(33, &all))).unwrap()
}

/// (reason, type, message) of the events about pod `name`, oldest first.
fn events(up: &Up, name: &str) -> Vec<(String, String, String)> {
    get(up, &["get", "events"])["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["involvedObject"]["name"] == name)
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (s("reason"), s("type"), s("message"))
        })
        .collect()
}

fn pod(name: &str, image: &str) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name},
        "spec": {
            "terminationGracePeriodSeconds": 0,
            "containers": [{"name": "c", "image": image, "command": ["sleep", "3600"]}]
        }
    })
}

fn kib(q: &str) -> i64 {
    q.strip_suffix("Ki").unwrap().parse().unwrap()
}

#[test]
fn a_pod_runs_an_image_pulled_from_a_loopback_registry_and_a_missing_image_backs_off() {
    let registry = Registry::start();
    let busybox = std::fs::read(rk_kubelet::images::BUSYBOX_PATH).unwrap();
    let applets = rk_kubelet::images::applets(Path::new(rk_kubelet::images::BUSYBOX_PATH));
    let rootfs = rk_kubelet::images::busybox_rootfs(&busybox, &applets);
    let archive = rk_kubelet::images::oci_archive("rk/pulled:1", &rootfs, &["sh"]).unwrap();
    let image = registry.push(&archive, "rk/pulled:1");
    let missing = format!("127.0.0.1:{}/rk/missing:1", registry.port);

    let up = Up::start_with(
        "10.234.0.0/16",
        &[
            "--kube-reserved",
            "cpu=100m,memory=100Mi",
            "--system-reserved",
            "cpu=150m,memory=156Mi",
        ],
    );
    let dir = up.dir();
    let bridge = rk_kubelet::cni::bridge_name(&dir);
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        scenario(&up, &image, &missing);
    }));
    if let Err(e) = r {
        eprintln!("rkd log:\n{}", up.rkd.log());
        std::panic::resume_unwind(e);
    }
    let mut up = up;
    up.rkd.stop();
    reset(&dir);
    assert_nothing_left(&dir, &bridge, "10.234.");
}

fn scenario(up: &Up, image: &str, missing: &str) {
    let node = wait_for("a Ready node", Duration::from_secs(60), || {
        get(up, &["get", "nodes"])["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| {
                n["status"]["conditions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|c| c["type"] == "Ready" && c["status"] == "True")
            })
            .cloned()
    });
    // Allocatable = capacity − (kube-reserved + system-reserved) − memory.available<100Mi.
    let (cap, alloc) = (&node["status"]["capacity"], &node["status"]["allocatable"]);
    let cpus: i64 = cap["cpu"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        alloc["cpu"].as_str().unwrap(),
        format!("{}m", cpus * 1000 - 250)
    );
    assert_eq!(
        kib(alloc["memory"].as_str().unwrap()),
        kib(cap["memory"].as_str().unwrap()) - (256 + 100) * 1024
    );

    let manifest = up.dir().join("pods.json");
    let list = json!({"apiVersion": "v1", "kind": "List",
                      "items": [pod("pulled", image), pod("missing", missing)]});
    std::fs::write(&manifest, list.to_string()).unwrap();
    ok_stdout(
        &up.rkd
            .kubectl(33, &["apply", "-f", &manifest.to_string_lossy()]),
    );

    // The pulled image runs; its status names the image and its digest.
    let p = wait_for("the pulled pod Running", Duration::from_secs(60), || {
        let p = get(up, &["get", "pod", "pulled"]);
        (p["status"]["phase"] == "Running").then_some(p)
    });
    let c = &p["status"]["containerStatuses"][0];
    assert_eq!(c["image"], image, "{c}");
    assert!(c["imageID"].as_str().unwrap().contains("sha256:"), "{c}");
    assert!(c["state"]["running"].is_object(), "{c}");
    let ev = wait_for("the Pulled event", Duration::from_secs(20), || {
        let ev = events(up, "pulled");
        ev.iter().any(|e| e.0 == "Pulled").then_some(ev)
    });
    let pulling = format!("Pulling image {image:?}");
    assert!(
        ev.iter()
            .any(|e| e.0 == "Pulling" && e.1 == "Normal" && e.2 == pulling),
        "{ev:?}"
    );
    let pulled = format!("Successfully pulled image {image:?} in ");
    assert!(
        ev.iter()
            .any(|e| e.0 == "Pulled" && e.2.starts_with(&pulled)),
        "{ev:?}"
    );
    for reason in ["Scheduled", "Created", "Started"] {
        assert!(ev.iter().any(|e| e.0 == reason), "{reason}: {ev:?}");
    }
    let out = ok_stdout(
        &up.rkd
            .kubectl(33, &["exec", "pulled", "--", "cat", "/var/www/index.html"]),
    );
    assert_eq!(out, "hello from rk\n");

    // The missing image: ErrImagePull, then ImagePullBackOff, with kubelet's events.
    let mut seen = std::collections::BTreeSet::new();
    wait_for(
        "the missing pod in ErrImagePull and ImagePullBackOff",
        Duration::from_secs(60),
        || {
            let p = get(up, &["get", "pod", "missing"]);
            assert_eq!(p["status"]["phase"], "Pending", "{p}");
            let c = &p["status"]["containerStatuses"][0];
            if let Some(reason) = c["state"]["waiting"]["reason"].as_str() {
                seen.insert(reason.to_string());
                if reason == "ImagePullBackOff" {
                    assert_eq!(
                        c["state"]["waiting"]["message"],
                        format!("Back-off pulling image {missing:?}"),
                        "{c}"
                    );
                }
            }
            assert_eq!(c["ready"], false, "{c}");
            (seen.contains("ImagePullBackOff")).then_some(())
        },
    );
    let ev = wait_for("the back-off events", Duration::from_secs(20), || {
        let ev = events(up, "missing");
        ev.iter()
            .any(|e| e.2 == "Error: ImagePullBackOff")
            .then_some(ev)
    });
    let failed = format!("Failed to pull image {missing:?}: ");
    assert!(
        ev.iter()
            .any(|e| e.0 == "Failed" && e.1 == "Warning" && e.2.starts_with(&failed)),
        "{ev:?}"
    );
    assert!(
        ev.iter()
            .any(|e| e.0 == "Failed" && e.2 == "Error: ErrImagePull"),
        "{ev:?}"
    );
    let backoff = format!("Back-off pulling image {missing:?}");
    assert!(
        ev.iter().any(|e| e.0 == "BackOff" && e.2 == backoff),
        "{ev:?}"
    );
    assert!(
        ev.iter().all(|e| e.0 != "Started" && e.0 != "Created"),
        "{ev:?}"
    );

    ok_stdout(
        &up.rkd
            .kubectl(33, &["delete", "pod", "pulled", "missing", "--wait=true"]),
    );
}
