//! `rkd bench store`: the embedded store against a real etcd, driven through the same `Store`
//! contract with the same workload in one run (256-byte values, CAS puts). etcd is started by the
//! benchmark in a temp dir, like the tests do.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use bytes::Bytes;
use rk_store::embedded::{EmbeddedConfig, EmbeddedStore};
use rk_store::etcd::{EtcdConfig, EtcdStore, LocalEtcd};
use rk_store::{AnyStore, Error, RangeRequest, Store, WatchEvent};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::stats::{ms, quantile, rss_bytes};

#[derive(clap::Args)]
pub struct Args {
    /// A tiny run that only checks the benchmark works (used by `make test`).
    #[arg(long)]
    smoke: bool,
    /// Keys for the resident-memory figure (default 1,000,000; 20,000 with --smoke).
    #[arg(long)]
    keys: Option<usize>,
    /// Seconds per throughput phase (default 5; 1 with --smoke).
    #[arg(long)]
    seconds: Option<u64>,
}

const VALUE_BYTES: usize = 256;

fn value() -> Bytes {
    Bytes::from(vec![b'v'; VALUE_BYTES])
}

/// One backend under test.
struct Subject {
    name: &'static str,
    store: AnyStore,
    /// etcd's client URL, for its /metrics (syncs) — None for the embedded store.
    etcd: Option<String>,
}

impl Subject {
    /// fsyncs so far: the embedded store counts its own; etcd reports its WAL fsyncs.
    async fn syncs(&self) -> anyhow::Result<u64> {
        match (&self.store, &self.etcd) {
            (AnyStore::Embedded(s), _) => Ok(s.syncs()),
            (_, Some(url)) => etcd_wal_fsyncs(url).await,
            _ => Ok(0),
        }
    }
}

/// Reads `etcd_disk_wal_fsync_duration_seconds_count` from etcd's /metrics.
async fn etcd_wal_fsyncs(client_url: &str) -> anyhow::Result<u64> {
    let hostport = client_url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let mut conn = tokio::net::TcpStream::connect(hostport)
        .await
        .context("connect to etcd metrics")?;
    conn.write_all(format!("GET /metrics HTTP/1.0\r\nHost: {hostport}\r\n\r\n").as_bytes())
        .await?;
    let mut body = String::new();
    conn.read_to_string(&mut body).await?;
    body.lines()
        .find_map(|l| l.strip_prefix("etcd_disk_wal_fsync_duration_seconds_count "))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|v| v as u64)
        .context("etcd /metrics has no etcd_disk_wal_fsync_duration_seconds_count")
}

struct Throughput {
    per_sec: f64,
    p50: Duration,
    p99: Duration,
    max: Duration,
    syncs_per_sec: f64,
}

/// `writers` tasks, each compare-and-swapping its own key for `dur`.
async fn cas_puts(
    s: &Subject,
    prefix: &str,
    writers: usize,
    dur: Duration,
    during: Option<Duration>,
) -> anyhow::Result<Throughput> {
    let mut revs = Vec::new();
    for w in 0..writers {
        let key = format!("{prefix}/w{w:03}");
        let rev = match s.store.create(&key, value(), None).await {
            Ok(kv) => kv.mod_revision,
            Err(Error::AlreadyExists { .. }) => {
                s.store
                    .get(&key)
                    .await?
                    .0
                    .context("key vanished")?
                    .mod_revision
            }
            Err(e) => return Err(e.into()),
        };
        revs.push((key, rev));
    }
    let syncs0 = s.syncs().await?;
    let start = Instant::now();
    let deadline = start + dur;
    let mut tasks = Vec::new();
    for (key, mut rev) in revs {
        let store = s.store.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(4096);
            while Instant::now() < deadline {
                let t = Instant::now();
                rev = store.update(&key, value(), rev, None).await?.mod_revision;
                lat.push(t.elapsed());
            }
            Ok::<_, Error>(lat)
        }));
    }
    // Optionally compact everything written so far while the writers run.
    let compaction = match during {
        Some(after) => {
            let store = s.store.clone();
            Some(tokio::spawn(async move {
                tokio::time::sleep(after).await;
                let rev = store.current_revision().await?;
                store.compact(rev).await
            }))
        }
        None => None,
    };
    let mut lat = Vec::new();
    for t in tasks {
        lat.extend(t.await??);
    }
    if let Some(c) = compaction {
        c.await??;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let syncs = s.syncs().await?.saturating_sub(syncs0);
    let n = lat.len();
    Ok(Throughput {
        per_sec: n as f64 / elapsed,
        p50: quantile(&mut lat, 0.5),
        p99: quantile(&mut lat, 0.99),
        max: quantile(&mut lat, 1.0),
        syncs_per_sec: syncs as f64 / elapsed,
    })
}

