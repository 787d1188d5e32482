//! # Label and field selectors, as Kubernetes parses and matches them
//!
//! Every list and watch takes `?labelSelector=` and `?fieldSelector=`; controllers match pods
//! against `spec.selector`; rkctl prints `status.selector`. All of them must agree with
//! Kubernetes to the byte, because kubectl and scripts send Kubernetes' syntax and parse
//! Kubernetes' error messages. This module is that one shared implementation:
//!
//! - [`LabelSelector`] (in [`labels`]): the string form (`app=web,tier in (a,b),!canary,x>5`)
//!   and the `metav1.LabelSelector` object form (`{matchLabels, matchExpressions}`), validated
//!   like apimachinery's `labels.Parse` / `LabelSelectorAsSelector`, matched against a label
//!   map, and printed in Kubernetes' canonical form (requirements sorted by key).
//! - [`FieldSelector`] (in [`fields`]): `f=v`, `f==v`, `f!=v` terms with `\,` `\=` `\\`
//!   escapes, the per-kind set of selectable fields ([`object_fields`]) and the API server's
//!   per-kind check of which fields a selector may name ([`FieldSelector::validate_for_kind`]).
//! - [`SelectorError`]: one error type whose `Display` is exactly the message the API server
//!   puts in a 400 BadRequest `Status`.
//!
//! Data flow: the API server parses the query parameters once per request
//! ([`LabelSelector::parse`], [`FieldSelector::parse`] then [`FieldSelector::for_kind`]), then
//! filters each stored object with [`LabelSelector::matches_object`] and
//! [`FieldSelector::matches_object`]. Controllers build a [`LabelSelector`] from an object's
//! `spec.selector` with [`LabelSelector::from_object`].
//!
//! The behaviour follows Kubernetes 1.33 (apimachinery v0.33); deviations are listed on the
//! items they concern.

pub mod fields;
pub mod labels;

use std::fmt;

pub use fields::{FieldOperator, FieldRequirement, FieldSelector, object_fields};
pub use labels::{LabelSelector, Operator, Requirement};

/// Results of this module.
pub type Result<T, E = SelectorError> = std::result::Result<T, E>;

/// Why a selector was rejected. `Display` is the API server's 400 BadRequest message, worded
/// as Kubernetes words it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectorError {
    /// A label selector string has a token where the grammar allows another
    /// (e.g. `found ',', expected: identifier`).
    #[error("found '{found}', expected: {expected}")]
    UnexpectedToken {
        found: String,
        expected: &'static str,
    },

    /// `in`/`notin` is not followed by `(`. Upstream words this one without the comma.
    #[error("found '{found}' expected: '('")]
    MissingOpenParenthesis { found: String },

    /// One requirement of a label selector string could not be parsed or validated; the inner
    /// error says why. Kubernetes prefixes the reason, so the prefix is part of the message.
    #[error("unable to parse requirement: {0}")]
    UnparsableRequirement(Box<SelectorError>),

    /// A requirement's key or values are not valid label syntax, or its values do not fit its
    /// operator.
    #[error("{0}")]
    InvalidRequirement(InvalidFields),

    /// A `matchExpressions` entry has an operator other than In, NotIn, Exists, DoesNotExist.
    #[error("{} is not a valid label selector operator", go_quote(.operator))]
    UnknownOperator { operator: String },

    /// A `metav1.LabelSelector` object has a member of the wrong JSON type. (rk-specific:
    /// Kubernetes rejects these while decoding the whole enclosing object.)
    #[error("invalid label selector: {path} must be {expected}")]
    MalformedLabelSelector {
        path: String,
        expected: &'static str,
    },

    /// A field selector term has no `=`, `==` or `!=`.
    #[error("invalid selector: '{selector}'; can't understand '{term}'")]
    UnparsableFieldTerm { selector: String, term: String },

    /// A field selector value has a backslash not followed by `\`, `,` or `=`.
    #[error("invalid field selector: invalid escape sequence: {sequence}")]
    InvalidEscapeSequence { sequence: String },

    /// A field selector value has a bare `,` or `=`. Upstream prints the character as its
    /// code point (`61` for `=`), so this does too.
    #[error("invalid field selector: unescaped character in value: {}", u32::from(*.character))]
    UnescapedCharacter { character: char },

    /// The kind does not support selecting on this field (most core kinds word it this way).
    #[error("field label not supported: {field}")]
    FieldLabelNotSupported { field: String },

    /// The kind does not support selecting on this field, worded with the kind's Go type
    /// name (batch/v1 Job: `field label "x" not supported for batchv1.Job`).
    #[error("field label {} not supported for {kind}", go_quote(.field))]
    FieldLabelNotSupportedForKind { field: String, kind: &'static str },

    /// The kind only supports `metadata.name` and `metadata.namespace` (every kind without its
    /// own field list, e.g. Deployment, ConfigMap, ReplicaSet).
    #[error(
        "{} is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
        go_quote(.field)
    )]
    UnknownFieldLabel { field: String },
}

