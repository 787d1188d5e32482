//! Volumes in a temporary pod root, with a fake API.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::test_support::FakeApi;
use serde_json::json;

fn pod(volumes: Value, mounts: Value) -> Pod {
    Pod::from_json(&json!({
        "metadata": {"name": "p", "namespace": "ns", "uid": "u1", "labels": {"app": "web"}},
        "spec": {"serviceAccountName": "sa1", "volumes": volumes,
                 "containers": [{"name": "c", "image": "i", "volumeMounts": mounts}]}
    }))
    .unwrap()
}

fn facts() -> (BTreeMap<String, String>,) {
    (BTreeMap::new(),)
}

async fn run(
    root: &Path,
    p: &Pod,
    api: &FakeApi,
    state: &mut VolumeState,
    now: i64,
) -> Result<(), (String, Error)> {
    let alloc = facts().0;
    let f = NodeFacts {
        node_name: "n1",
        host_ip: "10.0.0.1",
        pod_ip: Some("10.42.0.9"),
        allocatable: &alloc,
    };
    let src = Sources {
        api,
        facts: &f,
        cluster_ca: "CA PEM",
        now,
        tmpfs: false,
    };
    prepare(root, p, &src, state).await
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[tokio::test]
async fn configmap_volumes_are_written_atomically_and_updated_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let api = FakeApi::default();
    api.put(
        "/api/v1/namespaces/ns/configmaps/cm",
        json!({"data": {"a": "1", "b": "2"}}),
    );
    let p = pod(
        json!([{"name": "cfg", "configMap": {"name": "cm", "items": [{"key": "a", "path": "dir/a.txt", "mode": 0o600}, {"key": "b", "path": "b"}]}}]),
        json!([{"name": "cfg", "mountPath": "/etc/cfg"}]),
    );
    let mut st = VolumeState::default();
    run(tmp.path(), &p, &api, &mut st, 100).await.unwrap();
    let dir = tmp.path().join("u1/volumes/kubernetes.io~configmap/cfg");
    assert_eq!(read(&dir.join("dir/a.txt")), "1");
    assert_eq!(
        std::fs::metadata(dir.join("dir/a.txt"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    assert!(
        std::fs::symlink_metadata(dir.join("b"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let first = std::fs::read_link(dir.join("..data")).unwrap();

    api.put(
        "/api/v1/namespaces/ns/configmaps/cm",
        json!({"data": {"a": "one", "b": "2"}}),
    );
    run(tmp.path(), &p, &api, &mut st, 200).await.unwrap();
    assert_eq!(read(&dir.join("dir/a.txt")), "one");
    let second = std::fs::read_link(dir.join("..data")).unwrap();
    assert_ne!(first, second);
    assert!(
        !dir.join(&first).exists(),
        "the old timestamped directory is removed"
    );

    run(tmp.path(), &p, &api, &mut st, 300).await.unwrap();
    assert_eq!(
        std::fs::read_link(dir.join("..data")).unwrap(),
        second,
        "unchanged content is not rewritten"
    );

    let m = mounts(&p.containers[0], &st).unwrap();
    assert_eq!(m[0].container_path, "/etc/cfg");
    assert!(m[0].readonly, "configMap volumes are read-only");
}

#[tokio::test]
async fn a_missing_configmap_fails_unless_optional() {
    let tmp = tempfile::tempdir().unwrap();
    let api = FakeApi::default();
    let mut st = VolumeState::default();
    let p = pod(
        json!([{"name": "cfg", "configMap": {"name": "nope"}}]),
        json!([]),
    );
    let (vol, e) = run(tmp.path(), &p, &api, &mut st, 1).await.unwrap_err();
    assert_eq!(
        (vol.as_str(), e.to_string().as_str()),
        ("cfg", "configmap \"nope\" not found")
    );
    let p = pod(
        json!([{"name": "cfg", "secret": {"secretName": "nope", "optional": true}}]),
        json!([]),
    );
    run(tmp.path(), &p, &api, &mut st, 1).await.unwrap();
}

#[tokio::test]
async fn the_kube_api_access_volume_gets_a_bound_token_the_ca_and_the_namespace() {
    let tmp = tempfile::tempdir().unwrap();
    let api = FakeApi::default();
    let p = pod(
        json!([{"name": "kube-api-access-x1", "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
            {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]}}]),
        json!([{"name": "kube-api-access-x1", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true}]),
    );
    let mut st = VolumeState::default();
    run(tmp.path(), &p, &api, &mut st, 1_000).await.unwrap();
    let dir = tmp
        .path()
        .join("u1/volumes/kubernetes.io~projected/kube-api-access-x1");
    assert_eq!(read(&dir.join("token")), "tok-1");
    assert_eq!(read(&dir.join("ca.crt")), "CA PEM");
    assert_eq!(read(&dir.join("namespace")), "ns");
    let posts = api.writes_to("/api/v1/namespaces/ns/serviceaccounts/sa1/token");
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].1["spec"]["boundObjectRef"]["uid"], "u1");
    // A second sync reuses the token.
    run(tmp.path(), &p, &api, &mut st, 1_010).await.unwrap();
    assert_eq!(
        api.writes_to("/api/v1/namespaces/ns/serviceaccounts").len(),
        1
    );
}

#[tokio::test]
async fn host_paths_are_type_checked_and_created_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let api = FakeApi::default();
    let mut st = VolumeState::default();
    let made = tmp.path().join("made");
    let p = pod(
        json!([{"name": "h", "hostPath": {"path": made, "type": "DirectoryOrCreate"}}]),
        json!([]),
    );
    run(tmp.path(), &p, &api, &mut st, 1).await.unwrap();
    assert!(made.is_dir());
    let p = pod(
        json!([{"name": "h", "hostPath": {"path": made, "type": "File"}}]),
        json!([]),
    );
    let (_, e) = run(tmp.path(), &p, &api, &mut st, 1).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "hostPath type check failed: {} is not a file",
            made.display()
        )
    );
    let p = pod(
        json!([{"name": "h", "hostPath": {"path": made.join("f"), "type": "FileOrCreate"}}]),
        json!([]),
    );
    run(tmp.path(), &p, &api, &mut st, 1).await.unwrap();
    assert!(made.join("f").is_file());
}

