//! The Table as a whole: its JSON shape, the dispatch by resource, and column invariants that
//! hold for every printer.

use serde_json::{Value, json};

use super::*;

/// 2024-05-01T12:00:00Z.
const NOW: i64 = 1_714_564_800;

/// Every resource with its own printer.
const PRINTED: &[(&str, &str)] = &[
    ("", "pods"),
    ("", "podtemplates"),
    ("", "replicationcontrollers"),
    ("apps", "replicasets"),
    ("apps", "deployments"),
    ("apps", "statefulsets"),
    ("apps", "daemonsets"),
    ("apps", "controllerrevisions"),
    ("batch", "jobs"),
    ("batch", "cronjobs"),
    ("", "services"),
    ("", "endpoints"),
    ("discovery.k8s.io", "endpointslices"),
    ("networking.k8s.io", "ingresses"),
    ("networking.k8s.io", "ingressclasses"),
    ("networking.k8s.io", "networkpolicies"),
    ("", "nodes"),
    ("", "namespaces"),
    ("", "configmaps"),
    ("", "secrets"),
    ("", "serviceaccounts"),
    ("", "events"),
    ("events.k8s.io", "events"),
    ("", "persistentvolumes"),
    ("", "persistentvolumeclaims"),
    ("", "resourcequotas"),
    ("rbac.authorization.k8s.io", "rolebindings"),
    ("rbac.authorization.k8s.io", "clusterrolebindings"),
    ("coordination.k8s.io", "leases"),
    ("scheduling.k8s.io", "priorityclasses"),
    ("storage.k8s.io", "storageclasses"),
    ("policy", "poddisruptionbudgets"),
    ("autoscaling", "horizontalpodautoscalers"),
];

fn names(columns: &[Column]) -> Vec<&str> {
    columns.iter().map(|c| c.name.as_ref()).collect()
}

fn pod(name: &str, phase: &str) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "shop", "uid": "0b5e", "resourceVersion": "41",
                     "labels": {"app": "web"}, "creationTimestamp": "2024-05-01T11:00:00Z"},
        "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}], "nodeName": "node-1"},
        "status": {"phase": phase}
    })
}

#[test]
fn a_table_is_meta_v1_with_partial_object_metadata_rows() {
    let t = table(
        "",
        "pods",
        &[pod("web-1", "Running")],
        "42",
        Some("eyJ2IjoxfQ"),
        true,
        NOW,
    );
    assert_eq!(t["kind"], "Table");
    assert_eq!(t["apiVersion"], "meta.k8s.io/v1");
    assert_eq!(
        t["metadata"],
        json!({"resourceVersion": "42", "continue": "eyJ2IjoxfQ"})
    );
    assert_eq!(t["columnDefinitions"].as_array().unwrap().len(), 9);
    assert_eq!(
        t["columnDefinitions"][0],
        json!({"name": "Name", "type": "string", "format": "name", "description": docs::NAME, "priority": 0})
    );
    let row = &t["rows"][0];
    assert_eq!(
        row["cells"],
        json!([
            "web-1", "0/1", "Running", "0", "60m", "<none>", "node-1", "<none>", "<none>"
        ])
    );
    assert_eq!(
        row["object"],
        json!({
            "kind": "PartialObjectMetadata",
            "apiVersion": "meta.k8s.io/v1",
            "metadata": {"name": "web-1", "namespace": "shop", "uid": "0b5e", "resourceVersion": "41",
                         "labels": {"app": "web"}, "creationTimestamp": "2024-05-01T11:00:00Z"}
        })
    );
    assert!(row.get("conditions").is_none());
}

#[test]
fn watch_events_after_the_first_carry_no_column_definitions() {
    let t = table(
        "apps",
        "deployments",
        &[json!({"metadata": {"name": "web"}})],
        "43",
        None,
        false,
        NOW,
    );
    // Upstream serialises the nil slice: the member is there, and null.
    assert_eq!(t["columnDefinitions"], Value::Null);
    assert_eq!(t["metadata"], json!({"resourceVersion": "43"}));
    assert_eq!(t["rows"].as_array().unwrap().len(), 1);
}

#[test]
fn an_empty_list_is_a_table_without_rows() {
    let t = table("", "configmaps", &[], "", Some(""), true, NOW);
    assert_eq!(t["rows"], json!([]));
    assert_eq!(t["metadata"], json!({}));
    assert_eq!(names(&columns("", "configmaps")), ["Name", "Data", "Age"]);
}

#[test]
fn rows_of_finished_pods_carry_the_completed_condition() {
    let t = table(
        "",
        "pods",
        &[pod("ok", "Succeeded"), pod("bad", "Failed")],
        "7",
        None,
        true,
        NOW,
    );
    assert_eq!(t["rows"][0]["conditions"][0]["reason"], "Succeeded");
    assert_eq!(t["rows"][1]["conditions"][0]["message"], "The pod failed.");
}

#[test]
fn pods_have_kubernetes_1_33_columns_with_wide_ones_last() {
    let columns = columns("", "pods");
    assert_eq!(
        names(&columns),
        [
            "Name",
            "Ready",
            "Status",
            "Restarts",
            "Age",
            "IP",
            "Node",
            "Nominated Node",
            "Readiness Gates"
        ]
    );
    let priorities: Vec<i32> = columns.iter().map(|c| c.priority).collect();
    assert_eq!(priorities, [0, 0, 0, 0, 0, 1, 1, 1, 1]);
    assert_eq!(columns[3].type_, "string");
}

