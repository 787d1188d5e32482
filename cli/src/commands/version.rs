//! `rkctl version`: the client's version and the server's `/version`.

use clap::Args;
use serde_json::{Value, json};

use crate::client::Ctx;
use crate::error::Result;
use crate::kubeconfig::GlobalFlags;
use crate::output::{json as json_out, yaml};

#[derive(Args, Debug, Clone)]
pub struct VersionArgs {
    /// If true, shows client version only (no server required).
    #[arg(long)]
    pub client: bool,
    /// One of 'yaml' or 'json'.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
}

pub const CLIENT_VERSION: &str = env!("CARGO_PKG_VERSION");

pub async fn run(flags: &GlobalFlags, args: &VersionArgs) -> Result<()> {
    let client = json!({"gitVersion": format!("v{CLIENT_VERSION}"), "platform": format!("{}/{}", std::env::consts::OS, goarch())});
    let mut doc = json!({ "clientVersion": client });
    let mut err = None;
    if !args.client {
        match Ctx::connect(flags).await {
            Ok(ctx) => match ctx.get_json("/version", "application/json").await {
                Ok(v) => doc["serverVersion"] = v,
                Err(e) => err = Some(e),
            },
            Err(e) => err = Some(e),
        }
    }
    match args.output.as_deref() {
        Some("json") => crate::out!("{}", json_out::to_string(&doc)),
        Some("yaml") => crate::out!("{}", yaml::to_string(&doc)),
        _ => {
            crate::outln!("Client Version: v{CLIENT_VERSION}");
            if let Value::String(v) = &doc["serverVersion"]["gitVersion"] {
                crate::outln!("Server Version: {v}");
            }
        }
    }
    match err {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn goarch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    }
}
