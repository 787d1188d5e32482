//! A SPDY/3.1 session over any byte stream, and its server side as the kubelet runs it after an
//! `Upgrade: SPDY/3.1`: the client opens every stream; each SYN_STREAM is answered at once with a
//! SYN_REPLY and handed to the caller through [`Incoming`] as a [`Stream`] with its headers, a
//! reader and a writer. The client side ([`super::client`]) shares everything here but the
//! direction in which streams are opened.
//!
//! One task reads frames and one writes them. Pings from the peer are echoed.
//!
//! Flow control: the receiving side sends WINDOW_UPDATE as the caller consumes data. The sending
//! side tracks each stream's window but only waits on it once the peer has shown that it keeps
//! windows (it sent a WINDOW_UPDATE or a SETTINGS initial window): Go's spdystream, which every
//! Kubernetes client uses, never sends WINDOW_UPDATE and ignores the ones it gets, so a sender
//! that always honoured the 64 KiB default window would stall every transfer past 64 KiB.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{Notify, mpsc, oneshot};
use tokio::task::AbortHandle;

use super::frame::{self, Decoder, Encoder, FLAG_FIN, Frame, Headers, rst};

/// SPDY/3's default initial window for every stream.
pub const DEFAULT_WINDOW: i64 = 64 * 1024;
/// Largest DATA payload this side sends in one frame.
pub const MAX_DATA_CHUNK: usize = 32 * 1024;

/// Why a stream or session operation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("SPDY session is closed")]
    SessionClosed,
    #[error("SPDY stream {0} was reset by the peer")]
    Reset(u32),
    #[error("SPDY stream {0} is already closed for writing")]
    WriteAfterClose(u32),
}

pub(super) enum Out {
    Frame(Frame),
    Close,
}

pub(super) struct Window {
    state: Mutex<WindowState>,
    notify: Notify,
}

struct WindowState {
    available: i64,
    reset: bool,
    /// This side will send nothing more (FIN or RST sent, or the writer dropped).
    done_sending: bool,
}

impl Window {
    pub(super) fn new(initial: i64) -> Arc<Self> {
        Arc::new(Window {
            state: Mutex::new(WindowState {
                available: initial,
                reset: false,
                done_sending: false,
            }),
            notify: Notify::new(),
        })
    }

    fn update(&self, f: impl FnOnce(&mut WindowState)) {
        if let Ok(mut s) = self.state.lock() {
            f(&mut s);
        }
        self.notify.notify_one();
    }

    fn is_reset(&self) -> bool {
        self.state.lock().map(|s| s.reset).unwrap_or(true)
    }

    /// Neither side will use the stream again: its entry can go.
    fn is_finished(&self) -> bool {
        self.state
            .lock()
            .map(|s| s.reset || s.done_sending)
            .unwrap_or(true)
    }

    /// Takes up to `want` bytes of window, waiting while it is empty.
    async fn take(&self, id: u32, want: usize) -> Result<usize, Error> {
        loop {
            {
                let mut s = self.state.lock().map_err(|_| Error::SessionClosed)?;
                if s.reset {
                    return Err(Error::Reset(id));
                }
                if s.available > 0 {
                    let n = (want as i64).min(s.available);
                    s.available -= n;
                    return Ok(n as usize);
                }
            }
            self.notify.notified().await;
        }
    }
}

pub(super) struct Shared {
    /// The peer keeps windows: honour them when sending.
    enforce_windows: AtomicBool,
    initial_window: Mutex<i64>,
    /// Open streams by id; emptied (and `ended` set) when the session ends.
    streams: Mutex<Streams>,
}

#[derive(Default)]
pub(super) struct Streams {
    map: HashMap<u32, Entry>,
    ended: bool,
}

impl Shared {
    fn new() -> Arc<Self> {
        Arc::new(Shared {
            enforce_windows: AtomicBool::new(false),
            initial_window: Mutex::new(DEFAULT_WINDOW),
            streams: Mutex::new(Streams::default()),
        })
    }

