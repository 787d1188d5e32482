//! The Job controller: runs pods until `completions` succeed (or, without completions, until one
//! succeeds and the rest finish), at most `parallelism` at a time; fails the Job after more than
//! `backoffLimit` failed pods or after `activeDeadlineSeconds`; suspends; and deletes finished
//! Jobs after `ttlSecondsAfterFinished` (the TTL-after-finished controller). Conditions are
//! Kubernetes 1.33's: SuccessCriteriaMet + Complete, FailureTarget + Failed, Suspended.

use std::sync::Arc;
use std::time::Duration;

use futures::future::join_all;
use k8s_openapi::api::batch::v1::{Job, JobCondition, JobStatus};
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kube::Client;
use kube::api::{Api, DeleteParams, PostParams};

use crate::events::{EventType, Recorder, api_message};
use crate::pods;
use crate::replicaset::delete_pod;
use crate::runtime::{Action, Expectations, Informer, WorkQueue, get_by_key, key_of, split_key};

/// Job controller failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("creating pods for job {key}: {source}")]
    CreatePods {
        key: String,
        #[source]
        source: kube::Error,
    },
    #[error(transparent)]
    Pod(#[from] crate::replicaset::Error),
    #[error("updating job {key}: {source}")]
    Write {
        key: String,
        #[source]
        source: kube::Error,
    },
}

/// What the pods of a Job add up to, and what should happen next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Keep `want` pods active.
    Run {
        want: i32,
    },
    Complete,
    Failed {
        reason: &'static str,
        message: &'static str,
    },
}

/// Decides a Job's next step from its counts (pure; the controller does the writes).
pub fn verdict(
    job: &Job,
    active: i32,
    succeeded: i32,
    failed: i32,
    running_for_secs: i64,
) -> Verdict {
    let spec = job.spec.clone().unwrap_or_default();
    let backoff_limit = spec.backoff_limit.unwrap_or(6);
    let parallelism = spec.parallelism.unwrap_or(1).max(0);
    if failed > backoff_limit {
        return Verdict::Failed {
            reason: "BackoffLimitExceeded",
            message: "Job has reached the specified backoff limit",
        };
    }
    if let Some(deadline) = spec.active_deadline_seconds
        && running_for_secs >= deadline
    {
        return Verdict::Failed {
            reason: "DeadlineExceeded",
            message: "Job was active longer than specified deadline",
        };
    }
    match spec.completions {
        Some(n) if succeeded >= n => Verdict::Complete,
        Some(n) => Verdict::Run {
            want: (n - succeeded).min(parallelism),
        },
        None if succeeded > 0 && active == 0 => Verdict::Complete,
        None if succeeded > 0 => Verdict::Run {
            want: active.min(parallelism),
        },
        None => Verdict::Run { want: parallelism },
    }
}

fn has_condition(s: &JobStatus, type_: &str) -> Option<Time> {
    s.conditions
        .iter()
        .flatten()
        .find(|c| c.type_ == type_ && c.status == "True")
        .map(|c| {
            c.last_transition_time
                .clone()
                .unwrap_or(Time(jiff::Timestamp::UNIX_EPOCH))
        })
}

fn condition(
    type_: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: jiff::Timestamp,
) -> JobCondition {
    JobCondition {
        type_: type_.into(),
        status: status.into(),
        reason: (!reason.is_empty()).then(|| reason.into()),
        message: (!message.is_empty()).then(|| message.into()),
        last_probe_time: Some(Time(now)),
        last_transition_time: Some(Time(now)),
    }
}

fn set_condition(s: &mut JobStatus, c: JobCondition) {
    let conds = s.conditions.get_or_insert_with(Vec::new);
    if let Some(old) = conds.iter_mut().find(|o| o.type_ == c.type_) {
        if old.status != c.status || old.reason != c.reason {
            *old = c;
        }
    } else {
        conds.push(c);
    }
}

/// The Job controller (and the TTL-after-finished controller for Jobs).
pub struct JobController {
    client: Client,
    jobs: Arc<Informer<Job>>,
    pods: Arc<Informer<Pod>>,
    pub queue: WorkQueue,
    expectations: Expectations,
    events: Recorder,
}

impl JobController {
    pub fn new(
        client: Client,
        jobs: Arc<Informer<Job>>,
        pods: Arc<Informer<Pod>>,
        queue: WorkQueue,
        events: Recorder,
    ) -> Arc<Self> {
        let q = queue.clone();
        jobs.on_event(move |_, j, _| q.add(key_of(j)));
        let q = queue.clone();
        pods.on_event(move |_, p, _| {
            if let Some(r) = pods::controller_ref(&p.metadata).filter(|r| r.kind == "Job") {
                q.add(format!(
                    "{}/{}",
                    p.metadata.namespace.as_deref().unwrap_or(""),
                    r.name
                ));
            }
        });
        Arc::new(JobController {
            client,
            jobs,
            pods,
            queue,
            expectations: Expectations::new(Duration::from_secs(300)),
            events,
        })
    }

