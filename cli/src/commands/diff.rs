//! `rkctl diff -f FILE`: what `apply` would change, as kubectl computes it — each object's live
//! state beside the server's dry-run of the apply (a dry-run create for a new object, the
//! three-way strategic merge patch with `dryRun=All` for an existing one, or a dry-run
//! server-side apply with `--server-side`), both written as YAML without managedFields (Secret
//! values masked) into `LIVE-*` and `MERGED-*` directories, compared by `diff -u -N` or
//! `KUBECTL_EXTERNAL_DIFF`. Exit 0: no differences; 1: differences; above 1: an error.

use std::path::{Path, PathBuf};

use clap::Args;
use http::Method;
use serde_json::Value;

use crate::client::{Ctx, with_query};
use crate::commands::create::target;
use crate::commands::get::strip_managed_fields;
use crate::discovery::Discovery;
use crate::error::{Error, Result};
use crate::manifest;
use crate::commands::apply::LAST_APPLIED;
use crate::output::yaml;


#[derive(Args, Debug, Clone)]
pub struct DiffArgs {
    /// Filename, directory, or URL to files contains the configuration to diff.
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
}

pub async fn run(ctx: &Ctx, args: &DiffArgs) -> Result<()> {
    let manifests = manifest::read(&args.filenames, args.recursive).map_err(fail)?;
    let live_dir = temp_dir("LIVE").map_err(fail)?;
    let merged_dir = temp_dir("MERGED").map_err(fail)?;
    let outcome = async {
        let mut discovery = Discovery::load(ctx).await?;
        for m in &manifests {
            let t = target(ctx, &mut discovery, m).await?;
            let r = &t.resource;
            let ns = t.namespace.clone().unwrap_or_default();
            let group = if r.group.is_empty() {
                String::new()
            } else {
                format!("{}.", r.group)
            };
            let file = format!("{group}{}.{}.{ns}.{}", r.version, r.kind, t.name);
            let path = r.object_path(t.namespace.as_deref(), &t.name);
            let live = match ctx.get_json(&path, "application/json").await {
                Ok(v) => Some(v),
                Err(e) if e.reason() == Some("NotFound") => None,
                Err(e) => return Err(e),
            };
            let mut local = m.object.clone();
            if let (Some(n), Some(meta)) = (&t.namespace, local["metadata"].as_object_mut()) {
                meta.entry("namespace")
                    .or_insert_with(|| Value::String(n.clone()));
            }
            let mut merged = if args.server_side {
                let params = [
                    ("dryRun", "All".to_string()),
                    (
                        "fieldManager",
                        args.field_manager
                            .clone()
                            .unwrap_or_else(|| "kubectl".into()),
                    ),
                    ("force", args.force_conflicts.to_string()),
                ];
                ctx.send_json(
                    Method::PATCH,
                    &with_query(&path, &params),
                    "application/apply-patch+yaml",
                    &local,
                )
                .await?
            } else {
                match &live {
                    None => {
                        let collection = r.collection_path(t.namespace.as_deref());
                        ctx.send_json(
                            Method::POST,
                            &with_query(&collection, &[("dryRun", "All".into())]),
                            "application/json",
                            &local,
                        )
                        .await?
                    }
                    Some(current) => {
                        dry_run_patch(ctx, args, &t.resource, &path, &local, current).await?
                    }
                }
            };
            let mut live = live;
            if let Some(l) = live.as_mut() {
                strip_managed_fields(l);
            }
            strip_managed_fields(&mut merged);
            if r.kind == "Secret" && r.group.is_empty() {
                mask_secrets(live.as_mut(), &mut merged);
            }
            match &live {
                Some(l) => write(&live_dir.join(&file), &yaml::to_string(l))?,
                // kubectl's masker turns a missing Secret into an empty (null) object.
                None if r.kind == "Secret" && r.group.is_empty() => {
                    write(&live_dir.join(&file), "null\n")?
                }
                None => {}
            }
            write(&merged_dir.join(&file), &yaml::to_string(&merged))?;
        }
        discovery.finish().await;
        run_diff(&live_dir, &merged_dir)
    }
    .await;
    let _ = std::fs::remove_dir_all(&live_dir);
    let _ = std::fs::remove_dir_all(&merged_dir);
    outcome.map_err(fail)
}

