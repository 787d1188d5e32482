//! `rkctl run NAME --image=…` (a Pod as kubectl 1.33 builds it) and `rkctl expose TYPE NAME`
//! (a Service selecting what the object selects, on its ports or `--port`).

use clap::Args;
use serde_json::{Map, Value, json};

use crate::client::Ctx;
use crate::commands::common;
use crate::commands::generate::{GenFlags, Made, send, send_saying};
use crate::error::{Error, Result};

#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// NAME
    pub name: Option<String>,
    /// The image for the container to run.
    #[arg(long)]
    pub image: Option<String>,
    /// The port that this container exposes.
    #[arg(long)]
    pub port: Option<String>,
    /// Comma separated labels to apply to the pod. Will override previous values.
    #[arg(short = 'l', long)]
    pub labels: Option<String>,
    /// Environment variables to set in the container.
    #[arg(long)]
    pub env: Vec<String>,
    /// The restart policy for this Pod. Legal values [Always, OnFailure, Never].
    #[arg(long, default_value = "Always")]
    pub restart: String,
    /// If true and extra arguments are present, use them as the 'command' field in the container.
    #[arg(long)]
    pub command: bool,
    /// The image pull policy for the container.
    #[arg(long)]
    pub image_pull_policy: Option<String>,
    /// Annotations to apply to the pod.
    #[arg(long)]
    pub annotations: Vec<String>,
    #[command(flatten)]
    pub flags: GenFlags,
    /// Arguments (or with --command, the command) after `--`.
    #[arg(last = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug, Clone)]
pub struct ExposeArgs {
    /// (TYPE NAME | TYPE/NAME)
    pub resources: Vec<String>,
    /// The port that the service should serve on.
    #[arg(long)]
    pub port: Option<String>,
    /// Name or number for the port on the container that the service should direct traffic to.
    #[arg(long)]
    pub target_port: Option<String>,
    /// The name for the newly created object.
    #[arg(long)]
    pub name: Option<String>,
    /// Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName.
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// The network protocol for the service to be created.
    #[arg(long)]
    pub protocol: Option<String>,
    /// A label selector to use for this service.
    #[arg(long)]
    pub selector: Option<String>,
    /// Labels to apply to the service created by this call.
    #[arg(short = 'l', long)]
    pub labels: Option<String>,
    /// ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.
    #[arg(long)]
    pub cluster_ip: Option<String>,
    #[command(flatten)]
    pub flags: GenFlags,
}

fn pairs(s: &str) -> Result<Map<String, Value>> {
    let mut m = Map::new();
    for p in s.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("invalid label spec: {p}")))?;
        m.insert(k.to_string(), json!(v));
    }
    Ok(m)
}

/// The Pod `kubectl run` creates.
pub fn pod(a: &RunArgs, name: &str, image: &str) -> Result<Value> {
    let labels = match &a.labels {
        Some(l) => pairs(l)?,
        None => {
            let mut m = Map::new();
            m.insert("run".into(), json!(name));
            m
        }
    };
    let mut c = json!({"name": name, "image": image, "resources": {}});
    if !a.args.is_empty() {
        c[if a.command { "command" } else { "args" }] = json!(a.args);
    }
    if let Some(p) = &a.port {
        let n: i64 = p
            .parse()
            .map_err(|_| Error::Usage(format!("invalid port: {p}")))?;
        c["ports"] = json!([{"containerPort": n}]);
    }
    if !a.env.is_empty() {
        let env: Vec<Value> = a
            .env
            .iter()
            .map(|e| {
                let (k, v) = e.split_once('=').unwrap_or((e, ""));
                json!({"name": k, "value": v})
            })
            .collect();
        c["env"] = json!(env);
    }
    if let Some(p) = &a.image_pull_policy {
        c["imagePullPolicy"] = json!(p);
    }
    if !matches!(a.restart.as_str(), "Always" | "OnFailure" | "Never") {
        return Err(Error::Usage(format!(
            "invalid restart policy: {}",
            a.restart
        )));
    }
    let mut metadata = json!({"name": name, "creationTimestamp": null, "labels": labels});
    if !a.annotations.is_empty() {
        let mut m = Map::new();
        for an in &a.annotations {
            let (k, v) = an.split_once('=').unwrap_or((an, ""));
            m.insert(k.to_string(), json!(v));
        }
        metadata["annotations"] = Value::Object(m);
    }
    Ok(json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": metadata,
        "spec": {"containers": [c], "restartPolicy": a.restart, "dnsPolicy": "ClusterFirst"},
        "status": {},
    }))
}

pub async fn run(ctx: &Ctx, a: &RunArgs) -> Result<()> {
    let Some(name) = &a.name else {
        return Err(Error::Usage(
            "NAME is required for run\nSee 'rkctl run -h' for help and examples".into(),
        ));
    };
    let Some(image) = &a.image else {
        return Err(Error::Usage("--image is required".into()));
    };
    let made = Made {
        prefix: "pod",
        api: "/api/v1",
        plural: "pods",
        namespaced: true,
        object: pod(a, name, image)?,
        fail: None,
    };
    send(ctx, &a.flags, made).await
}

