//! The per-service client that generated crates wrap.
//!
//! A call is: serialize the request once, then for each attempt ask for
//! credentials, wait for the QPS limiter, build and sign the request for a
//! fresh timestamp, send it, and decode the envelope; `retry.rs` decides
//! whether a failed attempt is tried again
//! ([`RetryConfig`](crate::RetryConfig) has the rules). Building an attempt is a pure
//! function of (credentials, payload, timestamp, nonce), which is what makes
//! re-signing on retry and testing simple.

mod stream;

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::Instrument;

use crate::call_options::CallOptions;
use crate::codes::ErrorCode;
use crate::config::{Config, ConfigError, CredentialsSource};
use crate::creds::{Credentials, CredentialsError, ProvideCredentials};
use crate::endpoint::Endpoint;
use crate::envelope;
use crate::error::{Error, InvalidRequestError};
use crate::limiter::QpsLimiter;
use crate::retry::{AttemptLoop, Outcome, Skew, random_u64};
use crate::service::{ActionMeta, ActionRef, ServiceMeta, ServiceName};
use crate::signing::{Attempt, Payload, RequestParts, flatten_params};
use crate::tolerant::Decoding;
use crate::transport::{
    DefaultTransport, HttpMethod, HttpRequest, HttpResponse, HttpTransport, TransportError,
    TransportErrorKind,
};

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
/// #     fn as_str(&self) -> &str { "" }
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
///     .with_credentials(Credentials::new("AKIDexample", "example-key"))
///     .with_region("ap-guangzhou")
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
    options: CallOptions,
}

struct Inner {
    service: ServiceName,
    config: Config,
    /// `host[:port]`: sent as `Host` and signed.
    host: String,
    /// `<scheme>://<host>/`.
    url: String,
    transport: Box<dyn HttpTransport>,
    /// The clock correction learnt from the server, shared by clones.
    skew: Skew,
    limiter: Option<QpsLimiter>,
}

impl ServiceClient {
    /// A client for `service` with `config`, sending through a
    /// [`DefaultTransport`].
    ///
    /// # Errors
    ///
    /// [`ConfigError::HttpClient`] if the HTTP client cannot be created, and
    /// [`ConfigError::InvalidEndpoint`] if the resolved endpoint is not a
    /// host name.
    pub fn new(service: &'static ServiceMeta, config: &Config) -> Result<Self, ConfigError> {
        let transport = DefaultTransport::new(&config.transport_settings())
            .map_err(|e| ConfigError::HttpClient(Box::new(e)))?;
        Self::with_transport(service, config, transport)
    }

