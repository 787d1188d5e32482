//! The conformance cases. Each takes any `Store` and holds it to the contract.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use rk_store::{
    Error, KeyValue, MAX_VALUE_BYTES, RangeRequest, Revision, Store, WatchEvent, WatchStream,
};

fn b(s: &str) -> Bytes {
    Bytes::copy_from_slice(s.as_bytes())
}

/// The next change (progress notifications skipped) within a generous bound; panics on an error
/// or timeout.
async fn next_event(w: &mut WatchStream) -> WatchEvent {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let item = tokio::time::timeout_at(deadline, w.next())
            .await
            .expect("watch event within 20 s")
            .expect("watch stream open")
            .expect("watch event, not an error");
        if !matches!(item, WatchEvent::Progress { .. }) {
            return item;
        }
    }
}

pub async fn create_get_update_delete<S: Store>(s: &S) {
    let start = s.current_revision().await.unwrap();
    let kv = s.create("/t/a", b("1"), None).await.unwrap();
    assert!(kv.mod_revision > start);
    assert_eq!(kv.create_revision, kv.mod_revision);
    let (got, rev) = s.get("/t/a").await.unwrap();
    assert_eq!(got.as_ref(), Some(&kv));
    assert!(rev >= kv.mod_revision);

    let up = s
        .update("/t/a", b("2"), kv.mod_revision, None)
        .await
        .unwrap();
    assert_eq!(up.create_revision, kv.create_revision);
    assert!(up.mod_revision > kv.mod_revision);
    assert_eq!(up.value, b("2"));

    let (deleted, del_rev) = s.delete("/t/a", Some(up.mod_revision)).await.unwrap();
    assert_eq!(deleted, up);
    assert!(del_rev > up.mod_revision);
    assert_eq!(s.get("/t/a").await.unwrap().0, None);
    assert_eq!(s.current_revision().await.unwrap(), del_rev);

    // Re-created keys start a new life: a fresh create revision.
    let again = s.create("/t/a", b("3"), None).await.unwrap();
    assert_eq!(again.create_revision, again.mod_revision);
    assert!(again.create_revision > del_rev);
    // Unconditional delete.
    s.delete("/t/a", None).await.unwrap();
}

