//! `rkctl delete`: by type and name, `TYPE/NAME`, `-f`, `-l` or `--all`, with kubectl's
//! propagation (`--cascade`), `--grace-period`, `--force`, and `--wait` for the objects to go.

use std::time::Duration;

use clap::Args;
use http::Method;
use serde_json::{Value, json};

use crate::client::{Ctx, with_query};
use crate::commands::get::{finish_errors, resolve_requests};
use crate::discovery::{ApiResource, Discovery};
use crate::error::{Error, Result};
use crate::manifest;

#[derive(Args, Debug, Clone)]
pub struct DeleteArgs {
    /// TYPE NAME... | TYPE/NAME...
    pub resources: Vec<String>,
    /// Filename, directory, or URL to files containing the resources to delete.
    #[arg(short = 'f', long = "filename")]
    pub filenames: Vec<String>,
    /// Process the directory used in -f, --filename recursively.
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// Selector (label query) to filter on.
    #[arg(short = 'l', long)]
    pub selector: Option<String>,
    /// Selector (field query) to filter on.
    #[arg(long)]
    pub field_selector: Option<String>,
    /// Delete all resources, in the namespace of the specified resource types.
    #[arg(long)]
    pub all: bool,
    /// If present, list the requested object(s) across all namespaces.
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
    /// "background", "orphan", or "foreground" (true = background, false = orphan).
    #[arg(long, default_value = "background", num_args = 0..=1, default_missing_value = "background")]
    pub cascade: String,
    /// Period of time in seconds given to the resource to terminate gracefully (-1: default).
    #[arg(long, default_value_t = -1, allow_hyphen_values = true)]
    pub grace_period: i64,
    /// If true, immediately remove resources from API and bypass graceful deletion.
    #[arg(long)]
    pub force: bool,
    /// If true, resources are signaled for immediate shutdown (same as --grace-period=1).
    #[arg(long)]
    pub now: bool,
    /// If true, wait for resources to be gone before returning.
    #[arg(long, default_value = "true", num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub wait: bool,
    /// Treat "resource not found" as a successful delete.
    #[arg(long)]
    pub ignore_not_found: bool,
    /// Output mode: name.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
    /// The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object.
    #[arg(long)]
    pub timeout: Option<String>,
}

/// kubectl's DeleteOptions body for the flags.
fn delete_options(args: &DeleteArgs) -> Result<Value> {
    let policy = match args.cascade.as_str() {
        "background" | "true" => "Background",
        "foreground" => "Foreground",
        "orphan" | "false" => "Orphan",
        other => {
            return Err(Error::Usage(format!(
                "invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
            )));
        }
    };
    let mut body =
        json!({"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": policy});
    let grace = if args.now {
        1
    } else if args.force && args.grace_period < 0 {
        0
    } else {
        args.grace_period
    };
    if grace >= 0 {
        body["gracePeriodSeconds"] = json!(grace);
    }
    Ok(body)
}

pub async fn run(ctx: &Ctx, args: &DeleteArgs) -> Result<()> {
    let body = delete_options(args)?;
    if args.force && body["gracePeriodSeconds"] == 0 {
        eprintln!(
            "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely."
        );
    }
    let mut discovery = Discovery::load(ctx).await?;
    // (resource, namespace, name) of each object to delete.
    let mut targets: Vec<(ApiResource, Option<String>, String)> = Vec::new();
    let mut errors = Vec::new();
    if !args.filenames.is_empty() {
        for m in manifest::read(&args.filenames, args.recursive)? {
            let t = crate::commands::create::target(ctx, &mut discovery, &m).await?;
            targets.push((t.resource, t.namespace, t.name));
        }
    } else {
        if args.resources.is_empty() {
            return Err(Error::Usage(
                "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'".into(),
            ));
        }
        let requests = resolve_requests(ctx, &mut discovery, &args.resources).await?;
        for req in requests {
            let ns = req.resource.namespaced.then(|| ctx.namespace.clone());
            if !req.names.is_empty() {
                for n in req.names {
                    targets.push((req.resource.clone(), ns.clone(), n));
                }
                continue;
            }
            if args.selector.is_none() && args.field_selector.is_none() && !args.all {
                return Err(Error::Usage(
                    "resource(s) were provided, but no name was specified".into(),
                ));
            }
            let mut params = Vec::new();
            if let Some(l) = &args.selector {
                params.push(("labelSelector", l.clone()));
            }
            if let Some(f) = &args.field_selector {
                params.push(("fieldSelector", f.clone()));
            }
            let list_ns = if args.all_namespaces {
                None
            } else {
                ns.as_deref()
            };
            let path = with_query(&req.resource.collection_path(list_ns), &params);
            let list = ctx.get_json(&path, "application/json").await?;
            for item in list["items"].as_array().into_iter().flatten() {
                let name = item["metadata"]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                let item_ns = item["metadata"]["namespace"].as_str().map(str::to_string);
                targets.push((req.resource.clone(), item_ns.or(ns.clone()), name));
            }
        }
        if targets.is_empty() {
            if !args.ignore_not_found {
                eprintln!("No resources found");
            }
            discovery.finish().await;
            return Ok(());
        }
    }
    let mut deleted = Vec::new();
    for (resource, ns, name) in &targets {
        let path = resource.object_path(ns.as_deref(), name);
        match ctx
            .send_json(Method::DELETE, &path, "application/json", &body)
            .await
        {
            Ok(_) => {
                if args.output.as_deref() == Some("name") {
                    crate::outln!("{}/{name}", resource.kind_prefix());
                } else {
                    crate::outln!("{} \"{name}\" deleted", resource.kind_prefix());
                }
                deleted.push((resource, ns, name));
            }
            Err(e) if args.ignore_not_found && e.reason() == Some("NotFound") => {}
            Err(e) => errors.push(e),
        }
    }
    if args.wait && body["gracePeriodSeconds"] != 0 {
        for (resource, ns, name) in deleted {
            wait_gone(ctx, resource, ns.as_deref(), name).await?;
        }
    }
    discovery.finish().await;
    finish_errors(errors)
}

/// Deletes one object and waits until the server no longer has it.
pub async fn delete_and_wait(
    ctx: &Ctx,
    resource: &ApiResource,
    ns: Option<&str>,
    name: &str,
    body: &Value,
) -> Result<()> {
    let body = if body.is_null() {
        json!({"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Background"})
    } else {
        body.clone()
    };
    ctx.send_json(
        Method::DELETE,
        &resource.object_path(ns, name),
        "application/json",
        &body,
    )
    .await?;
    wait_gone(ctx, resource, ns, name).await
}

/// Polls until GET answers NotFound (kubectl watches; the outcome is the same).
async fn wait_gone(ctx: &Ctx, resource: &ApiResource, ns: Option<&str>, name: &str) -> Result<()> {
    let path = resource.object_path(ns, name);
    let mut delay = Duration::from_millis(50);
    loop {
        match ctx.get_json(&path, "application/json").await {
            Err(e) if e.reason() == Some("NotFound") => return Ok(()),
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(1));
    }
}
