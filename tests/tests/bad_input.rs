//! Bad input against `rkd apiserver`, sent with curl and the admin client certificate: every
//! rejected request gets a 4xx with a `Status` body in Kubernetes' terms — never a 5xx, a dropped
//! connection or a panic — the server keeps answering, and the store is left as it was.
//!
//! Each test sends a table of requests and reports every mismatch at once, then checks that the
//! server is alive, logged no panic, and that a LIST of every object shows nothing created,
//! changed or deleted by the rejected requests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rk_e2e::Rkd;
use serde_json::{Value, json};

/// Kubernetes' limit on a request body (3 MiB).
const MAX_BODY: usize = 3 * 1024 * 1024;

const CM: &str = "/api/v1/namespaces/default/configmaps";
const PODS: &str = "/api/v1/namespaces/default/pods";

/// A reply: HTTP code (0 when the connection broke) and body.
struct Reply {
    code: u16,
    body: String,
}

/// curl with the admin client certificate; bodies go through a file, so any bytes and any size.
struct Admin<'a> {
    rkd: &'a Rkd,
    bodies: AtomicUsize,
}

impl<'a> Admin<'a> {
    fn new(rkd: &'a Rkd) -> Self {
        Admin {
            rkd,
            bodies: AtomicUsize::new(0),
        }
    }

    fn send(&self, method: &str, path: &str, content_type: &str, body: Option<&[u8]>) -> Reply {
        let tls = self.rkd.dir.path().join("tls");
        let mut args: Vec<String> = vec![
            "--cacert".into(),
            tls.join("ca.crt").display().to_string(),
            "--cert".into(),
            tls.join("admin.crt").display().to_string(),
            "--key".into(),
            tls.join("admin.key").display().to_string(),
            "-X".into(),
            method.into(),
            "-w".into(),
            "\n%{http_code}".into(),
        ];
        if let Some(body) = body {
            let n = self.bodies.fetch_add(1, Ordering::Relaxed);
            let file = self.rkd.dir.path().join(format!("body-{n}"));
            std::fs::write(&file, body).unwrap();
            args.extend([
                "-H".into(),
                format!("Content-Type: {content_type}"),
                "--data-binary".into(),
                format!("@{}", file.display()),
            ]);
        }
        args.push(format!("{}{path}", self.rkd.server));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = self.rkd.curl(&refs);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let (body, code) = text.rsplit_once('\n').unwrap_or(("", &text));
        Reply {
            code: code.trim().parse().unwrap_or(0),
            body: if out.status.success() {
                body.to_string()
            } else {
                format!(
                    "{body}[curl: {}]",
                    String::from_utf8_lossy(&out.stderr).trim()
                )
            },
        }
    }

    fn get(&self, path: &str) -> Reply {
        self.send("GET", path, "", None)
    }

    fn json(&self, method: &str, path: &str, body: &Value) -> Value {
        let reply = self.send(
            method,
            path,
            "application/json",
            Some(body.to_string().as_bytes()),
        );
        assert!(
            (200..300).contains(&reply.code),
            "{method} {path}: {} {}",
            reply.code,
            reply.body
        );
        serde_json::from_str(&reply.body).unwrap()
    }

