//! Trying providers in order, and the default order.

use std::fmt;
use std::path::PathBuf;

use crate::creds::cvm::CvmRoleFetcher;
use crate::creds::fetch::Env;
use crate::creds::{
    CachedProvider, Credentials, CredentialsError, CvmRoleProvider, EnvironmentProvider,
    ProfileProvider, ProvideCredentials, TccliProvider,
};
use crate::future::BoxFuture;
use crate::sts::{WebIdentityFetcher, WebIdentityProvider};

/// Providers tried in order until one returns credentials.
///
/// A provider that finds nothing ([`CredentialsError::is_not_found`]) passes
/// to the next; any other error stops the chain and is returned as is, so
/// that a broken source is reported instead of silently replaced by another
/// identity. When every provider finds nothing, the error is
/// [`CredentialsError::ChainExhausted`], listing what each one looked at.
///
/// The chain does not cache; wrap it in [`CachedProvider`] if its providers
/// fetch over the network.
///
/// ```
/// use tencentcloud_runtime::credentials::{
///     CachedProvider, CredentialsChain, EnvironmentProvider, WebIdentityProvider,
/// };
///
/// let chain = CachedProvider::new(
///     CredentialsChain::first_try("environment", EnvironmentProvider::new())
///         .or_else("TKE OIDC", WebIdentityProvider::from_env()),
/// );
/// # drop(chain);
/// ```
pub struct CredentialsChain {
    providers: Vec<(&'static str, Box<dyn ProvideCredentials>)>,
}

impl CredentialsChain {
    /// A chain that starts with `provider`, called `name` in errors.
    pub fn first_try(name: &'static str, provider: impl ProvideCredentials) -> Self {
        Self {
            providers: vec![(name, Box::new(provider))],
        }
    }

    /// Adds `provider`, called `name` in errors, to try after the others.
    #[must_use]
    pub fn or_else(mut self, name: &'static str, provider: impl ProvideCredentials) -> Self {
        self.providers.push((name, Box::new(provider)));
        self
    }

    async fn provide(&self) -> Result<Credentials, CredentialsError> {
        let mut attempts = Vec::with_capacity(self.providers.len());
        for (name, provider) in &self.providers {
            match provider.provide_credentials().await {
                Ok(credentials) => {
                    tracing::debug!(provider = name, "credentials found");
                    return Ok(credentials);
                }
                Err(error) if error.is_not_found() => {
                    tracing::debug!(provider = name, %error, "no credentials here");
                    attempts.push((*name, error.reason_text()));
                }
                Err(error) => {
                    tracing::debug!(provider = name, %error, "credentials source is broken");
                    return Err(error);
                }
            }
        }
        Err(CredentialsError::ChainExhausted { attempts })
    }
}

impl ProvideCredentials for CredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.provide())
    }
}

impl fmt::Debug for CredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.providers.iter().map(|(name, p)| (name, p)))
            .finish()
    }
}

/// Where credentials come from when none are given, in this order:
///
/// 1. [`EnvironmentProvider`] reads `TENCENTCLOUD_SECRET_ID`,
///    `TENCENTCLOUD_SECRET_KEY`, `TENCENTCLOUD_SESSION_TOKEN`;
/// 2. [`ProfileProvider`] reads `TENCENTCLOUD_CREDENTIALS_FILE`, else
///    `~/.tencentcloud/credentials`, else `/etc/tencentcloud/credentials`,
///    profile `TENCENTCLOUD_PROFILE` or `default`;
/// 3. [`TccliProvider`] reads `~/.tccli/<profile>.credential`, profile
///    `TCCLI_PROFILE` or `default`;
/// 4. [`CvmRoleProvider`] asks for the CAM role of the CVM instance, from the
///    metadata service (1 second to connect);
/// 5. [`WebIdentityProvider`] calls STS `AssumeRoleWithWebIdentity` with the TKE
///    OIDC token named by `TKE_REGION`, `TKE_PROVIDER_ID`,
///    `TKE_WEB_IDENTITY_TOKEN_FILE` and `TKE_ROLE_ARN`.
///
/// This is the order of the official SDKs. The chain behaves as
/// [`CredentialsChain`]: a source that is present but broken stops it. The
/// result is cached as [`CachedProvider`] does, and the chain is tried again
/// from the start when temporary credentials come due for refresh.
///
/// ```no_run
/// use tencentcloud_runtime::ProvideCredentials;
/// use tencentcloud_runtime::credentials::DefaultCredentialsChain;
///
/// # async fn run() -> Result<(), tencentcloud_runtime::CredentialsError> {
/// let chain = DefaultCredentialsChain::new();
/// let credentials = chain.provide_credentials().await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    cache: CachedProvider<CredentialsChain>,
}

impl DefaultCredentialsChain {
    /// The chain with every source at its default.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A builder to name the profile or redirect the sources.
    pub fn builder() -> DefaultCredentialsChainBuilder {
        DefaultCredentialsChainBuilder::default()
    }
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.provide_credentials()
    }
}

/// Builds a [`DefaultCredentialsChain`].
#[derive(Debug, Clone, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct DefaultCredentialsChainBuilder {
    env: Env,
    profile: Option<String>,
    system_credentials_file: Option<PathBuf>,
    metadata_endpoint: Option<String>,
    sts_endpoint: Option<String>,
}

impl DefaultCredentialsChainBuilder {
    /// Reads profile `name` from both the credentials file and tccli's files,
    /// ignoring `TENCENTCLOUD_PROFILE` and `TCCLI_PROFILE`.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads every variable, `HOME` included, through `lookup` instead of the
    /// process environment.
    pub fn env_lookup(
        mut self,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.env = Env::custom(lookup);
        self
    }

    /// Looks for the system-wide credentials file at `path` instead of
    /// `/etc/tencentcloud/credentials`; see [`ProfileProvider::with_system_file`].
    pub fn with_system_credentials_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.system_credentials_file = Some(path.into());
        self
    }

    /// Asks `endpoint` instead of the CVM metadata service; see
    /// [`CvmRoleProvider::with_endpoint`](crate::credentials::CvmRoleProvider::with_endpoint).
    pub fn with_metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.metadata_endpoint = Some(endpoint.into());
        self
    }

    /// Sends the OIDC exchange to `endpoint` instead of STS; see
    /// [`WebIdentityProvider::with_endpoint`](crate::credentials::WebIdentityProvider::with_endpoint).
    pub fn with_sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts_endpoint = Some(endpoint.into());
        self
    }

    /// The chain.
    pub fn build(self) -> DefaultCredentialsChain {
        let mut cvm = CvmRoleFetcher::new();
        if let Some(endpoint) = self.metadata_endpoint {
            cvm.endpoint = endpoint;
        }
        let mut oidc = WebIdentityFetcher::from_env(self.env.clone());
        oidc.endpoint = self.sts_endpoint;
        // The fetching providers go in uncached: the chain's own cache
        // decides when to ask again.
        let mut profile = ProfileProvider::with_env(self.env.clone(), self.profile.clone());
        if let Some(path) = self.system_credentials_file {
            profile = profile.with_system_file(path);
        }
        let chain = CredentialsChain::first_try(
            EnvironmentProvider::NAME,
            EnvironmentProvider::with_env(self.env.clone()),
        )
        .or_else(ProfileProvider::NAME, profile)
        .or_else(
            TccliProvider::NAME,
            TccliProvider::with_env(self.env, self.profile),
        )
        .or_else(CvmRoleProvider::NAME, cvm)
        .or_else(WebIdentityProvider::NAME, oidc);
        DefaultCredentialsChain {
            cache: CachedProvider::new(chain),
        }
    }
}
