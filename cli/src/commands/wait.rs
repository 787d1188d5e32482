//! `rkctl wait --for=condition=C[=V] | delete | jsonpath='{…}'=V` and `rkctl events`: wait
//! polls the API server (kubectl watches; the visible output is the same), `events -w` watches
//! from the listed revision; both print kubectl's lines — `pod/x condition met`, or the events table `LAST SEEN TYPE REASON OBJECT MESSAGE`.

use std::time::{Duration, Instant};

use clap::Args;
use serde_json::Value;

use crate::client::{Ctx, with_query};
use crate::commands::common::{self, Target};
use crate::commands::rollout::parse_duration;
use crate::discovery::Discovery;
use crate::error::{Error, Result};
use crate::output::describe::{human_duration, seconds_since};
use crate::output::{jsonpath, tabwriter};

#[derive(Args, Debug, Clone)]
pub struct WaitArgs {
    /// (TYPE NAME | TYPE/NAME | TYPE -l selector | TYPE --all)
    pub resources: Vec<String>,
    /// The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]].
    #[arg(long = "for")]
    pub condition: String,
    /// The length of time to wait before giving up. Zero means check once and don't wait.
    #[arg(long, default_value = "30s")]
    pub timeout: String,
    /// Selector (label query) to filter on.
    #[arg(short = 'l', long)]
    pub selector: Option<String>,
    /// Select all resources in the namespace of the specified resource types.
    #[arg(long)]
    pub all: bool,
    /// If present, list the requested object(s) across all namespaces.
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
    /// Output format.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
}

/// What `--for` asks.
#[derive(Debug, PartialEq)]
pub enum Condition {
    Delete,
    Create,
    Condition { name: String, value: String },
    JsonPath { path: String, value: Option<String> },
}

pub fn parse_for(s: &str) -> Result<Condition> {
    if s == "delete" {
        return Ok(Condition::Delete);
    }
    if s == "create" {
        return Ok(Condition::Create);
    }
    if let Some(rest) = s.strip_prefix("condition=") {
        let (name, value) = rest.split_once('=').unwrap_or((rest, "true"));
        return Ok(Condition::Condition {
            name: name.to_string(),
            value: value.to_string(),
        });
    }
    if let Some(rest) = s.strip_prefix("jsonpath=") {
        let (path, value) = match rest.rfind("}=") {
            Some(i) => (&rest[..=i], Some(rest[i + 2..].to_string())),
            None => (rest, None),
        };
        let path = path.trim_matches('\'').to_string();
        jsonpath::Template::parse(&path)
            .map_err(|e| Error::Usage(format!("unrecognized condition: {s:?}: {e}")))?;
        return Ok(Condition::JsonPath { path, value });
    }
    Err(Error::Usage(format!("unrecognized condition: {s:?}")))
}

/// Whether an object (None: absent) satisfies the condition.
pub fn met(cond: &Condition, object: Option<&Value>) -> bool {
    match (cond, object) {
        (Condition::Delete, o) => o.is_none(),
        (Condition::Create, o) => o.is_some(),
        (_, None) => false,
        (Condition::Condition { name, value }, Some(o)) => o["status"]["conditions"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| {
                c["type"]
                    .as_str()
                    .is_some_and(|t| t.eq_ignore_ascii_case(name))
                    && c["status"]
                        .as_str()
                        .is_some_and(|v| v.eq_ignore_ascii_case(value))
            }),
        (Condition::JsonPath { path, value }, Some(o)) => {
            let Ok(t) = jsonpath::Template::parse(path) else {
                return false;
            };
            let found = t.find(o);
            match value {
                Some(v) => found.len() == 1 && jsonpath::text_of(&found[0]) == *v,
                None => found.first().is_some_and(|f| !f.is_null()),
            }
        }
    }
}