    fn initial_window(&self) -> i64 {
        self.initial_window
            .lock()
            .map(|w| *w)
            .unwrap_or(DEFAULT_WINDOW)
    }

    /// Registers a new stream (dropping entries neither side uses any more); `None` once the
    /// session has ended.
    pub(super) fn register(&self, id: u32, entry: Entry) -> Option<()> {
        let mut streams = self.streams.lock().ok()?;
        if streams.ended {
            return None;
        }
        streams
            .map
            .retain(|_, e| e.tx.is_some() || e.reply.is_some() || !e.window.is_finished());
        streams.map.insert(id, entry);
        Some(())
    }

    fn with_entry<T>(&self, id: u32, f: impl FnOnce(&mut Entry) -> T) -> Option<T> {
        let mut streams = self.streams.lock().ok()?;
        streams.map.get_mut(&id).map(f)
    }
}

/// Which side of the session this is: whom stream ids and pings belong to.
pub(super) enum Role {
    /// Accepts the client's streams and hands them over here.
    Server(mpsc::Sender<Stream>),
    /// Opens streams itself ([`super::client`]); refuses the server's.
    Client,
}

/// The pieces a session's two tasks share with its handle.
pub(super) struct Parts {
    pub(super) out: mpsc::Sender<Out>,
    pub(super) shared: Arc<Shared>,
    pub(super) reader: AbortHandle,
}

/// Starts the reading and writing tasks of a session over `io`.
pub(super) fn start<T>(io: T, role: Role) -> Parts
where
    T: AsyncRead + AsyncWrite + Send + 'static,
{
    let (read, write) = tokio::io::split(io);
    let (out_tx, out_rx) = mpsc::channel(64);
    let shared = Shared::new();
    tokio::spawn(write_loop(write, out_rx));
    let reader = tokio::spawn(read_loop(read, out_tx.clone(), role, shared.clone()));
    Parts {
        out: out_tx,
        shared,
        reader: reader.abort_handle(),
    }
}

/// Starts a session over `io` (after the HTTP upgrade); returns its handle and its streams.
pub fn serve<T>(io: T) -> (Connection, Incoming)
where
    T: AsyncRead + AsyncWrite + Send + 'static,
{
    let (stream_tx, stream_rx) = mpsc::channel(16);
    let parts = start(io, Role::Server(stream_tx));
    (Connection::from(&parts), Incoming { rx: stream_rx })
}

/// The session's handle: closes it.
#[derive(Clone)]
pub struct Connection {
    out: mpsc::Sender<Out>,
    reader: AbortHandle,
}

impl From<&Parts> for Connection {
    fn from(parts: &Parts) -> Self {
        Connection {
            out: parts.out.clone(),
            reader: parts.reader.clone(),
        }
    }
}

impl Connection {
    /// Sends GOAWAY after every frame already queued, then closes the byte stream.
    pub async fn close(&self) {
        let _ = self
            .out
            .send(Out::Frame(Frame::GoAway {
                last_good_stream_id: 0,
                status: 0,
            }))
            .await;
        let _ = self.out.send(Out::Close).await;
        self.reader.abort();
    }
}

/// Streams the client opens, in order.
pub struct Incoming {
    rx: mpsc::Receiver<Stream>,
}

impl Incoming {
    /// The next stream, or `None` once the client has gone.
    pub async fn next(&mut self) -> Option<Stream> {
        self.rx.recv().await
    }
}

/// One client-opened stream.
pub struct Stream {
    pub id: u32,
    pub headers: Headers,
    pub reader: StreamReader,
    pub writer: StreamWriter,
}

impl Stream {
    /// Value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        frame::header(&self.headers, name)
    }
}

/// The client-to-server half of a stream.
pub struct StreamReader {
    id: u32,
    rx: mpsc::Receiver<Bytes>,
    out: mpsc::Sender<Out>,
    unacknowledged: usize,
}

