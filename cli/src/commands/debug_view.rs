//! The one-screen view of a node that `rkctl debug node/NAME` prints: the agent's health (Ready
//! condition and its age, the last heartbeat from the node's Lease, the kubelet version), the
//! conditions and any pressure, capacity vs allocatable vs requested vs used, the node's pods
//! with their containers, and the recent events about the node.
//!
//! [`render`] is a pure function of [`NodeFacts`] and the current time, so the view is
//! unit-tested on JSON; the fetching lives in `debug.rs`.

use std::fmt::Write as _;

use serde_json::Value;

use crate::commands::describe::{cpu_text, mem_text, quantity};
use crate::output::describe::{human_duration, parse_time};
use crate::output::tabwriter::align;

/// How many of the node's latest events the view shows.
pub const EVENTS_SHOWN: usize = 10;

/// Everything the view shows about one node.
#[derive(Debug)]
pub struct NodeFacts {
    /// The Node object.
    pub node: Value,
    /// Its Lease in kube-node-lease (the agent's heartbeat), if it has one.
    pub lease: Option<Value>,
    /// The pods bound to it.
    pub pods: Vec<Value>,
    /// Events about the node, oldest first.
    pub events: Vec<Value>,
    /// Its NodeMetrics from metrics.k8s.io, or why they could not be read.
    pub metrics: Result<Value, String>,
}

impl Default for NodeFacts {
    fn default() -> NodeFacts {
        NodeFacts {
            node: Value::Null,
            lease: None,
            pods: Vec::new(),
            events: Vec::new(),
            metrics: Err("not read".to_string()),
        }
    }
}

fn s<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn ago(now: i64, time: &str) -> Option<String> {
    parse_time(time).map(|t| human_duration((now - t).max(0)))
}

fn or_dash(text: &str) -> &str {
    if text.is_empty() { "-" } else { text }
}

fn condition<'a>(node: &'a Value, kind: &str) -> Option<&'a Value> {
    node.pointer("/status/conditions")?
        .as_array()?
        .iter()
        .find(|c| s(c, "/type") == kind)
}

/// The sum of a resource's requests or limits over a pod's containers, as Kubernetes counts
/// it for scheduling: the larger of the app containers' sum and any one init container.
fn pod_amount(pod: &Value, list: &str, resource: &str) -> f64 {
    let each = |path: &str| -> Vec<f64> {
        pod.pointer(path)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| c.pointer(&format!("/resources/{list}/{resource}")))
            .filter_map(Value::as_str)
            .filter_map(quantity)
            .collect()
    };
    let apps: f64 = each("/spec/containers").into_iter().sum();
    let init = each("/spec/initContainers").into_iter().fold(0.0, f64::max);
    apps.max(init)
}

/// Pods that still hold their resources (not Succeeded or Failed).
fn holds_resources(pod: &Value) -> bool {
    !matches!(s(pod, "/status/phase"), "Succeeded" | "Failed")
}

/// Bytes in the largest binary unit that leaves at least 1 (`23.5Gi`, `512Mi`), exact
/// amounts without a decimal.
fn bytes_text(v: f64) -> String {
    for (unit, size) in [
        ("Ti", 1u64 << 40),
        ("Gi", 1 << 30),
        ("Mi", 1 << 20),
        ("Ki", 1 << 10),
    ] {
        let size = size as f64;
        if v >= size {
            let n = v / size;
            return if (n - n.round()).abs() < 0.05 {
                format!("{}{unit}", n.round() as i64)
            } else {
                format!("{n:.1}{unit}")
            };
        }
    }
    mem_text(v)
}

fn amount_text(resource: &str, v: f64) -> String {
    match resource {
        "cpu" => cpu_text(v),
        "memory" | "ephemeral-storage" => bytes_text(v),
        _ => format!("{}", v.round() as i64),
    }
}

