//! Label selector tests; upstream's own cases (apimachinery `labels/selector_test.go`,
//! `meta/v1/helpers_test.go`) are reproduced where they document an edge.

use std::collections::BTreeMap;

use serde_json::json;

use super::*;

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn parse(s: &str) -> LabelSelector {
    LabelSelector::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
}

fn parse_error(s: &str) -> String {
    match LabelSelector::parse(s) {
        Ok(selector) => panic!("{s:?} should not parse, got {selector}"),
        Err(e) => e.to_string(),
    }
}

fn selects(selector: &str, pairs: &[(&str, &str)]) -> bool {
    parse(selector).matches(&labels(pairs))
}

const VALUE_RULE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_RULE: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

// --- matching, one operator at a time -------------------------------------------------------

#[test]
fn empty_selector_selects_everything() {
    assert!(selects("", &[]));
    assert!(selects("", &[("x", "y")]));
    assert!(parse("").is_empty());
    assert!(parse("  \t ").is_empty());
}

#[test]
fn equals_matches_only_that_value() {
    assert!(selects("x=y", &[("x", "y")]));
    assert!(!selects("x=y", &[("x", "z")]));
    assert!(!selects("x=z", &[]));
}

#[test]
fn double_equals_means_equals() {
    assert!(selects("x==y", &[("x", "y")]));
    assert!(!selects("x==y", &[("x", "z")]));
}

#[test]
fn equals_nothing_means_the_empty_value() {
    assert!(selects("x=", &[("x", "")]));
    assert!(!selects("x=", &[("x", "a")]));
    assert!(!selects("x=", &[]));
}

#[test]
fn not_equals_matches_other_values_and_absent_keys() {
    assert!(selects("x!=y", &[("x", "z")]));
    assert!(selects("x!=y", &[]));
    assert!(!selects("x!=y", &[("x", "y")]));
}

#[test]
fn set_based_in_matches_any_listed_value() {
    assert!(selects("x in (a,b)", &[("x", "b")]));
    assert!(!selects("x in (a,b)", &[("x", "c")]));
    assert!(!selects("x in (a,b)", &[]));
}

#[test]
fn set_based_in_with_empty_set_means_the_empty_value() {
    assert!(selects("x in ()", &[("x", "")]));
    assert!(!selects("x in ()", &[("y", "baz")]));
}

#[test]
fn set_based_notin_matches_absent_key() {
    assert!(selects("x notin (a,b)", &[]));
    assert!(selects("x notin (a,b)", &[("x", "c")]));
    assert!(!selects("x notin (a,b)", &[("x", "a")]));
}

#[test]
fn exists_matches_any_value_even_empty() {
    assert!(selects("x", &[("x", "")]));
    assert!(selects("x", &[("x", "z")]));
    assert!(!selects("x", &[("y", "z")]));
}

#[test]
fn does_not_exist_matches_only_absent_keys() {
    assert!(selects("!x", &[("y", "z")]));
    assert!(!selects("!x", &[("x", "")]));
}

#[test]
fn greater_than_compares_integers() {
    assert!(selects("x>1", &[("x", "2")]));
    assert!(!selects("x>1", &[("x", "1")]));
    assert!(!selects("x>1", &[("x", "0")]));
    assert!(selects("x>9", &[("x", "10")]), "numeric, not string, order");
}

#[test]
fn less_than_compares_integers() {
    assert!(selects("x<1", &[("x", "0")]));
    assert!(selects("x<1", &[("x", "-5")]));
    assert!(!selects("x<1", &[("x", "2")]));
}

#[test]
fn greater_than_never_matches_absent_or_non_integer_labels() {
    assert!(!selects("x>1", &[]));
    assert!(!selects("x>1", &[("x", "v2")]));
    assert!(!selects("x<1", &[("x", "")]));
    assert!(!selects("x>1", &[("x", "99999999999999999999")]));
}

