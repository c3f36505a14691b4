//! TC3-HMAC-SHA256 request signing.
//!
//! The behaviour follows the official Python SDK (`tencentcloud-sdk-python-common`)
//! byte for byte; `tests/fixtures/signing/vectors.json` holds known answers that the
//! SDK itself produced (see `scripts/sign-vectors/`). Only `content-type` and `host`
//! are signed, as the official SDK does, so the other `X-TC-*` headers (including a
//! session token) can be added without re-signing.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

mod v1;

pub(crate) use v1::set as set_param;
pub use v1::{
    V1Algorithm, V1CommonParams, V1Signature, V1SigningRequest, flatten_params, sign_v1, v1_params,
};

type HmacSha256 = Hmac<Sha256>;

/// Name of the signature algorithm, as it appears in the string to sign and the
/// `Authorization` header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// `Content-Type` the official SDK sends with a POST JSON body: exactly this, with no
/// `charset` parameter. The value is signed verbatim, so it must match what is sent.
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// `Content-Type` the official SDK sends with a GET request (whose body is empty).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Headers covered by the signature, in canonical (sorted, lowercase) order.
const SIGNED_HEADERS: &str = "content-type;host";

/// HTTP method of a signed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// `POST`, with the parameters in a JSON body.
    Post,
    /// `GET`, with the parameters in the query string.
    Get,
}

impl HttpMethod {
    /// The method as it appears on the request line and in the canonical request.
    pub fn as_str(&self) -> &'static str {
        match self {
            HttpMethod::Post => "POST",
            HttpMethod::Get => "GET",
        }
    }
}

/// Everything the TC3 signature covers. Borrowed, so signing copies nothing it need not.
///
/// Every field is used verbatim: the signer neither normalises nor re-encodes, because
/// the server recomputes the signature from the bytes it receives.
#[derive(Debug, Clone, Copy)]
pub struct SigningRequest<'a> {
    /// Request method.
    pub method: HttpMethod,
    /// Exact `Host` header value, e.g. `"scf.tencentcloudapi.com"` or `"127.0.0.1:9000"`.
    pub host: &'a str,
    /// Canonical URI; `"/"` for every Tencent Cloud API 3.0 call.
    pub path: &'a str,
    /// Canonical query string: for GET the url-encoded query exactly as sent (see
    /// [`encode_query`]); `""` for POST.
    pub query: &'a str,
    /// Exact `Content-Type` header value, e.g. [`JSON_CONTENT_TYPE`].
    pub content_type: &'a str,
    /// Body bytes as sent (POST); empty for GET.
    pub payload: &'a [u8],
    /// Service name, e.g. `"scf"`; part of the credential scope.
    pub service: &'a str,
    /// Unix seconds, also sent as `X-TC-Timestamp`; the credential-scope date is its
    /// UTC date.
    pub timestamp: i64,
}

/// The signature and every intermediate step, so that a failure says which step broke.
///
/// Holds the secret id (inside `authorization`) but never the secret key, so it is safe
/// to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tc3Signature {
    /// The canonical request whose SHA-256 is signed.
    pub canonical_request: String,
    /// `ALGORITHM \n timestamp \n credential_scope \n hex(sha256(canonical_request))`.
    pub string_to_sign: String,
    /// `"<date>/<service>/tc3_request"`.
    pub credential_scope: String,
    /// Lowercase hex HMAC-SHA256 of `string_to_sign`.
    pub signature: String,
    /// Full `Authorization` header value.
    pub authorization: String,
}

/// Signs `req` with the given secret pair. Never fails: all inputs are plain data.
///
/// ```
/// use tencentcloud_runtime::signing::{HttpMethod, JSON_CONTENT_TYPE, SigningRequest, sign_tc3};
///
/// let body = br#"{"Namespace": "default"}"#;
/// let req = SigningRequest {
///     method: HttpMethod::Post,
///     host: "scf.tencentcloudapi.com",
///     path: "/",
///     query: "",
///     content_type: JSON_CONTENT_TYPE,
///     payload: body,
///     service: "scf",
///     timestamp: 1_700_000_000,
/// };
/// let sig = sign_tc3(&req, "AKIDEXAMPLE", "FAKE-SECRET-KEY-EXAMPLE");
///
/// assert_eq!(sig.credential_scope, "2023-11-14/scf/tc3_request");
/// assert!(sig.authorization.starts_with(
///     "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-14/scf/tc3_request, \
///      SignedHeaders=content-type;host, Signature="
/// ));
/// assert_eq!(sig.signature.len(), 64);
/// ```
pub fn sign_tc3(req: &SigningRequest<'_>, secret_id: &str, secret_key: &str) -> Tc3Signature {
    let payload_hash = Hex::of(&Sha256::digest(req.payload).into());
    let canonical_request = concat(&[
        req.method.as_str(),
        "\n",
        req.path,
        "\n",
        req.query,
        "\ncontent-type:",
        req.content_type,
        "\nhost:",
        req.host,
        "\n\n",
        SIGNED_HEADERS,
        "\n",
        payload_hash.as_str(),
    ]);

    let date = utc_date(req.timestamp);
    let credential_scope = concat(&[&date, "/", req.service, "/tc3_request"]);

    let request_hash = Hex::of(&Sha256::digest(canonical_request.as_bytes()).into());
    let string_to_sign = concat(&[
        ALGORITHM,
        "\n",
        &req.timestamp.to_string(),
        "\n",
        &credential_scope,
        "\n",
        request_hash.as_str(),
    ]);

    let key = derive_signing_key(secret_key, &date, req.service);
    let signature = Hex::of(&hmac_sha256(&key, string_to_sign.as_bytes()))
        .as_str()
        .to_owned();

    let authorization = concat(&[
        ALGORITHM,
        " Credential=",
        secret_id,
        "/",
        &credential_scope,
        ", SignedHeaders=",
        SIGNED_HEADERS,
        ", Signature=",
        &signature,
    ]);

    Tc3Signature {
        canonical_request,
        string_to_sign,
        credential_scope,
        signature,
        authorization,
    }
}

