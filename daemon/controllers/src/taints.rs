//! Taints and tolerations (Kubernetes' `v1helper.TolerationsTolerateTaint`).

use k8s_openapi::api::core::v1::{Taint, Toleration};

/// Whether `tol` tolerates `taint`.
pub fn tolerates(tol: &Toleration, taint: &Taint) -> bool {
    if let Some(e) = tol.effect.as_deref().filter(|e| !e.is_empty())
        && e != taint.effect
    {
        return false;
    }
    let key = tol.key.as_deref().unwrap_or("");
    let op = tol.operator.as_deref().unwrap_or("Equal");
    if key.is_empty() {
        return op == "Exists";
    }
    if key != taint.key {
        return false;
    }
    match op {
        "Exists" => true,
        _ => tol.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or(""),
    }
}

/// Whether every taint with one of `effects` is tolerated.
pub fn tolerates_all(tols: &[Toleration], taints: &[Taint], effects: &[&str]) -> bool {
    taints
        .iter()
        .filter(|t| effects.contains(&t.effect.as_str()))
        .all(|t| tols.iter().any(|tol| tolerates(tol, t)))
}

/// For a pod on a node with NoExecute `taints`: `None` if some taint is not tolerated (evict
/// now), else the seconds each tolerated taint allows, the smallest (`Some(None)`: forever).
pub fn no_execute_allowance(tols: &[Toleration], taints: &[Taint]) -> Option<Option<i64>> {
    let mut min: Option<i64> = None;
    for t in taints.iter().filter(|t| t.effect == "NoExecute") {
        let matching: Vec<&Toleration> = tols.iter().filter(|tol| tolerates(tol, t)).collect();
        if matching.is_empty() {
            return None;
        }
        // With several matching tolerations the most permissive (the longest) applies.
        let secs = if matching.iter().any(|m| m.toleration_seconds.is_none()) {
            None
        } else {
            matching.iter().filter_map(|m| m.toleration_seconds).max()
        };
        if let Some(s) = secs {
            min = Some(min.map_or(s, |m: i64| m.min(s)));
        }
    }
    Some(min)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taint(key: &str, effect: &str) -> Taint {
        Taint {
            key: key.into(),
            effect: effect.into(),
            ..Taint::default()
        }
    }

    fn tol(key: Option<&str>, op: &str, effect: Option<&str>, secs: Option<i64>) -> Toleration {
        Toleration {
            key: key.map(str::to_string),
            operator: Some(op.into()),
            effect: effect.map(str::to_string),
            toleration_seconds: secs,
            value: None,
        }
    }

    #[test]
    fn tolerations_match_by_key_operator_and_effect() {
        let t = taint("node.kubernetes.io/unreachable", "NoExecute");
        assert!(tolerates(
            &tol(
                Some("node.kubernetes.io/unreachable"),
                "Exists",
                Some("NoExecute"),
                None
            ),
            &t
        ));
        assert!(
            tolerates(&tol(None, "Exists", None, None), &t),
            "an empty key with Exists tolerates everything"
        );
        assert!(!tolerates(
            &tol(
                Some("node.kubernetes.io/unreachable"),
                "Exists",
                Some("NoSchedule"),
                None
            ),
            &t
        ));
        assert!(!tolerates(&tol(Some("other"), "Exists", None, None), &t));
    }

    #[test]
    fn no_execute_allowance_is_the_smallest_toleration_seconds_or_evict_now() {
        let taints = [
            taint("node.kubernetes.io/unreachable", "NoExecute"),
            taint("node.kubernetes.io/unreachable", "NoSchedule"),
        ];
        assert_eq!(no_execute_allowance(&[], &taints), None);
        let tols = [tol(
            Some("node.kubernetes.io/unreachable"),
            "Exists",
            Some("NoExecute"),
            Some(5),
        )];
        assert_eq!(no_execute_allowance(&tols, &taints), Some(Some(5)));
        let forever = [tol(
            Some("node.kubernetes.io/unreachable"),
            "Exists",
            Some("NoExecute"),
            None,
        )];
        assert_eq!(no_execute_allowance(&forever, &taints), Some(None));
    }
}
