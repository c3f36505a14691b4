//! `ServiceClient::call` against a loopback HTTP server.

mod support;

use std::collections::HashMap;
use std::time::Duration;

use support::*;
use tencentcloud_runtime::signing::{
    FORM_CONTENT_TYPE, JSON_CONTENT_TYPE, SigningRequest, sign_tc3,
};
use tencentcloud_runtime::transport::HttpMethod;
use tencentcloud_runtime::transport::{self, HttpResponse};
use tencentcloud_runtime::{
    Config, Credentials, CredentialsError, Error, Language, ServiceClient, ServiceError,
    TransportErrorKind,
};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn call_sends_signed_request_and_decodes_typed_response() {
    let server = TestServer::start(Reply::json(200, SUCCESS)).await;
    let config = Config::builder()
        .with_credentials(credentials())
        .with_region("ap-guangzhou")
        .with_language(Language::EnUs)
        .with_endpoint(server.endpoint())
        .build()
        .unwrap();
    let client = ServiceClient::new(&SCF, &config).unwrap();

    let before = now();
    let response = call(&client).await.expect("call succeeds");
    let after = now();
    assert_eq!(response.request_id, "ee33c7a2-6d1d-4b3b-9c4e-000000000001");

    let received = server.received();
    assert_eq!(received.len(), 1);
    let req = &received[0];
    assert_eq!((req.method.as_str(), req.path.as_str()), ("POST", "/"));
    assert_eq!(
        req.body,
        serde_json::to_vec(&TerminateRequest::sample()).unwrap()
    );

    let host = server.addr.to_string();
    assert_eq!(req.header("Content-Type"), Some("application/json"));
    assert_eq!(req.header("Host"), Some(host.as_str()));
    assert_eq!(req.header("X-TC-Action"), Some("TerminateAsyncEvent"));
    assert_eq!(req.header("X-TC-Version"), Some("2018-04-16"));
    assert_eq!(req.header("X-TC-Region"), Some("ap-guangzhou"));
    assert_eq!(req.header("X-TC-Token"), Some(TOKEN));
    assert_eq!(req.header("X-TC-Language"), Some("en-US"));
    assert_eq!(
        req.header("X-TC-RequestClient"),
        Some(concat!("SDK_RUST_", env!("CARGO_PKG_VERSION")))
    );
    let timestamp: i64 = req.header("X-TC-Timestamp").unwrap().parse().unwrap();
    assert!((before..=after).contains(&timestamp), "{timestamp}");

    // The Authorization header is well-formed...
    let authorization = req.header("Authorization").unwrap();
    let date = tencentcloud_runtime::signing::utc_date(timestamp);
    let prefix = format!(
        "TC3-HMAC-SHA256 Credential={SECRET_ID}/{date}/scf/tc3_request, SignedHeaders=content-type;host, Signature="
    );
    let signature = authorization
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{authorization}"));
    assert_eq!(signature.len(), 64);
    assert!(
        signature
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );

    // ...and is what the server computes from the bytes it received.
    let expected = sign_tc3(
        &SigningRequest {
            method: HttpMethod::Post,
            host: req.header("Host").unwrap(),
            path: &req.path,
            query: "",
            content_type: req.header("Content-Type").unwrap(),
            payload: &req.body,
            service: "scf",
            timestamp,
        },
        SECRET_ID,
        SECRET_KEY,
    );
    assert_eq!(authorization, expected.authorization);
}

#[tokio::test]
async fn optional_headers_are_omitted_when_not_configured() {
    let server = TestServer::start(Reply::json(200, SUCCESS)).await;
    let config = Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .with_endpoint(server.endpoint())
        .build()
        .unwrap();
    let client = ServiceClient::new(&SCF, &config).unwrap();
    call(&client).await.expect("call succeeds");

    let req = &server.received()[0];
    for name in ["X-TC-Region", "X-TC-Token", "X-TC-Language"] {
        assert_eq!(req.header(name), None, "{name}");
    }
    assert_eq!(req.header("Content-Type"), Some(JSON_CONTENT_TYPE));
}

