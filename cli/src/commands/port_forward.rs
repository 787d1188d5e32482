//! `rkctl port-forward TYPE/NAME|POD [LOCAL:]REMOTE… [--address A,…]`: kubectl's port-forward
//! ("Forwarding from 127.0.0.1:N -> M", "Handling connection for N"), one WebSocket
//! (`v4.channel.k8s.io` port-forward channels, through kube) per local connection.
//!
//! **Durable** (issue 10): for a service or workload — or a pod with a controlling owner — the
//! target is followed: when its pod goes away (deleted, being deleted, no longer running) the
//! next ready pod of the same selector takes over ("Re-attached to pod/NEW …"), and connections
//! accepted meanwhile wait for it. A bare pod ends as kubectl does: "lost connection to pod".
//! For a service, each service port maps to its targetPort (by number, or by name through the
//! chosen pod's container ports) again for every pod chosen.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use k8s_openapi::api::core::v1::Pod;
use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::client::{Ctx, encode};
use crate::commands::exec::{get_pod, get_workload, is_ready, pods_matching, selector_of};
use crate::error::{Error, Result};

/// How often the forwarded pod is checked.
const CHECK_EVERY: Duration = Duration::from_secs(1);

#[derive(Args, Debug, Clone)]
pub struct PortForwardArgs {
    /// The pod or TYPE/NAME (svc/x, deploy/x, rs/x, sts/x, ds/x, job/x, rc/x).
    pub target: String,
    /// [LOCAL_PORT:]REMOTE_PORT, or :REMOTE_PORT for a random local port.
    #[arg(required = true)]
    pub ports: Vec<String>,
    /// Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value.
    #[arg(long, value_delimiter = ',', default_value = "localhost")]
    pub address: Vec<String>,
}

/// One requested mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortSpec {
    /// 0: pick a free one.
    pub local: u16,
    /// The port asked for (a service port for services).
    pub remote: u16,
}

/// `8080`, `9000:8080`, `:8080` (kubectl's forms and messages).
pub fn parse_port(s: &str) -> Result<PortSpec> {
    let (local, remote) = match s.split_once(':') {
        Some((l, r)) => (l, r),
        None => (s, s),
    };
    let remote = parse_uint16(remote)
        .map_err(|e| Error::Usage(format!("error parsing remote port '{remote}': {e}")))?;
    if remote == 0 {
        return Err(Error::Usage("remote port must be > 0".into()));
    }
    let local = if local.is_empty() {
        0
    } else {
        parse_uint16(local)
            .map_err(|e| Error::Usage(format!("error parsing local port '{local}': {e}")))?
    };
    Ok(PortSpec { local, remote })
}

/// Go's `strconv.ParseUint(s, 10, 16)`, with its error text.
fn parse_uint16(s: &str) -> std::result::Result<u16, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.ParseUint: parsing {s:?}: invalid syntax"));
    }
    s.parse::<u16>()
        .map_err(|_| format!("strconv.ParseUint: parsing {s:?}: value out of range"))
}

/// Where connections go now: a pod and, per requested port, the pod's port.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    pod: String,
    pod_ports: Vec<u16>,
}

/// How the forwarded pod is found again.
#[derive(Debug, Clone)]
enum Follow {
    /// A bare pod: when it goes, forwarding ends.
    Pod,
    /// Pods of this selector; a service also maps its ports.
    Selector {
        selector: String,
        service: Option<Value>,
    },
}

pub async fn command(ctx: &Ctx, args: &PortForwardArgs) -> Result<()> {
    let specs: Vec<PortSpec> = args
        .ports
        .iter()
        .map(|p| parse_port(p))
        .collect::<Result<_>>()?;
    let ns = ctx.namespace.clone();
    let (follow, pod) = resolve(ctx, &ns, &args.target).await?;
    let phase = pod["status"]["phase"].as_str().unwrap_or_default();
    if phase != "Running" {
        return Err(Error::Usage(format!(
            "unable to forward port because pod is not running. Current status={phase}"
        )));
    }
    let first = target_for(&pod, &follow, &specs)?;
    let (tx, rx) = watch::channel(Some(first.clone()));
    let listeners = listen(&args.address, &specs, &first.pod_ports).await?;
    let ctx = Arc::new(ctx_clone(ctx));
    for (listener, index, local) in listeners {
        let (ctx, rx, ns) = (ctx.clone(), rx.clone(), ns.clone());
        tokio::spawn(accept(ctx, ns, listener, index, local, rx));
    }
    follow_pod(&ctx, &ns, follow, &specs, tx).await
}

