//! # rk-kubelet: the node agent
//!
//! What `rkd agent` runs for each node it manages:
//! - [`join`]: the CA from `/cacerts` checked against the node token, then this node's client
//!   and serving certificates from `/v1-rk/join` (kept in the data dir across restarts);
//! - [`node`]: registration of the Node object (capacity, addresses, nodeInfo, conditions,
//!   labels), its status, and Lease heartbeats in `kube-node-lease`; [`node_stats`]: capacity,
//!   allocatable and the pressure conditions measured on a real machine;
//! - [`agent`]: the pods bound to the node — one LIST+WATCH with
//!   `fieldSelector=spec.nodeName=<node>` — dispatched to [`worker`]s (one task per pod,
//!   coalescing updates), plus the relist loop (kubelet's PLEG) that pokes a worker when its
//!   containers changed in the runtime;
//! - [`status`]: pod status exactly as Kubernetes' kubelet writes it;
//! - [`spec`]: what a pod spec becomes before the runtime sees it — environment, volumes on the
//!   host, cgroup values, security contexts, DNS; [`prober`]: liveness/readiness/startup probes
//!   and the handlers hooks share; [`events`]: kubelet's events, aggregated and rate limited;
//! - [`runtime`]: the CRI-shaped [`runtime::Runtime`] trait, and [`runtime::sim`], the
//!   simulated runtime (issue 6), and [`runtime::cri`], containerd through CRI (issue 7) with
//!   [`containerd`] (the managed containerd), [`cni`] (the bridge network), [`images`] (the
//!   locally built pause and sample images) and [`cleanup`] (orphans).
//!
//! - [`server`]: the agent's HTTPS endpoint for the API server — container logs, exec, attach,
//!   port-forward, stats, image import.
//!
//! Data flow: API watch → `Pod` (small form) → worker's `watch` channel → `sync` → runtime
//! calls → `pods/status` merge patch (only when changed) / final DELETE. Every API call goes
//! through [`client::Client`], a small HTTPS client per node identity (the Node authorizer
//! reads the identity from the TLS client certificate).

pub mod agent;
pub mod cleanup;
pub mod client;
pub mod cni;
pub mod containerd;
pub mod events;
pub mod images;
pub mod join;
pub mod node;
pub mod node_stats;
pub mod pod;
pub mod prober;
pub mod runtime;
pub mod server;
pub mod spec;
pub mod status;
pub mod time;
pub mod worker;

#[cfg(test)]
mod test_support;
