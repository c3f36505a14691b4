//! Plumbing shared by the providers: where environment variables come from,
//! the HTTP transport of the fetching providers, and reading JSON answers
//! without ever echoing a value.

use std::error::Error as StdError;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::Value;
use zeroize::Zeroize;

use super::{Credentials, CredentialsError};
use crate::future::BoxFuture;
use crate::transport::{
    DefaultTransport, HttpRequest, HttpResponse, HttpTransport, TransportError, TransportSettings,
};

/// Where a provider reads environment variables: the process environment,
/// or a lookup given by the caller so that tests need not mutate the
/// process environment, which is shared by every thread.
#[derive(Clone, Default)]
pub(crate) struct Env(Option<Lookup>);

type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

impl Env {
    pub(crate) fn custom(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self(Some(Arc::new(lookup)))
    }

    /// The variable's value; unset, empty and non-UTF-8 all count as unset,
    /// as in [`Credentials::from_env`](super::Credentials::from_env).
    pub(crate) fn var(&self, name: &str) -> Option<String> {
        let value = match &self.0 {
            Some(lookup) => lookup(name),
            None => std::env::var(name).ok(),
        };
        value.filter(|v| !v.is_empty())
    }

    /// The user's home directory. A custom lookup answers for `HOME` (and
    /// `USERPROFILE`) too, so that tests can point it at a temporary
    /// directory.
    pub(crate) fn home_dir(&self) -> Option<PathBuf> {
        match &self.0 {
            Some(_) => self
                .var("HOME")
                .or_else(|| self.var("USERPROFILE"))
                .map(PathBuf::from),
            None => std::env::home_dir().filter(|p| !p.as_os_str().is_empty()),
        }
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            Some(_) => "custom lookup",
            None => "process environment",
        })
    }
}

/// A `reqwest` transport with a provider's own timeouts, created on first use
/// so that constructing a provider cannot fail and costs nothing off-cloud.
pub(crate) struct LazyTransport {
    connect_timeout: Duration,
    timeout: Duration,
    proxy_from_env: bool,
    transport: tokio::sync::OnceCell<Arc<dyn HttpTransport>>,
}

impl LazyTransport {
    pub(crate) fn new(connect_timeout: Duration, timeout: Duration) -> Self {
        Self {
            connect_timeout,
            timeout,
            proxy_from_env: true,
            transport: tokio::sync::OnceCell::new(),
        }
    }

    /// Ignores `HTTP_PROXY` and friends: for the instance metadata service,
    /// which only the instance itself can reach.
    pub(crate) fn without_proxy(mut self) -> Self {
        self.proxy_from_env = false;
        self
    }

    pub(crate) fn set_timeouts(&mut self, connect_timeout: Duration, timeout: Duration) {
        let proxy_from_env = self.proxy_from_env;
        *self = Self::new(connect_timeout, timeout);
        self.proxy_from_env = proxy_from_env;
    }

    pub(crate) fn timeouts(&self) -> (Duration, Duration) {
        (self.connect_timeout, self.timeout)
    }

    pub(crate) async fn get(
        &self,
        provider: &'static str,
    ) -> Result<Arc<dyn HttpTransport>, CredentialsError> {
        self.transport
            .get_or_try_init(|| async {
                let mut settings = TransportSettings::new(self.timeout, self.connect_timeout);
                if !self.proxy_from_env {
                    settings = settings.with_no_proxy();
                }
                let transport = DefaultTransport::new(&settings).map_err(|e| {
                    CredentialsError::fetch_failed(provider, describe_error(&e)).with_source(e)
                })?;
                Ok(Arc::new(transport) as Arc<dyn HttpTransport>)
            })
            .await
            .cloned()
    }
}

impl fmt::Debug for LazyTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LazyTransport")
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("proxy_from_env", &self.proxy_from_env)
            .finish()
    }
}

/// Lets one transport serve the short-lived `ServiceClient`s built per
/// refresh, so that they share a connection pool.
#[derive(Debug, Clone)]
pub(crate) struct SharedTransport(pub(crate) Arc<dyn HttpTransport>);

