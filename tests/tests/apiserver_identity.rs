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
