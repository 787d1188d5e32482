//! YAML as kubectl prints it (sigs.k8s.io/yaml over go-yaml v2): sorted keys, two-space
//! indentation with sequences not indented under their key, strings double-quoted when they
//! would read back as another type, single-quoted when plain style cannot hold them, literal
//! blocks for multi-line text, and long scalars folded past column 80.

use serde_json::{Number, Value};

/// go-yaml's `best_width`.
const WIDTH: usize = 80;

/// The YAML document for one value (no `---` marker).
pub fn to_string(v: &Value) -> String {
    let mut out = Out::default();
    match v {
        Value::Object(map) if !map.is_empty() => mapping(map, 0, false, &mut out),
        Value::Array(items) if !items.is_empty() => sequence(items, 0, false, &mut out),
        other => {
            scalar(other, 0, &mut out);
            out.push('\n');
        }
    }
    out.text
}

#[derive(Default)]
struct Out {
    text: String,
    column: usize,
}

impl Out {
    fn push(&mut self, c: char) {
        self.text.push(c);
        if c == '\n' {
            self.column = 0;
        } else {
            self.column += 1;
        }
    }
    fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            self.push(c);
        }
    }
    fn indent(&mut self, n: usize) {
        for _ in 0..n {
            self.push(' ');
        }
    }
}

fn sorted(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// A block mapping whose keys sit at `indent`; `inline` when the first key follows a `- `.
fn mapping(map: &serde_json::Map<String, Value>, indent: usize, inline: bool, out: &mut Out) {
    for (i, (k, v)) in sorted(map).into_iter().enumerate() {
        if i > 0 || !inline {
            out.indent(indent);
        }
        key(k, out);
        out.push(':');
        match v {
            Value::Object(m) if !m.is_empty() => {
                out.push('\n');
                mapping(m, indent + 2, false, out);
            }
            Value::Array(items) if !items.is_empty() => {
                out.push('\n');
                sequence(items, indent, false, out);
            }
            other => {
                out.push(' ');
                scalar(other, indent + 2, out);
                out.push('\n');
            }
        }
    }
}

/// A block sequence whose dashes sit at `indent`.
fn sequence(items: &[Value], indent: usize, inline: bool, out: &mut Out) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline {
            out.indent(indent);
        }
        out.push_str("- ");
        match item {
            Value::Object(m) if !m.is_empty() => mapping(m, indent + 2, true, out),
            Value::Array(inner) if !inner.is_empty() => sequence(inner, indent + 2, true, out),
            other => {
                scalar(other, indent + 2, out);
                out.push('\n');
            }
        }
    }
}

fn key(k: &str, out: &mut Out) {
    match style(k) {
        Style::Plain | Style::Literal => out.push_str(k),
        Style::Single => single_quoted(k, usize::MAX, out),
        Style::Double => double_quoted(k, usize::MAX, out),
    }
}

/// A scalar or empty collection; `indent` is where folded continuation lines start.
fn scalar(v: &Value, indent: usize, out: &mut Out) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number(n)),
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        Value::String(s) => match style(s) {
            Style::Plain => plain(s, indent, out),
            Style::Single => single_quoted(s, indent, out),
            Style::Double => double_quoted(s, indent, out),
            Style::Literal => literal(s, indent, out),
        },
    }
}

/// go-yaml's float formatting (`strconv.FormatFloat(f, 'g', -1, 64)`); integers as they are.
fn number(n: &Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let Some(f) = n.as_f64() else {
        return n.to_string();
    };
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e6 {
        return format!("{}", f as i64);
    }
    let exp = if f == 0.0 {
        0
    } else {
        f.abs().log10().floor() as i32
    };
    if !(-4..21).contains(&exp) || (f.fract() == 0.0 && exp >= 6) {
        let s = format!("{f:e}");
        // Rust writes 1e6 / 1.5e-7; Go writes 1e+06 / 1.5e-07.
        if let Some((mantissa, e)) = s.split_once('e') {
            let (sign, digits) = match e.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', e),
            };
            return format!("{mantissa}e{sign}{digits:0>2}");
        }
        return s;
    }
    format!("{f}")
}

#[derive(Debug, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

