//! # The watch cache: LIST and WATCH served from memory
//!
//! Kubernetes' API server answers lists and watches from a cache of each resource kept up to
//! date by a watch on etcd, so that a thousand watchers cost one store watch and a LIST of 10k
//! pods costs no store read. This is rk's.
//!
//! - [`Caches`] (in `State`): one [`store::Cache`] per storage prefix (`/pods/`), created on
//!   first use;
//! - the [`reflector`]: one task, the only writer of every cache, fed by one store watch (a
//!   range read per cache, then the watch's changes; relist on `Compacted`/`WatcherTooSlow`);
//! - [`store`]: a cache's objects (stored JSON bytes plus labels and selectable fields, never a
//!   parsed object), its window of recent events and its watchers; [`shallow`]: the partial
//!   parse those labels and fields are read from;
//! - [`broadcast`]: the fan-out, a bounded queue per watcher; a watcher that falls behind (its
//!   queue full, or its oldest untaken event out of the window) is cut off with a 410 ERROR
//!   event, so watchers never hold more than the window;
//! - [`watch`]: serving a WATCH from a cache;
//! - [`json`]: a plain JSON LIST is written from the stored bytes, each item's resourceVersion
//!   spliced in, byte for byte what parsing and serializing would write (see
//!   [`Caches::list_json`]); each watch event's object is serialized once for all watchers.
//!
//! Reads keep Kubernetes' semantics: a LIST or WATCH with `resourceVersion` unset is
//! consistent — it asks the store for its current revision and waits until the cache has
//! applied it (a write acknowledged by any API server is never missed); "0" takes what the
//! cache has; "N" waits until the cache has N. What a cache cannot answer goes to the store as
//! before (`registry::list`, `watch::serve`): a cache still loading or too far behind after
//! [`Config::wait`], a continue token or `resourceVersionMatch=Exact` at a revision whose
//! objects the cache no longer has, a watch from a revision a little older than the event
//! window (much older: 410).
//!
//! One store watch feeds every cache, rather than one per prefix: it makes "the cache has
//! applied revision R" true for every prefix as soon as the watch has delivered R, whereas a
//! per-prefix watch learns that nothing changed under its prefix only from progress
//! notifications (every second for the embedded store, every ten minutes by default for etcd),
//! so consistent reads would wait that long whenever other kinds were written.

// `ApiError`, the crate's wire error, is what every request path returns.
#![allow(clippy::result_large_err)]

mod broadcast;
mod json;

pub(crate) use json::write_object;
mod reflector;
mod shallow;
mod store;
mod watch;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use rk_api::resources::ResourceInfo;
use rk_api::status::ApiError;
use rk_store::{AnyStore, Revision, Store};
use tokio::sync::mpsc;
use tokio_util::sync::{CancellationToken, DropGuard};

use crate::meta;
use crate::printers::{self, IncludeObject};
use crate::registry::{self, ListOptions, ListPage, Selectors, store_error};
use crate::request::RequestInfo;
use reflector::Command;
use store::{Cache, Page, Unavailable};

/// Limits of the caches.
#[derive(Clone, Debug)]
pub struct Config {
    /// Most events a cache keeps for watches that resume from a resourceVersion.
    pub window_events: usize,
    /// Most bytes of objects those events may hold.
    pub window_bytes: usize,
    /// Events a watcher may have queued before it is cut off (it is cut off sooner when the
    /// oldest event it has not taken leaves the window).
    pub watcher_queue: usize,
    /// A watch from a revision older than the window goes to the store (which replays every
    /// change since, in memory) only when it is at most this many revisions older; beyond, 410.
    pub store_replay: i64,
    /// Most changes kept for a cache while it loads (more: it loads again).
    pub load_buffer: usize,
    /// How long a read waits for a cache to load or catch up before it asks the store.
    pub wait: Duration,
    /// How often watchers that allow bookmarks get one while the store's progress
    /// notifications are not coming (the store watch is busy).
    pub bookmark_interval: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            // Kubernetes' watch cache keeps up to 100 Ki events (75 s of them at most); the
            // window must outlast a full relist at the cluster's change rate, or a relisting
            // client's watch is already too old when it starts (decision 0011).
            window_events: 100_000,
            window_bytes: 256 << 20,
            watcher_queue: 4096,
            store_replay: 1000,
            load_buffer: 20_000,
            wait: Duration::from_secs(3),
            bookmark_interval: Duration::from_secs(1),
        }
    }
}

