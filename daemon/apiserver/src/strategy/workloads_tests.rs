//! apps/v1 workloads and ReplicationControllers: defaults, at least ten invalid objects per
//! kind with upstream's messages, and the update rules.

use rk_api::resources::ResourceInfo;
use serde_json::{Value, json};

use crate::strategy::{apply_defaults, validate, validate_update};

fn resource(group: &str, plural: &str) -> &'static ResourceInfo {
    rk_api::resources::find(group, "v1", plural).unwrap()
}

fn base(kind: &str) -> Value {
    let template = json!({"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "nginx"}]}});
    match kind {
        "ReplicationController" => {
            json!({"apiVersion": "v1", "kind": kind, "metadata": {"name": "web", "namespace": "default"},
                                          "spec": {"selector": {"app": "web"}, "template": template}})
        }
        _ => {
            json!({"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": "web", "namespace": "default"},
                    "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": template}})
        }
    }
}

fn defaulted(r: &ResourceInfo, kind: &str, patch: &Value) -> Value {
    let mut obj = base(kind);
    json_patch::merge(&mut obj, patch);
    apply_defaults(r, &mut obj);
    obj
}

fn errors(r: &ResourceInfo, kind: &str, patch: &Value) -> Vec<String> {
    validate(r, &defaulted(r, kind, patch))
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Every case must produce exactly the listed messages.
fn check(group: &str, plural: &str, kind: &str, cases: &[(Value, &[&str])]) {
    let r = resource(group, plural);
    assert!(
        errors(r, kind, &json!({})).is_empty(),
        "the base {kind} is valid: {:?}",
        errors(r, kind, &json!({}))
    );
    for (patch, want) in cases {
        assert_eq!(errors(r, kind, patch), *want, "{kind} {patch}");
    }
}

fn template_spec(spec: Value) -> Value {
    json!({"spec": {"template": {"spec": spec}}})
}

const MISMATCH: &str = "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`";
macro_rules! label_msg {
    () => {
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    };
}

/// Pod template errors every template-validating controller shares.
fn template_cases() -> Vec<(Value, &'static [&'static str])> {
    vec![
        (
            template_spec(json!({"containers": []})),
            &["spec.template.spec.containers: Required value"],
        ),
        (
            template_spec(json!({"containers": [{"name": "web"}]})),
            &["spec.template.spec.containers[0].image: Required value"],
        ),
        (
            template_spec(
                json!({"containers": [{"name": "web", "image": "a"}, {"name": "web", "image": "b"}]}),
            ),
            &["spec.template.spec.containers[1].name: Duplicate value: \"web\""],
        ),
        (
            template_spec(json!({"restartPolicy": "Never"})),
            &[
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
            ],
        ),
        (
            template_spec(
                json!({"containers": [{"name": "web", "image": "a", "ports": [{"containerPort": -1}]}]}),
            ),
            &[
                "spec.template.spec.containers[0].ports[0].containerPort: Invalid value: -1: must be between 1 and 65535, inclusive",
            ],
        ),
        (
            template_spec(
                json!({"containers": [{"name": "web", "image": "a", "resources": {"limits": {"memory": "1.5.5"}}}]}),
            ),
            &[
                "spec.template.spec.containers[0].resources.limits[memory]: Invalid value: \"1.5.5\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            ],
        ),
        (
            template_spec(
                json!({"containers": [{"name": "web", "image": "a", "env": [{"name": "", "value": "x"}]}]}),
            ),
            &["spec.template.spec.containers[0].env[0].name: Required value"],
        ),
        (
            template_spec(json!({"volumes": [{"name": "v"}, {"name": "v"}]})),
            &["spec.template.spec.volumes[1].name: Duplicate value: \"v\""],
        ),
        (
            template_spec(
                json!({"containers": [{"name": "web", "image": "a", "startupProbe": {"exec": {"command": ["true"]}, "grpc": {"port": 9000}}}]}),
            ),
            &[
                "spec.template.spec.containers[0].startupProbe.grpc: Forbidden: may not specify more than 1 handler type",
            ],
        ),
    ]
}

#[test]
fn deployments_get_kubernetes_defaults() {
    let d = defaulted(resource("apps", "deployments"), "Deployment", &json!({}));
    assert_eq!(d["spec"]["replicas"], 1);
    assert_eq!(d["spec"]["revisionHistoryLimit"], 10);
    assert_eq!(d["spec"]["progressDeadlineSeconds"], 600);
    assert_eq!(
        d["spec"]["strategy"],
        json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}})
    );
    assert_eq!(
        d["spec"]["template"]["metadata"],
        json!({"creationTimestamp": null, "labels": {"app": "web"}})
    );
    assert_eq!(d["spec"]["template"]["spec"]["dnsPolicy"], "ClusterFirst");
    assert!(
        d["spec"]["template"]["spec"]
            .get("enableServiceLinks")
            .is_none(),
        "pod-only default"
    );
    let recreate = defaulted(
        resource("apps", "deployments"),
        "Deployment",
        &json!({"spec": {"strategy": {"type": "Recreate"}}}),
    );
    assert_eq!(recreate["spec"]["strategy"], json!({"type": "Recreate"}));
}

