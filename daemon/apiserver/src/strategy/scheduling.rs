//! Where a pod may run and how it resolves names: tolerations, node and pod (anti-)affinity,
//! topology spread constraints and DNS config, as `ValidatePodSpec` checks them.

use std::collections::BTreeSet;

use rk_api::status::FieldError;
use serde_json::{Value, json};

use super::fields::*;

/// `ValidateTolerations`.
pub fn validate_tolerations(tolerations: &[Value], path: &str, errs: &mut Errors) {
    for (i, t) in tolerations.iter().enumerate() {
        let at = index(path, i);
        let (k, op, value, effect) = (
            text(t, "key"),
            text(t, "operator"),
            text(t, "value"),
            text(t, "effect"),
        );
        if !k.is_empty() {
            validate_qualified_name(k, &child(&at, "key"), errs);
        }
        if k.is_empty() && op != "Exists" {
            errs.push(FieldError::invalid(
                child(&at, "operator"),
                op,
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ));
        }
        if get(t, "tolerationSeconds").is_some() && effect != "NoExecute" {
            errs.push(FieldError::invalid(
                child(&at, "effect"),
                effect,
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            ));
        }
        match op {
            "Equal" | "" => {
                let msgs = is_label_value(value);
                if !msgs.is_empty() {
                    errs.push(FieldError::invalid(
                        child(&at, "operator"),
                        value,
                        msgs.join(";"),
                    ));
                }
            }
            "Exists" if !value.is_empty() => {
                errs.push(FieldError::invalid(
                    child(&at, "operator"),
                    value,
                    "value must be empty when `operator` is 'Exists'",
                ));
            }
            "Exists" => {}
            other => errs.push(FieldError::not_supported(
                child(&at, "operator"),
                other,
                &["Equal", "Exists"],
            )),
        }
        if !effect.is_empty() && !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute")
        {
            errs.push(FieldError::not_supported(
                child(&at, "effect"),
                effect,
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            ));
        }
    }
}

pub fn validate_affinity(affinity: Option<&Value>, path: &str, errs: &mut Errors) {
    let Some(a) = affinity.filter(|a| a.is_object()) else {
        return;
    };
    if let Some(node) = get(a, "nodeAffinity") {
        let np = child(path, "nodeAffinity");
        if let Some(req) = get(node, "requiredDuringSchedulingIgnoredDuringExecution") {
            validate_node_selector(
                req,
                &child(&np, "requiredDuringSchedulingIgnoredDuringExecution"),
                errs,
            );
        }
        for (i, pref) in list(node, "preferredDuringSchedulingIgnoredDuringExecution")
            .iter()
            .enumerate()
        {
            let at = index(
                &child(&np, "preferredDuringSchedulingIgnoredDuringExecution"),
                i,
            );
            validate_weight(pref, &at, errs);
            let term = pref.get("preference").unwrap_or(&Value::Null);
            validate_node_selector_term(term, &child(&at, "preference"), errs);
        }
    }
    for kind in ["podAffinity", "podAntiAffinity"] {
        let Some(pa) = get(a, kind) else { continue };
        let kp = child(path, kind);
        for (i, term) in list(pa, "requiredDuringSchedulingIgnoredDuringExecution")
            .iter()
            .enumerate()
        {
            validate_pod_affinity_term(
                term,
                &index(
                    &child(&kp, "requiredDuringSchedulingIgnoredDuringExecution"),
                    i,
                ),
                errs,
            );
        }
        for (i, w) in list(pa, "preferredDuringSchedulingIgnoredDuringExecution")
            .iter()
            .enumerate()
        {
            let at = index(
                &child(&kp, "preferredDuringSchedulingIgnoredDuringExecution"),
                i,
            );
            validate_weight(w, &at, errs);
            validate_pod_affinity_term(
                w.get("podAffinityTerm").unwrap_or(&Value::Null),
                &child(&at, "podAffinityTerm"),
                errs,
            );
        }
    }
}

fn validate_weight(v: &Value, path: &str, errs: &mut Errors) {
    let w = int(v, "weight").unwrap_or(0);
    if !(1..=100).contains(&w) {
        errs.push(FieldError::invalid(
            child(path, "weight"),
            w,
            "must be in the range 1-100",
        ));
    }
}

fn validate_node_selector(sel: &Value, path: &str, errs: &mut Errors) {
    let terms = list(sel, "nodeSelectorTerms");
    if terms.is_empty() {
        errs.push(FieldError::required(
            child(path, "nodeSelectorTerms"),
            "must have at least one node selector term",
        ));
    }
    for (i, t) in terms.iter().enumerate() {
        validate_node_selector_term(t, &index(&child(path, "nodeSelectorTerms"), i), errs);
    }
}

