//! HTTP/1.1 on tokio with hyper: accepting, bounded body reads, graceful shutdown.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::FutureExt as _;
use futures_util::StreamExt as _;
use http::header::{CACHE_CONTROL, CONNECTION, CONTENT_TYPE, HeaderValue};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Body, Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tencentcloud_runtime::server::DispatchError;
use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::ServerConfig;
use crate::router::{self, Answer, Received, Router};
use crate::{Dispatch, Services, new_request_id};

/// How long a shutdown waits for requests in flight before closing their connections.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// How long the rest of an oversized body is read (and discarded) so that the client,
/// still sending, reads the error instead of a connection reset.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// A router not yet listening: a configuration and a dispatcher.
pub struct Server {
    router: Arc<Router>,
}

impl Server {
    /// A server that checks requests against `config` and runs them with `dispatcher`.
    pub fn new(config: ServerConfig, dispatcher: impl Dispatch) -> Self {
        Server {
            router: Arc::new(Router::new(config, Box::new(dispatcher))),
        }
    }

    /// A server for every service version of `services`, with the keys and limits of
    /// `config` (see [`ServerConfig::any_service`]); a request is routed by the
    /// service its host or credential scope names, then `X-TC-Version` and
    /// `X-TC-Action`.
    pub fn with_services(config: ServerConfig, services: Services) -> Self {
        Server {
            router: Arc::new(Router::with_services(config, services)),
        }
    }

    /// Binds `addr` (port 0 picks a free one) and starts serving on the current tokio
    /// runtime.
    ///
    /// # Errors
    ///
    /// When the address cannot be bound.
    pub async fn bind(self, addr: impl ToSocketAddrs) -> io::Result<RunningServer> {
        let listener = TcpListener::bind(addr).await?;
        self.serve(listener)
    }

