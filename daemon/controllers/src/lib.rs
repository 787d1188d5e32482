//! # rk-controllers: the controller manager
//!
//! Level-triggered control loops, one file per controller, that watch the cluster through the
//! API server (kube client only) and move the current state toward the desired state. Shared
//! machinery is in [`runtime`]: informers (one watch and one reflector store per resource,
//! shared by every controller; event handlers only enqueue keys), a deduplicating work queue
//! with rate-limited retries, expectations (no double creates), and Lease leader election.
//! [`manager`] wires the controllers together and runs them while this process leads.

pub mod cron;
pub mod cronjob;
pub mod daemonset;
pub mod deployment;
pub mod discovery;
pub mod disruption;
pub mod endpoints;
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
