//! Workloads: pod templates, replication controllers, the apps group (replica sets, deployments,
//! stateful sets, daemon sets, controller revisions) and the batch group (jobs, cron jobs).
//!
//! Counts absent from an object are upstream's defaults after decoding: `spec.replicas` is 1,
//! a job without `completions` or `parallelism` is a one-pod job, a cron job is not suspended.

use serde_json::Value;

use super::duration::{self, Timestamp};
use super::format::{
    age, count, field, format_label_selector, format_labels, int, list, name, opt_bool, opt_int,
    opt_text, print_bool, selector_string, since, template_cells, text,
};
use super::{AGE, CONTAINERS, Column, IMAGES, NAME, docs};

const TEMPLATE_SPEC: &[&str] = &["spec", "template", "spec"];

/// `spec.replicas`, defaulted to 1 as the API does.
fn desired_replicas(obj: &Value) -> i64 {
    opt_int(obj, &["spec", "replicas"]).unwrap_or(1)
}

pub(super) const POD_TEMPLATE_COLUMNS: &[Column] = &[
    NAME,
    Column::new(
        "Containers",
        "string",
        "Names of each container in the template.",
    ),
    Column::new(
        "Images",
        "string",
        "Images referenced by each container in the template.",
    ),
    Column::new("Pod Labels", "string", "The labels for the pod template."),
];

pub(super) fn pod_template_cells(obj: &Value, _now: i64) -> Vec<Value> {
    let [containers, images] = template_cells(obj, &["template", "spec"]);
    let labels = format_labels(field(obj, &["template", "metadata", "labels"]));
    vec![name(obj).into(), containers, images, labels.into()]
}

pub(super) const RC_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Desired", "integer", docs::RC_SPEC_REPLICAS),
    Column::new("Current", "integer", docs::RC_STATUS_REPLICAS),
    Column::new("Ready", "integer", docs::RC_STATUS_READY),
    AGE,
    CONTAINERS,
    IMAGES,
    Column::wide("Selector", "string", docs::RC_SPEC_SELECTOR),
];

pub(super) fn rc_cells(obj: &Value, now: i64) -> Vec<Value> {
    let [containers, images] = template_cells(obj, TEMPLATE_SPEC);
    vec![
        name(obj).into(),
        desired_replicas(obj).into(),
        int(obj, &["status", "replicas"]).into(),
        int(obj, &["status", "readyReplicas"]).into(),
        age(obj, now),
        containers,
        images,
        format_labels(field(obj, &["spec", "selector"])).into(),
    ]
}

pub(super) const RS_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Desired", "integer", docs::RS_SPEC_REPLICAS),
    Column::new("Current", "integer", docs::RS_STATUS_REPLICAS),
    Column::new("Ready", "integer", docs::RS_STATUS_READY),
    AGE,
    CONTAINERS,
    IMAGES,
    Column::wide("Selector", "string", docs::RS_SPEC_SELECTOR),
];

pub(super) fn rs_cells(obj: &Value, now: i64) -> Vec<Value> {
    let [containers, images] = template_cells(obj, TEMPLATE_SPEC);
    vec![
        name(obj).into(),
        desired_replicas(obj).into(),
        int(obj, &["status", "replicas"]).into(),
        int(obj, &["status", "readyReplicas"]).into(),
        age(obj, now),
        containers,
        images,
        format_label_selector(field(obj, &["spec", "selector"])).into(),
    ]
}

pub(super) const DEPLOYMENT_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Ready", "string", "Number of the pod with ready state"),
    Column::new("Up-to-date", "string", docs::DEPLOY_UPDATED),
    Column::new("Available", "string", docs::DEPLOY_AVAILABLE),
    AGE,
    CONTAINERS,
    IMAGES,
    Column::wide("Selector", "string", docs::DEPLOY_SELECTOR),
];

