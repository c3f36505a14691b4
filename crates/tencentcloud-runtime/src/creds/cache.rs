//! Caching of temporary credentials, with one refresh shared by all callers.

use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::future::BoxFuture;

/// Caches what another provider returns, and asks it again only when the
/// credentials come close to their [expiry](Credentials::expiry).
///
/// - Credentials without an expiry are kept for the life of the cache.
/// - Within [`with_refresh_before`](Self::with_refresh_before) (5 minutes) of expiry,
///   one caller refreshes while the others keep using the cached
///   credentials. If that refresh fails, the cached credentials are still
///   used until they expire, and the next attempt waits
///   [`with_retry_interval`](Self::with_retry_interval) (10 seconds), so that an outage
///   of the source does not turn every request into a failed fetch.
/// - With nothing cached, or only expired credentials, callers wait for one
///   shared fetch and all receive its result, success or error.
///
/// The fetching providers of this crate cache on their own; this is for
/// other providers, and for chains of them.
///
/// ```
/// use std::time::Duration;
/// use tencentcloud_runtime::credentials::{CachedProvider, CredentialsChain, EnvironmentProvider};
///
/// let provider = CachedProvider::new(CredentialsChain::first_try(
///     "environment",
///     EnvironmentProvider::new(),
/// ))
/// .with_refresh_before(Duration::from_secs(10 * 60));
/// # drop(provider);
/// ```
pub struct CachedProvider<P> {
    provider: P,
    refresh_before: Duration,
    retry_interval: Duration,
    state: Mutex<State>,
    /// Held by the one caller that is fetching.
    refreshing: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    credentials: Option<Credentials>,
    /// When the cached credentials are due for a refresh; `None` if never.
    refresh_at: Option<SystemTime>,
    /// Incremented by every finished fetch, so that a caller that waited for
    /// one can tell that it happened and use its outcome.
    generation: u64,
    last_error: Option<CredentialsError>,
}

impl<P: ProvideCredentials> CachedProvider<P> {
    /// Default for [`with_refresh_before`](Self::with_refresh_before).
    pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(5 * 60);
    /// Default for [`with_retry_interval`](Self::with_retry_interval).
    pub const DEFAULT_RETRY_INTERVAL: Duration = Duration::from_secs(10);

    /// Caches `provider` with the default timings.
    pub fn new(provider: P) -> Self {
        Self {
            provider,
            refresh_before: Self::DEFAULT_REFRESH_BEFORE,
            retry_interval: Self::DEFAULT_RETRY_INTERVAL,
            state: Mutex::new(State::default()),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    /// How long before expiry to start refreshing.
    #[must_use]
    pub fn with_refresh_before(mut self, margin: Duration) -> Self {
        self.refresh_before = margin;
        self
    }

    /// The least time between two fetches while the cached credentials are
    /// still valid, after a failed refresh or one that returned credentials
    /// already due for the next.
    #[must_use]
    pub fn with_retry_interval(mut self, interval: Duration) -> Self {
        self.retry_interval = interval;
        self
    }

    pub(crate) fn provider_mut(&mut self) -> &mut P {
        &mut self.provider
    }

    async fn provide(&self) -> Result<Credentials, CredentialsError> {
        let now = SystemTime::now();
        let (cached, due, generation) = {
            let state = self.state();
            let cached = state.credentials.clone().filter(|c| is_valid(c, now));
            let due = state.refresh_at.is_some_and(|at| now >= at);
            (cached, due, state.generation)
        };

        if let Some(cached) = cached {
            if !due {
                return Ok(cached);
            }
            let Ok(_guard) = self.refreshing.try_lock() else {
                return Ok(cached);
            };
            if self.state().generation != generation {
                // Refreshed between our look and the lock.
                return Ok(self.valid_cached().unwrap_or(cached));
            }
            return match self.refresh().await {
                Ok(fresh) => Ok(fresh),
                Err(error) => {
                    tracing::warn!(
                        %error,
                        "refreshing credentials failed; using the cached ones until they expire"
                    );
                    Ok(cached)
                }
            };
        }

        let _guard = self.refreshing.lock().await;
        {
            let state = self.state();
            if state.generation != generation {
                if let Some(credentials) = state
                    .credentials
                    .clone()
                    .filter(|c| is_valid(c, SystemTime::now()))
                {
                    return Ok(credentials);
                }
                if let Some(error) = &state.last_error {
                    return Err(error.clone());
                }
            }
        }
        self.refresh().await
    }

    async fn refresh(&self) -> Result<Credentials, CredentialsError> {
        let result = self.provider.provide_credentials().await;
        let now = SystemTime::now();
        let mut state = self.state();
        state.generation += 1;
        match &result {
            Ok(credentials) => {
                tracing::debug!(expiry = ?credentials.expiry(), "fetched credentials");
                state.refresh_at = credentials
                    .expiry()
                    .map(|expiry| self.refresh_time(expiry, now));
                state.credentials = Some(credentials.clone());
                state.last_error = None;
            }
            Err(error) => {
                let expiry = state.credentials.as_ref().and_then(Credentials::expiry);
                state.refresh_at = match (now.checked_add(self.retry_interval), expiry) {
                    (Some(retry_at), Some(expiry)) => Some(retry_at.min(expiry)),
                    (retry_at, None) => retry_at,
                    (None, expiry) => expiry,
                };
                state.last_error = Some(error.clone());
            }
        }
        result
    }

    /// `refresh_before` ahead of expiry, but not sooner than `retry_interval`
    /// from now unless that is past the expiry itself.
    fn refresh_time(&self, expiry: SystemTime, now: SystemTime) -> SystemTime {
        let early = expiry
            .checked_sub(self.refresh_before)
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let retry_at = now.checked_add(self.retry_interval).unwrap_or(expiry);
        early.max(retry_at).min(expiry)
    }

    fn valid_cached(&self) -> Option<Credentials> {
        self.state()
            .credentials
            .clone()
            .filter(|c| is_valid(c, SystemTime::now()))
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // The state is consistent after every statement, so a panic while
        // holding the lock leaves nothing half-written.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn is_valid(credentials: &Credentials, now: SystemTime) -> bool {
    credentials.expiry().is_none_or(|expiry| now < expiry)
}

impl<P: ProvideCredentials> ProvideCredentials for CachedProvider<P> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.provide())
    }
}

impl<P: fmt::Debug> fmt::Debug for CachedProvider<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cached_expiry = self.state.try_lock().ok().map(|state| {
            state.credentials.as_ref().map(|c| {
                c.expiry()
                    .map_or_else(|| "never".to_owned(), |e| format!("{e:?}"))
            })
        });
        f.debug_struct("CachedProvider")
            .field("provider", &self.provider)
            .field("refresh_before", &self.refresh_before)
            .field("retry_interval", &self.retry_interval)
            .field("cached_until", &cached_expiry.flatten())
            .finish()
    }
}
