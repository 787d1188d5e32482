//! Field paths and sets of them, as structured-merge-diff writes them: a path element is a
//! field (`f:name`), a list item by its keys (`k:{"name":"web"}`), a set item by its value
//! (`v:"x"`) or an index (`i:3`); a set is a tree whose nodes may be members themselves (`.`),
//! serialized as the FieldsV1 of managedFields.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{Map, Value};

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathElement {
    /// A field of a struct or a key of a map.
    Field(String),
    /// An item of an associative list, by its key fields (compact JSON object, keys sorted).
    Key(String),
    /// An item of a set, by its value (compact JSON).
    Value(String),
    /// An item of a list without keys, by position.
    Index(usize),
}

impl PathElement {
    /// The item of an associative list whose key fields are `keys`.
    pub fn key(keys: &Map<String, Value>) -> PathElement {
        PathElement::Key(Value::Object(keys.clone()).to_string())
    }

    /// The item of a set with this value.
    pub fn value(v: &Value) -> PathElement {
        PathElement::Value(v.to_string())
    }

    fn encode(&self) -> String {
        match self {
            PathElement::Field(name) => format!("f:{name}"),
            PathElement::Key(k) => format!("k:{k}"),
            PathElement::Value(v) => format!("v:{v}"),
            PathElement::Index(i) => format!("i:{i}"),
        }
    }

    fn decode(s: &str) -> Result<PathElement, super::Error> {
        let bad = || super::Error::BadFieldsV1(format!("unknown path element {s:?}"));
        let (kind, rest) = s.split_once(':').ok_or_else(bad)?;
        Ok(match kind {
            "f" => PathElement::Field(rest.to_string()),
            "k" => {
                let v: Value = serde_json::from_str(rest).map_err(|_| bad())?;
                if !v.is_object() {
                    return Err(bad());
                }
                PathElement::Key(v.to_string())
            }
            "v" => {
                let v: Value = serde_json::from_str(rest).map_err(|_| bad())?;
                PathElement::Value(v.to_string())
            }
            "i" => PathElement::Index(rest.parse().map_err(|_| bad())?),
            _ => return Err(bad()),
        })
    }
}

impl fmt::Display for PathElement {
    /// As structured-merge-diff prints paths in conflicts: `.name`, `[name="web"]`, `[="x"]`, `[3]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathElement::Field(name) => write!(f, ".{name}"),
            PathElement::Key(k) => {
                let parsed: Map<String, Value> = serde_json::from_str(k).unwrap_or_default();
                let parts: Vec<String> = parsed.iter().map(|(k, v)| format!("{k}={v}")).collect();
                write!(f, "[{}]", parts.join(","))
            }
            PathElement::Value(v) => write!(f, "[={v}]"),
            PathElement::Index(i) => write!(f, "[{i}]"),
        }
    }
}

/// A path from the root of an object.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Path(pub Vec<PathElement>);

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for pe in &self.0 {
            write!(f, "{pe}")?;
        }
        Ok(())
    }
}

/// A set of paths, as a tree: `members` end here, `children` go deeper.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Set {
    pub members: BTreeSet<PathElement>,
    pub children: BTreeMap<PathElement, Set>,
}

impl Set {
    pub fn new() -> Set {
        Set::default()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty() && self.children.values().all(Set::is_empty)
    }

    /// Adds a path (the empty path is not a member of anything and is ignored).
    pub fn insert(&mut self, path: &[PathElement]) {
        match path {
            [] => {}
            [last] => {
                self.members.insert(last.clone());
            }
            [first, rest @ ..] => self.children.entry(first.clone()).or_default().insert(rest),
        }
    }

    pub fn has(&self, path: &[PathElement]) -> bool {
        match path {
            [] => false,
            [last] => self.members.contains(last),
            [first, rest @ ..] => self.children.get(first).is_some_and(|c| c.has(rest)),
        }
    }

    /// True when the set has `path` or anything under it.
    pub fn has_prefix(&self, path: &[PathElement]) -> bool {
        match path {
            [] => !self.is_empty(),
            [last] => {
                self.members.contains(last)
                    || self.children.get(last).is_some_and(|c| !c.is_empty())
            }
            [first, rest @ ..] => self.children.get(first).is_some_and(|c| c.has_prefix(rest)),
        }
    }

    /// The subtree under `pe`, if any.
    pub fn child(&self, pe: &PathElement) -> Option<&Set> {
        self.children.get(pe)
    }

    pub fn union(&self, other: &Set) -> Set {
        let mut out = self.clone();
        out.members.extend(other.members.iter().cloned());
        for (pe, child) in &other.children {
            let merged = match out.children.get(pe) {
                Some(mine) => mine.union(child),
                None => child.clone(),
            };
            out.children.insert(pe.clone(), merged);
        }
        out
    }

    pub fn intersection(&self, other: &Set) -> Set {
        let mut out = Set::new();
        out.members = self.members.intersection(&other.members).cloned().collect();
        for (pe, child) in &self.children {
            if let Some(theirs) = other.children.get(pe) {
                let i = child.intersection(theirs);
                if !i.is_empty() {
                    out.children.insert(pe.clone(), i);
                }
            }
        }
        out
    }

