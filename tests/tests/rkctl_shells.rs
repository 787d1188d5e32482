//! The checked-in zsh and fish completion scripts load in their shells and complete rkctl's
//! commands, flags, resource types and the live cluster's object names. zsh runs a real
//! completion widget in a pseudo-terminal (zpty) with `compadd` wrapped to record the matches;
//! fish answers `complete -C`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;

use rk_e2e::{Rkd, ok_stdout, rkctl_bin};

fn script(shell: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../completions/rkctl.{shell}"))
}

fn shell_env(rkd: &Rkd, cmd: &mut Command) {
    let bin_dir = rkctl_bin().parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let home = rkd.dir.path().join("home-rkctl");
    std::fs::create_dir_all(&home).unwrap();
    cmd.env("PATH", path)
        .env("HOME", home)
        .env("KUBECONFIG", rkd.kubeconfig());
}

fn sorted(lines: &str) -> Vec<String> {
    let mut v: Vec<String> = lines
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// What zsh offers for `line` followed by TAB, recorded by a wrapped `compadd`.
fn zsh_complete(rkd: &Rkd, line: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let hits = dir.join("hits");
    let ready = dir.join("ready");
    let done = dir.join("done");
    let driver = dir.join("driver.zsh");
    let setup_file = dir.join("setup.zsh");
    let setup = format!(
        r#"PROMPT= ; RPROMPT= ; autoload -U compinit; compinit -u -D; source '{script}'; compadd() {{ if (( ${{@[(I)-[OAD]]}} )); then builtin compadd "$@"; return; fi; local -a __hits; builtin compadd -A __hits "$@"; print -rl -- $__hits >> '{hits}'; builtin compadd "$@"; }}; bindkey '^I' complete-word"#,
        script = script("zsh").display(),
        hits = hits.display(),
    );
    std::fs::write(&setup_file, setup).unwrap();
    std::fs::write(
        &driver,
        format!(
            r#"zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "source '{setup}'; print ok > '{ready}'"
for i in {{1..300}}; do
  while zpty -rt z out; do :; done
  [[ -e '{ready}' ]] && break
  sleep 0.1
done
sleep 0.2
zpty -w -n z {line:?}$'\t'
zpty -w -n z $'\C-u'
zpty -w z "print ok > '{done}'"
for i in {{1..300}}; do
  while zpty -rt z out; do :; done
  [[ -e '{done}' ]] && break
  sleep 0.1
done
zpty -d z
"#,
            done = done.display(),
            setup = setup_file.display(),
            ready = ready.display(),
        ),
    )
    .unwrap();
    let mut cmd = Command::new("zsh");
    cmd.args(["-f", driver.to_str().unwrap()])
        .env("TERM", "xterm");
    shell_env(rkd, &mut cmd);
    let out = cmd.output().expect("zsh (Debian package zsh)");
    assert!(
        done.exists(),
        "zsh did not finish completing {line:?}: {out:?}"
    );
    sorted(&std::fs::read_to_string(&hits).unwrap_or_default())
}

/// What fish offers for `line` (`complete -C`).
fn fish_complete(rkd: &Rkd, line: &str) -> Vec<String> {
    let mut cmd = Command::new("fish");
    cmd.args([
        "--no-config",
        "-c",
        &format!(
            "source '{}'; complete -C {line:?}",
            script("fish").display()
        ),
    ]);
    shell_env(rkd, &mut cmd);
    sorted(&ok_stdout(
        &cmd.output().expect("fish (Debian package fish)"),
    ))
}

fn cluster() -> Rkd {
    let rkd = Rkd::start("apiserver", &[]);
    let manifest = rkd.dir.path().join("pods.yaml");
    std::fs::write(
        &manifest,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: api-1}\nspec: {containers: [{name: c, image: busybox}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: api-2}\nspec: {containers: [{name: c, image: busybox}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: worker}\nspec: {containers: [{name: c, image: busybox}]}\n",
    )
    .unwrap();
    ok_stdout(&rkd.rkctl(&["create", "-f", manifest.to_str().unwrap()]));
    rkd
}

#[test]
fn zsh_completes_commands_flags_types_and_live_names() {
    let rkd = cluster();
    assert!(zsh_complete(&rkd, "rkctl ge").contains(&"get".to_string()));
    assert_eq!(zsh_complete(&rkd, "rkctl get --show-l"), ["--show-labels"]);
    assert_eq!(zsh_complete(&rkd, "rkctl get deploy"), ["deployments"]);
    assert_eq!(zsh_complete(&rkd, "rkctl get pods api"), ["api-1", "api-2"]);
    assert_eq!(zsh_complete(&rkd, "rkctl delete pod/w"), ["pod/worker"]);
}

#[test]
fn fish_completes_commands_flags_types_and_live_names() {
    let rkd = cluster();
    assert!(fish_complete(&rkd, "rkctl ge").contains(&"get".to_string()));
    assert_eq!(fish_complete(&rkd, "rkctl get --show-l"), ["--show-labels"]);
    assert_eq!(fish_complete(&rkd, "rkctl get deploy"), ["deployments"]);
    assert_eq!(
        fish_complete(&rkd, "rkctl get pods api"),
        ["api-1", "api-2"]
    );
    assert_eq!(fish_complete(&rkd, "rkctl delete pod/w"), ["pod/worker"]);
}
