//! The server side of an action, for emulators and test doubles.
//!
//! Generated crates (feature `server`) emit a `server::Service` trait with one method per
//! action and a `server::dispatch` function that decodes a request body, calls the
//! method and encodes its result. Their failures are the types here, each carrying the
//! wire code the service's documentation gives, so a router can answer with the
//! standard `{"Response": {"Error": …}}` envelope.

mod request_id;

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::codes::ErrorCode;
use crate::error::{Error, ServiceError};
use crate::event_stream::{EventStream, StreamEvent};
use crate::future::BoxStream;

pub use request_id::new_request_id;

/// An action's own failure: one of its documented codes and a message.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionError<E> {
    /// The code, from the action's error enum.
    pub code: E,
    /// Human-readable detail.
    pub message: String,
}

impl<E: ErrorCode> ActionError<E> {
    /// An error with `code` and `message`.
    pub fn new(code: E, message: impl Into<String>) -> Self {
        ActionError {
            code,
            message: message.into(),
        }
    }

    /// `UnsupportedOperation`: what every action answers until it is implemented.
    pub fn unsupported(action: &str) -> Self {
        ActionError {
            code: E::from_code(UNSUPPORTED),
            message: unsupported_message(action),
        }
    }

    /// What a client sees when a service it calls in process fails: a service error
    /// with a fresh RequestId, as if it had come over the wire.
    pub fn into_client_error(self) -> Error<E> {
        Error::Service(ServiceError::new(
            self.code,
            self.message,
            new_request_id(),
            200,
        ))
    }
}

const UNSUPPORTED: &str = "UnsupportedOperation";

fn unsupported_message(action: &str) -> String {
    format!("{action} is not implemented by this server")
}

/// The events of a streaming answer, each the object that an event's `data` holds; an
/// error ends the stream.
pub type Events = BoxStream<Result<serde_json::Value, DispatchError>>;

/// Whether a request `body` asks a streaming action for a stream: its `flag` member
/// is `true`, or the action has no flag and always streams.
pub fn wants_stream(body: &[u8], flag: Option<&str>) -> bool {
    let Some(flag) = flag else { return true };
    #[derive(serde::Deserialize)]
    struct Members(serde_json::Map<String, serde_json::Value>);
    serde_json::from_slice::<Members>(body)
        .is_ok_and(|Members(members)| members.get(flag) == Some(&serde_json::Value::Bool(true)))
}

/// A service's typed events as [`Events`]: each encoded, an action error as the
/// dispatch error that ends the stream.
pub fn encode_events<Resp, E>(events: BoxStream<Result<Resp, ActionError<E>>>) -> Events
where
    Resp: Serialize + Send + 'static,
    E: ErrorCode + Send + 'static,
{
    use futures_util::StreamExt;
    Box::pin(events.map(|event| match event {
        Ok(response) => encode(&response),
        Err(e) => Err(DispatchError::from_action(e)),
    }))
}

/// A service's typed events as a client sees them, served in process: each a
/// [`StreamEvent`], an action error as [`Error::Service`], under a fresh RequestId.
pub fn into_client_events<T, E>(events: BoxStream<Result<T, ActionError<E>>>) -> EventStream<T, E>
where
    T: Send + 'static,
    E: ErrorCode + Send + 'static,
{
    use futures_util::StreamExt;
    let request_id = new_request_id();
    let id = request_id.clone();
    let events = events
        .map(move |event| match event {
            Ok(data) => Ok(StreamEvent::new(data)),
            Err(e) => Err(Error::Service(ServiceError::new(
                e.code,
                e.message,
                id.clone(),
                200,
            ))),
        })
        // As over the wire, an error event is the last.
        .scan(false, |ended, item| {
            let item = (!*ended).then(|| {
                *ended = item.is_err();
                item
            });
            std::future::ready(item)
        });
    EventStream::from_events(request_id, events)
}

/// Gives a response served in process the RequestId a router would: a fresh one,
/// unless the service set its own.
pub fn fill_request_id(request_id: &mut String) {
    if request_id.is_empty() {
        *request_id = new_request_id();
    }
}

/// Why a request could not be served: the wire code and message to answer with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchError {
    /// A documented code such as `InvalidAction` or `MissingParameter`.
    pub code: String,
    /// Human-readable detail.
    pub message: String,
}

