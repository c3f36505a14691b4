//! Errors of a call, with the service's own error codes typed per action.
//!
//! Display strings describe one level; the cause, when there is one, is
//! reachable through [`std::error::Error::source`], so error reporters such as
//! `anyhow` print each piece once.

use std::error::Error as StdError;
use std::fmt;

use crate::codes::ErrorCode;
use crate::creds::CredentialsError;
pub use crate::envelope::ResponseError;
use crate::redact;
pub use crate::signing::InvalidRequestError;
pub use crate::transport::TransportError;

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
        self.message = redact::secrets(self.message, secrets);
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
    /// A paginator stopped because the service's pages did not advance. The pages
    /// before this one were delivered.
    Paging(PagingError),
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
            Self::Paging(e) => e.request_id.as_deref(),
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
            Self::Paging(e) => e.fmt(f),
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
            Self::Paging(e) => e.source(),
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

impl<E: ErrorCode> From<crate::envelope::Failure> for Error<E> {
    fn from(failure: crate::envelope::Failure) -> Self {
        match failure {
            crate::envelope::Failure::Service {
                code,
                message,
                request_id,
                http_status,
            } => Self::Service(ServiceError::new(
                E::from_code(&code),
                message,
                request_id,
                http_status,
            )),
            crate::envelope::Failure::Response(e) => Self::Response(e),
        }
    }
}

/// Why a paginator gave up: the service answered, but paging would not end.
///
/// Tencent's list actions are paged by the server's word: an offset it honours, a
/// total it reports truthfully, a token that changes. A server that breaks that word
/// would have a paginator fetch forever, so the paginator checks each page and stops
/// with this error instead.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PagingError {
    /// The action being paged.
    pub action: &'static str,
    /// What went wrong.
    pub kind: PagingErrorKind,
    /// How many pages had been fetched, this one included.
    pub pages: u64,
    /// The RequestId of the page that showed the problem, if its response had one.
    pub request_id: Option<String>,
}

/// What a [`PagingError`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingErrorKind {
    /// The page held the same items as the one before, so the service ignored the
    /// offset or page number it was sent.
    RepeatedPage,
    /// The response's next token had been sent before, so the tokens go round.
    RepeatedToken,
    /// The page was empty while the total the service reported was not reached.
    TotalNotReached {
        /// Items seen, counting from the first item.
        seen: u64,
        /// The total the service reported on this page.
        total: u64,
    },
}

impl PagingError {
    pub(crate) fn new(action: &'static str, kind: PagingErrorKind, pages: u64) -> Self {
        Self {
            action,
            kind,
            pages,
            request_id: None,
        }
    }
}

impl fmt::Display for PagingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "paging {} stopped at page {}: ", self.action, self.pages)?;
        match &self.kind {
            PagingErrorKind::RepeatedPage => {
                f.write_str("the service returned the previous page again")?;
            }
            PagingErrorKind::RepeatedToken => {
                f.write_str("the service returned a page token it had given before")?;
            }
            PagingErrorKind::TotalNotReached { seen, total } => write!(
                f,
                "the page was empty after {seen} items, but the service reported {total}"
            )?,
        }
        match &self.request_id {
            Some(id) => write!(f, " (RequestId: {id})"),
            None => Ok(()),
        }
    }
}

impl StdError for PagingError {}

impl<E> From<PagingError> for Error<E> {
    fn from(e: PagingError) -> Self {
        Self::Paging(e)
    }
}

impl<E> From<ResponseError> for Error<E> {
    fn from(e: ResponseError) -> Self {
        Self::Response(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
