//! Label selectors: a list of requirements on an object's labels, all of which must hold.
//!
//! Two ways in, one way out:
//! - [`LabelSelector::parse`]: the string form of `?labelSelector=` and `kubectl -l`, with
//!   apimachinery's grammar, whitespace rules and error messages;
//! - [`LabelSelector::from_object`]: the `metav1.LabelSelector` object form
//!   (`spec.selector` of Deployments, ReplicaSets, Jobs, …);
//! - `Display`: Kubernetes' canonical string (requirements sorted by key, `in`/`notin`
//!   values sorted), e.g. the `status.selector` of a Scale.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

use super::{BadValue, InvalidField, InvalidFields, Result, SelectorError};

/// How a requirement relates a label key to its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `k=v`
    Equals,
    /// `k==v` (same meaning as `=`; kept apart because Kubernetes prints it back as `==`)
    DoubleEquals,
    /// `k!=v`: the label is absent or has another value
    NotEquals,
    /// `k in (a,b)`
    In,
    /// `k notin (a,b)`: the label is absent or has none of the values
    NotIn,
    /// `k`
    Exists,
    /// `!k`
    DoesNotExist,
    /// `k>5`: the label is an integer greater than the value
    GreaterThan,
    /// `k<5`: the label is an integer less than the value
    LessThan,
}

impl Operator {
    /// The operator's name in Kubernetes (`selection.Operator`), as used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Equals => "=",
            Self::DoubleEquals => "==",
            Self::NotEquals => "!=",
            Self::In => "in",
            Self::NotIn => "notin",
            Self::Exists => "exists",
            Self::DoesNotExist => "!",
            Self::GreaterThan => "gt",
            Self::LessThan => "lt",
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One condition on one label key. Always valid: built only by [`Requirement::new`] or by the
/// parsers, which validate key and values as Kubernetes' `NewRequirement` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    key: String,
    operator: Operator,
    /// In the order given (the string parser sorts and de-duplicates `in`/`notin` sets, the
    /// object form keeps them as written); `Display` sorts.
    values: Vec<String>,
}

