//! managedFields: who owns which fields, kept as Kubernetes' field manager keeps them. An update
//! (create, replace, any patch but apply) gives its manager the fields it changed and takes them
//! from everyone else; an apply gives its manager exactly the fields of its configuration,
//! removes the fields it applied before and no one owns any more, and fails with Kubernetes'
//! conflict message when it would change a field another manager owns — unless forced, which
//! takes the field over.

use serde_json::{Map, Value, json};

use super::Error;
use super::fieldpath::{Path, PathElement, Set};
use super::typed::{self, Comparison};
use crate::patch::Schema;

/// `Apply` or `Update`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Operation {
    Apply,
    Update,
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Apply => "Apply",
            Operation::Update => "Update",
        }
    }
}

/// One managedFields entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub manager: String,
    pub operation: Operation,
    pub api_version: String,
    pub time: Option<String>,
    pub subresource: String,
    pub fields: Set,
}

impl Entry {
    /// Kubernetes' manager identifier: appliers are one manager whatever version they use.
    fn same_manager(&self, other: &Entry) -> bool {
        self.manager == other.manager
            && self.operation == other.operation
            && self.subresource == other.subresource
            && (self.operation == Operation::Apply || self.api_version == other.api_version)
    }

    /// How conflicts name a manager: `"kubectl-client-side-apply" using apps/v1`.
    pub fn describe(&self) -> String {
        let mut s = format!("{:?}", self.manager);
        if !self.subresource.is_empty() {
            s = format!("{s} with subresource {:?}", self.subresource);
        }
        if self.operation == Operation::Update {
            s = format!("{s} using {}", self.api_version);
        }
        s
    }
}

/// The managedFields of an object.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Managed(pub Vec<Entry>);

impl Managed {
    /// Reads `metadata.managedFields`; an absent list is empty.
    pub fn of(obj: &Value) -> Result<Managed, Error> {
        let Some(list) = obj.pointer("/metadata/managedFields") else {
            return Ok(Managed::default());
        };
        let Value::Array(items) = list else {
            return Err(Error::BadManagedFields(
                "metadata.managedFields must be a list".into(),
            ));
        };
        let mut out = Vec::new();
        for item in items {
            let s = |k: &str| {
                item.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            let operation = match item.get("operation").and_then(Value::as_str) {
                Some("Apply") => Operation::Apply,
                Some("Update") => Operation::Update,
                other => {
                    return Err(Error::BadManagedFields(format!(
                        "unsupported operation {:?}",
                        other.unwrap_or("")
                    )));
                }
            };
            match item.get("fieldsType").and_then(Value::as_str) {
                Some("FieldsV1") | None => {}
                Some(other) => {
                    return Err(Error::BadManagedFields(format!(
                        "unsupported fieldsType {other:?}"
                    )));
                }
            }
            let fields = match item.get("fieldsV1") {
                Some(v) => Set::from_fields_v1(v)?,
                None => Set::new(),
            };
            out.push(Entry {
                manager: s("manager"),
                operation,
                api_version: s("apiVersion"),
                time: item.get("time").and_then(Value::as_str).map(str::to_string),
                subresource: s("subresource"),
                fields,
            });
        }
        Ok(Managed(out))
    }

    /// The managedFields list, sorted as Kubernetes sorts it (operation, time, manager,
    /// version, subresource).
    pub fn to_value(&self) -> Value {
        let mut entries = self.0.clone();
        entries.sort_by(|a, b| {
            (
                a.operation,
                a.time.as_deref().unwrap_or(""),
                &a.manager,
                &a.api_version,
                &a.subresource,
            )
                .cmp(&(
                    b.operation,
                    b.time.as_deref().unwrap_or(""),
                    &b.manager,
                    &b.api_version,
                    &b.subresource,
                ))
        });
        Value::Array(
            entries
                .iter()
                .map(|e| {
                    let mut m = Map::new();
                    m.insert("manager".into(), json!(e.manager));
                    m.insert("operation".into(), json!(e.operation.as_str()));
                    m.insert("apiVersion".into(), json!(e.api_version));
                    if let Some(t) = &e.time {
                        m.insert("time".into(), json!(t));
                    }
                    m.insert("fieldsType".into(), json!("FieldsV1"));
                    m.insert("fieldsV1".into(), e.fields.to_fields_v1());
                    if !e.subresource.is_empty() {
                        m.insert("subresource".into(), json!(e.subresource));
                    }
                    Value::Object(m)
                })
                .collect(),
        )
    }

    /// Writes the list into the object (removing it when empty).
    pub fn store(&self, obj: &mut Value) {
        let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) else {
            return;
        };
        if self.0.is_empty() {
            meta.remove("managedFields");
        } else {
            meta.insert("managedFields".into(), self.to_value());
        }
    }
}

