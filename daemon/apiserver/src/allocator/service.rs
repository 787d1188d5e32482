//! The service side of allocation: which fields of a Service hold allocated values, how a
//! create or update fills them (upstream's alloc.go and the allocation-related update
//! preparation of its storage and strategy), and what is released when.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use rand::Rng;
use rk_api::resources::ResourceInfo;
use rk_api::status::{ApiError, FieldError};
use rk_store::AnyStore;
use serde_json::{Value, json};

use super::{
    Error, Mode, PortRange, Result, ServiceCidr, fresh_rng, node_port_range, release_cluster_ip,
    release_node_port, service_cidr, take, take_next,
};

fn is_service(r: &ResourceInfo) -> bool {
    r.group.is_empty() && r.plural == "services"
}

fn spec_str<'a>(svc: &'a Value, field: &str) -> Option<&'a str> {
    svc.get("spec")?.get(field)?.as_str()
}

fn service_type(svc: &Value) -> &str {
    spec_str(svc, "type").unwrap_or("ClusterIP")
}

fn needs_cluster_ip(svc: &Value) -> bool {
    service_type(svc) != "ExternalName"
}

fn needs_node_port(svc: &Value) -> bool {
    matches!(service_type(svc), "NodePort" | "LoadBalancer")
}

/// Whether ports without a nodePort get one (a LoadBalancer may opt out).
fn allocates_node_ports(svc: &Value) -> bool {
    match service_type(svc) {
        "NodePort" => true,
        "LoadBalancer" => svc.pointer("/spec/allocateLoadBalancerNodePorts") != Some(&json!(false)),
        _ => false,
    }
}

fn needs_health_check_node_port(svc: &Value) -> bool {
    service_type(svc) == "LoadBalancer" && spec_str(svc, "externalTrafficPolicy") == Some("Local")
}

fn cluster_ip(svc: &Value) -> &str {
    spec_str(svc, "clusterIP").unwrap_or("")
}

