//! WATCH from a cache: the initial objects or the window's events since the requested
//! revision, then the cache's live events, rendered exactly as the store-backed watch renders
//! them (`crate::watch`'s helpers). One task per watch; it stops at `timeoutSeconds`, when the
//! client goes, or when the cache cuts it off (then with an ERROR event: 410 "too old resource
//! version" for a watcher that fell behind). A watch from a revision older than the event
//! window is served by the store only when the gap is small ([`super::Config::store_replay`]):
//! a store watch replays every change since, held in memory, so a gap of the whole window
//! times thousands of node agents re-watching at once would exhaust memory; beyond it the
//! answer is a stream of one ERROR event (410), as Kubernetes' watch cache gives, and the
//! client relists.

use std::sync::Arc;
use std::time::Duration;

use axum::response::Response;
use bytes::Bytes;
use rk_api::status::ApiError;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::broadcast::{Ended, Message, Subscription};
use super::store::{Cache, Event, Fields, From, Start, Unavailable};
use super::{Caches, Miss};
use crate::meta;
use crate::registry::Selectors;
use crate::request::RequestInfo;
use crate::watch::{self, Params, Renderer, Rendering, bookmark, error_line, line};

/// How long the ERROR event of a cut-off watch may wait for room in the response.
const ERROR_SEND_TIMEOUT: Duration = Duration::from_secs(5);

impl Caches {
    /// WATCH: from the cache when it can answer, else from a store watch of its own.
    pub async fn watch(
        &self,
        info: RequestInfo,
        rendering: Rendering,
    ) -> Result<Response, ApiError> {
        let params = Params::parse(&info)?;
        match self.subscribe(&info, &params).await {
            Ok((cache, start, subscription)) => {
                let (tx, rx) = mpsc::channel(watch::STREAM_BUFFER);
                let renderer = Renderer::new(&info, rendering);
                let task = Task {
                    cache,
                    info,
                    params,
                    renderer,
                    tx,
                };
                tokio::spawn(task.run(start, subscription));
                watch::response(rx, rendering)
            }
            // A revision the cache no longer has: Kubernetes' watch cache answers with a stream
            // that carries one ERROR event (410 Expired) and ends, not with an HTTP 410. Clients
            // relist on that event (client-go's reflector, kube-runtime's watcher); an HTTP 410
            // makes kube-runtime's watcher retry the same revision for ever.
            Err(Miss::Api(e)) if e.code == 410 => {
                let (tx, rx) = mpsc::channel(1);
                let _ = tx.try_send(error_line(&e));
                watch::response(rx, rendering)
            }
            Err(Miss::Api(e)) => Err(e),
            Err(why) => {
                tracing::debug!(resource = info.resource.plural, reason = %why, "WATCH served by the store");
                watch::serve(self.shared.store.clone(), info, rendering).await
            }
        }
    }

    async fn subscribe(
        &self,
        info: &RequestInfo,
        params: &Params,
    ) -> Result<(Arc<Cache>, Start, Subscription), Miss> {
        let r = info.resource;
        let rv = params.revision()?;
        let min = match rv {
            None if params.rv.is_empty() => Some(self.current_revision(r).await?),
            other => other,
        };
        let cache = self.cache(r);
        self.wait(&cache, min).await?;
        // One object's watch only needs that key's events.
        let prefix = match &info.name {
            Some(name) => meta::key(r, &info.namespace, name),
            None => meta::prefix(r, &info.namespace),
        };
        let from = match rv {
            Some(n) if !params.initial() => From::After(n),
            _ => From::Snapshot,
        };
        let subscribed = cache.subscribe(
            &self.shared.seen,
            &prefix,
            &params.selectors,
            from,
            params.bookmarks,
        );
        match subscribed {
            Ok((start, subscription)) => Ok((cache, start, subscription)),
            Err(Unavailable::TooOld { requested, oldest })
                if oldest.saturating_sub(requested) > self.shared.config.store_replay =>
            {
                Err(Miss::Api(ApiError::too_old_resource_version(
                    requested, oldest,
                )))
            }
            Err(other) => Err(other.into()),
        }
    }
}

