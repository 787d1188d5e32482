//! Compute resources of containers and pods: resource names, quantity values and
//! `validateResourceRequirements` (requests within limits, integer and non-overcommitable
//! resources), plus the canonical form the API server writes quantities in.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use rk_api::status::FieldError;
use serde_json::{Value, json};

use super::fields::*;
use super::quantity::Quantity;

/// `SetDefaults_ResourceList`: every quantity in canonical form, rounded up to milli units.
/// Values that do not parse are left for validation to report.
pub fn canonicalize_resource_list(list: &mut Value) {
    let Some(m) = list.as_object_mut() else {
        return;
    };
    for v in m.values_mut() {
        if let Some(Ok(q)) = Quantity::from_json(v) {
            *v = json!(q.round_up(-3).canonical());
        }
    }
}

/// Any quantity member, canonical (no rounding): `sizeLimit`, PVC sizes.
pub fn canonicalize_quantity(v: &mut Value) {
    if let Some(Ok(q)) = Quantity::from_json(v) {
        *v = json!(q.canonical());
    }
}

// ---- resources -------------------------------------------------------------------------------

/// The resource names Kubernetes treats as standard (`helper.IsStandardResourceName`).
pub(super) const STANDARD_RESOURCES: [&str; 19] = [
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "quotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "persistentvolumeclaims",
    "configmaps",
    "services.nodeports",
    "services.loadbalancers",
    "requests.storage",
];

fn is_hugepages(name: &str) -> bool {
    name.starts_with("hugepages-")
}

