//! kubectl's JSONPath templates: text with `{…}` actions — field paths (`.a.b`, `['a.b']`,
//! `[0]`, `[*]`, `[1:3]`, `..name`, `[?(@.x=="y")]`), string literals (`{"\n"}`) and
//! `{range …}…{end}`. Maps and lists print as compact JSON, several results of one action are
//! joined by a space, missing keys print nothing (kubectl allows missing keys).

use serde_json::Value;

/// A parse or evaluation failure, worded as kubectl's.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Error {
    #[error("unclosed action")]
    UnclosedAction,
    #[error("not in range, nothing to end")]
    UnexpectedEnd,
    #[error("unterminated range")]
    UnterminatedRange,
    #[error("unrecognized character in action: {0}")]
    Unrecognized(String),
    #[error("invalid array index {0}")]
    BadIndex(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Text(String),
    Path(Vec<Seg>),
    Range(Vec<Seg>, Vec<Item>),
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Field(String),
    AllFields,
    Recursive(String),
    Index(i64),
    Slice(Option<i64>, Option<i64>),
    Wildcard,
    Union(Vec<Seg>),
    Filter(Box<Filter>),
}

#[derive(Debug, Clone, PartialEq)]
struct Filter {
    left: Operand,
    op: Option<(String, Operand)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Path(Vec<Seg>),
    Literal(Value),
}

/// A parsed template.
#[derive(Debug, Clone)]
pub struct Template {
    items: Vec<Item>,
}

impl Template {
    /// Parses kubectl's template syntax.
    pub fn parse(text: &str) -> Result<Template, Error> {
        let mut stack: Vec<(Vec<Seg>, Vec<Item>)> = Vec::new();
        let mut items = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let Some(open) = rest.find('{') else {
                items.push(Item::Text(rest.to_string()));
                break;
            };
            if open > 0 {
                items.push(Item::Text(rest[..open].to_string()));
            }
            let after = &rest[open + 1..];
            let close = find_close(after).ok_or(Error::UnclosedAction)?;
            let action = after[..close].trim();
            rest = &after[close + 1..];
            if action == "end" {
                let (path, outer) = stack.pop().ok_or(Error::UnexpectedEnd)?;
                let body = std::mem::replace(&mut items, outer);
                items.push(Item::Range(path, body));
            } else if let Some(path) = action
                .strip_prefix("range")
                .filter(|p| p.starts_with([' ', '.', '@', '$']))
            {
                let path = parse_path(path.trim())?;
                stack.push((path, std::mem::take(&mut items)));
            } else if action.starts_with('"') || action.starts_with('\'') {
                items.push(Item::Text(unquote(action)));
            } else {
                items.push(Item::Path(parse_path(action)?));
            }
        }
        if !stack.is_empty() {
            return Err(Error::UnterminatedRange);
        }
        Ok(Template { items })
    }

    /// Renders the template against `root`.
    pub fn execute(&self, root: &Value) -> String {
        let mut out = String::new();
        render(&self.items, root, root, &mut out);
        out
    }

    /// Each path action's results (custom columns print them joined by commas).
    pub fn find(&self, root: &Value) -> Vec<Value> {
        let mut found = Vec::new();
        for item in &self.items {
            if let Item::Path(path) = item {
                found.extend(eval(path, root, root));
            }
        }
        found
    }
}

/// The index of the `}` closing an action, skipping quoted text.
fn find_close(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '}' => return Some(i),
                _ => {}
            },
        }
    }
    None
}

/// Go's `strconv.Unquote` for the escapes templates use.
fn unquote(s: &str) -> String {
    let inner = &s[1..s.len().saturating_sub(1).max(1)];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some('\'') => out.push('\''),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn parse_path(text: &str) -> Result<Vec<Seg>, Error> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut segs = Vec::new();
    if chars.first().is_some_and(|c| *c == '$' || *c == '@') {
        i = 1;
    }
    while i < chars.len() {
        match chars[i] {
            '.' if chars.get(i + 1) == Some(&'.') => {
                let (name, next) = read_name(&chars, i + 2);
                segs.push(Seg::Recursive(name));
                i = next;
            }
            '.' => {
                let (name, next) = read_name(&chars, i + 1);
                if name == "*" {
                    segs.push(Seg::AllFields);
                } else if !name.is_empty() {
                    segs.push(Seg::Field(name));
                }
                i = next;
            }
            '[' => {
                let close = matching_bracket(&chars, i)
                    .ok_or_else(|| Error::Unrecognized(text.to_string()))?;
                let inner: String = chars[i + 1..close].iter().collect();
                segs.push(parse_bracket(inner.trim())?);
                i = close + 1;
            }
            ' ' => i += 1,
            _ => {
                // A bare name at the start (`metadata.name`) reads as a field.
                let (name, next) = read_name(&chars, i);
                if name.is_empty() {
                    return Err(Error::Unrecognized(text.to_string()));
                }
                segs.push(Seg::Field(name));
                i = next;
            }
        }
    }
    Ok(segs)
}

