//! `rkd reset --data-dir DIR`: removes what the node agent of DIR created on the machine.
//! 1. every container and sandbox of its containerd (a stopped containerd is started again so
//!    that sandboxes are torn down through CRI and CNI: netns, veths, IPAM, portmap rules);
//! 2. containerd itself (SIGTERM, then SIGKILL) and any shim of its socket;
//! 3. mounts under DIR (overlay rootfs, shm, netns), deepest first, `umount -l`;
//! 4. its cgroup directories (`/<bridge>` in every hierarchy), its bridge, portmap's
//!    `CNI-HOSTPORT-*` nat chains once no hostPort rule is left in them;
//! 5. DIR itself.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use rk_kubelet::cni::Network;
use rk_kubelet::containerd::{self, Paths};
use rk_kubelet::runtime::Runtime;
use rk_kubelet::runtime::cri::{CriRuntime, cgroup_mounts};

#[derive(clap::Args, Debug)]
pub struct ResetArgs {
    /// The data dir of the server/agent to remove.
    #[arg(long, default_value = "/var/lib/rk")]
    pub data_dir: PathBuf,
}

fn run_quiet(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, r)| !r.starts_with('Z')))
        .unwrap_or(false)
}

/// Stops and removes every container and sandbox through CRI.
async fn remove_pods(socket: &Path) -> anyhow::Result<usize> {
    let rt = CriRuntime::connect(socket).await?;
    for c in rt.list_containers().await? {
        let _ = rt.stop_container(&c.id, Duration::ZERO).await;
        let _ = rt.remove_container(&c.id).await;
    }
    let sandboxes = rt.list_pod_sandboxes().await?;
    for s in &sandboxes {
        let _ = rt.stop_pod_sandbox(&s.id).await;
        let _ = rt.remove_pod_sandbox(&s.id).await;
    }
    Ok(sandboxes.len())
}

/// SIGTERM, wait up to 10 s, then SIGKILL.
async fn stop_process(pid: u32) {
    let p = pid.to_string();
    run_quiet("kill", &["-TERM", &p]);
    for _ in 0..100 {
        if !alive(pid) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    run_quiet("kill", &["-KILL", &p]);
}

/// Pids of processes whose command line mentions `needle` (shims of this containerd).
fn processes_mentioning(needle: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| *pid != std::process::id())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
                String::from_utf8_lossy(&c)
                    .replace('\0', " ")
                    .contains(needle)
            })
        })
        .collect()
}

/// Mount points under `dir`, deepest first.
pub fn mounts_under(dir: &Path) -> Vec<String> {
    let prefix = dir.to_string_lossy().into_owned();
    let mut out: Vec<String> = std::fs::read_to_string("/proc/self/mountinfo")
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split(' ').nth(4))
        .map(|m| m.replace("\\040", " "))
        .filter(|m| m == &prefix || m.starts_with(&format!("{prefix}/")))
        .collect();
    out.sort_by_key(|m| std::cmp::Reverse(m.len()));
    out.dedup();
    out
}

fn rmdir_tree(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                rmdir_tree(&e.path());
            }
        }
    }
    let _ = std::fs::remove_dir(dir);
}

/// portmap's shared nat chains, removed only when no hostPort DNAT rule is left in them.
fn remove_hostport_chains() {
    let rules = std::process::Command::new("iptables")
        .args(["-t", "nat", "-S", "CNI-HOSTPORT-DNAT"])
        .output();
    let Ok(rules) = rules else { return };
    if !rules.status.success() {
        return;
    }
    let text = String::from_utf8_lossy(&rules.stdout);
    if text.lines().any(|l| l.starts_with("-A CNI-HOSTPORT-DNAT")) {
        return;
    }
    for (chain, from) in [
        ("CNI-HOSTPORT-DNAT", vec!["PREROUTING", "OUTPUT"]),
        ("CNI-HOSTPORT-SNAT", vec!["POSTROUTING"]),
        ("CNI-HOSTPORT-MASQ", vec!["POSTROUTING"]),
        ("CNI-HOSTPORT-SETMARK", vec![]),
    ] {
        // Jumps to the chain, however they were written.
        for parent in from {
            let out = std::process::Command::new("iptables")
                .args(["-t", "nat", "-S", parent])
                .output();
            if let Ok(out) = out {
                for l in String::from_utf8_lossy(&out.stdout).lines() {
                    if l.contains(&format!("-j {chain}")) && l.starts_with("-A ") {
                        let mut args = vec!["-t", "nat", "-D"];
                        args.extend(l[3..].split_whitespace());
                        // Quoted comments contain spaces; iptables-save quoting is not parsed
                        // here, so a rule with a comment is deleted by number instead.
                        if !run_quiet("iptables", &args) {
                            delete_by_match(parent, chain);
                        }
                    }
                }
            }
        }
        run_quiet("iptables", &["-t", "nat", "-F", chain]);
        run_quiet("iptables", &["-t", "nat", "-X", chain]);
    }
}

