//! The PodSpec, shared by Pods and every workload's template: Kubernetes' defaults
//! (`SetDefaults_PodSpec`, `SetDefaults_Pod`, volume sources, and the container defaults in
//! [`super::container`]) and `ValidatePodSpec` / `ValidatePodTemplateSpec` /
//! `ValidatePodUpdate`, with upstream's field paths and messages.

use std::collections::BTreeSet;

use rk_api::status::FieldError;
use serde_json::{Value, json};

use super::container::{self as ctr, PodInfo};
use super::fields::*;
use super::probes;
use super::resources;
use super::scheduling::{
    validate_affinity, validate_dns_config, validate_tolerations, validate_topology_spread,
};
use super::security::validate_pod_security_context;
use super::volumes;

const CONTAINER_LISTS: [&str; 3] = ["initContainers", "containers", "ephemeralContainers"];

// ---- defaults ------------------------------------------------------------------------------

/// `SetDefaults_PodSpec` with everything generated below it (containers, volumes).
pub fn default_pod_spec(spec: &mut Value) {
    if !spec.is_object() {
        return;
    }
    default_to(spec, "dnsPolicy", json!("ClusterFirst"));
    default_to(spec, "restartPolicy", json!("Always"));
    if spec.get("securityContext").is_none_or(Value::is_null) {
        spec["securityContext"] = json!({});
    }
    if spec
        .get("terminationGracePeriodSeconds")
        .is_none_or(Value::is_null)
    {
        spec["terminationGracePeriodSeconds"] = json!(30);
    }
    default_to(spec, "schedulerName", json!("default-scheduler"));
    // The v1 API mirrors serviceAccountName into the deprecated serviceAccount (and back).
    let sa = match (
        text(spec, "serviceAccountName"),
        text(spec, "serviceAccount"),
    ) {
        ("", "") => None,
        ("", old) => Some(old.to_string()),
        (name, _) => Some(name.to_string()),
    };
    if let Some(sa) = sa {
        spec["serviceAccountName"] = json!(sa);
        spec["serviceAccount"] = json!(sa);
    }
    for list in CONTAINER_LISTS {
        for c in each_mut(spec, list) {
            ctr::default_container(c);
        }
    }
    for v in each_mut(spec, "volumes") {
        volumes::default_volume(v);
    }
    if let Some(l) = spec.get_mut("overhead") {
        resources::canonicalize_resource_list(l);
    }
    if let Some(r) = spec.get_mut("resources") {
        for list in ["limits", "requests"] {
            if let Some(l) = r.get_mut(list) {
                resources::canonicalize_resource_list(l);
            }
        }
    }
}

/// A Pod's defaults: `SetDefaults_Pod` (requests from limits, service links, host-network
/// ports) and the PodSpec's.
pub fn default_pod(pod: &mut Value) {
    let Some(spec) = pod.get_mut("spec").filter(|s| s.is_object()) else {
        return;
    };
    for list in ["containers", "initContainers"] {
        for c in each_mut(spec, list) {
            requests_from_limits(c);
        }
    }
    if spec.get("enableServiceLinks").is_none_or(Value::is_null) {
        spec["enableServiceLinks"] = json!(true);
    }
    if boolean(spec, "hostNetwork") == Some(true) {
        for list in ["containers", "initContainers"] {
            for c in each_mut(spec, list) {
                for p in each_mut(c, "ports") {
                    if int(p, "hostPort").unwrap_or(0) == 0
                        && let Some(cp) = p.get("containerPort").cloned()
                    {
                        p["hostPort"] = cp;
                    }
                }
            }
        }
    }
    default_pod_spec(spec);
}

