//! A private etcd process for tests and benchmarks: loopback ports picked at random, data and log
//! in a directory the caller owns, killed on drop. With [`LocalEtcd::start_tls`] it serves https
//! and requires client certificates, as a production etcd does.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

use etcd_client::{Client, ConnectOptions, GetOptions};
use tokio::time::Instant;

use super::EtcdConfig;

/// How long a fresh etcd may take to answer its first read.
const READY_TIMEOUT: Duration = Duration::from_secs(20);
/// Attempts with new ports when etcd does not come up (another process took a port we picked).
const START_ATTEMPTS: usize = 3;
/// How much of the end of etcd's log an error quotes.
const LOG_TAIL_BYTES: u64 = 4096;
const LOG_FILE: &str = "etcd.log";

#[derive(Debug, thiserror::Error)]
pub enum LocalEtcdError {
    #[error("etcd is not installed (no `etcd` on PATH): install the Debian package etcd-server")]
    NotInstalled,

    #[error("local etcd in {dir}: {what}: {source}")]
    Io {
        dir: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "local etcd in {dir} exited ({status}) before it answered; its log ends with:\n{log_tail}"
    )]
    Exited {
        dir: PathBuf,
        status: ExitStatus,
        log_tail: String,
    },

    #[error("local etcd in {dir} did not answer within {}s (last attempt: {last_error}); its log ends with:\n{log_tail}", READY_TIMEOUT.as_secs())]
    NotReady {
        dir: PathBuf,
        last_error: String,
        log_tail: String,
    },

    /// The client side of the readiness probe could not be set up (a TLS file unreadable).
    #[error("local etcd in {dir}: setting up its client: {source}")]
    Client {
        dir: PathBuf,
        #[source]
        source: Box<crate::Error>,
    },
}

/// PEM files for a [`LocalEtcd`] that serves https and requires client certificates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsFiles {
    /// The CA etcd trusts for client certificates (`--trusted-ca-file`). [`LocalEtcd::config`]
    /// verifies etcd's own certificate with it too, so it signs both.
    pub ca_file: PathBuf,
    /// etcd's certificate (`--cert-file`); its subject alternative names must include the IP
    /// address 127.0.0.1, the address clients dial.
    pub server_cert_file: PathBuf,
    /// The key of `server_cert_file` (`--key-file`).
    pub server_key_file: PathBuf,
    /// The client certificate presented by the readiness probe and by [`LocalEtcd::config`].
    pub client_cert_file: PathBuf,
    /// The key of `client_cert_file`.
    pub client_key_file: PathBuf,
}

/// A running etcd of our own. Dropping it kills the process.
pub struct LocalEtcd {
    binary: PathBuf,
    data_dir: PathBuf,
    client_port: u16,
    peer_port: u16,
    child: Option<Child>,
    pid: u32,
    /// Short raft timings (fast start and restart) — for tests; benchmarks use etcd's defaults.
    fast_election: bool,
    /// Serve https with these files and require client certificates; plain http when `None`.
    tls: Option<TlsFiles>,
}

impl LocalEtcd {
    /// Starts etcd on `data_dir` (created if missing) and waits until it serves reads. Raft
    /// timings are shortened so that start and restart take milliseconds (tests).
    pub async fn start(data_dir: &Path) -> Result<LocalEtcd, LocalEtcdError> {
        Self::start_with(data_dir, true, None).await
    }

    /// Like [`start`](Self::start), but serving `https://127.0.0.1:PORT` with the server
    /// certificate of `tls` and accepting only clients whose certificate its CA signed
    /// (`--client-cert-auth`). [`config`](Self::config) presents the client certificate of `tls`.
    pub async fn start_tls(data_dir: &Path, tls: &TlsFiles) -> Result<LocalEtcd, LocalEtcdError> {
        Self::start_with(data_dir, true, Some(tls.clone())).await
    }

    /// Starts etcd with its default raft timings (heartbeat 100 ms, election 1 s), as a
    /// benchmark baseline should run it.
    pub async fn start_stock(data_dir: &Path) -> Result<LocalEtcd, LocalEtcdError> {
        Self::start_with(data_dir, false, None).await
    }

