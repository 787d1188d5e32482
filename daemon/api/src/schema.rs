//! The Kubernetes 1.33 type model, loaded once: every API type's OpenAPI v2 definition in upstream's
//! format (`io.k8s.api.apps.v1.DeploymentSpec` …) with descriptions, required fields and the
//! `x-kubernetes-*` extensions that strategic merge patch, server-side apply, `kubectl explain` and
//! validation need: group-version-kind, patch strategy and merge key, list type and map keys, map type.
//!
//! The data is `daemon/api/schema/k8s-1.33.json.gz`, generated from k8s-openapi's source by
//! `tools/gen-openapi` (see its `overrides.rs` for what k8s-openapi does not carry); never edit it by
//! hand. Look-ups: [`Model::definition`] by name, [`Model::by_gvk`] by group/version/kind,
//! [`Model::walk`] along a property path (lists and maps are stepped through to their elements).

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::sync::OnceLock;

const DATA: &[u8] = include_bytes!("../schema/k8s-1.33.json.gz");

/// The model could not be read (only if the checked-in file is broken).
#[derive(Debug, Clone, thiserror::Error)]
pub enum SchemaError {
    #[error("the embedded Kubernetes type model is not valid gzip: {0}")]
    Gzip(String),
    #[error("the embedded Kubernetes type model is not valid: {0}")]
    Json(String),
}

/// A group/version/kind as the `x-kubernetes-group-version-kind` extension writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
pub struct Gvk {
    pub group: String,
    pub version: String,
    pub kind: String,
}

/// One schema: a definition, a property, or a list/map element. A `$ref` schema carries only the
/// reference, the property's description and the property's extensions; resolve it with
/// [`Model::resolve`] to see the referenced definition.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Schema {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub format: Option<String>,
    pub items: Option<Box<Schema>>,
    #[serde(rename = "additionalProperties")]
    pub additional_properties: Option<Box<Schema>>,
    pub properties: BTreeMap<String, Schema>,
    pub required: Vec<String>,
    #[serde(rename = "x-kubernetes-group-version-kind")]
    pub group_version_kind: Vec<Gvk>,
    /// `merge`, `retainKeys`, `merge,retainKeys` or `replace`.
    #[serde(rename = "x-kubernetes-patch-strategy")]
    pub patch_strategy: Option<String>,
    #[serde(rename = "x-kubernetes-patch-merge-key")]
    pub patch_merge_key: Option<String>,
    /// `atomic`, `set` or `map`.
    #[serde(rename = "x-kubernetes-list-type")]
    pub list_type: Option<String>,
    #[serde(rename = "x-kubernetes-list-map-keys")]
    pub list_map_keys: Vec<String>,
    /// `atomic` (or `granular`): on a map property, or on a definition marked atomic as a whole.
    #[serde(rename = "x-kubernetes-map-type")]
    pub map_type: Option<String>,
    #[serde(rename = "x-kubernetes-int-or-string")]
    pub int_or_string: bool,
    #[serde(rename = "x-kubernetes-preserve-unknown-fields")]
    pub preserve_unknown_fields: bool,
}

impl Schema {
    /// The definition name a `$ref` points at (`io.k8s.api.core.v1.Pod`).
    pub fn ref_name(&self) -> Option<&str> {
        self.reference.as_deref()?.strip_prefix("#/definitions/")
    }

    /// Whether the patch strategy includes `merge` (a list merged by key, or a primitive set).
    pub fn patch_merge(&self) -> bool {
        self.patch_strategy
            .as_deref()
            .is_some_and(|s| s.split(',').any(|p| p == "merge"))
    }

    /// Whether the patch strategy includes `retainKeys`.
    pub fn patch_retain_keys(&self) -> bool {
        self.patch_strategy
            .as_deref()
            .is_some_and(|s| s.split(',').any(|p| p == "retainKeys"))
    }
}

#[derive(Deserialize)]
struct Document {
    definitions: BTreeMap<String, Schema>,
}

