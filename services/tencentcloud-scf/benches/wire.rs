//! Request serialisation and response decoding of generated SCF types, and the whole
//! per-call path minus the network.
//!
//! - `serialize`: `serde_json::to_vec` of a request, which is what the client does
//!   once per call.
//! - `decode`: serde_json decoding of the typed response inside its `{"Response": …}`
//!   envelope. The runtime's own envelope decoder is private; it does the same decode
//!   plus a first pass over the envelope for `Error` and `RequestId`, which `call`
//!   below includes.
//! - `call`: `ServiceClient::call` through a canned `HttpTransport`: serialise, sign,
//!   build headers, "send", decode the envelope and the typed response, as a real call
//!   does between the user and the socket.
//! - `tolerant`: `call` of a ListFunctions page whose members drift from the
//!   description in every function (a numeric string for an integer, `null` for a
//!   string): the strict decode fails, and the runtime repairs the page, one repair
//!   per drifted member of the list.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tencentcloud_runtime::transport::{self, HttpResponse};
use tencentcloud_runtime::{ActionMeta, ErrorCode, RetryConfig, ServiceClient};
use tencentcloud_scf::operation::create_function::CreateFunctionRequest;
use tencentcloud_scf::operation::list_functions::{
    self, ListFunctionsError, ListFunctionsRequest, ListFunctionsResponse,
};
use tencentcloud_scf::operation::terminate_async_event::{
    self, TerminateAsyncEventError, TerminateAsyncEventRequest, TerminateAsyncEventResponse,
};
use tencentcloud_scf::{Config, Credentials};

/// The CreateFunction body bench/compare.sh signs: several members, nested shapes.
const CREATE_FUNCTION: &str = include_str!("../../../bench/inputs/create_function.json");

const TERMINATE_ASYNC_EVENT_RESPONSE: &str =
    r#"{"Response":{"RequestId":"6d2a7b4e-3c1f-4e8a-9b0d-5f6e7a8b9c0d"}}"#;

#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    #[serde(rename = "Response")]
    response: T,
}

/// A ListFunctions page of `n` functions, each with every member the spec documents.
fn list_functions_page(n: usize) -> String {
    list_functions_page_with(n, |_| {})
}

/// [`list_functions_page`] with `drift` applied to each function.
fn list_functions_page_with(n: usize, drift: impl Fn(&mut serde_json::Value)) -> String {
    let functions: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "ModTime": "2024-03-01 12:34:56",
                "AddTime": "2023-11-14 22:13:20",
                "Runtime": "Python3.9",
                "FunctionName": format!("function-{i:03}"),
                "FunctionId": format!("lam-{i:08x}"),
                "Namespace": "default",
                "Status": "Active",
                "StatusDesc": "",
                "Description": "Makes 256 px thumbnails of the images uploaded to the media bucket",
                "Tags": [{"Key": "team", "Value": "media"}, {"Key": "env", "Value": "prod"}],
                "Type": "Event",
                "StatusReasons": [{"ErrorCode": "", "ErrorMessage": ""}],
                "TotalProvisionedConcurrencyMem": 1024,
                "ReservedConcurrencyMem": 2048,
                "AsyncRunEnable": "FALSE",
                "TraceEnable": "FALSE",
            })
        })
        .map(|mut function| {
            drift(&mut function);
            function
        })
        .collect();
    serde_json::json!({
        "Response": {
            "Functions": functions,
            "TotalCount": n,
            "RequestId": "6d2a7b4e-3c1f-4e8a-9b0d-5f6e7a8b9c0d",
        }
    })
    .to_string()
}

fn decode<T: DeserializeOwned>(body: &str) -> T {
    serde_json::from_str::<Envelope<T>>(body)
        .expect("the fixture decodes")
        .response
}

fn serialize(c: &mut Criterion) {
    let mut group = c.benchmark_group("serialize");
    let terminate =
        TerminateAsyncEventRequest::new("helloworld", "b379787f-8487-4bac-bd8c-17a20a9ce40e")
            .set_namespace("default")
            .set_grace_shutdown(true);
    group.bench_function("terminate_async_event", |b| {
        b.iter(|| serde_json::to_vec(black_box(&terminate)).unwrap())
    });
    let create: CreateFunctionRequest =
        serde_json::from_str(CREATE_FUNCTION).expect("the fixture is a CreateFunctionRequest");
    // Every member of the fixture made it into the typed request and back out.
    assert_eq!(
        serde_json::to_value(&create).unwrap(),
        serde_json::from_str::<serde_json::Value>(CREATE_FUNCTION).unwrap()
    );
    group.bench_function("create_function", |b| {
        b.iter(|| serde_json::to_vec(black_box(&create)).unwrap())
    });
    group.finish();
}