fn validate_node_selector_term(term: &Value, path: &str, errs: &mut Errors) {
    for field in ["matchExpressions", "matchFields"] {
        for (j, r) in list(term, field).iter().enumerate() {
            let at = index(&child(path, field), j);
            let values = list(r, "values");
            match text(r, "operator") {
                "In" | "NotIn" if values.is_empty() => {
                    errs.push(FieldError::required(
                        child(&at, "values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    ));
                }
                "Exists" | "DoesNotExist" if !values.is_empty() => {
                    errs.push(FieldError::forbidden(
                        child(&at, "values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    ))
                }
                "Gt" | "Lt" if values.len() != 1 => errs.push(FieldError::required(
                    child(&at, "values"),
                    "must be specified single value when `operator` is 'Lt' or 'Gt'",
                )),
                "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt" => {}
                op => errs.push(FieldError::invalid(
                    child(&at, "operator"),
                    op,
                    "not a valid selector operator",
                )),
            }
            if field == "matchExpressions" {
                validate_qualified_name(text(r, "key"), &child(&at, "key"), errs);
            }
        }
    }
}

fn validate_pod_affinity_term(term: &Value, path: &str, errs: &mut Errors) {
    validate_label_selector(
        term.get("labelSelector"),
        &child(path, "labelSelector"),
        errs,
    );
    validate_label_selector(
        term.get("namespaceSelector"),
        &child(path, "namespaceSelector"),
        errs,
    );
    for (i, ns) in list(term, "namespaces").iter().enumerate() {
        let ns = ns.as_str().unwrap_or("");
        invalid_each(
            &index(&child(path, "namespaces"), i),
            ns,
            is_dns1123_label(ns),
            errs,
        );
    }
    match text(term, "topologyKey") {
        "" => errs.push(FieldError::required(
            child(path, "topologyKey"),
            "can not be empty",
        )),
        k => validate_qualified_name(k, &child(path, "topologyKey"), errs),
    }
}

pub fn validate_dns_config(config: Option<&Value>, policy: &str, path: &str, errs: &mut Errors) {
    let config = config.filter(|c| !c.is_null());
    if policy == "None" {
        let Some(c) = config else {
            errs.push(FieldError::required(
                path,
                "must provide `dnsConfig` when `dnsPolicy` is None",
            ));
            return;
        };
        if list(c, "nameservers").is_empty() {
            errs.push(FieldError::required(
                child(path, "nameservers"),
                "must provide at least one DNS nameserver when `dnsPolicy` is None",
            ));
            return;
        }
    }
    let Some(c) = config else { return };
    let servers = list(c, "nameservers");
    if servers.len() > 3 {
        errs.push(FieldError::invalid(
            child(path, "nameservers"),
            json!(servers),
            "must not have more than 3 nameservers",
        ));
    }
    for (i, s) in servers.iter().enumerate() {
        validate_ip(
            &index(&child(path, "nameservers"), i),
            s.as_str().unwrap_or(""),
            errs,
        );
    }
    let searches = list(c, "searches");
    if searches.len() > 32 {
        errs.push(FieldError::invalid(
            child(path, "searches"),
            json!(searches),
            "must not have more than 32 search paths",
        ));
    }
    let joined: Vec<&str> = searches.iter().filter_map(Value::as_str).collect();
    if joined.join(" ").len() > 2048 {
        errs.push(FieldError::invalid(
            child(path, "searches"),
            json!(searches),
            "must not have more than 2048 characters (including spaces) in the search list",
        ));
    }
    for (i, s) in joined.iter().enumerate() {
        if *s != "." {
            let s = s.strip_suffix('.').unwrap_or(s);
            let ok = s.split('.').all(|l| {
                let l = l.strip_prefix('_').unwrap_or(l);
                !l.is_empty()
                    && l.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
                    })
            });
            if !ok {
                errs.push(FieldError::invalid(
                    index(&child(path, "searches"), i),
                    s,
                    regex_error(
                        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
                        "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*",
                        &["example.com"],
                    ),
                ));
            }
        }
    }
    for (i, o) in list(c, "options").iter().enumerate() {
        if text(o, "name").is_empty() {
            errs.push(FieldError::required(
                index(&child(path, "options"), i),
                "must not be empty",
            ));
        }
    }
}

pub fn validate_topology_spread(constraints: &[Value], path: &str, errs: &mut Errors) {
    let mut seen = BTreeSet::new();
    for (i, c) in constraints.iter().enumerate() {
        let at = index(path, i);
        let skew = int(c, "maxSkew").unwrap_or(0);
        if skew <= 0 {
            errs.push(FieldError::invalid(
                child(&at, "maxSkew"),
                skew,
                "must be greater than zero",
            ));
        }
        let key = text(c, "topologyKey");
        if key.is_empty() {
            errs.push(FieldError::required(
                child(&at, "topologyKey"),
                "can not be empty",
            ));
        } else {
            validate_qualified_name(key, &child(&at, "topologyKey"), errs);
        }
        let when = text(c, "whenUnsatisfiable");
        if !matches!(when, "DoNotSchedule" | "ScheduleAnyway") {
            errs.push(FieldError::not_supported(
                child(&at, "whenUnsatisfiable"),
                when,
                &["DoNotSchedule", "ScheduleAnyway"],
            ));
        } else if !seen.insert((key, when)) {
            errs.push(FieldError::duplicate(
                child(&at, "{topologyKey, whenUnsatisfiable}"),
                format!("{{{key}, {when}}}"),
            ));
        }
        if let Some(m) = int(c, "minDomains").filter(|m| *m <= 0) {
            errs.push(FieldError::invalid(
                child(&at, "minDomains"),
                m,
                "must be greater than 0",
            ));
        }
        validate_label_selector(c.get("labelSelector"), &child(&at, "labelSelector"), errs);
    }
}