impl Requirement {
    /// Builds a validated requirement: the key must be a qualified name, each value a label
    /// value; `in`/`notin` need at least one value, `=`/`==`/`!=` exactly one, exists and
    /// does-not-exist none, `gt`/`lt` exactly one integer.
    pub fn new(key: impl Into<String>, operator: Operator, values: Vec<String>) -> Result<Self> {
        let key = key.into();
        let errors = validate_requirement(&key, operator, &values);
        if !errors.is_empty() {
            return Err(SelectorError::InvalidRequirement(InvalidFields(errors)));
        }
        Ok(Self {
            key,
            operator,
            values,
        })
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn operator(&self) -> Operator {
        self.operator
    }

    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// Whether a label with this requirement's key, present with `value` or absent (`None`),
    /// satisfies it.
    pub fn matches_value(&self, value: Option<&str>) -> bool {
        let has = |v: &str| self.values.iter().any(|w| w == v);
        match self.operator {
            Operator::In | Operator::Equals | Operator::DoubleEquals => value.is_some_and(has),
            Operator::NotIn | Operator::NotEquals => !value.is_some_and(has),
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
            Operator::GreaterThan | Operator::LessThan => {
                // A label that is not an integer matches neither, as upstream.
                let (Some(label), [bound]) = (value, self.values.as_slice()) else {
                    return false;
                };
                let (Ok(label), Ok(bound)) = (label.parse::<i64>(), bound.parse::<i64>()) else {
                    return false;
                };
                if self.operator == Operator::GreaterThan {
                    label > bound
                } else {
                    label < bound
                }
            }
        }
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let separator = match self.operator {
            Operator::Exists => return f.write_str(&self.key),
            Operator::DoesNotExist => return write!(f, "!{}", self.key),
            Operator::Equals => "=",
            Operator::DoubleEquals => "==",
            Operator::NotEquals => "!=",
            Operator::In => " in (",
            Operator::NotIn => " notin (",
            Operator::GreaterThan => ">",
            Operator::LessThan => "<",
        };
        write!(f, "{}{separator}", self.key)?;
        let mut values: Vec<&str> = self.values.iter().map(String::as_str).collect();
        values.sort_unstable();
        f.write_str(&values.join(","))?;
        if matches!(self.operator, Operator::In | Operator::NotIn) {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// A label selector: requirements that must all hold. The default selects everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabelSelector {
    /// Sorted by key (stable, so requirements on one key keep their order), as upstream
    /// sorts them; that order is what `Display` prints.
    requirements: Vec<Requirement>,
    /// Kubernetes' `labels.Nothing()`: what a null `metav1.LabelSelector` means.
    selects_nothing: bool,
}

impl LabelSelector {
    /// Selects every object (the empty selector).
    pub fn everything() -> Self {
        Self::default()
    }

    /// Selects no object: Kubernetes' meaning of a null/absent `metav1.LabelSelector` for the
    /// callers that go through `LabelSelectorAsSelector` (e.g. a PodDisruptionBudget or a
    /// pod affinity term without a selector). Prints as the empty string, like upstream.
    pub fn nothing() -> Self {
        Self {
            requirements: Vec::new(),
            selects_nothing: true,
        }
    }

    /// Builds a selector from requirements (sorted by key here, as upstream's `Add`).
    pub fn from_requirements(mut requirements: Vec<Requirement>) -> Self {
        requirements.sort_by(|a, b| a.key.cmp(&b.key));
        Self {
            requirements,
            selects_nothing: false,
        }
    }

    /// Selects objects carrying every `key: value` of the map: the map-form selector of
    /// Services and ReplicationControllers (`labels.SelectorFromSet`). Like upstream, the map
    /// is not validated (stored objects were validated when written); an empty map selects
    /// everything.
    pub fn from_set(labels: &BTreeMap<String, String>) -> Self {
        let requirements = labels
            .iter()
            .map(|(key, value)| Requirement {
                key: key.clone(),
                operator: Operator::Equals,
                values: vec![value.clone()],
            })
            .collect();
        Self {
            requirements,
            selects_nothing: false,
        }
    }

    /// Parses the string form: comma-separated requirements `k=v`, `k==v`, `k!=v`,
    /// `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, `k>5`, `k<5`. Spaces, tabs, CR and LF are
    /// allowed between tokens; the empty string selects everything. Errors carry Kubernetes'
    /// messages, e.g. `unable to parse requirement: found '', expected: identifier`.
    ///
    /// Deviation: consecutive commas inside a set (`x in (a,,)`) are accepted as an empty
    /// value, as Kubernetes does since the fix after 1.33; 1.33 itself rejects some of those.
    pub fn parse(selector: &str) -> Result<Self> {
        let requirements = Parser::new(selector).parse()?;
        Ok(Self::from_requirements(requirements))
    }

    /// Builds a selector from the `metav1.LabelSelector` object form,
    /// `{matchLabels: {k: v}, matchExpressions: [{key, operator, values}]}`, validated as
    /// Kubernetes' `LabelSelectorAsSelector`: operators In/NotIn need values,
    /// Exists/DoesNotExist must have none, keys and values must be valid label syntax.
    ///
    /// `{}` (or both lists empty) selects everything; `null` selects nothing, as upstream
    /// (use [`LabelSelector::from_optional_object`] for a member that may be absent).
    /// Callers whose API documents null as "everything" should check for null themselves.
    pub fn from_object(selector: &Value) -> Result<Self> {
        let object = match selector {
            Value::Null => return Ok(Self::nothing()),
            Value::Object(object) => object,
            _ => return Err(malformed("the selector", "an object")),
        };
        let match_labels = optional_member(object, "matchLabels")
            .map(|v| {
                v.as_object()
                    .ok_or_else(|| malformed("matchLabels", "an object"))
            })
            .transpose()?;
        let match_expressions = optional_member(object, "matchExpressions")
            .map(|v| {
                v.as_array()
                    .ok_or_else(|| malformed("matchExpressions", "an array"))
            })
            .transpose()?;

        let mut requirements = Vec::new();
        // matchLabels first, then matchExpressions, as upstream (which walks a Go map, so the
        // first error among several bad labels is random there; here it is the first key).
        // Sorted explicitly: serde_json keeps insertion order when its `preserve_order`
        // feature is on somewhere in the build.
        let mut match_labels: Vec<(&String, &Value)> = match_labels.into_iter().flatten().collect();
        match_labels.sort_by(|a, b| a.0.cmp(b.0));
        for (key, value) in match_labels {
            let value = value
                .as_str()
                .ok_or_else(|| malformed(&format!("matchLabels.{key}"), "a string"))?;
            requirements.push(Requirement::new(
                key.as_str(),
                Operator::Equals,
                vec![value.to_owned()],
            )?);
        }
        for (index, expression) in match_expressions.into_iter().flatten().enumerate() {
            requirements.push(requirement_from_expression(index, expression)?);
        }
        Ok(Self::from_requirements(requirements))
    }

    /// As [`LabelSelector::from_object`], with an absent member meaning "selects nothing".
    pub fn from_optional_object(selector: Option<&Value>) -> Result<Self> {
        selector.map_or_else(|| Ok(Self::nothing()), Self::from_object)
    }

    /// The requirements, sorted by key.
    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }

    /// True when the selector restricts nothing (selects everything). A
    /// [`LabelSelector::nothing`] selector is not empty, as upstream.
    pub fn is_empty(&self) -> bool {
        !self.selects_nothing && self.requirements.is_empty()
    }

    /// True for [`LabelSelector::nothing`]: no object can match.
    pub fn selects_nothing(&self) -> bool {
        self.selects_nothing
    }

    /// Whether a label set satisfies every requirement.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.matches_lookup(|key| labels.get(key).map(String::as_str))
    }

    /// Whether an object's `metadata.labels` satisfy every requirement (an object without
    /// labels has none). Non-string label values are treated as absent.
    pub fn matches_object(&self, object: &Value) -> bool {
        let labels = object
            .get("metadata")
            .and_then(|metadata| metadata.get("labels"))
            .and_then(Value::as_object);
        self.matches_lookup(|key| labels.and_then(|l| l.get(key)).and_then(Value::as_str))
    }

    /// Whether labels looked up through `label` satisfy every requirement; for callers that
    /// keep labels in another shape.
    pub fn matches_lookup<'a>(&self, label: impl Fn(&str) -> Option<&'a str>) -> bool {
        !self.selects_nothing
            && self
                .requirements
                .iter()
                .all(|requirement| requirement.matches_value(label(&requirement.key)))
    }