/// Every resource's cache, created on first use. Dropping it stops the reflector.
pub struct Caches {
    shared: Arc<Shared>,
    _stop: DropGuard,
}

/// What the caches, the reflector and the requests share.
pub(crate) struct Shared {
    store: AnyStore,
    config: Arc<Config>,
    /// The reflector's position: every change up to this revision is applied.
    seen: AtomicI64,
    /// Changes whenever `seen` advances or a cache finishes loading.
    tick: tokio::sync::watch::Sender<()>,
    caches: Mutex<HashMap<String, Arc<Cache>>>,
    commands: mpsc::UnboundedSender<Command>,
    /// The reflector's end of `commands`, until it is started (on first use).
    pending: Mutex<Option<mpsc::UnboundedReceiver<Command>>>,
    stop: CancellationToken,
    /// LISTs the cache cannot answer, read from the store a few at a time (see
    /// [`STORE_LISTS`]).
    store_lists: tokio::sync::Semaphore,
}

/// How many LISTs the store serves at once. A starved server's cache falls behind, and then
/// every LIST that wants the latest revision goes to the store: thousands of node agents
/// relisting at once each held a decoded copy of every pod (an API server went from 5 to 20 GiB
/// in ten seconds at 150,000 pods). Kubernetes bounds these with priority and fairness.
pub const STORE_LISTS: usize = 4;

impl Shared {
    fn notify(&self) {
        self.tick.send_replace(());
    }
}

/// Why a request is not served from a cache.
#[derive(Debug, thiserror::Error)]
enum Miss {
    /// The request itself is wrong: its error is the answer.
    #[error("{}", .0.message)]
    Api(ApiError),
    #[error(transparent)]
    Unavailable(#[from] Unavailable),
}

impl From<ApiError> for Miss {
    fn from(e: ApiError) -> Self {
        Miss::Api(e)
    }
}

impl Caches {
    pub fn new(store: AnyStore) -> Caches {
        Caches::with_config(store, Config::default())
    }

    pub fn with_config(store: AnyStore, config: Config) -> Caches {
        let (commands, pending) = mpsc::unbounded_channel();
        let stop = CancellationToken::new();
        let shared = Arc::new(Shared {
            store,
            config: Arc::new(config),
            seen: AtomicI64::new(0),
            tick: tokio::sync::watch::Sender::new(()),
            caches: Mutex::new(HashMap::new()),
            commands,
            pending: Mutex::new(Some(pending)),
            stop: stop.clone(),
            store_lists: tokio::sync::Semaphore::new(STORE_LISTS),
        });
        Caches {
            shared,
            _stop: stop.drop_guard(),
        }
    }

    /// The cache of `resource`'s storage prefix, created (and the reflector started) if new.
    fn cache(&self, resource: &ResourceInfo) -> Arc<Cache> {
        let prefix = meta::prefix(resource, "");
        let mut caches = self
            .shared
            .caches
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(c) = caches.get(&prefix) {
            return c.clone();
        }
        self.start_reflector();
        let cache = Arc::new(Cache::new(
            prefix.clone(),
            resource,
            self.shared.config.clone(),
        ));
        caches.insert(prefix, cache.clone());
        let _ = self.shared.commands.send(Command::Track(cache.clone()));
        cache
    }

    fn start_reflector(&self) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let mut pending = self
            .shared
            .pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(commands) = pending.take() {
            let stop = self.shared.stop.clone();
            runtime.spawn(reflector::run(self.shared.clone(), commands, stop));
        }
    }