fn cluster_ips(svc: &Value) -> Vec<String> {
    svc.pointer("/spec/clusterIPs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn string_list(svc: &Value, field: &str) -> Vec<String> {
    svc.get("spec")
        .and_then(|s| s.get(field))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn is_headless(svc: &Value) -> bool {
    cluster_ip(svc) == "None" || cluster_ips(svc).first().is_some_and(|ip| ip == "None")
}

fn has_selector(svc: &Value) -> bool {
    svc.pointer("/spec/selector")
        .and_then(Value::as_object)
        .is_some_and(|m| !m.is_empty())
}

fn ports(svc: &Value) -> &[Value] {
    svc.pointer("/spec/ports")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn node_port_of(port: &Value) -> i64 {
    port.get("nodePort").and_then(Value::as_i64).unwrap_or(0)
}

fn health_check_node_port(svc: &Value) -> i64 {
    svc.pointer("/spec/healthCheckNodePort")
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

/// Sets `spec.<field>`, creating `spec` if needed.
fn set_spec(svc: &mut Value, field: &str, value: Value) {
    if let Some(map) = svc.as_object_mut() {
        let spec = map.entry("spec").or_insert_with(|| json!({}));
        if let Some(spec) = spec.as_object_mut() {
            spec.insert(field.to_string(), value);
        }
    }
}

fn remove_spec(svc: &mut Value, field: &str) {
    if let Some(spec) = svc.get_mut("spec").and_then(Value::as_object_mut) {
        spec.remove(field);
    }
}

fn set_node_port(svc: &mut Value, index: usize, node_port: u16) {
    if let Some(port) = svc
        .pointer_mut(&format!("/spec/ports/{index}"))
        .and_then(Value::as_object_mut)
    {
        port.insert("nodePort".into(), json!(node_port));
    }
}

/// The ClusterIPs and node ports a stored service holds.
#[derive(Debug, Default, PartialEq)]
struct Held {
    ips: BTreeSet<IpAddr>,
    ports: BTreeSet<u16>,
}

impl Held {
    fn of(svc: &Value) -> Held {
        let mut ips: Vec<String> = cluster_ips(svc);
        if ips.is_empty() {
            ips.push(cluster_ip(svc).to_string());
        }
        let ports = ports(svc)
            .iter()
            .map(node_port_of)
            .chain([health_check_node_port(svc)])
            .filter_map(|p| u16::try_from(p).ok())
            .filter(|p| *p != 0)
            .collect();
        Held {
            ips: ips.iter().filter_map(|ip| ip.parse().ok()).collect(),
            ports,
        }
    }

    fn minus(&self, other: &Held) -> Held {
        Held {
            ips: self.ips.difference(&other.ips).copied().collect(),
            ports: self.ports.difference(&other.ports).copied().collect(),
        }
    }

    /// Frees every value; failures are logged (a value left taken is a leak, never a
    /// duplicate).
    async fn release(&self, store: &AnyStore) {
        for ip in &self.ips {
            if let Err(e) = release_cluster_ip(store, *ip).await {
                tracing::warn!(%ip, error = %e, "releasing a ClusterIP failed; it stays allocated");
            }
        }
        for port in &self.ports {
            if let Err(e) = release_node_port(store, *port).await {
                tracing::warn!(port, error = %e, "releasing a NodePort failed; it stays allocated");
            }
        }
    }
}

/// What one create or update of a service took, and what its old object held that the new one
/// does not. Finish it with the result of the store write.
#[must_use = "finish() releases what the write made unnecessary"]
#[derive(Debug, Default)]
pub struct ServiceAllocation {
    taken: Held,
    dropped: Held,
}

impl ServiceAllocation {
    /// After the store write: releases what this request took if the write failed, or what the
    /// old object held and the new one no longer does if it succeeded. Passes `written` on.
    pub async fn finish<T>(
        self,
        store: &AnyStore,
        written: Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let release = if written.is_ok() {
            &self.dropped
        } else {
            &self.taken
        };
        release.release(store).await;
        written
    }
}

/// Fills the allocated fields of a service being created (`old` = None) or updated, taking
/// what it needs from the ranges; only checks (stores nothing) in a dry run. Other resources
/// pass through.
pub async fn allocate_service(
    store: &AnyStore,
    r: &ResourceInfo,
    name: &str,
    old: Option<&Value>,
    svc: &mut Value,
    dry_run: bool,
) -> Result<ServiceAllocation, ApiError> {
    // An update that leaves the spec alone (labels, status) holds the same values.
    if !is_service(r) || old.is_some_and(|o| o.get("spec") == svc.get("spec")) {
        return Ok(ServiceAllocation::default());
    }
    let mode = if dry_run { Mode::DryRun } else { Mode::Commit };
    allocate_service_with(store, name, old, svc, mode, &mut fresh_rng()).await
}

async fn allocate_service_with(
    store: &AnyStore,
    name: &str,
    old: Option<&Value>,
    svc: &mut Value,
    mode: Mode,
    rng: &mut impl Rng,
) -> Result<ServiceAllocation, ApiError> {
    let old_held = old.map(Held::of).unwrap_or_default();
    let mut op = ServiceOp {
        store,
        name,
        mode,
        rng,
        old_held: &old_held,
        taken: Held::default(),
        cidr: None,
        ports: None,
    };
    if old.is_none() {
        normalize_cluster_ips(None, svc);
    }
    let filled = op.fill(old, svc).await;
    let taken = std::mem::take(&mut op.taken);
    if let Err(e) = filled {
        if mode == Mode::Commit {
            taken.release(store).await;
        }
        return Err(e);
    }
    if mode == Mode::DryRun {
        return Ok(ServiceAllocation::default());
    }
    let dropped = old_held.minus(&Held::of(svc));
    Ok(ServiceAllocation { taken, dropped })
}

/// Frees everything a service held, once it is removed from the store.
pub async fn release_service(store: &AnyStore, r: &ResourceInfo, svc: &Value) {
    if is_service(r) {
        Held::of(svc).release(store).await;
    }
}

/// Upstream's update preparation of the allocated fields, before validation: keeps the values
/// allocated earlier when the client omits them (resubmitting the same manifest works), keeps
/// `clusterIP` and `clusterIPs` in step, and drops the values of a type the service leaves
/// (they are released after the write).
pub fn prepare_service_update(r: &ResourceInfo, old: &Value, new: &mut Value) {
    if !is_service(r) {
        return;
    }
    patch_allocated_values(old, new);
    normalize_cluster_ips(Some(old), new);
    drop_type_dependent_fields(old, new);
}

fn patch_allocated_values(old: &Value, new: &mut Value) {
    if needs_cluster_ip(old) && needs_cluster_ip(new) {
        if cluster_ip(new).is_empty() && !cluster_ip(old).is_empty() {
            set_spec(new, "clusterIP", json!(cluster_ip(old)));
        }
        if cluster_ips(new).is_empty() && !cluster_ips(old).is_empty() {
            set_spec(new, "clusterIPs", json!(cluster_ips(old)));
        }
    }
    if needs_node_port(old) && needs_node_port(new) {
        let in_use = |svc: &Value| -> BTreeSet<i64> {
            ports(svc)
                .iter()
                .map(node_port_of)
                .filter(|p| *p != 0)
                .collect()
        };
        // Values both objects name cannot be patched in elsewhere.
        let used: BTreeSet<i64> = in_use(old).intersection(&in_use(new)).copied().collect();
        let by_name: BTreeMap<String, i64> = ports(old)
            .iter()
            .map(|p| {
                (
                    p.get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    node_port_of(p),
                )
            })
            .collect();
        let patches: Vec<(usize, i64)> = ports(new)
            .iter()
            .enumerate()
            .filter(|(_, p)| node_port_of(p) == 0)
            .filter_map(|(i, p)| {
                let name = p.get("name").and_then(Value::as_str).unwrap_or("");
                by_name
                    .get(name)
                    .filter(|v| **v != 0 && !used.contains(v))
                    .map(|v| (i, *v))
            })
            .collect();
        for (i, value) in patches {
            if let Some(port) = new
                .pointer_mut(&format!("/spec/ports/{i}"))
                .and_then(Value::as_object_mut)
            {
                port.insert("nodePort".into(), json!(value));
            }
        }
    }
    if needs_health_check_node_port(old)
        && needs_health_check_node_port(new)
        && health_check_node_port(new) == 0
    {
        set_spec(
            new,
            "healthCheckNodePort",
            json!(health_check_node_port(old)),
        );
    }
}

/// Keeps `clusterIP` and `clusterIPs` in step, as upstream's normalizeClusterIPs.
fn normalize_cluster_ips(old: Option<&Value>, new: &mut Value) {
    let (ip, ips) = (cluster_ip(new).to_string(), cluster_ips(new));
    let Some(old) = old else {
        // An old client names only clusterIP.
        if !ip.is_empty() && ips.is_empty() {
            set_spec(new, "clusterIPs", json!([ip]));
        }
        return;
    };
    let (old_ip, old_ips) = (cluster_ip(old).to_string(), cluster_ips(old));
    if !old_ips.is_empty() && ips.is_empty() && old_ip == ip {
        // An old client that patched something else and did not send clusterIPs.
        set_spec(new, "clusterIPs", json!(old_ips));
    }
    let ips = cluster_ips(new);
    if old_ip != ip && ips == old_ips {
        if !old_ip.is_empty() && ip.is_empty() {
            remove_spec(new, "clusterIPs");
        } else {
            set_spec(new, "clusterIPs", json!([ip]));
        }
    }
}

/// Upstream's dropTypeDependentFields: values a type change makes meaningless, which the user
/// did not also change, go — allocated ones are released after the write. (The load-balancer
/// status it also clears is the status subresource's; an update keeps the stored status.)
fn drop_type_dependent_fields(old: &Value, new: &mut Value) {
    if needs_cluster_ip(old) && !needs_cluster_ip(new) {
        if cluster_ip(old) == cluster_ip(new) && cluster_ips(old) == cluster_ips(new) {
            remove_spec(new, "clusterIP");
            remove_spec(new, "clusterIPs");
        }
        if string_list(old, "ipFamilies") == string_list(new, "ipFamilies") {
            remove_spec(new, "ipFamilies");
        }
        if spec_str(old, "ipFamilyPolicy") == spec_str(new, "ipFamilyPolicy") {
            remove_spec(new, "ipFamilyPolicy");
        }
    }
    let node_ports = |svc: &Value| -> BTreeSet<i64> {
        ports(svc)
            .iter()
            .map(node_port_of)
            .filter(|p| *p != 0)
            .collect()
    };
    if needs_node_port(old)
        && !needs_node_port(new)
        && node_ports(old).is_superset(&node_ports(new))
    {
        let count = ports(new).len();
        for i in 0..count {
            if let Some(port) = new
                .pointer_mut(&format!("/spec/ports/{i}"))
                .and_then(Value::as_object_mut)
            {
                port.remove("nodePort");
            }
        }
    }
    if needs_health_check_node_port(old)
        && !needs_health_check_node_port(new)
        && health_check_node_port(old) == health_check_node_port(new)
    {
        remove_spec(new, "healthCheckNodePort");
    }
    let same = |field: &str, new: &Value| old.pointer(field) == new.pointer(field);
    let is_lb = |svc: &Value| service_type(svc) == "LoadBalancer";
    if is_lb(old) && !is_lb(new) {
        for field in ["allocateLoadBalancerNodePorts", "loadBalancerClass"] {
            if same(&format!("/spec/{field}"), new) {
                remove_spec(new, field);
            }
        }
    }
    if externally_accessible(old)
        && !externally_accessible(new)
        && same("/spec/externalTrafficPolicy", new)
    {
        remove_spec(new, "externalTrafficPolicy");
    }
}

/// Node ports, a load balancer or external IPs: what `externalTrafficPolicy` applies to.
fn externally_accessible(svc: &Value) -> bool {
    needs_node_port(svc)
        || (service_type(svc) == "ClusterIP"
            && svc
                .pointer("/spec/externalIPs")
                .and_then(Value::as_array)
                .is_some_and(|ips| !ips.is_empty()))
}

const INVALID_IP: &str = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

/// One service's allocation in progress.
struct ServiceOp<'a, G> {
    store: &'a AnyStore,
    name: &'a str,
    mode: Mode,
    rng: &'a mut G,
    /// What the stored object holds already (an update needs nothing new for these).
    old_held: &'a Held,
    /// What this request took so far.
    taken: Held,
    cidr: Option<ServiceCidr>,
    ports: Option<PortRange>,
}

impl<G: Rng> ServiceOp<'_, G> {
    fn invalid(&self, errors: Vec<FieldError>) -> ApiError {
        ApiError::invalid("", "Service", self.name, errors)
    }

    async fn cidr(&mut self) -> Result<ServiceCidr, ApiError> {
        if let Some(c) = self.cidr {
            return Ok(c);
        }
        let c = service_cidr(self.store)
            .await
            .map_err(|e| ApiError::internal(format!("failed to allocate a serviceIP: {e}")))?;
        self.cidr = Some(c);
        Ok(c)
    }

    async fn port_range(&mut self) -> Result<PortRange> {
        if let Some(p) = self.ports {
            return Ok(p);
        }
        let p = node_port_range(self.store).await?;
        self.ports = Some(p);
        Ok(p)
    }

    async fn fill(&mut self, old: Option<&Value>, svc: &mut Value) -> Result<(), ApiError> {
        if needs_cluster_ip(svc) {
            let cidr = self.cidr().await?;
            Self::init_ip_families(old, svc, cidr).map_err(|errors| self.invalid(errors))?;
        }
        self.fill_cluster_ips(svc).await?;
        self.fill_node_ports(svc).await
    }

    /// Upstream's initIPFamilyFields for a single-stack cluster of `cidr`'s family: defaults
    /// `ipFamilyPolicy` and `ipFamilies`, and rejects what this cluster cannot serve.
    fn init_ip_families(
        old: Option<&Value>,
        svc: &mut Value,
        cidr: ServiceCidr,
    ) -> Result<(), Vec<FieldError>> {
        let family = cidr.family();
        let headless_selectorless = is_headless(svc) && !has_selector(svc);
        let policy = match spec_str(svc, "ipFamilyPolicy") {
            Some(p) => p.to_string(),
            None => {
                let p = match old.and_then(|o| spec_str(o, "ipFamilyPolicy")) {
                    Some(p) => p,
                    None if headless_selectorless => "RequireDualStack",
                    None => "SingleStack",
                };
                set_spec(svc, "ipFamilyPolicy", json!(p));
                p.to_string()
            }
        };
        let ips = cluster_ips(svc);
        let mut families = string_list(svc, "ipFamilies");
        let mut errors = Vec::new();
        for (i, ip) in ips.iter().enumerate() {
            if !(ip == "None" && i == 0) && ip.parse::<IpAddr>().is_err() {
                errors.push(FieldError::invalid(
                    format!("spec.clusterIPs[{i}]"),
                    ip.as_str(),
                    INVALID_IP,
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if policy == "SingleStack" {
            if ips.len() == 2 {
                errors.push(FieldError::invalid(
                    "spec.ipFamilyPolicy",
                    policy.as_str(),
                    "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
                ));
            }
            if families.len() == 2 {
                errors.push(FieldError::invalid(
                    "spec.ipFamilyPolicy",
                    policy.as_str(),
                    "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
                ));
            }
        }
        for (i, ip) in ips.iter().enumerate() {
            let Ok(ip) = ip.parse::<IpAddr>() else { break };
            let fam = if ip.is_ipv6() { "IPv6" } else { "IPv4" };
            if i >= families.len() {
                if fam == family {
                    families.push(fam.to_string());
                } else {
                    errors.push(FieldError::invalid(
                        format!("spec.clusterIPs[{i}]"),
                        json!(ips),
                        format!("{fam} is not configured on this cluster"),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if headless_selectorless {
            // Headless without a selector may list both families even on a single-stack cluster.
            if families.is_empty() {
                families.push(family.to_string());
            }
            if families.len() < 2 && policy != "SingleStack" {
                families.push(if family == "IPv4" { "IPv6" } else { "IPv4" }.to_string());
            }
            set_spec(svc, "ipFamilies", json!(families));
            return Ok(());
        }
        if policy == "RequireDualStack" {
            errors.push(FieldError::invalid(
                "spec.ipFamilyPolicy",
                policy.as_str(),
                "this cluster is not configured for dual-stack services",
            ));
        }
        for (i, fam) in families.iter().enumerate() {
            if fam != family {
                errors.push(FieldError::invalid(
                    format!("spec.ipFamilies[{i}]"),
                    fam.as_str(),
                    "not configured on this cluster",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if families.is_empty() {
            families.push(family.to_string());
        }
        set_spec(svc, "ipFamilies", json!(families));
        Ok(())
    }

    async fn fill_cluster_ips(&mut self, svc: &mut Value) -> Result<(), ApiError> {
        if is_headless(svc) {
            return Ok(());
        }
        let ips = cluster_ips(svc);
        if ips.is_empty() {
            if needs_cluster_ip(svc) {
                let cidr = self.cidr().await?;
                let ip = take_next(self.store, &cidr, self.rng, self.mode)
                    .await
                    .map_err(|e| {
                        ApiError::internal(format!("failed to allocate a serviceIP: {e}"))
                    })?;
                if self.mode == Mode::Commit {
                    self.taken.ips.insert(ip);
                }
                set_spec(svc, "clusterIP", json!(ip.to_string()));
                set_spec(svc, "clusterIPs", json!([ip.to_string()]));
            }
            return Ok(());
        }
        for text in &ips {
            let ip: IpAddr = text.parse().map_err(|_| {
                self.invalid(vec![FieldError::invalid(
                    "spec.clusterIPs",
                    json!(ips),
                    format!("failed to allocate IP {text}: {INVALID_IP}"),
                )])
            })?;
            if self.old_held.ips.contains(&ip) || self.taken.ips.contains(&ip) {
                continue;
            }
            let cidr = self.cidr().await?;
            match take(self.store, &cidr, ip, self.mode).await {
                Ok(()) => {
                    if self.mode == Mode::Commit {
                        self.taken.ips.insert(ip);
                    }
                }
                Err(e @ Error::Store(_)) => {
                    return Err(ApiError::internal(format!(
                        "failed to allocate IP {text}: {e}"
                    )));
                }
                Err(e) => {
                    return Err(self.invalid(vec![FieldError::invalid(
                        "spec.clusterIPs",
                        json!(ips),
                        format!("failed to allocate IP {text}: {e}"),
                    )]));
                }
            }
        }
        if cluster_ip(svc).is_empty() {
            set_spec(svc, "clusterIP", json!(ips[0]));
        }
        Ok(())
    }

    /// Takes a node port asked for by number, unless the service holds it already.
    async fn take_port(&mut self, value: i64) -> Result<u16> {
        let range = self.port_range().await?;
        let port = u16::try_from(value).map_err(|_| Error::PortNotInRange { range })?;
        if self.old_held.ports.contains(&port) || self.taken.ports.contains(&port) {
            return Ok(port);
        }
        take(self.store, &range, port, self.mode).await?;
        if self.mode == Mode::Commit {
            self.taken.ports.insert(port);
        }
        Ok(port)
    }

    /// [`take_port`](Self::take_port) for `field`, failing as Kubernetes does: an invalid
    /// field, or an internal error when the store failed.
    async fn take_port_for(&mut self, field: &str, value: i64) -> Result<u16, ApiError> {
        match self.take_port(value).await {
            Ok(port) => Ok(port),
            Err(e @ (Error::Store(_) | Error::NotReady | Error::BadStoredRange { .. })) => Err(
                ApiError::internal(format!("failed to allocate nodePort {value}: {e}")),
            ),
            Err(e) => Err(self.invalid(vec![FieldError::invalid(field, value, e.to_string())])),
        }
    }

    async fn next_port(&mut self) -> Result<u16> {
        let range = self.port_range().await?;
        let port = take_next(self.store, &range, self.rng, self.mode).await?;
        if self.mode == Mode::Commit {
            self.taken.ports.insert(port);
        }
        Ok(port)
    }

    /// Upstream's initNodePorts / updateNodePorts: every port of a NodePort or LoadBalancer
    /// service gets a node port; ports with the same number share one; requested values are
    /// honoured on any type.
    async fn fill_node_ports(&mut self, svc: &mut Value) -> Result<(), ApiError> {
        let auto = allocates_node_ports(svc);
        let ports: Vec<(i64, i64)> = ports(svc)
            .iter()
            .map(|p| {
                (
                    p.get("port").and_then(Value::as_i64).unwrap_or(0),
                    node_port_of(p),
                )
            })
            .collect();
        let mut by_port: BTreeMap<i64, u16> = BTreeMap::new();
        for (i, &(port, node_port)) in ports.iter().enumerate() {
            if node_port == 0 && !auto {
                continue;
            }
            let field = format!("spec.ports[{i}].nodePort");
            match by_port.get(&port).copied() {
                None => {
                    // A later port with the same number may name the value to share.
                    let wanted = if node_port != 0 {
                        node_port
                    } else {
                        ports
                            .iter()
                            .find(|(p, np)| *p == port && *np != 0)
                            .map_or(0, |(_, np)| *np)
                    };
                    let got = if wanted != 0 {
                        self.take_port_for(&field, wanted).await?
                    } else {
                        self.next_port().await.map_err(|e| {
                            ApiError::internal(format!("failed to allocate a nodePort: {e}"))
                        })?
                    };
                    set_node_port(svc, i, got);
                    by_port.insert(port, got);
                }
                Some(shared) if node_port == 0 => set_node_port(svc, i, shared),
                Some(shared) if node_port != i64::from(shared) => {
                    self.take_port_for(&field, node_port).await?;
                }
                Some(_) => {}
            }
        }
        let hc = health_check_node_port(svc);
        if hc != 0 {
            self.take_port(hc).await.map_err(|e| {
                ApiError::internal(format!(
                    "failed to allocate requested HealthCheck NodePort {hc}: {e}"
                ))
            })?;
        } else if needs_health_check_node_port(svc) {
            let port = self.next_port().await.map_err(|e| {
                ApiError::internal(format!(
                    "failed to allocate a HealthCheck NodePort {hc}: {e}"
                ))
            })?;
            set_spec(svc, "healthCheckNodePort", json!(port));
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::super::tests::{default_store, services};
    use super::super::{IP_PREFIX, PORT_PREFIX, allocate_cluster_ip, allocate_node_port};
    use super::*;
    use rk_store::Store;

    async fn create(store: &AnyStore, svc: &mut Value) -> Result<ServiceAllocation, ApiError> {
        let name = svc["metadata"]["name"].as_str().unwrap().to_string();
        allocate_service(store, services(), &name, None, svc, false).await
    }

    #[tokio::test]
    async fn a_cluster_ip_service_gets_an_address_and_single_stack_ipv4() {
        let (_dir, store) = default_store().await;
        let mut svc = json!({"metadata": {"name": "web"}, "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}});
        let alloc = create(&store, &mut svc).await.unwrap();
        let ip = svc["spec"]["clusterIP"].as_str().unwrap().to_string();
        assert!(ip.starts_with("10.43."), "{ip}");
        assert_eq!(svc["spec"]["clusterIPs"], json!([ip]));
        assert_eq!(svc["spec"]["ipFamilies"], json!(["IPv4"]));
        assert_eq!(svc["spec"]["ipFamilyPolicy"], "SingleStack");
        assert!(svc["spec"]["ports"][0].get("nodePort").is_none());
        alloc.finish(&store, Ok(())).await.unwrap();
        // Deleting the service frees its address.
        release_service(&store, services(), &svc).await;
        assert_eq!(
            allocate_cluster_ip(&store, Some(ip.parse().unwrap()))
                .await
                .unwrap()
                .to_string(),
            ip
        );
    }

    #[tokio::test]
    async fn headless_and_external_name_services_get_no_address() {
        let (_dir, store) = default_store().await;
        let mut headless = json!({"metadata": {"name": "db"}, "spec": {"clusterIP": "None", "selector": {"app": "db"}}});
        let _ = create(&store, &mut headless).await.unwrap();
        assert_eq!(headless["spec"]["clusterIPs"], json!(["None"]));
        assert_eq!(headless["spec"]["ipFamilies"], json!(["IPv4"]));
        assert_eq!(headless["spec"]["ipFamilyPolicy"], "SingleStack");
        let mut selectorless = json!({"metadata": {"name": "ext"}, "spec": {"clusterIP": "None"}});
        let _ = create(&store, &mut selectorless).await.unwrap();
        assert_eq!(selectorless["spec"]["ipFamilyPolicy"], "RequireDualStack");
        assert_eq!(selectorless["spec"]["ipFamilies"], json!(["IPv4", "IPv6"]));
        let mut external = json!({"metadata": {"name": "x"}, "spec": {"type": "ExternalName", "externalName": "example.com"}});
        let _ = create(&store, &mut external).await.unwrap();
        assert!(external["spec"].get("clusterIP").is_none());
        assert!(external["spec"].get("ipFamilies").is_none());
        assert_eq!(store.count(IP_PREFIX).await.unwrap().0, 0);
    }

    #[tokio::test]
    async fn requested_addresses_fail_in_kubernetes_words() {
        let (_dir, store) = default_store().await;
        let mut svc = json!({"metadata": {"name": "a"}, "spec": {"clusterIP": "1.2.3.4"}});
        let e = create(&store, &mut svc).await.unwrap_err();
        assert_eq!(e.code, 422);
        assert_eq!(
            e.message,
            r#"Service "a" is invalid: spec.clusterIPs: Invalid value: []string{"1.2.3.4"}: failed to allocate IP 1.2.3.4: the provided IP (1.2.3.4) is not in the valid range. The range of valid IPs is 10.43.0.0/16"#
        );
        let mut first = json!({"metadata": {"name": "a"}, "spec": {"clusterIP": "10.43.0.20", "clusterIPs": ["10.43.0.20"]}});
        let _ = create(&store, &mut first).await.unwrap();
        let mut second = json!({"metadata": {"name": "b"}, "spec": {"clusterIP": "10.43.0.20"}});
        let e = create(&store, &mut second).await.unwrap_err();
        assert_eq!(
            e.message,
            r#"Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.43.0.20"}: failed to allocate IP 10.43.0.20: provided IP is already allocated"#
        );
        let mut v6 = json!({"metadata": {"name": "c"}, "spec": {"clusterIP": "fd00::1"}});
        let e = create(&store, &mut v6).await.unwrap_err();
        assert_eq!(
            e.message,
            r#"Service "c" is invalid: spec.clusterIPs[0]: Invalid value: []string{"fd00::1"}: IPv6 is not configured on this cluster"#
        );
        let mut dual = json!({"metadata": {"name": "d"}, "spec": {"ipFamilyPolicy": "RequireDualStack", "selector": {"a": "b"}}});
        let e = create(&store, &mut dual).await.unwrap_err();
        assert_eq!(
            e.message,
            r#"Service "d" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services"#
        );
        let mut garbage = json!({"metadata": {"name": "e"}, "spec": {"clusterIP": "10.43.0.300"}});
        let e = create(&store, &mut garbage).await.unwrap_err();
        assert_eq!(
            e.message,
            r#"Service "e" is invalid: spec.clusterIPs[0]: Invalid value: "10.43.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"#
        );
        assert_eq!(store.count(IP_PREFIX).await.unwrap().0, 1);
    }

    #[tokio::test]
    async fn node_port_services_get_a_port_per_port_number() {
        let (_dir, store) = default_store().await;
        let mut svc = json!({"metadata": {"name": "dns"}, "spec": {"type": "NodePort", "ports": [
            {"name": "dns-tcp", "port": 53, "protocol": "TCP"},
            {"name": "dns-udp", "port": 53, "protocol": "UDP"},
            {"name": "metrics", "port": 9153, "nodePort": 30953},
        ]}});
        let _ = create(&store, &mut svc).await.unwrap();
        let np: Vec<i64> = (0..3)
            .map(|i| svc["spec"]["ports"][i]["nodePort"].as_i64().unwrap())
            .collect();
        assert_eq!(np[0], np[1], "TCP and UDP of one port share a node port");
        assert!((30000..=32767).contains(&np[0]));
        assert_eq!(np[2], 30953);
        assert_eq!(store.count(PORT_PREFIX).await.unwrap().0, 2);

        let mut clash = json!({"metadata": {"name": "b"}, "spec": {"type": "NodePort", "ports": [{"port": 80, "nodePort": 30953}]}});
        let e = create(&store, &mut clash).await.unwrap_err();
        assert_eq!(
            e.message,
            r#"Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30953: provided port is already allocated"#
        );
        let mut low = json!({"metadata": {"name": "c"}, "spec": {"type": "NodePort", "ports": [{"port": 80}, {"port": 81, "nodePort": 80}]}});
        let e = create(&store, &mut low).await.unwrap_err();
        assert_eq!(
            e.message,
            r#"Service "c" is invalid: spec.ports[1].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767"#
        );
        // What the failed create took for its first port was given back.
        assert_eq!(store.count(PORT_PREFIX).await.unwrap().0, 2);
        assert_eq!(store.count(IP_PREFIX).await.unwrap().0, 1);
    }

    #[tokio::test]
    async fn a_failed_write_gives_back_what_the_create_took() {
        let (_dir, store) = default_store().await;
        let mut svc = json!({"metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer", "externalTrafficPolicy": "Local", "ports": [{"port": 443}]}});
        let alloc = create(&store, &mut svc).await.unwrap();
        assert!(svc["spec"]["healthCheckNodePort"].as_i64().is_some());
        assert_eq!(store.count(PORT_PREFIX).await.unwrap().0, 2);
        let e = alloc
            .finish(
                &store,
                Err::<(), _>(ApiError::already_exists("", "services", "lb")),
            )
            .await
            .unwrap_err();
        assert_eq!(e.code, 409);
        assert_eq!(store.count(PORT_PREFIX).await.unwrap().0, 0);
        assert_eq!(store.count(IP_PREFIX).await.unwrap().0, 0);
    }

    #[tokio::test]
    async fn a_dry_run_stores_nothing() {
        let (_dir, store) = default_store().await;
        let mut svc = json!({"metadata": {"name": "np"}, "spec": {"type": "NodePort", "ports": [{"port": 80}]}});
        let alloc = allocate_service(&store, services(), "np", None, &mut svc, true)
            .await
            .unwrap();
        alloc.finish(&store, Ok(())).await.unwrap();
        assert_eq!(svc["spec"]["clusterIP"], "10.43.0.0");
        assert_eq!(svc["spec"]["ports"][0]["nodePort"], 30000);
        assert_eq!(
            store.count(IP_PREFIX).await.unwrap().0 + store.count(PORT_PREFIX).await.unwrap().0,
            0
        );
    }

    /// An update as the registry runs it: prepare, allocate, write (succeeding), finish.
    async fn update(store: &AnyStore, old: &Value, mut new: Value) -> Result<Value, ApiError> {
        prepare_service_update(services(), old, &mut new);
        let name = old["metadata"]["name"].as_str().unwrap().to_string();
        let alloc = allocate_service(store, services(), &name, Some(old), &mut new, false).await?;
        alloc.finish(store, Ok(new)).await
    }

    #[tokio::test]
    async fn type_changes_take_and_give_back_node_ports() {
        let (_dir, store) = default_store().await;
        let mut svc = json!({"metadata": {"name": "web"}, "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80}]}});
        let _ = create(&store, &mut svc).await.unwrap();
        let ip = svc["spec"]["clusterIP"].clone();

        // ClusterIP → NodePort (a merge patch of the type only).
        let mut to_np = svc.clone();
        to_np["spec"]["type"] = json!("NodePort");
        let np_svc = update(&store, &svc, to_np).await.unwrap();
        let port = np_svc["spec"]["ports"][0]["nodePort"].as_i64().unwrap();
        assert!((30000..=32767).contains(&port));
        assert_eq!(np_svc["spec"]["clusterIP"], ip);
        assert_eq!(store.count(PORT_PREFIX).await.unwrap().0, 1);

        // Resubmitting the original manifest keeps the allocated values.
        let mut resubmit = json!({"metadata": {"name": "web"}, "spec": {"type": "NodePort", "selector": {"app": "web"}, "ports": [{"name": "http", "port": 80}]}});
        resubmit = update(&store, &np_svc, resubmit).await.unwrap();
        assert_eq!(
            resubmit["spec"]["ports"][0]["nodePort"].as_i64(),
            Some(port)
        );
        assert_eq!(resubmit["spec"]["clusterIP"], ip);
        assert_eq!(store.count(PORT_PREFIX).await.unwrap().0, 1);

        // NodePort → ClusterIP: the node port goes, and is free again.
        let mut back = resubmit.clone();
        back["spec"]["type"] = json!("ClusterIP");
        let back = update(&store, &resubmit, back).await.unwrap();
        assert!(back["spec"]["ports"][0].get("nodePort").is_none());
        assert_eq!(store.count(PORT_PREFIX).await.unwrap().0, 0);

        // ClusterIP → ExternalName gives the address back; and → ClusterIP takes a new one.
        let mut ext = back.clone();
        ext["spec"]["type"] = json!("ExternalName");
        ext["spec"]["externalName"] = json!("example.com");
        let ext = update(&store, &back, ext).await.unwrap();
        assert!(ext["spec"].get("clusterIP").is_none());
        assert_eq!(store.count(IP_PREFIX).await.unwrap().0, 0);
        let mut again = ext.clone();
        again["spec"]["type"] = json!("ClusterIP");
        let again = update(&store, &ext, again).await.unwrap();
        assert!(
            again["spec"]["clusterIP"]
                .as_str()
                .unwrap()
                .starts_with("10.43.")
        );
        assert_eq!(store.count(IP_PREFIX).await.unwrap().0, 1);
    }

    #[test]
    fn leaving_a_type_drops_what_only_it_uses_unless_the_user_changed_it() {
        let old = json!({"spec": {"type": "LoadBalancer", "externalTrafficPolicy": "Local", "healthCheckNodePort": 31000,
            "allocateLoadBalancerNodePorts": true, "loadBalancerClass": "x", "ports": [{"port": 80, "nodePort": 30080}]}});
        let mut new = old.clone();
        new["spec"]["type"] = json!("ClusterIP");
        prepare_service_update(services(), &old, &mut new);
        assert_eq!(
            new,
            json!({"spec": {"type": "ClusterIP", "ports": [{"port": 80}]}})
        );
        // A value the user changed in the same update stays, for validation to judge.
        let mut changed = old.clone();
        changed["spec"]["type"] = json!("ClusterIP");
        changed["spec"]["ports"][0]["nodePort"] = json!(30081);
        prepare_service_update(services(), &old, &mut changed);
        assert_eq!(changed["spec"]["ports"][0]["nodePort"], 30081);
    }

    #[tokio::test]
    async fn a_failed_update_keeps_the_old_values_and_frees_the_new() {
        let (_dir, store) = default_store().await;
        let mut svc = json!({"metadata": {"name": "web"}, "spec": {"type": "NodePort", "ports": [{"port": 80}]}});
        let _ = create(&store, &mut svc).await.unwrap();
        let old_port = svc["spec"]["ports"][0]["nodePort"].as_i64().unwrap();
        let mut new = svc.clone();
        new["spec"]["ports"][0]["nodePort"] = json!(31999);
        prepare_service_update(services(), &svc, &mut new);
        let alloc = allocate_service(&store, services(), "web", Some(&svc), &mut new, false)
            .await
            .unwrap();
        assert_eq!(store.count(PORT_PREFIX).await.unwrap().0, 2);
        let _ = alloc
            .finish(
                &store,
                Err::<(), _>(ApiError::conflict(
                    "",
                    "services",
                    "web",
                    ApiError::MODIFIED,
                )),
            )
            .await;
        assert_eq!(
            allocate_node_port(&store, Some(31999)).await.unwrap(),
            31999,
            "the new port was freed"
        );
        assert!(matches!(
            allocate_node_port(&store, Some(old_port as u16)).await,
            Err(Error::PortAllocated)
        ));
    }
}
