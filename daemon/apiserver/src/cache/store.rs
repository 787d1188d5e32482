//! One cache's contents: the objects of one storage prefix, the window of recent events and
//! the watchers, behind one lock that the reflector writes and requests read.
//!
//! Each object is kept as the JSON bytes the store holds (no resourceVersion: it is put back
//! from the revision when the object is served) plus its [`Attrs`] — labels and selectable
//! fields packed in one string — so selectors run without parsing, and only the objects a
//! request returns are ever parsed. An update shares the previous version's `Attrs` when the
//! labels and fields did not change.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::ops::Bound;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use bytes::Bytes;
use rk_api::resources::ResourceInfo;
use rk_api::status::ApiError;
use rk_store::{KeyValue, Revision, WatchEvent};
use serde_json::Value;

use super::Config;
use super::broadcast::{self, Ended, Subscriber, Subscription};
use crate::registry::{Selectors, set_resource_version};

/// Why a cache cannot serve a request (the caller then asks the store).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Unavailable {
    #[error("the cache is loading")]
    Loading,
    #[error("the cache is at revision {have}, behind the requested {want}")]
    Behind { want: Revision, have: Revision },
    #[error("revision {requested} is older than the cache's event window (from {oldest})")]
    TooOld {
        requested: Revision,
        oldest: Revision,
    },
    #[error(
        "the cache no longer holds the objects as of revision {requested} (changed at {changed})"
    )]
    NotSnapshot {
        requested: Revision,
        changed: Revision,
    },
}

/// The selectable fields of the kinds stored under one prefix (core and events.k8s.io Events
/// share `/events/`), in a fixed slot order.
pub(crate) struct Fields {
    kinds: Box<[&'static str]>,
    names: Box<[&'static str]>,
    /// The slot of the trigger field, when the kinds have one (see [`TRIGGER_FIELD`]).
    trigger: Option<usize>,
}

/// Watchers that select one value of this field (`spec.nodeName=<node>`: every node agent's pod
/// watch) are indexed by it, so an event is offered only to the watchers of the nodes it
/// concerns — not to thousands of node watchers that would each discard it (Kubernetes' watch
/// cache has the same index, its "trigger" functions, for pods).
pub(crate) const TRIGGER_FIELD: &str = "spec.nodeName";

/// The kind name field selectors are checked and read against (as the registry's selectors).
fn selector_kind(r: &ResourceInfo) -> &'static str {
    if r.group == "events.k8s.io" {
        "Event.events.k8s.io"
    } else {
        r.kind
    }
}

impl Fields {
    pub fn for_resource(resource: &ResourceInfo) -> Fields {
        let mut kinds = vec![selector_kind(resource)];
        for r in rk_api::resources::all()
            .iter()
            .filter(|r| r.plural == resource.plural)
        {
            let kind = selector_kind(r);
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        let mut names: Vec<&'static str> = Vec::new();
        for kind in &kinds {
            for (name, _) in rk_api::selector::object_fields(kind, &Value::Null) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        let trigger = names.iter().position(|n| *n == TRIGGER_FIELD);
        Fields {
            kinds: kinds.into(),
            names: names.into(),
            trigger,
        }
    }

    fn slot(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| *n == name)
    }

    /// The object's field values in slot order ("" where a kind has no such field).
    fn values(&self, obj: &Value) -> Vec<String> {
        let mut values = vec![String::new(); self.names.len()];
        for kind in &self.kinds {
            for (name, value) in rk_api::selector::object_fields(kind, obj) {
                if let Some(slot) = self.slot(name).and_then(|i| values.get_mut(i))
                    && slot.is_empty()
                {
                    *slot = value;
                }
            }
        }
        values
    }
}

/// What selectors read of an object: its labels (sorted by key) and its selectable fields,
/// back to back in one string.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Attrs {
    text: Box<str>,
    /// End offset in `text` of each string: label keys and values alternately, then the fields
    /// in slot order.
    ends: Box<[u32]>,
    labels: usize,
}

impl Attrs {
    /// An object's attributes; an unparsable object has none (and matches only empty
    /// selectors, as it would fail to be served anyway).
    pub fn of(obj: Option<&Value>, fields: &Fields) -> Attrs {
        let mut text = String::new();
        let mut ends = Vec::new();
        let mut push = |s: &str, text: &mut String| {
            text.push_str(s);
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        };
        let mut labels: Vec<(&String, &str)> = obj
            .and_then(|o| o.pointer("/metadata/labels"))
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k, v)))
                    .collect()
            })
            .unwrap_or_default();
        labels.sort_unstable();
        for (k, v) in &labels {
            push(k, &mut text);
            push(v, &mut text);
        }
        if let Some(obj) = obj {
            for value in fields.values(obj) {
                push(&value, &mut text);
            }
        }
        Attrs {
            text: text.into(),
            ends: ends.into(),
            labels: labels.len(),
        }
    }

    fn string(&self, i: usize) -> &str {
        let start = match i {
            0 => 0,
            _ => self.ends.get(i - 1).copied().unwrap_or(0) as usize,
        };
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        self.text.get(start..end).unwrap_or("")
    }

    fn label(&self, key: &str) -> Option<&str> {
        let (mut lo, mut hi) = (0, self.labels);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.string(2 * mid).cmp(key) {
                std::cmp::Ordering::Equal => return Some(self.string(2 * mid + 1)),
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        None
    }

    fn field(&self, slot: usize) -> Option<&str> {
        (2 * self.labels + slot < self.ends.len()).then(|| self.string(2 * self.labels + slot))
    }

    /// Whether the selectors select this object (as `Selectors::matches` on its JSON).
    pub fn matches(&self, selectors: &Selectors, fields: &Fields) -> bool {
        selectors.labels.matches_lookup(|k| self.label(k))
            && selectors.fields.requirements().iter().all(|term| {
                term.matches_value(fields.slot(term.field()).and_then(|s| self.field(s)))
            })
    }
}

