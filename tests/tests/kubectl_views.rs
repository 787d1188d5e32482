//! What kubectl prints from rk's answers, with kubectl 1.27 and 1.33: api-resources, tables
//! (plain, -o wide, --show-labels, --sort-by), `get all`, `describe` of a pod, a deployment, a
//! node and a service (with the pod's events), `kubectl events`, and `scale`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

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
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Node
metadata:
  name: n1
  labels: {kubernetes.io/hostname: n1}
---
apiVersion: v1
kind: Pod
metadata:
  name: alpha
  labels: {app: web, rank: "2"}
spec:
  containers: [{name: c, image: busybox, resources: {requests: {cpu: 100m}}}]
---
apiVersion: v1
kind: Pod
metadata:
  name: beta
  labels: {app: db, rank: "1"}
spec:
  containers: [{name: c, image: busybox}]
"#;

fn create(rkd: &Rkd, minor: u32, name: &str, manifest: &str) {
    let path = rkd.dir.path().join(format!("{name}.yaml"));
    std::fs::write(&path, manifest).unwrap();
    ok_stdout(&rkd.kubectl(minor, &["create", "--validate=false", "-f", path.to_str().unwrap()]));
}

/// The rows of a table without the header, each as its whitespace-separated cells.
fn rows(table: &str) -> Vec<Vec<String>> {
    table.lines().skip(1).map(|l| l.split_whitespace().map(str::to_string).collect()).collect()
}

fn header(table: &str) -> Vec<String> {
    table.lines().next().unwrap_or("").split_whitespace().map(str::to_string).collect()
}

/// The value on a `Key:   value` line of `kubectl describe`.
fn field<'a>(describe: &'a str, key: &str) -> &'a str {
    describe
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no {key:?} in:\n{describe}"))
}

