//! Reading Kubernetes JSON the way upstream's typed printers see it, and the cell formats they
//! share (labels, selectors, container lists, quantities).
//!
//! Upstream prints from decoded Go structs, where an absent field is its zero value (`""`, `0`,
//! `false`, an empty list). These accessors give the same zero values, so each printer reads like
//! upstream's without a `match` per field.

use rk_api::selector::labels::LabelSelector;
use serde_json::Value;

use super::duration;

/// The member at `path` below `v`, if every step is present.
pub(super) fn field<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, key| v.get(key))
}

/// The string at `path`, if present and a string.
pub(super) fn opt_text<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    field(v, path).and_then(Value::as_str)
}

/// The string at `path`, or `""` (Go's zero value).
pub(super) fn text<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    opt_text(v, path).unwrap_or("")
}

/// The non-empty string at `path`, if any: a Go field that is set when not `""`.
pub(super) fn non_empty<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    opt_text(v, path).filter(|s| !s.is_empty())
}

/// The integer at `path`, if present.
pub(super) fn opt_int(v: &Value, path: &[&str]) -> Option<i64> {
    field(v, path).and_then(Value::as_i64)
}

/// The integer at `path`, or 0.
pub(super) fn int(v: &Value, path: &[&str]) -> i64 {
    opt_int(v, path).unwrap_or(0)
}

/// The boolean at `path`, if present.
pub(super) fn opt_bool(v: &Value, path: &[&str]) -> Option<bool> {
    field(v, path).and_then(Value::as_bool)
}

/// The array at `path`, or an empty one.
pub(super) fn list<'a>(v: &'a Value, path: &[&str]) -> &'a [Value] {
    field(v, path)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The number of members of the object (or elements of the array) at `path`: `len()` of a Go
/// map or slice.
pub(super) fn count(v: &Value, path: &[&str]) -> i64 {
    let len = match field(v, path) {
        Some(Value::Object(map)) => map.len(),
        Some(Value::Array(items)) => items.len(),
        _ => 0,
    };
    i64::try_from(len).unwrap_or(i64::MAX)
}

/// `metadata.name`.
pub(super) fn name(obj: &Value) -> &str {
    text(obj, &["metadata", "name"])
}

/// Whether `metadata.deletionTimestamp` is set.
pub(super) fn deleting(obj: &Value) -> bool {
    field(obj, &["metadata", "deletionTimestamp"]).is_some_and(|t| !t.is_null())
}

/// The Age cell: time since `metadata.creationTimestamp`, `<unknown>` without one.
pub(super) fn age(obj: &Value, now: i64) -> Value {
    since(obj, &["metadata", "creationTimestamp"], now).into()
}

/// Time since the timestamp at `path`, `<unknown>` without one (`translateTimestampSince`).
pub(super) fn since(obj: &Value, path: &[&str], now: i64) -> String {
    duration::since(opt_text(obj, path), now)
}

/// A string map as `labels.FormatLabels` prints it: `k=v` pairs sorted, comma-separated,
/// `<none>` when empty.
pub(super) fn format_labels(map: Option<&Value>) -> String {
    let mut pairs: Vec<String> = map
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={}", scalar(v)))
        .collect();
    pairs.sort();
    if pairs.is_empty() {
        "<none>".to_string()
    } else {
        pairs.join(",")
    }
}

/// A `metav1.LabelSelector` as `metav1.FormatLabelSelector` prints it: Kubernetes' canonical
/// selector string, `<none>` for an empty or absent selector, `<error>` for an invalid one.
pub(super) fn format_label_selector(selector: Option<&Value>) -> String {
    match LabelSelector::from_optional_object(selector) {
        Ok(s) => {
            let s = s.to_string();
            if s.is_empty() {
                "<none>".to_string()
            } else {
                s
            }
        }
        Err(_) => "<error>".to_string(),
    }
}

/// A `metav1.LabelSelector` as `LabelSelectorAsSelector(...).String()`: `""` for an empty or
/// absent selector, `<invalid>` for an invalid one (the Deployment printer's form).
pub(super) fn selector_string(selector: Option<&Value>) -> String {
    LabelSelector::from_optional_object(selector)
        .map_or_else(|_| "<invalid>".to_string(), |s| s.to_string())
}

/// Container names and images of a pod spec, each comma-separated (`layoutContainerCells`).
pub(super) fn containers(pod_spec: Option<&Value>) -> (String, String) {
    let containers = pod_spec.map_or(&[][..], |spec| list(spec, &["containers"]));
    let names: Vec<&str> = containers.iter().map(|c| text(c, &["name"])).collect();
    let images: Vec<&str> = containers.iter().map(|c| text(c, &["image"])).collect();
    (names.join(","), images.join(","))
}

