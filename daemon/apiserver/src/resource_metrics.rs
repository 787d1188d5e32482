//! metrics.k8s.io/v1beta1 without a metrics-server: NodeMetrics and PodMetrics built on request
//! from the agents' `/stats/summary` (CPU as nanocores, memory as the working set), so that
//! `kubectl top node|pod` works. Nodes are asked in parallel; a node that does not answer is
//! left out, as metrics-server leaves out what it could not scrape.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use rk_api::selector::LabelSelector;
use rk_api::status::ApiError;
use rk_store::{AnyStore, RangeRequest, Store};
use serde_json::{Value, json};

use crate::State;
use crate::registry::{self, store_error};
use crate::request::{RequestInfo, Verb};

const API_VERSION: &str = "metrics.k8s.io/v1beta1";
/// How many agents are asked at once.
const CONCURRENCY: usize = 16;

async fn objects(store: &AnyStore, plural: &str, namespace: &str) -> Result<Vec<Value>, ApiError> {
    let r = rk_api::resources::find("", "v1", plural)
        .ok_or_else(|| ApiError::internal(format!("{plural} are not registered")))?;
    let page = store
        .range(RangeRequest::prefix(crate::meta::prefix(r, namespace)))
        .await
        .map_err(|e| store_error(r, "", e))?;
    page.kvs.iter().map(registry::decode).collect()
}

/// The summaries of `nodes` (Node objects), by node name.
async fn summaries(state: &Arc<State>, nodes: Vec<Value>) -> BTreeMap<String, Value> {
    futures::stream::iter(nodes)
        .filter_map(|node| async move { crate::kubelet::target_of(&node) })
        .map(|target| async move {
            let summary = state.kubelet.get_json(&target, "/stats/summary").await;
            (target.node, summary)
        })
        .buffer_unordered(CONCURRENCY)
        .filter_map(|(name, s)| async move {
            match s {
                Ok(v) => Some((name, v)),
                Err(e) => {
                    tracing::debug!(node = %name, error = %e.message, "no stats from the node's agent");
                    None
                }
            }
        })
        .collect()
        .await
}

fn usage(stats: &Value) -> Option<Value> {
    let cpu = stats
        .pointer("/cpu/usageNanoCores")
        .and_then(Value::as_u64)?;
    let memory = stats
        .pointer("/memory/workingSetBytes")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    Some(json!({"cpu": format!("{cpu}n"), "memory": format!("{}Ki", memory / 1024)}))
}

fn metadata(obj: &Value, now: &str) -> Value {
    let mut m = json!({"name": obj.pointer("/metadata/name"), "creationTimestamp": now});
    if let Some(ns) = obj.pointer("/metadata/namespace") {
        m["namespace"] = ns.clone();
    }
    if let Some(labels) = obj.pointer("/metadata/labels") {
        m["labels"] = labels.clone();
    }
    m
}

/// NodeMetrics of a node from its summary.
pub fn node_metrics(node: &Value, summary: &Value, now: &str) -> Option<Value> {
    let usage = usage(summary.get("node")?)?;
    let timestamp = summary
        .pointer("/node/cpu/time")
        .cloned()
        .unwrap_or(json!(now));
    Some(json!({
        "kind": "NodeMetrics", "apiVersion": API_VERSION, "metadata": metadata(node, now),
        "timestamp": timestamp, "window": "10s", "usage": usage,
    }))
}

/// PodMetrics of a pod from its node's summary.
pub fn pod_metrics(pod: &Value, summary: &Value, now: &str) -> Option<Value> {
    let uid = pod.pointer("/metadata/uid").and_then(Value::as_str)?;
    let stats = summary
        .get("pods")?
        .as_array()?
        .iter()
        .find(|p| p.pointer("/podRef/uid").and_then(Value::as_str) == Some(uid))?;
    let containers: Option<Vec<Value>> = stats
        .get("containers")?
        .as_array()?
        .iter()
        .map(|c| Some(json!({"name": c.get("name")?, "usage": usage(c)?})))
        .collect();
    let containers = containers.filter(|c| !c.is_empty())?;
    let timestamp = stats.pointer("/cpu/time").cloned().unwrap_or(json!(now));
    Some(json!({
        "kind": "PodMetrics", "apiVersion": API_VERSION, "metadata": metadata(pod, now),
        "timestamp": timestamp, "window": "10s", "containers": containers,
    }))
}

fn selector(info: &RequestInfo) -> Result<LabelSelector, ApiError> {
    LabelSelector::parse(info.query.get("labelSelector").unwrap_or(""))
        .map_err(|e| ApiError::bad_request(format!("unable to parse requirement: {e}")))
}

