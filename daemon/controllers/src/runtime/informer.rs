//! Shared informers: one watch (kube-runtime's `watcher`) and one reflector store per resource,
//! read by every controller, with event handlers that only enqueue keys.
//!
//! A handler sees `(old, new, deleted)`: the object as the store held it before the event, the
//! object of the event, and whether the event was a deletion. After a relist it sees every listed
//! object, and a deletion for every object the relist no longer returned.

use std::collections::{HashMap, HashSet};
use std::fmt::Debug;
use std::hash::Hash;
use std::sync::{Arc, RwLock};

use futures::StreamExt;
use kube::runtime::reflector::store::Writer;
use kube::runtime::reflector::{ObjectRef, Store};
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Client, Resource};
use serde::de::DeserializeOwned;
use tokio_util::sync::CancellationToken;

/// What an event handler receives: the previous object (if the store had one), the new one,
/// and whether it was deleted.
pub type Handler<K> = Box<dyn Fn(Option<&K>, &K, bool) + Send + Sync>;

/// One resource's watch, store and handlers.
pub struct Informer<K>
where
    K: Resource + Clone + 'static,
    K::DynamicType: Eq + Hash + Clone,
{
    api: Api<K>,
    dyntype: K::DynamicType,
    store: Store<K>,
    writer: std::sync::Mutex<Option<Writer<K>>>,
    handlers: RwLock<Vec<Handler<K>>>,
    /// Names per namespace, so a controller reads one namespace without scanning the store.
    by_namespace: RwLock<HashMap<String, HashSet<String>>>,
    /// (namespace, name) per controller uid, and per `orphan/<namespace>` for objects without
    /// a controller: what a controller claims, without scanning its namespace.
    by_controller: RwLock<HashMap<String, HashSet<(String, String)>>>,
    /// True once the first list is in the store. (Our own signal: kube's
    /// `Store::wait_until_ready` woke only one of several concurrent waiters here.)
    synced: tokio::sync::watch::Sender<bool>,
}

impl<K> Informer<K>
where
    K: Resource + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
    K::DynamicType: Eq + Hash + Clone + Default + Send + Sync,
{
    /// An informer over every namespace for a typed resource.
    pub fn new(client: &Client) -> Arc<Self> {
        Self::with_api(Api::all(client.clone()), K::DynamicType::default())
    }
}

