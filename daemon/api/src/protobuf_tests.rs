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

/// A protobuf field: key and payload.
fn field(tag: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![((tag << 3) | 2) as u8, payload.len() as u8];
    out.extend_from_slice(payload);
    out
}

#[test]
fn inlined_structs_string_slices_and_int_or_strings_take_their_json_forms() {
    // A Pod with one container whose readiness probe is an HTTP GET on port "http",
    // and an SSAR-like extra map: built by hand from the field numbers.
    let port = field(3, b"http"); // IntOrString{type: 1 (string), strVal}
    let port = [vec![0x08, 0x01], port].concat();
    let http_get = [field(1, b"/healthz"), field(2, &port)].concat();
    let handler = field(2, &http_get); // ProbeHandler.httpGet
    let probe = [field(1, &handler), vec![0x10, 0x05]].concat(); // inline handler, initialDelaySeconds 5
    let container = [field(1, b"c"), field(2, b"busybox"), field(11, &probe)].concat();
    let spec = field(2, &container);
    let meta = field(1, b"p");
    let pod = [field(1, &meta), field(2, &spec)].concat();
    let type_meta = [field(1, b"v1"), field(2, b"Pod")].concat();
    let body = [MAGIC.to_vec(), field(1, &type_meta), field(2, &pod)].concat();
    let d = decode(&body).unwrap();
    let probe = &d.object["spec"]["containers"][0]["readinessProbe"];
    assert_eq!(probe["httpGet"]["path"], "/healthz");
    assert_eq!(probe["httpGet"]["port"], "http");
    assert_eq!(probe["initialDelaySeconds"], 5);
    assert_eq!(d.object["metadata"]["name"], "p");

    let extra = special(
        "api.authorization.v1.ExtraValue",
        &[field(1, b"a"), field(1, b"b")].concat(),
    )
    .unwrap();
    assert_eq!(extra, Some(serde_json::json!(["a", "b"])));
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

mod fuzz {
    use super::super::*;
    use proptest::prelude::*;

    fn fixtures() -> Vec<Vec<u8>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/testdata/protobuf");
        [
            "namespace",
            "deployment",
            "configmap",
            "secret",
            "service",
            "job",
            "cronjob",
            "selfsubjectaccessreview",
        ]
        .iter()
        .map(|n| std::fs::read(dir.join(format!("{n}.pb"))).unwrap())
        .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_after_the_magic_never_panic(rest in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut body = MAGIC.to_vec();
            body.extend(rest);
            let _ = decode(&body);
        }

        #[test]
        fn mutated_kubectl_bodies_never_panic(which in 0usize..8, flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8), cut in any::<usize>()) {
            let all = fixtures();
            let mut body = all[which % all.len()].clone();
            for (at, byte) in flips {
                let i = 4 + at % (body.len() - 4);
                body[i] ^= byte;
            }
            body.truncate(4 + cut % (body.len() - 3));
            if let Ok(d) = decode(&body) {
                prop_assert!(d.object.is_object());
            }
        }
    }
}
