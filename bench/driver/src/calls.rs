//! `calls` (the SCF client against the loopback server) and `ceiling` (the same
//! server driven by a client that does next to nothing).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use tencentcloud_runtime::RetryConfig;
use tencentcloud_scf::operation::terminate_async_event::TerminateAsyncEventRequest;
use tencentcloud_scf::{Client, Config, Credentials};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::stats::percentile;
use crate::{BoxError, Outcome, SECRET_ID, SECRET_KEY, server};

/// The request the Python side sends too.
pub const FUNCTION_NAME: &str = "helloworld";
pub const INVOKE_REQUEST_ID: &str = "b379787f-8487-4bac-bd8c-17a20a9ce40e";

pub fn run_sdk(
    endpoint: &str,
    n: usize,
    concurrency: usize,
    warmup: usize,
    invoke_request_id: &str,
    current_thread: bool,
) -> Outcome {
    // By default what `#[tokio::main]` gives an application: one worker per core.
    let runtime = if current_thread {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    }
    .enable_all()
    .build()?;
    let config = Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .with_region("ap-guangzhou")
        .with_endpoint(endpoint)
        // The Python SDK does not retry unless told to; neither may we, or an error
        // would be timed as a slow success.
        .with_retry(RetryConfig::disabled())
        .build()?;
    let client = Client::new(&config)?;
    let request = Arc::new(
        TerminateAsyncEventRequest::new(FUNCTION_NAME, invoke_request_id)
            .set_namespace("default")
            .set_grace_shutdown(true),
    );
    let call = move |_task: usize| {
        let client = client.clone();
        let request = Arc::clone(&request);
        move || {
            let client = client.clone();
            let request = Arc::clone(&request);
            async move {
                client
                    .terminate_async_event(&request)
                    .await
                    .map(drop)
                    .map_err(BoxError::from)
            }
        }
    };
    runtime.block_on(measure(n, concurrency, warmup, call))
}

pub fn run_ceiling(addr: &str, n: usize, concurrency: usize) -> Outcome {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let request: Arc<[u8]> = raw_request(addr).into();
    let addr = addr.to_owned();
    runtime.block_on(async move {
        let mut streams = Vec::new();
        for _ in 0..concurrency.max(1) {
            let stream = TcpStream::connect(&addr).await?;
            stream.set_nodelay(true)?;
            streams.push(Arc::new(tokio::sync::Mutex::new(stream)));
        }
        // Each task owns one connection, as a pooled client's task would.
        let call = move |task: usize| {
            let stream = Arc::clone(&streams[task]);
            let request = Arc::clone(&request);
            move || {
                let stream = Arc::clone(&stream);
                let request = Arc::clone(&request);
                async move {
                    let mut stream = stream.lock().await;
                    round_trip(&mut stream, &request).await
                }
            }
        };
        measure(n, concurrency, n / 10, call).await
    })
}

/// Runs `warmup` then `n` calls spread over `concurrency` tasks, each task calling
/// in a loop, and reports throughput and latency percentiles of the `n`.
async fn measure<M, F, Fut>(n: usize, concurrency: usize, warmup: usize, make: M) -> Outcome
where
    M: Fn(usize) -> F,
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), BoxError>> + Send,
{
    let concurrency = concurrency.max(1);
    let calls: Vec<Arc<F>> = (0..concurrency).map(|task| Arc::new(make(task))).collect();
    run_tasks(&calls, warmup).await?;
    let started = Instant::now();
    let mut latencies = run_tasks(&calls, n).await?;
    let wall = started.elapsed();
    latencies.sort_unstable();
    let us = |ns: u64| Duration::from_nanos(ns).as_secs_f64() * 1e6;
    Ok(json!({
        "side": "rust",
        "n": n,
        "concurrency": concurrency,
        "wall_s": wall.as_secs_f64(),
        "throughput": n as f64 / wall.as_secs_f64(),
        "p50_us": us(percentile(&latencies, 50.0)),
        "p99_us": us(percentile(&latencies, 99.0)),
    }))
}

/// Runs `total` calls over the tasks; returns each call's latency in nanoseconds.
async fn run_tasks<F, Fut>(calls: &[Arc<F>], total: usize) -> Result<Vec<u64>, BoxError>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), BoxError>> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for call in calls {
        let call = Arc::clone(call);
        let next = Arc::clone(&next);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(total / 4 + 1);
            while next.fetch_add(1, Ordering::Relaxed) < total {
                let started = Instant::now();
                call().await?;
                latencies.push(started.elapsed().as_nanos() as u64);
            }
            Ok::<_, BoxError>(latencies)
        }));
    }
    let mut all = Vec::with_capacity(total);
    for task in tasks {
        all.extend(task.await??);
    }
    Ok(all)
}

/// A request of the size and shape the SDKs send (headers of a signed
/// TerminateAsyncEvent), built once.
fn raw_request(addr: &str) -> Vec<u8> {
    let body = format!(
        r#"{{"FunctionName":"{FUNCTION_NAME}","InvokeRequestId":"{INVOKE_REQUEST_ID}","Namespace":"default","GraceShutdown":true}}"#
    );
    format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         X-TC-Action: TerminateAsyncEvent\r\nX-TC-RequestClient: SDK_RUST_0.1.0\r\n\
         X-TC-Timestamp: 1700000000\r\nX-TC-Version: 2018-04-16\r\nX-TC-Region: ap-guangzhou\r\n\
         Authorization: TC3-HMAC-SHA256 Credential={SECRET_ID}/2023-11-14/scf/tc3_request, \
         SignedHeaders=content-type;host, Signature={}\r\n\
         Content-Length: {}\r\n\r\n{body}",
        "0".repeat(64),
        body.len()
    )
    .into_bytes()
}

async fn round_trip(stream: &mut TcpStream, request: &[u8]) -> Result<(), BoxError> {
    stream.write_all(request).await?;
    let mut buf = Vec::with_capacity(512);
    let mut chunk = [0u8; 4096];
    loop {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Err("the server closed the connection".into());
        }
        buf.extend_from_slice(&chunk[..read]);
        if server::message_len(&buf).is_some() {
            return Ok(());
        }
    }
}
