//! Pods: READY, STATUS and RESTARTS as kubectl users know them.
//!
//! STATUS is not a field but upstream's reasoning over the pod: the phase (or `status.reason`),
//! overridden by scheduling gates, by the first init container still working (`Init:0/2`,
//! `Init:CrashLoopBackOff`), then by the last container with a waiting or terminated reason
//! (`CrashLoopBackOff`, `ErrImagePull`, `Completed`, `OOMKilled`), then by deletion
//! (`Terminating`, or `Unknown` for a pod on a lost node). Sidecars (init containers with
//! `restartPolicy: Always`) count as containers once started.

use serde_json::{Value, json};

use super::duration::{self, Timestamp};
use super::format::{age, field, int, list, name, non_empty, opt_bool, opt_text, text};
use super::{AGE, Column, NAME, docs};

pub(super) const COLUMNS: &[Column] = &[
    NAME,
    Column::new(
        "Ready",
        "string",
        "The aggregate readiness state of this pod for accepting traffic.",
    ),
    Column::new(
        "Status",
        "string",
        "The aggregate status of the containers in this pod.",
    ),
    Column::new(
        "Restarts",
        "string",
        "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
    ),
    AGE,
    Column::wide("IP", "string", docs::POD_IP),
    Column::wide("Node", "string", docs::POD_NODE_NAME),
    Column::wide("Nominated Node", "string", docs::POD_NOMINATED_NODE_NAME),
    Column::wide("Readiness Gates", "string", docs::POD_READINESS_GATES),
];

/// The pod's row: Name, Ready, Status, Restarts, Age, IP, Node, Nominated Node, Readiness Gates.
pub(super) fn cells(pod: &Value, now: i64) -> Vec<Value> {
    let summary = summarize(pod);
    let restarts = match summary.last_restart {
        Some(at) if summary.restarts != 0 => format!(
            "{} ({} ago)",
            summary.restarts,
            duration::between(
                at,
                Timestamp {
                    secs: now,
                    nanos: 0
                }
            )
        ),
        _ => summary.restarts.to_string(),
    };
    vec![
        name(pod).into(),
        format!("{}/{}", summary.ready, summary.total).into(),
        summary.reason.into(),
        restarts.into(),
        age(pod, now),
        pod_ip(pod).into(),
        non_empty(pod, &["spec", "nodeName"])
            .unwrap_or("<none>")
            .into(),
        non_empty(pod, &["status", "nominatedNodeName"])
            .unwrap_or("<none>")
            .into(),
        readiness_gates(pod).into(),
    ]
}

/// Upstream marks rows of finished pods with a `Completed` condition.
pub(super) fn row_conditions(pod: &Value) -> Option<Value> {
    let (reason, message) = match text(pod, &["status", "phase"]) {
        "Succeeded" => ("Succeeded", "The pod has completed successfully."),
        "Failed" => ("Failed", "The pod failed."),
        _ => return None,
    };
    Some(json!([{"type": "Completed", "status": "True", "reason": reason, "message": message}]))
}

/// What the Ready, Status and Restarts cells are made of.
struct Summary {
    ready: usize,
    total: usize,
    reason: String,
    restarts: i64,
    /// When the most recently restarted counted container last terminated.
    last_restart: Option<Timestamp>,
}

/// Tracks restarts and the latest `lastState.terminated.finishedAt` of a set of containers.
#[derive(Default, Clone, Copy)]
struct Restarts {
    count: i64,
    last: Option<Timestamp>,
}

impl Restarts {
    fn add(&mut self, status: &Value) {
        self.count += int(status, &["restartCount"]);
        if field(status, &["lastState", "terminated"]).is_some() {
            let finished = opt_text(status, &["lastState", "terminated", "finishedAt"])
                .and_then(duration::parse_time);
            // Go compares against the zero time, so an absent finishedAt never wins.
            if finished > self.last {
                self.last = finished;
            }
        }
    }
}

