//! Scale through the watch cache: 10k pods created over HTTPS (curl --parallel), listed whole and
//! in chunks by the real kubectl, and 100 concurrent watchers that each see every one of 100
//! later changes, in order. Prints rkd's resident memory and the LIST timings.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rk_e2e::{Rkd, ok_stdout};
use serde_json::{Value, json};

const PODS: usize = 10_000;
const WATCHERS: usize = 100;
const CHANGES: usize = 100;

fn name(i: usize) -> String {
    format!("web-{i:05}")
}

/// curl's TLS options for the admin credential, as config-file lines.
fn credentials(rkd: &Rkd) -> String {
    let tls = rkd.dir.path().join("tls");
    let q = |f: &str| format!("{:?}", tls.join(f).display().to_string());
    format!(
        "cacert = {}\ncert = {}\nkey = {}\n",
        q("ca.crt"),
        q("admin.crt"),
        q("admin.key")
    )
}

fn curl_args(rkd: &Rkd) -> Vec<String> {
    let tls = rkd.dir.path().join("tls");
    [
        "--cacert",
        "ca.crt",
        "--cert",
        "admin.crt",
        "--key",
        "admin.key",
    ]
    .chunks(2)
    .flat_map(|c| [c[0].to_string(), tls.join(c[1]).display().to_string()])
    .collect()
}

/// Runs curl with a config file of requests (`next`-separated), `parallel` at a time; returns
/// its output (one HTTP code per request).
fn curl_config(rkd: &Rkd, file: &str, requests: &[String], parallel: bool) -> String {
    let path = rkd.dir.path().join(file);
    std::fs::write(&path, requests.join("next\n")).unwrap();
    let mut cmd = Command::new("curl");
    cmd.arg("-s");
    if parallel {
        cmd.args(["--parallel", "--parallel-max", "32"]);
    }
    let out = cmd
        .arg("-K")
        .arg(&path)
        .stderr(Stdio::null())
        .output()
        .expect("curl");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn create_request(rkd: &Rkd, i: usize) -> String {
    let pod = json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name(i), "labels": {"app": "web", "shard": (i % 10).to_string()}},
        "spec": {"containers": [{"name": "web", "image": "registry.example.com/web:1.0", "ports": [{"containerPort": 8080}]}]},
    });
    format!(
        "url = \"{}/api/v1/namespaces/default/pods\"\n{}header = \"Content-Type: application/json\"\ndata = {:?}\noutput = \"/dev/null\"\nwrite-out = \"%{{http_code}}\\n\"\n",
        rkd.server,
        credentials(rkd),
        pod.to_string()
    )
}

/// GET of a JSON document with the admin credential.
fn get_json(rkd: &Rkd, path: &str) -> (Value, Duration) {
    let started = Instant::now();
    let mut args = curl_args(rkd);
    args.push(format!("{}{path}", rkd.server));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = Command::new("curl")
        .args(["-s", "-S", "--max-time", "60"])
        .args(&args)
        .output()
        .unwrap();
    let took = started.elapsed();
    (
        serde_json::from_slice(&ok_stdout(&out).into_bytes()).unwrap(),
        took,
    )
}

fn item_names(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
        .collect()
}

/// rkd's resident memory, found by its data dir on its command line.
fn rkd_rss(dir: &Path) -> Option<u64> {
    let dir = dir.display().to_string();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let cmdline = String::from_utf8_lossy(&cmdline);
        if cmdline.contains("rkd") && cmdline.contains(&dir) && !cmdline.contains("curl") {
            let status = std::fs::read_to_string(entry.path().join("status")).ok()?;
            let kb: u64 = status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))?
                .trim()
                .trim_end_matches(" kB")
                .trim()
                .parse()
                .ok()?;
            return Some(kb * 1024);
        }
    }
    None
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1048576.0)
}

