//! `/stats/summary`: kubelet's Summary (stats/v1alpha1) — per pod and container CPU and memory
//! from the runtime's `container_stats`, and the node's own from `/proc` (or, for simulated
//! nodes, the sum of their pods). CPU rates (`usageNanoCores`) come from the previous sample of
//! each container; a container seen for the first time is sampled twice, half a second apart.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::Response;
use serde_json::{Value, json};

use super::{Body, Shared, json_response};
use crate::runtime::{ContainerStats, Runtime, SandboxState};

/// Cumulative CPU samples: key → (unix ns, core-nanoseconds).
#[derive(Default)]
pub struct Sampler {
    last: Mutex<HashMap<String, (i64, u64)>>,
}

impl Sampler {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (i64, u64)>> {
        self.last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records a sample and answers the rate since the previous one (nanocores), if any.
    fn rate(&self, key: &str, at_ns: i64, cumulative: u64) -> Option<u64> {
        let mut m = self.lock();
        let prev = m.insert(key.to_string(), (at_ns, cumulative));
        let (t, c) = prev?;
        let dt = at_ns.checked_sub(t).filter(|d| *d > 0)?;
        Some((cumulative.saturating_sub(c) as u128 * 1_000_000_000 / dt as u128) as u64)
    }

    fn known(&self, key: &str) -> bool {
        self.lock().contains_key(key)
    }
}

fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64)
}

fn rfc3339_ns(ns: i64) -> String {
    crate::time::rfc3339(ns.div_euclid(1_000_000_000))
}

/// The node's cumulative CPU time (core-nanoseconds) and memory working set from /proc.
fn host_usage() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let cpu = stat.lines().next()?.strip_prefix("cpu ")?;
    let fields: Vec<u64> = cpu
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
    let busy: u64 = fields
        .iter()
        .take(8)
        .enumerate()
        .filter(|(i, _)| *i != 3 && *i != 4)
        .map(|(_, v)| *v)
        .sum();
    // USER_HZ is 100 on Linux.
    let cpu_ns = busy.saturating_mul(10_000_000);
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kb = |name: &str| -> Option<u64> {
        meminfo
            .lines()
            .find(|l| l.starts_with(name))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    let used = kb("MemTotal:")?.saturating_sub(kb("MemAvailable:")?) * 1024;
    Some((cpu_ns, used))
}

fn usage(sampler: &Sampler, key: &str, at_ns: i64, cpu: u64, memory: u64) -> (Value, Value) {
    let mut cpu_json = json!({"time": rfc3339_ns(at_ns), "usageCoreNanoSeconds": cpu});
    if let Some(rate) = sampler.rate(key, at_ns, cpu) {
        cpu_json["usageNanoCores"] = json!(rate);
    }
    let memory_json =
        json!({"time": rfc3339_ns(at_ns), "workingSetBytes": memory, "usageBytes": memory});
    (cpu_json, memory_json)
}

async fn sample<R: Runtime>(rt: &R, sampler: &Sampler, force: bool) -> Vec<ContainerStats> {
    let stats = rt.container_stats().await.unwrap_or_default();
    if force || stats.iter().any(|s| !sampler.known(&s.container_id)) {
        for s in &stats {
            sampler.rate(&s.container_id, s.timestamp_ns, s.cpu_usage_core_nanos);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        return rt.container_stats().await.unwrap_or_default();
    }
    stats
}

/// The Summary of the node the request was addressed to (by TLS server name).
pub(crate) async fn summary<R: Runtime>(
    shared: &Arc<Shared<R>>,
    node_name: Option<&str>,
) -> Response<Body> {
    let node = node_name
        .and_then(|n| shared.nodes.iter().find(|h| h.name == n))
        .or_else(|| shared.nodes.first());
    let Some(node) = node else {
        return json_response(&json!({"node": {}, "pods": []}));
    };
    let rt = &node.ctx.runtime;
    let simulated = rt.type_name() == crate::runtime::sim::TYPE_NAME;
    let node_key = format!("node/{}", node.name);
    let first = !shared.stats.known(&node_key);
    if first
        && !simulated
        && let Some((cpu, _)) = host_usage()
    {
        shared.stats.rate(&node_key, now_ns(), cpu);
    }
    let stats = sample(rt, &shared.stats, first && !simulated).await;
    let by_id: HashMap<&str, &ContainerStats> =
        stats.iter().map(|s| (s.container_id.as_str(), s)).collect();
    let sandboxes = rt.list_pod_sandboxes().await.unwrap_or_default();
    let containers = rt.list_containers().await.unwrap_or_default();
    let at = now_ns();
    let (mut total_cpu, mut total_mem, mut total_rate) = (0u64, 0u64, 0u64);
    let mut pods = Vec::new();
    for sb in sandboxes.iter().filter(|s| s.state == SandboxState::Ready) {
        let (mut pod_cpu, mut pod_mem, mut pod_rate) = (0u64, 0u64, Some(0u64));
        let mut cs = Vec::new();
        for c in containers.iter().filter(|c| c.sandbox_id == sb.id) {
            let Some(s) = by_id.get(c.id.as_str()) else {
                continue;
            };
            let (cpu, memory) = usage(
                &shared.stats,
                &c.id,
                s.timestamp_ns,
                s.cpu_usage_core_nanos,
                s.memory_working_set_bytes,
            );
            pod_rate = pod_rate
                .zip(cpu.get("usageNanoCores").and_then(Value::as_u64))
                .map(|(a, b)| a + b);
            pod_cpu += s.cpu_usage_core_nanos;
            pod_mem += s.memory_working_set_bytes;
            cs.push(json!({"name": c.name, "startTime": crate::time::rfc3339(c.started_at), "cpu": cpu, "memory": memory}));
        }
        total_cpu += pod_cpu;
        total_rate += pod_rate.unwrap_or(0);
        total_mem += pod_mem;
        let mut cpu = json!({"time": rfc3339_ns(at), "usageCoreNanoSeconds": pod_cpu});
        if let Some(rate) = pod_rate.filter(|_| !cs.is_empty()) {
            cpu["usageNanoCores"] = json!(rate);
        }
        pods.push(json!({
            "podRef": {"name": sb.name, "namespace": sb.namespace, "uid": sb.uid},
            "startTime": crate::time::rfc3339(sb.created_at),
            "containers": cs,
            "cpu": cpu,
            "memory": {"time": rfc3339_ns(at), "workingSetBytes": pod_mem, "usageBytes": pod_mem},
        }));
    }
    let (node_cpu, node_mem) =
        if simulated { None } else { host_usage() }.unwrap_or((total_cpu, total_mem));
    let (mut cpu, memory) = usage(&shared.stats, &node_key, at, node_cpu, node_mem);
    if simulated {
        // A simulated node is busy with its pods only.
        cpu["usageNanoCores"] = json!(total_rate);
    }
    json_response(&json!({
        "node": {"nodeName": node.name, "startTime": rfc3339_ns(at), "cpu": cpu, "memory": memory},
        "pods": pods,
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn rates_come_from_the_previous_sample() {
        let s = Sampler::default();
        assert_eq!(s.rate("c", 1_000_000_000, 0), None);
        assert_eq!(s.rate("c", 2_000_000_000, 250_000_000), Some(250_000_000));
        assert_eq!(
            s.rate("c", 2_000_000_000, 300_000_000),
            None,
            "no time passed"
        );
    }

    #[test]
    fn the_host_reports_cpu_time_and_memory() {
        let (cpu, mem) = host_usage().unwrap();
        assert!(cpu > 0 && mem > 0);
    }
}
