//! Entry points for the fuzz targets in `fuzz/`: thin wrappers over the request
//! parsing this crate keeps to itself. Not part of the supported API.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{HeaderMap, Method, Uri};
use hyper::body::{Body, Frame, SizeHint};
use serde_json::Value;

use crate::http::{BodyError, read_bounded};
use crate::router::{self, Answer, Received, Router};
use crate::{Dispatch, DispatchError, ParamTypes, ServerConfig};

/// Parses a TC3-HMAC-SHA256 `Authorization` header value.
///
/// # Errors
///
/// `AuthFailure.InvalidAuthorization` when it is malformed.
pub fn parse_authorization(value: &str) -> Result<(), DispatchError> {
    crate::auth::parse_tc3(value).map(|_| ())
}

/// A query string or form body decoded into parameters, then into the JSON request of
/// `action` as `types` say.
pub fn form_to_json(types: &ParamTypes, action: &str, form: &[u8]) -> Value {
    types.to_json(action, &router::parse_form(form))
}

/// The router: every check of a request whose body was read, then the dispatcher.
pub struct FuzzRouter(Router);

impl FuzzRouter {
    /// A router for `config` that hands accepted requests to `dispatcher`.
    pub fn new(config: ServerConfig, dispatcher: impl Dispatch) -> Self {
        FuzzRouter(Router::new(config, Box::new(dispatcher)))
    }

    /// A router for every service version of `services`.
    pub fn with_services(config: ServerConfig, services: crate::Services) -> Self {
        FuzzRouter(Router::with_services(config, services))
    }

    /// The `{"Response": …}` envelope the server would answer with; `None` for an event
    /// stream.
    pub async fn handle(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Option<Value> {
        let received = Received {
            method,
            uri,
            headers,
            body,
        };
        match self.0.handle(&received).await {
            Ok(Answer::Events(_)) => None,
            Ok(Answer::Json(value)) => Some(router::envelope(Ok(value), "fuzz")),
            Err(e) => Some(router::envelope(Err(e), "fuzz")),
        }
    }
}

/// What the server's bounded body read makes of a body that arrives as `chunks` and
/// announces `declared` bytes: its length, or why it was refused. Needs a Tokio
/// runtime with time enabled (draining is bounded in time).
///
/// # Errors
///
/// `"too large"` or `"unreadable"`.
pub async fn read_body(
    chunks: Vec<Vec<u8>>,
    declared: Option<u64>,
    limit: usize,
) -> Result<usize, &'static str> {
    let body = Chunks {
        chunks: chunks.into_iter().map(Bytes::from).collect(),
        declared,
    };
    match read_bounded(body, limit).await {
        Ok(bytes) => Ok(bytes.len()),
        Err(BodyError::TooLarge { .. }) => Err("too large"),
        Err(BodyError::Read(_)) => Err("unreadable"),
    }
}

/// A request body made of chunks, with the length a client announced.
struct Chunks {
    chunks: VecDeque<Bytes>,
    declared: Option<u64>,
}

impl Body for Chunks {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.chunks.pop_front().map(|chunk| Ok(Frame::data(chunk))))
    }

    fn size_hint(&self) -> SizeHint {
        self.declared
            .map_or_else(SizeHint::default, SizeHint::with_exact)
    }
}
