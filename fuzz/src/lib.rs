//! Fuzz targets: each is a `fn(&[u8])` that must not panic and must stay within
//! [`alloc::LIMIT`] bytes however malformed its input. `fuzz_targets/` wraps each
//! one for libFuzzer; `scripts/fuzz.sh` builds and runs them; `examples/seeds.rs`
//! writes the seed corpus under `corpus/<target>/`.

use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use futures_util::StreamExt as _;
use http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};
use serde_json::Value;
use tencentcloud_runtime::sse::{self, EventParser};
use tencentcloud_runtime::{AnyCode, fuzzing as runtime};
use tencentcloud_server::fuzzing::{self as server, FuzzRouter};

pub mod alloc;

/// A fuzz target.
pub type Target = fn(&[u8]);

/// Every target, by the name of its `fuzz_targets/` binary and corpus folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("envelope", envelope),
    ("sse", sse),
    ("spec", spec),
    ("markdown", markdown),
    ("import", import),
    ("server_auth", server_auth),
    ("server_form", server_form),
    ("server_request", server_request),
    ("mock_request", mock_request),
];

/// A current-thread Tokio runtime with time, one per thread.
fn block_on<F: Future>(future: F) -> F::Output {
    thread_local! {
        static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a current-thread runtime builds");
    }
    RUNTIME.with(|rt| rt.block_on(future))
}

/// Splits `body` into chunks whose sizes come from `seed`: 1 to 64 bytes each, or
/// the whole body when `seed` is 0.
fn chunks(seed: u8, body: &[u8]) -> Vec<Vec<u8>> {
    if seed == 0 {
        return vec![body.to_vec()];
    }
    let mut state = u32::from(seed) | 0x9E37_7900;
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        // xorshift32
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let len = (state % 64) as usize + 1;
        let (head, tail) = rest.split_at(len.min(rest.len()));
        out.push(head.to_vec());
        rest = tail;
    }
    out
}

// ---------------------------------------------------------------------------------
// 1. The response envelope, into every SCF action's response and error types.

macro_rules! scf_actions {
    ($($module:ident => $response:ident, $error:ident,)*) => {
        /// Decodes `body` as the answer to SCF action number `index` (modulo their count).
        fn decode_scf(index: usize, body: &[u8]) {
            decode_nth!(index, body, 0usize, $($module => $response, $error,)*);
        }

        /// The wire names of the actions `decode_scf` knows, in its order.
        pub fn scf_action_names() -> Vec<&'static str> {
            vec![$(tencentcloud_scf::operation::$module::ACTION.name,)*]
        }
    };
}

macro_rules! decode_nth {
    ($index:expr, $body:expr, $n:expr, $module:ident => $response:ident, $error:ident, $($rest:tt)*) => {
        if $index == $n {
            decode_one::<
                tencentcloud_scf::operation::$module::$response,
                tencentcloud_scf::operation::$module::$error,
            >($body);
            return;
        }
        decode_nth!($index, $body, $n + 1, $($rest)*);
    };
    ($index:expr, $body:expr, $n:expr,) => {};
}

include!("scf_actions.rs");

fn decode_one<Resp: serde::de::DeserializeOwned, E: tencentcloud_runtime::ErrorCode>(body: &[u8]) {
    match runtime::decode_response::<Resp, E>(200, body) {
        Ok(_) => {}
        Err(e) => {
            // What a caller does with an error: shows it.
            let _ = e.to_string();
            let _ = format!("{e:?}");
        }
    }
}

/// The first byte picks the SCF action (in `server::ACTIONS` order); the rest is the
/// body of its answer, decoded as the client does: envelope, service error (typed
/// code) or the action's response type.
pub fn envelope(data: &[u8]) {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    static COUNT: OnceLock<usize> = OnceLock::new();
    let count = *COUNT.get_or_init(|| {
        let names = scf_action_names();
        let served: Vec<_> = tencentcloud_scf::server::ACTIONS
            .iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(
            names, served,
            "src/scf_actions.rs is not SCF's list of actions"
        );
        names.len()
    });
    decode_scf(usize::from(pick) % count, body);
    // The untyped face of the same path, as CommonClient decodes.
    let _ = runtime::decode_response::<Value, AnyCode>(200, body);
}

