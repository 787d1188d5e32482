//! A container's environment as kubelet builds it: `envFrom` (configMapRef/secretRef, with
//! prefix) first, then `env` in order — plain values with `$(VAR)` expanded against what came
//! before, `fieldRef` (the downward API), `resourceFieldRef` (with divisor; an unset limit is
//! the node's allocatable) and `configMapKeyRef`/`secretKeyRef` (optional ones may be missing).
//! ConfigMaps and Secrets are read through the node's client (the Node authorizer lets a node
//! read those its pods reference). Kubernetes' service environment variables
//! (`<SVC>_SERVICE_HOST`, …) are not generated (rk has no `enableServiceLinks` support yet).

use std::collections::{BTreeMap, HashMap};

use base64::Engine;
use serde_json::Value;

use crate::client;
use crate::pod::{ContainerSpec, Pod};
use crate::spec::resources::amount_milli;
use crate::worker::PodApi;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{kind} \"{name}\" not found")]
    NotFound { kind: &'static str, name: String },
    #[error("couldn't find key {key} in {kind} {namespace}/{name}")]
    MissingKey {
        key: String,
        kind: &'static str,
        namespace: String,
        name: String,
    },
    #[error("reading {kind} {name:?}: {source}")]
    Api {
        kind: &'static str,
        name: String,
        #[source]
        source: client::Error,
    },
    #[error("unsupported fieldPath: {0}")]
    FieldPath(String),
    #[error("unsupported container resource: {0}")]
    Resource(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the downward API may read besides the pod itself.
pub struct NodeFacts<'a> {
    pub node_name: &'a str,
    pub host_ip: &'a str,
    pub pod_ip: Option<&'a str>,
    /// The node's allocatable (an unset limit in a resourceFieldRef reads it).
    pub allocatable: &'a BTreeMap<String, String>,
}

/// `configmaps` or `secrets`, read once per resolution.
pub(crate) struct Objects<'a, A> {
    api: &'a A,
    namespace: &'a str,
    cache: HashMap<(&'static str, String), Option<BTreeMap<String, String>>>,
}

impl<'a, A: PodApi> Objects<'a, A> {
    pub(crate) fn new(api: &'a A, namespace: &'a str) -> Self {
        Objects {
            api,
            namespace,
            cache: HashMap::new(),
        }
    }

    /// The object's data (secrets decoded; configMaps' binaryData too); None when it does not exist.
    pub(crate) async fn data(
        &mut self,
        plural: &'static str,
        name: &str,
    ) -> Result<Option<BTreeMap<String, String>>> {
        let key = (plural, name.to_string());
        if let Some(d) = self.cache.get(&key) {
            return Ok(d.clone());
        }
        let path = format!("/api/v1/namespaces/{}/{plural}/{name}", self.namespace);
        let data = match self.api.get_object(&path).await {
            Ok(v) => Some(decode_data(plural, &v)),
            Err(e) if e.code() == Some(404) => None,
            Err(source) => {
                return Err(Error::Api {
                    kind: kind_of(plural),
                    name: name.into(),
                    source,
                });
            }
        };
        self.cache.insert(key, data.clone());
        Ok(data)
    }
}

fn kind_of(plural: &str) -> &'static str {
    if plural == "secrets" {
        "secret"
    } else {
        "configmap"
    }
}

fn decode_data(plural: &str, v: &Value) -> BTreeMap<String, String> {
    let b64 = |s: &str| {
        base64::engine::general_purpose::STANDARD
            .decode(s)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    };
    let mut out = BTreeMap::new();
    let field = |f: &str| v.get(f).and_then(Value::as_object).into_iter().flatten();
    if plural == "secrets" {
        for (k, s) in field("data") {
            out.insert(k.clone(), b64(s.as_str().unwrap_or("")));
        }
        for (k, s) in field("stringData") {
            out.insert(k.clone(), s.as_str().unwrap_or("").to_string());
        }
    } else {
        for (k, s) in field("data") {
            out.insert(k.clone(), s.as_str().unwrap_or("").to_string());
        }
        for (k, s) in field("binaryData") {
            out.insert(k.clone(), b64(s.as_str().unwrap_or("")));
        }
    }
    out
}

