//! The controller manager's node-facing loops end to end: node lifecycle and IPAM, DaemonSets,
//! StatefulSets, CronJobs, Endpoints and EndpointSlices, PodDisruptionBudgets — a real
//! `rkd apiserver` and `rkd controller-manager`; the test plays the nodes (heartbeats, pod
//! statuses) itself.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ctrl_support;

use std::time::{Duration, Instant};

use ctrl_support::*;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, Patch, PatchParams, PostParams};
use rk_e2e::Rkd;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_node_becomes_unknown_is_tainted_and_its_pods_are_evicted_after_their_toleration_seconds()
 {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(
        &rkd,
        1,
        &[
            "--node-monitor-grace-period",
            "3s",
            "--node-monitor-period",
            "500ms",
            "--node-eviction-rate",
            "100",
        ],
    );
    let c = client(&rkd).await;
    let nodes: Api<k8s_openapi::api::core::v1::Node> = Api::all(c.clone());
    node_ready(&c, "node-a").await;
    node_ready(&c, "node-b").await;
    let beat_a = heartbeat(&c, "node-a");
    let beat_b = heartbeat(&c, "node-b");
    // Node IPAM: a /24 each from 10.42.0.0/16.
    let cidrs = wait_for(30, "podCIDRs", || async {
        let a = nodes.get("node-a").await.ok()?.spec?.pod_cidr?;
        let b = nodes.get("node-b").await.ok()?.spec?.pod_cidr?;
        Some([a, b])
    })
    .await;
    let mut sorted = cidrs.to_vec();
    sorted.sort();
    assert_eq!(sorted, ["10.42.0.0/24", "10.42.1.0/24"]);

    let pods: Api<Pod> = Api::default_namespaced(c.clone());
    let pod = |name: &str, secs: Option<i64>| -> Pod {
        let mut tol = json!({"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"});
        if let Some(s) = secs {
            tol["tolerationSeconds"] = json!(s);
        }
        serde_json::from_value(
            json!({"metadata": {"name": name}, "spec": {"nodeName": "node-a", "tolerations": [tol],
            "containers": [{"name": "c", "image": "nginx"}]}}),
        )
        .unwrap()
    };
    pods.create(&PostParams::default(), &pod("brief", Some(2)))
        .await
        .unwrap();
    pods.create(&PostParams::default(), &pod("forever", None))
        .await
        .unwrap();
    let now = jiff_now();
    for name in ["brief", "forever"] {
        let st = json!({"status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": now}]}});
        pods.patch_status(name, &PatchParams::default(), &Patch::Merge(&st))
            .await
            .unwrap();
    }
    tokio::time::sleep(Duration::from_secs(4)).await;
    let a = nodes.get("node-a").await.unwrap();
    assert!(
        a.spec.unwrap().taints.unwrap_or_default().is_empty(),
        "a heartbeating node is not tainted"
    );

    // node-a stops heartbeating.
    beat_a.abort();
    let stopped = Instant::now();
    wait_for(30, "node-a Ready=Unknown", || async {
        let n = nodes.get("node-a").await.ok()?;
        let ready = n
            .status?
            .conditions?
            .into_iter()
            .find(|c| c.type_ == "Ready")?;
        (ready.status == "Unknown" && ready.reason.as_deref() == Some("NodeStatusUnknown"))
            .then_some(())
    })
    .await;
    let unknown_after = stopped.elapsed();
    eprintln!(
        "node-a Unknown {:.1} s after its last heartbeat (grace 3 s)",
        unknown_after.as_secs_f64()
    );
    let taints = wait_for(30, "unreachable taints", || async {
        let t = nodes.get("node-a").await.ok()?.spec?.taints?;
        (t.len() == 2).then_some(t)
    })
    .await;
    assert!(
        taints
            .iter()
            .all(|t| t.key == "node.kubernetes.io/unreachable"),
        "{taints:?}"
    );
    assert!(
        taints.iter().any(|t| t.effect == "NoExecute")
            && taints.iter().any(|t| t.effect == "NoSchedule")
    );
    let forever = pods.get("forever").await.unwrap();
    let ready = forever
        .status
        .unwrap()
        .conditions
        .unwrap()
        .into_iter()
        .find(|c| c.type_ == "Ready")
        .unwrap();
    assert_eq!(
        ready.status, "False",
        "pods of an unreachable node are marked not ready"
    );

    wait_for(30, "the pod tolerating 2 s evicted", || async {
        let p = pods.get_opt("brief").await.ok()?;
        p.is_none_or(|p| p.metadata.deletion_timestamp.is_some())
            .then_some(())
    })
    .await;
    let evicted_after = stopped.elapsed();
    assert!(
        evicted_after >= unknown_after + Duration::from_secs(1),
        "evicted only after its tolerationSeconds"
    );
    let forever = pods.get("forever").await.unwrap();
    assert!(
        forever.metadata.deletion_timestamp.is_none(),
        "a pod tolerating forever stays"
    );
    let b = nodes.get("node-b").await.unwrap();
    assert!(
        b.spec.unwrap().taints.unwrap_or_default().is_empty(),
        "the heartbeating node is untouched"
    );

    // node-a heartbeats again (and reports Ready): the taints go.
    let beat_a = heartbeat(&c, "node-a");
    let now = jiff_now();
    let st = json!({"status": {"conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady", "lastHeartbeatTime": now, "lastTransitionTime": now}]}});
    nodes
        .patch_status("node-a", &PatchParams::default(), &Patch::Merge(&st))
        .await
        .unwrap();
    wait_for(30, "node-a untainted", || async {
        nodes
            .get("node-a")
            .await
            .ok()?
            .spec?
            .taints
            .unwrap_or_default()
            .is_empty()
            .then_some(())
    })
    .await;
    beat_a.abort();
    beat_b.abort();
}

