//! The emulator in process, through the generated `Service` trait (no HTTP): state
//! transitions, and every error it returns checked against the spec.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::{Value, json};
use tencentcloud_runtime::{CommonCode, ErrorCode};
use tencentcloud_scf::server::Service;

use crate::{Behaviour, Dispatch, Emulator, SPEC};

/// Codes the spec documents for each action (common codes are `Common`, valid for all).
fn documented_codes() -> BTreeMap<String, BTreeSet<String>> {
    let spec: Value = serde_json::from_str(SPEC).unwrap();
    spec["actions"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, action)| {
            let codes = action["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["code"].as_str().unwrap().to_owned())
                .collect();
            (name.clone(), codes)
        })
        .collect()
}

/// Every `<Action>Error::<Variant>` named in the emulator's source.
fn variants_in_source() -> Vec<(String, String)> {
    let source = include_str!("service.rs");
    let mut found = Vec::new();
    for (at, _) in source.match_indices("Error::") {
        let before = &source[..at];
        let start = before
            .rfind(|c: char| !c.is_ascii_alphanumeric())
            .map_or(0, |i| i + 1);
        let action = &before[start..];
        let after = &source[at + "Error::".len()..];
        let end = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        // `ActionError::new` is the wrapper, not a code.
        if !action.is_empty() && action != "Action" {
            found.push((action.to_owned(), after[..end].to_owned()));
        }
    }
    found
}

/// The generator's variant names are the code's segments in UpperCamelCase, so a
/// variant and its code are equal once dots and case are dropped.
fn same_name(variant: &str, code: &str) -> bool {
    variant.eq_ignore_ascii_case(&code.replace('.', ""))
}

#[test]
fn every_error_variant_in_the_source_is_documented_for_its_action() {
    let documented = documented_codes();
    let used = variants_in_source();
    assert!(used.len() > 40, "the scan found only {used:?}");
    for (action, variant) in used {
        assert_ne!(variant, "Unknown", "{action}Error::Unknown is constructed");
        // A common code (`Common(CommonCode::…)`) is one any action can return.
        if variant == "Common" {
            continue;
        }
        let codes = documented
            .get(&action)
            .unwrap_or_else(|| panic!("{action} is not an action of the spec"));
        assert!(
            codes.iter().any(|code| same_name(&variant, code)),
            "{action}Error::{variant} is not a code the spec documents for {action}"
        );
    }
}

#[test]
fn the_source_never_makes_a_code_from_text() {
    let source = include_str!("service.rs");
    for forbidden in ["from_code", "Unknown {", "unsupported("] {
        assert!(
            !source.contains(forbidden),
            "service.rs uses {forbidden:?}, which can make an undocumented code"
        );
    }
}

fn emulator() -> Emulator {
    Emulator::new(
        Behaviour::default()
            .with_default_duration(Duration::from_millis(30))
            .with_grace_period(Duration::from_millis(150)),
    )
}

/// Runs `action` with `body` through the generated dispatch; the code on failure.
async fn call(emulator: &Emulator, action: &str, body: Value) -> Result<Value, String> {
    emulator
        .dispatch(action, body.to_string().as_bytes())
        .await
        .map_err(|e| e.code)
}

/// Creates a function with the `CreateFunction` request `body`.
async fn create_function(emulator: &Emulator, body: Value) {
    call(emulator, "CreateFunction", body).await.unwrap();
}

