//! The client side of kubelet's remote-command protocol over SPDY/3.1 — what kubectl ≤ 1.29
//! speaks, and what the node agent speaks to the container runtime's stream server (the CRI
//! `Exec`/`Attach` URLs): the upgrade request offering `v4.channel.k8s.io`, the streams opened
//! as kubectl opens them (error first, then stdin, stdout, stderr, resize, as the options ask),
//! and the session: stdin copied to its end and then half-closed with FIN (what WebSocket v4
//! cannot say), terminal sizes as JSON on the resize stream, output copied out, and the exit
//! status read from the error stream (a `metav1.Status`; nothing at all means success).

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use crate::exec::{ExecOptions, ExitStatus, TerminalSize};
use crate::spdy::{self, StreamReader, StreamWriter};

/// The `Upgrade` token of SPDY sessions.
pub const UPGRADE: &str = "SPDY/3.1";
/// The remote-command version offered (the error stream then carries a `metav1.Status`).
pub const VERSION: &str = "v4.channel.k8s.io";
const PROTOCOL_HEADER: &str = "x-stream-protocol-version";

/// Why a session could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the stream server answered {0} instead of switching protocols")]
    Refused(StatusCode),
    #[error("the stream server agreed to remote-command protocol {0:?}, not v4.channel.k8s.io")]
    Version(String),
    #[error("opening the {kind} stream: {source}")]
    Open {
        kind: &'static str,
        source: spdy::session::Error,
    },
}

/// The headers of the upgrade request, besides `Host`.
pub fn upgrade_request_headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
    h.insert(header::UPGRADE, HeaderValue::from_static(UPGRADE));
    h.insert(PROTOCOL_HEADER, HeaderValue::from_static(VERSION));
    h
}

/// Checks the server's answer to the upgrade request: `101` with v4 agreed.
pub fn check_upgrade_response(status: StatusCode, headers: &HeaderMap) -> Result<(), Error> {
    if status != StatusCode::SWITCHING_PROTOCOLS {
        return Err(Error::Refused(status));
    }
    let agreed = headers
        .get(PROTOCOL_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if agreed != VERSION {
        return Err(Error::Version(agreed.to_string()));
    }
    Ok(())
}

/// A started session: the streams opened on the server.
pub struct RemoteCommand {
    client: spdy::Client,
    error: StreamReader,
    stdin: Option<StreamWriter>,
    stdout: Option<StreamReader>,
    stderr: Option<StreamReader>,
    resize: Option<StreamWriter>,
}

/// The caller's ends of a session.
pub struct Local<I, O, E> {
    /// Copied to the command until its end, which then reaches the command.
    pub stdin: Option<I>,
    pub stdout: Option<O>,
    pub stderr: Option<E>,
    /// Terminal sizes (TTY sessions).
    pub resize: Option<mpsc::Receiver<TerminalSize>>,
}

/// Opens the session's streams on the upgraded connection `io` (after
/// [`check_upgrade_response`]); a TTY merges stderr into stdout and adds the resize stream.
pub async fn start<T>(io: T, options: &ExecOptions) -> Result<RemoteCommand, Error>
where
    T: AsyncRead + AsyncWrite + Send + 'static,
{
    let client = spdy::client::connect(io);
    let open = |kind: &'static str| {
        let client = client.clone();
        async move {
            let headers = vec![("streamtype".to_string(), kind.to_string())];
            match client.open(headers).await {
                Ok(s) => Ok(s),
                Err(source) => {
                    client.close().await;
                    Err(Error::Open { kind, source })
                }
            }
        }
    };
    let error = open("error").await?.reader;
    let stdin = match options.stdin {
        true => Some(open("stdin").await?.writer),
        false => None,
    };
    let stdout = match options.stdout {
        true => Some(open("stdout").await?.reader),
        false => None,
    };
    let stderr = match options.stderr && !options.tty {
        true => Some(open("stderr").await?.reader),
        false => None,
    };
    let resize = match options.tty {
        true => Some(open("resize").await?.writer),
        false => None,
    };
    Ok(RemoteCommand {
        client,
        error,
        stdin,
        stdout,
        stderr,
        resize,
    })
}