/// Creates `n` keys under `prefix` from 64 writers.
async fn fill(
    store: &AnyStore,
    prefix: &str,
    n: usize,
    value_bytes: usize,
) -> anyhow::Result<Duration> {
    let start = Instant::now();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let value = Bytes::from(vec![b'f'; value_bytes]);
    let mut tasks = Vec::new();
    for _ in 0..64 {
        let (store, next, prefix, value) = (
            store.clone(),
            next.clone(),
            prefix.to_string(),
            value.clone(),
        );
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= n {
                    return Ok::<_, Error>(());
                }
                store
                    .create(&format!("{prefix}/{i:08}"), value.clone(), None)
                    .await?;
            }
        }));
    }
    for t in tasks {
        t.await??;
    }
    Ok(start.elapsed())
}

/// Median time to range over `n` keys.
async fn range_time(store: &AnyStore, prefix: &str, n: usize) -> anyhow::Result<Duration> {
    let mut times = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let r = store
            .range(RangeRequest::prefix(format!("{prefix}/")))
            .await?;
        times.push(t.elapsed());
        anyhow::ensure!(
            r.kvs.len() == n,
            "range returned {} keys, wanted {n}",
            r.kvs.len()
        );
    }
    Ok(quantile(&mut times, 0.5))
}

/// Time from issuing a put to its event reaching each of `watchers` watchers: p50, p99.
async fn watch_delivery(
    store: &AnyStore,
    prefix: &str,
    watchers: usize,
    events: usize,
) -> anyhow::Result<(Duration, Duration)> {
    let epoch = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..watchers {
        let mut w = store.watch(&format!("{prefix}/"), 0).await?;
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(events);
            while lat.len() < events {
                match w.next().await {
                    Some(Ok(WatchEvent::Put { kv, .. })) => {
                        let mut sent = [0u8; 8];
                        sent.copy_from_slice(&kv.value[..8]);
                        let sent = Duration::from_nanos(u64::from_le_bytes(sent));
                        lat.push(epoch.elapsed().saturating_sub(sent));
                    }
                    Some(Ok(_)) => {}
                    Some(Err(e)) => return Err(e),
                    None => return Err(Error::Closed),
                }
            }
            Ok(lat)
        }));
    }
    // A steady writer: one put every 2 ms, each stamped with its issue time.
    let mut tick = tokio::time::interval(Duration::from_millis(2));
    let mut revs = std::collections::HashMap::new();
    for i in 0..events {
        tick.tick().await;
        let mut v = vec![b'w'; VALUE_BYTES];
        v[..8].copy_from_slice(&(epoch.elapsed().as_nanos() as u64).to_le_bytes());
        let key = format!("{prefix}/k{:02}", i % 50);
        let kv = match revs.get(&key) {
            None => store.create(&key, Bytes::from(v), None).await?,
            Some(rev) => store.update(&key, Bytes::from(v), *rev, None).await?,
        };
        revs.insert(key, kv.mod_revision);
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(
            tokio::time::timeout(Duration::from_secs(60), t)
                .await
                .context("watchers finish")???,
        );
    }
    Ok((quantile(&mut all, 0.5), quantile(&mut all, 0.99)))
}

