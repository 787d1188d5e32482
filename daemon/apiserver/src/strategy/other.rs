//! The remaining kinds with defaults or rules worth enforcing: PodDisruptionBudgets,
//! PriorityClasses, Leases, EndpointSlices, Ingresses, NetworkPolicies, StorageClasses and
//! HorizontalPodAutoscalers (v1 and v2).

use std::collections::BTreeSet;

use rk_api::status::FieldError;
use serde_json::{Value, json};

use super::container as ctr;
use super::fields::*;
use super::probes::validate_port_num_or_name;
use super::workloads::{not_more_than_100_percent, validate_int_or_percent};

// ---- PodDisruptionBudgets ---------------------------------------------------------------------

pub fn validate_pdb(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    let (min, max) = (get(&spec, "minAvailable"), get(&spec, "maxUnavailable"));
    if min.is_some() && max.is_some() {
        errs.push(FieldError::invalid(
            "spec",
            spec.clone(),
            "minAvailable and maxUnavailable cannot be both set",
        ));
    }
    for (field, v) in [("minAvailable", min), ("maxUnavailable", max)] {
        if v.is_some() {
            validate_int_or_percent(v, &format!("spec.{field}"), errs);
            not_more_than_100_percent(v, &format!("spec.{field}"), errs);
        }
    }
    validate_label_selector(spec.get("selector"), "spec.selector", errs);
    if let Some(p) = spec
        .get("unhealthyPodEvictionPolicy")
        .and_then(Value::as_str)
        && !matches!(p, "AlwaysAllow" | "IfHealthyBudget")
    {
        errs.push(FieldError::not_supported(
            "spec.unhealthyPodEvictionPolicy",
            p,
            &["AlwaysAllow", "IfHealthyBudget"],
        ));
    }
}

// ---- PriorityClasses --------------------------------------------------------------------------

const SYSTEM_CLASSES: [(&str, i64); 2] = [
    ("system-cluster-critical", 2_000_000_000),
    ("system-node-critical", 2_000_001_000),
];
const HIGHEST_USER_PRIORITY: i64 = 1_000_000_000;

pub fn default_priority_class(obj: &mut Value) {
    default_to(obj, "preemptionPolicy", json!("PreemptLowerPriority"));
}

pub fn validate_priority_class(obj: &Value, errs: &mut Errors) {
    let name = obj
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    let value = int(obj, "value").unwrap_or(0);
    if name.starts_with("system-") {
        let problem = match SYSTEM_CLASSES.iter().find(|(n, _)| *n == name) {
            None => Some(format!("{name} is not a known system priority class")),
            Some((_, v)) if *v != value => {
                Some(format!("value of {name} PriorityClass must be {v}"))
            }
            Some(_) if boolean(obj, "globalDefault") == Some(true) => Some(format!(
                "globalDefault of {name} PriorityClass must be false"
            )),
            Some(_) => None,
        };
        if let Some(p) = problem {
            errs.push(FieldError::forbidden("metadata.name", format!("priority class names with 'system-' prefix are reserved for system use only. error: {p}")));
        }
    } else if value > HIGHEST_USER_PRIORITY {
        errs.push(FieldError::forbidden(
            "value",
            format!("maximum allowed value of a user defined priority is {HIGHEST_USER_PRIORITY}"),
        ));
    }
    if let Some(p) = obj.get("preemptionPolicy").and_then(Value::as_str) {
        match p {
            "PreemptLowerPriority" | "Never" => {}
            "" => errs.push(FieldError::required("preemptionPolicy", "")),
            other => errs.push(FieldError::not_supported(
                "preemptionPolicy",
                other,
                &["PreemptLowerPriority", "Never"],
            )),
        }
    }
}

pub fn validate_priority_class_update(old: &Value, new: &Value, errs: &mut Errors) {
    if int(old, "value") != int(new, "value") {
        errs.push(FieldError::forbidden(
            "value",
            "may not be changed in an update.",
        ));
    }
    immutable(
        new.get("preemptionPolicy"),
        old.get("preemptionPolicy"),
        "preemptionPolicy",
        errs,
    );
}