pub async fn failed_writes_take_no_revision<S: Store>(s: &S) {
    let kv = s.create("/t/k", b("v"), None).await.unwrap();
    let before = s.current_revision().await.unwrap();

    assert!(
        matches!(s.create("/t/k", b("x"), None).await, Err(Error::AlreadyExists { key }) if key == "/t/k")
    );
    match s.update("/t/k", b("x"), kv.mod_revision - 1, None).await {
        Err(Error::Conflict {
            key,
            expected,
            current,
        }) => {
            assert_eq!(key, "/t/k");
            assert_eq!(expected, kv.mod_revision - 1);
            assert_eq!(
                current.as_deref(),
                Some(&kv),
                "a conflict carries the current value"
            );
        }
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert!(matches!(
        s.update("/t/missing", b("x"), 5, None).await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.delete("/t/missing", None).await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.delete("/t/k", Some(kv.mod_revision + 100)).await,
        Err(Error::Conflict { .. })
    ));

    assert_eq!(s.current_revision().await.unwrap(), before);
    assert_eq!(s.get("/t/k").await.unwrap().0, Some(kv));
}

pub async fn range_pages_with_limit_and_continue<S: Store>(s: &S) {
    for i in 0..25 {
        s.create(&format!("/r/a/{i:03}"), b(&i.to_string()), None)
            .await
            .unwrap();
    }
    s.create("/r/b/x", b("x"), None).await.unwrap();
    s.create("/r/a", b("not under the prefix /r/a/"), None)
        .await
        .unwrap();

    let first = s
        .range(RangeRequest::prefix("/r/a/").limit(10))
        .await
        .unwrap();
    assert_eq!(first.kvs.len(), 10);
    assert!(first.more);
    assert_eq!(first.kvs[0].key, "/r/a/000");
    // Later pages read at the first page's revision, as a list continuation does.
    s.create("/r/a/zzz", b("written after the first page"), None)
        .await
        .unwrap();
    let mut keys: Vec<String> = first.kvs.iter().map(|kv| kv.key.clone()).collect();
    let mut last = keys.last().cloned().unwrap();
    loop {
        let page = s
            .range(
                RangeRequest::prefix("/r/a/")
                    .limit(10)
                    .start_after(last.clone())
                    .at_revision(first.revision),
            )
            .await
            .unwrap();
        assert_eq!(page.revision, first.revision);
        keys.extend(page.kvs.iter().map(|kv| kv.key.clone()));
        if !page.more {
            break;
        }
        last = page.kvs.last().unwrap().key.clone();
    }
    let expected: Vec<String> = (0..25).map(|i| format!("/r/a/{i:03}")).collect();
    assert_eq!(keys, expected);

    let all = s.range(RangeRequest::prefix("/r/a/")).await.unwrap();
    assert_eq!(all.kvs.len(), 26);
    assert!(!all.more);
    assert_eq!(s.count("/r/a/").await.unwrap().0, 26);
    assert_eq!(s.count("/r/").await.unwrap().0, 28);
    assert_eq!(s.count("/nothing/").await.unwrap().0, 0);
}

pub async fn range_at_every_old_revision_matches_history<S: Store>(s: &S) {
    // A deterministic mix of creates, updates and deletes over a few keys; the model records the
    // full state after every revision.
    let mut model: BTreeMap<String, KeyValue> = BTreeMap::new();
    let mut snapshots: Vec<(Revision, BTreeMap<String, KeyValue>)> = Vec::new();
    let mut seed = 7u64;
    for step in 0..120 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let key = format!("/h/{}", (seed >> 33) % 9);
        match model.get(&key).cloned() {
            None => {
                let kv = s.create(&key, b(&format!("v{step}")), None).await.unwrap();
                model.insert(key, kv);
            }
            Some(cur) if (seed >> 40).is_multiple_of(3) => {
                s.delete(&key, Some(cur.mod_revision)).await.unwrap();
                model.remove(&key);
            }
            Some(cur) => {
                let kv = s
                    .update(&key, b(&format!("v{step}")), cur.mod_revision, None)
                    .await
                    .unwrap();
                model.insert(key, kv);
            }
        }
        snapshots.push((s.current_revision().await.unwrap(), model.clone()));
    }
    for (rev, state) in &snapshots {
        let got = s
            .range(RangeRequest::prefix("/h/").at_revision(*rev))
            .await
            .unwrap();
        let want: Vec<KeyValue> = state.values().cloned().collect();
        assert_eq!(got.kvs, want, "range at revision {rev}");
        assert_eq!(got.revision, *rev);
        // And paged, at the same revision.
        let page = s
            .range(RangeRequest::prefix("/h/").at_revision(*rev).limit(2))
            .await
            .unwrap();
        assert_eq!(page.kvs, want.iter().take(2).cloned().collect::<Vec<_>>());
        assert_eq!(page.more, want.len() > 2);
    }
}

pub async fn future_revision_is_rejected<S: Store>(s: &S) {
    let cur = s.current_revision().await.unwrap();
    let r = s
        .range(RangeRequest::prefix("/").at_revision(cur + 10))
        .await;
    assert!(matches!(r, Err(Error::FutureRevision { .. })), "got {r:?}");
}

pub async fn watch_delivers_changes_in_order_with_previous_values<S: Store>(s: &S) {
    let mut w = s.watch("/w/", 0).await.unwrap();
    let a = s.create("/w/a", b("1"), None).await.unwrap();
    s.create("/elsewhere", b("not watched"), None)
        .await
        .unwrap();
    let a2 = s
        .update("/w/a", b("2"), a.mod_revision, None)
        .await
        .unwrap();
    let (_, del) = s.delete("/w/a", None).await.unwrap();

    assert_eq!(
        next_event(&mut w).await,
        WatchEvent::Put {
            kv: a.clone(),
            prev: None
        }
    );
    assert_eq!(
        next_event(&mut w).await,
        WatchEvent::Put {
            kv: a2.clone(),
            prev: Some(a)
        }
    );
    assert_eq!(
        next_event(&mut w).await,
        WatchEvent::Delete {
            key: "/w/a".into(),
            revision: del,
            prev: Some(a2)
        }
    );
}

