//! Streaming calls. The head of the answer is awaited within the attempt's limits and
//! failures up to it are retried as for any call; once it says `text/event-stream`,
//! the events are read as they come, bounded only by the idle timeout, and never
//! retried (the service has started answering).

use bytes::BytesMut;
use futures_util::StreamExt;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::Instrument;

use super::{Sent, ServiceClient, decode_envelope, millis, parse_http_date};
use crate::codes::ErrorCode;
use crate::error::{Error, InvalidRequestError};
use crate::event_stream::{self, EventStream, Limits};
use crate::retry::Outcome;
use crate::service::ActionMeta;
use crate::transport::{HttpRequest, HttpStreamingResponse, TransportError, TransportErrorKind};

impl ServiceClient {
    /// Calls a streaming action and returns its events as they arrive, each `data`
    /// decoded into `T`.
    ///
    /// `flag` names the request member that asks for a stream (`"Stream"`); it is
    /// sent as `true`. A plain JSON answer becomes a stream of one event; an error
    /// envelope is the call's error, as for [`call`](Self::call). Signing, retries,
    /// the limiter and the call's span are as for `call`, up to the head of the
    /// answer; after it, the per-attempt and total timeouts no longer apply, and
    /// the stream ends with a timeout only when no event arrives within the
    /// [stream idle timeout](crate::ConfigBuilder::with_stream_idle_timeout).
    ///
    /// # Errors
    ///
    /// As [`call`](Self::call), for everything up to the head of the answer.
    pub async fn call_stream<Req, T, E>(
        &self,
        action: &'static ActionMeta,
        flag: Option<&str>,
        request: &Req,
    ) -> Result<EventStream<T, E>, Error<E>>
    where
        Req: Serialize + ?Sized,
        T: DeserializeOwned + Send + 'static,
        E: ErrorCode + Send + 'static,
    {
        let mut body = serde_json::to_value(request).map_err(InvalidRequestError::serialization)?;
        if let (Some(flag), Some(members)) = (flag, body.as_object_mut()) {
            members.insert(flag.to_owned(), serde_json::Value::Bool(true));
        }
        self.traced(
            action.into(),
            &body,
            |request, secrets, deadline| async move {
                self.attempt_stream::<T, E>(action, request, &secrets, deadline)
                    .await
            },
        )
        .await
    }

    /// Sends one attempt of a streaming call and reads the head of its answer.
    async fn attempt_stream<T, E>(
        &self,
        action: &'static ActionMeta,
        request: HttpRequest,
        secrets: &[String; 2],
        deadline: Option<Instant>,
    ) -> Sent<EventStream<T, E>, E>
    where
        T: DeserializeOwned + Send + 'static,
        E: ErrorCode + Send + 'static,
    {
        let span = tracing::Span::current();
        let started = Instant::now();
        let limit = self.attempt_limit(deadline);
        tracing::debug!(url = %self.inner.url, body_len = request.body.len(), "sending streaming request");
        let sent = tokio::time::timeout_at(limit, self.inner.transport.send_streaming(request))
            .instrument(span.clone())
            .await
            .unwrap_or_else(|_| Err(timeout("no response head within the timeout")));
        span.record("latency_ms", millis(started.elapsed()));
        let response = match sent {
            Ok(response) => response,
            Err(error) => return Sent::unanswered(error),
        };
        let status = response.status;
        span.record("http_status", status);
        let server_time = response.header("Date").and_then(parse_http_date);
        let result = if status == 200 && response.is_event_stream() {
            let request_id = response
                .header("X-TC-RequestId")
                .unwrap_or_default()
                .to_owned();
            tracing::debug!(%request_id, "event stream started");
            let limits = Limits {
                max_line: self.inner.config.stream_max_line(),
                idle_timeout: self
                    .options
                    .stream_idle_timeout()
                    .unwrap_or(self.inner.config.stream_idle_timeout()),
            };
            let events = event_stream::decode(
                status,
                request_id.clone(),
                response.body,
                limits,
                self.decoding(action.name),
            );
            Ok((events, request_id))
        } else {
            // A JSON answer: an error envelope, or a result that did not stream.
            match tokio::time::timeout_at(limit, whole(response)).await {
                Err(_) => Err(Error::Transport(timeout(
                    "no complete response within the timeout",
                ))),
                Ok(Err(e)) => Err(Error::Transport(e)),
                Ok(Ok(body)) => {
                    decode_envelope::<T, E>(status, &body, secrets, self.decoding(action.name))
                        .map(|(data, id)| (EventStream::once(id.clone(), data), id))
                }
            }
        };
        Sent {
            outcome: Outcome {
                result,
                server_time,
            },
            http_status: Some(status),
        }
    }
}

/// The whole body of an answer that is not a stream.
async fn whole(response: HttpStreamingResponse) -> Result<BytesMut, TransportError> {
    let mut body = BytesMut::new();
    let mut chunks = response.body;
    while let Some(chunk) = chunks.next().await {
        body.extend_from_slice(&chunk?);
    }
    Ok(body)
}

fn timeout(what: &'static str) -> TransportError {
    TransportError::new(TransportErrorKind::Timeout, true, Some(what.into()))
}
