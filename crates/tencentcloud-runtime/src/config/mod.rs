//! Client configuration: credentials, region, endpoint, language, timeouts,
//! proxies, retries, rate limiting and the signature method.

use std::sync::Arc;
use std::time::Duration;

use crate::creds::{Credentials, SharedCredentialsProvider};
use crate::endpoint::{Endpoint, Route};
use crate::identity::REQUEST_CLIENT;
use crate::retry::{BackoffPolicy, RetryConfig, RetryPolicy};
use crate::time_source::SharedTimeSource;
use crate::transport::{HttpMethod, TransportSettings};

mod builder;
mod values;

pub use builder::ConfigBuilder;
pub use values::{ConfigError, Language, SignatureMethod};

/// Settings shared by every call of a [`ServiceClient`](crate::ServiceClient).
///
/// `Debug` does not print secrets.
///
/// ```
/// use std::time::Duration;
/// use tencentcloud_runtime::{Config, Credentials, Language};
///
/// let config = Config::builder()
///     .with_credentials(Credentials::new("AKIDexample", "example-key"))
///     .with_region("ap-guangzhou")
///     .with_language(Language::EnUs)
///     .with_timeout(Duration::from_secs(30))
///     .build()?;
/// assert_eq!(config.region(), Some("ap-guangzhou"));
/// assert_eq!(config.endpoint(), None);
/// # Ok::<(), tencentcloud_runtime::ConfigError>(())
/// ```
///
/// # Proxies
///
/// Like `curl`, the default transport reads `HTTPS_PROXY` (for `https`
/// endpoints), `HTTP_PROXY` (for `http` endpoints), `ALL_PROXY` and
/// `NO_PROXY` (hosts that bypass the proxy), in upper or lower case, when the
/// client is created. [`ConfigBuilder::with_no_proxy`] ignores them all.
#[derive(Debug, Clone)]
pub struct Config {
    credentials: Option<CredentialsSource>,
    region: Option<String>,
    endpoint: Option<Endpoint>,
    regional_endpoint: bool,
    root_domain: Option<String>,
    language: Option<Language>,
    timeout: Duration,
    connect_timeout: Duration,
    total_timeout: Option<Duration>,
    stream_idle_timeout: Duration,
    stream_max_line: usize,
    proxy_from_env: bool,
    request_client: String,
    user_agent: String,
    retry: RetryConfig,
    retry_policy: Option<Arc<dyn RetryPolicy>>,
    backoff: Option<Arc<dyn BackoffPolicy>>,
    qps_limiter: bool,
    signature_method: SignatureMethod,
    http_method: HttpMethod,
    strict_decoding: bool,
    time_source: SharedTimeSource,
}

/// Where a client's credentials come from.
#[derive(Debug, Clone)]
pub(crate) enum CredentialsSource {
    Static(Credentials),
    Provider(SharedCredentialsProvider),
}

impl Config {
    /// Default limit on each attempt, response body included.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
    /// Default limit on establishing a connection.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// Default longest wait for the next event of a stream.
    pub const DEFAULT_STREAM_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
    /// Default longest line of an event stream: 32 MiB, as the Go SDK.
    pub const DEFAULT_STREAM_MAX_LINE: usize = crate::sse::DEFAULT_MAX_LINE;
    /// Environment variable read by [`Config::from_env`] for the region.
    pub const ENV_REGION: &'static str = "TENCENTCLOUD_REGION";
    /// Environment variable read by [`Config::from_env`] for the endpoint
    /// override.
    pub const ENV_ENDPOINT: &'static str = "TENCENTCLOUD_ENDPOINT";

