//! `ConfigBuilder` validation, defaults and `Config::from_env`.

use std::time::Duration;

mod support;

use tencentcloud_runtime::transport::HttpMethod;
use tencentcloud_runtime::{
    Config, ConfigError, Credentials, Language, ProvideCredentials, RetryConfig, ServiceClient,
    SignatureMethod,
};

/// Held by every test that changes the process environment.
static ENV_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn endpoint_error(endpoint: &str) -> String {
    match Config::builder().with_endpoint(endpoint).build() {
        Err(err @ ConfigError::InvalidEndpoint { .. }) => err.to_string(),
        other => panic!("{endpoint:?} gave {other:?}"),
    }
}

#[test]
fn defaults_have_no_optional_settings_and_standard_timeouts() {
    let config = Config::builder().build().unwrap();
    assert!(config.credentials().is_none());
    assert_eq!(config.region(), None);
    assert_eq!(config.endpoint(), None);
    assert_eq!(config.language(), None);
    assert_eq!(config.timeout(), Duration::from_secs(60));
    assert_eq!(config.connect_timeout(), Duration::from_secs(10));
    assert!(
        !config.strict_decoding(),
        "responses are decoded tolerantly"
    );
}

#[test]
fn builder_settings_are_kept() {
    let config = Config::builder()
        .with_credentials(Credentials::new("id", "key"))
        .with_region("ap-guangzhou")
        .with_endpoint("https://scf.ap-guangzhou.tencentcloudapi.com")
        .with_language(Language::ZhCn)
        .with_timeout(Duration::from_secs(5))
        .with_connect_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    assert_eq!(config.credentials().unwrap().secret_id(), "id");
    assert_eq!(config.region(), Some("ap-guangzhou"));
    assert_eq!(
        config.endpoint(),
        Some("https://scf.ap-guangzhou.tencentcloudapi.com/")
    );
    assert_eq!(config.language(), Some(Language::ZhCn));
    assert_eq!(config.timeout(), Duration::from_secs(5));
    assert_eq!(config.connect_timeout(), Duration::from_secs(2));

    let copy = config
        .to_builder()
        .with_region("ap-shanghai")
        .build()
        .unwrap();
    assert_eq!(copy.region(), Some("ap-shanghai"));
    assert_eq!(copy.endpoint(), config.endpoint());
    assert_eq!(copy.timeout(), Duration::from_secs(5));
}

#[test]
fn valid_endpoints_are_normalized() {
    for (given, normalized) in [
        ("http://127.0.0.1:9000", "http://127.0.0.1:9000/"),
        ("http://localhost:9000/", "http://localhost:9000/"),
        (
            "https://scf.tencentcloudapi.com:443",
            "https://scf.tencentcloudapi.com/",
        ),
        (
            "HTTPS://SCF.TencentCloudAPI.com",
            "https://scf.tencentcloudapi.com/",
        ),
        ("http://[::1]:8080", "http://[::1]:8080/"),
    ] {
        let config = Config::builder().with_endpoint(given).build().unwrap();
        assert_eq!(config.endpoint(), Some(normalized), "{given}");
    }
}

#[test]
fn endpoint_with_bad_scheme_is_rejected() {
    assert!(endpoint_error("ftp://example.com").contains("http or https"));
    assert!(endpoint_error("file:///etc/passwd").contains("http or https"));
    assert!(endpoint_error("localhost:9000").contains("http or https"));
}

#[test]
fn endpoint_without_host_is_rejected() {
    for endpoint in ["http://", "https:///", "http://:80", "https://?x=1"] {
        endpoint_error(endpoint);
    }
}

#[test]
fn garbage_endpoint_is_rejected() {
    for endpoint in [
        "",
        "not a url",
        "::::",
        "http://exa mple.com",
        "http://host:99999",
    ] {
        endpoint_error(endpoint);
    }
}

#[test]
fn bare_host_endpoint_is_rejected_with_a_hint() {
    let message = endpoint_error("scf.ap-guangzhou.tencentcloudapi.com");
    assert!(
        message.contains("https://scf.ap-guangzhou.tencentcloudapi.com"),
        "{message}"
    );
}

