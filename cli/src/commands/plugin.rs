//! Plugins as kubectl has them: `rkctl foo bar …` that names no built-in command runs the
//! longest-matching `rkctl-foo-bar` (or `kubectl-foo-bar`, so kubectl's plugins work too) on PATH
//! with the remaining arguments; `rkctl plugin list` shows what PATH offers, with kubectl's
//! warnings for plugins that are not executable or hidden by an earlier one of the same name.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::error::{Error, Result};

const PREFIXES: &[&str] = &["rkctl", "kubectl"];

#[derive(Subcommand, Debug, Clone)]
pub enum PluginCommand {
    /// List all visible plugin executables on a user's PATH.
    List {
        /// If true, display only the binary name of each plugin, rather than its full path.
        #[arg(long)]
        name_only: bool,
    },
}

fn path_dirs() -> Vec<PathBuf> {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default()
}

fn is_executable(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The plugin for `args` (the words after `rkctl`, up to the first flag) and how many words
/// its name used: the longest name wins, `rkctl-` before `kubectl-` for the same name.
pub fn find(args: &[String]) -> Option<(PathBuf, usize)> {
    find_in(&path_dirs(), args)
}

fn find_in(dirs: &[PathBuf], args: &[String]) -> Option<(PathBuf, usize)> {
    let words: Vec<String> = args
        .iter()
        .take_while(|a| !a.starts_with('-'))
        .map(|a| a.replace('-', "_"))
        .collect();
    for n in (1..=words.len()).rev() {
        let name = words[..n].join("-");
        for prefix in PREFIXES {
            let file = format!("{prefix}-{name}");
            if let Some(p) = dirs
                .iter()
                .map(|d| d.join(&file))
                .find(|p| is_executable(p))
            {
                return Some((p, n));
            }
        }
    }
    None
}

/// Replaces this process with the plugin (its exit code becomes rkctl's).
pub fn exec(plugin: &Path, args: &[String]) -> std::io::Error {
    use std::os::unix::process::CommandExt;
    std::process::Command::new(plugin).args(args).exec()
}

pub fn run(cmd: &PluginCommand) -> Result<()> {
    let PluginCommand::List { name_only } = cmd;
    let mut seen: Vec<(String, PathBuf)> = Vec::new();
    let mut found = Vec::new();
    let mut warnings = Vec::new();
    for dir in path_dirs() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        names.sort();
        for p in names {
            let Some(file) = p.file_name().map(|f| f.to_string_lossy().into_owned()) else {
                continue;
            };
            if !PREFIXES
                .iter()
                .any(|pre| file.starts_with(&format!("{pre}-")))
                || p.is_dir()
            {
                continue;
            }
            found.push(p.clone());
            let mut warn = Vec::new();
            if !is_executable(&p) {
                warn.push(format!(
                    "  - warning: {} identified as a kubectl plugin, but it is not executable",
                    p.display()
                ));
            }
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == file) {
                warn.push(format!(
                    "  - warning: {} is overshadowed by a similarly named plugin: {}",
                    p.display(),
                    first.display()
                ));
            } else {
                seen.push((file.clone(), p.clone()));
            }
            warnings.extend(warn.iter().cloned());
            let shown = if *name_only {
                file
            } else {
                p.display().to_string()
            };
            crate::outln!(
                "{}{shown}",
                if found.len() == 1 {
                    "The following compatible plugins are available:\n\n"
                } else {
                    ""
                }
            );
            for w in warn {
                eprintln!("{w}");
            }
        }
    }
    if found.is_empty() {
        return Err(Error::Usage(
            "unable to find any kubectl plugins in your PATH".into(),
        ));
    }
    match warnings.len() {
        0 => Ok(()),
        1 => Err(Error::Usage("one plugin warning was found".into())),
        n => Err(Error::Usage(format!("{n} plugin warnings were found"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_plugin_name_wins_and_flags_end_the_name() {
        let dir = std::env::temp_dir().join(format!("rkctl-plugin-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["kubectl-foo", "rkctl-foo-bar_baz"] {
            let p = dir.join(f);
            std::fs::write(&p, "#!/bin/sh\n").unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let dirs = [dir.clone()];
        let args = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            find_in(&dirs, &args(&["foo", "bar-baz", "x"])),
            Some((dir.join("rkctl-foo-bar_baz"), 2))
        );
        assert_eq!(
            find_in(&dirs, &args(&["foo", "--bar-baz"])),
            Some((dir.join("kubectl-foo"), 1))
        );
        assert_eq!(find_in(&dirs, &args(&["nope"])), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
