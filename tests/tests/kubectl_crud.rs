//! Reading and writing objects with the real kubectl (1.27 and 1.33) against `rkd apiserver`.
//! `create -f` runs with kubectl's default validation (strict, on the server: tests/openapi.rs).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use rk_e2e::{Rkd, kubectl_bin, ok_stdout};

const POD: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web, tier: front}
spec:
  containers:
  - name: web
    image: busybox
"#;

fn create(rkd: &Rkd, minor: u32, manifest: &str) -> std::process::Output {
    let path = rkd.dir.path().join(format!("manifest-{minor}.yaml"));
    std::fs::write(&path, manifest).unwrap();
    rkd.kubectl(
        minor,
        &["create", "-f", path.to_str().unwrap()],
    )
}

#[test]
fn create_get_label_delete_with_kubectl_1_27_and_1_33() {
    let rkd = Rkd::start("apiserver", &[]);
    for minor in [27, 33] {
        let ns = format!("ns{minor}");
        ok_stdout(&create(
            &rkd,
            minor,
            &format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n"),
        ));
        let pod = POD.replace(
            "name: web\n  labels",
            &format!("name: web\n  namespace: {ns}\n  labels"),
        );
        assert_eq!(
            ok_stdout(&create(&rkd, minor, &pod)).trim(),
            "pod/web created"
        );

        let names = ok_stdout(&rkd.kubectl(minor, &["get", "pods", "-n", &ns, "-o", "name"]));
        assert_eq!(names.trim(), "pod/web");
        let obj: serde_json::Value = serde_json::from_str(&ok_stdout(
            &rkd.kubectl(minor, &["get", "pod", "web", "-n", &ns, "-o", "json"]),
        ))
        .unwrap();
        assert_eq!(obj["status"]["phase"], "Pending");
        assert_eq!(obj["metadata"]["generation"], 1);
        assert!(obj["metadata"]["uid"].as_str().unwrap().len() == 36);
        let jp = ok_stdout(&rkd.kubectl(
            minor,
            &[
                "get",
                "pods",
                "-n",
                &ns,
                "-o",
                "jsonpath={.items[*].metadata.labels.app}",
            ],
        ));
        assert_eq!(jp, "web");
        let cc = ok_stdout(&rkd.kubectl(
            minor,
            &[
                "get",
                "pods",
                "-n",
                &ns,
                "-o",
                "custom-columns=N:.metadata.name,Q:.status.qosClass",
            ],
        ));
        assert_eq!(cc, "N     Q\nweb   BestEffort\n");

        // Selectors are applied by the server.
        assert_eq!(
            ok_stdout(&rkd.kubectl(
                minor,
                &["get", "pods", "-A", "-l", "tier=front", "-o", "name"]
            ))
            .trim(),
            "pod/web"
        );
        assert_eq!(
            ok_stdout(&rkd.kubectl(
                minor,
                &["get", "pods", "-n", &ns, "-l", "tier!=front", "-o", "name"]
            ))
            .trim(),
            ""
        );
        let by_field = ok_stdout(&rkd.kubectl(
            minor,
            &[
                "get",
                "pods",
                "-n",
                &ns,
                "--field-selector",
                "metadata.name=web",
                "-o",
                "name",
            ],
        ));
        assert_eq!(by_field.trim(), "pod/web");
        let bad = rkd.kubectl(
            minor,
            &["get", "pods", "-n", &ns, "--field-selector", "spec.bogus=x"],
        );
        assert!(!bad.status.success());
        assert!(
            String::from_utf8_lossy(&bad.stderr).contains("field label not supported: spec.bogus"),
            "{}",
            String::from_utf8_lossy(&bad.stderr)
        );

        ok_stdout(&rkd.kubectl(minor, &["label", "pod", "web", "-n", &ns, "color=blue"]));
        ok_stdout(&rkd.kubectl(minor, &["annotate", "pod", "web", "-n", &ns, "note=hi"]));
        let labels = ok_stdout(&rkd.kubectl(
            minor,
            &[
                "get",
                "pod",
                "web",
                "-n",
                &ns,
                "-o",
                "jsonpath={.metadata.labels.color}/{.metadata.annotations.note}",
            ],
        ));
        assert_eq!(labels, "blue/hi");

        // Exactly kubectl's NotFound wording and exit code 1.
        let missing = rkd.kubectl(minor, &["get", "pod", "nope", "-n", &ns]);
        assert_eq!(missing.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&missing.stderr).trim(),
            "Error from server (NotFound): pods \"nope\" not found"
        );
        let dup = create(&rkd, minor, &pod);
        let dup = String::from_utf8_lossy(&dup.stderr);
        assert!(
            dup.starts_with("Error from server (AlreadyExists): error when creating")
                && dup.trim_end().ends_with(": pods \"web\" already exists"),
            "{dup}"
        );

        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["delete", "pod", "web", "-n", &ns])).trim(),
            "pod \"web\" deleted"
        );
        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["get", "pods", "-n", &ns, "-o", "name"])).trim(),
            ""
        );
    }
}

