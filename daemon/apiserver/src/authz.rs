//! Authorization, until RBAC: administrators (`system:masters`) may do everything; a node
//! (`system:node:<name>` in `system:nodes`) has what Kubernetes' Node authorizer gives it; anyone
//! else nothing.
//!
//! A node may: read nodes and create or change its own Node; manage its own Lease in
//! `kube-node-lease`; list and watch the pods bound to it (`fieldSelector=spec.nodeName=<node>`),
//! read, update the status of and delete those pods; read the configmaps, secrets, PVCs and
//! service accounts those pods use; create and update events; read services, endpoints and
//! endpointslices.

use rk_api::resources::ResourceInfo;
use rk_api::status::ApiError;
use rk_store::{AnyStore, RangeRequest, Store};
use serde_json::Value;

use crate::auth::{Caller, Identity};
use crate::cache::Caches;
use crate::registry::decode;

pub const NODES_GROUP: &str = "system:nodes";

/// What is being asked, independent of how (an HTTP request or an access review).
#[derive(Clone, Debug)]
pub struct Attributes<'a> {
    pub verb: &'a str,
    pub resource: &'a ResourceInfo,
    pub subresource: Option<&'a str>,
    pub namespace: &'a str,
    pub name: &'a str,
    pub field_selector: Option<&'a str>,
    /// The name in the body of a create, when there is one.
    pub created_name: Option<&'a str>,
}

impl Identity {
    /// The node this identity is, if it is one.
    pub fn node_name(&self) -> Option<&str> {
        self.groups.iter().any(|g| g == NODES_GROUP).then(|| self.user.strip_prefix("system:node:")).flatten()
    }
}

fn forbidden(id: &Identity, a: &Attributes<'_>, reason: &str) -> ApiError {
    let resource = match a.subresource {
        Some(s) => format!("{}/{s}", a.resource.plural),
        None => a.resource.plural.to_string(),
    };
    let mut e = ApiError::forbidden(&id.user, a.verb, a.resource.group, &resource, a.name, a.namespace).because(reason);
    // The subject names the resource without its subresource, as Kubernetes prints it.
    if let Some(sub) = a.subresource {
        e.message = e.message.replacen(&format!("{}/{sub} ", a.resource.plural), &format!("{} ", a.resource.plural), 1);
    }
    e
}

/// Allows or refuses one request.
pub async fn authorize(caches: &Caches, caller: &Caller, a: &Attributes<'_>) -> Result<(), ApiError> {
    let id = match caller {
        Caller::Anonymous => return Err(ApiError::unauthorized()),
        Caller::User(id) => id,
    };
    if id.is_admin() {
        return Ok(());
    }
    // system:basic-user: everyone may ask who they are and what they may do.
    if matches!(
        (a.resource.group, a.resource.plural),
        ("authorization.k8s.io", "selfsubjectaccessreviews") | ("authentication.k8s.io", "selfsubjectreviews")
    ) && a.verb == "create"
    {
        return Ok(());
    }
    let Some(node) = id.node_name() else {
        return Err(forbidden(id, a, ""));
    };
    match node_allows(caches, node, a).await? {
        None => Ok(()),
        Some(reason) => Err(forbidden(id, a, &reason)),
    }
}

fn reads(verb: &str) -> bool {
    matches!(verb, "get" | "list" | "watch")
}

/// None when allowed; otherwise the reason.
async fn node_allows(caches: &Caches, node: &str, a: &Attributes<'_>) -> Result<Option<String>, ApiError> {
    let store = caches.store();
    let r = a.resource;
    let no_relation = || Some(format!("no relationship found between node '{node}' and this object"));
    let own = |name: &str| name == node;
    let allowed = match (r.group, r.plural) {
        ("authorization.k8s.io", "selfsubjectaccessreviews") | ("authentication.k8s.io", "selfsubjectreviews") => true,
        ("", "nodes") => match a.verb {
            v if reads(v) => true,
            "create" => a.created_name.is_some_and(own),
            _ => {
                if !own(a.name) {
                    return Ok(Some(format!("node '{node}' cannot modify node '{}'", a.name)));
                }
                true
            }
        },
        ("coordination.k8s.io", "leases") => {
            a.namespace == "kube-node-lease"
                && match a.verb {
                    "create" => a.created_name.is_some_and(own),
                    "list" | "watch" => false,
                    _ => own(a.name),
                }
        }
        ("", "pods") => match a.verb {
            "list" | "watch" => {
                let wanted = format!("spec.nodeName={node}");
                if !a.field_selector.is_some_and(|f| f.split(',').any(|t| t.trim() == wanted)) {
                    return Ok(Some(format!("can only list/watch pods with {wanted} field selector")));
                }
                true
            }
            "get" | "delete" | "update" | "patch" => {
                let writes_spec = matches!(a.verb, "update" | "patch") && a.subresource != Some("status");
                // A node reads and writes the pod and its status, never its streams (log, exec,
                // attach, portforward: a WebSocket exec is a `get`), as Kubernetes' Node authorizer.
                let other_subresource = a.subresource.is_some_and(|s| s != "status");
                !writes_spec && !other_subresource && pod_on_node(caches, a.namespace, a.name, node).await?
            }
            _ => false,
        },
        // Service account tokens for the pods on the node (kubelet's projected token volumes).
        ("", "serviceaccounts") if a.subresource == Some("token") => {
            a.verb == "create" && used_by_pod_on_node(store, r.plural, a.namespace, a.name, node).await?
        }
        ("", "configmaps" | "secrets" | "persistentvolumeclaims" | "serviceaccounts") => {
            a.verb == "get" && used_by_pod_on_node(store, r.plural, a.namespace, a.name, node).await?
        }
        ("", "events") | ("events.k8s.io", "events") => matches!(a.verb, "create" | "update" | "patch"),
        ("", "services" | "endpoints") | ("discovery.k8s.io", "endpointslices") => reads(a.verb),
        _ => false,
    };
    Ok((!allowed).then(no_relation).flatten())
}

