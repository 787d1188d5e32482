//! `rkd bench streams`: `rkd up` (a managed containerd) as a child process and one busybox pod.
//! Prints `kubectl exec … true` round trips (p50/p99) next to bare CRI ExecSync on the same
//! container, and port-forward throughput (MB/s over one HTTP transfer of 100 MB through
//! `kubectl port-forward`) next to the same transfer straight from the pod IP — same run.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use rk_kubelet::runtime::Runtime;
use serde_json::Value;
use tokio::io::AsyncBufReadExt;
use tokio::process::Command;

use super::stats::{ms, quantile};

#[derive(clap::Args)]
pub struct Args {
    /// A tiny run that only checks the benchmark works (used by `make test`).
    #[arg(long)]
    smoke: bool,
    /// kubectl exec round trips (full size: 100).
    #[arg(long)]
    execs: Option<usize>,
    /// Megabytes sent through port-forward (full size: 100).
    #[arg(long)]
    megabytes: Option<usize>,
    /// The kubectl binary.
    #[arg(long, default_value = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33")]
    kubectl: PathBuf,
}

const POD: &str = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bench", "namespace": "default"},
 "spec": {"terminationGracePeriodSeconds": 1, "containers": [{"name": "web", "image": "localhost/rk/busybox:1",
  "imagePullPolicy": "IfNotPresent", "command": ["httpd", "-f", "-p", "8080", "-h", "/tmp"]}]}}"#;

struct Kubectl {
    bin: PathBuf,
    kubeconfig: PathBuf,
    home: PathBuf,
}

impl Kubectl {
    fn cmd(&self) -> Command {
        let mut c = Command::new(&self.bin);
        c.env("KUBECONFIG", &self.kubeconfig)
            .env("HOME", &self.home)
            .kill_on_drop(true);
        c
    }

