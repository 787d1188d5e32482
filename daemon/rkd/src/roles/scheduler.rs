//! `rkd scheduler`: the scheduler alone, talking to an API server through a kubeconfig
//! (default `DATA_DIR/admin.kubeconfig`), with leader election on the `kube-system/rk-scheduler`
//! Lease unless `--leader-elect=false`.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use kube::config::{KubeConfigOptions, Kubeconfig};
use rk_scheduler::leader::LeaderConfig;

#[derive(clap::Args, Debug)]
pub struct SchedulerArgs {
    /// Where admin.kubeconfig lives (used when --kubeconfig is not given).
    #[arg(long, default_value = "/var/lib/rk")]
    pub data_dir: PathBuf,
    /// The kubeconfig to reach the API server with (default DATA_DIR/admin.kubeconfig).
    #[arg(long)]
    pub kubeconfig: Option<PathBuf>,
    /// A profile per name: pods whose spec.schedulerName is one of these are scheduled
    /// (repeatable; default default-scheduler).
    #[arg(long = "scheduler-name")]
    pub scheduler_names: Vec<String>,
    /// Take part in leader election (only the Lease holder schedules).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub leader_elect: bool,
    /// How long a non-renewed lease lasts before another instance may take it (e.g. 15s, 500ms).
    #[arg(long, default_value = "15s", value_parser = parse_duration)]
    pub leader_elect_lease_duration: Duration,
    /// The leader stops binding this long after its last successful renewal began.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    pub leader_elect_renew_deadline: Duration,
    /// How often candidates try to acquire and the leader renews.
    #[arg(long, default_value = "2s", value_parser = parse_duration)]
    pub leader_elect_retry_period: Duration,
    /// The Lease's name.
    #[arg(long, default_value = "rk-scheduler")]
    pub leader_elect_resource_name: String,
    /// The Lease's namespace.
    #[arg(long, default_value = "kube-system")]
    pub leader_elect_resource_namespace: String,
    /// This instance's name in the Lease (default hostname_pid).
    #[arg(long)]
    pub identity: Option<String>,
    /// Bindings and status writes in flight at once.
    #[arg(long, default_value_t = 64)]
    pub parallelism: usize,
}

/// `15s`, `500ms`, `2m`, or plain seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map_or((s, "s"), |i| s.split_at(i));
    let v: f64 = num.parse().map_err(|_| format!("invalid duration {s:?}"))?;
    let secs = match unit {
        "ms" => v / 1000.0,
        "s" => v,
        "m" => v * 60.0,
        "h" => v * 3600.0,
        _ => return Err(format!("invalid duration unit in {s:?} (ms, s, m, h)")),
    };
    Ok(Duration::from_secs_f64(secs))
}

/// A kube client from a kubeconfig file.
pub async fn client_from_kubeconfig(path: &std::path::Path) -> anyhow::Result<kube::Client> {
    let kubeconfig =
        Kubeconfig::read_from(path).with_context(|| format!("reading {}", path.display()))?;
    let config = kube::Config::from_custom_kubeconfig(kubeconfig, &KubeConfigOptions::default())
        .await
        .with_context(|| format!("loading {}", path.display()))?;
    Ok(kube::Client::try_from(config)?)
}

fn default_identity() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "rk".into());
    format!("{host}_{}", std::process::id())
}

/// For `rkd server`: the scheduler with its default flags (leader election on, so several
/// servers sharing one etcd schedule through one leader), once `kubeconfig` has been written.
pub async fn run_embedded(
    kubeconfig: PathBuf,
    shutdown: tokio_util::sync::CancellationToken,
) -> anyhow::Result<()> {
    let client = client_from_kubeconfig(&kubeconfig).await?;
    let mut cfg = rk_scheduler::Config::new(client);
    cfg.leader = Some(LeaderConfig::new(default_identity()));
    rk_scheduler::run(cfg, shutdown).await.context("scheduler")
}

pub async fn run(args: SchedulerArgs) -> anyhow::Result<()> {
    let shutdown = super::shutdown_on_signals();
    let kubeconfig = args
        .kubeconfig
        .clone()
        .unwrap_or_else(|| args.data_dir.join("admin.kubeconfig"));
    let client = client_from_kubeconfig(&kubeconfig).await?;
    let mut cfg = rk_scheduler::Config::new(client);
    if !args.scheduler_names.is_empty() {
        cfg.scheduler_names = args.scheduler_names.clone();
    }
    cfg.parallelism = args.parallelism;
    if args.leader_elect {
        let mut lc = LeaderConfig::new(args.identity.clone().unwrap_or_else(default_identity));
        lc.name = args.leader_elect_resource_name.clone();
        lc.namespace = args.leader_elect_resource_namespace.clone();
        lc.lease_duration = args.leader_elect_lease_duration;
        lc.renew_deadline = args.leader_elect_renew_deadline;
        lc.retry_period = args.leader_elect_retry_period;
        cfg.leader = Some(lc);
    }
    eprintln!(
        "rkd: scheduler ({}) using {}",
        cfg.scheduler_names.join(", "),
        kubeconfig.display()
    );
    rk_scheduler::run(cfg, shutdown).await.context("scheduler")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("15s").unwrap(), Duration::from_secs(15));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("3").unwrap(), Duration::from_secs(3));
        assert!(parse_duration("x").is_err());
        assert!(parse_duration("3d").is_err());
    }
}
