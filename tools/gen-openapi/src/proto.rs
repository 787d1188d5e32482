//! The protobuf wire layout of the Kubernetes types, read from k8s-pb 0.9's prost structs (their
//! field numbers and types, as upstream's `generated.proto` give them) and named with k8s-openapi's
//! wire (JSON) names, so the API server can turn a protobuf body into the same JSON a client would
//! have sent.
//!
//! Output, per message: `[tag, jsonName, type, repeated, target]` where `type` is a protobuf scalar
//! (`int32`, `int64`, `bool`, `string`, `bytes`, `double`), `message`, or `map` (then `target` is
//! `string`, `bytes` or a message name), and `target` names the message for `message`. A message is
//! named by its OpenAPI definition when it has one (`io.k8s.api.core.v1.Pod`), else by its proto
//! path (`api.core.v1.VolumeSource`): those are Go's inlined structs, whose fields appear in the
//! parent's JSON object — their field has an empty `jsonName`.

use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::source::TypeFile;

#[derive(Debug)]
struct Field {
    rust: String,
    tag: u32,
    kind: String,
    repeated: bool,
    /// Absolute module path of a message type, or the map value's type.
    target: String,
}

#[derive(Debug)]
struct Message {
    module: String,
    name: String,
    fields: Vec<Field>,
}

pub fn k8s_pb_root() -> Result<PathBuf, String> {
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|_| std::env::var("HOME").map(|h| Path::new(&h).join(".cargo")))
        .map_err(|_| "neither CARGO_HOME nor HOME is set".to_string())?;
    let src = home.join("registry/src");
    for entry in std::fs::read_dir(&src).map_err(|e| format!("{}: {e}", src.display()))? {
        let dir = entry
            .map_err(|e| e.to_string())?
            .path()
            .join("k8s-pb-0.9.0/src");
        if dir.is_dir() {
            return Ok(dir);
        }
    }
    Err(format!(
        "k8s-pb-0.9.0 not found under {} (fetch it once: `cargo fetch` in a project that depends on k8s-pb = \"0.9\")",
        src.display()
    ))
}

/// `super::super::core::v1::PodTemplateSpec` seen from module `api::apps::v1` → `api::core::v1::PodTemplateSpec`.
fn absolute(module: &str, path: &str) -> String {
    let mut parts: Vec<&str> = module.split("::").filter(|p| !p.is_empty()).collect();
    let mut rest = path.trim();
    while let Some(r) = rest.strip_prefix("super::") {
        parts.pop();
        rest = r;
    }
    if rest.contains("::") || parts.is_empty() {
        if parts.is_empty() {
            return rest.to_string();
        }
        return format!("{}::{rest}", parts.join("::"));
    }
    format!("{}::{rest}", parts.join("::"))
}

fn parse_file(text: &str, module: &str, out: &mut Vec<Message>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let mut current: Option<Message> = None;
    while i < lines.len() {
        let l = lines[i].trim();
        if let Some(rest) = l.strip_prefix("pub struct ") {
            if let Some(m) = current.take() {
                out.push(m);
            }
            let name = rest
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("")
                .to_string();
            current = Some(Message {
                module: module.to_string(),
                name,
                fields: Vec::new(),
            });
        } else if l.starts_with("pub mod ") || l.starts_with("pub enum ") || l.starts_with("impl ")
        {
            if let Some(m) = current.take() {
                out.push(m);
            }
        } else if let Some(attr) = l
            .strip_prefix("#[prost(")
            .and_then(|a| a.strip_suffix(")]"))
        {
            if let Some(m) = current.as_mut() {
                // The field declaration follows, possibly wrapped over several lines.
                let mut decl = String::new();
                let mut j = i + 1;
                while j < lines.len() {
                    decl.push_str(lines[j].trim());
                    decl.push(' ');
                    let balanced = decl.matches('<').count() == decl.matches('>').count();
                    if balanced && lines[j].trim_end().ends_with(',') {
                        break;
                    }
                    j += 1;
                }
                if let Some(f) = field(attr, &decl, module) {
                    m.fields.push(f);
                }
                i = j;
            }
        } else if l == "}"
            && let Some(m) = current.take()
        {
            out.push(m);
        }
        i += 1;
    }
    if let Some(m) = current.take() {
        out.push(m);
    }
}

