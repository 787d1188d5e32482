//! Go's `%v` and `reflect.TypeOf` renderings of decoded JSON, because upstream's patch errors
//! print values that way (`map: map[image:x] does not contain declared merge key: name`).

use serde_json::Value;

/// `fmt.Sprintf("%v", v)` for a value decoded into `interface{}` (numbers as int64 or float64,
/// as the API server decodes them).
pub fn v(value: &Value) -> String {
    let mut out = String::new();
    write(&mut out, value);
    out
}

/// `%v` of a list of lists (`fmt.Sprint(slices)`).
pub fn v_lists(lists: &[&[Value]]) -> String {
    let inner: Vec<String> = lists.iter().map(|l| v(&Value::Array(l.to_vec()))).collect();
    format!("[{}]", inner.join(" "))
}

fn write(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number(n)),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push_str("map[");
            // Go prints map keys sorted; serde_json's map is sorted already.
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write(out, item);
            }
            out.push(']');
        }
    }
}

fn number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    // Go's %v for float64 is %g with the shortest representation: exponent form below 1e-4
    // and from 1e21.
    let abs = f.abs();
    if abs != 0.0 && !(1e-4..1e21).contains(&abs) {
        let s = format!("{f:e}");
        // Rust writes 1e21 / 1.5e-5; Go writes 1e+21 / 1.5e-05.
        match s.split_once('e') {
            Some((m, e)) => {
                let (sign, digits) = e.strip_prefix('-').map_or(("+", e), |d| ("-", d));
                format!("{m}e{sign}{digits:0>2}")
            }
            None => s,
        }
    } else {
        format!("{f}")
    }
}

/// `reflect.TypeOf(v)` printed with `%s`.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "%!s(<nil>)",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int64",
        Value::Number(_) => "float64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

/// `%s` of a value: strings as they are, anything else as Go's `%!s(type=value)`.
pub fn s(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "%!s(<nil>)".into(),
        Value::Array(_) | Value::Object(_) => v(value),
        other => format!("%!s({}={})", type_name(other), v(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_print_as_go_prints_them() {
        assert_eq!(
            v(&json!({"b": [1, "x", null], "a": {"c": true}})),
            "map[a:map[c:true] b:[1 x <nil>]]"
        );
        assert_eq!(v(&json!(1.5)), "1.5");
        assert_eq!(v(&json!(1e21)), "1e+21");
        assert_eq!(v(&json!(0.00001)), "1e-05");
        assert_eq!(type_name(&json!({})), "map[string]interface {}");
        assert_eq!(s(&json!(1)), "%!s(int64=1)");
        assert_eq!(v_lists(&[&[json!("a")], &[json!(1)]]), "[[a] [1]]");
    }
}