fn requests_from_limits(c: &mut Value) {
    let Some(mut limits) = c
        .pointer("/resources/limits")
        .and_then(Value::as_object)
        .cloned()
    else {
        return;
    };
    // A limit that is no quantity is reported once, under limits.
    limits.retain(|_, v| matches!(super::quantity::Quantity::from_json(v), Some(Ok(_))));
    let Some(resources) = object_mut(c, "resources") else {
        return;
    };
    let requests = resources.entry("requests").or_insert_with(|| json!({}));
    if let Some(r) = requests.as_object_mut() {
        for (k, v) in limits {
            r.entry(k).or_insert(v);
        }
    }
}

/// A pod template's defaults: its spec's, and the `creationTimestamp: null` every
/// Kubernetes ≤ 1.33 template carries (a zero `metav1.Time` serializes as null).
pub fn default_template(template: &mut Value) {
    if !template.is_object() {
        return;
    }
    if let Some(meta) = object_mut(template, "metadata") {
        meta.entry("creationTimestamp").or_insert(Value::Null);
    }
    // Not a pointer upstream: a template without a spec still gets the spec defaults.
    let _ = object_mut(template, "spec");
    if let Some(spec) = template.get_mut("spec") {
        default_pod_spec(spec);
    }
}

// ---- validation ----------------------------------------------------------------------------

/// A Pod on create and update: `validatePodMetadataAndSpec`.
pub fn validate_pod(pod: &Value, errs: &mut Errors) {
    let spec = pod.get("spec").cloned().unwrap_or_else(|| json!({}));
    validate_pod_spec(&spec, "spec", true, errs);
    if text(&spec, "serviceAccountName").is_empty() {
        for (vi, v) in list(&spec, "volumes").iter().enumerate() {
            for (si, s) in list(v.get("projected").unwrap_or(&Value::Null), "sources")
                .iter()
                .enumerate()
            {
                if get(s, "serviceAccountToken").is_some() {
                    let p =
                        format!("spec.volumes[{vi}].projected.sources[{si}].serviceAccountToken");
                    errs.push(FieldError::forbidden(
                        p,
                        "must not be specified when serviceAccountName is not set",
                    ));
                }
            }
        }
    }
    for list_name in ["containers", "initContainers"] {
        for (i, c) in list(&spec, list_name).iter().enumerate() {
            let image = text(c, "image");
            if image.len() != image.trim().len() {
                errs.push(FieldError::invalid(
                    format!("spec.{list_name}[{i}].image"),
                    image,
                    "must not have leading or trailing whitespace",
                ));
            }
        }
    }
}

