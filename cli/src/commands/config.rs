//! `rkctl config view|get-contexts|current-context|use-context|set-context`: kubectl's
//! kubeconfig commands (secrets shown as `DATA+OMITTED`/`REDACTED` unless `--raw`).

use clap::{Args, Subcommand};
use kube::config::Kubeconfig;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::kubeconfig::{self, GlobalFlags};
use crate::output::{json as json_out, tabwriter, yaml};

#[derive(Subcommand, Debug, Clone)]
pub enum ConfigCommand {
    /// Display merged kubeconfig settings or a specified kubeconfig file.
    View(ViewArgs),
    /// Describe one or many contexts.
    GetContexts(GetContextsArgs),
    /// Display the current-context.
    CurrentContext,
    /// Set the current-context in a kubeconfig file.
    UseContext { name: String },
    /// Set a context entry in kubeconfig.
    SetContext(SetContextArgs),
}

#[derive(Args, Debug, Clone)]
pub struct ViewArgs {
    /// Remove all information not used by current-context from the output.
    #[arg(long)]
    pub minify: bool,
    /// Display raw byte data and sensitive data.
    #[arg(long)]
    pub raw: bool,
    /// Flatten the resulting kubeconfig file into self-contained output.
    #[arg(long)]
    pub flatten: bool,
    /// Output format: yaml or json.
    #[arg(short = 'o', long, default_value = "yaml")]
    pub output: String,
}

#[derive(Args, Debug, Clone)]
pub struct GetContextsArgs {
    pub names: Vec<String>,
    /// Output format. One of: name.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
    /// When using the default or custom-column output format, don't print headers.
    #[arg(long)]
    pub no_headers: bool,
}

#[derive(Args, Debug, Clone)]
pub struct SetContextArgs {
    pub name: Option<String>,
    /// Modify the current context.
    #[arg(long)]
    pub current: bool,
    // --cluster, --user and --namespace are the global flags: kubectl reads them here as the
    // context's new entries.
}

pub fn run(flags: &GlobalFlags, cmd: &ConfigCommand) -> Result<()> {
    match cmd {
        ConfigCommand::View(a) => view(flags, a),
        ConfigCommand::GetContexts(a) => get_contexts(flags, a),
        ConfigCommand::CurrentContext => {
            let kc = kubeconfig::load(flags)?;
            match kc.current_context.filter(|c| !c.is_empty()) {
                Some(c) => {
                    crate::outln!("{c}");
                    Ok(())
                }
                None => Err(Error::Config("current-context is not set".into())),
            }
        }
        ConfigCommand::UseContext { name } => {
            let kc = kubeconfig::load(flags)?;
            if !kc.contexts.iter().any(|c| &c.name == name) {
                return Err(Error::Config(format!(
                    "no context exists with the name: \"{name}\""
                )));
            }
            edit_file(flags, |doc| {
                doc["current-context"] = Value::String(name.clone());
                Ok(())
            })?;
            crate::outln!("Switched to context \"{name}\".");
            Ok(())
        }
        ConfigCommand::SetContext(a) => set_context(flags, a),
    }
}

fn to_value(kc: &Kubeconfig) -> Result<Value> {
    serde_json::to_value(kc).map_err(|e| Error::Config(e.to_string()))
}

fn view(flags: &GlobalFlags, a: &ViewArgs) -> Result<()> {
    let kc = kubeconfig::load(flags)?;
    let current = kubeconfig::current_context(flags, &kc);
    let mut doc = to_value(&kc)?;
    // kubectl always prints these, even when empty.
    for key in ["clusters", "contexts", "users"] {
        if doc[key].is_null() {
            doc[key] = Value::Array(Vec::new());
        }
    }
    if doc["current-context"].is_null() {
        doc["current-context"] = Value::String(String::new());
    }
    if doc["preferences"].is_null() {
        doc["preferences"] = serde_json::json!({});
    }
    doc["apiVersion"] = Value::String("v1".into());
    doc["kind"] = Value::String("Config".into());
    if a.minify {
        let Some(ctx_name) = current.clone() else {
            return Err(Error::Config(
                "current-context must exist in order to minify".into(),
            ));
        };
        let ctx = kc
            .contexts
            .iter()
            .find(|c| c.name == ctx_name)
            .and_then(|c| c.context.clone());
        let cluster = ctx.as_ref().map(|c| c.cluster.clone()).unwrap_or_default();
        let user = ctx
            .as_ref()
            .and_then(|c| c.user.clone())
            .unwrap_or_default();
        keep(&mut doc["contexts"], &ctx_name);
        keep(&mut doc["clusters"], &cluster);
        keep(&mut doc["users"], &user);
        doc["current-context"] = Value::String(ctx_name);
    }
    if !a.raw {
        redact(&mut doc);
    }
    let text = match a.output.as_str() {
        "json" => json_out::to_string_ordered(&doc, KUBECONFIG_FIELD_ORDER),
        _ => yaml::to_string(&doc),
    };
    crate::out!("{text}");
    Ok(())
}

