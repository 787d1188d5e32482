//! The OpenAPI documents the API server publishes, built from the [`crate::schema`] model and the
//! [`crate::resources`] registry, as kube-apiserver lays them out:
//!
//! - [`v2::document`]: `/openapi/v2`, one Swagger 2.0 document with every path and definition;
//! - [`v3::discovery`]: `/openapi/v3`, one `serverRelativeURL` (with the document's hash) per
//!   group-version; [`v3::group_version`]: `/openapi/v3/apis/G/V` and `/openapi/v3/api/v1`, with the
//!   group-version's paths and the `components.schemas` they reach.
//!
//! kubectl reads these to decide server-side field validation (a PATCH operation tagged with the
//! kind's `x-kubernetes-group-version-kind` that lists a `fieldValidation` parameter), for
//! `kubectl explain`, and for client-side apply's strategic merge patch. Both builders walk the
//! same list of [`Operation`]s made here.

pub mod v2;
pub mod v3;

use crate::resources::{self, ResourceInfo};

/// Which Kubernetes version the documents describe (`info.version`).
pub const INFO_VERSION: &str = "v1.33.0";

/// What an operation does, as `x-kubernetes-action` says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    List,
    Post,
    DeleteCollection,
    Get,
    Put,
    Patch,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::List => "list",
            Action::Post => "post",
            Action::DeleteCollection => "deletecollection",
            Action::Get => "get",
            Action::Put => "put",
            Action::Patch => "patch",
            Action::Delete => "delete",
        }
    }

    /// The HTTP method (lowercase, as OpenAPI keys operations).
    pub fn method(self) -> &'static str {
        match self {
            Action::List | Action::Get => "get",
            Action::Post => "post",
            Action::DeleteCollection | Action::Delete => "delete",
            Action::Put => "put",
            Action::Patch => "patch",
        }
    }

    /// The verb word of the operation id (`listCoreV1NamespacedPod`).
    fn id_verb(self) -> &'static str {
        match self {
            Action::List => "list",
            Action::Post => "create",
            Action::DeleteCollection => "deleteCollection",
            Action::Get => "read",
            Action::Put => "replace",
            Action::Patch => "patch",
            Action::Delete => "delete",
        }
    }
}

/// A query or path parameter, described in one line.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub name: &'static str,
    pub location: &'static str,
    pub type_: &'static str,
    pub description: &'static str,
}

const fn query(name: &'static str, type_: &'static str, description: &'static str) -> Param {
    Param {
        name,
        location: "query",
        type_,
        description,
    }
}

const PRETTY: Param = query(
    "pretty",
    "string",
    "If 'true', then the output is pretty printed.",
);
const DRY_RUN: Param = query(
    "dryRun",
    "string",
    "When present, indicates that modifications should not be persisted. Valid values are: All (process the request fully, without persisting it).",
);
const FIELD_MANAGER: Param = query(
    "fieldManager",
    "string",
    "The name of the actor making these changes, used to track field ownership for server-side apply.",
);
/// kubectl looks for this one on PATCH to decide whether the server validates fields.
pub const FIELD_VALIDATION: Param = query(
    "fieldValidation",
    "string",
    "How the server treats unknown and duplicate fields in the request: Ignore drops them silently, Warn (the default) drops them and answers a Warning header for each, Strict fails the request with a BadRequest naming every such field.",
);
const FORCE: Param = query(
    "force",
    "boolean",
    "Force is going to \"force\" Apply requests: the caller takes fields that other managers own. Must be unset for non-apply patch requests.",
);
const LIST_PARAMS: &[Param] = &[
    query(
        "allowWatchBookmarks",
        "boolean",
        "Asks for watch events of type BOOKMARK, which carry only the current resourceVersion.",
    ),
    query(
        "continue",
        "string",
        "The continue token of the previous page of a chunked list.",
    ),
    query(
        "fieldSelector",
        "string",
        "Restricts the list by the objects' fields (metadata.name=x, status.phase!=Running).",
    ),
    query(
        "labelSelector",
        "string",
        "Restricts the list by the objects' labels.",
    ),
    query(
        "limit",
        "integer",
        "The largest number of objects to return; the rest are reached with the continue token.",
    ),
    query(
        "resourceVersion",
        "string",
        "The resource version the list or watch starts from; see resourceVersionMatch.",
    ),
    query(
        "resourceVersionMatch",
        "string",
        "How resourceVersion applies to a list: Exact or NotOlderThan.",
    ),
    query(
        "sendInitialEvents",
        "boolean",
        "With watch, sends the current objects as ADDED events first, ending with an annotated BOOKMARK.",
    ),
    query(
        "timeoutSeconds",
        "integer",
        "How long a list or watch call may take, in seconds.",
    ),
    query(
        "watch",
        "boolean",
        "Watch for changes instead of listing: a stream of ADDED, MODIFIED and DELETED events.",
    ),
];
const DELETE_PARAMS: &[Param] = &[
    DRY_RUN,
    query(
        "gracePeriodSeconds",
        "integer",
        "How long, in seconds, the object may take to terminate; 0 deletes at once.",
    ),
    query(
        "orphanDependents",
        "boolean",
        "Deprecated: use propagationPolicy. Whether dependents are orphaned.",
    ),
    query(
        "propagationPolicy",
        "string",
        "Whether and how dependents are deleted: Orphan, Background or Foreground.",
    ),
];
const NAME: Param = Param {
    name: "name",
    location: "path",
    type_: "string",
    description: "name of the object",
};
const NAMESPACE: Param = Param {
    name: "namespace",
    location: "path",
    type_: "string",
    description: "object name and auth scope, such as for teams and projects",
};

