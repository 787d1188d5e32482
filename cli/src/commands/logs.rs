//! `rkctl logs`: a pod's container logs with kubectl 1.33's flags, output and messages (`-c`,
//! `--all-containers`, `-f`, `--tail`, `--since`, `--since-time`, `--timestamps`, `--previous`,
//! `--prefix`, `--limit-bytes`, `-l` with `--max-log-requests`), and rk's workload logs: for
//! `TYPE/NAME` of a workload or service, every pod it selects (kubectl picks one), each line
//! prefixed `[pod/NAME/CONTAINER]`; with `-f` a watch on the pods follows new and restarted pods
//! across a rollout (`logs_follow`).

use std::io::{IsTerminal, Write};
use std::time::Duration;

use clap::Args;
use futures::{AsyncBufRead, AsyncBufReadExt, StreamExt, stream::LocalBoxStream};
use serde_json::Value;

use crate::client::{Ctx, with_query};
use crate::commands::common::selector_query;
use crate::commands::rollout::parse_duration;
use crate::discovery::Discovery;
use crate::error::{Error, Result};

#[derive(Args, Debug, Clone)]
pub struct LogsArgs {
    /// POD | TYPE/NAME, optionally followed by the container name.
    pub args: Vec<String>,
    /// Print the logs of this container.
    #[arg(short = 'c', long)]
    pub container: Option<String>,
    /// Get all containers' logs in the pod(s).
    #[arg(long, default_value = "false", num_args = 0..=1, default_missing_value = "true", require_equals = true, action = clap::ArgAction::Set)]
    pub all_containers: bool,
    /// Get logs from all pod(s). Sets prefix to true.
    #[arg(long, default_value = "false", num_args = 0..=1, default_missing_value = "true", require_equals = true, action = clap::ArgAction::Set)]
    pub all_pods: bool,
    /// Specify if the logs should be streamed.
    #[arg(short = 'f', long, default_value = "false", num_args = 0..=1, default_missing_value = "true", require_equals = true, action = clap::ArgAction::Set)]
    pub follow: bool,
    /// Lines of recent log file to display. Defaults to -1 with no selector, showing all log
    /// lines otherwise 10, if a selector is provided.
    #[arg(long, allow_hyphen_values = true)]
    pub tail: Option<i64>,
    /// Only return logs newer than a relative duration like 5s, 2m, or 3h.
    #[arg(long)]
    pub since: Option<String>,
    /// Only return logs after a specific date (RFC3339).
    #[arg(long)]
    pub since_time: Option<String>,
    /// Include timestamps on each line in the log output.
    #[arg(long, default_value = "false", num_args = 0..=1, default_missing_value = "true", require_equals = true, action = clap::ArgAction::Set)]
    pub timestamps: bool,
    /// If true, print the logs for the previous instance of the container in a pod if it exists.
    #[arg(short = 'p', long, default_value = "false", num_args = 0..=1, default_missing_value = "true", require_equals = true, action = clap::ArgAction::Set)]
    pub previous: bool,
    /// Selector (label query) to filter on.
    #[arg(short = 'l', long)]
    pub selector: Option<String>,
    /// Prefix each log line with the log source (pod name and container name).
    #[arg(long, default_value = "false", num_args = 0..=1, default_missing_value = "true", require_equals = true, action = clap::ArgAction::Set)]
    pub prefix: bool,
    /// Specify maximum number of concurrent logs to follow when using by a selector.
    #[arg(long, default_value_t = 5)]
    pub max_log_requests: i64,
    /// Maximum bytes of logs to return. Defaults to no limit.
    #[arg(long, default_value_t = 0)]
    pub limit_bytes: i64,
    /// If watching / following pod logs, allow for any errors that occur to be non-fatal.
    #[arg(long, default_value = "false", num_args = 0..=1, default_missing_value = "true", require_equals = true, action = clap::ArgAction::Set)]
    pub ignore_errors: bool,
    /// Skip verifying the identity of the kubelet that logs are requested from.
    #[arg(long, default_value = "false", num_args = 0..=1, default_missing_value = "true", require_equals = true, action = clap::ArgAction::Set)]
    pub insecure_skip_tls_verify_backend: bool,
    /// The length of time to wait until at least one pod is running.
    #[arg(long, default_value = "20s")]
    pub pod_running_timeout: String,
    /// Never colour the prefixes (they are coloured per pod on a terminal unless NO_COLOR is set).
    #[arg(long)]
    pub no_color: bool,
}

