//! `scf-emulator`: serves the SCF emulator until interrupted.
//!
//! ```text
//! cargo run --bin scf-emulator -- --listen 127.0.0.1:9000 --secret-id ID --secret-key KEY
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use scf_emulator::{Behaviour, DEMO_SECRET_ID, DEMO_SECRET_KEY, Emulator};

/// A local Tencent Cloud SCF (2018-04-16) endpoint: namespaces, functions, invocations
/// and async events in memory, behind real signature checks. Code is never run: the
/// function's EMULATOR_DURATION_MS, EMULATOR_RESULT and EMULATOR_FAIL environment
/// variables (or the defaults below) decide what an invocation does.
#[derive(Debug, Parser)]
#[command(name = "scf-emulator", version)]
struct Args {
    /// Address to listen on; port 0 picks a free one (printed at start).
    #[arg(long, default_value = "127.0.0.1:9000")]
    listen: SocketAddr,
    /// SecretId to accept; without it (and --secret-key) the demo credentials are.
    #[arg(long, requires = "secret_key")]
    secret_id: Option<String>,
    /// SecretKey of --secret-id.
    #[arg(long, requires = "secret_id")]
    secret_key: Option<String>,
    /// Session token that requests with --secret-id must carry.
    #[arg(long, requires = "secret_id")]
    token: Option<String>,
    /// How long an invocation runs unless its function sets EMULATOR_DURATION_MS.
    #[arg(long, default_value_t = 1000)]
    default_duration_ms: u64,
    /// What an invocation returns unless its function sets EMULATOR_RESULT.
    #[arg(long, default_value = "\"hello from the SCF emulator\"")]
    default_result: String,
    /// How long a TerminateAsyncEvent with GraceShutdown=true takes to take effect.
    #[arg(long, default_value_t = 500)]
    grace_period_ms: u64,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    max_body_bytes: usize,
    /// Do not enforce the actions' documented QPS limits.
    #[arg(long)]
    no_rate_limits: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let behaviour = Behaviour::default()
        .with_default_duration(Duration::from_millis(args.default_duration_ms))
        .with_default_result(args.default_result)
        .with_grace_period(Duration::from_millis(args.grace_period_ms));
    let mut config = scf_emulator::server_config()
        .with_max_body_bytes(args.max_body_bytes)
        .with_rate_limits(!args.no_rate_limits);
    let demo = args.secret_id.is_none();
    config = match (args.secret_id, args.secret_key, args.token) {
        (Some(id), Some(key), Some(token)) => config.credential_with_token(id, key, token),
        (Some(id), Some(key), None) => config.credential(id, key),
        _ => config.credential(DEMO_SECRET_ID, DEMO_SECRET_KEY),
    };

    let mut server =
        match scf_emulator::start(Arc::new(Emulator::new(behaviour)), config, args.listen).await {
            Ok(server) => server,
            Err(e) => {
                eprintln!("scf-emulator: cannot listen on {}: {e}", args.listen);
                return ExitCode::FAILURE;
            }
        };
    // Scripts read the address from this first line.
    println!("scf-emulator listening on {}", server.endpoint());
    if demo {
        println!("No --secret-id/--secret-key given; accepting the demo credentials:");
        println!("  TENCENTCLOUD_SECRET_ID={DEMO_SECRET_ID}");
        println!("  TENCENTCLOUD_SECRET_KEY={DEMO_SECRET_KEY}");
    }
    println!("Press Ctrl-C to stop.");

    tokio::select! {
        () = shutdown_signal() => {
            println!("scf-emulator: stopping");
            server.shutdown().await;
        }
        () = server.stopped() => {
            eprintln!("scf-emulator: the listener failed");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM where there is one (what `kill` and process managers send).
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(_) => std::future::pending().await,
            }
        };
        tokio::select! {
            () = interrupt => {}
            () = terminate => {}
        }
    }
    #[cfg(not(unix))]
    interrupt.await;
}
