//! rkctl's mutating commands against kubectl 1.33 on one `rkd server` with two simulated nodes:
//! create generators (`--dry-run=client -o yaml` documents and the creates' messages), run,
//! expose, patch, set image, rollout, cordon/uncordon, taint, drain, wait and events — each
//! compared byte for byte (stdout, stderr, exit code) with kubectl's, running the two one after
//! the other on the same state (state-changing commands are undone between the runs).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Output;
use std::time::Duration;

use rk_e2e::{Agent, Rkd, ok_stdout, wait_for};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn show(o: &Output) -> String {
    format!("(exit {:?})\n{}{}", o.status.code(), text(&o.stdout), text(&o.stderr))
}

fn assert_same(args: &[&str], k: &Output, r: &Output) {
    assert!(
        k.stdout == r.stdout && k.stderr == r.stderr && k.status.code() == r.status.code(),
        "rkctl {args:?} differs from kubectl:\n--- kubectl {}\n--- rkctl {}",
        show(k),
        show(r)
    );
}

/// A command that changes nothing (or fails the same way twice): both run on the same state.
fn same(rkd: &Rkd, args: &[&str]) {
    let k = rkd.kubectl(33, args);
    let r = rkd.rkctl(args);
    assert_same(args, &k, &r);
}

/// A state-changing command: kubectl runs it, `undo` restores the state, rkctl runs it.
fn same_after_undo(rkd: &Rkd, args: &[&str], undo: &[&str]) {
    let k = rkd.kubectl(33, args);
    ok_stdout(&rkd.kubectl(33, undo));
    let r = rkd.rkctl(args);
    assert_same(args, &k, &r);
}

fn cluster() -> (Rkd, Agent) {
    let rkd = Rkd::start("server", &[]);
    let agent = Agent::start(
        &rkd,
        "agent.log",
        &["--runtime", "sim", "--nodes", "2", "--node-heartbeat-interval", "1s"],
    );
    wait_for("two Ready nodes", Duration::from_secs(30), || {
        let o = rkd.rkctl(&["get", "nodes", "--no-headers"]);
        let t = text(&o.stdout);
        (t.matches(" Ready ").count() == 2).then_some(())
    });
    (rkd, agent)
}

const GENERATORS: &[&[&str]] = &[
    &["create", "deployment", "web", "--image=nginx"],
    &["create", "deployment", "web", "--image=nginx", "--image=redis:7", "--replicas=3", "--port=80"],
    &["create", "configmap", "cm", "--from-literal=a=b", "--from-literal=c=d"],
    &["create", "secret", "generic", "s", "--from-literal=a=b", "--type=Opaque"],
    &["create", "secret", "docker-registry", "d", "--docker-server=r.io", "--docker-username=u", "--docker-password=p", "--docker-email=e@x"],
    &["create", "service", "clusterip", "c", "--tcp=80"],
    &["create", "service", "clusterip", "h", "--clusterip=None"],
    &["create", "service", "nodeport", "n", "--tcp=80:8080", "--node-port=30080"],
    &["create", "service", "loadbalancer", "l", "--tcp=443:8443,80"],
    &["create", "service", "externalname", "x", "--external-name=a.b.c"],
    &["create", "namespace", "n"],
    &["create", "serviceaccount", "sa"],
    &["create", "cronjob", "cj", "--image=busybox", "--schedule=*/5 * * * *"],
    &["create", "role", "r", "--verb=get,list", "--resource=pods,deployments.apps", "--resource-name=x"],
    &["create", "clusterrole", "cr", "--verb=get", "--non-resource-url=/logs/*"],
    &["create", "rolebinding", "rb", "--clusterrole=view", "--user=bob", "--serviceaccount=default:sa", "--group=g"],
    &["create", "clusterrolebinding", "crb", "--clusterrole=view", "--user=bob"],
    &["create", "pdb", "p", "--selector=app=web", "--min-available=1"],
    &["create", "pdb", "p2", "--selector=app=web", "--max-unavailable=50%"],
    &["create", "priorityclass", "pc", "--value=1000", "--description=hi"],
    &["create", "quota", "q", "--hard=pods=10,cpu=1", "--scopes=BestEffort"],
    &["create", "ingress", "i", "--rule=foo.com/bar*=svc:8080,tls=sec"],
    &["create", "ingress", "i2", "--rule=/x=svc:http", "--class=nginx", "--default-backend=d:80"],
    &["run", "p", "--image=nginx", "--port=80", "--labels=a=b", "--env=X=1"],
    &["run", "p", "--image=nginx", "--restart=Never"],
];

