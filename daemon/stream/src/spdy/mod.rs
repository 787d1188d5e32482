//! SPDY/3.1 as Kubernetes uses it: the frame codec, header compression, and a server-side
//! session over any byte stream that hands the peer's streams to the caller.

pub mod frame;
pub mod session;
pub mod zlib;

pub use frame::{Frame, Headers, header};
pub use session::{Connection, Incoming, Stream, StreamReader, StreamWriter, serve};