    /// The store's current revision, as a LIST reports it.
    fn revision(&self) -> u64 {
        let list: Value = serde_json::from_str(&self.get(CM).body).unwrap();
        list["metadata"]["resourceVersion"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// Every object of the kinds the tests touch, with its resourceVersion, kind and apiVersion.
    fn snapshot(&self) -> BTreeSet<String> {
        let mut all = BTreeSet::new();
        for resource in ["namespaces", "configmaps", "pods", "secrets"] {
            let reply = self.get(&format!("/api/v1/{resource}"));
            assert_eq!(reply.code, 200, "LIST {resource}: {}", reply.body);
            let list: Value = serde_json::from_str(&reply.body).unwrap();
            for item in list["items"].as_array().unwrap() {
                let m = &item["metadata"];
                all.insert(format!(
                    "{resource} {}/{} rv={} {} {}",
                    m["namespace"].as_str().unwrap_or(""),
                    m["name"].as_str().unwrap_or("<no name>"),
                    m["resourceVersion"].as_str().unwrap_or("?"),
                    item["apiVersion"].as_str().unwrap_or("<no apiVersion>"),
                    item["kind"].as_str().unwrap_or("<no kind>"),
                ));
            }
        }
        all
    }
}

/// What a rejected request must get back. Without a code, any 4xx with a Status will do (for
/// inputs where Kubernetes itself is not a model to copy).
#[derive(Default)]
struct Want {
    code: Option<u16>,
    reason: Option<&'static str>,
    message: Option<Message>,
    field: Option<&'static str>,
    cause: Option<&'static str>,
}

enum Message {
    Is(String),
    StartsWith(String),
    Contains(String),
}

struct Case {
    what: &'static str,
    method: &'static str,
    path: String,
    content_type: &'static str,
    body: Option<Vec<u8>>,
    want: Want,
}

fn case(what: &'static str, method: &'static str, path: impl Into<String>) -> Case {
    Case {
        what,
        method,
        path: path.into(),
        content_type: "application/json",
        body: None,
        want: Want::default(),
    }
}

impl Case {
    fn body(mut self, content_type: &'static str, body: impl AsRef<[u8]>) -> Self {
        self.content_type = content_type;
        self.body = Some(body.as_ref().to_vec());
        self
    }
    fn json(self, body: &str) -> Self {
        self.body("application/json", body)
    }
    fn merge_patch(self, body: &str) -> Self {
        self.body("application/merge-patch+json", body)
    }
    fn wants(mut self, code: u16, reason: &'static str) -> Self {
        self.want.code = Some(code);
        self.want.reason = Some(reason);
        self
    }
    fn message(mut self, message: impl Into<String>) -> Self {
        self.want.message = Some(Message::Is(message.into()));
        self
    }
    fn message_starting(mut self, prefix: impl Into<String>) -> Self {
        self.want.message = Some(Message::StartsWith(prefix.into()));
        self
    }
    fn message_containing(mut self, part: impl Into<String>) -> Self {
        self.want.message = Some(Message::Contains(part.into()));
        self
    }
    fn field(mut self, field: &'static str) -> Self {
        self.want.field = Some(field);
        self
    }
    fn cause(mut self, reason: &'static str) -> Self {
        self.want.cause = Some(reason);
        self
    }
}

/// Sends every case; returns one line per case whose reply is not what it wants.
fn send_all(admin: &Admin, cases: Vec<Case>) -> Vec<String> {
    let mut wrong = Vec::new();
    for c in cases {
        let reply = admin.send(c.method, &c.path, c.content_type, c.body.as_deref());
        let mut problems = Vec::new();
        // A 5xx only where Kubernetes itself answers one on purpose (504 Timeout).
        let expected_5xx = c.want.code.is_some_and(|code| code >= 500);
        let acceptable = (400..500).contains(&reply.code) || (expected_5xx && reply.code >= 500);
        if !acceptable {
            problems.push(format!("HTTP {} is not a 4xx", reply.code));
        }
        let status: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
        if status["kind"] != "Status" || status["status"] != "Failure" {
            problems.push("the body is not a Failure Status".to_string());
        } else if status["code"] != reply.code {
            problems.push(format!(
                "Status code {} ≠ HTTP {}",
                status["code"], reply.code
            ));
        }
        if let Some(code) = c.want.code.filter(|&w| w != reply.code) {
            problems.push(format!("wanted HTTP {code}"));
        }
        if let Some(reason) = c.want.reason.filter(|&r| status["reason"] != r) {
            problems.push(format!("wanted reason {reason}"));
        }
        let message = status["message"].as_str().unwrap_or("");
        match &c.want.message {
            Some(Message::Is(m)) if message != m => problems.push(format!("wanted message {m:?}")),
            Some(Message::StartsWith(m)) if !message.starts_with(m.as_str()) => {
                problems.push(format!("wanted a message starting {m:?}"))
            }
            Some(Message::Contains(m)) if !message.contains(m.as_str()) => {
                problems.push(format!("wanted a message containing {m:?}"))
            }
            _ => {}
        }
        let causes = status["details"]["causes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if let Some(field) = c
            .want
            .field
            .filter(|&f| !causes.iter().any(|cause| cause["field"] == f))
        {
            problems.push(format!("wanted a cause for field {field}"));
        }
        if let Some(reason) = c
            .want
            .cause
            .filter(|&r| !causes.iter().any(|cause| cause["reason"] == r))
        {
            problems.push(format!("wanted a cause with reason {reason}"));
        }
        if !problems.is_empty() {
            let body: String = reply.body.chars().take(400).collect();
            wrong.push(format!(
                "{}: {} {} [{}] → {}\n    got {}: {body}",
                c.what,
                c.method,
                c.path,
                c.content_type,
                problems.join("; "),
                reply.code,
            ));
        }
    }
    wrong
}

/// The end of every test: all cases as wanted, the server alive without a panic, and the store
/// exactly as `before`.
fn assert_rejected_without_a_trace(admin: &Admin, before: &BTreeSet<String>, wrong: Vec<String>) {
    let mut failures = wrong;
    let ready = admin.get("/readyz");
    if (ready.code, ready.body.as_str()) != (200, "ok") {
        failures.push(format!(
            "the server no longer answers /readyz: {} {}",
            ready.code, ready.body
        ));
    } else {
        let after = admin.snapshot();
        for gone in before.difference(&after) {
            failures.push(format!("a rejected request changed or deleted: {gone}"));
        }
        for new in after.difference(before) {
            failures.push(format!("a rejected request left in the store: {new}"));
        }
    }
    let log = admin.rkd.log();
    if log.contains("panicked") {
        failures.push(format!("rkd panicked:\n{log}"));
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A ConfigMap `c1` and a Pod `p1` in `default`, for requests aimed at existing objects.
fn seed(admin: &Admin) -> Value {
    admin.json(
        "POST",
        PODS,
        &json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p1"},
                "spec": {"containers": [{"name": "c", "image": "busybox"}]}}),
    );
    admin.json(
        "POST",
        CM,
        &json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c1"}, "data": {"a": "1"}}),
    )
}

fn config_map(name: &str) -> String {
    json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}}).to_string()
}

