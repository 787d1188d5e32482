//! Defaults and validation as the real kubectl sees them: objects created from minimal
//! manifests read back with Kubernetes 1.33's defaults (compared with `tests/golden/`), and
//! invalid objects of every workload kind refused with Kubernetes' exact messages.
//!
//! `RK_UPDATE_GOLDEN=1` rewrites the golden files from what rkd returns.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use rk_e2e::{Rkd, ok_stdout};
use serde_json::{Value, json};

const KUBECTL: u32 = 33;

/// `kubectl create --validate=false -f` of a JSON manifest.
fn create(rkd: &Rkd, obj: &Value) -> std::process::Output {
    let name = obj["metadata"]["name"].as_str().unwrap_or("object");
    let kind = obj["kind"].as_str().unwrap_or("object").to_lowercase();
    let path = rkd.dir.path().join(format!("{kind}-{name}.json"));
    std::fs::write(&path, serde_json::to_vec_pretty(obj).unwrap()).unwrap();
    rkd.kubectl(
        KUBECTL,
        &["create", "--validate=false", "-f", path.to_str().unwrap()],
    )
}

/// RFC 7386 merge patch: objects merge, `null` removes, anything else replaces.
fn merge(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = json!({});
    }
    let t = target.as_object_mut().unwrap();
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            merge(t.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

/// What kubectl prints for a 422 with these causes.
fn invalid_message(kind: &str, name: &str, causes: &[&str]) -> String {
    match causes {
        [one] => format!("The {kind} {name:?} is invalid: {one}"),
        many => {
            let lines: Vec<String> = many.iter().map(|c| format!("* {c}")).collect();
            format!("The {kind} {name:?} is invalid: \n{}", lines.join("\n"))
        }
    }
}

/// Creates `base` with each patch merged in (under a name of its own) and checks kubectl's
/// error output.
fn assert_refused(rkd: &Rkd, base: &Value, cases: &[(Value, Vec<&str>)]) {
    let kind = base["kind"].as_str().unwrap();
    assert!(cases.len() >= 10, "at least ten invalid {kind}s");
    for (i, (patch, causes)) in cases.iter().enumerate() {
        let mut obj = base.clone();
        merge(&mut obj, patch);
        let name = format!("{}-{i}", kind.to_lowercase());
        if obj["metadata"]["name"] == base["metadata"]["name"] {
            obj["metadata"]["name"] = json!(name);
        }
        let name = obj["metadata"]["name"].as_str().unwrap().to_string();
        let out = create(rkd, &obj);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{kind} case {i} ({patch}) was accepted: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).trim_end(),
            invalid_message(kind, &name, causes),
            "{kind} case {i}: {patch}"
        );
    }
}

// ---- defaults ------------------------------------------------------------------------------

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("golden")
        .join(name)
}

/// `kubectl get -o yaml` without what differs from run to run: the top-level uid,
/// creationTimestamp and resourceVersion, and managedFields.
fn normalize(yaml: &str) -> String {
    let mut out = Vec::new();
    let mut skipping = false;
    for line in yaml.lines() {
        if skipping {
            if line.starts_with("   ") || line.starts_with("  -") {
                continue;
            }
            skipping = false;
        }
        if line.starts_with("  managedFields:") {
            skipping = true;
            continue;
        }
        if ["  uid: ", "  creationTimestamp: ", "  resourceVersion: "]
            .iter()
            .any(|p| line.starts_with(p))
        {
            continue;
        }
        out.push(line);
    }
    out.join("\n") + "\n"
}

fn assert_golden(name: &str, got: &str) {
    let path = golden_path(name);
    if std::env::var_os("RK_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (RK_UPDATE_GOLDEN=1 writes it)", path.display()));
    assert_eq!(
        got,
        want,
        "kubectl get -o yaml differs from {}",
        path.display()
    );
}

