//! `rkctl cp [[NS/]POD:]SRC [[NS/]POD:]DEST [-c C]`: copies files and directories to and from
//! containers as kubectl does — through `tar` in the container over exec (`tar cf - SRC` out of
//! the pod, `tar -xmf - -C DIR` into it, after `test -d DEST` to decide whether DEST is a
//! directory), with kubectl's messages ("… doesn't exist in local filesystem", tar's own stderr).

use std::path::{Path, PathBuf};

use clap::Args;

use crate::client::{Ctx, with_query};
use crate::commands::cp_tar::{self, Entry};
use crate::commands::exec::{default_container, exit_with, get_pod, pod_path, session_params};
use crate::error::{Error, Result};
use crate::stream::{self, Io, Outcome};

#[derive(Args, Debug, Clone)]
pub struct CpArgs {
    /// Source: a local path or [NAMESPACE/]POD:PATH.
    pub src: String,
    /// Destination: a local path or [NAMESPACE/]POD:PATH.
    pub dest: String,
    /// Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation
    /// for selecting the container to be attached or the first container in the pod will be chosen.
    #[arg(short = 'c', long)]
    pub container: Option<String>,
    /// The copied file/directory's ownership and permissions will not be preserved in the container.
    #[arg(long)]
    pub no_preserve: bool,
    /// Accepted for kubectl compatibility (transfers are not resumed).
    #[arg(long, default_value_t = 0)]
    pub retries: i32,
}

/// One side of a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spec {
    Local(String),
    Remote {
        namespace: Option<String>,
        pod: String,
        path: String,
    },
}

const FORMAT: &str = "filespec must match the canonical format: [[namespace/]pod:]file/path";

/// kubectl's `extractFileSpec`.
pub fn parse_spec(arg: &str) -> Result<Spec> {
    let Some(i) = arg.find(':') else {
        return Ok(Spec::Local(arg.to_string()));
    };
    if i == 0 {
        return Err(Error::Usage(FORMAT.into()));
    }
    let (pod, path) = (&arg[..i], &arg[i + 1..]);
    let pieces: Vec<&str> = pod.split('/').collect();
    match pieces.as_slice() {
        [p] => Ok(Spec::Remote {
            namespace: None,
            pod: p.to_string(),
            path: path.to_string(),
        }),
        [ns, p] => Ok(Spec::Remote {
            namespace: Some(ns.to_string()),
            pod: p.to_string(),
            path: path.to_string(),
        }),
        _ => Err(Error::Usage(FORMAT.into())),
    }
}

pub async fn command(ctx: &Ctx, args: &CpArgs) -> Result<()> {
    let src = parse_spec(&args.src)?;
    let dest = parse_spec(&args.dest)?;
    match (src, dest) {
        (
            Spec::Local(local),
            Spec::Remote {
                namespace,
                pod,
                path,
            },
        ) => {
            let ns = namespace.unwrap_or_else(|| ctx.namespace.clone());
            if local.is_empty() || path.is_empty() {
                return Err(Error::Usage("filepath can not be empty".into()));
            }
            let container = container(ctx, &ns, &pod, args).await?;
            to_pod(ctx, &ns, &pod, &container, &local, &path, args.no_preserve).await
        }
        (
            Spec::Remote {
                namespace,
                pod,
                path,
            },
            Spec::Local(local),
        ) => {
            let ns = namespace.unwrap_or_else(|| ctx.namespace.clone());
            if local.is_empty() || path.is_empty() {
                return Err(Error::Usage("filepath can not be empty".into()));
            }
            let container = container(ctx, &ns, &pod, args).await?;
            from_pod(ctx, &ns, &pod, &container, &path, Path::new(&local)).await
        }
        (Spec::Local(_), Spec::Local(_)) => Err(Error::Usage(
            "one of src or dest must be a remote file specification".into(),
        )),
        (Spec::Remote { .. }, Spec::Remote { .. }) => Err(Error::Usage(
            "one of src or dest must be a local file specification".into(),
        )),
    }
}

async fn container(ctx: &Ctx, ns: &str, pod: &str, args: &CpArgs) -> Result<String> {
    match &args.container {
        Some(c) => Ok(c.clone()),
        None => default_container(&get_pod(ctx, ns, pod).await?, false),
    }
}

/// Runs `command` in the container with `stdin` bytes; stdout is collected, stderr passed on.
async fn run_collect(
    ctx: &Ctx,
    ns: &str,
    pod: &str,
    container: &str,
    command: &[&str],
    stdin: Option<Vec<u8>>,
    stderr: bool,
) -> Result<(Outcome, Vec<u8>, bool)> {
    let mut params: Vec<(&str, String)> =
        command.iter().map(|c| ("command", c.to_string())).collect();
    params.extend(session_params(container, stdin.is_some(), false));
    let path = with_query(&pod_path(ns, pod, "exec"), &params);
    let conn = stream::connect(ctx, &path).await?;
    let v5 = conn.supports_stream_close();
    let mut out = Vec::new();
    let mut err_sink: Box<dyn std::io::Write + Send> = if stderr {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::sink())
    };
    let io = Io {
        stdin: stdin.map(stream::stdin_from),
        stdout: &mut out,
        stderr: &mut *err_sink,
        resize: None,
    };
    let outcome = stream::run(conn, io).await?;
    Ok((outcome, out, v5))
}

fn base_name(p: &str) -> String {
    let trimmed = p.trim_end_matches('/');
    match trimmed.rsplit_once('/') {
        Some((_, b)) => b.to_string(),
        None => trimmed.to_string(),
    }
}

