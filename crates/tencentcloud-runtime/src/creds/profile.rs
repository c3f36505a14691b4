//! Credentials from the shared INI credentials file.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use zeroize::Zeroize;

use super::fetch::{Env, SecretText};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::future::BoxFuture;

/// Reads a profile of the INI credentials file that the official SDKs read:
///
/// ```ini
/// [default]
/// secret_id = AKIDexample
/// secret_key = example-key
///
/// [dev]
/// secret_id = AKIDother
/// secret_key = other-key
/// token = optional-session-token
/// ```
///
/// The file is `TENCENTCLOUD_CREDENTIALS_FILE` if set, else the first that
/// exists of `~/.tencentcloud/credentials` and (on Unix)
/// `/etc/tencentcloud/credentials`. The profile is the one given to
/// [`with_profile`](Self::with_profile), else `TENCENTCLOUD_PROFILE`, else `default`.
/// The file is read on every call.
///
/// No file, or no `[default]` section when no profile was asked for, is
/// [`CredentialsError::NotFound`]. A file named by the variable that does not
/// exist, a syntax error, a profile asked for but absent, or a section with
/// only one of the two keys is [`CredentialsError::InvalidSource`].
///
/// Lines starting with `#` or `;` are comments, as is the rest of a line from
/// a ` #` or ` ;`; values may be quoted; key names ignore case.
#[derive(Debug, Clone, Default)]
pub struct ProfileProvider {
    env: Env,
    profile: Option<String>,
    file: Option<PathBuf>,
    system_file: Option<PathBuf>,
}

impl ProfileProvider {
    /// The name this provider gives in errors.
    pub const NAME: &'static str = "profile file";
    /// Environment variable naming the credentials file.
    pub const ENV_FILE: &'static str = "TENCENTCLOUD_CREDENTIALS_FILE";
    /// Environment variable naming the profile.
    pub const ENV_PROFILE: &'static str = "TENCENTCLOUD_PROFILE";
    /// The profile read when none is named.
    pub const DEFAULT_PROFILE: &'static str = "default";

    /// Searches the default locations for the default profile.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads profile `name`, ignoring `TENCENTCLOUD_PROFILE`.
    #[must_use]
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads `path`, ignoring `TENCENTCLOUD_CREDENTIALS_FILE` and the
    /// default locations.
    #[must_use]
    pub fn with_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.file = Some(path.into());
        self
    }

    /// Looks for the system-wide file at `path` instead of
    /// `/etc/tencentcloud/credentials` (after `~/.tencentcloud/credentials`, as
    /// that one), so that tests and unusual systems do not depend on the machine's.
    #[must_use]
    pub fn with_system_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.system_file = Some(path.into());
        self
    }

    /// Reads `TENCENTCLOUD_CREDENTIALS_FILE`, `TENCENTCLOUD_PROFILE` and
    /// `HOME` through `lookup` instead of the process environment.
    #[must_use]
    pub fn env_lookup(
        mut self,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.env = Env::custom(lookup);
        self
    }

    pub(crate) fn with_env(env: Env, profile: Option<String>) -> Self {
        Self {
            env,
            profile,
            ..Self::default()
        }
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let invalid = |reason: String| CredentialsError::invalid_source(Self::NAME, reason);
        let (profile, profile_named) = match &self.profile {
            Some(name) => (name.clone(), true),
            None => match self.env.var(Self::ENV_PROFILE) {
                Some(name) => (name, true),
                None => (Self::DEFAULT_PROFILE.to_owned(), false),
            },
        };

        let named_file = self
            .file
            .clone()
            .or_else(|| self.env.var(Self::ENV_FILE).map(PathBuf::from));
        let (path, text) = match named_file {
            Some(path) => match read(&path) {
                Ok(Some(text)) => (path, text),
                Ok(None) => return Err(invalid(format!("{} does not exist", path.display()))),
                Err(reason) => return Err(invalid(reason)),
            },
            None => {
                let candidates = self.default_locations();
                let mut found = None;
                for path in &candidates {
                    if let Some(text) = read(path).map_err(invalid)? {
                        found = Some((path.clone(), text));
                        break;
                    }
                }
                match found {
                    Some(found) => found,
                    None => {
                        let tried: Vec<String> =
                            candidates.iter().map(|p| p.display().to_string()).collect();
                        let mut reason = format!("no file at {}", tried.join(" or "));
                        if self.env.home_dir().is_none() {
                            reason.push_str(" (no home directory)");
                        }
                        return Err(CredentialsError::not_found(Self::NAME, reason));
                    }
                }
            }
        };

        let display = path.display();
        let ini = Ini::parse(&text).map_err(|e| invalid(format!("{display}: {e}")))?;
        drop(text);
        if !ini.has_section(&profile) {
            let reason = format!("{display} has no [{profile}] profile");
            return Err(if profile_named {
                invalid(reason)
            } else {
                CredentialsError::not_found(Self::NAME, reason)
            });
        }
        let id = ini.get(&profile, "secret_id");
        let key = ini.get(&profile, "secret_key");
        match (id, key) {
            (Some(id), Some(key)) => {
                let credentials = Credentials::new(id, key);
                Ok(match ini.get(&profile, "token") {
                    Some(token) => credentials.with_token(token),
                    None => credentials,
                })
            }
            (None, None) => Err(CredentialsError::not_found(
                Self::NAME,
                format!("[{profile}] in {display} has no secret_id or secret_key"),
            )),
            (id, _) => {
                let missing = if id.is_none() {
                    "secret_id"
                } else {
                    "secret_key"
                };
                Err(invalid(format!(
                    "[{profile}] in {display} has no {missing} or it is empty"
                )))
            }
        }
    }

    fn default_locations(&self) -> Vec<PathBuf> {
        let mut paths = Vec::new();
        if let Some(home) = self.env.home_dir() {
            paths.push(home.join(".tencentcloud").join("credentials"));
        }
        match &self.system_file {
            Some(path) => paths.push(path.clone()),
            None if cfg!(unix) => paths.push(PathBuf::from("/etc/tencentcloud/credentials")),
            None => {}
        }
        paths
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.load();
        Box::pin(async move { result })
    }
}

