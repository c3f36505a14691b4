//! Decoding of the `{"Response": {...}}` envelope that wraps every answer.
//!
//! Success or failure is decided by content, not by HTTP status: Tencent Cloud
//! reports service errors with status 200, and a proxy may answer 200 with an
//! HTML page. The inner object is located once as raw JSON, inspected for
//! `Error` and `RequestId`, then deserialized straight into the caller's type;
//! nothing is re-serialized. A member of an unexpected type is converted when the
//! conversion is unambiguous, unless decoding is strict (`tolerant.rs`).

use std::error::Error as StdError;
use std::fmt;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::redact;
use crate::tolerant::{self, Decoding};

#[derive(Deserialize)]
#[serde(expecting = "a JSON object with a Response member")]
struct Envelope<'a> {
    #[serde(rename = "Response", borrow)]
    response: &'a RawValue,
}

/// The members of the inner object that the runtime itself needs; everything
/// else is skipped here and left to the caller's type.
#[derive(Deserialize)]
#[serde(expecting = "a Response object")]
struct Head {
    #[serde(rename = "Error")]
    error: Option<ErrorBody>,
    #[serde(rename = "RequestId")]
    request_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(expecting = "an Error object with a Code")]
struct ErrorBody {
    #[serde(rename = "Code")]
    code: String,
    #[serde(rename = "Message")]
    message: Option<String>,
}

/// An answer that is not a result: the service's error, or not an envelope at all.
#[derive(Debug)]
pub(crate) enum Failure {
    /// `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`.
    Service {
        code: String,
        message: String,
        request_id: String,
        http_status: u16,
    },
    /// Anything else that is not the expected result.
    Response(ResponseError),
}

/// Decodes a response body into the caller's type and the request id, or says why
/// it is not one.
pub(crate) fn decode<Resp: DeserializeOwned>(
    status: u16,
    body: &[u8],
    decoding: Decoding<'_>,
) -> Result<(Resp, String), Failure> {
    let invalid = |request_id: Option<String>, reason: String| {
        Failure::Response(ResponseError::new(status, body, request_id, reason))
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(invalid(None, "the body is empty".to_owned()));
    }
    let envelope: Envelope<'_> = serde_json::from_slice(body)
        .map_err(|e| invalid(None, format!("the body is not a response envelope: {e}")))?;
    let head: Head = serde_json::from_str(envelope.response.get())
        .map_err(|e| invalid(None, format!("the Response object is malformed: {e}")))?;

    if let Some(error) = head.error {
        return Err(Failure::Service {
            code: error.code,
            message: error.message.unwrap_or_default(),
            request_id: head.request_id.unwrap_or_default(),
            http_status: status,
        });
    }
    let Some(request_id) = head.request_id else {
        return Err(invalid(
            None,
            "the Response object has neither an Error nor a RequestId".to_owned(),
        ));
    };
    match tolerant::from_str(envelope.response.get(), "Response", decoding) {
        Ok(response) => Ok((response, request_id)),
        Err(e) => Err(invalid(
            Some(request_id),
            format!("the Response object does not match the expected type: {e}"),
        )),
    }
}

/// Longest body prefix kept in a [`ResponseError`], in bytes.
pub(crate) const EXCERPT_LIMIT: usize = 512;

/// A response arrived but is not a valid envelope: a proxy's HTML page, an
/// empty or truncated body, or JSON of the wrong shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    http_status: u16,
    request_id: Option<String>,
    body_excerpt: String,
    body_len: usize,
    reason: String,
}

impl ResponseError {
    /// An error for a response with `http_status` and `body`, which could
    /// not be decoded for `reason`. Keeps only an excerpt of the body.
    pub fn new(
        http_status: u16,
        body: &[u8],
        request_id: Option<String>,
        reason: impl Into<String>,
    ) -> Self {
        Self {
            http_status,
            request_id,
            body_excerpt: excerpt(body),
            body_len: body.len(),
            reason: reason.into(),
        }
    }

    /// The HTTP status of the response.
    pub fn http_status(&self) -> u16 {
        self.http_status
    }

    /// The request id, if the body held one despite being invalid.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// At most the first 512 bytes of the body, cut at a character boundary;
    /// bytes that are not UTF-8 are replaced with U+FFFD.
    pub fn body_excerpt(&self) -> &str {
        &self.body_excerpt
    }

    /// Length of the whole body in bytes.
    pub fn body_len(&self) -> usize {
        self.body_len
    }