    /// Starts serving connections from `listener` on the current tokio runtime.
    ///
    /// # Errors
    ///
    /// When the listener's address cannot be read.
    pub fn serve(self, listener: TcpListener) -> io::Result<RunningServer> {
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(accept_loop(listener, self.router, stopped));
        tracing::info!(%addr, "serving");
        Ok(RunningServer {
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// A listening server. Dropping it stops accepting at once; [`shutdown`](Self::shutdown)
/// also waits for the requests in flight.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningServer {
    /// The address bound, with the port chosen if 0 was asked for.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`, for a client's endpoint override.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, lets requests in flight finish (up to ten seconds), closes
    /// idle connections, and returns when all are closed.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Waits until the server stops, which only [`shutdown`](Self::shutdown) or a
    /// failed listener makes it do; for a binary, `select!` it with a signal.
    pub async fn stopped(&mut self) {
        if let Some(task) = self.task.as_mut() {
            let _ = task.await;
            self.task = None;
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn accept_loop(
    listener: TcpListener,
    router: Arc<Router>,
    mut stopped: oneshot::Receiver<()>,
) {
    let graceful = GracefulShutdown::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let router = Arc::clone(&router);
                    let service = service_fn(move |req| serve(Arc::clone(&router), req));
                    let connection = http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(Duration::from_secs(30))
                        .serve_connection(TokioIo::new(stream), service);
                    let connection = graceful.watch(connection);
                    tokio::spawn(async move {
                        if let Err(e) = connection.await {
                            tracing::debug!(error = %e, "connection ended with an error");
                        }
                    });
                }
                Err(e) => {
                    // Out of file descriptors and the like pass; do not spin on them.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("requests still in flight after the shutdown grace period");
        }
    }
}

pub(crate) enum BodyError {
    /// Larger than the limit; `drained` when the rest was read, so the connection
    /// can still be answered cleanly.
    TooLarge {
        drained: bool,
    },
    Read(Box<dyn std::error::Error + Send + Sync>),
}

async fn serve(
    router: Arc<Router>,
    req: Request<Incoming>,
) -> Result<Response<UnsyncBoxBody<Bytes, Infallible>>, Infallible> {
    let request_id = new_request_id();
    let (parts, body) = req.into_parts();
    let limit = router.config.max_body_bytes;
    let (result, close) = match read_bounded(body, limit).await {
        Ok(body) => {
            let received = Received {
                method: &parts.method,
                uri: &parts.uri,
                headers: &parts.headers,
                body: &body,
            };
            let result = AssertUnwindSafe(router.handle(&received))
                .catch_unwind()
                .await
                .unwrap_or_else(|_| {
                    Err(DispatchError::new(
                        "InternalError",
                        "the action failed unexpectedly",
                    ))
                });
            (result, false)
        }
        Err(BodyError::TooLarge { drained }) => (
            Err(DispatchError::new(
                "RequestSizeLimitExceeded",
                format!("the request body is larger than {limit} bytes"),
            )),
            !drained,
        ),
        Err(BodyError::Read(e)) => (
            Err(DispatchError::new(
                "InvalidRequest",
                format!("the request body could not be read: {e}"),
            )),
            true,
        ),
    };
    if let Err(e) = &result {
        tracing::debug!(%request_id, code = %e.code, message = %e.message, "refused");
    }
    let result = match result {
        Ok(Answer::Events(events)) => return Ok(event_stream(events, request_id)),
        Ok(Answer::Json(value)) => Ok(value),
        Err(e) => Err(e),
    };
    let body = router::envelope(result, &request_id).to_string();
    let mut response = Response::new(Full::new(Bytes::from(body)).boxed_unsync());
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if close {
        headers.insert(CONNECTION, HeaderValue::from_static("close"));
    }
    Ok(response)
}

/// A streaming answer: `text/event-stream`, the RequestId in `X-TC-RequestId` as the
/// service sends it, one event per item until the first error. When the client goes
/// away, hyper drops the body and with it the action's stream.
fn event_stream(
    events: crate::Events,
    request_id: String,
) -> Response<UnsyncBoxBody<Bytes, Infallible>> {
    let header_id = HeaderValue::from_str(&request_id).ok();
    let frames = events.scan(false, move |ended, item| {
        let frame = (!*ended).then(|| {
            *ended = item.is_err();
            Ok(Frame::data(Bytes::from(router::event(item, &request_id))))
        });
        std::future::ready(frame)
    });
    let mut response = Response::new(BodyExt::boxed_unsync(StreamBody::new(frames)));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Some(id) = header_id {
        headers.insert("X-TC-RequestId", id);
    }
    response
}

/// Reads at most `limit` bytes of body; never holds more.
pub(crate) async fn read_bounded<B>(mut body: B, limit: usize) -> Result<Bytes, BodyError>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let limit_u64 = u64::try_from(limit).unwrap_or(u64::MAX);
    let declared = body.size_hint().exact();
    if let Some(length) = declared.filter(|&length| length > limit_u64) {
        // Drain only what a client announced and will send anyway, within reason;
        // a gigantic announcement is answered at once.
        let drained = length <= limit_u64.saturating_mul(2) && drain(&mut body, length).await;
        return Err(BodyError::TooLarge { drained });
    }
    let capacity = declared.map_or(0, |length| usize::try_from(length).unwrap_or(limit));
    let mut buffer = BytesMut::with_capacity(capacity.min(limit));
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| BodyError::Read(e.into()))?;
        if let Some(data) = frame.data_ref() {
            if buffer.len() + data.len() > limit {
                let drained = drain(&mut body, limit_u64).await;
                return Err(BodyError::TooLarge { drained });
            }
            buffer.extend_from_slice(data);
        }
    }
    Ok(buffer.freeze())
}

/// Reads and discards the rest of `body`, up to `budget` bytes and [`DRAIN_TIMEOUT`];
/// `true` when it reached the end.
async fn drain<B: Body<Data = Bytes> + Unpin>(body: &mut B, budget: u64) -> bool {
    let discard = async {
        let mut seen = 0u64;
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else { return false };
            if let Some(data) = frame.data_ref() {
                seen += u64::try_from(data.len()).unwrap_or(u64::MAX);
                if seen > budget {
                    return false;
                }
            }
        }
        true
    };
    tokio::time::timeout(DRAIN_TIMEOUT, discard)
        .await
        .unwrap_or(false)
}
