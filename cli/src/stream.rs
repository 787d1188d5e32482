//! The client side of Kubernetes' WebSocket channel protocol for exec and attach
//! (`v5.channel.k8s.io`, falling back to `v4.channel.k8s.io`), over kube's upgraded connection.
//!
//! Every binary message starts with a channel byte: 0 stdin, 1 stdout, 2 stderr, 3 the final
//! `metav1.Status` (the exit code as an `ExitCode` cause of `NonZeroExitCode`), 4 terminal sizes
//! (`{"Width":…,"Height":…}`); v5 adds 255, "this channel is closed", which carries the end of
//! stdin. v4 cannot say that: against a server that offers only v4, after stdin ends the
//! session stays open until the server ends it, so tar and interactive shells work, and a command
//! that waits for the end of its input (`cat` fed by a pipe) keeps waiting — the same limit the
//! Python client has on v4. rk's agents offer v5 for every session.

use std::io::Write;
use std::time::Duration;

use bytes::Bytes;
use futures::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

use crate::client::Ctx;
use crate::error::{Error, Result};

const STDIN: u8 = 0;
const STDOUT: u8 = 1;
const STDERR: u8 = 2;
const STATUS: u8 = 3;
const RESIZE: u8 = 4;
const CLOSE: u8 = 255;

/// How a remote command ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The command exited with this code (0 on success).
    Exited(i32),
    /// The server reported a failure that is not an exit code (its message).
    Failed(String),
}

/// A terminal size as the resize channel carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermSize {
    pub width: u16,
    pub height: u16,
}

/// What one session reads and writes on the local side.
pub struct Io<'a> {
    /// Chunks of stdin; the channel closing is the end of stdin. `None`: no stdin.
    pub stdin: Option<mpsc::Receiver<Vec<u8>>>,
    pub stdout: &'a mut (dyn Write + Send),
    pub stderr: &'a mut (dyn Write + Send),
    /// Terminal sizes to send (the first at once, then each change).
    pub resize: Option<mpsc::Receiver<TermSize>>,
}

/// Opens a WebSocket to `path_and_query` (…/pods/P/exec?… or …/attach?…), offering v5 then v4.
pub async fn connect(ctx: &Ctx, path_and_query: &str) -> Result<kube::client::Connection> {
    let request = http::Request::builder()
        .method(http::Method::GET)
        .uri(path_and_query)
        .body(Vec::new())
        .map_err(|e| Error::Usage(format!("invalid request {path_and_query}: {e}")))?;
    ctx.client.connect(request).await.map_err(upgrade_error)
}

/// kube's upgrade failures in kubectl's words: a `Status` answer stays a server error.
fn upgrade_error(e: kube::Error) -> Error {
    match e {
        kube::Error::Api(status) => Error::Server(status),
        other => Error::Transport(other),
    }
}

/// The `Outcome` a status-channel message gives.
pub fn outcome_of_status(payload: &[u8]) -> Outcome {
    let Ok(status) = serde_json::from_slice::<Value>(payload) else {
        return Outcome::Failed(format!(
            "error stream protocol error: invalid status {:?}",
            String::from_utf8_lossy(payload)
        ));
    };
    match status.get("status").and_then(Value::as_str) {
        Some("Success") => Outcome::Exited(0),
        Some("Failure") => {
            if status.get("reason").and_then(Value::as_str) == Some("NonZeroExitCode") {
                let code = status
                    .pointer("/details/causes")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .find(|c| c.get("reason").and_then(Value::as_str) == Some("ExitCode"))
                    .and_then(|c| c.get("message")?.as_str()?.parse::<i32>().ok());
                match code {
                    Some(code) => Outcome::Exited(code),
                    None => Outcome::Failed(format!(
                        "error stream protocol error: invalid exit code value {status}"
                    )),
                }
            } else {
                Outcome::Failed(
                    status
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                )
            }
        }
        _ => Outcome::Failed("error stream protocol error: unknown error".into()),
    }
}

fn frame(channel: u8, data: &[u8]) -> Message {
    let mut v = Vec::with_capacity(data.len() + 1);
    v.push(channel);
    v.extend_from_slice(data);
    Message::Binary(Bytes::from(v))
}