/// One object as the cache keeps it.
pub(crate) struct Object {
    pub key: Arc<str>,
    /// The stored JSON, without resourceVersion.
    pub value: Bytes,
    /// The revision of its last change (its resourceVersion).
    pub revision: Revision,
    pub attrs: Arc<Attrs>,
}

impl Object {
    /// The object as the API serves it, with `rv` as its resourceVersion.
    pub fn decode(&self, rv: Revision) -> Result<Value, ApiError> {
        let mut obj: Value = serde_json::from_slice(&self.value).map_err(|e| {
            ApiError::internal(format!("stored object {} is not JSON: {e}", self.key))
        })?;
        set_resource_version(&mut obj, rv);
        Ok(obj)
    }
}

/// How many of the window's newest events keep their rendering for watchers still catching up.
const RENDERED_EVENTS: usize = 256;

/// One change, as watchers see it.
pub(crate) struct Event {
    pub revision: Revision,
    /// The new object (put), or the object as it was when deleted (delete).
    pub object: Arc<Object>,
    pub change: Change,
    /// The watch lines (`{"object":…,"type":…}`) as watchers are sent them, one per event type
    /// (ADDED, MODIFIED, DELETED: selector transitions give one change several), made by the first
    /// watcher that needs one and shared by all — a thousand watchers send one buffer, no copy
    /// each. Kept while the event is among the window's newest ([`RENDERED_EVENTS`]): a window of
    /// 10,000 events would otherwise hold a second copy of every object it has seen change.
    rendered: Mutex<[Option<Bytes>; 3]>,
    /// Set once the event leaves the newest: later renderings are not kept.
    cold: std::sync::atomic::AtomicBool,
}

pub(crate) enum Change {
    /// A create (`prev` None) or an update; `prev` is what selectors saw before.
    Put {
        prev: Option<Arc<Attrs>>,
    },
    Delete,
}

