//! A client for any action of any service, named at run time: for an action a
//! generated crate does not have, or a service that has no crate.
//!
//! It is a [`ServiceClient`] whose service and actions are names rather than
//! generated descriptions, so a call takes exactly the path of a generated one:
//! credentials, the limiter, signing (TC3 or v1, as configured), the endpoint,
//! clock-skew correction, retries, the envelope and the `tencentcloud.call` span.
//! What it cannot know it assumes on the safe side: an action has no documented
//! QPS limit and is not idempotent unless a call says so
//! ([`CallOptions::with_idempotent`]), and its error codes are [`AnyCode`]s.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::call_options::CallOptions;
use crate::client::ServiceClient;
use crate::codes::AnyCode;
use crate::config::{Config, ConfigError};
use crate::error::{Error, InvalidRequestError};
use crate::service::{ActionRef, ServiceName};
use crate::transport::{DefaultTransport, HttpTransport};

/// A client for any action of any service and API version, named at run time, as
/// the official SDKs' `CommonClient`.
///
/// Requests are JSON values ([`call_json`](Self::call_json)) or any serde types
/// ([`call`](Self::call)); errors carry an [`AnyCode`], matched as a generated
/// action's error code is. Every generated client has one for its own service,
/// sharing its connection pool: `client.common()`.
///
/// Cheap to clone; clones share the connection pool. `Debug` does not print secrets.
///
/// ```no_run
/// use serde_json::json;
/// use tencentcloud_runtime::{AnyCode, CallOptions, CommonClient, CommonCode, Config, Error, ServiceError};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let config = Config::from_env()?;
/// let cvm = CommonClient::new("cvm", "2017-03-12", &config)?;
/// let zones = cvm.call_json("DescribeZones", json!({})).await?;
/// println!("{} zones (request {})", zones["TotalCount"], zones["RequestId"]);
///
/// // Not retried after a failure that may have reached the service, unless said so.
/// let options = CallOptions::new().with_idempotent(true);
/// match cvm.call_json_with("DescribeRegions", json!({}), &options).await {
///     Ok(regions) => println!("{}", regions["RegionSet"]),
///     Err(Error::Service(ServiceError { code: AnyCode::Common(CommonCode::InvalidAction), .. })) => {
///         println!("no such action in this version");
///     }
///     Err(other) => return Err(other.into()),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct CommonClient {
    client: ServiceClient,
}