// ---------------------------------------------------------------------------------
// 4. Event streams: the parser over arbitrary chunk splits, then EventStream.

/// Longest line in the targets' event streams: small, so that the limit is reached.
const SSE_MAX_LINE: usize = 256;

/// Runs an [`EventParser`] over `chunks`: the events `next_event` yields, then what
/// `finish` returns; or the failure.
fn parse_chunks(
    chunks: &[Vec<u8>],
) -> Result<(Vec<sse::Event>, Option<sse::Event>), sse::SseError> {
    let mut parser = EventParser::new(SSE_MAX_LINE);
    let mut events = Vec::new();
    for chunk in chunks {
        parser.push(chunk)?;
        events.extend(std::iter::from_fn(|| parser.next_event()));
    }
    let last = parser.finish()?;
    Ok((events, last))
}

/// The first byte picks the chunk split; the rest is the body. The parser must give
/// the same events (or the same failure) however the body is split, `parse_all` the
/// same events as one push, and `EventStream` must end.
pub fn sse(data: &[u8]) {
    let Some((&split, body)) = data.split_first() else {
        return;
    };
    let whole = parse_chunks(&[body.to_vec()]);
    let split_result = parse_chunks(&chunks(split, body));
    assert_eq!(whole, split_result, "the split changed the outcome");
    let all = sse::parse_all(body, SSE_MAX_LINE);
    assert_eq!(
        all,
        whole.map(|(events, _)| events),
        "parse_all differs from one push"
    );

    let stream = runtime::event_stream::<Value, AnyCode>(200, chunks(split, body), SSE_MAX_LINE);
    block_on(async {
        let items: Vec<_> = stream.collect().await;
        for item in items {
            if let Err(e) = item {
                let _ = e.to_string();
            }
        }
    });
}

// ---------------------------------------------------------------------------------
// 2. The spec loader and the generator; the importer.

/// The text as a spec file: loaded, validated, lowered and generated.
pub fn spec(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let settings = tencentcloud_codegen::Settings::new("fuzz.json");
    if let Err(e) = tencentcloud_codegen::generate_str(Path::new("fuzz.json"), text, &settings) {
        let _ = e.to_string();
    }
}

