//! Pod status as Kubernetes' kubelet writes it: the phase (its `getPhase`), the conditions
//! (PodReadyToStartContainers, Initialized, ContainersReady, Ready, PodScheduled), container
//! statuses with state / lastState / restartCount / ready / started / image / imageID /
//! containerID, pod and host IPs, startTime and qosClass. Pure functions of what the pod
//! worker knows, so they are tested without a runtime.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::pod::{ContainerSpec, Pod};
use crate::runtime::{ContainerState, ContainerStatus, RestartPolicy};
use crate::time::rfc3339;

/// One container as the status sees it.
#[derive(Clone, Debug, Default)]
pub struct ContainerView {
    pub spec: ContainerSpec,
    /// The latest instance in the runtime.
    pub current: Option<ContainerStatus>,
    /// `lastState` (the previous instance's termination), as JSON.
    pub last_state: Option<Value>,
    pub restart_count: u32,
    pub ready: bool,
    /// Why it waits, when it does not run (reason, message).
    pub waiting: Option<(String, String)>,
    /// Running, but its startup probe has not succeeded yet (`started: false`).
    pub startup_pending: bool,
}

impl ContainerView {
    fn state(&self) -> Option<ContainerState> {
        self.current.as_ref().map(|c| c.state)
    }

    fn running(&self) -> bool {
        self.state() == Some(ContainerState::Running)
    }

    /// Terminated and staying so (no waiting reason, i.e. no restart planned).
    fn terminated(&self) -> Option<i32> {
        match (&self.current, &self.waiting) {
            (Some(c), None) if c.state == ContainerState::Exited => Some(c.exit_code),
            _ => None,
        }
    }
}

/// Everything that goes into one pod's status.
pub struct StatusInput<'a> {
    pub pod: &'a Pod,
    pub runtime_type: &'a str,
    pub host_ip: &'a str,
    pub pod_ip: Option<&'a str>,
    pub start_time: i64,
    pub sandbox_ready: bool,
    pub init: &'a [ContainerView],
    pub containers: &'a [ContainerView],
}

/// Kubelet's `getPhase`.
pub fn phase(
    policy: RestartPolicy,
    init: &[ContainerView],
    containers: &[ContainerView],
) -> &'static str {
    let mut init_pending = false;
    for c in init.iter().filter(|c| !c.spec.sidecar) {
        match c.terminated() {
            Some(0) => {}
            Some(_) if policy == RestartPolicy::Never => return "Failed",
            _ => init_pending = true,
        }
    }
    if init_pending {
        return "Pending";
    }
    let (mut waiting, mut running, mut stopped, mut succeeded) = (0, 0, 0, 0);
    for c in containers {
        if c.running() {
            running += 1;
        } else if let Some(code) = c.terminated() {
            stopped += 1;
            if code == 0 {
                succeeded += 1;
            }
        } else if c.last_state.is_some() || c.state() == Some(ContainerState::Exited) {
            // Waiting to restart after a termination counts as stopped, as kubelet counts it.
            stopped += 1;
        } else {
            waiting += 1;
        }
    }
    if waiting > 0 {
        return "Pending";
    }
    if running > 0 {
        return "Running";
    }
    if stopped > 0 {
        if policy == RestartPolicy::Always {
            return "Running";
        }
        if stopped == succeeded {
            return "Succeeded";
        }
        if policy == RestartPolicy::Never {
            return "Failed";
        }
        return "Running";
    }
    "Pending"
}

/// The JSON `state` of a container instance (or of a waiting reason).
fn state_json(c: &ContainerView, container_id: &str) -> Value {
    if let Some((reason, message)) = &c.waiting {
        let mut w = json!({"reason": reason});
        if !message.is_empty() {
            w["message"] = json!(message);
        }
        return json!({"waiting": w});
    }
    match &c.current {
        Some(s) if s.state == ContainerState::Running => {
            json!({"running": {"startedAt": rfc3339(s.started_at)}})
        }
        Some(s) if s.state == ContainerState::Exited => terminated_json(s, container_id),
        _ => json!({"waiting": {"reason": "ContainerCreating"}}),
    }
}

/// `{"terminated": …}` for an exited instance.
pub fn terminated_json(s: &ContainerStatus, container_id: &str) -> Value {
    let mut t = json!({
        "exitCode": s.exit_code,
        "startedAt": if s.started_at > 0 { json!(rfc3339(s.started_at)) } else { Value::Null },
        "finishedAt": rfc3339(s.finished_at),
        "containerID": container_id,
    });
    if !s.reason.is_empty() {
        t["reason"] = json!(s.reason);
    }
    if !s.message.is_empty() {
        t["message"] = json!(s.message);
    }
    json!({"terminated": t})
}

fn container_json(c: &ContainerView, runtime_type: &str) -> Value {
    let id = c
        .current
        .as_ref()
        .map(|s| format!("{runtime_type}://{}", s.id));
    let mut v = json!({
        "name": c.spec.name,
        "state": state_json(c, id.as_deref().unwrap_or("")),
        "lastState": c.last_state.clone().unwrap_or_else(|| json!({})),
        "ready": c.ready,
        "restartCount": c.restart_count,
        "image": c.spec.image,
        "imageID": c.current.as_ref().map(|s| s.image_ref.clone()).unwrap_or_default(),
        "started": c.running() && !c.startup_pending,
    });
    if let Some(id) = id {
        v["containerID"] = json!(id);
    }
    v
}

