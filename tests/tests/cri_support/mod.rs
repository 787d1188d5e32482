//! Shared by the containerd tests: a data dir that `rkd reset` cleans up even when the test
//! fails, and the checks that nothing of it is left on the machine.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

use rk_e2e::{ok_stdout, rkd_bin, wait_for};

/// `rkd reset --data-dir DIR`, asserting success.
pub fn reset(dir: &Path) {
    let out = Command::new(rkd_bin())
        .args(["reset", "--data-dir"])
        .arg(dir)
        .output()
        .expect("run rkd reset");
    assert!(
        out.status.success(),
        "rkd reset failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `rkd reset` on drop (test failure included), unless already done.
pub struct ResetGuard {
    pub dir: PathBuf,
}

impl Drop for ResetGuard {
    fn drop(&mut self) {
        if self.dir.exists() {
            let _ = Command::new(rkd_bin())
                .args(["reset", "--data-dir"])
                .arg(&self.dir)
                .output();
        }
    }
}

/// Live (not zombie) processes whose command line mentions `needle`.
pub fn live_processes_mentioning(needle: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(cmd) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
            continue;
        };
        let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
        let zombie = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| s.rsplit_once(") ").map(|(_, r)| r.starts_with('Z')))
            .unwrap_or(true);
        if !zombie && cmd.contains(needle) && pid != std::process::id() {
            out.push((pid, cmd));
        }
    }
    out
}

/// Asserts nothing of the agent of `dir` is left: the dir (with its netns files), containerd
/// and shims of its socket, its cgroup directories, its bridge, nat rules naming the bridge or
/// the pod range, mounts under it.
pub fn assert_nothing_left(dir: &Path, bridge: &str, pod_range_prefix: &str) {
    assert!(!dir.exists(), "{} is left", dir.display());
    let procs = live_processes_mentioning(&dir.to_string_lossy());
    assert!(procs.is_empty(), "processes left: {procs:?}");
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    assert!(
        !mounts.contains(&*dir.to_string_lossy()),
        "mounts left under {}",
        dir.display()
    );
    for m in std::fs::read_dir("/sys/fs/cgroup").unwrap().flatten() {
        let p = m.path().join(bridge);
        assert!(!p.exists(), "cgroup directory {} is left", p.display());
    }
    assert!(
        !Path::new(&format!("/sys/class/net/{bridge}")).exists(),
        "bridge {bridge} is left"
    );
    let rules = Command::new("iptables-save")
        .output()
        .expect("iptables-save");
    let rules = String::from_utf8_lossy(&rules.stdout);
    for l in rules.lines() {
        assert!(
            !l.contains(bridge) && !l.contains(pod_range_prefix),
            "nat rule left: {l}"
        );
    }
    let nft = Command::new("nft")
        .args(["list", "ruleset"])
        .output()
        .expect("nft");
    let nft = String::from_utf8_lossy(&nft.stdout);
    assert!(
        !nft.contains(bridge) && !nft.contains(pod_range_prefix),
        "nft rules left: {nft}"
    );
}

/// `rkd up` in a temp dir with its own pod range; on drop (failure included) rkd is stopped and
/// `rkd reset` removes everything it made.
pub struct Up {
    pub rkd: rk_e2e::Rkd,
}

