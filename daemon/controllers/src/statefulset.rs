//! The StatefulSet controller: pods with stable names `<set>-<ordinal>`, hostnames and
//! PersistentVolumeClaims from volumeClaimTemplates (`<claim>-<set>-<ordinal>`, kept when pods
//! go). OrderedReady creates in ordinal order, each pod only once the ones before it are
//! Running and Ready, and removes from the highest ordinal down one at a time; Parallel acts on
//! all at once. A RollingUpdate replaces pods of older revisions from the highest ordinal down
//! to the partition, one at a time, once every pod is ready. Templates are ControllerRevisions;
//! status carries currentRevision/updateRevision as `kubectl rollout status` reads them.

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::apps::v1::{ControllerRevision, StatefulSet, StatefulSetStatus};
use k8s_openapi::api::core::v1::{
    PersistentVolumeClaim, PersistentVolumeClaimVolumeSource, Pod, Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::Client;
use kube::api::{Api, PostParams};

use crate::deployment::logic::template_hash;
use crate::events::{Recorder, api_message};
use crate::pods;
use crate::replicaset::delete_pod;
use crate::revisions::{self, HASH_LABEL};
use crate::runtime::{Action, Informer, WorkQueue, get_by_key, key_of, split_key};

pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";

/// StatefulSet controller failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("writing for statefulset {key}: {source}")]
    Write {
        key: String,
        #[source]
        source: kube::Error,
    },
    #[error(transparent)]
    Pod(#[from] crate::replicaset::Error),
}

/// The ordinal of a pod of set `set`, from its name.
pub fn ordinal_of(set: &str, pod: &str) -> Option<i32> {
    pod.strip_prefix(set)?.strip_prefix('-')?.parse().ok()
}

/// The claim name of template `claim` for pod `ordinal`.
pub fn claim_name(claim: &str, set: &str, ordinal: i32) -> String {
    format!("{claim}-{set}-{ordinal}")
}

/// What the set should do next, decided from its pods by ordinal (pure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Create(i32),
    Delete(i32),
    Wait,
    Idle,
}

/// One pod as the decision sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PodState {
    pub ready: bool,
    pub failed: bool,
    pub terminating: bool,
    pub updated: bool,
}

/// The steps of one pass: creates and deletes to make now (OrderedReady: at most one).
pub fn plan(
    replicas: i32,
    parallel: bool,
    rolling: bool,
    partition: i32,
    pods: &BTreeMap<i32, PodState>,
) -> Vec<Step> {
    let mut steps = vec![];
    // Create missing ordinals (and replace failed ones), in order.
    for i in 0..replicas {
        match pods.get(&i) {
            None => {
                steps.push(Step::Create(i));
                if !parallel {
                    return steps;
                }
            }
            Some(p) if p.failed && !p.terminating => {
                steps.push(Step::Delete(i));
                if !parallel {
                    return steps;
                }
            }
            Some(p) if !parallel && (!p.ready || p.terminating) => return vec![Step::Wait],
            Some(_) => {}
        }
    }
    if !steps.is_empty() {
        return steps;
    }
    // Scale down from the highest ordinal.
    let surplus: Vec<i32> = pods
        .keys()
        .rev()
        .copied()
        .filter(|i| *i >= replicas)
        .collect();
    for i in &surplus {
        let p = pods[i];
        if p.terminating {
            if !parallel {
                return vec![Step::Wait];
            }
            continue;
        }
        steps.push(Step::Delete(*i));
        if !parallel {
            return steps;
        }
    }
    if !steps.is_empty() {
        return steps;
    }
    // Rolling update, highest ordinal first, once all are ready.
    if rolling {
        if pods.values().any(|p| !p.ready || p.terminating) {
            return vec![Step::Wait];
        }
        if let Some(i) = (partition.max(0)..replicas)
            .rev()
            .find(|i| pods.get(i).is_some_and(|p| !p.updated))
        {
            return vec![Step::Delete(i)];
        }
    }
    vec![Step::Idle]
}

pub struct StatefulSetController {
    client: Client,
    sets: Arc<Informer<StatefulSet>>,
    pods: Arc<Informer<Pod>>,
    revisions: Arc<Informer<ControllerRevision>>,
    pub queue: WorkQueue,
    events: Recorder,
}

