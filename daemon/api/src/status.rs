//! Kubernetes' `Status`: the one error every rk API answer uses on the wire.
//!
//! kubectl and scripts parse these messages (`Error from server (NotFound): pods "x" not found`),
//! so each constructor writes Kubernetes' exact wording. [`ApiError`] is what handlers return;
//! [`ApiError::status`] is the body sent with its HTTP code.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `meta/v1 Status`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub kind: String,
    pub api_version: String,
    pub metadata: Value,
    pub status: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<StatusDetails>,
    pub code: u16,
}

/// `meta/v1 StatusDetails`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusDetails {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub group: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<StatusCause>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u32>,
}

/// `meta/v1 StatusCause`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusCause {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
}

impl Status {
    /// A `Success` status, as DELETE of a collection or an eviction answers.
    pub fn success(code: u16) -> Self {
        Status {
            kind: "Status".into(),
            api_version: "v1".into(),
            metadata: Value::Object(Default::default()),
            status: "Success".into(),
            message: String::new(),
            reason: String::new(),
            details: None,
            code,
        }
    }
}

/// What failed in one field of an invalid object (Kubernetes' `field.Error`).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub kind: FieldErrorKind,
    /// The field's path, e.g. `spec.containers[0].image`.
    pub field: String,
    /// The offending value, quoted in the message where Kubernetes quotes it.
    pub value: Option<Value>,
    /// The value as Go's `%#v` prints a typed value (`v1.LabelSelector{…}`), when the JSON
    /// value alone cannot say which Go type Kubernetes would print.
    pub rendered: Option<String>,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FieldErrorKind {
    Required,
    Invalid,
    /// The values that would have been accepted.
    NotSupported(Vec<String>),
    Duplicate,
    Forbidden,
    /// The most bytes (or items) allowed.
    TooLong(usize),
    TooMany(usize),
}

impl FieldError {
    pub fn required(field: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError { kind: FieldErrorKind::Required, field: field.into(), value: None, rendered: None, detail: detail.into() }
    }
    pub fn invalid(field: impl Into<String>, value: impl Into<Value>, detail: impl Into<String>) -> Self {
        FieldError { kind: FieldErrorKind::Invalid, field: field.into(), value: Some(value.into()), rendered: None, detail: detail.into() }
    }
    pub fn not_supported(field: impl Into<String>, value: impl Into<Value>, supported: &[&str]) -> Self {
        FieldError {
            kind: FieldErrorKind::NotSupported(supported.iter().map(|s| s.to_string()).collect()),
            field: field.into(),
            value: Some(value.into()),
            rendered: None,
            detail: String::new(),
        }
    }
    pub fn duplicate(field: impl Into<String>, value: impl Into<Value>) -> Self {
        FieldError { kind: FieldErrorKind::Duplicate, field: field.into(), value: Some(value.into()), rendered: None, detail: String::new() }
    }
    pub fn forbidden(field: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError { kind: FieldErrorKind::Forbidden, field: field.into(), value: None, rendered: None, detail: detail.into() }
    }
    pub fn too_long(field: impl Into<String>, max: usize) -> Self {
        FieldError { kind: FieldErrorKind::TooLong(max), field: field.into(), value: None, rendered: None, detail: String::new() }
    }
    pub fn too_many(field: impl Into<String>, max: usize) -> Self {
        FieldError { kind: FieldErrorKind::TooMany(max), field: field.into(), value: None, rendered: None, detail: String::new() }
    }

    /// An invalid value printed as Go prints its typed form (see [`go_label_selector`]).
    pub fn invalid_rendered(field: impl Into<String>, value: Value, rendered: String, detail: impl Into<String>) -> Self {
        FieldError { kind: FieldErrorKind::Invalid, field: field.into(), value: Some(value), rendered: Some(rendered), detail: detail.into() }
    }