// ---- Leases -----------------------------------------------------------------------------------

pub fn validate_lease(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    if let Some(d) = int(&spec, "leaseDurationSeconds").filter(|d| *d <= 0) {
        errs.push(FieldError::invalid(
            "spec.leaseDurationSeconds",
            d,
            "must be greater than 0",
        ));
    }
    nonnegative_member(&spec, "leaseTransitions", "spec", errs);
}

// ---- EndpointSlices ---------------------------------------------------------------------------

/// discovery/v1 `SetDefaults_EndpointPort`: protocol TCP, name `""`.
pub fn default_endpoint_slice(obj: &mut Value) {
    for port in each_mut(obj, "ports") {
        default_to(port, "protocol", json!("TCP"));
        if port.get("name").is_none_or(Value::is_null) {
            port["name"] = json!("");
        }
    }
}

pub fn validate_endpoint_slice(obj: &Value, errs: &mut Errors) {
    let address_type = text(obj, "addressType");
    if !matches!(address_type, "IPv4" | "IPv6" | "FQDN") {
        errs.push(FieldError::not_supported(
            "addressType",
            address_type,
            &["FQDN", "IPv4", "IPv6"],
        ));
    }
    let endpoints = list(obj, "endpoints");
    if endpoints.len() > 1000 {
        errs.push(FieldError::too_many("endpoints", 1000));
    }
    for (i, e) in endpoints.iter().enumerate() {
        let at = index("endpoints", i);
        let addresses = list(e, "addresses");
        if addresses.is_empty() {
            errs.push(FieldError::required(
                child(&at, "addresses"),
                "must contain at least 1 address",
            ));
        } else if addresses.len() > 100 {
            errs.push(FieldError::too_many(child(&at, "addresses"), 100));
        }
        for (j, a) in addresses.iter().enumerate() {
            let ap = index(&child(&at, "addresses"), j);
            let a = a.as_str().unwrap_or("");
            match address_type {
                "IPv4" if a.parse::<std::net::Ipv4Addr>().is_err() => {
                    errs.push(FieldError::invalid(&ap, a, "must be a valid IPv4 address"));
                }
                "IPv6" if a.parse::<std::net::Ipv6Addr>().is_err() => {
                    errs.push(FieldError::invalid(&ap, a, "must be a valid IPv6 address"));
                }
                "FQDN" => validate_dns1123_subdomain(a, &ap, errs),
                _ => {}
            }
        }
        let host = text(e, "hostname");
        if !host.is_empty() {
            validate_dns1123_label(host, &child(&at, "hostname"), errs);
        }
    }
    let ports = list(obj, "ports");
    if ports.len() > 100 {
        errs.push(FieldError::too_many("ports", 100));
    }
    let mut names = BTreeSet::new();
    for (i, p) in ports.iter().enumerate() {
        let at = index("ports", i);
        let name = text(p, "name");
        if !name.is_empty() {
            validate_dns1123_label(name, &child(&at, "name"), errs);
        }
        if !names.insert(name) {
            errs.push(FieldError::duplicate(child(&at, "name"), name));
        }
        if let Some(protocol) = p.get("protocol").and_then(Value::as_str) {
            ctr::validate_protocol(protocol, &child(&at, "protocol"), errs);
        } else {
            errs.push(FieldError::required(child(&at, "protocol"), ""));
        }
        if let Some(app) = p.get("appProtocol").and_then(Value::as_str) {
            validate_qualified_name(app, &child(&at, "appProtocol"), errs);
        }
    }
}

// ---- Ingresses --------------------------------------------------------------------------------

