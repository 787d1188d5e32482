//! The watch cache against the embedded store in a temp dir: lists equal the store's, reads are
//! consistent, watches replay and fan out in order, slow watchers are cut off, memory is bounded.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use bytes::Bytes;
use rk_store::embedded::EmbeddedStore;
use rk_store::{AnyStore, Revision, Store};
use serde_json::{Value, json};
use tokio_stream::StreamExt as _;

use super::{Caches, Config};
use crate::printers::{self, IncludeObject};
use crate::registry;
use crate::request::{self, RequestInfo};
use crate::watch::{self, Rendering};

async fn open() -> (tempfile::TempDir, AnyStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open_dir(dir.path(), Default::default())
        .await
        .unwrap();
    (dir, AnyStore::Embedded(store))
}

fn info(path: &str, query: &str) -> RequestInfo {
    request::parse(&http::Method::GET, path, Some(query))
        .unwrap()
        .unwrap()
}

fn pods(ns: &str, query: &str) -> RequestInfo {
    let path = if ns.is_empty() {
        "/api/v1/pods".to_string()
    } else {
        format!("/api/v1/namespaces/{ns}/pods")
    };
    info(&path, query)
}

/// A pod as the registry stores it (no resourceVersion), about 1.2 KB of JSON.
fn pod(ns: &str, name: &str, app: &str, phase: &str) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "name": name, "namespace": ns, "uid": format!("0d5f4c1e-7a51-4b8e-9d6f-{:012}", name.len()),
            "creationTimestamp": "2026-01-01T00:00:00Z", "generation": 1,
            "labels": {"app": app, "tier": "backend", "pod-template-hash": "5d8f7c9b6d"},
            "annotations": {"kubernetes.io/description": "a pod of the watch cache's tests: \"quoted\", é, 世界, \\, \u{1}"},
            "managedFields": [{"apiVersion": "v1", "fieldsType": "FieldsV1", "manager": "kubectl", "operation": "Update",
                               "fieldsV1": {"f:metadata": {"f:labels": {".": {}, "f:app": {}}}, "f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {}}}}}],
        },
        "spec": {
            "containers": [{
                "name": "web", "image": "registry.example.com/team/web:1.2.3",
                "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                "env": [{"name": "MODE", "value": "production"}, {"name": "LOG_LEVEL", "value": "info"}],
                "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}},
                "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                "imagePullPolicy": "IfNotPresent",
            }],
            "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
            "serviceAccountName": "default", "schedulerName": "default-scheduler", "enableServiceLinks": true,
            "tolerations": [
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
            ],
        },
        "status": {"phase": phase, "qosClass": "Burstable", "podIP": "10.0.0.7",
                   "containerStatuses": [{"name": "web", "ready": phase == "Running", "restartCount": 2,
                                          "state": {"running": {"startedAt": "2026-01-01T00:00:05Z"}},
                                          "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-01-01T00:00:04Z"}}}]},
    })
}

/// A small pod, for the tests that move many events.
fn small(ns: &str, name: &str, phase: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns, "labels": {"app": "web"}}, "status": {"phase": phase}})
}

fn key(ns: &str, name: &str) -> String {
    format!("/pods/{ns}/{name}")
}

fn bytes(v: &Value) -> Bytes {
    Bytes::from(serde_json::to_vec(v).unwrap())
}

async fn put(store: &AnyStore, v: &Value) -> Revision {
    let k = key(
        v["metadata"]["namespace"].as_str().unwrap(),
        v["metadata"]["name"].as_str().unwrap(),
    );
    match store.get(&k).await.unwrap().0 {
        Some(old) => {
            store
                .update(&k, bytes(v), old.mod_revision, None)
                .await
                .unwrap()
                .mod_revision
        }
        None => store.create(&k, bytes(v), None).await.unwrap().mod_revision,
    }
}