pub(super) fn deployment_cells(obj: &Value, now: i64) -> Vec<Value> {
    let [containers, images] = template_cells(obj, TEMPLATE_SPEC);
    vec![
        name(obj).into(),
        format!(
            "{}/{}",
            int(obj, &["status", "readyReplicas"]),
            desired_replicas(obj)
        )
        .into(),
        int(obj, &["status", "updatedReplicas"]).into(),
        int(obj, &["status", "availableReplicas"]).into(),
        age(obj, now),
        containers,
        images,
        // Unlike the other workloads, upstream prints the bare selector string here.
        selector_string(field(obj, &["spec", "selector"])).into(),
    ]
}

pub(super) const STATEFULSET_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Ready", "string", "Number of the pod with ready state"),
    AGE,
    CONTAINERS,
    IMAGES,
];

pub(super) fn statefulset_cells(obj: &Value, now: i64) -> Vec<Value> {
    let [containers, images] = template_cells(obj, TEMPLATE_SPEC);
    vec![
        name(obj).into(),
        format!(
            "{}/{}",
            int(obj, &["status", "readyReplicas"]),
            desired_replicas(obj)
        )
        .into(),
        age(obj, now),
        containers,
        images,
    ]
}

pub(super) const DAEMONSET_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Desired", "integer", docs::DS_DESIRED),
    Column::new("Current", "integer", docs::DS_CURRENT),
    Column::new("Ready", "integer", docs::DS_READY),
    Column::new("Up-to-date", "integer", docs::DS_UPDATED),
    Column::new("Available", "integer", docs::DS_AVAILABLE),
    Column::new("Node Selector", "string", docs::POD_NODE_SELECTOR),
    AGE,
    CONTAINERS,
    IMAGES,
    Column::wide("Selector", "string", docs::DS_SELECTOR),
];

pub(super) fn daemonset_cells(obj: &Value, now: i64) -> Vec<Value> {
    let [containers, images] = template_cells(obj, TEMPLATE_SPEC);
    vec![
        name(obj).into(),
        int(obj, &["status", "desiredNumberScheduled"]).into(),
        int(obj, &["status", "currentNumberScheduled"]).into(),
        int(obj, &["status", "numberReady"]).into(),
        int(obj, &["status", "updatedNumberScheduled"]).into(),
        int(obj, &["status", "numberAvailable"]).into(),
        format_labels(field(obj, &["spec", "template", "spec", "nodeSelector"])).into(),
        age(obj, now),
        containers,
        images,
        format_label_selector(field(obj, &["spec", "selector"])).into(),
    ]
}

pub(super) const CR_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Controller", "string", "Controller of the object"),
    Column::new("Revision", "string", docs::CR_REVISION),
    AGE,
];

pub(super) fn controller_revision_cells(obj: &Value, now: i64) -> Vec<Value> {
    vec![
        name(obj).into(),
        controller(obj).into(),
        int(obj, &["revision"]).into(),
        age(obj, now),
    ]
}

/// The controlling owner as `kind.group/name` in lower case (`statefulset.apps/web`), or
/// `<none>`.
fn controller(obj: &Value) -> String {
    let Some(owner) = list(obj, &["metadata", "ownerReferences"])
        .iter()
        .find(|o| opt_bool(o, &["controller"]) == Some(true))
    else {
        return "<none>".to_string();
    };
    let api_version = text(owner, &["apiVersion"]);
    // "v1" is the core group; "apps/v1" is group "apps".
    let group = api_version.rsplit_once('/').map_or("", |(group, _)| group);
    let kind = text(owner, &["kind"]);
    let owner_name = text(owner, &["name"]);
    let group_kind = match (kind, group) {
        ("", "") => return owner_name.to_string(),
        (kind, "") => kind.to_string(),
        (kind, group) => format!("{kind}.{group}"),
    };
    format!("{}/{owner_name}", group_kind.to_lowercase())
}

pub(super) const JOB_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Status", "string", "Status of the job."),
    Column::new("Completions", "string", docs::JOB_SUCCEEDED),
    Column::new("Duration", "string", "Time required to complete the job."),
    AGE,
    CONTAINERS,
    IMAGES,
    Column::wide("Selector", "string", docs::JOB_SELECTOR),
];