fn with_percent(resource: &str, v: f64, of: Option<f64>) -> String {
    match of {
        Some(total) if total > 0.0 => {
            format!(
                "{} ({}%)",
                amount_text(resource, v),
                (v / total * 100.0) as i64
            )
        }
        _ => amount_text(resource, v),
    }
}

fn agent_section(out: &mut String, f: &NodeFacts, now: i64) {
    let node = &f.node;
    out.push_str("Agent:\n");
    match condition(node, "Ready") {
        Some(r) => {
            let since = ago(now, s(r, "/lastTransitionTime"))
                .map(|a| format!(" for {a}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  Ready:           {}{since} ({})",
                s(r, "/status"),
                or_dash(s(r, "/reason"))
            );
            if let Some(a) = ago(now, s(r, "/lastHeartbeatTime")) {
                let _ = writeln!(out, "  Status posted:   {a} ago");
            }
        }
        None => out.push_str("  Ready:           unknown (the agent has never reported)\n"),
    }
    match &f.lease {
        Some(lease) => {
            let renewed = s(lease, "/spec/renewTime");
            let duration = lease
                .pointer("/spec/leaseDurationSeconds")
                .and_then(Value::as_i64)
                .unwrap_or(40);
            let when = ago(now, renewed)
                .map(|a| format!("{a} ago"))
                .unwrap_or_else(|| "never".to_string());
            let late = parse_time(renewed).is_some_and(|t| now - t > duration);
            let _ = writeln!(
                out,
                "  Last heartbeat:  {when} (Lease kube-node-lease/{}, lease {duration}s){}",
                s(lease, "/metadata/name"),
                if late {
                    " — LATE: the agent may be down"
                } else {
                    ""
                }
            );
        }
        None => out.push_str("  Last heartbeat:  no Lease in kube-node-lease\n"),
    }
    let info = node.pointer("/status/nodeInfo").unwrap_or(&Value::Null);
    let _ = writeln!(
        out,
        "  Kubelet:         {} ({}; {} {}/{})",
        or_dash(s(info, "/kubeletVersion")),
        or_dash(s(info, "/containerRuntimeVersion")),
        or_dash(s(info, "/osImage")),
        or_dash(s(info, "/operatingSystem")),
        or_dash(s(info, "/architecture"))
    );
}

fn conditions_section(out: &mut String, node: &Value, now: i64) {
    let conditions = node
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    out.push_str("Conditions:\n");
    let mut lines = vec!["  TYPE\tSTATUS\tSINCE\tREASON\tMESSAGE".to_string()];
    for c in &conditions {
        lines.push(format!(
            "  {}\t{}\t{}\t{}\t{}",
            s(c, "/type"),
            s(c, "/status"),
            ago(now, s(c, "/lastTransitionTime")).unwrap_or_else(|| "-".into()),
            or_dash(s(c, "/reason")),
            s(c, "/message")
        ));
    }
    if conditions.is_empty() {
        out.push_str("  none reported\n");
    } else {
        out.push_str(&align(&lines));
    }
    let pressure: Vec<&str> = conditions
        .iter()
        .filter(|c| s(c, "/type").ends_with("Pressure") && s(c, "/status") == "True")
        .map(|c| s(c, "/type"))
        .collect();
    let _ = writeln!(
        out,
        "  Pressure: {}",
        if pressure.is_empty() {
            "none".to_string()
        } else {
            pressure.join(", ")
        }
    );
    if node.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true) {
        out.push_str("  Cordoned: no new pods are scheduled here (rkctl uncordon to undo)\n");
    }
    let taints = crate::commands::why::taint_strings(node);
    let _ = writeln!(
        out,
        "  Taints: {}",
        if taints.is_empty() {
            "none".to_string()
        } else {
            taints.join(", ")
        }
    );
}

