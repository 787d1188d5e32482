//! The official Python client (`pip install kubernetes`) against `rkd apiserver`: the script
//! `tests/python/client_smoke.py` lists, creates (dict bodies), reads, replaces, patches, lists by
//! label, watches and deletes with the admin kubeconfig, and prints a JSON summary checked here.
//!
//! The client lives in a virtualenv under the target directory (`target/e2e-venv`), made once and
//! reused by later runs; a lock file keeps two tests (or two `cargo` runs) from building it at
//! the same time.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Stdio};

use rk_e2e::{Rkd, python_with_kubernetes_client};
use serde_json::{Value, json};

/// Runs the smoke script against `rkd` and returns its summary, one record per step.
fn run_smoke_script(rkd: &Rkd, namespace: &str) -> Value {
    let python = python_with_kubernetes_client();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("python/client_smoke.py");
    let out = Command::new(python)
        .arg(&script)
        .arg(rkd.kubeconfig())
        .arg(namespace)
        .env("HOME", rkd.dir.path())
        .stdin(Stdio::null())
        .output()
        .expect("run the Python client");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "client_smoke.py crashed ({}):\n{stdout}{}\nrkd log:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        rkd.log()
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("summary is not JSON ({e}):\n{stdout}"))
}

/// The value of a step that must have succeeded.
fn ok<'a>(summary: &'a Value, step: &str) -> &'a Value {
    let record = &summary[step];
    assert_eq!(
        record["ok"],
        true,
        "step {step} failed: {}",
        record["error"].as_str().unwrap_or("(not run)")
    );
    &record["value"]
}

/// (HTTP status, Status reason) of a step that must have failed with an API error.
fn api_error(summary: &Value, step: &str) -> (Value, Value) {
    let record = &summary[step];
    assert_eq!(
        record["ok"], false,
        "step {step} should have failed, got {}",
        record["value"]
    );
    (record["status"].clone(), record["reason"].clone())
}

#[test]
fn the_python_client_lists_creates_reads_updates_patches_watches_and_deletes() {
    let rkd = Rkd::start("apiserver", &[]);
    let s = run_smoke_script(&rkd, "default");
    let summary = serde_json::to_string_pretty(&s).unwrap();
    let check = |step: &str, pointer: &str, want: Value| {
        let got = ok(&s, step)
            .pointer(pointer)
            .cloned()
            .unwrap_or(Value::Null);
        assert_eq!(got, want, "{step}{pointer} in\n{summary}");
    };

    check("version", "", json!("33"));
    let namespaces = ok(&s, "list_namespaces").clone();
    for ns in ["default", "kube-system", "kube-public", "kube-node-lease"] {
        assert!(
            namespaces.as_array().unwrap().contains(&json!(ns)),
            "{ns} in {namespaces}"
        );
    }

    // Create and read back, typed by the client's models.
    check("create_configmap", "/data", json!({"greeting": "hello"}));
    check("create_configmap", "/namespace", json!("default"));
    assert_eq!(
        ok(&s, "create_configmap")["uid"].as_str().unwrap().len(),
        36
    );
    check("create_pod", "/labels", json!({"app": "py"}));
    check("read_configmap", "/data", json!({"greeting": "hello"}));
    check(
        "read_configmap",
        "/resourceVersion",
        ok(&s, "create_configmap")["resourceVersion"].clone(),
    );
    check("read_pod", "/phase", json!("Pending"));
    check("read_pod", "/image", json!("busybox"));
    assert_eq!(
        api_error(&s, "read_missing_configmap"),
        (json!(404), json!("NotFound"))
    );

    // Replace moves the resourceVersion; replacing from a stale one is a Conflict.
    check("replace_configmap", "/data", json!({"greeting": "bonjour"}));
    assert_ne!(
        ok(&s, "replace_configmap")["resourceVersion"],
        ok(&s, "replace_configmap")["before"]
    );
    assert_eq!(
        api_error(&s, "replace_configmap_stale"),
        (json!(409), json!("Conflict"))
    );

    // A dict patch goes out as application/strategic-merge-patch+json: labels merge.
    check(
        "patch_pod_labels",
        "/labels",
        json!({"app": "py", "tier": "back"}),
    );
    // A list patch goes out as application/json-patch+json.
    check(
        "json_patch_configmap",
        "/data",
        json!({"greeting": "bonjour", "farewell": "bye"}),
    );

    check("list_pods_app_py", "", json!(["py-pod"]));
    check("list_pods_tier_back", "", json!(["py-pod"]));
    check("list_pods_app_nope", "", json!([]));
    check("list_configmaps_app_py", "", json!(["py-cm"]));
    check("list_all_pods", "", json!(["default/py-pod"]));

    // The watch (no resourceVersion) starts with the existing pod, then sees the other
    // thread's create, relabel and delete, in order.
    let watched = ok(&s, "watch_pods");
    assert_eq!(watched["writer_errors"], json!([]), "{summary}");
    let events: Vec<(String, String)> = serde_json::from_value(watched["events"].clone()).unwrap();
    let of = |name: &str| -> Vec<&str> {
        events
            .iter()
            .filter(|(_, n)| n == name)
            .map(|(t, _)| t.as_str())
            .collect()
    };
    assert_eq!(of("py-pod"), ["ADDED"], "{summary}");
    assert_eq!(
        of("py-watch"),
        ["ADDED", "MODIFIED", "DELETED"],
        "{summary}"
    );

    // Kubernetes answers a ConfigMap's DELETE with a Success Status, a Pod's with the Pod.
    check(
        "delete_configmap",
        "",
        json!({"kind": "Status", "status": "Success"}),
    );
    check("delete_pod", "", json!({"kind": "Pod", "name": "py-pod"}));
    assert_eq!(
        api_error(&s, "read_deleted_configmap"),
        (json!(404), json!("NotFound"))
    );
    check("list_after_delete", "", json!([]));
}
