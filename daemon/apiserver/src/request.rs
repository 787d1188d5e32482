//! What a request asks for: Kubernetes' RequestInfo — verb, group, version, resource,
//! subresource, namespace, name — from its method, path and query.

use rk_api::resources::{self, ResourceInfo};
use rk_api::status::ApiError;

/// The Kubernetes verb of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Get,
    List,
    Watch,
    Create,
    Update,
    Patch,
    Delete,
    DeleteCollection,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "get",
            Verb::List => "list",
            Verb::Watch => "watch",
            Verb::Create => "create",
            Verb::Update => "update",
            Verb::Patch => "patch",
            Verb::Delete => "delete",
            Verb::DeleteCollection => "deletecollection",
        }
    }
}

/// A parsed resource request.
#[derive(Clone, Debug)]
pub struct RequestInfo {
    pub verb: Verb,
    pub resource: &'static ResourceInfo,
    pub subresource: Option<String>,
    /// Empty for cluster-scoped resources and for lists across all namespaces.
    pub namespace: String,
    pub name: Option<String>,
    pub query: Query,
    /// Who writes (managedFields): `?fieldManager=`, else the User-Agent's product (set by the
    /// handler), as Kubernetes names managers.
    pub manager: String,
}

/// Query parameters, repeatable, in order.
#[derive(Clone, Debug, Default)]
pub struct Query(pub Vec<(String, String)>);

impl Query {
    pub fn parse(raw: Option<&str>) -> Query {
        Query(form_urlencoded::parse(raw.unwrap_or("").as_bytes()).into_owned().collect())
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Go's strconv.ParseBool, as Kubernetes reads boolean parameters (`watch=True` from Python).
    pub fn flag(&self, key: &str) -> Result<bool, ApiError> {
        match self.get(key) {
            None => Ok(false),
            Some(v) => match v {
                "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
                "0" | "f" | "F" | "false" | "FALSE" | "False" | "" => Ok(false),
                other => Err(ApiError::bad_request(format!("invalid boolean value {other:?} for parameter {key:?}"))),
            },
        }
    }

    pub fn number(&self, key: &str) -> Result<Option<i64>, ApiError> {
        match self.get(key) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| ApiError::bad_request(format!("invalid value {v:?} for parameter {key:?}: not an integer"))),
        }
    }
}

/// Kubernetes' manager name from a User-Agent: the part before the first `/`, printable
/// characters only, at most 128 bytes.
pub fn manager_from_user_agent(user_agent: &str) -> String {
    let product = user_agent.split('/').next().unwrap_or("");
    let mut out = String::new();
    for c in product.chars().filter(|c| !c.is_control()) {
        if out.len() >= 128 {
            break;
        }
        out.push(c);
    }
    out
}

fn not_found() -> ApiError {
    ApiError { code: 404, reason: "NotFound", message: "the server could not find the requested resource".into(), details: None }
}

/// Parses `/api/v1/...` and `/apis/<group>/<version>/...` resource paths. `None` for paths that
/// are not resource requests (discovery and the like).
pub fn parse(method: &http::Method, path: &str, raw_query: Option<&str>) -> Option<Result<RequestInfo, ApiError>> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
    let (group, version, rest) = match parts.as_slice() {
        ["api", version, rest @ ..] if !rest.is_empty() => ("", *version, rest),
        ["apis", group, version, rest @ ..] if !rest.is_empty() => (*group, *version, rest),
        _ => return None,
    };
    let query = Query::parse(raw_query);
    Some(resolve(method, group, version, rest, query))
}

