//! The `tencentcloud.call` span: one per call, with what an operator needs
//! (service, action, region, attempts, request id, status, latency) and no
//! secrets.

mod support;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use support::*;
use tencentcloud_runtime::ServiceClient;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// Every span with its fields, and every event's text, as recorded.
#[derive(Debug, Default)]
struct Captured {
    spans: Vec<(String, BTreeMap<String, String>)>,
    events: Vec<String>,
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Captured>>);

/// Indexes into `Captured::spans`, kept in each span's extensions.
struct SpanIndex(usize);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(
            field.name().to_owned(),
            format!("{value:?}").trim_matches('"').to_owned(),
        );
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let mut captured = self.0.lock().unwrap();
        captured
            .spans
            .push((attrs.metadata().name().to_owned(), fields));
        let index = captured.spans.len() - 1;
        ctx.span(id)
            .unwrap()
            .extensions_mut()
            .insert(SpanIndex(index));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let span = ctx.span(id).unwrap();
        let extensions = span.extensions();
        let index = extensions.get::<SpanIndex>().unwrap().0;
        values.record(&mut Fields(&mut self.0.lock().unwrap().spans[index].1));
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().events.push(format!("{fields:?}"));
    }
}

impl Capture {
    fn calls(&self) -> Vec<BTreeMap<String, String>> {
        self.spans_named("tencentcloud.call")
    }

    fn spans_named(&self, name: &str) -> Vec<BTreeMap<String, String>> {
        let captured = self.0.lock().unwrap();
        captured
            .spans
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, f)| f.clone())
            .collect()
    }

    fn everything(&self) -> String {
        format!("{:?}", self.0.lock().unwrap())
    }
}

fn capture() -> (Capture, tracing::subscriber::DefaultGuard) {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let guard = tracing::subscriber::set_default(subscriber);
    (capture, guard)
}

fn field<'a>(span: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    span.get(name)
        .map(String::as_str)
        .unwrap_or_else(|| panic!("{name} missing from {span:?}"))
}

#[tokio::test]
async fn successful_call_records_one_span_with_its_details() {
    let (capture, _guard) = capture();
    let server = TestServer::start(Reply::json(200, SUCCESS)).await;
    let client =
        ServiceClient::new(&SCF, &builder_for(&server.endpoint()).build().unwrap()).unwrap();
    call(&client).await.unwrap();

    let calls = capture.calls();
    assert_eq!(calls.len(), 1);
    let span = &calls[0];
    assert_eq!(field(span, "service"), "scf");
    assert_eq!(field(span, "action"), "TerminateAsyncEvent");
    assert_eq!(field(span, "region"), "ap-guangzhou");
    assert_eq!(field(span, "attempts"), "1");
    assert_eq!(field(span, "http_status"), "200");
    assert_eq!(
        field(span, "request_id"),
        "ee33c7a2-6d1d-4b3b-9c4e-000000000001"
    );
    field(span, "latency_ms").parse::<u64>().unwrap();
    assert!(!span.contains_key("error_code"));
}

#[tokio::test]
async fn retried_call_records_each_attempt_and_the_final_error() {
    let (capture, _guard) = capture();
    let server = TestServer::start(Reply::json(200, &error_body("RequestLimitExceeded"))).await;
    let client =
        ServiceClient::new(&SCF, &builder_for(&server.endpoint()).build().unwrap()).unwrap();
    call(&client).await.unwrap_err();

    let calls = capture.calls();
    assert_eq!(calls.len(), 1);
    let span = &calls[0];
    assert_eq!(field(span, "attempts"), "3");
    assert_eq!(field(span, "error_code"), "RequestLimitExceeded");
    assert_eq!(field(span, "request_id"), "r-RequestLimitExceeded");

    let attempts = capture.spans_named("tencentcloud.attempt");
    let numbers: Vec<&str> = attempts.iter().map(|a| field(a, "attempt")).collect();
    assert_eq!(numbers, ["1", "2", "3"]);
    for attempt in &attempts {
        assert_eq!(field(attempt, "http_status"), "200");
        field(attempt, "latency_ms").parse::<u64>().unwrap();
    }
    let log = capture.everything();
    assert!(
        log.contains("retrying") && log.contains("throttled"),
        "{log}"
    );
}

#[tokio::test]
async fn failed_transport_records_attempts_without_a_status() {
    let (capture, _guard) = capture();
    let client = ServiceClient::new(
        &SCF,
        &builder_for(&refused_endpoint().await).build().unwrap(),
    )
    .unwrap();
    call(&client).await.unwrap_err();
    let span = &capture.calls()[0];
    assert_eq!(field(span, "attempts"), "3");
    assert!(!span.contains_key("http_status"));
    assert!(!span.contains_key("request_id"));
}

#[tokio::test]
async fn spans_and_events_never_contain_secrets_or_bodies() {
    let (capture, _guard) = capture();
    for reply in [
        Reply::json(200, SUCCESS),
        Reply::json(200, &error_body("RequestLimitExceeded")),
        Reply::json(502, &format!("<html>echo {SECRET_KEY} {TOKEN}</html>")),
    ] {
        let server = TestServer::start(reply).await;
        for method in [
            tencentcloud_runtime::SignatureMethod::Tc3HmacSha256,
            tencentcloud_runtime::SignatureMethod::HmacSha1,
        ] {
            let config = builder_for(&server.endpoint())
                .with_signature_method(method)
                .build()
                .unwrap();
            let _ = call(&ServiceClient::new(&SCF, &config).unwrap()).await;
        }
    }
    let log = capture.everything();
    assert!(log.contains("TerminateAsyncEvent"));
    assert!(!log.contains(SECRET_KEY), "secret key in:\n{log}");
    assert!(!log.contains(TOKEN), "token in:\n{log}");
    assert!(!log.contains("Signature="), "signature in:\n{log}");
    assert!(!log.contains("hello-函数"), "request body in:\n{log}");
}

#[tokio::test]
async fn common_client_calls_record_the_same_span_with_the_names_given() {
    let (capture, _guard) = capture();
    let server = TestServer::start(Reply::json(200, &error_body("InvalidAction"))).await;
    let config = builder_for(&server.endpoint()).build().unwrap();
    let client =
        tencentcloud_runtime::CommonClient::new(String::from("madeup"), "2020-01-01", &config)
            .unwrap();
    client
        .call_json("NoSuchAction", serde_json::json!({}))
        .await
        .unwrap_err();

    let calls = capture.calls();
    assert_eq!(calls.len(), 1);
    let span = &calls[0];
    assert_eq!(field(span, "service"), "madeup");
    assert_eq!(field(span, "action"), "NoSuchAction");
    assert_eq!(field(span, "region"), "ap-guangzhou");
    assert_eq!(field(span, "attempts"), "1");
    assert_eq!(field(span, "error_code"), "InvalidAction");
    assert_eq!(field(span, "request_id"), "r-InvalidAction");
    let log = capture.everything();
    assert!(!log.contains(SECRET_KEY) && !log.contains(TOKEN), "{log}");
}
