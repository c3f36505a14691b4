//! Nothing the runtime prints or logs contains the secret key or the token.

mod support;

use std::collections::HashMap;

use support::*;
use tencentcloud_runtime::{Config, Credentials, Error, ServiceClient};

/// Every string a user could see for `value`: `Debug`, alternate `Debug`,
/// `Display` and the whole `source()` chain.
fn printed_error(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = format!("{error}\n{error:?}\n{error:#?}\n");
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!("{cause}\n{cause:?}\n"));
        source = cause.source();
    }
    text
}

#[track_caller]
fn assert_no_secrets(text: &str) {
    assert!(!text.contains(SECRET_KEY), "secret key leaked in:\n{text}");
    assert!(!text.contains(TOKEN), "token leaked in:\n{text}");
}

#[test]
fn credentials_debug_never_contains_secrets() {
    let credentials = credentials();
    assert_no_secrets(&format!("{credentials:?} {credentials:#?}"));
}

#[test]
fn config_and_builder_debug_never_contain_secrets() {
    let builder = Config::builder()
        .with_credentials(credentials())
        .with_region("ap-guangzhou");
    assert_no_secrets(&format!("{builder:?}"));
    let config = builder.build().unwrap();
    assert_no_secrets(&format!("{config:?} {config:#?}"));
}

#[tokio::test]
async fn service_client_debug_never_contains_secrets() {
    let client = client_for("http://127.0.0.1:9");
    assert_no_secrets(&format!("{client:?} {client:#?}"));
    let (canned, _) = canned_client(200, "");
    assert_no_secrets(&format!("{canned:?}"));
}

#[tokio::test]
async fn request_seen_by_a_transport_prints_without_secrets_or_signature() {
    let (client, canned) = canned_client(200, r#"{"Response":{"RequestId":"r"}}"#);
    call(&client).await.unwrap();
    let sent = canned.sent.lock().unwrap();
    let authorization = sent[0].header("Authorization").unwrap().to_owned();
    let signature = authorization.rsplit('=').next().unwrap();
    let printed = format!("{:?}", sent[0]);
    assert_no_secrets(&printed);
    assert!(!printed.contains(signature), "{printed}");
}

#[tokio::test]
async fn service_error_prints_without_secrets() {
    let (client, _) = canned_client(
        200,
        r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad"},"RequestId":"r"}}"#,
    );
    let err = call(&client).await.unwrap_err();
    assert!(matches!(err, Error::Service(_)));
    assert_no_secrets(&printed_error(&err));
}

#[tokio::test]
async fn response_error_redacts_secrets_echoed_by_the_endpoint() {
    let echo = format!("<html>Authorization: ... X-TC-Token: {TOKEN}\nkey={SECRET_KEY}</html>");
    let (client, _) = canned_client(400, echo);
    let err = call(&client).await.unwrap_err();
    assert!(matches!(err, Error::Response(_)));
    assert_no_secrets(&printed_error(&err));

    // The JSON decoder quotes offending values in its message.
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // Only decoding is under test.
    struct Strict {
        #[serde(rename = "Count")]
        count: u32,
    }
    let body = format!(r#"{{"Response":{{"Count":"{SECRET_KEY}","RequestId":"r"}}}}"#);
    let (client, _) = canned_client(200, body);
    let err = client
        .call::<_, Strict, TestError>(&TERMINATE_ASYNC_EVENT, &TerminateRequest::sample())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Response(_)));
    assert_no_secrets(&printed_error(&err));
}

#[tokio::test]
async fn transport_error_prints_without_secrets() {
    let err = call(&client_for(&refused_endpoint().await))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_no_secrets(&printed_error(&err));
}

#[tokio::test]
async fn credentials_errors_print_without_secrets() {
    let broken_token = format!("{TOKEN} \n");
    for credentials in [
        Credentials::new(SECRET_ID, SECRET_KEY).with_token(broken_token),
        Credentials::new(format!("{SECRET_KEY} "), SECRET_KEY),
    ] {
        let config = Config::builder()
            .with_credentials(credentials)
            .build()
            .unwrap();
        let client = ServiceClient::new(&SCF, &config).unwrap();
        let err = call(&client).await.unwrap_err();
        assert!(matches!(err, Error::Credentials(_)), "{err:?}");
        assert_no_secrets(&printed_error(&err));
    }
}

#[tokio::test]
async fn invalid_request_error_prints_without_secrets() {
    let client = client_for("http://127.0.0.1:9");
    let request: HashMap<(u8, u8), u8> = HashMap::from([((1, 2), 3)]);
    let err = client
        .call::<_, TerminateResponse, TestError>(&TERMINATE_ASYNC_EVENT, &request)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_no_secrets(&printed_error(&err));
}

#[tokio::test]
async fn v1_get_requests_keep_token_and_signature_out_of_errors_and_debug() {
    use tencentcloud_runtime::SignatureMethod;
    use tencentcloud_runtime::transport::HttpMethod;

    // Refused: the HTTP client's error would quote the URL with its query.
    let config = builder_for(&refused_endpoint().await)
        .with_signature_method(SignatureMethod::HmacSha256)
        .with_http_method(HttpMethod::Get)
        .build()
        .unwrap();
    let err = call(&ServiceClient::new(&SCF, &config).unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let printed = printed_error(&err);
    assert_no_secrets(&printed);
    assert!(!printed.contains("Signature="), "{printed}");

    let canned = Canned::new(200, r#"{"Response":{"RequestId":"r"}}"#);
    let config = config.to_builder().build().unwrap();
    let client = ServiceClient::with_transport(&SCF, &config, canned.clone()).unwrap();
    call(&client).await.unwrap();
    let sent = canned.sent.lock().unwrap();
    assert!(
        sent[0].url.contains("Token="),
        "the token travels in the query"
    );
    let printed = format!("{:?}", sent[0]);
    assert_no_secrets(&printed);
    assert!(!printed.contains("Signature="), "{printed}");
}
