//! Jobs and CronJobs (batch/v1): `SetDefaults_Job` / `SetDefaults_CronJob`, the selector
//! the job registry generates, `validateJobSpec` and friends, schedules and time zones, and
//! the job's immutable fields.

use rk_api::status::FieldError;
use serde_json::{Map, Value, json};

use super::fields::*;
use super::pod;
use super::workloads::{default_template_of, labels_value, set_if_absent, spec_mut};

const CONTROLLER_UID: &str = "batch.kubernetes.io/controller-uid";
const JOB_NAME: &str = "batch.kubernetes.io/job-name";

/// `SetDefaults_Job`, plus the selector the job registry generates on create
/// (`controller-uid` / `job-name` labels, unless `manualSelector: true`).
pub fn default_job(obj: &mut Value) {
    let uid = obj
        .pointer("/metadata/uid")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let name = obj
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let user_labels = obj
        .pointer("/spec/template/metadata/labels")
        .filter(|l| l.is_object())
        .cloned();
    let Some(spec) = spec_mut(obj) else { return };
    default_job_spec(spec);
    let manual = boolean(spec, "manualSelector") == Some(true);
    if !manual && !uid.is_empty() {
        generate_selector(spec, &uid, &name);
    }
    // Upstream copies the template's labels to an unlabelled job when decoding; for a job
    // created without template labels that happens on the first read, after the generated
    // labels exist. Either way the stored job shows what a client would read.
    let generated = spec.pointer("/template/metadata/labels").cloned();
    let labels = user_labels.or(generated);
    if let (Some(labels), Some(meta)) = (labels, object_mut(obj, "metadata"))
        && meta
            .get("labels")
            .and_then(Value::as_object)
            .is_none_or(Map::is_empty)
    {
        meta.insert("labels".into(), labels);
    }
}

fn default_job_spec(spec: &mut Value) {
    if get(spec, "completions").is_none() && get(spec, "parallelism").is_none() {
        spec["completions"] = json!(1);
        spec["parallelism"] = json!(1);
    }
    set_if_absent(spec, "parallelism", json!(1));
    let backoff = if get(spec, "backoffLimitPerIndex").is_some() {
        i64::from(i32::MAX)
    } else {
        6
    };
    set_if_absent(spec, "backoffLimit", json!(backoff));
    set_if_absent(spec, "completionMode", json!("NonIndexed"));
    set_if_absent(spec, "suspend", json!(false));
    let replacement = if get(spec, "podFailurePolicy").is_some() {
        "Failed"
    } else {
        "TerminatingOrFailed"
    };
    set_if_absent(spec, "podReplacementPolicy", json!(replacement));
    for rule in spec
        .pointer_mut("/podFailurePolicy/rules")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        for pattern in each_mut(rule, "onPodConditions") {
            default_to(pattern, "status", json!("True"));
        }
    }
    default_template_of(spec);
}

fn generate_selector(spec: &mut Value, uid: &str, name: &str) {
    let Some(template) = spec.get_mut("template") else {
        return;
    };
    let Some(labels) = object_mut(template, "metadata").and_then(|m| {
        let l = m.entry("labels").or_insert_with(|| json!({}));
        if l.is_null() {
            *l = json!({});
        }
        l.as_object_mut()
    }) else {
        return;
    };
    for (k, v) in [
        (CONTROLLER_UID, uid),
        (JOB_NAME, name),
        ("controller-uid", uid),
        ("job-name", name),
    ] {
        labels.entry(k).or_insert_with(|| json!(v));
    }
    if let Some(match_labels) = object_mut(spec, "selector").and_then(|s| {
        let m = s.entry("matchLabels").or_insert_with(|| json!({}));
        if m.is_null() {
            *m = json!({});
        }
        m.as_object_mut()
    }) {
        match_labels
            .entry(CONTROLLER_UID)
            .or_insert_with(|| json!(uid));
    }
}

