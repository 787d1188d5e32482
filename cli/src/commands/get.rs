//! `rkctl get`: server-side printed tables (plain, `-o wide`, `--show-labels`, `-L`, `-A`,
//! `--sort-by`, `-w`) and the object formats (`-o json|yaml|name|jsonpath=…|custom-columns=…`),
//! for one or several resource types (`pods,svc`, `all`, `TYPE/NAME`).

use std::io::Write;

use clap::Args;
use futures::{AsyncBufReadExt, StreamExt};
use serde_json::{Value, json};

use crate::client::{ACCEPT_TABLE, Ctx, with_query};
use crate::discovery::{ApiResource, Discovery};
use crate::error::{Error, Result};
use crate::output::{json as json_out, jsonpath, tabwriter, yaml};

#[derive(Args, Debug, Clone)]
pub struct GetArgs {
    /// TYPE[.VERSION][.GROUP] [NAME ...] | TYPE[.VERSION][.GROUP]/NAME ...
    pub resources: Vec<String>,
    /// Output format: json, yaml, name, wide, jsonpath=..., custom-columns=...
    #[arg(short = 'o', long)]
    pub output: Option<String>,
    /// Selector (label query) to filter on (e.g. -l key1=value1,key2=value2).
    #[arg(short = 'l', long)]
    pub selector: Option<String>,
    /// Selector (field query) to filter on (e.g. --field-selector status.phase=Running).
    #[arg(long)]
    pub field_selector: Option<String>,
    /// List the requested object(s) across all namespaces.
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
    /// Print all labels as the last column.
    #[arg(long)]
    pub show_labels: bool,
    /// Labels to print as columns (comma-separated or repeated).
    #[arg(short = 'L', long = "label-columns", value_delimiter = ',')]
    pub label_columns: Vec<String>,
    /// Sort list types using this JSONPath expression (e.g. '{.metadata.name}').
    #[arg(long)]
    pub sort_by: Option<String>,
    /// After listing/getting the requested object, watch for changes.
    #[arg(short = 'w', long)]
    pub watch: bool,
    /// Watch for changes to the requested object(s), without listing/getting first.
    #[arg(long)]
    pub watch_only: bool,
    /// With -w: print each change as the fields that changed (rk).
    #[arg(long)]
    pub diff: bool,
    /// Return large lists in chunks rather than all at once (0 disables chunking).
    #[arg(long, default_value_t = 500)]
    pub chunk_size: u64,
    /// Don't print headers.
    #[arg(long)]
    pub no_headers: bool,
    /// Treat "resource not found" as a successful retrieval.
    #[arg(long)]
    pub ignore_not_found: bool,
}

/// How the objects are printed.
enum Format {
    Table { wide: bool },
    Json,
    Yaml,
    Name,
    JsonPath(jsonpath::Template),
    Columns(Vec<(String, jsonpath::Template)>),
}

impl Format {
    fn parse(output: Option<&str>) -> Result<Format> {
        let Some(o) = output else {
            return Ok(Format::Table { wide: false });
        };
        let (kind, arg) = o.split_once('=').unwrap_or((o, ""));
        Ok(match kind {
            "wide" => Format::Table { wide: true },
            "json" => Format::Json,
            "yaml" => Format::Yaml,
            "name" => Format::Name,
            "jsonpath" | "jsonpath-as-json" => Format::JsonPath(
                jsonpath::Template::parse(arg)
                    .map_err(|e| Error::Usage(format!("error parsing jsonpath {arg}, {e}")))?,
            ),
            "custom-columns" => Format::Columns(parse_columns(arg)?),
            _ => {
                return Err(Error::Usage(format!(
                    "unable to match a printer suitable for the output format \"{o}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
                )));
            }
        })
    }
}

