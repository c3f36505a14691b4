//! TC3-HMAC-SHA256: the canonical request, the string to sign and the
//! `Authorization` header, built from borrowed pieces with as few allocations as the
//! result needs.

use super::ALGORITHM;
use super::date::Day;
use super::key_cache::{canonical_request_hash, signing_mac};
use crate::transport::HttpMethod;
use hmac::Mac;
use sha2::{Digest, Sha256};

/// Headers covered by the signature, in canonical (sorted, lowercase) order.
const SIGNED_HEADERS: &str = "content-type;host";

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
    /// [`encode_query`](super::encode_query)); `""` for POST.
    pub query: &'a str,
    /// Exact `Content-Type` header value, e.g. [`JSON_CONTENT_TYPE`](super::JSON_CONTENT_TYPE).
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
/// Returns every intermediate step, for tests and debugging; a request needs only the
/// `Authorization` header, which [`tc3_authorization`] computes alone, with less work.
///
/// ```
/// use tencentcloud_runtime::transport::HttpMethod;
/// use tencentcloud_runtime::signing::{JSON_CONTENT_TYPE, SigningRequest, sign_tc3};
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
    let canonical_request = concat(&canonical_request_parts(req, &payload_hash.0));
    let request_hash = Hex::of(&canonical_request_hash(canonical_request.as_bytes()));

    let day = Day::of(req.timestamp);
    let timestamp = Decimal::of(req.timestamp);
    let string_to_sign = concat(&string_to_sign_parts(
        timestamp.as_bytes(),
        &day.date,
        req.service,
        &request_hash.0,
    ));
    let mut mac = signing_mac(secret_key, &day, req.service);
    mac.update(string_to_sign.as_bytes());
    let signature = Hex::of(&mac.finalize().into_bytes().into());

    Tc3Signature {
        canonical_request,
        credential_scope: concat(&[&day.date, b"/", req.service.as_bytes(), b"/tc3_request"]),
        authorization: concat(&authorization_parts(
            secret_id,
            &day.date,
            req.service,
            &signature.0,
        )),
        signature: concat(&[&signature.0]),
        string_to_sign,
    }
}

/// The `Authorization` header value for `req`: the same value as
/// [`sign_tc3`]`(..).authorization`, computed without building the intermediate
/// strings on the heap: one allocation, for the result.
///
/// This is what sending a request needs. The signing key is cached per thread for
/// the (secret key, UTC date, service) it was derived from, as [`sign_tc3`] does, so
/// a signature costs two SHA-256 passes and one HMAC.
///
/// ```
/// use tencentcloud_runtime::transport::HttpMethod;
/// use tencentcloud_runtime::signing::{JSON_CONTENT_TYPE, SigningRequest, sign_tc3, tc3_authorization};
///
/// let req = SigningRequest {
///     method: HttpMethod::Post,
///     host: "scf.tencentcloudapi.com",
///     path: "/",
///     query: "",
///     content_type: JSON_CONTENT_TYPE,
///     payload: br#"{"Namespace":"default"}"#,
///     service: "scf",
///     timestamp: 1_700_000_000,
/// };
/// assert_eq!(
///     tc3_authorization(&req, "AKIDEXAMPLE", "FAKE-SECRET-KEY-EXAMPLE"),
///     sign_tc3(&req, "AKIDEXAMPLE", "FAKE-SECRET-KEY-EXAMPLE").authorization,
/// );
/// ```
pub fn tc3_authorization(req: &SigningRequest<'_>, secret_id: &str, secret_key: &str) -> String {
    let payload_hash = Hex::of(&Sha256::digest(req.payload).into());
    let request_hash = Hex::of(&with_joined(
        &canonical_request_parts(req, &payload_hash.0),
        canonical_request_hash,
    ));

    let day = Day::of(req.timestamp);
    let timestamp = Decimal::of(req.timestamp);
    let mut mac = signing_mac(secret_key, &day, req.service);
    let string_to_sign = string_to_sign_parts(
        timestamp.as_bytes(),
        &day.date,
        req.service,
        &request_hash.0,
    );
    with_joined(&string_to_sign, |text| mac.update(text));
    let signature = Hex::of(&mac.finalize().into_bytes().into());
    concat(&authorization_parts(
        secret_id,
        &day.date,
        req.service,
        &signature.0,
    ))
}

