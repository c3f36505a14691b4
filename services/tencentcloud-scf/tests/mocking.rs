//! The mocking seam: a generated client over a canned transport, no network.

use tencentcloud_runtime::transport::{self, HttpResponse};
use tencentcloud_scf::operation::terminate_async_event::{
    TerminateAsyncEventError, TerminateAsyncEventRequest,
};
use tencentcloud_scf::{Client, Config, Credentials, Error, RetryConfig, ServiceError};

fn config() -> Config {
    Config::builder()
        .with_credentials(Credentials::new("AKIDtest", "test-key"))
        .with_retry(RetryConfig::disabled())
        .build()
        .expect("valid config")
}

#[tokio::test]
async fn canned_transport_sees_the_signed_request_and_answers_it() {
    let transport = transport::from_fn(|request| async move {
        assert_eq!(request.header("X-TC-Action"), Some("TerminateAsyncEvent"));
        assert!(request.header("Authorization").is_some());
        assert_eq!(
            &request.body[..],
            br#"{"FunctionName":"f","InvokeRequestId":"id"}"#
        );
        Ok(HttpResponse::new(
            200,
            r#"{"Response":{"RequestId":"test-1"}}"#,
        ))
    });
    let client = Client::with_transport(&config(), transport).unwrap();
    let response = client
        .terminate_async_event(&TerminateAsyncEventRequest::new("f", "id"))
        .await
        .unwrap();
    assert_eq!(response.request_id, "test-1");
}

#[tokio::test]
async fn canned_service_errors_arrive_typed() {
    let transport = transport::from_fn(|_| async {
        Ok(HttpResponse::new(
            200,
            r#"{"Response":{"Error":{"Code":"ResourceNotFound.AsyncEvent","Message":"gone"},"RequestId":"test-2"}}"#,
        ))
    });
    let client = Client::with_transport(&config(), transport).unwrap();
    let err = client
        .terminate_async_event(&TerminateAsyncEventRequest::new("f", "id"))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Service(ServiceError {
            code: TerminateAsyncEventError::ResourceNotFoundAsyncEvent,
            ref request_id,
            ..
        }) if request_id == "test-2"
    ));
}
