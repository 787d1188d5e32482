//! Reads one k8s-openapi generated type file: its definition name, Rust type path, serde field
//! names, schemars schema, `DeepMerge` merge strategies, and `Resource` impl.

use crate::schema_macro::Parser;
use serde_json::Value;
use std::collections::BTreeMap;

/// How k8s-openapi's `DeepMerge` merges one field.
#[derive(Debug, Clone, PartialEq)]
pub enum Strategy {
    ListAtomic,
    ListSet,
    /// `list::map` with its key closures, as serde field paths (e.g. `["name"]`).
    ListMap(Vec<String>),
    MapAtomic,
    MapGranular,
}

#[derive(Debug)]
pub struct TypeFile {
    pub definition: String,
    pub rust_path: String,
    pub schema: Value,
    /// Rust field name → serde (wire) name.
    pub serde_names: BTreeMap<String, String>,
    /// Rust field name → strategy, with list-map keys still as Rust field paths.
    pub strategies: Vec<(String, Strategy)>,
    /// (group, version, kind) of a top-level kind.
    pub gvk: Option<(String, String, String)>,
    pub list_kind: Option<String>,
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

fn const_str(body: &str, name: &str) -> Option<String> {
    let pat = format!("const {name}: &'static str = \"");
    between(body, &pat, "\"").map(str::to_string)
}

/// `module` is the file's module path below the version root, e.g. `api::apps::v1`.
pub fn read(text: &str, module: &str) -> Result<Option<TypeFile>, String> {
    let Some(definition) = between(text, "// Generated from definition ", "\n") else {
        return Ok(None);
    };
    let definition = definition.trim().to_string();
    let ident = text
        .lines()
        .find_map(|l| {
            let l = l.trim_start();
            l.strip_prefix("pub struct ")
                .or_else(|| l.strip_prefix("pub enum "))
        })
        .map(|rest| {
            rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("")
        })
        .ok_or_else(|| format!("{definition}: no type"))?
        .to_string();
    let rust_path = format!("crate::{module}::{ident}");

    let schema = match text.find("crate::schemars::json_schema!(") {
        Some(i) => {
            let body = &text[i + "crate::schemars::json_schema!(".len()..];
            Parser::new(body)
                .value()
                .map_err(|e| format!("{definition}: {e}"))?
        }
        None => return Err(format!("{definition}: no schema")),
    };

    let mut serde_names = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some((lhs, rhs)) = line.split_once(" => Field::Key_")
            && let Some(wire) = lhs.strip_prefix('"').and_then(|s| s.strip_suffix('"'))
        {
            let rust = rhs.trim_end_matches(',');
            serde_names.insert(rust.to_string(), wire.to_string());
        }
    }

    let strategies = merge_strategies(text);

    let mut gvk = None;
    if let Some(i) = text.find(&format!("impl crate::Resource for {ident} ")) {
        let body = &text[i..];
        let body = &body[..body.find("\n}").unwrap_or(body.len())];
        if let (Some(g), Some(v), Some(k)) = (
            const_str(body, "GROUP"),
            const_str(body, "VERSION"),
            const_str(body, "KIND"),
        ) {
            gvk = Some((g, v, k));
        }
    }
    let list_kind = text
        .find(&format!("impl crate::ListableResource for {ident} "))
        .and_then(|i| const_str(&text[i..], "LIST_KIND"));

    Ok(Some(TypeFile {
        definition,
        rust_path,
        schema,
        serde_names,
        strategies,
        gvk,
        list_kind,
    }))
}

/// The `DeepMerge` impl's per-field strategies.
fn merge_strategies(text: &str) -> Vec<(String, Strategy)> {
    let Some(start) = text.find("impl crate::DeepMerge for") else {
        return Vec::new();
    };
    let body = &text[start..];
    let body = &body[..body.find("\n}\n").unwrap_or(body.len())];
    let lines: Vec<&str> = body.lines().map(str::trim).collect();
    let mut out = Vec::new();
    let field_of = |s: &str| -> Option<String> {
        let s = s.strip_prefix("&mut self.")?;
        Some(s.split([',', ')']).next()?.to_string())
    };
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        let simple = [
            (
                "crate::merge_strategies::list::atomic(",
                Strategy::ListAtomic,
            ),
            ("crate::merge_strategies::list::set(", Strategy::ListSet),
            ("crate::merge_strategies::map::atomic(", Strategy::MapAtomic),
            (
                "crate::merge_strategies::map::granular(",
                Strategy::MapGranular,
            ),
        ];
        for (prefix, strategy) in simple {
            if let Some(rest) = l.strip_prefix(prefix)
                && let Some(f) = field_of(rest)
            {
                out.push((f, strategy));
            }
        }
        if l == "crate::merge_strategies::list::map(" {
            let field = lines.get(i + 1).and_then(|s| field_of(s));
            let keys_line = lines.get(i + 3).copied().unwrap_or("");
            let keys: Vec<String> = keys_line
                .split("|lhs, rhs| lhs.")
                .skip(1)
                .filter_map(|k| k.split(" == ").next().map(str::to_string))
                .collect();
            if let Some(f) = field {
                out.push((f, Strategy::ListMap(keys)));
            }
            i += 3;
        }
        i += 1;
    }
    out
}
