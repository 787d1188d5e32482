//! `rkctl rollout status|history|undo|restart|pause|resume` for Deployments, DaemonSets and
//! StatefulSets, with kubectl's messages: status watches the object and prints each new progress
//! line until the rollout completes (or `--timeout`), history reads the owned ReplicaSets'
//! revision annotations, undo JSON-patches the chosen revision's template back.

use std::time::Duration;

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use crate::client::Ctx;
use crate::commands::common::{self, Target};
use crate::commands::get::finish_errors;
use crate::error::{Error, Result};
use crate::output::describe::now_rfc3339;

#[derive(Subcommand, Debug, Clone)]
pub enum RolloutCommand {
    /// Show the status of the rollout.
    Status(StatusArgs),
    /// View rollout history.
    History(HistoryArgs),
    /// Undo a previous rollout.
    Undo(UndoArgs),
    /// Restart a resource.
    Restart(SimpleArgs),
    /// Mark the provided resource as paused.
    Pause(SimpleArgs),
    /// Resume a paused resource.
    Resume(SimpleArgs),
}

#[derive(Args, Debug, Clone)]
pub struct StatusArgs {
    /// (TYPE NAME | TYPE/NAME)
    pub resources: Vec<String>,
    /// Watch the status of the rollout until it's done.
    #[arg(short = 'w', long, default_value = "true", num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub watch: bool,
    /// Pin to a specific revision for showing its status.
    #[arg(long, default_value_t = 0)]
    pub revision: i64,
    /// The length of time to wait before ending watch, zero means never (e.g. 5s, 2m).
    #[arg(long, default_value = "0s")]
    pub timeout: String,
}

#[derive(Args, Debug, Clone)]
pub struct HistoryArgs {
    /// (TYPE NAME | TYPE/NAME)
    pub resources: Vec<String>,
    /// See the details, including podTemplate of the revision specified.
    #[arg(long, default_value_t = 0)]
    pub revision: i64,
    /// Output format.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct UndoArgs {
    /// (TYPE NAME | TYPE/NAME)
    pub resources: Vec<String>,
    /// The revision to rollback to. Default to 0 (last revision).
    #[arg(long, default_value_t = 0)]
    pub to_revision: i64,
    /// Must be "none", "server", or "client".
    #[arg(long, default_value = "none", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: String,
    /// Output format.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct SimpleArgs {
    /// (TYPE NAME | TYPE/NAME)
    pub resources: Vec<String>,
    /// Output format.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
    /// Name of the manager used to track field ownership.
    #[arg(long)]
    pub field_manager: Option<String>,
}

pub async fn run(ctx: &Ctx, cmd: &RolloutCommand) -> Result<()> {
    match cmd {
        RolloutCommand::Status(a) => status(ctx, a).await,
        RolloutCommand::History(a) => history(ctx, a).await,
        RolloutCommand::Undo(a) => undo(ctx, a).await,
        RolloutCommand::Restart(a) => simple(ctx, a, Simple::Restart).await,
        RolloutCommand::Pause(a) => simple(ctx, a, Simple::Pause).await,
        RolloutCommand::Resume(a) => simple(ctx, a, Simple::Resume).await,
    }
}

/// Parses Go durations as kubectl's flags take them (`30s`, `2m`, `1h30m`, `500ms`, `0`).
pub fn parse_duration(s: &str) -> Result<Duration> {
    let bad = || {
        Error::Usage(format!(
            "invalid argument \"{s}\": time: invalid duration \"{s}\""
        ))
    };
    if s == "0" {
        return Ok(Duration::ZERO);
    }
    let mut total = 0f64;
    let mut rest = s;
    if rest.is_empty() {
        return Err(bad());
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let n: f64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return Err(bad()),
        };
        total += n * scale;
        rest = &rest[unit_len..];
    }
    Ok(Duration::from_secs_f64(total))
}

fn check_kind(t: &Target, allowed: &[&str], verb: &str) -> Result<()> {
    if allowed.contains(&t.resource.kind.as_str()) {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{verb} is not supported on given object"
        )))
    }
}