/// Runs one exec/attach session to its end: stdin and sizes out, stdout and stderr in, and the
/// final status. A connection that closes without a status ended successfully (as v4 servers do).
pub async fn run(conn: kube::client::Connection, io: Io<'_>) -> Result<Outcome> {
    let v5 = conn.supports_stream_close();
    let ws = conn.into_stream();
    let (mut sink, mut source) = ws.split();
    let Io {
        mut stdin,
        stdout,
        stderr,
        mut resize,
    } = io;
    let mut ping = tokio::time::interval(Duration::from_secs(30));
    ping.reset();
    let mut outcome = None;
    let mut stdin_open = stdin.is_some();
    let mut resize_open = resize.is_some();
    loop {
        tokio::select! {
            _ = ping.tick() => {
                let _ = sink.send(Message::Ping(Bytes::new())).await;
            }
            chunk = async { match stdin.as_mut() { Some(rx) => rx.recv().await, None => None } },
                if stdin_open => match chunk {
                Some(data) => {
                    if !data.is_empty() {
                        sink.send(frame(STDIN, &data)).await.map_err(ws_error)?;
                    }
                }
                None => {
                    stdin_open = false;
                    if v5 {
                        sink.send(frame(CLOSE, &[STDIN])).await.map_err(ws_error)?;
                    }
                }
            },
            size = async { match resize.as_mut() { Some(rx) => rx.recv().await, None => None } },
                if resize_open => match size {
                Some(s) => {
                    let json = serde_json::json!({"Width": s.width, "Height": s.height});
                    sink.send(frame(RESIZE, json.to_string().as_bytes())).await.map_err(ws_error)?;
                }
                None => resize_open = false,
            },
            msg = source.next() => match msg {
                Some(Ok(Message::Binary(data))) if data.len() > 1 => {
                    let payload = &data[1..];
                    match data[0] {
                        STDOUT => {
                            stdout.write_all(payload).map_err(write_error)?;
                            stdout.flush().map_err(write_error)?;
                        }
                        STDERR => {
                            stderr.write_all(payload).map_err(write_error)?;
                            stderr.flush().map_err(write_error)?;
                        }
                        STATUS => outcome = Some(outcome_of_status(payload)),
                        _ => {}
                    }
                }
                Some(Ok(Message::Close(_))) | None => break,
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    if outcome.is_some() {
                        break;
                    }
                    return Err(ws_error(e));
                }
            },
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(1), sink.close()).await;
    Ok(outcome.unwrap_or(Outcome::Exited(0)))
}

fn ws_error(e: tokio_tungstenite::tungstenite::Error) -> Error {
    Error::Plain(format!("error: stream: {e}"))
}

fn write_error(e: std::io::Error) -> Error {
    // A closed pipe (`| head`) ends the session quietly, as SIGPIPE ends kubectl.
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Error::Silent(141);
    }
    Error::Io {
        context: "writing the output".into(),
        source: e,
    }
}

/// Reads this process's stdin on a thread, in chunks, until its end.
pub fn stdin_chunks() -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel(16);
    std::thread::spawn(move || {
        use std::io::Read;
        let mut input = std::io::stdin().lock();
        let mut buf = vec![0u8; 32 * 1024];
        loop {
            match input.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if tx.blocking_send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    rx
}

/// Feeds one buffer as stdin, then ends it.
pub fn stdin_from(bytes: Vec<u8>) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel(4);
    tokio::spawn(async move {
        for chunk in bytes.chunks(32 * 1024) {
            if tx.send(chunk.to_vec()).await.is_err() {
                break;
            }
        }
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_success_status_is_exit_code_zero() {
        assert_eq!(
            outcome_of_status(br#"{"metadata":{},"status":"Success"}"#),
            Outcome::Exited(0)
        );
    }

    #[test]
    fn a_non_zero_exit_status_carries_its_code() {
        let s = br#"{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"42"}]}}"#;
        assert_eq!(outcome_of_status(s), Outcome::Exited(42));
    }

    #[test]
    fn other_failures_keep_the_server_message() {
        let s = br#"{"status":"Failure","reason":"InternalError","message":"container not found"}"#;
        assert_eq!(
            outcome_of_status(s),
            Outcome::Failed("container not found".into())
        );
    }

    #[test]
    fn a_frame_starts_with_its_channel() {
        assert_eq!(
            frame(STDIN, b"hi"),
            Message::Binary(Bytes::from_static(b"\x00hi"))
        );
    }
}
