//! The values a configuration is made of, and its error.

use std::fmt;

use crate::creds::CredentialsError;
use crate::endpoint::EndpointError;
use crate::signing::V1Algorithm;

/// How requests are signed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureMethod {
    /// `TC3-HMAC-SHA256` (signature v3): what every current API expects.
    #[default]
    Tc3HmacSha256,
    /// `HmacSHA256` (legacy signature v1), with form-encoded parameters.
    HmacSha256,
    /// `HmacSHA1` (legacy signature v1), with form-encoded parameters.
    HmacSha1,
}

impl SignatureMethod {
    /// The name the API uses, for example `"TC3-HMAC-SHA256"` or
    /// `"HmacSHA1"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tc3HmacSha256 => crate::signing::ALGORITHM,
            Self::HmacSha256 => "HmacSHA256",
            Self::HmacSha1 => "HmacSHA1",
        }
    }

    /// The v1 HMAC, for the legacy methods.
    pub(crate) fn v1_algorithm(self) -> Option<V1Algorithm> {
        match self {
            Self::Tc3HmacSha256 => None,
            Self::HmacSha256 => Some(V1Algorithm::HmacSha256),
            Self::HmacSha1 => Some(V1Algorithm::HmacSha1),
        }
    }
}

impl fmt::Display for SignatureMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Language of the messages in service responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Language {
    /// Simplified Chinese, `zh-CN`.
    ZhCn,
    /// English, `en-US`.
    EnUs,
}

impl Language {
    /// The `X-TC-Language` header value.
    ///
    /// ```
    /// assert_eq!(tencentcloud_runtime::Language::EnUs.as_str(), "en-US");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::EnUs => "en-US",
        }
    }
}

/// A configuration is invalid, or the HTTP client could not be created.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The endpoint override is not an `http`/`https` URL of a host.
    #[error("invalid endpoint {endpoint:?}: {reason}")]
    #[non_exhaustive]
    InvalidEndpoint {
        /// The endpoint as given, with any user info masked.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The region is empty or cannot be sent in a header.
    #[error("invalid region {region:?}: {reason}")]
    #[non_exhaustive]
    InvalidRegion {
        /// The region as given.
        region: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A setting is unusable, for example a root domain that is a URL.
    #[error("invalid {setting}: {reason}")]
    #[non_exhaustive]
    InvalidSetting {
        /// The builder method, for example `"root_domain"`.
        setting: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Credentials could not be loaded.
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// The HTTP client could not be created, for example because the TLS
    /// backend failed to initialise.
    #[error("could not create the HTTP client")]
    HttpClient(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl From<EndpointError> for ConfigError {
    fn from(e: EndpointError) -> Self {
        Self::InvalidEndpoint {
            endpoint: e.endpoint,
            reason: e.reason,
        }
    }
}
