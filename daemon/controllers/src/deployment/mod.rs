//! The Deployment controller: owns ReplicaSets (one per pod template, named by its
//! pod-template-hash), rolls between them with RollingUpdate (maxSurge/maxUnavailable) or
//! Recreate, keeps revisions (`deployment.kubernetes.io/revision`, a reused ReplicaSet gets the
//! next revision — what kubectl's client-side `rollout undo` relies on), honours `paused`,
//! cleans up beyond revisionHistoryLimit, and reports the status and the Available and
//! Progressing conditions `kubectl rollout status` reads (ProgressDeadlineExceeded included).

pub mod logic;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet, ReplicaSetSpec};
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, OwnerReference};
use kube::Client;
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams, Preconditions};
use serde_json::json;

use crate::events::Recorder;
use crate::pods;
use crate::runtime::{Action, Informer, WorkQueue, get_by_key, key_of, split_key};
use logic::*;

/// Deployment controller failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("writing ReplicaSet {namespace}/{name}: {source}")]
    WriteReplicaSet {
        namespace: String,
        name: String,
        #[source]
        source: kube::Error,
    },
    #[error("writing Deployment {key}: {source}")]
    WriteDeployment {
        key: String,
        #[source]
        source: kube::Error,
    },
    #[error("ReplicaSet {name} exists with another template; collision count raised")]
    HashCollision { name: String },
}

/// The Deployment controller.
pub struct DeploymentController {
    client: Client,
    deployments: Arc<Informer<Deployment>>,
    replicasets: Arc<Informer<ReplicaSet>>,
    pods: Arc<Informer<Pod>>,
    pub queue: WorkQueue,
    events: Recorder,
}

impl DeploymentController {
    /// Registers its handlers on the shared informers.
    pub fn new(
        client: Client,
        deployments: Arc<Informer<Deployment>>,
        replicasets: Arc<Informer<ReplicaSet>>,
        pods: Arc<Informer<Pod>>,
        queue: WorkQueue,
        events: Recorder,
    ) -> Arc<Self> {
        let c = Arc::new(DeploymentController {
            client,
            deployments: deployments.clone(),
            replicasets: replicasets.clone(),
            pods: pods.clone(),
            queue: queue.clone(),
            events,
        });
        let q = queue.clone();
        deployments.on_event(move |_, d, _| q.add(key_of(d)));
        let weak = Arc::downgrade(&c);
        replicasets.on_event(move |old, rs, _| {
            if let Some(c) = weak.upgrade() {
                for r in old.into_iter().chain(std::iter::once(rs)) {
                    c.enqueue_for_rs(r);
                }
            }
        });
        let weak = Arc::downgrade(&c);
        pods.on_event(move |_, pod, deleted| {
            // Recreate waits for old pods to be gone: a pod's deletion may unblock it.
            if !deleted {
                return;
            }
            let Some(c) = weak.upgrade() else { return };
            let ns = pod.metadata.namespace.as_deref().unwrap_or("");
            if let Some(r) = pods::controller_ref(&pod.metadata).filter(|r| r.kind == "ReplicaSet")
                && let Some(rs) = get_by_key(&c.replicasets.store(), &format!("{ns}/{}", r.name))
            {
                c.enqueue_for_rs(&rs);
            }
        });
        c
    }

    fn enqueue_for_rs(&self, rs: &ReplicaSet) {
        let ns = rs.metadata.namespace.as_deref().unwrap_or("");
        match pods::controller_ref(&rs.metadata) {
            Some(r) if r.kind == "Deployment" => self.queue.add(format!("{ns}/{}", r.name)),
            Some(_) => {}
            None => {
                for d in self.deployments.list_namespace(ns) {
                    let sel = d.spec.as_ref().map(|s| &s.selector);
                    if pods::selector_matches(sel, rs.metadata.labels.as_ref()) {
                        self.queue.add(key_of(d.as_ref()));
                    }
                }
            }
        }
    }

    /// Every Deployment's key (for resync).
    pub fn keys(&self) -> Vec<String> {
        self.deployments
            .store()
            .state()
            .iter()
            .map(|d| key_of(d.as_ref()))
            .collect()
    }

    fn rs_api(&self, ns: &str) -> Api<ReplicaSet> {
        Api::namespaced(self.client.clone(), ns)
    }

