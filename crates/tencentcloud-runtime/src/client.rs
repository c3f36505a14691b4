//! The per-service client that generated crates wrap.
//!
//! A call is: resolve credentials, serialize the request once, build and sign
//! one attempt for a timestamp, send it, decode the envelope. Building an
//! attempt is a separate function of (credentials, body, timestamp) so that a
//! retry loop can re-sign the same body with a fresh timestamp, and the
//! credential lookup is a separate step so that a provider can replace it.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::config::{Config, ConfigError, Endpoint};
use crate::credentials::{Credentials, CredentialsError};
use crate::envelope;
use crate::error::{Error, ErrorCode, InvalidRequestError, TransportError};
use crate::service::{ActionMeta, ServiceMeta};
use crate::signing::{HttpMethod, JSON_CONTENT_TYPE, SigningRequest, sign_tc3};
use crate::transport::{HttpRequest, HttpResponse, HttpTransport, ReqwestTransport};

/// Sent as `X-TC-RequestClient`, as the official SDKs send `SDK_PYTHON_<version>`.
const REQUEST_CLIENT: &str = concat!("SDK_RUST_", env!("CARGO_PKG_VERSION"));

/// A client for one service: its description, a [`Config`] and one HTTP
/// connection pool.
///
/// Cheap to clone; clones share the pool. `Debug` does not print secrets.
///
/// ```
/// use tencentcloud_runtime::{ActionMeta, Config, Credentials, ServiceClient, ServiceMeta};
///
/// static SCF: ServiceMeta = ServiceMeta {
///     name: "scf",
///     version: "2018-04-16",
///     endpoint: "scf.tencentcloudapi.com",
/// };
/// static TERMINATE_ASYNC_EVENT: ActionMeta = ActionMeta {
///     name: "TerminateAsyncEvent",
///     qps_limit: Some(20),
///     idempotent: false,
/// };
///
/// # #[derive(Debug)] struct TerminateAsyncEventError;
/// # impl tencentcloud_runtime::ErrorCode for TerminateAsyncEventError {
/// #     fn from_code(_: &str) -> Self { Self }
/// #     fn as_code(&self) -> &str { "" }
/// # }
/// #[derive(serde::Serialize)]
/// struct Request<'a> {
///     #[serde(rename = "FunctionName")]
///     function_name: &'a str,
///     #[serde(rename = "InvokeRequestId")]
///     invoke_request_id: &'a str,
/// }
///
/// #[derive(serde::Deserialize)]
/// struct Response {
///     #[serde(rename = "RequestId")]
///     request_id: String,
/// }
///
/// let config = Config::builder()
///     .credentials(Credentials::new("AKIDexample", "example-key"))
///     .region("ap-guangzhou")
///     .build()?;
/// let client = ServiceClient::new(&SCF, &config)?;
///
/// async fn terminate(client: &ServiceClient) -> Result<String, tencentcloud_runtime::Error<TerminateAsyncEventError>> {
///     let request = Request { function_name: "hello", invoke_request_id: "abc" };
///     let response: Response = client.call(&TERMINATE_ASYNC_EVENT, &request).await?;
///     Ok(response.request_id)
/// }
/// # let _ = terminate(&client);
/// # Ok::<(), tencentcloud_runtime::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct ServiceClient {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static ServiceMeta,
    config: Config,
    /// `host[:port]`: sent as `Host` and signed.
    host: String,
    /// `<scheme>://<host>/`.
    url: String,
    transport: Box<dyn HttpTransport>,
}

impl ServiceClient {
    /// A client for `service` with `config`, sending through `reqwest`.
    ///
    /// # Errors
    ///
    /// [`ConfigError::HttpClient`] if the HTTP client cannot be created, and
    /// [`ConfigError::InvalidEndpoint`] if `service.endpoint` is not a host
    /// name.
    pub fn new(service: &'static ServiceMeta, config: &Config) -> Result<Self, ConfigError> {
        let transport = ReqwestTransport::new(config)?;
        Self::with_transport(service, config, transport)
    }

