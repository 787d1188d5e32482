//! Property test: random edits of real manifests (`tests/manifests/`), applied in sequence as
//! kubectl's client-side apply does — the three-way strategic merge patch from the last-applied
//! annotation, the new manifest and the live object, applied by the server's PATCH path and
//! defaulted — always leave the live object equal to the last manifest plus defaults. Edits are
//! of valid manifests only (the API refuses others), and do not touch the fields other defaults
//! depend on (see [`DEPENDED_ON`]).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use rk_api::patch::{Schema, three_way};
use rk_api::resources::ResourceInfo;
use serde_json::{Value, json};

use crate::apply::LAST_APPLIED;

const MANIFESTS: &[&str] = &[
    "AI/vllm-deployment/vllm-deployment.yaml",
    "application/deployment-retainkeys.yaml",
    "application/deployment-sidecar.yaml",
    "application/mysql/mysql-statefulset.yaml",
    "controllers/fluentd-daemonset.yaml",
    "controllers/job-pod-failure-policy-example.yaml",
    "deployments/deployment-with-low-priorityclass.yaml",
    "deployments/deployment-with-configmap-as-envvar.yaml",
    "pods/lifecycle-events.yaml",
    "pods/pod-with-affinity-anti-affinity.yaml",
    "pods/storage/projected-secret-downwardapi-configmap.yaml",
    "pods/security/security-context.yaml",
    "pods/probe/tcp-liveness-readiness.yaml",
    "service/networking/networkpolicy.yaml",
    "policy/zookeeper-pod-disruption-budget-minavailable.yaml",
    "configmap/immutable-configmap.yaml",
];

pub(crate) fn manifest(path: &str) -> Value {
    let full = format!(
        "{}/../../tests/manifests/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    crate::apply::decode_config(text.as_bytes()).unwrap_or_else(|e| panic!("{full}: {}", e.message))
}

pub(crate) fn resource_of(obj: &Value) -> &'static ResourceInfo {
    let api_version = obj["apiVersion"].as_str().unwrap();
    let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
    let kind = obj["kind"].as_str().unwrap();
    rk_api::resources::all()
        .iter()
        .find(|r| r.group == group && r.version == version && r.kind == kind)
        .unwrap()
}

/// The node at each JSON pointer of `v` (the root excluded), with the schema of the node, the
/// merge key of the list it is in (for list items) and its own field metadata.
fn nodes(
    v: &Value,
    schema: Schema<'_>,
    meta: rk_api::patch::PatchMeta,
    ptr: String,
    parent_key: &str,
    out: &mut Vec<(String, rk_api::patch::PatchMeta, String, bool)>,
) {
    match v {
        Value::Object(m) => {
            let is_map = !schema.is_struct();
            if !ptr.is_empty() {
                out.push((ptr.clone(), meta, parent_key.to_string(), is_map));
            }
            for (k, child) in m {
                let (s, cm) = schema.field(k);
                nodes(
                    child,
                    s,
                    cm,
                    format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1")),
                    "",
                    out,
                );
            }
        }
        Value::Array(items) => {
            out.push((ptr.clone(), meta.clone(), parent_key.to_string(), false));
            for (i, item) in items.iter().enumerate() {
                nodes(
                    item,
                    schema.items(),
                    Default::default(),
                    format!("{ptr}/{i}"),
                    &meta.merge_key,
                    out,
                );
            }
        }
        _ => out.push((ptr, meta, parent_key.to_string(), false)),
    }
}

/// Fields other fields' defaults depend on (image → imagePullPolicy, podFailurePolicy →
/// podReplacementPolicy): like Kubernetes, the server does not recompute a default the live
/// object already has, so removing them is not an edit this property can speak about.
const DEPENDED_ON: &[&str] = &["image", "podFailurePolicy"];

const PROTECTED: &[&str] = &[
    "/apiVersion",
    "/kind",
    "/metadata",
    "/metadata/name",
    "/metadata/namespace",
];

