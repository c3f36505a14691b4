//! Temporary credentials from STS `AssumeRoleWithWebIdentity`, with the OIDC
//! token that TKE mounts into pods.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;

use super::{STS, StsErrorCode};
use crate::config::Config;
use crate::creds::fetch::{self, Env, LazyTransport, SecretJson, SecretText};
use crate::creds::{CachedProvider, Credentials, CredentialsError, ProvideCredentials};
use crate::envelope;
use crate::error::Error;
use crate::future::BoxFuture;
use crate::identity::REQUEST_CLIENT;
use crate::signing::JSON_CONTENT_TYPE;
use crate::tolerant::Decoding;
use crate::transport::{HttpMethod, HttpRequest};

const NAME: &str = "TKE OIDC";
const ACTION: &str = "AssumeRoleWithWebIdentity";

/// Exchanges an OIDC token for the temporary credentials of a CAM role with
/// STS `AssumeRoleWithWebIdentity`, as pods on TKE do, and caches them as
/// [`CachedProvider`] does.
///
/// The call is not signed: the token is the proof of identity. As in the
/// official SDKs it carries `Authorization: SKIP`. The token file is read on
/// every fetch, since TKE rotates it.
///
/// [`from_env`](Self::from_env) reads `TKE_REGION`, `TKE_PROVIDER_ID`,
/// `TKE_WEB_IDENTITY_TOKEN_FILE` and `TKE_ROLE_ARN` at each fetch: none set
/// is [`CredentialsError::NotFound`], some but not all is
/// [`CredentialsError::InvalidSource`], as is a missing or empty token file.
///
/// ```
/// use tencentcloud_runtime::credentials::WebIdentityProvider;
///
/// let from_tke = WebIdentityProvider::from_env();
/// let explicit = WebIdentityProvider::new(
///     "ap-guangzhou",
///     "OIDC",
///     "/var/run/secrets/tke/serviceaccount/token",
///     "qcs::cam::uin/100000000001:roleName/app",
/// );
/// # drop((from_tke, explicit));
/// ```
#[derive(Debug)]
pub struct WebIdentityProvider {
    cache: CachedProvider<WebIdentityFetcher>,
}

impl WebIdentityProvider {
    /// The name this provider gives in errors.
    pub const NAME: &'static str = NAME;
    /// Environment variable holding the region to call STS in.
    pub const ENV_REGION: &'static str = "TKE_REGION";
    /// Environment variable holding the OIDC identity provider id.
    pub const ENV_PROVIDER_ID: &'static str = "TKE_PROVIDER_ID";
    /// Environment variable holding the path of the token file.
    pub const ENV_TOKEN_FILE: &'static str = "TKE_WEB_IDENTITY_TOKEN_FILE";
    /// Environment variable holding the role to assume.
    pub const ENV_ROLE_ARN: &'static str = "TKE_ROLE_ARN";

    /// Reads the four `TKE_*` variables at each fetch.
    pub fn from_env() -> Self {
        Self::with_settings(Settings::Env(Env::default()))
    }

    /// Assumes `role_arn` with the token in `token_file`, issued by identity
    /// provider `provider_id`, calling STS in `region`.
    pub fn new(
        region: impl Into<String>,
        provider_id: impl Into<String>,
        token_file: impl Into<PathBuf>,
        role_arn: impl Into<String>,
    ) -> Self {
        Self::with_settings(Settings::Fixed(Fixed {
            region: region.into(),
            provider_id: provider_id.into(),
            token_file: token_file.into(),
            role_arn: role_arn.into(),
        }))
    }

    /// Reads the `TKE_*` variables through `lookup` instead of the process
    /// environment, replacing any settings given to [`new`](Self::new).
    #[must_use]
    pub fn env_lookup(
        mut self,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.cache.provider_mut().settings = Settings::Env(Env::custom(lookup));
        self
    }

    /// The `RoleSessionName`; default `tencentcloud-rust-sdk-<unix time>`.
    #[must_use]
    pub fn with_role_session_name(mut self, name: impl Into<String>) -> Self {
        self.cache.provider_mut().session_name = Some(name.into());
        self
    }

    /// How long the credentials last (`DurationSeconds`); default 2 hours.
    #[must_use]
    pub fn with_duration(mut self, duration: Duration) -> Self {
        self.cache.provider_mut().duration = duration;
        self
    }

    /// Sends to `endpoint` instead of `https://sts.tencentcloudapi.com`; same
    /// rules as [`ConfigBuilder::with_endpoint`](crate::ConfigBuilder::with_endpoint).
    #[must_use]
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.cache.provider_mut().endpoint = Some(endpoint.into());
        self
    }

    fn with_settings(settings: Settings) -> Self {
        Self {
            cache: CachedProvider::new(WebIdentityFetcher::new(settings)),
        }
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.provide_credentials()
    }
}

#[derive(Debug)]
enum Settings {
    Env(Env),
    Fixed(Fixed),
}

#[derive(Debug, Clone)]
struct Fixed {
    region: String,
    provider_id: String,
    token_file: PathBuf,
    role_arn: String,
}

/// One uncached exchange: what [`WebIdentityProvider`] caches, and what the
/// default chain uses under its own cache.
#[derive(Debug)]
pub(crate) struct WebIdentityFetcher {
    settings: Settings,
    session_name: Option<String>,
    duration: Duration,
    pub(crate) endpoint: Option<String>,
    http: LazyTransport,
}