fn node_api(c: &kube::Client) -> Api<k8s_openapi::api::core::v1::Node> {
    Api::all(c.clone())
}

/// The DaemonSet's live pods by the node their affinity names.
async fn daemon_pods(pods: &Api<Pod>) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = pods
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .map(|p| {
            let node = p
                .spec
                .as_ref()
                .unwrap()
                .affinity
                .as_ref()
                .unwrap()
                .node_affinity
                .as_ref()
                .unwrap()
                .required_during_scheduling_ignored_during_execution
                .as_ref()
                .unwrap()
                .node_selector_terms[0]
                .match_fields
                .as_ref()
                .unwrap()[0]
                .values
                .as_ref()
                .unwrap()[0]
                .clone();
            (node, p.spec.unwrap().containers[0].image.clone().unwrap())
        })
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daemon_set_follows_nodes_joining_and_leaving_and_rolls_an_image_change() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    create_namespace(&c, "ds").await;
    node_ready(&c, "n1").await;
    node_ready(&c, "n2").await;
    let node = play_node(&c, "ds");
    let dss: Api<k8s_openapi::api::apps::v1::DaemonSet> = Api::namespaced(c.clone(), "ds");
    let ds = json!({"metadata": {"name": "agent"}, "spec": {"selector": {"matchLabels": {"app": "agent"}},
        "template": {"metadata": {"labels": {"app": "agent"}}, "spec": {"containers": [{"name": "c", "image": "agent:1"}]}}}});
    dss.create(&PostParams::default(), &serde_json::from_value(ds).unwrap())
        .await
        .unwrap();
    let pods: Api<Pod> = Api::namespaced(c.clone(), "ds");
    wait_for(30, "a daemon pod per node", || async {
        let v = daemon_pods(&pods).await;
        (v.node_names() == ["n1", "n2"]).then_some(())
    })
    .await;
    rkd_ok(
        &rkd,
        &[
            "-n",
            "ds",
            "rollout",
            "status",
            "daemonset/agent",
            "--timeout=60s",
        ],
    );
    // A node joins; a tainted one (NoSchedule) does not get a pod; a node leaves.
    node_ready(&c, "n3").await;
    let tainted: k8s_openapi::api::core::v1::Node =
        serde_json::from_value(json!({"metadata": {"name": "n4"},
        "spec": {"taints": [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]}}))
        .unwrap();
    node_api(&c)
        .create(&PostParams::default(), &tainted)
        .await
        .unwrap();
    wait_for(30, "a pod on the joining node", || async {
        (daemon_pods(&pods).await.node_names() == ["n1", "n2", "n3"]).then_some(())
    })
    .await;
    node_api(&c)
        .delete("n1", &Default::default())
        .await
        .unwrap();
    wait_for(30, "the leaving node's pod gone", || async {
        (daemon_pods(&pods).await.node_names() == ["n2", "n3"]).then_some(())
    })
    .await;
    let st = wait_for(30, "status of 2 nodes", || async {
        let s = dss.get("agent").await.ok()?.status?;
        (s.desired_number_scheduled == 2 && s.number_ready == 2).then_some(s)
    })
    .await;
    assert_eq!(
        (st.current_number_scheduled, st.number_misscheduled),
        (2, 0)
    );

    // An image change rolls node by node (maxUnavailable 1): never both pods gone at once.
    // A merge patch replaces the container list (no read-modify-write race with status).
    let image = json!({"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "agent:2"}]}}}});
    dss.patch("agent", &PatchParams::default(), &Patch::Merge(&image))
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let v = daemon_pods(&pods).await;
        assert!(!v.is_empty(), "both daemon pods gone at once");
        if v.len() == 2 && v.iter().all(|(_, i)| i == "agent:2") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the DaemonSet did not roll: {v:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    rkd_ok(
        &rkd,
        &[
            "-n",
            "ds",
            "rollout",
            "status",
            "daemonset/agent",
            "--timeout=60s",
        ],
    );
    let history = rkd_ok(&rkd, &["-n", "ds", "rollout", "history", "daemonset/agent"]);
    assert!(history.contains('1') && history.contains('2'), "{history}");
    node.abort();
}

trait Nodes {
    fn node_names(&self) -> Vec<&str>;
}

impl Nodes for Vec<(String, String)> {
    fn node_names(&self) -> Vec<&str> {
        self.iter().map(|(n, _)| n.as_str()).collect()
    }
}

fn rkd_ok(rkd: &Rkd, args: &[&str]) -> String {
    rk_e2e::ok_stdout(&rkd.kubectl(33, args))
}

fn ordinal_pods(items: &[Pod]) -> Vec<(i32, bool, String)> {
    let mut v: Vec<(i32, bool, String)> = items
        .iter()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .map(|p| {
            let name = p.metadata.name.clone().unwrap();
            let ord = name.rsplit('-').next().unwrap().parse().unwrap();
            let ready = p
                .status
                .as_ref()
                .and_then(|s| s.conditions.as_ref())
                .is_some_and(|c| c.iter().any(|c| c.type_ == "Ready" && c.status == "True"));
            (
                ord,
                ready,
                p.spec.as_ref().unwrap().containers[0]
                    .image
                    .clone()
                    .unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

async fn mark_ready(pods: &Api<Pod>, name: &str) {
    let now = jiff_now();
    let st = json!({"status": {"phase": "Running", "podIP": "10.42.0.5", "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": now}]}});
    pods.patch_status(name, &PatchParams::default(), &Patch::Merge(&st))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stateful_set_creates_in_order_with_its_claims_and_rolls_by_ordinal_descending() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    create_namespace(&c, "sts").await;
    let sets: Api<k8s_openapi::api::apps::v1::StatefulSet> = Api::namespaced(c.clone(), "sts");
    let set = json!({"metadata": {"name": "db"}, "spec": {"replicas": 3, "serviceName": "db",
        "selector": {"matchLabels": {"app": "db"}},
        "template": {"metadata": {"labels": {"app": "db"}}, "spec": {"containers": [{"name": "c", "image": "db:1"}]}},
        "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}});
    sets.create(
        &PostParams::default(),
        &serde_json::from_value(set).unwrap(),
    )
    .await
    .unwrap();
    let pods: Api<Pod> = Api::namespaced(c.clone(), "sts");
    // OrderedReady: ordinal k appears only after k-1 is ready; the test makes each ready after
    // checking for a while that nothing further was created.
    for k in 0..3 {
        wait_for(30, &format!("db-{k}"), || async {
            let v = ordinal_pods(&pods.list(&Default::default()).await.ok()?.items);
            (v.len() == k as usize + 1).then_some(())
        })
        .await;
        tokio::time::sleep(Duration::from_millis(700)).await;
        let v = ordinal_pods(&pods.list(&Default::default()).await.unwrap().items);
        assert_eq!(
            v.iter().map(|p| p.0).collect::<Vec<_>>(),
            (0..=k).collect::<Vec<_>>(),
            "created out of order: {v:?}"
        );
        let p = pods.get(&format!("db-{k}")).await.unwrap();
        assert_eq!(
            p.spec.as_ref().unwrap().hostname.as_deref(),
            Some(format!("db-{k}").as_str())
        );
        assert_eq!(p.spec.as_ref().unwrap().subdomain.as_deref(), Some("db"));
        mark_ready(&pods, &format!("db-{k}")).await;
    }
    let pvcs: Api<k8s_openapi::api::core::v1::PersistentVolumeClaim> =
        Api::namespaced(c.clone(), "sts");
    let mut claims: Vec<String> = pvcs
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|p| p.metadata.name)
        .collect();
    claims.sort();
    assert_eq!(claims, ["data-db-0", "data-db-1", "data-db-2"]);
    rkd_ok(
        &rkd,
        &[
            "-n",
            "sts",
            "rollout",
            "status",
            "statefulset/db",
            "--timeout=60s",
        ],
    );

    // An image change: pods are replaced 2, 1, 0, each after the previous one is ready again.
    let node = play_node(&c, "sts");
    let image =
        json!({"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "db:2"}]}}}});
    sets.patch("db", &PatchParams::default(), &Patch::Merge(&image))
        .await
        .unwrap();
    let mut order: Vec<i32> = vec![];
    let deadline = Instant::now() + Duration::from_secs(60);
    while order.len() < 3 {
        for (ord, _, image) in ordinal_pods(&pods.list(&Default::default()).await.unwrap().items) {
            if image == "db:2" && !order.contains(&ord) {
                order.push(ord);
            }
        }
        assert!(
            Instant::now() < deadline,
            "the StatefulSet did not roll: {order:?}"
        );
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    assert_eq!(order, [2, 1, 0]);
    let out = rkd_ok(
        &rkd,
        &[
            "-n",
            "sts",
            "rollout",
            "status",
            "statefulset/db",
            "--timeout=60s",
        ],
    );
    // The API server defaults partition to 0, so kubectl reports a partitioned rollout (as it
    // does against Kubernetes).
    assert!(
        out.contains("roll out complete: 3 new pods have been updated"),
        "{out}"
    );
    let st = sets.get("db").await.unwrap().status.unwrap();
    assert_eq!(st.current_revision, st.update_revision);
    // Scale down removes the highest ordinal; claims stay.
    sets.patch(
        "db",
        &PatchParams::default(),
        &Patch::Merge(json!({"spec": {"replicas": 1}})),
    )
    .await
    .unwrap();
    wait_for(30, "only db-0 left", || async {
        let v = ordinal_pods(&pods.list(&Default::default()).await.ok()?.items);
        (v.iter().map(|p| p.0).collect::<Vec<_>>() == [0]).then_some(())
    })
    .await;
    assert_eq!(
        pvcs.list(&Default::default()).await.unwrap().items.len(),
        3,
        "claims outlive their pods"
    );
    node.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cron_job_fires_for_its_missed_schedule_and_records_the_job() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    let cjs: Api<k8s_openapi::api::batch::v1::CronJob> = Api::default_namespaced(c.clone());
    let cj = json!({"metadata": {"name": "tick"}, "spec": {"schedule": "*/1 * * * *", "concurrencyPolicy": "Forbid",
        "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}}}}});
    cjs.create(&PostParams::default(), &serde_json::from_value(cj).unwrap())
        .await
        .unwrap();
    // As if the controller had last run two minutes ago: the latest due time fires now.
    let earlier = rk_date(-120);
    cjs.patch_status(
        "tick",
        &PatchParams::default(),
        &Patch::Merge(json!({"status": {"lastScheduleTime": earlier}})),
    )
    .await
    .unwrap();
    let jobs: Api<k8s_openapi::api::batch::v1::Job> = Api::default_namespaced(c.clone());
    let job = wait_for(30, "a job of the cron job", || async {
        jobs.list(&Default::default())
            .await
            .ok()?
            .items
            .into_iter()
            .find(|j| {
                j.metadata
                    .name
                    .as_deref()
                    .is_some_and(|n| n.starts_with("tick-"))
            })
    })
    .await;
    let name = job.metadata.name.clone().unwrap();
    let minutes: i64 = name.trim_start_matches("tick-").parse().unwrap();
    let scheduled = job.metadata.annotations.as_ref().unwrap()["batch.kubernetes.io/cronjob-scheduled-timestamp"].clone();
    assert!(scheduled.ends_with(":00Z"), "{scheduled}");
    let owner = job.metadata.owner_references.unwrap()[0].clone();
    assert_eq!(
        (owner.kind.as_str(), owner.name.as_str(), owner.controller),
        ("CronJob", "tick", Some(true))
    );
    let st = wait_for(30, "status.active", || async {
        let s = cjs.get("tick").await.ok()?.status?;
        s.active.as_ref().is_some_and(|a| a.len() == 1).then_some(s)
    })
    .await;
    assert_eq!(st.last_schedule_time.unwrap().0.as_second() / 60, minutes);
    // The Job finishes (the test plays the node): active empties, lastSuccessfulTime is set.
    let node = play_node_with(&c, "default", |p| {
        (p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Pending"))
            .then(|| json!({"status": {"phase": "Succeeded"}}))
    });
    wait_for(60, "lastSuccessfulTime", || async {
        let s = cjs.get("tick").await.ok()?.status?;
        (s.last_successful_time.is_some() && s.active.is_none()).then_some(())
    })
    .await;
    let table = rkd_ok(&rkd, &["get", "cronjob", "tick"]);
    assert!(table.contains("*/1 * * * *"), "{table}");
    node.abort();
}

/// An RFC 3339 UTC time `secs` from now.
fn rk_date(secs: i64) -> String {
    let out = std::process::Command::new("date")
        .args([
            "-u",
            "-d",
            &format!("{secs} seconds"),
            "+%Y-%m-%dT%H:%M:%SZ",
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoints_and_endpoint_slices_follow_pod_readiness_and_termination() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    create_namespace(&c, "ep").await;
    let svcs: Api<k8s_openapi::api::core::v1::Service> = Api::namespaced(c.clone(), "ep");
    let svc = json!({"metadata": {"name": "web"}, "spec": {"selector": {"app": "web"},
        "ports": [{"name": "http", "port": 80, "targetPort": "http"}]}});
    svcs.create(
        &PostParams::default(),
        &serde_json::from_value(svc).unwrap(),
    )
    .await
    .unwrap();
    let pods: Api<Pod> = Api::namespaced(c.clone(), "ep");
    for (i, port) in [(1, 8080), (2, 8080), (3, 8080)] {
        let p = json!({"metadata": {"name": format!("web-{i}"), "labels": {"app": "web"}},
            "spec": {"nodeName": "n1", "containers": [{"name": "c", "image": "nginx", "ports": [{"name": "http", "containerPort": port}]}]}});
        pods.create(&PostParams::default(), &serde_json::from_value(p).unwrap())
            .await
            .unwrap();
        let ready = if i == 2 { "False" } else { "True" };
        let st = json!({"status": {"phase": "Running", "podIP": format!("10.42.0.{i}"), "conditions": [{"type": "Ready", "status": ready}]}});
        pods.patch_status(
            &format!("web-{i}"),
            &PatchParams::default(),
            &Patch::Merge(&st),
        )
        .await
        .unwrap();
    }
    let eps: Api<k8s_openapi::api::core::v1::Endpoints> = Api::namespaced(c.clone(), "ep");
    let ips = |a: &Option<Vec<k8s_openapi::api::core::v1::EndpointAddress>>| {
        let mut v: Vec<String> = a.iter().flatten().map(|a| a.ip.clone()).collect();
        v.sort();
        v
    };
    wait_for(30, "endpoints of the ready and not-ready pods", || async {
        let e = eps.get_opt("web").await.ok()??;
        let s = e.subsets?.into_iter().next()?;
        (ips(&s.addresses) == ["10.42.0.1", "10.42.0.3"]
            && ips(&s.not_ready_addresses) == ["10.42.0.2"]
            && s.ports?[0].port == 8080)
            .then_some(())
    })
    .await;
    // A terminating pod (graceful deletion on its node) leaves Endpoints; its slice entry says
    // terminating, still serving.
    pods.delete("web-3", &Default::default()).await.unwrap();
    let slices: Api<k8s_openapi::api::discovery::v1::EndpointSlice> =
        Api::namespaced(c.clone(), "ep");
    wait_for(30, "the terminating endpoint", || async {
        let e = eps.get_opt("web").await.ok()??;
        let s = e.subsets?.into_iter().next()?;
        let list = slices
            .list(&kube::api::ListParams::default().labels("kubernetes.io/service-name=web"))
            .await
            .ok()?
            .items;
        if list.len() != 1 {
            return None;
        }
        let slice = &list[0];
        let t = slice
            .endpoints
            .iter()
            .find(|e| e.addresses == ["10.42.0.3"])?;
        let cond = t.conditions.clone()?;
        let ok = ips(&s.addresses) == ["10.42.0.1"]
            && cond
                == k8s_openapi::api::discovery::v1::EndpointConditions {
                    ready: Some(false),
                    serving: Some(true),
                    terminating: Some(true),
                }
            && slice.endpoints.len() == 3
            && slice.ports.as_ref()?[0].port == Some(8080)
            && slice.metadata.owner_references.as_ref()?[0].kind == "Service";
        ok.then_some(())
    })
    .await;
    let table = rkd_ok(&rkd, &["-n", "ep", "get", "endpoints", "web"]);
    assert!(table.contains("10.42.0.1:8080"), "{table}");
    // The service goes: its Endpoints go too (slices by their owner reference).
    svcs.delete("web", &Default::default()).await.unwrap();
    wait_for(30, "endpoints and slices gone", || async {
        let none_ep = eps.get_opt("web").await.ok()?.is_none();
        let none_sl = slices
            .list(&kube::api::ListParams::default().labels("kubernetes.io/service-name=web"))
            .await
            .ok()?
            .items
            .is_empty();
        (none_ep && none_sl).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pod_disruption_budget_reports_how_many_disruptions_it_allows() {
    let rkd = Rkd::start("apiserver", &[]);
    let _cm = ControllerManager::start(&rkd, 1, &[]);
    let c = client(&rkd).await;
    create_namespace(&c, "pdb").await;
    let node = play_node(&c, "pdb");
    Api::<k8s_openapi::api::apps::v1::Deployment>::namespaced(c.clone(), "pdb")
        .create(
            &PostParams::default(),
            &deployment("web", 3, "nginx", json!({})),
        )
        .await
        .unwrap();
    rkd_ok(
        &rkd,
        &[
            "-n",
            "pdb",
            "rollout",
            "status",
            "deployment/web",
            "--timeout=60s",
        ],
    );
    let pdbs: Api<k8s_openapi::api::policy::v1::PodDisruptionBudget> =
        Api::namespaced(c.clone(), "pdb");
    let min = json!({"metadata": {"name": "min"}, "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "web"}}}});
    let max = json!({"metadata": {"name": "max"}, "spec": {"maxUnavailable": "34%", "selector": {"matchLabels": {"app": "web"}}}});
    pdbs.create(
        &PostParams::default(),
        &serde_json::from_value(min).unwrap(),
    )
    .await
    .unwrap();
    pdbs.create(
        &PostParams::default(),
        &serde_json::from_value(max).unwrap(),
    )
    .await
    .unwrap();
    for (name, desired) in [("min", 2), ("max", 1)] {
        let s = wait_for(30, "PDB status", || async {
            let s = pdbs.get(name).await.ok()?.status?;
            (s.current_healthy == 3).then_some(s)
        })
        .await;
        assert_eq!(
            (s.expected_pods, s.desired_healthy, s.disruptions_allowed),
            (3, desired, 3 - desired),
            "{name}"
        );
        let cond = s
            .conditions
            .unwrap()
            .into_iter()
            .find(|c| c.type_ == "DisruptionAllowed")
            .unwrap();
        assert_eq!(
            (cond.status.as_str(), cond.reason.as_str()),
            ("True", "SufficientPods")
        );
    }
    // One pod stops being ready: min allows nothing more.
    node.abort();
    let victim = Api::<Pod>::namespaced(c.clone(), "pdb")
        .list(&Default::default())
        .await
        .unwrap()
        .items[0]
        .metadata
        .name
        .clone()
        .unwrap();
    let st = json!({"status": {"conditions": [{"type": "Ready", "status": "False"}]}});
    Api::<Pod>::namespaced(c.clone(), "pdb")
        .patch_status(&victim, &PatchParams::default(), &Patch::Merge(&st))
        .await
        .unwrap();
    wait_for(30, "no disruption allowed", || async {
        let s = pdbs.get("min").await.ok()?.status?;
        (s.current_healthy == 2 && s.disruptions_allowed == 0).then_some(())
    })
    .await;
    let table = rkd_ok(&rkd, &["-n", "pdb", "get", "pdb", "min"]);
    assert!(
        table
            .lines()
            .nth(1)
            .is_some_and(|l| l.split_whitespace().nth(3) == Some("0")),
        "{table}"
    );
}