/// Every definition, indexed by name and by group/version/kind.
#[derive(Debug)]
pub struct Model {
    definitions: BTreeMap<String, Schema>,
    by_gvk: HashMap<Gvk, String>,
}

static MODEL: OnceLock<Result<Model, SchemaError>> = OnceLock::new();

/// The model, decoded on first use.
pub fn model() -> Result<&'static Model, SchemaError> {
    MODEL
        .get_or_init(Model::load)
        .as_ref()
        .map_err(Clone::clone)
}

fn text() -> Result<Vec<u8>, SchemaError> {
    let mut text = Vec::with_capacity(DATA.len() * 6);
    flate2::read::GzDecoder::new(DATA)
        .read_to_end(&mut text)
        .map_err(|e| SchemaError::Gzip(e.to_string()))?;
    Ok(text)
}

/// The definitions as JSON, exactly as stored — what the OpenAPI documents are built from.
/// Decoded afresh on each call (the documents are built once and kept as bytes): the typed
/// [`Model`] is what stays in memory, not a second, JSON copy of it.
pub fn raw_definitions() -> Result<serde_json::Value, SchemaError> {
    let mut raw: serde_json::Value =
        serde_json::from_slice(&text()?).map_err(|e| SchemaError::Json(e.to_string()))?;
    Ok(raw
        .get_mut("definitions")
        .map(serde_json::Value::take)
        .unwrap_or_default())
}

impl Model {
    fn load() -> Result<Model, SchemaError> {
        let doc: Document =
            serde_json::from_slice(&text()?).map_err(|e| SchemaError::Json(e.to_string()))?;
        let mut by_gvk = HashMap::new();
        for (name, schema) in &doc.definitions {
            for gvk in &schema.group_version_kind {
                by_gvk.entry(gvk.clone()).or_insert_with(|| name.clone());
            }
        }
        Ok(Model {
            definitions: doc.definitions,
            by_gvk,
        })
    }

    /// A definition by name (`io.k8s.api.apps.v1.Deployment`).
    pub fn definition(&self, name: &str) -> Option<&Schema> {
        self.definitions.get(name)
    }

    /// All definitions, by name.
    pub fn definitions(&self) -> &BTreeMap<String, Schema> {
        &self.definitions
    }

    /// The definition of a kind (`""`, `"v1"`, `"Pod"`; `"apps"`, `"v1"`, `"Deployment"`), with its name.
    pub fn by_gvk(&self, group: &str, version: &str, kind: &str) -> Option<(&str, &Schema)> {
        let key = Gvk {
            group: group.to_string(),
            version: version.to_string(),
            kind: kind.to_string(),
        };
        let name = self.by_gvk.get(&key)?;
        self.definitions
            .get_key_value(name)
            .map(|(n, s)| (n.as_str(), s))
    }

    /// Follows a `$ref` (once; definitions never reference a reference); other schemas as they are.
    pub fn resolve<'a>(&'a self, schema: &'a Schema) -> &'a Schema {
        schema
            .ref_name()
            .and_then(|name| self.definitions.get(name))
            .unwrap_or(schema)
    }

    /// The element schema of a list (`items`) or a map (`additionalProperties`), if `schema` is one.
    pub fn element<'a>(&'a self, schema: &'a Schema) -> Option<&'a Schema> {
        let s = self.resolve(schema);
        s.items.as_deref().or(s.additional_properties.as_deref())
    }

    /// A property of `schema` (after resolving it) as written there, with its own extensions
    /// (patch strategy, list type …); `None` when the type has no such property.
    pub fn property<'a>(&'a self, schema: &'a Schema, name: &str) -> Option<&'a Schema> {
        self.resolve(schema).properties.get(name)
    }

