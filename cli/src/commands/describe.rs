//! `rkctl describe`: kubectl's layout for pods, deployments, replicasets, services, nodes and
//! namespaces (with their events); other kinds get kubectl's generic header.

use clap::Args;
use serde_json::Value;

use crate::client::{Ctx, with_query};
use crate::commands::get::{finish_errors, resolve_requests};
use crate::discovery::{ApiResource, Discovery};
use crate::error::{Error, Result};
use crate::output::describe::{Writer, human_duration, rfc1123z, seconds_since, selector};

#[derive(Args, Debug, Clone)]
pub struct DescribeArgs {
    /// TYPE [NAME_PREFIX] | TYPE/NAME
    pub resources: Vec<String>,
    /// Selector (label query) to filter on.
    #[arg(short = 'l', long)]
    pub selector: Option<String>,
    /// List the requested object(s) across all namespaces.
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
    /// If true, display events related to the described object.
    #[arg(long, default_value = "true", num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub show_events: bool,
}

pub async fn run(ctx: &Ctx, args: &DescribeArgs) -> Result<()> {
    if args.resources.is_empty() {
        return Err(Error::Usage("You must specify the type of resource to describe. Use \"rkctl api-resources\" for a complete list of supported resources.".into()));
    }
    let mut discovery = Discovery::load(ctx).await?;
    let requests = resolve_requests(ctx, &mut discovery, &args.resources).await?;
    discovery.finish().await;
    let mut errors = Vec::new();
    let mut first = true;
    for req in requests {
        let ns = if args.all_namespaces && req.names.is_empty() {
            None
        } else {
            Some(ctx.namespace.as_str())
        };
        let mut objects = Vec::new();
        if req.names.is_empty() {
            let mut params = Vec::new();
            if let Some(l) = &args.selector {
                params.push(("labelSelector", l.clone()));
            }
            let list = ctx
                .get_json(
                    &with_query(&req.resource.collection_path(ns), &params),
                    "application/json",
                )
                .await?;
            objects.extend(list["items"].as_array().cloned().unwrap_or_default());
        } else {
            for name in &req.names {
                match ctx
                    .get_json(&req.resource.object_path(ns, name), "application/json")
                    .await
                {
                    Ok(o) => objects.push(o),
                    Err(e) => errors.push(e),
                }
            }
        }
        for o in objects {
            let text = describe(ctx, &req.resource, &o, args.show_events).await?;
            if first {
                crate::out!("{text}");
                first = false;
            } else {
                crate::out!("\n\n{text}");
            }
        }
    }
    finish_errors(errors)
}

