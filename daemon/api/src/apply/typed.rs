//! Objects walked with their schema, as structured-merge-diff walks typed values: what kind of
//! node each value is (struct, map, associative list, set, atomic), the field set an applied
//! configuration specifies, the comparison of two objects (added, modified, removed fields),
//! the merge of a configuration into a live object, and the removal of fields.

use serde_json::{Map, Value};

use super::Error;
use super::fieldpath::{PathElement, Set};
use crate::patch::{PatchMeta, Schema};

/// What a node is, for merging and for field tracking.
#[derive(Clone, Debug)]
enum Shape<'a> {
    /// Named fields, merged field by field.
    Struct(Schema<'a>),
    /// Arbitrary keys (or an unknown object), merged key by key; every key is tracked.
    Map(Schema<'a>),
    /// A list merged by the item keys.
    Associative(Schema<'a>, Vec<String>),
    /// A list of distinct scalars, merged as a set.
    Set,
    /// Replaced whole: scalars, atomic lists and maps.
    Atomic,
}

fn shape<'a>(schema: Schema<'a>, meta: &PatchMeta, value: &Value) -> Shape<'a> {
    match value {
        Value::Object(_) => {
            let atomic = meta.map_type.as_deref() == Some("atomic")
                || schema.meta().map_type.as_deref() == Some("atomic");
            if atomic && !schema.is_unknown() {
                Shape::Atomic
            } else if schema.is_struct() {
                Shape::Struct(schema)
            } else {
                Shape::Map(schema)
            }
        }
        Value::Array(_) => {
            let merge = meta.strategies.iter().any(|s| s == "merge");
            match meta.list_type.as_deref() {
                Some("map") if !meta.map_keys.is_empty() => {
                    Shape::Associative(schema.items(), meta.map_keys.clone())
                }
                Some("set") => Shape::Set,
                Some(_) => Shape::Atomic,
                None if merge && !meta.merge_key.is_empty() => {
                    Shape::Associative(schema.items(), vec![meta.merge_key.clone()])
                }
                None if merge => Shape::Set,
                None => Shape::Atomic,
            }
        }
        _ => Shape::Atomic,
    }
}

/// The path element of a list item. Key fields the item omits take their API default when
/// the key has one (`protocol` is TCP wherever it keys a list).
fn item_element(sh: &Shape<'_>, index: usize, item: &Value) -> PathElement {
    match (sh, item) {
        (Shape::Associative(_, keys), Value::Object(m)) => {
            let mut key = Map::new();
            for k in keys {
                match m.get(k) {
                    Some(v) if !v.is_null() => {
                        key.insert(k.clone(), v.clone());
                    }
                    _ if k == "protocol" => {
                        key.insert(k.clone(), Value::String("TCP".into()));
                    }
                    _ => {}
                }
            }
            PathElement::key(&key)
        }
        (Shape::Set, v) => PathElement::value(v),
        _ => PathElement::Index(index),
    }
}

fn items_schema<'a>(sh: &Shape<'a>) -> Schema<'a> {
    match sh {
        Shape::Associative(items, _) => *items,
        _ => Schema::unknown(),
    }
}

/// The fields an applied configuration sets (structured-merge-diff's ToFieldSet).
pub fn field_set(config: &Value, schema: Schema<'_>) -> Set {
    let mut out = Set::new();
    walk_set(
        config,
        schema,
        &PatchMeta::default(),
        &mut Vec::new(),
        &mut out,
    );
    out
}

fn walk_set(
    value: &Value,
    schema: Schema<'_>,
    meta: &PatchMeta,
    path: &mut Vec<PathElement>,
    out: &mut Set,
) {
    let sh = shape(schema, meta, value);
    match (&sh, value) {
        (Shape::Struct(s) | Shape::Map(s), Value::Object(map)) => {
            let is_struct = matches!(sh, Shape::Struct(_));
            for (k, child) in map {
                let (cs, cm) = s.field(k);
                path.push(PathElement::Field(k.clone()));
                walk_set(child, cs, &cm, path, out);
                let empty = child.is_null() || child.as_object().is_some_and(Map::is_empty);
                if empty || !is_struct {
                    out.insert(path);
                }
                path.pop();
            }
        }
        (Shape::Associative(..) | Shape::Set, Value::Array(items)) => {
            let item_schema = items_schema(&sh);
            for (i, item) in items.iter().enumerate() {
                path.push(item_element(&sh, i, item));
                walk_set(item, item_schema, &PatchMeta::default(), path, out);
                out.insert(path);
                path.pop();
            }
        }
        _ => out.insert(path),
    }
}

