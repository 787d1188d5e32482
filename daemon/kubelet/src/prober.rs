//! Liveness, readiness and startup probes, as kubelet's prober runs them: one task per
//! (container, probe) that runs the probe every `periodSeconds` (after `initialDelaySeconds`,
//! each within `timeoutSeconds`), turns `successThreshold`/`failureThreshold` consecutive
//! outcomes into a result, publishes it and pokes the pod worker when it changes. Liveness and
//! readiness wait for the startup probe; a successful startup probe stops. Results: readiness
//! starts failed, liveness starts successful, startup unknown.
//!
//! Handlers (shared with lifecycle hooks): exec (the runtime's `exec_sync`), httpGet (to the
//! pod IP, or the node's for hostNetwork; HTTPS without certificate checks, as kubelet),
//! tcpSocket and grpc (`grpc.health.v1.Health/Check`).

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use crate::pod::{Handler, Port, PortRef, Probe};
use crate::runtime::Runtime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Liveness,
    Readiness,
    Startup,
}

impl Kind {
    pub fn title(self) -> &'static str {
        match self {
            Kind::Liveness => "Liveness",
            Kind::Readiness => "Readiness",
            Kind::Startup => "Startup",
        }
    }
}

/// Results every probe task of one pod publishes, keyed by container id.
#[derive(Default)]
pub struct Shared {
    results: Mutex<HashMap<(String, Kind), bool>>,
    /// Poked when a result changes (the pod worker waits on it).
    pub notify: Notify,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, Kind), bool>> {
        self.results
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn get(&self, id: &str, kind: Kind) -> Option<bool> {
        self.lock().get(&(id.to_string(), kind)).copied()
    }

    fn set(&self, id: &str, kind: Kind, ok: bool) {
        let changed = self.lock().insert((id.to_string(), kind), ok) != Some(ok);
        if changed {
            self.notify.notify_one();
        }
    }

    fn forget(&self, id: &str) {
        self.lock().retain(|(i, _), _| i != id);
    }
}

/// Consecutive outcomes → a result once the threshold is reached.
#[derive(Default, Debug)]
pub struct Counter {
    last: Option<bool>,
    run: u32,
}

impl Counter {
    pub fn observe(&mut self, ok: bool, probe: &Probe) -> Option<bool> {
        if self.last == Some(ok) {
            self.run = self.run.saturating_add(1);
        } else {
            self.last = Some(ok);
            self.run = 1;
        }
        let need = if ok {
            probe.success_threshold
        } else {
            probe.failure_threshold
        };
        (self.run >= need.max(1)).then_some(ok)
    }
}

/// What one probe task runs: which probe, of which container, started when.
pub struct Job {
    pub kind: Kind,
    pub probe: Probe,
    pub container_id: String,
    pub started: Instant,
    /// Liveness and readiness wait for the container's startup probe, when it has one.
    pub has_startup: bool,
    pub shared: Arc<Shared>,
}

/// One probe's loop. `check` runs the probe once (Err carries kubelet's failure output),
/// `report` is told each failure (the Unhealthy event). Ends when a startup probe succeeds, or
/// when a liveness/startup probe fails (the container is restarted under a new id).
pub async fn run<C, CF, E, EF>(job: Job, mut check: C, mut report: E)
where
    C: FnMut() -> CF,
    CF: Future<Output = Result<(), String>>,
    E: FnMut(String) -> EF,
    EF: Future<Output = ()>,
{
    let Job {
        kind,
        probe,
        container_id: id,
        started,
        has_startup,
        shared,
    } = job;
    let period = Duration::from_secs(probe.period_seconds.max(1));
    let delay = Duration::from_secs(probe.initial_delay_seconds);
    let mut counter = Counter::default();
    loop {
        let gated =
            kind != Kind::Startup && has_startup && shared.get(&id, Kind::Startup) != Some(true);
        if !gated && Instant::now() >= started + delay {
            let limit = Duration::from_secs(probe.timeout_seconds.max(1)) + Duration::from_secs(1);
            let outcome = match tokio::time::timeout(limit, check()).await {
                Ok(r) => r,
                Err(_) => Err(format!("probe timed out after {}s", probe.timeout_seconds)),
            };
            if let Err(msg) = &outcome {
                report(msg.clone()).await;
            }
            if let Some(ok) = counter.observe(outcome.is_ok(), &probe) {
                shared.set(&id, kind, ok);
                match (kind, ok) {
                    (Kind::Startup, true) | (Kind::Liveness | Kind::Startup, false) => return,
                    _ => {}
                }
            }
        }
        tokio::time::sleep(period).await;
    }
}

/// The probe tasks of one pod. Nothing is allocated until a container has a probe (most
/// pods, and every simulated one, have none).
#[derive(Default)]
pub struct Probes {
    shared: Option<Arc<Shared>>,
    tasks: HashMap<(String, Kind), tokio::task::AbortHandle>,
}

