//! Workloads — Deployments, ReplicaSets, StatefulSets, DaemonSets (apps/v1),
//! ReplicationControllers (v1), Jobs and CronJobs (batch/v1): Kubernetes 1.33's defaults
//! (`pkg/apis/{apps,batch,core}/v1/defaults.go`), validation (`pkg/apis/{apps,batch}/validation`)
//! and the update rules of their registry strategies (immutable selectors, job templates).

use rk_api::status::FieldError;
use serde_json::{Map, Value, json};

use super::fields::*;
use super::pod;

pub fn spec_mut(obj: &mut Value) -> Option<&mut Value> {
    member_mut(obj, "spec")
}

pub fn set_if_absent(v: &mut Value, k: &str, value: Value) {
    if let Some(m) = v.as_object_mut()
        && m.get(k).is_none_or(Value::is_null)
    {
        m.insert(k.to_string(), value);
    }
}

pub fn default_template_of(spec: &mut Value) {
    if let Some(t) = member_mut(spec, "template") {
        pod::default_template(t);
    }
}

// ---- defaults ------------------------------------------------------------------------------

pub fn default_deployment(obj: &mut Value) {
    let Some(spec) = spec_mut(obj) else { return };
    set_if_absent(spec, "replicas", json!(1));
    if let Some(strategy) = object_mut(spec, "strategy") {
        if strategy
            .get("type")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            strategy.insert("type".into(), json!("RollingUpdate"));
        }
        if strategy.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
            let ru = strategy.entry("rollingUpdate").or_insert_with(|| json!({}));
            if ru.is_null() {
                *ru = json!({});
            }
            set_if_absent(ru, "maxUnavailable", json!("25%"));
            set_if_absent(ru, "maxSurge", json!("25%"));
        }
    }
    set_if_absent(spec, "revisionHistoryLimit", json!(10));
    set_if_absent(spec, "progressDeadlineSeconds", json!(600));
    default_template_of(spec);
}

pub fn default_replica_set(obj: &mut Value) {
    let Some(spec) = spec_mut(obj) else { return };
    set_if_absent(spec, "replicas", json!(1));
    default_template_of(spec);
}

pub fn default_stateful_set(obj: &mut Value) {
    let Some(spec) = spec_mut(obj) else { return };
    default_to(spec, "podManagementPolicy", json!("OrderedReady"));
    if let Some(strategy) = object_mut(spec, "updateStrategy") {
        if strategy
            .get("type")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            strategy.insert("type".into(), json!("RollingUpdate"));
            strategy.entry("rollingUpdate").or_insert_with(|| json!({}));
        }
        if strategy.get("type").and_then(Value::as_str) == Some("RollingUpdate")
            && let Some(ru) = strategy.get_mut("rollingUpdate").filter(|r| r.is_object())
        {
            set_if_absent(ru, "partition", json!(0));
            // MaxUnavailableStatefulSet is alpha (off) in 1.33: the field is dropped.
            if let Some(m) = ru.as_object_mut() {
                m.remove("maxUnavailable");
            }
        }
    }
    if let Some(policy) = object_mut(spec, "persistentVolumeClaimRetentionPolicy") {
        for k in ["whenDeleted", "whenScaled"] {
            if policy
                .get(k)
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                policy.insert(k.into(), json!("Retain"));
            }
        }
    }
    set_if_absent(spec, "replicas", json!(1));
    set_if_absent(spec, "revisionHistoryLimit", json!(10));
    for claim in each_mut(spec, "volumeClaimTemplates") {
        // The v1 conversion types each claim, and the PVC defaults apply to it.
        if let Some(m) = claim.as_object_mut() {
            m.insert("apiVersion".into(), json!("v1"));
            m.insert("kind".into(), json!("PersistentVolumeClaim"));
        }
        if let Some(meta) = object_mut(claim, "metadata") {
            meta.entry("creationTimestamp").or_insert(Value::Null);
        }
        super::core::default_pvc(claim);
    }
    default_template_of(spec);
}

