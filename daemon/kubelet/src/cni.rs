//! Pod networking on one node: the CNI bridge conflist (bridge + host-local IPAM on the node's
//! pod CIDR + portmap) in a conf dir private to the agent's data dir, and the bridge name derived
//! from the data dir so that agents side by side never share a bridge.
//!
//! Traffic leaving the pod range is masqueraded by one nftables table of the agent's own, named
//! after its bridge (`table ip rk1a2b3c4d`), installed once per pod CIDR — not by the bridge
//! plugin's `ipMasq`, which runs about seven iptables commands per pod on ADD and again on DEL
//! (a chain per pod), serialized on the xtables lock when pods start together. `rkd reset`
//! deletes the table.

use std::path::{Path, PathBuf};

use ring::digest;

/// Where CNI plugins come from (Debian's containernetworking-plugins).
pub const PLUGIN_DIR: &str = "/usr/lib/cni";
pub const NETWORK_NAME: &str = "rk-pod-net";

/// One agent's pod network: its bridge and its private CNI directories.
#[derive(Clone, Debug)]
pub struct Network {
    pub bridge: String,
    /// containerd's `cni.conf_dir`.
    pub conf_dir: PathBuf,
    /// host-local's `dataDir` (allocated addresses).
    pub ipam_dir: PathBuf,
}

/// `rk` + 8 hex digits of the data dir's sha256: 10 characters, under Linux's 15.
pub fn bridge_name(data_dir: &Path) -> String {
    let d = digest::digest(&digest::SHA256, data_dir.to_string_lossy().as_bytes());
    let hex: String = d.as_ref()[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("rk{hex}")
}

impl Network {
    pub fn for_data_dir(data_dir: &Path) -> Network {
        Network {
            bridge: bridge_name(data_dir),
            conf_dir: data_dir.join("cni").join("net.d"),
            ipam_dir: data_dir.join("cni").join("ipam"),
        }
    }

    /// The conflist for `cidr`, as verified in cri-runtime.md.
    pub fn conflist(&self, cidr: &str) -> Option<serde_json::Value> {
        let gateway = gateway(cidr)?;
        Some(serde_json::json!({
            "cniVersion": "1.0.0",
            "name": NETWORK_NAME,
            "plugins": [
                {
                    "type": "bridge",
                    "bridge": self.bridge,
                    "isGateway": true,
                    "ipMasq": false,
                    "hairpinMode": true,
                    "ipam": {
                        "type": "host-local",
                        "ranges": [[{ "subnet": cidr, "gateway": gateway }]],
                        "routes": [{ "dst": "0.0.0.0/0" }],
                        "dataDir": self.ipam_dir.to_string_lossy(),
                    }
                },
                { "type": "portmap", "capabilities": { "portMappings": true } }
            ]
        }))
    }

    /// Writes `10-rk.conflist` atomically (containerd picks it up and turns NetworkReady true).
    pub fn write_conflist(&self, cidr: &str) -> std::io::Result<()> {
        let Some(conf) = self.conflist(cidr) else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{cidr:?} is not an IPv4 CIDR"),
            ));
        };
        std::fs::create_dir_all(&self.conf_dir)?;
        let path = self.conf_dir.join("10-rk.conflist");
        let text = serde_json::to_string_pretty(&conf).map_err(std::io::Error::other)?;
        if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
            return Ok(());
        }
        let tmp = self.conf_dir.join(".10-rk.conflist.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &path)
    }
}

impl Network {
    /// The nftables script that (re)defines this agent's masquerade table for `cidr`: packets
    /// from the pod range to anywhere outside it leave with the node's address.
    pub fn masquerade_script(&self, cidr: &str) -> String {
        let t = &self.bridge;
        format!(
            "table ip {t} {{}}\ndelete table ip {t}\ntable ip {t} {{\n  chain postrouting {{\n    type nat hook postrouting priority 100; policy accept;\n    ip saddr {cidr} ip daddr != {cidr} masquerade\n  }}\n}}\n"
        )
    }

    /// Installs the masquerade table for `cidr` (`nft -f -`, one atomic transaction).
    pub fn install_masquerade(&self, cidr: &str) -> std::io::Result<()> {
        use std::io::Write;
        let mut child = std::process::Command::new("nft")
            .args(["-f", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(self.masquerade_script(cidr).as_bytes())?;
        }
        let out = child.wait_with_output()?;
        if out.status.success() {
            Ok(())
        } else {
            Err(std::io::Error::other(format!(
                "nft: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )))
        }
    }

    /// Deletes the masquerade table (nothing if there is none).
    pub fn remove_masquerade(&self) {
        let _ = std::process::Command::new("nft")
            .args(["delete", "table", "ip", &self.bridge])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// The first address of an IPv4 CIDR (`10.42.0.0/24` → `10.42.0.1`).
pub fn gateway(cidr: &str) -> Option<String> {
    let (addr, len) = cidr.split_once('/')?;
    let addr: std::net::Ipv4Addr = addr.parse().ok()?;
    let len: u32 = len.parse().ok()?;
    if len > 30 {
        return None;
    }
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    Some(std::net::Ipv4Addr::from((u32::from(addr) & mask) + 1).to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn bridge_names_are_short_stable_and_differ_between_data_dirs() {
        let a = bridge_name(Path::new("/var/lib/rk"));
        assert_eq!(a, bridge_name(Path::new("/var/lib/rk")));
        assert_ne!(a, bridge_name(Path::new("/tmp/rk-test-1")));
        assert!(a.len() <= 15 && a.starts_with("rk"));
    }

    #[test]
    fn the_gateway_is_the_first_address_of_the_range() {
        assert_eq!(gateway("10.42.3.0/24").as_deref(), Some("10.42.3.1"));
        assert_eq!(gateway("10.42.3.7/24").as_deref(), Some("10.42.3.1"));
        assert_eq!(gateway("nonsense"), None);
    }

    #[test]
    fn the_conflist_names_the_bridge_range_and_private_ipam_dir() {
        let dir = std::env::temp_dir().join(format!("rk-cni-test-{}", std::process::id()));
        let n = Network::for_data_dir(&dir);
        n.write_conflist("10.42.0.0/24").unwrap();
        let text = std::fs::read_to_string(n.conf_dir.join("10-rk.conflist")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["plugins"][0]["bridge"], n.bridge.as_str());
        assert_eq!(
            v["plugins"][0]["ipam"]["ranges"][0][0]["gateway"],
            "10.42.0.1"
        );
        assert_eq!(v["plugins"][1]["type"], "portmap");
        assert_eq!(
            v["plugins"][0]["ipMasq"], false,
            "the agent's nft table masquerades"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_masquerade_table_is_named_after_the_bridge_and_replaced_whole() {
        let n = Network::for_data_dir(Path::new("/var/lib/rk"));
        let script = n.masquerade_script("10.42.0.0/24");
        let b = &n.bridge;
        assert!(script.starts_with(&format!("table ip {b} {{}}\ndelete table ip {b}\n")));
        assert!(script.contains("type nat hook postrouting priority 100;"));
        assert!(script.contains("ip saddr 10.42.0.0/24 ip daddr != 10.42.0.0/24 masquerade"));
    }
}
