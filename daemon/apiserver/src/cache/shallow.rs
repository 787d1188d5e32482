//! What the cache reads of each stored object to index it: its labels and its selectable
//! fields (`Attrs`). Parsing every written object whole into a `serde_json::Value` (a pod's
//! containers, volumes, managedFields…) only to read a dozen strings was the reflector's
//! largest cost; this parse keeps the top level, scalars one level down, and the two nested
//! values selectors read (`metadata.labels`, `status.podIPs`), and skips everything else
//! without allocating — still checking that the whole text is JSON.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The parts of a stored object that labels and field selectors read; None when it is not JSON.
pub(crate) fn parse(bytes: &[u8]) -> Option<Value> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = Keep::Top.deserialize(&mut de).ok()?;
    de.end().ok()?;
    value
}

/// The object as printers read it: all of it but `metadata.managedFields`, which no printer
/// reads and which is often the largest part of an object. None when it is not JSON.
pub(crate) fn for_printing(bytes: &[u8]) -> Option<Value> {
    parse_with(bytes, Keep::Printed)
}

/// A pod as its printer reads it (`printers/pods.rs`): metadata's scalars (name, creation and
/// deletion timestamps), the spec without its containers' details (their names and restart
/// policies kept, for counting and for sidecars), all of the status. None when it is not JSON.
pub(crate) fn pod_for_printing(bytes: &[u8]) -> Option<Value> {
    parse_with(bytes, Keep::PrintedPod)
}

fn parse_with(bytes: &[u8], keep: Keep) -> Option<Value> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = keep.deserialize(&mut de).ok()?;
    de.end().ok()?;
    value
}

/// How much of a value is kept.
#[derive(Clone, Copy)]
enum Keep {
    /// The object itself: every member, its objects one level down.
    Top,
    /// A member of the object: scalars, and its members' scalars when it is an object; the
    /// containers named in [`nested`] whole.
    Member(&'static str),
    /// Everything.
    All,
    /// Scalars only (None for containers).
    Scalar,
    /// An object for printing: everything but its metadata's managedFields.
    Printed,
    /// The metadata of an object for printing: everything but managedFields.
    PrintedMetadata,
    /// A pod for printing: metadata's scalars, the spec with [`Keep::PodSpec`], the status.
    PrintedPod,
    /// A pod's spec for printing: everything, its containers' lists with [`Keep::Containers`].
    PodSpec,
    /// A list of containers: each one's scalars (name, restartPolicy, image…).
    Containers,
}

/// Containers two levels down that selectors read.
fn nested(member: &str, key: &str) -> bool {
    matches!((member, key), ("metadata", "labels") | ("status", "podIPs"))
}

impl<'de> DeserializeSeed<'de> for Keep {
    type Value = Option<Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Keep {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Value::String(v.to_string())))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Value::String(v)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Some(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Some(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if matches!(self, Keep::Containers) {
            let mut out = Vec::new();
            while let Some(v) = seq.next_element_seed(Keep::Member(""))? {
                out.extend(v);
            }
            return Ok(Some(Value::Array(out)));
        }
        if !matches!(self, Keep::All | Keep::PrintedMetadata | Keep::PodSpec) {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            // A stored value that is an array has no fields, as an empty one.
            return Ok(matches!(self, Keep::Top | Keep::Printed).then(|| Value::Array(Vec::new())));
        }
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Keep::All)? {
            out.extend(v);
        }
        Ok(Some(Value::Array(out)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if matches!(self, Keep::Scalar) {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(None);
        }
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if matches!(self, Keep::PrintedMetadata) && key == "managedFields" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let seed = match self {
                Keep::Printed if key == "metadata" => Keep::PrintedMetadata,
                Keep::PrintedPod => match key.as_str() {
                    "metadata" => Keep::Member(""),
                    "spec" => Keep::PodSpec,
                    _ => Keep::All,
                },
                Keep::PodSpec => match key.as_str() {
                    "containers" | "initContainers" | "ephemeralContainers" => Keep::Containers,
                    _ => Keep::All,
                },
                Keep::Top => match key.as_str() {
                    "metadata" => Keep::Member("metadata"),
                    "spec" => Keep::Member("spec"),
                    "status" => Keep::Member("status"),
                    _ => Keep::Member(""),
                },
                Keep::Member(member) if nested(member, &key) => Keep::All,
                Keep::Member(_) => Keep::Scalar,
                Keep::All
                | Keep::Scalar
                | Keep::Printed
                | Keep::PrintedMetadata
                | Keep::Containers => Keep::All,
            };
            if let Some(v) = map.next_value_seed(seed)? {
                out.insert(key, v);
            }
        }
        Ok(Some(Value::Object(out)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_parts_selectors_read_are_kept_and_the_rest_skipped() {
        let pod = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "p", "namespace": "ns", "labels": {"app": "web", "tier": "a"},
                         "managedFields": [{"manager": "m"}], "ownerReferences": [{"name": "rs"}]},
            "spec": {"nodeName": "n1", "hostNetwork": true, "containers": [{"name": "c"}], "securityContext": {}},
            "status": {"phase": "Running", "podIPs": [{"ip": "10.0.0.1"}], "conditions": [{"type": "Ready"}]},
        });
        let kept = parse(pod.to_string().as_bytes()).unwrap();
        assert_eq!(
            kept,
            json!({
                "apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": "p", "namespace": "ns", "labels": {"app": "web", "tier": "a"}},
                "spec": {"nodeName": "n1", "hostNetwork": true},
                "status": {"phase": "Running", "podIPs": [{"ip": "10.0.0.1"}]},
            })
        );
        let event = json!({"involvedObject": {"kind": "Pod", "name": "p"}, "reason": "Started", "source": {"component": "kubelet"}, "type": "Normal"});
        assert_eq!(parse(event.to_string().as_bytes()).unwrap(), event);
    }

