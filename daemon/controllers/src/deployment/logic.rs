//! The Deployment controller's pure arithmetic and bookkeeping (Kubernetes'
//! `deployment/util`): maxSurge/maxUnavailable fenceposts, how far the new ReplicaSet may grow
//! and the old ones shrink, the pod-template-hash, revisions, conditions and status.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

pub const REVISION: &str = "deployment.kubernetes.io/revision";
pub const DESIRED_REPLICAS: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";
pub const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
pub const HASH_LABEL: &str = "pod-template-hash";

/// Annotations a ReplicaSet never copies from its Deployment (and `rollout undo` never copies back).
pub const SKIP_ANNOTATIONS: &[&str] = &[
    "kubectl.kubernetes.io/last-applied-configuration",
    REVISION,
    REVISION_HISTORY,
    DESIRED_REPLICAS,
    MAX_REPLICAS,
    "deprecated.deployment.rollback.to",
];

/// `IntOrString` scaled against `total` ("25%" of 10 is 3 rounding up, 2 rounding down).
pub fn scaled_value(
    v: Option<&IntOrString>,
    total: i32,
    round_up: bool,
    default_percent: i32,
) -> i32 {
    let percent = |p: i32| {
        let x = i64::from(p) * i64::from(total);
        let r = if round_up { (x + 99) / 100 } else { x / 100 };
        i32::try_from(r).unwrap_or(i32::MAX)
    };
    match v {
        Some(IntOrString::Int(i)) => *i,
        Some(IntOrString::String(s)) => s.trim_end_matches('%').parse().map(percent).unwrap_or(0),
        None => percent(default_percent),
    }
}

/// (maxSurge, maxUnavailable) as pod counts; never both zero (Kubernetes' `ResolveFenceposts`).
pub fn fenceposts(d: &Deployment) -> (i32, i32) {
    let replicas = replicas(d);
    let ru = d
        .spec
        .as_ref()
        .and_then(|s| s.strategy.as_ref())
        .and_then(|s| s.rolling_update.as_ref());
    let surge = scaled_value(ru.and_then(|r| r.max_surge.as_ref()), replicas, true, 25);
    let mut unavailable = scaled_value(
        ru.and_then(|r| r.max_unavailable.as_ref()),
        replicas,
        false,
        25,
    );
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    (surge, unavailable.min(replicas))
}

/// The Deployment's desired replicas (default 1).
pub fn replicas(d: &Deployment) -> i32 {
    d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
}

/// Whether the strategy is Recreate.
pub fn is_recreate(d: &Deployment) -> bool {
    d.spec
        .as_ref()
        .and_then(|s| s.strategy.as_ref())
        .and_then(|s| s.type_.as_deref())
        == Some("Recreate")
}

pub fn rs_replicas(rs: &ReplicaSet) -> i32 {
    rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(0)
}

pub fn rs_available(rs: &ReplicaSet) -> i32 {
    rs.status
        .as_ref()
        .and_then(|s| s.available_replicas)
        .unwrap_or(0)
}

/// A ReplicaSet's revision annotation (0 when missing or malformed).
pub fn revision(meta_annotations: Option<&BTreeMap<String, String>>) -> i64 {
    meta_annotations
        .and_then(|a| a.get(REVISION))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// How many replicas the new ReplicaSet should have now (Kubernetes' `NewRSNewReplicas`).
pub fn new_rs_new_replicas(
    desired: i32,
    max_surge: i32,
    recreate: bool,
    all_replicas: i32,
    new_replicas: i32,
) -> i32 {
    if recreate {
        return desired;
    }
    let max_total = desired + max_surge;
    if all_replicas >= max_total {
        return new_replicas;
    }
    let up = (max_total - all_replicas)
        .min(desired - new_replicas)
        .max(0);
    new_replicas + up
}

/// How many old pods may go now (Kubernetes' `reconcileOldReplicaSets` bound):
/// all pods minus the minimum available minus the new ReplicaSet's unavailable ones.
pub fn max_scaled_down(
    all_replicas: i32,
    desired: i32,
    max_unavailable: i32,
    new_replicas: i32,
    new_available: i32,
) -> i32 {
    let min_available = desired - max_unavailable;
    let new_unavailable = (new_replicas - new_available).max(0);
    all_replicas - min_available - new_unavailable
}

/// How many available old pods may be scaled down after the unhealthy ones
/// (Kubernetes' `scaleDownOldReplicaSetsForRollingUpdate`).
pub fn old_scale_down_budget(total_available: i32, desired: i32, max_unavailable: i32) -> i32 {
    (total_available - (desired - max_unavailable)).max(0)
}

/// The template without the pod-template-hash label, for comparing templates.
fn without_hash(t: &PodTemplateSpec) -> serde_json::Value {
    let mut t = t.clone();
    if let Some(m) = t.metadata.as_mut()
        && let Some(l) = m.labels.as_mut()
    {
        l.remove(HASH_LABEL);
        if l.is_empty() {
            m.labels = None;
        }
    }
    serde_json::to_value(t).unwrap_or_default()
}

/// Whether two pod templates are equal apart from the pod-template-hash label.
pub fn templates_equal(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    without_hash(a) == without_hash(b)
}

/// The pod-template-hash: FNV-1a (32 bits) of the template and the collision count, written
/// with Kubernetes' safe alphabet (no vowels, no look-alikes).
pub fn template_hash(t: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut h: u32 = 0x811c_9dc5;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h ^= u32::from(*b);
            h = h.wrapping_mul(0x0100_0193);
        }
    };
    feed(without_hash(t).to_string().as_bytes());
    if let Some(c) = collision_count {
        feed(&c.to_le_bytes());
    }
    safe_encode(&h.to_string())
}