impl CommonClient {
    /// A client for version `version` of `service` (its short name, for example
    /// `"cvm"`, which is also the first label of its default host
    /// `cvm.tencentcloudapi.com`), with `config`, sending through a
    /// [`DefaultTransport`].
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidSetting`] if `service` is not a host-name label or
    /// `version` is empty or has characters a header cannot carry;
    /// [`ConfigError::HttpClient`] if the HTTP client cannot be created, and
    /// [`ConfigError::InvalidEndpoint`] if the resolved endpoint is not a host name.
    pub fn new(
        service: impl Into<Cow<'static, str>>,
        version: impl Into<Cow<'static, str>>,
        config: &Config,
    ) -> Result<Self, ConfigError> {
        let service = service_name(service.into(), version.into())?;
        let transport = DefaultTransport::new(&config.transport_settings())
            .map_err(|e| ConfigError::HttpClient(Box::new(e)))?;
        let client = ServiceClient::for_service(service, config, Box::new(transport))?;
        Ok(Self { client })
    }

    /// As [`new`](Self::new), sending through `transport` instead of the network,
    /// for example a test double made with
    /// [`transport::from_fn`](crate::transport::from_fn).
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new), but for [`ConfigError::HttpClient`].
    pub fn with_transport(
        service: impl Into<Cow<'static, str>>,
        version: impl Into<Cow<'static, str>>,
        config: &Config,
        transport: impl HttpTransport,
    ) -> Result<Self, ConfigError> {
        let service = service_name(service.into(), version.into())?;
        let client = ServiceClient::for_service(service, config, Box::new(transport))?;
        Ok(Self { client })
    }

    /// A clone whose calls use `options` over the configuration: see
    /// [`CallOptions`]. Clones share the connection pool.
    #[must_use]
    pub fn with_call_options(&self, options: CallOptions) -> Self {
        Self {
            client: self.client.with_call_options(options),
        }
    }

    /// The per-call overrides of this client.
    pub fn call_options(&self) -> &CallOptions {
        self.client.call_options()
    }

    /// The name of the service the client calls, for example `"cvm"`.
    pub fn service(&self) -> &str {
        self.client.service_name()
    }

    /// The API version the client sends, for example `"2017-03-12"`.
    pub fn version(&self) -> &str {
        self.client.version()
    }

    /// The URL requests go to, for example `"https://cvm.tencentcloudapi.com/"`.
    pub fn endpoint(&self) -> &str {
        self.client.endpoint()
    }

    /// The configuration the client was created with.
    pub fn config(&self) -> &Config {
        self.client.config()
    }

    /// Calls `action` with the JSON object `params` and returns the object inside
    /// the answer's `Response`, its `RequestId` included.
    ///
    /// # Errors
    ///
    /// Every variant of [`Error`], as for a generated call; an action the service
    /// does not have is `Error::Service` with
    /// `AnyCode::Common(CommonCode::InvalidAction)`. An empty action name, or one
    /// with characters a header cannot carry, is [`Error::InvalidRequest`] and
    /// nothing is sent.
    pub async fn call_json(
        &self,
        action: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, Error<AnyCode>> {
        self.call(action, &params).await
    }

    /// [`call_json`](Self::call_json) with `options` over this client's own (for
    /// example [`CallOptions::with_idempotent`] for an action that is safe to
    /// repeat).
    ///
    /// # Errors
    ///
    /// As [`call_json`](Self::call_json).
    pub async fn call_json_with(
        &self,
        action: &str,
        params: serde_json::Value,
        options: &CallOptions,
    ) -> Result<serde_json::Value, Error<AnyCode>> {
        self.call_with(action, &params, options).await
    }

    /// Calls `action` with `request` serialized to JSON, and deserializes the
    /// object inside the answer's `Response` into `Resp`.
    ///
    /// # Errors
    ///
    /// As [`call_json`](Self::call_json); an answer that does not fit `Resp` is
    /// [`Error::Response`].
    pub async fn call<Req, Resp>(&self, action: &str, request: &Req) -> Result<Resp, Error<AnyCode>>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
    {
        self.client.call_action(action_ref(action)?, request).await
    }

    /// [`call`](Self::call) with `options` over this client's own.
    ///
    /// # Errors
    ///
    /// As [`call`](Self::call).
    pub async fn call_with<Req, Resp>(
        &self,
        action: &str,
        request: &Req,
        options: &CallOptions,
    ) -> Result<Resp, Error<AnyCode>>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
    {
        let merged = options.over(self.client.call_options());
        self.client
            .with_call_options(merged)
            .call_action(action_ref(action)?, request)
            .await
    }
}

impl From<ServiceClient> for CommonClient {
    /// The common client of `client`'s service and version, sharing its
    /// configuration, call options and connection pool.
    fn from(client: ServiceClient) -> Self {
        Self { client }
    }
}

impl fmt::Debug for CommonClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CommonClient").field(&self.client).finish()
    }
}

/// `service` and `version` checked: the name goes into the host and the signature's
/// scope, the version into a header.
fn service_name(
    service: Cow<'static, str>,
    version: Cow<'static, str>,
) -> Result<ServiceName, ConfigError> {
    let label = |c: char| c.is_ascii_alphanumeric() || c == '-';
    if service.is_empty() || !service.chars().all(label) {
        return Err(ConfigError::InvalidSetting {
            setting: "service",
            reason: format!(
                "{service:?} is not a service name: expected letters, digits and '-', for example \"cvm\""
            ),
        });
    }
    if !is_token(&version) {
        return Err(ConfigError::InvalidSetting {
            setting: "version",
            reason: format!("{version:?} is not an API version, for example \"2017-03-12\""),
        });
    }
    Ok(ServiceName::named(service, version))
}

/// `action` as a call of an action the runtime knows nothing of, if it can be sent.
fn action_ref(action: &str) -> Result<ActionRef<'_>, InvalidRequestError> {
    if is_token(action) {
        Ok(ActionRef::named(action))
    } else {
        Err(InvalidRequestError::new(
            format!("{action:?} is not an action name, for example \"DescribeZones\""),
            None,
        ))
    }
}

/// Non-empty visible ASCII: what a header value and a signed form parameter carry
/// unchanged.
fn is_token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::creds::Credentials;

    fn config() -> Config {
        Config::builder()
            .with_credentials(Credentials::new("AKIDtest", "SECRET-KEY-NOT-SHOWN"))
            .build()
            .unwrap()
    }

    #[test]
    fn owned_and_borrowed_names_resolve_the_default_host() {
        let service = String::from("cvm");
        let client = CommonClient::new(service, "2017-03-12", &config()).unwrap();
        assert_eq!(client.service(), "cvm");
        assert_eq!(client.version(), "2017-03-12");
        assert_eq!(client.endpoint(), "https://cvm.tencentcloudapi.com/");
    }

    #[test]
    fn regional_and_custom_endpoints_come_from_the_config() {
        let regional = Config::builder()
            .with_credentials(Credentials::new("AKIDtest", "key"))
            .with_region("ap-guangzhou")
            .with_regional_endpoint(true)
            .build()
            .unwrap();
        let client = CommonClient::new("cvm", "2017-03-12", &regional).unwrap();
        assert_eq!(
            client.endpoint(),
            "https://cvm.ap-guangzhou.tencentcloudapi.com/"
        );
        let custom = config()
            .to_builder()
            .with_endpoint("http://127.0.0.1:9000")
            .build()
            .unwrap();
        let client = CommonClient::new("cvm", "2017-03-12", &custom).unwrap();
        assert_eq!(client.endpoint(), "http://127.0.0.1:9000/");
    }

    #[test]
    fn service_and_version_that_cannot_be_sent_are_refused() {
        for (service, version, setting) in [
            ("", "2017-03-12", "service"),
            ("cvm.evil.example", "2017-03-12", "service"),
            ("cvm", "", "version"),
            ("cvm", "2017-03-12\r\nX-Injected: 1", "version"),
        ] {
            match CommonClient::new(service, version, &config()) {
                Err(ConfigError::InvalidSetting { setting: s, .. }) => assert_eq!(s, setting),
                other => panic!("{service:?} {version:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn action_names_must_be_sendable() {
        assert!(action_ref("DescribeZones").is_ok());
        assert!(action_ref("").is_err());
        assert!(action_ref("Describe Zones").is_err());
        assert!(action_ref("Describe\nZones").is_err());
    }

    #[test]
    fn debug_names_the_service_without_secrets() {
        let client = CommonClient::new("cvm", "2017-03-12", &config()).unwrap();
        let debug = format!("{client:?}");
        assert!(
            debug.contains("cvm") && debug.contains("2017-03-12"),
            "{debug}"
        );
        assert!(!debug.contains("SECRET-KEY-NOT-SHOWN"), "{debug}");
    }
}