    /// A client that sends through `transport` instead of the default HTTP
    /// client, for example a test double. Timeouts in `config` are then the
    /// transport's to apply.
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidEndpoint`] if `service.endpoint` is not a host
    /// name.
    pub fn with_transport(
        service: &'static ServiceMeta,
        config: &Config,
        transport: impl HttpTransport,
    ) -> Result<Self, ConfigError> {
        let endpoint = match config.endpoint_parts() {
            Some(endpoint) => endpoint.clone(),
            None => Endpoint::from_host(service.endpoint)?,
        };
        let url = format!("{}://{}/", endpoint.scheme, endpoint.authority);
        Ok(Self {
            inner: Arc::new(Inner {
                service,
                config: config.clone(),
                host: endpoint.authority,
                url,
                transport: Box::new(transport),
            }),
        })
    }

    /// The configuration the client was created with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The service the client calls.
    pub fn service(&self) -> &'static ServiceMeta {
        self.inner.service
    }

    /// Calls `action` with `request` and decodes the `Response` object into
    /// `Resp`, or the error envelope into [`Error::Service`] with code type `E`.
    ///
    /// Nothing is sent when credentials are missing or the request cannot be
    /// serialized. Each call runs in a `tencentcloud.call` tracing span with
    /// the service, action, region and, once known, HTTP status and request
    /// id; bodies, headers and secrets are never recorded.
    ///
    /// # Errors
    ///
    /// Every variant of [`Error`]: see there. The request is sent at most once.
    pub async fn call<Req, Resp, E>(
        &self,
        action: &'static ActionMeta,
        request: &Req,
    ) -> Result<Resp, Error<E>>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
        E: ErrorCode,
    {
        let span = tracing::info_span!(
            "tencentcloud.call",
            service = self.inner.service.name,
            action = action.name,
            region = tracing::field::Empty,
            http_status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        if let Some(region) = self.inner.config.region() {
            span.record("region", region);
        }
        let result = self
            .call_in_span(action, request)
            .instrument(span.clone())
            .await;
        span.in_scope(|| match &result {
            Ok(_) => tracing::debug!("call succeeded"),
            Err(error) => {
                if let Some(id) = error.request_id() {
                    span.record("request_id", id);
                }
                tracing::debug!(%error, "call failed");
            }
        });
        result
    }

    async fn call_in_span<Req, Resp, E>(
        &self,
        action: &'static ActionMeta,
        request: &Req,
    ) -> Result<Resp, Error<E>>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
        E: ErrorCode,
    {
        let credentials = self.credentials()?;
        let body = serde_json::to_vec(request).map_err(InvalidRequestError::serialization)?;
        let attempt = self.build_attempt(action, credentials, Bytes::from(body), now());

        let started = Instant::now();
        let response = self.send(attempt).await?;
        let span = tracing::Span::current();
        span.record("http_status", response.status);
        tracing::debug!(
            elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            body_len = response.body.len(),
            "response received"
        );

        match envelope::decode::<Resp, E>(response.status, &response.body) {
            Ok((resp, request_id)) => {
                span.record("request_id", request_id.as_str());
                Ok(resp)
            }
            Err(Error::Response(e)) => {
                let secrets = [credentials.secret_key(), credentials.token().unwrap_or("")];
                Err(Error::Response(e.redact(&secrets)))
            }
            Err(e) => Err(e),
        }
    }

    /// The credentials for the next attempt. A credential provider (refreshing
    /// temporary credentials) will replace this lookup.
    fn credentials(&self) -> Result<&Credentials, CredentialsError> {
        let credentials = self
            .inner
            .config
            .credentials()
            .ok_or(CredentialsError::NotConfigured)?;
        credentials.validate()?;
        Ok(credentials)
    }

    /// Builds and signs one attempt. Pure: the same inputs give the same
    /// request, which is what makes re-signing on retry and testing simple.
    fn build_attempt(
        &self,
        action: &ActionMeta,
        credentials: &Credentials,
        body: Bytes,
        timestamp: i64,
    ) -> HttpRequest {
        let inner = &*self.inner;
        let signature = sign_tc3(
            &SigningRequest {
                method: HttpMethod::Post,
                host: &inner.host,
                path: "/",
                query: "",
                content_type: JSON_CONTENT_TYPE,
                payload: &body,
                service: inner.service.name,
                timestamp,
            },
            credentials.secret_id(),
            credentials.secret_key(),
        );

        let mut request = HttpRequest::new(HttpMethod::Post, inner.url.clone(), body);
        let mut header = |name: &str, value: &str| {
            request.headers.push((name.to_owned(), value.to_owned()));
        };
        // Same headers, in the same order, as the official Python SDK.
        header("Content-Type", JSON_CONTENT_TYPE);
        header("Host", &inner.host);
        header("X-TC-Action", action.name);
        header("X-TC-RequestClient", REQUEST_CLIENT);
        header("X-TC-Timestamp", &timestamp.to_string());
        header("X-TC-Version", inner.service.version);
        if let Some(region) = inner.config.region() {
            header("X-TC-Region", region);
        }
        if let Some(token) = credentials.token() {
            header("X-TC-Token", token);
        }
        if let Some(language) = inner.config.language() {
            header("X-TC-Language", language.as_str());
        }
        header("Authorization", &signature.authorization);
        request
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        tracing::debug!(url = %self.inner.url, body_len = request.body.len(), "sending request");
        self.inner.transport.send(request).await
    }
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

impl fmt::Debug for ServiceClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceClient")
            .field("service", &self.inner.service.name)
            .field("version", &self.inner.service.version)
            .field("url", &self.inner.url)
            .field("config", &self.inner.config)
            .field("transport", &self.inner.transport)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::transport::BoxFuture;

    static SERVICE: ServiceMeta = ServiceMeta {
        name: "scf",
        version: "2018-04-16",
        endpoint: "scf.tencentcloudapi.com",
    };
    static ACTION: ActionMeta = ActionMeta {
        name: "TerminateAsyncEvent",
        qps_limit: None,
        idempotent: false,
    };

    #[derive(Debug)]
    struct Unreachable;

    impl HttpTransport for Unreachable {
        fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            unreachable!("build_attempt does not send")
        }
    }

    fn client(config: Config) -> ServiceClient {
        ServiceClient::with_transport(&SERVICE, &config, Unreachable).unwrap()
    }

    #[test]
    fn attempt_has_the_official_sdk_headers_in_order() {
        let credentials = Credentials::new("AKIDtest", "key").with_token("tok");
        let config = Config::builder()
            .credentials(credentials.clone())
            .region("ap-guangzhou")
            .language(Language::EnUs)
            .build()
            .unwrap();
        let request = client(config).build_attempt(
            &ACTION,
            &credentials,
            Bytes::from_static(b"{}"),
            1_700_000_000,
        );
        let names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "Content-Type",
                "Host",
                "X-TC-Action",
                "X-TC-RequestClient",
                "X-TC-Timestamp",
                "X-TC-Version",
                "X-TC-Region",
                "X-TC-Token",
                "X-TC-Language",
                "Authorization"
            ]
        );
        assert_eq!(request.url, "https://scf.tencentcloudapi.com/");
        assert_eq!(request.header("Host"), Some("scf.tencentcloudapi.com"));
        assert_eq!(request.header("X-TC-Timestamp"), Some("1700000000"));
        assert_eq!(request.header("X-TC-RequestClient"), Some(REQUEST_CLIENT));
        assert!(
            request
                .header("Authorization")
                .unwrap()
                .starts_with("TC3-HMAC-SHA256 Credential=AKIDtest/2023-11-14/scf/tc3_request, ")
        );
    }

    #[test]
    fn optional_headers_are_absent_when_unset() {
        let credentials = Credentials::new("AKIDtest", "key");
        let config = Config::builder()
            .credentials(credentials.clone())
            .build()
            .unwrap();
        let request = client(config).build_attempt(&ACTION, &credentials, Bytes::new(), 0);
        for name in ["X-TC-Region", "X-TC-Token", "X-TC-Language"] {
            assert_eq!(request.header(name), None, "{name}");
        }
    }

    #[test]
    fn endpoint_override_sets_url_and_signed_host() {
        let credentials = Credentials::new("AKIDtest", "key");
        let config = Config::builder()
            .credentials(credentials.clone())
            .endpoint("http://127.0.0.1:9000")
            .build()
            .unwrap();
        let request = client(config).build_attempt(&ACTION, &credentials, Bytes::new(), 0);
        assert_eq!(request.url, "http://127.0.0.1:9000/");
        assert_eq!(request.header("Host"), Some("127.0.0.1:9000"));
    }

    #[test]
    fn request_client_names_the_crate_version() {
        assert_eq!(
            REQUEST_CLIENT,
            format!("SDK_RUST_{}", env!("CARGO_PKG_VERSION"))
        );
    }
}
