//! The scheduler end to end: a real `rkd apiserver`, one or two `rkd scheduler` processes, Node
//! objects created by the test (no agent), pods placed and checked one by one through kube-rs:
//! topology spreading, pod affinity and anti-affinity, taints and the failure report (condition,
//! event, annotation), retry when a fitting node appears, preemption, profiles, and leader
//! election (only the leader binds; kill -9 of the leader hands over within the lease duration).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::{Event, Node, Pod};
use kube::api::{ListParams, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Api, Client, Config};
use rk_e2e::{Rkd, rkd_bin};
use serde_json::json;

/// An `rkd scheduler` process, killed when dropped.
struct Scheduler {
    child: Option<Child>,
    log: std::path::PathBuf,
}

impl Scheduler {
    fn start(rkd: &Rkd, name: &str, extra: &[&str]) -> Scheduler {
        let log = rkd.dir.path().join(format!("scheduler-{name}.log"));
        let file = std::fs::File::create(&log).unwrap();
        let child = Command::new(rkd_bin())
            .args(["scheduler", "--kubeconfig"])
            .arg(rkd.kubeconfig())
            .args(["--identity", name])
            .args(extra)
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .expect("spawn rkd scheduler");
        Scheduler {
            child: Some(child),
            log,
        }
    }

    fn kill_9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill(); // SIGKILL
            let _ = c.wait();
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Scheduler {
    fn drop(&mut self) {
        self.kill_9();
    }
}

async fn client(kubeconfig: &Path) -> Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let kc = Kubeconfig::read_from(kubeconfig).unwrap();
    let config = Config::from_custom_kubeconfig(kc, &KubeConfigOptions::default())
        .await
        .unwrap();
    Client::try_from(config).unwrap()
}

async fn create_node(c: &Client, name: &str, labels: serde_json::Value, extra: serde_json::Value) {
    let mut labels = labels;
    labels["kubernetes.io/hostname"] = name.into();
    let mut v = json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": labels},
        "status": {"capacity": {"cpu": "4", "memory": "32Gi", "pods": "110"},
                   "allocatable": {"cpu": "4", "memory": "32Gi", "pods": "110"},
                   "conditions": [{"type": "Ready", "status": "True"}]}});
    for (k, val) in extra.as_object().unwrap() {
        v[k] = val.clone();
    }
    let node: Node = serde_json::from_value(v.clone()).unwrap();
    let api: Api<Node> = Api::all(c.clone());
    api.create(&PostParams::default(), &node).await.unwrap();
    // Status is ignored on create by a Kubernetes-shaped server: write it through /status.
    let mut current = api.get(name).await.unwrap();
    current.status = node.status.clone();
    api.replace_status(name, &PostParams::default(), &current)
        .await
        .unwrap();
}

fn pod(name: &str, labels: serde_json::Value, spec: serde_json::Value) -> Pod {
    let mut s = json!({"containers": [{"name": "c", "image": "registry.k8s.io/pause:3.10",
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]});
    for (k, v) in spec.as_object().unwrap() {
        s[k] = v.clone();
    }
    serde_json::from_value(json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "labels": labels}, "spec": s}))
    .unwrap()
}

async fn create_pod(c: &Client, p: Pod) {
    Api::<Pod>::namespaced(c.clone(), "default")
        .create(&PostParams::default(), &p)
        .await
        .unwrap();
}

/// Polls `f` every 50 ms until it returns Some, or panics after `secs` with `what`.
async fn wait_for<T, F, Fut>(secs: u64, what: &str, mut f: F) -> T
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
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn node_of(c: &Client, name: &str) -> Option<String> {
    Api::<Pod>::namespaced(c.clone(), "default")
        .get(name)
        .await
        .ok()
        .and_then(|p| p.spec.and_then(|s| s.node_name))
}

async fn bound(c: &Client, name: &str) -> String {
    wait_for(30, &format!("pod {name} to be bound"), || node_of(c, name)).await
}

