//! `rkctl completion bash|zsh|fish|powershell`: clap_complete's scripts for commands and flags,
//! plus (bash and fish) a hook that asks the hidden `rkctl __complete` for resource types and
//! live object names. The generated scripts are checked in under `completions/`.

use clap::{CommandFactory, ValueEnum};
use clap_complete::Shell;

use crate::client::Ctx;
use crate::commands::name_cache;
use crate::discovery::Discovery;
use crate::error::Result;
use crate::kubeconfig::GlobalFlags;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ShellName {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

/// Commands whose first argument is a resource type and the next ones its names.
const TYPED_COMMANDS: &[&str] = &[
    "get", "describe", "delete", "label", "annotate", "scale", "explain", "edit",
];

/// Commands whose first argument is a pod (or TYPE/NAME): `exec`, `attach`, `port-forward`.
const POD_COMMANDS: &[&str] = &["exec", "attach", "port-forward"];

const BASH_HOOK: &str = r#"
# Resource types and live object names come from `rkctl __complete`.
_rkctl_dynamic() {
    local cur="${COMP_WORDS[COMP_CWORD]}"
    local sub="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            -*) ;;
            *) sub="${COMP_WORDS[i]}"; break ;;
        esac
    done
    case "$sub" in
        get|describe|delete|label|annotate|scale|explain|edit|exec|attach|port-forward)
            if [[ "$cur" != -* ]]; then
                local IFS=$'\n'
                COMPREPLY=($(compgen -W "$(rkctl __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)" -- "$cur"))
                return 0
            fi ;;
    esac
    _rkctl "$@"
}
complete -F _rkctl_dynamic -o bashdefault -o default rkctl
"#;

const FISH_HOOK: &str = r#"
# Resource types and live object names come from `rkctl __complete`.
complete -c rkctl -n "__fish_seen_subcommand_from get describe delete label annotate scale explain edit exec attach port-forward" -f -a "(rkctl __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)"
"#;

const ZSH_HOOK: &str = r#"
# Resource types and live object names come from `rkctl __complete`.
_rkctl_dynamic() {
    local sub="" i
    for ((i = 2; i < CURRENT; i++)); do
        case "${words[i]}" in
            -*) ;;
            *) sub="${words[i]}"; break ;;
        esac
    done
    case "$sub" in
        get|describe|delete|label|annotate|scale|explain|edit|exec|attach|port-forward)
            if [[ "${words[CURRENT]}" != -* ]]; then
                local -a names
                names=(${(f)"$(rkctl __complete "${(@)words[2,CURRENT]}" 2>/dev/null)"})
                compadd -a names
                return 0
            fi ;;
    esac
    _rkctl "$@"
}
compdef _rkctl_dynamic rkctl
"#;

/// The script for one shell, exactly as checked in under `completions/`.
pub fn script(shell: ShellName) -> String {
    let mut cmd = crate::Cli::command();
    let mut buf = Vec::new();
    let s = match shell {
        ShellName::Bash => Shell::Bash,
        ShellName::Zsh => Shell::Zsh,
        ShellName::Fish => Shell::Fish,
        ShellName::Powershell => Shell::PowerShell,
    };
    clap_complete::generate(s, &mut cmd, "rkctl", &mut buf);
    let mut text = String::from_utf8_lossy(&buf).into_owned();
    match shell {
        ShellName::Bash => text.push_str(BASH_HOOK),
        ShellName::Fish => text.push_str(FISH_HOOK),
        ShellName::Zsh => text.push_str(ZSH_HOOK),
        ShellName::Powershell => {}
    }
    text
}

pub fn run(shell: ShellName) -> Result<()> {
    crate::out!("{}", script(shell));
    Ok(())
}