pub fn default_daemon_set(obj: &mut Value) {
    let Some(spec) = spec_mut(obj) else { return };
    if let Some(strategy) = object_mut(spec, "updateStrategy") {
        if strategy
            .get("type")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            strategy.insert("type".into(), json!("RollingUpdate"));
        }
        if strategy.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
            let ru = strategy.entry("rollingUpdate").or_insert_with(|| json!({}));
            if ru.is_null() {
                *ru = json!({});
            }
            set_if_absent(ru, "maxUnavailable", json!(1));
            set_if_absent(ru, "maxSurge", json!(0));
        }
    }
    set_if_absent(spec, "revisionHistoryLimit", json!(10));
    default_template_of(spec);
}

/// `SetDefaults_ReplicationController`: selector and labels from the template's labels.
pub fn default_replication_controller(obj: &mut Value) {
    let template_labels = obj
        .pointer("/spec/template/metadata/labels")
        .filter(|l| l.is_object())
        .cloned();
    if let Some(labels) = template_labels {
        if let Some(spec) = spec_mut(obj)
            && spec
                .get("selector")
                .and_then(Value::as_object)
                .is_none_or(Map::is_empty)
        {
            spec["selector"] = labels.clone();
        }
        if let Some(meta) = object_mut(obj, "metadata")
            && meta
                .get("labels")
                .and_then(Value::as_object)
                .is_none_or(Map::is_empty)
        {
            meta.insert("labels".into(), labels);
        }
    }
    let Some(spec) = spec_mut(obj) else { return };
    set_if_absent(spec, "replicas", json!(1));
    if spec.get("template").is_some_and(Value::is_object) {
        default_template_of(spec);
    }
}

// ---- validation: apps ---------------------------------------------------------------------------

pub fn labels_value(template: &Value) -> Value {
    map_value(template.pointer("/metadata/labels"))
}

/// `spec.selector` is required, a valid and non-empty selector (`empty_detail`), and selects the
/// template's labels. Returns the template, and whether the selector parsed (`unparsable_detail`
/// otherwise) so the caller goes on with its own template checks.
fn validate_selector_selects_template(
    spec: &Value,
    empty_detail: &str,
    unparsable_detail: &str,
    errs: &mut Errors,
) -> (Value, bool) {
    let sel = get(spec, "selector");
    match sel {
        None => errs.push(FieldError::required("spec.selector", "")),
        Some(s) => {
            validate_label_selector(Some(s), "spec.selector", errs);
            if selector_is_empty(s) {
                errs.push(invalid_label_selector("spec.selector", s, empty_detail));
            }
        }
    }
    let template = spec.get("template").cloned().unwrap_or_else(|| json!({}));
    match selector_of(sel) {
        None => {
            errs.push(match sel {
                Some(s) => invalid_label_selector("spec.selector", s, unparsable_detail),
                None => FieldError::invalid("spec.selector", Value::Null, unparsable_detail),
            });
            (template, false)
        }
        Some(selector) => {
            if !selector.is_empty() && !selector.matches_object(&template) {
                errs.push(FieldError::invalid(
                    "spec.template.metadata.labels",
                    labels_value(&template),
                    "`selector` does not match template `labels`",
                ));
            }
            (template, true)
        }
    }
}

/// The selector checks Deployments and ReplicaSets share, then `ValidatePodTemplateSpecForReplicaSet`.
fn validate_replica_set_like(kind: &str, spec: &Value, errs: &mut Errors) {
    let (template, selector_ok) = validate_selector_selects_template(
        spec,
        &format!("empty selector is invalid for {kind}"),
        "invalid label selector",
        errs,
    );
    if selector_ok {
        pod::validate_template(&template, "spec.template", errs);
        validate_restart_always(&template, errs);
        if get(&template, "spec")
            .and_then(|s| get(s, "activeDeadlineSeconds"))
            .is_some()
        {
            errs.push(FieldError::forbidden(
                "spec.template.spec.activeDeadlineSeconds",
                "activeDeadlineSeconds in ReplicaSet is not Supported",
            ));
        }
    }
}

fn validate_restart_always(template: &Value, errs: &mut Errors) {
    let policy = template
        .pointer("/spec/restartPolicy")
        .and_then(Value::as_str)
        .unwrap_or("");
    if policy != "Always" {
        errs.push(FieldError::not_supported(
            "spec.template.spec.restartPolicy",
            policy,
            &["Always"],
        ));
    }
}

