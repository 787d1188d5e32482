//! The namespace controller: a namespace being deleted (phase Terminating, finalizer
//! `kubernetes`) is emptied — every object of every served namespaced resource deleted — and
//! then its `kubernetes` finalizer is removed through `namespaces/<name>/finalize`, after which
//! the API server removes the namespace.

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::core::v1::Namespace;
use kube::Client;
use kube::api::{Api, DeleteParams, DynamicObject, ListParams, PostParams};
use kube::discovery::verbs;

use crate::discovery::Resources;
use crate::runtime::{Action, Informer, WorkQueue, get_by_key};

/// Namespace controller failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("discovering the served resources: {0}")]
    Discovery(#[source] kube::Error),
    #[error("deleting {resource} in namespace {namespace}: {source}")]
    DeleteContent {
        resource: String,
        namespace: String,
        #[source]
        source: kube::Error,
    },
    #[error("finalizing namespace {namespace}: {source}")]
    Finalize {
        namespace: String,
        #[source]
        source: kube::Error,
    },
}

/// The namespace controller.
pub struct NamespaceController {
    client: Client,
    namespaces: Arc<Informer<Namespace>>,
    pub queue: WorkQueue,
    /// How soon to look again while content remains.
    recheck: Duration,
}

impl NamespaceController {
    pub fn new(
        client: Client,
        namespaces: Arc<Informer<Namespace>>,
        queue: WorkQueue,
        recheck: Duration,
    ) -> Arc<Self> {
        let q = queue.clone();
        namespaces.on_event(move |_, ns, deleted| {
            if !deleted && ns.metadata.deletion_timestamp.is_some() {
                q.add(ns.metadata.name.clone().unwrap_or_default());
            }
        });
        Arc::new(NamespaceController {
            client,
            namespaces,
            queue,
            recheck,
        })
    }

    /// Namespaces being deleted (for resync).
    pub fn keys(&self) -> Vec<String> {
        self.namespaces
            .store()
            .state()
            .iter()
            .filter(|n| n.metadata.deletion_timestamp.is_some())
            .filter_map(|n| n.metadata.name.clone())
            .collect()
    }

    pub async fn reconcile(&self, name: String) -> Result<Action, Error> {
        let Some(ns) = get_by_key(&self.namespaces.store(), &name) else {
            return Ok(Action::Done);
        };
        if ns.metadata.deletion_timestamp.is_none() {
            return Ok(Action::Done);
        }
        let finalizers = ns
            .spec
            .as_ref()
            .and_then(|s| s.finalizers.clone())
            .unwrap_or_default();
        if !finalizers.iter().any(|f| f == "kubernetes") {
            return Ok(Action::Done);
        }
        let resources = Resources::discover(&self.client)
            .await
            .map_err(Error::Discovery)?;
        let mut remaining = 0usize;
        for served in resources.preferred.iter().filter(|s| s.namespaced) {
            if !served.caps.supports_operation(verbs::LIST)
                || !served.caps.supports_operation(verbs::DELETE)
            {
                continue;
            }
            let api: Api<DynamicObject> =
                Api::namespaced_with(self.client.clone(), &name, &served.resource);
            let err = |source| Error::DeleteContent {
                resource: served.resource.plural.clone(),
                namespace: name.clone(),
                source,
            };
            let list = match api.list(&ListParams::default()).await {
                Ok(l) => l,
                Err(kube::Error::Api(s)) if s.code == 404 || s.code == 405 => continue,
                Err(e) => return Err(err(e)),
            };
            if list.items.is_empty() {
                continue;
            }
            remaining += list.items.len();
            let dp = DeleteParams::background();
            for obj in list
                .items
                .iter()
                .filter(|o| o.metadata.deletion_timestamp.is_none())
            {
                let Some(n) = obj.metadata.name.as_deref() else {
                    continue;
                };
                match api.delete(n, &dp).await {
                    Ok(_) => {}
                    Err(kube::Error::Api(s)) if s.code == 404 || s.code == 409 => {}
                    Err(e) => return Err(err(e)),
                }
            }
        }
        if remaining > 0 {
            // Look again: objects with finalizers or graceful pods take a while to go.
            return Ok(Action::RequeueAfter(self.recheck));
        }
        let mut updated = (*ns).clone();
        if let Some(spec) = updated.spec.as_mut() {
            spec.finalizers = Some(
                finalizers
                    .into_iter()
                    .filter(|f| f != "kubernetes")
                    .collect(),
            );
        }
        match Api::<Namespace>::all(self.client.clone())
            .replace_subresource("finalize", &name, &PostParams::default(), &updated)
            .await
        {
            Ok(_) => Ok(Action::Done),
            Err(kube::Error::Api(s)) if s.code == 404 => Ok(Action::Done),
            Err(source) => Err(Error::Finalize {
                namespace: name,
                source,
            }),
        }
    }
}