    /// One Deployment toward its spec.
    pub async fn reconcile(&self, key: String) -> Result<Action, Error> {
        let Some(d) = get_by_key(&self.deployments.store(), &key) else {
            return Ok(Action::Done);
        };
        let d = (*d).clone();
        let (ns, _) = split_key(&key);
        let mut all = self.claim_replica_sets(&d, ns).await?;
        if d.metadata.deletion_timestamp.is_some() {
            return self.sync_status(&d, &all, None, &key).await;
        }
        let paused = d.spec.as_ref().and_then(|s| s.paused).unwrap_or(false);
        let recreate = is_recreate(&d);
        let new_idx = self
            .sync_revision(&d, &mut all, !paused && !recreate, ns, &key)
            .await?;
        let mut d = self.deployments_latest(&key).unwrap_or(d);
        if paused {
            self.scale_proportionally(&d, &mut all, new_idx, ns).await?;
            return self.sync_status(&d, &all, new_idx, &key).await;
        }
        if recreate {
            return self
                .rollout_recreate(&mut d, &mut all, new_idx, ns, &key)
                .await;
        }
        self.rollout_rolling(&d, &mut all, new_idx, ns, &key).await
    }

    fn deployments_latest(&self, key: &str) -> Option<Deployment> {
        get_by_key(&self.deployments.store(), key).map(|d| (*d).clone())
    }

    /// The ReplicaSets this Deployment controls, adopting matching orphans and releasing
    /// ReplicaSets that no longer match.
    async fn claim_replica_sets(&self, d: &Deployment, ns: &str) -> Result<Vec<ReplicaSet>, Error> {
        let uid = d.metadata.uid.clone().unwrap_or_default();
        let sel = d.spec.as_ref().map(|s| &s.selector);
        let deleting = d.metadata.deletion_timestamp.is_some();
        let mut owned = Vec::new();
        for rs in self.replicasets.list_namespace(ns) {
            let matches = pods::selector_matches(sel, rs.metadata.labels.as_ref());
            match pods::controller_ref(&rs.metadata) {
                Some(r) if r.uid == uid => {
                    if matches || deleting {
                        owned.push((*rs).clone());
                    } else {
                        self.set_rs_owner(&rs, None).await?;
                    }
                }
                Some(_) => {}
                None if matches && !deleting && rs.metadata.deletion_timestamp.is_none() => {
                    self.set_rs_owner(&rs, Some(pods::owner_ref(d))).await?;
                    owned.push((*rs).clone());
                }
                None => {}
            }
        }
        owned.sort_by(|a, b| {
            a.metadata
                .creation_timestamp
                .as_ref()
                .map(|t| t.0)
                .cmp(&b.metadata.creation_timestamp.as_ref().map(|t| t.0))
        });
        Ok(owned)
    }

