//! Serving cached objects without parsing them: the stored JSON with `metadata.resourceVersion`
//! spliced in where serde_json would put it.
//!
//! The registry stores what `serde_json::to_vec` writes for an object without its
//! resourceVersion: compact, keys sorted. Parsing that, setting the resourceVersion and writing
//! it again gives the same bytes with `"resourceVersion":"N"` among metadata's keys in sorted
//! order — which is what [`write_object`] produces by scanning instead of parsing. Anything it
//! does not expect (an escaped key, malformed JSON, a resourceVersion already there) makes it
//! give up, and the caller parses the object as before.

use rk_store::Revision;

const RESOURCE_VERSION: &[u8] = b"resourceVersion";

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The end of the string starting at `i` (a `"`), just past its closing quote.
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match b.get(j)? {
            b'"' => return Some(j + 1),
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
}

/// The end of the value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match b.get(j)? {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while b
                .get(j)
                .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
            {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// One member of an object: where its key starts, the key (unescaped only if it had no
/// escapes), and where its value starts and ends.
struct Member<'a> {
    key_start: usize,
    key: &'a [u8],
    value: (usize, usize),
}

/// The members of the object starting at `i` (a `{`), and the position of its closing `}`.
/// None if the JSON is not as expected, or a key has escapes.
fn members(b: &[u8], i: usize) -> Option<(Vec<Member<'_>>, usize)> {
    let mut out = Vec::new();
    let mut j = skip_ws(b, i + 1);
    if b.get(j)? == &b'}' {
        return Some((out, j));
    }
    loop {
        if b.get(j)? != &b'"' {
            return None;
        }
        let key_end = skip_string(b, j)?;
        let key = b.get(j + 1..key_end - 1)?;
        if key.contains(&b'\\') {
            return None;
        }
        let colon = skip_ws(b, key_end);
        if b.get(colon)? != &b':' {
            return None;
        }
        let start = skip_ws(b, colon + 1);
        let end = skip_value(b, start)?;
        out.push(Member {
            key_start: j,
            key,
            value: (start, end),
        });
        let next = skip_ws(b, end);
        match b.get(next)? {
            b',' => j = skip_ws(b, next + 1),
            b'}' => return Some((out, next)),
            _ => return None,
        }
    }
}

/// Appends the stored object `json` with `rv` as its resourceVersion, as parsing, setting it
/// and serializing would write it. False (and nothing appended) if the object is not in the
/// form expected.
pub(crate) fn write_object(out: &mut Vec<u8>, json: &[u8], rv: Revision) -> bool {
    match metadata(json) {
        None => false,
        // No metadata, or not an object: nothing to set (as `set_resource_version` does nothing).
        Some(Metadata::Absent | Metadata::Other(_)) => {
            out.extend_from_slice(json);
            true
        }
        Some(Metadata::Object(start, end)) => {
            let mark = out.len();
            out.extend_from_slice(&json[..start]);
            if !write_metadata_object(out, json, start, rv) {
                out.truncate(mark);
                return false;
            }
            out.extend_from_slice(&json[end..]);
            true
        }
    }
}

/// Appends the stored object's `metadata` with `rv` as its resourceVersion, as parsing the
/// object, setting it and serializing its `metadata` (`{}` when absent) would write it. False
/// (and nothing appended) if the object is not in the form expected.
pub(crate) fn write_metadata(out: &mut Vec<u8>, json: &[u8], rv: Revision) -> bool {
    match metadata(json) {
        None => false,
        Some(Metadata::Absent) => {
            out.extend_from_slice(b"{}");
            true
        }
        Some(Metadata::Other((start, end))) => {
            out.extend_from_slice(&json[start..end]);
            true
        }
        Some(Metadata::Object(start, _)) => write_metadata_object(out, json, start, rv),
    }
}

/// Where a stored object's `metadata` is.
enum Metadata {
    Absent,
    /// Not an object: its value's span.
    Other((usize, usize)),
    /// An object: its span.
    Object(usize, usize),
}

/// Finds the object's `metadata`; None if `json` is not an object in the form expected.
fn metadata(json: &[u8]) -> Option<Metadata> {
    let start = skip_ws(json, 0);
    if json.get(start) != Some(&b'{') {
        return None;
    }
    let (top, _) = members(json, start)?;
    Some(match top.iter().find(|m| m.key == b"metadata") {
        None => Metadata::Absent,
        Some(m) if json.get(m.value.0) == Some(&b'{') => Metadata::Object(m.value.0, m.value.1),
        Some(m) => Metadata::Other(m.value),
    })
}

