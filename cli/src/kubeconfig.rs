//! kubectl's configuration flags and kubeconfig loading: `--kubeconfig`, else the `KUBECONFIG`
//! list (merged, first value wins), else `~/.kube/config`; `--context/--cluster/--user` pick the
//! entries; `--server/--token/--insecure-skip-tls-verify` override them; `-n` sets the namespace.

use std::path::PathBuf;

use clap::Args;
use kube::config::{AuthInfo, KubeConfigOptions, Kubeconfig};

use crate::error::{Error, Result};

/// The connection flags every command accepts (kubectl's global flags).
#[derive(Args, Debug, Clone, Default)]
pub struct GlobalFlags {
    /// Path to the kubeconfig file to use for CLI requests.
    #[arg(long, global = true, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,
    /// The name of the kubeconfig context to use.
    #[arg(long, global = true)]
    pub context: Option<String>,
    /// The name of the kubeconfig cluster to use.
    #[arg(long, global = true)]
    pub cluster: Option<String>,
    /// The name of the kubeconfig user to use.
    #[arg(long, global = true)]
    pub user: Option<String>,
    /// If present, the namespace scope for this CLI request.
    #[arg(short = 'n', long, global = true)]
    pub namespace: Option<String>,
    /// The address and port of the Kubernetes API server.
    #[arg(short = 's', long, global = true)]
    pub server: Option<String>,
    /// Bearer token for authentication to the API server.
    #[arg(long, global = true)]
    pub token: Option<String>,
    /// If true, the server's certificate will not be checked for validity.
    #[arg(long, global = true)]
    pub insecure_skip_tls_verify: bool,
    /// Default cache directory.
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// The length of time to wait before giving up on a single server request (e.g. 1s, 2m).
    #[arg(long, global = true, value_name = "DURATION")]
    pub request_timeout: Option<String>,
}

/// Reads the kubeconfig the flags and environment point at (an empty one when none exists).
pub fn load(flags: &GlobalFlags) -> Result<Kubeconfig> {
    if let Some(path) = &flags.kubeconfig {
        return Kubeconfig::read_from(path).map_err(|e| Error::Config(e.to_string()));
    }
    match Kubeconfig::from_env() {
        Ok(Some(k)) => return Ok(k),
        Ok(None) => {}
        Err(e) => return Err(Error::Config(e.to_string())),
    }
    let Some(path) = default_path() else {
        return Ok(Kubeconfig::default());
    };
    if !path.exists() {
        return Ok(Kubeconfig::default());
    }
    Kubeconfig::read_from(&path).map_err(|e| Error::Config(e.to_string()))
}

/// The file `config set-context`/`use-context` write: `--kubeconfig`, else the first existing
/// file of `KUBECONFIG` (kubectl writes the file that defines the entry; the first is its default),
/// else `~/.kube/config`.
pub fn write_target(flags: &GlobalFlags) -> Option<PathBuf> {
    if let Some(path) = &flags.kubeconfig {
        return Some(path.clone());
    }
    if let Some(value) = std::env::var_os("KUBECONFIG") {
        let paths: Vec<PathBuf> = std::env::split_paths(&value)
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        if let Some(p) = paths.iter().find(|p| p.exists()).or(paths.first()) {
            return Some(p.clone());
        }
    }
    default_path()
}

/// `~/.kube/config`.
pub fn default_path() -> Option<PathBuf> {
    home().map(|h| h.join(".kube").join("config"))
}

pub fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// The context name the flags and file select.
pub fn current_context(flags: &GlobalFlags, kc: &Kubeconfig) -> Option<String> {
    flags.context.clone().or_else(|| kc.current_context.clone())
}

/// The namespace of the selected context (`default` when it names none).
pub fn context_namespace(flags: &GlobalFlags, kc: &Kubeconfig) -> String {
    if let Some(ns) = &flags.namespace {
        return ns.clone();
    }
    let ctx = current_context(flags, kc);
    kc.contexts
        .iter()
        .find(|c| Some(&c.name) == ctx.as_ref())
        .and_then(|c| c.context.as_ref())
        .and_then(|c| c.namespace.clone())
        .filter(|ns| !ns.is_empty())
        .unwrap_or_else(|| "default".to_string())
}

