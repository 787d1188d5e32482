//! `rkctl set image|env|resources|selector|serviceaccount`: each reads the object, changes the
//! pod template (wherever the kind keeps it) and writes it back, printing kubectl's
//! `deployment.apps/web image updated`.

use clap::{Args, Subcommand};
use serde_json::{Map, Value, json};

use crate::client::{Ctx, with_query};
use crate::commands::common::{self, Target};
use crate::commands::get::finish_errors;
use crate::error::{Error, Result};

#[derive(Subcommand, Debug, Clone)]
pub enum SetCommand {
    /// Update the image of a pod template.
    Image(SetArgs),
    /// Update environment variables on a pod template.
    Env(EnvArgs),
    /// Update resource requests/limits on objects with pod templates.
    Resources(ResourcesArgs),
    /// Set the selector on a resource.
    Selector(SetArgs),
    /// Update the service account of a resource.
    #[command(visible_alias = "sa")]
    Serviceaccount(SetArgs),
}

#[derive(Args, Debug, Clone)]
pub struct SetArgs {
    /// (TYPE NAME | TYPE/NAME) followed by what to set.
    pub args: Vec<String>,
    /// Output format.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
    /// Must be "none", "server", or "client".
    #[arg(long, default_value = "none", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: String,
}

#[derive(Args, Debug, Clone)]
pub struct EnvArgs {
    #[command(flatten)]
    pub set: SetArgs,
    /// The names of containers in the selected pod templates to change.
    #[arg(short = 'c', long, default_value = "*")]
    pub containers: String,
    /// Display the environment and any changes in the standard format.
    #[arg(long)]
    pub list: bool,
    /// Specify a key-value pair for an environment variable to set into each container.
    #[arg(short = 'e', long)]
    pub env: Vec<String>,
}

#[derive(Args, Debug, Clone)]
pub struct ResourcesArgs {
    #[command(flatten)]
    pub set: SetArgs,
    /// The names of containers in the selected pod templates to change.
    #[arg(short = 'c', long, default_value = "*")]
    pub containers: String,
    /// The resource requirement limits for this container (cpu=100m,memory=256Mi).
    #[arg(long)]
    pub limits: Option<String>,
    /// The resource requirement requests for this container.
    #[arg(long)]
    pub requests: Option<String>,
}

/// Where a kind keeps its pod spec, as JSON pointer segments.
pub fn pod_spec_path(kind: &str) -> Option<&'static [&'static str]> {
    match kind {
        "Pod" => Some(&["spec"]),
        "Deployment"
        | "ReplicaSet"
        | "ReplicationController"
        | "DaemonSet"
        | "StatefulSet"
        | "Job" => Some(&["spec", "template", "spec"]),
        "CronJob" => Some(&["spec", "jobTemplate", "spec", "template", "spec"]),
        _ => None,
    }
}

fn pod_spec_mut<'a>(o: &'a mut Value, kind: &str) -> Option<&'a mut Value> {
    let mut cur = o;
    for seg in pod_spec_path(kind)? {
        cur = cur.get_mut(*seg)?;
    }
    Some(cur)
}

/// Splits `TYPE NAME… rest…` or `TYPE/NAME… rest…` where `rest` starts at the first argument
/// `is_rest` accepts.
fn split_args(args: &[String], is_rest: impl Fn(&str) -> bool) -> (Vec<String>, Vec<String>) {
    let at = args
        .iter()
        .enumerate()
        .position(|(i, a)| i > 0 && is_rest(a))
        .unwrap_or(args.len());
    (args[..at].to_vec(), args[at..].to_vec())
}

