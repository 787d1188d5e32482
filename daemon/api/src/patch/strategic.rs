//! Strategic merge patch, applied as Kubernetes' apimachinery `strategicpatch` applies it:
//! maps merge, `null` deletes a key, lists merge by their merge key (or as sets of
//! primitives) when the schema says `merge` and are replaced otherwise, and the directives
//! `$patch: replace|delete|merge`, `$setElementOrder/<field>`, `$retainKeys` and
//! `$deleteFromPrimitiveList/<field>` do what upstream's do — with upstream's error messages.
//!
//! The same merge with [`MergeOptions::default`] combines two patches (what kubectl's 3-way
//! patch does with its deletions and its changes).

use serde_json::{Map, Value};

use super::Error;
use super::gofmt;
use super::schema::Schema;

pub(crate) const DIRECTIVE: &str = "$patch";
pub(crate) const REPLACE: &str = "replace";
pub(crate) const DELETE: &str = "delete";
pub(crate) const MERGE: &str = "merge";
pub(crate) const RETAIN_KEYS_STRATEGY: &str = "retainKeys";
pub(crate) const RETAIN_KEYS: &str = "$retainKeys";
pub(crate) const DELETE_FROM_PRIMITIVE_LIST: &str = "$deleteFromPrimitiveList";
pub(crate) const SET_ELEMENT_ORDER: &str = "$setElementOrder";

/// How two documents are merged.
#[derive(Clone, Copy, Debug, Default)]
pub struct MergeOptions {
    /// Apply `$deleteFromPrimitiveList` lists (true when patching an object; false when
    /// merging two patches, which keeps them).
    pub merge_parallel_list: bool,
    /// Drop `null`s that match nothing (true when patching an object; false keeps them so a
    /// combined patch still deletes).
    pub ignore_unmatched_nulls: bool,
}

impl MergeOptions {
    /// The options of a patch applied to an object.
    pub const APPLY: MergeOptions = MergeOptions {
        merge_parallel_list: true,
        ignore_unmatched_nulls: true,
    };
}

/// Applies a strategic merge `patch` to `original` (both JSON objects) for the type `schema`.
pub fn apply(original: Value, patch: Value, schema: Schema<'_>) -> Result<Value, Error> {
    let (Value::Object(original), Value::Object(patch)) = (original, patch) else {
        return Err(Error::BadJsonDoc);
    };
    merge_map(original, patch, schema, MergeOptions::APPLY).map(Value::Object)
}

/// Merges `patch` into `original` with `options` (upstream's mergeMap).
pub fn merge_map(
    mut original: Map<String, Value>,
    mut patch: Map<String, Value>,
    schema: Schema<'_>,
    options: MergeOptions,
) -> Result<Map<String, Value>, Error> {
    if let Some(directive) = patch.get(DIRECTIVE) {
        return directive_in_map(directive.clone(), patch);
    }
    apply_retain_keys(&mut original, &mut patch, options)?;
    merge_set_element_order(&mut original, &mut patch, schema, options)?;
    for (key, patch_value) in patch {
        let (key, is_delete_list) = if key.starts_with(DELETE_FROM_PRIMITIVE_LIST) {
            if !options.merge_parallel_list {
                original.insert(key, patch_value);
                continue;
            }
            (extract_key(&key, DELETE_FROM_PRIMITIVE_LIST)?, true)
        } else {
            (key, false)
        };
        if patch_value.is_null() {
            original.remove(&key);
            if options.ignore_unmatched_nulls {
                continue;
            }
        }
        let Some(current) = original.remove(&key) else {
            if !is_delete_list {
                take_patch_value(&mut original, key, patch_value, options);
            }
            continue;
        };
        if !same_type(&current, &patch_value) {
            if is_delete_list {
                original.insert(key, current);
            } else {
                take_patch_value(&mut original, key, patch_value, options);
            }
            continue;
        }
        match (current, patch_value) {
            (Value::Object(current), Value::Object(p)) => {
                let (sub, meta) = schema.field(&key);
                let (_, strategy) = retain_keys_strategy(&meta.strategies)?;
                let merged = if strategy != REPLACE {
                    merge_map(current, p, sub, options)?
                } else {
                    p
                };
                original.insert(key, Value::Object(merged));
            }
            (Value::Array(current), Value::Array(p)) => {
                let (items, meta) = schema.list_field(&key);
                let (_, strategy) = retain_keys_strategy(&meta.strategies)?;
                let merged = merge_list_field(
                    current,
                    p,
                    items,
                    &strategy,
                    &meta.merge_key,
                    is_delete_list,
                    options,
                )?;
                original.insert(key, Value::Array(merged));
            }
            (_, p) => {
                if let Some(v) = remove_directives(p) {
                    original.insert(key, v);
                }
            }
        }
    }
    Ok(original)
}

