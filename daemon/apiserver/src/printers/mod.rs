//! Server-side printing: objects as the `meta.k8s.io/v1` Table kube-apiserver 1.33 returns when
//! a client asks for `application/json;as=Table;v=v1;g=meta.k8s.io` — which is what `kubectl get`
//! (plain, `-o wide`, `-A`, `--show-labels`, `-L`, `--sort-by`, `-w`) prints.
//!
//! Each resource's columns and cells follow upstream's printers
//! (`pkg/printers/internalversion/printers.go`): names, types, formats, descriptions,
//! priorities (1 = shown only with `-o wide`) and cell contents. Like kube-apiserver, every row
//! carries all cells, wide ones included: kubectl drops the priority-1 columns itself unless
//! `-o wide`. Resources without a printer get upstream's defaults: `Name` + `Created At` for
//! kube-apiserver's own groups (its default table convertor, e.g. roles, limitranges), and
//! `Name` + `Age` for any other group (a custom resource without printer columns).
//!
//! Files: `pods.rs` (the pod status reasoning), `workloads.rs` (apps and batch), `network.rs`
//! (services, endpoints, ingresses, network policies), `cluster.rs` (nodes, namespaces, config,
//! events, volumes and claims, quotas), `other.rs` (RBAC, policy, autoscaling, scheduling,
//! coordination, storage classes, the defaults), `duration.rs` (ages), `format.rs` (shared cell
//! formats), `docs.rs` (upstream's column descriptions), `tests.rs` (the Table as a whole).
//!
//! Everything here is pure: objects in, JSON out; `now` (unix seconds) is passed in for ages.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value, json};

mod cluster;
mod docs;
pub(crate) mod duration;
mod format;
mod network;
mod other;
mod pods;
mod workloads;

pub use duration::human_duration;

/// One entry of a Table's `columnDefinitions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    pub name: Cow<'static, str>,
    /// An OpenAPI type: `string`, `integer`, `number`, `boolean`, or `date` (the defaults).
    #[serde(rename = "type")]
    pub type_: Cow<'static, str>,
    /// An OpenAPI format hint; `name` marks the column holding the object's name.
    pub format: Cow<'static, str>,
    pub description: Cow<'static, str>,
    /// 0 = always shown; 1 = only with `-o wide`.
    pub priority: i32,
}

impl Column {
    /// A column with every attribute given.
    const fn full(
        name: &'static str,
        type_: &'static str,
        format: &'static str,
        description: &'static str,
        priority: i32,
    ) -> Self {
        Self {
            name: Cow::Borrowed(name),
            type_: Cow::Borrowed(type_),
            format: Cow::Borrowed(format),
            description: Cow::Borrowed(description),
            priority,
        }
    }

    /// A column shown by default.
    const fn new(name: &'static str, type_: &'static str, description: &'static str) -> Self {
        Self::full(name, type_, "", description, 0)
    }

    /// A column shown only with `-o wide` (priority 1).
    const fn wide(name: &'static str, type_: &'static str, description: &'static str) -> Self {
        Self::full(name, type_, "", description, 1)
    }

    /// The entry as JSON (infallible, unlike `serde_json::to_value`).
    fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "type": self.type_,
            "format": self.format,
            "description": self.description,
            "priority": self.priority,
        })
    }
}

/// The `Name` column every upstream printer starts with (events have it last, and wide).
const NAME: Column = Column::full("Name", "string", "name", docs::NAME, 0);
/// The `Age` column of upstream's printers: a string cell such as `3m20s`.
const AGE: Column = Column::new("Age", "string", docs::CREATION_TIMESTAMP);
/// Upstream's `Containers`, `Images` wide columns of workload printers.
const CONTAINERS: Column = Column::wide(
    "Containers",
    "string",
    "Names of each container in the template.",
);
const IMAGES: Column = Column::wide(
    "Images",
    "string",
    "Images referenced by each container in the template.",
);

/// How one resource prints: its columns and the cells of one object (all of them, wide ones
/// included, in column order).
struct Printer {
    columns: &'static [Column],
    cells: CellsFn,
}

/// A printer's cells for one object at `now` (unix seconds).
type CellsFn = fn(&Value, i64) -> Vec<Value>;

const fn with(columns: &'static [Column], cells: CellsFn) -> Printer {
    Printer { columns, cells }
}

