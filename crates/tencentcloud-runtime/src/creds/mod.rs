//! Credentials, their errors, and the providers that need nothing above the
//! transport: static keys, the environment, the profile and tccli files, the CVM role,
//! and the cache. The public face of all providers is [`crate::credentials`].

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use zeroize::Zeroize;

mod cache;
pub(crate) mod cvm;
mod env;
pub(crate) mod fetch;
mod profile;
mod provider;
mod tccli;

pub use cache::CachedProvider;
pub use cvm::CvmRoleProvider;
pub use env::EnvironmentProvider;
pub use profile::ProfileProvider;
pub use provider::{ProvideCredentials, SharedCredentialsProvider};
pub use tccli::{TccliProvider, tccli_region, tccli_region_in};

use crate::redact::REDACTED;

/// A Tencent Cloud API key pair, optionally with a temporary session token.
///
/// `Debug` prints the secret id (it identifies the key and appears in every
/// signed request) but never the secret key or the token. The key and token are
/// overwritten with zeros when the value is dropped; this is best effort, as
/// copies made before construction (for example by the caller) are not
/// covered.
///
/// ```
/// use tencentcloud_runtime::Credentials;
///
/// let credentials = Credentials::new("AKIDexample", "example-key").with_token("example-token");
/// assert_eq!(credentials.secret_id(), "AKIDexample");
/// let printed = format!("{credentials:?}");
/// assert!(!printed.contains("example-key"));
/// assert!(!printed.contains("example-token"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    secret_id: String,
    secret_key: String,
    token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Environment variable read by [`Credentials::from_env`] for the secret id.
    pub const ENV_SECRET_ID: &'static str = "TENCENTCLOUD_SECRET_ID";
    /// Environment variable read by [`Credentials::from_env`] for the secret key.
    pub const ENV_SECRET_KEY: &'static str = "TENCENTCLOUD_SECRET_KEY";
    /// Environment variable read by [`Credentials::from_env`] for the optional
    /// session token of temporary credentials.
    pub const ENV_SESSION_TOKEN: &'static str = "TENCENTCLOUD_SESSION_TOKEN";

    /// Long-term credentials from a secret id and secret key.
    ///
    /// Nothing is checked here; a call with an empty or malformed value fails
    /// with [`Error::Credentials`](crate::Error::Credentials) before anything
    /// is sent.
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            secret_id: secret_id.into(),
            secret_key: secret_key.into(),
            token: None,
            expiry: None,
        }
    }

    /// Marks the credentials as temporary, usable until `at`.
    ///
    /// Caching providers fetch new credentials shortly before this instant;
    /// the runtime does not otherwise refuse to sign with expired ones, as the
    /// server is the authority on expiry.
    #[must_use]
    pub fn with_expiry(mut self, at: SystemTime) -> Self {
        self.expiry = Some(at);
        self
    }

    /// When temporary credentials stop working; `None` for long-term keys.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// Adds the session token of temporary (STS) credentials, sent as
    /// `X-TC-Token`. An empty token means no token, as in the official SDKs.
    #[must_use]
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        let token = token.into();
        if let Some(mut old) = self.token.take() {
            old.zeroize();
        }
        self.token = (!token.is_empty()).then_some(token);
        self
    }

    /// Reads `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and, if set,
    /// `TENCENTCLOUD_SESSION_TOKEN`.
    ///
    /// A variable that is unset, empty or not valid UTF-8 counts as missing;
    /// the error names every missing required variable.
    ///
    /// # Errors
    ///
    /// [`CredentialsError::MissingEnvironment`] if the id or key is missing.
    ///
    /// ```no_run
    /// use tencentcloud_runtime::Credentials;
    ///
    /// let credentials = Credentials::from_env()?;
    /// # Ok::<(), tencentcloud_runtime::CredentialsError>(())
    /// ```
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] over any variable lookup, so that the logic
    /// can be tested without touching the process environment.
    pub(crate) fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        let read = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let secret_id = read(Self::ENV_SECRET_ID);
        let secret_key = read(Self::ENV_SECRET_KEY);
        match (secret_id, secret_key) {
            (Some(id), Some(key)) => {
                let credentials = Self::new(id, key);
                Ok(match read(Self::ENV_SESSION_TOKEN) {
                    Some(token) => credentials.with_token(token),
                    None => credentials,
                })
            }
            (id, key) => {
                let mut variables = Vec::new();
                if id.is_none() {
                    variables.push(Self::ENV_SECRET_ID);
                }
                if let Some(mut key) = key {
                    key.zeroize();
                } else {
                    variables.push(Self::ENV_SECRET_KEY);
                }
                Err(CredentialsError::MissingEnvironment { variables })
            }
        }
    }

    /// The secret id. It is not secret on its own, but identifies the key.
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The secret key. **Exposes the secret**: do not log or print it.
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// The session token, if any. **Exposes a secret**: do not log or print it.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Checks what the server would otherwise reject with a less helpful
    /// error, or what could not be put into a header at all.
    pub(crate) fn validate(&self) -> Result<(), CredentialsError> {
        let invalid = |reason| Err(CredentialsError::Invalid { reason });
        if self.secret_id.is_empty() {
            return invalid("the secret id is empty");
        }
        if !is_header_token(&self.secret_id) {
            return invalid("the secret id contains whitespace or non-ASCII characters");
        }
        if self.secret_key.is_empty() {
            return invalid("the secret key is empty");
        }
        if self.token.as_deref().is_some_and(|t| !is_header_token(t)) {
            return invalid("the session token contains whitespace or non-ASCII characters");
        }
        Ok(())
    }
}