/// `NAME:.metadata.name,NS:.metadata.namespace` → headers and templates (kubectl's relaxed
/// JSONPath: `.a`, `a` and `{.a}` mean the same).
pub fn parse_columns(spec: &str) -> Result<Vec<(String, jsonpath::Template)>> {
    if spec.is_empty() {
        return Err(Error::Usage(
            "custom-columns format specified but no custom columns given".into(),
        ));
    }
    spec.split(',')
        .map(|col| {
            let (name, expr) = col.split_once(':').ok_or_else(|| {
                Error::Usage(format!(
                    "unexpected custom-columns spec: {col}, expected <header>:<json-path-expr>"
                ))
            })?;
            let relaxed = relax(expr);
            let t = jsonpath::Template::parse(&relaxed)
                .map_err(|e| Error::Usage(format!("error parsing jsonpath {expr}, {e}")))?;
            Ok((name.to_string(), t))
        })
        .collect()
}

fn relax(expr: &str) -> String {
    let inner = expr
        .trim()
        .strip_prefix('{')
        .and_then(|e| e.strip_suffix('}'))
        .unwrap_or(expr.trim());
    if inner.starts_with('.') {
        format!("{{{inner}}}")
    } else {
        format!("{{.{inner}}}")
    }
}

/// One resource type and the names asked for (none: list).
pub struct Request {
    pub resource: ApiResource,
    pub names: Vec<String>,
}

