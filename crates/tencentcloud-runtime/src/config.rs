//! Client configuration: credentials, region, endpoint, language, timeouts,
//! proxies, retries, rate limiting and the signature method.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::creds::{Credentials, CredentialsError, ProvideCredentials, SharedCredentialsProvider};
use crate::endpoint::{Endpoint, EndpointError, Route, validate_root_domain};
use crate::identity::{REQUEST_CLIENT, USER_AGENT};
use crate::retry::{BackoffPolicy, RetryConfig, RetryPolicy};
use crate::signing::V1Algorithm;
use crate::transport::{HttpMethod, TransportSettings};

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
/// client is created. [`ConfigBuilder::no_proxy`] ignores them all.
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
    proxy_from_env: bool,
    request_client: String,
    user_agent: String,
    retry: RetryConfig,
    retry_policy: Option<Arc<dyn RetryPolicy>>,
    backoff: Option<Arc<dyn BackoffPolicy>>,
    qps_limiter: bool,
    signature_method: SignatureMethod,
    http_method: HttpMethod,
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
        }
    }

    /// The static credentials, if they were set with
    /// [`ConfigBuilder::credentials`].
    pub fn credentials(&self) -> Option<&Credentials> {
        match &self.credentials {
            Some(CredentialsSource::Static(credentials)) => Some(credentials),
            _ => None,
        }
    }

    /// The credentials provider, if one was set with
    /// [`ConfigBuilder::credentials_provider`].
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
}

/// Builds a [`Config`]; [`build`](Self::build) validates it.
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ConfigBuilder {
    credentials: Option<CredentialsSource>,
    region: Option<String>,
    endpoint: Option<String>,
    regional_endpoint: bool,
    root_domain: Option<String>,
    language: Option<Language>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    proxy_from_env: bool,
    request_client_suffix: Option<String>,
    user_agent: Option<String>,
    retry: RetryConfig,
    retry_policy: Option<Arc<dyn RetryPolicy>>,
    backoff: Option<Arc<dyn BackoffPolicy>>,
    qps_limiter: bool,
    signature_method: SignatureMethod,
    http_method: HttpMethod,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        Self {
            credentials: None,
            region: None,
            endpoint: None,
            regional_endpoint: false,
            root_domain: None,
            language: None,
            timeout: None,
            connect_timeout: None,
            total_timeout: None,
            proxy_from_env: true,
            request_client_suffix: None,
            user_agent: None,
            retry: RetryConfig::default(),
            retry_policy: None,
            backoff: None,
            qps_limiter: false,
            signature_method: SignatureMethod::default(),
            http_method: HttpMethod::Post,
        }
    }
}