/// Every item of a list, following continue tokens, checking each page against the store's.
async fn list_all_both(caches: &Caches, store: &AnyStore, ns: &str, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let q = match &token {
            Some(t) => format!("{query}&continue={t}"),
            None => query.to_string(),
        };
        let i = pods(ns, &q);
        let cached = caches
            .list_from_cache(&i)
            .await
            .unwrap_or_else(|e| panic!("not from the cache: {e}"));
        let stored = registry::list(store, &i).await.unwrap();
        let body = caches.list_json(&i).await.unwrap();
        let stored_body =
            registry::list_object(i.resource, registry::list(store, &i).await.unwrap()).to_string();
        assert_eq!(
            String::from_utf8(body.to_vec()).unwrap(),
            stored_body,
            "{ns} {q}"
        );
        assert_eq!(cached.items, stored.items, "{ns} {q}");
        // The Table written from the stored bytes is the one printed from the parsed objects.
        for include in [
            IncludeObject::Metadata,
            IncludeObject::None,
            IncludeObject::Object,
        ] {
            let now = 1_800_000_000;
            let table = caches.list_table(&i, include, now).await.unwrap();
            let rv = stored.revision.to_string();
            let page = printers::Page {
                resource_version: &rv,
                continue_token: stored.continue_token.as_deref(),
                include_column_definitions: true,
                include,
            };
            let printed = printers::table_including("", "pods", &stored.items, &page, now);
            assert_eq!(
                String::from_utf8(table.to_vec()).unwrap(),
                printed.to_string(),
                "{ns} {q} {include:?}"
            );
        }
        assert_eq!(cached.revision, stored.revision, "{ns} {q}");
        assert_eq!(cached.continue_token, stored.continue_token, "{ns} {q}");
        items.extend(cached.items);
        match cached.continue_token {
            Some(t) => token = Some(t),
            None => return items,
        }
    }
}

