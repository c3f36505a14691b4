//! The HTTP layer, behind the runtime's own request and response types so
//! that no HTTP client type appears in the public API.
//!
//! [`ServiceClient`](crate::ServiceClient) builds and signs an [`HttpRequest`]
//! and hands it to an [`HttpTransport`]. The default transport,
//! [`DefaultTransport`], is an HTTP client configured from
//! [`Config`](crate::Config).
//!
//! # Testing your code without a network
//!
//! Give the client a transport of your own with
//! [`ServiceClient::with_transport`](crate::ServiceClient::with_transport)
//! (generated clients have the same constructor). Everything else runs as in
//! production: serialization, signing, retries, decoding of the response
//! envelope and typed errors. [`from_fn`] turns a closure into a transport:
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use tencentcloud_runtime::transport::{self, HttpResponse};
//! use tencentcloud_runtime::{ActionMeta, Config, Credentials, Error, RetryConfig, ServiceClient, ServiceMeta};
//! # static SCF: ServiceMeta = ServiceMeta { name: "scf", version: "2018-04-16", endpoint: "scf.tencentcloudapi.com" };
//! # static TERMINATE_ASYNC_EVENT: ActionMeta = ActionMeta { name: "TerminateAsyncEvent", qps_limit: Some(20), idempotent: false };
//! # #[derive(Debug, PartialEq)] enum TerminateAsyncEventError { ResourceNotFoundFunction, Unknown(String) }
//! # impl tencentcloud_runtime::ErrorCode for TerminateAsyncEventError {
//! #     fn from_code(c: &str) -> Self { if c == "ResourceNotFound.Function" { Self::ResourceNotFoundFunction } else { Self::Unknown(c.into()) } }
//! #     fn as_str(&self) -> &str { match self { Self::ResourceNotFoundFunction => "ResourceNotFound.Function", Self::Unknown(c) => c } }
//! # }
//!
//! // The code under test: terminates an event, treating "no such function" as done.
//! async fn stop(client: &ServiceClient, id: &str) -> Result<(), Error<TerminateAsyncEventError>> {
//!     let request = serde_json::json!({ "FunctionName": "hello", "InvokeRequestId": id });
//!     match client.call::<_, serde_json::Value, _>(&TERMINATE_ASYNC_EVENT, &request).await {
//!         Ok(_) => Ok(()),
//!         Err(e) if e.code() == Some(&TerminateAsyncEventError::ResourceNotFoundFunction) => Ok(()),
//!         Err(e) => Err(e),
//!     }
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
//! // A canned answer, and a record of what was sent.
//! let seen = Arc::new(Mutex::new(Vec::new()));
//! let log = Arc::clone(&seen);
//! let transport = transport::from_fn(move |request| {
//!     log.lock().unwrap().push(request.header("X-TC-Action").unwrap_or_default().to_owned());
//!     async {
//!         Ok(HttpResponse::new(
//!             200,
//!             r#"{"Response":{"Error":{"Code":"ResourceNotFound.Function","Message":"gone"},"RequestId":"r-1"}}"#,
//!         ))
//!     }
//! });
//! let config = Config::builder()
//!     .with_credentials(Credentials::new("AKIDtest", "test-key"))
//!     // Retries would resend canned errors after a (random) wait.
//!     .with_retry(RetryConfig::disabled())
//!     .build()?;
//! let client = ServiceClient::with_transport(&SCF, &config, transport)?;
//!
//! stop(&client, "abc").await?;
//! assert_eq!(*seen.lock().unwrap(), ["TerminateAsyncEvent"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```
//!
//! A transport can also fail like a network does, with a
//! [`TransportError`]: return
//! `TransportError::new(TransportErrorKind::Connect, false, None)` to see
//! how your code handles an unreachable endpoint.

use std::fmt;
use std::future::Future;

use bytes::Bytes;

pub use crate::future::BoxFuture;
use crate::redact::REDACTED;

mod error;
mod reqwest_transport;
mod streaming;

pub use error::{TransportError, TransportErrorKind};
pub use reqwest_transport::{DefaultTransport, TransportSettings};
pub use streaming::HttpStreamingResponse;

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// `POST`, with the parameters in a JSON body.
    Post,
    /// `GET`, with the parameters in the query string.
    Get,
}

impl HttpMethod {
    /// The method as it appears on the request line and in the canonical request.
    pub fn as_str(&self) -> &'static str {
        match self {
            HttpMethod::Post => "POST",
            HttpMethod::Get => "GET",
        }
    }
}

