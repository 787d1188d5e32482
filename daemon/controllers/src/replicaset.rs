//! The ReplicaSet controller, and the ReplicationController controller as the same loop over
//! the older equality-based selector (`ReplicaOwner` hides the difference): keep `replicas`
//! active pods, adopt matching orphans and release pods that no longer match (controllerRef),
//! delete surplus pods in Kubernetes' preference order, and report
//! replicas/fullyLabeledReplicas/readyReplicas/availableReplicas/observedGeneration.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::Arc;
use std::time::Duration;

use futures::future::join_all;
use k8s_openapi::api::apps::v1::{ReplicaSet, ReplicaSetStatus};
use k8s_openapi::api::core::v1::{
    Pod, PodTemplateSpec, ReplicationController, ReplicationControllerStatus,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, OwnerReference};
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams, Preconditions};
use kube::{Client, Resource};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::events::Recorder;
use crate::pods;
use crate::runtime::{Action, Expectations, Informer, WorkQueue, get_by_key, key_of, split_key};

/// Most pods one sync creates or deletes (Kubernetes' `burstReplicas`).
const BURST: usize = 500;

/// ReplicaSet controller failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("creating pods for {key}: {source}")]
    CreatePods {
        key: String,
        #[source]
        source: kube::Error,
    },
    #[error("deleting pod {namespace}/{name}: {source}")]
    DeletePod {
        namespace: String,
        name: String,
        #[source]
        source: kube::Error,
    },
    #[error("adopting or releasing pod {namespace}/{name}: {source}")]
    ClaimPod {
        namespace: String,
        name: String,
        #[source]
        source: kube::Error,
    },
    #[error("updating the status of {key}: {source}")]
    UpdateStatus {
        key: String,
        #[source]
        source: kube::Error,
    },
}

/// The replica counts a ReplicaSet or ReplicationController reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplicaCounts {
    pub replicas: i32,
    pub fully_labeled: i32,
    pub ready: i32,
    pub available: i32,
    pub observed_generation: i64,
}

/// What the replica loop needs from its owner kind.
pub trait ReplicaOwner:
    Resource<DynamicType = (), Scope = k8s_openapi::NamespaceResourceScope>
    + Clone
    + DeserializeOwned
    + Serialize
    + Debug
    + Send
    + Sync
    + 'static
{
    fn replicas(&self) -> i32;
    fn selector(&self) -> Option<LabelSelector>;
    fn template(&self) -> Option<&PodTemplateSpec>;
    fn min_ready_seconds(&self) -> i32;
    fn counts(&self) -> ReplicaCounts;
    fn set_counts(&mut self, c: &ReplicaCounts);
}

impl ReplicaOwner for ReplicaSet {
    fn replicas(&self) -> i32 {
        self.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
    }
    fn selector(&self) -> Option<LabelSelector> {
        self.spec.as_ref().map(|s| s.selector.clone())
    }
    fn template(&self) -> Option<&PodTemplateSpec> {
        self.spec.as_ref().and_then(|s| s.template.as_ref())
    }
    fn min_ready_seconds(&self) -> i32 {
        self.spec
            .as_ref()
            .and_then(|s| s.min_ready_seconds)
            .unwrap_or(0)
    }
    fn counts(&self) -> ReplicaCounts {
        let s = self.status.clone().unwrap_or_default();
        ReplicaCounts {
            replicas: s.replicas,
            fully_labeled: s.fully_labeled_replicas.unwrap_or(0),
            ready: s.ready_replicas.unwrap_or(0),
            available: s.available_replicas.unwrap_or(0),
            observed_generation: s.observed_generation.unwrap_or(0),
        }
    }
    fn set_counts(&mut self, c: &ReplicaCounts) {
        let s = self.status.get_or_insert_with(ReplicaSetStatus::default);
        s.replicas = c.replicas;
        s.fully_labeled_replicas = Some(c.fully_labeled);
        s.ready_replicas = Some(c.ready);
        s.available_replicas = Some(c.available);
        s.observed_generation = Some(c.observed_generation);
    }
}

