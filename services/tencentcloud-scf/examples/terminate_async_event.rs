//! Terminates a running asynchronous invocation of a Serverless Cloud Function.
//!
//! ```text
//! cargo run -p tencentcloud-scf --example terminate_async_event -- \
//!     --function-name <NAME> --invoke-request-id <ID> \
//!     [--namespace <NAMESPACE>] [--grace-shutdown] [--region <REGION>] [--endpoint <URL>]
//! ```
//!
//! Credentials come from the default chain, as with the official SDKs: the environment
//! (`TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, `TENCENTCLOUD_SESSION_TOKEN`),
//! `~/.tencentcloud/credentials`, tccli's `~/.tccli/default.credential`, the CVM
//! instance's role, then TKE's OIDC token. The region, when `--region` is not given,
//! comes from `TENCENTCLOUD_REGION` or tccli's configuration.
//!
//! Exit status: 0 when the service accepted the call, 1 when it refused or the call
//! failed, 2 for bad arguments or missing credentials.

use std::ffi::OsString;
use std::process::ExitCode;

use tencentcloud_scf::operation::terminate_async_event::{
    TerminateAsyncEventError, TerminateAsyncEventRequest,
};
use tencentcloud_scf::{Client, CommonCode, Config, Credentials, Error, ServiceError};

const USAGE: &str = "\
usage: terminate_async_event --function-name <NAME> --invoke-request-id <ID>
                             [--namespace <NAMESPACE>] [--grace-shutdown]
                             [--region <REGION>] [--endpoint <URL>]

Terminates a running asynchronous invocation of a Serverless Cloud Function.

options:
  --function-name <NAME>     the function that was invoked
  --invoke-request-id <ID>   the RequestId of the asynchronous invocation
  --namespace <NAMESPACE>    the function's namespace (the service assumes \"default\")
  --grace-shutdown           send SIGTERM and let the function exit by itself
  --region <REGION>          the region, for example ap-guangzhou
  --endpoint <URL>           call this URL instead of the service's, e.g. http://127.0.0.1:9000
  -h, --help                 print this help

credentials, the first found of:
  TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY   the API key
    (TENCENTCLOUD_SESSION_TOKEN                     the token of temporary credentials)
  ~/.tencentcloud/credentials                       [default] secret_id, secret_key
  ~/.tccli/default.credential                       as written by `tccli configure`
  the CVM instance's CAM role, TKE's OIDC token
";

/// The service refused the call, or it could not be made.
const EXIT_FAILED: u8 = 1;
/// The call was not attempted: bad arguments or no usable credentials.
const EXIT_USAGE: u8 = 2;

#[derive(Debug)]
struct Args {
    function_name: String,
    invoke_request_id: String,
    namespace: Option<String>,
    grace_shutdown: bool,
    region: Option<String>,
    endpoint: Option<String>,
}

enum Command {
    Run(Args),
    Help,
}

