//! ControllerRevisions for DaemonSets and StatefulSets: one per pod template, named
//! `<owner>-<hash>`, numbered (`revision`) so that `kubectl rollout history` lists them; a
//! template that comes back reuses its revision object with the next number; old unused ones
//! are pruned beyond revisionHistoryLimit.

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::apps::v1::ControllerRevision;
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;
use kube::api::{Api, DeleteParams, PostParams};
use kube::{Client, Resource};
use serde_json::json;

use crate::pods;

pub const HASH_LABEL: &str = "controller-revision-hash";

/// The ControllerRevisions `owner` controls, oldest revision first.
pub fn owned(all: Vec<Arc<ControllerRevision>>, owner_uid: &str) -> Vec<Arc<ControllerRevision>> {
    let mut v: Vec<Arc<ControllerRevision>> = all
        .into_iter()
        .filter(|r| pods::controller_ref(&r.metadata).is_some_and(|o| o.uid == owner_uid))
        .collect();
    v.sort_by_key(|r| r.revision);
    v
}

/// Makes sure the revision of `template` exists and is the newest; returns its name.
pub async fn ensure<O>(
    client: &Client,
    owner: &O,
    existing: &[Arc<ControllerRevision>],
    template: &PodTemplateSpec,
    hash: &str,
) -> Result<ControllerRevision, kube::Error>
where
    O: Resource<DynamicType = ()>,
{
    let ns = owner.meta().namespace.clone().unwrap_or_default();
    let owner_name = owner.meta().name.clone().unwrap_or_default();
    let name = format!("{owner_name}-{hash}");
    let api: Api<ControllerRevision> = Api::namespaced(client.clone(), &ns);
    let max = existing.iter().map(|r| r.revision).max().unwrap_or(0);
    if let Some(found) = existing
        .iter()
        .find(|r| r.metadata.name.as_deref() == Some(name.as_str()))
    {
        if found.revision == max {
            return Ok((**found).clone());
        }
        let mut bumped = (**found).clone();
        bumped.revision = max + 1;
        return api.replace(&name, &PostParams::default(), &bumped).await;
    }
    let mut labels: BTreeMap<String, String> = template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone())
        .unwrap_or_default();
    labels.insert(HASH_LABEL.into(), hash.into());
    let mut t = serde_json::to_value(template).unwrap_or_default();
    t["$patch"] = json!("replace");
    let rev = ControllerRevision {
        metadata: ObjectMeta {
            name: Some(name.clone()),
            namespace: Some(ns),
            labels: Some(labels),
            owner_references: Some(vec![pods::owner_ref(owner)]),
            ..ObjectMeta::default()
        },
        data: Some(RawExtension(json!({"spec": {"template": t}}))),
        revision: max + 1,
    };
    match api.create(&PostParams::default(), &rev).await {
        Ok(r) => Ok(r),
        Err(kube::Error::Api(s)) if s.code == 409 => api.get(&name).await,
        Err(e) => Err(e),
    }
}

/// Deletes the oldest revisions beyond `limit`, never one named in `in_use`.
pub async fn prune(
    client: &Client,
    ns: &str,
    existing: &[Arc<ControllerRevision>],
    limit: usize,
    in_use: &[&str],
) -> Result<(), kube::Error> {
    let api: Api<ControllerRevision> = Api::namespaced(client.clone(), ns);
    let candidates: Vec<&Arc<ControllerRevision>> = existing
        .iter()
        .filter(|r| !in_use.contains(&r.metadata.name.as_deref().unwrap_or("")))
        .collect();
    let excess = candidates.len().saturating_sub(limit);
    for r in candidates.into_iter().take(excess) {
        match api
            .delete(
                r.metadata.name.as_deref().unwrap_or(""),
                &DeleteParams::default(),
            )
            .await
        {
            Ok(_) => {}
            Err(kube::Error::Api(s)) if s.code == 404 => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
