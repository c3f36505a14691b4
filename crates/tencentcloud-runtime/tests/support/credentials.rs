//! Test doubles for the credential provider tests: a routing loopback HTTP
//! server that counts requests, temporary directories, environment lookups
//! and a scripted provider.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tencentcloud_runtime::transport::BoxFuture;
use tencentcloud_runtime::{Credentials, CredentialsError, ProvideCredentials};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use super::{Received, read_request};

/// Distinctive secrets: no output may contain them.
pub const SECRET_KEY: &str = "SECRETKEY-must-not-leak-1";
pub const TOKEN: &str = "SESSIONTOKEN-must-not-leak-2";
pub const TMP_SECRET_KEY: &str = "TMPSECRETKEY-must-not-leak-3";
pub const TMP_TOKEN: &str = "TMPTOKEN-must-not-leak-4";
pub const WEB_IDENTITY_TOKEN: &str = "WEBIDENTITYTOKEN-must-not-leak-5";
pub const ALL_SECRETS: [&str; 5] = [
    SECRET_KEY,
    TOKEN,
    TMP_SECRET_KEY,
    TMP_TOKEN,
    WEB_IDENTITY_TOKEN,
];

/// Panics if `text` contains any of [`ALL_SECRETS`].
#[track_caller]
pub fn assert_no_secret(text: &str) {
    for secret in ALL_SECRETS {
        assert!(!text.contains(secret), "{secret} leaked into: {text}");
    }
}

/// Unix seconds `offset` from now.
pub fn unix_in(offset: i64) -> i64 {
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    now + offset
}

/// A metadata answer for a CAM role, expiring at `expired_time`.
pub fn cvm_credentials_json(expired_time: i64) -> String {
    serde_json::json!({
        "TmpSecretId": "AKIDtmp",
        "TmpSecretKey": TMP_SECRET_KEY,
        "Token": TMP_TOKEN,
        "ExpiredTime": expired_time,
        "Expiration": "2030-01-01T00:00:00Z",
        "Code": "Success",
    })
    .to_string()
}

/// An STS answer with credentials expiring at `expired_time`.
pub fn sts_credentials_json(expired_time: i64) -> String {
    serde_json::json!({
        "Response": {
            "Credentials": {
                "TmpSecretId": "AKIDtmp",
                "TmpSecretKey": TMP_SECRET_KEY,
                "Token": TMP_TOKEN,
            },
            "ExpiredTime": expired_time,
            "Expiration": "2030-01-01T00:00:00Z",
            "RequestId": "req-ok",
        }
    })
    .to_string()
}

/// An environment lookup over fixed pairs.
pub fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + use<> {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// [`env`] over pairs with owned values.
pub fn env_owned(vars: &[(&str, String)]) -> impl Fn(&str) -> Option<String> + Send + Sync + use<> {
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    env(&vars)
}

/// [`env`] with `HOME` at `dir`, and `vars`.
pub fn home_env(
    dir: &TempDir,
    vars: &[(&str, &str)],
) -> impl Fn(&str) -> Option<String> + Send + Sync + use<> {
    let home = dir.home();
    let mut all = vec![("HOME", home.as_str())];
    all.extend_from_slice(vars);
    env(&all)
}

/// Source credentials for `AssumeRole`, with the distinctive key and token.
pub fn source() -> Credentials {
    Credentials::new("AKIDsource", SECRET_KEY).with_token(TOKEN)
}

/// A directory under the system temporary directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let path = std::env::temp_dir().join(format!(
            "tencentcloud-credentials-test-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `contents` at `relative`, creating parent directories.
    pub fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    pub fn home(&self) -> String {
        self.0.to_str().unwrap().to_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// How the server answers one request.
#[derive(Debug, Clone)]
pub enum Reply {
    Respond {
        status: u16,
        body: String,
    },
    /// Waits, then answers.
    Delayed(Duration, Box<Reply>),
    /// Reads the request, then never answers.
    Hang,
}

impl Reply {
    pub fn ok(body: impl Into<String>) -> Self {
        Self::Respond {
            status: 200,
            body: body.into(),
        }
    }

    pub fn status(status: u16, body: impl Into<String>) -> Self {
        Self::Respond {
            status,
            body: body.into(),
        }
    }

    pub fn delayed(self, delay: Duration) -> Self {
        Self::Delayed(delay, Box::new(self))
    }
}

#[derive(Default)]
struct Routes {
    /// Replies per path, used in order; the last one repeats.
    replies: HashMap<String, VecDeque<Reply>>,
    received: Vec<Received>,
}

/// A minimal HTTP/1.1 server on 127.0.0.1 that answers by path, 404 for
/// unknown paths, and records every request. Stops when dropped.
pub struct FakeServer {
    pub addr: SocketAddr,
    routes: Arc<Mutex<Routes>>,
    task: JoinHandle<()>,
}

impl FakeServer {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let routes = Arc::new(Mutex::new(Routes::default()));
        let shared = Arc::clone(&routes);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&shared)));
            }
        });
        Self { addr, routes, task }
    }

    /// Answers `path` with `replies` in order, repeating the last.
    pub fn route(&self, path: &str, replies: impl IntoIterator<Item = Reply>) -> &Self {
        self.routes
            .lock()
            .unwrap()
            .replies
            .insert(path.to_owned(), replies.into_iter().collect());
        self
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.routes.lock().unwrap().received.clone()
    }

    /// How many requests reached `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.received().iter().filter(|r| r.path == path).count()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub const ROLE_LIST: &str = "/latest/meta-data/cam/security-credentials/";

