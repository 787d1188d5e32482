//! Instant completions (issue 10): names come from a cache per context, namespace and resource,
//! refreshed in the background by a detached child; a pod created after the cache filled appears
//! within a few seconds, and with the API server gone completion still answers from the cache.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use rk_e2e::{Rkd, ok_stdout, wait_for};

fn names(rkd: &Rkd, args: &[&str]) -> Vec<String> {
    let mut words = vec!["__complete"];
    words.extend_from_slice(args);
    ok_stdout(&rkd.rkctl(&words))
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_new_pod_appears_within_seconds_and_the_cache_answers_without_the_server() {
    let mut rkd = Rkd::start("apiserver", &[]);
    ok_stdout(&rkd.rkctl(&["create", "namespace", "team"]));
    for (ns, name) in [
        ("default", "web-1"),
        ("default", "web-2"),
        ("team", "web-9"),
    ] {
        ok_stdout(&rkd.rkctl(&["run", name, "--image=busybox", "-n", ns]));
    }
    // The first completion fills the cache (one per namespace and resource).
    assert_eq!(names(&rkd, &["get", "pods", "web"]), ["web-1", "web-2"]);
    assert_eq!(names(&rkd, &["get", "pods", "-n", "team", ""]), ["web-9"]);
    let cache = rkd.dir.path().join("home-rkctl/.kube/cache/rkctl-names");
    assert!(cache.exists(), "no names cache under {}", cache.display());

    ok_stdout(&rkd.rkctl(&["run", "web-3", "--image=busybox"]));
    wait_for(
        "web-3 among the completions",
        Duration::from_secs(15),
        || (names(&rkd, &["get", "pods", "web"]) == ["web-1", "web-2", "web-3"]).then_some(()),
    );
    // Another namespace's cache is its own.
    assert_eq!(names(&rkd, &["get", "pods", "-n", "team", ""]), ["web-9"]);

    // With the API server stopped, names still come from the cache.
    rkd.stop();
    assert_eq!(
        names(&rkd, &["get", "pods", "web"]),
        ["web-1", "web-2", "web-3"]
    );
    assert_eq!(names(&rkd, &["describe", "pod/web-"]).len(), 3);
}
