//! Per-call overrides of a client's configuration.

use std::sync::Arc;
use std::time::Duration;

use crate::retry::{BackoffPolicy, RetryPolicy};

/// Overrides, for some calls, of what the client's [`Config`](crate::Config) says:
/// timeouts, whether the action may be repeated, and the retry and backoff policies.
///
/// A generated client applies them to every call of a clone:
/// `client.with_call_options(options).some_action(&request)`; a
/// [`CommonClient`](crate::CommonClient) also takes them for one call
/// ([`call_json_with`](crate::CommonClient::call_json_with)). Unset options keep
/// the configuration's value.
///
/// ```
/// use std::time::Duration;
/// use tencentcloud_runtime::{CallOptions, RetryConfig};
///
/// let options = CallOptions::new()
///     .with_total_timeout(Duration::from_secs(5))
///     // This caller knows the action is safe to repeat.
///     .with_idempotent(true)
///     .with_retry_policy(RetryConfig::default().with_max_attempts(5));
/// assert_eq!(options.total_timeout(), Some(Duration::from_secs(5)));
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CallOptions {
    timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    stream_idle_timeout: Option<Duration>,
    idempotent: Option<bool>,
    retry_policy: Option<Arc<dyn RetryPolicy>>,
    backoff: Option<Arc<dyn BackoffPolicy>>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// The limit on each attempt, response body included.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The limit on the whole call, retries and waits included.
    #[must_use]
    pub fn with_total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// The longest wait for the next event of a streaming call.
    #[must_use]
    pub fn with_stream_idle_timeout(mut self, timeout: Duration) -> Self {
        self.stream_idle_timeout = Some(timeout);
        self
    }

    /// Whether the action may be repeated after a failure that may have reached the
    /// server, in place of what its spec says.
    #[must_use]
    pub fn with_idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    /// The retry policy, in place of the configuration's.
    #[must_use]
    pub fn with_retry_policy(mut self, policy: impl RetryPolicy) -> Self {
        self.retry_policy = Some(Arc::new(policy));
        self
    }

    /// The backoff policy, in place of the configuration's.
    #[must_use]
    pub fn with_backoff(mut self, backoff: impl BackoffPolicy) -> Self {
        self.backoff = Some(Arc::new(backoff));
        self
    }

    /// See [`with_timeout`](Self::with_timeout).
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// See [`with_total_timeout`](Self::with_total_timeout).
    pub fn total_timeout(&self) -> Option<Duration> {
        self.total_timeout
    }

    /// See [`with_stream_idle_timeout`](Self::with_stream_idle_timeout).
    pub fn stream_idle_timeout(&self) -> Option<Duration> {
        self.stream_idle_timeout
    }

    /// See [`with_idempotent`](Self::with_idempotent).
    pub fn idempotent(&self) -> Option<bool> {
        self.idempotent
    }

    /// These options, with each one left unset taken from `base`.
    pub(crate) fn over(&self, base: &CallOptions) -> CallOptions {
        CallOptions {
            timeout: self.timeout.or(base.timeout),
            total_timeout: self.total_timeout.or(base.total_timeout),
            stream_idle_timeout: self.stream_idle_timeout.or(base.stream_idle_timeout),
            idempotent: self.idempotent.or(base.idempotent),
            retry_policy: self
                .retry_policy
                .clone()
                .or_else(|| base.retry_policy.clone()),
            backoff: self.backoff.clone().or_else(|| base.backoff.clone()),
        }
    }

    pub(crate) fn retry_policy(&self) -> Option<&dyn RetryPolicy> {
        self.retry_policy.as_deref()
    }

    pub(crate) fn backoff(&self) -> Option<&dyn BackoffPolicy> {
        self.backoff.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_set_for_a_call_win_and_the_rest_come_from_the_base() {
        let base = CallOptions::new()
            .with_timeout(Duration::from_secs(1))
            .with_idempotent(true);
        let call = CallOptions::new().with_idempotent(false);
        let merged = call.over(&base);
        assert_eq!(merged.idempotent(), Some(false));
        assert_eq!(merged.timeout(), Some(Duration::from_secs(1)));
        assert_eq!(merged.total_timeout(), None);
    }
}