pub fn validate_ingress(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    let rules = list(&spec, "rules");
    match get(&spec, "defaultBackend") {
        Some(b) => validate_ingress_backend(b, "spec.defaultBackend", errs),
        None if rules.is_empty() => errs.push(FieldError::invalid(
            "spec",
            Value::Null,
            "either `defaultBackend` or `rules` must be specified",
        )),
        None => {}
    }
    for (i, r) in rules.iter().enumerate() {
        let at = index("spec.rules", i);
        let host = text(r, "host");
        if !host.is_empty() {
            let bare = host.strip_prefix("*.").unwrap_or(host);
            if host.contains(':') || bare.parse::<std::net::IpAddr>().is_ok() {
                errs.push(FieldError::invalid(
                    child(&at, "host"),
                    host,
                    "must be a DNS name, not an IP address",
                ));
            } else {
                validate_dns1123_subdomain(bare, &child(&at, "host"), errs);
            }
        }
        let Some(http) = get(r, "http") else { continue };
        let hp = child(&child(&at, "http"), "paths");
        let paths = list(http, "paths");
        if paths.is_empty() {
            errs.push(FieldError::required(&hp, ""));
        }
        for (j, p) in paths.iter().enumerate() {
            let pp = index(&hp, j);
            let path = text(p, "path");
            match p.get("pathType").and_then(Value::as_str) {
                None => errs.push(FieldError::required(
                    child(&pp, "pathType"),
                    "pathType must be specified",
                )),
                Some("Exact" | "Prefix") => {
                    if !path.starts_with('/') {
                        errs.push(FieldError::invalid(
                            child(&pp, "path"),
                            path,
                            "must be an absolute path",
                        ));
                    }
                }
                Some("ImplementationSpecific") => {
                    if !path.is_empty() && !path.starts_with('/') {
                        errs.push(FieldError::invalid(
                            child(&pp, "path"),
                            path,
                            "must be an absolute path",
                        ));
                    }
                }
                Some(other) => {
                    errs.push(FieldError::not_supported(
                        child(&pp, "pathType"),
                        other,
                        &["Exact", "ImplementationSpecific", "Prefix"],
                    ));
                }
            }
            validate_ingress_backend(
                p.get("backend").unwrap_or(&Value::Null),
                &child(&pp, "backend"),
                errs,
            );
        }
    }
    for (i, t) in list(&spec, "tls").iter().enumerate() {
        for (j, h) in list(t, "hosts").iter().enumerate() {
            let h = h.as_str().unwrap_or("");
            validate_dns1123_subdomain(
                h.strip_prefix("*.").unwrap_or(h),
                &index(&child(&index("spec.tls", i), "hosts"), j),
                errs,
            );
        }
    }
    if let Some(class) = spec.get("ingressClassName").and_then(Value::as_str) {
        validate_dns1123_subdomain(class, "spec.ingressClassName", errs);
    }
}

fn validate_ingress_backend(b: &Value, path: &str, errs: &mut Errors) {
    match (get(b, "service"), get(b, "resource")) {
        (Some(_), Some(_)) => errs.push(FieldError::invalid(
            path,
            "",
            "cannot set both resource and service backends",
        )),
        (None, None) => errs.push(FieldError::invalid(
            path,
            "",
            "must specify a resource or service",
        )),
        (Some(s), None) => {
            let sp = child(path, "service");
            match text(s, "name") {
                "" => errs.push(FieldError::required(child(&sp, "name"), "")),
                n => invalid_each(&child(&sp, "name"), n, is_dns1035_label(n), errs),
            }
            let port = s.get("port").unwrap_or(&Value::Null);
            let pp = child(&sp, "port");
            match (text(port, "name"), int(port, "number").unwrap_or(0)) {
                ("", 0) => errs.push(FieldError::required(&pp, "port name or number is required")),
                (name, n) if !name.is_empty() && n != 0 => {
                    errs.push(FieldError::invalid(
                        &pp,
                        port.clone(),
                        "cannot set both port name & port number",
                    ));
                }
                ("", n) => errs.extend(
                    is_valid_port_num(n)
                        .into_iter()
                        .map(|m| FieldError::invalid(child(&pp, "number"), n, m)),
                ),
                (name, _) => {
                    invalid_each(&child(&pp, "name"), name, is_valid_port_name(name), errs)
                }
            }
        }
        (None, Some(r)) => {
            let rp = child(path, "resource");
            for field in ["kind", "name"] {
                if text(r, field).is_empty() {
                    errs.push(FieldError::required(child(&rp, field), ""));
                }
            }
        }
    }
}