    async fn set_rs_owner(
        &self,
        rs: &ReplicaSet,
        owner: Option<OwnerReference>,
    ) -> Result<(), Error> {
        let ns = rs.metadata.namespace.clone().unwrap_or_default();
        let name = rs.metadata.name.clone().unwrap_or_default();
        let mut refs = rs.metadata.owner_references.clone().unwrap_or_default();
        refs.retain(|r| r.controller != Some(true));
        refs.extend(owner);
        let patch = json!({"metadata": {"ownerReferences": refs, "resourceVersion": rs.metadata.resource_version}});
        match self
            .rs_api(&ns)
            .patch(&name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
        {
            Ok(_) => Ok(()),
            Err(kube::Error::Api(s)) if s.code == 404 => Ok(()),
            Err(source) => Err(Error::WriteReplicaSet {
                namespace: ns,
                name,
                source,
            }),
        }
    }

    /// Finds the ReplicaSet of the current template (creating it when `create`), gives it the
    /// next revision if an older ReplicaSet has a newer one, and records the revision on the
    /// Deployment. Returns its index in `all`.
    async fn sync_revision(
        &self,
        d: &Deployment,
        all: &mut Vec<ReplicaSet>,
        create: bool,
        ns: &str,
        key: &str,
    ) -> Result<Option<usize>, Error> {
        let Some(spec) = d.spec.as_ref() else {
            return Ok(None);
        };
        let template = &spec.template;
        let mut new_idx = all.iter().position(|rs| {
            rs.spec
                .as_ref()
                .and_then(|s| s.template.as_ref())
                .is_some_and(|t| templates_equal(t, template))
        });
        let max_old = all
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != new_idx)
            .map(|(_, rs)| revision(rs.metadata.annotations.as_ref()))
            .max()
            .unwrap_or(0);
        let new_revision = max_old + 1;
        let (surge, _) = fenceposts(d);
        let desired = replicas(d);
        match new_idx {
            Some(i) => {
                let rs = &all[i];
                let mut annotations = rs.metadata.annotations.clone().unwrap_or_default();
                let mut changed = false;
                if revision(Some(&annotations)) < new_revision {
                    annotations.insert(REVISION.into(), new_revision.to_string());
                    changed = true;
                }
                for (k, v) in copied_annotations(d) {
                    if annotations.get(&k) != Some(&v) {
                        annotations.insert(k, v);
                        changed = true;
                    }
                }
                let min_ready_changed =
                    rs.spec.as_ref().and_then(|s| s.min_ready_seconds) != spec.min_ready_seconds;
                if changed || min_ready_changed {
                    let mut updated = rs.clone();
                    updated.metadata.annotations = Some(annotations);
                    if let Some(s) = updated.spec.as_mut() {
                        s.min_ready_seconds = spec.min_ready_seconds;
                    }
                    all[i] = self.replace_rs(&updated).await?;
                }
            }
            None if create => {
                all.push(
                    self.create_new_rs(d, all, new_revision, surge, desired, ns, key)
                        .await?,
                );
                new_idx = Some(all.len() - 1);
            }
            None => {}
        }
        // The Deployment carries the revision of its newest ReplicaSet.
        let rev = new_idx
            .map(|i| revision(all[i].metadata.annotations.as_ref()))
            .unwrap_or(0);
        if rev > 0 && revision(d.metadata.annotations.as_ref()) != rev {
            let patch = json!({"metadata": {"annotations": {REVISION: rev.to_string()}}});
            Api::<Deployment>::namespaced(self.client.clone(), ns)
                .patch(
                    d.metadata.name.as_deref().unwrap_or(""),
                    &PatchParams::default(),
                    &Patch::Merge(&patch),
                )
                .await
                .map_err(|source| Error::WriteDeployment {
                    key: key.to_string(),
                    source,
                })?;
        }
        Ok(new_idx)
    }

