//! `rkctl create <kind> NAME …` generators: each builds the object kubectl 1.33 builds (the same
//! fields, so `--dry-run=client -o yaml` prints the same document) and POSTs it with
//! `fieldManager=kubectl-create`, printing `deployment.apps/web created`.

use base64::Engine;
use clap::{Args, Subcommand};
use serde_json::{Map, Value, json};

use crate::client::{Ctx, with_query};
use crate::commands::common;
use crate::error::{Error, Result};

#[derive(Args, Debug, Clone)]
pub struct GenFlags {
    /// Must be "none", "server", or "client".
    #[arg(long, default_value = "none", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: String,
    /// Output format.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
    /// Name of the manager used to track field ownership.
    #[arg(long, default_value = "kubectl-create")]
    pub field_manager: String,
}

#[derive(Args, Debug, Clone)]
pub struct Named {
    /// NAME
    pub name: Option<String>,
    #[command(flatten)]
    pub flags: GenFlags,
}

#[derive(Subcommand, Debug, Clone)]
pub enum CreateCommand {
    /// Create a deployment with the specified name.
    #[command(visible_alias = "deploy")]
    Deployment(DeploymentArgs),
    /// Create a config map from a local file, directory or literal value.
    #[command(visible_alias = "cm")]
    Configmap(DataArgs),
    /// Create a secret using a specified subcommand.
    #[command(subcommand)]
    Secret(SecretCommand),
    /// Create a service using a specified subcommand.
    #[command(subcommand, visible_alias = "svc")]
    Service(ServiceCommand),
    /// Create a namespace with the specified name.
    #[command(visible_alias = "ns")]
    Namespace(Named),
    /// Create a service account with the specified name.
    #[command(visible_alias = "sa")]
    Serviceaccount(Named),
    /// Create a job with the specified name.
    Job(JobArgs),
    /// Create a cron job with the specified name.
    #[command(visible_alias = "cj")]
    Cronjob(JobArgs),
    /// Create a role with single rule.
    Role(RoleArgs),
    /// Create a cluster role.
    Clusterrole(RoleArgs),
    /// Create a role binding for a particular role or cluster role.
    Rolebinding(BindingArgs),
    /// Create a cluster role binding for a particular cluster role.
    Clusterrolebinding(BindingArgs),
    /// Create a pod disruption budget with the specified name.
    #[command(visible_alias = "pdb")]
    Poddisruptionbudget(PdbArgs),
    /// Create a priority class with the specified name.
    #[command(visible_alias = "pc")]
    Priorityclass(PriorityArgs),
    /// Create a quota with the specified name.
    #[command(visible_alias = "resourcequota")]
    Quota(QuotaArgs),
    /// Create an ingress with the specified name.
    #[command(visible_alias = "ing")]
    Ingress(IngressArgs),
    /// Request a service account token.
    Token(TokenArgs),
}

#[derive(Args, Debug, Clone)]
pub struct DeploymentArgs {
    #[command(flatten)]
    pub named: Named,
    /// Image names to run. A deployment can have multiple images set for multi-container pod.
    #[arg(long)]
    pub image: Vec<String>,
    /// Number of replicas to create. Default is 1.
    #[arg(short = 'r', long, default_value_t = 1)]
    pub replicas: i64,
    /// The containerPort that this deployment exposes.
    #[arg(long, default_value_t = -1, allow_hyphen_values = true)]
    pub port: i64,
    /// A command and its arguments after `--`.
    #[arg(last = true)]
    pub command: Vec<String>,
}

#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    #[command(flatten)]
    pub named: Named,
    /// Specify a key and literal value to insert (i.e. mykey=somevalue).
    #[arg(long)]
    pub from_literal: Vec<String>,
    /// Key file can be specified using its file path, or an explicit key=path.
    #[arg(long)]
    pub from_file: Vec<String>,
    /// Specify the path to a file to read lines of key=val pairs.
    #[arg(long)]
    pub from_env_file: Vec<String>,
    /// The type of secret to create (secrets only).
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// Append a hash of the object to its name.
    #[arg(long)]
    pub append_hash: bool,
}

#[derive(Subcommand, Debug, Clone)]
pub enum SecretCommand {
    /// Create a secret from a local file, directory, or literal value.
    Generic(DataArgs),
    /// Create a TLS secret.
    Tls(TlsArgs),
    /// Create a secret for use with a Docker registry.
    DockerRegistry(DockerArgs),
}

#[derive(Args, Debug, Clone)]
pub struct TlsArgs {
    #[command(flatten)]
    pub named: Named,
    /// Path to PEM encoded public key certificate.
    #[arg(long)]
    pub cert: String,
    /// Path to private key associated with given certificate.
    #[arg(long)]
    pub key: String,
}

#[derive(Args, Debug, Clone)]
pub struct DockerArgs {
    #[command(flatten)]
    pub named: Named,
    #[arg(long, default_value = "https://index.docker.io/v1/")]
    pub docker_server: String,
    #[arg(long)]
    pub docker_username: Option<String>,
    #[arg(long)]
    pub docker_password: Option<String>,
    #[arg(long)]
    pub docker_email: Option<String>,
}

