//! The in-tree plugins, one file each, and the default profile's plugin set in upstream's order
//! (the order decides which reason a node reports first).

pub mod balanced_allocation;
pub mod inter_pod_affinity;
pub mod node_affinity;
pub mod node_name;
pub mod node_ports;
pub mod node_resources_fit;
pub mod node_unschedulable;
pub mod pod_topology_spread;
pub mod taint_toleration;

use std::sync::Arc;

use crate::counts::CountKey;
use crate::framework::{FilterPlugin, PodInfo, PreFilterPlugin, ScorePlugin};

/// The incremental counts the default profile's PreFilters will look for when scheduling `pod`
/// (see [`crate::counts`]), and whether placed pods' anti-affinity terms are among them.
pub fn count_keys(pod: &PodInfo) -> (Vec<CountKey>, bool) {
    let mut keys = pod_topology_spread::count_keys(pod);
    let (more, existing_anti) = inter_pod_affinity::count_keys(pod);
    keys.extend(more);
    (keys, existing_anti)
}

/// The plugins one profile runs at each extension point.
#[derive(Clone)]
pub struct Plugins {
    pub pre_filter: Vec<Arc<dyn PreFilterPlugin>>,
    pub filter: Vec<Arc<dyn FilterPlugin>>,
    pub score: Vec<Arc<dyn ScorePlugin>>,
}

impl Plugins {
    /// Kubernetes 1.33's default profile (the plugins rk implements).
    pub fn default_profile() -> Plugins {
        let ipa = Arc::new(inter_pod_affinity::InterPodAffinity);
        let pts = Arc::new(pod_topology_spread::PodTopologySpread);
        let taints = Arc::new(taint_toleration::TaintToleration);
        let affinity = Arc::new(node_affinity::NodeAffinity);
        let fit = Arc::new(node_resources_fit::NodeResourcesFit);
        Plugins {
            pre_filter: vec![pts.clone(), ipa.clone()],
            filter: vec![
                Arc::new(node_unschedulable::NodeUnschedulable),
                Arc::new(node_name::NodeName),
                taints.clone(),
                affinity.clone(),
                Arc::new(node_ports::NodePorts),
                fit.clone(),
                pts.clone(),
                ipa.clone(),
            ],
            score: vec![
                taints,
                affinity,
                fit,
                pts,
                ipa,
                Arc::new(balanced_allocation::BalancedAllocation),
            ],
        }
    }
}
