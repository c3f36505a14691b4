//! Faults on the wire, against a loopback server: each gives a typed error and
//! is retried exactly where the rules allow, counted on the server's side.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::*;
use tencentcloud_runtime::transport;
use tencentcloud_runtime::{ActionMeta, Error, ServiceClient, TransportErrorKind};

const ATTEMPTS: usize = 3;

fn client(server: &TestServer) -> ServiceClient {
    ServiceClient::new(&SCF, &builder_for(&server.endpoint()).build().unwrap()).unwrap()
}

/// Calls `action` against a fresh server answering `reply`, and returns the
/// error and the number of requests the server received.
async fn fault(reply: Reply, action: &'static ActionMeta) -> (Error<TestError>, usize) {
    let server = TestServer::start(reply).await;
    let err = call_action(&client(&server), action).await.unwrap_err();
    (err, server.count())
}

fn html(status: u16) -> Reply {
    Reply::Respond {
        status,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: b"<html><body><h1>Bad Gateway</h1><hr>nginx</body></html>".to_vec(),
    }
}

fn raw(status: u16, body: &str) -> Reply {
    Reply::Respond {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
    }
}

#[tokio::test]
async fn connection_refused_is_retried_for_every_action() {
    let endpoint = refused_endpoint().await;
    for action in [&TERMINATE_ASYNC_EVENT, &GET_FUNCTION] {
        let config = builder_for(&endpoint).build().unwrap();
        let transport = Counting::new(&config);
        let client = ServiceClient::with_transport(&SCF, &config, transport.clone()).unwrap();
        let err = call_action(&client, action).await.unwrap_err();
        let Error::Transport(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.kind(), TransportErrorKind::Connect);
        assert!(!e.may_have_been_sent());
        // Nothing listens, so the transport counts for the server.
        assert_eq!(transport.count(), ATTEMPTS, "{}", action.name);
    }
}

#[tokio::test]
async fn connection_reset_mid_response_is_retried_only_when_idempotent() {
    let reply = Reply::ResetMidBody {
        status: 200,
        body: br#"{"Response":{"Requ"#.to_vec(),
    };
    for (action, expected) in [(&TERMINATE_ASYNC_EVENT, 1), (&GET_FUNCTION, ATTEMPTS)] {
        let (err, count) = fault(reply.clone(), action).await;
        let Error::Transport(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.kind(), TransportErrorKind::Io, "{err:?}");
        assert!(e.may_have_been_sent());
        assert_eq!(count, expected, "{}", action.name);
    }
}

/// A transport whose requests never answer, counting them, with the time (on tokio's
/// clock) at which each was sent.
fn hanging() -> (
    impl tencentcloud_runtime::transport::HttpTransport,
    Arc<Mutex<Vec<tokio::time::Instant>>>,
) {
    let sent = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&sent);
    let transport = transport::from_fn(move |_request| {
        log.lock().unwrap().push(tokio::time::Instant::now());
        std::future::pending()
    });
    (transport, sent)
}

// The timeouts below run on a paused clock: an attempt that hangs is cut at exactly its
// timeout, whatever the machine's load, so the counts and times are exact.
#[tokio::test(start_paused = true)]
async fn attempt_timeout_is_retried_only_when_idempotent() {
    for (action, expected) in [(&TERMINATE_ASYNC_EVENT, 1), (&GET_FUNCTION, ATTEMPTS)] {
        let config = builder_for("http://127.0.0.1:9")
            .with_timeout(Duration::from_millis(200))
            .build()
            .unwrap();
        let (transport, sent) = hanging();
        let client = ServiceClient::with_transport(&SCF, &config, transport).unwrap();
        let err = call_action(&client, action).await.unwrap_err();
        let Error::Transport(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.kind(), TransportErrorKind::Timeout);
        assert!(e.may_have_been_sent());
        assert_eq!(sent.lock().unwrap().len(), expected, "{}", action.name);
    }
}