/// A value the original does not have (or has with another type) is taken from the patch,
/// without its nulls and directives.
fn take_patch_value(
    original: &mut Map<String, Value>,
    key: String,
    mut value: Value,
    options: MergeOptions,
) {
    if options.ignore_unmatched_nulls {
        discard_nulls(&mut value);
    }
    if let Some(v) = remove_directives(value) {
        original.insert(key, v);
    }
}

/// Go compares `reflect.TypeOf` of both sides: integers (int64) and floats (float64) differ.
fn same_type(a: &Value, b: &Value) -> bool {
    gofmt::type_name(a) == gofmt::type_name(b)
}

fn discard_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(discard_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(discard_nulls),
        _ => {}
    }
}

/// Drops maps that carry `$patch` (None when the value itself is one).
pub(crate) fn remove_directives(value: Value) -> Option<Value> {
    match value {
        Value::Object(map) => {
            if map.contains_key(DIRECTIVE) {
                return None;
            }
            Some(Value::Object(
                map.into_iter()
                    .filter_map(|(k, v)| remove_directives(v).map(|v| (k, v)))
                    .collect(),
            ))
        }
        Value::Array(items) => Some(Value::Array(
            items.into_iter().filter_map(remove_directives).collect(),
        )),
        other => Some(other),
    }
}

/// `$patch` in a map: `replace` takes the patch as it is, `delete` empties the map.
fn directive_in_map(
    directive: Value,
    mut patch: Map<String, Value>,
) -> Result<Map<String, Value>, Error> {
    match directive.as_str() {
        Some(REPLACE) => {
            patch.remove(DIRECTIVE);
            Ok(patch)
        }
        Some(DELETE) => Ok(Map::new()),
        _ => Err(Error::BadPatchType {
            directive: gofmt::s(&directive),
            map: gofmt::v(&Value::Object(patch)),
        }),
    }
}

/// Splits a field's strategies into "has retainKeys" and the other one.
pub(crate) fn retain_keys_strategy(strategies: &[String]) -> Result<(bool, String), Error> {
    match strategies {
        [] => Ok((false, String::new())),
        [one] if one == RETAIN_KEYS_STRATEGY => Ok((true, String::new())),
        [one] => Ok((false, one.clone())),
        [a, b] if a == RETAIN_KEYS_STRATEGY => Ok((true, b.clone())),
        [a, b] if b == RETAIN_KEYS_STRATEGY => Ok((true, a.clone())),
        _ => Err(Error::UnexpectedPatchStrategy(format!(
            "[{}]",
            strategies.join(" ")
        ))),
    }
}

/// `<prefix>/<key>` → `<key>`.
pub(crate) fn extract_key(s: &str, prefix: &str) -> Result<String, Error> {
    match s.split_once('/') {
        Some((p, rest)) if p == prefix => Ok(rest.to_string()),
        _ => match prefix {
            DELETE_FROM_PRIMITIVE_LIST => Err(Error::BadPatchFormatForPrimitiveList),
            _ => Err(Error::BadPatchFormatForSetElementOrderList),
        },
    }
}

