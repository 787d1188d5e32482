//! Behaviour of upstream's strategic merge patch table tests (patch_test.go), one case per
//! rule, over a hand-written definition of upstream's test type `MergeItem`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};

use super::*;

fn definitions() -> Value {
    json!({"definitions": {"MergeItem": {"type": "object", "properties": {
        "name": {"type": "string"},
        "value": {"type": "string"},
        "other": {"type": "string"},
        "mergingList": {"type": "array", "items": {"$ref": "#/definitions/MergeItem"},
            "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "name"},
        "nonMergingList": {"type": "array", "items": {"$ref": "#/definitions/MergeItem"}},
        "mergingIntList": {"type": "array", "items": {"type": "integer"}, "x-kubernetes-patch-strategy": "merge"},
        "nonMergingIntList": {"type": "array", "items": {"type": "integer"}},
        "mergeItemPtr": {"$ref": "#/definitions/MergeItem", "x-kubernetes-patch-strategy": "merge"},
        "simpleMap": {"type": "object", "additionalProperties": {"type": "string"}},
        "replacingItem": {"type": "object", "x-kubernetes-patch-strategy": "replace"},
        "retainKeysMap": {"$ref": "#/definitions/RetainKeysMap", "x-kubernetes-patch-strategy": "retainKeys"},
        "retainKeysMergingList": {"type": "array", "items": {"$ref": "#/definitions/MergeItem"},
            "x-kubernetes-patch-strategy": "merge,retainKeys", "x-kubernetes-patch-merge-key": "name"}
    }},
    "RetainKeysMap": {"type": "object", "properties": {
        "name": {"type": "string"}, "value": {"type": "string"}, "other": {"type": "string"},
        "simpleMap": {"type": "object", "additionalProperties": {"type": "string"}},
        "mergingList": {"type": "array", "items": {"$ref": "#/definitions/MergeItem"},
            "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "name"}
    }}}})
}

fn patch(original: Value, p: Value) -> Result<Value, Error> {
    let d = definitions();
    apply(original, p, Schema::of(&d, "MergeItem"))
}

fn ok(original: Value, p: Value) -> Value {
    patch(original, p).map_err(|e| e.to_string()).unwrap()
}

#[test]
fn a_new_field_is_added_and_a_changed_one_replaced() {
    assert_eq!(
        ok(json!({"name": "1"}), json!({"value": "2"})),
        json!({"name": "1", "value": "2"})
    );
    assert_eq!(
        ok(json!({"name": "1", "value": "1"}), json!({"value": "2"})),
        json!({"name": "1", "value": "2"})
    );
}

#[test]
fn null_deletes_a_key_and_unmatched_nulls_are_dropped() {
    assert_eq!(
        ok(json!({"name": "1", "value": "1"}), json!({"value": null})),
        json!({"name": "1"})
    );
    assert_eq!(
        ok(json!({"name": "1"}), json!({"value": null})),
        json!({"name": "1"})
    );
    // Nulls inside a value the original lacks are dropped as well.
    assert_eq!(
        ok(
            json!({}),
            json!({"mergeItemPtr": {"name": "a", "value": null}})
        ),
        json!({"mergeItemPtr": {"name": "a"}})
    );
    assert_eq!(
        ok(
            json!({"simpleMap": {"a": "1", "b": "2"}}),
            json!({"simpleMap": {"a": null}})
        ),
        json!({"simpleMap": {"b": "2"}})
    );
}

#[test]
fn nested_maps_merge_key_by_key() {
    assert_eq!(
        ok(
            json!({"mergeItemPtr": {"name": "a", "value": "1"}}),
            json!({"mergeItemPtr": {"value": "2", "other": "x"}})
        ),
        json!({"mergeItemPtr": {"name": "a", "value": "2", "other": "x"}})
    );
}

#[test]
fn patch_replace_in_a_map_replaces_it_whole() {
    assert_eq!(
        ok(
            json!({"mergeItemPtr": {"name": "a", "value": "1"}}),
            json!({"mergeItemPtr": {"$patch": "replace", "other": "x"}})
        ),
        json!({"mergeItemPtr": {"other": "x"}})
    );
    assert_eq!(
        ok(
            json!({"name": "a", "value": "1"}),
            json!({"$patch": "replace", "other": "x"})
        ),
        json!({"other": "x"})
    );
}

#[test]
fn patch_delete_in_a_map_empties_it() {
    assert_eq!(
        ok(
            json!({"mergeItemPtr": {"name": "a"}}),
            json!({"mergeItemPtr": {"$patch": "delete"}})
        ),
        json!({"mergeItemPtr": {}})
    );
    // A deleted map the original lacks is not added.
    assert_eq!(
        ok(json!({}), json!({"mergeItemPtr": {"$patch": "delete"}})),
        json!({})
    );
}

#[test]
fn an_unknown_map_directive_is_an_error_in_upstream_words() {
    let e = patch(
        json!({"mergeItemPtr": {"name": "a"}}),
        json!({"mergeItemPtr": {"$patch": "frobnicate", "name": "b"}}),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown patch type: frobnicate in map: map[$patch:frobnicate name:b]"
    );
}

#[test]
fn merging_lists_merge_by_key_and_keep_server_items_in_place() {
    let original =
        json!({"mergingList": [{"name": "1", "value": "a"}, {"name": "2", "value": "b"}]});
    assert_eq!(
        ok(
            original.clone(),
            json!({"mergingList": [{"name": "2", "value": "c"}]})
        ),
        json!({"mergingList": [{"name": "1", "value": "a"}, {"name": "2", "value": "c"}]})
    );
    assert_eq!(
        ok(
            original.clone(),
            json!({"mergingList": [{"name": "3", "value": "d"}]})
        ),
        // Upstream puts the patch's new items first when no $setElementOrder says otherwise.
        json!({"mergingList": [{"name": "3", "value": "d"}, {"name": "1", "value": "a"}, {"name": "2", "value": "b"}]})
    );
    // Nested fields of a merged item: null deletes.
    assert_eq!(
        ok(
            original,
            json!({"mergingList": [{"name": "1", "value": null, "other": "x"}]})
        ),
        json!({"mergingList": [{"name": "1", "other": "x"}, {"name": "2", "value": "b"}]})
    );
}

#[test]
fn patch_delete_in_a_merging_list_removes_every_matching_item() {
    let original =
        json!({"mergingList": [{"name": "1"}, {"name": "2"}, {"name": "1", "value": "dup"}]});
    assert_eq!(
        ok(
            original,
            json!({"mergingList": [{"name": "1", "$patch": "delete"}]})
        ),
        json!({"mergingList": [{"name": "2"}]})
    );
    let e = patch(
        json!({"mergingList": [{"name": "1"}]}),
        json!({"mergingList": [{"$patch": "delete"}]}),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "map: map[$patch:delete] does not contain declared merge key: name"
    );
}

#[test]
fn patch_replace_in_a_merging_list_replaces_the_list() {
    let original = json!({"mergingList": [{"name": "1"}, {"name": "2"}]});
    assert_eq!(
        ok(
            original,
            json!({"mergingList": [{"name": "3"}, {"$patch": "replace"}]})
        ),
        json!({"mergingList": [{"name": "3"}]})
    );
    assert_eq!(
        ok(
            json!({"mergingList": [{"name": "1"}]}),
            json!({"mergingList": [{"$patch": "replace"}]})
        ),
        json!({"mergingList": []})
    );
}

#[test]
fn patch_merge_in_a_list_is_not_supported() {
    let e = patch(
        json!({"mergingList": [{"name": "1"}]}),
        json!({"mergingList": [{"$patch": "merge"}]}),
    )
    .unwrap_err();
    assert_eq!(e, Error::MergingListsUnsupported);
}

#[test]
fn an_item_without_its_merge_key_is_an_error() {
    let e = patch(
        json!({"mergingList": [{"name": "1"}]}),
        json!({"mergingList": [{"value": "x"}]}),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "map: map[value:x] does not contain declared merge key: name"
    );
}

#[test]
fn non_merging_lists_are_replaced() {
    assert_eq!(
        ok(
            json!({"nonMergingList": [{"name": "1"}, {"name": "2"}]}),
            json!({"nonMergingList": [{"name": "3"}]})
        ),
        json!({"nonMergingList": [{"name": "3"}]})
    );
    assert_eq!(
        ok(
            json!({"nonMergingIntList": [1, 2]}),
            json!({"nonMergingIntList": [2]})
        ),
        json!({"nonMergingIntList": [2]})
    );
}

#[test]
fn merging_primitive_lists_are_set_unions_in_patch_then_server_order() {
    assert_eq!(
        ok(
            json!({"mergingIntList": [1, 2]}),
            json!({"mergingIntList": [2, 3]})
        ),
        json!({"mergingIntList": [1, 2, 3]})
    );
    assert_eq!(
        ok(
            json!({"mergingIntList": [1, 2]}),
            json!({"mergingIntList": [3]})
        ),
        json!({"mergingIntList": [3, 1, 2]})
    );
    assert_eq!(
        ok(
            json!({"mergingIntList": [1, 2, 2]}),
            json!({"mergingIntList": [1]})
        ),
        json!({"mergingIntList": [1, 2]})
    );
}

#[test]
fn delete_from_primitive_list_removes_the_values() {
    assert_eq!(
        ok(
            json!({"mergingIntList": [1, 2, 3]}),
            json!({"$deleteFromPrimitiveList/mergingIntList": [2, 4]})
        ),
        json!({"mergingIntList": [1, 3]})
    );
    // Nothing to delete from: the list is not created.
    assert_eq!(
        ok(
            json!({}),
            json!({"$deleteFromPrimitiveList/mergingIntList": [1]})
        ),
        json!({})
    );
    // Applies to replace lists too.
    assert_eq!(
        ok(
            json!({"nonMergingIntList": [1, 2]}),
            json!({"$deleteFromPrimitiveList/nonMergingIntList": [1]})
        ),
        json!({"nonMergingIntList": [2]})
    );
    assert_eq!(
        patch(json!({}), json!({"$deleteFromPrimitiveList": [1]})).unwrap_err(),
        Error::BadPatchFormatForPrimitiveList
    );
}

#[test]
fn set_element_order_orders_primitive_lists() {
    assert_eq!(
        ok(
            json!({"mergingIntList": [1, 2, 3]}),
            json!({"$setElementOrder/mergingIntList": [3, 1, 2], "mergingIntList": [3]})
        ),
        json!({"mergingIntList": [3, 1, 2]})
    );
    // A server-only item keeps its place relative to its live neighbours: 2 was before 3.
    assert_eq!(
        ok(
            json!({"mergingIntList": [1, 2, 3]}),
            json!({"$setElementOrder/mergingIntList": [3, 1], "mergingIntList": [3, 1]})
        ),
        json!({"mergingIntList": [2, 3, 1]})
    );
}

#[test]
fn set_element_order_orders_merging_lists_of_maps() {
    let original =
        json!({"mergingList": [{"name": "1", "value": "a"}, {"name": "2"}, {"name": "3"}]});
    let p = json!({
        "$setElementOrder/mergingList": [{"name": "3"}, {"name": "2"}, {"name": "1"}],
        "mergingList": [{"name": "1", "value": "b"}],
    });
    assert_eq!(
        ok(original, p),
        json!({"mergingList": [{"name": "3"}, {"name": "2"}, {"name": "1", "value": "b"}]})
    );
    // Only the directive: reorders without changes.
    let original = json!({"mergingList": [{"name": "1"}, {"name": "2"}]});
    assert_eq!(
        ok(
            original,
            json!({"$setElementOrder/mergingList": [{"name": "2"}, {"name": "1"}]})
        ),
        json!({"mergingList": [{"name": "2"}, {"name": "1"}]})
    );
    // A list the original lacks is taken from the patch, in the directive's order.
    assert_eq!(
        ok(
            json!({}),
            json!({"$setElementOrder/mergingList": [{"name": "2"}, {"name": "1"}], "mergingList": [{"name": "2"}, {"name": "1"}]})
        ),
        json!({"mergingList": [{"name": "2"}, {"name": "1"}]})
    );
}

#[test]
fn set_element_order_must_agree_with_the_patch_list() {
    let e = patch(
        json!({"mergingIntList": [1, 2]}),
        json!({"$setElementOrder/mergingIntList": [1, 2], "mergingIntList": [2, 1]}),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the order in patch list:\n[2 1]\n doesn't match $setElementOrder list:\n[1 2]"
    );
    assert_eq!(
        patch(json!({}), json!({"$setElementOrder/mergingIntList": "x"}))
            .unwrap_err()
            .to_string(),
        "expected a []interface {}, but received a string"
    );
    assert_eq!(
        patch(json!({}), json!({"$setElementOrderX": [1]})).unwrap_err(),
        Error::BadPatchFormatForSetElementOrderList
    );
}

#[test]
fn retain_keys_clears_the_keys_it_does_not_list() {
    let original = json!({"retainKeysMap": {"name": "a", "value": "1", "other": "x"}});
    assert_eq!(
        ok(
            original.clone(),
            json!({"retainKeysMap": {"$retainKeys": ["name", "value"], "value": "2"}})
        ),
        json!({"retainKeysMap": {"name": "a", "value": "2"}})
    );
    // Every key the patch sets must be listed.
    assert_eq!(
        patch(
            original.clone(),
            json!({"retainKeysMap": {"$retainKeys": ["name"], "value": "2"}})
        )
        .unwrap_err(),
        Error::BadPatchFormatForRetainKeys
    );
    // Nulls and directives need not be.
    assert_eq!(
        ok(
            original.clone(),
            json!({"retainKeysMap": {"$retainKeys": ["name"], "value": null}})
        ),
        json!({"retainKeysMap": {"name": "a"}})
    );
    assert_eq!(
        patch(original, json!({"retainKeysMap": {"$retainKeys": "name"}})).unwrap_err(),
        Error::BadPatchFormatForRetainKeys
    );
}

#[test]
fn retain_keys_in_list_items_of_a_merge_retain_keys_list() {
    let original = json!({"retainKeysMergingList": [{"name": "1", "value": "a", "other": "b"}]});
    assert_eq!(
        ok(
            original,
            json!({"retainKeysMergingList": [{"name": "1", "$retainKeys": ["name", "other"], "other": "c"}]})
        ),
        json!({"retainKeysMergingList": [{"name": "1", "other": "c"}]})
    );
}

#[test]
fn replace_strategy_maps_are_replaced() {
    assert_eq!(
        ok(
            json!({"replacingItem": {"a": 1, "b": 2}}),
            json!({"replacingItem": {"c": 3}})
        ),
        json!({"replacingItem": {"c": 3}})
    );
}

#[test]
fn a_value_of_another_type_replaces_the_original() {
    assert_eq!(
        ok(json!({"value": "1"}), json!({"value": {"a": "b"}})),
        json!({"value": {"a": "b"}})
    );
    assert_eq!(
        ok(
            json!({"mergingIntList": [1]}),
            json!({"mergingIntList": "x"})
        ),
        json!({"mergingIntList": "x"})
    );
}

#[test]
fn lists_of_lists_and_mixed_lists_are_rejected() {
    assert_eq!(
        patch(
            json!({"mergingIntList": [1]}),
            json!({"mergingIntList": [[1]]})
        )
        .unwrap_err()
        .to_string(),
        "list element types are not identical: [[1] [[1]]]"
    );
    assert_eq!(
        patch(
            json!({"mergingIntList": [[1]]}),
            json!({"mergingIntList": [[2]]})
        )
        .unwrap_err(),
        Error::NoListOfLists
    );
    assert_eq!(
        patch(
            json!({"mergingIntList": [1]}),
            json!({"mergingIntList": ["a"]})
        )
        .unwrap_err()
        .to_string(),
        "list element types are not identical: [[1] [a]]"
    );
}

#[test]
fn unknown_types_get_merge_patch_semantics() {
    let original = json!({"spec": {"items": [{"name": "a"}], "map": {"x": 1}}});
    let got = apply(
        original,
        json!({"spec": {"items": [{"name": "b"}], "map": {"y": 2}}}),
        Schema::unknown(),
    )
    .unwrap();
    assert_eq!(
        got,
        json!({"spec": {"items": [{"name": "b"}], "map": {"x": 1, "y": 2}}})
    );
}

#[test]
fn directives_inside_new_values_are_dropped() {
    assert_eq!(
        ok(
            json!({}),
            json!({"nonMergingList": [{"name": "1"}, {"name": "2", "$patch": "delete"}]})
        ),
        json!({"nonMergingList": [{"name": "1"}]})
    );
}

#[test]
fn merging_two_patches_keeps_nulls_and_deletion_lists() {
    let deletions = json!({"value": null}).as_object().cloned().unwrap();
    let delta = json!({"$deleteFromPrimitiveList/mergingIntList": [1], "other": null, "name": "x"})
        .as_object()
        .cloned()
        .unwrap();
    let d = definitions();
    let merged = merge_map(
        deletions,
        delta,
        Schema::of(&d, "MergeItem"),
        MergeOptions::default(),
    )
    .unwrap();
    assert_eq!(
        Value::Object(merged),
        json!({"value": null, "other": null, "name": "x", "$deleteFromPrimitiveList/mergingIntList": [1]})
    );
}

#[test]
fn go_deduplication_keeps_each_scalar_once() {
    assert_eq!(
        deduplicate_scalars(vec![json!(1), json!(2), json!(1), json!(3)]),
        vec![json!(1), json!(2), json!(3)]
    );
    assert_eq!(
        deduplicate_scalars(vec![json!(1), json!(1), json!(1)]),
        vec![json!(1)]
    );
}

#[test]
fn directives_nested_in_list_items_apply_to_those_items() {
    let original =
        json!({"mergingList": [{"name": "1", "mergeItemPtr": {"name": "a", "value": "x"}}]});
    assert_eq!(
        ok(
            original.clone(),
            json!({"mergingList": [{"name": "1", "mergeItemPtr": {"$patch": "replace", "other": "y"}}]})
        ),
        json!({"mergingList": [{"name": "1", "mergeItemPtr": {"other": "y"}}]})
    );
    assert_eq!(
        ok(
            original,
            json!({"mergingList": [{"name": "1", "mergeItemPtr": {"$patch": "delete"}}]})
        ),
        json!({"mergingList": [{"name": "1", "mergeItemPtr": {}}]})
    );
}

#[test]
fn an_item_deleted_and_added_again_in_one_patch_is_the_new_one() {
    let original = json!({"mergingList": [{"name": "1", "value": "a"}, {"name": "2"}]});
    assert_eq!(
        ok(
            original,
            json!({"mergingList": [{"name": "1", "$patch": "delete"}, {"name": "1", "value": "b"}]})
        ),
        json!({"mergingList": [{"name": "1", "value": "b"}, {"name": "2"}]})
    );
}

#[test]
fn set_element_order_with_deletions() {
    let original = json!({"mergingList": [{"name": "1"}, {"name": "2"}, {"name": "3"}]});
    let p = json!({
        "$setElementOrder/mergingList": [{"name": "3"}, {"name": "1"}],
        "mergingList": [{"name": "2", "$patch": "delete"}],
    });
    assert_eq!(
        ok(original, p),
        json!({"mergingList": [{"name": "3"}, {"name": "1"}]})
    );
    let p = json!({"$setElementOrder/mergingIntList": [3, 1], "$deleteFromPrimitiveList/mergingIntList": [2]});
    assert_eq!(
        ok(json!({"mergingIntList": [1, 2, 3]}), p),
        json!({"mergingIntList": [3, 1]})
    );
}

#[test]
fn nested_merging_lists_merge_at_every_level() {
    let original = json!({"mergingList": [{"name": "1", "mergingList": [{"name": "a"}, {"name": "b", "value": "x"}]}]});
    let p = json!({"mergingList": [{"name": "1", "mergingList": [{"name": "c"}, {"name": "b", "value": "y"}]}]});
    assert_eq!(
        ok(original, p),
        // c is new (first); a is live-only and stays before b, its live neighbour.
        json!({"mergingList": [{"name": "1", "mergingList": [{"name": "c"}, {"name": "a"}, {"name": "b", "value": "y"}]}]})
    );
}

#[test]
fn null_deletes_a_whole_list_and_an_empty_list_replaces_a_non_merging_one() {
    assert_eq!(
        ok(
            json!({"mergingList": [{"name": "1"}], "name": "n"}),
            json!({"mergingList": null})
        ),
        json!({"name": "n"})
    );
    assert_eq!(
        ok(
            json!({"nonMergingIntList": [1, 2]}),
            json!({"nonMergingIntList": []})
        ),
        json!({"nonMergingIntList": []})
    );
    // A merging list merged with an empty patch list is unchanged.
    assert_eq!(
        ok(
            json!({"mergingIntList": [1, 2]}),
            json!({"mergingIntList": []})
        ),
        json!({"mergingIntList": [1, 2]})
    );
}

#[test]
fn retain_keys_and_set_element_order_in_one_map() {
    let original = json!({"retainKeysMap": {"name": "a", "value": "1", "mergingList": [{"name": "1"}, {"name": "2"}]}});
    let p = json!({"retainKeysMap": {
        "$retainKeys": ["mergingList", "name"],
        "$setElementOrder/mergingList": [{"name": "2"}, {"name": "1"}],
    }});
    assert_eq!(
        ok(original, p),
        json!({"retainKeysMap": {"name": "a", "mergingList": [{"name": "2"}, {"name": "1"}]}})
    );
}