    /// A builder with no credentials, no region and default settings.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A builder holding these settings, to derive a changed configuration.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            credentials: self.credentials.clone(),
            region: self.region.clone(),
            endpoint: self.endpoint.as_ref().map(|e| e.url.clone()),
            regional_endpoint: self.regional_endpoint,
            root_domain: self.root_domain.clone(),
            language: self.language,
            timeout: Some(self.timeout),
            connect_timeout: Some(self.connect_timeout),
            total_timeout: self.total_timeout,
            stream_idle_timeout: Some(self.stream_idle_timeout),
            stream_max_line: Some(self.stream_max_line),
            proxy_from_env: self.proxy_from_env,
            request_client_suffix: self
                .request_client
                .strip_prefix(REQUEST_CLIENT)
                .and_then(|rest| rest.strip_prefix('/'))
                .map(str::to_owned),
            user_agent: Some(self.user_agent.clone()),
            retry: self.retry,
            retry_policy: self.retry_policy.clone(),
            backoff: self.backoff.clone(),
            qps_limiter: self.qps_limiter,
            signature_method: self.signature_method,
            http_method: self.http_method,
            strict_decoding: self.strict_decoding,
            time_source: Some(self.time_source.clone()),
        }
    }

    /// The static credentials, if they were set with
    /// [`ConfigBuilder::with_credentials`].
    pub fn credentials(&self) -> Option<&Credentials> {
        match &self.credentials {
            Some(CredentialsSource::Static(credentials)) => Some(credentials),
            _ => None,
        }
    }

    /// The credentials provider, if one was set with
    /// [`ConfigBuilder::with_credentials_provider`].
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        match &self.credentials {
            Some(CredentialsSource::Provider(provider)) => Some(provider),
            _ => None,
        }
    }

    pub(crate) fn credentials_source(&self) -> Option<&CredentialsSource> {
        self.credentials.as_ref()
    }

    /// The region sent as `X-TC-Region`, if any.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint override as a normalized URL, for example
    /// `"http://127.0.0.1:9000/"`, if one is set.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_ref().map(|e| e.url.as_str())
    }

    pub(crate) fn route(&self) -> Route<'_> {
        Route {
            endpoint: self.endpoint.as_ref(),
            region: self.region.as_deref(),
            regional: self.regional_endpoint,
            root_domain: self.root_domain.as_deref(),
        }
    }

    /// What the client's [`DefaultTransport`](crate::transport::DefaultTransport) is built
    /// from: these timeouts and proxy settings.
    pub fn transport_settings(&self) -> TransportSettings {
        let settings = TransportSettings::new(self.timeout, self.connect_timeout);
        if self.proxy_from_env {
            settings
        } else {
            settings.with_no_proxy()
        }
    }

    /// Whether services are reached at `<service>.<region>.<root domain>`.
    pub fn regional_endpoint(&self) -> bool {
        self.regional_endpoint
    }

    /// The custom root domain, if set.
    pub fn root_domain(&self) -> Option<&str> {
        self.root_domain.as_deref()
    }

    /// The language of service messages, if set.
    pub fn language(&self) -> Option<Language> {
        self.language
    }

    /// Limit on each attempt, from connecting to the last byte of the body.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Limit on establishing a connection.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// Limit on a whole call, every attempt and wait included, if set.
    pub fn total_timeout(&self) -> Option<Duration> {
        self.total_timeout
    }

    /// Longest wait for the next event of a stream.
    pub fn stream_idle_timeout(&self) -> Duration {
        self.stream_idle_timeout
    }

    /// Longest line of an event stream, in bytes.
    pub fn stream_max_line(&self) -> usize {
        self.stream_max_line
    }

    /// Whether the default transport reads proxies from the environment.
    pub fn proxy_from_env(&self) -> bool {
        self.proxy_from_env
    }

    /// The `X-TC-RequestClient` value, for example `"SDK_RUST_0.1.0"` or
    /// `"SDK_RUST_0.1.0/my-app"`.
    pub fn request_client(&self) -> &str {
        &self.request_client
    }

    /// The `User-Agent` value.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    /// The retry policy.
    pub(crate) fn retry_policy(&self) -> Option<&dyn RetryPolicy> {
        self.retry_policy.as_deref()
    }

    pub(crate) fn backoff(&self) -> Option<&dyn BackoffPolicy> {
        self.backoff.as_deref()
    }

    /// The retry rules and backoff.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// Whether the client-side QPS limiter is on.
    pub fn qps_limiter(&self) -> bool {
        self.qps_limiter
    }

    /// How requests are signed.
    pub fn signature_method(&self) -> SignatureMethod {
        self.signature_method
    }

    /// The HTTP method of requests.
    pub fn http_method(&self) -> HttpMethod {
        self.http_method
    }

    /// Whether a response member of an unexpected type fails the call, rather than
    /// being converted when the conversion is unambiguous; see
    /// [`ConfigBuilder::with_strict_decoding`].
    pub fn strict_decoding(&self) -> bool {
        self.strict_decoding
    }

    /// The clock requests are timestamped and signed with.
    pub(crate) fn time_source(&self) -> &SharedTimeSource {
        &self.time_source
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_endpoint_without_a_region_is_rejected() {
        let err = Config::builder()
            .with_regional_endpoint(true)
            .build()
            .unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::InvalidSetting {
                    setting: "regional_endpoint",
                    ..
                }
            ),
            "{err:?}"
        );
    }
}