impl ConfigBuilder {
    /// Static credentials to sign requests with; replaces any
    /// [`credentials_provider`](Self::credentials_provider). Without
    /// credentials, every call fails with
    /// [`Error::Credentials`](crate::Error::Credentials) before sending.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialsSource::Static(credentials));
        self
    }

    /// A provider asked for credentials before every attempt, so that
    /// refreshed temporary credentials are used as soon as it has them;
    /// replaces any static [`credentials`](Self::credentials).
    ///
    /// ```
    /// use tencentcloud_runtime::{Config, Credentials};
    ///
    /// // Anything that implements `ProvideCredentials`, such as a chain or a
    /// // role provider; static credentials are one too.
    /// let config = Config::builder()
    ///     .with_credentials_provider(Credentials::new("AKIDexample", "example-key"))
    ///     .build()?;
    /// assert!(config.credentials_provider().is_some());
    /// # Ok::<(), tencentcloud_runtime::ConfigError>(())
    /// ```
    pub fn with_credentials_provider(mut self, provider: impl ProvideCredentials) -> Self {
        self.credentials = Some(CredentialsSource::Provider(SharedCredentialsProvider::new(
            provider,
        )));
        self
    }

    /// The region, for example `"ap-guangzhou"`, sent as `X-TC-Region`.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Replaces the service's endpoint with a full URL, for example
    /// `"https://scf.ap-guangzhou.tencentcloudapi.com"` or
    /// `"http://127.0.0.1:9000"`. Takes precedence over
    /// [`regional_endpoint`](Self::regional_endpoint) and
    /// [`root_domain`](Self::root_domain).
    ///
    /// The scheme must be `http` or `https` and a host must be present; user
    /// info, a path other than `/`, a query and a fragment are rejected by
    /// [`build`](Self::build). Requests go to `/` on that host and port.
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Sends to the regional host `<service>.<region>.tencentcloudapi.com`
    /// (or under the [`root_domain`](Self::root_domain)) instead of the
    /// service's default host, which routes to the nearest region. Needs a
    /// [`region`](Self::region).
    ///
    /// ```
    /// # use tencentcloud_runtime::{Config, ServiceClient, ServiceMeta};
    /// # static SCF: ServiceMeta = ServiceMeta { name: "scf", version: "2018-04-16", endpoint: "scf.tencentcloudapi.com" };
    /// let config = Config::builder().with_region("ap-shanghai").with_regional_endpoint(true).build()?;
    /// let client = ServiceClient::new(&SCF, &config)?;
    /// assert_eq!(client.endpoint(), "https://scf.ap-shanghai.tencentcloudapi.com/");
    /// # Ok::<(), tencentcloud_runtime::ConfigError>(())
    /// ```
    pub fn with_regional_endpoint(mut self, regional: bool) -> Self {
        self.regional_endpoint = regional;
        self
    }

    /// Replaces `tencentcloudapi.com` in service hosts, for example with
    /// `"tencentcloudapi.woa.com"` for `scf.tencentcloudapi.woa.com`. A bare
    /// domain name, not a URL; requests use HTTPS.
    ///
    /// ```
    /// # use tencentcloud_runtime::{Config, ServiceClient, ServiceMeta};
    /// # static SCF: ServiceMeta = ServiceMeta { name: "scf", version: "2018-04-16", endpoint: "scf.tencentcloudapi.com" };
    /// let config = Config::builder().with_root_domain("tencentcloudapi.woa.com").build()?;
    /// let client = ServiceClient::new(&SCF, &config)?;
    /// assert_eq!(client.endpoint(), "https://scf.tencentcloudapi.woa.com/");
    /// # Ok::<(), tencentcloud_runtime::ConfigError>(())
    /// ```
    pub fn with_root_domain(mut self, root_domain: impl Into<String>) -> Self {
        self.root_domain = Some(root_domain.into());
        self
    }

    /// The language of service messages, sent as `X-TC-Language`.
    pub fn with_language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    /// Limit on each attempt, from connecting to the last byte of the body;
    /// default [`Config::DEFAULT_TIMEOUT`].
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Limit on establishing a connection; default
    /// [`Config::DEFAULT_CONNECT_TIMEOUT`].
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Limit on a whole call: every attempt, every wait between attempts and
    /// any wait for the [QPS limiter](Self::qps_limiter). No retry starts that
    /// could not finish its wait in time. Unlimited by default, which leaves
    /// the per-attempt [`timeout`](Self::timeout) and the number of attempts
    /// as the bound.
    pub fn with_total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// Ignores the proxy environment variables (`HTTPS_PROXY`, `HTTP_PROXY`,
    /// `ALL_PROXY`, `NO_PROXY`) and connects directly.
    pub fn with_no_proxy(mut self) -> Self {
        self.proxy_from_env = false;
        self
    }

    /// Identifies your application to Tencent Cloud: `X-TC-RequestClient`
    /// becomes `SDK_RUST_<version>/<suffix>`. At most 128 characters of
    /// `A-Z a-z 0-9 - _ , ; .`, the official SDKs' limits.
    pub fn with_request_client(mut self, suffix: impl Into<String>) -> Self {
        self.request_client_suffix = Some(suffix.into());
        self
    }

    /// Replaces the `User-Agent`, by default
    /// `tencentcloud-sdk-rust/<version>`. Printable ASCII only.
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The retry rules and backoff; [`RetryConfig::default`] unless set.
    pub fn with_retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// A retry policy of your own, in place of [`RetryConfig`]'s rules.
    pub fn with_retry_policy(mut self, policy: impl RetryPolicy) -> Self {
        self.retry_policy = Some(Arc::new(policy));
        self
    }

    /// A backoff policy of your own, in place of [`RetryConfig`]'s.
    pub fn with_backoff(mut self, backoff: impl BackoffPolicy) -> Self {
        self.backoff = Some(Arc::new(backoff));
        self
    }

    /// Turns on the client-side QPS limiter (off by default): calls of an
    /// action with a documented limit ([`ActionMeta::qps_limit`](crate::ActionMeta::qps_limit))
    /// wait rather than exceed it. The limit is kept per client and shared
    /// by its clones; separate clients, or processes, each have their own.
    pub fn with_qps_limiter(mut self, enabled: bool) -> Self {
        self.qps_limiter = enabled;
        self
    }

    /// How requests are signed; [`SignatureMethod::Tc3HmacSha256`] by
    /// default.
    pub fn with_signature_method(mut self, method: SignatureMethod) -> Self {
        self.signature_method = method;
        self
    }

    /// The HTTP method; `POST` by default. With `GET`, the request's members
    /// travel flattened in the query string (`Filters.0.Name=...`), which
    /// limits the request's size.
    pub fn with_http_method(mut self, method: HttpMethod) -> Self {
        self.http_method = method;
        self
    }

    /// Validates the settings and builds the configuration.
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidEndpoint`], [`ConfigError::InvalidRegion`] and
    /// [`ConfigError::InvalidSetting`].
    ///
    /// ```
    /// use tencentcloud_runtime::{Config, ConfigError};
    ///
    /// let err = Config::builder().with_endpoint("ftp://example.com").build().unwrap_err();
    /// assert!(matches!(err, ConfigError::InvalidEndpoint { .. }));
    /// ```
    pub fn build(self) -> Result<Config, ConfigError> {
        let region = match self.region {
            Some(region) => Some(validate_region(region)?),
            None => None,
        };
        let endpoint = match self.endpoint {
            Some(raw) => Some(Endpoint::parse(&raw)?),
            None => None,
        };
        let root_domain = match self.root_domain {
            Some(root) => {
                Some(
                    validate_root_domain(&root).map_err(|e| ConfigError::InvalidSetting {
                        setting: "root_domain",
                        reason: format!("{:?}: {}", e.endpoint, e.reason),
                    })?,
                )
            }
            None => None,
        };
        if self.regional_endpoint && region.is_none() && endpoint.is_none() {
            return Err(ConfigError::InvalidSetting {
                setting: "regional_endpoint",
                reason: "a regional endpoint needs a region".to_owned(),
            });
        }
        let request_client = match self.request_client_suffix {
            Some(suffix) => {
                validate_request_client(&suffix)?;
                format!("{REQUEST_CLIENT}/{suffix}")
            }
            None => REQUEST_CLIENT.to_owned(),
        };
        let user_agent = match self.user_agent {
            Some(user_agent) => {
                validate_header_text("user_agent", &user_agent)?;
                user_agent
            }
            None => USER_AGENT.to_owned(),
        };
        Ok(Config {
            credentials: self.credentials,
            region,
            endpoint,
            regional_endpoint: self.regional_endpoint,
            root_domain,
            language: self.language,
            timeout: self.timeout.unwrap_or(Config::DEFAULT_TIMEOUT),
            connect_timeout: self
                .connect_timeout
                .unwrap_or(Config::DEFAULT_CONNECT_TIMEOUT),
            total_timeout: self.total_timeout,
            proxy_from_env: self.proxy_from_env,
            request_client,
            user_agent,
            retry: self.retry,
            retry_policy: self.retry_policy.clone(),
            backoff: self.backoff.clone(),
            qps_limiter: self.qps_limiter,
            signature_method: self.signature_method,
            http_method: self.http_method,
        })
    }
}