    /// Why the body was rejected, for example the JSON decoder's message.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// Removes secrets from the kept text, in case the endpoint echoed the
    /// request (a debugging proxy, a misconfigured gateway).
    pub(crate) fn redact(mut self, secrets: &[&str]) -> Self {
        self.body_excerpt = redact::secrets(self.body_excerpt, secrets);
        self.reason = redact::secrets(self.reason, secrets);
        self
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid response (HTTP {}, {} bytes): {}",
            self.http_status, self.body_len, self.reason
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (RequestId: {id})")?;
        }
        if !self.body_excerpt.is_empty() {
            // Debug-quoted so that control characters from the body cannot
            // rewrite a terminal or forge log lines.
            write!(f, "; body begins {:?}", self.body_excerpt)?;
        }
        Ok(())
    }
}

impl StdError for ResponseError {}

fn excerpt(body: &[u8]) -> String {
    let head = &body[..body.len().min(EXCERPT_LIMIT)];
    match std::str::from_utf8(head) {
        Ok(text) => text.to_owned(),
        // Only the last character was cut by the limit: drop its start.
        Err(e) if e.error_len().is_none() => {
            String::from_utf8_lossy(&head[..e.valid_up_to()]).into_owned()
        }
        Err(_) => String::from_utf8_lossy(head).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::CodeText as Code;
    use crate::error::{Error, ServiceError};

    #[derive(Debug, PartialEq, Deserialize)]
    struct Resp {
        #[serde(rename = "Count")]
        count: u32,
        #[serde(rename = "RequestId")]
        request_id: String,
    }

    fn decode_str(status: u16, body: &str) -> Result<(Resp, String), Error<Code>> {
        let decoding = Decoding {
            action: "Test",
            strict: false,
        };
        decode(status, body.as_bytes(), decoding).map_err(Error::from)
    }

    #[test]
    fn success_ignores_unknown_members() {
        let (resp, id) = decode_str(
            200,
            r#"{"Response":{"Count":3,"New":[1],"RequestId":"r1"},"X":1}"#,
        )
        .unwrap();
        assert_eq!(
            resp,
            Resp {
                count: 3,
                request_id: "r1".into()
            }
        );
        assert_eq!(id, "r1");
    }

    #[test]
    fn error_wins_over_status_and_missing_fields() {
        let err = decode_str(
            200,
            r#"{"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r2"}}"#,
        )
        .unwrap_err();
        let service = err.into_service().unwrap();
        assert_eq!(
            service,
            ServiceError::new(Code("InternalError".into()), "m", "r2", 200)
        );
    }

    #[test]
    fn error_without_message_or_request_id_still_decodes() {
        let err = decode_str(500, r#"{"Response":{"Error":{"Code":"X"}}}"#).unwrap_err();
        assert_eq!(err.code_str(), Some("X"));
        assert_eq!(err.request_id(), None);
        assert_eq!(err.http_status(), Some(500));
    }

    #[test]
    fn type_mismatch_keeps_request_id_and_path() {
        let err =
            decode_str(200, r#"{"Response":{"Count":"three","RequestId":"r3"}}"#).unwrap_err();
        let Error::Response(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(e.request_id(), Some("r3"));
        assert!(e.reason().contains("Count"), "{}", e.reason());
    }

    #[test]
    fn whitespace_only_body_is_empty() {
        let Err(Error::Response(e)) = decode_str(200, " \r\n") else {
            panic!()
        };
        assert_eq!(e.reason(), "the body is empty");
    }

    #[test]
    fn error_without_code_is_a_response_error() {
        let err = decode_str(200, r#"{"Response":{"Error":{},"RequestId":"r"}}"#).unwrap_err();
        assert!(matches!(err, Error::Response(_)), "{err:?}");
    }

    #[test]
    fn excerpt_keeps_short_bodies_whole() {
        assert_eq!(excerpt(b"<html>"), "<html>");
        assert_eq!(excerpt(b""), "");
    }

    #[test]
    fn excerpt_cuts_at_a_character_boundary() {
        // 511 ASCII bytes, then a 3-byte character straddling the limit.
        let mut body = vec![b'a'; EXCERPT_LIMIT - 1];
        body.extend_from_slice("中文".as_bytes());
        let text = excerpt(&body);
        assert_eq!(text.len(), EXCERPT_LIMIT - 1);
        assert!(text.bytes().all(|b| b == b'a'));
    }

    #[test]
    fn excerpt_replaces_invalid_utf8() {
        assert_eq!(excerpt(b"ok\xff\xfe"), "ok\u{fffd}\u{fffd}");
    }

    #[test]
    fn redact_removes_secrets_from_excerpt_and_reason() {
        let e =
            ResponseError::new(502, b"echo: tok-123", None, "bad tok-123").redact(&["tok-123", ""]);
        assert!(!e.to_string().contains("tok-123"));
        assert!(!format!("{e:?}").contains("tok-123"));
    }
}