/// Visible ASCII only: the value goes into a header, and a stray newline or
/// space from a copy-paste would otherwise surface as a signature mismatch.
fn is_header_token(value: &str) -> bool {
    value.bytes().all(|b| b.is_ascii_graphic())
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &REDACTED)
            .field("token", &self.token.as_ref().map(|_| REDACTED))
            .field("expiry", &self.expiry)
            .finish()
    }
}

impl Drop for Credentials {
    fn drop(&mut self) {
        self.secret_key.zeroize();
        if let Some(token) = self.token.as_mut() {
            token.zeroize();
        }
    }
}

/// Credentials are missing or cannot be used. Never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// Required environment variables are unset, empty or not UTF-8.
    #[error(
        "no credentials in the environment: {} not set or empty",
        variables.join(" and ")
    )]
    #[non_exhaustive]
    MissingEnvironment {
        /// Names of the missing variables, for example `TENCENTCLOUD_SECRET_KEY`.
        variables: Vec<&'static str>,
    },
    /// The [`Config`](crate::Config) has no credentials.
    #[error(
        "no credentials configured: set them with ConfigBuilder::credentials or load them with Config::from_env"
    )]
    NotConfigured,
    /// Credentials are present but unusable, for example an empty secret key.
    #[error("unusable credentials: {reason}")]
    #[non_exhaustive]
    Invalid {
        /// What is wrong, without the offending value.
        reason: &'static str,
    },
    /// A provider's source holds no credentials: a file that does not exist,
    /// variables that are not set, a metadata service that cannot be reached.
    /// A [`DefaultCredentialsChain`](crate::DefaultCredentialsChain) moves on to its next provider.
    #[error("{provider}: {reason}")]
    #[non_exhaustive]
    NotFound {
        /// The provider, for example `"profile file"`.
        provider: &'static str,
        /// What it looked at, for example the paths it tried.
        reason: String,
        /// The underlying failure, for example the connection error.
        #[source]
        source: Option<ErrorSource>,
    },
    /// A provider's source is present but unusable: a malformed file, a
    /// half-set environment, an unreadable token file. A [`DefaultCredentialsChain`](crate::DefaultCredentialsChain)
    /// stops here rather than fall back to another identity.
    #[error("{provider}: {reason}")]
    #[non_exhaustive]
    InvalidSource {
        /// The provider, for example `"profile file"`.
        provider: &'static str,
        /// What is wrong, naming the file or variable but never a secret.
        reason: String,
        /// The underlying failure, for example the file's I/O error.
        #[source]
        source: Option<ErrorSource>,
    },
    /// Fetching temporary credentials failed: the endpoint answered with an
    /// error or with something that is not credentials, or the connection
    /// failed part-way. A [`DefaultCredentialsChain`](crate::DefaultCredentialsChain) stops here.
    #[error("{provider}: {reason}")]
    #[non_exhaustive]
    FetchFailed {
        /// The provider, for example `"STS AssumeRole"`.
        provider: &'static str,
        /// What went wrong, with the service's error code and request id
        /// when there is one.
        reason: String,
        /// The underlying failure: the transport's error, or the service's.
        #[source]
        source: Option<ErrorSource>,
    },
    /// No provider of a [`DefaultCredentialsChain`](crate::DefaultCredentialsChain) found credentials.
    #[error("no credentials found: {}", DisplayAttempts(attempts))]
    #[non_exhaustive]
    ChainExhausted {
        /// Each provider tried, in order, with what it looked at.
        attempts: Vec<(&'static str, String)>,
    },
}