#[test]
fn validation_minimal_pod_and_deployment_read_back_with_kubernetes_defaults() {
    let rkd = Rkd::start("apiserver", &[]);
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
                     "spec": {"containers": [{"name": "web", "image": "nginx"}]}});
    assert_eq!(ok_stdout(&create(&rkd, &pod)).trim(), "pod/web created");
    let deployment = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"app": "web"}},
                            "spec": {"selector": {"matchLabels": {"app": "web"}},
                                     "template": {"metadata": {"labels": {"app": "web"}},
                                                  "spec": {"containers": [{"name": "web", "image": "nginx:1.25",
                                                                           "ports": [{"containerPort": 80}],
                                                                           "resources": {"limits": {"cpu": "0.5", "memory": "1024Mi"}}}]}}}});
    assert_eq!(
        ok_stdout(&create(&rkd, &deployment)).trim(),
        "deployment.apps/web created"
    );
    assert_golden(
        "pod.yaml",
        &normalize(&ok_stdout(
            &rkd.kubectl(KUBECTL, &["get", "pod", "web", "-o", "yaml"]),
        )),
    );
    assert_golden(
        "deployment.yaml",
        &normalize(&ok_stdout(
            &rkd.kubectl(KUBECTL, &["get", "deployment", "web", "-o", "yaml"]),
        )),
    );
    // kubectl 1.27 reads the same object.
    let jp = ok_stdout(&rkd.kubectl(27, &["get", "deployment", "web", "-o", "jsonpath={.spec.strategy.rollingUpdate.maxSurge}/{.spec.template.spec.containers[0].imagePullPolicy}"]));
    assert_eq!(jp, "25%/IfNotPresent");
}

// ---- invalid objects ------------------------------------------------------------------------

/// Upstream prints the template's labels as a Go map, and so does rk.
const MISMATCH: &str = "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`";
const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

fn template(spec: Value) -> Value {
    json!({"spec": {"template": {"spec": spec}}})
}

/// The invalid pod templates every template-validating workload shares, at `prefix`.
fn template_cases(prefix: &str, wrap: fn(Value) -> Value) -> Vec<(Value, Vec<String>)> {
    vec![
        (
            wrap(json!({"containers": []})),
            vec![format!("{prefix}.containers: Required value")],
        ),
        (
            wrap(json!({"containers": [{"name": "web"}]})),
            vec![format!("{prefix}.containers[0].image: Required value")],
        ),
        (
            wrap(
                json!({"containers": [{"name": "web", "image": "a"}, {"name": "web", "image": "b"}]}),
            ),
            vec![format!(
                "{prefix}.containers[1].name: Duplicate value: \"web\""
            )],
        ),
        (
            wrap(json!({"containers": [{"name": "Web_1", "image": "a"}]})),
            vec![format!(
                "{prefix}.containers[0].name: Invalid value: \"Web_1\": {LABEL_MSG}"
            )],
        ),
        (
            wrap(
                json!({"containers": [{"name": "web", "image": "a", "ports": [{"containerPort": 70000}]}]}),
            ),
            vec![format!(
                "{prefix}.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"
            )],
        ),
        (
            wrap(
                json!({"containers": [{"name": "web", "image": "a", "resources": {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}}]}),
            ),
            vec![format!(
                "{prefix}.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"
            )],
        ),
        (
            wrap(
                json!({"containers": [{"name": "web", "image": "a", "env": [{"name": "A=B", "value": "1"}]}]}),
            ),
            vec![format!(
                "{prefix}.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"
            )],
        ),
        (
            wrap(
                json!({"containers": [{"name": "web", "image": "a"}], "volumes": [{"name": "data"}, {"name": "data"}]}),
            ),
            vec![format!(
                "{prefix}.volumes[1].name: Duplicate value: \"data\""
            )],
        ),
        (
            wrap(
                json!({"containers": [{"name": "web", "image": "a", "livenessProbe": {"exec": {"command": ["true"]}, "httpGet": {"port": 80}}}]}),
            ),
            vec![format!(
                "{prefix}.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type"
            )],
        ),
    ]
}