pub async fn watch_from_old_revision_replays_exactly_the_missed_events<S: Store>(s: &S) {
    let mut revs = Vec::new();
    for i in 0..50 {
        revs.push(
            s.create(&format!("/o/{i:02}"), b("v"), None)
                .await
                .unwrap()
                .mod_revision,
        );
        s.create(&format!("/other/{i:02}"), b("v"), None)
            .await
            .unwrap();
    }
    let mut w = s.watch("/o/", revs[10]).await.unwrap();
    for want in &revs[10..] {
        assert_eq!(next_event(&mut w).await.revision(), *want);
    }
    let live = s.create("/o/live", b("v"), None).await.unwrap();
    assert_eq!(next_event(&mut w).await.revision(), live.mod_revision);
}

pub async fn watch_resumption_has_no_gaps_and_no_duplicates<S: Store + Clone>(s: &S) {
    const N: usize = 400;
    let mut from = s.current_revision().await.unwrap() + 1;
    let writer = {
        let s = s.clone();
        tokio::spawn(async move {
            let mut revs = Vec::with_capacity(N);
            for i in 0..N {
                revs.push(
                    s.create(&format!("/res/{i:04}"), b("v"), None)
                        .await
                        .unwrap()
                        .mod_revision,
                );
            }
            revs
        })
    };
    let mut seen: Vec<Revision> = Vec::new();
    // Consume in slices of 37 events, dropping the watch each time and resuming after the last.
    while seen.len() < N {
        let mut w = s.watch("/res/", from).await.unwrap();
        for _ in 0..37 {
            if seen.len() == N {
                break;
            }
            let rev = next_event(&mut w).await.revision();
            seen.push(rev);
            from = rev + 1;
        }
    }
    let written = writer.await.unwrap();
    assert_eq!(
        seen, written,
        "every write seen once, in order, across resumptions"
    );
}

pub async fn concurrent_cas_increments_are_exact<S: Store + Clone>(s: &S) {
    const TASKS: usize = 64;
    const INCREMENTS: usize = 1000;
    const KEYS: usize = 16;
    for k in 0..KEYS {
        s.create(&format!("/cas/{k}"), b("0"), None).await.unwrap();
    }
    let s = Arc::new(s.clone());
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let key = format!("/cas/{}", t % KEYS);
            let (mut cur, _) = s.get(&key).await.unwrap();
            let mut conflicts = 0u64;
            for _ in 0..INCREMENTS {
                loop {
                    let c = cur.clone().unwrap();
                    let n: u64 = std::str::from_utf8(&c.value).unwrap().parse().unwrap();
                    match s
                        .update(&key, b(&(n + 1).to_string()), c.mod_revision, None)
                        .await
                    {
                        Ok(kv) => {
                            cur = Some(kv);
                            break;
                        }
                        Err(Error::Conflict { current, .. }) => {
                            conflicts += 1;
                            cur = current.map(|b| *b);
                        }
                        Err(e) => panic!("increment failed: {e}"),
                    }
                }
            }
            conflicts
        }));
    }
    let mut conflicts = 0;
    for t in tasks {
        conflicts += t.await.unwrap();
    }
    let mut total = 0;
    for k in 0..KEYS {
        let (kv, _) = s.get(&format!("/cas/{k}")).await.unwrap();
        let n: usize = std::str::from_utf8(&kv.unwrap().value)
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(n, TASKS / KEYS * INCREMENTS, "key /cas/{k}");
        total += n;
    }
    assert_eq!(total, TASKS * INCREMENTS);
    assert!(
        conflicts > 0,
        "shared keys must have produced CAS conflicts"
    );
}

pub async fn ttl_expiry_produces_delete_events<S: Store>(s: &S) {
    let mut w = s.watch("/ttl/", 0).await.unwrap();
    let short = s
        .create("/ttl/short", b("v"), Some(Duration::from_secs(1)))
        .await
        .unwrap();
    let kept = s
        .create("/ttl/kept", b("v"), Some(Duration::from_secs(1)))
        .await
        .unwrap();
    // Rewriting without a TTL removes the expiry.
    let kept = s
        .update("/ttl/kept", b("w"), kept.mod_revision, None)
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut events = Vec::new();
    while !events
        .iter()
        .any(|e| matches!(e, WatchEvent::Delete { .. }))
    {
        events.push(next_event(&mut w).await);
    }
    let elapsed = started.elapsed();
    let deleted = events.into_iter().find_map(|e| match e {
        WatchEvent::Delete { key, prev, .. } => Some((key, prev)),
        _ => None,
    });
    assert_eq!(deleted, Some(("/ttl/short".to_string(), Some(short))));
    assert!(
        elapsed < Duration::from_secs(10),
        "expired after {elapsed:?}"
    );
    assert_eq!(s.get("/ttl/short").await.unwrap().0, None);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(s.get("/ttl/kept").await.unwrap().0, Some(kept));
}