#[derive(Subcommand, Debug, Clone)]
pub enum ServiceCommand {
    /// Create a ClusterIP service.
    Clusterip(ServiceArgs),
    /// Create a NodePort service.
    Nodeport(ServiceArgs),
    /// Create a LoadBalancer service.
    Loadbalancer(ServiceArgs),
    /// Create an ExternalName service.
    Externalname(ServiceArgs),
}

#[derive(Args, Debug, Clone)]
pub struct ServiceArgs {
    #[command(flatten)]
    pub named: Named,
    /// Port pairs can be specified as '<port>:<targetPort>'.
    #[arg(long, value_delimiter = ',')]
    pub tcp: Vec<String>,
    /// Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing).
    #[arg(long)]
    pub clusterip: Option<String>,
    /// Port used to expose the service on each node in a cluster.
    #[arg(long, default_value_t = 0)]
    pub node_port: i64,
    /// External name of service.
    #[arg(long)]
    pub external_name: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct JobArgs {
    #[command(flatten)]
    pub named: Named,
    /// Image name to run.
    #[arg(long)]
    pub image: Option<String>,
    /// The name of the resource to create a Job from (only cronjob is supported).
    #[arg(long)]
    pub from: Option<String>,
    /// A schedule in the Cron format the job should be run with (cron jobs).
    #[arg(long)]
    pub schedule: Option<String>,
    /// job's restart policy (cron jobs): OnFailure, Never.
    #[arg(long)]
    pub restart: Option<String>,
    /// A command and its arguments after `--`.
    #[arg(last = true)]
    pub command: Vec<String>,
}

#[derive(Args, Debug, Clone)]
pub struct RoleArgs {
    #[command(flatten)]
    pub named: Named,
    /// Verb that applies to the resources contained in the rule.
    #[arg(long, value_delimiter = ',')]
    pub verb: Vec<String>,
    /// Resource that the rule applies to.
    #[arg(long, value_delimiter = ',')]
    pub resource: Vec<String>,
    /// Resource in the white list that the rule applies to.
    #[arg(long)]
    pub resource_name: Vec<String>,
    /// A partial url that user should have access to (cluster roles).
    #[arg(long, value_delimiter = ',')]
    pub non_resource_url: Vec<String>,
}

#[derive(Args, Debug, Clone)]
pub struct BindingArgs {
    #[command(flatten)]
    pub named: Named,
    /// ClusterRole this binding should reference.
    #[arg(long)]
    pub clusterrole: Option<String>,
    /// Role this RoleBinding should reference.
    #[arg(long)]
    pub role: Option<String>,
    /// Usernames to bind to the role.
    #[arg(long)]
    pub user: Vec<String>,
    /// Groups to bind to the role.
    #[arg(long)]
    pub group: Vec<String>,
    /// Service accounts to bind to the role, in the format <namespace>:<name>.
    #[arg(long)]
    pub serviceaccount: Vec<String>,
}

#[derive(Args, Debug, Clone)]
pub struct PdbArgs {
    #[command(flatten)]
    pub named: Named,
    /// A label selector to use for this budget.
    #[arg(long)]
    pub selector: Option<String>,
    /// The minimum number or percentage of available pods.
    #[arg(long)]
    pub min_available: Option<String>,
    /// The maximum number or percentage of unavailable pods.
    #[arg(long)]
    pub max_unavailable: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct PriorityArgs {
    #[command(flatten)]
    pub named: Named,
    #[arg(long, default_value_t = 0)]
    pub value: i64,
    #[arg(long, default_value_t = false, num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub global_default: bool,
    #[arg(long)]
    pub description: Option<String>,
    #[arg(long, default_value = "PreemptLowerPriority")]
    pub preemption_policy: String,
}

#[derive(Args, Debug, Clone)]
pub struct QuotaArgs {
    #[command(flatten)]
    pub named: Named,
    /// A comma-delimited set of resource=quantity pairs.
    #[arg(long)]
    pub hard: Option<String>,
    /// A comma-delimited set of quota scopes.
    #[arg(long)]
    pub scopes: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct IngressArgs {
    #[command(flatten)]
    pub named: Named,
    /// Rule in format host/path=service:port[,tls=secretname].
    #[arg(long)]
    pub rule: Vec<String>,
    /// Ingress Class to be used.
    #[arg(long)]
    pub class: Option<String>,
    /// Default service for backend, in format of svcname:port.
    #[arg(long)]
    pub default_backend: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct TokenArgs {
    /// SERVICE_ACCOUNT_NAME
    pub name: Option<String>,
    /// Requested lifetime of the issued token.
    #[arg(long)]
    pub duration: Option<String>,
    /// Audience of the requested token.
    #[arg(long)]
    pub audience: Vec<String>,
    /// Kind of an object to bind the token to (Pod, Secret, Node).
    #[arg(long)]
    pub bound_object_kind: Option<String>,
    /// Name of an object to bind the token to.
    #[arg(long)]
    pub bound_object_name: Option<String>,
}

/// What a generator made and where it goes.
pub struct Made {
    pub prefix: &'static str,
    /// `/api/v1` or `/apis/<group>/<version>`.
    pub api: &'static str,
    pub plural: &'static str,
    pub namespaced: bool,
    pub object: Value,
    /// kubectl's prefix for server errors (`failed to create configmap: `), if it adds one.
    pub fail: Option<String>,
}

fn name_of(n: &Named, cmd: &str) -> Result<String> {
    n.name.clone().ok_or_else(|| {
        Error::Usage(format!(
            "exactly one NAME is required, got 0\nSee 'rkctl create {cmd} -h' for help and examples"
        ))
    })
}

fn meta(name: &str) -> Value {
    json!({"name": name, "creationTimestamp": null})
}

/// kubectl's container name for an image: the last path part without tag or digest.
pub fn container_name(image: &str) -> String {
    let base = image.rsplit('/').next().unwrap_or(image);
    let base = base.split(['@', ':']).next().unwrap_or(base);
    base.replace('_', "-")
}

fn flags_of(cmd: &CreateCommand) -> Option<&GenFlags> {
    Some(match cmd {
        CreateCommand::Deployment(a) => &a.named.flags,
        CreateCommand::Configmap(a) => &a.named.flags,
        CreateCommand::Secret(SecretCommand::Generic(a)) => &a.named.flags,
        CreateCommand::Secret(SecretCommand::Tls(a)) => &a.named.flags,
        CreateCommand::Secret(SecretCommand::DockerRegistry(a)) => &a.named.flags,
        CreateCommand::Service(
            ServiceCommand::Clusterip(a)
            | ServiceCommand::Nodeport(a)
            | ServiceCommand::Loadbalancer(a)
            | ServiceCommand::Externalname(a),
        ) => &a.named.flags,
        CreateCommand::Namespace(a) | CreateCommand::Serviceaccount(a) => &a.flags,
        CreateCommand::Job(a) | CreateCommand::Cronjob(a) => &a.named.flags,
        CreateCommand::Role(a) | CreateCommand::Clusterrole(a) => &a.named.flags,
        CreateCommand::Rolebinding(a) | CreateCommand::Clusterrolebinding(a) => &a.named.flags,
        CreateCommand::Poddisruptionbudget(a) => &a.named.flags,
        CreateCommand::Priorityclass(a) => &a.named.flags,
        CreateCommand::Quota(a) => &a.named.flags,
        CreateCommand::Ingress(a) => &a.named.flags,
        CreateCommand::Token(_) => return None,
    })
}

pub async fn run(ctx: &Ctx, cmd: &CreateCommand) -> Result<()> {
    if let CreateCommand::Token(t) = cmd {
        return token(ctx, t).await;
    }
    let made = build(ctx, cmd).await?;
    let Some(flags) = flags_of(cmd) else {
        return Ok(());
    };
    send(ctx, flags, made).await
}

/// Creates (or, for `--dry-run=client`, only prints) a generated object.
pub async fn send(ctx: &Ctx, flags: &GenFlags, made: Made) -> Result<()> {
    send_saying(ctx, flags, made, "created").await
}

/// [`send`] with another verb (`expose` says `exposed`).
pub async fn send_saying(ctx: &Ctx, flags: &GenFlags, mut made: Made, verb: &str) -> Result<()> {
    common::check_dry_run(&flags.dry_run)?;
    let name = made.object["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if made.namespaced
        && let Some(ns) = &ctx.flags.namespace
    {
        made.object["metadata"]["namespace"] = json!(ns);
    }
    let suffix = common::dry_run_suffix(&flags.dry_run);
    if flags.dry_run == "client" {
        return common::print(
            flags.output.as_deref(),
            &made.object,
            made.prefix,
            &name,
            &format!("{verb}{suffix}"),
        );
    }
    let collection = if made.namespaced {
        format!("{}/namespaces/{}/{}", made.api, ctx.namespace, made.plural)
    } else {
        format!("{}/{}", made.api, made.plural)
    };
    let mut params = vec![("fieldManager", flags.field_manager.clone())];
    if flags.dry_run == "server" {
        params.push(("dryRun", "All".into()));
    }
    let created = ctx
        .send_json(
            http::Method::POST,
            &with_query(&collection, &params),
            "application/json",
            &made.object,
        )
        .await
        .map_err(|e| match (e, &made.fail) {
            (Error::Server(s), Some(fail)) => Error::Usage(format!("{fail}{}", s.message)),
            (e, _) => e,
        })?;
    let name = created["metadata"]["name"]
        .as_str()
        .unwrap_or(&name)
        .to_string();
    common::print(
        flags.output.as_deref(),
        &created,
        made.prefix,
        &name,
        &format!("{verb}{suffix}"),
    )
}

fn containers(name: &str, images: &[String], port: i64, command: &[String]) -> Vec<Value> {
    images
        .iter()
        .enumerate()
        .map(|(i, image)| {
            let cname = if name.is_empty() {
                container_name(image)
            } else {
                name.to_string()
            };
            let mut c = json!({"name": cname, "image": image, "resources": {}});
            if i == 0 && port >= 0 {
                c["ports"] = json!([{"containerPort": port}]);
            }
            if i == 0 && !command.is_empty() {
                c["command"] = json!(command);
            }
            c
        })
        .collect()
}

/// `key=value` pairs of `--from-literal`, `--from-file` and `--from-env-file`, in kubectl's rules.
fn data_pairs(a: &DataArgs) -> Result<Vec<(String, Vec<u8>)>> {
    if !a.from_env_file.is_empty() && (!a.from_file.is_empty() || !a.from_literal.is_empty()) {
        return Err(Error::Usage(
            "from-env-file cannot be combined with from-file or from-literal".into(),
        ));
    }
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut put = |k: String, v: Vec<u8>| -> Result<()> {
        if out.iter().any(|(x, _)| *x == k) {
            return Err(Error::Usage(format!(
                "cannot add key {k}, another key by that name already exists in Data for ConfigMap"
            )));
        }
        out.push((k, v));
        Ok(())
    };
    for l in &a.from_literal {
        let (k, v) = l.split_once('=').ok_or_else(|| {
            Error::Usage(format!("invalid literal source {l}, expected key=value"))
        })?;
        put(k.to_string(), v.as_bytes().to_vec())?;
    }
    for f in &a.from_file {
        let (key, path) = match f.split_once('=') {
            Some((k, p)) => (Some(k.to_string()), p.to_string()),
            None => (None, f.clone()),
        };
        let p = std::path::Path::new(&path);
        let read = |p: &std::path::Path| {
            std::fs::read(p).map_err(|source| Error::Io {
                context: format!("reading {}", p.display()),
                source,
            })
        };
        if p.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(p)
                .map_err(|source| Error::Io {
                    context: format!("reading {path}"),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|e| e.is_file())
                .collect();
            entries.sort();
            for e in entries {
                let k = e
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                put(k, read(&e)?)?;
            }
        } else {
            let k = key.unwrap_or_else(|| {
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            put(k, read(p)?)?;
        }
    }
    for f in &a.from_env_file {
        let text = std::fs::read_to_string(f).map_err(|source| Error::Io {
            context: format!("reading {f}"),
            source,
        })?;
        for line in text.lines() {
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.split_once('=') {
                Some((k, v)) => put(k.to_string(), v.as_bytes().to_vec())?,
                None => put(
                    line.to_string(),
                    std::env::var(line).unwrap_or_default().into_bytes(),
                )?,
            }
        }
    }
    Ok(out)
}

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn labels_from(s: &str) -> Result<Map<String, Value>> {
    let mut m = Map::new();
    for p in s.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("invalid label spec: {p}")))?;
        m.insert(k.to_string(), json!(v));
    }
    Ok(m)
}

fn int_or_string(s: &str) -> Value {
    s.parse::<i64>()
        .map(|n| json!(n))
        .unwrap_or_else(|_| json!(s))
}

/// Builds the object for a generator (no request is sent except `job --from`'s read).
pub async fn build(ctx: &Ctx, cmd: &CreateCommand) -> Result<Made> {
    Ok(match cmd {
        CreateCommand::Deployment(a) => {
            if a.image.is_empty() {
                return Err(Error::Usage("required flag(s) \"image\" not set".into()));
            }
            let name = name_of(&a.named, "deployment")?;
            let labels = json!({"app": name});
            Made {
                prefix: "deployment.apps",
                api: "/apis/apps/v1",
                plural: "deployments",
                namespaced: true,
                object: json!({
                    "apiVersion": "apps/v1", "kind": "Deployment",
                    "metadata": {"name": name, "creationTimestamp": null, "labels": labels},
                    "spec": {
                        "replicas": a.replicas,
                        "selector": {"matchLabels": labels},
                        "strategy": {},
                        "template": {
                            "metadata": {"creationTimestamp": null, "labels": labels},
                            "spec": {"containers": containers("", &a.image, a.port, &a.command)},
                        },
                    },
                    "status": {},
                }),
                fail: Some("failed to create deployment: ".into()),
            }
        }
        CreateCommand::Configmap(a) => {
            let name = name_of(&a.named, "configmap")?;
            let mut data = Map::new();
            let mut binary = Map::new();
            for (k, v) in data_pairs(a)? {
                match String::from_utf8(v) {
                    Ok(s) => data.insert(k, json!(s)),
                    Err(e) => binary.insert(k, json!(b64(e.as_bytes()))),
                };
            }
            let mut object =
                json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(&name)});
            if !data.is_empty() {
                object["data"] = Value::Object(data);
            }
            if !binary.is_empty() {
                object["binaryData"] = Value::Object(binary);
            }
            Made {
                prefix: "configmap",
                api: "/api/v1",
                plural: "configmaps",
                namespaced: true,
                object,
                fail: Some("failed to create configmap: ".into()),
            }
        }
        CreateCommand::Secret(s) => {
            let (name, data, kind) = match s {
                SecretCommand::Generic(a) => {
                    let name = name_of(&a.named, "secret generic")?;
                    let mut data = Map::new();
                    for (k, v) in data_pairs(a)? {
                        data.insert(k, json!(b64(&v)));
                    }
                    (name, data, a.kind.clone())
                }
                SecretCommand::Tls(a) => {
                    let name = name_of(&a.named, "secret tls")?;
                    let read = |p: &str| {
                        std::fs::read(p).map_err(|source| Error::Io {
                            context: format!("reading {p}"),
                            source,
                        })
                    };
                    let mut data = Map::new();
                    data.insert("tls.crt".into(), json!(b64(&read(&a.cert)?)));
                    data.insert("tls.key".into(), json!(b64(&read(&a.key)?)));
                    (name, data, Some("kubernetes.io/tls".into()))
                }
                SecretCommand::DockerRegistry(a) => {
                    let name = name_of(&a.named, "secret docker-registry")?;
                    let user = a.docker_username.clone().unwrap_or_default();
                    let pass = a.docker_password.clone().unwrap_or_default();
                    let q = |v: &str| serde_json::to_string(v).unwrap_or_default();
                    let mut entry = format!("\"username\":{},\"password\":{}", q(&user), q(&pass));
                    if let Some(e) = &a.docker_email {
                        entry.push_str(&format!(",\"email\":{}", q(e)));
                    }
                    entry.push_str(&format!(
                        ",\"auth\":{}",
                        q(&b64(format!("{user}:{pass}").as_bytes()))
                    ));
                    let config = format!("{{\"auths\":{{{}:{{{entry}}}}}}}", q(&a.docker_server));
                    let mut data = Map::new();
                    data.insert(".dockerconfigjson".into(), json!(b64(config.as_bytes())));
                    (name, data, Some("kubernetes.io/dockerconfigjson".into()))
                }
            };
            let mut object = json!({"apiVersion": "v1", "kind": "Secret", "metadata": meta(&name), "data": data});
            if let Some(k) = kind {
                object["type"] = json!(k);
            }
            Made {
                prefix: "secret",
                api: "/api/v1",
                plural: "secrets",
                namespaced: true,
                object,
                fail: Some("failed to create secret ".into()),
            }
        }
        CreateCommand::Service(s) => {
            let (a, kind) = match s {
                ServiceCommand::Clusterip(a) => (a, "ClusterIP"),
                ServiceCommand::Nodeport(a) => (a, "NodePort"),
                ServiceCommand::Loadbalancer(a) => (a, "LoadBalancer"),
                ServiceCommand::Externalname(a) => (a, "ExternalName"),
            };
            let name = name_of(&a.named, "service")?;
            let labels = json!({"app": name});
            let mut ports = Vec::new();
            for t in &a.tcp {
                let (port, target) = t.split_once(':').unwrap_or((t, t));
                let port_n: i64 = port
                    .parse()
                    .map_err(|_| Error::Usage(format!("invalid port: {t}")))?;
                let pname = if t.contains(':') {
                    format!("{port}-{target}")
                } else {
                    port.to_string()
                };
                let mut p = json!({"name": pname, "protocol": "TCP", "port": port_n, "targetPort": int_or_string(target)});
                if a.node_port > 0 {
                    p["nodePort"] = json!(a.node_port);
                }
                ports.push(p);
            }
            let mut spec = json!({"type": kind, "selector": labels});
            if !ports.is_empty() {
                spec["ports"] = json!(ports);
            }
            if let Some(ip) = &a.clusterip {
                spec["clusterIP"] = json!(ip);
            }
            if kind == "ExternalName" {
                spec = json!({"type": kind, "selector": labels, "externalName": a.external_name.clone().unwrap_or_default()});
                if !ports.is_empty() {
                    spec["ports"] = json!(ports);
                }
            }
            Made {
                prefix: "service",
                api: "/api/v1",
                plural: "services",
                namespaced: true,
                object: json!({
                    "apiVersion": "v1", "kind": "Service",
                    "metadata": {"name": name, "creationTimestamp": null, "labels": labels},
                    "spec": spec,
                    "status": {"loadBalancer": {}},
                }),
                fail: Some(format!("failed to create {kind} service: ")),
            }
        }
        CreateCommand::Namespace(a) => {
            let name = name_of(a, "namespace")?;
            Made {
                prefix: "namespace",
                api: "/api/v1",
                plural: "namespaces",
                namespaced: false,
                object: json!({"apiVersion": "v1", "kind": "Namespace", "metadata": meta(&name), "spec": {}, "status": {}}),
                fail: None,
            }
        }
        CreateCommand::Serviceaccount(a) => {
            let name = name_of(a, "serviceaccount")?;
            Made {
                prefix: "serviceaccount",
                api: "/api/v1",
                plural: "serviceaccounts",
                namespaced: true,
                object: json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(&name)}),
                fail: Some("failed to create serviceaccount: ".into()),
            }
        }
        CreateCommand::Job(a) => {
            let name = name_of(&a.named, "job")?;
            let object = match &a.from {
                Some(from) => job_from_cronjob(ctx, &name, from).await?,
                None => {
                    let image = a.image.clone().ok_or_else(|| {
                        Error::Usage("either --image or --from must be specified".into())
                    })?;
                    json!({
                        "apiVersion": "batch/v1", "kind": "Job", "metadata": meta(&name),
                        "spec": {"template": {"metadata": {"creationTimestamp": null}, "spec": {
                            "containers": containers(&name, &[image], -1, &a.command),
                            "restartPolicy": "Never",
                        }}},
                        "status": {},
                    })
                }
            };
            Made {
                prefix: "job.batch",
                api: "/apis/batch/v1",
                plural: "jobs",
                namespaced: true,
                object,
                fail: Some("failed to create job: ".into()),
            }
        }
        CreateCommand::Cronjob(a) => {
            let name = name_of(&a.named, "cronjob")?;
            let image = a
                .image
                .clone()
                .ok_or_else(|| Error::Usage("required flag(s) \"image\" not set".into()))?;
            let schedule = a
                .schedule
                .clone()
                .ok_or_else(|| Error::Usage("required flag(s) \"schedule\" not set".into()))?;
            Made {
                prefix: "cronjob.batch",
                api: "/apis/batch/v1",
                plural: "cronjobs",
                namespaced: true,
                object: json!({
                    "apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta(&name),
                    "spec": {
                        "schedule": schedule,
                        "jobTemplate": {"metadata": meta(&name), "spec": {"template": {
                            "metadata": {"creationTimestamp": null},
                            "spec": {
                                "containers": containers(&name, &[image], -1, &a.command),
                                "restartPolicy": a.restart.clone().unwrap_or_else(|| "OnFailure".into()),
                            },
                        }}},
                    },
                    "status": {},
                }),
                fail: Some("failed to create cronjob: ".into()),
            }
        }
        CreateCommand::Role(a) | CreateCommand::Clusterrole(a) => {
            let cluster = matches!(cmd, CreateCommand::Clusterrole(_));
            let name = name_of(&a.named, if cluster { "clusterrole" } else { "role" })?;
            let rules = role_rules(a)?;
            let (kind, prefix, plural) = if cluster {
                (
                    "ClusterRole",
                    "clusterrole.rbac.authorization.k8s.io",
                    "clusterroles",
                )
            } else {
                ("Role", "role.rbac.authorization.k8s.io", "roles")
            };
            Made {
                prefix,
                api: "/apis/rbac.authorization.k8s.io/v1",
                plural,
                namespaced: !cluster,
                object: json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": meta(&name), "rules": rules}),
                fail: None,
            }
        }
        CreateCommand::Rolebinding(a) | CreateCommand::Clusterrolebinding(a) => {
            let cluster = matches!(cmd, CreateCommand::Clusterrolebinding(_));
            let name = name_of(
                &a.named,
                if cluster {
                    "clusterrolebinding"
                } else {
                    "rolebinding"
                },
            )?;
            let role_ref = match (&a.clusterrole, &a.role) {
                (Some(c), None) => {
                    json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": c})
                }
                (None, Some(r)) if !cluster => {
                    json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": r})
                }
                _ => {
                    return Err(Error::Usage(
                        "exactly one of clusterrole or role must be specified".into(),
                    ));
                }
            };
            let mut subjects = Vec::new();
            for u in &a.user {
                subjects.push(
                    json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": u}),
                );
            }
            for g in &a.group {
                subjects.push(
                    json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": g}),
                );
            }
            for s in &a.serviceaccount {
                let (ns, n) = s.split_once(':').ok_or_else(|| {
                    Error::Usage("serviceaccount must be <namespace>:<name>".to_string())
                })?;
                subjects.push(json!({"kind": "ServiceAccount", "namespace": ns, "name": n}));
            }
            let (kind, prefix, plural) = if cluster {
                (
                    "ClusterRoleBinding",
                    "clusterrolebinding.rbac.authorization.k8s.io",
                    "clusterrolebindings",
                )
            } else {
                (
                    "RoleBinding",
                    "rolebinding.rbac.authorization.k8s.io",
                    "rolebindings",
                )
            };
            let mut object = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": meta(&name), "roleRef": role_ref});
            if !subjects.is_empty() {
                object["subjects"] = json!(subjects);
            }
            Made {
                prefix,
                api: "/apis/rbac.authorization.k8s.io/v1",
                plural,
                namespaced: !cluster,
                object,
                fail: if cluster {
                    Some("failed to create clusterrolebinding: ".into())
                } else {
                    Some("failed to create rolebinding: ".into())
                },
            }
        }
        CreateCommand::Poddisruptionbudget(a) => {
            let name = name_of(&a.named, "poddisruptionbudget")?;
            let selector = a
                .selector
                .as_deref()
                .ok_or_else(|| Error::Usage("a selector must be specified".into()))?;
            let mut spec = json!({"selector": {"matchLabels": labels_from(selector)?}});
            match (&a.min_available, &a.max_unavailable) {
                (Some(m), None) => spec["minAvailable"] = int_or_string(m),
                (None, Some(m)) => spec["maxUnavailable"] = int_or_string(m),
                _ => {
                    return Err(Error::Usage(
                        "one of min-available or max-unavailable must be specified".into(),
                    ));
                }
            }
            Made {
                prefix: "poddisruptionbudget.policy",
                api: "/apis/policy/v1",
                plural: "poddisruptionbudgets",
                namespaced: true,
                object: json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": meta(&name), "spec": spec,
                    "status": {"currentHealthy": 0, "desiredHealthy": 0, "disruptionsAllowed": 0, "expectedPods": 0}}),
                fail: Some("failed to create poddisruptionbudgets: ".into()),
            }
        }
        CreateCommand::Priorityclass(a) => {
            let name = name_of(&a.named, "priorityclass")?;
            let mut object = json!({"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": meta(&name),
                "value": a.value, "preemptionPolicy": a.preemption_policy});
            if a.global_default {
                object["globalDefault"] = json!(true);
            }
            if let Some(d) = &a.description {
                object["description"] = json!(d);
            }
            Made {
                prefix: "priorityclass.scheduling.k8s.io",
                api: "/apis/scheduling.k8s.io/v1",
                plural: "priorityclasses",
                namespaced: false,
                object,
                fail: Some("failed to create priorityclass: ".into()),
            }
        }
        CreateCommand::Quota(a) => {
            let name = name_of(&a.named, "quota")?;
            let mut spec = json!({});
            if let Some(h) = &a.hard {
                spec["hard"] = Value::Object(labels_from(h)?);
            }
            if let Some(s) = &a.scopes {
                spec["scopes"] = json!(s.split(',').collect::<Vec<_>>());
            }
            Made {
                prefix: "resourcequota",
                api: "/api/v1",
                plural: "resourcequotas",
                namespaced: true,
                object: json!({"apiVersion": "v1", "kind": "ResourceQuota", "metadata": meta(&name), "spec": spec, "status": {}}),
                fail: Some("failed to create quota: ".into()),
            }
        }
        CreateCommand::Ingress(a) => {
            let name = name_of(&a.named, "ingress")?;
            Made {
                prefix: "ingress.networking.k8s.io",
                api: "/apis/networking.k8s.io/v1",
                plural: "ingresses",
                namespaced: true,
                object: ingress(&name, a)?,
                fail: Some("failed to create ingress: ".into()),
            }
        }
        CreateCommand::Token(_) => {
            return Err(Error::Usage("token is not a generated object".into()));
        }
    })
}

