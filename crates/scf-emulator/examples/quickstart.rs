//! The SCF quickstart: create a function, invoke it asynchronously, list its events,
//! terminate the running one, and show its final status.
//!
//! ```text
//! cargo run --example quickstart                       # on a local emulator, no account
//! cargo run --example quickstart -- --endpoint URL     # anywhere; credentials from
//!                                                      # the default chain
//! ```
//!
//! Without `--endpoint` it starts the SCF emulator in this process on a free loopback
//! port and uses its demo credentials. With it, the same calls go to `URL` (e.g.
//! `https://scf.tencentcloudapi.com`) signed with credentials from the default chain
//! (the environment, `~/.tencentcloud/credentials`, tccli's files, the CVM role, TKE's
//! OIDC token), and the function is deleted at the end. With no credentials anywhere it
//! lists what each source tried and exits with status 2.

use std::cell::Cell;

use std::io::Write as _;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tencentcloud_runtime::ProvideCredentials as _;

use base64::Engine as _;
use clap::Parser;
use tencentcloud_scf::operation::create_function::CreateFunctionRequest;
use tencentcloud_scf::operation::delete_function::DeleteFunctionRequest;
use tencentcloud_scf::operation::get_async_event_status::GetAsyncEventStatusRequest;
use tencentcloud_scf::operation::get_function::GetFunctionRequest;
use tencentcloud_scf::operation::invoke::InvokeRequest;
use tencentcloud_scf::operation::list_async_events::ListAsyncEventsRequest;
use tencentcloud_scf::operation::terminate_async_event::TerminateAsyncEventRequest;
use tencentcloud_scf::types::{Code, Environment, Variable};
use tencentcloud_scf::{Client, Config, Credentials};

/// Runs the SCF quickstart on a local emulator, or on --endpoint.
#[derive(Debug, Parser)]
struct Args {
    /// Call this endpoint (e.g. https://scf.tencentcloudapi.com) with the credentials in
    /// TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY instead of a local emulator.
    #[arg(long)]
    endpoint: Option<String>,
    /// Region of the calls.
    #[arg(long, default_value = "ap-guangzhou")]
    region: String,
    /// Namespace to create the function in.
    #[arg(long, default_value = "default")]
    namespace: String,
}

/// How long the function runs: long enough to be terminated while running.
const RUN_SECONDS: u64 = 240;

/// The function's code, for a real endpoint: it sleeps, so it is still running when
/// terminated. (The emulator never runs code; `EMULATOR_DURATION_MS` says the same.)
const HANDLER_PY: &str =
    "import time\n\n\ndef main_handler(event, context):\n    time.sleep(240)\n    return 'done'\n";

