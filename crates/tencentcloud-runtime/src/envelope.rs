//! Decoding of the `{"Response": {...}}` envelope that wraps every answer.
//!
//! Success or failure is decided by content, not by HTTP status: Tencent Cloud
//! reports service errors with status 200, and a proxy may answer 200 with an
//! HTML page. The inner object is located once as raw JSON, inspected for
//! `Error` and `RequestId`, then deserialized straight into the caller's type;
//! nothing is re-serialized.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::codes::ErrorCode;
use crate::error::{Error, ResponseError, ServiceError};

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

/// Decodes a response body into the caller's type and the request id, or into
/// [`Error::Service`] or [`Error::Response`].
pub(crate) fn decode<Resp, E>(status: u16, body: &[u8]) -> Result<(Resp, String), Error<E>>
where
    Resp: DeserializeOwned,
    E: ErrorCode,
{
    let invalid = |request_id: Option<String>, reason: String| {
        Error::Response(ResponseError::new(status, body, request_id, reason))
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(invalid(None, "the body is empty".to_owned()));
    }
    let envelope: Envelope<'_> = serde_json::from_slice(body)
        .map_err(|e| invalid(None, format!("the body is not a response envelope: {e}")))?;
    let head: Head = serde_json::from_str(envelope.response.get())
        .map_err(|e| invalid(None, format!("the Response object is malformed: {e}")))?;

    if let Some(error) = head.error {
        return Err(Error::Service(ServiceError::new(
            E::from_code(&error.code),
            error.message.unwrap_or_default(),
            head.request_id.unwrap_or_default(),
            status,
        )));
    }
    let Some(request_id) = head.request_id else {
        return Err(invalid(
            None,
            "the Response object has neither an Error nor a RequestId".to_owned(),
        ));
    };
    let deserializer = &mut serde_json::Deserializer::from_str(envelope.response.get());
    match serde_path_to_error::deserialize(deserializer) {
        Ok(response) => Ok((response, request_id)),
        Err(e) => Err(invalid(
            Some(request_id),
            format!("the Response object does not match the expected type: {e}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::CodeText as Code;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Resp {
        #[serde(rename = "Count")]
        count: u32,
        #[serde(rename = "RequestId")]
        request_id: String,
    }

    fn decode_str(status: u16, body: &str) -> Result<(Resp, String), Error<Code>> {
        decode(status, body.as_bytes())
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
}
