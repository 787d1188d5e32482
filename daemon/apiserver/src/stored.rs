//! Objects as the store holds them: JSON without `metadata.resourceVersion` (the store's
//! revision is the truth), written straight from the object — no copy of it with the field
//! removed, which used to cost a clone of every object on every write.

use bytes::Bytes;
use rk_api::status::ApiError;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

/// The stored bytes of `obj`: byte for byte what removing `metadata.resourceVersion` and
/// serializing writes (maps are ordered; every other entry is serialized unchanged).
pub(crate) fn encode(obj: &Value) -> Result<Bytes, ApiError> {
    serde_json::to_vec(&WithoutResourceVersion(obj))
        .map(Bytes::from)
        .map_err(|e| ApiError::internal(e.to_string()))
}

struct WithoutResourceVersion<'a>(&'a Value);

struct MetadataWithout<'a>(&'a Map<String, Value>);

impl Serialize for WithoutResourceVersion<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Value::Object(map) = self.0 else {
            return self.0.serialize(serializer);
        };
        let mut out = serializer.serialize_map(Some(map.len()))?;
        for (k, v) in map {
            match v {
                Value::Object(meta) if k == "metadata" => {
                    out.serialize_entry(k, &MetadataWithout(meta))?
                }
                _ => out.serialize_entry(k, v)?,
            }
        }
        out.end()
    }
}

impl Serialize for MetadataWithout<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = self.0.len() - usize::from(self.0.contains_key("resourceVersion"));
        let mut out = serializer.serialize_map(Some(len))?;
        for (k, v) in self.0.iter().filter(|(k, _)| *k != "resourceVersion") {
            out.serialize_entry(k, v)?;
        }
        out.end()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn removed_then_serialized(obj: &Value) -> Vec<u8> {
        let mut o = obj.clone();
        if let Some(m) = o.get_mut("metadata").and_then(Value::as_object_mut) {
            m.remove("resourceVersion");
        }
        serde_json::to_vec(&o).unwrap()
    }

    #[test]
    fn stored_bytes_are_the_object_without_its_resource_version_byte_for_byte() {
        let objects = [
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "resourceVersion": "12", "labels": {"x": "é\"\n"}},
                   "spec": {"containers": [{"name": "c", "image": "i", "ports": [{"containerPort": 80}]}]}, "status": {"phase": "Pending"}}),
            json!({"metadata": {"name": "no-rv", "generation": 1}, "data": {"resourceVersion": "kept: not metadata"}}),
            json!({"metadata": {"resourceVersion": "1"}}),
            json!({"metadata": "not an object", "x": 1.5}),
            json!({"kind": "NoMetadata", "items": [null, true, -3]}),
            json!(["not", "an", "object"]),
        ];
        for obj in &objects {
            assert_eq!(
                encode(obj).unwrap().as_ref(),
                removed_then_serialized(obj).as_slice(),
                "{obj}"
            );
        }
    }
}
