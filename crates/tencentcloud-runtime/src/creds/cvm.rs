//! Credentials of the CAM role attached to a CVM instance, from the instance
//! metadata service.

use std::time::Duration;

use bytes::Bytes;
use serde_json::Value;
use url::Url;

use super::cache::CachedProvider;
use super::fetch::{self, LazyTransport, SecretJson};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::transport::{BoxFuture, HttpMethod, HttpRequest, HttpResponse};

const NAME: &str = "CVM instance role";

/// Fetches the temporary credentials of the CAM role attached to the CVM
/// instance it runs on:
///
/// 1. `GET {endpoint}/latest/meta-data/cam/security-credentials/` gives the
///    role name (skipped when [`with_role_name`](Self::with_role_name) is set);
/// 2. `GET {endpoint}/latest/meta-data/cam/security-credentials/<role>` gives
///    `TmpSecretId`, `TmpSecretKey`, `Token` and `ExpiredTime`, with `Code`
///    `"Success"`.
///
/// Caches the credentials as [`CachedProvider`] does: the metadata service is
/// asked again only within 5 minutes of expiry.
///
/// Off-cloud, the first request fails fast (1 second to connect, 5 in all by
/// default) with [`CredentialsError::NotFound`], as does a 404 (no role
/// attached) or an answer that is not a role name. A failure after that, or
/// an answer that is not credentials, is [`CredentialsError::FetchFailed`].
///
/// ```no_run
/// use tencentcloud_runtime::credentials::CvmRoleProvider;
///
/// let provider = CvmRoleProvider::new();
/// # drop(provider);
/// ```
#[derive(Debug)]
pub struct CvmRoleProvider {
    cache: CachedProvider<CvmRoleFetcher>,
}

impl CvmRoleProvider {
    /// The name this provider gives in errors.
    pub const NAME: &'static str = NAME;
    /// The metadata service every CVM instance can reach.
    pub const DEFAULT_ENDPOINT: &'static str = "http://metadata.tencentyun.com";

    /// Asks the default metadata endpoint for the attached role.
    pub fn new() -> Self {
        Self {
            cache: CachedProvider::new(CvmRoleFetcher::new()),
        }
    }

    /// Asks `endpoint` (scheme, host and optional port, for example
    /// `"http://127.0.0.1:8080"`) instead of the metadata service.
    #[must_use]
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.cache.provider_mut().endpoint = endpoint.into();
        self
    }

    /// Uses role `name` instead of asking which role is attached.
    #[must_use]
    pub fn with_role_name(mut self, name: impl Into<String>) -> Self {
        self.cache.provider_mut().role = Some(name.into());
        self
    }

    /// Limit on connecting to the metadata service; default 1 second.
    #[must_use]
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        let http = &mut self.cache.provider_mut().http;
        let (_, total) = http.timeouts();
        http.set_timeouts(timeout, total);
        self
    }

    /// Limit on each request to the metadata service; default 5 seconds.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        let http = &mut self.cache.provider_mut().http;
        let (connect, _) = http.timeouts();
        http.set_timeouts(connect, timeout);
        self
    }
}

impl Default for CvmRoleProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for CvmRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.provide_credentials()
    }
}

/// One uncached fetch from the metadata service: what [`CvmRoleProvider`]
/// caches, and what the default chain uses under its own cache.
#[derive(Debug)]
pub(crate) struct CvmRoleFetcher {
    pub(crate) endpoint: String,
    role: Option<String>,
    http: LazyTransport,
}