fn ctx_clone(ctx: &Ctx) -> Ctx {
    Ctx {
        flags: ctx.flags.clone(),
        client: ctx.client.clone(),
        config: ctx.config.clone(),
        namespace: ctx.namespace.clone(),
    }
}

/// The target's pod and how to follow it.
async fn resolve(ctx: &Ctx, ns: &str, target: &str) -> Result<(Follow, Value)> {
    if let Some(obj) = get_workload(ctx, ns, target).await? {
        let selector = selector_of(&obj).ok_or_else(|| {
            Error::Usage(format!(
                "cannot attach to {target}: the object has no pod selector"
            ))
        })?;
        let service = (obj["kind"] == "Service").then(|| obj.clone());
        let pods = pods_matching(ctx, ns, &selector).await?;
        let pod = pick_ready(&pods)
            .or_else(|| crate::commands::exec::best_pod(&pods))
            .cloned()
            .ok_or_else(|| {
                Error::Usage(format!("no pods found for {target} (selector {selector})"))
            })?;
        return Ok((Follow::Selector { selector, service }, pod));
    }
    let name = target.rsplit_once('/').map_or(target, |(_, n)| n);
    let pod = get_pod(ctx, ns, name).await?;
    let follow = match owner_selector(ctx, ns, &pod).await {
        Some(selector) => Follow::Selector {
            selector,
            service: None,
        },
        None => Follow::Pod,
    };
    Ok((follow, pod))
}

/// The selector of a pod's controlling workload (a ReplicaSet's Deployment when it has one).
async fn owner_selector(ctx: &Ctx, ns: &str, pod: &Value) -> Option<String> {
    let mut owner = controller_of(pod)?;
    for _ in 0..2 {
        let spec = format!("{}/{}", owner.0.to_ascii_lowercase(), owner.1);
        let obj = get_workload(ctx, ns, &spec).await.ok()??;
        if let Some(up) = controller_of(&obj).filter(|(k, _)| k == "Deployment") {
            owner = up;
            continue;
        }
        return selector_of(&obj);
    }
    None
}

fn controller_of(obj: &Value) -> Option<(String, String)> {
    obj["metadata"]["ownerReferences"]
        .as_array()?
        .iter()
        .find(|o| o["controller"] == true)
        .and_then(|o| {
            Some((
                o["kind"].as_str()?.to_string(),
                o["name"].as_str()?.to_string(),
            ))
        })
}

fn pick_ready(pods: &[Value]) -> Option<&Value> {
    let ready: Vec<Value> = pods
        .iter()
        .filter(|p| {
            p["metadata"]["deletionTimestamp"].is_null()
                && p["status"]["phase"] == "Running"
                && is_ready(p)
        })
        .cloned()
        .collect();
    let best = crate::commands::exec::best_pod(&ready)?;
    pods.iter()
        .find(|p| p["metadata"]["name"] == best["metadata"]["name"])
}

/// Maps the requested ports onto `pod` (a service's targetPorts).
fn target_for(pod: &Value, follow: &Follow, specs: &[PortSpec]) -> Result<Target> {
    let name = pod["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let service = match follow {
        Follow::Selector {
            service: Some(s), ..
        } => Some(s),
        _ => None,
    };
    let pod_ports = specs
        .iter()
        .map(|s| match service {
            Some(svc) => service_target_port(svc, pod, s.remote),
            None => Ok(s.remote),
        })
        .collect::<Result<_>>()?;
    Ok(Target {
        pod: name,
        pod_ports,
    })
}

/// kubectl's translation of a service port to the pod's port.
pub fn service_target_port(svc: &Value, pod: &Value, port: u16) -> Result<u16> {
    let name = svc["metadata"]["name"].as_str().unwrap_or_default();
    let sp = svc["spec"]["ports"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["port"].as_u64() == Some(u64::from(port)))
        .ok_or_else(|| {
            Error::Usage(format!(
                "Service {name} does not have a service port {port}"
            ))
        })?;
    match &sp["targetPort"] {
        Value::Number(n) => Ok(n
            .as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| *n > 0)
            .unwrap_or(port)),
        Value::String(named) => {
            if let Ok(n) = named.parse::<u16>() {
                return Ok(n);
            }
            pod["spec"]["containers"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|c| c["ports"].as_array().into_iter().flatten())
                .find(|p| p["name"] == named.as_str())
                .and_then(|p| p["containerPort"].as_u64())
                .and_then(|n| u16::try_from(n).ok())
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "Pod '{}' does not have a named port '{named}'",
                        pod["metadata"]["name"].as_str().unwrap_or_default()
                    ))
                })
        }
        _ => Ok(port),
    }
}

