//! Service ClusterIP and NodePort allocation through the real kubectl: the `kubernetes`
//! service, addresses and node ports in range, Kubernetes' errors, release on delete, and two
//! API servers on one etcd never handing out the same address.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use std::process::Output;

use rk_e2e::{Rkd, ok_stdout};
use serde_json::Value;

fn create(rkd: &Rkd, minor: u32, file: &str, manifest: &str) -> Output {
    let path = rkd.dir.path().join(format!("{file}.yaml"));
    std::fs::write(&path, manifest).unwrap();
    rkd.kubectl(
        minor,
        &["create", "--validate=false", "-f", path.to_str().unwrap()],
    )
}

fn service(name: &str, spec: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  namespace: default\nspec:\n{spec}"
    )
}

fn get_service(rkd: &Rkd, name: &str) -> Value {
    let out = ok_stdout(&rkd.kubectl(33, &["get", "service", name, "-n", "default", "-o", "json"]));
    serde_json::from_str(&out).unwrap()
}

fn stderr(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "expected a failure: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn in_service_cidr(ip: &str) -> bool {
    let ip: Ipv4Addr = ip.parse().unwrap();
    let [a, b, ..] = ip.octets();
    (a, b) == (10, 43) && ip != Ipv4Addr::new(10, 43, 0, 0) && ip != Ipv4Addr::new(10, 43, 255, 255)
}

#[test]
fn services_include_kubernetes_on_the_first_address_created_once() {
    let mut rkd = Rkd::start("apiserver", &[]);
    let svc = get_service(&rkd, "kubernetes");
    assert_eq!(svc["spec"]["clusterIP"], "10.43.0.1");
    assert_eq!(svc["spec"]["clusterIPs"], serde_json::json!(["10.43.0.1"]));
    assert_eq!(svc["spec"]["type"], "ClusterIP");
    assert_eq!(svc["spec"]["ipFamilies"], serde_json::json!(["IPv4"]));
    assert_eq!(svc["spec"]["ipFamilyPolicy"], "SingleStack");
    let port = &svc["spec"]["ports"][0];
    assert_eq!(
        (
            port["name"].as_str(),
            port["port"].as_i64(),
            port["targetPort"].as_i64()
        ),
        (Some("https"), Some(443), Some(6443))
    );
    assert_eq!(svc["metadata"]["labels"]["component"], "apiserver");
    assert_eq!(svc["metadata"]["labels"]["provider"], "kubernetes");
    let uid = svc["metadata"]["uid"].clone();

    rkd.restart();
    assert_eq!(get_service(&rkd, "kubernetes")["metadata"]["uid"], uid);
    // kubectl 1.27 sees it too.
    let ip = ok_stdout(&rkd.kubectl(
        27,
        &[
            "get",
            "svc",
            "kubernetes",
            "-o",
            "jsonpath={.spec.clusterIP}",
        ],
    ));
    assert_eq!(ip, "10.43.0.1");
}