    pub fn keys(&self) -> Vec<String> {
        self.jobs
            .store()
            .state()
            .iter()
            .map(|j| key_of(j.as_ref()))
            .collect()
    }

    pub async fn reconcile(&self, key: String) -> Result<Action, Error> {
        let Some(job) = get_by_key(&self.jobs.store(), &key) else {
            self.expectations.forget(&key);
            return Ok(Action::Done);
        };
        let (ns, name) = split_key(&key);
        let now = crate::runtime::now();
        let mut status = job.status.clone().unwrap_or_default();
        let spec = job.spec.clone().unwrap_or_default();
        let jobs: Api<Job> = Api::namespaced(self.client.clone(), ns);
        let pod_api: Api<Pod> = Api::namespaced(self.client.clone(), ns);
        let finished =
            has_condition(&status, "Complete").or_else(|| has_condition(&status, "Failed"));
        if let Some(at) = finished {
            // TTL after finished.
            let Some(ttl) = spec.ttl_seconds_after_finished else {
                return Ok(Action::Done);
            };
            let left = i64::from(ttl) - crate::runtime::seconds_since(at.0, now);
            if left > 0 {
                return Ok(Action::RequeueAfter(Duration::from_secs(
                    left.unsigned_abs(),
                )));
            }
            if job.metadata.deletion_timestamp.is_none() {
                let dp = DeleteParams::foreground();
                match jobs.delete(name, &dp).await {
                    Ok(_) => {}
                    Err(kube::Error::Api(s)) if s.code == 404 => {}
                    Err(source) => return Err(Error::Write { key, source }),
                }
            }
            return Ok(Action::Done);
        }
        if job.metadata.deletion_timestamp.is_some() {
            return Ok(Action::Done);
        }
        let uid = job.metadata.uid.clone().unwrap_or_default();
        let owned: Vec<Arc<Pod>> = self
            .pods
            .list_controlled_by(&uid)
            .into_iter()
            .filter(|p| p.metadata.namespace.as_deref() == Some(ns))
            .collect();
        let active: Vec<&Arc<Pod>> = owned.iter().filter(|p| pods::is_active(p)).collect();
        let count = |f: &dyn Fn(&Pod) -> bool| {
            i32::try_from(owned.iter().filter(|p| f(p)).count()).unwrap_or(i32::MAX)
        };
        let succeeded = count(&|p| pods::phase(p) == "Succeeded");
        let failed = count(&|p| pods::phase(p) == "Failed");
        let n_active = i32::try_from(active.len()).unwrap_or(i32::MAX);
        let suspended = spec.suspend.unwrap_or(false);
        if status.start_time.is_none() && !suspended {
            status.start_time = Some(Time(now));
        }
        let running_for = status
            .start_time
            .as_ref()
            .map(|t| crate::runtime::seconds_since(t.0, now))
            .unwrap_or(0);
        let mut action = Action::Done;
        let mut finished_event = None;
        let satisfied = self.expectations.satisfied(
            &key,
            |n| get_by_key(&self.pods.store(), &format!("{ns}/{n}")).is_some(),
            |n| {
                get_by_key(&self.pods.store(), &format!("{ns}/{n}"))
                    .is_none_or(|p| p.metadata.deletion_timestamp.is_some())
            },
        );
        let v = if suspended {
            Verdict::Run { want: 0 }
        } else {
            verdict(&job, n_active, succeeded, failed, running_for)
        };
        match v {
            Verdict::Failed { reason, message } => {
                self.delete_pods(&pod_api, &active).await?;
                finished_event = Some((EventType::Warning, reason, message));
                set_condition(
                    &mut status,
                    condition("FailureTarget", "True", reason, message, now),
                );
                set_condition(
                    &mut status,
                    condition("Failed", "True", reason, message, now),
                );
            }
            Verdict::Complete => {
                self.delete_pods(&pod_api, &active).await?;
                finished_event = Some((EventType::Normal, "Completed", "Job completed"));
                set_condition(
                    &mut status,
                    condition(
                        "SuccessCriteriaMet",
                        "True",
                        "CompletionsReached",
                        "Reached expected number of succeeded pods",
                        now,
                    ),
                );
                set_condition(
                    &mut status,
                    condition(
                        "Complete",
                        "True",
                        "CompletionsReached",
                        "Reached expected number of succeeded pods",
                        now,
                    ),
                );
                status.completion_time = Some(Time(now));
            }
            Verdict::Run { want } if satisfied => {
                if want > n_active {
                    let template = spec.template.clone();
                    let oref = pods::owner_ref(job.as_ref());
                    let pod = pods::pod_from_template(&template, ns, &format!("{name}-"), oref);
                    let pp = PostParams::default();
                    let results =
                        join_all((0..(want - n_active)).map(|_| pod_api.create(&pp, &pod))).await;
                    let mut created = vec![];
                    let mut first_err = None;
                    for r in results {
                        match r {
                            Ok(p) => {
                                let pod_name = p.metadata.name.unwrap_or_default();
                                self.events.normal(
                                    job.as_ref(),
                                    "SuccessfulCreate",
                                    format!("Created pod: {pod_name}"),
                                );
                                created.push(pod_name);
                            }
                            Err(e) => {
                                self.events.warning(
                                    job.as_ref(),
                                    "FailedCreate",
                                    format!("Error creating: {}", api_message(&e)),
                                );
                                first_err.get_or_insert(e);
                            }
                        }
                    }
                    self.expectations.expect_creates(&key, created);
                    if let Some(source) = first_err {
                        return Err(Error::CreatePods { key, source });
                    }
                } else if want < n_active {
                    let mut ranked = active.clone();
                    ranked.sort_by(|a, b| pods::deletion_order(a, b));
                    let doomed: Vec<&Arc<Pod>> = ranked
                        .into_iter()
                        .take(usize::try_from(n_active - want).unwrap_or(0))
                        .collect();
                    self.expectations.expect_deletes(
                        &key,
                        doomed
                            .iter()
                            .map(|p| p.metadata.name.clone().unwrap_or_default()),
                    );
                    self.delete_pods(&pod_api, &doomed).await?;
                    for p in &doomed {
                        self.events.normal(
                            job.as_ref(),
                            "SuccessfulDelete",
                            format!("Deleted pod: {}", p.metadata.name.as_deref().unwrap_or("")),
                        );
                    }
                }
                if let Some(d) = spec.active_deadline_seconds {
                    action = Action::RequeueAfter(Duration::from_secs(
                        u64::try_from(d - running_for).unwrap_or(0).max(1),
                    ));
                }
            }
            Verdict::Run { .. } => {}
        }
        if suspended {
            set_condition(
                &mut status,
                condition("Suspended", "True", "JobSuspended", "Job suspended", now),
            );
        } else if status
            .conditions
            .iter()
            .flatten()
            .any(|c| c.type_ == "Suspended" && c.status == "True")
        {
            set_condition(
                &mut status,
                condition("Suspended", "False", "JobResumed", "Job resumed", now),
            );
        }
        let still_active = if matches!(v, Verdict::Run { .. }) {
            n_active
        } else {
            0
        };
        status.active = Some(still_active);
        status.succeeded = Some(succeeded);
        status.failed = Some(failed);
        status.ready =
            Some(i32::try_from(active.iter().filter(|p| pods::is_ready(p)).count()).unwrap_or(0));
        if job.status.as_ref() != Some(&status) {
            let mut updated = (*job).clone();
            updated.status = Some(status);
            jobs.replace_status(name, &PostParams::default(), &updated)
                .await
                .map_err(|source| Error::Write {
                    key: key.clone(),
                    source,
                })?;
            if let Some((kind, reason, message)) = finished_event {
                let r = crate::events::reference_of(job.as_ref());
                self.events.record(r, kind, reason, message.to_string());
            }
        }
        Ok(action)
    }