#[test]
fn generators_print_the_documents_and_messages_kubectl_prints() {
    let (rkd, _agent) = cluster();
    for g in GENERATORS {
        for extra in [&["--dry-run=client", "-o", "yaml"][..], &["--dry-run=client"][..], &["--dry-run=server", "-o", "name"][..]] {
            let mut args = g.to_vec();
            args.extend_from_slice(extra);
            same(&rkd, &args);
        }
    }
    // Real creates: rkctl's message, then both fail alike on the duplicate.
    for (args, said) in [
        (&["create", "configmap", "cm", "--from-literal=a=b"][..], "configmap/cm created\n"),
        (&["create", "deployment", "web", "--image=nginx"][..], "deployment.apps/web created\n"),
        (&["create", "secret", "generic", "s", "--from-literal=a=b"][..], "secret/s created\n"),
        (&["create", "service", "clusterip", "web", "--tcp=80"][..], "service/web created\n"),
        (&["create", "namespace", "team"][..], "namespace/team created\n"),
        (&["create", "role", "r", "--verb=get", "--resource=pods"][..], "role.rbac.authorization.k8s.io/r created\n"),
    ] {
        assert_eq!(ok_stdout(&rkd.rkctl(args)), said);
        same(&rkd, args);
    }
    same(&rkd, &["create", "deployment", "x"]);
    same(&rkd, &["create", "configmap", "x", "--from-literal=a=b", "--from-env-file=/dev/null"]);
    // expose reads the deployment's selector and writes what kubectl writes.
    same(&rkd, &["expose", "deploy/web", "--port=80", "--target-port=8080", "--dry-run=client", "-o", "yaml"]);
    same_after_undo(&rkd, &["expose", "deploy", "web", "--port=81", "--name=web2"], &["delete", "svc", "web2"]);
}

