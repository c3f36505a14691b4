//! RequestIds shaped like the service's (random UUIDs), without a dependency on a
//! random number crate.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// A fresh id in UUID version 4 form, e.g. `"6f1c2a4e-93b0-4d2e-8f5a-0c7d9e1b2a3c"`.
///
/// Unique within the process (a counter) and unpredictable across processes (the
/// counter is hashed with std's randomly keyed SipHash), which is all a RequestId or
/// an invocation id needs.
///
/// ```
/// let id = tencentcloud_runtime::server::new_request_id();
/// assert_eq!(id.len(), 36);
/// assert_eq!(&id[14..15], "4");
/// assert_ne!(id, tencentcloud_runtime::server::new_request_id());
/// ```
pub fn new_request_id() -> String {
    static KEYS: OnceLock<RandomState> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let keys = KEYS.get_or_init(RandomState::new);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let half = |salt: u64| {
        let mut hasher = keys.build_hasher();
        hasher.write_u64(n);
        hasher.write_u64(salt);
        hasher.finish()
    };
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&half(0).to_be_bytes());
    bytes[8..].copy_from_slice(&half(1).to_be_bytes());
    // Version 4 and the RFC 4122 variant, so that UUID parsers accept it.
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuid_v4_shaped_and_distinct() {
        let ids: std::collections::HashSet<String> =
            (0..10_000).map(|_| new_request_id()).collect();
        assert_eq!(ids.len(), 10_000);
        for id in ids.iter().take(100) {
            let groups: Vec<&str> = id.split('-').collect();
            assert_eq!(
                groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
                [8, 4, 4, 4, 12]
            );
            assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
            assert!(groups[2].starts_with('4'));
            assert!(matches!(&groups[3][..1], "8" | "9" | "a" | "b"), "{id}");
        }
    }
}
