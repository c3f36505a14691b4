//! Errors of a call, with the service's own error codes typed per action.
//!
//! Display strings describe one level; the cause, when there is one, is
//! reachable through [`std::error::Error::source`], so error reporters such as
//! `anyhow` print each piece once.

use std::error::Error as StdError;
use std::fmt;

use crate::codes::ErrorCode;
use crate::credentials::CredentialsError;

type BoxError = Box<dyn StdError + Send + Sync>;

/// An error returned by the service in the response envelope:
/// `{"Response": {"Error": {"Code": ..., "Message": ...}, "RequestId": ...}}`.
///
/// `request_id` is empty in the unusual case of an error envelope without a
/// `RequestId`; [`Error::request_id`] then returns `None`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ServiceError<E> {
    /// The typed error code.
    pub code: E,
    /// The human-readable message, in the configured
    /// [`Language`](crate::Language).
    pub message: String,
    /// The request id to quote to Tencent Cloud support.
    pub request_id: String,
    /// HTTP status of the response; usually 200, as Tencent Cloud reports
    /// errors in the body.
    pub http_status: u16,
}

impl<E> ServiceError<E> {
    /// Builds a service error, for example to return one from a test double.
    pub fn new(
        code: E,
        message: impl Into<String>,
        request_id: impl Into<String>,
        http_status: u16,
    ) -> Self {
        Self {
            code,
            message: message.into(),
            request_id: request_id.into(),
            http_status,
        }
    }

    /// The same error with secrets removed from the service's message.
    pub(crate) fn redact(mut self, secrets: &[&str]) -> Self {
        self.message = redact_text(self.message, secrets);
        self
    }
}

impl<E: ErrorCode> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)?;
        if self.request_id.is_empty() {
            f.write_str(" (no RequestId)")
        } else {
            write!(f, " (RequestId: {})", self.request_id)
        }
    }
}

impl<E: ErrorCode> StdError for ServiceError<E> {}

/// Every way a call can fail.
///
/// A documented code is matched in one pattern:
///
/// ```
/// # use tencentcloud_runtime::{Error, ErrorCode, ServiceError};
/// # #[derive(Debug)]
/// # enum TerminateAsyncEventError { ResourceNotFoundFunction, Unknown { code: String } }
/// # impl ErrorCode for TerminateAsyncEventError {
/// #     fn from_code(code: &str) -> Self {
/// #         match code {
/// #             "ResourceNotFound.Function" => Self::ResourceNotFoundFunction,
/// #             other => Self::Unknown { code: other.to_owned() },
/// #         }
/// #     }
/// #     fn as_str(&self) -> &str {
/// #         match self {
/// #             Self::ResourceNotFoundFunction => "ResourceNotFound.Function",
/// #             Self::Unknown { code } => code,
/// #         }
/// #     }
/// # }
/// fn describe(result: Result<(), Error<TerminateAsyncEventError>>) -> String {
///     match result {
///         Ok(()) => "terminated".to_owned(),
///         Err(Error::Service(ServiceError {
///             code: TerminateAsyncEventError::ResourceNotFoundFunction,
///             request_id,
///             ..
///         })) => format!("no such function (request {request_id})"),
///         Err(other) => format!("failed: {other}"),
///     }
/// }
///
/// let err = Error::Service(ServiceError::new(
///     TerminateAsyncEventError::from_code("ResourceNotFound.Function"),
///     "The function does not exist.",
///     "ee33",
///     200,
/// ));
/// assert_eq!(describe(Err(err)), "no such function (request ee33)");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The service answered with an error envelope.
    Service(ServiceError<E>),
    /// No credentials, or unusable ones. Nothing was sent.
    Credentials(CredentialsError),
    /// The request could not be built, for example because it could not be
    /// serialized. Nothing was sent.
    InvalidRequest(InvalidRequestError),
    /// Connecting, sending or receiving failed, or timed out.
    Transport(TransportError),
    /// A response arrived but is not a valid envelope.
    Response(ResponseError),
}

impl<E: ErrorCode> Error<E> {
    /// The typed service error code, for [`Error::Service`].
    pub fn code(&self) -> Option<&E> {
        self.as_service().map(|e| &e.code)
    }

    /// The wire error code, for example `"ResourceNotFound.Function"`, for
    /// [`Error::Service`].
    pub fn code_str(&self) -> Option<&str> {
        self.code().map(E::as_str)
    }

    /// The service's message for [`Error::Service`]; the `Display` text of
    /// the error otherwise.
    pub fn message(&self) -> String {
        match self {
            Self::Service(e) => e.message.clone(),
            other => other.to_string(),
        }
    }

