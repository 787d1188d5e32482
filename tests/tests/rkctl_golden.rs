//! rkctl prints what kubectl 1.33 prints: on one fixed cluster state on rkd, `get` of pods,
//! deployments, replicasets, services, nodes, events, configmaps and namespaces in every output
//! format, the kubeconfig commands, and the errors (NotFound, AlreadyExists, Invalid, Conflict,
//! Forbidden, unknown types) with their exit codes — compared byte for byte with kubectl's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Output;

use rk_e2e::{Rkd, ok_stdout};

const OBJECTS: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: busybox:1.36
        ports: [{containerPort: 80}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: cache
  labels: {app: cache}
spec:
  replicas: 1
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
    spec:
      containers: [{name: redis, image: redis:7}]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Node
metadata:
  name: n1
  labels: {kubernetes.io/hostname: n1, tier: edge}
---
apiVersion: v1
kind: Pod
metadata:
  name: alpha
  labels: {app: web, rank: "2"}
  annotations:
    note: "a long note with many words that goes past the eightieth column when printed as yaml, surely"
spec:
  containers: [{name: c, image: busybox, command: ["sh", "-c", "sleep 1000"], resources: {requests: {cpu: 100m}}}]
---
apiVersion: v1
kind: Pod
metadata:
  name: beta
  labels: {app: db, rank: "1"}
spec:
  containers: [{name: c, image: busybox, env: [{name: A, value: "yes"}, {name: B, value: "0755"}]}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  plain: hello
  number: "42"
  flag: "true"
  multi: |
    line one
    line two
  quoted: "it's: here"
  empty: ""
---
apiVersion: v1
kind: Event
metadata:
  name: alpha.1
involvedObject: {kind: Pod, name: alpha, namespace: default, apiVersion: v1}
reason: Scheduled
message: Successfully assigned default/alpha to n1
type: Normal
source: {component: default-scheduler}
firstTimestamp: "2026-01-01T00:00:00Z"
lastTimestamp: "2026-01-01T00:00:00Z"
count: 1
---
apiVersion: v1
kind: Namespace
metadata:
  name: team
  labels: {owner: sre}
"#;

/// Runs the same arguments through kubectl 1.33 and rkctl. Ages are the only thing that may
/// legitimately differ (the two run a moment apart), so a mismatch is retried a few times
/// before it counts.
fn same(rkd: &Rkd, args: &[&str]) {
    let mut last = None;
    for _ in 0..4 {
        let k = rkd.kubectl(33, args);
        let r = rkd.rkctl(args);
        if data_in_any_order(&k.stdout) == data_in_any_order(&r.stdout)
            && k.stderr == r.stderr
            && k.status.code() == r.status.code()
        {
            return;
        }
        last = Some((k, r));
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    let (k, r) = last.unwrap();
    panic!(
        "rkctl {args:?} differs from kubectl:\n--- kubectl (exit {:?})\n{}{}\n--- rkctl (exit {:?})\n{}{}",
        k.status.code(),
        text(&k.stdout),
        text(&k.stderr),
        r.status.code(),
        text(&r.stdout),
        text(&r.stderr),
    );
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn write(rkd: &Rkd, name: &str, body: &str) -> String {
    let path = rkd.dir.path().join(name);
    std::fs::write(&path, body).unwrap();
    path.display().to_string()
}

fn cluster() -> Rkd {
    let rkd = Rkd::start("apiserver", &[]);
    let file = write(&rkd, "objects.yaml", OBJECTS);
    ok_stdout(&rkd.kubectl(33, &["create", "-f", &file]));
    rkd
}

fn failed(out: &Output) -> (i32, String) {
    (out.status.code().unwrap_or(-1), text(&out.stderr))
}

#[test]
fn get_prints_what_kubectl_prints_in_every_format() {
    let rkd = cluster();
    let jsonpath =
        "jsonpath={range .items[*]}{.metadata.name}{\"\\t\"}{.metadata.labels}{\"\\n\"}{end}";
    let columns = "custom-columns=NAME:.metadata.name,KIND:.kind,LABELS:.metadata.labels";
    for kind in [
        "pods",
        "deployments",
        "replicasets",
        "services",
        "nodes",
        "events",
        "configmaps",
        "namespaces",
    ] {
        for format in [
            &[][..],
            &["-o", "wide"],
            &["-o", "yaml"],
            &["-o", "json"],
            &["-o", "name"],
            &["-o", jsonpath],
            &["-o", columns],
            &["--show-labels"],
            &["-L", "app,rank"],
            &["--sort-by", ".metadata.name"],
            &["-A"],
            &["-A", "-o", "wide"],
            &["--no-headers"],
        ] {
            let mut args = vec!["get", kind];
            args.extend_from_slice(format);
            same(&rkd, &args);
        }
    }
    for single in [
        &["get", "pod", "alpha", "-o", "yaml"][..],
        &["get", "deploy/web", "-o", "json"],
        &["get", "rs", "cache", "-o", "wide"],
        &[
            "get",
            "svc",
            "web",
            "-o",
            "jsonpath={.spec.ports[0].targetPort}",
        ],
        &["get", "node", "n1", "-o", "yaml"],
        &["get", "cm", "settings", "-o", "yaml"],
        &["get", "ns", "team", "-o", "json"],
        &["get", "ev", "-o", "yaml"],
        &["get", "po", "-l", "app=web"],
        &["get", "po", "-l", "app in (web,db),rank!=3", "-o", "name"],
        &["get", "pods", "--field-selector", "metadata.name=beta"],
        &["get", "pods,svc,cm"],
        &["get", "pods,deploy", "-o", "name"],
        &["get", "all"],
        &["get", "all", "-A"],
        &["get", "deployments.apps", "-o", "wide"],
        &["get", "pods", "--chunk-size", "1"],
        &["get", "pods", "-o", "jsonpath={.items[*].metadata.name}"],
        &[
            "get",
            "pods",
            "-o",
            "jsonpath={.items[?(@.metadata.name==\"beta\")].spec.containers[0].env}",
        ],
        &["get", "pods", "-n", "team"],
        &["get", "pods", "-l", "app=none", "-o", "yaml"],
        &["get", "nodes", "-l", "tier=core"],
    ] {
        same(&rkd, single);
    }
}

#[test]
fn errors_and_exit_codes_match_kubectls() {
    let rkd = cluster();
    let objects = write(&rkd, "again.yaml", OBJECTS);
    let invalid = write(
        &rkd,
        "invalid.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: busy}\nspec:\n  containers: [{name: c}]\n",
    );
    let unknown_field = write(
        &rkd,
        "unknown.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: odd}\nbogus: 1\n",
    );
    // A stale copy of a pod: the next replace of it conflicts.
    let stale = ok_stdout(&rkd.kubectl(33, &["get", "pod", "beta", "-o", "yaml"]));
    let stale = write(&rkd, "stale.yaml", &stale);
    ok_stdout(&rkd.kubectl(33, &["label", "pod", "beta", "touched=yes"]));
    // A namespace that stays Terminating (no namespace controller yet) forbids new objects.
    let doomed = write(
        &rkd,
        "doomed.yaml",
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: doomed}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: keep, namespace: doomed}\n",
    );
    ok_stdout(&rkd.kubectl(33, &["create", "-f", &doomed]));
    ok_stdout(&rkd.kubectl(33, &["delete", "ns", "doomed", "--wait=false"]));
    let in_doomed = write(
        &rkd,
        "in-doomed.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: late, namespace: doomed}\n",
    );

    let cases: Vec<Vec<&str>> = vec![
        vec!["get", "pod", "nope"],
        vec!["get", "pods", "alpha", "nope", "beta"],
        vec!["get", "bogus"],
        vec!["get", "pod/nope", "-o", "yaml"],
        vec!["get", "pod", "nope", "--ignore-not-found"],
        vec!["delete", "pod", "nope"],
        vec!["delete", "configmap", "nope", "--ignore-not-found"],
        vec!["create", "-f", &objects],
        vec!["create", "-f", &invalid],
        vec!["create", "-f", &unknown_field],
        vec!["replace", "-f", &stale],
        vec!["create", "-f", &in_doomed],
        vec!["label", "pod", "alpha", "app=other"],
        vec!["label", "pod", "nope", "a=b"],
        vec!["scale", "deploy/nope", "--replicas=2"],
        vec!["get", "pods", "-o", "bogus"],
    ];
    for args in &cases {
        same(&rkd, args);
    }
    // And the codes are kubectl's: 1 for each failure above.
    let (code, stderr) = failed(&rkd.rkctl(&["get", "pod", "nope"]));
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "Error from server (NotFound): pods \"nope\" not found\n"
    );
}

#[test]
fn writes_report_like_kubectl() {
    let rkd = cluster();
    // Each command is run by kubectl on one object and by rkctl on its twin, then compared
    // with the names swapped back.
    let twin = |name: &str| {
        let body = format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}, labels: {{a: \"1\"}}}}\ndata: {{k: v}}\n"
        );
        write(&rkd, &format!("{name}.yaml"), &body)
    };
    let (k_file, r_file) = (twin("k-cm"), twin("r-cm"));
    let pairs: Vec<(Vec<String>, Vec<String>)> = vec![
        (
            vec!["create".into(), "-f".into(), k_file.clone()],
            vec!["create".into(), "-f".into(), r_file.clone()],
        ),
        (
            vec!["label".into(), "cm".into(), "k-cm".into(), "b=2".into()],
            vec!["label".into(), "cm".into(), "r-cm".into(), "b=2".into()],
        ),
        (
            vec![
                "label".into(),
                "cm/k-cm".into(),
                "b=3".into(),
                "--overwrite".into(),
            ],
            vec![
                "label".into(),
                "cm/r-cm".into(),
                "b=3".into(),
                "--overwrite".into(),
            ],
        ),
        (
            vec![
                "label".into(),
                "cm".into(),
                "k-cm".into(),
                "a-".into(),
                "zz-".into(),
            ],
            vec![
                "label".into(),
                "cm".into(),
                "r-cm".into(),
                "a-".into(),
                "zz-".into(),
            ],
        ),
        (
            vec![
                "annotate".into(),
                "cm".into(),
                "k-cm".into(),
                "note=x".into(),
            ],
            vec![
                "annotate".into(),
                "cm".into(),
                "r-cm".into(),
                "note=x".into(),
            ],
        ),
        (
            vec![
                "get".into(),
                "cm".into(),
                "k-cm".into(),
                "-o".into(),
                "jsonpath={.metadata.labels}{.metadata.annotations}".into(),
            ],
            vec![
                "get".into(),
                "cm".into(),
                "r-cm".into(),
                "-o".into(),
                "jsonpath={.metadata.labels}{.metadata.annotations}".into(),
            ],
        ),
        (
            vec!["replace".into(), "-f".into(), k_file.clone()],
            vec!["replace".into(), "-f".into(), r_file.clone()],
        ),
        (
            vec!["delete".into(), "-f".into(), k_file.clone()],
            vec!["delete".into(), "-f".into(), r_file.clone()],
        ),
    ];
    for (k_args, r_args) in &pairs {
        let k_args: Vec<&str> = k_args.iter().map(String::as_str).collect();
        let r_args: Vec<&str> = r_args.iter().map(String::as_str).collect();
        let k = rkd.kubectl(33, &k_args);
        let r = rkd.rkctl(&r_args);
        let norm = |o: &Output| {
            (
                o.status.code(),
                text(&o.stdout).replace("r-cm", "k-cm"),
                text(&o.stderr).replace("r-cm", "k-cm"),
            )
        };
        assert_eq!(norm(&k), norm(&r), "{k_args:?} vs {r_args:?}");
    }
    // apply: created, unchanged, configured (a three-way strategic merge patch), server-side.
    let applied = |name: &str, replicas: u32, extra_label: &str| {
        let body = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  labels: {{app: {name}{extra_label}}}\nspec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}}}}}\n    spec:\n      containers: [{{name: c, image: busybox, env: [{{name: A, value: \"1\"}}]}}]\n"
        );
        write(&rkd, &format!("{name}-{replicas}.yaml"), &body)
    };
    for (replicas, label) in [(1, ", tier: a"), (1, ", tier: a"), (2, ""), (2, "")] {
        let (k_file, r_file) = (
            applied("k-app", replicas, label),
            applied("r-app", replicas, label),
        );
        let k = rkd.kubectl(33, &["apply", "-f", &k_file]);
        let r = rkd.rkctl(&["apply", "-f", &r_file]);
        assert_eq!(
            text(&k.stdout).replace("k-app", "X"),
            text(&r.stdout).replace("r-app", "X")
        );
        assert_eq!(text(&k.stderr), text(&r.stderr));
        let show = "jsonpath={.spec.replicas} {.metadata.labels} {.metadata.annotations}";
        let k = ok_stdout(&rkd.kubectl(33, &["get", "deploy", "k-app", "-o", show]));
        let r = ok_stdout(&rkd.kubectl(33, &["get", "deploy", "r-app", "-o", show]));
        assert_eq!(k.replace("k-app", "X"), r.replace("r-app", "X"));
    }
    let (k_file, r_file) = (applied("k-app", 3, ""), applied("r-app", 3, ""));
    let k = rkd.kubectl(
        33,
        &["apply", "--server-side", "--force-conflicts", "-f", &k_file],
    );
    let r = rkd.rkctl(&["apply", "--server-side", "--force-conflicts", "-f", &r_file]);
    assert_eq!(
        text(&k.stdout).replace("k-app", "X"),
        text(&r.stdout).replace("r-app", "X")
    );
    same(
        &rkd,
        &["get", "deploy", "r-app", "-o", "jsonpath={.spec.replicas}"],
    );
    same(&rkd, &["scale", "deployment", "web", "--replicas=3"]);
    same(
        &rkd,
        &["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"],
    );
    // Deleting by label waits for each object to be gone.
    let out = ok_stdout(&rkd.rkctl(&["delete", "pods", "-l", "app=db"]));
    assert_eq!(out, "pod \"beta\" deleted\n");
    let gone = rkd.rkctl(&["get", "pod", "beta"]);
    assert_eq!(failed(&gone).0, 1);
}

#[test]
fn kubeconfig_commands_match_kubectls() {
    let rkd = cluster();
    same(&rkd, &["config", "view"]);
    same(&rkd, &["config", "view", "--minify", "-o", "json"]);
    same(&rkd, &["config", "get-contexts"]);
    same(&rkd, &["config", "current-context"]);
    same(&rkd, &["config", "get-contexts", "-o", "name"]);
    same(&rkd, &["config", "use-context", "nope"]);
    // set-context --current --namespace: the next command uses that namespace.
    let copy = rkd.dir.path().join("copy.kubeconfig");
    std::fs::copy(rkd.kubeconfig(), &copy).unwrap();
    let copy = copy.display().to_string();
    let set = ok_stdout(&rkd.rkctl(&[
        "--kubeconfig",
        &copy,
        "config",
        "set-context",
        "--current",
        "--namespace",
        "team",
    ]));
    assert!(set.ends_with("modified.\n"), "{set}");
    let got = rkd.rkctl(&["--kubeconfig", &copy, "get", "pods"]);
    assert_eq!(text(&got.stderr), "No resources found in team namespace.\n");
    let kubectl_view = rkd.kubectl(33, &["--kubeconfig", &copy, "config", "view"]);
    let rkctl_view = rkd.rkctl(&["--kubeconfig", &copy, "config", "view"]);
    assert_eq!(text(&kubectl_view.stdout), text(&rkctl_view.stdout));
    // --server/--token/--insecure-skip-tls-verify: kubectl's flags, same answer.
    same(&rkd, &["--context", "nope", "get", "pods"]);
}

/// kubectl's `describe configmap` prints the Data entries in Go's map order (random from run to
/// run; rkctl sorts them): the entries of a `Data` section are compared as a set.
fn data_in_any_order(out: &[u8]) -> String {
    let text = text(out);
    let Some(start) = text.find("Data\n====\n") else { return text };
    let body_start = start + "Data\n====\n".len();
    let end = text[body_start..].find("\nBinaryData\n").map_or(text.len(), |i| body_start + i);
    let mut entries: Vec<String> = Vec::new();
    for line in text[body_start..end].split_inclusive('\n') {
        let starts_entry = line.ends_with(":\n") && !line.starts_with(' ');
        match entries.last_mut() {
            Some(e) if !starts_entry => e.push_str(line),
            _ => entries.push(line.to_string()),
        }
    }
    let mut entries: Vec<String> = entries.into_iter().map(|e| e.trim_end().to_string()).collect();
    entries.sort();
    format!("{}{}{}", &text[..body_start], entries.join("\n"), &text[end..])
}

#[test]
fn describe_prints_what_kubectl_prints() {
    let rkd = cluster();
    // An event about alpha (describe matches events by the object's uid) and a pod on n1.
    let uid = ok_stdout(&rkd.kubectl(
        33,
        &["get", "pod", "alpha", "-o", "jsonpath={.metadata.uid}"],
    ));
    let extra = format!(
        r#"apiVersion: v1
kind: Event
metadata: {{name: alpha.2}}
involvedObject: {{kind: Pod, name: alpha, namespace: default, apiVersion: v1, uid: {uid}}}
reason: Pulled
message: "Container image pulled  "
type: Normal
source: {{component: kubelet, host: n1}}
firstTimestamp: "2026-01-01T00:00:00Z"
lastTimestamp: "2026-01-02T00:00:00Z"
count: 3
---
apiVersion: v1
kind: Pod
metadata: {{name: gamma, labels: {{app: web}}}}
spec:
  nodeName: n1
  containers:
  - name: c
    image: busybox
    ports: [{{containerPort: 80}}, {{containerPort: 443, name: https}}]
    resources: {{limits: {{cpu: "1", memory: 64Mi}}}}
    volumeMounts: [{{name: v, mountPath: /data}}]
  volumes: [{{name: v, emptyDir: {{}}}}, {{name: cfg, configMap: {{name: settings}}}}]
"#
    );
    let file = write(&rkd, "extra.yaml", &extra);
    ok_stdout(&rkd.kubectl(33, &["create", "-f", &file]));
    for args in [
        &["describe", "pod", "alpha"][..],
        &["describe", "pod", "beta"],
        &["describe", "pod/gamma"],
        &["describe", "pods"],
        &["describe", "deployment", "web"],
        &["describe", "rs", "cache"],
        &["describe", "svc", "web"],
        &["describe", "svc", "kubernetes"],
        &["describe", "node", "n1"],
        &["describe", "ns", "default"],
        &["describe", "ns", "team"],
        &["describe", "cm", "settings"],
        &["describe", "pod", "nope"],
    ] {
        same(&rkd, args);
    }
}

#[test]
fn discovery_and_auth_commands_match_kubectls() {
    let rkd = Rkd::start("apiserver", &[]);
    for args in [
        &["api-resources"][..],
        &["api-resources", "-o", "wide"],
        &["api-resources", "-o", "name"],
        &["api-resources", "--namespaced=false"],
        &["api-resources", "--api-group=apps"],
        &["api-versions"],
        &["auth", "whoami"],
        &["auth", "whoami", "-o", "json"],
        &["auth", "can-i", "list", "pods"],
        &["auth", "can-i", "create", "deployments.apps", "-A"],
        &["auth", "can-i", "get", "/logs"],
        &["auth", "can-i", "list", "foos"],
        &["cluster-info"],
        &["explain", "configmap"],
        &["explain", "pods"],
        &["explain", "pods.spec"],
        &["explain", "pods.spec.containers.ports"],
        &["explain", "pod.metadata"],
        &["explain", "deploy.spec.replicas"],
        &["explain", "svc.spec"],
        &["explain", "nodes.status"],
        &["explain", "pods.spec.bogus"],
        &["explain", "foo"],
    ] {
        same(&rkd, args);
    }
    // The server's version, as `rkctl version` reports it.
    let out = ok_stdout(&rkd.rkctl(&["version"]));
    assert!(out.contains("Server Version: v1.33"), "{out}");
}

#[test]
fn watch_prints_each_change_as_a_row_aligned_with_the_table() {
    let rkd = cluster();
    let home = rkd.dir.path().join("home-rkctl");
    std::fs::create_dir_all(&home).unwrap();
    let mut child = std::process::Command::new(rk_e2e::rkctl_bin())
        .env("HOME", &home)
        .env("KUBECONFIG", rkd.kubeconfig())
        .args(["get", "pods", "-w"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    let next = || {
        rx.recv_timeout(std::time::Duration::from_secs(20))
            .expect("a line from rkctl get -w")
    };
    let header = next();
    assert!(
        header.starts_with("NAME    READY   STATUS    RESTARTS   AGE"),
        "{header}"
    );
    assert!(next().starts_with("alpha   0/1     Pending   0 "));
    assert!(next().starts_with("beta    0/1     Pending   0 "));
    ok_stdout(&rkd.kubectl(33, &["run", "watched", "--image=busybox"]));
    let row = next();
    let _ = child.kill();
    let _ = child.wait();
    // The new row keeps the columns of the table printed before it.
    assert!(
        row.starts_with("watched   0/1     Pending   0          0s")
            || row.starts_with("watched   0/1     Pending   0          1s"),
        "{row:?}"
    );
}
