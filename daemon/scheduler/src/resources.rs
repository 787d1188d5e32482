//! Resource amounts as the scheduler counts them: quantities parsed once into integers (milli-CPU,
//! bytes, counts), a pod's effective request (containers, init containers, sidecars, overhead)
//! and a node's allocatable.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, Pod};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

/// CPU assumed for a container without a CPU request when scoring (upstream's 100m).
pub const DEFAULT_MILLI_CPU_REQUEST: i64 = 100;
/// Memory assumed for a container without a memory request when scoring (upstream's 200Mi).
pub const DEFAULT_MEMORY_REQUEST: i64 = 200 * 1024 * 1024;

/// Amounts of every resource the scheduler tracks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resource {
    pub milli_cpu: i64,
    pub memory: i64,
    pub ephemeral_storage: i64,
    pub allowed_pod_number: i64,
    /// Extended and hugepage resources, by name.
    pub scalar: BTreeMap<String, i64>,
}

impl Resource {
    /// From a ResourceList (requests, allocatable, overhead).
    pub fn from_list(list: Option<&BTreeMap<String, Quantity>>) -> Resource {
        let mut r = Resource::default();
        if let Some(list) = list {
            for (name, q) in list {
                r.set(name, q);
            }
        }
        r
    }

    fn set(&mut self, name: &str, q: &Quantity) {
        match name {
            "cpu" => self.milli_cpu = parse_milli(&q.0).unwrap_or(0),
            "memory" => self.memory = parse_value(&q.0).unwrap_or(0),
            "ephemeral-storage" => self.ephemeral_storage = parse_value(&q.0).unwrap_or(0),
            "pods" => self.allowed_pod_number = parse_value(&q.0).unwrap_or(0),
            other if is_scalar(other) => {
                self.scalar
                    .insert(other.to_string(), parse_value(&q.0).unwrap_or(0));
            }
            _ => {}
        }
    }

    pub fn add(&mut self, o: &Resource) {
        self.milli_cpu += o.milli_cpu;
        self.memory += o.memory;
        self.ephemeral_storage += o.ephemeral_storage;
        self.allowed_pod_number += o.allowed_pod_number;
        for (k, v) in &o.scalar {
            *self.scalar.entry(k.clone()).or_insert(0) += v;
        }
    }

    pub fn sub(&mut self, o: &Resource) {
        self.milli_cpu -= o.milli_cpu;
        self.memory -= o.memory;
        self.ephemeral_storage -= o.ephemeral_storage;
        self.allowed_pod_number -= o.allowed_pod_number;
        for (k, v) in &o.scalar {
            *self.scalar.entry(k.clone()).or_insert(0) -= v;
        }
    }

    /// Each resource becomes the larger of the two.
    pub fn set_max(&mut self, o: &Resource) {
        self.milli_cpu = self.milli_cpu.max(o.milli_cpu);
        self.memory = self.memory.max(o.memory);
        self.ephemeral_storage = self.ephemeral_storage.max(o.ephemeral_storage);
        for (k, v) in &o.scalar {
            let e = self.scalar.entry(k.clone()).or_insert(0);
            *e = (*e).max(*v);
        }
    }

    pub fn is_zero(&self) -> bool {
        self.milli_cpu == 0
            && self.memory == 0
            && self.ephemeral_storage == 0
            && self.scalar.values().all(|v| *v == 0)
    }
}

/// Extended resources (domain-qualified, not kubernetes.io/), hugepages and attachable volumes.
pub fn is_scalar(name: &str) -> bool {
    name.starts_with("hugepages-")
        || name.starts_with("attachable-volumes-")
        || (name.contains('/') && !name.starts_with("kubernetes.io/"))
        || name.starts_with("requests.")
}

/// A pod's requests as the scheduler charges them: the larger of the init containers' peak and
/// the sum of the app containers (sidecars — init containers with restartPolicy Always — stay
/// running and add to both), plus the pod overhead. With `non_zero`, containers that request no
/// CPU or memory count upstream's defaults (for scoring only).
pub fn pod_requests(pod: &Pod, non_zero: bool) -> Resource {
    let Some(spec) = pod.spec.as_ref() else {
        return Resource::default();
    };
    let container_req = |c: &Container| {
        let mut r = Resource::from_list(c.resources.as_ref().and_then(|r| r.requests.as_ref()));
        if non_zero {
            let reqs = c.resources.as_ref().and_then(|r| r.requests.as_ref());
            if !reqs.is_some_and(|m| m.contains_key("cpu")) {
                r.milli_cpu = DEFAULT_MILLI_CPU_REQUEST;
            }
            if !reqs.is_some_and(|m| m.contains_key("memory")) {
                r.memory = DEFAULT_MEMORY_REQUEST;
            }
        }
        r
    };
    let mut reqs = Resource::default();
    for c in &spec.containers {
        reqs.add(&container_req(c));
    }
    let mut sidecars = Resource::default();
    let mut init_peak = Resource::default();
    for c in spec.init_containers.iter().flatten() {
        let r = container_req(c);
        if c.restart_policy.as_deref() == Some("Always") {
            reqs.add(&r);
            sidecars.add(&r);
            init_peak.set_max(&sidecars);
        } else {
            let mut during = r;
            during.add(&sidecars);
            init_peak.set_max(&during);
        }
    }
    reqs.set_max(&init_peak);
    if let Some(overhead) = spec.overhead.as_ref() {
        let o = Resource::from_list(Some(overhead));
        reqs.add(&o);
    }
    reqs
}