/// `rkctl __complete WORD… CURRENT`: candidates for the last word, one per line.
pub async fn complete(flags: &GlobalFlags, words: &[String]) -> Result<()> {
    let mut flags = flags.clone();
    let mut positional = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        match w.as_str() {
            "-n" | "--namespace" => {
                flags.namespace = words.get(i + 1).cloned();
                i += 2;
                continue;
            }
            "--context" => {
                flags.context = words.get(i + 1).cloned();
                i += 2;
                continue;
            }
            _ if w.starts_with("--namespace=") => {
                flags.namespace = w.strip_prefix("--namespace=").map(str::to_string)
            }
            _ if w.starts_with('-') && i + 1 < words.len() => {}
            _ => positional.push(w.clone()),
        }
        i += 1;
    }
    let Some((current, before)) = positional.split_last() else {
        return Ok(());
    };
    let Some(sub) = before.first() else {
        return Ok(());
    };
    // A pod command's first argument: pod names, or TYPE/NAME as for `get`.
    let pod_words;
    let before = if POD_COMMANDS.contains(&sub.as_str()) {
        if before.len() != 1 {
            return Ok(());
        }
        pod_words = if current.contains('/') {
            vec![sub.clone()]
        } else {
            vec![sub.clone(), "pods".to_string()]
        };
        &pod_words[..]
    } else if TYPED_COMMANDS.contains(&sub.as_str()) {
        before
    } else {
        return Ok(());
    };
    let ctx = Ctx::connect(&flags).await?;
    let mut discovery = Discovery::load(&ctx).await?;
    let mut out = Vec::new();
    if before.len() == 1 && !current.contains('/') {
        let mut types: Vec<String> = discovery
            .resources
            .iter()
            .filter(|r| r.preferred && !r.resource.contains('/'))
            .map(|r| r.resource.clone())
            .collect();
        types.sort();
        types.dedup();
        out = types;
    } else {
        let (typed, prefix) = match current.split_once('/') {
            Some((t, _)) if before.len() == 1 => (t.to_string(), format!("{t}/")),
            _ => (before[1].clone(), String::new()),
        };
        if let Ok(resource) = discovery.resolve(&ctx, &typed).await {
            let context = context_name(&flags);
            let ns = resource.namespaced.then_some(ctx.namespace.as_str());
            let refresh = refresh_args(&flags, &ctx.namespace, &typed);
            for n in name_cache::names(&ctx, &context, &resource, ns, &refresh).await {
                out.push(format!("{prefix}{n}"));
            }
        }
    }
    discovery.finish().await;
    for c in out.iter().filter(|c| c.starts_with(current.as_str())) {
        crate::outln!("{c}");
    }
    Ok(())
}

/// The kubeconfig context the names belong to (part of the cache's key).
fn context_name(flags: &GlobalFlags) -> String {
    crate::kubeconfig::load(flags)
        .ok()
        .and_then(|kc| crate::kubeconfig::current_context(flags, &kc))
        .unwrap_or_default()
}

/// The command line of the detached refresh: the same connection flags and namespace.
fn refresh_args(flags: &GlobalFlags, namespace: &str, typed: &str) -> Vec<String> {
    let mut args = Vec::new();
    if let Some(k) = &flags.kubeconfig {
        args.extend(["--kubeconfig".to_string(), k.display().to_string()]);
    }
    for (flag, value) in [
        ("--context", &flags.context),
        ("--cluster", &flags.cluster),
        ("--user", &flags.user),
        ("--server", &flags.server),
    ] {
        if let Some(v) = value {
            args.extend([flag.to_string(), v.clone()]);
        }
    }
    if flags.insecure_skip_tls_verify {
        args.push("--insecure-skip-tls-verify".to_string());
    }
    if let Some(d) = &flags.cache_dir {
        args.extend(["--cache-dir".to_string(), d.display().to_string()]);
    }
    args.extend([
        "--namespace".to_string(),
        namespace.to_string(),
        "__complete-refresh".to_string(),
        typed.to_string(),
    ]);
    args
}

/// `rkctl __complete-refresh TYPE`: the detached child that renews one names cache file.
pub async fn refresh(flags: &GlobalFlags, typed: &str) -> Result<()> {
    let ctx = Ctx::connect(flags).await?;
    let mut discovery = Discovery::load(&ctx).await?;
    if let Ok(resource) = discovery.resolve(&ctx, typed).await {
        let ns = resource.namespaced.then_some(ctx.namespace.as_str());
        name_cache::refresh(&ctx, &context_name(flags), &resource, ns).await;
    }
    discovery.finish().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regenerate with `for s in bash zsh fish powershell; do rkctl completion $s > completions/rkctl.$s; done`.
    #[test]
    fn checked_in_completions_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../completions");
        for (shell, file) in [
            (ShellName::Bash, "rkctl.bash"),
            (ShellName::Zsh, "rkctl.zsh"),
            (ShellName::Fish, "rkctl.fish"),
            (ShellName::Powershell, "rkctl.powershell"),
        ] {
            let checked_in = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
            assert!(
                checked_in == script(shell),
                "completions/{file} is stale: run `cargo run -p rkctl -- completion {shell:?} > completions/{file}` (lowercase shell name)"
            );
        }
    }
}