async fn wait_targets(ctx: &Ctx, a: &WaitArgs) -> Result<Vec<Target>> {
    let named = a.resources.iter().any(|r| r.contains('/')) || a.resources.len() > 1;
    if named {
        return common::targets(ctx, &a.resources).await;
    }
    let Some(typed) = a.resources.first() else {
        return Err(Error::Usage(
            "You must provide one or more resources by argument or filename.".into(),
        ));
    };
    if a.selector.is_none() && !a.all {
        return Err(Error::Usage(
            "resource(s) were provided, but no name was specified".into(),
        ));
    }
    let mut discovery = Discovery::load(ctx).await?;
    let resource = discovery.resolve(ctx, typed).await;
    discovery.finish().await;
    let resource = resource?;
    let mut params = Vec::new();
    if let Some(l) = &a.selector {
        params.push(("labelSelector", l.clone()));
    }
    let ns = (!a.all_namespaces).then_some(ctx.namespace.as_str());
    let items = common::list(ctx, &resource, ns, &params).await?;
    if items.is_empty() {
        return Err(Error::Usage("no matching resources found".into()));
    }
    Ok(items
        .iter()
        .map(|o| Target {
            resource: resource.clone(),
            namespace: o["metadata"]["namespace"].as_str().map(str::to_string),
            name: o["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        })
        .collect())
}

pub async fn wait(ctx: &Ctx, a: &WaitArgs) -> Result<()> {
    let cond = parse_for(&a.condition)?;
    let timeout = parse_duration(&a.timeout)?;
    let deadline = Instant::now() + timeout;
    let targets = wait_targets(ctx, a).await?;
    for t in targets {
        let mut first = true;
        loop {
            let object = match ctx.get_json(&t.path(), "application/json").await {
                Ok(o) => Some(o),
                Err(e) if e.reason() == Some("NotFound") => None,
                Err(e) => return Err(e),
            };
            if first && object.is_none() && cond == Condition::Delete {
                // kubectl prints nothing for an object already gone.
                break;
            }
            first = false;
            if met(&cond, object.as_ref()) {
                let shown = object.unwrap_or(Value::Null);
                common::print(
                    a.output.as_deref(),
                    &shown,
                    &t.prefix(),
                    &t.name,
                    "condition met",
                )?;
                break;
            }
            if object.is_none() && cond != Condition::Create {
                return Err(Error::Usage(format!(
                    "{} {:?} not found",
                    t.resource.qualified_plural(),
                    t.name
                )));
            }
            if Instant::now() >= deadline {
                return Err(Error::Usage(format!(
                    "timed out waiting for the condition on {}/{}",
                    t.resource.qualified_plural(),
                    t.name
                )));
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
    Ok(())
}

#[derive(Args, Debug, Clone)]
pub struct EventsArgs {
    /// Filter events to only those pertaining to the specified resource (TYPE/NAME).
    #[arg(long = "for")]
    pub for_object: Option<String>,
    /// Output only events of given types (Normal, Warning).
    #[arg(long, value_delimiter = ',')]
    pub types: Vec<String>,
    /// If present, list the requested object(s) across all namespaces.
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
    /// After listing the requested events, watch for more events.
    #[arg(short = 'w', long)]
    pub watch: bool,
    /// When using the default output format, don't print headers.
    #[arg(long)]
    pub no_headers: bool,
    /// Output format: json|yaml.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
}

fn event_time(e: &Value) -> &str {
    ["lastTimestamp", "eventTime", "firstTimestamp"]
        .iter()
        .find_map(|k| e[*k].as_str().filter(|s| !s.is_empty()))
        .or_else(|| e["series"]["lastObservedTime"].as_str())
        .or_else(|| e["metadata"]["creationTimestamp"].as_str())
        .unwrap_or_default()
}

/// One events-table row (without the namespace column).
pub fn event_row(e: &Value) -> String {
    let seen = seconds_since(event_time(e))
        .map(human_duration)
        .unwrap_or_else(|| "<unknown>".into());
    let count = e["count"].as_i64().unwrap_or(0);
    let seen = if count > 1 {
        let first = e["firstTimestamp"]
            .as_str()
            .and_then(seconds_since)
            .map(human_duration);
        match first {
            Some(f) => format!("{seen} (x{count} over {f})"),
            None => seen,
        }
    } else {
        seen
    };
    let obj = &e["involvedObject"];
    format!(
        "{seen}\t{}\t{}\t{}/{}\t{}",
        e["type"].as_str().unwrap_or_default(),
        e["reason"].as_str().unwrap_or_default(),
        obj["kind"].as_str().unwrap_or_default(),
        obj["name"].as_str().unwrap_or_default(),
        e["message"].as_str().unwrap_or_default().trim()
    )
}

pub async fn events(ctx: &Ctx, a: &EventsArgs) -> Result<()> {
    let ns = (!a.all_namespaces).then_some(ctx.namespace.as_str());
    let mut params = Vec::new();
    if let Some(f) = &a.for_object {
        let (typed, name) = f
            .split_once('/')
            .ok_or_else(|| Error::Usage("--for must be in resource/name form".to_string()))?;
        let mut discovery = Discovery::load(ctx).await?;
        let r = discovery.resolve(ctx, typed).await;
        discovery.finish().await;
        let r = r?;
        params.push((
            "fieldSelector",
            format!("involvedObject.kind={},involvedObject.name={name}", r.kind),
        ));
    }
    let path = match ns {
        Some(n) => format!("/api/v1/namespaces/{n}/events"),
        None => "/api/v1/events".to_string(),
    };
    let list = ctx
        .get_json(&with_query(&path, &params), "application/json")
        .await?;
    let keep = |e: &Value| {
        a.types.is_empty()
            || a.types.iter().any(|t| {
                e["type"]
                    .as_str()
                    .is_some_and(|x| x.eq_ignore_ascii_case(t))
            })
    };
    let mut items: Vec<Value> = list["items"].as_array().cloned().unwrap_or_default();
    items.retain(keep);
    items.sort_by(|x, y| event_time(x).cmp(event_time(y)));
    if let Some(o) = a.output.as_deref() {
        let doc = serde_json::json!({"apiVersion": "v1", "kind": "EventList", "items": items, "metadata": {"resourceVersion": ""}});
        return common::print(Some(o), &doc, "event", "", "");
    }
    if items.is_empty() && !a.watch {
        match ns {
            Some(n) => eprintln!("No events found in {n} namespace."),
            None => eprintln!("No events found."),
        }
        return Ok(());
    }
    let mut lines = Vec::new();
    if !a.no_headers {
        lines.push(format!(
            "{}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE",
            if ns.is_none() { "NAMESPACE\t" } else { "" }
        ));
    }
    let row = |e: &Value| {
        let r = event_row(e);
        match ns {
            None => format!(
                "{}\t{r}",
                e["metadata"]["namespace"].as_str().unwrap_or_default()
            ),
            Some(_) => r,
        }
    };
    lines.extend(items.iter().map(row));
    let mut widths = Vec::new();
    crate::out!("{}", tabwriter::align_remembering(&lines, &mut widths));
    if !a.watch {
        return Ok(());
    }
    let mut rv = list["metadata"]["resourceVersion"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    // A watch from the list's revision: each event arrives once, as it happens (kubectl's
    // `events -w`); resumed from the last revision seen when the server ends it, relisted
    // from now on 410 Gone.
    loop {
        let mut watch_params = params.clone();
        watch_params.push(("watch", "true".into()));
        watch_params.push(("allowWatchBookmarks", "true".into()));
        if !rv.is_empty() {
            watch_params.push(("resourceVersion", rv.clone()));
        }
        let mut events = ctx.watch_lines(&with_query(&path, &watch_params)).await?;
        while let Some(line) = futures::StreamExt::next(&mut events).await {
            let Ok(line) = line else { break };
            let Ok(event) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            let object = &event["object"];
            match event["type"].as_str() {
                Some("ADDED" | "MODIFIED") => {
                    if let Some(v) = object["metadata"]["resourceVersion"].as_str() {
                        rv = v.to_string();
                    }
                    if keep(object) {
                        let lines = vec![row(object)];
                        crate::out!("{}", tabwriter::align_remembering(&lines, &mut widths));
                    }
                }
                Some("BOOKMARK") => {
                    if let Some(v) = object["metadata"]["resourceVersion"].as_str() {
                        rv = v.to_string();
                    }
                }
                Some("ERROR") if object["code"] == 410 => {
                    rv.clear();
                    break;
                }
                Some("ERROR") => {
                    let status: kube::core::Status =
                        serde_json::from_value(object.clone()).unwrap_or_default();
                    return Err(Error::Server(Box::new(status)));
                }
                _ => {}
            }
        }
        if rv.is_empty() {
            // Gone: continue from the current state without replaying what was shown.
            let list = ctx
                .get_json(&with_query(&path, &params), "application/json")
                .await?;
            rv = list["metadata"]["resourceVersion"]
                .as_str()
                .unwrap_or_default()
                .to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn for_flags_parse_conditions_deletion_and_jsonpath() {
        assert_eq!(parse_for("delete").unwrap(), Condition::Delete);
        assert_eq!(
            parse_for("condition=Ready").unwrap(),
            Condition::Condition {
                name: "Ready".into(),
                value: "true".into()
            }
        );
        assert_eq!(
            parse_for("condition=Available=False").unwrap(),
            Condition::Condition {
                name: "Available".into(),
                value: "False".into()
            }
        );
        assert_eq!(
            parse_for("jsonpath={.status.phase}=Running").unwrap(),
            Condition::JsonPath {
                path: "{.status.phase}".into(),
                value: Some("Running".into())
            }
        );
        assert!(parse_for("ready").is_err());
    }

    #[test]
    fn conditions_match_case_insensitively_and_jsonpath_by_value() {
        let pod = json!({"status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}});
        assert!(met(&parse_for("condition=ready").unwrap(), Some(&pod)));
        assert!(!met(
            &parse_for("condition=Ready=false").unwrap(),
            Some(&pod)
        ));
        assert!(met(
            &parse_for("jsonpath={.status.phase}=Running").unwrap(),
            Some(&pod)
        ));
        assert!(!met(
            &parse_for("jsonpath={.status.phase}=Pending").unwrap(),
            Some(&pod)
        ));
        assert!(met(&Condition::Delete, None));
        assert!(!met(&Condition::Delete, Some(&pod)));
    }
}