    /// Waits (at most [`Config::wait`]) until the cache is loaded and at `min` or later;
    /// returns its revision.
    async fn wait(&self, cache: &Cache, min: Option<Revision>) -> Result<Revision, Unavailable> {
        let deadline = tokio::time::Instant::now() + self.shared.config.wait;
        let mut tick = self.shared.tick.subscribe();
        loop {
            let now = match cache.revision(&self.shared.seen) {
                None => Err(Unavailable::Loading),
                Some(have) => match min {
                    Some(want) if have < want => Err(Unavailable::Behind { want, have }),
                    _ => return Ok(have),
                },
            };
            match tokio::time::timeout_at(deadline, tick.changed()).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) | Err(_) => return now,
            }
        }
    }

    /// The store the caches follow.
    pub fn store(&self) -> &AnyStore {
        &self.shared.store
    }

    /// The node a pod is bound to as the cache holds it now, without waiting for the store's
    /// revision (so possibly stale: a caller that needs the truth asks the store when this
    /// does not give the answer it hopes for). None when the cache does not have the pod.
    pub fn pod_node(&self, namespace: &str, name: &str) -> Option<String> {
        let pods = rk_api::resources::find("", "v1", "pods")?;
        let cache = self.cache(pods);
        let object = cache.get(&meta::key(pods, namespace, name))?;
        Some(cache.trigger_value(&object).unwrap_or("").to_string())
    }

    async fn current_revision(&self, resource: &ResourceInfo) -> Result<Revision, ApiError> {
        self.shared
            .store
            .current_revision()
            .await
            .map_err(|e| store_error(resource, "", e))
    }

    /// A LIST from the store, [`STORE_LISTS`] at a time.
    async fn store_list(&self, info: &RequestInfo) -> Result<ListPage, ApiError> {
        let _permit = self
            .shared
            .store_lists
            .acquire()
            .await
            .map_err(|_| ApiError::internal("the API server is shutting down"))?;
        registry::list(&self.shared.store, info).await
    }

    /// LIST, with the output of `registry::list`: from the cache when it can answer, else
    /// from the store.
    pub async fn list(&self, info: &RequestInfo) -> Result<ListPage, ApiError> {
        match self.list_from_cache(info).await {
            Ok(page) => Ok(page),
            Err(Miss::Api(e)) => Err(e),
            Err(why) => {
                tracing::debug!(resource = info.resource.plural, reason = %why, "LIST served by the store");
                self.store_list(info).await
            }
        }
    }

    /// LIST as the JSON body `registry::list_object` makes: from the cache, written from the
    /// stored bytes without parsing them; else from the store.
    pub async fn list_json(&self, info: &RequestInfo) -> Result<Bytes, ApiError> {
        let r = info.resource;
        match self.page_from_cache(info).await {
            Ok(page) => list_body(r, &page),
            Err(Miss::Api(e)) => Err(e),
            Err(why) => {
                tracing::debug!(resource = r.plural, reason = %why, "LIST served by the store");
                let page = self.store_list(info).await?;
                Ok(Bytes::from(registry::list_object(r, page).to_string()))
            }
        }
    }

    /// LIST as the Table `printers::table_including` makes, `includeObject` as `include` asks:
    /// from the cache, each row printed from a parse of the stored bytes that skips
    /// managedFields and its object written from those bytes; else from the store.
    pub async fn list_table(
        &self,
        info: &RequestInfo,
        include: IncludeObject,
        now: i64,
    ) -> Result<Bytes, ApiError> {
        let r = info.resource;
        match self.page_from_cache(info).await {
            Ok(page) => table_body(r, &page, include, now),
            Err(Miss::Api(e)) => Err(e),
            Err(why) => {
                tracing::debug!(resource = r.plural, reason = %why, "LIST served by the store");
                let page = self.store_list(info).await?;
                let rv = page.revision.to_string();
                let table_page = printers::Page {
                    resource_version: &rv,
                    continue_token: page.continue_token.as_deref(),
                    include_column_definitions: true,
                    include,
                };
                let table =
                    printers::table_including(r.group, r.plural, &page.items, &table_page, now);
                Ok(Bytes::from(table.to_string()))
            }
        }
    }

    async fn list_from_cache(&self, info: &RequestInfo) -> Result<ListPage, Miss> {
        let page = self.page_from_cache(info).await?;
        let items = page
            .objects
            .iter()
            .map(|o| o.decode(o.revision))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ListPage {
            items,
            revision: page.revision,
            continue_token: continue_token(&page),
        })
    }

    /// The page a LIST asks for, if the cache can answer it.
    async fn page_from_cache(&self, info: &RequestInfo) -> Result<Page, Miss> {
        let r = info.resource;
        let q = &info.query;
        let selectors = Selectors::from_query(info)?;
        let limit = q
            .number("limit")?
            .filter(|l| *l > 0)
            .map_or(0, |l| l as usize);
        // (wait for the cache to have this revision, serve it exactly at this one, after key)
        let (min, at, start_after) = match q.get("continue").filter(|t| !t.is_empty()) {
            Some(token) => {
                let (rev, start) = registry::decode_continue(token)?;
                (Some(rev), Some(rev), Some(start))
            }
            None => match registry::list_options(info)? {
                ListOptions {
                    resource_version: None,
                    ..
                } => (Some(self.current_revision(r).await?), None, None),
                ListOptions {
                    resource_version: Some(0),
                    ..
                } => (None, None, None),
                ListOptions {
                    resource_version: Some(rv),
                    exact,
                } => (Some(rv), exact.then_some(rv), None),
            },
        };
        let cache = self.cache(r);
        self.wait(&cache, min).await?;
        let prefix = meta::prefix(r, &info.namespace);
        Ok(cache.page(
            &self.shared.seen,
            &prefix,
            &selectors,
            limit,
            start_after.as_deref(),
            at,
        )?)
    }
}

