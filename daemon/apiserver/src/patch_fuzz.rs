//! Fuzzing (proptest, bounded) of the patch decoders and the selector parsers: random patch
//! bodies of every content type — JSON shaped like real patches with every directive, broken
//! JSON, random bytes, YAML — sent through the registry's PATCH path against a stored
//! Deployment, and random label and field selectors. Nothing panics, nothing answers 5xx, and a
//! rejected patch leaves the stored object as it was. `RK_FUZZ_CASES` sets the number of cases.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;

use proptest::prelude::*;
use rk_api::selector::{FieldSelector, LabelSelector};
use rk_store::AnyStore;
use rk_store::embedded::EmbeddedStore;
use serde_json::{Map, Value, json};

use crate::registry;
use crate::request::{self, RequestInfo};

const KEYS: &[&str] = &[
    "metadata",
    "labels",
    "annotations",
    "finalizers",
    "name",
    "spec",
    "replicas",
    "template",
    "containers",
    "image",
    "ports",
    "containerPort",
    "protocol",
    "env",
    "value",
    "strategy",
    "rollingUpdate",
    "maxSurge",
    "type",
    "volumes",
    "emptyDir",
    "selector",
    "matchLabels",
    "resourceVersion",
    "uid",
    "kind",
    "apiVersion",
    "status",
    "$patch",
    "$retainKeys",
    "$setElementOrder/containers",
    "$setElementOrder/finalizers",
    "$deleteFromPrimitiveList/finalizers",
    "$deleteFromPrimitiveList/containers",
    "$setElementOrder",
    "$deleteFromPrimitiveList",
    "x",
];
const STRINGS: &[&str] = &[
    "example.com/a",
    "replace",
    "delete",
    "merge",
    "web",
    "nginx",
    "a",
    "",
    "Recreate",
    "RollingUpdate",
    "TCP",
    "25%",
    "apps/v1",
    "Deployment",
    "v1",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..70000).prop_map(|n| json!(n)),
        (-1e3f64..1e3).prop_map(|f| json!(f)),
        proptest::sample::select(STRINGS).prop_map(|s| json!(s)),
    ]
}

fn patch_json() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..5).prop_map(
                |kv| Value::Object(
                    kv.into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect::<Map<_, _>>()
                )
            ),
        ]
    })
}

fn json_patch_ops() -> impl Strategy<Value = Value> {
    let op = (
        proptest::sample::select(&["add", "remove", "replace", "move", "copy", "test", "frob"][..]),
        proptest::sample::select(&["/spec/replicas", "/metadata/labels/app", "/spec/template/spec/containers/0", "/spec/template/spec/containers/-", "/", "", "/nope/x", "/metadata/name", "/kind"][..]),
        scalar(),
    )
        .prop_map(|(op, path, value)| json!({"op": op, "path": path, "from": "/spec/replicas", "value": value}));
    proptest::collection::vec(op, 0..5).prop_map(Value::Array)
}

fn body() -> impl Strategy<Value = (String, Vec<u8>)> {
    let ct = proptest::sample::select(
        &[
            "application/strategic-merge-patch+json",
            "application/merge-patch+json",
            "application/json-patch+json",
            "application/apply-patch+yaml",
            "text/plain",
        ][..],
    )
    .prop_map(str::to_string);
    prop_oneof![
        4 => (ct.clone(), patch_json()).prop_map(|(c, v)| (c, v.to_string().into_bytes())),
        2 => (ct.clone(), json_patch_ops()).prop_map(|(c, v)| (c, v.to_string().into_bytes())),
        1 => (ct.clone(), patch_json()).prop_map(|(c, v)| {
            let mut s = v.to_string().into_bytes();
            s.truncate(s.len() / 2);
            (c, s)
        }),
        1 => (ct.clone(), proptest::collection::vec(any::<u8>(), 0..64)).prop_map(|(c, b)| (c, b)),
        1 => (ct, "[a-z:{}\\[\\], \n-]{0,60}").prop_map(|(c, s)| (c, s.into_bytes())),
    ]
}