/// Failed checks on one requirement, printed like apimachinery's aggregated `field.ErrorList`:
/// one error alone, several as `[first, second]`, duplicates once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidFields(pub Vec<InvalidField>);

impl fmt::Display for InvalidFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut seen: Vec<String> = Vec::with_capacity(self.0.len());
        for error in &self.0 {
            let message = error.to_string();
            if !seen.contains(&message) {
                seen.push(message);
            }
        }
        match seen.as_slice() {
            [one] => f.write_str(one),
            many => write!(f, "[{}]", many.join(", ")),
        }
    }
}

/// One failed check, printed like apimachinery's `field.Invalid`:
/// `values[0][app]: Invalid value: "bad!": <detail>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidField {
    /// Where the bad value sits: `key`, `values`, `values[0]`, `values[0][app]`, or `<nil>`
    /// (a key in the string form, which upstream validates without a path).
    pub path: String,
    pub value: BadValue,
    pub detail: String,
}

impl fmt::Display for InvalidField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: Invalid value: {}", self.path, self.value)?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// The rejected value, printed as Go prints it in a `field.Error`: a string with `%q`, a list
/// with `%#v` (`[]string{"a", "b"}`, or `[]string(nil)` when there were none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadValue {
    String(String),
    List(Option<Vec<String>>),
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::String(s) => f.write_str(&go_quote(s)),
            Self::List(None) => f.write_str("[]string(nil)"),
            Self::List(Some(values)) => {
                let quoted: Vec<String> = values.iter().map(|v| go_quote(v)).collect();
                write!(f, "[]string{{{}}}", quoted.join(", "))
            }
        }
    }
}

/// Quotes a string the way Go's `%q` does, because the messages embed values that way:
/// `"` and `\` escaped, control characters as `\n`, `\x01`, `\u200b`; printable text kept.
/// (Go's notion of "printable" comes from Unicode tables; this follows it for ASCII, controls,
/// non-ASCII spaces and the common invisible format characters.)
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            ' ' => out.push(' '),
            c if u32::from(c) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", u32::from(c)));
            }
            c if c.is_control() || c.is_whitespace() || is_invisible_format(c) => {
                let code = u32::from(c);
                if code <= 0xffff {
                    out.push_str(&format!("\\u{code:04x}"));
                } else {
                    out.push_str(&format!("\\U{code:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The Unicode "format" characters people actually paste by accident (soft hyphen,
/// zero-width spaces and joiners, direction marks, byte-order mark); Go prints them escaped.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn go_quote_escapes_quotes_backslashes_and_controls() {
        assert_eq!(go_quote("bad value!"), r#""bad value!""#);
        assert_eq!(go_quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(go_quote("a\tb\nc\u{1}\u{7f}"), r#""a\tb\nc\x01\x7f""#);
        assert_eq!(go_quote("\u{a0}\u{200b}"), r#""\u00a0\u200b""#);
    }

    #[test]
    fn go_quote_keeps_printable_unicode() {
        assert_eq!(go_quote("héllo 함수"), "\"héllo 함수\"");
    }

    #[test]
    fn bad_value_lists_print_like_go_percent_hash_v() {
        assert_eq!(BadValue::List(None).to_string(), "[]string(nil)");
        assert_eq!(BadValue::List(Some(vec![])).to_string(), "[]string{}");
        assert_eq!(
            BadValue::List(Some(vec!["a".into(), "b".into()])).to_string(),
            r#"[]string{"a", "b"}"#
        );
    }

    #[test]
    fn invalid_fields_print_one_alone_and_several_bracketed_without_duplicates() {
        let one = InvalidField {
            path: "key".into(),
            value: BadValue::String("k".into()),
            detail: "first".into(),
        };
        let two = InvalidField {
            detail: "second".into(),
            ..one.clone()
        };
        assert_eq!(
            InvalidFields(vec![one.clone()]).to_string(),
            r#"key: Invalid value: "k": first"#
        );
        assert_eq!(
            InvalidFields(vec![one.clone(), one.clone(), two]).to_string(),
            r#"[key: Invalid value: "k": first, key: Invalid value: "k": second]"#
        );
    }

    #[test]
    fn unescaped_character_prints_its_code_point_like_upstream() {
        let err = SelectorError::UnescapedCharacter { character: '=' };
        assert_eq!(
            err.to_string(),
            "invalid field selector: unescaped character in value: 61"
        );
    }
}
