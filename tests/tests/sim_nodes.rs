//! Simulated nodes end to end: `rkd apiserver` + `rkd agent --runtime sim --nodes N`, observed
//! with the real kubectl 1.33 — nodes join and heartbeat, pods bound to them (spec.nodeName set,
//! no scheduler) run, finish, fail and stay unready as their annotations ask, deletion
//! completes, and a kill -9 of the agent neither restarts nor rewrites anything.

use std::time::Duration;

use rk_e2e::{Agent, Rkd, ok_stdout, wait_for};
use serde_json::Value;

const KUBECTL: u32 = 33;
const WITHIN: Duration = Duration::from_secs(30);

fn get_json(rkd: &Rkd, args: &[&str]) -> Option<Value> {
    let mut all = vec!["get"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", "json"]);
    let out = rkd.kubectl(KUBECTL, &all);
    out.status
        .success()
        .then(|| serde_json::from_slice(&out.stdout).ok())
        .flatten()
}

fn create(rkd: &Rkd, file: &str, yaml: &str) {
    let path = rkd.dir.path().join(file);
    std::fs::write(&path, yaml).unwrap();
    ok_stdout(&rkd.kubectl(
        KUBECTL,
        &["create", "--validate=false", "-f", path.to_str().unwrap()],
    ));
}

fn pod_yaml(name: &str, node: &str, policy: &str, annotations: &[(&str, &str)]) -> String {
    let ann: Vec<String> = annotations
        .iter()
        .map(|(k, v)| format!("{k}: {v:?}"))
        .collect();
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: default\n  annotations: {{{}}}\nspec:\n  nodeName: {node}\n  restartPolicy: {policy}\n  containers:\n  - name: main\n    image: busybox:1.36\n---\n",
        ann.join(", ")
    )
}

fn condition(pod: &Value, kind: &str) -> Option<String> {
    pod.pointer("/status/conditions")?
        .as_array()?
        .iter()
        .find(|c| c["type"] == kind)?
        .get("status")?
        .as_str()
        .map(str::to_string)
}

fn phase(pod: &Value) -> &str {
    pod.pointer("/status/phase")
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The pod once `done` holds for it.
fn wait_pod(
    rkd: &Rkd,
    agent: &Agent,
    name: &str,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        wait_for(&format!("pod {name} {what}"), WITHIN, || {
            get_json(rkd, &["pod", name]).filter(|p| done(p))
        })
    }));
    match r {
        Ok(p) => p,
        Err(e) => {
            eprintln!("agent log:\n{}\napiserver log:\n{}", agent.log(), rkd.log());
            std::panic::resume_unwind(e)
        }
    }
}

#[test]
fn three_simulated_nodes_register_ready_and_renew_their_leases() {
    let rkd = Rkd::start("apiserver", &[]);
    let agent = Agent::start(
        &rkd,
        "agent.log",
        &[
            "--runtime",
            "sim",
            "--nodes",
            "3",
            "--node-heartbeat-interval",
            "1s",
        ],
    );
    let nodes = wait_for("3 Ready nodes", WITHIN, || {
        let list = get_json(&rkd, &["nodes"])?;
        let items = list["items"].as_array()?.clone();
        (items.len() == 3
            && items
                .iter()
                .all(|n| condition(n, "Ready").as_deref() == Some("True")))
        .then_some(items)
    });
    let mut names: Vec<&str> = nodes
        .iter()
        .filter_map(|n| n.pointer("/metadata/name").and_then(Value::as_str))
        .collect();
    names.sort();
    assert_eq!(names, ["sim-0", "sim-1", "sim-2"]);
    let mut ips = Vec::new();
    for n in &nodes {
        assert_eq!(
            n.pointer("/metadata/labels/kubernetes.io~1os")
                .and_then(Value::as_str),
            Some("linux")
        );
        assert_eq!(
            n.pointer("/metadata/labels/kubernetes.io~1hostname"),
            n.pointer("/metadata/name")
        );
        assert_eq!(
            n.pointer("/status/capacity/pods").and_then(Value::as_str),
            Some("110")
        );
        assert_eq!(
            n.pointer("/status/allocatable/memory")
                .and_then(Value::as_str),
            Some("256Gi")
        );
        for kind in ["MemoryPressure", "DiskPressure", "PIDPressure"] {
            assert_eq!(
                condition(n, kind).as_deref(),
                Some("False"),
                "{kind} of {n}"
            );
        }
        ips.push(
            n.pointer("/status/addresses/0/address")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        );
    }
    ips.sort();
    ips.dedup();
    assert_eq!(ips.len(), 3, "each simulated node has its own address");

    // kubectl prints them as Kubernetes does.
    let wide = ok_stdout(&rkd.kubectl(KUBECTL, &["get", "nodes"]));
    assert!(
        wide.lines().filter(|l| l.contains(" Ready ")).count() == 3,
        "{wide}"
    );

    let lease = wait_for("sim-0's lease", WITHIN, || {
        get_json(&rkd, &["lease", "-n", "kube-node-lease", "sim-0"])
    });
    assert_eq!(
        lease
            .pointer("/spec/holderIdentity")
            .and_then(Value::as_str),
        Some("sim-0")
    );
    assert_eq!(
        lease
            .pointer("/metadata/ownerReferences/0/kind")
            .and_then(Value::as_str),
        Some("Node")
    );
    let first = lease.pointer("/spec/renewTime").cloned();
    wait_for("the lease to be renewed", WITHIN, || {
        let l = get_json(&rkd, &["lease", "-n", "kube-node-lease", "sim-0"])?;
        (l.pointer("/spec/renewTime").cloned() != first).then_some(())
    });
    drop(agent);
}

