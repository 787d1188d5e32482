//! `/metrics` in Prometheus' text format: requests and their latency per verb, resource and code;
//! open watches per resource; the store's operations and their latency.

use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{Request, State as AxState};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
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

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct WatchLabels {
    group: String,
    resource: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StoreLabels {
    operation: String,
    result: String,
}

/// The store's operations, timed by rk-store's observer hook (a plain `fn`, hence a static).
fn store_latency() -> &'static Family<StoreLabels, Histogram> {
    static STORE: std::sync::OnceLock<Family<StoreLabels, Histogram>> = std::sync::OnceLock::new();
    STORE.get_or_init(|| {
        Family::new_with_constructor(|| {
            Histogram::new([0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0])
        })
    })
}

fn observe_store(operation: &'static str, took: std::time::Duration, ok: bool) {
    let result = if ok { "ok" } else { "error" };
    store_latency()
        .get_or_create(&StoreLabels { operation: operation.to_string(), result: result.to_string() })
        .observe(took.as_secs_f64());
}

/// The API server's metrics.
pub struct Metrics {
    registry: Mutex<Registry>,
    requests: Family<RequestLabels, Counter>,
    latency: Family<LatencyLabels, Histogram>,
    watchers: Family<WatchLabels, Gauge>,
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
        let watchers = Family::<WatchLabels, Gauge>::default();
        registry.register("apiserver_registered_watchers", "Watches open now, by group and resource", watchers.clone());
        rk_store::set_observer(observe_store);
        registry.register(
            "apiserver_storage_request_duration_seconds",
            "Store operations (get, range, create, update, delete, watch setup …) and their latency",
            store_latency().clone(),
        );
        Metrics { registry: Mutex::new(registry), requests, latency, watchers }
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
    let mut resp = next.run(req).await;
    if let Some((verb, group, resource, _)) = labels.as_ref()
        && verb == "watch"
        && resp.status().is_success()
    {
        // Counted while the stream is open: the guard leaves with the body.
        let gauge = state.metrics.watchers.get_or_create(&WatchLabels { group: group.clone(), resource: resource.clone() }).clone();
        gauge.inc();
        let body = std::mem::take(resp.body_mut());
        *resp.body_mut() = axum::body::Body::new(Counted { inner: body, gauge });
    }
    if let Some((verb, group, resource, subresource)) = labels {
        let code = resp.status().as_u16().to_string();
        tracing::debug!(
            verb = %verb, group = %group, resource = %resource, subresource = %subresource, code = %code,
            latency_ms = start.elapsed().as_secs_f64() * 1000.0,
            "request"
        );
        state.metrics.requests.get_or_create(&RequestLabels { verb: verb.clone(), group: group.clone(), resource: resource.clone(), subresource, code }).inc();
        state.metrics.latency.get_or_create(&LatencyLabels { verb, group, resource }).observe(start.elapsed().as_secs_f64());
    }
    resp
}

/// A response body that holds a gauge up while it lives (an open watch).
struct Counted {
    inner: axum::body::Body,
    gauge: Gauge,
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.gauge.dec();
    }
}

impl http_body::Body for Counted {
    type Data = bytes::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::pin::Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

pub async fn serve(AxState(state): AxState<std::sync::Arc<crate::State>>) -> Response {
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.encode()).into_response()
}
