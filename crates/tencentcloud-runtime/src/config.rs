//! Client configuration: credentials, region, endpoint override, language and
//! timeouts.

use std::time::Duration;

use url::Url;

use crate::credentials::{Credentials, CredentialsError};

/// Settings shared by every call of a [`ServiceClient`](crate::ServiceClient).
///
/// `Debug` does not print secrets.
///
/// ```
/// use std::time::Duration;
/// use tencentcloud_runtime::{Config, Credentials, Language};
///
/// let config = Config::builder()
///     .credentials(Credentials::new("AKIDexample", "example-key"))
///     .region("ap-guangzhou")
///     .language(Language::EnUs)
///     .timeout(Duration::from_secs(30))
///     .build()?;
/// assert_eq!(config.region(), Some("ap-guangzhou"));
/// assert_eq!(config.endpoint(), None);
/// # Ok::<(), tencentcloud_runtime::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    credentials: Option<Credentials>,
    region: Option<String>,
    endpoint: Option<Endpoint>,
    language: Option<Language>,
    timeout: Duration,
    connect_timeout: Duration,
}

impl Config {
    /// Default limit on the whole of one request, response body included.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
    /// Default limit on establishing a connection.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// Environment variable read by [`Config::from_env`] for the region.
    pub const ENV_REGION: &'static str = "TENCENTCLOUD_REGION";
    /// Environment variable read by [`Config::from_env`] for the endpoint
    /// override.
    pub const ENV_ENDPOINT: &'static str = "TENCENTCLOUD_ENDPOINT";

    /// A builder with no credentials, no region and default timeouts.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Credentials from [`Credentials::from_env`], the region from
    /// `TENCENTCLOUD_REGION` and the endpoint override from
    /// `TENCENTCLOUD_ENDPOINT`; the last two are optional, and empty counts as
    /// unset.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Credentials`] if the credentials variables are missing,
    /// and the errors of [`ConfigBuilder::build`] for the other two.
    ///
    /// ```no_run
    /// let config = tencentcloud_runtime::Config::from_env()?;
    /// # Ok::<(), tencentcloud_runtime::ConfigError>(())
    /// ```
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    pub(crate) fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let read = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let mut builder = Config::builder().credentials(Credentials::from_lookup(&lookup)?);
        if let Some(region) = read(Self::ENV_REGION) {
            builder = builder.region(region);
        }
        if let Some(endpoint) = read(Self::ENV_ENDPOINT) {
            builder = builder.endpoint(endpoint);
        }
        builder.build()
    }

    /// A builder holding these settings, to derive a changed configuration.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            credentials: self.credentials.clone(),
            region: self.region.clone(),
            endpoint: self.endpoint.as_ref().map(|e| e.url.clone()),
            language: self.language,
            timeout: Some(self.timeout),
            connect_timeout: Some(self.connect_timeout),
        }
    }

    /// The credentials, if any.
    pub fn credentials(&self) -> Option<&Credentials> {
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

    pub(crate) fn endpoint_parts(&self) -> Option<&Endpoint> {
        self.endpoint.as_ref()
    }

    /// The language of service messages, if set.
    pub fn language(&self) -> Option<Language> {
        self.language
    }

    /// Limit on the whole of one request.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Limit on establishing a connection.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }
}

/// Builds a [`Config`]; [`build`](Self::build) validates it.
#[derive(Debug, Clone, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ConfigBuilder {
    credentials: Option<Credentials>,
    region: Option<String>,
    endpoint: Option<String>,
    language: Option<Language>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
}

impl ConfigBuilder {
    /// Credentials to sign requests with. Without them, every call fails with
    /// [`Error::Credentials`](crate::Error::Credentials) before sending.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The region, for example `"ap-guangzhou"`, sent as `X-TC-Region`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Replaces the service's default endpoint with a full URL, for example
    /// `"https://scf.ap-guangzhou.tencentcloudapi.com"` or
    /// `"http://127.0.0.1:9000"`.
    ///
    /// The scheme must be `http` or `https` and a host must be present; user
    /// info, a path other than `/`, a query and a fragment are rejected by
    /// [`build`](Self::build). Requests go to `/` on that host and port.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The language of service messages, sent as `X-TC-Language`.
    pub fn language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    /// Limit on the whole of one request, response body included; default
    /// [`Config::DEFAULT_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Limit on establishing a connection; default
    /// [`Config::DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Validates the endpoint and region and builds the configuration.
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidEndpoint`] and [`ConfigError::InvalidRegion`].
    ///
    /// ```
    /// use tencentcloud_runtime::{Config, ConfigError};
    ///
    /// let err = Config::builder().endpoint("ftp://example.com").build().unwrap_err();
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
        Ok(Config {
            credentials: self.credentials,
            region,
            endpoint,
            language: self.language,
            timeout: self.timeout.unwrap_or(Config::DEFAULT_TIMEOUT),
            connect_timeout: self
                .connect_timeout
                .unwrap_or(Config::DEFAULT_CONNECT_TIMEOUT),
        })
    }
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
    /// Credentials could not be loaded.
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// The HTTP client could not be created, for example because the TLS
    /// backend failed to initialise.
    #[error("could not create the HTTP client")]
    HttpClient(#[source] Box<dyn std::error::Error + Send + Sync>),
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

/// A validated endpoint override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// Normalized URL, kept for display and [`Config::to_builder`].
    url: String,
    /// `"http"` or `"https"`.
    pub(crate) scheme: &'static str,
    /// `host[:port]`, the port only when not the scheme's default: what the
    /// HTTP client sends as `Host`, and therefore what must be signed.
    pub(crate) authority: String,
}

