//! The controller manager: builds the shared informers, registers every enabled controller on
//! them, and runs informers, workers and resyncs while this process holds the Lease
//! `kube-system/rk-controller-manager`.

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::apps::v1::{
    ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet,
};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::{
    Endpoints, Namespace, Node, Pod, ReplicationController, Service, ServiceAccount,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use kube::Api;
use kube::Client;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::cronjob::CronJobController;
use crate::daemonset::DaemonSetController;
use crate::deployment::DeploymentController;
use crate::disruption::DisruptionController;
use crate::endpoints::EndpointsController;
use crate::gc::GarbageCollector;
use crate::job::JobController;
use crate::namespace::NamespaceController;
use crate::nodeipam::{ClusterCidr, NodeIpamController};
use crate::nodelifecycle::{self, NodeLifecycleController};
use crate::podgc::{self, PodGc};
use crate::replicaset::ReplicaController;
use crate::runtime::{self, Informer, WorkQueue, leader};
use crate::serviceaccount::ServiceAccountController;
use crate::statefulset::StatefulSetController;

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
    /// Node lifecycle: grace period, monitor period, NoExecute tainting rate (nodes/s).
    pub node_monitor_grace: Duration,
    pub node_monitor_period: Duration,
    pub node_eviction_rate: f64,
    /// Node IPAM: the cluster CIDR and each node's prefix length (None: no allocation).
    pub cluster_cidr: Option<ClusterCidr>,
    /// PodGC.
    pub pod_gc_period: Duration,
    pub terminated_pod_gc_threshold: usize,
    pub pod_gc_quarantine: Duration,
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
            node_monitor_grace: Duration::from_secs(40),
            node_monitor_period: Duration::from_secs(5),
            node_eviction_rate: 0.1,
            cluster_cidr: "10.42.0.0/16".parse().ok(),
            pod_gc_period: Duration::from_secs(20),
            terminated_pod_gc_threshold: 12_500,
            pod_gc_quarantine: Duration::from_secs(40),
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
    pub nodes: Arc<Informer<Node>>,
    pub leases: Arc<Informer<Lease>>,
    pub namespaces: Arc<Informer<Namespace>>,
    pub service_accounts: Arc<Informer<ServiceAccount>>,
    pub replicasets: Arc<Informer<ReplicaSet>>,
    pub replication_controllers: Arc<Informer<ReplicationController>>,
    pub deployments: Arc<Informer<Deployment>>,
    pub jobs: Arc<Informer<Job>>,
    pub cronjobs: Arc<Informer<CronJob>>,
    pub daemonsets: Arc<Informer<DaemonSet>>,
    pub statefulsets: Arc<Informer<StatefulSet>>,
    pub controller_revisions: Arc<Informer<ControllerRevision>>,
    pub pdbs: Arc<Informer<PodDisruptionBudget>>,
    pub services: Arc<Informer<Service>>,
    pub endpoints: Arc<Informer<Endpoints>>,
    pub endpoint_slices: Arc<Informer<EndpointSlice>>,
}

impl Informers {
    fn new(client: &Client) -> Informers {
        Informers {
            pods: Informer::new(client),
            nodes: Informer::new(client),
            leases: Informer::with_api(Api::namespaced(client.clone(), "kube-node-lease"), ()),
            namespaces: Informer::new(client),
            service_accounts: Informer::new(client),
            replicasets: Informer::new(client),
            replication_controllers: Informer::new(client),
            deployments: Informer::new(client),
            jobs: Informer::new(client),
            cronjobs: Informer::new(client),
            daemonsets: Informer::new(client),
            statefulsets: Informer::new(client),
            controller_revisions: Informer::new(client),
            pdbs: Informer::new(client),
            services: Informer::new(client),
            endpoints: Informer::new(client),
            endpoint_slices: Informer::new(client),
        }
    }

