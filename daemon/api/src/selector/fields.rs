//! Field selectors: `?fieldSelector=` terms comparing one field of an object to a value.
//!
//! - [`FieldSelector::parse`]: comma-joined `f=v`, `f==v`, `f!=v` terms, with `\,` `\=` `\\`
//!   escapes in values, as apimachinery's `fields.ParseSelector`;
//! - [`FieldSelector::for_kind`]: the API server's per-kind check (and renaming) of the field
//!   names, with each kind's own error wording;
//! - [`object_fields`]: the fields each kind exposes to selectors, read from the object's JSON
//!   (upstream's `GetAttrs` / `ToSelectableFields`), which [`FieldSelector::matches_object`]
//!   compares against.
//!
//! Field names are not validated by the parser; a field the kind does not expose compares as
//! the empty string, as upstream.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use super::{Result, SelectorError};

/// How a term compares its field. `=` and `==` are the same term upstream (and print as `=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldOperator {
    Equals,
    NotEquals,
}

/// One `field=value` or `field!=value` term, value unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRequirement {
    field: String,
    operator: FieldOperator,
    value: String,
}

impl FieldRequirement {
    pub fn new(
        field: impl Into<String>,
        operator: FieldOperator,
        value: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            operator,
            value: value.into(),
        }
    }

    pub fn field(&self) -> &str {
        &self.field
    }

    pub fn operator(&self) -> FieldOperator {
        self.operator
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    /// Whether the field, with `actual` as its value (`None`: the object has no such field,
    /// which compares as the empty string), satisfies this term.
    pub fn matches_value(&self, actual: Option<&str>) -> bool {
        let equal = actual.unwrap_or("") == self.value;
        match self.operator {
            FieldOperator::Equals => equal,
            FieldOperator::NotEquals => !equal,
        }
    }
}

impl fmt::Display for FieldRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operator = match self.operator {
            FieldOperator::Equals => "=",
            FieldOperator::NotEquals => "!=",
        };
        write!(f, "{}{operator}{}", self.field, escape_value(&self.value))
    }
}

/// A field selector: terms that must all hold. The default selects everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldSelector {
    /// In the order of their source text sorted as strings, as upstream parses them (so
    /// `Display` and the first error reported are deterministic).
    requirements: Vec<FieldRequirement>,
}

impl FieldSelector {
    /// Selects every object.
    pub fn everything() -> Self {
        Self::default()
    }

    pub fn from_requirements(requirements: Vec<FieldRequirement>) -> Self {
        Self { requirements }
    }

    /// Parses `f=v`, `f==v`, `f!=v` terms joined by commas. In values, `\,` `\=` `\\` stand for
    /// `,` `=` `\`; any other backslash, or a bare `,`/`=` inside a value, is an error. Empty
    /// terms are skipped, so `""` and `","` select everything. Field names are taken as
    /// written (no trimming): [`FieldSelector::for_kind`] decides which are allowed.
    pub fn parse(selector: &str) -> Result<Self> {
        let mut terms = split_terms(selector);
        terms.sort_unstable();
        let mut requirements = Vec::with_capacity(terms.len());
        for term in terms.into_iter().filter(|term| !term.is_empty()) {
            let (field, operator, raw_value) =
                split_term(term).ok_or_else(|| SelectorError::UnparsableFieldTerm {
                    selector: selector.to_owned(),
                    term: term.to_owned(),
                })?;
            requirements.push(FieldRequirement::new(
                field,
                operator,
                unescape_value(raw_value)?,
            ));
        }
        Ok(Self { requirements })
    }

    pub fn requirements(&self) -> &[FieldRequirement] {
        &self.requirements
    }

    /// True when the selector restricts nothing.
    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    /// Whether an object whose fields are read through `get` satisfies every term. A field
    /// `get` does not know compares as the empty string, as in Kubernetes.
    pub fn matches(&self, get: impl Fn(&str) -> Option<String>) -> bool {
        self.requirements
            .iter()
            .all(|term| term.matches_value(get(&term.field).as_deref()))
    }

