//! When a failed attempt is tried again, how long to wait first, and the loop that
//! runs the attempts of a call.
//!
//! [`RetryPolicy`] decides from the failure, [`BackoffPolicy`] gives the wait;
//! [`RetryConfig`] is the default for both. The loop in `attempts` asks for
//! credentials, waits for the QPS limiter, corrects clock skew and sleeps between
//! attempts, all under the call's deadline; it takes the attempt itself and the sleep
//! as functions, so it is tested on a fake clock.

mod attempts;
mod config;
mod policy;

pub(crate) use attempts::{AttemptLoop, Outcome, Skew};
pub use config::RetryConfig;
pub(crate) use policy::random_u64;
pub use policy::{AttemptFailure, BackoffPolicy, RetryPolicy, RetryReason};