fn read_name(chars: &[char], mut i: usize) -> (String, usize) {
    let mut name = String::new();
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                name.push(chars[i + 1]);
                i += 2;
            }
            '.' | '[' | ' ' | ')' => break,
            c => {
                name.push(c);
                i += 1;
            }
        }
    }
    (name, i)
}

fn matching_bracket(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(j);
                    }
                }
                _ => {}
            },
        }
    }
    None
}

fn parse_bracket(inner: &str) -> Result<Seg, Error> {
    if inner == "*" {
        return Ok(Seg::Wildcard);
    }
    if let Some(filter) = inner.strip_prefix("?(").and_then(|f| f.strip_suffix(')')) {
        return Ok(Seg::Filter(Box::new(parse_filter(filter.trim())?)));
    }
    if inner.contains(',') {
        let parts = inner
            .split(',')
            .map(|p| parse_bracket(p.trim()))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Seg::Union(parts));
    }
    if (inner.starts_with('\'') && inner.ends_with('\''))
        || (inner.starts_with('"') && inner.ends_with('"'))
    {
        return Ok(Seg::Field(unquote(inner)));
    }
    if inner.contains(':') {
        let mut parts = inner.split(':');
        let bound = |p: Option<&str>| -> Result<Option<i64>, Error> {
            match p.map(str::trim) {
                None | Some("") => Ok(None),
                Some(n) => n
                    .parse()
                    .map(Some)
                    .map_err(|_| Error::BadIndex(inner.to_string())),
            }
        };
        let start = bound(parts.next())?;
        let end = bound(parts.next())?;
        return Ok(Seg::Slice(start, end));
    }
    inner
        .parse()
        .map(Seg::Index)
        .map_err(|_| Error::BadIndex(inner.to_string()))
}

fn parse_filter(text: &str) -> Result<Filter, Error> {
    for op in ["==", "!=", "<=", ">=", "<", ">"] {
        if let Some((l, r)) = split_outside_quotes(text, op) {
            return Ok(Filter {
                left: parse_operand(l.trim())?,
                op: Some((op.to_string(), parse_operand(r.trim())?)),
            });
        }
    }
    Ok(Filter {
        left: parse_operand(text)?,
        op: None,
    })
}

fn split_outside_quotes<'a>(text: &'a str, op: &str) -> Option<(&'a str, &'a str)> {
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if text[i..].starts_with(op) => return Some((&text[..i], &text[i + op.len()..])),
            None => {}
        }
    }
    None
}

fn parse_operand(text: &str) -> Result<Operand, Error> {
    if text.starts_with('@') || text.starts_with('$') || text.starts_with('.') {
        return Ok(Operand::Path(parse_path(text)?));
    }
    if text.starts_with('\'') || text.starts_with('"') {
        return Ok(Operand::Literal(Value::String(unquote(text))));
    }
    serde_json::from_str(text)
        .map(Operand::Literal)
        .map_err(|_| Error::Unrecognized(text.to_string()))
}

fn render(items: &[Item], root: &Value, cur: &Value, out: &mut String) {
    for item in items {
        match item {
            Item::Text(t) => out.push_str(t),
            Item::Path(path) => {
                let results = eval(path, root, cur);
                let texts: Vec<String> = results.iter().map(text_of).collect();
                out.push_str(&texts.join(" "));
            }
            Item::Range(path, body) => {
                for v in eval(path, root, cur) {
                    render(body, root, &v, out);
                }
            }
        }
    }
}

/// A result as kubectl prints it: strings bare, maps and lists as compact JSON.
pub fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(_) | Value::Array(_) => super::json::compact(v),
        Value::Null => "<nil>".to_string(),
        other => other.to_string(),
    }
}

/// Go's `fmt.Sprintf("%v", v)` of an unstructured value (custom columns print this).
pub fn go_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "<nil>".to_string(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(go_value).collect::<Vec<_>>().join(" ")
        ),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            format!(
                "map[{}]",
                keys.iter()
                    .map(|k| format!("{k}:{}", go_value(&map[k.as_str()])))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        }
        other => other.to_string(),
    }
}

fn eval(path: &[Seg], root: &Value, cur: &Value) -> Vec<Value> {
    let mut values = vec![cur.clone()];
    let _ = root;
    for seg in path {
        let mut next = Vec::new();
        for v in &values {
            apply(seg, v, &mut next);
        }
        values = next;
    }
    values
}

