//! A local emulator of Tencent Cloud **Serverless Cloud Function** (SCF, API
//! 2018-04-16): the generated `tencentcloud_scf::server::Service` trait, implemented in
//! memory, behind the [`tencentcloud_server`] router (signature checks, the envelope,
//! size and QPS limits). Any SCF client, this SDK's or an official one, can talk to it
//! with no account.
//!
//! It serves namespaces (`CreateNamespace`, `ListNamespaces`, `DeleteNamespace`),
//! functions (`CreateFunction`, `GetFunction`, `ListFunctions`, `DeleteFunction`),
//! invocations (`Invoke`, `InvokeFunction`) and async events (`ListAsyncEvents`,
//! `GetAsyncEventStatus`, `TerminateAsyncEvent`); every other action answers
//! `UnsupportedOperation`.
//!
//! Code is never run. What an invocation does is decided by the function's environment
//! variables, else by [`Behaviour`]:
//!
//! | Variable | Effect |
//! |---|---|
//! | `EMULATOR_DURATION_MS` | how long it runs (past the function's `Timeout` it fails with code 433) |
//! | `EMULATOR_RESULT` | what it returns (`RetMsg`) |
//! | `EMULATOR_FAIL` | makes it fail with this message (`ErrMsg`, status code 500) |
//!
//! An async event (`Invoke` with `InvocationType=Event`) is `RUNNING` for its duration,
//! then `FINISHED` or `FAILED`. `TerminateAsyncEvent` makes a running one `ABORTED`,
//! at once or, with `GraceShutdown=true`, after [`Behaviour::grace_period`]. Times are
//! shown in Beijing time (UTC+8), as the service shows them.
//!
//! ```no_run
//! use std::sync::Arc;
//! use scf_emulator::{Emulator, DEMO_SECRET_ID, DEMO_SECRET_KEY};
//!
//! # async fn run() -> std::io::Result<()> {
//! let emulator = Arc::new(Emulator::default());
//! let config = scf_emulator::server_config().credential(DEMO_SECRET_ID, DEMO_SECRET_KEY);
//! let server = scf_emulator::start(emulator, config, "127.0.0.1:0").await?;
//! println!("SCF emulator on {}", server.endpoint());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod service;
mod state;

use std::io;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tencentcloud_server::{
    BoxFuture, Dispatch, DispatchError, ParamTypes, RunningServer, Server, ServerConfig,
};
use tokio::net::ToSocketAddrs;

use crate::state::State;

/// SecretId the emulator accepts when given none; not a real key.
pub const DEMO_SECRET_ID: &str = "AKIDscfEMULATORdemoONLY";
/// SecretKey of [`DEMO_SECRET_ID`]; not a real key.
pub const DEMO_SECRET_KEY: &str = "scf-emulator-demo-secret-key";

/// The SCF spec the emulator's crate is generated from, for the parameter types of
/// form requests and for checking documented error codes.
pub const SPEC: &str = include_str!("../../../spec/scf/2018-04-16.json");

/// What invocations do when the function's environment does not say.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Behaviour {
    /// How long an invocation runs (default one second).
    pub default_duration: Duration,
    /// What an invocation returns (`RetMsg`, default `"hello from the SCF emulator"`).
    pub default_result: String,
    /// How long an event terminated with `GraceShutdown=true` keeps running, as a
    /// function handling `SIGTERM` would (default half a second).
    pub grace_period: Duration,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            default_duration: Duration::from_secs(1),
            default_result: "\"hello from the SCF emulator\"".to_owned(),
            grace_period: Duration::from_millis(500),
        }
    }
}

impl Behaviour {
    /// Invocations run for `duration` by default.
    #[must_use]
    pub fn with_default_duration(mut self, duration: Duration) -> Self {
        self.default_duration = duration;
        self
    }

    /// Invocations return `result` by default.
    #[must_use]
    pub fn with_default_result(mut self, result: impl Into<String>) -> Self {
        self.default_result = result.into();
        self
    }

    /// Graceful terminations take `grace` to take effect.
    #[must_use]
    pub fn with_grace_period(mut self, grace: Duration) -> Self {
        self.grace_period = grace;
        self
    }
}

/// The emulated service: all state in memory behind one lock, safe to share between
/// concurrent requests. It implements `tencentcloud_scf::server::Service` (call its
/// methods directly in tests) and [`Dispatch`] (serve it with [`start`]).
#[derive(Debug)]
pub struct Emulator {
    state: Mutex<State>,
    behaviour: Behaviour,
}

impl Default for Emulator {
    fn default() -> Self {
        Emulator::new(Behaviour::default())
    }
}

impl Emulator {
    /// An emulator with only the `default` namespace.
    pub fn new(behaviour: Behaviour) -> Self {
        Emulator {
            state: Mutex::new(State::new()),
            behaviour,
        }
    }

    /// The behaviour of invocations.
    pub fn behaviour(&self) -> &Behaviour {
        &self.behaviour
    }

    /// The lock is never held across an await, and a panic while holding it leaves
    /// the state consistent (every update is a single insert or remove), so a
    /// poisoned lock is still usable.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Dispatch for Emulator {
    fn dispatch<'a>(
        &'a self,
        action: &'a str,
        body: &'a [u8],
    ) -> BoxFuture<'a, Result<serde_json::Value, DispatchError>> {
        Box::pin(tencentcloud_scf::server::dispatch(self, action, body))
    }
}

/// The parameter types of every SCF action, from [`SPEC`].
pub fn param_types() -> ParamTypes {
    ParamTypes::from_spec(SPEC).expect("the SCF spec the crate is built from is valid JSON")
}

/// A router configuration for SCF: its service, actions, QPS limits and parameter
/// types, and no credentials yet (add them with [`ServerConfig::credential`]).
pub fn server_config() -> ServerConfig {
    ServerConfig::new(tencentcloud_scf::SERVICE, tencentcloud_scf::server::ACTIONS)
        .with_param_types(param_types())
}

/// Serves `emulator` on `addr` (port 0 picks a free one) with `config`, on the current
/// tokio runtime.
///
/// # Errors
///
/// When `addr` cannot be bound.
pub async fn start(
    emulator: Arc<Emulator>,
    config: ServerConfig,
    addr: impl ToSocketAddrs,
) -> io::Result<RunningServer> {
    Server::new(config, emulator).bind(addr).await
}

#[cfg(test)]
mod tests;