fn summarize(pod: &Value) -> Summary {
    let phase = text(pod, &["status", "phase"]);
    let mut reason = non_empty(pod, &["status", "reason"])
        .unwrap_or(phase)
        .to_string();
    let scheduling_gated = list(pod, &["status", "conditions"])
        .iter()
        .any(|c| text(c, &["type"]) == "PodScheduled" && text(c, &["reason"]) == "SchedulingGated");
    if scheduling_gated {
        reason = "SchedulingGated".to_string();
    }

    let init_containers = list(pod, &["spec", "initContainers"]);
    let is_sidecar = |container_name: &str| {
        init_containers.iter().any(|c| {
            text(c, &["name"]) == container_name && text(c, &["restartPolicy"]) == "Always"
        })
    };
    let sidecars = init_containers
        .iter()
        .filter(|c| text(c, &["restartPolicy"]) == "Always")
        .count();
    let total = list(pod, &["spec", "containers"]).len() + sidecars;
    let mut ready = 0;

    let mut all_restarts = Restarts::default();
    let mut sidecar_restarts = Restarts::default();
    let mut initializing = false;
    for (index, status) in list(pod, &["status", "initContainerStatuses"])
        .iter()
        .enumerate()
    {
        all_restarts.add(status);
        let sidecar = is_sidecar(text(status, &["name"]));
        if sidecar {
            sidecar_restarts.add(status);
        }
        let terminated = field(status, &["state", "terminated"]);
        let waiting_reason = non_empty(status, &["state", "waiting", "reason"]);
        if terminated.is_some_and(|t| int(t, &["exitCode"]) == 0) {
            continue;
        }
        if sidecar && opt_bool(status, &["started"]) == Some(true) {
            if opt_bool(status, &["ready"]) == Some(true) {
                ready += 1;
            }
            continue;
        }
        reason = if let Some(t) = terminated {
            match non_empty(t, &["reason"]) {
                Some(r) => format!("Init:{r}"),
                None if int(t, &["signal"]) != 0 => format!("Init:Signal:{}", int(t, &["signal"])),
                None => format!("Init:ExitCode:{}", int(t, &["exitCode"])),
            }
        } else if let Some(r) = waiting_reason.filter(|r| *r != "PodInitializing") {
            format!("Init:{r}")
        } else {
            format!("Init:{index}/{}", init_containers.len())
        };
        initializing = true;
        break;
    }

    let mut restarts = all_restarts;
    if !initializing || initialized(pod) {
        restarts = sidecar_restarts;
        let mut has_running = false;
        for status in list(pod, &["status", "containerStatuses"]).iter().rev() {
            restarts.add(status);
            let terminated = field(status, &["state", "terminated"]);
            if let Some(r) = non_empty(status, &["state", "waiting", "reason"]) {
                reason = r.to_string();
            } else if let Some(t) = terminated {
                reason = match non_empty(t, &["reason"]) {
                    Some(r) => r.to_string(),
                    None if int(t, &["signal"]) != 0 => format!("Signal:{}", int(t, &["signal"])),
                    None => format!("ExitCode:{}", int(t, &["exitCode"])),
                };
            } else if opt_bool(status, &["ready"]) == Some(true)
                && field(status, &["state", "running"]).is_some()
            {
                has_running = true;
                ready += 1;
            }
        }
        // A pod whose last container completed while another still runs is not "Completed".
        if reason == "Completed" && has_running {
            reason = if ready_condition(pod) {
                "Running"
            } else {
                "NotReady"
            }
            .to_string();
        }
    }

    if super::format::deleting(pod) {
        if text(pod, &["status", "reason"]) == "NodeLost" {
            reason = "Unknown".to_string();
        } else if phase != "Succeeded" && phase != "Failed" {
            reason = "Terminating".to_string();
        }
    }

    Summary {
        ready,
        total,
        reason,
        restarts: restarts.count,
        last_restart: restarts.last,
    }
}

/// Whether the first `Initialized` condition is True (`isPodInitializedConditionTrue`).
fn initialized(pod: &Value) -> bool {
    list(pod, &["status", "conditions"])
        .iter()
        .find(|c| text(c, &["type"]) == "Initialized")
        .is_some_and(|c| text(c, &["status"]) == "True")
}

