//! The part of a Pod the agent keeps: read once from the API's JSON into a small struct, so a
//! node holding many pods does not hold their whole objects.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::runtime::{PortMapping, RestartPolicy, SandboxConfig};

/// `imagePullPolicy` (the API server defaults it; `:latest` or no tag means Always).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PullPolicy {
    Always,
    #[default]
    IfNotPresent,
    Never,
}

impl PullPolicy {
    fn parse(s: Option<&str>, image: &str) -> PullPolicy {
        match s {
            Some("Always") => PullPolicy::Always,
            Some("Never") => PullPolicy::Never,
            Some("IfNotPresent") => PullPolicy::IfNotPresent,
            _ => {
                let last = image.rsplit('/').next().unwrap_or(image);
                let tag = last
                    .split('@')
                    .next()
                    .unwrap_or(last)
                    .split_once(':')
                    .map(|(_, t)| t);
                if image.contains('@') || tag.is_some_and(|t| t != "latest") {
                    PullPolicy::IfNotPresent
                } else {
                    PullPolicy::Always
                }
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ContainerSpec {
    pub name: String,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    /// An init container with `restartPolicy: Always` (a sidecar).
    pub sidecar: bool,
    pub pull_policy: PullPolicy,
    /// Everything else, only when the container sets any of it (simulated pods stay small).
    pub extra: Option<Box<ContainerExtra>>,
}

/// A port of a probe or hook: a number or a container port's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortRef {
    Number(i32),
    Name(String),
}

impl PortRef {
    fn parse(v: Option<&Value>) -> PortRef {
        match v {
            Some(Value::String(s)) => s
                .parse()
                .map_or_else(|_| PortRef::Name(s.clone()), PortRef::Number),
            Some(v) => PortRef::Number(v.as_i64().unwrap_or(0) as i32),
            None => PortRef::Number(0),
        }
    }
}

/// What a probe or a lifecycle hook does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handler {
    Exec(Vec<String>),
    Http {
        scheme: String,
        host: String,
        path: String,
        port: PortRef,
        headers: Vec<(String, String)>,
    },
    Tcp {
        host: String,
        port: PortRef,
    },
    Grpc {
        port: i32,
        service: String,
    },
    Sleep(i64),
}

impl Handler {
    fn parse(v: &Value) -> Option<Handler> {
        let s = |v: &Value, f: &str| v.get(f).and_then(Value::as_str).unwrap_or("").to_string();
        if let Some(e) = v.get("exec") {
            return Some(Handler::Exec(strings(e.get("command"))));
        }
        if let Some(h) = v.get("httpGet") {
            let scheme = s(h, "scheme");
            return Some(Handler::Http {
                scheme: if scheme.is_empty() {
                    "HTTP".into()
                } else {
                    scheme
                },
                host: s(h, "host"),
                path: s(h, "path"),
                port: PortRef::parse(h.get("port")),
                headers: h
                    .get("httpHeaders")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|x| (s(x, "name"), s(x, "value")))
                    .collect(),
            });
        }
        if let Some(t) = v.get("tcpSocket") {
            return Some(Handler::Tcp {
                host: s(t, "host"),
                port: PortRef::parse(t.get("port")),
            });
        }
        if let Some(g) = v.get("grpc") {
            return Some(Handler::Grpc {
                port: g.get("port").and_then(Value::as_i64).unwrap_or(0) as i32,
                service: s(g, "service"),
            });
        }
        v.get("sleep")
            .map(|z| Handler::Sleep(z.get("seconds").and_then(Value::as_i64).unwrap_or(0)))
    }
}

/// A liveness, readiness or startup probe, with the API server's defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    pub handler: Handler,
    pub initial_delay_seconds: u64,
    pub period_seconds: u64,
    pub timeout_seconds: u64,
    pub success_threshold: u32,
    pub failure_threshold: u32,
}