impl Event {
    fn new(revision: Revision, object: Arc<Object>, change: Change) -> Event {
        Event {
            revision,
            object,
            change,
            rendered: Mutex::new([None, None, None]),
            cold: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn rendered_slot(&self) -> std::sync::MutexGuard<'_, [Option<Bytes>; 3]> {
        self.rendered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Drops the shared rendering; a watcher that still needs it renders it again.
    fn forget_rendering(&self) {
        let mut slot = self.rendered_slot();
        self.cold.store(true, std::sync::atomic::Ordering::Relaxed);
        *slot = [None, None, None];
    }

    /// The object as watchers are sent it (resourceVersion = the event's revision); None when it
    /// is not JSON.
    fn render_object(&self) -> Option<Bytes> {
        let mut out = Vec::with_capacity(self.object.value.len() + 32);
        if super::json::write_object(&mut out, &self.object.value, self.revision) {
            return Some(Bytes::from(out));
        }
        self.object
            .decode(self.revision)
            .ok()
            .map(|v| Bytes::from(v.to_string()))
    }

    /// The watch line of this event as type `kind`, rendered once for every watcher.
    pub fn line(&self, kind: &'static str) -> Option<Bytes> {
        let i = match kind {
            "ADDED" => 0,
            "MODIFIED" => 1,
            _ => 2,
        };
        let mut slot = self.rendered_slot();
        if let Some(line) = slot.get(i).and_then(Option::as_ref) {
            return Some(line.clone());
        }
        let line = crate::watch::line_raw(kind, &self.render_object()?);
        // A watcher catching up on an older event renders it for itself: kept, the renderings
        // of every event in the window would double what the window holds.
        if !self.cold.load(std::sync::atomic::Ordering::Relaxed)
            && let Some(s) = slot.get_mut(i)
        {
            *s = Some(line.clone());
        }
        Some(line)
    }

    /// The event type a watcher with these selectors sees, if any.
    pub fn event_type(&self, selectors: &Selectors, fields: &Fields) -> Option<&'static str> {
        let now = self.object.attrs.matches(selectors, fields);
        match &self.change {
            Change::Put { prev } => {
                crate::watch::event_type(prev.as_ref().map(|p| p.matches(selectors, fields)), now)
            }
            Change::Delete => now.then_some("DELETED"),
        }
    }
}

/// The objects of a load, read from the store at `revision`.
pub(crate) struct Loaded {
    pub objects: BTreeMap<Arc<str>, Arc<Object>>,
    pub revision: Revision,
}

enum Phase {
    /// Waiting for load `load`; the watch's events meanwhile are kept, to apply after it.
    Loading {
        load: u64,
        buffer: Vec<WatchEvent>,
    },
    Ready,
}

struct State {
    phase: Phase,
    objects: BTreeMap<Arc<str>, Arc<Object>>,
    /// The objects are the store's as of this revision (at least; see `Cache::revision`).
    revision: Revision,
    /// The revision of the last change applied (or of the load): the objects are the store's
    /// at every revision from here to the cache's revision.
    last_change: Revision,
    /// Every change after `window_from`, oldest first.
    window: VecDeque<Arc<Event>>,
    window_from: Revision,
    window_bytes: usize,
    subscribers: Vec<Subscriber>,
    /// Watchers requiring one value of the trigger field, by that value.
    by_trigger: HashMap<Box<str>, Vec<Subscriber>>,
}

/// What a page read returns.
pub(crate) struct Page {
    pub objects: Vec<Arc<Object>>,
    pub revision: Revision,
    /// The last key returned, when keys remain after it.
    pub continue_after: Option<Arc<str>>,
}

/// Where a new watcher starts.
pub(crate) enum From {
    /// With the current objects (initial ADDED events).
    Snapshot,
    /// After this revision, replaying the window's events since.
    After(Revision),
}

/// What a new watcher is sent before the live events.
pub(crate) struct Start {
    pub revision: Revision,
    pub initial: Vec<Arc<Object>>,
    pub replay: Vec<Arc<Event>>,
}

/// What became of one event handed to [`Cache::apply`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Applied {
    Changed,
    Buffered,
    /// Already in the cache (at or below its revision).
    Skipped,
    /// The buffer of a loading cache is full: load again.
    Overflow,
}

/// The cache of one storage prefix.
pub(crate) struct Cache {
    pub prefix: String,
    pub fields: Fields,
    config: Arc<Config>,
    state: RwLock<State>,
}