/// Kubelet's `$(VAR)` expansion: defined names are replaced, `$$` is a literal `$`, undefined
/// or unclosed references stay as written.
pub fn expand(input: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(inner) = after.strip_prefix('(') {
            match inner.find(')') {
                Some(end) => {
                    let name = &inner[..end];
                    match lookup(name) {
                        Some(v) => out.push_str(&v),
                        None => {
                            out.push_str("$(");
                            out.push_str(name);
                            out.push(')');
                        }
                    }
                    rest = &inner[end + 1..];
                }
                None => {
                    out.push_str(&rest[i..]);
                    rest = "";
                }
            }
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn quote_map(m: &BTreeMap<String, String>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k}={v:?}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A `fieldRef`'s value (also what downwardAPI volume files hold).
pub fn field_value(pod: &Pod, facts: &NodeFacts<'_>, path: &str) -> Result<String> {
    let extra = pod.extra.as_deref();
    let empty = BTreeMap::new();
    let labels = extra.map_or(&empty, |e| &e.labels);
    let subscript = |prefix: &str| {
        path.strip_prefix(prefix)
            .and_then(|r| r.strip_prefix("['"))
            .and_then(|r| r.strip_suffix("']"))
    };
    Ok(match path {
        "metadata.name" => pod.name.clone(),
        "metadata.namespace" => pod.namespace.clone(),
        "metadata.uid" => pod.uid.clone(),
        "metadata.labels" => quote_map(labels),
        "metadata.annotations" => quote_map(&pod.annotations),
        "spec.nodeName" => facts.node_name.to_string(),
        "spec.serviceAccountName" => extra.map_or("default", |e| &e.service_account).to_string(),
        "status.hostIP" | "status.hostIPs" => facts.host_ip.to_string(),
        "status.podIP" | "status.podIPs" => if pod.host_network {
            facts.host_ip
        } else {
            facts.pod_ip.unwrap_or("")
        }
        .to_string(),
        _ => {
            if let Some(k) = subscript("metadata.labels") {
                labels.get(k).cloned().unwrap_or_default()
            } else if let Some(k) = subscript("metadata.annotations") {
                pod.annotations.get(k).cloned().unwrap_or_default()
            } else {
                return Err(Error::FieldPath(path.into()));
            }
        }
    })
}

/// A `resourceFieldRef`'s value: the amount divided by the divisor, rounded up (cpu in cores
/// by default, memory in bytes).
pub fn resource_value(
    pod: &Pod,
    facts: &NodeFacts<'_>,
    default_container: &str,
    r: &Value,
) -> Result<String> {
    let container = r
        .get("containerName")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .unwrap_or(default_container);
    let resource = r.get("resource").and_then(Value::as_str).unwrap_or("");
    let (list, name) = resource
        .split_once('.')
        .ok_or_else(|| Error::Resource(resource.into()))?;
    if !matches!(list, "limits" | "requests") {
        return Err(Error::Resource(resource.into()));
    }
    let resources = pod
        .containers
        .iter()
        .chain(&pod.init_containers)
        .find(|c| c.name == container)
        .and_then(|c| c.extra.as_deref())
        .map(|e| &e.resources);
    let amount = resources
        .and_then(|res| amount_milli(res, list, name))
        .or_else(|| {
            // An unset limit reads the node's allocatable; an unset request is 0.
            (list == "limits")
                .then(|| {
                    facts
                        .allocatable
                        .get(name)
                        .and_then(|q| super::resources::parse_milli(q))
                })
                .flatten()
        })
        .unwrap_or(0);
    let divisor = r
        .get("divisor")
        .and_then(|d| {
            d.as_str()
                .map(str::to_string)
                .or_else(|| d.as_i64().map(|n| n.to_string()))
        })
        .and_then(|d| super::resources::parse_milli(&d))
        .filter(|d| *d > 0)
        .unwrap_or(1000);
    Ok(((amount + divisor - 1).div_euclid(divisor)).to_string())
}

/// The container's environment, in kubelet's order.
pub async fn resolve<A: PodApi>(
    api: &A,
    pod: &Pod,
    container: &ContainerSpec,
    facts: &NodeFacts<'_>,
) -> Result<Vec<(String, String)>> {
    let Some(extra) = container.extra.as_deref() else {
        return Ok(Vec::new());
    };
    let mut objects = Objects::new(api, &pod.namespace);
    let mut env: Vec<(String, String)> = Vec::new();
    let set = |env: &mut Vec<(String, String)>, k: String, v: String| match env
        .iter_mut()
        .find(|(n, _)| *n == k)
    {
        Some(e) => e.1 = v,
        None => env.push((k, v)),
    };
    for from in &extra.env_from {
        let prefix = from.get("prefix").and_then(Value::as_str).unwrap_or("");
        let (plural, r) = match (from.get("configMapRef"), from.get("secretRef")) {
            (Some(r), _) => ("configmaps", r),
            (_, Some(r)) => ("secrets", r),
            _ => continue,
        };
        let name = r.get("name").and_then(Value::as_str).unwrap_or("");
        let optional = r.get("optional").and_then(Value::as_bool).unwrap_or(false);
        match objects.data(plural, name).await? {
            Some(data) => {
                for (k, v) in data {
                    set(&mut env, format!("{prefix}{k}"), v);
                }
            }
            None if optional => {}
            None => {
                return Err(Error::NotFound {
                    kind: kind_of(plural),
                    name: name.into(),
                });
            }
        }
    }
    for e in &extra.env {
        let name = e
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let value = if let Some(from) = e.get("valueFrom") {
            if let Some(path) = from.pointer("/fieldRef/fieldPath").and_then(Value::as_str) {
                field_value(pod, facts, path)?
            } else if let Some(r) = from.get("resourceFieldRef") {
                resource_value(pod, facts, &container.name, r)?
            } else if let Some((plural, r)) = from
                .get("configMapKeyRef")
                .map(|r| ("configmaps", r))
                .or_else(|| from.get("secretKeyRef").map(|r| ("secrets", r)))
            {
                let obj = r.get("name").and_then(Value::as_str).unwrap_or("");
                let key = r.get("key").and_then(Value::as_str).unwrap_or("");
                let optional = r.get("optional").and_then(Value::as_bool).unwrap_or(false);
                match objects.data(plural, obj).await? {
                    Some(data) => match data.get(key) {
                        Some(v) => v.clone(),
                        None if optional => continue,
                        None => {
                            return Err(Error::MissingKey {
                                key: key.into(),
                                kind: if plural == "secrets" {
                                    "Secret"
                                } else {
                                    "ConfigMap"
                                },
                                namespace: pod.namespace.clone(),
                                name: obj.into(),
                            });
                        }
                    },
                    None if optional => continue,
                    None => {
                        return Err(Error::NotFound {
                            kind: kind_of(plural),
                            name: obj.into(),
                        });
                    }
                }
            } else {
                continue;
            }
        } else {
            let raw = e.get("value").and_then(Value::as_str).unwrap_or("");
            let snapshot = env.clone();
            expand(raw, |n| {
                snapshot
                    .iter()
                    .find(|(k, _)| k == n)
                    .map(|(_, v)| v.clone())
            })
        };
        set(&mut env, name, value);
    }
    Ok(env)
}

/// `command` and `args` with `$(VAR)` expanded against the container's environment.
pub fn expand_all(items: &[String], env: &[(String, String)]) -> Vec<String> {
    items
        .iter()
        .map(|s| {
            expand(s, |n| {
                env.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone())
            })
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::test_support::FakeApi;
    use serde_json::json;

    #[test]
    fn expansion_replaces_defined_names_and_keeps_the_rest() {
        let look = |n: &str| (n == "A").then(|| "x".to_string());
        assert_eq!(expand("$(A)-$(B)", look), "x-$(B)");
        assert_eq!(expand("$$(A) $ $(A", look), "$(A) $ $(A");
        assert_eq!(expand("no refs", look), "no refs");
    }

    fn pod() -> Pod {
        Pod::from_json(&json!({
            "metadata": {"name": "p", "namespace": "ns", "uid": "u1", "labels": {"app": "web"}},
            "spec": {"serviceAccountName": "builder", "containers": [{"name": "c", "image": "i",
                "resources": {"limits": {"memory": "64Mi"}, "requests": {"cpu": "250m"}},
                "envFrom": [{"configMapRef": {"name": "cm"}, "prefix": "CM_"}, {"secretRef": {"name": "nope", "optional": true}}],
                "env": [
                    {"name": "A", "value": "1"},
                    {"name": "B", "value": "$(A)-$(CM_k)-$(Z)"},
                    {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                    {"name": "APP", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['app']"}}},
                    {"name": "SA", "valueFrom": {"fieldRef": {"fieldPath": "spec.serviceAccountName"}}},
                    {"name": "IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
                    {"name": "MEM", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"}}},
                    {"name": "CPU", "valueFrom": {"resourceFieldRef": {"resource": "requests.cpu", "divisor": "1m"}}},
                    {"name": "CPULIM", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu"}}},
                    {"name": "PW", "valueFrom": {"secretKeyRef": {"name": "s", "key": "password"}}},
                    {"name": "OPT", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "missing", "optional": true}}}
                ]}]}
        }))
        .unwrap()
    }

    #[tokio::test]
    async fn every_kind_of_env_source_resolves_in_order() {
        let api = FakeApi::default();
        api.put(
            "/api/v1/namespaces/ns/configmaps/cm",
            json!({"data": {"k": "v"}}),
        );
        api.put(
            "/api/v1/namespaces/ns/secrets/s",
            json!({"data": {"password": "c2VjcmV0"}}),
        );
        let alloc = BTreeMap::from([("cpu".to_string(), "4".to_string())]);
        let facts = NodeFacts {
            node_name: "n1",
            host_ip: "10.0.0.1",
            pod_ip: Some("10.42.0.5"),
            allocatable: &alloc,
        };
        let p = pod();
        let env: BTreeMap<String, String> = resolve(&api, &p, &p.containers[0], &facts)
            .await
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(env["CM_k"], "v");
        assert_eq!(env["B"], "1-v-$(Z)");
        assert_eq!(env["POD"], "p");
        assert_eq!(env["APP"], "web");
        assert_eq!(env["SA"], "builder");
        assert_eq!(env["IP"], "10.42.0.5");
        assert_eq!(env["MEM"], "64");
        assert_eq!(env["CPU"], "250");
        assert_eq!(env["CPULIM"], "4");
        assert_eq!(env["PW"], "secret");
        assert!(!env.contains_key("OPT"));
    }

    #[tokio::test]
    async fn a_missing_configmap_or_key_is_an_error_in_kubelets_words() {
        let api = FakeApi::default();
        let alloc = BTreeMap::new();
        let facts = NodeFacts {
            node_name: "n1",
            host_ip: "h",
            pod_ip: None,
            allocatable: &alloc,
        };
        let p = pod();
        let e = resolve(&api, &p, &p.containers[0], &facts)
            .await
            .unwrap_err();
        assert_eq!(e.to_string(), "configmap \"cm\" not found");
        api.put(
            "/api/v1/namespaces/ns/configmaps/cm",
            json!({"data": {"k": "v"}}),
        );
        let e = resolve(&api, &p, &p.containers[0], &facts)
            .await
            .unwrap_err();
        assert_eq!(e.to_string(), "secret \"s\" not found");
        api.put("/api/v1/namespaces/ns/secrets/s", json!({"data": {}}));
        let e = resolve(&api, &p, &p.containers[0], &facts)
            .await
            .unwrap_err();
        assert_eq!(e.to_string(), "couldn't find key password in Secret ns/s");
    }
}
