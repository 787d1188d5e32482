//! `/openapi/v2` (JSON, or gnostic protobuf for kubectl 1.27/1.28) and `/openapi/v3` (discovery with
//! each group-version's `serverRelativeURL?hash=`, and one document per group-version), built once
//! from rk-api's [`rk_api::openapi`] and served with upstream's caching headers: a quoted SHA-512
//! `ETag` (honouring `If-None-Match` with 304), `Last-Modified`, `Vary: Accept`, and for a v3
//! document fetched with its current hash `Cache-Control: public, immutable` (a stale hash is
//! redirected to the current one).

pub mod gnostic;

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use prost::Message;
use rk_api::openapi::{self, v3};
use rk_api::status::ApiError;

use crate::routes::{StatusResponse, not_found};

/// The protobuf v2 document's media type. kubectl 1.27/1.28 ask for the older spelling with `@`
/// (`…spec.v2@v1.0+protobuf`), which Go's media type parser rejects in a Content-Type: upstream
/// answers both with this one.
pub const PROTOBUF_V2: &str = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

/// One rendered document and its entity tag.
struct Rendered {
    body: Bytes,
    etag: String,
}

impl Rendered {
    fn new(body: Vec<u8>) -> Self {
        let digest = ring::digest::digest(&ring::digest::SHA512, &body);
        let etag: String = digest.as_ref().iter().map(|b| format!("{b:02X}")).collect();
        Rendered {
            body: Bytes::from(body),
            etag,
        }
    }
}

struct Documents {
    v2_json: Rendered,
    v2_proto: Rendered,
    /// Keyed by `api/v1`, `apis/apps/v1`.
    v3: BTreeMap<String, Rendered>,
    v3_discovery: Rendered,
    modified: SystemTime,
}

static DOCUMENTS: OnceLock<Documents> = OnceLock::new();

fn documents() -> &'static Documents {
    DOCUMENTS.get_or_init(|| {
        let v2 = openapi::v2::document();
        let v2_json = Rendered::new(serde_json::to_vec(&v2).unwrap_or_default());
        let v2_proto = Rendered::new(gnostic::document(&v2).encode_to_vec());
        let mut docs = BTreeMap::new();
        let mut paths = serde_json::Map::new();
        for (group, version) in openapi::group_versions() {
            let Some(doc) = v3::group_version(group, version) else { continue };
            let key = v3::discovery_key(group, version);
            let rendered = Rendered::new(serde_json::to_vec(&doc).unwrap_or_default());
            paths.insert(
                key.clone(),
                serde_json::json!({"serverRelativeURL": format!("/openapi/v3/{key}?hash={}", rendered.etag)}),
            );
            docs.insert(key, rendered);
        }
        let discovery = serde_json::json!({ "paths": paths });
        Documents {
            v2_json,
            v2_proto,
            v3: docs,
            v3_discovery: Rendered::new(serde_json::to_vec(&discovery).unwrap_or_default()),
            modified: SystemTime::now(),
        }
    })
}

/// The documents, built off the async workers the first time a client asks (not at start: they
/// hold ~30 MiB, which an API server that no kubectl validates against never needs).
async fn ready() -> &'static Documents {
    match DOCUMENTS.get() {
        Some(d) => d,
        None => tokio::task::spawn_blocking(documents)
            .await
            .unwrap_or_else(|_| documents()),
    }
}

