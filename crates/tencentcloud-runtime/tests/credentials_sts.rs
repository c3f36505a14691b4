//! STS providers against a fake STS endpoint: `AssumeRole`, signed with
//! source credentials, and the unsigned `AssumeRoleWithWebIdentity` of TKE.

mod support;

use std::time::{Duration, SystemTime};

use support::credentials::{
    FakeServer, Reply, SECRET_KEY, Scripted, TMP_SECRET_KEY, TMP_TOKEN, TOKEN, TempDir,
    WEB_IDENTITY_TOKEN, assert_no_secret, env_owned, source, sts_credentials_json, sts_server,
    sts_with_credentials, unix_in,
};
use tencentcloud_runtime::credentials::{AssumeRoleProvider, WebIdentityProvider};
use tencentcloud_runtime::signing::{JSON_CONTENT_TYPE, SigningRequest, sign_tc3};
use tencentcloud_runtime::transport::HttpMethod;
use tencentcloud_runtime::{Credentials, CredentialsError, ProvideCredentials};

const ROLE_ARN: &str = "qcs::cam::uin/100000000001:roleName/deployer";

/// `AssumeRole` of [`ROLE_ARN`] with [`source`] credentials, sent to `server`.
fn assume_role(server: &FakeServer) -> AssumeRoleProvider {
    AssumeRoleProvider::new(source(), ROLE_ARN).with_endpoint(server.url())
}

// ---- AssumeRole ----

#[tokio::test]
async fn assume_role_is_signed_with_the_source_credentials() {
    let expired_time = unix_in(7200);
    let server = sts_with_credentials(expired_time).await;
    let c = assume_role(&server)
        .with_role_session_name("nightly")
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(
        (c.secret_id(), c.secret_key(), c.token()),
        ("AKIDtmp", TMP_SECRET_KEY, Some(TMP_TOKEN))
    );
    assert_eq!(
        c.expiry(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(expired_time as u64))
    );

    let [request] = server.received().try_into().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.header("X-TC-Action"), Some("AssumeRole"));
    assert_eq!(request.header("X-TC-Version"), Some("2018-08-13"));
    assert_eq!(request.header("X-TC-Region"), Some("ap-guangzhou"));
    assert_eq!(request.header("X-TC-Token"), Some(TOKEN));
    assert_eq!(
        request.json(),
        serde_json::json!({
            "RoleArn": ROLE_ARN,
            "RoleSessionName": "nightly",
            "DurationSeconds": 7200,
        })
    );
    let host = request.header("Host").unwrap();
    let timestamp: i64 = request.header("X-TC-Timestamp").unwrap().parse().unwrap();
    let expected = sign_tc3(
        &SigningRequest {
            method: HttpMethod::Post,
            host,
            path: "/",
            query: "",
            content_type: JSON_CONTENT_TYPE,
            payload: &request.body,
            service: "sts",
            timestamp,
        },
        "AKIDsource",
        SECRET_KEY,
    );
    assert_eq!(
        request.header("Authorization"),
        Some(expected.authorization.as_str())
    );
}

#[tokio::test]
async fn assume_role_sends_the_configured_region_duration_and_default_session_name() {
    let server = sts_with_credentials(unix_in(3600)).await;
    assume_role(&server)
        .with_region("ap-shanghai")
        .with_duration(Duration::from_secs(900))
        .provide_credentials()
        .await
        .unwrap();
    let [request] = server.received().try_into().unwrap();
    assert_eq!(request.header("X-TC-Region"), Some("ap-shanghai"));
    let body = request.json();
    assert_eq!(body["DurationSeconds"], 900);
    let session = body["RoleSessionName"].as_str().unwrap();
    assert!(session.starts_with("tencentcloud-rust-sdk-"), "{session}");
}

#[tokio::test]
async fn assume_role_credentials_are_cached_until_near_expiry() {
    let server = sts_with_credentials(unix_in(7200)).await;
    let provider = assume_role(&server);
    for _ in 0..3 {
        provider.provide_credentials().await.unwrap();
    }
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn assume_role_service_error_gives_code_message_and_request_id() {
    let server = sts_server([Reply::ok(
        r#"{"Response":{"Error":{"Code":"InvalidParameter.RoleNotExist","Message":"role not exist"},"RequestId":"req-err"}}"#,
    )])
    .await;
    let err = assume_role(&server)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::FetchFailed { .. }),
        "{err:?}"
    );
    // The service's error is kept as the cause, not only as text.
    let cause = std::error::Error::source(&err).expect("the STS error as the source");
    assert!(
        cause.to_string().contains("InvalidParameter.RoleNotExist"),
        "{cause}"
    );
    let text = err.to_string();
    for part in [
        "STS AssumeRole",
        "InvalidParameter.RoleNotExist",
        "role not exist",
        "req-err",
    ] {
        assert!(text.contains(part), "{part} not in {text}");
    }
}

