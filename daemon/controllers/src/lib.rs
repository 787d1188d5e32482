//! # rk-controllers: the controller manager
//!
//! Level-triggered control loops, one file per controller, that watch the cluster through the
//! API server (kube client only) and move the current state toward the desired state.
//!
//! Data flow: [`runtime::Informer`]s (one watch and one reflector store per resource, shared
//! by every controller, with namespace and controller-uid indexes) call event handlers that
//! only enqueue keys into each controller's [`runtime::WorkQueue`] (deduplicating; a key is
//! never worked on twice at once; failures back off per key; conflicts retry at once). Workers
//! call the controller's `reconcile(key) -> Result<Action>`, which reads the stores, writes
//! through the API, and may ask to be called again later (minReadySeconds, deadlines, TTLs).
//! [`runtime::Expectations`] keep a controller from creating or deleting twice before its
//! store has seen its own writes. [`manager`] wires everything and runs it while this process
//! holds the Lease `kube-system/rk-controller-manager` ([`runtime::leader`]).
//!
//! Controllers: [`replicaset`] (ReplicaSets and ReplicationControllers), [`deployment`],
//! [`daemonset`], [`statefulset`] (with [`revisions`]), [`job`] (and TTL after finished),
//! [`cronjob`] (schedules in [`cron`]), [`gc`] (the garbage collector), [`namespace`],
//! [`nodelifecycle`] (heartbeats, taints, eviction; [`taints`]), [`nodeipam`], [`endpoints`]
//! (Endpoints and EndpointSlices), [`serviceaccount`], [`podgc`], [`disruption`].

pub mod cron;
pub mod cronjob;
pub mod daemonset;
pub mod deployment;
pub mod discovery;
pub mod disruption;
pub mod endpoints;
pub mod events;
pub mod gc;
pub mod job;
pub mod manager;
pub mod namespace;
pub mod nodeipam;
pub mod nodelifecycle;
pub mod podgc;
pub mod pods;
pub mod replicaset;
pub mod revisions;
pub mod runtime;
pub mod serviceaccount;
pub mod statefulset;
pub mod taints;

pub use manager::{Config, run};
