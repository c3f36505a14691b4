//! Signature checks: TC3-HMAC-SHA256 from headers, and the legacy v1 (HmacSHA1 and
//! HmacSHA256) from form parameters. Both recompute the signature with the runtime's
//! signer from the bytes received, so the server and the client cannot drift apart.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tencentcloud_runtime::server::DispatchError;
use tencentcloud_runtime::signing::{
    SigningRequest, V1Algorithm, V1SigningRequest, sign_tc3, sign_v1, utc_date,
};
use tencentcloud_runtime::transport::HttpMethod;

use crate::config::{Secret, ServerConfig};

/// The one list of headers TC3 signatures may cover: what the official SDKs sign.
const SIGNED_HEADERS: &str = "content-type;host";

/// What a request's signature covers, as received.
pub(crate) struct Signed<'a> {
    pub(crate) method: HttpMethod,
    pub(crate) host: &'a str,
    pub(crate) content_type: &'a str,
    /// The raw query string (GET); empty for POST.
    pub(crate) query: &'a str,
    pub(crate) body: &'a [u8],
}

/// Unix seconds now.
pub(crate) fn unix_now() -> i64 {
    let elapsed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
}

fn invalid_authorization(message: impl Into<String>) -> DispatchError {
    DispatchError::new("AuthFailure.InvalidAuthorization", message)
}

fn signature_failure(message: impl Into<String>) -> DispatchError {
    DispatchError::new("AuthFailure.SignatureFailure", message)
}

fn lookup<'c>(config: &'c ServerConfig, secret_id: &str) -> Result<&'c Secret, DispatchError> {
    config.secrets.get(secret_id).ok_or_else(|| {
        DispatchError::new(
            "AuthFailure.SecretIdNotFound",
            "the SecretId is not found; check that it is one this server accepts",
        )
    })
}

fn parse_timestamp(value: Option<&str>, name: &str) -> Result<i64, DispatchError> {
    let value = value.ok_or_else(|| {
        DispatchError::new(
            "MissingParameter",
            format!("the {name} parameter is missing"),
        )
    })?;
    value.parse().map_err(|_| {
        DispatchError::new(
            "InvalidParameter",
            format!("{name} {value:?} is not unix seconds"),
        )
    })
}

fn check_skew(config: &ServerConfig, timestamp: i64, now: i64) -> Result<(), DispatchError> {
    let distance = now.abs_diff(timestamp);
    if distance > config.max_clock_skew.as_secs() {
        return Err(DispatchError::new(
            "AuthFailure.SignatureExpire",
            format!(
                "the request timestamp {timestamp} is {distance} s from the server time {now}; \
                 the server time is in this response's Date header"
            ),
        ));
    }
    Ok(())
}

fn check_token(secret: &Secret, sent: Option<&str>) -> Result<(), DispatchError> {
    match (secret.token.as_deref(), sent.filter(|t| !t.is_empty())) {
        (None, None) => Ok(()),
        (Some(expected), Some(sent)) if ct_eq(expected.as_bytes(), sent.as_bytes()) => Ok(()),
        (Some(_), None) => Err(DispatchError::new(
            "AuthFailure.TokenFailure",
            "these credentials are temporary and the request carries no session token",
        )),
        _ => Err(DispatchError::new(
            "AuthFailure.TokenFailure",
            "the session token is not the one issued with this SecretId",
        )),
    }
}

/// Equality whose time does not depend on where the inputs differ, so that a
/// signature cannot be guessed byte by byte from response times.
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The parts of `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request,
/// SignedHeaders=content-type;host, Signature=<hex>`.
pub(crate) struct Tc3Authorization<'a> {
    secret_id: &'a str,
    date: &'a str,
    service: &'a str,
    signature: &'a str,
}

