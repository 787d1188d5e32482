//! What only the embedded backend has: its file (durability at the file seam, group commit, bad
//! files at the data path) and reopening.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use rk_store::embedded::file::CrashableMemory;
use rk_store::embedded::{EmbeddedStore, FILE_NAME};
use rk_store::{Error, RangeRequest, Store};

use crate::harness::test_config;

async fn open_mem(mem: &CrashableMemory) -> EmbeddedStore {
    EmbeddedStore::open_with_backend(mem.clone(), Path::new("memory"), test_config())
        .await
        .expect("open over memory")
}

/// Writers run while the test repeatedly takes a power-failure image of the file: every write
/// acknowledged before an image was taken must be in that image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_write_is_acknowledged_before_its_sync() {
    let mem = CrashableMemory::default();
    let store = open_mem(&mem).await;
    let acked = Arc::new(Mutex::new(BTreeSet::new()));
    let mut writers = Vec::new();
    for w in 0..32 {
        let (store, acked) = (store.clone(), acked.clone());
        writers.push(tokio::spawn(async move {
            for i in 0..40 {
                let key = format!("/d/{w:02}-{i:03}");
                store
                    .create(&key, Bytes::from_static(b"v"), None)
                    .await
                    .unwrap();
                acked.lock().unwrap().insert(key);
            }
        }));
    }
    let mut images = Vec::new();
    while writers.iter().any(|w| !w.is_finished()) {
        let acked_now = acked.lock().unwrap().clone();
        images.push((acked_now, mem.crash_image()));
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    for w in writers {
        w.await.unwrap();
    }
    images.push((acked.lock().unwrap().clone(), mem.crash_image()));
    assert!(images.len() > 3);
    for (acked_before, image) in images {
        let crashed = CrashableMemory::from_image(image);
        let recovered = open_mem(&crashed).await;
        let keys: BTreeSet<String> = recovered
            .range(RangeRequest::prefix("/d/"))
            .await
            .unwrap()
            .kvs
            .into_iter()
            .map(|kv| kv.key)
            .collect();
        let lost: Vec<_> = acked_before.difference(&keys).collect();
        assert!(
            lost.is_empty(),
            "acknowledged before the crash but lost: {lost:?}"
        );
        recovered.close().await;
    }
    // Group commit: 1,280 writes from 32 writers needed far fewer syncs.
    assert!(
        store.syncs() < 1280 / 2,
        "{} syncs for 1280 writes",
        store.syncs()
    );
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_sync_fails_the_write_and_publishes_nothing() {
    let mem = CrashableMemory::default();
    let store = open_mem(&mem).await;
    store
        .create("/f/before", Bytes::from_static(b"v"), None)
        .await
        .unwrap();
    let rev = store.current_revision().await.unwrap();
    let mut w = store.watch("/f/", 0).await.unwrap();
    mem.fail_syncs(true);
    let r = store
        .create("/f/lost", Bytes::from_static(b"v"), None)
        .await;
    assert!(matches!(r, Err(Error::CommitFailed { .. })), "got {r:?}");
    assert_eq!(
        store.current_revision().await.unwrap(),
        rev,
        "no revision taken"
    );
    let nothing = tokio::time::timeout(std::time::Duration::from_millis(500), async {
        loop {
            match w.next().await {
                Some(Ok(rk_store::WatchEvent::Progress { .. })) => continue,
                other => return other,
            }
        }
    })
    .await;
    assert!(
        nothing.is_err(),
        "no event published for an unsynced write: {nothing:?}"
    );
    let image = mem.crash_image();
    let recovered = open_mem(&CrashableMemory::from_image(image)).await;
    assert!(recovered.get("/f/lost").await.unwrap().0.is_none());
    assert!(recovered.get("/f/before").await.unwrap().0.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reopening_keeps_data_revision_and_compaction() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open_dir(dir.path(), test_config())
        .await
        .unwrap();
    let kv = store
        .create("/p/a", Bytes::from_static(b"1"), None)
        .await
        .unwrap();
    let kv2 = store
        .update("/p/a", Bytes::from_static(b"2"), kv.mod_revision, None)
        .await
        .unwrap();
    store.compact(kv2.mod_revision).await.unwrap();
    let rev = store.current_revision().await.unwrap();
    store.close().await;
    drop(store);
    let store = EmbeddedStore::open_dir(dir.path(), test_config())
        .await
        .unwrap();
    assert_eq!(store.current_revision().await.unwrap(), rev);
    assert_eq!(store.compacted_revision().await.unwrap(), kv2.mod_revision);
    assert_eq!(store.get("/p/a").await.unwrap().0, Some(kv2.clone()));
    let next = store
        .update("/p/a", Bytes::from_static(b"3"), kv2.mod_revision, None)
        .await
        .unwrap();
    assert_eq!(next.mod_revision, rev + 1);
    store.close().await;
}

async fn open_error(dir: &Path) -> Error {
    match EmbeddedStore::open_dir(dir, test_config()).await {
        Ok(_) => panic!("opened a store over a bad file"),
        Err(e) => e,
    }
}

fn assert_names_file_and_fix(e: &Error, path: &Path) {
    assert!(matches!(e, Error::Corrupt { .. }), "got {e:?}");
    let msg = e.to_string();
    assert!(
        msg.contains(&path.display().to_string()),
        "names the file: {msg}"
    );
    assert!(
        msg.contains("move the file aside"),
        "says what to do: {msg}"
    );
}

#[tokio::test]
async fn a_garbage_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let garbage = b"this is not a database, but it is somebody's data\n".repeat(100);
    std::fs::write(&path, &garbage).unwrap();
    let e = open_error(dir.path()).await;
    assert_names_file_and_fix(&e, &path);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        garbage,
        "the file is left as it was"
    );
}

#[tokio::test]
async fn an_empty_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    std::fs::write(&path, b"").unwrap();
    assert_names_file_and_fix(&open_error(dir.path()).await, &path);
}

#[tokio::test]
async fn a_foreign_redb_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        let db = redb::Database::create(&path).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let mut t = txn
                .open_table(redb::TableDefinition::<&str, &str>::new("theirs"))
                .unwrap();
            t.insert("k", "v").unwrap();
        }
        txn.commit().unwrap();
    }
    let e = open_error(dir.path()).await;
    assert_names_file_and_fix(&e, &path);
    assert!(e.to_string().contains("not an rk store"), "{e}");
}

#[tokio::test]
async fn a_second_opener_is_refused_while_the_store_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open_dir(dir.path(), test_config())
        .await
        .unwrap();
    let e = open_error(dir.path()).await;
    assert!(e.to_string().contains("already open"), "{e}");
    store.close().await;
}
