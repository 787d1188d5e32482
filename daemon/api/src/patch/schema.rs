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

use crate::schema::{Model, Schema as TypedSchema};

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

/// A position in the definitions: a type (possibly unknown) that fields are looked up in —
/// either in the typed Kubernetes model ([`crate::schema`], for served kinds) or in an OpenAPI
/// document's JSON (other documents: custom resources, tests).
#[derive(Clone, Copy, Debug)]
pub struct Schema<'a>(Node<'a>);

#[derive(Clone, Copy, Debug)]
enum Node<'a> {
    Unknown,
    Json {
        definitions: Option<&'a Map<String, Value>>,
        node: Option<&'a Value>,
    },
    Typed {
        model: &'a Model,
        node: Option<&'a TypedSchema>,
    },
}

impl<'a> Schema<'a> {
    /// No type information: every field is unknown.
    pub fn unknown() -> Schema<'static> {
        Schema(Node::Unknown)
    }

    /// The definition `name` in an OpenAPI v2 document (`{"definitions": {...}}`) or in a bare
    /// map of definitions.
    pub fn of(document: &'a Value, name: &str) -> Schema<'a> {
        let definitions = document.get("definitions").unwrap_or(document).as_object();
        let node = definitions.and_then(|d| d.get(name));
        Schema(Node::Json { definitions, node }).resolved()
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
        Schema(Node::Json { definitions, node })
    }

    /// A served kind in the Kubernetes 1.33 model (`crate::schema`); unknown when the model
    /// has no such kind (custom resources).
    pub fn served(group: &str, version: &str, kind: &str) -> Schema<'static> {
        match crate::schema::model() {
            Ok(model) => match model.by_gvk(group, version, kind) {
                Some((_, node)) => Schema(Node::Typed {
                    model,
                    node: Some(node),
                }),
                None => Schema::unknown(),
            },
            Err(_) => Schema::unknown(),
        }
    }

    /// True when nothing is known about this type.
    pub fn is_unknown(&self) -> bool {
        match self.0 {
            Node::Unknown => true,
            Node::Json { node, .. } => node.is_none(),
            Node::Typed { node, .. } => node.is_none(),
        }
    }

    /// Follows `$ref` (and a single-entry `allOf` wrapping one, as v3 documents write it).
    fn resolved(self) -> Schema<'a> {
        match self.0 {
            Node::Unknown => self,
            Node::Typed { model, node } => Schema(Node::Typed {
                model,
                node: node.map(|n| model.resolve(n)),
            }),
            Node::Json {
                definitions,
                mut node,
            } => {
                for _ in 0..32 {
                    let Some(n) = node else { break };
                    let reference = n.get("$ref").and_then(Value::as_str).or_else(|| {
                        n.get("allOf")
                            .and_then(Value::as_array)
                            .filter(|a| a.len() == 1)
                            .and_then(|a| a[0].get("$ref"))
                            .and_then(Value::as_str)
                    });
                    let Some(reference) = reference else { break };
                    let name = reference.rsplit('/').next().unwrap_or(reference);
                    node = definitions.and_then(|d| d.get(name));
                }
                Schema(Node::Json { definitions, node })
            }
        }
    }

    /// The field `key` of this struct (or the values of this map) and its metadata.
    pub fn field(&self, key: &str) -> (Schema<'a>, PatchMeta) {
        match self.0 {
            Node::Unknown => (*self, PatchMeta::default()),
            Node::Json { definitions, node } => {
                let child = node.and_then(|n| {
                    n.get("properties")
                        .and_then(|p| p.get(key))
                        .or_else(|| n.get("additionalProperties").filter(|a| a.is_object()))
                });
                let meta = child.map(meta_of).unwrap_or_default();
                (
                    Schema(Node::Json {
                        definitions,
                        node: child,
                    })
                    .resolved(),
                    meta,
                )
            }
            Node::Typed { model, node } => {
                let child = node.and_then(|n| {
                    n.properties
                        .get(key)
                        .or(n.additional_properties.as_deref())
                });
                let meta = child.map(typed_meta_of).unwrap_or_default();
                (
                    Schema(Node::Typed { model, node: child }).resolved(),
                    meta,
                )
            }
        }
    }

    /// The items of this array type.
    pub fn items(&self) -> Schema<'a> {
        match self.0 {
            Node::Unknown => *self,
            Node::Json { definitions, node } => Schema(Node::Json {
                definitions,
                node: node.and_then(|n| n.get("items")),
            })
            .resolved(),
            Node::Typed { model, node } => Schema(Node::Typed {
                model,
                node: node.and_then(|n| n.items.as_deref()),
            })
            .resolved(),
        }
    }

    /// The field `key` as a list: the schema of its items and the field's metadata
    /// (upstream's LookupPatchMetadataForSlice).
    pub fn list_field(&self, key: &str) -> (Schema<'a>, PatchMeta) {
        let (field, meta) = self.field(key);
        (field.items(), meta)
    }

    /// The metadata of this node itself (for list items and top-level types).
    pub fn meta(&self) -> PatchMeta {
        match self.0 {
            Node::Unknown => PatchMeta::default(),
            Node::Json { node, .. } => node.map(meta_of).unwrap_or_default(),
            Node::Typed { node, .. } => node.map(typed_meta_of).unwrap_or_default(),
        }
    }

    /// The JSON type the schema declares (`object`, `array`, `string`, …), if any.
    pub fn type_name(&self) -> Option<&'a str> {
        match self.0 {
            Node::Unknown => None,
            Node::Json { node, .. } => node.and_then(|n| n.get("type")).and_then(Value::as_str),
            Node::Typed { node, .. } => node.and_then(|n| n.type_.as_deref()),
        }
    }

    /// True when the node declares named properties (a struct, not a map).
    pub fn is_struct(&self) -> bool {
        match self.0 {
            Node::Unknown => false,
            Node::Json { node, .. } => node.is_some_and(|n| n.get("properties").is_some()),
            Node::Typed { node, .. } => node.is_some_and(|n| !n.properties.is_empty()),
        }
    }

    /// Whether the node is a map with arbitrary keys.
    pub fn is_map(&self) -> bool {
        match self.0 {
            Node::Unknown => false,
            Node::Json { node, .. } => {
                node.is_some_and(|n| n.get("additionalProperties").is_some_and(Value::is_object))
            }
            Node::Typed { node, .. } => node.is_some_and(|n| n.additional_properties.is_some()),
        }
    }
}

fn typed_meta_of(node: &TypedSchema) -> PatchMeta {
    PatchMeta {
        strategies: node
            .patch_strategy
            .as_deref()
            .map(|v| {
                v.split(',')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        merge_key: node.patch_merge_key.clone().unwrap_or_default(),
        list_type: node.list_type.clone(),
        map_keys: node.list_map_keys.clone(),
        map_type: node.map_type.clone(),
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