/// What a write is: its manager, version, subresource and type, and the time to record.
#[derive(Clone, Debug)]
pub struct Writer<'a> {
    pub schema: Schema<'a>,
    pub manager: String,
    pub api_version: String,
    pub subresource: String,
    /// The object has a status subresource: the main resource does not own status (and the
    /// status subresource owns only status).
    pub has_status: bool,
    pub now: String,
}

/// The fields no manager owns: identity and bookkeeping metadata, and the part of the object
/// the other endpoint writes.
fn filter(set: &Set, w: &Writer<'_>) -> Set {
    let mut out = set.clone();
    let f = |s: &str| PathElement::Field(s.to_string());
    for top in ["apiVersion", "kind", "metadata"] {
        out.members.remove(&f(top));
    }
    if let Some(meta) = out.children.get_mut(&f("metadata")) {
        for k in [
            "name",
            "namespace",
            "creationTimestamp",
            "selfLink",
            "uid",
            "clusterName",
            "generation",
            "managedFields",
            "resourceVersion",
        ] {
            meta.members.remove(&f(k));
            meta.children.remove(&f(k));
        }
    }
    if w.subresource == "status" {
        out.members.retain(|pe| *pe == f("status"));
        out.children.retain(|pe, _| *pe == f("status"));
    } else if w.has_status {
        out.members.remove(&f("status"));
        out.children.remove(&f("status"));
    }
    out.children.retain(|_, c| !c.is_empty());
    out
}

fn filtered(c: Comparison, w: &Writer<'_>) -> Comparison {
    Comparison {
        added: filter(&c.added, w),
        modified: filter(&c.modified, w),
        removed: filter(&c.removed, w),
    }
}

/// One field another manager owns that an apply would change.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub manager: String,
    pub path: Path,
}

/// The conflicts of an apply, with Kubernetes' message.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflicts(pub Vec<Conflict>);

impl Conflicts {
    /// `Apply failed with 1 conflict: conflict with "x" using apps/v1: .spec.replicas`, or the
    /// per-manager listing for several.
    pub fn message(&self) -> String {
        if let [one] = self.0.as_slice() {
            return format!(
                "Apply failed with 1 conflict: conflict with {}: {}",
                one.manager, one.path
            );
        }
        let mut managers: Vec<&String> = self.0.iter().map(|c| &c.manager).collect();
        managers.sort();
        managers.dedup();
        let mut lines = Vec::new();
        for m in managers {
            lines.push(format!("conflicts with {m}:"));
            for c in self.0.iter().filter(|c| &c.manager == m) {
                lines.push(format!("- {}", c.path));
            }
        }
        format!(
            "Apply failed with {} conflicts: {}",
            self.0.len(),
            lines.join("\n")
        )
    }
}

/// Takes what changed from every manager but `me` (the changes of an update, or the forced
/// ones of an apply); returns the conflicts it found.
fn take_from_others(
    managed: &mut Managed,
    me: &Entry,
    c: &Comparison,
    force: bool,
) -> Result<(), Conflicts> {
    let changed = c.modified.union(&c.added);
    let mut conflicts = Vec::new();
    for e in &managed.0 {
        if e.same_manager(me) {
            continue;
        }
        for path in e.fields.intersection(&changed).paths() {
            conflicts.push(Conflict {
                manager: e.describe(),
                path,
            });
        }
    }
    if !force && !conflicts.is_empty() {
        conflicts.sort_by(|a, b| (&a.manager, &a.path).cmp(&(&b.manager, &b.path)));
        return Err(Conflicts(conflicts));
    }
    for e in managed.0.iter_mut().filter(|e| !e.same_manager(me)) {
        e.fields = e.fields.difference(&changed).difference(&c.removed);
    }
    managed.0.retain(|e| !e.fields.is_empty());
    Ok(())
}