/// Published prose, any text (the first byte picks the edition), turned into Markdown for
/// the generated docs; the conversion must terminate, and give the same text twice.
pub fn markdown(data: &[u8]) {
    use tencentcloud_codegen::emit::markdown::{Edition, to_markdown};
    let Some((&edition, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let edition = if edition % 2 == 0 {
        Edition::English
    } else {
        Edition::Chinese
    };
    let once = to_markdown(text, edition);
    assert_eq!(
        once,
        to_markdown(text, edition),
        "the conversion is deterministic"
    );
}

/// `api.json`, optionally followed by a NUL byte and `examples.json`: read through
/// the tccli views and imported, then validated and lowered as a spec.
pub fn import(data: &[u8]) {
    use tencentcloud_codegen::import::{self, Edition, Inputs, tccli};
    let mut parts = data.splitn(2, |&b| b == 0);
    let api = parts.next().unwrap_or_default();
    let Ok(api) = serde_json::from_slice::<tccli::Api>(api) else {
        return;
    };
    let examples = parts
        .next()
        .and_then(|ex| serde_json::from_slice::<tccli::Examples>(ex).ok());
    let inputs = Inputs {
        editions: vec![Edition {
            lang: "en".to_owned(),
            api,
            examples,
        }],
        title: "Fuzz".to_owned(),
        ..Inputs::default()
    };
    match import::import(&inputs) {
        Ok(imported) => {
            let path = Path::new("fuzz.json");
            if let Ok(model) = tencentcloud_codegen::model::validate(path, &imported.spec) {
                let _ = tencentcloud_codegen::ir::lower(path, &model);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

// ---------------------------------------------------------------------------------
// 3. The server's request parsing.

/// The text as a TC3 `Authorization` header value.
pub fn server_auth(data: &[u8]) {
    if let Ok(value) = std::str::from_utf8(data) {
        let _ = server::parse_authorization(value);
    }
}

/// A query string or form body, typed from the SCF spec as the action named before
/// the first `?` (for example `CreateFunction?Code.CosBucketName=b&Timeout=3`).
pub fn server_form(data: &[u8]) {
    let (action, form) = match data.iter().position(|&b| b == b'?') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&b""[..], data),
    };
    let action = String::from_utf8_lossy(action);
    let _ = server::form_to_json(scf_config().1, &action, form).to_string();
}

/// The SecretId and SecretKey the server targets accept (the seeds are signed with them).
pub const SECRET_ID: &str = "AKIDfuzz";
/// See [`SECRET_ID`].
pub const SECRET_KEY: &str = "fuzz-secret-key";
/// The Host of the seed requests.
pub const HOST: &str = "scf.tencentcloudapi.com";
/// The body limit of the server targets: small, so that it is reached.
pub const MAX_BODY: usize = 4096;

struct Unsupported;
impl tencentcloud_scf::server::Service for Unsupported {}

/// The router over SCF's generated dispatch (every action decoded strictly, then
/// answered `UnsupportedOperation`), and SCF's parameter types.
fn scf_config() -> &'static (FuzzRouter, &'static tencentcloud_server::ParamTypes) {
    static CONFIG: OnceLock<(FuzzRouter, &'static tencentcloud_server::ParamTypes)> =
        OnceLock::new();
    CONFIG.get_or_init(|| {
        let types = Box::leak(Box::new(
            tencentcloud_server::ParamTypes::from_spec(include_str!(
                "../../spec/scf/2018-04-16.json"
            ))
            .expect("the SCF spec has parameter types"),
        ));
        let config = scf_emulator::server_config()
            .credential(SECRET_ID, SECRET_KEY)
            .with_rate_limits(false)
            .with_max_body_bytes(MAX_BODY)
            // The seeds are signed at fixed times; accept any.
            .with_max_clock_skew(Duration::from_secs(u64::MAX));
        let dispatcher = tencentcloud_server::dispatch_fn(|action, body| {
            let (action, body) = (action.to_owned(), body.to_vec());
            async move { tencentcloud_scf::server::dispatch(&Unsupported, &action, &body).await }
        });
        (FuzzRouter::new(config, dispatcher), types)
    })
}

/// A request parsed from HTTP/1.1-like text: the request line, `Name: value` header
/// lines, a blank line, the body (bytes that do not make a method, target or header
/// are dropped).
pub struct RawRequest {
    /// The method.
    pub method: Method,
    /// The request target.
    pub uri: Uri,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

impl RawRequest {
    /// Parses `data`; `None` without a usable request line.
    pub fn parse(data: &[u8]) -> Option<Self> {
        let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
            Some(at) => (&data[..at], &data[at + 2..]),
            None => (data, &b""[..]),
        };
        let mut lines = head.split(|&b| b == b'\n');
        let line = lines.next()?;
        let mut words = line.splitn(3, |&b| b == b' ');
        let method = Method::from_bytes(words.next()?).ok()?;
        let uri = Uri::try_from(words.next()?).ok()?;
        let mut headers = HeaderMap::new();
        for line in lines {
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                continue;
            };
            let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(&line[..colon]),
                HeaderValue::from_bytes(line[colon + 1..].trim_ascii()),
            ) else {
                continue;
            };
            headers.append(name, value);
        }
        Some(RawRequest {
            method,
            uri,
            headers,
            body: body.to_vec(),
        })
    }
}

/// The first byte picks how the body arrives (chunk split); the rest is a request as
/// [`RawRequest`] reads it. The body is read with the server's bounded reader (the
/// length announced by `Content-Length`), then the router checks and dispatches it.
pub fn server_request(data: &[u8]) {
    let Some((&split, text)) = data.split_first() else {
        return;
    };
    let Some(request) = RawRequest::parse(text) else {
        return;
    };
    let declared = request
        .headers
        .get("content-length")
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let (router, _) = scf_config();
    block_on(async {
        let read = server::read_body(chunks(split, &request.body), declared, MAX_BODY).await;
        if read.is_ok() {
            let answer = router
                .handle(
                    &request.method,
                    &request.uri,
                    &request.headers,
                    &request.body,
                )
                .await;
            if let Some(answer) = answer {
                assert!(
                    answer.get("Response").is_some(),
                    "not an envelope: {answer}"
                );
            }
        }
    });
}

// ---------------------------------------------------------------------------------
// 4. The mock's request validation.

/// The specs the mock target checks requests against (CVM's many nested shapes,
/// Hunyuan's streaming actions, SCF), each with its form parameter types.
fn mock_specs() -> &'static [(
    tencentcloud_mock::spec::ServiceSpec,
    tencentcloud_server::ParamTypes,
)] {
    static SPECS: OnceLock<
        Vec<(
            tencentcloud_mock::spec::ServiceSpec,
            tencentcloud_server::ParamTypes,
        )>,
    > = OnceLock::new();
    SPECS.get_or_init(|| {
        [
            include_str!("../../spec/cvm/2017-03-12.json"),
            include_str!("../../spec/hunyuan/2023-09-01.json"),
            include_str!("../../spec/scf/2018-04-16.json"),
        ]
        .into_iter()
        .map(|text| {
            let spec = tencentcloud_mock::spec::ServiceSpec::parse(text).expect("a committed spec");
            let types = spec.param_types();
            (spec, types)
        })
        .collect()
    })
}

