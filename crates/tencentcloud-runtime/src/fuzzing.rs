//! Entry points for the fuzz targets in `fuzz/`: the real decoding paths, reached
//! without a network or a client. Not part of the supported API.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::codes::ErrorCode;
use crate::error::Error;
use crate::event_stream::{self, EventStream, Limits};
use crate::tolerant::Decoding;
use crate::transport::TransportError;

/// As a client decodes by default: tolerant, so that the repairs are fuzzed too.
const DECODING: Decoding<'static> = Decoding {
    action: "Fuzz",
    strict: false,
};

/// Secrets the decoding path masks in what it shows; any fixed pair will do.
const SECRETS: [&str; 2] = ["AKIDfuzzingSecretId", "fuzzingSecretKey"];

/// What [`crate::ServiceClient`] does with one answer: the envelope decoded into
/// `Resp` and its request id, or the service's error (code mapped to `E`) or a
/// response error.
///
/// # Errors
///
/// Whatever the client would return for this body.
pub fn decode_response<Resp: DeserializeOwned, E: ErrorCode>(
    status: u16,
    body: &[u8],
) -> Result<(Resp, String), Error<E>> {
    crate::client::decode_envelope(status, body, &SECRETS.map(str::to_owned), DECODING)
}

/// What a streaming call hands its caller for a body that arrives as `chunks`: the
/// same reader, parser and limits. Polling it needs a Tokio runtime with time
/// enabled (the idle timeout).
pub fn event_stream<T, E>(status: u16, chunks: Vec<Vec<u8>>, max_line: usize) -> EventStream<T, E>
where
    T: DeserializeOwned + Send + 'static,
    E: ErrorCode + Send + 'static,
{
    let body = futures_util::stream::iter(
        chunks
            .into_iter()
            .map(|chunk| Ok::<_, TransportError>(Bytes::from(chunk))),
    );
    event_stream::decode(
        status,
        "fuzz-request-id".to_owned(),
        Box::pin(body),
        Limits {
            max_line,
            idle_timeout: std::time::Duration::from_secs(60),
        },
        DECODING,
    )
}
