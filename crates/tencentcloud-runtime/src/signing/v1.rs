//! Legacy signature v1: `HmacSHA256` and `HmacSHA1` over sorted form parameters.
//!
//! Follows the official Python SDK (`AbstractClient._build_req_with_old_signature`,
//! `_format_sign_string`, `_fix_params` and `Sign.sign`);
//! `tests/fixtures/signing_v1/vectors.json` holds answers that the SDK itself produced
//! (see `scripts/sign-vectors/generate_v1.py`).
//!
//! A v1 request carries everything as form parameters: the request's own members
//! flattened (`Tags.0.Key`), then `Action`, `RequestClient`, `Nonce`, `Timestamp`,
//! `Version`, `Region`, `Token`, `SecretId`, `SignatureMethod`, `Language`, and last
//! `Signature`. The string to sign is the method, host and path, `?`, and the
//! parameters sorted by name as `name=value` joined by `&`, with the values *not*
//! percent-encoded.

use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, Mac};

use super::form::set_param;
use crate::transport::HttpMethod;

/// HMAC of a v1 signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum V1Algorithm {
    /// `HmacSHA256`.
    HmacSha256,
    /// `HmacSHA1`.
    HmacSha1,
}

impl V1Algorithm {
    /// The `SignatureMethod` parameter value.
    ///
    /// ```
    /// assert_eq!(tencentcloud_runtime::signing::V1Algorithm::HmacSha1.as_str(), "HmacSHA1");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HmacSha256 => "HmacSHA256",
            Self::HmacSha1 => "HmacSHA1",
        }
    }
}

/// The parameters every v1 request carries besides its own.
#[derive(Debug, Clone, Copy)]
pub struct V1CommonParams<'a> {
    /// Action name, for example `"TerminateAsyncEvent"`.
    pub action: &'a str,
    /// `RequestClient`, for example `"SDK_RUST_0.1.0"`.
    pub request_client: &'a str,
    /// A random number that makes the request unique.
    pub nonce: u64,
    /// Unix seconds.
    pub timestamp: i64,
    /// API version, for example `"2018-04-16"`.
    pub version: &'a str,
    /// Region, if any.
    pub region: Option<&'a str>,
    /// Session token of temporary credentials, if any.
    pub token: Option<&'a str>,
    /// The secret id.
    pub secret_id: &'a str,
    /// The HMAC.
    pub algorithm: V1Algorithm,
    /// `zh-CN` or `en-US`, if set.
    pub language: Option<&'a str>,
}

/// Appends the common parameters to the request's own, in the official SDK's order.
///
/// A request member with the same name as a common parameter is overwritten in place,
/// as assigning to a Python dict does.
pub fn v1_params(
    mut params: Vec<(String, String)>,
    common: &V1CommonParams<'_>,
) -> Vec<(String, String)> {
    set_param(&mut params, "Action", common.action);
    set_param(&mut params, "RequestClient", common.request_client);
    set_param(&mut params, "Nonce", &common.nonce.to_string());
    set_param(&mut params, "Timestamp", &common.timestamp.to_string());
    set_param(&mut params, "Version", common.version);
    // Empty values are left out, as the SDK's truthiness tests do.
    if let Some(region) = common.region.filter(|r| !r.is_empty()) {
        set_param(&mut params, "Region", region);
    }
    if let Some(token) = common.token.filter(|t| !t.is_empty()) {
        set_param(&mut params, "Token", token);
    }
    if !common.secret_id.is_empty() {
        set_param(&mut params, "SecretId", common.secret_id);
    }
    set_param(&mut params, "SignatureMethod", common.algorithm.as_str());
    if let Some(language) = common.language.filter(|l| !l.is_empty()) {
        set_param(&mut params, "Language", language);
    }
    params
}

/// Everything a v1 signature covers.
#[derive(Debug, Clone, Copy)]
pub struct V1SigningRequest<'a> {
    /// Request method.
    pub method: HttpMethod,
    /// Exact `Host` header value, e.g. `"scf.tencentcloudapi.com"`.
    pub host: &'a str,
    /// Request path; `"/"` for every Tencent Cloud API call.
    pub path: &'a str,
    /// Every parameter except `Signature`, unencoded, as from [`v1_params`].
    pub params: &'a [(String, String)],
}

/// The signature and the string it signs, so that a failure says which step broke.
///
/// The string to sign holds every parameter in clear, the session token included: do
/// not log it.
#[derive(Clone, PartialEq, Eq)]
pub struct V1Signature {
    /// `<METHOD><host><path>?<sorted name=value pairs>`.
    pub string_to_sign: String,
    /// Base64 of the HMAC of `string_to_sign`, the `Signature` parameter.
    pub signature: String,
}

impl fmt::Debug for V1Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The string to sign carries the session token.
        f.debug_struct("V1Signature")
            .field("signature", &self.signature)
            .finish_non_exhaustive()
    }
}

