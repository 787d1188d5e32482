//! The Node object and its Lease: registration (capacity, allocatable, addresses, nodeInfo,
//! conditions, the well-known labels), status reports, and heartbeats that renew
//! `kube-node-lease/<node>` — as kubelet does, the Lease is the frequent heartbeat and the
//! status is written on change or every report interval.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};

use crate::client::{self, Client, Method};
use crate::node_stats::{Pressure, StatsSource, Thresholds};
use crate::time::{Clock, rfc3339};

pub const KUBELET_VERSION: &str = "v1.33.0";
const LEASES: &str = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";

/// Everything that describes one node.
#[derive(Clone, Debug)]
pub struct NodeConfig {
    pub name: String,
    pub ip: String,
    /// Resource name → quantity (`cpu`, `memory`, `pods`, …).
    pub capacity: BTreeMap<String, String>,
    /// None: the capacity (simulated nodes).
    pub allocatable: Option<BTreeMap<String, String>>,
    pub labels: BTreeMap<String, String>,
    pub runtime_version: String,
    pub lease_duration_seconds: i64,
    pub heartbeat: Duration,
    pub status_interval: Duration,
    /// The agent endpoint's port (`status.daemonEndpoints.kubeletEndpoint.Port`).
    pub kubelet_port: u16,
    /// Where the API server reaches the agent when not at `ip` (simulated nodes, whose
    /// addresses are made up): the [`KUBELET_ADDRESS`] annotation.
    pub kubelet_address: Option<String>,
}

/// Annotation naming the host the API server dials for this node's agent, when not its
/// InternalIP.
pub const KUBELET_ADDRESS: &str = "node.rk.dev/kubelet-address";

/// `cpu=32,memory=256Gi,pods=110` → a map (each value checked as a quantity's characters).
pub fn parse_capacity(s: &str) -> Option<BTreeMap<String, String>> {
    let mut m = BTreeMap::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=')?;
        let ok = !v.is_empty()
            && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
            && v.starts_with(|c: char| c.is_ascii_digit());
        if k.is_empty() || !ok {
            return None;
        }
        m.insert(k.trim().to_string(), v.to_string());
    }
    Some(m)
}

/// The machine architecture as Kubernetes names it.
pub fn arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "arm" => "arm",
        "powerpc64" => "ppc64le",
        "s390x" => "s390x",
        other => other,
    }
}

impl NodeConfig {
    fn all_labels(&self) -> BTreeMap<String, String> {
        let mut l = BTreeMap::from([
            ("kubernetes.io/hostname".to_string(), self.name.clone()),
            ("kubernetes.io/os".to_string(), "linux".to_string()),
            ("kubernetes.io/arch".to_string(), arch().to_string()),
            ("beta.kubernetes.io/os".to_string(), "linux".to_string()),
            ("beta.kubernetes.io/arch".to_string(), arch().to_string()),
        ]);
        l.extend(self.labels.clone());
        l
    }

    /// The Node's status at `now` (Unix seconds) with no pressure; `since` is when the
    /// conditions took their value.
    pub fn status(&self, now: i64, since: i64) -> Value {
        self.status_with(now, Pressure::default(), &[since; 3], since)
    }