/// `$retainKeys`: keys of the original not in the list are cleared; every key the patch sets
/// must be in it.
fn apply_retain_keys(
    original: &mut Map<String, Value>,
    patch: &mut Map<String, Value>,
    options: MergeOptions,
) -> Result<(), Error> {
    let Some(retain) = patch.remove(RETAIN_KEYS) else {
        return Ok(());
    };
    if !options.merge_parallel_list {
        match original.get(RETAIN_KEYS) {
            Some(existing) if *existing != retain => {
                return Err(Error::RetainKeysDiffer {
                    left: gofmt::v(existing),
                    right: gofmt::v(&retain),
                });
            }
            Some(_) => {}
            None => {
                original.insert(RETAIN_KEYS.into(), retain);
            }
        }
        return Ok(());
    }
    let Value::Array(list) = retain else {
        return Err(Error::BadPatchFormatForRetainKeys);
    };
    let keep = |k: &str| list.iter().any(|v| v.as_str() == Some(k));
    for (k, v) in patch.iter() {
        if v.is_null()
            || k.starts_with(DELETE_FROM_PRIMITIVE_LIST)
            || k.starts_with(SET_ELEMENT_ORDER)
        {
            continue;
        }
        if !keep(k) {
            return Err(Error::BadPatchFormatForRetainKeys);
        }
    }
    original.retain(|k, _| keep(k));
    Ok(())
}

/// `$setElementOrder/<field>`: merges the field's list and orders the result — the order of
/// the directive first, then the patch's, then the live list's.
fn merge_set_element_order(
    original: &mut Map<String, Value>,
    patch: &mut Map<String, Value>,
    schema: Schema<'_>,
    options: MergeOptions,
) -> Result<(), Error> {
    let keys: Vec<String> = patch
        .keys()
        .filter(|k| k.starts_with(SET_ELEMENT_ORDER))
        .cloned()
        .collect();
    for key in keys {
        let Some(order) = patch.remove(&key) else {
            continue;
        };
        if !options.merge_parallel_list {
            match original.get(&key) {
                Some(existing) if *existing != order => {
                    return Err(Error::BadPatchFormatForSetElementOrderList);
                }
                Some(_) => {}
                None => {
                    original.insert(key.clone(), order.clone());
                }
            }
        }
        let Value::Array(order) = order else {
            return Err(Error::BadArgType {
                expected: "[]interface {}",
                actual: gofmt::type_name(&order),
            });
        };
        let field = extract_key(&key, SET_ELEMENT_ORDER)?;
        let original_list = match original.get(&field) {
            None => None,
            Some(Value::Array(l)) => Some(l.clone()),
            Some(other) => {
                return Err(Error::BadArgType {
                    expected: "[]interface {}",
                    actual: gofmt::type_name(other),
                });
            }
        };
        let patch_list = match patch.get(&field) {
            None => None,
            Some(Value::Array(l)) => Some(l.clone()),
            Some(other) => {
                return Err(Error::BadArgType {
                    expected: "[]interface {}",
                    actual: gofmt::type_name(other),
                });
            }
        };
        let (items, meta) = schema.list_field(&field);
        let (_, strategy) = retain_keys_strategy(&meta.strategies)?;
        let merge_key = meta.merge_key.as_str();
        validate_against_order(patch_list.as_deref().unwrap_or(&[]), &order, merge_key)?;
        let merged = match (&original_list, &patch_list) {
            (Some(o), None) => o.clone(),
            (None, Some(p)) => match remove_directives(Value::Array(p.clone())) {
                Some(Value::Array(v)) => v,
                _ => continue,
            },
            (Some(o), Some(p)) => merge_list_field(
                o.clone(),
                p.clone(),
                items,
                &strategy,
                merge_key,
                false,
                options,
            )?,
            (None, None) => continue,
        };
        let (in_patch, server_only) = partition(merged, &order, merge_key)?;
        let o = original_list.unwrap_or_default();
        let kind = element_kind(&[&o, patch_list.as_deref().unwrap_or(&[])])?;
        let both = normalize_element_order(in_patch, server_only, &order, &o, merge_key, kind)?;
        original.insert(field.clone(), Value::Array(both));
        patch.remove(&field);
    }
    Ok(())
}