#[tokio::test]
async fn assume_role_error_echoing_the_source_token_is_redacted() {
    let server = sts_server([Reply::ok(format!(
        r#"{{"Response":{{"Error":{{"Code":"AuthFailure.TokenFailure","Message":"bad token {TOKEN}"}},"RequestId":"r"}}}}"#
    ))])
    .await;
    let err = assume_role(&server)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("AuthFailure.TokenFailure"),
        "{err}"
    );
    assert_no_secret(&err.to_string());
}

#[tokio::test]
async fn assume_role_response_without_credentials_names_the_field_not_the_secrets() {
    let mut body: serde_json::Value =
        serde_json::from_str(&sts_credentials_json(unix_in(7200))).unwrap();
    body["Response"]["Credentials"]
        .as_object_mut()
        .unwrap()
        .remove("Token");
    let server = sts_server([Reply::ok(body.to_string())]).await;
    let err = assume_role(&server)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::FetchFailed { .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("`Credentials.Token` is missing") && text.contains("req-ok"),
        "{text}"
    );
    assert_no_secret(&text);
}

#[tokio::test]
async fn assume_role_response_without_request_id_never_shows_the_body() {
    let body = sts_credentials_json(unix_in(7200)).replace("\"RequestId\"", "\"Other\"");
    let server = sts_server([Reply::ok(body)]).await;
    let err = assume_role(&server)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::FetchFailed { .. }),
        "{err:?}"
    );
    assert_no_secret(&err.to_string());
    assert_no_secret(&format!("{err:?}"));
}

#[tokio::test]
async fn assume_role_without_source_credentials_is_not_found_and_sends_nothing() {
    let server = sts_with_credentials(unix_in(7200)).await;
    let source = Scripted::new([Err(CredentialsError::not_found("test", "nothing here"))]);
    let err = AssumeRoleProvider::new(source, ROLE_ARN)
        .with_endpoint(server.url())
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.to_string().contains("nothing here"), "{err}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn assume_role_with_unusable_source_credentials_sends_nothing() {
    let server = sts_with_credentials(unix_in(7200)).await;
    let err = AssumeRoleProvider::new(Credentials::new("AKID source", SECRET_KEY), ROLE_ARN)
        .with_endpoint(server.url())
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::InvalidSource { .. }),
        "{err:?}"
    );
    assert!(server.received().is_empty());
}

// ---- AssumeRoleWithWebIdentity (TKE OIDC) ----

fn tke_env(dir: &TempDir) -> Vec<(&'static str, String)> {
    let token_file = dir.write("token", &format!("{WEB_IDENTITY_TOKEN}\n"));
    vec![
        ("TKE_REGION", "ap-nanjing".to_owned()),
        ("TKE_PROVIDER_ID", "OIDC-provider".to_owned()),
        (
            "TKE_WEB_IDENTITY_TOKEN_FILE",
            token_file.to_str().unwrap().to_owned(),
        ),
        ("TKE_ROLE_ARN", ROLE_ARN.to_owned()),
    ]
}

