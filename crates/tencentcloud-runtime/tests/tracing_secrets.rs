//! Call tracing records what a call did and never a secret.
//!
//! A test binary of its own: its subscriber is thread-local, and tests on other threads
//! that run without one can leave a callsite's interest cached as "never".

mod support;

use std::io;
use std::sync::{Arc, Mutex};

use support::*;

fn assert_no_secrets(text: &str) {
    assert!(!text.contains(SECRET_KEY), "secret key leaked in:\n{text}");
    assert!(!text.contains(TOKEN), "token leaked in:\n{text}");
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_records_call_details_but_no_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (client, _) = canned_client(200, r#"{"Response":{"RequestId":"r-logged"}}"#);
    call(&client).await.unwrap();
    let (client, _) = canned_client(
        200,
        r#"{"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r-failed"}}"#,
    );
    call(&client).await.unwrap_err();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for expected in ["TerminateAsyncEvent", "scf", "r-logged", "r-failed", "200"] {
        assert!(log.contains(expected), "{expected} missing from:\n{log}");
    }
    assert_no_secrets(&log);
    assert!(!log.contains("hello-函数"), "request body logged:\n{log}");
}
