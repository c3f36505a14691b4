//! What the router accepts: the service, its actions, keys and limits.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tencentcloud_runtime::{ActionMeta, ServiceMeta};

use crate::form::ParamTypes;

/// The largest body read by default: 10 MiB, the API 3.0 request size limit.
pub const DEFAULT_MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// How far `X-TC-Timestamp` may be from the server's clock by default: five minutes,
/// as on the real service.
pub const DEFAULT_MAX_CLOCK_SKEW: Duration = Duration::from_secs(300);

/// The clock the QPS limiter reads: the system's by default, or one a test moves.
pub(crate) type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

/// A secret key, and the session token its requests must carry, if any.
#[derive(Clone)]
pub(crate) struct Secret {
    pub(crate) key: String,
    pub(crate) token: Option<String>,
}

/// Everything the router checks requests against.
///
/// ```
/// use std::time::Duration;
/// use tencentcloud_server::ServerConfig;
/// # use tencentcloud_runtime::{ActionMeta, ServiceMeta};
/// # static SERVICE: ServiceMeta = ServiceMeta { name: "scf", version: "2018-04-16", endpoint: "scf.tencentcloudapi.com" };
///
/// let config = ServerConfig::new(SERVICE, &[])
///     .credential("AKIDEXAMPLE", "KEY-ONE")
///     .credential_with_token("AKIDTEMP", "KEY-TWO", "TOKEN-TWO")
///     .with_max_body_bytes(1 << 20)
///     .with_max_clock_skew(Duration::from_secs(60))
///     .with_qps_limit("Invoke", Some(10));
/// // Secrets never appear in Debug output.
/// let debug = format!("{config:?}");
/// assert!(debug.contains("AKIDTEMP"));
/// assert!(!debug.contains("KEY-") && !debug.contains("TOKEN-"));
/// ```
#[derive(Clone)]
pub struct ServerConfig {
    pub(crate) service: ServiceMeta,
    pub(crate) actions: Vec<ActionMeta>,
    pub(crate) secrets: HashMap<String, Secret>,
    pub(crate) max_body_bytes: usize,
    pub(crate) max_clock_skew: Duration,
    pub(crate) rate_limits: bool,
    pub(crate) qps_overrides: HashMap<String, Option<u32>>,
    pub(crate) param_types: ParamTypes,
    pub(crate) clock: Clock,
}

impl ServerConfig {
    /// Serves `actions` of `service`, with no keys yet (every request is then refused
    /// with `AuthFailure.SecretIdNotFound`), the default body and clock limits, and
    /// each action's documented QPS limit enforced.
    pub fn new(service: ServiceMeta, actions: &[ActionMeta]) -> Self {
        ServerConfig {
            service,
            actions: actions.to_vec(),
            secrets: HashMap::new(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_clock_skew: DEFAULT_MAX_CLOCK_SKEW,
            rate_limits: true,
            qps_overrides: HashMap::new(),
            param_types: ParamTypes::default(),
            clock: Arc::new(Instant::now),
        }
    }

    /// Keys and limits only, for [`Server::with_services`](crate::Server::with_services),
    /// which takes its services from a [`Services`](crate::Services) registry: the
    /// service of this configuration is empty and has no actions.
    pub fn any_service() -> Self {
        Self::new(
            ServiceMeta {
                name: "",
                version: "",
                endpoint: "",
            },
            &[],
        )
    }

    /// Accepts requests signed with this key pair and no session token.
    #[must_use]
    pub fn credential(
        mut self,
        secret_id: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        self.secrets.insert(
            secret_id.into(),
            Secret {
                key: secret_key.into(),
                token: None,
            },
        );
        self
    }

    /// Accepts requests signed with this key pair that carry this session token
    /// (`X-TC-Token`, or `Token` in v1), as temporary credentials must.
    #[must_use]
    pub fn credential_with_token(
        mut self,
        secret_id: impl Into<String>,
        secret_key: impl Into<String>,
        token: impl Into<String>,
    ) -> Self {
        self.secrets.insert(
            secret_id.into(),
            Secret {
                key: secret_key.into(),
                token: Some(token.into()),
            },
        );
        self
    }

    /// The largest request body read; a larger one is refused with
    /// `RequestSizeLimitExceeded` without being buffered.
    #[must_use]
    pub fn with_max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// The largest accepted distance between the request's timestamp and now.
    #[must_use]
    pub fn with_max_clock_skew(mut self, skew: Duration) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// Whether QPS limits are enforced at all (on by default).
    #[must_use]
    pub fn with_rate_limits(mut self, enabled: bool) -> Self {
        self.rate_limits = enabled;
        self
    }

    /// Replaces the documented QPS limit of `action`; `None` leaves it unlimited.
    #[must_use]
    pub fn with_qps_limit(mut self, action: impl Into<String>, limit: Option<u32>) -> Self {
        self.qps_overrides.insert(action.into(), limit);
        self
    }

    /// Reads time for the QPS limits from `now` instead of the system clock, so that a
    /// test decides when buckets refill (the clock-skew check still compares with the
    /// system's time, as the requests' timestamps do).
    #[must_use]
    pub fn with_clock(mut self, now: impl Fn() -> Instant + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(now);
        self
    }

    /// The parameter types used to turn form parameters (GET queries and v1 requests)
    /// into typed JSON; without them every form value is passed on as a string.
    #[must_use]
    pub fn with_param_types(mut self, types: ParamTypes) -> Self {
        self.param_types = types;
        self
    }

    /// The QPS limit in force for `action`, if any.
    pub fn effective_qps_limit(&self, action: &str) -> Option<u32> {
        let documented = self
            .actions
            .iter()
            .find(|a| a.name == action)
            .and_then(|a| a.qps_limit);
        self.limit_in_force(action, documented)
    }

    /// The limit in force for `action` of any service, whose documented limit is
    /// `documented`: none when limits are off, else the override, else that.
    pub(crate) fn limit_in_force(&self, action: &str, documented: Option<u32>) -> Option<u32> {
        if !self.rate_limits {
            return None;
        }
        match self.qps_overrides.get(action) {
            Some(limit) => *limit,
            None => documented,
        }
    }

    /// The service served.
    pub fn service(&self) -> &ServiceMeta {
        &self.service
    }

    /// The SecretIds accepted.
    pub fn secret_ids(&self) -> impl Iterator<Item = &str> {
        self.secrets.keys().map(String::as_str)
    }
}

impl fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Keys and tokens are left out: a config is logged when a server starts.
        let mut ids: Vec<&str> = self.secret_ids().collect();
        ids.sort_unstable();
        f.debug_struct("ServerConfig")
            .field("service", &self.service)
            .field("actions", &self.actions.len())
            .field("secret_ids", &ids)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_clock_skew", &self.max_clock_skew)
            .field("rate_limits", &self.rate_limits)
            .field("qps_overrides", &self.qps_overrides)
            .field("param_types", &!self.param_types.is_empty())
            .finish()
    }
}