// The three texts of the algorithm, each defined once as a list of pieces: `sign_tc3`
// joins the pieces into its strings, `tc3_authorization` on the stack, and the two
// cannot drift apart. The pieces are bytes: the hashes and dates are ASCII made on the
// stack, and checking each for UTF-8 on every signature would cost more than joining.

fn canonical_request_parts<'a>(req: &SigningRequest<'a>, payload_hash: &'a [u8]) -> [&'a [u8]; 13] {
    [
        req.method.as_str().as_bytes(),
        b"\n",
        req.path.as_bytes(),
        b"\n",
        req.query.as_bytes(),
        b"\ncontent-type:",
        req.content_type.as_bytes(),
        b"\nhost:",
        req.host.as_bytes(),
        b"\n\n",
        SIGNED_HEADERS.as_bytes(),
        b"\n",
        payload_hash,
    ]
}

fn string_to_sign_parts<'a>(
    timestamp: &'a [u8],
    date: &'a [u8],
    service: &'a str,
    request_hash: &'a [u8],
) -> [&'a [u8]; 9] {
    [
        ALGORITHM.as_bytes(),
        b"\n",
        timestamp,
        b"\n",
        date,
        b"/",
        service.as_bytes(),
        b"/tc3_request\n",
        request_hash,
    ]
}

fn authorization_parts<'a>(
    secret_id: &'a str,
    date: &'a [u8],
    service: &'a str,
    signature: &'a [u8],
) -> [&'a [u8]; 11] {
    [
        ALGORITHM.as_bytes(),
        b" Credential=",
        secret_id.as_bytes(),
        b"/",
        date,
        b"/",
        service.as_bytes(),
        b"/tc3_request, SignedHeaders=",
        SIGNED_HEADERS.as_bytes(),
        b", Signature=",
        signature,
    ]
}
/// Calls `f` with `parts` joined, on the stack when they fit, as a typical
/// canonical request does.
fn with_joined<R>(parts: &[&[u8]], f: impl FnOnce(&[u8]) -> R) -> R {
    // Holds the canonical request of a POST and any string to sign.
    const STACK: usize = 256;
    let len: usize = parts.iter().map(|p| p.len()).sum();
    if len > STACK {
        return f(&parts.concat());
    }
    let mut buf = [0u8; STACK];
    let mut at = 0;
    for part in parts {
        buf[at..at + part.len()].copy_from_slice(part);
        at += part.len();
    }
    f(&buf[..at])
}

/// A timestamp in decimal, as in `X-TC-Timestamp`, on the stack.
struct Decimal {
    buf: [u8; 20],
    start: usize,
}

