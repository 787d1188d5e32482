//! Helpers for rk's end-to-end tests: run the `rkd` binary built by this workspace (the tests
//! run under `make test` / `cargo nextest run --workspace`, which build it), find the machine's
//! versioned kubectl binaries, and clean up every process a test started.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// `target/<profile>/rkd`, beside the directory of the running test binary.
pub fn rkd_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let bin = profile_dir.join("rkd");
    assert!(
        bin.exists(),
        "{} is missing: run the tests with `make test` (it builds rkd first), or `cargo build -p rkd` before them",
        bin.display()
    );
    bin
}

/// `target/<profile>/rkctl`, built like `rkd` (`cargo build -p rkd -p rkctl`).
pub fn rkctl_bin() -> PathBuf {
    let bin = rkd_bin().with_file_name("rkctl");
    assert!(
        bin.exists(),
        "{} is missing: run the tests with `make test`, or `cargo build -p rkctl` before them",
        bin.display()
    );
    bin
}

/// The machine's `kubectl.1.<minor>` (beside the dispatcher that `kubectl` on PATH points to).
pub fn kubectl_bin(minor: u32) -> PathBuf {
    let dispatcher = Command::new("sh")
        .args(["-c", "readlink -f \"$(command -v kubectl)\""])
        .output()
        .expect("sh");
    let dispatcher = PathBuf::from(String::from_utf8_lossy(&dispatcher.stdout).trim());
    let bin = dispatcher
        .parent()
        .expect("kubectl's directory")
        .join(format!("kubectl.1.{minor}"));
    assert!(
        bin.exists(),
        "{} is missing: the machine provides kubectl 1.27 … 1.33",
        bin.display()
    );
    bin
}

/// An `rkd` process in a temp dir, killed when dropped.
pub struct Rkd {
    pub dir: tempfile::TempDir,
    child: Option<Child>,
    pub server: String,
    args: Vec<String>,
}