/// One random edit: change a scalar, remove a field, add a map entry, remove, reorder or add a
/// list item. Edits that would leave a merge list with a duplicate or missing key are skipped,
/// as the API would refuse such a manifest.
fn mutate(doc: &Value, schema: Schema<'_>, seed: u64) -> Value {
    let mut out = doc.clone();
    let mut all = Vec::new();
    nodes(doc, schema, Default::default(), String::new(), "", &mut all);
    all.retain(|(p, ..)| !PROTECTED.contains(&p.as_str()));
    if all.is_empty() {
        return out;
    }
    let (ptr, meta, item_key, is_map) = all[(seed % all.len() as u64) as usize].clone();
    let choice = (seed / 1009) % 3;
    let (parent_ptr, last) = ptr.rsplit_once('/').unwrap_or(("", ""));
    let Some(node) = out.pointer_mut(&ptr) else {
        return out;
    };
    match node {
        // Keep an image's tag: the pull policy's default depends on it and, as upstream, is not
        // recomputed for a live object.
        Value::String(s) if last == "image" => match s.rsplit_once(':') {
            Some((repo, tag)) => *s = format!("{repo}-e:{tag}"),
            None => s.push_str("-e"),
        },
        Value::String(s) => s.push_str("-e"),
        Value::Number(n) if n.is_i64() => *node = json!(n.as_i64().unwrap() + 1),
        Value::Bool(b) => *b = !*b,
        Value::Object(m) if choice == 1 && is_map => {
            m.insert(format!("rk-edit-{}", seed % 97), json!("v"));
        }
        Value::Object(m) if !m.is_empty() => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let k = &keys[((seed / 13) % keys.len() as u64) as usize];
            if *k != item_key && !DEPENDED_ON.contains(&k.as_str()) {
                m.remove(k);
            }
        }
        Value::Array(items) if !items.is_empty() => match choice {
            0 => {
                items.remove(((seed / 17) % items.len() as u64) as usize);
            }
            1 => items.reverse(),
            _ => {
                if let Some(key) = Some(meta.merge_key.clone()).filter(|k| !k.is_empty()) {
                    let mut copy = items[0].clone();
                    if let Some(Value::String(s)) = copy.get_mut(&key) {
                        s.push_str("-c");
                        items.push(copy);
                    }
                }
            }
        },
        _ => {}
    }
    let _ = parent_ptr;
    // A list's merge key must stay present and unique, and the result must be valid: the API
    // refuses other manifests.
    if merge_lists_are_sound(&out, schema) && is_valid(&out) {
        out
    } else {
        doc.clone()
    }
}

fn is_valid(manifest: &Value) -> bool {
    let r = resource_of(manifest);
    let mut obj = manifest.clone();
    obj["metadata"]["uid"] = json!(UID);
    crate::strategy::apply_defaults(r, &mut obj);
    crate::strategy::validate(r, &obj).is_empty()
}

const UID: &str = "00000000-0000-0000-0000-000000000001";

fn merge_lists_are_sound(v: &Value, schema: Schema<'_>) -> bool {
    match v {
        Value::Object(m) => m.iter().all(|(k, child)| {
            let (s, meta) = schema.field(k);
            if let (Value::Array(items), false) = (child, meta.merge_key.is_empty()) {
                let keys: Vec<Option<&Value>> =
                    items.iter().map(|i| i.get(&meta.merge_key)).collect();
                if keys.iter().any(Option::is_none) {
                    return false;
                }
                if (1..keys.len()).any(|i| keys[..i].contains(&keys[i])) {
                    return false;
                }
                return items.iter().all(|i| merge_lists_are_sound(i, s.items()));
            }
            merge_lists_are_sound(child, s)
        }),
        Value::Array(items) => items
            .iter()
            .all(|i| merge_lists_are_sound(i, schema.items())),
        _ => true,
    }
}

