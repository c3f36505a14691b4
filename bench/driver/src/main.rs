//! The Rust side of `bench/compare.sh`.
//!
//! Each subcommand does one measured thing and prints one JSON object on stdout, so
//! that `bench/compare.py` can run the Rust and Python sides the same way and put
//! their numbers side by side. `serve` is the loopback server both SDKs call.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod calls;
mod codegen;
mod server;
mod sign;
mod stats;

/// The fake credential of Tencent Cloud's public signing documentation, the one the
/// Python side uses too, so that both sides sign the same bytes with the same key.
pub const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
pub const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

#[derive(Parser)]
#[command(name = "bench-driver", about = "Rust side of bench/compare.sh")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Signs the same request N times per round with `sign_tc3`.
    Sign {
        /// The JSON body to sign, sent as is.
        #[arg(long)]
        body: PathBuf,
        #[arg(long, default_value = "scf.tencentcloudapi.com")]
        host: String,
        #[arg(long, default_value_t = 1_700_000_000)]
        timestamp: i64,
        /// Signatures per round.
        #[arg(long, default_value_t = 100_000)]
        n: u32,
        #[arg(long, default_value_t = 5)]
        rounds: u32,
    },
    /// Answers every POST with the TerminateAsyncEvent success envelope.
    Serve {
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: String,
    },
    /// Calls TerminateAsyncEvent N times through the SCF client.
    Calls {
        /// For example `http://127.0.0.1:9000`.
        #[arg(long)]
        endpoint: String,
        #[arg(long, default_value_t = 2000)]
        n: usize,
        #[arg(long, default_value_t = 1)]
        concurrency: usize,
        /// Calls made first and not measured: connections, allocator, caches.
        #[arg(long, default_value_t = 200)]
        warmup: usize,
        /// The event to terminate: any id for the bench server, a running event's
        /// for scf-emulator.
        #[arg(long, default_value = calls::INVOKE_REQUEST_ID)]
        invoke_request_id: String,
        /// Run the calls on a current-thread tokio runtime instead of the
        /// multi-threaded one `#[tokio::main]` gives.
        #[arg(long)]
        current_thread: bool,
    },
    /// Sends a fixed, pre-built request N times over raw keep-alive connections:
    /// what the server can do when the client costs almost nothing.
    Ceiling {
        /// `host:port`.
        #[arg(long)]
        addr: String,
        #[arg(long, default_value_t = 20_000)]
        n: usize,
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
    },
    /// Runs `tencentcloud_codegen::generate` on a spec several times, in process.
    Codegen {
        #[arg(long)]
        spec: PathBuf,
        #[arg(long, default_value_t = 10)]
        runs: u32,
    },
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Sign {
            body,
            host,
            timestamp,
            n,
            rounds,
        } => sign::run(&body, &host, timestamp, n, rounds),
        Command::Serve { listen } => server::run(&listen),
        Command::Calls {
            endpoint,
            n,
            concurrency,
            warmup,
            invoke_request_id,
            current_thread,
        } => calls::run_sdk(
            &endpoint,
            n,
            concurrency,
            warmup,
            &invoke_request_id,
            current_thread,
        ),
        Command::Ceiling {
            addr,
            n,
            concurrency,
        } => calls::run_ceiling(&addr, n, concurrency),
        Command::Codegen { spec, runs } => codegen::run(&spec, runs),
    };
    match result {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench-driver: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What every subcommand returns: its JSON report, or why it could not make one.
pub type Outcome = Result<serde_json::Value, BoxError>;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
