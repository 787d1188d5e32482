//! Live reconciliation (issue 10) end to end: `rkctl get -w --diff` prints the fields a change
//! touched; `rkctl apply --wait` on `rkd server` with two simulated nodes succeeds on a good
//! rollout, fails with the pods' waiting reason on a crashing one, and times out naming what is
//! not ready for pods that never become ready (`sim.rk.dev/ready: "false"`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Stdio};
use std::time::Duration;

use rk_e2e::{Agent, Rkd, ok_stdout, rkctl_bin, wait_for};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn get_watch_diff_prints_the_changed_fields() {
    let rkd = Rkd::start("apiserver", &[]);
    ok_stdout(&rkd.rkctl(&["run", "web", "--image=busybox", "--labels=app=web"]));
    let out_file = rkd.dir.path().join("watch.out");
    let home = rkd.dir.path().join("home-rkctl");
    std::fs::create_dir_all(&home).unwrap();
    let mut child = Command::new(rkctl_bin())
        .args(["get", "pods", "-w", "--diff"])
        .env("HOME", &home)
        .env("KUBECONFIG", rkd.kubeconfig())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_file).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let read = || std::fs::read_to_string(&out_file).unwrap_or_default();
    wait_for("the table", Duration::from_secs(10), || {
        read().contains("web").then_some(())
    });
    // The watch may start just after the table: relabel until the change is seen.
    let seen = wait_for("the label's diff", Duration::from_secs(15), || {
        ok_stdout(&rkd.rkctl(&["label", "pod", "web", "tier=db", "--overwrite"]));
        let t = read();
        t.contains("+ metadata.labels.tier: \"db\"").then_some(t)
    });
    ok_stdout(&rkd.rkctl(&["label", "pod", "web", "tier=cache", "--overwrite"]));
    let changed = wait_for("the changed label", Duration::from_secs(10), || {
        let t = read();
        t.contains("~ metadata.labels.tier: \"db\" → \"cache\"")
            .then_some(t)
    });
    let _ = child.kill();
    let _ = child.wait();
    assert!(seen.contains("MODIFIED pod/web\n"), "{seen}");
    assert!(!changed.contains("resourceVersion"), "{changed}");
}

fn cluster() -> (Rkd, Agent) {
    let rkd = Rkd::start("server", &[]);
    let agent = Agent::start(&rkd, "agent.log", &["--runtime", "sim", "--nodes", "2"]);
    wait_for("2 nodes", Duration::from_secs(30), || {
        let out = rkd.rkctl(&["get", "nodes", "--no-headers"]);
        (text(&out.stdout).matches(" Ready").count() == 2).then_some(())
    });
    (rkd, agent)
}

fn deployment(name: &str, annotations: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n  replicas: 2\n  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}}}, annotations: {{{annotations}}}}}\n    spec: {{containers: [{{name: c, image: busybox}}]}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}-config}}\ndata: {{a: \"1\"}}\n"
    )
}

#[test]
fn apply_wait_succeeds_on_a_good_rollout_and_fails_with_the_reason_on_a_bad_one() {
    let (rkd, _agent) = cluster();
    let dir = rkd.dir.path();

    let good = dir.join("good.yaml");
    std::fs::write(&good, deployment("good", "")).unwrap();
    let out = rkd.rkctl(&[
        "apply",
        "-f",
        good.to_str().unwrap(),
        "--wait",
        "--timeout=90s",
    ]);
    let stdout = ok_stdout(&out);
    assert!(stdout.contains("deployment.apps/good created"), "{stdout}");
    assert!(
        stdout.contains(
            "deployment.apps/good: 2 desired, 2 updated, 2 ready, 2 available — converged"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("deployment.apps/good: event: Normal Scheduled pod/good-"),
        "{stdout}"
    );
    assert!(stdout.ends_with("all 2 objects converged\n"), "{stdout}");

    let crash = dir.join("crash.yaml");
    std::fs::write(
        &crash,
        deployment(
            "crash",
            "sim.rk.dev/exit-code: \"1\", sim.rk.dev/ready: \"false\"",
        ),
    )
    .unwrap();
    let out = rkd.rkctl(&[
        "apply",
        "-f",
        crash.to_str().unwrap(),
        "--wait",
        "--timeout=90s",
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = text(&out.stderr);
    assert!(
        err.contains("error: deployment.apps/crash failed: pod crash-"),
        "{err}"
    );
    assert!(err.contains("container c: CrashLoopBackOff"), "{err}");
    assert!(err.contains("(last exit code 1)"), "{err}");

    let never = dir.join("never.yaml");
    std::fs::write(&never, deployment("never", "sim.rk.dev/ready: \"false\"")).unwrap();
    let out = rkd.rkctl(&[
        "apply",
        "-f",
        never.to_str().unwrap(),
        "--wait",
        "--timeout=5s",
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = text(&out.stderr);
    assert!(
        err.contains("timed out after 5s waiting for: deployment.apps/never: 2 desired"),
        "{err}"
    );
    assert!(err.contains("0 ready"), "{err}");
}

#[test]
fn drain_progress_names_the_pods_the_budget_that_holds_them_and_the_end_state() {
    let (rkd, _agent) = cluster();
    let dir = rkd.dir.path();
    let app = dir.join("app.yaml");
    std::fs::write(
        &app,
        format!(
            "{}---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {{name: keep}}\nspec:\n  minAvailable: 2\n  selector: {{matchLabels: {{app: web}}}}\n",
            deployment("web", "")
        ),
    )
    .unwrap();
    ok_stdout(&rkd.rkctl(&[
        "apply",
        "-f",
        app.to_str().unwrap(),
        "--wait",
        "--timeout=90s",
    ]));
    let node = ok_stdout(&rkd.rkctl(&[
        "get",
        "pods",
        "-l",
        "app=web",
        "-o",
        "jsonpath={.items[0].spec.nodeName}",
    ]));

    // The budget allows no disruption: drain waits on it and says so, then gives up.
    let out = rkd.rkctl(&["drain", &node, "--progress", "--timeout=8s"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = text(&out.stdout);
    assert!(stdout.contains(&format!("node/{node}: ")), "{stdout}");
    assert!(stdout.contains("pods to evict: default/web-"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "node/{node}: waiting on PodDisruptionBudget default/keep (minAvailable 2"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("not evicted"), "{stdout}");

    // Without the budget the drain finishes and says so.
    ok_stdout(&rkd.rkctl(&["delete", "pdb", "keep"]));
    let out = rkd.rkctl(&["drain", &node, "--progress", "--timeout=60s"]);
    let stdout = ok_stdout(&out);
    assert!(stdout.contains(&format!("node/{node}: done, ")), "{stdout}");
    assert!(stdout.contains(" evicted (default/web-"), "{stdout}");
    assert!(
        stdout.ends_with(&format!("node/{node} drained\n")),
        "{stdout}"
    );
}
