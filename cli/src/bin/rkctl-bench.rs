//! `rkctl-bench` (also `rkctl bench`, as a plugin): rkctl next to kubectl 1.33 in one run against
//! one `rkd apiserver` — `get pods` with a cold and a warm discovery cache, `get pods -A` over
//! every pod, client start-up (`version --client`) and peak resident memory (GNU time's %M),
//! and completing pod names among thousands (`__complete get pod ""`: issue 10's p99). Each
//! figure is printed next to kubectl's from the same run and the goal. `--smoke` is a tiny run
//! that only checks the benchmark works (`make test`); full size is `make bench`; `--only TEXT`
//! measures only the figures whose label contains TEXT (`--only 'get pods -A'`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use futures::StreamExt;
use serde_json::json;

#[derive(Parser)]
struct Args {
    /// A tiny run that only checks the benchmark works.
    #[arg(long)]
    smoke: bool,
    /// Only the figures whose label contains this text (e.g. `get pods -A`).
    #[arg(long)]
    only: Option<String>,
    /// The rkctl to measure (default: the one beside this benchmark), e.g. an older build.
    #[arg(long)]
    rkctl: Option<PathBuf>,
    /// kubectl to compare with.
    #[arg(long, default_value = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33")]
    kubectl: PathBuf,
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn quantile(samples: &mut [Duration], q: f64) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.sort_unstable();
    let idx = ((samples.len() as f64 - 1.0) * q).round() as usize;
    samples[idx.min(samples.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn row(what: &str, figure: String, baseline: String, goal: &str) {
    println!("{what:<52} {figure:>10} {baseline:>10}  {goal}");
}

/// One client under test: its binary and a HOME of its own (its discovery cache).
struct Client {
    bin: PathBuf,
    home: PathBuf,
    kubeconfig: PathBuf,
}

impl Client {
    fn command(&self, home: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(&self.bin);
        c.env("HOME", home)
            .env("KUBECONFIG", &self.kubeconfig)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    }

    /// Wall time of one run; fails when the command fails.
    fn time(&self, home: &Path, args: &[&str]) -> Res<Duration> {
        let t = Instant::now();
        let out = self.command(home, args).output()?;
        let d = t.elapsed();
        if !out.status.success() {
            return Err(format!(
                "{} {args:?}: {}",
                self.bin.display(),
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        Ok(d)
    }

    fn times(&self, runs: usize, args: &[&str], cold: bool) -> Res<Vec<Duration>> {
        let mut out = Vec::new();
        for i in 0..runs {
            let home = if cold {
                let h = self.home.join(format!("cold-{}-{i}", args.join("_")));
                std::fs::create_dir_all(&h)?;
                h
            } else {
                self.home.clone()
            };
            out.push(self.time(&home, args)?);
        }
        Ok(out)
    }

    /// Peak resident memory (KiB) of one run, from GNU time.
    fn max_rss_kib(&self, args: &[&str]) -> Res<u64> {
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%M"])
            .arg(&self.bin)
            .args(args)
            .env("HOME", &self.home)
            .env("KUBECONFIG", &self.kubeconfig)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()?;
        let text = String::from_utf8_lossy(&out.stderr);
        Ok(text
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(0))
    }
}

fn pod(ns: &str, name: &str) -> serde_json::Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "labels": {"app": "bench"}},
        "spec": {"containers": [{"name": "web", "image": "busybox:1.36",
                  "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}}]}
    })
}

async fn create_pods(kubeconfig: &Path, plan: &[(&str, usize)]) -> Res<()> {
    let cli = rkctl::Cli::try_parse_from([
        "rkctl",
        "--kubeconfig",
        &kubeconfig.display().to_string(),
        "version",
    ])?;
    let ctx = rkctl::client::Ctx::connect(&cli.flags).await?;
    for (ns, _) in plan {
        if *ns != "default" {
            let body = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}});
            ctx.send_json(
                http::Method::POST,
                "/api/v1/namespaces",
                "application/json",
                &body,
            )
            .await?;
        }
    }
    let jobs: Vec<(String, String)> = plan
        .iter()
        .flat_map(|(ns, n)| (0..*n).map(move |i| (ns.to_string(), format!("pod-{i:05}"))))
        .collect();
    let results: Vec<_> = futures::stream::iter(jobs)
        .map(|(ns, name)| {
            let ctx = &ctx;
            async move {
                let path = format!("/api/v1/namespaces/{ns}/pods");
                ctx.send_json(
                    http::Method::POST,
                    &path,
                    "application/json",
                    &pod(&ns, &name),
                )
                .await
            }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    for r in results {
        r?;
    }
    Ok(())
}

struct Rkd(std::process::Child);

impl Drop for Rkd {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() -> Res<()> {
    let args = Args::parse();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let exe = std::env::current_exe()?;
    let bin_dir = exe.parent().ok_or("no binary directory")?;
    let rkd_bin = bin_dir.join("rkd");
    let rkctl_bin = args.rkctl.clone().unwrap_or_else(|| bin_dir.join("rkctl"));
    for b in [&rkd_bin, &rkctl_bin, &args.kubectl] {
        if !b.exists() {
            return Err(format!(
                "{} is missing (cargo build -p rkd -p rkctl; kubectl 1.33)",
                b.display()
            )
            .into());
        }
    }
    let dir = std::env::temp_dir().join(format!("rkctl-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let outcome = bench(&args, &dir, &rkd_bin, &rkctl_bin);
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

fn bench(args: &Args, dir: &Path, rkd_bin: &Path, rkctl_bin: &Path) -> Res<()> {
    let (in_default, in_comp, in_bulk, runs) = if args.smoke {
        (20, 100, 80, 3)
    } else {
        (100, 5_000, 4_900, 10)
    };
    let total = in_default + in_comp + in_bulk;
    let data = dir.join("rkd");
    let log = std::fs::File::create(dir.join("rkd.log"))?;
    let _rkd = Rkd(Command::new(rkd_bin)
        .args(["apiserver", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&data)
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()?);
    let kubeconfig = data.join("admin.kubeconfig");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !kubeconfig.exists() {
        if Instant::now() > deadline {
            return Err("rkd did not start within 30 s".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(create_pods(
        &kubeconfig,
        &[
            ("default", in_default),
            ("comp", in_comp),
            ("bulk", in_bulk),
        ],
    ))?;

    let mk = |bin: &Path, name: &str| -> Res<Client> {
        let home = dir.join(format!("home-{name}"));
        std::fs::create_dir_all(&home)?;
        Ok(Client {
            bin: bin.to_path_buf(),
            home,
            kubeconfig: kubeconfig.clone(),
        })
    };
    let rk = mk(rkctl_bin, "rkctl")?;
    let kc = mk(&args.kubectl, "kubectl")?;

    let mut figures = Vec::new();
    let wanted = |what: &str| args.only.as_deref().is_none_or(|o| what.contains(o));
    let mut measure = |what: String, argv: &[&str], cold: bool, q: f64, goal: &str| -> Res<()> {
        if !wanted(&what) {
            return Ok(());
        }
        // One untimed run fills the warm caches.
        if !cold {
            rk.time(&rk.home, argv)?;
            kc.time(&kc.home, argv)?;
        }
        let r = ms(quantile(&mut rk.times(runs, argv, cold)?, q));
        let k = ms(quantile(&mut kc.times(runs, argv, cold)?, q));
        figures.push((what, r, k, goal.to_string()));
        Ok(())
    };
    measure(
        format!("get pods, {in_default} pods, cold discovery cache, median (ms)"),
        &["get", "pods"],
        true,
        0.5,
        ">= 3x faster",
    )?;
    measure(
        format!("get pods, {in_default} pods, warm discovery cache, median (ms)"),
        &["get", "pods"],
        false,
        0.5,
        ">= 3x faster",
    )?;
    measure(
        format!("get pods -A, {total} pods, warm cache, median (ms)"),
        &["get", "pods", "-A"],
        false,
        0.5,
        ">= 3x faster",
    )?;
    measure(
        "start-up: version --client, median (ms)".into(),
        &["version", "--client"],
        false,
        0.5,
        "rkctl <= 10 ms",
    )?;
    measure(
        format!("complete pod names among {in_comp}, p99 (ms)"),
        &["__complete", "get", "pod", "-n", "comp", ""],
        false,
        0.99,
        "rkctl <= 50 ms",
    )?;

    println!("rkctl benchmark: rkctl vs kubectl 1.33 against one `rkd apiserver`, {total} pods");
    println!(
        "machine: {} cores; {}; {runs} runs of each",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        if args.smoke {
            "SMOKE size (figures not meaningful)"
        } else {
            "full size"
        }
    );
    println!();
    row(
        "figure",
        "rkctl".into(),
        "kubectl".into(),
        "goal (speed-up)",
    );
    for (what, r, k, goal) in &figures {
        row(
            what,
            format!("{r:.1}"),
            format!("{k:.1}"),
            &format!("{goal} ({:.1}x)", k / r.max(0.001)),
        );
    }
    if wanted("max RSS, version --client") {
        let rss_r = rk.max_rss_kib(&["version", "--client"])?;
        let rss_k = kc.max_rss_kib(&["version", "--client"])?;
        row(
            "max RSS, version --client (MiB)",
            format!("{:.1}", rss_r as f64 / 1024.0),
            format!("{:.1}", rss_k as f64 / 1024.0),
            "rkctl <= 15 MB",
        );
    }
    let what = format!("max RSS, get pods -A, {total} pods (MiB)");
    if wanted(&what) {
        let rss_r = rk.max_rss_kib(&["get", "pods", "-A"])?;
        let rss_k = kc.max_rss_kib(&["get", "pods", "-A"])?;
        row(
            &what,
            format!("{:.1}", rss_r as f64 / 1024.0),
            format!("{:.1}", rss_k as f64 / 1024.0),
            "",
        );
    }
    Ok(())
}
