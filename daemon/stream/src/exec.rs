//! Exec and attach sessions, whatever protocol the client spoke: the caller gets stdin as a
//! reader, stdout and stderr as writers, terminal sizes as they change, and ends the session with
//! an [`ExitStatus`] that reaches the client as kubectl expects (v4/v5: a `metav1.Status` on the
//! error channel, `NonZeroExitCode` with an `ExitCode` cause; older versions: plain text).
//!
//! Writers are pipes: shut one down (or drop it) to close that stream; [`ExecSession::finish`]
//! drops any left, waits until everything written has been sent, then sends the status and closes.

use std::time::Duration;

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::negotiate::{Operation, Protocol, StreamVersion, Upgrade};
use crate::spdy::{self, StreamWriter};
use crate::ws;

/// How long a SPDY client has to open the streams it asked for (the kubelet's default).
pub const STREAM_CREATION_TIMEOUT: Duration = Duration::from_secs(30);
const PIPE: usize = 64 * 1024;

/// Channel numbers of the WebSocket protocols (and stream types of SPDY).
pub mod channel {
    pub const STDIN: u8 = 0;
    pub const STDOUT: u8 = 1;
    pub const STDERR: u8 = 2;
    pub const ERROR: u8 = 3;
    pub const RESIZE: u8 = 4;
}

/// The query parameters of `…/exec` and `…/attach`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecOptions {
    pub command: Vec<String>,
    pub container: Option<String>,
    pub stdin: bool,
    pub stdout: bool,
    pub stderr: bool,
    pub tty: bool,
}

/// A request that cannot start a session.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("you must specify at least 1 of stdin, stdout, stderr")]
    NoStreams,
    #[error("timed out waiting for client to create streams")]
    StreamCreationTimeout,
    #[error("client closed the connection before creating its streams")]
    ClientGone,
    #[error("{0:?} is not an exec or attach upgrade")]
    WrongOperation(Operation),
}

impl ExecOptions {
    /// Parses `command=…&container=…&stdin=true&stdout=1&stderr=true&tty=false`.
    pub fn from_query(query: &str) -> Result<Self, Error> {
        let mut o = ExecOptions::default();
        let truthy = |v: &str| matches!(v, "1" | "true" | "True" | "TRUE");
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            match &*k {
                "command" => o.command.push(v.into_owned()),
                "container" => o.container = Some(v.into_owned()),
                "stdin" | "input" => o.stdin = truthy(&v),
                "stdout" | "output" => o.stdout = truthy(&v),
                "stderr" | "error" => o.stderr = truthy(&v),
                "tty" => o.tty = truthy(&v),
                _ => {}
            }
        }
        // A TTY merges stderr into stdout.
        if o.tty {
            o.stderr = false;
        }
        if !(o.stdin || o.stdout || o.stderr) {
            return Err(Error::NoStreams);
        }
        Ok(o)
    }
}

/// A terminal size, as the resize stream carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminalSize {
    #[serde(rename = "Width")]
    pub width: u16,
    #[serde(rename = "Height")]
    pub height: u16,
}

/// How the command ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExitStatus {
    /// The process exited with this code (`command` names it in the message).
    Exited { code: i32, command: Vec<String> },
    /// The command could not run (container gone, runtime error…).
    Error(String),
}

impl ExitStatus {
    /// The `metav1.Status` sent on the error channel by protocol v4 and later.
    pub fn status(&self) -> Value {
        match self {
            ExitStatus::Exited { code: 0, .. } => json!({"metadata": {}, "status": "Success"}),
            ExitStatus::Exited { code, command } => json!({
                "metadata": {},
                "status": "Failure",
                "message": format!(
                    "command terminated with non-zero exit code: error executing command [{}], exit code {code}",
                    command.join(" ")
                ),
                "reason": "NonZeroExitCode",
                "details": {"causes": [{"reason": "ExitCode", "message": code.to_string()}]},
            }),
            ExitStatus::Error(message) => json!({
                "metadata": {},
                "status": "Failure",
                "message": format!("Internal error occurred: {message}"),
                "reason": "InternalError",
                "details": {"causes": [{"message": message}]},
                "code": 500,
            }),
        }
    }

