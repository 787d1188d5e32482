//! The client side of a SPDY/3.1 session, as kubectl's spdystream runs it: this side opens every
//! stream (odd ids from 1, in order) with a SYN_STREAM carrying the stream's headers, and waits
//! for the server's SYN_REPLY before using it. Streams the server tries to open are refused.
//! Frames, flow control and pings are the session's ([`super::session`]).

use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{Mutex, mpsc, oneshot};

use super::frame::{Frame, Headers};
use super::session::{self, Connection, Entry, Error, Out, Parts, Role, Shared, Stream};

/// A client session: opens streams, and closes the whole.
#[derive(Clone)]
pub struct Client {
    out: mpsc::Sender<Out>,
    shared: Arc<Shared>,
    conn: Connection,
    /// The next stream id; held while a SYN_STREAM is queued so ids go out in order.
    next_id: Arc<Mutex<u32>>,
}

/// Starts a client session over `io` (after the HTTP upgrade).
pub fn connect<T>(io: T) -> Client
where
    T: AsyncRead + AsyncWrite + Send + 'static,
{
    let parts: Parts = session::start(io, Role::Client);
    Client {
        conn: Connection::from(&parts),
        out: parts.out,
        shared: parts.shared,
        next_id: Arc::new(Mutex::new(1)),
    }
}

impl Client {
    /// Opens a stream with `headers` and waits for the server's SYN_REPLY.
    pub async fn open(&self, headers: Headers) -> Result<Stream, Error> {
        let (id, rx, window, replied) = {
            let mut next = self.next_id.lock().await;
            let id = *next;
            let window = self.shared.new_window();
            let (tx, rx) = mpsc::channel(16);
            let (reply_tx, replied) = oneshot::channel();
            let entry = Entry {
                tx: Some(tx),
                window: window.clone(),
                reply: Some(reply_tx),
            };
            self.shared
                .register(id, entry)
                .ok_or(Error::SessionClosed)?;
            self.out
                .send(Out::Frame(Frame::SynStream {
                    stream_id: id,
                    associated_to: 0,
                    priority: 0,
                    slot: 0,
                    flags: 0,
                    headers: headers.clone(),
                }))
                .await
                .map_err(|_| Error::SessionClosed)?;
            *next = id.wrapping_add(2);
            (id, rx, window, replied)
        };
        replied.await.map_err(|_| Error::SessionClosed)??;
        let (reader, writer) = session::halves(id, rx, window, &self.out, &self.shared);
        Ok(Stream {
            id,
            headers,
            reader,
            writer,
        })
    }

