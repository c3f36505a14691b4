//! Every published example of every service version, end to end: the example's
//! request sent through the runtime's `CommonClient` (streaming ones through
//! `ServiceClient::call_stream`) to the mock over loopback HTTP, signed, validated,
//! answered and decoded. Writes `services/ROUND-TRIP.md`: per service version how
//! many examples round-tripped, how many were refused (each listed with the member
//! path and why: an example that contradicts its own description), and how many
//! actions have no example.
//!
//! ```text
//! cargo run --release -p tencentcloud-mock --example round_trip            # rewrite
//! cargo run --release -p tencentcloud-mock --example round_trip -- --check # compare
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use futures_util::StreamExt as _;
use serde_json::Value;
use tencentcloud_mock::spec::ServiceSpec;
use tencentcloud_mock::{Catalog, Mock};
use tencentcloud_runtime::server::wants_stream;
use tencentcloud_runtime::{
    ActionMeta, AnyCode, CommonClient, Config, Credentials, Error, ErrorCode, RetryConfig,
    ServiceClient, ServiceMeta,
};
use tencentcloud_server::ServerConfig;

const SECRET_ID: &str = "AKIDroundTRIP";
const SECRET_KEY: &str = "round-trip-key";
/// Requests in flight at once.
const CONCURRENCY: usize = 32;

/// What became of one example.
enum Outcome {
    RoundTripped,
    Refused(String),
    Failed(String),
}