#[test]
fn simulated_pods_run_finish_fail_stay_unready_and_delete_as_asked() {
    let rkd = Rkd::start("apiserver", &[]);
    let agent = Agent::start(
        &rkd,
        "agent.log",
        &[
            "--runtime",
            "sim",
            "--nodes",
            "3",
            "--sim-run-duration",
            "1s",
        ],
    );
    let yaml = [
        pod_yaml("web", "sim-0", "Always", &[]),
        pod_yaml("job", "sim-1", "Never", &[]),
        pod_yaml("crash", "sim-1", "Never", &[("sim.rk.dev/exit-code", "3")]),
        pod_yaml(
            "unready",
            "sim-2",
            "Always",
            &[("sim.rk.dev/ready", "false")],
        ),
        pod_yaml(
            "slow",
            "sim-2",
            "Always",
            &[("sim.rk.dev/start-delay", "2s")],
        ),
    ]
    .concat();
    create(&rkd, "pods.yaml", &yaml);

    let web = wait_pod(&rkd, &agent, "web", "Running and Ready", |p| {
        phase(p) == "Running" && condition(p, "Ready").as_deref() == Some("True")
    });
    let ip = web
        .pointer("/status/podIP")
        .and_then(Value::as_str)
        .unwrap_or("");
    assert!(ip.starts_with("10."), "a pod IP: {web}");
    assert_eq!(
        web.pointer("/status/podIPs/0/ip").and_then(Value::as_str),
        Some(ip)
    );
    assert_eq!(
        web.pointer("/status/hostIP").and_then(Value::as_str),
        Some("172.16.0.1")
    );
    assert!(web.pointer("/status/startTime").is_some());
    assert_eq!(
        web.pointer("/status/qosClass").and_then(Value::as_str),
        Some("BestEffort")
    );
    let cs = web.pointer("/status/containerStatuses/0").unwrap();
    assert!(
        cs["containerID"]
            .as_str()
            .unwrap_or("")
            .starts_with("sim://"),
        "{cs}"
    );
    assert!(cs.pointer("/state/running/startedAt").is_some(), "{cs}");
    assert_eq!(
        (
            cs["ready"].as_bool(),
            cs["started"].as_bool(),
            cs["restartCount"].as_i64()
        ),
        (Some(true), Some(true), Some(0))
    );
    for kind in [
        "PodReadyToStartContainers",
        "Initialized",
        "ContainersReady",
        "PodScheduled",
    ] {
        assert_eq!(condition(&web, kind).as_deref(), Some("True"), "{kind}");
    }

    let job = wait_pod(&rkd, &agent, "job", "Succeeded", |p| {
        phase(p) == "Succeeded"
    });
    assert_eq!(
        job.pointer("/status/containerStatuses/0/state/terminated/exitCode")
            .and_then(Value::as_i64),
        Some(0)
    );
    assert_eq!(
        job.pointer("/status/containerStatuses/0/state/terminated/reason")
            .and_then(Value::as_str),
        Some("Completed")
    );

    let crash = wait_pod(&rkd, &agent, "crash", "Failed", |p| phase(p) == "Failed");
    assert_eq!(
        crash
            .pointer("/status/containerStatuses/0/state/terminated/exitCode")
            .and_then(Value::as_i64),
        Some(3)
    );

    let unready = wait_pod(&rkd, &agent, "unready", "Running", |p| {
        phase(p) == "Running"
    });
    assert_eq!(condition(&unready, "Ready").as_deref(), Some("False"));
    assert_eq!(
        condition(&unready, "ContainersReady").as_deref(),
        Some("False")
    );

    wait_pod(&rkd, &agent, "slow", "Running after its start delay", |p| {
        phase(p) == "Running" && condition(p, "Ready").as_deref() == Some("True")
    });

    // kubectl's columns read the status as on Kubernetes.
    let table = ok_stdout(&rkd.kubectl(KUBECTL, &["get", "pods"]));
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("job ") && l.contains("Completed")),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("crash ") && l.contains("Error")),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("unready ") && l.contains("0/1") && l.contains("Running")),
        "{table}"
    );

    // Graceful deletion: the agent stops the pod and completes the delete.
    ok_stdout(&rkd.kubectl(KUBECTL, &["delete", "pod", "web", "--timeout=30s"]));
    let out = rkd.kubectl(KUBECTL, &["get", "pod", "web"]);
    assert!(
        !out.status.success() && String::from_utf8_lossy(&out.stderr).contains("NotFound"),
        "{out:?}"
    );
    // A finished pod is deleted at once by the API server.
    ok_stdout(&rkd.kubectl(KUBECTL, &["delete", "pod", "job", "--timeout=30s"]));
}

