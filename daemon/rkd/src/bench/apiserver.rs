//! `rkd bench apiserver`: `rkd apiserver` alone on the embedded store, driven over HTTPS with the
//! admin client certificate by 64 concurrent clients (one keep-alive connection each). Prints
//! create and get latency, a LIST of 10k pods, watch delivery to 1,000 watchers and resident
//! memory, each next to its goal — and, as the same-run baseline, the embedded store's own create
//! and get latency under the same concurrency, in process (what the API layer adds on top).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use rk_store::Store;
use rk_store::embedded::{EmbeddedConfig, EmbeddedStore};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, pem::PemObject};

use super::stats::{ms, quantile, rss_bytes};

#[derive(clap::Args)]
pub struct Args {
    /// A tiny run that only checks the benchmark works (used by `make test`).
    #[arg(long)]
    smoke: bool,
}

pub(super) const CLIENTS: usize = 64;

fn pod_json(ns: &str, name: &str) -> String {
    serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "labels": {"app": "bench", "tier": "web"},
                     "annotations": {"bench.rk.dev/note": "a pod of roughly realistic size for the API benchmark"}},
        "spec": {"containers": [{"name": "web", "image": "busybox:1.36", "command": ["httpd", "-f", "-p", "8080"],
                                  "ports": [{"containerPort": 8080, "name": "http"}],
                                  "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}, "limits": {"memory": "64Mi"}},
                                  "env": [{"name": "MODE", "value": "bench"}]}],
                 "nodeSelector": {"kubernetes.io/os": "linux"}}
    })
    .to_string()
}

/// The API server under test: a child process and how to reach it.
pub(super) struct Server {
    child: tokio::process::Child,
    pub(super) addr: String,
    tls: Arc<rustls::ClientConfig>,
    pub(super) dir: tempfile::TempDir,
}

impl Server {
    pub(super) async fn start() -> anyhow::Result<Server> {
        Self::start_role(&["apiserver"]).await
    }

    /// `rkd ROLE…` serving the API on a free loopback port, with a data dir of its own
    /// (`role` is the subcommand and any flags of its own, e.g. `["server", "--cluster-cidr", …]`).
    pub(super) async fn start_role(role: &[&str]) -> anyhow::Result<Server> {
        let dir = tempfile::Builder::new()
            .prefix("rk-bench-apiserver-")
            .tempdir()?;
        let child = tokio::process::Command::new(std::env::current_exe()?)
            .args(role)
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("server.log"))?)
            .kill_on_drop(true)
            .spawn()?;
        let kubeconfig = dir.path().join("admin.kubeconfig");
        let deadline = Instant::now() + Duration::from_secs(30);
        while !kubeconfig.exists() {
            anyhow::ensure!(
                Instant::now() < deadline,
                "rkd {} did not start",
                role.join(" ")
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let config = std::fs::read_to_string(&kubeconfig)?;
        let addr = config
            .lines()
            .find_map(|l| l.trim().strip_prefix("server: https://"))
            .context("server in admin.kubeconfig")?
            .to_string();
        let tls = client_tls(&dir.path().join("tls"))?;
        Ok(Server {
            child,
            addr,
            tls,
            dir,
        })
    }

    pub(super) fn pid(&self) -> String {
        self.child.id().map_or("0".into(), |p| p.to_string())
    }

    pub(super) async fn connect(&self) -> anyhow::Result<SendRequest<Full<Bytes>>> {
        let tcp = tokio::net::TcpStream::connect(&self.addr).await?;
        tcp.set_nodelay(true)?;
        let connector = tokio_rustls::TlsConnector::from(self.tls.clone());
        let tls = connector
            .connect(ServerName::try_from("127.0.0.1")?, tcp)
            .await?;
        let (send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tls)).await?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Ok(send)
    }
}

fn client_tls(dir: &Path) -> anyhow::Result<Arc<rustls::ClientConfig>> {
    let read =
        |f: &str| std::fs::read(dir.join(f)).with_context(|| format!("{}", dir.join(f).display()));
    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_slice_iter(&read("ca.crt")?) {
        roots.add(c?)?;
    }
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(&read("admin.crt")?).collect::<Result<_, _>>()?;
    let key = PrivateKeyDer::from_pem_slice(&read("admin.key")?)?;
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_client_auth_cert(certs, key)?;
    Ok(Arc::new(config))
}

