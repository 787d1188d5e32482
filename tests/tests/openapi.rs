//! OpenAPI, field validation and protobuf bodies with the real kubectl 1.27 and 1.33 against
//! `rkd apiserver`: `create -f` / `apply -f` with kubectl's default validation (it reads
//! `/openapi/v3`, or 1.27 the protobuf `/openapi/v2`, and then asks the server to validate),
//! `--validate=strict` refusing an unknown field, `--validate=warn` printing the server's warning,
//! `explain`, the `create` generators (protobuf bodies from 1.33), and `auth can-i` / `auth whoami`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Output;

use rk_e2e::{Rkd, ok_stdout};

fn write(rkd: &Rkd, name: &str, text: &str) -> String {
    let path = rkd.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn deployment(name: &str, ns: &str, extra_container_field: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}}}}}\n    spec:\n      containers:\n      - name: web\n        image: busybox\n{extra_container_field}"
    )
}

#[test]
fn create_and_apply_validate_on_the_server_with_kubectl_1_27_and_1_33() {
    let rkd = Rkd::start("apiserver", &[]);
    for minor in [27, 33] {
        let ns = format!("v{minor}");
        ok_stdout(&rkd.kubectl(minor, &["create", "namespace", &ns]));

        // Default validation (strict): kubectl needs the OpenAPI documents and fieldValidation.
        let good = write(
            &rkd,
            &format!("good-{minor}.yaml"),
            &deployment("good", &ns, ""),
        );
        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["create", "-f", &good])).trim(),
            "deployment.apps/good created"
        );
        let applied = write(
            &rkd,
            &format!("applied-{minor}.yaml"),
            &deployment("applied", &ns, ""),
        );
        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["apply", "-f", &applied])).trim(),
            "deployment.apps/applied created"
        );
        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["apply", "-f", &applied])).trim(),
            "deployment.apps/applied unchanged"
        );

        // An unknown field: refused by strict validation, on create and on apply's create.
        let bad = write(
            &rkd,
            &format!("bad-{minor}.yaml"),
            &deployment("bad", &ns, "        bogusField: 1\n"),
        );
        for args in [
            vec!["apply", "--validate=strict", "-f", &bad],
            vec!["create", "-f", &bad],
        ] {
            let out = rkd.kubectl(minor, &args);
            assert!(!out.status.success(), "{args:?} accepted an unknown field");
            let err = stderr(&out);
            assert!(
                err.contains(r#"strict decoding error: unknown field "spec.template.spec.containers[0].bogusField""#),
                "kubectl 1.{minor} {args:?}: {err}"
            );
        }
        let missing = rkd.kubectl(minor, &["get", "deployment", "bad", "-n", &ns]);
        assert!(
            !missing.status.success(),
            "the refused deployment was stored"
        );

        // Warn: created, with the server's warning printed by kubectl.
        let out = rkd.kubectl(minor, &["create", "--validate=warn", "-f", &bad]);
        assert_eq!(ok_stdout(&out).trim(), "deployment.apps/bad created");
        assert!(
            stderr(&out).contains(
                r#"Warning: unknown field "spec.template.spec.containers[0].bogusField""#
            ),
            "kubectl 1.{minor}: {}",
            stderr(&out)
        );
        // …and stored without it, as upstream's typed decoding drops unknown fields.
        let stored = ok_stdout(&rkd.kubectl(minor, &["get", "deployment", "bad", "-n", &ns, "-o", "json"]));
        assert!(!stored.contains("bogusField"), "the unknown field was stored: {stored}");
        assert!(stored.contains("\"image\""), "{stored}");
    }
}