impl ReplicaOwner for ReplicationController {
    fn replicas(&self) -> i32 {
        self.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
    }
    fn selector(&self) -> Option<LabelSelector> {
        let spec = self.spec.as_ref()?;
        // Without a selector a ReplicationController selects its template's labels.
        let map = spec.selector.clone().or_else(|| {
            spec.template
                .as_ref()
                .and_then(|t| t.metadata.as_ref())
                .and_then(|m| m.labels.clone())
        })?;
        Some(pods::selector_from_map(&map))
    }
    fn template(&self) -> Option<&PodTemplateSpec> {
        self.spec.as_ref().and_then(|s| s.template.as_ref())
    }
    fn min_ready_seconds(&self) -> i32 {
        self.spec
            .as_ref()
            .and_then(|s| s.min_ready_seconds)
            .unwrap_or(0)
    }
    fn counts(&self) -> ReplicaCounts {
        let s = self.status.clone().unwrap_or_default();
        ReplicaCounts {
            replicas: s.replicas,
            fully_labeled: s.fully_labeled_replicas.unwrap_or(0),
            ready: s.ready_replicas.unwrap_or(0),
            available: s.available_replicas.unwrap_or(0),
            observed_generation: s.observed_generation.unwrap_or(0),
        }
    }
    fn set_counts(&mut self, c: &ReplicaCounts) {
        let s = self
            .status
            .get_or_insert_with(ReplicationControllerStatus::default);
        s.replicas = c.replicas;
        s.fully_labeled_replicas = Some(c.fully_labeled);
        s.ready_replicas = Some(c.ready);
        s.available_replicas = Some(c.available);
        s.observed_generation = Some(c.observed_generation);
    }
}

/// The replica loop for one owner kind.
pub struct ReplicaController<O: ReplicaOwner> {
    client: Client,
    owners: Arc<Informer<O>>,
    pods: Arc<Informer<Pod>>,
    pub queue: WorkQueue,
    expectations: Expectations,
    events: Recorder,
}

impl<O: ReplicaOwner> ReplicaController<O> {
    /// Registers its handlers on the shared informers.
    pub fn new(
        client: Client,
        owners: Arc<Informer<O>>,
        pods: Arc<Informer<Pod>>,
        queue: WorkQueue,
        events: Recorder,
    ) -> Arc<Self> {
        let c = Arc::new(ReplicaController {
            client,
            owners: owners.clone(),
            pods: pods.clone(),
            queue: queue.clone(),
            expectations: Expectations::new(Duration::from_secs(300)),
            events,
        });
        let q = queue.clone();
        owners.on_event(move |_, o, _| q.add(key_of(o)));
        let weak = Arc::downgrade(&c);
        pods.on_event(move |old, pod, _| {
            if let Some(c) = weak.upgrade() {
                for p in old.into_iter().chain(std::iter::once(pod)) {
                    c.enqueue_for_pod(p);
                }
            }
        });
        c
    }

    fn enqueue_for_pod(&self, pod: &Pod) {
        let ns = pod.metadata.namespace.as_deref().unwrap_or("");
        match pods::controller_ref(&pod.metadata) {
            Some(r) if r.kind == O::kind(&()) => self.queue.add(format!("{ns}/{}", r.name)),
            Some(_) => {}
            None => {
                // An orphan: every owner that selects it may adopt it.
                for o in self.owners.list_namespace(ns) {
                    if pods::selector_matches(o.selector().as_ref(), pod.metadata.labels.as_ref()) {
                        self.queue.add(key_of(o.as_ref()));
                    }
                }
            }
        }
    }

    /// Every owner's key (for resync).
    pub fn keys(&self) -> Vec<String> {
        self.owners
            .store()
            .state()
            .iter()
            .map(|o| key_of(o.as_ref()))
            .collect()
    }