/// The wide Containers and Images cells of a pod template at `path`.
pub(super) fn template_cells(obj: &Value, template_spec: &[&str]) -> [Value; 2] {
    let (names, images) = containers(field(obj, template_spec));
    [names.into(), images.into()]
}

/// A `resource.Quantity` as its `String()`. Kubernetes stores quantities canonicalised, so the
/// stored string is the canonical one; an absent quantity is the zero quantity, `0`.
pub(super) fn quantity(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => "0".to_string(),
    }
}

/// A `*resource.Quantity` as its `String()`: a nil pointer prints `<nil>`.
pub(super) fn quantity_ptr(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "<nil>".to_string(),
        some => quantity(some),
    }
}

/// An `intstr.IntOrString` as its `String()`: `1` or `50%`.
pub(super) fn int_or_string(v: &Value) -> String {
    scalar(v)
}

/// A JSON scalar as text: strings unquoted, anything else as JSON.
pub(super) fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Go's `printBool`: `True` / `False`.
pub(super) fn print_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

/// Joins the first `max` items and says how many more there were, as upstream's list cells do
/// (`a,b,c + 2 more...`); `<unset>` when there is nothing (`listWithMoreString`).
pub(super) fn list_with_more(items: &[String], total: usize, max: usize) -> String {
    let shown = items
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join(",");
    if total > max {
        return format!("{shown} + {} more...", total - max);
    }
    if shown.is_empty() {
        "<unset>".to_string()
    } else {
        shown
    }
}

/// Go's `net.JoinHostPort`: IPv6 addresses in brackets.
pub(super) fn join_host_port(host: &str, port: i64) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Load-balancer ingress points (`status.loadBalancer.ingress[]`, IP or else hostname) sorted and
/// de-duplicated, comma-separated: upstream's `loadBalancerStatusStringer`, which truncates only
/// for non-wide output — and the server always prints wide.
pub(super) fn load_balancer_ingress(status: Option<&Value>) -> String {
    let mut points: Vec<&str> = status
        .map_or(&[][..], |s| list(s, &["ingress"]))
        .iter()
        .filter_map(|i| non_empty(i, &["ip"]).or_else(|| non_empty(i, &["hostname"])))
        .collect();
    points.sort_unstable();
    points.dedup();
    points.join(",")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn labels_print_sorted_or_none() {
        let labels = json!({"tier": "web", "app": "shop"});
        assert_eq!(format_labels(Some(&labels)), "app=shop,tier=web");
        assert_eq!(format_labels(Some(&json!({}))), "<none>");
        assert_eq!(format_labels(None), "<none>");
    }

    #[test]
    fn label_selectors_print_canonically_sorted_by_key() {
        let selector = json!({
            "matchLabels": {"app": "shop"},
            "matchExpressions": [
                {"key": "tier", "operator": "In", "values": ["web", "api"]},
                {"key": "canary", "operator": "DoesNotExist"}
            ]
        });
        assert_eq!(
            format_label_selector(Some(&selector)),
            "app=shop,!canary,tier in (api,web)"
        );
        assert_eq!(format_label_selector(Some(&json!({}))), "<none>");
        assert_eq!(format_label_selector(None), "<none>");
        let bad = json!({"matchExpressions": [{"key": "a", "operator": "Near"}]});
        assert_eq!(format_label_selector(Some(&bad)), "<error>");
        assert_eq!(selector_string(Some(&bad)), "<invalid>");
        assert_eq!(selector_string(None), "");
    }

    #[test]
    fn long_lists_say_how_many_more() {
        let items: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        assert_eq!(list_with_more(&items, 5, 3), "a,b,c + 2 more...");
        assert_eq!(list_with_more(&items[..2], 2, 3), "a,b");
        assert_eq!(list_with_more(&[], 0, 3), "<unset>");
    }

    #[test]
    fn ipv6_hosts_get_brackets() {
        assert_eq!(join_host_port("10.0.0.1", 80), "10.0.0.1:80");
        assert_eq!(join_host_port("fd00::1", 80), "[fd00::1]:80");
    }

    #[test]
    fn load_balancer_points_are_sorted_and_unique() {
        let status = json!({"ingress": [{"ip": "10.0.0.9"}, {"hostname": "lb.example.com"}, {"ip": "10.0.0.9"}]});
        assert_eq!(
            load_balancer_ingress(Some(&status)),
            "10.0.0.9,lb.example.com"
        );
        assert_eq!(load_balancer_ingress(None), "");
    }
}
