//! Workload controllers end to end on simulated nodes: `rkd server` (API server, controller
//! manager and the real scheduler) with short periods, `rkd agent --runtime sim --nodes 5`, and
//! kubectl 1.33 — Deployments (100 replicas, rolling with maxUnavailable held, undo, scale,
//! progress deadline), StatefulSets, Jobs, CronJobs, propagation policies and namespace
//! deletion, with the events kube-controller-manager would record.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sim_support;

use serde_json::Value;
use sim_support::*;

fn pods_of(c: &Cluster, ns: &str, app: &str) -> Vec<Value> {
    c.items(&["pods", "-n", ns, "-l", &format!("app={app}")])
}

fn image_of(obj: &Value) -> String {
    obj.pointer("/spec/template/spec/containers/0/image")
        .or_else(|| obj.pointer("/spec/containers/0/image"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

#[test]
fn a_deployment_of_100_replicas_becomes_available_rolls_with_max_unavailable_held_undoes_and_scales()
 {
    let c = Cluster::start(5);
    c.k(&["create", "namespace", "apps"]);
    c.apply(&deployment("apps", "web", 100, "nginx:1.25", ""));
    let out = c.k(&[
        "rollout",
        "status",
        "deployment/web",
        "-n",
        "apps",
        "--timeout=90s",
    ]);
    assert!(out.contains("successfully rolled out"), "{out}");
    let d = c.get_json(&["deployment", "web", "-n", "apps"]).unwrap();
    assert_eq!(d["status"]["availableReplicas"], 100);
    let pods = pods_of(&c, "apps", "web");
    assert_eq!(pods.iter().filter(|p| serving(p)).count(), 100);
    // The real scheduler spread them over the five nodes.
    let mut nodes: Vec<String> = pods.iter().map(node_of).collect();
    nodes.sort();
    nodes.dedup();
    assert_eq!(nodes.len(), 5, "{nodes:?}");
    // Events: the Deployment scaled its ReplicaSet, which created its pods.
    let scaled = c.wait_event(
        "apps",
        "Deployment",
        "ScalingReplicaSet",
        "Scaled up replica set web-",
    );
    assert!(
        scaled["message"]
            .as_str()
            .unwrap()
            .ends_with("from 0 to 100"),
        "{scaled}"
    );
    assert_eq!(scaled["source"]["component"], "deployment-controller");
    c.wait_event(
        "apps",
        "ReplicaSet",
        "SuccessfulCreate",
        "Created pod: web-",
    );
    // 100 creations: past ten similar events they are combined into one, counted.
    let combined = c.wait_event(
        "apps",
        "ReplicaSet",
        "SuccessfulCreate",
        "(combined from similar events): Created pod: web-",
    );
    assert!(combined["count"].as_i64().unwrap() > 1, "{combined}");

    // An image change rolls; at every observation at least 90 pods serve (maxUnavailable 10%).
    c.k(&[
        "set",
        "image",
        "deployment/web",
        "main=nginx:1.26",
        "-n",
        "apps",
    ]);
    let mut observations = 0;
    let mut least = usize::MAX;
    c.wait("the rollout to nginx:1.26", 120, || {
        let pods = pods_of(&c, "apps", "web");
        let up = pods.iter().filter(|p| serving(p)).count();
        observations += 1;
        least = least.min(up);
        assert!(
            up >= 90,
            "only {up} pods serving during the rollout (maxUnavailable 10 of 100)"
        );
        let done = pods.len() == 100
            && pods
                .iter()
                .all(|p| serving(p) && image_of(p) == "nginx:1.26");
        done.then_some(())
    });
    eprintln!("rollout: {observations} observations, never fewer than {least} pods serving");
    assert!(observations > 1);
    let out = c.k(&[
        "rollout",
        "status",
        "deployment/web",
        "-n",
        "apps",
        "--timeout=60s",
    ]);
    assert!(out.contains("successfully rolled out"), "{out}");
    c.wait_event(
        "apps",
        "Deployment",
        "ScalingReplicaSet",
        "Scaled down replica set web-",
    );

    // Undo restores the previous template.
    c.k(&["rollout", "undo", "deployment/web", "-n", "apps"]);
    c.wait("the undo back to nginx:1.25", 120, || {
        let d = c.get_json(&["deployment", "web", "-n", "apps"])?;
        let pods = pods_of(&c, "apps", "web");
        (image_of(&d) == "nginx:1.25"
            && pods.len() == 100
            && pods
                .iter()
                .all(|p| serving(p) && image_of(p) == "nginx:1.25"))
        .then_some(())
    });
    let d = c.get_json(&["deployment", "web", "-n", "apps"]).unwrap();
    assert_eq!(
        d["metadata"]["annotations"]["deployment.kubernetes.io/revision"], "3",
        "the undone revision is reused with its number bumped"
    );

    // Scale up and down.
    c.k(&["scale", "deployment/web", "--replicas=120", "-n", "apps"]);
    c.wait("120 serving pods", 60, || {
        (pods_of(&c, "apps", "web")
            .iter()
            .filter(|p| serving(p))
            .count()
            == 120)
            .then_some(())
    });
    c.k(&["scale", "deployment/web", "--replicas=7", "-n", "apps"]);
    c.wait("7 pods left", 60, || {
        (pods_of(&c, "apps", "web").len() == 7).then_some(())
    });
    c.wait_event(
        "apps",
        "ReplicaSet",
        "SuccessfulDelete",
        "Deleted pod: web-",
    );
    let d = c.wait("status of 7 replicas", 30, || {
        c.get_json(&["deployment", "web", "-n", "apps"])
            .filter(|d| d["status"]["availableReplicas"] == 7 && d["status"]["replicas"] == 7)
    });
    assert_eq!(d["status"]["updatedReplicas"], 7);
}

#[test]
fn a_rollout_whose_pods_never_get_ready_ends_in_progress_deadline_exceeded() {
    let c = Cluster::start(2);
    c.k(&["create", "namespace", "stuck"]);
    let yaml = deployment(
        "stuck",
        "never",
        3,
        "nginx:1.25",
        "      annotations: {\"sim.rk.dev/ready\": \"false\"}",
    )
    .replace("progressDeadlineSeconds: 60", "progressDeadlineSeconds: 3");
    c.apply(&yaml);
    let out = c.kubectl(&[
        "rollout",
        "status",
        "deployment/never",
        "-n",
        "stuck",
        "--timeout=60s",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("deployment \"never\" exceeded its progress deadline"),
        "{stderr}"
    );
    let d = c.get_json(&["deployment", "never", "-n", "stuck"]).unwrap();
    let progressing = d["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "Progressing")
        .unwrap()
        .clone();
    assert_eq!(progressing["status"], "False");
    assert_eq!(progressing["reason"], "ProgressDeadlineExceeded");
    // The pods run on the simulated nodes but are not ready.
    let pods = pods_of(&c, "stuck", "never");
    assert_eq!(pods.len(), 3);
    assert!(
        pods.iter().all(|p| p["status"]["phase"] == "Running"
            && condition(p, "Ready").as_deref() == Some("False"))
    );
}

/// The ordinal of a StatefulSet pod `web-N`.
fn ordinal(p: &Value) -> usize {
    name(p).rsplit('-').next().unwrap().parse().unwrap()
}

#[test]
fn a_stateful_set_creates_its_pods_in_order_and_rolls_by_ordinal_from_the_highest() {
    let c = Cluster::start(3);
    c.k(&["create", "namespace", "sts"]);
    let yaml = |image: &str| {
        format!(
            r#"apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: db, namespace: sts}}
spec:
  replicas: 4
  serviceName: db
  selector: {{matchLabels: {{app: db}}}}
  template:
    metadata: {{labels: {{app: db}}}}
    spec:
      terminationGracePeriodSeconds: 0
      containers: [{{name: main, image: "{image}"}}]
"#
        )
    };
    c.apply(&yaml("postgres:16"));
    // At every observation, a pod exists only when every lower ordinal serves.
    c.wait("4 ordered pods", 60, || {
        let pods = pods_of(&c, "sts", "db");
        for p in &pods {
            let n = ordinal(p);
            for lower in 0..n {
                let ok = pods.iter().any(|q| ordinal(q) == lower && serving(q));
                assert!(ok, "db-{n} exists while db-{lower} does not serve");
            }
        }
        (pods.len() == 4 && pods.iter().all(serving)).then_some(())
    });
    // Events in creation order (event names carry the time in nanoseconds, in hex).
    let mut created: Vec<(u128, String)> = c
        .events("sts")
        .iter()
        .filter(|e| {
            e["reason"] == "SuccessfulCreate" && e["involvedObject"]["kind"] == "StatefulSet"
        })
        .map(|e| {
            let n = name(e);
            let nanos = u128::from_str_radix(n.rsplit('.').next().unwrap(), 16).unwrap();
            (nanos, e["message"].as_str().unwrap().to_string())
        })
        .collect();
    created.sort();
    let messages: Vec<&str> = created.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(
        messages,
        (0..4)
            .map(|i| format!("create Pod db-{i} in StatefulSet db successful"))
            .collect::<Vec<_>>()
    );

    // A rolling update replaces the highest ordinal first: the updated pods are always a
    // suffix of the ordinals, and never more than one pod is missing or unready.
    c.apply(&yaml("postgres:17"));
    let update_revision = c.wait("the update revision", 30, || {
        let s = c.get_json(&["statefulset", "db", "-n", "sts"])?;
        let cur = s["status"]["currentRevision"].as_str()?.to_string();
        let upd = s["status"]["updateRevision"].as_str()?.to_string();
        (cur != upd).then_some(upd)
    });
    c.wait("every pod on postgres:17", 90, || {
        let pods = pods_of(&c, "sts", "db");
        let updated: Vec<usize> = pods
            .iter()
            .filter(|p| {
                p["metadata"]["labels"]["controller-revision-hash"] == update_revision.as_str()
            })
            .map(ordinal)
            .collect();
        if let Some(lowest) = updated.iter().min() {
            for higher in *lowest..4 {
                assert!(
                    updated.contains(&higher) || !pods.iter().any(|p| ordinal(p) == higher),
                    "db-{lowest} updated before db-{higher}: {updated:?}"
                );
            }
        }
        let down = 4 - pods.iter().filter(|p| serving(p)).count();
        assert!(down <= 1, "{down} pods down at once");
        (updated.len() == 4 && pods.iter().all(serving)).then_some(())
    });
    c.wait_event(
        "sts",
        "StatefulSet",
        "SuccessfulDelete",
        "delete Pod db-3 in StatefulSet db successful",
    );
}

#[test]
fn jobs_complete_or_stop_at_their_backoff_limit_and_a_cron_job_fires() {
    let c = Cluster::start(2);
    c.k(&["create", "namespace", "batch"]);
    c.apply(
        r#"apiVersion: batch/v1
kind: Job
metadata: {name: ok, namespace: batch}
spec:
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: bad, namespace: batch}
spec:
  backoffLimit: 2
  template:
    metadata:
      annotations: {"sim.rk.dev/exit-code": "3"}
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox}]
"#,
    );
    let ok = c.wait("job ok Complete", 60, || {
        c.get_json(&["job", "ok", "-n", "batch"])
            .filter(|j| condition(j, "Complete").as_deref() == Some("True"))
    });
    assert_eq!(ok["status"]["succeeded"], 3);
    let bad = c.wait("job bad Failed", 60, || {
        c.get_json(&["job", "bad", "-n", "batch"])
            .filter(|j| condition(j, "Failed").as_deref() == Some("True"))
    });
    assert_eq!(
        bad["status"]["failed"], 3,
        "backoffLimit 2: three pods fail, then it stops"
    );
    let failed_cond = bad["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "Failed")
        .unwrap()
        .clone();
    assert_eq!(failed_cond["reason"], "BackoffLimitExceeded");
    // No further pods after it failed.
    std::thread::sleep(std::time::Duration::from_secs(2));
    let bad_pods = c.items(&["pods", "-n", "batch", "-l", "job-name=bad"]);
    assert_eq!(bad_pods.len(), 3);
    assert!(bad_pods.iter().all(|p| p["status"]["phase"] == "Failed"));
    let e = c.wait_event("batch", "Job", "Completed", "Job completed");
    assert_eq!(e["involvedObject"]["name"], "ok");
    assert_eq!(e["source"]["component"], "job-controller");
    let e = c.wait_event(
        "batch",
        "Job",
        "BackoffLimitExceeded",
        "Job has reached the specified backoff limit",
    );
    assert_eq!(e["type"], "Warning");
    c.wait_event("batch", "Job", "SuccessfulCreate", "Created pod: ok-");

    // A CronJob whose last schedule was two minutes ago fires at once for the missed time.
    c.apply(
        r#"apiVersion: batch/v1
kind: CronJob
metadata: {name: tick, namespace: batch}
spec:
  schedule: "* * * * *"
  suspend: true
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: main, image: busybox}]
"#,
    );
    let two_minutes_ago = {
        let out = std::process::Command::new("date")
            .args(["-u", "-d", "-2 minutes", "+%Y-%m-%dT%H:%M:00Z"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    c.k(&[
        "patch",
        "cronjob",
        "tick",
        "-n",
        "batch",
        "--subresource=status",
        "--type=merge",
        "-p",
        &format!(r#"{{"status":{{"lastScheduleTime":"{two_minutes_ago}"}}}}"#),
    ]);
    c.k(&[
        "patch",
        "cronjob",
        "tick",
        "-n",
        "batch",
        "--type=merge",
        "-p",
        r#"{"spec":{"suspend":false}}"#,
    ]);
    let created = c.wait_event("batch", "CronJob", "SuccessfulCreate", "Created job tick-");
    let job = created["message"]
        .as_str()
        .unwrap()
        .trim_start_matches("Created job ")
        .to_string();
    c.wait("the CronJob's Job to complete", 60, || {
        c.get_json(&["job", &job, "-n", "batch"])
            .filter(|j| condition(j, "Complete").as_deref() == Some("True"))
    });
    c.wait_event(
        "batch",
        "CronJob",
        "SawCompletedJob",
        &format!("Saw completed job: {job}, condition: Complete"),
    );
    let cj = c.wait("lastSuccessfulTime", 30, || {
        c.get_json(&["cronjob", "tick", "-n", "batch"])
            .filter(|cj| !cj["status"]["lastSuccessfulTime"].is_null())
    });
    assert!(cj["status"]["active"].is_null(), "{cj}");
}

#[test]
fn each_propagation_policy_leaves_exactly_the_right_dependents_and_a_deleted_namespace_empties() {
    let c = Cluster::start(2);
    c.k(&["create", "namespace", "gc"]);
    for n in ["orphan", "fore", "back"] {
        c.apply(&deployment("gc", n, 3, "nginx:1.25", ""));
    }
    for n in ["orphan", "fore", "back"] {
        c.k(&[
            "rollout",
            "status",
            &format!("deployment/{n}"),
            "-n",
            "gc",
            "--timeout=60s",
        ]);
    }
    let rs_of = |app: &str| c.items(&["replicasets", "-n", "gc", "-l", &format!("app={app}")]);

    // Orphan: the ReplicaSet and its pods stay, released from the Deployment.
    c.k(&[
        "delete",
        "deployment",
        "orphan",
        "-n",
        "gc",
        "--cascade=orphan",
    ]);
    c.wait("the orphaned ReplicaSet released", 30, || {
        let rs = rs_of("orphan");
        (rs.len() == 1
            && rs[0]["metadata"]["ownerReferences"]
                .as_array()
                .is_none_or(Vec::is_empty))
        .then_some(())
    });
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert_eq!(
        pods_of(&c, "gc", "orphan")
            .iter()
            .filter(|p| serving(p))
            .count(),
        3
    );
    assert_eq!(rs_of("orphan").len(), 1);

    // Foreground: the Deployment stays (with deletionTimestamp) until its dependents are gone.
    c.k(&[
        "delete",
        "deployment",
        "fore",
        "-n",
        "gc",
        "--cascade=foreground",
        "--wait=false",
    ]);
    c.wait("the foreground deletion to finish", 60, || {
        let gone = c.get_json(&["deployment", "fore", "-n", "gc"]).is_none();
        if gone {
            assert!(
                rs_of("fore").is_empty(),
                "the Deployment went before its ReplicaSet"
            );
        }
        (gone && pods_of(&c, "gc", "fore").is_empty()).then_some(())
    });

    // Background: everything goes.
    c.k(&[
        "delete",
        "deployment",
        "back",
        "-n",
        "gc",
        "--cascade=background",
    ]);
    c.wait("the background deletion to finish", 60, || {
        (rs_of("back").is_empty() && pods_of(&c, "gc", "back").is_empty()).then_some(())
    });
    // The orphans are untouched by the others.
    assert_eq!(pods_of(&c, "gc", "orphan").len(), 3);

    // Deleting the namespace empties it (orphaned ReplicaSet, pods, a ConfigMap) and removes it.
    c.k(&[
        "create",
        "configmap",
        "cfg",
        "-n",
        "gc",
        "--from-literal=a=b",
    ]);
    c.k(&["delete", "namespace", "gc", "--timeout=60s"]);
    assert!(c.get_json(&["namespace", "gc"]).is_none());
    let out = c.kubectl(&["get", "pods", "-n", "gc", "-o", "name"]);
    assert!(String::from_utf8_lossy(&out.stdout).trim().is_empty());
}
