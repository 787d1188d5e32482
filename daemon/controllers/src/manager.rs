//! The controller manager: builds the shared informers, registers every enabled controller on
//! them, and runs informers, workers and resyncs while this process holds the Lease
//! `kube-system/rk-controller-manager`.

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::{Namespace, Pod, ReplicationController};
use kube::Client;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::deployment::DeploymentController;
use crate::gc::GarbageCollector;
use crate::namespace::NamespaceController;
use crate::replicaset::ReplicaController;
use crate::runtime::{self, Informer, WorkQueue, leader};

/// The controller manager's settings; every period is configurable so tests can use short ones.
#[derive(Debug, Clone)]
pub struct Config {
    /// Workers per controller.
    pub workers: usize,
    /// How often every object is reconciled again regardless of events (0: never).
    pub resync: Duration,
    /// Retry backoff: first delay and cap.
    pub retry_base: Duration,
    pub retry_max: Duration,
    /// How soon the namespace controller looks again at a namespace whose content remains.
    pub namespace_recheck: Duration,
    /// Leader election (Kubernetes: 15 s, 10 s, 2 s).
    pub leader_elect: bool,
    pub lease_duration: Duration,
    pub renew_deadline: Duration,
    pub retry_period: Duration,
    /// This candidate's identity in the Lease.
    pub identity: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            workers: 5,
            resync: Duration::from_secs(30),
            retry_base: Duration::from_millis(5),
            retry_max: Duration::from_secs(60),
            namespace_recheck: Duration::from_secs(1),
            leader_elect: true,
            lease_duration: Duration::from_secs(15),
            renew_deadline: Duration::from_secs(10),
            retry_period: Duration::from_secs(2),
            identity: default_identity(),
        }
    }
}

/// `<hostname>_<random>` as Kubernetes' components name themselves in Leases.
pub fn default_identity() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "rk".into());
    format!("{host}_{:016x}", rand::random::<u64>())
}

/// Controller manager failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Leader(#[from] leader::Error),
}

/// Runs the controller manager until `shutdown` (or until leadership is lost).
pub async fn run(client: Client, config: Config, shutdown: CancellationToken) -> Result<(), Error> {
    if !config.leader_elect {
        run_controllers(client, config, shutdown).await;
        return Ok(());
    }
    let lcfg = leader::LeaderConfig {
        namespace: "kube-system".into(),
        name: "rk-controller-manager".into(),
        identity: config.identity.clone(),
        lease_duration: config.lease_duration,
        renew_deadline: config.renew_deadline,
        retry_period: config.retry_period,
    };
    let c = client.clone();
    leader::run(client, lcfg, shutdown, move |leading| {
        run_controllers(c, config, leading)
    })
    .await?;
    Ok(())
}

/// The shared informers.
pub struct Informers {
    pub pods: Arc<Informer<Pod>>,
    pub replicasets: Arc<Informer<ReplicaSet>>,
    pub replication_controllers: Arc<Informer<ReplicationController>>,
    pub deployments: Arc<Informer<Deployment>>,
    pub namespaces: Arc<Informer<Namespace>>,
}

async fn run_controllers(client: Client, config: Config, shutdown: CancellationToken) {
    let inf = Informers {
        pods: Informer::new(&client),
        replicasets: Informer::new(&client),
        replication_controllers: Informer::new(&client),
        deployments: Informer::new(&client),
        namespaces: Informer::new(&client),
    };
    let queue = || WorkQueue::new(config.retry_base, config.retry_max);
    let mut tasks = JoinSet::new();

    let rs = ReplicaController::new(
        client.clone(),
        inf.replicasets.clone(),
        inf.pods.clone(),
        queue(),
    );
    spawn_loop(
        &mut tasks,
        "replicaset",
        rs.clone(),
        &config,
        &shutdown,
        |c, k| async move { c.reconcile(k).await },
        |c| c.keys(),
        |c| c.queue.clone(),
    );
    let rc = ReplicaController::new(
        client.clone(),
        inf.replication_controllers.clone(),
        inf.pods.clone(),
        queue(),
    );
    spawn_loop(
        &mut tasks,
        "replicationcontroller",
        rc.clone(),
        &config,
        &shutdown,
        |c, k| async move { c.reconcile(k).await },
        |c| c.keys(),
        |c| c.queue.clone(),
    );

    let dc = DeploymentController::new(
        client.clone(),
        inf.deployments.clone(),
        inf.replicasets.clone(),
        inf.pods.clone(),
        queue(),
    );
    spawn_loop(
        &mut tasks,
        "deployment",
        dc.clone(),
        &config,
        &shutdown,
        |c, k| async move { c.reconcile(k).await },
        |c| c.keys(),
        |c| c.queue.clone(),
    );

    let nsc = NamespaceController::new(
        client.clone(),
        inf.namespaces.clone(),
        queue(),
        config.namespace_recheck,
    );
    spawn_loop(
        &mut tasks,
        "namespace",
        nsc.clone(),
        &config,
        &shutdown,
        |c, k| async move { c.reconcile(k).await },
        |c| c.keys(),
        |c| c.queue.clone(),
    );
    // The garbage collector discovers the served resources first; it retries until it can.
    {
        let client = client.clone();
        let config = config.clone();
        let shutdown = shutdown.clone();
        tasks.spawn(async move {
            let gc = loop {
                match GarbageCollector::new(
                    client.clone(),
                    WorkQueue::new(config.retry_base, config.retry_max),
                )
                .await
                {
                    Ok(gc) => break gc,
                    Err(e) => tracing::warn!(error = %e, "garbage collector: retrying discovery"),
                }
                tokio::select! {
                    _ = shutdown.cancelled() => return,
                    _ = tokio::time::sleep(Duration::from_secs(2)) => {}
                }
            };
            let mut gc_tasks = JoinSet::new();
            gc_tasks.spawn(gc.clone().run_watches(shutdown.clone()));
            spawn_loop(
                &mut gc_tasks,
                "garbagecollector",
                gc,
                &config,
                &shutdown,
                |c, k| async move { c.reconcile(k).await },
                |c| c.keys(),
                |c| c.queue.clone(),
            );
            while gc_tasks.join_next().await.is_some() {}
        });
    }

    tasks.spawn(inf.pods.clone().run(shutdown.clone()));
    tasks.spawn(inf.namespaces.clone().run(shutdown.clone()));
    tasks.spawn(inf.deployments.clone().run(shutdown.clone()));
    tasks.spawn(inf.replicasets.clone().run(shutdown.clone()));
    tasks.spawn(inf.replication_controllers.clone().run(shutdown.clone()));
    while tasks.join_next().await.is_some() {}
}

/// Spawns one controller's workers and its resync.
#[allow(clippy::too_many_arguments)]
fn spawn_loop<C, F, Fut, E>(
    tasks: &mut JoinSet<()>,
    name: &'static str,
    controller: Arc<C>,
    config: &Config,
    shutdown: &CancellationToken,
    reconcile: F,
    keys: fn(&C) -> Vec<String>,
    queue: fn(&C) -> WorkQueue,
) where
    C: Send + Sync + 'static,
    F: Fn(Arc<C>, String) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<runtime::Action, E>> + Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    let q = queue(&controller);
    let c = controller.clone();
    let rec = move |k: String| reconcile(c.clone(), k);
    tasks.spawn(runtime::run_workers(
        name,
        q.clone(),
        config.workers,
        rec,
        shutdown.clone(),
    ));
    let c = controller;
    tasks.spawn(runtime::resync_every(
        config.resync,
        q,
        move || keys(&c),
        shutdown.clone(),
    ));
}