/// Prints one figure for both backends with their ratio and the goal it is held to.
struct Table;

impl Table {
    fn row(&mut self, what: &str, emb: String, etcd: String, ratio: String, goal: &str) {
        println!("{what:<52} {emb:>14} {etcd:>14} {ratio:>8}  {goal}");
    }
}

fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.2}×", a / b)
    } else {
        "-".into()
    }
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let keys = args
        .keys
        .unwrap_or(if args.smoke { 20_000 } else { 1_000_000 });
    let secs = Duration::from_secs(args.seconds.unwrap_or(if args.smoke { 1 } else { 5 }));
    let watch_events = if args.smoke { 100 } else { 1000 };
    let range_keys = if args.smoke { 2_000 } else { 10_000 };
    let open_target: u64 = if args.smoke { 64 << 20 } else { 1 << 30 };

    let dir = tempfile::Builder::new()
        .prefix("rk-bench-store-")
        .tempdir()
        .context("temp dir")?;
    let etcd = LocalEtcd::start_stock(&dir.path().join("etcd"))
        .await
        .context("start etcd (Debian package etcd-server)")?;
    let etcd_version = etcd_version();
    let embedded =
        EmbeddedStore::open_dir(&dir.path().join("embedded"), EmbeddedConfig::default()).await?;
    let subjects = [
        Subject {
            name: "embedded",
            store: AnyStore::Embedded(embedded.clone()),
            etcd: None,
        },
        Subject {
            name: "etcd",
            store: AnyStore::Etcd(EtcdStore::connect(EtcdConfig::new([etcd.endpoint()])).await?),
            etcd: Some(etcd.endpoint()),
        },
    ];

    println!(
        "rk store benchmark: 256-byte values, CAS puts, both backends through the same Store contract"
    );
    println!(
        "machine: {} cores; etcd: {etcd_version}; {}",
        super::stats::cores(),
        super::stats::size(args.smoke)
    );
    println!();
    let mut t = Table;
    t.row(
        "figure",
        "embedded".into(),
        "etcd".into(),
        "ratio".into(),
        "goal",
    );

    let mut one = Vec::new();
    let mut many = Vec::new();
    for s in &subjects {
        one.push(
            cas_puts(s, "/bench/one", 1, secs, None)
                .await
                .with_context(|| format!("{}: 1 writer", s.name))?,
        );
        many.push(
            cas_puts(s, "/bench/many", 64, secs, None)
                .await
                .with_context(|| format!("{}: 64 writers", s.name))?,
        );
    }
    t.row(
        "durable CAS puts/s, 1 writer",
        format!("{:.0}", one[0].per_sec),
        format!("{:.0}", one[1].per_sec),
        ratio(one[0].per_sec, one[1].per_sec),
        "",
    );
    t.row(
        "durable CAS puts/s, 64 writers",
        format!("{:.0}", many[0].per_sec),
        format!("{:.0}", many[1].per_sec),
        ratio(many[0].per_sec, many[1].per_sec),
        "embedded >= 1.5x etcd",
    );
    t.row(
        "write latency p50, 64 writers (ms)",
        format!("{:.2}", ms(many[0].p50)),
        format!("{:.2}", ms(many[1].p50)),
        ratio(ms(many[0].p50), ms(many[1].p50)),
        "",
    );
    t.row(
        "write latency p99, 64 writers (ms)",
        format!("{:.2}", ms(many[0].p99)),
        format!("{:.2}", ms(many[1].p99)),
        ratio(ms(many[0].p99), ms(many[1].p99)),
        "embedded <= etcd",
    );
    t.row(
        "write latency p99, 1 writer (ms)",
        format!("{:.2}", ms(one[0].p99)),
        format!("{:.2}", ms(one[1].p99)),
        ratio(ms(one[0].p99), ms(one[1].p99)),
        "",
    );
    t.row(
        "fsyncs/s, 64 writers (etcd: WAL fsyncs)",
        format!("{:.0}", many[0].syncs_per_sec),
        format!("{:.0}", many[1].syncs_per_sec),
        ratio(many[0].syncs_per_sec, many[1].syncs_per_sec),
        "",
    );
    t.row(
        "puts per fsync, 64 writers",
        format!("{:.1}", many[0].per_sec / many[0].syncs_per_sec.max(1.0)),
        format!("{:.1}", many[1].per_sec / many[1].syncs_per_sec.max(1.0)),
        String::new(),
        "",
    );

    let mut range = Vec::new();
    for s in &subjects {
        fill(&s.store, "/bench/range", range_keys, VALUE_BYTES).await?;
        range.push(range_time(&s.store, "/bench/range", range_keys).await?);
    }
    t.row(
        &format!("range over {range_keys} keys, median (ms)"),
        format!("{:.1}", ms(range[0])),
        format!("{:.1}", ms(range[1])),
        ratio(ms(range[0]), ms(range[1])),
        "",
    );

    let mut watch = Vec::new();
    for s in &subjects {
        watch.push(
            watch_delivery(&s.store, "/bench/watch", 100, watch_events)
                .await
                .with_context(|| format!("{}: watch", s.name))?,
        );
    }
    t.row(
        "watch delivery p50, 100 watchers (ms)",
        format!("{:.2}", ms(watch[0].0)),
        format!("{:.2}", ms(watch[1].0)),
        ratio(ms(watch[0].0), ms(watch[1].0)),
        "",
    );
    t.row(
        "watch delivery p99, 100 watchers (ms)",
        format!("{:.2}", ms(watch[0].1)),
        format!("{:.2}", ms(watch[1].1)),
        ratio(ms(watch[0].1), ms(watch[1].1)),
        "embedded <= 10 ms",
    );

    let mut stall = Vec::new();
    for s in &subjects {
        stall.push(
            cas_puts(s, "/bench/stall", 64, secs, Some(secs / 5))
                .await
                .with_context(|| format!("{}: compaction", s.name))?,
        );
    }
    t.row(
        "max write latency, 64 writers, no compaction (ms)",
        format!("{:.1}", ms(many[0].max)),
        format!("{:.1}", ms(many[1].max)),
        ratio(ms(many[0].max), ms(many[1].max)),
        "",
    );
    t.row(
        "max write latency while compacting all history (ms)",
        format!("{:.1}", ms(stall[0].max)),
        format!("{:.1}", ms(stall[1].max)),
        ratio(ms(stall[0].max), ms(stall[1].max)),
        "embedded <= 50 ms",
    );
    t.row(
        "write latency p99 while compacting (ms)",
        format!("{:.2}", ms(stall[0].p99)),
        format!("{:.2}", ms(stall[1].p99)),
        ratio(ms(stall[0].p99), ms(stall[1].p99)),
        "",
    );

    // Memory and open time: the embedded store fills in a child process of its own (so its RSS is
    // the store's, not this benchmark's), grows its file, and is killed with SIGKILL; then the
    // dirty store is opened here. etcd's figure is its whole server process.
    let child_dir = dir.path().join("embedded-child");
    let filled = fill_in_child(&child_dir, keys, open_target)
        .await
        .context("embedded fill in a child process")?;
    let t0 = Instant::now();
    let reopened = EmbeddedStore::open_dir(&child_dir, EmbeddedConfig::default()).await?;
    let open = t0.elapsed();
    let (count, _) = reopened.count("/bench/mem/").await?;
    anyhow::ensure!(
        count as usize == keys,
        "reopened store holds {count} of {keys} keys"
    );
    reopened.close().await;
    drop(reopened);

    let etcd_before = rss_bytes(&etcd.pid().to_string()).unwrap_or(0);
    let took = fill(&subjects[1].store, "/bench/mem", keys, VALUE_BYTES).await?;
    let etcd_rss = rss_bytes(&etcd.pid().to_string()).unwrap_or(0);
    let etcd_fill = keys as f64 / took.as_secs_f64();
    let mb = |b: u64| b as f64 / (1 << 20) as f64;
    t.row(
        &format!("resident memory with {keys} keys (MiB)"),
        format!("{:.0}", mb(filled.rss)),
        format!("{:.0}", mb(etcd_rss)),
        ratio(mb(filled.rss), mb(etcd_rss)),
        &format!(
            "whole process (etcd was {:.0} MiB before the fill)",
            mb(etcd_before)
        ),
    );
    t.row(
        &format!("creates/s filling {keys} keys, 64 writers"),
        format!("{:.0}", filled.rate),
        format!("{etcd_fill:.0}"),
        ratio(filled.rate, etcd_fill),
        "",
    );

    t.row(
        &format!(
            "open a {:.2} GiB embedded store after kill -9 (s)",
            filled.file_bytes as f64 / (1u64 << 30) as f64
        ),
        format!("{:.3}", open.as_secs_f64()),
        "-".into(),
        String::new(),
        "<= 2 s for 1 GiB",
    );
    drop(subjects);
    embedded.close().await;
    drop(etcd);
    Ok(())
}