/// Starts an async event of function `name` with `Invoke`; its id.
async fn invoke_event(emulator: &Emulator, name: &str) -> String {
    call(
        emulator,
        "Invoke",
        json!({"FunctionName": name, "InvocationType": "Event"}),
    )
    .await
    .unwrap()["Result"]["FunctionRequestId"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn every_code_returned_on_the_error_paths_is_documented_for_its_action() {
    let documented = documented_codes();
    let emulator = emulator();
    let slow = json!({"Variables": [{"Key": "EMULATOR_DURATION_MS", "Value": "60000"}]});
    let quick = json!({"Variables": [{"Key": "EMULATOR_DURATION_MS", "Value": "0"}]});
    for (name, env) in [("slow", &slow), ("quick", &quick)] {
        create_function(
            &emulator,
            json!({"FunctionName": name, "Code": {}, "Environment": env, "Timeout": 120}),
        )
        .await;
    }
    call(&emulator, "CreateNamespace", json!({"Namespace": "busy"}))
        .await
        .unwrap();
    create_function(
        &emulator,
        json!({"FunctionName": "resident", "Code": {}, "Namespace": "busy"}),
    )
    .await;
    let running = invoke_event(&emulator, "slow").await;
    let finished = invoke_event(&emulator, "quick").await;

    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "CreateNamespace",
            json!({"Namespace": "default"}),
            "InvalidParameterValue.DefaultNamespace",
        ),
        (
            "CreateNamespace",
            json!({"Namespace": "1bad"}),
            "InvalidParameterValue.Namespace",
        ),
        (
            "CreateNamespace",
            json!({"Namespace": "busy"}),
            "ResourceInUse.Namespace",
        ),
        (
            "CreateNamespace",
            json!({"Namespace": "x", "Description": "d".repeat(51)}),
            "InvalidParameterValue.Description",
        ),
        (
            "ListNamespaces",
            json!({"Order": "UP"}),
            "InvalidParameterValue.Order",
        ),
        (
            "ListNamespaces",
            json!({"Orderby": "Size"}),
            "InvalidParameterValue.Order",
        ),
        (
            "ListNamespaces",
            json!({"Limit": 101}),
            "InvalidParameterValue",
        ),
        (
            "ListNamespaces",
            json!({"SearchKey": [{"Key": "Owner", "Value": "x"}]}),
            "InvalidParameterValue.SearchKey",
        ),
        (
            "DeleteNamespace",
            json!({"Namespace": "default"}),
            "InvalidParameterValue.Namespace",
        ),
        (
            "DeleteNamespace",
            json!({"Namespace": "nope"}),
            "ResourceNotFound.Namespace",
        ),
        (
            "DeleteNamespace",
            json!({"Namespace": "busy"}),
            "ResourceInUse.Namespace",
        ),
        (
            "CreateFunction",
            json!({"FunctionName": "a", "Code": {}}),
            "InvalidParameterValue.FunctionName",
        ),
        (
            "CreateFunction",
            json!({"FunctionName": "slow", "Code": {}}),
            "ResourceInUse.Function",
        ),
        (
            "CreateFunction",
            json!({"FunctionName": "f1", "Code": {}, "Namespace": "nope"}),
            "ResourceNotFound.Namespace",
        ),
        (
            "CreateFunction",
            json!({"FunctionName": "f1", "Code": {}, "MemorySize": 10}),
            "InvalidParameterValue.MemorySize",
        ),
        (
            "CreateFunction",
            json!({"FunctionName": "f1", "Code": {}, "Timeout": 901}),
            "LimitExceeded.Timeout",
        ),
        (
            "CreateFunction",
            json!({"FunctionName": "f1", "Code": {}, "AsyncRunEnable": "yes"}),
            "InvalidParameterValue.AsyncRunEnable",
        ),
        (
            "CreateFunction",
            json!({"FunctionName": "f1", "Code": {}, "TraceEnable": "yes"}),
            "InvalidParameterValue.TraceEnable",
        ),
        (
            "CreateFunction",
            json!({"FunctionName": "f1", "Code": {}, "Type": "Cron"}),
            "InvalidParameterValue.FunctionType",
        ),
        (
            "CreateFunction",
            json!({"FunctionName": "f1", "Code": {}, "Environment": {"Variables": [{"Value": "v"}]}}),
            "InvalidParameterValue.Environment",
        ),
        (
            "CreateFunction",
            json!({"FunctionName": "f1", "Code": {}, "Environment": {"Variables": [{"Key": "EMULATOR_DURATION_MS", "Value": "soon"}]}}),
            "InvalidParameterValue.Environment",
        ),
        (
            "GetFunction",
            json!({}),
            "InvalidParameter.FunctionNameOrResourceIdRequired",
        ),
        (
            "GetFunction",
            json!({"FunctionName": "-x"}),
            "InvalidParameterValue.FunctionName",
        ),
        (
            "GetFunction",
            json!({"FunctionName": "nope"}),
            "ResourceNotFound.Function",
        ),
        (
            "GetFunction",
            json!({"FunctionName": "slow", "Namespace": "nope"}),
            "ResourceNotFound.Namespace",
        ),
        (
            "GetFunction",
            json!({"FunctionName": "slow", "Qualifier": "1"}),
            "ResourceNotFound.Version",
        ),
        (
            "ListFunctions",
            json!({"Namespace": "nope"}),
            "ResourceNotFound.Namespace",
        ),
        (
            "ListFunctions",
            json!({"Offset": -1}),
            "InvalidParameterValue.Offset",
        ),
        (
            "ListFunctions",
            json!({"Limit": 1000}),
            "InvalidParameterValue.Limit",
        ),
        (
            "ListFunctions",
            json!({"Order": "UP"}),
            "InvalidParameterValue.Order",
        ),
        (
            "ListFunctions",
            json!({"Orderby": "Size"}),
            "InvalidParameterValue.Order",
        ),
        (
            "ListFunctions",
            json!({"Filters": [{"Name": "VpcId", "Values": ["v"]}]}),
            "InvalidParameterValue",
        ),
        (
            "DeleteFunction",
            json!({"FunctionName": "-x"}),
            "InvalidParameterValue.FunctionName",
        ),
        (
            "DeleteFunction",
            json!({"FunctionName": "nope"}),
            "ResourceNotFound.Function",
        ),
        (
            "DeleteFunction",
            json!({"FunctionName": "slow", "Namespace": "nope"}),
            "ResourceNotFound.Namespace",
        ),
        (
            "DeleteFunction",
            json!({"FunctionName": "slow", "Qualifier": "1"}),
            "ResourceNotFound.Qualifier",
        ),
        (
            "Invoke",
            json!({"FunctionName": "-x"}),
            "InvalidParameter.FunctionName",
        ),
        (
            "Invoke",
            json!({"FunctionName": "nope"}),
            "ResourceNotFound.Function",
        ),
        (
            "Invoke",
            json!({"FunctionName": "slow", "Namespace": "nope"}),
            "ResourceNotFound.Function",
        ),
        (
            "Invoke",
            json!({"FunctionName": "slow", "Qualifier": "2"}),
            "ResourceNotFound.Function",
        ),
        (
            "Invoke",
            json!({"FunctionName": "slow", "InvocationType": "Later"}),
            "InvalidParameterValue.Param",
        ),
        (
            "Invoke",
            json!({"FunctionName": "slow", "ClientContext": "{"}),
            "InvalidParameterValue.Param",
        ),
        (
            "InvokeFunction",
            json!({"FunctionName": "-x"}),
            "InvalidParameter.FunctionName",
        ),
        (
            "InvokeFunction",
            json!({"FunctionName": "nope"}),
            "ResourceNotFound.Function",
        ),
        (
            "InvokeFunction",
            json!({"FunctionName": "slow", "Qualifier": "2"}),
            "ResourceNotFound.Qualifier",
        ),
        (
            "InvokeFunction",
            json!({"FunctionName": "slow", "Event": "{"}),
            "InvalidParameterValue.Param",
        ),
        (
            "ListAsyncEvents",
            json!({"FunctionName": "-x"}),
            "InvalidParameterValue.FunctionName",
        ),
        (
            "ListAsyncEvents",
            json!({"FunctionName": "nope"}),
            "ResourceNotFound.Function",
        ),
        (
            "ListAsyncEvents",
            json!({"FunctionName": "slow", "Namespace": "nope"}),
            "ResourceNotFound.Namespace",
        ),
        (
            "ListAsyncEvents",
            json!({"FunctionName": "slow", "Qualifier": "3"}),
            "ResourceNotFound.Version",
        ),
        (
            "ListAsyncEvents",
            json!({"FunctionName": "slow", "Status": ["DONE"]}),
            "InvalidParameterValue.Status",
        ),
        (
            "ListAsyncEvents",
            json!({"FunctionName": "slow", "InvokeType": [""]}),
            "InvalidParameterValue.InvokeType",
        ),
        (
            "ListAsyncEvents",
            json!({"FunctionName": "slow", "Order": "UP"}),
            "InvalidParameterValue.Order",
        ),
        (
            "ListAsyncEvents",
            json!({"FunctionName": "slow", "Orderby": "Name"}),
            "InvalidParameterValue.Order",
        ),
        (
            "ListAsyncEvents",
            json!({"FunctionName": "slow", "Limit": 101}),
            "InvalidParameterValue.Limit",
        ),
        (
            "ListAsyncEvents",
            json!({"FunctionName": "slow", "Offset": -1}),
            "InvalidParameterValue",
        ),
        (
            "ListAsyncEvents",
            json!({"FunctionName": "slow", "StartTimeInterval": {"Start": "today", "End": "tomorrow"}}),
            "InvalidParameterValue",
        ),
        (
            "GetAsyncEventStatus",
            json!({"InvokeRequestId": "nope"}),
            "ResourceNotFound.AsyncEvent",
        ),
        (
            "TerminateAsyncEvent",
            json!({"FunctionName": "-x", "InvokeRequestId": running}),
            "InvalidParameterValue.FunctionName",
        ),
        (
            "TerminateAsyncEvent",
            json!({"FunctionName": "slow", "InvokeRequestId": running, "Namespace": "nope"}),
            "ResourceNotFound.Namespace",
        ),
        (
            "TerminateAsyncEvent",
            json!({"FunctionName": "nope", "InvokeRequestId": running}),
            "ResourceNotFound.Function",
        ),
        (
            "TerminateAsyncEvent",
            json!({"FunctionName": "quick", "InvokeRequestId": running}),
            "ResourceNotFound.AsyncEvent",
        ),
        (
            "TerminateAsyncEvent",
            json!({"FunctionName": "slow", "InvokeRequestId": "nope"}),
            "ResourceNotFound.AsyncEvent",
        ),
        (
            "TerminateAsyncEvent",
            json!({"FunctionName": "quick", "InvokeRequestId": finished}),
            "FailedOperation.AsyncEventStatus",
        ),
        (
            "UpdateAlias",
            json!({"FunctionName": "slow", "Name": "a", "FunctionVersion": "1"}),
            "UnsupportedOperation",
        ),
    ];
    let mut seen: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (action, body, expected) in &cases {
        let code = call(&emulator, action, body.clone())
            .await
            .expect_err(&format!("{action} {body} succeeded"));
        assert_eq!(code, *expected, "{action} {body}");
        assert!(
            documented[*action].contains(&code) || CommonCode::from_code(&code).is_some(),
            "{action} returned {code}, which the spec does not document for it"
        );
        seen.entry(action).or_default().insert(expected);
    }
    // Every documented TerminateAsyncEvent code the emulator can produce is covered.
    assert_eq!(seen["TerminateAsyncEvent"].len(), 5);
}