/// Kubernetes' `rand.SafeEncodeString`.
pub fn safe_encode(s: &str) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    s.bytes()
        .map(|b| ALPHANUMS[usize::from(b) % ALPHANUMS.len()] as char)
        .collect()
}

/// The Deployment's condition of `type_`.
pub fn condition<'a>(status: &'a DeploymentStatus, type_: &str) -> Option<&'a DeploymentCondition> {
    status
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == type_)
}

/// Sets a condition, keeping lastTransitionTime when the status did not change.
pub fn set_condition(status: &mut DeploymentStatus, mut cond: DeploymentCondition) {
    let conds = status.conditions.get_or_insert_with(Vec::new);
    if let Some(old) = conds.iter().find(|c| c.type_ == cond.type_) {
        if old.status == cond.status && old.reason == cond.reason {
            if old.message == cond.message {
                return;
            }
            cond.last_transition_time = old.last_transition_time.clone();
        } else if old.status == cond.status {
            cond.last_transition_time = old.last_transition_time.clone();
        }
    }
    conds.retain(|c| c.type_ != cond.type_);
    conds.push(cond);
}

/// A condition stamped `now`.
pub fn new_condition(
    type_: &str,
    status: &str,
    reason: &str,
    message: String,
    now: jiff::Timestamp,
) -> DeploymentCondition {
    DeploymentCondition {
        type_: type_.into(),
        status: status.into(),
        reason: Some(reason.into()),
        message: Some(message),
        last_update_time: Some(Time(now)),
        last_transition_time: Some(Time(now)),
    }
}

/// The counts of a Deployment's status from its ReplicaSets, and the Available condition
/// (Kubernetes' `calculateStatus`). Conditions other than Available are carried over.
pub fn calculate_status(
    d: &Deployment,
    all: &[&ReplicaSet],
    new_rs: Option<&ReplicaSet>,
    now: jiff::Timestamp,
) -> DeploymentStatus {
    let sum = |f: &dyn Fn(&ReplicaSet) -> i32| all.iter().map(|rs| f(rs)).sum::<i32>();
    let st = |rs: &ReplicaSet| rs.status.clone().unwrap_or_default();
    let available = sum(&|rs| st(rs).available_replicas.unwrap_or(0));
    let desired = replicas(d);
    let old = d.status.clone().unwrap_or_default();
    let mut status = DeploymentStatus {
        observed_generation: d.metadata.generation,
        replicas: Some(sum(&|rs| st(rs).replicas)),
        updated_replicas: Some(new_rs.map(|rs| st(rs).replicas).unwrap_or(0)),
        ready_replicas: Some(sum(&|rs| st(rs).ready_replicas.unwrap_or(0))),
        available_replicas: Some(available),
        unavailable_replicas: Some((desired - available).max(0)),
        collision_count: old.collision_count,
        conditions: old.conditions.clone(),
        terminating_replicas: None,
    };
    let (_, max_unavailable) = fenceposts(d);
    let cond = if available >= desired - max_unavailable {
        new_condition(
            "Available",
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.".into(),
            now,
        )
    } else {
        new_condition(
            "Available",
            "False",
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.".into(),
            now,
        )
    };
    set_condition(&mut status, cond);
    status
}