impl StreamReader {
    /// The next chunk of data, or `None` at the client's FIN (or reset, or session end).
    pub async fn read(&mut self) -> Option<Bytes> {
        let chunk = self.rx.recv().await?;
        self.unacknowledged += chunk.len();
        if self.unacknowledged as i64 >= DEFAULT_WINDOW / 2 {
            let delta = self.unacknowledged as u32;
            self.unacknowledged = 0;
            let _ = self
                .out
                .send(Out::Frame(Frame::WindowUpdate {
                    stream_id: self.id,
                    delta,
                }))
                .await;
        }
        Some(chunk)
    }
}

/// The server-to-client half of a stream.
pub struct StreamWriter {
    id: u32,
    out: mpsc::Sender<Out>,
    window: Arc<Window>,
    shared: Arc<Shared>,
    closed: bool,
}

impl StreamWriter {
    /// Sends `data` in DATA frames (within the window when the peer keeps windows).
    pub async fn write(&mut self, mut data: Bytes) -> Result<(), Error> {
        if self.closed {
            return Err(Error::WriteAfterClose(self.id));
        }
        while !data.is_empty() {
            let want = data.len().min(MAX_DATA_CHUNK);
            let n = if self.shared.enforce_windows.load(Ordering::Relaxed) {
                self.window.take(self.id, want).await?
            } else if self.window.is_reset() {
                return Err(Error::Reset(self.id));
            } else {
                want
            };
            let chunk = data.split_to(n);
            self.send(Frame::Data {
                stream_id: self.id,
                flags: 0,
                data: chunk,
            })
            .await?;
        }
        Ok(())
    }

    /// Half-closes the stream: an empty DATA frame with FIN.
    pub async fn close(&mut self) -> Result<(), Error> {
        if self.closed {
            return Ok(());
        }
        self.closed = true;
        self.window.update(|s| s.done_sending = true);
        self.send(Frame::Data {
            stream_id: self.id,
            flags: FLAG_FIN,
            data: Bytes::new(),
        })
        .await
    }

    /// Abandons the stream in both directions: RST_STREAM CANCEL.
    pub async fn reset(&mut self) -> Result<(), Error> {
        self.closed = true;
        self.window.update(|s| s.done_sending = true);
        self.send(Frame::RstStream {
            stream_id: self.id,
            status: rst::CANCEL,
        })
        .await
    }

    async fn send(&self, frame: Frame) -> Result<(), Error> {
        self.out
            .send(Out::Frame(frame))
            .await
            .map_err(|_| Error::SessionClosed)
    }
}

impl Drop for StreamWriter {
    fn drop(&mut self) {
        self.window.update(|s| s.done_sending = true);
    }
}

async fn write_loop<W: AsyncWrite + Send>(write: W, mut rx: mpsc::Receiver<Out>) {
    let mut write = Box::pin(write);
    let Ok(mut encoder) = Encoder::new() else {
        return;
    };
    let mut buf = BytesMut::with_capacity(64 * 1024);
    while let Some(first) = rx.recv().await {
        let mut closing = false;
        let mut next = Some(first);
        while let Some(out) = next.take() {
            match out {
                Out::Frame(f) => {
                    if let Err(e) = encoder.encode(&f, &mut buf) {
                        tracing::warn!(error = %e, "dropping an unencodable SPDY frame");
                    }
                }
                Out::Close => {
                    closing = true;
                    break;
                }
            }
            if buf.len() < 256 * 1024 {
                next = rx.try_recv().ok();
            }
        }
        if write.write_all(&buf).await.is_err() || write.flush().await.is_err() {
            return;
        }
        buf.clear();
        if closing {
            let _ = write.shutdown().await;
            return;
        }
    }
    let _ = write.shutdown().await;
}

pub(super) struct Entry {
    /// Where the peer's data goes; `None` once the peer has finished sending.
    pub(super) tx: Option<mpsc::Sender<Bytes>>,
    pub(super) window: Arc<Window>,
    /// A stream this side opened, waiting for the peer's SYN_REPLY (`Err`: it was reset).
    pub(super) reply: Option<oneshot::Sender<Result<(), Error>>>,
}