// On a paused clock: the event's 200 ms pass only when the test moves time.
#[tokio::test(start_paused = true)]
async fn async_event_runs_then_finishes_on_its_own() {
    let emulator = emulator();
    create_function(
        &emulator,
        json!({"FunctionName": "f1", "Code": {}, "Environment": {"Variables": [
            {"Key": "EMULATOR_DURATION_MS", "Value": "200"}
        ]}}),
    )
    .await;
    let id = invoke_event(&emulator, "f1").await;
    let status = || {
        let id = id.clone();
        let emulator = &emulator;
        async move {
            call(
                emulator,
                "GetAsyncEventStatus",
                json!({"InvokeRequestId": id}),
            )
            .await
            .unwrap()["Result"]
                .clone()
        }
    };
    assert_eq!(status().await["Status"], "RUNNING");
    tokio::time::advance(Duration::from_millis(199)).await;
    assert_eq!(status().await["Status"], "RUNNING");
    tokio::time::advance(Duration::from_millis(1)).await;
    let done = status().await;
    assert_eq!(done["Status"], "FINISHED");
    assert_eq!(done["StatusCode"], 200);
    let listed = call(&emulator, "ListAsyncEvents", json!({"FunctionName": "f1"}))
        .await
        .unwrap();
    assert_eq!(listed["TotalCount"], 1);
    assert_ne!(listed["EventList"][0]["EndTime"], "");
}