    /// The request id, when the service assigned one and it reached us: always
    /// for [`Error::Service`] (unless the envelope lacked it), and for
    /// [`Error::Response`] when the body still held one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(e) => Some(e.request_id.as_str()).filter(|id| !id.is_empty()),
            Self::Response(e) => e.request_id(),
            _ => None,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Service(e) => Some(e.http_status),
            Self::Response(e) => Some(e.http_status()),
            _ => None,
        }
    }

    /// The service error, if this is one.
    pub fn as_service(&self) -> Option<&ServiceError<E>> {
        match self {
            Self::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service error by value.
    ///
    /// # Errors
    ///
    /// The error itself, unchanged, if it is not [`Error::Service`].
    pub fn into_service(self) -> Result<ServiceError<E>, Self> {
        match self {
            Self::Service(e) => Ok(e),
            other => Err(other),
        }
    }

    /// Whether the service rejected the call for exceeding a request rate
    /// limit (codes `RequestLimitExceeded` and `RequestLimitExceeded.*`).
    pub fn is_throttling(&self) -> bool {
        self.code_str().is_some_and(|code| {
            code.strip_prefix("RequestLimitExceeded")
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
    }
}

impl<E: ErrorCode> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Service(e) => e.fmt(f),
            Self::Credentials(e) => e.fmt(f),
            Self::InvalidRequest(e) => e.fmt(f),
            Self::Transport(e) => e.fmt(f),
            Self::Response(e) => e.fmt(f),
        }
    }
}

impl<E: ErrorCode> StdError for Error<E> {
    // Transparent: Display already shows the variant, so the chain continues
    // with the variant's own cause.
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Service(e) => e.source(),
            Self::Credentials(e) => e.source(),
            Self::InvalidRequest(e) => e.source(),
            Self::Transport(e) => e.source(),
            Self::Response(e) => e.source(),
        }
    }
}

impl<E> From<ServiceError<E>> for Error<E> {
    fn from(e: ServiceError<E>) -> Self {
        Self::Service(e)
    }
}

impl<E> From<CredentialsError> for Error<E> {
    fn from(e: CredentialsError) -> Self {
        Self::Credentials(e)
    }
}

impl<E> From<InvalidRequestError> for Error<E> {
    fn from(e: InvalidRequestError) -> Self {
        Self::InvalidRequest(e)
    }
}

impl<E> From<TransportError> for Error<E> {
    fn from(e: TransportError) -> Self {
        Self::Transport(e)
    }
}

impl<E> From<ResponseError> for Error<E> {
    fn from(e: ResponseError) -> Self {
        Self::Response(e)
    }
}

/// The request could not be built; nothing was sent.
#[derive(Debug)]
pub struct InvalidRequestError {
    message: String,
    source: Option<BoxError>,
}

impl InvalidRequestError {
    /// An error with a description and, optionally, its cause.
    pub fn new(message: impl Into<String>, source: Option<BoxError>) -> Self {
        Self {
            message: message.into(),
            source,
        }
    }

    pub(crate) fn serialization(source: serde_json::Error) -> Self {
        Self::new(
            "the request could not be serialized to JSON",
            Some(Box::new(source)),
        )
    }
}

impl fmt::Display for InvalidRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: {}", self.message)
    }
}

impl StdError for InvalidRequestError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// What went wrong below HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be established (refused, DNS, TLS handshake).
    Connect,
    /// The configured connect or request timeout elapsed.
    Timeout,
    /// The connection failed while sending the request or reading the response.
    Io,
    /// Anything else.
    Other,
}

/// Connecting, sending or receiving failed.
///
/// [`may_have_been_sent`](Self::may_have_been_sent) says whether the server may
/// have received the request, which decides whether a non-idempotent action
/// can safely be retried. `Debug` and `Display` never show request headers.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    may_have_been_sent: bool,
    source: Option<BoxError>,
}

impl TransportError {
    /// An error of `kind`; `source` is the underlying error, if any.
    ///
    /// Meant for [`HttpTransport`](crate::transport::HttpTransport)
    /// implementations. The source's `Display` and `Debug` must not contain
    /// secrets such as request headers.
    pub fn new(
        kind: TransportErrorKind,
        may_have_been_sent: bool,
        source: Option<BoxError>,
    ) -> Self {
        Self {
            kind,
            may_have_been_sent,
            source,
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the server may have received the request. `false` only when it
    /// certainly did not, for example when the connection was refused.
    pub fn may_have_been_sent(&self) -> bool {
        self.may_have_been_sent
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            TransportErrorKind::Connect => "could not connect to the endpoint",
            TransportErrorKind::Timeout => "the request timed out",
            TransportErrorKind::Io => "the connection failed during the request",
            TransportErrorKind::Other => "the HTTP request failed",
        })?;
        f.write_str(if self.may_have_been_sent {
            " (the request may have been sent)"
        } else {
            " (the request was not sent)"
        })
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// Longest body prefix kept in a [`ResponseError`], in bytes.
pub(crate) const EXCERPT_LIMIT: usize = 512;

/// A response arrived but is not a valid envelope: a proxy's HTML page, an
/// empty or truncated body, or JSON of the wrong shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    http_status: u16,
    request_id: Option<String>,
    body_excerpt: String,
    body_len: usize,
    reason: String,
}

impl ResponseError {
    /// An error for a response with `http_status` and `body`, which could
    /// not be decoded for `reason`. Keeps only an excerpt of the body.
    pub fn new(
        http_status: u16,
        body: &[u8],
        request_id: Option<String>,
        reason: impl Into<String>,
    ) -> Self {
        Self {
            http_status,
            request_id,
            body_excerpt: excerpt(body),
            body_len: body.len(),
            reason: reason.into(),
        }
    }

