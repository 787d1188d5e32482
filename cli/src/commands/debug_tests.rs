use super::*;

fn words(w: &[&str]) -> Vec<String> {
    w.iter().map(|s| s.to_string()).collect()
}

#[test]
fn node_slash_name_and_node_name_both_name_the_node() {
    assert_eq!(node_name(&words(&["node/w1"])).unwrap(), "w1");
    assert_eq!(node_name(&words(&["nodes", "w1"])).unwrap(), "w1");
    assert_eq!(node_name(&words(&["no/w1"])).unwrap(), "w1");
}

#[test]
fn a_pod_or_a_missing_name_is_a_usage_error() {
    let e = node_name(&words(&["pod/web"])).unwrap_err().to_string();
    assert!(e.contains("rkctl debug takes node/NAME"), "{e}");
    let e = node_name(&words(&["node"])).unwrap_err().to_string();
    assert!(e.contains("a node name is required"), "{e}");
}

#[test]
fn the_debugger_pod_is_privileged_on_the_host_with_its_root_at_slash_host() {
    let p = debugger_pod("node-debugger-w1-abcde", "w1", DEFAULT_IMAGE);
    assert_eq!(p["spec"]["nodeName"], "w1");
    for k in ["hostPID", "hostNetwork", "hostIPC"] {
        assert_eq!(p["spec"][k], true, "{k}");
    }
    assert_eq!(p["spec"]["tolerations"][0]["operator"], "Exists");
    let c = &p["spec"]["containers"][0];
    assert_eq!(c["name"], CONTAINER);
    assert_eq!(c["image"], "localhost/rk/busybox:1");
    assert_eq!(c["securityContext"]["privileged"], true);
    assert_eq!(c["volumeMounts"][0]["mountPath"], "/host");
    assert_eq!(p["spec"]["volumes"][0]["hostPath"]["path"], "/");
}

#[test]
fn debugger_names_follow_kubectls_pattern_and_stay_valid_labels() {
    let n = debugger_name("worker-1", 42);
    assert!(n.starts_with("node-debugger-worker-1-"), "{n}");
    let suffix = n.rsplit('-').next().unwrap();
    assert_eq!(suffix.len(), 5);
    assert!(
        suffix
            .bytes()
            .all(|b| b"bcdfghjklmnpqrstvwxz2456789".contains(&b))
    );
    assert_ne!(debugger_name("worker-1", 43), n);
    let long = debugger_name(&"x".repeat(100), 7);
    assert!(long.len() <= 63, "{long}");
}

#[test]
fn a_start_failure_repeated_three_times_is_not_waited_out() {
    let e = |reason: &str, count: i64| serde_json::json!({"type": "Warning", "reason": reason, "count": count});
    assert!(!repeated_failure(&[e("Failed", 2)]));
    assert!(repeated_failure(&[e("Failed", 3)]));
    assert!(repeated_failure(&[e("FailedCreatePodSandBox", 5)]));
    assert!(!repeated_failure(&[e("BackOff", 9)]));
}