    /// A client that sends through `transport` instead of the network, for
    /// example a test double: see [the transport module](crate::transport)
    /// for how to test code without a network. The per-attempt and total
    /// timeouts of `config` still apply; connecting and proxies are the
    /// transport's business.
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidEndpoint`] if the resolved endpoint is not a
    /// host name.
    pub fn with_transport(
        service: &'static ServiceMeta,
        config: &Config,
        transport: impl HttpTransport,
    ) -> Result<Self, ConfigError> {
        Self::for_service(service.into(), config, Box::new(transport))
    }

    /// A client for `service`, which a [`CommonClient`](crate::CommonClient) may
    /// have named at run time.
    pub(crate) fn for_service(
        service: ServiceName,
        config: &Config,
        transport: Box<dyn HttpTransport>,
    ) -> Result<Self, ConfigError> {
        let endpoint = Endpoint::resolve(&service, config.route())?;
        let url = format!("{}://{}/", endpoint.scheme, endpoint.authority);
        Ok(Self {
            inner: Arc::new(Inner {
                service,
                config: config.clone(),
                host: endpoint.authority,
                url,
                transport,
                skew: Skew::new(config.time_source().clone()),
                limiter: config.qps_limiter().then(QpsLimiter::default),
            }),
            options: CallOptions::default(),
        })
    }

    /// A clone whose calls use `options` over the configuration: see
    /// [`CallOptions`]. Clones share the connection pool.
    #[must_use]
    pub fn with_call_options(&self, options: CallOptions) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            options,
        }
    }

    /// The per-call overrides of this client.
    pub fn call_options(&self) -> &CallOptions {
        &self.options
    }

    /// The configuration the client was created with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The name of the service the client calls, for example `"scf"`.
    pub fn service_name(&self) -> &str {
        &self.inner.service.name
    }

    /// The API version the client sends, for example `"2018-04-16"`.
    pub fn version(&self) -> &str {
        &self.inner.service.version
    }

    /// The URL requests go to, for example
    /// `"https://scf.tencentcloudapi.com/"`.
    pub fn endpoint(&self) -> &str {
        &self.inner.url
    }

    /// Calls `action` with `request` and decodes the `Response` object into
    /// `Resp`, or the error envelope into [`Error::Service`] with code type `E`.
    ///
    /// Nothing is sent when credentials are missing or the request cannot be
    /// serialized. A failed attempt is retried by the rules of
    /// [`RetryConfig`](crate::RetryConfig), each retry signed afresh; a
    /// timestamp the server rejects as expired (`AuthFailure.SignatureExpire`)
    /// is corrected from the server's clock, for this call and every later
    /// one, and retried once.
    ///
    /// Each call runs in a `tencentcloud.call` tracing span with the service,
    /// action and region and, once known, the number of attempts, the HTTP
    /// status, the request id, the error code and the latency in
    /// milliseconds; each attempt in a `tencentcloud.attempt` span with its
    /// number, status and latency. Bodies, signed headers and secrets are
    /// never recorded.
    ///
    /// # Errors
    ///
    /// Every variant of [`Error`]: see there. The error of the last attempt
    /// is returned.
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
        self.call_action(action.into(), request).await
    }

    /// [`call`](Self::call) for an action described by `action`, which a
    /// [`CommonClient`](crate::CommonClient) may have named at run time.
    pub(crate) async fn call_action<Req, Resp, E>(
        &self,
        action: ActionRef<'_>,
        request: &Req,
    ) -> Result<Resp, Error<E>>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
        E: ErrorCode,
    {
        self.traced(action, request, |request, secrets, deadline| async move {
            self.attempt::<Resp, E>(action, request, &secrets, deadline)
                .await
        })
        .await
    }

    /// Runs a call in its `tencentcloud.call` span, with `exchange` sending each
    /// attempt and reading its answer.
    async fn traced<Req, T, E, X, XF>(
        &self,
        action: ActionRef<'_>,
        request: &Req,
        exchange: X,
    ) -> Result<T, Error<E>>
    where
        Req: Serialize + ?Sized,
        E: ErrorCode,
        X: Fn(HttpRequest, [String; 2], Option<Instant>) -> XF,
        XF: Future<Output = Sent<T, E>>,
    {
        let span = tracing::info_span!(
            "tencentcloud.call",
            service = &*self.inner.service.name,
            action = action.name,
            region = tracing::field::Empty,
            attempts = tracing::field::Empty,
            http_status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            error_code = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        if let Some(region) = self.inner.config.region() {
            span.record("region", region);
        }
        let started = Instant::now();
        let result = self
            .call_in_span(action, request, &span, exchange)
            .instrument(span.clone())
            .await;
        span.record("latency_ms", millis(started.elapsed()));
        span.in_scope(|| match &result {
            Ok(_) => tracing::debug!("call succeeded"),
            Err(error) => {
                if let Some(id) = error.request_id() {
                    span.record("request_id", id);
                }
                if let Some(code) = error.code_str() {
                    span.record("error_code", code);
                }
                tracing::debug!(%error, "call failed");
            }
        });
        result
    }

    async fn call_in_span<Req, T, E, X, XF>(
        &self,
        action: ActionRef<'_>,
        request: &Req,
        span: &tracing::Span,
        exchange: X,
    ) -> Result<T, Error<E>>
    where
        Req: Serialize + ?Sized,
        E: ErrorCode,
        X: Fn(HttpRequest, [String; 2], Option<Instant>) -> XF,
        XF: Future<Output = Sent<T, E>>,
    {
        let config = &self.inner.config;
        let options = &self.options;
        let total_timeout = options.total_timeout().or(config.total_timeout());
        let deadline = total_timeout.map(|total| Instant::now() + total);
        // Checked before serializing, so that a call without credentials
        // fails the same way whatever the request.
        let credentials = self.credentials().await?;
        let body = serde_json::to_vec(request).map_err(InvalidRequestError::serialization)?;
        let payload = self.payload(body)?;
        let parts = self.parts(action);
        let retry = config.retry();
        let attempts = AttemptLoop {
            policy: options
                .retry_policy()
                .or(config.retry_policy())
                .unwrap_or(retry),
            backoff: options.backoff().or(config.backoff()).unwrap_or(retry),
            idempotent: options.idempotent().unwrap_or(action.idempotent),
            deadline,
            skew: &self.inner.skew,
        };
        let limiter = self
            .inner
            .limiter
            .as_ref()
            .map(|limiter| move || limiter.acquire(action));
        attempts
            .run(
                credentials,
                || self.credentials(),
                limiter,
                |number, credentials, timestamp| {
                    span.record("attempts", number);
                    let request = parts.build(
                        &payload,
                        &Attempt {
                            secret_id: credentials.secret_id(),
                            secret_key: credentials.secret_key(),
                            token: credentials.token(),
                            timestamp,
                            nonce: random_u64(),
                        },
                    );
                    let attempt_span = tracing::debug_span!(
                        "tencentcloud.attempt",
                        attempt = number,
                        http_status = tracing::field::Empty,
                        latency_ms = tracing::field::Empty,
                    );
                    let secrets = [
                        credentials.secret_key().to_owned(),
                        credentials.token().unwrap_or("").to_owned(),
                    ];
                    let exchanged = exchange(request, secrets, deadline);
                    async move {
                        let outcome = exchanged.instrument(attempt_span).await;
                        if let Some(status) = outcome.http_status {
                            span.record("http_status", status);
                        }
                        if let Ok((_, request_id)) = &outcome.outcome.result {
                            span.record("request_id", request_id.as_str());
                        }
                        Outcome {
                            result: outcome.outcome.result.map(|(response, _)| response),
                            server_time: outcome.outcome.server_time,
                        }
                    }
                },
                tokio::time::sleep,
            )
            .await
    }

    /// Sends one attempt and decodes its response.
    async fn attempt<Resp, E>(
        &self,
        action: ActionRef<'_>,
        request: HttpRequest,
        secrets: &[String; 2],
        deadline: Option<Instant>,
    ) -> Sent<Resp, E>
    where
        Resp: DeserializeOwned,
        E: ErrorCode,
    {
        let span = tracing::Span::current();
        let started = Instant::now();
        let response = self.send(request, deadline).await;
        span.record("latency_ms", millis(started.elapsed()));
        let response = match response {
            Ok(response) => response,
            Err(error) => return Sent::unanswered(error),
        };
        span.record("http_status", response.status);
        tracing::debug!(body_len = response.body.len(), "response received");
        let server_time = response.header("Date").and_then(parse_http_date);
        let result = decode_envelope(
            response.status,
            &response.body,
            secrets,
            self.decoding(action.name),
        );
        Sent {
            outcome: Outcome {
                result,
                server_time,
            },
            http_status: Some(response.status),
        }
    }

    /// Sends within the per-attempt timeout and the call's deadline.
    async fn send(
        &self,
        request: HttpRequest,
        deadline: Option<Instant>,
    ) -> Result<HttpResponse, TransportError> {
        tracing::debug!(url = %self.inner.url, body_len = request.body.len(), "sending request");
        let limit = self.attempt_limit(deadline);
        match tokio::time::timeout_at(limit, self.inner.transport.send(request)).await {
            Ok(result) => result,
            Err(_) => Err(TransportError::new(
                TransportErrorKind::Timeout,
                true,
                Some("no complete response within the timeout".into()),
            )),
        }
    }

    /// When an attempt started now must end: its own timeout, or the call's deadline.
    fn attempt_limit(&self, deadline: Option<Instant>) -> Instant {
        let attempt_timeout = self
            .options
            .timeout()
            .unwrap_or(self.inner.config.timeout());
        let limit = Instant::now() + attempt_timeout;
        deadline.map_or(limit, |deadline| deadline.min(limit))
    }

    /// The credentials for the next attempt: asked of the provider each
    /// time, so that refreshed temporary credentials are picked up.
    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let credentials = match self.inner.config.credentials_source() {
            Some(CredentialsSource::Static(credentials)) => credentials.clone(),
            Some(CredentialsSource::Provider(provider)) => provider.provide_credentials().await?,
            None => return Err(CredentialsError::NotConfigured),
        };
        credentials.validate()?;
        Ok(credentials)
    }

    fn payload(&self, body: Vec<u8>) -> Result<Payload, InvalidRequestError> {
        let config = &self.inner.config;
        if config.signature_method().v1_algorithm().is_none()
            && config.http_method() == HttpMethod::Post
        {
            Ok(Payload::Json(Bytes::from(body)))
        } else {
            Ok(Payload::Params(flatten_params(&body)?))
        }
    }

    /// How the answers to `action` are decoded.
    fn decoding<'a>(&self, action: &'a str) -> Decoding<'a> {
        Decoding {
            action,
            strict: self.inner.config.strict_decoding(),
        }
    }

    /// What the attempts of a call to `action` share.
    fn parts<'a>(&'a self, action: ActionRef<'a>) -> RequestParts<'a> {
        let inner = &*self.inner;
        RequestParts {
            service: &inner.service.name,
            version: &inner.service.version,
            action: action.name,
            host: &inner.host,
            url: &inner.url,
            region: inner.config.region(),
            language: inner.config.language().map(|l| l.as_str()),
            request_client: inner.config.request_client(),
            user_agent: inner.config.user_agent(),
            v1: inner.config.signature_method().v1_algorithm(),
            v1_method: inner.config.http_method(),
        }
    }
}

/// Decodes a whole answer.
pub(crate) fn decode_envelope<Resp: DeserializeOwned, E: ErrorCode>(
    status: u16,
    body: &[u8],
    secrets: &[String; 2],
    decoding: Decoding<'_>,
) -> Result<(Resp, String), Error<E>> {
    // Whatever the endpoint sends back is shown to people; an endpoint that echoes
    // the request (a debugging proxy, a gateway) must not make it show our secrets.
    let secrets = [secrets[0].as_str(), secrets[1].as_str()];
    envelope::decode::<Resp>(status, body, decoding).map_err(|failure| match Error::from(failure) {
        Error::Response(e) => Error::Response(e.redact(&secrets)),
        Error::Service(e) => Error::Service(e.redact(&secrets)),
        other => other,
    })
}

/// What sending one attempt gave, with the status for the call's span.
struct Sent<Resp, E> {
    outcome: Outcome<(Resp, String), E>,
    http_status: Option<u16>,
}

impl<Resp, E> Sent<Resp, E> {
    /// An attempt that got no answer: the transport failed before a response head.
    fn unanswered(error: TransportError) -> Self {
        tracing::debug!(%error, "attempt failed");
        Sent {
            outcome: Outcome {
                result: Err(Error::Transport(error)),
                server_time: None,
            },
            http_status: None,
        }
    }
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Unix seconds of an HTTP `Date` (IMF-fixdate, the only form servers may
/// send: `Sun, 06 Nov 1994 08:49:37 GMT`).
fn parse_http_date(value: &str) -> Option<i64> {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(value.trim(), format)
        .ok()
        .map(|t| t.assume_utc().unix_timestamp())
}

impl fmt::Debug for ServiceClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceClient")
            .field("service", &self.inner.service.name)
            .field("version", &self.inner.service.version)
            .field("url", &self.inner.url)
            .field("config", &self.inner.config)
            .field("transport", &self.inner.transport)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Language, SignatureMethod};
    use crate::future::BoxFuture;
    use crate::signing::{FORM_CONTENT_TYPE, SigningRequest, sign_tc3};

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

    impl ServiceClient {
        /// One attempt as the call would build it.
        fn build_attempt(
            &self,
            action: &ActionMeta,
            credentials: &Credentials,
            payload: &Payload,
            timestamp: i64,
            nonce: u64,
        ) -> HttpRequest {
            self.parts(action.into()).build(
                payload,
                &Attempt {
                    secret_id: credentials.secret_id(),
                    secret_key: credentials.secret_key(),
                    token: credentials.token(),
                    timestamp,
                    nonce,
                },
            )
        }
    }

    fn json(body: &'static [u8]) -> Payload {
        Payload::Json(Bytes::from_static(body))
    }

    #[test]
    fn attempt_has_the_official_sdk_headers_in_order() {
        let credentials = Credentials::new("AKIDtest", "key").with_token("tok");
        let config = Config::builder()
            .with_credentials(credentials.clone())
            .with_region("ap-guangzhou")
            .with_language(Language::EnUs)
            .build()
            .unwrap();
        let request =
            client(config).build_attempt(&ACTION, &credentials, &json(b"{}"), 1_700_000_000, 1);
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
                "Authorization",
                "User-Agent"
            ]
        );
        assert_eq!(request.url, "https://scf.tencentcloudapi.com/");
        assert_eq!(request.header("Host"), Some("scf.tencentcloudapi.com"));
        assert_eq!(request.header("X-TC-Timestamp"), Some("1700000000"));
        assert_eq!(
            request.header("X-TC-RequestClient"),
            Some(concat!("SDK_RUST_", env!("CARGO_PKG_VERSION")))
        );
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
            .with_credentials(credentials.clone())
            .build()
            .unwrap();
        let request = client(config).build_attempt(&ACTION, &credentials, &json(b""), 0, 1);
        for name in ["X-TC-Region", "X-TC-Token", "X-TC-Language"] {
            assert_eq!(request.header(name), None, "{name}");
        }
    }

    #[test]
    fn endpoint_override_sets_url_and_signed_host() {
        let credentials = Credentials::new("AKIDtest", "key");
        let config = Config::builder()
            .with_credentials(credentials.clone())
            .with_endpoint("http://127.0.0.1:9000")
            .build()
            .unwrap();
        let request = client(config).build_attempt(&ACTION, &credentials, &json(b""), 0, 1);
        assert_eq!(request.url, "http://127.0.0.1:9000/");
        assert_eq!(request.header("Host"), Some("127.0.0.1:9000"));
    }

    #[test]
    fn tc3_get_puts_flattened_params_in_the_signed_query() {
        let credentials = Credentials::new("AKIDtest", "key");
        let config = Config::builder()
            .with_credentials(credentials.clone())
            .with_http_method(HttpMethod::Get)
            .build()
            .unwrap();
        let client = client(config);
        let payload = client
            .payload(br#"{"Filters":[{"Name":"a b"}],"Limit":2}"#.to_vec())
            .unwrap();
        let request = client.build_attempt(&ACTION, &credentials, &payload, 1_700_000_000, 1);
        assert_eq!(request.method, HttpMethod::Get);
        assert_eq!(
            request.url,
            "https://scf.tencentcloudapi.com/?Filters.0.Name=a+b&Limit=2"
        );
        assert!(request.body.is_empty());
        assert_eq!(request.header("Content-Type"), Some(FORM_CONTENT_TYPE));
        let expected = sign_tc3(
            &SigningRequest {
                method: HttpMethod::Get,
                host: "scf.tencentcloudapi.com",
                path: "/",
                query: "Filters.0.Name=a+b&Limit=2",
                content_type: FORM_CONTENT_TYPE,
                payload: b"",
                service: "scf",
                timestamp: 1_700_000_000,
            },
            "AKIDtest",
            "key",
        );
        assert_eq!(
            request.header("Authorization"),
            Some(expected.authorization.as_str())
        );
    }

    #[test]
    fn v1_post_sends_signed_form_parameters_without_tc3_headers() {
        let credentials = Credentials::new("AKIDtest", "key").with_token("tok");
        let config = Config::builder()
            .with_credentials(credentials.clone())
            .with_region("ap-guangzhou")
            .with_signature_method(SignatureMethod::HmacSha1)
            .build()
            .unwrap();
        let client = client(config);
        let payload = client.payload(br#"{"FunctionName":"f"}"#.to_vec()).unwrap();
        let request = client.build_attempt(&ACTION, &credentials, &payload, 1_700_000_000, 42);
        assert_eq!(request.method, HttpMethod::Post);
        assert_eq!(request.url, "https://scf.tencentcloudapi.com/");
        let names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Content-Type", "Host", "User-Agent"]);
        let body = std::str::from_utf8(&request.body).unwrap();
        assert!(
            body.starts_with("FunctionName=f&Action=TerminateAsyncEvent&RequestClient=SDK_RUST_"),
            "{body}"
        );
        assert!(
            body.contains("&Nonce=42&Timestamp=1700000000&Version=2018-04-16&Region=ap-guangzhou&Token=tok&SecretId=AKIDtest&SignatureMethod=HmacSHA1&Signature="),
            "{body}"
        );
    }

    #[test]
    fn http_dates_parse_to_unix_seconds() {
        assert_eq!(
            parse_http_date("Tue, 14 Nov 2023 22:13:20 GMT"),
            Some(1_700_000_000)
        );
        assert_eq!(parse_http_date("yesterday"), None);
        assert_eq!(parse_http_date("Tue, 14 Nov 2023 22:13:20 +0800"), None);
    }
}
