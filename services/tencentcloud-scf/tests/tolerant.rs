//! Responses that drift from the published description, through the mocking seam:
//! unambiguous mismatches are converted and logged as warnings, anything else is
//! dropped (the member takes its default) with a "lossy" warning, and strict decoding
//! fails on every mismatch.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use tencentcloud_runtime::transport::{self, HttpResponse};
use tencentcloud_scf::operation::get_function::{
    GetFunctionError, GetFunctionRequest, GetFunctionResponse,
};
use tencentcloud_scf::operation::list_functions::{
    ListFunctionsError, ListFunctionsRequest, ListFunctionsResponse,
};
use tencentcloud_scf::{Client, Config, Credentials, Error, RetryConfig};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// The fields of every warning, as text.
#[derive(Clone, Default)]
struct Warnings(Arc<Mutex<Vec<BTreeMap<String, String>>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let text = format!("{value:?}");
        self.0
            .insert(field.name().to_owned(), text.trim_matches('"').to_owned());
    }
}

impl<S: Subscriber> Layer<S> for Warnings {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if *event.metadata().level() == Level::WARN {
            let mut fields = BTreeMap::new();
            event.record(&mut Fields(&mut fields));
            self.0.lock().unwrap().push(fields);
        }
    }
}

impl Warnings {
    fn take(&self) -> Vec<BTreeMap<String, String>> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

fn capture() -> (Warnings, tracing::subscriber::DefaultGuard) {
    let warnings = Warnings::default();
    let subscriber = tracing_subscriber::registry().with(warnings.clone());
    (warnings, tracing::subscriber::set_default(subscriber))
}

fn client(strict: bool, body: String) -> Client {
    let body: &'static str = body.leak();
    let transport = transport::from_fn(move |_| async move { Ok(HttpResponse::new(200, body)) });
    let config = Config::builder()
        .with_credentials(Credentials::new("AKIDtest", "test-key"))
        .with_retry(RetryConfig::disabled())
        .with_strict_decoding(strict)
        .build()
        .expect("valid config");
    Client::with_transport(&config, transport).expect("valid endpoint")
}

/// A ListFunctions page of one function, `drift` replacing one of its members.
fn page(drift: (&str, &str)) -> String {
    let mut response = serde_json::json!({
        "Functions": [{"FunctionName": "hello", "Namespace": "default", "Tags": []}],
        "TotalCount": 1,
        "RequestId": "req-1",
    });
    let value: serde_json::Value = serde_json::from_str(drift.1).unwrap();
    match drift.0 {
        "TotalCount" => response["TotalCount"] = value,
        member => response["Functions"][0][member] = value,
    }
    serde_json::json!({ "Response": response }).to_string()
}

async fn list(
    strict: bool,
    body: String,
) -> Result<ListFunctionsResponse, Error<ListFunctionsError>> {
    client(strict, body)
        .list_functions(&ListFunctionsRequest::new())
        .await
}

async fn get(body: &str) -> Result<GetFunctionResponse, Error<GetFunctionError>> {
    let body = format!(
        r#"{{"Response":{{"FunctionName":"f","AccessInfo":{{}},"DeadLetterConfig":{{"Type":"CMQ","Name":"q"}},"CfsConfig":{{"CfsInsList":[]}},"RequestId":"req-2",{body}}}}}"#
    );
    client(false, body)
        .get_function(&GetFunctionRequest::new())
        .await
}

/// The one warning logged, checked for the path, the action and the types.
fn one_warning(warnings: &Warnings, path: &str, expected: &str, found: &str) {
    let logged = warnings.take();
    assert_eq!(logged.len(), 1, "{logged:?}");
    let warning = &logged[0];
    assert_eq!(warning["action"], "ListFunctions");
    assert_eq!(warning["path"], path);
    assert_eq!(warning["expected"], expected);
    assert_eq!(warning["found"], found);
}

#[tokio::test]
async fn a_null_function_name_becomes_empty() {
    let (warnings, _guard) = capture();
    let response = list(false, page(("FunctionName", "null"))).await.unwrap();
    let functions = response.functions.unwrap();
    assert_eq!(functions[0].function_name, "");
    assert_eq!(functions[0].namespace, "default");
    one_warning(
        &warnings,
        "Response.Functions[0].FunctionName",
        "a string",
        "null",
    );
}

#[tokio::test]
async fn a_numeric_string_total_count_becomes_a_number() {
    let (warnings, _guard) = capture();
    let response = list(false, page(("TotalCount", r#""1""#))).await.unwrap();
    assert_eq!(response.total_count, Some(1));
    assert_eq!(response.request_id, "req-1");
    one_warning(&warnings, "Response.TotalCount", "i64", "string");
}

#[tokio::test]
async fn a_numeric_function_name_becomes_its_decimal_text() {
    let (warnings, _guard) = capture();
    let response = list(false, page(("FunctionName", "123"))).await.unwrap();
    assert_eq!(response.functions.unwrap()[0].function_name, "123");
    one_warning(
        &warnings,
        "Response.Functions[0].FunctionName",
        "a string",
        "integer",
    );
}

#[tokio::test]
async fn an_integral_float_total_count_becomes_an_integer() {
    let (warnings, _guard) = capture();
    let response = list(false, page(("TotalCount", "1.0"))).await.unwrap();
    assert_eq!(response.total_count, Some(1));
    one_warning(&warnings, "Response.TotalCount", "i64", "float");
}

#[tokio::test]
async fn strict_decoding_fails_each_drifted_body_with_its_path() {
    for (member, value, path) in [
        ("FunctionName", "null", "Functions[0].FunctionName"),
        ("TotalCount", r#""1""#, "TotalCount"),
        ("FunctionName", "123", "Functions[0].FunctionName"),
        ("TotalCount", "1.0", "TotalCount"),
    ] {
        let err = list(true, page((member, value))).await.unwrap_err();
        let Error::Response(e) = &err else {
            panic!("{member}: {value}: {err:?}")
        };
        assert_eq!(e.request_id(), Some("req-1"));
        assert!(
            e.reason().contains(&format!(
                "does not match the expected type: {path}: invalid type"
            )),
            "{member}: {value}: {}",
            e.reason()
        );
    }
}

#[tokio::test]
async fn values_without_a_conversion_are_dropped_lossily_and_warned() {
    let (warnings, _guard) = capture();
    for (member, value, path, expected, found) in [
        (
            "TotalCount",
            r#""abc""#,
            "Response.TotalCount",
            "i64",
            "string",
        ),
        // A fraction never becomes an integer (tencentcloud-sdk-go issue 246).
        (
            "TotalCount",
            "2.14E-4",
            "Response.TotalCount",
            "i64",
            "float",
        ),
        (
            "TotalCount",
            "true",
            "Response.TotalCount",
            "i64",
            "boolean",
        ),
        // {} for a scalar (tencentcloud-sdk-go issue 86).
        (
            "FunctionName",
            "{}",
            "Response.Functions[0].FunctionName",
            "a string",
            "object",
        ),
        (
            "FunctionName",
            "[]",
            "Response.Functions[0].FunctionName",
            "a string",
            "array",
        ),
        // A number for a list (tencentcloud-sdk-go issue 8).
        (
            "Tags",
            "3",
            "Response.Functions[0].Tags",
            "a sequence",
            "integer",
        ),
    ] {
        let response = list(false, page((member, value)))
            .await
            .unwrap_or_else(|e| panic!("{member}: {value}: {e}"));
        assert_eq!(response.request_id, "req-1");
        let function = &response.functions.as_ref().unwrap()[0];
        match member {
            "TotalCount" => assert_eq!(response.total_count, None, "{value}"),
            "FunctionName" => assert_eq!(function.function_name, "", "{value}"),
            _ => assert!(function.tags.is_empty(), "{value}"),
        }
        assert_eq!(
            function.namespace, "default",
            "the rest of the answer is kept"
        );
        let logged = warnings.take();
        assert_eq!(logged.len(), 1, "{member}: {value}: {logged:?}");
        let warning = &logged[0];
        assert_eq!(
            (
                warning["path"].as_str(),
                warning["expected"].as_str(),
                warning["found"].as_str()
            ),
            (path, expected, found),
            "{member}: {value}"
        );
        assert_eq!(warning["lossy"], "true");
        assert!(warning["message"].contains("lossy"), "{warning:?}");
    }

    // 2 for a boolean, in a nested shape.
    let response = get(
        r#""ImageConfig":{"ImageType":"personal","ImageUri":"u","ContainerImageAccelerate":2}"#,
    )
    .await
    .unwrap();
    let image = response.image_config.unwrap();
    assert_eq!(image.container_image_accelerate, None);
    assert_eq!(image.image_uri.as_deref(), Some("u"));
    let logged = warnings.take();
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(
        logged[0]["path"],
        "Response.ImageConfig.ContainerImageAccelerate"
    );
    assert_eq!(logged[0]["lossy"], "true");
}

#[tokio::test]
async fn strict_decoding_refuses_what_would_be_lossy() {
    for (member, value, path) in [
        ("TotalCount", "2.14E-4", "TotalCount"),
        ("FunctionName", "{}", "Functions[0].FunctionName"),
        ("Tags", "3", "Functions[0].Tags"),
        (
            "TotalProvisionedConcurrencyMem",
            "-1",
            "Functions[0].TotalProvisionedConcurrencyMem",
        ),
    ] {
        let err = list(true, page((member, value))).await.unwrap_err();
        let Error::Response(e) = &err else {
            panic!("{member}: {value}: {err:?}")
        };
        assert!(
            e.reason().contains(&format!(
                "does not match the expected type: {path}: invalid"
            )),
            "{member}: {value}: {}",
            e.reason()
        );
    }
}

#[tokio::test]
async fn booleans_accept_zero_one_and_their_words() {
    for (value, expected) in [
        ("1", true),
        ("0", false),
        (r#""true""#, true),
        (r#""false""#, false),
    ] {
        let response = get(&format!(
            r#""ImageConfig":{{"ImageType":"personal","ImageUri":"u","ContainerImageAccelerate":{value}}}"#
        ))
        .await
        .unwrap();
        let image = response.image_config.unwrap();
        assert_eq!(image.container_image_accelerate, Some(expected), "{value}");
    }
}

#[tokio::test]
async fn nested_members_are_named_by_their_full_path() {
    let (warnings, _guard) = capture();
    let body = serde_json::json!({"Response": {
        "Functions": [
            {"FunctionName": "a", "Tags": [{"Key": "team", "Value": "media"}]},
            {"FunctionName": "b", "Tags": [{"Key": "env", "Value": 7}, {"Key": 8, "Value": null}],
             "StatusReasons": [{"ErrorCode": 500, "ErrorMessage": null}]},
        ],
        "RequestId": "req-1",
    }});
    let response = list(false, body.to_string()).await.unwrap();
    let functions = response.functions.unwrap();
    let tags = &functions[1].tags;
    assert_eq!(tags[0].value.as_deref(), Some("7"));
    assert_eq!(tags[1].key.as_deref(), Some("8"));
    assert_eq!(tags[1].value, None, "null is already None for an Option");
    assert_eq!(functions[1].status_reasons[0].error_code, "500");
    assert_eq!(functions[1].status_reasons[0].error_message, "");

    let mut paths: Vec<String> = warnings
        .take()
        .into_iter()
        .map(|w| format!("{} {}", w["path"], w["members"]))
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "Response.Functions[1].StatusReasons[0].ErrorCode 1",
            "Response.Functions[1].StatusReasons[0].ErrorMessage 1",
            "Response.Functions[1].Tags[0].Value 1",
            "Response.Functions[1].Tags[1].Key 1",
        ]
    );
}

#[tokio::test]
async fn one_warning_covers_a_member_drifted_in_every_element_of_a_page() {
    let (warnings, _guard) = capture();
    let functions: Vec<_> = (0..100)
        .map(|i| serde_json::json!({"FunctionName": i, "Namespace": null}))
        .collect();
    let body = serde_json::json!({"Response": {
        "Functions": functions, "TotalCount": "100", "RequestId": "req-1",
    }});
    let response = list(false, body.to_string()).await.unwrap();
    let functions = response.functions.unwrap();
    assert_eq!(functions.len(), 100);
    assert_eq!(functions[99].function_name, "99");
    assert_eq!(response.total_count, Some(100));

    let logged = warnings.take();
    let counts: Vec<(&str, &str)> = logged
        .iter()
        .map(|w| (w["path"].as_str(), w["members"].as_str()))
        .collect();
    assert_eq!(
        counts,
        [
            ("Response.Functions[0].FunctionName", "100"),
            ("Response.Functions[0].Namespace", "100"),
            ("Response.TotalCount", "1"),
        ]
    );
}

#[tokio::test]
async fn a_body_that_matches_logs_nothing() {
    let (warnings, _guard) = capture();
    let response = list(false, page(("FunctionName", r#""hello""#)))
        .await
        .unwrap();
    assert_eq!(response.total_count, Some(1));
    assert_eq!(warnings.take(), []);
}

#[tokio::test]
async fn a_numeric_request_id_is_converted_and_warned_about_once() {
    let (warnings, _guard) = capture();
    let body = r#"{"Response":{"Functions":[],"TotalCount":0,"RequestId":20261201}}"#;
    let response = list(false, body.to_owned()).await.unwrap();
    assert_eq!(response.request_id, "20261201");
    one_warning(&warnings, "Response.RequestId", "a string", "integer");

    let err = list(true, body.to_owned()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Response(e) if e.reason().contains("Response.RequestId")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_numeric_error_code_is_matched_as_its_text() {
    let (warnings, _guard) = capture();
    let body = r#"{"Response":{"Error":{"Code":4000,"Message":"m"},"RequestId":20261201}}"#;
    let err = list(false, body.to_owned()).await.unwrap_err();
    assert_eq!(err.code_str(), Some("4000"));
    assert_eq!(err.request_id(), Some("20261201"));
    let paths: Vec<String> = warnings
        .take()
        .into_iter()
        .map(|w| w["path"].clone())
        .collect();
    assert_eq!(paths, ["Response.RequestId", "Response.Error.Code"]);
}
