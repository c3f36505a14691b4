//! The boxed future and stream that the runtime's object-safe traits and streaming
//! calls return.

use std::future::Future;
use std::pin::Pin;

use futures_core::Stream;

/// A boxed, `Send` future, as returned by
/// [`HttpTransport::send`](crate::transport::HttpTransport::send) and
/// [`ProvideCredentials::provide_credentials`](crate::ProvideCredentials::provide_credentials).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A boxed stream: `Unpin`, so `next()`/`try_next()` work on it without pinning.
pub type BoxStream<T> = Pin<Box<dyn Stream<Item = T> + Send + 'static>>;
