//! What the node's status measures on a real machine, as kubelet does: capacity (cpus,
//! MemTotal, the data dir's filesystem as ephemeral-storage, 110 pods), allocatable (capacity
//! minus reservations and the hard eviction thresholds), and the pressure conditions from
//! kubelet's hard eviction defaults — `memory.available<100Mi`, `nodefs.available<10%` — plus
//! `pid.available<10%` of `pid_max` (kubelet has no default PID threshold; rk uses 10%).
//! A [`StatsSource`] is the seam: real nodes read /proc and statvfs, simulated nodes have none
//! and keep their configured capacity with no pressure.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::spec::resources::parse_units;

/// One sample of the machine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub memory_total: u64,
    pub memory_available: u64,
    pub fs_capacity: u64,
    pub fs_available: u64,
    pub pid_max: u64,
    pub pids_running: u64,
}

/// Where samples come from.
pub trait StatsSource: Send + Sync + 'static {
    fn sample(&self) -> Option<Stats>;
}

/// Kubelet's hard eviction thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    pub memory_available: u64,
    /// Percent of the filesystem.
    pub nodefs_available_percent: u64,
    pub pid_available_percent: u64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            memory_available: 100 << 20,
            nodefs_available_percent: 10,
            pid_available_percent: 10,
        }
    }
}

/// Which conditions are True.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pressure {
    pub memory: bool,
    pub disk: bool,
    pub pid: bool,
}

impl Thresholds {
    pub fn pressure(&self, s: &Stats) -> Pressure {
        Pressure {
            memory: s.memory_total > 0 && s.memory_available < self.memory_available,
            disk: s.fs_capacity > 0
                && s.fs_available * 100 < s.fs_capacity * self.nodefs_available_percent,
            pid: s.pid_max > 0
                && s.pid_max.saturating_sub(s.pids_running) * 100
                    < s.pid_max * self.pid_available_percent,
        }
    }
}

/// The real machine: /proc and the data dir's filesystem.
pub struct ProcStats {
    pub data_dir: PathBuf,
}

fn meminfo(text: &str, key: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map(|kib| kib * 1024)
}

impl StatsSource for ProcStats {
    fn sample(&self) -> Option<Stats> {
        let mem = std::fs::read_to_string("/proc/meminfo").ok()?;
        let fs = rustix::fs::statvfs(&self.data_dir).ok();
        let pid_max = std::fs::read_to_string("/proc/sys/kernel/pid_max")
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0);
        let pids_running = std::fs::read_dir("/proc")
            .map(|d| {
                d.flatten()
                    .filter(|e| {
                        e.file_name()
                            .to_string_lossy()
                            .bytes()
                            .all(|b| b.is_ascii_digit())
                    })
                    .count() as u64
            })
            .unwrap_or(0);
        Some(Stats {
            memory_total: meminfo(&mem, "MemTotal").unwrap_or(0),
            memory_available: meminfo(&mem, "MemAvailable").unwrap_or(0),
            fs_capacity: fs.as_ref().map_or(0, |f| f.f_blocks * f.f_frsize),
            fs_available: fs.as_ref().map_or(0, |f| f.f_bavail * f.f_frsize),
            pid_max,
            pids_running,
        })
    }
}

/// The machine's capacity from a sample: cpus, memory, ephemeral-storage, 110 pods.
pub fn capacity(s: &Stats) -> BTreeMap<String, String> {
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut c = BTreeMap::from([
        ("cpu".to_string(), cpus.to_string()),
        ("memory".to_string(), format!("{}Ki", s.memory_total / 1024)),
        ("pods".to_string(), "110".to_string()),
    ]);
    if s.fs_capacity > 0 {
        c.insert(
            "ephemeral-storage".into(),
            format!("{}Ki", s.fs_capacity / 1024),
        );
    }
    c
}

/// kube-reserved plus system-reserved, per resource (kubelet subtracts both): cpu summed in
/// millicores, everything else in units (bytes for memory and ephemeral-storage).
pub fn sum_reserved(
    kube: &BTreeMap<String, String>,
    system: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for name in kube.keys().chain(system.keys()) {
        if out.contains_key(name) {
            continue;
        }
        let values = [kube.get(name), system.get(name)];
        let value = if name == "cpu" {
            let milli: i64 = values
                .iter()
                .flatten()
                .filter_map(|v| crate::spec::resources::parse_milli(v))
                .sum();
            format!("{milli}m")
        } else {
            let units: i64 = values.iter().flatten().filter_map(|v| parse_units(v)).sum();
            units.to_string()
        };
        out.insert(name.clone(), value);
    }
    out
}

