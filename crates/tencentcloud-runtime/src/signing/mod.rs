//! Request signing: TC3-HMAC-SHA256 (signature v3) and the legacy v1 schemes, by concern.
//!
//! The behaviour follows the official Python SDK (`tencentcloud-sdk-python-common`)
//! byte for byte; `tests/fixtures/signing/vectors.json` holds known answers that the
//! SDK itself produced (see `scripts/sign-vectors/`). Only `content-type` and `host`
//! are signed, as the official SDK does, so the other `X-TC-*` headers (including a
//! session token) can be added without re-signing.
//!
//! | Module | Concern |
//! |---|---|
//! | `tc3` | the canonical request, string to sign and `Authorization` header |
//! | `key_cache` | deriving the signing key, and keeping it per thread |
//! | `date` | the credential scope's UTC date, without a calendar library |
//! | `form` | query and form encoding, and flattening JSON into parameters |
//! | `v1` | the legacy `HmacSHA1`/`HmacSHA256` signature |
//! | `request` | assembling a signed request with the official SDK's headers |

mod date;
mod form;
mod key_cache;
mod request;
mod tc3;
mod v1;

pub use date::utc_date;
pub(crate) use form::set_param;
pub use form::{InvalidRequestError, encode_query, flatten_params};
pub use key_cache::derive_signing_key;
pub(crate) use request::{Attempt, Payload, RequestParts};
pub use tc3::{SigningRequest, Tc3Signature, sign_tc3, tc3_authorization};
pub use v1::{V1Algorithm, V1CommonParams, V1Signature, V1SigningRequest, sign_v1, v1_params};

/// Name of the signature algorithm, as it appears in the string to sign and the
/// `Authorization` header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// `Content-Type` the official SDK sends with a POST JSON body: exactly this, with no
/// `charset` parameter. The value is signed verbatim, so it must match what is sent.
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// `Content-Type` the official SDK sends with a GET request (whose body is empty).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