fn list(kind: &str, items: Vec<Value>) -> Response {
    let body = json!({"kind": kind, "apiVersion": API_VERSION, "metadata": {}, "items": items});
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn one(item: Value) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        item.to_string(),
    )
        .into_response()
}

pub(crate) async fn serve(state: &Arc<State>, info: &RequestInfo) -> Result<Response, ApiError> {
    if !matches!(info.verb, Verb::Get | Verb::List) || info.subresource.is_some() {
        return Err(ApiError::method_not_supported(
            "metrics.k8s.io",
            info.resource.plural,
            info.verb.as_str(),
        ));
    }
    let now = crate::meta::now_rfc3339();
    let labels = selector(info)?;
    let name = info.name.as_deref();
    match info.resource.plural {
        "nodes" => {
            let nodes: Vec<Value> = objects(&state.store, "nodes", "")
                .await?
                .into_iter()
                .filter(|n| {
                    name.map_or(labels.matches_object(n), |want| {
                        crate::meta::meta_str(n, "name") == Some(want)
                    })
                })
                .collect();
            let summaries = summaries(state, nodes.clone()).await;
            let items: Vec<Value> = nodes
                .iter()
                .filter_map(|n| {
                    node_metrics(n, summaries.get(crate::meta::meta_str(n, "name")?)?, &now)
                })
                .collect();
            match name {
                Some(n) => items
                    .into_iter()
                    .next()
                    .map(one)
                    .ok_or_else(|| ApiError::not_found("metrics.k8s.io", "nodes", n)),
                None => Ok(list("NodeMetricsList", items)),
            }
        }
        "pods" => {
            let pods: Vec<Value> = objects(&state.store, "pods", &info.namespace)
                .await?
                .into_iter()
                .filter(|p| {
                    name.map_or(labels.matches_object(p), |want| {
                        crate::meta::meta_str(p, "name") == Some(want)
                    })
                })
                .collect();
            let wanted: HashSet<&str> = pods
                .iter()
                .filter_map(|p| p.pointer("/spec/nodeName").and_then(Value::as_str))
                .collect();
            let nodes: Vec<Value> = objects(&state.store, "nodes", "")
                .await?
                .into_iter()
                .filter(|n| crate::meta::meta_str(n, "name").is_some_and(|x| wanted.contains(x)))
                .collect();
            let summaries = summaries(state, nodes).await;
            let items: Vec<Value> = pods
                .iter()
                .filter_map(|p| {
                    let node = p.pointer("/spec/nodeName").and_then(Value::as_str)?;
                    pod_metrics(p, summaries.get(node)?, &now)
                })
                .collect();
            match name {
                Some(n) => items
                    .into_iter()
                    .next()
                    .map(one)
                    .ok_or_else(|| ApiError::not_found("metrics.k8s.io", "pods", n)),
                None => Ok(list("PodMetricsList", items)),
            }
        }
        other => Err(ApiError::not_found(
            "metrics.k8s.io",
            other,
            name.unwrap_or(""),
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn summaries_become_node_and_pod_metrics() {
        let summary = json!({
            "node": {"nodeName": "n1", "cpu": {"time": "2025-01-01T00:00:00Z", "usageNanoCores": 250_000_000u64}, "memory": {"workingSetBytes": 2048}},
            "pods": [{"podRef": {"name": "web", "namespace": "d", "uid": "u1"}, "cpu": {"time": "2025-01-01T00:00:00Z"},
                      "containers": [{"name": "app", "cpu": {"usageNanoCores": 5_000_000u64}, "memory": {"workingSetBytes": 8_388_608u64}}]}],
        });
        let node = json!({"metadata": {"name": "n1", "labels": {"a": "b"}}});
        let m = node_metrics(&node, &summary, "now").unwrap();
        assert_eq!(m["usage"], json!({"cpu": "250000000n", "memory": "2Ki"}));
        assert_eq!(m["metadata"]["labels"], json!({"a": "b"}));
        let pod = json!({"metadata": {"name": "web", "namespace": "d", "uid": "u1"}});
        let m = pod_metrics(&pod, &summary, "now").unwrap();
        assert_eq!(
            m["containers"],
            json!([{"name": "app", "usage": {"cpu": "5000000n", "memory": "8192Ki"}}])
        );
        let other = json!({"metadata": {"name": "x", "namespace": "d", "uid": "u2"}});
        assert!(pod_metrics(&other, &summary, "now").is_none());
    }
}
