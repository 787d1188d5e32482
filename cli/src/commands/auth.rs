//! `rkctl auth can-i` and `rkctl auth whoami` (self-subject reviews), and `rkctl cluster-info`.

use clap::{Args, Subcommand};
use http::Method;
use serde_json::{Value, json};

use crate::client::{Ctx, with_query};
use crate::discovery::Discovery;
use crate::error::{Error, Result};
use crate::output::{json as json_out, tabwriter, yaml};

#[derive(Subcommand, Debug, Clone)]
pub enum AuthCommand {
    /// Check whether an action is allowed.
    #[command(
        after_help = "Examples:\n  rkctl auth can-i create pods --all-namespaces\n  rkctl auth can-i list deployments.apps\n  rkctl auth can-i get /logs/"
    )]
    CanI(CanIArgs),
    /// Check self subject attributes.
    Whoami {
        /// Output format: json or yaml.
        #[arg(short = 'o', long)]
        output: Option<String>,
    },
}

#[derive(Args, Debug, Clone)]
pub struct CanIArgs {
    /// VERB [TYPE | TYPE/NAME | NONRESOURCEURL] [NAME]
    pub args: Vec<String>,
    /// If true, check the specified action in all namespaces.
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
    /// If true, suppress output and just return the exit code.
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// SubResource such as pod/log or deployment/scale.
    #[arg(long)]
    pub subresource: Option<String>,
}

pub async fn run(ctx: &Ctx, cmd: &AuthCommand) -> Result<()> {
    match cmd {
        AuthCommand::Whoami { output } => whoami(ctx, output.as_deref()).await,
        AuthCommand::CanI(a) => can_i(ctx, a).await,
    }
}

async fn whoami(ctx: &Ctx, output: Option<&str>) -> Result<()> {
    let body = json!({"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview", "metadata": {"creationTimestamp": null}, "status": {"userInfo": {}}});
    let review = ctx
        .send_json(
            Method::POST,
            "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            "application/json",
            &body,
        )
        .await?;
    match output {
        // kubectl prints the typed review: Go struct field order.
        Some("json") => crate::out!(
            "{}",
            json_out::to_string_ordered(
                &review,
                &[
                    "kind",
                    "apiVersion",
                    "metadata",
                    "status",
                    "userInfo",
                    "username",
                    "uid",
                    "groups",
                    "extra"
                ]
            )
        ),
        Some("yaml") => crate::out!("{}", yaml::to_string(&review)),
        _ => {
            let info = &review["status"]["userInfo"];
            let mut lines = vec!["ATTRIBUTE\tVALUE".to_string()];
            if let Some(u) = info["username"].as_str() {
                lines.push(format!("Username\t{u}"));
            }
            if let Some(u) = info["uid"].as_str() {
                lines.push(format!("UID\t{u}"));
            }
            let groups: Vec<&str> = info["groups"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            if !groups.is_empty() {
                lines.push(format!("Groups\t[{}]", groups.join(" ")));
            }
            if let Some(extra) = info["extra"].as_object() {
                let mut keys: Vec<&String> = extra.keys().collect();
                keys.sort();
                for k in keys {
                    let vals: Vec<&str> = extra[k.as_str()]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    lines.push(format!("Extra: {k}\t[{}]", vals.join(" ")));
                }
            }
            crate::out!("{}", tabwriter::align(&lines));
        }
    }
    Ok(())
}

async fn can_i(ctx: &Ctx, a: &CanIArgs) -> Result<()> {
    let Some(verb) = a.args.first() else {
        return Err(Error::Usage(
            "you must specify two or three arguments: verb, resource, and optional resourceName"
                .into(),
        ));
    };
    let target = a.args.get(1).cloned().unwrap_or_default();
    let spec = if target.starts_with('/') {
        json!({"nonResourceAttributes": {"path": target, "verb": verb}})
    } else {
        let (typed, mut name) = match target.split_once('/') {
            Some((t, n)) => (t.to_string(), n.to_string()),
            None => (target.clone(), String::new()),
        };
        if let Some(n) = a.args.get(2) {
            name = n.clone();
        }
        let mut discovery = Discovery::load(ctx).await?;
        let (group, resource) = if typed == "*" {
            ("*".to_string(), "*".to_string())
        } else {
            match discovery.resolve(ctx, &typed).await {
                Ok(r) => (r.group, r.resource),
                Err(_) => {
                    eprintln!("Warning: the server doesn't have a resource type '{typed}'\n");
                    let (res, group) = typed.split_once('.').unwrap_or((&typed, ""));
                    (group.to_string(), res.to_string())
                }
            }
        };
        discovery.finish().await;
        let namespace = if a.all_namespaces {
            String::new()
        } else {
            ctx.namespace.clone()
        };
        json!({"resourceAttributes": {
            "namespace": namespace, "verb": verb, "group": group, "resource": resource,
            "subresource": a.subresource.clone().unwrap_or_default(), "name": name,
        }})
    };
    let body = json!({"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview", "metadata": {"creationTimestamp": null}, "spec": spec, "status": {"allowed": false}});
    let review = ctx
        .send_json(
            Method::POST,
            "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            "application/json",
            &body,
        )
        .await?;
    let allowed = review["status"]["allowed"] == true;
    if !a.quiet {
        crate::outln!("{}", if allowed { "yes" } else { "no" });
        if let Some(reason) = review["status"]["reason"]
            .as_str()
            .filter(|r| !r.is_empty())
            .filter(|_| !allowed)
        {
            crate::outln!(" - {reason}");
        }
    }
    if allowed {
        Ok(())
    } else {
        Err(Error::Silent(1))
    }
}

/// `rkctl cluster-info`: the API server and the cluster services in kube-system.
pub async fn cluster_info(ctx: &Ctx) -> Result<()> {
    let server = ctx.config.cluster_url.to_string();
    let server = server.trim_end_matches('/');
    crate::outln!("Kubernetes control plane is running at {server}");
    let path = with_query(
        "/api/v1/namespaces/kube-system/services",
        &[("labelSelector", "kubernetes.io/cluster-service=true".into())],
    );
    let list = ctx.get_json(&path, "application/json").await?;
    for svc in list["items"].as_array().into_iter().flatten() {
        let name = svc["metadata"]["name"].as_str().unwrap_or_default();
        let title = svc["metadata"]["labels"]["kubernetes.io/name"]
            .as_str()
            .unwrap_or(name);
        let port = svc["spec"]["ports"][0]["name"]
            .as_str()
            .map(|p| format!(":{p}"))
            .unwrap_or_default();
        crate::outln!(
            "{title} is running at {server}/api/v1/namespaces/kube-system/services/{name}{port}/proxy"
        );
    }
    crate::outln!(
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'."
    );
    Ok(())
}
