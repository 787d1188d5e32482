//! rk's runtime structs ↔ CRI v1 messages: the faithful mapping the containerd runtime sends
//! and reads (namespace modes, resources, security context, states, nanosecond timestamps).

use k8s_cri::v1 as cri;

use crate::runtime::{
    ContainerConfig, ContainerState, ContainerStatus, SandboxConfig, SandboxState, SandboxStatus,
};

/// CRI `NamespaceMode`: POD = 0, CONTAINER = 1, NODE = 2.
const NS_POD: i32 = 0;
const NS_CONTAINER: i32 = 1;
const NS_NODE: i32 = 2;

/// Unix nanoseconds → Unix seconds (0 stays 0).
pub fn ns_to_s(ns: i64) -> i64 {
    ns.div_euclid(1_000_000_000)
}

fn protocol(p: &str) -> i32 {
    match p {
        "UDP" => cri::Protocol::Udp as i32,
        "SCTP" => cri::Protocol::Sctp as i32,
        _ => cri::Protocol::Tcp as i32,
    }
}

/// The namespace modes of a pod: network and IPC shared by the pod (or the node's), PID per
/// container unless `hostPID`.
pub fn namespace_options(s: &SandboxConfig) -> cri::NamespaceOption {
    cri::NamespaceOption {
        network: if s.host_network { NS_NODE } else { NS_POD },
        pid: if s.host_pid { NS_NODE } else { NS_CONTAINER },
        ipc: if s.host_ipc { NS_NODE } else { NS_POD },
        ..Default::default()
    }
}

/// `PodSandboxConfig` for `RunPodSandbox` (and the `sandbox_config` of `CreateContainer`).
pub fn sandbox_config(s: &SandboxConfig) -> cri::PodSandboxConfig {
    cri::PodSandboxConfig {
        metadata: Some(cri::PodSandboxMetadata {
            name: s.name.clone(),
            uid: s.uid.clone(),
            namespace: s.namespace.clone(),
            attempt: s.attempt,
        }),
        hostname: s.hostname.clone(),
        log_directory: s.log_directory.clone(),
        dns_config: s.dns.as_ref().map(|d| cri::DnsConfig {
            servers: d.servers.clone(),
            searches: d.searches.clone(),
            options: d.options.clone(),
        }),
        port_mappings: s
            .port_mappings
            .iter()
            .map(|p| cri::PortMapping {
                protocol: protocol(&p.protocol),
                container_port: p.container_port,
                host_port: p.host_port,
                host_ip: p.host_ip.clone(),
            })
            .collect(),
        labels: s.labels.clone().into_iter().collect(),
        annotations: s.annotations.clone().into_iter().collect(),
        linux: Some(cri::LinuxPodSandboxConfig {
            cgroup_parent: s.cgroup_parent.clone(),
            security_context: Some(cri::LinuxSandboxSecurityContext {
                namespace_options: Some(namespace_options(s)),
                privileged: s.privileged,
                ..Default::default()
            }),
            sysctls: s.sysctls.clone().into_iter().collect(),
            ..Default::default()
        }),
        windows: None,
    }
}

