//! `rkctl explain TYPE[.FIELD…]`: a resource's or field's documentation from the server's
//! `/openapi/v3` document for its group version, in kubectl's plain-text layout.

use clap::Args;
use serde_json::Value;

use crate::client::Ctx;
use crate::discovery::Discovery;
use crate::error::{Error, Result};

#[derive(Args, Debug, Clone)]
pub struct ExplainArgs {
    /// TYPE[.FIELD…], e.g. pods.spec.containers
    pub target: String,
    /// Use the given api-version (group/version) of the resource.
    #[arg(long)]
    pub api_version: Option<String>,
}

pub async fn run(ctx: &Ctx, args: &ExplainArgs) -> Result<()> {
    let mut parts = args.target.split('.');
    let typed = parts.next().unwrap_or_default().to_string();
    let fields: Vec<String> = parts.map(str::to_string).collect();
    let mut discovery = Discovery::load(ctx).await?;
    // kubectl's explain words an unknown type without its usual `error: ` prefix.
    let resource = match discovery.resolve(ctx, &typed).await {
        Ok(r) => r,
        Err(Error::UnknownResource(t)) => {
            return Err(Error::Plain(format!(
                "the server doesn't have a resource type \"{t}\""
            )));
        }
        Err(e) => return Err(e),
    };
    discovery.finish().await;
    let gv = if resource.group.is_empty() {
        format!("api/{}", resource.version)
    } else {
        format!("apis/{}/{}", resource.group, resource.version)
    };
    let index = ctx.get_json("/openapi/v3", "application/json").await?;
    let url = index["paths"][&gv]["serverRelativeURL"]
        .as_str()
        .ok_or_else(|| {
            Error::Usage(format!(
                "couldn't find resource for \"{}\"",
                resource.qualified_plural()
            ))
        })?
        .to_string();
    let doc = ctx.get_json(&url, "application/json").await?;
    let schemas = &doc["components"]["schemas"];
    let Some((_, root)) = schemas.as_object().into_iter().flatten().find(|(_, s)| {
        s["x-kubernetes-group-version-kind"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|g| {
                g["group"] == resource.group.as_str()
                    && g["version"] == resource.version.as_str()
                    && g["kind"] == resource.kind.as_str()
            })
    }) else {
        return Err(Error::Usage(format!(
            "couldn't find resource for \"{}\"",
            resource.qualified_plural()
        )));
    };
    // Walk the field path: each step is the field's own schema and the type it refers to.
    let mut node = root.clone();
    let mut field_schema: Option<Value> = None;
    for f in &fields {
        let target = deref(schemas, &element(&node));
        let Some(prop) = target["properties"].get(f) else {
            // kubectl prints the header before it finds the field missing.
            crate::out!("{}", header(&resource));
            return Err(Error::Usage(format!("field \"{f}\" does not exist")));
        };
        field_schema = Some(prop.clone());
        node = prop.clone();
    }
    let mut out = header(&resource);
    let mut description: Vec<String> = Vec::new();
    if let (Some(f), Some(name)) = (&field_schema, fields.last()) {
        out.push_str(&format!("FIELD: {name} <{}>\n\n\n", type_name(schemas, f)));
        if let Some(d) = f["description"].as_str() {
            description.push(d.to_string());
        }
        let referenced = deref(schemas, &element(f));
        if let Some(d) = referenced["description"]
            .as_str()
            .filter(|_| has_ref(&element(f)))
        {
            description.push(d.to_string());
        }
    } else if let Some(d) = root["description"].as_str() {
        description.push(d.to_string());
    }
    out.push_str("DESCRIPTION:\n");
    for d in &description {
        out.push_str(&wrap(d, 76, "    "));
    }
    out.push_str("    \n");
    let target = deref(schemas, &element(&node));
    match target["properties"].as_object().filter(|p| !p.is_empty()) {
        Some(props) => {
            out.push_str("FIELDS:\n");
            let required: Vec<&str> = target["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let mut names: Vec<&String> = props.keys().collect();
            names.sort();
            for n in names {
                let p = &props[n.as_str()];
                let req = if required.contains(&n.as_str()) {
                    " -required-"
                } else {
                    ""
                };
                out.push_str(&format!("  {n}\t<{}>{req}\n", type_name(schemas, p)));
                if let Some(d) = p["description"].as_str() {
                    out.push_str(&wrap(d, 76, "    "));
                }
                out.push('\n');
            }
            out.push('\n');
        }
        None => out.push('\n'),
    }
    crate::out!("{out}");
    Ok(())
}

fn header(resource: &crate::discovery::ApiResource) -> String {
    let mut out = String::new();
    if !resource.group.is_empty() {
        out.push_str(&format!("GROUP:      {}\n", resource.group));
    }
    out.push_str(&format!(
        "KIND:       {}\nVERSION:    {}\n\n",
        resource.kind, resource.version
    ));
    out
}

fn has_ref(s: &Value) -> bool {
    s.get("$ref").is_some() || s["allOf"][0].get("$ref").is_some()
}

/// The schema a field's values have (array items and map values unwrapped).
fn element(s: &Value) -> Value {
    let s = if s["allOf"].is_array() {
        s["allOf"][0].clone()
    } else {
        s.clone()
    };
    if s["type"] == "array" {
        return element(&s["items"]);
    }
    if let Some(ap) = s.get("additionalProperties").filter(|a| a.is_object()) {
        return element(ap);
    }
    s
}

fn deref(schemas: &Value, s: &Value) -> Value {
    match s["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        Some(name) => schemas[name].clone(),
        None => s.clone(),
    }
}

fn type_name(schemas: &Value, s: &Value) -> String {
    let s = if s["allOf"].is_array() {
        &s["allOf"][0]
    } else {
        s
    };
    if let Some(r) = s["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap_or(r);
        // A reference to a primitive (Time, Quantity as string) reads as that primitive.
        if let Some(t) = schemas[name]["type"]
            .as_str()
            .filter(|t| *t != "object" && *t != "array")
        {
            return t.to_string();
        }
        return name.rsplit('.').next().unwrap_or(name).to_string();
    }
    match s["type"].as_str() {
        Some("array") => format!("[]{}", type_name(schemas, &s["items"])),
        Some("object") => match s.get("additionalProperties").filter(|a| a.is_object()) {
            Some(ap) => format!("map[string]{}", type_name(schemas, ap)),
            None => "Object".to_string(),
        },
        Some(t) => t.to_string(),
        None => "Object".to_string(),
    }
}

/// go-wordwrap's `WrapString` on each line of `text` (runs of spaces kept unless a line breaks
/// there), each output line prefixed by `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        let mut current = String::new();
        let mut spaces = 0usize;
        let mut word = String::new();
        let flush_word =
            |current: &mut String, spaces: &mut usize, word: &mut String, out: &mut String| {
                if word.is_empty() {
                    return;
                }
                let len = current.chars().count();
                if len + *spaces + word.chars().count() > width && len > 0 {
                    out.push_str(&format!("{indent}{current}\n"));
                    current.clear();
                } else {
                    current.push_str(&" ".repeat(*spaces));
                }
                current.push_str(word);
                word.clear();
                *spaces = 0;
            };
        for c in line.chars() {
            if c == ' ' {
                flush_word(&mut current, &mut spaces, &mut word, &mut out);
                spaces += 1;
            } else {
                word.push(c);
            }
        }
        flush_word(&mut current, &mut spaces, &mut word, &mut out);
        out.push_str(&format!("{indent}{current}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_wrap_at_seventy_six_columns_after_the_indent() {
        let text = "word ".repeat(20);
        let out = wrap(text.trim(), 76, "    ");
        let first = out.lines().next().unwrap();
        assert!(first.len() <= 80 && first.len() > 70, "{out}");
    }
}
