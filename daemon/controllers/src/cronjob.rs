//! The CronJob controller: creates a Job (named `<cronjob>-<minutes since the epoch>`) for the
//! latest scheduled time that has come, honouring suspend, startingDeadlineSeconds and
//! concurrencyPolicy (Allow, Forbid, Replace); reports active Jobs, lastScheduleTime and
//! lastSuccessfulTime; and keeps successfulJobsHistoryLimit / failedJobsHistoryLimit finished
//! Jobs.

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::ObjectReference;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use kube::Client;
use kube::api::{Api, DeleteParams, PostParams};

use crate::cron::Schedule;
use crate::events::{Recorder, api_message};
use crate::pods;
use crate::runtime::{Action, Informer, WorkQueue, get_by_key, key_of, split_key};

pub const SCHEDULED_TIMESTAMP: &str = "batch.kubernetes.io/cronjob-scheduled-timestamp";

/// CronJob controller failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("writing for cronjob {key}: {source}")]
    Write {
        key: String,
        #[source]
        source: kube::Error,
    },
}

fn finished(job: &Job) -> Option<&'static str> {
    for c in job
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .into_iter()
        .flatten()
    {
        if c.status == "True" && c.type_ == "Complete" {
            return Some("Complete");
        }
        if c.status == "True" && c.type_ == "Failed" {
            return Some("Failed");
        }
    }
    None
}

/// The Job name for a scheduled time (Kubernetes: minutes since the epoch).
pub fn job_name(cronjob: &str, t: jiff::Timestamp) -> String {
    format!("{cronjob}-{}", t.as_second() / 60)
}

pub struct CronJobController {
    client: Client,
    cronjobs: Arc<Informer<CronJob>>,
    jobs: Arc<Informer<Job>>,
    pub queue: WorkQueue,
    events: Recorder,
}

impl CronJobController {
    pub fn new(
        client: Client,
        cronjobs: Arc<Informer<CronJob>>,
        jobs: Arc<Informer<Job>>,
        queue: WorkQueue,
        events: Recorder,
    ) -> Arc<Self> {
        let q = queue.clone();
        cronjobs.on_event(move |_, c, _| q.add(key_of(c)));
        let q = queue.clone();
        jobs.on_event(move |_, j, _| {
            if let Some(r) = pods::controller_ref(&j.metadata).filter(|r| r.kind == "CronJob") {
                q.add(format!(
                    "{}/{}",
                    j.metadata.namespace.as_deref().unwrap_or(""),
                    r.name
                ));
            }
        });
        Arc::new(CronJobController {
            client,
            cronjobs,
            jobs,
            queue,
            events,
        })
    }

    pub fn keys(&self) -> Vec<String> {
        self.cronjobs
            .store()
            .state()
            .iter()
            .map(|c| key_of(c.as_ref()))
            .collect()
    }

