//! `rkctl image load FILE.tar [--node NAME]`: sends an OCI or docker image archive through the
//! API server's node proxy (`POST /api/v1/nodes/{node}/proxy/images/import`) to every Ready
//! node's agent (or one), and prints the image references each imported (`{"images":[…]}`).

use clap::{Args, Subcommand};
use serde_json::Value;

use crate::client::Ctx;
use crate::error::{Error, Result};

#[derive(Subcommand, Debug, Clone)]
pub enum ImageCommand {
    /// Import an image archive (docker save / OCI layout tar) into the nodes' container runtime.
    Load(LoadArgs),
}

#[derive(Args, Debug, Clone)]
pub struct LoadArgs {
    /// The archive (FILE.tar).
    pub file: String,
    /// Only this node (default: every Ready node).
    #[arg(long)]
    pub node: Option<String>,
}

/// True when the bytes are a tar archive (the `ustar` magic at offset 257).
pub fn is_tar(bytes: &[u8]) -> bool {
    bytes.get(257..262) == Some(b"ustar".as_slice())
}

/// The references in an import answer.
pub fn references(answer: &Value) -> Vec<String> {
    answer["images"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| {
            i.as_str()
                .map(str::to_string)
                .or_else(|| i["name"].as_str().map(str::to_string))
        })
        .collect()
}

fn ready(node: &Value) -> bool {
    node["status"]["conditions"].as_array().is_some_and(|c| {
        c.iter()
            .any(|c| c["type"] == "Ready" && c["status"] == "True")
    })
}

pub async fn run(ctx: &Ctx, cmd: &ImageCommand) -> Result<()> {
    let ImageCommand::Load(a) = cmd;
    let bytes = std::fs::read(&a.file).map_err(|source| Error::Io {
        context: format!("reading {}", a.file),
        source,
    })?;
    if !is_tar(&bytes) {
        return Err(Error::Usage(format!(
            "{} is not an image archive: expected a tar file (docker save or an OCI image layout)",
            a.file
        )));
    }
    let nodes: Vec<String> = match &a.node {
        Some(n) => vec![n.clone()],
        None => {
            let list = ctx.get_json("/api/v1/nodes", "application/json").await?;
            list["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|n| ready(n))
                .filter_map(|n| n["metadata"]["name"].as_str().map(str::to_string))
                .collect()
        }
    };
    if nodes.is_empty() {
        return Err(Error::Usage("no Ready nodes to load the image into".into()));
    }
    let mut errors = Vec::new();
    for node in nodes {
        let path = format!("/api/v1/nodes/{node}/proxy/images/import");
        let answer = ctx
            .send_text(
                http::Method::POST,
                &path,
                "application/json",
                Some(("application/x-tar", bytes.clone())),
            )
            .await;
        match answer {
            Ok(text) => {
                let v: Value = serde_json::from_str(&text).map_err(|e| {
                    Error::Decode(format!(
                        "node {node} answered an unreadable import result: {e}"
                    ))
                })?;
                for r in references(&v) {
                    crate::outln!("{r} loaded on node/{node}");
                }
            }
            Err(e) => errors.push(e),
        }
    }
    crate::commands::get::finish_errors(errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_tar_archives_are_accepted() {
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        assert!(is_tar(&tar));
        assert!(!is_tar(b"{\"not\": \"a tar\"}"));
        assert!(!is_tar(&[]));
    }

    #[test]
    fn import_answers_list_their_references() {
        let a = json!({"images": ["docker.io/library/busybox:1.36", {"name": "x:1"}]});
        assert_eq!(references(&a), ["docker.io/library/busybox:1.36", "x:1"]);
    }
}
