//! The etcd backend against a real etcd (`LocalEtcd`), one private etcd per test.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use bytes::Bytes;

use super::*;
use crate::types::WatchEvent;

struct Fixture {
    store: EtcdStore,
    etcd: LocalEtcd,
    _dir: tempfile::TempDir,
}

async fn etcd() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let etcd = LocalEtcd::start(dir.path()).await.expect("start etcd");
    let store = EtcdStore::connect(etcd.config()).await.expect("connect");
    Fixture {
        store,
        etcd,
        _dir: dir,
    }
}

fn val(s: &str) -> Bytes {
    Bytes::copy_from_slice(s.as_bytes())
}

/// The next watch item, failing the test after `secs` seconds.
async fn next(w: &mut WatchStream, secs: u64) -> Result<WatchEvent> {
    tokio::time::timeout(Duration::from_secs(secs), w.next())
        .await
        .expect("watch event in time")
        .expect("stream open")
}

/// The next item that is not a progress notification. The deadline covers the whole wait:
/// bookmarks arrive every second and must not keep a lost event from failing the test.
async fn next_change(w: &mut WatchStream) -> WatchEvent {
    let skip_progress = async {
        loop {
            match w.next().await.expect("stream open").expect("no error") {
                WatchEvent::Progress { .. } => continue,
                ev => return ev,
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), skip_progress)
        .await
        .expect("a change in time")
}

#[test]
fn from_url_parses_hosts_and_rejects_bad_urls() {
    let c = EtcdConfig::from_url("etcd://10.0.0.1:2379,etcd-2:32379,[::1]:4001,host-without-port")
        .unwrap();
    assert_eq!(
        c.endpoints,
        [
            "10.0.0.1:2379",
            "etcd-2:32379",
            "[::1]:4001",
            "host-without-port:2379"
        ]
    );
    assert_eq!(c.prefix, "/registry");
    // Without TLS files the endpoints are plain http.
    let (urls, tls) = c.transport().unwrap();
    assert!(tls.is_none());
    assert_eq!(urls[0], "http://10.0.0.1:2379");
    assert_eq!(urls[2], "http://[::1]:4001");
    let v6 = EtcdConfig::from_url("etcd://[::1]").unwrap();
    assert_eq!(v6.endpoints, ["[::1]:2379"]);
    for bad in [
        "http://h:1",
        "etcd://",
        "etcd://h:1,",
        "etcd://h:port",
        "etcd://h:0",
        "etcd://h:",
        "etcd://::1:2379",
        "etcd://h:1/path",
        "etcd://:1",
    ] {
        assert!(
            matches!(EtcdConfig::from_url(bad), Err(Error::InvalidUrl { .. })),
            "{bad} should be rejected"
        );
    }
}

#[tokio::test]
async fn connect_fails_clearly_when_nothing_listens() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = EtcdStore::connect(EtcdConfig::new([format!("http://127.0.0.1:{port}")]))
        .await
        .err()
        .unwrap();
    assert!(
        matches!(
            err,
            Error::Etcd { op: "connect", .. } | Error::EtcdResponse { op: "connect", .. }
        ),
        "{err}"
    );
    // The reason is in the message, not only in an error source.
    assert!(err.to_string().contains("onnection refused"), "{err}");
}

#[tokio::test]
async fn create_of_existing_key_is_already_exists() {
    let f = etcd().await;
    let kv = f.store.create("/pods/a", val("v1"), None).await.unwrap();
    assert_eq!(
        (kv.key.as_str(), kv.create_revision),
        ("/pods/a", kv.mod_revision)
    );
    let (got, rev) = f.store.get("/pods/a").await.unwrap();
    assert_eq!(got, Some(kv.clone()));
    assert_eq!(rev, kv.mod_revision);

    let err = f
        .store
        .create("/pods/a", val("v2"), None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::AlreadyExists { ref key } if key == "/pods/a"),
        "{err}"
    );
    // A failed compare takes no revision.
    assert_eq!(f.store.current_revision().await.unwrap(), kv.mod_revision);
    assert!(matches!(
        f.store.create("", val("x"), None).await,
        Err(Error::InvalidKey { .. })
    ));
}

