//! Services: defaults (without IP allocation), validation messages, the cluster IP rule.

use rk_api::resources::ResourceInfo;
use serde_json::{Value, json};

use crate::strategy::{apply_defaults, validate, validate_update};

fn services() -> &'static ResourceInfo {
    rk_api::resources::find("", "v1", "services").unwrap()
}

fn base() -> Value {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"},
           "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}})
}

fn defaulted(patch: &Value) -> Value {
    let mut obj = base();
    json_patch::merge(&mut obj, patch);
    apply_defaults(services(), &mut obj);
    obj
}

fn errors(patch: &Value) -> Vec<String> {
    validate(services(), &defaulted(patch))
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn services_get_kubernetes_defaults_but_no_cluster_ip() {
    let s = defaulted(&json!({}));
    assert_eq!(
        s["spec"],
        json!({"selector": {"app": "web"}, "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
               "type": "ClusterIP", "sessionAffinity": "None", "internalTrafficPolicy": "Cluster",
               "ipFamilyPolicy": "SingleStack", "ipFamilies": ["IPv4"]})
    );
    assert_eq!(s["status"], json!({"loadBalancer": {}}));
    let lb = defaulted(&json!({"spec": {"type": "LoadBalancer", "sessionAffinity": "ClientIP"}}));
    assert_eq!(lb["spec"]["externalTrafficPolicy"], "Cluster");
    assert_eq!(lb["spec"]["allocateLoadBalancerNodePorts"], true);
    assert_eq!(
        lb["spec"]["sessionAffinityConfig"],
        json!({"clientIP": {"timeoutSeconds": 10800}})
    );
    let headless = defaulted(&json!({"spec": {"clusterIP": "None", "selector": null}}));
    assert_eq!(headless["spec"]["ipFamilyPolicy"], "RequireDualStack");
    let external = defaulted(
        &json!({"spec": {"type": "ExternalName", "externalName": "example.com", "ports": null}}),
    );
    assert!(
        external["spec"].get("ipFamilies").is_none()
            && external["spec"].get("internalTrafficPolicy").is_none()
    );
    assert!(validate(services(), &external).is_empty());
}

#[test]
fn invalid_services_get_kubernetes_messages() {
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({"spec": {"ports": null}}),
            vec!["spec.ports: Required value"],
        ),
        (
            json!({"spec": {"ports": [{"port": 0}]}}),
            // targetPort defaults to the port, so it is reported too, as upstream.
            vec![
                "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
            ],
        ),
        (
            json!({"spec": {"ports": [{"port": 80}, {"port": 81}]}}),
            vec![
                "spec.ports[0].name: Required value",
                "spec.ports[1].name: Required value",
            ],
        ),
        (
            json!({"spec": {"ports": [{"port": 80, "protocol": "ICMP"}]}}),
            vec![
                "spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            ],
        ),
        (
            json!({"spec": {"type": "Balanced"}}),
            vec![
                "spec.type: Unsupported value: \"Balanced\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
            ],
        ),
        (
            json!({"spec": {"ports": [{"port": 80, "nodePort": 30080}]}}),
            vec!["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
        ),
        (
            json!({"spec": {"ports": [{"port": 80, "name": "a"}, {"port": 80, "name": "b"}]}}),
            vec!["spec.ports[1]: Duplicate value: {\"port\":80,\"protocol\":\"TCP\"}"],
        ),
        (
            json!({"spec": {"type": "ExternalName", "ports": null}}),
            vec!["spec.externalName: Required value"],
        ),
        (
            json!({"spec": {"sessionAffinity": "Cookie"}}),
            vec![
                "spec.sessionAffinity: Unsupported value: \"Cookie\": supported values: \"ClientIP\", \"None\"",
            ],
        ),
        (
            json!({"spec": {"externalTrafficPolicy": "Local"}}),
            vec![
                "spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services",
            ],
        ),
        (
            json!({"spec": {"type": "NodePort", "clusterIP": "None"}}),
            vec![
                "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services",
            ],
        ),
        (
            json!({"spec": {"ports": [{"port": 80, "targetPort": "HTTP"}]}}),
            vec![
                "spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain at least one letter (a-z)",
            ],
        ),
        (
            json!({"spec": {"loadBalancerSourceRanges": ["10.0.0.0/8"]}}),
            vec![
                "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
            ],
        ),
    ];
    for (patch, want) in cases {
        assert_eq!(errors(&patch), want, "{patch}");
    }
}

#[test]
fn the_allocated_cluster_ip_may_not_change() {
    let old =
        defaulted(&json!({"spec": {"clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"]}}));
    let mut moved = old.clone();
    moved["spec"]["clusterIP"] = json!("10.96.0.11");
    moved["spec"]["clusterIPs"] = json!(["10.96.0.11"]);
    let errs: Vec<String> = validate_update(services(), &old, &moved)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errs,
        vec![
            "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.11\"}: may not change once set"
        ]
    );
    let mut relabelled = old.clone();
    relabelled["metadata"]["labels"] = json!({"a": "b"});
    assert!(validate_update(services(), &old, &relabelled).is_empty());
    let mut omitted = old.clone();
    omitted["spec"]
        .as_object_mut()
        .unwrap()
        .retain(|k, _| !k.starts_with("clusterIP"));
    assert!(
        validate_update(services(), &old, &omitted).is_empty(),
        "the allocator keeps the old IPs"
    );
}
