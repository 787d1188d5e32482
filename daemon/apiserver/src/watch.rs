//! WATCH: a chunked stream of newline-delimited `{"type", "object"}` events, filtered by the
//! request's selectors, with Kubernetes' semantics:
//! - `resourceVersion` unset or "0": the current objects first, as synthetic ADDED events;
//! - `resourceVersion=N`: every change after N (410 Gone as an ERROR event if N is compacted);
//! - `sendInitialEvents=true`: the initial ADDED burst ends with a BOOKMARK annotated
//!   `k8s.io/initial-events-end`;
//! - `allowWatchBookmarks`: progress notifications become BOOKMARK events;
//! - an object that starts or stops matching the selectors is ADDED or DELETED;
//! - `timeoutSeconds` ends the stream; a client too slow to keep up is cut off (the stream ends
//!   with an ERROR event).
//!
//! Watches are normally served by the watch cache ([`crate::cache`]); [`serve`] here is the
//! store-backed path it falls back to (a resourceVersion older than the cache's window, or a
//! cache that is not ready), with one store watch per client. Both paths build their lines
//! with the helpers of this module ([`Params`], [`line`], [`bookmark`], [`error_line`],
//! [`event_type`], [`Renderer`], [`response`]), so a client cannot tell them apart.

// `ApiError`, the crate's wire error, is what every request path returns.
#![allow(clippy::result_large_err)]

use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use rk_api::status::ApiError;
use rk_store::{AnyStore, RangeRequest, Revision, Store, WatchEvent};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_stream::StreamExt as _;

use crate::registry::{Selectors, decode, set_resource_version, store_error};
use crate::request::RequestInfo;

/// Lines a watch may have rendered ahead of the client (the HTTP body's queue).
pub(crate) const STREAM_BUFFER: usize = 64;

/// How an event's object is rendered: the object itself, or a one-row Table.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    Object,
    Table,
}

/// What a watch request asks for.
pub(crate) struct Params {
    pub selectors: Selectors,
    pub bookmarks: bool,
    pub send_initial: bool,
    pub timeout: Option<Duration>,
    /// `resourceVersion` as sent ("" when unset).
    pub rv: String,
}

impl Params {
    pub fn parse(info: &RequestInfo) -> Result<Params, ApiError> {
        let mut selectors = Selectors::from_query(info)?;
        if let Some(name) = &info.name {
            // GET …/pods/x?watch=true watches one object.
            selectors.fields = rk_api::selector::FieldSelector::parse(&format!(
                "metadata.name={}",
                rk_api::selector::fields::escape_value(name)
            ))
            .map_err(|e| ApiError::bad_request(e.to_string()))?;
        }
        let q = &info.query;
        let timeout = q
            .number("timeoutSeconds")?
            .filter(|t| *t > 0)
            .map(|t| Duration::from_secs(t as u64));
        Ok(Params {
            selectors,
            bookmarks: q.flag("allowWatchBookmarks")?,
            send_initial: q.flag("sendInitialEvents")?,
            timeout,
            rv: q.get("resourceVersion").unwrap_or("").to_string(),
        })
    }

    /// The stream starts with the current objects (no resourceVersion, "0", or
    /// sendInitialEvents).
    pub fn initial(&self) -> bool {
        self.rv.is_empty() || self.rv == "0" || self.send_initial
    }

    /// The resourceVersion as a revision; None when unset or "0".
    pub fn revision(&self) -> Result<Option<Revision>, ApiError> {
        if self.rv.is_empty() || self.rv == "0" {
            return Ok(None);
        }
        self.rv
            .parse()
            .map(Some)
            .map_err(|_| ApiError::bad_request(format!("invalid resource version {:?}", self.rv)))
    }

    /// When the stream ends by itself (`timeoutSeconds`).
    pub fn deadline(&self) -> Option<tokio::time::Instant> {
        self.timeout.map(|t| tokio::time::Instant::now() + t)
    }
}

/// One event line: `{"object":…,"type":…}` and a newline.
pub(crate) fn line(kind: &str, object: Value) -> Bytes {
    line_raw(kind, object.to_string().as_bytes())
}

/// An event line around an object already serialized, as [`line`] writes it (serde_json's
/// compact form, keys sorted): the cache serializes an event's object once for all its
/// watchers. `kind` is one of the event types, which JSON needs no escaping for.
pub(crate) fn line_raw(kind: &str, object: &[u8]) -> Bytes {
    let mut s = Vec::with_capacity(object.len() + kind.len() + 22);
    s.extend_from_slice(b"{\"object\":");
    s.extend_from_slice(object);
    s.extend_from_slice(b",\"type\":\"");
    s.extend_from_slice(kind.as_bytes());
    s.extend_from_slice(b"\"}\n");
    Bytes::from(s)
}

/// A BOOKMARK at `rev`; `initial_end` marks the end of sendInitialEvents' ADDED burst.
pub(crate) fn bookmark(info: &RequestInfo, rev: Revision, initial_end: bool) -> Bytes {
    let r = info.resource;
    let api_version = if r.group.is_empty() {
        r.version.to_string()
    } else {
        format!("{}/{}", r.group, r.version)
    };
    let mut metadata = json!({"resourceVersion": rev.to_string()});
    if initial_end {
        metadata["annotations"] = json!({"k8s.io/initial-events-end": "true"});
    }
    line(
        "BOOKMARK",
        json!({"kind": r.kind, "apiVersion": api_version, "metadata": metadata}),
    )
}

