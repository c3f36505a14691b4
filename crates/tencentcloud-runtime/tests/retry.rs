//! The retry policy end to end: throttling, attempt limits, re-signing, and
//! clock-skew correction, counted by a loopback server.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use support::*;
use tencentcloud_runtime::signing::{SigningRequest, sign_tc3};
use tencentcloud_runtime::transport::BoxFuture;
use tencentcloud_runtime::transport::HttpMethod;
use tencentcloud_runtime::{
    Credentials, CredentialsError, Error, ProvideCredentials, RetryConfig, ServiceClient,
};

fn json(status: u16, body: &str) -> Reply {
    Reply::json(status, body)
}

fn client_with(server: &TestServer, retry: RetryConfig) -> ServiceClient {
    let config = builder_for(&server.endpoint())
        .with_retry(retry)
        .build()
        .unwrap();
    ServiceClient::new(&SCF, &config).unwrap()
}

fn timestamp_of(received: &Received) -> i64 {
    received.header("X-TC-Timestamp").unwrap().parse().unwrap()
}

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// An HTTP `Date` for unix time `t`.
fn http_date(t: i64) -> String {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::OffsetDateTime::from_unix_timestamp(t)
        .unwrap()
        .format(format)
        .unwrap()
}

#[tokio::test]
async fn throttling_is_retried_even_for_non_idempotent_actions() {
    for code in [
        "RequestLimitExceeded",
        "RequestLimitExceeded.UinLimitExceeded",
    ] {
        let server = TestServer::start_sequence(vec![
            json(200, &error_body(code)),
            json(200, &error_body(code)),
            json(200, SUCCESS),
        ])
        .await;
        let client = client_with(&server, fast_retry());
        call_action(&client, &TERMINATE_ASYNC_EVENT)
            .await
            .unwrap_or_else(|e| panic!("{code}: {e:?}"));
        assert_eq!(server.count(), 3, "{code}");
    }
}

#[tokio::test]
async fn retries_stop_at_max_attempts_with_the_last_error() {
    let server = TestServer::start(json(200, &error_body("RequestLimitExceeded"))).await;
    let client = client_with(&server, fast_retry().with_max_attempts(5));
    let err = call_action(&client, &TERMINATE_ASYNC_EVENT)
        .await
        .unwrap_err();
    assert!(err.is_throttling(), "{err:?}");
    assert_eq!(server.count(), 5);
}

#[tokio::test]
async fn disabled_retries_send_exactly_once() {
    let server = TestServer::start(json(200, &error_body("RequestLimitExceeded"))).await;
    let client = client_with(&server, RetryConfig::disabled());
    call_action(&client, &GET_FUNCTION).await.unwrap_err();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn service_errors_are_answers_and_not_retried() {
    let server = TestServer::start(json(200, &error_body("InternalError"))).await;
    let client = client_with(&server, fast_retry());
    let err = call_action(&client, &GET_FUNCTION).await.unwrap_err();
    assert_eq!(err.code(), Some(&TestError::InternalError));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn retries_are_on_by_default_with_three_attempts() {
    let defaults = RetryConfig::default();
    assert_eq!(defaults.max_attempts(), 3);
    assert!(defaults.is_enabled());
    let config = tencentcloud_runtime::Config::builder().build().unwrap();
    assert_eq!(*config.retry(), defaults);
}

#[tokio::test]
async fn each_retry_is_signed_afresh_with_a_new_timestamp() {
    // The first attempt times out after a second, so the retry's timestamp
    // is at least one second later.
    let server = TestServer::start_sequence(vec![Reply::Hang, json(200, SUCCESS)]).await;
    let config = builder_for(&server.endpoint())
        .with_timeout(Duration::from_millis(1100))
        .build()
        .unwrap();
    let client = ServiceClient::new(&SCF, &config).unwrap();
    call_action(&client, &GET_FUNCTION).await.unwrap();

    let received = server.received();
    assert_eq!(received.len(), 2);
    assert!(timestamp_of(&received[1]) > timestamp_of(&received[0]));
    for request in &received {
        let expected = sign_tc3(
            &SigningRequest {
                method: HttpMethod::Post,
                host: request.header("Host").unwrap(),
                path: "/",
                query: "",
                content_type: request.header("Content-Type").unwrap(),
                payload: &request.body,
                service: "scf",
                timestamp: timestamp_of(request),
            },
            SECRET_ID,
            SECRET_KEY,
        );
        assert_eq!(
            request.header("Authorization"),
            Some(expected.authorization.as_str())
        );
    }
}

/// Hands out `AKIDrotated<n>` on its n-th call, as a refreshing provider would.
#[derive(Debug, Default, Clone)]
struct Rotating(Arc<AtomicU32>);

impl ProvideCredentials for Rotating {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(Credentials::new(format!("AKIDrotated{n}"), SECRET_KEY)) })
    }
}