impl Cache {
    pub fn new(prefix: String, resource: &ResourceInfo, config: Arc<Config>) -> Cache {
        Cache {
            prefix,
            fields: Fields::for_resource(resource),
            config,
            state: RwLock::new(State {
                phase: Phase::Loading {
                    load: 0,
                    buffer: Vec::new(),
                },
                objects: BTreeMap::new(),
                revision: 0,
                last_change: 0,
                window: VecDeque::new(),
                window_from: 0,
                window_bytes: 0,
                subscribers: Vec::new(),
                by_trigger: HashMap::new(),
            }),
        }
    }

    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The revision the cache is consistent at, None while loading. `seen` is the reflector's
    /// position in the store's watch: every change up to it has been applied, so a ready cache
    /// is the store's as of `max(own revision, seen)`. Read under the cache's lock, so no
    /// change at or below it can be pending.
    fn revision_of(state: &State, seen: &AtomicI64) -> Option<Revision> {
        match state.phase {
            Phase::Ready => Some(state.revision.max(seen.load(Ordering::Acquire))),
            Phase::Loading { .. } => None,
        }
    }

    pub fn revision(&self, seen: &AtomicI64) -> Option<Revision> {
        Self::revision_of(&self.read(), seen)
    }

    // ----- the reflector's side -----

    /// Starts (again) from nothing, waiting for load `load`. Watchers are cut off: they would
    /// miss the changes between the old and the new contents.
    pub fn begin_load(&self, load: u64) {
        let mut st = self.write();
        st.phase = Phase::Loading {
            load,
            buffer: Vec::new(),
        };
        st.objects = BTreeMap::new();
        st.window.clear();
        st.window_bytes = 0;
        for s in st.subscribers.drain(..) {
            s.end(Ended::Reset);
        }
        for (_, list) in st.by_trigger.drain() {
            for s in list {
                s.end(Ended::Reset);
            }
        }
    }

    /// Whether load `load` is still the one this cache waits for.
    pub fn is_loading(&self, load: u64) -> bool {
        matches!(self.read().phase, Phase::Loading { load: l, .. } if l == load)
    }

    /// The objects of a range read, keyed as the store keys them. (Both backends read each
    /// value into a buffer of its own, of exactly its size, so the values are kept as they are.)
    pub fn build(&self, kvs: Vec<KeyValue>) -> BTreeMap<Arc<str>, Arc<Object>> {
        kvs.into_iter()
            .map(|kv| {
                let key: Arc<str> = kv.key.into();
                let object = self.object(key.clone(), kv.value, kv.mod_revision, None);
                (key, Arc::new(object))
            })
            .collect()
    }

    fn object(
        &self,
        key: Arc<str>,
        value: Bytes,
        revision: Revision,
        old: Option<&Object>,
    ) -> Object {
        let parsed = super::shallow::parse(&value);
        let attrs = Attrs::of(parsed.as_ref(), &self.fields);
        let attrs = match old {
            Some(o) if *o.attrs == attrs => o.attrs.clone(),
            _ => Arc::new(attrs),
        };
        Object {
            key,
            value,
            revision,
            attrs,
        }
    }

    /// Installs load `load` and applies the events that came meanwhile. False when the cache
    /// no longer waits for this load.
    pub fn finish_load(&self, load: u64, loaded: Loaded) -> bool {
        let mut st = self.write();
        let buffer = match &mut st.phase {
            Phase::Loading { load: l, buffer } if *l == load => std::mem::take(buffer),
            _ => return false,
        };
        st.phase = Phase::Ready;
        st.objects = loaded.objects;
        st.revision = loaded.revision;
        st.last_change = loaded.revision;
        st.window_from = loaded.revision;
        for ev in buffer {
            self.apply_ready(&mut st, ev);
        }
        true
    }

    /// Applies (or, while loading, keeps) one change from the store's watch.
    pub fn apply(&self, ev: WatchEvent) -> Applied {
        let mut st = self.write();
        if let Phase::Loading { buffer, .. } = &mut st.phase {
            if buffer.len() >= self.config.load_buffer {
                buffer.clear();
                return Applied::Overflow;
            }
            buffer.push(ev);
            return Applied::Buffered;
        }
        self.apply_ready(&mut st, ev)
    }