    /// The requirements that pin a key to exactly one value (`k=v`, `k==v`, `k in (v)`), as
    /// `(key, value)`: what an index keyed by label can serve (upstream's
    /// `RequiresExactMatch`). The other requirements still have to be checked.
    pub fn equality_pairs(&self) -> Vec<(&str, &str)> {
        self.requirements
            .iter()
            .filter_map(|r| match (r.operator, r.values.as_slice()) {
                (Operator::Equals | Operator::DoubleEquals | Operator::In, [value]) => {
                    Some((r.key.as_str(), value.as_str()))
                }
                _ => None,
            })
            .collect()
    }
}

impl fmt::Display for LabelSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, requirement) in self.requirements.iter().enumerate() {
            if index > 0 {
                f.write_str(",")?;
            }
            write!(f, "{requirement}")?;
        }
        Ok(())
    }
}

impl FromStr for LabelSelector {
    type Err = SelectorError;

    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

fn malformed(path: &str, expected: &'static str) -> SelectorError {
    SelectorError::MalformedLabelSelector {
        path: path.to_owned(),
        expected,
    }
}

/// A member that is absent or null is "not given", as Go's decoder treats it.
fn optional_member<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).filter(|value| !value.is_null())
}

fn requirement_from_expression(index: usize, expression: &Value) -> Result<Requirement> {
    let path = |member: &str| format!("matchExpressions[{index}].{member}");
    let object = expression
        .as_object()
        .ok_or_else(|| malformed(&format!("matchExpressions[{index}]"), "an object"))?;
    // Missing strings decode as "" in Go; validation then rejects them with upstream's words.
    let string = |member: &str| -> Result<&str> {
        match optional_member(object, member) {
            None => Ok(""),
            Some(value) => value
                .as_str()
                .ok_or_else(|| malformed(&path(member), "a string")),
        }
    };
    let key = string("key")?;
    let operator = match string("operator")? {
        "In" => Operator::In,
        "NotIn" => Operator::NotIn,
        "Exists" => Operator::Exists,
        "DoesNotExist" => Operator::DoesNotExist,
        other => {
            return Err(SelectorError::UnknownOperator {
                operator: other.to_owned(),
            });
        }
    };
    let values = match optional_member(object, "values") {
        None => Vec::new(),
        Some(Value::Array(values)) => values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| malformed(&format!("{}[{i}]", path("values")), "a string"))
            })
            .collect::<Result<_>>()?,
        Some(_) => return Err(malformed(&path("values"), "an array")),
    };
    Requirement::new(key, operator, values)
}

