//! The part of a Pod the agent keeps: read once from the API's JSON into a small struct, so a
//! node holding many pods does not hold their whole objects.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::runtime::{RestartPolicy, SandboxConfig};

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ContainerSpec {
    pub name: String,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    /// An init container with `restartPolicy: Always` (a sidecar).
    pub sidecar: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Pod {
    pub uid: String,
    pub namespace: String,
    pub name: String,
    pub annotations: BTreeMap<String, String>,
    pub restart_policy: RestartPolicy,
    pub init_containers: Vec<ContainerSpec>,
    pub containers: Vec<ContainerSpec>,
    pub host_network: bool,
    /// Set once the pod is being deleted: the grace period left to it.
    pub deletion_grace_seconds: Option<i64>,
    pub termination_grace_seconds: i64,
    /// The phase in the API (what this agent, or an earlier run of it, wrote).
    pub api_phase: Option<String>,
    pub qos_class: &'static str,
    pub readiness_gates: Vec<String>,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

fn containers(spec: &Value, field: &str) -> Vec<ContainerSpec> {
    spec.get(field)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|c| ContainerSpec {
            name: c
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            image: c
                .get("image")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            command: strings(c.get("command")),
            args: strings(c.get("args")),
            sidecar: c.get("restartPolicy").and_then(Value::as_str) == Some("Always"),
        })
        .collect()
}

impl Pod {
    /// Reads a Pod object; None when it lacks a uid or name.
    pub fn from_json(v: &Value) -> Option<Pod> {
        let meta = v.get("metadata")?;
        let s = |m: &Value, f: &str| m.get(f).and_then(Value::as_str).map(str::to_string);
        let spec = v.get("spec").cloned().unwrap_or(Value::Null);
        let deleting = meta.get("deletionTimestamp").is_some_and(|d| !d.is_null());
        Some(Pod {
            uid: s(meta, "uid")?,
            namespace: s(meta, "namespace").unwrap_or_else(|| "default".into()),
            name: s(meta, "name")?,
            annotations: meta
                .get("annotations")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                .collect(),
            restart_policy: RestartPolicy::parse(spec.get("restartPolicy").and_then(Value::as_str)),
            init_containers: containers(&spec, "initContainers"),
            containers: containers(&spec, "containers"),
            host_network: spec
                .get("hostNetwork")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            deletion_grace_seconds: deleting.then(|| {
                meta.get("deletionGracePeriodSeconds")
                    .and_then(Value::as_i64)
                    .unwrap_or(30)
            }),
            termination_grace_seconds: spec
                .get("terminationGracePeriodSeconds")
                .and_then(Value::as_i64)
                .unwrap_or(30),
            api_phase: v
                .pointer("/status/phase")
                .and_then(Value::as_str)
                .map(str::to_string),
            qos_class: qos_class(&spec),
            readiness_gates: spec
                .get("readinessGates")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|g| {
                    g.get("conditionType")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
                .collect(),
        })
    }

    /// `namespace/name`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    pub fn is_terminal(&self) -> bool {
        matches!(self.api_phase.as_deref(), Some("Succeeded" | "Failed"))
    }

    /// What the runtime gets for this pod's sandbox.
    pub fn sandbox_config(&self, attempt: u32) -> SandboxConfig {
        let labels = BTreeMap::from([
            ("io.kubernetes.pod.name".to_string(), self.name.clone()),
            (
                "io.kubernetes.pod.namespace".to_string(),
                self.namespace.clone(),
            ),
            ("io.kubernetes.pod.uid".to_string(), self.uid.clone()),
        ]);
        SandboxConfig {
            name: self.name.clone(),
            namespace: self.namespace.clone(),
            uid: self.uid.clone(),
            attempt,
            hostname: self.name.chars().take(63).collect(),
            host_network: self.host_network,
            labels,
            annotations: self.annotations.clone(),
            restart_policy: self.restart_policy,
            cgroup_parent: format!("/rkpods/pod{}", self.uid),
            ..SandboxConfig::default()
        }
    }
}

/// Kubernetes' QoS class: Guaranteed when every container limits cpu and memory with requests
/// equal to limits, BestEffort when none requests or limits anything, else Burstable.
pub fn qos_class(spec: &Value) -> &'static str {
    let all: Vec<&Value> = ["initContainers", "containers"]
        .iter()
        .filter_map(|f| spec.get(*f).and_then(Value::as_array))
        .flatten()
        .collect();
    let mut any = false;
    let mut guaranteed = true;
    for c in &all {
        let req = c.pointer("/resources/requests").and_then(Value::as_object);
        let lim = c.pointer("/resources/limits").and_then(Value::as_object);
        let relevant = |m: Option<&serde_json::Map<String, Value>>| {
            m.into_iter()
                .flatten()
                .filter(|(k, _)| *k == "cpu" || *k == "memory")
                .count()
        };
        if relevant(req) + relevant(lim) > 0 {
            any = true;
        }
        for r in ["cpu", "memory"] {
            let l = lim.and_then(|m| m.get(r));
            let q = req.and_then(|m| m.get(r)).or(l);
            if l.is_none() || q != l {
                guaranteed = false;
            }
        }
    }
    match (any, guaranteed) {
        (false, _) => "BestEffort",
        (true, true) => "Guaranteed",
        (true, false) => "Burstable",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pods_are_read_into_their_small_form() {
        let p = Pod::from_json(&json!({
            "metadata": {"name": "p", "namespace": "ns", "uid": "u", "annotations": {"sim.rk.dev/exit-code": "2"},
                         "deletionTimestamp": "2026-01-01T00:00:00Z", "deletionGracePeriodSeconds": 5},
            "spec": {"restartPolicy": "OnFailure", "containers": [{"name": "a", "image": "busybox"}],
                     "initContainers": [{"name": "i", "image": "busybox"}, {"name": "s", "image": "x", "restartPolicy": "Always"}]},
            "status": {"phase": "Running"}
        }))
        .unwrap();
        assert_eq!(p.key(), "ns/p");
        assert_eq!(p.restart_policy, RestartPolicy::OnFailure);
        assert_eq!(p.deletion_grace_seconds, Some(5));
        assert_eq!(p.containers[0].image, "busybox");
        assert!(!p.init_containers[0].sidecar && p.init_containers[1].sidecar);
        assert_eq!(
            p.annotations
                .get("sim.rk.dev/exit-code")
                .map(String::as_str),
            Some("2")
        );
        assert_eq!(p.qos_class, "BestEffort");
    }

    #[test]
    fn qos_classes_follow_requests_and_limits() {
        let g = json!({"containers": [{"resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}]});
        assert_eq!(qos_class(&g), "Guaranteed");
        let b = json!({"containers": [{"resources": {"requests": {"cpu": "100m"}}}]});
        assert_eq!(qos_class(&b), "Burstable");
        let mixed =
            json!({"containers": [{"resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}, {}]});
        assert_eq!(qos_class(&mixed), "Burstable");
        assert_eq!(qos_class(&json!({"containers": [{}]})), "BestEffort");
    }
}