/// What changed from one object to another.
#[derive(Clone, Debug, Default)]
pub struct Comparison {
    pub added: Set,
    pub modified: Set,
    pub removed: Set,
}

impl Comparison {
    /// Added, modified and removed: everything that changed.
    pub fn changed(&self) -> Set {
        self.added.union(&self.modified).union(&self.removed)
    }
}

/// Compares `old` with `new` (structured-merge-diff's Compare); `metadata.managedFields` is
/// never compared (every caller compares objects as if they had none).
pub fn compare(old: &Value, new: &Value, schema: Schema<'_>) -> Comparison {
    let mut c = Comparison::default();
    compare_at(
        Some(old),
        Some(new),
        schema,
        &PatchMeta::default(),
        &mut Vec::new(),
        &mut c,
        false,
    );
    c
}

/// Whether `path` is the object's `metadata`.
fn is_metadata(path: &[PathElement]) -> bool {
    matches!(path, [PathElement::Field(f)] if f == "metadata")
}

fn compare_at(
    old: Option<&Value>,
    new: Option<&Value>,
    schema: Schema<'_>,
    meta: &PatchMeta,
    path: &mut Vec<PathElement>,
    c: &mut Comparison,
    list_item: bool,
) {
    match (old, new) {
        (None, None) => {}
        (Some(o), None) => mark_all(o, schema, meta, path, &mut c.removed, list_item),
        (None, Some(n)) => mark_all(n, schema, meta, path, &mut c.added, list_item),
        (Some(o), Some(n)) => {
            let (so, sn) = (shape(schema, meta, o), shape(schema, meta, n));
            let both_empty = o.as_object().is_some_and(Map::is_empty)
                && n.as_object().is_some_and(Map::is_empty);
            match (&so, &sn, o, n) {
                (
                    Shape::Struct(s) | Shape::Map(s),
                    Shape::Struct(_) | Shape::Map(_),
                    Value::Object(om),
                    Value::Object(nm),
                ) if !both_empty => {
                    let keys: std::collections::BTreeSet<&String> =
                        om.keys().chain(nm.keys()).collect();
                    for k in keys {
                        if k == "managedFields" && is_metadata(path) {
                            continue;
                        }
                        let (cs, cm) = s.field(k);
                        path.push(PathElement::Field(k.clone()));
                        compare_at(om.get(k), nm.get(k), cs, &cm, path, c, false);
                        path.pop();
                    }
                }
                (
                    Shape::Associative(..) | Shape::Set,
                    Shape::Associative(..) | Shape::Set,
                    Value::Array(oi),
                    Value::Array(ni),
                ) => {
                    let item_schema = items_schema(&sn);
                    let index = |items: &'_ Vec<Value>| -> Vec<(PathElement, usize)> {
                        items
                            .iter()
                            .enumerate()
                            .map(|(i, v)| (item_element(&sn, i, v), i))
                            .collect()
                    };
                    let (oidx, nidx) = (index(oi), index(ni));
                    let mut seen = std::collections::BTreeSet::new();
                    for (pe, _) in oidx.iter().chain(nidx.iter()) {
                        if !seen.insert(pe.clone()) {
                            continue;
                        }
                        let ov = oidx.iter().find(|(p, _)| p == pe).map(|(_, i)| &oi[*i]);
                        let nv = nidx.iter().find(|(p, _)| p == pe).map(|(_, i)| &ni[*i]);
                        path.push(pe.clone());
                        compare_at(ov, nv, item_schema, &PatchMeta::default(), path, c, true);
                        path.pop();
                    }
                }
                _ => {
                    if o != n {
                        c.modified.insert(path);
                    }
                }
            }
        }
    }
}

