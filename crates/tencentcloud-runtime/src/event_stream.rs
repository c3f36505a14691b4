//! Typed event streams: what a streaming action's `<action>_stream` method returns.
//!
//! The body of a `text/event-stream` answer is parsed as it arrives
//! ([`sse::EventParser`](crate::sse::EventParser)); each event's `data` is decoded
//! into the action's response type (as tolerantly as a whole answer), and an event whose data is an error object
//! (`{"Response": {"Error": …}}` or `{"Error": …}`) ends the stream with the typed
//! service error. Reading stops at the first transport error, oversized line or
//! [idle timeout](crate::ConfigBuilder::with_stream_idle_timeout); dropping the stream
//! closes the connection.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use futures_util::StreamExt;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::codes::ErrorCode;
use crate::envelope::{ResponseError, Text};
use crate::error::{Error, ServiceError};
use crate::future::BoxStream;
use crate::sse::{Event, EventParser, SseError};
use crate::tolerant::{self, Decoding};
use crate::transport::{TransportError, TransportErrorKind};

/// One event of a stream, its data decoded.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StreamEvent<T> {
    /// The event's `data`, decoded into the action's response type.
    pub data: T,
    /// The `data` text as it was sent.
    pub raw: String,
    /// The `event` field, when the event had one.
    pub event: Option<String>,
    /// The `id` field, when the event had one.
    pub id: Option<String>,
    /// The `retry` field (milliseconds), when the event had one.
    pub retry: Option<u64>,
}

impl<T> StreamEvent<T> {
    /// An event with `data` and nothing else, for test doubles.
    pub fn new(data: T) -> Self {
        Self {
            data,
            raw: String::new(),
            event: None,
            id: None,
            retry: None,
        }
    }

    /// The same event with its `data` text.
    #[must_use]
    pub fn with_raw(mut self, raw: impl Into<String>) -> Self {
        self.raw = raw.into();
        self
    }

    /// The same event with an `event` field.
    #[must_use]
    pub fn with_event(mut self, event: impl Into<String>) -> Self {
        self.event = Some(event.into());
        self
    }

    /// The same event with an `id` field.
    #[must_use]
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The same event with a `retry` field.
    #[must_use]
    pub fn with_retry(mut self, retry: u64) -> Self {
        self.retry = Some(retry);
        self
    }
}

/// The events of a streaming call, as a `Stream` of typed events.
///
/// The RequestId is known before the first event: the service sends it in the
/// `X-TC-RequestId` header. When the service answers with a plain JSON result
/// instead of a stream, the stream yields that result as its only event.
pub struct EventStream<T, E> {
    request_id: String,
    events: BoxStream<Result<StreamEvent<T>, Error<E>>>,
}

impl<T, E> EventStream<T, E> {
    /// A stream of `events` for the call `request_id`: how a test double answers a
    /// streaming call.
    pub fn from_events(
        request_id: impl Into<String>,
        events: impl Stream<Item = Result<StreamEvent<T>, Error<E>>> + Send + 'static,
    ) -> Self {
        Self {
            request_id: request_id.into(),
            events: Box::pin(events),
        }
    }

    /// A stream of one event: a plain JSON answer to a streaming call.
    pub fn once(request_id: impl Into<String>, data: T) -> Self
    where
        T: Send + 'static,
        E: Send + 'static,
    {
        let event = StreamEvent::new(data);
        Self::from_events(request_id, futures_util::stream::iter([Ok(event)]))
    }

    /// The call's RequestId.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The next event, or `None` at the end of the stream.
    ///
    /// # Errors
    ///
    /// A service error sent as an event, an event whose data does not decode, or the
    /// reason reading stopped (a transport error, an oversized line, the idle
    /// timeout); only the decoding error lets reading go on.
    pub async fn next_event(&mut self) -> Option<Result<StreamEvent<T>, Error<E>>> {
        self.events.next().await
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<StreamEvent<T>, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.events.as_mut().poll_next(cx)
    }
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

/// How a body is read: the longest line and the longest wait for an event.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) max_line: usize,
    pub(crate) idle_timeout: Duration,
}

/// Where reading a body is.
struct Reader<T> {
    body: BoxStream<Result<Bytes, TransportError>>,
    parser: EventParser,
    limits: Limits,
    decoding: Decoding<'static>,
    status: u16,
    request_id: String,
    ended: bool,
    done: bool,
    _data: std::marker::PhantomData<fn() -> T>,
}