#[tokio::test]
async fn service_error_envelope_maps_to_typed_code() {
    let server = TestServer::start(Reply::json(
        200,
        r#"{"Response":{"Error":{"Code":"ResourceNotFound.Function","Message":"The function does not exist."},"RequestId":"ee33"}}"#,
    ))
    .await;
    let err = call(&client_for(&server.endpoint())).await.unwrap_err();
    match &err {
        Error::Service(ServiceError {
            code: TestError::ResourceNotFoundFunction,
            message,
            request_id,
            http_status: 200,
            ..
        }) => {
            assert_eq!(message, "The function does not exist.");
            assert_eq!(request_id, "ee33");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "ResourceNotFound.Function: The function does not exist. (RequestId: ee33)"
    );
    assert_eq!(err.code_str(), Some("ResourceNotFound.Function"));
    assert_eq!(err.request_id(), Some("ee33"));
}

#[tokio::test]
async fn html_from_proxy_is_a_response_error() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = TestServer::start(Reply::Respond {
        status: 502,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: page.as_bytes().to_vec(),
    })
    .await;
    let err = call(&client_for(&server.endpoint())).await.unwrap_err();
    let Error::Response(response) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(response.http_status(), 502);
    assert_eq!(response.body_excerpt(), page);
    assert_eq!(err.http_status(), Some(502));
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
}

