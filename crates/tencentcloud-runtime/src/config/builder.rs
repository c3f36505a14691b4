//! [`ConfigBuilder`]: the settings of a [`Config`], validated by `build`.

use std::sync::Arc;
use std::time::Duration;

use super::{Config, ConfigError, CredentialsSource, Language, SignatureMethod};
use crate::creds::{Credentials, ProvideCredentials, SharedCredentialsProvider};
use crate::endpoint::{Endpoint, validate_root_domain};
use crate::identity::{REQUEST_CLIENT, USER_AGENT};
use crate::retry::{BackoffPolicy, RetryConfig, RetryPolicy};
use crate::time_source::{SharedTimeSource, TimeSource};
use crate::transport::HttpMethod;

/// Builds a [`Config`]; [`build`](Self::build) validates it.
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ConfigBuilder {
    pub(super) credentials: Option<CredentialsSource>,
    pub(super) region: Option<String>,
    pub(super) endpoint: Option<String>,
    pub(super) regional_endpoint: bool,
    pub(super) root_domain: Option<String>,
    pub(super) language: Option<Language>,
    pub(super) timeout: Option<Duration>,
    pub(super) connect_timeout: Option<Duration>,
    pub(super) total_timeout: Option<Duration>,
    pub(super) stream_idle_timeout: Option<Duration>,
    pub(super) stream_max_line: Option<usize>,
    pub(super) proxy_from_env: bool,
    pub(super) request_client_suffix: Option<String>,
    pub(super) user_agent: Option<String>,
    pub(super) retry: RetryConfig,
    pub(super) retry_policy: Option<Arc<dyn RetryPolicy>>,
    pub(super) backoff: Option<Arc<dyn BackoffPolicy>>,
    pub(super) qps_limiter: bool,
    pub(super) signature_method: SignatureMethod,
    pub(super) http_method: HttpMethod,
    pub(super) strict_decoding: bool,
    pub(super) time_source: Option<SharedTimeSource>,
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
            stream_idle_timeout: None,
            stream_max_line: None,
            proxy_from_env: true,
            request_client_suffix: None,
            user_agent: None,
            retry: RetryConfig::default(),
            retry_policy: None,
            backoff: None,
            qps_limiter: false,
            signature_method: SignatureMethod::default(),
            http_method: HttpMethod::Post,
            strict_decoding: false,
            time_source: None,
        }
    }
}

impl ConfigBuilder {
    /// Static credentials to sign requests with; replaces any
    /// [`with_credentials_provider`](Self::with_credentials_provider). Without
    /// credentials, every call fails with
    /// [`Error::Credentials`](crate::Error::Credentials) before sending.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialsSource::Static(credentials));
        self
    }

    /// A provider asked for credentials before every attempt, so that
    /// refreshed temporary credentials are used as soon as it has them;
    /// replaces any static [`with_credentials`](Self::with_credentials).
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
    /// [`with_regional_endpoint`](Self::with_regional_endpoint) and
    /// [`with_root_domain`](Self::with_root_domain).
    ///
    /// The scheme must be `http` or `https` and a host must be present; user
    /// info, a path other than `/`, a query and a fragment are rejected by
    /// [`build`](Self::build). Requests go to `/` on that host and port.
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Sends to the regional host `<service>.<region>.tencentcloudapi.com`
    /// (or under the [`with_root_domain`](Self::with_root_domain)) instead of the
    /// service's default host, which routes to the nearest region. Needs a
    /// [`with_region`](Self::with_region).
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
    /// any wait for the [QPS limiter](Self::with_qps_limiter). No retry starts that
    /// could not finish its wait in time. Unlimited by default, which leaves
    /// the per-attempt [`timeout`](Self::with_timeout) and the number of attempts
    /// as the bound.
    pub fn with_total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// Longest wait for the next event of a streaming call (`<action>_stream`); default
    /// [`Config::DEFAULT_STREAM_IDLE_TIMEOUT`]. A stream that stays silent longer
    /// ends with a timeout. Neither [`with_timeout`](Self::with_timeout) nor
    /// [`with_total_timeout`](Self::with_total_timeout) cuts a stream once its first
    /// byte has arrived: a healthy stream may last as long as it needs.
    pub fn with_stream_idle_timeout(mut self, timeout: Duration) -> Self {
        self.stream_idle_timeout = Some(timeout);
        self
    }

    /// Longest line of an event stream, in bytes; default
    /// [`Config::DEFAULT_STREAM_MAX_LINE`]. A longer line ends the stream with an
    /// error rather than growing memory without bound.
    pub fn with_stream_max_line(mut self, bytes: usize) -> Self {
        self.stream_max_line = Some(bytes);
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

    /// Fails a call whose response has a member of an unexpected type (off by default).
    ///
    /// Services sometimes answer differently from their published description. By
    /// default, a response member is converted, and a `tracing` warning names it, when
    /// the conversion is unambiguous: `null` becomes the member's default (or `None`),
    /// a number becomes its decimal text where a string is expected, a numeric string
    /// (`"1"`) or an integral float (`1.0`) becomes an integer, and `0`, `1`, `"true"`
    /// and `"false"` become booleans; a number becomes the text of the envelope's
    /// `RequestId`, `Error.Code` or `Error.Message`. Anything else (`2.14E-4` or `"abc"`
    /// for an integer, `5` for a list, `{}` for a string, `2` for a boolean) is lossy:
    /// that member takes its default (`None`, `0`, `""`, an empty list) and the warning
    /// says `lossy`; the rest of the answer is kept. When decoding is strict, every
    /// mismatch fails the call with [`Error::Response`](crate::Error::Response). Members
    /// the type does not know are ignored either way.
    ///
    /// ```
    /// use tencentcloud_runtime::Config;
    ///
    /// let config = Config::builder().with_strict_decoding(true).build()?;
    /// assert!(config.strict_decoding());
    /// # Ok::<(), tencentcloud_runtime::ConfigError>(())
    /// ```
    pub fn with_strict_decoding(mut self, strict: bool) -> Self {
        self.strict_decoding = strict;
        self
    }

    /// The clock that request timestamps, and so signatures and their credential scope
    /// dates, are read from: the system's wall clock unless set. A
    /// [`StaticTimeSource`](crate::StaticTimeSource) makes a request reproducible, for
    /// example to compare it with one recorded on another day. Timeouts, backoff and the
    /// QPS limiter keep the monotonic clock.
    ///
    /// ```
    /// use tencentcloud_runtime::{Config, StaticTimeSource};
    ///
    /// let config = Config::builder()
    ///     .with_time_source(StaticTimeSource::from_unix_seconds(1_551_113_065))
    ///     .build()?;
    /// # Ok::<(), tencentcloud_runtime::ConfigError>(())
    /// ```
    pub fn with_time_source(mut self, source: impl TimeSource) -> Self {
        self.time_source = Some(SharedTimeSource::new(source));
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
            stream_idle_timeout: self
                .stream_idle_timeout
                .unwrap_or(Config::DEFAULT_STREAM_IDLE_TIMEOUT),
            stream_max_line: self
                .stream_max_line
                .unwrap_or(Config::DEFAULT_STREAM_MAX_LINE),
            proxy_from_env: self.proxy_from_env,
            request_client,
            user_agent,
            retry: self.retry,
            retry_policy: self.retry_policy.clone(),
            backoff: self.backoff.clone(),
            qps_limiter: self.qps_limiter,
            signature_method: self.signature_method,
            http_method: self.http_method,
            strict_decoding: self.strict_decoding,
            time_source: self.time_source.unwrap_or_default(),
        })
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