/// One operation on one path.
#[derive(Clone, Debug)]
pub struct Operation {
    pub path: String,
    pub action: Action,
    pub operation_id: String,
    pub description: String,
    pub tag: String,
    /// (group, version, kind) of the object the operation takes or answers.
    pub gvk: (&'static str, &'static str, &'static str),
    /// Definition name of the body (POST/PUT/PATCH; Patch for PATCH, DeleteOptions for deletes).
    pub body: Option<String>,
    /// Definition name of the 200 answer.
    pub response: String,
    pub params: Vec<Param>,
    /// Path-level parameters (`name`, `namespace`, `pretty`).
    pub path_params: Vec<Param>,
}

/// `apps` → `Apps`, `rbac.authorization.k8s.io` → `RbacAuthorization`, core → `Core`.
fn group_word(group: &str) -> String {
    if group.is_empty() {
        return "Core".into();
    }
    group
        .trim_end_matches(".k8s.io")
        .split('.')
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// `apps_v1`, `core_v1`, `rbacAuthorization_v1`: upstream's tag of a group-version's operations.
fn tag(group: &str, version: &str) -> String {
    let word = group_word(group);
    let mut c = word.chars();
    let lower = c
        .next()
        .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
        .unwrap_or_default();
    format!("{lower}_{version}")
}

/// The URL prefix of a group-version: `/api/v1` or `/apis/apps/v1`.
pub fn prefix(group: &str, version: &str) -> String {
    if group.is_empty() {
        format!("/api/{version}")
    } else {
        format!("/apis/{group}/{version}")
    }
}

/// The definition name of a kind (`io.k8s.api.apps.v1.Deployment`), from the schema model.
fn definition_of(group: &str, version: &str, kind: &str) -> Option<String> {
    let model = crate::schema::model().ok()?;
    model
        .by_gvk(group, version, kind)
        .map(|(name, _)| name.to_string())
}

const STATUS: &str = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
const PATCH: &str = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
const DELETE_OPTIONS: &str = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";

/// Every operation of one resource: its collection, its objects, and its status/scale subresources.
pub fn operations(r: &ResourceInfo) -> Vec<Operation> {
    let mut out = Vec::new();
    let Some(object) = definition_of(r.group, r.version, r.kind) else {
        return out;
    };
    let list = (!r.list_kind.is_empty())
        .then(|| definition_of(r.group, r.version, r.list_kind))
        .flatten();
    let base = prefix(r.group, r.version);
    let scope = if r.namespaced { "Namespaced" } else { "" };
    let gw = format!("{}{}", group_word(r.group), capitalize(r.version));
    let collection = if r.namespaced {
        format!("{base}/namespaces/{{namespace}}/{}", r.plural)
    } else {
        format!("{base}/{}", r.plural)
    };
    let item = format!("{collection}/{{name}}");
    let mut scope_params = vec![];
    if r.namespaced {
        scope_params.push(NAMESPACE);
    }
    scope_params.push(PRETTY);
    let mut item_params = vec![NAME];
    item_params.extend(scope_params.iter().copied());
    let gvk = (r.group, r.version, r.kind);
    let op = |path: &str,
              action: Action,
              what: &str,
              body: Option<&str>,
              response: &str,
              params: Vec<Param>,
              pp: &[Param],
              suffix: &str| Operation {
        path: path.to_string(),
        action,
        operation_id: format!("{}{gw}{scope}{}{suffix}", action.id_verb(), r.kind),
        description: what.to_string(),
        tag: tag(r.group, r.version),
        gvk,
        body: body.map(str::to_string),
        response: response.to_string(),
        params,
        path_params: pp.to_vec(),
    };
    let write = |extra: &[Param]| {
        let mut p = vec![DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
        p.extend_from_slice(extra);
        p
    };
    if let Some(list) = list.as_ref().filter(|_| r.supports("list")) {
        out.push(op(
            &collection,
            Action::List,
            &format!("list or watch objects of kind {}", r.kind),
            None,
            list,
            LIST_PARAMS.to_vec(),
            &scope_params,
            "",
        ));
        if r.namespaced {
            let all = format!("{base}/{}", r.plural);
            let mut o = op(
                &all,
                Action::List,
                &format!("list or watch objects of kind {}", r.kind),
                None,
                list,
                LIST_PARAMS.to_vec(),
                &[PRETTY],
                "ForAllNamespaces",
            );
            o.operation_id = format!("list{gw}{}ForAllNamespaces", r.kind);
            out.push(o);
        }
    }
    if r.supports("create") {
        out.push(op(
            &collection,
            Action::Post,
            &format!("create a {}", r.kind),
            Some(&object),
            &object,
            write(&[]),
            &scope_params,
            "",
        ));
    }
    if r.supports("deletecollection") {
        let mut p = DELETE_PARAMS.to_vec();
        p.extend_from_slice(LIST_PARAMS);
        out.push(op(
            &collection,
            Action::DeleteCollection,
            &format!("delete collection of {}", r.kind),
            Some(DELETE_OPTIONS),
            STATUS,
            p,
            &scope_params,
            "",
        ));
    }
    if r.supports("get") {
        out.push(op(
            &item,
            Action::Get,
            &format!("read the specified {}", r.kind),
            None,
            &object,
            vec![],
            &item_params,
            "",
        ));
    }
    if r.supports("update") {
        out.push(op(
            &item,
            Action::Put,
            &format!("replace the specified {}", r.kind),
            Some(&object),
            &object,
            write(&[]),
            &item_params,
            "",
        ));
    }
    if r.supports("patch") {
        out.push(op(
            &item,
            Action::Patch,
            &format!("partially update the specified {}", r.kind),
            Some(PATCH),
            &object,
            write(&[FORCE]),
            &item_params,
            "",
        ));
    }
    if r.supports("delete") {
        out.push(op(
            &item,
            Action::Delete,
            &format!("delete a {}", r.kind),
            Some(DELETE_OPTIONS),
            STATUS,
            DELETE_PARAMS.to_vec(),
            &item_params,
            "",
        ));
    }
    for sub in r
        .subresources
        .iter()
        .filter(|s| s.name == "status" || s.name == "scale")
    {
        let (g, v, k) = sub.response_kind(r);
        let Some(def) = definition_of(g, v, k) else {
            continue;
        };
        let path = format!("{item}/{}", sub.name);
        let suffix = capitalize(sub.name);
        let what = |verb: &str| format!("{verb} {} of the specified {}", sub.name, r.kind);
        for (verb, action, body, params) in [
            ("get", Action::Get, None, vec![]),
            ("update", Action::Put, Some(def.as_str()), write(&[])),
            ("patch", Action::Patch, Some(PATCH), write(&[FORCE])),
        ] {
            if sub.verbs.contains(&verb) {
                let word = match action {
                    Action::Get => "read",
                    Action::Put => "replace",
                    _ => "partially update",
                };
                let mut o = op(
                    &path,
                    action,
                    &what(word),
                    body,
                    &def,
                    params,
                    &item_params,
                    &suffix,
                );
                o.gvk = (g, v, k);
                out.push(o);
            }
        }
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Every operation of every served resource, in discovery order.
pub fn all_operations() -> Vec<Operation> {
    resources::all().iter().flat_map(operations).collect()
}

/// The group-versions served, as `(group, version)`, core first.
pub fn group_versions() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&'static str, &'static str)> = Vec::new();
    for r in resources::all() {
        if !out.contains(&(r.group, r.version)) {
            out.push((r.group, r.version));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn operation_ids_and_tags_follow_upstream() {
        let deployments = resources::find("apps", "v1", "deployments").unwrap();
        let ops = operations(deployments);
        let ids: Vec<&str> = ops.iter().map(|o| o.operation_id.as_str()).collect();
        assert!(ids.contains(&"listAppsV1NamespacedDeployment"), "{ids:?}");
        assert!(
            ids.contains(&"listAppsV1DeploymentForAllNamespaces"),
            "{ids:?}"
        );
        assert!(ids.contains(&"patchAppsV1NamespacedDeployment"), "{ids:?}");
        assert!(
            ids.contains(&"replaceAppsV1NamespacedDeploymentScale"),
            "{ids:?}"
        );
        assert_eq!(ops[0].tag, "apps_v1");
        assert_eq!(
            tag("rbac.authorization.k8s.io", "v1"),
            "rbacAuthorization_v1"
        );
        assert_eq!(tag("", "v1"), "core_v1");
    }

    #[test]
    fn every_patch_operation_offers_field_validation() {
        let ops = all_operations();
        let patches: Vec<&Operation> = ops.iter().filter(|o| o.action == Action::Patch).collect();
        assert!(patches.len() > 30);
        assert!(
            patches
                .iter()
                .all(|o| o.params.iter().any(|p| p.name == "fieldValidation"))
        );
        let scale = ops
            .iter()
            .find(|o| {
                o.path == "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"
                    && o.action == Action::Patch
            })
            .unwrap();
        assert_eq!(scale.gvk, ("autoscaling", "v1", "Scale"));
    }
}
