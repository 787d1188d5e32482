use serde_json::json;

use super::*;

/// 2026-11-28T12:00:00Z.
const NOW: i64 = 1_795_867_200;

fn node() -> Value {
    json!({
        "metadata": {"name": "w1", "creationTimestamp": "2026-11-28T11:00:00Z"},
        "spec": {"taints": [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]},
        "status": {
            "capacity": {"cpu": "4", "memory": "8Gi", "pods": "110"},
            "allocatable": {"cpu": "4", "memory": "8Gi", "pods": "110"},
            "addresses": [{"type": "InternalIP", "address": "10.0.0.5"}],
            "nodeInfo": {"kubeletVersion": "v1.33.0-rk", "containerRuntimeVersion": "containerd://2.1.4",
                         "osImage": "Debian", "operatingSystem": "linux", "architecture": "amd64"},
            "conditions": [
                {"type": "MemoryPressure", "status": "True", "reason": "KubeletHasInsufficientMemory",
                 "message": "available memory is low", "lastTransitionTime": "2026-11-28T11:58:00Z"},
                {"type": "DiskPressure", "status": "False", "reason": "KubeletHasNoDiskPressure",
                 "message": "ok", "lastTransitionTime": "2026-11-28T11:00:00Z"},
                {"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "kubelet is posting ready status",
                 "lastTransitionTime": "2026-11-28T11:30:00Z", "lastHeartbeatTime": "2026-11-28T11:59:50Z"}
            ]
        }
    })
}

fn pod(name: &str, cpu: &str, mem: &str, statuses: Value) -> Value {
    json!({
        "metadata": {"name": name, "namespace": "default", "creationTimestamp": "2026-11-28T11:50:00Z"},
        "spec": {"nodeName": "w1", "containers": [
            {"name": "app", "resources": {"requests": {"cpu": cpu, "memory": mem}, "limits": {"memory": mem}}}
        ]},
        "status": {"phase": "Running", "containerStatuses": statuses}
    })
}

