//! A writer for the crash test: creates numbered keys `/crash/NNNNNNNNNN` through the store
//! contract from 16 concurrent tasks and prints `ack N REVISION` for each acknowledged write,
//! until it is killed. Usage: `rk-store-crash-writer embedded DIR START` or
//! `rk-store-crash-writer etcd ENDPOINT START`.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rk_store::embedded::{EmbeddedConfig, EmbeddedStore};
use rk_store::etcd::{EtcdConfig, EtcdStore};
use rk_store::{AnyStore, Store};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(kind), Some(target), Some(start)) = (
        args.first(),
        args.get(1),
        args.get(2).and_then(|s| s.parse::<u64>().ok()),
    ) else {
        eprintln!("usage: rk-store-crash-writer embedded|etcd DIR|ENDPOINT START");
        return std::process::ExitCode::from(2);
    };
    let store = match kind.as_str() {
        "embedded" => {
            EmbeddedStore::open_dir(std::path::Path::new(target), EmbeddedConfig::default())
                .await
                .map(AnyStore::Embedded)
        }
        _ => EtcdStore::connect(EtcdConfig::new([target.clone()]))
            .await
            .map(AnyStore::Etcd),
    };
    let store = match store {
        Ok(s) => s,
        Err(e) => {
            eprintln!("open store: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let next = Arc::new(AtomicU64::new(start));
    let out = Arc::new(std::sync::Mutex::new(std::io::stdout()));
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let (store, next, out) = (store.clone(), next.clone(), out.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let value = bytes::Bytes::from(n.to_string());
                match store.create(&format!("/crash/{n:010}"), value, None).await {
                    Ok(kv) => {
                        let mut o = out
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        if writeln!(o, "ack {n} {}", kv.mod_revision)
                            .and_then(|_| o.flush())
                            .is_err()
                        {
                            return;
                        }
                    }
                    Err(e) => {
                        eprintln!("write {n}: {e}");
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    }
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    std::process::ExitCode::SUCCESS
}