pub async fn run(ctx: &Ctx, args: &GetArgs) -> Result<()> {
    if args.resources.is_empty() {
        return Err(Error::Usage(
            "Required resource not specified.\nUse \"rkctl explain <resource>\" for a detailed description of that resource (e.g. rkctl explain pods).\nSee 'rkctl get -h' for help and examples".into(),
        ));
    }
    let format = Format::parse(args.output.as_deref())?;
    let mut discovery = Discovery::load(ctx).await?;
    let requests = resolve_requests(ctx, &mut discovery, &args.resources).await;
    discovery.finish().await;
    let requests = requests?;
    let by_name = requests.iter().any(|r| !r.names.is_empty());
    let mut errors = Vec::new();
    let namespace = (!args.all_namespaces).then_some(ctx.namespace.as_str());
    let out = std::io::stdout();
    let mut out = out.lock();

    match &format {
        Format::Table { wide } => {
            let with_kind = requests.len() > 1;
            let mut printed_any = false;
            let mut remembered = Vec::new();
            let mut last_watch: Option<(ApiResource, String)> = None;
            for req in &requests {
                let mut table = if req.names.is_empty() && args.sort_by.is_none() {
                    crate::commands::get_pages::fetch_table(ctx, req, namespace, args).await?
                } else {
                    merge_tables(fetch_tables(ctx, req, namespace, args, &mut errors).await?)
                };
                if let Some(sort) = &args.sort_by {
                    sort_rows(&mut table, sort, |row| &row["object"])?;
                }
                let rv = table["metadata"]["resourceVersion"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                last_watch = Some((req.resource.clone(), rv));
                let rows = table["rows"].as_array().map(Vec::len).unwrap_or(0);
                if rows == 0 && !args.watch {
                    continue;
                }
                if printed_any && !args.no_headers {
                    write_out(&mut out, "\n")?;
                }
                printed_any = true;
                // kubectl resets its remembered column widths for each resource type.
                remembered.clear();
                let lines = table_lines(
                    &table,
                    &req.resource,
                    args,
                    *wide,
                    with_kind,
                    !args.no_headers,
                );
                write_out(
                    &mut out,
                    &tabwriter::align_remembering(&lines, &mut remembered),
                )?;
            }
            if !printed_any && errors.is_empty() && !args.watch {
                no_resources(ctx, args, &requests);
            }
            if args.watch || args.watch_only {
                let _ = out.flush();
                if let Some((resource, rv)) = last_watch {
                    drop(out);
                    if args.diff {
                        return crate::commands::watch_diff::watch(
                            ctx,
                            &resource,
                            namespace,
                            list_params(args, false),
                        )
                        .await;
                    }
                    return watch_table(ctx, &resource, namespace, args, *wide, &rv, remembered)
                        .await;
                }
            }
        }
        _ => {
            let mut objects = Vec::new();
            for req in &requests {
                objects.extend(fetch_objects(ctx, req, namespace, args, &mut errors).await?);
            }
            if let Some(sort) = &args.sort_by {
                let mut wrapper = json!({ "rows": objects });
                sort_rows(&mut wrapper, sort, |o| o)?;
                objects = match wrapper["rows"].take() {
                    Value::Array(a) => a,
                    _ => Vec::new(),
                };
            }
            if objects.is_empty()
                && errors.is_empty()
                && !matches!(format, Format::Json | Format::Yaml)
            {
                no_resources(ctx, args, &requests);
            }
            let single = by_name && requests.len() == 1 && requests[0].names.len() == 1;
            let doc = if single && objects.len() == 1 {
                objects.remove(0)
            } else {
                json!({"apiVersion": "v1", "kind": "List", "items": objects, "metadata": {"resourceVersion": ""}})
            };
            let items: Vec<Value> = if doc["kind"] == "List" {
                doc["items"].as_array().cloned().unwrap_or_default()
            } else {
                vec![doc.clone()]
            };
            let text = match &format {
                Format::Json => json_out::to_string(&doc),
                Format::Yaml => yaml::to_string(&doc),
                Format::JsonPath(t) => t.execute(&doc),
                Format::Name => items
                    .iter()
                    .map(|o| {
                        format!(
                            "{}/{}\n",
                            name_prefix(o),
                            o["metadata"]["name"].as_str().unwrap_or_default()
                        )
                    })
                    .collect(),
                Format::Columns(cols) => custom_columns(cols, &items, !args.no_headers),
                Format::Table { .. } => String::new(),
            };
            let empty_list = doc["kind"] == "List" && items.is_empty();
            if !empty_list || errors.is_empty() {
                write_out(&mut out, &text)?;
            }
        }
    }
    finish_errors(errors)
}

/// kubectl's message when nothing matched (on stderr, exit 0).
fn no_resources(ctx: &Ctx, args: &GetArgs, requests: &[Request]) {
    if args.ignore_not_found {
        return;
    }
    if !args.all_namespaces && requests.iter().all(|r| r.resource.namespaced) {
        eprintln!("No resources found in {} namespace.", ctx.namespace);
    } else {
        eprintln!("No resources found");
    }
}

pub fn finish_errors(mut errors: Vec<Error>) -> Result<()> {
    match errors.len() {
        0 => Ok(()),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

pub fn write_out(out: &mut impl Write, text: &str) -> Result<()> {
    match out.write_all(text.as_bytes()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Error::Silent(0)),
        Err(source) => Err(Error::Io {
            context: "writing output".into(),
            source,
        }),
    }
}

/// `pods,svc a b`, `pod/a svc/b`, `all` → typed requests, in the order given.
pub async fn resolve_requests(
    ctx: &Ctx,
    discovery: &mut Discovery,
    args: &[String],
) -> Result<Vec<Request>> {
    let mut requests: Vec<Request> = Vec::new();
    if args.iter().any(|a| a.contains('/')) {
        for a in args {
            let (typed, name) = a.split_once('/').ok_or_else(|| {
                Error::Usage("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'rkctl get resource/<resource_name>' instead of 'rkctl get resource resource/<resource_name>'".to_string())
            })?;
            let resource = discovery.resolve(ctx, typed).await?;
            match requests.iter_mut().find(|r| r.resource == resource) {
                Some(r) => r.names.push(name.to_string()),
                None => requests.push(Request {
                    resource,
                    names: vec![name.to_string()],
                }),
            }
        }
        return Ok(requests);
    }
    let names: Vec<String> = args[1..].to_vec();
    for typed in args[0].split(',').filter(|t| !t.is_empty()) {
        if typed == "all" {
            for resource in discovery.category("all") {
                if !requests.iter().any(|r| r.resource == resource) {
                    requests.push(Request {
                        resource,
                        names: names.clone(),
                    });
                }
            }
            continue;
        }
        let resource = discovery.resolve(ctx, typed).await?;
        requests.push(Request {
            resource,
            names: names.clone(),
        });
    }
    Ok(requests)
}

pub(crate) fn list_params(args: &GetArgs, limit: bool) -> Vec<(&'static str, String)> {
    let mut params = Vec::new();
    if let Some(l) = &args.selector {
        params.push(("labelSelector", l.clone()));
    }
    if let Some(f) = &args.field_selector {
        params.push(("fieldSelector", f.clone()));
    }
    if limit && args.chunk_size > 0 {
        params.push(("limit", args.chunk_size.to_string()));
    }
    params
}

async fn fetch_tables(
    ctx: &Ctx,
    req: &Request,
    namespace: Option<&str>,
    args: &GetArgs,
    errors: &mut Vec<Error>,
) -> Result<Vec<Value>> {
    let ns = namespace
        .or(Some(ctx.namespace.as_str()))
        .filter(|_| !args.all_namespaces || !req.names.is_empty());
    let mut tables = Vec::new();
    let include = args.sort_by.is_some();
    if !req.names.is_empty() {
        for name in &req.names {
            let mut path = req.resource.object_path(ns, name);
            if include {
                path = with_query(&path, &[("includeObject", "Object".into())]);
            }
            match ctx.get_json(&path, ACCEPT_TABLE).await {
                Ok(t) => tables.push(t),
                Err(e) if args.ignore_not_found && e.reason() == Some("NotFound") => {}
                Err(e @ Error::Server(_)) => errors.push(e),
                Err(e) => return Err(e),
            }
        }
        return Ok(tables);
    }
    let mut cont = String::new();
    loop {
        let mut params = list_params(args, true);
        if include {
            params.push(("includeObject", "Object".into()));
        }
        if !cont.is_empty() {
            params.push(("continue", cont.clone()));
        }
        let path = with_query(&req.resource.collection_path(namespace), &params);
        let table = ctx.get_json(&path, ACCEPT_TABLE).await?;
        cont = table["metadata"]["continue"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        tables.push(table);
        if cont.is_empty() {
            break;
        }
    }
    Ok(tables)
}

fn merge_tables(tables: Vec<Value>) -> Value {
    let mut merged = json!({"columnDefinitions": [], "rows": [], "metadata": {}});
    for mut t in tables {
        if merged["columnDefinitions"]
            .as_array()
            .is_none_or(Vec::is_empty)
        {
            merged["columnDefinitions"] = t["columnDefinitions"].take();
        }
        if let Some(rv) = t["metadata"]["resourceVersion"].as_str() {
            merged["metadata"]["resourceVersion"] = json!(rv);
        }
        if let (Some(rows), Value::Array(more)) = (merged["rows"].as_array_mut(), t["rows"].take())
        {
            rows.extend(more);
        }
    }
    merged
}

/// kubectl's `--sort-by`: numbers by value, strings lexically, missing values first.
fn sort_rows(doc: &mut Value, sort: &str, object: impl Fn(&Value) -> &Value) -> Result<()> {
    let template = jsonpath::Template::parse(&relax(sort))
        .map_err(|e| Error::Usage(format!("couldn't parse sort-by {sort}: {e}")))?;
    let Some(rows) = doc["rows"].as_array_mut() else {
        return Ok(());
    };
    let key = |row: &Value| template.find(object(row)).into_iter().next();
    rows.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        match (ka, kb) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => match (x.as_f64(), y.as_f64()) {
                (Some(p), Some(q)) => p.partial_cmp(&q).unwrap_or(std::cmp::Ordering::Equal),
                _ => jsonpath::text_of(&x).cmp(&jsonpath::text_of(&y)),
            },
        }
    });
    Ok(())
}