fn facts() -> NodeFacts {
    NodeFacts {
        node: node(),
        lease: Some(json!({"metadata": {"name": "w1"},
            "spec": {"renewTime": "2026-11-28T11:59:57.000000Z", "leaseDurationSeconds": 40}})),
        pods: vec![
            pod(
                "web",
                "500m",
                "256Mi",
                json!([{"name": "app", "ready": true, "restartCount": 0,
                "state": {"running": {"startedAt": "2026-11-28T11:50:01Z"}}}]),
            ),
            pod(
                "hog",
                "1500m",
                "1Gi",
                json!([{"name": "app", "ready": false, "restartCount": 4,
                "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                "lastState": {"terminated": {"reason": "OOMKilled", "exitCode": 137}}}]),
            ),
        ],
        events: vec![
            json!({"type": "Normal", "reason": "NodeReady", "message": "Node w1 status is now: NodeReady",
            "lastTimestamp": "2026-11-28T11:30:00Z", "count": 1}),
        ],
        metrics: Ok(json!({"usage": {"cpu": "1", "memory": "2Gi"}, "window": "10s"})),
    }
}

#[test]
fn the_view_shows_the_agents_health_from_its_ready_condition_and_lease() {
    let v = render(&facts(), NOW);
    assert!(v.starts_with("node/w1: Ready, up 60m\n"), "{v}");
    assert!(
        v.contains("Ready:           True for 30m (KubeletReady)"),
        "{v}"
    );
    assert!(
        v.contains("Last heartbeat:  3s ago (Lease kube-node-lease/w1, lease 40s)\n"),
        "{v}"
    );
    assert!(
        v.contains("Kubelet:         v1.33.0-rk (containerd://2.1.4; Debian linux/amd64)"),
        "{v}"
    );
}

#[test]
fn a_lease_not_renewed_within_its_duration_is_late() {
    let mut f = facts();
    f.lease = Some(json!({"metadata": {"name": "w1"},
        "spec": {"renewTime": "2026-11-28T11:55:00Z", "leaseDurationSeconds": 40}}));
    let v = render(&f, NOW);
    assert!(v.contains("Last heartbeat:  5m ago"), "{v}");
    assert!(v.contains("LATE: the agent may be down"), "{v}");
    f.lease = None;
    assert!(render(&f, NOW).contains("no Lease in kube-node-lease"));
}

#[test]
fn conditions_name_the_pressure_and_the_taints() {
    let v = render(&facts(), NOW);
    assert!(v.contains("Pressure: MemoryPressure\n"), "{v}");
    assert!(v.contains("Taints: dedicated=db:NoSchedule\n"), "{v}");
    let line = v
        .lines()
        .find(|l| l.trim_start().starts_with("MemoryPressure"))
        .unwrap();
    assert!(
        line.contains("True") && line.contains("2m") && line.contains("available memory is low"),
        "{line}"
    );
}

#[test]
fn resources_show_capacity_allocatable_requested_limits_and_used() {
    let v = render(&facts(), NOW);
    let cpu = v
        .lines()
        .find(|l| l.trim_start().starts_with("cpu "))
        .unwrap();
    let cols: Vec<&str> = cpu
        .split("   ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        cols,
        ["cpu", "4", "4", "2 (50%)", "0 (0%)", "1 (25%)"],
        "{v}"
    );
    let mem = v
        .lines()
        .find(|l| l.trim_start().starts_with("memory "))
        .unwrap();
    assert!(
        mem.contains(" 8Gi ") && mem.contains("1.2Gi (15%)") && mem.contains("2Gi (25%)"),
        "{mem}"
    );
    let pods = v
        .lines()
        .find(|l| l.trim_start().starts_with("pods "))
        .unwrap();
    assert!(pods.contains("2 (1%)"), "{pods}");
    assert!(v.contains("Used: from metrics.k8s.io over 10s"), "{v}");
}

#[test]
fn without_metrics_the_view_says_metrics_unavailable() {
    let mut f = facts();
    f.metrics = Err("metrics.k8s.io is not served".into());
    let v = render(&f, NOW);
    assert!(
        v.contains("Used: metrics unavailable (metrics.k8s.io is not served)"),
        "{v}"
    );
    let cpu = v
        .lines()
        .find(|l| l.trim_start().starts_with("cpu "))
        .unwrap();
    assert!(cpu.trim_end().ends_with('-'), "{cpu}");
}

#[test]
fn pods_list_each_container_with_restarts_and_state() {
    let v = render(&facts(), NOW);
    assert!(v.contains("Pods (2):"), "{v}");
    let hog = v.lines().find(|l| l.contains("default/hog")).unwrap();
    assert!(hog.contains("app") && hog.contains(" 4 "), "{hog}");
    assert!(
        hog.contains("waiting (CrashLoopBackOff); last: OOMKilled exit 137"),
        "{hog}"
    );
    let web = v.lines().find(|l| l.contains("default/web")).unwrap();
    assert!(
        web.contains("yes") && web.contains("running") && web.contains("10m"),
        "{web}"
    );
    // Sorted by namespace and name.
    assert!(v.find("default/hog").unwrap() < v.find("default/web").unwrap());
}

#[test]
fn finished_pods_hold_no_resources() {
    let mut f = facts();
    f.pods[1]["status"]["phase"] = json!("Failed");
    let v = render(&f, NOW);
    let cpu = v
        .lines()
        .find(|l| l.trim_start().starts_with("cpu "))
        .unwrap();
    assert!(cpu.contains("500m (12%)"), "{cpu}");
}

#[test]
fn bytes_read_in_the_largest_unit() {
    assert_eq!(bytes_text(24_684_084.0 * 1024.0), "23.5Gi");
    assert_eq!(bytes_text(512.0 * 1024.0 * 1024.0), "512Mi");
    assert_eq!(bytes_text(100.0), "100");
}

#[test]
fn init_containers_count_when_larger_than_the_app_containers() {
    let mut p = pod("init", "100m", "64Mi", json!([]));
    p["spec"]["initContainers"] =
        json!([{"name": "setup", "resources": {"requests": {"cpu": "2"}}}]);
    assert_eq!(pod_amount(&p, "requests", "cpu"), 2.0);
}

#[test]
fn events_show_the_latest_with_age_reason_and_message() {
    let mut f = facts();
    f.events = (0..15)
        .map(|i| {
            json!({"type": "Warning", "reason": format!("R{i}"), "message": "m",
            "lastTimestamp": format!("2026-11-28T11:{:02}:00Z", 40 + i)})
        })
        .collect();
    let v = render(&f, NOW);
    assert!(v.contains("Events (10 of 15, oldest first):"), "{v}");
    assert!(
        !v.contains(" R4 ") && v.contains(" R5 ") && v.contains(" R14 "),
        "{v}"
    );
    f.events.clear();
    assert!(render(&f, NOW).contains("Events (0 of 0, oldest first):\n  none\n"));
}

#[test]
fn a_node_that_never_reported_is_unknown() {
    let f = NodeFacts {
        node: json!({"metadata": {"name": "w2"}}),
        metrics: Err("x".into()),
        ..NodeFacts::default()
    };
    let v = render(&f, NOW);
    assert!(v.starts_with("node/w2: Unknown"), "{v}");
    assert!(v.contains("the agent has never reported"), "{v}");
    assert!(v.contains("Pods (0):\n  none\n"), "{v}");
}