// ---- NetworkPolicies --------------------------------------------------------------------------

pub fn default_network_policy(obj: &mut Value) {
    let Some(spec) = member_mut(obj, "spec") else {
        return;
    };
    for rules in ["ingress", "egress"] {
        for rule in each_mut(spec, rules) {
            for port in each_mut(rule, "ports") {
                default_to(port, "protocol", json!("TCP"));
            }
        }
    }
    if list(spec, "policyTypes").is_empty() {
        let mut types = vec![json!("Ingress")];
        if !list(spec, "egress").is_empty() {
            types.push(json!("Egress"));
        }
        spec["policyTypes"] = json!(types);
    }
}

pub fn validate_network_policy(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    validate_label_selector(spec.get("podSelector"), "spec.podSelector", errs);
    for (rules, peers) in [("ingress", "from"), ("egress", "to")] {
        for (i, rule) in list(&spec, rules).iter().enumerate() {
            let at = index(&child("spec", rules), i);
            for (j, p) in list(rule, "ports").iter().enumerate() {
                validate_policy_port(p, &index(&child(&at, "ports"), j), errs);
            }
            for (j, peer) in list(rule, peers).iter().enumerate() {
                validate_peer(peer, &index(&child(&at, peers), j), errs);
            }
        }
    }
    let types = list(&spec, "policyTypes");
    for (i, t) in types.iter().enumerate() {
        let t = t.as_str().unwrap_or("");
        if !matches!(t, "Ingress" | "Egress") {
            errs.push(FieldError::not_supported(
                index("spec.policyTypes", i),
                t,
                &["Egress", "Ingress"],
            ));
        }
    }
    if types.len() > 2 {
        errs.push(FieldError::invalid(
            "spec.policyTypes",
            json!(types),
            "may not specify more than two policyTypes",
        ));
    }
}

fn validate_policy_port(p: &Value, path: &str, errs: &mut Errors) {
    if let Some(protocol) = p.get("protocol").and_then(Value::as_str) {
        ctr::validate_protocol(protocol, &child(path, "protocol"), errs);
    }
    let port = get(p, "port");
    if let Some(port) = port {
        validate_port_num_or_name(Some(port), &child(path, "port"), errs);
    }
    if let Some(end) = int(p, "endPort") {
        match port {
            None => errs.push(FieldError::required(
                child(path, "port"),
                "must be specified when endPort is specified",
            )),
            Some(Value::String(_)) => errs.push(FieldError::forbidden(
                child(path, "endPort"),
                "may not be specified when `port` is non-numeric",
            )),
            Some(n) => {
                if end < n.as_i64().unwrap_or(0) {
                    errs.push(FieldError::invalid(
                        child(path, "endPort"),
                        end,
                        "must be greater than or equal to `port`",
                    ));
                }
                errs.extend(
                    is_valid_port_num(end)
                        .into_iter()
                        .map(|m| FieldError::invalid(child(path, "endPort"), end, m)),
                );
            }
        }
    }
}

