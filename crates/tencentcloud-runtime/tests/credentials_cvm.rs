//! The CVM instance role provider against a fake metadata service, including
//! its cache: one fetch for many callers, a new fetch on expiry.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use support::credentials::{
    FakeServer, ROLE_LIST, Reply, TMP_SECRET_KEY, TMP_TOKEN, assert_no_secret,
    cvm_credentials_json, metadata_server, metadata_with_role, role_path, unix_in,
};
use support::refused_endpoint;
use tencentcloud_runtime::credentials::CvmRoleProvider;
use tencentcloud_runtime::{CredentialsError, ProvideCredentials};

#[tokio::test]
async fn fetches_the_role_name_then_its_credentials() {
    let expired_time = unix_in(7200);
    let server = metadata_with_role(expired_time).await;
    let c = CvmRoleProvider::new()
        .with_endpoint(server.url())
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
    let paths: Vec<(String, String)> = server
        .received()
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect();
    assert_eq!(
        paths,
        [
            ("GET".to_owned(), ROLE_LIST.to_owned()),
            ("GET".to_owned(), role_path("app-role"))
        ]
    );
}

#[tokio::test]
async fn configured_role_name_skips_the_listing() {
    let server = metadata_with_role(unix_in(7200)).await;
    CvmRoleProvider::new()
        .with_endpoint(server.url())
        .with_role_name("app-role")
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(server.hits(ROLE_LIST), 0);
    assert_eq!(server.hits(&role_path("app-role")), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_concurrent_callers_share_one_fetch() {
    let server = FakeServer::start().await;
    server
        .route(
            ROLE_LIST,
            [Reply::ok("app-role").delayed(Duration::from_millis(100))],
        )
        .route(
            &role_path("app-role"),
            [Reply::ok(cvm_credentials_json(unix_in(7200)))],
        );
    let provider = Arc::new(CvmRoleProvider::new().with_endpoint(server.url()));
    let calls: Vec<_> = (0..16)
        .map(|_| {
            let provider = Arc::clone(&provider);
            tokio::spawn(async move { provider.provide_credentials().await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().secret_id(), "AKIDtmp");
    }
    assert_eq!(server.hits(ROLE_LIST), 1);
    assert_eq!(server.hits(&role_path("app-role")), 1);

    provider.provide_credentials().await.unwrap();
    assert_eq!(server.received().len(), 2, "cached credentials are reused");
}

#[tokio::test]
async fn expired_credentials_are_fetched_again() {
    let server = metadata_server([
        Reply::ok(cvm_credentials_json(unix_in(-10))),
        Reply::ok(cvm_credentials_json(unix_in(7200))),
    ])
    .await;
    let provider = CvmRoleProvider::new().with_endpoint(server.url());
    let first = provider.provide_credentials().await.unwrap();
    assert!(first.expiry().unwrap() < SystemTime::now());
    let second = provider.provide_credentials().await.unwrap();
    assert!(second.expiry().unwrap() > SystemTime::now());
    assert_eq!(server.hits(&role_path("app-role")), 2);
    provider.provide_credentials().await.unwrap();
    assert_eq!(server.hits(&role_path("app-role")), 2);
}

#[tokio::test]
async fn no_role_attached_is_not_found() {
    let server = FakeServer::start().await;
    server.route(ROLE_LIST, [Reply::status(404, "")]);
    let err = CvmRoleProvider::new()
        .with_endpoint(server.url())
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.to_string().contains("no CAM role"), "{err}");

    server.route(ROLE_LIST, [Reply::ok("\n")]);
    let err = CvmRoleProvider::new()
        .with_endpoint(server.url())
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn unreachable_metadata_is_not_found_and_says_so() {
    let url = refused_endpoint().await;
    let started = Instant::now();
    let err = CvmRoleProvider::new()
        .with_endpoint(url.clone())
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(err.is_not_found(), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("unreachable") && text.contains(&url),
        "{text}"
    );
}

#[tokio::test]
async fn silent_metadata_times_out_instead_of_hanging() {
    let server = FakeServer::start().await;
    server.route(ROLE_LIST, [Reply::Hang]);
    let started = Instant::now();
    let err = CvmRoleProvider::new()
        .with_endpoint(server.url())
        .with_timeout(Duration::from_millis(300))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.to_string().contains("timed out"), "{err}");
}

#[tokio::test]
async fn html_instead_of_a_role_name_is_not_found() {
    let server = FakeServer::start().await;
    server.route(
        ROLE_LIST,
        [Reply::ok(
            "<html><body>Welcome to the hotel wifi</body></html>",
        )],
    );
    let err = CvmRoleProvider::new()
        .with_endpoint(server.url())
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

async fn credentials_error(body: &str) -> CredentialsError {
    let server = metadata_server([Reply::ok(body)]).await;
    CvmRoleProvider::new()
        .with_endpoint(server.url())
        .provide_credentials()
        .await
        .unwrap_err()
}

#[tokio::test]
async fn code_other_than_success_is_a_failed_fetch() {
    let body = cvm_credentials_json(unix_in(7200)).replace("\"Success\"", "\"InternalError\"");
    let err = credentials_error(&body).await;
    assert!(
        matches!(err, CredentialsError::FetchFailed { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("InternalError"), "{err}");
    assert_no_secret(&err.to_string());
}

#[tokio::test]
async fn malformed_credentials_are_failed_fetches_naming_the_field_not_the_secret() {
    let complete = cvm_credentials_json(unix_in(7200));
    let truncated = &complete[..complete.len() - 5];
    let mut no_token: serde_json::Value = serde_json::from_str(&complete).unwrap();
    no_token.as_object_mut().unwrap().remove("Token");
    let mut bad_time: serde_json::Value = serde_json::from_str(&complete).unwrap();
    bad_time["ExpiredTime"] = serde_json::json!(TMP_TOKEN);
    let mut no_code: serde_json::Value = serde_json::from_str(&complete).unwrap();
    no_code.as_object_mut().unwrap().remove("Code");

    for (body, expected) in [
        (truncated.to_owned(), "JSON"),
        (no_token.to_string(), "`Token` is missing"),
        (bad_time.to_string(), "`ExpiredTime`"),
        (no_code.to_string(), "without a Code"),
        ("[]".to_owned(), "without a Code"),
    ] {
        let err = credentials_error(&body).await;
        assert!(
            matches!(err, CredentialsError::FetchFailed { .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains(expected), "{err}");
        assert_no_secret(&err.to_string());
        assert_no_secret(&format!("{err:?}"));
    }
}

#[tokio::test]
async fn role_credentials_not_found_is_a_failed_fetch() {
    let server = FakeServer::start().await;
    server.route(ROLE_LIST, [Reply::ok("gone-role")]);
    let err = CvmRoleProvider::new()
        .with_endpoint(server.url())
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::FetchFailed { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("404"), "{err}");
}

#[tokio::test]
async fn invalid_endpoint_is_a_broken_source() {
    let err = CvmRoleProvider::new()
        .with_endpoint("metadata.local")
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::InvalidSource { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn service_calls_are_signed_with_the_role_credentials() {
    use support::{SCF, TestError};
    use tencentcloud_runtime::{ActionMeta, Config, ServiceClient};

    static ACTION: ActionMeta = ActionMeta {
        name: "ListFunctions",
        qps_limit: None,
        idempotent: true,
    };
    let metadata = metadata_with_role(unix_in(7200)).await;
    let api = FakeServer::start().await;
    api.route("/", [Reply::ok(r#"{"Response":{"RequestId":"r"}}"#)]);
    let config = Config::builder()
        .with_credentials_provider(CvmRoleProvider::new().with_endpoint(metadata.url()))
        .with_region("ap-guangzhou")
        .with_endpoint(api.url())
        .build()
        .unwrap();
    let client = ServiceClient::new(&SCF, &config).unwrap();
    for _ in 0..2 {
        let _: serde_json::Value = client
            .call::<_, _, TestError>(&ACTION, &serde_json::json!({}))
            .await
            .unwrap();
    }
    let received = api.received();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(request.header("X-TC-Token"), Some(TMP_TOKEN));
        assert!(
            request
                .header("Authorization")
                .unwrap()
                .contains("Credential=AKIDtmp/"),
            "{:?}",
            request.header("Authorization")
        );
    }
    assert_eq!(metadata.received().len(), 2, "fetched once for both calls");
}