#[test]
fn services_get_addresses_and_node_ports_in_range_and_deleting_frees_them() {
    let rkd = Rkd::start("apiserver", &[]);

    // A ClusterIP service: one address of the service CIDR, never the kubernetes service's.
    ok_stdout(&create(
        &rkd,
        33,
        "web",
        &service(
            "web",
            "  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: 8080\n",
        ),
    ));
    let web = get_service(&rkd, "web");
    let ip = web["spec"]["clusterIP"].as_str().unwrap().to_string();
    assert!(in_service_cidr(&ip) && ip != "10.43.0.1", "{ip}");
    assert_eq!(web["spec"]["clusterIPs"], serde_json::json!([ip]));
    assert_eq!(web["spec"]["ipFamilies"], serde_json::json!(["IPv4"]));

    // A NodePort service: a node port per port, in 30000–32767.
    ok_stdout(&create(
        &rkd,
        33,
        "np",
        &service(
            "np",
            "  type: NodePort\n  selector: {app: web}\n  ports:\n  - name: http\n    port: 80\n  - name: https\n    port: 443\n",
        ),
    ));
    let np = get_service(&rkd, "np");
    let ports: Vec<i64> = (0..2)
        .map(|i| np["spec"]["ports"][i]["nodePort"].as_i64().unwrap())
        .collect();
    assert!(
        ports.iter().all(|p| (30000..=32767).contains(p)),
        "{ports:?}"
    );
    assert_ne!(ports[0], ports[1]);
    assert!(in_service_cidr(np["spec"]["clusterIP"].as_str().unwrap()));

    // Headless: no address.
    ok_stdout(&create(
        &rkd,
        27,
        "headless",
        &service(
            "db",
            "  clusterIP: None\n  selector: {app: db}\n  ports:\n  - port: 5432\n",
        ),
    ));
    assert_eq!(get_service(&rkd, "db")["spec"]["clusterIP"], "None");

    // Asked-for addresses and ports, Kubernetes' errors, and release on delete.
    ok_stdout(&create(
        &rkd,
        33,
        "fixed-a",
        &service(
            "fixed-a",
            "  clusterIP: 10.43.7.7\n  ports:\n  - port: 80\n",
        ),
    ));
    let taken = stderr(&create(
        &rkd,
        33,
        "fixed-b",
        &service(
            "fixed-b",
            "  clusterIP: 10.43.7.7\n  ports:\n  - port: 80\n",
        ),
    ));
    assert!(
        taken.contains(r#"The Service "fixed-b" is invalid: spec.clusterIPs: Invalid value: []string{"10.43.7.7"}: failed to allocate IP 10.43.7.7: provided IP is already allocated"#),
        "{taken}"
    );
    let outside = stderr(&create(
        &rkd,
        33,
        "bad",
        &service("bad", "  clusterIP: 1.2.3.4\n  ports:\n  - port: 80\n"),
    ));
    assert!(
        outside.contains(r#"The Service "bad" is invalid: spec.clusterIPs: Invalid value: []string{"1.2.3.4"}: failed to allocate IP 1.2.3.4: the provided IP (1.2.3.4) is not in the valid range. The range of valid IPs is 10.43.0.0/16"#),
        "{outside}"
    );
    let port_taken = stderr(&create(
        &rkd,
        33,
        "np2",
        &service(
            "np2",
            &format!(
                "  type: NodePort\n  ports:\n  - port: 80\n    nodePort: {}\n",
                ports[0]
            ),
        ),
    ));
    assert!(
        port_taken.contains(&format!(
            "spec.ports[0].nodePort: Invalid value: {}: provided port is already allocated",
            ports[0]
        )),
        "{port_taken}"
    );
    let port_low = stderr(&create(
        &rkd,
        33,
        "np3",
        &service(
            "np3",
            "  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 80\n",
        ),
    ));
    assert!(
        port_low.contains("spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767"),
        "{port_low}"
    );

    ok_stdout(&rkd.kubectl(33, &["delete", "service", "fixed-a", "np"]));
    ok_stdout(&create(
        &rkd,
        33,
        "fixed-b",
        &service(
            "fixed-b",
            "  clusterIP: 10.43.7.7\n  ports:\n  - port: 80\n",
        ),
    ));
    assert_eq!(
        get_service(&rkd, "fixed-b")["spec"]["clusterIP"],
        "10.43.7.7"
    );
    ok_stdout(&create(
        &rkd,
        33,
        "np2",
        &service(
            "np2",
            &format!(
                "  type: NodePort\n  ports:\n  - port: 80\n    nodePort: {}\n",
                ports[0]
            ),
        ),
    ));

    // A service held by a finalizer keeps its address until the last finalizer goes.
    let held = "  clusterIP: 10.43.8.8\n  ports:\n  - port: 80\n";
    ok_stdout(&create(
        &rkd,
        33,
        "fin",
        &service("fin", held).replace(
            "  namespace: default\n",
            "  namespace: default\n  finalizers: [example.com/hold]\n",
        ),
    ));
    ok_stdout(&rkd.kubectl(33, &["delete", "service", "fin", "--wait=false"]));
    let still = stderr(&create(&rkd, 33, "fin2", &service("fin2", held)));
    assert!(
        still.contains("provided IP is already allocated"),
        "{still}"
    );
    ok_stdout(&rkd.kubectl(
        33,
        &[
            "patch",
            "service",
            "fin",
            "--type=merge",
            "-p",
            r#"{"metadata":{"finalizers":null}}"#,
        ],
    ));
    ok_stdout(&create(&rkd, 33, "fin2", &service("fin2", held)));

    // Type changes take and give back node ports; the address stays.
    ok_stdout(&rkd.kubectl(
        33,
        &[
            "patch",
            "service",
            "web",
            "-p",
            r#"{"spec":{"type":"NodePort"}}"#,
        ],
    ));
    let web_np = get_service(&rkd, "web");
    let web_port = web_np["spec"]["ports"][0]["nodePort"].as_i64().unwrap();
    assert!((30000..=32767).contains(&web_port));
    assert_eq!(web_np["spec"]["clusterIP"], ip.as_str());
    ok_stdout(&rkd.kubectl(
        33,
        &[
            "patch",
            "service",
            "web",
            "-p",
            r#"{"spec":{"type":"ClusterIP"}}"#,
        ],
    ));
    let web_back = get_service(&rkd, "web");
    assert!(
        web_back["spec"]["ports"][0].get("nodePort").is_none(),
        "{web_back}"
    );
    ok_stdout(&create(
        &rkd,
        33,
        "np4",
        &service(
            "np4",
            &format!("  type: NodePort\n  ports:\n  - port: 80\n    nodePort: {web_port}\n"),
        ),
    ));
}

/// Two `rkd apiserver` processes on one etcd (separate data dirs; the second joins with the
/// first one's token), each creating 20 services concurrently with the other.
#[test]
fn services_from_two_api_servers_on_one_etcd_never_share_an_address() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let etcd_dir = tempfile::tempdir().unwrap();
    let etcd = runtime
        .block_on(rk_store::etcd::LocalEtcd::start(etcd_dir.path()))
        .expect("etcd (the Debian package etcd-server)");
    let url = etcd.url();
    let first = Rkd::start("apiserver", &["--store", &url]);
    let token = std::fs::read_to_string(first.dir.path().join("node-token")).unwrap();
    let servers = [
        first,
        Rkd::start("apiserver", &["--store", &url, "--token", token.trim()]),
    ];
    for rkd in &servers {
        // Both see the one kubernetes service (and kubectl's discovery cache is warm).
        assert_eq!(
            get_service(rkd, "kubernetes")["spec"]["clusterIP"],
            "10.43.0.1"
        );
    }

    std::thread::scope(|scope| {
        for (s, rkd) in servers.iter().enumerate() {
            for batch in 0..4 {
                scope.spawn(move || {
                    let manifest: Vec<String> = (0..5)
                        .map(|i| service(&format!("s{s}-b{batch}-{i}"), "  ports:\n  - port: 80\n"))
                        .collect();
                    ok_stdout(&create(
                        rkd,
                        33,
                        &format!("batch-{batch}"),
                        &manifest.join("---\n"),
                    ));
                });
            }
        }
    });

    let list: Value = serde_json::from_str(&ok_stdout(
        &servers[1].kubectl(33, &["get", "services", "-n", "default", "-o", "json"]),
    ))
    .unwrap();
    let ips: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["spec"]["clusterIP"].as_str().unwrap())
        .collect();
    assert_eq!(ips.len(), 41, "40 services and kubernetes");
    let distinct: BTreeSet<&str> = ips.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        41,
        "an address was handed out twice: {ips:?}"
    );
    assert!(ips.iter().all(|ip| in_service_cidr(ip)), "{ips:?}");
    drop(servers);
    drop(etcd);
}
