//! # rk-api: the API contract every rk crate shares
//!
//! No server code lives here: only what the API server, the controllers, the scheduler, the node
//! agent, rkctl and the dashboard all need to agree on.
//!
//! - [`resources`]: the registry of served resources — kinds, plurals, short names, scopes, verbs,
//!   categories, subresources — and the discovery documents built from it;
//! - [`selector`]: label selectors (equality- and set-based, and the `LabelSelector` object form)
//!   and field selectors, parsed with Kubernetes' error messages and matched against objects;
//! - [`patch`]: strategic merge patch as Kubernetes applies it, over OpenAPI patch metadata;
//! - [`status`]: the one wire error, Kubernetes' `Status`, with constructors that use Kubernetes'
//!   wording, because kubectl and scripts parse it.

pub mod patch;
pub mod resources;
pub mod selector;
pub mod status;
