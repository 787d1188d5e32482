//! Exec, attach and port-forward on the agent: the client's protocol (SPDY/3.1, WebSocket
//! v1–v5, SPDY in WebSocket — whatever reached us through the API server's byte proxy) is
//! terminated here with rk-stream, and the session is bridged to the runtime.
//!
//! - exec without stdin and TTY runs through the runtime's `exec_sync` (output buffered, exit
//!   code as kubectl's own, whatever the client's protocol).
//! - with stdin, a TTY, or for attach, the session goes to the runtime's stream server: a SPDY
//!   client (kubectl ≤ 1.29) is spliced through byte for byte — the runtime's server speaks
//!   SPDY too; a WebSocket client of any version (v5: kubectl 1.30+ and rkctl; v4: the Python
//!   client) is terminated here and bridged to the runtime as a SPDY client ([`bridge`]), so
//!   that v5's close signal half-closes stdin towards the command.
//! - a runtime without a stream server (the simulated runtime) reads stdin to its end and runs
//!   `exec_sync`; TTY sessions and attach are refused there.
//! - port-forward connects to the pod's address on the node (the pod network is reachable from
//!   its node; host-network pods on 127.0.0.1); the simulated runtime's pods echo what they get.

use std::sync::Arc;
use std::time::Duration;

use http::{Request, Response, StatusCode};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use rk_stream::{ExecOptions, ExecSession, ExitStatus, Operation, PortStream};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{Body, Shared, bridge, find_pod, full, pod_not_found, status};
use crate::runtime::{self, ContainerState, Runtime, StreamRequest};

/// How long a non-interactive exec may run.
const EXEC_TIMEOUT: Duration = Duration::from_secs(4 * 3600);

fn switching(upgrade: &rk_stream::Upgrade) -> Response<Body> {
    let mut r = full(
        StatusCode::SWITCHING_PROTOCOLS,
        "text/plain",
        bytes::Bytes::new(),
    );
    r.headers_mut().remove(http::header::CONTENT_TYPE);
    for (k, v) in upgrade.headers() {
        r.headers_mut().insert(k, v.clone());
    }
    r
}

fn refused(e: &rk_stream::NegotiationError) -> Response<Body> {
    full(e.code(), "application/json", e.status().to_string())
}

pub(crate) async fn exec<R: Runtime>(
    shared: &Arc<Shared<R>>,
    mut req: Request<Incoming>,
    ns: &str,
    pod: &str,
    container: &str,
    attach: bool,
) -> Response<Body> {
    let options = match ExecOptions::from_query(req.uri().query().unwrap_or("")) {
        Ok(o) => o,
        Err(e) => return status(StatusCode::BAD_REQUEST, "BadRequest", e.to_string()),
    };
    if !attach && options.command.is_empty() {
        return status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "you must specify at least one command for the container",
        );
    }
    let Some(found) = find_pod(shared, ns, pod).await else {
        return pod_not_found(ns, pod);
    };
    let running = found
        .container(container)
        .filter(|c| c.state == ContainerState::Running);
    let Some(c) = running else {
        return status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            format!("container {container} is not running in pod {pod}"),
        );
    };
    let operation = if attach {
        Operation::Attach
    } else {
        Operation::Exec
    };
    let request = StreamRequest {
        container_id: c.id.clone(),
        cmd: options.command.clone(),
        tty: options.tty,
        stdin: options.stdin,
        stdout: options.stdout,
        stderr: options.stderr,
    };
    let interactive = options.tty || attach;
    // Sessions with stdin, a TTY, or attach go to the runtime's stream server when it has one.
    let mut url = None;
    if interactive || options.stdin {
        let rt = &found.node.ctx.runtime;
        let answer = if attach {
            rt.attach_url(&request).await
        } else {
            rt.exec_url(&request).await
        };
        match answer {
            Ok(u) => url = Some(u),
            Err(runtime::Error::Unsupported { .. }) if !interactive => {}
            Err(e) => {
                return status(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "InternalError",
                    e.to_string(),
                );
            }
        }
    }
    let websocket = req
        .headers()
        .get(http::header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if let Some(url) = &url
        && !websocket
    {
        // SPDY on both sides: the client talks to the runtime's stream server through us.
        return splice(req, url).await;
    }
    // Every WebSocket version is terminated here, v5 included: the bridge to the runtime is
    // SPDY, which carries the end of stdin.
    let upgrade = match rk_stream::negotiate(operation, req.headers()) {
        Ok(u) => u,
        Err(e) => return refused(&e),
    };
    let node = found.index;
    let on = hyper::upgrade::on(&mut req);
    let (shared, up) = (shared.clone(), upgrade.clone());
    tokio::spawn(async move {
        let io = match on.await {
            Ok(io) => TokioIo::new(io),
            Err(e) => {
                tracing::debug!(error = %e, "exec: upgrade failed");
                return;
            }
        };
        let session = match up.exec(io, &options).await {
            Ok(s) => s,
            Err(e) => {
                tracing::debug!(error = %e, "exec: no session");
                return;
            }
        };
        let Some(handle) = shared.nodes.get(node) else {
            return;
        };
        run_exec(&handle.ctx.runtime, request, url, &options, session).await;
    });
    switching(&upgrade)
}