/// `ContainerConfig` for `CreateContainer`.
pub fn container_config(c: &ContainerConfig, s: &SandboxConfig) -> cri::ContainerConfig {
    let sec = &c.security;
    let mut labels: std::collections::HashMap<String, String> =
        s.labels.clone().into_iter().collect();
    labels.insert("io.kubernetes.container.name".into(), c.name.clone());
    cri::ContainerConfig {
        metadata: Some(cri::ContainerMetadata {
            name: c.name.clone(),
            attempt: c.attempt,
        }),
        image: Some(image_spec(&c.image)),
        command: c.command.clone(),
        args: c.args.clone(),
        working_dir: c.working_dir.clone(),
        envs: c
            .envs
            .iter()
            .map(|(k, v)| cri::KeyValue {
                key: k.clone(),
                value: v.clone(),
            })
            .collect(),
        mounts: c
            .mounts
            .iter()
            .map(|m| cri::Mount {
                container_path: m.container_path.clone(),
                host_path: m.host_path.clone(),
                readonly: m.readonly,
                ..Default::default()
            })
            .collect(),
        labels,
        log_path: c.log_path.clone(),
        stdin: c.stdin,
        stdin_once: c.stdin_once,
        tty: c.tty,
        linux: Some(cri::LinuxContainerConfig {
            resources: Some(cri::LinuxContainerResources {
                cpu_period: c.resources.cpu_period,
                cpu_quota: c.resources.cpu_quota,
                cpu_shares: c.resources.cpu_shares,
                memory_limit_in_bytes: c.resources.memory_limit_bytes,
                ..Default::default()
            }),
            security_context: Some(cri::LinuxContainerSecurityContext {
                capabilities: (!sec.capabilities_add.is_empty()
                    || !sec.capabilities_drop.is_empty())
                .then(|| cri::Capability {
                    add_capabilities: sec.capabilities_add.clone(),
                    drop_capabilities: sec.capabilities_drop.clone(),
                    ..Default::default()
                }),
                privileged: sec.privileged,
                namespace_options: Some(namespace_options(s)),
                run_as_user: sec.run_as_user.map(|value| cri::Int64Value { value }),
                run_as_group: sec.run_as_group.map(|value| cri::Int64Value { value }),
                readonly_rootfs: sec.readonly_rootfs,
                supplemental_groups: sec.supplemental_groups.clone(),
                no_new_privs: sec.no_new_privs,
                ..Default::default()
            }),
        }),
        ..Default::default()
    }
}

pub fn image_spec(image: &str) -> cri::ImageSpec {
    cri::ImageSpec {
        image: image.to_string(),
        ..Default::default()
    }
}

pub fn sandbox_state(state: i32) -> SandboxState {
    if state == cri::PodSandboxState::SandboxReady as i32 {
        SandboxState::Ready
    } else {
        SandboxState::NotReady
    }
}

/// A listed sandbox (its IP comes from `PodSandboxStatus`).
pub fn sandbox(s: &cri::PodSandbox, ip: Option<String>) -> SandboxStatus {
    let m = s.metadata.clone().unwrap_or_default();
    SandboxStatus {
        id: s.id.clone(),
        uid: m.uid,
        namespace: m.namespace,
        name: m.name,
        attempt: m.attempt,
        state: sandbox_state(s.state),
        ip,
        created_at: ns_to_s(s.created_at),
    }
}

/// CRI container state → rk's; UNKNOWN counts as exited (kubelet treats it as not running).
pub fn container_state(state: i32) -> ContainerState {
    match state {
        s if s == cri::ContainerState::ContainerCreated as i32 => ContainerState::Created,
        s if s == cri::ContainerState::ContainerRunning as i32 => ContainerState::Running,
        _ => ContainerState::Exited,
    }
}

/// A container from `ContainerStatus` (exit code, reason such as OOMKilled, timestamps in s).
pub fn container_status(sandbox_id: &str, s: &cri::ContainerStatus) -> ContainerStatus {
    let m = s.metadata.clone().unwrap_or_default();
    ContainerStatus {
        id: s.id.clone(),
        sandbox_id: sandbox_id.to_string(),
        name: m.name,
        attempt: m.attempt,
        image: s
            .image
            .as_ref()
            .map(|i| i.image.clone())
            .unwrap_or_default(),
        image_ref: s.image_ref.clone(),
        state: container_state(s.state),
        created_at: ns_to_s(s.created_at),
        started_at: ns_to_s(s.started_at),
        finished_at: ns_to_s(s.finished_at),
        exit_code: s.exit_code,
        reason: s.reason.clone(),
        message: s.message.clone(),
    }
}