/// Appends the metadata object starting at `start` with the resourceVersion among its keys in
/// sorted order. False (nothing appended) if it is not as expected or already has one.
fn write_metadata_object(out: &mut Vec<u8>, json: &[u8], start: usize, rv: Revision) -> bool {
    let Some((fields, close)) = members(json, start) else {
        return false;
    };
    if fields.iter().any(|f| f.key == RESOURCE_VERSION) {
        return false;
    }
    let member = format!("\"resourceVersion\":\"{rv}\"");
    match fields.iter().find(|f| f.key > RESOURCE_VERSION) {
        Some(after) => {
            out.extend_from_slice(&json[start..after.key_start]);
            out.extend_from_slice(member.as_bytes());
            out.push(b',');
            out.extend_from_slice(&json[after.key_start..=close]);
        }
        None => {
            out.extend_from_slice(&json[start..close]);
            if !fields.is_empty() {
                out.push(b',');
            }
            out.extend_from_slice(member.as_bytes());
            out.push(b'}');
        }
    }
    true
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use serde_json::{Value, json};

    use super::{write_metadata, write_object};
    use crate::registry::set_resource_version;

    /// What the registry serves: parse, set, serialize.
    fn parsed(stored: &Value, rv: i64) -> String {
        let mut v: Value = serde_json::from_slice(&serde_json::to_vec(stored).unwrap()).unwrap();
        set_resource_version(&mut v, rv);
        v.to_string()
    }

    fn spliced(stored: &Value, rv: i64) -> Option<String> {
        let mut out = Vec::new();
        write_object(&mut out, &serde_json::to_vec(stored).unwrap(), rv)
            .then(|| String::from_utf8(out).unwrap())
    }

    #[test]
    fn splicing_writes_what_parsing_and_serializing_writes() {
        for obj in [
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "namespace": "ns", "uid": "u"}}),
            json!({"metadata": {}}),
            json!({"metadata": {"annotations": {"x": "}{\"]["}, "name": "a"}}),
            json!({"metadata": {"uid": "z"}, "spec": {"a": [1, 2.5, -3e-7, null, true, {"b": "\\\""}]}}),
            json!({"metadata": {"labels": {"é": "ü\u{1}"}, "name": "a", "selfLink": "x"}, "z": "\u{2028}"}),
            json!({"kind": "NoMetadata"}),
            json!({"metadata": "not an object"}),
            json!({"data": {"metadata": {"name": "nested, not the object's"}}, "metadata": {"name": "n"}}),
        ] {
            assert_eq!(
                spliced(&obj, 42).as_deref(),
                Some(parsed(&obj, 42).as_str()),
                "{obj}"
            );
        }
    }

    #[test]
    fn metadata_is_written_as_parsing_and_serializing_its_metadata_writes() {
        for obj in [
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "namespace": "ns", "uid": "u"}, "spec": {}}),
            json!({"metadata": {}}),
            json!({"metadata": {"annotations": {"x": "}{\"]["}, "managedFields": [{"a": 1}], "name": "a"}}),
            json!({"metadata": {"labels": {"é": "ü\u{1}"}, "name": "a", "selfLink": "x"}, "z": "\u{2028}"}),
            json!({"kind": "NoMetadata"}),
            json!({"metadata": "not an object"}),
        ] {
            let mut expected: Value = serde_json::from_str(&parsed(&obj, 7)).unwrap();
            let expected = expected
                .get_mut("metadata")
                .map_or_else(|| json!({}), Value::take);
            let mut out = Vec::new();
            assert!(
                write_metadata(&mut out, &serde_json::to_vec(&obj).unwrap(), 7),
                "{obj}"
            );
            assert_eq!(
                String::from_utf8(out).unwrap(),
                expected.to_string(),
                "{obj}"
            );
        }
        let mut out = Vec::new();
        assert!(!write_metadata(
            &mut out,
            br#"{"metadata":{"resourceVersion":"1"}}"#,
            2
        ));
        assert!(!write_metadata(&mut out, br#"{"metadata":{"name":"a"}"#, 2));
        assert!(out.is_empty());
    }

    #[test]
    fn unexpected_forms_are_left_to_the_parser() {
        let mut out = Vec::new();
        assert!(!write_object(
            &mut out,
            br#"{"metadata":{"resourceVersion":"1"}}"#,
            2
        ));
        assert!(!write_object(
            &mut out,
            br#"{"metadata":{"na\u006de":"a"}}"#,
            2
        ));
        assert!(!write_object(&mut out, br#"{"metadata":{"name":"a"}"#, 2));
        assert!(!write_object(&mut out, b"[1]", 2));
        assert!(!write_object(&mut out, b"", 2));
        assert!(out.is_empty());
    }
}