    /// One future per informer, each done once it has its first complete list.
    fn sync_waits(&self) -> Vec<futures::future::BoxFuture<'static, ()>> {
        fn wait<K>(i: &Arc<Informer<K>>) -> futures::future::BoxFuture<'static, ()>
        where
            K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug + Send + Sync + 'static,
            K::DynamicType: Eq + std::hash::Hash + Clone + Send + Sync,
        {
            let i = i.clone();
            Box::pin(async move { i.wait_synced().await })
        }
        vec![
            wait(&self.pods),
            wait(&self.nodes),
            wait(&self.leases),
            wait(&self.namespaces),
            wait(&self.service_accounts),
            wait(&self.replicasets),
            wait(&self.replication_controllers),
            wait(&self.deployments),
            wait(&self.jobs),
            wait(&self.cronjobs),
            wait(&self.daemonsets),
            wait(&self.statefulsets),
            wait(&self.controller_revisions),
            wait(&self.pdbs),
            wait(&self.services),
            wait(&self.endpoints),
            wait(&self.endpoint_slices),
        ]
    }

    fn run(&self, tasks: &mut JoinSet<()>, shutdown: &CancellationToken) {
        tasks.spawn(self.pods.clone().run(shutdown.clone()));
        tasks.spawn(self.nodes.clone().run(shutdown.clone()));
        tasks.spawn(self.leases.clone().run(shutdown.clone()));
        tasks.spawn(self.namespaces.clone().run(shutdown.clone()));
        tasks.spawn(self.service_accounts.clone().run(shutdown.clone()));
        tasks.spawn(self.replicasets.clone().run(shutdown.clone()));
        tasks.spawn(self.replication_controllers.clone().run(shutdown.clone()));
        tasks.spawn(self.deployments.clone().run(shutdown.clone()));
        tasks.spawn(self.jobs.clone().run(shutdown.clone()));
        tasks.spawn(self.cronjobs.clone().run(shutdown.clone()));
        tasks.spawn(self.daemonsets.clone().run(shutdown.clone()));
        tasks.spawn(self.statefulsets.clone().run(shutdown.clone()));
        tasks.spawn(self.controller_revisions.clone().run(shutdown.clone()));
        tasks.spawn(self.pdbs.clone().run(shutdown.clone()));
        tasks.spawn(self.services.clone().run(shutdown.clone()));
        tasks.spawn(self.endpoints.clone().run(shutdown.clone()));
        tasks.spawn(self.endpoint_slices.clone().run(shutdown.clone()));
    }
}

/// Spawns a controller's workers and resync (it has `reconcile`, `keys` and `queue`). The
/// workers start once `$synced` is true — every informer has its first complete list — as
/// Kubernetes' controllers wait for their caches: a ReplicaSet reconciled against a half-listed
/// pod cache would create pods it already has (seen after a leader change).
macro_rules! spawn_controller {
    ($tasks:expr, $name:expr, $c:expr, $config:expr, $resync:expr, $shutdown:expr, $synced:expr) => {{
        let c = $c;
        let q = c.queue.clone();
        let rc = c.clone();
        let mut gate: tokio::sync::watch::Receiver<bool> = $synced.clone();
        let workers = runtime::run_workers(
            $name,
            q.clone(),
            $config.workers,
            move |k: String| {
                let c = rc.clone();
                async move { c.reconcile(k).await }
            },
            $shutdown.clone(),
        );
        $tasks.spawn(async move {
            if gate.wait_for(|synced| *synced).await.is_ok() {
                workers.await;
            }
        });
        let kc = c.clone();
        $tasks.spawn(runtime::resync_every(
            $resync,
            q,
            move || kc.keys(),
            $shutdown.clone(),
        ));
    }};
}

