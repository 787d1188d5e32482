#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use serde_json::json;

fn pod(extra: Value) -> Value {
    let mut p = json!({"kind": "Pod", "metadata": {"name": "web-1", "namespace": "default", "uid": "u1",
        "labels": {"app": "web"}},
        "spec": {"containers": [{"name": "app", "image": "busybox", "resources": {"limits": {"memory": "64Mi"}}}]},
        "status": {"phase": "Pending"}});
    merge(&mut p, extra);
    p
}

fn merge(into: &mut Value, patch: Value) {
    json_patch_merge(into, &patch);
}

fn json_patch_merge(a: &mut Value, b: &Value) {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                json_patch_merge(a.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (a, b) => *a = b.clone(),
    }
}

#[test]
fn an_unschedulable_pod_names_each_reason_with_its_nodes_and_what_to_run() {
    let p = pod(json!({
        "metadata": {"annotations": {UNSCHEDULABLE_ANNOTATION:
            "{\"Insufficient cpu\": [\"n1\", \"n2\"], \"node(s) had untolerated taint {gpu: true}\": [\"n3\"]}"}},
        "status": {"conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
            "message": "0/3 nodes are available: 2 Insufficient cpu, 1 node(s) had untolerated taint {gpu: true}."}]}}));
    let a = explain_pod("pod/web-1", &p, &PodFacts::default());
    let text = a.render();
    assert!(a.problem);
    assert!(
        text.starts_with("pod/web-1 is Pending: no node can run it.\n"),
        "{text}"
    );
    assert!(
        text.contains("0/3 nodes are available: 2 Insufficient cpu"),
        "{text}"
    );
    assert!(text.contains("Insufficient cpu: n1, n2"), "{text}");
    assert!(text.contains("untolerated taint {gpu: true}: n3"), "{text}");
    assert!(text.contains("Next: rkctl describe node n1"), "{text}");
    assert!(text.contains("add a toleration"), "{text}");
}

#[test]
fn without_the_annotation_the_scheduling_message_and_events_are_the_answer() {
    let p = pod(json!({}));
    let facts = PodFacts {
        events: vec![
            json!({"reason": "FailedScheduling", "message": "0/1 nodes are available: 1 Insufficient memory."}),
        ],
        ..PodFacts::default()
    };
    let text = explain_pod("pod/web-1", &p, &facts).render();
    assert!(text.contains("1 Insufficient memory"), "{text}");
    let text = explain_pod("pod/web-1", &p, &PodFacts::default()).render();
    assert!(text.contains("no scheduler has looked at it yet"), "{text}");
    assert!(text.contains("default-scheduler"), "{text}");
}

#[test]
fn image_pull_errors_and_missing_config_say_what_cannot_start() {
    let p = pod(
        json!({"spec": {"nodeName": "n1"}, "status": {"containerStatuses": [
        {"name": "app", "image": "nope:1", "restartCount": 0, "ready": false,
         "state": {"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image \"nope:1\""}}}]}}),
    );
    let text = explain_pod("pod/web-1", &p, &PodFacts::default()).render();
    assert!(text.contains("cannot get its image nope:1"), "{text}");
    assert!(
        text.contains("ImagePullBackOff: Back-off pulling image"),
        "{text}"
    );
    assert!(text.contains("rkctl image load"), "{text}");
    // The cause of the back-off comes from the latest pull failure event.
    let facts = PodFacts {
        events: vec![
            json!({"reason": "Failed", "message": "Failed to pull image \"nope:1\": connection refused"}),
            json!({"reason": "Failed", "message": "Error: ImagePullBackOff"}),
        ],
        ..PodFacts::default()
    };
    let text = explain_pod("pod/web-1", &p, &facts).render();
    assert!(
        text.contains("  latest pull error: Failed to pull image \"nope:1\": connection refused\n"),
        "{text}"
    );
    // Not when the status already says it (ErrImagePull carries the pull error itself).
    let mut p = p;
    p["status"]["containerStatuses"][0]["state"]["waiting"] =
        json!({"reason": "ErrImagePull", "message": "connection refused"});
    let text = explain_pod("pod/web-1", &p, &facts).render();
    assert!(!text.contains("latest pull error"), "{text}");

    let p = pod(
        json!({"spec": {"nodeName": "n1"}, "status": {"containerStatuses": [
        {"name": "app", "image": "busybox", "restartCount": 0,
         "state": {"waiting": {"reason": "CreateContainerConfigError", "message": "configmap \"cfg\" not found"}}}]}}),
    );
    let text = explain_pod("pod/web-1", &p, &PodFacts::default()).render();
    assert!(text.contains("configmap \"cfg\" not found"), "{text}");
    assert!(text.contains("rkctl get configmaps -n default"), "{text}");
}

