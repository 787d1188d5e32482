//! HTTP: one connection's TLS and identity, the router, and the public endpoints.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State as AxState};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::TokioIo;
use rk_api::status::ApiError;
use rk_store::Store;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use crate::State;
use crate::auth::{Caller, identity_from_cert};

/// An [`ApiError`] as an HTTP response: its code and its `Status` body.
pub struct StatusResponse(pub ApiError);

impl From<ApiError> for StatusResponse {
    fn from(e: ApiError) -> Self {
        StatusResponse(e)
    }
}

impl IntoResponse for StatusResponse {
    fn into_response(self) -> Response {
        let code = StatusCode::from_u16(self.0.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.0.status()).unwrap_or_default();
        (code, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    }
}

pub(crate) fn router(state: Arc<State>) -> Router {
    let protected = Router::new()
        .route("/api", get(discovery_api))
        .route("/api/", get(discovery_api))
        .route("/apis", get(discovery_apis))
        .route("/apis/", get(discovery_apis))
        .route("/api/{version}", get(discovery_core_version))
        .route("/apis/{group}", get(discovery_group))
        .route("/apis/{group}/{version}", get(discovery_group_version))
        .route("/metrics", get(crate::metrics::serve))
        .route("/openapi/v2", get(crate::openapi::v2))
        .route("/openapi/v3", get(crate::openapi::v3_root))
        .route("/openapi/v3/", get(crate::openapi::v3_root))
        .route("/openapi/v3/{*path}", get(crate::openapi::v3_document))
        .fallback(crate::handlers::resource_request)
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::metrics::record))
        .layer(axum::middleware::from_fn(require_authenticated))
        .layer(axum::middleware::from_fn_with_state(state.clone(), bearer_token));
    Router::new()
        .route("/version", get(version))
        .route("/version/", get(version))
        .route("/healthz", get(ok))
        .route("/livez", get(ok))
        .route("/readyz", get(readyz))
        .route("/cacerts", get(cacerts))
        .route("/v1-rk/join", axum::routing::post(join))
        .merge(protected)
        .with_state(state)
}

/// Serves one TCP connection: TLS handshake, then HTTP/1.1 with the caller attached to every
/// request.
pub(crate) async fn serve_connection(
    tcp: tokio::net::TcpStream,
    tls: tokio_rustls::TlsAcceptor,
    router: Router,
    shutdown: CancellationToken,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let stream = tls.accept(tcp).await?;
    let caller = stream
        .get_ref()
        .1
        .peer_certificates()
        .and_then(|chain| chain.first())
        .and_then(identity_from_cert)
        .map_or(Caller::Anonymous, Caller::User);
    let service = router.map_request(move |mut req: Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(caller.clone());
        req.map(Body::new)
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .serve_connection(
            TokioIo::new(stream),
            hyper_util::service::TowerToHyperService::new(service),
        )
        .with_upgrades();
    tokio::pin!(conn);
    tokio::select! {
        r = conn.as_mut() => r?,
        _ = shutdown.cancelled() => {
            conn.as_mut().graceful_shutdown();
            conn.await?;
        }
    }
    Ok(())
}

/// A request without a client certificate may carry a bearer token (a service account's);
/// a token that does not hold is refused (401), as Kubernetes does.
async fn bearer_token(AxState(state): AxState<Arc<State>>, mut req: Request, next: Next) -> Response {
    if matches!(req.extensions().get::<Caller>(), Some(Caller::User(_))) {
        return next.run(req).await;
    }
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    if let Some(token) = token {
        match crate::tokens::authenticate(&state.tokens, &state.store, &token).await {
            Some(id) => {
                req.extensions_mut().insert(Caller::User(id));
            }
            None => return StatusResponse(ApiError::unauthorized()).into_response(),
        }
    }
    next.run(req).await
}

async fn require_authenticated(req: Request, next: Next) -> Response {
    match req.extensions().get::<Caller>() {
        Some(Caller::User(_)) => next.run(req).await,
        _ => StatusResponse(ApiError::unauthorized()).into_response(),
    }
}

pub(crate) fn not_found() -> ApiError {
    ApiError { code: 404, reason: "NotFound", message: "the server could not find the requested resource".into(), details: None }
}

fn json_with(content_type: &str, body: serde_json::Value) -> Response {
    (
        [(header::CONTENT_TYPE, content_type.to_string()), (header::VARY, "Accept".to_string())],
        body.to_string(),
    )
        .into_response()
}

fn accept(headers: &axum::http::HeaderMap) -> &str {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// `/api`: aggregated discovery of the core group when the client asks for it, else APIVersions.
async fn discovery_api(headers: axum::http::HeaderMap) -> Response {
    use rk_api::resources::{DiscoveryFormat, discovery};
    match discovery::negotiate_discovery(accept(&headers)) {
        DiscoveryFormat::Aggregated(v) => json_with(v.content_type(), discovery::aggregated_discovery(true, v)),
        f @ DiscoveryFormat::Legacy => json_with(f.content_type(), discovery::api_versions("127.0.0.1:6443")),
    }
}

/// `/apis`: aggregated discovery of every named group, or the APIGroupList.
async fn discovery_apis(headers: axum::http::HeaderMap) -> Response {
    use rk_api::resources::{DiscoveryFormat, discovery};
    match discovery::negotiate_discovery(accept(&headers)) {
        DiscoveryFormat::Aggregated(v) => json_with(v.content_type(), discovery::aggregated_discovery(false, v)),
        f @ DiscoveryFormat::Legacy => json_with(f.content_type(), discovery::api_group_list()),
    }
}

async fn discovery_core_version(axum::extract::Path(version): axum::extract::Path<String>) -> Response {
    match rk_api::resources::discovery::api_resource_list("", &version) {
        Some(list) => json_with("application/json", list),
        None => StatusResponse(not_found()).into_response(),
    }
}

async fn discovery_group(axum::extract::Path(group): axum::extract::Path<String>) -> Response {
    match rk_api::resources::discovery::api_group(&group) {
        Some(g) => json_with("application/json", g),
        None => StatusResponse(not_found()).into_response(),
    }
}

async fn discovery_group_version(axum::extract::Path((group, version)): axum::extract::Path<(String, String)>) -> Response {
    match rk_api::resources::discovery::api_resource_list(&group, &version) {
        Some(list) => json_with("application/json", list),
        None => StatusResponse(not_found()).into_response(),
    }
}

async fn version() -> Response {
    let body = serde_json::json!({
        "major": "1",
        "minor": crate::KUBERNETES_MINOR,
        "gitVersion": format!("v1.{}.0-rk.{}", crate::KUBERNETES_MINOR, env!("CARGO_PKG_VERSION")),
        "gitCommit": "",
        "gitTreeState": "clean",
        "buildDate": "",
        "goVersion": "rust",
        "compiler": "rustc",
        "platform": format!("{}/{}", std::env::consts::OS, go_arch()),
    });
    axum::Json(body).into_response()
}

/// Architectures by Go's names, as `platform` reports them.
fn go_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    }
}

