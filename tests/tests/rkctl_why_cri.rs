//! `rkctl why` and `rkctl apply --wait` end to end on a real node (`rkd up`: a managed
//! containerd): `why` names an image that cannot be pulled (a registry on loopback where nothing
//! listens) with the next command, an OOMKilled restart with the tail of the previous log, and a
//! failing readiness probe with its output; `apply --wait` of a Deployment with that image exits
//! non-zero naming the waiting reason and the image. Everything (containerd, pods, netns) is
//! removed by `rkd reset` on drop, failure included.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cri_support;

use std::time::Duration;

use cri_support::Up;
use rk_e2e::{ok_stdout, wait_for};
use serde_json::Value;

const WITHIN: Duration = Duration::from_secs(90);

/// Nothing listens on port 1 of loopback: every pull from it fails at once.
const MISSING_IMAGE: &str = "127.0.0.1:1/rk-test/missing:1";

fn pods() -> String {
    format!(
        r#"
apiVersion: v1
kind: Pod
metadata: {{name: nopull}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: {MISSING_IMAGE}
    imagePullPolicy: Always
---
apiVersion: v1
kind: Pod
metadata: {{name: hog}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: hog
    image: localhost/rk/busybox:1
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "echo about to allocate; exec dd if=/dev/zero of=/dev/null bs=256M count=1"]
    resources:
      limits: {{memory: 32Mi}}
---
apiVersion: v1
kind: Pod
metadata: {{name: unready}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: localhost/rk/busybox:1
    imagePullPolicy: IfNotPresent
    command: ["sleep", "3600"]
    readinessProbe:
      exec:
        command: ["sh", "-c", "echo cache-not-warm; exit 1"]
      periodSeconds: 1
      failureThreshold: 1
"#
    )
}

const BAD_DEPLOYMENT: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata: {name: badimage}
spec:
  replicas: 1
  selector: {matchLabels: {app: badimage}}
  template:
    metadata: {labels: {app: badimage}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: app
        image: 127.0.0.1:1/rk-test/missing:1
        imagePullPolicy: Always
"#;

fn why(up: &Up, target: &str) -> String {
    ok_stdout(&up.rkd.rkctl(&["why", target]))
}

fn pod_json(up: &Up, name: &str) -> String {
    let out = up.rkd.kubectl(33, &["get", "pod", name, "-o", "json"]);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn why_and_apply_wait_name_what_real_containerd_reports() {
    let up = Up::start("10.226.0.0/16");
    up.run(scenario);
}

fn scenario(up: &Up) {
    up.wait_node();
    let manifest = up.dir().join("pods.yaml");
    std::fs::write(&manifest, pods()).unwrap();
    ok_stdout(&up.rkd.rkctl(&["apply", "-f", manifest.to_str().unwrap()]));

    // (a) An image that cannot be pulled.
    let text = wait_for("why pod/nopull to name the pull error", WITHIN, || {
        let t = why(up, "pod/nopull");
        // Until the container's status says so, the answer is "being created" with the event.
        (t.starts_with("pod/nopull is not running: container app cannot get its image")
            && (t.contains("ErrImagePull") || t.contains("ImagePullBackOff")))
        .then_some(t)
    });
    eprintln!("{text}");
    assert!(
        text.starts_with("pod/nopull is not running: container app cannot get its image"),
        "{text}"
    );
    assert!(text.contains(MISSING_IMAGE), "{text}");
    assert!(text.contains("connection refused"), "{text}");
    assert!(
        text.contains("Next: rkctl describe pod nopull -n default"),
        "{text}"
    );

    // (b) An OOMKilled restart, with the tail of the previous log.
    let text = wait_for("why pod/hog to name the OOM kill", WITHIN, || {
        let t = why(up, "pod/hog");
        (t.starts_with("pod/hog keeps restarting")
            && t.contains("OOMKilled")
            && t.contains("about to allocate"))
        .then_some(t)
    });
    eprintln!("{text}");
    assert!(
        text.starts_with("pod/hog keeps restarting: container hog has restarted"),
        "{text}"
    );
    assert!(text.contains("reason OOMKilled"), "{text}");
    assert!(text.contains("(limit 32Mi)"), "{text}");
    assert!(text.contains("  | about to allocate"), "{text}");
    assert!(
        text.contains("Next: rkctl logs hog -n default -c hog --previous"),
        "{text}"
    );

    // (c) A failing readiness probe, with its output.
    let text = wait_for("why pod/unready to name the probe", WITHIN, || {
        let t = why(up, "pod/unready");
        (t.starts_with("pod/unready is Running but not Ready") && t.contains("cache-not-warm"))
            .then_some(t)
    });
    eprintln!("{text}");
    assert!(
        text.starts_with("pod/unready is Running but not Ready"),
        "{text}"
    );
    assert!(text.contains("containers not ready: app"), "{text}");
    assert!(
        text.contains("latest probe failure: Readiness probe failed:"),
        "{text}\npod: {}",
        pod_json(up, "unready")
    );

    // `why pods` (a type alone) lists the three, each with its problem.
    let all = why(up, "pods");
    for name in ["pod/nopull ", "pod/hog ", "pod/unready "] {
        assert!(all.contains(name), "{name} missing from:\n{all}");
    }

    // apply --wait of a Deployment whose image cannot be pulled fails with the reason.
    let deploy = up.dir().join("badimage.yaml");
    std::fs::write(&deploy, BAD_DEPLOYMENT).unwrap();
    let out = up.rkd.rkctl(&[
        "apply",
        "-f",
        deploy.to_str().unwrap(),
        "--wait",
        "--timeout",
        "80s",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(
        !out.status.success(),
        "apply --wait succeeded:\n{stdout}\n{stderr}"
    );
    assert!(
        stderr.contains("ErrImagePull") || stderr.contains("ImagePullBackOff"),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stderr.contains(MISSING_IMAGE),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        !stderr.contains("timed out"),
        "it should fail on the reason, not the deadline:\n{stderr}"
    );
    let deployments: Value = serde_json::from_str(&ok_stdout(
        &up.rkd
            .kubectl(33, &["get", "deploy", "badimage", "-o", "json"]),
    ))
    .unwrap();
    assert_eq!(deployments["metadata"]["name"], "badimage");
}
