//! Helpers shared by the controller manager's end-to-end tests: a `rkd controller-manager`
//! process, a kube client, waiting, and playing the node (pod statuses, node heartbeats).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use futures::StreamExt;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Namespace, Pod};
use kube::api::{Api, Patch, PatchParams, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::runtime::watcher;
use kube::{Client, Config};
use rk_e2e::{Rkd, rkd_bin};
use serde_json::json;

pub struct ControllerManager {
    child: Child,
    log: std::path::PathBuf,
}

impl ControllerManager {
    pub fn start(rkd: &Rkd, n: usize, extra: &[&str]) -> ControllerManager {
        let log = rkd.dir.path().join(format!("controller-manager-{n}.log"));
        let file = std::fs::File::create(&log).unwrap();
        let child = Command::new(rkd_bin())
            .arg("controller-manager")
            .arg("--kubeconfig")
            .arg(rkd.kubeconfig())
            .args([
                "--resync-period",
                "5s",
                "--leader-elect-lease-duration",
                "3s",
                "--leader-elect-renew-deadline",
                "2s",
                "--leader-elect-retry-period",
                "500ms",
            ])
            .args(extra)
            .env("RUST_LOG", "info,rk_controllers=debug")
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .expect("spawn rkd controller-manager");
        ControllerManager { child, log }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn stop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ControllerManager {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            eprintln!("--- controller manager log ---\n{}", self.log());
        }
    }
}

pub async fn client(rkd: &Rkd) -> Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let kubeconfig = Kubeconfig::read_from(rkd.kubeconfig()).unwrap();
    let config = Config::from_custom_kubeconfig(kubeconfig, &KubeConfigOptions::default())
        .await
        .unwrap();
    Client::try_from(config).unwrap()
}

pub async fn create_namespace(c: &Client, name: &str) {
    let ns: Namespace = serde_json::from_value(json!({"metadata": {"name": name}})).unwrap();
    Api::<Namespace>::all(c.clone())
        .create(&PostParams::default(), &ns)
        .await
        .unwrap();
}

/// Polls `f` until it returns `Some`, panicking with `what` after `secs` seconds.
pub async fn wait_for<T, F, Fut>(secs: u64, what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Plays the node for a namespace: every pod without `test/never-ready` becomes Running and
/// Ready. Stops when the returned handle is aborted.
pub fn play_node(c: &Client, ns: &str) -> tokio::task::JoinHandle<()> {
    play_node_with(c, ns, |p| {
        let ready = p
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .is_some_and(|c| c.iter().any(|c| c.type_ == "Ready"));
        let never = p
            .metadata
            .annotations
            .as_ref()
            .is_some_and(|a| a.contains_key("test/never-ready"));
        if ready || never {
            return None;
        }
        let now = jiff_now();
        Some(json!({"status": {"phase": "Running", "podIP": "10.42.0.9",
            "conditions": [
                {"type": "PodScheduled", "status": "True", "lastTransitionTime": now},
                {"type": "Initialized", "status": "True", "lastTransitionTime": now},
                {"type": "ContainersReady", "status": "True", "lastTransitionTime": now},
                {"type": "Ready", "status": "True", "lastTransitionTime": now}]}}))
    })
}

/// Plays the node with `status_of`: the status patch (if any) each new or changed pod gets.
pub fn play_node_with(
    c: &Client,
    ns: &str,
    status_of: fn(&Pod) -> Option<serde_json::Value>,
) -> tokio::task::JoinHandle<()> {
    let api: Api<Pod> = Api::namespaced(c.clone(), ns);
    let limit = std::sync::Arc::new(tokio::sync::Semaphore::new(64));
    tokio::spawn(async move {
        let mut stream = std::pin::pin!(watcher(api.clone(), watcher::Config::default()));
        while let Some(ev) = stream.next().await {
            let p = match ev {
                Ok(watcher::Event::Apply(p) | watcher::Event::InitApply(p)) => p,
                _ => continue,
            };
            if p.metadata.deletion_timestamp.is_some() {
                continue;
            }
            // Each status write on its own task (at most 64 at once), as many kubelets would.
            if let Some(status) = status_of(&p) {
                let name = p.metadata.name.clone().unwrap();
                let api = api.clone();
                let permit = limit.clone().acquire_owned().await.unwrap();
                tokio::spawn(async move {
                    let _ = api
                        .patch_status(&name, &PatchParams::default(), &Patch::Merge(&status))
                        .await;
                    drop(permit);
                });
            }
        }
    })
}

pub fn jiff_now() -> String {
    let out = Command::new("date")
        .args(["-u", "+%Y-%m-%dT%H:%M:%SZ"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

pub fn owned_by(p: &Pod, uid: &str) -> bool {
    p.metadata
        .owner_references
        .iter()
        .flatten()
        .any(|r| r.uid == uid && r.controller == Some(true))
}

pub fn deployment(
    name: &str,
    replicas: i32,
    image: &str,
    extra_spec: serde_json::Value,
) -> Deployment {
    let mut d = json!({
        "metadata": {"name": name},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                 "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 1}},
                 "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": "c", "image": image}]}}}
    });
    for (k, v) in extra_spec.as_object().unwrap() {
        d["spec"][k] = v.clone();
    }
    serde_json::from_value(d).unwrap()
}

pub async fn node_ready(c: &Client, name: &str) {
    let now = jiff_now();
    let node: k8s_openapi::api::core::v1::Node = serde_json::from_value(json!({"metadata": {"name": name},
        "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "kubelet is posting ready status",
                                   "lastHeartbeatTime": now, "lastTransitionTime": now}]}})).unwrap();
    Api::<k8s_openapi::api::core::v1::Node>::all(c.clone())
        .create(&PostParams::default(), &node)
        .await
        .unwrap();
}

/// Renews the node's Lease in kube-node-lease every 300 ms until aborted.
pub fn heartbeat(c: &Client, name: &str) -> tokio::task::JoinHandle<()> {
    let leases: Api<k8s_openapi::api::coordination::v1::Lease> =
        Api::namespaced(c.clone(), "kube-node-lease");
    let name = name.to_string();
    tokio::spawn(async move {
        loop {
            let now = jiff_now_micro();
            let lease = json!({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": name},
                "spec": {"holderIdentity": name, "leaseDurationSeconds": 40, "renewTime": now}});
            if leases.get_opt(&name).await.ok().flatten().is_none() {
                let l: k8s_openapi::api::coordination::v1::Lease =
                    serde_json::from_value(lease).unwrap();
                let _ = leases.create(&PostParams::default(), &l).await;
            } else {
                let _ = leases
                    .patch(
                        &name,
                        &PatchParams::default(),
                        &Patch::Merge(json!({"spec": {"renewTime": now}})),
                    )
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    })
}

pub fn jiff_now_micro() -> String {
    let out = Command::new("date")
        .args(["-u", "+%Y-%m-%dT%H:%M:%S.%6NZ"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Sets the first container's image of a Deployment's template (get + replace, retried when
/// the controller wrote the object in between).
pub async fn set_deployment_image(deps: &Api<Deployment>, name: &str, image: &str) {
    for _ in 0..20 {
        let mut d = deps.get(name).await.unwrap();
        d.spec
            .as_mut()
            .unwrap()
            .template
            .spec
            .as_mut()
            .unwrap()
            .containers[0]
            .image = Some(image.into());
        match deps.replace(name, &PostParams::default(), &d).await {
            Ok(_) => return,
            Err(kube::Error::Api(s)) if s.code == 409 => continue,
            Err(e) => panic!("replacing deployment {name}: {e}"),
        }
    }
    panic!("deployment {name} kept changing");
}
