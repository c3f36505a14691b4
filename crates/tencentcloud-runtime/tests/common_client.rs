//! `CommonClient` on a transport double: the same signing, retry classification,
//! clock-skew correction and credentials as a generated call, with an action named
//! at run time taken as not idempotent unless a call says otherwise.

mod support;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::json;
use support::*;
use tencentcloud_runtime::transport::{self, BoxFuture, HttpRequest, HttpResponse};
use tencentcloud_runtime::{
    AnyCode, CallOptions, CommonClient, CommonCode, Config, Credentials, CredentialsError, Error,
    ProvideCredentials, RetryConfig, ServiceError, TransportError, TransportErrorKind,
};

const OK: &str = r#"{"Response":{"Answer":42,"RequestId":"req-ok"}}"#;

/// What the transport does on each attempt, by attempt number (from 1).
type Script = fn(u32) -> Result<HttpResponse, TransportError>;

/// A client of the made-up `madeup` service on a transport that follows `script`,
/// recording every request it is given.
fn client_on(
    config: &Config,
    script: Script,
) -> (CommonClient, Arc<AtomicU32>, Arc<Mutex<Vec<HttpRequest>>>) {
    let attempts = Arc::new(AtomicU32::new(0));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (count, log) = (Arc::clone(&attempts), Arc::clone(&seen));
    let transport = transport::from_fn(move |request| {
        let number = count.fetch_add(1, Ordering::SeqCst) + 1;
        log.lock().unwrap().push(request);
        async move { script(number) }
    });
    let client = CommonClient::with_transport("madeup", "2020-01-01", config, transport).unwrap();
    (client, attempts, seen)
}

/// Retries with a millisecond of backoff, up to three attempts.
fn config() -> Config {
    Config::builder()
        .with_credentials(credentials())
        .with_region("ap-guangzhou")
        .with_retry(
            RetryConfig::default()
                .with_max_attempts(3)
                .with_base_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(1)),
        )
        .build()
        .unwrap()
}

/// A timeout after the request was written: the service may have run it.
fn ambiguous(_: u32) -> Result<HttpResponse, TransportError> {
    Err(TransportError::new(TransportErrorKind::Timeout, true, None))
}

fn ambiguous_then_ok(attempt: u32) -> Result<HttpResponse, TransportError> {
    if attempt < 3 {
        ambiguous(attempt)
    } else {
        Ok(HttpResponse::new(200, OK))
    }
}

#[tokio::test(start_paused = true)]
async fn ambiguous_failure_of_a_named_action_is_not_retried_by_default() {
    let (client, attempts, _) = client_on(&config(), ambiguous);
    let error = client
        .call_json("CreateThing", json!({"Name": "a"}))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Transport(e) if e.kind() == TransportErrorKind::Timeout),
        "{error:?}"
    );
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn idempotent_call_option_retries_ambiguous_failures() {
    let (client, attempts, _) = client_on(&config(), ambiguous_then_ok);
    let options = CallOptions::new().with_idempotent(true);
    let answer = client
        .call_json_with("DescribeThings", json!({}), &options)
        .await
        .unwrap();
    assert_eq!(answer, json!({"Answer": 42, "RequestId": "req-ok"}));
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
}

#[tokio::test(start_paused = true)]
async fn idempotent_call_option_gives_up_after_the_policy_s_attempts() {
    let (client, attempts, _) = client_on(&config(), ambiguous);
    let options = CallOptions::new().with_idempotent(true);
    let error = client
        .call_json_with("DescribeThings", json!({}), &options)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
}

#[tokio::test(start_paused = true)]
async fn a_call_s_options_override_the_client_s() {
    let (client, attempts, _) = client_on(&config(), ambiguous_then_ok);
    let idempotent = client.with_call_options(CallOptions::new().with_idempotent(true));
    let options = CallOptions::new().with_idempotent(false);
    idempotent
        .call_json_with("CreateThing", json!({}), &options)
        .await
        .unwrap_err();
    assert_eq!(attempts.load(Ordering::SeqCst), 1);

    // Without a per-call override the client's option holds.
    idempotent
        .call_json("CreateThing", json!({}))
        .await
        .unwrap();
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
}

#[tokio::test(start_paused = true)]
async fn failures_before_sending_and_throttling_are_retried_for_any_action() {
    fn refused_then_throttled_then_ok(attempt: u32) -> Result<HttpResponse, TransportError> {
        match attempt {
            1 => Err(TransportError::new(
                TransportErrorKind::Connect,
                false,
                None,
            )),
            2 => Ok(HttpResponse::new(
                200,
                r#"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},"RequestId":"r-2"}}"#,
            )),
            _ => Ok(HttpResponse::new(200, OK)),
        }
    }
    let (client, attempts, _) = client_on(&config(), refused_then_throttled_then_ok);
    client.call_json("CreateThing", json!({})).await.unwrap();
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn service_errors_are_typed_with_their_request_id() {
    fn answers(_: u32) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse::new(
            200,
            r#"{"Response":{"Error":{"Code":"ResourceNotFound.Thing","Message":"no thing"},"RequestId":"r-404"}}"#,
        ))
    }
    let (client, _, _) = client_on(&config(), answers);
    match client.call_json("GetThing", json!({"Id": 1})).await {
        Err(Error::Service(ServiceError {
            code: AnyCode::Unknown { code },
            request_id,
            message,
            ..
        })) => {
            assert_eq!(code, "ResourceNotFound.Thing");
            assert_eq!(request_id, "r-404");
            assert_eq!(message, "no thing");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn requests_are_signed_for_the_named_service_version_and_action() {
    fn answers(_: u32) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse::new(200, OK))
    }
    let (client, _, seen) = client_on(&config(), answers);
    assert_eq!(client.endpoint(), "https://madeup.tencentcloudapi.com/");
    client
        .call_json("CreateThing", json!({"Name": "a", "Tags": [1, 2]}))
        .await
        .unwrap();
    let request = seen.lock().unwrap().pop().unwrap();
    assert_eq!(request.url, "https://madeup.tencentcloudapi.com/");
    assert_eq!(request.header("Host"), Some("madeup.tencentcloudapi.com"));
    assert_eq!(request.header("X-TC-Action"), Some("CreateThing"));
    assert_eq!(request.header("X-TC-Version"), Some("2020-01-01"));
    assert_eq!(request.header("X-TC-Region"), Some("ap-guangzhou"));
    assert_eq!(request.header("X-TC-Token"), Some(TOKEN));
    let authorization = request.header("Authorization").unwrap();
    assert!(
        authorization.starts_with(&format!("TC3-HMAC-SHA256 Credential={SECRET_ID}/"))
            && authorization.contains("/madeup/tc3_request, SignedHeaders=content-type;host, "),
        "{authorization}"
    );
    assert_eq!(&request.body[..], br#"{"Name":"a","Tags":[1,2]}"#);
}

#[derive(Serialize)]
struct CreateThing<'a> {
    #[serde(rename = "Name")]
    name: &'a str,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Created {
    #[serde(rename = "Answer")]
    answer: u32,
    #[serde(rename = "RequestId")]
    request_id: String,
}