pub fn validate_deployment(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    validate_nonnegative(int(&spec, "replicas").unwrap_or(0), "spec.replicas", errs);
    validate_replica_set_like("deployment", &spec, errs);
    let strategy = spec.get("strategy").cloned().unwrap_or_else(|| json!({}));
    match text(&strategy, "type") {
        "Recreate" => {
            if get(&strategy, "rollingUpdate").is_some() {
                errs.push(FieldError::forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
            }
        }
        "RollingUpdate" => match get(&strategy, "rollingUpdate") {
            None => errs.push(FieldError::required(
                "spec.strategy.rollingUpdate",
                "this should be defaulted and never be nil",
            )),
            Some(ru) => {
                let path = "spec.strategy.rollingUpdate";
                let (unavailable, surge) = (ru.get("maxUnavailable"), ru.get("maxSurge"));
                validate_int_or_percent(unavailable, &child(path, "maxUnavailable"), errs);
                validate_int_or_percent(surge, &child(path, "maxSurge"), errs);
                if int_or_percent_value(unavailable) == 0 && int_or_percent_value(surge) == 0 {
                    errs.push(FieldError::invalid(
                        child(path, "maxUnavailable"),
                        unavailable.cloned().unwrap_or(json!(0)),
                        "may not be 0 when `maxSurge` is 0",
                    ));
                }
                not_more_than_100_percent(unavailable, &child(path, "maxUnavailable"), errs);
            }
        },
        _ => {
            let mut e = FieldError::not_supported(
                "spec.strategy",
                strategy.clone(),
                &["Recreate", "RollingUpdate"],
            );
            e.rendered = Some(go_strategy(
                "DeploymentStrategy",
                "RollingUpdateDeployment",
                &strategy,
            ));
            errs.push(e);
        }
    }
    let min_ready = int(&spec, "minReadySeconds").unwrap_or(0);
    validate_nonnegative(min_ready, "spec.minReadySeconds", errs);
    nonnegative_member(&spec, "revisionHistoryLimit", "spec", errs);
    if let Some(r) = get(&spec, "rollbackTo") {
        validate_nonnegative(
            int(r, "revision").unwrap_or(0),
            "spec.rollback.version",
            errs,
        );
    }
    if let Some(p) = int(&spec, "progressDeadlineSeconds") {
        validate_nonnegative(p, "spec.progressDeadlineSeconds", errs);
        if p <= min_ready {
            errs.push(FieldError::invalid(
                "spec.progressDeadlineSeconds",
                p,
                "must be greater than minReadySeconds",
            ));
        }
    }
}

pub fn validate_replica_set(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    validate_nonnegative(int(&spec, "replicas").unwrap_or(0), "spec.replicas", errs);
    validate_nonnegative(
        int(&spec, "minReadySeconds").unwrap_or(0),
        "spec.minReadySeconds",
        errs,
    );
    // Upstream's ReplicaSet validation borrows the Deployment's wording here.
    validate_replica_set_like("deployment", &spec, errs);
}

/// `ValidatePositiveIntOrPercent`.
pub fn validate_int_or_percent(v: Option<&Value>, path: &str, errs: &mut Errors) {
    match v {
        Some(Value::String(s)) => invalid_each(path, s, is_valid_percent(s), errs),
        Some(Value::Number(n)) => validate_nonnegative(n.as_i64().unwrap_or(-1), path, errs),
        Some(other) if !other.is_null() => errs.push(FieldError::invalid(
            path,
            other.clone(),
            "must be an integer or percentage (e.g '5%')",
        )),
        _ => {}
    }
}

fn percent_value(v: Option<&Value>) -> Option<i64> {
    let s = v?.as_str()?;
    if !is_valid_percent(s).is_empty() {
        return None;
    }
    s.trim_end_matches('%').parse().ok()
}

fn int_or_percent_value(v: Option<&Value>) -> i64 {
    percent_value(v)
        .or_else(|| v.and_then(Value::as_i64))
        .unwrap_or(0)
}

pub fn not_more_than_100_percent(v: Option<&Value>, path: &str, errs: &mut Errors) {
    if percent_value(v).is_some_and(|p| p > 100) {
        errs.push(FieldError::invalid(
            path,
            v.cloned().unwrap_or(Value::Null),
            "must not be greater than 100%",
        ));
    }
}

pub fn validate_stateful_set(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    match text(&spec, "podManagementPolicy") {
        "" => errs.push(FieldError::required("spec.podManagementPolicy", "")),
        "OrderedReady" | "Parallel" => {}
        other => errs.push(FieldError::invalid(
            "spec.podManagementPolicy",
            other,
            "must be 'OrderedReady' or 'Parallel'",
        )),
    }
    let strategy = spec
        .get("updateStrategy")
        .cloned()
        .unwrap_or_else(|| json!({}));
    match text(&strategy, "type") {
        "" => errs.push(FieldError::required("spec.updateStrategy", "")),
        "OnDelete" => {
            if let Some(ru) = get(&strategy, "rollingUpdate") {
                errs.push(FieldError::invalid(
                    "spec.updateStrategy.rollingUpdate",
                    ru.clone(),
                    "only allowed for updateStrategy 'RollingUpdate'",
                ));
            }
        }
        "RollingUpdate" => {
            if let Some(ru) = get(&strategy, "rollingUpdate") {
                validate_nonnegative(
                    int(ru, "partition").unwrap_or(0),
                    "spec.updateStrategy.rollingUpdate.partition",
                    errs,
                );
            }
        }
        _ => errs.push(FieldError::invalid_rendered(
            "spec.updateStrategy",
            strategy.clone(),
            go_strategy(
                "StatefulSetUpdateStrategy",
                "RollingUpdateStatefulSetStrategy",
                &strategy,
            ),
            "must be 'RollingUpdate' or 'OnDelete'",
        )),
    }
    if let Some(policy) = get(&spec, "persistentVolumeClaimRetentionPolicy") {
        for k in ["whenDeleted", "whenScaled"] {
            let v = text(policy, k);
            if !matches!(v, "Retain" | "Delete") {
                errs.push(FieldError::not_supported(
                    format!("spec.persistentVolumeClaimRetentionPolicy.{k}"),
                    v,
                    &["Retain", "Delete"],
                ));
            }
        }
    }
    validate_nonnegative(int(&spec, "replicas").unwrap_or(0), "spec.replicas", errs);
    validate_nonnegative(
        int(&spec, "minReadySeconds").unwrap_or(0),
        "spec.minReadySeconds",
        errs,
    );
    if let Some(o) = get(&spec, "ordinals") {
        validate_nonnegative(int(o, "start").unwrap_or(0), "spec.ordinals.start", errs);
    }
    let (template, selector_ok) = validate_selector_selects_template(
        &spec,
        "empty selector is invalid for statefulset",
        "",
        errs,
    );
    if selector_ok {
        // Upstream validates only the template's metadata here, not its pod spec
        // (kubernetes/kubernetes#137728): bad containers surface when pods are created.
        let meta = template.get("metadata").unwrap_or(&Value::Null);
        validate_labels(meta.get("labels"), "spec.template.labels", errs);
        validate_annotations(meta.get("annotations"), "spec.template.annotations", errs);
    }
    validate_restart_always(&template, errs);
    if template
        .pointer("/spec/activeDeadlineSeconds")
        .is_some_and(|v| !v.is_null())
    {
        errs.push(FieldError::forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in StatefulSet is not Supported",
        ));
    }
}

