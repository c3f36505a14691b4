//! Legacy signature v1 (`HmacSHA256`, `HmacSHA1`) against known answers from
//! the official Python SDK (`tests/fixtures/signing_v1/vectors.json`, written
//! by `scripts/sign-vectors/generate_v1.py`), then end to end through a client.

mod support;

use serde::Deserialize;
use support::*;
use tencentcloud_runtime::signing::{
    FORM_CONTENT_TYPE, V1Algorithm, V1CommonParams, V1SigningRequest, encode_query, flatten_params,
    sign_v1, v1_params,
};
use tencentcloud_runtime::transport::HttpMethod;
use tencentcloud_runtime::{ServiceClient, SignatureMethod};

#[derive(Debug, Deserialize)]
struct Vector {
    name: String,
    method: String,
    host: String,
    path: String,
    algorithm: String,
    secret_id: String,
    secret_key: String,
    token: Option<String>,
    region: String,
    language: Option<String>,
    action: String,
    version: String,
    timestamp: i64,
    nonce: u64,
    request_client: String,
    request_json: String,
    expected: Expected,
}

#[derive(Debug, Deserialize)]
struct Expected {
    flattened: Vec<(String, String)>,
    params: Vec<(String, String)>,
    string_to_sign: String,
    signature: String,
    encoded: String,
    content_type: String,
}

fn vectors() -> Vec<Vector> {
    let text = include_str!("fixtures/signing_v1/vectors.json");
    let vectors: Vec<Vector> = serde_json::from_str(text).expect("valid vectors");
    assert!(vectors.len() >= 7);
    vectors
}

fn algorithm(name: &str) -> V1Algorithm {
    match name {
        "HmacSHA256" => V1Algorithm::HmacSha256,
        "HmacSHA1" => V1Algorithm::HmacSha1,
        other => panic!("unknown algorithm {other}"),
    }
}

fn method(name: &str) -> HttpMethod {
    match name {
        "POST" => HttpMethod::Post,
        "GET" => HttpMethod::Get,
        other => panic!("unknown method {other}"),
    }
}

fn common(v: &Vector) -> V1CommonParams<'_> {
    V1CommonParams {
        action: &v.action,
        request_client: &v.request_client,
        nonce: v.nonce,
        timestamp: v.timestamp,
        version: &v.version,
        region: Some(v.region.as_str()),
        token: v.token.as_deref(),
        secret_id: &v.secret_id,
        algorithm: algorithm(&v.algorithm),
        language: v.language.as_deref(),
    }
}

#[test]
fn request_members_flatten_as_the_sdk_flattens_them() {
    for v in vectors() {
        let flattened = flatten_params(v.request_json.as_bytes()).unwrap();
        assert_eq!(flattened, v.expected.flattened, "{}", v.name);
    }
}

#[test]
fn common_parameters_are_added_in_the_sdk_order() {
    for v in vectors() {
        let params = v1_params(v.expected.flattened.clone(), &common(&v));
        assert_eq!(params, v.expected.params, "{}", v.name);
    }
}

#[test]
fn string_to_sign_and_signature_match_the_sdk() {
    for v in vectors() {
        let sig = sign_v1(
            &V1SigningRequest {
                method: method(&v.method),
                host: &v.host,
                path: &v.path,
                params: &v.expected.params,
            },
            &v.secret_key,
            algorithm(&v.algorithm),
        );
        assert_eq!(sig.string_to_sign, v.expected.string_to_sign, "{}", v.name);
        assert_eq!(sig.signature, v.expected.signature, "{}", v.name);
    }
}

#[test]
fn encoded_form_matches_the_sdk_byte_for_byte() {
    for v in vectors() {
        let mut params: Vec<(&str, &str)> = v
            .expected
            .params
            .iter()
            .map(|(k, val)| (k.as_str(), val.as_str()))
            .collect();
        params.push(("Signature", &v.expected.signature));
        assert_eq!(encode_query(&params), v.expected.encoded, "{}", v.name);
        assert_eq!(v.expected.content_type, FORM_CONTENT_TYPE, "{}", v.name);
    }
}