    /// Brings one owner's pods and status to its spec.
    pub async fn reconcile(&self, key: String) -> Result<Action, Error> {
        let Some(owner) = get_by_key(&self.owners.store(), &key) else {
            self.expectations.forget(&key);
            return Ok(Action::Done);
        };
        let (ns, _) = split_key(&key);
        let pod_api: Api<Pod> = Api::namespaced(self.client.clone(), ns);
        let uid = owner.meta().uid.clone().unwrap_or_default();
        let selector = owner.selector();
        let deleting = owner.meta().deletion_timestamp.is_some();
        let satisfied = self.expectations.satisfied(
            &key,
            |name| get_by_key(&self.pods.store(), &format!("{ns}/{name}")).is_some(),
            |name| {
                get_by_key(&self.pods.store(), &format!("{ns}/{name}"))
                    .is_none_or(|p| p.metadata.deletion_timestamp.is_some())
            },
        );
        // Claim: keep matching pods this owner controls, adopt matching orphans, release the rest.
        let mut owned: Vec<Arc<Pod>> = Vec::new();
        let candidates = self
            .pods
            .list_controlled_by(&uid)
            .into_iter()
            .filter(|p| p.metadata.namespace.as_deref() == Some(ns));
        for pod in candidates.chain(self.pods.list_orphans(ns)) {
            let matches = pods::selector_matches(selector.as_ref(), pod.metadata.labels.as_ref());
            match pods::controller_ref(&pod.metadata) {
                Some(r) if r.uid == uid => {
                    if matches || deleting {
                        owned.push(pod);
                    } else {
                        self.set_owner(&pod_api, &pod, None).await?;
                    }
                }
                Some(_) => {}
                None if matches && !deleting && pod.metadata.deletion_timestamp.is_none() => {
                    self.set_owner(&pod_api, &pod, Some(pods::owner_ref(owner.as_ref())))
                        .await?;
                    owned.push(pod);
                }
                None => {}
            }
        }
        let active: Vec<Arc<Pod>> = owned
            .iter()
            .filter(|p| pods::is_active(p))
            .cloned()
            .collect();
        if satisfied && !deleting {
            self.manage(&key, owner.as_ref(), &active, &pod_api).await?;
        }
        let now = crate::runtime::now();
        let min_ready = owner.min_ready_seconds();
        let template_labels = owner
            .template()
            .and_then(|t| t.metadata.as_ref())
            .and_then(|m| m.labels.clone())
            .unwrap_or_default();
        let counts = counts_of(
            &active,
            &template_labels,
            min_ready,
            now,
            owner.meta().generation.unwrap_or(0),
        );
        if counts != owner.counts() {
            let mut updated = (*owner).clone();
            updated.set_counts(&counts);
            let api: Api<O> = Api::namespaced(self.client.clone(), ns);
            let name = owner.meta().name.clone().unwrap_or_default();
            api.replace_status(&name, &PostParams::default(), &updated)
                .await
                .map_err(|source| Error::UpdateStatus {
                    key: key.clone(),
                    source,
                })?;
        }
        // Ready pods become available after minReadySeconds: look again then.
        let next = active
            .iter()
            .filter_map(|p| pods::seconds_to_available(p, min_ready, now))
            .min();
        Ok(match next {
            Some(s) => Action::RequeueAfter(Duration::from_secs(s.unsigned_abs().max(1))),
            None => Action::Done,
        })
    }

    async fn manage(
        &self,
        key: &str,
        owner: &O,
        active: &[Arc<Pod>],
        pod_api: &Api<Pod>,
    ) -> Result<(), Error> {
        let want = usize::try_from(owner.replicas().max(0)).unwrap_or(0);
        let (ns, name) = split_key(key);
        if active.len() < want {
            let Some(template) = owner.template() else {
                return Ok(());
            };
            let mut left = (want - active.len()).min(BURST);
            let mut batch = 1usize;
            let oref = pods::owner_ref(owner);
            // Slow start: 1, 2, 4, … pods at a time, stopping at the first failure.
            while left > 0 {
                let n = batch.min(left);
                let pod = pods::pod_from_template(template, ns, &format!("{name}-"), oref.clone());
                let pp = PostParams::default();
                let results = join_all((0..n).map(|_| pod_api.create(&pp, &pod))).await;
                let mut first_err = None;
                let mut created = Vec::new();
                for r in results {
                    match r {
                        Ok(p) => {
                            let pod_name = p.metadata.name.unwrap_or_default();
                            self.events.normal(
                                owner,
                                "SuccessfulCreate",
                                format!("Created pod: {pod_name}"),
                            );
                            created.push(pod_name);
                        }
                        Err(e) => {
                            self.events.warning(
                                owner,
                                "FailedCreate",
                                format!("Error creating: {}", crate::events::api_message(&e)),
                            );
                            first_err.get_or_insert(e);
                        }
                    }
                }
                self.expectations.expect_creates(key, created);
                if let Some(source) = first_err {
                    return Err(Error::CreatePods {
                        key: key.to_string(),
                        source,
                    });
                }
                left -= n;
                batch *= 2;
            }
        } else if active.len() > want {
            let mut ranked: Vec<&Arc<Pod>> = active.iter().collect();
            ranked.sort_by(|a, b| pods::deletion_order(a, b));
            let doomed: Vec<&Arc<Pod>> = ranked
                .into_iter()
                .take((active.len() - want).min(BURST))
                .collect();
            self.expectations.expect_deletes(
                key,
                doomed
                    .iter()
                    .map(|p| p.metadata.name.clone().unwrap_or_default()),
            );
            let results = join_all(doomed.iter().map(|p| delete_pod(pod_api, p))).await;
            for (r, p) in results.into_iter().zip(&doomed) {
                r?;
                self.events.normal(
                    owner,
                    "SuccessfulDelete",
                    format!("Deleted pod: {}", p.metadata.name.as_deref().unwrap_or("")),
                );
            }
        }
        Ok(())
    }

