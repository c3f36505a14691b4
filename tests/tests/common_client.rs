//! `CommonClient` over loopback HTTP: SCF actions on the emulator, by JSON and by
//! typed values, through a generated client's `common()` too; and a made-up service on
//! a `tencentcloud-server` endpoint that verifies TC3 and v1 signatures.

mod emulator_support;

use emulator_support::{Emu, SECRET_ID, SECRET_KEY, VERSION, runtime};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tencentcloud_runtime::transport::HttpMethod;
use tencentcloud_runtime::{
    ActionMeta, AnyCode, CommonClient, CommonCode, Config, ConfigBuilder, Credentials, Error,
    Language, RetryConfig, ServiceError, ServiceMeta, SignatureMethod,
};
use tencentcloud_scf::operation::list_namespaces::ListNamespacesRequest;
use tencentcloud_scf::server::InProcess;
use tencentcloud_server::{ParamTypes, RunningServer, Server, ServerConfig, dispatch_fn};

fn config_for(endpoint: String, configure: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Config {
    let builder = Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .with_region("ap-guangzhou")
        .with_endpoint(endpoint)
        .with_no_proxy()
        .with_retry(RetryConfig::disabled());
    configure(builder).build().expect("config")
}

fn scf(emu: &Emu) -> CommonClient {
    // Owned names: nothing needs to be 'static.
    let (service, version) = (String::from("scf"), VERSION.to_owned());
    CommonClient::new(service, version, &config_for(emu.endpoint(), |b| b)).expect("client")
}

fn namespaces(answer: &Value) -> Vec<&str> {
    answer["Namespaces"]
        .as_array()
        .expect("a Namespaces array")
        .iter()
        .map(|n| n["Name"].as_str().expect("a Name"))
        .collect()
}

#[test]
fn scf_actions_by_json_answer_the_response_object_with_its_request_id() {
    let emu = Emu::start();
    let client = scf(&emu);
    runtime().block_on(async {
        let created = client
            .call_json(
                "CreateNamespace",
                json!({"Namespace": "by-json", "Description": "made by call_json"}),
            )
            .await
            .expect("CreateNamespace");
        assert_eq!(created["RequestId"].as_str().map(str::len), Some(36));

        let listed = client
            .call_json("ListNamespaces", json!({"Limit": 20}))
            .await
            .expect("ListNamespaces");
        assert!(namespaces(&listed).contains(&"by-json"), "{listed}");
        assert!(listed["TotalCount"].as_u64().unwrap() >= 1);
        assert!(listed["RequestId"].is_string());
    });
}

#[derive(Serialize)]
struct CreateNamespace<'a> {
    #[serde(rename = "Namespace")]
    namespace: &'a str,
}

#[derive(Debug, Deserialize)]
struct Created {
    #[serde(rename = "RequestId")]
    request_id: String,
}

#[derive(Debug, Deserialize)]
struct Listed {
    #[serde(rename = "Namespaces")]
    namespaces: Vec<Named>,
    #[serde(rename = "RequestId")]
    request_id: String,
}

#[derive(Debug, Deserialize)]
struct Named {
    #[serde(rename = "Name")]
    name: String,
}

