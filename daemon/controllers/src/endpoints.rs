//! The Endpoints and EndpointSlice controllers (one loop, two outputs): for each Service with a
//! selector, the pods it selects that have an IP become its Endpoints (ready addresses and
//! notReadyAddresses, terminating pods left out unless publishNotReadyAddresses) and its
//! EndpointSlices (every pod with ready/serving/terminating conditions, at most 100 endpoints
//! per slice, one set of slices per distinct port mapping). Named target ports are resolved per
//! pod from its containers' ports.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use k8s_openapi::api::core::v1::{
    EndpointAddress, EndpointPort, EndpointSubset, Endpoints, ObjectReference, Pod, Service,
};
use k8s_openapi::api::discovery::v1::{
    Endpoint, EndpointConditions, EndpointPort as SlicePort, EndpointSlice,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use kube::Client;
use kube::api::{Api, DeleteParams, PostParams};

use crate::pods;
use crate::runtime::{Action, Informer, WorkQueue, get_by_key, key_of, split_key};

pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";
pub const MANAGED_BY_LABEL: &str = "endpointslice.kubernetes.io/managed-by";
pub const MANAGED_BY: &str = "endpointslice-controller.k8s.io";
pub const HEADLESS_LABEL: &str = "service.kubernetes.io/headless";
/// Kubernetes' default `--max-endpoints-per-slice`.
pub const MAX_ENDPOINTS_PER_SLICE: usize = 100;

/// Endpoints controller failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("writing {kind} for service {key}: {source}")]
    Write {
        kind: &'static str,
        key: String,
        #[source]
        source: kube::Error,
    },
}

/// One port of one pod: (name, port, protocol, appProtocol).
pub type PortTuple = (String, i32, String, Option<String>);

/// A pod as an endpoint of a service.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PodEndpoint {
    pub ip: String,
    pub ready: bool,
    pub serving: bool,
    pub terminating: bool,
    pub node: Option<String>,
    pub name: String,
    pub uid: String,
}

/// The service's ports resolved against one pod (named target ports from its containers).
pub fn resolve_ports(svc: &Service, pod: &Pod) -> Vec<PortTuple> {
    let mut out = vec![];
    for p in svc
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_ref())
        .into_iter()
        .flatten()
    {
        let protocol = p.protocol.clone().unwrap_or_else(|| "TCP".into());
        let port = match &p.target_port {
            None => Some(p.port),
            Some(IntOrString::Int(i)) => Some(*i),
            Some(IntOrString::String(name)) => match name.parse::<i32>() {
                Ok(i) => Some(i),
                Err(_) => pod.spec.as_ref().and_then(|s| {
                    s.containers
                        .iter()
                        .flat_map(|c| c.ports.iter().flatten())
                        .find(|cp| {
                            cp.name.as_deref() == Some(name.as_str())
                                && cp.protocol.as_deref().unwrap_or("TCP") == protocol
                        })
                        .map(|cp| cp.container_port)
                }),
            },
        };
        if let Some(port) = port {
            out.push((
                p.name.clone().unwrap_or_default(),
                port,
                protocol,
                p.app_protocol.clone(),
            ));
        }
    }
    out
}

/// The pods of a service grouped by their resolved port set.
pub fn group_endpoints(
    svc: &Service,
    pods: &[Arc<Pod>],
) -> BTreeMap<Vec<PortTuple>, Vec<PodEndpoint>> {
    let selector = svc
        .spec
        .as_ref()
        .and_then(|s| s.selector.clone())
        .unwrap_or_default();
    let mut groups: BTreeMap<Vec<PortTuple>, Vec<PodEndpoint>> = BTreeMap::new();
    for pod in pods {
        let labels = pod.metadata.labels.clone().unwrap_or_default();
        if !selector.iter().all(|(k, v)| labels.get(k) == Some(v)) {
            continue;
        }
        if matches!(pods::phase(pod), "Succeeded" | "Failed") {
            continue;
        }
        let Some(ip) = pod
            .status
            .as_ref()
            .and_then(|s| s.pod_ip.clone())
            .filter(|ip| !ip.is_empty())
        else {
            continue;
        };
        let ready = pods::is_ready(pod);
        let terminating = pod.metadata.deletion_timestamp.is_some();
        let mut ports = resolve_ports(svc, pod);
        ports.sort();
        groups.entry(ports).or_default().push(PodEndpoint {
            ip,
            ready: ready && !terminating,
            serving: ready,
            terminating,
            node: pod.spec.as_ref().and_then(|s| s.node_name.clone()),
            name: pod.metadata.name.clone().unwrap_or_default(),
            uid: pod.metadata.uid.clone().unwrap_or_default(),
        });
    }
    for eps in groups.values_mut() {
        eps.sort();
    }
    groups
}

