//! WATCH: a chunked stream of newline-delimited `{"type", "object"}` events from the store's
//! watch, filtered by the request's selectors, with Kubernetes' semantics:
//! - `resourceVersion` unset or "0": the current objects first, as synthetic ADDED events;
//! - `resourceVersion=N`: every change after N (410 Gone as an ERROR event if N is compacted);
//! - `sendInitialEvents=true`: the initial ADDED burst ends with a BOOKMARK annotated
//!   `k8s.io/initial-events-end`;
//! - `allowWatchBookmarks`: progress notifications become BOOKMARK events;
//! - an object that starts or stops matching the selectors is ADDED or DELETED;
//! - `timeoutSeconds` ends the stream; a client too slow to keep up is cut off (the store closes
//!   a watcher that falls behind, and the stream ends with an ERROR event).

use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use rk_api::status::ApiError;
use rk_store::{AnyStore, RangeRequest, Revision, Store, WatchEvent};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::registry::{Selectors, decode, set_resource_version, store_error};
use crate::request::RequestInfo;

/// How an event's object is rendered: the object itself, or a one-row Table.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    Object,
    Table,
}

fn line(kind: &str, object: Value) -> Bytes {
    let mut s = json!({"type": kind, "object": object}).to_string();
    s.push('\n');
    Bytes::from(s)
}

fn bookmark(info: &RequestInfo, rev: Revision, initial_end: bool) -> Bytes {
    let r = info.resource;
    let api_version = if r.group.is_empty() { r.version.to_string() } else { format!("{}/{}", r.group, r.version) };
    let mut metadata = json!({"resourceVersion": rev.to_string()});
    if initial_end {
        metadata["annotations"] = json!({"k8s.io/initial-events-end": "true"});
    }
    line("BOOKMARK", json!({"kind": r.kind, "apiVersion": api_version, "metadata": metadata}))
}

fn error_line(e: &ApiError) -> Bytes {
    line("ERROR", serde_json::to_value(e.status()).unwrap_or(Value::Null))
}

struct Renderer {
    rendering: Rendering,
    group: &'static str,
    plural: &'static str,
    columns_sent: bool,
}

impl Renderer {
    fn render(&mut self, obj: Value) -> Value {
        match self.rendering {
            Rendering::Object => obj,
            Rendering::Table => {
                let rv = obj.pointer("/metadata/resourceVersion").and_then(Value::as_str).unwrap_or("").to_string();
                let first = !self.columns_sent;
                self.columns_sent = true;
                crate::printers::table(self.group, self.plural, &[obj], &rv, None, first, now())
            }
        }
    }
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// Starts a watch and returns the streaming response.
pub async fn serve(store: AnyStore, info: RequestInfo, rendering: Rendering) -> Result<Response, ApiError> {
    let r = info.resource;
    let mut selectors = Selectors::from_query(&info)?;
    let single = info.name.clone();
    let q = &info.query;
    let bookmarks = q.flag("allowWatchBookmarks")?;
    let send_initial = q.flag("sendInitialEvents")?;
    let timeout = q.number("timeoutSeconds")?.filter(|t| *t > 0).map(|t| Duration::from_secs(t as u64));
    let rv = q.get("resourceVersion").unwrap_or("").to_string();
    let prefix = crate::meta::prefix(r, &info.namespace);
    if let Some(name) = &single {
        // GET …/pods/x?watch=true watches one object.
        selectors.fields = rk_api::selector::FieldSelector::parse(&format!(
            "metadata.name={}",
            rk_api::selector::fields::escape_value(name)
        ))
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    }

    let (tx, rx) = mpsc::channel::<Bytes>(64);
    let mut renderer = Renderer { rendering, group: r.group, plural: r.plural, columns_sent: false };

    // Initial state, when asked for (no resourceVersion, "0", or sendInitialEvents).
    let initial = rv.is_empty() || rv == "0" || send_initial;
    let mut initial_lines = Vec::new();
    let from: Revision = if initial {
        let page = store.range(RangeRequest::prefix(prefix.clone())).await.map_err(|e| store_error(r, "", e))?;
        for kv in &page.kvs {
            let obj = decode(kv)?;
            if selectors.matches(&obj) {
                initial_lines.push(line("ADDED", renderer.render(obj)));
            }
        }
        if send_initial {
            initial_lines.push(bookmark(&info, page.revision, true));
        }
        page.revision + 1
    } else {
        let n: Revision = rv.parse().map_err(|_| ApiError::bad_request(format!("invalid resource version {rv:?}")))?;
        n + 1
    };
    let stream = match store.watch(&prefix, from).await {
        Ok(s) => Some(s),
        Err(rk_store::Error::Compacted { requested, compacted }) => {
            initial_lines.push(error_line(&ApiError::too_old_resource_version(requested - 1, compacted)));
            None
        }
        Err(e) => return Err(store_error(r, "", e)),
    };

    tokio::spawn(async move {
        for l in initial_lines {
            if tx.send(l).await.is_err() {
                return;
            }
        }
        let Some(mut stream) = stream else { return };
        let deadline = timeout.map(|t| tokio::time::Instant::now() + t);
        loop {
            let next = match deadline {
                Some(d) => match tokio::time::timeout_at(d, stream.next()).await {
                    Ok(n) => n,
                    Err(_) => return,
                },
                None => tokio::select! {
                    n = stream.next() => n,
                    _ = tx.closed() => return,
                },
            };
            let out = match next {
                None => return,
                Some(Err(e)) => {
                    let api = match e {
                        rk_store::Error::Compacted { requested, compacted } => {
                            ApiError::too_old_resource_version(requested, compacted)
                        }
                        other => ApiError::internal(format!("watch ended: {other}")),
                    };
                    let _ = tx.send(error_line(&api)).await;
                    return;
                }
                Some(Ok(WatchEvent::Progress { revision })) => {
                    if !bookmarks {
                        continue;
                    }
                    bookmark(&info, revision, false)
                }
                Some(Ok(WatchEvent::Put { kv, prev })) => {
                    let Ok(obj) = decode(&kv) else { continue };
                    let now_matches = selectors.matches(&obj);
                    let was = prev.and_then(|p| decode(&p).ok()).map(|p| selectors.matches(&p));
                    let kind = match (was, now_matches) {
                        (None | Some(false), true) => "ADDED",
                        (Some(true), true) => "MODIFIED",
                        (Some(true), false) => "DELETED",
                        (_, false) => continue,
                    };
                    line(kind, renderer.render(obj))
                }
                Some(Ok(WatchEvent::Delete { revision, prev, .. })) => {
                    let Some(Ok(mut obj)) = prev.map(|p| decode(&p)) else { continue };
                    if !selectors.matches(&obj) {
                        continue;
                    }
                    set_resource_version(&mut obj, revision);
                    line("DELETED", renderer.render(obj))
                }
            };
            if tx.send(out).await.is_err() {
                return;
            }
        }
    });

    let body = Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx).map(Ok::<_, std::convert::Infallible>));
    let content_type = match rendering {
        Rendering::Object => "application/json",
        Rendering::Table => "application/json;as=Table;v=v1;g=meta.k8s.io",
    };
    Response::builder()
        .header(http::header::CONTENT_TYPE, content_type)
        .header(http::header::CACHE_CONTROL, "no-cache, private")
        .body(body)
        .map_err(|e| ApiError::internal(e.to_string()))
}

use tokio_stream::StreamExt as _;