/// The manifest as kubectl sends it: with the last-applied annotation of itself.
pub(crate) fn with_last_applied(manifest: &Value) -> Value {
    let mut m = manifest.clone();
    if m["metadata"].get("annotations").is_none() {
        m["metadata"]["annotations"] = json!({});
    }
    let text = m.to_string();
    m["metadata"]["annotations"][LAST_APPLIED] = Value::String(text);
    m
}

fn without_server_fields(mut v: Value) -> Value {
    if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        for k in ["uid", "creationTimestamp", "generation", "resourceVersion"] {
            m.remove(k);
        }
    }
    v
}

/// The pointers where two values differ, with both sides.
fn json_diff(a: &Value, b: &Value, ptr: String, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let p = format!("{ptr}/{k}");
                match (x.get(k), y.get(k)) {
                    (Some(l), Some(r)) => json_diff(l, r, p, out),
                    (l, r) => out.push(format!("{p}: {l:?} != {r:?}")),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (l, r)) in x.iter().zip(y).enumerate() {
                json_diff(l, r, format!("{ptr}/{i}"), out);
            }
        }
        _ if a != b => out.push(format!("{ptr}: {a} != {b}")),
        _ => {}
    }
}

/// Applies the edits of `seeds` in sequence; returns how many changed the manifest.
fn run(path: &str, seeds: &[u64]) -> Result<usize, TestCaseError> {
    let mut edits = 0;
    let mut current = manifest(path);
    let r = resource_of(&current);
    let schema = crate::patch::schema_of(r);
    let mut live = with_last_applied(&current);
    crate::strategy::apply_defaults(r, &mut live);
    live["metadata"]["uid"] = json!(UID);
    live["metadata"]["creationTimestamp"] = json!("2026-01-01T00:00:00Z");
    for (step, seed) in seeds.iter().enumerate() {
        let next = mutate(&current, schema, *seed);
        edits += usize::from(next != current);
        let modified = with_last_applied(&next);
        let original: Value = serde_json::from_str(
            live["metadata"]["annotations"][LAST_APPLIED]
                .as_str()
                .unwrap(),
        )
        .unwrap();
        let patch = three_way::three_way(&original, &modified, &live, schema)
            .map_err(|e| TestCaseError::fail(format!("{path} step {step}: three-way: {e}")))?;
        let mut new = crate::patch::apply(
            crate::patch::Kind::Strategic,
            r,
            &live,
            patch.to_string().as_bytes(),
        )
        .map_err(|e| {
            TestCaseError::fail(format!("{path} step {step}: patch {patch}: {}", e.message))
        })?;
        crate::strategy::apply_defaults(r, &mut new);
        let mut expected = modified.clone();
        expected["metadata"]["uid"] = json!(UID);
        crate::strategy::apply_defaults(r, &mut expected);
        let (got, want) = (
            without_server_fields(new.clone()),
            without_server_fields(expected),
        );
        let mut differences = Vec::new();
        json_diff(&got, &want, String::new(), &mut differences);
        prop_assert!(
            differences.is_empty(),
            "{} step {}: differences {:?}\nmanifest {}\npatch {}",
            path,
            step,
            differences,
            next,
            patch
        );
        prop_assert_eq!(&new["metadata"]["uid"], &live["metadata"]["uid"]);
        live = new;
        current = next;
    }
    Ok(edits)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_applied_as_kubectl_applies_them_leave_the_last_manifest_plus_defaults(
        which in 0..MANIFESTS.len(),
        seeds in proptest::collection::vec(any::<u64>(), 1..6),
    ) {
        run(MANIFESTS[which], &seeds)?;
    }
}

#[test]
fn every_manifest_takes_forty_single_edits() {
    for path in MANIFESTS {
        let mut edits = 0;
        for seed in 0..40u64 {
            edits += run(path, &[seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)]).unwrap();
        }
        assert!(
            edits >= 10,
            "{path}: only {edits} of 40 edits were valid manifests"
        );
    }
}