/// How requests are signed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureMethod {
    /// `TC3-HMAC-SHA256` (signature v3): what every current API expects.
    #[default]
    Tc3HmacSha256,
    /// `HmacSHA256` (legacy signature v1), with form-encoded parameters.
    HmacSha256,
    /// `HmacSHA1` (legacy signature v1), with form-encoded parameters.
    HmacSha1,
}

impl SignatureMethod {
    /// The name the API uses, for example `"TC3-HMAC-SHA256"` or
    /// `"HmacSHA1"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tc3HmacSha256 => crate::signing::ALGORITHM,
            Self::HmacSha256 => "HmacSHA256",
            Self::HmacSha1 => "HmacSHA1",
        }
    }

    /// The v1 HMAC, for the legacy methods.
    pub(crate) fn v1_algorithm(self) -> Option<V1Algorithm> {
        match self {
            Self::Tc3HmacSha256 => None,
            Self::HmacSha256 => Some(V1Algorithm::HmacSha256),
            Self::HmacSha1 => Some(V1Algorithm::HmacSha1),
        }
    }
}

impl fmt::Display for SignatureMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The official SDKs' rule for their `request_client` setting.
fn validate_request_client(suffix: &str) -> Result<(), ConfigError> {
    let reason = if suffix.is_empty() {
        "it is empty"
    } else if suffix.len() > 128 {
        "it is longer than 128 characters"
    } else if !suffix
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_,;.".contains(&b))
    {
        "only A-Z, a-z, 0-9 and - _ , ; . are allowed"
    } else {
        return Ok(());
    };
    Err(ConfigError::InvalidSetting {
        setting: "request_client",
        reason: reason.to_owned(),
    })
}