fn style(s: &str) -> Style {
    if resolves_to_non_string(s) {
        return Style::Double;
    }
    let special = s
        .chars()
        .any(|c| !(c == '\n' || (' '..='~').contains(&c) || (c as u32) >= 0xA0) || c == '\u{feff}');
    if special {
        return Style::Double;
    }
    if s.contains('\n') {
        // Spaces next to line breaks cannot survive a literal block in go-yaml's analysis.
        if s.contains(" \n") || s.contains("\n ") || s.starts_with(' ') {
            return Style::Double;
        }
        return Style::Literal;
    }
    if plain_allowed(s) {
        Style::Plain
    } else {
        Style::Single
    }
}

fn plain_allowed(s: &str) -> bool {
    if s.is_empty() || s.starts_with(' ') || s.ends_with(' ') {
        return false;
    }
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_space = chars.get(i + 1).is_none_or(|n| *n == ' ');
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                return false;
            }
            if (c == '?' || c == ':' || c == '-') && followed_by_space {
                return false;
            }
        } else {
            if c == ':' && followed_by_space {
                return false;
            }
            if c == '#' && chars[i - 1] == ' ' {
                return false;
            }
        }
    }
    true
}

/// go-yaml v2's `resolve`: would this text, unquoted, read back as null, bool, number or time?
fn resolves_to_non_string(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
        "-.Inf", "-.INF", "<<",
    ];
    if WORDS.contains(&s) {
        return true;
    }
    let first = s.chars().next().unwrap_or(' ');
    if !(first.is_ascii_digit() || first == '+' || first == '-' || first == '.') {
        return false;
    }
    let plain: String = s.chars().filter(|c| *c != '_').collect();
    is_int(&plain) || is_yaml_float(&plain) || is_timestamp(s) || is_base60(s)
}

fn is_int(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let digits = |t: &str, ok: fn(char) -> bool| !t.is_empty() && t.chars().all(ok);
    if let Some(hex) = body.strip_prefix("0x") {
        return digits(hex, |c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = body.strip_prefix("0o") {
        return digits(oct, |c| ('0'..='7').contains(&c));
    }
    if let Some(bin) = body.strip_prefix("0b") {
        return digits(bin, |c| c == '0' || c == '1');
    }
    if body.len() > 1 && body.starts_with('0') {
        return digits(body, |c| ('0'..='7').contains(&c));
    }
    digits(body, |c| c.is_ascii_digit())
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => !frac.is_empty() && frac.chars().all(|c| c.is_ascii_digit()),
        Some((int, frac)) => {
            !int.is_empty()
                && int.chars().all(|c| c.is_ascii_digit())
                && frac.chars().all(|c| c.is_ascii_digit())
        }
        None => !mantissa.is_empty() && mantissa.chars().all(|c| c.is_ascii_digit()),
    };
    let exponent_ok = match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
        }
    };
    mantissa_ok && exponent_ok
}

/// Dates and date-times go-yaml parses as timestamps (`2006-1-2`, `2006-1-2T15:4:5Z`, …).
fn is_timestamp(s: &str) -> bool {
    let mut parts = s.splitn(2, ['T', 't', ' ']);
    let date = parts.next().unwrap_or("");
    let fields: Vec<&str> = date.split('-').collect();
    let date_ok = fields.len() == 3
        && fields[0].len() == 4
        && fields
            .iter()
            .all(|f| !f.is_empty() && f.len() <= 4 && f.chars().all(|c| c.is_ascii_digit()))
        && fields[1].len() <= 2
        && fields[2].len() <= 2;
    if !date_ok {
        return false;
    }
    match parts.next() {
        None => true,
        Some(time) => {
            let hms: Vec<&str> = time.splitn(3, ':').collect();
            hms.len() == 3
                && hms[0].chars().all(|c| c.is_ascii_digit())
                && hms[1].chars().all(|c| c.is_ascii_digit())
                && hms[2].starts_with(|c: char| c.is_ascii_digit())
        }
    }
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn is_base60(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, frac) = match body.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (body, None),
    };
    if let Some(f) = frac
        && !f.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return false;
    }
    let mut groups = main.split(':');
    let head = groups.next().unwrap_or("");
    if !head.starts_with(|c: char| c.is_ascii_digit())
        || !head.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return false;
    }
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && rest.iter().all(|g| {
            (1..=2).contains(&g.len())
                && g.chars().all(|c| c.is_ascii_digit())
                && (g.len() == 1 || g.as_bytes()[0] <= b'5')
        })
}

fn fold_to(indent: usize, out: &mut Out) {
    out.push('\n');
    out.indent(indent);
}