// ---------------------------------------------------------------------------------------------
// Validation, worded as apimachinery's `validation.IsQualifiedName` / `IsValidLabelValue`.

const QUALIFIED_NAME_FORMAT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_MESSAGE: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FORMAT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_MESSAGE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FORMAT: &str =
    r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_MESSAGE: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const NAME_MAX_LENGTH: usize = 63;
const SUBDOMAIN_MAX_LENGTH: usize = 253;

/// apimachinery's `RegexError`: the rule, examples, and the regular expression.
fn regex_error(message: &str, format: &str, examples: &[&str]) -> String {
    let mut out = format!("{message} (e.g. ");
    for (index, example) in examples.iter().enumerate() {
        if index > 0 {
            out.push_str(" or ");
        }
        out.push_str(&format!("'{example}', "));
    }
    out.push_str(&format!("regex used for validation is '{format}')"));
    out
}

fn max_length_error(length: usize) -> String {
    format!("must be no more than {length} characters")
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, without a regex engine.
fn is_qualified_name_part(s: &str) -> bool {
    let bytes = s.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`
fn is_dns1123_subdomain(s: &str) -> bool {
    let is_end = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    s.split('.').all(|label| {
        let bytes = label.as_bytes();
        matches!((bytes.first(), bytes.last()), (Some(f), Some(l)) if is_end(f) && is_end(l))
            && bytes.iter().all(|b| is_end(b) || *b == b'-')
    })
}

/// The messages of `IsQualifiedName` (label keys): optional DNS-subdomain prefix and `/`, then
/// a name of at most 63 characters.
fn qualified_name_errors(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errors.push("prefix part must be non-empty".to_owned());
            } else {
                if prefix.len() > SUBDOMAIN_MAX_LENGTH {
                    errors.push(format!(
                        "prefix part {}",
                        max_length_error(SUBDOMAIN_MAX_LENGTH)
                    ));
                }
                if !is_dns1123_subdomain(prefix) {
                    errors.push(format!(
                        "prefix part {}",
                        regex_error(
                            DNS1123_SUBDOMAIN_MESSAGE,
                            DNS1123_SUBDOMAIN_FORMAT,
                            &["example.com"]
                        )
                    ));
                }
            }
            *name
        }
        _ => {
            errors.push(format!(
                "a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(
                    QUALIFIED_NAME_MESSAGE,
                    QUALIFIED_NAME_FORMAT,
                    &["MyName", "my.name", "123-abc"]
                )
            ));
            return errors;
        }
    };
    if name.is_empty() {
        errors.push("name part must be non-empty".to_owned());
    } else if name.len() > NAME_MAX_LENGTH {
        errors.push(format!("name part {}", max_length_error(NAME_MAX_LENGTH)));
    }
    if !is_qualified_name_part(name) {
        errors.push(format!(
            "name part {}",
            regex_error(
                QUALIFIED_NAME_MESSAGE,
                QUALIFIED_NAME_FORMAT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errors
}

/// The messages of `IsValidLabelValue`: empty, or a qualified-name part of at most 63
/// characters.
fn label_value_errors(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > NAME_MAX_LENGTH {
        errors.push(max_length_error(NAME_MAX_LENGTH));
    }
    if !value.is_empty() && !is_qualified_name_part(value) {
        errors.push(regex_error(
            LABEL_VALUE_MESSAGE,
            LABEL_VALUE_FORMAT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errors
}

fn key_error(path: &str, key: &str) -> Option<InvalidField> {
    let errors = qualified_name_errors(key);
    (!errors.is_empty()).then(|| InvalidField {
        path: path.to_owned(),
        value: BadValue::String(key.to_owned()),
        detail: errors.join("; "),
    })
}

/// `NewRequirement`'s checks, in its order: key, operator arity, then each value.
fn validate_requirement(key: &str, operator: Operator, values: &[String]) -> Vec<InvalidField> {
    let mut errors: Vec<InvalidField> = key_error("key", key).into_iter().collect();
    let list = |detail: &str| InvalidField {
        path: "values".to_owned(),
        // Upstream copies the values with append([]string(nil), …), so none prints as nil.
        value: BadValue::List((!values.is_empty()).then(|| values.to_vec())),
        detail: detail.to_owned(),
    };
    match operator {
        Operator::In | Operator::NotIn if values.is_empty() => {
            errors.push(list(
                "for 'in', 'notin' operators, values set can't be empty",
            ));
        }
        Operator::Equals | Operator::DoubleEquals | Operator::NotEquals if values.len() != 1 => {
            errors.push(list("exact-match compatibility requires one single value"));
        }
        Operator::Exists | Operator::DoesNotExist if !values.is_empty() => {
            errors.push(list(
                "values set must be empty for exists and does not exist",
            ));
        }
        Operator::GreaterThan | Operator::LessThan => {
            if values.len() != 1 {
                errors.push(list(
                    "for 'Gt', 'Lt' operators, exactly one value is required",
                ));
            }
            for (index, value) in values.iter().enumerate() {
                if value.parse::<i64>().is_err() {
                    errors.push(InvalidField {
                        path: format!("values[{index}]"),
                        value: BadValue::String(value.clone()),
                        detail: "for 'Gt', 'Lt' operators, the value must be an integer".to_owned(),
                    });
                }
            }
        }
        _ => {}
    }
    for (index, value) in values.iter().enumerate() {
        let problems = label_value_errors(value);
        if !problems.is_empty() {
            errors.push(InvalidField {
                path: format!("values[{index}][{key}]"),
                value: BadValue::String(value.clone()),
                detail: problems.join("; "),
            });
        }
    }
    errors
}

// ---------------------------------------------------------------------------------------------
// The string form: a lexer and a recursive-descent parser with apimachinery's grammar.
//
//   selector    ::= requirement ( "," requirement )*  |  ""
//   requirement ::= [ "!" ] KEY [ ( "in" | "notin" ) set | ( "=" | "==" | "!=" | ">" | "<" ) VALUE ]
//   set         ::= "(" [ VALUE? ( "," VALUE? )* ] ")"

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    End,
    Identifier,
    In,
    NotIn,
    Bang,
    Equals,
    DoubleEquals,
    NotEquals,
    GreaterThan,
    LessThan,
    Comma,
    OpenParen,
    CloseParen,
}

/// Where the parser is: after a key `in`/`notin` are operators; everywhere else (keys,
/// values) they are plain words, so `in in (in)` is a valid selector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Operator,
    Value,
}

fn is_special(byte: u8) -> bool {
    matches!(byte, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

/// Splits the input into tokens, ending with [`Token::End`]. Works on bytes: every delimiter is
/// ASCII, so slices between them are whole UTF-8 characters.
///
/// A NUL byte behaves as in upstream's lexer, which uses 0 for "no more input": at the start of
/// a token it ends the input; right after a token it is swallowed.
fn tokenize(input: &str) -> Vec<(Token, &str)> {
    let bytes = input.as_bytes();
    let mut tokens = Vec::new();
    let mut pos = 0;
    loop {
        while bytes.get(pos).is_some_and(|b| is_whitespace(*b)) {
            pos += 1;
        }
        let start = pos;
        let token = match bytes.get(pos) {
            None | Some(0) => {
                tokens.push((Token::End, ""));
                return tokens;
            }
            Some(&first) if is_special(first) => {
                let doubled = bytes.get(pos + 1) == Some(&b'=') && matches!(first, b'=' | b'!');
                pos += if doubled { 2 } else { 1 };
                match (first, doubled) {
                    (b'=', true) => Token::DoubleEquals,
                    (b'!', true) => Token::NotEquals,
                    (b'=', _) => Token::Equals,
                    (b'!', _) => Token::Bang,
                    (b'(', _) => Token::OpenParen,
                    (b')', _) => Token::CloseParen,
                    (b',', _) => Token::Comma,
                    (b'>', _) => Token::GreaterThan,
                    _ => Token::LessThan,
                }
            }
            Some(_) => {
                while bytes
                    .get(pos)
                    .is_some_and(|b| *b != 0 && !is_special(*b) && !is_whitespace(*b))
                {
                    pos += 1;
                }
                match &input[start..pos] {
                    "in" => Token::In,
                    "notin" => Token::NotIn,
                    _ => Token::Identifier,
                }
            }
        };
        tokens.push((token, &input[start..pos]));
        if bytes.get(pos) == Some(&0) {
            pos += 1;
        }
    }
}

struct Parser<'a> {
    tokens: Vec<(Token, &'a str)>,
    position: usize,
}

impl<'a> Parser<'a> {
    fn new(input: &'a str) -> Self {
        Self {
            tokens: tokenize(input),
            position: 0,
        }
    }

    fn peek(&self, context: Context) -> (Token, &'a str) {
        let (token, text) = self
            .tokens
            .get(self.position)
            .or_else(|| self.tokens.last())
            .copied()
            .unwrap_or((Token::End, ""));
        match (context, token) {
            (Context::Value, Token::In | Token::NotIn) => (Token::Identifier, text),
            _ => (token, text),
        }
    }

    fn next(&mut self, context: Context) -> (Token, &'a str) {
        let item = self.peek(context);
        // Never step past End: it is the last token.
        if self.position + 1 < self.tokens.len() {
            self.position += 1;
        }
        item
    }

    fn parse(mut self) -> Result<Vec<Requirement>> {
        let mut requirements = Vec::new();
        loop {
            let (token, text) = self.peek(Context::Value);
            match token {
                Token::Identifier | Token::Bang => {
                    let requirement = self
                        .requirement()
                        .map_err(|e| SelectorError::UnparsableRequirement(Box::new(e)))?;
                    requirements.push(requirement);
                    match self.next(Context::Value) {
                        (Token::End, _) => return Ok(requirements),
                        (Token::Comma, _) => {
                            let (after, text) = self.peek(Context::Value);
                            if !matches!(after, Token::Identifier | Token::Bang) {
                                return Err(unexpected(text, "identifier after ','"));
                            }
                        }
                        (_, text) => return Err(unexpected(text, "',' or 'end of string'")),
                    }
                }
                Token::End => return Ok(requirements),
                _ => return Err(unexpected(text, "!, identifier, or 'end of string'")),
            }
        }
    }

    fn requirement(&mut self) -> Result<Requirement> {
        let (mut token, mut key) = self.next(Context::Value);
        let negated = token == Token::Bang;
        if negated {
            (token, key) = self.next(Context::Value);
        }
        if token != Token::Identifier {
            return Err(unexpected(key, "identifier"));
        }
        // Upstream validates the key here without a field path, hence `<nil>`.
        if let Some(error) = key_error("<nil>", key) {
            return Err(SelectorError::InvalidRequirement(InvalidFields(vec![
                error,
            ])));
        }
        let (operator, values) = if negated {
            // `!k` takes nothing more; anything after it fails as "expected ','".
            (Operator::DoesNotExist, Vec::new())
        } else if matches!(self.peek(Context::Value).0, Token::End | Token::Comma) {
            (Operator::Exists, Vec::new())
        } else {
            let operator = self.operator()?;
            let values = match operator {
                Operator::In | Operator::NotIn => self.set()?,
                _ => vec![self.exact_value()?],
            };
            (operator, values)
        };
        Requirement::new(key, operator, values)
    }

    fn operator(&mut self) -> Result<Operator> {
        Ok(match self.next(Context::Operator) {
            (Token::In, _) => Operator::In,
            (Token::NotIn, _) => Operator::NotIn,
            (Token::Equals, _) => Operator::Equals,
            (Token::DoubleEquals, _) => Operator::DoubleEquals,
            (Token::NotEquals, _) => Operator::NotEquals,
            (Token::GreaterThan, _) => Operator::GreaterThan,
            (Token::LessThan, _) => Operator::LessThan,
            (_, text) => return Err(unexpected(text, "in, notin, =, ==, !=, gt, lt")),
        })
    }

    /// `k=` with nothing after it means the empty value.
    fn exact_value(&mut self) -> Result<String> {
        if matches!(self.peek(Context::Value).0, Token::End | Token::Comma) {
            return Ok(String::new());
        }
        match self.next(Context::Value) {
            (Token::Identifier, text) => Ok(text.to_owned()),
            (_, text) => Err(unexpected(text, "identifier")),
        }
    }

    /// `(a,b)`: every slot between commas is one value or empty (meaning ""), so `()` is
    /// `{""}` and `(a,)` is `{"", a}`. The result is sorted and de-duplicated, as upstream
    /// collects it in a string set.
    fn set(&mut self) -> Result<Vec<String>> {
        match self.next(Context::Value) {
            (Token::OpenParen, _) => {}
            (_, text) => {
                return Err(SelectorError::MissingOpenParenthesis {
                    found: text.to_owned(),
                });
            }
        }
        let mut values = BTreeSet::new();
        match self.peek(Context::Value) {
            (Token::CloseParen, _) => {
                self.next(Context::Value);
                values.insert(String::new());
                return Ok(values.into_iter().collect());
            }
            (Token::Identifier | Token::Comma, _) => {}
            (_, text) => return Err(unexpected(text, "',', ')' or identifier")),
        }
        loop {
            match self.next(Context::Value) {
                (Token::Identifier, value) => {
                    values.insert(value.to_owned());
                    match self.peek(Context::Value) {
                        (Token::Comma, _) => {}
                        (Token::CloseParen, _) => break,
                        (_, text) => return Err(unexpected(text, "',' or ')'")),
                    }
                }
                (Token::Comma, _) => {
                    if values.is_empty() {
                        values.insert(String::new()); // `(,`
                    }
                    match self.peek(Context::Value).0 {
                        Token::CloseParen => {
                            values.insert(String::new()); // `,)`
                            break;
                        }
                        Token::Comma => {
                            values.insert(String::new()); // `,,`
                        }
                        _ => {}
                    }
                }
                (_, text) => return Err(unexpected(text, "',', or identifier")),
            }
        }
        self.next(Context::Value); // the `)` seen above
        Ok(values.into_iter().collect())
    }
}

fn unexpected(found: &str, expected: &'static str) -> SelectorError {
    SelectorError::UnexpectedToken {
        found: found.to_owned(),
        expected,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;
