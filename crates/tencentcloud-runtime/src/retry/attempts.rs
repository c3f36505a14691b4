//! The attempts of one call: credentials, the QPS limiter, clock-skew correction and
//! backoff, under the call's deadline, in one place. The attempt itself (sign, send,
//! decode) and the sleep are given as functions, so the loop knows nothing of HTTP and
//! is tested on a fake clock.

use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use super::policy::{AttemptFailure, BackoffPolicy, RetryPolicy};
use crate::codes::ErrorCode;
use crate::creds::{Credentials, CredentialsError};
use crate::error::Error;
use crate::time_source::SharedTimeSource;
use crate::transport::{TransportError, TransportErrorKind};

/// The error code of a request whose timestamp is too far from the server's clock.
const SIGNATURE_EXPIRE: &str = "AuthFailure.SignatureExpire";

/// The client's clock for timestamps, and the seconds to add to it, learnt from the
/// server's `Date` when it rejects a timestamp; shared by a client's clones, so that
/// one correction serves every later call.
#[derive(Debug, Default)]
pub(crate) struct Skew {
    clock: SharedTimeSource,
    offset: AtomicI64,
}

impl Skew {
    /// No correction yet, on `clock`.
    pub(crate) fn new(clock: SharedTimeSource) -> Self {
        Self {
            clock,
            offset: AtomicI64::new(0),
        }
    }

    /// Now, in unix seconds, corrected.
    pub(crate) fn timestamp(&self) -> i64 {
        self.clock
            .unix_seconds()
            .saturating_add(self.offset.load(Ordering::Relaxed))
    }

    fn learn(&self, server_time: i64) -> i64 {
        let offset = server_time.saturating_sub(self.clock.unix_seconds());
        self.offset.store(offset, Ordering::Relaxed);
        offset
    }
}

/// What one attempt produced.
pub(crate) struct Outcome<T, E> {
    pub(crate) result: Result<T, Error<E>>,
    /// The server's clock, from its `Date` header, in unix seconds.
    pub(crate) server_time: Option<i64>,
}

/// The policies and limits of one call's attempts.
pub(crate) struct AttemptLoop<'a> {
    pub(crate) policy: &'a dyn RetryPolicy,
    pub(crate) backoff: &'a dyn BackoffPolicy,
    pub(crate) idempotent: bool,
    pub(crate) deadline: Option<Instant>,
    pub(crate) skew: &'a Skew,
}

impl AttemptLoop<'_> {
    /// Runs attempts until one succeeds or the policy gives up, and returns the last
    /// error then. `first` are the credentials of the first attempt; later attempts
    /// ask `credentials` again, so that refreshed ones are used. `limiter`, when
    /// given, is awaited before each attempt, within the deadline. `attempt` gets the
    /// attempt's number, credentials and (skew-corrected) timestamp.
    pub(crate) async fn run<T, E, C, CF, L, LF, A, AF, S, SF>(
        &self,
        first: Credentials,
        credentials: C,
        limiter: Option<L>,
        mut attempt: A,
        sleep: S,
    ) -> Result<T, Error<E>>
    where
        E: ErrorCode,
        C: Fn() -> CF,
        CF: Future<Output = Result<Credentials, CredentialsError>>,
        L: Fn() -> LF,
        LF: Future<Output = ()>,
        A: FnMut(u32, &Credentials, i64) -> AF,
        AF: Future<Output = Outcome<T, E>>,
        S: Fn(Duration) -> SF,
        SF: Future<Output = ()>,
    {
        let mut credentials_now = first;
        let mut number: u32 = 0;
        let mut skew_retried = false;
        loop {
            number += 1;
            if number > 1 {
                credentials_now = credentials().await?;
            }
            if let Some(limiter) = &limiter {
                run_until(self.deadline, limiter())
                    .await
                    .ok_or_else(total_timeout_before_sending)?;
            }
            let outcome = attempt(number, &credentials_now, self.skew.timestamp()).await;
            let error = match outcome.result {
                Ok(value) => return Ok(value),
                Err(error) => error,
            };

            if error.code_str() == Some(SIGNATURE_EXPIRE) {
                if let Some(server_time) = outcome.server_time {
                    let offset = self.skew.learn(server_time);
                    tracing::warn!(
                        clock_offset_s = offset,
                        "the server rejected the timestamp; correcting for clock skew"
                    );
                    if self.policy.retries_clock_skew() && !skew_retried {
                        skew_retried = true;
                        continue;
                    }
                }
                return Err(error);
            }

            let counted = number - u32::from(skew_retried);
            let failure = AttemptFailure::new(counted, self.idempotent, &error);
            let Some(reason) = self.policy.on_error(&failure) else {
                return Err(error);
            };
            let delay = self.backoff.delay(counted);
            if self
                .deadline
                .is_some_and(|deadline| Instant::now() + delay >= deadline)
            {
                return Err(error);
            }
            tracing::debug!(
                attempt = number,
                reason = reason.as_str(),
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                %error,
                "retrying"
            );
            sleep(delay).await;
        }
    }
}

