//! The generated SCF client's `TerminateAsyncEvent` over real HTTP against a loopback
//! server that verifies every request as Tencent Cloud does.

use std::collections::BTreeSet;

use serde_json::json;
use tencentcloud_integration_tests::{
    Reply, SECRET_ID, SECRET_KEY, ServerConfig, TOKEN, Verdict, VerifyingServer, unix_now,
};
use tencentcloud_runtime::ConfigBuilder;
use tencentcloud_scf::operation::terminate_async_event::{
    TerminateAsyncEventError, TerminateAsyncEventRequest, TerminateAsyncEventResponse,
};
use tencentcloud_scf::{Client, CommonCode, Config, Credentials, Error, Language, ServiceError};

const FUNCTION: &str = "helloworld";
const INVOKE_ID: &str = "b379787f-8487-4bac-bd8c-17a20a9ce40e";

type CallResult = Result<TerminateAsyncEventResponse, Error<TerminateAsyncEventError>>;

fn config(server: &VerifyingServer, credentials: Credentials) -> ConfigBuilder {
    Config::builder()
        .with_credentials(credentials)
        .with_endpoint(server.endpoint())
}

fn client(config: ConfigBuilder) -> Client {
    Client::new(&config.build().expect("valid config")).expect("client")
}

fn request() -> TerminateAsyncEventRequest {
    TerminateAsyncEventRequest::new(FUNCTION, INVOKE_ID)
}

async fn call_answering(reply: Reply) -> (CallResult, VerifyingServer) {
    let server = VerifyingServer::start(ServerConfig::test_keys().reply(reply));
    let client = client(config(&server, Credentials::new(SECRET_ID, SECRET_KEY)));
    let result = client.terminate_async_event(&request()).await;
    (result, server)
}