impl DispatchError {
    /// A failure with `code` and `message`.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        DispatchError {
            code: code.into(),
            message: message.into(),
        }
    }

    /// `InvalidAction`: the service has no such action.
    pub fn unknown_action(action: &str) -> Self {
        Self::new(
            "InvalidAction",
            format!("the requested action {action:?} does not exist"),
        )
    }

    /// The action's own failure, by its wire code.
    pub fn from_action<E: ErrorCode>(err: ActionError<E>) -> Self {
        Self::new(err.code.as_str(), err.message)
    }

    /// Whether this is [`ActionError::unsupported`]'s answer for `action`: what a
    /// generated `server::Service` answers for an action it leaves unimplemented, so that
    /// a dispatcher behind it can answer instead.
    pub fn is_unsupported(&self, action: &str) -> bool {
        self.code == UNSUPPORTED && self.message == unsupported_message(action)
    }
}

impl fmt::Display for DispatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for DispatchError {}

/// Decodes a request body strictly: a top-level member the action does not define is
/// `UnknownParameter`, a missing required one `MissingParameter`, a value of the wrong
/// type `InvalidParameterValue`, and a body that is not a JSON object `InvalidParameter`.
///
/// # Errors
///
/// The [`DispatchError`] to answer with.
pub fn decode<Req: DeserializeOwned>(body: &[u8], members: &[&str]) -> Result<Req, DispatchError> {
    let value: serde_json::Value =
        serde_json::from_slice(if body.is_empty() { b"{}" } else { body }).map_err(|e| {
            DispatchError::new("InvalidParameter", format!("the body is not JSON: {e}"))
        })?;
    let object = value
        .as_object()
        .ok_or_else(|| DispatchError::new("InvalidParameter", "the body must be a JSON object"))?;
    if let Some(unknown) = object.keys().find(|k| !members.contains(&k.as_str())) {
        return Err(DispatchError::new(
            "UnknownParameter",
            format!("the parameter {unknown:?} is not defined for this action"),
        ));
    }
    serde_json::from_value(value).map_err(|e| {
        let text = e.to_string();
        match text.strip_prefix("missing field `") {
            Some(rest) => DispatchError::new(
                "MissingParameter",
                format!(
                    "the required parameter {:?} is missing",
                    rest.split('`').next().unwrap_or_default()
                ),
            ),
            None => DispatchError::new("InvalidParameterValue", text),
        }
    })
}

/// Encodes a response as the object that goes inside `{"Response": …}`.
///
/// # Errors
///
/// `InternalError` if the response cannot be serialized.
pub fn encode<Resp: Serialize>(response: &Resp) -> Result<serde_json::Value, DispatchError> {
    serde_json::to_value(response).map_err(|e| {
        DispatchError::new("InternalError", format!("cannot encode the response: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Req {
        #[serde(rename = "Name")]
        name: String,
        #[serde(rename = "Count", default)]
        count: Option<i64>,
    }

    const MEMBERS: &[&str] = &["Name", "Count"];

    fn code(body: &str) -> String {
        decode::<Req>(body.as_bytes(), MEMBERS).unwrap_err().code
    }

    #[test]
    fn decode_classifies_bad_requests_by_documented_code() {
        assert_eq!(code("{"), "InvalidParameter");
        assert_eq!(code("[]"), "InvalidParameter");
        assert_eq!(code(r#"{"Name": "a", "Extra": 1}"#), "UnknownParameter");
        assert_eq!(code(r#"{"Count": 1}"#), "MissingParameter");
        assert_eq!(code(r#"{"Name": 5}"#), "InvalidParameterValue");
        assert!(decode::<Req>(br#"{"Name": "a"}"#, MEMBERS).is_ok());
    }

    #[test]
    fn decode_refuses_what_a_client_tolerates_in_responses() {
        for body in [
            r#"{"Name": null}"#,
            r#"{"Name": 5}"#,
            r#"{"Name": "a", "Count": "1"}"#,
            r#"{"Name": "a", "Count": 1.0}"#,
        ] {
            assert_eq!(code(body), "InvalidParameterValue", "{body}");
        }
    }

    #[test]
    fn missing_parameter_names_the_member() {
        let err = decode::<Req>(b"{}", MEMBERS).unwrap_err();
        assert!(err.message.contains("\"Name\""), "{err}");
    }
}
