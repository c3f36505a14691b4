//! The failure of a transport: connecting, sending or receiving.

use std::error::Error as StdError;
use std::fmt;

type BoxError = Box<dyn StdError + Send + Sync>;

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