fn target_ref(ns: &str, e: &PodEndpoint) -> ObjectReference {
    ObjectReference {
        kind: Some("Pod".into()),
        namespace: Some(ns.into()),
        name: Some(e.name.clone()),
        uid: Some(e.uid.clone()),
        ..ObjectReference::default()
    }
}

/// The Endpoints subsets of a service.
pub fn subsets(
    ns: &str,
    groups: &BTreeMap<Vec<PortTuple>, Vec<PodEndpoint>>,
    publish_not_ready: bool,
) -> Vec<EndpointSubset> {
    let mut out = vec![];
    for (ports, eps) in groups {
        let addr = |e: &PodEndpoint| EndpointAddress {
            ip: e.ip.clone(),
            node_name: e.node.clone(),
            target_ref: Some(target_ref(ns, e)),
            hostname: None,
        };
        let ready: Vec<EndpointAddress> = eps
            .iter()
            .filter(|e| publish_not_ready || e.ready)
            .map(addr)
            .collect();
        let not_ready: Vec<EndpointAddress> = eps
            .iter()
            .filter(|e| !publish_not_ready && !e.ready && !e.terminating)
            .map(addr)
            .collect();
        if ready.is_empty() && not_ready.is_empty() {
            continue;
        }
        out.push(EndpointSubset {
            addresses: (!ready.is_empty()).then_some(ready),
            not_ready_addresses: (!not_ready.is_empty()).then_some(not_ready),
            ports: (!ports.is_empty()).then(|| {
                ports
                    .iter()
                    .map(|(name, port, protocol, app)| EndpointPort {
                        name: (!name.is_empty()).then(|| name.clone()),
                        port: *port,
                        protocol: Some(protocol.clone()),
                        app_protocol: app.clone(),
                    })
                    .collect()
            }),
        });
    }
    out
}

/// The desired slices: (address type, ports, endpoints), at most 100 endpoints each; one empty
/// slice for a service without endpoints.
pub fn slice_contents(
    ns: &str,
    groups: &BTreeMap<Vec<PortTuple>, Vec<PodEndpoint>>,
) -> Vec<(String, Vec<SlicePort>, Vec<Endpoint>)> {
    let mut out = vec![];
    for (ports, eps) in groups {
        let sports: Vec<SlicePort> = ports
            .iter()
            .map(|(name, port, protocol, app)| SlicePort {
                name: Some(name.clone()),
                port: Some(*port),
                protocol: Some(protocol.clone()),
                app_protocol: app.clone(),
            })
            .collect();
        for family in ["IPv4", "IPv6"] {
            let of_family: Vec<&PodEndpoint> = eps
                .iter()
                .filter(|e| e.ip.contains(':') == (family == "IPv6"))
                .collect();
            for chunk in of_family.chunks(MAX_ENDPOINTS_PER_SLICE) {
                let endpoints = chunk
                    .iter()
                    .map(|e| Endpoint {
                        addresses: vec![e.ip.clone()],
                        conditions: Some(EndpointConditions {
                            ready: Some(e.ready),
                            serving: Some(e.serving),
                            terminating: Some(e.terminating),
                        }),
                        node_name: e.node.clone(),
                        target_ref: Some(target_ref(ns, e)),
                        ..Endpoint::default()
                    })
                    .collect();
                out.push((family.to_string(), sports.clone(), endpoints));
            }
        }
    }
    if out.is_empty() {
        out.push(("IPv4".into(), vec![], vec![]));
    }
    out
}