fn accepts(headers: &HeaderMap) -> String {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// Whether the client takes JSON (or anything).
fn takes_json(accept: &str) -> bool {
    accept.is_empty()
        || accept
            .split(',')
            .map(|p| p.split(';').next().unwrap_or("").trim())
            .any(|t| matches!(t, "application/json" | "application/*" | "*/*" | ""))
}

fn not_acceptable(accept: &str) -> Response {
    StatusResponse(ApiError {
        code: 406,
        reason: "NotAcceptable",
        message: format!("only the following media types are accepted: application/json, {PROTOBUF_V2} (asked: {accept})"),
        details: None,
    })
    .into_response()
}

/// The body, or 304 when the client's `If-None-Match` already names it.
fn serve(
    headers: &HeaderMap,
    doc: &Rendered,
    content_type: &str,
    modified: SystemTime,
    extra: &[(header::HeaderName, String)],
) -> Response {
    let etag = format!("\"{}\"", doc.etag);
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = (StatusCode::OK, doc.body.clone()).into_response();
        if let Ok(v) = HeaderValue::from_str(content_type) {
            r.headers_mut().insert(header::CONTENT_TYPE, v);
        }
        r
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(modified)) {
        h.insert(header::LAST_MODIFIED, v);
    }
    h.insert(header::VARY, HeaderValue::from_static("Accept"));
    for (name, value) in extra {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(name.clone(), v);
        }
    }
    response
}

/// `GET /openapi/v2`.
pub async fn v2(headers: HeaderMap) -> Response {
    let docs = ready().await;
    let accept = accepts(&headers);
    if accept.contains("com.github.proto-openapi.spec.v2") && accept.contains("protobuf") {
        // Either spelling of the protobuf type.
        return serve(&headers, &docs.v2_proto, PROTOBUF_V2, docs.modified, &[]);
    }
    if !takes_json(&accept) {
        return not_acceptable(&accept);
    }
    serve(
        &headers,
        &docs.v2_json,
        "application/json",
        docs.modified,
        &[],
    )
}

/// `GET /openapi/v3`: where each group-version's document is.
pub async fn v3_root(headers: HeaderMap) -> Response {
    let docs = ready().await;
    serve(
        &headers,
        &docs.v3_discovery,
        "application/json",
        docs.modified,
        &[],
    )
}

/// `GET /openapi/v3/{api/v1 | apis/G/V}[?hash=H]`.
pub async fn v3_document(
    Path(path): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let docs = ready().await;
    let key = path.trim_matches('/');
    let Some(doc) = docs.v3.get(key) else {
        return StatusResponse(not_found()).into_response();
    };
    let accept = accepts(&headers);
    if !takes_json(&accept) {
        return not_acceptable(&accept);
    }
    match query.get("hash") {
        Some(hash) if *hash != doc.etag => {
            let location = format!("/openapi/v3/{key}?hash={}", doc.etag);
            let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache, no-store, must-revalidate"),
            );
            r
        }
        Some(_) => {
            let expires =
                httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(365 * 24 * 3600));
            serve(
                &headers,
                doc,
                "application/json",
                docs.modified,
                &[
                    (header::CACHE_CONTROL, "public, immutable".to_string()),
                    (header::EXPIRES, expires),
                ],
            )
        }
        None => serve(&headers, doc, "application/json", docs.modified, &[]),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn every_served_group_version_has_a_v3_document_named_in_discovery() {
        let docs = documents();
        let discovery: serde_json::Value = serde_json::from_slice(&docs.v3_discovery.body).unwrap();
        let apps = discovery["paths"]["apis/apps/v1"]["serverRelativeURL"]
            .as_str()
            .unwrap();
        assert_eq!(
            apps,
            format!(
                "/openapi/v3/apis/apps/v1?hash={}",
                docs.v3["apis/apps/v1"].etag
            )
        );
        assert!(discovery["paths"]["api/v1"].is_object());
        assert_eq!(docs.v3["apis/apps/v1"].etag.len(), 128);
    }

    #[test]
    fn the_protobuf_v2_document_decodes_with_every_definition() {
        let docs = documents();
        let back = gnostic::Document::decode(docs.v2_proto.body.as_ref()).unwrap();
        assert_eq!(back.swagger, "2.0");
        assert!(back.definitions.unwrap().additional_properties.len() > 600);
        assert!(
            back.paths
                .unwrap()
                .path
                .iter()
                .any(|p| p.name == "/apis/apps/v1/namespaces/{namespace}/deployments/{name}")
        );
    }
}
