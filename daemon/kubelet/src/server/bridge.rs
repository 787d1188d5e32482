//! The agent as a client of the runtime's streaming server (CRI `Exec`/`Attach` URLs):
//! WebSocket with `v4.channel.k8s.io` (containerd's server speaks it, cri-runtime.md point 8) —
//! stdin on channel 0, stdout 1, stderr 2, the exit status as a `metav1.Status` on 3, terminal
//! sizes on 4. v4 has no way to say "stdin ended": a command that waits for the end of its
//! input (`cat` fed by a pipe) keeps waiting; tar and interactive shells are unaffected.

use std::time::Duration;

use base64::Engine;
use bytes::Bytes;
use futures::{SinkExt, StreamExt};
use http_body_util::Empty;
use hyper_util::rt::TokioIo;
use rk_stream::{ExitStatus, TerminalSize};
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::Role;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the runtime's stream URL {0:?} is not http://HOST:PORT/PATH")]
    Url(String),
    #[error("connecting to the runtime's stream server: {0}")]
    Connect(String),
    #[error("the runtime's stream server answered {0} instead of switching protocols")]
    Refused(http::StatusCode),
}

/// The streams of one session, on the agent's side.
pub struct Streams<I, O, E> {
    pub stdin: Option<I>,
    pub stdout: Option<O>,
    pub stderr: Option<E>,
    pub resize: Option<mpsc::Receiver<TerminalSize>>,
}

/// Reads the exit status from a v4 status message.
pub fn exit_status(status: &Value, command: &[String]) -> ExitStatus {
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

async fn connect(url: &str) -> Result<WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>, Error> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| Error::Url(url.to_string()))?;
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let tcp = tokio::net::TcpStream::connect(host)
        .await
        .map_err(|e| Error::Connect(format!("{host}: {e}")))?;
    let (mut send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tcp))
        .await
        .map_err(|e| Error::Connect(e.to_string()))?;
    tokio::spawn(async move {
        let _ = conn.with_upgrades().await;
    });
    let mut key = [0u8; 16];
    let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut key);
    let req = http::Request::get(path)
        .header(http::header::HOST, host)
        .header(http::header::CONNECTION, "Upgrade")
        .header(http::header::UPGRADE, "websocket")
        .header(http::header::SEC_WEBSOCKET_VERSION, "13")
        .header(
            http::header::SEC_WEBSOCKET_KEY,
            base64::engine::general_purpose::STANDARD.encode(key),
        )
        .header(http::header::SEC_WEBSOCKET_PROTOCOL, "v4.channel.k8s.io")
        .body(Empty::<Bytes>::new())
        .map_err(|e| Error::Connect(e.to_string()))?;
    let resp = send
        .send_request(req)
        .await
        .map_err(|e| Error::Connect(e.to_string()))?;
    if resp.status() != http::StatusCode::SWITCHING_PROTOCOLS {
        return Err(Error::Refused(resp.status()));
    }
    let io = hyper::upgrade::on(resp)
        .await
        .map_err(|e| Error::Connect(e.to_string()))?;
    Ok(WebSocketStream::from_raw_socket(TokioIo::new(io), Role::Client, None).await)
}

fn frame(channel: u8, data: &[u8]) -> Message {
    let mut v = Vec::with_capacity(data.len() + 1);
    v.push(channel);
    v.extend_from_slice(data);
    Message::Binary(v.into())
}

