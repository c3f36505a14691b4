//! `ConfigBuilder` validation, defaults and `Config::from_env`.

use std::time::Duration;

use tencentcloud_runtime::{Config, ConfigError, Credentials, Language, ProvideCredentials};

/// Held by every test that changes the process environment.
static ENV_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn endpoint_error(endpoint: &str) -> String {
    match Config::builder().endpoint(endpoint).build() {
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
}

#[test]
fn builder_settings_are_kept() {
    let config = Config::builder()
        .credentials(Credentials::new("id", "key"))
        .region("ap-guangzhou")
        .endpoint("https://scf.ap-guangzhou.tencentcloudapi.com")
        .language(Language::ZhCn)
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
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

    let copy = config.to_builder().region("ap-shanghai").build().unwrap();
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
        let config = Config::builder().endpoint(given).build().unwrap();
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
        let err = Config::builder().region(region).build().unwrap_err();
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