const USAGE: &str = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'rkctl logs -h' for help and examples";

/// The query options of every log request of one command.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogQuery {
    pub follow: bool,
    pub previous: bool,
    pub timestamps: bool,
    pub tail: Option<i64>,
    pub since_seconds: Option<i64>,
    pub since_time: Option<String>,
    pub limit_bytes: Option<i64>,
    pub skip_backend_tls: bool,
}

impl LogQuery {
    /// kubectl's checks and defaults (`--tail` is 10 with a selector, all lines otherwise).
    pub fn from_args(a: &LogsArgs) -> Result<LogQuery> {
        if a.since.is_some() && a.since_time.is_some() {
            return Err(Error::Usage(
                "at most one of `sinceTime` or `sinceSeconds` may be specified".into(),
            ));
        }
        let tail = a.tail.unwrap_or(if a.selector.is_some() { 10 } else { -1 });
        if tail < -1 {
            return Err(Error::Usage(
                "--tail must be greater than or equal to -1".into(),
            ));
        }
        if a.limit_bytes < 0 {
            return Err(Error::Usage("--limit-bytes must be greater than 0".into()));
        }
        if a.max_log_requests < 1 {
            return Err(Error::Usage(
                "--max-log-requests must be greater than 0".into(),
            ));
        }
        let since_seconds = match &a.since {
            Some(s) => {
                let d = parse_duration(s)?;
                if d.is_zero() {
                    None
                } else {
                    Some(d.as_secs_f64().ceil() as i64)
                }
            }
            None => None,
        };
        if let Some(t) = &a.since_time
            && crate::output::describe::parse_time(t).is_none()
        {
            return Err(Error::Usage(format!(
                "invalid argument \"{t}\" for \"--since-time\" flag: parsing time \"{t}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse"
            )));
        }
        Ok(LogQuery {
            follow: a.follow,
            previous: a.previous,
            timestamps: a.timestamps,
            tail: (tail >= 0).then_some(tail),
            since_seconds,
            since_time: a.since_time.clone(),
            limit_bytes: (a.limit_bytes > 0).then_some(a.limit_bytes),
            skip_backend_tls: a.insecure_skip_tls_verify_backend,
        })
    }

    /// The `pods/NAME/log` path with this query for one container.
    pub fn path(&self, ns: &str, pod: &str, container: &str) -> String {
        let mut params: Vec<(&str, String)> = vec![("container", container.to_string())];
        if self.follow {
            params.push(("follow", "true".into()));
        }
        if self.previous {
            params.push(("previous", "true".into()));
        }
        if let Some(n) = self.tail {
            params.push(("tailLines", n.to_string()));
        }
        if let Some(s) = self.since_seconds {
            params.push(("sinceSeconds", s.to_string()));
        }
        if let Some(t) = &self.since_time {
            params.push(("sinceTime", t.clone()));
        }
        if self.timestamps {
            params.push(("timestamps", "true".into()));
        }
        if let Some(b) = self.limit_bytes {
            params.push(("limitBytes", b.to_string()));
        }
        if self.skip_backend_tls {
            params.push(("insecureSkipTLSVerifyBackend", "true".into()));
        }
        with_query(
            &format!(
                "/api/v1/namespaces/{}/pods/{}/log",
                crate::client::encode(ns),
                crate::client::encode(pod)
            ),
            &params,
        )
    }
}

/// One log stream: which pod and container, shown how.
#[derive(Debug, Clone)]
pub struct Source {
    pub pod: String,
    pub container: String,
    /// `[pod/NAME/CONTAINER] ` (coloured on a terminal), or empty.
    pub prefix: String,
}

/// What a log stream yields: a line (with its newline, except a last unterminated one), or
/// the failure that ended it.
pub enum Chunk {
    Line(Vec<u8>),
    Failed(Error),
}

/// Opens `path` and yields its body line by line (bytes, so any encoding passes through).
pub fn open_lines(client: kube::Client, path: String) -> LocalBoxStream<'static, Chunk> {
    let opened = async move {
        let request = http::Request::builder()
            .uri(path)
            .header(http::header::ACCEPT, "*/*")
            .body(Vec::new())
            .map_err(|e| Error::Usage(e.to_string()));
        match request {
            Ok(r) => client.request_stream(r).await.map_err(Error::from),
            Err(e) => Err(e),
        }
    };
    futures::stream::once(opened)
        .flat_map(|opened| match opened {
            Ok(reader) => lines_of(Box::pin(reader)),
            Err(e) => futures::stream::once(async move { Chunk::Failed(e) }).boxed_local(),
        })
        .boxed_local()
}

