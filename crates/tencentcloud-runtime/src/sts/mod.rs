//! The providers that get temporary credentials from STS (`AssumeRole`, and
//! `AssumeRoleWithWebIdentity` with a TKE OIDC token), and what they share: the
//! service description, its error codes and the response shape.
//!
//! They call STS through a [`ServiceClient`](crate::ServiceClient), so they sit above
//! the client in the runtime's layers; the other providers do not need it.

use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::codes::CodeText;
use crate::creds::fetch::{self, SecretJson};
use crate::creds::{Credentials, CredentialsError};
use crate::error::Error;
use crate::service::ServiceMeta;

mod assume_role;
mod web_identity;

pub use assume_role::AssumeRoleProvider;
pub(crate) use web_identity::WebIdentityFetcher;
pub use web_identity::WebIdentityProvider;

pub(crate) static STS: ServiceMeta = ServiceMeta {
    name: "sts",
    version: "2018-08-13",
    endpoint: "sts.tencentcloudapi.com",
};

/// The region STS is called in when none is set.
pub(crate) const DEFAULT_REGION: &str = "ap-guangzhou";
/// What the official SDKs ask for when no duration is set.
pub(crate) const DEFAULT_DURATION: Duration = Duration::from_secs(7200);

/// STS error codes are only ever reported, never matched on.
pub(crate) type StsErrorCode = CodeText;

/// `tencentcloud-rust-sdk-<unix seconds>`, unique enough to tell sessions
/// apart in audit logs, as the official SDKs do.
pub(crate) fn default_session_name() -> String {
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("tencentcloud-rust-sdk-{now}")
}

/// The credentials in the `Response` object shared by `AssumeRole` and
/// `AssumeRoleWithWebIdentity`:
/// `{"Credentials": {"TmpSecretId", "TmpSecretKey", "Token"}, "ExpiredTime"}`.
pub(crate) fn credentials_from_response(
    provider: &'static str,
    response: SecretJson,
) -> Result<Credentials, CredentialsError> {
    let response = &response.0;
    fetch::temporary_credentials(response, "Credentials.").map_err(|reason| {
        let request_id = response
            .get("RequestId")
            .and_then(Value::as_str)
            .unwrap_or("");
        CredentialsError::fetch_failed(
            provider,
            format!("the response is not credentials: {reason} (RequestId: {request_id:?})"),
        )
    })
}

/// A failed STS call as a reason string. A response error contributes its
/// reason but not its body excerpt, which may hold the credentials being
/// issued; `secrets` are removed in case the server echoed the request.
pub(crate) fn call_error(
    provider: &'static str,
    error: Error<StsErrorCode>,
    secrets: &[&str],
) -> CredentialsError {
    let reason = match &error {
        Error::Service(e) => e.to_string(),
        Error::Response(e) => {
            let mut reason = format!(
                "invalid response (HTTP {}): {}",
                e.http_status(),
                e.reason()
            );
            if let Some(id) = e.request_id() {
                reason.push_str(&format!(" (RequestId: {id})"));
            }
            reason
        }
        Error::Credentials(e) => {
            return CredentialsError::invalid_source(
                provider,
                format!("the source credentials are unusable: {e}"),
            );
        }
        other => fetch::describe_error(other),
    };
    let failed = CredentialsError::fetch_failed(provider, crate::redact::secrets(reason, secrets));
    // The cause too, with the same secrets removed; but not a response error, whose
    // body may hold the credentials being issued.
    match error {
        Error::Response(_) => failed,
        Error::Service(e) => failed.with_source(Error::Service(e.redact(secrets))),
        other => failed.with_source(other),
    }
}
