//! kill -9 a writer (and, for etcd, the etcd server) at random moments, at least 20 times;
//! after each restart every acknowledged key is there and the revisions have no holes and no
//! duplicates.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::Duration;

use rand::Rng;
use rk_store::{RangeRequest, Revision, Store};
use tokio::io::{AsyncBufReadExt, BufReader};

const CYCLES: u64 = 20;
const WRITER: &str = env!("CARGO_BIN_EXE_rk-store-crash-writer");

/// Runs the writer once, kills it (and calls `also_kill`) after a random delay once writes
/// flow, and returns every acknowledgement it printed: key number → revision.
async fn run_and_kill(args: &[String], also_kill: impl FnOnce()) -> BTreeMap<u64, Revision> {
    let mut child = tokio::process::Command::new(WRITER)
        .args(args)
        .stdout(Stdio::piped())
        // The writer reports failed writes on stderr; around a kill they are expected noise.
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn crash writer");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut acks = BTreeMap::new();
    let parse = |line: &str, acks: &mut BTreeMap<u64, Revision>| {
        let mut parts = line.split_whitespace().skip(1);
        let n = parts
            .next()
            .and_then(|p| p.parse().ok())
            .expect("ack number");
        let rev = parts
            .next()
            .and_then(|p| p.parse().ok())
            .expect("ack revision");
        acks.insert(n, rev);
    };
    // Wait for the first acknowledgement, then let it run for a random while.
    let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line()).await;
    let first = first
        .expect("writer acknowledges within 30 s")
        .expect("read")
        .expect("a line");
    parse(&first, &mut acks);
    let delay = rand::rng().random_range(1..300);
    let until = tokio::time::Instant::now() + Duration::from_millis(delay);
    while let Ok(Ok(Some(line))) = tokio::time::timeout_at(until, lines.next_line()).await {
        parse(&line, &mut acks);
    }
    also_kill();
    child.start_kill().expect("SIGKILL the writer");
    child.wait().await.expect("reap the writer");
    // Lines printed before the kill are acknowledgements too.
    while let Ok(Some(line)) = lines.next_line().await {
        if line.starts_with("ack ") {
            parse(&line, &mut acks);
        }
    }
    acks
}

/// Every acknowledged key holds its value at its acknowledged revision; the revisions of all
/// keys are one gap-free run ending at the current revision.
async fn verify<S: Store>(store: &S, acked: &BTreeMap<u64, Revision>) {
    let all = store
        .range(RangeRequest::prefix("/crash/"))
        .await
        .expect("range after restart");
    let found: BTreeMap<u64, (Revision, String)> = all
        .kvs
        .iter()
        .map(|kv| {
            let n = kv
                .key
                .trim_start_matches("/crash/")
                .parse()
                .expect("key number");
            (
                n,
                (
                    kv.mod_revision,
                    String::from_utf8_lossy(&kv.value).into_owned(),
                ),
            )
        })
        .collect();
    for (n, rev) in acked {
        let Some((found_rev, value)) = found.get(n) else {
            panic!("acknowledged key {n} lost")
        };
        assert_eq!(
            (found_rev, value.as_str()),
            (rev, n.to_string().as_str()),
            "key {n}"
        );
    }
    let mut revs: Vec<Revision> = found.values().map(|(r, _)| *r).collect();
    revs.sort_unstable();
    for pair in revs.windows(2) {
        assert_eq!(
            pair[1],
            pair[0] + 1,
            "revisions must have no holes and no duplicates"
        );
    }
    assert_eq!(
        revs.last().copied(),
        Some(all.revision),
        "the last write is the current revision"
    );
}

mod embedded {
    use super::*;
    use rk_store::embedded::EmbeddedStore;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn crash_kill9_loses_no_acknowledged_write() {
        let dir = tempfile::tempdir().unwrap();
        let mut acked = BTreeMap::new();
        for cycle in 0..CYCLES {
            let args = vec![
                "embedded".into(),
                dir.path().display().to_string(),
                (cycle * 10_000_000).to_string(),
            ];
            acked.extend(run_and_kill(&args, || {}).await);
            let store = EmbeddedStore::open_dir(dir.path(), crate::harness::test_config())
                .await
                .expect("reopen after kill -9");
            verify(&store, &acked).await;
            store.close().await;
        }
        assert!(
            acked.len() as u64 >= CYCLES,
            "writes were acknowledged in every cycle"
        );
    }
}

mod etcd {
    use super::*;
    use rk_store::etcd::{EtcdStore, LocalEtcd};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn crash_kill9_loses_no_acknowledged_write() {
        let dir = tempfile::tempdir().unwrap();
        let mut etcd = LocalEtcd::start(dir.path()).await.expect("start etcd");
        let mut acked = BTreeMap::new();
        for cycle in 0..CYCLES {
            let args = vec![
                "etcd".into(),
                etcd.endpoint(),
                (cycle * 10_000_000).to_string(),
            ];
            let pid = etcd.pid();
            // The store itself dies with the writer: SIGKILL etcd at the same moment.
            acked.extend(run_and_kill(&args, move || kill9(pid)).await);
            etcd.restart().await.expect("restart etcd after kill -9");
            let store = EtcdStore::connect(crate::harness::etcd_config(&etcd))
                .await
                .expect("reconnect");
            verify(&store, &acked).await;
        }
        assert!(
            acked.len() as u64 >= CYCLES,
            "writes were acknowledged in every cycle"
        );
    }

    fn kill9(pid: u32) {
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status();
    }
}
