//! Shared test doubles: a loopback HTTP/1.1 server, a canned transport, and
//! a tiny service description with its error-code enum; [`credentials`] has
//! those of the credential provider tests.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tencentcloud_runtime::transport::{BoxFuture, HttpRequest, HttpResponse, HttpTransport};
use tencentcloud_runtime::{
    ActionMeta, Config, ConfigBuilder, Credentials, ErrorCode, RetryConfig, ServiceClient,
    ServiceMeta, TransportError,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub mod credentials;

pub const SECRET_ID: &str = "AKIDtestSECRETID";
pub const SECRET_KEY: &str = "SECRETKEY-DO-NOT-LEAK";
pub const TOKEN: &str = "SESSIONTOKEN-DO-NOT-LEAK";

pub static SCF: ServiceMeta = ServiceMeta {
    name: "scf",
    version: "2018-04-16",
    endpoint: "scf.tencentcloudapi.com",
};

pub static TERMINATE_ASYNC_EVENT: ActionMeta = ActionMeta {
    name: "TerminateAsyncEvent",
    qps_limit: Some(20),
    idempotent: false,
};

/// A read-only action: safe to repeat.
pub static GET_FUNCTION: ActionMeta = ActionMeta {
    name: "GetFunction",
    qps_limit: None,
    idempotent: true,
};

pub const SUCCESS: &str = r#"{"Response":{"RequestId":"ee33c7a2-6d1d-4b3b-9c4e-000000000001"}}"#;

/// Retries with waits of at most a few milliseconds.
pub fn fast_retry() -> RetryConfig {
    RetryConfig::default()
        .with_base_delay(Duration::from_millis(2))
        .with_max_delay(Duration::from_millis(10))
}

/// A builder with credentials and token, a region, no proxy and fast
/// retries, sending to `endpoint`.
pub fn builder_for(endpoint: &str) -> ConfigBuilder {
    Config::builder()
        .with_credentials(credentials())
        .with_region("ap-guangzhou")
        .with_endpoint(endpoint)
        .with_no_proxy()
        .with_retry(fast_retry())
}

pub async fn call_action(client: &ServiceClient, action: &'static ActionMeta) -> CallResult {
    client.call(action, &TerminateRequest::sample()).await
}

/// Stands in for a generated per-action error enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestError {
    ResourceNotFoundFunction,
    InternalError,
    RequestLimitExceeded,
    Unknown { code: String },
}

impl ErrorCode for TestError {
    fn from_code(code: &str) -> Self {
        match code {
            "ResourceNotFound.Function" => Self::ResourceNotFoundFunction,
            "InternalError" => Self::InternalError,
            "RequestLimitExceeded" => Self::RequestLimitExceeded,
            other => Self::Unknown {
                code: other.to_owned(),
            },
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Self::ResourceNotFoundFunction => "ResourceNotFound.Function",
            Self::InternalError => "InternalError",
            Self::RequestLimitExceeded => "RequestLimitExceeded",
            Self::Unknown { code } => code,
        }
    }
}

/// Stands in for a generated request struct.
#[derive(Debug, Serialize)]
pub struct TerminateRequest {
    #[serde(rename = "FunctionName")]
    pub function_name: String,
    #[serde(rename = "InvokeRequestId")]
    pub invoke_request_id: String,
    #[serde(rename = "Namespace", skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

impl TerminateRequest {
    pub fn sample() -> Self {
        Self {
            function_name: "hello-函数".to_owned(),
            invoke_request_id: "invoke-1".to_owned(),
            namespace: Some("default".to_owned()),
        }
    }
}

/// Stands in for a generated response struct, which carries `RequestId`.
#[derive(Debug, PartialEq, Deserialize)]
pub struct TerminateResponse {
    #[serde(rename = "RequestId")]
    pub request_id: String,
}

pub type CallResult = Result<TerminateResponse, tencentcloud_runtime::Error<TestError>>;

pub fn credentials() -> Credentials {
    Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN)
}

/// A client with credentials and token whose endpoint is `endpoint`.
pub fn client_for(endpoint: &str) -> ServiceClient {
    let config = Config::builder()
        .with_credentials(credentials())
        .with_region("ap-guangzhou")
        .with_endpoint(endpoint)
        .build()
        .expect("valid config");
    ServiceClient::new(&SCF, &config).expect("client")
}

pub async fn call(client: &ServiceClient) -> CallResult {
    client
        .call(&TERMINATE_ASYNC_EVENT, &TerminateRequest::sample())
        .await
}

/// What the loopback server received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }
}