/// Whether the pod is bound to `node`: the watch cache answers yes without a store read (the
/// agent found the pod through a watch served from that cache, so it is there); anything else
/// is checked against the store, so a stale cache never refuses what the store allows.
async fn pod_on_node(caches: &Caches, namespace: &str, name: &str, node: &str) -> Result<bool, ApiError> {
    if caches.pod_node(namespace, name).is_some_and(|n| n == node) {
        return Ok(true);
    }
    let (found, _) = caches.store().get(&format!("/pods/{namespace}/{name}")).await.map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(match found {
        Some(kv) => decode(&kv)?.pointer("/spec/nodeName").and_then(Value::as_str) == Some(node),
        None => false,
    })
}

/// Does a pod bound to `node` in `namespace` reference the object?
async fn used_by_pod_on_node(store: &AnyStore, plural: &str, namespace: &str, name: &str, node: &str) -> Result<bool, ApiError> {
    let pods = store
        .range(RangeRequest::prefix(format!("/pods/{namespace}/")))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
    for kv in &pods.kvs {
        let pod = decode(kv)?;
        if pod.pointer("/spec/nodeName").and_then(Value::as_str) == Some(node) && references(&pod, plural, name) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether a pod spec names a configmap, secret, PVC or service account.
fn references(pod: &Value, plural: &str, name: &str) -> bool {
    let Some(spec) = pod.get("spec") else { return false };
    if plural == "serviceaccounts" {
        return spec.get("serviceAccountName").and_then(Value::as_str).unwrap_or("default") == name;
    }
    let is = |v: Option<&Value>| v.and_then(Value::as_str) == Some(name);
    let volumes = spec.get("volumes").and_then(Value::as_array).into_iter().flatten();
    for v in volumes {
        let hit = match plural {
            "configmaps" => {
                is(v.pointer("/configMap/name"))
                    || v.pointer("/projected/sources").and_then(Value::as_array).into_iter().flatten().any(|s| is(s.pointer("/configMap/name")))
            }
            "secrets" => {
                is(v.pointer("/secret/secretName"))
                    || v.pointer("/projected/sources").and_then(Value::as_array).into_iter().flatten().any(|s| is(s.pointer("/secret/name")))
            }
            "persistentvolumeclaims" => is(v.pointer("/persistentVolumeClaim/claimName")),
            _ => false,
        };
        if hit {
            return true;
        }
    }
    if plural == "secrets" && spec.get("imagePullSecrets").and_then(Value::as_array).into_iter().flatten().any(|s| is(s.get("name"))) {
        return true;
    }
    let containers = ["initContainers", "containers", "ephemeralContainers"]
        .into_iter()
        .filter_map(|f| spec.get(f).and_then(Value::as_array))
        .flatten();
    for c in containers {
        let env = c.get("env").and_then(Value::as_array).into_iter().flatten();
        let env_from = c.get("envFrom").and_then(Value::as_array).into_iter().flatten();
        let hit = match plural {
            "configmaps" => {
                env.clone().any(|e| is(e.pointer("/valueFrom/configMapKeyRef/name"))) || env_from.clone().any(|e| is(e.pointer("/configMapRef/name")))
            }
            "secrets" => env.clone().any(|e| is(e.pointer("/valueFrom/secretKeyRef/name"))) || env_from.clone().any(|e| is(e.pointer("/secretRef/name"))),
            _ => false,
        };
        if hit {
            return true;
        }
    }
    false
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pods_reference_their_configmaps_and_secrets() {
        let pod = json!({"spec": {
            "volumes": [{"name": "c", "configMap": {"name": "cfg"}}, {"name": "s", "secret": {"secretName": "sec"}}],
            "containers": [{"name": "a", "env": [{"name": "X", "valueFrom": {"secretKeyRef": {"name": "envsec", "key": "k"}}}],
                            "envFrom": [{"configMapRef": {"name": "envcfg"}}]}]
        }});
        assert!(references(&pod, "configmaps", "cfg"));
        assert!(references(&pod, "configmaps", "envcfg"));
        assert!(references(&pod, "secrets", "sec"));
        assert!(references(&pod, "secrets", "envsec"));
        assert!(!references(&pod, "secrets", "other"));
        assert!(references(&pod, "serviceaccounts", "default"));
    }

    #[test]
    fn node_identities_are_recognised() {
        let n = Identity { user: "system:node:n1".into(), groups: vec![NODES_GROUP.into()] };
        assert_eq!(n.node_name(), Some("n1"));
        let not = Identity { user: "system:node:n1".into(), groups: vec![] };
        assert_eq!(not.node_name(), None);
    }
}