pub(crate) fn error_line(e: &ApiError) -> Bytes {
    line(
        "ERROR",
        serde_json::to_value(e.status()).unwrap_or(Value::Null),
    )
}

/// The Status a watch ends with when its source fails (compacted, too slow, store lost).
pub(crate) fn ended(e: rk_store::Error) -> ApiError {
    match e {
        rk_store::Error::Compacted {
            requested,
            compacted,
        } => ApiError::too_old_resource_version(requested, compacted),
        other => ApiError::internal(format!("watch ended: {other}")),
    }
}

/// The event a watcher sees for a change, from whether the object matched its selectors before
/// (`None`: it did not exist) and whether it matches now; None when the watcher sees nothing.
pub(crate) fn event_type(was: Option<bool>, now: bool) -> Option<&'static str> {
    match (was, now) {
        (None | Some(false), true) => Some("ADDED"),
        (Some(true), true) => Some("MODIFIED"),
        (Some(true), false) => Some("DELETED"),
        (_, false) => None,
    }
}

/// Renders event objects; a Table watch sends its column definitions only once.
pub(crate) struct Renderer {
    rendering: Rendering,
    group: &'static str,
    plural: &'static str,
    columns_sent: bool,
}

impl Renderer {
    pub fn new(info: &RequestInfo, rendering: Rendering) -> Renderer {
        Renderer {
            rendering,
            group: info.resource.group,
            plural: info.resource.plural,
            columns_sent: false,
        }
    }

    /// True when events are sent as the objects themselves (the same bytes for every watcher).
    pub fn sends_objects(&self) -> bool {
        self.rendering == Rendering::Object
    }

    pub fn render(&mut self, obj: Value) -> Value {
        match self.rendering {
            Rendering::Object => obj,
            Rendering::Table => {
                let rv = obj
                    .pointer("/metadata/resourceVersion")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let first = !self.columns_sent;
                self.columns_sent = true;
                crate::printers::table(self.group, self.plural, &[obj], &rv, None, first, now())
            }
        }
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The streaming response over the lines a watch task sends into `rx`.
pub(crate) fn response(
    rx: mpsc::Receiver<Bytes>,
    rendering: Rendering,
) -> Result<Response, ApiError> {
    let body = Body::from_stream(
        tokio_stream::wrappers::ReceiverStream::new(rx).map(Ok::<_, std::convert::Infallible>),
    );
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

/// Starts a watch served by its own store watch, and returns the streaming response.
pub async fn serve(
    store: AnyStore,
    info: RequestInfo,
    rendering: Rendering,
) -> Result<Response, ApiError> {
    let r = info.resource;
    let params = Params::parse(&info)?;
    let (bookmarks, send_initial) = (params.bookmarks, params.send_initial);
    let prefix = crate::meta::prefix(r, &info.namespace);

    let (tx, rx) = mpsc::channel::<Bytes>(STREAM_BUFFER);
    let mut renderer = Renderer::new(&info, rendering);

    // Initial state, when asked for (no resourceVersion, "0", or sendInitialEvents).
    let mut initial_lines = Vec::new();
    let from: Revision = if params.initial() {
        let page = store
            .range(RangeRequest::prefix(prefix.clone()))
            .await
            .map_err(|e| store_error(r, "", e))?;
        for kv in &page.kvs {
            let obj = decode(kv)?;
            if params.selectors.matches(&obj) {
                initial_lines.push(line("ADDED", renderer.render(obj)));
            }
        }
        if send_initial {
            initial_lines.push(bookmark(&info, page.revision, true));
        }
        page.revision + 1
    } else {
        params.revision()?.unwrap_or(0) + 1
    };
    let stream = match store.watch(&prefix, from).await {
        Ok(s) => Some(s),
        Err(rk_store::Error::Compacted {
            requested,
            compacted,
        }) => {
            initial_lines.push(error_line(&ApiError::too_old_resource_version(
                requested - 1,
                compacted,
            )));
            None
        }
        Err(e) => return Err(store_error(r, "", e)),
    };
    let deadline = params.deadline();

    tokio::spawn(async move {
        for l in initial_lines {
            if tx.send(l).await.is_err() {
                return;
            }
        }
        let Some(mut stream) = stream else { return };
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
                    let _ = tx.send(error_line(&ended(e))).await;
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
                    let now_matches = params.selectors.matches(&obj);
                    let was = prev
                        .and_then(|p| decode(&p).ok())
                        .map(|p| params.selectors.matches(&p));
                    let Some(kind) = event_type(was, now_matches) else {
                        continue;
                    };
                    line(kind, renderer.render(obj))
                }
                Some(Ok(WatchEvent::Delete { revision, prev, .. })) => {
                    let Some(Ok(mut obj)) = prev.map(|p| decode(&p)) else {
                        continue;
                    };
                    if !params.selectors.matches(&obj) {
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

    response(rx, rendering)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn event_lines_are_what_serde_json_writes() {
        let obj = json!({"kind": "Pod", "metadata": {"name": "a\"b", "resourceVersion": "7"}, "spec": {"x": [1, 2.5, null]}});
        let mut want = json!({"type": "MODIFIED", "object": obj.clone()}).to_string();
        want.push('\n');
        assert_eq!(line("MODIFIED", obj.clone()), Bytes::from(want));
        assert_eq!(
            line_raw("MODIFIED", obj.to_string().as_bytes()),
            line("MODIFIED", obj)
        );
    }
}