fn names(cs: &[&ContainerView]) -> String {
    let names: Vec<&str> = cs.iter().map(|c| c.spec.name.as_str()).collect();
    format!("[{}]", names.join(" "))
}

/// The condition's last transition time: kept while its status stays, now when it changes.
fn condition(
    transitions: &mut BTreeMap<String, (bool, i64)>,
    now: i64,
    kind: &str,
    status: bool,
    reason: Option<(&str, String)>,
) -> Value {
    let entry = transitions.entry(kind.to_string()).or_insert((status, now));
    if entry.0 != status {
        *entry = (status, now);
    }
    let mut c = json!({
        "type": kind,
        "status": if status { "True" } else { "False" },
        "lastProbeTime": null,
        "lastTransitionTime": rfc3339(entry.1),
    });
    if let Some((reason, message)) = reason {
        c["reason"] = json!(reason);
        if !message.is_empty() {
            c["message"] = json!(message);
        }
    }
    c
}

/// The whole `status` object.
pub fn build(
    input: &StatusInput<'_>,
    transitions: &mut BTreeMap<String, (bool, i64)>,
    now: i64,
) -> Value {
    let pod = input.pod;
    let phase = phase(pod.restart_policy, input.init, input.containers);
    let done = matches!(phase, "Succeeded" | "Failed");

    let init_incomplete: Vec<&ContainerView> = input
        .init
        .iter()
        .filter(|c| {
            if c.spec.sidecar {
                !c.running()
            } else {
                c.terminated() != Some(0)
            }
        })
        .collect();
    let initialized = init_incomplete.is_empty() || phase == "Succeeded";
    let unready: Vec<&ContainerView> = input.containers.iter().filter(|c| !c.ready).collect();
    let containers_ready = unready.is_empty() && !done;
    let not_ready = |reason: &'static str| -> Option<(&'static str, String)> {
        if phase == "Succeeded" {
            Some(("PodCompleted", String::new()))
        } else {
            Some((
                reason,
                format!("containers with unready status: {}", names(&unready)),
            ))
        }
    };
    let ready_gates_missing = !pod.readiness_gates.is_empty();
    let conditions = vec![
        condition(
            transitions,
            now,
            "PodReadyToStartContainers",
            input.sandbox_ready && !done,
            None,
        ),
        condition(
            transitions,
            now,
            "Initialized",
            initialized,
            (!initialized).then(|| {
                (
                    "ContainersNotInitialized",
                    format!(
                        "containers with incomplete status: {}",
                        names(&init_incomplete)
                    ),
                )
            }),
        ),
        condition(
            transitions,
            now,
            "Ready",
            containers_ready && !ready_gates_missing,
            (!containers_ready)
                .then(|| not_ready("ContainersNotReady"))
                .flatten(),
        ),
        condition(
            transitions,
            now,
            "ContainersReady",
            containers_ready,
            (!containers_ready)
                .then(|| not_ready("ContainersNotReady"))
                .flatten(),
        ),
        condition(transitions, now, "PodScheduled", true, None),
    ];

    let mut status = Map::new();
    status.insert("phase".into(), json!(phase));
    status.insert("conditions".into(), Value::Array(conditions));
    status.insert("hostIP".into(), json!(input.host_ip));
    status.insert("hostIPs".into(), json!([{"ip": input.host_ip}]));
    let pod_ip = if pod.host_network {
        Some(input.host_ip)
    } else {
        input.pod_ip
    };
    if let Some(ip) = pod_ip {
        status.insert("podIP".into(), json!(ip));
        status.insert("podIPs".into(), json!([{"ip": ip}]));
    }
    status.insert("startTime".into(), json!(rfc3339(input.start_time)));
    if !input.init.is_empty() {
        status.insert(
            "initContainerStatuses".into(),
            Value::Array(
                input
                    .init
                    .iter()
                    .map(|c| container_json(c, input.runtime_type))
                    .collect(),
            ),
        );
    }
    status.insert(
        "containerStatuses".into(),
        Value::Array(
            input
                .containers
                .iter()
                .map(|c| container_json(c, input.runtime_type))
                .collect(),
        ),
    );
    status.insert("qosClass".into(), json!(pod.qos_class));
    Value::Object(status)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn view(name: &str, state: Option<(ContainerState, i32)>) -> ContainerView {
        ContainerView {
            spec: ContainerSpec {
                name: name.into(),
                image: "busybox".into(),
                ..ContainerSpec::default()
            },
            current: state.map(|(state, exit_code)| ContainerStatus {
                id: format!("id-{name}"),
                sandbox_id: "s".into(),
                name: name.into(),
                attempt: 0,
                image: "busybox".into(),
                image_ref: "busybox@sha256:0".into(),
                state,
                created_at: 100,
                started_at: 100,
                finished_at: 200,
                exit_code,
                reason: if exit_code == 0 {
                    "Completed".into()
                } else {
                    "Error".into()
                },
                message: String::new(),
            }),
            ready: state.is_some_and(|(s, _)| s == ContainerState::Running),
            ..ContainerView::default()
        }
    }

    #[test]
    fn the_phase_follows_kubelets_get_phase() {
        use ContainerState::*;
        use RestartPolicy::*;
        assert_eq!(phase(Always, &[], &[view("a", None)]), "Pending");
        assert_eq!(
            phase(Always, &[], &[view("a", Some((Running, 0)))]),
            "Running"
        );
        assert_eq!(
            phase(Never, &[], &[view("a", Some((Exited, 0)))]),
            "Succeeded"
        );
        assert_eq!(
            phase(
                Never,
                &[],
                &[view("a", Some((Exited, 0))), view("b", Some((Exited, 1)))]
            ),
            "Failed"
        );
        assert_eq!(
            phase(OnFailure, &[], &[view("a", Some((Exited, 0)))]),
            "Succeeded"
        );
        let mut restarting = view("a", Some((Exited, 1)));
        restarting.waiting = Some(("CrashLoopBackOff".into(), String::new()));
        assert_eq!(phase(OnFailure, &[], &[restarting.clone()]), "Running");
        assert_eq!(phase(Always, &[], &[restarting]), "Running");
        assert_eq!(
            phase(
                Always,
                &[view("init", Some((Running, 0)))],
                &[view("a", None)]
            ),
            "Pending"
        );
        assert_eq!(
            phase(
                Never,
                &[view("init", Some((Exited, 2)))],
                &[view("a", None)]
            ),
            "Failed"
        );
    }

    #[test]
    fn a_running_ready_pod_has_every_condition_true_and_its_ips() {
        let pod = Pod {
            name: "p".into(),
            namespace: "ns".into(),
            uid: "u".into(),
            qos_class: "BestEffort",
            ..Pod::default()
        };
        let containers = [view("web", Some((ContainerState::Running, 0)))];
        let input = StatusInput {
            pod: &pod,
            runtime_type: "sim",
            host_ip: "172.16.0.1",
            pod_ip: Some("10.42.0.2"),
            start_time: 100,
            sandbox_ready: true,
            init: &[],
            containers: &containers,
        };
        let mut tr = BTreeMap::new();
        let s = build(&input, &mut tr, 100);
        assert_eq!(s["phase"], "Running");
        for c in s["conditions"].as_array().unwrap() {
            assert_eq!(c["status"], "True", "{c}");
        }
        assert_eq!(s["podIPs"], json!([{"ip": "10.42.0.2"}]));
        assert_eq!(s["hostIP"], "172.16.0.1");
        let cs = &s["containerStatuses"][0];
        assert_eq!(cs["containerID"], "sim://id-web");
        assert_eq!(cs["state"]["running"]["startedAt"], "1970-01-01T00:01:40Z");
        assert_eq!(
            (cs["ready"].as_bool(), cs["started"].as_bool()),
            (Some(true), Some(true))
        );
        assert_eq!(s["qosClass"], "BestEffort");
    }

    #[test]
    fn unready_containers_are_named_and_transition_times_move_only_on_change() {
        let pod = Pod {
            name: "p".into(),
            ..Pod::default()
        };
        let mut web = view("web", Some((ContainerState::Running, 0)));
        web.ready = false;
        let containers = [web];
        let input = StatusInput {
            pod: &pod,
            runtime_type: "sim",
            host_ip: "h",
            pod_ip: None,
            start_time: 1,
            sandbox_ready: true,
            init: &[],
            containers: &containers,
        };
        let mut tr = BTreeMap::new();
        let s = build(&input, &mut tr, 10);
        let ready = s["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["type"] == "Ready")
            .unwrap()
            .clone();
        assert_eq!(ready["status"], "False");
        assert_eq!(ready["reason"], "ContainersNotReady");
        assert_eq!(ready["message"], "containers with unready status: [web]");
        let again = build(&input, &mut tr, 50);
        assert_eq!(again, s, "nothing changed, so the status is byte-identical");
    }

    #[test]
    fn a_succeeded_pod_reports_pod_completed() {
        let pod = Pod {
            name: "p".into(),
            restart_policy: RestartPolicy::Never,
            ..Pod::default()
        };
        let mut done = view("job", Some((ContainerState::Exited, 0)));
        done.ready = false;
        let containers = [done];
        let input = StatusInput {
            pod: &pod,
            runtime_type: "sim",
            host_ip: "h",
            pod_ip: Some("10.0.0.2"),
            start_time: 1,
            sandbox_ready: false,
            init: &[],
            containers: &containers,
        };
        let s = build(&input, &mut BTreeMap::new(), 10);
        assert_eq!(s["phase"], "Succeeded");
        let ready = s["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["type"] == "Ready")
            .unwrap()
            .clone();
        assert_eq!(ready["reason"], "PodCompleted");
        assert_eq!(
            s["containerStatuses"][0]["state"]["terminated"]["reason"],
            "Completed"
        );
    }
}
