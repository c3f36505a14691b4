//! Responses whose body arrives in pieces: event streams, read as they come.

use std::fmt;

use bytes::Bytes;

use super::{HttpResponse, TransportError, find_header};
use crate::future::BoxStream;

/// A response of any status whose body is read chunk by chunk, as
/// [`HttpTransport::send_streaming`](super::HttpTransport::send_streaming) returns it.
///
/// Dropping it (or its body) before the end closes the connection, which tells the
/// server to stop sending.
#[non_exhaustive]
pub struct HttpStreamingResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Header names and values; values that are not UTF-8 are decoded lossily.
    pub headers: Vec<(String, String)>,
    /// The body, chunk by chunk; a transport error ends it.
    pub body: BoxStream<Result<Bytes, TransportError>>,
}

impl HttpStreamingResponse {
    /// A response with these headers and body chunks.
    pub fn new(
        status: u16,
        headers: Vec<(String, String)>,
        body: BoxStream<Result<Bytes, TransportError>>,
    ) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// The first value of header `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Whether the body is an event stream (`Content-Type: text/event-stream`).
    pub fn is_event_stream(&self) -> bool {
        self.header("Content-Type").is_some_and(|value| {
            value
                .split(';')
                .next()
                .is_some_and(|media| media.trim().eq_ignore_ascii_case("text/event-stream"))
        })
    }
}

/// A whole response as one chunk: what a transport that only implements
/// [`send`](super::HttpTransport::send) gives a streaming call.
impl From<HttpResponse> for HttpStreamingResponse {
    fn from(response: HttpResponse) -> Self {
        let body = response.body;
        let chunks = futures_util::stream::iter((!body.is_empty()).then_some(Ok(body)));
        Self::new(response.status, response.headers, Box::pin(chunks))
    }
}

impl fmt::Debug for HttpStreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpStreamingResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}
