//! `sign`: per-signature time of the TC3 signer on the bytes the Python side signs,
//! both as `sign_tc3` (every intermediate step, the public known-answer API) and as
//! `tc3_authorization` (the header alone, what sending a request needs).

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use serde_json::json;
use tencentcloud_runtime::signing::{
    HttpMethod, JSON_CONTENT_TYPE, SigningRequest, sign_tc3, tc3_authorization,
};

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
    let (mut full, mut header) = (Vec::new(), Vec::new());
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
        "authorization": authorization,
    }))
}