#[test]
fn events_lead_with_last_seen_and_keep_name_for_wide_output() {
    let columns = columns("", "events");
    assert_eq!(
        names(&columns),
        [
            "Last Seen",
            "Type",
            "Reason",
            "Object",
            "Subobject",
            "Source",
            "Message",
            "First Seen",
            "Count",
            "Name"
        ]
    );
    let shown: Vec<&str> = columns
        .iter()
        .filter(|c| c.priority == 0)
        .map(|c| c.name.as_ref())
        .collect();
    assert_eq!(shown, ["Last Seen", "Type", "Reason", "Object", "Message"]);
    assert_eq!(columns[9].format, "name");
    assert_eq!(super::columns("events.k8s.io", "events"), columns);
}

#[test]
fn workload_columns_match_upstream() {
    assert_eq!(
        names(&columns("apps", "deployments")),
        [
            "Name",
            "Ready",
            "Up-to-date",
            "Available",
            "Age",
            "Containers",
            "Images",
            "Selector"
        ]
    );
    assert_eq!(
        names(&columns("batch", "jobs")),
        [
            "Name",
            "Status",
            "Completions",
            "Duration",
            "Age",
            "Containers",
            "Images",
            "Selector"
        ]
    );
    assert_eq!(
        names(&columns("batch", "cronjobs")),
        [
            "Name",
            "Schedule",
            "Timezone",
            "Suspend",
            "Active",
            "Last Schedule",
            "Age",
            "Containers",
            "Images",
            "Selector"
        ]
    );
    assert_eq!(
        names(&columns("scheduling.k8s.io", "priorityclasses")),
        ["Name", "Value", "Global-Default", "Age", "PreemptionPolicy"]
    );
    assert!(
        columns("scheduling.k8s.io", "priorityclasses")
            .iter()
            .all(|c| c.priority == 0)
    );
}

#[test]
fn every_printer_names_its_objects_in_a_name_formatted_column() {
    for (group, plural) in PRINTED {
        let columns = columns(group, plural);
        let name_columns: Vec<&Column> = columns.iter().filter(|c| c.format == "name").collect();
        assert_eq!(name_columns.len(), 1, "{group}/{plural}");
        assert_eq!(name_columns[0].name, "Name", "{group}/{plural}");
        if plural != &"events" {
            assert_eq!(
                columns[0].format, "name",
                "{group}/{plural}: Name comes first"
            );
        }
    }
}

#[test]
fn every_row_has_one_cell_per_column_even_for_a_bare_object() {
    let bare = json!({"metadata": {"name": "x"}});
    for (group, plural) in PRINTED.iter().chain(&[
        ("rbac.authorization.k8s.io", "roles"),
        ("example.com", "widgets"),
    ]) {
        assert_eq!(
            cells(group, plural, &bare, NOW).len(),
            columns(group, plural).len(),
            "{group}/{plural}"
        );
    }
}

#[test]
fn resources_without_a_printer_get_upstreams_default_columns() {
    for (group, plural) in [
        ("rbac.authorization.k8s.io", "roles"),
        ("rbac.authorization.k8s.io", "clusterroles"),
        ("", "limitranges"),
    ] {
        let columns = columns(group, plural);
        assert_eq!(names(&columns), ["Name", "Created At"], "{group}/{plural}");
        assert_eq!(columns[1].type_, "date");
    }
    let custom = columns("stable.example.com", "crontabs");
    assert_eq!(names(&custom), ["Name", "Age"]);
    assert_eq!(custom[1].type_, "date");
    assert_eq!(custom[0].description, docs::NAME);
}

#[test]
fn columns_serialise_as_column_definitions() {
    let json = serde_json::to_value(&AGE).unwrap();
    assert_eq!(
        json,
        json!({"name": "Age", "type": "string", "format": "", "description": docs::CREATION_TIMESTAMP, "priority": 0})
    );
    assert_eq!(json, AGE.to_json());
}

#[test]
fn ages_use_the_given_clock() {
    let obj = json!({"metadata": {"name": "cm", "creationTimestamp": "2024-05-01T11:56:40Z"}});
    assert_eq!(cells("", "configmaps", &obj, NOW)[2], "3m20s");
    assert_eq!(human_duration(3 * 86_400 + 7200), "3d2h");
}

#[test]
fn include_object_is_metadata_by_default_and_unknown_values_are_refused() {
    use super::IncludeObject;
    assert_eq!(IncludeObject::from_query(None), Ok(IncludeObject::Metadata));
    assert_eq!(
        IncludeObject::from_query(Some("")),
        Ok(IncludeObject::Metadata)
    );
    assert_eq!(
        IncludeObject::from_query(Some("Metadata")),
        Ok(IncludeObject::Metadata)
    );
    assert_eq!(
        IncludeObject::from_query(Some("None")),
        Ok(IncludeObject::None)
    );
    assert_eq!(
        IncludeObject::from_query(Some("Object")),
        Ok(IncludeObject::Object)
    );
    assert_eq!(
        IncludeObject::from_query(Some("all")),
        Err("unrecognized includeObject value: \"all\"".to_string())
    );
}

#[test]
fn rows_hold_null_the_partial_object_metadata_or_the_object_as_asked() {
    use super::{IncludeObject, Page, table_including};
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "n", "resourceVersion": "5"}, "spec": {"nodeName": "x"}});
    let object = |include| {
        let page = Page {
            resource_version: "5",
            continue_token: None,
            include_column_definitions: true,
            include,
        };
        table_including("", "pods", std::slice::from_ref(&pod), &page, 0)["rows"][0]["object"]
            .clone()
    };
    assert_eq!(object(IncludeObject::None), Value::Null);
    assert_eq!(
        object(IncludeObject::Metadata),
        json!({"apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadata", "metadata": pod["metadata"]})
    );
    assert_eq!(object(IncludeObject::Object), pod);
}