/// The header and rows of one table as tab-separated lines.
fn table_lines(
    table: &Value,
    resource: &ApiResource,
    args: &GetArgs,
    wide: bool,
    with_kind: bool,
    headers: bool,
) -> Vec<String> {
    let columns: Vec<(usize, String)> = table["columnDefinitions"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .filter(|(_, c)| wide || c["priority"].as_i64().unwrap_or(0) == 0)
        .map(|(i, c)| (i, c["name"].as_str().unwrap_or_default().to_uppercase()))
        .collect();
    let mut lines = Vec::new();
    if headers {
        let mut head = Vec::new();
        if args.all_namespaces && resource.namespaced {
            head.push("NAMESPACE".to_string());
        }
        head.extend(columns.iter().map(|(_, n)| n.clone()));
        head.extend(args.label_columns.iter().map(|l| label_header(l)));
        if args.show_labels {
            head.push("LABELS".to_string());
        }
        lines.push(head.join("\t"));
    }
    for row in table["rows"].as_array().into_iter().flatten() {
        lines.push(row_line(row, &columns, resource, args, with_kind));
    }
    lines
}

fn label_header(key: &str) -> String {
    key.rsplit('/').next().unwrap_or(key).to_uppercase()
}

fn row_line(
    row: &Value,
    columns: &[(usize, String)],
    resource: &ApiResource,
    args: &GetArgs,
    with_kind: bool,
) -> String {
    let meta = &row["object"]["metadata"];
    let mut cells = Vec::new();
    if args.all_namespaces && resource.namespaced {
        cells.push(meta["namespace"].as_str().unwrap_or_default().to_string());
    }
    for (pos, (i, _)) in columns.iter().enumerate() {
        let mut cell = cell_text(&row["cells"][*i]);
        if pos == 0 && with_kind {
            cell = format!("{}/{cell}", resource.kind_prefix());
        }
        cells.push(cell);
    }
    for l in &args.label_columns {
        cells.push(meta["labels"][l].as_str().unwrap_or_default().to_string());
    }
    if args.show_labels {
        cells.push(labels_text(&meta["labels"]));
    }
    cells.join("\t")
}

fn cell_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "<none>".to_string(),
        other => jsonpath::go_value(other),
    }
}

