//! The codes every action of every service may return.
//!
//! Codes: the common error code table every Tencent Cloud API 3.0 product documents
//! (for example <https://www.tencentcloud.com/document/product/213/33281>). Descriptions:
//! written for this project, so that no documentation text is copied.
//!
//! The runtime's `CommonCode` enum is generated from this table
//! ([`crate::emit::common_code_module`]) and committed as
//! `crates/tencentcloud-runtime/src/common_code.rs`; a test keeps the two equal.

/// `(code, description)` for every common code, sorted by code.
pub const COMMON_CODES: &[(&str, &str)] = &[
    ("ActionOffline", "The action has been taken offline."),
    (
        "AuthFailure.InvalidAuthorization",
        "The Authorization header is missing or malformed.",
    ),
    (
        "AuthFailure.InvalidSecretId",
        "The SecretId is not a valid API key.",
    ),
    (
        "AuthFailure.MFAFailure",
        "Multi-factor authentication failed.",
    ),
    (
        "AuthFailure.SecretIdNotFound",
        "The SecretId does not exist or is disabled.",
    ),
    (
        "AuthFailure.SignatureExpire",
        "The request timestamp is too far from the server time; check the local clock.",
    ),
    (
        "AuthFailure.SignatureFailure",
        "The signature does not match; check the SecretKey and the signing steps.",
    ),
    (
        "AuthFailure.TokenFailure",
        "The session token is invalid or expired.",
    ),
    (
        "AuthFailure.UnauthorizedOperation",
        "The caller is not authorized (CAM) to perform this action.",
    ),
    (
        "DryRunOperation",
        "The request would have succeeded, but DryRun was set.",
    ),
    ("FailedOperation", "The operation failed."),
    (
        "InternalError",
        "An internal error occurred in the service.",
    ),
    ("InvalidAction", "The action does not exist."),
    ("InvalidParameter", "A parameter is wrong."),
    ("InvalidParameterValue", "A parameter has an invalid value."),
    ("InvalidRequest", "The request body is malformed."),
    (
        "IpInBlacklist",
        "The caller's IP address is on a blocklist.",
    ),
    (
        "IpNotInWhitelist",
        "The caller's IP address is not on the allowlist.",
    ),
    ("LimitExceeded", "A quota has been exceeded."),
    ("MissingParameter", "A required parameter is missing."),
    ("NoSuchProduct", "The product does not exist."),
    ("NoSuchVersion", "The API version does not exist."),
    (
        "RequestLimitExceeded",
        "Too many requests: the rate limit was exceeded.",
    ),
    (
        "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
        "Too many requests from this account across regions.",
    ),
    (
        "RequestLimitExceeded.IPLimitExceeded",
        "Too many requests from this IP address.",
    ),
    (
        "RequestLimitExceeded.UinLimitExceeded",
        "Too many requests from this account.",
    ),
    ("RequestSizeLimitExceeded", "The request body is too large."),
    ("ResourceInUse", "The resource is in use."),
    ("ResourceInsufficient", "The resource is insufficient."),
    ("ResourceNotFound", "The resource does not exist."),
    ("ResourceUnavailable", "The resource is unavailable."),
    (
        "ResponseSizeLimitExceeded",
        "The response would be too large.",
    ),
    (
        "ServiceUnavailable",
        "The service is temporarily unavailable.",
    ),
    ("UnauthorizedOperation", "The operation is not authorized."),
    (
        "UnknownParameter",
        "The request has a parameter the action does not define.",
    ),
    ("UnsupportedOperation", "The operation is not supported."),
    (
        "UnsupportedProtocol",
        "The HTTP(S) method or protocol is not supported.",
    ),
    (
        "UnsupportedRegion",
        "The action is not available in this region.",
    ),
];

/// Whether `code` is one of the common codes.
pub fn is_common(code: &str) -> bool {
    COMMON_CODES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .is_ok()
}