/// Hand-written rather than clap, to keep the example's dependencies those of the SDK.
fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut function_name = None;
    let mut invoke_request_id = None;
    let mut namespace = None;
    let mut grace_shutdown = false;
    let mut region = None;
    let mut endpoint = None;

    let mut args = args.into_iter().map(|arg| {
        arg.into_string()
            .map_err(|arg| format!("argument {arg:?} is not valid UTF-8"))
    });
    while let Some(arg) = args.next() {
        let arg = arg?;
        let (flag, inline_value) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let slot = match flag {
            "-h" | "--help" => return Ok(Command::Help),
            "--grace-shutdown" => {
                if inline_value.is_some() {
                    return Err("--grace-shutdown takes no value".to_owned());
                }
                grace_shutdown = true;
                continue;
            }
            "--function-name" => &mut function_name,
            "--invoke-request-id" => &mut invoke_request_id,
            "--namespace" => &mut namespace,
            "--region" => &mut region,
            "--endpoint" => &mut endpoint,
            other => return Err(format!("unknown argument {other:?}")),
        };
        let value = match inline_value {
            Some(value) => value,
            // A following flag is a forgotten value, not a name that starts with "--".
            None => match args.next().transpose()? {
                Some(value) if !value.starts_with("--") => value,
                _ => return Err(format!("{flag} needs a value")),
            },
        };
        if value.is_empty() {
            return Err(format!("{flag} needs a non-empty value"));
        }
        if slot.replace(value).is_some() {
            return Err(format!("{flag} is given more than once"));
        }
    }

    Ok(Command::Run(Args {
        function_name: function_name.ok_or("--function-name is required")?,
        invoke_request_id: invoke_request_id.ok_or("--invoke-request-id is required")?,
        namespace,
        grace_shutdown,
        region,
        endpoint,
    }))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args_os().skip(1)) {
        Ok(Command::Run(args)) => args,
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("error: {problem}\n\n{USAGE}");
            return ExitCode::from(EXIT_USAGE);
        }
    };

    // The credentials are looked for when the call needs them; none anywhere ends
    // the call with an error that lists what each source tried.
    let config = Config::from_env().and_then(|config| {
        let mut builder = config.to_builder();
        if let Some(region) = &args.region {
            builder = builder.with_region(region);
        }
        if let Some(endpoint) = &args.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        builder.build()
    });
    let config = match config {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let client = match Client::new(&config) {
        Ok(client) => client,
        Err(e) => return failed(&e),
    };

    let mut request = TerminateAsyncEventRequest::new(&args.function_name, &args.invoke_request_id);
    if let Some(namespace) = &args.namespace {
        request = request.set_namespace(namespace);
    }
    if args.grace_shutdown {
        request = request.set_grace_shutdown(true);
    }

    let namespace = args.namespace.as_deref().unwrap_or("default");
    match client.terminate_async_event(&request).await {
        Ok(response) => {
            println!("RequestId: {}", response.request_id);
            ExitCode::SUCCESS
        }
        Err(Error::Service(
            e @ ServiceError {
                code:
                    TerminateAsyncEventError::ResourceNotFoundFunction
                    | TerminateAsyncEventError::InvalidParameterValueFunctionName,
                ..
            },
        )) => refused(
            &e,
            &format!(
                "there is no function {:?} in namespace {namespace:?}; check --function-name and --namespace",
                args.function_name
            ),
        ),
        Err(Error::Service(
            e @ ServiceError {
                code: TerminateAsyncEventError::ResourceNotFoundNamespace,
                ..
            },
        )) => refused(
            &e,
            &format!(
                "there is no namespace {namespace:?} in this region; check --namespace and --region"
            ),
        ),
        Err(Error::Service(
            e @ ServiceError {
                code: TerminateAsyncEventError::ResourceNotFoundAsyncEvent,
                ..
            },
        )) => refused(
            &e,
            &format!(
                "function {:?} has no asynchronous invocation {:?}; check --invoke-request-id",
                args.function_name, args.invoke_request_id
            ),
        ),
        Err(Error::Service(
            e @ ServiceError {
                code: TerminateAsyncEventError::FailedOperationAsyncEventStatus,
                ..
            },
        )) => refused(
            &e,
            "the invocation is not running: it has finished or is already being terminated",
        ),
        Err(Error::Service(
            e @ ServiceError {
                code:
                    TerminateAsyncEventError::Common(CommonCode::AuthFailureSignatureFailure)
                    | TerminateAsyncEventError::Common(CommonCode::AuthFailureSecretIdNotFound)
                    | TerminateAsyncEventError::Common(CommonCode::AuthFailureInvalidSecretId)
                    | TerminateAsyncEventError::Common(CommonCode::AuthFailureTokenFailure),
                ..
            },
        )) => refused(&e, &credentials_help()),
        Err(Error::Service(e)) => refused(&e, ""),
        Err(e @ Error::Credentials(_)) => {
            eprintln!("error: {e}");
            eprintln!("hint: {}", credentials_help());
            ExitCode::from(EXIT_USAGE)
        }
        Err(e) => failed(&e),
    }
}

/// Prints what the service said; the RequestId is what Tencent Cloud support asks for.
fn refused(error: &ServiceError<TerminateAsyncEventError>, hint: &str) -> ExitCode {
    let request_id = match error.request_id.as_str() {
        "" => "(none)",
        id => id,
    };
    eprintln!("error: the service refused TerminateAsyncEvent");
    eprintln!("  code:      {}", error.code);
    eprintln!("  message:   {}", error.message);
    eprintln!("  RequestId: {request_id}");
    if !hint.is_empty() {
        eprintln!("hint: {hint}");
    }
    ExitCode::from(EXIT_FAILED)
}

/// Prints an error that is not the service's answer, with every cause.
fn failed(error: &dyn std::error::Error) -> ExitCode {
    eprintln!("error: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        eprintln!("  caused by: {cause}");
        source = cause.source();
    }
    ExitCode::from(EXIT_FAILED)
}

fn credentials_help() -> String {
    format!(
        "set {} and {} to an API key (and {} for temporary credentials), or write them \
         to ~/.tencentcloud/credentials or with `tccli configure`",
        Credentials::ENV_SECRET_ID,
        Credentials::ENV_SECRET_KEY,
        Credentials::ENV_SESSION_TOKEN
    )
}
