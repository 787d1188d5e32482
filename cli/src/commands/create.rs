//! `rkctl create -f` and `rkctl replace -f [--force]`: each manifest object POSTed (or PUT) to
//! its resource, reported as kubectl does (`pod/x created`), errors naming their source file.

use clap::Args;
use http::Method;
use serde_json::Value;

use crate::client::{Ctx, with_query};
use crate::commands::get::finish_errors;
use crate::discovery::{ApiResource, Discovery};
use crate::error::{Error, Result};
use crate::manifest::{self, Manifest};

#[derive(Args, Debug, Clone)]
pub struct FileArgs {
    /// Filename, directory, or URL to files to use.
    #[arg(short = 'f', long = "filename", required = true)]
    pub filenames: Vec<String>,
    /// Process the directory used in -f, --filename recursively.
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// Must be "none", "server", or "client".
    #[arg(long, default_value = "none", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: String,
    /// Output format: name.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
    /// Name of the manager used to track field ownership.
    #[arg(long)]
    pub field_manager: Option<String>,
    /// Validation: strict (default), warn, ignore, true, false.
    #[arg(long, default_value = "strict", num_args = 0..=1, default_missing_value = "strict")]
    pub validate: String,
}

/// `create -f FILE` or `create <kind> NAME …` (a generator).
#[derive(Args, Debug, Clone)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CreateArgs {
    #[command(subcommand)]
    pub what: Option<crate::commands::generate::CreateCommand>,
    #[command(flatten)]
    pub files: FileArgs,
}

#[derive(Args, Debug, Clone)]
pub struct ReplaceArgs {
    #[command(flatten)]
    pub files: FileArgs,
    /// Delete and re-create the resource.
    #[arg(long)]
    pub force: bool,
}

/// Where a manifest object goes: its resource, namespace and name.
pub struct Target {
    pub resource: ApiResource,
    pub namespace: Option<String>,
    pub name: String,
}

/// Resolves an object's resource and namespace the way kubectl does for `-f`.
pub async fn target(ctx: &Ctx, discovery: &mut Discovery, m: &Manifest) -> Result<Target> {
    let api_version = m.object["apiVersion"].as_str().unwrap_or_default();
    let kind = m.object["kind"].as_str().unwrap_or_default();
    if kind.is_empty() || api_version.is_empty() {
        return Err(Error::Usage(format!(
            "error validating \"{}\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false",
            m.source
        )));
    }
    let resource = discovery.for_kind(ctx, api_version, kind).await?;
    let name = m.object["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let namespace = if resource.namespaced {
        let own = m.object["metadata"]["namespace"]
            .as_str()
            .filter(|s| !s.is_empty());
        if let (Some(own), Some(flag)) = (own, ctx.flags.namespace.as_deref())
            && own != flag
        {
            return Err(Error::Usage(format!(
                "the namespace from the provided object \"{own}\" does not match the namespace \"{flag}\". You must pass '--namespace={own}' to perform this operation."
            )));
        }
        Some(own.unwrap_or(&ctx.namespace).to_string())
    } else {
        None
    };
    Ok(Target {
        resource,
        namespace,
        name,
    })
}

/// kubectl's `AddSourceToErr`: `error when creating "f.yaml": …`.
pub fn with_source(err: Error, verb: &str, source: &str) -> Error {
    match err {
        Error::Server(mut status) if status.reason != "Invalid" || status.details.is_none() => {
            status.message = format!("error when {verb} \"{source}\": {}", status.message);
            Error::Server(status)
        }
        other => other,
    }
}

fn validation_param(v: &str) -> Option<&'static str> {
    match v {
        "strict" | "true" => Some("Strict"),
        "warn" => Some("Warn"),
        "ignore" | "false" => Some("Ignore"),
        _ => None,
    }
}

fn dry_run_suffix(dry_run: &str) -> &'static str {
    match dry_run {
        "server" => " (server dry run)",
        "client" => " (dry run)",
        _ => "",
    }
}

