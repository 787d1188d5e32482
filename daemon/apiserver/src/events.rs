//! One storage, two views: core/v1 and events.k8s.io/v1 events live under one key space
//! (`/events/…`), each stored as its writer sent it; a read through the other API maps the fields
//! (Kubernetes' own conversion), so `kubectl get events` and `kubectl get events.events.k8s.io`
//! see every event whichever API wrote it. (Watches show events as written, for now.)

use serde_json::{Map, Value};

/// (core/v1 field, events.k8s.io/v1 field) pairs that only differ in name.
const RENAMES: [(&str, &str); 8] = [
    ("involvedObject", "regarding"),
    ("message", "note"),
    ("reportingComponent", "reportingController"),
    ("source", "deprecatedSource"),
    ("firstTimestamp", "deprecatedFirstTimestamp"),
    ("lastTimestamp", "deprecatedLastTimestamp"),
    ("count", "deprecatedCount"),
    // Same name in both; listed so the mapping is complete and symmetric.
    ("reportingInstance", "reportingInstance"),
];

fn rename(obj: &Map<String, Value>, from_core: bool) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in obj {
        let mapped = RENAMES
            .iter()
            .find_map(|(core, new)| if from_core { (k == core).then_some(*new) } else { (k == new).then_some(*core) })
            .unwrap_or(k.as_str());
        out.insert(mapped.to_string(), v.clone());
    }
    out
}

/// A stored core/v1 Event as events.k8s.io/v1 shows it.
pub fn to_events_v1(core: &Value) -> Value {
    let Some(map) = core.as_object() else { return core.clone() };
    let mut out = rename(map, true);
    out.insert("apiVersion".into(), Value::String("events.k8s.io/v1".into()));
    out.insert("kind".into(), Value::String("Event".into()));
    Value::Object(out)
}

/// An events.k8s.io/v1 Event as it is stored (core/v1).
pub fn to_core(events_v1: &Value) -> Value {
    let Some(map) = events_v1.as_object() else { return events_v1.clone() };
    let mut out = rename(map, false);
    out.insert("apiVersion".into(), Value::String("v1".into()));
    out.insert("kind".into(), Value::String("Event".into()));
    Value::Object(out)
}

/// An event as the requested view shows it, whichever API wrote it.
pub fn view(group: &str, plural: &str, obj: Value) -> Value {
    if plural != "events" {
        return obj;
    }
    let written_as = obj.get("apiVersion").and_then(Value::as_str).unwrap_or("v1");
    match (group, written_as) {
        ("events.k8s.io", "v1") => to_events_v1(&obj),
        ("", "events.k8s.io/v1") => to_core(&obj),
        _ => obj,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn core_events_map_to_events_v1_and_back() {
        let core = json!({
            "apiVersion": "v1", "kind": "Event",
            "metadata": {"name": "web.1", "namespace": "default"},
            "involvedObject": {"kind": "Pod", "name": "web", "namespace": "default"},
            "reason": "Started", "message": "Started container web", "type": "Normal",
            "source": {"component": "kubelet", "host": "n1"}, "count": 2,
            "firstTimestamp": "2026-11-28T06:00:00Z", "lastTimestamp": "2026-11-28T06:01:00Z",
            "reportingComponent": "kubelet", "reportingInstance": "n1"
        });
        let v1 = to_events_v1(&core);
        assert_eq!(v1["apiVersion"], "events.k8s.io/v1");
        assert_eq!(v1["regarding"]["name"], "web");
        assert_eq!(v1["note"], "Started container web");
        assert_eq!(v1["deprecatedCount"], 2);
        assert_eq!(v1["reportingController"], "kubelet");
        assert!(v1.get("message").is_none() && v1.get("involvedObject").is_none());
        assert_eq!(to_core(&v1), core);
    }
}
