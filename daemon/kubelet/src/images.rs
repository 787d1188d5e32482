//! Images built locally, so that a node works offline: the sandbox image `localhost/rk/pause:1`
//! and the sample image `localhost/rk/busybox:1`, both from the host's busybox-static, written
//! as OCI image-layout tarballs (a small ustar writer, gzip, sha256) and imported into
//! containerd's `k8s.io` namespace at agent start — with every archive in DIR/images/ (the
//! air-gap folder). Archives are deterministic (mtime 0), so the digests are stable.

use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;
use ring::digest;
use serde_json::json;

pub const PAUSE_IMAGE: &str = "localhost/rk/pause:1";
pub const BUSYBOX_IMAGE: &str = "localhost/rk/busybox:1";
pub const BUSYBOX_PATH: &str = "/bin/busybox";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source} (install the Debian package busybox-static)")]
    Busybox {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("building an image archive: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A minimal ustar archive writer (regular files, directories, symlinks; short names).
#[derive(Default)]
pub struct Tar {
    buf: Vec<u8>,
}

fn octal(field: &mut [u8], value: u64) {
    let width = field.len() - 1;
    let s = format!("{value:0width$o}");
    let bytes = s.as_bytes();
    let start = bytes.len().saturating_sub(width);
    field[..width].copy_from_slice(&bytes[start..]);
    field[width] = 0;
}

impl Tar {
    fn header(&mut self, name: &str, mode: u32, size: u64, kind: u8, link: &str) {
        let mut h = [0u8; 512];
        let (prefix, name) = if name.len() > 100 {
            name.rsplit_once('/').unwrap_or(("", name))
        } else {
            ("", name)
        };
        h[..name.len().min(100)].copy_from_slice(&name.as_bytes()[..name.len().min(100)]);
        octal(&mut h[100..108], u64::from(mode));
        octal(&mut h[108..116], 0);
        octal(&mut h[116..124], 0);
        octal(&mut h[124..136], size);
        octal(&mut h[136..148], 0);
        h[156] = kind;
        h[157..157 + link.len().min(100)].copy_from_slice(&link.as_bytes()[..link.len().min(100)]);
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[345..345 + prefix.len().min(155)]
            .copy_from_slice(&prefix.as_bytes()[..prefix.len().min(155)]);
        h[148..156].copy_from_slice(b"        ");
        let sum: u64 = h.iter().map(|b| u64::from(*b)).sum();
        octal(&mut h[148..155], sum);
        h[155] = b' ';
        self.buf.extend_from_slice(&h);
    }

    pub fn dir(&mut self, name: &str, mode: u32) {
        self.header(
            &format!("{}/", name.trim_end_matches('/')),
            mode,
            0,
            b'5',
            "",
        );
    }

    pub fn file(&mut self, name: &str, mode: u32, data: &[u8]) {
        self.header(name, mode, data.len() as u64, b'0', "");
        self.buf.extend_from_slice(data);
        let pad = (512 - data.len() % 512) % 512;
        self.buf.extend(std::iter::repeat_n(0, pad));
    }

    pub fn symlink(&mut self, name: &str, target: &str) {
        self.header(name, 0o777, 0, b'2', target);
    }

    pub fn finish(mut self) -> Vec<u8> {
        self.buf.extend_from_slice(&[0u8; 1024]);
        self.buf
    }
}

fn sha256_hex(data: &[u8]) -> String {
    digest::digest(&digest::SHA256, data)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn gzip(data: &[u8]) -> Result<Vec<u8>> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(data)?;
    Ok(e.finish()?)
}

/// Go's architecture name for this machine (`amd64`, `arm64`).
pub fn oci_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    }
}

/// The busybox root file system: /bin/busybox with a symlink per applet, /etc/passwd and
/// /etc/group, /tmp, and the mount points a container needs.
pub fn busybox_rootfs(busybox: &[u8], applets: &[String]) -> Vec<u8> {
    let mut t = Tar::default();
    for d in [
        "bin", "etc", "proc", "sys", "dev", "root", "var", "var/www", "home", "usr", "usr/bin",
        "sbin",
    ] {
        t.dir(d, 0o755);
    }
    t.dir("tmp", 0o1777);
    t.file("bin/busybox", 0o755, busybox);
    for a in applets {
        if a != "busybox" && !a.is_empty() && !a.contains('/') {
            t.symlink(&format!("bin/{a}"), "busybox");
        }
    }
    t.file(
        "etc/passwd",
        0o644,
        b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n",
    );
    t.file("etc/group", 0o644, b"root:x:0:\nnobody:x:65534:\n");
    t.file("var/www/index.html", 0o644, b"hello from rk\n");
    t.finish()
}