    /// The HTTP status of the response.
    pub fn http_status(&self) -> u16 {
        self.http_status
    }

    /// The request id, if the body held one despite being invalid.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// At most the first 512 bytes of the body, cut at a character boundary;
    /// bytes that are not UTF-8 are replaced with U+FFFD.
    pub fn body_excerpt(&self) -> &str {
        &self.body_excerpt
    }

    /// Length of the whole body in bytes.
    pub fn body_len(&self) -> usize {
        self.body_len
    }

    /// Why the body was rejected, for example the JSON decoder's message.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// Removes secrets from the kept text, in case the endpoint echoed the
    /// request (a debugging proxy, a misconfigured gateway).
    pub(crate) fn redact(mut self, secrets: &[&str]) -> Self {
        self.body_excerpt = redact_text(self.body_excerpt, secrets);
        self.reason = redact_text(self.reason, secrets);
        self
    }
}

/// `text` with every non-empty secret replaced by the redaction marker.
fn redact_text(text: String, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|s| !s.is_empty())
        .fold(text, |text, secret| {
            if text.contains(secret) {
                text.replace(secret, crate::credentials::REDACTED)
            } else {
                text
            }
        })
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid response (HTTP {}, {} bytes): {}",
            self.http_status, self.body_len, self.reason
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (RequestId: {id})")?;
        }
        if !self.body_excerpt.is_empty() {
            // Debug-quoted so that control characters from the body cannot
            // rewrite a terminal or forge log lines.
            write!(f, "; body begins {:?}", self.body_excerpt)?;
        }
        Ok(())
    }
}

impl StdError for ResponseError {}

fn excerpt(body: &[u8]) -> String {
    let head = &body[..body.len().min(EXCERPT_LIMIT)];
    match std::str::from_utf8(head) {
        Ok(text) => text.to_owned(),
        // Only the last character was cut by the limit: drop its start.
        Err(e) if e.error_len().is_none() => {
            String::from_utf8_lossy(&head[..e.valid_up_to()]).into_owned()
        }
        Err(_) => String::from_utf8_lossy(head).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_keeps_short_bodies_whole() {
        assert_eq!(excerpt(b"<html>"), "<html>");
        assert_eq!(excerpt(b""), "");
    }

    #[test]
    fn excerpt_cuts_at_a_character_boundary() {
        // 511 ASCII bytes, then a 3-byte character straddling the limit.
        let mut body = vec![b'a'; EXCERPT_LIMIT - 1];
        body.extend_from_slice("中文".as_bytes());
        let text = excerpt(&body);
        assert_eq!(text.len(), EXCERPT_LIMIT - 1);
        assert!(text.bytes().all(|b| b == b'a'));
    }

    #[test]
    fn excerpt_replaces_invalid_utf8() {
        assert_eq!(excerpt(b"ok\xff\xfe"), "ok\u{fffd}\u{fffd}");
    }

    #[test]
    fn redact_removes_secrets_from_excerpt_and_reason() {
        let e =
            ResponseError::new(502, b"echo: tok-123", None, "bad tok-123").redact(&["tok-123", ""]);
        assert!(!e.to_string().contains("tok-123"));
        assert!(!format!("{e:?}").contains("tok-123"));
    }

    #[test]
    fn redact_removes_secrets_from_a_service_message() {
        let e = ServiceError::new("InvalidParameter", "bad key sk-9 with tok-1", "r", 200)
            .redact(&["sk-9", "tok-1"]);
        assert_eq!(e.message, "bad key ** redacted ** with ** redacted **");
    }

    #[test]
    fn throttling_matches_the_code_family_only() {
        use crate::codes::CodeText as Code;
        let err =
            |code: &str| Error::Service(ServiceError::new(Code::from_code(code), "", "", 200));
        assert!(err("RequestLimitExceeded").is_throttling());
        assert!(err("RequestLimitExceeded.UinLimitExceeded").is_throttling());
        assert!(!err("RequestLimitExceededSoon").is_throttling());
        assert!(!err("InternalError").is_throttling());
    }
}