/// Binds every address for every port; prints kubectl's "Forwarding from" lines.
async fn listen(
    addresses: &[String],
    specs: &[PortSpec],
    pod_ports: &[u16],
) -> Result<Vec<(TcpListener, usize, u16)>> {
    let mut out = Vec::new();
    for (index, spec) in specs.iter().enumerate() {
        let mut local = spec.local;
        for address in addresses {
            let ips: Vec<IpAddr> = if address == "localhost" {
                vec![
                    IpAddr::V4(Ipv4Addr::LOCALHOST),
                    IpAddr::V6(Ipv6Addr::LOCALHOST),
                ]
            } else {
                vec![
                    address
                        .parse()
                        .map_err(|_| Error::Usage(format!("{address} is not a valid IP")))?,
                ]
            };
            let localhost = address == "localhost";
            for ip in ips {
                match TcpListener::bind(SocketAddr::new(ip, local)).await {
                    Ok(l) => {
                        let bound = l.local_addr().map(|a| a.port()).unwrap_or(local);
                        local = bound;
                        let shown = match ip {
                            IpAddr::V4(v4) => format!("{v4}:{bound}"),
                            IpAddr::V6(v6) => format!("[{v6}]:{bound}"),
                        };
                        let remote = pod_ports.get(index).copied().unwrap_or(spec.remote);
                        println!("Forwarding from {shown} -> {remote}");
                        out.push((l, index, bound));
                    }
                    // kubectl goes on when ::1 is missing for "localhost".
                    Err(_) if localhost && ip.is_ipv6() => {}
                    Err(e) => {
                        return Err(Error::Usage(format!(
                            "Unable to listen on port {local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp{} {ip}:{local}: bind: {e}]",
                            if ip.is_ipv6() { "6" } else { "4" }
                        )));
                    }
                }
            }
        }
    }
    if out.is_empty() {
        return Err(Error::Usage(
            "unable to listen on any of the requested ports".into(),
        ));
    }
    Ok(out)
}

async fn accept(
    ctx: Arc<Ctx>,
    ns: String,
    listener: TcpListener,
    index: usize,
    local: u16,
    rx: watch::Receiver<Option<Target>>,
) {
    loop {
        let Ok((conn, _)) = listener.accept().await else {
            continue;
        };
        println!("Handling connection for {local}");
        let (ctx, ns, rx) = (ctx.clone(), ns.clone(), rx.clone());
        tokio::spawn(async move {
            if let Err(e) = forward(&ctx, &ns, conn, index, local, rx).await {
                eprintln!("error: an error occurred forwarding {local}: {e}");
            }
        });
    }
}

/// One local connection: waits for a target (while a pod is being replaced), then splices.
async fn forward(
    ctx: &Ctx,
    ns: &str,
    mut conn: TcpStream,
    index: usize,
    local: u16,
    mut rx: watch::Receiver<Option<Target>>,
) -> std::result::Result<(), String> {
    let target = rx
        .wait_for(Option::is_some)
        .await
        .map_err(|_| "forwarding has ended".to_string())?
        .clone()
        .ok_or("no pod")?;
    let port = target.pod_ports.get(index).copied().ok_or("no port")?;
    let api: kube::Api<Pod> = kube::Api::namespaced(ctx.client.clone(), ns);
    let mut pf = api
        .portforward(&target.pod, &[port])
        .await
        .map_err(|e| format!("{local} -> {port}: {e}"))?;
    let mut upstream = pf.take_stream(port).ok_or("no stream")?;
    let error = pf.take_error(port);
    let copied = tokio::io::copy_bidirectional(&mut conn, &mut upstream).await;
    drop(upstream);
    if let Some(error) = error
        && let Ok(Some(message)) = tokio::time::timeout(Duration::from_millis(200), error).await
    {
        return Err(format!(
            "{local} -> {port}: error forwarding port {port} to pod {}: {message}",
            target.pod
        ));
    }
    let _ = copied;
    Ok(())
}