pub(crate) fn parse_tc3(value: &str) -> Result<Tc3Authorization<'_>, DispatchError> {
    const SHAPE: &str = "expected `TC3-HMAC-SHA256 Credential=<SecretId>/<date>/<service>/tc3_request, SignedHeaders=content-type;host, Signature=<hex>`";
    let rest = value
        .strip_prefix("TC3-HMAC-SHA256 ")
        .ok_or_else(|| invalid_authorization(format!("unsupported algorithm; {SHAPE}")))?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (name, value) = part
            .trim()
            .split_once('=')
            .ok_or_else(|| invalid_authorization(SHAPE))?;
        let slot = match name {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => {
                return Err(invalid_authorization(format!(
                    "unknown part {name:?}; {SHAPE}"
                )));
            }
        };
        if slot.replace(value).is_some() {
            return Err(invalid_authorization(format!(
                "{name} is repeated; {SHAPE}"
            )));
        }
    }
    let (Some(credential), Some(signed_headers), Some(signature)) =
        (credential, signed_headers, signature)
    else {
        return Err(invalid_authorization(SHAPE));
    };
    if signed_headers != SIGNED_HEADERS {
        return Err(invalid_authorization(format!(
            "SignedHeaders {signed_headers:?} is not supported by this server; sign `{SIGNED_HEADERS}`"
        )));
    }
    let mut scope = credential.split('/');
    match (
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
    ) {
        (Some(secret_id), Some(date), Some(service), Some("tc3_request"), None)
            if !secret_id.is_empty() =>
        {
            Ok(Tc3Authorization {
                secret_id,
                date,
                service,
                signature,
            })
        }
        _ => Err(invalid_authorization(format!(
            "the credential scope {credential:?} is malformed; {SHAPE}"
        ))),
    }
}

/// The service a well-formed TC3 `Authorization` header's credential scope names.
pub(crate) fn scope_service(authorization: &str) -> Option<&str> {
    parse_tc3(authorization).ok().map(|auth| auth.service)
}

/// Checks a TC3-HMAC-SHA256 request to `service`: `authorization` is its `Authorization` header,
/// `timestamp` and `token` its `X-TC-Timestamp` and `X-TC-Token`.
pub(crate) fn verify_tc3(
    config: &ServerConfig,
    service: &str,
    signed: &Signed<'_>,
    authorization: Option<&str>,
    timestamp: Option<&str>,
    token: Option<&str>,
    now: i64,
) -> Result<(), DispatchError> {
    let authorization = authorization.ok_or_else(|| {
        invalid_authorization(
            "the Authorization header is missing; sign the request with TC3-HMAC-SHA256",
        )
    })?;
    let auth = parse_tc3(authorization)?;
    let secret = lookup(config, auth.secret_id)?;
    let timestamp = parse_timestamp(timestamp, "X-TC-Timestamp")?;
    check_skew(config, timestamp, now)?;

    let date = utc_date(timestamp);
    if auth.date != date {
        return Err(signature_failure(format!(
            "the credential scope date {} is not {date}, the UTC date of X-TC-Timestamp",
            auth.date
        )));
    }
    if auth.service != service {
        return Err(signature_failure(format!(
            "the credential scope names service {:?}; this endpoint is {service:?}",
            auth.service
        )));
    }
    let expected = sign_tc3(
        &SigningRequest {
            method: signed.method,
            host: signed.host,
            path: "/",
            query: signed.query,
            content_type: signed.content_type,
            payload: signed.body,
            service,
            timestamp,
        },
        auth.secret_id,
        &secret.key,
    );
    if !ct_eq(auth.signature.as_bytes(), expected.signature.as_bytes()) {
        return Err(signature_failure(
            "the request signature does not match; check the SecretKey and that Host, Content-Type and the body are signed exactly as sent",
        ));
    }
    check_token(secret, token)
}

/// Form parameters that are the v1 protocol's own, not the action's.
pub(crate) const V1_COMMON_PARAMS: &[&str] = &[
    "Action",
    "Version",
    "Timestamp",
    "Nonce",
    "SecretId",
    "SignatureMethod",
    "Signature",
    "Region",
    "Token",
    "Language",
    "RequestClient",
];

