//! Streams a Hunyuan chat completion, printing each piece of the answer as it arrives.
//!
//! ```text
//! cargo run -p tencentcloud-hunyuan --example chat -- [--endpoint URL] [--region R] [--model M] PROMPT
//! ```
//!
//! With `--endpoint`, it calls that URL with credentials from the default chain
//! (environment, credentials file, tccli's files, CVM role, TKE OIDC). Without it, it
//! starts a test double in this process, a `tencentcloud-server` endpoint on
//! `127.0.0.1` that streams a canned answer, so it runs with no account.
//!
//! Standard output carries the answer and nothing else. Exit status: 0 at the end of
//! the stream; 1 when the service refuses the call or the stream fails (code, message
//! and RequestId on standard error); 2 for bad arguments or missing credentials.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use futures_util::StreamExt;
use tencentcloud_hunyuan::operation::chat_completions::{
    ChatCompletionsError, ChatCompletionsRequest,
};
use tencentcloud_hunyuan::types::Message;
use tencentcloud_hunyuan::{Client, Config, Credentials, Error};

mod double;

const USAGE: &str = "\
usage: chat [--endpoint URL] [--region R] [--model M] PROMPT

Streams a Hunyuan chat completion and prints the answer as it arrives.

options:
  --endpoint URL   call this endpoint (credentials from the default chain);
                   without it, a test double in this process answers
  --region R       the region, for example ap-guangzhou
  --model M        the model (default hunyuan-turbos-latest)
  -h, --help       print this help
";

const DEFAULT_MODEL: &str = "hunyuan-turbos-latest";
/// The service refused the call, or the stream failed.
const EXIT_FAILED: u8 = 1;
/// Nothing was sent: bad arguments or no usable credentials.
const EXIT_USAGE: u8 = 2;

#[derive(Debug, Default)]
struct Args {
    endpoint: Option<String>,
    region: Option<String>,
    model: Option<String>,
    prompt: String,
}

/// Hand-written rather than clap, to keep the example's dependencies those of the SDK.
fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Option<Args>, String> {
    let mut parsed = Args::default();
    let mut prompt = Vec::new();
    let mut args = args.into_iter().map(|arg| {
        arg.into_string()
            .map_err(|arg| format!("argument {arg:?} is not valid UTF-8"))
    });
    while let Some(arg) = args.next() {
        let arg = arg?;
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let slot = match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--endpoint" => &mut parsed.endpoint,
            "--region" => &mut parsed.region,
            "--model" => &mut parsed.model,
            "--" => {
                prompt.extend(args.by_ref().collect::<Result<Vec<_>, _>>()?);
                break;
            }
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            _ => {
                prompt.push(arg);
                continue;
            }
        };
        let value = match inline {
            Some(value) => value,
            None => args.next().ok_or(format!("{flag} needs a value"))??,
        };
        *slot = Some(value);
    }
    parsed.prompt = prompt.join(" ");
    if parsed.prompt.trim().is_empty() {
        return Err("a PROMPT is required".to_owned());
    }
    Ok(Some(parsed))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args_os().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    // The test double lives as long as the call.
    let (config, _double) = match &args.endpoint {
        Some(endpoint) => match Config::from_env().and_then(|config| {
            let builder = config.to_builder().with_endpoint(endpoint.as_str());
            match &args.region {
                Some(region) => builder.with_region(region.as_str()).build(),
                None => builder.build(),
            }
        }) {
            Ok(config) => (config, None),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_USAGE);
            }
        },
        None => match double::start().await {
            Ok(server) => {
                let config = Config::builder()
                    .with_credentials(Credentials::new(double::SECRET_ID, double::SECRET_KEY))
                    .with_endpoint(server.endpoint())
                    .with_region(args.region.as_deref().unwrap_or("ap-guangzhou"))
                    .build();
                match config {
                    Ok(config) => (config, Some(server)),
                    // A --region the configuration refuses.
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::from(EXIT_USAGE);
                    }
                }
            }
            Err(e) => {
                eprintln!("error: cannot start the test double: {e}");
                return ExitCode::from(EXIT_FAILED);
            }
        },
    };
    match chat(&config, &args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::from(match e {
                Error::Credentials(_) | Error::InvalidRequest(_) => EXIT_USAGE,
                _ => EXIT_FAILED,
            })
        }
    }
}

async fn chat(config: &Config, args: &Args) -> Result<(), Error<ChatCompletionsError>> {
    let client = match Client::new(config) {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(i32::from(EXIT_USAGE));
        }
    };
    let model = args.model.as_deref().unwrap_or(DEFAULT_MODEL);
    let request = ChatCompletionsRequest::new(
        model,
        [Message::new("user").set_content(args.prompt.as_str())],
    );
    let mut events = client.chat_completions_stream(&request).await?;
    let mut stdout = std::io::stdout().lock();
    while let Some(event) = events.next().await {
        let event = event?;
        let content = event
            .data
            .choices
            .iter()
            .flatten()
            .filter_map(|choice| choice.delta.as_ref()?.content.as_deref())
            .collect::<String>();
        // Printed as it arrives; a closed stdout (`| head`) just ends the output.
        let _ = stdout
            .write_all(content.as_bytes())
            .and_then(|()| stdout.flush());
    }
    let _ = writeln!(stdout);
    Ok(())
}

fn report(e: &Error<ChatCompletionsError>) {
    match e {
        Error::Service(e) => eprintln!(
            "error: {}: {} (RequestId: {})",
            tencentcloud_hunyuan::ErrorCode::as_str(&e.code),
            e.message,
            e.request_id
        ),
        other => {
            eprintln!("error: {other}");
            let mut source = std::error::Error::source(other);
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
        }
    }
}