fn continue_token(page: &Page) -> Option<String> {
    page.continue_after
        .as_ref()
        .map(|key| registry::encode_continue(page.revision, key))
}

/// The Table of a page, byte for byte what `printers::table_including(..).to_string()` writes,
/// with each row written from its object's stored bytes where it can be.
fn table_body(
    resource: &ResourceInfo,
    page: &Page,
    include: IncludeObject,
    now: i64,
) -> Result<Bytes, ApiError> {
    let rv = page.revision.to_string();
    let token = continue_token(page);
    let table_page = printers::Page {
        resource_version: &rv,
        continue_token: token.as_deref(),
        include_column_definitions: true,
        include,
    };
    let envelope =
        printers::table_including(resource.group, resource.plural, &[], &table_page, now)
            .to_string();
    let Some((before, after)) = envelope.split_once("\"rows\":[]") else {
        return Err(ApiError::internal("a Table without rows"));
    };
    let rows = printers::Rows::new(resource.group, resource.plural);
    // What each row's cells are printed from: pods (the LIST that matters, `get pods -A`) from
    // a parse of what their printer reads, other kinds from all but managedFields.
    let parse = if resource.group.is_empty() && resource.plural == "pods" {
        shallow::pod_for_printing
    } else {
        shallow::for_printing
    };
    let per_row = match include {
        IncludeObject::None => 0,
        IncludeObject::Metadata => 256,
        IncludeObject::Object => 1024,
    } + 160;
    let mut out = Vec::with_capacity(envelope.len() + page.objects.len() * per_row);
    let mut object = Vec::new();
    out.extend_from_slice(before.as_bytes());
    out.extend_from_slice(b"\"rows\":[");
    for (i, o) in page.objects.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        object.clear();
        let written = match include {
            IncludeObject::None => {
                object.extend_from_slice(b"null");
                true
            }
            IncludeObject::Metadata => {
                object.extend_from_slice(printers::PARTIAL_OBJECT_METADATA_PREFIX);
                let done = json::write_metadata(&mut object, &o.value, o.revision);
                object.push(b'}');
                done
            }
            IncludeObject::Object => json::write_object(&mut object, &o.value, o.revision),
        };
        let mark = out.len();
        let fast = written
            && parse(&o.value)
                .is_some_and(|printed| rows.write_row(&mut out, &printed, now, &object));
        if !fast {
            out.truncate(mark);
            let row = rows.row(&o.decode(o.revision)?, now, include);
            out.extend_from_slice(row.to_string().as_bytes());
        }
    }
    out.push(b']');
    out.extend_from_slice(after.as_bytes());
    Ok(Bytes::from(out))
}

/// The JSON List of a page, byte for byte what `registry::list_object(..).to_string()` writes,
/// with each item spliced from its stored bytes ([`json::write_object`]) where it can be.
fn list_body(resource: &ResourceInfo, page: &Page) -> Result<Bytes, ApiError> {
    let empty = ListPage {
        items: Vec::new(),
        revision: page.revision,
        continue_token: continue_token(page),
    };
    let envelope = registry::list_object(resource, empty).to_string();
    let Some((before, after)) = envelope.split_once("\"items\":[]") else {
        return Err(ApiError::internal("a List without items"));
    };
    let size: usize = page.objects.iter().map(|o| o.value.len() + 48).sum();
    let mut out = Vec::with_capacity(envelope.len() + size);
    out.extend_from_slice(before.as_bytes());
    out.extend_from_slice(b"\"items\":[");
    for (i, o) in page.objects.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if !json::write_object(&mut out, &o.value, o.revision) {
            let item = o.decode(o.revision)?;
            out.extend_from_slice(item.to_string().as_bytes());
        }
    }
    out.push(b']');
    out.extend_from_slice(after.as_bytes());
    Ok(Bytes::from(out))
}
