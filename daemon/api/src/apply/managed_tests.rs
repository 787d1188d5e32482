//! managedFields through creates, updates, applies, conflicts, forcing and pruning.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};

use super::*;

fn writer(manager: &str) -> Writer<'static> {
    Writer {
        schema: Schema::served("apps", "v1", "Deployment"),
        manager: manager.into(),
        api_version: "apps/v1".into(),
        subresource: String::new(),
        has_status: true,
        now: "2026-01-01T00:00:00Z".into(),
    }
}

fn deployment(replicas: i64, image: &str) -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "default", "uid": "u", "labels": {"app": "web"}},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "nginx", "image": image}]}}},
        "status": {"replicas": 0}
    })
}

fn with_managed(mut obj: Value, m: &Managed) -> Value {
    m.store(&mut obj);
    obj
}

fn owned(m: &Managed, manager: &str) -> Vec<String> {
    m.0.iter()
        .filter(|e| e.manager == manager)
        .flat_map(|e| e.fields.paths())
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn a_create_gives_its_manager_every_field_but_identity_and_status() {
    let m = update(None, &deployment(1, "nginx:1"), &writer("kubectl-create"));
    assert_eq!(m.0.len(), 1);
    let e = &m.0[0];
    assert_eq!(
        (e.operation, e.api_version.as_str(), e.time.as_deref()),
        (Operation::Update, "apps/v1", Some("2026-01-01T00:00:00Z"))
    );
    let p = owned(&m, "kubectl-create");
    assert!(p.contains(&".spec.replicas".to_string()));
    assert!(p.contains(&".metadata.labels".to_string()));
    assert!(!p.iter().any(|x| x.starts_with(".status")
        || x == ".metadata.name"
        || x == ".metadata.uid"
        || x == ".apiVersion"));
    let v = m.to_value();
    assert_eq!(v[0]["fieldsType"], json!("FieldsV1"));
    assert_eq!(v[0]["fieldsV1"]["f:metadata"]["f:labels"]["."], json!({}));
}

#[test]
fn an_update_takes_the_fields_it_changes_from_other_managers() {
    let live = with_managed(
        deployment(1, "nginx:1"),
        &update(None, &deployment(1, "nginx:1"), &writer("creator")),
    );
    let m = update(Some(&live), &deployment(5, "nginx:1"), &writer("scaler"));
    assert_eq!(owned(&m, "scaler"), vec![".spec.replicas"]);
    assert!(!owned(&m, "creator").contains(&".spec.replicas".to_string()));
}

#[test]
fn apply_conflicts_with_a_field_another_manager_owns_and_changes_in_kubernetes_words() {
    let live = with_managed(
        deployment(1, "nginx:1"),
        &update(
            None,
            &deployment(1, "nginx:1"),
            &writer("kubectl-client-side-apply"),
        ),
    );
    let config = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 3}});
    let conflicts = apply(&live, &config, &writer("kubectl"), false)
        .unwrap()
        .unwrap_err();
    assert_eq!(
        conflicts.message(),
        "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas"
    );
    // Forced: the field changes hands.
    let applied = apply(&live, &config, &writer("kubectl"), true)
        .unwrap()
        .unwrap();
    assert_eq!(applied.object["spec"]["replicas"], json!(3));
    assert_eq!(owned(&applied.managed, "kubectl"), vec![".spec.replicas"]);
    assert!(
        !owned(&applied.managed, "kubectl-client-side-apply")
            .contains(&".spec.replicas".to_string())
    );
}

#[test]
fn applying_a_value_another_manager_already_set_shares_the_field() {
    let live = with_managed(
        deployment(1, "nginx:1"),
        &update(None, &deployment(1, "nginx:1"), &writer("creator")),
    );
    let config = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 1}});
    let applied = apply(&live, &config, &writer("kubectl"), false)
        .unwrap()
        .unwrap();
    assert!(owned(&applied.managed, "creator").contains(&".spec.replicas".to_string()));
    assert!(owned(&applied.managed, "kubectl").contains(&".spec.replicas".to_string()));
}