    #[test]
    fn every_selectable_field_reads_the_same_from_the_shallow_parse() {
        let objects = [
            (
                "Pod",
                json!({"metadata": {"name": "p", "namespace": "n", "labels": {"a": "b"}},
                           "spec": {"nodeName": "x", "restartPolicy": "Always", "schedulerName": "s", "serviceAccount": "sa", "hostNetwork": false},
                           "status": {"phase": "Pending", "podIP": "1.2.3.4", "nominatedNodeName": "y"}}),
            ),
            (
                "Event",
                json!({"metadata": {"name": "e"}, "involvedObject": {"kind": "Pod", "uid": "u", "fieldPath": "spec"}, "reportingComponent": "r", "type": "Warning"}),
            ),
            (
                "Secret",
                json!({"metadata": {"name": "s"}, "type": "Opaque", "data": {"k": "dg=="}}),
            ),
            (
                "Node",
                json!({"metadata": {"name": "n"}, "spec": {"unschedulable": true}}),
            ),
            (
                "Namespace",
                json!({"metadata": {"name": "n"}, "status": {"phase": "Terminating"}}),
            ),
        ];
        for (kind, obj) in objects {
            let shallow = parse(obj.to_string().as_bytes()).unwrap();
            assert_eq!(
                rk_api::selector::object_fields(kind, &shallow),
                rk_api::selector::object_fields(kind, &obj),
                "{kind}"
            );
        }
    }

    #[test]
    fn printing_reads_everything_but_managed_fields() {
        let mut pod = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "p", "labels": {"a": "b"}, "managedFields": [{"manager": "m", "fieldsV1": {"f:spec": {}}}],
                         "ownerReferences": [{"name": "rs"}], "generation": 3},
            "spec": {"containers": [{"name": "c", "ports": [{"containerPort": 80}]}], "priority": -1.5},
            "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]},
        });
        let printed = for_printing(pod.to_string().as_bytes()).unwrap();
        pod["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("managedFields");
        assert_eq!(printed, pod);
        let odd = json!({"metadata": ["not", "an", "object"], "spec": [1]});
        assert_eq!(for_printing(odd.to_string().as_bytes()).unwrap(), odd);
        assert_eq!(for_printing(b"{\"metadata\": {}"), None);
    }

    #[test]
    fn pods_are_printed_from_their_scalars_spec_and_status() {
        let pod = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "p", "creationTimestamp": "t", "labels": {"a": "b"}, "managedFields": [{}]},
            "spec": {"nodeName": "n", "readinessGates": [{"conditionType": "x"}],
                     "initContainers": [{"name": "i", "restartPolicy": "Always", "env": [{"name": "E"}]}],
                     "containers": [{"name": "c", "ports": [{"containerPort": 80}]}, {"name": "d"}]},
            "status": {"phase": "Running", "containerStatuses": [{"name": "c", "state": {"running": {}}}]},
        });
        assert_eq!(
            pod_for_printing(pod.to_string().as_bytes()).unwrap(),
            json!({
                "apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": "p", "creationTimestamp": "t"},
                "spec": {"nodeName": "n", "readinessGates": [{"conditionType": "x"}],
                         "initContainers": [{"name": "i", "restartPolicy": "Always"}],
                         "containers": [{"name": "c"}, {"name": "d"}]},
                "status": {"phase": "Running", "containerStatuses": [{"name": "c", "state": {"running": {}}}]},
            })
        );
    }

    #[test]
    fn text_that_is_not_json_has_no_parse() {
        assert_eq!(parse(b"{\"metadata\": {\"name\": \"a\"}"), None);
        assert_eq!(parse(b"{\"spec\": {\"containers\": [}}"), None);
        assert_eq!(parse(b"{} trailing"), None);
        assert_eq!(parse(b"[1, 2]"), Some(json!([])));
    }
}