/// What the fill child reports.
struct Filled {
    rate: f64,
    rss: u64,
    file_bytes: u64,
}

/// Runs `rkd bench store-child` and kills it with SIGKILL once it has filled and grown its store.
async fn fill_in_child(dir: &std::path::Path, keys: usize, grow_to: u64) -> anyhow::Result<Filled> {
    use tokio::io::AsyncBufReadExt;
    let mut child = tokio::process::Command::new(std::env::current_exe()?)
        .args([
            "bench",
            "store-child",
            "--keys",
            &keys.to_string(),
            "--grow-to",
            &grow_to.to_string(),
            "--dir",
        ])
        .arg(dir)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let mut lines = tokio::io::BufReader::new(child.stdout.take().context("child stdout")?).lines();
    let mut filled = Filled {
        rate: 0.0,
        rss: 0,
        file_bytes: 0,
    };
    while let Some(line) = lines.next_line().await? {
        let mut parts = line.split_whitespace();
        let (Some(what), Some(v)) = (parts.next(), parts.next()) else {
            continue;
        };
        match what {
            "rate" => filled.rate = v.parse()?,
            "rss" => filled.rss = v.parse()?,
            "grown" => {
                filled.file_bytes = v.parse()?;
                break;
            }
            _ => {}
        }
    }
    anyhow::ensure!(filled.file_bytes > 0, "the fill child ended early");
    child.start_kill()?;
    child.wait().await?;
    Ok(filled)
}

