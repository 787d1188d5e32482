//! `rkctl label` and `rkctl annotate`: `KEY=VALUE` sets, `KEY-` removes, `--overwrite` to
//! change an existing value; sent as a JSON merge patch as kubectl does.

use clap::Args;
use http::Method;
use serde_json::{Map, Value, json};

use crate::client::{Ctx, with_query};
use crate::commands::get::{finish_errors, resolve_requests};
use crate::discovery::Discovery;
use crate::error::{Error, Result};

#[derive(Args, Debug, Clone)]
pub struct LabelArgs {
    /// TYPE NAME KEY_1=VAL_1 ... KEY_N=VAL_N | TYPE/NAME KEY=VAL ... | KEY-
    pub args: Vec<String>,
    /// If true, allow labels/annotations to be overwritten.
    #[arg(long)]
    pub overwrite: bool,
    /// Select all resources, in the namespace of the specified resource types.
    #[arg(long)]
    pub all: bool,
    /// Selector (label query) to filter on.
    #[arg(short = 'l', long)]
    pub selector: Option<String>,
    /// Output format: name.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
}

/// Which metadata map the command edits.
#[derive(Clone, Copy)]
pub enum Which {
    Labels,
    Annotations,
}

impl Which {
    fn field(self) -> &'static str {
        match self {
            Which::Labels => "labels",
            Which::Annotations => "annotations",
        }
    }
    fn past(self) -> &'static str {
        match self {
            Which::Labels => "labeled",
            Which::Annotations => "annotated",
        }
    }
}

pub async fn run(ctx: &Ctx, args: &LabelArgs, which: Which) -> Result<()> {
    let split = args
        .args
        .iter()
        .position(|a| a.contains('=') || (a.ends_with('-') && !a.contains('/')))
        .unwrap_or(args.args.len());
    let (targets, changes) = args.args.split_at(split);
    if changes.is_empty() {
        return Err(Error::Usage(format!(
            "at least one {} update is required",
            match which {
                Which::Labels => "label",
                Which::Annotations => "annotation",
            }
        )));
    }
    let mut set = Map::new();
    let mut remove = Vec::new();
    for c in changes {
        if let Some((k, v)) = c.split_once('=') {
            set.insert(k.to_string(), Value::String(v.to_string()));
        } else if let Some(k) = c.strip_suffix('-') {
            remove.push(k.to_string());
        }
    }
    let mut discovery = Discovery::load(ctx).await?;
    let requests = resolve_requests(ctx, &mut discovery, targets).await?;
    let mut errors = Vec::new();
    for req in requests {
        let ns = req.resource.namespaced.then_some(ctx.namespace.as_str());
        let mut names = req.names.clone();
        if names.is_empty() {
            let mut params = Vec::new();
            if let Some(l) = &args.selector {
                params.push(("labelSelector", l.clone()));
            } else if !args.all {
                return Err(Error::Usage(
                    "resource(s) were provided, but no name was specified".into(),
                ));
            }
            let list = ctx
                .get_json(
                    &with_query(&req.resource.collection_path(ns), &params),
                    "application/json",
                )
                .await?;
            names = list["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| i["metadata"]["name"].as_str().map(str::to_string))
                .collect();
        }
        for name in names {
            let path = req.resource.object_path(ns, &name);
            let current = match ctx.get_json(&path, "application/json").await {
                Ok(c) => c,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let existing = &current["metadata"][which.field()];
            let mut patch_map = Map::new();
            let mut failed = false;
            for (k, v) in &set {
                if let Some(old) = existing[k].as_str()
                    && !args.overwrite
                    && Some(old) != v.as_str()
                {
                    errors.push(Error::Usage(format!(
                        "'{k}' already has a value ({old}), and --overwrite is false"
                    )));
                    failed = true;
                    break;
                }
                patch_map.insert(k.clone(), v.clone());
            }
            if failed {
                continue;
            }
            for k in &remove {
                if existing.get(k).is_some() {
                    patch_map.insert(k.clone(), Value::Null);
                } else if matches!(which, Which::Labels) {
                    crate::outln!("label {k:?} not found.");
                }
            }
            let unchanged = patch_map.iter().all(|(k, v)| existing.get(k) == Some(v))
                && remove.iter().all(|k| existing.get(k).is_none());
            let prefix = req.resource.kind_prefix();
            if !unchanged {
                let patch = json!({"metadata": {which.field(): patch_map}});
                let params = [(
                    "fieldManager",
                    format!(
                        "kubectl-{}",
                        match which {
                            Which::Labels => "label",
                            Which::Annotations => "annotate",
                        }
                    ),
                )];
                if let Err(e) = ctx
                    .send_json(
                        Method::PATCH,
                        &with_query(&path, &params),
                        "application/merge-patch+json",
                        &patch,
                    )
                    .await
                {
                    errors.push(e);
                    continue;
                }
            }
            if args.output.as_deref() == Some("name") {
                crate::outln!("{prefix}/{name}");
            } else if unchanged && matches!(which, Which::Labels) {
                crate::outln!("{prefix}/{name} not labeled");
            } else if set.is_empty() && matches!(which, Which::Labels) {
                crate::outln!("{prefix}/{name} unlabeled");
            } else {
                crate::outln!("{prefix}/{name} {}", which.past());
            }
        }
    }
    discovery.finish().await;
    finish_errors(errors)
}