    /// Reads a v4 `metav1.Status` (as [`ExitStatus::status`] writes it, and kubelet's and
    /// containerd's stream servers do) back: `Success`, an `ExitCode` cause, or an error.
    pub fn from_status(status: &Value, command: &[String]) -> Self {
        if status.get("status").and_then(Value::as_str) == Some("Success") {
            return ExitStatus::Exited {
                code: 0,
                command: command.to_vec(),
            };
        }
        let code = status
            .pointer("/details/causes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|c| c.get("reason").and_then(Value::as_str) == Some("ExitCode"))
            .and_then(|c| c.get("message")?.as_str()?.parse().ok());
        match code {
            Some(code) => ExitStatus::Exited {
                code,
                command: command.to_vec(),
            },
            None => ExitStatus::Error(
                status
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("the runtime ended the session with an error")
                    .to_string(),
            ),
        }
    }

    /// What protocols before v4 write on the error stream (nothing on success).
    pub fn text(&self) -> Option<String> {
        match self {
            ExitStatus::Exited { code: 0, .. } => None,
            ExitStatus::Exited { code, command } => Some(format!(
                "command terminated with non-zero exit code: error executing command [{}], exit code {code}",
                command.join(" ")
            )),
            ExitStatus::Error(message) => Some(message.clone()),
        }
    }

    fn render(&self, version: StreamVersion) -> Option<Bytes> {
        if version >= StreamVersion::V4 {
            Some(Bytes::from(self.status().to_string()))
        } else {
            self.text().map(Bytes::from)
        }
    }
}

/// A running exec or attach.
pub struct ExecSession {
    /// What the client types; EOF when it closes stdin.
    pub stdin: Option<DuplexStream>,
    pub stdout: Option<DuplexStream>,
    pub stderr: Option<DuplexStream>,
    /// Terminal sizes (TTY sessions of protocol v3 and later).
    pub resize: Option<mpsc::Receiver<TerminalSize>>,
    pub tty: bool,
    pub version: StreamVersion,
    end: End,
    outputs: Vec<JoinHandle<()>>,
    inputs: Vec<JoinHandle<()>>,
}

enum End {
    Spdy {
        conn: spdy::Connection,
        error: Option<StreamWriter>,
    },
    Ws {
        out: mpsc::Sender<ws::Outgoing>,
    },
}

impl ExecSession {
    /// Sends `status` once all output is out, then closes the connection.
    pub async fn finish(mut self, status: ExitStatus) {
        drop(self.stdout.take());
        drop(self.stderr.take());
        for pump in self.outputs.drain(..) {
            let _ = pump.await;
        }
        let message = status.render(self.version);
        match &mut self.end {
            End::Spdy { conn, error } => {
                if let Some(error) = error {
                    if let Some(m) = message {
                        let _ = error.write(m).await;
                    }
                    let _ = error.close().await;
                }
                conn.close().await;
            }
            End::Ws { out } => {
                if let Some(m) = message {
                    let _ = out.send(ws::Outgoing::Data(channel::ERROR, m)).await;
                }
                let _ = out.send(ws::Outgoing::Close).await;
            }
        }
        for pump in self.inputs.drain(..) {
            pump.abort();
        }
    }
}

impl Drop for ExecSession {
    fn drop(&mut self) {
        for pump in self.inputs.iter().chain(self.outputs.iter()) {
            pump.abort();
        }
    }
}

impl Upgrade {
    /// Builds the exec/attach session on the upgraded connection `io`.
    pub async fn exec<T>(&self, io: T, options: &ExecOptions) -> Result<ExecSession, Error>
    where
        T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        if self.operation == Operation::PortForward {
            return Err(Error::WrongOperation(self.operation));
        }
        match self.protocol {
            Protocol::Spdy { version } => exec_spdy(io, options, version).await,
            Protocol::WebSocket { version, base64 } => Ok(exec_ws(io, options, version, base64)),
            Protocol::SpdyOverWebSocket => Err(Error::WrongOperation(self.operation)),
        }
    }
}

