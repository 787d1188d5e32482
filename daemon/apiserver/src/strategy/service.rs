//! Services: Kubernetes' defaults (`SetDefaults_Service`, and the IP family fields the
//! service registry writes for a single-stack IPv4 cluster) and `ValidateService` /
//! `ValidateServiceUpdate`. ClusterIP and NodePort allocation belong to `allocator`: the
//! cluster IPs are left as they come.

use std::collections::BTreeSet;

use rk_api::status::FieldError;
use serde_json::{Map, Value, json};

use super::fields::*;
use super::probes::validate_port_num_or_name;

// ---- Services --------------------------------------------------------------------------------

fn externally_accessible(spec: &Value) -> bool {
    matches!(text(spec, "type"), "LoadBalancer" | "NodePort")
        || (text(spec, "type") == "ClusterIP" && !list(spec, "externalIPs").is_empty())
}

fn is_headless(spec: &Value) -> bool {
    text(spec, "clusterIP") == "None"
        || list(spec, "clusterIPs").first().and_then(Value::as_str) == Some("None")
}

/// `SetDefaults_Service`, and the IP family fields the service registry writes (a
/// single-stack IPv4 cluster's). ClusterIPs and NodePorts are the allocator's.
pub fn default_service(obj: &mut Value) {
    let Some(spec) = member_mut(obj, "spec") else {
        return;
    };
    default_to(spec, "sessionAffinity", json!("None"));
    match text(spec, "sessionAffinity") {
        "None" => {
            if let Some(m) = spec.as_object_mut() {
                m.remove("sessionAffinityConfig");
            }
        }
        "ClientIP"
            if spec
                .pointer("/sessionAffinityConfig/clientIP/timeoutSeconds")
                .is_none_or(Value::is_null) =>
        {
            spec["sessionAffinityConfig"] = json!({"clientIP": {"timeoutSeconds": 10800}});
        }
        _ => {}
    }
    default_to(spec, "type", json!("ClusterIP"));
    for port in each_mut(spec, "ports") {
        default_to(port, "protocol", json!("TCP"));
        let unset = match port.get("targetPort") {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.is_empty(),
            Some(v) => v.as_i64() == Some(0),
        };
        if unset && let Some(p) = port.get("port").cloned() {
            port["targetPort"] = p;
        }
    }
    if externally_accessible(spec) {
        default_to(spec, "externalTrafficPolicy", json!("Cluster"));
    }
    let kind = text(spec, "type").to_string();
    if matches!(kind.as_str(), "NodePort" | "LoadBalancer" | "ClusterIP") {
        default_to(spec, "internalTrafficPolicy", json!("Cluster"));
    }
    if kind == "LoadBalancer"
        && spec
            .get("allocateLoadBalancerNodePorts")
            .is_none_or(Value::is_null)
    {
        spec["allocateLoadBalancerNodePorts"] = json!(true);
    }
    if kind != "ExternalName" {
        let selectorless_headless = is_headless(spec)
            && spec
                .get("selector")
                .and_then(Value::as_object)
                .is_none_or(Map::is_empty);
        let policy = if selectorless_headless {
            "RequireDualStack"
        } else {
            "SingleStack"
        };
        default_to(spec, "ipFamilyPolicy", json!(policy));
        if list(spec, "ipFamilies").is_empty() {
            let ip = text(spec, "clusterIP");
            let family = if ip.contains(':') { "IPv6" } else { "IPv4" };
            spec["ipFamilies"] = json!([family]);
        }
    }
    if let Some(status) = member_mut(obj, "status")
        && let Some(m) = status.as_object_mut()
    {
        m.entry("loadBalancer").or_insert_with(|| json!({}));
    }
}

