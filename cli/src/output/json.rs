//! JSON as Go's `json.MarshalIndent(v, "", "    ")` writes it: 4-space indent, `": "`, sorted
//! object keys (kubectl's objects are Go maps), `<`, `>`, `&`, U+2028 and U+2029 escaped.

use serde_json::Value;

/// The indented document followed by a newline, as `kubectl -o json` prints it.
pub fn to_string(v: &Value) -> String {
    to_string_ordered(v, &[])
}

/// Like [`to_string`], but keys listed in `order` come first, in that order (Go structs
/// marshal their fields in declaration order, not sorted).
pub fn to_string_ordered(v: &Value, order: &[&str]) -> String {
    let mut out = String::new();
    write(v, 0, order, &mut out);
    out.push('\n');
    out
}

fn write(v: &Value, depth: usize, order: &[&str], out: &mut String) {
    match v {
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(usize::MAX);
            keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(depth + 1, out);
                string(k, out);
                out.push_str(": ");
                write(&map[k.as_str()], depth + 1, order, out);
            }
            newline(depth, out);
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(depth + 1, out);
                write(item, depth + 1, order, out);
            }
            newline(depth, out);
            out.push(']');
        }
        Value::String(s) => string(s, out),
        other => out.push_str(&other.to_string()),
    }
}

/// Compact JSON with sorted keys and Go's escaping (JSONPath prints maps this way).
pub fn compact(v: &Value) -> String {
    let mut out = String::new();
    compact_into(v, &mut out);
    out
}

fn compact_into(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(k, out);
                out.push(':');
                compact_into(&map[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                compact_into(item, out);
            }
            out.push(']');
        }
        Value::String(s) => string(s, out),
        other => out.push_str(&other.to_string()),
    }
}

fn newline(depth: usize, out: &mut String) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("    ");
    }
}

fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn indents_four_spaces_with_sorted_keys_and_html_escapes() {
        let v = json!({"b": [1, {}], "a": "<x>", "c": []});
        assert_eq!(
            to_string(&v),
            "{\n    \"a\": \"\\u003cx\\u003e\",\n    \"b\": [\n        1,\n        {}\n    ],\n    \"c\": []\n}\n"
        );
    }
}