/// Sends one HTTP request and returns the response, whatever its status.
///
/// The client limits each attempt to [`Config::timeout`](crate::Config::timeout)
/// (and the call to [`Config::total_timeout`](crate::Config::total_timeout))
/// whatever the transport; the default transport also applies
/// [`Config::connect_timeout`](crate::Config::connect_timeout). An error
/// status is a response, not an error: the runtime decides from the body.
///
/// Retries are decided from the returned [`TransportError`]: set
/// `may_have_been_sent` to `false` only when the server certainly did not
/// receive the request, as that makes a retry safe for every action.
///
/// ```
/// use tencentcloud_runtime::transport::{BoxFuture, HttpRequest, HttpResponse, HttpTransport};
/// use tencentcloud_runtime::TransportError;
///
/// /// Answers every request with the same body.
/// #[derive(Debug)]
/// struct Canned(&'static str);
///
/// impl HttpTransport for Canned {
///     fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
///         Box::pin(async move { Ok(HttpResponse::new(200, self.0)) })
///     }
/// }
/// ```
pub trait HttpTransport: fmt::Debug + Send + Sync + 'static {
    /// Sends `request`. The `Debug` and `Display` of a returned error must not
    /// contain request headers, which carry the signature and session token.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;

    /// Sends `request` for a streaming call: returns once the status and headers
    /// arrive, with the body to be read as it comes. No time limit applies to the
    /// body here; the caller bounds the wait for each event.
    ///
    /// The default sends with [`send`](Self::send) and gives the whole body as one
    /// chunk, which is right for canned responses in tests.
    fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<HttpStreamingResponse, TransportError>> {
        let sent = self.send(request);
        Box::pin(async move { sent.await.map(HttpStreamingResponse::from) })
    }
}

/// A transport that answers each request with the future `f` returns.
///
/// `f` sees the signed request, so a test can check what was sent; see the
/// [module documentation](self) for an example. `Debug` prints `FnTransport`.
pub fn from_fn<F, Fut>(f: F) -> FnTransport<F>
where
    F: Fn(HttpRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<HttpResponse, TransportError>> + Send + 'static,
{
    FnTransport(f)
}

/// The transport [`from_fn`] returns.
pub struct FnTransport<F>(F);

impl<F> fmt::Debug for FnTransport<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FnTransport")
    }
}

impl<F, Fut> HttpTransport for FnTransport<F>
where
    F: Fn(HttpRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<HttpResponse, TransportError>> + Send + 'static,
{
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin((self.0)(request))
    }
}

/// A signed request, ready to send.
///
/// `Debug` hides the values of `Authorization` and `X-TC-Token` and the query
/// of the URL, and prints only the length of the body: the query and the body
/// may hold sensitive parameters, and with signature v1 the session token and
/// the signature.
#[derive(Clone)]
#[non_exhaustive]
pub struct HttpRequest {
    /// The method.
    pub method: HttpMethod,
    /// The absolute URL, for example `"https://scf.tencentcloudapi.com/"`.
    pub url: String,
    /// Header names and values, in sending order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Bytes,
}

impl HttpRequest {
    /// A request with no headers.
    pub fn new(method: HttpMethod, url: impl Into<String>, body: impl Into<Bytes>) -> Self {
        Self {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The first value of header `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// `url` with any query replaced by a marker.
fn without_query(url: &str) -> String {
    match url.split_once('?') {
        Some((base, _)) => format!("{base}?{REDACTED}"),
        None => url.to_owned(),
    }
}

/// Headers whose values are secret or let a request be replayed.
pub(crate) fn is_sensitive_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("x-tc-token")
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let value = if is_sensitive_header(name) {
                    REDACTED
                } else {
                    value
                };
                (name.as_str(), value)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &without_query(&self.url))
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A response of any status, with its whole body.
#[derive(Clone)]
#[non_exhaustive]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Header names and values; values that are not UTF-8 are decoded lossily.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Bytes,
}

impl HttpResponse {
    /// A response with no headers.
    ///
    /// ```
    /// use tencentcloud_runtime::transport::HttpResponse;
    ///
    /// let response = HttpResponse::new(200, r#"{"Response":{"RequestId":"r"}}"#)
    ///     .with_header("Content-Type", "application/json");
    /// assert_eq!(response.header("content-type"), Some("application/json"));
    /// ```
    pub fn new(status: u16, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The first value of header `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

pub(crate) fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_debug_hides_signature_token_and_body() {
        let mut request = HttpRequest::new(HttpMethod::Post, "https://h/", "{\"Secret\":1}");
        request.headers = vec![
            (
                "Authorization".into(),
                "TC3-HMAC-SHA256 Signature=abc".into(),
            ),
            ("X-TC-Token".into(), "tok".into()),
            ("X-TC-Action".into(), "Act".into()),
        ];
        let printed = format!("{request:?}");
        assert!(
            !printed.contains("abc") && !printed.contains("tok") && !printed.contains("Secret")
        );
        assert!(printed.contains("Act"), "{printed}");
        assert_eq!(request.header("x-tc-action"), Some("Act"));

        let get = HttpRequest::new(HttpMethod::Get, "https://h/?Token=tok&Signature=s", "");
        let printed = format!("{get:?}");
        assert!(
            !printed.contains("tok") && !printed.contains("Signature="),
            "{printed}"
        );
        assert!(printed.contains("https://h/?"), "{printed}");
    }
}
