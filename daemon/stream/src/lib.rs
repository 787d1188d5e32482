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
//! - [`spdy`] is the SPDY/3.1 implementation (frames, zlib header blocks with the SPDY/3
//!   dictionary, flow control, a server session); [`ws`] the WebSocket channel framing.
//!
//! No HTTP server here: the caller (API server or node agent) answers the request with the
//! negotiated headers and hands over the upgraded connection.

pub mod exec;
pub mod negotiate;
pub mod portforward;
pub mod spdy;
pub mod ws;

pub use exec::{ExecOptions, ExecSession, ExitStatus, TerminalSize};
pub use negotiate::{NegotiationError, Operation, Protocol, StreamVersion, Upgrade, negotiate};
pub use portforward::{PortForwardSession, PortStream, ports_from_query};
