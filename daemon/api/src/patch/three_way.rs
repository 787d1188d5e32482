//! The strategic merge patch kubectl computes for `apply` (upstream's CreateThreeWayMergePatch):
//! the changes from the live object to the new configuration without deletions, plus the
//! deletions from the last applied configuration to the new one, with `$setElementOrder`,
//! `$deleteFromPrimitiveList`, `$retainKeys` and `$patch: delete` where upstream writes them.
//! The server never computes this; tests use it to drive the patch engine as kubectl does.

use serde_json::{Map, Value, json};

use super::gofmt;
use super::schema::Schema;
use super::strategic::{
    self, DELETE, DELETE_FROM_PRIMITIVE_LIST, DIRECTIVE, ElementKind, MERGE, REPLACE, RETAIN_KEYS,
    SET_ELEMENT_ORDER,
};
use super::{Error, MergeOptions};

#[derive(Clone, Copy, Debug, Default)]
struct DiffOptions {
    set_element_order: bool,
    ignore_changes_and_additions: bool,
    ignore_deletions: bool,
    build_retain_keys: bool,
}

/// The patch that takes `current` to `modified`, deleting what `original` (the last applied
/// configuration) had and `modified` no longer has.
pub fn three_way(
    original: &Value,
    modified: &Value,
    current: &Value,
    schema: Schema<'_>,
) -> Result<Value, Error> {
    let as_map = |v: &Value| -> Result<Map<String, Value>, Error> {
        match v {
            Value::Object(m) => Ok(m.clone()),
            Value::Null => Ok(Map::new()),
            _ => Err(Error::BadJsonDoc),
        }
    };
    let (original, modified, current) = (as_map(original)?, as_map(modified)?, as_map(current)?);
    let delta = diff_maps(
        &current,
        &modified,
        schema,
        DiffOptions {
            ignore_deletions: true,
            set_element_order: true,
            ..Default::default()
        },
    )?;
    let deletions = diff_maps(
        &original,
        &modified,
        schema,
        DiffOptions {
            set_element_order: true,
            ignore_changes_and_additions: true,
            ..Default::default()
        },
    )?;
    strategic::merge_map(deletions, delta, schema, MergeOptions::default()).map(Value::Object)
}

fn diff_maps(
    original: &Map<String, Value>,
    modified: &Map<String, Value>,
    schema: Schema<'_>,
    o: DiffOptions,
) -> Result<Map<String, Value>, Error> {
    let mut patch = Map::new();
    let mut retain = Vec::new();
    for (key, mv) in modified {
        if o.build_retain_keys && !mv.is_null() {
            retain.push(Value::String(key.clone()));
        }
        let Some(ov) = original.get(key) else {
            if !o.ignore_changes_and_additions {
                patch.insert(key.clone(), mv.clone());
            }
            continue;
        };
        if key == DIRECTIVE {
            if ov != mv && !o.ignore_changes_and_additions {
                patch.insert(key.clone(), mv.clone());
            }
            continue;
        }
        if gofmt::type_name(ov) != gofmt::type_name(mv) {
            if !o.ignore_changes_and_additions {
                patch.insert(key.clone(), mv.clone());
            }
            continue;
        }
        match (ov, mv) {
            (Value::Object(om), Value::Object(mm)) => {
                let (sub, meta) = schema.field(key);
                let (retain_keys, strategy) = strategic::retain_keys_strategy(&meta.strategies)?;
                if strategy == REPLACE {
                    if !o.ignore_changes_and_additions {
                        patch.insert(key.clone(), mv.clone());
                    }
                } else {
                    let p = diff_maps(
                        om,
                        mm,
                        sub,
                        DiffOptions {
                            build_retain_keys: retain_keys,
                            ..o
                        },
                    )?;
                    if !p.is_empty() {
                        patch.insert(key.clone(), Value::Object(p));
                    }
                }
            }
            (Value::Array(ol), Value::Array(ml)) => {
                let (items, meta) = schema.list_field(key);
                let (retain_keys, strategy) = strategic::retain_keys_strategy(&meta.strategies)?;
                if strategy == MERGE {
                    let (add, delete, order) = diff_lists(
                        ol,
                        ml,
                        items,
                        &meta.merge_key,
                        DiffOptions {
                            build_retain_keys: retain_keys,
                            ..o
                        },
                    )?;
                    if !add.is_empty() {
                        patch.insert(key.clone(), Value::Array(add));
                    }
                    if !delete.is_empty() {
                        patch.insert(
                            format!("{DELETE_FROM_PRIMITIVE_LIST}/{key}"),
                            Value::Array(delete),
                        );
                    }
                    if !order.is_empty() {
                        patch.insert(format!("{SET_ELEMENT_ORDER}/{key}"), Value::Array(order));
                    }
                } else if !o.ignore_changes_and_additions && ov != mv {
                    patch.insert(key.clone(), mv.clone());
                }
            }
            _ => {
                if !o.ignore_changes_and_additions && ov != mv {
                    patch.insert(key.clone(), mv.clone());
                }
            }
        }
    }
    if !o.ignore_deletions {
        for key in original.keys() {
            if !modified.contains_key(key) {
                patch.insert(key.clone(), Value::Null);
            }
        }
    }
    let additional = original
        .iter()
        .any(|(k, v)| !v.is_null() && !modified.contains_key(k));
    if !retain.is_empty() && (!patch.is_empty() || additional) {
        retain.sort_by_key(gofmt::v);
        patch.insert(RETAIN_KEYS.into(), Value::Array(retain));
    }
    Ok(patch)
}

