//! Field selector tests; upstream's own cases (apimachinery `fields/selector_test.go`) are
//! reproduced where they document an edge.

use std::collections::BTreeMap;

use serde_json::json;

use super::*;

fn parse(s: &str) -> FieldSelector {
    FieldSelector::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
}

fn parse_error(s: &str) -> String {
    match FieldSelector::parse(s) {
        Ok(selector) => panic!("{s:?} should not parse, got {selector}"),
        Err(e) => e.to_string(),
    }
}

fn selects(selector: &str, fields: &[(&str, &str)]) -> bool {
    let fields: BTreeMap<&str, &str> = fields.iter().copied().collect();
    parse(selector).matches(|f| fields.get(f).map(|v| (*v).to_owned()))
}

fn kind_error(selector: &str, kind: &str) -> String {
    parse(selector)
        .validate_for_kind(kind)
        .unwrap_err()
        .to_string()
}

// --- parsing and Display --------------------------------------------------------------------

#[test]
fn empty_selectors_select_everything() {
    for empty in ["", ",", ",,,"] {
        let selector = parse(empty);
        assert!(selector.is_empty(), "{empty:?}");
        assert!(selector.matches(|_| Some("x".to_owned())));
        assert_eq!(selector.to_string(), "");
    }
}

#[test]
fn display_round_trips_upstream_good_strings() {
    for good in ["x=a,y=b,z=c", "", "x!=a,y=b", r"x=a||y\=b", r"x=a\=\=b"] {
        assert_eq!(parse(good).to_string(), good, "{good:?}");
    }
}

#[test]
fn terms_are_sorted_as_text() {
    assert_eq!(parse("x=a,a=x").to_string(), "a=x,x=a");
    assert_eq!(parse("x=a,a=x"), parse("a=x,x=a"));
}

#[test]
fn double_equals_is_equals_and_prints_as_equals() {
    let selector = parse("a==b");
    assert_eq!(selector.requirements()[0].operator(), FieldOperator::Equals);
    assert_eq!(selector.to_string(), "a=b");
}

#[test]
fn the_first_operator_in_a_term_splits_it() {
    let term = |s: &str| {
        let selector = parse(s);
        let r = &selector.requirements()[0];
        (r.field().to_owned(), r.operator(), r.value().to_owned())
    };
    assert_eq!(
        term("a=value"),
        ("a".into(), FieldOperator::Equals, "value".into())
    );
    assert_eq!(
        term("c!=value"),
        ("c".into(), FieldOperator::NotEquals, "value".into())
    );
    assert_eq!(
        term("!a=b"),
        ("!a".into(), FieldOperator::Equals, "b".into())
    );
    assert_eq!(
        term("a=!b"),
        ("a".into(), FieldOperator::Equals, "!b".into())
    );
    assert_eq!(
        term("함=수"),
        ("함".into(), FieldOperator::Equals, "수".into())
    );
    assert_eq!(
        term("a="),
        ("a".into(), FieldOperator::Equals, String::new())
    );
    assert_eq!(
        term("=b"),
        (String::new(), FieldOperator::Equals, "b".into())
    );
}

#[test]
fn whitespace_is_part_of_field_names_and_values() {
    let selector = parse("metadata.name = x");
    assert_eq!(selector.requirements()[0].field(), "metadata.name ");
    assert_eq!(selector.requirements()[0].value(), " x");
}

