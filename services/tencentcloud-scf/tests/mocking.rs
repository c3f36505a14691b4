//! Mocking a generated client, no network: with types (a `stub::Stub`), or with wire
//! bytes (a canned transport, which also exercises signing and the envelope).

use tencentcloud_runtime::transport::{self, HttpResponse};
use tencentcloud_scf::operation::list_namespaces::{
    ListNamespacesError, ListNamespacesRequest, ListNamespacesResponse,
};
use tencentcloud_scf::operation::terminate_async_event::{
    TerminateAsyncEventError, TerminateAsyncEventRequest,
};
use tencentcloud_scf::stub::Stub;
use tencentcloud_scf::types::Namespace;
use tencentcloud_scf::{
    BoxFuture, Client, CommonCode, Config, Credentials, Error, RetryConfig, ServiceError,
};

/// Code under test: takes any client, real or stubbed.
async fn namespace_names(client: &Client) -> Result<Vec<String>, Error<ListNamespacesError>> {
    let response = client
        .list_namespaces(&ListNamespacesRequest::new())
        .await?;
    let namespaces = response.namespaces.unwrap_or_default();
    Ok(namespaces.into_iter().map(|n| n.name).collect())
}

/// Answers `ListNamespaces` from a list, or refuses when there is none.
#[derive(Debug, Default)]
struct Namespaces {
    names: Option<Vec<&'static str>>,
}

impl Stub for Namespaces {
    fn list_namespaces<'a>(
        &'a self,
        request: &'a ListNamespacesRequest,
    ) -> BoxFuture<'a, Result<ListNamespacesResponse, Error<ListNamespacesError>>> {
        let _ = request;
        Box::pin(async move {
            let Some(names) = &self.names else {
                return Err(Error::Service(ServiceError::new(
                    ListNamespacesError::InvalidParameterValueOrder,
                    "bad order",
                    "stub-2",
                    200,
                )));
            };
            let namespaces = names.iter().map(|n| Namespace::new("", "", "", *n, "User"));
            Ok(ListNamespacesResponse::new("stub-1").set_namespaces(namespaces))
        })
    }
}

#[tokio::test]
async fn a_typed_stub_answers_the_code_under_test() {
    let stub = Namespaces {
        names: Some(vec!["default", "team-a"]),
    };
    let client = Client::from_stub(stub);
    assert_eq!(
        namespace_names(&client).await.unwrap(),
        ["default", "team-a"]
    );

    let refusing = Client::from_stub(Namespaces::default());
    let err = namespace_names(&refusing).await.unwrap_err();
    assert_eq!(
        err.code(),
        Some(&ListNamespacesError::InvalidParameterValueOrder)
    );
    assert_eq!(err.request_id(), Some("stub-2"));
}

#[tokio::test]
async fn actions_a_stub_does_not_implement_answer_unsupported_operation() {
    let client = Client::from_stub(Namespaces::default());
    let err = client
        .terminate_async_event(&TerminateAsyncEventRequest::new("f", "id"))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&TerminateAsyncEventError::Common(
            CommonCode::UnsupportedOperation
        ))
    );
}

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