#[test]
fn several_conflicts_are_listed_by_manager() {
    let live = with_managed(
        deployment(1, "nginx:1"),
        &update(None, &deployment(1, "nginx:1"), &writer("creator")),
    );
    let config = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:2"}]}}}});
    let conflicts = apply(&live, &config, &writer("kubectl"), false)
        .unwrap()
        .unwrap_err();
    assert_eq!(
        conflicts.message(),
        "Apply failed with 2 conflicts: conflicts with \"creator\" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name=\"nginx\"].image"
    );
}

#[test]
fn a_field_the_applier_stops_applying_is_removed_unless_someone_else_owns_it() {
    let first = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"a": "1", "b": "2"}},
        "spec": {"replicas": 2, "paused": true}});
    let live = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "uid": "u"}, "spec": {}});
    let applied = apply(&live, &first, &writer("kubectl"), false)
        .unwrap()
        .unwrap();
    let mut live = with_managed(applied.object.clone(), &applied.managed);
    // Another manager takes label b.
    let mut relabelled = live.clone();
    relabelled["metadata"]["labels"]["b"] = json!("3");
    let m = update(Some(&live), &relabelled, &writer("labeller"));
    live = with_managed(relabelled, &m);
    let second = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 2}});
    let applied = apply(&live, &second, &writer("kubectl"), false)
        .unwrap()
        .unwrap();
    assert_eq!(applied.object["metadata"]["labels"], json!({"b": "3"}));
    assert!(applied.object["spec"].get("paused").is_none());
    assert_eq!(owned(&applied.managed, "kubectl"), vec![".spec.replicas"]);
}

#[test]
fn managed_fields_written_by_a_client_are_the_starting_point_of_an_update() {
    let live = with_managed(
        deployment(1, "nginx:1"),
        &update(
            None,
            &deployment(1, "nginx:1"),
            &writer("kubectl-client-side-apply"),
        ),
    );
    // kubectl's upgrade to server-side apply rewrites the owner of the fields.
    let mut m = Managed::of(&live).unwrap();
    m.0[0].manager = "kubectl".into();
    m.0[0].operation = Operation::Apply;
    let rewritten = with_managed(live.clone(), &m);
    let after = update(
        Some(&live),
        &rewritten,
        &writer("kubectl-client-side-apply"),
    );
    assert_eq!(after.0.len(), 1);
    assert_eq!(after.0[0].manager, "kubectl");
}

#[test]
fn last_applied_fields_are_those_with_unchanged_values() {
    let mut live = deployment(1, "nginx:1");
    let last = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 1, "paused": false}});
    live["metadata"]["annotations"] =
        json!({"kubectl.kubernetes.io/last-applied-configuration": last.to_string()});
    let set = last_applied_fields(&live, Schema::served("apps", "v1", "Deployment")).unwrap();
    let p: Vec<String> = set.paths().iter().map(ToString::to_string).collect();
    assert!(p.contains(&".spec.replicas".to_string()));
    assert!(
        !p.contains(&".spec.paused".to_string()),
        "live has no paused: the annotation no longer accounts for it"
    );
}

#[test]
fn managed_fields_sort_applies_first_then_by_time() {
    let m = Managed(vec![
        Entry {
            manager: "b".into(),
            operation: Operation::Update,
            api_version: "v1".into(),
            time: Some("2".into()),
            subresource: String::new(),
            fields: Set::new(),
        },
        Entry {
            manager: "a".into(),
            operation: Operation::Apply,
            api_version: "v1".into(),
            time: Some("3".into()),
            subresource: String::new(),
            fields: Set::new(),
        },
    ]);
    let v = m.to_value();
    assert_eq!(v[0]["manager"], json!("a"));
    assert_eq!(
        Managed::of(&json!({"metadata": {"managedFields": v}}))
            .unwrap()
            .0
            .len(),
        2
    );
}