async fn run_controllers(client: Client, config: Config, shutdown: CancellationToken) {
    let inf = Informers::new(&client);
    let (synced_tx, synced) = tokio::sync::watch::channel(false);
    let queue = || WorkQueue::new(config.retry_base, config.retry_max);
    let mut tasks = JoinSet::new();
    let resync = config.resync;
    let (events, sink) = crate::events::channel(client.clone());
    tasks.spawn(sink.run(shutdown.clone()));

    let c = ReplicaController::new(
        client.clone(),
        inf.replicasets.clone(),
        inf.pods.clone(),
        queue(),
        events.for_component("replicaset-controller"),
    );
    spawn_controller!(tasks, "replicaset", c, config, resync, shutdown, synced);
    let c = ReplicaController::new(
        client.clone(),
        inf.replication_controllers.clone(),
        inf.pods.clone(),
        queue(),
        events.for_component("replication-controller"),
    );
    spawn_controller!(tasks, "replicationcontroller", c, config, resync, shutdown, synced);
    let c = DeploymentController::new(
        client.clone(),
        inf.deployments.clone(),
        inf.replicasets.clone(),
        inf.pods.clone(),
        queue(),
        events.for_component("deployment-controller"),
    );
    spawn_controller!(tasks, "deployment", c, config, resync, shutdown, synced);
    let c = JobController::new(
        client.clone(),
        inf.jobs.clone(),
        inf.pods.clone(),
        queue(),
        events.for_component("job-controller"),
    );
    spawn_controller!(tasks, "job", c, config, resync, shutdown, synced);
    let c = DaemonSetController::new(
        client.clone(),
        inf.daemonsets.clone(),
        inf.nodes.clone(),
        inf.pods.clone(),
        inf.controller_revisions.clone(),
        queue(),
        events.for_component("daemonset-controller"),
    );
    spawn_controller!(tasks, "daemonset", c, config, resync, shutdown, synced);
    let c = StatefulSetController::new(
        client.clone(),
        inf.statefulsets.clone(),
        inf.pods.clone(),
        inf.controller_revisions.clone(),
        queue(),
        events.for_component("statefulset-controller"),
    );
    spawn_controller!(tasks, "statefulset", c, config, resync, shutdown, synced);
    let c = DisruptionController::new(
        client.clone(),
        inf.pdbs.clone(),
        inf.pods.clone(),
        inf.replicasets.clone(),
        inf.deployments.clone(),
        inf.replication_controllers.clone(),
        inf.statefulsets.clone(),
        queue(),
    );
    spawn_controller!(tasks, "disruption", c, config, resync, shutdown, synced);
    let c = CronJobController::new(
        client.clone(),
        inf.cronjobs.clone(),
        inf.jobs.clone(),
        queue(),
        events.for_component("cronjob-controller"),
    );
    spawn_controller!(tasks, "cronjob", c, config, resync, shutdown, synced);
    let c = EndpointsController::new(
        client.clone(),
        inf.services.clone(),
        inf.pods.clone(),
        inf.endpoints.clone(),
        inf.endpoint_slices.clone(),
        queue(),
    );
    spawn_controller!(tasks, "endpoints", c, config, resync, shutdown, synced);
    let c = NamespaceController::new(
        client.clone(),
        inf.namespaces.clone(),
        queue(),
        config.namespace_recheck,
    );
    spawn_controller!(tasks, "namespace", c, config, resync, shutdown, synced);
    let c = ServiceAccountController::new(
        client.clone(),
        inf.namespaces.clone(),
        inf.service_accounts.clone(),
        queue(),
    );
    spawn_controller!(tasks, "serviceaccount", c, config, resync, shutdown, synced);
    let settings = nodelifecycle::Settings {
        grace: config.node_monitor_grace,
        monitor_period: config.node_monitor_period,
        eviction_rate: config.node_eviction_rate,
    };
    let c = NodeLifecycleController::new(
        client.clone(),
        inf.nodes.clone(),
        inf.leases.clone(),
        inf.pods.clone(),
        queue(),
        settings,
        events.clone(),
    );
    spawn_controller!(
        tasks,
        "nodelifecycle",
        c,
        config,
        config.node_monitor_period,
        shutdown,
        synced
    );
    if let Some(cidr) = config.cluster_cidr {
        let c = NodeIpamController::new(client.clone(), inf.nodes.clone(), queue(), cidr);
        spawn_controller!(tasks, "nodeipam", c, config, resync, shutdown, synced);
    }
    let podgc = PodGc::new(
        client.clone(),
        inf.pods.clone(),
        inf.nodes.clone(),
        podgc::Settings {
            period: config.pod_gc_period,
            terminated_threshold: config.terminated_pod_gc_threshold,
            quarantine: config.pod_gc_quarantine,
        },
    );
    tasks.spawn(podgc.run(shutdown.clone()));

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
            // Events drive the collector; its resync is only a safety net over every object
            // with owners, so it runs rarely.
            let gc_resync = if config.resync.is_zero() {
                config.resync
            } else {
                config.resync.max(Duration::from_secs(300))
            };
            spawn_controller!(
                gc_tasks,
                "garbagecollector",
                gc,
                config,
                gc_resync,
                shutdown,
                synced
            );
            while gc_tasks.join_next().await.is_some() {}
        });
    }

    let waits = inf.sync_waits();
    inf.run(&mut tasks, &shutdown);
    tasks.spawn(async move {
        futures::future::join_all(waits).await;
        synced_tx.send_replace(true);
    });
    while tasks.join_next().await.is_some() {}
}