/// kubectl's client-side apply patch, sent with `dryRun=All`; no change answers the live object.
async fn dry_run_patch(
    ctx: &Ctx,
    args: &DiffArgs,
    resource: &crate::discovery::ApiResource,
    path: &str,
    local: &Value,
    current: &Value,
) -> Result<Value> {
    // As kubectl's GetModifiedConfiguration: annotations present (maybe empty), without ours.
    let mut modified = local.clone();
    if !modified["metadata"]["annotations"].is_object() {
        modified["metadata"]["annotations"] = Value::Object(Default::default());
    }
    if let Some(a) = modified["metadata"]["annotations"].as_object_mut() {
        a.remove(LAST_APPLIED);
    }
    let original: Value = current["metadata"]["annotations"][LAST_APPLIED]
        .as_str()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null);
    let schema = rk_api::patch::Schema::served(&resource.group, &resource.version, &resource.kind);
    let patch = rk_api::patch::three_way::three_way(&original, &modified, current, schema)
        .map_err(|e| Error::Usage(format!("creating patch: {e}")))?;
    if patch.as_object().is_none_or(|p| p.is_empty()) {
        return Ok(current.clone());
    }
    let manager = args
        .field_manager
        .clone()
        .unwrap_or_else(|| "kubectl-client-side-apply".into());
    ctx.send_json(
        Method::PATCH,
        &with_query(path, &[("dryRun", "All".into()), ("fieldManager", manager)]),
        "application/strategic-merge-patch+json",
        &patch,
    )
    .await
}

/// Secret values as kubectl's masker shows them: `*** (before)` and `*** (after)` for a key
/// on both sides whose value changes, `***` for everything else.
fn mask_secrets(live: Option<&mut Value>, merged: &mut Value) {
    let before = live
        .as_ref()
        .map(|l| l["data"].clone())
        .unwrap_or(Value::Null);
    let after = merged["data"].clone();
    let changed = |k: &str| matches!((before.get(k), after.get(k)), (Some(b), Some(a)) if a != b);
    if let Some(data) = live.and_then(|l| l["data"].as_object_mut()) {
        for (k, v) in data.iter_mut() {
            *v = Value::String(if changed(k) { "*** (before)" } else { "***" }.into());
        }
    }
    if let Some(data) = merged["data"].as_object_mut() {
        for (k, v) in data.iter_mut() {
            *v = Value::String(if changed(k) { "*** (after)" } else { "***" }.into());
        }
    }
}

/// Runs the diff program on the two directories; its exit code becomes ours.
fn run_diff(live: &Path, merged: &Path) -> Result<()> {
    let mut argv: Vec<String> = vec!["diff".into(), "-u".into(), "-N".into()];
    if let Ok(external) = std::env::var("KUBECTL_EXTERNAL_DIFF")
        && !external.trim().is_empty()
    {
        let mut words = external.split_whitespace();
        argv = words.next().map(str::to_string).into_iter().collect();
        for w in words {
            if !w
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '=')
            {
                return Err(Error::Usage(format!(
                    "arguments in KUBECTL_EXTERNAL_DIFF must match ^[a-zA-Z0-9-=]+$: {w:?}"
                )));
            }
            argv.push(w.to_string());
        }
    }
    let status = std::process::Command::new(&argv[0])
        .args(&argv[1..])
        .arg(live)
        .arg(merged)
        .status()
        .map_err(|source| Error::Io {
            context: format!("running {:?}", argv[0]),
            source,
        })?;
    match status.code() {
        Some(0) => Ok(()),
        Some(code) => Err(Error::Silent(u8::try_from(code).unwrap_or(2))),
        None => Err(Error::Silent(2)),
    }
}

/// kubectl exits above 1 for its own failures so that 1 keeps meaning "differences found".
fn fail(e: Error) -> Error {
    match e {
        Error::Silent(_) => e,
        other => {
            eprintln!("{other}");
            Error::Silent(2)
        }
    }
}

fn temp_dir(prefix: &str) -> Result<PathBuf> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("{prefix}-{}{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        context: format!("creating {}", dir.display()),
        source,
    })?;
    Ok(dir)
}

fn write(file: &Path, text: &str) -> Result<()> {
    std::fs::write(file, text).map_err(|source| Error::Io {
        context: format!("writing {}", file.display()),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secret_values_are_masked_and_marked_when_they_change() {
        let mut live = json!({"data": {"a": "MQ==", "b": "Mg=="}});
        let mut merged = json!({"data": {"a": "MQ==", "b": "Mw==", "c": "NA=="}});
        mask_secrets(Some(&mut live), &mut merged);
        assert_eq!(live, json!({"data": {"a": "***", "b": "*** (before)"}}));
        assert_eq!(
            merged,
            json!({"data": {"a": "***", "b": "*** (after)", "c": "***"}})
        );
    }
}
