//! Quantities, and what kubelet derives from a container's resources and security contexts:
//! cgroup values (shares, quota/period, memory limit) and the merged pod + container
//! security context, as CRI receives them.

use serde_json::Value;

use crate::runtime::{Resources, SecurityConfig};

/// Kubelet's minimum and maximum cpu shares, and the CFS period it uses.
pub const MIN_SHARES: i64 = 2;
pub const MAX_SHARES: i64 = 262_144;
pub const QUOTA_PERIOD: i64 = 100_000;
pub const MIN_QUOTA_PERIOD: i64 = 1_000;

/// A quantity (`500m`, `1.5`, `128Mi`, `1G`, `1e3`) scaled by 1000 (milli-units), rounded up.
pub fn parse_milli(s: &str) -> Option<i64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(split);
    let value: f64 = num.parse().ok()?;
    let factor: f64 = match suffix {
        "" => 1.0,
        "m" => 0.001,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        e if e.starts_with(['e', 'E']) => 10f64.powi(e[1..].parse().ok()?),
        _ => return None,
    };
    Some((value * factor * 1000.0).ceil() as i64)
}

/// A quantity in whole units, rounded up (bytes, counts).
pub fn parse_units(s: &str) -> Option<i64> {
    parse_milli(s).map(|m| (m + 999).div_euclid(1000))
}

fn quantity(resources: &Value, list: &str, name: &str) -> Option<i64> {
    resources
        .get(list)?
        .get(name)?
        .as_str()
        .and_then(parse_milli)
        .or_else(|| {
            resources
                .get(list)?
                .get(name)?
                .as_f64()
                .map(|f| (f * 1000.0) as i64)
        })
}

/// A container's requests or limits (`requests`/`limits`) of `name`, in milli-units; a missing
/// request defaults to the limit, as the API server defaults it.
pub fn amount_milli(resources: &Value, list: &str, name: &str) -> Option<i64> {
    match list {
        "requests" => {
            quantity(resources, "requests", name).or_else(|| quantity(resources, "limits", name))
        }
        _ => quantity(resources, list, name),
    }
}

/// Kubelet's cgroup values for a container's `resources`.
pub fn cgroup_resources(resources: &Value) -> Resources {
    let req_cpu = amount_milli(resources, "requests", "cpu");
    let lim_cpu = amount_milli(resources, "limits", "cpu");
    let lim_mem = amount_milli(resources, "limits", "memory").map(|m| m / 1000);
    let cpu_shares = match req_cpu {
        Some(m) if m > 0 => (m * 1024 / 1000).clamp(MIN_SHARES, MAX_SHARES),
        // No request: the minimum (a limit alone makes the request equal the limit, above).
        _ => MIN_SHARES,
    };
    let (cpu_quota, cpu_period) = match lim_cpu {
        Some(m) if m > 0 => (
            (m * QUOTA_PERIOD / 1000).max(MIN_QUOTA_PERIOD),
            QUOTA_PERIOD,
        ),
        _ => (0, 0),
    };
    Resources {
        cpu_shares,
        cpu_quota,
        cpu_period,
        memory_limit_bytes: lim_mem.unwrap_or(0),
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

/// The container's security context over the pod's (container fields win), as CRI gets it.
pub fn security(pod: Option<&Value>, container: Option<&Value>) -> SecurityConfig {
    let get = |f: &str| {
        container
            .and_then(|c| c.get(f))
            .filter(|v| !v.is_null())
            .or_else(|| pod.and_then(|p| p.get(f)).filter(|v| !v.is_null()))
    };
    let privileged = container
        .and_then(|c| c.get("privileged"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let allow_escalation = container
        .and_then(|c| c.get("allowPrivilegeEscalation"))
        .and_then(Value::as_bool);
    SecurityConfig {
        run_as_user: get("runAsUser").and_then(Value::as_i64),
        run_as_group: get("runAsGroup").and_then(Value::as_i64),
        supplemental_groups: pod
            .and_then(|p| p.get("supplementalGroups"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_i64)
            .collect(),
        privileged,
        capabilities_add: strings(container.and_then(|c| c.pointer("/capabilities/add"))),
        capabilities_drop: strings(container.and_then(|c| c.pointer("/capabilities/drop"))),
        readonly_rootfs: container
            .and_then(|c| c.get("readOnlyRootFilesystem"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
        // Kubelet sets no_new_privs when privilege escalation is explicitly refused.
        no_new_privs: allow_escalation == Some(false) && !privileged,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quantities_parse_in_milli_units() {
        assert_eq!(parse_milli("500m"), Some(500));
        assert_eq!(parse_milli("1.5"), Some(1500));
        assert_eq!(parse_units("128Mi"), Some(134_217_728));
        assert_eq!(parse_units("1G"), Some(1_000_000_000));
        assert_eq!(parse_units("1e3"), Some(1000));
        assert_eq!(parse_milli("abc"), None);
        assert_eq!(parse_milli("1x"), None);
    }

    #[test]
    fn cgroup_values_follow_kubelets_formulas() {
        let r = cgroup_resources(
            &json!({"requests": {"cpu": "250m"}, "limits": {"cpu": "500m", "memory": "64Mi"}}),
        );
        assert_eq!(r.cpu_shares, 256);
        assert_eq!((r.cpu_quota, r.cpu_period), (50_000, 100_000));
        assert_eq!(r.memory_limit_bytes, 64 * 1024 * 1024);
        let none = cgroup_resources(&json!({}));
        assert_eq!(
            none,
            Resources {
                cpu_shares: 2,
                ..Resources::default()
            }
        );
        let tiny = cgroup_resources(&json!({"limits": {"cpu": "1m"}}));
        assert_eq!((tiny.cpu_shares, tiny.cpu_quota), (2, 1_000));
    }

    #[test]
    fn container_security_fields_override_the_pods() {
        let s = security(
            Some(&json!({"runAsUser": 1000, "runAsGroup": 3000, "supplementalGroups": [5]})),
            Some(
                &json!({"runAsUser": 2000, "allowPrivilegeEscalation": false, "capabilities": {"add": ["NET_ADMIN"], "drop": ["ALL"]}}),
            ),
        );
        assert_eq!((s.run_as_user, s.run_as_group), (Some(2000), Some(3000)));
        assert_eq!(s.supplemental_groups, [5]);
        assert!(s.no_new_privs && !s.privileged);
        assert_eq!(
            (s.capabilities_add.len(), s.capabilities_drop.len()),
            (1, 1)
        );
    }
}
