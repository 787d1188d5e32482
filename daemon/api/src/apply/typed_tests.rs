//! Field sets, comparisons, merges and removals over Deployments of the real Kubernetes model.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};

use super::*;

fn deployment() -> Schema<'static> {
    Schema::served("apps", "v1", "Deployment")
}

fn paths(s: &Set) -> Vec<String> {
    s.paths().iter().map(ToString::to_string).collect()
}

fn config() -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "labels": {"app": "web"}},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "nginx", "image": "nginx:1", "ports": [{"containerPort": 80}]}]}
            }
        }
    })
}

#[test]
fn an_applied_configuration_owns_its_leaves_list_items_and_atomic_values() {
    let set = field_set(&config(), deployment());
    let p = paths(&set);
    assert!(p.contains(&".metadata.labels.app".to_string()));
    assert!(
        !p.contains(&".metadata.labels".to_string()),
        "a non-empty map is not itself a member"
    );
    assert!(p.contains(&".spec.replicas".to_string()));
    // LabelSelector is atomic: owned whole.
    assert!(p.contains(&".spec.selector".to_string()));
    assert!(!p.iter().any(|x| x.starts_with(".spec.selector.")));
    assert!(p.contains(&".spec.template.spec.containers[name=\"nginx\"]".to_string()));
    assert!(p.contains(&".spec.template.spec.containers[name=\"nginx\"].image".to_string()));
    // Ports are keyed by containerPort and protocol, protocol defaulting to TCP.
    assert!(p.contains(&".spec.template.spec.containers[name=\"nginx\"].ports[containerPort=80,protocol=\"TCP\"]".to_string()));
    let v1 = set.to_fields_v1();
    assert_eq!(
        v1.pointer("/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"nginx\"}/."),
        Some(&json!({}))
    );
}

#[test]
fn comparisons_report_added_modified_and_removed_fields() {
    let old = config();
    let mut new = config();
    new["spec"]["replicas"] = json!(3);
    new["metadata"]["labels"]["tier"] = json!("front");
    new["spec"]["template"]["spec"]["containers"][0]
        .as_object_mut()
        .unwrap()
        .remove("ports");
    let c = compare(&old, &new, deployment());
    assert_eq!(paths(&c.modified), vec![".spec.replicas"]);
    assert_eq!(paths(&c.added), vec![".metadata.labels.tier"]);
    let removed = paths(&c.removed);
    assert!(removed.contains(&".spec.template.spec.containers[name=\"nginx\"].ports[containerPort=80,protocol=\"TCP\"]".to_string()));
    assert!(removed.contains(&".spec.template.spec.containers[name=\"nginx\"].ports[containerPort=80,protocol=\"TCP\"].containerPort".to_string()));
}

#[test]
fn creating_adds_maps_and_list_items_but_not_structs() {
    let c = compare(&json!({}), &config(), deployment());
    let p = paths(&c.added);
    assert!(p.contains(&".metadata.labels".to_string()));
    assert!(!p.contains(&".spec".to_string()));
    assert!(!p.contains(&".spec.template".to_string()));
    assert!(p.contains(&".spec.template.spec.containers[name=\"nginx\"]".to_string()));
}

#[test]
fn merging_keeps_live_only_items_and_fields() {
    let mut live = config();
    live["spec"]["template"]["spec"]["containers"] = json!([
        {"name": "sidecar", "image": "busybox"},
        {"name": "nginx", "image": "nginx:0", "imagePullPolicy": "Always"}
    ]);
    live["spec"]["paused"] = json!(true);
    let merged = merge(&live, &config(), deployment()).unwrap();
    assert_eq!(merged["spec"]["paused"], json!(true));
    assert_eq!(
        merged["spec"]["template"]["spec"]["containers"],
        json!([
            {"name": "sidecar", "image": "busybox"},
            {"name": "nginx", "image": "nginx:1", "imagePullPolicy": "Always", "ports": [{"containerPort": 80}]}
        ])
    );
    // Atomic: the selector is replaced, not merged.
    let mut live = config();
    live["spec"]["selector"] = json!({"matchLabels": {"old": "x"}, "matchExpressions": []});
    let merged = merge(&live, &config(), deployment()).unwrap();
    assert_eq!(
        merged["spec"]["selector"],
        json!({"matchLabels": {"app": "web"}})
    );
}

#[test]
fn shared_items_take_the_configurations_order() {
    let mut live = config();
    live["spec"]["template"]["spec"]["containers"] =
        json!([{"name": "a"}, {"name": "b"}, {"name": "c"}]);
    let mut cfg = config();
    cfg["spec"]["template"]["spec"]["containers"] =
        json!([{"name": "c"}, {"name": "a"}, {"name": "d"}]);
    let merged = merge(&live, &cfg, deployment()).unwrap();
    let names: Vec<&str> = merged["spec"]["template"]["spec"]["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["b", "c", "a", "d"]);
}

#[test]
fn duplicate_keys_in_a_configuration_are_an_error() {
    let mut cfg = config();
    cfg["spec"]["template"]["spec"]["containers"] = json!([{"name": "a"}, {"name": "a"}]);
    let e = merge(&config(), &cfg, deployment()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "duplicate entries for key .spec.template.spec.containers[name=\"a\"]"
    );
}

#[test]
fn removal_spares_what_someone_still_owns_and_drops_emptied_maps() {
    let mut obj = config();
    let mut remove = Set::new();
    let f = |s: &str| PathElement::Field(s.into());
    remove.insert(&[f("metadata"), f("labels"), f("app")]);
    remove.insert(&[f("spec"), f("replicas")]);
    let mut keep = Set::new();
    keep.insert(&[f("spec"), f("replicas")]);
    remove_unowned(&mut obj, deployment(), &remove, &keep);
    assert!(obj["metadata"].get("labels").is_none());
    assert_eq!(obj["spec"]["replicas"], json!(2));
}

#[test]
fn unknown_types_are_maps_and_atomic_lists() {
    let set = field_set(
        &json!({"spec": {"a": {"b": 1}, "l": [1, 2]}}),
        Schema::unknown(),
    );
    let p = paths(&set);
    assert!(p.contains(&".spec".to_string()));
    assert!(p.contains(&".spec.a.b".to_string()));
    assert!(p.contains(&".spec.l".to_string()));
    assert!(!p.iter().any(|x| x.contains("[")));
}
