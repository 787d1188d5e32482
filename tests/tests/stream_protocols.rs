//! rk-stream against the real kubectl: a small fake API server (plain HTTP on loopback) answers
//! discovery and `GET …/pods/p`, and serves `exec`, `attach` and `portforward` with rk-stream.
//! Its "container" runs a tiny script language instead of a process:
//! `cat` copies stdin to stdout until EOF, `out:X` / `err:X` print a line to stdout / stderr,
//! `size` prints the next terminal size as `WxH`, `mark:PATH` creates a file, `exit:N` sets the exit code.
//! `line` copies one line of stdin. Port-forwards go to a TCP echo server on 127.0.0.1.
//!
//! Verified: kubectl 1.27 (SPDY/3.1 exec, attach, port-forward), 1.29 (SPDY exec), 1.30 (WebSocket
//! v5 exec, SPDY port-forward), 1.31 (port-forward through SPDY tunnelled in WebSocket),
//! 1.33 (WebSocket v5 exec and attach, port-forward through SPDY tunnelled in WebSocket), and the
//! Python client (`kubernetes==37.0.2`: `stream()` exec and `portforward()` over the v4 channels).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::convert::Infallible;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rk_e2e::{kubectl_bin, python_with_kubernetes_client};
use rk_stream::{ExecOptions, ExitStatus, Operation, Protocol, negotiate, ports_from_query};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// What the fake server saw: one entry per upgraded request.
type Seen = Arc<Mutex<Vec<(Operation, Protocol)>>>;

struct FakeApi {
    seen: Seen,
    dir: tempfile::TempDir,
}