    /// The cause reason Kubernetes puts in `details.causes[].reason`.
    pub fn reason(&self) -> &'static str {
        match self.kind {
            FieldErrorKind::Required => "FieldValueRequired",
            FieldErrorKind::Invalid => "FieldValueInvalid",
            FieldErrorKind::NotSupported(_) => "FieldValueNotSupported",
            FieldErrorKind::Duplicate => "FieldValueDuplicate",
            FieldErrorKind::Forbidden => "FieldValueForbidden",
            FieldErrorKind::TooLong(_) => "FieldValueTooLong",
            FieldErrorKind::TooMany(_) => "FieldValueTooMany",
        }
    }

    /// The message without the field path (`Required value`, `Invalid value: "x": detail`).
    pub fn body(&self) -> String {
        let value = || self.rendered.clone().or_else(|| self.value.as_ref().map(|v| quote(&self.field, v))).unwrap_or_default();
        let with_detail = |s: String| if self.detail.is_empty() { s } else { format!("{s}: {}", self.detail) };
        match &self.kind {
            FieldErrorKind::Required => with_detail("Required value".into()),
            FieldErrorKind::Invalid => with_detail(format!("Invalid value: {}", value())),
            FieldErrorKind::NotSupported(ok) => {
                let list: Vec<String> = ok.iter().map(|s| format!("{s:?}")).collect();
                format!("Unsupported value: {}: supported values: {}", value(), list.join(", "))
            }
            FieldErrorKind::Duplicate => format!("Duplicate value: {}", value()),
            FieldErrorKind::Forbidden => with_detail("Forbidden".into()),
            FieldErrorKind::TooLong(max) => format!("Too long: may not be more than {max} bytes"),
            FieldErrorKind::TooMany(max) => format!("Too many: must have at most {max} items"),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

/// A value as Kubernetes prints it in field errors (Go's `%q` for strings, `%v` for numbers and
/// booleans, `%#v` for the rest): string lists as `[]string{"a", "b"}`, string maps as
/// `map[string]string{"k":"v"}` in the fields Kubernetes types that way; other structures,
/// whose Go type a JSON value does not carry, as JSON.
fn quote(field: &str, v: &Value) -> String {
    let last = field.rsplit('.').next().unwrap_or("").split('[').next().unwrap_or("");
    let string_map = matches!(last, "labels" | "annotations" | "selector" | "nodeSelector" | "matchLabels" | "data" | "stringData");
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Object(m) if string_map && !m.is_empty() && m.values().all(Value::is_string) => go_string_map(m),
        Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_string) => go_string_slice(a),
        other => other.to_string(),
    }
}

fn go_string_map(m: &serde_json::Map<String, Value>) -> String {
    let mut pairs: Vec<(&String, &str)> = m.iter().map(|(k, v)| (k, v.as_str().unwrap_or(""))).collect();
    pairs.sort();
    let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
    format!("map[string]string{{{}}}", body.join(", "))
}

fn go_string_slice(a: &[Value]) -> String {
    let body: Vec<String> = a.iter().map(|v| format!("{:?}", v.as_str().unwrap_or(""))).collect();
    format!("[]string{{{}}}", body.join(", "))
}

/// A `metav1.LabelSelector` as Go's `%#v` prints it, as upstream's selector errors show it:
/// `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"},
/// MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
pub fn go_label_selector(selector: &Value) -> String {
    let labels = match selector.get("matchLabels").and_then(Value::as_object) {
        Some(m) if !m.is_empty() => go_string_map(m),
        Some(_) => "map[string]string{}".to_string(),
        None => "map[string]string(nil)".to_string(),
    };
    let expressions = match selector.get("matchExpressions").and_then(Value::as_array) {
        None => "[]v1.LabelSelectorRequirement(nil)".to_string(),
        Some(list) => {
            let items: Vec<String> = list
                .iter()
                .map(|r| {
                    let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                    let values = match r.get("values").and_then(Value::as_array) {
                        None => "[]string(nil)".to_string(),
                        Some(v) if v.is_empty() => "[]string{}".to_string(),
                        Some(v) => go_string_slice(v),
                    };
                    format!("v1.LabelSelectorRequirement{{Key:{:?}, Operator:{:?}, Values:{values}}}", s("key"), s("operator"))
                })
                .collect();
            format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
        }
    };
    format!("v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{expressions}}}")
}

/// `resource.group` as Kubernetes names a resource in messages (`pods`, `deployments.apps`).
fn qualified(group: &str, resource: &str) -> String {
    if group.is_empty() { resource.to_string() } else { format!("{resource}.{group}") }
}