fn lines_of<R: AsyncBufRead + Unpin + 'static>(reader: R) -> LocalBoxStream<'static, Chunk> {
    futures::stream::unfold(Some(reader), |state| async move {
        let mut r = state?;
        let mut buf = Vec::new();
        match r.read_until(b'\n', &mut buf).await {
            Ok(0) => None,
            Ok(_) => Some((Chunk::Line(buf), Some(r))),
            Err(source) => Some((
                Chunk::Failed(Error::Io {
                    context: "reading the log".into(),
                    source,
                }),
                None,
            )),
        }
    })
    .boxed_local()
}

/// Writes log lines to stdout whole (a line never interleaves with another), flushing each
/// one when following.
pub struct Printer {
    out: std::io::BufWriter<std::io::Stdout>,
    flush_each: bool,
}

impl Printer {
    pub fn new(flush_each: bool) -> Printer {
        Printer {
            out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            flush_each,
        }
    }

    /// One line after its prefix; `terminate` adds a newline a last partial line lacks (when
    /// several streams share the output).
    pub fn line(&mut self, prefix: &str, line: &[u8], terminate: bool) -> Result<()> {
        let mut whole = Vec::with_capacity(prefix.len() + line.len() + 1);
        whole.extend_from_slice(prefix.as_bytes());
        whole.extend_from_slice(line);
        if terminate && !line.ends_with(b"\n") {
            whole.push(b'\n');
        }
        self.write(&whole)?;
        if self.flush_each {
            self.flush()?;
        }
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        match self.out.write_all(bytes) {
            Ok(()) => Ok(()),
            Err(e) => Err(io_error(e)),
        }
    }

    pub fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(io_error)
    }
}

fn io_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::Silent(0)
    } else {
        Error::Io {
            context: "writing output".into(),
            source: e,
        }
    }
}

/// Whether prefixes get colours: a terminal, no `NO_COLOR`, no `--no-color`.
pub fn use_color(no_color: bool) -> bool {
    !no_color
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal()
}

/// `[pod/NAME/CONTAINER] `, coloured per pod (the same pod always gets the same colour).
pub fn prefix_for(pod: &str, container: &str, color: bool) -> String {
    let text = format!("[pod/{pod}/{container}]");
    if !color {
        return format!("{text} ");
    }
    const PALETTE: [u8; 12] = [32, 33, 34, 35, 36, 31, 92, 93, 94, 95, 96, 91];
    let hash = pod.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let code = PALETTE[(hash % PALETTE.len() as u64) as usize];
    format!("\x1b[{code}m{text}\x1b[0m ")
}

/// kubectl's "Defaulted container" choice: the annotated default, else the first container.
/// Returns the name and, when kubectl says so, the notice for stderr.
pub fn default_container(pod: &Value) -> Option<(String, Option<String>)> {
    let containers = pod["spec"]["containers"].as_array()?;
    let names = |key: &str| -> Vec<String> {
        pod["spec"][key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["name"].as_str().map(str::to_string))
            .collect()
    };
    let main = names("containers");
    if let Some(annotated) =
        pod["metadata"]["annotations"]["kubectl.kubernetes.io/default-container"].as_str()
        && (main.iter().any(|n| n == annotated)
            || names("initContainers").iter().any(|n| n == annotated)
            || names("ephemeralContainers").iter().any(|n| n == annotated))
    {
        return Some((annotated.to_string(), None));
    }
    let first = containers.first()?["name"].as_str()?.to_string();
    if containers.len() == 1 {
        return Some((first, None));
    }
    let mut all = main.clone();
    all.extend(
        names("ephemeralContainers")
            .into_iter()
            .map(|n| format!("{n} (ephem)")),
    );
    all.extend(
        names("initContainers")
            .into_iter()
            .map(|n| format!("{n} (init)")),
    );
    let notice = format!("Defaulted container {:?} out of: {}", first, all.join(", "));
    Some((first, Some(notice)))
}

/// Every container of a pod in kubectl's `--all-containers` order: init, regular, ephemeral.
pub fn all_containers(pod: &Value) -> Vec<String> {
    ["initContainers", "containers", "ephemeralContainers"]
        .iter()
        .flat_map(|k| pod["spec"][*k].as_array().into_iter().flatten())
        .filter_map(|c| c["name"].as_str().map(str::to_string))
        .collect()
}