/// Pumps a SPDY stream's incoming data into a pipe.
fn pump_in(mut reader: spdy::StreamReader, mut pipe: DuplexStream) -> JoinHandle<()> {
    tokio::spawn(async move {
        while let Some(chunk) = reader.read().await {
            if pipe.write_all(&chunk).await.is_err() {
                break;
            }
        }
        let _ = pipe.shutdown().await;
    })
}

/// Pumps a pipe into a SPDY stream, closing it at EOF.
pub(crate) fn pump_out<R>(mut pipe: R, mut writer: StreamWriter) -> JoinHandle<()>
where
    R: AsyncRead + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        let mut buf = vec![0u8; 32 * 1024];
        loop {
            match pipe.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if writer
                        .write(Bytes::copy_from_slice(&buf[..n]))
                        .await
                        .is_err()
                    {
                        return;
                    }
                }
            }
        }
        let _ = writer.close().await;
    })
}

/// Resize events: JSON objects back to back, possibly split across chunks.
#[derive(Default)]
struct ResizeDecoder {
    buf: Vec<u8>,
}

impl ResizeDecoder {
    fn push(&mut self, chunk: &[u8]) -> Vec<TerminalSize> {
        self.buf.extend_from_slice(chunk);
        let mut sizes = Vec::new();
        let mut it = serde_json::Deserializer::from_slice(&self.buf).into_iter::<TerminalSize>();
        let mut consumed = 0;
        loop {
            match it.next() {
                Some(Ok(size)) => {
                    consumed = it.byte_offset();
                    sizes.push(size);
                }
                Some(Err(e)) if e.is_eof() => break,
                Some(Err(_)) => {
                    consumed = self.buf.len();
                    break;
                }
                None => break,
            }
        }
        self.buf.drain(..consumed);
        sizes
    }
}

async fn exec_spdy<T>(
    io: T,
    options: &ExecOptions,
    version: StreamVersion,
) -> Result<ExecSession, Error>
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (conn, mut incoming) = spdy::serve(io);
    let want_resize = options.tty && version >= StreamVersion::V3;
    let mut error = None;
    let mut stdin = None;
    let mut stdout = None;
    let mut stderr = None;
    let mut resize = None;
    let complete = |e: &Option<_>, i: &Option<_>, o: &Option<_>, r: &Option<_>, x: &Option<_>| {
        e.is_some()
            && (i.is_some() || !options.stdin)
            && (o.is_some() || !options.stdout)
            && (r.is_some() || !options.stderr)
            && (x.is_some() || !want_resize)
    };
    let deadline = tokio::time::Instant::now() + STREAM_CREATION_TIMEOUT;
    while !complete(&error, &stdin, &stdout, &stderr, &resize) {
        let stream = match tokio::time::timeout_at(deadline, incoming.next()).await {
            Err(_) => {
                conn.close().await;
                return Err(Error::StreamCreationTimeout);
            }
            Ok(None) => return Err(Error::ClientGone),
            Ok(Some(s)) => s,
        };
        match stream.header("streamtype").unwrap_or_default() {
            "error" => error = Some(stream),
            "stdin" => stdin = Some(stream),
            "stdout" => stdout = Some(stream),
            "stderr" => stderr = Some(stream),
            "resize" => resize = Some(stream),
            other => tracing::debug!(stream_type = other, "ignoring an unknown SPDY stream"),
        }
    }
    // Streams the client opens later are of no use; keep accepting so it is not refused.
    tokio::spawn(async move { while incoming.next().await.is_some() {} });
    let mut outputs = Vec::new();
    let mut inputs = Vec::new();
    let stdin = stdin.map(|s| {
        let (ours, theirs) = tokio::io::duplex(PIPE);
        inputs.push(pump_in(s.reader, ours));
        theirs
    });
    let mut out = |s: Option<spdy::Stream>| {
        s.map(|s| {
            let (ours, theirs) = tokio::io::duplex(PIPE);
            outputs.push(pump_out(ours, s.writer));
            theirs
        })
    };
    let stdout = out(stdout);
    let stderr = out(stderr);
    let resize = resize.map(|mut s| {
        let (tx, rx) = mpsc::channel(8);
        inputs.push(tokio::spawn(async move {
            let mut decoder = ResizeDecoder::default();
            while let Some(chunk) = s.reader.read().await {
                for size in decoder.push(&chunk) {
                    if tx.send(size).await.is_err() {
                        return;
                    }
                }
            }
        }));
        rx
    });
    Ok(ExecSession {
        stdin,
        stdout,
        stderr,
        resize,
        tty: options.tty,
        version,
        end: End::Spdy {
            conn,
            error: error.map(|e| e.writer),
        },
        outputs,
        inputs,
    })
}