/// Every replica is updated and available (Kubernetes' `DeploymentComplete`).
pub fn is_complete(d: &Deployment, s: &DeploymentStatus) -> bool {
    let desired = replicas(d);
    s.updated_replicas == Some(desired)
        && s.replicas == Some(desired)
        && s.available_replicas == Some(desired)
        && s.observed_generation.unwrap_or(0) >= d.metadata.generation.unwrap_or(0)
}

/// The new status shows progress over the old one (Kubernetes' `DeploymentProgressing`).
pub fn is_progressing(old: &DeploymentStatus, new: &DeploymentStatus) -> bool {
    let g = |v: Option<i32>| v.unwrap_or(0);
    let old_old = g(old.replicas) - g(old.updated_replicas);
    let new_old = g(new.replicas) - g(new.updated_replicas);
    g(new.updated_replicas) > g(old.updated_replicas)
        || new_old < old_old
        || g(new.ready_replicas) > g(old.ready_replicas)
        || g(new.available_replicas) > g(old.available_replicas)
}

/// Seconds left before the progress deadline passes (negative when it has), measured from the
/// Progressing condition's lastUpdateTime.
pub fn deadline_left(d: &Deployment, s: &DeploymentStatus, now: jiff::Timestamp) -> Option<i64> {
    let deadline = d.spec.as_ref()?.progress_deadline_seconds?;
    let cond = condition(s, "Progressing")?;
    let from = cond.last_update_time.as_ref()?.0;
    Some(i64::from(deadline) - crate::runtime::seconds_since(from, now))
}

/// Old ReplicaSets to delete beyond revisionHistoryLimit: scaled to zero, oldest revision first.
pub fn history_to_clean<'a>(old: &[&'a ReplicaSet], limit: i32) -> Vec<&'a ReplicaSet> {
    let mut idle: Vec<&ReplicaSet> = old
        .iter()
        .copied()
        .filter(|rs| {
            rs_replicas(rs) == 0
                && rs.status.as_ref().map(|s| s.replicas).unwrap_or(0) == 0
                && rs.metadata.deletion_timestamp.is_none()
        })
        .collect();
    let excess = idle
        .len()
        .saturating_sub(usize::try_from(limit.max(0)).unwrap_or(0));
    idle.sort_by_key(|rs| revision(rs.metadata.annotations.as_ref()));
    idle.truncate(excess);
    idle
}

