//! The provider trait and its type-erased, shareable form.

use std::fmt;
use std::sync::Arc;

use super::{Credentials, CredentialsError};
use crate::future::BoxFuture;

/// Something that supplies credentials, possibly fetching or refreshing them.
///
/// Called before every request, so implementations that fetch over the
/// network should cache what they fetch.
/// `Debug` must not print secrets.
///
/// ```
/// use tencentcloud_runtime::transport::BoxFuture;
/// use tencentcloud_runtime::{Credentials, CredentialsError, ProvideCredentials};
///
/// /// Hands out the same key pair, as a vault lookup might.
/// #[derive(Debug)]
/// struct FromVault;
///
/// impl ProvideCredentials for FromVault {
///     fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
///         Box::pin(async { Ok(Credentials::new("AKIDexample", "example-key")) })
///     }
/// }
/// ```
pub trait ProvideCredentials: fmt::Debug + Send + Sync + 'static {
    /// Credentials for the next request.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

/// Static credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// A cheaply clonable, type-erased provider: what
/// [`Config`](crate::Config) stores. Clones share the provider, and with it
/// any cache.
///
/// ```
/// use tencentcloud_runtime::{Credentials, SharedCredentialsProvider};
///
/// let provider = SharedCredentialsProvider::new(Credentials::new("AKIDexample", "example-key"));
/// let same = provider.clone();
/// # drop(same);
/// ```
#[derive(Clone)]
pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

impl SharedCredentialsProvider {
    /// Wraps `provider`.
    pub fn new(provider: impl ProvideCredentials) -> Self {
        Self(Arc::new(provider))
    }
}

impl fmt::Debug for SharedCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The inner provider's Debug is required to be secret-free.
        f.debug_tuple("SharedCredentialsProvider")
            .field(&self.0)
            .finish()
    }
}

impl ProvideCredentials for SharedCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.0.provide_credentials()
    }
}

impl From<Credentials> for SharedCredentialsProvider {
    fn from(credentials: Credentials) -> Self {
        Self::new(credentials)
    }
}