    pub async fn reconcile(&self, key: String) -> Result<Action, Error> {
        let Some(cj) = get_by_key(&self.cronjobs.store(), &key) else {
            return Ok(Action::Done);
        };
        let (ns, name) = split_key(&key);
        let err = |source| Error::Write {
            key: key.clone(),
            source,
        };
        let jobs_api: Api<Job> = Api::namespaced(self.client.clone(), ns);
        let spec = cj.spec.clone().unwrap_or_default();
        let uid = cj.metadata.uid.clone().unwrap_or_default();
        let mut owned: Vec<Arc<Job>> = self
            .jobs
            .list_controlled_by(&uid)
            .into_iter()
            .filter(|j| j.metadata.namespace.as_deref() == Some(ns))
            .collect();
        owned.sort_by_key(|j| j.metadata.creation_timestamp.as_ref().map(|t| t.0));
        let mut status = cj.status.clone().unwrap_or_default();
        let mut active: Vec<Arc<Job>> = owned
            .iter()
            .filter(|j| finished(j).is_none() && j.metadata.deletion_timestamp.is_none())
            .cloned()
            .collect();
        let succeeded: Vec<&Arc<Job>> = owned
            .iter()
            .filter(|j| finished(j) == Some("Complete"))
            .collect();
        let failed: Vec<&Arc<Job>> = owned
            .iter()
            .filter(|j| finished(j) == Some("Failed"))
            .collect();
        if let Some(t) = succeeded
            .iter()
            .filter_map(|j| j.status.as_ref()?.completion_time.as_ref().map(|t| t.0))
            .max()
        {
            status.last_successful_time = Some(Time(t));
        }
        // History limits.
        let keep_ok =
            usize::try_from(spec.successful_jobs_history_limit.unwrap_or(3).max(0)).unwrap_or(0);
        let keep_failed =
            usize::try_from(spec.failed_jobs_history_limit.unwrap_or(1).max(0)).unwrap_or(0);
        for (list, keep) in [(&succeeded, keep_ok), (&failed, keep_failed)] {
            for j in list.iter().take(list.len().saturating_sub(keep)) {
                if j.metadata.deletion_timestamp.is_none() {
                    delete_job(&jobs_api, j).await.map_err(err)?;
                    self.events.normal(
                        cj.as_ref(),
                        "SuccessfulDelete",
                        format!("Deleted job {}", j.metadata.name.as_deref().unwrap_or("")),
                    );
                }
            }
        }
        let now = crate::runtime::now();
        let mut action = Action::Done;
        let schedule: Option<Schedule> = match spec.schedule.parse() {
            Ok(s) => Some(s),
            Err(e) => {
                tracing::info!(cronjob = %key, error = %e, "cannot schedule");
                None
            }
        };
        if let Some(schedule) = schedule
            .filter(|_| !spec.suspend.unwrap_or(false) && cj.metadata.deletion_timestamp.is_none())
        {
            let created = cj
                .metadata
                .creation_timestamp
                .as_ref()
                .map(|t| t.0)
                .unwrap_or(now);
            let mut earliest = status
                .last_schedule_time
                .as_ref()
                .map(|t| t.0)
                .unwrap_or(created);
            if let Some(sds) = spec.starting_deadline_seconds {
                let bound = now
                    .checked_sub(jiff::SignedDuration::from_secs(sds))
                    .unwrap_or(now);
                earliest = earliest.max(bound);
            }
            let (due, missed) = schedule.times_between(earliest, now, 100);
            if missed >= 100 {
                tracing::info!(cronjob = %key, "too many missed start times; starting the latest");
            }
            if let Some(t) = due {
                let too_late = spec
                    .starting_deadline_seconds
                    .is_some_and(|sds| crate::runtime::seconds_since(t, now) > sds);
                let policy = spec.concurrency_policy.as_deref().unwrap_or("Allow");
                let blocked = policy == "Forbid" && !active.is_empty();
                if !too_late && !blocked {
                    if policy == "Replace" {
                        for j in std::mem::take(&mut active) {
                            delete_job(&jobs_api, &j).await.map_err(err)?;
                        }
                    }
                    let created = match self.create_job(&cj, ns, name, t).await {
                        Ok(j) => j,
                        Err(e) => {
                            self.events.warning(
                                cj.as_ref(),
                                "FailedCreate",
                                format!("Error creating job: {}", api_message(&e)),
                            );
                            return Err(err(e));
                        }
                    };
                    self.events.normal(
                        cj.as_ref(),
                        "SuccessfulCreate",
                        format!(
                            "Created job {}",
                            created.metadata.name.as_deref().unwrap_or("")
                        ),
                    );
                    active.push(Arc::new(created));
                    status.last_schedule_time = Some(Time(t));
                } else if blocked {
                    // Forbid: try again when the running Job finishes (its events) or soon.
                    action = Action::RequeueAfter(Duration::from_secs(1));
                }
            }
            if let Some(next) = schedule.next_after(now) {
                let wait = next.duration_since(now).as_secs_f64().max(0.0);
                action = action.min(Action::RequeueAfter(
                    Duration::from_secs_f64(wait) + Duration::from_millis(100),
                ));
            }
        }
        let refs: Vec<ObjectReference> = active
            .iter()
            .map(|j| ObjectReference {
                api_version: Some("batch/v1".into()),
                kind: Some("Job".into()),
                name: j.metadata.name.clone(),
                namespace: j.metadata.namespace.clone(),
                uid: j.metadata.uid.clone(),
                resource_version: j.metadata.resource_version.clone(),
                ..ObjectReference::default()
            })
            .collect();
        status.active = (!refs.is_empty()).then_some(refs);
        // resourceVersions in refs change with every Job update; compare names only.
        let names = |s: &Option<Vec<ObjectReference>>| {
            s.iter()
                .flatten()
                .map(|r| r.name.clone())
                .collect::<Vec<_>>()
        };
        let old = cj.status.clone().unwrap_or_default();
        if names(&old.active) != names(&status.active)
            || old.last_schedule_time != status.last_schedule_time
            || old.last_successful_time != status.last_successful_time
        {
            let now_active = names(&status.active);
            let mut updated = (*cj).clone();
            updated.status = Some(status);
            Api::<CronJob>::namespaced(self.client.clone(), ns)
                .replace_status(name, &PostParams::default(), &updated)
                .await
                .map_err(err)?;
            // Jobs that left the active list because they finished.
            for gone in names(&old.active)
                .into_iter()
                .flatten()
                .filter(|n| !now_active.contains(&Some(n.clone())))
            {
                if let Some(j) = owned
                    .iter()
                    .find(|j| j.metadata.name.as_deref() == Some(gone.as_str()))
                    && let Some(condition) = finished(j)
                {
                    self.events.normal(
                        cj.as_ref(),
                        "SawCompletedJob",
                        format!("Saw completed job: {gone}, condition: {condition}"),
                    );
                }
            }
        }
        Ok(action)
    }

