//! The default [`HttpTransport`]: one `reqwest` client and its connection pool.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::{
    BoxFuture, HttpMethod, HttpRequest, HttpResponse, HttpStreamingResponse, HttpTransport,
    TransportError, TransportErrorKind, is_sensitive_header,
};

/// What the [`DefaultTransport`] is built from: timeouts and whether to use the
/// proxy environment variables. [`Config::transport_settings`](crate::Config::transport_settings)
/// gives a client's; the credential providers that fetch over HTTP use their own.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransportSettings {
    /// Limit on each request, response body included.
    pub timeout: Duration,
    /// Limit on establishing a connection.
    pub connect_timeout: Duration,
    /// Whether `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` are read.
    pub proxy_from_env: bool,
}

impl TransportSettings {
    /// Settings with these timeouts, reading the proxy variables.
    pub fn new(timeout: Duration, connect_timeout: Duration) -> Self {
        Self {
            timeout,
            connect_timeout,
            proxy_from_env: true,
        }
    }

    /// The same settings, ignoring the proxy variables.
    #[must_use]
    pub fn with_no_proxy(mut self) -> Self {
        self.proxy_from_env = false;
        self
    }
}

/// The transport [`ServiceClient::new`](crate::ServiceClient::new) uses: one
/// HTTP client and its connection pool, with the timeouts and proxy settings
/// of a [`TransportSettings`].
///
/// Public so that a transport of your own can wrap it, for example to count
/// or delay requests, and still send them over the network:
///
/// ```
/// use std::sync::atomic::{AtomicU32, Ordering};
/// use tencentcloud_runtime::transport::{BoxFuture, DefaultTransport, HttpRequest, HttpResponse, HttpTransport};
/// use tencentcloud_runtime::{Config, TransportError};
///
/// #[derive(Debug)]
/// struct Counting {
///     inner: DefaultTransport,
///     sent: AtomicU32,
/// }
///
/// impl HttpTransport for Counting {
///     fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
///         self.sent.fetch_add(1, Ordering::Relaxed);
///         self.inner.send(request)
///     }
/// }
///
/// let config = Config::builder().build()?;
/// let inner = DefaultTransport::new(&config.transport_settings())?;
/// let transport = Counting { inner, sent: AtomicU32::new(0) };
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct DefaultTransport {
    client: reqwest::Client,
    /// For loopback hosts, which a proxy cannot reach: without proxies, and the same
    /// client as `client` when proxies are off anyway.
    direct: reqwest::Client,
    /// Applied per request rather than to the client, so that an event stream's body
    /// is not cut at this limit.
    timeout: Duration,
}

/// Whether `url` names this machine: `localhost` or a loopback address.
fn is_loopback(url: &str) -> bool {
    match reqwest::Url::parse(url)
        .ok()
        .as_ref()
        .and_then(reqwest::Url::host)
    {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

impl DefaultTransport {
    /// A transport with these timeouts and proxy settings.
    ///
    /// # Errors
    ///
    /// When the HTTP client cannot be created, for example because a proxy variable
    /// holds an unusable URL, or no TLS implementation was compiled in.
    pub fn new(settings: &TransportSettings) -> Result<Self, TransportError> {
        let builder = || {
            reqwest::Client::builder()
                .connect_timeout(settings.connect_timeout)
                // The signature covers Host; following a redirect would resend
                // the signed headers to another host.
                .redirect(reqwest::redirect::Policy::none())
        };
        let build = |builder: reqwest::ClientBuilder| {
            builder.build().map_err(|e| {
                TransportError::new(TransportErrorKind::Other, false, Some(Box::new(e)))
            })
        };
        let direct = build(builder().no_proxy())?;
        // reqwest reads the proxy variables itself unless told not to.
        let client = if settings.proxy_from_env {
            build(builder())?
        } else {
            direct.clone()
        };
        Ok(Self {
            client,
            direct,
            timeout: settings.timeout,
        })
    }

    /// Sends `request` and returns the response once its head arrives.
    async fn head(
        &self,
        request: HttpRequest,
        timeout: Option<Duration>,
    ) -> Result<reqwest::Response, TransportError> {
        let method = match request.method {
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Get => reqwest::Method::GET,
        };
        let headers = header_map(&request.headers)?;
        // As Go's net/http (the official Go SDK's transport) does: a proxy elsewhere
        // cannot reach this machine's loopback, so requests to it go direct.
        let client = if is_loopback(&request.url) {
            &self.direct
        } else {
            &self.client
        };
        let mut builder = client
            .request(method, &request.url)
            .headers(headers)
            .body(request.body);
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        builder.send().await.map_err(map_error)
    }
}

fn response_headers(response: &reqwest::Response) -> Vec<(String, String)> {
    response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect()
}

impl fmt::Debug for DefaultTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DefaultTransport")
    }
}

