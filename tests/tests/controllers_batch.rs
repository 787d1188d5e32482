//! The controller manager's batch and namespace-service loops end to end: Jobs (completion,
//! backoffLimit, activeDeadlineSeconds, ttlSecondsAfterFinished) and the default
//! ServiceAccount — a real `rkd apiserver` and `rkd controller-manager`; the test plays the node.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ctrl_support;

use std::time::Duration;

use ctrl_support::*;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams, ListParams, PostParams};
use rk_e2e::{Rkd, ok_stdout};
use serde_json::json;

fn job(name: &str, spec: serde_json::Value) -> k8s_openapi::api::batch::v1::Job {
    let mut j = json!({"metadata": {"name": name}, "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}}});
    for (k, v) in spec.as_object().unwrap() {
        j["spec"][k] = v.clone();
    }
    serde_json::from_value(j).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_completes_when_its_pods_succeed_and_a_failing_one_stops_at_its_backoff_limit() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    create_namespace(&c, "ok").await;
    create_namespace(&c, "bad").await;
    let jobs_ok: Api<k8s_openapi::api::batch::v1::Job> = Api::namespaced(c.clone(), "ok");
    let jobs_bad: Api<k8s_openapi::api::batch::v1::Job> = Api::namespaced(c.clone(), "bad");
    // Succeed every pod once it exists; fail every pod in "bad".
    let finish = |phase: &'static str| -> fn(&Pod) -> Option<serde_json::Value> {
        if phase == "Succeeded" {
            |p| {
                (p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Pending"))
                    .then(|| json!({"status": {"phase": "Succeeded"}}))
            }
        } else {
            |p| {
                (p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Pending"))
                    .then(|| json!({"status": {"phase": "Failed"}}))
            }
        }
    };
    let ok_node = play_node_with(&c, "ok", finish("Succeeded"));
    let bad_node = play_node_with(&c, "bad", finish("Failed"));
    jobs_ok
        .create(
            &PostParams::default(),
            &job("pi", json!({"completions": 3, "parallelism": 2})),
        )
        .await
        .unwrap();
    jobs_bad
        .create(
            &PostParams::default(),
            &job("boom", json!({"backoffLimit": 2})),
        )
        .await
        .unwrap();

    let out = rkd.kubectl(
        33,
        &[
            "-n",
            "ok",
            "wait",
            "--for=condition=complete",
            "job/pi",
            "--timeout=60s",
        ],
    );
    assert!(ok_stdout(&out).contains("condition met"), "{out:?}");
    let s = jobs_ok.get("pi").await.unwrap().status.unwrap();
    assert_eq!(
        (s.succeeded, s.failed, s.active),
        (Some(3), Some(0), Some(0))
    );
    assert!(s.completion_time.is_some() && s.start_time.is_some());
    let table = ok_stdout(&rkd.kubectl(33, &["-n", "ok", "get", "job", "pi"]));
    assert!(
        table.contains("Complete") && table.contains("3/3"),
        "{table}"
    );

    let out = rkd.kubectl(
        33,
        &[
            "-n",
            "bad",
            "wait",
            "--for=condition=failed",
            "job/boom",
            "--timeout=60s",
        ],
    );
    assert!(ok_stdout(&out).contains("condition met"), "{out:?}");
    let s = jobs_bad.get("boom").await.unwrap().status.unwrap();
    let failed = s
        .conditions
        .unwrap()
        .into_iter()
        .find(|c| c.type_ == "Failed")
        .unwrap();
    assert_eq!(failed.reason.as_deref(), Some("BackoffLimitExceeded"));
    assert_eq!(
        s.failed,
        Some(3),
        "backoffLimit 2: the third failure fails the Job"
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    let pods = Api::<Pod>::namespaced(c.clone(), "bad")
        .list(&ListParams::default())
        .await
        .unwrap()
        .items;
    assert_eq!(pods.len(), 3, "no pod after the Job failed");
    ok_node.abort();
    bad_node.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_past_its_deadline_fails_and_a_finished_job_goes_after_its_ttl() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    let jobs: Api<k8s_openapi::api::batch::v1::Job> = Api::default_namespaced(c.clone());
    jobs.create(
        &PostParams::default(),
        &job("slow", json!({"activeDeadlineSeconds": 2})),
    )
    .await
    .unwrap();
    let out = rkd.kubectl(
        33,
        &[
            "wait",
            "--for=condition=failed",
            "job/slow",
            "--timeout=60s",
        ],
    );
    assert!(ok_stdout(&out).contains("condition met"), "{out:?}");
    let s = jobs.get("slow").await.unwrap().status.unwrap();
    assert_eq!(
        s.conditions
            .unwrap()
            .into_iter()
            .find(|c| c.type_ == "Failed")
            .unwrap()
            .reason
            .as_deref(),
        Some("DeadlineExceeded")
    );
    // Its pods are deleted; then ttlSecondsAfterFinished removes a finished Job.
    let pods: Api<Pod> = Api::default_namespaced(c.clone());
    wait_for(30, "the deadline-exceeded job's pods gone", || async {
        pods.list(&ListParams::default())
            .await
            .ok()?
            .items
            .is_empty()
            .then_some(())
    })
    .await;
    jobs.create(
        &PostParams::default(),
        &job(
            "short",
            json!({"activeDeadlineSeconds": 1, "ttlSecondsAfterFinished": 1}),
        ),
    )
    .await
    .unwrap();
    wait_for(30, "the finished job removed after its TTL", || async {
        jobs.get_opt("short").await.ok()?.is_none().then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_namespace_gets_a_default_service_account() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    create_namespace(&c, "fresh").await;
    let sas: Api<k8s_openapi::api::core::v1::ServiceAccount> = Api::namespaced(c.clone(), "fresh");
    wait_for(30, "the default service account", || async {
        sas.get_opt("default").await.ok()?.map(|_| ())
    })
    .await;
    sas.delete("default", &DeleteParams::default())
        .await
        .unwrap();
    wait_for(30, "the default service account back", || async {
        sas.get_opt("default").await.ok()?.map(|_| ())
    })
    .await;
    let kube_system: Api<k8s_openapi::api::core::v1::ServiceAccount> =
        Api::namespaced(c.clone(), "kube-system");
    wait_for(30, "kube-system's default service account", || async {
        kube_system.get_opt("default").await.ok()?.map(|_| ())
    })
    .await;
}