    async fn create_job(
        &self,
        cj: &CronJob,
        ns: &str,
        name: &str,
        t: jiff::Timestamp,
    ) -> Result<Job, kube::Error> {
        let template = cj
            .spec
            .as_ref()
            .map(|s| s.job_template.clone())
            .unwrap_or_default();
        let tmeta = template.metadata.unwrap_or_default();
        let mut annotations = tmeta.annotations.unwrap_or_default();
        annotations.insert(SCHEDULED_TIMESTAMP.into(), t.to_string());
        let job = Job {
            metadata: ObjectMeta {
                name: Some(job_name(name, t)),
                namespace: Some(ns.into()),
                labels: tmeta.labels,
                annotations: Some(annotations),
                owner_references: Some(vec![pods::owner_ref(cj)]),
                ..ObjectMeta::default()
            },
            spec: template.spec,
            status: None,
        };
        let api: Api<Job> = Api::namespaced(self.client.clone(), ns);
        match api.create(&PostParams::default(), &job).await {
            Ok(j) => Ok(j),
            // Created already (a retry after a failed status write).
            Err(kube::Error::Api(s)) if s.code == 409 => api.get(&job_name(name, t)).await,
            Err(e) => Err(e),
        }
    }
}

async fn delete_job(api: &Api<Job>, job: &Job) -> Result<(), kube::Error> {
    match api
        .delete(
            job.metadata.name.as_deref().unwrap_or(""),
            &DeleteParams::background(),
        )
        .await
    {
        Ok(_) => Ok(()),
        Err(kube::Error::Api(s)) if s.code == 404 => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_names_count_minutes_since_the_epoch() {
        let t: jiff::Timestamp = "2026-01-01T00:05:00Z".parse().unwrap();
        assert_eq!(
            job_name("hello", t),
            format!("hello-{}", t.as_second() / 60)
        );
        assert_eq!(job_name("hello", t), "hello-29453765");
    }
}
