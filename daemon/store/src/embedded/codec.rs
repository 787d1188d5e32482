//! On-disk encoding of the embedded store's rows. Fixed little-endian headers, then the bytes;
//! every decode checks lengths, so a damaged row is an error, not a panic.

use bytes::Bytes;

use crate::types::{KeyValue, Revision};

/// One entry of the history log (table `log`, keyed by revision).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LogEntry {
    pub deleted: bool,
    pub key: String,
    pub create_revision: Revision,
    /// The modification revision of the version this entry replaced (0 if the key was absent).
    pub prev_revision: Revision,
    pub value: Bytes,
}

/// The live version of a key (table `kv`, keyed by key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Current {
    pub create_revision: Revision,
    pub mod_revision: Revision,
    /// Unix milliseconds at which the key expires; 0 = never.
    pub expires_at_ms: u64,
    pub value: Bytes,
}

impl Current {
    pub(crate) fn into_kv(self, key: String) -> KeyValue {
        KeyValue {
            key,
            value: self.value,
            create_revision: self.create_revision,
            mod_revision: self.mod_revision,
        }
    }
}

const LOG_HEADER: usize = 1 + 8 + 8 + 4;
const CURRENT_HEADER: usize = 8 + 8 + 8;

pub(crate) fn encode_log(e: &LogEntry) -> Vec<u8> {
    let mut out = Vec::with_capacity(LOG_HEADER + e.key.len() + e.value.len());
    out.push(u8::from(e.deleted));
    out.extend_from_slice(&e.create_revision.to_le_bytes());
    out.extend_from_slice(&e.prev_revision.to_le_bytes());
    out.extend_from_slice(&(e.key.len() as u32).to_le_bytes());
    out.extend_from_slice(e.key.as_bytes());
    out.extend_from_slice(&e.value);
    out
}

fn le_i64(b: &[u8]) -> i64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    i64::from_le_bytes(a)
}

fn le_u64(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

pub(crate) fn decode_log(b: &[u8]) -> Option<LogEntry> {
    if b.len() < LOG_HEADER {
        return None;
    }
    let mut klen = [0u8; 4];
    klen.copy_from_slice(&b[17..21]);
    let klen = u32::from_le_bytes(klen) as usize;
    let key = b.get(LOG_HEADER..LOG_HEADER.checked_add(klen)?)?;
    Some(LogEntry {
        deleted: b[0] != 0,
        create_revision: le_i64(&b[1..]),
        prev_revision: le_i64(&b[9..]),
        key: String::from_utf8(key.to_vec()).ok()?,
        value: Bytes::copy_from_slice(&b[LOG_HEADER + klen..]),
    })
}

/// Only the fields compaction needs, without copying key or value.
pub(crate) fn decode_log_links(b: &[u8]) -> Option<(bool, Revision)> {
    (b.len() >= LOG_HEADER).then(|| (b[0] != 0, le_i64(&b[9..])))
}

pub(crate) fn encode_current(c: &Current) -> Vec<u8> {
    let mut out = Vec::with_capacity(CURRENT_HEADER + c.value.len());
    out.extend_from_slice(&c.create_revision.to_le_bytes());
    out.extend_from_slice(&c.mod_revision.to_le_bytes());
    out.extend_from_slice(&c.expires_at_ms.to_le_bytes());
    out.extend_from_slice(&c.value);
    out
}

pub(crate) fn decode_current(b: &[u8]) -> Option<Current> {
    if b.len() < CURRENT_HEADER {
        return None;
    }
    Some(Current {
        create_revision: le_i64(b),
        mod_revision: le_i64(&b[8..]),
        expires_at_ms: le_u64(&b[16..]),
        value: Bytes::copy_from_slice(&b[CURRENT_HEADER..]),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn log_entries_round_trip() {
        let e = LogEntry {
            deleted: false,
            key: "/registry/pods/default/a".into(),
            create_revision: 7,
            prev_revision: 9,
            value: Bytes::from_static(b"{\"kind\":\"Pod\"}"),
        };
        assert_eq!(decode_log(&encode_log(&e)), Some(e.clone()));
        assert_eq!(decode_log_links(&encode_log(&e)), Some((false, 9)));
    }

    #[test]
    fn current_round_trips() {
        let c = Current {
            create_revision: 1,
            mod_revision: 5,
            expires_at_ms: 99,
            value: Bytes::from_static(b"v"),
        };
        assert_eq!(decode_current(&encode_current(&c)), Some(c));
    }

    #[test]
    fn truncated_rows_are_rejected() {
        assert_eq!(decode_log(&[0u8; 5]), None);
        let mut bad = vec![0u8; LOG_HEADER];
        bad[17] = 200; // key length past the end
        assert_eq!(decode_log(&bad), None);
        assert_eq!(decode_current(&[1, 2, 3]), None);
    }
}