    /// Whether an object of `kind` (see [`object_fields`]) satisfies every term.
    pub fn matches_object(&self, kind: &str, object: &Value) -> bool {
        if self.is_empty() {
            return true;
        }
        let fields = object_fields(kind, object);
        self.requirements.iter().all(|term| {
            let actual = fields
                .iter()
                .find(|(name, _)| *name == term.field)
                .map(|(_, value)| value.as_str());
            term.matches_value(actual)
        })
    }

    /// The value a term `field=value` pins the field to, if there is one: what an index on
    /// that field (e.g. pods by `spec.nodeName`) can serve (upstream's `RequiresExactMatch`).
    pub fn requires_exact_match(&self, field: &str) -> Option<&str> {
        self.requirements
            .iter()
            .find(|term| term.field == field && term.operator == FieldOperator::Equals)
            .map(|term| term.value.as_str())
    }

    /// The selector as the API server applies it to `kind`: every field must be one the kind
    /// supports, else the kind's own error (`field label not supported: spec.foo` for pods);
    /// legacy names are renamed (pods' `spec.host` becomes `spec.nodeName`).
    ///
    /// `kind` is a kind name (`Pod`, `Job`), optionally qualified by its API group
    /// (`Job.batch`, `Event.events.k8s.io`); an unqualified name means the built-in kind of
    /// that name, core group first (`Event` is core/v1 Event). Kinds this module has no list
    /// for support only `metadata.name` and `metadata.namespace`, as Kubernetes' default.
    /// Custom resources' `selectableFields` are not covered here.
    pub fn for_kind(&self, kind: &str) -> Result<Self> {
        let rules = BuiltinKind::find(kind);
        let requirements = self
            .requirements
            .iter()
            .map(|term| {
                let field =
                    rules.map_or_else(|| default_field(&term.field), |r| r.field(&term.field))?;
                Ok(FieldRequirement {
                    field: field.to_owned(),
                    ..term.clone()
                })
            })
            .collect::<Result<_>>()?;
        Ok(Self { requirements })
    }

    /// Checks the fields against `kind`, as [`FieldSelector::for_kind`] does.
    pub fn validate_for_kind(&self, kind: &str) -> Result<()> {
        self.for_kind(kind).map(drop)
    }
}

impl fmt::Display for FieldSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, term) in self.requirements.iter().enumerate() {
            if index > 0 {
                f.write_str(",")?;
            }
            write!(f, "{term}")?;
        }
        Ok(())
    }
}

