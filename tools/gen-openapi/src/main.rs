//! gen-openapi: writes `daemon/api/schema/k8s-1.33.json.gz`, Kubernetes 1.33's API types in upstream's
//! OpenAPI v2 `definitions` format with the `x-kubernetes-*` extensions, generated from k8s-openapi
//! 0.29's `v1_33` source in the cargo registry (not hand-kept):
//!
//! - descriptions, types, formats, properties, required fields: the schemars `json_schema!` bodies
//!   (the same text as the doc comments and serde names, already keyed by wire name);
//! - `x-kubernetes-list-type` / `-list-map-keys` / `-map-type`: the `DeepMerge` impls
//!   (`merge_strategies::list::{atomic,set,map}` with their key closures, `map::{atomic,granular}`);
//! - `x-kubernetes-group-version-kind`: the `Resource` impls; `…List` definitions for `ListableResource`s;
//! - `x-kubernetes-patch-strategy` / `-patch-merge-key` and a few list keys and atomic structs that
//!   k8s-openapi does not carry: the table in `overrides.rs`, which says why.
//!
//! It also writes `k8s-1.33-proto.json.gz` beside it: each protobuf message's field numbers and types
//! from k8s-pb 0.9's source, named with the same JSON names (see `proto.rs`), for decoding protobuf
//! request bodies.
//!
//! Run: `cargo run --manifest-path tools/gen-openapi/Cargo.toml [-- OUT]` from the repository root.

mod overrides;
mod proto;
mod schema_macro;
mod source;

use serde_json::{Map, Value, json};
use source::{Strategy, TypeFile};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

type Result<T> = std::result::Result<T, String>;

fn main() {
    if let Err(e) = run() {
        eprintln!("gen-openapi: {e}");
        std::process::exit(1);
    }
}

fn k8s_openapi_root() -> Result<PathBuf> {
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|_| std::env::var("HOME").map(|h| Path::new(&h).join(".cargo")))
        .map_err(|_| "neither CARGO_HOME nor HOME is set".to_string())?;
    let src = home.join("registry/src");
    for entry in std::fs::read_dir(&src).map_err(|e| format!("{}: {e}", src.display()))? {
        let dir = entry
            .map_err(|e| e.to_string())?
            .path()
            .join("k8s-openapi-0.29.0/src/v1_33");
        if dir.is_dir() {
            return Ok(dir);
        }
    }
    Err(format!(
        "k8s-openapi-0.29.0 not found under {} (run `cargo fetch` in the workspace)",
        src.display()
    ))
}

fn walk(dir: &Path, module: &str, out: &mut Vec<TypeFile>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if path.is_dir() {
            let sub = if module.is_empty() {
                name.clone()
            } else {
                format!("{module}::{name}")
            };
            walk(&path, &sub, out)?;
        } else if name.ends_with(".rs") && name != "mod.rs" && !module.is_empty() {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            if let Some(t) = source::read(&text, module)? {
                out.push(t);
            }
        }
    }
    Ok(())
}

fn run() -> Result<()> {
    let out_path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "daemon/api/schema/k8s-1.33.json.gz".into());
    let root = k8s_openapi_root()?;
    let mut files = Vec::new();
    walk(&root, "", &mut files)?;
    let by_path: BTreeMap<String, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.rust_path.clone(), i))
        .collect();

    let mut definitions = Map::new();
    for f in &files {
        let mut schema = f.schema.clone();
        resolve_refs(&mut schema, &files, &by_path)?;
        apply_strategies(&mut schema, f, &files, &by_path)?;
        if let Some((g, v, k)) = &f.gvk {
            set(
                &mut schema,
                "x-kubernetes-group-version-kind",
                json!([{"group": g, "kind": k, "version": v}]),
            );
        }
        definitions.insert(f.definition.clone(), schema);
    }
    for f in &files {
        if let (Some((g, v, _)), Some(list_kind)) = (&f.gvk, &f.list_kind) {
            let (name, def) = list_definition(&f.definition, g, v, list_kind);
            definitions.insert(name, def);
        }
    }
    overrides::apply(&mut definitions)?;

    let doc = json!({ "definitions": definitions });
    let (text, written) = write_gz(&out_path, &doc)?;
    let proto_path = Path::new(&out_path).with_file_name("k8s-1.33-proto.json.gz");
    let (proto_text, proto_written) = write_gz(
        &proto_path.display().to_string(),
        &json!({ "messages": proto::table(&files)? }),
    )?;
    eprintln!(
        "gen-openapi: {proto_text} bytes of JSON, {proto_written} gzip'd → {}",
        proto_path.display()
    );
    eprintln!(
        "gen-openapi: {} definitions from {}, {} bytes of JSON, {} gzip'd → {out_path}",
        definitions.len(),
        root.display(),
        text,
        written
    );
    Ok(())
}