/// `<service> <action>`, a newline, then the body: JSON, or a form (GET query, v1)
/// after a leading `?`, typed by the spec as the router does. The mock checks it
/// against the action's input; a refusal must carry one of the validation codes, and
/// an accepted request is answered (example or minimal response).
pub fn mock_request(data: &[u8]) {
    use tencentcloud_mock::{answer, validate};
    let (line, body) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b""[..]),
    };
    let line = String::from_utf8_lossy(line);
    let (service, action) = line.split_once(' ').unwrap_or(("cvm", &line));
    let specs = mock_specs();
    let Some((spec, types)) = specs.iter().find(|(s, _)| s.name == service) else {
        return;
    };
    let Some(action) = spec.action(action) else {
        return;
    };
    let form;
    let body = match body.strip_prefix(b"?") {
        Some(query) => {
            form = server::form_to_json(types, &action.name, query).to_string();
            form.as_bytes()
        }
        None => body,
    };
    match validate::check_body(spec, &action.input, body) {
        Ok(request) => {
            let response = answer::response(spec, action, &request);
            let _ = serde_json::to_string(&response).expect("an answer serializes");
        }
        Err(refusal) => {
            assert!(
                [
                    "MissingParameter",
                    "UnknownParameter",
                    "InvalidParameterValue",
                    "InvalidParameter"
                ]
                .contains(&refusal.code),
                "unexpected code {refusal:?}"
            );
            let _ = refusal.to_string();
        }
    }
}

/// The committed inputs of `target`: its seed corpus and its regressions.
pub fn committed_inputs(target: &str) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = Vec::new();
    for dir in [
        root.join("corpus").join(target),
        root.join("regressions").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).expect("a committed input is readable");
            inputs.push((path, bytes));
        }
    }
    inputs
}
