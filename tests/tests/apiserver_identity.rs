//! The API server's identities and public endpoints, with the real kubectl at both ends of the
//! machine's range and curl for what kubectl cannot send.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rk_e2e::{Rkd, ok_stdout};

#[test]
fn kubectl_1_27_and_1_33_see_kubernetes_1_33_over_tls_with_the_admin_kubeconfig() {
    let rkd = Rkd::start("apiserver", &[]);
    for minor in [27, 33] {
        let out = ok_stdout(&rkd.kubectl(minor, &["version", "-o", "json"]));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["serverVersion"]["major"], "1", "kubectl 1.{minor}: {out}");
        assert_eq!(
            v["serverVersion"]["minor"], "33",
            "kubectl 1.{minor}: {out}"
        );
        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["get", "--raw", "/readyz"])),
            "ok"
        );
    }
}

#[test]
fn anonymous_writes_get_401_and_untrusting_clients_fail_the_handshake() {
    let rkd = Rkd::start("apiserver", &[]);
    let ca = rkd.dir.path().join("tls/ca.crt");
    let ca = ca.to_str().unwrap();
    let url = format!("{}/api/v1/namespaces/default/pods", rkd.server);
    let out = rkd.curl(&[
        "--cacert",
        ca,
        "-X",
        "POST",
        "-H",
        "Content-Type: application/json",
        "-d",
        "{}",
        "-w",
        "\n%{http_code}",
        &url,
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    let (body, code) = text.rsplit_once('\n').unwrap();
    assert_eq!(code, "401", "{text}");
    let status: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        (status["kind"].as_str(), status["reason"].as_str()),
        (Some("Status"), Some("Unauthorized"))
    );

    // A client that does not trust the cluster CA cannot complete the handshake (curl exit 60).
    let untrusting = rkd.curl(&[&format!("{}/healthz", rkd.server)]);
    assert_eq!(
        untrusting.status.code(),
        Some(60),
        "{}",
        String::from_utf8_lossy(&untrusting.stderr)
    );

    // The health endpoints and /cacerts are public.
    let health = rkd.curl(&["--cacert", ca, &format!("{}/healthz", rkd.server)]);
    assert_eq!(ok_stdout(&health), "ok");
}

#[test]
fn cacerts_matches_the_node_token_hash_and_restarts_keep_the_admin_credential() {
    let mut rkd = Rkd::start("apiserver", &[]);
    let ca_path = rkd.dir.path().join("tls/ca.crt");
    let served = ok_stdout(&rkd.curl(&[
        "--cacert",
        ca_path.to_str().unwrap(),
        &format!("{}/cacerts", rkd.server),
    ]));
    assert_eq!(served, std::fs::read_to_string(&ca_path).unwrap());
    let token = std::fs::read_to_string(rkd.dir.path().join("node-token")).unwrap();
    let hash = ok_stdout(
        &std::process::Command::new("sha256sum")
            .arg(&ca_path)
            .output()
            .unwrap(),
    );
    let hash = hash.split_whitespace().next().unwrap();
    assert!(
        token.trim().starts_with(&format!("K10{hash}::")),
        "token {token} vs CA hash {hash}"
    );

    let before = std::fs::read_to_string(rkd.kubeconfig()).unwrap();
    let client_cert = |k: &str| {
        k.lines()
            .find(|l| l.contains("client-certificate-data"))
            .map(str::to_string)
    };
    rkd.restart();
    let after = std::fs::read_to_string(rkd.kubeconfig()).unwrap();
    assert_eq!(
        client_cert(&before),
        client_cert(&after),
        "the admin credential survives a restart"
    );
    assert_eq!(
        std::fs::read_to_string(rkd.dir.path().join("node-token")).unwrap(),
        token
    );
    assert_eq!(
        ok_stdout(&rkd.kubectl(33, &["get", "--raw", "/readyz"])),
        "ok"
    );
}

/// Runs curl with a node's client certificate (`cert`/`key` files) against `path`.
fn node_curl(rkd: &Rkd, creds: &std::path::Path, method: &str, path: &str, body: Option<&str>) -> (String, String) {
    let ca = rkd.dir.path().join("tls/ca.crt");
    let mut args = vec![
        "--cacert".to_string(),
        ca.display().to_string(),
        "--cert".into(),
        creds.join("client.crt").display().to_string(),
        "--key".into(),
        creds.join("client.key").display().to_string(),
        "-X".into(),
        method.into(),
        "-w".into(),
        "\n%{http_code}".into(),
    ];
    if let Some(b) = body {
        let ct = if method == "PATCH" { "application/merge-patch+json" } else { "application/json" };
        args.extend(["-H".into(), format!("Content-Type: {ct}"), "-d".into(), b.to_string()]);
    }
    args.push(format!("{}{path}", rkd.server));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = rkd.curl(&refs);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap_or((&text, ""));
    (code.to_string(), body.to_string())
}

/// Joins as `name` with `token`; returns the HTTP code and, on success, a dir with the creds.
fn join(rkd: &Rkd, name: &str, token: &str) -> (String, std::path::PathBuf) {
    let ca = rkd.dir.path().join("tls/ca.crt");
    let body = format!(r#"{{"nodeName":"{name}","addresses":["127.0.0.1"]}}"#);
    let out = rkd.curl(&[
        "--cacert",
        ca.to_str().unwrap(),
        "-X",
        "POST",
        "-H",
        &format!("Authorization: Bearer {token}"),
        "-d",
        &body,
        "-w",
        "\n%{http_code}",
        &format!("{}/v1-rk/join", rkd.server),
    ]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap();
    let dir = rkd.dir.path().join(format!("node-{name}"));
    if code == "200" {
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("client.crt"), v["clientCert"].as_str().unwrap()).unwrap();
        std::fs::write(dir.join("client.key"), v["clientKey"].as_str().unwrap()).unwrap();
        assert!(v["servingCert"].as_str().unwrap().contains("BEGIN CERTIFICATE"));
        assert_eq!(v["ca"].as_str().unwrap(), std::fs::read_to_string(&ca).unwrap());
    }
    (code.to_string(), dir)
}

#[test]
fn a_joined_node_updates_its_own_node_and_is_refused_another_nodes() {
    let rkd = Rkd::start("apiserver", &[]);
    let token = std::fs::read_to_string(rkd.dir.path().join("node-token")).unwrap();
    let token = token.trim();

    let (code, _) = join(&rkd, "n1", "K10bogus::wrongsecret");
    assert_eq!(code, "401", "a wrong token cannot join");
    let (code, n1) = join(&rkd, "n1", token);
    assert_eq!(code, "200");

    let node = |name: &str| format!(r#"{{"apiVersion":"v1","kind":"Node","metadata":{{"name":"{name}"}}}}"#);
    assert_eq!(node_curl(&rkd, &n1, "POST", "/api/v1/nodes", Some(&node("n1"))).0, "201");
    let (code, body) = node_curl(&rkd, &n1, "POST", "/api/v1/nodes", Some(&node("n2")));
    assert_eq!(code, "403", "{body}");
    // The admin creates n2; n1 may read it but not change it.
    let n2 = rkd.dir.path().join("n2.json");
    std::fs::write(&n2, node("n2")).unwrap();
    ok_stdout(&rkd.kubectl(33, &["create", "--validate=false", "-f", n2.to_str().unwrap()]));
    assert_eq!(node_curl(&rkd, &n1, "GET", "/api/v1/nodes/n2", None).0, "200");
    let (code, body) = node_curl(&rkd, &n1, "PATCH", "/api/v1/nodes/n2", Some(r#"{"metadata":{"labels":{"x":"y"}}}"#));
    assert_eq!(code, "403");
    let status: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        status["message"],
        "nodes \"n2\" is forbidden: User \"system:node:n1\" cannot patch resource \"nodes\" in API group \"\" at the cluster scope: node 'n1' cannot modify node 'n2'"
    );
    let (code, body) = node_curl(&rkd, &n1, "PATCH", "/api/v1/nodes/n1/status", Some(r#"{"status":{"conditions":[{"type":"Ready","status":"True"}]}}"#));
    assert_eq!(code, "200", "{body}");
    let ready = ok_stdout(&rkd.kubectl(33, &["get", "node", "n1", "-o", "jsonpath={.status.conditions[0].status}"]));
    assert_eq!(ready, "True");

    // Pods: only those bound to it, and only with the field selector.
    assert_eq!(node_curl(&rkd, &n1, "GET", "/api/v1/pods", None).0, "403");
    assert_eq!(node_curl(&rkd, &n1, "GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Dn1", None).0, "200");
    // Secrets: not unless a pod on the node uses them.
    assert_eq!(node_curl(&rkd, &n1, "GET", "/api/v1/namespaces/default/secrets/s", None).0, "403");
    // A pod bound to it: the node reads it and writes its status, but never its streams.
    ok_stdout(&rkd.kubectl(33, &["run", "p1", "--image=busybox", "--overrides", r#"{"spec":{"nodeName":"n1"}}"#]));
    assert_eq!(node_curl(&rkd, &n1, "GET", "/api/v1/namespaces/default/pods/p1", None).0, "200");
    for sub in ["log", "exec?command=true&stdout=true", "attach?stdout=true", "portforward?ports=80"] {
        let (code, body) = node_curl(&rkd, &n1, "GET", &format!("/api/v1/namespaces/default/pods/p1/{sub}"), None);
        assert_eq!(code, "403", "{sub}: {body}");
    }
}

#[test]
fn auth_can_i_and_whoami_answer_for_the_admin() {
    let rkd = Rkd::start("apiserver", &[]);
    // kubectl 1.27–1.31 send these reviews as JSON; 1.32+ as protobuf (issue 4).
    assert_eq!(ok_stdout(&rkd.kubectl(27, &["auth", "can-i", "create", "pods"])).trim(), "yes");
    assert_eq!(ok_stdout(&rkd.kubectl(27, &["auth", "can-i", "delete", "nodes"])).trim(), "yes");
    let whoami = ok_stdout(&rkd.kubectl(30, &["auth", "whoami", "-o", "json"]));
    let v: serde_json::Value = serde_json::from_str(&whoami).unwrap();
    assert_eq!(v["status"]["userInfo"]["username"], "system:admin");
    assert!(v["status"]["userInfo"]["groups"].as_array().unwrap().iter().any(|g| g == "system:masters"));
}