/// `a=1,b=2` sorted by key, or `<none>`.
pub fn labels_text(labels: &Value) -> String {
    let Some(map) = labels.as_object().filter(|m| !m.is_empty()) else {
        return "<none>".to_string();
    };
    let mut pairs: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
        .collect();
    pairs.sort();
    pairs.join(",")
}

async fn fetch_objects(
    ctx: &Ctx,
    req: &Request,
    namespace: Option<&str>,
    args: &GetArgs,
    errors: &mut Vec<Error>,
) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    let ns = if req.names.is_empty() {
        namespace
    } else {
        Some(ctx.namespace.as_str())
    };
    if !req.names.is_empty() {
        for name in &req.names {
            match ctx
                .get_json(&req.resource.object_path(ns, name), "application/json")
                .await
            {
                Ok(mut o) => {
                    strip_managed_fields(&mut o);
                    out.push(o);
                }
                Err(e) if args.ignore_not_found && e.reason() == Some("NotFound") => {}
                Err(e @ Error::Server(_)) => errors.push(e),
                Err(e) => return Err(e),
            }
        }
        return Ok(out);
    }
    let mut cont = String::new();
    loop {
        let mut params = list_params(args, true);
        if !cont.is_empty() {
            params.push(("continue", cont.clone()));
        }
        let path = with_query(&req.resource.collection_path(ns), &params);
        let mut list = ctx.get_json(&path, "application/json").await?;
        cont = list["metadata"]["continue"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let kind = list["kind"]
            .as_str()
            .and_then(|k| k.strip_suffix("List"))
            .unwrap_or(&req.resource.kind)
            .to_string();
        let api_version = list["apiVersion"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| req.resource.api_version());
        if let Value::Array(items) = list["items"].take() {
            for mut item in items {
                if let Some(o) = item.as_object_mut() {
                    o.insert("apiVersion".into(), json!(api_version));
                    o.insert("kind".into(), json!(kind));
                }
                strip_managed_fields(&mut item);
                out.push(item);
            }
        }
        if cont.is_empty() {
            break;
        }
    }
    Ok(out)
}

