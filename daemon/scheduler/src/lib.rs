//! # rk-scheduler: places pending pods on nodes
//!
//! Kubernetes' scheduler rebuilt small: a [`queue`] of pending pods (active by priority, backoff,
//! unschedulable until a cluster event), a [`framework`] of one trait per extension point with
//! outcomes as a `Status`, the in-tree [`plugins`] (one file each), the per-cycle [`algorithm`],
//! [`preemption`], the informer-fed [`cache`] of nodes and placed pods with its incremental
//! per-topology-domain [`counts`], Kubernetes' failure
//! [`summary`], leader election with fencing ([`leader`]) and the async loop that binds through
//! `pods/{name}/binding` ([`scheduler`]).
//!
//! Data flow: watchers (pods, nodes, namespaces) → one loop owning cache + queue → pop → cycle over
//! the cache → Reserve (assume) → binding task (checks the lease, POSTs the Binding) → the pod's
//! update confirms the assumption (or a failure forgets it and requeues).

pub mod algorithm;
pub mod cache;
pub mod counts;
pub mod framework;
pub mod leader;
pub mod plugins;
pub mod preemption;
pub mod queue;
pub mod resources;
pub mod scheduler;
pub mod selectors;
pub mod summary;

pub use scheduler::{Config, Error, Metrics, run};