type BoxError = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::NoCredentials(e)) => {
            eprintln!("quickstart: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Other(e)) => {
            eprintln!("\nquickstart failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Why the quickstart stopped: no credentials anywhere (exit status 2), or anything
/// else (1).
enum Failure {
    NoCredentials(tencentcloud_scf::CredentialsError),
    Other(BoxError),
}

impl<E: Into<BoxError>> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Other(e.into())
    }
}

async fn run(args: Args) -> Result<(), Failure> {
    let started = Instant::now();
    let mut emulator = None;
    let (endpoint, base) = match &args.endpoint {
        // The credentials are looked for by the first call that needs them.
        Some(endpoint) => (endpoint.clone(), Config::from_env()?.to_builder()),
        None => {
            let config = scf_emulator::server_config()
                .credential(scf_emulator::DEMO_SECRET_ID, scf_emulator::DEMO_SECRET_KEY);
            let server = scf_emulator::start(
                Arc::new(scf_emulator::Emulator::default()),
                config,
                "127.0.0.1:0",
            )
            .await?;
            let endpoint = server.endpoint();
            println!(
                "Started the SCF emulator on {endpoint} (demo credentials, no account needed)"
            );
            emulator = Some(server);
            let credentials =
                Credentials::new(scf_emulator::DEMO_SECRET_ID, scf_emulator::DEMO_SECRET_KEY);
            (endpoint, Config::builder().with_credentials(credentials))
        }
    };
    let config = base
        .with_region(args.region.as_str())
        .with_endpoint(endpoint.as_str())
        .build()?;
    // Found before the first step, so that none is attempted without them.
    if let Some(provider) = config.credentials_provider() {
        provider
            .provide_credentials()
            .await
            .map_err(Failure::NoCredentials)?;
    }
    let client = Client::new(&config)?;
    let quickstart = Quickstart {
        client,
        namespace: args.namespace,
        function: format!("quickstart-{}", &tencentcloud_server::new_request_id()[..8]),
        created: Cell::new(false),
        started,
    };
    println!("Calling SCF at {endpoint}\n");

    let outcome = quickstart.steps().await;
    if outcome.is_err() {
        println!("failed");
    }
    // The function is deleted even when a later step failed, so nothing is left behind.
    let cleanup = if quickstart.created.get() {
        let cleanup = quickstart.delete_function().await;
        if cleanup.is_err() {
            println!("failed");
        }
        cleanup
    } else {
        Ok(())
    };
    if let Some(server) = emulator {
        server.shutdown().await;
    }
    outcome?;
    cleanup?;
    println!("\nDone in {:.2} s.", started.elapsed().as_secs_f64());
    Ok(())
}

struct Quickstart {
    client: Client,
    namespace: String,
    function: String,
    /// Whether the function exists, so that it is deleted at the end.
    created: Cell<bool>,
    started: Instant,
}

impl Quickstart {
    fn step(&self, text: &str) {
        print!(
            "[{:>6.2} s] {text} ... ",
            self.started.elapsed().as_secs_f64()
        );
        let _ = std::io::stdout().flush();
    }

    async fn steps(&self) -> Result<(), BoxError> {
        self.step(&format!(
            "1. CreateFunction {} in namespace {}",
            self.function, self.namespace
        ));
        let variables = [
            ("EMULATOR_DURATION_MS", (RUN_SECONDS * 1000).to_string()),
            ("EMULATOR_RESULT", "\"done\"".to_owned()),
        ]
        .map(|(key, value)| Variable::new().set_key(key).set_value(value));
        let zip = base64::engine::general_purpose::STANDARD
            .encode(stored_zip("index.py", HANDLER_PY.as_bytes()));
        let request = CreateFunctionRequest::new(&self.function, Code::new().set_zip_file(zip))
            .set_namespace(&self.namespace)
            .set_runtime("Python3.9")
            .set_handler("index.main_handler")
            .set_timeout(300)
            .set_async_run_enable("TRUE")
            .set_environment(Environment::new().set_variables(variables));
        let response = self.client.create_function(&request).await?;
        self.created.set(true);
        println!("created (RequestId {})", response.request_id);

        self.step("   waiting for the function to be Active");
        let status = self
            .poll(Duration::from_secs(120), || async {
                let request = GetFunctionRequest::new()
                    .set_function_name(&self.function)
                    .set_namespace(&self.namespace);
                let function = self.client.get_function(&request).await?;
                Ok((function.status != "Creating").then_some(function.status))
            })
            .await?;
        println!("{status}");

        self.step("2. Invoke with InvocationType=Event");
        let request = InvokeRequest::new(&self.function)
            .set_namespace(&self.namespace)
            .set_invocation_type("Event")
            .set_client_context(r#"{"hello": "quickstart"}"#);
        let response = self.client.invoke(&request).await?;
        let event_id = response
            .result
            .map(|r| r.function_request_id)
            .filter(|id| !id.is_empty())
            .ok_or("Invoke returned no FunctionRequestId")?;
        println!("InvokeRequestId {event_id}");

        self.step("3. ListAsyncEvents");
        // A real service may list a new event a moment after the invocation.
        let events = self
            .poll(Duration::from_secs(30), || async {
                let request = ListAsyncEventsRequest::new(&self.function)
                    .set_namespace(&self.namespace)
                    .set_limit(10);
                let events = self.client.list_async_events(&request).await?;
                Ok((!events.event_list.is_empty()).then_some(events))
            })
            .await?;
        println!("{} event(s)", events.total_count);
        println!(
            "             {:<38} {:<9} {:<24} EndTime",
            "InvokeRequestId", "Status", "StartTime"
        );
        for event in &events.event_list {
            println!(
                "             {:<38} {:<9} {:<24} {}",
                event.invoke_request_id, event.status, event.start_time, event.end_time
            );
        }

        self.step(&format!("4. TerminateAsyncEvent {event_id}"));
        let request = TerminateAsyncEventRequest::new(&self.function, &event_id)
            .set_namespace(&self.namespace);
        let response = self.client.terminate_async_event(&request).await?;
        println!("terminated (RequestId {})", response.request_id);

        self.step("5. GetAsyncEventStatus");
        let status = self
            .poll(Duration::from_secs(60), || async {
                let request = GetAsyncEventStatusRequest::new(&event_id);
                let status = self.client.get_async_event_status(&request).await?.result;
                Ok((status.status != "RUNNING").then_some(status))
            })
            .await?;
        println!("{} (StatusCode {})", status.status, status.status_code);
        Ok(())
    }

    async fn delete_function(&self) -> Result<(), BoxError> {
        self.step(&format!("6. DeleteFunction {}", self.function));
        let request = DeleteFunctionRequest::new(&self.function).set_namespace(&self.namespace);
        let response = self.client.delete_function(&request).await?;
        println!("deleted (RequestId {})", response.request_id);
        Ok(())
    }

    /// Calls `check` every half second until it returns a value or `limit` passes.
    async fn poll<T, F, Fut>(&self, limit: Duration, check: F) -> Result<T, BoxError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<Option<T>, BoxError>>,
    {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(value) = check().await? {
                return Ok(value);
            }
            if Instant::now() > deadline {
                return Err(format!("still waiting after {} s", limit.as_secs()).into());
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
}

/// A zip archive holding one file, stored uncompressed: what CreateFunction's
/// `Code.ZipFile` carries, without a zip library.
fn stored_zip(name: &str, data: &[u8]) -> Vec<u8> {
    let crc = crc32(data);
    let size = u32::try_from(data.len()).expect("a small file");
    let name_len = u16::try_from(name.len()).expect("a short name");
    // 1980-01-01 00:00, the earliest DOS date, so the archive is reproducible.
    let (dos_time, dos_date) = (0u16, 0x21u16);
    let mut zip = Vec::new();
    let common = |out: &mut Vec<u8>| {
        for field in [20u16, 0, 0, dos_time, dos_date] {
            out.extend_from_slice(&field.to_le_bytes());
        }
        for field in [crc, size, size] {
            out.extend_from_slice(&field.to_le_bytes());
        }
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
    };
    zip.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    common(&mut zip);
    zip.extend_from_slice(name.as_bytes());
    zip.extend_from_slice(data);

    let directory_offset = u32::try_from(zip.len()).expect("a small archive");
    zip.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    zip.extend_from_slice(&(0x0300u16 | 20).to_le_bytes()); // made by: Unix, zip 2.0
    common(&mut zip);
    for field in [0u16, 0, 0] {
        zip.extend_from_slice(&field.to_le_bytes()); // comment, disk, internal attributes
    }
    zip.extend_from_slice(&(0o100_644u32 << 16).to_le_bytes()); // a regular rw-r--r-- file
    zip.extend_from_slice(&0u32.to_le_bytes()); // the local header's offset
    zip.extend_from_slice(name.as_bytes());
    let directory_size = u32::try_from(zip.len()).expect("a small archive") - directory_offset;

    zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for field in [0u16, 0, 1, 1] {
        zip.extend_from_slice(&field.to_le_bytes());
    }
    zip.extend_from_slice(&directory_size.to_le_bytes());
    zip.extend_from_slice(&directory_offset.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

/// CRC-32 (IEEE), bit by bit: the file is a few hundred bytes.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