impl Probe {
    fn parse(v: Option<&Value>) -> Option<Probe> {
        let v = v.filter(|v| v.is_object())?;
        let n = |f: &str, d: i64| {
            v.get(f)
                .and_then(Value::as_i64)
                .filter(|n| *n > 0)
                .unwrap_or(d)
        };
        Some(Probe {
            handler: Handler::parse(v)?,
            initial_delay_seconds: v
                .get("initialDelaySeconds")
                .and_then(Value::as_i64)
                .unwrap_or(0)
                .max(0) as u64,
            period_seconds: n("periodSeconds", 10) as u64,
            timeout_seconds: n("timeoutSeconds", 1) as u64,
            success_threshold: n("successThreshold", 1) as u32,
            failure_threshold: n("failureThreshold", 3) as u32,
        })
    }
}

/// A container port (kept when the container has extras: named probe ports, hostPorts).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Port {
    pub name: String,
    pub container_port: i32,
    pub host_port: i32,
    pub host_ip: String,
    pub protocol: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct VolumeMount {
    pub name: String,
    pub mount_path: String,
    pub sub_path: String,
    pub read_only: bool,
}

/// The parts of a container that only some pods set.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ContainerExtra {
    /// `env` entries as the API holds them (resolved by `spec::env`).
    pub env: Vec<Value>,
    pub env_from: Vec<Value>,
    pub volume_mounts: Vec<VolumeMount>,
    pub ports: Vec<Port>,
    /// `resources` as the API holds it.
    pub resources: Value,
    pub security_context: Option<Value>,
    pub liveness: Option<Probe>,
    pub readiness: Option<Probe>,
    pub startup: Option<Probe>,
    pub post_start: Option<Handler>,
    pub pre_stop: Option<Handler>,
    pub working_dir: String,
    pub stdin: bool,
    pub stdin_once: bool,
    pub tty: bool,
}

/// The parts of a pod that only some pods set (or that only matter when a container has extras).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PodExtra {
    pub labels: BTreeMap<String, String>,
    /// `spec.volumes` entries as the API holds them (read by `spec::volumes`).
    pub volumes: Vec<Value>,
    pub host_pid: bool,
    pub host_ipc: bool,
    pub security_context: Option<Value>,
    pub dns_policy: String,
    pub dns_config: Option<Value>,
    pub service_account: String,
    pub hostname: String,
    pub subdomain: String,
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
    pub extra: Option<Box<PodExtra>>,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

fn non_empty(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Bool(b)) => *b,
        Some(_) => true,
    }
}

fn container_extra(c: &Value) -> Option<Box<ContainerExtra>> {
    let ports: Vec<Port> = c
        .get("ports")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| Port {
            name: p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            container_port: p.get("containerPort").and_then(Value::as_i64).unwrap_or(0) as i32,
            host_port: p.get("hostPort").and_then(Value::as_i64).unwrap_or(0) as i32,
            host_ip: p
                .get("hostIP")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            protocol: p
                .get("protocol")
                .and_then(Value::as_str)
                .unwrap_or("TCP")
                .to_string(),
        })
        .collect();
    let wanted = [
        "env",
        "envFrom",
        "volumeMounts",
        "resources",
        "securityContext",
        "livenessProbe",
        "readinessProbe",
        "startupProbe",
        "lifecycle",
        "workingDir",
        "stdin",
        "tty",
    ]
    .iter()
    .any(|f| non_empty(c.get(*f)))
        || ports.iter().any(|p| p.host_port > 0);
    if !wanted {
        return None;
    }
    let flag = |f: &str| c.get(f).and_then(Value::as_bool).unwrap_or(false);
    Some(Box::new(ContainerExtra {
        env: c
            .get("env")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        env_from: c
            .get("envFrom")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        volume_mounts: c
            .get("volumeMounts")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|m| VolumeMount {
                name: m
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                mount_path: m
                    .get("mountPath")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                sub_path: m
                    .get("subPath")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                read_only: m.get("readOnly").and_then(Value::as_bool).unwrap_or(false),
            })
            .collect(),
        ports,
        resources: c.get("resources").cloned().unwrap_or(Value::Null),
        security_context: c
            .get("securityContext")
            .filter(|v| non_empty(Some(v)))
            .cloned(),
        liveness: Probe::parse(c.get("livenessProbe")),
        readiness: Probe::parse(c.get("readinessProbe")),
        startup: Probe::parse(c.get("startupProbe")),
        post_start: c.pointer("/lifecycle/postStart").and_then(Handler::parse),
        pre_stop: c.pointer("/lifecycle/preStop").and_then(Handler::parse),
        working_dir: c
            .get("workingDir")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        stdin: flag("stdin"),
        stdin_once: flag("stdinOnce"),
        tty: flag("tty"),
    }))
}