/// The containers to show for one pod; `notice` says whether kubectl's defaulting notice is
/// printed.
pub(crate) fn containers_of(pod: &Value, a: &LogsArgs, notice: bool) -> Result<Vec<String>> {
    if let Some(c) = &a.container {
        if !all_containers(pod).contains(c) {
            return Err(Error::Usage(format!(
                "container {c} is not valid for pod {}",
                pod["metadata"]["name"].as_str().unwrap_or_default()
            )));
        }
        return Ok(vec![c.clone()]);
    }
    if a.all_containers {
        return Ok(all_containers(pod));
    }
    match default_container(pod) {
        Some((name, note)) => {
            if notice && let Some(n) = note {
                eprintln!("{n}");
            }
            Ok(vec![name])
        }
        None => Err(Error::Usage(format!(
            "pod {} has no containers",
            pod["metadata"]["name"].as_str().unwrap_or_default()
        ))),
    }
}

pub async fn run(ctx: &Ctx, a: &LogsArgs) -> Result<()> {
    if a.args.is_empty() && a.selector.is_none() {
        return Err(Error::Usage(USAGE.into()));
    }
    if !a.args.is_empty() && a.selector.is_some() {
        return Err(Error::Usage(
            "only a selector (-l) or a POD name is allowed\nSee 'rkctl logs -h' for help and examples".into(),
        ));
    }
    if a.args.len() > 2 {
        return Err(Error::Usage(USAGE.into()));
    }
    let mut a = a.clone();
    if a.args.len() == 2 {
        if a.container.is_some() {
            return Err(Error::Usage(
                "only one of -c or an inline [CONTAINER] arg is allowed".into(),
            ));
        }
        a.container = a.args.pop();
    }
    if a.all_containers
        && let Some(c) = &a.container
    {
        return Err(Error::Usage(format!(
            "--all-containers=true should not be specified with container name {c}"
        )));
    }
    let query = LogQuery::from_args(&a)?;
    let ns = ctx.namespace.clone();
    let color = use_color(a.no_color);

    if let Some(sel) = &a.selector {
        return by_selector(ctx, &a, &query, &ns, sel, color).await;
    }
    let target = &a.args[0];
    let (typed, name) = match target.split_once('/') {
        Some((t, n)) => (Some(t), n),
        None => (None, target.as_str()),
    };
    if let Some(typed) = typed {
        let mut discovery = Discovery::load(ctx).await?;
        let resource = discovery.resolve(ctx, typed).await;
        discovery.finish().await;
        let resource = resource?;
        if resource.kind != "Pod" {
            let object = ctx
                .get_json(&resource.object_path(Some(&ns), name), "application/json")
                .await
                .map_err(|e| builder_not_found(e, &resource.qualified_plural(), name, &ns))?;
            let selector = workload_selector(&object, &resource.kind, &resource.api_version())?;
            return crate::commands::logs_follow::workload(ctx, &a, &query, &ns, &selector, color)
                .await;
        }
    }
    let pod = ctx
        .get_json(
            &format!(
                "/api/v1/namespaces/{}/pods/{}",
                crate::client::encode(&ns),
                crate::client::encode(name)
            ),
            "application/json",
        )
        .await
        .map_err(|e| builder_not_found(e, "pods", name, &ns))?;
    let containers = containers_of(&pod, &a, true)?;
    let prefix = a.prefix || a.all_pods;
    let sources: Vec<Source> = containers
        .into_iter()
        .map(|c| Source {
            prefix: if prefix {
                prefix_for(name, &c, color)
            } else {
                String::new()
            },
            pod: name.to_string(),
            container: c,
        })
        .collect();
    show(ctx, &a, &query, &ns, sources).await
}

/// kubectl finds the object through its resource builder, which words NotFound so.
fn builder_not_found(e: Error, plural: &str, name: &str, ns: &str) -> Error {
    match e.reason() {
        Some("NotFound") => Error::Usage(format!(
            "error from server (NotFound): {plural} \"{name}\" not found in namespace \"{ns}\""
        )),
        _ => e,
    }
}