async fn ok() -> &'static str {
    "ok"
}

/// Ready once the store answers.
async fn readyz(AxState(state): AxState<Arc<State>>) -> Response {
    match state.store.current_revision().await {
        Ok(_) => "ok".into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("[-]store failed: {e}\nreadyz check failed\n"),
        )
            .into_response(),
    }
}

/// The CA bundle, unauthenticated: joining agents fetch it and check it against their token.
async fn cacerts(AxState(state): AxState<Arc<State>>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain")],
        state.pki.ca_pem().to_string(),
    )
        .into_response()
}

/// The join endpoint (interfaces.md): a node presents the cluster's node token and receives a
/// client certificate `CN=system:node:<name>, O=system:nodes` and a serving certificate for its
/// own endpoint. Body: `{"nodeName": "n1", "addresses": ["10.0.0.5"]}`.
async fn join(AxState(state): AxState<Arc<State>>, headers: axum::http::HeaderMap, body: bytes::Bytes) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !state.pki.token_matches(token.trim()) {
        return StatusResponse(ApiError::unauthorized()).into_response();
    }
    let req: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return StatusResponse(ApiError::bad_request(format!("join request: {e}"))).into_response(),
    };
    let name = req.get("nodeName").and_then(serde_json::Value::as_str).unwrap_or("");
    let Some(nodes) = rk_api::resources::find("", "v1", "nodes") else {
        return StatusResponse(ApiError::internal("nodes are not registered")).into_response();
    };
    let errors = crate::meta::validate_name(nodes, name);
    if name.is_empty() || !errors.is_empty() {
        let errors = if name.is_empty() { vec![rk_api::status::FieldError::required("nodeName", "")] } else { errors };
        return StatusResponse(ApiError::invalid("", "Node", name, errors)).into_response();
    }
    let mut sans: Vec<String> = req
        .get("addresses")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a.as_str().map(str::to_string))
        .collect();
    sans.push(name.to_string());
    let issued = state
        .pki
        .issue_client(&format!("system:node:{name}"), &[crate::authz::NODES_GROUP])
        .and_then(|client| state.pki.issue_serving(&sans, name).map(|serving| (client, serving)));
    match issued {
        Ok((client, serving)) => axum::Json(serde_json::json!({
            "ca": state.pki.ca_pem(),
            "clientCert": client.cert_pem,
            "clientKey": client.key_pem,
            "servingCert": serving.cert_pem,
            "servingKey": serving.key_pem,
        }))
        .into_response(),
        Err(e) => StatusResponse(ApiError::internal(e.to_string())).into_response(),
    }
}