/// Writes `doc` gzip'd (deterministically: no name, no time); returns the JSON and file sizes.
fn write_gz(path: &str, doc: &Value) -> Result<(usize, u64)> {
    let text = serde_json::to_vec(doc).map_err(|e| e.to_string())?;
    let file = std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?;
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    gz.write_all(&text).map_err(|e| e.to_string())?;
    gz.finish().map_err(|e| e.to_string())?;
    Ok((
        text.len(),
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    ))
}

fn set(schema: &mut Value, key: &str, value: Value) {
    if let Value::Object(m) = schema {
        m.insert(key.to_string(), value);
    }
}

/// `{"$ref": "rust:crate::api::core::v1::Pod"}` → `{"$ref": "#/definitions/io.k8s.api.core.v1.Pod"}`.
fn resolve_refs(
    v: &mut Value,
    files: &[TypeFile],
    by_path: &BTreeMap<String, usize>,
) -> Result<()> {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref")
                && let Some(path) = r.strip_prefix("rust:")
            {
                let i = by_path
                    .get(path)
                    .ok_or_else(|| format!("unknown type {path}"))?;
                *r = format!("#/definitions/{}", files[*i].definition);
            }
            for child in m.values_mut() {
                resolve_refs(child, files, by_path)?;
            }
        }
        Value::Array(a) => {
            for child in a {
                resolve_refs(child, files, by_path)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The type a `$ref` (already resolved) names.
fn referenced<'a>(schema: &Value, files: &'a [TypeFile]) -> Option<&'a TypeFile> {
    let name = schema
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/definitions/")?;
    files.iter().find(|f| f.definition == name)
}

/// A list-map key closure's Rust field path (`metadata.name`) as a wire path, walking the item type.
fn wire_key(item: &TypeFile, rust_key: &str, files: &[TypeFile]) -> Option<String> {
    let mut parts = Vec::new();
    let mut ty = item;
    let segments: Vec<&str> = rust_key.split('.').collect();
    for (i, seg) in segments.iter().enumerate() {
        let wire = ty.serde_names.get(*seg)?.clone();
        if i + 1 < segments.len() {
            let prop = ty.schema.get("properties")?.get(&wire)?;
            let path = prop.get("$ref")?.as_str()?.strip_prefix("rust:")?;
            ty = files.iter().find(|f| f.rust_path == path)?;
        }
        parts.push(wire);
    }
    Some(parts.join("."))
}

fn apply_strategies(
    schema: &mut Value,
    f: &TypeFile,
    files: &[TypeFile],
    _by_path: &BTreeMap<String, usize>,
) -> Result<()> {
    for (rust_field, strategy) in &f.strategies {
        let wire = f
            .serde_names
            .get(rust_field)
            .ok_or_else(|| format!("{}: no serde name for {rust_field}", f.definition))?;
        let prop = schema
            .get_mut("properties")
            .and_then(|p| p.get_mut(wire))
            .ok_or_else(|| format!("{}: no property {wire}", f.definition))?;
        match strategy {
            Strategy::ListAtomic => set(prop, "x-kubernetes-list-type", json!("atomic")),
            Strategy::ListSet => set(prop, "x-kubernetes-list-type", json!("set")),
            Strategy::ListMap(keys) => {
                let item = prop
                    .get("items")
                    .and_then(|i| referenced(i, files))
                    .ok_or_else(|| format!("{}.{wire}: list map of no known type", f.definition))?;
                let wire_keys = keys
                    .iter()
                    .map(|k| {
                        wire_key(item, k, files)
                            .ok_or_else(|| format!("{}.{wire}: key {k}", f.definition))
                    })
                    .collect::<Result<Vec<_>>>()?;
                set(prop, "x-kubernetes-list-type", json!("map"));
                set(prop, "x-kubernetes-list-map-keys", json!(wire_keys));
            }
            Strategy::MapAtomic => set(prop, "x-kubernetes-map-type", json!("atomic")),
            // Granular is the default for maps; upstream writes it only where a type says so.
            Strategy::MapGranular => {}
        }
    }
    Ok(())
}

/// `io.k8s.api.apps.v1.DeploymentList` for `io.k8s.api.apps.v1.Deployment`, as upstream writes it.
fn list_definition(item: &str, group: &str, version: &str, list_kind: &str) -> (String, Value) {
    let kind = item.rsplit('.').next().unwrap_or(item);
    let prefix = &item[..item.len() - kind.len()];
    let name = format!("{prefix}{list_kind}");
    let api_version = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
    let kind_doc = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
    let def = json!({
        "description": format!("{list_kind} is a list of {kind} objects."),
        "type": "object",
        "properties": {
            "apiVersion": {"description": api_version, "type": "string"},
            "items": {"description": format!("Items is the list of {kind} objects."), "type": "array", "items": {"$ref": format!("#/definitions/{item}")}},
            "kind": {"description": kind_doc, "type": "string"},
            "metadata": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta", "description": "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"},
        },
        "required": ["items"],
        "x-kubernetes-group-version-kind": [{"group": group, "kind": list_kind, "version": version}],
    });
    (name, def)
}