pub(super) fn job_cells(obj: &Value, now: i64) -> Vec<Value> {
    let [containers, images] = template_cells(obj, TEMPLATE_SPEC);
    vec![
        name(obj).into(),
        job_status(obj).into(),
        completions(obj).into(),
        job_duration(obj, now).into(),
        age(obj, now),
        containers,
        images,
        format_label_selector(field(obj, &["spec", "selector"])).into(),
    ]
}

/// `succeeded/completions`; work-queue jobs (no completions) print `n/1`, or `n/1 of p` when
/// they run several pods in parallel.
fn completions(obj: &Value) -> String {
    let succeeded = int(obj, &["status", "succeeded"]);
    let parallelism = opt_int(obj, &["spec", "parallelism"]);
    // The API defaults both to 1 when neither is set.
    let completions = opt_int(obj, &["spec", "completions"]).or(parallelism.is_none().then_some(1));
    match completions {
        Some(completions) => format!("{succeeded}/{completions}"),
        None => match parallelism.unwrap_or(1) {
            p if p > 1 => format!("{succeeded}/1 of {p}"),
            _ => format!("{succeeded}/1"),
        },
    }
}

/// How long the job ran (or has been running); empty before it started.
fn job_duration(obj: &Value, now: i64) -> String {
    let parse = |path: &[&str]| opt_text(obj, path).and_then(duration::parse_time);
    match (
        parse(&["status", "startTime"]),
        parse(&["status", "completionTime"]),
    ) {
        (None, _) => String::new(),
        (Some(start), None) => duration::between(
            start,
            Timestamp {
                secs: now,
                nanos: 0,
            },
        ),
        (Some(start), Some(end)) => duration::between(start, end),
    }
}

/// Complete, Failed, Terminating, Suspended, FailureTarget or Running, in that precedence.
fn job_status(obj: &Value) -> &'static str {
    let condition = |kind: &str| {
        list(obj, &["status", "conditions"])
            .iter()
            .find(|c| text(c, &["type"]) == kind)
            .is_some_and(|c| text(c, &["status"]) == "True")
    };
    if condition("Complete") {
        "Complete"
    } else if condition("Failed") {
        "Failed"
    } else if super::format::deleting(obj) {
        "Terminating"
    } else if condition("Suspended") {
        "Suspended"
    } else if condition("FailureTarget") {
        "FailureTarget"
    } else {
        "Running"
    }
}

pub(super) const CRONJOB_COLUMNS: &[Column] = &[
    NAME,
    Column::new("Schedule", "string", docs::CRONJOB_SCHEDULE),
    Column::new("Timezone", "string", docs::CRONJOB_TIME_ZONE),
    Column::new("Suspend", "boolean", docs::CRONJOB_SUSPEND),
    Column::new("Active", "integer", docs::CRONJOB_ACTIVE),
    Column::new("Last Schedule", "string", docs::CRONJOB_LAST_SCHEDULE),
    AGE,
    CONTAINERS,
    IMAGES,
    Column::wide("Selector", "string", docs::JOB_SELECTOR),
];

