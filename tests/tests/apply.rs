//! kubectl's write paths against `rkd apiserver` with kubectl 1.27 and 1.33: client-side apply
//! three times (create; a changed field → strategic merge patch; a removed field and a removed
//! list item → gone), server-side apply with a conflict and with --force-conflicts, the upgrade
//! from client-side to server-side apply, diff (exit 1 on a difference, 0 when equal), edit
//! (EDITOR is a script), replace, and patch of all three types — with kubectl's validation on.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output, Stdio};

use rk_e2e::{Rkd, kubectl_bin, ok_stdout};
use serde_json::Value;

fn deployment(ns: &str, replicas: u32, image: &str, labels: &str, containers: &str) -> String {
    format!(
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: {ns}
  labels:
{labels}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
      - name: nginx
        image: {image}
        ports:
        - containerPort: 80
{containers}"#
    )
}

const SIDECAR: &str =
    "      - name: sidecar\n        image: busybox\n        command: [sleep, infinity]\n";

fn write(rkd: &Rkd, name: &str, text: &str) -> String {
    let path = rkd.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn get(rkd: &Rkd, minor: u32, ns: &str) -> Value {
    serde_json::from_str(&ok_stdout(&rkd.kubectl(
        minor,
        &[
            "get",
            "deployment",
            "web",
            "-n",
            ns,
            "-o",
            "json",
            "--show-managed-fields",
        ],
    )))
    .unwrap()
}

fn failed(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "expected a failure: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn managers(obj: &Value) -> Vec<(String, String)> {
    obj["metadata"]["managedFields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["manager"].as_str().unwrap_or("").to_string(),
                        e["operation"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn namespace(rkd: &Rkd, minor: u32, ns: &str) {
    let path = write(
        rkd,
        &format!("ns-{ns}.yaml"),
        &format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n"),
    );
    ok_stdout(&rkd.kubectl(minor, &["apply", "-f", &path]));
}

#[test]
fn client_side_apply_three_times_then_diff_with_kubectl_1_27_and_1_33() {
    let rkd = Rkd::start("apiserver", &[]);
    for minor in [27, 33] {
        let ns = format!("csa{minor}");
        namespace(&rkd, minor, &ns);
        let first = write(
            &rkd,
            "d1.yaml",
            &deployment(
                &ns,
                1,
                "nginx:1.25",
                "    app: web\n    tier: front",
                SIDECAR,
            ),
        );
        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["apply", "-f", &first])).trim(),
            "deployment.apps/web created"
        );
        let obj = get(&rkd, minor, &ns);
        assert!(
            obj["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"]
                .is_string()
        );
        assert!(
            managers(&obj).contains(&("kubectl-client-side-apply".into(), "Update".into())),
            "{obj}"
        );

        // Unchanged: diff says so with exit 0.
        let same = rkd.kubectl(minor, &["diff", "-f", &first]);
        assert_eq!(
            same.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&same.stderr)
        );

        // A changed field: a strategic merge patch.
        let second = write(
            &rkd,
            "d2.yaml",
            &deployment(
                &ns,
                3,
                "nginx:1.27",
                "    app: web\n    tier: front",
                SIDECAR,
            ),
        );
        let diff = rkd.kubectl(minor, &["diff", "-f", &second]);
        assert_eq!(
            diff.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&diff.stderr)
        );
        assert!(
            String::from_utf8_lossy(&diff.stdout).contains("+  replicas: 3"),
            "{}",
            String::from_utf8_lossy(&diff.stdout)
        );
        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["apply", "-f", &second])).trim(),
            "deployment.apps/web configured"
        );
        let obj = get(&rkd, minor, &ns);
        assert_eq!(obj["spec"]["replicas"], 3);
        assert_eq!(
            obj["spec"]["template"]["spec"]["containers"][0]["image"],
            "nginx:1.27"
        );
        assert_eq!(
            obj["spec"]["template"]["spec"]["containers"]
                .as_array()
                .unwrap()
                .len(),
            2
        );

        // Someone else adds a label; then the manifest drops a label and a container.
        ok_stdout(&rkd.kubectl(
            minor,
            &["label", "deployment", "web", "-n", &ns, "owner=ops"],
        ));
        let third = write(
            &rkd,
            "d3.yaml",
            &deployment(&ns, 3, "nginx:1.27", "    app: web", ""),
        );
        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["apply", "-f", &third])).trim(),
            "deployment.apps/web configured"
        );
        let obj = get(&rkd, minor, &ns);
        let labels = obj["metadata"]["labels"].as_object().unwrap();
        assert!(
            labels.get("tier").is_none(),
            "a removed field is gone: {labels:?}"
        );
        assert_eq!(
            labels.get("owner").and_then(Value::as_str),
            Some("ops"),
            "what others set stays"
        );
        let containers = obj["spec"]["template"]["spec"]["containers"]
            .as_array()
            .unwrap();
        assert_eq!(containers.len(), 1, "a removed list item is gone");
        assert_eq!(containers[0]["name"], "nginx");
        assert_eq!(
            containers[0]["ports"][0]["protocol"], "TCP",
            "defaults stay"
        );
        let same = rkd.kubectl(minor, &["diff", "-f", &third]);
        assert_eq!(
            same.status.code(),
            Some(0),
            "{}{}",
            String::from_utf8_lossy(&same.stdout),
            String::from_utf8_lossy(&same.stderr)
        );
        // Applying the same manifest again changes nothing.
        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["apply", "-f", &third])).trim(),
            "deployment.apps/web unchanged"
        );
    }
}