    async fn start_with(
        data_dir: &Path,
        fast_election: bool,
        tls: Option<TlsFiles>,
    ) -> Result<LocalEtcd, LocalEtcdError> {
        let binary = find_etcd().ok_or(LocalEtcdError::NotInstalled)?;
        std::fs::create_dir_all(data_dir).map_err(io(data_dir, "creating the data directory"))?;
        let mut last_error = None;
        for _ in 0..START_ATTEMPTS {
            let (client_port, peer_port) =
                free_ports().map_err(io(data_dir, "picking free ports"))?;
            let mut etcd = LocalEtcd {
                binary: binary.clone(),
                data_dir: data_dir.to_path_buf(),
                client_port,
                peer_port,
                child: None,
                pid: 0,
                fast_election,
                tls: tls.clone(),
            };
            match etcd.run().await {
                Ok(()) => return Ok(etcd),
                // The ports may have been taken between our check and etcd's bind: try others.
                Err(e @ (LocalEtcdError::Exited { .. } | LocalEtcdError::NotReady { .. })) => {
                    last_error = Some(e)
                }
                Err(e) => return Err(e),
            }
        }
        Err(last_error.unwrap_or(LocalEtcdError::NotInstalled))
    }

    /// The client URL, for [`EtcdConfig::endpoints`]: https when started with TLS.
    pub fn endpoint(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://127.0.0.1:{}", self.client_port)
    }

    /// The `--store` URL.
    pub fn url(&self) -> String {
        format!("etcd://127.0.0.1:{}", self.client_port)
    }

    /// A store configuration for this etcd, with the default prefix (and, with TLS, its CA and
    /// client certificate).
    pub fn config(&self) -> EtcdConfig {
        let config = EtcdConfig::new([self.endpoint()]);
        match &self.tls {
            Some(tls) => config.with_tls(
                Some(tls.ca_file.clone()),
                Some(tls.client_cert_file.clone()),
                Some(tls.client_key_file.clone()),
            ),
            None => config,
        }
    }

    /// The TLS files etcd was started with, if any.
    pub fn tls(&self) -> Option<&TlsFiles> {
        self.tls.as_ref()
    }

    /// The process id of the etcd last started.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Kills etcd (SIGKILL, no clean shutdown) and waits for it to exit.
    pub fn kill(&mut self) -> Result<(), LocalEtcdError> {
        if let Some(mut child) = self.child.take() {
            // Fails only if it already exited; wait() reaps it either way.
            let _ = child.kill();
            child
                .wait()
                .map_err(io(&self.data_dir, "waiting for etcd to exit"))?;
        }
        Ok(())
    }

    /// Starts etcd again on the same data directory and ports (killing it first if running).
    pub async fn restart(&mut self) -> Result<(), LocalEtcdError> {
        self.kill()?;
        self.run().await
    }

    /// Spawns etcd and waits until it answers a read.
    async fn run(&mut self) -> Result<(), LocalEtcdError> {
        // Read the client's TLS files before starting anything: an unreadable one is not
        // something waiting fixes.
        let (endpoints, client_tls) =
            self.config()
                .transport()
                .map_err(|e| LocalEtcdError::Client {
                    dir: self.data_dir.clone(),
                    source: Box::new(e),
                })?;
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .map_err(io(&self.data_dir, "opening the log"))?;
        let log_err = log
            .try_clone()
            .map_err(io(&self.data_dir, "opening the log"))?;
        let client_url = self.endpoint();
        let peer_url = format!("http://127.0.0.1:{}", self.peer_port);
        let mut command = Command::new(&self.binary);
        if let Some(tls) = &self.tls {
            command
                .arg(format!("--cert-file={}", tls.server_cert_file.display()))
                .arg(format!("--key-file={}", tls.server_key_file.display()))
                .arg(format!("--trusted-ca-file={}", tls.ca_file.display()))
                .arg("--client-cert-auth");
        }
        if self.fast_election {
            // One member has no peers to wait for: the default 1 s election timeout only
            // delays every (re)start by a second or two.
            command
                .arg("--heartbeat-interval=10")
                .arg("--election-timeout=100");
        }
        let child = command
            .arg("--name=default")
            .arg(format!("--data-dir={}", self.data_dir.display()))
            .arg(format!("--listen-client-urls={client_url}"))
            .arg(format!("--advertise-client-urls={client_url}"))
            .arg(format!("--listen-peer-urls={peer_url}"))
            .arg(format!("--initial-advertise-peer-urls={peer_url}"))
            .arg(format!("--initial-cluster=default={peer_url}"))
            // Bookmarks for idle watches every second instead of every ten minutes.
            .arg("--experimental-watch-progress-notify-interval=1s")
            // Room for a value of MAX_VALUE_BYTES plus its key and the request around it.
            .arg("--max-request-bytes=2097152")
            .arg("--quota-backend-bytes=8589934592")
            .arg("--logger=zap")
            .arg("--log-outputs=stderr")
            .arg("--log-level=error")
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(io(&self.data_dir, "starting etcd"))?;
        self.pid = child.id();
        self.child = Some(child);
        let mut options = ConnectOptions::new();
        if let Some(tls) = client_tls {
            options = options.with_tls(tls);
        }
        match self.wait_ready(&endpoints, options).await {
            Ok(()) => Ok(()),
            Err(e) => {
                self.kill()?;
                Err(e)
            }
        }
    }