impl Rkd {
    /// `rkd <role> --data-dir TMP --listen 127.0.0.1:0 <extra>`, waiting for admin.kubeconfig.
    pub fn start(role: &str, extra: &[&str]) -> Rkd {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut args = vec![
            role.to_string(),
            "--data-dir".into(),
            dir.path().display().to_string(),
        ];
        args.extend(["--listen".to_string(), "127.0.0.1:0".to_string()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        let mut rkd = Rkd {
            dir,
            child: None,
            server: String::new(),
            args,
        };
        rkd.spawn();
        rkd
    }

    fn spawn(&mut self) {
        let kubeconfig = self.kubeconfig();
        let _ = std::fs::remove_file(&kubeconfig);
        let log = std::fs::File::create(self.dir.path().join("rkd.log")).expect("log file");
        let child = Command::new(rkd_bin())
            .args(&self.args)
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("spawn rkd");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        while !kubeconfig.exists() {
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!("rkd exited with {status}: {}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "rkd did not write admin.kubeconfig within 30 s: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let config = std::fs::read_to_string(&kubeconfig).expect("kubeconfig");
        self.server = config
            .lines()
            .find_map(|l| l.trim().strip_prefix("server: "))
            .expect("server in kubeconfig")
            .to_string();
    }

    /// Stops rkd (SIGTERM) and starts it again with the same arguments.
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = Command::new("kill").arg(c.id().to_string()).status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while c.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub fn kubeconfig(&self) -> PathBuf {
        self.dir.path().join("admin.kubeconfig")
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("rkd.log")).unwrap_or_default()
    }

    /// Runs kubectl 1.<minor> against this rkd with a private HOME (kubectl caches discovery
    /// per host:port, and the machine's dispatcher caches its version choice).
    pub fn kubectl(&self, minor: u32, args: &[&str]) -> Output {
        let home = self.dir.path().join(format!("home-{minor}"));
        std::fs::create_dir_all(&home).expect("home");
        Command::new(kubectl_bin(minor))
            .env("HOME", &home)
            .env("KUBECONFIG", self.kubeconfig())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run kubectl")
    }

    /// Runs rkctl against this rkd with a private HOME (its own discovery cache).
    pub fn rkctl(&self, args: &[&str]) -> Output {
        let home = self.dir.path().join("home-rkctl");
        std::fs::create_dir_all(&home).expect("home");
        Command::new(rkctl_bin())
            .env("HOME", &home)
            .env("KUBECONFIG", self.kubeconfig())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run rkctl")
    }

    /// curl against this rkd (for requests kubectl cannot make, such as anonymous ones).
    pub fn curl(&self, args: &[&str]) -> Output {
        Command::new("curl")
            .args(["-s", "-S", "--max-time", "10"])
            .args(args)
            .output()
            .expect("run curl (Debian package curl)")
    }
}

impl Drop for Rkd {
    fn drop(&mut self) {
        self.stop();
    }
}

/// stdout as text, panicking with stderr when the command failed.
pub fn ok_stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// The official Python client (`pip install kubernetes`) lives in a virtualenv under the target
// directory (`target/e2e-venv`), made once and reused by later runs; a lock file keeps two tests
// (or two `cargo` runs) from building it at the same time.

/// The client version the summary's expectations were written against (it matches the
/// Kubernetes 1.33-era API that rk serves closely enough; bump deliberately).
pub const KUBERNETES_CLIENT: &str = "kubernetes==37.0.2";

/// `target/`: two levels above `target/<profile>/rkd`.
pub fn target_dir() -> PathBuf {
    rkd_bin()
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/rkd has a target dir")
        .to_path_buf()
}

fn run(what: &str, command: &mut Command) {
    let out = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The venv's python with the Kubernetes client installed, made on first use. The marker file
/// is written last, so a venv half-made by an interrupted run is made again.
pub fn python_with_kubernetes_client() -> PathBuf {
    let target = target_dir();
    let venv = target.join("e2e-venv");
    let lock = std::fs::File::create(target.join("e2e-venv.lock")).expect("venv lock file");
    lock.lock().expect("lock the venv");
    let marker = venv.join("rk-e2e-installed");
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(KUBERNETES_CLIENT) {
        let _ = std::fs::remove_dir_all(&venv);
        run(
            "python3 -m venv (Debian: python3-venv)",
            Command::new("python3").args(["-m", "venv"]).arg(&venv),
        );
        run(
            "pip install kubernetes",
            Command::new(venv.join("bin/python")).args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--timeout",
                "60",
                KUBERNETES_CLIENT,
            ]),
        );
        std::fs::write(&marker, KUBERNETES_CLIENT).expect("venv marker");
    }
    venv.join("bin/python")
}

/// An `rkd agent` process joined to an `Rkd`, killed (SIGKILL) when dropped; its output goes to
/// `<rkd dir>/<log>`.
pub struct Agent {
    child: Option<Child>,
    args: Vec<String>,
    log: PathBuf,
}

impl Agent {
    /// `rkd agent --server <rkd> --token <node-token> <extra>`.
    pub fn start(rkd: &Rkd, log: &str, extra: &[&str]) -> Agent {
        let token = std::fs::read_to_string(rkd.dir.path().join("node-token")).expect("node-token");
        let mut args = vec!["agent".to_string(), "--server".into(), rkd.server.clone(), "--token".into(), token.trim().to_string()];
        args.extend(extra.iter().map(|s| s.to_string()));
        // Tests run side by side: each agent endpoint on a free port unless one is asked for.
        if !extra.contains(&"--kubelet-port") {
            args.extend(["--kubelet-port".to_string(), "0".to_string()]);
        }
        let mut agent = Agent { child: None, args, log: rkd.dir.path().join(log) };
        agent.spawn();
        agent
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log).expect("agent log");
        let child = Command::new(rkd_bin())
            .args(&self.args)
            .env("RUST_LOG", "info")
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("spawn rkd agent");
        self.child = Some(child);
    }

    /// SIGKILL, as a crash.
    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts it again with the same arguments.
    pub fn restart(&mut self) {
        self.kill9();
        self.spawn();
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// Polls `f` every 100 ms until it returns Some, or panics after `within` naming `what`.
pub fn wait_for<T>(what: &str, within: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + within;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out after {within:?} waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