#[test]
fn rollouts_patches_and_waits_read_like_kubectl() {
    let (rkd, _agent) = cluster();
    ok_stdout(&rkd.rkctl(&["create", "deployment", "web", "--image=nginx:1", "--replicas=2"]));
    let done = ok_stdout(&rkd.rkctl(&["rollout", "status", "deploy/web", "--timeout=60s"]));
    assert!(done.ends_with("deployment \"web\" successfully rolled out\n"), "{done}");
    same_after_undo(&rkd, &["set", "image", "deploy/web", "nginx=nginx:2"], &["set", "image", "deploy/web", "nginx=nginx:1"]);
    ok_stdout(&rkd.rkctl(&["set", "image", "deploy/web", "nginx=nginx:2"]));
    ok_stdout(&rkd.rkctl(&["rollout", "status", "deploy/web", "--timeout=60s"]));
    same(&rkd, &["rollout", "history", "deploy/web"]);
    same(&rkd, &["set", "image", "deploy/web", "nope=x"]);
    same_after_undo(&rkd, &["rollout", "pause", "deploy/web"], &["rollout", "resume", "deploy/web"]);
    ok_stdout(&rkd.rkctl(&["rollout", "resume", "deploy/web"]));
    same(&rkd, &["rollout", "resume", "deploy/web"]);
    ok_stdout(&rkd.rkctl(&["rollout", "pause", "deploy/web"]));
    same(&rkd, &["rollout", "pause", "deploy/web"]);
    ok_stdout(&rkd.rkctl(&["rollout", "resume", "deploy/web"]));
    same(&rkd, &["rollout", "undo", "deploy/web", "--to-revision=9"]);
    same(&rkd, &["patch", "deploy", "web", "-p", r#"{"spec":{"replicas":2}}"#]);
    same(&rkd, &["patch", "deploy/web", "--type=json", "-p", r#"[{"op":"replace","path":"/spec/replicas","value":2}]"#]);
    same(&rkd, &["patch", "deploy/web"]);
    same_after_undo(&rkd, &["patch", "deploy/web", "--type=merge", "-p", r#"{"spec":{"replicas":3}}"#], &["scale", "deploy/web", "--replicas=2"]);
    let undone = ok_stdout(&rkd.rkctl(&["rollout", "undo", "deploy/web"]));
    assert_eq!(undone, "deployment.apps/web rolled back\n");
    ok_stdout(&rkd.rkctl(&["rollout", "status", "deploy/web", "--timeout=60s"]));
    same(&rkd, &["rollout", "history", "deploy/web"]);
    let restarted = ok_stdout(&rkd.rkctl(&["rollout", "restart", "deploy/web"]));
    assert_eq!(restarted, "deployment.apps/web restarted\n");

    ok_stdout(&rkd.rkctl(&["run", "q", "--image=busybox", "--restart=Never"]));
    same(&rkd, &["wait", "--for=condition=Ready", "pod/q", "--timeout=30s"]);
    same(&rkd, &["wait", "--for=jsonpath={.status.phase}=Running", "pod/q", "--timeout=30s"]);
    same(&rkd, &["wait", "--for=condition=Bogus", "pod/q", "--timeout=1s"]);
    same(&rkd, &["events", "--for=pod/q", "--types=Warning"]);
    ok_stdout(&rkd.rkctl(&["delete", "pod", "q", "--wait=false"]));
    let gone = rkd.rkctl(&["wait", "--for=delete", "pod/q", "--timeout=30s"]);
    assert_eq!(gone.status.code(), Some(0), "{}", show(&gone));
}

#[test]
fn nodes_cordon_taint_and_drain_like_kubectl() {
    let (rkd, _agent) = cluster();
    same_after_undo(&rkd, &["cordon", "sim-0"], &["uncordon", "sim-0"]);
    ok_stdout(&rkd.rkctl(&["cordon", "sim-0"]));
    same(&rkd, &["cordon", "sim-0"]);
    same_after_undo(&rkd, &["uncordon", "sim-0"], &["cordon", "sim-0"]);
    ok_stdout(&rkd.rkctl(&["uncordon", "sim-0"]));
    same_after_undo(&rkd, &["taint", "nodes", "sim-0", "k=v:NoSchedule"], &["taint", "nodes", "sim-0", "k-"]);
    same(&rkd, &["taint", "nodes", "sim-0", "k=w:NoSchedule"]);
    same_after_undo(&rkd, &["taint", "nodes", "sim-0", "k:NoSchedule-"], &["taint", "nodes", "sim-0", "k=v:NoSchedule"]);
    same(&rkd, &["taint", "nodes", "sim-0", "k-"]);

    // A bare pod on sim-1: drain refuses it without --force, in kubectl's words.
    let pod = r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bare"},"spec":{"nodeName":"sim-1","containers":[{"name":"c","image":"busybox"}]}}"#;
    let file = rkd.dir.path().join("bare.json");
    std::fs::write(&file, pod).unwrap();
    ok_stdout(&rkd.rkctl(&["create", "-f", file.to_str().unwrap()]));
    same_after_undo(&rkd, &["drain", "sim-1", "--timeout=30s"], &["uncordon", "sim-1"]);
    ok_stdout(&rkd.rkctl(&["uncordon", "sim-1"]));
    let drained = ok_stdout(&rkd.rkctl(&["drain", "sim-1", "--force", "--timeout=60s"]));
    assert_eq!(
        drained,
        "node/sim-1 cordoned\nevicting pod default/bare\npod/bare evicted\nnode/sim-1 drained\n"
    );
}