#[derive(Serialize)]
struct Request<'a> {
    #[serde(rename = "ProviderId")]
    provider_id: &'a str,
    #[serde(rename = "WebIdentityToken")]
    web_identity_token: &'a str,
    #[serde(rename = "RoleArn")]
    role_arn: &'a str,
    #[serde(rename = "RoleSessionName")]
    role_session_name: &'a str,
    #[serde(rename = "DurationSeconds")]
    duration_seconds: u64,
}

impl WebIdentityFetcher {
    pub(crate) fn from_env(env: Env) -> Self {
        Self::new(Settings::Env(env))
    }

    fn new(settings: Settings) -> Self {
        Self {
            settings,
            session_name: None,
            duration: super::DEFAULT_DURATION,
            endpoint: None,
            http: LazyTransport::new(Duration::from_secs(5), Duration::from_secs(20)),
        }
    }

    fn settings(&self) -> Result<Fixed, CredentialsError> {
        let env = match &self.settings {
            Settings::Fixed(fixed) => return Ok(fixed.clone()),
            Settings::Env(env) => env,
        };
        let names = [
            WebIdentityProvider::ENV_REGION,
            WebIdentityProvider::ENV_PROVIDER_ID,
            WebIdentityProvider::ENV_TOKEN_FILE,
            WebIdentityProvider::ENV_ROLE_ARN,
        ];
        let values = names.map(|name| env.var(name));
        let missing: Vec<&str> = names
            .iter()
            .zip(&values)
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| *name)
            .collect();
        if missing.len() == names.len() {
            return Err(CredentialsError::not_found(
                NAME,
                format!("{} are not set", missing.join(", ")),
            ));
        }
        if !missing.is_empty() {
            return Err(CredentialsError::invalid_source(
                NAME,
                format!(
                    "{} not set, though other TKE_ variables are",
                    missing.join(", ")
                ),
            ));
        }
        let [
            Some(region),
            Some(provider_id),
            Some(token_file),
            Some(role_arn),
        ] = values
        else {
            unreachable!("every value was checked to be present");
        };
        Ok(Fixed {
            region,
            provider_id,
            token_file: PathBuf::from(token_file),
            role_arn,
        })
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let settings = self.settings()?;
        let invalid = |reason: String| CredentialsError::invalid_source(NAME, reason);
        let path = settings.token_file.display();
        let token = SecretText(
            std::fs::read_to_string(&settings.token_file)
                .map_err(|e| invalid(format!("the token file {path} could not be read: {e}")))?,
        );
        let trimmed = token.trim();
        if trimmed.is_empty() {
            return Err(invalid(format!("the token file {path} is empty")));
        }

        let mut config = Config::builder().with_region(settings.region.clone());
        if let Some(endpoint) = &self.endpoint {
            config = config.with_endpoint(endpoint.clone());
        }
        let config = config.build().map_err(|e| invalid(e.to_string()))?;
        let endpoint = crate::endpoint::Endpoint::resolve(
            &crate::service::ServiceName::from(&STS),
            config.route(),
        )
        .map_err(|e| invalid(e.to_string()))?;
        let (scheme, host) = (endpoint.scheme, endpoint.authority);

        let session_name = self
            .session_name
            .clone()
            .unwrap_or_else(super::default_session_name);
        let body = serde_json::to_vec(&Request {
            provider_id: &settings.provider_id,
            web_identity_token: trimmed,
            role_arn: &settings.role_arn,
            role_session_name: &session_name,
            duration_seconds: self.duration.as_secs(),
        })
        .map_err(|e| invalid(format!("the request could not be serialized: {e}")))?;
        let request = build_request(scheme, &host, &settings.region, Bytes::from(body));

        let transport = self.http.get(NAME).await?;
        let result = transport.send(request).await;
        let secrets = [trimmed];
        let response = result.map_err(|e| {
            CredentialsError::fetch_failed(
                NAME,
                crate::redact::secrets(
                    format!("{ACTION} failed: {}", fetch::describe_error(&e)),
                    &secrets,
                ),
            )
            // A transport error holds no request headers or body, so no secret.
            .with_source(e)
        })?;
        // A `Value` takes any member, so there is nothing to tolerate.
        let decoding = Decoding {
            action: ACTION,
            strict: true,
        };
        match envelope::decode::<Value>(response.status, &response.body, decoding) {
            Ok((value, _)) => super::credentials_from_response(NAME, SecretJson(value)),
            Err(failure) => Err(super::call_error(
                NAME,
                Error::<StsErrorCode>::from(failure),
                &secrets,
            )),
        }
    }
}

/// The request as the official SDKs send it with signing skipped: the usual
/// headers, in the usual order, with `Authorization: SKIP`.
fn build_request(scheme: &str, host: &str, region: &str, body: Bytes) -> HttpRequest {
    let timestamp = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut request = HttpRequest::new(HttpMethod::Post, format!("{scheme}://{host}/"), body);
    for (name, value) in [
        ("Content-Type", JSON_CONTENT_TYPE),
        ("Host", host),
        ("X-TC-Action", ACTION),
        ("X-TC-RequestClient", REQUEST_CLIENT),
        ("X-TC-Timestamp", &timestamp.to_string()),
        ("X-TC-Version", STS.version),
        ("X-TC-Region", region),
        ("Authorization", "SKIP"),
    ] {
        request.headers.push((name.to_owned(), value.to_owned()));
    }
    request
}

impl ProvideCredentials for WebIdentityFetcher {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}