impl FromStr for FieldSelector {
    type Err = SelectorError;

    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

/// Escapes `\`, `,` and `=` in a value so it can be put in a field selector.
pub fn escape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | ',' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Undoes [`escape_value`]: `\\` `\,` `\=` become `\` `,` `=`; any other escape, a trailing
/// backslash, or a bare `,` or `=` is an error (upstream's `UnescapeValue`).
pub fn unescape_value(value: &str) -> Result<String> {
    if !value.contains(['\\', ',', '=']) {
        return Ok(value.to_owned());
    }
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(escaped @ ('\\' | ',' | '=')) => out.push(escaped),
                Some(other) => {
                    return Err(SelectorError::InvalidEscapeSequence {
                        sequence: format!("\\{other}"),
                    });
                }
                None => {
                    return Err(SelectorError::InvalidEscapeSequence {
                        sequence: "\\".to_owned(),
                    });
                }
            },
            ',' | '=' => return Err(SelectorError::UnescapedCharacter { character: c }),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Splits at commas not escaped by a backslash (a backslash protects whatever follows it).
/// The empty selector has no terms; otherwise empty terms are kept (and skipped later).
fn split_terms(selector: &str) -> Vec<&str> {
    if selector.is_empty() {
        return Vec::new();
    }
    let mut terms = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (index, c) in selector.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ',' => {
                terms.push(&selector[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    terms.push(&selector[start..]);
    terms
}

/// Splits a term at the first operator, trying `!=`, `==`, `=` at each position in turn.
fn split_term(term: &str) -> Option<(&str, FieldOperator, &str)> {
    const OPERATORS: [(&str, FieldOperator); 3] = [
        ("!=", FieldOperator::NotEquals),
        ("==", FieldOperator::Equals),
        ("=", FieldOperator::Equals),
    ];
    term.char_indices().find_map(|(index, _)| {
        let rest = &term[index..];
        OPERATORS.iter().find_map(|(symbol, operator)| {
            rest.strip_prefix(symbol)
                .map(|value| (&term[..index], *operator, value))
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Which fields each kind exposes (Kubernetes 1.33).

/// How a kind's field-label conversion words a field it does not support.
#[derive(Debug, Clone, Copy)]
enum Rejection {
    /// `field label not supported: <field>`
    NotSupported,
    /// `field label "<field>" not supported for <type>`
    NotSupportedFor(&'static str),
}

/// A built-in kind with fields beyond `metadata.name`/`metadata.namespace`.
struct BuiltinKind {
    group: &'static str,
    kind: &'static str,
    /// The labels the API server accepts for this kind (its registered field-label conversion
    /// function), or `None` for the default (`metadata.name`, `metadata.namespace`).
    accepts: Option<(&'static [&'static str], Rejection)>,
    /// Legacy labels the conversion renames.
    renames: &'static [(&'static str, &'static str)],
    /// Whether objects carry `metadata.namespace` in their field set (namespaced kinds).
    namespaced: bool,
    /// Adds the kind's own fields, read from the object's JSON.
    fields: fn(&Value, &mut Vec<(&'static str, String)>),
}

const POD_LABELS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    // Accepted, but no pod exposes it (upstream has a TODO), so it compares as "".
    "status.podIPs",
    "status.nominatedNodeName",
];
const EVENT_LABELS: &[&str] = &[
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
    "metadata.namespace",
    "metadata.name",
];

/// Core kinds first, so an unqualified name finds the core kind (core/v1 Event, not
/// events.k8s.io's). ReplicaSet is listed for its `status.replicas` field, which Kubernetes
/// computes but (a known upstream bug in 1.33) does not let apps/v1 selectors name.
static BUILTIN_KINDS: &[BuiltinKind] = &[
    BuiltinKind {
        group: "",
        kind: "Pod",
        accepts: Some((POD_LABELS, Rejection::NotSupported)),
        renames: &[("spec.host", "spec.nodeName")],
        namespaced: true,
        fields: pod_fields,
    },
    BuiltinKind {
        group: "",
        kind: "Node",
        accepts: Some((
            &["metadata.name", "spec.unschedulable"],
            Rejection::NotSupported,
        )),
        renames: &[],
        namespaced: false,
        fields: |node, out| {
            out.push((
                "spec.unschedulable",
                bool_at(node, &["spec", "unschedulable"]),
            ))
        },
    },
    BuiltinKind {
        group: "",
        kind: "ReplicationController",
        accepts: Some((
            &["metadata.name", "metadata.namespace", "status.replicas"],
            Rejection::NotSupported,
        )),
        renames: &[],
        namespaced: true,
        fields: |rc, out| out.push(("status.replicas", integer_at(rc, &["status", "replicas"]))),
    },
    BuiltinKind {
        group: "",
        kind: "Event",
        accepts: Some((EVENT_LABELS, Rejection::NotSupported)),
        renames: &[],
        namespaced: true,
        fields: event_fields,
    },
    BuiltinKind {
        group: "",
        kind: "Namespace",
        accepts: Some((&["status.phase", "metadata.name"], Rejection::NotSupported)),
        renames: &[],
        namespaced: false,
        // Upstream also exposes a legacy `name` field, which no selector can name; left out.
        fields: |ns, out| out.push(("status.phase", string_at(ns, &["status", "phase"]))),
    },
    BuiltinKind {
        group: "",
        kind: "Secret",
        accepts: Some((
            &["type", "metadata.namespace", "metadata.name"],
            Rejection::NotSupported,
        )),
        renames: &[],
        namespaced: true,
        fields: |secret, out| out.push(("type", string_at(secret, &["type"]))),
    },
    BuiltinKind {
        group: "",
        kind: "Service",
        accepts: Some((
            &[
                "metadata.namespace",
                "metadata.name",
                "spec.clusterIP",
                "spec.type",
            ],
            Rejection::NotSupported,
        )),
        renames: &[],
        namespaced: true,
        fields: |service, out| {
            out.push(("spec.clusterIP", string_at(service, &["spec", "clusterIP"])));
            out.push(("spec.type", string_at(service, &["spec", "type"])));
        },
    },
    BuiltinKind {
        group: "apps",
        kind: "ReplicaSet",
        accepts: None,
        renames: &[],
        namespaced: true,
        fields: |rs, out| out.push(("status.replicas", integer_at(rs, &["status", "replicas"]))),
    },
    BuiltinKind {
        group: "batch",
        kind: "Job",
        accepts: Some((
            &["metadata.name", "metadata.namespace", "status.successful"],
            Rejection::NotSupportedFor("batchv1.Job"),
        )),
        renames: &[],
        namespaced: true,
        fields: |job, out| {
            out.push((
                "status.successful",
                integer_at(job, &["status", "succeeded"]),
            ))
        },
    },
    BuiltinKind {
        group: "certificates.k8s.io",
        kind: "CertificateSigningRequest",
        accepts: Some((
            &["metadata.name", "spec.signerName"],
            Rejection::NotSupported,
        )),
        renames: &[],
        namespaced: false,
        fields: |csr, out| out.push(("spec.signerName", string_at(csr, &["spec", "signerName"]))),
    },
];

impl BuiltinKind {
    /// `Kind` or `Kind.group`.
    fn find(kind: &str) -> Option<&'static Self> {
        match kind.split_once('.') {
            Some((name, group)) => BUILTIN_KINDS
                .iter()
                .find(|k| k.kind == name && k.group == group),
            None => BUILTIN_KINDS.iter().find(|k| k.kind == kind),
        }
    }

    /// The name a selector field has for this kind after conversion, or the kind's error.
    fn field<'a>(&self, field: &'a str) -> Result<&'a str> {
        let Some((accepted, rejection)) = self.accepts else {
            return default_field(field);
        };
        if let Some((_, renamed)) = self.renames.iter().find(|(old, _)| *old == field) {
            return Ok(renamed);
        }
        if accepted.contains(&field) {
            return Ok(field);
        }
        Err(match rejection {
            Rejection::NotSupported => SelectorError::FieldLabelNotSupported {
                field: field.to_owned(),
            },
            Rejection::NotSupportedFor(kind) => SelectorError::FieldLabelNotSupportedForKind {
                field: field.to_owned(),
                kind,
            },
        })
    }
}

/// Kubernetes' default field-label conversion, for kinds without their own.
fn default_field(field: &str) -> Result<&str> {
    match field {
        "metadata.name" | "metadata.namespace" => Ok(field),
        _ => Err(SelectorError::UnknownFieldLabel {
            field: field.to_owned(),
        }),
    }
}

/// The fields an object of `kind` exposes to field selectors, with their values as strings
/// (booleans `true`/`false`, integers in decimal), read from the object's JSON (its v1 wire
/// form). Every kind has `metadata.name`; namespaced kinds, and kinds this module does not
/// know, have `metadata.namespace` (empty for a cluster-scoped object, which selects the same
/// as upstream leaving it out). The per-kind fields, as Kubernetes 1.33 computes them:
///
/// - Pod: `spec.nodeName`, `spec.restartPolicy`, `spec.schedulerName`,
///   `spec.serviceAccountName`, `spec.hostNetwork`, `status.phase`, `status.podIP` (the first
///   of `status.podIPs`), `status.nominatedNodeName`;
/// - Node: `spec.unschedulable`; Namespace: `status.phase`; Secret: `type`;
/// - Service: `spec.clusterIP`, `spec.type`;
/// - Event (core/v1): `involvedObject.{kind,namespace,name,uid,apiVersion,resourceVersion,fieldPath}`,
///   `reason`, `reportingComponent`, `source` (`source.component`, else `reportingComponent`),
///   `type`;
/// - ReplicationController, ReplicaSet: `status.replicas`; Job: `status.successful` (from
///   `status.succeeded`); CertificateSigningRequest: `spec.signerName`.
///
/// `kind` is read as in [`FieldSelector::for_kind`].
pub fn object_fields(kind: &str, object: &Value) -> Vec<(&'static str, String)> {
    let builtin = BuiltinKind::find(kind);
    let mut out = Vec::with_capacity(12);
    out.push(("metadata.name", string_at(object, &["metadata", "name"])));
    if builtin.is_none_or(|k| k.namespaced) {
        out.push((
            "metadata.namespace",
            string_at(object, &["metadata", "namespace"]),
        ));
    }
    if let Some(builtin) = builtin {
        (builtin.fields)(object, &mut out);
    }
    out
}

fn pod_fields(pod: &Value, out: &mut Vec<(&'static str, String)>) {
    let spec = |name: &str| string_at(pod, &["spec", name]);
    out.push(("spec.nodeName", spec("nodeName")));
    out.push(("spec.restartPolicy", spec("restartPolicy")));
    out.push(("spec.schedulerName", spec("schedulerName")));
    // v1's deprecated `serviceAccount` is an alias, used when the new field is empty.
    let mut service_account = spec("serviceAccountName");
    if service_account.is_empty() {
        service_account = spec("serviceAccount");
    }
    out.push(("spec.serviceAccountName", service_account));
    out.push(("spec.hostNetwork", bool_at(pod, &["spec", "hostNetwork"])));
    out.push(("status.phase", string_at(pod, &["status", "phase"])));
    // Kubernetes keeps only `podIPs` internally and reports its first entry.
    let first_ip = at(pod, &["status", "podIPs"])
        .and_then(Value::as_array)
        .and_then(|ips| ips.first())
        .and_then(|ip| ip.get("ip"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    out.push((
        "status.podIP",
        first_ip.unwrap_or_else(|| string_at(pod, &["status", "podIP"])),
    ));
    out.push((
        "status.nominatedNodeName",
        string_at(pod, &["status", "nominatedNodeName"]),
    ));
}

fn event_fields(event: &Value, out: &mut Vec<(&'static str, String)>) {
    const INVOLVED: [(&str, &str); 7] = [
        ("involvedObject.kind", "kind"),
        ("involvedObject.namespace", "namespace"),
        ("involvedObject.name", "name"),
        ("involvedObject.uid", "uid"),
        ("involvedObject.apiVersion", "apiVersion"),
        ("involvedObject.resourceVersion", "resourceVersion"),
        ("involvedObject.fieldPath", "fieldPath"),
    ];
    for (field, member) in INVOLVED {
        out.push((field, string_at(event, &["involvedObject", member])));
    }
    out.push(("reason", string_at(event, &["reason"])));
    let reporting = string_at(event, &["reportingComponent"]);
    let mut source = string_at(event, &["source", "component"]);
    if source.is_empty() {
        source.clone_from(&reporting);
    }
    out.push(("reportingComponent", reporting));
    out.push(("source", source));
    out.push(("type", string_at(event, &["type"])));
}

fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, member| v.get(member))
}

fn string_at(value: &Value, path: &[&str]) -> String {
    at(value, path)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Absent means false, as Go's zero value.
fn bool_at(value: &Value, path: &[&str]) -> String {
    at(value, path)
        .and_then(Value::as_bool)
        .unwrap_or(false)
        .to_string()
}

/// Absent means 0, as Go's zero value.
fn integer_at(value: &Value, path: &[&str]) -> String {
    at(value, path)
        .and_then(Value::as_i64)
        .unwrap_or(0)
        .to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;