#[tokio::test]
async fn keys_live_under_the_prefix() {
    let f = etcd().await;
    let other = EtcdStore::connect(f.etcd.config().with_prefix("/other"))
        .await
        .unwrap();
    f.store.create("/a", val("mine"), None).await.unwrap();
    other.create("/a", val("theirs"), None).await.unwrap();
    assert_eq!(
        f.store.get("/a").await.unwrap().0.unwrap().value,
        val("mine")
    );
    assert_eq!(
        other.get("/a").await.unwrap().0.unwrap().value,
        val("theirs")
    );
    let all = f.store.range(RangeRequest::prefix("")).await.unwrap();
    assert_eq!(
        all.kvs.iter().map(|kv| kv.key.as_str()).collect::<Vec<_>>(),
        ["/a"]
    );
    assert_eq!(other.count("").await.unwrap().0, 1);
}

#[tokio::test]
async fn update_with_stale_revision_is_conflict_with_current_value() {
    let f = etcd().await;
    let v1 = f.store.create("/cm/a", val("v1"), None).await.unwrap();
    let v2 = f
        .store
        .update("/cm/a", val("v2"), v1.mod_revision, None)
        .await
        .unwrap();
    assert_eq!(v2.create_revision, v1.create_revision);
    assert!(v2.mod_revision > v1.mod_revision);
    assert_eq!(f.store.get("/cm/a").await.unwrap().0, Some(v2.clone()));

    match f
        .store
        .update("/cm/a", val("v3"), v1.mod_revision, None)
        .await
    {
        Err(Error::Conflict {
            key,
            expected,
            current,
        }) => {
            assert_eq!((key.as_str(), expected), ("/cm/a", v1.mod_revision));
            assert_eq!(current.as_deref(), Some(&v2));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(matches!(
        f.store.update("/cm/missing", val("x"), 5, None).await,
        Err(Error::NotFound { .. })
    ));
    // Expected revision 0 must not create an absent key.
    assert!(matches!(
        f.store.update("/cm/missing", val("x"), 0, None).await,
        Err(Error::NotFound { .. })
    ));
    assert_eq!(f.store.get("/cm/missing").await.unwrap().0, None);
}

#[tokio::test]
async fn delete_returns_the_deleted_value_and_its_revision() {
    let f = etcd().await;
    assert!(matches!(
        f.store.delete("/x", None).await,
        Err(Error::NotFound { .. })
    ));
    let kv = f.store.create("/x", val("v"), None).await.unwrap();
    match f.store.delete("/x", Some(kv.mod_revision - 1)).await {
        Err(Error::Conflict { current, .. }) => assert_eq!(current.as_deref(), Some(&kv)),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let (deleted, rev) = f.store.delete("/x", Some(kv.mod_revision)).await.unwrap();
    assert_eq!(deleted, kv);
    assert_eq!(rev, kv.mod_revision + 1);
    assert_eq!(f.store.get("/x").await.unwrap(), (None, rev));
    assert!(matches!(
        f.store.delete("/x", Some(kv.mod_revision)).await,
        Err(Error::NotFound { .. })
    ));
    f.store.create("/y", val("v"), None).await.unwrap();
    assert_eq!(f.store.delete("/y", None).await.unwrap().0.key, "/y");
}

#[tokio::test]
async fn range_pages_with_limit_and_start_after() {
    let f = etcd().await;
    for k in ["a", "b", "c", "d", "e"] {
        f.store
            .create(&format!("/p/{k}"), val(k), None)
            .await
            .unwrap();
    }
    f.store.create("/q/x", val("x"), None).await.unwrap();
    f.store
        .create("/p", val("not under /p/"), None)
        .await
        .unwrap();
    let keys = |r: &RangeResponse| r.kvs.iter().map(|kv| kv.key.clone()).collect::<Vec<_>>();

    let page = f
        .store
        .range(RangeRequest::prefix("/p/").limit(2))
        .await
        .unwrap();
    assert_eq!(
        (keys(&page), page.more),
        (vec!["/p/a".to_string(), "/p/b".into()], true)
    );
    let current = f.store.current_revision().await.unwrap();
    assert_eq!(page.revision, current);
    let page = f
        .store
        .range(RangeRequest::prefix("/p/").limit(2).start_after("/p/b"))
        .await
        .unwrap();
    assert_eq!(
        (keys(&page), page.more),
        (vec!["/p/c".to_string(), "/p/d".into()], true)
    );
    let page = f
        .store
        .range(RangeRequest::prefix("/p/").limit(2).start_after("/p/d"))
        .await
        .unwrap();
    assert_eq!((keys(&page), page.more), (vec!["/p/e".to_string()], false));
    assert_eq!(page.kvs[0].value, val("e"));

    let all = f.store.range(RangeRequest::prefix("/p/")).await.unwrap();
    assert_eq!((all.kvs.len(), all.more), (5, false));
    // A continuation before the prefix starts at the prefix; one past it finds nothing.
    let all = f
        .store
        .range(RangeRequest::prefix("/p/").start_after("/a"))
        .await
        .unwrap();
    assert_eq!(all.kvs.len(), 5);
    let none = f
        .store
        .range(RangeRequest::prefix("/p/").start_after("/z"))
        .await
        .unwrap();
    assert!(none.kvs.is_empty() && !none.more);
    assert_eq!(f.store.count("/p/").await.unwrap(), (5, current));
    assert_eq!(f.store.count("/").await.unwrap().0, 7);
}

#[tokio::test]
async fn range_at_an_old_revision_sees_old_values() {
    let f = etcd().await;
    let v1 = f.store.create("/a", val("v1"), None).await.unwrap();
    f.store
        .update("/a", val("v2"), v1.mod_revision, None)
        .await
        .unwrap();
    f.store.create("/b", val("b"), None).await.unwrap();
    let old = f
        .store
        .range(RangeRequest::prefix("/").at_revision(v1.mod_revision))
        .await
        .unwrap();
    assert_eq!(old.kvs, vec![v1.clone()]);
    assert_eq!(old.revision, v1.mod_revision);
    let now = f.store.current_revision().await.unwrap();
    match f
        .store
        .range(RangeRequest::prefix("/").at_revision(now + 10))
        .await
    {
        Err(Error::FutureRevision { requested, current }) => {
            assert_eq!((requested, current), (now + 10, now))
        }
        other => panic!("expected FutureRevision, got {other:?}"),
    }
}

#[tokio::test]
async fn compacted_revisions_cannot_be_read_or_watched() {
    let f = etcd().await;
    assert_eq!(f.store.compacted_revision().await.unwrap(), 1);
    let v1 = f.store.create("/a", val("v1"), None).await.unwrap();
    let v2 = f
        .store
        .update("/a", val("v2"), v1.mod_revision, None)
        .await
        .unwrap();
    f.store.compact(v2.mod_revision).await.unwrap();
    assert_eq!(f.store.compacted_revision().await.unwrap(), v2.mod_revision);

    let expected = (v1.mod_revision, v2.mod_revision);
    match f
        .store
        .range(RangeRequest::prefix("/").at_revision(v1.mod_revision))
        .await
    {
        Err(Error::Compacted {
            requested,
            compacted,
        }) => assert_eq!((requested, compacted), expected),
        other => panic!("expected Compacted, got {other:?}"),
    }
    let at = f
        .store
        .range(RangeRequest::prefix("/").at_revision(v2.mod_revision))
        .await
        .unwrap();
    assert_eq!(at.kvs, vec![v2.clone()]);
    match f.store.watch("/", v1.mod_revision).await {
        Err(Error::Compacted {
            requested,
            compacted,
        }) => assert_eq!((requested, compacted), expected),
        Err(e) => panic!("expected Compacted, got {e}"),
        Ok(_) => panic!("expected Compacted, got a stream"),
    }
    // Compacted between the check and the watch: the stream itself ends with the error.
    let mut w = f.store.watch_stream("/", v1.mod_revision).await.unwrap();
    match next(&mut w, 5).await {
        Err(Error::Compacted {
            requested,
            compacted,
        }) => assert_eq!((requested, compacted), expected),
        other => panic!("expected Compacted, got {other:?}"),
    }
    assert!(w.next().await.is_none());

    assert!(matches!(
        f.store.compact(v2.mod_revision).await,
        Err(Error::Compacted { .. })
    ));
    assert!(matches!(
        f.store.compact(v2.mod_revision + 100).await,
        Err(Error::FutureRevision { .. })
    ));
}

#[tokio::test]
async fn watch_reports_puts_and_deletes_with_previous_values() {
    let f = etcd().await;
    let mut w = f.store.watch("/w/", 0).await.unwrap();
    let v1 = f.store.create("/w/a", val("v1"), None).await.unwrap();
    f.store.create("/elsewhere", val("x"), None).await.unwrap();
    let v2 = f
        .store
        .update("/w/a", val("v2"), v1.mod_revision, None)
        .await
        .unwrap();
    let (_, deleted_at) = f.store.delete("/w/a", None).await.unwrap();

    let expected = [
        WatchEvent::Put {
            kv: v1.clone(),
            prev: None,
        },
        WatchEvent::Put {
            kv: v2.clone(),
            prev: Some(v1.clone()),
        },
        WatchEvent::Delete {
            key: "/w/a".into(),
            revision: deleted_at,
            prev: Some(v2.clone()),
        },
    ];
    for ev in &expected {
        assert_eq!(&next_change(&mut w).await, ev);
    }
    // An idle watch gets bookmarks (LocalEtcd asks for one a second).
    loop {
        if let WatchEvent::Progress { revision } = next(&mut w, 5).await.unwrap() {
            assert!(revision >= deleted_at);
            break;
        }
    }
    // Watching from an old revision replays history.
    let mut replay = f.store.watch("/w/", v1.mod_revision).await.unwrap();
    for ev in &expected {
        assert_eq!(&next_change(&mut replay).await, ev);
    }
}

#[tokio::test]
async fn watch_resumes_across_an_etcd_restart_without_gap_or_duplicate() {
    let mut f = etcd().await;
    let mut w = f.store.watch("/r/", 0).await.unwrap();
    let first = f.store.create("/r/1", val("1"), None).await.unwrap();
    assert_eq!(next_change(&mut w).await.revision(), first.mod_revision);

    f.etcd.kill().unwrap();
    // Long enough for the watch's retries to back off past the restart, so the writes below
    // land before it is back and must come from history.
    tokio::time::sleep(Duration::from_millis(1700)).await;
    f.etcd.restart().await.unwrap();
    let mut written = Vec::new();
    for i in 2..=4 {
        written.push(
            f.store
                .create(&format!("/r/{i}"), val("x"), None)
                .await
                .unwrap()
                .mod_revision,
        );
    }
    let mut seen = Vec::new();
    while seen.len() < written.len() {
        seen.push(next_change(&mut w).await.revision());
    }
    assert_eq!(seen, written);
    // Nothing more (no duplicate) but bookmarks.
    let extra = tokio::time::timeout(Duration::from_millis(1500), next_change(&mut w)).await;
    assert!(extra.is_err(), "unexpected event {extra:?}");
}

#[tokio::test]
async fn ttl_expiry_deletes_the_key_with_a_delete_event() {
    let f = etcd().await;
    let mut w = f.store.watch("/leases/", 0).await.unwrap();
    let started = std::time::Instant::now();
    let kv = f
        .store
        .create("/leases/a", val("v"), Some(Duration::from_secs(1)))
        .await
        .unwrap();
    // The same TTL moments later shares the lease.
    let kv_b = f
        .store
        .create("/leases/b", val("v"), Some(Duration::from_millis(700)))
        .await
        .unwrap();
    f.store
        .create("/leases/keep", val("v"), None)
        .await
        .unwrap();
    assert!(matches!(next_change(&mut w).await, WatchEvent::Put { .. }));
    assert!(matches!(next_change(&mut w).await, WatchEvent::Put { .. }));
    assert!(matches!(next_change(&mut w).await, WatchEvent::Put { .. }));

    let mut expired = Vec::new();
    for _ in 0..2 {
        match next_change(&mut w).await {
            WatchEvent::Delete { key, prev, .. } => expired.push((key, prev)),
            other => panic!("expected a delete, got {other:?}"),
        }
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(5),
        "expired after {elapsed:?}"
    );
    expired.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        expired,
        vec![
            ("/leases/a".to_string(), Some(kv)),
            ("/leases/b".to_string(), Some(kv_b))
        ]
    );
    assert_eq!(f.store.get("/leases/a").await.unwrap().0, None);
    assert!(f.store.get("/leases/keep").await.unwrap().0.is_some());
}

#[tokio::test]
async fn values_over_the_limit_are_refused() {
    let f = etcd().await;
    let big = Bytes::from(vec![b'x'; MAX_VALUE_BYTES]);
    let kv = f.store.create("/big", big.clone(), None).await.unwrap();
    assert_eq!(
        f.store.get("/big").await.unwrap().0.unwrap().value.len(),
        MAX_VALUE_BYTES
    );
    let too_big = Bytes::from(vec![b'x'; MAX_VALUE_BYTES + 1]);
    match f.store.update("/big", too_big, kv.mod_revision, None).await {
        Err(Error::ValueTooLarge { key, size, limit }) => {
            assert_eq!(
                (key.as_str(), size, limit),
                ("/big", MAX_VALUE_BYTES + 1, MAX_VALUE_BYTES)
            )
        }
        other => panic!("expected ValueTooLarge, got {other:?}"),
    }
    // A request etcd itself refuses (a huge key with a value at the limit) reads the same.
    let huge_key = format!("/{}", "k".repeat(700 * 1024));
    assert!(matches!(
        f.store.create(&huge_key, big, None).await,
        Err(Error::ValueTooLarge { .. })
    ));
}

// TLS. The certificates come from the openssl command-line tool (Debian package openssl, in the
// Makefile's DEBS), made afresh in a temporary directory by each test.

/// The extensions each kind of certificate gets; `-subj` names them.
const OPENSSL_CONFIG: &str = "\
[req]
distinguished_name = dn
prompt = no
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
";

/// A throwaway PKI: a CA, etcd's certificate and a client certificate it signed, and a second CA
/// that signed nothing etcd presents.
struct Pki {
    files: TlsFiles,
    other_ca: std::path::PathBuf,
    dir: tempfile::TempDir,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run openssl (Debian package openssl)");
    assert!(
        out.status.success(),
        "openssl {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A P-256 key in `NAME.key` and a request (`NAME.csr`) or, with `self_signed_ext`, a
/// self-signed certificate (`NAME.crt`) with those extensions.
fn new_key(dir: &Path, name: &str, self_signed_ext: Option<&str>) {
    let (key, csr, crt, subj) = (
        format!("{name}.key"),
        format!("{name}.csr"),
        format!("{name}.crt"),
        format!("/CN=rk-test-{name}"),
    );
    let mut args = vec!["req", "-config", "openssl.cnf", "-newkey", "ec"];
    args.extend(["-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]);
    args.extend(["-keyout", &key, "-subj", &subj]);
    match self_signed_ext {
        Some(ext) => args.extend(["-x509", "-days", "2", "-extensions", ext, "-out", &crt]),
        None => args.extend(["-new", "-out", &csr]),
    }
    openssl(dir, &args);
}

/// `NAME.crt` from `NAME.csr`, signed by `ca`, with the extensions of section `ext`.
fn sign(dir: &Path, name: &str, ca: &str, ext: &str, serial: &str) {
    let (csr, crt, ca_crt, ca_key) = (
        format!("{name}.csr"),
        format!("{name}.crt"),
        format!("{ca}.crt"),
        format!("{ca}.key"),
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            &ca_crt,
            "-CAkey",
            &ca_key,
            "-set_serial",
            serial,
            "-days",
            "2",
            "-extfile",
            "openssl.cnf",
            "-extensions",
            ext,
            "-out",
            &crt,
        ],
    );
}

fn pki() -> Pki {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("openssl.cnf"), OPENSSL_CONFIG).unwrap();
    new_key(d, "ca", Some("ca"));
    new_key(d, "other-ca", Some("ca"));
    new_key(d, "server", None);
    sign(d, "server", "ca", "server", "2");
    new_key(d, "client", None);
    sign(d, "client", "ca", "client", "3");
    Pki {
        files: TlsFiles {
            ca_file: d.join("ca.crt"),
            server_cert_file: d.join("server.crt"),
            server_key_file: d.join("server.key"),
            client_cert_file: d.join("client.crt"),
            client_key_file: d.join("client.key"),
        },
        other_ca: d.join("other-ca.crt"),
        dir,
    }
}

struct TlsFixture {
    pki: Pki,
    etcd: LocalEtcd,
    _dir: tempfile::TempDir,
}

async fn tls_etcd() -> TlsFixture {
    let pki = pki();
    let dir = tempfile::tempdir().expect("temp dir");
    let etcd = LocalEtcd::start_tls(dir.path(), &pki.files)
        .await
        .expect("start etcd with TLS");
    TlsFixture {
        pki,
        etcd,
        _dir: dir,
    }
}

#[tokio::test]
async fn tls_with_a_client_certificate_creates_gets_and_watches() {
    let f = tls_etcd().await;
    assert!(f.etcd.endpoint().starts_with("https://127.0.0.1:"));
    let store = EtcdStore::connect(f.etcd.config()).await.unwrap();
    let mut w = store.watch("/pods/", 0).await.unwrap();
    let kv = store.create("/pods/a", val("v1"), None).await.unwrap();
    assert_eq!(store.get("/pods/a").await.unwrap().0, Some(kv.clone()));
    assert_eq!(
        next_change(&mut w).await,
        WatchEvent::Put {
            kv: kv.clone(),
            prev: None
        }
    );

    // As rkd will build it: the --store URL (bare HOST:PORT, made https by the TLS files).
    let t = &f.pki.files;
    let from_url = EtcdConfig::from_url(&f.etcd.url()).unwrap().with_tls(
        Some(t.ca_file.clone()),
        Some(t.client_cert_file.clone()),
        Some(t.client_key_file.clone()),
    );
    let other = EtcdStore::connect(from_url).await.unwrap();
    assert_eq!(other.get("/pods/a").await.unwrap().0, Some(kv));
}

#[tokio::test]
async fn tls_without_a_client_certificate_is_refused() {
    let f = tls_etcd().await;
    let config = f
        .etcd
        .config()
        .with_tls(Some(f.pki.files.ca_file.clone()), None, None);
    let err = EtcdStore::connect(config).await.err().unwrap();
    assert!(
        matches!(&err, Error::EtcdResponse { op: "connect", detail }
            if detail.contains("requires a client certificate")),
        "{err}"
    );
}

#[tokio::test]
async fn tls_with_a_ca_that_did_not_sign_the_server_certificate_fails() {
    let f = tls_etcd().await;
    let t = &f.pki.files;
    let config = f.etcd.config().with_tls(
        Some(f.pki.other_ca.clone()),
        Some(t.client_cert_file.clone()),
        Some(t.client_key_file.clone()),
    );
    let err = EtcdStore::connect(config).await.err().unwrap();
    let message = err.to_string();
    assert!(
        matches!(&err, Error::EtcdResponse { op: "connect", .. })
            && message.contains("does not verify with the CA file")
            && message.contains("other-ca.crt")
            && message.contains("UnknownIssuer"),
        "{message}"
    );

    // A client certificate from a CA etcd does not trust is refused too.
    let d = f.pki.dir.path();
    new_key(d, "rogue", Some("client"));
    let config = f.etcd.config().with_tls(
        Some(t.ca_file.clone()),
        Some(d.join("rogue.crt")),
        Some(d.join("rogue.key")),
    );
    let err = EtcdStore::connect(config).await.err().unwrap();
    assert!(
        err.to_string().contains("refused the client certificate")
            && err.to_string().contains("rogue.crt"),
        "{err}"
    );
}

#[tokio::test]
async fn tls_configuration_errors_name_the_file_or_the_missing_part() {
    let pki = pki();
    let t = &pki.files;
    let config = |ca: Option<&Path>, cert: Option<&Path>, key: Option<&Path>| {
        EtcdConfig::new(["127.0.0.1:1"]).with_tls(
            ca.map(Path::to_path_buf),
            cert.map(Path::to_path_buf),
            key.map(Path::to_path_buf),
        )
    };
    let (ca, cert, key) = (
        Some(t.ca_file.as_path()),
        Some(t.client_cert_file.as_path()),
        Some(t.client_key_file.as_path()),
    );

    // A bare endpoint becomes https; no connection is attempted before the files are read.
    let (urls, tls) = config(ca, cert, key).transport().unwrap();
    assert_eq!(urls, ["https://127.0.0.1:1"]);
    assert!(tls.is_some());

    let missing = pki.dir.path().join("missing.crt");
    let err = EtcdStore::connect(config(ca, Some(&missing), key))
        .await
        .err()
        .unwrap();
    assert!(
        matches!(&err, Error::TlsFile { what: "client certificate", path, .. } if *path == missing),
        "{err}"
    );
    assert!(err.to_string().contains("missing.crt"), "{err}");

    // A file without the expected PEM block: a key where the CA belongs, a certificate as key.
    let err = config(key, cert, key).transport().err().unwrap();
    assert!(
        matches!(&err, Error::TlsFile { what: "CA file", path, .. } if *path == t.client_key_file),
        "{err}"
    );
    let err = config(ca, cert, cert).transport().err().unwrap();
    assert!(
        matches!(
            &err,
            Error::TlsFile {
                what: "client key",
                ..
            }
        ),
        "{err}"
    );
    // A PEM block that does not parse is reported with the parser's reason.
    let garbled = pki.dir.path().join("garbled.key");
    std::fs::write(
        &garbled,
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    let err = EtcdStore::connect(config(ca, cert, Some(&garbled)))
        .await
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("failed to parse private key"),
        "{err}"
    );

    for (incomplete, says) in [
        (config(ca, cert, None), "without its key file"),
        (config(ca, None, key), "without its certificate file"),
        (config(None, cert, key), "no CA file"),
    ] {
        let err = EtcdStore::connect(incomplete).await.err().unwrap();
        assert!(err.to_string().contains(says), "{err}");
    }

    let mut plain = config(ca, cert, key);
    plain.endpoints = vec!["http://127.0.0.1:1".into()];
    let err = plain.transport().err().unwrap();
    assert!(
        matches!(&err, Error::InvalidUrl { reason, .. } if reason.contains("plain http")),
        "{err}"
    );
    let err = EtcdConfig::new(["https://127.0.0.1:1"])
        .transport()
        .err()
        .unwrap();
    assert!(matches!(err, Error::InvalidUrl { .. }), "{err}");
}
