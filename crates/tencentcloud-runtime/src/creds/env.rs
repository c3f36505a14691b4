//! Credentials from environment variables.

use super::fetch::Env;
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::future::BoxFuture;

/// Reads `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and, if set,
/// `TENCENTCLOUD_SESSION_TOKEN` on every call.
///
/// Both unset is [`CredentialsError::NotFound`]; only one of them set is
/// [`CredentialsError::MissingEnvironment`], which stops a chain: a half-set
/// environment is a mistake to report, not a reason to pick another identity.
///
/// ```
/// use tencentcloud_runtime::ProvideCredentials;
/// use tencentcloud_runtime::credentials::EnvironmentProvider;
///
/// let provider = EnvironmentProvider::new().env_lookup(|name| match name {
///     "TENCENTCLOUD_SECRET_ID" => Some("AKIDexample".to_owned()),
///     "TENCENTCLOUD_SECRET_KEY" => Some("example-key".to_owned()),
///     _ => None,
/// });
/// # let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// let credentials = runtime.block_on(provider.provide_credentials())?;
/// assert_eq!(credentials.secret_id(), "AKIDexample");
/// # Ok::<(), tencentcloud_runtime::CredentialsError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// The name this provider gives in errors.
    pub const NAME: &'static str = "environment";

    /// Reads the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads variables through `lookup` instead of the process environment.
    #[must_use]
    pub fn env_lookup(
        mut self,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.env = Env::custom(lookup);
        self
    }

    pub(crate) fn with_env(env: Env) -> Self {
        Self { env }
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let has = |name| self.env.var(name).is_some();
        if !has(Credentials::ENV_SECRET_ID) && !has(Credentials::ENV_SECRET_KEY) {
            return Err(CredentialsError::not_found(
                Self::NAME,
                format!(
                    "{} and {} are not set",
                    Credentials::ENV_SECRET_ID,
                    Credentials::ENV_SECRET_KEY
                ),
            ));
        }
        Credentials::from_lookup(|name| self.env.var(name))
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.load();
        Box::pin(async move { result })
    }
}
