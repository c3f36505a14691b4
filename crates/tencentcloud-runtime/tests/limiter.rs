//! The client-side QPS limiter, on tokio's paused clock: waiting is virtual,
//! so the tests are exact and instant.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::join_all;
use support::*;
use tencentcloud_runtime::transport::{self, HttpResponse};
use tencentcloud_runtime::{ActionMeta, Config, ServiceClient};
use tokio::time::Instant;

static UNLIMITED: ActionMeta = ActionMeta {
    name: "ListFunctions",
    qps_limit: None,
    idempotent: true,
};

/// A client whose transport answers at once and records when each request
/// was sent, in the paused clock's time since `start`.
fn client(limiter: bool, start: Instant) -> (ServiceClient, Arc<Mutex<Vec<Duration>>>) {
    let sent = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&sent);
    let transport = transport::from_fn(move |_request| {
        log.lock().unwrap().push(start.elapsed());
        async { Ok(HttpResponse::new(200, SUCCESS)) }
    });
    let config = Config::builder()
        .with_credentials(credentials())
        .with_qps_limiter(limiter)
        .build()
        .unwrap();
    let client = ServiceClient::with_transport(&SCF, &config, transport).unwrap();
    (client, sent)
}

async fn calls(client: &ServiceClient, action: &'static ActionMeta, n: usize) {
    let results = join_all((0..n).map(|_| call_action(client, action))).await;
    assert!(results.iter().all(Result::is_ok));
}

/// Requests sent in each whole second since the start.
fn per_second(sent: &[Duration]) -> Vec<usize> {
    let last = sent.iter().map(Duration::as_secs).max().unwrap_or(0);
    (0..=last)
        .map(|s| sent.iter().filter(|d| d.as_secs() == s).count())
        .collect()
}

#[tokio::test(start_paused = true)]
async fn limiter_is_off_by_default() {
    assert!(!Config::builder().build().unwrap().qps_limiter());
    let start = Instant::now();
    let (client, sent) = client(false, start);
    calls(&client, &TERMINATE_ASYNC_EVENT, 100).await;
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(sent.lock().unwrap().len(), 100);
}

#[tokio::test(start_paused = true)]
async fn calls_beyond_the_limit_wait_instead_of_failing() {
    // TerminateAsyncEvent is documented at 20 calls per second.
    assert_eq!(TERMINATE_ASYNC_EVENT.qps_limit, Some(20));
    let start = Instant::now();
    let (client, sent) = client(true, start);
    calls(&client, &TERMINATE_ASYNC_EVENT, 60).await;

    let sent = sent.lock().unwrap();
    assert_eq!(sent.len(), 60);
    // A burst of 20, then 20 a second.
    assert_eq!(per_second(&sent), [39, 20, 1]);
    let elapsed = start.elapsed();
    assert!(
        (Duration::from_millis(1999)..=Duration::from_millis(2001)).contains(&elapsed),
        "{elapsed:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn clones_share_one_limit() {
    let start = Instant::now();
    let (client, sent) = client(true, start);
    let clone = client.clone();
    tokio::join!(
        calls(&client, &TERMINATE_ASYNC_EVENT, 20),
        calls(&clone, &TERMINATE_ASYNC_EVENT, 20),
    );
    assert_eq!(sent.lock().unwrap().len(), 40);
    assert!(
        start.elapsed() >= Duration::from_millis(999),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn limits_are_per_action_and_only_where_documented() {
    let start = Instant::now();
    let (client, sent) = client(true, start);
    calls(&client, &TERMINATE_ASYNC_EVENT, 20).await;
    // The bucket of TerminateAsyncEvent is empty; other actions are not
    // held back by it, and an action without a limit is never held back.
    calls(&client, &UNLIMITED, 500).await;
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(sent.lock().unwrap().len(), 520);
}

#[tokio::test(start_paused = true)]
async fn total_timeout_bounds_the_wait_for_the_limiter() {
    let start = Instant::now();
    let (client, sent) = client(true, start);
    let config = client
        .config()
        .to_builder()
        .with_total_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let log = Arc::clone(&sent);
    let transport = transport::from_fn(move |_request| {
        log.lock().unwrap().push(start.elapsed());
        async { Ok(HttpResponse::new(200, SUCCESS)) }
    });
    let client = ServiceClient::with_transport(&SCF, &config, transport).unwrap();
    let results = join_all((0..30).map(|_| call_action(&client, &TERMINATE_ASYNC_EVENT))).await;
    let sent_count = sent.lock().unwrap().len();
    let ok = results.iter().filter(|r| r.is_ok()).count();
    // 20 at once, one every 50 ms, and no wait past 100 ms.
    assert!((21..=22).contains(&ok), "{ok}");
    assert_eq!(sent_count, ok);
    for err in results.into_iter().filter_map(Result::err) {
        let tencentcloud_runtime::Error::Transport(e) = &err else {
            panic!("{err:?}")
        };
        assert!(!e.may_have_been_sent());
    }
    assert!(start.elapsed() <= Duration::from_millis(100));
}