#[tokio::test]
async fn credentials_provider_is_asked_before_every_attempt() {
    let server = TestServer::start_sequence(vec![
        json(200, &error_body("RequestLimitExceeded")),
        json(200, &error_body("RequestLimitExceeded")),
        json(200, SUCCESS),
    ])
    .await;
    let provider = Rotating::default();
    let config = builder_for(&server.endpoint())
        .with_credentials_provider(provider.clone())
        .build()
        .unwrap();
    let client = ServiceClient::new(&SCF, &config).unwrap();
    call_action(&client, &TERMINATE_ASYNC_EVENT).await.unwrap();

    let ids: Vec<String> = server
        .received()
        .iter()
        .map(|r| {
            let auth = r.header("Authorization").unwrap();
            auth.split("Credential=")
                .nth(1)
                .unwrap()
                .split('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids, ["AKIDrotated1", "AKIDrotated2", "AKIDrotated3"]);
    assert_eq!(provider.0.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn provider_failure_fails_the_call_before_sending() {
    #[derive(Debug)]
    struct Broken;
    impl ProvideCredentials for Broken {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async { Err(CredentialsError::NotConfigured) })
        }
    }
    let server = TestServer::start(json(200, SUCCESS)).await;
    let config = builder_for(&server.endpoint())
        .with_credentials_provider(Broken)
        .build()
        .unwrap();
    let err = call_action(&ServiceClient::new(&SCF, &config).unwrap(), &GET_FUNCTION)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert_eq!(server.count(), 0);
}

fn signature_expired(server_time: i64) -> Reply {
    json(200, &error_body("AuthFailure.SignatureExpire"))
        .with_header("Date", &http_date(server_time))
}

#[tokio::test]
async fn clock_skew_is_corrected_from_the_server_date_and_retried_once() {
    let server_time = unix_now() + 3600;
    let server = TestServer::start_sequence(vec![
        signature_expired(server_time),
        json(200, SUCCESS),
        json(200, SUCCESS),
    ])
    .await;
    let client = client_with(&server, fast_retry());
    call_action(&client, &TERMINATE_ASYNC_EVENT)
        .await
        .expect("the corrected retry succeeds");

    // A clone shares the correction: its first attempt is already right.
    let clone = client.clone();
    call_action(&clone, &TERMINATE_ASYNC_EVENT).await.unwrap();

    let received = server.received();
    assert_eq!(received.len(), 3);
    assert!((timestamp_of(&received[0]) - unix_now()).abs() <= 5);
    for corrected in &received[1..] {
        let skew = timestamp_of(corrected) - server_time;
        assert!((0..=5).contains(&skew), "{skew}");
    }
}

#[tokio::test]
async fn clock_skew_retry_happens_once_per_call() {
    let server = TestServer::start(signature_expired(unix_now() - 7200)).await;
    let client = client_with(&server, fast_retry());
    let err = call_action(&client, &GET_FUNCTION).await.unwrap_err();
    assert_eq!(err.code_str(), Some("AuthFailure.SignatureExpire"));
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn clock_skew_without_retries_is_learnt_for_the_next_call() {
    let server_time = unix_now() - 7200;
    let server =
        TestServer::start_sequence(vec![signature_expired(server_time), json(200, SUCCESS)]).await;
    let client = client_with(&server, RetryConfig::disabled());
    call_action(&client, &GET_FUNCTION).await.unwrap_err();
    assert_eq!(server.count(), 1);
    call_action(&client, &GET_FUNCTION).await.unwrap();
    let skew = timestamp_of(&server.received()[1]) - server_time;
    assert!((0..=5).contains(&skew), "{skew}");
}

#[tokio::test]
async fn signature_expired_without_a_date_is_returned_as_is() {
    let server = TestServer::start(json(200, &error_body("AuthFailure.SignatureExpire"))).await;
    let client = client_with(&server, fast_retry());
    let err = call_action(&client, &GET_FUNCTION).await.unwrap_err();
    assert_eq!(err.code_str(), Some("AuthFailure.SignatureExpire"));
    assert_eq!(server.count(), 1);
}

/// A transport that answers every request with throttling, noting when (on tokio's
/// clock) each attempt was sent.
fn throttled() -> (
    impl tencentcloud_runtime::transport::HttpTransport,
    Arc<std::sync::Mutex<Vec<tokio::time::Instant>>>,
) {
    let sent = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = Arc::clone(&sent);
    let transport = tencentcloud_runtime::transport::from_fn(move |_request| {
        log.lock().unwrap().push(tokio::time::Instant::now());
        let body = error_body("RequestLimitExceeded");
        async move {
            Ok(tencentcloud_runtime::transport::HttpResponse::new(
                200, body,
            ))
        }
    });
    (transport, sent)
}

fn gaps(sent: &[tokio::time::Instant]) -> Vec<Duration> {
    sent.windows(2).map(|w| w[1] - w[0]).collect()
}

/// Waits exactly as long as it is told, so that the gaps are exact.
#[derive(Debug)]
struct Doubling(Duration);

impl tencentcloud_runtime::BackoffPolicy for Doubling {
    fn delay(&self, retry: u32) -> Duration {
        self.0 * 2u32.pow(retry - 1)
    }
}

// On a paused clock, the time between attempts is the backoff and nothing else.
#[tokio::test(start_paused = true)]
async fn attempts_are_spaced_by_the_backoff_policy() {
    let config = builder_for("http://127.0.0.1:9")
        .with_retry(RetryConfig::default().with_max_attempts(4))
        .with_backoff(Doubling(Duration::from_millis(100)))
        .build()
        .unwrap();
    let (transport, sent) = throttled();
    let client = ServiceClient::with_transport(&SCF, &config, transport).unwrap();
    let started = tokio::time::Instant::now();
    let err = call_action(&client, &TERMINATE_ASYNC_EVENT)
        .await
        .unwrap_err();
    assert_eq!(err.code_str(), Some("RequestLimitExceeded"));
    let sent = sent.lock().unwrap().clone();
    assert_eq!(sent[0], started);
    assert_eq!(
        gaps(&sent),
        [100, 200, 400].map(Duration::from_millis),
        "one attempt, then three retries after 100, 200 and 400 ms"
    );
}

#[tokio::test(start_paused = true)]
async fn the_default_backoff_waits_within_its_jittered_caps() {
    let retry = RetryConfig::default()
        .with_max_attempts(6)
        .with_base_delay(Duration::from_millis(100))
        .with_max_delay(Duration::from_millis(300));
    let config = builder_for("http://127.0.0.1:9")
        .with_retry(retry)
        .build()
        .unwrap();
    let mut all = Vec::new();
    for _ in 0..20 {
        let (transport, sent) = throttled();
        let client = ServiceClient::with_transport(&SCF, &config, transport).unwrap();
        call_action(&client, &TERMINATE_ASYNC_EVENT)
            .await
            .unwrap_err();
        let gaps = gaps(&sent.lock().unwrap());
        assert_eq!(gaps.len(), 5);
        for (retry_number, gap) in (1..).zip(&gaps) {
            let cap = retry.delay_cap(retry_number);
            assert!(*gap <= cap, "retry {retry_number}: {gap:?} > {cap:?}");
        }
        all.extend(gaps);
    }
    // Full jitter: the waits vary (100 identical draws would be a broken generator).
    all.sort();
    all.dedup();
    assert!(all.len() > 50, "{} distinct waits", all.len());
}
