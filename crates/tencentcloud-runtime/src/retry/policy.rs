//! What decides whether a failed attempt is tried again ([`RetryPolicy`]), and how
//! long to wait before it ([`BackoffPolicy`]).

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use crate::codes::ErrorCode;
use crate::error::Error;
use crate::transport::TransportErrorKind;

/// Decides whether a failed attempt is tried again.
///
/// [`RetryConfig`](crate::RetryConfig) is the default; implement this to retry on
/// other conditions, and install it with
/// [`ConfigBuilder::with_retry_policy`](crate::ConfigBuilder::with_retry_policy) or
/// for one call with [`CallOptions::with_retry_policy`](crate::CallOptions::with_retry_policy).
///
/// ```
/// use tencentcloud_runtime::{AttemptFailure, RetryPolicy, RetryReason};
///
/// /// The default rules, and `FailedOperation.Busy` too, up to 5 attempts.
/// #[derive(Debug)]
/// struct BusyIsRetried;
///
/// impl RetryPolicy for BusyIsRetried {
///     fn on_error(&self, failure: &AttemptFailure<'_>) -> Option<RetryReason> {
///         if failure.attempt() >= 5 {
///             return None;
///         }
///         if failure.code_str() == Some("FailedOperation.Busy") {
///             return Some(RetryReason::Throttled);
///         }
///         failure.default_reason()
///     }
/// }
/// ```
pub trait RetryPolicy: fmt::Debug + Send + Sync + 'static {
    /// Whether to try again after `failure`, and why; `None` ends the call with it.
    fn on_error(&self, failure: &AttemptFailure<'_>) -> Option<RetryReason>;

    /// Whether a timestamp the server rejects as expired (`AuthFailure.SignatureExpire`)
    /// is corrected from the server's clock and tried once more. It was not executed,
    /// so this is safe for every action; on by default.
    fn retries_clock_skew(&self) -> bool {
        true
    }
}

/// How long to wait before a retry.
pub trait BackoffPolicy: fmt::Debug + Send + Sync + 'static {
    /// The wait before retry `retry` (1 for the first).
    fn delay(&self, retry: u32) -> Duration;
}

/// Why a failed attempt may be tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryReason {
    /// The service refused the request for its rate limit.
    Throttled,
    /// The connection failed before the request was written.
    NotSent,
    /// A network failure or timeout after the request may have been sent.
    Network,
    /// An HTTP 5xx status.
    ServerError,
}

impl RetryReason {
    /// A short name for logs, for example `"throttled"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Throttled => "throttled",
            Self::NotSent => "not_sent",
            Self::Network => "network",
            Self::ServerError => "server_error",
        }
    }
}

/// A failed attempt, as a [`RetryPolicy`] sees it.
#[derive(Debug, Clone, Copy)]
pub struct AttemptFailure<'a> {
    attempt: u32,
    idempotent: bool,
    code: Option<&'a str>,
    http_status: Option<u16>,
    transport: Option<(TransportErrorKind, bool)>,
}

impl<'a> AttemptFailure<'a> {
    /// Attempt `attempt` (1 for the first) of an action that is (or is not)
    /// idempotent failed with `error`.
    pub fn new<E: ErrorCode>(attempt: u32, idempotent: bool, error: &'a Error<E>) -> Self {
        Self {
            attempt,
            idempotent,
            code: error.code_str(),
            http_status: error.http_status(),
            transport: match error {
                Error::Transport(t) => Some((t.kind(), t.may_have_been_sent())),
                _ => None,
            },
        }
    }

    /// Which attempt failed, 1 for the first (clock-skew retries not counted).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Whether repeating the action is harmless.
    pub fn idempotent(&self) -> bool {
        self.idempotent
    }

    /// The service's error code as sent, for a service error (`code_str`, as on
    /// [`Error::code_str`]: `code` always means a typed code in this crate).
    pub fn code_str(&self) -> Option<&'a str> {
        self.code
    }

    /// The HTTP status, when a response arrived.
    pub fn http_status(&self) -> Option<u16> {
        self.http_status
    }

    /// For a transport failure: what went wrong and whether the request may have
    /// reached the server.
    pub fn transport(&self) -> Option<(TransportErrorKind, bool)> {
        self.transport
    }

    /// The default rules, whatever the attempt: see [`RetryConfig`](crate::RetryConfig).
    pub fn default_reason(&self) -> Option<RetryReason> {
        let throttled = self.code.is_some_and(|code| {
            code.strip_prefix("RequestLimitExceeded")
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        });
        if throttled {
            return Some(RetryReason::Throttled);
        }
        match self.transport {
            // Only failures of the connection itself: an unsendable request
            // (kind Other) fails the same way every time.
            Some((TransportErrorKind::Connect | TransportErrorKind::Timeout, false)) => {
                Some(RetryReason::NotSent)
            }
            Some((_, false)) => None,
            Some(_) if self.idempotent => Some(RetryReason::Network),
            _ if self.idempotent && self.http_status.is_some_and(|s| s >= 500) => {
                Some(RetryReason::ServerError)
            }
            _ => None,
        }
    }
}

/// A random number from the standard library's per-process hash keys, mixed
/// with a counter: enough for jitter and nonces, and no dependency.
pub(crate) fn random_u64() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}
