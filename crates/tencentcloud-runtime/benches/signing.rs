//! TC3-HMAC-SHA256 signing: a typical SCF request, a small one and a 64 KiB body.
//!
//! `sign_tc3` returns every intermediate step; `tc3_authorization` only the header a
//! request needs. Both cache the signing key per thread; `cold_key` defeats the cache
//! (more secrets in rotation than it holds) to show what a cache miss costs.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use tencentcloud_runtime::signing::{
    JSON_CONTENT_TYPE, SigningRequest, derive_signing_key, sign_tc3, tc3_authorization,
};
use tencentcloud_runtime::transport::HttpMethod;

const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

/// The bodies bench/compare.sh signs too.
const TERMINATE_ASYNC_EVENT: &[u8] =
    include_bytes!("../../../bench/inputs/terminate_async_event.json");
const CREATE_FUNCTION: &[u8] = include_bytes!("../../../bench/inputs/create_function.json");

fn request(payload: &[u8]) -> SigningRequest<'_> {
    SigningRequest {
        method: HttpMethod::Post,
        host: "scf.tencentcloudapi.com",
        path: "/",
        query: "",
        content_type: JSON_CONTENT_TYPE,
        payload,
        service: "scf",
        timestamp: 1_700_000_000,
    }
}

/// A CreateFunction body carrying a 48 KiB zip file, 64 KiB in all once in base64.
fn body_64k() -> Vec<u8> {
    let zip_base64: String = (0..65_536 - 64)
        .map(|i| {
            char::from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[i % 64])
        })
        .collect();
    let body = format!(
        r#"{{"FunctionName":"big","Code":{{"ZipFile":"{zip_base64}"}},"Runtime":"Python3.9"}}"#
    );
    body.into_bytes()
}

fn signing(c: &mut Criterion) {
    let big = body_64k();
    let bodies: [(&str, &[u8]); 3] = [
        ("terminate_async_event_129B", TERMINATE_ASYNC_EVENT),
        ("create_function_696B", CREATE_FUNCTION),
        ("create_function_64KiB", &big),
    ];
    for (name, body) in bodies {
        let mut group = c.benchmark_group(format!("sign/{name}"));
        group.throughput(Throughput::Bytes(body.len() as u64));
        let req = request(body);
        group.bench_function("sign_tc3", |b| {
            b.iter(|| sign_tc3(black_box(&req), SECRET_ID, SECRET_KEY))
        });
        group.bench_function("tc3_authorization", |b| {
            b.iter(|| tc3_authorization(black_box(&req), SECRET_ID, SECRET_KEY))
        });
        group.finish();
    }

    let mut group = c.benchmark_group("sign/cold_key");
    let secrets: Vec<String> = (0..8).map(|i| format!("{SECRET_KEY}-{i}")).collect();
    let req = request(TERMINATE_ASYNC_EVENT);
    let mut next = secrets.iter().cycle();
    group.bench_function("tc3_authorization", |b| {
        b.iter_batched(
            || next.next().expect("cycle is endless"),
            |secret| tc3_authorization(black_box(&req), SECRET_ID, secret),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("derive_signing_key", |b| {
        b.iter(|| derive_signing_key(black_box(SECRET_KEY), "2023-11-14", "scf"))
    });
    group.finish();
}

criterion_group!(benches, signing);
criterion_main!(benches);