type Lists = (Vec<Value>, Vec<Value>, Vec<Value>);

fn diff_lists(
    original: &[Value],
    modified: &[Value],
    items: Schema<'_>,
    merge_key: &str,
    o: DiffOptions,
) -> Result<Lists, Error> {
    if original.is_empty() {
        if modified.is_empty() || o.ignore_changes_and_additions {
            return Ok((Vec::new(), Vec::new(), Vec::new()));
        }
        return Ok((modified.to_vec(), Vec::new(), Vec::new()));
    }
    match strategic::element_kind(&[original, modified])? {
        ElementKind::Map => {
            let (patch, deletions) = diff_lists_of_maps(original, modified, items, merge_key, o)?;
            let mut patch = order_like(patch, modified, merge_key);
            let same_order = original.len() == modified.len()
                && original.iter().zip(modified).all(|(a, b)| {
                    a.get(merge_key).is_some() && a.get(merge_key) == b.get(merge_key)
                });
            patch.extend(deletions);
            let mut order = Vec::new();
            if o.set_element_order
                && ((!o.ignore_changes_and_additions && (!patch.is_empty() || !same_order))
                    || (!o.ignore_deletions && !patch.is_empty()))
            {
                order = modified
                    .iter()
                    .map(|m| json!({ merge_key: m.get(merge_key).cloned().unwrap_or(Value::Null) }))
                    .collect();
            }
            Ok((patch, Vec::new(), order))
        }
        ElementKind::Scalar => {
            let (add, delete) = diff_lists_of_scalars(original, modified, o);
            let add = order_like(add, modified, "");
            let mut order = Vec::new();
            if o.set_element_order
                && ((!o.ignore_deletions && !delete.is_empty())
                    || (!o.ignore_changes_and_additions && original != modified))
            {
                order = modified.to_vec();
            }
            Ok((add, delete, order))
        }
    }
}

/// Sorts `items` by their position in `order` (stable; all of them are in it).
fn order_like(mut items: Vec<Value>, order: &[Value], merge_key: &str) -> Vec<Value> {
    let position = |v: &Value| {
        order
            .iter()
            .position(|o| {
                if merge_key.is_empty() {
                    o == v
                } else {
                    o.get(merge_key) == v.get(merge_key)
                }
            })
            .unwrap_or(usize::MAX)
    };
    items.sort_by_key(position);
    items
}

fn sorted_by_go_string(list: &[Value], key: Option<&str>) -> Vec<Value> {
    let mut v = list.to_vec();
    v.sort_by_key(|item| match key {
        Some(k) => gofmt::v(item.get(k).unwrap_or(&Value::Null)),
        None => gofmt::v(item),
    });
    v
}

fn diff_lists_of_scalars(
    original: &[Value],
    modified: &[Value],
    o: DiffOptions,
) -> (Vec<Value>, Vec<Value>) {
    let (os, ms) = (
        sorted_by_go_string(original, None),
        sorted_by_go_string(modified, None),
    );
    let (mut oi, mut mi) = (0, 0);
    let (mut add, mut delete) = (Vec::new(), Vec::new());
    while oi < os.len() || mi < ms.len() {
        let ostr = os.get(oi).map(gofmt::v);
        let mstr = ms.get(mi).map(gofmt::v);
        match (&ostr, &mstr) {
            (Some(a), Some(b)) if a == b => {
                oi += 1;
                mi += 1;
            }
            (None, Some(_)) => {
                if !o.ignore_changes_and_additions {
                    add.push(ms[mi].clone());
                }
                mi += 1;
            }
            (Some(a), Some(b)) if a > b => {
                if !o.ignore_changes_and_additions {
                    add.push(ms[mi].clone());
                }
                mi += 1;
            }
            (Some(_), _) => {
                if !o.ignore_deletions {
                    delete.push(os[oi].clone());
                }
                oi += 1;
            }
            (None, None) => break,
        }
    }
    let mut unique: Vec<Value> = Vec::new();
    for d in delete {
        if !unique.contains(&d) {
            unique.push(d);
        }
    }
    (add, unique)
}