#[test]
fn escaped_commas_and_equals_stay_in_values() {
    let value_of_k = |s: &str| {
        let selector = parse(s);
        let k = selector
            .requirements()
            .iter()
            .find(|r| r.field() == "k")
            .unwrap();
        assert_eq!(selector.requirements().len(), 2, "{s}");
        k.value().to_owned()
    };
    assert_eq!(value_of_k(r"k=\,,k2=v2"), ",");
    assert_eq!(value_of_k(r"k=\\,k2=v2"), r"\");
    assert_eq!(value_of_k(r"k=\\\,,k2=v2"), r"\,");
    assert_eq!(parse(r"x=a\=\=b").requirements()[0].value(), "a==b");
}

#[test]
fn display_escapes_values() {
    let selector = FieldSelector::from_requirements(vec![FieldRequirement::new(
        "complex",
        FieldOperator::NotEquals,
        r"=value\,\",
    )]);
    assert_eq!(selector.to_string(), r"complex!=\=value\\\,\\");
    assert_eq!(parse(&selector.to_string()), selector);
}

#[test]
fn escape_and_unescape_are_inverses() {
    for (plain, escaped) in [
        ("", ""),
        ("a", "a"),
        ("=", r"\="),
        (",", r"\,"),
        (r"\", r"\\"),
        (r"\=\,\", r"\\\=\\\,\\"),
    ] {
        assert_eq!(escape_value(plain), escaped);
        assert_eq!(unescape_value(escaped).unwrap(), plain);
    }
}

#[test]
fn terms_without_an_operator_are_errors() {
    assert_eq!(
        parse_error("x"),
        "invalid selector: 'x'; can't understand 'x'"
    );
    assert_eq!(
        parse_error("x=a,b"),
        "invalid selector: 'x=a,b'; can't understand 'b'"
    );
    assert_eq!(
        parse_error("x in (a,b,c)"),
        "invalid selector: 'x in (a,b,c)'; can't understand 'b'"
    );
    assert_eq!(
        parse_error("x in (a)"),
        "invalid selector: 'x in (a)'; can't understand 'x in (a)'"
    );
}

#[test]
fn bare_equals_and_commas_in_values_are_errors() {
    assert_eq!(
        parse_error("x=a||y=b"),
        "invalid field selector: unescaped character in value: 61"
    );
    assert_eq!(
        parse_error("x==a==b"),
        "invalid field selector: unescaped character in value: 61"
    );
    assert!(matches!(
        unescape_value("a,b"),
        Err(SelectorError::UnescapedCharacter { character: ',' })
    ));
    assert_eq!(
        unescape_value("a,b").unwrap_err().to_string(),
        "invalid field selector: unescaped character in value: 44"
    );
}

#[test]
fn unknown_escapes_and_orphan_backslashes_are_errors() {
    assert_eq!(
        parse_error(r"k=\a"),
        r"invalid field selector: invalid escape sequence: \a"
    );
    assert_eq!(
        parse_error(r"k=\!"),
        r"invalid field selector: invalid escape sequence: \!"
    );
    assert_eq!(
        parse_error(r"k=\"),
        r"invalid field selector: invalid escape sequence: \"
    );
    assert_eq!(
        parse_error(r"k=\\\"),
        r"invalid field selector: invalid escape sequence: \"
    );
    assert_eq!(
        parse_error(r"k=\a\b\"),
        r"invalid field selector: invalid escape sequence: \a"
    );
}

#[test]
fn the_first_bad_term_in_sorted_order_is_reported() {
    assert_eq!(
        parse_error("z,a"),
        "invalid selector: 'z,a'; can't understand 'a'"
    );
}

#[test]
fn from_str_parses_like_parse() {
    let selector: FieldSelector = "a=b".parse().unwrap();
    assert_eq!(selector, parse("a=b"));
}

// --- matching -------------------------------------------------------------------------------

#[test]
fn equals_and_not_equals_compare_values() {
    assert!(selects("x=y", &[("x", "y")]));
    assert!(!selects("x=y", &[("x", "z")]));
    assert!(selects("x!=y,z!=w", &[("x", "z"), ("z", "a")]));
    assert!(!selects("x!=y,z!=w", &[("x", "z"), ("z", "w")]));
    assert!(selects("notin=in", &[("notin", "in")]));
    let set = [("foo", "bar"), ("baz", "blah"), ("complex", r"=value\,\")];
    assert!(selects(r"foo=bar,baz=blah,complex=\=value\\\,\\", &set));
    assert!(!selects("foo=bar,foobar=bar,baz=blah", &set));
}

#[test]
fn missing_fields_compare_as_the_empty_string() {
    assert!(selects("spec.nodeName=", &[]));
    assert!(selects("spec.nodeName!=n1", &[]));
    assert!(!selects("spec.nodeName=n1", &[]));
    assert!(!selects("spec.nodeName!=", &[]));
}

#[test]
fn requires_exact_match_finds_the_equals_term_on_a_field() {
    let selector = parse("spec.nodeName=n1,status.phase!=Failed");
    assert_eq!(selector.requires_exact_match("spec.nodeName"), Some("n1"));
    assert_eq!(selector.requires_exact_match("status.phase"), None);
    assert_eq!(
        parse("spec.nodeName=").requires_exact_match("spec.nodeName"),
        Some("")
    );
    assert_eq!(FieldSelector::everything().requires_exact_match("a"), None);
}

// --- per-kind fields ------------------------------------------------------------------------

fn pod() -> Value {
    json!({
        "metadata": {"name": "web-1", "namespace": "prod"},
        "spec": {"nodeName": "n1", "restartPolicy": "Always", "schedulerName": "default-scheduler",
                 "serviceAccountName": "sa", "hostNetwork": true},
        "status": {"phase": "Running", "podIP": "10.0.0.9",
                   "podIPs": [{"ip": "10.0.0.7"}, {"ip": "fd00::7"}], "nominatedNodeName": "n2"}
    })
}

fn field<'a>(fields: &'a [(&'static str, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn pod_fields_are_read_from_spec_and_status() {
    let fields = object_fields("Pod", &pod());
    let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "metadata.name",
            "metadata.namespace",
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.nominatedNodeName"
        ]
    );
    assert_eq!(field(&fields, "metadata.namespace"), Some("prod"));
    assert_eq!(field(&fields, "spec.hostNetwork"), Some("true"));
    assert_eq!(
        field(&fields, "status.podIP"),
        Some("10.0.0.7"),
        "first of podIPs"
    );
    assert_eq!(field(&fields, "status.nominatedNodeName"), Some("n2"));
}

#[test]
fn pod_fields_default_like_go_zero_values() {
    let fields = object_fields(
        "Pod",
        &json!({"metadata": {"name": "p"}, "status": {"podIP": "10.1.1.1"}}),
    );
    assert_eq!(field(&fields, "spec.hostNetwork"), Some("false"));
    assert_eq!(field(&fields, "spec.nodeName"), Some(""));
    assert_eq!(field(&fields, "metadata.namespace"), Some(""));
    assert_eq!(
        field(&fields, "status.podIP"),
        Some("10.1.1.1"),
        "podIP when podIPs is absent"
    );
}

#[test]
fn pod_service_account_falls_back_to_the_deprecated_alias() {
    let fields = object_fields("Pod", &json!({"spec": {"serviceAccount": "old"}}));
    assert_eq!(field(&fields, "spec.serviceAccountName"), Some("old"));
}

#[test]
fn kubectl_describe_node_selector_matches_pods_on_the_node() {
    let selector = parse("spec.nodeName=n1,status.phase!=Succeeded,status.phase!=Failed");
    assert!(selector.validate_for_kind("Pod").is_ok());
    assert!(selector.matches_object("Pod", &pod()));
    let mut done = pod();
    done["status"]["phase"] = json!("Succeeded");
    assert!(!selector.matches_object("Pod", &done));
}

#[test]
fn node_fields_have_unschedulable_and_no_namespace() {
    let fields = object_fields(
        "Node",
        &json!({"metadata": {"name": "n1"}, "spec": {"unschedulable": true}}),
    );
    assert_eq!(
        fields,
        [
            ("metadata.name", "n1".to_owned()),
            ("spec.unschedulable", "true".to_owned())
        ]
    );
    assert!(
        parse("spec.unschedulable=false")
            .matches_object("Node", &json!({"metadata": {"name": "n2"}}))
    );
}

#[test]
fn event_fields_describe_the_involved_object() {
    let event = json!({
        "metadata": {"name": "e1", "namespace": "prod"},
        "involvedObject": {"kind": "Pod", "namespace": "prod", "name": "web-1", "uid": "u-1",
                           "apiVersion": "v1", "resourceVersion": "42", "fieldPath": "spec.containers{web}"},
        "reason": "Started", "type": "Normal", "reportingComponent": "kubelet"
    });
    let fields = object_fields("Event", &event);
    assert_eq!(fields.len(), 13);
    assert_eq!(field(&fields, "involvedObject.uid"), Some("u-1"));
    assert_eq!(
        field(&fields, "involvedObject.fieldPath"),
        Some("spec.containers{web}")
    );
    assert_eq!(
        field(&fields, "source"),
        Some("kubelet"),
        "reportingComponent when source is empty"
    );
    let selector =
        parse("involvedObject.name=web-1,involvedObject.namespace=prod,involvedObject.uid=u-1");
    assert!(selector.validate_for_kind("Event").is_ok());
    assert!(selector.matches_object("Event", &event));
}

#[test]
fn event_source_prefers_source_component() {
    let fields = object_fields(
        "Event",
        &json!({"source": {"component": "scheduler"}, "reportingComponent": "x"}),
    );
    assert_eq!(field(&fields, "source"), Some("scheduler"));
    assert_eq!(field(&fields, "reportingComponent"), Some("x"));
}

#[test]
fn other_kinds_expose_their_documented_fields() {
    let check = |kind: &str, object: Value, name: &str, expected: &str| {
        assert_eq!(
            field(&object_fields(kind, &object), name),
            Some(expected),
            "{kind} {name}"
        );
    };
    check("Secret", json!({"type": "Opaque"}), "type", "Opaque");
    check(
        "Namespace",
        json!({"status": {"phase": "Active"}}),
        "status.phase",
        "Active",
    );
    check(
        "Service",
        json!({"spec": {"type": "NodePort"}}),
        "spec.type",
        "NodePort",
    );
    check(
        "Service",
        json!({"spec": {"clusterIP": "None"}}),
        "spec.clusterIP",
        "None",
    );
    check(
        "ReplicationController",
        json!({"status": {"replicas": 3}}),
        "status.replicas",
        "3",
    );
    check("ReplicaSet", json!({}), "status.replicas", "0");
    check(
        "Job",
        json!({"status": {"succeeded": 2}}),
        "status.successful",
        "2",
    );
    check(
        "CertificateSigningRequest",
        json!({"spec": {"signerName": "x/y"}}),
        "spec.signerName",
        "x/y",
    );
}

#[test]
fn unknown_kinds_expose_name_and_namespace() {
    let fields = object_fields(
        "ConfigMap",
        &json!({"metadata": {"name": "c", "namespace": "d"}}),
    );
    assert_eq!(
        fields,
        [
            ("metadata.name", "c".to_owned()),
            ("metadata.namespace", "d".to_owned())
        ]
    );
}

#[test]
fn fields_a_kind_lacks_compare_as_empty_when_matching_objects() {
    assert!(parse("status.podIPs=").matches_object("Pod", &pod()));
    assert!(!parse("status.podIPs=10.0.0.7").matches_object("Pod", &pod()));
}

// --- per-kind validation --------------------------------------------------------------------

#[test]
fn pods_reject_unknown_fields_with_upstream_wording() {
    assert_eq!(
        kind_error("spec.foo=x", "Pod"),
        "field label not supported: spec.foo"
    );
    assert_eq!(
        kind_error("metadata.uid=x", "Pod"),
        "field label not supported: metadata.uid"
    );
}

#[test]
fn pods_accept_every_documented_field() {
    for label in POD_LABELS {
        assert!(
            parse(&format!("{label}=x"))
                .validate_for_kind("Pod")
                .is_ok(),
            "{label}"
        );
    }
}

#[test]
fn pods_rename_the_legacy_spec_host_field() {
    let selector = parse("spec.host=n1").for_kind("Pod").unwrap();
    assert_eq!(selector.to_string(), "spec.nodeName=n1");
    assert!(selector.matches_object("Pod", &pod()));
}

#[test]
fn nodes_reject_metadata_namespace() {
    assert_eq!(
        kind_error("metadata.namespace=x", "Node"),
        "field label not supported: metadata.namespace"
    );
    assert!(
        parse("metadata.name=n1,spec.unschedulable=true")
            .validate_for_kind("Node")
            .is_ok()
    );
}

#[test]
fn core_kinds_with_their_own_lists_accept_them() {
    for (kind, selector) in [
        (
            "Event",
            "reason=Started,type=Warning,source=kubelet,reportingComponent=k,involvedObject.kind=Pod",
        ),
        (
            "Event",
            "involvedObject.apiVersion=v1,involvedObject.resourceVersion=1,involvedObject.fieldPath=x",
        ),
        ("Namespace", "status.phase=Active,metadata.name=default"),
        ("Secret", "type=Opaque,metadata.namespace=d,metadata.name=s"),
        (
            "Service",
            "spec.clusterIP=None,spec.type=ClusterIP,metadata.namespace=d",
        ),
        (
            "ReplicationController",
            "status.replicas=1,metadata.namespace=d",
        ),
        ("Job", "status.successful=1,metadata.name=j"),
        (
            "CertificateSigningRequest",
            "spec.signerName=a/b,metadata.name=c",
        ),
    ] {
        assert!(
            parse(selector).validate_for_kind(kind).is_ok(),
            "{kind}: {selector}"
        );
    }
}

#[test]
fn core_kinds_word_rejections_as_not_supported() {
    assert_eq!(
        kind_error("status.phase=x", "Secret"),
        "field label not supported: status.phase"
    );
    assert_eq!(
        kind_error("metadata.namespace=x", "Namespace"),
        "field label not supported: metadata.namespace"
    );
    assert_eq!(
        kind_error("spec.ports=x", "Service"),
        "field label not supported: spec.ports"
    );
    assert_eq!(
        kind_error("metadata.namespace=x", "CertificateSigningRequest"),
        "field label not supported: metadata.namespace"
    );
}

#[test]
fn jobs_word_rejections_with_their_go_type() {
    assert_eq!(
        kind_error("status.succeeded=1", "Job"),
        r#"field label "status.succeeded" not supported for batchv1.Job"#
    );
}

#[test]
fn kinds_without_a_list_accept_only_name_and_namespace() {
    assert!(
        parse("metadata.name=a,metadata.namespace=b")
            .validate_for_kind("Deployment")
            .is_ok()
    );
    assert_eq!(
        kind_error("foo.bar=baz", "Ingress"),
        r#""foo.bar" is not a known field selector: only "metadata.name", "metadata.namespace""#
    );
}

#[test]
fn replica_sets_reject_status_replicas_as_kubernetes_does() {
    assert_eq!(
        kind_error("status.replicas=0", "ReplicaSet"),
        r#""status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace""#
    );
}

#[test]
fn qualified_kind_names_pick_the_group() {
    assert!(parse("reason=x").validate_for_kind("Event").is_ok());
    assert_eq!(
        kind_error("reason=x", "Event.events.k8s.io"),
        r#""reason" is not a known field selector: only "metadata.name", "metadata.namespace""#
    );
    assert_eq!(
        kind_error("status.succeeded=1", "Job.batch"),
        r#"field label "status.succeeded" not supported for batchv1.Job"#
    );
    assert_eq!(object_fields("Event.events.k8s.io", &json!({})).len(), 2);
}

#[test]
fn the_first_bad_field_in_sorted_order_is_reported() {
    assert_eq!(
        kind_error("z.z=1,a.a=1", "Pod"),
        "field label not supported: a.a"
    );
}

#[test]
fn empty_selectors_are_valid_for_every_kind() {
    assert!(
        FieldSelector::everything()
            .validate_for_kind("Anything")
            .is_ok()
    );
}