/// Builds the client configuration kubectl would use from the flags and the kubeconfig.
pub async fn client_config(flags: &GlobalFlags, mut kc: Kubeconfig) -> Result<kube::Config> {
    if let Some(token) = &flags.token {
        let ctx_name = current_context(flags, &kc);
        let user_name = flags.user.clone().or_else(|| {
            kc.contexts
                .iter()
                .find(|c| Some(&c.name) == ctx_name.as_ref())
                .and_then(|c| c.context.as_ref())
                .and_then(|c| c.user.clone())
        });
        let token_only: AuthInfo = serde_json::from_value(serde_json::json!({ "token": token }))
            .map_err(|e| Error::Config(e.to_string()))?;
        for named in &mut kc.auth_infos {
            if Some(&named.name) == user_name.as_ref() {
                named.auth_info = Some(token_only.clone());
            }
        }
    }
    if let Some(ctx) = &flags.context
        && !kc.contexts.iter().any(|c| &c.name == ctx)
    {
        return Err(Error::InvalidConfig(format!(
            "context was not found for specified context: {ctx}"
        )));
    }
    let have_context = !kc.contexts.is_empty();
    let mut config = if have_context {
        let options = KubeConfigOptions {
            context: flags.context.clone(),
            cluster: flags.cluster.clone(),
            user: flags.user.clone(),
        };
        kube::Config::from_custom_kubeconfig(kc.clone(), &options)
            .await
            .map_err(|e| Error::Config(e.to_string()))?
    } else if let Some(server) = &flags.server {
        let uri = server
            .parse()
            .map_err(|e: http::uri::InvalidUri| Error::Config(e.to_string()))?;
        kube::Config::new(uri)
    } else {
        return Err(Error::Usage(
            "The connection to the server localhost:8080 was refused - did you specify the right host or port?"
                .to_string(),
        ));
    };
    if let Some(server) = &flags.server {
        config.cluster_url = server
            .parse()
            .map_err(|e: http::uri::InvalidUri| Error::Config(e.to_string()))?;
    }
    if let Some(token) = &flags.token
        && !have_context
    {
        config.auth_info = serde_json::from_value(serde_json::json!({ "token": token }))
            .map_err(|e| Error::Config(e.to_string()))?;
    }
    if flags.insecure_skip_tls_verify {
        config.accept_invalid_certs = true;
    }
    config.default_namespace = context_namespace(flags, &kc);
    // kubectl never retries 429/503/504 on its own: the user sees the error at once.
    config.default_retry = false;
    // Watches stay open as long as the server keeps them.
    config.read_timeout = None;
    if let Some(t) = &flags.request_timeout
        && let Some(d) = parse_duration(t)
        && !d.is_zero()
    {
        config.read_timeout = Some(d);
        config.connect_timeout = Some(d);
    }
    Ok(config)
}

/// Go-style durations as kubectl's `--request-timeout` takes them (`30`, `5s`, `2m`, `1h`).
pub fn parse_duration(s: &str) -> Option<std::time::Duration> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<u64>() {
        return Some(std::time::Duration::from_secs(secs));
    }
    let (num, unit) = s.split_at(s.find(|c: char| c.is_ascii_alphabetic())?);
    let n: f64 = num.parse().ok()?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return None,
    };
    Some(std::time::Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_like_go() {
        assert_eq!(
            parse_duration("5s"),
            Some(std::time::Duration::from_secs(5))
        );
        assert_eq!(
            parse_duration("2m"),
            Some(std::time::Duration::from_secs(120))
        );
        assert_eq!(parse_duration("7"), Some(std::time::Duration::from_secs(7)));
        assert_eq!(parse_duration("x"), None);
    }

    #[test]
    fn namespace_flag_wins_over_context() {
        let kc = Kubeconfig::from_yaml(
            "apiVersion: v1\nkind: Config\ncurrent-context: a\ncontexts:\n- name: a\n  context: {cluster: c, user: u, namespace: team}\n",
        )
        .unwrap();
        let mut flags = GlobalFlags::default();
        assert_eq!(context_namespace(&flags, &kc), "team");
        flags.namespace = Some("other".into());
        assert_eq!(context_namespace(&flags, &kc), "other");
    }
}