fn containers(spec: &Value, field: &str) -> Vec<ContainerSpec> {
    spec.get(field)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|c| {
            let image = c
                .get("image")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            ContainerSpec {
                name: c
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                pull_policy: PullPolicy::parse(
                    c.get("imagePullPolicy").and_then(Value::as_str),
                    &image,
                ),
                image,
                command: strings(c.get("command")),
                args: strings(c.get("args")),
                sidecar: c.get("restartPolicy").and_then(Value::as_str) == Some("Always"),
                extra: container_extra(c),
            }
        })
        .collect()
}

fn pod_extra(meta: &Value, spec: &Value, any_container: bool) -> Option<Box<PodExtra>> {
    let s = |f: &str| {
        spec.get(f)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let dns_policy = s("dnsPolicy");
    let wanted = any_container
        || [
            "volumes",
            "hostPID",
            "hostIPC",
            "securityContext",
            "dnsConfig",
        ]
        .iter()
        .any(|f| non_empty(spec.get(*f)))
        || !matches!(dns_policy.as_str(), "" | "ClusterFirst");
    if !wanted {
        return None;
    }
    let sa = s("serviceAccountName");
    Some(Box::new(PodExtra {
        labels: meta
            .get("labels")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
            .collect(),
        volumes: spec
            .get("volumes")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        host_pid: spec
            .get("hostPID")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        host_ipc: spec
            .get("hostIPC")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        security_context: spec
            .get("securityContext")
            .filter(|v| non_empty(Some(v)))
            .cloned(),
        dns_policy,
        dns_config: spec
            .get("dnsConfig")
            .filter(|v| non_empty(Some(v)))
            .cloned(),
        service_account: if sa.is_empty() { "default".into() } else { sa },
        hostname: s("hostname"),
        subdomain: s("subdomain"),
    }))
}

impl Pod {
    /// Reads a Pod object; None when it lacks a uid or name.
    pub fn from_json(v: &Value) -> Option<Pod> {
        let meta = v.get("metadata")?;
        let s = |m: &Value, f: &str| m.get(f).and_then(Value::as_str).map(str::to_string);
        let spec = v.get("spec").cloned().unwrap_or(Value::Null);
        let deleting = meta.get("deletionTimestamp").is_some_and(|d| !d.is_null());
        let init_containers = containers(&spec, "initContainers");
        let main = containers(&spec, "containers");
        let any_extra = init_containers
            .iter()
            .chain(&main)
            .any(|c| c.extra.is_some());
        Some(Pod {
            extra: pod_extra(meta, &spec, any_extra),
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
            init_containers,
            containers: main,
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
        let extra = self.extra.as_deref();
        // As Kubernetes' kubelet: a pod on the host's network keeps the host's UTS namespace
        // and name (runc refuses a hostname without a private UTS namespace).
        let hostname = if self.host_network {
            ""
        } else {
            extra
                .map(|e| e.hostname.as_str())
                .filter(|h| !h.is_empty())
                .unwrap_or(&self.name)
        };
        let port_mappings = self
            .containers
            .iter()
            .chain(&self.init_containers)
            .filter_map(|c| c.extra.as_deref())
            .flat_map(|e| &e.ports)
            .filter(|p| p.host_port > 0)
            .map(|p| PortMapping {
                protocol: p.protocol.clone(),
                container_port: p.container_port,
                host_port: p.host_port,
                host_ip: p.host_ip.clone(),
            })
            .collect();
        SandboxConfig {
            name: self.name.clone(),
            namespace: self.namespace.clone(),
            uid: self.uid.clone(),
            attempt,
            hostname: hostname.chars().take(63).collect(),
            port_mappings,
            host_pid: extra.is_some_and(|e| e.host_pid),
            host_ipc: extra.is_some_and(|e| e.host_ipc),
            // As Kubernetes' kubelet: the sandbox is privileged when a container is.
            privileged: self
                .containers
                .iter()
                .chain(&self.init_containers)
                .filter_map(|c| c.extra.as_deref())
                .filter_map(|e| e.security_context.as_ref())
                .any(|s| s.get("privileged").and_then(Value::as_bool) == Some(true)),
            sysctls: extra
                .and_then(|e| e.security_context.as_ref())
                .and_then(|s| s.get("sysctls"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|s| {
                    Some((
                        s.get("name")?.as_str()?.to_string(),
                        s.get("value")?.as_str()?.to_string(),
                    ))
                })
                .collect(),
            dns: extra.and_then(crate::spec::dns),
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
        assert!(
            p.extra.is_none() && p.containers[0].extra.is_none(),
            "a plain pod stays small"
        );
        assert_eq!(p.containers[0].pull_policy, PullPolicy::Always);
    }

    #[test]
    fn containers_carry_probes_hooks_ports_and_mounts_when_set() {
        let p = Pod::from_json(&json!({
            "metadata": {"name": "p", "uid": "u", "labels": {"app": "web"}},
            "spec": {"hostPID": true, "volumes": [{"name": "v", "emptyDir": {}}], "containers": [{
                "name": "a", "image": "nginx:1.25",
                "ports": [{"name": "http", "containerPort": 80, "hostPort": 8080}],
                "readinessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 2},
                "livenessProbe": {"exec": {"command": ["true"]}},
                "lifecycle": {"preStop": {"sleep": {"seconds": 3}}},
                "volumeMounts": [{"name": "v", "mountPath": "/data", "readOnly": true}]}]}
        }))
        .unwrap();
        let c = p.containers[0].extra.as_deref().unwrap();
        assert_eq!(p.containers[0].pull_policy, PullPolicy::IfNotPresent);
        let r = c.readiness.as_ref().unwrap();
        assert_eq!(
            (r.period_seconds, r.timeout_seconds, r.failure_threshold),
            (2, 1, 3)
        );
        assert!(
            matches!(&r.handler, Handler::Http { port: PortRef::Name(n), scheme, .. } if n == "http" && scheme == "HTTP")
        );
        assert_eq!(
            c.liveness.as_ref().unwrap().handler,
            Handler::Exec(vec!["true".into()])
        );
        assert_eq!(c.pre_stop, Some(Handler::Sleep(3)));
        assert!(c.volume_mounts[0].read_only);
        let e = p.extra.as_deref().unwrap();
        assert_eq!(e.labels.get("app").map(String::as_str), Some("web"));
        assert_eq!(e.service_account, "default");
        let sb = p.sandbox_config(0);
        assert!(sb.host_pid);
        assert_eq!(sb.port_mappings[0].host_port, 8080);
    }

    #[test]
    fn a_pod_on_the_host_network_keeps_the_hosts_name_and_a_privileged_container_a_privileged_sandbox()
     {
        let spec = |host_network: bool| {
            json!({"metadata": {"name": "p", "namespace": "ns", "uid": "u"},
                   "spec": {"hostNetwork": host_network, "hostname": "h",
                            "containers": [{"name": "a", "image": "busybox",
                                            "securityContext": {"privileged": host_network}}]}})
        };
        let own = Pod::from_json(&spec(false)).unwrap().sandbox_config(0);
        assert!(!own.hostname.is_empty());
        assert!(!own.privileged);
        let host = Pod::from_json(&spec(true)).unwrap().sandbox_config(0);
        assert!(host.host_network);
        assert_eq!(
            host.hostname, "",
            "runc sets no hostname without a UTS namespace"
        );
        assert!(
            host.privileged,
            "a privileged container needs a privileged sandbox"
        );
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