impl Decimal {
    fn of(n: i64) -> Self {
        // 19 digits and a sign fit i64::MIN.
        let mut buf = [0u8; 20];
        let mut start = buf.len();
        let mut rest = n.unsigned_abs();
        loop {
            start -= 1;
            buf[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if n < 0 {
            start -= 1;
            buf[start] = b'-';
        }
        Decimal { buf, start }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[self.start..]
    }
}

/// Joins `parts`, pieces of UTF-8 text, into a string with one allocation of the exact
/// size.
fn concat(parts: &[&[u8]]) -> String {
    String::from_utf8(parts.concat()).expect("pieces of UTF-8 join into UTF-8")
}

/// Lowercase hex of a SHA-256 sized value, on the stack.
struct Hex([u8; 64]);

impl Hex {
    fn of(bytes: &[u8; 32]) -> Self {
        let mut buf = [0u8; 64];
        hex::encode_to_slice(bytes, &mut buf).expect("64 bytes hold the hex of 32");
        Hex(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::super::date::{MAX_DATE_TIMESTAMP, MIN_DATE_TIMESTAMP};
    use super::super::key_cache::hmac_sha256;
    use super::super::{FORM_CONTENT_TYPE, JSON_CONTENT_TYPE, derive_signing_key, utc_date};
    use super::*;

    fn request(payload: &[u8], timestamp: i64) -> SigningRequest<'_> {
        SigningRequest {
            method: HttpMethod::Post,
            host: "scf.tencentcloudapi.com",
            path: "/",
            query: "",
            content_type: JSON_CONTENT_TYPE,
            payload,
            service: "scf",
            timestamp,
        }
    }

    /// The signature computed the long way, with a freshly derived key: what the
    /// cache must never change.
    fn uncached_signature(sig: &Tc3Signature, secret_key: &str, timestamp: i64) -> String {
        let key = derive_signing_key(secret_key, &utc_date(timestamp), "scf");
        hex::encode(hmac_sha256(&key, sig.string_to_sign.as_bytes()))
    }

    #[test]
    fn date_matches_the_time_crate_across_the_whole_range() {
        let reference = |t: i64| {
            let clamped = t.clamp(MIN_DATE_TIMESTAMP, MAX_DATE_TIMESTAMP);
            let date = time::OffsetDateTime::from_unix_timestamp(clamped)
                .unwrap()
                .date();
            format!(
                "{:04}-{:02}-{:02}",
                date.year(),
                u8::from(date.month()),
                date.day()
            )
        };
        let mut t = MIN_DATE_TIMESTAMP - 1;
        while t <= MAX_DATE_TIMESTAMP + 1 {
            assert_eq!(utc_date(t), reference(t), "timestamp {t}");
            // A step that is not a whole number of days visits every time of day.
            t += 86_400 * 7 + 4_021;
        }
        for t in [
            i64::MIN,
            -1,
            0,
            86_399,
            86_400,
            951_782_400, // 2000-02-29
            1_700_000_000,
            MAX_DATE_TIMESTAMP,
            i64::MAX,
        ] {
            assert_eq!(utc_date(t), reference(t), "timestamp {t}");
        }
    }

    #[test]
    fn timestamp_decimal_matches_to_string() {
        for n in [0, 7, -7, 1_700_000_000, i64::MIN, i64::MAX] {
            assert_eq!(Decimal::of(n).as_bytes(), n.to_string().as_bytes());
        }
    }

    #[test]
    fn authorization_alone_equals_the_full_signature() {
        let body = br#"{"FunctionName":"f","InvokeRequestId":"r"}"#;
        for timestamp in [0, 1_700_000_000, -62_135_596_801] {
            let req = request(body, timestamp);
            assert_eq!(
                tc3_authorization(&req, "AKIDa", "key-a"),
                sign_tc3(&req, "AKIDa", "key-a").authorization
            );
        }
        let get = SigningRequest {
            method: HttpMethod::Get,
            query: "Limit=2&Offset=0",
            content_type: FORM_CONTENT_TYPE,
            payload: b"",
            ..request(b"", 1_700_000_000)
        };
        assert_eq!(
            tc3_authorization(&get, "AKIDa", "key-a"),
            sign_tc3(&get, "AKIDa", "key-a").authorization
        );
    }

    /// The vectors of the official SDK (see tests/signing.rs), for the path requests
    /// take, which that test does not call.
    #[test]
    fn authorization_alone_matches_official_sdk_vectors() {
        let vectors: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("../../tests/fixtures/signing/vectors.json"))
                .unwrap();
        assert!(!vectors.is_empty());
        for v in &vectors {
            let field = |name: &str| v[name].as_str().unwrap();
            let req = SigningRequest {
                method: if field("method") == "GET" {
                    HttpMethod::Get
                } else {
                    HttpMethod::Post
                },
                host: field("host"),
                path: field("path"),
                query: field("query"),
                content_type: field("content_type"),
                payload: field("payload").as_bytes(),
                service: field("service"),
                timestamp: v["timestamp"].as_i64().unwrap(),
            };
            assert_eq!(
                tc3_authorization(&req, field("secret_id"), field("secret_key")),
                v["expected"]["authorization"].as_str().unwrap(),
                "case {}",
                field("name")
            );
        }
    }

    #[test]
    fn cached_keys_follow_the_secret_the_service_and_the_day() {
        let body = b"{}";
        // More secrets than the cache holds, interleaved, over a change of day, twice.
        let secrets = ["k0", "k1", "k2", "k3", "k4", "k5"];
        for _ in 0..2 {
            for timestamp in [1_699_999_999, 1_700_000_000 + 86_400] {
                for secret in secrets {
                    let sig = sign_tc3(&request(body, timestamp), "AKID", secret);
                    assert_eq!(sig.signature, uncached_signature(&sig, secret, timestamp));
                }
            }
        }
        let other_service = SigningRequest {
            service: "cvm",
            ..request(body, 1_700_000_000)
        };
        let sig = sign_tc3(&other_service, "AKID", "k0");
        let key = derive_signing_key("k0", "2023-11-14", "cvm");
        assert_eq!(
            sig.signature,
            hex::encode(hmac_sha256(&key, sig.string_to_sign.as_bytes()))
        );
    }
}