/// A quantity's value in milli-units, rounded up (Kubernetes' MilliValue).
pub fn parse_milli(s: &str) -> Option<i64> {
    parse_scaled(s, 3)
}

/// A quantity's value in whole units, rounded up (Kubernetes' Value).
pub fn parse_value(s: &str) -> Option<i64> {
    parse_scaled(s, 0)
}

/// value × 10^scale, rounded up, from Kubernetes' quantity grammar (decimal and binary suffixes,
/// exponents).
fn parse_scaled(s: &str, scale: i32) -> Option<i64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let num_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(num_end);
    if num.is_empty() {
        return None;
    }
    let (int_part, frac_part) = num.split_once('.').unwrap_or((num, ""));
    let mut mantissa: i128 = 0;
    for c in int_part.chars().chain(frac_part.chars()) {
        mantissa = mantissa
            .checked_mul(10)?
            .checked_add(i128::from(c.to_digit(10)?))?;
    }
    let mut exp10: i32 = -(frac_part.len() as i32);
    let mut mul2: i128 = 1;
    match suffix {
        "" => {}
        "n" => exp10 -= 9,
        "u" => exp10 -= 6,
        "m" => exp10 -= 3,
        "k" => exp10 += 3,
        "M" => exp10 += 6,
        "G" => exp10 += 9,
        "T" => exp10 += 12,
        "P" => exp10 += 15,
        "E" => exp10 += 18,
        "Ki" => mul2 = 1 << 10,
        "Mi" => mul2 = 1 << 20,
        "Gi" => mul2 = 1 << 30,
        "Ti" => mul2 = 1 << 40,
        "Pi" => mul2 = 1 << 50,
        "Ei" => mul2 = 1 << 60,
        e if e.starts_with(['e', 'E']) => exp10 += e[1..].parse::<i32>().ok()?,
        _ => return None,
    }
    let mut v = mantissa.checked_mul(mul2)?;
    exp10 += scale;
    if exp10 >= 0 {
        for _ in 0..exp10 {
            v = v.checked_mul(10)?;
        }
    } else {
        let mut div: i128 = 1;
        for _ in 0..(-exp10) {
            div = div.checked_mul(10)?;
        }
        v = (v + div - 1) / div;
    }
    let v = i64::try_from(v).ok()?;
    Some(if neg { -v } else { v })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn pod(v: serde_json::Value) -> Pod {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn quantities_parse_with_decimal_and_binary_suffixes_rounding_up() {
        assert_eq!(parse_milli("100m"), Some(100));
        assert_eq!(parse_milli("1.5"), Some(1500));
        assert_eq!(parse_milli("4"), Some(4000));
        assert_eq!(parse_milli("1n"), Some(1));
        assert_eq!(parse_value("32Gi"), Some(32 << 30));
        assert_eq!(parse_value("500Mi"), Some(500 << 20));
        assert_eq!(parse_value("1k"), Some(1000));
        assert_eq!(parse_value("1e3"), Some(1000));
        assert_eq!(parse_value("0.5"), Some(1));
        assert_eq!(parse_value("110"), Some(110));
        assert_eq!(parse_value("x"), None);
    }

    #[test]
    fn pod_request_is_the_larger_of_init_peak_and_container_sum_plus_overhead() {
        let p = pod(serde_json::json!({"spec": {
            "containers": [{"name": "a", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}},
                           {"name": "b", "resources": {"requests": {"cpu": "1"}}}],
            "initContainers": [{"name": "i", "resources": {"requests": {"cpu": "3", "memory": "512Mi"}}}],
            "overhead": {"cpu": "250m"}}}));
        let r = pod_requests(&p, false);
        assert_eq!(r.milli_cpu, 3250);
        assert_eq!(r.memory, 1 << 30);
    }

    #[test]
    fn sidecars_add_to_the_sum_and_to_later_init_containers() {
        let p = pod(serde_json::json!({"spec": {
            "containers": [{"name": "a", "resources": {"requests": {"cpu": "1"}}}],
            "initContainers": [
                {"name": "side", "restartPolicy": "Always", "resources": {"requests": {"cpu": "500m"}}},
                {"name": "i", "resources": {"requests": {"cpu": "2"}}}]}}));
        // init peak: 2 + 0.5 sidecar = 2.5; running: 1 + 0.5 = 1.5
        assert_eq!(pod_requests(&p, false).milli_cpu, 2500);
        let p = pod(serde_json::json!({"spec": {
            "containers": [{"name": "a", "resources": {"requests": {"cpu": "3"}}}],
            "initContainers": [
                {"name": "side", "restartPolicy": "Always", "resources": {"requests": {"cpu": "500m"}}},
                {"name": "i", "resources": {"requests": {"cpu": "2"}}}]}}));
        assert_eq!(pod_requests(&p, false).milli_cpu, 3500);
    }

    #[test]
    fn non_zero_requests_fill_in_defaults_per_container() {
        let p = pod(serde_json::json!({"spec": {"containers": [
            {"name": "a"}, {"name": "b", "resources": {"requests": {"cpu": "1"}}}]}}));
        let r = pod_requests(&p, true);
        assert_eq!(r.milli_cpu, 1100);
        assert_eq!(r.memory, 2 * DEFAULT_MEMORY_REQUEST);
        assert!(pod_requests(&p, false).memory == 0);
    }

    #[test]
    fn extended_resources_are_scalars_and_standard_ones_are_not() {
        assert!(is_scalar("example.com/gpu"));
        assert!(is_scalar("hugepages-2Mi"));
        assert!(!is_scalar("cpu"));
        assert!(!is_scalar("kubernetes.io/something"));
    }
}