async fn pod_scheduled_message(c: &Client, name: &str) -> Option<String> {
    let p = Api::<Pod>::namespaced(c.clone(), "default")
        .get(name)
        .await
        .ok()?;
    p.status?
        .conditions?
        .into_iter()
        .find(|c| c.type_ == "PodScheduled" && c.status == "False")
        .filter(|c| c.reason.as_deref() == Some("Unschedulable"))
        .and_then(|c| c.message)
}

/// The PodScheduled=False message once it equals `want`.
async fn wait_message(c: &Client, name: &str, want: &str) {
    let mut last = None;
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        last = pod_scheduled_message(c, name).await;
        if last.as_deref() == Some(want) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("pod {name}: PodScheduled message {last:?}, want {want:?}");
}

fn start_cluster(scheduler_flags: &[&str]) -> (Rkd, Scheduler) {
    let rkd = Rkd::start("apiserver", &[]);
    let mut flags = vec!["--leader-elect=false"];
    flags.extend_from_slice(scheduler_flags);
    let s = Scheduler::start(&rkd, "s1", &flags);
    (rkd, s)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spreading_affinity_and_anti_affinity_place_pods_one_by_one() {
    let (rkd, sched) = start_cluster(&[]);
    let c = client(&rkd.kubeconfig()).await;
    for (i, zone) in ["a", "a", "b", "b", "c", "c"].iter().enumerate() {
        create_node(
            &c,
            &format!("n{i}"),
            json!({"topology.kubernetes.io/zone": zone}),
            json!({}),
        )
        .await;
    }
    let zone_of = |n: &str| match n {
        "n0" | "n1" => "a",
        "n2" | "n3" => "b",
        _ => "c",
    };
    // Spreading: maxSkew 1 over zones, checked after each pod.
    let mut per_zone: BTreeMap<&str, i32> = BTreeMap::new();
    for i in 0..6 {
        let name = format!("spread-{i}");
        create_pod(&c, pod(&name, json!({"app": "spread"}), json!({"topologySpreadConstraints": [{
            "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
            "labelSelector": {"matchLabels": {"app": "spread"}}}]}))).await;
        let node = bound(&c, &name).await;
        *per_zone.entry(zone_of(&node)).or_default() += 1;
        let (min, max) = (
            ["a", "b", "c"]
                .iter()
                .map(|z| per_zone.get(z).copied().unwrap_or(0))
                .min()
                .unwrap(),
            per_zone.values().copied().max().unwrap(),
        );
        assert!(
            max - min <= 1,
            "after {name} on {node}: {per_zone:?}\n{}",
            sched.log()
        );
    }
    assert_eq!(
        per_zone.values().copied().collect::<Vec<_>>(),
        vec![2, 2, 2]
    );

    // Anti-affinity by hostname: each pod on its own node; the seventh has nowhere to go.
    let anti = |name: &str| {
        pod(
            name,
            json!({"app": "solo"}),
            json!({"affinity": {"podAntiAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": {"app": "solo"}},
        "topologyKey": "kubernetes.io/hostname"}]}}}),
        )
    };
    let mut used = Vec::new();
    for i in 0..6 {
        let name = format!("solo-{i}");
        create_pod(&c, anti(&name)).await;
        let node = bound(&c, &name).await;
        assert!(
            !used.contains(&node),
            "{name} joined another solo pod on {node}"
        );
        used.push(node);
    }
    create_pod(&c, anti("solo-6")).await;
    wait_message(
        &c,
        "solo-6",
        "0/6 nodes are available: 6 node(s) didn't match pod anti-affinity rules. \
         preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod.",
    )
    .await;

    // Affinity: follows the db pod's zone.
    create_pod(
        &c,
        pod(
            "db",
            json!({"app": "db"}),
            json!({"nodeSelector": {"kubernetes.io/hostname": "n4"}}),
        ),
    )
    .await;
    assert_eq!(bound(&c, "db").await, "n4");
    for i in 0..3 {
        let name = format!("web-{i}");
        create_pod(&c, pod(&name, json!({"app": "web"}), json!({"affinity": {"podAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": {"app": "db"}},
            "topologyKey": "topology.kubernetes.io/zone"}]}}}))).await;
        let node = bound(&c, &name).await;
        assert_eq!(zone_of(&node), "c", "{name} on {node}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taints_and_resources_are_reported_as_kubernetes_does_and_pods_retry_when_a_node_fits() {
    let (rkd, _sched) = start_cluster(&[]);
    let c = client(&rkd.kubeconfig()).await;
    create_node(
        &c,
        "tainted",
        json!({}),
        json!({"spec": {"taints": [{"key": "node-role", "value": "x", "effect": "NoSchedule"}]}}),
    )
    .await;
    create_node(&c, "small", json!({}), json!({})).await;
    create_pod(
        &c,
        pod(
            "big",
            json!({}),
            json!({"containers": [{"name": "c", "image": "pause",
        "resources": {"requests": {"cpu": "3500m"}}}]}),
        ),
    )
    .await;
    assert_eq!(bound(&c, "big").await, "small");
    create_pod(
        &c,
        pod(
            "pending",
            json!({}),
            json!({"containers": [{"name": "c", "image": "pause",
        "resources": {"requests": {"cpu": "1"}}}]}),
        ),
    )
    .await;
    let want = "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role: x}. \
                preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, \
                1 Preemption is not helpful for scheduling.";
    wait_message(&c, "pending", want).await;
    let p = Api::<Pod>::namespaced(c.clone(), "default")
        .get("pending")
        .await
        .unwrap();
    let ann: serde_json::Value =
        serde_json::from_str(&p.metadata.annotations.unwrap()["scheduler.rk.dev/unschedulable"])
            .unwrap();
    assert_eq!(
        ann,
        json!({"Insufficient cpu": ["small"], "node(s) had untolerated taint {node-role: x}": ["tainted"]})
    );
    let events = Api::<Event>::namespaced(c.clone(), "default")
        .list(&ListParams::default().fields("involvedObject.name=pending"))
        .await
        .unwrap();
    assert!(
        events
            .items
            .iter()
            .any(|e| e.reason.as_deref() == Some("FailedScheduling")
                && e.type_.as_deref() == Some("Warning")
                && e.message.as_deref() == Some(want)),
        "{:?}",
        events.items
    );
    // A tolerating pod may use the tainted node.
    create_pod(&c, pod("tolerant", json!({}), json!({"tolerations": [{"key": "node-role", "operator": "Equal", "value": "x", "effect": "NoSchedule"}],
        "nodeSelector": {"kubernetes.io/hostname": "tainted"}}))).await;
    assert_eq!(bound(&c, "tolerant").await, "tainted");
    // A node that fits appears: the parked pod is retried at once (not after the 60 s flush).
    let t = Instant::now();
    create_node(&c, "roomy", json!({}), json!({})).await;
    assert_eq!(bound(&c, "pending").await, "roomy");
    assert!(t.elapsed() < Duration::from_secs(30));
    // A pod for another scheduler is left alone.
    create_pod(
        &c,
        pod("other", json!({}), json!({"schedulerName": "someone-else"})),
    )
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(node_of(&c, "other").await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_higher_priority_pod_preempts_a_lower_priority_one() {
    let (rkd, sched) = start_cluster(&[]);
    let c = client(&rkd.kubeconfig()).await;
    let pcs: Api<k8s_openapi::api::scheduling::v1::PriorityClass> = Api::all(c.clone());
    pcs.create(
        &PostParams::default(),
        &serde_json::from_value(json!({"apiVersion": "scheduling.k8s.io/v1",
        "kind": "PriorityClass", "metadata": {"name": "high"}, "value": 1000}))
        .unwrap(),
    )
    .await
    .unwrap();
    create_node(&c, "only", json!({}), json!({})).await;
    let cpu =
        |c: &str| json!([{"name": "c", "image": "pause", "resources": {"requests": {"cpu": c}}}]);
    create_pod(
        &c,
        pod(
            "low",
            json!({}),
            json!({"containers": cpu("3"), "terminationGracePeriodSeconds": 0}),
        ),
    )
    .await;
    assert_eq!(bound(&c, "low").await, "only");
    create_pod(
        &c,
        pod(
            "high",
            json!({}),
            json!({"containers": cpu("2"), "priorityClassName": "high"}),
        ),
    )
    .await;
    let pods: Api<Pod> = Api::namespaced(c.clone(), "default");
    let nominated = wait_for(30, "high's nominatedNodeName", || async {
        pods.get("high").await.ok()?.status?.nominated_node_name
    })
    .await;
    assert_eq!(nominated, "only");
    // The victim goes (immediately: its grace period is 0), then the preemptor is bound.
    wait_for(30, "the victim to be deleted", || async {
        match pods.get_opt("low").await.unwrap() {
            None => Some(()),
            Some(p) if p.metadata.deletion_timestamp.is_some() => {
                let _ = pods
                    .delete(
                        "low",
                        &kube::api::DeleteParams {
                            grace_period_seconds: Some(0),
                            ..Default::default()
                        },
                    )
                    .await;
                None
            }
            Some(_) => None,
        }
    })
    .await;
    assert_eq!(bound(&c, "high").await, "only", "{}", sched.log());
}

async fn lease_holder(c: &Client) -> Option<(String, i32)> {
    let l = Api::<Lease>::namespaced(c.clone(), "kube-system")
        .get_opt("rk-scheduler")
        .await
        .ok()??;
    let s = l.spec?;
    Some((
        s.holder_identity.filter(|h| !h.is_empty())?,
        s.lease_transitions.unwrap_or(0),
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_schedulers_only_the_leader_binds_and_kill_9_hands_over_within_the_lease() {
    let rkd = Rkd::start("apiserver", &[]);
    let c = client(&rkd.kubeconfig()).await;
    let lease = [
        "--leader-elect-lease-duration",
        "3s",
        "--leader-elect-renew-deadline",
        "2s",
        "--leader-elect-retry-period",
        "250ms",
    ];
    let mut a = Scheduler::start(&rkd, "sched-a", &lease);
    let (holder, _) = wait_for(30, "a lease holder", || lease_holder(&c)).await;
    assert_eq!(holder, "sched-a");
    let b = Scheduler::start(&rkd, "sched-b", &lease);
    create_node(&c, "n1", json!({}), json!({})).await;
    for i in 0..10 {
        create_pod(&c, pod(&format!("p{i}"), json!({}), json!({}))).await;
    }
    for i in 0..10 {
        bound(&c, &format!("p{i}")).await;
    }
    // Scheduled events are written after the bindings, by the scheduler's event writer.
    let binders: Vec<String> = wait_for(30, "ten Scheduled events", || async {
        let events = Api::<Event>::namespaced(c.clone(), "default")
            .list(&ListParams::default())
            .await
            .ok()?;
        let binders: Vec<String> = events
            .items
            .iter()
            .filter(|e| e.reason.as_deref() == Some("Scheduled"))
            .filter_map(|e| e.reporting_instance.clone())
            .collect();
        (binders.len() >= 10).then_some(binders)
    })
    .await;
    assert_eq!(binders.len(), 10, "{binders:?}");
    assert!(binders.iter().all(|b| b == "sched-a"), "{binders:?}");
    assert_eq!(
        lease_holder(&c).await.unwrap().0,
        "sched-a",
        "b log: {}",
        b.log()
    );

    let killed = Instant::now();
    a.kill_9();
    create_pod(&c, pod("after", json!({}), json!({}))).await;
    let (holder, transitions) = wait_for(30, "sched-b to take the lease", || async {
        lease_holder(&c).await.filter(|(h, _)| h == "sched-b")
    })
    .await;
    let handover = killed.elapsed();
    assert_eq!(holder, "sched-b");
    assert!(transitions >= 1);
    bound(&c, "after").await;
    println!("lease handover after kill -9: {handover:?} (lease duration 3s, retry 250ms)");
    // Taking over needs a whole lease duration unseen renewals, plus one retry period.
    assert!(
        handover < Duration::from_secs(3) + Duration::from_secs(3),
        "handover took {handover:?}"
    );
    drop(b);
}
