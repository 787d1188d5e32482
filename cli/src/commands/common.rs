//! Pieces the mutating commands share: resolving `TYPE NAME` / `TYPE/NAME` arguments to objects,
//! sending a patch, and printing an outcome the way kubectl's printers do (`-o name|yaml|json|
//! jsonpath=…`, otherwise `kind.group/name verb`).

use http::Method;
use serde_json::Value;

use crate::client::{Ctx, with_query};
use crate::commands::get::{name_prefix, resolve_requests};
use crate::discovery::{ApiResource, Discovery};
use crate::error::{Error, Result};
use crate::output::{json as json_out, jsonpath, yaml};

/// One object a command acts on.
#[derive(Debug, Clone)]
pub struct Target {
    pub resource: ApiResource,
    pub namespace: Option<String>,
    pub name: String,
}

impl Target {
    pub fn path(&self) -> String {
        self.resource
            .object_path(self.namespace.as_deref(), &self.name)
    }
    pub fn prefix(&self) -> String {
        self.resource.kind_prefix()
    }
}

/// `TYPE NAME…` or `TYPE/NAME…` → the objects, in order; an error when no name was given.
pub async fn targets(ctx: &Ctx, args: &[String]) -> Result<Vec<Target>> {
    if args.is_empty() {
        return Err(Error::Usage(
            "You must provide one or more resources by argument or filename.".into(),
        ));
    }
    let mut discovery = Discovery::load(ctx).await?;
    let requests = resolve_requests(ctx, &mut discovery, args).await;
    discovery.finish().await;
    let mut out = Vec::new();
    for req in requests? {
        if req.names.is_empty() {
            return Err(Error::Usage(
                "resource(s) were provided, but no name was specified".into(),
            ));
        }
        let namespace = req.resource.namespaced.then(|| ctx.namespace.clone());
        for name in req.names {
            out.push(Target {
                resource: req.resource.clone(),
                namespace: namespace.clone(),
                name,
            });
        }
    }
    Ok(out)
}

/// Lists the objects of one resource matching a label selector (namespaced ones in `ns`).
pub async fn list(
    ctx: &Ctx,
    resource: &ApiResource,
    ns: Option<&str>,
    params: &[(&str, String)],
) -> Result<Vec<Value>> {
    let ns = if resource.namespaced { ns } else { None };
    let list = ctx
        .get_json(
            &with_query(&resource.collection_path(ns), params),
            "application/json",
        )
        .await?;
    Ok(match list.get("items") {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    })
}

/// The content type of kubectl's `--type` names.
pub fn patch_content_type(kind: &str) -> Result<&'static str> {
    match kind {
        "strategic" => Ok("application/strategic-merge-patch+json"),
        "merge" => Ok("application/merge-patch+json"),
        "json" => Ok("application/json-patch+json"),
        other => Err(Error::Usage(format!(
            "--type must be one of [json merge strategic], not \"{other}\""
        ))),
    }
}

/// PATCHes one object and answers the patched object.
pub async fn patch(
    ctx: &Ctx,
    path: &str,
    content_type: &str,
    body: &Value,
    manager: &str,
) -> Result<Value> {
    ctx.send_json(
        Method::PATCH,
        &with_query(path, &[("fieldManager", manager.to_string())]),
        content_type,
        body,
    )
    .await
}

/// Prints an outcome: with `-o`, the object in that format; otherwise `prefix/name verb`.
pub fn print(
    output: Option<&str>,
    object: &Value,
    prefix: &str,
    name: &str,
    verb: &str,
) -> Result<()> {
    let text = render(output, object, prefix, name, verb)?;
    crate::output::stdout(&text);
    Ok(())
}

/// The text [`print`] writes.
pub fn render(
    output: Option<&str>,
    object: &Value,
    prefix: &str,
    name: &str,
    verb: &str,
) -> Result<String> {
    let prefix = if prefix.is_empty() {
        name_prefix(object)
    } else {
        prefix.to_string()
    };
    let Some(o) = output.filter(|o| !o.is_empty()) else {
        return Ok(format!("{prefix}/{name} {verb}\n"));
    };
    let (kind, arg) = o.split_once('=').unwrap_or((o, ""));
    Ok(match kind {
        "name" => format!("{prefix}/{name}\n"),
        "yaml" => yaml::to_string(object),
        "json" => json_out::to_string(object),
        "jsonpath" => jsonpath::Template::parse(arg)
            .map_err(|e| Error::Usage(format!("error parsing jsonpath {arg}, {e}")))?
            .execute(object),
        _ => {
            return Err(Error::Usage(format!(
                "unable to match a printer suitable for the output format \"{o}\", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml"
            )));
        }
    })
}

/// The suffix kubectl adds to its messages for a dry run.
pub fn dry_run_suffix(dry_run: &str) -> &'static str {
    match dry_run {
        "server" => " (server dry run)",
        "client" => " (dry run)",
        _ => "",
    }
}

/// Checks a `--dry-run` value the way kubectl does.
pub fn check_dry_run(dry_run: &str) -> Result<()> {
    match dry_run {
        "none" | "client" | "server" => Ok(()),
        other => Err(Error::Usage(format!(
            "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
        ))),
    }
}

/// A workload's pod selector as a label-selector query (`matchLabels` and `matchExpressions`,
/// or a plain map as Services and ReplicationControllers have).
pub fn selector_query(selector: &Value) -> Option<String> {
    let map = selector.as_object()?;
    let mut parts = Vec::new();
    let structured = map.contains_key("matchLabels") || map.contains_key("matchExpressions");
    let labels = if structured {
        selector["matchLabels"].as_object()
    } else {
        Some(map)
    };
    for (k, v) in labels.into_iter().flatten() {
        parts.push(format!("{k}={}", v.as_str().unwrap_or_default()));
    }
    for e in selector["matchExpressions"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let key = e["key"].as_str().unwrap_or_default();
        let values: Vec<&str> = e["values"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        parts.push(match e["operator"].as_str().unwrap_or_default() {
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            "Exists" => key.to_string(),
            _ => format!("!{key}"),
        });
    }
    (!parts.is_empty()).then(|| parts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn outcomes_print_as_kind_group_name_verb_or_in_the_asked_format() {
        let o = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}});
        assert_eq!(
            render(None, &o, "", "web", "patched").unwrap(),
            "deployment.apps/web patched\n"
        );
        assert_eq!(
            render(Some("name"), &o, "", "web", "patched").unwrap(),
            "deployment.apps/web\n"
        );
        assert_eq!(
            render(Some("jsonpath={.kind}"), &o, "", "web", "x").unwrap(),
            "Deployment"
        );
        assert!(render(Some("bogus"), &o, "", "web", "x").is_err());
    }

    #[test]
    fn patch_types_map_to_their_content_types() {
        assert_eq!(
            patch_content_type("json").unwrap(),
            "application/json-patch+json"
        );
        assert!(patch_content_type("xml").is_err());
    }
}