fn validate_peer(peer: &Value, path: &str, errs: &mut Errors) {
    let mut count = 0;
    if let Some(s) = get(peer, "podSelector") {
        count += 1;
        validate_label_selector(Some(s), &child(path, "podSelector"), errs);
    }
    if let Some(s) = get(peer, "namespaceSelector") {
        count += 1;
        validate_label_selector(Some(s), &child(path, "namespaceSelector"), errs);
    }
    if let Some(b) = get(peer, "ipBlock") {
        count += 1;
        let bp = child(path, "ipBlock");
        let cidr = text(b, "cidr");
        if cidr.is_empty() {
            errs.push(FieldError::required(child(&bp, "cidr"), ""));
        } else {
            validate_cidr(&child(&bp, "cidr"), cidr, errs);
        }
        for (i, e) in list(b, "except").iter().enumerate() {
            validate_cidr(
                &index(&child(&bp, "except"), i),
                e.as_str().unwrap_or(""),
                errs,
            );
        }
    }
    if count == 0 {
        errs.push(FieldError::required(path, "must specify a peer"));
    } else if get(peer, "ipBlock").is_some() && count > 1 {
        errs.push(FieldError::forbidden(
            path,
            "may not specify both ipBlock and another peer",
        ));
    }
}

// ---- StorageClasses ---------------------------------------------------------------------------

pub fn default_storage_class(obj: &mut Value) {
    default_to(obj, "reclaimPolicy", json!("Delete"));
    default_to(obj, "volumeBindingMode", json!("Immediate"));
}

pub fn validate_storage_class(obj: &Value, errs: &mut Errors) {
    match text(obj, "provisioner") {
        "" => errs.push(FieldError::required("provisioner", "")),
        p => {
            validate_qualified_name(&p.to_lowercase(), "provisioner", errs);
        }
    }
    let reclaim = text(obj, "reclaimPolicy");
    if !matches!(reclaim, "Delete" | "Retain") {
        errs.push(FieldError::not_supported(
            "reclaimPolicy",
            reclaim,
            &["Delete", "Retain"],
        ));
    }
    let mode = text(obj, "volumeBindingMode");
    if !matches!(mode, "Immediate" | "WaitForFirstConsumer") {
        errs.push(FieldError::not_supported(
            "volumeBindingMode",
            mode,
            &["Immediate", "WaitForFirstConsumer"],
        ));
    }
}

pub fn validate_storage_class_update(old: &Value, new: &Value, errs: &mut Errors) {
    for (field, msg) in [
        ("parameters", "updates to parameters are forbidden."),
        ("provisioner", "updates to provisioner are forbidden."),
        ("reclaimPolicy", "updates to reclaimPolicy are forbidden."),
    ] {
        if old.get(field).filter(|v| !v.is_null()) != new.get(field).filter(|v| !v.is_null()) {
            errs.push(FieldError::forbidden(field, msg));
        }
    }
    immutable(
        new.get("volumeBindingMode"),
        old.get("volumeBindingMode"),
        "volumeBindingMode",
        errs,
    );
}

// ---- HorizontalPodAutoscalers -----------------------------------------------------------------

