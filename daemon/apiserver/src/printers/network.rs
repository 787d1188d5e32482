//! Networking: services, endpoints, endpoint slices, ingresses, ingress classes and network
//! policies.

use serde_json::Value;

use super::format::{
    age, field, format_label_selector, format_labels, int, join_host_port, list, list_with_more,
    load_balancer_ingress, name, non_empty, opt_int, opt_text, text,
};
use super::{AGE, Column, NAME, docs};

pub(super) const SERVICE_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Type", "string", docs::SVC_TYPE),
    Column::new("Cluster-IP", "string", docs::SVC_CLUSTER_IP),
    Column::new("External-IP", "string", docs::SVC_EXTERNAL_IPS),
    Column::new("Port(s)", "string", docs::SVC_PORTS),
    AGE,
    Column::wide("Selector", "string", docs::SVC_SELECTOR),
];

pub(super) fn service_cells(svc: &Value, now: i64) -> Vec<Value> {
    // The API defaults the type to ClusterIP and fills clusterIPs from clusterIP.
    let service_type = non_empty(svc, &["spec", "type"]).unwrap_or("ClusterIP");
    let cluster_ip = list(svc, &["spec", "clusterIPs"])
        .first()
        .and_then(Value::as_str)
        .or_else(|| non_empty(svc, &["spec", "clusterIP"]))
        .unwrap_or("<none>");
    let ports = service_ports(list(svc, &["spec", "ports"]));
    vec![
        name(svc).into(),
        service_type.into(),
        cluster_ip.into(),
        external_ip(svc, service_type).into(),
        (if ports.is_empty() {
            "<none>".to_string()
        } else {
            ports
        })
        .into(),
        age(svc, now),
        format_labels(field(svc, &["spec", "selector"])).into(),
    ]
}

/// The External-IP cell: `spec.externalIPs` for ClusterIP and NodePort services; the load
/// balancer's ingress points (then the external IPs) or `<pending>` for LoadBalancer ones; the
/// DNS name for ExternalName ones.
fn external_ip(svc: &Value, service_type: &str) -> String {
    let external_ips: Vec<&str> = list(svc, &["spec", "externalIPs"])
        .iter()
        .filter_map(Value::as_str)
        .collect();
    match service_type {
        "ClusterIP" | "NodePort" if external_ips.is_empty() => "<none>".to_string(),
        "ClusterIP" | "NodePort" => external_ips.join(","),
        "LoadBalancer" => {
            let ingress = load_balancer_ingress(field(svc, &["status", "loadBalancer"]));
            if !external_ips.is_empty() {
                let mut all: Vec<&str> = Vec::new();
                if !ingress.is_empty() {
                    all.extend(ingress.split(','));
                }
                all.extend(external_ips);
                all.join(",")
            } else if !ingress.is_empty() {
                ingress
            } else {
                "<pending>".to_string()
            }
        }
        "ExternalName" => text(svc, &["spec", "externalName"]).to_string(),
        _ => "<unknown>".to_string(),
    }
}

