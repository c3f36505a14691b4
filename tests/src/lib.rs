//! Test support for the generated clients: a verifying Tencent Cloud API server on
//! loopback, a raw HTTP/1.1 sender to replay requests, and a runner for the examples.
//!
//! [`VerifyingServer`] does what the real endpoint does before an action runs: it checks
//! the required headers, recomputes the TC3-HMAC-SHA256 signature from the bytes it
//! received and the secret it was configured with, checks the clock skew and the session
//! token, and answers a failed check with the error envelope the service would send.
//! A request that passes gets the programmed [`Reply`]. Every exchange is recorded.
//!
//! The server runs on its own thread and runtime, so a test may block (on a child
//! process, on a raw socket) or run its own runtime without starving it.

pub mod example;

use std::fmt;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::json;
use tencentcloud_runtime::signing::{SigningRequest, Tc3Signature, sign_tc3, utc_date};
use tencentcloud_runtime::transport::HttpMethod;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream as AsyncTcpStream;

/// Secret id the tests sign with.
pub const SECRET_ID: &str = "AKIDintegrationTEST";
/// Secret key the tests sign with; no output may ever contain it.
pub const SECRET_KEY: &str = "SECRET-KEY-MUST-NOT-LEAK";
/// Session token the tests send; no output may ever contain it.
pub const TOKEN: &str = "SESSION-TOKEN-MUST-NOT-LEAK";

/// How far `X-TC-Timestamp` may be from the server's clock, as on the real service.
pub const DEFAULT_MAX_CLOCK_SKEW: Duration = Duration::from_secs(300);

/// Largest request head or body the server reads; anything larger is a client bug.
const MAX_REQUEST_BYTES: usize = 1 << 20;

/// Headers every API 3.0 request carries.
const REQUIRED_HEADERS: [&str; 5] = [
    "Host",
    "Content-Type",
    "X-TC-Action",
    "X-TC-Version",
    "X-TC-Timestamp",
];

/// What the server checks requests against and how it answers the ones that pass.
#[derive(Clone)]
pub struct ServerConfig {
    secret_id: String,
    secret_key: String,
    token: Option<String>,
    service: String,
    max_clock_skew: Option<Duration>,
    reply: Reply,
}