#[test]
fn endpoint_with_path_query_or_fragment_is_rejected() {
    assert!(endpoint_error("https://example.com/api").contains("path"));
    assert!(endpoint_error("https://example.com/?a=b").contains("query"));
    assert!(endpoint_error("https://example.com/#top").contains("fragment"));
}

#[test]
fn endpoint_with_user_info_is_rejected_without_echoing_the_password() {
    let message = endpoint_error("https://admin:PASSWORD-DO-NOT-LEAK@example.com");
    assert!(!message.contains("PASSWORD-DO-NOT-LEAK"), "{message}");
    assert!(message.contains("user info"), "{message}");
}

#[test]
fn unusable_region_is_rejected() {
    for region in ["", "ap guangzhou", "ap-广州", "ap-guangzhou\n"] {
        let err = Config::builder().with_region(region).build().unwrap_err();
        assert!(matches!(err, ConfigError::InvalidRegion { .. }), "{err:?}");
    }
}

#[test]
fn language_header_values_match_the_official_sdk() {
    assert_eq!(Language::ZhCn.as_str(), "zh-CN");
    assert_eq!(Language::EnUs.as_str(), "en-US");
}

#[tokio::test]
async fn from_env_reads_credentials_region_and_endpoint() {
    let _env = ENV_LOCK.lock().await;
    // SAFETY: every test in this binary that touches the environment holds
    // ENV_LOCK, and nothing else here reads it.
    unsafe {
        std::env::set_var("TENCENTCLOUD_SECRET_ID", "env-id");
        std::env::set_var("TENCENTCLOUD_SECRET_KEY", "env-key");
        std::env::set_var("TENCENTCLOUD_SESSION_TOKEN", "env-token");
        std::env::set_var("TENCENTCLOUD_REGION", "ap-beijing");
        std::env::set_var("TENCENTCLOUD_ENDPOINT", "http://127.0.0.1:9000");
    }
    let config = Config::from_env().unwrap();
    let credentials = config
        .credentials_provider()
        .expect("the default chain")
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(credentials.secret_id(), "env-id");
    assert_eq!(credentials.token(), Some("env-token"));
    assert_eq!(config.region(), Some("ap-beijing"));
    assert_eq!(config.endpoint(), Some("http://127.0.0.1:9000/"));

    // Empty optional variables count as unset.
    unsafe {
        std::env::set_var("TENCENTCLOUD_REGION", "");
        std::env::remove_var("TENCENTCLOUD_ENDPOINT");
    }
    let config = Config::from_env().unwrap();
    assert_eq!(config.endpoint(), None);

    unsafe { std::env::set_var("TENCENTCLOUD_ENDPOINT", "ftp://nope") };
    assert!(matches!(
        Config::from_env(),
        Err(ConfigError::InvalidEndpoint { .. })
    ));
    unsafe {
        for name in [
            "TENCENTCLOUD_SECRET_ID",
            "TENCENTCLOUD_SECRET_KEY",
            "TENCENTCLOUD_SESSION_TOKEN",
            "TENCENTCLOUD_REGION",
            "TENCENTCLOUD_ENDPOINT",
        ] {
            std::env::remove_var(name);
        }
    }
}

