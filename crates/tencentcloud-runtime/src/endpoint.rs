//! Where a service's requests go.
//!
//! In order of precedence: a full endpoint override
//! ([`ConfigBuilder::endpoint`](crate::ConfigBuilder::endpoint)), a regional
//! host (`<service>.<region>.<root>`), a custom root domain
//! (`<service>.<root>`), and finally the service's own default host from its
//! [`ServiceMeta`](crate::ServiceMeta) (`<service>.tencentcloudapi.com` for a service
//! named at run time). The host is resolved once, when the client is created,
//! because it is part of every signature.

use url::Url;

use crate::service::ServiceName;

/// An endpoint, or a root domain, that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid endpoint {endpoint:?}: {reason}")]
pub struct EndpointError {
    /// The endpoint as given, with any user info masked.
    pub(crate) endpoint: String,
    /// What is wrong with it.
    pub(crate) reason: String,
}

/// The settings that decide a service's host; see the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Route<'a> {
    /// A full endpoint override.
    pub(crate) endpoint: Option<&'a Endpoint>,
    /// The region, for a regional host.
    pub(crate) region: Option<&'a str>,
    /// Whether to use the regional host.
    pub(crate) regional: bool,
    /// A root domain in place of `tencentcloudapi.com`.
    pub(crate) root_domain: Option<&'a str>,
}

/// The root domain of the public API endpoints.
pub(crate) const DEFAULT_ROOT_DOMAIN: &str = "tencentcloudapi.com";

/// A validated endpoint: where requests go and what `Host` is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// Normalized URL, kept for display and [`Config::to_builder`](crate::Config::to_builder).
    pub(crate) url: String,
    /// `"http"` or `"https"`.
    pub(crate) scheme: &'static str,
    /// `host[:port]`, the port only when not the scheme's default: what the
    /// HTTP client sends as `Host`, and therefore what must be signed.
    pub(crate) authority: String,
}

impl Endpoint {
    /// HTTPS to a bare host name.
    pub(crate) fn from_host(host: &str) -> Result<Self, EndpointError> {
        Self::parse(&format!("https://{host}"))
    }

    /// The endpoint `service` uses on `route`.
    pub(crate) fn resolve(service: &ServiceName, route: Route<'_>) -> Result<Self, EndpointError> {
        if let Some(endpoint) = route.endpoint {
            return Ok(endpoint.clone());
        }
        let root = route.root_domain;
        let host = match (route.regional, route.region) {
            (true, Some(region)) => format!(
                "{}.{region}.{}",
                service.name,
                root.unwrap_or(DEFAULT_ROOT_DOMAIN)
            ),
            // `ConfigBuilder::build` refuses this combination; a config
            // cannot be made without going through it.
            (true, None) => {
                return Err(EndpointError {
                    endpoint: default_host(service),
                    reason: "a regional endpoint needs a region".to_owned(),
                });
            }
            (false, _) => match root {
                Some(root) => format!("{}.{root}", service.name),
                None => default_host(service),
            },
        };
        Self::from_host(&host)
    }

    pub(crate) fn parse(raw: &str) -> Result<Self, EndpointError> {
        let invalid = |reason: String| EndpointError {
            endpoint: mask_userinfo(raw),
            reason,
        };
        let url = match Url::parse(raw) {
            Ok(url) => url,
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                return Err(invalid(format!(
                    "not an absolute URL; include the scheme, for example \"https://{}\"",
                    mask_userinfo(raw)
                )));
            }
            Err(e) => return Err(invalid(e.to_string())),
        };
        let scheme = match url.scheme() {
            "https" => "https",
            "http" => "http",
            other => {
                return Err(invalid(format!(
                    "the scheme must be http or https, not {other:?}"
                )));
            }
        };
        let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
            return Err(invalid("no host".to_owned()));
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("user info in the URL is not supported".to_owned()));
        }
        if url.path() != "/" {
            return Err(invalid(format!(
                "requests always go to \"/\", so the path {:?} is not supported",
                url.path()
            )));
        }
        if url.query().is_some() {
            return Err(invalid("a query is not supported".to_owned()));
        }
        if url.fragment().is_some() {
            return Err(invalid("a fragment is not supported".to_owned()));
        }
        let authority = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        Ok(Self {
            url: format!("{scheme}://{authority}/"),
            scheme,
            authority,
        })
    }
}