struct Case {
    spec: Arc<ServiceSpec>,
    action: String,
    title: String,
    request: Value,
    stream: bool,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[tokio::main]
async fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let catalog = match Catalog::load_dir(&repo().join("spec"), None) {
        Ok(catalog) => catalog,
        Err(e) => {
            eprintln!("round_trip: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mock = Mock::new(catalog.clone());
    let config = ServerConfig::any_service()
        .credential(SECRET_ID, SECRET_KEY)
        .with_rate_limits(false);
    let server = match mock.bind(config, "127.0.0.1:0").await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("round_trip: cannot listen: {e}");
            return ExitCode::FAILURE;
        }
    };
    let client_config = Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .with_endpoint(server.endpoint())
        .with_retry(RetryConfig::disabled())
        .build()
        .expect("a valid configuration");

    let mut cases = Vec::new();
    for spec in catalog.iter() {
        let mut actions: Vec<_> = spec.actions.values().collect();
        actions.sort_by(|a, b| a.name.cmp(&b.name));
        for action in actions {
            for example in &action.examples {
                let request: Value =
                    serde_json::from_str(example.request.get()).unwrap_or_default();
                let flag = action.streaming.as_ref().map(|f| f.as_deref());
                let stream =
                    flag.is_some_and(|flag| wants_stream(example.request.get().as_bytes(), flag));
                cases.push(Case {
                    spec: Arc::clone(spec),
                    action: action.name.to_string(),
                    title: example.title.to_string(),
                    request,
                    stream,
                });
            }
        }
    }

    let clients: BTreeMap<(String, String), CommonClient> = catalog
        .iter()
        .map(|s| {
            let client = CommonClient::new(s.name.clone(), s.version.clone(), &client_config)
                .expect("a client");
            ((s.name.clone(), s.version.clone()), client)
        })
        .collect();
    let started = std::time::Instant::now();
    let outcomes: Vec<(usize, Outcome)> = futures_util::stream::iter(cases.iter().enumerate())
        .map(|(i, case)| {
            let client = &clients[&(case.spec.name.clone(), case.spec.version.clone())];
            let client_config = &client_config;
            async move { (i, run(case, client, client_config).await) }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    eprintln!(
        "round_trip: {} examples in {:.1} s",
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    server.shutdown().await;

    let mut outcomes: Vec<Option<Outcome>> = {
        let mut sorted: Vec<Option<Outcome>> = (0..cases.len()).map(|_| None).collect();
        for (i, outcome) in outcomes {
            sorted[i] = Some(outcome);
        }
        sorted
    };
    let (report, failed) = report(&catalog, &cases, &mut outcomes);
    let path = repo().join("services/ROUND-TRIP.md");
    if check {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != report {
            eprintln!(
                "round_trip: {} is stale; run `cargo run --release -p tencentcloud-mock --example round_trip`",
                path.display()
            );
            return ExitCode::FAILURE;
        }
        println!("round_trip: services/ROUND-TRIP.md is up to date");
    } else if let Err(e) = std::fs::write(&path, &report) {
        eprintln!("round_trip: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    } else {
        println!("round_trip: wrote services/ROUND-TRIP.md");
    }
    if failed > 0 {
        eprintln!("round_trip: some examples failed (not refused by validation); see the report");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// The validation codes: a refusal with one of them is the example contradicting its
/// own description; anything else failing is a failure of the mock or the client.
const VALIDATION_CODES: [&str; 4] = [
    "MissingParameter",
    "UnknownParameter",
    "InvalidParameterValue",
    "InvalidParameter",
];

async fn run(case: &Case, client: &CommonClient, config: &Config) -> Outcome {
    let result = if case.stream {
        stream(case, config).await
    } else {
        client
            .call_json(&case.action, case.request.clone())
            .await
            .map(|_| ())
    };
    match result {
        Ok(()) => Outcome::RoundTripped,
        Err(Error::Service(e)) if VALIDATION_CODES.contains(&e.code.as_str()) => {
            Outcome::Refused(format!("{}: {}", e.code.as_str(), e.message))
        }
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// A streaming example: the events read to the end, each decoded.
async fn stream(case: &Case, config: &Config) -> Result<(), Error<AnyCode>> {
    // The runtime's streaming call takes static descriptions, as generated code has.
    let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
    let service: &'static ServiceMeta = Box::leak(Box::new(ServiceMeta {
        name: leak(&case.spec.name),
        version: leak(&case.spec.version),
        endpoint: leak(&format!("{}.tencentcloudapi.com", case.spec.name)),
    }));
    let action: &'static ActionMeta = Box::leak(Box::new(ActionMeta {
        name: leak(&case.action),
        qps_limit: None,
        idempotent: false,
    }));
    let flag = case
        .spec
        .action(&case.action)
        .and_then(|a| a.streaming.clone())
        .flatten();
    let client = ServiceClient::new(service, config).expect("a client");
    let mut events = client
        .call_stream::<Value, Value, AnyCode>(action, flag.as_deref(), &case.request)
        .await?;
    while let Some(event) = events.next_event().await {
        event?;
    }
    Ok(())
}

#[derive(Default)]
struct Row {
    actions: usize,
    without_example: usize,
    examples: usize,
    round_tripped: usize,
    streamed: usize,
    refused: usize,
    failed: usize,
}

/// The report, and how many examples failed.
fn report(catalog: &Catalog, cases: &[Case], outcomes: &mut [Option<Outcome>]) -> (String, usize) {
    let mut rows: BTreeMap<(String, String), Row> = BTreeMap::new();
    for spec in catalog.iter() {
        let row = rows
            .entry((spec.name.clone(), spec.version.clone()))
            .or_default();
        row.actions = spec.actions.len();
        row.without_example = spec
            .actions
            .values()
            .filter(|a| a.examples.is_empty())
            .count();
    }
    let mut refused = Vec::new();
    let mut failed = Vec::new();
    for (case, outcome) in cases.iter().zip(outcomes.iter_mut()) {
        let row = rows
            .get_mut(&(case.spec.name.clone(), case.spec.version.clone()))
            .expect("every case's service is in the catalog");
        row.examples += 1;
        let line = |why: &str| {
            format!(
                "| {} | {} | {} | {} | {} |",
                case.spec.name,
                case.spec.version,
                case.action,
                cell(&case.title),
                cell(why)
            )
        };
        match outcome.take() {
            Some(Outcome::RoundTripped) => {
                row.round_tripped += 1;
                row.streamed += usize::from(case.stream);
            }
            Some(Outcome::Refused(why)) => {
                row.refused += 1;
                refused.push(line(&why));
            }
            Some(Outcome::Failed(why)) => {
                row.failed += 1;
                failed.push(line(&why));
            }
            None => {
                row.failed += 1;
                failed.push(line("not run"));
            }
        }
    }
    let total = rows.values().fold(Row::default(), |mut t, r| {
        t.actions += r.actions;
        t.without_example += r.without_example;
        t.examples += r.examples;
        t.round_tripped += r.round_tripped;
        t.streamed += r.streamed;
        t.refused += r.refused;
        t.failed += r.failed;
        t
    });

    let mut out = String::new();
    out.push_str("# Round trip of every published example\n\n");
    out.push_str(
        "Generated by `cargo run --release -p tencentcloud-mock --example round_trip`; do not edit\n\
         (`-- --check` compares, as CI does). Each published example's request goes through the\n\
         runtime's `CommonClient` (streaming ones through `ServiceClient::call_stream`) to\n\
         `tencentcloud-mock` over loopback HTTP: signed (TC3), checked against the action's input,\n\
         answered, decoded. *Refused* examples contradict their own action's description (a\n\
         member it does not define, a value of another type, a required member left out); they\n\
         are listed below, not made to pass by loosening validation. *Failed* would be a failure\n\
         of the mock or the client.\n\n",
    );
    out.push_str(&format!(
        "Service versions: {}. Actions: {}, {} without example. Examples: {}: round-tripped {} \
         ({} streamed), refused {}. Failed: {}.\n\n",
        rows.len(),
        total.actions,
        total.without_example,
        total.examples,
        total.round_tripped,
        total.streamed,
        total.refused,
        total.failed
    ));
    out.push_str("| Service | Version | Actions | Without example | Examples | Round-tripped | Refused | Failed |\n");
    out.push_str("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for ((name, version), r) in &rows {
        out.push_str(&format!(
            "| {name} | {version} | {} | {} | {} | {} | {} | {} |\n",
            r.actions, r.without_example, r.examples, r.round_tripped, r.refused, r.failed
        ));
    }
    for (title, lines) in [("Refused examples", &refused), ("Failed examples", &failed)] {
        out.push_str(&format!("\n## {title} ({})\n\n", lines.len()));
        if lines.is_empty() {
            out.push_str("None.\n");
            continue;
        }
        out.push_str("| Service | Version | Action | Example | Why |\n|---|---|---|---|---|\n");
        for line in lines {
            out.push_str(line);
            out.push('\n');
        }
    }
    (out, total.failed)
}

/// Text safe in a Markdown table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}