/// kubectl hides `metadata.managedFields` unless `--show-managed-fields`.
pub fn strip_managed_fields(o: &mut Value) {
    if let Some(meta) = o.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
    }
}

/// `pod`, `deployment.apps` from an object's apiVersion and kind.
pub fn name_prefix(o: &Value) -> String {
    let kind = o["kind"].as_str().unwrap_or_default().to_lowercase();
    match o["apiVersion"].as_str().and_then(|a| a.split_once('/')) {
        Some((group, _)) => format!("{kind}.{group}"),
        None => kind,
    }
}

fn custom_columns(cols: &[(String, jsonpath::Template)], items: &[Value], headers: bool) -> String {
    let mut lines = Vec::new();
    if headers {
        lines.push(
            cols.iter()
                .map(|(h, _)| h.as_str())
                .collect::<Vec<_>>()
                .join("\t"),
        );
    }
    for item in items {
        let cells: Vec<String> = cols
            .iter()
            .map(|(_, t)| {
                let found = t.find(item);
                if found.is_empty() {
                    "<none>".to_string()
                } else {
                    found
                        .iter()
                        .map(jsonpath::go_value)
                        .collect::<Vec<_>>()
                        .join(",")
                }
            })
            .collect();
        lines.push(cells.join("\t"));
    }
    tabwriter::align(&lines)
}

/// `get -w`: one-row tables as events arrive, aligned with what was printed before.
async fn watch_table(
    ctx: &Ctx,
    resource: &ApiResource,
    namespace: Option<&str>,
    args: &GetArgs,
    wide: bool,
    rv: &str,
    mut remembered: Vec<usize>,
) -> Result<()> {
    let mut params = list_params(args, false);
    params.push(("watch", "true".into()));
    if !rv.is_empty() && !args.watch_only {
        params.push(("resourceVersion", rv.to_string()));
    }
    let path = with_query(&resource.collection_path(namespace), &params);
    let request = http::Request::builder()
        .uri(path)
        .header(http::header::ACCEPT, ACCEPT_TABLE)
        .body(Vec::new())
        .map_err(|e| Error::Usage(e.to_string()))?;
    let stream = ctx.client.request_stream(request).await?;
    let mut lines = stream.lines();
    let mut columns: Option<Value> = None;
    let mut printed_header = !args.watch_only;
    while let Some(line) = lines.next().await {
        let line = line.map_err(|source| Error::Io {
            context: "reading the watch".into(),
            source,
        })?;
        let Ok(event) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        match event["type"].as_str() {
            Some("ERROR") => {
                let status: kube::core::Status =
                    serde_json::from_value(event["object"].clone()).unwrap_or_default();
                return Err(Error::Server(Box::new(status)));
            }
            Some("BOOKMARK") => continue,
            _ => {}
        }
        let mut table = event["object"].clone();
        if table["columnDefinitions"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
        {
            columns = Some(table["columnDefinitions"].clone());
        } else if let Some(c) = &columns {
            table["columnDefinitions"] = c.clone();
        }
        let mut text_lines = table_lines(
            &table,
            resource,
            args,
            wide,
            false,
            !printed_header && !args.no_headers,
        );
        printed_header = true;
        if text_lines.is_empty() {
            continue;
        }
        let text = tabwriter::align_remembering(&std::mem::take(&mut text_lines), &mut remembered);
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        write_out(&mut out, &text)?;
        let _ = out.flush();
    }
    Ok(())
}
