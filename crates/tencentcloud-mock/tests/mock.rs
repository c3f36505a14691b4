//! The mock over loopback HTTP, driven by the repository's specs: CVM, VPC, Hunyuan
//! and SCF through the common client and generated clients, canned responses,
//! overrides, and every kind of bad input answered with its documented code.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tencentcloud_mock::{Catalog, Mock, Responses};
use tencentcloud_runtime::signing::{SigningRequest, sign_tc3};
use tencentcloud_runtime::transport::HttpMethod;
use tencentcloud_runtime::{
    AnyCode, CommonClient, Config, Credentials, Error, ErrorCode, RetryConfig, SignatureMethod,
    StaticTimeSource,
};
use tencentcloud_server::{RunningServer, ServerConfig};

const SECRET_ID: &str = "AKIDmockTEST";
const SECRET_KEY: &str = "mock-test-key";

fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec")
}

fn catalog() -> Catalog {
    let only = ["cvm", "vpc", "hunyuan", "scf"].map(String::from);
    Catalog::load_dir(&spec_dir(), Some(&only)).expect("the repository's specs load")
}

fn server_config() -> ServerConfig {
    ServerConfig::any_service()
        .credential(SECRET_ID, SECRET_KEY)
        .with_max_body_bytes(64 * 1024)
}

async fn start(mock: Mock) -> RunningServer {
    mock.bind(server_config(), "127.0.0.1:0").await.unwrap()
}

fn config(endpoint: &str) -> Config {
    Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .with_endpoint(endpoint)
        .with_retry(RetryConfig::disabled())
        .build()
        .unwrap()
}

fn common(server: &RunningServer, service: &'static str, version: &'static str) -> CommonClient {
    CommonClient::new(service, version, &config(&server.endpoint())).unwrap()
}