impl StatefulSetController {
    pub fn new(
        client: Client,
        sets: Arc<Informer<StatefulSet>>,
        pods: Arc<Informer<Pod>>,
        revisions: Arc<Informer<ControllerRevision>>,
        queue: WorkQueue,
        events: Recorder,
    ) -> Arc<Self> {
        let q = queue.clone();
        sets.on_event(move |_, s, _| q.add(key_of(s)));
        let q = queue.clone();
        pods.on_event(move |_, p, _| {
            if let Some(r) = pods::controller_ref(&p.metadata).filter(|r| r.kind == "StatefulSet") {
                q.add(format!(
                    "{}/{}",
                    p.metadata.namespace.as_deref().unwrap_or(""),
                    r.name
                ));
            }
        });
        Arc::new(StatefulSetController {
            client,
            sets,
            pods,
            revisions,
            queue,
            events,
        })
    }

    pub fn keys(&self) -> Vec<String> {
        self.sets
            .store()
            .state()
            .iter()
            .map(|s| key_of(s.as_ref()))
            .collect()
    }

    fn new_pod(&self, set: &StatefulSet, ordinal: i32, revision: &str) -> Pod {
        let ns = set.metadata.namespace.clone().unwrap_or_default();
        let name = set.metadata.name.clone().unwrap_or_default();
        let spec = set.spec.clone().unwrap_or_default();
        let mut pod = pods::pod_from_template(&spec.template, &ns, "", pods::owner_ref(set));
        let pod_name = format!("{name}-{ordinal}");
        pod.metadata.generate_name = None;
        pod.metadata.name = Some(pod_name.clone());
        let labels = pod.metadata.labels.get_or_insert_with(BTreeMap::new);
        labels.insert(HASH_LABEL.into(), revision.into());
        labels.insert(POD_NAME_LABEL.into(), pod_name.clone());
        labels.insert(POD_INDEX_LABEL.into(), ordinal.to_string());
        let ps = pod.spec.get_or_insert_with(Default::default);
        ps.hostname = Some(pod_name);
        if !spec.service_name.clone().unwrap_or_default().is_empty() {
            ps.subdomain = spec.service_name.clone();
        }
        let volumes = ps.volumes.get_or_insert_with(Vec::new);
        for claim in spec.volume_claim_templates.iter().flatten() {
            let cname = claim.metadata.name.clone().unwrap_or_default();
            volumes.retain(|v| v.name != cname);
            volumes.push(Volume {
                name: cname.clone(),
                persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                    claim_name: claim_name(&cname, &name, ordinal),
                    read_only: None,
                }),
                ..Volume::default()
            });
        }
        pod
    }

    async fn ensure_claims(&self, set: &StatefulSet, ordinal: i32) -> Result<(), kube::Error> {
        let ns = set.metadata.namespace.clone().unwrap_or_default();
        let name = set.metadata.name.clone().unwrap_or_default();
        let api: Api<PersistentVolumeClaim> = Api::namespaced(self.client.clone(), &ns);
        let spec = set.spec.clone().unwrap_or_default();
        let selector_labels = spec.selector.match_labels.clone().unwrap_or_default();
        for claim in spec.volume_claim_templates.iter().flatten() {
            let cname = claim_name(claim.metadata.name.as_deref().unwrap_or(""), &name, ordinal);
            if api.get_opt(&cname).await?.is_some() {
                continue;
            }
            let mut labels = claim.metadata.labels.clone().unwrap_or_default();
            labels.extend(selector_labels.clone());
            let pvc = PersistentVolumeClaim {
                metadata: ObjectMeta {
                    name: Some(cname),
                    namespace: Some(ns.clone()),
                    labels: Some(labels),
                    annotations: claim.metadata.annotations.clone(),
                    ..ObjectMeta::default()
                },
                spec: claim.spec.clone(),
                status: None,
            };
            match api.create(&PostParams::default(), &pvc).await {
                Ok(_) => {}
                Err(kube::Error::Api(s)) if s.code == 409 => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    pub async fn reconcile(&self, key: String) -> Result<Action, Error> {
        let Some(set) = get_by_key(&self.sets.store(), &key) else {
            return Ok(Action::Done);
        };
        if set.metadata.deletion_timestamp.is_some() {
            return Ok(Action::Done);
        }
        let (ns, name) = split_key(&key);
        let err = |source| Error::Write {
            key: key.clone(),
            source,
        };
        let spec = set.spec.clone().unwrap_or_default();
        let uid = set.metadata.uid.clone().unwrap_or_default();
        let hash = template_hash(
            &spec.template,
            set.status.as_ref().and_then(|s| s.collision_count),
        );
        let owned_revs = revisions::owned(self.revisions.list_namespace(ns), &uid);
        let update_rev = revisions::ensure(
            &self.client,
            set.as_ref(),
            &owned_revs,
            &spec.template,
            &hash,
        )
        .await
        .map_err(err)?;
        let update_name = update_rev.metadata.name.clone().unwrap_or_default();
        let old_status = set.status.clone().unwrap_or_default();
        let current_name = old_status
            .current_revision
            .clone()
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| update_name.clone());

        let mut by_ordinal: BTreeMap<i32, Arc<Pod>> = BTreeMap::new();
        for p in self.pods.list_controlled_by(&uid) {
            if pods::controller_ref(&p.metadata).is_none_or(|r| r.uid != uid) {
                continue;
            }
            if let Some(i) = ordinal_of(name, p.metadata.name.as_deref().unwrap_or("")) {
                by_ordinal.insert(i, p);
            }
        }
        let rev_of = |p: &Pod| {
            p.metadata
                .labels
                .as_ref()
                .and_then(|l| l.get(HASH_LABEL))
                .cloned()
                .unwrap_or_default()
        };
        let states: BTreeMap<i32, PodState> = by_ordinal
            .iter()
            .map(|(i, p)| {
                (
                    *i,
                    PodState {
                        ready: pods::is_ready(p) && pods::phase(p) == "Running",
                        failed: matches!(pods::phase(p), "Failed" | "Succeeded"),
                        terminating: p.metadata.deletion_timestamp.is_some(),
                        updated: rev_of(p) == update_name,
                    },
                )
            })
            .collect();
        let replicas = spec.replicas.unwrap_or(1);
        let parallel = spec.pod_management_policy.as_deref() == Some("Parallel");
        let strategy = spec.update_strategy.clone().unwrap_or_default();
        let rolling = strategy.type_.as_deref().unwrap_or("RollingUpdate") == "RollingUpdate";
        let partition = strategy
            .rolling_update
            .as_ref()
            .and_then(|r| r.partition)
            .unwrap_or(0);
        let pod_api: Api<Pod> = Api::namespaced(self.client.clone(), ns);
        for step in plan(replicas, parallel, rolling, partition, &states) {
            match step {
                Step::Create(i) => {
                    self.ensure_claims(&set, i).await.map_err(err)?;
                    let pod = self.new_pod(&set, i, &update_name);
                    let pod_name = pod.metadata.name.clone().unwrap_or_default();
                    match pod_api.create(&PostParams::default(), &pod).await {
                        Ok(_) => self.events.normal(
                            set.as_ref(),
                            "SuccessfulCreate",
                            format!("create Pod {pod_name} in StatefulSet {name} successful"),
                        ),
                        Err(kube::Error::Api(s)) if s.code == 409 => {}
                        Err(e) => {
                            self.events.warning(
                                set.as_ref(),
                                "FailedCreate",
                                format!(
                                    "create Pod {pod_name} in StatefulSet {name} failed error: {}",
                                    api_message(&e)
                                ),
                            );
                            return Err(err(e));
                        }
                    }
                }
                Step::Delete(i) => {
                    if let Some(p) = by_ordinal.get(&i) {
                        delete_pod(&pod_api, p).await?;
                        self.events.normal(
                            set.as_ref(),
                            "SuccessfulDelete",
                            format!(
                                "delete Pod {} in StatefulSet {name} successful",
                                p.metadata.name.as_deref().unwrap_or("")
                            ),
                        );
                    }
                }
                Step::Wait | Step::Idle => {}
            }
        }
        // Status.
        let now = crate::runtime::now();
        let min_ready = spec.min_ready_seconds.unwrap_or(0);
        let active: Vec<&Arc<Pod>> = by_ordinal
            .values()
            .filter(|p| p.metadata.deletion_timestamp.is_none())
            .collect();
        let count = |f: &dyn Fn(&Pod) -> bool| {
            i32::try_from(active.iter().filter(|p| f(p)).count()).unwrap_or(0)
        };
        let updated = count(&|p| rev_of(p) == update_name);
        let ready = count(&|p| pods::is_ready(p));
        let mut status = StatefulSetStatus {
            observed_generation: set.metadata.generation,
            replicas: count(&|_| true),
            ready_replicas: Some(ready),
            available_replicas: Some(count(&|p| pods::is_available(p, min_ready, now))),
            current_replicas: Some(count(&|p| rev_of(p) == current_name)),
            updated_replicas: Some(updated),
            current_revision: Some(current_name.clone()),
            update_revision: Some(update_name.clone()),
            collision_count: old_status.collision_count,
            conditions: old_status.conditions.clone(),
        };
        // The rollout is complete: the update revision becomes the current one.
        if updated == replicas && ready == replicas && status.replicas == replicas {
            status.current_revision = Some(update_name.clone());
            status.current_replicas = Some(updated);
        }
        let in_use: Vec<&str> = [current_name.as_str(), update_name.as_str()]
            .into_iter()
            .collect();
        let limit = usize::try_from(spec.revision_history_limit.unwrap_or(10).max(0)).unwrap_or(10);
        revisions::prune(&self.client, ns, &owned_revs, limit, &in_use)
            .await
            .map_err(err)?;
        if set.status.as_ref() != Some(&status) {
            let mut updated_set = (*set).clone();
            updated_set.status = Some(status);
            Api::<StatefulSet>::namespaced(self.client.clone(), ns)
                .replace_status(name, &PostParams::default(), &updated_set)
                .await
                .map_err(err)?;
        }
        Ok(
            match by_ordinal
                .values()
                .filter_map(|p| pods::seconds_to_available(p, min_ready, now))
                .min()
            {
                Some(s) => {
                    Action::RequeueAfter(std::time::Duration::from_secs(s.unsigned_abs().max(1)))
                }
                None => Action::Done,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(ready: bool, updated: bool) -> PodState {
        PodState {
            ready,
            failed: false,
            terminating: false,
            updated,
        }
    }

    #[test]
    fn ordered_ready_creates_one_ordinal_at_a_time_after_the_previous_is_ready() {
        let mut pods = BTreeMap::new();
        assert_eq!(plan(3, false, true, 0, &pods), [Step::Create(0)]);
        pods.insert(0, st(false, true));
        assert_eq!(plan(3, false, true, 0, &pods), [Step::Wait]);
        pods.insert(0, st(true, true));
        assert_eq!(plan(3, false, true, 0, &pods), [Step::Create(1)]);
    }

    #[test]
    fn parallel_creates_every_missing_ordinal_at_once() {
        let pods = BTreeMap::from([(1, st(false, true))]);
        assert_eq!(
            plan(3, true, true, 0, &pods),
            [Step::Create(0), Step::Create(2)]
        );
    }

    #[test]
    fn scale_down_removes_the_highest_ordinal_first() {
        let pods: BTreeMap<i32, PodState> = (0..4).map(|i| (i, st(true, true))).collect();
        assert_eq!(plan(2, false, true, 0, &pods), [Step::Delete(3)]);
        assert_eq!(
            plan(2, true, true, 0, &pods),
            [Step::Delete(3), Step::Delete(2)]
        );
    }

    #[test]
    fn rolling_update_replaces_from_the_highest_ordinal_down_to_the_partition() {
        let mut pods: BTreeMap<i32, PodState> = (0..3).map(|i| (i, st(true, false))).collect();
        assert_eq!(plan(3, false, true, 0, &pods), [Step::Delete(2)]);
        pods.insert(2, st(true, true));
        assert_eq!(plan(3, false, true, 0, &pods), [Step::Delete(1)]);
        assert_eq!(
            plan(3, false, true, 2, &pods),
            [Step::Idle],
            "ordinals below the partition stay"
        );
        pods.insert(1, st(false, true));
        assert_eq!(
            plan(3, false, true, 0, &pods),
            [Step::Wait],
            "one at a time, after it is ready"
        );
        assert_eq!(
            plan(
                3,
                false,
                false,
                0,
                &BTreeMap::from([
                    (0, st(true, false)),
                    (1, st(true, false)),
                    (2, st(true, false))
                ])
            ),
            [Step::Idle],
            "OnDelete"
        );
    }

    #[test]
    fn ordinals_and_claims_are_named_as_kubernetes_names_them() {
        assert_eq!(ordinal_of("web", "web-12"), Some(12));
        assert_eq!(ordinal_of("web", "webby-1"), None);
        assert_eq!(claim_name("data", "web", 0), "data-web-0");
    }
}