#[tokio::test]
async fn sub_paths_resolve_under_the_volume_and_escape_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let api = FakeApi::default();
    let mut st = VolumeState::default();
    let p = pod(
        json!([{"name": "scratch", "emptyDir": {}}, {"name": "info", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}}]),
        json!([{"name": "scratch", "mountPath": "/a", "subPath": "x/y"}, {"name": "info", "mountPath": "/info"}]),
    );
    run(tmp.path(), &p, &api, &mut st, 1).await.unwrap();
    let m = mounts(&p.containers[0], &st).unwrap();
    assert!(
        m[0].host_path
            .ends_with("kubernetes.io~empty-dir/scratch/x/y")
            && !m[0].readonly
    );
    assert!(Path::new(&m[0].host_path).is_dir());
    let labels = tmp
        .path()
        .join("u1/volumes/kubernetes.io~downward-api/info/labels");
    assert_eq!(read(&labels), "app=\"web\"");
    let mut bad = p.containers[0].clone();
    bad.extra.as_mut().unwrap().volume_mounts[0].sub_path = "../etc".into();
    assert!(matches!(mounts(&bad, &st), Err(Error::SubPath(_))));
    bad.extra.as_mut().unwrap().volume_mounts[0].name = "nope".into();
    assert!(matches!(mounts(&bad, &st), Err(Error::UnknownVolume(_))));
    cleanup(tmp.path(), "u1").unwrap();
    assert!(!tmp.path().join("u1").exists());
}

#[tokio::test]
async fn downward_api_files_follow_label_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let api = FakeApi::default();
    let mut st = VolumeState::default();
    let vols = json!([{"name": "info", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}}]);
    let mut p = pod(vols, json!([]));
    run(tmp.path(), &p, &api, &mut st, 1).await.unwrap();
    let file = tmp
        .path()
        .join("u1/volumes/kubernetes.io~downward-api/info/labels");
    assert_eq!(read(&file), "app=\"web\"");
    p.extra
        .as_mut()
        .unwrap()
        .labels
        .insert("tier".into(), "front".into());
    run(tmp.path(), &p, &api, &mut st, 2).await.unwrap();
    assert_eq!(read(&file), "app=\"web\"\ntier=\"front\"");
}
