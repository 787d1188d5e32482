//! Pods: defaults, every validation rule's message, and the update rules.

use rk_api::resources::ResourceInfo;
use serde_json::{Value, json};

use crate::strategy::{apply_defaults, validate, validate_update};

fn pods() -> &'static ResourceInfo {
    rk_api::resources::find("", "v1", "pods").unwrap()
}

fn base() -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "default"},
           "spec": {"containers": [{"name": "web", "image": "busybox"}]}})
}

/// The errors for the base pod with `patch` merged in (after defaulting, as the registry does).
fn errors(patch: Value) -> Vec<String> {
    let mut obj = base();
    json_patch::merge(&mut obj, &patch);
    apply_defaults(pods(), &mut obj);
    validate(pods(), &obj)
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn containers(c: Value) -> Value {
    json!({"spec": {"containers": c}})
}

const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

#[test]
fn a_minimal_pod_gets_kubernetes_defaults() {
    let mut pod = base();
    apply_defaults(pods(), &mut pod);
    assert_eq!(
        pod["spec"],
        json!({
            "containers": [{"name": "web", "image": "busybox", "imagePullPolicy": "Always", "resources": {},
                            "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}],
            "dnsPolicy": "ClusterFirst", "enableServiceLinks": true, "restartPolicy": "Always",
            "schedulerName": "default-scheduler", "securityContext": {}, "terminationGracePeriodSeconds": 30
        })
    );
    assert!(validate(pods(), &pod).is_empty());
}

#[test]
fn requests_default_to_limits_and_quantities_are_canonical() {
    let mut pod = base();
    pod["spec"]["containers"][0]["resources"] =
        json!({"limits": {"cpu": "0.5", "memory": "1024Mi"}, "requests": {"cpu": "100m"}});
    apply_defaults(pods(), &mut pod);
    assert_eq!(
        pod["spec"]["containers"][0]["resources"],
        json!({"limits": {"cpu": "500m", "memory": "1Gi"}, "requests": {"cpu": "100m", "memory": "1Gi"}})
    );
}

#[test]
fn volumes_and_host_network_ports_are_defaulted() {
    let mut pod = base();
    pod["spec"]["hostNetwork"] = json!(true);
    pod["spec"]["containers"][0]["ports"] = json!([{"containerPort": 8080}]);
    pod["spec"]["volumes"] = json!([{"name": "scratch"}, {"name": "cfg", "configMap": {"name": "c"}}, {"name": "h", "hostPath": {"path": "/tmp"}}]);
    apply_defaults(pods(), &mut pod);
    assert_eq!(
        pod["spec"]["containers"][0]["ports"],
        json!([{"containerPort": 8080, "hostPort": 8080, "protocol": "TCP"}])
    );
    assert_eq!(
        pod["spec"]["volumes"],
        json!([{"name": "scratch", "emptyDir": {}}, {"name": "cfg", "configMap": {"name": "c", "defaultMode": 420}},
               {"name": "h", "hostPath": {"path": "/tmp", "type": ""}}])
    );
    assert!(
        validate(pods(), &pod).is_empty(),
        "{:?}",
        validate(pods(), &pod)
    );
}

#[test]
fn invalid_pods_get_kubernetes_messages() {
    let cases: Vec<(Value, Vec<String>)> = vec![
        (containers(json!([])), vec!["spec.containers: Required value".into()]),
        (containers(json!([{"name": "web"}])), vec!["spec.containers[0].image: Required value".into()]),
        (
            containers(json!([{"name": "web", "image": "a"}, {"name": "web", "image": "b"}])),
            vec!["spec.containers[1].name: Duplicate value: \"web\"".into()],
        ),
        (containers(json!([{"name": "Web_1", "image": "a"}])), vec![format!("spec.containers[0].name: Invalid value: \"Web_1\": {LABEL_MSG}")]),
        (containers(json!([{"image": "a"}])), vec!["spec.containers[0].name: Required value".into()]),
        (
            json!({"spec": {"restartPolicy": "Sometimes"}}),
            vec!["spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"".into()],
        ),
        (
            json!({"spec": {"dnsPolicy": "Google"}}),
            vec!["spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "ports": [{"containerPort": 70000}]}])),
            vec!["spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "ports": [{"containerPort": 80, "protocol": "HTTP"}]}])),
            vec!["spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 81, "name": "http"}]}])),
            vec!["spec.containers[0].ports[1].name: Duplicate value: \"http\"".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "resources": {"limits": {"cpu": "abc"}}}])),
            vec!["spec.containers[0].resources.limits[cpu]: Invalid value: \"abc\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "resources": {"requests": {"memory": "-1"}}}])),
            vec!["spec.containers[0].resources.requests[memory]: Invalid value: \"-1\": must be greater than or equal to 0".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "resources": {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}}])),
            vec!["spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "resources": {"limits": {"pods": "1"}}}])),
            // The limit is copied to the requests first, as upstream: both are reported.
            vec![
                "spec.containers[0].resources.limits[pods]: Invalid value: \"pods\": must be a standard resource for containers".into(),
                "spec.containers[0].resources.requests[pods]: Invalid value: \"pods\": must be a standard resource for containers".into(),
            ],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "env": [{"name": "A=B", "value": "x"}]}])),
            vec!["spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "env": [{"value": "x"}]}])),
            vec!["spec.containers[0].env[0].name: Required value".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "env": [{"name": "X", "valueFrom": {}}]}])),
            vec!["spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`".into()],
        ),
        (
            json!({"spec": {"volumes": [{"name": "data"}, {"name": "data"}]}}),
            vec!["spec.volumes[1].name: Duplicate value: \"data\"".into()],
        ),
        (
            json!({"spec": {"volumes": [{"name": "data", "emptyDir": {}, "hostPath": {"path": "/x"}}]}}),
            vec!["spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type".into()],
        ),
        (json!({"spec": {"volumes": [{"emptyDir": {}}]}}), vec!["spec.volumes[0].name: Required value".into()]),
        (
            json!({"spec": {"volumes": [{"name": "s", "secret": {}}]}}),
            vec!["spec.volumes[0].secret.secretName: Required value".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "volumeMounts": [{"name": "data", "mountPath": "/data"}]}])),
            vec!["spec.containers[0].volumeMounts[0].name: Invalid value: \"data\": not found".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "livenessProbe": {"httpGet": {"port": 80}, "tcpSocket": {"port": 80}}}])),
            vec!["spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "readinessProbe": {"periodSeconds": 5}}])),
            vec!["spec.containers[0].readinessProbe: Required value: must specify a handler type".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "livenessProbe": {"exec": {"command": ["true"]}, "successThreshold": 2}}])),
            vec!["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1".into()],
        ),
        (
            containers(json!([{"name": "web", "image": "a", "imagePullPolicy": "Sometimes"}])),
            vec!["spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"".into()],
        ),
        (
            containers(json!([{"name": "web", "image": " busybox"}])),
            vec!["spec.containers[0].image: Invalid value: \" busybox\": must not have leading or trailing whitespace".into()],
        ),
        (
            json!({"spec": {"activeDeadlineSeconds": 0}}),
            vec!["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive".into()],
        ),
        (
            json!({"spec": {"tolerations": [{"operator": "Equal", "value": "x"}]}}),
            vec!["spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"".into()],
        ),
        (
            json!({"metadata": {"labels": {"app": "-bad"}}}),
            vec!["metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')".into()],
        ),
        (
            json!({"spec": {"initContainers": [{"name": "init", "image": "a", "restartPolicy": "Never"}]}}),
            vec!["spec.initContainers[0].restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"".into()],
        ),
        (
            json!({"spec": {"initContainers": [{"name": "web", "image": "a"}]}}),
            vec!["spec.initContainers[0].name: Duplicate value: \"web\"".into()],
        ),
        (
            json!({"spec": {"initContainers": [{"name": "init", "image": "a", "readinessProbe": {"exec": {"command": ["true"]}}}]}}),
            vec!["spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always".into()],
        ),
        (
            json!({"spec": {"securityContext": {"runAsUser": -1}}}),
            vec!["spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 4294967295, inclusive".into()],
        ),
        (
            json!({"spec": {"dnsPolicy": "None"}}),
            vec!["spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None".into()],
        ),
        (json!({"spec": {"nodeName": "Node_1"}}), vec![format!("spec.nodeName: Invalid value: \"Node_1\": {}", crate::strategy::fields::is_dns1123_subdomain("Node_1")[0])]),
    ];
    for (patch, want) in cases {
        assert_eq!(errors(patch.clone()), want, "{patch}");
    }
}

#[test]
fn several_errors_come_in_upstream_order() {
    let got = errors(containers(
        json!([{"name": "Bad_Name", "ports": [{"containerPort": 0}]}]),
    ));
    assert_eq!(
        got,
        vec![
            format!("spec.containers[0].name: Invalid value: \"Bad_Name\": {LABEL_MSG}"),
            "spec.containers[0].image: Required value".to_string(),
            "spec.containers[0].ports[0].containerPort: Required value".to_string(),
        ]
    );
}

fn defaulted(patch: Value) -> Value {
    let mut obj = base();
    json_patch::merge(&mut obj, &patch);
    apply_defaults(pods(), &mut obj);
    obj
}

fn update_errors(old: &Value, patch: Value) -> Vec<String> {
    let mut new = old.clone();
    json_patch::merge(&mut new, &patch);
    apply_defaults(pods(), &mut new);
    validate_update(pods(), old, &new)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_pod_spec_is_fixed_except_images_deadlines_and_added_tolerations() {
    let old = defaulted(
        json!({"spec": {"activeDeadlineSeconds": 100, "tolerations": [{"key": "k", "operator": "Exists"}]}}),
    );
    assert!(update_errors(&old, json!({"metadata": {"labels": {"a": "b"}}})).is_empty());
    let mut new_image = old.clone();
    new_image["spec"]["containers"][0]["image"] = json!("busybox:1.36");
    assert!(validate_update(pods(), &old, &new_image).is_empty());
    assert!(update_errors(&old, json!({"spec": {"activeDeadlineSeconds": 50}})).is_empty());
    assert!(update_errors(&old, json!({"spec": {"tolerations": [{"key": "k", "operator": "Exists"}, {"key": "j", "operator": "Exists"}]}})).is_empty());

    let restart = update_errors(&old, json!({"spec": {"restartPolicy": "Never"}}));
    assert_eq!(restart.len(), 1);
    assert!(
        restart[0].starts_with("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n"),
        "{restart:?}"
    );
    assert!(
        restart[0].contains("- \trestartPolicy: \"Always\","),
        "{restart:?}"
    );
    assert_eq!(
        update_errors(
            &old,
            containers(json!([{"name": "web", "image": "a"}, {"name": "two", "image": "b"}]))
        ),
        vec!["spec.containers: Forbidden: pod updates may not add or remove containers"]
    );
    assert_eq!(
        update_errors(&old, json!({"spec": {"activeDeadlineSeconds": 200}})),
        vec![
            "spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value"
        ]
    );
    assert_eq!(
        update_errors(
            &old,
            json!({"spec": {"tolerations": [{"key": "other", "operator": "Exists"}]}})
        ),
        vec![
            "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"
        ]
    );
}