impl<K> Informer<K>
where
    K: Resource + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
    K::DynamicType: Eq + Hash + Clone + Send + Sync,
{
    /// An informer over `api` (a dynamic resource passes its `ApiResource` as `dyntype`).
    pub fn with_api(api: Api<K>, dyntype: K::DynamicType) -> Arc<Self> {
        let writer = Writer::new(dyntype.clone());
        Arc::new(Informer {
            api,
            store: writer.as_reader(),
            dyntype,
            writer: std::sync::Mutex::new(Some(writer)),
            handlers: RwLock::new(Vec::new()),
            by_namespace: RwLock::default(),
            by_controller: RwLock::default(),
            synced: tokio::sync::watch::Sender::new(false),
        })
    }

    /// The reflector store (cheap to clone; readers never block the writer for long).
    pub fn store(&self) -> Store<K> {
        self.store.clone()
    }

    /// Adds an event handler; it should only enqueue keys.
    pub fn on_event(&self, handler: impl Fn(Option<&K>, &K, bool) + Send + Sync + 'static) {
        if let Ok(mut h) = self.handlers.write() {
            h.push(Box::new(handler));
        }
    }

    /// The objects of one namespace.
    pub fn list_namespace(&self, namespace: &str) -> Vec<Arc<K>> {
        let Ok(index) = self.by_namespace.read() else {
            return Vec::new();
        };
        let Some(names) = index.get(namespace) else {
            return Vec::new();
        };
        names
            .iter()
            .filter_map(|n| {
                self.store
                    .get(&ObjectRef::new_with(n, self.dyntype.clone()).within(namespace))
            })
            .collect()
    }

    /// The objects whose controller reference has `uid`.
    pub fn list_controlled_by(&self, uid: &str) -> Vec<Arc<K>> {
        self.list_by_controller_key(uid)
    }

    /// The objects of `namespace` without a controller reference.
    pub fn list_orphans(&self, namespace: &str) -> Vec<Arc<K>> {
        self.list_by_controller_key(&format!("orphan/{namespace}"))
    }

    fn list_by_controller_key(&self, key: &str) -> Vec<Arc<K>> {
        let Ok(index) = self.by_controller.read() else {
            return Vec::new();
        };
        index
            .get(key)
            .into_iter()
            .flatten()
            .filter_map(|(ns, n)| {
                let mut r = ObjectRef::new_with(n, self.dyntype.clone());
                if !ns.is_empty() {
                    r = r.within(ns);
                }
                self.store.get(&r)
            })
            .collect()
    }

    fn controller_key(obj: &K) -> String {
        let meta = obj.meta();
        match meta
            .owner_references
            .iter()
            .flatten()
            .find(|r| r.controller == Some(true))
        {
            Some(r) => r.uid.clone(),
            None => format!("orphan/{}", meta.namespace.as_deref().unwrap_or("")),
        }
    }

    fn index_controller(&self, old: Option<&K>, obj: &K, present: bool) {
        let meta = obj.meta();
        let id = (
            meta.namespace.clone().unwrap_or_default(),
            meta.name.clone().unwrap_or_default(),
        );
        let Ok(mut index) = self.by_controller.write() else {
            return;
        };
        for o in old.into_iter().chain(std::iter::once(obj)) {
            let k = Self::controller_key(o);
            if let Some(set) = index.get_mut(&k) {
                set.remove(&id);
                if set.is_empty() {
                    index.remove(&k);
                }
            }
        }
        if present {
            index
                .entry(Self::controller_key(obj))
                .or_default()
                .insert(id);
        }
    }

    fn index(&self, obj: &K, present: bool) {
        let meta = obj.meta();
        let (Some(ns), Some(name)) = (meta.namespace.as_ref(), meta.name.as_ref()) else {
            return;
        };
        let Ok(mut index) = self.by_namespace.write() else {
            return;
        };
        if present {
            index.entry(ns.clone()).or_default().insert(name.clone());
        } else if let Some(set) = index.get_mut(ns) {
            set.remove(name);
            if set.is_empty() {
                index.remove(ns);
            }
        }
    }

    /// Waits for the first complete list.
    pub async fn wait_synced(&self) {
        let mut rx = self.synced.subscribe();
        let _ = rx.wait_for(|synced| *synced).await;
    }

    fn notify(&self, old: Option<&K>, new: &K, deleted: bool) {
        if let Ok(handlers) = self.handlers.read() {
            for h in handlers.iter() {
                h(old, new, deleted);
            }
        }
    }

    /// Watches until `shutdown`; relists after errors with kube-runtime's default backoff.
    pub async fn run(self: Arc<Self>, shutdown: CancellationToken) {
        let Some(mut writer) = self.writer.lock().ok().and_then(|mut w| w.take()) else {
            return;
        };
        let config = watcher::Config::default();
        // As kube-controller-manager's informers do: controllers never read managedFields, and
        // they are the bulk of a small object held in memory (an update sent without them keeps
        // the server's).
        let stream = watcher(self.api.clone(), config)
            .modify(|o| o.meta_mut().managed_fields = None)
            .default_backoff();
        let mut stream = std::pin::pin!(stream);
        let mut listed: Vec<K> = Vec::new();
        loop {
            let event = tokio::select! {
                _ = shutdown.cancelled() => return,
                e = stream.next() => e,
            };
            let event = match event {
                Some(Ok(e)) => e,
                Some(Err(e)) => {
                    tracing::info!(resource = %K::plural(&self.dyntype), error = %e, "informer watch error; retrying");
                    continue;
                }
                None => return,
            };
            match &event {
                watcher::Event::Apply(obj) => {
                    let old = self
                        .store
                        .get(&ObjectRef::from_obj_with(obj, self.dyntype.clone()));
                    writer.apply_watcher_event(&event);
                    self.index(obj, true);
                    self.index_controller(old.as_deref(), obj, true);
                    self.notify(old.as_deref(), obj, false);
                }
                watcher::Event::Delete(obj) => {
                    let old = self
                        .store
                        .get(&ObjectRef::from_obj_with(obj, self.dyntype.clone()));
                    writer.apply_watcher_event(&event);
                    self.index(obj, false);
                    self.index_controller(old.as_deref(), obj, false);
                    self.notify(old.as_deref(), obj, true);
                }
                watcher::Event::Init => {
                    listed.clear();
                    writer.apply_watcher_event(&event);
                }
                watcher::Event::InitApply(obj) => {
                    listed.push(obj.clone());
                    writer.apply_watcher_event(&event);
                }
                watcher::Event::InitDone => {
                    tracing::debug!(resource = %K::plural(&self.dyntype), objects = listed.len(), "informer listed");
                    let before = self.store.state();
                    writer.apply_watcher_event(&event);
                    if let Ok(mut index) = self.by_namespace.write() {
                        index.clear();
                    }
                    if let Ok(mut index) = self.by_controller.write() {
                        index.clear();
                    }
                    for obj in &listed {
                        self.index(obj, true);
                        self.index_controller(None, obj, true);
                    }
                    let present: HashSet<ObjectRef<K>> = listed
                        .iter()
                        .map(|o| ObjectRef::from_obj_with(o, self.dyntype.clone()))
                        .collect();
                    for old in &before {
                        if !present.contains(&ObjectRef::from_obj_with(
                            old.as_ref(),
                            self.dyntype.clone(),
                        )) {
                            self.notify(Some(old), old, true);
                        }
                    }
                    let by_ref: std::collections::HashMap<ObjectRef<K>, &Arc<K>> = before
                        .iter()
                        .map(|o| {
                            (
                                ObjectRef::from_obj_with(o.as_ref(), self.dyntype.clone()),
                                o,
                            )
                        })
                        .collect();
                    self.synced.send_replace(true);
                    for obj in std::mem::take(&mut listed) {
                        let r = ObjectRef::from_obj_with(&obj, self.dyntype.clone());
                        self.notify(by_ref.get(&r).map(|o| o.as_ref()), &obj, false);
                    }
                }
            }
        }
    }
}