/// The code and message of a service error.
fn refused(result: Result<Value, Error<AnyCode>>) -> (String, String, String) {
    match result {
        Err(Error::Service(e)) => (e.code.as_str().to_owned(), e.message, e.request_id),
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn cvm_describe_regions_answers_the_published_example_with_a_fresh_request_id() {
    let server = start(Mock::new(catalog())).await;
    let cvm = common(&server, "cvm", "2017-03-12");
    let regions = cvm.call_json("DescribeRegions", json!({})).await.unwrap();
    assert_eq!(regions["TotalCount"], 9);
    assert_eq!(regions["RegionSet"][0]["Region"], "ap-beijing");
    let id = regions["RequestId"].as_str().unwrap();
    assert_eq!(id.len(), 36, "{id}");
    let again = cvm.call_json("DescribeRegions", json!({})).await.unwrap();
    assert_ne!(again["RequestId"], regions["RequestId"]);
}

#[tokio::test]
async fn cvm_describe_instances_with_filters_is_validated_member_by_member() {
    let server = start(Mock::new(catalog())).await;
    let cvm = common(&server, "cvm", "2017-03-12");
    let filters = json!([{"Name": "zone", "Values": ["ap-guangzhou-3", "ap-guangzhou-4"]}]);
    let found = cvm
        .call_json(
            "DescribeInstances",
            json!({"Filters": filters, "Limit": 1, "Offset": 0}),
        )
        .await
        .unwrap();
    assert_eq!(found["InstanceSet"][0]["InstanceId"], "ins-xlsyru2j");

    let cases = [
        (
            json!({"Filters": [{"Name": 7, "Values": ["a"]}]}),
            "InvalidParameterValue",
            "Filters.0.Name: expected a string, got an integer",
        ),
        (
            json!({"Filters": [{"Name": "zone", "Values": "ap-guangzhou-3"}]}),
            "InvalidParameterValue",
            "Filters.0.Values: expected a list (list<string>), got a string",
        ),
        (
            json!({"Filters": [{"Name": "zone", "Value": ["a"]}]}),
            "UnknownParameter",
            "Filters.0.Value: the parameter is not defined for this action",
        ),
        (
            json!({"Limit": "1"}),
            "InvalidParameterValue",
            "Limit: expected an integer, got a string",
        ),
    ];
    for (request, code, message) in cases {
        let (got_code, got_message, request_id) =
            refused(cvm.call_json("DescribeInstances", request.clone()).await);
        assert_eq!(
            (got_code.as_str(), got_message.as_str()),
            (code, message),
            "{request}"
        );
        assert_eq!(request_id.len(), 36);
    }
}

#[tokio::test]
async fn vpc_over_post_get_and_v1_with_form_values_typed_by_the_spec() {
    let server = start(Mock::new(catalog())).await;
    let request = json!({"Filters": [{"Name": "is-default", "Values": ["false"]}], "Limit": "2"});
    let tc3 = common(&server, "vpc", "2017-03-12");
    let vpcs = tc3
        .call_json("DescribeVpcs", request.clone())
        .await
        .unwrap();
    assert_eq!(vpcs["TotalCount"], 1);
    assert!(vpcs["VpcSet"][0]["VpcId"].is_string());

    // GET and v1 send form values, all text; the spec types them back.
    let get = Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .with_endpoint(server.endpoint())
        .with_http_method(HttpMethod::Get)
        .with_retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let get = CommonClient::new("cvm", "2017-03-12", &get).unwrap();
    let instances = get
        .call_json(
            "DescribeInstances",
            json!({"Filters": [{"Name": "zone", "Values": ["ap-guangzhou-3"]}], "Limit": 1}),
        )
        .await
        .unwrap();
    assert!(instances["InstanceSet"].is_array());

    let v1 = Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .with_endpoint(server.endpoint())
        .with_signature_method(SignatureMethod::HmacSha256)
        .with_retry(RetryConfig::disabled())
        .build()
        .unwrap();
    // A v1 request to a loopback host names no service: the one service with this
    // version and action answers.
    let v1 = CommonClient::new("vpc", "2017-03-12", &v1).unwrap();
    let vpcs = v1.call_json("DescribeVpcs", request).await.unwrap();
    assert_eq!(vpcs["TotalCount"], 1);
}

#[tokio::test]
async fn hunyuan_chat_completions_with_stream_answers_an_event_stream() {
    use tencentcloud_hunyuan::operation::chat_completions::ChatCompletionsRequest;
    use tencentcloud_hunyuan::types::Message;

    let server = start(Mock::new(catalog())).await;
    let client = tencentcloud_hunyuan::Client::new(&config(&server.endpoint())).unwrap();
    let request = ChatCompletionsRequest::new(
        "hunyuan-turbos-latest",
        [Message::new("user").set_content("hi")],
    );
    let mut events = client.chat_completions_stream(&request).await.unwrap();
    assert_eq!(events.request_id().len(), 36);
    let first = events.next_event().await.unwrap().unwrap();
    let choice = &first.data.choices.as_ref().unwrap()[0];
    assert!(
        choice.message.is_some() || choice.delta.is_some(),
        "{}",
        first.raw
    );
    assert!(events.next_event().await.is_none());

    // Without Stream the same action answers one JSON object.
    let whole = client.chat_completions(&request).await.unwrap();
    assert!(!whole.choices.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn canned_responses_win_by_action_and_members() {
    let responses = Responses::from_json(
        r#"[{"service": "cvm", "action": "DescribeInstances", "when": {"Limit": 7},
             "response": {"TotalCount": 0, "InstanceSet": []}},
            {"service": "cvm", "action": "RunInstances",
             "error": {"Code": "ResourceInsufficient", "Message": "sold out"}}]"#,
    )
    .unwrap();
    let server = start(Mock::new(catalog()).with_responses(responses)).await;
    let cvm = common(&server, "cvm", "2017-03-12");
    let empty = cvm
        .call_json("DescribeInstances", json!({"Limit": 7}))
        .await
        .unwrap();
    assert_eq!(empty["TotalCount"], 0);
    let example = cvm
        .call_json("DescribeInstances", json!({"Limit": 1}))
        .await
        .unwrap();
    assert_ne!(example["TotalCount"], 0);
    let (code, message, _) = refused(
        cvm.call_json("RunInstances", json!({"ImageId": "img-1"}))
            .await,
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("ResourceInsufficient", "sold out")
    );
}

#[tokio::test]
async fn scf_emulator_overrides_scf_and_keeps_its_state_while_other_actions_fall_through() {
    let emulator = Arc::new(scf_emulator::Emulator::default());
    let mock = Mock::new(catalog()).with_override("scf", "2018-04-16", Arc::clone(&emulator));
    let server = start(mock).await;
    let scf = tencentcloud_scf::Client::new(&config(&server.endpoint())).unwrap();
    use tencentcloud_scf::operation::create_namespace::CreateNamespaceRequest;
    use tencentcloud_scf::operation::list_namespaces::ListNamespacesRequest;
    scf.create_namespace(&CreateNamespaceRequest::new("team-a"))
        .await
        .unwrap();
    let listed = scf
        .list_namespaces(&ListNamespacesRequest::new())
        .await
        .unwrap();
    let names: Vec<_> = listed
        .namespaces
        .iter()
        .flatten()
        .map(|n| n.name.as_str())
        .collect();
    assert_eq!(names, ["default", "team-a"]);
    // An action the emulator does not implement answers the published example.
    let common = scf.common().unwrap();
    let layers = common.call_json("ListLayers", json!({})).await.unwrap();
    assert!(layers.get("TotalCount").is_some(), "{layers}");
    // The emulator's own errors are kept.
    let (code, _, _) = refused(
        common
            .call_json("DeleteNamespace", json!({"Namespace": "nope"}))
            .await,
    );
    assert!(code.starts_with("ResourceNotFound"), "{code}");
}

#[tokio::test]
async fn unknown_service_version_and_action_get_their_documented_codes() {
    let server = start(Mock::new(catalog())).await;
    let endpoint = server.endpoint();
    let call = |service: &'static str, version: &'static str, action: &'static str| {
        let client = CommonClient::new(service, version, &config(&endpoint)).unwrap();
        async move { refused(client.call_json(action, json!({})).await) }
    };
    let (code, message, id) = call("nosuch", "2017-03-12", "DescribeRegions").await;
    assert_eq!(code, "NoSuchProduct", "{message}");
    assert_eq!(id.len(), 36);
    let (code, message, _) = call("cvm", "2099-01-01", "DescribeRegions").await;
    assert_eq!(code, "NoSuchVersion");
    assert!(message.contains("2017-03-12"), "{message}");
    let (code, _, _) = call("cvm", "2017-03-12", "DescribeNothing").await;
    assert_eq!(code, "InvalidAction");
}

#[tokio::test]
async fn bad_signatures_and_expired_timestamps_are_refused() {
    let server = start(Mock::new(catalog())).await;
    let wrong_key = Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, "not-the-key"))
        .with_endpoint(server.endpoint())
        .with_retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let client = CommonClient::new("cvm", "2017-03-12", &wrong_key).unwrap();
    let (code, _, _) = refused(client.call_json("DescribeRegions", json!({})).await);
    assert_eq!(code, "AuthFailure.SignatureFailure");

    let expired = Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .with_endpoint(server.endpoint())
        .with_time_source(StaticTimeSource::new(
            std::time::UNIX_EPOCH + Duration::from_secs(1_600_000_000),
        ))
        .with_retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let client = CommonClient::new("cvm", "2017-03-12", &expired).unwrap();
    let (code, _, _) = refused(client.call_json("DescribeRegions", json!({})).await);
    assert_eq!(code, "AuthFailure.SignatureExpire");
}

