//! Bearer tokens: `kubectl create token` (the TokenRequest API) with kubectl 1.27 and 1.33, the
//! token accepted as a service account's identity (`auth whoami`), refused for what that account
//! may not do (403 in Kubernetes' words), and rejected (401) when forged or when its service
//! account is gone.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output, Stdio};

use rk_e2e::{Rkd, kubectl_bin, ok_stdout};

/// A kubeconfig with the cluster's CA and only a bearer token as the credential.
fn token_kubeconfig(rkd: &Rkd, token: &str, name: &str) -> std::path::PathBuf {
    let admin = std::fs::read_to_string(rkd.kubeconfig()).unwrap();
    let ca = admin.lines().find_map(|l| l.trim().strip_prefix("certificate-authority-data: ")).unwrap();
    let config = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: rk\n  cluster:\n    server: {}\n    certificate-authority-data: {ca}\nusers:\n- name: robot\n  user:\n    token: {token}\ncontexts:\n- name: rk\n  context: {{cluster: rk, user: robot, namespace: default}}\ncurrent-context: rk\n",
        rkd.server
    );
    let path = rkd.dir.path().join(format!("{name}.kubeconfig"));
    std::fs::write(&path, config).unwrap();
    path
}

fn kubectl_as(rkd: &Rkd, kubeconfig: &std::path::Path, minor: u32, args: &[&str]) -> Output {
    let home = rkd.dir.path().join(format!("home-token-{minor}"));
    std::fs::create_dir_all(&home).unwrap();
    Command::new(kubectl_bin(minor)).env("HOME", &home).env("KUBECONFIG", kubeconfig).args(args).stdin(Stdio::null()).output().unwrap()
}

fn stderr(out: &Output) -> String {
    assert!(!out.status.success(), "expected a failure: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn service_account_tokens_authenticate_until_their_account_is_gone() {
    let rkd = Rkd::start("apiserver", &[]);
    let sa = rkd.dir.path().join("sa.yaml");
    std::fs::write(&sa, "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n  namespace: default\n").unwrap();
    ok_stdout(&rkd.kubectl(33, &["create", "-f", sa.to_str().unwrap()]));

    for minor in [27, 33] {
        let token = ok_stdout(&rkd.kubectl(minor, &["create", "token", "robot", "-n", "default"]));
        let token = token.trim();
        assert_eq!(token.split('.').count(), 3, "a JWT: {token}");
        let kc = token_kubeconfig(&rkd, token, &format!("robot-{minor}"));
        let who = ok_stdout(&kubectl_as(&rkd, &kc, 30.max(minor), &["auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"]));
        assert_eq!(who, "system:serviceaccount:default:robot");
        let groups = ok_stdout(&kubectl_as(&rkd, &kc, 30.max(minor), &["auth", "whoami", "-o", "jsonpath={.status.userInfo.groups}"]));
        assert!(groups.contains("system:serviceaccounts:default"), "{groups}");
        // No RBAC grants yet: the account may ask who it is, nothing more.
        let refused = stderr(&kubectl_as(&rkd, &kc, minor, &["get", "pods"]));
        assert!(
            refused.contains(r#"Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:robot" cannot list resource "pods" in API group "" in the namespace "default""#),
            "{refused}"
        );
        let can = kubectl_as(&rkd, &kc, minor, &["auth", "can-i", "list", "pods"]);
        assert_eq!(can.status.code(), Some(1), "can-i answers no with exit 1");
        assert!(String::from_utf8_lossy(&can.stdout).starts_with("no"), "{}", String::from_utf8_lossy(&can.stdout));
    }

    // Too short a life is refused in Kubernetes' words.
    let short = stderr(&rkd.kubectl(33, &["create", "token", "robot", "--duration=5m"]));
    assert!(short.contains("may not specify a duration less than 10 minutes"), "{short}");
    // A forged token (another signature) is not anybody.
    let token = ok_stdout(&rkd.kubectl(33, &["create", "token", "robot"])).trim().to_string();
    let mut forged = token.clone();
    forged.truncate(forged.len() - 4);
    forged.push_str("AAAA");
    let kc = token_kubeconfig(&rkd, &forged, "forged");
    assert!(stderr(&kubectl_as(&rkd, &kc, 33, &["get", "pods"])).contains("Unauthorized"));
    // Deleting the account revokes its tokens.
    let kc = token_kubeconfig(&rkd, &token, "revoked");
    ok_stdout(&kubectl_as(&rkd, &kc, 33, &["auth", "whoami"]));
    ok_stdout(&rkd.kubectl(33, &["delete", "serviceaccount", "robot"]));
    assert!(stderr(&kubectl_as(&rkd, &kc, 33, &["auth", "whoami"])).contains("Unauthorized"));
    // A token for a missing account cannot be made.
    let missing = stderr(&rkd.kubectl(33, &["create", "token", "nobody"]));
    assert!(missing.contains(r#"serviceaccounts "nobody" not found"#), "{missing}");
}