#[test]
fn hmac_sha1_and_sha256_signatures_differ_for_the_same_request() {
    let vectors = vectors();
    let sha256 = vectors
        .iter()
        .find(|v| v.name == "post_hmacsha256_terminate_async_event")
        .unwrap();
    let sha1 = vectors
        .iter()
        .find(|v| v.name == "post_hmacsha1_terminate_async_event")
        .unwrap();
    assert_ne!(sha256.expected.signature, sha1.expected.signature);
    // Base64 of 32 and 20 bytes.
    assert_eq!(sha256.expected.signature.len(), 44);
    assert_eq!(sha1.expected.signature.len(), 28);
}

fn form_pairs(text: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

/// Recomputes the signature of what the server received.
fn verify(received: &Received, host: &str, method: HttpMethod, algorithm: V1Algorithm) {
    let text = match method {
        HttpMethod::Post => String::from_utf8(received.body.clone()).unwrap(),
        HttpMethod::Get => received.path.split_once('?').unwrap().1.to_owned(),
    };
    let mut params = form_pairs(&text);
    let signature = params.pop().expect("Signature comes last");
    assert_eq!(signature.0, "Signature");
    let expected = sign_v1(
        &V1SigningRequest {
            method,
            host,
            path: "/",
            params: &params,
        },
        SECRET_KEY,
        algorithm,
    );
    assert_eq!(signature.1, expected.signature);
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("Action"), Some("TerminateAsyncEvent"));
    assert_eq!(get("SignatureMethod"), Some(algorithm.as_str()));
    assert_eq!(get("SecretId"), Some(SECRET_ID));
    assert_eq!(get("Token"), Some(TOKEN));
    assert_eq!(get("Region"), Some("ap-guangzhou"));
    assert_eq!(get("FunctionName"), Some("hello-函数"));
    assert!(get("RequestClient").unwrap().starts_with("SDK_RUST_"));
}

#[tokio::test]
async fn client_sends_verifiable_v1_requests_by_post_and_get() {
    for (signature_method, algorithm) in [
        (SignatureMethod::HmacSha256, V1Algorithm::HmacSha256),
        (SignatureMethod::HmacSha1, V1Algorithm::HmacSha1),
    ] {
        for method in [HttpMethod::Post, HttpMethod::Get] {
            let server = TestServer::start(Reply::json(200, SUCCESS)).await;
            let config = builder_for(&server.endpoint())
                .with_signature_method(signature_method)
                .with_http_method(method)
                .build()
                .unwrap();
            let client = ServiceClient::new(&SCF, &config).unwrap();
            call(&client).await.expect("call succeeds");
            let received = &server.received()[0];
            assert_eq!(received.method, method.as_str());
            assert_eq!(received.header("Content-Type"), Some(FORM_CONTENT_TYPE));
            assert_eq!(received.header("Authorization"), None);
            verify(received, &server.addr.to_string(), method, algorithm);
        }
    }
}

#[tokio::test]
async fn each_v1_attempt_gets_a_fresh_nonce_and_signature() {
    let server = TestServer::start_sequence(vec![
        Reply::json(200, &error_body("RequestLimitExceeded")),
        Reply::json(200, SUCCESS),
    ])
    .await;
    let config = builder_for(&server.endpoint())
        .with_signature_method(SignatureMethod::HmacSha256)
        .build()
        .unwrap();
    call(&ServiceClient::new(&SCF, &config).unwrap())
        .await
        .unwrap();
    let nonces: Vec<String> = server
        .received()
        .iter()
        .map(|r| {
            form_pairs(std::str::from_utf8(&r.body).unwrap())
                .into_iter()
                .find(|(k, _)| k == "Nonce")
                .unwrap()
                .1
        })
        .collect();
    assert_eq!(nonces.len(), 2);
    assert_ne!(nonces[0], nonces[1]);
}