/// A correctly signed TC3 POST of `body` (any bytes) to `service`, over a raw socket:
/// the envelope answered.
fn raw_post(addr: SocketAddr, service: &str, version: &str, action: &str, body: &[u8]) -> Value {
    let (_, body) = raw_exchange(addr, &addr.to_string(), service, version, action, body);
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// As [`raw_post`]: the response's head and body as text.
fn raw_exchange(
    addr: SocketAddr,
    host: &str,
    service: &str,
    version: &str,
    action: &str,
    body: &[u8],
) -> (String, String) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let signature = sign_tc3(
        &SigningRequest {
            method: HttpMethod::Post,
            host,
            path: "/",
            query: "",
            content_type: "application/json",
            payload: body,
            service,
            timestamp: now,
        },
        SECRET_ID,
        SECRET_KEY,
    );
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nX-TC-Action: {action}\r\n\
         X-TC-Version: {version}\r\nX-TC-Timestamp: {now}\r\nAuthorization: {}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        signature.authorization,
        body.len()
    );
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    let (head, body) = text.split_once("\r\n\r\n").expect("a response");
    (head.to_owned(), body.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_request_is_answered_as_text_event_stream_from_the_example() {
    let server = start(Mock::new(catalog())).await;
    let addr = server.local_addr();
    let body = br#"{"Model": "hunyuan-lite", "Messages": [{"Role": "user", "Content": "hi"}], "Stream": true}"#;
    let (head, events) = tokio::task::spawn_blocking(move || {
        raw_exchange(
            addr,
            &addr.to_string(),
            "hunyuan",
            "2023-09-01",
            "ChatCompletions",
            body,
        )
    })
    .await
    .unwrap();
    let head = head.to_ascii_lowercase();
    assert!(head.contains("content-type: text/event-stream"), "{head}");
    assert!(head.contains("x-tc-requestid: "), "{head}");
    assert!(events.contains("data: {"), "{events}");
    assert!(events.contains("\"Choices\""), "{events}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_and_oversized_bodies_get_their_codes_and_a_request_id() {
    let server = start(Mock::new(catalog())).await;
    let addr = server.local_addr();
    let cases: [(&[u8], &str); 4] = [
        (b"{\"Limit\": ", "InvalidParameter"),
        (b"[1, 2]", "InvalidParameter"),
        (b"\xff\xfe", "InvalidParameter"),
        (&[b' '; 70 * 1024], "RequestSizeLimitExceeded"),
    ];
    for (body, code) in cases {
        let answer = tokio::task::spawn_blocking(move || {
            raw_post(addr, "cvm", "2017-03-12", "DescribeInstances", body)
        })
        .await
        .unwrap();
        assert_eq!(answer["Response"]["Error"]["Code"], code, "{answer}");
        assert_eq!(answer["Response"]["RequestId"].as_str().unwrap().len(), 36);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_host_names_the_service_regional_hosts_too_and_must_agree_with_the_scope() {
    let server = start(Mock::new(catalog())).await;
    let addr = server.local_addr();
    let send = move |host: &'static str, scope: &'static str, action: &'static str| {
        tokio::task::spawn_blocking(move || {
            let (_, body) = raw_exchange(addr, host, scope, "2017-03-12", action, b"{}");
            serde_json::from_str::<Value>(&body).unwrap()
        })
    };
    let regional = send(
        "cvm.ap-guangzhou.tencentcloudapi.com",
        "cvm",
        "DescribeRegions",
    )
    .await
    .unwrap();
    assert!(regional["Response"]["RegionSet"].is_array(), "{regional}");
    let vpc = send("vpc.tencentcloudapi.com", "vpc", "DescribeVpcs")
        .await
        .unwrap();
    assert!(vpc["Response"]["VpcSet"].is_array(), "{vpc}");
    let mismatch = send("vpc.tencentcloudapi.com", "cvm", "DescribeRegions")
        .await
        .unwrap();
    assert_eq!(
        mismatch["Response"]["Error"]["Code"], "AuthFailure.SignatureFailure",
        "{mismatch}"
    );
}

#[tokio::test]
async fn a_service_left_out_with_only_is_no_such_product() {
    let only = ["cvm".to_owned()];
    let catalog = Catalog::load_dir(&spec_dir(), Some(&only)).unwrap();
    assert_eq!(catalog.len(), 1);
    let server = start(Mock::new(catalog)).await;
    let (code, _, _) = refused(
        common(&server, "vpc", "2017-03-12")
            .call_json("DescribeVpcs", json!({}))
            .await,
    );
    assert_eq!(code, "NoSuchProduct");
    let nothing = ["nosuch".to_owned()];
    let error = Catalog::load_dir(&spec_dir(), Some(&nothing)).unwrap_err();
    assert!(error.to_string().contains("no spec of nosuch"), "{error}");
}
