//! Requests answered by a node's agent: `pods/log`, `pods/exec`, `pods/attach`,
//! `pods/portforward` (checked here with Kubernetes' validation and wording, then proxied to
//! the pod's node — upgrades spliced through, see [`crate::kubelet`]), `nodes/proxy`
//! (`/api/v1/nodes/{name}/proxy/{path}` → the agent's `/{path}`), and metrics.k8s.io
//! ([`crate::resource_metrics`]). Each is authorized like any resource request first.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use rk_api::status::{ApiError, FieldError};
use serde_json::Value;

use crate::State;
use crate::auth::Caller;
use crate::authz::{self, Attributes};
use crate::registry;
use crate::request::{self, RequestInfo, Verb};
use crate::routes::StatusResponse;

const POD_STREAMS: &[&str] = &["log", "exec", "attach", "portforward"];

/// Handles the request if it is one of these; gives it back otherwise.
pub(crate) async fn intercept(state: &Arc<State>, req: Request) -> Result<Response, Request> {
    let path = req.uri().path().to_string();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    if let ["api", "v1", "nodes", name, "proxy", rest @ ..] = segments.as_slice() {
        let name = name.split(':').next().unwrap_or(name).to_string();
        let rest = rest.join("/");
        return Ok(node_proxy(state, req, &name, &rest)
            .await
            .unwrap_or_else(|e| StatusResponse(e).into_response()));
    }
    let is_metrics = segments.get(1) == Some(&"metrics.k8s.io");
    let Some(Ok(info)) = request::parse(req.method(), &path, req.uri().query()) else {
        return Err(req);
    };
    let pod_stream = info.resource.plural == "pods"
        && info.resource.group.is_empty()
        && info
            .subresource
            .as_deref()
            .is_some_and(|s| POD_STREAMS.contains(&s));
    if !(pod_stream || is_metrics) {
        return Err(req);
    }
    let caller = req
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or(Caller::Anonymous);
    let answer = async {
        authorize(state, &caller, &info).await?;
        if is_metrics {
            crate::resource_metrics::serve(state, &info).await
        } else {
            pod_stream_request(state, req, &info).await
        }
    };
    Ok(answer
        .await
        .unwrap_or_else(|e| StatusResponse(e).into_response()))
}

async fn authorize(state: &State, caller: &Caller, info: &RequestInfo) -> Result<(), ApiError> {
    let attributes = Attributes {
        verb: info.verb.as_str(),
        resource: info.resource,
        subresource: info.subresource.as_deref(),
        namespace: &info.namespace,
        name: info.name.as_deref().unwrap_or(""),
        field_selector: info.query.get("fieldSelector"),
        created_name: None,
    };
    authz::authorize(&state.caches, caller, &attributes).await
}

/// Every container name of a pod spec: init containers, containers, ephemeral containers.
fn container_names(pod: &Value) -> (Vec<String>, Vec<String>, Vec<String>) {
    let names = |field: &str| -> Vec<String> {
        pod.pointer(&format!("/spec/{field}"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| c.get("name").and_then(Value::as_str).map(str::to_string))
            .collect()
    };
    (
        names("initContainers"),
        names("containers"),
        names("ephemeralContainers"),
    )
}

/// The container a log/exec/attach request means, as Kubernetes picks and words it.
pub(crate) fn pick_container(pod: &Value, requested: Option<&str>) -> Result<String, ApiError> {
    let name = pod
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    let (init, main, ephemeral) = container_names(pod);
    match requested.filter(|c| !c.is_empty()) {
        Some(c) => {
            if init.iter().chain(&main).chain(&ephemeral).any(|n| n == c) {
                Ok(c.to_string())
            } else {
                Err(ApiError::bad_request(format!(
                    "container {c} is not valid for pod {name}"
                )))
            }
        }
        None if main.len() == 1 => Ok(main[0].clone()),
        None => {
            let mut message = format!(
                "a container name must be specified for pod {name}, choose one of: [{}]",
                main.join(" ")
            );
            if !init.is_empty() {
                message.push_str(&format!(
                    " or one of the init containers: [{}]",
                    init.join(" ")
                ));
            }
            if !ephemeral.is_empty() {
                message.push_str(&format!(
                    " or one of the ephemeral containers: [{}]",
                    ephemeral.join(" ")
                ));
            }
            Err(ApiError::bad_request(message))
        }
    }
}

/// A container's status entry, wherever it is listed.
fn container_status<'a>(pod: &'a Value, container: &str) -> Option<&'a Value> {
    [
        "initContainerStatuses",
        "containerStatuses",
        "ephemeralContainerStatuses",
    ]
    .iter()
    .filter_map(|f| {
        pod.pointer(&format!("/status/{f}"))
            .and_then(Value::as_array)
    })
    .flatten()
    .find(|s| s.get("name").and_then(Value::as_str) == Some(container))
}

