//! Several API servers on one etcd are one cluster: the second server, started with the first
//! one's token, takes the cluster's CA and admin identity from the store, so the first server's
//! admin.kubeconfig works against both; a write through one reaches a watch on the other; a
//! server without the token, or with a wrong one, refuses to start with a clear error.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use rk_e2e::{Rkd, kubectl_bin, ok_stdout, rkd_bin};

/// The first server's admin.kubeconfig pointed at another server's address.
fn kubeconfig_for(first: &Rkd, other: &Rkd) -> std::path::PathBuf {
    let text = std::fs::read_to_string(first.kubeconfig()).unwrap();
    let moved = text.replace(&first.server, &other.server);
    assert_ne!(moved, text, "the kubeconfig names the first server");
    let path = first.dir.path().join(format!("to-{}.kubeconfig", other.server.rsplit(':').next().unwrap()));
    std::fs::write(&path, moved).unwrap();
    path
}

fn kubectl_with(kubeconfig: &std::path::Path, home: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::fs::create_dir_all(home).unwrap();
    Command::new(kubectl_bin(33))
        .env("HOME", home)
        .env("KUBECONFIG", kubeconfig)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn two_api_servers_on_one_etcd_are_one_cluster() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let etcd_dir = tempfile::tempdir().unwrap();
    let etcd = runtime
        .block_on(rk_store::etcd::LocalEtcd::start(etcd_dir.path()))
        .expect("etcd (the Debian package etcd-server)");
    let url = etcd.url();
    let first = Rkd::start("apiserver", &["--store", &url]);
    let token = std::fs::read_to_string(first.dir.path().join("node-token")).unwrap();
    let second = Rkd::start("apiserver", &["--store", &url, "--token", token.trim()]);

    // One CA: the second server's files name the same token (its hash is the CA's).
    let second_token = std::fs::read_to_string(second.dir.path().join("node-token")).unwrap();
    assert_eq!(second_token.trim(), token.trim());
    // The first server's admin kubeconfig works against the second server.
    let to_second = kubeconfig_for(&first, &second);
    let home = first.dir.path().join("home-cross");
    let who = ok_stdout(&kubectl_with(&to_second, &home, &["get", "namespace", "default", "-o", "name"]));
    assert_eq!(who.trim(), "namespace/default");

    // A watch on the second server sees a write made through the first.
    let mut watch = Command::new(kubectl_bin(33))
        .env("HOME", &home)
        .env("KUBECONFIG", &to_second)
        .args(["get", "configmaps", "-n", "default", "-w", "--output-watch-events", "-o", "name"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = watch.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // The watch is established once kubectl printed nothing yet but had time to connect;
    // create repeatedly until the event arrives so the test does not depend on that timing.
    let mut seen = false;
    for i in 0..20 {
        ok_stdout(&first.kubectl(27, &["create", "configmap", &format!("from-first-{i}"), "-n", "default"]));
        if let Ok(line) = rx.recv_timeout(Duration::from_secs(2)) {
            assert!(line.contains("configmap/from-first-"), "{line}");
            seen = true;
            break;
        }
    }
    let _ = watch.kill();
    let _ = watch.wait();
    assert!(seen, "the second server's watch never saw a write made through the first");

    // Without the token, or with a wrong one, a third server refuses to start.
    for extra in [vec![], vec!["--token", "K10deadbeef::wrong"]] {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec!["apiserver", "--data-dir", dir.path().to_str().unwrap(), "--listen", "127.0.0.1:0", "--store", &url];
        args.extend(extra.iter().copied());
        let out = Command::new(rkd_bin()).args(&args).stdin(Stdio::null()).output().unwrap();
        assert!(!out.status.success(), "a server without the cluster's token started");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("token"), "the error should name the token: {err}");
        assert!(!dir.path().join("admin.kubeconfig").exists());
    }
    drop((first, second));
    drop(etcd);
}
