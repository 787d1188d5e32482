//! The pod worker's state machine over the simulated runtime, with a recording API and tokio's
//! clock paused.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::runtime::sim::{EXIT_CODE, READY, SimRuntime};
use serde_json::json;

#[derive(Default)]
struct Recorder {
    statuses: Mutex<Vec<Value>>,
    deletes: Mutex<Vec<String>>,
}

use std::sync::Mutex;

impl PodApi for Arc<Recorder> {
    async fn patch_status(
        &self,
        _ns: &str,
        _name: &str,
        status: &Value,
    ) -> Result<(), client::Error> {
        self.statuses.lock().unwrap().push(status.clone());
        Ok(())
    }
    async fn delete_pod(&self, _ns: &str, name: &str, uid: &str) -> Result<(), client::Error> {
        self.deletes.lock().unwrap().push(format!("{name}/{uid}"));
        Ok(())
    }
}

impl Recorder {
    fn last(&self) -> Value {
        self.statuses
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a status was written")
    }
    fn writes(&self) -> usize {
        self.statuses.lock().unwrap().len()
    }
}

fn context(api: Arc<Recorder>) -> Arc<NodeContext<SimRuntime, Arc<Recorder>>> {
    let clock = Clock::new();
    let mut ctx = NodeContext::new(
        SimRuntime::new(Duration::from_secs(1), "10.99.0.0/24", clock),
        api,
        "sim-0",
        "172.16.0.1",
        clock,
    );
    ctx.backoff_max = Duration::from_secs(40);
    Arc::new(ctx)
}

fn pod(policy: &str, annotations: Value) -> Arc<Pod> {
    Arc::new(
        Pod::from_json(&json!({
            "metadata": {"name": "p", "namespace": "default", "uid": "uid-1", "annotations": annotations},
            "spec": {"restartPolicy": policy, "containers": [{"name": "main", "image": "busybox:1.36"}]}
        }))
        .unwrap(),
    )
}