/// The host of `service` when nothing in the configuration changes it: its
/// description's, or `<name>.tencentcloudapi.com` for a service named at run time.
fn default_host(service: &ServiceName) -> String {
    match service.endpoint {
        Some(host) => host.to_owned(),
        None => format!("{}.{DEFAULT_ROOT_DOMAIN}", service.name),
    }
}

/// Checks a root domain such as `"tencentcloudapi.woa.com"` and lowercases
/// it, as the HTTP client will when it sends `Host`.
pub(crate) fn validate_root_domain(root: &str) -> Result<String, EndpointError> {
    let invalid = |reason: &str| EndpointError {
        endpoint: root.to_owned(),
        reason: reason.to_owned(),
    };
    let root = root.trim_end_matches('.');
    if root.is_empty() {
        return Err(invalid("it is empty"));
    }
    if root.contains("://") || root.contains(['/', ':', '@', '?', '#']) {
        return Err(invalid(
            "it must be a bare domain name; use `endpoint` for a full URL",
        ));
    }
    // A label in front, as every service host will have, proves it parses as
    // a host name and not, say, an IP address fragment.
    match Url::parse(&format!("https://service.{root}/")) {
        Ok(url) if url.host_str() == Some(&format!("service.{}", root.to_ascii_lowercase())) => {
            Ok(root.to_ascii_lowercase())
        }
        _ => Err(invalid("it is not a valid domain name")),
    }
}

/// Hides `user:password@` so that a rejected endpoint can be echoed safely.
pub(crate) fn mask_userinfo(raw: &str) -> String {
    let start = raw.find("://").map_or(0, |i| i + 3);
    let authority_len = raw[start..]
        .find(['/', '?', '#'])
        .unwrap_or(raw.len() - start);
    match raw[start..start + authority_len].rfind('@') {
        Some(at) => format!("{}***{}", &raw[..start], &raw[start + at..]),
        None => raw.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(raw: &str) -> Result<Endpoint, String> {
        Endpoint::parse(raw).map_err(|e| e.to_string())
    }

    #[test]
    fn endpoint_authority_omits_default_ports() {
        let e = endpoint("https://scf.ap-guangzhou.tencentcloudapi.com:443").unwrap();
        assert_eq!(e.authority, "scf.ap-guangzhou.tencentcloudapi.com");
        assert_eq!(e.url, "https://scf.ap-guangzhou.tencentcloudapi.com/");
        let e = endpoint("http://127.0.0.1:9000/").unwrap();
        assert_eq!((e.scheme, e.authority.as_str()), ("http", "127.0.0.1:9000"));
        let e = endpoint("http://[::1]:8080").unwrap();
        assert_eq!(e.authority, "[::1]:8080");
    }

    #[test]
    fn endpoint_host_is_lowercased_as_the_http_client_sends_it() {
        assert_eq!(
            endpoint("https://SCF.Example.COM").unwrap().authority,
            "scf.example.com"
        );
    }

    #[test]
    fn bare_host_gets_a_hint() {
        let err = endpoint("scf.tencentcloudapi.com").unwrap_err();
        assert!(err.contains("https://scf.tencentcloudapi.com"), "{err}");
    }

    #[test]
    fn userinfo_is_masked_in_errors() {
        let err = endpoint("https://user:hunter2@example.com").unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
        let err = endpoint("user:hunter2@example.com").unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn mask_userinfo_leaves_paths_alone() {
        assert_eq!(mask_userinfo("https://a/b@c"), "https://a/b@c");
        assert_eq!(mask_userinfo("https://u:p@h/x"), "https://***@h/x");
    }

    #[test]
    fn root_domain_accepts_domains_and_rejects_urls() {
        assert_eq!(
            validate_root_domain("TencentCloudAPI.woa.com.").unwrap(),
            "tencentcloudapi.woa.com"
        );
        for bad in [
            "",
            "https://example.com",
            "example.com/x",
            "example.com:8080",
            "exa mple.com",
            "user@example.com",
        ] {
            assert!(validate_root_domain(bad).is_err(), "{bad:?}");
        }
    }
}