/// True when an `nft list table` listing holds chains but no rule.
pub fn nft_table_is_empty(listing: &str) -> bool {
    listing.lines().map(str::trim).all(|l| {
        l.is_empty()
            || l == "}"
            || l.starts_with("table ")
            || l.starts_with("chain ")
            || l.starts_with("type ")
    })
}

/// The `ip nat` table iptables-nft made for the bridge's masquerade and portmap, once empty.
fn remove_empty_nat_table() {
    let Ok(out) = std::process::Command::new("nft")
        .args(["list", "table", "ip", "nat"])
        .output()
    else {
        return;
    };
    if out.status.success() && nft_table_is_empty(&String::from_utf8_lossy(&out.stdout)) {
        run_quiet("nft", &["delete", "table", "ip", "nat"]);
    }
}

/// Deletes the first rule of `parent` that jumps to `chain`, by its number.
fn delete_by_match(parent: &str, chain: &str) {
    let Ok(out) = std::process::Command::new("iptables")
        .args(["-t", "nat", "-L", parent, "--line-numbers", "-n"])
        .output()
    else {
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    if let Some(num) = text
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some(chain))
        .and_then(|l| l.split_whitespace().next())
    {
        run_quiet("iptables", &["-t", "nat", "-D", parent, num]);
    }
}

pub async fn run(args: ResetArgs) -> anyhow::Result<()> {
    let dir = std::path::absolute(&args.data_dir)
        .with_context(|| format!("resolving {}", args.data_dir.display()))?;
    let paths = Paths::new(&dir);
    let network = Network::for_data_dir(&dir);
    if paths.dir.exists() && containerd::check_binaries().is_ok() {
        // A stopped containerd is started again: sandboxes are torn down through CNI.
        match containerd::ensure(&dir).await {
            Ok(m) => {
                match remove_pods(&m.paths.socket).await {
                    Ok(n) => eprintln!("rkd reset: removed {n} pod sandbox(es)"),
                    Err(e) => eprintln!("rkd reset: removing pods: {e:#}"),
                }
                stop_process(m.pid).await;
            }
            Err(e) => eprintln!("rkd reset: containerd: {e}"),
        }
    }
    if let Some(pid) = containerd::running_pid(&paths) {
        stop_process(pid).await;
    }
    for pid in processes_mentioning(&paths.socket.to_string_lossy()) {
        stop_process(pid).await;
    }
    for m in mounts_under(&dir) {
        if !run_quiet("umount", &["-l", &m]) {
            eprintln!("rkd reset: could not unmount {m}");
        }
    }
    let root = network.bridge.clone();
    for m in cgroup_mounts() {
        rmdir_tree(&m.join(&root));
    }
    if Path::new(&format!("/sys/class/net/{}", network.bridge)).exists() {
        run_quiet("ip", &["link", "del", &network.bridge]);
    }
    network.remove_masquerade();
    remove_hostport_chains();
    remove_empty_nat_table();
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    eprintln!("rkd reset: {} removed", dir.display());
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn an_nft_table_with_chains_but_no_rules_is_empty() {
        let empty = "table ip nat {\n\tchain POSTROUTING {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n\t}\n}\n";
        assert!(nft_table_is_empty(empty));
        let used = empty.replace(
            "policy accept;\n",
            "policy accept;\n\t\tip saddr 10.42.0.0/24 masquerade\n",
        );
        assert!(!nft_table_is_empty(&used));
    }

    #[test]
    fn mounts_under_a_dir_come_deepest_first() {
        let m = mounts_under(Path::new("/sys"));
        assert!(m.len() > 1, "{m:?}");
        assert!(m.iter().all(|p| p.starts_with("/sys")));
        assert!(m.windows(2).all(|w| w[0].len() >= w[1].len()));
    }
}