/// Watches the forwarded pod; re-attaches (durable targets) or ends (a bare pod) when it goes.
async fn follow_pod(
    ctx: &Ctx,
    ns: &str,
    follow: Follow,
    specs: &[PortSpec],
    tx: watch::Sender<Option<Target>>,
) -> Result<()> {
    let mut current = tx.borrow().clone();
    let mut last = current.as_ref().map(|t| t.pod.clone()).unwrap_or_default();
    loop {
        tokio::time::sleep(CHECK_EVERY).await;
        if let Some(t) = &current {
            if pod_alive(ctx, ns, &t.pod).await {
                continue;
            }
            match &follow {
                Follow::Pod => return Err(Error::Usage("lost connection to pod".into())),
                Follow::Selector { .. } => {
                    current = None;
                    tx.send_replace(None);
                }
            }
        }
        let Follow::Selector { selector, .. } = &follow else {
            continue;
        };
        let Ok(pods) = pods_matching(ctx, ns, selector).await else {
            continue;
        };
        let Some(pod) = pick_ready(&pods) else {
            continue;
        };
        match target_for(pod, &follow, specs) {
            Ok(t) => {
                println!("Re-attached to pod/{} (pod/{last} went away)", t.pod);
                last = t.pod.clone();
                current = Some(t.clone());
                tx.send_replace(Some(t));
            }
            Err(e) => eprintln!("{e}"),
        }
    }
}

/// The pod exists, is not being deleted and runs.
async fn pod_alive(ctx: &Ctx, ns: &str, name: &str) -> bool {
    let path = format!("/api/v1/namespaces/{}/pods/{}", encode(ns), encode(name));
    match ctx.get_json(&path, "application/json").await {
        Ok(p) => p["metadata"]["deletionTimestamp"].is_null() && p["status"]["phase"] == "Running",
        // Only a NotFound means gone; a transport hiccup keeps the target.
        Err(e) => e.reason() != Some("NotFound"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn port_forms_parse_as_kubectl_reads_them() {
        assert_eq!(
            parse_port("8080").unwrap(),
            PortSpec {
                local: 8080,
                remote: 8080
            }
        );
        assert_eq!(
            parse_port("9000:80").unwrap(),
            PortSpec {
                local: 9000,
                remote: 80
            }
        );
        assert_eq!(
            parse_port(":80").unwrap(),
            PortSpec {
                local: 0,
                remote: 80
            }
        );
        assert_eq!(
            parse_port("x:80").unwrap_err().to_string(),
            "error: error parsing local port 'x': strconv.ParseUint: parsing \"x\": invalid syntax"
        );
        assert_eq!(
            parse_port("99999:1").unwrap_err().to_string(),
            "error: error parsing local port '99999': strconv.ParseUint: parsing \"99999\": value out of range"
        );
        assert_eq!(
            parse_port("1:0").unwrap_err().to_string(),
            "error: remote port must be > 0"
        );
    }

    #[test]
    fn a_service_port_maps_to_its_target_port_by_number_or_name() {
        let svc = json!({"metadata": {"name": "web"}, "spec": {"ports": [
            {"port": 80, "targetPort": 8080},
            {"port": 81, "targetPort": "http"}
        ]}});
        let pod = json!({"metadata": {"name": "p"}, "spec": {"containers": [
            {"name": "c", "ports": [{"name": "http", "containerPort": 9090}]}
        ]}});
        assert_eq!(service_target_port(&svc, &pod, 80).unwrap(), 8080);
        assert_eq!(service_target_port(&svc, &pod, 81).unwrap(), 9090);
        assert_eq!(
            service_target_port(&svc, &pod, 82).unwrap_err().to_string(),
            "error: Service web does not have a service port 82"
        );
    }

    #[test]
    fn only_ready_running_pods_that_are_not_being_deleted_take_over() {
        let pods = vec![
            json!({"metadata": {"name": "old", "deletionTimestamp": "2024-01-01T00:00:00Z"},
                   "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}}),
            json!({"metadata": {"name": "new"},
                   "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}}),
        ];
        assert_eq!(pick_ready(&pods).unwrap()["metadata"]["name"], "new");
        assert!(pick_ready(&pods[..1]).is_none());
    }
}