fn body_keys(body: &serde_json::Value) -> BTreeSet<&str> {
    body.as_object()
        .expect("body is a JSON object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[tokio::test]
async fn sends_a_signed_request_with_the_required_members_only() {
    let server = VerifyingServer::start(ServerConfig::test_keys());
    let client = client(
        config(&server, Credentials::new(SECRET_ID, SECRET_KEY)).with_region("ap-guangzhou"),
    );

    let before = unix_now();
    let response = client
        .terminate_async_event(&request())
        .await
        .expect("call succeeds");
    let after = unix_now();

    let exchange = server.single_exchange();
    assert_eq!(exchange.check.verdict, Verdict::Accepted);
    assert_eq!(response.request_id, exchange.request_id);

    let sent = &exchange.request;
    assert_eq!((sent.method.as_str(), sent.target.as_str()), ("POST", "/"));
    let host = server.host();
    for (name, value) in [
        ("X-TC-Action", "TerminateAsyncEvent"),
        ("X-TC-Version", "2018-04-16"),
        ("X-TC-Region", "ap-guangzhou"),
        ("Content-Type", "application/json"),
        ("Host", host.as_str()),
    ] {
        assert_eq!(
            sent.header_values(name).collect::<Vec<_>>(),
            [value],
            "{name}"
        );
    }
    let client_name = sent
        .header("X-TC-RequestClient")
        .expect("X-TC-RequestClient");
    assert!(client_name.starts_with("SDK_RUST_"), "{client_name}");
    let timestamp: i64 = sent.header("X-TC-Timestamp").unwrap().parse().unwrap();
    assert!(
        (before..=after).contains(&timestamp),
        "{timestamp} not in {before}..={after}"
    );
    for absent in ["X-TC-Token", "X-TC-Language"] {
        assert_eq!(sent.header(absent), None, "{absent}");
    }

    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        format!(r#"{{"FunctionName":"{FUNCTION}","InvokeRequestId":"{INVOKE_ID}"}}"#)
    );
    let body = sent.json().expect("JSON body");
    assert_eq!(
        body_keys(&body),
        BTreeSet::from(["FunctionName", "InvokeRequestId"])
    );
}

#[tokio::test]
async fn optional_members_are_sent_when_set_even_when_false() {
    let server = VerifyingServer::start(ServerConfig::test_keys());
    let client = client(config(&server, Credentials::new(SECRET_ID, SECRET_KEY)));

    for (request, expected) in [
        (
            request().set_namespace("prod"),
            json!({"FunctionName": FUNCTION, "InvokeRequestId": INVOKE_ID, "Namespace": "prod"}),
        ),
        (
            request().set_grace_shutdown(false),
            json!({"FunctionName": FUNCTION, "InvokeRequestId": INVOKE_ID, "GraceShutdown": false}),
        ),
        (
            request().set_namespace("prod").set_grace_shutdown(true),
            json!({
                "FunctionName": FUNCTION,
                "InvokeRequestId": INVOKE_ID,
                "Namespace": "prod",
                "GraceShutdown": true,
            }),
        ),
    ] {
        client
            .terminate_async_event(&request)
            .await
            .expect("call succeeds");
        let exchanges = server.exchanges();
        let last = exchanges.last().expect("a request");
        assert_eq!(last.check.verdict, Verdict::Accepted);
        assert_eq!(last.request.json(), Some(expected));
    }
}

#[tokio::test]
async fn region_header_is_absent_when_no_region_is_configured() {
    let (result, server) = call_answering(Reply::success()).await;
    result.expect("call succeeds");
    assert_eq!(server.single_exchange().request.header("X-TC-Region"), None);
}

#[tokio::test]
async fn session_token_is_sent_as_x_tc_token() {
    let server = VerifyingServer::start(ServerConfig::test_keys().token(TOKEN));
    let client = client(config(
        &server,
        Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN),
    ));

    client
        .terminate_async_event(&request())
        .await
        .expect("call succeeds");

    let exchange = server.single_exchange();
    assert_eq!(exchange.check.verdict, Verdict::Accepted);
    assert_eq!(exchange.request.header("X-TC-Token"), Some(TOKEN));
}

#[tokio::test]
async fn language_is_sent_as_x_tc_language() {
    for (language, header) in [(Language::ZhCn, "zh-CN"), (Language::EnUs, "en-US")] {
        let server = VerifyingServer::start(ServerConfig::test_keys());
        let client = client(
            config(&server, Credentials::new(SECRET_ID, SECRET_KEY)).with_language(language),
        );

        client
            .terminate_async_event(&request())
            .await
            .expect("call succeeds");

        let exchange = server.single_exchange();
        assert_eq!(exchange.check.verdict, Verdict::Accepted);
        assert_eq!(exchange.request.header("X-TC-Language"), Some(header));
    }
}

/// One test per documented code: the code arrives as its own variant, matched in one
/// pattern, with the service's message and RequestId.
macro_rules! documented_code_maps_to_variant {
    ($($test:ident: $code:literal => $variant:ident,)*) => {$(
        #[tokio::test]
        async fn $test() {
            let message = concat!("message for ", $code);
            let (result, server) = call_answering(Reply::error($code, message)).await;
            let exchange = server.single_exchange();
            match result {
                Err(Error::Service(ServiceError {
                    code: TerminateAsyncEventError::$variant,
                    request_id,
                    message: received,
                    http_status: 200,
                    ..
                })) => {
                    assert_eq!(received, message);
                    assert_eq!(request_id, exchange.request_id);
                }
                other => panic!("expected {}, got {other:?}", stringify!($variant)),
            }
        }
    )*};
}

documented_code_maps_to_variant! {
    resource_not_found_function_maps_to_its_variant:
        "ResourceNotFound.Function" => ResourceNotFoundFunction,
    failed_operation_async_event_status_maps_to_its_variant:
        "FailedOperation.AsyncEventStatus" => FailedOperationAsyncEventStatus,
    invalid_parameter_value_function_name_maps_to_its_variant:
        "InvalidParameterValue.FunctionName" => InvalidParameterValueFunctionName,
    resource_not_found_async_event_maps_to_its_variant:
        "ResourceNotFound.AsyncEvent" => ResourceNotFoundAsyncEvent,
    resource_not_found_namespace_maps_to_its_variant:
        "ResourceNotFound.Namespace" => ResourceNotFoundNamespace,
}

#[tokio::test]
async fn wrong_secret_key_is_rejected_as_signature_failure() {
    let server = VerifyingServer::start(ServerConfig::test_keys());
    let client = client(config(&server, Credentials::new(SECRET_ID, "WRONG-KEY")));

    let result = client.terminate_async_event(&request()).await;

    let exchange = server.single_exchange();
    let Verdict::Rejected { code, message } = &exchange.check.verdict else {
        panic!("the server accepted a request signed with the wrong key");
    };
    assert_eq!(*code, "AuthFailure.SignatureFailure");
    match result {
        Err(Error::Service(ServiceError {
            code: TerminateAsyncEventError::Common(CommonCode::AuthFailureSignatureFailure),
            request_id,
            message: received,
            ..
        })) => {
            assert_eq!(&received, message);
            assert_eq!(request_id, exchange.request_id);
        }
        other => panic!("expected AuthFailureSignatureFailure, got {other:?}"),
    }
}

#[tokio::test]
async fn undocumented_code_maps_to_unknown_with_the_wire_code() {
    let (result, server) = call_answering(Reply::error(
        "FailedOperation.Brandnew",
        "a code from the future",
    ))
    .await;
    let exchange = server.single_exchange();
    match result {
        Err(Error::Service(ServiceError {
            code: TerminateAsyncEventError::Unknown { code },
            request_id,
            message,
            ..
        })) => {
            assert_eq!(code, "FailedOperation.Brandnew");
            assert_eq!(message, "a code from the future");
            assert_eq!(request_id, exchange.request_id);
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
}