pub(super) async fn request(
    send: &mut SendRequest<Full<Bytes>>,
    method: &str,
    path: &str,
    body: Option<String>,
) -> anyhow::Result<(u16, Bytes)> {
    request_as(send, method, path, body, "application/json").await
}

/// What kubectl and rkctl send to have a LIST printed by the server.
const ACCEPT_TABLE: &str = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

/// A request with an `Accept` header.
async fn request_as(
    send: &mut SendRequest<Full<Bytes>>,
    method: &str,
    path: &str,
    body: Option<String>,
    accept: &str,
) -> anyhow::Result<(u16, Bytes)> {
    send.ready().await?;
    let req = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "127.0.0.1")
        .header("accept", accept)
        .header("content-type", "application/json")
        .body(Full::new(body.map(Bytes::from).unwrap_or_default()))?;
    let resp = send.send_request(req).await?;
    let code = resp.status().as_u16();
    let bytes = resp.into_body().collect().await?.to_bytes();
    Ok((code, bytes))
}

/// `n` operations spread over CLIENTS connections; returns per-operation latencies.
pub(super) async fn drive(
    server: &Arc<Server>,
    n: usize,
    op: impl Fn(usize) -> (&'static str, String, Option<String>) + Send + Sync + 'static,
) -> anyhow::Result<Vec<Duration>> {
    let op = Arc::new(op);
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (server, op) = (server.clone(), op.clone());
        tasks.push(tokio::spawn(async move {
            let mut send = server.connect().await?;
            let mut lat = Vec::new();
            let mut i = c;
            while i < n {
                let (method, path, body) = op(i);
                let t = Instant::now();
                let (code, body) = request(&mut send, method, &path, body).await?;
                anyhow::ensure!(
                    code < 300,
                    "{method} {path}: {code} {}",
                    String::from_utf8_lossy(&body)
                );
                lat.push(t.elapsed());
                i += CLIENTS;
            }
            Ok::<_, anyhow::Error>(lat)
        }));
    }
    let mut all = Vec::with_capacity(n);
    for t in tasks {
        all.extend(t.await??);
    }
    Ok(all)
}

/// The same creates and gets straight on an embedded store, in process: the baseline.
async fn store_baseline(n: usize) -> anyhow::Result<(Vec<Duration>, Vec<Duration>)> {
    let dir = tempfile::tempdir()?;
    let store = EmbeddedStore::open_dir(dir.path(), EmbeddedConfig::default()).await?;
    let value = Bytes::from(pod_json("default", "x"));
    let mut creates = Vec::new();
    let mut gets = Vec::new();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (store, value) = (store.clone(), value.clone());
        tasks.push(tokio::spawn(async move {
            let (mut cl, mut gl) = (Vec::new(), Vec::new());
            let mut i = c;
            while i < n {
                let key = format!("/pods/default/p{i}");
                let t = Instant::now();
                store.create(&key, value.clone(), None).await?;
                cl.push(t.elapsed());
                let t = Instant::now();
                store.get(&key).await?;
                gl.push(t.elapsed());
                i += CLIENTS;
            }
            Ok::<_, rk_store::Error>((cl, gl))
        }));
    }
    for t in tasks {
        let (c, g) = t.await??;
        creates.extend(c);
        gets.extend(g);
    }
    store.close().await;
    Ok((creates, gets))
}

