//! Node maintenance: `cordon`, `uncordon`, `drain` (cordon, then evict every pod through the
//! eviction API — retrying while a PodDisruptionBudget refuses — and wait for each to be gone)
//! and `taint`, with kubectl's flags, filters and messages.

use std::time::{Duration, Instant};

use clap::Args;
use serde_json::{Value, json};

use crate::client::{Ctx, with_query};
use crate::commands::common;
use crate::commands::get::finish_errors;
use crate::commands::rollout::parse_duration;
use crate::error::{Error, Result};

#[derive(Args, Debug, Clone)]
pub struct CordonArgs {
    /// NODE
    pub nodes: Vec<String>,
    /// Selector (label query) to filter on.
    #[arg(short = 'l', long)]
    pub selector: Option<String>,
    /// Must be "none", "server", or "client".
    #[arg(long, default_value = "none", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: String,
}

#[derive(Args, Debug, Clone)]
pub struct DrainArgs {
    #[command(flatten)]
    pub cordon: CordonArgs,
    /// Ignore DaemonSet-managed pods.
    #[arg(long)]
    pub ignore_daemonsets: bool,
    /// Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).
    #[arg(long)]
    pub delete_emptydir_data: bool,
    /// Continue even if there are pods that do not declare a controller.
    #[arg(long)]
    pub force: bool,
    /// The length of time to wait before giving up, zero means infinite.
    #[arg(long, default_value = "0s")]
    pub timeout: String,
    /// Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.
    #[arg(long, default_value_t = -1, allow_hyphen_values = true)]
    pub grace_period: i64,
    /// Label selector to filter pods on the node.
    #[arg(long)]
    pub pod_selector: Option<String>,
    /// Force drain to use delete, even if eviction is supported.
    #[arg(long)]
    pub disable_eviction: bool,
    /// Print progress: the pods to evict, each one evicted, the PodDisruptionBudget a pod waits
    /// on, and the end state (rk).
    #[arg(long)]
    pub progress: bool,
}

#[derive(Args, Debug, Clone)]
pub struct TaintArgs {
    /// NODE|node NODE KEY_1=VAL_1:TAINT_EFFECT_1 ... | KEY:TAINT_EFFECT- | KEY-
    pub args: Vec<String>,
    /// If true, allow taints to be overwritten.
    #[arg(long)]
    pub overwrite: bool,
    /// Select all nodes in the cluster.
    #[arg(long)]
    pub all: bool,
    /// Selector (label query) to filter on.
    #[arg(short = 'l', long)]
    pub selector: Option<String>,
}

const NODES: &str = "/api/v1/nodes";