    async fn delete_pods(&self, api: &Api<Pod>, pods: &[&Arc<Pod>]) -> Result<(), Error> {
        for r in join_all(pods.iter().map(|p| delete_pod(api, p))).await {
            r?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn job(spec: serde_json::Value) -> Job {
        let mut j =
            json!({"metadata": {"name": "j"}, "spec": {"template": {"spec": {"containers": []}}}});
        for (k, v) in spec.as_object().unwrap() {
            j["spec"][k] = v.clone();
        }
        serde_json::from_value(j).unwrap()
    }

    #[test]
    fn a_job_runs_parallelism_pods_until_completions_succeed() {
        let j = job(json!({"completions": 5, "parallelism": 2}));
        assert_eq!(verdict(&j, 0, 0, 0, 0), Verdict::Run { want: 2 });
        assert_eq!(verdict(&j, 2, 4, 0, 0), Verdict::Run { want: 1 });
        assert_eq!(verdict(&j, 0, 5, 0, 0), Verdict::Complete);
    }

    #[test]
    fn a_job_without_completions_is_done_when_one_succeeded_and_none_run() {
        let j = job(json!({"parallelism": 3}));
        assert_eq!(verdict(&j, 0, 0, 0, 0), Verdict::Run { want: 3 });
        assert_eq!(
            verdict(&j, 2, 1, 0, 0),
            Verdict::Run { want: 2 },
            "no new pods once one succeeded"
        );
        assert_eq!(verdict(&j, 0, 1, 0, 0), Verdict::Complete);
    }

    #[test]
    fn a_job_fails_beyond_its_backoff_limit_or_its_deadline() {
        let j = job(json!({"backoffLimit": 2, "activeDeadlineSeconds": 30}));
        assert_eq!(verdict(&j, 1, 0, 2, 0), Verdict::Run { want: 1 });
        assert!(matches!(
            verdict(&j, 0, 0, 3, 0),
            Verdict::Failed {
                reason: "BackoffLimitExceeded",
                ..
            }
        ));
        assert!(matches!(
            verdict(&j, 1, 0, 0, 30),
            Verdict::Failed {
                reason: "DeadlineExceeded",
                ..
            }
        ));
        assert_eq!(
            verdict(&job(json!({})), 0, 0, 6, 0),
            Verdict::Run { want: 1 },
            "the default limit is 6"
        );
    }
}