/// The file's text, `None` if it does not exist. The text is a secret: the
/// caller drops it, and [`SecretText`] zeroes it.
fn read(path: &Path) -> Result<Option<SecretText>, String> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(Some(SecretText(text))),
            Err(e) => {
                e.into_bytes().zeroize();
                Err(format!("{} is not UTF-8", path.display()))
            }
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{} could not be read: {e}", path.display())),
    }
}

/// The parsed file: sections in order, each with its key/value pairs. Values
/// are zeroed on drop.
struct Ini {
    sections: Vec<(String, Vec<(String, String)>)>,
}

/// A syntax error: the line number and what is wrong, never the line, which
/// may hold a secret.
#[derive(Debug, PartialEq, Eq)]
struct IniError {
    line: usize,
    reason: &'static str,
}

impl fmt::Display for IniError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl Ini {
    fn parse(text: &str) -> Result<Self, IniError> {
        let mut ini = Ini {
            sections: Vec::new(),
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (index, raw) in text.lines().enumerate() {
            let error = |reason| IniError {
                line: index + 1,
                reason,
            };
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let Some(end) = rest.find(']') else {
                    return Err(error("a section header has no closing `]`"));
                };
                if !is_blank_or_comment(&rest[end + 1..]) {
                    return Err(error("text follows a section header"));
                }
                let name = rest[..end].trim();
                if name.is_empty() {
                    return Err(error("a section name is empty"));
                }
                ini.sections.push((name.to_owned(), Vec::new()));
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(error("expected `[section]`, `key = value` or a comment"));
            };
            let key = key.trim();
            if key.is_empty() {
                return Err(error("a key name is empty"));
            }
            let Some((_, entries)) = ini.sections.last_mut() else {
                return Err(error("a key comes before any `[section]`"));
            };
            entries.push((
                key.to_ascii_lowercase(),
                unquote(strip_comment(value.trim())),
            ));
        }
        Ok(ini)
    }

    fn has_section(&self, name: &str) -> bool {
        self.sections.iter().any(|(n, _)| n == name)
    }

    /// The last non-empty value of `key` in section `section`, across repeated
    /// sections of that name.
    fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.sections
            .iter()
            .filter(|(name, _)| name == section)
            .flat_map(|(_, entries)| entries)
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .next_back()
            .filter(|v| !v.is_empty())
    }
}

impl Drop for Ini {
    fn drop(&mut self) {
        for (_, entries) in &mut self.sections {
            for (_, value) in entries {
                value.zeroize();
            }
        }
    }
}

fn is_blank_or_comment(rest: &str) -> bool {
    let rest = rest.trim_start();
    rest.is_empty() || rest.starts_with('#') || rest.starts_with(';')
}

/// Cuts a trailing ` # comment` or ` ; comment`. A `#` or `;` not preceded
/// by whitespace is part of the value.
fn strip_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if (b == b'#' || b == b';') && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

fn unquote(value: &str) -> String {
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            return value[1..value.len() - 1].to_owned();
        }
    }
    value.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_comments_quotes_and_case() {
        let ini = Ini::parse(
            "\u{feff}# top comment\n\
             ; another\n\
             [default]\n\
             \tSecret_Id =  id  \n\
             secret_key=\"k=ey\" # trailing\n\
             [ dev ] ; comment\n\
             secret_id = a#b\n\
             empty =\n\
             [default]\n\
             token = t\n",
        )
        .unwrap();
        assert_eq!(ini.get("default", "secret_id"), Some("id"));
        assert_eq!(ini.get("default", "secret_key"), Some("k=ey"));
        assert_eq!(ini.get("default", "token"), Some("t"));
        assert_eq!(ini.get("dev", "secret_id"), Some("a#b"));
        assert_eq!(ini.get("dev", "empty"), None);
        assert!(ini.has_section("dev"));
    }

    #[test]
    fn later_values_win() {
        let ini = Ini::parse("[p]\nk = 1\n[p]\nk = 2\n").unwrap();
        assert_eq!(ini.get("p", "k"), Some("2"));
    }

    #[test]
    fn syntax_errors_give_the_line_but_not_its_text() {
        for (text, line) in [
            ("[default\n", 1),
            ("\n[default] x\n", 2),
            ("[]\n", 1),
            ("secret_key = SECRET\n", 1),
            ("[default]\nSECRET-without-equals\n", 2),
            ("[default]\n = SECRET\n", 2),
        ] {
            let err = Ini::parse(text)
                .err()
                .unwrap_or_else(|| panic!("{text:?} parsed"));
            assert_eq!(err.line, line, "{text:?}");
            assert!(!err.to_string().contains("SECRET"), "{err}");
        }
    }

    #[test]
    fn garbage_does_not_panic() {
        for text in [
            "[", "]", "=", "[[]]", "\0\u{1}", "[a]\n=\n", "'", "[a]\nk='",
        ] {
            let _ = Ini::parse(text);
        }
        let ini = Ini::parse("[a]\nk = '\n").unwrap();
        assert_eq!(ini.get("a", "k"), Some("'"));
    }
}
