//! The verifying server and the example agree with the official Python SDK's signer,
//! as recorded in the runtime's known-answer vectors, for a loopback host with a port:
//! the case where a client must sign `host:port` exactly as it sends it.

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tencentcloud_integration_tests::{
    ReceivedRequest, ServerConfig, Verdict, VerifyingServer, example, send_raw,
};
use tencentcloud_runtime::signing::utc_date;

const VECTORS: &str =
    include_str!("../../crates/tencentcloud-runtime/tests/fixtures/signing/vectors.json");

const LOOPBACK_CASE: &str = "loopback_host_with_port_empty_body";

fn loopback_vector() -> Value {
    let vectors: Vec<Value> = serde_json::from_str(VECTORS).expect("vectors.json parses");
    vectors
        .into_iter()
        .find(|v| v["name"] == LOOPBACK_CASE)
        .unwrap_or_else(|| panic!("vectors.json has no {LOOPBACK_CASE}"))
}

fn text<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{pointer} is not a string in {LOOPBACK_CASE}"))
}

fn keys(vector: &Value) -> ServerConfig {
    ServerConfig::new(text(vector, "/secret_id"), text(vector, "/secret_key"))
}

/// The steps of the official SDK's `sign_tc3`, written out independently of the
/// runtime's signer so that the two can be compared. Only the UTC date comes from the
/// runtime, whose own tests pin it to Python's `datetime`.
struct OfficialSteps {
    canonical_request: String,
    string_to_sign: String,
    authorization: String,
}

fn official_steps(
    secret_id: &str,
    secret_key: &str,
    host: &str,
    content_type: &str,
    payload: &[u8],
    timestamp: i64,
) -> OfficialSteps {
    fn hmac_sha256(key: &[u8], message: &str) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
        mac.update(message.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
    let sha256_hex = |bytes: &[u8]| hex::encode(Sha256::digest(bytes));

    let canonical_request = format!(
        "POST\n/\n\ncontent-type:{content_type}\nhost:{host}\n\ncontent-type;host\n{}",
        sha256_hex(payload)
    );
    let date = utc_date(timestamp);
    let scope = format!("{date}/scf/tc3_request");
    let string_to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let k_date = hmac_sha256(format!("TC3{secret_key}").as_bytes(), &date);
    let k_service = hmac_sha256(&k_date, "scf");
    let k_signing = hmac_sha256(&k_service, "tc3_request");
    let signature = hex::encode(hmac_sha256(&k_signing, &string_to_sign));
    OfficialSteps {
        authorization: format!(
            "TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"
        ),
        canonical_request,
        string_to_sign,
    }
}

#[test]
fn verifier_reproduces_the_official_loopback_vector_byte_for_byte() {
    let vector = loopback_vector();
    let server = VerifyingServer::start(keys(&vector).with_max_clock_skew(None));
    let headers: Vec<(String, String)> = vector["expected"]["headers"]
        .as_object()
        .expect("headers object")
        .iter()
        .map(|(name, value)| (name.clone(), value.as_str().unwrap().to_owned()))
        .collect();

    // Exactly what the official SDK sent, though the server listens on another port:
    // the signature covers the Host header, not the socket.
    let response = send_raw(
        server.addr(),
        &headers,
        text(&vector, "/payload").as_bytes(),
    );

    assert_eq!(response.status, 200);
    let exchange = server.single_exchange();
    assert_eq!(exchange.check.verdict, Verdict::Accepted);
    let recomputed = exchange.check.recomputed.expect("signature recomputed");
    let expected = &vector["expected"];
    assert_eq!(recomputed.canonical_request, expected["canonical_request"]);
    assert_eq!(recomputed.credential_scope, expected["credential_scope"]);
    assert_eq!(recomputed.string_to_sign, expected["string_to_sign"]);
    assert_eq!(recomputed.signature, expected["signature"]);
    assert_eq!(recomputed.authorization, expected["authorization"]);
}

#[test]
fn example_request_carries_the_signature_the_official_steps_give() {
    let vector = loopback_vector();
    let (secret_id, secret_key) = (text(&vector, "/secret_id"), text(&vector, "/secret_key"));

    // The written-out steps first reproduce the official SDK's own answer...
    let steps = official_steps(
        secret_id,
        secret_key,
        text(&vector, "/host"),
        text(&vector, "/content_type"),
        text(&vector, "/payload").as_bytes(),
        vector["timestamp"].as_i64().unwrap(),
    );
    assert_eq!(
        steps.canonical_request,
        text(&vector, "/expected/canonical_request")
    );
    assert_eq!(
        steps.string_to_sign,
        text(&vector, "/expected/string_to_sign")
    );
    assert_eq!(
        steps.authorization,
        text(&vector, "/expected/authorization")
    );

    // ...then are applied to what the example sent to a loopback host with a port.
    let server = VerifyingServer::start(keys(&vector));
    let endpoint = server.endpoint();
    let run = example::run(
        &example::path("tencentcloud-scf", "terminate_async_event"),
        &[
            "--function-name",
            "helloworld",
            "--invoke-request-id",
            "invoke-1",
            "--endpoint",
            &endpoint,
        ],
        &[
            ("TENCENTCLOUD_SECRET_ID", secret_id),
            ("TENCENTCLOUD_SECRET_KEY", secret_key),
        ],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let sent: ReceivedRequest = server.single_exchange().request;
    let header = |name| sent.header(name).unwrap_or_else(|| panic!("no {name}"));
    let timestamp: i64 = header("X-TC-Timestamp").parse().unwrap();
    let steps = official_steps(
        secret_id,
        secret_key,
        header("Host"),
        header("Content-Type"),
        &sent.body,
        timestamp,
    );
    assert_eq!(header("Host"), server.host());
    assert_eq!(header("Authorization"), steps.authorization);

    // Replayed byte for byte, the captured request passes the verifier again.
    let replay_server = VerifyingServer::start(keys(&vector));
    let response = send_raw(replay_server.addr(), &sent.headers, &sent.body);
    assert_eq!(response.status, 200);
    let replayed = replay_server.single_exchange();
    assert_eq!(replayed.check.verdict, Verdict::Accepted);
    assert_eq!(
        replayed.check.recomputed.map(|s| s.canonical_request),
        Some(steps.canonical_request)
    );
}