/// The label selector of a workload or service whose pods `logs TYPE/NAME` shows.
fn workload_selector(object: &Value, kind: &str, api_version: &str) -> Result<String> {
    let selector = match kind {
        "Deployment"
        | "ReplicaSet"
        | "StatefulSet"
        | "DaemonSet"
        | "Job"
        | "ReplicationController"
        | "Service" => selector_query(&object["spec"]["selector"]),
        _ => {
            return Err(Error::Usage(format!(
                "cannot get the logs from *{}.{kind}: selector for *{}.{kind} not implemented",
                api_version.replace('/', "."),
                api_version.replace('/', ".")
            )));
        }
    };
    selector.ok_or_else(|| {
        Error::Usage(format!(
            "cannot get the logs from {}: it selects no pods (empty selector)",
            object["metadata"]["name"].as_str().unwrap_or_default()
        ))
    })
}

/// `-l SELECTOR`: kubectl's behaviour without `-f` (each pod in turn, `--tail` 10); with `-f`
/// every pod is followed and new ones are picked up (rk), within `--max-log-requests` at start.
async fn by_selector(
    ctx: &Ctx,
    a: &LogsArgs,
    query: &LogQuery,
    ns: &str,
    selector: &str,
    color: bool,
) -> Result<()> {
    if a.follow {
        return crate::commands::logs_follow::workload(ctx, a, query, ns, selector, color).await;
    }
    let pods = list_pods(ctx, ns, selector).await?;
    if pods.is_empty() {
        eprintln!("No resources found in {ns} namespace.");
        return Ok(());
    }
    let prefix = a.prefix || a.all_pods;
    let mut sources = Vec::new();
    for pod in &pods {
        let name = pod["metadata"]["name"].as_str().unwrap_or_default();
        for c in containers_of(pod, a, false)? {
            sources.push(Source {
                prefix: if prefix {
                    prefix_for(name, &c, color)
                } else {
                    String::new()
                },
                pod: name.to_string(),
                container: c,
            });
        }
    }
    show(ctx, a, query, ns, sources).await
}

/// The pods matching a selector, by name.
pub async fn list_pods(ctx: &Ctx, ns: &str, selector: &str) -> Result<Vec<Value>> {
    let path = with_query(
        &format!("/api/v1/namespaces/{}/pods", crate::client::encode(ns)),
        &[("labelSelector", selector.to_string())],
    );
    let mut list = ctx.get_json(&path, "application/json").await?;
    let mut pods = match list["items"].take() {
        Value::Array(items) => items,
        _ => Vec::new(),
    };
    pods.sort_by(|x, y| {
        x["metadata"]["name"]
            .as_str()
            .cmp(&y["metadata"]["name"].as_str())
    });
    Ok(pods)
}

/// Prints the given streams: one after another without `-f` (fetched up to
/// `--max-log-requests` at a time, printed in order), all at once with it (kubectl refuses
/// more than `--max-log-requests`).
pub async fn show(
    ctx: &Ctx,
    a: &LogsArgs,
    query: &LogQuery,
    ns: &str,
    sources: Vec<Source>,
) -> Result<()> {
    let max = usize::try_from(a.max_log_requests).unwrap_or(1).max(1);
    let several = sources.len() > 1;
    let mut printer = Printer::new(query.follow);
    if !query.follow {
        // Fetched concurrently, printed in order: each stream's lines are collected first.
        let client = ctx.client.clone();
        let fetched = futures::stream::iter(sources)
            .map(|s| {
                let path = query.path(ns, &s.pod, &s.container);
                let lines = open_lines(client.clone(), path);
                async move { (s, lines.collect::<Vec<Chunk>>().await) }
            })
            .buffered(max);
        futures::pin_mut!(fetched);
        while let Some((s, chunks)) = fetched.next().await {
            for chunk in chunks {
                match chunk {
                    Chunk::Line(l) => printer.line(&s.prefix, &l, false)?,
                    Chunk::Failed(e) => {
                        printer.flush()?;
                        return Err(e);
                    }
                }
            }
        }
        return printer.flush();
    }
    if sources.len() > max {
        return Err(Error::Usage(format!(
            "you are attempting to follow {} log streams, but maximum allowed concurrency is {max}, use --max-log-requests to increase the limit",
            sources.len()
        )));
    }
    let mut all = futures::stream::SelectAll::new();
    for (i, s) in sources.iter().enumerate() {
        let path = query.path(ns, &s.pod, &s.container);
        all.push(
            open_lines(ctx.client.clone(), path)
                .map(move |c| (i, c))
                .boxed_local(),
        );
    }
    while let Some((i, chunk)) = all.next().await {
        match chunk {
            Chunk::Line(l) => printer.line(&sources[i].prefix, &l, several)?,
            Chunk::Failed(e) if a.ignore_errors => eprintln!("{e}"),
            Chunk::Failed(e) => {
                printer.flush()?;
                return Err(e);
            }
        }
    }
    printer.flush()
}