#[test]
fn server_side_apply_conflicts_force_and_upgrade_with_kubectl_1_27_and_1_33() {
    let rkd = Rkd::start("apiserver", &[]);
    for minor in [27, 33] {
        let ns = format!("ssa{minor}");
        namespace(&rkd, minor, &ns);
        let manifest = write(
            &rkd,
            "s1.yaml",
            &deployment(&ns, 1, "nginx:1.25", "    app: web", ""),
        );
        let out = rkd.kubectl(
            minor,
            &[
                "apply",
                "--server-side",
                "--field-manager=alice",
                "-f",
                &manifest,
            ],
        );
        assert_eq!(
            ok_stdout(&out).trim(),
            "deployment.apps/web serverside-applied"
        );
        let obj = get(&rkd, minor, &ns);
        assert_eq!(
            managers(&obj),
            vec![("alice".to_string(), "Apply".to_string())]
        );
        let fields = &obj["metadata"]["managedFields"][0]["fieldsV1"];
        assert!(
            fields
                .pointer("/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"nginx\"}/f:image")
                .is_some(),
            "{fields}"
        );

        // Another manager changes a field alice owns: a conflict in Kubernetes' words.
        let changed = write(
            &rkd,
            "s2.yaml",
            &deployment(&ns, 4, "nginx:1.25", "    app: web", ""),
        );
        let err = failed(&rkd.kubectl(
            minor,
            &[
                "apply",
                "--server-side",
                "--field-manager=bob",
                "-f",
                &changed,
            ],
        ));
        assert!(
            err.contains("Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas"),
            "{err}"
        );
        // An update manager is named with its version.
        ok_stdout(&rkd.kubectl(
            minor,
            &[
                "patch",
                "deployment",
                "web",
                "-n",
                &ns,
                "--type=merge",
                "--field-manager=carol",
                "-p",
                r#"{"spec":{"replicas":2}}"#,
            ],
        ));
        let err = failed(&rkd.kubectl(
            minor,
            &[
                "apply",
                "--server-side",
                "--field-manager=bob",
                "-f",
                &changed,
            ],
        ));
        assert!(
            err.contains("conflict with \"carol\" using apps/v1: .spec.replicas"),
            "{err}"
        );
        // Forced, bob takes the field.
        let out = rkd.kubectl(
            minor,
            &[
                "apply",
                "--server-side",
                "--field-manager=bob",
                "--force-conflicts",
                "-f",
                &changed,
            ],
        );
        ok_stdout(&out);
        let obj = get(&rkd, minor, &ns);
        assert_eq!(obj["spec"]["replicas"], 4);
        let bob = obj["metadata"]["managedFields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["manager"] == "bob")
            .unwrap();
        assert!(bob["fieldsV1"].pointer("/f:spec/f:replicas").is_some());
        assert!(
            !managers(&obj).iter().any(|(m, _)| m == "carol"),
            "carol owned only replicas: {:?}",
            managers(&obj)
        );

        // Alice applies a label, then stops applying it: no one else owns it, so it goes.
        let alice = write(
            &rkd,
            "s3.yaml",
            &deployment(&ns, 4, "nginx:1.25", "    app: web\n    extra: x", ""),
        );
        ok_stdout(&rkd.kubectl(
            minor,
            &[
                "apply",
                "--server-side",
                "--field-manager=alice",
                "-f",
                &alice,
            ],
        ));
        assert_eq!(get(&rkd, minor, &ns)["metadata"]["labels"]["extra"], "x");
        let without = write(
            &rkd,
            "s4.yaml",
            &deployment(&ns, 4, "nginx:1.25", "    app: web", ""),
        );
        ok_stdout(&rkd.kubectl(
            minor,
            &[
                "apply",
                "--server-side",
                "--field-manager=alice",
                "-f",
                &without,
            ],
        ));
        let obj = get(&rkd, minor, &ns);
        assert!(
            obj["metadata"]["labels"].get("extra").is_none(),
            "{}",
            obj["metadata"]
        );

        // Upgrade: an object made with client-side apply takes server-side apply without conflicts.
        let ns2 = format!("upgrade{minor}");
        namespace(&rkd, minor, &ns2);
        let csa = write(
            &rkd,
            "u1.yaml",
            &deployment(&ns2, 1, "nginx:1.25", "    app: web", ""),
        );
        ok_stdout(&rkd.kubectl(minor, &["apply", "-f", &csa]));
        let ssa = write(
            &rkd,
            "u2.yaml",
            &deployment(&ns2, 2, "nginx:1.25", "    app: web", ""),
        );
        let out = rkd.kubectl(minor, &["apply", "--server-side", "-f", &ssa]);
        assert_eq!(
            ok_stdout(&out).trim(),
            "deployment.apps/web serverside-applied"
        );
        let obj = get(&rkd, minor, &ns2);
        assert_eq!(obj["spec"]["replicas"], 2);
        assert!(
            managers(&obj).contains(&("kubectl".into(), "Apply".into())),
            "{:?}",
            managers(&obj)
        );
        let last: Value = serde_json::from_str(
            obj["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"]
                .as_str()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            last["spec"]["replicas"], 2,
            "the last-applied annotation follows server-side apply"
        );
    }
}

/// kubectl with an environment (EDITOR) and this rkd's kubeconfig.
fn kubectl_env(rkd: &Rkd, minor: u32, env: &[(&str, &str)], args: &[&str]) -> Output {
    let home = rkd.dir.path().join(format!("home-{minor}"));
    std::fs::create_dir_all(&home).unwrap();
    let mut c = Command::new(kubectl_bin(minor));
    c.env("HOME", &home)
        .env("KUBECONFIG", rkd.kubeconfig())
        .args(args)
        .stdin(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
fn replace_and_patch_of_every_type_with_kubectl_1_27_and_1_33() {
    let rkd = Rkd::start("apiserver", &[]);
    for minor in [27, 33] {
        let ns = format!("patch{minor}");
        namespace(&rkd, minor, &ns);
        let manifest = write(
            &rkd,
            "e1.yaml",
            &deployment(&ns, 1, "nginx:1.25", "    app: web", SIDECAR),
        );
        ok_stdout(&rkd.kubectl(minor, &["create", "-f", &manifest]));

        let replaced = write(
            &rkd,
            "e2.yaml",
            &deployment(&ns, 2, "nginx:1.26", "    app: web", ""),
        );
        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["replace", "-f", &replaced])).trim(),
            "deployment.apps/web replaced"
        );
        let obj = get(&rkd, minor, &ns);
        assert_eq!(
            (
                obj["spec"]["replicas"].as_i64(),
                obj["spec"]["template"]["spec"]["containers"]
                    .as_array()
                    .map(Vec::len)
            ),
            (Some(2), Some(1))
        );

        // Strategic: containers merge by name.
        let smp = r#"{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}"#;
        ok_stdout(&rkd.kubectl(
            minor,
            &[
                "patch",
                "deployment",
                "web",
                "-n",
                &ns,
                "--type=strategic",
                "-p",
                smp,
            ],
        ));
        let names: Vec<String> = get(&rkd, minor, &ns)["spec"]["template"]["spec"]["containers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            names,
            vec!["sidecar", "nginx"],
            "upstream puts new items first"
        );
        // $patch: delete removes one.
        let del = r#"{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}"#;
        ok_stdout(&rkd.kubectl(minor, &["patch", "deployment", "web", "-n", &ns, "-p", del]));
        assert_eq!(
            get(&rkd, minor, &ns)["spec"]["template"]["spec"]["containers"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        // Merge: a list is replaced; null deletes.
        let merge = r#"{"metadata":{"labels":{"app":null,"team":"a"}}}"#;
        ok_stdout(&rkd.kubectl(
            minor,
            &[
                "patch",
                "deployment",
                "web",
                "-n",
                &ns,
                "--type=merge",
                "-p",
                merge,
            ],
        ));
        assert_eq!(
            get(&rkd, minor, &ns)["metadata"]["labels"],
            serde_json::json!({"team": "a"})
        );
        // JSON patch, with a test that holds and one that does not.
        let json = r#"[{"op":"test","path":"/spec/replicas","value":2},{"op":"replace","path":"/spec/replicas","value":5}]"#;
        ok_stdout(&rkd.kubectl(
            minor,
            &[
                "patch",
                "deployment",
                "web",
                "-n",
                &ns,
                "--type=json",
                "-p",
                json,
            ],
        ));
        assert_eq!(get(&rkd, minor, &ns)["spec"]["replicas"], 5);
        let err = failed(&rkd.kubectl(
            minor,
            &[
                "patch",
                "deployment",
                "web",
                "-n",
                &ns,
                "--type=json",
                "-p",
                json,
            ],
        ));
        assert!(err.contains("The request is invalid: the server rejected our request due to an error in our request"), "{err}");
        // A strategic patch without the merge key: upstream's words.
        let bad = r#"{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}"#;
        let err =
            failed(&rkd.kubectl(minor, &["patch", "deployment", "web", "-n", &ns, "-p", bad]));
        assert!(
            err.contains(
                "Error from server: map: map[image:x] does not contain declared merge key: name"
            ),
            "{err}"
        );
        assert_eq!(
            get(&rkd, minor, &ns)["spec"]["replicas"],
            5,
            "rejected patches change nothing"
        );
        // An unknown field is a warning (the server's default fieldValidation is Warn).
        let out = rkd.kubectl(
            minor,
            &[
                "patch",
                "deployment",
                "web",
                "-n",
                &ns,
                "--type=merge",
                "-p",
                r#"{"spec":{"bogus":1}}"#,
            ],
        );
        ok_stdout(&out);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("Warning: unknown field \"spec.bogus\""),
            "{stderr}"
        );
        // kubectl scale writes through the scale subresource, and managedFields say so.
        ok_stdout(&rkd.kubectl(
            minor,
            &["scale", "deployment", "web", "-n", &ns, "--replicas=4"],
        ));
        let obj = get(&rkd, minor, &ns);
        let scale = obj["metadata"]["managedFields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["subresource"] == "scale")
            .unwrap_or_else(|| panic!("{}", obj["metadata"]["managedFields"]));
        assert_eq!(scale["operation"], "Update");
        assert_eq!(
            scale["fieldsV1"],
            serde_json::json!({"f:spec": {"f:replicas": {}}})
        );
    }
}

/// kubectl edit reads the OpenAPI documents (/openapi/v2, /openapi/v3) to make its patch.
#[test]
fn edit_with_an_editor_script_with_kubectl_1_27_and_1_33() {
    let rkd = Rkd::start("apiserver", &[]);
    let editor = rkd.dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i 's/replicas: [0-9]*/replicas: 7/' \"$1\"\n",
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&editor)
        .status()
        .unwrap();
    for minor in [27, 33] {
        let ns = format!("edit{minor}");
        namespace(&rkd, minor, &ns);
        let manifest = write(
            &rkd,
            "e1.yaml",
            &deployment(&ns, 1, "nginx:1.25", "    app: web", SIDECAR),
        );
        ok_stdout(&rkd.kubectl(minor, &["create", "-f", &manifest]));
        let out = kubectl_env(
            &rkd,
            minor,
            &[("EDITOR", editor.to_str().unwrap())],
            &["edit", "deployment", "web", "-n", &ns],
        );
        assert_eq!(ok_stdout(&out).trim(), "deployment.apps/web edited");
        assert_eq!(get(&rkd, minor, &ns)["spec"]["replicas"], 7);

        let obj = get(&rkd, minor, &ns);
        assert!(
            managers(&obj).contains(&("kubectl-edit".into(), "Update".into())),
            "{:?}",
            managers(&obj)
        );
    }
}

/// Every manifest of tests/manifests applies server-side, re-applies without a change (same
/// resourceVersion and generation) and diffs clean, with kubectl 1.27 and then 1.33.
#[test]
fn real_manifests_apply_server_side_again_without_a_change_and_diff_clean() {
    let rkd = Rkd::start("apiserver", &[]);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manifests");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 16);
    for minor in [27, 33] {
        for f in &files {
            let f = f.to_str().unwrap();
            ok_stdout(&rkd.kubectl(minor, &["apply", "--server-side", "-f", f]));
            let before: Value = serde_json::from_str(&ok_stdout(
                &rkd.kubectl(minor, &["get", "-f", f, "-o", "json"]),
            ))
            .unwrap();
            ok_stdout(&rkd.kubectl(minor, &["apply", "--server-side", "-f", f]));
            let after: Value = serde_json::from_str(&ok_stdout(
                &rkd.kubectl(minor, &["get", "-f", f, "-o", "json"]),
            ))
            .unwrap();
            assert_eq!(
                before["metadata"]["resourceVersion"], after["metadata"]["resourceVersion"],
                "{f}"
            );
            assert_eq!(
                after["metadata"]["generation"].as_i64().unwrap_or(1),
                1,
                "{f}"
            );
            let diff = rkd.kubectl(minor, &["diff", "--server-side", "-f", f]);
            assert_eq!(
                diff.status.code(),
                Some(0),
                "{f}: {}{}",
                String::from_utf8_lossy(&diff.stdout),
                String::from_utf8_lossy(&diff.stderr)
            );
        }
    }
}

/// Server-side apply of a missing object creates it and answers 201 Created (then 200).
#[test]
fn server_side_apply_creates_with_201_then_answers_200() {
    let rkd = rk_e2e::Rkd::start("apiserver", &[]);
    let tls = rkd.dir.path().join("tls");
    let (ca, cert, key) = (tls.join("ca.crt"), tls.join("admin.crt"), tls.join("admin.key"));
    let apply = |value: &str| {
        let out = rkd.curl(&[
            "--cacert", ca.to_str().unwrap(), "--cert", cert.to_str().unwrap(), "--key", key.to_str().unwrap(),
            "-X", "PATCH", "-H", "Content-Type: application/apply-patch+yaml",
            "--data-binary", &format!("{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"ssa\"}},\"data\":{{\"k\":\"{value}\"}}}}"),
            "-o", "/dev/null", "-w", "%{http_code}",
            &format!("{}/api/v1/namespaces/default/configmaps/ssa?fieldManager=test", rkd.server),
        ]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(apply("one"), "201");
    assert_eq!(apply("two"), "200");
}