fn role_rules(a: &RoleArgs) -> Result<Vec<Value>> {
    if a.verb.is_empty() {
        return Err(Error::Usage("at least one verb must be specified".into()));
    }
    let mut rules = Vec::new();
    if !a.resource.is_empty() {
        let mut by_group: Vec<(String, Vec<String>)> = Vec::new();
        for r in &a.resource {
            let (res, group) = r
                .split_once('.')
                .map(|(r, g)| (r.to_string(), g.to_string()))
                .unwrap_or((r.clone(), String::new()));
            match by_group.iter_mut().find(|(g, _)| *g == group) {
                Some((_, rs)) => rs.push(res),
                None => by_group.push((group, vec![res])),
            }
        }
        for (group, resources) in by_group {
            let mut rule = json!({"apiGroups": [group], "resources": resources, "verbs": a.verb});
            if !a.resource_name.is_empty() {
                rule["resourceNames"] = json!(a.resource_name);
            }
            rules.push(rule);
        }
    }
    if !a.non_resource_url.is_empty() {
        rules.push(json!({"nonResourceURLs": a.non_resource_url, "verbs": a.verb}));
    }
    if rules.is_empty() {
        return Err(Error::Usage(
            "at least one resource must be specified".into(),
        ));
    }
    Ok(rules)
}