fn resources_section(out: &mut String, f: &NodeFacts) {
    let capacity = f.node.pointer("/status/capacity").unwrap_or(&Value::Null);
    let allocatable = f
        .node
        .pointer("/status/allocatable")
        .unwrap_or(&Value::Null);
    let usage = f.metrics.as_ref().ok().and_then(|m| m.get("usage"));
    let holding: Vec<&Value> = f.pods.iter().filter(|p| holds_resources(p)).collect();
    out.push_str("Resources:\n");
    let mut lines = vec!["  RESOURCE\tCAPACITY\tALLOCATABLE\tREQUESTED\tLIMITS\tUSED".to_string()];
    for resource in ["cpu", "memory", "ephemeral-storage", "pods"] {
        let q = |m: &Value| m.get(resource).and_then(Value::as_str).map(str::to_string);
        let alloc = q(allocatable).as_deref().and_then(quantity);
        let (requested, limits) = if resource == "pods" {
            (
                with_percent(resource, holding.len() as f64, alloc),
                "-".to_string(),
            )
        } else {
            let r: f64 = holding
                .iter()
                .map(|p| pod_amount(p, "requests", resource))
                .sum();
            let l: f64 = holding
                .iter()
                .map(|p| pod_amount(p, "limits", resource))
                .sum();
            (
                with_percent(resource, r, alloc),
                with_percent(resource, l, alloc),
            )
        };
        let used = match usage.and_then(|u| u.get(resource)).and_then(Value::as_str) {
            Some(u) => quantity(u)
                .map(|v| with_percent(resource, v, alloc))
                .unwrap_or_else(|| u.to_string()),
            None => "-".to_string(),
        };
        let shown = |m: &Value| {
            q(m).map(|text| match quantity(&text) {
                Some(v) => amount_text(resource, v),
                None => text,
            })
            .unwrap_or_else(|| "-".into())
        };
        lines.push(format!(
            "  {resource}\t{}\t{}\t{requested}\t{limits}\t{used}",
            shown(capacity),
            shown(allocatable),
        ));
    }
    out.push_str(&align(&lines));
    match &f.metrics {
        Ok(m) => {
            let window = s(m, "/window");
            let _ = writeln!(
                out,
                "  Used: from metrics.k8s.io{}",
                if window.is_empty() {
                    String::new()
                } else {
                    format!(" over {window}")
                }
            );
        }
        Err(why) => {
            let _ = writeln!(out, "  Used: metrics unavailable ({why})");
        }
    }
}

/// One container's state in a few words: `running`, `waiting (CrashLoopBackOff)`,
/// `terminated (Completed, exit 0)`; with the last termination when it restarted.
fn container_state(c: &Value) -> String {
    let state = c.get("state").unwrap_or(&Value::Null);
    let mut text = if state.get("running").is_some() {
        "running".to_string()
    } else if let Some(w) = state.get("waiting") {
        format!("waiting ({})", or_dash(s(w, "/reason")))
    } else if let Some(t) = state.get("terminated") {
        format!(
            "terminated ({}, exit {})",
            or_dash(s(t, "/reason")),
            t.get("exitCode").and_then(Value::as_i64).unwrap_or(0)
        )
    } else {
        "unknown".to_string()
    };
    if let Some(t) = c.pointer("/lastState/terminated") {
        let _ = write!(
            text,
            "; last: {} exit {}",
            or_dash(s(t, "/reason")),
            t.get("exitCode").and_then(Value::as_i64).unwrap_or(0)
        );
    }
    text
}