#[tokio::test]
async fn list_equals_the_stores_list_after_random_writes() {
    let (_dir, store) = open().await;
    let caches = Caches::new(store.clone());
    // The cache exists before the writes (follows them) and a second one after (loads them).
    assert!(caches.list(&pods("", "")).await.unwrap().items.is_empty());
    let namespaces = ["a", "b", "c"];
    let mut names: Vec<(String, String)> = Vec::new();
    for step in 0..400u32 {
        let r = rand::random_range(0..10);
        if r < 6 || names.is_empty() {
            let ns = namespaces[rand::random_range(0..3)];
            let name = format!("p{step}");
            put(
                &store,
                &pod(
                    ns,
                    &name,
                    ["web", "db"][rand::random_range(0..2)],
                    "Pending",
                ),
            )
            .await;
            names.push((ns.to_string(), name));
        } else if r < 9 {
            let (ns, name) = &names[rand::random_range(0..names.len())];
            let phase = ["Running", "Succeeded"][rand::random_range(0..2)];
            put(
                &store,
                &pod(
                    ns,
                    name,
                    ["web", "db", "cache"][rand::random_range(0..3)],
                    phase,
                ),
            )
            .await;
        } else {
            let (ns, name) = names.swap_remove(rand::random_range(0..names.len()));
            store.delete(&key(&ns, &name), None).await.unwrap();
        }
    }
    let late = Caches::new(store.clone());
    for caches in [&caches, &late] {
        for ns in ["", "a", "b", "zzz"] {
            for query in [
                "",
                "labelSelector=app%3Dweb",
                "labelSelector=app+in+(db,cache),tier",
                "fieldSelector=status.phase%3DRunning",
                "fieldSelector=metadata.name!%3Dp3,status.phase!%3DSucceeded",
                "limit=7",
                "limit=5&labelSelector=app%3Ddb",
            ] {
                let items = list_all_both(caches, &store, ns, query).await;
                let expected = match ns {
                    "" => names.len(),
                    n => names.iter().filter(|(ns, _)| ns == n).count(),
                };
                if query.is_empty() || query == "limit=7" {
                    assert_eq!(items.len(), expected, "{ns} {query}");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_write_through_another_store_handle_is_in_the_very_next_list() {
    let (_dir, store) = open().await;
    let caches = Caches::new(store.clone());
    let other = store.clone();
    for i in 0..50 {
        let rev = put(&other, &pod("ns", &format!("p{i}"), "web", "Pending")).await;
        let page = caches.list_from_cache(&pods("ns", "")).await.unwrap();
        assert!(page.revision >= rev);
        assert_eq!(page.items.len(), i + 1, "write {i} missing from the list");
        let rv = rev.to_string();
        assert_eq!(
            page.items
                .iter()
                .filter(|p| p["metadata"]["resourceVersion"] == rv.as_str())
                .count(),
            1
        );
    }
}

#[tokio::test]
async fn resource_versions_not_in_the_cache_go_to_the_store() {
    let (_dir, store) = open().await;
    let caches = Caches::new(store.clone());
    let first = put(&store, &pod("ns", "a", "web", "Pending")).await;
    put(&store, &pod("ns", "b", "web", "Pending")).await;
    assert_eq!(caches.list(&pods("ns", "")).await.unwrap().items.len(), 2);
    // Exact at an older revision: the cache no longer has it; the store does.
    let q = format!("resourceVersion={first}&resourceVersionMatch=Exact");
    assert!(caches.list_from_cache(&pods("ns", &q)).await.is_err());
    let page = caches.list(&pods("ns", &q)).await.unwrap();
    assert_eq!((page.items.len(), page.revision), (1, first));
    // A continue token from before the last change, likewise.
    let token = registry::encode_continue(first, "/pods/ns/");
    let page = caches
        .list(&pods("ns", &format!("limit=1&continue={token}")))
        .await
        .unwrap();
    assert_eq!(page.items[0]["metadata"]["name"], "a");
    // Not-older-than a revision the cache has, from the cache.
    assert!(
        caches
            .list_from_cache(&pods("ns", &format!("resourceVersion={first}")))
            .await
            .is_ok()
    );
    let Err(bad) = caches.list(&pods("ns", "resourceVersion=abc")).await else {
        panic!("accepted")
    };
    assert_eq!(bad.code, 400);
}

/// Reads a watch response: every line, until `n` lines arrived or `wait` passed.
async fn read_lines(body: &mut axum::body::BodyDataStream, n: usize, wait: Duration) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + wait;
    let mut buf = Vec::new();
    let mut lines = Vec::new();
    while lines.len() < n {
        let Ok(Some(Ok(chunk))) = tokio::time::timeout_at(deadline, body.next()).await else {
            break;
        };
        buf.extend_from_slice(&chunk);
        while let Some(i) = buf.iter().position(|b| *b == b'\n') {
            let l: Vec<u8> = buf.drain(..=i).collect();
            lines.push(serde_json::from_slice(&l).unwrap());
        }
    }
    lines
}

async fn open_watch(caches: &Caches, ns: &str, query: &str) -> axum::body::BodyDataStream {
    let resp = caches
        .watch(pods(ns, &format!("watch=true&{query}")), Rendering::Object)
        .await
        .unwrap();
    resp.into_body().into_data_stream()
}

fn summary(lines: &[Value]) -> Vec<(String, String, String)> {
    lines
        .iter()
        .map(|l| {
            let s = |p: &str| {
                l.pointer(p)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            (
                s("/type"),
                s("/object/metadata/name"),
                s("/object/metadata/resourceVersion"),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_watch_from_a_revision_in_the_window_replays_exactly_the_missed_events() {
    let (_dir, store) = open().await;
    let AnyStore::Embedded(embedded) = store.clone() else {
        unreachable!()
    };
    let caches = Caches::new(store.clone());
    put(&store, &pod("ns", "a", "web", "Pending")).await;
    put(&store, &pod("ns", "b", "db", "Pending")).await;
    let listed = caches.list(&pods("ns", "")).await.unwrap().revision;
    // Missed by a watcher that listed at `listed`: an update, a label change that leaves the
    // selector, a create in another namespace, a create, a delete.
    put(&store, &pod("ns", "a", "web", "Running")).await;
    put(&store, &pod("ns", "b", "web", "Running")).await;
    put(&store, &pod("other", "c", "web", "Pending")).await;
    put(&store, &pod("ns", "d", "web", "Pending")).await;
    store.delete(&key("ns", "a"), None).await.unwrap();
    put(&store, &pod("ns", "b", "db", "Running")).await;
    caches.list(&pods("ns", "")).await.unwrap();

    for query in [
        "",
        "labelSelector=app%3Dweb",
        "fieldSelector=metadata.name%3Db",
    ] {
        let q = format!("resourceVersion={listed}&{query}");
        let store_watchers = embedded.watcher_count();
        let mut cached = open_watch(&caches, "ns", &q).await;
        assert_eq!(
            embedded.watcher_count(),
            store_watchers,
            "served from the cache, not a store watch"
        );
        let resp = watch::serve(
            store.clone(),
            pods("ns", &format!("watch=true&{q}")),
            Rendering::Object,
        )
        .await
        .unwrap();
        let mut stored = resp.into_body().into_data_stream();
        let from_cache = read_lines(&mut cached, 100, Duration::from_millis(500)).await;
        let from_store = read_lines(&mut stored, 100, Duration::from_millis(500)).await;
        assert_eq!(from_cache, from_store, "{query}");
        let expected: &[(&str, &str)] = match query {
            "" => &[
                ("MODIFIED", "a"),
                ("MODIFIED", "b"),
                ("ADDED", "d"),
                ("DELETED", "a"),
                ("MODIFIED", "b"),
            ],
            "labelSelector=app%3Dweb" => &[
                ("MODIFIED", "a"),
                ("ADDED", "b"),
                ("ADDED", "d"),
                ("DELETED", "a"),
                ("DELETED", "b"),
            ],
            _ => &[("MODIFIED", "b"), ("MODIFIED", "b")],
        };
        let got: Vec<(String, String)> = summary(&from_cache)
            .into_iter()
            .map(|(t, n, _)| (t, n))
            .collect();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(t, n)| (t.to_string(), n.to_string()))
            .collect();
        assert_eq!(got, expected, "{query}");
    }

    // Initial events (resourceVersion unset / 0 / sendInitialEvents) match the store's too.
    for (q, n) in [
        ("", 2),
        ("resourceVersion=0", 2),
        (
            "sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
            3,
        ),
    ] {
        let mut cached = open_watch(&caches, "ns", q).await;
        let resp = watch::serve(
            store.clone(),
            pods("ns", &format!("watch=true&{q}")),
            Rendering::Object,
        )
        .await
        .unwrap();
        let mut stored = resp.into_body().into_data_stream();
        let a = read_lines(&mut cached, n, Duration::from_secs(2)).await;
        let b = read_lines(&mut stored, n, Duration::from_secs(2)).await;
        assert_eq!(a.len(), n, "{q}");
        assert_eq!(a, b, "{q}");
        assert_eq!(summary(&a)[0].1, "b");
    }
}

#[tokio::test]
async fn a_watch_older_than_the_window_is_served_by_the_store() {
    let (_dir, store) = open().await;
    let config = Config {
        window_events: 3,
        ..Config::default()
    };
    let caches = Caches::with_config(store.clone(), config);
    let first = put(&store, &pod("ns", "a", "web", "Pending")).await;
    caches.list(&pods("ns", "")).await.unwrap();
    for phase in ["Running", "Succeeded", "Failed", "Unknown", "Running"] {
        put(&store, &pod("ns", "a", "web", phase)).await;
    }
    caches.list(&pods("ns", "")).await.unwrap();
    let cache = caches.cache(
        crate::request::parse(&http::Method::GET, "/api/v1/pods", None)
            .unwrap()
            .unwrap()
            .resource,
    );
    assert_eq!(cache.window().0, 3);
    let mut w = open_watch(&caches, "ns", &format!("resourceVersion={first}")).await;
    let lines = read_lines(&mut w, 5, Duration::from_secs(2)).await;
    assert_eq!(lines.len(), 5, "all five updates, replayed by the store");
    assert!(lines.iter().all(|l| l["type"] == "MODIFIED"));
}

#[tokio::test]
async fn hundred_watchers_each_receive_every_one_of_a_thousand_writes_in_order() {
    let (_dir, store) = open().await;
    let caches = Caches::new(store.clone());
    let rev = caches.list(&pods("", "")).await.unwrap().revision;
    let mut watchers = Vec::new();
    for _ in 0..100 {
        watchers.push(open_watch(&caches, "", &format!("resourceVersion={rev}")).await);
    }
    let readers: Vec<_> = watchers
        .into_iter()
        .map(|mut w| {
            tokio::spawn(async move { read_lines(&mut w, 1000, Duration::from_secs(120)).await })
        })
        .collect();
    // 1,000 writes: 200 creates, then each pod updated four times, written concurrently in
    // rounds (so the store commits them in batches).
    for round in 0..5 {
        let writes = (0..200).map(|i| {
            let store = store.clone();
            async move {
                let phase = ["Pending", "Running", "Succeeded", "Failed", "Unknown"][round];
                put(&store, &small("ns", &format!("p{i}"), phase)).await
            }
        });
        futures::future::join_all(writes).await;
    }
    let mut first: Option<Vec<(String, String, String)>> = None;
    for reader in readers {
        let lines = summary(&reader.await.unwrap());
        assert_eq!(lines.len(), 1000);
        let revs: Vec<i64> = lines.iter().map(|(_, _, rv)| rv.parse().unwrap()).collect();
        assert!(revs.windows(2).all(|w| w[0] < w[1]), "in revision order");
        assert_eq!(lines.iter().filter(|(t, _, _)| t == "ADDED").count(), 200);
        match &first {
            None => first = Some(lines),
            Some(f) => assert_eq!(&lines, f, "every watcher sees the same events"),
        }
    }
}

#[tokio::test]
async fn a_watcher_that_never_reads_is_cut_off_while_the_others_keep_going() {
    let (_dir, store) = open().await;
    let config = Config {
        watcher_queue: 16,
        window_events: 100,
        ..Config::default()
    };
    let caches = Caches::with_config(store.clone(), config);
    let rev = caches.list(&pods("", "")).await.unwrap().revision;
    let mut stuck = open_watch(&caches, "", &format!("resourceVersion={rev}")).await;
    let reading = open_watch(&caches, "", &format!("resourceVersion={rev}")).await;
    // The reading watcher reports its progress, and the writer never gets more than a few
    // events ahead of it: on a loaded machine it must not fall behind (only `stuck` should).
    let (progress, mut seen) = tokio::sync::watch::channel(0usize);
    let reader = tokio::spawn(async move {
        let mut reading = reading;
        let mut lines = Vec::new();
        while lines.len() < 400 {
            let got = read_lines(&mut reading, 1, Duration::from_secs(60)).await;
            if got.is_empty() {
                break;
            }
            lines.extend(got);
            let _ = progress.send(lines.len());
        }
        lines
    });
    let cache = caches.cache(
        crate::request::parse(&http::Method::GET, "/api/v1/pods", None)
            .unwrap()
            .unwrap()
            .resource,
    );
    for i in 0..400 {
        put(
            &store,
            &small("ns", &format!("p{}", i % 50), ["Pending", "Running"][i % 2]),
        )
        .await;
        let _ = tokio::time::timeout(Duration::from_secs(30), seen.wait_for(|n| *n + 8 > i)).await;
    }
    let lines = reader.await.unwrap();
    assert_eq!(lines.len(), 400, "the reading watcher got every event");
    assert!(lines.iter().all(|l| l["type"] != "ERROR"));
    assert_eq!(
        cache.watcher_count(),
        1,
        "the stuck watcher is gone from the fan-out"
    );
    let (window, _) = cache.window();
    assert!(window <= 100, "the event window is bounded: {window}");
    // What the stuck client finds when it finally reads: what was already rendered for it,
    // then the ERROR.
    let stuck_lines = read_lines(&mut stuck, 1000, Duration::from_secs(2)).await;
    let last = stuck_lines.last().unwrap();
    assert_eq!(last["type"], "ERROR", "{last}");
    assert_eq!(last["object"]["code"], 410, "{last}");
    assert_eq!(last["object"]["reason"], "Expired", "{last}");
    assert!(
        last["object"]["message"]
            .as_str()
            .unwrap()
            .starts_with("too old resource version: "),
        "{last}"
    );
    assert!(stuck_lines.len() < 400);
}

#[tokio::test]
async fn a_watcher_whose_oldest_queued_event_leaves_the_window_is_cut_off_with_410() {
    let (_dir, store) = open().await;
    // A queue far larger than the window: only the window bounds what the watcher holds.
    let config = Config {
        watcher_queue: 100_000,
        window_events: 20,
        ..Config::default()
    };
    let caches = Caches::with_config(store.clone(), config);
    let rev = caches.list(&pods("", "")).await.unwrap().revision;
    let mut stuck = open_watch(&caches, "", &format!("resourceVersion={rev}")).await;
    let cache = caches.cache(
        crate::request::parse(&http::Method::GET, "/api/v1/pods", None)
            .unwrap()
            .unwrap()
            .resource,
    );
    assert_eq!(cache.watcher_count(), 1);
    // The watch task takes the first event and waits on the client (who never reads) once the
    // response's buffer is full; the rest queue until the window has moved past them.
    for i in 0..300 {
        put(
            &store,
            &small("ns", &format!("p{}", i % 10), ["Pending", "Running"][i % 2]),
        )
        .await;
    }
    caches.list(&pods("", "")).await.unwrap();
    assert_eq!(
        cache.watcher_count(),
        0,
        "the stuck watcher is cut off long before its queue is full"
    );
    let lines = read_lines(&mut stuck, 1000, Duration::from_secs(2)).await;
    let last = lines.last().unwrap();
    assert_eq!(last["type"], "ERROR", "{last}");
    assert_eq!(last["object"]["code"], 410, "{last}");
    assert!(
        last["object"]["message"]
            .as_str()
            .unwrap()
            .starts_with("too old resource version: "),
        "{last}"
    );
    assert!(lines.len() < 300, "{} lines", lines.len());
}

#[tokio::test]
async fn a_watch_far_older_than_the_window_gets_a_410_error_event_not_a_store_replay() {
    let (_dir, store) = open().await;
    let config = Config {
        window_events: 3,
        store_replay: 4,
        ..Config::default()
    };
    let caches = Caches::with_config(store.clone(), config);
    let first = put(&store, &pod("ns", "a", "web", "Pending")).await;
    caches.list(&pods("ns", "")).await.unwrap();
    for i in 0..10 {
        put(&store, &pod("ns", "a", "web", ["Running", "Failed"][i % 2])).await;
    }
    caches.list(&pods("ns", "")).await.unwrap();
    // As Kubernetes' watch cache answers: a 200 stream with one ERROR event, then its end (an
    // HTTP 410 would make kube-runtime's watcher retry the same revision instead of relisting).
    let mut w = open_watch(&caches, "ns", &format!("resourceVersion={first}")).await;
    let lines = read_lines(&mut w, 10, Duration::from_secs(2)).await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["type"], "ERROR", "{}", lines[0]);
    assert_eq!(lines[0]["object"]["code"], 410, "{}", lines[0]);
    assert_eq!(lines[0]["object"]["reason"], "Expired", "{}", lines[0]);
    let message = lines[0]["object"]["message"].as_str().unwrap_or("");
    assert!(
        message.starts_with("too old resource version: "),
        "{message}"
    );
    assert!(
        w.next().await.is_none(),
        "the stream ends after the ERROR event"
    );
}

#[tokio::test]
async fn bookmarks_carry_the_caches_revision() {
    let (_dir, store) = open().await;
    let config = Config {
        bookmark_interval: Duration::from_millis(100),
        ..Config::default()
    };
    let caches = Caches::with_config(store.clone(), config);
    let rev = caches.list(&pods("", "")).await.unwrap().revision;
    let mut w = open_watch(
        &caches,
        "ns",
        &format!("resourceVersion={rev}&allowWatchBookmarks=true"),
    )
    .await;
    // A write elsewhere moves the store on; the bookmark says the cache has it.
    let other = store
        .create("/configmaps/ns/x", Bytes::from_static(b"{}"), None)
        .await
        .unwrap()
        .mod_revision;
    let lines = read_lines(&mut w, 1, Duration::from_secs(5)).await;
    assert_eq!(lines[0]["type"], "BOOKMARK");
    assert_eq!(lines[0]["object"]["kind"], "Pod");
    let bookmarked: i64 = lines[0]["object"]["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(bookmarked >= rev);
    let later = read_lines(&mut w, 3, Duration::from_secs(5)).await;
    let last: i64 = later.last().unwrap()["object"]["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(last >= other, "bookmarks reach the store's revision");
}

#[tokio::test]
async fn a_reflector_the_store_cuts_off_reloads_and_its_watchers_are_told() {
    let dir = tempfile::tempdir().unwrap();
    // Room for two queued events: a batch of concurrent writes overflows the cache's watch.
    let config = rk_store::embedded::EmbeddedConfig {
        watch_capacity: 2,
        ..Default::default()
    };
    let store = AnyStore::Embedded(EmbeddedStore::open_dir(dir.path(), config).await.unwrap());
    let caches = Caches::new(store.clone());
    put(&store, &small("ns", "first", "Pending")).await;
    let rev = caches.list(&pods("", "")).await.unwrap().revision;
    let mut w = open_watch(&caches, "", &format!("resourceVersion={rev}")).await;
    let writes = (0..100).map(|i| {
        let store = store.clone();
        async move { put(&store, &small("ns", &format!("p{i}"), "Pending")).await }
    });
    futures::future::join_all(writes).await;
    let lines = read_lines(&mut w, 101, Duration::from_secs(10)).await;
    let last = lines.last().unwrap();
    assert_eq!(last["type"], "ERROR", "{last}");
    assert!(
        last["object"]["message"]
            .as_str()
            .unwrap()
            .contains("reloading"),
        "{last}"
    );
    // Reloaded, the cache lists what the store has.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while caches.list_from_cache(&pods("", "")).await.is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "the cache did not reload"
        );
    }
    assert_eq!(list_all_both(&caches, &store, "", "").await.len(), 101);
    assert_eq!(
        list_all_both(&caches, &store, "ns", "limit=10").await.len(),
        101
    );
}

/// Resident memory of this process, from /proc.
fn rss_bytes() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: usize = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

#[tokio::test]
async fn ten_thousand_pods_take_at_most_their_json_size_and_a_half_plus_50_mb() {
    let (_dir, store) = open().await;
    let mut json_bytes = 0;
    for batch in 0..20 {
        let writes = (0..500).map(|i| {
            let store = store.clone();
            let p = pod(
                &format!("ns{}", i % 10),
                &format!("web-{batch}-{i}"),
                "web",
                "Running",
            );
            async move {
                let len = serde_json::to_vec(&p).unwrap().len();
                put(&store, &p).await;
                len
            }
        });
        json_bytes += futures::future::join_all(writes)
            .await
            .into_iter()
            .sum::<usize>();
    }
    // The store's read of them all (its page cache, the allocator's arenas) is not the cache's.
    assert_eq!(
        registry::list(&store, &pods("", ""))
            .await
            .unwrap()
            .items
            .len(),
        10_000
    );
    let before = rss_bytes();
    let caches = Caches::new(store.clone());
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let page = loop {
        match caches.list_from_cache(&pods("", "limit=1")).await {
            Ok(page) => break page,
            Err(e) => assert!(
                std::time::Instant::now() < deadline,
                "the cache did not load: {e}"
            ),
        }
    };
    assert!(page.continue_token.is_some());
    let after = rss_bytes();
    let held = after.saturating_sub(before);
    println!(
        "10k pods: {} bytes of JSON; resident memory grew by {held} bytes ({:.2}× the JSON); process RSS {} MB",
        json_bytes,
        held as f64 / json_bytes as f64,
        after >> 20
    );
    assert!(
        held <= json_bytes * 3 / 2 + (50 << 20),
        "{held} bytes for {json_bytes} bytes of JSON"
    );
    // Every pod is there, parsed only when listed.
    let all = caches
        .list_from_cache(&pods("", "resourceVersion=0"))
        .await
        .unwrap();
    assert_eq!(all.items.len(), 10_000);
}

#[tokio::test]
async fn node_watchers_indexed_by_node_name_see_exactly_what_the_store_watch_sends() {
    let (_dir, store) = open().await;
    let caches = Caches::new(store.clone());
    let on = |name: &str, node: Option<&str>, phase: &str| {
        let mut p = small("ns", name, phase);
        if let Some(n) = node {
            p["spec"] = json!({"nodeName": n});
        }
        p
    };
    put(&store, &on("seed", None, "Pending")).await;
    let listed = caches.list(&pods("", "")).await.unwrap().revision;
    let queries = [
        "fieldSelector=spec.nodeName%3Dn1",
        "fieldSelector=spec.nodeName%3Dn2",
        "fieldSelector=spec.nodeName%3D",
        "fieldSelector=spec.nodeName%3Dn1,status.phase%3DRunning",
    ];
    let mut cached = Vec::new();
    for q in queries {
        cached.push(open_watch(&caches, "", &format!("resourceVersion={listed}&{q}")).await);
    }
    let cache = caches.cache(pods("", "").resource);
    assert_eq!(
        cache.indexed_watcher_count(),
        4,
        "every node watcher is in the index"
    );
    // Unbound, bound to n1 (the scheduler's binding), updated, another on n2, deleted.
    put(&store, &on("x", None, "Pending")).await;
    put(&store, &on("x", Some("n1"), "Pending")).await;
    put(&store, &on("x", Some("n1"), "Running")).await;
    put(&store, &on("y", Some("n2"), "Running")).await;
    store.delete(&key("ns", "x"), None).await.unwrap();
    caches.list(&pods("", "")).await.unwrap();

    let expected: [&[(&str, &str)]; 4] = [
        &[("ADDED", "x"), ("MODIFIED", "x"), ("DELETED", "x")],
        &[("ADDED", "y")],
        &[("ADDED", "x"), ("DELETED", "x")],
        &[("ADDED", "x"), ("DELETED", "x")],
    ];
    for ((q, body), want) in queries.iter().zip(cached.iter_mut()).zip(expected) {
        let from_cache = read_lines(body, 100, Duration::from_millis(500)).await;
        let resp = watch::serve(
            store.clone(),
            pods("", &format!("watch=true&resourceVersion={listed}&{q}")),
            Rendering::Object,
        )
        .await
        .unwrap();
        let from_store = read_lines(
            &mut resp.into_body().into_data_stream(),
            100,
            Duration::from_millis(500),
        )
        .await;
        assert_eq!(from_cache, from_store, "{q}");
        let got: Vec<(String, String)> = summary(&from_cache)
            .into_iter()
            .map(|(t, n, _)| (t, n))
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(t, n)| (t.to_string(), n.to_string()))
            .collect();
        assert_eq!(got, want, "{q}");
    }
}

/// The median of five runs of `f`, in milliseconds.
async fn median_ms<F: AsyncFnMut() -> usize>(mut f: F) -> (f64, usize) {
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..5 {
        let t = std::time::Instant::now();
        size = f().await;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times[2], size)
}

#[tokio::test]
async fn a_table_page_written_from_stored_bytes_is_the_printed_one_and_its_time_is_printed() {
    let (_dir, store) = open().await;
    let writes = (0..1_000).map(|i| {
        let store = store.clone();
        let mut p = pod(&format!("ns{}", i % 10), &format!("web-{i:04}"), "web", "Running");
        // managedFields as an API server records them for a created pod.
        p["metadata"]["managedFields"] = json!([{
            "apiVersion": "v1", "fieldsType": "FieldsV1", "manager": "kubectl-client-side-apply",
            "operation": "Update", "time": "2026-01-01T00:00:00Z",
            "fieldsV1": {"f:metadata": {"f:annotations": {".": {}, "f:kubernetes.io/description": {}},
                                        "f:labels": {".": {}, "f:app": {}, "f:pod-template-hash": {}, "f:tier": {}}},
                         "f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {".": {}, "f:env": {".": {}, "k:{\"name\":\"LOG_LEVEL\"}": {".": {}, "f:name": {}, "f:value": {}}, "k:{\"name\":\"MODE\"}": {".": {}, "f:name": {}, "f:value": {}}},
                                        "f:image": {}, "f:imagePullPolicy": {}, "f:name": {}, "f:ports": {".": {}, "k:{\"containerPort\":8080,\"protocol\":\"TCP\"}": {".": {}, "f:containerPort": {}, "f:protocol": {}}},
                                        "f:resources": {".": {}, "f:limits": {".": {}, "f:memory": {}}, "f:requests": {".": {}, "f:cpu": {}, "f:memory": {}}},
                                        "f:terminationMessagePath": {}, "f:terminationMessagePolicy": {}}},
                            "f:dnsPolicy": {}, "f:enableServiceLinks": {}, "f:restartPolicy": {}, "f:schedulerName": {}, "f:terminationGracePeriodSeconds": {}}},
        }]);
        async move { put(&store, &p).await }
    });
    futures::future::join_all(writes).await;
    let caches = Caches::new(store.clone());
    let page = pods("", "limit=500");
    let now = 1_800_000_000;
    // The old way: a Table printed from parsed objects.
    let print_parsed = async || {
        let list = caches.list(&page).await.unwrap();
        let rv = list.revision.to_string();
        printers::table(
            "",
            "pods",
            &list.items,
            &rv,
            list.continue_token.as_deref(),
            true,
            now,
        )
    };
    let (printed_ms, printed_len) =
        median_ms(async || print_parsed().await.to_string().len()).await;
    let (written_ms, written_len) = median_ms(async || {
        caches
            .list_table(&page, IncludeObject::Metadata, now)
            .await
            .unwrap()
            .len()
    })
    .await;
    let (json_ms, json_len) =
        median_ms(async || caches.list_json(&page).await.unwrap().len()).await;
    let printed = print_parsed().await;
    let written = caches
        .list_table(&page, IncludeObject::Metadata, now)
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8(written.to_vec()).unwrap(),
        printed.to_string()
    );
    assert_eq!(printed_len, written_len);
    println!(
        "500-row Table page of pods: printed from parsed objects {printed_ms:.2} ms, \
         written from stored bytes {written_ms:.2} ms ({written_len} bytes); \
         JSON List page {json_ms:.2} ms ({json_len} bytes)"
    );
}