impl Up {
    /// Runs `scenario`; when it panics, prints the rkd log first, then the panic goes on.
    pub fn run(&self, scenario: impl FnOnce(&Up)) {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| scenario(self)));
        if let Err(e) = r {
            eprintln!("rkd log:\n{}", self.rkd.log());
            std::panic::resume_unwind(e);
        }
    }

    /// Waits until the node has registered.
    pub fn wait_node(&self) {
        wait_for("the node", WAIT, || {
            let out = self.rkd.kubectl(33, &["get", "nodes", "-o", "name"]);
            (out.status.success() && !out.stdout.is_empty()).then_some(())
        });
    }

    /// Once the node has registered, `kubectl apply` of `yaml`, written as `file` in the data dir.
    pub fn apply_once_registered(&self, file: &str, yaml: &str) {
        let manifest = self.dir().join(file);
        std::fs::write(&manifest, yaml).unwrap();
        self.wait_node();
        ok_stdout(
            &self
                .rkd
                .kubectl(33, &["apply", "-f", &manifest.to_string_lossy()]),
        );
    }

    pub fn start(cluster_cidr: &str) -> Up {
        Up::start_with(cluster_cidr, &[])
    }

    /// `rkd up` with more flags (`--kube-reserved …`).
    pub fn start_with(cluster_cidr: &str, extra: &[&str]) -> Up {
        let mut args = vec!["--cluster-cidr", cluster_cidr, "--kubelet-port", "0"];
        args.extend(extra);
        Up {
            rkd: rk_e2e::Rkd::start("up", &args),
        }
    }

    pub fn dir(&self) -> PathBuf {
        self.rkd.dir.path().to_path_buf()
    }

    pub fn socket(&self) -> PathBuf {
        self.dir().join("containerd/containerd.sock")
    }

    /// Container ids in containerd's k8s.io namespace (`ctr c ls -q`).
    pub fn containerd_containers(&self) -> Vec<String> {
        let out = Command::new("ctr")
            .arg("-a")
            .arg(self.socket())
            .args(["-n", "k8s.io", "c", "ls", "-q"])
            .output()
            .expect("ctr");
        let mut ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        ids.sort();
        ids
    }

    /// kill -9 of the `rkd up` process (found by its data dir), as a crash.
    pub fn kill9(&self) {
        let dir = self.dir().to_string_lossy().into_owned();
        let bin = rkd_bin().to_string_lossy().into_owned();
        for (pid, cmd) in live_processes_mentioning(&dir) {
            if cmd.starts_with(&bin) && cmd.contains(" up ") {
                let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            }
        }
    }
}

impl Drop for Up {
    fn drop(&mut self) {
        self.rkd.stop();
        let dir = self.dir();
        if dir.join("containerd").exists() {
            let _ = Command::new(rkd_bin())
                .args(["reset", "--data-dir"])
                .arg(&dir)
                .output();
        }
    }
}

/// Debian's docker-registry serving a temp dir on a free loopback port; killed on drop.
pub struct Registry {
    child: std::process::Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl Registry {
    pub fn start() -> Registry {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let config = dir.path().join("registry.yml");
        std::fs::write(
            &config,
            format!(
                "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: 127.0.0.1:{port}\n",
                dir.path().join("data").display()
            ),
        )
        .expect("registry config");
        let log = std::fs::File::create(dir.path().join("registry.log")).expect("log");
        let child = Command::new("docker-registry")
            .arg("serve")
            .arg(&config)
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("docker-registry (Debian package docker-registry)");
        let registry = Registry { child, port, dir };
        rk_e2e::wait_for("the registry", std::time::Duration::from_secs(20), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).ok()
        });
        registry
    }

    /// Pushes an OCI archive as `127.0.0.1:PORT/<name>` with skopeo; answers that reference.
    pub fn push(&self, archive: &[u8], name: &str) -> String {
        let file = self.dir.path().join("push.tar");
        std::fs::write(&file, archive).expect("archive");
        let reference = format!("127.0.0.1:{}/{name}", self.port);
        let out = Command::new("skopeo")
            .args(["--insecure-policy", "copy", "--dest-tls-verify=false"])
            .arg(format!("oci-archive:{}", file.display()))
            .arg(format!("docker://{reference}"))
            .output()
            .expect("skopeo (Debian package skopeo)");
        assert!(
            out.status.success(),
            "skopeo: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        reference
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How long the node, a long-running command's next line or its end may take.
pub const WAIT: std::time::Duration = std::time::Duration::from_secs(90);

/// A long-running rkctl or kubectl whose stdout lines arrive on a channel; killed on drop.
pub struct Running {
    pub child: Child,
    pub lines: mpsc::Receiver<String>,
}

impl Running {
    pub fn start(mut cmd: Command) -> Running {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running { child, lines }
    }

    pub fn line(&self, what: &str) -> String {
        self.lines
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("no line from {what} within {WAIT:?}"))
    }

    /// The next `n` lines, each ending in a newline.
    pub fn lines(&self, what: &str, n: usize) -> String {
        (0..n).map(|_| format!("{}\n", self.line(what))).collect()
    }

    /// Lines until one starts with `prefix`.
    pub fn line_starting(&self, prefix: &str) -> String {
        loop {
            let l = self.line(prefix);
            if l.starts_with(prefix) {
                return l;
            }
        }
    }

    /// Waits for the process to end by itself: its exit code and stderr.
    pub fn ended(&mut self, what: &str) -> (Option<i32>, String) {
        let status = wait_for(&format!("{what} to end"), WAIT, || {
            self.child.try_wait().unwrap()
        });
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (status.code(), err)
    }

    /// What is left on stdout after the process ended.
    pub fn rest(&self) -> String {
        self.lines.try_iter().map(|l| format!("{l}\n")).collect()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