#[test]
fn explain_prints_the_field_descriptions_with_kubectl_1_27_and_1_33() {
    let rkd = Rkd::start("apiserver", &[]);
    for minor in [27, 33] {
        let text = ok_stdout(&rkd.kubectl(minor, &["explain", "deployment.spec.strategy"]));
        assert!(
            text.contains("KIND:       Deployment") || text.contains("KIND:     Deployment"),
            "1.{minor}: {text}"
        );
        assert!(
            text.contains("strategy <DeploymentStrategy>"),
            "1.{minor}: {text}"
        );
        assert!(
            text.contains("The deployment strategy to use to replace existing pods with new ones."),
            "1.{minor}: {text}"
        );
        assert!(
            text.contains("rollingUpdate\t<RollingUpdateDeployment>"),
            "1.{minor}: {text}"
        );
        assert!(
            text.contains("Type of deployment. Can be \"Recreate\" or \"RollingUpdate\"."),
            "1.{minor}: {text}"
        );
        let ports = ok_stdout(&rkd.kubectl(
            minor,
            &["explain", "pods.spec.containers.ports.containerPort"],
        ));
        assert!(
            ports.contains("<integer>") && ports.contains("Number of port to expose"),
            "1.{minor}: {ports}"
        );
    }
}

#[test]
fn create_generators_and_auth_work_with_kubectl_1_27_and_1_33() {
    let rkd = Rkd::start("apiserver", &[]);
    for minor in [27, 33] {
        // kubectl 1.33 sends these bodies as protobuf, 1.27 as JSON.
        let ns = format!("g{minor}");
        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["create", "namespace", &ns])).trim(),
            format!("namespace/{ns} created")
        );
        let n = ["-n", ns.as_str()];
        let run = |args: &[&str]| {
            ok_stdout(&rkd.kubectl(minor, &[&n[..], args].concat()))
                .trim()
                .to_string()
        };
        assert_eq!(
            run(&[
                "create",
                "deployment",
                "web",
                "--image=busybox",
                "--replicas=2",
                "--port=80"
            ]),
            "deployment.apps/web created"
        );
        assert_eq!(
            run(&[
                "create",
                "configmap",
                "cm",
                "--from-literal=a=b",
                "--from-literal=empty="
            ]),
            "configmap/cm created"
        );
        assert_eq!(
            run(&["create", "secret", "generic", "sec", "--from-literal=k=v"]),
            "secret/sec created"
        );
        assert_eq!(
            run(&["create", "service", "clusterip", "svc", "--tcp=80:8080"]),
            "service/svc created"
        );

        let get = |what: &str| -> serde_json::Value {
            serde_json::from_str(&ok_stdout(
                &rkd.kubectl(minor, &["get", what, "-n", &ns, "-o", "json"]),
            ))
            .unwrap()
        };
        let d = get("deployment/web");
        assert_eq!(d["spec"]["replicas"], 2);
        assert_eq!(d["spec"]["selector"]["matchLabels"]["app"], "web");
        assert_eq!(
            d["spec"]["template"]["spec"]["containers"][0]["image"],
            "busybox"
        );
        assert_eq!(
            d["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"],
            80
        );
        let cm = get("configmap/cm");
        assert_eq!(cm["data"], serde_json::json!({"a": "b", "empty": ""}));
        let sec = get("secret/sec");
        assert_eq!(sec["data"]["k"], "dg==");
        assert_eq!(sec["type"], "Opaque");
        let svc = get("service/svc");
        assert_eq!(svc["spec"]["type"], "ClusterIP");
        assert_eq!(svc["spec"]["ports"][0]["port"], 80);
        assert_eq!(svc["spec"]["ports"][0]["targetPort"], 8080);
        assert!(svc["spec"]["clusterIP"].as_str().unwrap().contains('.'));

        // More generators, and a PUT of a Scale (protobuf from 1.33 too).
        assert_eq!(
            run(&["create", "role", "reader", "--verb=get", "--resource=pods"]),
            "role.rbac.authorization.k8s.io/reader created"
        );
        assert_eq!(
            run(&[
                "create",
                "pdb",
                "pdb",
                "--selector=app=web",
                "--min-available=1"
            ]),
            "poddisruptionbudget.policy/pdb created"
        );
        assert_eq!(
            run(&[
                "create",
                "job",
                "once",
                "--image=busybox",
                "--",
                "echo",
                "hi"
            ]),
            "job.batch/once created"
        );
        assert_eq!(
            run(&[
                "scale",
                "--current-replicas=2",
                "--replicas=3",
                "deployment/web"
            ]),
            "deployment.apps/web scaled"
        );
        assert_eq!(get("deployment/web")["spec"]["replicas"], 3);
        assert_eq!(
            get("role/reader")["rules"][0]["verbs"],
            serde_json::json!(["get"])
        );
        assert_eq!(get("pdb/pdb")["spec"]["minAvailable"], 1);
        assert_eq!(
            get("job/once")["spec"]["template"]["spec"]["containers"][0]["command"],
            serde_json::json!(["echo", "hi"])
        );

        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["auth", "can-i", "create", "pods"])).trim(),
            "yes"
        );
        assert_eq!(
            ok_stdout(&rkd.kubectl(
                minor,
                &["auth", "can-i", "delete", "deployments", "-n", &ns]
            ))
            .trim(),
            "yes"
        );
        let whoami = ok_stdout(&rkd.kubectl(minor, &["auth", "whoami"]));
        assert!(
            whoami.contains("system:admin") && whoami.contains("system:masters"),
            "1.{minor}: {whoami}"
        );
    }
}

