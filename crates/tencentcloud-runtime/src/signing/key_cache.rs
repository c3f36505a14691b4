//! The TC3 signing key: derived from the secret key, the UTC date and the service,
//! and kept per thread so that a signature costs two SHA-256 passes and one HMAC.

use std::cell::RefCell;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::date::Day;

pub(super) type HmacSha256 = Hmac<Sha256>;

/// Derives the TC3 signing key: `HMAC("TC3" + secret_key, date)`, then `service`, then
/// `"tc3_request"`.
///
/// It depends only on the secret key, the UTC date (as from [`utc_date`](super::utc_date)) and the
/// service; [`sign_tc3`](super::sign_tc3) and [`tc3_authorization`](super::tc3_authorization) cache it per thread rather than
/// recomputing three HMACs per request. The returned bytes are as sensitive as the
/// secret key itself.
pub fn derive_signing_key(secret_key: &str, date: &str, service: &str) -> [u8; 32] {
    // HMAC needs its key in one piece, so the prefixed secret is assembled once here.
    let mut prefixed = Zeroizing::new(Vec::with_capacity(3 + secret_key.len()));
    prefixed.extend_from_slice(b"TC3");
    prefixed.extend_from_slice(secret_key.as_bytes());
    let k_date = hmac_sha256(&prefixed, date.as_bytes());
    let k_service = hmac_sha256(&k_date, service.as_bytes());
    hmac_sha256(&k_service, b"tc3_request")
}

/// Signing keys kept per thread. A few, so that a thread that alternates between
/// services or credentials does not derive on every call.
const SIGNING_KEY_CACHE_SIZE: usize = 4;

/// What signing keeps from one request to the next, per thread: no lock is taken and
/// tokio's few worker threads each derive a key once a day.
struct ThreadCache {
    keys: Vec<CachedKey>,
    /// The entry the next new key replaces once `keys` is full.
    evict: usize,
    /// The first 64-byte block of the last canonical request, and the SHA-256 state
    /// after it. For a POST to a given host that block never changes (method, path,
    /// empty query, content type and the start of the host), so a typical canonical
    /// request costs one or two blocks instead of two or three.
    canonical_head: Option<([u8; 64], Sha256)>,
}

/// One cached signing key, as an HMAC already keyed with it: besides the three HMACs
/// of the derivation, that saves hashing the key into the inner and outer pads.
struct CachedKey {
    /// Compared on lookup, so held here; wiped when the entry goes.
    secret_key: Zeroizing<String>,
    service: String,
    day: i64,
    mac: HmacSha256,
}

thread_local! {
    static CACHE: RefCell<ThreadCache> = const {
        RefCell::new(ThreadCache { keys: Vec::new(), evict: 0, canonical_head: None })
    };
}

/// An HMAC keyed with the signing key of (`secret_key`, `day`, `service`), from this
/// thread's cache or newly derived. A key is valid for one UTC day, so a new day
/// replaces the entry of the same secret and service rather than adding one.
pub(super) fn signing_mac(secret_key: &str, day: &Day, service: &str) -> HmacSha256 {
    let derive = || {
        let key = Zeroizing::new(derive_signing_key(secret_key, &day.date(), service));
        HmacSha256::new_from_slice(&*key).expect("HMAC accepts keys of any length")
    };
    // `try_with` fails only while the thread is exiting; signing still works, uncached.
    CACHE
        .try_with(|cache| {
            let cache = &mut *cache.borrow_mut();
            let same_secret =
                |e: &&mut CachedKey| e.service == service && e.secret_key.as_str() == secret_key;
            if let Some(entry) = cache.keys.iter_mut().find(same_secret) {
                if entry.day != day.number {
                    entry.day = day.number;
                    entry.mac = derive();
                }
                return entry.mac.clone();
            }
            let entry = CachedKey {
                secret_key: Zeroizing::new(secret_key.to_owned()),
                service: service.to_owned(),
                day: day.number,
                mac: derive(),
            };
            let mac = entry.mac.clone();
            if cache.keys.len() < SIGNING_KEY_CACHE_SIZE {
                cache.keys.push(entry);
            } else {
                cache.keys[cache.evict] = entry;
                cache.evict = (cache.evict + 1) % SIGNING_KEY_CACHE_SIZE;
            }
            mac
        })
        .unwrap_or_else(|_| derive())
}

/// SHA-256 of a canonical request, resumed from the cached state after its first
/// block when that block is the same as the last one hashed on this thread.
pub(super) fn canonical_request_hash(text: &[u8]) -> [u8; 32] {
    let Some(head) = text.first_chunk::<64>() else {
        return Sha256::digest(text).into();
    };
    let resumed = CACHE.try_with(|cache| {
        let cache = &mut *cache.borrow_mut();
        match &cache.canonical_head {
            Some((cached, state)) if cached == head => state.clone(),
            _ => {
                let state = Sha256::new_with_prefix(head);
                cache.canonical_head = Some((*head, state.clone()));
                state
            }
        }
    });
    match resumed {
        Ok(mut state) => {
            state.update(&text[64..]);
            state.finalize().into()
        }
        Err(_) => Sha256::digest(text).into(),
    }
}

pub(super) fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(msg);
    mac.finalize().into_bytes().into()
}