#[tokio::test(start_paused = true)]
async fn failing_and_timed_out_functions_fail() {
    let emulator = emulator();
    let create = |name: &str, variables: Value, timeout: i64| json!({"FunctionName": name, "Code": {}, "Timeout": timeout, "Environment": {"Variables": variables}});
    create_function(
        &emulator,
        create(
            "broken",
            json!([{"Key": "EMULATOR_FAIL", "Value": "boom"}, {"Key": "EMULATOR_DURATION_MS", "Value": "0"}]),
            3,
        ),
    )
    .await;
    create_function(
        &emulator,
        create(
            "slowpoke",
            json!([{"Key": "EMULATOR_DURATION_MS", "Value": "5000"}]),
            1,
        ),
    )
    .await;
    let result = call(&emulator, "Invoke", json!({"FunctionName": "broken"}))
        .await
        .unwrap()["Result"]
        .clone();
    assert_eq!(
        (result["ErrMsg"].as_str(), result["InvokeResult"].as_i64()),
        (Some("boom"), Some(500))
    );

    let started = tokio::time::Instant::now();
    let result = call(
        &emulator,
        "InvokeFunction",
        json!({"FunctionName": "slowpoke"}),
    )
    .await
    .unwrap()["Result"]
        .clone();
    assert_eq!(result["InvokeResult"], 433);
    // Cut at its 1 s timeout, not after the 5 s it would have run.
    assert_eq!(started.elapsed(), Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn graceful_termination_takes_effect_after_the_grace_period() {
    let emulator = emulator();
    create_function(
        &emulator,
        json!({"FunctionName": "f1", "Code": {}, "Timeout": 60, "Environment": {"Variables": [
            {"Key": "EMULATOR_DURATION_MS", "Value": "30000"}
        ]}}),
    )
    .await;
    let request =
        tencentcloud_scf::operation::invoke::InvokeRequest::new("f1").set_invocation_type("Event");
    let id = emulator
        .invoke(request)
        .await
        .unwrap()
        .result
        .unwrap()
        .function_request_id;
    let terminate = |grace: bool| {
        tencentcloud_scf::operation::terminate_async_event::TerminateAsyncEventRequest::new(
            "f1", &id,
        )
        .set_grace_shutdown(grace)
    };
    emulator
        .terminate_async_event(terminate(true))
        .await
        .unwrap();
    let status = || {
        emulator.get_async_event_status(
            tencentcloud_scf::operation::get_async_event_status::GetAsyncEventStatusRequest::new(
                &id,
            ),
        )
    };
    assert_eq!(status().await.unwrap().result.status, "RUNNING");
    // The grace period is 150 ms.
    tokio::time::advance(Duration::from_millis(149)).await;
    assert_eq!(status().await.unwrap().result.status, "RUNNING");
    tokio::time::advance(Duration::from_millis(1)).await;
    assert_eq!(status().await.unwrap().result.status, "ABORTED");
    let again = emulator
        .terminate_async_event(terminate(false))
        .await
        .unwrap_err();
    assert_eq!(again.code.as_str(), "FailedOperation.AsyncEventStatus");
}

#[tokio::test]
async fn deleting_a_function_deletes_its_events() {
    let emulator = emulator();
    create_function(&emulator, json!({"FunctionName": "f1", "Code": {}})).await;
    let id = invoke_event(&emulator, "f1").await;
    call(&emulator, "DeleteFunction", json!({"FunctionName": "f1"}))
        .await
        .unwrap();
    let code = call(
        &emulator,
        "GetAsyncEventStatus",
        json!({"InvokeRequestId": id}),
    )
    .await
    .unwrap_err();
    assert_eq!(code, "ResourceNotFound.AsyncEvent");
}

#[test]
fn spec_param_types_cover_every_action() {
    let types = crate::param_types();
    let json = types.to_json(
        "ListAsyncEvents",
        &[
            ("Limit".to_owned(), "5".to_owned()),
            ("Status.0".to_owned(), "RUNNING".to_owned()),
        ],
    );
    assert_eq!(json, json!({"Limit": 5, "Status": ["RUNNING"]}));
}