#[test]
fn invalid_deployments_get_kubernetes_messages() {
    let mut cases: Vec<(Value, &[&str])> = vec![
        (
            json!({"spec": {"replicas": -1}}),
            &["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"selector": null}}),
            &["spec.selector: Required value", MISMATCH],
        ),
        (
            json!({"spec": {"selector": {"matchLabels": {"app": "other"}}}}),
            &[MISMATCH],
        ),
        (
            json!({"spec": {"selector": {"matchLabels": null}}}),
            &[
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
            ],
        ),
        (
            json!({"spec": {"strategy": {"type": "Fast"}}}),
            &[
                "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"Fast\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\"",
            ],
        ),
        (
            json!({"spec": {"strategy": {"rollingUpdate": {"maxUnavailable": "110%"}}}}),
            &[
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"110%\": must not be greater than 100%",
            ],
        ),
        (
            json!({"spec": {"strategy": {"rollingUpdate": {"maxUnavailable": 0, "maxSurge": 0}}}}),
            &[
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
            ],
        ),
        (
            json!({"spec": {"strategy": {"rollingUpdate": {"maxSurge": "x%"}}}}),
            &[
                "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"x%\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
            ],
        ),
        (
            json!({"spec": {"strategy": {"type": "Recreate", "rollingUpdate": {"maxSurge": 1}}}}),
            &[
                "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
            ],
        ),
        (
            json!({"spec": {"minReadySeconds": 10, "progressDeadlineSeconds": 5}}),
            &[
                "spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds",
            ],
        ),
        (
            json!({"spec": {"revisionHistoryLimit": -1}}),
            &["spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            template_spec(json!({"activeDeadlineSeconds": 10})),
            &[
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
            ],
        ),
        (
            template_spec(json!({"containers": [{"name": "Web", "image": "a"}]})),
            &[concat!(
                "spec.template.spec.containers[0].name: Invalid value: \"Web\": ",
                label_msg!()
            )],
        ),
    ];
    cases.extend(template_cases());
    check("apps", "deployments", "Deployment", &cases);
}

#[test]
fn invalid_replica_sets_get_kubernetes_messages() {
    let mut cases: Vec<(Value, &[&str])> = vec![
        (
            json!({"spec": {"replicas": -2}}),
            &["spec.replicas: Invalid value: -2: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"minReadySeconds": -1}}),
            &["spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"selector": null}}),
            &["spec.selector: Required value", MISMATCH],
        ),
        (
            json!({"spec": {"selector": {"matchLabels": {"app": "db"}}}}),
            &[MISMATCH],
        ),
        (
            json!({"spec": {"selector": {"matchLabels": null}}}),
            &[
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
            ],
        ),
        (
            json!({"spec": {"selector": {"matchExpressions": [{"key": "app", "operator": "Has"}]}}}),
            &[
                "spec.selector.matchExpressions[0].operator: Invalid value: \"Has\": not a valid selector operator",
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", Operator:\"Has\", Values:[]string(nil)}}}: invalid label selector",
            ],
        ),
    ];
    cases.extend(template_cases());
    check("apps", "replicasets", "ReplicaSet", &cases);
}

#[test]
fn stateful_sets_get_kubernetes_defaults() {
    let s = defaulted(
        resource("apps", "statefulsets"),
        "StatefulSet",
        &json!({"spec": {"volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1024Mi"}}}}]}}),
    );
    let spec = &s["spec"];
    assert_eq!(spec["podManagementPolicy"], "OrderedReady");
    assert_eq!(
        spec["updateStrategy"],
        json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
    );
    assert_eq!(
        spec["persistentVolumeClaimRetentionPolicy"],
        json!({"whenDeleted": "Retain", "whenScaled": "Retain"})
    );
    assert_eq!(
        (
            spec["replicas"].clone(),
            spec["revisionHistoryLimit"].clone()
        ),
        (json!(1), json!(10))
    );
    assert_eq!(
        spec["volumeClaimTemplates"][0],
        json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data", "creationTimestamp": null},
               "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "volumeMode": "Filesystem"},
               "status": {"phase": "Pending"}})
    );
}

