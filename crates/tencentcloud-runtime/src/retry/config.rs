//! The default retry policy and backoff: [`RetryConfig`].

use std::time::Duration;

use super::policy::{AttemptFailure, BackoffPolicy, RetryPolicy, RetryReason, random_u64};

/// How many times a call is attempted and how long to wait between attempts.
///
/// On by default. Which failures are retried is fixed by what the server can
/// have seen, so that a retry never repeats an effect the caller did not ask
/// to repeat:
///
/// - throttling (`RequestLimitExceeded` and `RequestLimitExceeded.*`) is
///   retried for every action: the server refused the request without
///   executing it;
/// - a connection that failed before the request was written (refused, DNS,
///   TLS handshake, connect timeout) is retried for every action;
/// - any other network failure, a timeout, or an HTTP 5xx status is retried
///   only for actions whose [`ActionMeta::idempotent`](crate::ActionMeta::idempotent)
///   is `true`, because the server may have executed the request;
/// - nothing else is retried: a service error is the answer.
///
/// Separately, a timestamp rejected with `AuthFailure.SignatureExpire` is
/// corrected from the server's `Date` header and retried once, as the server
/// did not execute it.
///
/// It is the default [`RetryPolicy`] and [`BackoffPolicy`]; either can be replaced,
/// for a whole client or for one call ([`CallOptions`](crate::CallOptions)).
///
/// Every attempt is signed afresh, with a new timestamp and the credentials
/// the provider returns at that moment. Waits use exponential backoff with
/// full jitter, and no wait starts that would end past the
/// [total timeout](crate::ConfigBuilder::with_total_timeout).
///
/// ```
/// use std::time::Duration;
/// use tencentcloud_runtime::{Config, RetryConfig};
///
/// let config = Config::builder()
///     .with_retry(
///         RetryConfig::default()
///             .with_max_attempts(5)
///             .with_max_delay(Duration::from_secs(5)),
///     )
///     .build()?;
/// assert_eq!(config.retry().max_attempts(), 5);
///
/// // Exactly one attempt per call:
/// let config = Config::builder().with_retry(RetryConfig::disabled()).build()?;
/// assert!(!config.retry().is_enabled());
/// # Ok::<(), tencentcloud_runtime::ConfigError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl RetryConfig {
    /// Default number of attempts, the first included.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
    /// Default cap of the wait before the first retry; it doubles with each
    /// further retry.
    pub const DEFAULT_BASE_DELAY: Duration = Duration::from_millis(500);
    /// Default cap of any one wait.
    pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(20);

    /// One attempt per call: no retries, including the clock-skew retry.
    pub fn disabled() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Attempts per call, the first included; `0` counts as `1`.
    #[must_use]
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The wait before retry `n` is drawn uniformly from zero to
    /// `base_delay * 2^(n-1)`, capped by [`max_delay`](Self::with_max_delay).
    #[must_use]
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// The longest any one wait can be.
    #[must_use]
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Attempts per call, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// See [`with_base_delay`](Self::with_base_delay).
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// See [`with_max_delay`](Self::with_max_delay).
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// Whether a call may be attempted more than once.
    pub fn is_enabled(&self) -> bool {
        self.max_attempts > 1
    }

    /// The upper bound of the wait before retry `retry` (1 for the first).
    pub fn delay_cap(&self, retry: u32) -> Duration {
        let factor = 1u32 << retry.saturating_sub(1).min(31);
        self.base_delay
            .checked_mul(factor)
            .unwrap_or(Duration::MAX)
            .min(self.max_delay)
    }

    /// Full jitter: uniform in `[0, delay_cap(retry)]`.
    pub fn jittered_delay(&self, retry: u32) -> Duration {
        let cap = self.delay_cap(retry);
        let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        if cap_nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(random_u64() % cap_nanos.saturating_add(1))
    }
}

impl Default for RetryConfig {
    /// [`DEFAULT_MAX_ATTEMPTS`](Self::DEFAULT_MAX_ATTEMPTS),
    /// [`DEFAULT_BASE_DELAY`](Self::DEFAULT_BASE_DELAY) and
    /// [`DEFAULT_MAX_DELAY`](Self::DEFAULT_MAX_DELAY).
    fn default() -> Self {
        Self {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            base_delay: Self::DEFAULT_BASE_DELAY,
            max_delay: Self::DEFAULT_MAX_DELAY,
        }
    }
}