pub struct EndpointsController {
    client: Client,
    services: Arc<Informer<Service>>,
    pods: Arc<Informer<Pod>>,
    endpoints: Arc<Informer<Endpoints>>,
    slices: Arc<Informer<EndpointSlice>>,
    pub queue: WorkQueue,
}

impl EndpointsController {
    pub fn new(
        client: Client,
        services: Arc<Informer<Service>>,
        pods: Arc<Informer<Pod>>,
        endpoints: Arc<Informer<Endpoints>>,
        slices: Arc<Informer<EndpointSlice>>,
        queue: WorkQueue,
    ) -> Arc<Self> {
        let q = queue.clone();
        services.on_event(move |_, s, _| q.add(key_of(s)));
        let q = queue.clone();
        endpoints.on_event(move |_, e, _| q.add(key_of(e)));
        let q = queue.clone();
        slices.on_event(move |_, s, _| {
            if let Some(svc) = s
                .metadata
                .labels
                .as_ref()
                .and_then(|l| l.get(SERVICE_NAME_LABEL))
            {
                q.add(format!(
                    "{}/{svc}",
                    s.metadata.namespace.as_deref().unwrap_or("")
                ));
            }
        });
        let c = Arc::new(EndpointsController {
            client,
            services: services.clone(),
            pods: pods.clone(),
            endpoints,
            slices,
            queue,
        });
        let weak = Arc::downgrade(&c);
        pods.on_event(move |old, p, _| {
            let Some(c) = weak.upgrade() else { return };
            let ns = p.metadata.namespace.as_deref().unwrap_or("");
            let labels: Vec<BTreeMap<String, String>> = old
                .into_iter()
                .chain(std::iter::once(p))
                .map(|p| p.metadata.labels.clone().unwrap_or_default())
                .collect();
            for svc in c.services.list_namespace(ns) {
                let Some(sel) = svc
                    .spec
                    .as_ref()
                    .and_then(|s| s.selector.as_ref())
                    .filter(|s| !s.is_empty())
                else {
                    continue;
                };
                if labels
                    .iter()
                    .any(|l| sel.iter().all(|(k, v)| l.get(k) == Some(v)))
                {
                    c.queue.add(key_of(svc.as_ref()));
                }
            }
        });
        c
    }

    pub fn keys(&self) -> Vec<String> {
        self.services
            .store()
            .state()
            .iter()
            .map(|s| key_of(s.as_ref()))
            .collect()
    }

    fn existing_slices(&self, ns: &str, name: &str) -> Vec<Arc<EndpointSlice>> {
        let mut v: Vec<Arc<EndpointSlice>> = self
            .slices
            .list_namespace(ns)
            .into_iter()
            .filter(|s| {
                let l = s.metadata.labels.clone().unwrap_or_default();
                l.get(SERVICE_NAME_LABEL).map(String::as_str) == Some(name)
                    && l.get(MANAGED_BY_LABEL).map(String::as_str) == Some(MANAGED_BY)
            })
            .collect();
        v.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
        v
    }