#[test]
fn invalid_stateful_sets_get_kubernetes_messages() {
    let cases: Vec<(Value, &[&str])> = vec![
        (
            json!({"spec": {"replicas": -1}}),
            &["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"selector": null}}),
            &["spec.selector: Required value", MISMATCH],
        ),
        (
            json!({"spec": {"selector": {"matchLabels": {"app": "db"}}}}),
            &[MISMATCH],
        ),
        (
            json!({"spec": {"selector": {"matchLabels": null}}}),
            &[
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset",
            ],
        ),
        (
            json!({"spec": {"podManagementPolicy": "Sometimes"}}),
            &[
                "spec.podManagementPolicy: Invalid value: \"Sometimes\": must be 'OrderedReady' or 'Parallel'",
            ],
        ),
        (
            json!({"spec": {"updateStrategy": {"type": "Never"}}}),
            &[
                "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Never\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'",
            ],
        ),
        (
            json!({"spec": {"updateStrategy": {"type": "OnDelete", "rollingUpdate": {"partition": 1}}}}),
            &[
                "spec.updateStrategy.rollingUpdate: Invalid value: {\"partition\":1}: only allowed for updateStrategy 'RollingUpdate'",
            ],
        ),
        (
            json!({"spec": {"updateStrategy": {"rollingUpdate": {"partition": -1}}}}),
            &[
                "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
            ],
        ),
        (
            json!({"spec": {"persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Keep"}}}),
            &[
                "spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\"",
            ],
        ),
        (
            json!({"spec": {"minReadySeconds": -1}}),
            &["spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"ordinals": {"start": -1}}}),
            &["spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            template_spec(json!({"restartPolicy": "OnFailure"})),
            &[
                "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
            ],
        ),
        (
            template_spec(json!({"activeDeadlineSeconds": 5})),
            &[
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported",
            ],
        ),
        (
            json!({"spec": {"selector": {"matchLabels": {"app": "x!"}}, "template": {"metadata": {"labels": {"app": "x!"}}}}}),
            &[
                "spec.selector.matchLabels: Invalid value: \"x!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"x!\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}",
            ],
        ),
        // Upstream leaves the pod template's spec to pod creation (kubernetes/kubernetes#137728).
        (template_spec(json!({"containers": [{"name": "web"}]})), &[]),
    ];
    check("apps", "statefulsets", "StatefulSet", &cases);
}

#[test]
fn daemon_sets_get_kubernetes_defaults() {
    let d = defaulted(resource("apps", "daemonsets"), "DaemonSet", &json!({}));
    assert_eq!(
        d["spec"]["updateStrategy"],
        json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}})
    );
    assert_eq!(d["spec"]["revisionHistoryLimit"], 10);
}