async fn node_names(ctx: &Ctx, args: &CordonArgs) -> Result<Vec<String>> {
    let mut names: Vec<String> = args
        .nodes
        .iter()
        .filter(|n| !matches!(n.as_str(), "node" | "nodes" | "no"))
        .map(|n| {
            n.strip_prefix("node/")
                .or(n.strip_prefix("nodes/"))
                .unwrap_or(n)
                .to_string()
        })
        .collect();
    if let Some(sel) = &args.selector {
        let list = ctx
            .get_json(
                &with_query(NODES, &[("labelSelector", sel.clone())]),
                "application/json",
            )
            .await?;
        names.extend(
            list["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|n| n["metadata"]["name"].as_str().map(str::to_string)),
        );
    }
    if names.is_empty() {
        return Err(Error::Usage(
            "USAGE: cordon NODE [flags]\nSee 'rkctl cordon -h' for help and examples".into(),
        ));
    }
    Ok(names)
}

async fn set_unschedulable(ctx: &Ctx, name: &str, on: bool, dry_run: &str) -> Result<()> {
    let path = format!("{NODES}/{name}");
    let node = ctx.get_json(&path, "application/json").await?;
    let current = node["spec"]["unschedulable"] == true;
    let word = if on { "cordoned" } else { "uncordoned" };
    if current == on {
        crate::outln!("node/{name} already {word}");
        return Ok(());
    }
    if dry_run != "client" {
        let mut p = path.clone();
        if dry_run == "server" {
            p.push_str("?dryRun=All");
        }
        let patch = json!({"spec": {"unschedulable": if on { json!(true) } else { Value::Null }}});
        ctx.send_json(
            http::Method::PATCH,
            &p,
            "application/strategic-merge-patch+json",
            &patch,
        )
        .await?;
    }
    crate::outln!("node/{name} {word}{}", common::dry_run_suffix(dry_run));
    Ok(())
}

pub async fn cordon(ctx: &Ctx, args: &CordonArgs, on: bool) -> Result<()> {
    common::check_dry_run(&args.dry_run)?;
    let mut errors = Vec::new();
    for name in node_names(ctx, args).await? {
        if let Err(e) = set_unschedulable(ctx, &name, on, &args.dry_run).await {
            errors.push(e);
        }
    }
    finish_errors(errors)
}

/// Why a pod on a draining node is refused, skipped with a warning, or taken.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    Evict,
    Skip,
    Warn(&'static str),
    Refuse(&'static str),
}

/// kubectl's drain filters, in its order: finished pods always go, mirror pods are skipped,
/// DaemonSet pods need `--ignore-daemonsets`, bare pods `--force`, emptyDir `--delete-emptydir-data`.
pub fn verdict(pod: &Value, a: &DrainArgs) -> Verdict {
    let phase = pod["status"]["phase"].as_str().unwrap_or_default();
    if phase == "Succeeded" || phase == "Failed" {
        return Verdict::Evict;
    }
    if pod["metadata"]["annotations"]["kubernetes.io/config.mirror"].is_string() {
        return Verdict::Skip;
    }
    let controller = pod["metadata"]["ownerReferences"]
        .as_array()
        .and_then(|o| o.iter().find(|r| r["controller"] == true));
    if let Some(c) = controller
        && c["kind"] == "DaemonSet"
    {
        return if a.ignore_daemonsets {
            Verdict::Warn("ignoring DaemonSet-managed Pods")
        } else {
            Verdict::Refuse(
                "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)",
            )
        };
    }
    if controller.is_none() && !a.force {
        return Verdict::Refuse(
            "cannot delete Pods that declare no controller (use --force to override)",
        );
    }
    let empty_dir = pod["spec"]["volumes"]
        .as_array()
        .is_some_and(|v| v.iter().any(|v| v.get("emptyDir").is_some()));
    if empty_dir && !a.delete_emptydir_data {
        return Verdict::Refuse(
            "cannot delete Pods with local storage (use --delete-emptydir-data to override)",
        );
    }
    if controller.is_none() {
        return Verdict::Warn("deleting Pods that declare no controller");
    }
    Verdict::Evict
}

/// Groups `(message, ns/name)` pairs as kubectl words them: `message: a, b; other: c`.
fn grouped(items: &[(&'static str, String)]) -> String {
    let mut order: Vec<&str> = Vec::new();
    for (m, _) in items {
        if !order.contains(m) {
            order.push(m);
        }
    }
    order
        .iter()
        .map(|m| {
            let pods: Vec<&str> = items
                .iter()
                .filter(|(x, _)| x == m)
                .map(|(_, p)| p.as_str())
                .collect();
            format!("{m}: {}", pods.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub async fn drain(ctx: &Ctx, a: &DrainArgs) -> Result<()> {
    common::check_dry_run(&a.cordon.dry_run)?;
    let timeout = parse_duration(&a.timeout)?;
    let names = node_names(ctx, &a.cordon).await?;
    let mut pending = Vec::new();
    let mut last_err = None;
    for name in &names {
        set_unschedulable(ctx, name, true, &a.cordon.dry_run).await?;
        match drain_one(ctx, a, name, timeout).await {
            Ok(()) => crate::outln!(
                "node/{name} drained{}",
                common::dry_run_suffix(&a.cordon.dry_run)
            ),
            Err(e) => {
                eprintln!(
                    "error: unable to drain node {name:?} due to error: {}, continuing command...",
                    bare(&e)
                );
                pending.push(name.clone());
                last_err = Some(e);
            }
        }
    }
    if let Some(e) = last_err {
        eprintln!("There are pending nodes to be drained:");
        for n in &pending {
            eprintln!(" {n}");
        }
        return Err(Error::Plain(bare(&e)));
    }
    Ok(())
}

fn bare(e: &Error) -> String {
    let s = e.to_string();
    s.strip_prefix("error: ").map(str::to_string).unwrap_or(s)
}

async fn drain_one(ctx: &Ctx, a: &DrainArgs, node: &str, timeout: Duration) -> Result<()> {
    let mut params = vec![("fieldSelector", format!("spec.nodeName={node}"))];
    if let Some(s) = &a.pod_selector {
        params.push(("labelSelector", s.clone()));
    }
    let list = ctx
        .get_json(&with_query("/api/v1/pods", &params), "application/json")
        .await?;
    let pods: Vec<Value> = list["items"].as_array().cloned().unwrap_or_default();
    let mut refused = Vec::new();
    let mut warned = Vec::new();
    let mut take = Vec::new();
    for p in pods {
        let id = format!(
            "{}/{}",
            p["metadata"]["namespace"].as_str().unwrap_or_default(),
            p["metadata"]["name"].as_str().unwrap_or_default()
        );
        match verdict(&p, a) {
            Verdict::Evict => take.push(p),
            Verdict::Skip => {}
            Verdict::Warn(m) => {
                warned.push((m, id));
                if m.starts_with("deleting") {
                    take.push(p);
                }
            }
            Verdict::Refuse(m) => refused.push((m, id)),
        }
    }
    if !refused.is_empty() {
        // kubectl words this "cannot delete cannot delete …" (its message nests twice).
        return Err(Error::Usage(format!("cannot delete {}", grouped(&refused))));
    }
    if !warned.is_empty() {
        eprintln!("Warning: {}", grouped(&warned));
    }
    if a.cordon.dry_run != "none" {
        for p in &take {
            crate::outln!(
                "evicting pod {}/{} (dry run)",
                p["metadata"]["namespace"].as_str().unwrap_or_default(),
                p["metadata"]["name"].as_str().unwrap_or_default()
            );
        }
        return Ok(());
    }
    let deadline = (!timeout.is_zero()).then(|| Instant::now() + timeout);
    let total = take.len();
    if a.progress {
        let ids: Vec<String> = take.iter().map(pod_id).collect();
        crate::outln!("node/{node}: {total} pods to evict: {}", ids.join(", "));
    }
    let mut waiting = Vec::new();
    for p in take {
        let ns = p["metadata"]["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let name = p["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let uid = p["metadata"]["uid"].clone();
        if let Err(e) = evict(ctx, a, &p, deadline).await {
            if a.progress {
                crate::outln!(
                    "node/{node}: stopped: {} of {total} pods evicted, {ns}/{name} not evicted",
                    waiting.len()
                );
            }
            return Err(e);
        }
        waiting.push((ns, name, uid));
    }
    let mut done = 0usize;
    for (ns, name, uid) in waiting {
        let path = format!("/api/v1/namespaces/{ns}/pods/{name}");
        loop {
            match ctx.get_json(&path, "application/json").await {
                Err(e) if e.reason() == Some("NotFound") => break,
                Ok(p) if p["metadata"]["uid"] != uid => break,
                Err(e) => return Err(e),
                Ok(_) => {}
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return Err(Error::Usage(format!(
                    "error when waiting for pod {name:?} in namespace {ns:?} to terminate: global timeout reached: {}",
                    go_duration(timeout)
                )));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        crate::outln!(
            "pod/{name} {}",
            if a.disable_eviction {
                "deleted"
            } else {
                "evicted"
            }
        );
        done += 1;
        if a.progress {
            crate::outln!("node/{node}: {done}/{total} evicted ({ns}/{name})");
        }
    }
    if a.progress {
        crate::outln!("node/{node}: done, {done}/{total} pods evicted");
    }
    Ok(())
}

fn pod_id(p: &Value) -> String {
    format!(
        "{}/{}",
        p["metadata"]["namespace"].as_str().unwrap_or_default(),
        p["metadata"]["name"].as_str().unwrap_or_default()
    )
}

/// The PodDisruptionBudgets in the pod's namespace whose selector matches its labels.
async fn budgets_for(ctx: &Ctx, pod: &Value) -> Vec<String> {
    let ns = pod["metadata"]["namespace"].as_str().unwrap_or_default();
    let Ok(list) = ctx
        .get_json(
            &format!("/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets"),
            "application/json",
        )
        .await
    else {
        return Vec::new();
    };
    let labels = &pod["metadata"]["labels"];
    list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| {
            b["spec"]["selector"]["matchLabels"]
                .as_object()
                .is_some_and(|m| !m.is_empty() && m.iter().all(|(k, v)| &labels[k] == v))
        })
        .map(|b| {
            format!(
                "{ns}/{} (minAvailable {}, maxUnavailable {}, {} disruptions allowed)",
                b["metadata"]["name"].as_str().unwrap_or_default(),
                crate::output::jsonpath::text_of(&b["spec"]["minAvailable"]),
                crate::output::jsonpath::text_of(&b["spec"]["maxUnavailable"]),
                b["status"]["disruptionsAllowed"].as_i64().unwrap_or(0)
            )
        })
        .collect()
}

/// Go's `time.Duration.String()` for whole seconds (`5s`, `1m30s`).
fn go_duration(d: Duration) -> String {
    let s = d.as_secs();
    match (s / 3600, s % 3600 / 60, s % 60) {
        (0, 0, sec) => format!("{sec}s"),
        (0, m, sec) => format!("{m}m{sec}s"),
        (h, m, sec) => format!("{h}h{m}m{sec}s"),
    }
}

async fn evict(ctx: &Ctx, a: &DrainArgs, pod: &Value, deadline: Option<Instant>) -> Result<()> {
    let ns = pod["metadata"]["namespace"].as_str().unwrap_or_default();
    let name = pod["metadata"]["name"].as_str().unwrap_or_default();
    let mut delete_options = json!({});
    if a.grace_period >= 0 {
        delete_options["gracePeriodSeconds"] = json!(a.grace_period);
    }
    if a.disable_eviction {
        crate::outln!("deleting pod {ns}/{name}");
        let path = format!("/api/v1/namespaces/{ns}/pods/{name}");
        return match ctx
            .send_json(
                http::Method::DELETE,
                &path,
                "application/json",
                &delete_options,
            )
            .await
        {
            Err(e) if e.reason() == Some("NotFound") => Ok(()),
            other => other.map(|_| ()),
        };
    }
    crate::outln!("evicting pod {ns}/{name}");
    let body = json!({
        "apiVersion": "policy/v1",
        "kind": "Eviction",
        "metadata": {"name": name, "namespace": ns},
        "deleteOptions": delete_options,
    });
    let path = format!("/api/v1/namespaces/{ns}/pods/{name}/eviction");
    loop {
        match ctx
            .send_json(http::Method::POST, &path, "application/json", &body)
            .await
        {
            Ok(_) => return Ok(()),
            Err(e) if e.reason() == Some("NotFound") => return Ok(()),
            Err(Error::Server(s)) if s.code == 429 => {
                eprintln!(
                    "error when evicting pods/{name:?} -n {ns:?} (will retry after 5s): {}",
                    s.message
                );
                if a.progress {
                    let budgets = budgets_for(ctx, pod).await;
                    crate::outln!(
                        "node/{}: waiting on PodDisruptionBudget {} for {ns}/{name}",
                        pod["spec"]["nodeName"].as_str().unwrap_or_default(),
                        if budgets.is_empty() {
                            "(unknown)".to_string()
                        } else {
                            budgets.join(", ")
                        }
                    );
                }
                if deadline.is_some_and(|d| Instant::now() + Duration::from_secs(5) >= d) {
                    return Err(Error::Usage(format!(
                        "error when evicting pods/{name:?} -n {ns:?}: global timeout reached"
                    )));
                }
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
            Err(e) => return Err(e),
        }
    }
}

/// One parsed taint argument: `key[=value]:Effect` to add, or `key[:Effect]-` to remove.
#[derive(Debug, PartialEq)]
pub struct TaintSpec {
    pub key: String,
    pub value: Option<String>,
    pub effect: Option<String>,
    pub remove: bool,
}

pub fn parse_taint(s: &str) -> Result<TaintSpec> {
    let bad = || Error::Usage(format!("invalid taint spec: {s}"));
    if let Some(r) = s.strip_suffix('-') {
        let (key, effect) = match r.split_once(':') {
            Some((k, e)) => (k, Some(e.to_string())),
            None => (r, None),
        };
        return Ok(TaintSpec {
            key: key.to_string(),
            value: None,
            effect,
            remove: true,
        });
    }
    let (kv, effect) = s.split_once(':').ok_or_else(bad)?;
    if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
        return Err(Error::Usage(format!(
            "invalid taint spec: {s}, unsupported taint effect {effect}"
        )));
    }
    let (key, value) = match kv.split_once('=') {
        Some((k, v)) => (k, Some(v.to_string())),
        None => (kv, None),
    };
    if key.is_empty() {
        return Err(bad());
    }
    Ok(TaintSpec {
        key: key.to_string(),
        value,
        effect: Some(effect.to_string()),
        remove: false,
    })
}

pub async fn taint(ctx: &Ctx, a: &TaintArgs) -> Result<()> {
    let split = a
        .args
        .iter()
        .position(|s| s.contains(':') || s.contains('=') || (s.ends_with('-') && !s.contains('/')))
        .unwrap_or(a.args.len());
    let (targets, specs) = a.args.split_at(split);
    let specs: Vec<TaintSpec> = specs
        .iter()
        .map(|s| parse_taint(s))
        .collect::<Result<_>>()?;
    if specs.is_empty() {
        return Err(Error::Usage("at least one taint update is required".into()));
    }
    let names = node_names(
        ctx,
        &CordonArgs {
            nodes: targets.to_vec(),
            selector: a.selector.clone(),
            dry_run: "none".into(),
        },
    )
    .await;
    let names = match names {
        Ok(n) => n,
        Err(_) if a.all => {
            let list = ctx.get_json(NODES, "application/json").await?;
            list["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|n| n["metadata"]["name"].as_str().map(str::to_string))
                .collect()
        }
        Err(e) => return Err(e),
    };
    let mut errors = Vec::new();
    for name in names {
        if let Err(e) = taint_one(ctx, a, &specs, &name).await {
            errors.push(e);
        }
    }
    finish_errors(errors)
}

async fn taint_one(ctx: &Ctx, a: &TaintArgs, specs: &[TaintSpec], name: &str) -> Result<()> {
    let path = format!("{NODES}/{name}");
    let node = ctx.get_json(&path, "application/json").await?;
    let mut taints: Vec<Value> = node["spec"]["taints"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let (mut added, mut removed) = (false, false);
    for s in specs {
        if s.remove {
            let before = taints.len();
            taints.retain(|t| {
                !(t["key"] == s.key.as_str()
                    && s.effect.as_ref().is_none_or(|e| t["effect"] == e.as_str()))
            });
            if taints.len() == before {
                let what = match &s.effect {
                    Some(e) => format!("{}:{e}", s.key),
                    None => s.key.clone(),
                };
                return Err(Error::Usage(format!("taint {what:?} not found")));
            }
            removed = true;
            continue;
        }
        let effect = s.effect.clone().unwrap_or_default();
        let mut new = json!({"key": s.key, "effect": effect});
        if let Some(v) = &s.value {
            new["value"] = json!(v);
        }
        if let Some(existing) = taints
            .iter_mut()
            .find(|t| t["key"] == s.key.as_str() && t["effect"] == effect.as_str())
        {
            if !a.overwrite {
                return Err(Error::Usage(format!(
                    "node {name} already has {} taint(s) with same effect(s) and --overwrite is false",
                    s.key
                )));
            }
            *existing = new;
        } else {
            taints.push(new);
        }
        added = true;
    }
    let patch = json!({"spec": {"taints": taints}});
    ctx.send_json(
        http::Method::PATCH,
        &path,
        "application/merge-patch+json",
        &patch,
    )
    .await?;
    let verb = match (added, removed) {
        (true, true) => "modified",
        (false, true) => "untainted",
        _ => "tainted",
    };
    crate::outln!("node/{name} {verb}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> DrainArgs {
        DrainArgs {
            cordon: CordonArgs {
                nodes: vec![],
                selector: None,
                dry_run: "none".into(),
            },
            ignore_daemonsets: false,
            delete_emptydir_data: false,
            force: false,
            timeout: "0s".into(),
            grace_period: -1,
            pod_selector: None,
            disable_eviction: false,
            progress: false,
        }
    }

    #[test]
    fn drain_refuses_bare_and_daemonset_pods_without_their_flags() {
        let bare = json!({"metadata": {"name": "a"}, "status": {"phase": "Running"}});
        let ds = json!({"metadata": {"name": "b", "ownerReferences": [{"kind": "DaemonSet", "controller": true}]}});
        let rs = json!({"metadata": {"name": "c", "ownerReferences": [{"kind": "ReplicaSet", "controller": true}]},
                        "spec": {"volumes": [{"name": "v", "emptyDir": {}}]}});
        let a = args();
        assert!(matches!(verdict(&bare, &a), Verdict::Refuse(m) if m.contains("--force")));
        assert!(
            matches!(verdict(&ds, &a), Verdict::Refuse(m) if m.contains("--ignore-daemonsets"))
        );
        assert!(
            matches!(verdict(&rs, &a), Verdict::Refuse(m) if m.contains("--delete-emptydir-data"))
        );
        let mut a = args();
        a.force = true;
        a.ignore_daemonsets = true;
        a.delete_emptydir_data = true;
        assert_eq!(
            verdict(&bare, &a),
            Verdict::Warn("deleting Pods that declare no controller")
        );
        assert_eq!(
            verdict(&ds, &a),
            Verdict::Warn("ignoring DaemonSet-managed Pods")
        );
        assert_eq!(verdict(&rs, &a), Verdict::Evict);
    }

    #[test]
    fn taint_specs_parse_adds_and_removals() {
        assert_eq!(
            parse_taint("k=v:NoSchedule").unwrap(),
            TaintSpec {
                key: "k".into(),
                value: Some("v".into()),
                effect: Some("NoSchedule".into()),
                remove: false
            }
        );
        assert_eq!(
            parse_taint("k:NoExecute-").unwrap(),
            TaintSpec {
                key: "k".into(),
                value: None,
                effect: Some("NoExecute".into()),
                remove: true
            }
        );
        assert!(parse_taint("k=v:Sometimes").is_err());
        assert!(parse_taint("k=v").is_err());
    }

    #[test]
    fn refusals_group_pods_by_reason() {
        let items = vec![
            ("r1", "a/x".to_string()),
            ("r2", "a/y".to_string()),
            ("r1", "b/z".to_string()),
        ];
        assert_eq!(grouped(&items), "r1: a/x, b/z; r2: a/y");
    }
}
