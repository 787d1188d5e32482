//! What every kind's rules share: field paths as Kubernetes prints them
//! (`spec.containers[0].ports[1]`, `resources.limits[cpu]`), readers over JSON objects, and
//! apimachinery's validators (`util/validation`, `meta/v1/validation`) with their exact
//! messages.

use rk_api::selector::LabelSelector;
use rk_api::status::FieldError;
use serde_json::{Map, Value};

pub type Errors = Vec<FieldError>;

/// `must be greater than or equal to 0` (apimachinery's `IsNegativeErrorMsg`).
pub const IS_NEGATIVE: &str = "must be greater than or equal to 0";
/// `field is immutable` (apimachinery's `FieldImmutableErrorMsg`).
pub const IMMUTABLE: &str = "field is immutable";

// ---- paths -------------------------------------------------------------------------------

/// `path.name` (`name` alone at the root).
pub fn child(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// `path[i]`
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// `path[key]`, as Kubernetes prints map keys.
pub fn key(path: &str, k: &str) -> String {
    format!("{path}[{k}]")
}

// ---- readers -----------------------------------------------------------------------------

/// A member that is present and not `null`.
pub fn get<'a>(v: &'a Value, k: &str) -> Option<&'a Value> {
    v.get(k).filter(|x| !x.is_null())
}

/// A string member, `""` when absent (Go's zero value).
pub fn text<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

pub fn int(v: &Value, k: &str) -> Option<i64> {
    v.get(k).and_then(Value::as_i64)
}

pub fn boolean(v: &Value, k: &str) -> Option<bool> {
    v.get(k).and_then(Value::as_bool)
}

/// An array member, empty when absent.
pub fn list<'a>(v: &'a Value, k: &str) -> &'a [Value] {
    v.get(k)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The members of an object member, sorted by key.
pub fn entries<'a>(v: &'a Value, k: &str) -> Vec<(&'a String, &'a Value)> {
    let mut e: Vec<_> = v
        .get(k)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .collect();
    e.sort_by(|a, b| a.0.cmp(b.0));
    e
}

/// The object member `k` of `v`, created as `{}` when missing (`None` if `v` is no object).
pub fn object_mut<'a>(v: &'a mut Value, k: &str) -> Option<&'a mut Map<String, Value>> {
    let map = v.as_object_mut()?;
    let member = map.entry(k).or_insert_with(|| Value::Object(Map::new()));
    if member.is_null() {
        *member = Value::Object(Map::new());
    }
    member.as_object_mut()
}

/// The member `k` of `v` as a JSON value, created as `{}` when missing.
pub fn member_mut<'a>(v: &'a mut Value, k: &str) -> Option<&'a mut Value> {
    object_mut(v, k)?;
    v.get_mut(k)
}

/// Sets `v.k = value` unless it is already set (to anything but `null` or `""`).
pub fn default_to(v: &mut Value, k: &str, value: Value) {
    if let Some(map) = v.as_object_mut() {
        let unset = map
            .get(k)
            .is_none_or(|x| x.is_null() || x.as_str() == Some(""));
        if unset {
            map.insert(k.to_string(), value);
        }
    }
}

/// Every element of the array member `k`, mutably.
pub fn each_mut<'a>(v: &'a mut Value, k: &str) -> impl Iterator<Item = &'a mut Value> {
    v.get_mut(k)
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
}

// ---- apimachinery's message builders ------------------------------------------------------

pub fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} characters")
}

pub fn inclusive_range_error(lo: i64, hi: i64) -> String {
    format!("must be between {lo} and {hi}, inclusive")
}

/// `msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')`, with upstream's spacing.
pub fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{fmt}')");
    }
    let shown: Vec<String> = examples.iter().map(|e| format!("'{e}', ")).collect();
    format!(
        "{msg} (e.g. {}regex used for validation is '{fmt}')",
        shown.join(" or ")
    )
}

// ---- string validators (each returns upstream's messages) ---------------------------------

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