impl FakeApi {
    async fn start() -> FakeApi {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen: Seen = Arc::default();
        let seen2 = seen.clone();
        tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                let seen = seen2.clone();
                tokio::spawn(async move {
                    let svc = service_fn(move |req| handle(req, seen.clone()));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(tcp), svc)
                        .with_upgrades()
                        .await;
                });
            }
        });
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config"),
            format!(
                "apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: http://{addr}\ncontexts:\n- name: fake\n  context:\n    cluster: fake\n    namespace: default\ncurrent-context: fake\n"
            ),
        )
        .unwrap();
        FakeApi { seen, dir }
    }

    fn kubectl(&self, minor: u32, args: &[&str]) -> tokio::process::Command {
        let mut cmd = tokio::process::Command::new(kubectl_bin(minor));
        cmd.arg("--kubeconfig")
            .arg(self.dir.path().join("config"))
            .args(args)
            .env("HOME", self.dir.path())
            .kill_on_drop(true);
        cmd
    }

    /// Runs kubectl with `stdin` as its input; returns (exit code, stdout, stderr).
    async fn run(&self, minor: u32, args: &[&str], stdin: &[u8]) -> (i32, String, String) {
        let mut child = self
            .kubectl(minor, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        let data = stdin.to_vec();
        tokio::spawn(async move {
            let _ = input.write_all(&data).await;
        });
        let out = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
            .await
            .expect("kubectl finished within a minute")
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn last(&self) -> (Operation, Protocol) {
        self.seen
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("an upgraded request")
    }
}

fn json_response(code: StatusCode, body: serde_json::Value) -> Response<Full<Bytes>> {
    Response::builder()
        .status(code)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap()
}

fn pod() -> serde_json::Value {
    json!({
        "kind": "Pod", "apiVersion": "v1",
        "metadata": {"name": "p", "namespace": "default", "uid": "7a1c0c4e-0000-4000-8000-000000000001",
                     "resourceVersion": "1", "creationTimestamp": "2026-01-01T00:00:00Z"},
        "spec": {"nodeName": "n", "containers": [{"name": "c", "image": "busybox", "stdin": true,
                 "ports": [{"containerPort": 80}]}]},
        "status": {"phase": "Running", "podIP": "127.0.0.1",
                   "containerStatuses": [{"name": "c", "ready": true, "restartCount": 0, "image": "busybox",
                                          "imageID": "", "started": true,
                                          "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}}]}
    })
}

async fn handle(
    mut req: Request<Incoming>,
    seen: Seen,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or_default().to_string();
    let base = "/api/v1/namespaces/default/pods/p";
    let op = match path.strip_prefix(base) {
        Some("/exec") => Operation::Exec,
        Some("/attach") => Operation::Attach,
        Some("/portforward") => Operation::PortForward,
        Some("") => return Ok(json_response(StatusCode::OK, pod())),
        _ => {
            return Ok(match path.as_str() {
                "/api" => json_response(
                    StatusCode::OK,
                    json!({"kind": "APIVersions", "versions": ["v1"],
                           "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}),
                ),
                "/apis" => json_response(
                    StatusCode::OK,
                    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": []}),
                ),
                "/api/v1" => json_response(
                    StatusCode::OK,
                    json!({"kind": "APIResourceList", "groupVersion": "v1", "resources": [
                        {"name": "pods", "singularName": "pod", "namespaced": true, "kind": "Pod",
                         "verbs": ["get", "list"], "shortNames": ["po"]},
                        {"name": "pods/exec", "singularName": "", "namespaced": true, "kind": "PodExecOptions", "verbs": ["create", "get"]},
                        {"name": "pods/attach", "singularName": "", "namespaced": true, "kind": "PodAttachOptions", "verbs": ["create", "get"]},
                        {"name": "pods/portforward", "singularName": "", "namespaced": true, "kind": "PodPortForwardOptions", "verbs": ["create", "get"]}
                    ]}),
                ),
                _ => json_response(
                    StatusCode::NOT_FOUND,
                    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                           "message": "the server could not find the requested resource", "reason": "NotFound", "code": 404}),
                ),
            });
        }
    };
    let upgrade = match negotiate(op, req.headers()) {
        Ok(u) => u,
        Err(e) => return Ok(json_response(e.code(), e.status())),
    };
    seen.lock().unwrap().push((op, upgrade.protocol.clone()));
    let on_upgrade = hyper::upgrade::on(&mut req);
    let mut response = Response::builder().status(StatusCode::SWITCHING_PROTOCOLS);
    for (name, value) in upgrade.headers() {
        response = response.header(name, value);
    }
    if op == Operation::PortForward {
        let ports = ports_from_query(&query).unwrap();
        tokio::spawn(async move {
            let io = TokioIo::new(on_upgrade.await.unwrap());
            let mut session = upgrade.port_forward(io, &ports).unwrap();
            while let Some(mut stream) = session.next().await {
                tokio::spawn(async move {
                    match TcpStream::connect(("127.0.0.1", stream.port)).await {
                        Ok(mut tcp) => {
                            let _ = tokio::io::copy_bidirectional(&mut stream.io, &mut tcp).await;
                        }
                        Err(e) => stream.fail(format!("dial tcp 127.0.0.1:{}: {e}", stream.port)),
                    }
                });
            }
        });
    } else {
        let options = match ExecOptions::from_query(&query) {
            Ok(o) => o,
            Err(e) => {
                return Ok(json_response(
                    StatusCode::BAD_REQUEST,
                    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                           "message": e.to_string(), "reason": "BadRequest", "code": 400}),
                ));
            }
        };
        tokio::spawn(async move {
            let io = TokioIo::new(on_upgrade.await.unwrap());
            let session = upgrade.exec(io, &options).await.unwrap();
            let command = if op == Operation::Attach {
                vec!["cat".to_string()]
            } else {
                options.command.clone()
            };
            run_script(session, command).await;
        });
    }
    Ok(response.body(Full::new(Bytes::new())).unwrap())
}

/// The fake container's "process".
async fn run_script(mut s: rk_stream::ExecSession, command: Vec<String>) {
    let mut code = 0;
    for arg in &command {
        if arg == "cat" {
            if let (Some(stdin), Some(stdout)) = (s.stdin.as_mut(), s.stdout.as_mut()) {
                tokio::io::copy(stdin, stdout).await.unwrap();
            }
        } else if arg == "line" {
            // One line of stdin back to stdout (for clients that cannot close stdin).
            let mut line = Vec::new();
            if let Some(stdin) = s.stdin.as_mut() {
                let mut byte = [0u8; 1];
                while stdin.read(&mut byte).await.unwrap_or(0) == 1 {
                    line.push(byte[0]);
                    if byte[0] == b'\n' {
                        break;
                    }
                }
            }
            s.stdout.as_mut().unwrap().write_all(&line).await.unwrap();
        } else if arg == "size" {
            let size = match s.resize.as_mut() {
                Some(rx) => rx.recv().await,
                None => None,
            };
            let line = match size {
                Some(sz) => format!("{}x{}\r\n", sz.width, sz.height),
                None => "no-size\r\n".to_string(),
            };
            s.stdout
                .as_mut()
                .unwrap()
                .write_all(line.as_bytes())
                .await
                .unwrap();
        } else if let Some(path) = arg.strip_prefix("mark:") {
            std::fs::write(path, b"").unwrap();
        } else if let Some(text) = arg.strip_prefix("out:") {
            let line = format!("{text}\n");
            s.stdout
                .as_mut()
                .unwrap()
                .write_all(line.as_bytes())
                .await
                .unwrap();
        } else if let Some(text) = arg.strip_prefix("err:") {
            let line = format!("{text}\n");
            let w = s.stderr.as_mut().or(s.stdout.as_mut()).unwrap();
            w.write_all(line.as_bytes()).await.unwrap();
        } else if let Some(n) = arg.strip_prefix("exit:") {
            code = n.parse().unwrap();
        }
    }
    s.finish(ExitStatus::Exited { code, command }).await;
}

async fn echo_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (mut r, mut w) = tcp.split();
                let _ = tokio::io::copy(&mut r, &mut w).await;
                let _ = w.shutdown().await;
            });
        }
    });
    port
}