fn oidc_provider(vars: &[(&'static str, String)], server: &FakeServer) -> WebIdentityProvider {
    WebIdentityProvider::from_env()
        .env_lookup(env_owned(vars))
        .with_endpoint(server.url())
}

#[tokio::test]
async fn web_identity_exchange_is_unsigned_and_carries_the_token_from_the_file() {
    let dir = TempDir::new();
    let server = sts_with_credentials(unix_in(7200)).await;
    let c = oidc_provider(&tke_env(&dir), &server)
        .with_role_session_name("pod-1")
        .with_duration(Duration::from_secs(1800))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(
        (c.secret_id(), c.secret_key(), c.token()),
        ("AKIDtmp", TMP_SECRET_KEY, Some(TMP_TOKEN))
    );

    let [request] = server.received().try_into().unwrap();
    assert_eq!(request.header("Authorization"), Some("SKIP"));
    assert_eq!(
        request.header("X-TC-Action"),
        Some("AssumeRoleWithWebIdentity")
    );
    assert_eq!(request.header("X-TC-Version"), Some("2018-08-13"));
    assert_eq!(request.header("X-TC-Region"), Some("ap-nanjing"));
    assert_eq!(request.header("X-TC-Token"), None);
    assert!(
        request
            .header("X-TC-Timestamp")
            .unwrap()
            .parse::<i64>()
            .is_ok()
    );
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert_eq!(
        request.json(),
        serde_json::json!({
            "ProviderId": "OIDC-provider",
            "WebIdentityToken": WEB_IDENTITY_TOKEN,
            "RoleArn": ROLE_ARN,
            "RoleSessionName": "pod-1",
            "DurationSeconds": 1800,
        })
    );
}

#[tokio::test]
async fn web_identity_rereads_the_rotated_token_on_refetch() {
    let dir = TempDir::new();
    let vars = tke_env(&dir);
    let server = sts_server([
        Reply::ok(sts_credentials_json(unix_in(-1))),
        Reply::ok(sts_credentials_json(unix_in(7200))),
    ])
    .await;
    let provider = oidc_provider(&vars, &server);
    provider.provide_credentials().await.unwrap();
    dir.write("token", "rotated-token");
    provider.provide_credentials().await.unwrap();
    let tokens: Vec<String> = server
        .received()
        .iter()
        .map(|r| r.json()["WebIdentityToken"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(tokens, [WEB_IDENTITY_TOKEN, "rotated-token"]);
}

#[tokio::test]
async fn explicit_web_identity_settings_need_no_environment() {
    let dir = TempDir::new();
    let token_file = dir.write("token", WEB_IDENTITY_TOKEN);
    let server = sts_with_credentials(unix_in(7200)).await;
    WebIdentityProvider::new("ap-hongkong", "OIDC", token_file, ROLE_ARN)
        .with_endpoint(server.url())
        .provide_credentials()
        .await
        .unwrap();
    let [request] = server.received().try_into().unwrap();
    assert_eq!(request.header("X-TC-Region"), Some("ap-hongkong"));
}

#[tokio::test]
async fn web_identity_without_tke_variables_is_not_found() {
    let server = FakeServer::start().await;
    let err = oidc_provider(&[], &server)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.to_string().contains("TKE_ROLE_ARN"), "{err}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn web_identity_with_some_tke_variables_names_the_missing_ones() {
    let dir = TempDir::new();
    let mut vars = tke_env(&dir);
    vars.retain(|(k, _)| *k != "TKE_PROVIDER_ID");
    let server = FakeServer::start().await;
    let err = oidc_provider(&vars, &server)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::InvalidSource { .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("TKE_PROVIDER_ID") && !text.contains("TKE_REGION"),
        "{text}"
    );
}

#[tokio::test]
async fn web_identity_with_a_missing_or_empty_token_file_is_broken() {
    let dir = TempDir::new();
    let mut vars = tke_env(&dir);
    let server = FakeServer::start().await;
    std::fs::remove_file(dir.path().join("token")).unwrap();
    let err = oidc_provider(&vars, &server)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::InvalidSource { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("token"), "{err}");

    vars[2].1 = dir.write("empty", " \n").to_str().unwrap().to_owned();
    let err = oidc_provider(&vars, &server)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn web_identity_errors_never_echo_the_token() {
    let dir = TempDir::new();
    let server = sts_server([Reply::ok(format!(
        r#"{{"Response":{{"Error":{{"Code":"InvalidParameter.WebIdentityTokenError","Message":"bad token {WEB_IDENTITY_TOKEN}"}},"RequestId":"r"}}}}"#
    ))])
    .await;
    let err = oidc_provider(&tke_env(&dir), &server)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::FetchFailed { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("WebIdentityTokenError"), "{err}");
    assert_no_secret(&err.to_string());

    server.route(
        "/",
        [Reply::status(
            502,
            format!("<html>{WEB_IDENTITY_TOKEN}</html>"),
        )],
    );
    let err = oidc_provider(&tke_env(&dir), &server)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("502"), "{err}");
    assert_no_secret(&err.to_string());
    assert_no_secret(&format!("{err:?}"));
}