fn condition(status: &Value, kind: &str) -> String {
    status["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == kind)
        .unwrap()["status"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test(start_paused = true)]
async fn a_new_pod_runs_with_an_ip_and_is_ready_after_one_sync() {
    let api = Arc::new(Recorder::default());
    let mut w = PodWorker::new(context(api.clone()), pod("Always", json!({})), None);
    assert_eq!(w.sync().await.unwrap(), Next::Wait(None));
    let s = api.last();
    assert_eq!(s["phase"], "Running");
    assert_eq!(s["podIP"], "10.99.0.2");
    assert_eq!(condition(&s, "Ready"), "True");
    assert_eq!(condition(&s, "PodReadyToStartContainers"), "True");
    assert_eq!(s["containerStatuses"][0]["restartCount"], 0);
    assert!(
        s["containerStatuses"][0]["containerID"]
            .as_str()
            .unwrap()
            .starts_with("sim://")
    );
    // Nothing changed: a second sync writes nothing.
    w.sync().await.unwrap();
    assert_eq!(api.writes(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_never_pod_succeeds_after_the_run_duration_and_is_not_restarted() {
    let api = Arc::new(Recorder::default());
    let ctx = context(api.clone());
    let mut w = PodWorker::new(ctx.clone(), pod("Never", json!({})), None);
    w.sync().await.unwrap();
    tokio::time::advance(Duration::from_millis(1500)).await;
    w.sync().await.unwrap();
    let s = api.last();
    assert_eq!(s["phase"], "Succeeded");
    assert_eq!(
        s["containerStatuses"][0]["state"]["terminated"]["exitCode"],
        0
    );
    assert_eq!(condition(&s, "Ready"), "False");
    tokio::time::advance(Duration::from_secs(60)).await;
    w.sync().await.unwrap();
    assert_eq!(
        ctx.runtime.counts().1,
        1,
        "the finished container is kept, not restarted"
    );
}

#[tokio::test(start_paused = true)]
async fn the_exit_code_annotation_fails_a_never_pod() {
    let api = Arc::new(Recorder::default());
    let mut w = PodWorker::new(
        context(api.clone()),
        pod("Never", json!({EXIT_CODE: "3"})),
        None,
    );
    w.sync().await.unwrap();
    tokio::time::advance(Duration::from_secs(2)).await;
    w.sync().await.unwrap();
    let s = api.last();
    assert_eq!(s["phase"], "Failed");
    assert_eq!(
        s["containerStatuses"][0]["state"]["terminated"]["exitCode"],
        3
    );
    assert_eq!(
        s["containerStatuses"][0]["state"]["terminated"]["reason"],
        "Error"
    );
}

#[tokio::test(start_paused = true)]
async fn a_crashing_always_pod_restarts_with_back_off() {
    let api = Arc::new(Recorder::default());
    let mut w = PodWorker::new(
        context(api.clone()),
        pod("Always", json!({EXIT_CODE: "1"})),
        None,
    );
    w.sync().await.unwrap();
    tokio::time::advance(Duration::from_millis(1100)).await;
    // First exit: restarted at once.
    w.sync().await.unwrap();
    let s = api.last();
    assert_eq!(s["containerStatuses"][0]["restartCount"], 1);
    assert_eq!(
        s["containerStatuses"][0]["lastState"]["terminated"]["exitCode"],
        1
    );
    assert_eq!(s["phase"], "Running");
    tokio::time::advance(Duration::from_millis(1100)).await;
    // Second exit: backing off for 10 s.
    let next = w.sync().await.unwrap();
    let s = api.last();
    assert_eq!(
        s["containerStatuses"][0]["state"]["waiting"]["reason"],
        "CrashLoopBackOff"
    );
    assert_eq!(s["containerStatuses"][0]["restartCount"], 1);
    let Next::Wait(Some(at)) = next else {
        panic!("a back-off deadline, got {next:?}")
    };
    tokio::time::sleep_until(at).await;
    w.sync().await.unwrap();
    assert_eq!(api.last()["containerStatuses"][0]["restartCount"], 2);
    assert!(api.last()["containerStatuses"][0]["state"]["running"].is_object());
}

#[tokio::test(start_paused = true)]
async fn an_unready_annotation_keeps_a_running_pod_not_ready() {
    let api = Arc::new(Recorder::default());
    let mut w = PodWorker::new(
        context(api.clone()),
        pod("Always", json!({READY: "false"})),
        None,
    );
    w.sync().await.unwrap();
    let s = api.last();
    assert_eq!(s["phase"], "Running");
    assert_eq!(condition(&s, "Ready"), "False");
    assert_eq!(condition(&s, "ContainersReady"), "False");
    assert_eq!(s["containerStatuses"][0]["ready"], false);
}

#[tokio::test(start_paused = true)]
async fn a_deleted_pod_is_stopped_removed_and_its_delete_completed() {
    let api = Arc::new(Recorder::default());
    let ctx = context(api.clone());
    let mut w = PodWorker::new(ctx.clone(), pod("Always", json!({})), None);
    w.sync().await.unwrap();
    assert_eq!(ctx.runtime.counts(), (1, 1));
    let mut deleting = (*pod("Always", json!({}))).clone();
    deleting.deletion_grace_seconds = Some(30);
    w.pod = Arc::new(deleting);
    assert_eq!(w.sync().await.unwrap(), Next::Finished);
    assert_eq!(ctx.runtime.counts(), (0, 0));
    assert_eq!(*api.deletes.lock().unwrap(), vec!["p/uid-1".to_string()]);
}

#[tokio::test(start_paused = true)]
async fn a_pod_gone_from_the_api_is_cleaned_up_without_a_delete() {
    let api = Arc::new(Recorder::default());
    let ctx = context(api.clone());
    let mut w = PodWorker::new(ctx.clone(), pod("Always", json!({})), None);
    w.sync().await.unwrap();
    w.removed = true;
    assert_eq!(w.sync().await.unwrap(), Next::Finished);
    assert_eq!(ctx.runtime.counts(), (0, 0));
    assert!(api.deletes.lock().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn after_a_restart_an_adopted_pod_is_neither_restarted_nor_rewritten() {
    let api = Arc::new(Recorder::default());
    let ctx = context(api.clone());
    let mut w = PodWorker::new(ctx.clone(), pod("Always", json!({})), None);
    w.sync().await.unwrap();
    let written = api.last();
    let api_pod = json!({"metadata": {"name": "p", "namespace": "default", "uid": "uid-1"},
                         "spec": {"containers": [{"name": "main", "image": "busybox:1.36"}]}, "status": written});

    // A new agent: an empty runtime adopts the pod from its API status.
    let api2 = Arc::new(Recorder::default());
    let ctx2 = context(api2.clone());
    let p = pod("Always", json!({}));
    ctx2.runtime.adopt(&api_pod, &p.sandbox_config(0));
    let mut w2 = PodWorker::new(ctx2.clone(), p, api_pod.get("status"));
    tokio::time::advance(Duration::from_secs(30)).await;
    w2.sync().await.unwrap();
    assert_eq!(api2.writes(), 0, "the status the API holds is still right");
    assert_eq!(
        ctx2.runtime.counts(),
        (1, 1),
        "no second sandbox or container"
    );
}

#[tokio::test(start_paused = true)]
async fn updates_are_coalesced_and_the_worker_ends_when_the_pod_is_gone() {
    let api = Arc::new(Recorder::default());
    let ctx = context(api.clone());
    let p = pod("Always", json!({}));
    let (tx, rx) = watch::channel(Update {
        pod: Some(p.clone()),
        pokes: 0,
    });
    let task = tokio::spawn(PodWorker::new(ctx.clone(), p.clone(), None).run(rx));
    for i in 0..100 {
        tx.send_modify(|u| u.pokes = i);
    }
    tokio::time::sleep(Duration::from_millis(10)).await;
    assert_eq!(api.writes(), 1);
    tx.send_modify(|u| u.pod = None);
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ctx.runtime.counts(), (0, 0));
}

#[tokio::test(start_paused = true)]
async fn an_idle_worker_task_is_small() {
    let api = Arc::new(Recorder::default());
    let p = pod("Always", json!({}));
    let (_tx, rx) = watch::channel(Update {
        pod: Some(p.clone()),
        pokes: 0,
    });
    let fut = PodWorker::new(context(api), p, None).run(rx);
    let size = std::mem::size_of_val(&fut);
    eprintln!("worker future: {size} bytes");
    assert!(size < 4096, "{size}");
}