/// Native: no domain, or a `kubernetes.io/` one.
fn is_native(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

pub fn is_extended(name: &str) -> bool {
    !is_native(name)
        && !name.starts_with("requests.")
        && is_qualified_name(&format!("requests.{name}")).is_empty()
}

fn overcommit_allowed(name: &str) -> bool {
    is_native(name) && !is_hugepages(name)
}

/// Integer-only resources: object counts in quotas and extended resources.
pub fn is_integer_resource(name: &str) -> bool {
    matches!(
        name,
        "pods"
            | "quotas"
            | "services"
            | "replicationcontrollers"
            | "secrets"
            | "configmaps"
            | "persistentvolumeclaims"
            | "services.nodeports"
            | "services.loadbalancers"
    ) || is_extended(name)
}

/// `validateResourceName`.
pub fn validate_resource_name(name: &str, path: &str, errs: &mut Errors) -> bool {
    let before = errs.len();
    invalid_each(path, name, is_qualified_name(name), errs);
    if errs.len() == before
        && !name.contains('/')
        && !STANDARD_RESOURCES.contains(&name)
        && !is_hugepages(name)
        && !name.starts_with("requests.hugepages-")
    {
        errs.push(FieldError::invalid(
            path,
            name,
            "must be a standard resource type or fully qualified",
        ));
    }
    errs.len() == before
}

/// `validateContainerResourceName`.
pub fn validate_container_resource_name(name: &str, path: &str, errs: &mut Errors) {
    validate_resource_name(name, path, errs);
    if !name.contains('/') {
        if !matches!(name, "cpu" | "memory" | "ephemeral-storage") && !is_hugepages(name) {
            errs.push(FieldError::invalid(
                path,
                name,
                "must be a standard resource for containers",
            ));
        }
    } else if !is_native(name) && !is_extended(name) {
        errs.push(FieldError::invalid(
            path,
            name,
            "doesn't follow extended resource name standard",
        ));
    }
}

/// A quantity member: parsed, or reported as upstream's decoder would word it.
pub fn quantity_at(v: &Value, path: &str, errs: &mut Errors) -> Option<Quantity> {
    match Quantity::from_json(v) {
        Some(Ok(q)) => Some(q),
        Some(Err(e)) => {
            errs.push(FieldError::invalid(
                path,
                v.as_str().unwrap_or_default(),
                e.to_string(),
            ));
            None
        }
        None => {
            errs.push(FieldError::invalid(
                path,
                v.clone(),
                "quantities must be strings or numbers",
            ));
            None
        }
    }
}

/// `ValidateResourceQuantityValue`: not negative; whole for integer resources.
pub fn validate_quantity_value(name: &str, q: &Quantity, path: &str, errs: &mut Errors) {
    if q.is_negative() {
        errs.push(FieldError::invalid(path, q.canonical(), IS_NEGATIVE));
    }
    if is_integer_resource(name) && !q.is_integer() {
        errs.push(FieldError::invalid(
            path,
            q.canonical(),
            "must be an integer",
        ));
    }
}

/// `validateResourceRequirements` for a container (or pod overhead).
pub fn validate_resources(resources: Option<&Value>, path: &str, errs: &mut Errors) {
    let Some(r) = resources else { return };
    let (lim_path, req_path) = (child(path, "limits"), child(path, "requests"));
    let mut limits = BTreeMap::new();
    let mut has_cpu_or_memory = false;
    let mut has_hugepages = false;
    for (name, v) in entries(r, "limits") {
        let at = key(&lim_path, name);
        validate_container_resource_name(name, &at, errs);
        if let Some(q) = quantity_at(v, &at, errs) {
            validate_quantity_value(name, &q, &at, errs);
            limits.insert(name.as_str(), q);
        }
        has_cpu_or_memory |= matches!(name.as_str(), "cpu" | "memory");
        has_hugepages |= is_hugepages(name);
    }
    for (name, v) in entries(r, "requests") {
        let at = key(&req_path, name);
        validate_container_resource_name(name, &at, errs);
        let Some(q) = quantity_at(v, &at, errs) else {
            continue;
        };
        validate_quantity_value(name, &q, &at, errs);
        match limits.get(name.as_str()) {
            Some(limit) if q.cmp_value(limit) != Ordering::Equal && !overcommit_allowed(name) => {
                errs.push(FieldError::invalid(
                    &req_path,
                    q.canonical(),
                    format!("must be equal to {name} limit of {}", limit.canonical()),
                ))
            }
            Some(limit) if q.cmp_value(limit) == Ordering::Greater => {
                errs.push(FieldError::invalid(
                    &req_path,
                    q.canonical(),
                    format!(
                        "must be less than or equal to {name} limit of {}",
                        limit.canonical()
                    ),
                ))
            }
            Some(_) => {}
            None if !overcommit_allowed(name) => {
                errs.push(FieldError::required(
                    &lim_path,
                    "Limit must be set for non overcommitable resources",
                ));
            }
            None => {}
        }
        has_cpu_or_memory |= matches!(name.as_str(), "cpu" | "memory");
        has_hugepages |= is_hugepages(name);
    }
    if has_hugepages && !has_cpu_or_memory {
        errs.push(FieldError::forbidden(
            path,
            "HugePages require cpu or memory",
        ));
    }
}

pub fn validate_resize_policy(
    policies: &[Value],
    path: &str,
    restart_policy: &str,
    errs: &mut Errors,
) {
    let mut seen = BTreeSet::new();
    for (i, p) in policies.iter().enumerate() {
        let (resource, restart) = (text(p, "resourceName"), text(p, "restartPolicy"));
        if !seen.insert(resource) {
            errs.push(FieldError::duplicate(index(path, i), resource));
        }
        match resource {
            "cpu" | "memory" => {}
            "" => errs.push(FieldError::required(path, "")),
            other => errs.push(FieldError::not_supported(path, other, &["cpu", "memory"])),
        }
        match restart {
            "NotRequired" | "RestartContainer" => {}
            "" => errs.push(FieldError::required(path, "")),
            other => errs.push(FieldError::not_supported(
                path,
                other,
                &["NotRequired", "RestartContainer"],
            )),
        }
        if restart_policy == "Never" && restart != "NotRequired" {
            errs.push(FieldError::invalid(
                path,
                restart,
                "must be 'NotRequired' when `restartPolicy` is 'Never'",
            ));
        }
    }
}
