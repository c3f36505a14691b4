//! Decoding of response bodies, through `ServiceClient` over a canned transport.

mod support;

use support::*;
use tencentcloud_runtime::{Config, Error, ResponseError, ServiceClient, ServiceError};

async fn call_with(status: u16, body: impl AsRef<[u8]>) -> CallResult {
    let (client, _) = canned_client(status, body);
    call(&client).await
}

async fn response_error(status: u16, body: impl AsRef<[u8]>) -> ResponseError {
    match call_with(status, body).await {
        Err(Error::Response(e)) => e,
        other => panic!("expected a response error, got {other:?}"),
    }
}

#[tokio::test]
async fn success_envelope_decodes_into_the_response_type() {
    let response = call_with(200, r#"{"Response":{"RequestId":"r-1"}}"#)
        .await
        .unwrap();
    assert_eq!(response.request_id, "r-1");
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let body = r#"{"Extra":true,"Response":{"NewField":{"Nested":[1,2]},"RequestId":"r-2","DeprecatedWarning":"x"}}"#;
    assert_eq!(call_with(200, body).await.unwrap().request_id, "r-2");
}

#[tokio::test]
async fn service_error_envelope_maps_to_typed_code() {
    let body =
        r#"{"Response":{"Error":{"Code":"InternalError","Message":"Oops."},"RequestId":"r-3"}}"#;
    let err = call_with(200, body).await.unwrap_err();
    let Error::Service(ServiceError {
        code: TestError::InternalError,
        message,
        request_id,
        http_status,
        ..
    }) = err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        (message.as_str(), request_id.as_str(), http_status),
        ("Oops.", "r-3", 200)
    );
}

#[tokio::test]
async fn unknown_error_code_maps_to_unknown_variant() {
    let body = r#"{"Response":{"Error":{"Code":"FailedOperation.Brand.New","Message":"m"},"RequestId":"r-4"}}"#;
    let err = call_with(200, body).await.unwrap_err();
    assert_eq!(
        err.code(),
        Some(&TestError::Unknown {
            code: "FailedOperation.Brand.New".to_owned()
        })
    );
    assert_eq!(err.code_str(), Some("FailedOperation.Brand.New"));
}

#[tokio::test]
async fn error_is_decided_by_content_and_keeps_the_http_status() {
    let body = r#"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},"RequestId":"r-5"}}"#;
    let err = call_with(503, body).await.unwrap_err();
    assert_eq!(err.code(), Some(&TestError::RequestLimitExceeded));
    assert_eq!(err.http_status(), Some(503));
    assert!(err.is_throttling());
}

#[tokio::test]
async fn error_envelope_without_request_id_has_an_empty_request_id() {
    let body = r#"{"Response":{"Error":{"Code":"InternalError","Message":"m"}}}"#;
    let err = call_with(200, body).await.unwrap_err();
    assert_eq!(err.as_service().unwrap().request_id, "");
    assert_eq!(err.request_id(), None);
    assert!(err.to_string().contains("no RequestId"), "{err}");
}

#[tokio::test]
async fn html_from_proxy_is_a_response_error() {
    let e = response_error(200, "<!DOCTYPE html><html>Login required</html>").await;
    assert_eq!(e.http_status(), 200);
    assert!(e.body_excerpt().starts_with("<!DOCTYPE html>"));
    assert_eq!(e.request_id(), None);
}

#[tokio::test]
async fn empty_body_is_a_response_error() {
    let e = response_error(504, "").await;
    assert_eq!((e.http_status(), e.body_len()), (504, 0));
    assert_eq!(e.body_excerpt(), "");
}