#[test]
fn invalid_objects_get_kubernetes_messages() {
    let rkd = Rkd::start("apiserver", &[]);
    let no_image = POD.replace("    image: busybox\n", "");
    let out = create(&rkd, 33, &no_image);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "The Pod \"web\" is invalid: spec.containers[0].image: Required value"
    );
    let bad_name = POD.replace("name: web\n  labels", "name: Web_1\n  labels");
    let out = create(&rkd, 27, &bad_name);
    assert!(String::from_utf8_lossy(&out.stderr).contains("The Pod \"Web_1\" is invalid: metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain"), "{}", String::from_utf8_lossy(&out.stderr));
    let missing_ns = POD.replace(
        "name: web\n  labels",
        "name: web\n  namespace: ghost\n  labels",
    );
    let out = create(&rkd, 33, &missing_ns);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "Error from server (NotFound): error when creating \"".to_string()
            + rkd.dir.path().join("manifest-33.yaml").to_str().unwrap()
            + "\": namespaces \"ghost\" not found"
    );
}

#[test]
fn get_watch_sees_added_modified_and_deleted_from_a_concurrent_change() {
    let rkd = Rkd::start("apiserver", &[]);
    ok_stdout(&create(&rkd, 33, POD));
    let home = rkd.dir.path().join("home-watch");
    std::fs::create_dir_all(&home).unwrap();
    let mut watch = Command::new(kubectl_bin(33))
        .env("HOME", &home)
        .env("KUBECONFIG", rkd.kubeconfig())
        .args(["get", "pods", "-w", "--output-watch-events"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    ok_stdout(&rkd.kubectl(33, &["label", "pod", "web", "changed=yes"]));
    ok_stdout(&rkd.kubectl(33, &["delete", "pod", "web"]));
    std::thread::sleep(Duration::from_millis(1000));
    let _ = watch.kill();
    let out = watch.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    // EVENT NAME … columns: the first two words of each row.
    let events: Vec<String> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        events,
        ["ADDED web", "MODIFIED web", "DELETED web"],
        "{text}"
    );
    let _ = std::io::stdout().flush();
}

#[test]
fn delete_with_orphan_or_foreground_sets_the_finalizer() {
    let rkd = Rkd::start("apiserver", &[]);
    ok_stdout(&create(&rkd, 33, POD));
    let out = rkd.kubectl(
        33,
        &["delete", "pod", "web", "--cascade=orphan", "--wait=false"],
    );
    ok_stdout(&out);
    let fin = ok_stdout(&rkd.kubectl(
        33,
        &[
            "get",
            "pod",
            "web",
            "-o",
            "jsonpath={.metadata.finalizers}/{.metadata.deletionTimestamp}",
        ],
    ));
    assert!(fin.starts_with("[\"orphan\"]/2"), "{fin}");
    // The garbage collector (a later issue) completes the deletion; removing the finalizer does it too.
    ok_stdout(&rkd.kubectl(
        33,
        &[
            "patch",
            "pod",
            "web",
            "--type=json",
            "-p",
            r#"[{"op":"remove","path":"/metadata/finalizers"}]"#,
        ],
    ));
    ok_stdout(&rkd.kubectl(33, &["wait", "--for=delete", "pod/web", "--timeout=10s"]));
}

#[test]
fn core_and_events_k8s_io_views_see_the_same_events() {
    let rkd = Rkd::start("apiserver", &[]);
    let core = r#"apiVersion: v1
kind: Event
metadata: {name: web.1}
involvedObject: {kind: Pod, name: web, namespace: default}
reason: Started
message: Started container web
type: Normal
source: {component: kubelet}
"#;
    ok_stdout(&create(&rkd, 33, core));
    let new = r#"apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: web.2}
eventTime: "2026-11-28T07:00:00.000000Z"
regarding: {kind: Pod, name: web, namespace: default}
reason: Pulled
note: Image pulled
type: Normal
action: Pull
reportingController: kubelet
reportingInstance: n1
"#;
    ok_stdout(&create(&rkd, 27, new));
    let as_new = ok_stdout(&rkd.kubectl(33, &["get", "events.events.k8s.io", "-o", "jsonpath={range .items[*]}{.metadata.name}={.note};{end}"]));
    assert_eq!(as_new, "web.1=Started container web;web.2=Image pulled;");
    let as_core = ok_stdout(&rkd.kubectl(33, &["get", "events", "-o", "jsonpath={range .items[*]}{.metadata.name}={.message}/{.involvedObject.name};{end}"]));
    assert_eq!(as_core, "web.1=Started container web/web;web.2=Image pulled/web;");
}