    pub async fn reconcile(&self, key: String) -> Result<Action, Error> {
        let (ns, name) = split_key(&key);
        let err = |kind: &'static str| {
            let key = key.clone();
            move |source| Error::Write { kind, key, source }
        };
        let ep_api: Api<Endpoints> = Api::namespaced(self.client.clone(), ns);
        let slice_api: Api<EndpointSlice> = Api::namespaced(self.client.clone(), ns);
        let svc = get_by_key(&self.services.store(), &key);
        let selector = svc
            .as_ref()
            .and_then(|s| s.spec.as_ref()?.selector.clone())
            .filter(|s| !s.is_empty());
        let Some((svc, _)) = svc.zip(selector) else {
            // Gone, or without a selector (its Endpoints are the user's): remove what we made.
            if get_by_key(&self.services.store(), &key).is_none()
                && get_by_key(&self.endpoints.store(), &key).is_some()
            {
                ignore_missing(ep_api.delete(name, &DeleteParams::default()).await)
                    .map_err(err("Endpoints"))?;
            }
            for s in self.existing_slices(ns, name) {
                ignore_missing(
                    slice_api
                        .delete(
                            s.metadata.name.as_deref().unwrap_or(""),
                            &DeleteParams::default(),
                        )
                        .await,
                )
                .map_err(err("EndpointSlice"))?;
            }
            return Ok(Action::Done);
        };
        let spec = svc.spec.clone().unwrap_or_default();
        let pods = self.pods.list_namespace(ns);
        let groups = group_endpoints(&svc, &pods);
        let mut labels = svc.metadata.labels.clone().unwrap_or_default();
        if spec.cluster_ip.as_deref() == Some("None") {
            labels.insert(HEADLESS_LABEL.into(), String::new());
        }
        // Endpoints.
        let want = subsets(
            ns,
            &groups,
            spec.publish_not_ready_addresses.unwrap_or(false),
        );
        let existing = get_by_key(&self.endpoints.store(), &key);
        let want_subsets = (!want.is_empty()).then_some(want);
        match existing {
            Some(e)
                if e.subsets == want_subsets
                    && e.metadata.labels.clone().unwrap_or_default() == labels => {}
            Some(e) => {
                let mut updated = (*e).clone();
                updated.subsets = want_subsets;
                updated.metadata.labels = Some(labels.clone());
                ep_api
                    .replace(name, &PostParams::default(), &updated)
                    .await
                    .map_err(err("Endpoints"))?;
            }
            None => {
                let e = Endpoints {
                    metadata: ObjectMeta {
                        name: Some(name.into()),
                        namespace: Some(ns.into()),
                        labels: Some(labels.clone()),
                        ..ObjectMeta::default()
                    },
                    subsets: want_subsets,
                };
                match ep_api.create(&PostParams::default(), &e).await {
                    Ok(_) => {}
                    Err(kube::Error::Api(s)) if s.code == 409 => {
                        return Ok(Action::RequeueAfter(std::time::Duration::from_millis(200)));
                    }
                    Err(e) => return Err(err("Endpoints")(e)),
                }
            }
        }
        // EndpointSlices.
        let mut slice_labels = labels;
        slice_labels.insert(SERVICE_NAME_LABEL.into(), name.into());
        slice_labels.insert(MANAGED_BY_LABEL.into(), MANAGED_BY.into());
        let desired = slice_contents(ns, &groups);
        let existing = self.existing_slices(ns, name);
        for (i, (family, ports, endpoints)) in desired.into_iter().enumerate() {
            let ports = (!ports.is_empty()).then_some(ports);
            match existing.get(i) {
                Some(s)
                    if s.address_type == family
                        && s.ports == ports
                        && s.endpoints == endpoints
                        && s.metadata.labels.as_ref() == Some(&slice_labels) => {}
                Some(s) if s.address_type == family => {
                    let mut updated = (**s).clone();
                    updated.ports = ports;
                    updated.endpoints = endpoints;
                    updated.metadata.labels = Some(slice_labels.clone());
                    slice_api
                        .replace(
                            s.metadata.name.as_deref().unwrap_or(""),
                            &PostParams::default(),
                            &updated,
                        )
                        .await
                        .map_err(err("EndpointSlice"))?;
                }
                other => {
                    // addressType is immutable: replace a slice of the other family.
                    if let Some(s) = other {
                        ignore_missing(
                            slice_api
                                .delete(
                                    s.metadata.name.as_deref().unwrap_or(""),
                                    &DeleteParams::default(),
                                )
                                .await,
                        )
                        .map_err(err("EndpointSlice"))?;
                    }
                    let slice = EndpointSlice {
                        metadata: ObjectMeta {
                            generate_name: Some(format!("{name}-")),
                            namespace: Some(ns.into()),
                            labels: Some(slice_labels.clone()),
                            owner_references: Some(vec![pods::owner_ref(svc.as_ref())]),
                            ..ObjectMeta::default()
                        },
                        address_type: family,
                        endpoints,
                        ports,
                    };
                    slice_api
                        .create(&PostParams::default(), &slice)
                        .await
                        .map_err(err("EndpointSlice"))?;
                }
            }
        }
        let n_desired = slice_contents(ns, &groups).len();
        for s in existing.iter().skip(n_desired) {
            ignore_missing(
                slice_api
                    .delete(
                        s.metadata.name.as_deref().unwrap_or(""),
                        &DeleteParams::default(),
                    )
                    .await,
            )
            .map_err(err("EndpointSlice"))?;
        }
        Ok(Action::Done)
    }
}