pub async fn compaction_turns_old_reads_and_watches_into_compacted<S: Store>(s: &S) {
    let a = s.create("/c/a", b("1"), None).await.unwrap();
    let a2 = s
        .update("/c/a", b("2"), a.mod_revision, None)
        .await
        .unwrap();
    let b1 = s.create("/c/b", b("1"), None).await.unwrap();
    s.delete("/c/b", None).await.unwrap();
    let at = s.create("/c/c", b("1"), None).await.unwrap().mod_revision;
    let after = s
        .update("/c/a", b("3"), a2.mod_revision, None)
        .await
        .unwrap();

    s.compact(at).await.unwrap();
    assert_eq!(s.compacted_revision().await.unwrap(), at);
    // Give a background compaction time to remove history.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let below = s
        .range(RangeRequest::prefix("/c/").at_revision(at - 1))
        .await;
    assert!(
        matches!(below, Err(Error::Compacted { requested, compacted }) if requested == at - 1 && compacted == at),
        "got {below:?}"
    );
    assert!(
        matches!(s.watch("/c/", at - 1).await, Err(Error::Compacted { .. })),
        "watch below the compaction"
    );
    assert!(
        matches!(s.compact(at - 1).await, Err(Error::Compacted { .. })),
        "compacting backwards"
    );

    // At the compacted revision itself, history is intact.
    let snap = s
        .range(RangeRequest::prefix("/c/").at_revision(at))
        .await
        .unwrap();
    let keys: Vec<_> = snap
        .kvs
        .iter()
        .map(|kv| (kv.key.as_str(), kv.mod_revision))
        .collect();
    assert_eq!(keys, vec![("/c/a", a2.mod_revision), ("/c/c", at)]);
    assert!(b1.mod_revision < at);
    let mut w = s.watch("/c/", at).await.unwrap();
    assert_eq!(next_event(&mut w).await.revision(), at);
    assert_eq!(
        next_event(&mut w).await,
        WatchEvent::Put {
            kv: after,
            prev: Some(a2)
        }
    );
}

pub async fn values_near_the_limit_are_accepted_and_larger_rejected<S: Store>(s: &S) {
    let near = Bytes::from(vec![b'x'; MAX_VALUE_BYTES - 4096]);
    let kv = s.create("/big/near", near.clone(), None).await.unwrap();
    assert_eq!(s.get("/big/near").await.unwrap().0.unwrap().value, near);
    let over = Bytes::from(vec![b'x'; MAX_VALUE_BYTES + 1]);
    let before = s.current_revision().await.unwrap();
    match s.create("/big/over", over.clone(), None).await {
        Err(e @ Error::ValueTooLarge { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("/big/over") && msg.contains("limit"),
                "clear message: {msg}"
            );
        }
        other => panic!("expected ValueTooLarge, got {other:?}"),
    }
    assert!(matches!(
        s.update("/big/near", over, kv.mod_revision, None).await,
        Err(Error::ValueTooLarge { .. })
    ));
    assert_eq!(s.current_revision().await.unwrap(), before);
    assert_eq!(s.get("/big/over").await.unwrap().0, None);
}

pub async fn idle_watchers_get_progress_notifications<S: Store>(s: &S) {
    let mut w = s.watch("/quiet/", 0).await.unwrap();
    let rev = s
        .create("/busy/x", b("v"), None)
        .await
        .unwrap()
        .mod_revision;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    let mut progress: HashMap<&str, Revision> = HashMap::new();
    while tokio::time::Instant::now() < deadline {
        match tokio::time::timeout_at(deadline, w.next()).await {
            Ok(Some(Ok(WatchEvent::Progress { revision }))) if revision >= rev => {
                progress.insert("progress", revision);
                break;
            }
            Ok(Some(Ok(WatchEvent::Progress { .. }))) => {}
            other => panic!("expected only progress notifications, got {other:?}"),
        }
    }
    assert!(
        progress.contains_key("progress"),
        "a progress notification at or after revision {rev}"
    );
}
