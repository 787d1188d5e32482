//! What the kubelet does with a pod spec, on a real one-machine cluster (`rkd up`: the control
//! plane and a node agent over a managed containerd), driven with the real kubectl: readiness
//! (exec and httpGet) probes → Ready, a failing liveness probe → restart, ConfigMap/Secret env
//! and volumes, the service account volume, a memory emptyDir and runAsUser visible inside (the
//! containers print what they see to their log files), init containers in order, preStop
//! within the grace period, a memory limit → OOMKilled, the events of it all, and the node's
//! measured capacity and conditions. `rkd reset` cleans up, even on failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cri_support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rk_e2e::{Rkd, ok_stdout, wait_for};
use serde_json::{Value, json};

const KUBECTL: u32 = 33;
const IMAGE: &str = "localhost/rk/busybox:1";

/// `rkd up` that is stopped and reset when dropped.
struct Cluster {
    rkd: Rkd,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.rkd.stop();
        let _ = std::process::Command::new(rk_e2e::rkd_bin())
            .args(["reset", "--data-dir"])
            .arg(self.rkd.dir.path())
            .output();
    }
}

impl Cluster {
    fn kubectl(&self, args: &[&str]) -> std::process::Output {
        self.rkd.kubectl(KUBECTL, args)
    }

    fn pod(&self, name: &str) -> Option<Value> {
        let out = self.kubectl(&["get", "pod", name, "-o", "json"]);
        out.status
            .success()
            .then(|| serde_json::from_slice(&out.stdout).unwrap())
    }

