//! Every refusal of the router, with raw requests over loopback: each answered with
//! HTTP 200, the error envelope, its documented code, a fresh RequestId and a `Date`.

mod emulator_support;

use std::collections::HashSet;
use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use emulator_support::{
    Emu, Raw, SECRET_ID, SECRET_KEY, assert_uuid, post, quick_behaviour, raw, read_response,
    runtime, signed, tc3_headers, unix_now, with_header, without_header,
};
use tencentcloud_runtime::signing::{
    V1Algorithm, V1CommonParams, encode_query, sign_v1, v1_params,
};
use tencentcloud_runtime::transport::HttpMethod;
use tencentcloud_scf::operation::create_function::{CreateFunctionError, CreateFunctionRequest};
use tencentcloud_scf::types::Code;
use tencentcloud_scf::{CommonCode, Error, ServiceError};

const LIST: &str = r#"{"Limit": 5}"#;

/// A clock that moves only when the test says: the server's QPS buckets read it, so
/// what passes depends on the requests, not on how fast the machine sends them.
#[derive(Clone)]
struct ManualClock {
    start: Instant,
    offset: std::sync::Arc<std::sync::Mutex<Duration>>,
}

impl ManualClock {
    fn new() -> Self {
        Self {
            start: Instant::now(),
            offset: Default::default(),
        }
    }

    fn now(&self) -> Instant {
        self.start + *self.offset.lock().unwrap()
    }

    fn advance(&self, by: Duration) {
        *self.offset.lock().unwrap() += by;
    }
}

/// The headers of a `ListNamespaces` POST of [`LIST`], signed at `timestamp`
/// with `secret_id` and `secret_key`.
fn list_headers(
    emu: &Emu,
    timestamp: i64,
    secret_id: &str,
    secret_key: &str,
) -> Vec<(String, String)> {
    tc3_headers(
        emu.addr,
        "ListNamespaces",
        LIST.as_bytes(),
        timestamp,
        secret_id,
        secret_key,
    )
}

/// POSTs [`LIST`] with exactly `headers`.
fn send_list(emu: &Emu, headers: &[(String, String)]) -> Raw {
    raw(emu.addr, "POST", "/", headers, LIST.as_bytes())
}

