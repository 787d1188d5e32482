//! Probes and lifecycle handlers of containers (`validateProbe`, `validateHandler`), and
//! int-or-string port references.

use rk_api::status::FieldError;
use serde_json::Value;

use super::fields::*;

// ---- probes and handlers -----------------------------------------------------------------------

/// Which probe it is: liveness and startup probes need `successThreshold: 1`.
#[derive(Clone, Copy, PartialEq)]
pub enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

pub fn validate_probe(
    probe: Option<&Value>,
    kind: ProbeKind,
    grace: Option<i64>,
    path: &str,
    errs: &mut Errors,
) {
    let Some(p) = probe.filter(|p| !p.is_null()) else {
        return;
    };
    validate_handler(
        p,
        &["exec", "httpGet", "tcpSocket", "grpc"],
        grace,
        path,
        errs,
    );
    for field in [
        "initialDelaySeconds",
        "timeoutSeconds",
        "periodSeconds",
        "successThreshold",
        "failureThreshold",
    ] {
        validate_nonnegative(int(p, field).unwrap_or(0), &child(path, field), errs);
    }
    if let Some(t) = int(p, "terminationGracePeriodSeconds").filter(|t| *t <= 0) {
        errs.push(FieldError::invalid(
            child(path, "terminationGracePeriodSeconds"),
            t,
            "must be greater than 0",
        ));
    }
    match kind {
        ProbeKind::Liveness | ProbeKind::Startup => {
            let s = int(p, "successThreshold").unwrap_or(0);
            if s != 1 {
                errs.push(FieldError::invalid(
                    child(path, "successThreshold"),
                    s,
                    "must be 1",
                ));
            }
        }
        ProbeKind::Readiness => {
            if let Some(t) = get(p, "terminationGracePeriodSeconds") {
                errs.push(FieldError::invalid(
                    child(path, "terminationGracePeriodSeconds"),
                    t.clone(),
                    "must not be set for readinessProbes",
                ));
            }
        }
    }
}

/// `validateHandler`: exactly one handler type, each valid.
fn validate_handler(h: &Value, kinds: &[&str], grace: Option<i64>, path: &str, errs: &mut Errors) {
    let mut count = 0;
    for kind in kinds {
        let Some(v) = get(h, kind) else { continue };
        let at = child(path, kind);
        if count > 0 {
            errs.push(FieldError::forbidden(
                &at,
                "may not specify more than 1 handler type",
            ));
            continue;
        }
        count += 1;
        match *kind {
            "exec" if list(v, "command").is_empty() => {
                errs.push(FieldError::required(child(&at, "command"), ""))
            }
            "httpGet" => {
                if text(v, "path").is_empty() {
                    errs.push(FieldError::required(child(&at, "path"), ""));
                }
                validate_port_num_or_name(v.get("port"), &child(&at, "port"), errs);
                match text(v, "scheme") {
                    "HTTP" | "HTTPS" => {}
                    other => errs.push(FieldError::not_supported(
                        child(&at, "scheme"),
                        other,
                        &["HTTP", "HTTPS"],
                    )),
                }
                for header in list(v, "httpHeaders") {
                    let name = text(header, "name");
                    invalid_each(
                        &child(&at, "httpHeaders"),
                        name,
                        is_http_header_name(name),
                        errs,
                    );
                }
            }
            "tcpSocket" | "grpc" => {
                validate_port_num_or_name(v.get("port"), &child(&at, "port"), errs)
            }
            "sleep" => {
                let seconds = int(v, "seconds").unwrap_or(0);
                if let Some(g) = grace.filter(|g| seconds < 0 || seconds > *g) {
                    errs.push(FieldError::invalid(
                        &at,
                        seconds,
                        format!(
                            "must be non-negative and less than terminationGracePeriodSeconds ({g})"
                        ),
                    ));
                }
            }
            _ => {}
        }
    }
    if count == 0 {
        errs.push(FieldError::required(path, "must specify a handler type"));
    }
}

/// `ValidatePortNumOrName` on an int-or-string member.
pub fn validate_port_num_or_name(port: Option<&Value>, path: &str, errs: &mut Errors) {
    match port {
        Some(Value::String(name)) => invalid_each(path, name, is_valid_port_name(name), errs),
        other => {
            let n = other.and_then(Value::as_i64).unwrap_or(0);
            errs.extend(
                is_valid_port_num(n)
                    .into_iter()
                    .map(|m| FieldError::invalid(path, n, m)),
            );
        }
    }
}

/// A container's lifecycle hooks and its liveness, readiness and startup probes.
pub fn validate_lifecycle_and_probes(c: &Value, grace: Option<i64>, path: &str, errs: &mut Errors) {
    validate_lifecycle(c, grace, path, errs);
    for (field, kind) in [
        ("livenessProbe", ProbeKind::Liveness),
        ("readinessProbe", ProbeKind::Readiness),
        ("startupProbe", ProbeKind::Startup),
    ] {
        validate_probe(c.get(field), kind, grace, &child(path, field), errs);
    }
}

pub fn validate_lifecycle(c: &Value, grace: Option<i64>, path: &str, errs: &mut Errors) {
    let Some(l) = get(c, "lifecycle") else { return };
    let lp = child(path, "lifecycle");
    for hook in ["postStart", "preStop"] {
        if let Some(h) = get(l, hook) {
            validate_handler(
                h,
                &["exec", "httpGet", "tcpSocket", "sleep"],
                grace,
                &child(&lp, hook),
                errs,
            );
        }
    }
}