/// Runs `future` unless `deadline` passes first.
pub(crate) async fn run_until<F: Future>(
    deadline: Option<Instant>,
    future: F,
) -> Option<F::Output> {
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

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::codes::CodeText as Code;
    use crate::error::ServiceError;
    use crate::retry::RetryConfig;

    fn failure(code: &str) -> Outcome<(), Code> {
        Outcome {
            result: Err(Error::Service(ServiceError::new(
                <Code as ErrorCode>::from_code(code),
                "",
                "r",
                200,
            ))),
            server_time: None,
        }
    }

    /// Runs the loop with a sleep that only records, on answers given in order.
    async fn run(
        retry: &RetryConfig,
        answers: Vec<Outcome<(), Code>>,
    ) -> (Result<(), Error<Code>>, Vec<Duration>, u32) {
        let skew = Skew::default();
        let slept = RefCell::new(Vec::new());
        let answers = RefCell::new(answers.into_iter());
        let attempts = RefCell::new(0);
        let result = AttemptLoop {
            policy: retry,
            backoff: retry,
            idempotent: false,
            deadline: None,
            skew: &skew,
        }
        .run(
            Credentials::new("id", "key"),
            || async { Ok(Credentials::new("id", "key")) },
            None::<fn() -> std::future::Ready<()>>,
            |_, _, _| {
                *attempts.borrow_mut() += 1;
                let next = answers.borrow_mut().next();
                async move { next.unwrap_or_else(|| failure("NoMoreAnswers")) }
            },
            |delay| {
                slept.borrow_mut().push(delay);
                async {}
            },
        )
        .await;
        (result, slept.into_inner(), attempts.into_inner())
    }

    #[tokio::test]
    async fn throttling_is_retried_with_the_backoff_between_attempts() {
        let retry = RetryConfig::default()
            .with_base_delay(Duration::ZERO)
            .with_max_attempts(3);
        let (result, slept, attempts) = run(
            &retry,
            vec![
                failure("RequestLimitExceeded"),
                failure("RequestLimitExceeded"),
                Outcome {
                    result: Ok(()),
                    server_time: None,
                },
            ],
        )
        .await;
        assert!(result.is_ok());
        assert_eq!(attempts, 3);
        assert_eq!(slept, [Duration::ZERO, Duration::ZERO]);
    }

    #[tokio::test]
    async fn the_policy_gives_up_after_its_attempts() {
        let retry = RetryConfig::default()
            .with_base_delay(Duration::ZERO)
            .with_max_attempts(2);
        let (result, slept, attempts) = run(
            &retry,
            (0..5).map(|_| failure("RequestLimitExceeded")).collect(),
        )
        .await;
        assert_eq!(result.unwrap_err().code_str(), Some("RequestLimitExceeded"));
        assert_eq!((attempts, slept.len()), (2, 1));
    }

    #[tokio::test]
    async fn a_rejected_timestamp_is_corrected_and_retried_once() {
        let retry = RetryConfig::default();
        let expired = || Outcome::<(), Code> {
            server_time: Some(SharedTimeSource::default().unix_seconds() + 3600),
            ..failure(SIGNATURE_EXPIRE)
        };
        let (result, slept, attempts) = run(&retry, vec![expired(), expired()]).await;
        assert_eq!(result.unwrap_err().code_str(), Some(SIGNATURE_EXPIRE));
        assert_eq!(attempts, 2, "one correction, then the error");
        assert!(slept.is_empty(), "no backoff before the corrected attempt");
    }

    #[test]
    fn the_skew_learnt_is_added_to_the_clock() {
        let clock = crate::time_source::StaticTimeSource::from_unix_seconds(1_700_000_000);
        let skew = Skew::new(SharedTimeSource::new(clock));
        assert_eq!(skew.timestamp(), 1_700_000_000);
        assert_eq!(skew.learn(1_700_003_600), 3600);
        assert_eq!(skew.timestamp(), 1_700_003_600);
        assert_eq!(skew.learn(1_699_999_000), -1000);
        assert_eq!(skew.timestamp(), 1_699_999_000);
    }
}