pub async fn run(ctx: &Ctx, cmd: &SetCommand) -> Result<()> {
    match cmd {
        SetCommand::Image(a) => {
            let (targets, pairs) = split_args(&a.args, |s| s.contains('='));
            if pairs.is_empty() {
                return Err(Error::Usage("at least one image update is required".into()));
            }
            let mut images = Vec::new();
            for p in &pairs {
                let (c, i) = p
                    .split_once('=')
                    .ok_or_else(|| Error::Usage(format!("invalid image update: {p}")))?;
                images.push((c.to_string(), i.to_string()));
            }
            each(ctx, a, &targets, "image updated", |o, kind| {
                set_images(o, kind, &images)
            })
            .await
        }
        SetCommand::Env(e) => {
            let (targets, mut pairs) =
                split_args(&e.set.args, |s| s.contains('=') || s.ends_with('-'));
            pairs.extend(e.env.iter().cloned());
            if e.list {
                return list_env(ctx, e, &targets).await;
            }
            if pairs.is_empty() {
                return Err(Error::Usage(
                    "at least one environment variable must be provided".into(),
                ));
            }
            let c = e.containers.clone();
            each(ctx, &e.set, &targets, "env updated", move |o, kind| {
                set_env(o, kind, &c, &pairs)
            })
            .await
        }
        SetCommand::Resources(r) => {
            if r.limits.is_none() && r.requests.is_none() {
                return Err(Error::Usage("you must specify an update to requests or limits (in the form of --requests/--limits)".into()));
            }
            let limits = quantities(r.limits.as_deref())?;
            let requests = quantities(r.requests.as_deref())?;
            let c = r.containers.clone();
            each(
                ctx,
                &r.set,
                &r.set.args,
                "resource requirements updated",
                move |o, kind| {
                    for_containers(o, kind, &c, |ct| {
                        for (field, values) in [("limits", &limits), ("requests", &requests)] {
                            for (k, v) in values {
                                ct["resources"][field][k] = json!(v);
                            }
                        }
                    })
                },
            )
            .await
        }
        SetCommand::Selector(a) => {
            let (targets, rest) = split_args(&a.args, |s| s.contains('='));
            let mut selector = Map::new();
            for p in rest.iter().flat_map(|r| r.split(',')) {
                let (k, v) = p
                    .split_once('=')
                    .ok_or_else(|| Error::Usage(format!("invalid selector: {p}")))?;
                selector.insert(k.to_string(), json!(v));
            }
            each(ctx, a, &targets, "selector updated", move |o, kind| {
                match kind {
                    "Service" | "ReplicationController" => {
                        o["spec"]["selector"] = Value::Object(selector.clone())
                    }
                    _ => o["spec"]["selector"] = json!({"matchLabels": selector.clone()}),
                }
                Ok(())
            })
            .await
        }
        SetCommand::Serviceaccount(a) => {
            let Some((sa, targets)) = a.args.split_last() else {
                return Err(Error::Usage("serviceaccount is required".into()));
            };
            let sa = sa.clone();
            each(ctx, a, targets, "serviceaccount updated", move |o, kind| {
                let spec = pod_spec_mut(o, kind).ok_or_else(|| {
                    Error::Usage(format!("the object of kind {kind} has no pod template"))
                })?;
                spec["serviceAccountName"] = json!(sa);
                Ok(())
            })
            .await
        }
    }
}

fn quantities(s: Option<&str>) -> Result<Vec<(String, String)>> {
    let Some(s) = s else { return Ok(Vec::new()) };
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .ok_or_else(|| Error::Usage(format!("invalid resource quantity: {p}")))
        })
        .collect()
}

fn for_containers(
    o: &mut Value,
    kind: &str,
    which: &str,
    mut f: impl FnMut(&mut Value),
) -> Result<()> {
    let spec = pod_spec_mut(o, kind)
        .ok_or_else(|| Error::Usage(format!("the object of kind {kind} has no pod template")))?;
    let mut found = false;
    for list in ["initContainers", "containers"] {
        if let Some(cs) = spec[list].as_array_mut() {
            for c in cs {
                if which == "*" || c["name"] == which {
                    f(c);
                    found = true;
                }
            }
        }
    }
    if !found {
        return Err(Error::Usage(format!(
            "unable to find container named {which:?}"
        )));
    }
    Ok(())
}

/// `name=image` pairs (`*` for every container) applied to a pod template.
pub fn set_images(o: &mut Value, kind: &str, images: &[(String, String)]) -> Result<()> {
    for (name, image) in images {
        for_containers(o, kind, name, |c| c["image"] = json!(image))?;
    }
    Ok(())
}

/// `KEY=VALUE` sets, `KEY-` removes, in every chosen container.
pub fn set_env(o: &mut Value, kind: &str, containers: &str, pairs: &[String]) -> Result<()> {
    for_containers(o, kind, containers, |c| {
        let mut env: Vec<Value> = c["env"].as_array().cloned().unwrap_or_default();
        for p in pairs {
            if let Some((k, v)) = p.split_once('=') {
                match env.iter_mut().find(|e| e["name"] == k) {
                    Some(e) => *e = json!({"name": k, "value": v}),
                    None => env.push(json!({"name": k, "value": v})),
                }
            } else if let Some(k) = p.strip_suffix('-') {
                env.retain(|e| e["name"] != k);
            }
        }
        if env.is_empty() {
            if let Some(m) = c.as_object_mut() {
                m.remove("env");
            }
        } else {
            c["env"] = Value::Array(env);
        }
    })
}