/// The managedFields after an update from `live` to `new` by `w` (Kubernetes' fieldmanager
/// Update). Managed fields the writer sends (non-empty, readable, not on a subresource) are the
/// starting point, as Kubernetes lets clients rewrite them; otherwise the live object's.
pub fn update(live: Option<&Value>, new: &Value, w: &Writer<'_>) -> Managed {
    let sent = Managed::of(new)
        .ok()
        .filter(|m| !m.0.is_empty() && w.subresource.is_empty());
    let mut managed = match sent {
        Some(m) => m,
        None => live.and_then(|l| Managed::of(l).ok()).unwrap_or_default(),
    };
    let empty = json!({});
    // compare() never looks at metadata.managedFields: no copies without them needed.
    let c = filtered(typed::compare(live.unwrap_or(&empty), new, w.schema), w);
    let me = Entry {
        manager: w.manager.clone(),
        operation: Operation::Update,
        api_version: w.api_version.clone(),
        time: Some(w.now.clone()),
        subresource: w.subresource.clone(),
        fields: Set::new(),
    };
    let _ = take_from_others(&mut managed, &me, &c, true);
    let previous = managed.0.iter().position(|e| e.same_manager(&me));
    let old_fields = previous
        .map(|i| managed.0[i].fields.clone())
        .unwrap_or_default();
    let fields = filter(
        &old_fields
            .difference(&c.removed)
            .union(&c.modified)
            .union(&c.added),
        w,
    );
    match previous {
        Some(i) => {
            if managed.0[i].fields != fields || !c.changed().is_empty() {
                managed.0[i].time = Some(w.now.clone());
            }
            managed.0[i].fields = fields;
        }
        None => managed.0.push(Entry { fields, ..me }),
    }
    managed.0.retain(|e| !e.fields.is_empty());
    managed
}

/// The object without its managedFields, for comparisons.
fn strip(v: &Value) -> std::borrow::Cow<'_, Value> {
    if v.pointer("/metadata/managedFields").is_none() {
        return std::borrow::Cow::Borrowed(v);
    }
    let mut o = v.clone();
    if let Some(m) = o.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("managedFields");
    }
    std::borrow::Cow::Owned(o)
}

/// The result of an apply.
#[derive(Clone, Debug)]
pub struct Applied {
    pub object: Value,
    pub managed: Managed,
}

/// Applies `config` to `live` for `w` (Kubernetes' fieldmanager Apply): merge, record the
/// configuration's fields as the applier's, prune what it applied before and no one owns, and
/// check the conflicts (taking the fields over when `force`).
pub fn apply(
    live: &Value,
    config: &Value,
    w: &Writer<'_>,
    force: bool,
) -> Result<Result<Applied, Conflicts>, Error> {
    let mut managed = Managed::of(live)?;
    let live_plain = strip(live).into_owned();
    let mut merged = typed::merge(&live_plain, config, w.schema)?;
    let me = Entry {
        manager: w.manager.clone(),
        operation: Operation::Apply,
        api_version: w.api_version.clone(),
        time: Some(w.now.clone()),
        subresource: w.subresource.clone(),
        fields: filter(&typed::field_set(config, w.schema), w),
    };
    let last = managed
        .0
        .iter()
        .position(|e| e.same_manager(&me))
        .map(|i| managed.0.remove(i));
    if let Some(last) = &last {
        let owned = managed
            .0
            .iter()
            .fold(me.fields.clone(), |acc, e| acc.union(&e.fields));
        typed::remove_unowned(
            &mut merged,
            w.schema,
            &last.fields.difference(&me.fields),
            &owned,
        );
    }
    let c = filtered(typed::compare(&live_plain, &merged, w.schema), w);
    if let Err(conflicts) = take_from_others(&mut managed, &me, &c, force) {
        return Ok(Err(conflicts));
    }
    let unchanged = merged == live_plain
        && last
            .as_ref()
            .is_some_and(|l| l.fields == me.fields && l.api_version == me.api_version);
    let entry = match (unchanged, last) {
        (true, Some(last)) => last,
        _ => me,
    };
    if !entry.fields.is_empty() {
        managed.0.push(entry);
    }
    Ok(Ok(Applied {
        object: merged,
        managed,
    }))
}

/// The fields a client-side apply's last-applied annotation still accounts for: those it sets
/// with the values the live object has. Conflicts with only these are the upgrade from
/// client-side to server-side apply, which `kubectl` may take over (Kubernetes'
/// lastAppliedManager).
pub fn last_applied_fields(live: &Value, schema: Schema<'_>) -> Option<Set> {
    let text = live
        .pointer("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration")?
        .as_str()?;
    let last: Value = serde_json::from_str(text).ok()?;
    let set = typed::field_set(&last, schema);
    let c = typed::compare(&last, strip(live).as_ref(), schema);
    Some(set.difference(&c.modified.union(&c.removed)))
}

#[cfg(test)]
#[path = "managed_tests.rs"]
mod tests;
