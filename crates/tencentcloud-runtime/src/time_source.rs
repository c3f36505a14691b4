//! The clock that request timestamps come from.
//!
//! A signature covers its timestamp and the date in its credential scope, so a test that
//! compares a request with one recorded on another day must sign at the recorded time,
//! not at today's: [`StaticTimeSource`] is that clock. Only the wall clock is replaced;
//! timeouts, backoff and the QPS limiter keep tokio's monotonic clock, which a paused
//! tokio runtime already controls.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Where a client reads the time it signs requests with.
///
/// The default is [`SystemTimeSource`]. Set another with
/// [`ConfigBuilder::with_time_source`](crate::ConfigBuilder::with_time_source). The
/// clock-skew correction learnt from a server's `Date` is added to what it returns.
pub trait TimeSource: fmt::Debug + Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct SystemTimeSource;

impl TimeSource for SystemTimeSource {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that always says the same time: for known-answer tests and for reproducing a
/// request exactly.
///
/// ```
/// use tencentcloud_runtime::{StaticTimeSource, TimeSource};
///
/// let clock = StaticTimeSource::from_unix_seconds(1_551_113_065);
/// assert_eq!(clock, StaticTimeSource::from_unix_seconds(1_551_113_065));
/// assert_eq!(clock.now(), clock.now());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaticTimeSource(SystemTime);

impl StaticTimeSource {
    /// A clock stopped at `at`.
    pub fn new(at: SystemTime) -> Self {
        Self(at)
    }

    /// A clock stopped at `seconds` after 1970-01-01T00:00:00Z.
    pub fn from_unix_seconds(seconds: u64) -> Self {
        Self(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
    }
}

impl TimeSource for StaticTimeSource {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// A [`TimeSource`] shared by a configuration and the clients made from it.
#[derive(Debug, Clone)]
pub(crate) struct SharedTimeSource(Arc<dyn TimeSource>);

impl SharedTimeSource {
    pub(crate) fn new(source: impl TimeSource) -> Self {
        Self(Arc::new(source))
    }

    /// Now, in whole seconds since the Unix epoch; before the epoch counts as negative.
    pub(crate) fn unix_seconds(&self) -> i64 {
        let now = self.0.now();
        match now.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
        }
    }
}

impl Default for SharedTimeSource {
    fn default() -> Self {
        Self::new(SystemTimeSource)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_of_a_static_clock() {
        let clock = SharedTimeSource::new(StaticTimeSource::from_unix_seconds(1_733_097_600));
        assert_eq!(clock.unix_seconds(), 1_733_097_600);
    }

    #[test]
    fn times_before_the_epoch_are_negative() {
        let before = SystemTime::UNIX_EPOCH - Duration::from_secs(90);
        assert_eq!(
            SharedTimeSource::new(StaticTimeSource::new(before)).unix_seconds(),
            -90
        );
    }

    #[test]
    fn the_system_clock_is_the_default() {
        assert_eq!(
            format!("{:?}", SharedTimeSource::default()),
            "SharedTimeSource(SystemTimeSource)"
        );
    }
}
