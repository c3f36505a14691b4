//! Temporary credentials from STS `AssumeRole`.

use std::fmt;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use super::{DEFAULT_DURATION, DEFAULT_REGION, STS, StsErrorCode};
use crate::client::ServiceClient;
use crate::config::Config;
use crate::creds::fetch::{LazyTransport, SecretJson, SharedTransport};
use crate::creds::{
    CachedProvider, Credentials, CredentialsError, ProvideCredentials, SharedCredentialsProvider,
};
use crate::future::BoxFuture;
use crate::service::ActionMeta;

const NAME: &str = "STS AssumeRole";

static ASSUME_ROLE: ActionMeta = ActionMeta {
    name: "AssumeRole",
    qps_limit: None,
    // Asking twice only issues a second set of credentials.
    idempotent: true,
};

/// Assumes a CAM role with STS `AssumeRole`, signing the call with
/// credentials from another provider, and caches the temporary credentials
/// as [`CachedProvider`] does.
///
/// The call goes through the same client as every other API call, so it is
/// signed and sent identically. STS failures (for example
/// `AuthFailure.SignatureFailure` or an unknown role) are
/// [`CredentialsError::FetchFailed`] with the code, message and request id.
///
/// ```
/// use std::time::Duration;
/// use tencentcloud_runtime::Credentials;
/// use tencentcloud_runtime::credentials::AssumeRoleProvider;
///
/// let provider = AssumeRoleProvider::new(
///     Credentials::new("AKIDexample", "example-key"),
///     "qcs::cam::uin/100000000001:roleName/deployer",
/// )
/// .with_role_session_name("nightly-deploy")
/// .with_duration(Duration::from_secs(3600))
/// .with_region("ap-shanghai");
/// # drop(provider);
/// ```
#[derive(Debug)]
pub struct AssumeRoleProvider {
    cache: CachedProvider<AssumeRoleFetcher>,
}

impl AssumeRoleProvider {
    /// The name this provider gives in errors.
    pub const NAME: &'static str = NAME;

    /// Assumes `role_arn` (for example
    /// `"qcs::cam::uin/100000000001:roleName/deployer"`) with credentials from
    /// `source`, for 2 hours, in region `ap-guangzhou`, with session name
    /// `tencentcloud-rust-sdk-<unix time>`.
    pub fn new(source: impl ProvideCredentials, role_arn: impl Into<String>) -> Self {
        Self {
            cache: CachedProvider::new(AssumeRoleFetcher {
                source: SharedCredentialsProvider::new(source),
                role_arn: role_arn.into(),
                session_name: None,
                duration: DEFAULT_DURATION,
                region: DEFAULT_REGION.to_owned(),
                endpoint: None,
                http: LazyTransport::new(Duration::from_secs(5), Duration::from_secs(20)),
            }),
        }
    }

    /// The `RoleSessionName`, which appears in CloudAudit logs.
    #[must_use]
    pub fn with_role_session_name(mut self, name: impl Into<String>) -> Self {
        self.cache.provider_mut().session_name = Some(name.into());
        self
    }

    /// How long the credentials last (`DurationSeconds`, whole seconds); STS
    /// allows up to 12 hours, or less as the role's maximum session allows.
    #[must_use]
    pub fn with_duration(mut self, duration: Duration) -> Self {
        self.cache.provider_mut().duration = duration;
        self
    }

    /// The region sent as `X-TC-Region`; default `ap-guangzhou`.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.cache.provider_mut().region = region.into();
        self
    }

    /// Sends to `endpoint` (for example
    /// `"https://sts.ap-shanghai.tencentcloudapi.com"`) instead of
    /// `https://sts.tencentcloudapi.com`; same rules as
    /// [`ConfigBuilder::with_endpoint`](crate::ConfigBuilder::with_endpoint).
    #[must_use]
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.cache.provider_mut().endpoint = Some(endpoint.into());
        self
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.provide_credentials()
    }
}

struct AssumeRoleFetcher {
    source: SharedCredentialsProvider,
    role_arn: String,
    session_name: Option<String>,
    duration: Duration,
    region: String,
    endpoint: Option<String>,
    http: LazyTransport,
}

#[derive(Serialize)]
struct AssumeRoleRequest<'a> {
    #[serde(rename = "RoleArn")]
    role_arn: &'a str,
    #[serde(rename = "RoleSessionName")]
    role_session_name: &'a str,
    #[serde(rename = "DurationSeconds")]
    duration_seconds: u64,
}

impl AssumeRoleFetcher {
    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let source = self.source.provide_credentials().await.map_err(|e| {
            let reason = format!("no source credentials: {e}");
            if e.is_not_found() {
                CredentialsError::not_found(NAME, reason)
            } else {
                CredentialsError::fetch_failed(NAME, reason)
            }
        })?;

        let (connect_timeout, timeout) = self.http.timeouts();
        let mut config = Config::builder()
            .with_credentials(source.clone())
            .with_region(self.region.clone())
            .with_connect_timeout(connect_timeout)
            .with_timeout(timeout);
        if let Some(endpoint) = &self.endpoint {
            config = config.with_endpoint(endpoint.clone());
        }
        let config = config
            .build()
            .map_err(|e| CredentialsError::invalid_source(NAME, e.to_string()))?;
        let transport = SharedTransport(self.http.get(NAME).await?);
        let client = ServiceClient::with_transport(&STS, &config, transport)
            .map_err(|e| CredentialsError::invalid_source(NAME, e.to_string()))?;

        let session_name = self
            .session_name
            .clone()
            .unwrap_or_else(super::default_session_name);
        let request = AssumeRoleRequest {
            role_arn: &self.role_arn,
            role_session_name: &session_name,
            duration_seconds: self.duration.as_secs(),
        };
        let response: Value = client
            .call::<_, _, StsErrorCode>(&ASSUME_ROLE, &request)
            .await
            .map_err(|e| {
                super::call_error(
                    NAME,
                    e,
                    &[source.secret_key(), source.token().unwrap_or("")],
                )
            })?;
        super::credentials_from_response(NAME, SecretJson(response))
    }
}

impl ProvideCredentials for AssumeRoleFetcher {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for AssumeRoleFetcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRole")
            .field("source", &self.source)
            .field("role_arn", &self.role_arn)
            .field("role_session_name", &self.session_name)
            .field("duration", &self.duration)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .finish()
    }
}
