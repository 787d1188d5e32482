//! Reading manifests as kubectl does for `-f`: files, directories (`-R` to descend), `-` for
//! stdin; multi-document YAML or JSON; `List` kinds expanded to their items.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};

/// One object and where it came from (kubectl names the source in its errors).
pub struct Manifest {
    pub source: String,
    pub object: Value,
}

/// Every object in the given `-f` arguments, in order.
pub fn read(filenames: &[String], recursive: bool) -> Result<Vec<Manifest>> {
    let mut out = Vec::new();
    for name in filenames {
        if name == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|source| {
                Error::Io {
                    context: "reading stdin".into(),
                    source,
                }
            })?;
            parse_into("STDIN", &text, &mut out)?;
            continue;
        }
        let path = PathBuf::from(name);
        if path.is_dir() {
            let mut files = Vec::new();
            walk(&path, recursive, &mut files)?;
            for f in files {
                read_file(&f, &mut out)?;
            }
        } else if path.exists() {
            read_file(&path, &mut out)?;
        } else {
            return Err(Error::Usage(format!("the path \"{name}\" does not exist")));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, recursive: bool, files: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| Error::Io {
            context: format!("reading {}", dir.display()),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if recursive {
                walk(&p, recursive, files)?;
            }
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        {
            files.push(p);
        }
    }
    Ok(())
}

fn read_file(path: &Path, out: &mut Vec<Manifest>) -> Result<()> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        context: format!("reading {}", path.display()),
        source,
    })?;
    parse_into(&path.display().to_string(), &text, out)
}

/// Parses YAML (one or more documents) or JSON text.
pub fn parse_into(source: &str, text: &str, out: &mut Vec<Manifest>) -> Result<()> {
    let docs: Vec<Value> = if text.trim_start().starts_with('{') {
        vec![
            serde_json::from_str(text)
                .map_err(|e| Error::Decode(format!("error parsing {source}: {e}")))?,
        ]
    } else {
        serde_saphyr::from_multiple(text)
            .map_err(|e| Error::Decode(format!("error parsing {source}: {e}")))?
    };
    for doc in docs {
        if doc.is_null() {
            continue;
        }
        expand(source, doc, out);
    }
    Ok(())
}

fn expand(source: &str, mut doc: Value, out: &mut Vec<Manifest>) {
    let is_list =
        doc["kind"].as_str().is_some_and(|k| k.ends_with("List")) && doc["items"].is_array();
    if is_list {
        if let Value::Array(items) = doc["items"].take() {
            for item in items {
                expand(source, item, out);
            }
        }
        return;
    }
    out.push(Manifest {
        source: source.to_string(),
        object: doc,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_document_yaml_and_lists_yield_every_object() {
        let mut out = Vec::new();
        parse_into(
            "f.yaml",
            "kind: Pod\nmetadata: {name: a}\n---\n---\nkind: List\nitems:\n- {kind: Pod, metadata: {name: b}}\n",
            &mut out,
        )
        .unwrap();
        let names: Vec<&str> = out
            .iter()
            .map(|m| m.object["metadata"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["a", "b"]);
    }
}