/// The printer for a resource, by API group and plural.
fn printer(group: &str, plural: &str) -> Printer {
    use {cluster as c, network as n, other as o, workloads as w};
    match (group, plural) {
        ("", "pods") => with(pods::COLUMNS, pods::cells),
        ("", "podtemplates") => with(w::POD_TEMPLATE_COLUMNS, w::pod_template_cells),
        ("", "replicationcontrollers") => with(w::RC_COLUMNS, w::rc_cells),
        ("apps", "replicasets") => with(w::RS_COLUMNS, w::rs_cells),
        ("apps", "deployments") => with(w::DEPLOYMENT_COLUMNS, w::deployment_cells),
        ("apps", "statefulsets") => with(w::STATEFULSET_COLUMNS, w::statefulset_cells),
        ("apps", "daemonsets") => with(w::DAEMONSET_COLUMNS, w::daemonset_cells),
        ("apps", "controllerrevisions") => with(w::CR_COLUMNS, w::controller_revision_cells),
        ("batch", "jobs") => with(w::JOB_COLUMNS, w::job_cells),
        ("batch", "cronjobs") => with(w::CRONJOB_COLUMNS, w::cronjob_cells),
        ("", "services") => with(n::SERVICE_COLUMNS, n::service_cells),
        ("", "endpoints") => with(n::ENDPOINTS_COLUMNS, n::endpoints_cells),
        ("discovery.k8s.io", "endpointslices") => {
            with(n::ENDPOINT_SLICE_COLUMNS, n::endpoint_slice_cells)
        }
        ("networking.k8s.io", "ingresses") => with(n::INGRESS_COLUMNS, n::ingress_cells),
        ("networking.k8s.io", "ingressclasses") => {
            with(n::INGRESS_CLASS_COLUMNS, n::ingress_class_cells)
        }
        ("networking.k8s.io", "networkpolicies") => {
            with(n::NETWORK_POLICY_COLUMNS, n::network_policy_cells)
        }
        ("", "nodes") => with(c::NODE_COLUMNS, c::node_cells),
        ("", "namespaces") => with(c::NAMESPACE_COLUMNS, c::namespace_cells),
        ("", "configmaps") => with(c::CONFIGMAP_COLUMNS, c::configmap_cells),
        ("", "secrets") => with(c::SECRET_COLUMNS, c::secret_cells),
        ("", "serviceaccounts") => with(c::SERVICE_ACCOUNT_COLUMNS, c::service_account_cells),
        ("", "events") => with(c::EVENT_COLUMNS, c::core_event_cells),
        ("events.k8s.io", "events") => with(c::EVENT_COLUMNS, c::events_v1_event_cells),
        ("", "persistentvolumes") => with(c::PV_COLUMNS, c::pv_cells),
        ("", "persistentvolumeclaims") => with(c::PVC_COLUMNS, c::pvc_cells),
        ("", "resourcequotas") => with(c::RESOURCE_QUOTA_COLUMNS, c::resource_quota_cells),
        ("rbac.authorization.k8s.io", "rolebindings") => {
            with(o::ROLE_BINDING_COLUMNS, o::role_binding_cells)
        }
        ("rbac.authorization.k8s.io", "clusterrolebindings") => {
            with(o::CLUSTER_ROLE_BINDING_COLUMNS, o::role_binding_cells)
        }
        ("coordination.k8s.io", "leases") => with(o::LEASE_COLUMNS, o::lease_cells),
        ("scheduling.k8s.io", "priorityclasses") => {
            with(o::PRIORITY_CLASS_COLUMNS, o::priority_class_cells)
        }
        ("storage.k8s.io", "storageclasses") => {
            with(o::STORAGE_CLASS_COLUMNS, o::storage_class_cells)
        }
        ("policy", "poddisruptionbudgets") => with(o::PDB_COLUMNS, o::pdb_cells),
        ("autoscaling", "horizontalpodautoscalers") => with(o::HPA_COLUMNS, o::hpa_cells),
        (group, _) if o::is_kube_apiserver_group(group) => {
            with(o::CREATED_AT_COLUMNS, o::created_at_cells)
        }
        _ => with(o::CUSTOM_RESOURCE_COLUMNS, o::custom_resource_cells),
    }
}

/// Column definitions for a resource (group, plural), e.g. `("", "pods")`,
/// `("apps", "deployments")`, wide columns (priority 1) included.
pub fn columns(group: &str, plural: &str) -> Vec<Column> {
    printer(group, plural).columns.to_vec()
}

/// One row's cells for an object, in [`columns`] order (wide cells included, as kube-apiserver
/// always sends them); `now` (unix seconds) dates the ages.
pub fn cells(group: &str, plural: &str, obj: &Value, now: i64) -> Vec<Value> {
    (printer(group, plural).cells)(obj, now)
}

/// What each row's `object` holds: meta/v1 TableOptions' `includeObject`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncludeObject {
    /// `null`.
    None,
    /// The object's `PartialObjectMetadata` (the default).
    Metadata,
    /// The whole object as the API serves it.
    Object,
}

impl IncludeObject {
    /// From the `includeObject` query parameter (Metadata when absent or empty), with
    /// kube-apiserver's answer to any other value.
    pub fn from_query(value: Option<&str>) -> Result<IncludeObject, String> {
        match value.unwrap_or("") {
            "" | "Metadata" => Ok(IncludeObject::Metadata),
            "None" => Ok(IncludeObject::None),
            "Object" => Ok(IncludeObject::Object),
            other => Err(format!("unrecognized includeObject value: {other:?}")),
        }
    }
}