impl ServerConfig {
    /// Accepts requests signed by this key pair for service `scf`, without a session
    /// token, within [`DEFAULT_MAX_CLOCK_SKEW`], and answers them with
    /// [`Reply::success`].
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            secret_id: secret_id.into(),
            secret_key: secret_key.into(),
            token: None,
            service: "scf".to_owned(),
            max_clock_skew: Some(DEFAULT_MAX_CLOCK_SKEW),
            reply: Reply::success(),
        }
    }

    /// The key pair of [`SECRET_ID`] and [`SECRET_KEY`].
    pub fn test_keys() -> Self {
        Self::new(SECRET_ID, SECRET_KEY)
    }

    /// Requires `X-TC-Token` to be this token. Without it, a request carrying a token
    /// is rejected, as the service rejects a token that does not belong to the key.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The service name expected in the credential scope.
    pub fn service(mut self, service: impl Into<String>) -> Self {
        self.service = service.into();
        self
    }

    /// The largest accepted distance between `X-TC-Timestamp` and now; `None` accepts
    /// any timestamp, to replay recorded requests.
    pub fn with_max_clock_skew(mut self, skew: Option<Duration>) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// The answer to requests that pass every check.
    pub fn reply(mut self, reply: Reply) -> Self {
        self.reply = reply;
        self
    }

    /// Checks `request` as the service would at unix time `now`.
    pub fn verify(&self, request: &ReceivedRequest, now: i64) -> Check {
        let mut recomputed = None;
        let verdict = match self.check(request, now, &mut recomputed) {
            Ok(()) => Verdict::Accepted,
            Err((code, message)) => Verdict::Rejected { code, message },
        };
        Check {
            recomputed,
            verdict,
        }
    }

    fn check(
        &self,
        request: &ReceivedRequest,
        now: i64,
        recomputed: &mut Option<Tc3Signature>,
    ) -> Result<(), (&'static str, String)> {
        let (method, query) = match (request.method.as_str(), request.target.as_str()) {
            ("POST", "/") => (HttpMethod::Post, ""),
            ("GET", target) if target == "/" || target.starts_with("/?") => {
                (HttpMethod::Get, target.get(2..).unwrap_or(""))
            }
            (method, target) => {
                return Err((
                    "UnsupportedProtocol",
                    format!("{method} {target} is not an API 3.0 request"),
                ));
            }
        };
        for name in REQUIRED_HEADERS {
            match request.header_values(name).count() {
                1 => {}
                0 => return Err(("MissingParameter", format!("the {name} header is missing"))),
                _ => return Err(("InvalidParameter", format!("the {name} header is repeated"))),
            }
        }
        let header = |name| request.header(name).unwrap_or_default();

        let authorization = request.header("Authorization").ok_or((
            "AuthFailure.InvalidAuthorization",
            "the Authorization header is missing".to_owned(),
        ))?;
        let auth = ParsedAuthorization::parse(authorization).ok_or((
            "AuthFailure.InvalidAuthorization",
            "the Authorization header is not TC3-HMAC-SHA256 Credential=..., SignedHeaders=content-type;host, Signature=...".to_owned(),
        ))?;
        if auth.secret_id != self.secret_id {
            return Err((
                "AuthFailure.SecretIdNotFound",
                "the SecretId is not found".to_owned(),
            ));
        }

        let timestamp: i64 = header("X-TC-Timestamp").parse().map_err(|_| {
            (
                "InvalidParameter",
                "X-TC-Timestamp is not an integer".to_owned(),
            )
        })?;
        if let Some(skew) = self.max_clock_skew {
            let distance = now.abs_diff(timestamp);
            if distance > skew.as_secs() {
                return Err((
                    "AuthFailure.SignatureExpire",
                    format!("the timestamp is {distance} s away from the server clock"),
                ));
            }
        }
        if auth.date != utc_date(timestamp) || auth.service != self.service {
            return Err((
                "AuthFailure.InvalidAuthorization",
                format!(
                    "the credential scope {}/{} does not match the timestamp's date and service {}",
                    auth.date, auth.service, self.service
                ),
            ));
        }

        let signature = recomputed.insert(sign_tc3(
            &SigningRequest {
                method,
                host: header("Host"),
                path: "/",
                query,
                content_type: header("Content-Type"),
                payload: &request.body,
                service: &self.service,
                timestamp,
            },
            &self.secret_id,
            &self.secret_key,
        ));
        if auth.signature != signature.signature {
            return Err((
                "AuthFailure.SignatureFailure",
                "the provided credentials could not be validated; check the SecretKey and the signing steps".to_owned(),
            ));
        }
        // A matching signature in an otherwise reformatted header still means the
        // client does not write the header as the official SDK does.
        if authorization != signature.authorization {
            return Err((
                "AuthFailure.InvalidAuthorization",
                "the Authorization header is not formatted as the official SDK formats it"
                    .to_owned(),
            ));
        }

        match (self.token.as_deref(), request.header("X-TC-Token")) {
            (None, None) => {}
            (Some(expected), Some(sent)) if expected == sent => {}
            _ => {
                return Err((
                    "AuthFailure.TokenFailure",
                    "the session token is missing, unexpected or wrong".to_owned(),
                ));
            }
        }

        if method == HttpMethod::Post && !request.json().is_some_and(|body| body.is_object()) {
            return Err((
                "InvalidRequest",
                "the request body is not a JSON object".to_owned(),
            ));
        }
        Ok(())
    }
}

impl fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Printing the key would make a leak check on test output meaningless.
        f.debug_struct("ServerConfig")
            .field("secret_id", &self.secret_id)
            .field("service", &self.service)
            .field("max_clock_skew", &self.max_clock_skew)
            .field("reply", &self.reply)
            .finish_non_exhaustive()
    }
}

/// The parts of `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request,
/// SignedHeaders=content-type;host, Signature=<hex>`.
struct ParsedAuthorization<'a> {
    secret_id: &'a str,
    date: &'a str,
    service: &'a str,
    signature: &'a str,
}

impl<'a> ParsedAuthorization<'a> {
    fn parse(value: &'a str) -> Option<Self> {
        let rest = value.strip_prefix("TC3-HMAC-SHA256 ")?;
        let mut credential = None;
        let mut signed_headers = None;
        let mut signature = None;
        for part in rest.split(',') {
            let (name, value) = part.trim().split_once('=')?;
            let slot = match name {
                "Credential" => &mut credential,
                "SignedHeaders" => &mut signed_headers,
                "Signature" => &mut signature,
                _ => return None,
            };
            if slot.replace(value).is_some() {
                return None;
            }
        }
        // Only what the official SDK signs is supported; anything else is a client bug.
        if signed_headers? != "content-type;host" {
            return None;
        }
        let mut scope = credential?.split('/');
        let parsed = Self {
            secret_id: scope.next()?,
            date: scope.next()?,
            service: scope.next()?,
            signature: signature?,
        };
        (scope.next()? == "tc3_request" && scope.next().is_none()).then_some(parsed)
    }
}

/// How the server answers a request that passes every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// `{"Response": {"RequestId": <id>}}`.
    Success,
    /// `{"Response": {"Error": {"Code": <code>, "Message": <message>}, "RequestId": <id>}}`,
    /// with status 200 as the service sends it.
    Error { code: String, message: String },
    /// `{"Response": <fields>}` with the server's `RequestId` added: an action's result.
    Result(serde_json::Map<String, serde_json::Value>),
    /// Anything that is not an envelope, for example a proxy's page.
    Raw {
        status: u16,
        content_type: String,
        body: Vec<u8>,
    },
}