/// Forwards the upgrade request to the runtime's stream server and, once it switches
/// protocols, splices the client's connection to it byte for byte.
async fn splice(mut req: Request<Incoming>, url: &str) -> Response<Body> {
    let failed = |m: String| status(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", m);
    let Some(rest) = url.strip_prefix("http://") else {
        return failed(format!(
            "the runtime's stream URL {url:?} is not http://HOST:PORT/PATH"
        ));
    };
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let tcp = match tokio::net::TcpStream::connect(host).await {
        Ok(t) => t,
        Err(e) => {
            return failed(format!(
                "connecting to the runtime's stream server {host}: {e}"
            ));
        }
    };
    let (mut send, conn) = match hyper::client::conn::http1::handshake(TokioIo::new(tcp)).await {
        Ok(x) => x,
        Err(e) => return failed(format!("the runtime's stream server: {e}")),
    };
    tokio::spawn(async move {
        let _ = conn.with_upgrades().await;
    });
    let mut out = http::Request::builder()
        .method(req.method().clone())
        .uri(path);
    for (k, v) in req.headers() {
        if k != http::header::HOST && k != http::header::CONTENT_LENGTH {
            out = out.header(k, v);
        }
    }
    let out = match out
        .header(http::header::HOST, host)
        .body(http_body_util::Empty::<bytes::Bytes>::new())
    {
        Ok(o) => o,
        Err(e) => return failed(e.to_string()),
    };
    let client_upgrade = hyper::upgrade::on(&mut req);
    let mut resp = match send.send_request(out).await {
        Ok(r) => r,
        Err(e) => return failed(format!("the runtime's stream server: {e}")),
    };
    let code = resp.status();
    let headers = resp.headers().clone();
    if code != StatusCode::SWITCHING_PROTOCOLS {
        let body = http_body_util::BodyExt::collect(resp.into_body())
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let mut r = full(code, "text/plain", body);
        if let Some(ct) = headers.get(http::header::CONTENT_TYPE) {
            r.headers_mut()
                .insert(http::header::CONTENT_TYPE, ct.clone());
        }
        return r;
    }
    let runtime_upgrade = hyper::upgrade::on(&mut resp);
    tokio::spawn(async move {
        let (Ok(client), Ok(runtime)) = (client_upgrade.await, runtime_upgrade.await) else {
            return;
        };
        let (mut client, mut runtime) = (TokioIo::new(client), TokioIo::new(runtime));
        let _ = tokio::io::copy_bidirectional(&mut client, &mut runtime).await;
    });
    let mut r = full(
        StatusCode::SWITCHING_PROTOCOLS,
        "text/plain",
        bytes::Bytes::new(),
    );
    r.headers_mut().remove(http::header::CONTENT_TYPE);
    for (k, v) in &headers {
        r.headers_mut().insert(k, v.clone());
    }
    r
}

async fn run_exec<R: Runtime>(
    rt: &R,
    request: StreamRequest,
    url: Option<String>,
    options: &ExecOptions,
    mut session: ExecSession,
) {
    if let Some(url) = url {
        let streams = bridge::Streams {
            stdin: session.stdin.take(),
            stdout: session.stdout.take(),
            stderr: session.stderr.take(),
            resize: session.resize.take(),
        };
        let status = bridge::run(&url, streams, options, &request.cmd).await;
        session.finish(status).await;
        return;
    }
    if let Some(mut stdin) = session.stdin.take() {
        // No streaming server to hand stdin to: read it to its end (kubectl cp, `… < file`).
        let mut sink = Vec::new();
        let _ = stdin.read_to_end(&mut sink).await;
    }
    let status = match rt
        .exec_sync(&request.container_id, &request.cmd, EXEC_TIMEOUT)
        .await
    {
        Ok(r) => {
            if let Some(out) = session.stdout.as_mut() {
                let _ = out.write_all(&r.stdout).await;
            }
            if let Some(err) = session.stderr.as_mut() {
                let _ = err.write_all(&r.stderr).await;
            }
            ExitStatus::Exited {
                code: r.exit_code,
                command: request.cmd.clone(),
            }
        }
        Err(e) => ExitStatus::Error(e.to_string()),
    };
    session.finish(status).await;
}

/// The copy buffer of a forwarded connection, each way.
const FORWARD_BUFFER: usize = 64 * 1024;

pub(crate) async fn port_forward<R: Runtime>(
    shared: &Arc<Shared<R>>,
    mut req: Request<Incoming>,
    ns: &str,
    pod: &str,
) -> Response<Body> {
    let ports = match rk_stream::ports_from_query(req.uri().query().unwrap_or("")) {
        Ok(p) => p,
        Err(e) => return status(StatusCode::BAD_REQUEST, "BadRequest", e.to_string()),
    };
    let Some(found) = find_pod(shared, ns, pod).await else {
        return pod_not_found(ns, pod);
    };
    let upgrade = match rk_stream::negotiate(Operation::PortForward, req.headers()) {
        Ok(u) => u,
        Err(e) => return refused(&e),
    };
    let simulated = found.node.ctx.runtime.type_name() == runtime::sim::TYPE_NAME;
    let target = found
        .sandbox
        .ip
        .clone()
        .unwrap_or_else(|| "127.0.0.1".to_string());
    let on = hyper::upgrade::on(&mut req);
    let up = upgrade.clone();
    tokio::spawn(async move {
        let io = match on.await {
            Ok(io) => TokioIo::new(io),
            Err(e) => {
                tracing::debug!(error = %e, "port-forward: upgrade failed");
                return;
            }
        };
        let mut session = match up.port_forward(io, &ports) {
            Ok(s) => s,
            Err(e) => {
                tracing::debug!(error = %e, "port-forward: no session");
                return;
            }
        };
        while let Some(stream) = session.next().await {
            let target = target.clone();
            tokio::spawn(async move {
                if simulated {
                    echo(stream).await;
                } else {
                    forward(stream, &target).await;
                }
            });
        }
    });
    switching(&upgrade)
}

/// The simulated pod: every port echoes what it receives.
async fn echo(stream: PortStream) {
    let (mut r, mut w) = tokio::io::split(stream.io);
    let _ = tokio::io::copy(&mut r, &mut w).await;
    let _ = w.shutdown().await;
}

async fn forward(mut stream: PortStream, ip: &str) {
    let addr = if ip.contains(':') {
        format!("[{ip}]:{}", stream.port)
    } else {
        format!("{ip}:{}", stream.port)
    };
    match tokio::net::TcpStream::connect(&addr).await {
        Ok(mut tcp) => {
            // 64 KiB each way (tokio's default is 8 KiB): a bulk transfer takes an eighth of the
            // wake-ups and SPDY DATA frames of 32 KiB stay whole.
            let _ = tcp.set_nodelay(true);
            let _ = tokio::io::copy_bidirectional_with_sizes(
                &mut stream.io,
                &mut tcp,
                FORWARD_BUFFER,
                FORWARD_BUFFER,
            )
            .await;
        }
        Err(e) => {
            let port = stream.port;
            stream.fail(format!(
                "error forwarding port {port} to pod: failed to connect to {addr}: {e}"
            ));
        }
    }
}
