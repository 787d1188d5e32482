//! The checked-in bash completion loads in bash and completes rkctl's commands, flags,
//! resource types and the live cluster's object names (through `rkctl __complete`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::time::Duration;

use rk_e2e::{Rkd, ok_stdout, rkctl_bin, wait_for};

/// Completes `words` (the last one partial) the way bash's programmable completion would.
fn complete(rkd: &Rkd, words: &[&str]) -> Vec<String> {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../completions/rkctl.bash");
    let bin_dir = rkctl_bin().parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let program = format!(
        "source '{}'; COMP_WORDS=(rkctl {}); COMP_CWORD={}; _rkctl_dynamic rkctl '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        cword + 1,
        words[cword],
        if cword == 0 {
            "rkctl"
        } else {
            words[cword - 1]
        },
    );
    let home = rkd.dir.path().join("home-rkctl");
    std::fs::create_dir_all(&home).unwrap();
    let out = Command::new("bash")
        .args(["-c", &program])
        .env("PATH", path)
        .env("HOME", home)
        .env("KUBECONFIG", rkd.kubeconfig())
        .output()
        .expect("bash");
    ok_stdout(&out)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_commands_flags_types_and_live_names() {
    let rkd = Rkd::start("apiserver", &[]);
    let manifest = rkd.dir.path().join("pods.yaml");
    std::fs::write(
        &manifest,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: api-1}\nspec: {containers: [{name: c, image: busybox}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: api-2}\nspec: {containers: [{name: c, image: busybox}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: worker}\nspec: {containers: [{name: c, image: busybox}]}\n",
    )
    .unwrap();
    ok_stdout(&rkd.rkctl(&["create", "-f", manifest.to_str().unwrap()]));

    assert_eq!(complete(&rkd, &["ge"]), ["get"]);
    assert_eq!(complete(&rkd, &["get", "--show-l"]), ["--show-labels"]);
    assert_eq!(complete(&rkd, &["get", "deploy"]), ["deployments"]);
    assert_eq!(complete(&rkd, &["get", "pods", "api"]), ["api-1", "api-2"]);
    assert_eq!(complete(&rkd, &["delete", "pod/w"]), ["pod/worker"]);
    // A pod created after the names were cached shows up within a few seconds (the cache is
    // refreshed in the background).
    ok_stdout(&rkd.kubectl(33, &["run", "api-3", "--image=busybox"]));
    wait_for(
        "api-3 among the completions",
        Duration::from_secs(15),
        || {
            let names = complete(&rkd, &["describe", "po", "api-"]);
            (names == ["api-1", "api-2", "api-3"]).then_some(())
        },
    );
}