#[test]
fn all_requirements_must_hold() {
    assert!(selects("x=y,z=w", &[("x", "y"), ("z", "w")]));
    assert!(!selects("x=y,z=w", &[("x", "w"), ("z", "w")]));
    assert!(selects("x!=y,z!=w", &[("x", "z"), ("z", "a")]));
    assert!(!selects("x!=y,z!=w", &[("x", "z"), ("z", "w")]));
    let set = [("foo", "bar"), ("baz", "blah")];
    assert!(selects("foo=bar,baz=blah", &set));
    assert!(!selects("foo=bar,foobar=bar,baz=blah", &set));
    assert!(selects("x notin (),y", &[("y", "")]));
    assert!(selects("!x,y", &[("y", "")]));
    assert!(!selects("x notin (),!y", &[("y", "")]));
}

#[test]
fn contradictory_requirements_on_one_key_select_nothing_but_parse() {
    let selector = parse("a=b,a!=b");
    assert!(!selector.matches(&labels(&[("a", "b")])));
    assert!(!selector.matches(&labels(&[("a", "c")])));
    assert!(!selector.is_empty());
    assert!(
        !selector.selects_nothing(),
        "only Nothing() is known to match nothing"
    );
}

#[test]
fn keywords_are_plain_words_as_keys_and_values() {
    assert!(selects("notin=in", &[("notin", "in")]));
    assert!(selects("in in (in,notin)", &[("in", "notin")]));
    assert_eq!(
        parse("a in (x,y,notin, z,in)").requirements()[0].values(),
        ["in", "notin", "x", "y", "z"]
    );
}

#[test]
fn matches_object_reads_metadata_labels() {
    let pod = json!({"metadata": {"name": "p", "labels": {"app": "web", "tier": "fe"}}});
    assert!(parse("app=web,tier in (fe,be)").matches_object(&pod));
    assert!(!parse("app=db").matches_object(&pod));
    let unlabelled = json!({"metadata": {"name": "p"}});
    assert!(parse("!app").matches_object(&unlabelled));
    assert!(!parse("app").matches_object(&unlabelled));
    assert!(parse("").matches_object(&json!({})));
}

#[test]
fn matches_object_treats_non_string_label_values_as_absent() {
    let odd = json!({"metadata": {"labels": {"app": 5}}});
    assert!(parse("!app").matches_object(&odd));
}

#[test]
fn matches_lookup_serves_other_label_shapes() {
    let selector = parse("app=web");
    assert!(selector.matches_lookup(|k| (k == "app").then_some("web")));
    assert!(!selector.matches_lookup(|_| None));
}

// --- parsing: whitespace, sorting, canonical Display ----------------------------------------

#[test]
fn whitespace_is_allowed_between_tokens() {
    assert_eq!(parse(" x = a , y != b ").to_string(), "x=a,y!=b");
    assert_eq!(parse("foo  in\t (abc)").to_string(), "foo in (abc)");
    assert_eq!(parse("x notin\n (abc)").to_string(), "x notin (abc)");
    assert_eq!(
        parse("x  notin\t\t(abc,def)").to_string(),
        "x notin (abc,def)"
    );
    assert_eq!(parse("\rx").to_string(), "x");
    assert_eq!(parse("a ").to_string(), "a");
    assert_eq!(parse("x notin ( )").to_string(), "x notin ()");
}

#[test]
fn display_round_trips_upstream_good_strings_without_spaces() {
    for good in [
        "x=a,y=b,z=c",
        "",
        "x!=a,y=b",
        "x=",
        "x= ",
        "x=,z= ",
        "x= ,z= ",
        "!x",
        "x>1",
        "x>1,z<5",
    ] {
        assert_eq!(parse(good).to_string(), good.replace(' ', ""), "{good:?}");
    }
}

#[test]
fn display_sorts_requirements_by_key() {
    assert_eq!(parse("x=a,a=x").to_string(), "a=x,x=a");
    assert_eq!(parse("x=a,a=x").to_string(), parse("a=x,x=a").to_string());
    assert_eq!(
        parse("x notin (abc,,def),bar,z in (),w").to_string(),
        "bar,w,x notin (,abc,def),z in ()"
    );
}

