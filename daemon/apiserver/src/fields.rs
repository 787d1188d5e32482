//! Every object key of a JSON text, in order, with its path as upstream's field validation names it
//! (`spec.template.spec.containers[0].image`) and whether it repeats a key already seen in the
//! same object: what `serde_json::Value` cannot tell, since a repeated key silently replaces the
//! earlier one (the last wins, as in Go's decoder).

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// One key of one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub path: String,
    pub duplicate: bool,
}

struct Scan<'a> {
    path: String,
    out: &'a mut Vec<Occurrence>,
    depth: usize,
}

/// Deeper than this is not scanned (serde_json refuses 128 levels anyway).
const MAX_DEPTH: usize = 100;

impl<'de> DeserializeSeed<'de> for Scan<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            if self.depth >= MAX_DEPTH {
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    return Ok(());
                }
                continue;
            }
            let seed = Scan {
                path: format!("{}[{i}]", self.path),
                out: &mut *self.out,
                depth: self.depth + 1,
            };
            if seq.next_element_seed(seed)?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            let duplicate = !seen.insert(key);
            self.out.push(Occurrence {
                path: path.clone(),
                duplicate,
            });
            if self.depth >= MAX_DEPTH {
                map.next_value::<IgnoredAny>()?;
            } else {
                map.next_value_seed(Scan {
                    path,
                    out: &mut *self.out,
                    depth: self.depth + 1,
                })?;
            }
        }
        Ok(())
    }
}

/// The keys of `json` in document order; empty when it is not valid JSON (the decoder says why).
pub fn occurrences(json: &[u8]) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(json);
    let scan = Scan {
        path: String::new(),
        out: &mut out,
        depth: 0,
    };
    if scan.deserialize(&mut de).is_err() {
        return Vec::new();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_listed_in_order_with_paths_and_repeats_marked() {
        let got =
            occurrences(br#"{"a": {"b": 1, "b": 2}, "c": [{"d": 1}, {"d": 2, "e\"": 3}], "a": 0}"#);
        let paths: Vec<(&str, bool)> = got.iter().map(|o| (o.path.as_str(), o.duplicate)).collect();
        assert_eq!(
            paths,
            [
                ("a", false),
                ("a.b", false),
                ("a.b", true),
                ("c", false),
                ("c[0].d", false),
                ("c[1].d", false),
                ("c[1].e\"", false),
                ("a", true)
            ]
        );
    }

    #[test]
    fn invalid_json_has_no_keys() {
        assert!(occurrences(b"{\"a\": ").is_empty());
        assert!(occurrences(b"[]").is_empty());
    }
}