fn decode_responses(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    group.bench_function("terminate_async_event", |b| {
        b.iter(|| decode::<TerminateAsyncEventResponse>(black_box(TERMINATE_ASYNC_EVENT_RESPONSE)))
    });
    let page = list_functions_page(100);
    let decoded = decode::<ListFunctionsResponse>(&page);
    // Nothing in the fixture is ignored: re-encoding the typed page gives it back.
    assert_eq!(
        serde_json::to_value(Envelope { response: decoded }).unwrap(),
        serde_json::from_str::<serde_json::Value>(&page).unwrap()
    );
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_function("list_functions_100", |b| {
        b.iter(|| decode::<ListFunctionsResponse>(black_box(&page)))
    });
    group.finish();
}

/// A client whose transport answers every request with `body`.
fn canned_client(body: String) -> ServiceClient {
    let body: &'static [u8] = body.into_bytes().leak();
    let transport =
        transport::from_fn(move |_request| async move { Ok(HttpResponse::new(200, body)) });
    let config = Config::builder()
        .with_credentials(Credentials::new(
            "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
            "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        ))
        .with_region("ap-guangzhou")
        .with_retry(RetryConfig::disabled())
        .build()
        .expect("valid config");
    ServiceClient::with_transport(&tencentcloud_scf::SERVICE, &config, transport)
        .expect("valid endpoint")
}

fn call<Req, Resp, E>(
    runtime: &tokio::runtime::Runtime,
    client: &ServiceClient,
    action: &'static ActionMeta,
    request: &Req,
) -> Resp
where
    Req: Serialize,
    Resp: DeserializeOwned,
    E: ErrorCode + std::fmt::Debug,
{
    runtime
        .block_on(client.call::<Req, Resp, E>(action, request))
        .expect("the canned answer decodes")
}

fn calls(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let mut group = c.benchmark_group("call");

    let client = canned_client(TERMINATE_ASYNC_EVENT_RESPONSE.to_owned());
    let request =
        TerminateAsyncEventRequest::new("helloworld", "b379787f-8487-4bac-bd8c-17a20a9ce40e")
            .set_namespace("default")
            .set_grace_shutdown(true);
    group.bench_function("terminate_async_event", |b| {
        b.iter(|| {
            call::<_, TerminateAsyncEventResponse, TerminateAsyncEventError>(
                &runtime,
                &client,
                &terminate_async_event::ACTION,
                black_box(&request),
            )
        })
    });

    let client = canned_client(list_functions_page(100));
    let request = ListFunctionsRequest::new().set_limit(100);
    group.bench_function("list_functions_100", |b| {
        b.iter(|| {
            call::<_, ListFunctionsResponse, ListFunctionsError>(
                &runtime,
                &client,
                &list_functions::ACTION,
                black_box(&request),
            )
        })
    });
    group.finish();
}

fn tolerant(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let mut group = c.benchmark_group("tolerant");
    let client = canned_client(list_functions_page_with(100, |function| {
        function["TotalProvisionedConcurrencyMem"] = "1024".into();
        function["Description"] = serde_json::Value::Null;
    }));
    let request = ListFunctionsRequest::new().set_limit(100);
    let page: ListFunctionsResponse =
        call::<_, _, ListFunctionsError>(&runtime, &client, &list_functions::ACTION, &request);
    let function = &page.functions.expect("the page has functions")[99];
    assert_eq!(function.total_provisioned_concurrency_mem, Some(1024));
    assert_eq!(function.description, "");
    group.bench_function("list_functions_100", |b| {
        b.iter(|| {
            call::<_, ListFunctionsResponse, ListFunctionsError>(
                &runtime,
                &client,
                &list_functions::ACTION,
                black_box(&request),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, serialize, decode_responses, calls, tolerant);
criterion_main!(benches);