fn ignore_missing<T>(r: Result<T, kube::Error>) -> Result<(), kube::Error> {
    match r {
        Ok(_) => Ok(()),
        Err(kube::Error::Api(s)) if s.code == 404 => Ok(()),
        Err(e) => Err(e),
    }
}

/// Distinct port sets (for tests and logs).
pub fn port_sets(groups: &BTreeMap<Vec<PortTuple>, Vec<PodEndpoint>>) -> BTreeSet<Vec<i32>> {
    groups
        .keys()
        .map(|ps| ps.iter().map(|p| p.1).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn svc() -> Service {
        serde_json::from_value(json!({"metadata": {"name": "web", "namespace": "ns"},
            "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": "http"}, {"name": "metrics", "port": 9000}]}}))
        .unwrap()
    }

    fn pod(name: &str, ip: &str, ready: bool, terminating: bool, http_port: i32) -> Arc<Pod> {
        let mut p = json!({"metadata": {"name": name, "namespace": "ns", "uid": name, "labels": {"app": "web"}},
            "spec": {"nodeName": "n1", "containers": [{"name": "c", "ports": [{"name": "http", "containerPort": http_port}]}]},
            "status": {"phase": "Running", "podIP": ip, "conditions": [{"type": "Ready", "status": if ready {"True"} else {"False"}}]}});
        if terminating {
            p["metadata"]["deletionTimestamp"] = json!("2026-01-01T00:00:00Z");
        }
        Arc::new(serde_json::from_value(p).unwrap())
    }

    #[test]
    fn named_target_ports_resolve_per_pod_and_split_groups() {
        let pods = [
            pod("a", "10.0.0.1", true, false, 8080),
            pod("b", "10.0.0.2", true, false, 8081),
        ];
        let groups = group_endpoints(&svc(), &pods);
        assert_eq!(
            port_sets(&groups),
            [vec![8080, 9000], vec![8081, 9000]].into_iter().collect()
        );
    }

    #[test]
    fn endpoints_list_ready_and_not_ready_pods_but_not_terminating_ones() {
        let pods = [
            pod("a", "10.0.0.1", true, false, 8080),
            pod("b", "10.0.0.2", false, false, 8080),
            pod("c", "10.0.0.3", true, true, 8080),
            pod("noip", "", true, false, 8080),
        ];
        let groups = group_endpoints(&svc(), &pods);
        let s = subsets("ns", &groups, false);
        assert_eq!(s.len(), 1);
        let ips = |a: &Option<Vec<EndpointAddress>>| {
            a.iter().flatten().map(|a| a.ip.clone()).collect::<Vec<_>>()
        };
        assert_eq!(ips(&s[0].addresses), ["10.0.0.1"]);
        assert_eq!(ips(&s[0].not_ready_addresses), ["10.0.0.2"]);
        assert_eq!(
            s[0].ports
                .as_ref()
                .unwrap()
                .iter()
                .map(|p| p.port)
                .collect::<Vec<_>>(),
            [8080, 9000]
        );
    }

    #[test]
    fn slices_carry_ready_serving_and_terminating_and_hold_at_most_100_endpoints() {
        let pods = [pod("c", "10.0.0.3", true, true, 8080)];
        let slices = slice_contents("ns", &group_endpoints(&svc(), &pods));
        let cond = slices[0].2[0].conditions.clone().unwrap();
        assert_eq!(
            (cond.ready, cond.serving, cond.terminating),
            (Some(false), Some(true), Some(true))
        );
        let many: Vec<Arc<Pod>> = (0..250)
            .map(|i| {
                pod(
                    &format!("p{i}"),
                    &format!("10.1.{}.{}", i / 200, i % 200),
                    true,
                    false,
                    8080,
                )
            })
            .collect();
        let slices = slice_contents("ns", &group_endpoints(&svc(), &many));
        assert_eq!(
            slices.iter().map(|s| s.2.len()).collect::<Vec<_>>(),
            [100, 100, 50]
        );
        assert_eq!(
            slice_contents("ns", &BTreeMap::new()).len(),
            1,
            "an empty service keeps one empty slice"
        );
    }
}
