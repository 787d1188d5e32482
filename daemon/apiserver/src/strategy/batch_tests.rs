//! Jobs and CronJobs: defaults, the generated selector, at least ten invalid objects per kind
//! with upstream's messages, and the job's immutable fields.

use rk_api::resources::ResourceInfo;
use serde_json::{Value, json};

use crate::strategy::{apply_defaults, validate, validate_update};

fn jobs() -> &'static ResourceInfo {
    rk_api::resources::find("batch", "v1", "jobs").unwrap()
}

fn cron_jobs() -> &'static ResourceInfo {
    rk_api::resources::find("batch", "v1", "cronjobs").unwrap()
}

const UID: &str = "0b3f4c2e-7c55-4c3e-9a5e-2f1d1e1a9b00";

fn job() -> Value {
    json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi", "namespace": "default", "uid": UID},
           "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "pi", "image": "perl"}]}}}})
}

fn cron_job() -> Value {
    json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "hello", "namespace": "default"},
           "spec": {"schedule": "*/5 * * * *", "jobTemplate": {"spec": {"template": {"spec": {
               "restartPolicy": "OnFailure", "containers": [{"name": "hello", "image": "busybox"}]}}}}}})
}

fn defaulted(r: &ResourceInfo, base: Value, patch: &Value) -> Value {
    let mut obj = base;
    json_patch::merge(&mut obj, patch);
    apply_defaults(r, &mut obj);
    obj
}