/// The relative order of the patch's items must be that of the `$setElementOrder` list.
fn validate_against_order(patch: &[Value], order: &[Value], merge_key: &str) -> Result<(), Error> {
    if order.is_empty() || patch.is_empty() {
        return Ok(());
    }
    let non_delete: Vec<&Value> = if merge_key.is_empty() {
        patch.iter().collect()
    } else {
        let mut keep = Vec::new();
        for item in patch {
            let Value::Object(m) = item else {
                return Err(Error::BadArgType {
                    expected: "map[string]interface {}",
                    actual: gofmt::type_name(item),
                });
            };
            if m.get(DIRECTIVE).and_then(Value::as_str) != Some(DELETE) {
                keep.push(item);
            }
        }
        keep
    };
    let (mut pi, mut oi) = (0, 0);
    while pi < non_delete.len() && oi < order.len() {
        if non_delete[pi]
            .as_object()
            .is_some_and(|m| m.contains_key(DIRECTIVE))
        {
            pi += 1;
            continue;
        }
        if merge_key_equal(non_delete[pi], &order[oi], merge_key)? {
            pi += 1;
        }
        oi += 1;
    }
    if pi < non_delete.len() && oi >= order.len() {
        return Err(Error::OrderMismatch {
            patch: gofmt::v(&Value::Array(patch.to_vec())),
            order: gofmt::v(&Value::Array(order.to_vec())),
        });
    }
    Ok(())
}

fn merge_key_equal(left: &Value, right: &Value, merge_key: &str) -> Result<bool, Error> {
    if merge_key.is_empty() {
        return Ok(left == right);
    }
    let l = as_map(left)?;
    let r = as_map(right)?;
    let lv = l.get(merge_key).ok_or_else(|| no_merge_key(l, merge_key))?;
    let rv = r.get(merge_key).ok_or_else(|| no_merge_key(r, merge_key))?;
    Ok(lv == rv)
}

fn as_map(v: &Value) -> Result<&Map<String, Value>, Error> {
    v.as_object().ok_or(Error::BadArgType {
        expected: "map[string]interface {}",
        actual: gofmt::type_name(v),
    })
}

fn no_merge_key(m: &Map<String, Value>, key: &str) -> Error {
    Error::NoMergeKey {
        map: gofmt::v(&Value::Object(m.clone())),
        key: key.to_string(),
    }
}

/// A list field: merged when its strategy is `merge` (or it is a deletion list), else replaced.
fn merge_list_field(
    original: Vec<Value>,
    patch: Vec<Value>,
    items: Schema<'_>,
    strategy: &str,
    merge_key: &str,
    is_delete_list: bool,
    options: MergeOptions,
) -> Result<Vec<Value>, Error> {
    if strategy == MERGE || is_delete_list {
        merge_list(original, patch, items, merge_key, options, is_delete_list)
    } else {
        Ok(patch)
    }
}

/// What the items of some lists are, as Go's reflect kinds distinguish them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ElementKind {
    Map,
    Scalar,
}

/// All items of the lists must have one type, and not be lists.
pub(crate) fn element_kind(lists: &[&[Value]]) -> Result<ElementKind, Error> {
    let mut first: Option<&'static str> = None;
    for list in lists {
        for item in list.iter() {
            let t = gofmt::type_name(item);
            match first {
                None => {
                    if item.is_array() {
                        return Err(Error::NoListOfLists);
                    }
                    first = Some(t);
                }
                Some(f) if f != t => return Err(Error::ElementTypesDiffer(gofmt::v_lists(lists))),
                Some(_) => {}
            }
        }
    }
    match first {
        None => Err(Error::NoElements),
        Some("map[string]interface {}") => Ok(ElementKind::Map),
        Some(_) => Ok(ElementKind::Scalar),
    }
}