fn owned(cases: &[(Value, Vec<String>)]) -> Vec<(Value, Vec<&str>)> {
    cases
        .iter()
        .map(|(p, c)| (p.clone(), c.iter().map(String::as_str).collect()))
        .collect()
}

#[test]
fn validation_invalid_pods_get_kubernetes_messages() {
    let rkd = Rkd::start("apiserver", &[]);
    let base = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "pod"}, "spec": {"containers": [{"name": "web", "image": "nginx"}]}});
    let mut cases = template_cases("spec", |spec| json!({"spec": spec}));
    cases.extend([
        (
            json!({"spec": {"restartPolicy": "Sometimes"}}),
            vec!["spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"".to_string()],
        ),
        (
            json!({"spec": {"containers": [{"name": "web", "image": "a", "resources": {"requests": {"memory": "-1"}}}]}}),
            vec!["spec.containers[0].resources.requests[memory]: Invalid value: \"-1\": must be greater than or equal to 0".to_string()],
        ),
        (
            json!({"spec": {"volumes": [{"name": "data", "emptyDir": {}, "hostPath": {"path": "/tmp"}}]}}),
            vec!["spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type".to_string()],
        ),
        (
            json!({"spec": {"containers": [{"name": "web", "image": "a", "imagePullPolicy": "Sometimes"}]}}),
            vec!["spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"".to_string()],
        ),
        (
            json!({"spec": {"activeDeadlineSeconds": 0}}),
            vec!["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive".to_string()],
        ),
        (
            json!({"spec": {"containers": [{"name": "Bad_Name", "ports": [{"containerPort": 0}]}]}}),
            vec![
                format!("spec.containers[0].name: Invalid value: \"Bad_Name\": {LABEL_MSG}"),
                "spec.containers[0].image: Required value".to_string(),
                "spec.containers[0].ports[0].containerPort: Required value".to_string(),
            ],
        ),
    ]);
    assert_refused(&rkd, &base, &owned(&cases));
}

fn apps(kind: &str) -> Value {
    json!({"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": kind.to_lowercase()},
           "spec": {"selector": {"matchLabels": {"app": "web"}},
                    "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}})
}

#[test]
fn validation_invalid_deployments_get_kubernetes_messages() {
    let rkd = Rkd::start("apiserver", &[]);
    let mut cases = template_cases("spec.template.spec", template);
    let more: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({"spec": {"replicas": -1}}),
            vec!["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"minReadySeconds": -1}}),
            vec!["spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"revisionHistoryLimit": -1}}),
            vec![
                "spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
            ],
        ),
        (
            json!({"spec": {"minReadySeconds": 30, "progressDeadlineSeconds": 10}}),
            vec![
                "spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds",
            ],
        ),
        (
            json!({"spec": {"strategy": {"type": "Recreate", "rollingUpdate": {"maxSurge": 1}}}}),
            vec![
                "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
            ],
        ),
        (
            template(json!({"restartPolicy": "Never"})),
            vec![
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
            ],
        ),
        (
            template(json!({"activeDeadlineSeconds": 30})),
            vec![
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
            ],
        ),
        (
            json!({"spec": {"selector": {"matchLabels": {"app": "other"}}}}),
            vec![MISMATCH],
        ),
        (
            json!({"spec": {"selector": null}}),
            vec!["spec.selector: Required value", MISMATCH],
        ),
    ];
    cases.extend(
        more.into_iter()
            .map(|(p, c)| (p, c.into_iter().map(String::from).collect())),
    );
    assert_refused(&rkd, &apps("Deployment"), &owned(&cases));
}

#[test]
fn validation_invalid_replica_sets_get_kubernetes_messages() {
    let rkd = Rkd::start("apiserver", &[]);
    let mut cases = template_cases("spec.template.spec", template);
    let more: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({"spec": {"replicas": -2}}),
            vec!["spec.replicas: Invalid value: -2: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"minReadySeconds": -1}}),
            vec!["spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            template(json!({"restartPolicy": "OnFailure"})),
            vec![
                "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
            ],
        ),
        (
            template(json!({"activeDeadlineSeconds": 30})),
            vec![
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
            ],
        ),
        (
            json!({"spec": {"selector": null}}),
            vec!["spec.selector: Required value", MISMATCH],
        ),
    ];
    cases.extend(
        more.into_iter()
            .map(|(p, c)| (p, c.into_iter().map(String::from).collect())),
    );
    assert_refused(&rkd, &apps("ReplicaSet"), &owned(&cases));
}

#[test]
fn validation_invalid_stateful_sets_get_kubernetes_messages() {
    let rkd = Rkd::start("apiserver", &[]);
    // Upstream validates no more of a StatefulSet's pod template than its metadata
    // (kubernetes/kubernetes#137728), so these are StatefulSet rules only.
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({"spec": {"replicas": -1}}),
            vec!["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"podManagementPolicy": "Sometimes"}}),
            vec![
                "spec.podManagementPolicy: Invalid value: \"Sometimes\": must be 'OrderedReady' or 'Parallel'",
            ],
        ),
        (
            json!({"spec": {"updateStrategy": {"rollingUpdate": {"partition": -1}}}}),
            vec![
                "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
            ],
        ),
        (
            json!({"spec": {"persistentVolumeClaimRetentionPolicy": {"whenScaled": "Keep"}}}),
            vec![
                "spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\"",
            ],
        ),
        (
            json!({"spec": {"minReadySeconds": -1}}),
            vec!["spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"ordinals": {"start": -1}}}),
            vec!["spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            template(
                json!({"restartPolicy": "OnFailure", "containers": [{"name": "web", "image": "nginx"}]}),
            ),
            vec![
                "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
            ],
        ),
        (
            template(
                json!({"activeDeadlineSeconds": 10, "containers": [{"name": "web", "image": "nginx"}]}),
            ),
            vec![
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported",
            ],
        ),
        (
            json!({"spec": {"template": {"metadata": {"labels": {"app": "web", "bad key": "x"}}}}}),
            vec![
                "spec.template.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ],
        ),
        (
            json!({"metadata": {"labels": {"tier": "-front"}}}),
            vec![
                "metadata.labels: Invalid value: \"-front\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            ],
        ),
        (
            json!({"spec": {"selector": null}}),
            vec!["spec.selector: Required value", MISMATCH],
        ),
    ];
    assert_refused(&rkd, &apps("StatefulSet"), &cases);
}

#[test]
fn validation_invalid_daemon_sets_get_kubernetes_messages() {
    let rkd = Rkd::start("apiserver", &[]);
    let mut cases = template_cases("spec.template.spec", template);
    let more: Vec<(Value, Vec<&str>)> = vec![
        (
            template(json!({"restartPolicy": "Never"})),
            vec![
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
            ],
        ),
        (
            json!({"spec": {"updateStrategy": {"rollingUpdate": {"maxUnavailable": 0}}}}),
            vec![
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
            ],
        ),
        (
            json!({"spec": {"minReadySeconds": -1}}),
            vec!["spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            json!({"spec": {"revisionHistoryLimit": -3}}),
            vec![
                "spec.revisionHistoryLimit: Invalid value: -3: must be greater than or equal to 0",
            ],
        ),
        (
            template(json!({"activeDeadlineSeconds": 10})),
            vec![
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported",
            ],
        ),
        // DaemonSets do not require a selector upstream: a missing one just matches nothing.
        (json!({"spec": {"selector": null}}), vec![MISMATCH]),
    ];
    cases.extend(
        more.into_iter()
            .map(|(p, c)| (p, c.into_iter().map(String::from).collect())),
    );
    assert_refused(&rkd, &apps("DaemonSet"), &owned(&cases));
}

#[test]
fn validation_invalid_jobs_get_kubernetes_messages() {
    let rkd = Rkd::start("apiserver", &[]);
    let base = json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "job"},
                      "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "pi", "image": "perl"}]}}}});
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            template(json!({"restartPolicy": null})),
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
            json!({"spec": {"activeDeadlineSeconds": -5}}),
            vec![
                "spec.activeDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0",
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
            template(json!({"containers": []})),
            vec!["spec.template.spec.containers: Required value"],
        ),
        (
            template(json!({"containers": [{"name": "pi"}]})),
            vec!["spec.template.spec.containers[0].image: Required value"],
        ),
    ];
    assert_refused(&rkd, &base, &cases);
}

#[test]
fn validation_invalid_cron_jobs_get_kubernetes_messages() {
    let rkd = Rkd::start("apiserver", &[]);
    let base = json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "cron"},
                      "spec": {"schedule": "*/5 * * * *", "jobTemplate": {"spec": {"template": {"spec": {
                          "restartPolicy": "OnFailure", "containers": [{"name": "hello", "image": "busybox"}]}}}}}});
    let job_template =
        |spec: Value| json!({"spec": {"jobTemplate": {"spec": {"template": {"spec": spec}}}}});
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
            json!({"spec": {"schedule": "CRON_TZ=UTC 0 * * * *"}}),
            vec![
                "spec.schedule: Invalid value: \"CRON_TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
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
            json!({"spec": {"jobTemplate": {"spec": {"manualSelector": true}}}}),
            vec![
                "spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: \"nil\", \"false\"",
            ],
        ),
        (
            job_template(json!({"restartPolicy": "Always"})),
            vec![
                "spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"",
            ],
        ),
        (
            job_template(json!({"containers": []})),
            vec!["spec.jobTemplate.spec.template.spec.containers: Required value"],
        ),
        (
            json!({"metadata": {"name": "a-cron-job-whose-name-leaves-no-room-for-the-job-suffix"}}),
            vec![
                "metadata.name: Invalid value: \"a-cron-job-whose-name-leaves-no-room-for-the-job-suffix\": must be no more than 52 characters",
            ],
        ),
    ];
    assert_refused(&rkd, &base, &cases);
}

