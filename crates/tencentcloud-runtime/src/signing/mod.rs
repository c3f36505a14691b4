//! TC3-HMAC-SHA256 request signing.
//!
//! The behaviour follows the official Python SDK (`tencentcloud-sdk-python-common`)
//! byte for byte; `tests/fixtures/signing/vectors.json` holds known answers that the
//! SDK itself produced (see `scripts/sign-vectors/`). Only `content-type` and `host`
//! are signed, as the official SDK does, so the other `X-TC-*` headers (including a
//! session token) can be added without re-signing.

use std::cell::RefCell;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

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
/// Returns every intermediate step, for tests and debugging; a request needs only the
/// `Authorization` header, which [`tc3_authorization`] computes alone, with less work.
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
/// use tencentcloud_runtime::signing::{HttpMethod, JSON_CONTENT_TYPE, SigningRequest, sign_tc3, tc3_authorization};
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
/// Derives the TC3 signing key: `HMAC("TC3" + secret_key, date)`, then `service`, then
/// `"tc3_request"`.
///
/// It depends only on the secret key, the UTC date (as from [`utc_date`]) and the
/// service; [`sign_tc3`] and [`tc3_authorization`] cache it per thread rather than
/// recomputing three HMACs per request. The returned bytes are as sensitive as the
/// secret key itself.
pub fn derive_signing_key(secret_key: &str, date: &str, service: &str) -> [u8; 32] {
    // HMAC needs its key in one piece, so the prefixed secret is assembled once here.
    let mut prefixed = Zeroizing::new(Vec::with_capacity(3 + secret_key.len()));
    prefixed.extend_from_slice(b"TC3");
    prefixed.extend_from_slice(secret_key.as_bytes());
    let k_date = hmac_sha256(&prefixed, date.as_bytes());
    let k_service = hmac_sha256(&k_date, service.as_bytes());
    hmac_sha256(&k_service, b"tc3_request")
}

/// Signing keys kept per thread. A few, so that a thread that alternates between
/// services or credentials does not derive on every call.
const SIGNING_KEY_CACHE_SIZE: usize = 4;

/// What signing keeps from one request to the next, per thread: no lock is taken and
/// tokio's few worker threads each derive a key once a day.
struct ThreadCache {
    keys: Vec<CachedKey>,
    /// The entry the next new key replaces once `keys` is full.
    evict: usize,
    /// The first 64-byte block of the last canonical request, and the SHA-256 state
    /// after it. For a POST to a given host that block never changes (method, path,
    /// empty query, content type and the start of the host), so a typical canonical
    /// request costs one or two blocks instead of two or three.
    canonical_head: Option<([u8; 64], Sha256)>,
}

/// One cached signing key, as an HMAC already keyed with it: besides the three HMACs
/// of the derivation, that saves hashing the key into the inner and outer pads.
struct CachedKey {
    /// Compared on lookup, so held here; wiped when the entry goes.
    secret_key: Zeroizing<String>,
    service: String,
    day: i64,
    mac: HmacSha256,
}

thread_local! {
    static CACHE: RefCell<ThreadCache> = const {
        RefCell::new(ThreadCache { keys: Vec::new(), evict: 0, canonical_head: None })
    };
}

/// An HMAC keyed with the signing key of (`secret_key`, `day`, `service`), from this
/// thread's cache or newly derived. A key is valid for one UTC day, so a new day
/// replaces the entry of the same secret and service rather than adding one.
fn signing_mac(secret_key: &str, day: &Day, service: &str) -> HmacSha256 {
    let derive = || {
        let key = Zeroizing::new(derive_signing_key(secret_key, &day.date(), service));
        HmacSha256::new_from_slice(&*key).expect("HMAC accepts keys of any length")
    };
    // `try_with` fails only while the thread is exiting; signing still works, uncached.
    CACHE
        .try_with(|cache| {
            let cache = &mut *cache.borrow_mut();
            let same_secret =
                |e: &&mut CachedKey| e.service == service && e.secret_key.as_str() == secret_key;
            if let Some(entry) = cache.keys.iter_mut().find(same_secret) {
                if entry.day != day.number {
                    entry.day = day.number;
                    entry.mac = derive();
                }
                return entry.mac.clone();
            }
            let entry = CachedKey {
                secret_key: Zeroizing::new(secret_key.to_owned()),
                service: service.to_owned(),
                day: day.number,
                mac: derive(),
            };
            let mac = entry.mac.clone();
            if cache.keys.len() < SIGNING_KEY_CACHE_SIZE {
                cache.keys.push(entry);
            } else {
                cache.keys[cache.evict] = entry;
                cache.evict = (cache.evict + 1) % SIGNING_KEY_CACHE_SIZE;
            }
            mac
        })
        .unwrap_or_else(|_| derive())
}

/// SHA-256 of a canonical request, resumed from the cached state after its first
/// block when that block is the same as the last one hashed on this thread.
fn canonical_request_hash(text: &[u8]) -> [u8; 32] {
    let Some(head) = text.first_chunk::<64>() else {
        return Sha256::digest(text).into();
    };
    let resumed = CACHE.try_with(|cache| {
        let cache = &mut *cache.borrow_mut();
        match &cache.canonical_head {
            Some((cached, state)) if cached == head => state.clone(),
            _ => {
                let state = Sha256::new_with_prefix(head);
                cache.canonical_head = Some((*head, state.clone()));
                state
            }
        }
    });
    match resumed {
        Ok(mut state) => {
            state.update(&text[64..]);
            state.finalize().into()
        }
        Err(_) => Sha256::digest(text).into(),
    }
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
    Day::of(timestamp).date()
}

/// The UTC day of a timestamp: its number (days since 1970-01-01) and its date text,
/// on the stack, computed without a calendar library on the signing path.
struct Day {
    number: i64,
    date: [u8; 10],
}

impl Day {
    fn of(timestamp: i64) -> Self {
        let number = timestamp
            .clamp(MIN_DATE_TIMESTAMP, MAX_DATE_TIMESTAMP)
            .div_euclid(86_400);
        let (year, month, day) = civil_from_days(number);
        let mut date = *b"0000-00-00";
        write_digits(&mut date[0..4], year);
        write_digits(&mut date[5..7], month);
        write_digits(&mut date[8..10], day);
        Day { number, date }
    }

    fn date(&self) -> String {
        concat(&[&self.date])
    }
}

/// Proleptic Gregorian (year, month, day) of a count of days since 1970-01-01, by
/// Howard Hinnant's `civil_from_days`: exact for every day of years 1 to 9999, the
/// only ones [`Day::of`] passes in.
fn civil_from_days(days: i64) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Years 1..=9999, months 1..=12 and days 1..=31 all fit.
    let fit = |n: i64| u32::try_from(n).unwrap_or(0);
    (fit(year), fit(month), fit(day))
}

/// Writes `n` in decimal into all of `out`, zero-padded on the left.
fn write_digits(out: &mut [u8], mut n: u32) {
    for digit in out.iter_mut().rev() {
        *digit = b'0' + (n % 10) as u8;
        n /= 10;
    }
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
