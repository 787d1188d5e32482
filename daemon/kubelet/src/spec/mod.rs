//! What kubelet makes of a pod spec before the runtime sees it: the environment ([`env`]),
//! volumes on the host ([`volumes`]), cgroup values and security contexts ([`resources`]), and
//! the pod's DNS ([`dns`]).

pub mod env;
pub mod resources;
pub mod volumes;

use serde_json::Value;

use crate::pod::PodExtra;
use crate::runtime::DnsConfig;

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

/// The pod's resolv.conf from `dnsPolicy` and `dnsConfig`; None keeps the runtime's default
/// (the host's). rk runs no cluster DNS yet, so `ClusterFirst` falls back to the host's
/// resolv.conf as `Default` does (plus any `dnsConfig`); `None` uses `dnsConfig` alone.
pub fn dns(extra: &PodExtra) -> Option<DnsConfig> {
    let config = extra.dns_config.as_ref();
    let servers = strings(config.and_then(|c| c.get("nameservers")));
    let searches = strings(config.and_then(|c| c.get("searches")));
    let options: Vec<String> = config
        .and_then(|c| c.get("options"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|o| {
            let name = o.get("name")?.as_str()?;
            Some(match o.get("value").and_then(Value::as_str) {
                Some(v) => format!("{name}:{v}"),
                None => name.to_string(),
            })
        })
        .collect();
    if extra.dns_policy == "None" {
        return Some(DnsConfig {
            servers,
            searches,
            options,
        });
    }
    config?;
    let host = std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default();
    let mut merged = parse_resolv_conf(&host);
    merged.servers.extend(servers);
    merged.searches.extend(searches);
    merged.options.extend(options);
    Some(merged)
}

/// nameserver / search / options lines of a resolv.conf.
pub fn parse_resolv_conf(text: &str) -> DnsConfig {
    let mut c = DnsConfig::default();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("nameserver") => c.servers.extend(words.next().map(str::to_string)),
            Some("search") => c.searches.extend(words.map(str::to_string)),
            Some("options") => c.options.extend(words.map(str::to_string)),
            _ => {}
        }
    }
    c
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dns_policy_none_uses_only_the_pods_dns_config() {
        let extra = PodExtra {
            dns_policy: "None".into(),
            dns_config: Some(
                json!({"nameservers": ["1.1.1.1"], "searches": ["a.b"], "options": [{"name": "ndots", "value": "2"}, {"name": "edns0"}]}),
            ),
            ..PodExtra::default()
        };
        let d = dns(&extra).unwrap();
        assert_eq!(d.servers, ["1.1.1.1"]);
        assert_eq!(d.options, ["ndots:2", "edns0"]);
        assert!(
            dns(&PodExtra {
                dns_policy: "ClusterFirst".into(),
                ..PodExtra::default()
            })
            .is_none()
        );
    }

    #[test]
    fn resolv_conf_lines_are_read() {
        let c = parse_resolv_conf("# x\nnameserver 10.0.0.1\nsearch a b\noptions ndots:5\n");
        assert_eq!(
            (c.servers.len(), c.searches.len(), c.options.len()),
            (1, 2, 1)
        );
    }
}