/// The events of an event-stream `body`, decoded into `T`.
pub(crate) fn decode<T, E>(
    status: u16,
    request_id: String,
    body: BoxStream<Result<Bytes, TransportError>>,
    limits: Limits,
    decoding: Decoding<'static>,
) -> EventStream<T, E>
where
    T: DeserializeOwned + Send + 'static,
    E: ErrorCode + Send + 'static,
{
    let reader = Reader::<T> {
        body,
        parser: EventParser::new(limits.max_line),
        limits,
        decoding,
        status,
        request_id: request_id.clone(),
        ended: false,
        done: false,
        _data: std::marker::PhantomData,
    };
    let events = futures_util::stream::unfold(reader, |mut reader| async move {
        let item = reader.next::<E>().await?;
        Some((item, reader))
    });
    EventStream::from_events(request_id, events)
}

impl<T: DeserializeOwned> Reader<T> {
    async fn next<E: ErrorCode>(&mut self) -> Option<Result<StreamEvent<T>, Error<E>>> {
        // The idle timeout runs from the last event, so a trickle of bytes that never
        // completes one does not keep the stream alive.
        let deadline = tokio::time::Instant::now() + self.limits.idle_timeout;
        loop {
            if self.done {
                return None;
            }
            if let Some(event) = self.parser.next_event() {
                if let Some(item) = self.event(event) {
                    return Some(item);
                }
                continue;
            }
            if self.ended {
                self.done = true;
                // A last event without its closing blank line, on a body that ended
                // cleanly: kept, as nothing suggests it was cut short.
                return match self.parser.finish() {
                    Ok(Some(event)) => self.event(event),
                    Ok(None) => None,
                    Err(e) => Some(Err(self.oversized(e))),
                };
            }
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Err(_) => {
                    self.done = true;
                    return Some(Err(Error::Transport(TransportError::new(
                        TransportErrorKind::Timeout,
                        true,
                        Some(format!("no event within {:?}", self.limits.idle_timeout).into()),
                    ))));
                }
                Ok(None) => self.ended = true,
                Ok(Some(Err(e))) => {
                    self.done = true;
                    return Some(Err(Error::Transport(e)));
                }
                Ok(Some(Ok(chunk))) => {
                    if let Err(e) = self.parser.push(&chunk) {
                        self.done = true;
                        return Some(Err(self.oversized(e)));
                    }
                }
            }
        }
    }

    /// The item for one event; `None` for an event without data (a keep-alive).
    fn event<E: ErrorCode>(&mut self, event: Event) -> Option<Result<StreamEvent<T>, Error<E>>> {
        if event.data.is_empty() {
            return None;
        }
        match service_error(&event.data, &self.request_id, self.status, self.decoding) {
            Some(Ok(error)) => {
                self.done = true;
                return Some(Err(Error::Service(error)));
            }
            Some(Err(reason)) => {
                self.done = true;
                return Some(Err(Error::Response(ResponseError::new(
                    self.status,
                    event.data.as_bytes(),
                    Some(self.request_id.clone()).filter(|id| !id.is_empty()),
                    format!("an error event is malformed: {reason}"),
                ))));
            }
            None => {}
        }
        Some(
            match tolerant::from_str::<T>(&event.data, "data", self.decoding) {
                Ok(data) => Ok(StreamEvent {
                    data,
                    raw: event.data,
                    event: event.event,
                    id: event.id,
                    retry: event.retry,
                }),
                Err(e) => Err(Error::Response(ResponseError::new(
                    self.status,
                    event.data.as_bytes(),
                    Some(self.request_id.clone()).filter(|id| !id.is_empty()),
                    format!("an event's data does not match the expected type: {e}"),
                ))),
            },
        )
    }

    fn oversized<E>(&self, e: SseError) -> Error<E> {
        Error::Response(ResponseError::new(
            self.status,
            b"",
            Some(self.request_id.clone()).filter(|id| !id.is_empty()),
            format!("the event stream is malformed: {e}"),
        ))
    }
}

#[derive(Deserialize)]
struct ErrorEvent {
    #[serde(rename = "Response")]
    response: Option<ErrorHead>,
    #[serde(rename = "Error")]
    error: Option<ErrorBody>,
    #[serde(rename = "RequestId")]
    request_id: Option<Text>,
}

#[derive(Deserialize)]
struct ErrorHead {
    #[serde(rename = "Error")]
    error: Option<ErrorBody>,
    #[serde(rename = "RequestId")]
    request_id: Option<Text>,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(rename = "Code")]
    code: Text,
    #[serde(rename = "Message")]
    message: Option<Text>,
}