fn backend(s: &str) -> Result<Value> {
    let (svc, port) = s
        .split_once(':')
        .ok_or_else(|| Error::Usage(format!("invalid backend: {s}")))?;
    let port = match port.parse::<i64>() {
        Ok(n) => json!({"number": n}),
        Err(_) => json!({"name": port}),
    };
    Ok(json!({"service": {"name": svc, "port": port}}))
}

fn ingress(name: &str, a: &IngressArgs) -> Result<Value> {
    let mut spec = json!({});
    if let Some(c) = &a.class {
        spec["ingressClassName"] = json!(c);
    }
    if let Some(d) = &a.default_backend {
        spec["defaultBackend"] = backend(d)?;
    }
    let mut rules: Vec<Value> = Vec::new();
    let mut tls: Vec<Value> = Vec::new();
    for r in &a.rule {
        let (rule, tls_part) = match r.split_once(",tls") {
            Some((x, t)) => (x, Some(t.strip_prefix('=').unwrap_or(""))),
            None => (r.as_str(), None),
        };
        let (hostpath, svc) = rule.split_once('=').ok_or_else(|| Error::Usage(format!("rule {r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]")))?;
        let (host, path) = match hostpath.find('/') {
            Some(i) => (&hostpath[..i], &hostpath[i..]),
            None => (hostpath, "/"),
        };
        let (path, path_type) = match path.strip_suffix('*') {
            Some(p) => (p, "Prefix"),
            None => (path, "Exact"),
        };
        let entry = json!({"backend": backend(svc)?, "path": path, "pathType": path_type});
        match rules.iter_mut().find(|x| x["host"] == host) {
            Some(existing) => {
                if let Some(paths) = existing["http"]["paths"].as_array_mut() {
                    paths.push(entry);
                }
            }
            None => {
                let mut rule = json!({"http": {"paths": [entry]}});
                if !host.is_empty() {
                    rule["host"] = json!(host);
                }
                rules.push(rule);
            }
        }
        if let Some(secret) = tls_part {
            let mut t = json!({});
            if !host.is_empty() {
                t["hosts"] = json!([host]);
            }
            if !secret.is_empty() {
                t["secretName"] = json!(secret);
            }
            tls.push(t);
        }
    }
    if !rules.is_empty() {
        spec["rules"] = json!(rules);
    }
    if !tls.is_empty() {
        spec["tls"] = json!(tls);
    }
    Ok(
        json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": meta(name), "spec": spec, "status": {"loadBalancer": {}}}),
    )
}