fn diff_lists_of_maps(
    original: &[Value],
    modified: &[Value],
    items: Schema<'_>,
    merge_key: &str,
    o: DiffOptions,
) -> Result<(Vec<Value>, Vec<Value>), Error> {
    let key_of = |v: &Value| -> Result<(Map<String, Value>, Value), Error> {
        let m = v.as_object().ok_or(Error::BadArgType {
            expected: "map[string]interface {}",
            actual: gofmt::type_name(v),
        })?;
        let k = m.get(merge_key).cloned().ok_or_else(|| Error::NoMergeKey {
            map: gofmt::v(v),
            key: merge_key.to_string(),
        })?;
        Ok((m.clone(), k))
    };
    let (os, ms) = (
        sorted_by_go_string(original, Some(merge_key)),
        sorted_by_go_string(modified, Some(merge_key)),
    );
    let (mut oi, mut mi) = (0, 0);
    let (mut patch, mut deletions) = (Vec::new(), Vec::new());
    while oi < os.len() || mi < ms.len() {
        let oe = os.get(oi).map(key_of).transpose()?;
        let me = ms.get(mi).map(key_of).transpose()?;
        let ostr = oe.as_ref().map(|(_, k)| gofmt::v(k));
        let mstr = me.as_ref().map(|(_, k)| gofmt::v(k));
        match (oe, me) {
            (Some((om, _)), Some((mm, mk))) if ostr == mstr => {
                let mut p = diff_maps(&om, &mm, items, o)?;
                if !p.is_empty() {
                    p.insert(merge_key.to_string(), mk);
                    patch.push(Value::Object(p));
                }
                oi += 1;
                mi += 1;
            }
            (None, Some((mm, _))) => {
                if !o.ignore_changes_and_additions {
                    patch.push(Value::Object(mm));
                }
                mi += 1;
            }
            (Some(_), Some((mm, _))) if ostr > mstr => {
                if !o.ignore_changes_and_additions {
                    patch.push(Value::Object(mm));
                }
                mi += 1;
            }
            (Some((_, ok)), _) => {
                if !o.ignore_deletions {
                    deletions.push(json!({ merge_key: ok, DIRECTIVE: DELETE }));
                }
                oi += 1;
            }
            (None, None) => break,
        }
    }
    Ok((patch, deletions))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn deployment() -> Schema<'static> {
        Schema::served("apps", "v1", "Deployment")
    }

    #[test]
    fn a_changed_field_and_a_removed_container_make_kubectls_patch() {
        let original = json!({"spec": {"replicas": 1, "template": {"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]}}}});
        let modified = json!({"spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "a", "image": "x"}]}}}});
        let current = json!({"spec": {"replicas": 1, "paused": false, "template": {"spec": {"containers": [
            {"name": "a", "image": "x", "imagePullPolicy": "Always"}, {"name": "b", "image": "y"}]}}}});
        let patch = three_way(&original, &modified, &current, deployment()).unwrap();
        assert_eq!(
            patch,
            json!({"spec": {"replicas": 2, "template": {"spec": {
                "$setElementOrder/containers": [{"name": "a"}],
                "containers": [{"$patch": "delete", "name": "b"}]
            }}}})
        );
        let applied = strategic::apply(current, patch, deployment()).unwrap();
        assert_eq!(
            applied,
            json!({"spec": {"replicas": 2, "paused": false, "template": {"spec": {"containers": [{"name": "a", "image": "x", "imagePullPolicy": "Always"}]}}}})
        );
    }

    #[test]
    fn removed_fields_become_nulls_and_retain_keys_lists_what_stays() {
        let original = json!({"metadata": {"labels": {"a": "1", "b": "2"}}, "spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}});
        let modified =
            json!({"metadata": {"labels": {"a": "1"}}, "spec": {"strategy": {"type": "Recreate"}}});
        let patch = three_way(&original, &modified, &original, deployment()).unwrap();
        assert_eq!(
            patch,
            json!({"metadata": {"labels": {"b": null}}, "spec": {"strategy": {"$retainKeys": ["type"], "rollingUpdate": null, "type": "Recreate"}}})
        );
    }

    #[test]
    fn primitive_merge_lists_get_deletion_lists() {
        let original = json!({"metadata": {"finalizers": ["a", "b"]}});
        let modified = json!({"metadata": {"finalizers": ["a", "c"]}});
        let patch = three_way(
            &original,
            &modified,
            &original,
            Schema::served("", "v1", "ConfigMap"),
        )
        .unwrap();
        assert_eq!(
            patch,
            json!({"metadata": {"$deleteFromPrimitiveList/finalizers": ["b"], "$setElementOrder/finalizers": ["a", "c"], "finalizers": ["c"]}})
        );
        let applied =
            strategic::apply(original, patch, Schema::served("", "v1", "ConfigMap")).unwrap();
        assert_eq!(applied, modified);
    }
}