/// One client's watch.
struct Task {
    cache: Arc<Cache>,
    info: RequestInfo,
    params: Params,
    renderer: Renderer,
    tx: mpsc::Sender<Bytes>,
}

/// Resolves at the deadline, never without one.
async fn until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

/// The line of an event for a watcher with these selectors, if it sees the event.
fn event_line(
    ev: &Event,
    selectors: &Selectors,
    fields: &Fields,
    renderer: &mut Renderer,
) -> Option<Bytes> {
    let kind = ev.event_type(selectors, fields)?;
    if renderer.sends_objects() {
        return ev.line(kind);
    }
    let obj = ev.object.decode(ev.revision).ok()?;
    Some(line(kind, renderer.render(obj)))
}

impl Task {
    async fn run(mut self, start: Start, mut subscription: Subscription) {
        let deadline = self.params.deadline();
        if self.send_start(start, &subscription, deadline).await {
            loop {
                let message = tokio::select! {
                    biased;
                    _ = until(deadline) => return,
                    _ = self.tx.closed() => return,
                    m = subscription.recv() => m,
                };
                let out = match message {
                    None => break,
                    Some(Message::Event(ev)) => event_line(
                        &ev,
                        &self.params.selectors,
                        &self.cache.fields,
                        &mut self.renderer,
                    ),
                    Some(Message::Progress(revision)) => self
                        .params
                        .bookmarks
                        .then(|| bookmark(&self.info, revision, false)),
                };
                if let Some(l) = out
                    && !self.send(l, &subscription, deadline).await
                {
                    break;
                }
            }
        }
        // Cut off by the cache: what was queued is dropped here, then the client is told.
        let Some(why) = subscription.ended() else {
            return;
        };
        drop(subscription);
        let error = match why {
            // As Kubernetes' watch cache ends a watcher it cannot keep up: 410, and the client
            // relists.
            Ended::TooSlow {
                pending,
                window_from,
                ..
            } => {
                tracing::info!(resource = self.info.resource.plural, %why, "watch cut off");
                ApiError::too_old_resource_version(pending - 1, window_from.max(pending - 1) + 1)
            }
            Ended::Reset => ApiError::internal(format!("watch ended: {why}")),
        };
        let error = error_line(&error);
        let _ = tokio::time::timeout(ERROR_SEND_TIMEOUT, self.tx.send(error)).await;
    }

    /// The initial ADDED events (and their closing BOOKMARK), or the window's events since the
    /// requested revision. False when the watch is over.
    async fn send_start(
        &mut self,
        start: Start,
        subscription: &Subscription,
        deadline: Option<Instant>,
    ) -> bool {
        for obj in &start.initial {
            let Ok(v) = obj.decode(obj.revision) else {
                continue;
            };
            let l = line("ADDED", self.renderer.render(v));
            if !self.send(l, subscription, deadline).await {
                return false;
            }
        }
        if self.params.send_initial {
            let l = bookmark(&self.info, start.revision, true);
            if !self.send(l, subscription, deadline).await {
                return false;
            }
        }
        for ev in &start.replay {
            let Some(l) = event_line(
                ev,
                &self.params.selectors,
                &self.cache.fields,
                &mut self.renderer,
            ) else {
                continue;
            };
            if !self.send(l, subscription, deadline).await {
                return false;
            }
        }
        true
    }

    /// Sends one line, waiting for room; false when the client is gone, the deadline passed, or
    /// the cache cut this watch off while it waited.
    async fn send(&self, l: Bytes, subscription: &Subscription, deadline: Option<Instant>) -> bool {
        tokio::select! {
            biased;
            sent = self.tx.send(l) => sent.is_ok(),
            _ = subscription.cut_off() => false,
            _ = until(deadline) => false,
        }
    }
}