#[test]
fn openapi_documents_are_served_with_caching_headers() {
    let rkd = Rkd::start("apiserver", &[]);
    let dir = rkd.dir.path();
    let auth = [
        "--cacert".to_string(),
        dir.join("tls/ca.crt").display().to_string(),
        "--cert".to_string(),
        dir.join("tls/admin.crt").display().to_string(),
        "--key".to_string(),
        dir.join("tls/admin.key").display().to_string(),
    ];
    let curl = |extra: &[&str]| {
        let mut args: Vec<&str> = auth.iter().map(String::as_str).collect();
        args.extend_from_slice(extra);
        rkd.curl(&args)
    };
    let root = curl(&[&format!("{}/openapi/v3", rkd.server)]);
    let root: serde_json::Value = serde_json::from_slice(&root.stdout).unwrap();
    let url = root["paths"]["apis/apps/v1"]["serverRelativeURL"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(url.starts_with("/openapi/v3/apis/apps/v1?hash="), "{url}");
    let hash = url.split("hash=").nth(1).unwrap().to_string();

    let head = curl(&[
        "-D",
        "-",
        "-o",
        "/dev/null",
        &format!("{}{url}", rkd.server),
    ]);
    let head = String::from_utf8_lossy(&head.stdout).to_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(
        head.contains(&format!("etag: \"{}\"", hash.to_lowercase())),
        "{head}"
    );
    assert!(head.contains("cache-control: public, immutable"), "{head}");

    let again = curl(&[
        "-D",
        "-",
        "-o",
        "/dev/null",
        "-H",
        &format!("If-None-Match: \"{hash}\""),
        &format!("{}{url}", rkd.server),
    ]);
    assert!(String::from_utf8_lossy(&again.stdout).starts_with("HTTP/1.1 304"));
    let stale = curl(&[
        "-D",
        "-",
        "-o",
        "/dev/null",
        &format!("{}/openapi/v3/apis/apps/v1?hash=0", rkd.server),
    ]);
    let stale = String::from_utf8_lossy(&stale.stdout).to_lowercase();
    assert!(
        stale.starts_with("http/1.1 301")
            && stale.contains(&format!("location: {url}").to_lowercase()),
        "{stale}"
    );

    let v2 = curl(&[
        "-D",
        "-",
        "-o",
        "/dev/null",
        "-H",
        "Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf",
        &format!("{}/openapi/v2", rkd.server),
    ]);
    let v2 = String::from_utf8_lossy(&v2.stdout).to_lowercase();
    assert!(
        v2.contains("content-type: application/com.github.proto-openapi.spec.v2.v1.0+protobuf"),
        "{v2}"
    );
    let anonymous = rkd.curl(&[
        "-k",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        &format!("{}/openapi/v2", rkd.server),
    ]);
    assert_eq!(String::from_utf8_lossy(&anonymous.stdout), "401");
}