fn errors(r: &ResourceInfo, base: Value, patch: &Value) -> Vec<String> {
    validate(r, &defaulted(r, base, patch))
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn template_spec(spec: Value) -> Value {
    json!({"spec": {"template": {"spec": spec}}})
}

fn job_template_spec(spec: Value) -> Value {
    json!({"spec": {"jobTemplate": {"spec": {"template": {"spec": spec}}}}})
}

#[test]
fn jobs_get_kubernetes_defaults_and_a_generated_selector() {
    let j = defaulted(jobs(), job(), &json!({}));
    let spec = &j["spec"];
    for (field, want) in [
        ("completions", json!(1)),
        ("parallelism", json!(1)),
        ("backoffLimit", json!(6)),
        ("completionMode", json!("NonIndexed")),
        ("suspend", json!(false)),
        ("podReplacementPolicy", json!("TerminatingOrFailed")),
        (
            "selector",
            json!({"matchLabels": {"batch.kubernetes.io/controller-uid": UID}}),
        ),
    ] {
        assert_eq!(spec[field], want, "{field}");
    }
    let labels = json!({"batch.kubernetes.io/controller-uid": UID, "batch.kubernetes.io/job-name": "pi", "controller-uid": UID, "job-name": "pi"});
    assert_eq!(
        spec["template"]["metadata"],
        json!({"creationTimestamp": null, "labels": labels})
    );
    assert_eq!(j["metadata"]["labels"], labels);
    assert!(
        validate(jobs(), &j).is_empty(),
        "{:?}",
        validate(jobs(), &j)
    );

    let parallel = defaulted(
        jobs(),
        job(),
        &json!({"spec": {"parallelism": 3, "podFailurePolicy": {"rules": []}}}),
    );
    assert!(
        parallel["spec"].get("completions").is_none(),
        "completions stay unset when parallelism is given"
    );
    assert_eq!(parallel["spec"]["podReplacementPolicy"], "Failed");
    let labelled = defaulted(
        jobs(),
        job(),
        &json!({"spec": {"template": {"metadata": {"labels": {"app": "pi"}}}}}),
    );
    assert_eq!(
        labelled["metadata"]["labels"],
        json!({"app": "pi"}),
        "the user's template labels, as upstream"
    );
}

#[test]
fn invalid_jobs_get_kubernetes_messages() {
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            template_spec(json!({"restartPolicy": null})),
            vec![
                "spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"",
            ],
        ),
        (
            json!({"spec": {"parallelism": -1}}),
            vec!["spec.parallelism: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"completions": -1}}),
            vec!["spec.completions: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"backoffLimit": -1}}),
            vec!["spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"activeDeadlineSeconds": -10}}),
            vec![
                "spec.activeDeadlineSeconds: Invalid value: -10: must be greater than or equal to 0",
            ],
        ),
        (
            json!({"spec": {"ttlSecondsAfterFinished": -1}}),
            vec![
                "spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0",
            ],
        ),
        (
            json!({"spec": {"completionMode": "Sometimes"}}),
            vec![
                "spec.completionMode: Unsupported value: \"Sometimes\": supported values: \"NonIndexed\", \"Indexed\"",
            ],
        ),
        (
            json!({"spec": {"completionMode": "Indexed", "parallelism": 2}}),
            vec!["spec.completions: Required value: when completion mode is Indexed"],
        ),
        (
            json!({"spec": {"podReplacementPolicy": "Never"}}),
            vec![
                "spec.podReplacementPolicy: Unsupported value: \"Never\": supported values: \"Failed\", \"TerminatingOrFailed\"",
            ],
        ),
        (
            json!({"spec": {"maxFailedIndexes": 1}}),
            vec!["spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified"],
        ),
        (
            template_spec(json!({"containers": []})),
            vec!["spec.template.spec.containers: Required value"],
        ),
        (
            template_spec(json!({"containers": [{"name": "pi"}]})),
            vec!["spec.template.spec.containers[0].image: Required value"],
        ),
        (
            json!({"spec": {"manualSelector": true}}),
            vec![
                "spec.selector: Required value",
                "spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`",
            ],
        ),
        (
            json!({"spec": {"manualSelector": true, "selector": {"matchLabels": {"app": "pi"}}}}),
            vec![
                "spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`",
            ],
        ),
        (
            json!({"spec": {"template": {"metadata": {"labels": {"job-name": "other"}}}}}),
            vec![
                "spec.template.metadata.labels[job-name]: Invalid value: map[string]string{\"batch.kubernetes.io/controller-uid\":\"0b3f4c2e-7c55-4c3e-9a5e-2f1d1e1a9b00\", \"batch.kubernetes.io/job-name\":\"pi\", \"controller-uid\":\"0b3f4c2e-7c55-4c3e-9a5e-2f1d1e1a9b00\", \"job-name\":\"other\"}: must be 'pi'",
            ],
        ),
    ];
    assert!(errors(jobs(), job(), &json!({})).is_empty());
    for (patch, want) in cases {
        assert_eq!(errors(jobs(), job(), &patch), want, "{patch}");
    }
}

#[test]
fn a_job_template_and_selector_are_fixed_once_created() {
    let old = defaulted(jobs(), job(), &json!({}));
    let update = |patch: Value| {
        let mut new = old.clone();
        json_patch::merge(&mut new, &patch);
        apply_defaults(jobs(), &mut new);
        validate_update(jobs(), &old, &new)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    let changed = update(
        json!({"spec": {"template": {"spec": {"containers": [{"name": "pi", "image": "perl:2"}]}}}}),
    );
    assert_eq!(changed.len(), 1);
    assert!(
        changed[0].starts_with("spec.template: Invalid value: {")
            && changed[0].ends_with("}: field is immutable"),
        "{changed:?}"
    );
    assert_eq!(
        update(json!({"spec": {"completions": 3}})),
        vec!["spec.completions: Invalid value: 3: field is immutable"]
    );
    assert_eq!(
        update(json!({"spec": {"selector": {"matchLabels": {"extra": "x"}}}})),
        vec![format!(
            "spec.selector: Invalid value: v1.LabelSelector{{MatchLabels:map[string]string{{\"batch.kubernetes.io/controller-uid\":\"{UID}\", \"extra\":\"x\"}}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}: field is immutable"
        )]
    );
    assert!(update(json!({"spec": {"suspend": true, "parallelism": 2}})).is_empty());
    // A suspended job that never started may change where its pods run.
    let suspended = defaulted(jobs(), job(), &json!({"spec": {"suspend": true}}));
    let mut moved = suspended.clone();
    moved["spec"]["template"]["spec"]["nodeSelector"] = json!({"disk": "ssd"});
    assert!(validate_update(jobs(), &suspended, &moved).is_empty());
}

#[test]
fn cron_jobs_get_kubernetes_defaults() {
    let c = defaulted(cron_jobs(), cron_job(), &json!({}));
    let spec = &c["spec"];
    assert_eq!(
        (
            spec["concurrencyPolicy"].clone(),
            spec["suspend"].clone(),
            spec["successfulJobsHistoryLimit"].clone(),
            spec["failedJobsHistoryLimit"].clone()
        ),
        (json!("Allow"), json!(false), json!(3), json!(1))
    );
    assert_eq!(
        spec["jobTemplate"]["metadata"],
        json!({"creationTimestamp": null})
    );
    assert_eq!(
        spec["jobTemplate"]["spec"]["template"]["spec"]["schedulerName"],
        "default-scheduler"
    );
    assert!(
        spec["jobTemplate"]["spec"].get("backoffLimit").is_none(),
        "job defaults are not applied to templates"
    );
}

#[test]
fn invalid_cron_jobs_get_kubernetes_messages() {
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({"spec": {"schedule": "bad"}}),
            vec![
                "spec.schedule: Invalid value: \"bad\": expected exactly 5 fields, found 1: [bad]",
            ],
        ),
        (
            json!({"spec": {"schedule": "61 * * * *"}}),
            vec![
                "spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61",
            ],
        ),
        (
            json!({"spec": {"schedule": ""}}),
            vec!["spec.schedule: Required value"],
        ),
        (
            json!({"spec": {"schedule": "TZ=UTC 0 * * * *"}}),
            vec![
                "spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            ],
        ),
        (
            json!({"spec": {"concurrencyPolicy": "Sometimes"}}),
            vec![
                "spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"",
            ],
        ),
        (
            json!({"spec": {"startingDeadlineSeconds": -1}}),
            vec![
                "spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0",
            ],
        ),
        (
            json!({"spec": {"successfulJobsHistoryLimit": -1}}),
            vec![
                "spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
            ],
        ),
        (
            json!({"spec": {"failedJobsHistoryLimit": -1}}),
            vec![
                "spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
            ],
        ),
        (
            json!({"spec": {"timeZone": "Mars/Olympus_Mons"}}),
            vec![
                "spec.timeZone: Invalid value: \"Mars/Olympus_Mons\": unknown time zone Mars/Olympus_Mons",
            ],
        ),
        (
            json!({"spec": {"jobTemplate": {"spec": {"selector": {"matchLabels": {"a": "b"}}}}}}),
            vec![
                "spec.jobTemplate.spec.selector: Invalid value: {\"matchLabels\":{\"a\":\"b\"}}: `selector` will be auto-generated",
            ],
        ),
        (
            json!({"spec": {"jobTemplate": {"spec": {"manualSelector": true}}}}),
            vec![
                "spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: \"nil\", \"false\"",
            ],
        ),
        (
            job_template_spec(json!({"restartPolicy": "Always"})),
            vec![
                "spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"",
            ],
        ),
        (
            job_template_spec(json!({"containers": []})),
            vec!["spec.jobTemplate.spec.template.spec.containers: Required value"],
        ),
        (
            json!({"metadata": {"name": "a-cron-job-name-that-is-much-too-long-for-its-job-names"}}),
            vec![
                "metadata.name: Invalid value: \"a-cron-job-name-that-is-much-too-long-for-its-job-names\": must be no more than 52 characters",
            ],
        ),
    ];
    assert!(errors(cron_jobs(), cron_job(), &json!({})).is_empty());
    for (patch, want) in cases {
        assert_eq!(errors(cron_jobs(), cron_job(), &patch), want, "{patch}");
    }
}
