//! What a generated client calls through: the service over HTTP, or a typed stub.
//!
//! Every generated crate has a `stub::Stub` trait with one method per action, each
//! taking the typed request and returning the typed response; `Client::from_stub`
//! builds a client on an implementation of it, so code that uses the client can be
//! tested with types rather than wire bytes. [`ClientBackend`] is the one place that
//! chooses between the two.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::call_options::CallOptions;
use crate::client::ServiceClient;
use crate::codes::ErrorCode;
use crate::common_client::CommonClient;
use crate::config::Config;
use crate::error::{Error, ServiceError};
use crate::event_stream::EventStream;
use crate::future::BoxFuture;
use crate::service::ActionMeta;

/// The service over HTTP, or a stub of type `S` (a generated crate's `dyn stub::Stub`).
pub enum ClientBackend<S: ?Sized> {
    /// Calls go to the service.
    Service(ServiceClient),
    /// Calls go to a stub.
    Stub(Arc<S>),
}

impl<S: ?Sized> ClientBackend<S> {
    /// Calls `action`: through the service client, or with `stub` on the stub.
    ///
    /// # Errors
    ///
    /// The service client's, or the stub's.
    pub async fn call<'a, Req, Resp, E>(
        &'a self,
        action: &'static ActionMeta,
        request: &'a Req,
        stub: impl FnOnce(&'a S) -> BoxFuture<'a, Result<Resp, Error<E>>>,
    ) -> Result<Resp, Error<E>>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
        E: ErrorCode,
    {
        match self {
            Self::Service(client) => client.call(action, request).await,
            Self::Stub(s) => stub(s).await,
        }
    }

    /// Calls the streaming `action`: through the service client (sending `flag` as
    /// `true`), or with `stub` on the stub.
    ///
    /// # Errors
    ///
    /// The service client's, or the stub's.
    pub async fn call_stream<'a, Req, T, E>(
        &'a self,
        action: &'static ActionMeta,
        flag: Option<&'static str>,
        request: &'a Req,
        stub: impl FnOnce(&'a S) -> BoxFuture<'a, Result<EventStream<T, E>, Error<E>>>,
    ) -> Result<EventStream<T, E>, Error<E>>
    where
        Req: Serialize + ?Sized,
        T: DeserializeOwned + Send + 'static,
        E: ErrorCode + Send + 'static,
    {
        match self {
            Self::Service(client) => client.call_stream(action, flag, request).await,
            Self::Stub(s) => stub(s).await,
        }
    }

    /// The configuration of a service client; a stub has none.
    pub fn config(&self) -> Option<&Config> {
        match self {
            Self::Service(client) => Some(client.config()),
            Self::Stub(_) => None,
        }
    }

    /// A [`CommonClient`] for the service and version of a service client, sharing
    /// its configuration, call options and connection pool; a stub has none.
    pub fn common(&self) -> Option<CommonClient> {
        match self {
            Self::Service(client) => Some(CommonClient::from(client.clone())),
            Self::Stub(_) => None,
        }
    }

    /// The same backend whose service calls use `options`; a stub is unchanged.
    #[must_use]
    pub fn with_call_options(&self, options: CallOptions) -> Self {
        match self {
            Self::Service(client) => Self::Service(client.with_call_options(options)),
            Self::Stub(s) => Self::Stub(Arc::clone(s)),
        }
    }
}

impl<S: ?Sized> Clone for ClientBackend<S> {
    fn clone(&self) -> Self {
        match self {
            Self::Service(client) => Self::Service(client.clone()),
            Self::Stub(s) => Self::Stub(Arc::clone(s)),
        }
    }
}

impl<S: ?Sized + fmt::Debug> fmt::Debug for ClientBackend<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Service(client) => client.fmt(f),
            Self::Stub(s) => f.debug_tuple("Stub").field(&s).finish(),
        }
    }
}

/// What a stub method answers unless implemented: the service's
/// `UnsupportedOperation`, as an unimplemented action of a test double does.
pub fn unsupported<T: Send, E: ErrorCode>(
    action: &'static str,
) -> BoxFuture<'static, Result<T, Error<E>>> {
    Box::pin(async move {
        Err(Error::Service(ServiceError::new(
            E::from_code("UnsupportedOperation"),
            format!("the stub does not implement {action}"),
            "",
            200,
        )))
    })
}
