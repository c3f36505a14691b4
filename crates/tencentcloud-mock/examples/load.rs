//! Requests per second, in one run: `tencentcloud-mock` (every service version of
//! `spec/` loaded) answering CVM `DescribeRegions`, beside `scf-emulator` answering
//! `TerminateAsyncEvent`, both with signature checks. Rounds alternate between the two
//! servers so that a noisy machine affects both alike; the median of each is printed,
//! and their ratio.
//!
//! Each connection sends one request signed once (valid for the five minutes of
//! allowed clock skew; the server checks the signature of every request) over HTTP/1.1
//! keep-alive, so that the client's own signing does not take the cores the servers
//! are measured on.
//!
//! ```text
//! cargo run --release -p tencentcloud-mock --example load [-- SECONDS_PER_ROUND ROUNDS]
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tencentcloud_mock::{Catalog, Mock};
use tencentcloud_runtime::signing::{SigningRequest, sign_tc3};
use tencentcloud_runtime::transport::HttpMethod;
use tencentcloud_server::ServerConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SECRET_ID: &str = "AKIDloadTEST";
const SECRET_KEY: &str = "load-test-key";
const CONNECTIONS: usize = 16;

fn signed_request(
    addr: SocketAddr,
    service: &str,
    version: &str,
    action: &str,
    body: &str,
) -> Vec<u8> {
    let host = addr.to_string();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64;
    let signature = sign_tc3(
        &SigningRequest {
            method: HttpMethod::Post,
            host: &host,
            path: "/",
            query: "",
            content_type: "application/json",
            payload: body.as_bytes(),
            service,
            timestamp: now,
        },
        SECRET_ID,
        SECRET_KEY,
    );
    format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nX-TC-Action: {action}\r\n\
         X-TC-Version: {version}\r\nX-TC-Timestamp: {now}\r\nX-TC-Region: ap-guangzhou\r\n\
         Authorization: {}\r\nContent-Length: {}\r\n\r\n{body}",
        signature.authorization,
        body.len()
    )
    .into_bytes()
}

/// Sends `request` again and again on one connection until `stop`; counts answers
/// whose body has `expect`.
async fn connection(
    addr: SocketAddr,
    request: Arc<Vec<u8>>,
    expect: &'static str,
    stop: Arc<AtomicBool>,
    done: Arc<AtomicU64>,
) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let mut buffer = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    while !stop.load(Ordering::Relaxed) {
        stream.write_all(&request).await.expect("send");
        buffer.clear();
        // Read the head, then Content-Length bytes of body.
        let (head_end, length) = loop {
            let n = stream.read(&mut chunk).await.expect("read");
            assert!(n > 0, "the server closed the connection");
            buffer.extend_from_slice(&chunk[..n]);
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length: "))
                    .and_then(|v| v.trim().parse().ok())
                    .expect("a Content-Length");
                break (end + 4, length);
            }
        };
        while buffer.len() < head_end + length {
            let n = stream.read(&mut chunk).await.expect("read");
            assert!(n > 0, "the server closed the connection");
            buffer.extend_from_slice(&chunk[..n]);
        }
        let body = String::from_utf8_lossy(&buffer[head_end..head_end + length]);
        assert!(body.contains(expect), "unexpected answer: {body}");
        done.fetch_add(1, Ordering::Relaxed);
    }
}

async fn round(addr: SocketAddr, request: Arc<Vec<u8>>, expect: &'static str, seconds: f64) -> f64 {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            tokio::spawn(connection(
                addr,
                Arc::clone(&request),
                expect,
                Arc::clone(&stop),
                Arc::clone(&done),
            ))
        })
        .collect();
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let elapsed = started.elapsed().as_secs_f64();
    let count = done.load(Ordering::Relaxed);
    for task in tasks {
        task.await.expect("a connection task");
    }
    count as f64 / elapsed
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: f64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let rounds: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);

    let specs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec");
    let catalog = Catalog::load_dir(&specs, None).expect("the specs load");
    let versions = catalog.len();
    let config = || {
        ServerConfig::any_service()
            .credential(SECRET_ID, SECRET_KEY)
            .with_rate_limits(false)
    };
    let mock = Mock::new(catalog)
        .bind(config(), "127.0.0.1:0")
        .await
        .expect("bind");
    let emulator_config = scf_emulator::server_config()
        .credential(SECRET_ID, SECRET_KEY)
        .with_rate_limits(false);
    let emulator = scf_emulator::start(
        Arc::new(scf_emulator::Emulator::default()),
        emulator_config,
        "127.0.0.1:0",
    )
    .await
    .expect("bind");

    let describe = Arc::new(signed_request(
        mock.local_addr(),
        "cvm",
        "2017-03-12",
        "DescribeRegions",
        "{}",
    ));
    // An event of a function that does not exist: decoded, looked up and refused by the
    // emulator's own state, the whole request path.
    let terminate = Arc::new(signed_request(
        emulator.local_addr(),
        "scf",
        "2018-04-16",
        "TerminateAsyncEvent",
        r#"{"FunctionName":"bench","InvokeRequestId":"e2f7bc3f-2a3e-4a1b-9c7d-000000000000"}"#,
    ));

    println!(
        "{versions} service versions loaded; {CONNECTIONS} connections, {rounds} rounds of {seconds} s each"
    );
    let (mut mock_rates, mut emulator_rates) = (Vec::new(), Vec::new());
    for i in 0..rounds {
        let m = round(
            mock.local_addr(),
            Arc::clone(&describe),
            "RegionSet",
            seconds,
        )
        .await;
        let e = round(
            emulator.local_addr(),
            Arc::clone(&terminate),
            "RequestId",
            seconds,
        )
        .await;
        println!(
            "round {}: mock cvm DescribeRegions {m:.0} req/s, scf-emulator TerminateAsyncEvent {e:.0} req/s",
            i + 1
        );
        mock_rates.push(m);
        emulator_rates.push(e);
    }
    let (m, e) = (median(mock_rates), median(emulator_rates));
    println!(
        "median: mock {m:.0} req/s, scf-emulator {e:.0} req/s, ratio {:.2}",
        m / e
    );
}
