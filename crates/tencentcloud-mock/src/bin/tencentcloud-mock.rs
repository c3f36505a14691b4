//! `tencentcloud-mock`: every service version of the specs behind one listener.
//!
//! ```text
//! tencentcloud-mock --listen 127.0.0.1:9100 --secret-id ID --secret-key KEY [--service cvm,vpc]
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use tencentcloud_mock::{Catalog, Mock, Responses};
use tencentcloud_server::ServerConfig;

/// SecretId accepted when none is given; not a real key.
const DEMO_SECRET_ID: &str = "AKIDmockDEMOonly";
/// SecretKey of the demo SecretId; not a real key.
const DEMO_SECRET_KEY: &str = "tencentcloud-mock-demo-key";

/// A local endpoint for every Tencent Cloud API 3.0 service of the specs: signatures
/// checked (TC3 and v1), each request validated against its action's input, answered
/// with the action's published example (or a minimal valid response).
#[derive(Debug, Parser)]
#[command(name = "tencentcloud-mock", version)]
struct Args {
    /// Address to listen on; port 0 picks a free one (printed at start).
    #[arg(long, default_value = "127.0.0.1:9100")]
    listen: SocketAddr,
    /// Folder of format-2 specs, `<service>/<version>.json` (the repository's spec/).
    #[arg(long, default_value = "spec")]
    specs: PathBuf,
    /// Serve only these services (comma-separated short names).
    #[arg(long, value_delimiter = ',')]
    service: Option<Vec<String>>,
    /// JSON file of canned responses or errors per action.
    #[arg(long)]
    responses: Option<PathBuf>,
    /// SecretId to accept; without it (and --secret-key) the demo credentials are.
    #[arg(long, requires = "secret_key")]
    secret_id: Option<String>,
    /// SecretKey of --secret-id.
    #[arg(long, requires = "secret_id")]
    secret_key: Option<String>,
    /// Session token that requests with --secret-id must carry.
    #[arg(long, requires = "secret_id")]
    token: Option<String>,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    max_body_bytes: usize,
    /// Enforce the actions' documented QPS limits.
    #[arg(long)]
    rate_limits: bool,
    /// Load the specs, print what was loaded and how long it took, and exit.
    #[arg(long)]
    check_only: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let started = Instant::now();
    let catalog = match Catalog::load_dir(&args.specs, args.service.as_deref()) {
        Ok(catalog) => catalog,
        Err(e) => {
            eprintln!("tencentcloud-mock: {e}");
            return ExitCode::FAILURE;
        }
    };
    let responses = match &args.responses {
        None => Responses::new(),
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| Responses::from_json(&text))
        {
            Ok(responses) => responses,
            Err(e) => {
                eprintln!("tencentcloud-mock: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        },
    };
    let (versions, actions) = (catalog.len(), catalog.action_count());
    let mock = Mock::new(catalog).with_responses(responses);
    // What serving needs is built here, so that --check-only measures all of it.
    let services = mock.services();
    let summary = format!(
        "{versions} service versions, {actions} actions loaded from {} in {} ms",
        args.specs.display(),
        started.elapsed().as_millis()
    );
    if args.check_only {
        println!("{summary}");
        return ExitCode::SUCCESS;
    }

    let mut config = ServerConfig::any_service()
        .with_max_body_bytes(args.max_body_bytes)
        .with_rate_limits(args.rate_limits);
    let demo = args.secret_id.is_none();
    config = match (args.secret_id, args.secret_key, args.token) {
        (Some(id), Some(key), Some(token)) => config.credential_with_token(id, key, token),
        (Some(id), Some(key), None) => config.credential(id, key),
        _ => config.credential(DEMO_SECRET_ID, DEMO_SECRET_KEY),
    };

    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("tencentcloud-mock: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let server = tencentcloud_server::Server::with_services(config, services);
        let mut server = match server.bind(args.listen).await {
            Ok(server) => server,
            Err(e) => {
                eprintln!("tencentcloud-mock: cannot listen on {}: {e}", args.listen);
                return ExitCode::FAILURE;
            }
        };
        // Scripts read the address from this first line.
        println!("tencentcloud-mock listening on {}", server.endpoint());
        println!("{summary}");
        if demo {
            println!("No --secret-id/--secret-key given; accepting the demo credentials:");
            println!("  TENCENTCLOUD_SECRET_ID={DEMO_SECRET_ID}");
            println!("  TENCENTCLOUD_SECRET_KEY={DEMO_SECRET_KEY}");
        }
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {
                println!("tencentcloud-mock: stopping");
                server.shutdown().await;
                ExitCode::SUCCESS
            }
            () = server.stopped() => {
                eprintln!("tencentcloud-mock: the listener failed");
                ExitCode::FAILURE
            }
        }
    })
}