async fn exec_round_trip(api: &FakeApi, minor: u32) {
    let (code, out, err) = api
        .run(
            minor,
            &[
                "exec", "-i", "p", "--", "cat", "err:oops", "out:bye", "exit:3",
            ],
            b"hello from stdin\nsecond line\n",
        )
        .await;
    assert_eq!(
        out, "hello from stdin\nsecond line\nbye\n",
        "kubectl 1.{minor} stderr: {err}"
    );
    assert!(err.contains("oops"), "kubectl 1.{minor} stderr: {err}");
    assert_eq!(
        code, 3,
        "kubectl 1.{minor} passes the exit code on; stderr: {err}"
    );
    let (code, out, err) = api.run(minor, &["exec", "p", "--", "out:fine"], b"").await;
    assert_eq!(
        (code, out.as_str()),
        (0, "fine\n"),
        "kubectl 1.{minor}: {err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_1_27_and_1_29_exec_over_spdy_with_stdin_stderr_and_exit_codes() {
    let api = FakeApi::start().await;
    for minor in [27, 29] {
        exec_round_trip(&api, minor).await;
        assert!(
            matches!(
                api.last(),
                (
                    Operation::Exec,
                    Protocol::Spdy {
                        version: rk_stream::StreamVersion::V4 | rk_stream::StreamVersion::V5
                    }
                )
            ),
            "kubectl 1.{minor}: {:?}",
            api.last()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_1_30_and_1_33_exec_over_websocket_v5() {
    let api = FakeApi::start().await;
    for minor in [30, 33] {
        exec_round_trip(&api, minor).await;
        assert_eq!(
            api.last(),
            (
                Operation::Exec,
                Protocol::WebSocket {
                    version: rk_stream::StreamVersion::V5,
                    base64: false
                }
            )
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attach_echoes_stdin_over_spdy_and_websocket() {
    let api = FakeApi::start().await;
    for minor in [27, 33] {
        let (code, out, err) = api.run(minor, &["attach", "-i", "p"], b"typed\n").await;
        assert_eq!(
            (code, out.as_str()),
            (0, "typed\n"),
            "kubectl 1.{minor}: {err}"
        );
        assert_eq!(api.last().0, Operation::Attach);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_with_a_tty_sends_the_terminal_size_and_its_changes() {
    let api = FakeApi::start().await;
    for minor in [27, 33] {
        // `script` gives kubectl a real terminal of a known size. Once the server has seen that
        // size it drops a marker; a background shell then resizes the terminal, and the kernel
        // signals kubectl (SIGWINCH), which sends the new size.
        let marker = api.dir.path().join(format!("first-size-{minor}"));
        let shell = format!(
            "stty rows 40 cols 100; \
             (while [ ! -e {marker} ]; do sleep 0.05; done; stty rows 50 < /dev/tty) & \
             {kubectl} --kubeconfig {config} exec -it p -- size mark:{marker} size out:done",
            marker = marker.display(),
            kubectl = kubectl_bin(minor).display(),
            config = api.dir.path().join("config").display()
        );
        let out = tokio::time::timeout(
            Duration::from_secs(60),
            tokio::process::Command::new("script")
                .args(["-qec", &shell, "/dev/null"])
                .env("HOME", api.dir.path())
                .stdin(Stdio::null())
                .kill_on_drop(true)
                .output(),
        )
        .await
        .expect("kubectl exec -it finished within a minute")
        .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let first = stdout
            .find("100x40")
            .unwrap_or_else(|| panic!("kubectl 1.{minor}: {stdout}"));
        let second = stdout
            .find("100x50")
            .unwrap_or_else(|| panic!("kubectl 1.{minor}: {stdout}"));
        assert!(first < second, "kubectl 1.{minor}: {stdout}");
        assert!(stdout.contains("done"), "kubectl 1.{minor}: {stdout}");
        assert!(out.status.success(), "kubectl 1.{minor}: {stdout}");
    }
}

/// Starts `kubectl port-forward pod/p :PORT`; returns the child and its local port.
async fn start_port_forward(
    api: &FakeApi,
    minor: u32,
    remote_port: u16,
) -> (tokio::process::Child, u16) {
    let mut child = api
        .kubectl(
            minor,
            &["port-forward", "pod/p", &format!(":{remote_port}")],
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let local_port: u16 = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let line = lines
                .next_line()
                .await
                .unwrap()
                .expect("kubectl printed its port");
            // "Forwarding from 127.0.0.1:41234 -> 5555"
            if let Some(rest) = line.strip_prefix("Forwarding from 127.0.0.1:") {
                return rest.split(' ').next().unwrap().parse().unwrap();
            }
        }
    })
    .await
    .unwrap();
    // kubectl prints a line per connection: keep reading, or it dies of SIGPIPE.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, local_port)
}

async fn port_forward_round_trip(api: &FakeApi, minor: u32, echo_port: u16) {
    let (mut child, local_port) = start_port_forward(api, minor, echo_port).await;
    for round in 0..3 {
        let mut tcp = TcpStream::connect(("127.0.0.1", local_port)).await.unwrap();
        let payload: Vec<u8> = (0..300_000u32).map(|i| (i * 7 + round) as u8).collect();
        let (mut r, mut w) = tcp.split();
        let send = async {
            w.write_all(&payload).await.unwrap();
            w.shutdown().await.unwrap();
        };
        let mut back = Vec::new();
        let recv = r.read_to_end(&mut back);
        let (_, got) =
            tokio::time::timeout(Duration::from_secs(30), async { tokio::join!(send, recv) })
                .await
                .expect("the echo came back");
        got.unwrap();
        assert_eq!(back.len(), payload.len(), "kubectl 1.{minor} round {round}");
        assert!(
            back == payload,
            "kubectl 1.{minor} round {round}: bytes differ"
        );
    }
    child.kill().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_port_forward_carries_data_both_ways_over_spdy_and_tunnelled_spdy() {
    let api = FakeApi::start().await;
    let echo = echo_server().await;
    // Up to 1.30 SPDY/3.1 after an HTTP upgrade; from 1.31 SPDY inside WebSocket.
    for (minor, tunnelled) in [(27, false), (30, false), (31, true), (33, true)] {
        port_forward_round_trip(&api, minor, echo).await;
        let want = if tunnelled {
            Protocol::SpdyOverWebSocket
        } else {
            Protocol::Spdy {
                version: rk_stream::StreamVersion::V1,
            }
        };
        assert_eq!(
            api.last(),
            (Operation::PortForward, want),
            "kubectl 1.{minor}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_python_client_execs_and_port_forwards_over_websocket_channels() {
    let api = FakeApi::start().await;
    let echo = echo_server().await;
    let python = tokio::task::spawn_blocking(python_with_kubernetes_client)
        .await
        .unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("python/stream_smoke.py");
    let out = tokio::time::timeout(
        Duration::from_secs(90),
        tokio::process::Command::new("timeout")
            .arg("60")
            .arg(python)
            .arg(script)
            .arg(api.dir.path().join("config"))
            .arg(echo.to_string())
            .env("HOME", api.dir.path())
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .output(),
    )
    .await
    .unwrap()
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "stream_smoke.py failed:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(s["exec_stdout"], "hello\n", "{s}");
    assert_eq!(s["exec_stderr"], "oops\n", "{s}");
    assert_eq!(s["exec_returncode"], 3, "{s}");
    assert_eq!(s["exec_stdin_echo"], "typed line\n", "{s}");
    assert_eq!(s["exec_stdin_returncode"], 0, "{s}");
    assert_eq!(s["portforward_echo_ok"], true, "{s}");
    let seen = api.seen.lock().unwrap().clone();
    assert!(
        seen.iter()
            .all(|(_, p)| matches!(p, Protocol::WebSocket { .. })),
        "{seen:?}"
    );
}

/// A server that sends `len` bytes to each connection, then closes it.
async fn source_server(len: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            tokio::spawn(async move {
                let block = vec![0x5au8; 1 << 20];
                let mut left = len;
                while left > 0 {
                    let n = left.min(block.len());
                    if tcp.write_all(&block[..n]).await.is_err() {
                        return;
                    }
                    left -= n;
                }
                let _ = tcp.shutdown().await;
            });
        }
    });
    port
}

/// Reads a connection to its end; returns (bytes, MB/s).
async fn download(port: u16) -> (usize, f64) {
    let start = std::time::Instant::now();
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0;
    loop {
        let n = tcp
            .read(&mut buf)
            .await
            .unwrap_or_else(|e| panic!("after {total} bytes: {e}"));
        if n == 0 {
            break;
        }
        total += n;
    }
    (total, total as f64 / 1e6 / start.elapsed().as_secs_f64())
}

/// Prints port-forward download throughput (100 MB) through kubectl 1.27 (SPDY) and 1.33 (SPDY
/// in WebSocket) next to a direct connection, in the same run. Figures, not assertions: the test
/// binary (and so the server side) is a debug build unless run with `--release`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn port_forward_throughput_prints_figures() {
    const LEN: usize = 100 * 1000 * 1000;
    let api = FakeApi::start().await;
    let source = source_server(LEN).await;
    let (bytes, direct) = download(source).await;
    assert_eq!(bytes, LEN);
    let mut figures = vec![format!("direct {direct:.0} MB/s")];
    for minor in [27, 33] {
        let (mut child, local) = start_port_forward(&api, minor, source).await;
        let (bytes, rate) = tokio::time::timeout(Duration::from_secs(120), download(local))
            .await
            .expect("100 MB through port-forward within two minutes");
        if bytes != LEN {
            child.kill().await.unwrap();
            let out = child.wait_with_output().await.unwrap();
            panic!(
                "kubectl 1.{minor}: {bytes} of {LEN} bytes; kubectl said: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        figures.push(format!("kubectl 1.{minor} {rate:.0} MB/s"));
        child.kill().await.unwrap();
    }
    println!(
        "port-forward throughput, 100 MB download ({} build): {}",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        figures.join(", ")
    );
}

/// A port nothing listens on (bound, then released).
async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_port_forward_to_a_closed_port_reports_the_error_through_kubectl() {
    let api = FakeApi::start().await;
    for minor in [27, 33] {
        let port = closed_port().await;
        let mut child = api
            .kubectl(minor, &["port-forward", "pod/p", &format!(":{port}")])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap()).lines();
        let local: u16 = tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                let line = out
                    .next_line()
                    .await
                    .unwrap()
                    .expect("kubectl printed its port");
                if let Some(rest) = line.strip_prefix("Forwarding from 127.0.0.1:") {
                    return rest.split(' ').next().unwrap().parse().unwrap();
                }
            }
        })
        .await
        .unwrap();
        tokio::spawn(async move { while let Ok(Some(_)) = out.next_line().await {} });
        let mut tcp = TcpStream::connect(("127.0.0.1", local)).await.unwrap();
        let mut sink = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(30), tcp.read_to_end(&mut sink)).await;
        let mut err = BufReader::new(child.stderr.take().unwrap()).lines();
        let line = tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                let line = err
                    .next_line()
                    .await
                    .unwrap()
                    .expect("kubectl reported an error");
                if line.contains("an error occurred forwarding") {
                    return line;
                }
            }
        })
        .await
        .expect("kubectl printed the forwarding error");
        assert!(
            line.contains(&format!("-> {port}")) && line.contains("dial tcp 127.0.0.1"),
            "kubectl 1.{minor}: {line}"
        );
        let _ = child.kill().await;
    }
}