async fn list_env(ctx: &Ctx, e: &EnvArgs, targets: &[String]) -> Result<()> {
    for t in common::targets(ctx, targets).await? {
        let mut o = ctx.get_json(&t.path(), "application/json").await?;
        let kind = t.resource.kind.clone();
        let name = t.name.clone();
        let mut text = String::new();
        for_containers(&mut o, &kind, &e.containers, |c| {
            text.push_str(&format!(
                "# {} {name}, container {}\n",
                kind.to_lowercase(),
                c["name"].as_str().unwrap_or_default()
            ));
            for v in c["env"].as_array().into_iter().flatten() {
                let n = v["name"].as_str().unwrap_or_default();
                match v["value"].as_str() {
                    Some(val) => text.push_str(&format!("{n}={val}\n")),
                    None => text.push_str(&format!("# {n} from a reference\n")),
                }
            }
        })?;
        crate::out!("{text}");
    }
    Ok(())
}

async fn each(
    ctx: &Ctx,
    a: &SetArgs,
    targets: &[String],
    verb: &str,
    change: impl Fn(&mut Value, &str) -> Result<()>,
) -> Result<()> {
    common::check_dry_run(&a.dry_run)?;
    let mut errors = Vec::new();
    for t in common::targets(ctx, targets).await? {
        if let Err(e) = update(ctx, a, &t, verb, &change).await {
            errors.push(e);
        }
    }
    finish_errors(errors)
}

async fn update(
    ctx: &Ctx,
    a: &SetArgs,
    t: &Target,
    verb: &str,
    change: &impl Fn(&mut Value, &str) -> Result<()>,
) -> Result<()> {
    let verb = format!("{verb}{}", common::dry_run_suffix(&a.dry_run));
    let mut attempts = 0;
    loop {
        let before = ctx.get_json(&t.path(), "application/json").await?;
        let mut after = before.clone();
        change(&mut after, &t.resource.kind)?;
        if after == before || a.dry_run == "client" {
            return common::print(a.output.as_deref(), &after, &t.prefix(), &t.name, &verb);
        }
        let mut params = vec![("fieldManager", "kubectl-set".to_string())];
        if a.dry_run == "server" {
            params.push(("dryRun", "All".into()));
        }
        match ctx
            .send_json(
                http::Method::PUT,
                &with_query(&t.path(), &params),
                "application/json",
                &after,
            )
            .await
        {
            Ok(written) => {
                return common::print(a.output.as_deref(), &written, &t.prefix(), &t.name, &verb);
            }
            // A controller wrote in between (a status update): read again and retry.
            Err(e) if e.reason() == Some("Conflict") && attempts < 5 => attempts += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployment() -> Value {
        json!({"kind": "Deployment", "spec": {"template": {"spec": {"containers": [
            {"name": "web", "image": "nginx:1", "env": [{"name": "A", "value": "1"}]},
            {"name": "side", "image": "busybox"}
        ]}}}})
    }

    #[test]
    fn set_image_changes_the_named_container_or_every_one_with_a_star() {
        let mut d = deployment();
        set_images(&mut d, "Deployment", &[("web".into(), "nginx:2".into())]).unwrap();
        assert_eq!(
            d["spec"]["template"]["spec"]["containers"][0]["image"],
            "nginx:2"
        );
        assert_eq!(
            d["spec"]["template"]["spec"]["containers"][1]["image"],
            "busybox"
        );
        set_images(&mut d, "Deployment", &[("*".into(), "x".into())]).unwrap();
        assert_eq!(d["spec"]["template"]["spec"]["containers"][1]["image"], "x");
        let e = set_images(&mut d, "Deployment", &[("nope".into(), "x".into())]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: unable to find container named \"nope\""
        );
    }

    #[test]
    fn set_env_adds_replaces_and_removes_variables() {
        let mut d = deployment();
        set_env(&mut d, "Deployment", "web", &["A-".into(), "B=2".into()]).unwrap();
        assert_eq!(
            d["spec"]["template"]["spec"]["containers"][0]["env"],
            json!([{"name": "B", "value": "2"}])
        );
    }

    #[test]
    fn cronjobs_keep_their_pod_spec_under_the_job_template() {
        assert_eq!(
            pod_spec_path("CronJob").unwrap(),
            ["spec", "jobTemplate", "spec", "template", "spec"]
        );
        assert!(pod_spec_path("Service").is_none());
    }
}