/// Copies a stream's data to `out` (or drops it); `Err` when `out` no longer takes it.
async fn copy_out<O: AsyncWrite + Unpin>(
    reader: Option<StreamReader>,
    mut out: Option<O>,
) -> Result<(), ()> {
    let Some(mut reader) = reader else {
        return Ok(());
    };
    while let Some(chunk) = reader.read().await {
        if let Some(o) = out.as_mut() {
            o.write_all(&chunk).await.map_err(|_| ())?;
        }
    }
    if let Some(o) = out.as_mut() {
        let _ = o.flush().await;
    }
    Ok(())
}

impl RemoteCommand {
    /// Runs the session with the caller's ends until the server ends it; answers how the command
    /// ended. Should the caller stop taking output, the session is closed.
    pub async fn run<I, O, E>(self, local: Local<I, O, E>, command: &[String]) -> ExitStatus
    where
        I: AsyncRead + Unpin + Send + 'static,
        O: AsyncWrite + Unpin + Send,
        E: AsyncWrite + Unpin + Send,
    {
        let RemoteCommand {
            client,
            mut error,
            stdin,
            stdout,
            stderr,
            resize,
        } = self;
        let mut inputs = Vec::new();
        if let Some(mut remote) = stdin {
            let local = local.stdin;
            inputs.push(tokio::spawn(async move {
                if let Some(mut local) = local {
                    let mut buf = vec![0u8; spdy::session::MAX_DATA_CHUNK];
                    loop {
                        match local.read(&mut buf).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => {
                                if remote
                                    .write(Bytes::copy_from_slice(&buf[..n]))
                                    .await
                                    .is_err()
                                {
                                    return;
                                }
                            }
                        }
                    }
                }
                // The end of stdin reaches the command.
                let _ = remote.close().await;
            }));
        }
        if let (Some(mut remote), Some(mut sizes)) = (resize, local.resize) {
            inputs.push(tokio::spawn(async move {
                while let Some(size) = sizes.recv().await {
                    let Ok(json) = serde_json::to_vec(&size) else {
                        continue;
                    };
                    if remote.write(Bytes::from(json)).await.is_err() {
                        return;
                    }
                }
            }));
        }
        let status = async {
            let mut message = Vec::new();
            while let Some(chunk) = error.read().await {
                message.extend_from_slice(&chunk);
            }
            Ok::<_, ()>(message)
        };
        let ended = tokio::try_join!(
            copy_out(stdout, local.stdout),
            copy_out(stderr, local.stderr),
            status
        );
        for input in inputs {
            input.abort();
        }
        client.close().await;
        match ended {
            Err(()) => ExitStatus::Error("the client stopped reading the output".to_string()),
            // Nothing on the error stream: the command succeeded.
            Ok((_, _, message)) if message.is_empty() => ExitStatus::Exited {
                code: 0,
                command: command.to_vec(),
            },
            Ok((_, _, message)) => match serde_json::from_slice::<Value>(&message) {
                Ok(status) => ExitStatus::from_status(&status, command),
                Err(_) => ExitStatus::Error(String::from_utf8_lossy(&message).into_owned()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::negotiate::{Operation, Protocol, StreamVersion, negotiate};

    /// A client and rk-stream's own server session, in memory: the server's session, and the
    /// client's streams once opened.
    async fn pair(query: &str) -> (crate::ExecSession, RemoteCommand) {
        let up = negotiate(Operation::Exec, &upgrade_request_headers()).unwrap();
        assert_eq!(
            up.protocol,
            Protocol::Spdy {
                version: StreamVersion::V4
            }
        );
        check_upgrade_response(StatusCode::SWITCHING_PROTOCOLS, up.headers()).unwrap();
        let options = ExecOptions::from_query(query).unwrap();
        let (a, b) = tokio::io::duplex(1 << 16);
        let server = {
            let options = options.clone();
            tokio::spawn(async move { up.exec(b, &options).await })
        };
        let client = start(a, &options).await.unwrap();
        (server.await.unwrap().unwrap(), client)
    }

    #[tokio::test]
    async fn stdin_to_its_end_reaches_the_command_and_output_and_exit_code_come_back() {
        let (mut server, client) = pair("command=cat&stdin=1&stdout=1&stderr=1").await;
        let command = vec!["cat".to_string()];
        let (mut typed, stdin) = tokio::io::duplex(1024);
        let (stdout, mut shown) = tokio::io::duplex(1024);
        let (stderr, mut errors) = tokio::io::duplex(1024);
        typed.write_all(b"piped input\n").await.unwrap();
        drop(typed);
        let local = Local {
            stdin: Some(stdin),
            stdout: Some(stdout),
            stderr: Some(stderr),
            resize: None,
        };
        let running = tokio::spawn({
            let command = command.clone();
            async move { client.run(local, &command).await }
        });
        // The "command": cat, which ends at the end of its input, then fails with 3.
        let mut input = Vec::new();
        server
            .stdin
            .take()
            .unwrap()
            .read_to_end(&mut input)
            .await
            .unwrap();
        let out = server.stdout.as_mut().unwrap();
        out.write_all(&input).await.unwrap();
        server
            .stderr
            .as_mut()
            .unwrap()
            .write_all(b"oops\n")
            .await
            .unwrap();
        server
            .finish(ExitStatus::Exited {
                code: 3,
                command: command.clone(),
            })
            .await;
        assert_eq!(
            running.await.unwrap(),
            ExitStatus::Exited { code: 3, command }
        );
        let mut got = String::new();
        shown.read_to_string(&mut got).await.unwrap();
        assert_eq!(got, "piped input\n");
        got.clear();
        errors.read_to_string(&mut got).await.unwrap();
        assert_eq!(got, "oops\n");
    }

    #[tokio::test]
    async fn a_tty_session_sends_terminal_sizes_and_succeeds_with_a_success_status() {
        let (mut server, client) = pair("command=sh&stdin=1&stdout=1&stderr=1&tty=1").await;
        assert!(server.stderr.is_none(), "a TTY merges stderr into stdout");
        let (sizes_tx, sizes) = mpsc::channel(4);
        let (_typed, stdin) = tokio::io::duplex(1024);
        let local = Local {
            stdin: Some(stdin),
            stdout: Some(tokio::io::sink()),
            stderr: None::<tokio::io::Sink>,
            resize: Some(sizes),
        };
        let running = tokio::spawn(async move { client.run(local, &["sh".to_string()]).await });
        let size = TerminalSize {
            width: 101,
            height: 33,
        };
        sizes_tx.send(size).await.unwrap();
        assert_eq!(server.resize.as_mut().unwrap().recv().await, Some(size));
        server
            .finish(ExitStatus::Exited {
                code: 0,
                command: vec!["sh".into()],
            })
            .await;
        assert_eq!(
            running.await.unwrap(),
            ExitStatus::Exited {
                code: 0,
                command: vec!["sh".into()]
            }
        );
    }

    #[test]
    fn an_upgrade_refused_or_agreed_to_another_version_is_an_error() {
        assert!(matches!(
            check_upgrade_response(StatusCode::FORBIDDEN, &HeaderMap::new()),
            Err(Error::Refused(StatusCode::FORBIDDEN))
        ));
        let mut h = HeaderMap::new();
        h.insert(
            PROTOCOL_HEADER,
            HeaderValue::from_static("v3.channel.k8s.io"),
        );
        assert!(matches!(
            check_upgrade_response(StatusCode::SWITCHING_PROTOCOLS, &h),
            Err(Error::Version(v)) if v == "v3.channel.k8s.io"
        ));
    }
}