/// Marks a node that appeared or disappeared, and everything under it. A struct with fields
/// is not a member itself (Kubernetes' zero-valued structs are never "added"); maps, list items,
/// empty values and leaves are.
fn mark_all(
    value: &Value,
    schema: Schema<'_>,
    meta: &PatchMeta,
    path: &mut Vec<PathElement>,
    out: &mut Set,
    list_item: bool,
) {
    let sh = shape(schema, meta, value);
    match (&sh, value) {
        (Shape::Struct(s) | Shape::Map(s), Value::Object(map)) => {
            if list_item || map.is_empty() || matches!(sh, Shape::Map(_)) {
                out.insert(path);
            }
            for (k, child) in map {
                let (cs, cm) = s.field(k);
                path.push(PathElement::Field(k.clone()));
                mark_all(child, cs, &cm, path, out, false);
                path.pop();
            }
        }
        (Shape::Associative(..) | Shape::Set, Value::Array(items)) => {
            if items.is_empty() {
                out.insert(path);
            }
            let item_schema = items_schema(&sh);
            for (i, item) in items.iter().enumerate() {
                path.push(item_element(&sh, i, item));
                mark_all(item, item_schema, &PatchMeta::default(), path, out, true);
                path.pop();
            }
        }
        _ => out.insert(path),
    }
}

/// Merges an applied configuration into the live object (structured-merge-diff's Merge):
/// the configuration's values win, granular maps and structs merge, associative lists and sets
/// merge by item (live-only items keep their place, shared ones take the configuration's order),
/// everything else is replaced; `null` removes a field.
pub fn merge(live: &Value, config: &Value, schema: Schema<'_>) -> Result<Value, Error> {
    merge_at(live, config, schema, &PatchMeta::default(), &mut Vec::new())
}

fn merge_at(
    live: &Value,
    config: &Value,
    schema: Schema<'_>,
    meta: &PatchMeta,
    path: &mut Vec<PathElement>,
) -> Result<Value, Error> {
    let sh = shape(schema, meta, config);
    match (&sh, live, config) {
        (Shape::Struct(s) | Shape::Map(s), Value::Object(lm), Value::Object(cm)) => {
            let mut out = lm.clone();
            for (k, cv) in cm {
                if cv.is_null() {
                    out.remove(k);
                    continue;
                }
                let (fs, fm) = s.field(k);
                path.push(PathElement::Field(k.clone()));
                let merged = match lm.get(k) {
                    Some(lv) => merge_at(lv, cv, fs, &fm, path)?,
                    None => without_nulls(cv),
                };
                path.pop();
                out.insert(k.clone(), merged);
            }
            Ok(Value::Object(out))
        }
        (Shape::Associative(..) | Shape::Set, Value::Array(li), Value::Array(ci)) => {
            merge_list(&sh, li, ci, path)
        }
        _ => Ok(without_nulls(config)),
    }
}

fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// structured-merge-diff's list merge: walks both lists, keeping live-only items in place and
/// shared items in the configuration's order.
fn merge_list(
    sh: &Shape<'_>,
    live: &[Value],
    config: &[Value],
    path: &mut Vec<PathElement>,
) -> Result<Value, Error> {
    let item_schema = items_schema(sh);
    let lpe: Vec<PathElement> = live
        .iter()
        .enumerate()
        .map(|(i, v)| item_element(sh, i, v))
        .collect();
    let rpe: Vec<PathElement> = config
        .iter()
        .enumerate()
        .map(|(i, v)| item_element(sh, i, v))
        .collect();
    for (i, pe) in rpe.iter().enumerate() {
        if rpe[..i].contains(pe) {
            let mut p = path.clone();
            p.push(pe.clone());
            return Err(Error::DuplicateItem(super::fieldpath::Path(p).to_string()));
        }
    }
    let in_live = |pe: &PathElement| lpe.iter().position(|p| p == pe);
    let in_config = |pe: &PathElement| rpe.iter().position(|p| p == pe);
    let mut shared: std::collections::VecDeque<&PathElement> =
        rpe.iter().filter(|pe| in_live(pe).is_some()).collect();
    let mut next_shared = shared.pop_front();
    let mut merged_config: Vec<&PathElement> = Vec::new();
    let mut out = Vec::new();
    let merge_item = |l: Option<&Value>,
                      r: Option<&Value>,
                      pe: &PathElement,
                      path: &mut Vec<PathElement>|
     -> Result<Option<Value>, Error> {
        path.push(pe.clone());
        let v = match (l, r) {
            (Some(l), Some(r)) => Some(merge_at(l, r, item_schema, &PatchMeta::default(), path)?),
            (None, Some(r)) => Some(without_nulls(r)),
            (Some(l), None) => Some(l.clone()),
            (None, None) => None,
        };
        path.pop();
        Ok(v)
    };
    let (ll, rl) = (lpe.len(), rpe.len());
    let (mut li, mut ri) = (0, 0);
    while li < ll || ri < rl {
        if li < ll && ri < rl {
            let pe = &lpe[li];
            if *pe == rpe[ri] {
                merged_config.push(pe);
                let l = in_live(pe).map(|i| &live[i]);
                let r = in_config(pe).map(|i| &config[i]);
                out.extend(merge_item(l, r, pe, path)?);
                li += 1;
                ri += 1;
                next_shared = shared.pop_front();
                continue;
            }
            if in_config(pe).is_some() && next_shared.is_some_and(|n| n != pe) {
                li += 1;
                continue;
            }
        }
        if li < ll {
            let pe = &lpe[li];
            if in_config(pe).is_none() {
                out.extend(merge_item(Some(&live[li]), None, pe, path)?);
                li += 1;
                continue;
            } else if merged_config.contains(&pe) {
                li += 1;
                continue;
            }
        }
        if ri < rl {
            let pe = &rpe[ri];
            merged_config.push(pe);
            let l = in_live(pe).map(|i| &live[i]);
            out.extend(merge_item(l, Some(&config[ri]), pe, path)?);
            ri += 1;
            if next_shared.is_some_and(|n| n == pe) {
                next_shared = shared.pop_front();
            }
        }
    }
    Ok(Value::Array(out))
}

/// Removes from `value` every member of `remove` that `keep` neither has nor has anything
/// under; maps emptied this way go too (as Go drops empty maps).
pub fn remove_unowned(value: &mut Value, schema: Schema<'_>, remove: &Set, keep: &Set) {
    remove_at(value, schema, &PatchMeta::default(), remove, Some(keep));
}

fn remove_at(
    value: &mut Value,
    schema: Schema<'_>,
    meta: &PatchMeta,
    remove: &Set,
    keep: Option<&Set>,
) {
    let sh = shape(schema, meta, value);
    match (&sh, value) {
        (Shape::Struct(s) | Shape::Map(s), Value::Object(map)) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for k in keys {
                let pe = PathElement::Field(k.clone());
                let kept = keep.is_some_and(|kp| {
                    kp.members.contains(&pe) || kp.child(&pe).is_some_and(|c| !c.is_empty())
                });
                if remove.members.contains(&pe) && !kept {
                    map.remove(&k);
                    continue;
                }
                if let (Some(sub), Some(child)) = (remove.child(&pe), map.get_mut(&k)) {
                    let was_empty = child.as_object().is_some_and(Map::is_empty);
                    let (fs, fm) = s.field(&k);
                    remove_at(child, fs, &fm, sub, keep.and_then(|kp| kp.child(&pe)));
                    let is_map = matches!(shape(fs, &fm, child), Shape::Map(_));
                    if is_map && !was_empty && child.as_object().is_some_and(Map::is_empty) {
                        map.remove(&k);
                    }
                }
            }
        }
        (Shape::Associative(..) | Shape::Set, Value::Array(items)) => {
            let item_schema = items_schema(&sh);
            let mut i = 0;
            let mut index = 0;
            while i < items.len() {
                let pe = item_element(&sh, index, &items[i]);
                index += 1;
                let kept = keep.is_some_and(|kp| {
                    kp.members.contains(&pe) || kp.child(&pe).is_some_and(|c| !c.is_empty())
                });
                if remove.members.contains(&pe) && !kept {
                    items.remove(i);
                    continue;
                }
                if let Some(sub) = remove.child(&pe) {
                    remove_at(
                        &mut items[i],
                        item_schema,
                        &PatchMeta::default(),
                        sub,
                        keep.and_then(|kp| kp.child(&pe)),
                    );
                }
                i += 1;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
#[path = "typed_tests.rs"]
mod tests;
