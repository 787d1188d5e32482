//! The ServiceAccount controller: every active namespace has a `default` ServiceAccount.

use std::sync::Arc;

use k8s_openapi::api::core::v1::{Namespace, ServiceAccount};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::Client;
use kube::api::{Api, PostParams};

use crate::runtime::{Action, Informer, WorkQueue, get_by_key, key_of};

/// ServiceAccount controller failures.
#[derive(Debug, thiserror::Error)]
#[error("creating the default ServiceAccount in {namespace}: {source}")]
pub struct Error {
    namespace: String,
    #[source]
    source: kube::Error,
}

pub struct ServiceAccountController {
    client: Client,
    namespaces: Arc<Informer<Namespace>>,
    accounts: Arc<Informer<ServiceAccount>>,
    pub queue: WorkQueue,
}

impl ServiceAccountController {
    pub fn new(
        client: Client,
        namespaces: Arc<Informer<Namespace>>,
        accounts: Arc<Informer<ServiceAccount>>,
        queue: WorkQueue,
    ) -> Arc<Self> {
        let q = queue.clone();
        namespaces.on_event(move |_, ns, deleted| {
            if !deleted {
                q.add(key_of(ns));
            }
        });
        let q = queue.clone();
        accounts.on_event(move |_, sa, deleted| {
            if deleted && sa.metadata.name.as_deref() == Some("default") {
                q.add(sa.metadata.namespace.clone().unwrap_or_default());
            }
        });
        Arc::new(ServiceAccountController {
            client,
            namespaces,
            accounts,
            queue,
        })
    }

    pub fn keys(&self) -> Vec<String> {
        self.namespaces
            .store()
            .state()
            .iter()
            .map(|n| key_of(n.as_ref()))
            .collect()
    }

    pub async fn reconcile(&self, ns: String) -> Result<Action, Error> {
        self.accounts.wait_synced().await;
        let Some(namespace) = get_by_key(&self.namespaces.store(), &ns) else {
            return Ok(Action::Done);
        };
        let active = namespace.metadata.deletion_timestamp.is_none()
            && namespace.status.as_ref().and_then(|s| s.phase.as_deref()) != Some("Terminating");
        if !active || get_by_key(&self.accounts.store(), &format!("{ns}/default")).is_some() {
            return Ok(Action::Done);
        }
        let sa = ServiceAccount {
            metadata: ObjectMeta {
                name: Some("default".into()),
                ..ObjectMeta::default()
            },
            ..ServiceAccount::default()
        };
        match Api::<ServiceAccount>::namespaced(self.client.clone(), &ns)
            .create(&PostParams::default(), &sa)
            .await
        {
            Ok(_) => Ok(Action::Done),
            // Exists already, or the namespace went away or started terminating meanwhile.
            Err(kube::Error::Api(s)) if matches!(s.code, 403 | 404 | 409) => Ok(Action::Done),
            Err(source) => Err(Error {
                namespace: ns,
                source,
            }),
        }
    }
}