    #[allow(clippy::too_many_arguments)]
    async fn create_new_rs(
        &self,
        d: &Deployment,
        all: &[ReplicaSet],
        revision_no: i64,
        surge: i32,
        desired: i32,
        ns: &str,
        key: &str,
    ) -> Result<ReplicaSet, Error> {
        let spec = d.spec.clone().unwrap_or_default();
        let collision = d.status.as_ref().and_then(|s| s.collision_count);
        let hash = template_hash(&spec.template, collision);
        let mut template = spec.template.clone();
        let tmeta = template.metadata.get_or_insert_with(ObjectMeta::default);
        tmeta
            .labels
            .get_or_insert_with(BTreeMap::new)
            .insert(HASH_LABEL.into(), hash.clone());
        let mut selector: LabelSelector = spec.selector.clone();
        selector
            .match_labels
            .get_or_insert_with(BTreeMap::new)
            .insert(HASH_LABEL.into(), hash.clone());
        let name = format!("{}-{hash}", d.metadata.name.as_deref().unwrap_or(""));
        let all_replicas: i32 = all.iter().map(rs_replicas).sum();
        let replicas = new_rs_new_replicas(desired, surge, is_recreate(d), all_replicas, 0);
        let mut annotations = copied_annotations(d);
        annotations.insert(REVISION.into(), revision_no.to_string());
        annotations.insert(DESIRED_REPLICAS.into(), desired.to_string());
        annotations.insert(MAX_REPLICAS.into(), (desired + surge).to_string());
        let rs = ReplicaSet {
            metadata: ObjectMeta {
                name: Some(name.clone()),
                namespace: Some(ns.to_string()),
                labels: tmeta.labels.clone(),
                annotations: Some(annotations),
                owner_references: Some(vec![pods::owner_ref(d)]),
                ..ObjectMeta::default()
            },
            spec: Some(ReplicaSetSpec {
                replicas: Some(replicas),
                min_ready_seconds: spec.min_ready_seconds,
                selector,
                template: Some(template),
            }),
            status: None,
        };
        let api = self.rs_api(ns);
        match api.create(&PostParams::default(), &rs).await {
            Ok(created) => {
                if replicas > 0 {
                    self.events.normal(
                        d,
                        "ScalingReplicaSet",
                        format!("Scaled up replica set {name} from 0 to {replicas}"),
                    );
                }
                let msg = format!("Created new replica set \"{name}\"");
                self.set_progressing_now(d, "NewReplicaSetCreated", msg, key)
                    .await?;
                Ok(created)
            }
            Err(kube::Error::Api(s)) if s.code == 409 => {
                // Ours with the same template (a stale cache): use it. Otherwise a hash
                // collision: count it so the next hash differs.
                if let Ok(existing) = api.get(&name).await {
                    let ours = pods::controller_ref(&existing.metadata)
                        .is_some_and(|r| Some(&r.uid) == d.metadata.uid.as_ref());
                    let same = existing
                        .spec
                        .as_ref()
                        .and_then(|s| s.template.as_ref())
                        .is_some_and(|t| templates_equal(t, &spec.template));
                    if ours && same {
                        return Ok(existing);
                    }
                }
                let mut updated = d.clone();
                let st = updated.status.get_or_insert_with(Default::default);
                st.collision_count = Some(st.collision_count.unwrap_or(0) + 1);
                Api::<Deployment>::namespaced(self.client.clone(), ns)
                    .replace_status(
                        d.metadata.name.as_deref().unwrap_or(""),
                        &PostParams::default(),
                        &updated,
                    )
                    .await
                    .map_err(|source| Error::WriteDeployment {
                        key: key.to_string(),
                        source,
                    })?;
                Err(Error::HashCollision { name })
            }
            Err(source) => Err(Error::WriteReplicaSet {
                namespace: ns.to_string(),
                name,
                source,
            }),
        }
    }

    async fn set_progressing_now(
        &self,
        d: &Deployment,
        reason: &str,
        message: String,
        key: &str,
    ) -> Result<(), Error> {
        if d.spec
            .as_ref()
            .and_then(|s| s.progress_deadline_seconds)
            .is_none()
        {
            return Ok(());
        }
        let Some(latest) = self.deployments_latest(key) else {
            return Ok(());
        };
        let mut updated = latest;
        let st = updated.status.get_or_insert_with(Default::default);
        set_condition(
            st,
            new_condition(
                "Progressing",
                "True",
                reason,
                message,
                crate::runtime::now(),
            ),
        );
        let (ns, name) = split_key(key);
        Api::<Deployment>::namespaced(self.client.clone(), ns)
            .replace_status(name, &PostParams::default(), &updated)
            .await
            .map_err(|source| Error::WriteDeployment {
                key: key.to_string(),
                source,
            })?;
        Ok(())
    }

    async fn replace_rs(&self, rs: &ReplicaSet) -> Result<ReplicaSet, Error> {
        let ns = rs.metadata.namespace.clone().unwrap_or_default();
        let name = rs.metadata.name.clone().unwrap_or_default();
        self.rs_api(&ns)
            .replace(&name, &PostParams::default(), rs)
            .await
            .map_err(|source| Error::WriteReplicaSet {
                namespace: ns,
                name,
                source,
            })
    }

    /// Sets a ReplicaSet's replicas (and its desired/max annotations); true when it changed.
    async fn scale(&self, d: &Deployment, rs: &mut ReplicaSet, to: i32) -> Result<bool, Error> {
        let (surge, _) = fenceposts(d);
        let desired = replicas(d);
        let ann = rs.metadata.annotations.clone().unwrap_or_default();
        let annotations_ok = ann.get(DESIRED_REPLICAS) == Some(&desired.to_string())
            && ann.get(MAX_REPLICAS) == Some(&(desired + surge).to_string());
        if rs_replicas(rs) == to && annotations_ok {
            return Ok(false);
        }
        let from = rs_replicas(rs);
        let changed = from != to;
        let mut updated = rs.clone();
        if let Some(s) = updated.spec.as_mut() {
            s.replicas = Some(to);
        }
        let a = updated
            .metadata
            .annotations
            .get_or_insert_with(BTreeMap::new);
        a.insert(DESIRED_REPLICAS.into(), desired.to_string());
        a.insert(MAX_REPLICAS.into(), (desired + surge).to_string());
        *rs = self.replace_rs(&updated).await?;
        if changed {
            let way = if to > from { "up" } else { "down" };
            self.events.normal(
                d,
                "ScalingReplicaSet",
                format!(
                    "Scaled {way} replica set {} from {from} to {to}",
                    rs.metadata.name.as_deref().unwrap_or("")
                ),
            );
        }
        Ok(changed)
    }