/// How the loopback server answers.
#[derive(Debug, Clone)]
pub enum Reply {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Reads the request, then never answers.
    Hang,
    /// Sends the head and part of the body of `status`, announcing
    /// `body.len() + 100` bytes, then resets the connection.
    ResetMidBody { status: u16, body: Vec<u8> },
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Self {
        Self::Respond {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Self::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

/// A minimal HTTP/1.1 server on 127.0.0.1 that records each request and
/// answers the n-th with the n-th [`Reply`], the last one repeating. Stops
/// when dropped.
pub struct TestServer {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: JoinHandle<()>,
}

impl TestServer {
    pub async fn start(reply: Reply) -> Self {
        Self::start_sequence(vec![reply]).await
    }

    pub async fn start_sequence(replies: Vec<Reply>) -> Self {
        assert!(!replies.is_empty());
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        let task = tokio::spawn(async move {
            // Every reply closes its connection, so connections and requests
            // pair up in order.
            let mut index = 0;
            while let Ok((stream, _)) = listener.accept().await {
                let reply = replies[index.min(replies.len() - 1)].clone();
                index += 1;
                tokio::spawn(serve(stream, reply, Arc::clone(&log)));
            }
        });
        Self {
            addr,
            received,
            task,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// How many requests arrived: the attempt count as the server saw it.
    pub fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request (head, then `Content-Length` bytes of body); `None` if
/// the connection ends first or the head passes 1 MiB.
async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if buf.len() > 1 << 20 {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let path = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let body = buf[head_end..head_end + length].to_vec();
    Some(Received {
        method,
        path,
        headers,
        body,
    })
}

/// Reads one request, records it and answers it with `reply`.
async fn serve(mut stream: TcpStream, reply: Reply, log: Arc<Mutex<Vec<Received>>>) {
    let Some(received) = read_request(&mut stream).await else {
        return;
    };
    log.lock().unwrap().push(received);

    match reply {
        Reply::Hang => std::future::pending::<()>().await,
        Reply::ResetMidBody { status, body } => {
            let head = format!(
                "HTTP/1.1 {status} Test\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len() + 100
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.flush().await;
            // Linger zero turns the close into a reset.
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            drop(stream);
        }
        Reply::Respond {
            status,
            headers,
            body,
        } => {
            let mut out = format!("HTTP/1.1 {status} Test\r\n");
            for (name, value) in headers {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
            out.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            ));
            let mut bytes = out.into_bytes();
            bytes.extend_from_slice(&body);
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
    }
}

/// An address on which nothing listens: bound, then released.
pub async fn refused_endpoint() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}")
}

/// A transport that answers every request with the same response and keeps
/// what it was sent.
#[derive(Debug, Clone)]
pub struct Canned {
    response: HttpResponse,
    pub sent: Arc<Mutex<Vec<HttpRequest>>>,
}

impl Canned {
    pub fn new(status: u16, body: impl AsRef<[u8]>) -> Self {
        Self {
            response: HttpResponse::new(status, body.as_ref().to_vec()),
            sent: Arc::default(),
        }
    }
}

impl HttpTransport for Canned {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.sent.lock().unwrap().push(request);
        let response = self.response.clone();
        Box::pin(async move { Ok(response) })
    }
}

/// A client with credentials whose transport answers `status` and `body`.
pub fn canned_client(status: u16, body: impl AsRef<[u8]>) -> (ServiceClient, Canned) {
    let canned = Canned::new(status, body);
    let config = Config::builder()
        .with_credentials(credentials())
        .build()
        .expect("valid config");
    let client = ServiceClient::with_transport(&SCF, &config, canned.clone()).expect("client");
    (client, canned)
}

/// The default transport, counting the attempts it is given: for failures
/// where no server can count, such as a refused connection.
#[derive(Debug, Clone)]
pub struct Counting {
    inner: Arc<tencentcloud_runtime::transport::DefaultTransport>,
    pub attempts: Arc<std::sync::atomic::AtomicUsize>,
}

impl Counting {
    pub fn new(config: &Config) -> Self {
        Self {
            inner: Arc::new(
                tencentcloud_runtime::transport::DefaultTransport::new(
                    &config.transport_settings(),
                )
                .unwrap(),
            ),
            attempts: Arc::default(),
        }
    }

    pub fn count(&self) -> usize {
        self.attempts.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl HttpTransport for Counting {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.attempts
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.inner.send(request)
    }
}

/// An error envelope with `code`.
pub fn error_body(code: &str) -> String {
    format!(
        r#"{{"Response":{{"Error":{{"Code":"{code}","Message":"m"}},"RequestId":"r-{code}"}}}}"#
    )
}