fn dns_label_ok(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

fn dns_subdomain_ok(s: &str) -> bool {
    s.split('.').all(dns_label_ok)
}

pub fn is_dns1123_label(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !dns_label_ok(s) {
        if dns_subdomain_ok(s) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(regex_error(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

pub fn is_dns1123_subdomain(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push(max_len_error(253));
    }
    if !dns_subdomain_ok(s) {
        errs.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

pub fn is_dns1035_label(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !dns_label_ok(s) || !s.as_bytes()[0].is_ascii_lowercase() {
        errs.push(regex_error(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            "[a-z]([-a-z0-9]*[a-z0-9])?",
            &["my-name", "abc-123"],
        ));
    }
    errs
}

fn qualified_part_ok(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
}

/// A "qualified name": `name` or `prefix/name` with a DNS subdomain prefix (label keys,
/// annotation keys, resource names).
pub fn is_qualified_name(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = s.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                errs.extend(
                    is_dns1123_subdomain(prefix)
                        .into_iter()
                        .map(|m| format!("prefix part {m}")),
                );
            }
            *name
        }
        _ => {
            errs.push(format!(
                "a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, &["MyName", "my.name", "123-abc"])
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", max_len_error(63)));
    }
    if !qualified_part_ok(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                QUALIFIED_NAME_MSG,
                QUALIFIED_NAME_FMT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errs
}

pub fn is_label_value(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !s.is_empty() && !qualified_part_ok(s) {
        errs.push(regex_error(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
            "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?",
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

pub fn is_config_map_key(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push(max_len_error(253));
    }
    if s.is_empty()
        || !s
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
    {
        errs.push(regex_error(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
            "[-._a-zA-Z0-9]+",
            &["key.name", "KEY_NAME", "key-name"],
        ));
    }
    match s {
        "." => errs.push("must not be '.'".to_string()),
        ".." => errs.push("must not be '..'".to_string()),
        _ if s.starts_with("..") => errs.push("must not start with '..'".to_string()),
        _ => {}
    }
    errs
}

/// Environment variable names as Kubernetes 1.33 checks them (RelaxedEnvironmentVariableValidation
/// is on by default): any printable ASCII but `=`.
pub fn is_env_var_name(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.is_empty() {
        errs.push("environment variable name must be non-empty".to_string());
    }
    if s.chars().any(|c| !(' '..='~').contains(&c) || c == '=') {
        errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='".to_string());
    }
    errs
}

pub fn is_valid_port_num(port: i64) -> Vec<String> {
    if (1..=65535).contains(&port) {
        Vec::new()
    } else {
        vec![inclusive_range_error(1, 65535)]
    }
}

pub fn is_valid_port_name(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if port.len() > 15 {
        errs.push(max_len_error(15));
    }
    if port.is_empty()
        || !port
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if !port.bytes().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if port.starts_with('-') || port.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

pub fn is_valid_percent(s: &str) -> Vec<String> {
    let digits = s.strip_suffix('%').unwrap_or("");
    if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    vec![regex_error(
        "a valid percent string must be a numeric string followed by an ending '%'",
        "[0-9]+%",
        &["1%", "93%"],
    )]
}

pub fn is_http_header_name(s: &str) -> Vec<String> {
    if !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
        return Vec::new();
    }
    vec![regex_error(
        "a valid HTTP header must consist of alphanumeric characters or '-'",
        "[-A-Za-z0-9]+",
        &["X-Header-Name"],
    )]
}

/// `IsValidIP`: an IPv4 or IPv6 address in canonical-enough form.
pub fn validate_ip(path: &str, ip: &str, errs: &mut Errors) {
    if ip.parse::<std::net::IpAddr>().is_err() {
        errs.push(FieldError::invalid(
            path,
            ip,
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        ));
    }
}

/// `IsValidCIDR`: `address/prefix`.
pub fn validate_cidr(path: &str, cidr: &str, errs: &mut Errors) {
    let ok = cidr
        .split_once('/')
        .is_some_and(|(ip, bits)| match ip.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V4(_)) => bits.parse::<u8>().is_ok_and(|b| b <= 32),
            Ok(std::net::IpAddr::V6(_)) => bits.parse::<u8>().is_ok_and(|b| b <= 128),
            Err(_) => false,
        });
    if !ok {
        errs.push(FieldError::invalid(
            path,
            cidr,
            "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
        ));
    }
}

// ---- field validators ------------------------------------------------------------------------

/// One `Invalid` error per message.
pub fn invalid_each(path: &str, value: &str, msgs: Vec<String>, errs: &mut Errors) {
    errs.extend(
        msgs.into_iter()
            .map(|m| FieldError::invalid(path, value, m)),
    );
}

pub fn validate_dns1123_label(value: &str, path: &str, errs: &mut Errors) {
    invalid_each(path, value, is_dns1123_label(value), errs);
}

pub fn validate_dns1123_subdomain(value: &str, path: &str, errs: &mut Errors) {
    invalid_each(path, value, is_dns1123_subdomain(value), errs);
}

pub fn validate_qualified_name(value: &str, path: &str, errs: &mut Errors) {
    invalid_each(path, value, is_qualified_name(value), errs);
}

pub fn validate_nonnegative(value: i64, path: &str, errs: &mut Errors) {
    if value < 0 {
        errs.push(FieldError::invalid(path, value, IS_NEGATIVE));
    }
}

/// An optional integer member, checked to be `>= 0` when present.
pub fn nonnegative_member(v: &Value, k: &str, path: &str, errs: &mut Errors) {
    if let Some(n) = int(v, k) {
        validate_nonnegative(n, &child(path, k), errs);
    }
}

/// `ValidateLabels`: keys are qualified names, values label values; errors carry the map's
/// path, not the key's, as upstream.
pub fn validate_labels(labels: Option<&Value>, path: &str, errs: &mut Errors) {
    let Some(m) = labels.and_then(Value::as_object) else {
        return;
    };
    let mut pairs: Vec<_> = m.iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    for (k, v) in pairs {
        validate_qualified_name(k, path, errs);
        let v = v.as_str().unwrap_or("");
        invalid_each(path, v, is_label_value(v), errs);
    }
}

/// The most bytes annotations may take together.
const ANNOTATIONS_LIMIT: usize = 256 * 1024;

/// `ValidateAnnotations`: keys are qualified names (case-insensitively), 256 KiB in total.
pub fn validate_annotations(annotations: Option<&Value>, path: &str, errs: &mut Errors) {
    let Some(m) = annotations.and_then(Value::as_object) else {
        return;
    };
    let mut keys: Vec<&String> = m.keys().collect();
    keys.sort();
    let mut total = 0;
    for k in keys {
        invalid_each(path, k, is_qualified_name(&k.to_lowercase()), errs);
        total += k.len() + m.get(k).and_then(Value::as_str).map_or(0, str::len);
    }
    if total > ANNOTATIONS_LIMIT {
        errs.push(FieldError::too_long(path, ANNOTATIONS_LIMIT));
    }
}

/// `ValidateLabelSelector` on a `metav1.LabelSelector` object.
pub fn validate_label_selector(selector: Option<&Value>, path: &str, errs: &mut Errors) {
    let Some(sel) = selector.filter(|s| !s.is_null()) else {
        return;
    };
    validate_labels(sel.get("matchLabels"), &child(path, "matchLabels"), errs);
    for (i, expr) in list(sel, "matchExpressions").iter().enumerate() {
        let at = index(&child(path, "matchExpressions"), i);
        let values = list(expr, "values");
        match text(expr, "operator") {
            "In" | "NotIn" if values.is_empty() => {
                errs.push(FieldError::required(
                    child(&at, "values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                ));
            }
            "In" | "NotIn" => {}
            "Exists" | "DoesNotExist" if !values.is_empty() => errs.push(FieldError::forbidden(
                child(&at, "values"),
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            )),
            "Exists" | "DoesNotExist" => {}
            op => errs.push(FieldError::invalid(
                child(&at, "operator"),
                op,
                "not a valid selector operator",
            )),
        }
        validate_qualified_name(text(expr, "key"), &child(&at, "key"), errs);
        for (j, v) in values.iter().enumerate() {
            let v = v.as_str().unwrap_or("");
            invalid_each(&index(&child(&at, "values"), j), v, is_label_value(v), errs);
        }
    }
}

/// The selector a `metav1.LabelSelector` member means: `None` when it is not a valid selector
/// (upstream's `LabelSelectorAsSelector` error), "nothing" when absent.
pub fn selector_of(selector: Option<&Value>) -> Option<LabelSelector> {
    LabelSelector::from_optional_object(selector.filter(|s| !s.is_null())).ok()
}

/// Whether a selector object has neither matchLabels nor matchExpressions.
pub fn selector_is_empty(selector: &Value) -> bool {
    selector
        .get("matchLabels")
        .and_then(Value::as_object)
        .is_none_or(Map::is_empty)
        && selector
            .get("matchExpressions")
            .and_then(Value::as_array)
            .is_none_or(Vec::is_empty)
}

/// `field is immutable` when `new` differs from `old` (both possibly absent), reporting the
/// new value (or `null`).
pub fn immutable(new: Option<&Value>, old: Option<&Value>, path: &str, errs: &mut Errors) {
    let norm = |v: Option<&Value>| v.filter(|x| !x.is_null()).cloned();
    if norm(new) != norm(old) {
        let value = norm(new).unwrap_or(Value::Null);
        // Workload selectors are `*metav1.LabelSelector`: upstream prints the Go struct.
        let is_label_selector = path.ends_with("selector")
            && value.as_object().is_some_and(|m| {
                m.keys()
                    .all(|k| k == "matchLabels" || k == "matchExpressions")
            });
        errs.push(if is_label_selector {
            let rendered = rk_api::status::go_label_selector(&value);
            FieldError::invalid_rendered(path, value, rendered, IMMUTABLE)
        } else {
            FieldError::invalid(path, value, IMMUTABLE)
        });
    }
}

/// An `apps` update strategy as Go's `%#v` prints the internal struct upstream validates:
/// `apps.DeploymentStrategy{Type:"Fast", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`.
/// (A set rollingUpdate is a pointer, which Go prints as an address: rk prints a fixed one.)
pub fn go_strategy(go_type: &str, rolling_type: &str, strategy: &Value) -> String {
    let kind = strategy.get("type").and_then(Value::as_str).unwrap_or("");
    let rolling = if strategy.get("rollingUpdate").is_some_and(|v| !v.is_null()) {
        "0xc000010000"
    } else {
        "nil"
    };
    format!("apps.{go_type}{{Type:{kind:?}, RollingUpdate:(*apps.{rolling_type})({rolling})}}")
}

/// An invalid `*metav1.LabelSelector`, printed as upstream prints the Go struct.
pub fn invalid_label_selector(path: &str, selector: &Value, detail: &str) -> FieldError {
    FieldError::invalid_rendered(
        path,
        selector.clone(),
        rk_api::status::go_label_selector(selector),
        detail,
    )
}

/// A `NotFound` error (`Not found: "x"`). rk-api's `FieldError` has no such kind yet, so it is
/// worded as an invalid value; the path and value are upstream's.
pub fn not_found(path: impl Into<String>, value: &str) -> FieldError {
    FieldError::invalid(path, value, "not found")
}

/// A string-keyed map as a JSON object: how rk prints the Go maps that upstream prints with
/// `%#v` (`map[string]string{"app":"web"}`); rk-api's `FieldError` has no raw rendering.
pub fn map_value(m: Option<&Value>) -> Value {
    m.filter(|v| v.is_object()).cloned().unwrap_or(Value::Null)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_print_like_field_path() {
        assert_eq!(index(&child("spec", "containers"), 0), "spec.containers[0]");
        assert_eq!(key("resources.limits", "cpu"), "resources.limits[cpu]");
        assert_eq!(child("", "spec"), "spec");
    }

    #[test]
    fn dns_labels_and_subdomains() {
        assert!(is_dns1123_label("web-1").is_empty());
        assert_eq!(is_dns1123_label("a.b"), vec!["must not contain dots"]);
        assert_eq!(
            is_dns1123_label("Web_1")[0],
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
        );
        assert_eq!(
            is_dns1123_label(&"a".repeat(64)),
            vec!["must be no more than 63 characters"]
        );
        assert!(is_dns1123_subdomain("a.b-c").is_empty());
        assert_eq!(is_dns1035_label("1abc").len(), 1);
    }

    #[test]
    fn qualified_names_and_label_values() {
        assert!(is_qualified_name("example.com/My_Name").is_empty());
        assert_eq!(
            is_qualified_name("bad key!"),
            vec![
                "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
            ]
        );
        assert_eq!(
            is_qualified_name("/x"),
            vec!["prefix part must be non-empty"]
        );
        assert_eq!(is_qualified_name("a/b/c").len(), 1);
        assert!(is_label_value("").is_empty());
        assert_eq!(is_label_value("-x").len(), 1);
    }

    #[test]
    fn ports_percent_env_and_keys() {
        assert_eq!(
            is_valid_port_num(70000),
            vec!["must be between 1 and 65535, inclusive"]
        );
        assert_eq!(
            is_valid_port_name("123"),
            vec!["must contain at least one letter (a-z)"]
        );
        assert_eq!(
            is_valid_port_name("a--b"),
            vec!["must not contain consecutive hyphens"]
        );
        assert_eq!(
            is_valid_port_name("very-long-port-name"),
            vec!["must be no more than 15 characters"]
        );
        assert!(is_valid_percent("25%").is_empty());
        assert_eq!(
            is_valid_percent("x%")[0],
            "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
        );
        assert!(is_env_var_name("1-weird.NAME").is_empty());
        assert_eq!(
            is_env_var_name("A=B"),
            vec![
                "a valid environment variable name must consist only of printable ASCII characters other than '='"
            ]
        );
        assert_eq!(is_config_map_key(".."), vec!["must not be '..'"]);
        assert_eq!(is_config_map_key("a b").len(), 1);
    }

    #[test]
    fn selectors_are_checked_like_validate_label_selector() {
        let mut errs = Vec::new();
        let sel = json!({"matchLabels": {"app": "-bad"}, "matchExpressions": [{"key": "k", "operator": "In"}, {"key": "k", "operator": "Has"}]});
        validate_label_selector(Some(&sel), "spec.selector", &mut errs);
        let got: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert!(got[0].starts_with(
            "spec.selector.matchLabels: Invalid value: \"-bad\": a valid label must be"
        ));
        assert_eq!(
            got[1],
            "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"
        );
        assert_eq!(
            got[2],
            "spec.selector.matchExpressions[1].operator: Invalid value: \"Has\": not a valid selector operator"
        );
    }

    #[test]
    fn immutable_reports_the_new_value() {
        let mut errs = Vec::new();
        immutable(
            Some(&json!(2)),
            Some(&json!(1)),
            "spec.completions",
            &mut errs,
        );
        immutable(Some(&json!(1)), Some(&json!(1)), "spec.x", &mut errs);
        assert_eq!(errs.len(), 1);
        assert_eq!(
            errs[0].to_string(),
            "spec.completions: Invalid value: 2: field is immutable"
        );
    }

    #[test]
    fn defaults_fill_only_unset_members() {
        let mut v = json!({"a": "", "b": "x", "c": null});
        for k in ["a", "b", "c", "d"] {
            default_to(&mut v, k, json!("d"));
        }
        assert_eq!(v, json!({"a": "d", "b": "x", "c": "d", "d": "d"}));
    }
}
