//! Shared by the `emulator_*` tests: the SCF emulator on loopback (on its own thread
//! and runtime, so a test may block on raw sockets), clients for it, and raw signed
//! requests.

#![allow(dead_code)] // Each test file uses its own part of this module.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use scf_emulator::{Behaviour, Emulator};
use tencentcloud_runtime::signing::{JSON_CONTENT_TYPE, SigningRequest, sign_tc3};
use tencentcloud_runtime::transport::HttpMethod;
use tencentcloud_scf::{Client, Config, Credentials, RetryConfig};
use tencentcloud_server::ServerConfig;

pub const SECRET_ID: &str = "AKIDemulatorTEST";
pub const SECRET_KEY: &str = "emulator-test-secret-key";
pub const VERSION: &str = "2018-04-16";

/// The emulator served on `127.0.0.1:0`; stopped (gracefully) when dropped.
pub struct Emu {
    pub addr: SocketAddr,
    pub emulator: Arc<Emulator>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Emu {
    /// Accepts [`SECRET_ID`]/[`SECRET_KEY`]; invocations run for 50 ms by default, and a
    /// graceful termination takes 300 ms.
    pub fn start() -> Self {
        Self::start_with(|config| config, quick_behaviour())
    }

    /// With `configure` applied to the router configuration, and `behaviour`.
    pub fn start_with(
        configure: impl FnOnce(ServerConfig) -> ServerConfig,
        behaviour: Behaviour,
    ) -> Self {
        let emulator = Arc::new(Emulator::new(behaviour));
        let config = configure(scf_emulator::server_config().credential(SECRET_ID, SECRET_KEY));
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = Arc::clone(&emulator);
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let server = scf_emulator::start(serving, config, "127.0.0.1:0")
                    .await
                    .expect("bind loopback");
                addr_tx
                    .send(server.local_addr())
                    .expect("report the address");
                let _ = stopped.await;
                server.shutdown().await;
            });
        });
        let addr = addr_rx.recv().expect("the server started");
        Emu {
            addr,
            emulator,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The generated client, signing with the test key, with no retries so that
    /// every refusal is seen.
    pub fn client(&self) -> Client {
        self.client_with(|builder| builder)
    }

    pub fn client_with(
        &self,
        configure: impl FnOnce(tencentcloud_scf::ConfigBuilder) -> tencentcloud_scf::ConfigBuilder,
    ) -> Client {
        let builder = Config::builder()
            .with_credentials(Credentials::new(SECRET_ID, SECRET_KEY))
            .with_region("ap-guangzhou")
            .with_endpoint(self.endpoint())
            .with_retry(RetryConfig::disabled());
        Client::new(&configure(builder).build().expect("config")).expect("client")
    }

    /// Stops the server, letting requests in flight finish.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            thread.join().expect("server thread");
        }
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        self.stop();
    }
}

pub fn quick_behaviour() -> Behaviour {
    Behaviour::default()
        .with_default_duration(Duration::from_millis(50))
        .with_grace_period(Duration::from_millis(300))
}

/// A runtime for the client side of a test.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("client runtime")
}

pub fn unix_now() -> i64 {
    tencentcloud_integration_tests::unix_now()
}

/// The headers of a TC3 POST of `body` for `action`, signed with `key` at `timestamp`.
pub fn tc3_headers(
    addr: SocketAddr,
    action: &str,
    body: &[u8],
    timestamp: i64,
    secret_id: &str,
    secret_key: &str,
) -> Vec<(String, String)> {
    let host = addr.to_string();
    let signature = sign_tc3(
        &SigningRequest {
            method: HttpMethod::Post,
            host: &host,
            path: "/",
            query: "",
            content_type: JSON_CONTENT_TYPE,
            payload: body,
            service: "scf",
            timestamp,
        },
        secret_id,
        secret_key,
    );
    [
        ("Host", host.as_str()),
        ("Content-Type", JSON_CONTENT_TYPE),
        ("X-TC-Action", action),
        ("X-TC-Version", VERSION),
        ("X-TC-Timestamp", &timestamp.to_string()),
        ("X-TC-Region", "ap-guangzhou"),
        ("Authorization", &signature.authorization),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// A correctly signed TC3 POST, now.
pub fn signed(addr: SocketAddr, action: &str, body: &str) -> Vec<(String, String)> {
    tc3_headers(
        addr,
        action,
        body.as_bytes(),
        unix_now(),
        SECRET_ID,
        SECRET_KEY,
    )
}

/// Replaces (or adds) header `name`.
pub fn with_header(
    mut headers: Vec<(String, String)>,
    name: &str,
    value: &str,
) -> Vec<(String, String)> {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    headers.push((name.to_owned(), value.to_owned()));
    headers
}

/// Removes header `name`.
pub fn without_header(mut headers: Vec<(String, String)>, name: &str) -> Vec<(String, String)> {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    headers
}

/// A response read off a raw socket.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: serde_json::Value,
}

impl Raw {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `Response.Error.Code`, if an error.
    pub fn code(&self) -> Option<&str> {
        self.body["Response"]["Error"]["Code"].as_str()
    }

    pub fn request_id(&self) -> &str {
        self.body["Response"]["RequestId"]
            .as_str()
            .unwrap_or_else(|| panic!("no RequestId in {}", self.body))
    }

    /// Asserts the response is the error envelope with `code`, HTTP 200 and a RequestId.
    #[track_caller]
    pub fn assert_error(&self, code: &str) {
        assert_eq!(self.status, 200, "{self:?}");
        assert_eq!(self.code(), Some(code), "{}", self.body);
        assert!(
            self.body["Response"]["Error"]["Message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{}",
            self.body
        );
        assert_uuid(self.request_id());
    }
}

#[track_caller]
pub fn assert_uuid(id: &str) {
    let lengths: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(lengths, [8, 4, 4, 4, 12], "{id:?} is not uuid-like");
    assert!(
        id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()),
        "{id:?}"
    );
}

/// Sends `<method> <target> HTTP/1.1` with exactly these headers (plus
/// `Content-Length` unless `Transfer-Encoding` is given, and `Connection: close`) and
/// body, and reads the whole response.
pub fn raw(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Raw {
    let has = |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let mut head = format!("{method} {target} HTTP/1.1\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !has("Host") {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    if !has("Content-Length") && !has("Transfer-Encoding") {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    stream.write_all(head.as_bytes()).expect("send head");
    // A server may answer before the body (an oversized one) and close; that is fine.
    let _ = stream.write_all(body);
    read_response(stream)
}

/// Reads an HTTP/1.1 response with a `Content-Length` body.
pub fn read_response(mut stream: TcpStream) -> Raw {
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let head_end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(&bytes)))
        + 4;
    let head = String::from_utf8_lossy(&bytes[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let body = serde_json::from_slice(&bytes[head_end..]).unwrap_or_else(|e| {
        panic!(
            "the body is not JSON ({e}): {:?}",
            String::from_utf8_lossy(&bytes[head_end..])
        )
    });
    Raw {
        status,
        headers,
        body,
    }
}

/// A signed raw POST of `body` for `action`.
pub fn post(addr: SocketAddr, action: &str, body: &str) -> Raw {
    raw(
        addr,
        "POST",
        "/",
        &signed(addr, action, body),
        body.as_bytes(),
    )
}