/// Derives the TC3 signing key: `HMAC("TC3" + secret_key, date)`, then `service`, then
/// `"tc3_request"`.
///
/// It depends only on the secret key, the UTC date (as from [`utc_date`]) and the
/// service, so it can be cached for a day per service instead of recomputing three
/// HMACs per request. The returned bytes are as sensitive as the secret key itself.
pub fn derive_signing_key(secret_key: &str, date: &str, service: &str) -> [u8; 32] {
    // HMAC needs its key in one piece, so the prefixed secret is assembled once here.
    let mut prefixed = Vec::with_capacity(3 + secret_key.len());
    prefixed.extend_from_slice(b"TC3");
    prefixed.extend_from_slice(secret_key.as_bytes());
    let k_date = hmac_sha256(&prefixed, date.as_bytes());
    let k_service = hmac_sha256(&k_date, service.as_bytes());
    hmac_sha256(&k_service, b"tc3_request")
}

/// First second of 0001-01-01 UTC: Python's `datetime.MINYEAR`, below which the
/// official SDK cannot format a date at all.
const MIN_DATE_TIMESTAMP: i64 = -62_135_596_800;
/// Last second of 9999-12-31 UTC: Python's `datetime.MAXYEAR`, and the last date that
/// still fits `YYYY-MM-DD`.
const MAX_DATE_TIMESTAMP: i64 = 253_402_300_799;

/// UTC date `"YYYY-MM-DD"` of a unix timestamp, as used in the credential scope.
///
/// Saturates rather than panicking: timestamps before 0001-01-01T00:00:00Z give
/// `"0001-01-01"` and after 9999-12-31T23:59:59Z give `"9999-12-31"`. Inside that range
/// (the whole range of Python's `datetime`) the result equals the official SDK's.
///
/// ```
/// use tencentcloud_runtime::signing::utc_date;
///
/// assert_eq!(utc_date(0), "1970-01-01");
/// assert_eq!(utc_date(i64::MAX), "9999-12-31");
/// ```
pub fn utc_date(timestamp: i64) -> String {
    let clamped = timestamp.clamp(MIN_DATE_TIMESTAMP, MAX_DATE_TIMESTAMP);
    // Cannot fail for a clamped value; the fallback only keeps this free of panics.
    let date =
        OffsetDateTime::from_unix_timestamp(clamped).map_or(time::Date::MIN, OffsetDateTime::date);
    let (year, month, day) = (date.year(), u8::from(date.month()), date.day());
    format!("{year:04}-{month:02}-{day:02}")
}

/// Encodes GET parameters the way the official SDK does, so a GET query can be built
/// and signed.
///
/// The input is the flattened `(key, value)` pairs in order, as the SDK's `_fix_params`
/// produces them (`Filters.0.Name`, `Filters.0.Values.1`, ...). The output equals
/// Python's `urllib.parse.urlencode`: keys and values are UTF-8 percent-encoded with
/// uppercase hex, only `A-Z a-z 0-9 _ . - ~` are left as they are, and a space becomes
/// `+`.
///
/// ```
/// use tencentcloud_runtime::signing::encode_query;
///
/// assert_eq!(
///     encode_query(&[("Limit", "20"), ("SearchKey", "a b/c")]),
///     "Limit=20&SearchKey=a+b%2Fc"
/// );
/// ```
pub fn encode_query(params: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (key, value)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_quote_plus(&mut out, key);
        out.push('=');
        push_quote_plus(&mut out, value);
    }
    out
}

/// Python's `urllib.parse.quote_plus(s, safe="")`.
fn push_quote_plus(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0x0f)]));
            }
        }
    }
}

fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

/// Joins `parts` with one allocation of the exact size.
fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Lowercase hex of a SHA-256 sized value, on the stack.
struct Hex([u8; 64]);

impl Hex {
    fn of(bytes: &[u8; 32]) -> Self {
        let mut buf = [0u8; 64];
        hex::encode_to_slice(bytes, &mut buf).expect("64 bytes hold the hex of 32");
        Hex(buf)
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("hex is ASCII")
    }
}
