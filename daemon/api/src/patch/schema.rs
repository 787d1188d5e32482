//! The patch metadata of a type, read from OpenAPI v2 definitions (the format of
//! `daemon/api/schema/k8s-1.33.json`): for each field, its patch strategies
//! (`x-kubernetes-patch-strategy`), merge key (`x-kubernetes-patch-merge-key`), list type and
//! map keys (`x-kubernetes-list-type`, `x-kubernetes-list-map-keys`) and map type
//! (`x-kubernetes-map-type`), following `$ref`s through `definitions`.
//!
//! A field the definitions do not know (a custom resource, an unstructured object, a field of
//! an `object` without properties) has no metadata: its lists are replaced and its maps merged,
//! which is merge-patch semantics.

use serde_json::{Map, Value};

/// What the schema says about one field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PatchMeta {
    /// `merge`, `replace`, `retainKeys` (a field may have two, comma-separated upstream).
    pub strategies: Vec<String>,
    /// The key that identifies the items of a merged list of objects.
    pub merge_key: String,
    /// `atomic`, `set` or `map` (server-side apply).
    pub list_type: Option<String>,
    /// The keys of a `map` list (server-side apply).
    pub map_keys: Vec<String>,
    /// `atomic` or `granular` for maps and structs (server-side apply).
    pub map_type: Option<String>,
}

/// A position in the definitions: a type (possibly unknown) that fields are looked up in.
#[derive(Clone, Copy, Debug)]
pub struct Schema<'a> {
    definitions: Option<&'a Map<String, Value>>,
    node: Option<&'a Value>,
}

impl<'a> Schema<'a> {
    /// No type information: every field is unknown.
    pub fn unknown() -> Schema<'static> {
        Schema {
            definitions: None,
            node: None,
        }
    }

    /// The definition `name` in an OpenAPI v2 document (`{"definitions": {...}}`) or in a bare
    /// map of definitions.
    pub fn of(document: &'a Value, name: &str) -> Schema<'a> {
        let definitions = document.get("definitions").unwrap_or(document).as_object();
        let node = definitions.and_then(|d| d.get(name));
        Schema { definitions, node }.resolved()
    }

    /// The definition with this `x-kubernetes-group-version-kind`.
    pub fn for_kind(document: &'a Value, group: &str, version: &str, kind: &str) -> Schema<'a> {
        let definitions = document.get("definitions").unwrap_or(document).as_object();
        let node = definitions.and_then(|d| {
            d.values().find(|def| {
                def.get("x-kubernetes-group-version-kind")
                    .and_then(Value::as_array)
                    .is_some_and(|gvks| {
                        gvks.iter().any(|g| {
                            let s = |k: &str| g.get(k).and_then(Value::as_str).unwrap_or("");
                            s("group") == group && s("version") == version && s("kind") == kind
                        })
                    })
            })
        });
        Schema { definitions, node }
    }

    /// A served kind in the Kubernetes 1.33 model (`crate::schema`); unknown when the model
    /// has no such kind (custom resources).
    pub fn served(group: &str, version: &str, kind: &str) -> Schema<'static> {
        match crate::schema::model() {
            Ok(m) => match m.by_gvk(group, version, kind) {
                Some((name, _)) => Schema::of(m.raw_definitions(), name),
                None => Schema::unknown(),
            },
            Err(_) => Schema::unknown(),
        }
    }

    /// True when nothing is known about this type.
    pub fn is_unknown(&self) -> bool {
        self.node.is_none()
    }

    fn with(&self, node: Option<&'a Value>) -> Schema<'a> {
        Schema {
            definitions: self.definitions,
            node,
        }
        .resolved()
    }

    /// Follows `$ref` (and a single-entry `allOf` wrapping one, as v3 documents write it).
    fn resolved(mut self) -> Schema<'a> {
        for _ in 0..32 {
            let Some(node) = self.node else { return self };
            let reference = node.get("$ref").and_then(Value::as_str).or_else(|| {
                node.get("allOf")
                    .and_then(Value::as_array)
                    .filter(|a| a.len() == 1)
                    .and_then(|a| a[0].get("$ref"))
                    .and_then(Value::as_str)
            });
            let Some(reference) = reference else {
                return self;
            };
            let name = reference.rsplit('/').next().unwrap_or(reference);
            self.node = self.definitions.and_then(|d| d.get(name));
        }
        self
    }

    /// The field `key` of this struct (or the values of this map) and its metadata.
    pub fn field(&self, key: &str) -> (Schema<'a>, PatchMeta) {
        let Some(node) = self.node else {
            return (
                Schema {
                    definitions: self.definitions,
                    node: None,
                },
                PatchMeta::default(),
            );
        };
        let child = node
            .get("properties")
            .and_then(|p| p.get(key))
            .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()));
        let meta = child.map(meta_of).unwrap_or_default();
        (self.with(child), meta)
    }

    /// The items of this array type.
    pub fn items(&self) -> Schema<'a> {
        self.with(self.node.and_then(|n| n.get("items")))
    }

    /// The field `key` as a list: the schema of its items and the field's metadata
    /// (upstream's LookupPatchMetadataForSlice).
    pub fn list_field(&self, key: &str) -> (Schema<'a>, PatchMeta) {
        let (field, meta) = self.field(key);
        (field.items(), meta)
    }

    /// The metadata of this node itself (for list items and top-level types).
    pub fn meta(&self) -> PatchMeta {
        self.node.map(meta_of).unwrap_or_default()
    }

    /// The JSON type the schema declares (`object`, `array`, `string`, …), if any.
    pub fn type_name(&self) -> Option<&'a str> {
        self.node
            .and_then(|n| n.get("type"))
            .and_then(Value::as_str)
    }

    /// True when the node declares named properties (a struct, not a map).
    pub fn is_struct(&self) -> bool {
        self.node.is_some_and(|n| n.get("properties").is_some())
    }

    /// Whether the node is a map with arbitrary keys.
    pub fn is_map(&self) -> bool {
        self.node
            .is_some_and(|n| n.get("additionalProperties").is_some_and(Value::is_object))
    }
}