impl Endpoint {
    /// The default endpoint of a service: HTTPS to a bare host name.
    pub(crate) fn from_host(host: &str) -> Result<Self, ConfigError> {
        Self::parse(&format!("https://{host}"))
    }

    fn parse(raw: &str) -> Result<Self, ConfigError> {
        let invalid = |reason: String| ConfigError::InvalidEndpoint {
            endpoint: mask_userinfo(raw),
            reason,
        };
        let url = match Url::parse(raw) {
            Ok(url) => url,
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                return Err(invalid(format!(
                    "not an absolute URL; include the scheme, for example \"https://{}\"",
                    mask_userinfo(raw)
                )));
            }
            Err(e) => return Err(invalid(e.to_string())),
        };
        let scheme = match url.scheme() {
            "https" => "https",
            "http" => "http",
            other => {
                return Err(invalid(format!(
                    "the scheme must be http or https, not {other:?}"
                )));
            }
        };
        let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
            return Err(invalid("no host".to_owned()));
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("user info in the URL is not supported".to_owned()));
        }
        if url.path() != "/" {
            return Err(invalid(format!(
                "requests always go to \"/\", so the path {:?} is not supported",
                url.path()
            )));
        }
        if url.query().is_some() {
            return Err(invalid("a query is not supported".to_owned()));
        }
        if url.fragment().is_some() {
            return Err(invalid("a fragment is not supported".to_owned()));
        }
        let authority = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        Ok(Self {
            url: format!("{scheme}://{authority}/"),
            scheme,
            authority,
        })
    }
}

/// Hides `user:password@` so that a rejected endpoint can be echoed safely.
fn mask_userinfo(raw: &str) -> String {
    let start = raw.find("://").map_or(0, |i| i + 3);
    let authority_len = raw[start..]
        .find(['/', '?', '#'])
        .unwrap_or(raw.len() - start);
    match raw[start..start + authority_len].rfind('@') {
        Some(at) => format!("{}***{}", &raw[..start], &raw[start + at..]),
        None => raw.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(raw: &str) -> Result<Endpoint, String> {
        Endpoint::parse(raw).map_err(|e| e.to_string())
    }

    #[test]
    fn endpoint_authority_omits_default_ports() {
        let e = endpoint("https://scf.ap-guangzhou.tencentcloudapi.com:443").unwrap();
        assert_eq!(e.authority, "scf.ap-guangzhou.tencentcloudapi.com");
        assert_eq!(e.url, "https://scf.ap-guangzhou.tencentcloudapi.com/");
        let e = endpoint("http://127.0.0.1:9000/").unwrap();
        assert_eq!((e.scheme, e.authority.as_str()), ("http", "127.0.0.1:9000"));
        let e = endpoint("http://[::1]:8080").unwrap();
        assert_eq!(e.authority, "[::1]:8080");
    }

    #[test]
    fn endpoint_host_is_lowercased_as_the_http_client_sends_it() {
        assert_eq!(
            endpoint("https://SCF.Example.COM").unwrap().authority,
            "scf.example.com"
        );
    }

    #[test]
    fn bare_host_gets_a_hint() {
        let err = endpoint("scf.tencentcloudapi.com").unwrap_err();
        assert!(err.contains("https://scf.tencentcloudapi.com"), "{err}");
    }

    #[test]
    fn userinfo_is_masked_in_errors() {
        let err = endpoint("https://user:hunter2@example.com").unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
        let err = endpoint("user:hunter2@example.com").unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn mask_userinfo_leaves_paths_alone() {
        assert_eq!(mask_userinfo("https://a/b@c"), "https://a/b@c");
        assert_eq!(mask_userinfo("https://u:p@h/x"), "https://***@h/x");
    }

    #[test]
    fn from_lookup_reads_region_and_endpoint() {
        let vars = [
            ("TENCENTCLOUD_SECRET_ID", "id"),
            ("TENCENTCLOUD_SECRET_KEY", "key"),
            ("TENCENTCLOUD_REGION", "ap-shanghai"),
            ("TENCENTCLOUD_ENDPOINT", "http://localhost:1234"),
        ];
        let config = Config::from_lookup(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
        .unwrap();
        assert_eq!(config.region(), Some("ap-shanghai"));
        assert_eq!(config.endpoint(), Some("http://localhost:1234/"));
        assert_eq!(config.credentials().unwrap().secret_id(), "id");
    }

    #[test]
    fn from_lookup_without_credentials_fails() {
        let err = Config::from_lookup(|_| None).unwrap_err();
        assert!(matches!(err, ConfigError::Credentials(_)));
    }
}
