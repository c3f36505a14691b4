//! Calls any action of any service by name with a JSON object, and prints the answer.
//!
//! ```text
//! cargo run -p tencentcloud-runtime --example common_call -- \
//!     cvm 2017-03-12 DescribeZones '{}' --region ap-guangzhou
//! ```
//!
//! Credentials come from `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and, for
//! temporary credentials, `TENCENTCLOUD_SESSION_TOKEN`. `scripts/common-client/` runs it
//! beside the official Python SDK's `CommonClient` to compare the requests.
//!
//! Exit status: 0 when the service answered with a result, 1 when it refused or the
//! call failed, 2 for bad arguments or missing credentials.

use std::process::ExitCode;

use tencentcloud_runtime::transport::HttpMethod;
use tencentcloud_runtime::{
    CallOptions, CommonClient, Config, Credentials, Error, Language, RetryConfig, SignatureMethod,
};

const USAGE: &str = "\
usage: common_call SERVICE VERSION ACTION [PARAMS] [options]

Calls ACTION of SERVICE (for example cvm) at API VERSION (for example 2017-03-12) with
the JSON object PARAMS (default {}), and prints the Response object.

options:
  --region <REGION>         the region, for example ap-guangzhou
  --endpoint <URL>          call this URL instead of the service's, e.g. http://127.0.0.1:9000
  --language <zh-CN|en-US>  the language of the service's messages
  --sign-method <M>         TC3-HMAC-SHA256 (default), HmacSHA256 or HmacSHA1
  --get                     send a GET (TC3) instead of a POST
  --idempotent              retry failures that may have reached the service
  --no-retry                make one attempt only
  -h, --help                print this help

environment:
  TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY   the API key (required)
  TENCENTCLOUD_SESSION_TOKEN                        the token of temporary credentials
";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            eprintln!("{message}");
            ExitCode::from(code)
        }
    }
}

fn usage(message: impl std::fmt::Display) -> (u8, String) {
    (2, format!("{message}\n\n{USAGE}"))
}

fn run(args: Vec<String>) -> Result<(), (u8, String)> {
    let mut positional = Vec::new();
    let mut config = Config::builder();
    let mut options = CallOptions::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| usage(format!("{name} needs a value")))
        };
        config = match arg.as_str() {
            "-h" | "--help" => return Err((0, USAGE.to_owned())),
            "--region" => config.with_region(value("--region")?),
            "--endpoint" => config.with_endpoint(value("--endpoint")?),
            "--language" => config.with_language(match value("--language")?.as_str() {
                "zh-CN" => Language::ZhCn,
                "en-US" => Language::EnUs,
                other => return Err(usage(format!("unknown language {other:?}"))),
            }),
            "--sign-method" => {
                config.with_signature_method(match value("--sign-method")?.as_str() {
                    "TC3-HMAC-SHA256" => SignatureMethod::Tc3HmacSha256,
                    "HmacSHA256" => SignatureMethod::HmacSha256,
                    "HmacSHA1" => SignatureMethod::HmacSha1,
                    other => return Err(usage(format!("unknown signature method {other:?}"))),
                })
            }
            "--get" => config.with_http_method(HttpMethod::Get),
            "--no-retry" => config.with_retry(RetryConfig::disabled()),
            "--idempotent" => {
                options = options.with_idempotent(true);
                config
            }
            flag if flag.starts_with("--") => return Err(usage(format!("unknown option {flag}"))),
            _ => {
                positional.push(arg);
                config
            }
        };
    }
    let [service, version, action, rest @ ..] = positional.as_slice() else {
        return Err(usage("SERVICE, VERSION and ACTION are required"));
    };
    let params = match rest {
        [] => serde_json::json!({}),
        [params] => {
            serde_json::from_str(params).map_err(|e| usage(format!("PARAMS is not JSON: {e}")))?
        }
        _ => return Err(usage("too many arguments")),
    };
    let credentials = Credentials::from_env().map_err(|e| (2, e.to_string()))?;
    let config = config
        .with_credentials(credentials)
        .build()
        .map_err(|e| (2, e.to_string()))?;
    let client = CommonClient::new(service.clone(), version.clone(), &config)
        .map_err(|e| (2, e.to_string()))?;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| (1, format!("cannot start the runtime: {e}")))?;
    match runtime.block_on(client.call_json_with(action, params, &options)) {
        Ok(response) => {
            println!("{response:#}");
            Ok(())
        }
        Err(Error::Service(e)) => Err((1, format!("{} ({}): {}", e.code, e.request_id, e.message))),
        Err(other) => Err((1, format!("the call failed: {other}"))),
    }
}