#[test]
fn an_oom_killed_restart_shows_the_exit_the_limit_and_the_previous_log() {
    let p = pod(
        json!({"spec": {"nodeName": "n1"}, "status": {"phase": "Running", "containerStatuses": [
        {"name": "app", "image": "busybox", "restartCount": 3, "ready": false,
         "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s restarting failed container=app"}},
         "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}}]}}),
    );
    let facts = PodFacts {
        previous_logs: BTreeMap::from([(
            "app".to_string(),
            Ok("allocating 100Mi\nstill going".to_string()),
        )]),
        ..PodFacts::default()
    };
    let text = explain_pod("pod/web-1", &p, &facts).render();
    assert!(
        text.contains("keeps restarting: container app has restarted 3 times"),
        "{text}"
    );
    assert!(
        text.contains("last exit: exit code 137, reason OOMKilled"),
        "{text}"
    );
    assert!(text.contains("(limit 64Mi)"), "{text}");
    assert!(text.contains("| still going"), "{text}");
    assert!(
        text.contains("rkctl logs web-1 -n default -c app --previous"),
        "{text}"
    );
}

#[test]
fn a_failing_readiness_probe_is_quoted() {
    let p = pod(
        json!({"spec": {"nodeName": "n1"}, "status": {"phase": "Running",
        "conditions": [{"type": "Ready", "status": "False", "reason": "ContainersNotReady", "message": "containers with unready status: [app]"}],
        "containerStatuses": [{"name": "app", "restartCount": 0, "ready": false, "state": {"running": {}}}]}}),
    );
    let facts = PodFacts {
        events: vec![
            json!({"reason": "Unhealthy", "message": "Readiness probe failed: HTTP probe failed with statuscode: 503"}),
        ],
        ..PodFacts::default()
    };
    let text = explain_pod("pod/web-1", &p, &facts).render();
    assert!(text.contains("is Running but not Ready"), "{text}");
    assert!(text.contains("containers not ready: app"), "{text}");
    assert!(
        text.contains("Readiness probe failed: HTTP probe failed with statuscode: 503"),
        "{text}"
    );
}

#[test]
fn a_finalizer_holding_a_deletion_is_named_with_its_owner() {
    let p = pod(
        json!({"metadata": {"deletionTimestamp": "2026-01-01T00:00:00Z", "finalizers": ["example.com/protect"]}}),
    );
    let text = explain_pod("pod/web-1", &p, &PodFacts::default()).render();
    assert!(
        text.contains("is being deleted, and waits for 1 finalizer"),
        "{text}"
    );
    assert!(
        text.contains("finalizer example.com/protect: removed by a controller of example.com"),
        "{text}"
    );
    assert!(
        text.contains("rkctl patch pod/web-1 -n default --type=merge"),
        "{text}"
    );
}

#[test]
fn a_healthy_pod_under_an_exhausted_budget_reports_the_blocking_pdb() {
    let p = pod(
        json!({"spec": {"nodeName": "n1"}, "status": {"phase": "Running",
        "conditions": [{"type": "Ready", "status": "True"}],
        "containerStatuses": [{"name": "app", "restartCount": 0, "ready": true, "state": {"running": {}}}]}}),
    );
    let pdb = json!({"metadata": {"name": "web-pdb"}, "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "web"}}},
        "status": {"disruptionsAllowed": 0, "currentHealthy": 2, "desiredHealthy": 2}});
    let other = json!({"metadata": {"name": "db-pdb"}, "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "db"}}},
        "status": {"disruptionsAllowed": 0}});
    let facts = PodFacts {
        pdbs: vec![pdb.clone(), other],
        ..PodFacts::default()
    };
    let a = explain_pod("pod/web-1", &p, &facts);
    let text = a.render();
    assert!(text.contains("eviction (drain) of it is refused"), "{text}");
    assert!(text.contains("PodDisruptionBudget web-pdb (minAvailable 2) allows 0 disruption(s): 2 healthy, 2 needed"), "{text}");
    assert!(!text.contains("db-pdb"), "{text}");
    let fine = explain_pod("pod/web-1", &p, &PodFacts::default());
    assert!(!fine.problem);
    assert_eq!(fine.render(), "pod/web-1 is Running and Ready.\n");
}

#[test]
fn a_stuck_rollout_names_the_deadline_and_the_pods_behind_it() {
    let d = json!({"kind": "Deployment", "metadata": {"name": "web", "namespace": "default", "generation": 2},
        "spec": {"replicas": 3, "progressDeadlineSeconds": 30},
        "status": {"observedGeneration": 2, "replicas": 4, "updatedReplicas": 1, "readyReplicas": 3, "availableReplicas": 3,
            "conditions": [{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded",
                "message": "ReplicaSet \"web-5d8f\" has timed out progressing."}]}});
    let pods = vec![Answer::new(
        "pod/web-5d8f-x",
        "is not running: container app cannot get its image bad:1",
    )];
    let a = explain_workload("deployment/web", "Deployment", &d, &pods);
    let text = a.render();
    assert!(
        text.contains("is stuck: its rollout exceeded its progress deadline"),
        "{text}"
    );
    assert!(
        text.contains("ReplicaSet \"web-5d8f\" has timed out progressing."),
        "{text}"
    );
    assert!(
        text.contains("1 of 3 updated, 3 ready, 3 available (deadline 30s)"),
        "{text}"
    );
    assert!(text.contains("pod/web-5d8f-x is not running"), "{text}");
    assert!(
        text.contains("rkctl rollout undo deployment/web -n default"),
        "{text}"
    );
}

#[test]
fn a_cordoned_node_with_a_blocked_pod_explains_the_drain() {
    let n = json!({"metadata": {"name": "n1"}, "spec": {"unschedulable": true,
        "taints": [{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}]},
        "status": {"conditions": [{"type": "Ready", "status": "True"}]}});
    let blocked = vec![(
        "default/web-1".to_string(),
        "PodDisruptionBudget web-pdb (minAvailable 2) allows 0 disruption(s): 2 healthy, 2 needed"
            .to_string(),
    )];
    let text = explain_node("node/n1", &n, &blocked).render();
    assert!(text.contains("cordoned"), "{text}");
    assert!(
        text.contains("node.kubernetes.io/unschedulable:NoSchedule"),
        "{text}"
    );
    assert!(
        text.contains("default/web-1: PodDisruptionBudget web-pdb"),
        "{text}"
    );
    let ready = json!({"metadata": {"name": "n2"}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}});
    assert!(!explain_node("node/n2", &ready, &[]).problem);
}

#[test]
fn selectors_match_labels_and_expressions() {
    let labels = json!({"app": "web", "tier": "front"});
    assert!(labels_match(
        &json!({"matchLabels": {"app": "web"}}),
        &labels
    ));
    assert!(!labels_match(
        &json!({"matchLabels": {"app": "db"}}),
        &labels
    ));
    assert!(labels_match(
        &json!({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["front", "back"]}]}),
        &labels
    ));
    assert!(labels_match(
        &json!({"matchExpressions": [{"key": "x", "operator": "DoesNotExist"}]}),
        &labels
    ));
    assert!(!labels_match(
        &json!({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["front"]}]}),
        &labels
    ));
}