pub fn validate_service(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    let kind = text(&spec, "type");
    let headless = is_headless(&spec);
    let ports = list(&spec, "ports");
    if ports.is_empty() && !headless && kind != "ExternalName" {
        errs.push(FieldError::required("spec.ports", ""));
    }
    let first_ip = list(&spec, "clusterIPs")
        .first()
        .and_then(Value::as_str)
        .unwrap_or(text(&spec, "clusterIP"));
    match kind {
        "LoadBalancer" | "NodePort" if headless => errs.push(FieldError::invalid(
            "spec.clusterIPs[0]",
            first_ip,
            format!("may not be set to 'None' for {kind} services"),
        )),
        "ExternalName" => {
            if !list(&spec, "clusterIPs").is_empty() || !text(&spec, "clusterIP").is_empty() {
                errs.push(FieldError::forbidden(
                    "spec.clusterIPs",
                    "may not be set for ExternalName services",
                ));
            }
            if !list(&spec, "ipFamilies").is_empty() {
                errs.push(FieldError::forbidden(
                    "spec.ipFamilies",
                    "may not be set for ExternalName services",
                ));
            }
            if get(&spec, "ipFamilyPolicy").is_some() {
                errs.push(FieldError::forbidden(
                    "spec.ipFamilyPolicy",
                    "may not be set for ExternalName services",
                ));
            }
            let cname = text(&spec, "externalName");
            let cname = cname.strip_suffix('.').unwrap_or(cname);
            if cname.is_empty() {
                errs.push(FieldError::required("spec.externalName", ""));
            } else {
                validate_dns1123_subdomain(cname, "spec.externalName", errs);
            }
        }
        _ => {}
    }
    let mut names = BTreeSet::new();
    for (i, p) in ports.iter().enumerate() {
        validate_service_port(
            p,
            ports.len() > 1,
            &mut names,
            &index("spec.ports", i),
            errs,
        );
    }
    validate_labels(spec.get("selector"), "spec.selector", errs);
    match text(&spec, "sessionAffinity") {
        "" => errs.push(FieldError::required("spec.sessionAffinity", "")),
        "ClientIP" => {
            let timeout = spec
                .pointer("/sessionAffinityConfig/clientIP/timeoutSeconds")
                .and_then(Value::as_i64);
            match timeout {
                None => errs.push(FieldError::required(
                    "spec.sessionAffinityConfig",
                    "when session affinity type is ClientIP",
                )),
                Some(t) if t <= 0 || t > 86400 => errs.push(FieldError::invalid(
                    "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                    t,
                    "must be greater than 0 and less than 86400",
                )),
                Some(_) => {}
            }
        }
        "None" => {
            if get(&spec, "sessionAffinityConfig").is_some() {
                errs.push(FieldError::forbidden(
                    "spec.sessionAffinityConfig",
                    "must not be set when session affinity is None",
                ));
            }
        }
        other => errs.push(FieldError::not_supported(
            "spec.sessionAffinity",
            other,
            &["ClientIP", "None"],
        )),
    }
    for (i, f) in list(&spec, "ipFamilies").iter().enumerate() {
        let f = f.as_str().unwrap_or("");
        if !matches!(f, "IPv4" | "IPv6") {
            errs.push(FieldError::not_supported(
                index("spec.ipFamilies", i),
                f,
                &["IPv4", "IPv6"],
            ));
        }
    }
    if let Some(p) = spec.get("ipFamilyPolicy").and_then(Value::as_str)
        && !matches!(p, "SingleStack" | "PreferDualStack" | "RequireDualStack")
    {
        errs.push(FieldError::not_supported(
            "spec.ipFamilyPolicy",
            p,
            &["PreferDualStack", "RequireDualStack", "SingleStack"],
        ));
    }
    for (i, ip) in list(&spec, "externalIPs").iter().enumerate() {
        validate_ip(
            &index("spec.externalIPs", i),
            ip.as_str().unwrap_or(""),
            errs,
        );
    }
    match kind {
        "" => errs.push(FieldError::required("spec.type", "")),
        "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName" => {}
        other => errs.push(FieldError::not_supported(
            "spec.type",
            other,
            &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        )),
    }
    if kind == "ClusterIP" {
        for (i, p) in ports.iter().enumerate() {
            if int(p, "nodePort").unwrap_or(0) != 0 {
                errs.push(FieldError::forbidden(
                    format!("spec.ports[{i}].nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                ));
            }
        }
    }
    let mut node_ports = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for (i, p) in ports.iter().enumerate() {
        let protocol = text(p, "protocol");
        if let Some(np) = int(p, "nodePort").filter(|n| *n != 0)
            && !node_ports.insert((protocol, np))
        {
            errs.push(FieldError::duplicate(
                format!("spec.ports[{i}].nodePort"),
                np,
            ));
        }
        let port = int(p, "port").unwrap_or(0);
        if !seen.insert((protocol, port)) {
            errs.push(FieldError::duplicate(
                index("spec.ports", i),
                json!({"port": port, "protocol": protocol}),
            ));
        }
    }
    let ranges = list(&spec, "loadBalancerSourceRanges");
    if !ranges.is_empty() {
        if kind != "LoadBalancer" {
            errs.push(FieldError::forbidden(
                "spec.LoadBalancerSourceRanges",
                "may only be used when `type` is 'LoadBalancer'",
            ));
        }
        for (i, r) in ranges.iter().enumerate() {
            validate_cidr(
                &index("spec.LoadBalancerSourceRanges", i),
                r.as_str().unwrap_or("").trim(),
                errs,
            );
        }
    }
    if get(&spec, "allocateLoadBalancerNodePorts").is_some() && kind != "LoadBalancer" {
        errs.push(FieldError::forbidden(
            "spec.allocateLoadBalancerNodePorts",
            "may only be used when `type` is 'LoadBalancer'",
        ));
    }
    if kind == "LoadBalancer" && get(&spec, "allocateLoadBalancerNodePorts").is_none() {
        errs.push(FieldError::required("allocateLoadBalancerNodePorts", ""));
    }
    let etp = text(&spec, "externalTrafficPolicy");
    if !externally_accessible(&spec) {
        if !etp.is_empty() {
            errs.push(FieldError::invalid(
                "spec.externalTrafficPolicy",
                etp,
                "may only be set for externally-accessible services",
            ));
        }
    } else if etp.is_empty() {
        errs.push(FieldError::required("spec.externalTrafficPolicy", ""));
    } else if !matches!(etp, "Cluster" | "Local") {
        errs.push(FieldError::not_supported(
            "spec.externalTrafficPolicy",
            etp,
            &["Cluster", "Local"],
        ));
    }
    let hc = int(&spec, "healthCheckNodePort").unwrap_or(0);
    if !(kind == "LoadBalancer" && etp == "Local") {
        if hc != 0 {
            errs.push(FieldError::invalid(
                "spec.healthCheckNodePort",
                hc,
                "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
            ));
        }
    } else if hc != 0 {
        errs.extend(
            is_valid_port_num(hc)
                .into_iter()
                .map(|m| FieldError::invalid("spec.healthCheckNodePort", hc, m)),
        );
    }
    match spec.get("internalTrafficPolicy").and_then(Value::as_str) {
        None if matches!(kind, "NodePort" | "LoadBalancer" | "ClusterIP") => {
            errs.push(FieldError::required("spec.internalTrafficPolicy", ""))
        }
        Some(p) if !matches!(p, "Cluster" | "Local") => errs.push(FieldError::not_supported(
            "spec.internalTrafficPolicy",
            p,
            &["Cluster", "Local"],
        )),
        _ => {}
    }
    if let Some(d) = spec.get("trafficDistribution").and_then(Value::as_str)
        && d != "PreferClose"
    {
        errs.push(FieldError::not_supported(
            "spec.trafficDistribution",
            d,
            &["PreferClose"],
        ));
    }
}

fn validate_service_port(
    p: &Value,
    require_name: bool,
    names: &mut BTreeSet<String>,
    path: &str,
    errs: &mut Errors,
) {
    let name = text(p, "name");
    if require_name && name.is_empty() {
        errs.push(FieldError::required(child(path, "name"), ""));
    } else if !name.is_empty() {
        validate_dns1123_label(name, &child(path, "name"), errs);
        if !names.insert(name.to_string()) {
            errs.push(FieldError::duplicate(child(path, "name"), name));
        }
    }
    let port = int(p, "port").unwrap_or(0);
    errs.extend(
        is_valid_port_num(port)
            .into_iter()
            .map(|m| FieldError::invalid(child(path, "port"), port, m)),
    );
    super::container::validate_protocol(text(p, "protocol"), &child(path, "protocol"), errs);
    validate_port_num_or_name(p.get("targetPort"), &child(path, "targetPort"), errs);
    if let Some(app) = p.get("appProtocol").and_then(Value::as_str) {
        validate_qualified_name(app, &child(path, "appProtocol"), errs);
    }
}

/// The cluster IPs a service holds: `clusterIPs`, or the legacy `clusterIP` alone.
fn cluster_ips(spec: &Value) -> Vec<String> {
    let ips: Vec<String> = list(spec, "clusterIPs")
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    if !ips.is_empty() {
        return ips;
    }
    let ip = text(spec, "clusterIP");
    if ip.is_empty() {
        Vec::new()
    } else {
        vec![ip.to_string()]
    }
}

/// A service's allocated primary cluster IP may not change (`validateUpgradeDowngradeClusterIPs`).
/// An update that omits the IPs leaves them to the allocator, which keeps the old ones.
pub fn validate_service_update(old: &Value, new: &Value, errs: &mut Errors) {
    let empty = json!({});
    let (o, n) = (
        old.get("spec").unwrap_or(&empty),
        new.get("spec").unwrap_or(&empty),
    );
    if text(o, "type") == "ExternalName"
        || text(n, "type") == "ExternalName"
        || (is_headless(o) && is_headless(n))
    {
        return;
    }
    let (old_ips, new_ips) = (cluster_ips(o), cluster_ips(n));
    if let (Some(a), Some(b)) = (old_ips.first(), new_ips.first())
        && a != b
    {
        errs.push(FieldError::invalid(
            "spec.clusterIPs[0]",
            json!(new_ips),
            "may not change once set",
        ));
    }
    if old_ips.len() == new_ips.len() {
        for (i, (a, b)) in old_ips.iter().zip(&new_ips).enumerate().skip(1) {
            if a != b {
                errs.push(FieldError::invalid(
                    index("spec.clusterIPs", i),
                    json!(new_ips),
                    "may not change once set",
                ));
            }
        }
    }
    let needs_hc = |s: &Value| {
        text(s, "type") == "LoadBalancer" && text(s, "externalTrafficPolicy") == "Local"
    };
    if needs_hc(o)
        && needs_hc(n)
        && int(o, "healthCheckNodePort") != int(n, "healthCheckNodePort")
        && int(n, "healthCheckNodePort").unwrap_or(0) != 0
    {
        errs.push(FieldError::forbidden("spec.healthCheckNodePort", IMMUTABLE));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#[path = "service_tests.rs"]
mod tests;