/// The value of form parameter `name`; the last one wins, as in the SDKs' dicts.
pub(crate) fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Checks a v1 request (every parameter, `Signature` included, in `params`).
pub(crate) fn verify_v1(
    config: &ServerConfig,
    method: HttpMethod,
    host: &str,
    params: &[(String, String)],
    now: i64,
) -> Result<(), DispatchError> {
    let signature = param(params, "Signature")
        .ok_or_else(|| invalid_authorization("the Signature parameter is missing"))?;
    let secret_id = param(params, "SecretId")
        .filter(|id| !id.is_empty())
        .ok_or_else(|| invalid_authorization("the SecretId parameter is missing"))?;
    let secret = lookup(config, secret_id)?;
    let timestamp = parse_timestamp(param(params, "Timestamp"), "Timestamp")?;
    check_skew(config, timestamp, now)?;
    if param(params, "Nonce").is_none() {
        return Err(DispatchError::new(
            "MissingParameter",
            "the Nonce parameter is missing",
        ));
    }
    // v1 signs with HmacSHA1 unless told otherwise.
    let algorithm = match param(params, "SignatureMethod") {
        None | Some("HmacSHA1") => V1Algorithm::HmacSha1,
        Some("HmacSHA256") => V1Algorithm::HmacSha256,
        Some(other) => {
            return Err(invalid_authorization(format!(
                "SignatureMethod {other:?} is not HmacSHA1 or HmacSHA256"
            )));
        }
    };
    let unsigned: Vec<(String, String)> = params
        .iter()
        .filter(|(name, _)| name != "Signature")
        .cloned()
        .collect();
    let expected = sign_v1(
        &V1SigningRequest {
            method,
            host,
            path: "/",
            params: &unsigned,
        },
        &secret.key,
        algorithm,
    );
    if !ct_eq(signature.as_bytes(), expected.signature.as_bytes()) {
        return Err(signature_failure(
            "the request signature does not match; check the SecretKey and that every parameter is signed as sent",
        ));
    }
    check_token(secret, param(params, "Token"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_parser_accepts_what_the_official_sdk_writes() {
        let auth = parse_tc3(
            "TC3-HMAC-SHA256 Credential=AKID/2024-01-02/scf/tc3_request, SignedHeaders=content-type;host, Signature=abc",
        )
        .unwrap();
        assert_eq!(
            (auth.secret_id, auth.date, auth.service, auth.signature),
            ("AKID", "2024-01-02", "scf", "abc")
        );
    }

    #[test]
    fn malformed_authorization_is_invalid_authorization() {
        for header in [
            "",
            "HMAC Credential=a/b/c/tc3_request, SignedHeaders=content-type;host, Signature=x",
            "TC3-HMAC-SHA256 Credential=a/b/c/tc3_request, Signature=x",
            "TC3-HMAC-SHA256 Credential=a/b/c, SignedHeaders=content-type;host, Signature=x",
            "TC3-HMAC-SHA256 Credential=/b/c/tc3_request, SignedHeaders=content-type;host, Signature=x",
            "TC3-HMAC-SHA256 Credential=a/b/c/tc3_request, SignedHeaders=host, Signature=x",
            "TC3-HMAC-SHA256 Credential=a/b/c/tc3_request, SignedHeaders=content-type;host, Signature=x, Signature=y",
            "TC3-HMAC-SHA256 Credential=a/b/c/tc3_request SignedHeaders=content-type;host Signature=x",
        ] {
            let err = parse_tc3(header)
                .err()
                .unwrap_or_else(|| panic!("{header:?} parsed"));
            assert_eq!(err.code, "AuthFailure.InvalidAuthorization", "{header:?}");
        }
    }

    #[test]
    fn constant_time_equality_is_equality() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }
}