/// Annotations a ReplicaSet takes from its Deployment.
pub fn copied_annotations(d: &Deployment) -> BTreeMap<String, String> {
    d.metadata
        .annotations
        .iter()
        .flatten()
        .filter(|(k, _)| !SKIP_ANNOTATIONS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deployment(
        replicas: i32,
        surge: serde_json::Value,
        unavailable: serde_json::Value,
    ) -> Deployment {
        serde_json::from_value(json!({
            "metadata": {"name": "web", "generation": 1},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web"}},
                     "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": surge, "maxUnavailable": unavailable}},
                     "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "c", "image": "nginx:1"}]}}}
        }))
        .unwrap()
    }

    #[test]
    fn percentages_round_surge_up_and_unavailable_down() {
        assert_eq!(
            fenceposts(&deployment(10, json!("25%"), json!("25%"))),
            (3, 2)
        );
        assert_eq!(fenceposts(&deployment(4, json!(1), json!(0))), (1, 0));
        assert_eq!(
            fenceposts(&deployment(4, json!(0), json!(0))),
            (0, 1),
            "never both zero"
        );
        assert_eq!(
            fenceposts(&deployment(1, json!("25%"), json!("25%"))),
            (1, 0)
        );
    }

    #[test]
    fn the_new_replica_set_grows_only_within_max_surge() {
        // 10 desired, surge 3: 10 old pods → the new RS may have 3.
        assert_eq!(new_rs_new_replicas(10, 3, false, 10, 0), 3);
        // Already at 13 pods: no growth.
        assert_eq!(new_rs_new_replicas(10, 3, false, 13, 3), 3);
        // Never beyond the desired count.
        assert_eq!(new_rs_new_replicas(10, 3, false, 8, 9), 10);
        assert_eq!(
            new_rs_new_replicas(10, 3, true, 13, 3),
            10,
            "Recreate jumps to the desired count"
        );
    }

    #[test]
    fn old_pods_go_only_while_enough_stay_available() {
        // 13 pods, 10 desired, unavailable 2, new RS 3 replicas none available: 13-8-3 = 2.
        assert_eq!(max_scaled_down(13, 10, 2, 3, 0), 2);
        // New RS all available: 13-8-0 = 5.
        assert_eq!(max_scaled_down(13, 10, 2, 3, 3), 5);
        // With maxUnavailable 0 and nothing new available, nothing goes.
        assert_eq!(max_scaled_down(11, 10, 0, 1, 0), 0);
        assert_eq!(old_scale_down_budget(10, 10, 2), 2);
        assert_eq!(old_scale_down_budget(7, 10, 2), 0);
    }

    #[test]
    fn template_hashes_ignore_the_hash_label_and_change_with_the_template() {
        let d = deployment(1, json!(1), json!(0));
        let t = d.spec.unwrap().template;
        let mut labeled = t.clone();
        labeled
            .metadata
            .as_mut()
            .unwrap()
            .labels
            .as_mut()
            .unwrap()
            .insert(HASH_LABEL.into(), "x".into());
        assert!(templates_equal(&t, &labeled));
        assert_eq!(template_hash(&t, None), template_hash(&labeled, None));
        let mut other = t.clone();
        other.spec.as_mut().unwrap().containers[0].image = Some("nginx:2".into());
        assert!(!templates_equal(&t, &other));
        assert_ne!(template_hash(&t, None), template_hash(&other, None));
        assert_ne!(
            template_hash(&t, None),
            template_hash(&t, Some(1)),
            "a collision changes the hash"
        );
        assert!(
            template_hash(&t, None)
                .chars()
                .all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c))
        );
    }

    #[test]
    fn history_cleanup_deletes_the_oldest_idle_replica_sets_beyond_the_limit() {
        let rs = |name: &str, rev: &str, replicas: i32| -> ReplicaSet {
            serde_json::from_value(json!({
                "metadata": {"name": name, "annotations": {REVISION: rev}},
                "spec": {"replicas": replicas, "selector": {}},
                "status": {"replicas": replicas}
            }))
            .unwrap()
        };
        let (a, b, c, busy) = (
            rs("a", "1", 0),
            rs("b", "3", 0),
            rs("c", "2", 0),
            rs("d", "0", 2),
        );
        let gone = history_to_clean(&[&a, &b, &c, &busy], 1);
        let names: Vec<_> = gone
            .iter()
            .map(|r| r.metadata.name.clone().unwrap())
            .collect();
        assert_eq!(names, ["a", "c"]);
    }

    #[test]
    fn status_counts_come_from_the_replica_sets_and_available_follows_max_unavailable() {
        let d = deployment(4, json!(1), json!(1));
        let rs = |replicas: i32, available: i32| -> ReplicaSet {
            serde_json::from_value(json!({
                "metadata": {"name": "x"}, "spec": {"selector": {}},
                "status": {"replicas": replicas, "readyReplicas": available, "availableReplicas": available}
            }))
            .unwrap()
        };
        let (old, new) = (rs(3, 3), rs(2, 0));
        let s = calculate_status(&d, &[&old, &new], Some(&new), jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(
            (
                s.replicas,
                s.updated_replicas,
                s.available_replicas,
                s.unavailable_replicas
            ),
            (Some(5), Some(2), Some(3), Some(1))
        );
        assert_eq!(condition(&s, "Available").unwrap().status, "True");
        let (old, new) = (rs(2, 2), rs(2, 0));
        let s = calculate_status(&d, &[&old, &new], Some(&new), jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(
            condition(&s, "Available").unwrap().reason.as_deref(),
            Some("MinimumReplicasUnavailable")
        );
    }

    #[test]
    fn progress_is_more_updated_ready_or_available_replicas_or_fewer_old_ones() {
        let s = |r: i32, u: i32, ready: i32, a: i32| DeploymentStatus {
            replicas: Some(r),
            updated_replicas: Some(u),
            ready_replicas: Some(ready),
            available_replicas: Some(a),
            ..DeploymentStatus::default()
        };
        assert!(is_progressing(&s(3, 0, 3, 3), &s(4, 1, 3, 3)));
        assert!(is_progressing(&s(4, 1, 3, 3), &s(3, 1, 3, 3)));
        assert!(!is_progressing(&s(4, 1, 3, 3), &s(4, 1, 3, 3)));
    }
}
