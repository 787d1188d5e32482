//! `pods/binding` and `pods/eviction` through kube-rs against `rkd apiserver`: a pod is bound
//! once (PodScheduled=True), a second binding is a Conflict in Kubernetes' words; an eviction
//! that would break a PodDisruptionBudget is refused with 429 and the budget's numbers, and goes
//! through (the budget's disruptionsAllowed spent) once the budget allows it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use kube::api::{EvictParams, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Api, Client, Config};
use rk_e2e::Rkd;
use serde_json::json;

async fn admin_client(rkd: &Rkd) -> Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let kubeconfig = Kubeconfig::read_from(rkd.kubeconfig()).expect("read admin.kubeconfig");
    let mut config = Config::from_custom_kubeconfig(kubeconfig, &KubeConfigOptions::default()).await.expect("config");
    // kube retries 429 with backoff by default; these tests look at the 429 itself.
    config.default_retry = false;
    Client::try_from(config).expect("client")
}

fn pod(name: &str) -> Pod {
    serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "labels": {"app": "web"}},
        "spec": {"containers": [{"name": "c", "image": "busybox"}]}
    }))
    .unwrap()
}

fn api_error(r: Result<impl std::fmt::Debug, kube::Error>) -> kube::core::Status {
    match r {
        Err(kube::Error::Api(s)) => *s,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pod_is_bound_once_and_a_second_binding_conflicts() {
    let rkd = Rkd::start("apiserver", &[]);
    let pods: Api<Pod> = Api::namespaced(admin_client(&rkd).await, "default");
    pods.create(&PostParams::default(), &pod("p1")).await.unwrap();
    let binding = |node: &str| {
        json!({
            "apiVersion": "v1", "kind": "Binding",
            "metadata": {"name": "p1", "annotations": {"scheduled-by": "test"}},
            "target": {"apiVersion": "v1", "kind": "Node", "name": node}
        })
    };
    let status: kube::core::Status =
        pods.create_subresource("binding", "p1", &PostParams::default(), &binding("n1")).await.unwrap();
    assert_eq!(status.code, 201);
    let bound = pods.get("p1").await.unwrap();
    assert_eq!(bound.spec.as_ref().unwrap().node_name.as_deref(), Some("n1"));
    assert_eq!(bound.metadata.annotations.as_ref().unwrap()["scheduled-by"], "test");
    let conditions = bound.status.unwrap().conditions.unwrap();
    let scheduled = conditions.iter().find(|c| c.type_ == "PodScheduled").expect("PodScheduled");
    assert_eq!(scheduled.status, "True");

    let again = api_error(pods.create_subresource::<_, kube::core::Status>("binding", "p1", &PostParams::default(), &binding("n2")).await);
    assert_eq!((again.code, again.reason.as_str()), (409, "Conflict"));
    assert_eq!(again.message, "Operation cannot be fulfilled on pods/binding \"p1\": pod p1 is already assigned to node \"n1\"");
    assert_eq!(pods.get("p1").await.unwrap().spec.unwrap().node_name.as_deref(), Some("n1"));

    let missing = api_error(pods.create_subresource::<_, kube::core::Status>("binding", "nope", &PostParams::default(), &json!({"kind": "Binding", "metadata": {"name": "nope"}, "target": {"name": "n1"}})).await);
    assert_eq!(missing.code, 404);
    let invalid = json!({"kind": "Binding", "metadata": {"name": "p1"}, "target": {}});
    let invalid = api_error(pods.create_subresource::<_, kube::core::Status>("binding", "p1", &PostParams::default(), &invalid).await);
    assert_eq!(invalid.code, 422);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_eviction_waits_for_the_disruption_budget() {
    let rkd = Rkd::start("apiserver", &[]);
    let client = admin_client(&rkd).await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), "default");
    let pdbs: Api<PodDisruptionBudget> = Api::namespaced(client, "default");
    pods.create(&PostParams::default(), &pod("web-1")).await.unwrap();
    // Play the node: the pod runs and is ready.
    let mut running = pods.get("web-1").await.unwrap();
    running.status = Some(
        serde_json::from_value(json!({"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]})).unwrap(),
    );
    pods.replace_status("web-1", &PostParams::default(), &running).await.unwrap();
    let pdb: PodDisruptionBudget = serde_json::from_value(json!({
        "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
        "metadata": {"name": "web"},
        "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "web"}}}
    }))
    .unwrap();
    pdbs.create(&PostParams::default(), &pdb).await.unwrap();
    // Play the disruption controller: one healthy pod, one needed, none may go.
    let set_budget = |allowed: i32| {
        let pdbs = pdbs.clone();
        async move {
            let mut p = pdbs.get("web").await.unwrap();
            p.status = Some(
                serde_json::from_value(json!({
                    "observedGeneration": p.metadata.generation, "currentHealthy": 1, "desiredHealthy": 1,
                    "disruptionsAllowed": allowed, "expectedPods": 1
                }))
                .unwrap(),
            );
            pdbs.replace_status("web", &PostParams::default(), &p).await.unwrap();
        }
    };
    set_budget(0).await;
    let refused = api_error(pods.evict("web-1", &EvictParams::default()).await);
    assert_eq!((refused.code, refused.reason.as_str()), (429, "TooManyRequests"));
    assert_eq!(refused.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    let cause = &refused.details.unwrap().causes[0];
    assert_eq!(cause.reason, "DisruptionBudget");
    assert_eq!(cause.message, "The disruption budget web needs 1 healthy pods and has 1 currently");
    assert!(pods.get_opt("web-1").await.unwrap().is_some(), "a refused eviction deletes nothing");

    set_budget(1).await;
    pods.evict("web-1", &EvictParams::default()).await.unwrap();
    assert!(pods.get_opt("web-1").await.unwrap().is_none(), "an unbound pod goes at once");
    let spent = pdbs.get("web").await.unwrap().status.unwrap();
    assert_eq!(spent.disruptions_allowed, 0);
    assert!(spent.disrupted_pods.unwrap().contains_key("web-1"));

    // A pod no budget covers is simply deleted.
    let mut other = pod("lonely");
    other.metadata.labels = None;
    pods.create(&PostParams::default(), &other).await.unwrap();
    pods.evict("lonely", &EvictParams::default()).await.unwrap();
    assert!(pods.get_opt("lonely").await.unwrap().is_none());
}