#[test]
fn a_killed_agent_restarts_without_restarting_or_rewriting_its_pods() {
    let rkd = Rkd::start("apiserver", &[]);
    let agent_dir = rkd.dir.path().join("agent-data");
    let dir = agent_dir.to_str().unwrap();
    let mut agent = Agent::start(
        &rkd,
        "agent.log",
        &[
            "--runtime",
            "sim",
            "--nodes",
            "2",
            "--data-dir",
            dir,
            "--node-heartbeat-interval",
            "1s",
        ],
    );
    let yaml = [
        pod_yaml("a", "sim-0", "Always", &[]),
        pod_yaml("b", "sim-1", "Always", &[]),
        pod_yaml("done", "sim-1", "Never", &[]),
    ]
    .concat();
    create(&rkd, "pods.yaml", &yaml);
    let before: Vec<Value> = ["a", "b"]
        .iter()
        .map(|n| {
            wait_pod(&rkd, &agent, n, "Ready", |p| {
                condition(p, "Ready").as_deref() == Some("True")
            })
        })
        .chain([wait_pod(&rkd, &agent, "done", "Succeeded", |p| {
            phase(p) == "Succeeded"
        })])
        .collect();
    let cert = std::fs::read(agent_dir.join("nodes/sim-0/client.crt"))
        .expect("sim-0's credentials are kept in the data dir");

    agent.kill9();
    let lease = get_json(&rkd, &["lease", "-n", "kube-node-lease", "sim-0"]).unwrap();
    agent.restart();
    // The restarted agent is heartbeating again…
    wait_for("the restarted agent's heartbeat", WITHIN, || {
        let l = get_json(&rkd, &["lease", "-n", "kube-node-lease", "sim-0"])?;
        (l.pointer("/spec/renewTime") != lease.pointer("/spec/renewTime")).then_some(())
    });
    // …and running new pods (so it has long since listed and synced the old ones).
    create(
        &rkd,
        "after.yaml",
        &pod_yaml("after", "sim-0", "Always", &[]),
    );
    let after = wait_pod(&rkd, &agent, "after", "Ready", |p| {
        condition(p, "Ready").as_deref() == Some("True")
    });
    std::thread::sleep(Duration::from_millis(2500)); // two relist periods

    for old in &before {
        let name = old
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap();
        let now = get_json(&rkd, &["pod", name]).unwrap();
        assert_eq!(
            now.pointer("/metadata/resourceVersion"),
            old.pointer("/metadata/resourceVersion"),
            "pod {name} was rewritten: {now}"
        );
        assert_eq!(
            now.pointer("/status/containerStatuses/0/containerID"),
            old.pointer("/status/containerStatuses/0/containerID")
        );
        assert_eq!(
            now.pointer("/status/containerStatuses/0/restartCount"),
            old.pointer("/status/containerStatuses/0/restartCount")
        );
    }
    // No pod IP handed out twice on sim-0.
    assert_ne!(
        after.pointer("/status/podIP"),
        before[0].pointer("/status/podIP")
    );
    assert_eq!(
        std::fs::read(agent_dir.join("nodes/sim-0/client.crt")).unwrap(),
        cert,
        "credentials reused, not re-issued"
    );
    let nodes = get_json(&rkd, &["nodes"]).unwrap();
    assert_eq!(nodes["items"].as_array().map(Vec::len), Some(2));
}

#[test]
fn the_cri_runtime_needs_a_data_dir() {
    let rkd = Rkd::start("apiserver", &[]);
    let token = std::fs::read_to_string(rkd.dir.path().join("node-token")).unwrap();
    let out = std::process::Command::new(rk_e2e::rkd_bin())
        .args([
            "agent",
            "--server",
            &rkd.server,
            "--token",
            token.trim(),
            "--runtime",
            "cri",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--data-dir is required with --runtime cri"),
        "{out:?}"
    );
}