/// Both halves of a stream whose entry has just been registered.
pub(super) fn halves(
    id: u32,
    rx: mpsc::Receiver<Bytes>,
    window: Arc<Window>,
    out: &mpsc::Sender<Out>,
    shared: &Arc<Shared>,
) -> (StreamReader, StreamWriter) {
    (
        StreamReader {
            id,
            rx,
            out: out.clone(),
            unacknowledged: 0,
        },
        StreamWriter {
            id,
            out: out.clone(),
            window,
            shared: shared.clone(),
            closed: false,
        },
    )
}

impl Shared {
    pub(super) fn new_window(&self) -> Arc<Window> {
        Window::new(self.initial_window())
    }
}

async fn read_loop<R: AsyncRead + Send>(
    read: R,
    out: mpsc::Sender<Out>,
    role: Role,
    shared: Arc<Shared>,
) {
    let mut read = Box::pin(read);
    let mut decoder = Decoder::new();
    let mut buf = BytesMut::with_capacity(64 * 1024);
    let mut last_id = 0u32;
    // Pings this side must echo: the peer's (odd ids are the client's).
    let peer_ping_parity = match role {
        Role::Server(_) => 1,
        Role::Client => 0,
    };
    loop {
        let frame = match decoder.decode(&mut buf) {
            Ok(Some(f)) => f,
            Ok(None) => {
                if buf.capacity() - buf.len() < 16 * 1024 {
                    buf.reserve(64 * 1024);
                }
                match read.read_buf(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => continue,
                }
            }
            Err(e) => {
                tracing::debug!(error = %e, "SPDY session: unreadable frame, going away");
                let _ = out
                    .send(Out::Frame(Frame::GoAway {
                        last_good_stream_id: last_id,
                        status: 1,
                    }))
                    .await;
                break;
            }
        };
        match frame {
            Frame::SynStream {
                stream_id,
                flags,
                headers,
                ..
            } => {
                let Role::Server(streams_tx) = &role else {
                    // A client accepts no streams from the server.
                    let _ = out
                        .send(Out::Frame(Frame::RstStream {
                            stream_id,
                            status: rst::REFUSED_STREAM,
                        }))
                        .await;
                    continue;
                };
                if stream_id % 2 == 0 || stream_id <= last_id {
                    let _ = out
                        .send(Out::Frame(Frame::RstStream {
                            stream_id,
                            status: rst::PROTOCOL_ERROR,
                        }))
                        .await;
                    continue;
                }
                last_id = stream_id;
                let window = shared.new_window();
                let (tx, rx) = mpsc::channel(16);
                let tx = (flags & FLAG_FIN == 0).then_some(tx);
                let entry = Entry {
                    tx,
                    window: window.clone(),
                    reply: None,
                };
                if shared.register(stream_id, entry).is_none() {
                    break;
                }
                if out
                    .send(Out::Frame(Frame::SynReply {
                        stream_id,
                        flags: 0,
                        headers: Vec::new(),
                    }))
                    .await
                    .is_err()
                {
                    break;
                }
                let (reader, writer) = halves(stream_id, rx, window, &out, &shared);
                let stream = Stream {
                    id: stream_id,
                    headers,
                    reader,
                    writer,
                };
                if streams_tx.send(stream).await.is_err() {
                    let _ = out
                        .send(Out::Frame(Frame::RstStream {
                            stream_id,
                            status: rst::REFUSED_STREAM,
                        }))
                        .await;
                }
            }
            Frame::SynReply {
                stream_id, flags, ..
            } => {
                shared.with_entry(stream_id, |e| {
                    if let Some(reply) = e.reply.take() {
                        let _ = reply.send(Ok(()));
                    }
                    if flags & FLAG_FIN != 0 {
                        e.tx = None;
                    }
                });
            }
            Frame::Data {
                stream_id,
                flags,
                data,
            } => {
                let fin = flags & FLAG_FIN != 0;
                let tx = shared
                    .with_entry(stream_id, |e| if fin { e.tx.take() } else { e.tx.clone() })
                    .flatten();
                if let Some(tx) = tx
                    && !data.is_empty()
                {
                    // A consumer that went away just drops what it would have read.
                    let _ = tx.send(data).await;
                }
            }
            Frame::RstStream { stream_id, .. } => {
                let entry = shared
                    .streams
                    .lock()
                    .ok()
                    .and_then(|mut s| s.map.remove(&stream_id));
                if let Some(mut entry) = entry {
                    entry.window.update(|s| s.reset = true);
                    if let Some(reply) = entry.reply.take() {
                        let _ = reply.send(Err(Error::Reset(stream_id)));
                    }
                }
            }
            Frame::Ping { id } => {
                if id % 2 == peer_ping_parity {
                    let _ = out.send(Out::Frame(Frame::Ping { id })).await;
                }
            }
            Frame::Settings { entries, .. } => {
                for e in entries {
                    if e.id == frame::SETTINGS_INITIAL_WINDOW_SIZE {
                        shared.enforce_windows.store(true, Ordering::Relaxed);
                        let new = i64::from(e.value);
                        let old = shared
                            .initial_window
                            .lock()
                            .map(|mut w| std::mem::replace(&mut *w, new))
                            .unwrap_or(DEFAULT_WINDOW);
                        if let Ok(streams) = shared.streams.lock() {
                            for entry in streams.map.values() {
                                entry.window.update(|s| s.available += new - old);
                            }
                        }
                    }
                }
            }
            Frame::WindowUpdate { stream_id, delta } => {
                shared.enforce_windows.store(true, Ordering::Relaxed);
                shared.with_entry(stream_id, |e| {
                    e.window.update(|s| s.available += i64::from(delta));
                });
            }
            Frame::GoAway { .. } | Frame::Headers { .. } => {}
        }
    }
    // The session is over: every reader ends, every writer and opener fails.
    let entries = shared
        .streams
        .lock()
        .map(|mut s| {
            s.ended = true;
            std::mem::take(&mut s.map)
        })
        .unwrap_or_default();
    for entry in entries.into_values() {
        entry.window.update(|s| s.reset = true);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::spdy::frame::{Decoder, Encoder};

    /// A scripted client on the other end of a duplex pipe.
    struct Client {
        io: tokio::io::DuplexStream,
        enc: Encoder,
        dec: Decoder,
        buf: BytesMut,
    }

    impl Client {
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
        async fn syn(&mut self, id: u32, kind: &str) {
            self.send(Frame::SynStream {
                stream_id: id,
                associated_to: 0,
                priority: 0,
                slot: 0,
                flags: 0,
                headers: vec![("streamtype".into(), kind.into())],
            })
            .await;
        }
    }

    fn pair() -> (Client, Connection, Incoming) {
        let (a, b) = tokio::io::duplex(1 << 20);
        let (conn, incoming) = serve(b);
        let client = Client {
            io: a,
            enc: Encoder::new().unwrap(),
            dec: Decoder::new(),
            buf: BytesMut::new(),
        };
        (client, conn, incoming)
    }

    #[tokio::test]
    async fn a_client_stream_is_replied_to_and_carries_data_both_ways() {
        let (mut client, conn, mut incoming) = pair();
        client.syn(1, "stdin").await;
        let mut stream = incoming.next().await.unwrap();
        assert_eq!(stream.header("streamType"), Some("stdin"));
        assert!(matches!(
            client.recv().await,
            Some(Frame::SynReply { stream_id: 1, .. })
        ));
        client
            .send(Frame::Data {
                stream_id: 1,
                flags: FLAG_FIN,
                data: Bytes::from_static(b"ping"),
            })
            .await;
        assert_eq!(
            stream.reader.read().await.unwrap(),
            Bytes::from_static(b"ping")
        );
        assert_eq!(stream.reader.read().await, None);
        stream
            .writer
            .write(Bytes::from_static(b"pong"))
            .await
            .unwrap();
        stream.writer.close().await.unwrap();
        assert_eq!(
            client.recv().await,
            Some(Frame::Data {
                stream_id: 1,
                flags: 0,
                data: Bytes::from_static(b"pong")
            })
        );
        assert!(matches!(
            client.recv().await,
            Some(Frame::Data {
                flags: FLAG_FIN,
                ..
            })
        ));
        conn.close().await;
        assert!(matches!(client.recv().await, Some(Frame::GoAway { .. })));
        assert_eq!(client.recv().await, None);
    }

    #[tokio::test]
    async fn client_pings_are_echoed() {
        let (mut client, _conn, _incoming) = pair();
        client.send(Frame::Ping { id: 5 }).await;
        assert_eq!(client.recv().await, Some(Frame::Ping { id: 5 }));
    }

    #[tokio::test]
    async fn an_even_stream_id_from_the_client_is_a_protocol_error() {
        let (mut client, _conn, _incoming) = pair();
        client.syn(2, "data").await;
        assert_eq!(
            client.recv().await,
            Some(Frame::RstStream {
                stream_id: 2,
                status: rst::PROTOCOL_ERROR
            })
        );
    }

    #[tokio::test]
    async fn a_peer_without_window_updates_still_gets_more_than_one_window() {
        let (mut client, _conn, mut incoming) = pair();
        client.syn(1, "stdout").await;
        let mut stream = incoming.next().await.unwrap();
        let big = Bytes::from(vec![7u8; 3 * DEFAULT_WINDOW as usize]);
        let writer = tokio::spawn(async move { stream.writer.write(big).await });
        let mut got = 0;
        while got < 3 * DEFAULT_WINDOW as usize {
            if let Some(Frame::Data { data, .. }) = client.recv().await {
                got += data.len();
            }
        }
        writer.await.unwrap().unwrap();
    }

    #[tokio::test]
    async fn a_window_keeping_peer_is_sent_no_more_than_its_window() {
        let (mut client, _conn, mut incoming) = pair();
        client.syn(1, "stdout").await;
        let mut stream = incoming.next().await.unwrap();
        assert!(matches!(client.recv().await, Some(Frame::SynReply { .. })));
        client
            .send(Frame::WindowUpdate {
                stream_id: 1,
                delta: 0,
            })
            .await;
        client.send(Frame::Ping { id: 1 }).await;
        assert_eq!(client.recv().await, Some(Frame::Ping { id: 1 }));
        let big = Bytes::from(vec![7u8; 2 * DEFAULT_WINDOW as usize]);
        let writer = tokio::spawn(async move { stream.writer.write(big).await });
        let mut got = 0;
        while got < DEFAULT_WINDOW as usize {
            if let Some(Frame::Data { data, .. }) = client.recv().await {
                got += data.len();
            }
        }
        assert_eq!(got, DEFAULT_WINDOW as usize);
        assert!(!writer.is_finished());
        client
            .send(Frame::WindowUpdate {
                stream_id: 1,
                delta: DEFAULT_WINDOW as u32,
            })
            .await;
        while got < 2 * DEFAULT_WINDOW as usize {
            if let Some(Frame::Data { data, .. }) = client.recv().await {
                got += data.len();
            }
        }
        writer.await.unwrap().unwrap();
    }

    #[tokio::test]
    async fn consumed_data_is_acknowledged_with_window_updates() {
        let (mut client, _conn, mut incoming) = pair();
        client.syn(1, "stdin").await;
        let mut stream = incoming.next().await.unwrap();
        assert!(matches!(client.recv().await, Some(Frame::SynReply { .. })));
        client
            .send(Frame::Data {
                stream_id: 1,
                flags: 0,
                data: Bytes::from(vec![1u8; DEFAULT_WINDOW as usize / 2]),
            })
            .await;
        stream.reader.read().await.unwrap();
        assert_eq!(
            client.recv().await,
            Some(Frame::WindowUpdate {
                stream_id: 1,
                delta: DEFAULT_WINDOW as u32 / 2
            })
        );
    }
}
