//! Node-facing controllers end to end on simulated nodes: a node whose agent is killed goes
//! NotReady, is tainted, and its pods are evicted and recreated elsewhere; a DaemonSet follows
//! nodes joining and leaving; `kubectl drain` (1.33) waits on a PodDisruptionBudget; of two
//! controller managers only the leader acts. `rkd server` (or `rkd apiserver` with separate
//! controller managers and scheduler), `rkd agent --runtime sim` processes, kubectl 1.33.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sim_support;

use std::time::{Duration, Instant};

use serde_json::Value;
use sim_support::*;

fn pods_of(c: &Cluster, ns: &str, app: &str) -> Vec<Value> {
    c.items(&["pods", "-n", ns, "-l", &format!("app={app}")])
}

fn serving_nodes(pods: &[Value]) -> Vec<String> {
    pods.iter().filter(|p| serving(p)).map(node_of).collect()
}

#[test]
fn a_node_that_stops_heartbeating_goes_not_ready_is_tainted_and_its_pods_are_recreated_elsewhere() {
    let mut c = Cluster::server("server", &[]);
    c.add_agent("doomed-", 2);
    c.k(&["create", "namespace", "heal"]);
    let tolerations = "      tolerations:\n      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}\n      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}\n";
    let yaml = deployment("heal", "web", 6, "nginx:1.25", "").replace(
        "      terminationGracePeriodSeconds: 0\n",
        &format!("      terminationGracePeriodSeconds: 0\n{tolerations}"),
    );
    c.apply(&yaml);
    c.k(&[
        "rollout",
        "status",
        "deployment/web",
        "-n",
        "heal",
        "--timeout=60s",
    ]);
    let before = pods_of(&c, "heal", "web");
    assert!(
        serving_nodes(&before)
            .iter()
            .all(|n| n.starts_with("doomed-"))
    );
    c.add_agent("safe-", 2);

    // kill -9 the agent holding doomed-0 and doomed-1.
    c.agents[0].kill9();
    let killed = Instant::now();
    c.wait("doomed-0 not Ready", 60, || {
        let n = c.get_json(&["node", "doomed-0"])?;
        (condition(&n, "Ready").as_deref() == Some("Unknown")).then_some(())
    });
    let took = killed.elapsed();
    eprintln!(
        "doomed-0 NotReady {:.1} s after its agent died (grace {:?} + heartbeat {:?})",
        took.as_secs_f64(),
        GRACE,
        HEARTBEAT
    );
    // Within the grace period plus one heartbeat, plus the monitor period and slack for a
    // loaded machine.
    assert!(
        took < GRACE + HEARTBEAT + Duration::from_secs(6),
        "{took:?}"
    );
    let node = c.wait("the unreachable taints", 30, || {
        let n = c.get_json(&["node", "doomed-0"])?;
        let taints = n["spec"]["taints"].as_array()?.clone();
        let has = |effect: &str| {
            taints
                .iter()
                .any(|t| t["key"] == "node.kubernetes.io/unreachable" && t["effect"] == effect)
        };
        (has("NoExecute") && has("NoSchedule")).then_some(n)
    });
    let reason = node["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "Ready")
        .unwrap()["reason"]
        .clone();
    assert_eq!(reason, "NodeStatusUnknown");

    // After tolerationSeconds the pods are evicted and the ReplicaSet recreates them on the
    // nodes that still heartbeat.
    c.wait("six serving pods on safe nodes", 60, || {
        let nodes = serving_nodes(&pods_of(&c, "heal", "web"));
        (nodes.len() == 6 && nodes.iter().all(|n| n.starts_with("safe-"))).then_some(())
    });
    let e = c.wait_event("default", "Node", "NodeNotReady", "Node doomed-");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .ends_with("status is now: NodeNotReady"),
        "{e}"
    );
    assert_eq!(e["source"]["component"], "node-controller");
    let e = c.wait_event(
        "heal",
        "Pod",
        "TaintManagerEviction",
        "Marking for deletion Pod heal/web-",
    );
    assert_eq!(e["source"]["component"], "taint-eviction-controller");
    let e = c.wait_event("heal", "Pod", "NodeNotReady", "Node is not ready");
    assert_eq!(e["type"], "Warning");
}

#[test]
fn a_daemon_set_follows_nodes_joining_and_leaving() {
    let mut c = Cluster::server("server", &[]);
    c.add_agent("a-", 2);
    c.k(&["create", "namespace", "ds"]);
    c.apply(
        r#"apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ds}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      terminationGracePeriodSeconds: 0
      containers: [{name: main, image: fluent-bit}]
"#,
    );
    let on = |c: &Cluster, want: &[&str]| {
        let mut nodes = serving_nodes(&pods_of(c, "ds", "agent"));
        nodes.sort();
        let ds = c.get_json(&["daemonset", "agent", "-n", "ds"])?;
        (nodes == want
            && ds["status"]["desiredNumberScheduled"] == want.len()
            && ds["status"]["numberReady"] == want.len())
        .then_some(())
    };
    c.wait("a daemon pod on a-0 and a-1", 60, || {
        on(&c, &["a-0", "a-1"])
    });
    // A second agent process joins a node.
    let b = c.add_agent("b-", 1);
    c.wait("a daemon pod on b-0 too", 60, || {
        on(&c, &["a-0", "a-1", "b-0"])
    });
    c.wait_event("ds", "DaemonSet", "SuccessfulCreate", "Created pod: agent-");
    // It leaves: the agent dies and its node is deleted; its daemon pod goes with it.
    c.agents[b].kill9();
    c.k(&["delete", "node", "b-0"]);
    c.wait("daemon pods on a-0 and a-1 only", 60, || {
        let pods = pods_of(&c, "ds", "agent");
        (pods.len() == 2).then_some(())?;
        on(&c, &["a-0", "a-1"])
    });
}

