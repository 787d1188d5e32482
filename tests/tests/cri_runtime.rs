//! The containerd runtime at the level of rk's `Runtime` trait, against a real containerd that
//! the test starts as the agent does (managed under its own data dir, its own bridge and pod
//! range), cleaned up by `rkd reset` even on failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cri_support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use cri_support::{ResetGuard, assert_nothing_left, reset};
use rk_kubelet::cni::Network;
use rk_kubelet::runtime::cri::CriRuntime;
use rk_kubelet::runtime::{
    ContainerConfig, ContainerState, ContainerStatus, Error, Resources, Runtime, SandboxConfig,
};

/// A managed containerd in a fresh data dir with the built-in images and a pod range.
async fn node(dir: &Path, cidr: &str) -> CriRuntime {
    let m = rk_kubelet::containerd::ensure(dir).await.unwrap();
    assert!(m.started);
    let rt = CriRuntime::connect(&m.paths.socket)
        .await
        .unwrap()
        .with_registry_hosts(m.paths.registry_hosts.clone())
        .with_cgroup_root(&format!("/{}", m.network.bridge))
        .with_network(m.network);
    rk_kubelet::agent::import_images(&rt, dir).await.unwrap();
    rt.update_pod_cidr(cidr);
    let deadline = Instant::now() + Duration::from_secs(20);
    while rt.ready().await.unwrap() != (true, true) {
        assert!(
            Instant::now() < deadline,
            "containerd's network never became ready"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    rt
}

fn sandbox(uid: &str, log_dir: &Path) -> SandboxConfig {
    SandboxConfig {
        name: format!("pod-{uid}"),
        namespace: "default".into(),
        uid: uid.into(),
        hostname: format!("pod-{uid}"),
        log_directory: log_dir.display().to_string(),
        cgroup_parent: format!("/rkpods/pod{uid}"),
        ..SandboxConfig::default()
    }
}

fn container(name: &str, script: &str) -> ContainerConfig {
    ContainerConfig {
        name: name.into(),
        image: "localhost/rk/busybox:1".into(),
        command: vec!["sh".into(), "-c".into(), script.into()],
        log_path: format!("{name}/0.log"),
        ..ContainerConfig::default()
    }
}

async fn wait_exited(rt: &CriRuntime, id: &str) -> ContainerStatus {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let all = rt.list_containers().await.unwrap();
        if let Some(c) = all
            .iter()
            .find(|c| c.id == id && c.state == ContainerState::Exited)
        {
            return c.clone();
        }
        assert!(Instant::now() < deadline, "container {id} never exited");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn containers_exit_with_their_code_are_oom_killed_at_their_limit_exec_and_log() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("agent");
    let _guard = ResetGuard { dir: dir.clone() };
    let rt = node(&dir, "10.239.71.0/24").await;
    assert!(
        rt.version().starts_with("containerd://1.6"),
        "{}",
        rt.version()
    );

    let logs = dir.join("pods").join("default_pod-u1_u1");
    let sb = sandbox("u1", &logs);
    let sid = rt.run_pod_sandbox(&sb).await.unwrap();
    assert!(logs.is_dir(), "the log directory is created");
    let sandboxes = rt.list_pod_sandboxes().await.unwrap();
    let s = sandboxes.iter().find(|s| s.id == sid).unwrap();
    assert_eq!(s.uid, "u1");
    assert!(
        s.ip.as_deref()
            .is_some_and(|ip| ip.starts_with("10.239.71.")),
        "{s:?}"
    );

    // Exit code and a CRI log line.
    let exit = rt
        .create_container(&sid, &container("exit", "echo hello; exit 3"), &sb)
        .await
        .unwrap();
    rt.start_container(&exit).await.unwrap();
    let c = wait_exited(&rt, &exit).await;
    assert_eq!(c.exit_code, 3);
    assert!(
        c.started_at > 1_600_000_000 && c.finished_at >= c.started_at,
        "{c:?}"
    );
    let log = std::fs::read_to_string(logs.join("exit/0.log")).unwrap();
    let line = log.lines().next().unwrap();
    let parts: Vec<&str> = line.splitn(4, ' ').collect();
    assert_eq!(&parts[1..], ["stdout", "F", "hello"], "{line}");

    // A memory limit is enforced and reported as OOMKilled.
    let mut oom = container("oom", "dd if=/dev/zero of=/dev/null bs=256M count=1");
    oom.resources = Resources {
        memory_limit_bytes: 32 << 20,
        ..Resources::default()
    };
    let oom = rt.create_container(&sid, &oom, &sb).await.unwrap();
    rt.start_container(&oom).await.unwrap();
    let mut c = wait_exited(&rt, &oom).await;
    // containerd learns of the OOM kill from an event that can follow the exit's: the reason
    // may read "Error" for a moment before it reads "OOMKilled" (the runtime asks again).
    let deadline = Instant::now() + Duration::from_secs(10);
    while c.reason != "OOMKilled" && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        c = wait_exited(&rt, &oom).await;
    }
    assert_eq!(
        (c.reason.as_str(), c.exit_code),
        ("OOMKilled", 137),
        "{c:?}"
    );

    // exec_sync in a running container; a command past its timeout is an error; stats.
    let web = rt
        .create_container(&sid, &container("web", "sleep 3600"), &sb)
        .await
        .unwrap();
    rt.start_container(&web).await.unwrap();
    let r = rt
        .exec_sync(
            &web,
            &[
                "sh".into(),
                "-c".into(),
                "echo out; echo err >&2; exit 4".into(),
            ],
            Duration::from_secs(10),
        )
        .await
        .unwrap();
    assert_eq!(
        (r.exit_code, r.stdout.as_slice(), r.stderr.as_slice()),
        (4, &b"out\n"[..], &b"err\n"[..])
    );
    let slow = rt
        .exec_sync(&web, &["sleep".into(), "30".into()], Duration::from_secs(1))
        .await;
    assert!(matches!(slow, Err(Error::Call { .. })), "{slow:?}");
    let stats = rt.container_stats().await.unwrap();
    let st = stats
        .iter()
        .find(|s| s.container_id == web)
        .expect("stats of the running container");
    assert!(
        st.memory_working_set_bytes > 0 && st.timestamp_ns > 0,
        "{st:?}"
    );
    let url = rt
        .exec_url(&rk_kubelet::runtime::StreamRequest {
            container_id: web.clone(),
            cmd: vec!["true".into()],
            stdout: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    // Teardown removes the pod's cgroup directory in every hierarchy.
    rt.stop_container(&web, Duration::from_secs(1))
        .await
        .unwrap();
    for id in [&exit, &oom, &web] {
        rt.remove_container(id).await.unwrap();
    }
    rt.stop_pod_sandbox(&sid).await.unwrap();
    rt.remove_pod_sandbox(&sid).await.unwrap();
    let bridge = Network::for_data_dir(&dir).bridge;
    for m in rk_kubelet::runtime::cri::cgroup_mounts() {
        let p = m.join(&bridge).join("rkpods").join("podu1");
        assert!(!p.exists(), "{} is left", p.display());
    }
    assert!(rt.list_pod_sandboxes().await.unwrap().is_empty());

    reset(&dir);
    assert_nothing_left(&dir, &bridge, "10.239.71.");
}

/// A free loopback port (bound, then released for the registry).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Debian's docker-registry on 127.0.0.1, killed on drop.
struct Registry(std::process::Child);

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn images_are_imported_and_pulled_from_a_loopback_registry_and_a_missing_one_fails_to_pull() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("agent");
    let _guard = ResetGuard { dir: dir.clone() };
    let rt = node(&dir, "10.239.72.0/24").await;
    for image in [
        rk_kubelet::images::PAUSE_IMAGE,
        rk_kubelet::images::BUSYBOX_IMAGE,
    ] {
        assert!(
            rt.image_status(image).await.unwrap().is_some(),
            "{image} imported"
        );
    }
    // An archive imported through the runtime answers its reference.
    let rootfs = rk_kubelet::images::busybox_rootfs(b"#!/bin/sh\n", &[]);
    let archive =
        rk_kubelet::images::oci_archive("localhost/rk/imported:7", &rootfs, &["sh"]).unwrap();
    assert_eq!(
        rt.import_images(&archive).await.unwrap(),
        vec!["localhost/rk/imported:7"]
    );

    // A registry on loopback, fed with skopeo.
    let port = free_port();
    let config = tmp.path().join("registry.yml");
    std::fs::write(
        &config,
        format!(
            "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: 127.0.0.1:{port}\n",
            tmp.path().join("registry").display()
        ),
    )
    .unwrap();
    let log = std::fs::File::create(tmp.path().join("registry.log")).unwrap();
    let _registry = Registry(
        Command::new("docker-registry")
            .arg("serve")
            .arg(&config)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("docker-registry (Debian package docker-registry)"),
    );
    rk_e2e::wait_for("the registry", Duration::from_secs(20), || {
        std::net::TcpStream::connect(("127.0.0.1", port)).ok()
    });
    let oci = tmp.path().join("sample.tar");
    std::fs::write(
        &oci,
        rk_kubelet::images::oci_archive("localhost/rk/sample:1", &rootfs, &["sh"]).unwrap(),
    )
    .unwrap();
    let out = Command::new("skopeo")
        .args(["--insecure-policy", "copy", "--dest-tls-verify=false"])
        .arg(format!("oci-archive:{}", oci.display()))
        .arg(format!("docker://127.0.0.1:{port}/rk/sample:1"))
        .output()
        .expect("skopeo (Debian package skopeo)");
    assert!(
        out.status.success(),
        "skopeo: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let image = format!("127.0.0.1:{port}/rk/sample:1");
    assert_eq!(rt.image_status(&image).await.unwrap(), None);
    let reference = rt.pull_image(&image).await.unwrap();
    assert!(reference.starts_with("sha256:"), "{reference}");
    assert!(rt.image_status(&image).await.unwrap().is_some());
    let missing = rt
        .pull_image(&format!("127.0.0.1:{port}/rk/missing:1"))
        .await;
    assert!(
        matches!(missing, Err(Error::ImagePull { .. })),
        "{missing:?}"
    );

    reset(&dir);
    assert_nothing_left(&dir, &Network::for_data_dir(&dir).bridge, "10.239.72.");
}
