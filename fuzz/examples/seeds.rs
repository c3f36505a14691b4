//! Writes the seed corpus (`corpus/<target>/`) and the envelope dictionary
//! (`dict/envelope.dict`) from the repository's own files: SCF's published examples
//! and member names, the event-stream vectors, the codegen test specs and import
//! fixtures, and requests signed with the runtime's TC3 and v1 signers.
//!
//! `cargo run --example seeds` in `fuzz/` (the output is committed; running it again
//! gives the same files).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::{Value, json};
use tencentcloud_fuzz::{HOST, SECRET_ID, SECRET_KEY};
use tencentcloud_runtime::signing::{
    SigningRequest, V1Algorithm, V1SigningRequest, encode_query, sign_tc3, sign_v1,
};
use tencentcloud_runtime::transport::HttpMethod;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn write(target: &str, name: &str, bytes: &[u8]) {
    let dir = root().join("fuzz/corpus").join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn with_prefix(prefix: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![prefix];
    out.extend_from_slice(body);
    out
}

fn main() {
    let _ = std::fs::remove_dir_all(root().join("fuzz/corpus"));
    envelope();
    sse();
    spec_and_import();
    markdown();
    server();
    mock();
    println!("wrote fuzz/corpus and fuzz/dict");
}

/// Each SCF action's published response, an error answer for it, and the dictionary
/// of every member name and error code.
fn envelope() {
    let spec: Value = serde_json::from_slice(&read("spec/scf/2018-04-16.json")).unwrap();
    let names = tencentcloud_fuzz::scf_action_names();
    let mut words = BTreeSet::new();
    for (index, name) in names.iter().enumerate() {
        let action = &spec["actions"][name];
        let pick = u8::try_from(index).unwrap();
        for (n, example) in action["examples"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let body = serde_json::to_vec(&example["response"]).unwrap();
            write(
                "envelope",
                &format!("{name}-{n}.json"),
                &with_prefix(pick, &body),
            );
        }
        let code = action["errors"][0]["code"]
            .as_str()
            .unwrap_or("InternalError");
        let error =
            json!({"Response": {"Error": {"Code": code, "Message": "m"}, "RequestId": "r"}});
        let body = serde_json::to_vec(&error).unwrap();
        write(
            "envelope",
            &format!("{name}-error.json"),
            &with_prefix(pick, &body),
        );
        for error in action["errors"].as_array().into_iter().flatten() {
            words.insert(error["code"].as_str().unwrap().to_owned());
        }
    }
    // Drift the decoding must survive: numbers for the envelope's text, and members
    // that are tolerated or lossily dropped (the shapes of tencentcloud-sdk-go issues
    // 8, 86 and 246), each into ListFunctions and GetFunction.
    let drift = [
        json!({"Response": {"Functions": [], "TotalCount": 0, "RequestId": 20261201}}),
        json!({"Response": {"Error": {"Code": 4000, "Message": 404}, "RequestId": 7}}),
        json!({"Response": {"Error": {"Code": "X", "Message": 1.5}, "RequestId": -1}}),
        json!({"Response": {"Functions": [{"FunctionName": {}, "Tags": 3,
            "TotalProvisionedConcurrencyMem": -1}], "TotalCount": 2.14e-4, "RequestId": "r"}}),
        json!({"Response": {"FunctionName": "f", "Timeout": "3", "MemorySize": 2.5,
            "ImageConfig": {"ContainerImageAccelerate": 2}, "Tags": [{"Key": {}, "Value": 1}],
            "RequestId": "r"}}),
    ];
    for action in ["ListFunctions", "GetFunction"] {
        let pick = names.iter().position(|name| *name == action).unwrap();
        let pick = u8::try_from(pick).unwrap();
        for (n, body) in drift.iter().enumerate() {
            let body = serde_json::to_vec(body).unwrap();
            write(
                "envelope",
                &format!("{action}-drift-{n}.json"),
                &with_prefix(pick, &body),
            );
        }
    }
    for shape in spec["shapes"].as_object().unwrap().values() {
        for member in shape["members"].as_array().into_iter().flatten() {
            words.insert(member["name"].as_str().unwrap().to_owned());
        }
    }
    for action in spec["actions"].as_object().unwrap().values() {
        for member in action["output"].as_array().into_iter().flatten() {
            words.insert(member["name"].as_str().unwrap().to_owned());
        }
    }
    let mut dict =
        String::from("# SCF response member names and error codes (examples/seeds.rs)\n");
    for word in [
        "Response",
        "Error",
        "Code",
        "Message",
        "RequestId",
        "null",
        "true",
        "false",
    ] {
        words.insert(word.to_owned());
    }
    for word in words {
        writeln!(dict, "\"\\\"{word}\\\"\"").unwrap();
    }
    let dir = root().join("fuzz/dict");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("envelope.dict"), dict).unwrap();
}