pub fn default_cron_job(obj: &mut Value) {
    let Some(spec) = spec_mut(obj) else { return };
    default_to(spec, "concurrencyPolicy", json!("Allow"));
    set_if_absent(spec, "suspend", json!(false));
    set_if_absent(spec, "successfulJobsHistoryLimit", json!(3));
    set_if_absent(spec, "failedJobsHistoryLimit", json!(1));
    if let Some(jt) = member_mut(spec, "jobTemplate") {
        if let Some(meta) = object_mut(jt, "metadata") {
            meta.entry("creationTimestamp").or_insert(Value::Null);
        }
        if let Some(js) = member_mut(jt, "spec") {
            default_template_of(js);
        }
    }
}

// ---- validation: batch --------------------------------------------------------------------------

/// `validateJobSpec`: what Jobs and CronJob job templates share.
fn validate_job_spec(spec: &Value, path: &str, errs: &mut Errors) {
    for field in [
        "parallelism",
        "completions",
        "activeDeadlineSeconds",
        "backoffLimit",
        "ttlSecondsAfterFinished",
        "backoffLimitPerIndex",
        "maxFailedIndexes",
    ] {
        nonnegative_member(spec, field, path, errs);
    }
    if get(spec, "maxFailedIndexes").is_some() && get(spec, "backoffLimitPerIndex").is_none() {
        errs.push(FieldError::required(
            child(path, "backoffLimitPerIndex"),
            "when maxFailedIndexes is specified",
        ));
    }
    if let Some(mode) = spec.get("completionMode").and_then(Value::as_str) {
        match mode {
            "NonIndexed" => {}
            "Indexed" => {
                if get(spec, "completions").is_none() {
                    errs.push(FieldError::required(
                        child(path, "completions"),
                        "when completion mode is Indexed",
                    ));
                }
                if let Some(p) = int(spec, "parallelism").filter(|p| *p > 100_000) {
                    errs.push(FieldError::invalid(
                        child(path, "parallelism"),
                        p,
                        "must be less than or equal to 100000 when completion mode is Indexed",
                    ));
                }
            }
            other => errs.push(FieldError::not_supported(
                child(path, "completionMode"),
                other,
                &["NonIndexed", "Indexed"],
            )),
        }
    }
    if let Some(p) = spec.get("podReplacementPolicy").and_then(Value::as_str) {
        let rp = child(path, "podReplacementPolicy");
        if get(spec, "podFailurePolicy").is_some() {
            if p != "Failed" {
                errs.push(FieldError::not_supported(&rp, p, &["Failed"]));
            }
        } else if !matches!(p, "Failed" | "TerminatingOrFailed") {
            errs.push(FieldError::not_supported(
                &rp,
                p,
                &["Failed", "TerminatingOrFailed"],
            ));
        }
    }
    let template = spec.get("template").cloned().unwrap_or_else(|| json!({}));
    let tp = child(path, "template");
    pod::validate_template(&template, &tp, errs);
    let policy = template
        .pointer("/spec/restartPolicy")
        .and_then(Value::as_str)
        .unwrap_or("");
    let rp = format!("{tp}.spec.restartPolicy");
    if !matches!(policy, "OnFailure" | "Never") {
        errs.push(FieldError::not_supported(
            rp,
            policy,
            &["OnFailure", "Never"],
        ));
    } else if policy == "OnFailure" && get(spec, "podFailurePolicy").is_some() {
        errs.push(FieldError::invalid(
            rp,
            policy,
            "only \"Never\" is supported when podFailurePolicy is specified",
        ));
    }
}

pub fn validate_job(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    validate_generated_selector(obj, &spec, errs);
    validate_job_spec(&spec, "spec", errs);
    let sel = get(&spec, "selector");
    match sel {
        None => errs.push(FieldError::required("spec.selector", "")),
        Some(s) => validate_label_selector(Some(s), "spec.selector", errs),
    }
    // A missing selector selects nothing, so it matches no template either (as upstream).
    if let Some(selector) = selector_of(sel) {
        if selector.is_empty() {
            errs.push(FieldError::required("spec.selector", ""));
        }
        let template = spec.get("template").cloned().unwrap_or_else(|| json!({}));
        if !selector.matches_object(&template) {
            errs.push(FieldError::invalid(
                "spec.template.metadata.labels",
                labels_value(&template),
                "`selector` does not match template `labels`",
            ));
        }
    }
    let name = obj
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    if text(&spec, "completionMode") == "Indexed"
        && let Some(c) = int(&spec, "completions").filter(|c| *c > 0)
    {
        let host = format!("{name}-{}", c - 1);
        if !is_dns1123_label(&host).is_empty() {
            errs.push(FieldError::invalid(
                "metadata.name",
                name,
                format!("will not able to create pod with invalid DNS label: {host}"),
            ));
        }
    }
}

