//! `rkctl patch`: a strategic merge (default), JSON merge or JSON patch sent to each named
//! object (or subresource), printed as kubectl does (`… patched`, `… patched (no change)`).

use clap::Args;
use serde_json::Value;

use crate::client::{Ctx, with_query};
use crate::commands::common::{self, Target};
use crate::commands::get::finish_errors;
use crate::error::{Error, Result};

#[derive(Args, Debug, Clone)]
pub struct PatchArgs {
    /// (TYPE NAME | TYPE/NAME)
    pub resources: Vec<String>,
    /// The patch to be applied to the resource JSON file.
    #[arg(short = 'p', long)]
    pub patch: Option<String>,
    /// A file containing a patch to be applied to the resource.
    #[arg(long)]
    pub patch_file: Option<String>,
    /// The type of patch being provided; one of [json merge strategic].
    #[arg(long = "type", default_value = "strategic")]
    pub kind: String,
    /// Output format.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
    /// Must be "none", "server", or "client".
    #[arg(long, default_value = "none", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: String,
    /// If specified, patch will operate on the subresource of the requested object.
    #[arg(long)]
    pub subresource: Option<String>,
    /// Name of the manager used to track field ownership.
    #[arg(long, default_value = "kubectl-patch")]
    pub field_manager: String,
}

/// Reads the patch text from `-p` or `--patch-file`, as YAML or JSON.
pub fn patch_body(patch: Option<&str>, file: Option<&str>) -> Result<Value> {
    let text = match (patch, file) {
        (Some(p), None) => p.to_string(),
        (None, Some(f)) => std::fs::read_to_string(f).map_err(|source| Error::Io {
            context: format!("unable to read patch file {f}"),
            source,
        })?,
        (Some(_), Some(_)) => {
            return Err(Error::Usage(
                "--patch and --patch-file are mutually exclusive".into(),
            ));
        }
        (None, None) => {
            return Err(Error::Usage(
                "must specify --patch or --patch-file containing the contents of the patch".into(),
            ));
        }
    };
    let parsed: std::result::Result<Value, String> = serde_json::from_str(&text)
        .or_else(|_| serde_saphyr::from_str::<Value>(&text).map_err(|e| e.to_string()));
    parsed.map_err(|e| Error::Usage(format!("unable to parse \"{}\": {e}", text.trim_end())))
}

pub async fn run(ctx: &Ctx, args: &PatchArgs) -> Result<()> {
    let content_type = common::patch_content_type(&args.kind)?;
    common::check_dry_run(&args.dry_run)?;
    let body = patch_body(args.patch.as_deref(), args.patch_file.as_deref())?;
    let targets = common::targets(ctx, &args.resources).await?;
    let mut errors = Vec::new();
    for t in targets {
        if let Err(e) = patch_one(ctx, args, content_type, &body, &t).await {
            errors.push(e);
        }
    }
    finish_errors(errors)
}

async fn patch_one(
    ctx: &Ctx,
    args: &PatchArgs,
    content_type: &str,
    body: &Value,
    t: &Target,
) -> Result<()> {
    let mut path = t.path();
    if let Some(sub) = &args.subresource {
        path = format!("{path}/{sub}");
    }
    let before = ctx.get_json(&path, "application/json").await?;
    let mut params = vec![("fieldManager", args.field_manager.clone())];
    if args.dry_run != "none" {
        params.push(("dryRun", "All".into()));
    }
    let after = ctx
        .send_json(
            http::Method::PATCH,
            &with_query(&path, &params),
            content_type,
            body,
        )
        .await?;
    let changed = before["metadata"]["resourceVersion"] != after["metadata"]["resourceVersion"]
        || args.dry_run != "none" && before != after;
    let verb = if changed || args.dry_run != "none" {
        format!("patched{}", common::dry_run_suffix(&args.dry_run))
    } else {
        "patched (no change)".to_string()
    };
    common::print(args.output.as_deref(), &after, &t.prefix(), &t.name, &verb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patches_are_read_as_json_or_yaml_and_one_source_is_required() {
        let v = patch_body(Some(r#"{"spec":{"replicas":2}}"#), None).unwrap();
        assert_eq!(v["spec"]["replicas"], 2);
        let v = patch_body(Some("spec:\n  paused: true\n"), None).unwrap();
        assert_eq!(v["spec"]["paused"], true);
        let e = patch_body(None, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: must specify --patch or --patch-file containing the contents of the patch"
        );
    }
}
