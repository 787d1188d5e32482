//! The tar archives `rkctl cp` exchanges with the container's `tar`: ustar headers written
//! (GNU `././@LongLink` entries for names over 100 bytes), and ustar, GNU long names and pax
//! `path` records read — what GNU and busybox tar produce.

use std::io::{Read, Write};
use std::path::Path;

const BLOCK: usize = 512;

/// One member read from an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Dir {
        name: String,
        mode: u32,
    },
    File {
        name: String,
        mode: u32,
        data: Vec<u8>,
    },
    Symlink {
        name: String,
        target: String,
    },
    /// Hard links, devices, FIFOs: not copied (as kubectl).
    Other {
        name: String,
    },
}

fn octal(field: &mut [u8], value: u64) {
    let width = field.len() - 1;
    let text = format!("{value:0width$o}");
    let bytes = text.as_bytes();
    let start = bytes.len().saturating_sub(width);
    field[..width].copy_from_slice(&bytes[start..]);
    field[width] = 0;
}

fn header(name: &[u8], kind: u8, mode: u32, size: u64, mtime: u64, link: &[u8]) -> [u8; BLOCK] {
    let mut h = [0u8; BLOCK];
    let n = name.len().min(100);
    h[..n].copy_from_slice(&name[..n]);
    octal(&mut h[100..108], u64::from(mode & 0o7777));
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], mtime);
    h[156] = kind;
    let l = link.len().min(100);
    h[157..157 + l].copy_from_slice(&link[..l]);
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u64 = h.iter().map(|b| u64::from(*b)).sum();
    let text = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(text.as_bytes());
    h
}

/// Writes tar archives member by member.
pub struct Writer<W: Write> {
    out: W,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W) -> Writer<W> {
        Writer { out }
    }

    fn long_name(&mut self, name: &[u8], kind: u8) -> std::io::Result<()> {
        let mut data = name.to_vec();
        data.push(0);
        self.out.write_all(&header(
            b"././@LongLink",
            kind,
            0o644,
            data.len() as u64,
            0,
            b"",
        ))?;
        self.data(&data)
    }

    fn data(&mut self, data: &[u8]) -> std::io::Result<()> {
        self.out.write_all(data)?;
        let pad = (BLOCK - data.len() % BLOCK) % BLOCK;
        self.out.write_all(&vec![0u8; pad])
    }

    fn member(
        &mut self,
        name: &str,
        kind: u8,
        mode: u32,
        mtime: u64,
        link: &str,
        data: &[u8],
    ) -> std::io::Result<()> {
        if name.len() > 100 {
            self.long_name(name.as_bytes(), b'L')?;
        }
        if link.len() > 100 {
            self.long_name(link.as_bytes(), b'K')?;
        }
        self.out.write_all(&header(
            name.as_bytes(),
            kind,
            mode,
            data.len() as u64,
            mtime,
            link.as_bytes(),
        ))?;
        self.data(data)
    }

    pub fn file(&mut self, name: &str, mode: u32, mtime: u64, data: &[u8]) -> std::io::Result<()> {
        self.member(name, b'0', mode, mtime, "", data)
    }

    pub fn dir(&mut self, name: &str, mode: u32, mtime: u64) -> std::io::Result<()> {
        let name = if name.ends_with('/') {
            name.to_string()
        } else {
            format!("{name}/")
        };
        self.member(&name, b'5', mode, mtime, "", &[])
    }

    pub fn symlink(&mut self, name: &str, target: &str, mtime: u64) -> std::io::Result<()> {
        self.member(name, b'2', 0o777, mtime, target, &[])
    }

    /// The two zero blocks that end an archive.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.write_all(&[0u8; 2 * BLOCK])?;
        Ok(self.out)
    }
}

/// Adds `src` (a file, a symlink or a directory, recursively) to `w` named `name` and below.
pub fn add_path<W: Write>(w: &mut Writer<W>, src: &Path, name: &str) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::symlink_metadata(src)?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    let mode = meta.permissions().mode();
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(src)?;
        return w.symlink(name, &target.to_string_lossy(), mtime);
    }
    if meta.is_dir() {
        w.dir(name, mode, mtime)?;
        let mut children: Vec<_> = std::fs::read_dir(src)?.filter_map(Result::ok).collect();
        children.sort_by_key(|e| e.file_name());
        for child in children {
            let child_name = format!("{name}/{}", child.file_name().to_string_lossy());
            add_path(w, &child.path(), &child_name)?;
        }
        return Ok(());
    }
    let data = std::fs::read(src)?;
    w.file(name, mode, mtime, &data)
}