/// PodLogOptions' validation (upstream's wording).
fn validate_log_options(info: &RequestInfo, pod_name: &str) -> Result<(), ApiError> {
    let q = &info.query;
    let mut errors = Vec::new();
    if let Some(n) = q.number("tailLines")?
        && n < 0
    {
        errors.push(FieldError::invalid(
            "tailLines",
            n,
            "must be greater than or equal to 0",
        ));
    }
    if let Some(n) = q.number("limitBytes")?
        && n < 1
    {
        errors.push(FieldError::invalid(
            "limitBytes",
            n,
            "must be greater than 0",
        ));
    }
    if let Some(n) = q.number("sinceSeconds")? {
        if n < 1 {
            errors.push(FieldError::invalid(
                "sinceSeconds",
                n,
                "must be greater than 0",
            ));
        }
        if q.get("sinceTime").is_some() {
            errors.push(FieldError::forbidden(
                "",
                "at most one of `sinceTime` or `sinceSeconds` may be specified",
            ));
        }
    }
    for flag in [
        "follow",
        "previous",
        "timestamps",
        "insecureSkipTLSVerifyBackend",
    ] {
        q.flag(flag)?;
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid("", "PodLogOptions", pod_name, errors))
    }
}

/// The query kept for the agent: everything but `container` (it is in the path).
fn agent_query(info: &RequestInfo) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &info.query.0 {
        if k != "container" {
            out.append_pair(k, v);
        }
    }
    out.finish()
}