#[test]
fn scf_actions_by_typed_values_and_their_errors() {
    let emu = Emu::start();
    let client = scf(&emu);
    runtime().block_on(async {
        let request = CreateNamespace { namespace: "typed" };
        let created: Created = client.call("CreateNamespace", &request).await.unwrap();
        assert_eq!(created.request_id.len(), 36);

        let listed: Listed = client
            .call(
                "ListNamespaces",
                &ListNamespacesRequest::new().set_limit(20),
            )
            .await
            .unwrap();
        assert!(listed.namespaces.iter().any(|n| n.name == "typed"));
        assert_eq!(listed.request_id.len(), 36);

        // A code SCF documents for the action, which the common client keeps as text.
        match client.call::<_, Created>("CreateNamespace", &request).await {
            Err(Error::Service(ServiceError {
                code: AnyCode::Unknown { code },
                request_id,
                ..
            })) => {
                assert_eq!(code, "ResourceInUse.Namespace");
                assert_eq!(request_id.len(), 36);
            }
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn an_action_scf_does_not_have_is_invalid_action() {
    let emu = Emu::start();
    let client = scf(&emu);
    let result = runtime().block_on(client.call_json("DescribeNothingAtAll", json!({})));
    match result {
        Err(Error::Service(ServiceError {
            code: AnyCode::Common(CommonCode::InvalidAction),
            request_id,
            ..
        })) => assert_eq!(request_id.len(), 36),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_generated_client_s_common_client_shares_its_service_and_config() {
    let emu = Emu::start();
    let client = emu.client_with(|b| b.with_language(Language::EnUs));
    let common = client.common().expect("a client with a config");
    assert_eq!((common.service(), common.version()), ("scf", VERSION));
    assert_eq!(common.endpoint(), format!("{}/", emu.endpoint()));
    assert_eq!(common.config().language(), Some(Language::EnUs));
    let listed = runtime()
        .block_on(common.call_json("ListNamespaces", json!({})))
        .unwrap();
    assert_eq!(namespaces(&listed), ["default"]);

    let stubbed = tencentcloud_scf::Client::from_stub(InProcess::new(scf_emulator::Emulator::new(
        Default::default(),
    )));
    assert!(stubbed.common().is_none(), "a stub has no service to call");
}

static MADEUP: ServiceMeta = ServiceMeta {
    name: "madeup",
    version: "2020-01-01",
    endpoint: "madeup.tencentcloudapi.com",
};
static MADEUP_ACTIONS: &[ActionMeta] = &[ActionMeta {
    name: "DescribeThings",
    qps_limit: None,
    idempotent: true,
}];

/// `madeup` on loopback: it verifies signatures with the test key and answers
/// `DescribeThings` with the action and parameters it received.
async fn madeup() -> RunningServer {
    let types = ParamTypes::from_spec(
        r#"{"actions": {"DescribeThings": {"input": [
            {"name": "Limit", "type": "int64"},
            {"name": "Names", "type": "list<string>"}
        ]}}}"#,
    )
    .unwrap();
    let config = ServerConfig::new(MADEUP, MADEUP_ACTIONS)
        .credential(SECRET_ID, SECRET_KEY)
        .with_param_types(types);
    let echo = dispatch_fn(|action: String, body| async move {
        let params: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        Ok(json!({"Action": action, "Params": params}))
    });
    Server::new(config, echo)
        .bind("127.0.0.1:0")
        .await
        .expect("bind loopback")
}

fn madeup_client(
    server: &RunningServer,
    configure: impl FnOnce(ConfigBuilder) -> ConfigBuilder,
) -> CommonClient {
    CommonClient::new(
        "madeup",
        "2020-01-01",
        &config_for(server.endpoint(), configure),
    )
    .unwrap()
}

type Configure = fn(ConfigBuilder) -> ConfigBuilder;

#[tokio::test]
async fn a_made_up_service_accepts_every_signature_method() {
    let server = madeup().await;
    let params = json!({"Limit": 2, "Names": ["a b", "函数"]});
    let methods: [(&str, Configure); 4] = [
        ("TC3 POST", |b| b),
        ("TC3 GET", |b| b.with_http_method(HttpMethod::Get)),
        ("HmacSHA256", |b| {
            b.with_signature_method(SignatureMethod::HmacSha256)
        }),
        ("HmacSHA1", |b| {
            b.with_signature_method(SignatureMethod::HmacSha1)
        }),
    ];
    for (method, configure) in methods {
        let client = madeup_client(&server, configure);
        let answer = client
            .call_json("DescribeThings", params.clone())
            .await
            .unwrap_or_else(|e| panic!("{method}: {e}"));
        assert_eq!(answer["Action"], "DescribeThings", "{method}");
        assert_eq!(answer["Params"], params, "{method}");
        assert_eq!(answer["RequestId"].as_str().map(str::len), Some(36));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_made_up_service_refuses_with_typed_common_codes() {
    let server = madeup().await;
    let code = |result: Result<Value, Error<AnyCode>>| match result {
        Err(Error::Service(ServiceError {
            code: AnyCode::Common(code),
            request_id,
            ..
        })) if request_id.len() == 36 => code,
        other => panic!("{other:?}"),
    };

    let client = madeup_client(&server, |b| b);
    let result = client.call_json("CreateThings", json!({})).await;
    assert_eq!(code(result), CommonCode::InvalidAction);

    let wrong_key = madeup_client(&server, |b| {
        b.with_credentials(Credentials::new(SECRET_ID, "not-the-key"))
    });
    let result = wrong_key.call_json("DescribeThings", json!({})).await;
    assert_eq!(code(result), CommonCode::AuthFailureSignatureFailure);

    let other_version = CommonClient::new(
        "madeup",
        "2099-09-09",
        &config_for(server.endpoint(), |b| b),
    )
    .unwrap();
    let result = other_version.call_json("DescribeThings", json!({})).await;
    assert_eq!(code(result), CommonCode::NoSuchVersion);
    server.shutdown().await;
}
