//! A Tencent Cloud API 3.0 endpoint for any service: the front door of emulators and
//! test doubles.
//!
//! The router knows nothing of a service beyond its [`ServiceMeta`], its list of
//! [`ActionMeta`] and something that [dispatches](Dispatch) a decoded action. Before
//! an action runs it does what the real endpoint does, and answers every failure with
//! the service's envelope (`{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`,
//! HTTP 200) and the documented common code:
//!
//! | Check | Code |
//! |---|---|
//! | method and path are `POST /` or `GET /` | `UnsupportedProtocol` |
//! | body no larger than the [limit](ServerConfig::with_max_body_bytes) (read bounded) | `RequestSizeLimitExceeded` |
//! | `Authorization` present and well formed (or v1 `Signature`/`SecretId`) | `AuthFailure.InvalidAuthorization` |
//! | the SecretId is configured | `AuthFailure.SecretIdNotFound` |
//! | `X-TC-Timestamp` within the [allowed skew](ServerConfig::with_max_clock_skew) | `AuthFailure.SignatureExpire` |
//! | the TC3-HMAC-SHA256 (or v1 HmacSHA1/HmacSHA256) signature recomputed from the bytes received | `AuthFailure.SignatureFailure` |
//! | the session token, when the key requires one | `AuthFailure.TokenFailure` |
//! | the service (from the host, else the credential scope) is served | `NoSuchProduct` |
//! | `X-TC-Version` is the service's | `NoSuchVersion` |
//! | `X-TC-Action` is one of the service's | `InvalidAction` |
//! | the action's QPS limit (token bucket per action) | `RequestLimitExceeded` |
//! | the body decodes strictly (by the dispatcher) | `InvalidParameter`, `MissingParameter`, `InvalidParameterValue`, `UnknownParameter` |
//!
//! One server can answer for many services and versions at once, as the real endpoint
//! does: [`Server::with_services`] takes a [`Services`] registry, each
//! [`ServiceVersion`] with its own actions and dispatcher.
//!
//! Every response carries a fresh RequestId and a `Date` header (so a client can
//! correct its clock after `AuthFailure.SignatureExpire`).
//!
//! ```no_run
//! use std::sync::Arc;
//! use tencentcloud_server::{Server, ServerConfig, dispatch_fn};
//! # use tencentcloud_runtime::{ActionMeta, ServiceMeta};
//! # static SERVICE: ServiceMeta = ServiceMeta { name: "scf", version: "2018-04-16", endpoint: "scf.tencentcloudapi.com" };
//! # static ACTIONS: &[ActionMeta] = &[];
//!
//! # async fn run() -> std::io::Result<()> {
//! let config = ServerConfig::new(SERVICE, ACTIONS).credential("AKIDEXAMPLE", "secret");
//! let dispatcher = dispatch_fn(|action, _body| async move {
//!     Ok(serde_json::json!({ "Echo": action }))
//! });
//! let server = Server::new(config, dispatcher).bind("127.0.0.1:0").await?;
//! println!("listening on {}", server.endpoint());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod auth;
mod config;
mod form;
#[doc(hidden)]
pub mod fuzzing;
mod http;
mod limiter;
mod router;
mod services;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;

pub use config::ServerConfig;
pub use form::ParamTypes;
pub use http::{RunningServer, Server};
pub use services::{ServiceVersion, Services};
pub use tencentcloud_runtime::server::new_request_id;
pub use tencentcloud_runtime::server::{DispatchError, Events};
pub use tencentcloud_runtime::{ActionMeta, ServiceMeta};

/// A boxed, sendable future, as [`Dispatch`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Runs one action of a service: decodes `body` (a JSON object) as the action's
/// request, serves it, and returns the object that goes inside `{"Response": …}`
/// (the router sets its `RequestId`).
///
/// A generated crate's `server::dispatch` is exactly this; wrap it in a one-line impl
/// or use [`dispatch_fn`]:
///
/// ```ignore
/// impl tencentcloud_server::Dispatch for MyEmulator {
///     fn dispatch<'a>(&'a self, action: &'a str, body: &'a [u8])
///         -> tencentcloud_server::BoxFuture<'a, Result<serde_json::Value, tencentcloud_server::DispatchError>>
///     {
///         Box::pin(tencentcloud_scf::server::dispatch(self, action, body))
///     }
/// }
/// ```
pub trait Dispatch: Send + Sync + 'static {
    /// Serves `action` with the JSON request `body`.
    fn dispatch<'a>(
        &'a self,
        action: &'a str,
        body: &'a [u8],
    ) -> BoxFuture<'a, Result<serde_json::Value, DispatchError>>;

    /// Serves a request that asks a streaming action for a stream, answered as
    /// `text/event-stream`; `None` for any other request, which goes to
    /// [`dispatch`](Self::dispatch). A generated crate's `server::dispatch_stream` is
    /// exactly this. By default nothing streams.
    fn dispatch_stream<'a>(
        &'a self,
        action: &'a str,
        body: &'a [u8],
    ) -> BoxFuture<'a, Option<Result<Events, DispatchError>>> {
        let _ = (action, body);
        Box::pin(async { None })
    }
}

impl<D: Dispatch + ?Sized> Dispatch for Arc<D> {
    fn dispatch<'a>(
        &'a self,
        action: &'a str,
        body: &'a [u8],
    ) -> BoxFuture<'a, Result<serde_json::Value, DispatchError>> {
        (**self).dispatch(action, body)
    }

    fn dispatch_stream<'a>(
        &'a self,
        action: &'a str,
        body: &'a [u8],
    ) -> BoxFuture<'a, Option<Result<Events, DispatchError>>> {
        (**self).dispatch_stream(action, body)
    }
}

/// A [`Dispatch`] made of a closure that takes the action and body by value, so that
/// its future need not borrow anything (closures returning borrowing futures cannot
/// be written on stable Rust).
pub struct DispatchFn<F>(F);

/// Wraps `f` as a [`Dispatch`].
///
/// ```
/// use tencentcloud_server::dispatch_fn;
///
/// let dispatcher = dispatch_fn(|action: String, _body| async move {
///     Ok(serde_json::json!({ "Action": action }))
/// });
/// # let _ = dispatcher;
/// ```
pub fn dispatch_fn<F, Fut>(f: F) -> DispatchFn<F>
where
    F: Fn(String, Bytes) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<serde_json::Value, DispatchError>> + Send + 'static,
{
    DispatchFn(f)
}

impl<F, Fut> Dispatch for DispatchFn<F>
where
    F: Fn(String, Bytes) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<serde_json::Value, DispatchError>> + Send + 'static,
{
    fn dispatch<'a>(
        &'a self,
        action: &'a str,
        body: &'a [u8],
    ) -> BoxFuture<'a, Result<serde_json::Value, DispatchError>> {
        Box::pin((self.0)(action.to_owned(), Bytes::copy_from_slice(body)))
    }
}
