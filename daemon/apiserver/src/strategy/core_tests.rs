//! ConfigMaps, Secrets, Namespaces, PVCs, LimitRanges, ResourceQuotas and Events.

use rk_api::resources::ResourceInfo;
use serde_json::{Value, json};

use crate::strategy::{apply_defaults, validate, validate_update};

fn resource(group: &str, plural: &str) -> &'static ResourceInfo {
    rk_api::resources::find(group, "v1", plural).unwrap()
}

fn errors(r: &ResourceInfo, mut obj: Value) -> Vec<String> {
    apply_defaults(r, &mut obj);
    validate(r, &obj).iter().map(ToString::to_string).collect()
}

fn update_errors(r: &ResourceInfo, mut old: Value, mut new: Value) -> Vec<String> {
    apply_defaults(r, &mut old);
    apply_defaults(r, &mut new);
    validate_update(r, &old, &new)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn config_maps_check_keys_and_immutability() {
    let r = resource("", "configmaps");
    let cm = |data: Value| json!({"metadata": {"name": "c"}, "data": data});
    assert!(errors(r, cm(json!({"a.conf": "x"}))).is_empty());
    assert_eq!(
        errors(r, cm(json!({"bad key": "x"}))),
        vec![
            "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
        ]
    );
    assert_eq!(
        errors(
            r,
            json!({"metadata": {"name": "c"}, "data": {"k": "x"}, "binaryData": {"k": "eA=="}})
        ),
        vec!["data[k]: Invalid value: \"k\": duplicate of key present in binaryData"]
    );
    let mut frozen = cm(json!({"a": "1"}));
    frozen["immutable"] = json!(true);
    let mut changed = frozen.clone();
    changed["data"]["a"] = json!("2");
    assert_eq!(
        update_errors(r, frozen.clone(), changed),
        vec!["data: Forbidden: field is immutable when `immutable` is set"]
    );
    let mut thawed = frozen.clone();
    thawed["immutable"] = json!(false);
    assert_eq!(
        update_errors(r, frozen, thawed),
        vec!["immutable: Forbidden: field is immutable when `immutable` is set"]
    );
}

#[test]
fn secrets_default_their_type_fold_string_data_and_need_base64() {
    let r = resource("", "secrets");
    let mut s = json!({"metadata": {"name": "s"}, "stringData": {"user": "admin"}, "data": {"pass": "c2VjcmV0"}});
    apply_defaults(r, &mut s);
    assert_eq!(
        s,
        json!({"metadata": {"name": "s"}, "type": "Opaque", "data": {"pass": "c2VjcmV0", "user": "YWRtaW4="}})
    );
    assert_eq!(
        errors(
            r,
            json!({"metadata": {"name": "s"}, "data": {"pass": "not base64!"}})
        ),
        vec![
            "data[pass]: Invalid value: \"<secret contents redacted>\": illegal base64 data at input byte 3"
        ]
    );
    assert_eq!(
        errors(
            r,
            json!({"metadata": {"name": "s"}, "type": "kubernetes.io/tls", "data": {"tls.crt": "eA=="}})
        ),
        vec!["data[tls.key]: Required value"]
    );
    assert_eq!(
        errors(
            r,
            json!({"metadata": {"name": "s"}, "type": "kubernetes.io/service-account-token"})
        ),
        vec!["metadata.annotations[kubernetes.io/service-account.name]: Required value"]
    );
    let old = json!({"metadata": {"name": "s"}, "immutable": true, "data": {"a": "eA=="}});
    let mut retyped = old.clone();
    retyped["type"] = json!("kubernetes.io/basic-auth");
    retyped["data"]["username"] = json!("eA==");
    assert_eq!(
        update_errors(r, old, retyped),
        vec![
            "type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable",
            "data: Forbidden: field is immutable when `immutable` is set"
        ]
    );
}

#[test]
fn namespaces_get_their_name_label_and_checked_finalizers() {
    let r = resource("", "namespaces");
    let mut ns = json!({"metadata": {"name": "team-a"}});
    apply_defaults(r, &mut ns);
    assert_eq!(
        ns["metadata"]["labels"],
        json!({"kubernetes.io/metadata.name": "team-a"})
    );
    assert_eq!(
        errors(
            r,
            json!({"metadata": {"name": "x"}, "spec": {"finalizers": ["custom"]}})
        ),
        vec![
            "spec.finalizers: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified"
        ]
    );
    assert_eq!(
        errors(
            r,
            json!({"metadata": {"name": "x", "finalizers": ["bogus"]}})
        ),
        vec![
            "metadata.finalizers[0]: Invalid value: \"bogus\": name is neither a standard finalizer name nor is it fully qualified"
        ]
    );
}

#[test]
fn claims_get_defaults_and_kubernetes_messages() {
    let r = resource("", "persistentvolumeclaims");
    let pvc = |spec: Value| json!({"metadata": {"name": "data"}, "spec": spec});
    let mut ok = pvc(
        json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1024Mi"}}}),
    );
    apply_defaults(r, &mut ok);
    assert_eq!(ok["spec"]["volumeMode"], "Filesystem");
    assert_eq!(ok["spec"]["resources"]["requests"]["storage"], "1Gi");
    assert_eq!(ok["status"], json!({"phase": "Pending"}));
    assert!(validate(r, &ok).is_empty());
    assert_eq!(
        errors(
            r,
            pvc(json!({"resources": {"requests": {"storage": "1Gi"}}}))
        ),
        vec!["spec.accessModes: Required value: at least 1 access mode is required"]
    );
    assert_eq!(
        errors(r, pvc(json!({"accessModes": ["ReadWriteOnce"]}))),
        vec!["spec.resources[storage]: Required value"]
    );
    assert_eq!(
        errors(
            r,
            pvc(
                json!({"accessModes": ["ReadWriteSometimes"], "resources": {"requests": {"storage": "0"}}})
            )
        ),
        vec![
            "spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
            "spec.resources[storage]: Invalid value: \"0\": must be greater than zero",
        ]
    );
    let mut grown = ok.clone();
    grown["spec"]["resources"]["requests"]["storage"] = json!("2Gi");
    assert_eq!(
        update_errors(r, ok.clone(), grown),
        vec![
            "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"
        ]
    );
    let mut bound = ok.clone();
    bound["spec"]["volumeName"] = json!("pv-1");
    assert!(
        update_errors(r, ok, bound).is_empty(),
        "binding sets the volume name once"
    );
}

#[test]
fn limit_ranges_and_quotas() {
    let lr = resource("", "limitranges");
    let mut range = json!({"metadata": {"name": "l"}, "spec": {"limits": [{"type": "Container", "max": {"cpu": "2"}, "min": {"memory": "64Mi"}}]}});
    apply_defaults(lr, &mut range);
    assert_eq!(range["spec"]["limits"][0]["default"], json!({"cpu": "2"}));
    assert_eq!(
        range["spec"]["limits"][0]["defaultRequest"],
        json!({"cpu": "2", "memory": "64Mi"})
    );
    assert_eq!(
        errors(
            lr,
            json!({"metadata": {"name": "l"}, "spec": {"limits": [{"type": "Container", "min": {"cpu": "2"}, "max": {"cpu": "1"}}]}})
        ),
        // The defaults come from max first (as upstream), so they trip the min too.
        vec![
            "spec.limits[0].min[cpu]: Invalid value: \"2\": min value 2 is greater than max value 1",
            "spec.limits[0].defaultRequest[cpu]: Invalid value: \"1\": min value 2 is greater than default request value 1",
            "spec.limits[0].default[cpu]: Invalid value: \"2\": min value 2 is greater than default value 1",
        ]
    );
    assert_eq!(
        errors(
            lr,
            json!({"metadata": {"name": "l"}, "spec": {"limits": [{"type": "Pod", "default": {"cpu": "1"}}]}})
        ),
        vec!["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"]
    );
    let rq = resource("", "resourcequotas");
    assert_eq!(
        errors(
            rq,
            json!({"metadata": {"name": "q"}, "spec": {"hard": {"pods": "1.5", "widgets": "3"}}})
        ),
        vec![
            "spec.hard[pods]: Invalid value: \"1500m\": must be an integer",
            "spec.hard[widgets]: Invalid value: \"widgets\": must be a standard resource type or fully qualified",
        ]
    );
    assert_eq!(
        errors(
            rq,
            json!({"metadata": {"name": "q"}, "spec": {"scopes": ["BestEffort", "NotBestEffort"]}})
        ),
        vec![
            "spec.scopes: Invalid value: []core.ResourceQuotaScope{\"BestEffort\", \"NotBestEffort\"}: conflicting scopes"
        ]
    );
}

#[test]
fn events_must_match_their_namespace() {
    let ev = resource("", "events");
    assert!(errors(ev, json!({"metadata": {"name": "e", "namespace": "a"}, "involvedObject": {"namespace": "a"}})).is_empty());
    assert_eq!(
        errors(
            ev,
            json!({"metadata": {"name": "e", "namespace": "a"}, "involvedObject": {"namespace": "b"}})
        ),
        vec!["involvedObject.namespace: Invalid value: \"b\": does not match event.namespace"]
    );
    let v1 = resource("events.k8s.io", "events");
    assert_eq!(
        errors(
            v1,
            json!({"metadata": {"name": "e"}, "type": "Normal", "reportingController": "c", "reportingInstance": "i", "action": "A", "reason": "R"})
        ),
        vec!["eventTime: Required value"]
    );
}