/// One progress line for a rollout, and whether it is complete.
pub fn status_line(o: &Value, revision: i64) -> Result<(String, bool)> {
    let name = o["metadata"]["name"].as_str().unwrap_or_default();
    let i = |v: &Value| v.as_i64().unwrap_or(0);
    let generation = i(&o["metadata"]["generation"]);
    let observed = i(&o["status"]["observedGeneration"]);
    match o["kind"].as_str().unwrap_or_default() {
        "Deployment" => {
            if revision > 0 {
                let current = o["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
                    .as_str()
                    .and_then(|r| r.parse::<i64>().ok())
                    .unwrap_or(0);
                if current != revision {
                    return Err(Error::Usage(format!(
                        "desired revision ({revision}) is different from the running revision ({current})"
                    )));
                }
            }
            if generation > observed {
                return Ok((
                    "Waiting for deployment spec update to be observed...".into(),
                    false,
                ));
            }
            let conditions = o["status"]["conditions"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if conditions
                .iter()
                .any(|c| c["type"] == "Progressing" && c["reason"] == "ProgressDeadlineExceeded")
            {
                return Err(Error::Usage(format!(
                    "deployment {name:?} exceeded its progress deadline"
                )));
            }
            let want = o["spec"]["replicas"].as_i64().unwrap_or(1);
            let updated = i(&o["status"]["updatedReplicas"]);
            let replicas = i(&o["status"]["replicas"]);
            let available = i(&o["status"]["availableReplicas"]);
            if updated < want {
                return Ok((
                    format!(
                        "Waiting for deployment {name:?} rollout to finish: {updated} out of {want} new replicas have been updated..."
                    ),
                    false,
                ));
            }
            if replicas > updated {
                return Ok((
                    format!(
                        "Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...",
                        replicas - updated
                    ),
                    false,
                ));
            }
            if available < updated {
                return Ok((
                    format!(
                        "Waiting for deployment {name:?} rollout to finish: {available} of {updated} updated replicas are available..."
                    ),
                    false,
                ));
            }
            Ok((format!("deployment {name:?} successfully rolled out"), true))
        }
        "DaemonSet" => {
            if o["spec"]["updateStrategy"]["type"] == "OnDelete" {
                return Err(Error::Usage(
                    "rollout status is only available for RollingUpdate strategy type".into(),
                ));
            }
            if generation > observed {
                return Ok((
                    "Waiting for daemon set spec update to be observed...".into(),
                    false,
                ));
            }
            let desired = i(&o["status"]["desiredNumberScheduled"]);
            let updated = i(&o["status"]["updatedNumberScheduled"]);
            let available = i(&o["status"]["numberAvailable"]);
            if updated < desired {
                return Ok((
                    format!(
                        "Waiting for daemon set {name:?} rollout to finish: {updated} out of {desired} new pods have been updated..."
                    ),
                    false,
                ));
            }
            if available < desired {
                return Ok((
                    format!(
                        "Waiting for daemon set {name:?} rollout to finish: {available} of {desired} updated pods are available..."
                    ),
                    false,
                ));
            }
            Ok((format!("daemon set {name:?} successfully rolled out"), true))
        }
        "StatefulSet" => {
            if o["spec"]["updateStrategy"]["type"] == "OnDelete" {
                return Err(Error::Usage(
                    "rollout status is only available for RollingUpdate strategy type".into(),
                ));
            }
            if observed == 0 || generation > observed {
                return Ok((
                    "Waiting for statefulset spec update to be observed...".into(),
                    false,
                ));
            }
            let want = o["spec"]["replicas"].as_i64().unwrap_or(1);
            let ready = i(&o["status"]["readyReplicas"]);
            if ready < want {
                return Ok((
                    format!("Waiting for {} pods to be ready...", want - ready),
                    false,
                ));
            }
            let partition = i(&o["spec"]["updateStrategy"]["rollingUpdate"]["partition"]);
            let updated = i(&o["status"]["updatedReplicas"]);
            if partition > 0 {
                if updated < want - partition {
                    return Ok((
                        format!(
                            "Waiting for partitioned roll out to finish: {updated} out of {} new pods have been updated...",
                            want - partition
                        ),
                        false,
                    ));
                }
                return Ok((
                    format!(
                        "partitioned roll out complete: {updated} new pods have been updated..."
                    ),
                    true,
                ));
            }
            let update_rev = o["status"]["updateRevision"].as_str().unwrap_or_default();
            if update_rev != o["status"]["currentRevision"].as_str().unwrap_or_default() {
                return Ok((
                    format!(
                        "waiting for statefulset rolling update to complete {updated} pods at revision {update_rev}..."
                    ),
                    false,
                ));
            }
            Ok((
                format!(
                    "statefulset rolling update complete {ready} pods at revision {update_rev}..."
                ),
                true,
            ))
        }
        _ => Err(Error::Usage(
            "no status viewer has been implemented for this kind".into(),
        )),
    }
}

async fn status(ctx: &Ctx, a: &StatusArgs) -> Result<()> {
    let timeout = parse_duration(&a.timeout)?;
    let targets = common::targets(ctx, &a.resources).await?;
    let follow = async {
        for t in &targets {
            status_of(ctx, t, a).await?;
        }
        Ok(())
    };
    if timeout.is_zero() {
        return follow.await;
    }
    match tokio::time::timeout(timeout, follow).await {
        Ok(outcome) => outcome,
        Err(_) => Err(Error::Usage("timed out waiting for the condition".into())),
    }
}

/// Prints one object's progress lines until its rollout completes: the object once, then a
/// watch on it (resumed from the last revision seen when the server ends it; read afresh on
/// 410 Gone), as kubectl's status viewer does.
async fn status_of(ctx: &Ctx, t: &Target, a: &StatusArgs) -> Result<()> {
    let mut last = String::new();
    let show = |o: &mut Value, last: &mut String| -> Result<bool> {
        if o.get("kind").is_none_or(|k| !k.is_string()) {
            o["kind"] = Value::from(t.resource.kind.clone());
        }
        let (line, done) = status_line(o, a.revision)?;
        if line != *last {
            crate::outln!("{line}");
            *last = line;
        }
        Ok(done || !a.watch)
    };
    'fresh: loop {
        let mut o = ctx.get_json(&t.path(), "application/json").await?;
        if show(&mut o, &mut last)? {
            return Ok(());
        }
        let mut rv = o["metadata"]["resourceVersion"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        loop {
            let path = crate::client::with_query(
                &t.resource.collection_path(t.namespace.as_deref()),
                &[
                    ("watch", "true".into()),
                    ("fieldSelector", format!("metadata.name={}", t.name)),
                    ("resourceVersion", rv.clone()),
                    ("allowWatchBookmarks", "true".into()),
                ],
            );
            let mut events = ctx.watch_lines(&path).await?;
            while let Some(line) = futures::StreamExt::next(&mut events).await {
                let Ok(line) = line else { break };
                let Ok(mut event) = serde_json::from_str::<Value>(&line) else {
                    continue;
                };
                if let Some(v) = event["object"]["metadata"]["resourceVersion"].as_str() {
                    rv = v.to_string();
                }
                let kind = event["type"].as_str().unwrap_or_default().to_string();
                match Some(kind.as_str()) {
                    Some("ADDED" | "MODIFIED") if show(&mut event["object"], &mut last)? => {
                        return Ok(());
                    }
                    Some("DELETED") => {
                        return Err(Error::Usage(format!(
                            "object has been deleted: {}/{}",
                            t.prefix(),
                            t.name
                        )));
                    }
                    Some("ERROR") if event["object"]["code"] == 410 => continue 'fresh,
                    Some("ERROR") => {
                        let status: kube::core::Status =
                            serde_json::from_value(event["object"].take()).unwrap_or_default();
                        return Err(Error::Server(Box::new(status)));
                    }
                    _ => {}
                }
            }
            // The server ended the watch: resume from the last revision seen.
        }
    }
}

/// The ReplicaSets a Deployment owns, with their revision numbers, oldest first.
async fn revisions(ctx: &Ctx, t: &Target, deployment: &Value) -> Result<Vec<(i64, Value)>> {
    let uid = deployment["metadata"]["uid"].clone();
    let selector =
        crate::output::describe::selector(&deployment["spec"]["selector"]["matchLabels"]);
    let mut params = Vec::new();
    if selector != "<none>" {
        params.push(("labelSelector", selector));
    }
    let rs_path = format!(
        "/apis/apps/v1/namespaces/{}/replicasets",
        t.namespace.as_deref().unwrap_or("default")
    );
    let list = ctx
        .get_json(
            &crate::client::with_query(&rs_path, &params),
            "application/json",
        )
        .await?;
    let mut out: Vec<(i64, Value)> = list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|rs| {
            rs["metadata"]["ownerReferences"]
                .as_array()
                .is_some_and(|o| o.iter().any(|r| r["uid"] == uid && r["controller"] == true))
        })
        .filter_map(|rs| {
            let rev = rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
                .as_str()?
                .parse()
                .ok()?;
            Some((rev, rs.clone()))
        })
        .collect();
    out.sort_by_key(|(r, _)| *r);
    Ok(out)
}

async fn history(ctx: &Ctx, a: &HistoryArgs) -> Result<()> {
    let targets = common::targets(ctx, &a.resources).await?;
    for t in targets {
        check_kind(&t, &["Deployment"], "rollout history")?;
        let d = ctx.get_json(&t.path(), "application/json").await?;
        let revs = revisions(ctx, &t, &d).await?;
        if a.revision > 0 {
            let Some((_, rs)) = revs.iter().find(|(r, _)| *r == a.revision) else {
                return Err(Error::Usage(
                    "unable to find the specified revision".to_string(),
                ));
            };
            let mut template = rs["spec"]["template"].clone();
            if let Some(labels) = template["metadata"]["labels"].as_object_mut() {
                labels.remove("pod-template-hash");
            }
            crate::outln!("{} with revision #{}", t.prefix(), a.revision);
            crate::out!(
                "Pod Template:\n{}",
                crate::output::yaml::to_string(&template)
            );
            continue;
        }
        let rows: Vec<(String, String)> = revs
            .iter()
            .map(|(rev, rs)| {
                let cause = rs["metadata"]["annotations"]["kubernetes.io/change-cause"]
                    .as_str()
                    .unwrap_or("<none>");
                (rev.to_string(), cause.to_string())
            })
            .collect();
        crate::out!("{}/{} \n{}\n", t.prefix(), t.name, history_table(&rows));
    }
    Ok(())
}

/// kubectl's history table: a tabwriter with padding 2.
pub fn history_table(rows: &[(String, String)]) -> String {
    let width = rows
        .iter()
        .map(|(r, _)| r.len())
        .chain(std::iter::once("REVISION".len()))
        .max()
        .unwrap_or(0)
        + 2;
    let mut out = format!("{:<width$}CHANGE-CAUSE\n", "REVISION");
    for (r, c) in rows {
        out.push_str(&format!("{r:<width$}{c}\n"));
    }
    out
}

/// Annotations a rollback does not copy from the ReplicaSet (kubectl's skip list).
const SKIP_ANNOTATIONS: &[&str] = &[
    "kubectl.kubernetes.io/last-applied-configuration",
    "deployment.kubernetes.io/revision",
    "deployment.kubernetes.io/revision-history",
    "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas",
    "deprecated.deployment.rollback.to",
];

async fn undo(ctx: &Ctx, a: &UndoArgs) -> Result<()> {
    common::check_dry_run(&a.dry_run)?;
    let targets = common::targets(ctx, &a.resources).await?;
    let mut errors = Vec::new();
    for t in targets {
        let outcome: Result<()> = async {
            check_kind(&t, &["Deployment"], "rollback")?;
            let d = ctx.get_json(&t.path(), "application/json").await?;
            if d["spec"]["paused"] == true {
                return Err(Error::Usage("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again".to_string()));
            }
            let revs = revisions(ctx, &t, &d).await?;
            let chosen = if a.to_revision == 0 {
                if revs.len() < 2 {
                    return Err(Error::Usage("no rollout history found for deployment \"".to_string() + &t.name + "\""));
                }
                revs.get(revs.len() - 2)
            } else {
                revs.iter().find(|(r, _)| *r == a.to_revision)
            };
            let Some((rev, rs)) = chosen else {
                return Err(Error::Usage(format!(
                    "unable to find specified revision {} in history",
                    a.to_revision
                )));
            };
            let mut template = rs["spec"]["template"].clone();
            if let Some(labels) = template["metadata"]["labels"].as_object_mut() {
                labels.remove("pod-template-hash");
            }
            if template == d["spec"]["template"] {
                crate::outln!(
                    "{}/{} skipped rollback (current template already matches revision {rev})",
                    t.prefix(),
                    t.name
                );
                return Ok(());
            }
            let mut annotations = d["metadata"]["annotations"].clone();
            if !annotations.is_object() {
                annotations = json!({});
            }
            if let (Some(map), Some(from)) = (
                annotations.as_object_mut(),
                rs["metadata"]["annotations"].as_object(),
            ) {
                for (k, v) in from {
                    if !SKIP_ANNOTATIONS.contains(&k.as_str()) {
                        map.insert(k.clone(), v.clone());
                    }
                }
            }
            let patch = json!([
                {"op": "replace", "path": "/spec/template", "value": template},
                {"op": "replace", "path": "/metadata/annotations", "value": annotations},
            ]);
            if a.dry_run == "client" {
                crate::outln!("{}/{} rolled back (dry run)", t.prefix(), t.name);
                return Ok(());
            }
            let mut path = t.path();
            if a.dry_run == "server" {
                path.push_str("?dryRun=All");
            }
            let after = ctx
                .send_json(http::Method::PATCH, &path, "application/json-patch+json", &patch)
                .await?;
            common::print(
                a.output.as_deref(),
                &after,
                &t.prefix(),
                &t.name,
                &format!("rolled back{}", common::dry_run_suffix(&a.dry_run)),
            )
        }
        .await;
        if let Err(e) = outcome {
            errors.push(e);
        }
    }
    finish_errors(errors)
}

#[derive(Clone, Copy)]
enum Simple {
    Restart,
    Pause,
    Resume,
}

async fn simple(ctx: &Ctx, a: &SimpleArgs, which: Simple) -> Result<()> {
    let targets = common::targets(ctx, &a.resources).await?;
    let mut errors = Vec::new();
    for t in targets {
        let outcome: Result<()> = async {
            let o = ctx.get_json(&t.path(), "application/json").await?;
            let paused = o["spec"]["paused"] == true;
            let (patch, verb, manager) = match which {
                Simple::Restart => {
                    check_kind(
                        &t,
                        &["Deployment", "DaemonSet", "StatefulSet"],
                        "restarting",
                    )?;
                    if paused {
                        return Err(Error::Usage(format!(
                            "{} {:?} can't restart paused deployment (run rollout resume first)",
                            t.resource.qualified_plural(),
                            t.name
                        )));
                    }
                    (
                        json!({"spec": {"template": {"metadata": {"annotations": {
                            "kubectl.kubernetes.io/restartedAt": now_rfc3339()
                        }}}}}),
                        "restarted",
                        "kubectl-rollout",
                    )
                }
                Simple::Pause => {
                    check_kind(&t, &["Deployment"], "pausing")?;
                    if paused {
                        return Err(Error::Usage(format!(
                            "{} {:?} is already paused",
                            t.resource.qualified_plural(),
                            t.name
                        )));
                    }
                    (
                        json!({"spec": {"paused": true}}),
                        "paused",
                        "kubectl-rollout",
                    )
                }
                Simple::Resume => {
                    check_kind(&t, &["Deployment"], "resuming")?;
                    if !paused {
                        return Err(Error::Usage(format!(
                            "{} {:?} is not paused",
                            t.resource.qualified_plural(),
                            t.name
                        )));
                    }
                    (
                        json!({"spec": {"paused": null}}),
                        "resumed",
                        "kubectl-rollout",
                    )
                }
            };
            let manager = a.field_manager.as_deref().unwrap_or(manager);
            let after = common::patch(
                ctx,
                &t.path(),
                "application/strategic-merge-patch+json",
                &patch,
                manager,
            )
            .await?;
            common::print(a.output.as_deref(), &after, &t.prefix(), &t.name, verb)
        }
        .await;
        if let Err(e) = outcome {
            errors.push(e);
        }
    }
    finish_errors(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_pads_its_columns_by_two() {
        let t = history_table(&[("1".into(), "<none>".into())]);
        assert_eq!(t, "REVISION  CHANGE-CAUSE\n1         <none>\n");
    }

    #[test]
    fn go_durations_parse_like_kubectl_flags() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("1m30s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("0").unwrap(), Duration::ZERO);
        assert!(parse_duration("5").is_err());
        assert!(parse_duration("x").is_err());
    }

    #[test]
    fn deployment_status_lines_follow_kubectls_order() {
        let d = |spec_r: i64, upd: i64, rep: i64, avail: i64| {
            json!({"kind": "Deployment", "metadata": {"name": "web", "generation": 2},
                   "spec": {"replicas": spec_r},
                   "status": {"observedGeneration": 2, "updatedReplicas": upd, "replicas": rep, "availableReplicas": avail}})
        };
        assert_eq!(
            status_line(&d(3, 1, 3, 1), 0).unwrap().0,
            "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated..."
        );
        assert_eq!(
            status_line(&d(3, 3, 4, 3), 0).unwrap().0,
            "Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination..."
        );
        assert_eq!(
            status_line(&d(3, 3, 3, 2), 0).unwrap().0,
            "Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available..."
        );
        assert_eq!(
            status_line(&d(3, 3, 3, 3), 0).unwrap(),
            (
                "deployment \"web\" successfully rolled out".to_string(),
                true
            )
        );
        let mut stale = d(3, 3, 3, 3);
        stale["metadata"]["generation"] = json!(3);
        assert_eq!(
            status_line(&stale, 0).unwrap().0,
            "Waiting for deployment spec update to be observed..."
        );
    }
}
