//! rk's streaming protocols: how `kubectl exec`, `attach` and `port-forward` (and the Python
//! client's `stream()` and `portforward()`) talk to a pod, hidden behind one API.
//!
//! - [`negotiate`] picks the protocol from a request's upgrade headers and gives the `101`
//!   response headers: SPDY/3.1 (kubectl ≤ 1.29 exec/attach, every kubectl's port-forward), the
//!   WebSocket channel protocols (`v5.channel.k8s.io` for kubectl 1.30+, `v4` for Python, base64
//!   variants), or SPDY tunnelled in WebSocket (kubectl 1.31+ port-forward).
//! - [`exec`] turns the upgraded connection into an [`exec::ExecSession`]: stdin, stdout, stderr,
//!   terminal sizes, and an exit status sent the way the client's protocol version expects.
//! - [`portforward`] turns it into a [`portforward::PortForwardSession`] of per-connection byte
//!   pipes.
//! - [`exec_client`] is the other end of an exec or attach over SPDY, as kubectl ≤ 1.29 runs
//!   it: the node agent uses it towards the container runtime's stream server, so that any
//!   client's end of stdin (WebSocket v5's close signal included) reaches the command.
//! - [`spdy`] is the SPDY/3.1 implementation (frames, zlib header blocks with the SPDY/3
//!   dictionary, flow control, server and client sessions); [`ws`] the WebSocket channel framing.
//!
//! No HTTP server here: the caller (API server or node agent) answers the request with the
//! negotiated headers and hands over the upgraded connection.

pub mod exec;
pub mod exec_client;
pub mod negotiate;
pub mod portforward;
pub mod spdy;
pub mod ws;

pub use exec::{ExecOptions, ExecSession, ExitStatus, TerminalSize};
pub use negotiate::{NegotiationError, Operation, Protocol, StreamVersion, Upgrade, negotiate};
pub use portforward::{PortForwardSession, PortStream, ports_from_query};
