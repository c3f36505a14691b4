//! Our `CommonClient`'s requests against the official Python SDK's `CommonClient`, as
//! recorded by `scripts/common-client/run.sh --write` in
//! `tests/data/common-client-vectors.json`: for each case (TC3 POST with a token, TC3
//! GET, v1 HmacSHA256), the same call, signed at the recorded time (a
//! [`StaticTimeSource`], so that the vectors hold on any day), must give the same
//! request but for the nonce and signature, the client's identity (`User-Agent`,
//! `X-TC-RequestClient`), what only the Python SDK or its HTTP library adds
//! (`X-TC-TraceId`, `Accept-Encoding`, `Connection`), and a JSON body's bytes (the
//! values must be equal). The recorded Python signatures must also be what our signers
//! compute from the recorded bytes. No Python is needed.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tencentcloud_runtime::signing::{
    SigningRequest, V1Algorithm, V1SigningRequest, sign_tc3, sign_v1,
};
use tencentcloud_runtime::transport::{self, HttpMethod, HttpRequest, HttpResponse};
use tencentcloud_runtime::{
    CommonClient, Config, Credentials, Language, RetryConfig, SignatureMethod, StaticTimeSource,
};

const VECTORS: &str = include_str!("../data/common-client-vectors.json");

/// Headers that differ between the two clients for a reason, lowercased.
const ALLOWED_TO_DIFFER: [&str; 7] = [
    "authorization",
    "user-agent",
    "x-tc-requestclient",
    "x-tc-traceid",
    "accept-encoding",
    "connection",
    "content-length",
];
/// HTTP-level headers our transport (reqwest) adds on the wire, not in the request.
const ADDED_ON_THE_WIRE: [&str; 1] = ["accept"];
/// v1 parameters that differ for a reason.
const FORM_ALLOWED_TO_DIFFER: [&str; 3] = ["Nonce", "Signature", "RequestClient"];

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {value}"))
}