impl CredentialsError {
    /// [`CredentialsError::NotFound`], for implementations of
    /// [`ProvideCredentials`] that want a chain to move on.
    pub fn not_found(provider: &'static str, reason: impl Into<String>) -> Self {
        Self::NotFound {
            provider,
            reason: reason.into(),
            source: None,
        }
    }

    /// [`CredentialsError::InvalidSource`]. `reason` must not contain secrets.
    pub fn invalid_source(provider: &'static str, reason: impl Into<String>) -> Self {
        Self::InvalidSource {
            provider,
            reason: reason.into(),
            source: None,
        }
    }

    /// [`CredentialsError::FetchFailed`]. `reason` must not contain secrets.
    pub fn fetch_failed(provider: &'static str, reason: impl Into<String>) -> Self {
        Self::FetchFailed {
            provider,
            reason: reason.into(),
            source: None,
        }
    }

    /// The same error with `source` as its cause (for the variants that have one),
    /// reachable through [`std::error::Error::source`]. Its `Display` must not
    /// contain a secret.
    #[must_use]
    pub fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        if let Self::NotFound { source: s, .. }
        | Self::InvalidSource { source: s, .. }
        | Self::FetchFailed { source: s, .. } = &mut self
        {
            *s = Some(ErrorSource(Arc::new(source)));
        }
        self
    }

    /// Whether the source simply had no credentials, as opposed to being
    /// present and broken: what lets a chain try its next provider.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound { .. } | Self::ChainExhausted { .. })
    }

    /// The error without the provider name, for listing under that name.
    pub(crate) fn reason_text(&self) -> String {
        match self {
            Self::NotFound { reason, .. }
            | Self::InvalidSource { reason, .. }
            | Self::FetchFailed { reason, .. } => reason.clone(),
            other => other.to_string(),
        }
    }
}

/// The cause of a [`CredentialsError`], shared so that the error stays `Clone`.
/// Two causes compare equal when they display the same.
#[derive(Debug, Clone)]
pub struct ErrorSource(Arc<dyn StdError + Send + Sync>);

impl fmt::Display for ErrorSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl StdError for ErrorSource {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.0.source()
    }
}

impl PartialEq for ErrorSource {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

impl Eq for ErrorSource {}

struct DisplayAttempts<'a>(&'a [(&'static str, String)]);

impl fmt::Display for DisplayAttempts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("the chain has no providers");
        }
        for (i, (provider, reason)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{provider}: {reason}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn reads_id_key_and_token() {
        let c = Credentials::from_lookup(lookup(&[
            ("TENCENTCLOUD_SECRET_ID", "id"),
            ("TENCENTCLOUD_SECRET_KEY", "key"),
            ("TENCENTCLOUD_SESSION_TOKEN", "token"),
        ]))
        .unwrap();
        assert_eq!(
            (c.secret_id(), c.secret_key(), c.token()),
            ("id", "key", Some("token"))
        );
    }

    #[test]
    fn token_is_optional() {
        let c = Credentials::from_lookup(lookup(&[
            ("TENCENTCLOUD_SECRET_ID", "id"),
            ("TENCENTCLOUD_SECRET_KEY", "key"),
            ("TENCENTCLOUD_SESSION_TOKEN", ""),
        ]))
        .unwrap();
        assert_eq!(c.token(), None);
    }

    #[test]
    fn missing_variables_are_all_named() {
        let err = Credentials::from_lookup(lookup(&[])).unwrap_err();
        assert_eq!(
            err,
            CredentialsError::MissingEnvironment {
                variables: vec!["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"]
            }
        );
        let text = err.to_string();
        assert!(
            text.contains("TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY"),
            "{text}"
        );
    }

    #[test]
    fn empty_variable_counts_as_missing() {
        let err = Credentials::from_lookup(lookup(&[
            ("TENCENTCLOUD_SECRET_ID", "id"),
            ("TENCENTCLOUD_SECRET_KEY", ""),
        ]))
        .unwrap_err();
        assert_eq!(
            err,
            CredentialsError::MissingEnvironment {
                variables: vec!["TENCENTCLOUD_SECRET_KEY"]
            }
        );
    }

    #[test]
    fn validation_rejects_unusable_values_without_echoing_them() {
        for c in [
            Credentials::new("", "key"),
            Credentials::new("id\n", "key"),
            Credentials::new("id", ""),
            Credentials::new("id", "key").with_token("tok en-SECRET"),
        ] {
            let err = c.validate().unwrap_err();
            assert!(matches!(err, CredentialsError::Invalid { .. }));
            assert!(!err.to_string().contains("SECRET"));
        }
        assert_eq!(
            Credentials::new("id", "key").with_token("t").validate(),
            Ok(())
        );
    }
}
