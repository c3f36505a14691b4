//! Per-action QPS limits: one token bucket per limited action.

use std::collections::HashMap;
use std::sync::Mutex;

use tencentcloud_runtime::TokenBucket;

use crate::config::{Clock, ServerConfig};

/// The buckets of every limited action; unlimited actions have none. A bucket
/// holds up to `limit` tokens, refilled at `limit` per second and starting full:
/// at most `limit` requests pass in a burst, and `limit` per second after that
/// (the client-side limiter's arithmetic, [`TokenBucket`]); a request past that
/// is refused, not held back.
pub(crate) struct Limiter {
    // One lock per action, so that busy actions do not contend with each other.
    buckets: HashMap<String, Mutex<TokenBucket>>,
    clock: Clock,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter")
            .field("buckets", &self.buckets)
            .finish_non_exhaustive()
    }
}

impl Limiter {
    /// The buckets of `actions` (each with its documented limit) as `config` sets
    /// limits in force.
    pub(crate) fn new(config: &ServerConfig, actions: &HashMap<String, Option<u32>>) -> Self {
        let now = (config.clock)();
        let buckets = actions
            .iter()
            .filter_map(|(action, documented)| {
                let limit = config.limit_in_force(action, *documented)?;
                Some((action.clone(), Mutex::new(TokenBucket::new(limit, now))))
            })
            .collect();
        Limiter {
            buckets,
            clock: config.clock.clone(),
        }
    }

    /// Takes a token for `action`; `false` when its limit is reached.
    pub(crate) fn try_acquire(&self, action: &str) -> bool {
        match self.buckets.get(action) {
            None => true,
            Some(bucket) => bucket
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .try_take((self.clock)()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    #[test]
    fn bucket_allows_a_burst_of_the_limit_then_the_limit_per_second() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(10, start);
        let burst = (0..100).filter(|_| bucket.try_take(start)).count();
        assert_eq!(burst, 10);
        // Half a second refills five tokens, and never more than the limit.
        let later = start + Duration::from_millis(500);
        assert_eq!((0..100).filter(|_| bucket.try_take(later)).count(), 5);
        let much_later = later + Duration::from_secs(60);
        assert_eq!((0..100).filter(|_| bucket.try_take(much_later)).count(), 10);
    }

    #[test]
    fn zero_limit_refuses_everything() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(0, start);
        assert!(!bucket.try_take(start + Duration::from_secs(10)));
    }
}