/// `watchers` watch connections on namespace `ns`; then `events` pod updates stamped with their
/// issue time; returns every delivery latency.
async fn watch_delivery(
    server: &Arc<Server>,
    ns: &str,
    watchers: usize,
    events: usize,
) -> anyhow::Result<Vec<Duration>> {
    let epoch = Instant::now();
    let mut send = server.connect().await?;
    let (code, body) = request(
        &mut send,
        "POST",
        "/api/v1/namespaces",
        Some(format!(r#"{{"metadata":{{"name":"{ns}"}}}}"#)),
    )
    .await?;
    anyhow::ensure!(
        code < 300 || code == 409,
        "create namespace: {}",
        String::from_utf8_lossy(&body)
    );
    let (code, body) = request(
        &mut send,
        "POST",
        &format!("/api/v1/namespaces/{ns}/pods"),
        Some(pod_json(ns, "w")),
    )
    .await?;
    anyhow::ensure!(code < 300, "create pod: {}", String::from_utf8_lossy(&body));
    let created: serde_json::Value = serde_json::from_slice(&body)?;
    let rv = created
        .pointer("/metadata/resourceVersion")
        .and_then(|v| v.as_str())
        .unwrap_or("0")
        .to_string();

    let mut tasks = Vec::new();
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<()>(watchers);
    for _ in 0..watchers {
        let (server, ns, rv, ready) =
            (server.clone(), ns.to_string(), rv.clone(), ready_tx.clone());
        tasks.push(tokio::spawn(async move {
            let mut send = server.connect().await?;
            send.ready().await?;
            let req = hyper::Request::builder()
                .uri(format!(
                    "/api/v1/namespaces/{ns}/pods?watch=true&resourceVersion={rv}"
                ))
                .header("host", "127.0.0.1")
                .body(Full::new(Bytes::new()))?;
            let mut body = send.send_request(req).await?.into_body();
            let _ = ready.send(()).await;
            let (mut lat, mut buf) = (Vec::with_capacity(events), Vec::<u8>::new());
            while lat.len() < events {
                let Some(frame) = body.frame().await else {
                    break;
                };
                if let Ok(data) = frame?.into_data() {
                    buf.extend_from_slice(&data);
                }
                while let Some(pos) = buf.iter().position(|b| *b == b'\n') {
                    let line: Vec<u8> = buf.drain(..=pos).collect();
                    let ev: serde_json::Value = serde_json::from_slice(&line)?;
                    if let Some(sent) = ev
                        .pointer("/object/metadata/annotations/bench.rk.dev~1sent")
                        .and_then(|v| v.as_str())
                    {
                        let sent: u64 = sent.parse().unwrap_or(0);
                        lat.push(epoch.elapsed().saturating_sub(Duration::from_nanos(sent)));
                    }
                }
            }
            Ok::<_, anyhow::Error>(lat)
        }));
    }
    drop(ready_tx);
    for _ in 0..watchers {
        ready_rx.recv().await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    for _ in 0..events {
        let patch = format!(
            r#"{{"metadata":{{"annotations":{{"bench.rk.dev/sent":"{}"}}}}}}"#,
            epoch.elapsed().as_nanos()
        );
        send.ready().await?;
        let req = hyper::Request::builder()
            .method("PATCH")
            .uri(format!("/api/v1/namespaces/{ns}/pods/w"))
            .header("host", "127.0.0.1")
            .header("content-type", "application/merge-patch+json")
            .body(Full::new(Bytes::from(patch)))?;
        let resp = send.send_request(req).await?;
        resp.into_body().collect().await?;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(
            tokio::time::timeout(Duration::from_secs(120), t)
                .await
                .context("watchers finish")???,
        );
    }
    anyhow::ensure!(
        all.len() == watchers * events,
        "{} of {} deliveries",
        all.len(),
        watchers * events
    );
    Ok(all)
}

fn row(what: &str, figure: String, baseline: String, goal: &str) {
    println!("{what:<46} {figure:>12} {baseline:>14}  {goal}");
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let pods = if args.smoke { 500 } else { 10_000 };
    let gets = if args.smoke { 1_000 } else { 20_000 };
    let watchers = if args.smoke { 20 } else { 1_000 };
    let watch_events = if args.smoke { 10 } else { 50 };

    let (mut base_create, mut base_get) = store_baseline(pods).await?;
    let server = Arc::new(Server::start().await?);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = rss_bytes(&server.pid()).unwrap_or(0);

    let mut creates = drive(&server, pods, |i| {
        (
            "POST",
            "/api/v1/namespaces/default/pods".into(),
            Some(pod_json("default", &format!("p{i:05}"))),
        )
    })
    .await?;
    let mut getl = drive(&server, gets, move |i| {
        (
            "GET",
            format!("/api/v1/namespaces/default/pods/p{:05}", (i * 7919) % pods),
            None,
        )
    })
    .await?;

    let mut send = server.connect().await?;
    let mut lists = Vec::new();
    let mut json_bytes = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let (code, body) =
            request(&mut send, "GET", "/api/v1/namespaces/default/pods", None).await?;
        lists.push(t.elapsed());
        anyhow::ensure!(code == 200, "LIST: {code}");
        json_bytes = body.len();
    }
    // One page of `get pods -A` (500 rows), as a Table and as the plain JSON List, same run.
    let (mut table_pages, mut json_pages) = (Vec::new(), Vec::new());
    let page = "/api/v1/pods?limit=500";
    for _ in 0..20 {
        for (accept, times) in [
            (ACCEPT_TABLE, &mut table_pages),
            ("application/json", &mut json_pages),
        ] {
            let t = Instant::now();
            let (code, body) = request_as(&mut send, "GET", page, None, accept).await?;
            times.push(t.elapsed());
            anyhow::ensure!(code == 200 && !body.is_empty(), "LIST page: {code}");
        }
    }
    let peak = rss_bytes(&server.pid()).unwrap_or(0);
    // What the server holds once the burst is over: freed memory goes back to the system within
    // a few decay periods (memory.rs), as a Go API server's scavenger would return it.
    tokio::time::sleep(crate::memory::DECAY * 5 + Duration::from_secs(1)).await;
    let held = rss_bytes(&server.pid()).unwrap_or(0);
    let mut watch = watch_delivery(&server, "watch", watchers, watch_events).await?;

    let mb = |b: u64| b as f64 / (1 << 20) as f64;
    println!(
        "rk API server benchmark: `rkd apiserver` alone, embedded store, {CLIENTS} concurrent HTTPS clients"
    );
    println!(
        "machine: {} cores; {}",
        super::stats::cores(),
        super::stats::size(args.smoke)
    );
    println!();
    row("figure", "rk API".into(), "store alone".into(), "goal");
    row(
        &format!("create p50 ({pods} pods) (ms)"),
        format!("{:.2}", ms(quantile(&mut creates, 0.5))),
        format!("{:.2}", ms(quantile(&mut base_create, 0.5))),
        "",
    );
    row(
        &format!("create p99 ({pods} pods) (ms)"),
        format!("{:.2}", ms(quantile(&mut creates, 0.99))),
        format!("{:.2}", ms(quantile(&mut base_create, 0.99))),
        "<= 50 ms",
    );
    row(
        &format!("get p99 ({gets} gets) (ms)"),
        format!("{:.2}", ms(quantile(&mut getl, 0.99))),
        format!("{:.2}", ms(quantile(&mut base_get, 0.99))),
        "<= 10 ms",
    );
    row(
        &format!("LIST of {pods} pods, median of 5 (ms)"),
        format!("{:.1}", ms(quantile(&mut lists, 0.5))),
        "-".into(),
        "<= 300 ms",
    );
    row(
        "Table page of 500 pods, median of 20 (ms)",
        format!("{:.2}", ms(quantile(&mut table_pages, 0.5))),
        format!("JSON {:.2}", ms(quantile(&mut json_pages, 0.5))),
        "",
    );
    row(
        &format!("watch delivery p50, {watchers} watchers (ms)"),
        format!("{:.2}", ms(quantile(&mut watch, 0.5))),
        "-".into(),
        "",
    );
    row(
        &format!("watch delivery p99, {watchers} watchers (ms)"),
        format!("{:.2}", ms(quantile(&mut watch, 0.99))),
        "-".into(),
        "<= 50 ms",
    );
    row(
        "resident memory idle (MiB)",
        format!("{:.1}", mb(idle)),
        "-".into(),
        "<= 50 MB",
    );
    let budget = json_bytes as f64 * 1.5 / (1 << 20) as f64 + 50.0;
    row(
        "resident memory right after the load (MiB)",
        format!("{:.1}", mb(peak)),
        "-".into(),
        "",
    );
    row(
        &format!("resident memory holding {pods} pods (MiB)"),
        format!("{:.1}", mb(held)),
        format!("JSON {:.1}", mb(json_bytes as u64)),
        &format!("<= JSON x 1.5 + 50 MB = {budget:.1} MiB"),
    );
    Ok(())
}