#[test]
fn new_settings_have_safe_defaults() {
    let config = Config::builder().build().unwrap();
    assert_eq!(config.total_timeout(), None);
    assert!(config.proxy_from_env());
    assert!(!config.regional_endpoint());
    assert_eq!(config.root_domain(), None);
    assert!(!config.qps_limiter());
    assert!(config.retry().is_enabled());
    assert_eq!(config.signature_method(), SignatureMethod::Tc3HmacSha256);
    assert_eq!(config.http_method(), HttpMethod::Post);
    assert_eq!(
        config.request_client(),
        concat!("SDK_RUST_", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(
        config.user_agent(),
        concat!("tencentcloud-sdk-rust/", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn new_settings_survive_to_builder() {
    let config = Config::builder()
        .with_region("ap-guangzhou")
        .with_regional_endpoint(true)
        .with_root_domain("tencentcloudapi.woa.com")
        .with_total_timeout(Duration::from_secs(9))
        .with_no_proxy()
        .with_request_client("my-app_1.0")
        .with_user_agent("my-app/1.0")
        .with_retry(RetryConfig::disabled())
        .with_qps_limiter(true)
        .with_signature_method(SignatureMethod::HmacSha1)
        .with_http_method(HttpMethod::Get)
        .with_strict_decoding(true)
        .build()
        .unwrap();
    let copy = config.to_builder().build().unwrap();
    assert_eq!(format!("{copy:?}"), format!("{config:?}"));
    assert!(copy.strict_decoding());
    assert_eq!(
        copy.request_client(),
        concat!("SDK_RUST_", env!("CARGO_PKG_VERSION"), "/my-app_1.0")
    );
}

#[test]
fn request_client_suffix_follows_the_official_sdk_rule() {
    for bad in ["", "has space", "slash/", "中文", &"x".repeat(129)] {
        let err = Config::builder()
            .with_request_client(bad)
            .build()
            .unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::InvalidSetting {
                    setting: "request_client",
                    ..
                }
            ),
            "{bad:?}: {err:?}"
        );
    }
    Config::builder()
        .with_request_client("a-Z_0,9;.")
        .build()
        .unwrap();
}

#[test]
fn user_agent_must_be_printable_ascii() {
    for bad in ["", "line\nbreak", "ü"] {
        assert!(
            Config::builder().with_user_agent(bad).build().is_err(),
            "{bad:?}"
        );
    }
}

#[test]
fn root_domain_must_be_a_bare_domain() {
    for bad in [
        "",
        "https://tencentcloudapi.com",
        "example.com/x",
        "a b.com",
    ] {
        let err = Config::builder().with_root_domain(bad).build().unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::InvalidSetting {
                    setting: "root_domain",
                    ..
                }
            ),
            "{bad:?}: {err:?}"
        );
    }
}

#[test]
fn regional_endpoint_needs_a_region() {
    assert!(
        Config::builder()
            .with_regional_endpoint(true)
            .build()
            .is_err()
    );
    Config::builder()
        .with_regional_endpoint(true)
        .with_region("ap-guangzhou")
        .build()
        .unwrap();
}

/// A proxy that answers every request itself, recording the request line.
async fn fake_proxy() -> support::TestServer {
    support::TestServer::start(support::Reply::json(200, support::SUCCESS)).await
}

#[tokio::test]
async fn proxy_variables_are_used_unless_no_proxy_is_set() {
    let _env = ENV_LOCK.lock().await;
    let proxy = fake_proxy().await;
    let server = fake_proxy().await;
    // Never resolved: only a proxy can answer for it.
    let remote = "http://scf.tencentcloudapi.invalid";
    // SAFETY: every test in this binary that touches the environment holds
    // ENV_LOCK, and nothing else here reads it. The variables are read when
    // a client is created.
    unsafe {
        std::env::set_var("HTTP_PROXY", proxy.endpoint());
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
    }
    let config = |endpoint: &str| {
        Config::builder()
            .with_credentials(support::credentials())
            .with_endpoint(endpoint)
            .with_retry(tencentcloud_runtime::RetryConfig::disabled())
    };
    let proxied = ServiceClient::new(&support::SCF, &config(remote).build().unwrap()).unwrap();
    let loopback =
        ServiceClient::new(&support::SCF, &config(&server.endpoint()).build().unwrap()).unwrap();
    let direct = ServiceClient::new(
        &support::SCF,
        &config(remote).with_no_proxy().build().unwrap(),
    )
    .unwrap();
    unsafe { std::env::remove_var("HTTP_PROXY") };

    support::call(&proxied).await.unwrap();
    let seen = proxy.received();
    assert_eq!(seen.len(), 1, "the proxy saw nothing");
    // A forward proxy receives the absolute URL of the target.
    assert_eq!(seen[0].path, format!("{remote}/"));

    // Loopback is reached directly, as Go's net/http does: a proxy could not reach it.
    support::call(&loopback).await.unwrap();
    assert_eq!(server.count(), 1);
    assert_eq!(proxy.count(), 1);

    // Without proxies, the unresolvable name fails on its own.
    assert!(support::call(&direct).await.is_err());
    assert_eq!(proxy.count(), 1);
}