#[test]
fn display_sorts_and_deduplicates_parsed_sets() {
    assert_eq!(parse("tier in (b,a,b)").to_string(), "tier in (a,b)");
    assert_eq!(parse("x in (abc,abc)").requirements()[0].values(), ["abc"]);
}

#[test]
fn display_keeps_each_operator_spelling() {
    assert_eq!(
        parse("x==abc,y=jkl,z!=a,w>2,v<8,!u,t").to_string(),
        "t,!u,v<8,w>2,x==abc,y=jkl,z!=a"
    );
}

#[test]
fn duplicate_keys_are_kept_in_their_written_order() {
    let selector = parse("z!=a,z,x in (a),x notin (b)");
    assert_eq!(selector.to_string(), "x in (a),x notin (b),z!=a,z");
    assert!(selector.matches(&labels(&[("x", "a"), ("z", "b")])));
}

#[test]
fn sets_with_empty_slots_hold_the_empty_value() {
    let values = |s: &str| parse(s).requirements()[0].values().to_vec();
    assert_eq!(values("x in (abc,)"), ["", "abc"]);
    assert_eq!(values("x notin (, a)"), ["", "a"]);
    assert_eq!(values("x in (,)"), [""]);
    assert_eq!(values("x in (a,,b)"), ["", "a", "b"]);
    // Accepted by Kubernetes after 1.33's consecutive-comma fix.
    assert_eq!(values("x in (a,,)"), ["", "a"]);
    assert_eq!(values("x in (a,,,,,,)"), ["", "a"]);
    assert_eq!(values("x in (a,,a,,a,,a,,)"), ["", "a"]);
}

#[test]
fn qualified_keys_with_dns_prefixes_parse() {
    assert_eq!(
        parse("this-is-a-dns.domain.com/key-with-dash").to_string(),
        "this-is-a-dns.domain.com/key-with-dash"
    );
    assert_eq!(
        parse("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)").to_string(),
        "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)"
    );
}

#[test]
fn from_str_parses_like_parse() {
    let selector: LabelSelector = "app=web".parse().unwrap();
    assert_eq!(selector, parse("app=web"));
}

#[test]
fn a_nul_byte_ends_the_input_at_a_token_start_as_upstream() {
    assert_eq!(parse("a \0b").to_string(), "a");
    assert_eq!(parse("x=a\0").to_string(), "x=a");
    assert_eq!(
        parse_error("a, \0b"),
        "found '', expected: identifier after ','"
    );
}

#[test]
fn a_nul_byte_right_after_a_token_is_swallowed_as_upstream() {
    assert_eq!(parse("a,\0b").to_string(), "a,b");
    assert_eq!(parse("x=\0y").to_string(), "x=y");
}

// --- parse errors ---------------------------------------------------------------------------

#[test]
fn bang_without_a_key_is_an_error() {
    assert_eq!(
        parse_error("!"),
        "unable to parse requirement: found '', expected: identifier"
    );
    assert_eq!(
        parse_error("!,x"),
        "unable to parse requirement: found ',', expected: identifier"
    );
}

#[test]
fn bang_with_an_operator_is_an_error() {
    assert_eq!(
        parse_error("!x=a"),
        "found '=', expected: ',' or 'end of string'"
    );
    assert_eq!(
        parse_error("!x in (a)"),
        "found 'in', expected: ',' or 'end of string'"
    );
}

#[test]
fn a_selector_cannot_start_with_an_operator() {
    assert_eq!(
        parse_error("!=a"),
        "found '!=', expected: !, identifier, or 'end of string'"
    );
    assert_eq!(
        parse_error("(",),
        "found '(', expected: !, identifier, or 'end of string'"
    );
    assert_eq!(
        parse_error(",x,y"),
        "found ',', expected: !, identifier, or 'end of string'"
    );
}

#[test]
fn empty_requirements_between_commas_are_errors() {
    assert_eq!(
        parse_error("x,,y"),
        "found ',', expected: identifier after ','"
    );
    assert_eq!(
        parse_error("a in (xyz),"),
        "found '', expected: identifier after ','"
    );
}