#[tokio::test]
async fn typed_calls_serialize_the_request_and_decode_the_response() {
    fn answers(_: u32) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse::new(200, OK))
    }
    let (client, _, seen) = client_on(&config(), answers);
    let created: Created = client
        .call("CreateThing", &CreateThing { name: "a" })
        .await
        .unwrap();
    assert_eq!(
        created,
        Created {
            answer: 42,
            request_id: "req-ok".to_owned()
        }
    );
    assert_eq!(&seen.lock().unwrap()[0].body[..], br#"{"Name":"a"}"#);

    // An answer of another shape is a response error, with the request id.
    #[derive(Debug, Deserialize)]
    struct Other {
        #[serde(rename = "Missing")]
        _missing: String,
    }
    let error = client
        .call::<_, Other>("CreateThing", &CreateThing { name: "a" })
        .await
        .unwrap_err();
    assert!(matches!(&error, Error::Response(_)), "{error:?}");
    assert_eq!(error.request_id(), Some("req-ok"));
}

#[tokio::test]
async fn an_action_name_that_cannot_be_sent_fails_before_sending() {
    fn answers(_: u32) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse::new(200, OK))
    }
    let (client, attempts, _) = client_on(&config(), answers);
    for action in ["", "Create Thing", "Create\r\nX-Injected: 1"] {
        let error = client.call_json(action, json!({})).await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    }
    assert_eq!(attempts.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn an_expired_timestamp_is_corrected_from_the_server_clock() {
    fn expired_then_ok(attempt: u32) -> Result<HttpResponse, TransportError> {
        if attempt == 1 {
            Ok(HttpResponse::new(
                200,
                r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"expired"},"RequestId":"r-1"}}"#,
            )
            // 2001-09-09T01:46:40Z, far from any test's clock.
            .with_header("Date", "Sun, 09 Sep 2001 01:46:40 GMT"))
        } else {
            Ok(HttpResponse::new(200, OK))
        }
    }
    let (client, attempts, seen) = client_on(&config(), expired_then_ok);
    client.call_json("CreateThing", json!({})).await.unwrap();
    assert_eq!(attempts.load(Ordering::SeqCst), 2);
    let seen = seen.lock().unwrap();
    let retried: i64 = seen[1].header("X-TC-Timestamp").unwrap().parse().unwrap();
    assert!(
        (1_000_000_000..1_000_000_100).contains(&retried),
        "{retried}"
    );
}

/// Gives new credentials each time it is asked.
#[derive(Debug, Default)]
struct Rotating(AtomicU32);

impl ProvideCredentials for Rotating {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(Credentials::new(format!("AKIDrotated{n}"), SECRET_KEY)) })
    }
}

#[tokio::test(start_paused = true)]
async fn credentials_are_asked_again_for_every_attempt() {
    let config = config()
        .to_builder()
        .with_credentials_provider(Rotating::default())
        .build()
        .unwrap();
    let (client, _, seen) = client_on(&config, ambiguous_then_ok);
    let options = CallOptions::new().with_idempotent(true);
    client
        .call_json_with("DescribeThings", json!({}), &options)
        .await
        .unwrap();
    let ids: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|r| {
            let authorization = r.header("Authorization").unwrap();
            authorization["TC3-HMAC-SHA256 Credential=".len()..]
                .split('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids, ["AKIDrotated1", "AKIDrotated2", "AKIDrotated3"]);
}

#[tokio::test]
async fn missing_credentials_send_nothing() {
    fn answers(_: u32) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse::new(200, OK))
    }
    let config = Config::builder().build().unwrap();
    let (client, attempts, _) = client_on(&config, answers);
    let error = client
        .call_json("CreateThing", json!({}))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Credentials(_)), "{error:?}");
    assert_eq!(attempts.load(Ordering::SeqCst), 0);
}

#[test]
fn invalid_action_matches_as_on_a_generated_error() {
    let error: Error<AnyCode> = Error::Service(ServiceError::new(
        tencentcloud_runtime::ErrorCode::from_code("InvalidAction"),
        "no such action",
        "r-1",
        200,
    ));
    assert!(matches!(
        error,
        Error::Service(ServiceError {
            code: AnyCode::Common(CommonCode::InvalidAction),
            ..
        })
    ));
}