/// An OCI image-layout archive of one image (one layer) named `reference`.
pub fn oci_archive(reference: &str, layer_tar: &[u8], cmd: &[&str]) -> Result<Vec<u8>> {
    let layer = gzip(layer_tar)?;
    let layer_digest = format!("sha256:{}", sha256_hex(&layer));
    let diff_id = format!("sha256:{}", sha256_hex(layer_tar));
    let config = serde_json::to_vec(&json!({
        "architecture": oci_arch(),
        "os": "linux",
        "config": {
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            "Cmd": cmd,
            "WorkingDir": "/",
        },
        "rootfs": { "type": "layers", "diff_ids": [diff_id] },
        "history": [{ "created_by": "rk agent (busybox-static)" }],
    }))
    .map_err(std::io::Error::other)?;
    let config_digest = format!("sha256:{}", sha256_hex(&config));
    let manifest = serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": config_digest,
            "size": config.len(),
        },
        "layers": [{
            "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
            "digest": layer_digest,
            "size": layer.len(),
        }],
    }))
    .map_err(std::io::Error::other)?;
    let manifest_digest = format!("sha256:{}", sha256_hex(&manifest));
    let tag = reference.rsplit_once(':').map_or("latest", |(_, t)| t);
    let index = serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": manifest_digest,
            "size": manifest.len(),
            "platform": { "architecture": oci_arch(), "os": "linux" },
            "annotations": {
                "io.containerd.image.name": reference,
                "org.opencontainers.image.ref.name": tag,
            },
        }],
    }))
    .map_err(std::io::Error::other)?;
    let mut t = Tar::default();
    t.file("oci-layout", 0o644, br#"{"imageLayoutVersion":"1.0.0"}"#);
    t.file("index.json", 0o644, &index);
    t.dir("blobs", 0o755);
    t.dir("blobs/sha256", 0o755);
    for (d, data) in [
        (&layer_digest, &layer),
        (&config_digest, &config),
        (&manifest_digest, &manifest),
    ] {
        let hex = d.trim_start_matches("sha256:");
        t.file(&format!("blobs/sha256/{hex}"), 0o644, data);
    }
    Ok(t.finish())
}

/// The applets the host's busybox offers (`busybox --list`).
pub fn applets(busybox: &Path) -> Vec<String> {
    std::process::Command::new(busybox)
        .arg("--list")
        .output()
        .ok()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The two built-in images as (reference, archive): pause (`sleep inf`) and busybox (`sh`).
pub fn builtin_archives() -> Result<Vec<(&'static str, Vec<u8>)>> {
    let busybox = std::fs::read(BUSYBOX_PATH).map_err(|source| Error::Busybox {
        path: BUSYBOX_PATH.into(),
        source,
    })?;
    let rootfs = busybox_rootfs(&busybox, &applets(Path::new(BUSYBOX_PATH)));
    Ok(vec![
        (
            PAUSE_IMAGE,
            oci_archive(PAUSE_IMAGE, &rootfs, &["/bin/sleep", "inf"])?,
        ),
        (BUSYBOX_IMAGE, oci_archive(BUSYBOX_IMAGE, &rootfs, &["sh"])?),
    ])
}

/// The archives in the air-gap folder (`*.tar`, `*.tar.gz` are left to the importer).
pub fn airgap_archives(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// Reads back (name, type, size) of each ustar entry.
    fn entries(tar: &[u8]) -> Vec<(String, u8, usize)> {
        let mut out = Vec::new();
        let mut off = 0;
        while off + 512 <= tar.len() && tar[off] != 0 {
            let h = &tar[off..off + 512];
            let name = String::from_utf8_lossy(&h[..100])
                .trim_end_matches('\0')
                .to_string();
            let size =
                usize::from_str_radix(String::from_utf8_lossy(&h[124..135]).trim(), 8).unwrap();
            out.push((name, h[156], size));
            off += 512 + size.div_ceil(512) * 512;
        }
        out
    }

    #[test]
    fn the_tar_writer_writes_readable_ustar_entries_with_valid_checksums() {
        let mut t = Tar::default();
        t.dir("bin", 0o755);
        t.file("bin/x", 0o755, b"hello");
        t.symlink("bin/ls", "busybox");
        let tar = t.finish();
        assert_eq!(tar.len() % 512, 0);
        let e = entries(&tar);
        assert_eq!(e[0], ("bin/".to_string(), b'5', 0));
        assert_eq!(e[1], ("bin/x".to_string(), b'0', 5));
        assert_eq!(e[2].1, b'2');
        let h = &tar[..512];
        let stored = u64::from_str_radix(String::from_utf8_lossy(&h[148..154]).trim(), 8).unwrap();
        let sum: u64 = h
            .iter()
            .enumerate()
            .map(|(i, b)| {
                if (148..156).contains(&i) {
                    32
                } else {
                    u64::from(*b)
                }
            })
            .sum();
        assert_eq!(stored, sum);
    }

    #[test]
    fn an_oci_archive_holds_layout_index_and_blobs_named_by_digest() {
        let rootfs = busybox_rootfs(b"#!fake", &["sh".into(), "httpd".into()]);
        let a = oci_archive("localhost/rk/test:1", &rootfs, &["sh"]).unwrap();
        let names: Vec<String> = entries(&a).into_iter().map(|e| e.0).collect();
        assert!(names.contains(&"oci-layout".to_string()));
        assert!(names.contains(&"index.json".to_string()));
        assert_eq!(
            names
                .iter()
                .filter(|n| n.starts_with("blobs/sha256/") && n.len() > 20)
                .count(),
            3
        );
        // Deterministic: the same input gives the same archive (stable digests).
        assert_eq!(
            a,
            oci_archive("localhost/rk/test:1", &rootfs, &["sh"]).unwrap()
        );
    }
}