impl HttpTransport for DefaultTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let response = self.head(request, Some(self.timeout)).await?;
            let status = response.status().as_u16();
            let headers = response_headers(&response);
            let body = response.bytes().await.map_err(map_error)?;
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        })
    }

    fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<HttpStreamingResponse, TransportError>> {
        Box::pin(async move {
            let response = self.head(request, None).await?;
            let status = response.status().as_u16();
            let headers = response_headers(&response);
            // Dropping the stream drops the response, which closes the connection.
            let body = futures_util::stream::unfold(Some(response), |response| async move {
                let mut response = response?;
                match response.chunk().await {
                    Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                    Ok(None) => None,
                    Err(error) => Some((Err(map_error(error)), None)),
                }
            });
            Ok(HttpStreamingResponse::new(status, headers, Box::pin(body)))
        })
    }
}

fn header_map(headers: &[(String, String)]) -> Result<HeaderMap, TransportError> {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let invalid =
            |what: String| TransportError::new(TransportErrorKind::Other, false, Some(what.into()));
        // The value is left out of the message: it may be a secret.
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| invalid(format!("invalid header name {name:?}")))?;
        let mut header_value = HeaderValue::from_str(value)
            .map_err(|_| invalid(format!("invalid value for header {name:?}")))?;
        // Keeps the value out of HTTP/2 header compression tables and out of
        // the HTTP client's own debug output.
        header_value.set_sensitive(is_sensitive_header(name));
        map.append(header_name, header_value);
    }
    Ok(map)
}

/// The HTTP client's errors quote the URL, whose query can hold a session
/// token and a signature (signature v1 with GET): keep only the query-less
/// part.
fn hide_query(error: reqwest::Error) -> reqwest::Error {
    match error.url().cloned() {
        Some(mut url) if url.query().is_some() => {
            url.set_query(None);
            error.with_url(url)
        }
        _ => error,
    }
}

fn map_error(error: reqwest::Error) -> TransportError {
    let error = hide_query(error);
    let (kind, may_have_been_sent) = if error.is_builder() {
        (TransportErrorKind::Other, false)
    } else if error.is_timeout() {
        // A connect timeout happens before anything is written.
        (TransportErrorKind::Timeout, !error.is_connect())
    } else if error.is_connect() {
        (TransportErrorKind::Connect, false)
    } else if error.is_request() || error.is_body() || error.is_decode() {
        (TransportErrorKind::Io, true)
    } else {
        (TransportErrorKind::Other, true)
    };
    TransportError::new(kind, may_have_been_sent, Some(Box::new(error)))
}

#[cfg(test)]
mod tests {
    use super::is_loopback;

    #[test]
    fn loopback_hosts_are_recognised() {
        for url in [
            "http://127.0.0.1:9000/",
            "http://127.8.9.10/",
            "https://localhost/",
            "http://LOCALHOST:80",
            "http://[::1]:9000/",
        ] {
            assert!(is_loopback(url), "{url}");
        }
        for url in [
            "https://scf.tencentcloudapi.com/",
            "http://10.0.0.1/",
            "http://localhost.example.com/",
            "http://[::2]/",
            "not a url",
        ] {
            assert!(!is_loopback(url), "{url}");
        }
    }
}
