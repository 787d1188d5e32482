//! `rkctl apply -f`: client-side apply as kubectl does it — the configuration is kept in the
//! `kubectl.kubernetes.io/last-applied-configuration` annotation, a missing object is created,
//! an existing one gets the three-way strategic merge patch (last applied → new configuration,
//! live object) from rk-api's patch engine, nothing when nothing changed; or `--server-side`
//! (an apply patch the server merges, with `--field-manager` and `--force-conflicts`).

use clap::Args;
use http::Method;
use serde_json::Value;

use crate::client::{Ctx, with_query};
use crate::commands::create::{target, with_source};
use crate::commands::get::finish_errors;
use crate::discovery::Discovery;
use crate::error::{Error, Result};
use crate::manifest;
use crate::output::json as json_out;

/// The annotation client-side apply keeps the applied configuration in.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

#[derive(Args, Debug, Clone)]
pub struct ApplyArgs {
    /// The files that contain the configurations to apply (`-` for stdin).
    #[arg(short = 'f', long = "filename", required = true)]
    pub filenames: Vec<String>,
    /// Process the directory used in -f, --filename recursively.
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// If true, apply runs in the server instead of the client.
    #[arg(long)]
    pub server_side: bool,
    /// If true, server-side apply will force the changes against conflicts.
    #[arg(long)]
    pub force_conflicts: bool,
    /// Name of the manager used to track field ownership.
    #[arg(long)]
    pub field_manager: Option<String>,
    /// Must be "none", "server", or "client".
    #[arg(long, default_value = "none", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: String,
    /// Output format: name.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
    /// Validation: strict (default), warn, ignore.
    #[arg(long, default_value = "strict", num_args = 0..=1, default_missing_value = "strict")]
    pub validate: String,
    /// Wait until every applied workload has converged, showing its progress and events (rk).
    #[arg(long)]
    pub wait: bool,
    /// With --wait: how long to wait (e.g. 30s, 5m).
    #[arg(long, default_value = "5m")]
    pub timeout: String,
}

pub async fn run(ctx: &Ctx, args: &ApplyArgs) -> Result<()> {
    let manifests = manifest::read(&args.filenames, args.recursive)?;
    if manifests.is_empty() {
        return Err(Error::Usage("no objects passed to apply".into()));
    }
    let mut discovery = Discovery::load(ctx).await?;
    let mut errors = Vec::new();
    let mut applied = Vec::new();
    let since = crate::output::describe::now_rfc3339();
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
        let suffix = match args.dry_run.as_str() {
            "server" => " (server dry run)",
            "client" => " (dry run)",
            _ => "",
        };
        let mut params: Vec<(&str, String)> = Vec::new();
        if args.dry_run == "server" {
            params.push(("dryRun", "All".into()));
        }
        let outcome: Result<&str> = async {
            if args.server_side {
                params.push((
                    "fieldManager",
                    args.field_manager
                        .clone()
                        .unwrap_or_else(|| "kubectl".into()),
                ));
                params.push(("force", args.force_conflicts.to_string()));
                if args.validate != "ignore" && args.validate != "false" {
                    params.push(("fieldValidation", "Strict".into()));
                }
                if args.dry_run != "client" {
                    ctx.send_json(
                        Method::PATCH,
                        &with_query(&path, &params),
                        "application/apply-patch+yaml",
                        &m.object,
                    )
                    .await?;
                }
                return Ok("serverside-applied");
            }
            client_side(ctx, args, &t, &path, &m.object, params).await
        }
        .await;
        if outcome.is_ok() {
            applied.push(crate::commands::apply_wait::Applied {
                resource: t.resource.clone(),
                namespace: t.namespace.clone(),
                name: t.name.clone(),
            });
        }
        match outcome {
            Ok(verb) if args.output.as_deref() == Some("name") => {
                let _ = verb;
                crate::outln!("{prefix}/{}", t.name)
            }
            Ok(verb) => crate::outln!("{prefix}/{} {verb}{suffix}", t.name),
            Err(e) => errors.push(with_source(
                e,
                if args.server_side {
                    "patching"
                } else {
                    "applying"
                },
                &m.source,
            )),
        }
    }
    discovery.finish().await;
    if args.wait && args.dry_run == "none" && errors.is_empty() {
        let timeout = crate::commands::rollout::parse_duration(&args.timeout)?;
        return crate::commands::apply_wait::wait(ctx, &applied, timeout, &since).await;
    }
    finish_errors(errors)
}

/// The object as applied: the configuration (in its namespace, as kubectl fills it in) plus its
/// own JSON in the last-applied annotation.
fn annotated(config: &Value, namespace: Option<&str>) -> Value {
    let mut out = config.clone();
    if let (Some(ns), Some(meta)) = (namespace, out["metadata"].as_object_mut()) {
        meta.entry("namespace")
            .or_insert_with(|| Value::String(ns.to_string()));
    }
    if !out["metadata"]["annotations"].is_object() {
        out["metadata"]["annotations"] = Value::Object(Default::default());
    }
    if let Some(a) = out["metadata"]["annotations"].as_object_mut() {
        a.remove(LAST_APPLIED);
    }
    let text = format!("{}\n", json_out::compact(&out));
    out["metadata"]["annotations"][LAST_APPLIED] = Value::String(text);
    out
}

async fn client_side(
    ctx: &Ctx,
    args: &ApplyArgs,
    t: &crate::commands::create::Target,
    path: &str,
    config: &Value,
    mut params: Vec<(&str, String)>,
) -> Result<&'static str> {
    let modified = annotated(config, t.namespace.as_deref());
    let current = match ctx.get_json(path, "application/json").await {
        Ok(c) => c,
        Err(e) if e.reason() == Some("NotFound") => {
            if args.dry_run == "client" {
                return Ok("created");
            }
            params.push((
                "fieldManager",
                args.field_manager
                    .clone()
                    .unwrap_or_else(|| "kubectl-client-side-apply".into()),
            ));
            params.push(("fieldValidation", "Strict".into()));
            let collection = t.resource.collection_path(t.namespace.as_deref());
            ctx.send_json(
                Method::POST,
                &with_query(&collection, &params),
                "application/json",
                &modified,
            )
            .await?;
            return Ok("created");
        }
        Err(e) => return Err(e),
    };
    let original: Value = current["metadata"]["annotations"][LAST_APPLIED]
        .as_str()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null);
    let schema =
        rk_api::patch::Schema::served(&t.resource.group, &t.resource.version, &t.resource.kind);
    let patch = rk_api::patch::three_way::three_way(&original, &modified, &current, schema)
        .map_err(|e| Error::Usage(format!("creating patch: {e}")))?;
    if patch.as_object().is_none_or(|p| p.is_empty()) {
        return Ok("unchanged");
    }
    if args.dry_run == "client" {
        return Ok("configured");
    }
    params.push((
        "fieldManager",
        args.field_manager
            .clone()
            .unwrap_or_else(|| "kubectl-client-side-apply".into()),
    ));
    params.push(("fieldValidation", "Strict".into()));
    ctx.send_json(
        Method::PATCH,
        &with_query(path, &params),
        "application/strategic-merge-patch+json",
        &patch,
    )
    .await?;
    Ok("configured")
}