pub fn role_path(role: &str) -> String {
    format!("{ROLE_LIST}{role}")
}

/// A metadata service with role `app-role` attached, answering for its
/// credentials with `replies` in order, the last repeating.
pub async fn metadata_server(replies: impl IntoIterator<Item = Reply>) -> FakeServer {
    let server = FakeServer::start().await;
    server
        .route(ROLE_LIST, [Reply::ok("app-role\n")])
        .route(&role_path("app-role"), replies);
    server
}

/// A metadata service with role `app-role` attached, whose credentials
/// expire at `expired_time`.
pub async fn metadata_with_role(expired_time: i64) -> FakeServer {
    metadata_server([Reply::ok(cvm_credentials_json(expired_time))]).await
}

/// An STS endpoint answering with `replies` in order, the last repeating.
pub async fn sts_server(replies: impl IntoIterator<Item = Reply>) -> FakeServer {
    let server = FakeServer::start().await;
    server.route("/", replies);
    server
}

/// An STS endpoint issuing credentials that expire at `expired_time`.
pub async fn sts_with_credentials(expired_time: i64) -> FakeServer {
    sts_server([Reply::ok(sts_credentials_json(expired_time))]).await
}

async fn serve(mut stream: TcpStream, routes: Arc<Mutex<Routes>>) {
    let Some(received) = read_request(&mut stream).await else {
        return;
    };
    let reply = {
        let mut routes = routes.lock().unwrap();
        let reply = match routes.replies.get_mut(&received.path) {
            Some(queue) if queue.len() > 1 => queue.pop_front(),
            Some(queue) => queue.front().cloned(),
            None => None,
        };
        routes.received.push(received);
        reply.unwrap_or(Reply::status(404, "not found"))
    };
    let mut reply = reply;
    loop {
        match reply {
            Reply::Delayed(delay, inner) => {
                tokio::time::sleep(delay).await;
                reply = *inner;
            }
            Reply::Hang => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            }
            Reply::Respond { status, body } => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(body.as_bytes()).await;
                let _ = stream.shutdown().await;
                return;
            }
        }
    }
}

/// A provider that answers from a script and counts its calls.
#[derive(Debug, Clone)]
pub struct Scripted {
    calls: Arc<AtomicUsize>,
    answers: Arc<Mutex<VecDeque<Result<Credentials, CredentialsError>>>>,
    delay: Duration,
}

impl Scripted {
    /// Answers in order; the last answer repeats.
    pub fn new(answers: impl IntoIterator<Item = Result<Credentials, CredentialsError>>) -> Self {
        Self {
            calls: Arc::new(AtomicUsize::new(0)),
            answers: Arc::new(Mutex::new(answers.into_iter().collect())),
            delay: Duration::ZERO,
        }
    }

    /// Takes `delay` to answer, so that concurrent callers overlap.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl ProvideCredentials for Scripted {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::SeqCst);
            if !self.delay.is_zero() {
                tokio::time::sleep(self.delay).await;
            }
            let mut answers = self.answers.lock().unwrap();
            if answers.len() > 1 {
                answers.pop_front().unwrap()
            } else {
                answers.front().cloned().expect("a scripted answer")
            }
        })
    }
}

/// Temporary credentials with the distinctive secrets, expiring `secs` from
/// now (negative: already expired).
pub fn temporary(id: &str, secs: i64) -> Credentials {
    let expiry = if secs >= 0 {
        SystemTime::now() + Duration::from_secs(secs as u64)
    } else {
        SystemTime::now() - Duration::from_secs((-secs) as u64)
    };
    Credentials::new(id, TMP_SECRET_KEY)
        .with_token(TMP_TOKEN)
        .with_expiry(expiry)
}