/// A listed container, before its status is known (no exit code or start time).
pub fn listed_container(c: &cri::Container) -> ContainerStatus {
    let m = c.metadata.clone().unwrap_or_default();
    ContainerStatus {
        id: c.id.clone(),
        sandbox_id: c.pod_sandbox_id.clone(),
        name: m.name,
        attempt: m.attempt,
        image: c
            .image
            .as_ref()
            .map(|i| i.image.clone())
            .unwrap_or_default(),
        image_ref: c.image_ref.clone(),
        state: container_state(c.state),
        created_at: ns_to_s(c.created_at),
        started_at: 0,
        finished_at: 0,
        exit_code: 0,
        reason: String::new(),
        message: String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::runtime::{Mount, PortMapping, Resources};

    #[test]
    fn a_pod_shares_network_and_ipc_but_not_pids_unless_host_namespaces_are_asked_for() {
        let mut s = SandboxConfig::default();
        let o = namespace_options(&s);
        assert_eq!((o.network, o.pid, o.ipc), (NS_POD, NS_CONTAINER, NS_POD));
        s.host_network = true;
        s.host_pid = true;
        s.host_ipc = true;
        let o = namespace_options(&s);
        assert_eq!((o.network, o.pid, o.ipc), (NS_NODE, NS_NODE, NS_NODE));
    }

    #[test]
    fn sandbox_config_carries_metadata_cgroup_parent_ports_and_log_directory() {
        let s = SandboxConfig {
            name: "web".into(),
            namespace: "default".into(),
            uid: "u1".into(),
            attempt: 2,
            log_directory: "/var/log/pods/x".into(),
            cgroup_parent: "/rkpods/podu1".into(),
            port_mappings: vec![PortMapping {
                protocol: "UDP".into(),
                container_port: 53,
                host_port: 5353,
                host_ip: String::new(),
            }],
            ..Default::default()
        };
        let c = sandbox_config(&s);
        let m = c.metadata.unwrap();
        assert_eq!(
            (m.name.as_str(), m.uid.as_str(), m.attempt),
            ("web", "u1", 2)
        );
        assert_eq!(c.log_directory, "/var/log/pods/x");
        assert_eq!(c.linux.unwrap().cgroup_parent, "/rkpods/podu1");
        assert_eq!(c.port_mappings[0].protocol, cri::Protocol::Udp as i32);
        assert_eq!(c.port_mappings[0].host_port, 5353);
    }

    #[test]
    fn container_config_maps_env_mounts_resources_and_security() {
        let c = ContainerConfig {
            name: "app".into(),
            image: "localhost/rk/busybox:1".into(),
            envs: vec![("A".into(), "1".into())],
            mounts: vec![Mount {
                container_path: "/data".into(),
                host_path: "/tmp/x".into(),
                readonly: true,
            }],
            log_path: "app/0.log".into(),
            resources: Resources {
                memory_limit_bytes: 64 << 20,
                cpu_shares: 512,
                ..Default::default()
            },
            security: crate::runtime::SecurityConfig {
                run_as_user: Some(1000),
                capabilities_drop: vec!["ALL".into()],
                ..Default::default()
            },
            ..Default::default()
        };
        let out = container_config(&c, &SandboxConfig::default());
        assert_eq!(out.envs[0].key, "A");
        assert!(out.mounts[0].readonly);
        assert_eq!(out.log_path, "app/0.log");
        let linux = out.linux.unwrap();
        assert_eq!(linux.resources.unwrap().memory_limit_in_bytes, 64 << 20);
        let sec = linux.security_context.unwrap();
        assert_eq!(sec.run_as_user.unwrap().value, 1000);
        assert_eq!(sec.capabilities.unwrap().drop_capabilities, vec!["ALL"]);
        assert_eq!(out.labels["io.kubernetes.container.name"], "app");
    }

    #[test]
    fn statuses_keep_exit_codes_and_reasons_and_turn_nanoseconds_into_seconds() {
        let s = cri::ContainerStatus {
            id: "c1".into(),
            metadata: Some(cri::ContainerMetadata {
                name: "app".into(),
                attempt: 1,
            }),
            state: cri::ContainerState::ContainerExited as i32,
            created_at: 1_700_000_000_123_456_789,
            finished_at: 1_700_000_005_999_999_999,
            exit_code: 137,
            reason: "OOMKilled".into(),
            ..Default::default()
        };
        let c = container_status("s1", &s);
        assert_eq!(c.state, ContainerState::Exited);
        assert_eq!((c.exit_code, c.reason.as_str()), (137, "OOMKilled"));
        assert_eq!(
            (c.created_at, c.finished_at),
            (1_700_000_000, 1_700_000_005)
        );
        assert_eq!(
            container_state(cri::ContainerState::ContainerUnknown as i32),
            ContainerState::Exited
        );
    }
}
