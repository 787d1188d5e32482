//! The controller manager end to end: a real `rkd apiserver`, one or two real
//! `rkd controller-manager` processes, kube-rs and kubectl 1.33. Without a scheduler or nodes the
//! test plays the node itself: a task marks pods Running and Ready through the status API.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ctrl_support;

use std::time::{Duration, Instant};

use ctrl_support::*;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::Pod;
use kube::Client;
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, PostParams, PropagationPolicy};
use rk_e2e::{Rkd, ok_stdout};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_set_adopts_orphans_creates_the_rest_reports_status_and_scales_down() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    create_namespace(&c, "rs").await;
    let pods: Api<Pod> = Api::namespaced(c.clone(), "rs");
    let orphan: Pod = serde_json::from_value(
        json!({"metadata": {"name": "orphan", "labels": {"app": "web"}},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]}}),
    )
    .unwrap();
    pods.create(&PostParams::default(), &orphan).await.unwrap();
    let rss: Api<ReplicaSet> = Api::namespaced(c.clone(), "rs");
    let rs: ReplicaSet = serde_json::from_value(json!({"metadata": {"name": "web"}, "spec": {"replicas": 3,
        "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}})).unwrap();
    let rs = rss.create(&PostParams::default(), &rs).await.unwrap();
    let uid = rs.metadata.uid.clone().unwrap();
    let node = play_node(&c, "rs");
    let owned = wait_for(30, "3 pods owned by the ReplicaSet", || async {
        let list = pods.list(&ListParams::default()).await.ok()?;
        let owned: Vec<String> = list
            .items
            .iter()
            .filter(|p| owned_by(p, &uid))
            .filter_map(|p| p.metadata.name.clone())
            .collect();
        (owned.len() == 3 && list.items.len() == 3).then_some(owned)
    })
    .await;
    assert!(
        owned.contains(&"orphan".to_string()),
        "the matching orphan was adopted: {owned:?}"
    );
    let status = wait_for(30, "readyReplicas 3", || async {
        let rs = rss.get("web").await.ok()?;
        let s = rs.status?;
        (s.ready_replicas == Some(3) && s.available_replicas == Some(3)).then_some(s)
    })
    .await;
    assert_eq!(
        (
            status.replicas,
            status.fully_labeled_replicas,
            status.observed_generation
        ),
        (3, Some(3), Some(1))
    );

    rss.patch(
        "web",
        &PatchParams::default(),
        &Patch::Merge(json!({"spec": {"replicas": 1}})),
    )
    .await
    .unwrap();
    wait_for(30, "one pod left and status replicas 1", || async {
        let n = pods.list(&ListParams::default()).await.ok()?.items.len();
        let s = rss.get("web").await.ok()?.status?;
        (n == 1 && s.replicas == 1 && s.observed_generation == Some(2)).then_some(())
    })
    .await;
    // A pod whose labels stop matching is released (its controllerRef removed) and replaced.
    let kept = pods
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .remove(0);
    let kept_name = kept.metadata.name.clone().unwrap();
    pods.patch(
        &kept_name,
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"labels": {"app": "other"}}})),
    )
    .await
    .unwrap();
    wait_for(30, "the relabelled pod released and replaced", || async {
        let list = pods.list(&ListParams::default()).await.ok()?;
        let released = list
            .items
            .iter()
            .find(|p| p.metadata.name.as_deref() == Some(kept_name.as_str()))?;
        let replaced = list.items.iter().filter(|p| owned_by(p, &uid)).count() == 1;
        (!owned_by(released, &uid) && replaced).then_some(())
    })
    .await;
    node.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replication_controller_keeps_its_replicas() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    let rc = json!({"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "legacy", "namespace": "default"},
        "spec": {"replicas": 2, "selector": {"app": "legacy"},
                 "template": {"metadata": {"labels": {"app": "legacy"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}});
    let api: Api<k8s_openapi::api::core::v1::ReplicationController> =
        Api::default_namespaced(c.clone());
    api.create(&PostParams::default(), &serde_json::from_value(rc).unwrap())
        .await
        .unwrap();
    let node = play_node(&c, "default");
    let pods: Api<Pod> = Api::default_namespaced(c.clone());
    wait_for(30, "2 pods and readyReplicas 2", || async {
        let n = pods
            .list(&ListParams::default().labels("app=legacy"))
            .await
            .ok()?
            .items
            .len();
        let s = api.get("legacy").await.ok()?.status?;
        (n == 2 && s.ready_replicas == Some(2) && s.replicas == 2).then_some(())
    })
    .await;
    // A deleted pod is replaced.
    let victim = pods
        .list(&ListParams::default().labels("app=legacy"))
        .await
        .unwrap()
        .items[0]
        .metadata
        .name
        .clone()
        .unwrap();
    pods.delete(&victim, &DeleteParams::default())
        .await
        .unwrap();
    wait_for(30, "a replacement pod", || async {
        let items = pods
            .list(&ListParams::default().labels("app=legacy"))
            .await
            .ok()?
            .items;
        (items.len() == 2
            && items
                .iter()
                .all(|p| p.metadata.name.as_deref() != Some(victim.as_str())))
        .then_some(())
    })
    .await;
    node.abort();
}

/// Pods of the Deployment that are Ready, by image.
async fn ready_by_image(pods: &Api<Pod>, app: &str) -> (usize, usize, Vec<String>) {
    let items = pods
        .list(&ListParams::default().labels(&format!("app={app}")))
        .await
        .unwrap()
        .items;
    let ready = items
        .iter()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .filter(|p| {
            p.status
                .as_ref()
                .and_then(|s| s.conditions.as_ref())
                .is_some_and(|c| c.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
        })
        .count();
    let images = items
        .iter()
        .filter_map(|p| p.spec.as_ref()?.containers[0].image.clone())
        .collect();
    (items.len(), ready, images)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deployment_rolls_out_rolls_an_image_change_within_max_unavailable_and_rollout_undo_restores_it()
 {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    create_namespace(&c, "roll").await;
    let node = play_node(&c, "roll");
    let deps: Api<Deployment> = Api::namespaced(c.clone(), "roll");
    let pods: Api<Pod> = Api::namespaced(c.clone(), "roll");
    deps.create(
        &PostParams::default(),
        &deployment("web", 4, "nginx:1", json!({"progressDeadlineSeconds": 600})),
    )
    .await
    .unwrap();
    let out = rkd.kubectl(
        33,
        &[
            "-n",
            "roll",
            "rollout",
            "status",
            "deployment/web",
            "--timeout=60s",
        ],
    );
    let text = ok_stdout(&out);
    assert!(
        text.contains("deployment \"web\" successfully rolled out"),
        "{text}"
    );
    let d = deps.get("web").await.unwrap();
    let s = d.status.clone().unwrap();
    assert_eq!(
        (
            s.replicas,
            s.updated_replicas,
            s.ready_replicas,
            s.available_replicas
        ),
        (Some(4), Some(4), Some(4), Some(4))
    );
    let conds = s.conditions.unwrap();
    let reason = |t: &str| {
        conds
            .iter()
            .find(|c| c.type_ == t)
            .and_then(|c| c.reason.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        (reason("Available").as_str(), reason("Progressing").as_str()),
        ("MinimumReplicasAvailable", "NewReplicaSetAvailable")
    );
    assert_eq!(
        d.metadata
            .annotations
            .unwrap()
            .get("deployment.kubernetes.io/revision")
            .map(String::as_str),
        Some("1")
    );

    // An image change: at every observation at least replicas - maxUnavailable pods are ready.
    set_deployment_image(&deps, "web", "nginx:2").await;
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut observations = 0;
    loop {
        let (_, ready, images) = ready_by_image(&pods, "web").await;
        assert!(
            ready >= 3,
            "maxUnavailable 1 of 4 broken: {ready} ready ({images:?})"
        );
        observations += 1;
        let s = deps.get("web").await.unwrap().status.unwrap();
        if images.len() == 4
            && images.iter().all(|i| i == "nginx:2")
            && s.updated_replicas == Some(4)
            && s.available_replicas == Some(4)
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the image change did not roll out: {images:?} {s:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("rolling update observed {observations} times");
    ok_stdout(&rkd.kubectl(
        33,
        &[
            "-n",
            "roll",
            "rollout",
            "status",
            "deployment/web",
            "--timeout=60s",
        ],
    ));
    let rss: Api<ReplicaSet> = Api::namespaced(c.clone(), "roll");
    let list = rss.list(&ListParams::default()).await.unwrap().items;
    assert_eq!(list.len(), 2);
    let revs: Vec<(String, i32)> = list
        .iter()
        .map(|rs| {
            (
                rs.metadata.annotations.as_ref().unwrap()["deployment.kubernetes.io/revision"]
                    .clone(),
                rs.spec.as_ref().unwrap().replicas.unwrap(),
            )
        })
        .collect();
    assert!(
        revs.contains(&("1".into(), 0)) && revs.contains(&("2".into(), 4)),
        "{revs:?}"
    );

    // kubectl's client-side undo patches the old template back; the old ReplicaSet is reused
    // with the next revision.
    let out = rkd.kubectl(33, &["-n", "roll", "rollout", "undo", "deployment/web"]);
    assert!(ok_stdout(&out).contains("rolled back"), "{out:?}");
    ok_stdout(&rkd.kubectl(
        33,
        &[
            "-n",
            "roll",
            "rollout",
            "status",
            "deployment/web",
            "--timeout=60s",
        ],
    ));
    let d = deps.get("web").await.unwrap();
    assert_eq!(
        d.spec.unwrap().template.spec.unwrap().containers[0]
            .image
            .as_deref(),
        Some("nginx:1")
    );
    let list = rss.list(&ListParams::default()).await.unwrap().items;
    assert_eq!(
        list.len(),
        2,
        "the old ReplicaSet was reused, not a third created"
    );
    let reused = list
        .iter()
        .find(|rs| {
            rs.spec
                .as_ref()
                .unwrap()
                .template
                .as_ref()
                .unwrap()
                .spec
                .as_ref()
                .unwrap()
                .containers[0]
                .image
                .as_deref()
                == Some("nginx:1")
        })
        .unwrap();
    assert_eq!(
        reused.metadata.annotations.as_ref().unwrap()["deployment.kubernetes.io/revision"],
        "3"
    );
    assert_eq!(reused.spec.as_ref().unwrap().replicas, Some(4));
    let history =
        ok_stdout(&rkd.kubectl(33, &["-n", "roll", "rollout", "history", "deployment/web"]));
    assert!(history.contains('2') && history.contains('3'), "{history}");

    // Paused: a template change makes no ReplicaSet until the rollout is resumed.
    ok_stdout(&rkd.kubectl(33, &["-n", "roll", "rollout", "pause", "deployment/web"]));
    set_deployment_image(&deps, "web", "nginx:3").await;
    let paused = wait_for(30, "the Progressing condition DeploymentPaused", || async {
        let s = deps.get("web").await.ok()?.status?;
        let p = s
            .conditions?
            .into_iter()
            .find(|c| c.type_ == "Progressing")?;
        (p.reason.as_deref() == Some("DeploymentPaused")).then_some(p)
    })
    .await;
    assert_eq!(paused.status, "Unknown");
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        rss.list(&ListParams::default()).await.unwrap().items.len(),
        2,
        "no new ReplicaSet while paused"
    );
    ok_stdout(&rkd.kubectl(33, &["-n", "roll", "rollout", "resume", "deployment/web"]));
    ok_stdout(&rkd.kubectl(
        33,
        &[
            "-n",
            "roll",
            "rollout",
            "status",
            "deployment/web",
            "--timeout=60s",
        ],
    ));
    let (_, _, images) = ready_by_image(&pods, "web").await;
    assert!(
        images.len() == 4 && images.iter().all(|i| i == "nginx:3"),
        "{images:?}"
    );
    assert_eq!(
        rss.list(&ListParams::default()).await.unwrap().items.len(),
        3
    );

    // Scale up (kubectl scale, through the scale subresource) and down.
    ok_stdout(&rkd.kubectl(
        33,
        &["-n", "roll", "scale", "deployment/web", "--replicas=6"],
    ));
    ok_stdout(&rkd.kubectl(
        33,
        &[
            "-n",
            "roll",
            "rollout",
            "status",
            "deployment/web",
            "--timeout=60s",
        ],
    ));
    wait_for(30, "6 pods", || async {
        (ready_by_image(&pods, "web").await.1 == 6).then_some(())
    })
    .await;
    deps.patch(
        "web",
        &PatchParams::default(),
        &Patch::Merge(json!({"spec": {"replicas": 2}})),
    )
    .await
    .unwrap();
    wait_for(30, "2 pods and status replicas 2", || async {
        let n = ready_by_image(&pods, "web").await.0;
        let s = deps.get("web").await.ok()?.status?;
        (n == 2 && s.replicas == Some(2) && s.available_replicas == Some(2)).then_some(())
    })
    .await;
    node.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollout_whose_pods_never_get_ready_ends_in_progress_deadline_exceeded() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    let deps: Api<Deployment> = Api::default_namespaced(c.clone());
    let mut d = deployment("stuck", 2, "nginx", json!({"progressDeadlineSeconds": 2}));
    d.spec
        .as_mut()
        .unwrap()
        .template
        .metadata
        .as_mut()
        .unwrap()
        .annotations = Some([("test/never-ready".to_string(), "true".to_string())].into());
    deps.create(&PostParams::default(), &d).await.unwrap();
    let node = play_node(&c, "default");
    let out = rkd.kubectl(
        33,
        &["rollout", "status", "deployment/stuck", "--timeout=60s"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("deployment \"stuck\" exceeded its progress deadline"),
        "{err}"
    );
    let s = deps.get("stuck").await.unwrap().status.unwrap();
    let p = s
        .conditions
        .unwrap()
        .into_iter()
        .find(|c| c.type_ == "Progressing")
        .unwrap();
    assert_eq!(
        (p.status.as_str(), p.reason.as_deref()),
        ("False", Some("ProgressDeadlineExceeded"))
    );
    node.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recreate_deployment_replaces_all_pods_at_once() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    let deps: Api<Deployment> = Api::default_namespaced(c.clone());
    let pods: Api<Pod> = Api::default_namespaced(c.clone());
    let d = deployment(
        "re",
        3,
        "nginx:1",
        json!({"strategy": {"type": "Recreate"}}),
    );
    deps.create(&PostParams::default(), &d).await.unwrap();
    let node = play_node(&c, "default");
    ok_stdout(&rkd.kubectl(33, &["rollout", "status", "deployment/re", "--timeout=60s"]));
    set_deployment_image(&deps, "re", "nginx:2").await;
    // Never old and new pods together.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, _, images) = ready_by_image(&pods, "re").await;
        assert!(
            !(images.contains(&"nginx:1".to_string()) && images.contains(&"nginx:2".to_string())),
            "{images:?}"
        );
        if images.len() == 3 && images.iter().all(|i| i == "nginx:2") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "Recreate did not finish: {images:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    ok_stdout(&rkd.kubectl(33, &["rollout", "status", "deployment/re", "--timeout=60s"]));
    node.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_controller_managers_only_the_lease_holder_acts_and_the_other_takes_over() {
    let rkd = Rkd::start("apiserver", &[]);
    let mut first = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    let leases: Api<k8s_openapi::api::coordination::v1::Lease> =
        Api::namespaced(c.clone(), "kube-system");
    let holder1 = wait_for(30, "a lease holder", || async {
        leases
            .get("rk-controller-manager")
            .await
            .ok()?
            .spec?
            .holder_identity
    })
    .await;
    let _second = ControllerManager::start(&rkd, 2, &[]);
    // The ReplicaSet is handled once: exactly 2 pods, never more.
    let rss: Api<ReplicaSet> = Api::default_namespaced(c.clone());
    let pods: Api<Pod> = Api::default_namespaced(c.clone());
    let rs = |name: &str| -> ReplicaSet {
        serde_json::from_value(json!({"metadata": {"name": name}, "spec": {"replicas": 2, "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}))
        .unwrap()
    };
    rss.create(&PostParams::default(), &rs("one"))
        .await
        .unwrap();
    wait_for(30, "2 pods of one", || async {
        (pods
            .list(&ListParams::default().labels("app=one"))
            .await
            .ok()?
            .items
            .len()
            == 2)
            .then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        pods.list(&ListParams::default().labels("app=one"))
            .await
            .unwrap()
            .items
            .len(),
        2
    );
    assert_eq!(
        leases
            .get("rk-controller-manager")
            .await
            .unwrap()
            .spec
            .unwrap()
            .holder_identity,
        Some(holder1.clone())
    );
    // The leader stops: the other takes the Lease and acts.
    first.stop();
    let holder2 = wait_for(30, "a new lease holder", || async {
        let h = leases
            .get("rk-controller-manager")
            .await
            .ok()?
            .spec?
            .holder_identity?;
        (h != holder1).then_some(h)
    })
    .await;
    rss.create(&PostParams::default(), &rs("two"))
        .await
        .unwrap();
    wait_for(30, "2 pods of two", || async {
        (pods
            .list(&ListParams::default().labels("app=two"))
            .await
            .ok()?
            .items
            .len()
            == 2)
            .then_some(())
    })
    .await;
    assert!(first.log().contains("became leader"), "{}", first.log());
    eprintln!("leader {holder1} then {holder2}");
}

fn propagation(p: PropagationPolicy) -> DeleteParams {
    DeleteParams {
        propagation_policy: Some(p),
        ..DeleteParams::default()
    }
}

/// (ReplicaSets, pods) with label app=<app>.
async fn dependents(c: &Client, ns: &str, app: &str) -> (Vec<ReplicaSet>, Vec<Pod>) {
    let lp = ListParams::default().labels(&format!("app={app}"));
    let rss = Api::<ReplicaSet>::namespaced(c.clone(), ns)
        .list(&lp)
        .await
        .unwrap()
        .items;
    let pods = Api::<Pod>::namespaced(c.clone(), ns)
        .list(&lp)
        .await
        .unwrap()
        .items;
    (rss, pods)
}

async fn rolled_out(rkd: &Rkd, c: &Client, ns: &str, name: &str, replicas: i32) {
    Api::<Deployment>::namespaced(c.clone(), ns)
        .create(
            &PostParams::default(),
            &deployment(name, replicas, "nginx", json!({})),
        )
        .await
        .unwrap();
    ok_stdout(&rkd.kubectl(
        33,
        &[
            "-n",
            ns,
            "rollout",
            "status",
            &format!("deployment/{name}"),
            "--timeout=60s",
        ],
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deletion_with_each_propagation_policy_leaves_exactly_the_right_dependents() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    create_namespace(&c, "gc").await;
    let node = play_node(&c, "gc");
    let deps: Api<Deployment> = Api::namespaced(c.clone(), "gc");
    let rss: Api<ReplicaSet> = Api::namespaced(c.clone(), "gc");

    // Orphan: the Deployment goes; its ReplicaSet and pods stay, without the reference.
    rolled_out(&rkd, &c, "gc", "orphan", 2).await;
    ok_stdout(&rkd.kubectl(
        33,
        &[
            "-n",
            "gc",
            "delete",
            "deployment",
            "orphan",
            "--cascade=orphan",
        ],
    ));
    wait_for(
        30,
        "the deployment gone and its ReplicaSet released",
        || async {
            let gone = deps.get_opt("orphan").await.ok()?.is_none();
            let (rs, pods) = dependents(&c, "gc", "orphan").await;
            let released = rs.len() == 1
                && rs[0]
                    .metadata
                    .owner_references
                    .as_ref()
                    .is_none_or(|r| r.is_empty());
            (gone && released && pods.len() == 2).then_some(())
        },
    )
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (rs, pods) = dependents(&c, "gc", "orphan").await;
    assert_eq!((rs.len(), pods.len()), (1, 2), "orphaned dependents stay");

    // Foreground: the ReplicaSet waits (foregroundDeletion) until its pods are gone.
    let rs_name = rs[0].metadata.name.clone().unwrap();
    let answer = rss
        .delete(&rs_name, &propagation(PropagationPolicy::Foreground))
        .await
        .unwrap();
    let marked = answer.left().expect("the ReplicaSet is marked, not gone");
    assert!(
        marked
            .metadata
            .finalizers
            .unwrap_or_default()
            .contains(&"foregroundDeletion".to_string())
    );
    wait_for(30, "the ReplicaSet and its pods gone", || async {
        let (rs, pods) = dependents(&c, "gc", "orphan").await;
        (rs.is_empty() && pods.is_empty()).then_some(())
    })
    .await;

    // Background (kubectl's default): the Deployment goes at once, then its ReplicaSet and pods.
    rolled_out(&rkd, &c, "gc", "bg", 2).await;
    ok_stdout(&rkd.kubectl(33, &["-n", "gc", "delete", "deployment", "bg"]));
    wait_for(30, "the background dependents gone", || async {
        let (rs, pods) = dependents(&c, "gc", "bg").await;
        (rs.is_empty() && pods.is_empty()).then_some(())
    })
    .await;

    // Foreground through kubectl (which waits for the owner to be gone): nothing is left.
    rolled_out(&rkd, &c, "gc", "fg", 2).await;
    ok_stdout(&rkd.kubectl(
        33,
        &[
            "-n",
            "gc",
            "delete",
            "deployment",
            "fg",
            "--cascade=foreground",
            "--timeout=60s",
        ],
    ));
    assert!(deps.get_opt("fg").await.unwrap().is_none());
    let (rs, pods) = dependents(&c, "gc", "fg").await;
    assert_eq!(
        (rs.len(), pods.len()),
        (0, 0),
        "foreground deletion finished only after its dependents"
    );

    // Another deployment is untouched throughout.
    rolled_out(&rkd, &c, "gc", "keep", 1).await;
    let (rs, pods) = dependents(&c, "gc", "keep").await;
    assert_eq!((rs.len(), pods.len()), (1, 1));
    node.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_namespace_empties_it_and_removes_it() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    create_namespace(&c, "doomed").await;
    let node = play_node(&c, "doomed");
    rolled_out(&rkd, &c, "doomed", "web", 2).await;
    let cm: k8s_openapi::api::core::v1::ConfigMap =
        serde_json::from_value(json!({"metadata": {"name": "settings"}, "data": {"a": "b"}}))
            .unwrap();
    Api::namespaced(c.clone(), "doomed")
        .create(&PostParams::default(), &cm)
        .await
        .unwrap();
    let secret: k8s_openapi::api::core::v1::Secret =
        serde_json::from_value(json!({"metadata": {"name": "token"}, "stringData": {"a": "b"}}))
            .unwrap();
    Api::namespaced(c.clone(), "doomed")
        .create(&PostParams::default(), &secret)
        .await
        .unwrap();
    let out = rkd.kubectl(33, &["delete", "namespace", "doomed", "--timeout=60s"]);
    assert!(
        ok_stdout(&out).contains("namespace \"doomed\" deleted"),
        "{out:?}"
    );
    let out = rkd.kubectl(33, &["get", "namespace", "doomed"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("NotFound"),
        "{out:?}"
    );
    for kind in [
        "configmaps",
        "secrets",
        "deployments",
        "replicasets",
        "pods",
    ] {
        let out = ok_stdout(&rkd.kubectl(
            33,
            &[
                "get",
                kind,
                "-A",
                "-o",
                "name",
                "--field-selector",
                "metadata.namespace=doomed",
            ],
        ));
        assert!(out.trim().is_empty(), "{kind} left behind: {out}");
    }
    // A namespace can be made again with the same name, empty.
    create_namespace(&c, "doomed").await;
    let out = ok_stdout(&rkd.kubectl(33, &["-n", "doomed", "get", "configmaps", "-o", "name"]));
    assert!(!out.contains("settings"), "{out}");
    node.abort();
}

/// A Deployment of 100 replicas (RK_CTRL_REPLICAS to change it) becomes Available and
/// `kubectl rollout status` returns; prints pods created and made available per second, with the
/// test playing the node.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deployment_of_100_replicas_becomes_available_and_rollout_status_returns() {
    let replicas: i32 = std::env::var("RK_CTRL_REPLICAS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    create_namespace(&c, "big").await;
    let node = play_node(&c, "big");
    let deps: Api<Deployment> = Api::namespaced(c.clone(), "big");
    let started = Instant::now();
    deps.create(
        &PostParams::default(),
        &deployment(
            "big",
            replicas,
            "nginx",
            json!({"strategy": {"type": "RollingUpdate",
        "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}}),
        ),
    )
    .await
    .unwrap();
    // With RK_CTRL_PROGRESS set: progress once a second (pods existing and ready).
    let show_progress = std::env::var_os("RK_CTRL_PROGRESS").is_some();
    let progress = {
        let pods = Api::<Pod>::namespaced(c.clone(), "big");
        tokio::spawn(async move {
            let t0 = Instant::now();
            if !show_progress {
                return;
            }
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                let items = pods
                    .list(&ListParams::default())
                    .await
                    .map(|l| l.items)
                    .unwrap_or_default();
                let ready = items
                    .iter()
                    .filter(|p| {
                        p.status
                            .as_ref()
                            .and_then(|s| s.conditions.as_ref())
                            .is_some_and(|c| !c.is_empty())
                    })
                    .count();
                eprintln!(
                    "{:>5.1} s: {} pods, {} ready",
                    t0.elapsed().as_secs_f64(),
                    items.len(),
                    ready
                );
            }
        })
    };
    let out = rkd.kubectl(
        33,
        &[
            "-n",
            "big",
            "rollout",
            "status",
            "deployment/big",
            "--timeout=300s",
        ],
    );
    let text = ok_stdout(&out);
    let elapsed = started.elapsed();
    assert!(text.contains("successfully rolled out"), "{text}");
    let s = deps.get("big").await.unwrap().status.unwrap();
    assert_eq!(
        (s.replicas, s.available_replicas, s.updated_replicas),
        (Some(replicas), Some(replicas), Some(replicas))
    );
    let pods = Api::<Pod>::namespaced(c.clone(), "big")
        .list(&ListParams::default())
        .await
        .unwrap()
        .items;
    assert_eq!(pods.len(), replicas as usize, "no pod created twice");
    eprintln!(
        "deployment of {replicas}: Available in {:.2} s ({:.0} pods/s created and made ready, the test playing the node)",
        elapsed.as_secs_f64(),
        f64::from(replicas) / elapsed.as_secs_f64()
    );
    progress.abort();
    node.abort();
}
