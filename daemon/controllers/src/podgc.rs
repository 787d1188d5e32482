//! PodGC: force-deletes pods bound to nodes that no longer exist (after a quarantine, checked
//! with a GET so a late node informer never causes a deletion), terminating pods that were never
//! scheduled, and — oldest first — finished pods beyond a threshold.

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Node, Pod};
use kube::Client;
use kube::api::{Api, DeleteParams, Preconditions};

use crate::pods;
use crate::runtime::get_by_key;

/// PodGC failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("deleting pod {pod}: {source}")]
    Delete {
        pod: String,
        #[source]
        source: kube::Error,
    },
    #[error("looking up node {node}: {source}")]
    Node {
        node: String,
        #[source]
        source: kube::Error,
    },
}

/// Settings (Kubernetes: every 20 s, threshold 12,500, quarantine 40 s).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub period: Duration,
    pub terminated_threshold: usize,
    pub quarantine: Duration,
}

pub struct PodGc {
    client: Client,
    pods: Arc<crate::runtime::Informer<Pod>>,
    nodes: Arc<crate::runtime::Informer<Node>>,
    settings: Settings,
}

impl PodGc {
    pub fn new(
        client: Client,
        pods: Arc<crate::runtime::Informer<Pod>>,
        nodes: Arc<crate::runtime::Informer<Node>>,
        settings: Settings,
    ) -> Arc<Self> {
        Arc::new(PodGc {
            client,
            pods,
            nodes,
            settings,
        })
    }

    /// One pass every period until `shutdown`.
    pub async fn run(self: Arc<Self>, shutdown: tokio_util::sync::CancellationToken) {
        self.pods.wait_synced().await;
        self.nodes.wait_synced().await;
        let mut suspects: std::collections::HashMap<String, std::time::Instant> =
            Default::default();
        loop {
            if let Err(e) = self.pass(&mut suspects).await {
                tracing::info!(error = %e, "pod garbage collection pass failed");
            }
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(self.settings.period) => {}
            }
        }
    }

    async fn force_delete(&self, pod: &Pod) -> Result<(), Error> {
        let ns = pod.metadata.namespace.clone().unwrap_or_default();
        let name = pod.metadata.name.clone().unwrap_or_default();
        let dp = DeleteParams {
            grace_period_seconds: Some(0),
            preconditions: Some(Preconditions {
                uid: pod.metadata.uid.clone(),
                resource_version: None,
            }),
            ..DeleteParams::default()
        };
        match Api::<Pod>::namespaced(self.client.clone(), &ns)
            .delete(&name, &dp)
            .await
        {
            Ok(_) => Ok(()),
            Err(kube::Error::Api(s)) if s.code == 404 || s.code == 409 => Ok(()),
            Err(source) => Err(Error::Delete {
                pod: format!("{ns}/{name}"),
                source,
            }),
        }
    }

    async fn pass(
        &self,
        suspects: &mut std::collections::HashMap<String, std::time::Instant>,
    ) -> Result<(), Error> {
        let all = self.pods.store().state();
        // Finished pods beyond the threshold, oldest first.
        let mut finished: Vec<&Arc<Pod>> = all
            .iter()
            .filter(|p| matches!(pods::phase(p), "Succeeded" | "Failed"))
            .collect();
        if finished.len() > self.settings.terminated_threshold {
            finished.sort_by_key(|p| p.metadata.creation_timestamp.as_ref().map(|t| t.0));
            let excess = finished.len() - self.settings.terminated_threshold;
            for p in finished.into_iter().take(excess) {
                self.force_delete(p).await?;
            }
        }
        // Pods of nodes that are gone (quarantined first, then confirmed with a GET).
        let nodes: Api<Node> = Api::all(self.client.clone());
        let mut seen = std::collections::HashSet::new();
        for p in &all {
            let node = p
                .spec
                .as_ref()
                .and_then(|s| s.node_name.clone())
                .unwrap_or_default();
            if node.is_empty() {
                // Terminating and never scheduled: nothing will finish it.
                if p.metadata.deletion_timestamp.is_some() {
                    self.force_delete(p).await?;
                }
                continue;
            }
            if get_by_key(&self.nodes.store(), &node).is_some() {
                continue;
            }
            seen.insert(node.clone());
            let since = *suspects
                .entry(node.clone())
                .or_insert_with(std::time::Instant::now);
            if since.elapsed() < self.settings.quarantine {
                continue;
            }
            match nodes.get_opt(&node).await {
                Ok(None) => self.force_delete(p).await?,
                Ok(Some(_)) => {}
                Err(source) => return Err(Error::Node { node, source }),
            }
        }
        suspects.retain(|n, _| seen.contains(n));
        Ok(())
    }
}