/// `namespace/name`, or `name` for cluster-scoped objects: the key controllers queue.
pub fn key_of<K: Resource>(obj: &K) -> String {
    let meta = obj.meta();
    let name = meta.name.as_deref().unwrap_or("");
    match meta.namespace.as_deref() {
        Some(ns) if !ns.is_empty() => format!("{ns}/{name}"),
        _ => name.to_string(),
    }
}

/// Splits a key into (namespace, name); the namespace is empty for cluster-scoped keys.
pub fn split_key(key: &str) -> (&str, &str) {
    match key.split_once('/') {
        Some((ns, name)) => (ns, name),
        None => ("", key),
    }
}

/// The object of `key` in a store of namespaced (or cluster-scoped) objects.
pub fn get_by_key<K>(store: &Store<K>, key: &str) -> Option<Arc<K>>
where
    K: Resource + Clone + 'static,
    K::DynamicType: Eq + Hash + Clone + Default,
{
    let (ns, name) = split_key(key);
    let mut r = ObjectRef::new(name);
    if !ns.is_empty() {
        r = r.within(ns);
    }
    store.get(&r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_split_into_namespace_and_name() {
        assert_eq!(split_key("default/web"), ("default", "web"));
        assert_eq!(split_key("node-1"), ("", "node-1"));
    }
}