#[tokio::test]
async fn redirect_is_not_followed() {
    let server = TestServer::start(
        Reply::json(302, "").with_header("Location", "http://127.0.0.1:1/elsewhere"),
    )
    .await;
    let err = call(&client_for(&server.endpoint())).await.unwrap_err();
    assert_eq!(err.http_status(), Some(302), "{err:?}");
    assert!(matches!(err, Error::Response(_)));
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_a_connect_transport_error() {
    let err = call(&client_for(&refused_endpoint().await))
        .await
        .unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    assert!(!transport.may_have_been_sent());
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn unresponsive_server_times_out() {
    let server = TestServer::start(Reply::Hang).await;
    let config = Config::builder()
        .with_credentials(credentials())
        .with_endpoint(server.endpoint())
        .with_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let client = ServiceClient::new(&SCF, &config).unwrap();
    let started = std::time::Instant::now();
    let err = call(&client).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10));
    let Error::Transport(transport) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert!(transport.may_have_been_sent());
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn missing_credentials_fail_before_any_request() {
    let server = TestServer::start(Reply::json(200, SUCCESS)).await;
    let config = Config::builder()
        .with_endpoint(server.endpoint())
        .build()
        .unwrap();
    let client = ServiceClient::new(&SCF, &config).unwrap();
    let err = call(&client).await.unwrap_err();
    assert!(
        matches!(err, Error::Credentials(CredentialsError::NotConfigured)),
        "{err:?}"
    );
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn unusable_credentials_fail_before_any_request() {
    let server = TestServer::start(Reply::json(200, SUCCESS)).await;
    let config = Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, ""))
        .with_endpoint(server.endpoint())
        .build()
        .unwrap();
    let err = call(&ServiceClient::new(&SCF, &config).unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Credentials(CredentialsError::Invalid { .. })),
        "{err:?}"
    );
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn unserializable_request_is_an_invalid_request_error_and_sends_nothing() {
    let server = TestServer::start(Reply::json(200, SUCCESS)).await;
    let client = client_for(&server.endpoint());
    // JSON object keys must be strings.
    let request: HashMap<(u8, u8), u8> = HashMap::from([((1, 2), 3)]);
    let err = client
        .call::<_, TerminateResponse, TestError>(&TERMINATE_ASYNC_EVENT, &request)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(std::error::Error::source(&err).is_some());
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn clones_share_one_client_and_can_be_sent_across_tasks() {
    let server = TestServer::start(Reply::json(200, SUCCESS)).await;
    let client = client_for(&server.endpoint());
    let clone = client.clone();
    let handle = tokio::spawn(async move { call(&clone).await.map(|r| r.request_id) });
    call(&client).await.unwrap();
    handle.await.unwrap().unwrap();
    assert_eq!(server.received().len(), 2);
}

fn endpoint_of(config: tencentcloud_runtime::ConfigBuilder) -> String {
    let config = config.build().unwrap();
    ServiceClient::new(&SCF, &config)
        .unwrap()
        .endpoint()
        .to_owned()
}

#[test]
fn default_endpoint_is_the_service_host() {
    assert_eq!(
        endpoint_of(Config::builder().with_region("ap-guangzhou")),
        "https://scf.tencentcloudapi.com/"
    );
}

#[test]
fn regional_endpoint_puts_the_region_in_the_host() {
    assert_eq!(
        endpoint_of(
            Config::builder()
                .with_region("ap-guangzhou")
                .with_regional_endpoint(true)
        ),
        "https://scf.ap-guangzhou.tencentcloudapi.com/"
    );
}

#[test]
fn root_domain_replaces_tencentcloudapi_com() {
    assert_eq!(
        endpoint_of(Config::builder().with_root_domain("tencentcloudapi.woa.com")),
        "https://scf.tencentcloudapi.woa.com/"
    );
    assert_eq!(
        endpoint_of(
            Config::builder()
                .with_root_domain("internal.example")
                .with_region("ap-shanghai")
                .with_regional_endpoint(true)
        ),
        "https://scf.ap-shanghai.internal.example/"
    );
}

#[test]
fn endpoint_override_wins_over_regional_and_root_domain() {
    assert_eq!(
        endpoint_of(
            Config::builder()
                .with_region("ap-shanghai")
                .with_regional_endpoint(true)
                .with_root_domain("internal.example")
                .with_endpoint("http://127.0.0.1:9000")
        ),
        "http://127.0.0.1:9000/"
    );
}

#[tokio::test]
async fn resolved_host_is_sent_and_signed() {
    let (client, canned) = {
        let canned = Canned::new(200, SUCCESS);
        let config = Config::builder()
            .with_credentials(credentials())
            .with_region("ap-beijing")
            .with_regional_endpoint(true)
            .build()
            .unwrap();
        let client = ServiceClient::with_transport(&SCF, &config, canned.clone()).unwrap();
        (client, canned)
    };
    call(&client).await.unwrap();
    let sent = &canned.sent.lock().unwrap()[0];
    assert_eq!(sent.url, "https://scf.ap-beijing.tencentcloudapi.com/");
    assert_eq!(
        sent.header("Host"),
        Some("scf.ap-beijing.tencentcloudapi.com")
    );
}

#[tokio::test]
async fn request_client_suffix_and_user_agent_are_sent() {
    let server = TestServer::start(Reply::json(200, SUCCESS)).await;
    let config = builder_for(&server.endpoint())
        .with_request_client("billing-job")
        .with_user_agent("billing-job/2.1")
        .build()
        .unwrap();
    call(&ServiceClient::new(&SCF, &config).unwrap())
        .await
        .unwrap();
    let req = &server.received()[0];
    assert_eq!(
        req.header("X-TC-RequestClient"),
        Some(concat!(
            "SDK_RUST_",
            env!("CARGO_PKG_VERSION"),
            "/billing-job"
        ))
    );
    assert_eq!(req.header("User-Agent"), Some("billing-job/2.1"));
}

#[tokio::test]
async fn default_user_agent_names_the_sdk() {
    let server = TestServer::start(Reply::json(200, SUCCESS)).await;
    call(&client_for(&server.endpoint())).await.unwrap();
    assert_eq!(
        server.received()[0].header("User-Agent"),
        Some(concat!("tencentcloud-sdk-rust/", env!("CARGO_PKG_VERSION")))
    );
}

#[tokio::test]
async fn get_sends_signed_flattened_query() {
    let server = TestServer::start(Reply::json(200, SUCCESS)).await;
    let config = builder_for(&server.endpoint())
        .with_http_method(HttpMethod::Get)
        .build()
        .unwrap();
    call(&ServiceClient::new(&SCF, &config).unwrap())
        .await
        .unwrap();
    let req = &server.received()[0];
    assert_eq!(req.method, "GET");
    assert!(req.body.is_empty());
    let query = req.path.strip_prefix("/?").unwrap();
    assert_eq!(
        query,
        "FunctionName=hello-%E5%87%BD%E6%95%B0&InvokeRequestId=invoke-1&Namespace=default"
    );
    let timestamp: i64 = req.header("X-TC-Timestamp").unwrap().parse().unwrap();
    let expected = sign_tc3(
        &SigningRequest {
            method: HttpMethod::Get,
            host: req.header("Host").unwrap(),
            path: "/",
            query,
            content_type: req.header("Content-Type").unwrap(),
            payload: b"",
            service: "scf",
            timestamp,
        },
        SECRET_ID,
        SECRET_KEY,
    );
    assert_eq!(req.header("Content-Type"), Some(FORM_CONTENT_TYPE));
    assert_eq!(
        req.header("Authorization"),
        Some(expected.authorization.as_str())
    );
}

#[tokio::test]
async fn a_canned_transport_stands_in_for_the_network() {
    let transport = transport::from_fn(|request| async move {
        assert_eq!(request.header("X-TC-Action"), Some("TerminateAsyncEvent"));
        Ok(HttpResponse::new(
            200,
            r#"{"Response":{"Error":{"Code":"ResourceNotFound.Function","Message":"gone"},"RequestId":"r-9"}}"#,
        ))
    });
    let config = Config::builder()
        .with_credentials(credentials())
        .build()
        .unwrap();
    let client = ServiceClient::with_transport(&SCF, &config, transport).unwrap();
    let err = call(&client).await.unwrap_err();
    assert_eq!(err.code(), Some(&TestError::ResourceNotFoundFunction));
    assert_eq!(err.request_id(), Some("r-9"));
    assert!(format!("{client:?}").contains("FnTransport"));
}