fn resolve(method: &http::Method, group: &str, version: &str, rest: &[&str], query: Query) -> Result<RequestInfo, ApiError> {
    // /namespaces/<ns>/<plural>/... is namespaced, unless <plural> is not a resource: then the
    // path is a subresource of the namespace itself (/namespaces/<ns>/status).
    let (namespace, rest) = match rest {
        ["namespaces", ns, plural, tail @ ..]
            if resources::find(group, version, plural).is_some_and(|r| r.namespaced) =>
        {
            (ns.to_string(), {
                let mut v = vec![*plural];
                v.extend_from_slice(tail);
                v
            })
        }
        other => (String::new(), other.to_vec()),
    };
    let (plural, name, subresource) = match rest.as_slice() {
        [plural] => (*plural, None, None),
        [plural, name] => (*plural, Some(name.to_string()), None),
        [plural, name, sub] => (*plural, Some(name.to_string()), Some(sub.to_string())),
        _ => return Err(not_found()),
    };
    let resource = resources::find(group, version, plural).ok_or_else(not_found)?;
    if let Some(sub) = &subresource
        && resource.subresource(sub).is_none()
    {
        return Err(not_found());
    }
    let watch = query.flag("watch")?;
    let verb = match (method.as_str(), name.is_some()) {
        ("GET", _) if watch => Verb::Watch,
        ("GET", true) => Verb::Get,
        ("GET", false) => Verb::List,
        ("POST", false) => Verb::Create,
        ("POST", true) if subresource.is_some() => Verb::Create,
        ("PUT", true) => Verb::Update,
        ("PATCH", true) => Verb::Patch,
        ("DELETE", true) => Verb::Delete,
        ("DELETE", false) => Verb::DeleteCollection,
        (m, _) => {
            return Err(ApiError::method_not_supported(group, plural, m));
        }
    };
    let manager = query.get("fieldManager").unwrap_or("").to_string();
    Ok(RequestInfo { verb, resource, subresource, namespace, name, query, manager })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn info(method: &str, path: &str) -> RequestInfo {
        let m = http::Method::from_bytes(method.as_bytes()).unwrap();
        let (path, q) = path.split_once('?').map_or((path, None), |(p, q)| (p, Some(q)));
        parse(&m, path, q).unwrap().unwrap()
    }

    #[test]
    fn namespaced_items_collections_and_subresources() {
        let i = info("GET", "/api/v1/namespaces/default/pods/web");
        assert_eq!((i.verb, i.resource.plural, i.namespace.as_str(), i.name.as_deref()), (Verb::Get, "pods", "default", Some("web")));
        let i = info("GET", "/apis/apps/v1/namespaces/ns/deployments?watch=true");
        assert_eq!((i.verb, i.resource.plural, i.namespace.as_str()), (Verb::Watch, "deployments", "ns"));
        let i = info("PATCH", "/apis/apps/v1/namespaces/ns/deployments/web/scale");
        assert_eq!((i.verb, i.subresource.as_deref()), (Verb::Patch, Some("scale")));
        let i = info("GET", "/api/v1/pods");
        assert_eq!((i.verb, i.namespace.as_str()), (Verb::List, ""));
    }

    #[test]
    fn namespaces_themselves_and_their_subresources() {
        let i = info("GET", "/api/v1/namespaces/default");
        assert_eq!((i.resource.plural, i.name.as_deref(), i.namespace.as_str()), ("namespaces", Some("default"), ""));
        let i = info("PUT", "/api/v1/namespaces/default/finalize");
        assert_eq!((i.resource.plural, i.subresource.as_deref()), ("namespaces", Some("finalize")));
    }

    #[test]
    fn managers_come_from_field_manager_or_the_user_agent() {
        assert_eq!(info("PATCH", "/api/v1/namespaces/d/pods/p?fieldManager=me").manager, "me");
        assert_eq!(manager_from_user_agent("kubectl/v1.33.0 (linux/amd64) kubernetes/abc"), "kubectl");
        assert_eq!(manager_from_user_agent(&"x".repeat(300)).len(), 128);
    }

    #[test]
    fn unknown_resources_and_go_booleans() {
        let m = http::Method::GET;
        assert_eq!(parse(&m, "/api/v1/nothings", None).unwrap().unwrap_err().code, 404);
        assert!(parse(&m, "/api/v1", None).is_none(), "discovery is not a resource request");
        assert_eq!(info("GET", "/api/v1/pods?watch=True").verb, Verb::Watch);
        assert_eq!(parse(&m, "/api/v1/pods", Some("watch=maybe")).unwrap().unwrap_err().code, 400);
    }
}