async fn job_from_cronjob(ctx: &Ctx, name: &str, from: &str) -> Result<Value> {
    let (kind, cj) = from
        .split_once('/')
        .ok_or_else(|| Error::Usage("from must be of the form <resource>/<name>".to_string()))?;
    if !matches!(
        kind,
        "cronjob" | "cronjobs" | "cj" | "cronjob.batch" | "cronjobs.batch"
    ) {
        return Err(Error::Usage(format!("unknown object type {kind}")));
    }
    let path = format!("/apis/batch/v1/namespaces/{}/cronjobs/{cj}", ctx.namespace);
    let source = ctx.get_json(&path, "application/json").await?;
    let template = &source["spec"]["jobTemplate"];
    let mut annotations = template["metadata"]["annotations"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    annotations.insert("cronjob.kubernetes.io/instantiate".into(), json!("manual"));
    let mut metadata = json!({
        "name": name,
        "creationTimestamp": null,
        "annotations": annotations,
        "ownerReferences": [{
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "name": source["metadata"]["name"],
            "uid": source["metadata"]["uid"],
            "controller": true,
        }],
    });
    if let Some(l) = template["metadata"]["labels"].as_object() {
        metadata["labels"] = Value::Object(l.clone());
    }
    Ok(
        json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": metadata, "spec": template["spec"], "status": {}}),
    )
}

async fn token(ctx: &Ctx, a: &TokenArgs) -> Result<()> {
    let Some(name) = &a.name else {
        return Err(Error::Usage("exactly one SERVICE_ACCOUNT_NAME is required, got 0\nSee 'rkctl create token -h' for help and examples".into()));
    };
    let mut spec = json!({"audiences": a.audience});
    if a.audience.is_empty() {
        spec = json!({});
    }
    if let Some(d) = &a.duration {
        let secs = crate::commands::rollout::parse_duration(d)?.as_secs();
        if secs > 0 {
            spec["expirationSeconds"] = json!(secs);
        }
    }
    if let Some(kind) = &a.bound_object_kind {
        let api_version = if kind == "Node" || kind == "Pod" || kind == "Secret" {
            "v1"
        } else {
            ""
        };
        spec["boundObjectRef"] =
            json!({"kind": kind, "apiVersion": api_version, "name": a.bound_object_name});
    }
    let body = json!({"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "metadata": {"creationTimestamp": null}, "spec": spec, "status": {"token": "", "expirationTimestamp": null}});
    let path = format!(
        "/api/v1/namespaces/{}/serviceaccounts/{name}/token",
        ctx.namespace
    );
    let answer = ctx
        .send_json(http::Method::POST, &path, "application/json", &body)
        .await?;
    crate::outln!("{}", answer["status"]["token"].as_str().unwrap_or_default());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_names_come_from_the_image_without_registry_tag_or_digest() {
        assert_eq!(container_name("nginx"), "nginx");
        assert_eq!(container_name("registry.k8s.io/pause:3.9"), "pause");
        assert_eq!(container_name("my_app@sha256:abc"), "my-app");
    }

    #[test]
    fn env_files_cannot_mix_with_literals() {
        let a = DataArgs {
            named: Named {
                name: Some("x".into()),
                flags: GenFlags {
                    dry_run: "none".into(),
                    output: None,
                    field_manager: "m".into(),
                },
            },
            from_literal: vec!["a=b".into()],
            from_file: vec![],
            from_env_file: vec!["f".into()],
            kind: None,
            append_hash: false,
        };
        assert_eq!(
            data_pairs(&a).unwrap_err().to_string(),
            "error: from-env-file cannot be combined with from-file or from-literal"
        );
    }

    #[test]
    fn ingress_rules_become_prefix_or_exact_paths_with_tls() {
        let a = IngressArgs {
            named: Named {
                name: Some("i".into()),
                flags: GenFlags {
                    dry_run: "client".into(),
                    output: None,
                    field_manager: "m".into(),
                },
            },
            rule: vec!["foo.com/bar*=svc:8080,tls=sec".into()],
            class: None,
            default_backend: None,
        };
        let o = ingress("i", &a).unwrap();
        assert_eq!(
            o["spec"]["rules"][0]["http"]["paths"][0]["pathType"],
            "Prefix"
        );
        assert_eq!(o["spec"]["rules"][0]["http"]["paths"][0]["path"], "/bar");
        assert_eq!(o["spec"]["tls"][0]["secretName"], "sec");
    }
}