/// A watch stream written to a file by curl; killed when dropped.
struct Watcher {
    child: Child,
    out: PathBuf,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Watcher {
    fn events(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .collect()
    }
}

#[test]
fn ten_thousand_pods_list_whole_and_in_chunks_and_a_hundred_watchers_see_every_change() {
    let started = Instant::now();
    let rkd = Rkd::start("apiserver", &[]);
    let idle_rss = rkd_rss(rkd.dir.path()).unwrap_or(0);

    // 10k pods, 32 requests at a time; whatever failed in transit is created again.
    let requests: Vec<String> = (0..PODS).map(|i| create_request(&rkd, i)).collect();
    let codes = curl_config(&rkd, "create.cfg", &requests, true);
    let created = codes.lines().filter(|c| *c == "201").count();
    if created < PODS {
        let (list, _) = get_json(&rkd, "/api/v1/namespaces/default/pods");
        let have: HashSet<String> = item_names(&list).into_iter().collect();
        let missing: Vec<String> = (0..PODS)
            .filter(|i| !have.contains(&name(*i)))
            .map(|i| create_request(&rkd, i))
            .collect();
        curl_config(&rkd, "create-again.cfg", &missing, true);
    }
    let created_in = started.elapsed();
    let before_cache = rkd_rss(rkd.dir.path()).unwrap_or(0);

    // The first LIST loads the cache; later ones are served from it.
    get_json(&rkd, "/api/v1/pods?limit=1");
    let (list, cached_took) = get_json(&rkd, "/api/v1/pods");
    let names = item_names(&list);
    assert_eq!(names.len(), PODS);
    let rv: i64 = list["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let with_cache = rkd_rss(rkd.dir.path()).unwrap_or(0);
    let json_bytes: usize = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.to_string().len())
        .sum();
    // resourceVersionMatch=Exact at a revision before the last change is served by the store.
    let (stored, store_took) = get_json(
        &rkd,
        &format!(
            "/api/v1/pods?resourceVersion={}&resourceVersionMatch=Exact",
            rv - 1
        ),
    );
    assert_eq!(item_names(&stored).len(), PODS - 1);
    let (_, cached_again) = get_json(&rkd, "/api/v1/pods");

    // kubectl: the whole list in one request (JSON and Table), and in chunks of 500.
    let whole = ok_stdout(&rkd.kubectl(33, &["get", "pods", "--chunk-size=0", "-o", "name"]));
    let whole: HashSet<&str> = whole.lines().collect();
    assert_eq!(whole.len(), PODS);
    let table = ok_stdout(&rkd.kubectl(33, &["get", "pods", "--chunk-size=0", "--no-headers"]));
    assert_eq!(table.lines().count(), PODS);
    let chunked = ok_stdout(&rkd.kubectl(33, &["get", "pods", "--chunk-size=500", "-o", "name"]));
    let chunked: Vec<&str> = chunked.lines().collect();
    assert_eq!(chunked.len(), PODS, "every pod once");
    assert_eq!(
        chunked.iter().collect::<HashSet<_>>().len(),
        PODS,
        "no pod twice"
    );
    assert!(chunked.contains(&"pod/web-00000") && chunked.contains(&"pod/web-09999"));

    // 100 watchers from the listed revision, each its own curl and connection.
    let url = format!(
        "{}/api/v1/namespaces/default/pods?watch=true&allowWatchBookmarks=true&resourceVersion={rv}",
        rkd.server
    );
    let watchers: Vec<Watcher> = (0..WATCHERS)
        .map(|i| {
            let out = rkd.dir.path().join(format!("watch-{i}.jsonl"));
            let child = Command::new("curl")
                .args(["-s", "-N"])
                .args(curl_args(&rkd))
                .arg("-o")
                .arg(&out)
                .arg(&url)
                .stderr(Stdio::null())
                .spawn()
                .expect("curl");
            Watcher { child, out }
        })
        .collect();
    // Each is connected once it has had a bookmark.
    let deadline = Instant::now() + Duration::from_secs(20);
    while watchers.iter().any(|w| w.events().is_empty()) {
        assert!(Instant::now() < deadline, "watchers did not all connect");
        std::thread::sleep(Duration::from_millis(100));
    }

    // 100 changes, one after the other (one curl, sequential requests).
    let patches: Vec<String> = (0..CHANGES)
        .map(|i| {
            format!(
                "url = \"{}/api/v1/namespaces/default/pods/{}\"\n{}request = \"PATCH\"\nheader = \"Content-Type: application/merge-patch+json\"\ndata = {:?}\noutput = \"/dev/null\"\nwrite-out = \"%{{http_code}}\\n\"\n",
                rkd.server,
                name(i * 97 % PODS),
                credentials(&rkd),
                json!({"metadata": {"labels": {"change": i.to_string()}}}).to_string()
            )
        })
        .collect();
    let codes = curl_config(&rkd, "patch.cfg", &patches, false);
    assert_eq!(
        codes.lines().filter(|c| *c == "200").count(),
        CHANGES,
        "{codes}"
    );

    let changes = |w: &Watcher| -> Vec<Value> {
        w.events()
            .into_iter()
            .filter(|e| e["type"] != "BOOKMARK")
            .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while watchers.iter().any(|w| changes(w).len() < CHANGES) {
        assert!(
            Instant::now() < deadline,
            "watchers still missing events: {:?}",
            watchers
                .iter()
                .map(|w| changes(w).len())
                .collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let expected: Vec<(String, String)> = (0..CHANGES)
        .map(|i| ("MODIFIED".to_string(), name(i * 97 % PODS)))
        .collect();
    for w in &watchers {
        let events = changes(w);
        let seen: Vec<(String, String)> = events
            .iter()
            .map(|e| {
                (
                    e["type"].as_str().unwrap().to_string(),
                    e["object"]["metadata"]["name"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect();
        assert_eq!(seen, expected, "every change, in order");
        let revs: Vec<i64> = events
            .iter()
            .map(|e| {
                e["object"]["metadata"]["resourceVersion"]
                    .as_str()
                    .unwrap()
                    .parse()
                    .unwrap()
            })
            .collect();
        assert!(revs.windows(2).all(|p| p[0] < p[1]) && revs[0] > rv);
        let labels: Vec<&str> = events
            .iter()
            .map(|e| {
                e["object"]["metadata"]["labels"]["change"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            labels,
            (0..CHANGES).map(|i| i.to_string()).collect::<Vec<_>>()
        );
    }
    drop(watchers);

    println!(
        "scale: {PODS} pods created in {created_in:.1?}; LIST of all from the cache {cached_took:.2?} (again {cached_again:.2?}), \
         from the store {store_took:.2?}; {} of pod JSON; rkd RSS idle {}, after creating {}, with the cache loaded {}; \
         {WATCHERS} watchers × {CHANGES} changes; total {:.1?}",
        mb(json_bytes as u64),
        mb(idle_rss),
        mb(before_cache),
        mb(with_cache),
        started.elapsed()
    );
}