    async fn wait_ready(
        &mut self,
        endpoints: &[String],
        options: ConnectOptions,
    ) -> Result<(), LocalEtcdError> {
        let deadline = Instant::now() + READY_TIMEOUT;
        let mut client = None;
        let mut last_error = String::from("none yet");
        loop {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                self.child = None;
                return Err(LocalEtcdError::Exited {
                    dir: self.data_dir.clone(),
                    status,
                    log_tail: self.log_tail(),
                });
            }
            if client.is_none() {
                match Client::connect(endpoints, Some(options.clone())).await {
                    Ok(c) => client = Some(c),
                    Err(e) => last_error = super::error_chain(&e),
                }
            }
            if let Some(c) = client.as_mut() {
                let probe = c.get("/", Some(GetOptions::new().with_count_only()));
                match tokio::time::timeout(Duration::from_secs(1), probe).await {
                    Ok(Ok(_)) => return Ok(()),
                    Ok(Err(e)) => last_error = super::error_chain(&e),
                    Err(_) => last_error = "no answer within 1s".into(),
                }
            }
            if Instant::now() >= deadline {
                return Err(LocalEtcdError::NotReady {
                    dir: self.data_dir.clone(),
                    last_error,
                    log_tail: self.log_tail(),
                });
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn log_path(&self) -> PathBuf {
        self.data_dir.join(LOG_FILE)
    }

    fn log_tail(&self) -> String {
        let read = || -> std::io::Result<String> {
            let mut file = File::open(self.log_path())?;
            let len = file.metadata()?.len();
            file.seek(SeekFrom::Start(len.saturating_sub(LOG_TAIL_BYTES)))?;
            let mut tail = Vec::new();
            file.read_to_end(&mut tail)?;
            Ok(String::from_utf8_lossy(&tail).into_owned())
        };
        read().unwrap_or_else(|e| format!("(log unreadable: {e})"))
    }
}

impl Drop for LocalEtcd {
    fn drop(&mut self) {
        let _ = self.kill();
    }
}

fn io(dir: &Path, what: &'static str) -> impl FnOnce(std::io::Error) -> LocalEtcdError {
    let dir = dir.to_path_buf();
    move |source| LocalEtcdError::Io { dir, what, source }
}

/// `etcd` on PATH, else Debian's location.
fn find_etcd() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join("etcd"));
    on_path
        .chain([PathBuf::from("/usr/bin/etcd")])
        .find(|p| p.is_file())
}

/// Two loopback ports free right now. Both listeners are held until both are picked, so the two
/// differ; etcd binds them a moment later (a race [`LocalEtcd::start`] retries).
fn free_ports() -> std::io::Result<(u16, u16)> {
    let a = TcpListener::bind("127.0.0.1:0")?;
    let b = TcpListener::bind("127.0.0.1:0")?;
    Ok((a.local_addr()?.port(), b.local_addr()?.port()))
}