fn meta_of(node: &Value) -> PatchMeta {
    let s = |k: &str| node.get(k).and_then(Value::as_str);
    PatchMeta {
        strategies: s("x-kubernetes-patch-strategy")
            .map(|v| {
                v.split(',')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        merge_key: s("x-kubernetes-patch-merge-key").unwrap_or("").to_string(),
        list_type: s("x-kubernetes-list-type").map(str::to_string),
        map_keys: node
            .get("x-kubernetes-list-map-keys")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        map_type: s("x-kubernetes-map-type").map(str::to_string),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"definitions": {
            "io.k8s.api.core.v1.PodSpec": {"type": "object", "properties": {
                "containers": {"type": "array", "items": {"$ref": "#/definitions/io.k8s.api.core.v1.Container"},
                    "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge",
                    "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"]},
                "volumes": {"type": "array", "items": {"type": "object"}, "x-kubernetes-patch-strategy": "merge,retainKeys",
                    "x-kubernetes-patch-merge-key": "name"},
                "nodeSelector": {"type": "object", "additionalProperties": {"type": "string"}, "x-kubernetes-map-type": "atomic"}
            }},
            "io.k8s.api.core.v1.Container": {"type": "object", "properties": {"name": {"type": "string"}}}
        }})
    }

    #[test]
    fn fields_follow_refs_and_carry_their_extensions() {
        let d = doc();
        let spec = Schema::of(&d, "io.k8s.api.core.v1.PodSpec");
        let (items, meta) = spec.list_field("containers");
        assert_eq!(meta.merge_key, "name");
        assert_eq!(meta.strategies, vec!["merge"]);
        assert_eq!(meta.map_keys, vec!["name"]);
        assert!(items.is_struct());
        assert!(!items.field("name").0.is_unknown());
        assert_eq!(
            spec.field("volumes").1.strategies,
            vec!["merge", "retainKeys"]
        );
        assert_eq!(
            spec.field("nodeSelector").1.map_type.as_deref(),
            Some("atomic")
        );
        assert_eq!(
            spec.field("nodeSelector").0.field("anything").0.type_name(),
            Some("string")
        );
    }

    #[test]
    fn served_kinds_come_from_the_kubernetes_model() {
        let d = Schema::served("apps", "v1", "Deployment");
        let (_, spec_meta) = d.field("spec");
        assert_eq!(spec_meta.strategies, Vec::<String>::new());
        let (_, containers) = d
            .field("spec")
            .0
            .field("template")
            .0
            .field("spec")
            .0
            .list_field("containers");
        assert_eq!(containers.merge_key, "name");
        assert_eq!(
            d.field("spec").0.field("strategy").1.strategies,
            vec!["retainKeys"]
        );
        assert!(Schema::served("example.com", "v1", "Widget").is_unknown());
    }

    #[test]
    fn unknown_fields_and_types_have_no_metadata() {
        let d = doc();
        let spec = Schema::of(&d, "io.k8s.api.core.v1.PodSpec");
        let (s, m) = spec.field("nope");
        assert!(s.is_unknown());
        assert_eq!(m, PatchMeta::default());
        assert!(Schema::unknown().field("x").0.is_unknown());
        assert!(Schema::of(&d, "missing").is_unknown());
    }
}
