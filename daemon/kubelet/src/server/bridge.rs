//! The agent as a client of the runtime's stream server (CRI `Exec`/`Attach` URLs): whatever the
//! client spoke (WebSocket v1–v5, terminated here), the session goes on to the runtime over
//! SPDY/3.1 with `v4.channel.k8s.io` — containerd's server speaks it, and SPDY can half-close
//! stdin, so a client's end of stdin (v5's close signal on channel 255, a v1–v4 client
//! hanging up) reaches the command as EOF: `… | exec -i POD -- cat` returns. Terminal sizes go
//! to the resize stream as JSON; the exit status comes back as a `metav1.Status` on the error
//! stream ([`rk_stream::exec_client`]).

use bytes::Bytes;
use http_body_util::Empty;
use hyper_util::rt::TokioIo;
use rk_stream::exec_client::{self, Local};
use rk_stream::{ExecOptions, ExitStatus, TerminalSize};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the runtime's stream URL {0:?} is not http://HOST:PORT/PATH")]
    Url(String),
    #[error("connecting to the runtime's stream server: {0}")]
    Connect(String),
    #[error("the runtime's stream server: {0}")]
    Session(#[from] exec_client::Error),
}

/// The streams of one session, on the agent's side.
pub struct Streams<I, O, E> {
    pub stdin: Option<I>,
    pub stdout: Option<O>,
    pub stderr: Option<E>,
    pub resize: Option<mpsc::Receiver<TerminalSize>>,
}

/// Upgrades a connection to the runtime's stream server at `url` to SPDY/3.1 (v4 agreed).
async fn connect(url: &str) -> Result<TokioIo<hyper::upgrade::Upgraded>, Error> {
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
    let mut req = http::Request::post(path)
        .header(http::header::HOST, host)
        .body(Empty::<Bytes>::new())
        .map_err(|e| Error::Connect(e.to_string()))?;
    req.headers_mut()
        .extend(exec_client::upgrade_request_headers());
    let resp = send
        .send_request(req)
        .await
        .map_err(|e| Error::Connect(e.to_string()))?;
    exec_client::check_upgrade_response(resp.status(), resp.headers())?;
    let io = hyper::upgrade::on(resp)
        .await
        .map_err(|e| Error::Connect(e.to_string()))?;
    Ok(TokioIo::new(io))
}

/// Runs the session through the runtime's stream server at `url`; answers how it ended.
pub async fn run<I, O, E>(
    url: &str,
    streams: Streams<I, O, E>,
    options: &ExecOptions,
    command: &[String],
) -> ExitStatus
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send,
    E: AsyncWrite + Unpin + Send,
{
    let started = async {
        let io = connect(url).await?;
        Ok::<_, Error>(exec_client::start(io, options).await?)
    };
    let remote = match started.await {
        Ok(r) => r,
        Err(e) => return ExitStatus::Error(e.to_string()),
    };
    let local = Local {
        stdin: streams.stdin,
        stdout: streams.stdout,
        stderr: streams.stderr,
        resize: streams.resize,
    };
    remote.run(local, command).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A stream server built on rk-stream (SPDY, as containerd's): echoes stdin to its end to
    /// stdout, then exits 3.
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
                        let mut buf = Vec::new();
                        stdin.read_to_end(&mut buf).await.unwrap();
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
    async fn a_session_goes_through_a_spdy_stream_server_with_the_end_of_stdin_and_its_exit_code() {
        let url = fake_stream_server().await;
        let (mut client_in, agent_in) = tokio::io::duplex(1024);
        let (agent_out, mut client_out) = tokio::io::duplex(1024);
        client_in.write_all(b"hello").await.unwrap();
        drop(client_in);
        let streams = Streams {
            stdin: Some(agent_in),
            stdout: Some(agent_out),
            stderr: None::<tokio::io::DuplexStream>,
            resize: None,
        };
        let options = ExecOptions::from_query("command=cat&stdin=1&stdout=1").unwrap();
        let status = run(&url, streams, &options, &["cat".to_string()]).await;
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
