//! Security contexts of pods and containers (`validatePodSpecSecurityContext`,
//! `ValidateSecurityContext`): user and group ids, sysctls, seccomp, privilege escalation.

use std::collections::BTreeSet;

use rk_api::status::FieldError;
use serde_json::Value;

use super::container::validate_local_descending_path;
use super::fields::*;

// ---- security context ---------------------------------------------------------------------------

/// `ValidateSecurityContext` of one container.
pub fn validate_security_context(
    sc: Option<&Value>,
    path: &str,
    host_users: bool,
    errs: &mut Errors,
) {
    let Some(sc) = sc.filter(|s| s.is_object()) else {
        return;
    };
    validate_ids(sc, path, errs);
    if let Some(mount) = sc.get("procMount").and_then(Value::as_str) {
        match mount {
            "Default" | "Unmasked" => {}
            other => errs.push(FieldError::not_supported(
                child(path, "procMount"),
                other,
                &["Default", "Unmasked"],
            )),
        }
        if host_users && mount == "Unmasked" {
            errs.push(FieldError::invalid(
                child(path, "procMount"),
                mount,
                "`hostUsers` must be false to use `Unmasked`",
            ));
        }
    }
    validate_seccomp(
        sc.get("seccompProfile"),
        &child(path, "seccompProfile"),
        errs,
    );
    if boolean(sc, "allowPrivilegeEscalation") == Some(false) {
        if boolean(sc, "privileged") == Some(true) {
            errs.push(FieldError::invalid(
                path,
                sc.clone(),
                "cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
            ));
        }
        if sc
            .pointer("/capabilities/add")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|c| c == "CAP_SYS_ADMIN"))
        {
            errs.push(FieldError::invalid(path, sc.clone(), "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
        }
    }
}

/// `runAsUser` / `runAsGroup` within Unix id ranges.
pub fn validate_ids(sc: &Value, path: &str, errs: &mut Errors) {
    for field in ["runAsUser", "runAsGroup"] {
        if let Some(id) = int(sc, field).filter(|id| !(0..=0xffff_ffff).contains(id)) {
            errs.push(FieldError::invalid(
                child(path, field),
                id,
                inclusive_range_error(0, 0xffff_ffff),
            ));
        }
    }
}

pub fn validate_seccomp(profile: Option<&Value>, path: &str, errs: &mut Errors) {
    let Some(p) = profile.filter(|p| p.is_object()) else {
        return;
    };
    let localhost = text(p, "localhostProfile");
    match text(p, "type") {
        "Localhost" if localhost.is_empty() => {
            errs.push(FieldError::required(
                child(path, "localhostProfile"),
                "must be set when seccomp type is Localhost",
            ));
        }
        "Localhost" => {
            validate_local_descending_path(localhost, &child(path, "localhostProfile"), errs)
        }
        "RuntimeDefault" | "Unconfined" if !localhost.is_empty() => errs.push(FieldError::invalid(
            child(path, "localhostProfile"),
            localhost,
            "can only be set when seccomp type is Localhost",
        )),
        "RuntimeDefault" | "Unconfined" => {}
        "" => errs.push(FieldError::required(child(path, "type"), "")),
        other => errs.push(FieldError::not_supported(
            child(path, "type"),
            other,
            &["Localhost", "RuntimeDefault", "Unconfined"],
        )),
    }
}

pub fn validate_pod_security_context(spec: &Value, path: &str, errs: &mut Errors) {
    let Some(sc) = spec.get("securityContext").filter(|s| s.is_object()) else {
        return;
    };
    let sp = child(path, "securityContext");
    if let Some(g) = int(sc, "fsGroup").filter(|g| !(0..=0xffff_ffff).contains(g)) {
        errs.push(FieldError::invalid(
            child(&sp, "fsGroup"),
            g,
            inclusive_range_error(0, 0xffff_ffff),
        ));
    }
    validate_ids(sc, &sp, errs);
    for (i, g) in list(sc, "supplementalGroups").iter().enumerate() {
        if let Some(g) = g.as_i64().filter(|g| !(0..=0xffff_ffff).contains(g)) {
            errs.push(FieldError::invalid(
                index(&child(&sp, "supplementalGroups"), i),
                g,
                inclusive_range_error(0, 0xffff_ffff),
            ));
        }
    }
    if boolean(spec, "shareProcessNamespace") == Some(true)
        && boolean(spec, "hostPID") == Some(true)
    {
        errs.push(FieldError::invalid(
            child(&sp, "shareProcessNamespace"),
            true,
            "ShareProcessNamespace and HostPID cannot both be enabled",
        ));
    }
    if let Some(p) = sc.get("fsGroupChangePolicy").and_then(Value::as_str)
        && !matches!(p, "OnRootMismatch" | "Always")
    {
        errs.push(FieldError::not_supported(
            child(&sp, "fsGroupChangePolicy"),
            p,
            &["Always", "OnRootMismatch"],
        ));
    }
    validate_seccomp(
        sc.get("seccompProfile"),
        &child(&sp, "seccompProfile"),
        errs,
    );
    let mut seen = BTreeSet::new();
    for (i, s) in list(sc, "sysctls").iter().enumerate() {
        let at = index(&child(&sp, "sysctls"), i);
        let name = text(s, "name");
        if name.is_empty() {
            errs.push(FieldError::required(child(&at, "name"), ""));
        } else if !is_sysctl_name(name) {
            errs.push(FieldError::invalid(
                child(&at, "name"),
                name,
                "must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$",
            ));
        } else if !seen.insert(name.replace('/', ".")) {
            errs.push(FieldError::duplicate(child(&at, "name"), name));
        }
    }
}

fn is_sysctl_name(name: &str) -> bool {
    let seg_ok = |s: &str| {
        let b = s.as_bytes();
        !b.is_empty()
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'_')
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
    };
    name.len() <= 253 && name.split(['.', '/']).all(seg_ok)
}