fn plain(s: &str, indent: usize, out: &mut Out) {
    let chars: Vec<char> = s.chars().collect();
    let mut spaces = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            if !spaces && out.column > WIDTH && chars.get(i + 1).is_some_and(|n| *n != ' ') {
                fold_to(indent, out);
            } else {
                out.push(c);
            }
            spaces = true;
        } else {
            out.push(c);
            spaces = false;
        }
    }
}

fn single_quoted(s: &str, indent: usize, out: &mut Out) {
    out.push('\'');
    let chars: Vec<char> = s.chars().collect();
    let mut spaces = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            if indent != usize::MAX
                && !spaces
                && out.column > WIDTH
                && i != 0
                && i != chars.len() - 1
                && chars.get(i + 1).is_some_and(|n| *n != ' ')
            {
                fold_to(indent, out);
            } else {
                out.push(c);
            }
            spaces = true;
        } else {
            if c == '\'' {
                out.push('\'');
            }
            out.push(c);
            spaces = false;
        }
    }
    out.push('\'');
}

fn double_quoted(s: &str, indent: usize, out: &mut Out) {
    out.push('"');
    let chars: Vec<char> = s.chars().collect();
    let mut spaces = false;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            ' ' => {
                if indent != usize::MAX
                    && !spaces
                    && out.column > WIDTH
                    && i != 0
                    && i != chars.len() - 1
                {
                    fold_to(indent, out);
                    if chars.get(i + 1) == Some(&' ') {
                        out.push('\\');
                    }
                } else {
                    out.push(' ');
                }
                spaces = true;
                continue;
            }
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{a0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{feff}' => {
                out.push_str(&format!("\\x{:02X}", c as u32))
            }
            c => out.push(c),
        }
        spaces = false;
    }
    out.push('"');
}

fn literal(s: &str, indent: usize, out: &mut Out) {
    out.push('|');
    if s.starts_with(' ') || s.starts_with('\n') {
        out.push('2');
    }
    let trailing = s.len() - s.trim_end_matches('\n').len();
    match trailing {
        0 => out.push('-'),
        1 => {}
        _ => out.push('+'),
    }
    let body = if trailing == 1 { &s[..s.len() - 1] } else { s };
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.indent(indent);
            out.push_str(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn mappings_sort_keys_and_sequences_sit_under_their_key() {
        let v = json!({"spec": {"containers": [{"name": "c", "image": "busybox", "args": ["a"]}]}, "kind": "Pod"});
        assert_eq!(
            to_string(&v),
            "kind: Pod\nspec:\n  containers:\n  - args:\n    - a\n    image: busybox\n    name: c\n"
        );
    }

    #[test]
    fn strings_that_read_as_other_types_are_double_quoted() {
        let v = json!({"a": "2", "b": "true", "c": "2024-01-02T03:04:05Z", "d": "", "e": "y", "f": "1.5", "g": "web"});
        assert_eq!(
            to_string(&v),
            "a: \"2\"\nb: \"true\"\nc: \"2024-01-02T03:04:05Z\"\nd: \"\"\ne: \"y\"\nf: \"1.5\"\ng: web\n"
        );
    }

    #[test]
    fn indicators_force_single_quotes() {
        let v = json!({"a": "*", "b": "x: y", "c": " lead", "d": "it's"});
        assert_eq!(to_string(&v), "a: '*'\nb: 'x: y'\nc: ' lead'\nd: it's\n");
    }

    #[test]
    fn multi_line_text_is_a_literal_block() {
        let v = json!({"a": "x\ny\n", "b": "x\ny"});
        assert_eq!(to_string(&v), "a: |\n  x\n  y\nb: |-\n  x\n  y\n");
    }

    #[test]
    fn empty_collections_and_numbers_print_inline() {
        let v = json!({"a": {}, "b": [], "c": 3, "d": 0.5, "e": null});
        assert_eq!(to_string(&v), "a: {}\nb: []\nc: 3\nd: 0.5\ne: null\n");
    }

    #[test]
    fn long_plain_text_folds_past_column_eighty() {
        let words = "word ".repeat(30);
        let v = json!({"message": words.trim_end()});
        let out = to_string(&v);
        let first = out.lines().next().unwrap();
        assert!(first.len() > 80 && first.len() < 90, "{out}");
        assert!(out.lines().nth(1).unwrap().starts_with("  word"), "{out}");
    }
}
