//! SPDY/3.1 as Kubernetes uses it: the frame codec, header compression, and a session over any
//! byte stream — the server side, which hands the peer's streams to the caller, and the client
//! side, which opens them.

pub mod client;
pub mod frame;
pub mod session;
pub mod zlib;

pub use client::Client;
pub use frame::{Frame, Headers, header};
pub use session::{Connection, Incoming, Stream, StreamReader, StreamWriter, serve};