    /// Walks `path` from a definition: each segment is a property name; a list or map on the way is
    /// stepped through to its element first, so `["spec", "template", "spec", "containers", "ports"]`
    /// reaches `Container.ports`. Returns the last property as written (with its extensions).
    pub fn walk<'a>(&'a self, definition: &str, path: &[&str]) -> Option<&'a Schema> {
        let mut current = self.definitions.get(definition)?;
        for segment in path {
            let mut here = self.resolve(current);
            while here.properties.is_empty() {
                match self.element(here) {
                    Some(e) => here = self.resolve(e),
                    None => break,
                }
            }
            current = here.properties.get(*segment)?;
        }
        Some(current)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_model_loads_with_the_core_and_apps_kinds() {
        let m = model().unwrap();
        assert!(m.definitions().len() > 600);
        let (name, pod) = m.by_gvk("", "v1", "Pod").unwrap();
        assert_eq!(name, "io.k8s.api.core.v1.Pod");
        assert!(pod.properties.contains_key("spec"));
        let (name, _) = m.by_gvk("apps", "v1", "DeploymentList").unwrap();
        assert_eq!(name, "io.k8s.api.apps.v1.DeploymentList");
    }

    #[test]
    fn containers_merge_by_name_and_ports_by_container_port() {
        let m = model().unwrap();
        let containers = m
            .walk(
                "io.k8s.api.apps.v1.Deployment",
                &["spec", "template", "spec", "containers"],
            )
            .unwrap();
        assert!(containers.patch_merge());
        assert_eq!(containers.patch_merge_key.as_deref(), Some("name"));
        assert_eq!(containers.list_type.as_deref(), Some("map"));
        assert_eq!(containers.list_map_keys, ["name"]);
        let ports = m
            .walk("io.k8s.api.core.v1.PodSpec", &["containers", "ports"])
            .unwrap();
        assert_eq!(ports.patch_merge_key.as_deref(), Some("containerPort"));
        assert_eq!(ports.list_map_keys, ["containerPort", "protocol"]);
    }

    #[test]
    fn the_upstream_patch_strategies_k8s_openapi_lacks_are_present() {
        let m = model().unwrap();
        let strategy = m
            .walk("io.k8s.api.apps.v1.Deployment", &["spec", "strategy"])
            .unwrap();
        assert_eq!(strategy.patch_strategy.as_deref(), Some("retainKeys"));
        assert!(strategy.patch_retain_keys());
        let volumes = m.walk("io.k8s.api.core.v1.PodSpec", &["volumes"]).unwrap();
        assert_eq!(volumes.patch_strategy.as_deref(), Some("merge,retainKeys"));
        let finalizers = m
            .walk("io.k8s.api.core.v1.Pod", &["metadata", "finalizers"])
            .unwrap();
        assert!(finalizers.patch_merge());
        assert_eq!(finalizers.list_type.as_deref(), Some("set"));
        let tolerations = m
            .walk("io.k8s.api.core.v1.PodSpec", &["tolerations"])
            .unwrap();
        assert_eq!(tolerations.patch_strategy, None);
        assert_eq!(tolerations.list_type.as_deref(), Some("atomic"));
        assert_eq!(
            m.definition("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector")
                .unwrap()
                .map_type
                .as_deref(),
            Some("atomic")
        );
    }

    #[test]
    fn maps_and_descriptions_are_carried() {
        let m = model().unwrap();
        let labels = m
            .walk("io.k8s.api.core.v1.Pod", &["metadata", "labels"])
            .unwrap();
        assert_eq!(labels.type_.as_deref(), Some("object"));
        assert_eq!(m.element(labels).unwrap().type_.as_deref(), Some("string"));
        let strategy = m
            .walk("io.k8s.api.apps.v1.Deployment", &["spec", "strategy"])
            .unwrap();
        assert!(
            strategy
                .description
                .as_deref()
                .unwrap()
                .contains("deployment strategy")
        );
        let strategy_type = m.resolve(strategy);
        assert!(strategy_type.properties.contains_key("rollingUpdate"));
        let image = m
            .walk("io.k8s.api.core.v1.Pod", &["spec", "containers", "image"])
            .unwrap();
        assert_eq!(image.type_.as_deref(), Some("string"));
        assert!(
            m.walk("io.k8s.api.core.v1.Pod", &["spec", "bogus"])
                .is_none()
        );
        assert!(
            m.definition("io.k8s.apimachinery.pkg.util.intstr.IntOrString")
                .unwrap()
                .int_or_string
        );
    }
}