impl Reply {
    /// A success envelope.
    pub fn success() -> Self {
        Self::Success
    }

    /// An error envelope with `code` and `message`.
    pub fn error(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Error {
            code: code.into(),
            message: message.into(),
        }
    }

    /// A success envelope carrying `fields` (a JSON object) besides the RequestId.
    pub fn result(fields: serde_json::Value) -> Self {
        match fields {
            serde_json::Value::Object(map) => Self::Result(map),
            other => panic!("Reply::result takes a JSON object, not {other}"),
        }
    }

    /// A response of `status` with `body` as it is.
    pub fn raw(status: u16, content_type: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        Self::Raw {
            status,
            content_type: content_type.into(),
            body: body.into(),
        }
    }
}

/// A request as the server read it off the socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedRequest {
    pub method: String,
    /// The request target, for example `/`.
    pub target: String,
    /// Names as sent, values without surrounding whitespace, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl ReceivedRequest {
    /// The first value of header `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.header_values(name).next()
    }

    /// Every value of header `name`, compared case-insensitively.
    pub fn header_values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// The outcome of checking one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The signature the server computed from the request, once the checks got that
    /// far; its steps show where a client diverged.
    pub recomputed: Option<Tc3Signature>,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    /// Answered with this error code and message.
    Rejected {
        code: &'static str,
        message: String,
    },
}

/// One request and the server's answer.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub request: ReceivedRequest,
    pub check: Check,
    /// The RequestId the server put in its envelope.
    pub request_id: String,
    pub status: u16,
    pub response_body: Vec<u8>,
}

struct State {
    config: Mutex<ServerConfig>,
    /// Answers used, in order, before the configured reply.
    queued: Mutex<std::collections::VecDeque<Reply>>,
    exchanges: Mutex<Vec<Exchange>>,
    next_request: AtomicU64,
}

impl State {
    fn next_request_id(&self, port: u16) -> String {
        let n = self.next_request.fetch_add(1, Ordering::Relaxed);
        format!("{port:08x}-7e57-4000-8000-{n:012x}")
    }
}

/// A loopback HTTP/1.1 server that verifies requests as Tencent Cloud does. Stops when
/// dropped.
pub struct VerifyingServer {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl VerifyingServer {
    /// Binds `127.0.0.1` on a free port and starts serving.
    pub fn start(config: ServerConfig) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(State {
            config: Mutex::new(config),
            queued: Mutex::new(std::collections::VecDeque::new()),
            exchanges: Mutex::new(Vec::new()),
            next_request: AtomicU64::new(1),
        });
        let (shutdown, stopped) = tokio::sync::oneshot::channel();
        let serving = Arc::clone(&state);
        let thread = std::thread::Builder::new()
            .name(format!("verifying-server-{}", addr.port()))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("server runtime");
                runtime.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                    tokio::select! {
                        _ = stopped => {}
                        () = accept_loop(listener, serving, addr.port()) => {}
                    }
                });
            })
            .expect("spawn server thread");
        Self {
            addr,
            state,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `host:port`, what a client must send as `Host`.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// `http://host:port`, for an endpoint override.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Changes the answer to requests that pass.
    pub fn set_reply(&self, reply: Reply) {
        lock(&self.state.config).reply = reply;
    }

    /// Answers the next requests that pass with `replies`, in order, then goes back to
    /// the configured reply.
    pub fn queue_replies(&self, replies: impl IntoIterator<Item = Reply>) {
        lock(&self.state.queued).extend(replies);
    }

    /// Every exchange so far, oldest first.
    pub fn exchanges(&self) -> Vec<Exchange> {
        lock(&self.state.exchanges).clone()
    }

    /// The only exchange so far; panics if there were none or several.
    pub fn single_exchange(&self) -> Exchange {
        let mut exchanges = self.exchanges();
        assert_eq!(
            exchanges.len(),
            1,
            "expected one request, got {exchanges:#?}"
        );
        exchanges.remove(0)
    }
}

impl Drop for VerifyingServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A poisoned lock only means another test thread panicked; the data is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn accept_loop(listener: tokio::net::TcpListener, state: Arc<State>, port: u16) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(serve(stream, Arc::clone(&state), port));
    }
}