fn exec_ws<T>(io: T, options: &ExecOptions, version: StreamVersion, base64: bool) -> ExecSession
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut incoming, out) = ws::channels(io, base64, version >= StreamVersion::V5);
    let mut outputs = Vec::new();
    let mut inputs = Vec::new();
    let (stdin_ours, stdin) = if options.stdin {
        let (a, b) = tokio::io::duplex(PIPE);
        (Some(a), Some(b))
    } else {
        (None, None)
    };
    let (resize_tx, resize) = if options.tty {
        let (tx, rx) = mpsc::channel(8);
        (Some(tx), Some(rx))
    } else {
        (None, None)
    };
    inputs.push(tokio::spawn(async move {
        let mut stdin_ours = stdin_ours;
        let mut decoder = ResizeDecoder::default();
        while let Some(ev) = incoming.recv().await {
            match ev {
                ws::Incoming::Data(channel::STDIN, data) => {
                    if let Some(pipe) = &mut stdin_ours
                        && pipe.write_all(&data).await.is_err()
                    {
                        stdin_ours = None;
                    }
                }
                ws::Incoming::Close(channel::STDIN) => {
                    if let Some(mut pipe) = stdin_ours.take() {
                        let _ = pipe.shutdown().await;
                    }
                }
                ws::Incoming::Data(channel::RESIZE, data) => {
                    if let Some(tx) = &resize_tx {
                        for size in decoder.push(&data) {
                            let _ = tx.send(size).await;
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(mut pipe) = stdin_ours {
            let _ = pipe.shutdown().await;
        }
    }));
    let mut output = |wanted: bool, ch: u8| {
        wanted.then(|| {
            let (mut ours, theirs) = tokio::io::duplex(PIPE);
            let out = out.clone();
            outputs.push(tokio::spawn(async move {
                let mut buf = vec![0u8; 32 * 1024];
                while let Ok(n) = ours.read(&mut buf).await {
                    if n == 0
                        || out
                            .send(ws::Outgoing::Data(ch, Bytes::copy_from_slice(&buf[..n])))
                            .await
                            .is_err()
                    {
                        break;
                    }
                }
            }));
            theirs
        })
    };
    let stdout = output(options.stdout, channel::STDOUT);
    let stderr = output(options.stderr, channel::STDERR);
    ExecSession {
        stdin,
        stdout,
        stderr,
        resize,
        tty: options.tty,
        version,
        end: End::Ws { out },
        outputs,
        inputs,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn a_non_zero_exit_is_the_status_kubectl_turns_into_its_exit_code() {
        let s = ExitStatus::Exited {
            code: 3,
            command: vec!["sh".into(), "-c".into(), "exit 3".into()],
        }
        .status();
        assert_eq!(s["status"], "Failure");
        assert_eq!(s["reason"], "NonZeroExitCode");
        assert_eq!(s["details"]["causes"][0]["reason"], "ExitCode");
        assert_eq!(s["details"]["causes"][0]["message"], "3");
        assert_eq!(
            s["message"],
            "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3"
        );
    }

    #[test]
    fn statuses_read_back_as_the_exit_status_they_carry() {
        let cmd = vec!["sh".to_string()];
        for status in [
            ExitStatus::Exited {
                code: 3,
                command: cmd.clone(),
            },
            ExitStatus::Exited {
                code: 0,
                command: cmd.clone(),
            },
        ] {
            assert_eq!(ExitStatus::from_status(&status.status(), &cmd), status);
        }
        assert_eq!(
            ExitStatus::from_status(&json!({"status": "Failure", "message": "boom"}), &cmd),
            ExitStatus::Error("boom".into())
        );
    }

    #[test]
    fn success_is_a_bare_success_status_and_no_text() {
        let ok = ExitStatus::Exited {
            code: 0,
            command: vec![],
        };
        assert_eq!(ok.status(), json!({"metadata": {}, "status": "Success"}));
        assert_eq!(ok.text(), None);
    }

    #[test]
    fn query_parameters_parse_and_a_tty_drops_stderr() {
        let o = ExecOptions::from_query(
            "command=sh&command=-c&command=echo+hi&container=c&stdin=true&stdout=1&stderr=true&tty=true",
        )
        .unwrap();
        assert_eq!(o.command, ["sh", "-c", "echo hi"]);
        assert_eq!(o.container.as_deref(), Some("c"));
        assert!(o.stdin && o.stdout && o.tty && !o.stderr);
        assert!(matches!(
            ExecOptions::from_query("command=ls"),
            Err(Error::NoStreams)
        ));
    }

    #[test]
    fn resize_events_split_across_chunks_are_reassembled() {
        let mut d = ResizeDecoder::default();
        assert_eq!(d.push(br#"{"Width":80,"He"#), vec![]);
        assert_eq!(
            d.push(br#"ight":24}{"Width":100,"Height":40}"#),
            vec![
                TerminalSize {
                    width: 80,
                    height: 24
                },
                TerminalSize {
                    width: 100,
                    height: 40
                }
            ]
        );
    }

    #[tokio::test]
    async fn a_base64_websocket_exec_carries_stdin_stdout_and_the_exit_status() {
        use base64::Engine;
        use base64::engine::general_purpose::STANDARD;
        use futures::{SinkExt, StreamExt};
        use tokio_tungstenite::WebSocketStream;
        use tokio_tungstenite::tungstenite::Message;
        use tokio_tungstenite::tungstenite::protocol::Role;

        let (client_io, server_io) = tokio::io::duplex(1 << 16);
        let mut headers = http::HeaderMap::new();
        headers.insert("connection", "Upgrade".parse().unwrap());
        headers.insert("upgrade", "websocket".parse().unwrap());
        headers.insert("sec-websocket-key", "x".parse().unwrap());
        headers.insert(
            "sec-websocket-protocol",
            "v4.base64.channel.k8s.io".parse().unwrap(),
        );
        let up = crate::negotiate(Operation::Exec, &headers).unwrap();
        let options = ExecOptions::from_query("command=x&stdin=1&stdout=1").unwrap();
        let mut session = up.exec(server_io, &options).await.unwrap();
        let mut client = WebSocketStream::from_raw_socket(client_io, Role::Client, None).await;
        client.send(Message::text("0aGk=")).await.unwrap();
        let mut got = [0u8; 2];
        session
            .stdin
            .as_mut()
            .unwrap()
            .read_exact(&mut got)
            .await
            .unwrap();
        assert_eq!(&got, b"hi");
        session
            .stdout
            .as_mut()
            .unwrap()
            .write_all(b"out")
            .await
            .unwrap();
        let server = tokio::spawn(session.finish(ExitStatus::Exited {
            code: 2,
            command: vec!["x".into()],
        }));
        let mut texts = Vec::new();
        while let Some(Ok(msg)) = client.next().await {
            if let Message::Text(t) = msg {
                texts.push(t.to_string());
            }
        }
        server.await.unwrap();
        assert_eq!(texts[0], format!("1{}", STANDARD.encode("out")));
        let status = texts[1].strip_prefix('3').unwrap();
        let status: Value = serde_json::from_slice(&STANDARD.decode(status).unwrap()).unwrap();
        assert_eq!(status["reason"], "NonZeroExitCode");
        assert_eq!(status["details"]["causes"][0]["message"], "2");
    }
}