/// Allocatable: capacity minus `reserved` (kube-reserved + system-reserved, by resource) and
/// the hard eviction thresholds (memory, nodefs), as kubelet computes it.
pub fn allocatable(
    capacity: &BTreeMap<String, String>,
    reserved: &BTreeMap<String, String>,
    t: &Thresholds,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (name, q) in capacity {
        let held = reserved.get(name).and_then(|r| parse_units(r)).unwrap_or(0);
        let value = match name.as_str() {
            "cpu" => {
                let milli = crate::spec::resources::parse_milli(q).unwrap_or(0);
                let reserved_milli = reserved
                    .get(name)
                    .and_then(|r| crate::spec::resources::parse_milli(r))
                    .unwrap_or(0);
                let left = (milli - reserved_milli).max(0);
                if left % 1000 == 0 {
                    (left / 1000).to_string()
                } else {
                    format!("{left}m")
                }
            }
            "memory" => {
                let bytes = parse_units(q).unwrap_or(0) - held - t.memory_available as i64;
                format!("{}Ki", bytes.max(0) / 1024)
            }
            "ephemeral-storage" => {
                let bytes = parse_units(q).unwrap_or(0);
                let left = bytes - held - bytes * t.nodefs_available_percent as i64 / 100;
                format!("{}Ki", left.max(0) / 1024)
            }
            _ if held > 0 => (parse_units(q).unwrap_or(0) - held).max(0).to_string(),
            _ => q.clone(),
        };
        out.insert(name.clone(), value);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn pressure_follows_kubelets_hard_eviction_defaults() {
        let t = Thresholds::default();
        let ok = Stats {
            memory_total: 8 << 30,
            memory_available: 2 << 30,
            fs_capacity: 100,
            fs_available: 50,
            pid_max: 1000,
            pids_running: 100,
        };
        assert_eq!(t.pressure(&ok), Pressure::default());
        let low = Stats {
            memory_available: 50 << 20,
            fs_available: 9,
            pids_running: 950,
            ..ok
        };
        assert_eq!(
            t.pressure(&low),
            Pressure {
                memory: true,
                disk: true,
                pid: true
            }
        );
        assert_eq!(
            t.pressure(&Stats::default()),
            Pressure::default(),
            "nothing measured, no pressure"
        );
    }

    #[test]
    fn allocatable_is_capacity_minus_reservations_and_eviction_thresholds() {
        let cap = BTreeMap::from([
            ("cpu".to_string(), "4".to_string()),
            ("memory".to_string(), "8Gi".to_string()),
            ("ephemeral-storage".to_string(), "100Gi".to_string()),
            ("pods".to_string(), "110".to_string()),
        ]);
        let reserved = BTreeMap::from([
            ("cpu".to_string(), "500m".to_string()),
            ("memory".to_string(), "1Gi".to_string()),
        ]);
        let a = allocatable(&cap, &reserved, &Thresholds::default());
        assert_eq!(a["cpu"], "3500m");
        assert_eq!(
            a["memory"],
            format!("{}Ki", (7u64 * 1024 * 1024) - 100 * 1024)
        );
        assert_eq!(a["ephemeral-storage"], format!("{}Ki", 90 * 1024 * 1024));
        assert_eq!(a["pods"], "110");
    }

    #[test]
    fn kube_and_system_reservations_add_up_per_resource_before_they_are_subtracted() {
        let kube = crate::node::parse_capacity("cpu=250m,memory=512Mi").unwrap();
        let system = crate::node::parse_capacity("cpu=0.25,memory=512Mi,pods=10").unwrap();
        let sum = sum_reserved(&kube, &system);
        assert_eq!(sum["cpu"], "500m");
        assert_eq!(sum["memory"], (1u64 << 30).to_string());
        assert_eq!(sum["pods"], "10");
        let cap = BTreeMap::from([
            ("cpu".to_string(), "2".to_string()),
            ("memory".to_string(), "4Gi".to_string()),
            ("pods".to_string(), "110".to_string()),
        ]);
        let a = allocatable(&cap, &sum, &Thresholds::default());
        assert_eq!(a["cpu"], "1500m");
        assert_eq!(a["memory"], format!("{}Ki", 3 * 1024 * 1024 - 100 * 1024));
        assert_eq!(a["pods"], "100");
        assert_eq!(
            sum_reserved(&BTreeMap::new(), &BTreeMap::new()),
            BTreeMap::new()
        );
    }

    #[test]
    fn this_machine_can_be_measured() {
        let dir = tempfile::tempdir().unwrap();
        let s = ProcStats {
            data_dir: dir.path().to_path_buf(),
        }
        .sample()
        .unwrap();
        assert!(s.memory_total > 0 && s.memory_available > 0 && s.fs_capacity > 0 && s.pid_max > 0);
        let c = capacity(&s);
        assert!(c["memory"].ends_with("Ki") && c.contains_key("ephemeral-storage"));
    }
}
