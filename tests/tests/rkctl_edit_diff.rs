//! `rkctl edit`, `rkctl diff` and plugins next to kubectl 1.33 on the same rkd: the same
//! editor script run by both, the same manifests diffed by both (temporary paths and times
//! normalized), the same PATH of plugins listed by both; outputs and exit codes must match.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rk_e2e::{Rkd, kubectl_bin, ok_stdout, rkctl_bin};

/// kubectl 1.33 or rkctl against `rkd`, with extra environment variables.
fn run(rkd: &Rkd, kubectl: bool, args: &[&str], env: &[(&str, &str)]) -> Output {
    let (bin, home) = if kubectl {
        (kubectl_bin(33), rkd.dir.path().join("home-33"))
    } else {
        (rkctl_bin(), rkd.dir.path().join("home-rkctl"))
    };
    std::fs::create_dir_all(&home).unwrap();
    let mut cmd = Command::new(bin);
    cmd.env("HOME", &home)
        .env("KUBECONFIG", rkd.kubeconfig())
        .env_remove("KUBE_EDITOR")
        .env_remove("KUBECTL_EXTERNAL_DIFF")
        .args(args)
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn executable(path: &Path, body: &str) {
    std::fs::write(path, body).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// An editor that records each file it is given (`<state>.<n>`) and applies the sed
/// expression on its first call only.
fn editor(dir: &Path, name: &str, first_sed: &str) -> PathBuf {
    let state = dir.join(format!("{name}.state"));
    let path = dir.join(name);
    executable(
        &path,
        &format!(
            "#!/bin/sh\nn=$(cat '{s}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{s}'\ncp \"$1\" '{s}'.$n\nif [ $n = 1 ]; then sed -i '{first_sed}' \"$1\"; fi\n",
            s = state.display()
        ),
    );
    path
}

fn seen(dir: &Path, name: &str, n: u32) -> String {
    std::fs::read_to_string(dir.join(format!("{name}.state.{n}"))).unwrap_or_default()
}

#[test]
fn edit_saves_cancels_and_reopens_with_the_error_like_kubectl() {
    let rkd = Rkd::start("apiserver", &[]);
    let tmp = rkd.dir.path().to_path_buf();
    for name in ["k", "r"] {
        ok_stdout(&rkd.rkctl(&[
            "create",
            "configmap",
            &format!("cm-{name}"),
            "--from-literal=a=1",
        ]));
        ok_stdout(&rkd.rkctl(&[
            "create",
            "deployment",
            &format!("web-{name}"),
            "--image=busybox",
        ]));
    }

    // A change is saved and reported.
    for (kubectl, name) in [(true, "k"), (false, "r")] {
        let ed = editor(
            &tmp,
            &format!("ed-save-{name}"),
            "s/^  a: \"1\"$/  a: \"2\"/",
        );
        let out = run(
            &rkd,
            kubectl,
            &["edit", &format!("configmap/cm-{name}")],
            &[("EDITOR", ed.to_str().unwrap())],
        );
        assert!(out.status.success(), "{out:?}");
        assert_eq!(text(&out.stdout), format!("configmap/cm-{name} edited\n"));
        let shown = seen(&tmp, &format!("ed-save-{name}"), 1);
        assert!(
            shown.starts_with(
                "# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
            ),
            "{shown}"
        );
        assert!(!shown.contains("managedFields"), "{shown}");
        let data = ok_stdout(&rkd.rkctl(&[
            "get",
            "cm",
            &format!("cm-{name}"),
            "-o",
            "jsonpath={.data.a}",
        ]));
        assert_eq!(data, "2");
    }
    // The file shown is the same but for the object's own name, uid, resourceVersion and time.
    let normalize = |s: String, name: &str| -> String {
        s.replace(&format!("cm-{name}"), "cm-X")
            .lines()
            .filter(|l| {
                !l.contains("uid:")
                    && !l.contains("resourceVersion:")
                    && !l.contains("creationTimestamp:")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        normalize(seen(&tmp, "ed-save-r", 1), "r"),
        normalize(seen(&tmp, "ed-save-k", 1), "k")
    );

    // An unchanged file cancels (KUBE_EDITOR wins over EDITOR).
    let k = run(
        &rkd,
        true,
        &["edit", "cm", "cm-k"],
        &[("KUBE_EDITOR", "true"), ("EDITOR", "false")],
    );
    let r = run(
        &rkd,
        false,
        &["edit", "cm", "cm-r"],
        &[("KUBE_EDITOR", "true"), ("EDITOR", "false")],
    );
    assert_eq!(text(&r.stderr), text(&k.stderr));
    assert_eq!(text(&r.stderr), "Edit cancelled, no changes made.\n");
    assert_eq!(r.status.code(), k.status.code());

    // An invalid change re-opens the file with the server's error on top; saving it unchanged
    // gives up with the same words and exit code.
    let mut reopened = Vec::new();
    let mut stderrs = Vec::new();
    for (kubectl, name) in [(true, "k"), (false, "r")] {
        let ed = editor(
            &tmp,
            &format!("ed-bad-{name}"),
            "s/^  replicas: 1$/  replicas: -1/",
        );
        let out = run(
            &rkd,
            kubectl,
            &["edit", &format!("deploy/web-{name}")],
            &[("EDITOR", ed.to_str().unwrap())],
        );
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let second = seen(&tmp, &format!("ed-bad-{name}"), 2);
        let comments: Vec<String> = second
            .lines()
            .take_while(|l| l.starts_with('#'))
            .map(|l| l.replace(&format!("web-{name}"), "web-X"))
            .collect();
        reopened.push(comments);
        let err = text(&out.stderr);
        let err: Vec<&str> = err
            .lines()
            .filter(|l| !l.starts_with("A copy of your changes has been stored to"))
            .collect();
        stderrs.push(err.join("\n").replace(&format!("web-{name}"), "web-X"));
    }
    assert!(
        reopened[0].iter().any(|l| l.contains("spec.replicas")),
        "{:?}",
        reopened[0]
    );
    assert_eq!(reopened[1], reopened[0]);
    assert_eq!(stderrs[1], stderrs[0]);
}

/// kubectl/rkctl diff output with temporary directories and timestamps normalized.
fn normalized_diff(out: &Output) -> String {
    text(&out.stdout)
        .lines()
        .map(|l| {
            if l.starts_with("diff ") {
                "diff LIVE MERGED".to_string()
            } else if let Some(rest) = l.strip_prefix("--- ").or_else(|| l.strip_prefix("+++ ")) {
                let file = rest.split('\t').next().unwrap_or("");
                let file = file.rsplit('/').next().unwrap_or("");
                format!("{} {file}", &l[..3])
            } else if l.contains("uid:") || l.contains("creationTimestamp:") || l.contains("time:")
            {
                "<volatile>".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn diff_prints_what_apply_would_change_with_kubectls_exit_codes() {
    let rkd = Rkd::start("apiserver", &[]);
    let dir = rkd.dir.path();
    let v1 = dir.join("v1.yaml");
    std::fs::write(
        &v1,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {a: \"1\", b: \"2\"}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: busybox}]}\n",
    )
    .unwrap();
    ok_stdout(&rkd.kubectl(33, &["apply", "-f", v1.to_str().unwrap()]));
    let v2 = dir.join("v2.yaml");
    std::fs::write(
        &v2,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {a: \"1\", c: \"3\"}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: busybox:2}]}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {token: abc}\n",
    )
    .unwrap();

    let cases: &[(&[&str], &[(&str, &str)])] = &[
        (&["diff", "-f", v1.to_str().unwrap()], &[]),
        (&["diff", "-f", v2.to_str().unwrap()], &[]),
        (&["diff", "--server-side", "-f", v2.to_str().unwrap()], &[]),
        (
            &["diff", "-f", v2.to_str().unwrap()],
            &[("KUBECTL_EXTERNAL_DIFF", "ls")],
        ),
        (
            &["diff", "-f", v2.to_str().unwrap()],
            &[("KUBECTL_EXTERNAL_DIFF", "diff -q")],
        ),
        (&["diff", "-f", "/nonexistent.yaml"], &[]),
    ];
    for (args, env) in cases {
        let k = run(&rkd, true, args, env);
        let r = run(&rkd, false, args, env);
        let label = format!("{args:?} {env:?}");
        assert_eq!(r.status.code(), k.status.code(), "{label}: {r:?} vs {k:?}");
        let (kd, rd) = if env.iter().any(|(_, v)| *v == "ls") {
            let strip = |o: &Output| {
                text(&o.stdout)
                    .lines()
                    .map(|l| {
                        if l.contains("LIVE-") {
                            "LIVE:"
                        } else if l.contains("MERGED-") {
                            "MERGED:"
                        } else {
                            l
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            (strip(&k), strip(&r))
        } else if env.iter().any(|(_, v)| v.contains("-q")) {
            let strip = |o: &Output| text(&o.stdout).lines().count();
            (strip(&k).to_string(), strip(&r).to_string())
        } else {
            (normalized_diff(&k), normalized_diff(&r))
        };
        assert_eq!(rd, kd, "{label}");
    }
    // Nothing changed by any diff.
    assert_eq!(
        ok_stdout(&rkd.rkctl(&["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"])),
        "1"
    );
    let k = run(&rkd, true, &["diff", "-f", v2.to_str().unwrap()], &[]);
    assert_eq!(k.status.code(), Some(1));
    assert!(
        normalized_diff(&k).contains("+  replicas: 3"),
        "{}",
        normalized_diff(&k)
    );
}

#[test]
fn plugins_on_path_run_and_list_like_kubectls() {
    let rkd = Rkd::start("apiserver", &[]);
    let a = rkd.dir.path().join("plugins-a");
    let b = rkd.dir.path().join("plugins-b");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    executable(
        &a.join("kubectl-hello"),
        "#!/bin/sh\necho \"hello $*\"\nexit 3\n",
    );
    executable(
        &a.join("kubectl-hello-world"),
        "#!/bin/sh\necho \"world $*\"\n",
    );
    executable(&b.join("kubectl-hello"), "#!/bin/sh\necho shadowed\n");
    std::fs::write(a.join("kubectl-broken"), "not executable").unwrap();
    let path = format!("{}:{}:/usr/bin:/bin", a.display(), b.display());
    let env = [("PATH", path.as_str())];

    for kubectl in [true, false] {
        let out = run(&rkd, kubectl, &["hello", "there", "--flag"], &env);
        assert_eq!(text(&out.stdout), "hello there --flag\n");
        assert_eq!(out.status.code(), Some(3));
        let out = run(&rkd, kubectl, &["hello", "world", "x"], &env);
        assert_eq!(text(&out.stdout), "world x\n");
    }
    let k = run(&rkd, true, &["plugin", "list"], &env);
    let r = run(&rkd, false, &["plugin", "list"], &env);
    assert_eq!(text(&r.stdout), text(&k.stdout));
    assert_eq!(text(&r.stderr), text(&k.stderr));
    assert_eq!(r.status.code(), k.status.code());
    assert!(text(&r.stdout).contains("kubectl-hello-world"));

    // rkctl's own prefix runs too, before kubectl's.
    executable(&b.join("rkctl-hello"), "#!/bin/sh\necho rk\n");
    let out = run(&rkd, false, &["hello"], &env);
    assert_eq!(text(&out.stdout), "rk\n");

    let empty = rkd.dir.path().join("plugins-none");
    std::fs::create_dir_all(&empty).unwrap();
    let env = [("PATH", empty.to_str().unwrap())];
    let k = run(&rkd, true, &["plugin", "list"], &env);
    let r = run(&rkd, false, &["plugin", "list"], &env);
    assert_eq!(text(&r.stderr), text(&k.stderr));
    assert_eq!(r.status.code(), k.status.code());
}