    /// Sends GOAWAY after every frame already queued, then closes the byte stream.
    pub async fn close(&self) {
        self.conn.close().await;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use bytes::{Bytes, BytesMut};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;
    use crate::spdy::frame::{Decoder, Encoder, rst};
    use crate::spdy::session::{DEFAULT_WINDOW, serve};

    fn kind(k: &str) -> Headers {
        vec![("streamtype".to_string(), k.to_string())]
    }

    #[tokio::test]
    async fn a_client_stream_reaches_the_server_with_its_headers_and_data_flows_both_ways() {
        let (a, b) = tokio::io::duplex(1 << 20);
        let client = connect(a);
        let (_conn, mut incoming) = serve(b);
        let opening = tokio::spawn({
            let client = client.clone();
            async move { client.open(kind("stdin")).await }
        });
        let mut theirs = incoming.next().await.unwrap();
        assert_eq!(theirs.id, 1);
        assert_eq!(theirs.header("streamType"), Some("stdin"));
        let mut ours = opening.await.unwrap().unwrap();
        ours.writer
            .write(Bytes::from_static(b"ping"))
            .await
            .unwrap();
        ours.writer.close().await.unwrap();
        assert_eq!(theirs.reader.read().await.unwrap(), &b"ping"[..]);
        assert_eq!(
            theirs.reader.read().await,
            None,
            "FIN ends the server's read"
        );
        theirs
            .writer
            .write(Bytes::from_static(b"pong"))
            .await
            .unwrap();
        theirs.writer.close().await.unwrap();
        assert_eq!(ours.reader.read().await.unwrap(), &b"pong"[..]);
        assert_eq!(ours.reader.read().await, None);
    }

    #[tokio::test]
    async fn streams_get_increasing_odd_ids() {
        let (a, b) = tokio::io::duplex(1 << 20);
        let client = connect(a);
        let (_conn, mut incoming) = serve(b);
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Some(s) = incoming.next().await {
                held.push(s);
            }
        });
        let mut ids = Vec::new();
        for k in ["error", "stdin", "stdout", "stderr"] {
            ids.push(client.open(kind(k)).await.unwrap().id);
        }
        assert_eq!(ids, [1, 3, 5, 7]);
    }

    #[tokio::test]
    async fn the_end_of_the_session_ends_every_reader_and_fails_new_streams() {
        let (a, b) = tokio::io::duplex(1 << 20);
        let client = connect(a);
        let (conn, mut incoming) = serve(b);
        let held = tokio::spawn(async move { incoming.next().await });
        let mut ours = client.open(kind("error")).await.unwrap();
        let theirs = held.await.unwrap().unwrap();
        conn.close().await;
        assert_eq!(ours.reader.read().await, None);
        drop(theirs);
        assert!(matches!(
            client.open(kind("stdout")).await,
            Err(Error::SessionClosed)
        ));
    }

    /// A scripted server on the other end of a duplex pipe.
    struct Peer {
        io: tokio::io::DuplexStream,
        enc: Encoder,
        dec: Decoder,
        buf: BytesMut,
    }

    impl Peer {
        fn new(io: tokio::io::DuplexStream) -> Self {
            Peer {
                io,
                enc: Encoder::new().unwrap(),
                dec: Decoder::new(),
                buf: BytesMut::new(),
            }
        }
        async fn send(&mut self, f: Frame) {
            let mut b = BytesMut::new();
            self.enc.encode(&f, &mut b).unwrap();
            self.io.write_all(&b).await.unwrap();
        }
        async fn recv(&mut self) -> Option<Frame> {
            loop {
                if let Some(f) = self.dec.decode(&mut self.buf).unwrap() {
                    return Some(f);
                }
                if self.io.read_buf(&mut self.buf).await.unwrap() == 0 {
                    return None;
                }
            }
        }
    }

    #[tokio::test]
    async fn a_refused_stream_is_an_error_and_server_streams_are_refused() {
        let (a, b) = tokio::io::duplex(1 << 20);
        let client = connect(a);
        let mut server = Peer::new(b);
        let opening = tokio::spawn({
            let client = client.clone();
            async move { client.open(kind("stdin")).await }
        });
        assert!(matches!(
            server.recv().await,
            Some(Frame::SynStream { stream_id: 1, .. })
        ));
        server
            .send(Frame::RstStream {
                stream_id: 1,
                status: rst::REFUSED_STREAM,
            })
            .await;
        assert!(matches!(opening.await.unwrap(), Err(Error::Reset(1))));
        server
            .send(Frame::SynStream {
                stream_id: 2,
                associated_to: 0,
                priority: 0,
                slot: 0,
                flags: 0,
                headers: kind("push"),
            })
            .await;
        assert_eq!(
            server.recv().await,
            Some(Frame::RstStream {
                stream_id: 2,
                status: rst::REFUSED_STREAM
            })
        );
    }

    #[tokio::test]
    async fn server_pings_are_echoed_and_consumed_data_is_acknowledged() {
        let (a, b) = tokio::io::duplex(1 << 20);
        let client = connect(a);
        let mut server = Peer::new(b);
        server.send(Frame::Ping { id: 2 }).await;
        assert_eq!(server.recv().await, Some(Frame::Ping { id: 2 }));
        let opening = tokio::spawn({
            let client = client.clone();
            async move { client.open(kind("stdout")).await }
        });
        assert!(matches!(server.recv().await, Some(Frame::SynStream { .. })));
        server
            .send(Frame::SynReply {
                stream_id: 1,
                flags: 0,
                headers: Vec::new(),
            })
            .await;
        let mut ours = opening.await.unwrap().unwrap();
        server
            .send(Frame::Data {
                stream_id: 1,
                flags: 0,
                data: Bytes::from(vec![1u8; DEFAULT_WINDOW as usize / 2]),
            })
            .await;
        ours.reader.read().await.unwrap();
        assert_eq!(
            server.recv().await,
            Some(Frame::WindowUpdate {
                stream_id: 1,
                delta: DEFAULT_WINDOW as u32 / 2
            })
        );
    }
}