/// The event-stream vectors, each whole (split byte 0) and in small chunks.
fn sse() {
    let vectors: Value = serde_json::from_slice(&read(
        "crates/tencentcloud-runtime/tests/data/sse-vectors.json",
    ))
    .unwrap();
    for case in vectors["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let body = base64::engine::general_purpose::STANDARD
            .decode(case["input_b64"].as_str().unwrap())
            .unwrap();
        if body.len() > 64 << 10 {
            continue;
        }
        write("sse", &format!("{name}.txt"), &with_prefix(0, &body));
        write("sse", &format!("{name}-split.txt"), &with_prefix(7, &body));
    }
    let chat = b"data: {\"Choices\":[{\"Delta\":{\"Content\":\"hi\"}}],\"Id\":\"1\"}\n\n\
        data: {\"Response\":{\"Error\":{\"Code\":\"InternalError\",\"Message\":\"m\"},\"RequestId\":\"r\"}}\n\n";
    write("sse", "chat-then-error.txt", &with_prefix(3, chat));
}

/// The published descriptions with the most HTML, and the broken ones the converter's
/// tests cite, each as an English and a Chinese text.
fn markdown() {
    for (spec, owner, member) in [
        ("cvm/2017-03-12", "DescribeInstances", "Filters"),
        ("cvm/2017-03-12", "DescribeAccountQuota", "Filters"),
        ("cvm/2017-03-12", "ResetInstancesPassword", "Password"),
        (
            "mps/2019-06-12",
            "RawSmartSubtitleParameter",
            "TranslateDstLanguage",
        ),
        ("ocr/2018-11-19", "MedicalInvoiceItem", "Name"),
        ("ess/2020-11-11", "Component", "ComponentExtra"),
        ("adp/2026-05-20", "MCPPluginConfig", "MCPTransport"),
        ("gme/2018-07-11", "StartAIConversation", "LLMConfig"),
        ("waf/2018-01-25", "Strategy", "Field"),
    ] {
        let spec_json: Value = serde_json::from_slice(&read(&format!("spec/{spec}.json"))).unwrap();
        let members = spec_json["shapes"][owner]["members"]
            .as_array()
            .or_else(|| spec_json["actions"][owner]["input"].as_array())
            .unwrap();
        let doc = members
            .iter()
            .find(|m| m["name"] == member)
            .and_then(|m| m["doc"].as_str())
            .unwrap();
        let name = format!("{}-{owner}-{member}", spec.replace('/', "-"));
        write(
            "markdown",
            &format!("{name}.en.txt"),
            &with_prefix(0, doc.as_bytes()),
        );
        write(
            "markdown",
            &format!("{name}.zh.txt"),
            &with_prefix(1, doc.as_bytes()),
        );
    }
}

fn spec_and_import() {
    for name in ["minimal", "all_types"] {
        write(
            "spec",
            &format!("{name}.json"),
            &read(&format!("codegen/tests/specs/{name}.json")),
        );
    }
    let demo = "codegen/tests/import_fixtures/demo";
    for lang in ["en", "zh"] {
        let mut input = read(&format!("{demo}/api.{lang}.json"));
        input.push(0);
        input.extend(read(&format!("{demo}/examples.{lang}.json")));
        write("import", &format!("demo-{lang}.json"), &input);
    }
    write(
        "import",
        "bad.json",
        &read("codegen/tests/import_fixtures/bad/api.json"),
    );
}

