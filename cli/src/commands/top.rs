//! `rkctl top pod [-A] [--containers] [-l SEL] [NAME]` and `rkctl top node [NAME]`: resource
//! usage from metrics.k8s.io/v1beta1, in kubectl's columns (CPU in millicores, memory in Mi,
//! node percentages of allocatable).

use clap::{Args, Subcommand};
use serde_json::Value;

use crate::client::{Ctx, encode, with_query};
use crate::error::{Error, Result};
use crate::output::tabwriter;

const METRICS: &str = "/apis/metrics.k8s.io/v1beta1";

#[derive(Subcommand, Debug, Clone)]
pub enum TopCommand {
    /// Display resource (CPU/memory) usage of pods.
    #[command(visible_alias = "pods", visible_alias = "po")]
    Pod(TopPodArgs),
    /// Display resource (CPU/memory) usage of nodes.
    #[command(visible_alias = "nodes", visible_alias = "no")]
    Node(TopNodeArgs),
}

#[derive(Args, Debug, Clone)]
pub struct TopPodArgs {
    /// Only this pod.
    pub name: Option<String>,
    /// Selector (label query) to filter on.
    #[arg(short = 'l', long)]
    pub selector: Option<String>,
    /// Print usage of containers within a pod.
    #[arg(long)]
    pub containers: bool,
    /// If present, print output without headers.
    #[arg(long)]
    pub no_headers: bool,
    /// Sort by cpu or memory.
    #[arg(long)]
    pub sort_by: Option<String>,
    /// Print the sum of the resource usage.
    #[arg(long)]
    pub sum: bool,
    /// List the requested object(s) across all namespaces.
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
}

#[derive(Args, Debug, Clone)]
pub struct TopNodeArgs {
    /// Only this node.
    pub name: Option<String>,
    /// Selector (label query) to filter on.
    #[arg(short = 'l', long)]
    pub selector: Option<String>,
    /// If present, print output without headers.
    #[arg(long)]
    pub no_headers: bool,
    /// Sort by cpu or memory.
    #[arg(long)]
    pub sort_by: Option<String>,
    /// Print node resources based on Capacity instead of Allocatable (default) of the nodes.
    #[arg(long)]
    pub show_capacity: bool,
}

pub async fn run(ctx: &Ctx, cmd: &TopCommand) -> Result<()> {
    match cmd {
        TopCommand::Pod(a) => pods(ctx, a).await,
        TopCommand::Node(a) => nodes(ctx, a).await,
    }
}

async fn metrics(ctx: &Ctx, path: &str) -> Result<Value> {
    match ctx.get_json(path, "application/json").await {
        Err(e)
            if e.reason() == Some("NotFound")
                && !path.contains("/pods/")
                && !path.contains("/nodes/") =>
        {
            Err(Error::Usage("Metrics API not available".into()))
        }
        other => other,
    }
}

async fn pods(ctx: &Ctx, args: &TopPodArgs) -> Result<()> {
    let all = args.all_namespaces;
    let ns_path = if all {
        format!("{METRICS}/pods")
    } else {
        format!("{METRICS}/namespaces/{}/pods", encode(&ctx.namespace))
    };
    let items: Vec<Value> = match &args.name {
        Some(name) => vec![metrics(ctx, &format!("{ns_path}/{}", encode(name))).await?],
        None => {
            let params: Vec<(&str, String)> = args
                .selector
                .iter()
                .map(|s| ("labelSelector", s.clone()))
                .collect();
            let list = metrics(ctx, &with_query(&ns_path, &params)).await?;
            list["items"].as_array().cloned().unwrap_or_default()
        }
    };
    if items.is_empty() {
        if all {
            eprintln!("No resources found");
        } else {
            eprintln!("No resources found in {} namespace.", ctx.namespace);
        }
        return Ok(());
    }
    let mut rows: Vec<PodRow> = items.iter().map(pod_row).collect();
    sort_rows(&mut rows, args.sort_by.as_deref(), |r| (r.cpu, r.memory));
    print!(
        "{}",
        pod_table(&rows, all, args.containers, args.no_headers, args.sum)
    );
    Ok(())
}