/// How long `logs_follow` keeps reading a stream after its pod went away or its container
/// restarted (lines already on their way still arrive).
pub const DRAIN: Duration = Duration::from_secs(2);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(extra: &[&str]) -> LogsArgs {
        use clap::Parser;
        #[derive(Parser)]
        struct P {
            #[command(flatten)]
            a: LogsArgs,
        }
        let mut argv = vec!["logs"];
        argv.extend_from_slice(extra);
        P::parse_from(argv).a
    }

    #[test]
    fn the_query_carries_every_option_kubectl_sends() {
        let q = LogQuery::from_args(&args(&[
            "web",
            "-f",
            "--tail=5",
            "--since=90s",
            "--timestamps",
            "-p",
            "--limit-bytes=100",
        ]))
        .unwrap();
        assert_eq!(
            q.path("default", "web", "app"),
            "/api/v1/namespaces/default/pods/web/log?container=app&follow=true&previous=true&tailLines=5&sinceSeconds=90&timestamps=true&limitBytes=100"
        );
    }

    #[test]
    fn boolean_flags_take_a_value_only_after_an_equals_sign() {
        let a = args(&["-f", "web", "--timestamps", "-c", "app", "--prefix=false"]);
        assert!(a.follow && a.timestamps && !a.prefix);
        assert_eq!(a.args, ["web"]);
    }

    #[test]
    fn a_selector_defaults_the_tail_to_ten_lines_and_a_pod_to_all() {
        assert_eq!(
            LogQuery::from_args(&args(&["-l", "app=x"])).unwrap().tail,
            Some(10)
        );
        assert_eq!(LogQuery::from_args(&args(&["web"])).unwrap().tail, None);
        assert_eq!(
            LogQuery::from_args(&args(&["-l", "app=x", "--tail=-1"]))
                .unwrap()
                .tail,
            None
        );
    }

    #[test]
    fn since_and_since_time_together_are_refused_as_kubectl_does() {
        let e = LogQuery::from_args(&args(&[
            "web",
            "--since=1m",
            "--since-time=2024-01-01T00:00:00Z",
        ]))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: at most one of `sinceTime` or `sinceSeconds` may be specified"
        );
        assert!(LogQuery::from_args(&args(&["web", "--tail=-2"])).is_err());
    }

    #[test]
    fn several_containers_default_to_the_first_with_kubectls_notice() {
        let pod = json!({"metadata": {"name": "web"}, "spec": {
            "initContainers": [{"name": "setup"}],
            "containers": [{"name": "app"}, {"name": "side"}]}});
        let (name, notice) = default_container(&pod).unwrap();
        assert_eq!(name, "app");
        assert_eq!(
            notice.unwrap(),
            "Defaulted container \"app\" out of: app, side, setup (init)"
        );
        assert_eq!(all_containers(&pod), ["setup", "app", "side"]);
        let annotated = json!({"metadata": {"annotations": {"kubectl.kubernetes.io/default-container": "side"}},
            "spec": {"containers": [{"name": "app"}, {"name": "side"}]}});
        assert_eq!(
            default_container(&annotated).unwrap(),
            ("side".to_string(), None)
        );
    }

    #[test]
    fn workload_selectors_become_label_queries() {
        let s = json!({"matchLabels": {"app": "web"}, "matchExpressions": [
            {"key": "tier", "operator": "In", "values": ["a", "b"]},
            {"key": "gone", "operator": "DoesNotExist"}]});
        assert_eq!(selector_query(&s).unwrap(), "app=web,tier in (a,b),!gone");
        assert_eq!(selector_query(&json!({"app": "api"})).unwrap(), "app=api");
        assert_eq!(selector_query(&json!({})), None);
    }

    #[test]
    fn prefixes_are_plain_or_coloured_the_same_way_for_the_same_pod() {
        assert_eq!(prefix_for("web-1", "app", false), "[pod/web-1/app] ");
        let c = prefix_for("web-1", "app", true);
        assert!(
            c.starts_with("\x1b[") && c.ends_with("[pod/web-1/app]\x1b[0m "),
            "{c:?}"
        );
        assert_eq!(c, prefix_for("web-1", "side", true).replace("side", "app"));
    }
}