    pub fn difference(&self, other: &Set) -> Set {
        let mut out = Set::new();
        out.members = self.members.difference(&other.members).cloned().collect();
        for (pe, child) in &self.children {
            let d = match other.children.get(pe) {
                Some(theirs) => child.difference(theirs),
                None => child.clone(),
            };
            if !d.is_empty() {
                out.children.insert(pe.clone(), d);
            }
        }
        out
    }

    /// Every member path, in order.
    pub fn paths(&self) -> Vec<Path> {
        let mut out = Vec::new();
        self.collect(&mut Vec::new(), &mut out);
        out
    }

    fn collect(&self, prefix: &mut Vec<PathElement>, out: &mut Vec<Path>) {
        let keys: BTreeSet<&PathElement> =
            self.members.iter().chain(self.children.keys()).collect();
        for pe in keys {
            prefix.push(pe.clone());
            if self.members.contains(pe) {
                out.push(Path(prefix.clone()));
            }
            if let Some(child) = self.children.get(pe) {
                child.collect(prefix, out);
            }
            prefix.pop();
        }
    }

    /// The FieldsV1 JSON of this set.
    pub fn to_fields_v1(&self) -> Value {
        let mut map = Map::new();
        let keys: BTreeSet<&PathElement> =
            self.members.iter().chain(self.children.keys()).collect();
        for pe in keys {
            let child = self.children.get(pe).filter(|c| !c.is_empty());
            let value = match child {
                Some(c) => {
                    let mut inner = match c.to_fields_v1() {
                        Value::Object(m) => m,
                        _ => Map::new(),
                    };
                    if self.members.contains(pe) {
                        inner.insert(".".into(), Value::Object(Map::new()));
                    }
                    Value::Object(inner)
                }
                None if self.members.contains(pe) => Value::Object(Map::new()),
                None => continue,
            };
            map.insert(pe.encode(), value);
        }
        Value::Object(map)
    }

    /// Reads a FieldsV1 JSON object.
    pub fn from_fields_v1(v: &Value) -> Result<Set, super::Error> {
        let Value::Object(map) = v else {
            return Err(super::Error::BadFieldsV1(
                "FieldsV1 must be an object".into(),
            ));
        };
        let mut set = Set::new();
        for (k, child) in map {
            if k == "." {
                continue;
            }
            let pe = PathElement::decode(k)?;
            let Value::Object(inner) = child else {
                return Err(super::Error::BadFieldsV1(format!(
                    "the value of {k:?} must be an object"
                )));
            };
            if inner.is_empty() || inner.contains_key(".") {
                set.members.insert(pe.clone());
            }
            let sub = Set::from_fields_v1(child)?;
            if !sub.is_empty() {
                set.children.insert(pe, sub);
            }
        }
        Ok(set)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn f(s: &str) -> PathElement {
        PathElement::Field(s.into())
    }

    #[test]
    fn fields_v1_round_trips_with_dot_for_members_that_have_children() {
        let v = json!({
            "f:metadata": {"f:labels": {".": {}, "f:app": {}}},
            "f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {".": {}, "f:image": {}, "f:name": {}}},
                       "f:finalizers": {"v:\"a\"": {}}, "f:items": {"i:0": {}}}
        });
        let set = Set::from_fields_v1(&v).unwrap();
        assert!(set.has(&[f("metadata"), f("labels")]));
        assert!(set.has(&[f("metadata"), f("labels"), f("app")]));
        assert!(!set.has(&[f("metadata")]));
        let key = PathElement::key(json!({"name": "web"}).as_object().unwrap());
        assert!(set.has(&[f("spec"), f("containers"), key.clone(), f("image")]));
        assert_eq!(set.to_fields_v1(), v);
        let paths: Vec<String> = set.paths().iter().map(ToString::to_string).collect();
        assert!(paths.contains(&".spec.containers[name=\"web\"].image".to_string()));
        assert!(paths.contains(&".spec.finalizers[=\"a\"]".to_string()));
        assert!(paths.contains(&".spec.items[0]".to_string()));
    }

    #[test]
    fn set_algebra_works_on_trees() {
        let mut a = Set::new();
        a.insert(&[f("spec"), f("replicas")]);
        a.insert(&[f("spec"), f("paused")]);
        let mut b = Set::new();
        b.insert(&[f("spec"), f("replicas")]);
        b.insert(&[f("metadata"), f("labels")]);
        assert_eq!(
            a.intersection(&b).paths(),
            vec![Path(vec![f("spec"), f("replicas")])]
        );
        assert_eq!(
            a.difference(&b).paths(),
            vec![Path(vec![f("spec"), f("paused")])]
        );
        assert_eq!(a.union(&b).paths().len(), 3);
        assert!(a.has_prefix(&[f("spec")]));
        assert!(a.difference(&a).is_empty());
    }

    #[test]
    fn malformed_fields_v1_is_an_error() {
        assert!(Set::from_fields_v1(&json!({"x:y": {}})).is_err());
        assert!(Set::from_fields_v1(&json!({"f:a": 1})).is_err());
        assert!(Set::from_fields_v1(&json!([])).is_err());
    }
}