/// The service error an event carries, in the envelope's form or bare; its text
/// members may be numbers, converted as the envelope's are (an error when `decoding`
/// is strict).
fn service_error<E: ErrorCode>(
    data: &str,
    request_id: &str,
    status: u16,
    decoding: Decoding<'_>,
) -> Option<Result<ServiceError<E>, String>> {
    // Most events are results; only parse again when an error is possible.
    if !data.contains("\"Error\"") {
        return None;
    }
    let event: ErrorEvent = serde_json::from_str(data).ok()?;
    let (error, id, root) = match event.response {
        Some(ErrorHead {
            error: Some(error),
            request_id,
        }) => (error, request_id, "data.Response"),
        _ => (event.error?, event.request_id, "data"),
    };
    let text = |text: Text, member: &str| text.into_string(&format!("{root}.{member}"), decoding);
    let convert = || -> Result<ServiceError<E>, String> {
        let code = text(error.code, "Error.Code")?;
        let message = error
            .message
            .map(|m| text(m, "Error.Message"))
            .transpose()?;
        let id = id.map(|id| text(id, "RequestId")).transpose()?;
        Ok(ServiceError::new(
            E::from_code(&code),
            message.unwrap_or_default(),
            id.unwrap_or_else(|| request_id.to_owned()),
            status,
        ))
    };
    Some(convert())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::CodeText;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Delta {
        #[serde(rename = "Content", default)]
        content: String,
    }

    fn body(chunks: &[&'static [u8]]) -> BoxStream<Result<Bytes, TransportError>> {
        let chunks: Vec<_> = chunks.iter().map(|c| Ok(Bytes::from_static(c))).collect();
        Box::pin(futures_util::stream::iter(chunks))
    }

    const LIMITS: Limits = Limits {
        max_line: 1024,
        idle_timeout: Duration::from_secs(5),
    };

    const TOLERANT: Decoding<'static> = Decoding {
        action: "ChatCompletions",
        strict: false,
    };

    async fn collect(
        chunks: &[&'static [u8]],
        limits: Limits,
    ) -> Vec<Result<StreamEvent<Delta>, Error<CodeText>>> {
        decode(200, "rid".to_owned(), body(chunks), limits, TOLERANT)
            .collect()
            .await
    }

    #[tokio::test]
    async fn events_decode_and_keep_alives_are_skipped() {
        let items = collect(
            &[
                b": ping\n\n",
                b"id: 1\nevent: delta\ndata: {\"Content\":\"he\"}\n\n",
                b"data: {\"Content\":\"llo\"}\n\n",
            ],
            LIMITS,
        )
        .await;
        let events: Vec<_> = items.into_iter().map(Result::unwrap).collect();
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].data.content, "he");
        assert_eq!(events[0].event.as_deref(), Some("delta"));
        assert_eq!(events[0].id.as_deref(), Some("1"));
        assert_eq!(events[1].raw, "{\"Content\":\"llo\"}");
    }

    #[tokio::test]
    async fn an_error_event_with_numbers_for_its_text_is_converted_unless_strict() {
        const EVENT: &[u8] =
            b"data: {\"Response\":{\"Error\":{\"Code\":4000,\"Message\":5},\"RequestId\":9}}\n\n";
        let items = collect(&[EVENT], LIMITS).await;
        let Err(Error::Service(e)) = &items[0] else {
            panic!("{:?}", items[0]);
        };
        assert_eq!((e.code.as_str(), e.message.as_str()), ("4000", "5"));
        assert_eq!(e.request_id, "9");

        let strict = Decoding {
            strict: true,
            ..TOLERANT
        };
        let items: Vec<Result<StreamEvent<Delta>, Error<CodeText>>> =
            decode(200, "rid".to_owned(), body(&[EVENT]), LIMITS, strict)
                .collect()
                .await;
        assert_eq!(items.len(), 1, "the stream ends");
        let Err(Error::Response(e)) = &items[0] else {
            panic!("{:?}", items[0]);
        };
        assert!(
            e.reason()
                .starts_with("an error event is malformed: data.Response.Error.Code: "),
            "{}",
            e.reason()
        );
    }

    #[tokio::test]
    async fn a_last_event_without_its_blank_line_is_kept() {
        let items = collect(&[b"data: {\"Content\":\"end\"}"], LIMITS).await;
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].as_ref().unwrap().data.content, "end");
    }

    #[tokio::test]
    async fn an_error_event_ends_the_stream_typed() {
        let items = collect(
            &[
                b"data: {\"Content\":\"a\"}\n\n",
                b"data: {\"Response\":{\"Error\":{\"Code\":\"InternalError\",\"Message\":\"boom\"},\"RequestId\":\"r2\"}}\n\n",
                b"data: {\"Content\":\"never\"}\n\n",
            ],
            LIMITS,
        )
        .await;
        assert_eq!(items.len(), 2);
        let Err(Error::Service(e)) = &items[1] else {
            panic!("{:?}", items[1]);
        };
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            ("InternalError", "boom")
        );
        assert_eq!(e.request_id, "r2");

        let bare = collect(
            &[b"data: {\"Error\":{\"Code\":\"LimitExceeded\",\"Message\":\"m\"}}\n\n"],
            LIMITS,
        )
        .await;
        let Err(Error::Service(e)) = &bare[0] else {
            panic!("{:?}", bare[0]);
        };
        assert_eq!(e.code.as_str(), "LimitExceeded");
        assert_eq!(
            e.request_id, "rid",
            "the header's RequestId when the event has none"
        );
    }

    #[tokio::test]
    async fn undecodable_data_is_an_error_and_reading_goes_on() {
        let items = collect(
            &[b"data: [DONE]\n\n", b"data: {\"Content\":\"x\"}\n\n"],
            LIMITS,
        )
        .await;
        assert!(matches!(&items[0], Err(Error::Response(e)) if e.request_id() == Some("rid")));
        assert_eq!(items[1].as_ref().unwrap().data.content, "x");
    }

    #[tokio::test]
    async fn event_data_is_decoded_tolerantly_unless_strict() {
        let chunks: &[&'static [u8]] = &[b"data: {\"Content\":7}\n\n"];
        let items = collect(chunks, LIMITS).await;
        assert_eq!(items[0].as_ref().unwrap().data.content, "7");

        let strict = Decoding {
            strict: true,
            ..TOLERANT
        };
        let items: Vec<Result<StreamEvent<Delta>, Error<CodeText>>> =
            decode(200, "rid".to_owned(), body(chunks), LIMITS, strict)
                .collect()
                .await;
        let Err(Error::Response(e)) = &items[0] else {
            panic!("{:?}", items[0]);
        };
        assert!(e.reason().contains("Content: invalid type: integer"), "{e}");
    }

    #[tokio::test]
    async fn an_oversized_line_ends_the_stream() {
        let limits = Limits {
            max_line: 8,
            ..LIMITS
        };
        let items = collect(&[b"data: {\"Content\":\"too long\"}\n\n"], limits).await;
        assert_eq!(items.len(), 1);
        let Err(Error::Response(e)) = &items[0] else {
            panic!("{:?}", items[0]);
        };
        assert!(e.reason().contains("malformed"), "{e}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_silent_body_ends_at_the_idle_timeout() {
        let silent: BoxStream<Result<Bytes, TransportError>> = Box::pin(
            futures_util::stream::iter([Ok(Bytes::from_static(b"data: {}\n\n"))])
                .chain(futures_util::stream::pending()),
        );
        let started = tokio::time::Instant::now();
        let mut events = decode::<Delta, CodeText>(200, String::new(), silent, LIMITS, TOLERANT);
        assert!(events.next_event().await.unwrap().is_ok());
        let err = events.next_event().await.unwrap().unwrap_err();
        assert!(
            matches!(&err, Error::Transport(e) if e.kind() == TransportErrorKind::Timeout),
            "{err:?}"
        );
        assert_eq!(started.elapsed(), LIMITS.idle_timeout);
        assert!(events.next_event().await.is_none());
    }

    #[tokio::test]
    async fn a_transport_error_ends_the_stream_and_drops_the_partial_event() {
        let broken: BoxStream<Result<Bytes, TransportError>> =
            Box::pin(futures_util::stream::iter([
                Ok(Bytes::from_static(
                    b"data: {\"Content\":\"a\"}\n\ndata: {\"Cont",
                )),
                Err(TransportError::new(TransportErrorKind::Io, true, None)),
            ]));
        let items: Vec<_> = decode::<Delta, CodeText>(200, String::new(), broken, LIMITS, TOLERANT)
            .collect()
            .await;
        assert_eq!(items.len(), 2);
        assert!(items[0].is_ok());
        assert!(matches!(&items[1], Err(Error::Transport(_))));
    }
}
