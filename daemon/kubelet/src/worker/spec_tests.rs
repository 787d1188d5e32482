//! The pod worker with what a pod spec asks for: images by pull policy, env and config errors,
//! volumes, probes and hooks — over the simulated runtime wrapped so that images, exec and
//! readiness can be scripted, with a fake API and tokio's clock paused.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::sync::Mutex;

use serde_json::json;

use super::*;
use crate::runtime::sim::SimRuntime;
use crate::runtime::{ContainerConfig, ExecResult, SandboxConfig};
use crate::test_support::FakeApi;

/// The simulated runtime with scripted images and exec; readiness is left to the probes.
struct Scripted {
    sim: SimRuntime,
    missing: Mutex<HashSet<String>>,
    pull_fails: Mutex<bool>,
    exec_exit: Mutex<i32>,
    execs: Mutex<Vec<Vec<String>>>,
    configs: Mutex<Vec<ContainerConfig>>,
    /// One sandbox at a time; the permits left, seen by each call: (call, available).
    permits: Arc<tokio::sync::Semaphore>,
    seen_permits: Mutex<Vec<(&'static str, usize)>>,
}

impl Runtime for Scripted {
    fn type_name(&self) -> &'static str {
        "sim"
    }
    fn version(&self) -> String {
        self.sim.version()
    }
    fn update_pod_cidr(&self, cidr: &str) {
        self.sim.update_pod_cidr(cidr);
    }
    async fn start_permit(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.permits.clone().acquire_owned().await.ok()
    }
    async fn run_pod_sandbox(&self, c: &SandboxConfig) -> runtime::Result<String> {
        let left = self.permits.available_permits();
        self.seen_permits.lock().unwrap().push(("sandbox", left));
        self.sim.run_pod_sandbox(c).await
    }
    async fn stop_pod_sandbox(&self, id: &str) -> runtime::Result<()> {
        self.sim.stop_pod_sandbox(id).await
    }
    async fn remove_pod_sandbox(&self, id: &str) -> runtime::Result<()> {
        self.sim.remove_pod_sandbox(id).await
    }
    async fn list_pod_sandboxes(&self) -> runtime::Result<Vec<SandboxStatus>> {
        self.sim.list_pod_sandboxes().await
    }
    async fn create_container(
        &self,
        s: &str,
        c: &ContainerConfig,
        sb: &SandboxConfig,
    ) -> runtime::Result<String> {
        self.configs.lock().unwrap().push(c.clone());
        let left = self.permits.available_permits();
        self.seen_permits.lock().unwrap().push(("create", left));
        self.sim.create_container(s, c, sb).await
    }
    async fn start_container(&self, id: &str) -> runtime::Result<()> {
        self.sim.start_container(id).await
    }
    async fn stop_container(&self, id: &str, t: Duration) -> runtime::Result<()> {
        self.sim.stop_container(id, t).await
    }
    async fn remove_container(&self, id: &str) -> runtime::Result<()> {
        self.sim.remove_container(id).await
    }
    async fn list_containers(&self) -> runtime::Result<Vec<ContainerStatus>> {
        self.sim.list_containers().await
    }
    async fn image_status(&self, image: &str) -> runtime::Result<Option<String>> {
        Ok((!self.missing.lock().unwrap().contains(image)).then(|| format!("{image}@sha256:0")))
    }
    async fn pull_image(&self, image: &str) -> runtime::Result<String> {
        if *self.pull_fails.lock().unwrap() {
            return Err(runtime::Error::ImagePull {
                image: image.into(),
                message: "not found".into(),
            });
        }
        self.missing.lock().unwrap().remove(image);
        Ok(image.into())
    }
    async fn exec_sync(
        &self,
        _id: &str,
        cmd: &[String],
        _t: Duration,
    ) -> runtime::Result<ExecResult> {
        self.execs.lock().unwrap().push(cmd.to_vec());
        let code = *self.exec_exit.lock().unwrap();
        Ok(ExecResult {
            exit_code: code,
            stdout: if code == 0 {
                vec![]
            } else {
                b"unhealthy\n".to_vec()
            },
            stderr: vec![],
        })
    }
}

type Ctx = Arc<NodeContext<Scripted, FakeApi>>;