/// `ValidatePodTemplateSpec` at `path` (`spec.template`).
pub fn validate_template(template: &Value, path: &str, errs: &mut Errors) {
    let meta = template.get("metadata").unwrap_or(&Value::Null);
    validate_labels(meta.get("labels"), &child(path, "labels"), errs);
    validate_annotations(meta.get("annotations"), &child(path, "annotations"), errs);
    let spec = template.get("spec").cloned().unwrap_or_else(|| json!({}));
    let spec_path = child(path, "spec");
    validate_pod_spec(&spec, &spec_path, false, errs);
    if !list(&spec, "ephemeralContainers").is_empty() {
        errs.push(FieldError::forbidden(
            child(&spec_path, "ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        ));
    }
}

/// `ValidatePodSpec`.
pub fn validate_pod_spec(spec: &Value, path: &str, is_pod: bool, errs: &mut Errors) {
    let grace = int(spec, "terminationGracePeriodSeconds");
    if grace.is_none() {
        errs.push(FieldError::required(
            child(path, "terminationGracePeriodSeconds"),
            "",
        ));
    }
    let host_users = spec
        .pointer("/securityContext/hostUsers")
        .and_then(Value::as_bool)
        != Some(false);
    let vols = volumes::validate_volumes(list(spec, "volumes"), &child(path, "volumes"), errs);
    let restart_policy = text(spec, "restartPolicy");
    let info = PodInfo {
        volumes: &vols,
        restart_policy,
        grace_period: grace,
        host_users,
    };
    validate_containers(spec, &info, &child(path, "containers"), errs);
    validate_init_containers(spec, &info, &child(path, "initContainers"), errs);
    validate_ephemeral_containers(spec, &info, &child(path, "ephemeralContainers"), errs);
    validate_host_network_ports(spec, path, is_pod, errs);
    match restart_policy {
        "Always" | "OnFailure" | "Never" => {}
        "" => errs.push(FieldError::required(child(path, "restartPolicy"), "")),
        other => errs.push(FieldError::not_supported(
            child(path, "restartPolicy"),
            other,
            &["Always", "OnFailure", "Never"],
        )),
    }
    let dns_policy = text(spec, "dnsPolicy");
    match dns_policy {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" => {}
        "" => errs.push(FieldError::required(child(path, "dnsPolicy"), "")),
        other => errs.push(FieldError::not_supported(
            child(path, "dnsPolicy"),
            other,
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        )),
    }
    validate_labels(spec.get("nodeSelector"), &child(path, "nodeSelector"), errs);
    validate_pod_security_context(spec, path, errs);
    for (i, s) in list(spec, "imagePullSecrets").iter().enumerate() {
        if s.as_object().is_some_and(|m| m.keys().any(|k| k != "name")) {
            errs.push(FieldError::invalid(
                index(&child(path, "imagePullSecrets"), i),
                s.clone(),
                "only name may be set",
            ));
        }
    }
    validate_affinity(spec.get("affinity"), &child(path, "affinity"), errs);
    validate_dns_config(
        spec.get("dnsConfig"),
        dns_policy,
        &child(path, "dnsConfig"),
        errs,
    );
    for (i, g) in list(spec, "readinessGates").iter().enumerate() {
        validate_qualified_name(
            text(g, "conditionType"),
            &child(&index(&child(path, "readinessGates"), i), "conditionType"),
            errs,
        );
    }
    let mut gates = BTreeSet::new();
    for (i, g) in list(spec, "schedulingGates").iter().enumerate() {
        let at = index(&child(path, "schedulingGates"), i);
        validate_qualified_name(text(g, "name"), &at, errs);
        if !gates.insert(text(g, "name")) {
            errs.push(FieldError::duplicate(&at, text(g, "name")));
        }
    }
    validate_topology_spread(
        list(spec, "topologySpreadConstraints"),
        &child(path, "topologySpreadConstraints"),
        errs,
    );
    for (field, subdomain) in [("serviceAccountName", true), ("nodeName", true)] {
        let v = text(spec, field);
        if !v.is_empty() && subdomain {
            validate_dns1123_subdomain(v, &child(path, field), errs);
        }
    }
    if let Some(d) =
        int(spec, "activeDeadlineSeconds").filter(|d| !(1..=i64::from(i32::MAX)).contains(d))
    {
        errs.push(FieldError::invalid(
            child(path, "activeDeadlineSeconds"),
            d,
            inclusive_range_error(1, i64::from(i32::MAX)),
        ));
    }
    for field in ["hostname", "subdomain"] {
        let v = text(spec, field);
        if !v.is_empty() {
            validate_dns1123_label(v, &child(path, field), errs);
        }
    }
    validate_tolerations(list(spec, "tolerations"), &child(path, "tolerations"), errs);
    for (i, alias) in list(spec, "hostAliases").iter().enumerate() {
        let at = index(&child(path, "hostAliases"), i);
        validate_ip(&child(&at, "ip"), text(alias, "ip"), errs);
        for (j, h) in list(alias, "hostnames").iter().enumerate() {
            validate_dns1123_subdomain(
                h.as_str().unwrap_or(""),
                &index(&child(&at, "hostnames"), j),
                errs,
            );
        }
    }
    for field in ["priorityClassName", "runtimeClassName"] {
        let v = text(spec, field);
        if !v.is_empty()
            || (field == "runtimeClassName" && spec.get(field).is_some_and(Value::is_string))
        {
            validate_dns1123_subdomain(v, &child(path, field), errs);
        }
    }
    if let Some(p) = spec.get("preemptionPolicy").and_then(Value::as_str) {
        match p {
            "PreemptLowerPriority" | "Never" => {}
            "" => errs.push(FieldError::required(child(path, "preemptionPolicy"), "")),
            other => errs.push(FieldError::not_supported(
                child(path, "preemptionPolicy"),
                other,
                &["PreemptLowerPriority", "Never"],
            )),
        }
    }
    if let Some(overhead) = get(spec, "overhead") {
        resources::validate_resources(
            Some(&json!({"limits": overhead})),
            &child(path, "overhead"),
            errs,
        );
    }
    if let Some(os) = get(spec, "os") {
        match text(os, "name") {
            "linux" | "windows" => {}
            "" => errs.push(FieldError::required(child(&child(path, "os"), "name"), "")),
            other => errs.push(FieldError::not_supported(
                child(&child(path, "os"), "name"),
                other,
                &["linux", "windows"],
            )),
        }
    }
}

fn containers_of<'a>(spec: &'a Value, name: &str) -> Vec<&'a Value> {
    list(spec, name).iter().collect()
}

/// `validateContainers`.
fn validate_containers(spec: &Value, info: &PodInfo<'_>, path: &str, errs: &mut Errors) {
    let containers = containers_of(spec, "containers");
    if containers.is_empty() {
        errs.push(FieldError::required(path, ""));
        return;
    }
    let mut names = BTreeSet::new();
    let mut paths = Vec::new();
    for (i, c) in containers.iter().enumerate() {
        let at = index(path, i);
        ctr::validate_common(c, info, &at, errs);
        if !names.insert(text(c, "name")) {
            errs.push(FieldError::duplicate(child(&at, "name"), text(c, "name")));
        }
        probes::validate_lifecycle_and_probes(c, info.grace_period, &at, errs);
        if get(c, "restartPolicy").is_some() {
            errs.push(FieldError::forbidden(
                child(&at, "restartPolicy"),
                "may not be set for non-init containers",
            ));
        }
        paths.push(at);
    }
    ctr::check_host_ports(&containers, &paths, &mut BTreeSet::new(), errs);
}

/// `validateInitContainers`.
fn validate_init_containers(spec: &Value, info: &PodInfo<'_>, path: &str, errs: &mut Errors) {
    let mut names: BTreeSet<&str> = list(spec, "containers")
        .iter()
        .map(|c| text(c, "name"))
        .collect();
    for (i, c) in list(spec, "initContainers").iter().enumerate() {
        let at = index(path, i);
        ctr::validate_common(c, info, &at, errs);
        let restart_always = match c.get("restartPolicy").and_then(Value::as_str) {
            Some("Always") => true,
            Some(other) => {
                errs.push(FieldError::not_supported(
                    child(&at, "restartPolicy"),
                    other,
                    &["Always"],
                ));
                false
            }
            None => false,
        };
        let name = text(c, "name");
        if names.contains(name) {
            errs.push(FieldError::duplicate(child(&at, "name"), name));
        } else if !name.is_empty() {
            names.insert(name);
        }
        ctr::check_host_ports(&[c], std::slice::from_ref(&at), &mut BTreeSet::new(), errs);
        if restart_always {
            probes::validate_lifecycle_and_probes(c, info.grace_period, &at, errs);
        } else {
            for field in [
                "lifecycle",
                "livenessProbe",
                "readinessProbe",
                "startupProbe",
            ] {
                if get(c, field).is_some() {
                    errs.push(FieldError::forbidden(
                        child(&at, field),
                        "may not be set for init containers without restartPolicy=Always",
                    ));
                }
            }
        }
    }
}

/// `validateEphemeralContainers`: the container rules plus unique names and no
/// lifecycle-affecting fields.
fn validate_ephemeral_containers(spec: &Value, info: &PodInfo<'_>, path: &str, errs: &mut Errors) {
    let others: BTreeSet<&str> = ["containers", "initContainers"]
        .iter()
        .flat_map(|l| list(spec, l))
        .map(|c| text(c, "name"))
        .collect();
    let mut all = others.clone();
    for (i, c) in list(spec, "ephemeralContainers").iter().enumerate() {
        let at = index(path, i);
        ctr::validate_common(c, info, &at, errs);
        let image = text(c, "image");
        if image.len() != image.trim().len() {
            errs.push(FieldError::invalid(
                child(&at, "image"),
                image,
                "must not have leading or trailing whitespace",
            ));
        }
        if !all.insert(text(c, "name")) {
            errs.push(FieldError::duplicate(child(&at, "name"), text(c, "name")));
        }
        let target = text(c, "targetContainerName");
        if !target.is_empty() && !others.contains(target) {
            errs.push(not_found(child(&at, "targetContainerName"), target));
        }
        for field in [
            "ports",
            "resources",
            "livenessProbe",
            "readinessProbe",
            "startupProbe",
            "lifecycle",
            "resizePolicy",
            "restartPolicy",
        ] {
            let set = match c.get(field) {
                None | Some(Value::Null) => false,
                Some(Value::Object(m)) => !m.is_empty(),
                Some(Value::Array(a)) => !a.is_empty(),
                Some(_) => true,
            };
            if set {
                errs.push(FieldError::forbidden(
                    child(&at, field),
                    "cannot be set for an Ephemeral Container",
                ));
            }
        }
    }
}

/// `validatePodHostNetworkDeps`: with host networking, host ports equal container ports.
fn validate_host_network_ports(spec: &Value, path: &str, is_pod: bool, errs: &mut Errors) {
    if boolean(spec, "hostNetwork") != Some(true) {
        return;
    }
    for (i, c) in list(spec, "containers").iter().enumerate() {
        for (j, p) in list(c, "ports").iter().enumerate() {
            let (hp, cp) = (
                int(p, "hostPort").unwrap_or(0),
                int(p, "containerPort").unwrap_or(0),
            );
            if (is_pod || hp != 0) && hp != cp {
                errs.push(FieldError::invalid(
                    format!("{path}.containers[{i}].ports[{j}].hostPort"),
                    hp,
                    "must match `containerPort` when `hostNetwork` is true",
                ));
            }
        }
    }
}

// ---- updates ---------------------------------------------------------------------------------

const UPDATABLE: &str = "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/// `ValidatePodUpdate`: a pod's spec is fixed after creation except images, a shrinking
/// activeDeadlineSeconds, added tolerations and removed scheduling gates.
pub fn validate_pod_update(old: &Value, new: &Value, errs: &mut Errors) {
    let empty = json!({});
    let (o, n) = (
        old.get("spec").unwrap_or(&empty),
        new.get("spec").unwrap_or(&empty),
    );
    for name in ["containers", "initContainers"] {
        let (oc, nc) = (list(o, name), list(n, name));
        let path = format!("spec.{name}");
        if oc.len() != nc.len() {
            errs.push(FieldError::forbidden(
                path,
                "pod updates may not add or remove containers",
            ));
            return;
        }
        for (i, c) in nc.iter().enumerate() {
            let image = text(c, "image");
            if image.is_empty() {
                errs.push(FieldError::required(format!("{path}[{i}].image"), ""));
            }
            if image.len() != image.trim().len() {
                errs.push(FieldError::invalid(
                    format!("{path}[{i}].image"),
                    image,
                    "must not have leading or trailing whitespace",
                ));
            }
        }
    }
    let deadline = "spec.activeDeadlineSeconds";
    match (
        int(n, "activeDeadlineSeconds"),
        int(o, "activeDeadlineSeconds"),
    ) {
        (Some(d), _) if !(0..=i64::from(i32::MAX)).contains(&d) => {
            errs.push(FieldError::invalid(
                deadline,
                d,
                inclusive_range_error(0, i64::from(i32::MAX)),
            ));
            return;
        }
        (Some(d), Some(old_d)) if old_d < d => {
            errs.push(FieldError::invalid(
                deadline,
                d,
                "must be less than or equal to previous value",
            ));
            return;
        }
        (None, Some(_)) => errs.push(FieldError::invalid(
            deadline,
            Value::Null,
            "must not update from a positive integer to nil value",
        )),
        _ => {}
    }
    validate_only_added_tolerations(list(n, "tolerations"), list(o, "tolerations"), errs);
    let old_gates: BTreeSet<&str> = list(o, "schedulingGates")
        .iter()
        .map(|g| text(g, "name"))
        .collect();
    for (i, g) in list(n, "schedulingGates").iter().enumerate() {
        if !old_gates.contains(text(g, "name")) {
            errs.push(FieldError::forbidden(
                format!("spec.schedulingGates[{i}].name"),
                format!(
                    "only deletion is allowed, but found new scheduling gate '{}'",
                    text(g, "name")
                ),
            ));
        }
    }
    if n == o {
        return;
    }
    // Everything but the updatable fields must be unchanged.
    let mut munged = n.clone();
    for name in ["containers", "initContainers"] {
        for (i, c) in each_mut(&mut munged, name).enumerate() {
            if let Some(old_image) = list(o, name).get(i).and_then(|oc| oc.get("image")) {
                c["image"] = old_image.clone();
            }
        }
    }
    for field in ["activeDeadlineSeconds", "schedulingGates", "tolerations"] {
        match o.get(field) {
            Some(v) => munged[field] = v.clone(),
            None => {
                if let Some(m) = munged.as_object_mut() {
                    m.remove(field);
                }
            }
        }
    }
    if int(o, "terminationGracePeriodSeconds").is_some_and(|g| g < 0)
        && int(&munged, "terminationGracePeriodSeconds") == Some(1)
    {
        munged["terminationGracePeriodSeconds"] = o["terminationGracePeriodSeconds"].clone();
    }
    if munged != *o {
        errs.push(FieldError::forbidden(
            "spec",
            format!(
                "pod updates may not change fields other than {UPDATABLE}\n{}",
                spec_diff(o, &munged)
            ),
        ));
    }
}

fn validate_only_added_tolerations(new: &[Value], old: &[Value], errs: &mut Errors) {
    let strip = |t: &Value| {
        let mut t = t.clone();
        if let Some(m) = t.as_object_mut() {
            m.remove("tolerationSeconds");
        }
        t
    };
    for o in old {
        if !new.iter().any(|n| strip(n) == strip(o)) {
            errs.push(FieldError::forbidden(
                "spec.tolerations",
                "existing toleration can not be modified except its tolerationSeconds",
            ));
            return;
        }
    }
    validate_tolerations(new, "spec.tolerations", errs);
}

/// A short account of what changed between two specs, one line per differing top-level field
/// (upstream prints a `cmp.Diff` of the Go structs here).
fn spec_diff(old: &Value, new: &Value) -> String {
    let empty = serde_json::Map::new();
    let (o, n) = (
        old.as_object().unwrap_or(&empty),
        new.as_object().unwrap_or(&empty),
    );
    let keys: BTreeSet<&String> = o.keys().chain(n.keys()).collect();
    let mut lines = vec!["  core.PodSpec{".to_string()];
    for k in keys {
        let (a, b) = (o.get(k), n.get(k));
        if a != b {
            if let Some(a) = a {
                lines.push(format!("- \t{k}: {a},"));
            }
            if let Some(b) = b {
                lines.push(format!("+ \t{k}: {b},"));
            }
        }
    }
    lines.push("  }".to_string());
    lines.join("\n") + "\n"
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#[path = "pod_tests.rs"]
mod tests;