#[test]
fn invalid_daemon_sets_get_kubernetes_messages() {
    let mut cases: Vec<(Value, &[&str])> = vec![
        // DaemonSets do not require a selector upstream; a missing one selects nothing.
        (json!({"spec": {"selector": null}}), &[MISMATCH]),
        (
            json!({"spec": {"selector": {"matchLabels": {"app": "db"}}}}),
            &[MISMATCH],
        ),
        (
            json!({"spec": {"selector": {"matchLabels": null}}}),
            &[
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset",
            ],
        ),
        (
            json!({"spec": {"updateStrategy": {"type": "Sometimes"}}}),
            &[
                "spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:\"Sometimes\", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: \"RollingUpdate\", \"OnDelete\"",
            ],
        ),
        (
            json!({"spec": {"updateStrategy": {"rollingUpdate": {"maxUnavailable": 0}}}}),
            &[
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
            ],
        ),
        (
            json!({"spec": {"updateStrategy": {"rollingUpdate": {"maxSurge": 1}}}}),
            &[
                "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero",
            ],
        ),
        (
            json!({"spec": {"updateStrategy": {"rollingUpdate": {"maxUnavailable": "200%"}}}}),
            &[
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"200%\": must not be greater than 100%",
            ],
        ),
        (
            json!({"spec": {"minReadySeconds": -5}}),
            &["spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"revisionHistoryLimit": -1}}),
            &["spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            template_spec(json!({"activeDeadlineSeconds": 5})),
            &[
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported",
            ],
        ),
    ];
    cases.extend(template_cases());
    check("apps", "daemonsets", "DaemonSet", &cases);
}

#[test]
fn replication_controllers_take_their_selector_from_the_template() {
    let r = resource("", "replicationcontrollers");
    let rc = defaulted(
        r,
        "ReplicationController",
        &json!({"spec": {"selector": null}}),
    );
    assert_eq!(rc["spec"]["selector"], json!({"app": "web"}));
    assert_eq!(rc["metadata"]["labels"], json!({"app": "web"}));
    assert_eq!(rc["spec"]["replicas"], 1);
    let mut cases: Vec<(Value, &[&str])> = vec![
        (
            json!({"spec": {"replicas": -1}}),
            &["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (json!({"spec": {"selector": {"app": "db"}}}), &[MISMATCH]),
        (
            json!({"spec": {"template": null, "selector": {"app": "web"}}}),
            &["spec.template: Required value"],
        ),
        (
            template_spec(json!({"activeDeadlineSeconds": 5})),
            &[
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported",
            ],
        ),
    ];
    cases.extend(template_cases());
    check(
        "",
        "replicationcontrollers",
        "ReplicationController",
        &cases,
    );
}

fn update_errors(group: &str, plural: &str, kind: &str, patch: Value) -> Vec<String> {
    let r = resource(group, plural);
    let old = defaulted(r, kind, &json!({}));
    let mut new = old.clone();
    json_patch::merge(&mut new, &patch);
    apply_defaults(r, &mut new);
    validate_update(r, &old, &new)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn selectors_are_immutable() {
    let relabel = json!({"spec": {"selector": {"matchLabels": {"app": "v2"}}, "template": {"metadata": {"labels": {"app": "v2"}}}}});
    for (plural, kind) in [
        ("deployments", "Deployment"),
        ("replicasets", "ReplicaSet"),
        ("daemonsets", "DaemonSet"),
    ] {
        assert_eq!(
            update_errors("apps", plural, kind, relabel.clone()),
            vec![
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"v2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
            ],
            "{kind}"
        );
        assert!(update_errors("apps", plural, kind, json!({"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:2"}]}}}})).is_empty());
    }
}

#[test]
fn stateful_sets_change_only_what_upstream_allows() {
    let forbidden = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    assert_eq!(
        update_errors(
            "apps",
            "statefulsets",
            "StatefulSet",
            json!({"spec": {"serviceName": "other"}})
        ),
        vec![forbidden]
    );
    assert_eq!(
        update_errors(
            "apps",
            "statefulsets",
            "StatefulSet",
            json!({"spec": {"podManagementPolicy": "Parallel"}})
        ),
        vec![forbidden]
    );
    assert!(
        update_errors(
            "apps",
            "statefulsets",
            "StatefulSet",
            json!({"spec": {"replicas": 5, "minReadySeconds": 3}})
        )
        .is_empty()
    );
}
