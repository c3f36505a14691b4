//! The per-service client that generated crates wrap.
//!
//! A call is: serialize the request once, then for each attempt ask for
//! credentials, wait for the QPS limiter, build and sign the request for a
//! fresh timestamp, send it, and decode the envelope; `retry.rs` decides
//! whether a failed attempt is tried again
//! ([`RetryConfig`](crate::RetryConfig) has the rules). Building an attempt is a pure
//! function of (credentials, payload, timestamp, nonce), which is what makes
//! re-signing on retry and testing simple.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::Instrument;

use crate::codes::ErrorCode;
use crate::config::{Config, ConfigError, CredentialsSource};
use crate::credentials::{Credentials, CredentialsError, ProvideCredentials};
use crate::endpoint::Endpoint;
use crate::envelope;
use crate::error::{Error, InvalidRequestError, TransportError, TransportErrorKind};
use crate::limiter::QpsLimiter;
use crate::retry::{self, random_u64};
use crate::service::{ActionMeta, ServiceMeta};
use crate::signing::{
    FORM_CONTENT_TYPE, HttpMethod, JSON_CONTENT_TYPE, SigningRequest, V1Algorithm, V1CommonParams,
    V1SigningRequest, encode_query, flatten_params, sign_v1, tc3_authorization, v1_params,
};
use crate::transport::{DefaultTransport, HttpRequest, HttpResponse, HttpTransport};

/// The error code of a request whose timestamp is too far from the server's
/// clock.
const SIGNATURE_EXPIRE: &str = "AuthFailure.SignatureExpire";

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
    /// Seconds to add to the local clock for timestamps, learnt from the
    /// server's `Date` when it rejects a timestamp; shared by clones so that
    /// one correction serves every later call.
    clock_offset: AtomicI64,
    limiter: Option<QpsLimiter>,
}

/// The request body, prepared once per call.
enum Payload {
    /// TC3 with POST: the JSON body.
    Json(Bytes),
    /// GET or signature v1: the flattened form parameters.
    Params(Vec<(String, String)>),
}

