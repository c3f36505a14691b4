//! Decoding of the `{"Response": {...}}` envelope that wraps every answer.
//!
//! Success or failure is decided by content, not by HTTP status: Tencent Cloud
//! reports service errors with status 200, and a proxy may answer 200 with an
//! HTML page. The inner object is located once as raw JSON, inspected for
//! `Error` and `RequestId`, then deserialized straight into the caller's type;
//! nothing is re-serialized. A member of an unexpected type is converted when the
//! conversion is unambiguous, unless decoding is strict (`tolerant.rs`); so are the
//! envelope's own `RequestId`, `Error.Code` and `Error.Message` when a number stands
//! for their text.

use std::error::Error as StdError;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::Value;
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
    request_id: Option<Text>,
}

#[derive(Deserialize)]
#[serde(expecting = "an Error object with a Code")]
struct ErrorBody {
    #[serde(rename = "Code")]
    code: Text,
    #[serde(rename = "Message")]
    message: Option<Text>,
}

/// A string of the envelope, or the number a service sent in its place
/// (`"RequestId": 20261201`), which [`Text::into_string`] converts unless decoding is
/// strict. Other types are refused here, as serde would.
pub(crate) enum Text {
    String(String),
    Number(serde_json::Number),
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Text, E> {
        Ok(Text::String(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Text, E> {
        Ok(Text::String(text))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Text, E> {
        Ok(Text::Number(n.into()))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Text, E> {
        Ok(Text::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Text, E> {
        serde_json::Number::from_f64(n)
            .map(Text::Number)
            .ok_or_else(|| E::invalid_type(de::Unexpected::Float(n), &self))
    }
}

impl Text {
    /// The text, or the number's decimal text, warned about as a tolerated member at
    /// `path`; a number is an error when decoding is strict.
    pub(crate) fn into_string(self, path: &str, decoding: Decoding<'_>) -> Result<String, String> {
        match self {
            Self::String(text) => Ok(text),
            Self::Number(_) if decoding.strict => Err(format!(
                "{path}: invalid type: number, expected a string (strict decoding)"
            )),
            Self::Number(n) => {
                let found = if n.is_f64() { "float" } else { "integer" };
                tolerant::warn_tolerated(decoding, path, "a string", found);
                Ok(n.to_string())
            }
        }
    }

    fn is_number(&self) -> bool {
        matches!(self, Self::Number(_))
    }
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
    let malformed =
        |reason: String| invalid(None, format!("the Response object is malformed: {reason}"));
    let request_id_was_number = head.request_id.as_ref().is_some_and(Text::is_number);
    let request_id = head
        .request_id
        .map(|id| id.into_string("Response.RequestId", decoding))
        .transpose()
        .map_err(malformed)?;

    if let Some(error) = head.error {
        let code = error
            .code
            .into_string("Response.Error.Code", decoding)
            .map_err(malformed)?;
        let message = error
            .message
            .map(|m| m.into_string("Response.Error.Message", decoding))
            .transpose()
            .map_err(malformed)?;
        return Err(Failure::Service {
            code,
            message: message.unwrap_or_default(),
            request_id: request_id.unwrap_or_default(),
            http_status: status,
        });
    }
    let Some(request_id) = request_id else {
        return Err(invalid(
            None,
            "the Response object has neither an Error nor a RequestId".to_owned(),
        ));
    };
    // The RequestId was converted and warned about once; the caller's type reads the
    // converted text, so that it is not converted and warned about again.
    let repaired;
    let text = if request_id_was_number {
        repaired = with_request_id(envelope.response.get(), &request_id)
            .ok_or_else(|| malformed("the Response is not an object".to_owned()))?;
        repaired.as_str()
    } else {
        envelope.response.get()
    };
    match tolerant::from_str(text, "Response", decoding) {
        Ok(response) => Ok((response, request_id)),
        Err(e) => Err(invalid(
            Some(request_id),
            format!("the Response object does not match the expected type: {e}"),
        )),
    }
}

/// `response` (a JSON object) with its `RequestId` set to `request_id`.
fn with_request_id(response: &str, request_id: &str) -> Option<String> {
    let mut value: Value = serde_json::from_str(response).ok()?;
    value
        .as_object_mut()?
        .insert("RequestId".to_owned(), Value::String(request_id.to_owned()));
    Some(value.to_string())
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

    fn decode_with(strict: bool, body: &str) -> Result<(Resp, String), Error<Code>> {
        let decoding = Decoding {
            action: "Test",
            strict,
        };
        decode(200, body.as_bytes(), decoding).map_err(Error::from)
    }

    #[test]
    fn a_numeric_request_id_is_its_decimal_text() {
        let (resp, id) =
            decode_str(200, r#"{"Response":{"Count":1,"RequestId":20261201}}"#).unwrap();
        assert_eq!(id, "20261201");
        assert_eq!(resp.request_id, "20261201");
        let (_, id) = decode_str(200, r#"{"Response":{"Count":1,"RequestId":-1.5}}"#).unwrap();
        assert_eq!(id, "-1.5");
    }

    #[test]
    fn numeric_error_codes_messages_and_request_ids_are_their_text() {
        let err = decode_str(
            200,
            r#"{"Response":{"Error":{"Code":4000,"Message":404},"RequestId":7}}"#,
        )
        .unwrap_err();
        let service = err.into_service().unwrap();
        assert_eq!(
            service,
            ServiceError::new(Code("4000".into()), "404", "7", 200)
        );
    }

    #[test]
    fn strict_decoding_refuses_a_number_in_the_envelope() {
        for (body, path) in [
            (
                r#"{"Response":{"Count":1,"RequestId":20261201}}"#,
                "Response.RequestId",
            ),
            (
                r#"{"Response":{"Error":{"Code":4000,"Message":"m"},"RequestId":"r"}}"#,
                "Response.Error.Code",
            ),
            (
                r#"{"Response":{"Error":{"Code":"X","Message":1},"RequestId":"r"}}"#,
                "Response.Error.Message",
            ),
        ] {
            let Err(Error::Response(e)) = decode_with(true, body) else {
                panic!("{body}")
            };
            assert!(
                e.reason()
                    .starts_with(&format!("the Response object is malformed: {path}: ")),
                "{body}: {}",
                e.reason()
            );
        }
    }

    #[test]
    fn an_envelope_member_that_is_not_text_or_a_number_is_malformed() {
        for body in [
            r#"{"Response":{"Count":1,"RequestId":{}}}"#,
            r#"{"Response":{"Count":1,"RequestId":[1]}}"#,
            r#"{"Response":{"Count":1,"RequestId":true}}"#,
            r#"{"Response":{"Error":{"Code":null},"RequestId":"r"}}"#,
            r#"{"Response":{"Error":{"Code":{"A":1}},"RequestId":"r"}}"#,
        ] {
            let err = decode_str(200, body).unwrap_err();
            assert!(
                matches!(&err, Error::Response(e) if e.reason().starts_with("the Response object is malformed")),
                "{body}: {err:?}"
            );
        }
    }

    #[test]
    fn a_null_request_id_is_missing() {
        let err = decode_str(200, r#"{"Response":{"Count":1,"RequestId":null}}"#).unwrap_err();
        assert!(
            matches!(&err, Error::Response(e) if e.reason().contains("neither an Error nor a RequestId")),
            "{err:?}"
        );
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