/// Merges two lists (upstream's mergeSlice).
fn merge_list(
    original: Vec<Value>,
    patch: Vec<Value>,
    items: Schema<'_>,
    merge_key: &str,
    options: MergeOptions,
    is_delete_list: bool,
) -> Result<Vec<Value>, Error> {
    if original.is_empty() && patch.is_empty() {
        return Ok(original);
    }
    let kind = element_kind(&[&original, &patch])?;
    let (original, patch, merged) = if kind != ElementKind::Map {
        if options.merge_parallel_list && is_delete_list {
            return Ok(original
                .into_iter()
                .filter(|v| !patch.contains(v))
                .collect());
        }
        let mut both = original.clone();
        both.extend(patch.iter().cloned());
        (original, patch, deduplicate_scalars(both))
    } else {
        if merge_key.is_empty() {
            return Err(Error::NoMergeKeyForList);
        }
        let (original, patch) = merge_special_elements(original, patch, merge_key)?;
        let merged = merge_plain_elements(original.clone(), &patch, merge_key, items, options)?;
        (original, patch, merged)
    };
    let (in_patch, server_only) = partition(merged, &patch, merge_key)?;
    normalize_element_order(in_patch, server_only, &patch, &original, merge_key, kind)
}

/// Go's in-place deduplication: a duplicate is overwritten by the last item.
fn deduplicate_scalars(mut s: Vec<Value>) -> Vec<Value> {
    if s.is_empty() {
        return s;
    }
    let mut length = s.len() - 1;
    let mut i = 0;
    while i < length {
        let mut j = i + 1;
        while j <= length {
            if s[i] == s[j] {
                s[j] = s[length].clone();
                s.truncate(length);
                length -= 1;
                continue;
            }
            j += 1;
        }
        i += 1;
    }
    s
}

/// Items with `$patch`: `delete` removes the matching items of the original, `replace` makes the
/// rest of the patch the whole list.
fn merge_special_elements(
    mut original: Vec<Value>,
    patch: Vec<Value>,
    merge_key: &str,
) -> Result<(Vec<Value>, Vec<Value>), Error> {
    let mut plain = Vec::new();
    let mut replace = false;
    for item in patch {
        let Some(directive) = item.get(DIRECTIVE).cloned() else {
            plain.push(item);
            continue;
        };
        match directive.as_str() {
            Some(DELETE) => {
                let map = as_map(&item)?;
                let Some(value) = map.get(merge_key) else {
                    return Err(no_merge_key(map, merge_key));
                };
                while let Some(i) = find_by_key(&original, merge_key, value)? {
                    original.remove(i);
                }
            }
            Some(REPLACE) => replace = true,
            Some(MERGE) => return Err(Error::MergingListsUnsupported),
            _ => {
                return Err(Error::BadPatchType {
                    directive: gofmt::s(&directive),
                    map: gofmt::v(&item),
                });
            }
        }
    }
    if replace {
        return Ok((plain, Vec::new()));
    }
    Ok((original, plain))
}

