//! `rkctl why` and `rkctl tree` end to end on `rkd server` (API server, scheduler, controllers) with Node objects
//! created by the test and no agent: a pod no node can take (Insufficient cpu on one node, an
//! untolerated taint on the other — both named with their nodes), a deletion held by a
//! finalizer, and a node whose drain would wait on a PodDisruptionBudget. The answers that need a
//! running agent (image pulls, OOMKilled restarts, probes) are unit-tested on pod JSON in
//! cli/src/commands/why_tests.rs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use rk_e2e::{Rkd, ok_stdout, wait_for};

fn apply(rkd: &Rkd, name: &str, yaml: &str) {
    let path = rkd.dir.path().join(format!("{name}.yaml"));
    std::fs::write(&path, yaml).unwrap();
    ok_stdout(&rkd.kubectl(33, &["apply", "-f", path.to_str().unwrap()]));
}

fn node(rkd: &Rkd, name: &str, cpu: &str, taints: &str) {
    apply(
        rkd,
        name,
        &format!(
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: {name}\n  labels:\n    kubernetes.io/hostname: {name}\nspec:\n  taints: {taints}\n"
        ),
    );
    let status = format!(
        r#"{{"status":{{"capacity":{{"cpu":"{cpu}","memory":"8Gi","pods":"110"}},"allocatable":{{"cpu":"{cpu}","memory":"8Gi","pods":"110"}},"conditions":[{{"type":"Ready","status":"True","reason":"KubeletReady","message":"ok"}}]}}}}"#
    );
    ok_stdout(&rkd.kubectl(
        33,
        &["patch", "node", name, "--subresource=status", "--type=merge", "-p", &status],
    ));
}

fn why(rkd: &Rkd, args: &[&str]) -> String {
    let mut all = vec!["why"];
    all.extend_from_slice(args);
    ok_stdout(&rkd.rkctl(&all))
}

#[test]
fn why_names_the_reasons_the_nodes_the_finalizer_and_the_budget() {
    let rkd = Rkd::start("server", &[]);
    node(&rkd, "small", "1", "[]");
    node(
        &rkd,
        "gpu",
        "8",
        "[{key: dedicated, value: gpu, effect: NoSchedule}]",
    );

    apply(
        &rkd,
        "big",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n  - name: app\n    image: busybox\n    resources:\n      requests:\n        cpu: \"2\"\n",
    );
    let text = wait_for("the scheduler to give up on pod big", Duration::from_secs(30), || {
        let out = why(&rkd, &["pod/big"]);
        out.contains("Insufficient cpu: small").then_some(out)
    });
    assert!(text.starts_with("pod/big is Pending: no node can run it.\n"), "{text}");
    assert!(text.contains("Insufficient cpu: small"), "{text}");
    assert!(text.contains("untolerated taint"), "{text}");
    assert!(text.contains(": gpu"), "{text}");
    assert!(text.contains("Next: rkctl describe node small"), "{text}");
    // TYPE NAME works as TYPE/NAME, and a type alone lists every pod with a problem.
    assert_eq!(why(&rkd, &["pod", "big"]), text);
    let all = why(&rkd, &["pods", "-A"]);
    assert!(all.contains("default/pod/big is Pending"), "{all}");

    apply(
        &rkd,
        "held",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: held\n  finalizers: [example.com/hold]\nspec:\n  nodeName: small\n  containers:\n  - name: app\n    image: busybox\n",
    );
    ok_stdout(&rkd.kubectl(33, &["delete", "pod", "held", "--wait=false"]));
    let text = why(&rkd, &["pod/held"]);
    assert!(text.contains("is being deleted, and waits for 1 finalizer"), "{text}");
    assert!(text.contains("example.com/hold"), "{text}");
    assert!(text.contains("rkctl patch pod/held -n default --type=merge"), "{text}");

    apply(
        &rkd,
        "web",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  nodeName: gpu\n  containers:\n  - name: app\n    image: busybox\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web-pdb\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n",
    );
    let text = why(&rkd, &["node/gpu"]);
    assert!(text.contains("taints: dedicated=gpu:NoSchedule"), "{text}");
    assert!(text.contains("a drain would wait on 1 pod(s)"), "{text}");
    assert!(text.contains("default/web: PodDisruptionBudget web-pdb (minAvailable 1)"), "{text}");

    let out = rkd.rkctl(&["why", "pod/nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("pods \"nope\" not found"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn tree_shows_a_deployment_its_replicaset_and_its_pods() {
    let rkd = Rkd::start("server", &[]);
    ok_stdout(&rkd.kubectl(33, &["create", "deployment", "web", "--image=busybox", "--replicas=2"]));
    let text = wait_for("the deployment's pods", Duration::from_secs(30), || {
        let out = ok_stdout(&rkd.rkctl(&["tree", "deployment/web"]));
        (out.matches("Pod/web-").count() == 2).then_some(out)
    });
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("NAMESPACE   NAME"), "{text}");
    assert!(lines[1].starts_with("default     Deployment/web"), "{text}");
    assert!(lines[2].contains("└─ReplicaSet/web-"), "{text}");
    assert!(lines[3].contains("  ├─Pod/web-"), "{text}");
    assert!(lines[4].contains("  └─Pod/web-"), "{text}");
    // Unscheduled pods (no node here) are not Ready.
    assert!(lines[3].contains("False") || lines[3].contains(" - "), "{text}");
}