#[test]
fn trailing_tokens_after_a_requirement_are_errors() {
    assert_eq!(
        parse_error("x=a=b"),
        "found '=', expected: ',' or 'end of string'"
    );
    assert_eq!(
        parse_error("x==a==b"),
        "found '==', expected: ',' or 'end of string'"
    );
    assert_eq!(
        parse_error("x=a b"),
        "found 'b', expected: ',' or 'end of string'"
    );
    assert_eq!(
        parse_error("a in (xyz)b notin ()"),
        "found 'b', expected: ',' or 'end of string'"
    );
}

#[test]
fn unknown_operators_are_errors() {
    assert_eq!(
        parse_error("x nott in (y)"),
        "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"
    );
    assert_eq!(
        parse_error("a ("),
        "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"
    );
    assert_eq!(
        parse_error("x!y"),
        "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"
    );
}

#[test]
fn set_operators_need_parentheses() {
    assert_eq!(
        parse_error("x in a"),
        "unable to parse requirement: found 'a' expected: '('"
    );
    assert_eq!(
        parse_error("x notin"),
        "unable to parse requirement: found '' expected: '('"
    );
}

#[test]
fn malformed_sets_are_errors() {
    assert_eq!(
        parse_error("a notin("),
        "unable to parse requirement: found '', expected: ',', ')' or identifier"
    );
    assert_eq!(
        parse_error("x in (=)"),
        "unable to parse requirement: found '=', expected: ',', ')' or identifier"
    );
    assert_eq!(
        parse_error("a in (xyz abc)"),
        "unable to parse requirement: found 'abc', expected: ',' or ')'"
    );
    assert_eq!(
        parse_error("x in (a"),
        "unable to parse requirement: found '', expected: ',' or ')'"
    );
    assert_eq!(
        parse_error("x in (a,"),
        "unable to parse requirement: found '', expected: ',', or identifier"
    );
    assert_eq!(
        parse_error("x in (a,=)"),
        "unable to parse requirement: found '=', expected: ',', or identifier"
    );
}

#[test]
fn exact_match_needs_an_identifier_value() {
    assert_eq!(
        parse_error("x=("),
        "unable to parse requirement: found '(', expected: identifier"
    );
    assert_eq!(
        parse_error("x= ="),
        "unable to parse requirement: found '=', expected: identifier"
    );
}

#[test]
fn gt_and_lt_need_integers() {
    assert_eq!(
        parse_error("x<a"),
        r#"unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer"#
    );
    assert_eq!(
        parse_error("x>"),
        r#"unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer"#
    );
}