fn segment(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

async fn pod_stream_request(
    state: &Arc<State>,
    req: Request,
    info: &RequestInfo,
) -> Result<Response, ApiError> {
    let name = info.name.as_deref().unwrap_or("");
    let sub = info.subresource.as_deref().unwrap_or("");
    if sub == "log" && info.verb != Verb::Get {
        return Err(ApiError::method_not_supported(
            "",
            "pods/log",
            info.verb.as_str(),
        ));
    }
    let (pod, _) = registry::get(&state.store, info, name).await?;
    let node = pod
        .pointer("/spec/nodeName")
        .and_then(Value::as_str)
        .unwrap_or("");
    if node.is_empty() {
        return Err(ApiError::bad_request(format!(
            "pod {name} does not have a host assigned"
        )));
    }
    let ns = &info.namespace;
    let query = agent_query(info);
    let path = match sub {
        "portforward" => format!("/portForward/{}/{}", segment(ns), segment(name)),
        _ => {
            let container = pick_container(&pod, info.query.get("container"))?;
            let status = container_status(&pod, &container);
            if sub == "log" {
                validate_log_options(info, name)?;
                let previous = info.query.flag("previous")?;
                if previous {
                    if status
                        .and_then(|s| s.pointer("/lastState/terminated"))
                        .is_none()
                    {
                        return Err(ApiError::bad_request(format!(
                            "previous terminated container \"{container}\" in pod \"{name}\" not found"
                        )));
                    }
                } else if let Some(reason) = status
                    .and_then(|s| s.pointer("/state/waiting"))
                    .filter(|_| {
                        status
                            .and_then(|s| s.pointer("/lastState/terminated"))
                            .is_none()
                    })
                    .map(|w| w.get("reason").and_then(Value::as_str).unwrap_or(""))
                {
                    return Err(ApiError::bad_request(format!(
                        "container \"{container}\" in pod \"{name}\" is waiting to start: {reason}"
                    )));
                }
            } else if status.and_then(|s| s.pointer("/state/running")).is_none() {
                return Err(ApiError::bad_request(format!(
                    "unable to upgrade connection: container not found (\"{container}\")"
                )));
            }
            let kind = match sub {
                "log" => "containerLogs",
                "exec" => "exec",
                _ => "attach",
            };
            format!(
                "/{kind}/{}/{}/{}",
                segment(ns),
                segment(name),
                segment(&container)
            )
        }
    };
    let target = crate::kubelet::target(&state.store, node).await?;
    let path_and_query = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    state
        .kubelet
        .proxy(&target, req, &path_and_query)
        .await
        .map(IntoResponse::into_response)
}

async fn node_proxy(
    state: &Arc<State>,
    req: Request,
    name: &str,
    rest: &str,
) -> Result<Response, ApiError> {
    let nodes = rk_api::resources::find("", "v1", "nodes")
        .ok_or_else(|| ApiError::internal("nodes are not registered"))?;
    let verb = match *req.method() {
        axum::http::Method::GET | axum::http::Method::HEAD => "get",
        axum::http::Method::POST => "create",
        axum::http::Method::PUT => "update",
        axum::http::Method::PATCH => "patch",
        axum::http::Method::DELETE => "delete",
        _ => {
            return Err(ApiError::method_not_supported(
                "",
                "nodes/proxy",
                req.method().as_str(),
            ));
        }
    };
    let caller = req
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or(Caller::Anonymous);
    let attributes = Attributes {
        verb,
        resource: nodes,
        subresource: Some("proxy"),
        namespace: "",
        name,
        field_selector: None,
        created_name: None,
    };
    authz::authorize(&state.caches, &caller, &attributes).await?;
    let target = crate::kubelet::target(&state.store, name).await?;
    let path = match req.uri().query() {
        Some(q) => format!("/{rest}?{q}"),
        None => format!("/{rest}"),
    };
    let req = req.map(Body::new);
    state.kubelet.proxy(&target, req, &path).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(containers: &[&str], init: &[&str]) -> Value {
        let list = |names: &[&str]| names.iter().map(|n| json!({"name": n})).collect::<Vec<_>>();
        json!({"metadata": {"name": "web"}, "spec": {"containers": list(containers), "initContainers": list(init)}})
    }

    #[test]
    fn the_only_container_is_picked_and_several_need_a_name() {
        assert_eq!(pick_container(&pod(&["app"], &[]), None).unwrap(), "app");
        let e = pick_container(&pod(&["app", "side"], &["setup"]), None).unwrap_err();
        assert_eq!(e.code, 400);
        assert_eq!(
            e.message,
            "a container name must be specified for pod web, choose one of: [app side] or one of the init containers: [setup]"
        );
        assert_eq!(
            pick_container(&pod(&["app", "side"], &["setup"]), Some("setup")).unwrap(),
            "setup"
        );
        assert_eq!(
            pick_container(&pod(&["app"], &[]), Some("nope"))
                .unwrap_err()
                .message,
            "container nope is not valid for pod web"
        );
    }

    #[test]
    fn the_agent_gets_the_query_without_the_container() {
        let info = request::parse(
            &http::Method::GET,
            "/api/v1/namespaces/d/pods/web/log",
            Some("container=app&tailLines=5&follow=true"),
        )
        .unwrap()
        .unwrap();
        assert_eq!(agent_query(&info), "tailLines=5&follow=true");
        assert!(validate_log_options(&info, "web").is_ok());
        let bad = request::parse(
            &http::Method::GET,
            "/api/v1/namespaces/d/pods/web/log",
            Some("tailLines=-1&limitBytes=0"),
        )
        .unwrap()
        .unwrap();
        let e = validate_log_options(&bad, "web").unwrap_err();
        assert_eq!(e.code, 422);
        assert!(e.message.contains("tailLines"), "{}", e.message);
    }
}
