//! Node IPAM (Kubernetes' range allocator): each node gets a podCIDR — the lowest free subnet of
//! the cluster CIDR (default 10.42.0.0/16, a /24 per node) — in `spec.podCIDR` and
//! `spec.podCIDRs`; a deleted node's subnet is free again.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use k8s_openapi::api::core::v1::Node;
use kube::Client;
use kube::api::{Api, Patch, PatchParams};
use serde_json::json;

use crate::runtime::{Action, Informer, WorkQueue, get_by_key, key_of};

/// Node IPAM failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no podCIDR left in {cidr} for node {node}")]
    Exhausted { cidr: String, node: String },
    #[error("setting the podCIDR of node {node}: {source}")]
    Write {
        node: String,
        #[source]
        source: kube::Error,
    },
}

/// An IPv4 CIDR cut into per-node subnets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClusterCidr {
    pub base: u32,
    pub prefix: u8,
    pub node_prefix: u8,
}

/// Why a CIDR does not parse.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid CIDR {0:?}: expected an IPv4 address/prefix such as 10.42.0.0/16")]
pub struct ParseCidrError(pub String);

impl FromStr for ClusterCidr {
    type Err = ParseCidrError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseCidrError(s.to_string());
        let (ip, prefix) = s.split_once('/').ok_or_else(err)?;
        let ip: Ipv4Addr = ip.parse().map_err(|_| err())?;
        let prefix: u8 = prefix.parse().map_err(|_| err())?;
        if prefix > 30 {
            return Err(err());
        }
        let mask = if prefix == 0 {
            0
        } else {
            u32::MAX << (32 - prefix)
        };
        Ok(ClusterCidr {
            base: u32::from(ip) & mask,
            prefix,
            node_prefix: 24.max(prefix),
        })
    }
}

impl ClusterCidr {
    /// With per-node subnets of `/node_prefix`.
    pub fn with_node_prefix(mut self, node_prefix: u8) -> Self {
        self.node_prefix = node_prefix.clamp(self.prefix, 30);
        self
    }

    /// How many node subnets fit.
    pub fn capacity(&self) -> u64 {
        1u64 << (self.node_prefix - self.prefix)
    }

    /// The `i`th subnet as text.
    pub fn subnet(&self, i: u32) -> String {
        let ip = Ipv4Addr::from(self.base + (i << (32 - self.node_prefix)));
        format!("{ip}/{}", self.node_prefix)
    }

    /// The index of a subnet of this CIDR, if it is one.
    pub fn index_of(&self, cidr: &str) -> Option<u32> {
        let c: ClusterCidr = cidr.parse().ok()?;
        if c.prefix != self.node_prefix || c.base < self.base {
            return None;
        }
        let i = (c.base - self.base) >> (32 - self.node_prefix);
        (u64::from(i) < self.capacity()).then_some(i)
    }
}

/// The node IPAM controller.
pub struct NodeIpamController {
    client: Client,
    nodes: Arc<Informer<Node>>,
    pub queue: WorkQueue,
    cidr: ClusterCidr,
    /// Subnets in use; filled from every node before the first allocation.
    used: Mutex<Option<BTreeSet<u32>>>,
}

impl NodeIpamController {
    pub fn new(
        client: Client,
        nodes: Arc<Informer<Node>>,
        queue: WorkQueue,
        cidr: ClusterCidr,
    ) -> Arc<Self> {
        let c = Arc::new(NodeIpamController {
            client,
            nodes: nodes.clone(),
            queue: queue.clone(),
            cidr,
            used: Mutex::new(None),
        });
        let weak = Arc::downgrade(&c);
        nodes.on_event(move |_, n, deleted| {
            let Some(c) = weak.upgrade() else { return };
            if deleted {
                if let Some(i) = n
                    .spec
                    .as_ref()
                    .and_then(|s| s.pod_cidr.as_deref())
                    .and_then(|p| c.cidr.index_of(p))
                    && let Ok(mut used) = c.used.lock()
                    && let Some(u) = used.as_mut()
                {
                    u.remove(&i);
                }
            } else if n
                .spec
                .as_ref()
                .and_then(|s| s.pod_cidr.as_deref())
                .is_none_or(str::is_empty)
            {
                c.queue.add(key_of(n));
            }
        });
        c
    }

    pub fn keys(&self) -> Vec<String> {
        self.nodes
            .store()
            .state()
            .iter()
            .map(|n| key_of(n.as_ref()))
            .collect()
    }

    pub async fn reconcile(&self, name: String) -> Result<Action, Error> {
        self.nodes.wait_synced().await;
        let Some(node) = get_by_key(&self.nodes.store(), &name) else {
            return Ok(Action::Done);
        };
        let index = {
            let Ok(mut guard) = self.used.lock() else {
                return Ok(Action::Done);
            };
            let used = guard.get_or_insert_with(|| {
                self.nodes
                    .store()
                    .state()
                    .iter()
                    .filter_map(|n| {
                        n.spec
                            .as_ref()?
                            .pod_cidr
                            .as_deref()
                            .and_then(|p| self.cidr.index_of(p))
                    })
                    .collect()
            });
            if let Some(i) = node
                .spec
                .as_ref()
                .and_then(|s| s.pod_cidr.as_deref())
                .and_then(|p| self.cidr.index_of(p))
            {
                used.insert(i);
                return Ok(Action::Done);
            }
            if node
                .spec
                .as_ref()
                .and_then(|s| s.pod_cidr.as_deref())
                .is_some_and(|p| !p.is_empty())
            {
                return Ok(Action::Done);
            }
            let free = (0..self.cidr.capacity())
                .map(|i| i as u32)
                .find(|i| !used.contains(i));
            let Some(i) = free else {
                return Err(Error::Exhausted {
                    cidr: self.cidr.subnet(0),
                    node: name,
                });
            };
            used.insert(i);
            i
        };
        let subnet = self.cidr.subnet(index);
        let patch = json!({"spec": {"podCIDR": subnet, "podCIDRs": [subnet]}, "metadata": {"resourceVersion": node.metadata.resource_version}});
        match Api::<Node>::all(self.client.clone())
            .patch(&name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
        {
            Ok(_) => Ok(Action::Done),
            Err(source) => {
                if let Ok(mut g) = self.used.lock()
                    && let Some(u) = g.as_mut()
                {
                    u.remove(&index);
                }
                if matches!(&source, kube::Error::Api(s) if s.code == 404) {
                    return Ok(Action::Done);
                }
                Err(Error::Write { node: name, source })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cluster_cidr_is_cut_into_per_node_subnets() {
        let c: ClusterCidr = "10.42.0.0/16".parse().unwrap();
        assert_eq!(c.capacity(), 256);
        assert_eq!(c.subnet(0), "10.42.0.0/24");
        assert_eq!(c.subnet(255), "10.42.255.0/24");
        assert_eq!(c.index_of("10.42.7.0/24"), Some(7));
        assert_eq!(c.index_of("10.43.7.0/24"), None);
        let big: ClusterCidr = "10.0.0.0/8".parse().unwrap();
        assert_eq!(big.capacity(), 65536, "room for 5,000 nodes");
        assert_eq!(big.with_node_prefix(26).subnet(1), "10.0.0.64/26");
        assert!("10.42.0.0".parse::<ClusterCidr>().is_err());
        assert!("nonsense/8".parse::<ClusterCidr>().is_err());
    }
}