/// An API error: an HTTP code and the `Status` that explains it. The details are boxed: errors
/// travel through every `Result` of a request, and most have none.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub code: u16,
    pub reason: &'static str,
    pub message: String,
    pub details: Option<Box<StatusDetails>>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    fn new(code: u16, reason: &'static str, message: impl Into<String>) -> Self {
        ApiError { code, reason, message: message.into(), details: None }
    }

    fn named(mut self, group: &str, kind: &str, name: &str) -> Self {
        self.details = Some(Box::new(StatusDetails {
            name: name.into(),
            group: group.into(),
            kind: kind.into(),
            ..Default::default()
        }));
        self
    }

    /// `pods "x" not found` (404).
    pub fn not_found(group: &str, resource: &str, name: &str) -> Self {
        Self::new(404, "NotFound", format!("{} {name:?} not found", qualified(group, resource))).named(group, resource, name)
    }

    /// `pods "x" already exists` (409).
    pub fn already_exists(group: &str, resource: &str, name: &str) -> Self {
        Self::new(409, "AlreadyExists", format!("{} {name:?} already exists", qualified(group, resource)))
            .named(group, resource, name)
    }

    /// A lost optimistic-concurrency race (409): the client must re-read and retry.
    pub fn conflict(group: &str, resource: &str, name: &str, why: &str) -> Self {
        Self::new(
            409,
            "Conflict",
            format!("Operation cannot be fulfilled on {} {name:?}: {why}", qualified(group, resource)),
        )
        .named(group, resource, name)
    }

    /// The wording of a resourceVersion precondition that failed.
    pub const MODIFIED: &'static str =
        "the object has been modified; please apply your changes to the latest version and try again";

    /// `Pod "busy" is invalid: spec.containers[0].image: Required value` (422), with one cause
    /// per field error.
    pub fn invalid(group: &str, kind: &str, name: &str, errors: Vec<FieldError>) -> Self {
        let list = match errors.as_slice() {
            [one] => one.to_string(),
            many => format!("[{}]", many.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
        };
        let causes = errors
            .iter()
            .map(|e| StatusCause { reason: e.reason().into(), message: e.body(), field: e.field.clone() })
            .collect();
        let mut err = Self::new(422, "Invalid", format!("{kind} {name:?} is invalid: {list}")).named(group, kind, name);
        if let Some(d) = err.details.as_mut() {
            d.causes = causes;
        }
        err
    }

    /// A resourceVersion older than the store's history (410).
    pub fn gone(message: impl Into<String>) -> Self {
        Self::new(410, "Expired", message)
    }

    /// `too old resource version: 5 (120)` (410), as a watch or list below the compaction gets.
    pub fn too_old_resource_version(requested: i64, oldest: i64) -> Self {
        Self::gone(format!("too old resource version: {requested} ({oldest})"))
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "BadRequest", message)
    }

    /// 401, as an unauthenticated request to anything but the public endpoints gets.
    pub fn unauthorized() -> Self {
        Self::new(401, "Unauthorized", "Unauthorized")
    }

    /// `pods "x" is forbidden: User "bob" cannot get resource "pods" in API group "" in the
    /// namespace "default"` (403); cluster-scoped requests say `at the cluster scope`.
    pub fn forbidden(user: &str, verb: &str, group: &str, resource: &str, name: &str, namespace: &str) -> Self {
        let subject = if name.is_empty() { qualified(group, resource) } else { format!("{} {name:?}", qualified(group, resource)) };
        let scope = if namespace.is_empty() { " at the cluster scope".to_string() } else { format!(" in the namespace {namespace:?}") };
        Self::new(
            403,
            "Forbidden",
            format!("{subject} is forbidden: User {user:?} cannot {verb} resource {resource:?} in API group {group:?}{scope}"),
        )
        .named(group, resource, name)
    }

    /// Adds the authorizer's reason to a Forbidden message (`…: node 'n1' cannot modify node 'n2'`).
    pub fn because(mut self, reason: &str) -> Self {
        if !reason.is_empty() {
            self.message = format!("{}: {reason}", self.message);
        }
        self
    }

    /// 405, in Kubernetes' words (the resource is named in the details).
    pub fn method_not_supported(group: &str, resource: &str, _verb: &str) -> Self {
        Self::new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource").named(group, resource, "")
    }

    pub fn not_acceptable(message: impl Into<String>) -> Self {
        Self::new(406, "NotAcceptable", message)
    }

    pub fn unsupported_media_type(content_type: &str) -> Self {
        Self::new(415, "UnsupportedMediaType", format!("the body of the request was in an unknown format - accepted media types include: application/json, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json; got {content_type:?}"))
    }

    /// 413: the request body is over the limit.
    pub fn request_entity_too_large(limit: usize) -> Self {
        Self::new(413, "RequestEntityTooLarge", format!("Request entity too large: limit is {limit}"))
    }

    /// 429 with a retry hint, as a refused eviction answers.
    pub fn too_many_requests(message: impl Into<String>, retry_after_seconds: u32) -> Self {
        let mut e = Self::new(429, "TooManyRequests", message);
        e.details = Some(Box::new(StatusDetails { retry_after_seconds: Some(retry_after_seconds), ..Default::default() }));
        e
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(500, "InternalError", format!("Internal error occurred: {}", message.into()))
    }

    pub fn service_unavailable(message: impl Into<String>) -> Self {
        Self::new(503, "ServiceUnavailable", message)
    }

    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(504, "Timeout", message)
    }

    /// The `Status` body sent with [`ApiError::code`].
    pub fn status(&self) -> Status {
        Status {
            kind: "Status".into(),
            api_version: "v1".into(),
            metadata: Value::Object(Default::default()),
            status: "Failure".into(),
            message: self.message.clone(),
            reason: self.reason.into(),
            details: self.details.as_deref().cloned(),
            code: self.code,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn not_found_reads_as_kubectl_prints_it() {
        let e = ApiError::not_found("", "pods", "x");
        assert_eq!(e.message, r#"pods "x" not found"#);
        let s = serde_json::to_value(e.status()).unwrap();
        assert_eq!(
            s,
            json!({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                   "message":"pods \"x\" not found","reason":"NotFound",
                   "details":{"name":"x","kind":"pods"},"code":404})
        );
        assert_eq!(ApiError::not_found("apps", "deployments", "web").message, r#"deployments.apps "web" not found"#);
    }

    #[test]
    fn invalid_lists_each_field_with_a_cause() {
        let one = ApiError::invalid("", "Pod", "busy", vec![FieldError::required("spec.containers[0].image", "")]);
        assert_eq!(one.message, r#"Pod "busy" is invalid: spec.containers[0].image: Required value"#);
        let d = *one.details.unwrap();
        assert_eq!(d.causes, vec![StatusCause {
            reason: "FieldValueRequired".into(),
            message: "Required value".into(),
            field: "spec.containers[0].image".into()
        }]);

        let two = ApiError::invalid(
            "apps",
            "Deployment",
            "web",
            vec![
                FieldError::invalid("spec.replicas", -1, "must be greater than or equal to 0"),
                FieldError::not_supported("spec.strategy.type", "Fast", &["Recreate", "RollingUpdate"]),
            ],
        );
        assert_eq!(
            two.message,
            r#"Deployment "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.strategy.type: Unsupported value: "Fast": supported values: "Recreate", "RollingUpdate"]"#
        );
    }

    #[test]
    fn conflict_and_forbidden_use_kubernetes_wording() {
        assert_eq!(
            ApiError::conflict("", "pods", "x", ApiError::MODIFIED).message,
            r#"Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again"#
        );
        assert_eq!(
            ApiError::forbidden("system:node:n1", "update", "", "nodes", "n2", "").message,
            r#"nodes "n2" is forbidden: User "system:node:n1" cannot update resource "nodes" in API group "" at the cluster scope"#
        );
        assert_eq!(
            ApiError::forbidden("bob", "list", "", "pods", "", "default").message,
            r#"pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default""#
        );
    }

    #[test]
    fn gone_and_retry_hints() {
        let g = ApiError::too_old_resource_version(5, 120);
        assert_eq!((g.code, g.reason, g.message.as_str()), (410, "Expired", "too old resource version: 5 (120)"));
        let t = ApiError::too_many_requests("Cannot evict pod as it would violate the pod's disruption budget.", 10);
        assert_eq!(t.status().details.unwrap().retry_after_seconds, Some(10));
    }
}
