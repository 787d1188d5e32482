//! Property test through the real kubectl (a smaller number of cases than the engine-level one in
//! rk-apiserver's patch_props): random sequences of edits of a Deployment — replicas, image,
//! labels, annotations, env vars, a sidecar added, removed or moved, a port — applied with
//! `kubectl apply -f` (1.27 and 1.33 in turn) always leave the live object equal to the last
//! manifest plus defaults.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rk_e2e::{Rkd, ok_stdout};
use serde_json::{Value, json};

#[derive(Clone, Debug)]
struct Manifest {
    replicas: u32,
    tag: u32,
    labels: BTreeMap<String, String>,
    annotations: BTreeMap<String, String>,
    env: Vec<(String, String)>,
    sidecar: Option<bool>,
    port: u32,
}

impl Manifest {
    fn initial() -> Manifest {
        Manifest {
            replicas: 1,
            tag: 1,
            labels: BTreeMap::from([("app".to_string(), "prop".to_string())]),
            annotations: BTreeMap::new(),
            env: vec![("A".into(), "1".into())],
            sidecar: None,
            port: 80,
        }
    }

    /// Edit `what` with parameter `n`.
    fn edit(&mut self, what: u8, n: u32) {
        match what {
            0 => self.replicas = n % 5,
            1 => self.tag = n % 7 + 1,
            2 => {
                self.labels.insert(format!("l{}", n % 4), format!("v{n}"));
            }
            3 => {
                let k = format!("l{}", n % 4);
                self.labels.remove(&k);
            }
            4 => {
                self.annotations
                    .insert(format!("example.com/a{}", n % 3), format!("{n}"));
            }
            5 => {
                let k = format!("example.com/a{}", n % 3);
                self.annotations.remove(&k);
            }
            6 => {
                let name = format!("E{}", n % 4);
                match self.env.iter().position(|(k, _)| *k == name) {
                    Some(i) if n.is_multiple_of(2) => {
                        self.env.remove(i);
                    }
                    Some(i) => self.env[i].1 = format!("{n}"),
                    None => self
                        .env
                        .insert((n as usize) % (self.env.len() + 1), (name, format!("{n}"))),
                }
            }
            7 => {
                self.sidecar = match (self.sidecar, n % 3) {
                    (_, 0) => None,
                    (_, 1) => Some(true),
                    _ => Some(false),
                }
            }
            _ => self.port = 80 + n % 3,
        }
    }

    fn to_json(&self, name: &str, ns: &str) -> Value {
        let nginx = json!({
            "name": "nginx",
            "image": format!("nginx:1.{}", self.tag),
            "ports": [{"containerPort": self.port}],
            "env": self.env.iter().map(|(k, v)| json!({"name": k, "value": v})).collect::<Vec<_>>(),
        });
        let sidecar =
            json!({"name": "sidecar", "image": "busybox:1.36", "command": ["sleep", "infinity"]});
        let containers = match self.sidecar {
            None => vec![nginx],
            Some(true) => vec![sidecar, nginx],
            Some(false) => vec![nginx, sidecar],
        };
        let mut metadata = json!({"name": name, "namespace": ns, "labels": self.labels});
        if !self.annotations.is_empty() {
            metadata["annotations"] = json!(self.annotations);
        }
        json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": metadata,
            "spec": {
                "replicas": self.replicas,
                "selector": {"matchLabels": {"run": name}},
                "template": {"metadata": {"labels": {"run": name}}, "spec": {"containers": containers}},
            }
        })
    }
}

/// The live object holds exactly what the manifest says, plus defaults.
fn check(live: &Value, m: &Manifest, step: usize) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        live["spec"]["replicas"].as_u64(),
        Some(u64::from(m.replicas)),
        "step {}",
        step
    );
    prop_assert_eq!(
        &live["metadata"]["labels"],
        &json!(m.labels),
        "step {}",
        step
    );
    let mut annotations = live["metadata"]["annotations"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    prop_assert!(
        annotations
            .remove("kubectl.kubernetes.io/last-applied-configuration")
            .is_some()
    );
    prop_assert_eq!(
        Value::Object(annotations),
        json!(m.annotations),
        "step {}",
        step
    );
    let containers = live["spec"]["template"]["spec"]["containers"]
        .as_array()
        .unwrap();
    let names: Vec<&str> = containers
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = match m.sidecar {
        None => vec!["nginx"],
        Some(true) => vec!["sidecar", "nginx"],
        Some(false) => vec!["nginx", "sidecar"],
    };
    prop_assert_eq!(names, want, "step {}", step);
    let nginx = containers.iter().find(|c| c["name"] == "nginx").unwrap();
    prop_assert_eq!(
        nginx["image"].as_str().unwrap(),
        format!("nginx:1.{}", m.tag)
    );
    prop_assert_eq!(
        &nginx["ports"],
        &json!([{"containerPort": m.port, "protocol": "TCP"}]),
        "step {}",
        step
    );
    let env: Vec<(String, String)> = nginx["env"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["name"].as_str().unwrap().to_string(),
                        e["value"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    prop_assert_eq!(env, m.env.clone(), "step {}", step);
    prop_assert_eq!(
        nginx["imagePullPolicy"].as_str(),
        Some("IfNotPresent"),
        "defaults stay"
    );
    prop_assert_eq!(
        live["spec"]["strategy"]["type"].as_str(),
        Some("RollingUpdate"),
        "defaults stay"
    );
    Ok(())
}

#[test]
fn random_edit_sequences_applied_with_kubectl_leave_the_last_manifest_plus_defaults() {
    let rkd = Rkd::start("apiserver", &[]);
    let ns = rkd.dir.path().join("ns.yaml");
    std::fs::write(
        &ns,
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prop\n",
    )
    .unwrap();
    ok_stdout(&rkd.kubectl(33, &["apply", "-f", ns.to_str().unwrap()]));
    let mut runner = TestRunner::new(Config {
        cases: 6,
        failure_persistence: None,
        ..Config::default()
    });
    let case = std::cell::Cell::new(0u32);
    let edits = proptest::collection::vec((0u8..9, any::<u32>()), 2..5);
    runner
        .run(&edits, |edits| {
            case.set(case.get() + 1);
            let minor = if case.get().is_multiple_of(2) { 27 } else { 33 };
            let name = format!("prop{}", case.get());
            let file = rkd.dir.path().join(format!("{name}.json"));
            let mut m = Manifest::initial();
            let apply = |m: &Manifest| {
                std::fs::write(&file, m.to_json(&name, "prop").to_string()).unwrap();
                ok_stdout(&rkd.kubectl(minor, &["apply", "-f", file.to_str().unwrap()]));
                let live: Value = serde_json::from_str(&ok_stdout(&rkd.kubectl(
                    minor,
                    &["get", "deployment", &name, "-n", "prop", "-o", "json"],
                )))
                .unwrap();
                live
            };
            check(&apply(&m), &m, 0)?;
            for (step, (what, n)) in edits.iter().enumerate() {
                m.edit(*what, *n);
                check(&apply(&m), &m, step + 1)?;
            }
            Ok(())
        })
        .unwrap();
}
