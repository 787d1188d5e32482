//! The probe loop with tokio's clock paused and scripted outcomes; handlers against loopback.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use std::collections::VecDeque;

fn probe(period: u64, delay: u64, success: u32, failure: u32) -> Probe {
    Probe {
        handler: Handler::Exec(vec!["true".into()]),
        initial_delay_seconds: delay,
        period_seconds: period,
        timeout_seconds: 1,
        success_threshold: success,
        failure_threshold: failure,
    }
}

#[test]
fn thresholds_need_consecutive_outcomes() {
    let p = probe(1, 0, 2, 3);
    let mut c = Counter::default();
    assert_eq!(c.observe(true, &p), None);
    assert_eq!(c.observe(true, &p), Some(true));
    assert_eq!(c.observe(false, &p), None);
    assert_eq!(c.observe(false, &p), None);
    assert_eq!(c.observe(true, &p), None);
    assert_eq!(c.observe(false, &p), None);
    assert_eq!(c.observe(false, &p), None);
    assert_eq!(c.observe(false, &p), Some(false));
}

type Script = Arc<Mutex<VecDeque<bool>>>;

fn spawn(
    kind: Kind,
    p: Probe,
    shared: Arc<Shared>,
    has_startup: bool,
    script: Script,
    reports: Arc<Mutex<Vec<String>>>,
) -> tokio::task::JoinHandle<()> {
    let job = Job {
        kind,
        probe: p,
        container_id: "c1".into(),
        started: Instant::now(),
        has_startup,
        shared,
    };
    tokio::spawn(run(
        job,
        move || {
            let next = script.lock().unwrap().pop_front().unwrap_or(true);
            async move {
                if next {
                    Ok(())
                } else {
                    Err("boom".to_string())
                }
            }
        },
        move |m| {
            reports.lock().unwrap().push(m);
            async {}
        },
    ))
}

#[tokio::test(start_paused = true)]
async fn readiness_waits_for_the_initial_delay_and_follows_the_thresholds() {
    let shared = Arc::new(Shared::default());
    let script: Script = Arc::new(Mutex::new([true, false, false, true].into()));
    let reports = Arc::new(Mutex::new(Vec::new()));
    let task = spawn(
        Kind::Readiness,
        probe(10, 5, 1, 2),
        shared.clone(),
        false,
        script,
        reports.clone(),
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        shared.get("c1", Kind::Readiness),
        None,
        "not probed during the initial delay"
    );
    tokio::time::sleep(Duration::from_secs(10)).await; // t=11: first probe (t=10) succeeded
    assert_eq!(shared.get("c1", Kind::Readiness), Some(true));
    tokio::time::sleep(Duration::from_secs(10)).await; // t=21: one failure, below the threshold
    assert_eq!(shared.get("c1", Kind::Readiness), Some(true));
    tokio::time::sleep(Duration::from_secs(10)).await; // t=31: second failure
    assert_eq!(shared.get("c1", Kind::Readiness), Some(false));
    assert_eq!(reports.lock().unwrap().len(), 2);
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert_eq!(shared.get("c1", Kind::Readiness), Some(true));
    task.abort();
}

#[tokio::test(start_paused = true)]
async fn liveness_is_gated_by_startup_and_ends_on_failure() {
    let shared = Arc::new(Shared::default());
    let reports = Arc::new(Mutex::new(Vec::new()));
    let live = spawn(
        Kind::Liveness,
        probe(1, 0, 1, 1),
        shared.clone(),
        true,
        Arc::new(Mutex::new([false].into())),
        reports.clone(),
    );
    let startup = spawn(
        Kind::Startup,
        probe(5, 0, 1, 3),
        shared.clone(),
        true,
        Arc::new(Mutex::new([false, true].into())),
        reports.clone(),
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(shared.get("c1", Kind::Startup), None);
    assert_eq!(
        shared.get("c1", Kind::Liveness),
        None,
        "liveness waits for startup"
    );
    tokio::time::sleep(Duration::from_secs(5)).await; // startup succeeded at t=5 and ended
    assert_eq!(shared.get("c1", Kind::Startup), Some(true));
    assert!(startup.is_finished());
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(shared.get("c1", Kind::Liveness), Some(false));
    assert!(
        live.is_finished(),
        "a failed liveness probe stops: the container restarts"
    );
    assert_eq!(reports.lock().unwrap().as_slice(), ["boom", "boom"]);
}

#[tokio::test]
async fn tcp_and_http_handlers_probe_loopback() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 2048];
            let n = s.read(&mut buf).await.unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]).to_string();
            let status = if req.starts_with("GET /ok ")
                && req.contains("user-agent: kube-probe/1.33")
                && req.contains("x-a: b")
            {
                "200 OK"
            } else {
                "503 Service Unavailable"
            };
            let _ = s
                .write_all(
                    format!(
                        "HTTP/1.1 {status}\r\ncontent-length: 2\r\nconnection: close\r\n\r\nhi"
                    )
                    .as_bytes(),
                )
                .await;
        }
    });
    let target = Target {
        container_id: "c".into(),
        host: "127.0.0.1".into(),
        ports: vec![Port {
            name: "http".into(),
            container_port: i32::from(port),
            ..Port::default()
        }],
    };
    let rt = crate::runtime::sim::SimRuntime::new(
        Duration::from_secs(1),
        "10.0.0.0/24",
        crate::time::Clock::new(),
    );
    let t = Duration::from_secs(2);
    let http = |path: &str| Handler::Http {
        scheme: "HTTP".into(),
        host: String::new(),
        path: path.into(),
        port: PortRef::Name("http".into()),
        headers: vec![("X-A".into(), "b".into())],
    };
    assert_eq!(check(&rt, &http("/ok"), &target, t).await, Ok("hi".into()));
    assert_eq!(
        check(&rt, &http("/bad"), &target, t).await,
        Err("HTTP probe failed with statuscode: 503".into())
    );
    let tcp = Handler::Tcp {
        host: String::new(),
        port: PortRef::Number(i32::from(port)),
    };
    assert!(check(&rt, &tcp, &target, t).await.is_ok());
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = closed.local_addr().unwrap().port();
    drop(closed);
    let tcp = Handler::Tcp {
        host: String::new(),
        port: PortRef::Number(i32::from(dead)),
    };
    assert_eq!(
        check(&rt, &tcp, &target, t).await,
        Err(format!(
            "dial tcp 127.0.0.1:{dead}: connect: connection refused"
        ))
    );
    let unnamed = Handler::Tcp {
        host: String::new(),
        port: PortRef::Name("nope".into()),
    };
    assert_eq!(
        check(&rt, &unnamed, &target, t).await,
        Err("couldn't find port: nope".into())
    );
}