/// `validateGeneratedSelector`: a generated selector must select exactly this job's pods.
fn validate_generated_selector(obj: &Value, spec: &Value, errs: &mut Errors) {
    if boolean(spec, "manualSelector") == Some(true) || get(spec, "selector").is_none() {
        return;
    }
    let uid = obj
        .pointer("/metadata/uid")
        .and_then(Value::as_str)
        .unwrap_or("");
    let name = obj
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    let template = spec.get("template").cloned().unwrap_or_else(|| json!({}));
    let Some(labels) = template
        .pointer("/metadata/labels")
        .and_then(Value::as_object)
    else {
        errs.push(FieldError::required(
            "spec.template.metadata.labels",
            "this should be defaulted and never be nil",
        ));
        return;
    };
    if uid.is_empty() {
        errs.push(FieldError::required("metadata.uid", ""));
    }
    for (k, want) in [
        ("controller-uid", uid),
        ("job-name", name),
        (CONTROLLER_UID, uid),
        (JOB_NAME, name),
    ] {
        let path = format!("spec.template.metadata.labels[{k}]");
        match labels.get(k).and_then(Value::as_str) {
            None => errs.push(FieldError::required(path, format!("must be '{want}'"))),
            Some(v) if v != want => errs.push(FieldError::invalid(
                path,
                Value::Object(labels.clone()),
                format!("must be '{want}'"),
            )),
            Some(_) => {}
        }
    }
    let sel = get(spec, "selector");
    if let Some(selector) = selector_of(sel) {
        let expected = json!({"metadata": {"labels": {CONTROLLER_UID: uid}}});
        if !selector.matches_object(&expected) {
            errs.push(FieldError::invalid(
                "spec.selector",
                sel.cloned().unwrap_or(Value::Null),
                "`selector` not auto-generated",
            ));
        }
    }
}

pub fn validate_cron_job(obj: &Value, old: Option<&Value>, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    let old_spec = old.and_then(|o| o.get("spec"));
    let schedule = text(&spec, "schedule");
    let time_zone = spec.get("timeZone").and_then(Value::as_str);
    if schedule.is_empty() {
        errs.push(FieldError::required("spec.schedule", ""));
    } else {
        if let Err(e) = super::cron::parse_standard(schedule) {
            errs.push(FieldError::invalid("spec.schedule", schedule, e));
        }
        let tz_allowed = old_spec.is_some_and(|o| text(o, "schedule").contains("TZ"));
        if schedule.contains("TZ") {
            if tz_allowed && time_zone.is_some() {
                errs.push(FieldError::invalid(
                    "spec.schedule",
                    schedule,
                    "cannot use both timeZone field and TZ or CRON_TZ in schedule",
                ));
            } else if !tz_allowed {
                errs.push(FieldError::invalid(
                    "spec.schedule",
                    schedule,
                    "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
                ));
            }
        }
    }
    nonnegative_member(&spec, "startingDeadlineSeconds", "spec", errs);
    if old_spec.is_none_or(|o| o.get("timeZone") != spec.get("timeZone")) {
        validate_time_zone(time_zone, errs);
    }
    match text(&spec, "concurrencyPolicy") {
        "Allow" | "Forbid" | "Replace" => {}
        "" => errs.push(FieldError::required("spec.concurrencyPolicy", "")),
        other => errs.push(FieldError::not_supported(
            "spec.concurrencyPolicy",
            other,
            &["Allow", "Forbid", "Replace"],
        )),
    }
    let job_template = spec
        .get("jobTemplate")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let job_spec = job_template
        .get("spec")
        .cloned()
        .unwrap_or_else(|| json!({}));
    validate_job_spec(&job_spec, "spec.jobTemplate.spec", errs);
    if let Some(sel) = get(&job_spec, "selector") {
        errs.push(FieldError::invalid(
            "spec.jobTemplate.spec.selector",
            sel.clone(),
            "`selector` will be auto-generated",
        ));
    }
    if boolean(&job_spec, "manualSelector") == Some(true) {
        errs.push(FieldError::not_supported(
            "spec.jobTemplate.spec.manualSelector",
            true,
            &["nil", "false"],
        ));
    }
    nonnegative_member(&spec, "successfulJobsHistoryLimit", "spec", errs);
    nonnegative_member(&spec, "failedJobsHistoryLimit", "spec", errs);
    let name = obj
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    if old.is_none() && name.len() > 52 {
        errs.push(FieldError::invalid(
            "metadata.name",
            name,
            "must be no more than 52 characters",
        ));
    }
}