pub fn validate_daemon_set(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    let sel = get(&spec, "selector");
    validate_label_selector(sel, "spec.selector", errs);
    let template = spec.get("template").cloned().unwrap_or_else(|| json!({}));
    if let Some(selector) = selector_of(sel)
        && !selector.matches_object(&template)
    {
        errs.push(FieldError::invalid(
            "spec.template.metadata.labels",
            labels_value(&template),
            "`selector` does not match template `labels`",
        ));
    }
    if let Some(s) = sel.filter(|s| selector_is_empty(s)) {
        errs.push(invalid_label_selector(
            "spec.selector",
            s,
            "empty selector is invalid for daemonset",
        ));
    }
    pod::validate_template(&template, "spec.template", errs);
    validate_restart_always(&template, errs);
    if template
        .pointer("/spec/activeDeadlineSeconds")
        .is_some_and(|v| !v.is_null())
    {
        errs.push(FieldError::forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in DaemonSet is not Supported",
        ));
    }
    validate_nonnegative(
        int(&spec, "minReadySeconds").unwrap_or(0),
        "spec.minReadySeconds",
        errs,
    );
    validate_nonnegative(
        int(&spec, "templateGeneration").unwrap_or(0),
        "spec.templateGeneration",
        errs,
    );
    let strategy = spec
        .get("updateStrategy")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let path = "spec.updateStrategy";
    match text(&strategy, "type") {
        "OnDelete" => {}
        "RollingUpdate" => match get(&strategy, "rollingUpdate") {
            None => errs.push(FieldError::required(child(path, "rollingUpdate"), "")),
            Some(ru) => {
                let rp = child(path, "rollingUpdate");
                let (unavailable, surge) = (ru.get("maxUnavailable"), ru.get("maxSurge"));
                validate_int_or_percent(unavailable, &child(&rp, "maxUnavailable"), errs);
                validate_int_or_percent(surge, &child(&rp, "maxSurge"), errs);
                not_more_than_100_percent(unavailable, &child(&rp, "maxUnavailable"), errs);
                not_more_than_100_percent(surge, &child(&rp, "maxSurge"), errs);
                match (
                    int_or_percent_value(unavailable) != 0,
                    int_or_percent_value(surge) != 0,
                ) {
                    (true, true) => errs.push(FieldError::invalid(
                        child(&rp, "maxSurge"),
                        surge.cloned().unwrap_or(Value::Null),
                        "may not be set when maxUnavailable is non-zero",
                    )),
                    (false, false) => errs.push(FieldError::required(
                        child(&rp, "maxUnavailable"),
                        "cannot be 0 when maxSurge is 0",
                    )),
                    _ => {}
                }
            }
        },
        _ => errs.push(FieldError {
            rendered: Some(go_strategy(
                "DaemonSetUpdateStrategy",
                "RollingUpdateDaemonSet",
                &strategy,
            )),
            ..FieldError::not_supported(path, strategy.clone(), &["RollingUpdate", "OnDelete"])
        }),
    }
    nonnegative_member(&spec, "revisionHistoryLimit", "spec", errs);
}

