//! `rkctl scale`: a merge patch of `spec.replicas` on the scale subresource, or with
//! `--current-replicas` a read-check-write of the Scale object (a precondition, as kubectl does).

use clap::Args;
use http::Method;
use serde_json::json;

use crate::client::{Ctx, with_query};
use crate::commands::get::{finish_errors, resolve_requests};
use crate::discovery::Discovery;
use crate::error::{Error, Result};

#[derive(Args, Debug, Clone)]
pub struct ScaleArgs {
    /// TYPE NAME | TYPE/NAME
    pub resources: Vec<String>,
    /// The new desired number of replicas.
    #[arg(long)]
    pub replicas: i64,
    /// Precondition for current size.
    #[arg(long, default_value_t = -1, allow_hyphen_values = true)]
    pub current_replicas: i64,
    /// Output format: name.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
}

pub async fn run(ctx: &Ctx, args: &ScaleArgs) -> Result<()> {
    if args.replicas < 0 {
        return Err(Error::Usage(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"
                .into(),
        ));
    }
    let mut discovery = Discovery::load(ctx).await?;
    let requests = resolve_requests(ctx, &mut discovery, &args.resources).await?;
    let mut errors = Vec::new();
    for req in requests {
        let ns = req.resource.namespaced.then_some(ctx.namespace.as_str());
        for name in &req.names {
            let path = format!("{}/scale", req.resource.object_path(ns, name));
            let outcome = if args.current_replicas >= 0 {
                match ctx.get_json(&path, "application/json").await {
                    Ok(mut scale) => {
                        let current = scale["spec"]["replicas"].as_i64().unwrap_or(0);
                        if current != args.current_replicas {
                            Err(Error::Usage(format!(
                                "Expected replicas to be {}, was {current}",
                                args.current_replicas
                            )))
                        } else {
                            scale["spec"]["replicas"] = json!(args.replicas);
                            ctx.send_json(Method::PUT, &path, "application/json", &scale)
                                .await
                                .map(|_| ())
                        }
                    }
                    Err(e) => Err(e),
                }
            } else {
                let patch = json!({"spec": {"replicas": args.replicas}});
                ctx.send_json(
                    Method::PATCH,
                    &with_query(&path, &[]),
                    "application/merge-patch+json",
                    &patch,
                )
                .await
                .map(|_| ())
            };
            match outcome {
                Ok(()) if args.output.as_deref() == Some("name") => {
                    crate::outln!("{}/{name}", req.resource.kind_prefix())
                }
                Ok(()) => crate::outln!("{}/{name} scaled", req.resource.kind_prefix()),
                Err(Error::Server(status)) if status.reason == "NotFound" => errors.push(
                    Error::Usage(format!("no objects passed to scale {}", status.message)),
                ),
                Err(e) => errors.push(e),
            }
        }
    }
    discovery.finish().await;
    finish_errors(errors)
}