async fn describe(
    ctx: &Ctx,
    resource: &ApiResource,
    o: &Value,
    show_events: bool,
) -> Result<String> {
    let mut w = Writer::default();
    match (resource.group.as_str(), resource.kind.as_str()) {
        ("", "Pod") => pod(&mut w, o),
        ("apps", "Deployment") => deployment(&mut w, o),
        ("apps", "ReplicaSet") => replica_set(ctx, &mut w, o).await?,
        ("", "Service") => service(ctx, &mut w, o).await?,
        ("", "Node") => node(ctx, &mut w, o).await?,
        ("", "ConfigMap") => config_map(&mut w, o),
        ("", "Namespace") => {
            namespace(ctx, &mut w, o).await?;
            return Ok(w.finish());
        }
        _ => generic(&mut w, o),
    }
    if show_events {
        events(ctx, &mut w, resource, o).await?;
    }
    Ok(w.finish())
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn meta_header(w: &mut Writer, o: &Value, namespace: bool) {
    let m = &o["metadata"];
    w.line(0, format!("Name:\t{}", s(&m["name"])));
    if namespace {
        w.line(0, format!("Namespace:\t{}", s(&m["namespace"])));
    }
}

fn generic(w: &mut Writer, o: &Value) {
    let m = &o["metadata"];
    meta_header(w, o, m["namespace"].is_string());
    w.labels(0, "Labels", &m["labels"]);
    w.annotations(0, "Annotations", &m["annotations"]);
    w.line(0, format!("API Version:\t{}", s(&o["apiVersion"])));
    w.line(0, format!("Kind:\t{}", s(&o["kind"])));
}

fn config_map(w: &mut Writer, o: &Value) {
    let m = &o["metadata"];
    meta_header(w, o, true);
    w.labels(0, "Labels", &m["labels"]);
    w.annotations(0, "Annotations", &m["annotations"]);
    w.blank();
    w.line(0, "Data");
    w.line(0, "====");
    let sorted = |v: &Value| {
        let mut entries: Vec<(String, Value)> = v
            .as_object()
            .map(|m| m.clone().into_iter().collect())
            .unwrap_or_default();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries
    };
    for (k, v) in sorted(&o["data"]) {
        w.line(0, format!("{k}:"));
        w.line(0, "----");
        for l in s(&v).split('\n') {
            w.line(0, l);
        }
        w.blank();
    }
    w.blank();
    w.line(0, "BinaryData");
    w.line(0, "====");
    for (k, v) in sorted(&o["binaryData"]) {
        let bytes = s(&v).len() / 4 * 3 - s(&v).matches('=').count();
        w.line(0, format!("{k}: {bytes} bytes"));
    }
    w.blank();
}

fn controlled_by(w: &mut Writer, o: &Value) {
    if let Some(owner) = o["metadata"]["ownerReferences"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["controller"] == true)
    {
        w.line(
            0,
            format!(
                "Controlled By:\t{}/{}",
                s(&owner["kind"]),
                s(&owner["name"])
            ),
        );
    }
}

fn pod(w: &mut Writer, o: &Value) {
    let (m, spec, status) = (&o["metadata"], &o["spec"], &o["status"]);
    meta_header(w, o, true);
    if let Some(p) = spec["priority"].as_i64() {
        w.line(0, format!("Priority:\t{p}"));
    }
    if let Some(p) = spec["priorityClassName"].as_str().filter(|p| !p.is_empty()) {
        w.line(0, format!("Priority Class Name:\t{p}"));
    }
    if let Some(r) = spec["runtimeClassName"].as_str() {
        w.line(0, format!("Runtime Class Name:\t{r}"));
    }
    w.line(
        0,
        format!("Service Account:\t{}", s(&spec["serviceAccountName"])),
    );
    match spec["nodeName"].as_str().filter(|n| !n.is_empty()) {
        Some(n) => w.line(0, format!("Node:\t{n}/{}", s(&status["hostIP"]))),
        None => w.line(0, "Node:\t<none>"),
    }
    if let Some(t) = status["startTime"].as_str() {
        w.line(0, format!("Start Time:\t{}", rfc1123z(t)));
    }
    w.labels(0, "Labels", &m["labels"]);
    w.annotations(0, "Annotations", &m["annotations"]);
    if let Some(t) = m["deletionTimestamp"].as_str() {
        let lasts = seconds_since(t)
            .map(|x| human_duration(-x))
            .unwrap_or_default();
        w.line(0, format!("Status:\tTerminating (lasts {lasts})"));
        w.line(
            0,
            format!(
                "Termination Grace Period:\t{}s",
                m["deletionGracePeriodSeconds"].as_i64().unwrap_or(0)
            ),
        );
    } else {
        w.line(0, format!("Status:\t{}", s(&status["phase"])));
    }
    if let Some(r) = status["reason"].as_str() {
        w.line(0, format!("Reason:\t{r}"));
    }
    if let Some(msg) = status["message"].as_str() {
        w.line(0, format!("Message:\t{msg}"));
    }
    w.line(0, format!("IP:\t{}", s(&status["podIP"])));
    let ips: Vec<&str> = status["podIPs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| s(&i["ip"]))
        .collect();
    if ips.is_empty() {
        w.line(0, "IPs:\t<none>");
    } else {
        w.line(0, "IPs:");
        for ip in ips {
            w.line(1, format!("IP:\t{ip}"));
        }
    }
    controlled_by(w, o);
    let statuses = |key: &str| status[key].as_array().cloned().unwrap_or_default();
    if let Some(init) = spec["initContainers"].as_array().filter(|c| !c.is_empty()) {
        w.line(0, "Init Containers:");
        containers(w, init, &statuses("initContainerStatuses"), "  ");
    }
    w.line(0, "Containers:");
    containers(
        w,
        spec["containers"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default(),
        &statuses("containerStatuses"),
        "  ",
    );
    if let Some(conds) = status["conditions"].as_array().filter(|c| !c.is_empty()) {
        w.line(0, "Conditions:");
        w.line(1, "Type\tStatus");
        for c in conds {
            w.line(1, format!("{} \t{} ", s(&c["type"]), s(&c["status"])));
        }
    }
    volumes(w, &spec["volumes"], 0);
    w.line(0, format!("QoS Class:\t{}", s(&status["qosClass"])));
    w.multiline(
        0,
        "Node-Selectors",
        &crate::output::describe::sorted_pairs(&spec["nodeSelector"], "="),
    );
    tolerations(w, &spec["tolerations"], 0);
}

/// Containers of a pod (`indent` before each name: two spaces in pods, three in templates).
fn containers(w: &mut Writer, list: &[Value], statuses: &[Value], indent: &str) {
    for c in list {
        let name = s(&c["name"]);
        let st = statuses.iter().find(|x| x["name"] == name);
        w.line(0, format!("{indent}{name}:"));
        if let Some(id) = st.and_then(|x| x["containerID"].as_str()) {
            w.line(2, format!("Container ID:\t{id}"));
        }
        w.line(2, format!("Image:\t{}", s(&c["image"])));
        if let Some(st) = st {
            w.line(2, format!("Image ID:\t{}", s(&st["imageID"])));
        }
        let ports: Vec<&Value> = c["ports"].as_array().into_iter().flatten().collect();
        let fmt_port = |p: &Value, key: &str| {
            format!(
                "{}/{}",
                p[key].as_i64().unwrap_or(0),
                p["protocol"].as_str().unwrap_or("TCP")
            )
        };
        match ports.len() {
            0 => {
                w.line(2, "Port:\t<none>");
                w.line(2, "Host Port:\t<none>");
            }
            1 => {
                w.line(2, format!("Port:\t{}", fmt_port(ports[0], "containerPort")));
                w.line(2, format!("Host Port:\t{}", fmt_port(ports[0], "hostPort")));
            }
            _ => {
                let all = |key: &str| {
                    ports
                        .iter()
                        .map(|p| fmt_port(p, key))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                w.line(2, format!("Ports:\t{}", all("containerPort")));
                w.line(2, format!("Host Ports:\t{}", all("hostPort")));
            }
        }
        for (title, key) in [("Command", "command"), ("Args", "args")] {
            if let Some(items) = c[key].as_array().filter(|a| !a.is_empty()) {
                w.line(2, format!("{title}:"));
                for i in items {
                    w.line(3, s(i));
                }
            }
        }
        if let Some(st) = st {
            state(w, "State", &st["state"]);
            if st["lastState"].as_object().is_some_and(|m| !m.is_empty()) {
                state(w, "Last State", &st["lastState"]);
            }
            w.line(
                2,
                format!("Ready:\t{}", st["ready"].as_bool().unwrap_or(false)),
            );
            w.line(
                2,
                format!(
                    "Restart Count:\t{}",
                    st["restartCount"].as_i64().unwrap_or(0)
                ),
            );
        }
        for (title, key) in [("Limits", "limits"), ("Requests", "requests")] {
            if let Some(map) = c["resources"][key].as_object().filter(|m| !m.is_empty()) {
                w.line(2, format!("{title}:"));
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                for k in keys {
                    w.line(3, format!("{k}:\t{}", s(&map[k.as_str()])));
                }
            }
        }
        let env: Vec<&Value> = c["env"].as_array().into_iter().flatten().collect();
        if env.is_empty() {
            w.line(2, "Environment:\t<none>");
        } else {
            w.line(2, "Environment:");
            for e in env {
                w.line(3, format!("{}:\t{}", s(&e["name"]), s(&e["value"])));
            }
        }
        let mounts: Vec<&Value> = c["volumeMounts"].as_array().into_iter().flatten().collect();
        if mounts.is_empty() {
            w.line(2, "Mounts:\t<none>");
        } else {
            w.line(2, "Mounts:");
            for mnt in mounts {
                let ro = if mnt["readOnly"] == true { "ro" } else { "rw" };
                w.line(
                    3,
                    format!("{} from {} ({ro})", s(&mnt["mountPath"]), s(&mnt["name"])),
                );
            }
        }
    }
}

fn state(w: &mut Writer, title: &str, st: &Value) {
    if let Some(r) = st.get("running") {
        w.line(2, format!("{title}:\tRunning"));
        if let Some(t) = r["startedAt"].as_str() {
            w.line(3, format!("Started:\t{}", rfc1123z(t)));
        }
    } else if let Some(x) = st.get("waiting") {
        w.line(2, format!("{title}:\tWaiting"));
        if let Some(r) = x["reason"].as_str() {
            w.line(3, format!("Reason:\t{r}"));
        }
    } else if let Some(x) = st.get("terminated") {
        w.line(2, format!("{title}:\tTerminated"));
        if let Some(r) = x["reason"].as_str() {
            w.line(3, format!("Reason:\t{r}"));
        }
        w.line(
            3,
            format!("Exit Code:\t{}", x["exitCode"].as_i64().unwrap_or(0)),
        );
        if let Some(t) = x["startedAt"].as_str() {
            w.line(3, format!("Started:\t{}", rfc1123z(t)));
        }
        if let Some(t) = x["finishedAt"].as_str() {
            w.line(3, format!("Finished:\t{}", rfc1123z(t)));
        }
    } else {
        w.line(2, format!("{title}:\tWaiting"));
    }
}

fn volumes(w: &mut Writer, vols: &Value, level: usize) {
    let list: Vec<&Value> = vols.as_array().into_iter().flatten().collect();
    if list.is_empty() {
        w.line(level, "Volumes:\t<none>");
        return;
    }
    w.line(level, "Volumes:");
    for v in list {
        w.line(level + 1, format!("{}:", s(&v["name"])));
        if let Some(e) = v.get("emptyDir") {
            w.line(
                level + 2,
                "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)",
            );
            w.line(level + 2, format!("Medium:\t{}", s(&e["medium"])));
            w.line(
                level + 2,
                format!(
                    "SizeLimit:\t{}",
                    e["sizeLimit"].as_str().unwrap_or("<unset>")
                ),
            );
        } else if let Some(c) = v.get("configMap") {
            w.line(
                level + 2,
                "Type:\tConfigMap (a volume populated by a ConfigMap)",
            );
            w.line(level + 2, format!("Name:\t{}", s(&c["name"])));
            w.line(
                level + 2,
                format!("Optional:\t{}", c["optional"].as_bool().unwrap_or(false)),
            );
        } else if let Some(c) = v.get("secret") {
            w.line(level + 2, "Type:\tSecret (a volume populated by a Secret)");
            w.line(level + 2, format!("SecretName:\t{}", s(&c["secretName"])));
            w.line(
                level + 2,
                format!("Optional:\t{}", c["optional"].as_bool().unwrap_or(false)),
            );
        } else if let Some(h) = v.get("hostPath") {
            w.line(level + 2, "Type:\tHostPath (bare host directory volume)");
            w.line(level + 2, format!("Path:\t{}", s(&h["path"])));
            w.line(level + 2, format!("HostPathType:\t{}", s(&h["type"])));
        } else {
            w.line(level + 2, "<unknown>");
        }
    }
}

fn tolerations(w: &mut Writer, tols: &Value, level: usize) {
    let items: Vec<String> = tols
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            let (key, value, effect) = (s(&t["key"]), s(&t["value"]), s(&t["effect"]));
            let mut out = key.to_string();
            if !value.is_empty() {
                out.push_str(&format!("={value}"));
            }
            if !effect.is_empty() {
                out.push_str(&format!(":{effect}"));
            }
            if t["operator"] == "Exists" && value.is_empty() {
                out.push_str(if key.is_empty() && effect.is_empty() {
                    "op=Exists"
                } else {
                    " op=Exists"
                });
            }
            if let Some(secs) = t["tolerationSeconds"].as_i64() {
                out.push_str(&format!(" for {secs}s"));
            }
            out
        })
        .collect();
    w.multiline(level, "Tolerations", &items);
}

/// metav1.FormatLabelSelector.
fn label_selector(sel: &Value) -> String {
    let mut parts: Vec<String> = crate::output::describe::sorted_pairs(&sel["matchLabels"], "=");
    for e in sel["matchExpressions"].as_array().into_iter().flatten() {
        let values: Vec<&str> = e["values"]
            .as_array()
            .into_iter()
            .flatten()
            .map(s)
            .collect();
        let key = s(&e["key"]);
        parts.push(match s(&e["operator"]) {
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            "Exists" => key.to_string(),
            "DoesNotExist" => format!("!{key}"),
            op => format!("{key} {op}"),
        });
    }
    if parts.is_empty() {
        "<none>".into()
    } else {
        parts.join(",")
    }
}

fn pod_template(w: &mut Writer, t: &Value) {
    w.line(0, "Pod Template:");
    w.labels(1, "Labels", &t["metadata"]["labels"]);
    if t["metadata"]["annotations"]
        .as_object()
        .is_some_and(|a| !a.is_empty())
    {
        w.annotations(1, "Annotations", &t["metadata"]["annotations"]);
    }
    let spec = &t["spec"];
    if let Some(sa) = spec["serviceAccountName"]
        .as_str()
        .filter(|x| !x.is_empty())
    {
        w.line(1, format!("Service Account:\t{sa}"));
    }
    if let Some(init) = spec["initContainers"].as_array().filter(|c| !c.is_empty()) {
        w.line(1, "Init Containers:");
        containers(w, init, &[], "   ");
    }
    w.line(1, "Containers:");
    containers(
        w,
        spec["containers"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default(),
        &[],
        "   ",
    );
    volumes(w, &spec["volumes"], 1);
    if let Some(p) = spec["priorityClassName"].as_str().filter(|p| !p.is_empty()) {
        w.line(1, format!("Priority Class Name:\t{p}"));
    }
    w.multiline(
        1,
        "Node-Selectors",
        &crate::output::describe::sorted_pairs(&spec["nodeSelector"], "="),
    );
    tolerations(w, &spec["tolerations"], 1);
}

fn conditions3(w: &mut Writer, status: &Value) {
    if let Some(conds) = status["conditions"].as_array().filter(|c| !c.is_empty()) {
        w.line(0, "Conditions:");
        w.line(1, "Type\tStatus\tReason");
        w.line(1, "----\t------\t------");
        for c in conds {
            w.line(
                1,
                format!(
                    "{} \t{}\t{}",
                    s(&c["type"]),
                    s(&c["status"]),
                    s(&c["reason"])
                ),
            );
        }
    }
}

fn int_or_string(v: &Value) -> String {
    match v {
        Value::String(x) => x.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

fn deployment(w: &mut Writer, o: &Value) {
    let (m, spec, status) = (&o["metadata"], &o["spec"], &o["status"]);
    meta_header(w, o, true);
    w.line(
        0,
        format!(
            "CreationTimestamp:\t{}",
            rfc1123z(s(&m["creationTimestamp"]))
        ),
    );
    w.labels(0, "Labels", &m["labels"]);
    w.annotations(0, "Annotations", &m["annotations"]);
    w.line(
        0,
        format!("Selector:\t{}", label_selector(&spec["selector"])),
    );
    let n = |v: &Value| v.as_i64().unwrap_or(0);
    w.line(
        0,
        format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable",
            spec["replicas"].as_i64().unwrap_or(1),
            n(&status["updatedReplicas"]),
            n(&status["replicas"]),
            n(&status["availableReplicas"]),
            n(&status["unavailableReplicas"])
        ),
    );
    let strategy = s(&spec["strategy"]["type"]);
    w.line(0, format!("StrategyType:\t{strategy}"));
    w.line(
        0,
        format!("MinReadySeconds:\t{}", n(&spec["minReadySeconds"])),
    );
    if strategy == "RollingUpdate" {
        let ru = &spec["strategy"]["rollingUpdate"];
        w.line(
            0,
            format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge",
                int_or_string(&ru["maxUnavailable"]),
                int_or_string(&ru["maxSurge"])
            ),
        );
    }
    pod_template(w, &spec["template"]);
    conditions3(w, status);
}

async fn replica_set(ctx: &Ctx, w: &mut Writer, o: &Value) -> Result<()> {
    let (m, spec, status) = (&o["metadata"], &o["spec"], &o["status"]);
    meta_header(w, o, true);
    w.line(
        0,
        format!("Selector:\t{}", label_selector(&spec["selector"])),
    );
    w.labels(0, "Labels", &m["labels"]);
    w.annotations(0, "Annotations", &m["annotations"]);
    controlled_by(w, o);
    w.line(
        0,
        format!(
            "Replicas:\t{} current / {} desired",
            status["replicas"].as_i64().unwrap_or(0),
            spec["replicas"].as_i64().unwrap_or(1)
        ),
    );
    let sel = label_selector(&spec["selector"]);
    let path = with_query(
        &format!("/api/v1/namespaces/{}/pods", s(&m["namespace"])),
        &[("labelSelector", sel)],
    );
    let pods = ctx.get_json(&path, "application/json").await?;
    let uid = s(&m["uid"]);
    let mut counts = [0; 4];
    for p in pods["items"].as_array().into_iter().flatten() {
        let owned = p["metadata"]["ownerReferences"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|r| r["controller"] == true && r["uid"] == uid);
        if !owned {
            continue;
        }
        match s(&p["status"]["phase"]) {
            "Running" => counts[0] += 1,
            "Pending" => counts[1] += 1,
            "Succeeded" => counts[2] += 1,
            "Failed" => counts[3] += 1,
            _ => {}
        }
    }
    w.line(
        0,
        format!(
            "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed",
            counts[0], counts[1], counts[2], counts[3]
        ),
    );
    pod_template(w, &spec["template"]);
    conditions3(w, status);
    Ok(())
}

async fn service(ctx: &Ctx, w: &mut Writer, o: &Value) -> Result<()> {
    let (m, spec) = (&o["metadata"], &o["spec"]);
    meta_header(w, o, true);
    w.labels(0, "Labels", &m["labels"]);
    w.annotations(0, "Annotations", &m["annotations"]);
    w.line(0, format!("Selector:\t{}", selector(&spec["selector"])));
    let kind = s(&spec["type"]);
    w.line(0, format!("Type:\t{kind}"));
    if let Some(p) = spec["ipFamilyPolicy"].as_str() {
        w.line(0, format!("IP Family Policy:\t{p}"));
    }
    let families: Vec<&str> = spec["ipFamilies"]
        .as_array()
        .into_iter()
        .flatten()
        .map(s)
        .collect();
    if !families.is_empty() {
        w.line(0, format!("IP Families:\t{}", families.join(",")));
    }
    w.line(0, format!("IP:\t{}", s(&spec["clusterIP"])));
    let ips: Vec<&str> = spec["clusterIPs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(s)
        .collect();
    if !ips.is_empty() {
        w.line(0, format!("IPs:\t{}", ips.join(",")));
    }
    let external: Vec<&str> = spec["externalIPs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(s)
        .collect();
    if !external.is_empty() {
        w.line(0, format!("External IPs:\t{}", external.join(",")));
    }
    if kind == "ExternalName" {
        w.line(0, format!("External Name:\t{}", s(&spec["externalName"])));
    }
    let slices = ctx
        .get_json(
            &with_query(
                &format!(
                    "/apis/discovery.k8s.io/v1/namespaces/{}/endpointslices",
                    s(&m["namespace"])
                ),
                &[(
                    "labelSelector",
                    format!("kubernetes.io/service-name={}", s(&m["name"])),
                )],
            ),
            "application/json",
        )
        .await
        .unwrap_or(Value::Null);
    for p in spec["ports"].as_array().into_iter().flatten() {
        let name = p["name"]
            .as_str()
            .filter(|n| !n.is_empty())
            .unwrap_or("<unset>");
        let proto = p["protocol"].as_str().unwrap_or("TCP");
        w.line(
            0,
            format!("Port:\t{name}\t{}/{proto}", p["port"].as_i64().unwrap_or(0)),
        );
        w.line(
            0,
            format!("TargetPort:\t{}/{proto}", int_or_string(&p["targetPort"])),
        );
        if let Some(np) = p["nodePort"].as_i64().filter(|n| *n != 0) {
            w.line(0, format!("NodePort:\t{name}\t{np}/{proto}"));
        }
        let mut endpoints = Vec::new();
        for slice in slices["items"].as_array().into_iter().flatten() {
            let port =
                slice["ports"].as_array().into_iter().flatten().find(|sp| {
                    sp["name"].as_str().unwrap_or("") == p["name"].as_str().unwrap_or("")
                });
            let Some(port) = port.and_then(|sp| sp["port"].as_i64()) else {
                continue;
            };
            for e in slice["endpoints"].as_array().into_iter().flatten() {
                if e["conditions"]["ready"] == false {
                    continue;
                }
                for a in e["addresses"].as_array().into_iter().flatten() {
                    endpoints.push(format!("{}:{port}", s(a)));
                }
            }
        }
        w.line(
            0,
            format!(
                "Endpoints:\t{}",
                if endpoints.is_empty() {
                    "<none>".to_string()
                } else {
                    endpoints.join(",")
                }
            ),
        );
    }
    w.line(
        0,
        format!("Session Affinity:\t{}", s(&spec["sessionAffinity"])),
    );
    if kind == "NodePort" || kind == "LoadBalancer" {
        w.line(
            0,
            format!(
                "External Traffic Policy:\t{}",
                s(&spec["externalTrafficPolicy"])
            ),
        );
    }
    if let Some(p) = spec["internalTrafficPolicy"].as_str() {
        w.line(0, format!("Internal Traffic Policy:\t{p}"));
    }
    Ok(())
}

async fn namespace(ctx: &Ctx, w: &mut Writer, o: &Value) -> Result<()> {
    let m = &o["metadata"];
    meta_header(w, o, false);
    w.labels(0, "Labels", &m["labels"]);
    w.annotations(0, "Annotations", &m["annotations"]);
    w.line(0, format!("Status:\t{}", s(&o["status"]["phase"])));
    let name = s(&m["name"]);
    let quotas = ctx
        .get_json(
            &format!("/api/v1/namespaces/{name}/resourcequotas"),
            "application/json",
        )
        .await?;
    w.blank();
    if quotas["items"].as_array().is_none_or(Vec::is_empty) {
        w.line(0, "No resource quota.");
    } else {
        for q in quotas["items"].as_array().into_iter().flatten() {
            w.line(
                0,
                format!("Resource Quotas\n  Name:\t{}", s(&q["metadata"]["name"])),
            );
            w.line(1, "Resource\tUsed\tHard");
            w.line(1, "--------\t---\t---");
            let hard = &q["status"]["hard"];
            let mut keys: Vec<String> = hard
                .as_object()
                .map(|h| h.keys().cloned().collect())
                .unwrap_or_default();
            keys.sort();
            for k in keys {
                w.line(
                    1,
                    format!("{k}\t{}\t{}", s(&q["status"]["used"][&k]), s(&hard[&k])),
                );
            }
        }
    }
    let limits = ctx
        .get_json(
            &format!("/api/v1/namespaces/{name}/limitranges"),
            "application/json",
        )
        .await?;
    w.blank();
    if limits["items"].as_array().is_none_or(Vec::is_empty) {
        w.line(0, "No LimitRange resource.");
    } else {
        w.line(0, "Resource Limits");
    }
    Ok(())
}

async fn node(ctx: &Ctx, w: &mut Writer, o: &Value) -> Result<()> {
    let (m, spec, status) = (&o["metadata"], &o["spec"], &o["status"]);
    let name = s(&m["name"]);
    meta_header(w, o, false);
    let mut roles: Vec<String> = m["labels"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| {
            k.strip_prefix("node-role.kubernetes.io/")
                .map(str::to_string)
                .or_else(|| (k == "kubernetes.io/role").then(|| s(v).to_string()))
        })
        .filter(|r| !r.is_empty())
        .collect();
    roles.sort();
    w.line(
        0,
        format!(
            "Roles:\t{}",
            if roles.is_empty() {
                "<none>".into()
            } else {
                roles.join(",")
            }
        ),
    );
    w.labels(0, "Labels", &m["labels"]);
    w.annotations(0, "Annotations", &m["annotations"]);
    w.line(
        0,
        format!(
            "CreationTimestamp:\t{}",
            rfc1123z(s(&m["creationTimestamp"]))
        ),
    );
    let taints: Vec<String> = spec["taints"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            let v = s(&t["value"]);
            if v.is_empty() {
                format!("{}:{}", s(&t["key"]), s(&t["effect"]))
            } else {
                format!("{}={v}:{}", s(&t["key"]), s(&t["effect"]))
            }
        })
        .collect();
    w.multiline(0, "Taints", &taints);
    w.line(
        0,
        format!(
            "Unschedulable:\t{}",
            spec["unschedulable"].as_bool().unwrap_or(false)
        ),
    );
    match ctx
        .get_json(
            &format!("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/{name}"),
            "application/json",
        )
        .await
    {
        Ok(lease) => {
            w.line(0, "Lease:");
            let holder = lease["spec"]["holderIdentity"]
                .as_str()
                .unwrap_or("<unset>");
            w.line(1, format!("HolderIdentity:\t{holder}"));
            let t = |k: &str| {
                lease["spec"][k]
                    .as_str()
                    .map(rfc1123z)
                    .unwrap_or_else(|| "<unset>".into())
            };
            w.line(1, format!("AcquireTime:\t{}", t("acquireTime")));
            w.line(1, format!("RenewTime:\t{}", t("renewTime")));
        }
        Err(Error::Server(st)) => w.line(0, format!("Lease:\tFailed to get lease: {}", st.message)),
        Err(e) => return Err(e),
    }
    if let Some(conds) = status["conditions"].as_array().filter(|c| !c.is_empty()) {
        w.line(0, "Conditions:");
        w.line(
            1,
            "Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage",
        );
        w.line(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------",
        );
        for c in conds {
            w.line(
                1,
                format!(
                    "{} \t{} \t{} \t{} \t{} \t{}",
                    s(&c["type"]),
                    s(&c["status"]),
                    rfc1123z(s(&c["lastHeartbeatTime"])),
                    rfc1123z(s(&c["lastTransitionTime"])),
                    s(&c["reason"]),
                    s(&c["message"])
                ),
            );
        }
    }
    w.line(0, "Addresses:");
    for a in status["addresses"].as_array().into_iter().flatten() {
        w.line(1, format!("{}:\t{}", s(&a["type"]), s(&a["address"])));
    }
    for (title, key) in [("Capacity", "capacity"), ("Allocatable", "allocatable")] {
        if let Some(map) = status[key].as_object().filter(|c| !c.is_empty()) {
            w.line(0, format!("{title}:"));
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for k in keys {
                w.line(1, format!("{k}:\t{}", s(&map[k.as_str()])));
            }
        }
    }
    let info = &status["nodeInfo"];
    w.line(0, "System Info:");
    for (title, key) in [
        ("Machine ID", "machineID"),
        ("System UUID", "systemUUID"),
        ("Boot ID", "bootID"),
        ("Kernel Version", "kernelVersion"),
        ("OS Image", "osImage"),
        ("Operating System", "operatingSystem"),
        ("Architecture", "architecture"),
        ("Container Runtime Version", "containerRuntimeVersion"),
        ("Kubelet Version", "kubeletVersion"),
        ("Kube-Proxy Version", "kubeProxyVersion"),
    ] {
        w.line(1, format!("{title}:\t{}", s(&info[key])));
    }
    if let Some(cidr) = spec["podCIDR"].as_str() {
        w.line(0, format!("PodCIDR:\t{cidr}"));
        let cidrs: Vec<&str> = spec["podCIDRs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(s)
            .collect();
        w.line(0, format!("PodCIDRs:\t{}", cidrs.join(",")));
    }
    if let Some(p) = spec["providerID"].as_str() {
        w.line(0, format!("ProviderID:\t{p}"));
    }
    let selector = format!("spec.nodeName={name},status.phase!=Succeeded,status.phase!=Failed");
    let pods = ctx
        .get_json(
            &with_query("/api/v1/pods", &[("fieldSelector", selector)]),
            "application/json",
        )
        .await?;
    let pods: Vec<Value> = pods["items"].as_array().cloned().unwrap_or_default();
    w.line(
        0,
        format!("Non-terminated Pods:\t({} in total)", pods.len()),
    );
    w.line(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge",
    );
    w.line(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---",
    );
    let alloc = &status["allocatable"];
    let mut totals = [0f64; 6];
    for p in &pods {
        let sum = |res: &str, kind: &str| -> f64 {
            p["spec"]["containers"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["resources"][kind][res].as_str())
                .filter_map(quantity)
                .sum()
        };
        let (cr, cl, mr, ml) = (
            sum("cpu", "requests"),
            sum("cpu", "limits"),
            sum("memory", "requests"),
            sum("memory", "limits"),
        );
        totals[0] += cr;
        totals[1] += cl;
        totals[2] += mr;
        totals[3] += ml;
        let age = seconds_since(s(&p["metadata"]["creationTimestamp"]))
            .map(human_duration)
            .unwrap_or_default();
        w.line(
            1,
            format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{age}",
                s(&p["metadata"]["namespace"]),
                s(&p["metadata"]["name"]),
                cpu_text(cr),
                unguarded_percent(cr, alloc, "cpu"),
                cpu_text(cl),
                unguarded_percent(cl, alloc, "cpu"),
                mem_text(mr),
                unguarded_percent(mr, alloc, "memory"),
                mem_text(ml),
                unguarded_percent(ml, alloc, "memory"),
            ),
        );
    }
    w.line(0, "Allocated resources:");
    w.line(
        1,
        "(Total limits may be over 100 percent, i.e., overcommitted.)",
    );
    w.line(1, "Resource\tRequests\tLimits");
    w.line(1, "--------\t--------\t------");
    w.line(
        1,
        format!(
            "cpu\t{} ({}%)\t{} ({}%)",
            cpu_text(totals[0]),
            percent(totals[0], alloc, "cpu"),
            cpu_text(totals[1]),
            percent(totals[1], alloc, "cpu")
        ),
    );
    w.line(
        1,
        format!(
            "memory\t{} ({}%)\t{} ({}%)",
            mem_text(totals[2]),
            percent(totals[2], alloc, "memory"),
            mem_text(totals[3]),
            percent(totals[3], alloc, "memory")
        ),
    );
    w.line(
        1,
        format!(
            "ephemeral-storage\t{} ({}%)\t{} ({}%)",
            mem_text(totals[4]),
            percent(totals[4], alloc, "ephemeral-storage"),
            mem_text(totals[5]),
            percent(totals[5], alloc, "ephemeral-storage")
        ),
    );
    Ok(())
}

/// A Kubernetes quantity as a number of base units (cores, bytes).
pub(crate) fn quantity(q: &str) -> Option<f64> {
    let q = q.trim();
    let split = q.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(q.len());
    let (num, suffix) = q.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        _ => return None,
    };
    Some(n * mult)
}

pub(crate) fn cpu_text(cores: f64) -> String {
    let milli = (cores * 1000.0).round() as i64;
    if milli % 1000 == 0 {
        format!("{}", milli / 1000)
    } else {
        format!("{milli}m")
    }
}

pub(crate) fn mem_text(bytes: f64) -> String {
    let b = bytes.round() as i64;
    for (unit, size) in [("Gi", 1i64 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)] {
        if b != 0 && b % size == 0 {
            return format!("{}{unit}", b / size);
        }
    }
    b.to_string()
}

/// kubectl's per-pod percentages divide without a guard: with nothing allocatable Go converts
/// NaN or Inf to the smallest int64, and kubectl prints that.
fn unguarded_percent(used: f64, alloc: &Value, key: &str) -> i64 {
    match alloc[key].as_str().and_then(quantity) {
        Some(total) if total > 0.0 => (used / total * 100.0) as i64,
        _ => i64::MIN,
    }
}

fn percent(used: f64, alloc: &Value, key: &str) -> i64 {
    match alloc[key].as_str().and_then(quantity) {
        Some(total) if total > 0.0 => (used / total * 100.0) as i64,
        _ => 0,
    }
}

async fn events(ctx: &Ctx, w: &mut Writer, resource: &ApiResource, o: &Value) -> Result<()> {
    let m = &o["metadata"];
    let ns = s(&m["namespace"]);
    let mut fields = vec![
        format!("involvedObject.name={}", s(&m["name"])),
        format!("involvedObject.namespace={ns}"),
        format!("involvedObject.kind={}", resource.kind),
        format!("involvedObject.uid={}", s(&m["uid"])),
    ];
    if ns.is_empty() {
        fields.remove(1);
    }
    let base = if ns.is_empty() {
        "/api/v1/events".to_string()
    } else {
        format!("/api/v1/namespaces/{ns}/events")
    };
    let list = ctx
        .get_json(
            &with_query(
                &base,
                &[("fieldSelector", fields.join(",")), ("limit", "500".into())],
            ),
            "application/json",
        )
        .await?;
    let mut items: Vec<Value> = list["items"].as_array().cloned().unwrap_or_default();
    if items.is_empty() {
        w.line(0, "Events:\t<none>");
        return Ok(());
    }
    let when = |e: &Value| {
        e["lastTimestamp"]
            .as_str()
            .or(e["eventTime"].as_str())
            .or(e["firstTimestamp"].as_str())
            .and_then(crate::output::describe::parse_time)
            .unwrap_or(0)
    };
    items.sort_by_key(when);
    w.line(0, "Events:");
    w.line(1, "Type\tReason\tAge\tFrom\tMessage");
    w.line(1, "----\t------\t----\t----\t-------");
    for e in items {
        let first = e["firstTimestamp"]
            .as_str()
            .or(e["eventTime"].as_str())
            .unwrap_or_default();
        let last = e["lastTimestamp"].as_str().unwrap_or(first);
        let since = |t: &str| {
            seconds_since(t)
                .map(human_duration)
                .unwrap_or_else(|| "<unknown>".into())
        };
        let count = e["count"].as_i64().unwrap_or(1);
        let age = if count > 1 {
            format!("{} (x{count} over {})", since(last), since(first))
        } else {
            since(first)
        };
        let mut from = s(&e["source"]["component"]).to_string();
        if from.is_empty() {
            from = s(&e["reportingComponent"]).to_string();
        }
        w.line(
            1,
            format!(
                "{}\t{}\t{age}\t{from}\t{}",
                s(&e["type"]),
                s(&e["reason"]),
                s(&e["message"]).trim()
            ),
        );
    }
    Ok(())
}