#[derive(clap::Args)]
pub struct ChildArgs {
    #[arg(long)]
    dir: std::path::PathBuf,
    #[arg(long)]
    keys: usize,
    #[arg(long)]
    grow_to: u64,
}

/// The fill child: opens a store, creates `keys` keys, reports its rate and RSS, grows the file
/// to `grow_to` bytes with 1 MiB values, reports, and waits to be killed.
pub async fn child(args: ChildArgs) -> anyhow::Result<()> {
    use std::io::Write;
    let store = EmbeddedStore::open_dir(&args.dir, EmbeddedConfig::default()).await?;
    let any = AnyStore::Embedded(store.clone());
    let took = fill(&any, "/bench/mem", args.keys, VALUE_BYTES).await?;
    let mut out = std::io::stdout();
    writeln!(out, "rate {}", args.keys as f64 / took.as_secs_f64())?;
    writeln!(out, "rss {}", rss_bytes("self").unwrap_or(0))?;
    out.flush()?;
    let mut i = 0;
    while std::fs::metadata(store.path())?.len() < args.grow_to {
        fill(&any, &format!("/bench/big/{i}"), 64, 1 << 20).await?;
        i += 1;
    }
    writeln!(out, "grown {}", std::fs::metadata(store.path())?.len())?;
    out.flush()?;
    loop {
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}

fn etcd_version() -> String {
    std::process::Command::new("etcd")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| {
            s.lines()
                .next()
                .map(|l| l.trim_start_matches("etcd Version: ").to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