/// A whole Table: `{kind: Table, apiVersion: meta.k8s.io/v1, metadata: {resourceVersion,
/// continue?}, columnDefinitions, rows: [{cells, conditions?, object}]}`, where each row's object
/// is the object's `PartialObjectMetadata` (what kubectl needs for `-A`, `--show-labels`, `-L`).
///
/// Without column definitions (`include_column_definitions: false`, for the watch events after
/// the first), `columnDefinitions` is `null`, as upstream serialises the nil slice; kubectl reads
/// that as "no headers". Empty `resource_version` and `continue_token` are left out.
pub fn table(
    group: &str,
    plural: &str,
    objects: &[Value],
    resource_version: &str,
    continue_token: Option<&str>,
    include_column_definitions: bool,
    now: i64,
) -> Value {
    let page = Page {
        resource_version,
        continue_token,
        include_column_definitions,
        include: IncludeObject::Metadata,
    };
    table_including(group, plural, objects, &page, now)
}

/// A Table's page: what is not a row.
pub struct Page<'a> {
    pub resource_version: &'a str,
    pub continue_token: Option<&'a str>,
    pub include_column_definitions: bool,
    pub include: IncludeObject,
}

/// [`table`] with each row's object as `page.include` asks.
pub fn table_including(
    group: &str,
    plural: &str,
    objects: &[Value],
    page: &Page<'_>,
    now: i64,
) -> Value {
    let printer = Rows::new(group, plural);
    let rows: Vec<Value> = objects
        .iter()
        .map(|obj| printer.row(obj, now, page.include))
        .collect();
    let mut metadata = Map::new();
    if !page.resource_version.is_empty() {
        metadata.insert("resourceVersion".into(), page.resource_version.into());
    }
    if let Some(token) = page.continue_token.filter(|t| !t.is_empty()) {
        metadata.insert("continue".into(), token.into());
    }
    let column_definitions = if page.include_column_definitions {
        Value::Array(
            printer
                .printer
                .columns
                .iter()
                .map(Column::to_json)
                .collect(),
        )
    } else {
        Value::Null
    };
    json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": metadata,
        "columnDefinitions": column_definitions,
        "rows": rows,
    })
}

/// The rows of one resource's Table.
pub(crate) struct Rows {
    printer: Printer,
    pods: bool,
}

/// The JSON of a row's `object` when it is a PartialObjectMetadata, up to its metadata.
pub(crate) const PARTIAL_OBJECT_METADATA_PREFIX: &[u8] =
    br#"{"apiVersion":"meta.k8s.io/v1","kind":"PartialObjectMetadata","metadata":"#;

impl Rows {
    pub(crate) fn new(group: &str, plural: &str) -> Rows {
        Rows {
            printer: printer(group, plural),
            pods: group.is_empty() && plural == "pods",
        }
    }

    /// One row as a JSON value.
    pub(crate) fn row(&self, obj: &Value, now: i64, include: IncludeObject) -> Value {
        let mut row = Map::new();
        row.insert("cells".into(), Value::Array((self.printer.cells)(obj, now)));
        if let Some(conditions) = self.conditions(obj) {
            row.insert("conditions".into(), conditions);
        }
        let object = match include {
            IncludeObject::None => Value::Null,
            IncludeObject::Metadata => partial_object_metadata(obj),
            IncludeObject::Object => obj.clone(),
        };
        row.insert("object".into(), object);
        Value::Object(row)
    }

    fn conditions(&self, obj: &Value) -> Option<Value> {
        self.pods.then(|| pods::row_conditions(obj)).flatten()
    }

    /// Appends one row as [`Rows::row`] writes it: cells and conditions printed from `obj`,
    /// `object` the JSON already written for the row's object. False (the row incomplete) only
    /// if a cell cannot be written.
    pub(crate) fn write_row(
        &self,
        out: &mut Vec<u8>,
        obj: &Value,
        now: i64,
        object: &[u8],
    ) -> bool {
        out.extend_from_slice(br#"{"cells":"#);
        if serde_json::to_writer(&mut *out, &(self.printer.cells)(obj, now)).is_err() {
            return false;
        }
        if let Some(conditions) = self.conditions(obj) {
            out.extend_from_slice(br#","conditions":"#);
            if serde_json::to_writer(&mut *out, &conditions).is_err() {
                return false;
            }
        }
        out.extend_from_slice(br#","object":"#);
        out.extend_from_slice(object);
        out.push(b'}');
        true
    }
}

/// An object's metadata as a `meta.k8s.io/v1` PartialObjectMetadata.
fn partial_object_metadata(obj: &Value) -> Value {
    json!({
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": obj.get("metadata").cloned().unwrap_or_else(|| json!({})),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;
