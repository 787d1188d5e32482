//! Object metadata helpers: timestamps, uids, generated names, names' validation, store keys.

use rk_api::resources::ResourceInfo;
use rk_api::status::FieldError;
use serde_json::Value;

/// Now as Kubernetes writes timestamps: RFC 3339, UTC, whole seconds.
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    rfc3339(secs)
}

/// Unix seconds → `2026-11-28T06:22:08Z` (the printers' formatter: one calendar in the crate).
pub fn rfc3339(secs: i64) -> String {
    crate::printers::duration::format_rfc3339_utc(secs)
}

/// A random version-4 UUID.
pub fn new_uid() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = crate::pki::hex(&b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// The five characters Kubernetes appends to a generateName (no vowels, no look-alikes).
pub fn name_suffix() -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    (0..5).map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char).collect()
}

const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

fn is_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Kubernetes' name rules: most kinds need a DNS-1123 subdomain; namespaces and services a label.
pub fn validate_name(resource: &ResourceInfo, name: &str) -> Vec<FieldError> {
    let label_only = matches!(resource.plural, "namespaces" | "services");
    let mut errors = Vec::new();
    if label_only {
        if name.len() > 63 {
            errors.push(FieldError::invalid("metadata.name", name, "must be no more than 63 characters"));
        } else if !is_label(name) {
            errors.push(FieldError::invalid("metadata.name", name, DNS1123_LABEL_MSG));
        }
    } else if name.len() > 253 {
        errors.push(FieldError::invalid("metadata.name", name, "must be no more than 253 characters"));
    } else if !name.split('.').all(is_label) {
        errors.push(FieldError::invalid("metadata.name", name, DNS1123_SUBDOMAIN_MSG));
    }
    errors
}

/// The store key of an object: `/<plural>/<namespace>/<name>` or `/<plural>/<name>`. Resources
/// served in several groups or versions (events) share one storage, as in Kubernetes.
pub fn key(resource: &ResourceInfo, namespace: &str, name: &str) -> String {
    if resource.namespaced { format!("/{}/{namespace}/{name}", resource.plural) } else { format!("/{}/{name}", resource.plural) }
}

/// The store prefix holding every object of a resource, or of one namespace.
pub fn prefix(resource: &ResourceInfo, namespace: &str) -> String {
    if resource.namespaced && !namespace.is_empty() {
        format!("/{}/{namespace}/", resource.plural)
    } else {
        format!("/{}/", resource.plural)
    }
}

pub fn metadata(obj: &Value) -> Option<&serde_json::Map<String, Value>> {
    obj.get("metadata").and_then(Value::as_object)
}

pub fn meta_str<'a>(obj: &'a Value, field: &str) -> Option<&'a str> {
    metadata(obj).and_then(|m| m.get(field)).and_then(Value::as_str)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_846_928), "2026-11-28T06:22:08Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn uids_look_like_uuids() {
        let u = new_uid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }

    #[test]
    fn names_follow_kubernetes_rules() {
        let pods = rk_api::resources::find("", "v1", "pods").unwrap();
        let ns = rk_api::resources::find("", "v1", "namespaces").unwrap();
        assert!(validate_name(pods, "web-1.example").is_empty());
        assert_eq!(validate_name(pods, "Bad_Name")[0].to_string(), format!("metadata.name: Invalid value: \"Bad_Name\": {DNS1123_SUBDOMAIN_MSG}"));
        assert!(!validate_name(ns, "a.b").is_empty(), "namespaces are labels");
    }
}