fn field_str(b: &[u8]) -> String {
    let end = b.iter().position(|c| *c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

fn field_octal(b: &[u8]) -> u64 {
    let s = field_str(b);
    u64::from_str_radix(s.trim().trim_matches(' '), 8).unwrap_or(0)
}

/// Reads every member of an archive.
pub fn read_all(mut input: impl Read) -> std::io::Result<Vec<Entry>> {
    let mut all = Vec::new();
    input.read_to_end(&mut all)?;
    let mut out = Vec::new();
    let mut pos = 0;
    let mut long_name: Option<String> = None;
    let mut long_link: Option<String> = None;
    while pos + BLOCK <= all.len() {
        let h = &all[pos..pos + BLOCK];
        pos += BLOCK;
        if h.iter().all(|b| *b == 0) {
            break;
        }
        let size = usize::try_from(field_octal(&h[124..136])).unwrap_or(0);
        let end = (pos + size).min(all.len());
        let data = all[pos..end].to_vec();
        pos += size.div_ceil(BLOCK) * BLOCK;
        let kind = h[156];
        let mut name = field_str(&h[..100]);
        if &h[257..262] == b"ustar" {
            let prefix = field_str(&h[345..500]);
            if !prefix.is_empty() {
                name = format!("{prefix}/{name}");
            }
        }
        match kind {
            b'L' => {
                long_name = Some(field_str(&data));
                continue;
            }
            b'K' => {
                long_link = Some(field_str(&data));
                continue;
            }
            b'x' => {
                for record in String::from_utf8_lossy(&data).lines() {
                    if let Some((_, kv)) = record.split_once(' ')
                        && let Some(path) = kv.strip_prefix("path=")
                    {
                        long_name = Some(path.to_string());
                    }
                }
                continue;
            }
            b'g' => continue,
            _ => {}
        }
        let name = long_name.take().unwrap_or(name);
        let link = long_link.take().unwrap_or_else(|| field_str(&h[157..257]));
        let mode = u32::try_from(field_octal(&h[100..108])).unwrap_or(0o644);
        out.push(match kind {
            b'0' | 0 | b'7' => Entry::File { name, mode, data },
            b'5' => Entry::Dir { name, mode },
            b'2' => Entry::Symlink { name, target: link },
            _ => Entry::Other { name },
        });
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_written_reads_back_with_long_names() {
        let long = format!("d/{}", "x".repeat(150));
        let mut w = Writer::new(Vec::new());
        w.dir("d", 0o755, 0).unwrap();
        w.file("d/a", 0o640, 0, b"hello").unwrap();
        w.file(&long, 0o600, 0, b"long").unwrap();
        w.symlink("d/l", "a", 0).unwrap();
        let bytes = w.finish().unwrap();
        assert_eq!(bytes.len() % 512, 0);
        let entries = read_all(&bytes[..]).unwrap();
        assert_eq!(
            entries,
            vec![
                Entry::Dir {
                    name: "d/".into(),
                    mode: 0o755
                },
                Entry::File {
                    name: "d/a".into(),
                    mode: 0o640,
                    data: b"hello".to_vec()
                },
                Entry::File {
                    name: long,
                    mode: 0o600,
                    data: b"long".to_vec()
                },
                Entry::Symlink {
                    name: "d/l".into(),
                    target: "a".into()
                },
            ]
        );
    }

    #[test]
    fn the_system_tar_reads_what_we_write() {
        let dir = std::env::temp_dir().join(format!("rkctl-tar-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut w = Writer::new(Vec::new());
        w.file("f.txt", 0o644, 0, b"from rkctl\n").unwrap();
        let bytes = w.finish().unwrap();
        let mut child = std::process::Command::new("tar")
            .args(["-xf", "-", "-C"])
            .arg(&dir)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&bytes).unwrap();
        assert!(child.wait().unwrap().success());
        assert_eq!(
            std::fs::read_to_string(dir.join("f.txt")).unwrap(),
            "from rkctl\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
