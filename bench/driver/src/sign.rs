//! `sign`: per-signature time of the TC3 signer on the bytes the Python side signs,
//! both as `sign_tc3` (every intermediate step, the public known-answer API) and as
//! `tc3_authorization` (the header alone, what sending a request needs), beside the
//! time of the hashing alone.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::{Digest, Sha256};
use tencentcloud_runtime::signing::{
    JSON_CONTENT_TYPE, SigningRequest, derive_signing_key, sign_tc3, tc3_authorization,
};
use tencentcloud_runtime::transport::HttpMethod;

use crate::stats::{median, min};
use crate::{Outcome, SECRET_ID, SECRET_KEY};

pub fn run(body: &Path, host: &str, timestamp: i64, n: u32, rounds: u32) -> Outcome {
    let payload = std::fs::read(body).map_err(|e| format!("{}: {e}", body.display()))?;
    let request = SigningRequest {
        method: HttpMethod::Post,
        host,
        path: "/",
        query: "",
        content_type: JSON_CONTENT_TYPE,
        payload: &payload,
        service: "scf",
        timestamp,
    };
    // Printed so that the caller can check both SDKs signed the same thing.
    let authorization = sign_tc3(&request, SECRET_ID, SECRET_KEY).authorization;
    if tc3_authorization(&request, SECRET_ID, SECRET_KEY) != authorization {
        return Err("tc3_authorization and sign_tc3 disagree".into());
    }

    let time = |sign: &dyn Fn()| {
        let started = Instant::now();
        for _ in 0..n {
            sign();
        }
        started.elapsed().as_nanos() as f64 / f64::from(n.max(1))
    };
    // The SHA-256 work no implementation of the algorithm can skip, given a cached
    // signing key and the canonical request's constant first block: the payload, the
    // rest of the canonical request, and the HMAC of the string to sign. What the
    // signer spends beyond it is its own overhead.
    let steps = sign_tc3(&request, SECRET_ID, SECRET_KEY);
    let canonical = steps.canonical_request.as_bytes();
    let head = Sha256::new_with_prefix(&canonical[..64.min(canonical.len())]);
    let rest = &canonical[64.min(canonical.len())..];
    let key = derive_signing_key(SECRET_KEY, &steps.credential_scope[..10], "scf");
    let keyed = Hmac::<Sha256>::new_from_slice(&key).expect("any key length");
    let string_to_sign = steps.string_to_sign.as_bytes();

    let (mut full, mut header, mut floor) = (Vec::new(), Vec::new(), Vec::new());
    // Alternating rounds, so that a burst of load elsewhere hits both alike.
    for _ in 0..rounds.max(1) {
        full.push(time(&|| {
            black_box(sign_tc3(black_box(&request), SECRET_ID, SECRET_KEY));
        }));
        header.push(time(&|| {
            black_box(tc3_authorization(
                black_box(&request),
                SECRET_ID,
                SECRET_KEY,
            ));
        }));
        floor.push(time(&|| {
            black_box(Sha256::digest(black_box(&payload)));
            let mut canonical = head.clone();
            canonical.update(black_box(rest));
            black_box(canonical.finalize());
            let mut mac = keyed.clone();
            mac.update(black_box(string_to_sign));
            black_box(mac.finalize());
        }));
    }
    Ok(json!({
        "side": "rust",
        "body_bytes": payload.len(),
        "n": n,
        "rounds": full.len(),
        "ns_per_sig_best": min(&full),
        "ns_per_sig_median": median(&full),
        "ns_per_auth_best": min(&header),
        "ns_per_auth_median": median(&header),
        "ns_hashing_floor_best": min(&floor),
        "authorization": authorization,
    }))
}