/// Printable ASCII, spaces allowed: the value goes into a header.
fn validate_header_text(setting: &'static str, value: &str) -> Result<(), ConfigError> {
    let reason = if value.is_empty() {
        "it is empty"
    } else if !value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        "it contains control or non-ASCII characters"
    } else {
        return Ok(());
    };
    Err(ConfigError::InvalidSetting {
        setting,
        reason: reason.to_owned(),
    })
}

/// Language of the messages in service responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Language {
    /// Simplified Chinese, `zh-CN`.
    ZhCn,
    /// English, `en-US`.
    EnUs,
}

impl Language {
    /// The `X-TC-Language` header value.
    ///
    /// ```
    /// assert_eq!(tencentcloud_runtime::Language::EnUs.as_str(), "en-US");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::EnUs => "en-US",
        }
    }
}

/// A configuration is invalid, or the HTTP client could not be created.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The endpoint override is not an `http`/`https` URL of a host.
    #[error("invalid endpoint {endpoint:?}: {reason}")]
    #[non_exhaustive]
    InvalidEndpoint {
        /// The endpoint as given, with any user info masked.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The region is empty or cannot be sent in a header.
    #[error("invalid region {region:?}: {reason}")]
    #[non_exhaustive]
    InvalidRegion {
        /// The region as given.
        region: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A setting is unusable, for example a root domain that is a URL.
    #[error("invalid {setting}: {reason}")]
    #[non_exhaustive]
    InvalidSetting {
        /// The builder method, for example `"root_domain"`.
        setting: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Credentials could not be loaded.
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// The HTTP client could not be created, for example because the TLS
    /// backend failed to initialise.
    #[error("could not create the HTTP client")]
    HttpClient(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl From<EndpointError> for ConfigError {
    fn from(e: EndpointError) -> Self {
        Self::InvalidEndpoint {
            endpoint: e.endpoint,
            reason: e.reason,
        }
    }
}

fn validate_region(region: String) -> Result<String, ConfigError> {
    let reason = if region.is_empty() {
        "it is empty"
    } else if !region.bytes().all(|b| b.is_ascii_graphic()) {
        "it contains whitespace or non-ASCII characters"
    } else {
        return Ok(region);
    };
    Err(ConfigError::InvalidRegion { region, reason })
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