fn query() -> impl Strategy<Value = String> {
    proptest::sample::select(
        &[
            "",
            "fieldManager=fuzz",
            "fieldManager=fuzz&force=true",
            "force=true",
            "dryRun=All&fieldManager=fuzz",
            "dryRun=Some",
            "fieldValidation=Strict&fieldManager=fuzz",
            "fieldValidation=Nope",
            "fieldManager=%01",
        ][..],
    )
    .prop_map(str::to_string)
}

/// Cases per fuzz target: 2,000 (a few seconds) unless `RK_FUZZ_CASES` says otherwise (`make
/// fuzz` runs 50,000).
fn fuzz_cases() -> u32 {
    std::env::var("RK_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

struct World {
    rt: tokio::runtime::Runtime,
    store: AnyStore,
    _dir: tempfile::TempDir,
}

fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = rt.block_on(async {
            let store = AnyStore::Embedded(
                EmbeddedStore::open_dir(dir.path(), Default::default())
                    .await
                    .unwrap(),
            );
            let ns = request::parse(&http::Method::POST, "/api/v1/namespaces", None)
                .unwrap()
                .unwrap();
            registry::create(&store, &ns, json!({"metadata": {"name": "fuzz"}}))
                .await
                .unwrap();
            let info = request::parse(
                &http::Method::POST,
                "/apis/apps/v1/namespaces/fuzz/deployments",
                None,
            )
            .unwrap()
            .unwrap();
            let d = crate::patch_props::manifest("application/deployment-sidecar.yaml");
            let mut d = d;
            d["metadata"]["namespace"] = json!("fuzz");
            d["metadata"]["finalizers"] = json!(["example.com/a", "example.com/b"]);
            registry::create(&store, &info, d).await.unwrap();
            store
        });
        World {
            rt,
            store,
            _dir: dir,
        }
    })
}

fn patch_info(query: &str) -> RequestInfo {
    request::parse(
        &http::Method::PATCH,
        "/apis/apps/v1/namespaces/fuzz/deployments/myapp",
        Some(query),
    )
    .unwrap()
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_patches_never_panic_never_answer_5xx_and_rejections_change_nothing((ct, bytes) in body(), q in query()) {
        let w = world();
        let info = patch_info(&q);
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::CONTENT_TYPE, ct.parse().unwrap());
        let (before, after, result) = w.rt.block_on(async {
            let before = registry::get(&w.store, &info, "myapp").await.unwrap();
            let result = registry::patch(&w.store, &info, "myapp", &headers, &bytes).await;
            let after = registry::get(&w.store, &info, "myapp").await.unwrap();
            (before, after, result)
        });
        match result {
            Ok((obj, _)) => prop_assert_eq!(obj["metadata"]["name"].as_str(), Some("myapp")),
            Err(e) => {
                prop_assert!(e.code < 500, "{} {}: {} {}", ct, String::from_utf8_lossy(&bytes), e.code, e.message);
                prop_assert_eq!(before, after, "a rejected patch changed the object");
            }
        }
    }

    #[test]
    fn random_label_and_field_selectors_parse_or_fail_without_panicking(s in "[a-z0-9./=!,()<> \\-_]{0,40}") {
        let _ = LabelSelector::parse(&s).map(|sel| sel.to_string());
        let _ = FieldSelector::parse(&s).and_then(|f| f.for_kind("Pod"));
    }

    #[test]
    fn random_apply_configurations_and_strategic_patches_fail_cleanly(v in patch_json(), text in "[ -~\n]{0,80}") {
        let _ = crate::apply::decode_config(text.as_bytes());
        let schema = rk_api::patch::Schema::served("apps", "v1", "Deployment");
        let live = crate::patch_props::manifest("application/deployment-sidecar.yaml");
        let _ = rk_api::patch::strategic::apply(live.clone(), v.clone(), schema);
        let _ = rk_api::patch::three_way::three_way(&live, &v, &live, schema);
        let w = rk_api::apply::Writer {
            schema,
            manager: "fuzz".into(),
            api_version: "apps/v1".into(),
            subresource: String::new(),
            has_status: true,
            now: "2026-01-01T00:00:00Z".into(),
        };
        let _ = rk_api::apply::managed::apply(&live, &v, &w, false);
    }
}
