//! The optional client-side QPS limiter: one token bucket per action.
//!
//! Tencent Cloud documents a per-second request limit for many actions
//! ([`ActionMeta::qps_limit`](crate::ActionMeta::qps_limit)) and answers `RequestLimitExceeded` past it.
//! Waiting on the client instead spends no request and no retry. Each bucket
//! holds one second's worth of tokens, so a burst up to the limit goes out at
//! once and the rest at the limit's rate. Every attempt takes a token, retries
//! included, since the server counts them all.
//!
//! The bucket itself, [`TokenBucket`], is also the server side's (see
//! `tencentcloud-server`), which refuses a request instead of waiting.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::service::ActionRef;

/// Token buckets keyed by action name; owned by one client and shared by its
/// clones.
#[derive(Debug, Default)]
pub(crate) struct QpsLimiter {
    buckets: Mutex<HashMap<String, TokenBucket>>,
}

/// A token bucket for a limit of `per_second` requests a second: it holds up to
/// `per_second` tokens, starts full and refills at `per_second` tokens a second,
/// so a burst of `per_second` requests passes at once and `per_second` a second
/// after that.
///
/// A request either takes a token if one is there ([`try_take`](Self::try_take),
/// for a server that refuses requests past the limit) or reserves the next one
/// and waits for it ([`reserve`](Self::reserve), for a client that holds requests
/// back). It is not synchronized: keep it behind a lock.
///
/// ```
/// use std::time::{Duration, Instant};
/// use tencentcloud_runtime::TokenBucket;
///
/// let start = Instant::now();
/// let mut bucket = TokenBucket::new(2, start);
/// assert!(bucket.try_take(start) && bucket.try_take(start));
/// assert!(!bucket.try_take(start));
/// assert_eq!(bucket.reserve(start), Duration::from_millis(500));
/// ```
#[derive(Debug, Clone)]
pub struct TokenBucket {
    /// May go negative after [`reserve`](Self::reserve): each waiting caller
    /// reserves its token up front, so waiters are served in arrival order
    /// without polling.
    tokens: f64,
    per_second: f64,
    updated: std::time::Instant,
}

impl TokenBucket {
    /// A full bucket for `per_second` requests a second, as of `now`. A limit of
    /// 0 never has a token.
    pub fn new(per_second: u32, now: std::time::Instant) -> Self {
        let per_second = f64::from(per_second);
        TokenBucket {
            tokens: per_second,
            per_second,
            updated: now,
        }
    }

    /// Takes a token at `now` if there is one; `false`, taking nothing, if not.
    pub fn try_take(&mut self, now: std::time::Instant) -> bool {
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Takes the next token at `now`, available or not, and returns how long
    /// until it is: zero if it is there now ([`Duration::MAX`] for a limit of 0).
    pub fn reserve(&mut self, now: std::time::Instant) -> Duration {
        self.refill(now);
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::try_from_secs_f64(-self.tokens / self.per_second).unwrap_or(Duration::MAX)
        }
    }

    /// Adds the tokens earned since the last update, up to one second's worth.
    fn refill(&mut self, now: std::time::Instant) {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.per_second);
        self.updated = now;
    }
}

impl QpsLimiter {
    /// Waits until `action` may be sent. Returns at once for actions without
    /// a documented limit.
    pub(crate) async fn acquire(&self, action: ActionRef<'_>) {
        let wait = self.reserve(action, Instant::now());
        if !wait.is_zero() {
            tracing::debug!(
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "waiting for the client-side QPS limit"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// Takes a token for `action` at `now` and returns how long to wait for it.
    fn reserve(&self, action: ActionRef<'_>, now: Instant) -> Duration {
        let Some(limit) = action.qps_limit.filter(|&n| n > 0) else {
            return Duration::ZERO;
        };
        // tokio's clock, which tests pause, read as the std instant it stands for.
        let now = now.into_std();
        // A poisoned lock only means another caller panicked mid-update; the
        // bucket is still a valid number.
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(bucket) = buckets.get_mut(action.name) {
            return bucket.reserve(now);
        }
        let mut bucket = TokenBucket::new(limit, now);
        let wait = bucket.reserve(now);
        buckets.insert(action.name.to_owned(), bucket);
        wait
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::ActionMeta;

    static LIMITED: ActionMeta = ActionMeta {
        name: "Limited",
        qps_limit: Some(4),
        idempotent: false,
    };
    static UNLIMITED: ActionMeta = ActionMeta {
        name: "Unlimited",
        qps_limit: None,
        idempotent: false,
    };

    #[test]
    fn burst_up_to_the_limit_then_evenly_spaced_waits() {
        let limiter = QpsLimiter::default();
        let t0 = Instant::now();
        let waits: Vec<u128> = (0..7)
            .map(|_| limiter.reserve((&LIMITED).into(), t0).as_millis())
            .collect();
        assert_eq!(waits, [0, 0, 0, 0, 250, 500, 750]);
    }

    #[test]
    fn tokens_refill_with_time_up_to_one_second_worth() {
        let limiter = QpsLimiter::default();
        let t0 = Instant::now();
        for _ in 0..4 {
            limiter.reserve((&LIMITED).into(), t0);
        }
        // Ten seconds idle refills four tokens, not forty.
        let later = t0 + Duration::from_secs(10);
        let waits: Vec<u128> = (0..5)
            .map(|_| limiter.reserve((&LIMITED).into(), later).as_millis())
            .collect();
        assert_eq!(waits, [0, 0, 0, 0, 250]);
    }

    #[test]
    fn actions_without_a_limit_never_wait() {
        let limiter = QpsLimiter::default();
        let t0 = Instant::now();
        assert!((0..1000).all(|_| limiter.reserve((&UNLIMITED).into(), t0).is_zero()));
    }
}
