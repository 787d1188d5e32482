//! kube-rs (`kube` 5 over rustls/ring, `k8s-openapi` v1_33 types) against `rkd apiserver`, with
//! the admin kubeconfig: list, create, get, replace (and a stale replace), delete, and a
//! `kube::runtime::watcher` that receives the events of a change made while it runs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::api::core::v1::{ConfigMap, Container, Namespace, Pod, PodSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::api::{DeleteParams, ListParams, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::runtime::watcher;
use kube::{Api, Client, Config};
use rk_e2e::Rkd;

async fn admin_client(rkd: &Rkd) -> Client {
    // Several tests in one process may race to install it: the first one wins, which is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let kubeconfig = Kubeconfig::read_from(rkd.kubeconfig()).expect("read admin.kubeconfig");
    let config = Config::from_custom_kubeconfig(kubeconfig, &KubeConfigOptions::default())
        .await
        .expect("config from admin.kubeconfig");
    Client::try_from(config).expect("client")
}

fn labels(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, String>> {
    Some(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

fn config_map(name: &str, data: &[(&str, &str)]) -> ConfigMap {
    ConfigMap {
        metadata: ObjectMeta {
            name: Some(name.into()),
            labels: labels(&[("app", "kube-rs")]),
            ..ObjectMeta::default()
        },
        data: labels(data),
        ..ConfigMap::default()
    }
}

/// The Status of an API error, or a panic naming what was expected.
fn api_status(result: Result<impl std::fmt::Debug, kube::Error>) -> (u16, String) {
    match result {
        Err(kube::Error::Api(status)) => (status.code, status.reason.clone()),
        other => panic!("expected an API error with a Status, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kube_rs_lists_creates_gets_replaces_and_deletes_config_maps_and_pods() {
    let rkd = Rkd::start("apiserver", &[]);
    let client = admin_client(&rkd).await;

    let namespaces: Vec<String> = Api::<Namespace>::all(client.clone())
        .list(&ListParams::default())
        .await
        .expect("list namespaces")
        .items
        .into_iter()
        .filter_map(|n| n.metadata.name)
        .collect();
    assert!(
        namespaces.iter().any(|n| n == "default") && namespaces.iter().any(|n| n == "kube-system"),
        "{namespaces:?}"
    );

    let cms: Api<ConfigMap> = Api::namespaced(client.clone(), "default");
    let created = cms
        .create(
            &PostParams::default(),
            &config_map("settings", &[("mode", "a")]),
        )
        .await
        .expect("create configmap");
    assert_eq!(created.metadata.namespace.as_deref(), Some("default"));
    assert_eq!(created.metadata.uid.as_ref().map(String::len), Some(36));
    let created_version = created
        .metadata
        .resource_version
        .clone()
        .expect("resourceVersion");

    let mut got = cms.get("settings").await.expect("get configmap");
    assert_eq!(got.data, labels(&[("mode", "a")]));
    assert_eq!(
        got.metadata.resource_version.as_deref(),
        Some(created_version.as_str())
    );
    assert_eq!(
        api_status(cms.get("missing").await),
        (404, "NotFound".into())
    );

    got.data = labels(&[("mode", "b")]);
    let replaced = cms
        .replace("settings", &PostParams::default(), &got)
        .await
        .expect("replace configmap");
    assert_eq!(replaced.data, labels(&[("mode", "b")]));
    assert_ne!(replaced.metadata.resource_version, Some(created_version));
    // `got` still carries the old resourceVersion: replacing from it again is a Conflict.
    got.data = labels(&[("mode", "c")]);
    assert_eq!(
        api_status(cms.replace("settings", &PostParams::default(), &got).await),
        (409, "Conflict".into())
    );

    let pods: Api<Pod> = Api::namespaced(client.clone(), "default");
    let pod = Pod {
        metadata: ObjectMeta {
            name: Some("worker".into()),
            labels: labels(&[("app", "kube-rs"), ("tier", "back")]),
            ..ObjectMeta::default()
        },
        spec: Some(PodSpec {
            containers: vec![Container {
                name: "main".into(),
                image: Some("busybox".into()),
                ..Container::default()
            }],
            ..PodSpec::default()
        }),
        ..Pod::default()
    };
    pods.create(&PostParams::default(), &pod)
        .await
        .expect("create pod");
    let worker = pods.get("worker").await.expect("get pod");
    assert_eq!(
        worker.status.and_then(|s| s.phase).as_deref(),
        Some("Pending")
    );
    let by_label = |selector: &'static str| {
        let pods = pods.clone();
        async move {
            pods.list(&ListParams::default().labels(selector))
                .await
                .expect("list pods by label")
                .items
                .into_iter()
                .filter_map(|p| p.metadata.name)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(by_label("app=kube-rs,tier in (back)").await, ["worker"]);
    assert!(by_label("app=other").await.is_empty());

    // Kubernetes answers a ConfigMap's DELETE with a Success Status and a Pod's with the Pod
    // (kube-rs: Right(Status) / Left(object)).
    let deleted = cms
        .delete("settings", &DeleteParams::default())
        .await
        .expect("delete configmap");
    assert!(
        deleted.is_right(),
        "a ConfigMap's DELETE answers a Status, got {deleted:?}"
    );
    let deleted = pods
        .delete("worker", &DeleteParams::default())
        .await
        .expect("delete pod");
    assert!(
        deleted.is_left(),
        "a Pod's DELETE answers the Pod, got {deleted:?}"
    );
    assert_eq!(
        api_status(cms.get("settings").await),
        (404, "NotFound".into())
    );
    assert!(by_label("app=kube-rs").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kube_rs_watcher_receives_the_events_of_a_concurrent_change() {
    let rkd = Rkd::start("apiserver", &[]);
    let client = admin_client(&rkd).await;
    let cms: Api<ConfigMap> = Api::namespaced(client, "default");
    cms.create(
        &PostParams::default(),
        &config_map("existing", &[("n", "0")]),
    )
    .await
    .expect("create the existing configmap");

    // The watcher lists (seeing `existing`), then watches from the list's resourceVersion.
    let mut events = watcher(
        cms.clone(),
        watcher::Config::default().labels("app=kube-rs"),
    )
    .boxed();
    let mut initial = Vec::new();
    let deadline = Duration::from_secs(20);
    loop {
        let event = tokio::time::timeout(deadline, events.next())
            .await
            .expect("the watcher's initial list within 20 s")
            .expect("the watcher stream ended")
            .expect("watcher error");
        match event {
            watcher::Event::Init => {}
            watcher::Event::InitApply(cm) => initial.push(cm.metadata.name.unwrap()),
            watcher::Event::InitDone => break,
            other => panic!("unexpected event before InitDone: {other:?}"),
        }
    }
    assert_eq!(initial, ["existing"]);

    // A concurrent writer: create, update, delete one configmap while the watcher runs.
    let writer = tokio::spawn({
        let cms = cms.clone();
        async move {
            let mut cm = cms
                .create(
                    &PostParams::default(),
                    &config_map("changing", &[("n", "1")]),
                )
                .await?;
            cm.data = labels(&[("n", "2")]);
            cms.replace("changing", &PostParams::default(), &cm).await?;
            cms.delete("changing", &DeleteParams::default()).await?;
            Ok::<_, kube::Error>(())
        }
    });

    let mut seen = Vec::new();
    loop {
        let event = tokio::time::timeout(deadline, events.next())
            .await
            .unwrap_or_else(|_| panic!("no further event within 20 s; seen so far: {seen:?}"))
            .expect("the watcher stream ended")
            .expect("watcher error");
        match event {
            watcher::Event::Apply(cm) => seen.push((
                "Apply",
                cm.metadata.name.unwrap(),
                cm.data.and_then(|d| d.get("n").cloned()),
            )),
            watcher::Event::Delete(cm) => {
                let name = cm.metadata.name.unwrap();
                let done = name == "changing";
                seen.push(("Delete", name, None));
                if done {
                    break;
                }
            }
            other => panic!("unexpected event while watching: {other:?}; seen: {seen:?}"),
        }
    }
    writer.await.unwrap().expect("the concurrent writer");
    let changing = |n: &str| Some(n.to_string());
    assert_eq!(
        seen,
        [
            ("Apply", "changing".to_string(), changing("1")),
            ("Apply", "changing".to_string(), changing("2")),
            ("Delete", "changing".to_string(), None),
        ]
    );
}