/// One pod's usage and its containers'.
#[derive(Debug, Clone)]
pub struct PodRow {
    pub namespace: String,
    pub name: String,
    /// Millicores.
    pub cpu: u64,
    /// Bytes.
    pub memory: u64,
    pub containers: Vec<(String, u64, u64)>,
}

fn pod_row(m: &Value) -> PodRow {
    let containers: Vec<(String, u64, u64)> = m["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["name"].as_str().unwrap_or_default().to_string(),
                millis(&c["usage"]["cpu"]),
                bytes(&c["usage"]["memory"]),
            )
        })
        .collect();
    PodRow {
        namespace: m["metadata"]["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        name: m["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        cpu: containers.iter().map(|c| c.1).sum(),
        memory: containers.iter().map(|c| c.2).sum(),
        containers,
    }
}

fn sort_rows<T>(rows: &mut [T], by: Option<&str>, key: impl Fn(&T) -> (u64, u64)) {
    match by {
        Some("cpu") => rows.sort_by_key(|r| std::cmp::Reverse(key(r).0)),
        Some("memory") => rows.sort_by_key(|r| std::cmp::Reverse(key(r).1)),
        _ => {}
    }
}

/// kubectl's `top pod` table (every cell ends with a tab, as its printer writes them).
pub fn pod_table(
    rows: &[PodRow],
    all: bool,
    containers: bool,
    no_headers: bool,
    sum: bool,
) -> String {
    let mut lines = Vec::new();
    let ns = |r: &PodRow| {
        if all {
            format!("{}\t", r.namespace)
        } else {
            String::new()
        }
    };
    if !no_headers {
        let mut head = String::new();
        if all {
            head.push_str("NAMESPACE\t");
        }
        head.push_str(if containers { "POD\tNAME\t" } else { "NAME\t" });
        head.push_str("CPU(cores)\tMEMORY(bytes)\t");
        lines.push(head);
    }
    for r in rows {
        if containers {
            for (c, cpu, mem) in &r.containers {
                lines.push(format!(
                    "{}{}\t{c}\t{}\t{}\t",
                    ns(r),
                    r.name,
                    cpu_text(*cpu),
                    mem_text(*mem)
                ));
            }
        } else {
            lines.push(format!(
                "{}{}\t{}\t{}\t",
                ns(r),
                r.name,
                cpu_text(r.cpu),
                mem_text(r.memory)
            ));
        }
    }
    if sum {
        let cpu: u64 = rows.iter().map(|r| r.cpu).sum();
        let mem: u64 = rows.iter().map(|r| r.memory).sum();
        let lead = if all { "\t" } else { "" }.to_string() + if containers { "\t\t" } else { "\t" };
        lines.push(format!("{lead}________\t________\t"));
        lines.push(format!("{lead}{}\t{}\t", cpu_text(cpu), mem_text(mem)));
    }
    let mut out = tabwriter::align(&lines);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

async fn nodes(ctx: &Ctx, args: &TopNodeArgs) -> Result<()> {
    let params: Vec<(&str, String)> = args
        .selector
        .iter()
        .map(|s| ("labelSelector", s.clone()))
        .collect();
    let (items, node_list): (Vec<Value>, Vec<Value>) = match &args.name {
        Some(name) => (
            vec![metrics(ctx, &format!("{METRICS}/nodes/{}", encode(name))).await?],
            vec![
                ctx.get_json(
                    &format!("/api/v1/nodes/{}", encode(name)),
                    "application/json",
                )
                .await?,
            ],
        ),
        None => {
            let list = metrics(ctx, &with_query(&format!("{METRICS}/nodes"), &params)).await?;
            let nodes = ctx
                .get_json(&with_query("/api/v1/nodes", &params), "application/json")
                .await?;
            (
                list["items"].as_array().cloned().unwrap_or_default(),
                nodes["items"].as_array().cloned().unwrap_or_default(),
            )
        }
    };
    if items.is_empty() && node_list.is_empty() {
        return Err(Error::Plain("No resources found".into()));
    }
    let field = if args.show_capacity {
        "capacity"
    } else {
        "allocatable"
    };
    let mut rows: Vec<NodeRow> = Vec::new();
    for m in &items {
        let name = m["metadata"]["name"].as_str().unwrap_or_default();
        let node = node_list.iter().find(|n| n["metadata"]["name"] == name);
        let total = node.map(|n| &n["status"][field]);
        rows.push(NodeRow {
            name: name.to_string(),
            usage: Some((millis(&m["usage"]["cpu"]), bytes(&m["usage"]["memory"]))),
            total: total.map(|t| (millis(&t["cpu"]), bytes(&t["memory"]))),
        });
    }
    // Nodes without metrics show as <unknown>, after the others (kubectl's order).
    for n in &node_list {
        let name = n["metadata"]["name"].as_str().unwrap_or_default();
        if !rows.iter().any(|r| r.name == name) {
            rows.push(NodeRow {
                name: name.to_string(),
                usage: None,
                total: None,
            });
        }
    }
    sort_rows(&mut rows, args.sort_by.as_deref(), |r| {
        r.usage.unwrap_or((0, 0))
    });
    print!("{}", node_table(&rows, args.no_headers));
    Ok(())
}

/// One node's usage and its allocatable (or capacity).
#[derive(Debug, Clone)]
pub struct NodeRow {
    pub name: String,
    pub usage: Option<(u64, u64)>,
    pub total: Option<(u64, u64)>,
}

/// kubectl's `top node` table.
pub fn node_table(rows: &[NodeRow], no_headers: bool) -> String {
    let mut lines = Vec::new();
    if !no_headers {
        lines.push("NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t".to_string());
    }
    let pct = |used: u64, total: u64| match (used * 100).checked_div(total) {
        Some(p) => format!("{p}%"),
        None => "<unknown>".to_string(),
    };
    for r in rows {
        match (r.usage, r.total) {
            (Some((cpu, mem)), Some((tcpu, tmem))) => lines.push(format!(
                "{}\t{}\t{}\t{}\t{}\t",
                r.name,
                cpu_text(cpu),
                pct(cpu, tcpu),
                mem_text(mem),
                pct(mem, tmem)
            )),
            _ => lines.push(format!(
                "{}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t",
                r.name
            )),
        }
    }
    let mut out = tabwriter::align(&lines);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn cpu_text(m: u64) -> String {
    format!("{m}m")
}

fn mem_text(b: u64) -> String {
    format!("{}Mi", b / (1024 * 1024))
}

/// A quantity's value in units of `scale` (1000 for millis), rounded up as resource.Quantity does.
fn scaled(q: &Value, scale: f64) -> u64 {
    let n = match q.as_str() {
        Some(s) => crate::commands::describe::quantity(s).unwrap_or(0.0),
        None => q.as_f64().unwrap_or(0.0),
    };
    // Nanocores ×1000 can be fractional: round up like MilliValue.
    let v = n * scale;
    (v - 1e-9).ceil().max(0.0) as u64
}

fn millis(q: &Value) -> u64 {
    scaled(q, 1000.0)
}

fn bytes(q: &Value) -> u64 {
    scaled(q, 1.0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quantities_read_as_millicores_and_bytes() {
        assert_eq!(millis(&json!("250m")), 250);
        assert_eq!(millis(&json!("1")), 1000);
        assert_eq!(millis(&json!("998123456n")), 999);
        assert_eq!(bytes(&json!("2Mi")), 2 * 1024 * 1024);
        assert_eq!(bytes(&json!("1500Ki")), 1_536_000);
    }

    #[test]
    fn the_pod_table_has_kubectls_columns() {
        let rows = vec![PodRow {
            namespace: "default".into(),
            name: "burner".into(),
            cpu: 998,
            memory: 3 * 1024 * 1024,
            containers: vec![("app".into(), 998, 3 * 1024 * 1024)],
        }];
        assert_eq!(
            pod_table(&rows, false, false, false, false),
            "NAME     CPU(cores)   MEMORY(bytes)   \nburner   998m         3Mi             \n"
        );
        assert!(
            pod_table(&rows, true, true, false, false)
                .starts_with("NAMESPACE   POD      NAME   CPU(cores)")
        );
    }

    #[test]
    fn node_percentages_are_of_allocatable() {
        let rows = vec![NodeRow {
            name: "n1".into(),
            usage: Some((500, 512 * 1024 * 1024)),
            total: Some((2000, 2048 * 1024 * 1024)),
        }];
        assert_eq!(
            node_table(&rows, true),
            "n1    500m   25%   512Mi   25%   \n"
        );
    }
}