/// autoscaling/v2 (and v1) defaults: one replica at least, and 80% CPU when no metric is given.
pub fn default_hpa(version: &str, obj: &mut Value) {
    let Some(spec) = member_mut(obj, "spec") else {
        return;
    };
    if spec.get("minReplicas").is_none_or(Value::is_null) {
        spec["minReplicas"] = json!(1);
    }
    if version == "v1" {
        return;
    }
    if list(spec, "metrics").is_empty() {
        spec["metrics"] = json!([{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]);
    }
    if let Some(behavior) = spec.get_mut("behavior").filter(|b| b.is_object()) {
        let up = json!({"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
            "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15}, {"type": "Percent", "value": 100, "periodSeconds": 15}]});
        let down = json!({"stabilizationWindowSeconds": 300, "selectPolicy": "Max",
            "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]});
        for (k, defaults) in [("scaleUp", up), ("scaleDown", down)] {
            let rules = behavior
                .as_object_mut()
                .map(|m| m.entry(k).or_insert_with(|| json!({})));
            if let Some(rules) = rules {
                if rules.is_null() {
                    *rules = json!({});
                }
                for field in ["stabilizationWindowSeconds", "selectPolicy", "policies"] {
                    set_missing(rules, field, &defaults[field]);
                }
            }
        }
    }
}

fn set_missing(v: &mut Value, k: &str, value: &Value) {
    if let Some(m) = v.as_object_mut()
        && m.get(k).is_none_or(Value::is_null)
    {
        m.insert(k.to_string(), value.clone());
    }
}

pub fn validate_hpa(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    let target = spec
        .get("scaleTargetRef")
        .cloned()
        .unwrap_or_else(|| json!({}));
    for field in ["kind", "name"] {
        let v = text(&target, field);
        let path = format!("spec.scaleTargetRef.{field}");
        if v.is_empty() {
            errs.push(FieldError::required(path, ""));
        } else if field == "name" {
            invalid_each(&path, v, is_dns1123_subdomain(v), errs);
        }
    }
    let min = int(&spec, "minReplicas").unwrap_or(1);
    if min < 1 {
        errs.push(FieldError::invalid(
            "spec.minReplicas",
            min,
            "must be greater than or equal to 1",
        ));
    }
    let max = int(&spec, "maxReplicas").unwrap_or(0);
    if max < 1 {
        errs.push(FieldError::invalid(
            "spec.maxReplicas",
            max,
            "must be greater than 0",
        ));
    }
    if min > max {
        errs.push(FieldError::invalid(
            "spec.maxReplicas",
            max,
            "must be greater than or equal to `minReplicas`",
        ));
    }
    if let Some(t) = int(&spec, "targetCPUUtilizationPercentage").filter(|t| *t < 1) {
        errs.push(FieldError::invalid(
            "spec.targetCPUUtilizationPercentage",
            t,
            "must be greater than 0",
        ));
    }
    for (i, m) in list(&spec, "metrics").iter().enumerate() {
        let at = index("spec.metrics", i);
        let kind = text(m, "type");
        let expected = match kind {
            "Object" => "object",
            "Pods" => "pods",
            "Resource" => "resource",
            "ContainerResource" => "containerResource",
            "External" => "external",
            "" => {
                errs.push(FieldError::required(
                    child(&at, "type"),
                    "must specify a metric source type",
                ));
                continue;
            }
            other => {
                errs.push(FieldError::invalid(
                    child(&at, "type"),
                    other,
                    "must be either 'Object', 'Pods', 'Resource', 'ContainerResource' or 'External'",
                ));
                continue;
            }
        };
        if get(m, expected).is_none() {
            errs.push(FieldError::required(
                child(&at, expected),
                format!("must populate information for the given metric source (type {kind})"),
            ));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use serde_json::{Value, json};

    use crate::strategy::{apply_defaults, validate, validate_update};

    fn errors(group: &str, version: &str, plural: &str, mut obj: Value) -> Vec<String> {
        let r = rk_api::resources::find(group, version, plural).unwrap();
        apply_defaults(r, &mut obj);
        validate(r, &obj).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn disruption_budgets() {
        let pdb = |spec: Value| json!({"metadata": {"name": "p"}, "spec": spec});
        assert!(
            errors(
                "policy",
                "v1",
                "poddisruptionbudgets",
                pdb(json!({"minAvailable": 1}))
            )
            .is_empty()
        );
        assert_eq!(
            errors(
                "policy",
                "v1",
                "poddisruptionbudgets",
                pdb(json!({"minAvailable": "150%"}))
            ),
            vec!["spec.minAvailable: Invalid value: \"150%\": must not be greater than 100%"]
        );
        assert_eq!(
            errors(
                "policy",
                "v1",
                "poddisruptionbudgets",
                pdb(json!({"maxUnavailable": -1}))
            ),
            vec!["spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"]
        );
    }

    #[test]
    fn priority_classes() {
        let mut pc = json!({"metadata": {"name": "high"}, "value": 1000});
        let r = rk_api::resources::find("scheduling.k8s.io", "v1", "priorityclasses").unwrap();
        apply_defaults(r, &mut pc);
        assert_eq!(pc["preemptionPolicy"], "PreemptLowerPriority");
        assert_eq!(
            errors(
                "scheduling.k8s.io",
                "v1",
                "priorityclasses",
                json!({"metadata": {"name": "huge"}, "value": 2_000_000_000})
            ),
            vec![
                "value: Forbidden: maximum allowed value of a user defined priority is 1000000000"
            ]
        );
        let mut raised = pc.clone();
        raised["value"] = json!(2000);
        let errs: Vec<String> = validate_update(r, &pc, &raised)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errs,
            vec!["value: Forbidden: may not be changed in an update."]
        );
    }

    #[test]
    fn network_policies_storage_classes_and_autoscalers_get_defaults() {
        let np = rk_api::resources::find("networking.k8s.io", "v1", "networkpolicies").unwrap();
        let mut policy = json!({"metadata": {"name": "n"}, "spec": {"podSelector": {}, "egress": [{"ports": [{"port": 53}]}]}});
        apply_defaults(np, &mut policy);
        assert_eq!(policy["spec"]["policyTypes"], json!(["Ingress", "Egress"]));
        assert_eq!(policy["spec"]["egress"][0]["ports"][0]["protocol"], "TCP");

        let sc = rk_api::resources::find("storage.k8s.io", "v1", "storageclasses").unwrap();
        let mut class = json!({"metadata": {"name": "fast"}, "provisioner": "rk.io/local"});
        apply_defaults(sc, &mut class);
        assert_eq!(
            (
                class["reclaimPolicy"].clone(),
                class["volumeBindingMode"].clone()
            ),
            (json!("Delete"), json!("Immediate"))
        );
        assert_eq!(
            errors(
                "storage.k8s.io",
                "v1",
                "storageclasses",
                json!({"metadata": {"name": "x"}})
            ),
            vec!["provisioner: Required value"]
        );

        let hpa = rk_api::resources::find("autoscaling", "v2", "horizontalpodautoscalers").unwrap();
        let mut a = json!({"metadata": {"name": "h"}, "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "maxReplicas": 5}});
        apply_defaults(hpa, &mut a);
        assert_eq!(a["spec"]["minReplicas"], 1);
        assert_eq!(
            a["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"],
            80
        );
        assert_eq!(
            errors(
                "autoscaling",
                "v2",
                "horizontalpodautoscalers",
                json!({"metadata": {"name": "h"}, "spec": {"scaleTargetRef": {"kind": "Deployment"}, "minReplicas": 3, "maxReplicas": 2}})
            ),
            vec![
                "spec.scaleTargetRef.name: Required value",
                "spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`",
            ]
        );
    }

    #[test]
    fn ingresses_and_endpoint_slices() {
        let ing = |spec: Value| json!({"metadata": {"name": "i"}, "spec": spec});
        assert_eq!(
            errors("networking.k8s.io", "v1", "ingresses", ing(json!({}))),
            vec!["spec: Invalid value: null: either `defaultBackend` or `rules` must be specified"]
        );
        assert_eq!(
            errors(
                "networking.k8s.io",
                "v1",
                "ingresses",
                ing(
                    json!({"rules": [{"http": {"paths": [{"path": "/", "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]})
                )
            ),
            vec![
                "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"
            ]
        );
        let r = rk_api::resources::find("discovery.k8s.io", "v1", "endpointslices").unwrap();
        let mut slice = json!({"metadata": {"name": "s"}, "addressType": "IPv4", "endpoints": [{"addresses": ["10.0.0.1"]}], "ports": [{"port": 80}]});
        apply_defaults(r, &mut slice);
        assert_eq!(
            slice["ports"][0],
            json!({"port": 80, "protocol": "TCP", "name": ""})
        );
        assert!(validate(r, &slice).is_empty());
        slice["endpoints"][0]["addresses"][0] = json!("fe80::1");
        let errs: Vec<String> = validate(r, &slice)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errs,
            vec![
                "endpoints[0].addresses[0]: Invalid value: \"fe80::1\": must be a valid IPv4 address"
            ]
        );
    }
}