/// Signs `req` with `secret_key`.
///
/// ```
/// use tencentcloud_runtime::transport::HttpMethod;
/// use tencentcloud_runtime::signing::{V1Algorithm, V1SigningRequest, sign_v1};
///
/// let params = vec![
///     ("Nonce".to_owned(), "11886".to_owned()),
///     ("Action".to_owned(), "DescribeInstances".to_owned()),
///     ("Instances_1".to_owned(), "ins-1".to_owned()),
/// ];
/// let sig = sign_v1(
///     &V1SigningRequest { method: HttpMethod::Get, host: "cvm.tencentcloudapi.com", path: "/", params: &params },
///     "secret",
///     V1Algorithm::HmacSha1,
/// );
/// // Sorted by name, `_` read as `.`, values as they are.
/// assert_eq!(
///     sig.string_to_sign,
///     "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&Instances.1=ins-1&Nonce=11886"
/// );
/// ```
pub fn sign_v1(
    req: &V1SigningRequest<'_>,
    secret_key: &str,
    algorithm: V1Algorithm,
) -> V1Signature {
    let string_to_sign = string_to_sign(req);
    let key = secret_key.as_bytes();
    let digest = match algorithm {
        V1Algorithm::HmacSha256 => {
            let mut mac =
                Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
            mac.update(string_to_sign.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        V1Algorithm::HmacSha1 => {
            let mut mac =
                Hmac::<sha1::Sha1>::new_from_slice(key).expect("HMAC accepts keys of any length");
            mac.update(string_to_sign.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
    };
    V1Signature {
        string_to_sign,
        signature: base64::engine::general_purpose::STANDARD.encode(digest),
    }
}

fn string_to_sign(req: &V1SigningRequest<'_>) -> String {
    // The SDK reads `_` in a name as `.` when signing (but sends the name as it
    // is); the server does the same.
    let mut pairs: Vec<(String, &str)> = req
        .params
        .iter()
        .map(|(name, value)| (name.replace('_', "."), value.as_str()))
        .collect();
    // Stable, so that of names equal after the replacement the last one wins,
    // as in the SDK's dict.
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::new();
    out.push_str(req.method.as_str());
    out.push_str(req.host);
    out.push_str(req.path);
    out.push('?');
    let mut first = true;
    for (i, (name, value)) in pairs.iter().enumerate() {
        if pairs.get(i + 1).is_some_and(|next| next.0 == *name) {
            continue;
        }
        if !first {
            out.push('&');
        }
        first = false;
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::flatten_params;
    use super::*;

    fn flat(json: &str) -> Vec<(String, String)> {
        flatten_params(json.as_bytes()).unwrap()
    }

    #[test]
    fn nested_arrays_and_objects_get_dotted_indexed_names() {
        let params = flat(r#"{"A":[[1,2],{"B":"x"}],"C":{"D":{"E":-3}}}"#);
        let pairs: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("A.0.0", "1"),
                ("A.0.1", "2"),
                ("A.1.B", "x"),
                ("C.D.E", "-3")
            ]
        );
    }

    #[test]
    fn null_and_empty_containers_give_no_parameter_but_empty_strings_do() {
        assert_eq!(
            flat(r#"{"N":null,"L":[],"O":{},"S":""}"#),
            [("S".to_owned(), String::new())]
        );
    }

    #[test]
    fn floats_are_written_as_json_writes_them() {
        assert_eq!(flat(r#"{"F":1.5}"#)[0].1, "1.5");
    }

    #[test]
    fn non_objects_are_rejected() {
        for json in ["[1]", "\"x\"", "1", "null", "{", "{} {}"] {
            assert!(flatten_params(json.as_bytes()).is_err(), "{json}");
        }
    }

    #[test]
    fn names_equal_after_underscore_replacement_keep_the_last_value() {
        let params = vec![
            ("A_1".to_owned(), "first".to_owned()),
            ("A.1".to_owned(), "second".to_owned()),
        ];
        let req = V1SigningRequest {
            method: HttpMethod::Post,
            host: "h",
            path: "/",
            params: &params,
        };
        assert_eq!(string_to_sign(&req), "POSTh/?A.1=second");
    }

    #[test]
    fn common_params_overwrite_request_members_in_place() {
        let params = v1_params(
            vec![
                ("Action".to_owned(), "x".to_owned()),
                ("B".to_owned(), "b".to_owned()),
            ],
            &V1CommonParams {
                action: "Act",
                request_client: "rc",
                nonce: 1,
                timestamp: 2,
                version: "v",
                region: Some(""),
                token: None,
                secret_id: "id",
                algorithm: V1Algorithm::HmacSha256,
                language: None,
            },
        );
        let names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "Action",
                "B",
                "RequestClient",
                "Nonce",
                "Timestamp",
                "Version",
                "SecretId",
                "SignatureMethod"
            ]
        );
        assert_eq!(params[0].1, "Act");
    }

    #[test]
    fn signature_debug_hides_the_string_to_sign() {
        let sig = V1Signature {
            string_to_sign: "POSTh/?Token=SECRET".into(),
            signature: "sig".into(),
        };
        assert!(!format!("{sig:?}").contains("SECRET"));
    }
}