impl Drop for Probes {
    fn drop(&mut self) {
        for t in self.tasks.values() {
            t.abort();
        }
    }
}

impl Probes {
    /// The results, created on first use.
    pub fn shared(&mut self) -> Arc<Shared> {
        self.shared.get_or_insert_with(Arc::default).clone()
    }

    /// A result, if any probe published one.
    pub fn get(&self, id: &str, kind: Kind) -> Option<bool> {
        self.shared.as_ref().and_then(|s| s.get(id, kind))
    }

    /// Waits until a result changes (for ever when there are no probes).
    pub async fn changed(shared: Option<Arc<Shared>>) {
        match shared {
            Some(s) => s.notify.notified().await,
            None => std::future::pending().await,
        }
    }

    /// The results to wait on, if there are probes.
    pub fn watched(&self) -> Option<Arc<Shared>> {
        self.shared.clone()
    }

    pub fn has(&self, id: &str, kind: Kind) -> bool {
        self.tasks.contains_key(&(id.to_string(), kind))
    }

    pub fn insert(&mut self, id: &str, kind: Kind, task: tokio::task::AbortHandle) {
        self.tasks.insert((id.to_string(), kind), task);
    }

    /// Stops the tasks of containers no longer running.
    pub fn retain(&mut self, running: &[&str]) {
        let gone: Vec<(String, Kind)> = self
            .tasks
            .keys()
            .filter(|(id, _)| !running.contains(&id.as_str()))
            .cloned()
            .collect();
        for key in gone {
            if let Some(t) = self.tasks.remove(&key) {
                t.abort();
            }
            if let Some(s) = &self.shared {
                s.forget(&key.0);
            }
        }
    }
}

/// Where a handler runs: the container, and the address its network answers on.
#[derive(Clone, Debug, Default)]
pub struct Target {
    pub container_id: String,
    pub host: String,
    pub ports: Vec<Port>,
}

impl Target {
    fn port(&self, p: &PortRef) -> Result<u16, String> {
        let n = match p {
            PortRef::Number(n) => *n,
            PortRef::Name(name) => self
                .ports
                .iter()
                .find(|x| x.name == *name)
                .map(|x| x.container_port)
                .ok_or_else(|| format!("couldn't find port: {name}"))?,
        };
        u16::try_from(n)
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("invalid port number: {n}"))
    }
}

/// Runs a probe or hook handler once; Ok carries its output, Err kubelet's failure message.
pub async fn check<R: Runtime>(
    rt: &R,
    handler: &Handler,
    target: &Target,
    timeout: Duration,
) -> Result<String, String> {
    match handler {
        Handler::Exec(cmd) => match rt.exec_sync(&target.container_id, cmd, timeout).await {
            Ok(r) if r.exit_code == 0 => Ok(String::from_utf8_lossy(&r.stdout).into_owned()),
            Ok(r) => {
                let mut out = String::from_utf8_lossy(&r.stdout).into_owned();
                out.push_str(&String::from_utf8_lossy(&r.stderr));
                if out.is_empty() {
                    out = format!("command {:?} exited with {}", cmd.join(" "), r.exit_code);
                }
                Err(out)
            }
            Err(e) => Err(e.to_string()),
        },
        Handler::Http {
            scheme,
            host,
            path,
            port,
            headers,
        } => {
            let port = target.port(port)?;
            let host = if host.is_empty() {
                target.host.as_str()
            } else {
                host
            };
            httpget::get(
                scheme.eq_ignore_ascii_case("HTTPS"),
                host,
                port,
                path,
                headers,
                timeout,
            )
            .await
        }
        Handler::Tcp { host, port } => {
            let port = target.port(port)?;
            let host = if host.is_empty() {
                target.host.as_str()
            } else {
                host
            };
            let addr = join_host_port(host, port);
            match tokio::time::timeout(timeout, tokio::net::TcpStream::connect(&addr)).await {
                Ok(Ok(_)) => Ok(String::new()),
                Ok(Err(e)) => Err(format!("dial tcp {addr}: connect: {}", io_words(&e))),
                Err(_) => Err(format!("dial tcp {addr}: i/o timeout")),
            }
        }
        Handler::Grpc { port, service } => grpc::check(&target.host, *port, service, timeout).await,
        Handler::Sleep(secs) => {
            tokio::time::sleep(Duration::from_secs((*secs).max(0) as u64)).await;
            Ok(String::new())
        }
    }
}

fn join_host_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Go's wording of the common connect errors.
fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
        _ => e.to_string(),
    }
}

mod grpc;
mod httpget;

#[cfg(test)]
#[path = "prober_tests.rs"]
mod tests;