    /// Adopts (`Some`) or releases (`None`) a pod, with its resourceVersion as precondition.
    async fn set_owner(
        &self,
        api: &Api<Pod>,
        pod: &Pod,
        owner: Option<OwnerReference>,
    ) -> Result<(), Error> {
        let name = pod.metadata.name.clone().unwrap_or_default();
        let mut refs: Vec<OwnerReference> =
            pod.metadata.owner_references.clone().unwrap_or_default();
        refs.retain(|r| r.controller != Some(true));
        refs.extend(owner);
        let patch = json!({"metadata": {"ownerReferences": refs, "resourceVersion": pod.metadata.resource_version}});
        match api
            .patch(&name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
        {
            Ok(_) => Ok(()),
            Err(kube::Error::Api(s)) if s.code == 404 => Ok(()),
            Err(source) => Err(Error::ClaimPod {
                namespace: pod.metadata.namespace.clone().unwrap_or_default(),
                name,
                source,
            }),
        }
    }
}

/// Deletes a pod by uid precondition; a pod already gone is fine.
pub async fn delete_pod(api: &Api<Pod>, pod: &Pod) -> Result<(), Error> {
    let name = pod.metadata.name.clone().unwrap_or_default();
    let dp = DeleteParams {
        preconditions: Some(Preconditions {
            uid: pod.metadata.uid.clone(),
            resource_version: None,
        }),
        ..DeleteParams::default()
    };
    match api.delete(&name, &dp).await {
        Ok(_) => Ok(()),
        Err(kube::Error::Api(s)) if s.code == 404 || s.code == 409 => Ok(()),
        Err(source) => Err(Error::DeletePod {
            namespace: pod.metadata.namespace.clone().unwrap_or_default(),
            name,
            source,
        }),
    }
}

/// The status counts of a set of active pods.
pub fn counts_of(
    active: &[Arc<Pod>],
    template_labels: &BTreeMap<String, String>,
    min_ready: i32,
    now: jiff::Timestamp,
    generation: i64,
) -> ReplicaCounts {
    let n = |f: &dyn Fn(&Pod) -> bool| {
        i32::try_from(active.iter().filter(|p| f(p)).count()).unwrap_or(i32::MAX)
    };
    ReplicaCounts {
        replicas: n(&|_| true),
        fully_labeled: n(&|p| {
            let labels = p.metadata.labels.clone().unwrap_or_default();
            template_labels
                .iter()
                .all(|(k, v)| labels.get(k) == Some(v))
        }),
        ready: n(&|p| pods::is_ready(p)),
        available: n(&|p| pods::is_available(p, min_ready, now)),
        observed_generation: generation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{PodCondition, PodStatus};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};

    fn pod(labels: &[(&str, &str)], ready_at: Option<i64>) -> Arc<Pod> {
        Arc::new(Pod {
            metadata: ObjectMeta {
                labels: Some(
                    labels
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                ),
                ..ObjectMeta::default()
            },
            spec: None,
            status: Some(PodStatus {
                phase: Some("Running".into()),
                conditions: ready_at.map(|t| {
                    vec![PodCondition {
                        type_: "Ready".into(),
                        status: "True".into(),
                        last_transition_time: Some(Time(jiff::Timestamp::from_second(t).unwrap())),
                        ..PodCondition::default()
                    }]
                }),
                ..PodStatus::default()
            }),
        })
    }

    #[test]
    fn counts_report_fully_labeled_ready_and_available_pods() {
        let template: BTreeMap<String, String> = [
            ("app".to_string(), "web".to_string()),
            ("v".to_string(), "1".to_string()),
        ]
        .into();
        let pods = [
            pod(&[("app", "web"), ("v", "1")], Some(100)),
            pod(&[("app", "web"), ("v", "1")], Some(195)),
            pod(&[("app", "web")], None),
        ];
        let c = counts_of(
            &pods,
            &template,
            10,
            jiff::Timestamp::from_second(200).unwrap(),
            3,
        );
        assert_eq!(
            c,
            ReplicaCounts {
                replicas: 3,
                fully_labeled: 2,
                ready: 2,
                available: 1,
                observed_generation: 3
            }
        );
    }

    #[test]
    fn a_replication_controller_without_selector_selects_its_template_labels() {
        let rc: ReplicationController = serde_json::from_value(json!({
            "metadata": {"name": "rc"},
            "spec": {"template": {"metadata": {"labels": {"app": "x"}}}}
        }))
        .unwrap();
        let sel = rc.selector().unwrap();
        assert_eq!(
            sel.match_labels.unwrap().get("app").map(String::as_str),
            Some("x")
        );
    }
}
