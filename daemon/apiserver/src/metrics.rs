//! `/metrics` in Prometheus' text format: requests and their latency per verb, resource and code.

use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{Request, State as AxState};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    verb: String,
    group: String,
    resource: String,
    subresource: String,
    code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LatencyLabels {
    verb: String,
    group: String,
    resource: String,
}

/// The API server's metrics.
pub struct Metrics {
    registry: Mutex<Registry>,
    requests: Family<RequestLabels, Counter>,
    latency: Family<LatencyLabels, Histogram>,
}

impl Default for Metrics {
    fn default() -> Self {
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<LatencyLabels, Histogram>::new_with_constructor(|| {
            Histogram::new([0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 30.0, 60.0])
        });
        let mut registry = Registry::default();
        registry.register("apiserver_request", "Requests by verb, group, resource, subresource and HTTP code", requests.clone());
        registry.register(
            "apiserver_request_duration_seconds",
            "Request latency by verb, group and resource (watches: until the stream starts)",
            latency.clone(),
        );
        Metrics { registry: Mutex::new(registry), requests, latency }
    }
}

impl Metrics {
    pub fn encode(&self) -> String {
        let mut out = String::new();
        let registry = self.registry.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if prometheus_client::encoding::text::encode(&mut out, &registry).is_err() {
            out.clear();
        }
        out
    }
}

/// Middleware: counts and times every resource request.
pub async fn record(AxState(state): AxState<std::sync::Arc<crate::State>>, req: Request, next: Next) -> Response {
    let labels = crate::request::parse(req.method(), req.uri().path(), req.uri().query()).and_then(Result::ok).map(|i| {
        (i.verb.as_str().to_string(), i.resource.group.to_string(), i.resource.plural.to_string(), i.subresource.unwrap_or_default())
    });
    let start = Instant::now();
    let resp = next.run(req).await;
    if let Some((verb, group, resource, subresource)) = labels {
        let code = resp.status().as_u16().to_string();
        state.metrics.requests.get_or_create(&RequestLabels { verb: verb.clone(), group: group.clone(), resource: resource.clone(), subresource, code }).inc();
        state.metrics.latency.get_or_create(&LatencyLabels { verb, group, resource }).observe(start.elapsed().as_secs_f64());
    }
    resp
}

pub async fn serve(AxState(state): AxState<std::sync::Arc<crate::State>>) -> Response {
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.encode()).into_response()
}