fn field(attr: &str, decl: &str, module: &str) -> Option<Field> {
    let tag: u32 = attr
        .split("tag = \"")
        .nth(1)?
        .split('"')
        .next()?
        .parse()
        .ok()?;
    let decl = decl.trim().strip_prefix("pub ")?;
    let (rust, ty) = decl.split_once(':')?;
    let rust = rust.trim().trim_start_matches("r#").to_string();
    let ty = ty.trim().trim_end_matches(',').trim();
    let repeated = attr.contains("repeated");
    let first = attr.split(',').next()?.trim();
    let inner = |ty: &str| -> String {
        // Option<Box<T>> / Option<T> / Vec<T>: the innermost path.
        let mut t = ty.replace(' ', "");
        for wrapper in [
            "::core::option::Option<",
            "::prost::alloc::vec::Vec<",
            "::prost::alloc::boxed::Box<",
        ] {
            while let Some(r) = t.strip_prefix(wrapper) {
                t = r
                    .strip_suffix('>')
                    .unwrap_or(r)
                    .trim_end_matches(',')
                    .to_string();
            }
        }
        t
    };
    if let Some(map) = attr.strip_prefix("btree_map = \"") {
        let value_kind = map.split('"').next()?.split(',').nth(1)?.trim().to_string();
        let target = if value_kind == "message" {
            // BTreeMap<String, T>
            let t = ty.replace(' ', "");
            let inner = t.split_once("BTreeMap<")?.1.trim_end_matches(['>', ',']);
            let v = inner.split_once(',')?.1.trim_end_matches(',');
            absolute(module, v)
        } else {
            value_kind
        };
        return Some(Field {
            rust,
            tag,
            kind: "map".into(),
            repeated: false,
            target,
        });
    }
    let kind = match first {
        "message" => "message",
        "string" => "string",
        "int32" => "int32",
        "int64" => "int64",
        "bool" => "bool",
        "double" => "double",
        "float" => "float",
        f if f.starts_with("bytes") => "bytes",
        _ => return None,
    };
    let target = if kind == "message" {
        absolute(module, &inner(ty))
    } else {
        String::new()
    };
    Some(Field {
        rust,
        tag,
        kind: kind.into(),
        repeated,
        target,
    })
}

fn walk(dir: &Path, module: &str, out: &mut Vec<Message>) -> Result<(), String> {
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
                name
            } else {
                format!("{module}::{name}")
            };
            walk(&path, &sub, out)?;
        } else if name == "mod.rs" && !module.is_empty() {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            parse_file(&text, module, out);
        }
    }
    Ok(())
}

/// The table, keyed by message name, for every k8s-pb message.
pub fn table(files: &[TypeFile]) -> Result<Value, String> {
    let root = k8s_pb_root()?;
    let mut messages = Vec::new();
    walk(&root, "", &mut messages)?;
    // k8s-pb spells acronyms as prost does (`NfsVolumeSource`), k8s-openapi as Go does
    // (`NFSVolumeSource`): types are matched without regard to case.
    let by_rust: BTreeMap<String, &TypeFile> = files
        .iter()
        .map(|f| (f.rust_path.trim_start_matches("crate::").to_lowercase(), f))
        .collect();
    let by_rust_get = |p: &str| by_rust.get(&p.to_lowercase()).copied();
    let path_of = |m: &Message| format!("{}::{}", m.module, m.name);
    let name_of = |path: &str| -> String {
        match by_rust_get(path) {
            Some(f) => f.definition.clone(),
            None => path.replace("::", "."),
        }
    };
    // Inlined messages take their JSON names from the definition that inlines them. A message
    // field with no JSON name is Go's inlined struct only if the parent's JSON object has the
    // message's fields; otherwise it is a field newer than k8s-openapi 1.33, left out.
    let fields_of: BTreeMap<String, &Message> = messages.iter().map(|m| (path_of(m), m)).collect();
    let mut inlined_into: BTreeMap<String, &TypeFile> = BTreeMap::new();
    for m in &messages {
        let Some(def) = by_rust_get(&path_of(m)) else {
            continue;
        };
        for f in &m.fields {
            let named = def.serde_names.contains_key(&f.rust)
                || def.serde_names.contains_key(&format!("{}_", f.rust));
            let spread = fields_of.get(&f.target).is_some_and(|inner| {
                inner.fields.iter().any(|g| {
                    def.serde_names.contains_key(&g.rust)
                        || def.serde_names.contains_key(&format!("{}_", g.rust))
                })
            });
            if f.kind == "message" && !named && by_rust_get(&f.target).is_none() && spread {
                inlined_into.insert(f.target.clone(), def);
            }
        }
    }
    let mut out = Map::new();
    let mut unnamed = Vec::new();
    for m in &messages {
        let path = path_of(m);
        let names = by_rust_get(&path).or_else(|| inlined_into.get(&path).copied());
        let mut rows = Vec::new();
        for f in &m.fields {
            // prost writes keywords raw (`r#type`), k8s-openapi with a trailing underscore (`type_`).
            let serde = names.and_then(|d| {
                d.serde_names
                    .get(&f.rust)
                    .or_else(|| d.serde_names.get(&format!("{}_", f.rust)))
            });
            let json_name = match serde {
                Some(n) => n.clone(),
                None if f.kind == "message" && inlined_into.contains_key(&f.target) => {
                    String::new()
                }
                None => {
                    unnamed.push(format!("{path}.{}", f.rust));
                    continue;
                }
            };
            let target = match f.kind.as_str() {
                "message" => name_of(&f.target),
                "map" if f.target.contains("::") => name_of(&f.target),
                _ => f.target.clone(),
            };
            rows.push(json!([f.tag, json_name, f.kind, f.repeated, target]));
        }
        out.insert(name_of(&path), Value::Array(rows));
    }
    eprintln!(
        "gen-openapi: {} protobuf messages; {} fields with no JSON name skipped (types k8s-openapi 1.33 lacks)",
        out.len(),
        unnamed.len()
    );
    Ok(Value::Object(out))
}