/// `80/TCP,443:30443/TCP`: port, node port when allocated, protocol (TCP by default).
fn service_ports(ports: &[Value]) -> String {
    ports
        .iter()
        .map(|p| {
            let port = int(p, &["port"]);
            let protocol = non_empty(p, &["protocol"]).unwrap_or("TCP");
            match opt_int(p, &["nodePort"]).filter(|n| *n > 0) {
                Some(node_port) => format!("{port}:{node_port}/{protocol}"),
                None => format!("{port}/{protocol}"),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

pub(super) const ENDPOINTS_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Endpoints", "string", docs::ENDPOINTS_SUBSETS),
    AGE,
];

pub(super) fn endpoints_cells(obj: &Value, now: i64) -> Vec<Value> {
    vec![
        name(obj).into(),
        format_endpoints(list(obj, &["subsets"])).into(),
        age(obj, now),
    ]
}

/// Up to three ready `ip:port` pairs (bare IPs for port-less subsets), then `+ n more...`;
/// `<none>` without subsets.
fn format_endpoints(subsets: &[Value]) -> String {
    const MAX: usize = 3;
    if subsets.is_empty() {
        return "<none>".to_string();
    }
    let mut shown: Vec<String> = Vec::new();
    let mut total = 0;
    for subset in subsets {
        let addresses = list(subset, &["addresses"]);
        let ports = list(subset, &["ports"]);
        if ports.is_empty() {
            // Headless services may have no ports.
            total += addresses.len();
            shown.extend(addresses.iter().map(|a| text(a, &["ip"]).to_string()));
            continue;
        }
        for port in ports {
            total += addresses.len();
            let port = int(port, &["port"]);
            shown.extend(
                addresses
                    .iter()
                    .map(|a| join_host_port(text(a, &["ip"]), port)),
            );
        }
    }
    shown.truncate(MAX);
    let joined = shown.join(",");
    if total > MAX {
        format!("{joined} + {} more...", total - MAX)
    } else {
        joined
    }
}

pub(super) const ENDPOINT_SLICE_COLUMNS: &[Column] = &[
    NAME,
    Column::new("AddressType", "string", docs::ES_ADDRESS_TYPE),
    Column::new("Ports", "string", docs::ES_PORTS),
    Column::new("Endpoints", "string", docs::ES_ENDPOINTS),
    AGE,
];

pub(super) fn endpoint_slice_cells(obj: &Value, now: i64) -> Vec<Value> {
    let ports: Vec<String> = list(obj, &["ports"])
        .iter()
        .map(|p| match (opt_int(p, &["port"]), opt_text(p, &["name"])) {
            (Some(port), _) => port.to_string(),
            (None, Some(name)) => name.to_string(),
            (None, None) => "*".to_string(),
        })
        .collect();
    let addresses: Vec<String> = list(obj, &["endpoints"])
        .iter()
        .flat_map(|e| list(e, &["addresses"]))
        .filter_map(|a| a.as_str().map(String::from))
        .collect();
    vec![
        name(obj).into(),
        text(obj, &["addressType"]).into(),
        list_with_more(&ports, ports.len(), 3).into(),
        list_with_more(&addresses, addresses.len(), 3).into(),
        age(obj, now),
    ]
}

pub(super) const INGRESS_COLUMNS: &[Column] = &[
    NAME,
    Column::new(
        "Class",
        "string",
        "The name of the IngressClass resource that should be used for additional configuration",
    ),
    Column::new(
        "Hosts",
        "string",
        "Hosts that incoming requests are matched against before the ingress rule",
    ),
    Column::new(
        "Address",
        "string",
        "Address is a list containing ingress points for the load-balancer",
    ),
    Column::new("Ports", "string", "Ports of TLS configurations that open"),
    AGE,
];

pub(super) fn ingress_cells(obj: &Value, now: i64) -> Vec<Value> {
    let ports = if list(obj, &["spec", "tls"]).is_empty() {
        "80"
    } else {
        "80, 443"
    };
    vec![
        name(obj).into(),
        opt_text(obj, &["spec", "ingressClassName"])
            .unwrap_or("<none>")
            .into(),
        ingress_hosts(list(obj, &["spec", "rules"])).into(),
        load_balancer_ingress(field(obj, &["status", "loadBalancer"])).into(),
        ports.into(),
        age(obj, now),
    ]
}

/// The first three rule hosts, then `+ n more...` (n counting every rule past the third, hosts or
/// not) when more rules follow; `*` when no rule names a host.
fn ingress_hosts(rules: &[Value]) -> String {
    const MAX: usize = 3;
    let mut hosts: Vec<&str> = Vec::new();
    let mut more = false;
    for rule in rules {
        if hosts.len() == MAX {
            more = true;
        }
        if !more {
            hosts.extend(non_empty(rule, &["host"]));
        }
    }
    if hosts.is_empty() {
        return "*".to_string();
    }
    let joined = hosts.join(",");
    if more {
        format!("{joined} + {} more...", rules.len().saturating_sub(MAX))
    } else {
        joined
    }
}

pub(super) const INGRESS_CLASS_COLUMNS: &[Column] = &[
    NAME,
    Column::new(
        "Controller",
        "string",
        "Controller that is responsible for handling this class",
    ),
    Column::new(
        "Parameters",
        "string",
        "A reference to a resource with additional parameters",
    ),
    AGE,
];

pub(super) fn ingress_class_cells(obj: &Value, now: i64) -> Vec<Value> {
    let parameters = match field(obj, &["spec", "parameters"]) {
        Some(p) if p.is_object() => {
            let kind = text(p, &["kind"]);
            let name = text(p, &["name"]);
            match opt_text(p, &["apiGroup"]) {
                Some(group) => format!("{kind}.{group}/{name}"),
                None => format!("{kind}/{name}"),
            }
        }
        _ => "<none>".to_string(),
    };
    vec![
        name(obj).into(),
        text(obj, &["spec", "controller"]).into(),
        parameters.into(),
        age(obj, now),
    ]
}

pub(super) const NETWORK_POLICY_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Pod-Selector", "string", docs::NETPOL_POD_SELECTOR),
    AGE,
];

pub(super) fn network_policy_cells(obj: &Value, now: i64) -> Vec<Value> {
    // podSelector is a struct, not a pointer, upstream: absent is the empty selector.
    let empty = Value::Object(serde_json::Map::new());
    let selector = field(obj, &["spec", "podSelector"])
        .filter(|s| !s.is_null())
        .unwrap_or(&empty);
    vec![
        name(obj).into(),
        format_label_selector(Some(selector)).into(),
        age(obj, now),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use serde_json::{Value, json};

    use super::super::duration::format_rfc3339_utc;
    use super::*;

    /// 2024-05-01T12:00:00Z.
    const NOW: i64 = 1_714_564_800;

    fn meta(name: &str) -> Value {
        json!({"name": name, "namespace": "shop", "creationTimestamp": format_rfc3339_utc(NOW - 86_400 * 12)})
    }

    #[test]
    fn a_node_port_service_lists_each_port_with_its_node_port() {
        let svc = json!({
            "apiVersion": "v1", "kind": "Service", "metadata": meta("web"),
            "spec": {
                "type": "NodePort", "clusterIP": "10.43.12.7", "clusterIPs": ["10.43.12.7"],
                "selector": {"app": "web", "tier": "frontend"},
                "ports": [
                    {"name": "http", "protocol": "TCP", "port": 80, "targetPort": 8080, "nodePort": 30080},
                    {"name": "https", "protocol": "TCP", "port": 443, "targetPort": 8443, "nodePort": 30443},
                    {"name": "dns", "protocol": "UDP", "port": 53, "targetPort": 53, "nodePort": 30053}
                ]
            },
            "status": {"loadBalancer": {}}
        });
        assert_eq!(
            service_cells(&svc, NOW),
            [
                json!("web"),
                json!("NodePort"),
                json!("10.43.12.7"),
                json!("<none>"),
                json!("80:30080/TCP,443:30443/TCP,53:30053/UDP"),
                json!("12d"),
                json!("app=web,tier=frontend")
            ]
        );
    }

    #[test]
    fn a_cluster_ip_service_without_ports_or_selector_prints_none() {
        let svc = json!({"metadata": meta("kubernetes"), "spec": {"clusterIP": "10.43.0.1", "ports": [{"port": 443, "targetPort": 6443}]}});
        assert_eq!(
            service_cells(&svc, NOW)[1..5],
            [
                json!("ClusterIP"),
                json!("10.43.0.1"),
                json!("<none>"),
                json!("443/TCP")
            ]
        );
        assert_eq!(service_cells(&svc, NOW)[6], "<none>");
        let headless = json!({"metadata": meta("db"), "spec": {"clusterIP": "None", "clusterIPs": ["None"], "externalIPs": ["192.0.2.5"]}});
        assert_eq!(
            service_cells(&headless, NOW)[2..5],
            [json!("None"), json!("192.0.2.5"), json!("<none>")]
        );
    }

    #[test]
    fn load_balancers_are_pending_until_they_get_an_address() {
        let mut svc = json!({"metadata": meta("lb"), "spec": {"type": "LoadBalancer", "clusterIPs": ["10.43.1.1"], "ports": [{"port": 80, "nodePort": 31000, "protocol": "TCP"}]}});
        assert_eq!(service_cells(&svc, NOW)[3], "<pending>");
        svc["status"] = json!({"loadBalancer": {"ingress": [{"ip": "203.0.113.10"}, {"hostname": "a1b2c3.elb.example.com"}]}});
        assert_eq!(
            service_cells(&svc, NOW)[3],
            "203.0.113.10,a1b2c3.elb.example.com"
        );
        svc["spec"]["externalIPs"] = json!(["192.0.2.9"]);
        assert_eq!(
            service_cells(&svc, NOW)[3],
            "203.0.113.10,a1b2c3.elb.example.com,192.0.2.9"
        );
        let external = json!({"metadata": meta("ext"), "spec": {"type": "ExternalName", "externalName": "db.example.com"}});
        assert_eq!(
            service_cells(&external, NOW)[1..5],
            [
                json!("ExternalName"),
                json!("<none>"),
                json!("db.example.com"),
                json!("<none>")
            ]
        );
    }

    #[test]
    fn endpoints_show_three_addresses_then_how_many_more() {
        let endpoints = json!({"metadata": meta("web"), "subsets": [{
            "addresses": [{"ip": "10.42.0.5"}, {"ip": "10.42.1.6"}],
            "notReadyAddresses": [{"ip": "10.42.2.7"}],
            "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}, {"name": "https", "port": 8443, "protocol": "TCP"}]
        }]});
        assert_eq!(
            endpoints_cells(&endpoints, NOW)[1],
            "10.42.0.5:8080,10.42.1.6:8080,10.42.0.5:8443 + 1 more..."
        );
        let headless =
            json!({"metadata": meta("db"), "subsets": [{"addresses": [{"ip": "fd00::5"}]}]});
        assert_eq!(endpoints_cells(&headless, NOW)[1], "fd00::5");
        let ipv6 = json!({"metadata": meta("v6"), "subsets": [{"addresses": [{"ip": "fd00::5"}], "ports": [{"port": 80}]}]});
        assert_eq!(endpoints_cells(&ipv6, NOW)[1], "[fd00::5]:80");
        assert_eq!(
            endpoints_cells(&json!({"metadata": meta("none")}), NOW)[1],
            "<none>"
        );
    }

    #[test]
    fn endpoint_slices_list_ports_and_addresses() {
        let slice = json!({"metadata": meta("web-abc12"), "addressType": "IPv4",
            "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}, {"name": "named"}],
            "endpoints": [{"addresses": ["10.42.0.5"], "conditions": {"ready": true}}, {"addresses": ["10.42.1.6"]}]});
        assert_eq!(
            endpoint_slice_cells(&slice, NOW),
            [
                json!("web-abc12"),
                json!("IPv4"),
                json!("8080,named"),
                json!("10.42.0.5,10.42.1.6"),
                json!("12d")
            ]
        );
        let empty = json!({"metadata": meta("empty"), "addressType": "IPv6", "endpoints": null});
        assert_eq!(
            endpoint_slice_cells(&empty, NOW)[2..4],
            [json!("<unset>"), json!("<unset>")]
        );
    }

    #[test]
    fn an_ingress_shows_class_hosts_address_and_ports() {
        let ingress = json!({"metadata": meta("shop"),
            "spec": {"ingressClassName": "traefik", "tls": [{"hosts": ["shop.example.com"], "secretName": "tls"}],
                     "rules": [{"host": "shop.example.com"}, {"http": {}}, {"host": "api.example.com"}, {"host": "admin.example.com"}, {"host": "x.example.com"}]},
            "status": {"loadBalancer": {"ingress": [{"ip": "192.0.2.20"}]}}});
        assert_eq!(
            ingress_cells(&ingress, NOW),
            [
                json!("shop"),
                json!("traefik"),
                json!("shop.example.com,api.example.com,admin.example.com + 2 more..."),
                json!("192.0.2.20"),
                json!("80, 443"),
                json!("12d")
            ]
        );
        let catch_all = json!({"metadata": meta("all"), "spec": {"defaultBackend": {}}});
        assert_eq!(
            ingress_cells(&catch_all, NOW)[1..5],
            [json!("<none>"), json!("*"), json!(""), json!("80")]
        );
    }

    #[test]
    fn ingress_classes_and_network_policies_print_their_references() {
        let class = json!({"metadata": meta("nginx"), "spec": {"controller": "k8s.io/ingress-nginx",
            "parameters": {"apiGroup": "k8s.example.com", "kind": "IngressParameters", "name": "external-lb"}}});
        assert_eq!(
            ingress_class_cells(&class, NOW)[1..3],
            [
                json!("k8s.io/ingress-nginx"),
                json!("IngressParameters.k8s.example.com/external-lb")
            ]
        );
        let policy = json!({"metadata": meta("deny-all"), "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}});
        assert_eq!(
            network_policy_cells(&policy, NOW),
            [json!("deny-all"), json!("<none>"), json!("12d")]
        );
        let web = json!({"metadata": meta("web"), "spec": {"podSelector": {"matchLabels": {"app": "web"}}}});
        assert_eq!(network_policy_cells(&web, NOW)[1], "app=web");
    }
}