/// Serves one request per connection and closes it, which every HTTP/1.1 client
/// handles and keeps the parser small.
async fn serve(mut stream: AsyncTcpStream, state: Arc<State>, port: u16) {
    let request = match read_request(&mut stream).await {
        Ok(request) => request,
        Err(reason) => {
            let _ = write_response(&mut stream, 400, "text/plain", reason.as_bytes()).await;
            return;
        }
    };
    let config = lock(&state.config).clone();
    let check = config.verify(&request, unix_now());
    let request_id = state.next_request_id(port);
    let reply = match check.verdict {
        Verdict::Accepted => lock(&state.queued).pop_front(),
        Verdict::Rejected { .. } => None,
    }
    .unwrap_or(config.reply);
    let (status, content_type, body) = match (&check.verdict, &reply) {
        (Verdict::Rejected { code, message }, _) => {
            json_reply(&error_envelope(code, message, &request_id))
        }
        (Verdict::Accepted, Reply::Error { code, message }) => {
            json_reply(&error_envelope(code, message, &request_id))
        }
        (Verdict::Accepted, Reply::Success) => {
            json_reply(&json!({"Response": {"RequestId": request_id}}))
        }
        (Verdict::Accepted, Reply::Result(fields)) => {
            let mut response = fields.clone();
            response.insert("RequestId".to_owned(), json!(request_id));
            json_reply(&json!({ "Response": response }))
        }
        (
            Verdict::Accepted,
            Reply::Raw {
                status,
                content_type,
                body,
            },
        ) => (*status, content_type.clone(), body.clone()),
    };
    lock(&state.exchanges).push(Exchange {
        request,
        check,
        request_id,
        status,
        response_body: body.clone(),
    });
    let _ = write_response(&mut stream, status, &content_type, &body).await;
}

fn error_envelope(code: &str, message: &str, request_id: &str) -> serde_json::Value {
    json!({"Response": {
        "Error": {"Code": code, "Message": message},
        "RequestId": request_id,
    }})
}

/// Errors come with status 200, as the service sends them.
fn json_reply(envelope: &serde_json::Value) -> (u16, String, Vec<u8>) {
    (
        200,
        "application/json".to_owned(),
        envelope.to_string().into_bytes(),
    )
}

async fn read_request(stream: &mut AsyncTcpStream) -> Result<ReceivedRequest, String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_len = loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if buf.len() > MAX_REQUEST_BYTES {
            return Err("request head too large".to_owned());
        }
        match stream.read(&mut chunk).await {
            Ok(0) => return Err("connection closed before the end of the head".to_owned()),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) => return Err(e.to_string()),
        }
    };
    let head = std::str::from_utf8(&buf[..head_len - 4])
        .map_err(|_| "request head is not UTF-8".to_owned())?;
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some("HTTP/1.1"), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("not an HTTP/1.1 request line: {request_line:?}"));
    };
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("malformed header line {line:?}"))?;
        headers.push((name.to_owned(), value.trim_matches([' ', '\t']).to_owned()));
    }
    let mut request = ReceivedRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: Vec::new(),
    };
    if request.header("Transfer-Encoding").is_some() {
        return Err("Transfer-Encoding is not supported; send Content-Length".to_owned());
    }
    let length: usize = match request.header("Content-Length") {
        None => 0,
        Some(value) => value
            .parse()
            .map_err(|_| format!("invalid Content-Length {value:?}"))?,
    };
    if length > MAX_REQUEST_BYTES {
        return Err("request body too large".to_owned());
    }
    let mut body = buf.split_off(head_len);
    while body.len() < length {
        match stream.read(&mut chunk).await {
            Ok(0) => return Err("connection closed before the end of the body".to_owned()),
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) => return Err(e.to_string()),
        }
    }
    body.truncate(length);
    request.body = body;
    Ok(request)
}

async fn write_response(
    stream: &mut AsyncTcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reason_phrase(status),
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    stream.shutdown().await
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        502 => "Bad Gateway",
        _ => "Status",
    }
}

/// Current unix time in seconds.
pub fn unix_now() -> i64 {
    let elapsed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970");
    i64::try_from(elapsed.as_secs()).expect("seconds fit i64")
}

/// A response read by [`send_raw`].
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Sends `POST /` with exactly these headers (plus `Content-Length` and
/// `Connection: close` when absent) and body, and reads the whole response: a request
/// byte for byte as another client sent it, which no HTTP client library would leave
/// untouched.
pub fn send_raw(addr: SocketAddr, headers: &[(String, String)], body: &[u8]) -> RawResponse {
    let has = |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let mut request = "POST / HTTP/1.1\r\n".to_owned();
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !has("Content-Length") {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    if !has("Connection") {
        request.push_str("Connection: close\r\n");
    }
    request.push_str("\r\n");

    let mut stream = TcpStream::connect(addr).expect("connect to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("read timeout");
    stream.write_all(request.as_bytes()).expect("send head");
    stream.write_all(body).expect("send body");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read response");

    let head_len = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response has a head")
        + 4;
    let status_line = String::from_utf8_lossy(&response[..head_len]);
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line in {status_line:?}"));
    RawResponse {
        status,
        body: response.split_off(head_len),
    }
}