#[test]
fn kubectl_tables_describe_events_and_scale_read_like_kubernetes() {
    let rkd = Rkd::start("apiserver", &[]);
    create(&rkd, 27, "objects", OBJECTS);
    let uid = ok_stdout(&rkd.kubectl(33, &["get", "pod", "alpha", "-o", "jsonpath={.metadata.uid}"]));
    create(
        &rkd,
        27,
        "event",
        &format!(
            "apiVersion: v1\nkind: Event\nmetadata:\n  name: alpha.1\ninvolvedObject: {{apiVersion: v1, kind: Pod, name: alpha, namespace: default, uid: {uid}}}\nreason: Scheduled\nmessage: Successfully assigned default/alpha to n1\ntype: Normal\nsource: {{component: default-scheduler}}\nfirstTimestamp: \"2026-01-01T00:00:00Z\"\nlastTimestamp: \"2026-01-01T00:00:00Z\"\ncount: 1\n"
        ),
    );

    for minor in [27, 33] {
        let resources = ok_stdout(&rkd.kubectl(minor, &["api-resources"]));
        assert_eq!(header(&resources), ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]);
        for want in ["deployments", "poddisruptionbudgets", "leases", "endpointslices", "priorityclasses"] {
            assert!(resources.lines().any(|l| l.starts_with(want)), "{want} missing:\n{resources}");
        }
        let deploy_row = resources.lines().find(|l| l.starts_with("deployments ")).unwrap();
        assert_eq!(deploy_row.split_whitespace().collect::<Vec<_>>(), ["deployments", "deploy", "apps/v1", "true", "Deployment"]);

        // Tables, with labels, sorted, and wide.
        let pods = ok_stdout(&rkd.kubectl(minor, &["get", "pods", "--show-labels"]));
        assert_eq!(header(&pods), ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "LABELS"]);
        let got: Vec<(String, String)> = rows(&pods).into_iter().map(|r| (r[0].clone(), r[5].clone())).collect();
        assert_eq!(got, [("alpha".into(), "app=web,rank=2".into()), ("beta".into(), "app=db,rank=1".into())]);
        let sorted = ok_stdout(&rkd.kubectl(minor, &["get", "pods", "--sort-by=.metadata.labels.rank", "-o", "name"]));
        assert_eq!(sorted, "pod/beta\npod/alpha\n");
        let sorted = ok_stdout(&rkd.kubectl(minor, &["get", "pods", "--sort-by=.metadata.name"]));
        assert_eq!(rows(&sorted).iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), ["alpha", "beta"]);
        let wide = ok_stdout(&rkd.kubectl(minor, &["get", "deployments", "-o", "wide"]));
        assert_eq!(header(&wide), ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"]);
        let row = &rows(&wide)[0];
        assert_eq!((row[0].as_str(), row[5].as_str(), row[6].as_str(), row[7].as_str()), ("web", "web", "busybox:1.36", "app=web"));
        let yaml = ok_stdout(&rkd.kubectl(minor, &["get", "service", "web", "-o", "yaml"]));
        assert!(yaml.contains("kind: Service") && yaml.contains("targetPort: 8080"), "{yaml}");

        // get all: pods, services and deployments, each named with its kind.
        let all = ok_stdout(&rkd.kubectl(minor, &["get", "all"]));
        for want in ["pod/alpha", "pod/beta", "service/kubernetes", "service/web", "deployment.apps/web"] {
            assert!(all.lines().any(|l| l.starts_with(&format!("{want} "))), "{want} missing:\n{all}");
        }

        // describe.
        let pod = ok_stdout(&rkd.kubectl(minor, &["describe", "pod", "alpha"]));
        assert_eq!(field(&pod, "Name"), "alpha");
        assert_eq!(field(&pod, "Namespace"), "default");
        assert_eq!(field(&pod, "Status"), "Pending");
        assert_eq!(field(&pod, "QoS Class"), "Burstable");
        assert_eq!(field(&pod, "Service Account"), "default");
        assert!(pod.contains("node.kubernetes.io/not-ready:NoExecute op=Exists for 300s"), "{pod}");
        let events = pod.split("Events:").nth(1).unwrap();
        assert!(
            events.contains("Normal  Scheduled") && events.contains("default-scheduler  Successfully assigned default/alpha to n1"),
            "the pod's event is missing from describe:\n{pod}"
        );
        let deploy = ok_stdout(&rkd.kubectl(minor, &["describe", "deployment", "web"]));
        assert_eq!(field(&deploy, "Selector"), "app=web");
        assert_eq!(field(&deploy, "StrategyType"), "RollingUpdate");
        assert_eq!(field(&deploy, "RollingUpdateStrategy"), "25% max unavailable, 25% max surge");
        assert!(field(&deploy, "Replicas").ends_with("desired | 0 updated | 0 total | 0 available | 0 unavailable"), "{deploy}");
        let node = ok_stdout(&rkd.kubectl(minor, &["describe", "node", "n1"]));
        assert_eq!(field(&node, "Name"), "n1");
        assert_eq!(field(&node, "Unschedulable"), "false");
        assert_eq!(field(&node, "Labels"), "kubernetes.io/hostname=n1");
        let service = ok_stdout(&rkd.kubectl(minor, &["describe", "service", "web"]));
        assert_eq!(field(&service, "Type"), "ClusterIP");
        assert_eq!(field(&service, "Selector"), "app=web");
        assert!(field(&service, "IP").starts_with("10.43."), "{service}");
        assert_eq!(field(&service, "TargetPort"), "8080/TCP");

        // kubectl events, all and for one object.
        let events = ok_stdout(&rkd.kubectl(minor, &["events"]));
        assert_eq!(header(&events), ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
        assert!(events.contains("Normal   Scheduled   Pod/alpha   Successfully assigned default/alpha to n1"), "{events}");
        let for_beta = ok_stdout(&rkd.kubectl(minor, &["events", "--for", "pod/beta"]));
        assert!(!for_beta.contains("alpha"), "{for_beta}");

        // scale.
        let replicas = if minor == 27 { "3" } else { "4" };
        assert_eq!(
            ok_stdout(&rkd.kubectl(minor, &["scale", "deployment", "web", &format!("--replicas={replicas}")])).trim(),
            "deployment.apps/web scaled"
        );
        assert_eq!(ok_stdout(&rkd.kubectl(minor, &["get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"])), replicas);
        let stale = rkd.kubectl(minor, &["scale", "deployment", "web", "--current-replicas=1", "--replicas=5"]);
        assert!(!stale.status.success(), "a scale with a wrong --current-replicas must fail");
        assert!(String::from_utf8_lossy(&stale.stderr).contains("Expected replicas to be 1, was"), "{}", String::from_utf8_lossy(&stale.stderr));
    }
}