fn validate_time_zone(tz: Option<&str>, errs: &mut Errors) {
    let Some(tz) = tz else { return };
    let path = "spec.timeZone";
    if tz.is_empty() {
        errs.push(FieldError::invalid(
            path,
            tz,
            "timeZone must be nil or non-empty string",
        ));
        return;
    }
    let part_ok = |p: &str| {
        p != "."
            && p != ".."
            && !p.starts_with('-')
            && !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_+".contains(&b))
    };
    if !tz.split('/').all(part_ok) {
        errs.push(FieldError::invalid(
            path,
            tz,
            format!("unknown time zone {tz}"),
        ));
        return;
    }
    if tz.eq_ignore_ascii_case("Local") {
        errs.push(FieldError::invalid(
            path,
            tz,
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
        ));
    }
    if !super::cron::known_time_zone(tz) {
        errs.push(FieldError::invalid(
            path,
            tz,
            format!("unknown time zone {tz}"),
        ));
    }
}

/// `ValidateJobSpecUpdate`: selector, completions, completion mode and (unless the job is
/// suspended and never started) the pod template are fixed.
pub fn validate_job_update(old: &Value, new: &Value, errs: &mut Errors) {
    let (o, n) = (
        old.get("spec").unwrap_or(&Value::Null),
        new.get("spec").unwrap_or(&Value::Null),
    );
    immutable(
        n.get("completions"),
        o.get("completions"),
        "spec.completions",
        errs,
    );
    immutable(n.get("selector"), o.get("selector"), "spec.selector", errs);
    let mut old_template = o.get("template").cloned().unwrap_or(Value::Null);
    let new_template = n.get("template").cloned().unwrap_or(Value::Null);
    let suspended_unstarted = boolean(o, "suspend") == Some(true)
        && boolean(n, "suspend") == Some(true)
        && old.pointer("/status/startTime").is_none_or(Value::is_null);
    if suspended_unstarted {
        // Scheduling directives of a job that has not started may change.
        for (pointer, key) in [
            ("/spec", "nodeSelector"),
            ("/spec", "tolerations"),
            ("/spec", "schedulingGates"),
            ("/spec", "affinity"),
            ("/metadata", "annotations"),
            ("/metadata", "labels"),
        ] {
            let value = new_template.pointer(&format!("{pointer}/{key}")).cloned();
            if let Some(parent) = old_template
                .pointer_mut(pointer)
                .and_then(Value::as_object_mut)
            {
                match value {
                    Some(v) => parent.insert(key.to_string(), v),
                    None => parent.remove(key),
                };
            }
        }
    }
    if old_template != new_template {
        errs.push(FieldError::invalid(
            "spec.template",
            new_template.clone(),
            IMMUTABLE,
        ));
    }
    for field in [
        "completionMode",
        "podFailurePolicy",
        "backoffLimitPerIndex",
        "managedBy",
        "successPolicy",
    ] {
        immutable(n.get(field), o.get(field), &format!("spec.{field}"), errs);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#[path = "batch_tests.rs"]
mod tests;