#[test]
fn accepted_request_gets_the_envelope_a_fresh_request_id_and_a_date() {
    let emu = Emu::start();
    let first = post(emu.addr, "ListNamespaces", LIST);
    assert_eq!(first.status, 200);
    assert_eq!(first.code(), None, "{}", first.body);
    assert_eq!(first.body["Response"]["TotalCount"], 1);
    assert_eq!(first.header("Content-Type"), Some("application/json"));
    let date = first.header("Date").expect("a Date header");
    assert!(date.ends_with(" GMT"), "{date}");
    assert_uuid(first.request_id());

    let ids: HashSet<String> = (0..20)
        .map(|_| {
            post(emu.addr, "ListNamespaces", LIST)
                .request_id()
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 20);
    assert!(!ids.contains(first.request_id()));
}

#[test]
fn rejects_expired_timestamp_with_signature_expire_and_a_date_to_correct_from() {
    let emu = Emu::start();
    for skew in [-310, 310, -3600] {
        let timestamp = unix_now() + skew;
        let headers = list_headers(&emu, timestamp, SECRET_ID, SECRET_KEY);
        let response = send_list(&emu, &headers);
        response.assert_error("AuthFailure.SignatureExpire");
        assert!(response.header("Date").is_some());
    }
    // Within five minutes is fine.
    let timestamp = unix_now() - 240;
    let headers = list_headers(&emu, timestamp, SECRET_ID, SECRET_KEY);
    assert_eq!(send_list(&emu, &headers).code(), None);
}

#[test]
fn rejects_wrong_signature_with_signature_failure() {
    let emu = Emu::start();
    let wrong_key = list_headers(&emu, unix_now(), SECRET_ID, "not-the-key");
    send_list(&emu, &wrong_key).assert_error("AuthFailure.SignatureFailure");

    // The body, the Host and the Content-Type are covered by the signature.
    let headers = signed(emu.addr, "ListNamespaces", LIST);
    raw(emu.addr, "POST", "/", &headers, br#"{"Limit": 6}"#)
        .assert_error("AuthFailure.SignatureFailure");
    let other_host = with_header(headers.clone(), "Host", "scf.tencentcloudapi.com");
    send_list(&emu, &other_host).assert_error("AuthFailure.SignatureFailure");
    let other_type = with_header(headers, "Content-Type", "application/json; charset=utf-8");
    send_list(&emu, &other_type).assert_error("AuthFailure.SignatureFailure");
}

#[test]
fn rejects_unknown_secret_id_with_secret_id_not_found() {
    let emu = Emu::start();
    let headers = list_headers(&emu, unix_now(), "AKIDnobody", SECRET_KEY);
    send_list(&emu, &headers).assert_error("AuthFailure.SecretIdNotFound");
}

#[test]
fn rejects_missing_or_malformed_authorization_with_invalid_authorization() {
    let emu = Emu::start();
    let headers = signed(emu.addr, "ListNamespaces", LIST);
    let missing = without_header(headers.clone(), "Authorization");
    send_list(&emu, &missing).assert_error("AuthFailure.InvalidAuthorization");
    for malformed in [
        "Basic dXNlcjpwYXNz",
        "TC3-HMAC-SHA256 Credential=AKIDemulatorTEST/2024-01-01/scf/tc3_request",
        "TC3-HMAC-SHA256 Credential=AKIDemulatorTEST, SignedHeaders=content-type;host, Signature=00",
        "TC3-HMAC-SHA256 Credential=AKIDemulatorTEST/2024-01-01/scf/tc3_request, SignedHeaders=host, Signature=00",
    ] {
        let headers = with_header(headers.clone(), "Authorization", malformed);
        send_list(&emu, &headers).assert_error("AuthFailure.InvalidAuthorization");
    }
}

#[test]
fn rejects_missing_or_wrong_session_token_with_token_failure() {
    let emu = Emu::start_with(
        |config| config.credential_with_token("AKIDtemporary", "temporary-key", "the-token"),
        quick_behaviour(),
    );
    let headers = list_headers(&emu, unix_now(), "AKIDtemporary", "temporary-key");
    send_list(&emu, &headers).assert_error("AuthFailure.TokenFailure");
    let wrong = with_header(headers.clone(), "X-TC-Token", "another-token");
    send_list(&emu, &wrong).assert_error("AuthFailure.TokenFailure");
    let right = with_header(headers, "X-TC-Token", "the-token");
    assert_eq!(send_list(&emu, &right).code(), None);
}

#[test]
fn rejects_unknown_action_and_wrong_version() {
    let emu = Emu::start();
    post(emu.addr, "DescribeInstances", "{}").assert_error("InvalidAction");
    let old = with_header(
        signed(emu.addr, "ListNamespaces", LIST),
        "X-TC-Version",
        "2017-01-01",
    );
    send_list(&emu, &old).assert_error("NoSuchVersion");
    let no_action = without_header(signed(emu.addr, "ListNamespaces", LIST), "X-TC-Action");
    send_list(&emu, &no_action).assert_error("MissingParameter");
}

#[test]
fn rejects_bad_bodies_with_the_parameter_codes() {
    let emu = Emu::start();
    post(emu.addr, "ListNamespaces", "{not json").assert_error("InvalidParameter");
    post(emu.addr, "ListNamespaces", "[1, 2]").assert_error("InvalidParameter");
    post(emu.addr, "GetAsyncEventStatus", "{}").assert_error("MissingParameter");
    post(emu.addr, "ListNamespaces", r#"{"Limit": "five"}"#).assert_error("InvalidParameterValue");
    post(
        emu.addr,
        "ListNamespaces",
        r#"{"Limit": 5, "Colour": "red"}"#,
    )
    .assert_error("UnknownParameter");
}

#[test]
fn rejects_other_methods_and_paths_with_unsupported_protocol() {
    let emu = Emu::start();
    let headers = signed(emu.addr, "ListNamespaces", LIST);
    raw(emu.addr, "PUT", "/", &headers, LIST.as_bytes()).assert_error("UnsupportedProtocol");
    raw(emu.addr, "POST", "/v2/functions", &headers, LIST.as_bytes())
        .assert_error("UnsupportedProtocol");
}

#[test]
fn oversized_body_is_refused_without_being_read() {
    let emu = Emu::start_with(|config| config.with_max_body_bytes(1024), quick_behaviour());
    // Announced far larger than the limit, and never sent: the answer comes while the
    // connection stays open, so the server did not wait for the body.
    let mut headers = signed(emu.addr, "ListNamespaces", LIST);
    headers.push(("Content-Length".to_owned(), "1000000000".to_owned()));
    raw(emu.addr, "POST", "/", &headers, b"").assert_error("RequestSizeLimitExceeded");

    // Just over the limit, sent in full.
    let body = format!(
        r#"{{"Limit": 5, "SearchKey": [{{"Key": "Namespace", "Value": "{}"}}]}}"#,
        "x".repeat(1024)
    );
    post(emu.addr, "ListNamespaces", &body).assert_error("RequestSizeLimitExceeded");

    // Chunked, with no length announced: counted as it arrives.
    let mut stream = TcpStream::connect(emu.addr).unwrap();
    let mut head = format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n",
        emu.addr
    );
    for (name, value) in signed(emu.addr, "ListNamespaces", LIST) {
        if name != "Host" {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    for _ in 0..3 {
        stream
            .write_all(format!("200\r\n{}\r\n", "y".repeat(512)).as_bytes())
            .unwrap();
    }
    stream.write_all(b"0\r\n\r\n").unwrap();
    read_response(stream).assert_error("RequestSizeLimitExceeded");

    // The limit itself is fine.
    let exact = format!(r#"{{"Limit": 5{}}}"#, " ".repeat(1024 - 12));
    assert_eq!(exact.len(), 1024);
    assert_eq!(post(emu.addr, "ListNamespaces", &exact).code(), None);
}

#[test]
fn default_limit_is_ten_mebibytes_and_the_client_reads_the_refusal() {
    let emu = Emu::start();
    let client = emu.client();
    let zip = "A".repeat(10 * 1024 * 1024);
    let request = CreateFunctionRequest::new("big", Code::new().set_zip_file(zip));
    let result = runtime().block_on(client.create_function(&request));
    match result {
        Err(Error::Service(ServiceError {
            code: CreateFunctionError::Common(CommonCode::RequestSizeLimitExceeded),
            ..
        })) => {}
        other => panic!("expected RequestSizeLimitExceeded, got {other:?}"),
    }
    // A body under the limit passes.
    let request =
        CreateFunctionRequest::new("small", Code::new().set_zip_file("A".repeat(1 << 20)));
    runtime()
        .block_on(client.create_function(&request))
        .expect("a 1 MiB body is accepted");
}

#[test]
fn action_over_its_qps_limit_is_refused_with_request_limit_exceeded() {
    let clock = ManualClock::new();
    let emu = Emu::start_with(
        {
            let clock = clock.clone();
            |config| {
                config
                    .with_qps_limit("ListNamespaces", Some(2))
                    .with_clock(move || clock.now())
            }
        },
        quick_behaviour(),
    );
    // A bucket of two: two pass at once, the third does not.
    let codes: Vec<Option<String>> = (0..4)
        .map(|_| {
            post(emu.addr, "ListNamespaces", LIST)
                .code()
                .map(str::to_owned)
        })
        .collect();
    let refused = Some("RequestLimitExceeded".to_owned());
    assert_eq!(codes, [None, None, refused.clone(), refused]);
    // Other actions have their own buckets.
    assert_eq!(post(emu.addr, "ListFunctions", "{}").code(), None);
    // At 2 per second, a token comes back after half a second, not before.
    clock.advance(Duration::from_millis(499));
    post(emu.addr, "ListNamespaces", LIST).assert_error("RequestLimitExceeded");
    clock.advance(Duration::from_millis(1));
    assert_eq!(post(emu.addr, "ListNamespaces", LIST).code(), None);
    post(emu.addr, "ListNamespaces", LIST).assert_error("RequestLimitExceeded");
}

#[test]
fn documented_qps_limit_applies_without_configuration() {
    let clock = ManualClock::new();
    let emu = Emu::start_with(
        {
            let clock = clock.clone();
            |config| config.with_clock(move || clock.now())
        },
        quick_behaviour(),
    );
    // GetAsyncEventStatus is documented at 20 requests per second; the bucket starts
    // full, so 20 pass, and then one every 50 ms.
    let body = r#"{"InvokeRequestId": "nope"}"#;
    let codes: Vec<String> = (0..30)
        .map(|_| {
            post(emu.addr, "GetAsyncEventStatus", body)
                .code()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    let expected: Vec<&str> = [
        ["ResourceNotFound.AsyncEvent"; 20].as_slice(),
        &["RequestLimitExceeded"; 10],
    ]
    .concat();
    assert_eq!(codes, expected);
    clock.advance(Duration::from_millis(50));
    post(emu.addr, "GetAsyncEventStatus", body).assert_error("ResourceNotFound.AsyncEvent");
    post(emu.addr, "GetAsyncEventStatus", body).assert_error("RequestLimitExceeded");
}

fn v1_query(
    addr: std::net::SocketAddr,
    key: &str,
    algorithm: V1Algorithm,
    timestamp: i64,
) -> String {
    let own = vec![("Limit".to_owned(), "5".to_owned())];
    let params = v1_params(
        own,
        &V1CommonParams {
            action: "ListNamespaces",
            request_client: "raw-test",
            nonce: 12345,
            timestamp,
            version: "2018-04-16",
            region: Some("ap-guangzhou"),
            token: None,
            secret_id: SECRET_ID,
            algorithm,
            language: None,
        },
    );
    let host = addr.to_string();
    let signature = sign_v1(
        &tencentcloud_runtime::signing::V1SigningRequest {
            method: HttpMethod::Get,
            host: &host,
            path: "/",
            params: &params,
        },
        key,
        algorithm,
    );
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    pairs.push(("Signature", &signature.signature));
    encode_query(&pairs)
}

#[test]
fn v1_signatures_are_verified() {
    let emu = Emu::start();
    for algorithm in [V1Algorithm::HmacSha1, V1Algorithm::HmacSha256] {
        let query = v1_query(emu.addr, SECRET_KEY, algorithm, unix_now());
        let ok = raw(emu.addr, "GET", &format!("/?{query}"), &[], b"");
        assert_eq!(ok.code(), None, "{algorithm:?}: {}", ok.body);
        assert_eq!(ok.body["Response"]["TotalCount"], 1);

        let query = v1_query(emu.addr, "not-the-key", algorithm, unix_now());
        raw(emu.addr, "GET", &format!("/?{query}"), &[], b"")
            .assert_error("AuthFailure.SignatureFailure");
        let query = v1_query(emu.addr, SECRET_KEY, algorithm, unix_now() - 3600);
        raw(emu.addr, "GET", &format!("/?{query}"), &[], b"")
            .assert_error("AuthFailure.SignatureExpire");
    }
    // A form POST carries the same parameters in its body.
    let query = v1_query(emu.addr, SECRET_KEY, V1Algorithm::HmacSha256, unix_now());
    let form = [(
        "Content-Type".to_owned(),
        "application/x-www-form-urlencoded".to_owned(),
    )];
    let response = raw(emu.addr, "POST", "/", &form, query.as_bytes());
    // The v1 string to sign names the method, so a GET signature fails as a POST.
    response.assert_error("AuthFailure.SignatureFailure");
}

#[test]
fn shutdown_lets_requests_in_flight_finish_then_refuses_connections() {
    let mut emu = Emu::start_with(
        |config| config,
        quick_behaviour().with_default_duration(Duration::from_millis(1500)),
    );
    let addr = emu.addr;
    post(
        addr,
        "CreateFunction",
        r#"{"FunctionName": "slow", "Code": {}}"#,
    );
    let in_flight = std::thread::spawn(move || post(addr, "Invoke", r#"{"FunctionName": "slow"}"#));
    // Time for the request to reach the server before it is told to stop.
    std::thread::sleep(Duration::from_millis(400));
    let stopping = Instant::now();
    emu.stop();
    let response = in_flight.join().unwrap();
    assert_eq!(response.code(), None, "{}", response.body);
    assert_eq!(response.body["Response"]["Result"]["InvokeResult"], 0);
    assert!(
        stopping.elapsed() >= Duration::from_millis(500),
        "shutdown did not wait"
    );
    assert!(
        TcpStream::connect(addr).is_err(),
        "still accepting after shutdown"
    );
}