fn context(pod_root: Option<std::path::PathBuf>) -> Ctx {
    let clock = Clock::new();
    let rt = Scripted {
        sim: SimRuntime::new(Duration::from_secs(1), "10.99.0.0/24", clock),
        missing: Mutex::default(),
        pull_fails: Mutex::new(false),
        exec_exit: Mutex::new(0),
        execs: Mutex::default(),
        configs: Mutex::default(),
        permits: Arc::new(tokio::sync::Semaphore::new(1)),
        seen_permits: Mutex::default(),
    };
    let mut ctx = NodeContext::new(rt, FakeApi::default(), "n1", "172.16.0.1", clock);
    ctx.pod_root = pod_root;
    ctx.cluster_ca = "CA".into();
    Arc::new(ctx)
}

fn pod(container: Value, extra_spec: Value) -> Arc<Pod> {
    let mut spec = json!({"restartPolicy": "Always", "containers": [container]});
    if let (Some(s), Some(e)) = (spec.as_object_mut(), extra_spec.as_object()) {
        s.extend(e.clone());
    }
    Arc::new(
        Pod::from_json(
            &json!({"metadata": {"name": "p", "namespace": "ns", "uid": "u1"}, "spec": spec}),
        )
        .unwrap(),
    )
}

fn last_status(ctx: &Ctx) -> Value {
    ctx.api
        .writes_to("/api/v1/namespaces/ns/pods/p/status")
        .last()
        .unwrap()
        .1
        .clone()
}