/// Requests signed as the SDK signs them: TC3 POST (JSON and form), TC3 GET, v1 GET
/// and POST, and a body over the limit.
fn server() {
    let timestamp = 1_700_000_000;
    let tc3 = |method: HttpMethod, query: &str, content_type: &str, body: &[u8], action: &str| {
        let signature = sign_tc3(
            &SigningRequest {
                method,
                host: HOST,
                path: "/",
                query,
                content_type,
                payload: body,
                service: "scf",
                timestamp,
            },
            SECRET_ID,
            SECRET_KEY,
        );
        let (verb, target) = match method {
            HttpMethod::Get => ("GET", format!("/?{query}")),
            HttpMethod::Post => ("POST", "/".to_owned()),
        };
        let mut text = format!(
            "{verb} {target}\nHost: {HOST}\nContent-Type: {content_type}\nAuthorization: {}\n\
             X-TC-Action: {action}\nX-TC-Version: 2018-04-16\nX-TC-Timestamp: {timestamp}\n\
             X-TC-Region: ap-guangzhou\nContent-Length: {}\n\n",
            signature.authorization,
            body.len()
        )
        .into_bytes();
        text.extend_from_slice(body);
        (signature.authorization, text)
    };
    let json_body = br#"{"FunctionName":"hello","Namespace":"default","Limit":10}"#;
    let (auth, post) = tc3(
        HttpMethod::Post,
        "",
        "application/json",
        json_body,
        "GetFunction",
    );
    write(
        "server_request",
        "tc3-post-json.txt",
        &with_prefix(0, &post),
    );
    write(
        "server_request",
        "tc3-post-json-split.txt",
        &with_prefix(5, &post),
    );
    write("server_auth", "tc3.txt", auth.as_bytes());

    let form = b"FunctionName=hello&Code.CosBucketName=b&Timeout=3&Environment.Variables.0.Key=K";
    let (_, post_form) = tc3(
        HttpMethod::Post,
        "",
        "application/x-www-form-urlencoded",
        form,
        "CreateFunction",
    );
    write(
        "server_request",
        "tc3-post-form.txt",
        &with_prefix(0, &post_form),
    );

    let query = encode_query(&[("FunctionName", "hello"), ("Limit", "20"), ("Offset", "0")]);
    let (_, get) = tc3(
        HttpMethod::Get,
        &query,
        "application/x-www-form-urlencoded",
        b"",
        "ListVersionByFunction",
    );
    write("server_request", "tc3-get.txt", &with_prefix(0, &get));

    let big = vec![b'x'; tencentcloud_fuzz::MAX_BODY + 1];
    let (_, too_big) = tc3(
        HttpMethod::Post,
        "",
        "application/json",
        &big,
        "GetFunction",
    );
    write(
        "server_request",
        "tc3-too-large.txt",
        &with_prefix(9, &too_big),
    );

    for (method, algorithm, name) in [
        (HttpMethod::Get, V1Algorithm::HmacSha1, "v1-get-sha1.txt"),
        (
            HttpMethod::Post,
            V1Algorithm::HmacSha256,
            "v1-post-sha256.txt",
        ),
    ] {
        let mut params: Vec<(String, String)> = [
            ("Action", "ListFunctions"),
            ("Version", "2018-04-16"),
            ("Timestamp", "1700000000"),
            ("Nonce", "12345"),
            ("SecretId", SECRET_ID),
            ("Region", "ap-guangzhou"),
            ("Limit", "5"),
            ("Filters.0.Name", "Status"),
            ("Filters.0.Values.0", "Active"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .to_vec();
        if algorithm == V1Algorithm::HmacSha256 {
            params.push(("SignatureMethod".to_owned(), "HmacSHA256".to_owned()));
        }
        let signature = sign_v1(
            &V1SigningRequest {
                method,
                host: HOST,
                path: "/",
                params: &params,
            },
            SECRET_KEY,
            algorithm,
        );
        params.push(("Signature".to_owned(), signature.signature));
        let pairs: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let encoded = encode_query(&pairs);
        let text = match method {
            HttpMethod::Get => format!("GET /?{encoded}\nHost: {HOST}\n\n"),
            HttpMethod::Post => format!(
                "POST /\nHost: {HOST}\nContent-Type: application/x-www-form-urlencoded\n\n{encoded}"
            ),
        };
        write("server_request", name, &with_prefix(0, text.as_bytes()));
        write(
            "server_form",
            name,
            format!("ListFunctions?{encoded}").as_bytes(),
        );
    }
    write(
        "server_form",
        "create-function.txt",
        &[&b"CreateFunction?"[..], form].concat(),
    );
    write(
        "server_auth",
        "repeated.txt",
        b"TC3-HMAC-SHA256 Credential=AKIDfuzz/2023-11-14/scf/tc3_request, Credential=x, Signature=0",
    );
}

/// Published example requests of the mock target's specs, as `<service> <action>`
/// and the body; a GET-style form; and requests the validation refuses.
fn mock() {
    let actions = [
        (
            "cvm",
            "spec/cvm/2017-03-12.json",
            ["DescribeInstances", "RunInstances", "DescribeRegions"],
        ),
        (
            "hunyuan",
            "spec/hunyuan/2023-09-01.json",
            ["ChatCompletions", "ImageQuestion", "GetEmbedding"],
        ),
        (
            "scf",
            "spec/scf/2018-04-16.json",
            ["CreateFunction", "Invoke", "TerminateAsyncEvent"],
        ),
    ];
    for (service, path, names) in actions {
        let spec: serde_json::Value = serde_json::from_slice(&read(path)).unwrap();
        for name in names {
            let Some(example) = spec["actions"][name]["examples"].get(0) else {
                continue;
            };
            let text = format!("{service} {name}\n{}", example["request"]);
            write(
                "mock_request",
                &format!("{service}-{name}.txt"),
                text.as_bytes(),
            );
        }
    }
    let more: [(&str, &str); 5] = [
        (
            "form-describe-instances",
            "cvm DescribeInstances\n?Filters.0.Name=zone&Filters.0.Values.0=ap-guangzhou-3&Limit=1",
        ),
        (
            "wrong-type",
            "cvm DescribeInstances\n{\"Filters\": [{\"Name\": 7}]}",
        ),
        (
            "unknown-member",
            "cvm DescribeInstances\n{\"Filters\": [{\"Name\": \"a\", \"X\": 1}]}",
        ),
        ("missing-member", "scf TerminateAsyncEvent\n{}"),
        ("not-json", "cvm DescribeRegions\n{\"Limit\": "),
    ];
    for (name, text) in more {
        write("mock_request", &format!("{name}.txt"), text.as_bytes());
    }
}