/// clientcmd's v1 types in declaration order (kubectl's `config view -o json` keeps it).
const KUBECONFIG_FIELD_ORDER: &[&str] = &[
    "kind",
    "apiVersion",
    "preferences",
    "clusters",
    "users",
    "contexts",
    "current-context",
    "name",
    "cluster",
    "user",
    "context",
    "server",
    "tls-server-name",
    "insecure-skip-tls-verify",
    "certificate-authority",
    "certificate-authority-data",
    "proxy-url",
    "disable-compression",
    "client-certificate",
    "client-certificate-data",
    "client-key",
    "client-key-data",
    "token",
    "tokenFile",
    "as",
    "as-uid",
    "as-groups",
    "as-user-extra",
    "username",
    "password",
    "auth-provider",
    "exec",
    "namespace",
    "extensions",
];

fn keep(list: &mut Value, name: &str) {
    if let Some(items) = list.as_array_mut() {
        items.retain(|i| i["name"] == name);
    }
}

/// kubectl's `config view` without `--raw`: byte data `DATA+OMITTED`, secrets `REDACTED`.
fn redact(doc: &mut Value) {
    for c in doc["clusters"].as_array_mut().into_iter().flatten() {
        if let Some(v) = c["cluster"].get_mut("certificate-authority-data") {
            *v = Value::String("DATA+OMITTED".into());
        }
    }
    for u in doc["users"].as_array_mut().into_iter().flatten() {
        if let Some(user) = u["user"].as_object_mut() {
            for key in ["client-certificate-data", "client-key-data"] {
                if let Some(v) = user.get_mut(key) {
                    *v = Value::String("DATA+OMITTED".into());
                }
            }
            for key in ["token", "password"] {
                if let Some(v) = user.get_mut(key) {
                    *v = Value::String("REDACTED".into());
                }
            }
        }
    }
}

fn get_contexts(flags: &GlobalFlags, a: &GetContextsArgs) -> Result<()> {
    let kc = kubeconfig::load(flags)?;
    let current = kc.current_context.clone().unwrap_or_default();
    let mut contexts: Vec<_> = kc.contexts.iter().collect();
    contexts.sort_by(|x, y| x.name.cmp(&y.name));
    if !a.names.is_empty() {
        for n in &a.names {
            if !contexts.iter().any(|c| &c.name == n) {
                return Err(Error::Config(format!("context {n} not found")));
            }
        }
        contexts.retain(|c| a.names.contains(&c.name));
    }
    if a.output.as_deref() == Some("name") {
        for c in contexts {
            crate::outln!("{}", c.name);
        }
        return Ok(());
    }
    let mut lines = Vec::new();
    if !a.no_headers {
        lines.push("CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE".to_string());
    }
    for c in contexts {
        let ctx = c.context.clone().unwrap_or_default();
        lines.push(format!(
            "{}\t{}\t{}\t{}\t{}",
            if c.name == current { "*" } else { "" },
            c.name,
            ctx.cluster,
            ctx.user.unwrap_or_default(),
            ctx.namespace.unwrap_or_default()
        ));
    }
    crate::out!("{}", tabwriter::align(&lines));
    Ok(())
}

fn set_context(flags: &GlobalFlags, a: &SetContextArgs) -> Result<()> {
    let kc = kubeconfig::load(flags)?;
    let name = if a.current {
        kc.current_context
            .clone()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| Error::Config("no current context is set".into()))?
    } else {
        a.name.clone().ok_or_else(|| {
            Error::Usage("you must specify a non-empty context name or --current".into())
        })?
    };
    let exists = kc.contexts.iter().any(|c| c.name == name);
    edit_file(flags, |doc| {
        let contexts = doc
            .as_object_mut()
            .ok_or_else(|| Error::Config("kubeconfig is not a mapping".into()))?
            .entry("contexts")
            .or_insert_with(|| Value::Array(Vec::new()));
        if !contexts.is_array() {
            *contexts = Value::Array(Vec::new());
        }
        let list = contexts
            .as_array_mut()
            .ok_or_else(|| Error::Config("contexts".into()))?;
        let idx = match list.iter().position(|c| c["name"] == name.as_str()) {
            Some(i) => i,
            None => {
                list.push(serde_json::json!({"name": name, "context": {}}));
                list.len() - 1
            }
        };
        let entry = &mut list[idx];
        if !entry["context"].is_object() {
            entry["context"] = serde_json::json!({});
        }
        for (key, value) in [
            ("cluster", &flags.cluster),
            ("user", &flags.user),
            ("namespace", &flags.namespace),
        ] {
            if let Some(v) = value {
                entry["context"][key] = Value::String(v.clone());
            }
        }
        Ok(())
    })?;
    if exists {
        crate::outln!("Context \"{name}\" modified.");
    } else {
        crate::outln!("Context \"{name}\" created.");
    }
    Ok(())
}

/// Reads the file kubectl would write, edits it as a document, writes it back as YAML.
fn edit_file(flags: &GlobalFlags, edit: impl FnOnce(&mut Value) -> Result<()>) -> Result<()> {
    let path = kubeconfig::write_target(flags)
        .ok_or_else(|| Error::Config("no kubeconfig file to write".into()))?;
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut doc: Value = if text.trim().is_empty() {
        serde_json::json!({"apiVersion": "v1", "kind": "Config"})
    } else {
        serde_saphyr::from_str(&text)
            .map_err(|e| Error::Config(format!("{}: {e}", path.display())))?
    };
    edit(&mut doc)?;
    let out = yaml::to_string(&doc);
    std::fs::write(&path, out).map_err(|source| Error::Io {
        context: format!("writing {}", path.display()),
        source,
    })
}
