//! Property test of the body decoders: whatever bytes a client sends, with whatever content type,
//! decoding and field validation answer a 4xx error or an object, never a panic or a 5xx.

use axum::http::{HeaderMap, HeaderValue, header};
use proptest::prelude::*;

use crate::registry::decode_body;
use crate::typed::{FieldValidation, check_body};

const TYPES: &[&str] = &[
    "application/json",
    "application/yaml",
    "application/vnd.kubernetes.protobuf",
    "application/merge-patch+json",
    "application/apply-patch+yaml",
    "text/plain",
];

/// JSON-shaped text: objects nested a few levels with Kubernetes-like keys, sometimes repeated.
fn json_text() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("metadata".to_string()),
        Just("name".to_string()),
        Just("spec".to_string()),
        Just("data".to_string()),
        Just("containers".to_string()),
        Just("replicas".to_string()),
        "[a-z]{1,6}",
    ];
    let leaf = prop_oneof![
        Just("1".to_string()),
        Just("\"x\"".to_string()),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("-1e400".to_string()),
        Just("[]".to_string()),
    ];
    leaf.prop_recursive(4, 32, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec((key.clone(), inner.clone()), 0..5).prop_map(|kv| {
                let body: Vec<String> = kv
                    .into_iter()
                    .map(|(k, v)| format!("\"{k}\": {v}"))
                    .collect();
                format!("{{{}}}", body.join(", "))
            }),
            proptest::collection::vec(inner, 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        ]
    })
}

fn check(kind: &str, content_type: &str, body: &[u8]) -> Result<(), TestCaseError> {
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    let Some(r) = rk_api::resources::all().iter().find(|r| r.kind == kind) else {
        return Ok(());
    };
    match decode_body(r, &headers, body) {
        Err(e) => prop_assert!(
            (400..500).contains(&e.code),
            "{content_type}: {} {}",
            e.code,
            e.message
        ),
        Ok(obj) => {
            let raw = (!content_type.contains("protobuf")).then_some(body);
            for v in [
                FieldValidation::Strict,
                FieldValidation::Warn,
                FieldValidation::Ignore,
            ] {
                if let Err(e) = check_body(r, &obj, raw, v) {
                    prop_assert!((400..500).contains(&e.code), "{} {}", e.code, e.message);
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn json_bodies_are_objects_or_client_errors(text in json_text(), kind in prop_oneof![Just("Pod"), Just("ConfigMap"), Just("Deployment"), Just("Service")]) {
        check(kind, "application/json", text.as_bytes())?;
    }

    #[test]
    fn arbitrary_bytes_of_any_type_are_objects_or_client_errors(body in proptest::collection::vec(any::<u8>(), 0..256), t in 0usize..6, magic in any::<bool>()) {
        let mut bytes = if magic { b"k8s\0".to_vec() } else { Vec::new() };
        bytes.extend(body);
        check("Deployment", TYPES[t], &bytes)?;
    }
}