#[test]
fn malformed_bodies_get_400_and_change_nothing() {
    let rkd = Rkd::start("apiserver", &[]);
    let admin = Admin::new(&rkd);
    seed(&admin);
    let before = admin.snapshot();
    let c1 = format!("{CM}/c1");
    let deep = format!(
        r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"deep"}},"data":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let mut not_utf8 = br#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"u"#.to_vec();
    not_utf8.extend([0xff, 0xfe]);
    not_utf8.extend(br#""}}"#);
    let wrong = send_all(
        &admin,
        vec![
            case("truncated JSON", "POST", CM).json("{").wants(400, "BadRequest"),
            case("a JSON array", "POST", CM).json("[]").wants(400, "BadRequest"),
            case("a JSON string", "POST", CM).json(r#""x""#).wants(400, "BadRequest"),
            case("an empty body", "POST", CM).json("").wants(400, "BadRequest"),
            case("YAML sent as JSON", "POST", CM)
                .json("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml\n")
                .wants(400, "BadRequest"),
            case("binary garbage", "POST", CM)
                .body("application/json", [0u8, 159, 146, 150, 255, 1, 2])
                .wants(400, "BadRequest"),
            case("invalid UTF-8 in a string", "POST", CM)
                .body("application/json", &not_utf8)
                .wants(400, "BadRequest"),
            case("100000 nested arrays", "POST", CM).json(&deep).wants(400, "BadRequest"),
            // Kubernetes decodes into the typed object first: `ConfigMap in version "v1" cannot
            // be handled as a ConfigMap: json: cannot unmarshal number into Go struct field
            // ConfigMap.data of type string` (and `…: strict decoding error: unknown field
            // "bogus"` under fieldValidation=Strict).
            case("a number where the schema has a string", "POST", CM)
                .json(r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"n"},"data":{"a":1}}"#)
                .wants(400, "BadRequest")
                .message_containing("cannot be handled as a ConfigMap"),
            case("a string where the schema has a list", "POST", PODS)
                .json(r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":"x"}}"#)
                .wants(400, "BadRequest")
                .message_containing("cannot be handled as a Pod"),
            case("an unknown field with fieldValidation=Strict", "POST", format!("{CM}?fieldValidation=Strict"))
                .json(r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"strict"},"bogus":1}"#)
                .wants(400, "BadRequest")
                .message_containing(r#"strict decoding error: unknown field "bogus""#),
            case("PUT truncated JSON", "PUT", &c1).json("{").wants(400, "BadRequest"),
            case("PUT a JSON array", "PUT", &c1).json("[]").wants(400, "BadRequest"),
            case("merge patch: truncated JSON", "PATCH", &c1).merge_patch("{").wants(400, "BadRequest"),
            // RFC 7396 would replace the whole object with these: Kubernetes refuses.
            case("merge patch: an array", "PATCH", &c1).merge_patch("[]"),
            case("merge patch: a string", "PATCH", &c1).merge_patch(r#""x""#),
            case("merge patch: null", "PATCH", &c1).merge_patch("null"),
            case("JSON patch: an object, not a list", "PATCH", &c1)
                .body("application/json-patch+json", "{}")
                .wants(400, "BadRequest"),
            // Upstream decodes operations as raw maps; an unknown op fails when applied:
            // kube-apiserver's bare 422.
            case("JSON patch: an unknown op", "PATCH", &c1)
                .body("application/json-patch+json", r#"[{"op":"frob","path":"/data/a"}]"#)
                .wants(422, "Invalid"),
            case("JSON patch: a failing test op", "PATCH", &c1)
                .body("application/json-patch+json", r#"[{"op":"test","path":"/data/a","value":"2"}]"#)
                .wants(422, "Invalid"),
            case("DeleteOptions: truncated JSON", "DELETE", &c1).json("{").wants(400, "BadRequest"),
            // `json: cannot unmarshal array into Go value of type v1.DeleteOptions`.
            case("DeleteOptions: an array", "DELETE", &c1).json("[]").wants(400, "BadRequest"),
        ],
    );
    assert_rejected_without_a_trace(&admin, &before, wrong);
}

#[test]
fn invalid_objects_get_422_naming_the_invalid_field() {
    let rkd = Rkd::start("apiserver", &[]);
    let admin = Admin::new(&rkd);
    seed(&admin);
    let before = admin.snapshot();
    let long = "a".repeat(254);
    let pod = |spec: &str| {
        format!(r#"{{"apiVersion":"v1","kind":"Pod","metadata":{{"name":"bad"}},"spec":{spec}}}"#)
    };
    let labelled = |name: &str, labels: &str| {
        format!(
            r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"{name}","labels":{labels}}}}}"#
        )
    };
    let wrong = send_all(
        &admin,
        vec![
            case("an uppercase name", "POST", CM)
                .json(&config_map("Upper"))
                .wants(422, "Invalid")
                .field("metadata.name")
                .message_starting(r#"ConfigMap "Upper" is invalid: metadata.name: Invalid value: "Upper": a lowercase RFC 1123 subdomain"#),
            case("a 254-character name", "POST", CM)
                .json(&config_map(&long))
                .wants(422, "Invalid")
                .field("metadata.name")
                .message_containing("must be no more than 253 characters"),
            case("an empty name", "POST", CM)
                .json(&config_map(""))
                .wants(422, "Invalid")
                .field("metadata.name")
                .message_containing("name or generateName is required"),
            case("no metadata at all", "POST", CM)
                .json(r#"{"apiVersion":"v1","kind":"ConfigMap"}"#)
                .wants(422, "Invalid")
                .field("metadata.name"),
            case("a name with a slash", "POST", CM)
                .json(&config_map("a/b"))
                .wants(422, "Invalid")
                .field("metadata.name"),
            case("a 64-character namespace name", "POST", "/api/v1/namespaces")
                .json(&json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n".repeat(64)}}).to_string())
                .wants(422, "Invalid")
                .field("metadata.name"),
            case("a label value with a space", "POST", CM)
                .json(&labelled("l1", r#"{"a":"b c"}"#))
                .wants(422, "Invalid")
                .field("metadata.labels"),
            case("a label key starting with a dash", "POST", CM)
                .json(&labelled("l2", r#"{"-a":"b"}"#))
                .wants(422, "Invalid")
                .field("metadata.labels"),
            case("a pod without containers", "POST", PODS)
                .json(&pod("{}"))
                .wants(422, "Invalid")
                .field("spec.containers")
                .message(r#"Pod "bad" is invalid: spec.containers: Required value"#),
            case("a container without an image", "POST", PODS)
                .json(&pod(r#"{"containers":[{"name":"c"}]}"#))
                .wants(422, "Invalid")
                .field("spec.containers[0].image"),
            // Kubernetes caps a ConfigMap's data at 1 MiB (`Too long: may not be more than 1048576 bytes`).
            case("a ConfigMap over 1 MiB", "POST", CM)
                .json(&json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "big"},
                              "data": {"x": "a".repeat(1024 * 1024 + 1)}}).to_string())
                .wants(422, "Invalid")
                .message_containing("Too long: may not be more than 1048576 bytes"),
        ],
    );
    assert_rejected_without_a_trace(&admin, &before, wrong);
}

#[test]
fn objects_that_contradict_the_url_get_400_and_change_nothing() {
    let rkd = Rkd::start("apiserver", &[]);
    let admin = Admin::new(&rkd);
    seed(&admin);
    let before = admin.snapshot();
    let c1 = format!("{CM}/c1");
    let wrong = send_all(
        &admin,
        vec![
            case("kind Secret POSTed to configmaps", "POST", CM)
                .json(r#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"k"}}"#)
                .wants(400, "BadRequest")
                .message("the kind in the data (Secret) does not match the expected kind (ConfigMap)"),
            case("apiVersion apps/v1 POSTed to core v1", "POST", CM)
                .json(r#"{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"k"}}"#)
                .wants(400, "BadRequest"),
            case("namespace in the body ≠ the URL's", "POST", CM)
                .json(r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"k","namespace":"kube-system"}}"#)
                .wants(400, "BadRequest")
                .message("the namespace of the provided object does not match the namespace sent on the request"),
            case("PUT: name in the body ≠ the URL's", "PUT", &c1)
                .json(&config_map("c2"))
                .wants(400, "BadRequest")
                .message("the name of the object (c2) does not match the name on the URL (c1)"),
            case("PUT: kind Secret", "PUT", &c1)
                .json(r#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"c1"}}"#)
                .wants(400, "BadRequest"),
            case("PUT: another namespace", "PUT", &c1)
                .json(r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1","namespace":"kube-system"}}"#)
                .wants(400, "BadRequest"),
            // Kubernetes checks the patched object against the URL like a PUT (checkName).
            case("merge patch renaming the object", "PATCH", &c1)
                .merge_patch(r#"{"metadata":{"name":"other"}}"#)
                .wants(400, "BadRequest")
                .message("the name of the object (other) does not match the name on the URL (c1)"),
            case("merge patch moving the object to another namespace", "PATCH", &c1)
                .merge_patch(r#"{"metadata":{"namespace":"kube-system"}}"#)
                .wants(400, "BadRequest"),
            case("merge patch changing the kind", "PATCH", &c1).merge_patch(r#"{"kind":"Secret"}"#),
            case("merge patch changing the apiVersion", "PATCH", &c1).merge_patch(r#"{"apiVersion":"v2"}"#),
            case("JSON patch removing the name", "PATCH", &c1)
                .body("application/json-patch+json", r#"[{"op":"remove","path":"/metadata/name"}]"#),
        ],
    );
    assert_rejected_without_a_trace(&admin, &before, wrong);
}

#[test]
fn oversized_bodies_get_413_and_unsupported_content_types_415() {
    let rkd = Rkd::start("apiserver", &[]);
    let admin = Admin::new(&rkd);
    seed(&admin);
    let before = admin.snapshot();
    let c1 = format!("{CM}/c1");
    let big = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "huge"},
                     "data": {"x": "a".repeat(MAX_BODY)}})
    .to_string();
    let unknown_format =
        "the body of the request was in an unknown format - accepted media types include: ";
    let wrong = send_all(
        &admin,
        vec![
            case("a body over 3 MiB", "POST", CM)
                .json(&big)
                .wants(413, "RequestEntityTooLarge")
                .message(format!("Request entity too large: limit is {MAX_BODY}")),
            case("a PUT body over 3 MiB", "PUT", &c1)
                .json(&big.replace("huge", "c1"))
                .wants(413, "RequestEntityTooLarge"),
            case("text/plain on POST", "POST", CM)
                .body("text/plain", config_map("t"))
                .wants(415, "UnsupportedMediaType")
                .message_starting(unknown_format),
            case("a form on POST", "POST", CM)
                .body("application/x-www-form-urlencoded", "name=t")
                .wants(415, "UnsupportedMediaType")
                .message_starting(unknown_format),
            case("text/plain on PUT", "PUT", &c1)
                .body("text/plain", config_map("c1"))
                .wants(415, "UnsupportedMediaType")
                .message_starting(unknown_format),
            case("text/plain on PATCH", "PATCH", &c1)
                .body("text/plain", "{}")
                .wants(415, "UnsupportedMediaType")
                .message_starting(unknown_format),
            // A patch must say which kind of patch it is.
            case("application/json on PATCH", "PATCH", &c1)
                .json(r#"{"data":{"a":"2"}}"#)
                .wants(415, "UnsupportedMediaType")
                .message_starting(unknown_format),
        ],
    );
    assert_rejected_without_a_trace(&admin, &before, wrong);
}

#[test]
fn writes_from_a_stale_resource_version_are_409_conflicts() {
    let rkd = Rkd::start("apiserver", &[]);
    let admin = Admin::new(&rkd);
    let created = seed(&admin);
    let stale = created["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .to_string();
    let c1 = format!("{CM}/c1");
    let mut changed = created.clone();
    changed["data"]["a"] = json!("2");
    let current = admin.json("PUT", &c1, &changed)["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .to_string();
    let before = admin.snapshot();
    let modified = r#"Operation cannot be fulfilled on configmaps "c1": the object has been modified; please apply your changes to the latest version and try again"#;
    changed["data"]["a"] = json!("3");
    let wrong = send_all(
        &admin,
        vec![
            case("PUT from the first resourceVersion", "PUT", &c1)
                .json(&changed.to_string())
                .wants(409, "Conflict")
                .message(modified),
            case("merge patch with a stale resourceVersion", "PATCH", &c1)
                .merge_patch(&format!(r#"{{"metadata":{{"resourceVersion":"{stale}"}},"data":{{"a":"4"}}}}"#))
                .wants(409, "Conflict")
                .message(modified),
            case("DELETE with a stale resourceVersion precondition", "DELETE", &c1)
                .json(&format!(r#"{{"preconditions":{{"resourceVersion":"{stale}"}}}}"#))
                .wants(409, "Conflict")
                .message(format!(
                    r#"Operation cannot be fulfilled on configmaps "c1": Precondition failed: ResourceVersion in precondition: {stale}, ResourceVersion in object meta: {current}"#
                )),
            case("DELETE with a wrong uid precondition", "DELETE", &c1)
                .json(r#"{"preconditions":{"uid":"00000000-0000-0000-0000-000000000000"}}"#)
                .wants(409, "Conflict")
                .message_containing("Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000"),
        ],
    );
    assert_rejected_without_a_trace(&admin, &before, wrong);
}

#[test]
fn nonsense_resource_versions_selectors_and_parameters_get_400_or_422() {
    let rkd = Rkd::start("apiserver", &[]);
    let admin = Admin::new(&rkd);
    seed(&admin);
    let before = admin.snapshot();
    let list = |query: &str| format!("{CM}?{query}");
    let wrong = send_all(
        &admin,
        vec![
            case("LIST resourceVersion=abc", "GET", list("resourceVersion=abc")).wants(400, "BadRequest"),
            case("WATCH resourceVersion=abc", "GET", list("watch=true&timeoutSeconds=1&resourceVersion=abc")).wants(400, "BadRequest"),
            case("LIST resourceVersion=-1", "GET", list("resourceVersion=-1")).wants(400, "BadRequest"),
            case("WATCH resourceVersion=-1", "GET", list("watch=true&timeoutSeconds=1&resourceVersion=-1")).wants(400, "BadRequest"),
            case("LIST resourceVersion past u64", "GET", list("resourceVersion=99999999999999999999999"))
                .wants(400, "BadRequest"),
            // Kubernetes validates ListOptions: 422 `ListOptions.meta.k8s.io "" is invalid: …`.
            case("resourceVersionMatch without resourceVersion", "GET", list("resourceVersionMatch=Exact"))
                .wants(422, "Invalid")
                .field("resourceVersionMatch"),
            case("resourceVersionMatch=Bogus", "GET", list("resourceVersion=1&resourceVersionMatch=Bogus"))
                .wants(422, "Invalid")
                .field("resourceVersionMatch"),
            case("resourceVersionMatch=Exact with resourceVersion=0", "GET", list("resourceVersion=0&resourceVersionMatch=Exact"))
                .wants(422, "Invalid")
                .field("resourceVersionMatch"),
            case("sendInitialEvents on a LIST", "GET", list("sendInitialEvents=true"))
                .wants(422, "Invalid")
                .field("sendInitialEvents"),
            case("labelSelector `a in (`", "GET", list("labelSelector=a+in+%28")).wants(400, "BadRequest"),
            case("labelSelector `!!`", "GET", list("labelSelector=%21%21")).wants(400, "BadRequest"),
            case("labelSelector on a WATCH", "GET", list("watch=true&timeoutSeconds=1&labelSelector=a+in+%28")).wants(400, "BadRequest"),
            case("fieldSelector spec.bogus=x on configmaps", "GET", list("fieldSelector=spec.bogus%3Dx"))
                .wants(400, "BadRequest")
                .message(r#""spec.bogus" is not a known field selector: only "metadata.name", "metadata.namespace""#),
            case("fieldSelector spec.bogus=x on pods", "GET", format!("{PODS}?fieldSelector=spec.bogus%3Dx"))
                .wants(400, "BadRequest")
                .message("field label not supported: spec.bogus"),
            case("fieldSelector without an operator", "GET", list("fieldSelector=metadata.name"))
                .wants(400, "BadRequest"),
            case("fieldSelector on a WATCH", "GET", list("watch=true&timeoutSeconds=1&fieldSelector=spec.bogus%3Dx"))
                .wants(400, "BadRequest"),
            case("limit=abc", "GET", list("limit=abc")).wants(400, "BadRequest"),
            case("watch=maybe", "GET", list("watch=maybe&timeoutSeconds=1")).wants(400, "BadRequest"),
            case("timeoutSeconds=x", "GET", list("watch=true&timeoutSeconds=x")).wants(400, "BadRequest"),
            case("continue=garbage", "GET", list("limit=1&continue=garbage")).wants(400, "BadRequest"),
            case("DELETE collection with a bad labelSelector", "DELETE", list("labelSelector=a+in+%28"))
                .wants(400, "BadRequest"),
        ],
    );
    assert_rejected_without_a_trace(&admin, &before, wrong);
}

/// Kubernetes waits up to 3 s for its watch cache to reach a LIST's resourceVersion, then
/// answers 504 `Timeout: Too large resource version: N, current: M` with a cause of type
/// ResourceVersionTooLarge (client-go's reflector looks for that cause). A WATCH from the future
/// is accepted and simply stays quiet until the store gets there.
#[test]
fn a_far_future_resource_version_times_out_like_kubernetes() {
    let rkd = Rkd::start("apiserver", &[]);
    let admin = Admin::new(&rkd);
    seed(&admin);
    let before = admin.snapshot();
    let current = admin.revision();
    let future = current + 1_000_000;
    let too_large = format!("Timeout: Too large resource version: {future}, current: {current}");
    let mut wrong = send_all(
        &admin,
        vec![
            case(
                "LIST from a far-future resourceVersion",
                "GET",
                format!("{CM}?resourceVersion={future}"),
            )
            .wants(504, "Timeout")
            .message(&too_large)
            .cause("ResourceVersionTooLarge"),
            case(
                "LIST at exactly a far-future resourceVersion",
                "GET",
                format!("{CM}?resourceVersion={future}&resourceVersionMatch=Exact"),
            )
            .wants(504, "Timeout")
            .message(&too_large)
            .cause("ResourceVersionTooLarge"),
        ],
    );

    let watch = admin.get(&format!(
        "{CM}?watch=true&resourceVersion={future}&timeoutSeconds=1"
    ));
    if (watch.code, watch.body.trim()) != (200, "") {
        wrong.push(format!(
            "WATCH from a far-future resourceVersion: wanted 200 and no event until timeoutSeconds, got {}: {}",
            watch.code, watch.body
        ));
    }
    assert_rejected_without_a_trace(&admin, &before, wrong);
}

#[test]
fn unknown_resources_get_404_and_unsupported_verbs_405() {
    let rkd = Rkd::start("apiserver", &[]);
    let admin = Admin::new(&rkd);
    seed(&admin);
    let before = admin.snapshot();
    let not_found = "the server could not find the requested resource";
    let wrong = send_all(
        &admin,
        vec![
            case(
                "GET an unknown core resource",
                "GET",
                "/api/v1/namespaces/default/bogons",
            )
            .wants(404, "NotFound")
            .message(not_found),
            case(
                "POST to an unknown core resource",
                "POST",
                "/api/v1/namespaces/default/bogons",
            )
            .json(&config_map("b"))
            .wants(404, "NotFound")
            .message(not_found),
            case(
                "GET an unknown group",
                "GET",
                "/apis/bogus.example.com/v1/things",
            )
            .wants(404, "NotFound")
            .message(not_found),
            case(
                "GET an unknown version",
                "GET",
                "/api/v9/namespaces/default/configmaps",
            )
            .wants(404, "NotFound"),
            case(
                "GET an unknown subresource",
                "GET",
                format!("{PODS}/p1/bogus"),
            )
            .wants(404, "NotFound"),
            case("PATCH on a collection", "PATCH", CM)
                .merge_patch(r#"{"data":{"a":"1"}}"#)
                .wants(405, "MethodNotAllowed"),
            case("PUT on a collection", "PUT", CM)
                .json(&config_map("c1"))
                .wants(405, "MethodNotAllowed"),
            case("POST to a named object", "POST", format!("{CM}/c1"))
                .json(&config_map("c1"))
                .wants(405, "MethodNotAllowed"),
            case(
                "DELETE all namespaces (no deletecollection)",
                "DELETE",
                "/api/v1/namespaces",
            )
            .wants(405, "MethodNotAllowed"),
        ],
    );
    assert_rejected_without_a_trace(&admin, &before, wrong);
}

/// A private etcd on loopback ports, killed on drop (rkd's `--store etcd://…`, so that the test
/// can compact the store's history at once instead of waiting for rk's 5-minute compactor).
struct Etcd {
    child: Child,
    url: String,
    dir: tempfile::TempDir,
}

impl Etcd {
    fn start() -> Etcd {
        let free_port = || {
            TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port()
        };
        let mut last_log = String::new();
        for _attempt in 0..3 {
            let dir = tempfile::tempdir().unwrap();
            let (client, peer) = (free_port(), free_port());
            let url = format!("http://127.0.0.1:{client}");
            let peer_url = format!("http://127.0.0.1:{peer}");
            let log = std::fs::File::create(dir.path().join("etcd.log")).unwrap();
            let child = Command::new("etcd")
                .arg("--name=default")
                .arg(format!("--data-dir={}", dir.path().join("data").display()))
                .arg(format!("--listen-client-urls={url}"))
                .arg(format!("--advertise-client-urls={url}"))
                .arg(format!("--listen-peer-urls={peer_url}"))
                .arg(format!("--initial-advertise-peer-urls={peer_url}"))
                .arg(format!("--initial-cluster=default={peer_url}"))
                .args([
                    "--heartbeat-interval=10",
                    "--election-timeout=100",
                    "--log-level=error",
                    "--logger=zap",
                ])
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .expect("start etcd (Debian package etcd-server)");
            let mut etcd = Etcd { child, url, dir };
            let deadline = Instant::now() + Duration::from_secs(20);
            while Instant::now() < deadline && etcd.child.try_wait().unwrap().is_none() {
                if etcd
                    .gateway("GET", "/health", None)
                    .contains(r#""health":"true""#)
                {
                    return etcd;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            last_log =
                std::fs::read_to_string(etcd.dir.path().join("etcd.log")).unwrap_or_default();
        }
        panic!("etcd did not become healthy in 3 attempts; its log:\n{last_log}");
    }

    /// etcd's JSON gateway (the v3 API over HTTP).
    fn gateway(&self, method: &str, path: &str, body: Option<&str>) -> String {
        let mut cmd = Command::new("curl");
        cmd.args(["-s", "--max-time", "5", "-X", method]);
        if let Some(b) = body {
            cmd.args(["-d", b]);
        }
        let out = cmd
            .arg(format!("{}{path}", self.url))
            .output()
            .expect("curl");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Compacts away every revision before the current one and returns the current one.
    fn compact(&self) -> u64 {
        let range: Value =
            serde_json::from_str(&self.gateway("POST", "/v3/kv/range", Some(r#"{"key":"AA=="}"#)))
                .unwrap();
        let revision = range["header"]["revision"].as_str().unwrap().to_string();
        let reply = self.gateway(
            "POST",
            "/v3/kv/compaction",
            Some(&format!(r#"{{"revision":"{revision}","physical":true}}"#)),
        );
        assert!(reply.contains("header"), "compaction failed: {reply}");
        revision.parse().unwrap()
    }
}

impl Drop for Etcd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn compacted_resource_versions_get_410_expired() {
    let etcd = Etcd::start();
    let rkd = Rkd::start(
        "apiserver",
        &["--store", &etcd.url.replace("http://", "etcd://")],
    );
    let admin = Admin::new(&rkd);
    let first = seed(&admin)["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .to_string();
    admin.json(
        "POST",
        CM,
        &serde_json::from_str(&config_map("c2")).unwrap(),
    );
    let page: Value = serde_json::from_str(&admin.get(&format!("{CM}?limit=1")).body).unwrap();
    let token = page["metadata"]["continue"]
        .as_str()
        .expect("a continue token")
        .to_string();
    let mut c1: Value = serde_json::from_str(&admin.get(&format!("{CM}/c1")).body).unwrap();
    c1["data"]["a"] = json!("2");
    admin.json("PUT", &format!("{CM}/c1"), &c1);
    let compacted = etcd.compact();
    assert!(compacted > first.parse().unwrap());
    let before = admin.snapshot();

    let mut wrong = send_all(
        &admin,
        vec![
            case(
                "LIST at exactly a compacted resourceVersion",
                "GET",
                format!("{CM}?resourceVersion={first}&resourceVersionMatch=Exact"),
            )
            .wants(410, "Expired")
            .message("The resourceVersion for the provided list is too old."),
            case(
                "LIST with a continue token from before the compaction",
                "GET",
                format!("{CM}?limit=1&continue={token}"),
            )
            .wants(410, "Expired")
            .message_starting(
                "The provided continue parameter is too old to display a consistent list result.",
            ),
        ],
    );
    // A WATCH from a compacted revision: Kubernetes answers 200 and then one ERROR event
    // carrying a 410 Expired Status (`too old resource version: N (M)`); a 410 reply is fine too.
    let watch = admin.get(&format!(
        "{CM}?watch=true&resourceVersion={first}&timeoutSeconds=2"
    ));
    let event: Value =
        serde_json::from_str(watch.body.lines().next().unwrap_or("")).unwrap_or(Value::Null);
    let status = if watch.code == 200 && event["type"] == "ERROR" {
        &event["object"]
    } else {
        &event
    };
    if !((watch.code == 200 || watch.code == 410)
        && status["code"] == 410
        && status["reason"] == "Expired")
    {
        wrong.push(format!(
            "WATCH from a compacted resourceVersion: wanted an ERROR event (or reply) with a 410 Expired Status, got {}: {}",
            watch.code, watch.body
        ));
    }
    // Reading at the current revision still works after the compaction.
    let now = admin.get(&format!(
        "{CM}?resourceVersion={compacted}&resourceVersionMatch=Exact"
    ));
    if now.code != 200 {
        wrong.push(format!(
            "LIST at the compaction revision: {} {}",
            now.code, now.body
        ));
    }
    assert_rejected_without_a_trace(&admin, &before, wrong);
}