/// Whether any `Ready` condition is True (`hasPodReadyCondition`).
fn ready_condition(pod: &Value) -> bool {
    list(pod, &["status", "conditions"])
        .iter()
        .any(|c| text(c, &["type"]) == "Ready" && text(c, &["status"]) == "True")
}

/// The pod's first IP. Upstream reads the internal `PodIPs`, which conversion fills from
/// `status.podIP` when that is set (it wins over a disagreeing `podIPs`).
fn pod_ip(pod: &Value) -> &str {
    non_empty(pod, &["status", "podIP"])
        .or_else(|| {
            list(pod, &["status", "podIPs"])
                .first()
                .and_then(|ip| non_empty(ip, &["ip"]))
        })
        .unwrap_or("<none>")
}

/// `true/total` readiness gates, counting the first condition of each gate's type.
fn readiness_gates(pod: &Value) -> String {
    let gates = list(pod, &["spec", "readinessGates"]);
    if gates.is_empty() {
        return "<none>".to_string();
    }
    let conditions = list(pod, &["status", "conditions"]);
    let passing = gates
        .iter()
        .filter(|gate| {
            let kind = text(gate, &["conditionType"]);
            conditions
                .iter()
                .find(|c| text(c, &["type"]) == kind)
                .is_some_and(|c| text(c, &["status"]) == "True")
        })
        .count();
    format!("{passing}/{}", gates.len())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use serde_json::{Value, json};

    use super::super::duration::format_rfc3339_utc;
    use super::*;

    /// 2024-05-01T12:00:00Z.
    const NOW: i64 = 1_714_564_800;

    fn ago(secs: i64) -> String {
        format_rfc3339_utc(NOW - secs)
    }

    /// Name, Ready, Status, Restarts, Age of a pod's row.
    fn row(pod: &Value) -> Vec<Value> {
        cells(pod, NOW)[..5].to_vec()
    }

    fn running_container(name: &str, restarts: i64, last_finished: Option<String>) -> Value {
        let mut status = json!({
            "name": name, "ready": true, "started": true, "restartCount": restarts,
            "image": "nginx:1.27", "imageID": "", "containerID": "containerd://abc",
            "state": {"running": {"startedAt": ago(300)}}
        });
        if let Some(finished) = last_finished {
            status["lastState"] = json!({"terminated": {"exitCode": 137, "reason": "Error", "startedAt": ago(3600), "finishedAt": finished}});
        }
        status
    }

    fn pod(phase: &str, containers: &[&str], statuses: Vec<Value>) -> Value {
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "web-7d4b9c-x2x5k", "namespace": "default", "creationTimestamp": ago(3 * 3600 + 300)},
            "spec": {
                "nodeName": "node-1",
                "containers": containers.iter().map(|c| json!({"name": c, "image": "nginx:1.27"})).collect::<Vec<_>>()
            },
            "status": {
                "phase": phase,
                "podIP": "10.42.0.7", "podIPs": [{"ip": "10.42.0.7"}],
                "conditions": [
                    {"type": "Initialized", "status": "True"},
                    {"type": "Ready", "status": if phase == "Running" { "True" } else { "False" }},
                    {"type": "PodScheduled", "status": "True"}
                ],
                "containerStatuses": statuses
            }
        })
    }

    #[test]
    fn a_running_pod_with_a_restart_says_how_long_ago_it_restarted() {
        let pod = pod(
            "Running",
            &["web"],
            vec![running_container("web", 1, Some(ago(300)))],
        );
        assert_eq!(
            row(&pod),
            [
                json!("web-7d4b9c-x2x5k"),
                json!("1/1"),
                json!("Running"),
                json!("1 (5m ago)"),
                json!("3h5m")
            ]
        );
    }

    #[test]
    fn a_running_pod_without_restarts_prints_a_plain_zero() {
        let pod = pod(
            "Running",
            &["web", "log"],
            vec![
                running_container("web", 0, None),
                running_container("log", 0, None),
            ],
        );
        assert_eq!(
            row(&pod)[1..4],
            [json!("2/2"), json!("Running"), json!("0")]
        );
    }

    #[test]
    fn a_crash_looping_container_shows_its_waiting_reason() {
        let crashing = json!({
            "name": "app", "ready": false, "started": false, "restartCount": 4,
            "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 1m20s restarting failed container"}},
            "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": ago(45)}}
        });
        let pod = pod(
            "Running",
            &["app", "sidecar"],
            vec![crashing, running_container("sidecar", 0, None)],
        );
        assert_eq!(
            row(&pod)[1..4],
            [
                json!("1/2"),
                json!("CrashLoopBackOff"),
                json!("4 (45s ago)")
            ]
        );
    }

    #[test]
    fn terminated_containers_show_their_reason_or_exit_code() {
        let oom = json!({"name": "app", "restartCount": 0, "ready": false,
            "state": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}});
        assert_eq!(row(&pod("Running", &["app"], vec![oom]))[2], "OOMKilled");
        let bare = json!({"name": "app", "restartCount": 0, "ready": false, "state": {"terminated": {"exitCode": 3}}});
        assert_eq!(row(&pod("Failed", &["app"], vec![bare]))[2], "ExitCode:3");
        let signal = json!({"name": "app", "restartCount": 0, "ready": false, "state": {"terminated": {"exitCode": 0, "signal": 9}}});
        assert_eq!(row(&pod("Failed", &["app"], vec![signal]))[2], "Signal:9");
        let pulling = json!({"name": "app", "restartCount": 0, "ready": false, "state": {"waiting": {"reason": "ErrImagePull"}}});
        assert_eq!(
            row(&pod("Pending", &["app"], vec![pulling]))[2],
            "ErrImagePull"
        );
    }

    #[test]
    fn a_completed_container_next_to_a_running_one_is_not_completed() {
        let done = json!({"name": "job", "restartCount": 0, "ready": false, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}});
        let pod = pod(
            "Running",
            &["web", "job"],
            vec![running_container("web", 0, None), done],
        );
        assert_eq!(row(&pod)[1..3], [json!("1/2"), json!("Running")]);
        let mut not_ready = pod.clone();
        not_ready["status"]["conditions"][1]["status"] = json!("False");
        assert_eq!(row(&not_ready)[2], "NotReady");
    }

    #[test]
    fn a_succeeded_pod_is_completed_and_its_row_says_so() {
        let done = json!({"name": "job", "restartCount": 0, "ready": false, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}});
        let pod = pod("Succeeded", &["job"], vec![done]);
        assert_eq!(row(&pod)[1..3], [json!("0/1"), json!("Completed")]);
        assert_eq!(
            row_conditions(&pod).unwrap(),
            json!([{"type": "Completed", "status": "True", "reason": "Succeeded", "message": "The pod has completed successfully."}])
        );
        assert_eq!(
            row_conditions(&super::tests::pod("Running", &["a"], vec![])),
            None
        );
    }

    fn pod_with_init(init_statuses: Vec<Value>, initialized: bool) -> Value {
        let mut pod = pod(
            "Pending",
            &["app"],
            vec![
                json!({"name": "app", "restartCount": 0, "ready": false, "state": {"waiting": {"reason": "PodInitializing"}}}),
            ],
        );
        pod["spec"]["initContainers"] = json!([
            {"name": "migrate", "image": "migrate:1"},
            {"name": "seed", "image": "seed:1"}
        ]);
        pod["status"]["initContainerStatuses"] = json!(init_statuses);
        pod["status"]["conditions"][0]["status"] =
            json!(if initialized { "True" } else { "False" });
        pod
    }

    #[test]
    fn a_pod_with_init_containers_shows_init_progress() {
        let pod = pod_with_init(
            vec![
                json!({"name": "migrate", "restartCount": 0, "ready": false, "state": {"running": {"startedAt": ago(20)}}}),
                json!({"name": "seed", "restartCount": 0, "ready": false, "state": {"waiting": {"reason": "PodInitializing"}}}),
            ],
            false,
        );
        assert_eq!(
            row(&pod)[1..4],
            [json!("0/1"), json!("Init:0/2"), json!("0")]
        );

        let second = pod_with_init(
            vec![
                json!({"name": "migrate", "restartCount": 0, "ready": false, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}),
                json!({"name": "seed", "restartCount": 0, "ready": false, "state": {"running": {"startedAt": ago(5)}}}),
            ],
            false,
        );
        assert_eq!(row(&second)[2], "Init:1/2");
    }

    #[test]
    fn a_failing_init_container_shows_its_reason_and_counts_its_restarts() {
        let pod = pod_with_init(
            vec![json!({"name": "migrate", "restartCount": 3, "ready": false,
                "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": ago(70)}}})],
            false,
        );
        assert_eq!(
            row(&pod)[2..4],
            [json!("Init:CrashLoopBackOff"), json!("3 (70s ago)")]
        );

        let failed = pod_with_init(
            vec![
                json!({"name": "migrate", "restartCount": 0, "ready": false, "state": {"terminated": {"exitCode": 2}}}),
            ],
            false,
        );
        assert_eq!(row(&failed)[2], "Init:ExitCode:2");
    }

    #[test]
    fn a_started_sidecar_counts_as_a_ready_container() {
        let mut pod = pod("Running", &["app"], vec![running_container("app", 0, None)]);
        pod["spec"]["initContainers"] =
            json!([{"name": "proxy", "image": "envoy:1", "restartPolicy": "Always"}]);
        pod["status"]["initContainerStatuses"] = json!([
            {"name": "proxy", "restartCount": 2, "ready": true, "started": true, "state": {"running": {"startedAt": ago(600)}},
             "lastState": {"terminated": {"exitCode": 1, "finishedAt": ago(610)}}}
        ]);
        assert_eq!(
            row(&pod)[1..4],
            [json!("2/2"), json!("Running"), json!("2 (10m ago)")]
        );
    }

    #[test]
    fn a_deleted_pod_is_terminating_unless_its_node_was_lost_or_it_finished() {
        let mut pod = pod("Running", &["web"], vec![running_container("web", 0, None)]);
        pod["metadata"]["deletionTimestamp"] = json!(ago(10));
        assert_eq!(row(&pod)[2], "Terminating");
        pod["status"]["reason"] = json!("NodeLost");
        assert_eq!(row(&pod)[2], "Unknown");
        let mut done = super::tests::pod(
            "Succeeded",
            &["job"],
            vec![
                json!({"name": "job", "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}),
            ],
        );
        done["metadata"]["deletionTimestamp"] = json!(ago(10));
        assert_eq!(row(&done)[2], "Completed");
    }

    #[test]
    fn a_gated_pod_says_scheduling_gated_and_a_pending_one_pending() {
        let mut pod = pod("Pending", &["web"], vec![]);
        pod["status"]["conditions"] =
            json!([{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]);
        assert_eq!(row(&pod)[1..3], [json!("0/1"), json!("SchedulingGated")]);
        pod["status"]["conditions"] =
            json!([{"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}]);
        assert_eq!(row(&pod)[2], "Pending");
    }

    #[test]
    fn wide_cells_show_ip_node_nomination_and_readiness_gates() {
        let mut pod = pod("Running", &["web"], vec![running_container("web", 0, None)]);
        assert_eq!(
            cells(&pod, NOW)[5..],
            [
                json!("10.42.0.7"),
                json!("node-1"),
                json!("<none>"),
                json!("<none>")
            ]
        );

        pod["spec"]["readinessGates"] =
            json!([{"conditionType": "example.com/lb"}, {"conditionType": "example.com/dns"}]);
        pod["status"]["conditions"]
            .as_array_mut()
            .unwrap()
            .push(json!({"type": "example.com/lb", "status": "True"}));
        pod["status"]["nominatedNodeName"] = json!("node-2");
        assert_eq!(cells(&pod, NOW)[7..], [json!("node-2"), json!("1/2")]);

        let unscheduled = json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}, "status": {"phase": "Pending"}});
        assert_eq!(
            cells(&unscheduled, NOW),
            [
                json!("p"),
                json!("0/1"),
                json!("Pending"),
                json!("0"),
                json!("<unknown>"),
                json!("<none>"),
                json!("<none>"),
                json!("<none>"),
                json!("<none>")
            ]
        );
    }
}