fn pods_section(out: &mut String, f: &NodeFacts, now: i64) {
    let mut pods: Vec<&Value> = f.pods.iter().collect();
    pods.sort_by_key(|p| (s(p, "/metadata/namespace"), s(p, "/metadata/name")));
    let _ = writeln!(out, "Pods ({}):", pods.len());
    if pods.is_empty() {
        out.push_str("  none\n");
        return;
    }
    let mut lines = vec!["  NAMESPACE/POD\tCONTAINER\tREADY\tRESTARTS\tSTATE\tAGE".to_string()];
    for p in pods {
        let statuses: Vec<&Value> = ["/status/initContainerStatuses", "/status/containerStatuses"]
            .iter()
            .filter_map(|ptr| p.pointer(ptr).and_then(Value::as_array))
            .flatten()
            .collect();
        let pod = format!(
            "{}/{} ({})",
            s(p, "/metadata/namespace"),
            s(p, "/metadata/name"),
            or_dash(s(p, "/status/phase"))
        );
        let age = ago(now, s(p, "/metadata/creationTimestamp")).unwrap_or_else(|| "-".into());
        if statuses.is_empty() {
            let names: Vec<&str> = p
                .pointer("/spec/containers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|c| s(c, "/name"))
                .collect();
            lines.push(format!(
                "  {pod}\t{}\t-\t-\tno status yet\t{age}",
                or_dash(&names.join(","))
            ));
            continue;
        }
        for (i, c) in statuses.iter().enumerate() {
            let first = i == 0;
            lines.push(format!(
                "  {}\t{}\t{}\t{}\t{}\t{}",
                if first { pod.as_str() } else { "" },
                s(c, "/name"),
                if c.get("ready").and_then(Value::as_bool) == Some(true) {
                    "yes"
                } else {
                    "no"
                },
                c.get("restartCount").and_then(Value::as_i64).unwrap_or(0),
                container_state(c),
                if first { age.as_str() } else { "" },
            ));
        }
    }
    out.push_str(&align(&lines));
}

fn event_time(e: &Value) -> &str {
    [
        "/lastTimestamp",
        "/eventTime",
        "/firstTimestamp",
        "/metadata/creationTimestamp",
    ]
    .iter()
    .map(|p| s(e, p))
    .find(|t| !t.is_empty())
    .unwrap_or("")
}

fn events_section(out: &mut String, f: &NodeFacts, now: i64) {
    let shown = &f.events[f.events.len().saturating_sub(EVENTS_SHOWN)..];
    let _ = writeln!(
        out,
        "Events ({} of {}, oldest first):",
        shown.len(),
        f.events.len()
    );
    if shown.is_empty() {
        out.push_str("  none\n");
        return;
    }
    let mut lines = vec!["  AGE\tTYPE\tREASON\tCOUNT\tMESSAGE".to_string()];
    for e in shown {
        lines.push(format!(
            "  {}\t{}\t{}\t{}\t{}",
            ago(now, event_time(e)).unwrap_or_else(|| "-".into()),
            or_dash(s(e, "/type")),
            or_dash(s(e, "/reason")),
            e.get("count").and_then(Value::as_i64).unwrap_or(1),
            s(e, "/message").trim_end()
        ));
    }
    out.push_str(&align(&lines));
}

/// Sorts events oldest first (by their last, event or first time).
pub fn sort_events(events: &mut [Value]) {
    events.sort_by(|a, b| event_time(a).cmp(event_time(b)));
}

/// The whole view, as printed; `now` is the current time in Unix seconds.
pub fn render(f: &NodeFacts, now: i64) -> String {
    let node = &f.node;
    let name = s(node, "/metadata/name");
    let ready = condition(node, "Ready").map(|c| s(c, "/status"));
    let verdict = match ready {
        Some("True") => "Ready",
        Some("False") => "NotReady",
        _ => "Unknown",
    };
    let addresses: Vec<String> = node
        .pointer("/status/addresses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|a| format!("{} {}", s(a, "/type"), s(a, "/address")))
        .collect();
    let mut out = format!(
        "node/{name}: {verdict}, up {}\n",
        ago(now, s(node, "/metadata/creationTimestamp")).unwrap_or_else(|| "-".into())
    );
    if !addresses.is_empty() {
        let _ = writeln!(out, "Addresses: {}", addresses.join(", "));
    }
    agent_section(&mut out, f, now);
    conditions_section(&mut out, node, now);
    resources_section(&mut out, f);
    pods_section(&mut out, f, now);
    events_section(&mut out, f, now);
    out
}

#[cfg(test)]
#[path = "debug_view_tests.rs"]
mod tests;