/// A Service's selector and its `(port, protocol)` pairs.
pub type Exposed = (Map<String, Value>, Vec<(i64, String)>);

/// The selector and ports a Service for `o` takes, as kubectl's `expose` reads them.
pub fn exposable(o: &Value) -> Result<Exposed> {
    let kind = o["kind"].as_str().unwrap_or_default();
    let selector = match kind {
        "Pod" => o["metadata"]["labels"].as_object().cloned(),
        "Service" | "ReplicationController" => o["spec"]["selector"].as_object().cloned(),
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" => {
            if o["spec"]["selector"]["matchExpressions"].is_array() {
                return Err(Error::Usage(
                    "couldn't retrieve selectors via --selector flag or introspection: the selector has match expressions, which expose cannot use".into(),
                ));
            }
            o["spec"]["selector"]["matchLabels"].as_object().cloned()
        }
        _ => {
            return Err(Error::Usage(format!("cannot expose a {kind}")));
        }
    };
    let selector = selector.unwrap_or_default();
    let ports: Vec<(i64, String)> = if kind == "Service" {
        o["spec"]["ports"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                (
                    p["port"].as_i64().unwrap_or(0),
                    p["protocol"].as_str().unwrap_or("TCP").to_string(),
                )
            })
            .collect()
    } else {
        let spec = if kind == "Pod" {
            &o["spec"]
        } else {
            &o["spec"]["template"]["spec"]
        };
        spec["containers"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["ports"].as_array().cloned().unwrap_or_default())
            .map(|p| {
                (
                    p["containerPort"].as_i64().unwrap_or(0),
                    p["protocol"].as_str().unwrap_or("TCP").to_string(),
                )
            })
            .collect()
    };
    Ok((selector, ports))
}

pub async fn expose(ctx: &Ctx, a: &ExposeArgs) -> Result<()> {
    common::check_dry_run(&a.flags.dry_run)?;
    let targets = common::targets(ctx, &a.resources).await?;
    for t in targets {
        let o = ctx.get_json(&t.path(), "application/json").await?;
        let (mut selector, mut ports) = exposable(&o)?;
        if let Some(s) = &a.selector {
            selector = pairs(s)?;
        }
        if let Some(p) = &a.port {
            let n: i64 = p
                .parse()
                .map_err(|_| Error::Usage(format!("invalid port: {p}")))?;
            ports = vec![(n, a.protocol.clone().unwrap_or_else(|| "TCP".into()))];
        }
        if ports.is_empty() {
            return Err(Error::Usage(
                "couldn't find port via --port flag or introspection\nSee 'rkctl expose -h' for help and examples".into(),
            ));
        }
        let many = ports.len() > 1;
        let ports: Vec<Value> = ports
            .iter()
            .enumerate()
            .map(|(i, (port, proto))| {
                let proto = a.protocol.clone().unwrap_or_else(|| proto.clone());
                let target = match &a.target_port {
                    Some(tp) => tp
                        .parse::<i64>()
                        .map(|n| json!(n))
                        .unwrap_or_else(|_| json!(tp)),
                    None => json!(port),
                };
                let mut p = json!({"port": port, "protocol": proto, "targetPort": target});
                if many {
                    p["name"] = json!(format!("port-{}", i + 1));
                }
                p
            })
            .collect();
        let name = a.name.clone().unwrap_or_else(|| t.name.clone());
        let mut metadata = json!({"name": name, "creationTimestamp": null});
        let labels = match &a.labels {
            Some(l) => Some(pairs(l)?),
            None => o["metadata"]["labels"]
                .as_object()
                .cloned()
                .filter(|m| !m.is_empty()),
        };
        if let Some(l) = labels {
            metadata["labels"] = Value::Object(l);
        }
        let mut spec = json!({"ports": ports, "selector": selector});
        if let Some(k) = &a.kind {
            spec["type"] = json!(k);
        }
        if let Some(ip) = &a.cluster_ip {
            spec["clusterIP"] = json!(ip);
        }
        let object = json!({"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec, "status": {"loadBalancer": {}}});
        let made = Made {
            prefix: "service",
            api: "/api/v1",
            plural: "services",
            namespaced: true,
            object,
            fail: None,
        };
        send_saying(ctx, &a.flags, made, "exposed").await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployments_expose_their_match_labels_and_container_ports() {
        let d = json!({"kind": "Deployment", "spec": {"selector": {"matchLabels": {"app": "web"}},
            "template": {"spec": {"containers": [{"ports": [{"containerPort": 80}, {"containerPort": 53, "protocol": "UDP"}]}]}}}});
        let (sel, ports) = exposable(&d).unwrap();
        assert_eq!(sel["app"], "web");
        assert_eq!(
            ports,
            vec![(80, "TCP".to_string()), (53, "UDP".to_string())]
        );
        assert!(exposable(&json!({"kind": "ConfigMap"})).is_err());
    }
}