    fn wait_pod(&self, what: &str, name: &str, f: impl Fn(&Value) -> bool) -> Value {
        let deadline = std::time::Instant::now() + Duration::from_secs(90);
        loop {
            let pod = self.pod(name);
            if let Some(p) = pod.as_ref().filter(|p| f(p)) {
                return p.clone();
            }
            assert!(
                std::time::Instant::now() < deadline,
                "timed out waiting for {what}; last seen: {pod:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// What a container printed (the CRI log file under the agent's pod log directory).
    fn log(&self, pod: &Value, container: &str) -> String {
        let dir = format!(
            "default_{}_{}",
            pod["metadata"]["name"].as_str().unwrap(),
            pod["metadata"]["uid"].as_str().unwrap()
        );
        let file: PathBuf = self
            .rkd
            .dir
            .path()
            .join("pods")
            .join(dir)
            .join(container)
            .join("0.log");
        std::fs::read_to_string(file)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.splitn(4, ' ').nth(3))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn condition<'a>(pod: &'a Value, kind: &str) -> &'a str {
    pod["status"]["conditions"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == kind))
        .and_then(|c| c["status"].as_str())
        .unwrap_or("")
}

fn container(name: &str, script: &str) -> Value {
    json!({"name": name, "image": IMAGE, "command": ["sh", "-c", script]})
}

fn pod(name: &str, spec: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"}, "spec": spec})
}

fn objects(prestop_dir: &Path) -> Value {
    let mut ready = container("web", "sleep 2; touch /tmp/ready; sleep 3600");
    ready["readinessProbe"] =
        json!({"exec": {"command": ["cat", "/tmp/ready"]}, "periodSeconds": 1});
    let mut live = container(
        "web",
        "touch /tmp/alive; sleep 2; rm /tmp/alive; sleep 3600",
    );
    live["livenessProbe"] = json!({"exec": {"command": ["test", "-f", "/tmp/alive"]}, "periodSeconds": 1, "failureThreshold": 1});
    let mut config = container(
        "show",
        "echo GREETING=$GREETING; echo PW=$PW; echo POD=$POD_NAME; echo FILE=$(cat /etc/cfg/greeting); \
         echo SECRET=$(cat /etc/sec/password); echo NS=$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace); \
         test -s /var/run/secrets/kubernetes.io/serviceaccount/token && echo TOKEN=yes; \
         grep -q BEGIN /var/run/secrets/kubernetes.io/serviceaccount/ca.crt && echo CA=yes; \
         grep -q ' /cache tmpfs ' /proc/mounts && echo CACHE=tmpfs; echo UID=$(id -u); sleep 3600",
    );
    config["env"] = json!([
        {"name": "GREETING", "valueFrom": {"configMapKeyRef": {"name": "cm1", "key": "greeting"}}},
        {"name": "PW", "valueFrom": {"secretKeyRef": {"name": "s1", "key": "password"}}},
        {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}
    ]);
    config["volumeMounts"] = json!([
        {"name": "cfg", "mountPath": "/etc/cfg"},
        {"name": "sec", "mountPath": "/etc/sec"},
        {"name": "kube-api-access-test", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true},
        {"name": "cache", "mountPath": "/cache"}
    ]);
    config["securityContext"] = json!({"runAsUser": 1000});
    let mut http = container(
        "web",
        "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www",
    );
    http["ports"] = json!([{"name": "http", "containerPort": 8080}]);
    http["readinessProbe"] =
        json!({"httpGet": {"path": "/index.html", "port": "http"}, "periodSeconds": 1});
    // Up to 30 failures in a row before a restart: httpd may take seconds to listen on a
    // loaded machine, and the assertion below is that a listening server is never restarted.
    http["livenessProbe"] =
        json!({"tcpSocket": {"port": 8080}, "periodSeconds": 1, "failureThreshold": 30});
    let mut init_main = container("main", "cat /work/order; sleep 3600");
    init_main["volumeMounts"] = json!([{"name": "work", "mountPath": "/work"}]);
    let mut i1 = container("first", "echo one >> /work/order");
    i1["volumeMounts"] = init_main["volumeMounts"].clone();
    let mut i2 = container("second", "echo two >> /work/order");
    i2["volumeMounts"] = init_main["volumeMounts"].clone();
    let mut stop = container("web", "trap '' TERM; sleep 3600");
    stop["lifecycle"] =
        json!({"preStop": {"exec": {"command": ["sh", "-c", "echo bye > /out/prestop"]}}});
    stop["volumeMounts"] = json!([{"name": "out", "mountPath": "/out"}]);
    // dd, the container's process, is OOM-killed at the limit (containerd's OOM event may come
    // after the exit: the runtime asks again for a recent non-zero exit instead of caching it).
    let mut oom = container("hog", "exec dd if=/dev/zero of=/dev/null bs=256M count=1");
    oom["resources"] = json!({"limits": {"memory": "32Mi"}});
    json!({"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm1", "namespace": "default"}, "data": {"greeting": "hello"}},
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s1", "namespace": "default"}, "data": {"password": "c2VjcmV0"}},
        pod("ready", json!({"containers": [ready]})),
        pod("http", json!({"containers": [http]})),
        pod("live", json!({"terminationGracePeriodSeconds": 2, "containers": [live]})),
        pod("config", json!({"containers": [config], "volumes": [
            {"name": "cfg", "configMap": {"name": "cm1"}},
            {"name": "sec", "secret": {"secretName": "s1"}},
            {"name": "cache", "emptyDir": {"medium": "Memory"}},
            {"name": "kube-api-access-test", "projected": {"defaultMode": 420, "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]}}]})),
        pod("init", json!({"initContainers": [i1, i2], "containers": [init_main], "volumes": [{"name": "work", "emptyDir": {}}]})),
        pod("prestop", json!({"terminationGracePeriodSeconds": 3, "containers": [stop],
            "volumes": [{"name": "out", "hostPath": {"path": prestop_dir, "type": "DirectoryOrCreate"}}]})),
        pod("oom", json!({"restartPolicy": "Never", "containers": [oom]})),
    ]})
}

#[test]
fn a_real_node_runs_what_pod_specs_ask_for() {
    let out_dir = tempfile::tempdir().unwrap();
    let prestop_dir = out_dir.path().join("prestop");
    let cluster = Cluster {
        rkd: Rkd::start(
            "up",
            &[
                "--node-name",
                "podspec-node",
                "--cluster-cidr",
                "10.233.0.0/16",
            ],
        ),
    };
    let file = out_dir.path().join("objects.json");
    std::fs::write(&file, objects(&prestop_dir).to_string()).unwrap();
    let created = cluster.kubectl(&["create", "-f", file.to_str().unwrap()]);
    assert!(
        created.status.success(),
        "kubectl create: {}\nrkd log:\n{}",
        String::from_utf8_lossy(&created.stderr),
        cluster.rkd.log()
    );

    // Readiness: the pod turns Ready once its probe passes.
    let p = cluster.wait_pod("pod ready to be Ready", "ready", |p| {
        condition(p, "Ready") == "True"
    });
    assert_eq!(p["status"]["containerStatuses"][0]["ready"], true);
    assert_eq!(condition(&p, "ContainersReady"), "True");

    // httpGet readiness (by port name) and tcpSocket liveness against the pod's address.
    let p = cluster.wait_pod("pod http to be Ready", "http", |p| {
        condition(p, "Ready") == "True"
    });
    assert_eq!(p["status"]["containerStatuses"][0]["restartCount"], 0);

    // Liveness: the container is killed and restarted, with its last state.
    let p = cluster.wait_pod("pod live to restart", "live", |p| {
        p["status"]["containerStatuses"][0]["restartCount"]
            .as_i64()
            .unwrap_or(0)
            >= 1
    });
    assert!(
        p["status"]["containerStatuses"][0]["lastState"]["terminated"].is_object(),
        "{p}"
    );

    // ConfigMap/Secret env and volumes, and the service account volume, seen inside.
    let p = cluster.wait_pod("pod config to run", "config", |p| {
        p["status"]["phase"] == "Running"
    });
    let seen = wait_for("the config pod's output", Duration::from_secs(30), || {
        let log = cluster.log(&p, "show");
        log.contains("UID=").then_some(log)
    });
    let wanted = [
        "GREETING=hello",
        "PW=secret",
        "POD=config",
        "FILE=hello",
        "SECRET=secret",
        "NS=default",
        "TOKEN=yes",
        "CA=yes",
        "CACHE=tmpfs",
        "UID=1000",
    ];
    for line in wanted {
        assert!(
            seen.lines().any(|l| l == line),
            "{line} missing from:\n{seen}"
        );
    }

    // Init containers ran in order before the main container.
    let p = cluster.wait_pod("pod init to run", "init", |p| {
        p["status"]["phase"] == "Running"
    });
    for s in p["status"]["initContainerStatuses"].as_array().unwrap() {
        assert_eq!(s["state"]["terminated"]["reason"], "Completed", "{s}");
    }
    let order = wait_for("the init pod's output", Duration::from_secs(30), || {
        let log = cluster.log(&p, "main");
        (!log.is_empty()).then_some(log)
    });
    assert_eq!(order, "one\ntwo");

    // A memory limit is enforced: OOMKilled.
    // (containerd may report the OOM kill a moment after the exit: the relist catches it.)
    let p = cluster.wait_pod("pod oom to fail as OOMKilled", "oom", |p| {
        p["status"]["phase"] == "Failed"
            && p["status"]["containerStatuses"][0]["state"]["terminated"]["reason"] == "OOMKilled"
    });
    let t = &p["status"]["containerStatuses"][0]["state"]["terminated"];
    assert_eq!(
        (t["reason"].as_str(), t["exitCode"].as_i64()),
        (Some("OOMKilled"), Some(137)),
        "{p}"
    );

    // preStop runs before the container is stopped; a TERM-ignoring container is killed after
    // the grace period and the pod goes away.
    cluster.wait_pod("pod prestop to run", "prestop", |p| {
        p["status"]["phase"] == "Running"
    });
    ok_stdout(&cluster.kubectl(&["delete", "pod", "prestop", "--wait=true", "--timeout=60s"]));
    assert_eq!(
        std::fs::read_to_string(prestop_dir.join("prestop")).unwrap(),
        "bye\n"
    );

    // The real node reports what it measured: ephemeral storage, allocatable below capacity,
    // and no pressure.
    let node: Value = serde_json::from_str(&ok_stdout(&cluster.kubectl(&[
        "get",
        "node",
        "podspec-node",
        "-o",
        "json",
    ])))
    .unwrap();
    let ki = |v: &Value| {
        v.as_str()
            .and_then(|s| s.strip_suffix("Ki"))
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap()
    };
    let status = &node["status"];
    assert!(ki(&status["capacity"]["ephemeral-storage"]) > 0, "{status}");
    assert!(
        ki(&status["allocatable"]["memory"]) < ki(&status["capacity"]["memory"]),
        "{status}"
    );
    for c in status["conditions"].as_array().unwrap() {
        let expected = if c["type"] == "Ready" {
            "True"
        } else {
            "False"
        };
        assert_eq!(c["status"], expected, "{c}");
    }

    // Events as kubelet records them.
    let events: Value = serde_json::from_str(&ok_stdout(
        &cluster.kubectl(&["get", "events", "-o", "json"]),
    ))
    .unwrap();
    let has = |pod: &str, reason: &str, needle: &str| {
        events["items"].as_array().unwrap().iter().any(|e| {
            e["involvedObject"]["name"] == pod
                && e["reason"] == reason
                && e["message"].as_str().is_some_and(|m| m.contains(needle))
        })
    };
    assert!(
        has("ready", "Pulled", "already present on machine"),
        "{events}"
    );
    assert!(has("ready", "Started", "Started container web"), "{events}");
    assert!(
        has("live", "Unhealthy", "Liveness probe failed"),
        "{events}"
    );
    assert!(
        has(
            "live",
            "Killing",
            "failed liveness probe, will be restarted"
        ),
        "{events}"
    );
    assert!(
        has("prestop", "Killing", "Stopping container web"),
        "{events}"
    );
}
