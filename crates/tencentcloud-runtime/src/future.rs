//! The boxed future that the runtime's object-safe traits return.

use std::future::Future;
use std::pin::Pin;

/// A boxed, `Send` future, as returned by
/// [`HttpTransport::send`](crate::transport::HttpTransport::send) and
/// [`ProvideCredentials::provide_credentials`](crate::ProvideCredentials::provide_credentials).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