pub(super) fn cronjob_cells(obj: &Value, now: i64) -> Vec<Value> {
    let job_spec = field(obj, &["spec", "jobTemplate", "spec"]);
    let [containers, images] =
        template_cells(obj, &["spec", "jobTemplate", "spec", "template", "spec"]);
    let last_schedule = match field(obj, &["status", "lastScheduleTime"]) {
        Some(Value::Null) | None => "<none>".to_string(),
        Some(_) => since(obj, &["status", "lastScheduleTime"], now),
    };
    vec![
        name(obj).into(),
        text(obj, &["spec", "schedule"]).into(),
        opt_text(obj, &["spec", "timeZone"])
            .unwrap_or("<none>")
            .into(),
        // A string cell in a boolean column, as upstream's printBoolPtr; unset means false.
        print_bool(opt_bool(obj, &["spec", "suspend"]).unwrap_or(false)).into(),
        count(obj, &["status", "active"]).into(),
        last_schedule.into(),
        age(obj, now),
        containers,
        images,
        format_label_selector(job_spec.and_then(|spec| field(spec, &["selector"]))).into(),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use serde_json::{Value, json};

    use super::super::duration::format_rfc3339_utc;
    use super::*;

    /// 2024-05-01T12:00:00Z.
    const NOW: i64 = 1_714_564_800;

    fn ago(secs: i64) -> String {
        format_rfc3339_utc(NOW - secs)
    }

    fn meta(name: &str, age: i64) -> Value {
        json!({"name": name, "namespace": "shop", "creationTimestamp": ago(age), "uid": "6f1c", "resourceVersion": "812"})
    }

    fn template() -> Value {
        json!({
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [
                {"name": "web", "image": "nginx:1.27"},
                {"name": "metrics", "image": "prom/exporter:0.15"}
            ]}
        })
    }

    #[test]
    fn a_deployment_mid_rollout_shows_ready_of_desired_and_the_new_replicas() {
        let deployment = json!({
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta("web", 86_400 * 3),
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}, "template": template(),
                     "strategy": {"type": "RollingUpdate"}},
            "status": {"observedGeneration": 4, "replicas": 4, "updatedReplicas": 1, "readyReplicas": 2,
                       "availableReplicas": 2, "unavailableReplicas": 2}
        });
        assert_eq!(
            deployment_cells(&deployment, NOW),
            [
                json!("web"),
                json!("2/3"),
                json!(1),
                json!(2),
                json!("3d"),
                json!("web,metrics"),
                json!("nginx:1.27,prom/exporter:0.15"),
                json!("app=web")
            ]
        );
    }

    #[test]
    fn a_new_deployment_defaults_to_one_replica_and_prints_a_bare_selector() {
        let deployment =
            json!({"metadata": meta("api", 30), "spec": {"template": template(), "selector": {}}});
        let cells = deployment_cells(&deployment, NOW);
        assert_eq!(
            cells[1..5],
            [json!("0/1"), json!(0), json!(0), json!("30s")]
        );
        assert_eq!(cells[7], "");
    }

    #[test]
    fn replica_sets_and_controllers_count_desired_current_ready() {
        let rs = json!({"metadata": meta("web-7d4b9c", 600), "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "7d4b9c"}}, "template": template()},
                        "status": {"replicas": 3, "readyReplicas": 2}});
        assert_eq!(
            rs_cells(&rs, NOW),
            [
                json!("web-7d4b9c"),
                json!(3),
                json!(3),
                json!(2),
                json!("10m"),
                json!("web,metrics"),
                json!("nginx:1.27,prom/exporter:0.15"),
                json!("app=web,pod-template-hash=7d4b9c")
            ]
        );
        let rc = json!({"metadata": meta("legacy", 600), "spec": {"replicas": 2, "selector": {"app": "legacy"}, "template": template()},
                        "status": {"replicas": 2}});
        assert_eq!(rc_cells(&rc, NOW)[1..4], [json!(2), json!(2), json!(0)]);
        assert_eq!(rc_cells(&rc, NOW)[7], "app=legacy");
    }

    #[test]
    fn stateful_and_daemon_sets_print_their_counts() {
        let sts = json!({"metadata": meta("db", 7200), "spec": {"replicas": 3, "template": template()}, "status": {"readyReplicas": 3}});
        assert_eq!(
            statefulset_cells(&sts, NOW)[..3],
            [json!("db"), json!("3/3"), json!("120m")]
        );
        let ds = json!({
            "metadata": meta("node-exporter", 86_400 * 40),
            "spec": {"selector": {"matchLabels": {"app": "node-exporter"}},
                     "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"}, "containers": [{"name": "exporter", "image": "prom/node-exporter:1.8"}]}}},
            "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2, "updatedNumberScheduled": 3, "numberAvailable": 2}
        });
        assert_eq!(
            daemonset_cells(&ds, NOW),
            [
                json!("node-exporter"),
                json!(3),
                json!(3),
                json!(2),
                json!(3),
                json!(2),
                json!("kubernetes.io/os=linux"),
                json!("40d"),
                json!("exporter"),
                json!("prom/node-exporter:1.8"),
                json!("app=node-exporter")
            ]
        );
    }

    #[test]
    fn a_finished_job_is_complete_and_says_how_long_it_ran() {
        let job = json!({
            "metadata": meta("backup-28599360", 900),
            "spec": {"completions": 1, "parallelism": 1, "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "6f1c"}}, "template": template()},
            "status": {"startTime": ago(900), "completionTime": ago(858), "succeeded": 1,
                       "conditions": [{"type": "SuccessCriteriaMet", "status": "True"}, {"type": "Complete", "status": "True"}]}
        });
        assert_eq!(
            job_cells(&job, NOW)[..5],
            [
                json!("backup-28599360"),
                json!("Complete"),
                json!("1/1"),
                json!("42s"),
                json!("15m")
            ]
        );
        assert_eq!(
            job_cells(&job, NOW)[7],
            "batch.kubernetes.io/controller-uid=6f1c"
        );
    }

    #[test]
    fn a_running_job_counts_from_its_start_and_work_queues_show_parallelism() {
        let job = json!({"metadata": meta("queue", 200), "spec": {"parallelism": 4, "template": template()},
                         "status": {"startTime": ago(200), "succeeded": 2, "active": 2}});
        assert_eq!(
            job_cells(&job, NOW)[1..4],
            [json!("Running"), json!("2/1 of 4"), json!("3m20s")]
        );
        let unstarted = json!({"metadata": meta("new", 1), "spec": {"template": template()}});
        assert_eq!(
            job_cells(&unstarted, NOW)[1..4],
            [json!("Running"), json!("0/1"), json!("")]
        );
        let mut failed = job.clone();
        failed["status"]["conditions"] = json!([{"type": "FailureTarget", "status": "True"}]);
        assert_eq!(job_cells(&failed, NOW)[1], "FailureTarget");
        failed["metadata"]["deletionTimestamp"] = json!(ago(1));
        assert_eq!(job_cells(&failed, NOW)[1], "Terminating");
    }

    #[test]
    fn a_cron_job_shows_schedule_time_zone_suspension_and_last_run() {
        let cronjob = json!({
            "metadata": meta("backup", 86_400 * 10),
            "spec": {"schedule": "0 * * * *", "timeZone": "Europe/Paris", "suspend": false,
                     "jobTemplate": {"spec": {"template": template()}}},
            "status": {"active": [{"kind": "Job", "name": "backup-28599360"}], "lastScheduleTime": ago(900)}
        });
        assert_eq!(
            cronjob_cells(&cronjob, NOW),
            [
                json!("backup"),
                json!("0 * * * *"),
                json!("Europe/Paris"),
                json!("False"),
                json!(1),
                json!("15m"),
                json!("10d"),
                json!("web,metrics"),
                json!("nginx:1.27,prom/exporter:0.15"),
                json!("<none>")
            ]
        );
        let idle =
            json!({"metadata": meta("idle", 60), "spec": {"schedule": "@daily", "suspend": true}});
        assert_eq!(
            cronjob_cells(&idle, NOW)[2..6],
            [json!("<none>"), json!("True"), json!(0), json!("<none>")]
        );
    }

    #[test]
    fn a_controller_revision_names_its_owner_by_kind_and_group() {
        let mut revision = json!({
            "metadata": {"name": "web-6c9f8d", "creationTimestamp": ago(60),
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "web", "uid": "1", "controller": true}]},
            "revision": 2
        });
        assert_eq!(
            controller_revision_cells(&revision, NOW),
            [
                json!("web-6c9f8d"),
                json!("statefulset.apps/web"),
                json!(2),
                json!("60s")
            ]
        );
        revision["metadata"]["ownerReferences"] =
            json!([{"apiVersion": "v1", "kind": "Pod", "name": "p", "controller": true}]);
        assert_eq!(controller_revision_cells(&revision, NOW)[1], "pod/p");
        revision["metadata"]["ownerReferences"] = json!([]);
        assert_eq!(controller_revision_cells(&revision, NOW)[1], "<none>");
    }

    #[test]
    fn a_pod_template_lists_containers_images_and_labels() {
        let pt = json!({"metadata": meta("tpl", 5), "template": template()});
        assert_eq!(
            pod_template_cells(&pt, NOW),
            [
                json!("tpl"),
                json!("web,metrics"),
                json!("nginx:1.27,prom/exporter:0.15"),
                json!("app=web")
            ]
        );
    }
}