/// Runs the session through the runtime's stream server at `url`; answers how it ended.
pub async fn run<I, O, E>(
    url: &str,
    mut streams: Streams<I, O, E>,
    command: &[String],
) -> ExitStatus
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send,
    E: AsyncWrite + Unpin + Send,
{
    let ws = match connect(url).await {
        Ok(ws) => ws,
        Err(e) => return ExitStatus::Error(e.to_string()),
    };
    let (mut sink, mut source) = ws.split();
    // Everything the agent sends goes through one queue (stdin and resizes).
    let (out_tx, mut out_rx) = mpsc::channel::<Message>(16);
    if let Some(mut stdin) = streams.stdin.take() {
        let tx = out_tx.clone();
        tokio::spawn(async move {
            let mut buf = vec![0u8; 32 * 1024];
            while let Ok(n) = stdin.read(&mut buf).await {
                if n == 0 || tx.send(frame(0, &buf[..n])).await.is_err() {
                    break;
                }
            }
        });
    }
    if let Some(mut resize) = streams.resize.take() {
        let tx = out_tx.clone();
        tokio::spawn(async move {
            while let Some(size) = resize.recv().await {
                let Ok(json) = serde_json::to_vec(&size) else {
                    continue;
                };
                if tx.send(frame(4, &json)).await.is_err() {
                    break;
                }
            }
        });
    }
    drop(out_tx);
    let mut status = None;
    let mut sending = true;
    loop {
        tokio::select! {
            out = out_rx.recv(), if sending => match out {
                Some(m) => {
                    if sink.send(m).await.is_err() {
                        sending = false;
                    }
                }
                None => sending = false,
            },
            msg = source.next() => match msg {
                Some(Ok(Message::Binary(data))) if !data.is_empty() => {
                    let (channel, payload) = (data[0], &data[1..]);
                    match channel {
                        1 => if let Some(o) = streams.stdout.as_mut() { let _ = o.write_all(payload).await; },
                        2 => if let Some(e) = streams.stderr.as_mut() { let _ = e.write_all(payload).await; },
                        3 if !payload.is_empty() => {
                            status = Some(match serde_json::from_slice::<Value>(payload) {
                                Ok(v) => exit_status(&v, command),
                                Err(_) => ExitStatus::Error(String::from_utf8_lossy(payload).into_owned()),
                            });
                        }
                        _ => {}
                    }
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
        }
    }
    if let Some(o) = streams.stdout.as_mut() {
        let _ = o.flush().await;
    }
    let _ = tokio::time::timeout(Duration::from_secs(1), sink.close()).await;
    // v4 says nothing on success: a session that ends without a status succeeded.
    status.unwrap_or(ExitStatus::Exited {
        code: 0,
        command: command.to_vec(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn v4_statuses_carry_the_exit_code() {
        let cmd = vec!["sh".to_string()];
        let failed = json!({"status": "Failure", "reason": "NonZeroExitCode", "details": {"causes": [{"reason": "ExitCode", "message": "3"}]}});
        assert_eq!(
            exit_status(&failed, &cmd),
            ExitStatus::Exited {
                code: 3,
                command: cmd.clone()
            }
        );
        assert_eq!(
            exit_status(&json!({"status": "Success"}), &cmd),
            ExitStatus::Exited {
                code: 0,
                command: cmd.clone()
            }
        );
        assert_eq!(
            exit_status(&json!({"status": "Failure", "message": "boom"}), &cmd),
            ExitStatus::Error("boom".into())
        );
    }

    /// A stream server built on rk-stream: echoes stdin to stdout, then exits 3.
    async fn fake_stream_server() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            let service = hyper::service::service_fn(
                |mut req: http::Request<hyper::body::Incoming>| async move {
                    let up =
                        rk_stream::negotiate(rk_stream::Operation::Exec, req.headers()).unwrap();
                    let on = hyper::upgrade::on(&mut req);
                    let u = up.clone();
                    tokio::spawn(async move {
                        let io = TokioIo::new(on.await.unwrap());
                        let options = rk_stream::ExecOptions {
                            command: vec!["cat".into()],
                            stdin: true,
                            stdout: true,
                            ..Default::default()
                        };
                        let mut s = u.exec(io, &options).await.unwrap();
                        let mut stdin = s.stdin.take().unwrap();
                        let mut buf = [0u8; 5];
                        stdin.read_exact(&mut buf).await.unwrap();
                        s.stdout.as_mut().unwrap().write_all(&buf).await.unwrap();
                        s.finish(ExitStatus::Exited {
                            code: 3,
                            command: vec!["cat".into()],
                        })
                        .await;
                    });
                    let mut r = http::Response::new(Empty::<Bytes>::new());
                    *r.status_mut() = http::StatusCode::SWITCHING_PROTOCOLS;
                    *r.headers_mut() = up.headers().clone();
                    Ok::<_, std::convert::Infallible>(r)
                },
            );
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(tcp), service)
                .with_upgrades()
                .await;
        });
        format!("http://{addr}/exec/token")
    }

    #[tokio::test]
    async fn a_session_goes_through_a_v4_stream_server_with_its_exit_code() {
        let url = fake_stream_server().await;
        let (mut client_in, agent_in) = tokio::io::duplex(1024);
        let (agent_out, mut client_out) = tokio::io::duplex(1024);
        client_in.write_all(b"hello").await.unwrap();
        let streams = Streams {
            stdin: Some(agent_in),
            stdout: Some(agent_out),
            stderr: None::<tokio::io::DuplexStream>,
            resize: None,
        };
        let status = run(&url, streams, &["cat".to_string()]).await;
        assert_eq!(
            status,
            ExitStatus::Exited {
                code: 3,
                command: vec!["cat".into()]
            }
        );
        let mut got = [0u8; 5];
        client_out.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"hello");
    }
}