fn apply(seg: &Seg, v: &Value, next: &mut Vec<Value>) {
    match seg {
        Seg::Field(name) => {
            if let Some(x) = v.get(name) {
                next.push(x.clone());
            }
        }
        Seg::AllFields | Seg::Wildcard => match v {
            Value::Array(items) => next.extend(items.iter().cloned()),
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                next.extend(keys.into_iter().map(|k| map[k.as_str()].clone()));
            }
            _ => {}
        },
        Seg::Recursive(name) => recursive(name, v, next),
        Seg::Index(i) => {
            if let Value::Array(items) = v {
                let len = items.len() as i64;
                let idx = if *i < 0 { len + i } else { *i };
                if (0..len).contains(&idx) {
                    next.push(items[idx as usize].clone());
                }
            }
        }
        Seg::Slice(start, end) => {
            if let Value::Array(items) = v {
                let len = items.len() as i64;
                let norm = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
                let s = norm(start.unwrap_or(0));
                let e = norm(end.unwrap_or(len));
                if s < e {
                    next.extend(items[s as usize..e as usize].iter().cloned());
                }
            }
        }
        Seg::Union(parts) => {
            for p in parts {
                apply(p, v, next);
            }
        }
        Seg::Filter(filter) => {
            let candidates: Vec<&Value> = match v {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in candidates {
                if matches(filter, item) {
                    next.push(item.clone());
                }
            }
        }
    }
}

fn recursive(name: &str, v: &Value, next: &mut Vec<Value>) {
    match v {
        Value::Object(map) => {
            if name == "*" || name.is_empty() {
                next.push(v.clone());
            } else if let Some(x) = map.get(name) {
                next.push(x.clone());
            }
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for k in keys {
                recursive(name, &map[k.as_str()], next);
            }
        }
        Value::Array(items) => {
            for item in items {
                recursive(name, item, next);
            }
        }
        _ => {}
    }
}

fn operand(op: &Operand, item: &Value) -> Option<Value> {
    match op {
        Operand::Literal(v) => Some(v.clone()),
        Operand::Path(p) => eval(p, item, item).into_iter().next(),
    }
}

fn matches(filter: &Filter, item: &Value) -> bool {
    let left = operand(&filter.left, item);
    let Some((op, right)) = &filter.op else {
        return left.is_some_and(|v| !v.is_null());
    };
    let (Some(l), Some(r)) = (left, operand(right, item)) else {
        return false;
    };
    let ord = match (l.as_f64(), r.as_f64()) {
        (Some(a), Some(b)) => a.partial_cmp(&b),
        _ => match (l.as_str(), r.as_str()) {
            (Some(a), Some(b)) => Some(a.cmp(b)),
            _ => None,
        },
    };
    match op.as_str() {
        "==" => l == r || ord == Some(std::cmp::Ordering::Equal),
        "!=" => !(l == r || ord == Some(std::cmp::Ordering::Equal)),
        "<" => ord == Some(std::cmp::Ordering::Less),
        ">" => ord == Some(std::cmp::Ordering::Greater),
        "<=" => matches!(
            ord,
            Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
        ),
        ">=" => matches!(
            ord,
            Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(t: &str, v: &Value) -> String {
        Template::parse(t).unwrap().execute(v)
    }

    fn list() -> Value {
        json!({"items": [
            {"metadata": {"name": "a", "labels": {"app": "web"}}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}},
            {"metadata": {"name": "b"}, "status": {"conditions": [{"type": "Ready", "status": "False"}]}}
        ]})
    }

    #[test]
    fn wildcards_join_results_with_spaces() {
        assert_eq!(run("{.items[*].metadata.name}", &list()), "a b");
    }

    #[test]
    fn range_repeats_its_body_for_each_item() {
        assert_eq!(
            run("{range .items[*]}{.metadata.name}{\"\\n\"}{end}", &list()),
            "a\nb\n"
        );
    }

    #[test]
    fn filters_quoted_keys_and_maps_as_json() {
        assert_eq!(
            run(
                "{.items[?(@.status.conditions[0].status==\"True\")].metadata.name}",
                &list()
            ),
            "a"
        );
        assert_eq!(
            run("{.items[0].metadata['labels']}", &list()),
            "{\"app\":\"web\"}"
        );
        assert_eq!(run("x{.items[-1:].metadata.name}y", &list()), "xby");
        assert_eq!(run("{.items[5].metadata.name}", &list()), "");
        assert_eq!(run("{..name}", &list()), "a b");
        assert_eq!(
            run("{range.items[*]}[{.metadata.name}]{end}", &list()),
            "[a][b]"
        );
    }

    #[test]
    fn unclosed_ranges_and_actions_are_errors() {
        assert_eq!(
            Template::parse("{range .items[*]}x").unwrap_err(),
            Error::UnterminatedRange
        );
        assert_eq!(Template::parse("{.a").unwrap_err(), Error::UnclosedAction);
    }

    #[test]
    fn go_values_print_like_percent_v() {
        assert_eq!(
            go_value(&json!({"b": 1, "a": ["x", "y"]})),
            "map[a:[x y] b:1]"
        );
    }
}
