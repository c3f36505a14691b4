//! Credentials and region from the files of tccli, the Tencent Cloud CLI.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde_json::Value;

use super::fetch::{self, Env, SecretJson, SecretText};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::future::BoxFuture;

/// Reads the credentials that `tccli configure` (or `tccli auth login`)
/// stores in `~/.tccli/<profile>.credential`:
///
/// ```json
/// {"secretId": "AKIDexample", "secretKey": "example-key", "token": "optional"}
/// ```
///
/// The profile is the one given to [`with_profile`](Self::with_profile), else
/// `TCCLI_PROFILE` (tccli's own variable), else `default`. The file is read on
/// every call. An `expiresAt` (Unix seconds, written by `tccli auth login`)
/// becomes the credentials' [expiry](Credentials::expiry).
///
/// No file, or a file without keys (as `tccli configure set region` leaves
/// it, or `use-cvm-role true`, which [`CvmRoleProvider`](super::CvmRoleProvider)
/// covers), is [`CredentialsError::NotFound`]. Malformed JSON, only one of
/// the two keys, expired login credentials, or a `role-arn` (which this
/// provider does not assume; use [`AssumeRoleProvider`](crate::credentials::AssumeRoleProvider))
/// is [`CredentialsError::InvalidSource`].
#[derive(Debug, Clone, Default)]
pub struct TccliProvider {
    env: Env,
    profile: Option<String>,
}

impl TccliProvider {
    /// The name this provider gives in errors.
    pub const NAME: &'static str = "tccli";
    /// tccli's environment variable naming the profile.
    pub const ENV_PROFILE: &'static str = "TCCLI_PROFILE";

    /// Reads the default profile from the user's home directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads profile `name`, ignoring `TCCLI_PROFILE`.
    #[must_use]
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads `TCCLI_PROFILE` and `HOME` through `lookup` instead of the
    /// process environment.
    #[must_use]
    pub fn env_lookup(
        mut self,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.env = Env::custom(lookup);
        self
    }

    pub(crate) fn with_env(env: Env, profile: Option<String>) -> Self {
        Self { env, profile }
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let invalid = |reason: String| CredentialsError::invalid_source(Self::NAME, reason);
        let profile = self
            .profile
            .clone()
            .or_else(|| self.env.var(Self::ENV_PROFILE))
            .unwrap_or_else(|| "default".to_owned());
        let Some(home) = self.env.home_dir() else {
            return Err(CredentialsError::not_found(
                Self::NAME,
                "no home directory to find ~/.tccli in",
            ));
        };
        let path = tccli_file(&home, &profile, "credential");
        let display = path.display();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => SecretText(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CredentialsError::not_found(
                    Self::NAME,
                    format!("no file at {display}"),
                ));
            }
            Err(e) => return Err(invalid(format!("{display} could not be read: {e}"))),
        };
        // serde_json's syntax errors give a position, never the text.
        let json = SecretJson(
            serde_json::from_str(&text)
                .map_err(|e| invalid(format!("{display} is not valid JSON: {e}")))?,
        );
        let json = &json.0;
        drop(text);
        if !json.is_object() {
            return Err(invalid(format!("{display} is not a JSON object")));
        }
        let id = fetch::string_at(json, "secretId").ok();
        let key = fetch::string_at(json, "secretKey").ok();
        if json.get("type").and_then(Value::as_str) == Some("cvm-role") && id.is_none() {
            return Err(CredentialsError::not_found(
                Self::NAME,
                format!("{display} says to use the CVM role"),
            ));
        }
        if fetch::string_at(json, "role-arn").is_ok() {
            return Err(invalid(format!(
                "{display} sets role-arn, which this SDK does not assume from tccli files; \
                 use AssumeRoleProvider"
            )));
        }
        let (id, key) = match (id, key) {
            (Some(id), Some(key)) => (id, key),
            (None, None) => {
                return Err(CredentialsError::not_found(
                    Self::NAME,
                    format!("{display} has no secretId or secretKey"),
                ));
            }
            (id, _) => {
                let missing = if id.is_none() {
                    "secretId"
                } else {
                    "secretKey"
                };
                return Err(invalid(format!(
                    "{display} has no {missing} or it is empty"
                )));
            }
        };
        let mut credentials = Credentials::new(id, key);
        if let Ok(token) = fetch::string_at(json, "token") {
            credentials = credentials.with_token(token);
        }
        if json.get("expiresAt").is_some() {
            let expiry = fetch::unix_time_at(json, "expiresAt")
                .map_err(|reason| invalid(format!("{display}: {reason}")))?;
            if expiry <= SystemTime::now() {
                return Err(invalid(format!(
                    "the credentials in {display} have expired; run a tccli command to refresh them"
                )));
            }
            credentials = credentials.with_expiry(expiry);
        }
        Ok(credentials)
    }
}

impl ProvideCredentials for TccliProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.load();
        Box::pin(async move { result })
    }
}

/// The region tccli is configured with for `profile`, from
/// `~/.tccli/<profile>.configure`; `None` if there is no home directory, no
/// file, no region, or the file is malformed.
///
/// Reads `{"_sys_param": {"region": ...}}`, as current tccli writes it, and a
/// top-level `"region"`, as older versions did.
///
/// ```no_run
/// let region = tencentcloud_runtime::credentials::tccli_region("default");
/// ```
pub fn tccli_region(profile: &str) -> Option<String> {
    tccli_region_in(&Env::default().home_dir()?, profile)
}

/// [`tccli_region`] with `home` as the home directory.
pub fn tccli_region_in(home: &Path, profile: &str) -> Option<String> {
    let text = std::fs::read_to_string(tccli_file(home, profile, "configure")).ok()?;
    let json: Value = serde_json::from_str(&text).ok()?;
    ["_sys_param.region", "region"]
        .into_iter()
        .find_map(|path| fetch::string_at(&json, path).ok())
}

fn tccli_file(home: &Path, profile: &str, extension: &str) -> PathBuf {
    home.join(".tccli").join(format!("{profile}.{extension}"))
}