#[test]
fn negative_bounds_fail_label_value_syntax_as_upstream() {
    assert_eq!(
        parse_error("x>-1"),
        format!(r#"unable to parse requirement: values[0][x]: Invalid value: "-1": {VALUE_RULE}"#)
    );
}

#[test]
fn non_integer_bad_bound_reports_both_problems() {
    assert_eq!(
        parse_error("x>-a"),
        format!(
            r#"unable to parse requirement: [values[0]: Invalid value: "-a": for 'Gt', 'Lt' operators, the value must be an integer, values[0][x]: Invalid value: "-a": {VALUE_RULE}]"#
        )
    );
}

#[test]
fn a_value_is_validated_before_what_follows_it() {
    assert_eq!(
        parse_error("x=a||y=b"),
        format!(
            r#"unable to parse requirement: values[0][x]: Invalid value: "a||y": {VALUE_RULE}"#
        )
    );
}

#[test]
fn invalid_values_are_reported_with_key_and_sorted_index() {
    assert_eq!(
        parse_error("app=bad.value."),
        format!(
            r#"unable to parse requirement: values[0][app]: Invalid value: "bad.value.": {VALUE_RULE}"#
        )
    );
    assert_eq!(
        parse_error("x in (b,-a)"),
        format!(r#"unable to parse requirement: values[0][x]: Invalid value: "-a": {VALUE_RULE}"#)
    );
}

#[test]
fn over_long_values_are_errors() {
    let long = "a".repeat(64);
    assert_eq!(
        parse_error(&format!("x={long}")),
        format!(
            r#"unable to parse requirement: values[0][x]: Invalid value: "{long}": must be no more than 63 characters"#
        )
    );
    assert!(LabelSelector::parse(&format!("x={}", "a".repeat(63))).is_ok());
    let long_and_bad = format!("{}-", "a".repeat(63));
    assert_eq!(
        parse_error(&format!("x={long_and_bad}")),
        format!(
            r#"unable to parse requirement: values[0][x]: Invalid value: "{long_and_bad}": must be no more than 63 characters; {VALUE_RULE}"#
        )
    );
}

#[test]
fn invalid_keys_are_reported_without_a_path() {
    assert_eq!(
        parse_error("-app=web"),
        format!(r#"unable to parse requirement: <nil>: Invalid value: "-app": {NAME_RULE}"#)
    );
    assert_eq!(
        parse_error("a~b"),
        format!(r#"unable to parse requirement: <nil>: Invalid value: "a~b": {NAME_RULE}"#)
    );
}

#[test]
fn key_prefixes_must_be_dns_subdomains() {
    assert_eq!(
        parse_error("Example.com/app"),
        r#"unable to parse requirement: <nil>: Invalid value: "Example.com/app": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#
    );
    assert_eq!(
        parse_error("/app"),
        r#"unable to parse requirement: <nil>: Invalid value: "/app": prefix part must be non-empty"#
    );
    let long_prefix = format!("{}.com/app", "a".repeat(250));
    assert!(parse_error(&long_prefix).contains("prefix part must be no more than 253 characters"));
}

#[test]
fn key_names_must_be_present_and_short() {
    assert_eq!(
        parse_error("example.com/"),
        format!(
            r#"unable to parse requirement: <nil>: Invalid value: "example.com/": name part must be non-empty; {NAME_RULE}"#
        )
    );
    let long = "k".repeat(64);
    assert_eq!(
        parse_error(&long),
        format!(
            r#"unable to parse requirement: <nil>: Invalid value: "{long}": name part must be no more than 63 characters"#
        )
    );
}

#[test]
fn keys_with_two_slashes_are_errors() {
    assert_eq!(
        parse_error("a/b/c"),
        r#"unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"#
    );
}

#[test]
fn error_values_are_quoted_like_go() {
    assert!(parse_error("app=a\"b").contains(r#"Invalid value: "a\"b""#));
}

// --- Requirement::new -----------------------------------------------------------------------

#[test]
fn requirement_new_checks_value_counts_per_operator() {
    let err = |op, values: &[&str]| {
        Requirement::new("x", op, values.iter().map(|v| (*v).to_owned()).collect())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err(Operator::In, &[]),
        "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"
    );
    assert_eq!(
        err(Operator::Equals, &["bar", "foo"]),
        r#"values: Invalid value: []string{"bar", "foo"}: exact-match compatibility requires one single value"#
    );
    assert_eq!(
        err(Operator::Exists, &["foo"]),
        r#"values: Invalid value: []string{"foo"}: values set must be empty for exists and does not exist"#
    );
    assert_eq!(
        err(Operator::GreaterThan, &[]),
        "values: Invalid value: []string(nil): for 'Gt', 'Lt' operators, exactly one value is required"
    );
}

#[test]
fn requirement_new_validates_keys_under_the_key_path() {
    let error = Requirement::new("a".repeat(254), Operator::Exists, vec![]).unwrap_err();
    assert!(error.to_string().starts_with(r#"key: Invalid value: "aaa"#));
}

#[test]
fn requirement_new_accepts_valid_requirements() {
    for (op, values) in [
        (Operator::In, vec!["foo"]),
        (Operator::NotIn, vec!["foo"]),
        (Operator::DoesNotExist, vec![]),
        (Operator::GreaterThan, vec!["1"]),
        (Operator::LessThan, vec!["6"]),
        (Operator::NotEquals, vec![""]),
    ] {
        let values = values.into_iter().map(str::to_owned).collect();
        assert!(Requirement::new("x", op, values).is_ok(), "{op}");
    }
}

// --- the object form ------------------------------------------------------------------------

#[test]
fn object_form_combines_match_labels_and_expressions() {
    let selector = LabelSelector::from_object(&json!({
        "matchLabels": {"app": "web"},
        "matchExpressions": [
            {"key": "tier", "operator": "In", "values": ["fe", "be"]},
            {"key": "canary", "operator": "DoesNotExist"},
            {"key": "env", "operator": "NotIn", "values": ["dev"]},
            {"key": "team", "operator": "Exists", "values": []}
        ]
    }))
    .unwrap();
    assert_eq!(
        selector.to_string(),
        "app=web,!canary,env notin (dev),team,tier in (be,fe)"
    );
    assert!(selector.matches(&labels(&[("app", "web"), ("tier", "fe"), ("team", "a")])));
    assert!(!selector.matches(&labels(&[("app", "web"), ("tier", "fe")])));
    assert!(!selector.matches(&labels(&[
        ("app", "web"),
        ("tier", "fe"),
        ("team", "a"),
        ("canary", "1")
    ])));
}

#[test]
fn object_form_empty_selects_everything() {
    for empty in [
        json!({}),
        json!({"matchLabels": {}, "matchExpressions": []}),
        json!({"matchLabels": null}),
    ] {
        let selector = LabelSelector::from_object(&empty).unwrap();
        assert!(selector.is_empty(), "{empty}");
        assert!(selector.matches(&labels(&[("any", "thing")])));
    }
}

#[test]
fn object_form_null_or_absent_selects_nothing() {
    for selector in [
        LabelSelector::from_object(&json!(null)).unwrap(),
        LabelSelector::from_optional_object(None).unwrap(),
        LabelSelector::nothing(),
    ] {
        assert!(selector.selects_nothing());
        assert!(!selector.is_empty());
        assert!(!selector.matches(&labels(&[])));
        assert!(!selector.matches_object(&json!({"metadata": {"labels": {"a": "b"}}})));
        assert_eq!(selector.to_string(), "");
    }
    assert!(
        LabelSelector::from_optional_object(Some(&json!({})))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn object_form_keeps_duplicate_keys_sorted_with_match_labels_first() {
    let selector = LabelSelector::from_object(&json!({
        "matchLabels": {"b": "1", "a": "2"},
        "matchExpressions": [{"key": "a", "operator": "Exists"}]
    }))
    .unwrap();
    assert_eq!(selector.to_string(), "a=2,a,b=1");
}

#[test]
fn object_form_sorts_values_only_when_printing() {
    let selector = LabelSelector::from_object(&json!({
        "matchExpressions": [{"key": "x", "operator": "In", "values": ["b", "a", "b"]}]
    }))
    .unwrap();
    assert_eq!(selector.requirements()[0].values(), ["b", "a", "b"]);
    assert_eq!(selector.to_string(), "x in (a,b,b)");
}

#[test]
fn object_form_in_without_values_is_an_error() {
    for values in [json!(null), json!([])] {
        let err = LabelSelector::from_object(&json!({
            "matchExpressions": [{"key": "x", "operator": "NotIn", "values": values}]
        }))
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"
        );
    }
}

#[test]
fn object_form_exists_with_values_is_an_error() {
    let err = LabelSelector::from_object(&json!({
        "matchExpressions": [{"key": "x", "operator": "Exists", "values": ["a", "b"]}]
    }))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"values: Invalid value: []string{"a", "b"}: values set must be empty for exists and does not exist"#
    );
}

#[test]
fn object_form_unknown_operator_is_an_error() {
    let err = |op: Value| {
        LabelSelector::from_object(&json!({"matchExpressions": [{"key": "x", "operator": op}]}))
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err(json!("Gt")),
        r#""Gt" is not a valid label selector operator"#
    );
    assert_eq!(
        err(json!("in")),
        r#""in" is not a valid label selector operator"#
    );
    assert_eq!(
        err(json!(null)),
        r#""" is not a valid label selector operator"#
    );
}

#[test]
fn object_form_validates_keys_and_values() {
    let err =
        LabelSelector::from_object(&json!({"matchLabels": {"app": "bad value!"}})).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(r#"values[0][app]: Invalid value: "bad value!": {VALUE_RULE}"#)
    );
    let err = LabelSelector::from_object(&json!({"matchLabels": {"bad key": "v"}})).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(r#"key: Invalid value: "bad key": {NAME_RULE}"#)
    );
    let err = LabelSelector::from_object(&json!({
        "matchExpressions": [{"operator": "Exists"}]
    }))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(r#"key: Invalid value: "": name part must be non-empty; {NAME_RULE}"#)
    );
}

#[test]
fn object_form_reports_the_first_bad_match_label_by_key() {
    let err =
        LabelSelector::from_object(&json!({"matchLabels": {"b": "-", "a": "-"}})).unwrap_err();
    assert!(err.to_string().starts_with("values[0][a]:"), "{err}");
}

#[test]
fn object_form_rejects_wrong_json_types() {
    let err = |v: Value| LabelSelector::from_object(&v).unwrap_err().to_string();
    assert_eq!(
        err(json!("app=web")),
        "invalid label selector: the selector must be an object"
    );
    assert_eq!(
        err(json!({"matchLabels": []})),
        "invalid label selector: matchLabels must be an object"
    );
    assert_eq!(
        err(json!({"matchLabels": {"app": 1}})),
        "invalid label selector: matchLabels.app must be a string"
    );
    assert_eq!(
        err(json!({"matchExpressions": {}})),
        "invalid label selector: matchExpressions must be an array"
    );
    assert_eq!(
        err(json!({"matchExpressions": ["x"]})),
        "invalid label selector: matchExpressions[0] must be an object"
    );
    assert_eq!(
        err(json!({"matchExpressions": [{"key": 1, "operator": "Exists"}]})),
        "invalid label selector: matchExpressions[0].key must be a string"
    );
    assert_eq!(
        err(json!({"matchExpressions": [{"key": "x", "operator": "In", "values": "a"}]})),
        "invalid label selector: matchExpressions[0].values must be an array"
    );
    assert_eq!(
        err(json!({"matchExpressions": [{"key": "x", "operator": "In", "values": ["a", 2]}]})),
        "invalid label selector: matchExpressions[0].values[1] must be a string"
    );
}

// --- other constructors and accessors -------------------------------------------------------

#[test]
fn from_set_selects_objects_carrying_every_pair() {
    let selector = LabelSelector::from_set(&labels(&[("app", "web"), ("a", "b")]));
    assert_eq!(selector.to_string(), "a=b,app=web");
    assert!(selector.matches(&labels(&[("app", "web"), ("a", "b"), ("extra", "x")])));
    assert!(!selector.matches(&labels(&[("app", "web")])));
    assert!(LabelSelector::from_set(&BTreeMap::new()).is_empty());
}

#[test]
fn from_requirements_sorts_by_key() {
    let selector = LabelSelector::from_requirements(vec![
        Requirement::new("key2", Operator::Equals, vec!["value2".into()]).unwrap(),
        Requirement::new("key", Operator::In, vec!["value".into()]).unwrap(),
    ]);
    assert_eq!(selector.to_string(), "key in (value),key2=value2");
}

#[test]
fn equality_pairs_are_the_requirements_pinning_one_value() {
    let selector = parse("app=web,env==prod,tier in (fe),zone in (a,b),x!=y,y,!z,n>1");
    assert_eq!(
        selector.equality_pairs(),
        [("app", "web"), ("env", "prod"), ("tier", "fe")]
    );
    assert!(parse("").equality_pairs().is_empty());
}

#[test]
fn requirement_accessors_expose_key_operator_and_values() {
    let selector = parse("x notin (b,a)");
    let requirement = &selector.requirements()[0];
    assert_eq!(requirement.key(), "x");
    assert_eq!(requirement.operator(), Operator::NotIn);
    assert_eq!(requirement.operator().to_string(), "notin");
    assert_eq!(requirement.values(), ["a", "b"]);
    assert_eq!(requirement.to_string(), "x notin (a,b)");
}