impl HttpTransport for SharedTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.send(request)
    }
}

/// The error and its causes on one line, for a reason string. Transport
/// errors never contain headers or bodies, so no secret can reach it.
pub(crate) fn describe_error(error: &(dyn StdError + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // reqwest repeats its inner error in its own message.
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// The non-empty string at `path` (dot-separated) in `value`. The error
/// names the path but never the value, which may be a secret.
pub(crate) fn string_at(value: &Value, path: &str) -> Result<String, String> {
    match lookup(value, path) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(Value::String(_)) => Err(format!("`{path}` is empty")),
        Some(_) => Err(format!("`{path}` is not a string")),
        None => Err(format!("`{path}` is missing")),
    }
}

/// The instant at `path`, given in Unix seconds as a number or a numeric
/// string.
pub(crate) fn unix_time_at(value: &Value, path: &str) -> Result<SystemTime, String> {
    let seconds = match lookup(value, path) {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        Some(_) => None,
        None => return Err(format!("`{path}` is missing")),
    };
    seconds
        .and_then(|s| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(s)))
        .ok_or_else(|| format!("`{path}` is not a time in Unix seconds"))
}

/// Temporary credentials from `{prefix}TmpSecretId`, `{prefix}TmpSecretKey`,
/// `{prefix}Token` and `ExpiredTime` (Unix seconds), the shape both the CVM
/// metadata service and STS answer. The error names the first field at fault,
/// never a value.
pub(crate) fn temporary_credentials(value: &Value, prefix: &str) -> Result<Credentials, String> {
    let field = |name: &str| string_at(value, &format!("{prefix}{name}"));
    let expiry = unix_time_at(value, "ExpiredTime")?;
    Ok(
        Credentials::new(field("TmpSecretId")?, field("TmpSecretKey")?)
            .with_token(field("Token")?)
            .with_expiry(expiry),
    )
}

fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |v, key| v.get(key))
}

/// File contents holding secrets, zeroed on drop.
pub(crate) struct SecretText(pub(crate) String);

impl std::ops::Deref for SecretText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Drop for SecretText {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// Parsed JSON holding secrets, its strings zeroed on drop.
pub(crate) struct SecretJson(pub(crate) Value);

impl Drop for SecretJson {
    fn drop(&mut self) {
        fn walk(value: &mut Value) {
            match value {
                Value::String(s) => s.zeroize(),
                Value::Array(items) => items.iter_mut().for_each(walk),
                Value::Object(map) => map.values_mut().for_each(walk),
                _ => {}
            }
        }
        walk(&mut self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_name_the_path_but_not_the_value() {
        let value = serde_json::json!({"A": {"Key": 7, "Empty": "", "Time": "12"}});
        assert_eq!(
            string_at(&value, "A.Key").unwrap_err(),
            "`A.Key` is not a string"
        );
        assert_eq!(
            string_at(&value, "A.Empty").unwrap_err(),
            "`A.Empty` is empty"
        );
        assert_eq!(
            string_at(&value, "A.B.C").unwrap_err(),
            "`A.B.C` is missing"
        );
        assert_eq!(
            unix_time_at(&value, "A.Time").unwrap(),
            SystemTime::UNIX_EPOCH + Duration::from_secs(12)
        );
        assert!(unix_time_at(&value, "A.Empty").is_err());
        assert!(unix_time_at(&serde_json::json!({"T": -1}), "T").is_err());
    }

    #[test]
    fn custom_env_treats_empty_as_unset_and_answers_for_home() {
        let env = Env::custom(|name| match name {
            "EMPTY" => Some(String::new()),
            "HOME" => Some("/home/test".to_owned()),
            _ => None,
        });
        assert_eq!(env.var("EMPTY"), None);
        assert_eq!(env.home_dir(), Some(PathBuf::from("/home/test")));
        assert_eq!(format!("{env:?}"), "custom lookup");
    }
}