impl CvmRoleFetcher {
    pub(crate) fn new() -> Self {
        Self {
            endpoint: CvmRoleProvider::DEFAULT_ENDPOINT.to_owned(),
            role: None,
            // A proxy would reach its own host's metadata service, or none.
            http: LazyTransport::new(Duration::from_secs(1), Duration::from_secs(5))
                .without_proxy(),
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let base = Url::parse(&self.endpoint)
            .ok()
            .filter(|url| url.has_host() && matches!(url.scheme(), "http" | "https"))
            .ok_or_else(|| {
                CredentialsError::invalid_source(
                    NAME,
                    format!(
                        "the metadata endpoint {:?} is not an http(s) URL",
                        self.endpoint
                    ),
                )
            })?;
        let role = match &self.role {
            Some(role) => role.clone(),
            None => self.role_name(&base).await?,
        };

        let url = metadata_url(&base, &role);
        let response = self.get(&url).await.map_err(|reason| {
            CredentialsError::fetch_failed(NAME, format!("GET {url} failed: {reason}"))
        })?;
        let failed = |reason: String| CredentialsError::fetch_failed(NAME, reason);
        if response.status != 200 {
            return Err(failed(format!(
                "GET {url} answered HTTP {}; is role {role:?} still attached?",
                response.status
            )));
        }
        // serde_json's syntax errors give a position, never the text.
        let json = SecretJson(
            serde_json::from_slice::<Value>(&response.body)
                .map_err(|e| failed(format!("GET {url} did not answer JSON: {e}")))?,
        );
        drop(response);
        let json = &json.0;
        match json.get("Code").and_then(Value::as_str) {
            Some("Success") => {}
            Some(code) => {
                let code: String = code.chars().take(64).collect();
                return Err(failed(format!("GET {url} answered Code {code:?}")));
            }
            None => return Err(failed(format!("GET {url} answered without a Code"))),
        }
        fetch::temporary_credentials(json, "").map_err(|e| failed(format!("GET {url}: {e}")))
    }

    /// The attached role. Everything that suggests "not on a CVM instance"
    /// is `NotFound`, so that a chain moves on.
    async fn role_name(&self, base: &Url) -> Result<String, CredentialsError> {
        let url = metadata_url(base, "");
        let not_found = |reason: String| CredentialsError::not_found(NAME, reason);
        let response = self.get(&url).await.map_err(|reason| {
            not_found(format!(
                "the metadata service is unreachable: GET {url}: {reason}"
            ))
        })?;
        match response.status {
            200 => {}
            404 => {
                return Err(not_found(format!(
                    "no CAM role is attached to this instance (GET {url} answered 404)"
                )));
            }
            status => {
                return Err(CredentialsError::fetch_failed(
                    NAME,
                    format!("GET {url} answered HTTP {status}"),
                ));
            }
        }
        let role = std::str::from_utf8(&response.body)
            .ok()
            .and_then(|body| body.lines().map(str::trim).find(|line| !line.is_empty()));
        match role {
            Some(role) if is_role_name(role) => Ok(role.to_owned()),
            Some(_) => Err(not_found(format!(
                "GET {url} did not answer a role name; this is probably not a CVM instance"
            ))),
            None => Err(not_found(format!(
                "no CAM role is attached to this instance (GET {url} answered nothing)"
            ))),
        }
    }

    async fn get(&self, url: &Url) -> Result<HttpResponse, String> {
        let transport = self.http.get(NAME).await.map_err(|e| e.to_string())?;
        let request = HttpRequest::new(HttpMethod::Get, url.as_str(), Bytes::new());
        transport
            .send(request)
            .await
            .map_err(|e| fetch::describe_error(&e))
    }
}

impl ProvideCredentials for CvmRoleFetcher {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

/// `{base}/latest/meta-data/cam/security-credentials/{role}`, the role
/// percent-encoded; an empty role gives the listing URL with its trailing
/// slash.
fn metadata_url(base: &Url, role: &str) -> Url {
    let mut url = base.clone();
    url.set_query(None);
    url.set_fragment(None);
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.pop_if_empty().extend([
            "latest",
            "meta-data",
            "cam",
            "security-credentials",
            role,
        ]);
    }
    url
}

/// CAM role names are 1 to 128 of letters, digits and `+=,.@_-`.
fn is_role_name(name: &str) -> bool {
    (1..=128).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_urls_keep_the_trailing_slash_and_encode_the_role() {
        let base = Url::parse("http://127.0.0.1:9/").unwrap();
        assert_eq!(
            metadata_url(&base, "").as_str(),
            "http://127.0.0.1:9/latest/meta-data/cam/security-credentials/"
        );
        assert_eq!(
            metadata_url(&base, "a b/c").as_str(),
            "http://127.0.0.1:9/latest/meta-data/cam/security-credentials/a%20b%2Fc"
        );
    }

    #[test]
    fn role_names_are_cam_names() {
        assert!(is_role_name("CVM_QcsRole-1@x.y"));
        assert!(!is_role_name("<html>"));
        assert!(!is_role_name(""));
        assert!(!is_role_name(&"a".repeat(129)));
    }
}