fn dir_name(p: &str) -> String {
    let trimmed = p.trim_end_matches('/');
    match trimmed.rsplit_once('/') {
        Some(("", _)) => "/".to_string(),
        Some((d, _)) => d.to_string(),
        None => ".".to_string(),
    }
}

async fn to_pod(
    ctx: &Ctx,
    ns: &str,
    pod: &str,
    container: &str,
    local: &str,
    remote: &str,
    no_preserve: bool,
) -> Result<()> {
    if std::fs::symlink_metadata(local).is_err() {
        return Err(Error::Usage(format!(
            "{local} doesn't exist in local filesystem"
        )));
    }
    let mut dest = remote.to_string();
    // With (empty) stdin, this also tells whether the server carries the end of stdin (v5).
    let (is_dir, _, v5) = run_collect(
        ctx,
        ns,
        pod,
        container,
        &["test", "-d", remote],
        Some(Vec::new()),
        false,
    )
    .await?;
    if is_dir == Outcome::Exited(0) {
        dest = format!("{}/{}", remote.trim_end_matches('/'), base_name(local));
    }
    let mut w = cp_tar::Writer::new(Vec::new());
    cp_tar::add_path(&mut w, Path::new(local), &base_name(&dest)).map_err(|e| Error::Io {
        context: format!("reading {local}"),
        source: e,
    })?;
    let archive = w.finish().map_err(|e| Error::Io {
        context: "writing the archive".into(),
        source: e,
    })?;
    let dir = dir_name(&dest);
    let mut tar = vec!["tar"];
    if no_preserve {
        tar.extend(["--no-same-permissions", "--no-same-owner"]);
    }
    tar.extend(["-xmf", "-", "-C", &dir]);
    // v4 cannot end stdin, and tar reads to the end of its input: there `head -c SIZE` ends it.
    let wrapped = format!(
        "head -c {} | {} \"$0\"",
        archive.len(),
        tar[..tar.len() - 1].join(" ")
    );
    let command: Vec<&str> = if v5 {
        tar
    } else {
        vec!["sh", "-c", &wrapped, &dir]
    };
    let (outcome, out, _) =
        run_collect(ctx, ns, pod, container, &command, Some(archive), true).await?;
    if !out.is_empty() {
        print!("{}", String::from_utf8_lossy(&out));
    }
    exit_with(outcome)
}

/// `path.Clean` of the source without leading slashes and `../` — the archive's name prefix.
fn strip_prefix_of(remote: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in remote.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

async fn from_pod(
    ctx: &Ctx,
    ns: &str,
    pod: &str,
    container: &str,
    remote: &str,
    dest: &Path,
) -> Result<()> {
    let (outcome, archive, _) = run_collect(
        ctx,
        ns,
        pod,
        container,
        &["tar", "cf", "-", remote],
        None,
        true,
    )
    .await?;
    let prefix = strip_prefix_of(remote);
    let entries = cp_tar::read_all(&archive[..]).map_err(|e| Error::Io {
        context: "reading the archive".into(),
        source: e,
    })?;
    for entry in entries {
        let name = match &entry {
            Entry::Dir { name, .. }
            | Entry::File { name, .. }
            | Entry::Symlink { name, .. }
            | Entry::Other { name } => name.clone(),
        };
        let Some(rest) = name.strip_prefix(&prefix) else {
            return Err(Error::Usage("tar contents corrupted".into()));
        };
        let rel = strip_prefix_of(rest);
        if rel.split('/').any(|p| p == "..") {
            eprintln!(
                "warning: file {:?} is outside target destination, skipping",
                dest.join(&rel)
            );
            continue;
        }
        let target: PathBuf = if rel.is_empty() {
            dest.to_path_buf()
        } else {
            dest.join(&rel)
        };
        let io = |e: std::io::Error| Error::Io {
            context: format!("writing {}", target.display()),
            source: e,
        };
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        match entry {
            Entry::Dir { .. } => std::fs::create_dir_all(&target).map_err(io)?,
            Entry::File { mode, data, .. } => {
                std::fs::write(&target, &data).map_err(io)?;
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(
                    &target,
                    std::fs::Permissions::from_mode(mode & 0o777),
                );
            }
            Entry::Symlink { target: to, .. } => {
                eprintln!(
                    "warning: skipping symlink: {:?} -> {:?}",
                    target.display().to_string(),
                    to
                );
            }
            Entry::Other { .. } => {}
        }
    }
    exit_with(outcome)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn file_specs_read_as_kubectl_reads_them() {
        assert_eq!(parse_spec("/tmp/x").unwrap(), Spec::Local("/tmp/x".into()));
        assert_eq!(
            parse_spec("ns/p:/tmp/x").unwrap(),
            Spec::Remote {
                namespace: Some("ns".into()),
                pod: "p".into(),
                path: "/tmp/x".into()
            }
        );
        assert_eq!(
            parse_spec("p:x").unwrap(),
            Spec::Remote {
                namespace: None,
                pod: "p".into(),
                path: "x".into()
            }
        );
        assert_eq!(
            parse_spec(":x").unwrap_err().to_string(),
            format!("error: {FORMAT}")
        );
        assert_eq!(
            parse_spec("a/b/c:x").unwrap_err().to_string(),
            format!("error: {FORMAT}")
        );
    }

    #[test]
    fn archive_prefixes_drop_leading_slashes_and_shortcuts() {
        assert_eq!(strip_prefix_of("/tmp/d/"), "tmp/d");
        assert_eq!(strip_prefix_of("../../etc/./hostname"), "etc/hostname");
        assert_eq!(base_name("/tmp/d/"), "d");
        assert_eq!(dir_name("/tmp/x"), "/tmp");
        assert_eq!(dir_name("/x"), "/");
        assert_eq!(dir_name("x"), ".");
    }
}
