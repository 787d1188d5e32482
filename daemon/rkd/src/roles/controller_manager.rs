//! `rkd controller-manager`: the controller manager (rk-controllers) against an API server,
//! through the admin kubeconfig; leader-elected, so several may run and only one acts.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use kube::config::{KubeConfigOptions, Kubeconfig};

#[derive(clap::Args, Debug, Clone)]
pub struct ControllerManagerArgs {
    /// Where admin.kubeconfig lives (the default --kubeconfig is DATA_DIR/admin.kubeconfig).
    #[arg(long, default_value = "/var/lib/rk")]
    pub data_dir: PathBuf,
    /// The kubeconfig to reach the API server with.
    #[arg(long)]
    pub kubeconfig: Option<PathBuf>,
    /// The controllers' periods and rates (shared with `rkd server`).
    #[command(flatten)]
    pub controllers: ControllerFlags,
    /// The range pod CIDRs are allocated from, one per node.
    #[arg(long, default_value = "10.42.0.0/16")]
    pub cluster_cidr: rk_controllers::nodeipam::ClusterCidr,
    /// Each node's podCIDR prefix length.
    #[arg(long, default_value_t = 24)]
    pub node_cidr_mask_size: u8,
    /// Allocate a podCIDR to each node.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub allocate_node_cidrs: bool,
}

/// The controllers' periods, rates and leader election: flags of `rkd controller-manager`
/// and of `rkd server` (whose controller manager runs in the same process).
#[derive(clap::Args, Debug, Clone)]
pub struct ControllerFlags {
    /// Workers per controller.
    #[arg(long, default_value_t = 5)]
    pub workers: usize,
    /// How often every object is reconciled regardless of events (0s: never).
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub resync_period: Duration,
    /// Take part in leader election through the Lease kube-system/rk-controller-manager.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub leader_elect: bool,
    /// How long a Lease holds without renewal before another candidate may take it.
    #[arg(long, default_value = "15s", value_parser = parse_duration)]
    pub leader_elect_lease_duration: Duration,
    /// How long the leader keeps leading while its renewals fail.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    pub leader_elect_renew_deadline: Duration,
    /// How often candidates try to take, and the leader to renew, the Lease.
    #[arg(long, default_value = "2s", value_parser = parse_duration)]
    pub leader_elect_retry_period: Duration,
    /// How long a node may go without a heartbeat before its Ready condition becomes Unknown.
    #[arg(long, default_value = "40s", value_parser = parse_duration)]
    pub node_monitor_grace_period: Duration,
    /// How often every node's heartbeats are checked.
    #[arg(long, default_value = "5s", value_parser = parse_duration)]
    pub node_monitor_period: Duration,
    /// Nodes per second that may receive a NoExecute taint (evictions follow the taints).
    #[arg(long, default_value_t = 0.1)]
    pub node_eviction_rate: f64,
    /// Finished pods kept before the oldest are deleted.
    #[arg(long, default_value_t = 12_500)]
    pub terminated_pod_gc_threshold: usize,
    /// How often PodGC runs.
    #[arg(long, default_value = "20s", value_parser = parse_duration)]
    pub pod_gc_period: Duration,
    /// How long a pod's node must stay missing before PodGC deletes the pod.
    #[arg(long, default_value = "40s", value_parser = parse_duration)]
    pub pod_gc_quarantine: Duration,
    /// How soon a terminating namespace whose content remains is looked at again.
    #[arg(long, default_value = "1s", value_parser = parse_duration)]
    pub namespace_sync_period: Duration,
}

/// A Go-style duration: `500ms`, `40s`, `5m`, `1h`, `1m30s`; a bare number is seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    if let Ok(n) = s.parse::<u64>() {
        return Ok(Duration::from_secs(n));
    }
    let mut total = Duration::ZERO;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(rest.len());
        let (num, tail) = rest.split_at(digits);
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (unit, next) = tail.split_at(unit_len);
        let n: f64 = num.parse().map_err(|_| format!("invalid duration {s:?}"))?;
        let secs = match unit {
            "ms" => n / 1000.0,
            "s" => n,
            "m" => n * 60.0,
            "h" => n * 3600.0,
            _ => {
                return Err(format!(
                    "invalid duration {s:?}: unit must be ms, s, m or h"
                ));
            }
        };
        total += Duration::from_secs_f64(secs);
        rest = next;
    }
    Ok(total)
}

impl ControllerManagerArgs {
    /// The controllers' settings from the flags.
    pub fn config(&self) -> rk_controllers::Config {
        rk_controllers::Config {
            cluster_cidr: self
                .allocate_node_cidrs
                .then(|| self.cluster_cidr.with_node_prefix(self.node_cidr_mask_size)),
            ..self.controllers.config()
        }
    }
}

impl ControllerFlags {
    /// The controllers' settings from these flags (node IPAM as by default).
    pub fn config(&self) -> rk_controllers::Config {
        rk_controllers::Config {
            workers: self.workers,
            resync: self.resync_period,
            leader_elect: self.leader_elect,
            lease_duration: self.leader_elect_lease_duration,
            renew_deadline: self.leader_elect_renew_deadline,
            retry_period: self.leader_elect_retry_period,
            node_monitor_grace: self.node_monitor_grace_period,
            node_monitor_period: self.node_monitor_period,
            node_eviction_rate: self.node_eviction_rate,
            terminated_pod_gc_threshold: self.terminated_pod_gc_threshold,
            pod_gc_period: self.pod_gc_period,
            pod_gc_quarantine: self.pod_gc_quarantine,
            namespace_recheck: self.namespace_sync_period,
            ..rk_controllers::Config::default()
        }
    }
}

/// A kube client from a kubeconfig file.
pub async fn client_from(path: &std::path::Path) -> anyhow::Result<kube::Client> {
    let kubeconfig =
        Kubeconfig::read_from(path).with_context(|| format!("reading {}", path.display()))?;
    let config = kube::Config::from_custom_kubeconfig(kubeconfig, &KubeConfigOptions::default())
        .await
        .with_context(|| format!("loading {}", path.display()))?;
    kube::Client::try_from(config).context("building the API client")
}

pub async fn run(args: ControllerManagerArgs) -> anyhow::Result<()> {
    let shutdown = super::shutdown_on_signals();
    let path = args
        .kubeconfig
        .clone()
        .unwrap_or_else(|| args.data_dir.join("admin.kubeconfig"));
    let client = client_from(&path).await?;
    rk_controllers::run(client, args.config(), shutdown).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_go_writes_them() {
        assert_eq!(parse_duration("40s"), Ok(Duration::from_secs(40)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        assert!(parse_duration("3d").is_err());
    }
}