    fn apply_ready(&self, st: &mut State, ev: WatchEvent) -> Applied {
        let revision = ev.revision();
        if revision <= st.revision {
            return Applied::Skipped;
        }
        let event = match ev {
            WatchEvent::Put { kv, .. } => {
                let old = st.objects.get(kv.key.as_str()).cloned();
                let key = old
                    .as_ref()
                    .map_or_else(|| Arc::from(kv.key.as_str()), |o| o.key.clone());
                // A copy of exactly the value's size: a written value's buffer is often larger
                // (serde_json grows it by doubling), and it is shared with the writer.
                let value = Bytes::copy_from_slice(&kv.value);
                let object = Arc::new(self.object(key.clone(), value, revision, old.as_deref()));
                st.objects.insert(key, object.clone());
                Event::new(
                    revision,
                    object,
                    Change::Put {
                        prev: old.map(|o| o.attrs.clone()),
                    },
                )
            }
            WatchEvent::Delete { key, .. } => match st.objects.remove(key.as_str()) {
                Some(object) => Event::new(revision, object, Change::Delete),
                None => {
                    st.revision = revision;
                    return Applied::Skipped;
                }
            },
            WatchEvent::Progress { .. } => return Applied::Skipped,
        };
        st.revision = revision;
        st.last_change = revision;
        let event = Arc::new(event);
        // The object and, once a watcher has asked for it, its rendering.
        st.window_bytes += 2 * event.object.value.len();
        st.window.push_back(event.clone());
        if let Some(cold) = st
            .window
            .len()
            .checked_sub(RENDERED_EVENTS + 1)
            .and_then(|i| st.window.get(i))
        {
            cold.forget_rendering();
        }
        while st.window.len() > self.config.window_events
            || st.window_bytes > self.config.window_bytes
        {
            let Some(old) = st.window.pop_front() else {
                break;
            };
            st.window_bytes -= 2 * old.object.value.len();
            st.window_from = old.revision;
        }
        let window_from = st.window_from;
        st.subscribers.retain_mut(|s| s.offer(&event, window_from));
        if let Some(slot) = self.fields.trigger
            && !st.by_trigger.is_empty()
        {
            // The watchers of the object's trigger value now and before the change.
            let now = event.object.attrs.field(slot);
            let before = match &event.change {
                Change::Put { prev: Some(p) } => p.field(slot),
                _ => None,
            };
            for value in [now, before.filter(|b| Some(*b) != now)]
                .into_iter()
                .flatten()
            {
                if let Some(list) = st.by_trigger.get_mut(value) {
                    list.retain_mut(|s| s.offer(&event, window_from));
                    if list.is_empty() {
                        st.by_trigger.remove(value);
                    }
                }
            }
        }
        Applied::Changed
    }

    /// Tells the watchers that want bookmarks how far the cache has got.
    pub fn progress(&self, seen: &AtomicI64) {
        let mut st = self.write();
        let Some(revision) = Self::revision_of(&st, seen) else {
            return;
        };
        let window_from = st.window_from;
        st.subscribers
            .retain_mut(|s| s.offer_progress(revision, window_from));
        st.by_trigger.retain(|_, list| {
            list.retain_mut(|s| s.offer_progress(revision, window_from));
            !list.is_empty()
        });
    }

    // ----- the requests' side -----