    /// The Node's status with the pressure conditions measured; `since` holds when each of
    /// MemoryPressure, DiskPressure and PIDPressure took its value, `ready_since` Ready's.
    pub fn status_with(&self, now: i64, p: Pressure, since: &[i64; 3], ready_since: i64) -> Value {
        let cond = |kind: &str, status: bool, reason: &str, message: &str, since: i64| {
            json!({"type": kind, "status": if status { "True" } else { "False" }, "reason": reason, "message": message,
                   "lastHeartbeatTime": rfc3339(now), "lastTransitionTime": rfc3339(since)})
        };
        let memory = if p.memory {
            cond(
                "MemoryPressure",
                true,
                "KubeletHasInsufficientMemory",
                "kubelet has insufficient memory available",
                since[0],
            )
        } else {
            cond(
                "MemoryPressure",
                false,
                "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available",
                since[0],
            )
        };
        let disk = if p.disk {
            cond(
                "DiskPressure",
                true,
                "KubeletHasDiskPressure",
                "kubelet has disk pressure",
                since[1],
            )
        } else {
            cond(
                "DiskPressure",
                false,
                "KubeletHasNoDiskPressure",
                "kubelet has no disk pressure",
                since[1],
            )
        };
        let pid = if p.pid {
            cond(
                "PIDPressure",
                true,
                "KubeletHasInsufficientPID",
                "kubelet has insufficient PID available",
                since[2],
            )
        } else {
            cond(
                "PIDPressure",
                false,
                "KubeletHasSufficientPID",
                "kubelet has sufficient PID available",
                since[2],
            )
        };
        json!({
            "capacity": self.capacity,
            "allocatable": self.allocatable.as_ref().unwrap_or(&self.capacity),
            "conditions": [
                memory, disk, pid,
                cond("Ready", true, "KubeletReady", "kubelet is posting ready status", ready_since),
            ],
            "addresses": [{"type": "InternalIP", "address": self.ip}, {"type": "Hostname", "address": self.name}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": self.kubelet_port}},
            "nodeInfo": {
                "machineID": "", "systemUUID": "", "bootID": "",
                "kernelVersion": "", "osImage": "rk",
                "containerRuntimeVersion": self.runtime_version,
                "kubeletVersion": KUBELET_VERSION, "kubeProxyVersion": KUBELET_VERSION,
                "operatingSystem": "linux", "architecture": arch(),
            },
        })
    }

    /// The whole Node as registered.
    pub fn object(&self, now: i64) -> Value {
        self.object_with(self.status(now, now))
    }

    fn object_with(&self, status: Value) -> Value {
        let mut annotations = json!({"node.alpha.kubernetes.io/ttl": "0"});
        if let Some(a) = &self.kubelet_address {
            annotations[KUBELET_ADDRESS] = json!(a);
        }
        json!({
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": self.name, "labels": self.all_labels(), "annotations": annotations},
            "spec": {},
            "status": status,
        })
    }
}

/// The pod CIDR of a Node object, if assigned.
pub fn pod_cidr(node: &Value) -> Option<String> {
    node.pointer("/spec/podCIDR")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// One node's registration, status and lease, over its own client.
pub struct NodeStatusManager {
    pub config: NodeConfig,
    client: Client,
    clock: Clock,
    since: i64,
    lease: Option<Value>,
    node_uid: Option<String>,
    stats: Option<Box<dyn StatsSource>>,
    thresholds: Thresholds,
    /// The pressure last reported and when each condition took its value.
    pressure: (Pressure, [i64; 3]),
}

impl NodeStatusManager {
    pub fn new(config: NodeConfig, client: Client, clock: Clock) -> Self {
        NodeStatusManager {
            since: clock.now_secs(),
            config,
            client,
            clock,
            lease: None,
            node_uid: None,
            stats: None,
            thresholds: Thresholds::default(),
            pressure: (Pressure::default(), [clock.now_secs(); 3]),
        }
    }

    /// Measure the machine for the pressure conditions (real nodes).
    pub fn with_stats(mut self, stats: Box<dyn StatsSource>, thresholds: Thresholds) -> Self {
        self.stats = Some(stats);
        self.thresholds = thresholds;
        self
    }

    /// The status now: pressure measured when there is a stats source.
    fn current_status(&mut self) -> Value {
        let now = self.clock.now_secs();
        if let Some(sample) = self.stats.as_ref().and_then(|s| s.sample()) {
            let p = self.thresholds.pressure(&sample);
            let (old, since) = &mut self.pressure;
            for (i, (a, b)) in [(old.memory, p.memory), (old.disk, p.disk), (old.pid, p.pid)]
                .into_iter()
                .enumerate()
            {
                if a != b {
                    since[i] = now;
                }
            }
            *old = p;
        }
        self.config
            .status_with(now, self.pressure.0, &self.pressure.1, self.since)
    }

    fn path(&self) -> String {
        format!("/api/v1/nodes/{}", self.config.name)
    }

    /// Creates the Node, or brings an existing one up to date; returns it.
    pub async fn register(&mut self) -> Result<Value, client::Error> {
        let status = self.current_status();
        let object = self.config.object_with(status);
        let node = match self
            .client
            .json(Method::Post, "/api/v1/nodes", Some(&object))
            .await
        {
            Ok(n) => n,
            Err(e) if e.code() == Some(409) => {
                self.client
                    .merge_patch(
                        &self.path(),
                        &json!({"metadata": {"labels": self.config.all_labels(),
                            "annotations": {KUBELET_ADDRESS: self.config.kubelet_address}}}),
                    )
                    .await?;
                self.report().await?
            }
            Err(e) => return Err(e),
        };
        self.node_uid = node
            .pointer("/metadata/uid")
            .and_then(Value::as_str)
            .map(str::to_string);
        Ok(node)
    }

    /// Writes the status (heartbeat times moved on); returns the Node.
    pub async fn report(&mut self) -> Result<Value, client::Error> {
        let status = self.current_status();
        self.client
            .merge_patch(
                &format!("{}/status", self.path()),
                &json!({"status": status}),
            )
            .await
    }

    /// The Node as the API holds it.
    pub async fn get(&self) -> Result<Value, client::Error> {
        self.client.json(Method::Get, &self.path(), None).await
    }

    fn micro_time(&self) -> String {
        let wall = self.clock.wall();
        let base = rfc3339(wall.as_secs() as i64);
        format!(
            "{}.{:06}Z",
            base.trim_end_matches('Z'),
            wall.subsec_micros()
        )
    }

    /// Renews (or creates) the Lease.
    pub async fn heartbeat(&mut self) -> Result<(), client::Error> {
        let renew = self.micro_time();
        for _ in 0..3 {
            let result = match self.lease.take() {
                Some(mut lease) => {
                    lease["spec"]["renewTime"] = json!(renew);
                    lease["spec"]["holderIdentity"] = json!(self.config.name);
                    lease["spec"]["leaseDurationSeconds"] =
                        json!(self.config.lease_duration_seconds);
                    self.client
                        .json(
                            Method::Put,
                            &format!("{LEASES}/{}", self.config.name),
                            Some(&lease),
                        )
                        .await
                }
                None => {
                    let mut meta =
                        json!({"name": self.config.name, "namespace": "kube-node-lease"});
                    if let Some(uid) = &self.node_uid {
                        meta["ownerReferences"] = json!([{"apiVersion": "v1", "kind": "Node", "name": self.config.name, "uid": uid}]);
                    }
                    let lease = json!({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": meta,
                        "spec": {"holderIdentity": self.config.name, "leaseDurationSeconds": self.config.lease_duration_seconds, "renewTime": renew}});
                    self.client.json(Method::Post, LEASES, Some(&lease)).await
                }
            };
            match result {
                Ok(l) => {
                    self.lease = Some(l);
                    return Ok(());
                }
                // Someone else wrote it (or it exists from an earlier run): read and retry.
                Err(e) if matches!(e.code(), Some(409)) => {
                    self.lease = Some(
                        self.client
                            .json(Method::Get, &format!("{LEASES}/{}", self.config.name), None)
                            .await?,
                    );
                }
                Err(e) if matches!(e.code(), Some(404)) => self.lease = None,
                Err(e) => return Err(e),
            }
        }
        Err(client::Error::Status {
            request: format!("PUT {LEASES}/{}", self.config.name),
            code: 409,
            reason: "Conflict".into(),
            message: "the lease kept changing".into(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn config() -> NodeConfig {
        NodeConfig {
            name: "sim-0".into(),
            ip: "172.16.0.1".into(),
            capacity: parse_capacity("cpu=32,memory=256Gi,pods=110").unwrap(),
            allocatable: None,
            labels: BTreeMap::new(),
            runtime_version: "sim://0.1.0".into(),
            lease_duration_seconds: 40,
            heartbeat: Duration::from_secs(10),
            status_interval: Duration::from_secs(60),
            kubelet_port: 10250,
            kubelet_address: None,
        }
    }

    #[test]
    fn capacity_flags_parse_into_quantities() {
        let c = parse_capacity("cpu=32,memory=256Gi,pods=110").unwrap();
        assert_eq!(c.get("memory").map(String::as_str), Some("256Gi"));
        assert_eq!(c.len(), 3);
        assert!(parse_capacity("cpu=").is_none());
        assert!(parse_capacity("cpu").is_none());
        assert!(parse_capacity("cpu=-1").is_none());
    }

    #[test]
    fn a_node_carries_the_well_known_labels_conditions_and_addresses() {
        let n = config().object(1_700_000_000);
        assert_eq!(n["metadata"]["labels"]["kubernetes.io/hostname"], "sim-0");
        assert_eq!(n["metadata"]["labels"]["kubernetes.io/os"], "linux");
        assert_eq!(n["status"]["capacity"]["pods"], "110");
        assert_eq!(n["status"]["allocatable"]["cpu"], "32");
        let kinds: Vec<&str> = n["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["type"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]
        );
        assert_eq!(
            n["status"]["addresses"][0],
            json!({"type": "InternalIP", "address": "172.16.0.1"})
        );
        assert_eq!(n["status"]["nodeInfo"]["kubeletVersion"], KUBELET_VERSION);
    }

    #[test]
    fn measured_pressure_sets_the_conditions_in_kubelets_words() {
        let p = Pressure {
            memory: true,
            disk: false,
            pid: true,
        };
        let s = config().status_with(200, p, &[150, 100, 150], 100);
        let c = s["conditions"].as_array().unwrap();
        assert_eq!(
            (c[0]["status"].as_str(), c[0]["reason"].as_str()),
            (Some("True"), Some("KubeletHasInsufficientMemory"))
        );
        assert_eq!(c[0]["lastTransitionTime"], rfc3339(150));
        assert_eq!(c[1]["status"], "False");
        assert_eq!(c[2]["message"], "kubelet has insufficient PID available");
    }

    #[test]
    fn pod_cidrs_are_read_when_assigned() {
        assert_eq!(
            pod_cidr(&json!({"spec": {"podCIDR": "10.42.3.0/24"}})).as_deref(),
            Some("10.42.3.0/24")
        );
        assert_eq!(pod_cidr(&json!({"spec": {}})), None);
    }
}