impl RetryPolicy for RetryConfig {
    /// The fixed rules (see the type's documentation), up to
    /// [`max_attempts`](Self::max_attempts).
    fn on_error(&self, failure: &AttemptFailure<'_>) -> Option<RetryReason> {
        if failure.attempt() >= self.max_attempts {
            return None;
        }
        failure.default_reason()
    }

    fn retries_clock_skew(&self) -> bool {
        self.is_enabled()
    }
}

impl BackoffPolicy for RetryConfig {
    fn delay(&self, retry: u32) -> Duration {
        self.jittered_delay(retry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{CodeText as Code, ErrorCode};
    use crate::error::{Error, ResponseError, ServiceError};
    use crate::transport::{TransportError, TransportErrorKind};

    fn service(code: &str, status: u16) -> Error<Code> {
        Error::Service(ServiceError::new(Code::from_code(code), "", "r", status))
    }

    fn transport(kind: TransportErrorKind, sent: bool) -> Error<Code> {
        Error::Transport(TransportError::new(kind, sent, None))
    }

    /// What the default rules say of a first attempt's failure.
    fn classify(error: &Error<Code>, idempotent: bool) -> Option<RetryReason> {
        RetryConfig::default().on_error(&AttemptFailure::new(1, idempotent, error))
    }

    #[test]
    fn throttling_is_retried_for_every_action() {
        for idempotent in [false, true] {
            for code in [
                "RequestLimitExceeded",
                "RequestLimitExceeded.UinLimitExceeded",
            ] {
                assert_eq!(
                    classify(&service(code, 200), idempotent),
                    Some(RetryReason::Throttled)
                );
            }
        }
    }

    #[test]
    fn unsent_connection_failures_are_retried_for_every_action() {
        for kind in [TransportErrorKind::Connect, TransportErrorKind::Timeout] {
            assert_eq!(
                classify(&transport(kind, false), false),
                Some(RetryReason::NotSent)
            );
        }
        assert_eq!(
            classify(&transport(TransportErrorKind::Other, false), true),
            None
        );
    }

    #[test]
    fn possibly_sent_failures_are_retried_only_when_idempotent() {
        for kind in [TransportErrorKind::Io, TransportErrorKind::Timeout] {
            assert_eq!(classify(&transport(kind, true), false), None);
            assert_eq!(
                classify(&transport(kind, true), true),
                Some(RetryReason::Network)
            );
        }
        let bad_gateway = Error::<Code>::Response(ResponseError::new(502, b"<html>", None, "x"));
        assert_eq!(classify(&bad_gateway, false), None);
        assert_eq!(classify(&bad_gateway, true), Some(RetryReason::ServerError));
        assert_eq!(
            classify(&service("InternalError", 500), true),
            Some(RetryReason::ServerError)
        );
    }

    #[test]
    fn service_errors_and_client_errors_are_not_retried() {
        for idempotent in [false, true] {
            assert_eq!(classify(&service("InternalError", 200), idempotent), None);
            assert_eq!(
                classify(&service("ResourceNotFound.Function", 200), idempotent),
                None
            );
            let truncated = Error::<Code>::Response(ResponseError::new(200, b"{\"Re", None, "x"));
            assert_eq!(classify(&truncated, idempotent), None);
        }
    }

    #[test]
    fn delay_cap_doubles_up_to_the_maximum() {
        let config = RetryConfig::default()
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(700));
        let caps: Vec<u128> = (1..=5).map(|n| config.delay_cap(n).as_millis()).collect();
        assert_eq!(caps, [100, 200, 400, 700, 700]);
        assert_eq!(config.delay_cap(u32::MAX), Duration::from_millis(700));
    }

    #[test]
    fn jittered_delay_stays_within_the_cap_and_varies() {
        let config = RetryConfig::default().with_base_delay(Duration::from_millis(100));
        let delays: Vec<Duration> = (0..200).map(|_| config.jittered_delay(1)).collect();
        assert!(delays.iter().all(|d| *d <= Duration::from_millis(100)));
        let distinct: std::collections::HashSet<_> = delays.iter().collect();
        assert!(distinct.len() > 100, "{}", distinct.len());
        assert_eq!(
            RetryConfig::default()
                .with_base_delay(Duration::ZERO)
                .jittered_delay(3),
            Duration::ZERO
        );
    }

    #[test]
    fn zero_attempts_means_one() {
        assert_eq!(
            RetryConfig::default().with_max_attempts(0).max_attempts(),
            1
        );
        assert!(!RetryConfig::disabled().is_enabled());
        assert!(RetryConfig::default().is_enabled());
    }
}