    /// Up to `limit` objects (0: all) under `prefix` after `start_after` that the selectors
    /// select. `at`: the revision a continued list started at, served only if nothing changed
    /// since it.
    pub fn page(
        &self,
        seen: &AtomicI64,
        prefix: &str,
        selectors: &Selectors,
        limit: usize,
        start_after: Option<&str>,
        at: Option<Revision>,
    ) -> Result<Page, Unavailable> {
        let st = self.read();
        let current = Self::revision_of(&st, seen).ok_or(Unavailable::Loading)?;
        let revision = match at {
            None => current,
            Some(want) if want > current => {
                return Err(Unavailable::Behind {
                    want,
                    have: current,
                });
            }
            Some(want) if want < st.last_change => {
                return Err(Unavailable::NotSnapshot {
                    requested: want,
                    changed: st.last_change,
                });
            }
            Some(want) => want,
        };
        let lower = match start_after {
            Some(k) if k >= prefix => Bound::Excluded(k),
            _ => Bound::Included(prefix),
        };
        let mut keys = st
            .objects
            .range::<str, _>((lower, Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(prefix));
        let mut objects = Vec::new();
        for (_, object) in keys.by_ref() {
            if object.attrs.matches(selectors, &self.fields) {
                objects.push(object.clone());
                if objects.len() == limit {
                    break;
                }
            }
        }
        let more = limit > 0 && objects.len() == limit && keys.next().is_some();
        let continue_after = more
            .then(|| objects.last().map(|o| o.key.clone()))
            .flatten();
        Ok(Page {
            objects,
            revision,
            continue_after,
        })
    }

    /// Registers a watcher of the keys under `prefix`: what it is sent first (the selected
    /// objects, or the window's events after a revision), then every later change.
    pub fn subscribe(
        &self,
        seen: &AtomicI64,
        prefix: &str,
        selectors: &Selectors,
        from: From,
        wants_progress: bool,
    ) -> Result<(Start, Subscription), Unavailable> {
        let mut st = self.write();
        let revision = Self::revision_of(&st, seen).ok_or(Unavailable::Loading)?;
        let mut start = Start {
            revision,
            initial: Vec::new(),
            replay: Vec::new(),
        };
        match from {
            From::Snapshot => {
                start.initial = st
                    .objects
                    .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
                    .take_while(|(k, _)| k.starts_with(prefix))
                    .filter(|(_, o)| o.attrs.matches(selectors, &self.fields))
                    .map(|(_, o)| o.clone())
                    .collect();
            }
            From::After(n) if n > revision => {
                return Err(Unavailable::Behind {
                    want: n,
                    have: revision,
                });
            }
            From::After(n) if n < st.window_from => {
                return Err(Unavailable::TooOld {
                    requested: n,
                    oldest: st.window_from,
                });
            }
            From::After(n) => {
                let first = st.window.partition_point(|ev| ev.revision <= n);
                start.replay = st
                    .window
                    .range(first..)
                    .filter(|ev| ev.object.key.starts_with(prefix))
                    .cloned()
                    .collect();
            }
        }
        let (subscriber, subscription) =
            broadcast::channel(prefix, self.config.watcher_queue, wants_progress);
        match self
            .fields
            .trigger
            .and_then(|_| selectors.fields.requires_exact_match(TRIGGER_FIELD))
        {
            Some(value) => st
                .by_trigger
                .entry(value.into())
                .or_default()
                .push(subscriber),
            None => st.subscribers.push(subscriber),
        }
        Ok((start, subscription))
    }

    /// The object at `key` as the cache holds it now (no wait for the store's revision); None
    /// when absent or while the cache loads.
    pub fn get(&self, key: &str) -> Option<Arc<Object>> {
        let st = self.read();
        match st.phase {
            Phase::Ready => st.objects.get(key).cloned(),
            Phase::Loading { .. } => None,
        }
    }

    /// The trigger field's value of an object of this cache (a pod's `spec.nodeName`).
    pub fn trigger_value<'a>(&self, object: &'a Object) -> Option<&'a str> {
        self.fields
            .trigger
            .and_then(|slot| object.attrs.field(slot))
    }

    /// Watchers registered (closed ones go at the next event or progress).
    #[cfg(test)]
    pub fn watcher_count(&self) -> usize {
        let st = self.read();
        st.subscribers.len() + st.by_trigger.values().map(Vec::len).sum::<usize>()
    }

    /// Watchers in the trigger index.
    #[cfg(test)]
    pub fn indexed_watcher_count(&self) -> usize {
        self.read().by_trigger.values().map(Vec::len).sum()
    }

    /// Events in the window and the revision it starts after.
    #[cfg(test)]
    pub fn window(&self) -> (usize, Revision) {
        let st = self.read();
        (st.window.len(), st.window_from)
    }
}