    async fn run(&self, args: &[&str]) -> anyhow::Result<String> {
        let out = self
            .cmd()
            .args(args)
            .output()
            .await
            .context("running kubectl")?;
        if !out.status.success() {
            bail!(
                "kubectl {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// Bytes and seconds of one HTTP download with curl.
async fn download(url: &str) -> anyhow::Result<(f64, f64)> {
    let out = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "--max-time",
            "300",
            "-w",
            "%{size_download} %{time_total}",
            url,
        ])
        .output()
        .await
        .context("running curl")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text
        .split_whitespace()
        .filter_map(|p| p.parse::<f64>().ok());
    match (parts.next(), parts.next()) {
        (Some(bytes), Some(secs)) if out.status.success() && secs > 0.0 => Ok((bytes, secs)),
        _ => bail!(
            "curl {url}: {text} {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

async fn wait_file(path: &Path, within: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + within;
    while !path.exists() {
        if Instant::now() > deadline {
            bail!("{} did not appear within {within:?}", path.display());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let execs = args.execs.unwrap_or(if args.smoke { 5 } else { 100 });
    let megabytes = args.megabytes.unwrap_or(if args.smoke { 10 } else { 100 });
    if !Path::new("/usr/bin/containerd").exists() && which("containerd").is_none() {
        println!("bench streams: skipped — no containerd on this machine");
        return Ok(());
    }
    let dir = std::env::temp_dir().join(format!("rk-bench-streams-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let log = std::fs::File::create(dir.join("rkd.log"))?;
    let exe = std::env::current_exe()?;
    let mut up = Command::new(&exe)
        .args(["up", "--data-dir"])
        .arg(&dir)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--kubelet-port",
            "0",
            "--cluster-cidr",
            "10.235.0.0/16",
        ])
        .stdout(log.try_clone()?)
        .stderr(log)
        .kill_on_drop(true)
        .spawn()
        .context("starting rkd up")?;
    let result = measure(&dir, &args.kubectl, execs, megabytes).await;
    if let Some(pid) = up.id() {
        let _ = Command::new("kill").arg(pid.to_string()).status().await;
    }
    let _ = tokio::time::timeout(Duration::from_secs(20), up.wait()).await;
    let _ = up.kill().await;
    let _ = Command::new(&exe)
        .args(["reset", "--data-dir"])
        .arg(&dir)
        .output()
        .await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.exists())
}

async fn measure(dir: &Path, kubectl: &Path, execs: usize, megabytes: usize) -> anyhow::Result<()> {
    let kubeconfig = dir.join("admin.kubeconfig");
    wait_file(&kubeconfig, Duration::from_secs(60)).await?;
    let k = Kubectl {
        bin: kubectl.to_path_buf(),
        kubeconfig,
        home: dir.join("home"),
    };
    std::fs::create_dir_all(&k.home)?;
    let manifest = dir.join("bench-pod.json");
    std::fs::write(&manifest, POD)?;
    // The node registers a moment after the API server answers.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if k.run(&["apply", "-f", manifest.to_str().unwrap_or_default()])
            .await
            .is_ok()
        {
            break;
        }
        if Instant::now() > deadline {
            bail!("could not create the pod");
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let pod: Value = loop {
        let p: Value = serde_json::from_str(&k.run(&["get", "pod", "bench", "-o", "json"]).await?)?;
        if p.pointer("/status/containerStatuses/0/ready") == Some(&Value::Bool(true)) {
            break p;
        }
        if Instant::now() > deadline {
            bail!("the bench pod did not become ready");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let pod_ip = pod
        .pointer("/status/podIP")
        .and_then(Value::as_str)
        .context("pod IP")?
        .to_string();
    let container = pod
        .pointer("/status/containerStatuses/0/containerID")
        .and_then(Value::as_str)
        .and_then(|c| c.strip_prefix("containerd://"))
        .context("container id")?
        .to_string();
    k.run(&[
        "exec",
        "bench",
        "--",
        "dd",
        "if=/dev/zero",
        "of=/tmp/big",
        "bs=1048576",
        &format!("count={megabytes}"),
    ])
    .await?;

    // Exec round trips: kubectl through the API server and the agent, then bare CRI.
    let mut through = Vec::with_capacity(execs);
    for _ in 0..execs {
        let t = Instant::now();
        k.run(&["exec", "bench", "--", "true"]).await?;
        through.push(t.elapsed());
    }
    let runtime =
        rk_kubelet::runtime::cri::CriRuntime::connect(&dir.join("containerd/containerd.sock"))
            .await?;
    let cmd = vec!["true".to_string()];
    let mut bare = Vec::with_capacity(execs);
    for _ in 0..execs {
        let t = Instant::now();
        let r = runtime
            .exec_sync(&container, &cmd, Duration::from_secs(10))
            .await?;
        if r.exit_code != 0 {
            bail!("ExecSync true exited {}", r.exit_code);
        }
        bare.push(t.elapsed());
    }
    println!(
        "exec round trip ({execs}): kubectl exec … true p50 {:.1} ms p99 {:.1} ms | bare CRI ExecSync p50 {:.1} ms p99 {:.1} ms",
        ms(quantile(&mut through, 0.5)),
        ms(quantile(&mut through, 0.99)),
        ms(quantile(&mut bare, 0.5)),
        ms(quantile(&mut bare, 0.99)),
    );

    // Port-forward throughput next to the pod IP.
    let mut pf = k
        .cmd()
        .args(["port-forward", "pod/bench", ":8080"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    let stdout = pf.stdout.take().context("port-forward output")?;
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await??
        .unwrap_or_default();
    let port: u16 = first
        .strip_prefix("Forwarding from 127.0.0.1:")
        .and_then(|r| r.split(' ').next())
        .and_then(|p| p.parse().ok())
        .with_context(|| format!("kubectl port-forward said {first:?}"))?;
    let (pf_bytes, pf_secs) = download(&format!("http://127.0.0.1:{port}/big")).await?;
    let _ = pf.kill().await;
    let (direct_bytes, direct_secs) = download(&format!("http://{pod_ip}:8080/big")).await?;
    println!(
        "port-forward ({megabytes} MB over HTTP): kubectl port-forward {:.1} MB/s | pod IP directly {:.1} MB/s",
        pf_bytes / pf_secs / 1e6,
        direct_bytes / direct_secs / 1e6,
    );
    Ok(())
}