#[tokio::test]
async fn truncated_json_is_a_response_error() {
    let e = response_error(200, r#"{"Response":{"RequestId":"r-6""#).await;
    assert!(e.reason().contains("EOF"), "{}", e.reason());
}

#[tokio::test]
async fn response_without_request_id_is_a_response_error() {
    let e = response_error(200, r#"{"Response": {}}"#).await;
    assert!(e.reason().contains("RequestId"), "{}", e.reason());
}

#[tokio::test]
async fn non_utf8_body_is_a_response_error() {
    let e = response_error(200, b"\xff\xfe{\"Response\"").await;
    assert!(e.body_excerpt().starts_with("\u{fffd}\u{fffd}"));
    // Invalid UTF-8 inside an otherwise well-formed envelope.
    response_error(200, b"{\"Response\":{\"RequestId\":\"\xff\"}}").await;
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_a_response_error() {
    for body in [
        "null",
        "[]",
        "\"Response\"",
        "{}",
        r#"{"Response":1}"#,
        r#"{"Response":{"Error":"boom","RequestId":"r"}}"#,
        r#"{"Response":{"Error":{"Message":"no code"},"RequestId":"r"}}"#,
        r#"{"Response":{"RequestId":{}}}"#,
    ] {
        response_error(200, body).await;
    }
}

#[tokio::test]
async fn a_numeric_request_id_is_read_as_its_text_unless_decoding_is_strict() {
    let body = r#"{"Response":{"RequestId":20261201}}"#;
    let response = call_with(200, body).await.unwrap();
    assert_eq!(response.request_id, "20261201");

    let canned = Canned::new(200, body);
    let config = Config::builder()
        .with_credentials(credentials())
        .with_strict_decoding(true)
        .build()
        .unwrap();
    let client = ServiceClient::with_transport(&SCF, &config, canned).unwrap();
    let Err(Error::Response(e)) = call(&client).await else {
        panic!("a number for the RequestId passed strict decoding");
    };
    assert!(e.reason().contains("Response.RequestId"), "{}", e.reason());
}

#[tokio::test]
async fn response_of_the_wrong_type_keeps_the_request_id() {
    let e = response_error(
        200,
        r#"{"Response":{"RequestId":"r-7","Extra":1}} trailing"#,
    )
    .await;
    assert_eq!(
        e.request_id(),
        None,
        "trailing garbage invalidates the envelope"
    );

    // The runtime reads RequestId; the typed response then rejects the shape.
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // Only decoding is under test.
    struct Strict {
        #[serde(rename = "Count")]
        count: u32,
    }
    let (client, _) = canned_client(200, r#"{"Response":{"Count":"x","RequestId":"r-8"}}"#);
    let err = client
        .call::<_, Strict, TestError>(&TERMINATE_ASYNC_EVENT, &TerminateRequest::sample())
        .await
        .unwrap_err();
    assert_eq!(err.request_id(), Some("r-8"));
    let Error::Response(e) = err else {
        panic!("{err:?}")
    };
    assert!(e.reason().contains("Count"), "{}", e.reason());
}

#[tokio::test]
async fn excerpt_is_bounded_and_cut_at_a_character_boundary() {
    let body = "错".repeat(1000); // 3 bytes each
    let e = response_error(200, &body).await;
    assert_eq!(e.body_len(), 3000);
    assert!(e.body_excerpt().len() <= 512);
    assert!(e.body_excerpt().chars().all(|c| c == '错'));
    assert_eq!(e.body_excerpt().len(), 510);
}

#[tokio::test]
async fn every_truncation_of_an_envelope_is_an_error_not_a_panic() {
    let body =
        r#"{"Response":{"Error":{"Code":"InternalError","Message":"内部错误"},"RequestId":"r-9"}}"#;
    let bytes = body.as_bytes();
    for end in 0..bytes.len() {
        match call_with(200, &bytes[..end]).await {
            Err(Error::Response(_)) => {}
            other => panic!("prefix of {end} bytes gave {other:?}"),
        }
    }
    assert!(matches!(
        call_with(200, bytes).await,
        Err(Error::Service(_))
    ));
}

#[tokio::test]
async fn the_request_reaches_the_transport_signed_and_serialized_once() {
    let (client, canned) = canned_client(200, r#"{"Response":{"RequestId":"r"}}"#);
    call(&client).await.unwrap();
    let sent = canned.sent.lock().unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].url, "https://scf.tencentcloudapi.com/");
    assert_eq!(sent[0].header("Host"), Some("scf.tencentcloudapi.com"));
    assert_eq!(
        &sent[0].body[..],
        serde_json::to_vec(&TerminateRequest::sample()).unwrap()
    );
    assert!(
        sent[0]
            .header("Authorization")
            .unwrap()
            .starts_with("TC3-HMAC-SHA256 ")
    );
}