fn events(ctx: &Ctx) -> Vec<(String, String)> {
    ctx.api
        .writes_to("/api/v1/namespaces/ns/events")
        .into_iter()
        .filter(|(m, _)| m == "POST")
        .map(|(_, e)| {
            (
                e["reason"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn ready(s: &Value) -> &str {
    s["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "Ready")
        .unwrap()["status"]
        .as_str()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn the_runtimes_permit_is_held_for_run_pod_sandbox_only() {
    let ctx = context(None);
    let mut w = PodWorker::new(
        ctx.clone(),
        pod(json!({"name": "c", "image": "busybox"}), json!({})),
        None,
    );
    w.sync().await.unwrap();
    assert_eq!(
        *ctx.runtime.seen_permits.lock().unwrap(),
        vec![("sandbox", 0), ("create", 1)]
    );
    assert_eq!(ctx.runtime.permits.available_permits(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_failed_pull_waits_in_err_image_pull_then_backs_off() {
    let ctx = context(None);
    *ctx.runtime.pull_fails.lock().unwrap() = true;
    let mut w = PodWorker::new(
        ctx.clone(),
        pod(json!({"name": "c", "image": "nope:latest"}), json!({})),
        None,
    );
    let Next::Wait(Some(at)) = w.sync().await.unwrap() else {
        panic!("a back-off")
    };
    let s = last_status(&ctx);
    assert_eq!(
        s["containerStatuses"][0]["state"]["waiting"]["reason"],
        "ErrImagePull"
    );
    assert_eq!(s["phase"], "Pending");
    w.sync().await.unwrap();
    assert_eq!(
        last_status(&ctx)["containerStatuses"][0]["state"]["waiting"]["reason"],
        "ImagePullBackOff"
    );
    assert_eq!(
        last_status(&ctx)["containerStatuses"][0]["state"]["waiting"]["message"],
        "Back-off pulling image \"nope:latest\""
    );
    *ctx.runtime.pull_fails.lock().unwrap() = false;
    tokio::time::sleep_until(at).await;
    w.sync().await.unwrap();
    assert!(last_status(&ctx)["containerStatuses"][0]["state"]["running"].is_object());
    let reasons: Vec<String> = events(&ctx).into_iter().map(|(r, _)| r).collect();
    assert_eq!(
        reasons,
        [
            "Pulling", "Failed", "Failed", "BackOff", "Failed", "Pulled", "Created", "Started"
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn pull_policy_never_without_the_image_is_err_image_never_pull() {
    let ctx = context(None);
    ctx.runtime.missing.lock().unwrap().insert("local:1".into());
    let mut w = PodWorker::new(
        ctx.clone(),
        pod(
            json!({"name": "c", "image": "local:1", "imagePullPolicy": "Never"}),
            json!({}),
        ),
        None,
    );
    w.sync().await.unwrap();
    let waiting = &last_status(&ctx)["containerStatuses"][0]["state"]["waiting"];
    assert_eq!(waiting["reason"], "ErrImageNeverPull");
    assert_eq!(
        waiting["message"],
        "Container image \"local:1\" is not present with pull policy of Never"
    );
}

#[tokio::test(start_paused = true)]
async fn env_resources_and_security_reach_the_runtime_and_a_missing_configmap_is_a_config_error() {
    let ctx = context(None);
    let c = json!({"name": "c", "image": "busybox:1.36", "command": ["echo", "$(GREETING)"],
        "env": [{"name": "GREETING", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "hello"}}}],
        "resources": {"limits": {"cpu": "500m", "memory": "64Mi"}},
        "securityContext": {"runAsUser": 1000}});
    let mut w = PodWorker::new(ctx.clone(), pod(c, json!({})), None);
    w.sync().await.unwrap();
    let waiting = &last_status(&ctx)["containerStatuses"][0]["state"]["waiting"];
    assert_eq!(waiting["reason"], "CreateContainerConfigError");
    assert_eq!(waiting["message"], "configmap \"cm\" not found");
    ctx.api.put(
        "/api/v1/namespaces/ns/configmaps/cm",
        json!({"data": {"hello": "hi"}}),
    );
    tokio::time::advance(Duration::from_secs(6)).await;
    w.sync().await.unwrap();
    let configs = ctx.runtime.configs.lock().unwrap().clone();
    let cfg = configs.last().unwrap();
    assert_eq!(cfg.command, ["echo", "hi"]);
    assert_eq!(cfg.envs, [("GREETING".to_string(), "hi".to_string())]);
    assert_eq!(
        (cfg.resources.cpu_quota, cfg.resources.memory_limit_bytes),
        (50_000, 64 << 20)
    );
    assert_eq!(cfg.security.run_as_user, Some(1000));
}

#[tokio::test(start_paused = true)]
async fn readiness_probes_gate_ready_and_a_failing_liveness_probe_restarts_the_container() {
    let ctx = context(None);
    let c = json!({"name": "c", "image": "busybox:1.36",
        "readinessProbe": {"exec": {"command": ["ready"]}, "periodSeconds": 1},
        "livenessProbe": {"exec": {"command": ["alive"]}, "periodSeconds": 1, "failureThreshold": 2}});
    let mut w = PodWorker::new(ctx.clone(), pod(c, json!({})), None);
    w.sync().await.unwrap();
    assert_eq!(
        ready(&last_status(&ctx)),
        "False",
        "not ready before the first readiness probe"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    w.sync().await.unwrap();
    assert_eq!(ready(&last_status(&ctx)), "True");

    *ctx.runtime.exec_exit.lock().unwrap() = 1;
    tokio::time::sleep(Duration::from_secs(3)).await;
    w.sync().await.unwrap();
    let s = last_status(&ctx);
    let cs = &s["containerStatuses"][0];
    assert_eq!(cs["restartCount"], 1);
    assert!(cs["lastState"]["terminated"].is_object());
    let ev = events(&ctx);
    assert!(
        ev.contains(&(
            "Killing".into(),
            "Container c failed liveness probe, will be restarted".into()
        )),
        "{ev:?}"
    );
    assert!(
        ev.contains(&(
            "Unhealthy".into(),
            "Liveness probe failed: unhealthy\n".into()
        )),
        "{ev:?}"
    );
    assert!(
        ev.contains(&(
            "Unhealthy".into(),
            "Readiness probe failed: unhealthy\n".into()
        )),
        "{ev:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_failing_post_start_hook_kills_the_container() {
    let ctx = context(None);
    *ctx.runtime.exec_exit.lock().unwrap() = 1;
    let c = json!({"name": "c", "image": "busybox:1.36", "lifecycle": {"postStart": {"exec": {"command": ["hook"]}}}});
    let mut w = PodWorker::new(ctx.clone(), pod(c, json!({})), None);
    w.sync().await.unwrap();
    let reasons: Vec<String> = events(&ctx).into_iter().map(|(r, _)| r).collect();
    assert!(
        reasons.ends_with(&[
            "Started".into(),
            "FailedPostStartHook".into(),
            "Killing".into()
        ]),
        "{reasons:?}"
    );
    let containers = ctx.runtime.list_containers().await.unwrap();
    assert_eq!(containers[0].state, ContainerState::Exited);
}

#[tokio::test(start_paused = true)]
async fn the_pre_stop_hook_runs_before_the_container_is_stopped_on_delete() {
    let ctx = context(None);
    let c = json!({"name": "c", "image": "busybox:1.36", "lifecycle": {"preStop": {"exec": {"command": ["drain"]}}}});
    let p = pod(c, json!({"terminationGracePeriodSeconds": 5}));
    let mut w = PodWorker::new(ctx.clone(), p.clone(), None);
    w.sync().await.unwrap();
    let mut deleting = (*p).clone();
    deleting.deletion_grace_seconds = Some(5);
    w.pod = Arc::new(deleting);
    assert_eq!(w.sync().await.unwrap(), Next::Finished);
    assert_eq!(
        ctx.runtime.execs.lock().unwrap().as_slice(),
        [vec!["drain".to_string()]]
    );
    assert!(events(&ctx).contains(&("Killing".into(), "Stopping container c".into())));
    assert_eq!(ctx.runtime.list_containers().await.unwrap().len(), 0);
}

#[tokio::test(start_paused = true)]
async fn volumes_are_mounted_or_reported_as_failed_mounts_and_removed_with_the_pod() {
    let tmp = tempfile::tempdir().unwrap();
    let ctx = context(Some(tmp.path().to_path_buf()));
    let c = json!({"name": "c", "image": "busybox:1.36", "volumeMounts": [{"name": "cfg", "mountPath": "/etc/cfg"}, {"name": "scratch", "mountPath": "/tmp"}]});
    let p = pod(
        c,
        json!({"volumes": [{"name": "cfg", "configMap": {"name": "cm"}}, {"name": "scratch", "emptyDir": {}}]}),
    );
    let mut w = PodWorker::new(ctx.clone(), p.clone(), None);
    let Next::Wait(Some(_)) = w.sync().await.unwrap() else {
        panic!("a retry")
    };
    assert_eq!(
        events(&ctx)[0],
        (
            "FailedMount".into(),
            "MountVolume.SetUp failed for volume \"cfg\" : configmap \"cm\" not found".into()
        )
    );
    assert_eq!(
        ctx.runtime.list_pod_sandboxes().await.unwrap().len(),
        0,
        "no sandbox before the volumes"
    );
    ctx.api.put(
        "/api/v1/namespaces/ns/configmaps/cm",
        json!({"data": {"k": "v"}}),
    );
    tokio::time::advance(Duration::from_secs(1)).await;
    w.sync().await.unwrap();
    let configs = ctx.runtime.configs.lock().unwrap().clone();
    let mounts = &configs.last().unwrap().mounts;
    assert_eq!(mounts.len(), 2);
    assert!(mounts[0].readonly && !mounts[1].readonly);
    assert_eq!(
        std::fs::read_to_string(std::path::Path::new(&mounts[0].host_path).join("k")).unwrap(),
        "v"
    );
    let mut deleting = (*p).clone();
    deleting.deletion_grace_seconds = Some(0);
    w.pod = Arc::new(deleting);
    w.sync().await.unwrap();
    assert!(!tmp.path().join("u1").exists());
}

#[tokio::test(start_paused = true)]
async fn a_container_is_started_only_once_its_startup_probe_passes() {
    let ctx = context(None);
    *ctx.runtime.exec_exit.lock().unwrap() = 1;
    let c = json!({"name": "c", "image": "busybox:1.36",
        "startupProbe": {"exec": {"command": ["up"]}, "periodSeconds": 1, "failureThreshold": 30}});
    let mut w = PodWorker::new(ctx.clone(), pod(c, json!({})), None);
    w.sync().await.unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    w.sync().await.unwrap();
    let s = last_status(&ctx);
    assert_eq!(s["containerStatuses"][0]["started"], false);
    assert_eq!(ready(&s), "False");
    *ctx.runtime.exec_exit.lock().unwrap() = 0;
    tokio::time::sleep(Duration::from_secs(2)).await;
    w.sync().await.unwrap();
    let s = last_status(&ctx);
    assert_eq!(s["containerStatuses"][0]["started"], true);
    assert_eq!(ready(&s), "True");
    assert_eq!(s["containerStatuses"][0]["restartCount"], 0);
}

#[tokio::test(start_paused = true)]
async fn image_pull_back_off_doubles_up_to_the_maximum() {
    let ctx = context(None);
    *ctx.runtime.pull_fails.lock().unwrap() = true;
    let mut w = PodWorker::new(
        ctx.clone(),
        pod(json!({"name": "c", "image": "nope"}), json!({})),
        None,
    );
    let mut delays = Vec::new();
    for _ in 0..7 {
        let before = Instant::now();
        let Next::Wait(Some(at)) = w.sync().await.unwrap() else {
            panic!("a back-off")
        };
        delays.push((at - before).as_secs());
        tokio::time::sleep_until(at).await;
    }
    assert_eq!(delays, [10, 20, 40, 80, 160, 300, 300]);
}
