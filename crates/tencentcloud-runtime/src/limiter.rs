//! The optional client-side QPS limiter: one token bucket per action.
//!
//! Tencent Cloud documents a per-second request limit for many actions
//! ([`ActionMeta::qps_limit`]) and answers `RequestLimitExceeded` past it.
//! Waiting on the client instead spends no request and no retry. Each bucket
//! holds one second's worth of tokens, so a burst up to the limit goes out at
//! once and the rest at the limit's rate. Every attempt takes a token, retries
//! included, since the server counts them all.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::service::ActionMeta;

/// Token buckets keyed by action name; owned by one client and shared by its
/// clones.
#[derive(Debug, Default)]
pub(crate) struct QpsLimiter {
    buckets: Mutex<HashMap<&'static str, Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    /// May go negative: each waiting caller reserves its token up front, so
    /// waiters are served in arrival order without polling.
    tokens: f64,
    per_second: f64,
    updated: Instant,
}

impl QpsLimiter {
    /// Waits until `action` may be sent. Returns at once for actions without
    /// a documented limit.
    pub(crate) async fn acquire(&self, action: &'static ActionMeta) {
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
    fn reserve(&self, action: &'static ActionMeta, now: Instant) -> Duration {
        let Some(limit) = action.qps_limit.filter(|&n| n > 0) else {
            return Duration::ZERO;
        };
        let per_second = f64::from(limit);
        // A poisoned lock only means another caller panicked mid-update; the
        // bucket is still a valid number.
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let bucket = buckets.entry(action.name).or_insert(Bucket {
            tokens: per_second,
            per_second,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * bucket.per_second).min(bucket.per_second);
        bucket.updated = now;
        bucket.tokens -= 1.0;
        if bucket.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-bucket.tokens / bucket.per_second)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            .map(|_| limiter.reserve(&LIMITED, t0).as_millis())
            .collect();
        assert_eq!(waits, [0, 0, 0, 0, 250, 500, 750]);
    }

    #[test]
    fn tokens_refill_with_time_up_to_one_second_worth() {
        let limiter = QpsLimiter::default();
        let t0 = Instant::now();
        for _ in 0..4 {
            limiter.reserve(&LIMITED, t0);
        }
        // Ten seconds idle refills four tokens, not forty.
        let later = t0 + Duration::from_secs(10);
        let waits: Vec<u128> = (0..5)
            .map(|_| limiter.reserve(&LIMITED, later).as_millis())
            .collect();
        assert_eq!(waits, [0, 0, 0, 0, 250]);
    }

    #[test]
    fn actions_without_a_limit_never_wait() {
        let limiter = QpsLimiter::default();
        let t0 = Instant::now();
        assert!((0..1000).all(|_| limiter.reserve(&UNLIMITED, t0).is_zero()));
    }
}