pub fn validate_replication_controller(obj: &Value, errs: &mut Errors) {
    let spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    validate_nonnegative(
        int(&spec, "minReadySeconds").unwrap_or(0),
        "spec.minReadySeconds",
        errs,
    );
    let selector = spec
        .get("selector")
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty());
    if selector.is_none() {
        errs.push(FieldError::required("spec.selector", ""));
    }
    validate_nonnegative(int(&spec, "replicas").unwrap_or(0), "spec.replicas", errs);
    let Some(template) = get(&spec, "template") else {
        errs.push(FieldError::required("spec.template", ""));
        return;
    };
    if let Some(sel) = selector {
        let labels = template
            .pointer("/metadata/labels")
            .and_then(Value::as_object);
        let matches = sel
            .iter()
            .all(|(k, v)| labels.and_then(|l| l.get(k)) == Some(v));
        if !matches {
            errs.push(FieldError::invalid(
                "spec.template.metadata.labels",
                labels_value(template),
                "`selector` does not match template `labels`",
            ));
        }
    }
    pod::validate_template(template, "spec.template", errs);
    validate_restart_always(template, errs);
    if template
        .pointer("/spec/activeDeadlineSeconds")
        .is_some_and(|v| !v.is_null())
    {
        errs.push(FieldError::forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in ReplicationController is not Supported",
        ));
    }
}

// ---- updates ------------------------------------------------------------------------------------

/// The selector of Deployments, ReplicaSets and DaemonSets is fixed at creation.
pub fn validate_selector_update(old: &Value, new: &Value, errs: &mut Errors) {
    immutable(
        new.pointer("/spec/selector"),
        old.pointer("/spec/selector"),
        "spec.selector",
        errs,
    );
}

/// A StatefulSet may change only replicas, ordinals, template, update strategy, PVC retention
/// policy and minReadySeconds.
pub fn validate_stateful_set_update(old: &Value, new: &Value, errs: &mut Errors) {
    let strip = |v: &Value| {
        let mut spec = v.get("spec").cloned().unwrap_or_else(|| json!({}));
        if let Some(m) = spec.as_object_mut() {
            for k in [
                "replicas",
                "ordinals",
                "template",
                "updateStrategy",
                "persistentVolumeClaimRetentionPolicy",
                "minReadySeconds",
            ] {
                m.remove(k);
            }
        }
        spec
    };
    if strip(old) != strip(new) {
        errs.push(FieldError::forbidden(
            "spec",
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#[path = "workloads_tests.rs"]
mod tests;