/// The index of the item whose `key` is `value`; every item must be a map.
fn find_by_key(list: &[Value], key: &str, value: &Value) -> Result<Option<usize>, Error> {
    for (i, item) in list.iter().enumerate() {
        let Value::Object(m) = item else {
            return Err(Error::NotAMap(i));
        };
        if m.get(key) == Some(value) {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn merge_plain_elements(
    mut original: Vec<Value>,
    patch: &[Value],
    merge_key: &str,
    items: Schema<'_>,
    options: MergeOptions,
) -> Result<Vec<Value>, Error> {
    for item in patch {
        let map = as_map(item)?;
        let Some(value) = map.get(merge_key) else {
            return Err(no_merge_key(map, merge_key));
        };
        match find_by_key(&original, merge_key, value)? {
            Some(i) => {
                let current = match std::mem::take(&mut original[i]) {
                    Value::Object(m) => m,
                    _ => Map::new(),
                };
                original[i] = Value::Object(merge_map(current, map.clone(), items, options)?);
            }
            None => original.push(item.clone()),
        }
    }
    Ok(original)
}

/// Splits `list` into the items present in `by` and the others.
fn partition(
    list: Vec<Value>,
    by: &[Value],
    merge_key: &str,
) -> Result<(Vec<Value>, Vec<Value>), Error> {
    let (mut inside, mut outside) = (Vec::new(), Vec::new());
    for item in list {
        let present = if merge_key.is_empty() {
            by.contains(&item)
        } else {
            let map = as_map(&item)?;
            let Some(value) = map.get(merge_key) else {
                return Err(no_merge_key(map, merge_key));
            };
            find_by_key(by, merge_key, value)?.is_some()
        };
        if present {
            inside.push(item)
        } else {
            outside.push(item)
        }
    }
    Ok((inside, outside))
}

/// Sorts the patch's items by `patch_order` and the server's by `server_order`, then
/// interleaves them keeping both relative orders (upstream's normalizeElementOrder).
fn normalize_element_order(
    patch: Vec<Value>,
    server_only: Vec<Value>,
    patch_order: &[Value],
    server_order: &[Value],
    merge_key: &str,
    kind: ElementKind,
) -> Result<Vec<Value>, Error> {
    let patch = normalize_list_order(patch, patch_order, merge_key, kind)?;
    let server_only = normalize_list_order(server_only, server_order, merge_key, kind)?;
    Ok(merge_sorted(
        server_only,
        patch,
        server_order,
        merge_key,
        kind,
    ))
}

fn lookup_value<'v>(item: &'v Value, merge_key: &str, kind: ElementKind) -> Option<&'v Value> {
    match kind {
        ElementKind::Map => item
            .as_object()
            .and_then(|m| m.get(merge_key))
            .filter(|v| !v.is_null()),
        ElementKind::Scalar => Some(item).filter(|v| !v.is_null()),
    }
}

fn index_of(list: &[Value], item: &Value, merge_key: &str, kind: ElementKind) -> Option<usize> {
    let want = lookup_value(item, merge_key, kind);
    list.iter()
        .position(|v| lookup_value(v, merge_key, kind) == want)
}

fn normalize_list_order(
    mut to_sort: Vec<Value>,
    order: &[Value],
    merge_key: &str,
    kind: ElementKind,
) -> Result<Vec<Value>, Error> {
    let mut to_delete = Vec::new();
    if kind == ElementKind::Map {
        for item in to_sort.iter().chain(order.iter()) {
            let map = as_map(item)?;
            if !map.contains_key(merge_key) {
                return Err(no_merge_key(map, merge_key));
            }
        }
        let (keep, delete): (Vec<Value>, Vec<Value>) = to_sort
            .into_iter()
            .partition(|v| v.get(DIRECTIVE).and_then(Value::as_str) != Some(DELETE));
        to_sort = keep;
        to_delete = delete;
    }
    // Go's sort.SliceStable (an insertion sort at these sizes) with upstream's comparison,
    // which calls an item not in `order` "less" than anything.
    let less = |a: &Value, b: &Value| match (
        index_of(order, a, merge_key, kind),
        index_of(order, b, merge_key, kind),
    ) {
        (Some(i), Some(j)) => i < j,
        _ => true,
    };
    for i in 1..to_sort.len() {
        let mut j = i;
        while j > 0 && less(&to_sort[j], &to_sort[j - 1]) {
            to_sort.swap(j, j - 1);
            j -= 1;
        }
    }
    to_sort.extend(to_delete);
    Ok(to_sort)
}

/// Inserts the server-only items (`left`) among the patch's (`right`) where the live order
/// puts them.
fn merge_sorted(
    left: Vec<Value>,
    right: Vec<Value>,
    server_order: &[Value],
    merge_key: &str,
    kind: ElementKind,
) -> Vec<Value> {
    let size = left.len() + right.len();
    let mut out = Vec::with_capacity(size);
    let (mut left, mut right) = (left.into_iter().peekable(), right.into_iter().peekable());
    for _ in 0..size {
        let take_left = match (left.peek(), right.peek()) {
            (Some(_), None) => true,
            (None, _) => false,
            (Some(l), Some(r)) => matches!(
                (index_of(server_order, l, merge_key, kind), index_of(server_order, r, merge_key, kind)),
                (Some(i), Some(j)) if i < j
            ),
        };
        let next = if take_left { left.next() } else { right.next() };
        out.extend(next);
    }
    out
}

#[cfg(test)]
#[path = "strategic_tests.rs"]
mod tests;