// ---- updates --------------------------------------------------------------------------------

#[test]
fn validation_immutable_fields_are_refused_on_update() {
    let rkd = Rkd::start("apiserver", &[]);
    ok_stdout(&create(&rkd, &apps("Deployment")));
    let relabel = r#"{"spec":{"selector":{"matchLabels":{"app":"v2"}},"template":{"metadata":{"labels":{"app":"v2"}}}}}"#;
    let out = rkd.kubectl(
        KUBECTL,
        &[
            "patch",
            "deployment",
            "deployment",
            "--type=merge",
            "-p",
            relabel,
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        // Upstream prints the selector as a Go struct (`v1.LabelSelector{MatchLabels:…}`).
        "The Deployment \"deployment\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"v2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
    );
    ok_stdout(&rkd.kubectl(
        KUBECTL,
        &[
            "patch",
            "deployment",
            "deployment",
            "--type=merge",
            "-p",
            r#"{"spec":{"replicas":3}}"#,
        ],
    ));

    let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"}, "immutable": true, "data": {"mode": "fast"}});
    ok_stdout(&create(&rkd, &cm));
    let out = rkd.kubectl(
        KUBECTL,
        &[
            "patch",
            "configmap",
            "settings",
            "--type=merge",
            "-p",
            r#"{"data":{"mode":"slow"}}"#,
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        "The ConfigMap \"settings\" is invalid: data: Forbidden: field is immutable when `immutable` is set"
    );

    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [{"name": "web", "image": "nginx"}]}});
    ok_stdout(&create(&rkd, &pod));
    let image = r#"[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.27"}]"#;
    ok_stdout(&rkd.kubectl(
        KUBECTL,
        &["patch", "pod", "web", "--type=json", "-p", image],
    ));
    let out = rkd.kubectl(
        KUBECTL,
        &[
            "patch",
            "pod",
            "web",
            "--type=merge",
            "-p",
            r#"{"spec":{"restartPolicy":"Never"}}"#,
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("The Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"),
        "{stderr}"
    );
}