#[tokio::test(start_paused = true)]
async fn total_timeout_stops_retries_of_an_idempotent_action() {
    let config = builder_for("http://127.0.0.1:9")
        .with_timeout(Duration::from_millis(200))
        .with_total_timeout(Duration::from_millis(500))
        .with_retry(fast_retry().with_max_attempts(10))
        .build()
        .unwrap();
    let (transport, sent) = hanging();
    let client = ServiceClient::with_transport(&SCF, &config, transport).unwrap();
    let started = tokio::time::Instant::now();
    let err = call_action(&client, &GET_FUNCTION).await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(e) if e.kind() == TransportErrorKind::Timeout),
        "{err:?}"
    );
    // Cut at the total timeout exactly, in the third attempt: two of 200 ms and two
    // backoffs of at most 10 ms fit in 500 ms, a third full attempt does not.
    assert_eq!(started.elapsed(), Duration::from_millis(500));
    assert_eq!(sent.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn server_error_status_is_retried_only_when_idempotent() {
    let reply = raw(500, &error_body("InternalError"));
    for (action, expected) in [(&TERMINATE_ASYNC_EVENT, 1), (&GET_FUNCTION, ATTEMPTS)] {
        let (err, count) = fault(reply.clone(), action).await;
        assert_eq!(err.code(), Some(&TestError::InternalError), "{err:?}");
        assert_eq!(err.http_status(), Some(500));
        assert_eq!(count, expected, "{}", action.name);
    }
}

#[tokio::test]
async fn html_from_a_proxy_with_5xx_is_retried_only_when_idempotent() {
    for (action, expected) in [(&TERMINATE_ASYNC_EVENT, 1), (&GET_FUNCTION, ATTEMPTS)] {
        let (err, count) = fault(html(502), action).await;
        let Error::Response(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.http_status(), 502);
        assert!(e.body_excerpt().contains("Bad Gateway"));
        assert_eq!(count, expected, "{}", action.name);
    }
}

#[tokio::test]
async fn html_with_status_200_is_not_retried() {
    for action in [&TERMINATE_ASYNC_EVENT, &GET_FUNCTION] {
        let (err, count) = fault(html(200), action).await;
        assert!(matches!(err, Error::Response(_)), "{err:?}");
        assert_eq!(count, 1, "{}", action.name);
    }
}

#[tokio::test]
async fn truncated_json_is_a_response_error_and_not_retried() {
    for action in [&TERMINATE_ASYNC_EVENT, &GET_FUNCTION] {
        let (err, count) = fault(raw(200, r#"{"Response":{"RequestId":"r-tr"#), action).await;
        let Error::Response(e) = &err else {
            panic!("{err:?}")
        };
        assert!(e.reason().contains("EOF"), "{}", e.reason());
        assert_eq!(count, 1, "{}", action.name);
    }
}

#[tokio::test]
async fn empty_body_is_a_response_error_retried_only_for_5xx_and_idempotent() {
    for action in [&TERMINATE_ASYNC_EVENT, &GET_FUNCTION] {
        let (err, count) = fault(raw(200, ""), action).await;
        assert!(
            matches!(&err, Error::Response(e) if e.reason() == "the body is empty"),
            "{err:?}"
        );
        assert_eq!(count, 1, "{}", action.name);
    }
    for (action, expected) in [(&TERMINATE_ASYNC_EVENT, 1), (&GET_FUNCTION, ATTEMPTS)] {
        let (err, count) = fault(raw(503, ""), action).await;
        assert!(
            matches!(&err, Error::Response(e) if e.http_status() == 503),
            "{err:?}"
        );
        assert_eq!(count, expected, "{}", action.name);
    }
}

#[tokio::test]
async fn idempotent_action_recovers_after_a_transient_5xx() {
    let server = TestServer::start_sequence(vec![html(503), raw(200, SUCCESS)]).await;
    let response = call_action(&client(&server), &GET_FUNCTION)
        .await
        .expect("the retry succeeds");
    assert_eq!(response.request_id, "ee33c7a2-6d1d-4b3b-9c4e-000000000001");
    assert_eq!(server.count(), 2);
}