/// What one attempt produced.
struct Attempt<Resp, E> {
    outcome: Result<(Resp, String), Error<E>>,
    http_status: Option<u16>,
    /// The server's clock, from its `Date` header, in unix seconds.
    server_time: Option<i64>,
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
        let transport = DefaultTransport::new(config)?;
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
        let endpoint = Endpoint::resolve(service, config)?;
        let url = format!("{}://{}/", endpoint.scheme, endpoint.authority);
        Ok(Self {
            inner: Arc::new(Inner {
                service,
                config: config.clone(),
                host: endpoint.authority,
                url,
                transport: Box::new(transport),
                clock_offset: AtomicI64::new(0),
                limiter: config.qps_limiter().then(QpsLimiter::default),
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
        let span = tracing::info_span!(
            "tencentcloud.call",
            service = self.inner.service.name,
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
            .call_in_span(action, request, &span)
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

    async fn call_in_span<Req, Resp, E>(
        &self,
        action: &'static ActionMeta,
        request: &Req,
        span: &tracing::Span,
    ) -> Result<Resp, Error<E>>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
        E: ErrorCode,
    {
        let retry = *self.inner.config.retry();
        let deadline = self
            .inner
            .config
            .total_timeout()
            .map(|total| Instant::now() + total);
        // Checked before serializing, so that a call without credentials
        // fails the same way whatever the request.
        let mut credentials = self.credentials().await?;
        let body = serde_json::to_vec(request).map_err(InvalidRequestError::serialization)?;
        let payload = self.payload(body)?;

        let mut attempt: u32 = 0;
        let mut skew_retried = false;
        loop {
            attempt += 1;
            span.record("attempts", attempt);
            if attempt > 1 {
                credentials = self.credentials().await?;
            }
            if let Some(limiter) = &self.inner.limiter {
                run_until(deadline, limiter.acquire(action))
                    .await
                    .ok_or_else(total_timeout_before_sending)?;
            }
            let request = self.build_attempt(
                action,
                &credentials,
                &payload,
                self.timestamp(),
                random_u64(),
            );
            let attempt_span = tracing::debug_span!(
                "tencentcloud.attempt",
                attempt,
                http_status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let result = self
                .attempt::<Resp, E>(request, &credentials, deadline)
                .instrument(attempt_span)
                .await;
            if let Some(status) = result.http_status {
                span.record("http_status", status);
            }
            let error = match result.outcome {
                Ok((response, request_id)) => {
                    span.record("request_id", request_id.as_str());
                    return Ok(response);
                }
                Err(error) => error,
            };

            if error.code_str() == Some(SIGNATURE_EXPIRE) {
                if let Some(server_time) = result.server_time {
                    let offset = server_time - now();
                    self.inner.clock_offset.store(offset, Ordering::Relaxed);
                    tracing::warn!(
                        clock_offset_s = offset,
                        "the server rejected the timestamp; correcting for clock skew"
                    );
                    if retry.is_enabled() && !skew_retried {
                        skew_retried = true;
                        continue;
                    }
                }
                return Err(error);
            }

            let Some(reason) = retry::classify(&error, action.idempotent) else {
                return Err(error);
            };
            let counted = attempt - u32::from(skew_retried);
            if counted >= retry.max_attempts() {
                return Err(error);
            }
            let delay = retry.delay(counted);
            if deadline.is_some_and(|deadline| Instant::now() + delay >= deadline) {
                return Err(error);
            }
            tracing::debug!(
                attempt,
                reason = reason.as_str(),
                delay_ms = millis(delay),
                %error,
                "retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    /// Sends one attempt and decodes its response.
    async fn attempt<Resp, E>(
        &self,
        request: HttpRequest,
        credentials: &Credentials,
        deadline: Option<Instant>,
    ) -> Attempt<Resp, E>
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
            Err(error) => {
                tracing::debug!(%error, "attempt failed");
                return Attempt {
                    outcome: Err(Error::Transport(error)),
                    http_status: None,
                    server_time: None,
                };
            }
        };
        span.record("http_status", response.status);
        tracing::debug!(body_len = response.body.len(), "response received");
        let server_time = response.header("Date").and_then(parse_http_date);
        // Whatever the endpoint sends back is shown to people; an endpoint that echoes
        // the request (a debugging proxy, a gateway) must not make it show our secrets.
        let secrets = [credentials.secret_key(), credentials.token().unwrap_or("")];
        let outcome = match envelope::decode::<Resp, E>(response.status, &response.body) {
            Ok(decoded) => Ok(decoded),
            Err(Error::Response(e)) => Err(Error::Response(e.redact(&secrets))),
            Err(Error::Service(e)) => Err(Error::Service(e.redact(&secrets))),
            Err(e) => Err(e),
        };
        Attempt {
            outcome,
            http_status: Some(response.status),
            server_time,
        }
    }

    /// Sends within the per-attempt timeout and the call's deadline.
    async fn send(
        &self,
        request: HttpRequest,
        deadline: Option<Instant>,
    ) -> Result<HttpResponse, TransportError> {
        tracing::debug!(url = %self.inner.url, body_len = request.body.len(), "sending request");
        let attempt_timeout = self.inner.config.timeout();
        let limit = Instant::now() + attempt_timeout;
        let limit = deadline.map_or(limit, |deadline| deadline.min(limit));
        match tokio::time::timeout_at(limit, self.inner.transport.send(request)).await {
            Ok(result) => result,
            Err(_) => Err(TransportError::new(
                TransportErrorKind::Timeout,
                true,
                Some("no complete response within the timeout".into()),
            )),
        }
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

    fn timestamp(&self) -> i64 {
        now() + self.inner.clock_offset.load(Ordering::Relaxed)
    }

    /// Builds and signs one attempt. Pure: the same inputs give the same
    /// request.
    fn build_attempt(
        &self,
        action: &ActionMeta,
        credentials: &Credentials,
        payload: &Payload,
        timestamp: i64,
        nonce: u64,
    ) -> HttpRequest {
        let algorithm = self.inner.config.signature_method().v1_algorithm();
        match (algorithm, payload) {
            (Some(algorithm), Payload::Params(params)) => {
                self.build_v1(action, credentials, params, timestamp, nonce, algorithm)
            }
            // `payload` gives v1 parameters, never JSON.
            (_, payload) => self.build_tc3(action, credentials, payload, timestamp),
        }
    }

    fn build_tc3(
        &self,
        action: &ActionMeta,
        credentials: &Credentials,
        payload: &Payload,
        timestamp: i64,
    ) -> HttpRequest {
        let inner = &*self.inner;
        let (method, url, query, content_type, body) = match payload {
            Payload::Json(body) => (
                HttpMethod::Post,
                inner.url.clone(),
                String::new(),
                JSON_CONTENT_TYPE,
                body.clone(),
            ),
            Payload::Params(params) => {
                let query = encode_params(params);
                let url = if query.is_empty() {
                    inner.url.clone()
                } else {
                    format!("{}?{query}", inner.url)
                };
                (HttpMethod::Get, url, query, FORM_CONTENT_TYPE, Bytes::new())
            }
        };
        // Only the header is needed; the steps `sign_tc3` also returns would cost
        // four more allocations per attempt.
        let authorization = tc3_authorization(
            &SigningRequest {
                method,
                host: &inner.host,
                path: "/",
                query: &query,
                content_type,
                payload: &body,
                service: inner.service.name,
                timestamp,
            },
            credentials.secret_id(),
            credentials.secret_key(),
        );

        let mut request = HttpRequest::new(method, url, body);
        let mut header = |name: &str, value: &str| {
            request.headers.push((name.to_owned(), value.to_owned()));
        };
        // Same headers, in the same order, as the official Python SDK.
        header("Content-Type", content_type);
        header("Host", &inner.host);
        header("X-TC-Action", action.name);
        header("X-TC-RequestClient", inner.config.request_client());
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
        header("Authorization", &authorization);
        header("User-Agent", inner.config.user_agent());
        request
    }

    fn build_v1(
        &self,
        action: &ActionMeta,
        credentials: &Credentials,
        params: &[(String, String)],
        timestamp: i64,
        nonce: u64,
        algorithm: V1Algorithm,
    ) -> HttpRequest {
        let inner = &*self.inner;
        let method = inner.config.http_method();
        let mut params = v1_params(
            params.to_vec(),
            &V1CommonParams {
                action: action.name,
                request_client: inner.config.request_client(),
                nonce,
                timestamp,
                version: inner.service.version,
                region: inner.config.region(),
                token: credentials.token(),
                secret_id: credentials.secret_id(),
                algorithm,
                language: inner.config.language().map(|l| l.as_str()),
            },
        );
        let signature = sign_v1(
            &V1SigningRequest {
                method,
                host: &inner.host,
                path: "/",
                params: &params,
            },
            credentials.secret_key(),
            algorithm,
        );
        crate::signing::set_param(&mut params, "Signature", &signature.signature);
        let encoded = encode_params(&params);
        let mut request = match method {
            HttpMethod::Post => HttpRequest::new(method, inner.url.clone(), encoded),
            HttpMethod::Get => {
                HttpRequest::new(method, format!("{}?{encoded}", inner.url), Bytes::new())
            }
        };
        request.headers = vec![
            ("Content-Type".to_owned(), FORM_CONTENT_TYPE.to_owned()),
            ("Host".to_owned(), inner.host.clone()),
            (
                "User-Agent".to_owned(),
                inner.config.user_agent().to_owned(),
            ),
        ];
        request
    }
}

fn encode_params(params: &[(String, String)]) -> String {
    let pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    encode_query(&pairs)
}

/// Runs `future` unless `deadline` passes first.
async fn run_until<F: Future>(deadline: Option<Instant>, future: F) -> Option<F::Output> {
    match deadline {
        Some(deadline) => tokio::time::timeout_at(deadline, future).await.ok(),
        None => Some(future.await),
    }
}

fn total_timeout_before_sending() -> TransportError {
    TransportError::new(
        TransportErrorKind::Timeout,
        false,
        Some("the total timeout elapsed while waiting for the QPS limiter".into()),
    )
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
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
    use crate::signing::sign_tc3;
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

    fn json(body: &'static [u8]) -> Payload {
        Payload::Json(Bytes::from_static(body))
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
            .credentials(credentials.clone())
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
            .credentials(credentials.clone())
            .endpoint("http://127.0.0.1:9000")
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
            .credentials(credentials.clone())
            .http_method(HttpMethod::Get)
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
            .credentials(credentials.clone())
            .region("ap-guangzhou")
            .signature_method(SignatureMethod::HmacSha1)
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
