#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

#[test]
fn times_and_durations_read_as_go_writes_them() {
    assert_eq!(timestamp(0, 0, false), "1970-01-01T00:00:00Z");
    assert_eq!(timestamp(1_700_000_000, 0, false), "2023-11-14T22:13:20Z");
    assert_eq!(
        timestamp(951_782_400, 123_456_789, true),
        "2000-02-29T00:00:00.123456Z"
    );
    assert_eq!(duration(90_000_000_000), "1m30s");
    assert_eq!(duration(3_600_000_000_000), "1h0m0s");
    assert_eq!(duration(1_500_000), "1.5ms");
}

/// `null`s are what Go writes for unset pointers and zero times; the decoder leaves them out.
fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

fn fixture(name: &str) -> (Vec<u8>, Option<Value>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/testdata/protobuf");
    let pb = std::fs::read(dir.join(format!("{name}.pb"))).unwrap();
    let json = std::fs::read(dir.join(format!("{name}.json")))
        .ok()
        .map(|j| serde_json::from_slice(&j).unwrap());
    (pb, json)
}

#[test]
fn kubectl_generator_bodies_decode_to_the_objects_kubectl_would_send_as_json() {
    for name in [
        "namespace",
        "deployment",
        "configmap",
        "secret",
        "service",
        "job",
        "cronjob",
    ] {
        let (pb, json) = fixture(name);
        let decoded = decode(&pb).unwrap();
        assert_eq!(
            without_nulls(&decoded.object),
            without_nulls(&json.unwrap()),
            "{name}"
        );
    }
}

#[test]
fn access_reviews_decode_with_their_attributes() {
    let (pb, _) = fixture("selfsubjectaccessreview");
    let d = decode(&pb).unwrap();
    assert_eq!(d.api_version, "authorization.k8s.io/v1");
    assert_eq!(d.kind, "SelfSubjectAccessReview");
    let attrs = &d.object["spec"]["resourceAttributes"];
    assert_eq!(attrs["verb"], "create");
    assert_eq!(attrs["resource"], "pods");
    assert_eq!(attrs["namespace"], "default");
    let (pb, _) = fixture("selfsubjectreview");
    let d = decode(&pb).unwrap();
    assert_eq!(d.kind, "SelfSubjectReview");
}

#[test]
fn bodies_that_are_not_kubernetes_protobuf_are_errors() {
    assert_eq!(decode(b"{\"kind\": \"Pod\"}"), Err(ProtobufError::Magic));
    assert_eq!(decode(b"k8s\0\x0a\x05ab"), Err(ProtobufError::Truncated));
    let unknown = b"k8s\0\x0a\x0c\x0a\x02v9\x12\x06Nobody";
    assert!(matches!(
        decode(unknown),
        Err(ProtobufError::UnknownKind(_))
    ));
}
