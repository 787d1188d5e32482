//! Measures the embedded store's write path on each candidate engine: a group-committed batch of
//! B CAS puts, each writing one log row (revision -> event) and one current-state row (key -> value),
//! committed durably. Prints puts/s and commit latency.
use std::time::Instant;

const VAL: usize = 256;
fn key(i: u64) -> Vec<u8> { format!("/registry/pods/default/pod-{:08}", i % 10_000).into_bytes() }

fn report(name: &str, b: usize, n: u64, t: std::time::Duration, lat: &mut Vec<f64>) {
    lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let p = |q: f64| lat[((lat.len() as f64 * q) as usize).min(lat.len() - 1)];
    println!("{name:8} batch {b:3}: {:>9.0} puts/s  commit p50 {:.3} ms p99 {:.3} ms", n as f64 / t.as_secs_f64(), p(0.5), p(0.99));
}

fn sqlite(dir: &std::path::Path, b: usize, n: u64) {
    let c = rusqlite::Connection::open(dir.join("s.db")).unwrap();
    c.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE log(rev INTEGER PRIMARY KEY, key BLOB, val BLOB); CREATE TABLE kv(key BLOB PRIMARY KEY, rev INTEGER, val BLOB) WITHOUT ROWID;").unwrap();
    let v = vec![7u8; VAL]; let mut rev = 0u64; let mut lat = vec![]; let t = Instant::now();
    while rev < n {
        let s = Instant::now();
        let tx = c.unchecked_transaction().unwrap();
        { let mut a = tx.prepare_cached("INSERT INTO log VALUES(?1,?2,?3)").unwrap();
          let mut k = tx.prepare_cached("INSERT OR REPLACE INTO kv VALUES(?1,?2,?3)").unwrap();
          for _ in 0..b { rev += 1; let kk = key(rev); a.execute(rusqlite::params![rev as i64, kk, v]).unwrap(); k.execute(rusqlite::params![kk, rev as i64, v]).unwrap(); } }
        tx.commit().unwrap(); lat.push(s.elapsed().as_secs_f64() * 1e3);
    }
    report("sqlite", b, n, t.elapsed(), &mut lat);
}

fn redb_(dir: &std::path::Path, b: usize, n: u64) {
    const LOG: redb::TableDefinition<u64, &[u8]> = redb::TableDefinition::new("log");
    const KV: redb::TableDefinition<&[u8], &[u8]> = redb::TableDefinition::new("kv");
    let db = redb::Database::create(dir.join("r.redb")).unwrap();
    let v = vec![7u8; VAL + 16]; let mut rev = 0u64; let mut lat = vec![]; let t = Instant::now();
    while rev < n {
        let s = Instant::now();
        let mut tx = db.begin_write().unwrap(); tx.set_quick_repair(std::env::var("QR").is_ok());
        { let mut l = tx.open_table(LOG).unwrap(); let mut k = tx.open_table(KV).unwrap();
          for _ in 0..b { rev += 1; let kk = key(rev); let mut e = kk.clone(); e.extend_from_slice(&v); l.insert(rev, e.as_slice()).unwrap(); k.insert(kk.as_slice(), v.as_slice()).unwrap(); } }
        tx.commit().unwrap(); lat.push(s.elapsed().as_secs_f64() * 1e3);
    }
    report("redb", b, n, t.elapsed(), &mut lat);
}

fn fjall_(dir: &std::path::Path, b: usize, n: u64) {
    let db = fjall::Database::builder(dir.join("f")).open().unwrap();
    let log = db.keyspace("log", fjall::KeyspaceCreateOptions::default).unwrap();
    let kv = db.keyspace("kv", fjall::KeyspaceCreateOptions::default).unwrap();
    let v = vec![7u8; VAL + 16]; let mut rev = 0u64; let mut lat = vec![]; let t = Instant::now();
    while rev < n {
        let s = Instant::now();
        let mut batch = db.batch().durability(Some(fjall::PersistMode::SyncAll));
        for _ in 0..b { rev += 1; let kk = key(rev); let mut e = kk.clone(); e.extend_from_slice(&v); batch.insert(&log, rev.to_be_bytes(), e); batch.insert(&kv, kk, v.clone()); }
        batch.commit().unwrap(); lat.push(s.elapsed().as_secs_f64() * 1e3);
    }
    report("fjall", b, n, t.elapsed(), &mut lat);
}

fn main() {
    for &b in &[1usize, 64] {
        let n = if b == 1 { 5_000 } else { 200_000 };
        let d = tempfile(); sqlite(&d, b, n); let d = tempfile(); redb_(&d, b, n); let d = tempfile(); fjall_(&d, b, n);
    }
}
fn tempfile() -> std::path::PathBuf { let p = std::env::temp_dir().join(format!("bc-{}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos())); std::fs::create_dir_all(&p).unwrap(); p }