#[test]
fn kubectl_drain_waits_on_a_pod_disruption_budget_and_proceeds_once_it_allows() {
    let mut c = Cluster::server("server", &[]);
    c.add_agent("a-", 1);
    c.k(&["create", "namespace", "drain"]);
    c.apply(&deployment("drain", "web", 3, "nginx:1.25", ""));
    c.apply(
        r#"apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: drain}
spec:
  minAvailable: 3
  selector: {matchLabels: {app: web}}
"#,
    );
    c.k(&[
        "rollout",
        "status",
        "deployment/web",
        "-n",
        "drain",
        "--timeout=60s",
    ]);
    c.wait("the budget to allow nothing", 30, || {
        let pdb = c.get_json(&["pdb", "web", "-n", "drain"])?;
        (pdb["status"]["currentHealthy"] == 3 && pdb["status"]["disruptionsAllowed"] == 0)
            .then_some(())
    });
    c.add_agent("b-", 1);

    let mut drain = kubectl_background(
        &c.rkd,
        &[
            "drain",
            "a-0",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--timeout=120s",
        ],
    );
    // Cordoned at once, then blocked by the budget: the pods stay.
    c.wait("a-0 cordoned", 30, || {
        let n = c.get_json(&["node", "a-0"])?;
        (n["spec"]["unschedulable"] == true).then_some(())
    });
    std::thread::sleep(Duration::from_secs(7));
    assert!(
        drain.try_wait().unwrap().is_none(),
        "drain finished despite the budget"
    );
    let nodes = serving_nodes(&pods_of(&c, "drain", "web"));
    assert_eq!(nodes, ["a-0", "a-0", "a-0"]);

    // The budget allows one disruption: drain evicts one pod at a time as replacements on b-0
    // become ready, and finishes.
    c.k(&[
        "patch",
        "pdb",
        "web",
        "-n",
        "drain",
        "--type=merge",
        "-p",
        r#"{"spec":{"minAvailable":2}}"#,
    ]);
    let deadline = Instant::now() + Duration::from_secs(100);
    let status = loop {
        if let Some(s) = drain.try_wait().unwrap() {
            break s;
        }
        let pods = pods_of(&c, "drain", "web");
        let up = pods.iter().filter(|p| serving(p)).count();
        assert!(
            up >= 2,
            "the budget (minAvailable 2) was broken: {up} serving"
        );
        assert!(Instant::now() < deadline, "drain did not finish");
        std::thread::sleep(Duration::from_millis(200));
    };
    let out = drain.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("node/a-0 drained"), "{stdout}");
    assert!(
        stderr.contains("Cannot evict pod as it would violate the pod's disruption budget"),
        "{stderr}"
    );
    c.wait("three serving pods on b-0", 60, || {
        let nodes = serving_nodes(&pods_of(&c, "drain", "web"));
        (nodes == ["b-0", "b-0", "b-0"]).then_some(())
    });
}

#[test]
fn of_two_controller_managers_only_the_leader_acts_and_the_other_takes_over_when_it_dies() {
    let mut c = Cluster::server("apiserver", &[]);
    let lease = [
        "--leader-elect-lease-duration",
        "3s",
        "--leader-elect-renew-deadline",
        "2s",
        "--leader-elect-retry-period",
        "500ms",
        "--resync-period",
        "5s",
    ];
    let cm = |n: usize| {
        let mut args = vec!["controller-manager"];
        args.extend_from_slice(&lease);
        Proc::start(&c.rkd, &format!("cm-{n}.log"), &args)
    };
    let mut cms = [cm(0), cm(1)];
    let _scheduler = Proc::start(&c.rkd, "scheduler.log", &["scheduler"]);
    c.add_agent("sim-", 3);
    let leader = c.wait("a leader", 30, || {
        cms.iter().position(|p| p.log().contains("became leader"))
    });
    let other = 1 - leader;
    c.k(&["create", "namespace", "two"]);
    c.apply(&deployment("two", "web", 10, "nginx:1.25", ""));
    c.k(&[
        "rollout",
        "status",
        "deployment/web",
        "-n",
        "two",
        "--timeout=60s",
    ]);
    assert_eq!(pods_of(&c, "two", "web").len(), 10);
    assert_eq!(c.items(&["replicasets", "-n", "two"]).len(), 1);
    assert!(cms[leader].log().contains("reconciling"));
    assert!(
        !cms[other].log().contains("reconciling"),
        "the standby reconciled: {}",
        cms[other].log()
    );
    let holder = c
        .get_json(&["lease", "rk-controller-manager", "-n", "kube-system"])
        .unwrap()["spec"]["holderIdentity"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(cms[leader].log().contains(&holder), "{holder}");

    // The leader dies: the other takes the Lease and acts.
    cms[leader].kill9();
    c.wait("the standby to lead", 30, || {
        cms[other].log().contains("became leader").then_some(())
    });
    c.k(&["scale", "deployment/web", "--replicas=14", "-n", "two"]);
    c.wait("14 serving pods", 60, || {
        let pods = pods_of(&c, "two", "web");
        assert!(pods.len() <= 14, "{} pods: created twice", pods.len());
        (pods.iter().filter(|p| serving(p)).count() == 14).then_some(())
    });
    assert!(cms[other].log().contains("reconciling"));
}