    async fn rollout_rolling(
        &self,
        d: &Deployment,
        all: &mut [ReplicaSet],
        new_idx: Option<usize>,
        ns: &str,
        key: &str,
    ) -> Result<Action, Error> {
        let desired = replicas(d);
        let (surge, max_unavailable) = fenceposts(d);
        if let Some(i) = new_idx {
            // The new ReplicaSet grows within maxSurge (or shrinks to the desired count).
            let total: i32 = all.iter().map(rs_replicas).sum();
            let cur = rs_replicas(&all[i]);
            let target = if cur > desired {
                desired
            } else {
                new_rs_new_replicas(desired, surge, false, total, cur)
            };
            if self.scale(d, &mut all[i], target).await? {
                return self.sync_status(d, all, new_idx, key).await;
            }
            // Old ReplicaSets shrink while enough pods stay available.
            let total: i32 = all.iter().map(rs_replicas).sum();
            let old_total: i32 = all
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, rs)| rs_replicas(rs))
                .sum();
            if old_total > 0 {
                let mut budget = max_scaled_down(
                    total,
                    desired,
                    max_unavailable,
                    rs_replicas(&all[i]),
                    rs_available(&all[i]),
                );
                let mut scaled = false;
                if budget > 0 {
                    // First the unhealthy old pods, oldest ReplicaSet first.
                    for j in (0..all.len()).filter(|j| *j != i) {
                        if budget <= 0 {
                            break;
                        }
                        let unhealthy = rs_replicas(&all[j]) - rs_available(&all[j]);
                        let n = unhealthy.min(budget);
                        if n > 0 {
                            let to = rs_replicas(&all[j]) - n;
                            scaled |= self.scale(d, &mut all[j], to).await?;
                            budget -= n;
                        }
                    }
                    // Then available old pods, as far as maxUnavailable allows.
                    let available: i32 = all.iter().map(rs_available).sum();
                    let mut left = old_scale_down_budget(available, desired, max_unavailable)
                        .min(budget.max(0));
                    for j in (0..all.len()).filter(|j| *j != i) {
                        if left <= 0 {
                            break;
                        }
                        let n = rs_replicas(&all[j]).min(left);
                        if n > 0 {
                            let to = rs_replicas(&all[j]) - n;
                            scaled |= self.scale(d, &mut all[j], to).await?;
                            left -= n;
                        }
                    }
                }
                if scaled {
                    return self.sync_status(d, all, new_idx, key).await;
                }
            }
        }
        self.cleanup_if_complete(d, all, new_idx, ns).await?;
        self.sync_status(d, all, new_idx, key).await
    }

    async fn rollout_recreate(
        &self,
        d: &mut Deployment,
        all: &mut Vec<ReplicaSet>,
        mut new_idx: Option<usize>,
        ns: &str,
        key: &str,
    ) -> Result<Action, Error> {
        let mut scaled = false;
        for j in (0..all.len()).filter(|j| Some(*j) != new_idx) {
            scaled |= self.scale(d, &mut all[j], 0).await?;
        }
        if scaled {
            return self.sync_status(d, all, new_idx, key).await;
        }
        // Old pods must be gone (not merely being deleted) before new ones start.
        let old_uids: Vec<String> = all
            .iter()
            .enumerate()
            .filter(|(j, _)| Some(*j) != new_idx)
            .filter_map(|(_, rs)| rs.metadata.uid.clone())
            .collect();
        let old_running = old_uids.iter().any(|uid| {
            self.pods.list_controlled_by(uid).iter().any(|p| {
                p.metadata.namespace.as_deref() == Some(ns)
                    && !matches!(pods::phase(p), "Succeeded" | "Failed")
            })
        });
        if old_running {
            return self.sync_status(d, all, new_idx, key).await;
        }
        if new_idx.is_none() {
            new_idx = self.sync_revision(d, all, true, ns, key).await?;
            if let Some(latest) = self.deployments_latest(key) {
                *d = latest;
            }
        }
        if let Some(i) = new_idx {
            let desired = replicas(d);
            if self.scale(d, &mut all[i], desired).await? {
                return self.sync_status(d, all, new_idx, key).await;
            }
        }
        self.cleanup_if_complete(d, all, new_idx, ns).await?;
        self.sync_status(d, all, new_idx, key).await
    }

    /// Paused or scaled: spread the desired count over the active ReplicaSets (the newest
    /// takes the change when it is the only active one; otherwise in proportion to their size).
    async fn scale_proportionally(
        &self,
        d: &Deployment,
        all: &mut [ReplicaSet],
        new_idx: Option<usize>,
        _ns: &str,
    ) -> Result<(), Error> {
        let desired = replicas(d);
        let active: Vec<usize> = (0..all.len())
            .filter(|i| rs_replicas(&all[*i]) > 0)
            .collect();
        let target_idx = match active.as_slice() {
            [] => new_idx.or(all.len().checked_sub(1)),
            [only] => Some(*only),
            _ => None,
        };
        if let Some(i) = target_idx {
            self.scale(d, &mut all[i], desired).await?;
            return Ok(());
        }
        let (surge, _) = fenceposts(d);
        let total: i32 = active.iter().map(|i| rs_replicas(&all[*i])).sum();
        let allowed = desired + surge;
        let delta = allowed - total;
        if delta == 0 {
            return Ok(());
        }
        // Largest first for growth and for shrinking.
        let mut order = active.clone();
        order.sort_by_key(|i| std::cmp::Reverse(rs_replicas(&all[*i])));
        let mut targets: Vec<(usize, i32)> = Vec::new();
        let mut assigned = 0;
        for &i in &order {
            let share =
                i64::from(rs_replicas(&all[i])) * i64::from(delta) / i64::from(total.max(1));
            let share = i32::try_from(share).unwrap_or(0);
            targets.push((i, share));
            assigned += share;
        }
        if let Some(first) = targets.first_mut() {
            first.1 += delta - assigned;
        }
        for (i, share) in targets {
            let to = (rs_replicas(&all[i]) + share).max(0);
            self.scale(d, &mut all[i], to).await?;
        }
        Ok(())
    }

    async fn cleanup_if_complete(
        &self,
        d: &Deployment,
        all: &[ReplicaSet],
        new_idx: Option<usize>,
        ns: &str,
    ) -> Result<(), Error> {
        let status = calculate_status(
            d,
            &all.iter().collect::<Vec<_>>(),
            new_idx.map(|i| &all[i]),
            crate::runtime::now(),
        );
        if !is_complete(d, &status) {
            return Ok(());
        }
        let limit = d
            .spec
            .as_ref()
            .and_then(|s| s.revision_history_limit)
            .unwrap_or(10);
        let old: Vec<&ReplicaSet> = all
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != new_idx)
            .map(|(_, rs)| rs)
            .collect();
        for rs in history_to_clean(&old, limit) {
            let name = rs.metadata.name.clone().unwrap_or_default();
            let dp = DeleteParams {
                preconditions: Some(Preconditions {
                    uid: rs.metadata.uid.clone(),
                    resource_version: None,
                }),
                ..DeleteParams::default()
            };
            match self.rs_api(ns).delete(&name, &dp).await {
                Ok(_) => {}
                Err(kube::Error::Api(s)) if s.code == 404 || s.code == 409 => {}
                Err(source) => {
                    return Err(Error::WriteReplicaSet {
                        namespace: ns.to_string(),
                        name,
                        source,
                    });
                }
            }
        }
        Ok(())
    }

    /// Computes and writes the status and conditions; requeues for the progress deadline.
    async fn sync_status(
        &self,
        d: &Deployment,
        all: &[ReplicaSet],
        new_idx: Option<usize>,
        key: &str,
    ) -> Result<Action, Error> {
        let now = crate::runtime::now();
        // The latest Deployment (earlier steps may have written its status or annotations).
        let d = self
            .deployments_latest(key)
            .filter(|l| l.metadata.uid == d.metadata.uid)
            .unwrap_or_else(|| d.clone());
        let new_rs = new_idx.map(|i| &all[i]);
        let mut status = calculate_status(&d, &all.iter().collect::<Vec<_>>(), new_rs, now);
        let old = d.status.clone().unwrap_or_default();
        let paused = d.spec.as_ref().and_then(|s| s.paused).unwrap_or(false);
        let has_deadline = d
            .spec
            .as_ref()
            .and_then(|s| s.progress_deadline_seconds)
            .is_some_and(|s| s != i32::MAX);
        let mut action = Action::Done;
        let rs_name = new_rs
            .and_then(|rs| rs.metadata.name.clone())
            .unwrap_or_default();
        if !has_deadline {
            if let Some(c) = status.conditions.as_mut() {
                c.retain(|c| c.type_ != "Progressing");
            }
        } else if paused {
            let cur = condition(&status, "Progressing");
            if cur.and_then(|c| c.reason.as_deref()) != Some("DeploymentPaused") {
                set_condition(
                    &mut status,
                    new_condition(
                        "Progressing",
                        "Unknown",
                        "DeploymentPaused",
                        "Deployment is paused".into(),
                        now,
                    ),
                );
            }
        } else {
            let cur = condition(&status, "Progressing").cloned();
            let cur_reason = cur
                .as_ref()
                .and_then(|c| c.reason.clone())
                .unwrap_or_default();
            let complete_already = status.replicas == status.updated_replicas
                && cur_reason == "NewReplicaSetAvailable";
            if cur_reason == "DeploymentPaused" {
                set_condition(
                    &mut status,
                    new_condition(
                        "Progressing",
                        "Unknown",
                        "DeploymentResumed",
                        "Deployment is resumed".into(),
                        now,
                    ),
                );
            }
            if !complete_already {
                if is_complete(&d, &status) {
                    let msg = format!("ReplicaSet \"{rs_name}\" has successfully progressed.");
                    set_condition(
                        &mut status,
                        new_condition("Progressing", "True", "NewReplicaSetAvailable", msg, now),
                    );
                } else if is_progressing(&old, &status) || cur.is_none() {
                    let msg = if rs_name.is_empty() {
                        format!(
                            "Deployment \"{}\" is progressing.",
                            d.metadata.name.as_deref().unwrap_or("")
                        )
                    } else {
                        format!("ReplicaSet \"{rs_name}\" is progressing.")
                    };
                    let mut c = new_condition("Progressing", "True", "ReplicaSetUpdated", msg, now);
                    if let Some(prev) = cur.as_ref().filter(|p| p.status == "True") {
                        c.last_transition_time = prev.last_transition_time.clone();
                    }
                    status
                        .conditions
                        .get_or_insert_with(Vec::new)
                        .retain(|x| x.type_ != "Progressing");
                    status.conditions.get_or_insert_with(Vec::new).push(c);
                    if let Some(s) = d.spec.as_ref().and_then(|s| s.progress_deadline_seconds) {
                        action = Action::RequeueAfter(Duration::from_secs(
                            u64::try_from(s).unwrap_or(600).max(1) + 1,
                        ));
                    }
                } else if cur_reason != "ProgressDeadlineExceeded" {
                    match deadline_left(&d, &status, now) {
                        Some(left) if left < 0 => {
                            let msg =
                                format!("ReplicaSet \"{rs_name}\" has timed out progressing.");
                            set_condition(
                                &mut status,
                                new_condition(
                                    "Progressing",
                                    "False",
                                    "ProgressDeadlineExceeded",
                                    msg,
                                    now,
                                ),
                            );
                        }
                        Some(left) => {
                            action =
                                Action::RequeueAfter(Duration::from_secs(left.unsigned_abs() + 1))
                        }
                        None => {}
                    }
                }
            }
        }
        if Some(&status) != d.status.as_ref() {
            let mut updated = d.clone();
            updated.status = Some(status);
            let (ns, name) = split_key(key);
            Api::<Deployment>::namespaced(self.client.clone(), ns)
                .replace_status(name, &PostParams::default(), &updated)
                .await
                .map_err(|source| Error::WriteDeployment {
                    key: key.to_string(),
                    source,
                })?;
        }
        Ok(action)
    }
}