pub async fn create(ctx: &Ctx, args: &FileArgs) -> Result<()> {
    let manifests = manifest::read(&args.filenames, args.recursive)?;
    let mut discovery = Discovery::load(ctx).await?;
    let mut errors = Vec::new();
    for m in &manifests {
        let t = match target(ctx, &mut discovery, m).await {
            Ok(t) => t,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let prefix = t.resource.kind_prefix();
        if args.dry_run == "client" {
            report(args, &prefix, &t.name, "created", " (dry run)");
            continue;
        }
        let mut params = vec![(
            "fieldManager",
            args.field_manager
                .clone()
                .unwrap_or_else(|| "kubectl-create".into()),
        )];
        if let Some(v) = validation_param(&args.validate) {
            params.push(("fieldValidation", v.to_string()));
        }
        if args.dry_run == "server" {
            params.push(("dryRun", "All".into()));
        }
        let path = with_query(&t.resource.collection_path(t.namespace.as_deref()), &params);
        match ctx
            .send_json(Method::POST, &path, "application/json", &m.object)
            .await
        {
            Ok(created) => {
                let name = created["metadata"]["name"].as_str().unwrap_or(&t.name);
                report(
                    args,
                    &prefix,
                    name,
                    "created",
                    dry_run_suffix(&args.dry_run),
                );
            }
            Err(e) => errors.push(with_source(e, "creating", &m.source)),
        }
    }
    discovery.finish().await;
    finish_errors(errors)
}

fn report(args: &FileArgs, prefix: &str, name: &str, verb: &str, suffix: &str) {
    if args.output.as_deref() == Some("name") {
        crate::outln!("{prefix}/{name}");
    } else {
        crate::outln!("{prefix}/{name} {verb}{suffix}");
    }
}

pub async fn replace(ctx: &Ctx, args: &ReplaceArgs) -> Result<()> {
    let manifests = manifest::read(&args.files.filenames, args.files.recursive)?;
    let mut discovery = Discovery::load(ctx).await?;
    let mut errors = Vec::new();
    for m in &manifests {
        let t = match target(ctx, &mut discovery, m).await {
            Ok(t) => t,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let prefix = t.resource.kind_prefix();
        let path = t.resource.object_path(t.namespace.as_deref(), &t.name);
        let mut object = m.object.clone();
        let outcome: Result<()> = async {
            if args.force {
                crate::commands::delete::delete_and_wait(
                    ctx,
                    &t.resource,
                    t.namespace.as_deref(),
                    &t.name,
                    &Value::Null,
                )
                .await?;
                crate::outln!("{prefix} \"{}\" deleted", t.name);
                let post = with_query(
                    &t.resource.collection_path(t.namespace.as_deref()),
                    &[("fieldManager", "kubectl-replace".into())],
                );
                ctx.send_json(Method::POST, &post, "application/json", &object)
                    .await?;
                crate::outln!("{prefix}/{} replaced", t.name);
                return Ok(());
            }
            if object["metadata"]["resourceVersion"]
                .as_str()
                .unwrap_or_default()
                .is_empty()
            {
                let current = ctx.get_json(&path, "application/json").await?;
                object["metadata"]["resourceVersion"] =
                    current["metadata"]["resourceVersion"].clone();
            }
            let mut params = vec![("fieldManager", "kubectl-replace".to_string())];
            if let Some(v) = validation_param(&args.files.validate) {
                params.push(("fieldValidation", v.to_string()));
            }
            ctx.send_json(
                Method::PUT,
                &with_query(&path, &params),
                "application/json",
                &object,
            )
            .await?;
            crate::outln!("{prefix}/{} replaced", t.name);
            Ok(())
        }
        .await;
        if let Err(e) = outcome {
            errors.push(with_source(e, "replacing", &m.source));
        }
    }
    discovery.finish().await;
    finish_errors(errors)
}