fn python_headers(request: &Value) -> BTreeMap<String, String> {
    request["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_ascii_lowercase(),
                pair[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn form(body: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// When the official SDK signed `request`: its `X-TC-Timestamp` (TC3) or its
/// `Timestamp` parameter (v1).
fn recorded_timestamp(request: &Value) -> u64 {
    let header = python_headers(request).remove("x-tc-timestamp");
    let parameter = || {
        form(text(request, "body"))
            .into_iter()
            .find_map(|(k, v)| (k == "Timestamp").then_some(v))
    };
    header
        .or_else(parameter)
        .expect("a recorded timestamp")
        .parse()
        .expect("a timestamp in seconds")
}

/// The request our client makes for `case`, to the host the Python SDK sent to, at the
/// time the Python SDK signed its own.
fn our_request(vectors: &Value, case: &Value, host: &str) -> HttpRequest {
    let credentials = Credentials::new(text(vectors, "secret_id"), text(vectors, "secret_key"));
    let credentials = match case["token"].as_str() {
        Some(token) => credentials.with_token(token),
        None => credentials,
    };
    let language = match text(vectors, "language") {
        "en-US" => Language::EnUs,
        _ => Language::ZhCn,
    };
    let signature_method = match text(case, "sign_method") {
        "HmacSHA256" => SignatureMethod::HmacSha256,
        "HmacSHA1" => SignatureMethod::HmacSha1,
        _ => SignatureMethod::Tc3HmacSha256,
    };
    let http_method = match text(case, "http_method") {
        "GET" => HttpMethod::Get,
        _ => HttpMethod::Post,
    };
    let config = Config::builder()
        .with_credentials(credentials)
        .with_region(text(vectors, "region"))
        .with_language(language)
        .with_signature_method(signature_method)
        .with_http_method(http_method)
        .with_endpoint(format!("http://{host}"))
        .with_retry(RetryConfig::disabled())
        .with_time_source(StaticTimeSource::from_unix_seconds(recorded_timestamp(
            &case["python"],
        )))
        .build()
        .unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let capture = transport::from_fn(move |request| {
        log.lock().unwrap().push(request);
        async { Ok(HttpResponse::new(200, r#"{"Response":{"RequestId":"r"}}"#)) }
    });
    let service = text(vectors, "service").to_owned();
    let version = text(vectors, "version").to_owned();
    let client = CommonClient::with_transport(service, version, &config, capture).unwrap();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(client.call_json(text(vectors, "action"), vectors["params"].clone()))
        .unwrap();
    seen.lock().unwrap().pop().expect("one request")
}

#[test]
fn our_requests_match_the_official_sdk_common_client_vectors() {
    let vectors: Value = serde_json::from_str(VECTORS).expect("the vectors parse");
    let cases = vectors["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 3);
    let (secret_id, secret_key) = (text(&vectors, "secret_id"), text(&vectors, "secret_key"));
    let service = text(&vectors, "service");

    for case in cases {
        let name = text(case, "name");
        let python = &case["python"];
        let theirs = python_headers(python);
        let host = &theirs["host"];
        let ours_request = our_request(&vectors, case, host);
        let ours: BTreeMap<String, String> = ours_request
            .headers
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect();

        assert_eq!(
            ours_request.method.as_str(),
            text(python, "method"),
            "{name}"
        );
        let target = ours_request
            .url
            .strip_prefix(&format!("http://{host}"))
            .expect("our URL is on the same host");
        assert_eq!(target, text(python, "target"), "{name}: path and query");
        for (header, value) in &theirs {
            if ALLOWED_TO_DIFFER.contains(&header.as_str())
                || ADDED_ON_THE_WIRE.contains(&header.as_str())
            {
                continue;
            }
            assert_eq!(ours.get(header), Some(value), "{name}: {header}");
        }
        for header in ours.keys() {
            assert!(
                theirs.contains_key(header) || ALLOWED_TO_DIFFER.contains(&header.as_str()),
                "{name}: we send {header}, the official SDK does not"
            );
        }

        let body = text(python, "body");
        match text(case, "sign_method") {
            "TC3-HMAC-SHA256" => {
                let timestamp: i64 = theirs["x-tc-timestamp"].parse().expect("a timestamp");
                let scope = |authorization: &str| {
                    authorization
                        .split(" Signature=")
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                };
                assert_eq!(
                    scope(&ours["authorization"]),
                    scope(&theirs["authorization"]),
                    "{name}"
                );
                let signed = sign_tc3(
                    &SigningRequest {
                        method: ours_request.method,
                        host,
                        path: "/",
                        query: text(python, "target")
                            .trim_start_matches("/?")
                            .trim_start_matches('/'),
                        content_type: &theirs["content-type"],
                        payload: body.as_bytes(),
                        service,
                        timestamp,
                    },
                    secret_id,
                    secret_key,
                );
                assert_eq!(
                    signed.authorization, theirs["authorization"],
                    "{name}: our signer on the official SDK's bytes"
                );
                if ours_request.method == HttpMethod::Get {
                    // Same time, same query: the same signature, to the byte.
                    assert_eq!(ours["authorization"], theirs["authorization"], "{name}");
                }
                if ours_request.method == HttpMethod::Post {
                    let theirs: Value = serde_json::from_str(body).unwrap();
                    let ours: Value = serde_json::from_slice(&ours_request.body).unwrap();
                    assert_eq!(ours, theirs, "{name}: the JSON body");
                } else {
                    assert!(body.is_empty() && ours_request.body.is_empty(), "{name}");
                }
            }
            method => {
                let keep = |params: Vec<(String, String)>| -> Vec<(String, String)> {
                    params
                        .into_iter()
                        .filter(|(k, _)| !FORM_ALLOWED_TO_DIFFER.contains(&k.as_str()))
                        .collect()
                };
                let ours_form = form(std::str::from_utf8(&ours_request.body).unwrap());
                assert_eq!(keep(ours_form), keep(form(body)), "{name}: form parameters");

                let theirs_form = form(body);
                let (signature, rest): (Vec<_>, Vec<_>) =
                    theirs_form.into_iter().partition(|(k, _)| k == "Signature");
                let algorithm = match method {
                    "HmacSHA1" => V1Algorithm::HmacSha1,
                    _ => V1Algorithm::HmacSha256,
                };
                let signed = sign_v1(
                    &V1SigningRequest {
                        method: ours_request.method,
                        host,
                        path: "/",
                        params: &rest,
                    },
                    secret_key,
                    algorithm,
                );
                assert_eq!(
                    signed.signature, signature[0].1,
                    "{name}: our v1 signer on the official SDK's parameters"
                );
            }
        }
    }
}
