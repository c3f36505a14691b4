//! The generated SCF client against the emulator over loopback HTTP: the success
//! paths of every emulated action, and every documented `TerminateAsyncEvent` error as
//! a typed variant.

mod emulator_support;

use std::time::Duration;

use emulator_support::{Emu, assert_uuid, runtime};
use futures_util::TryStreamExt;
use tencentcloud_scf::operation::create_function::CreateFunctionRequest;
use tencentcloud_scf::operation::create_namespace::{CreateNamespaceError, CreateNamespaceRequest};
use tencentcloud_scf::operation::delete_function::{DeleteFunctionError, DeleteFunctionRequest};
use tencentcloud_scf::operation::delete_namespace::DeleteNamespaceRequest;
use tencentcloud_scf::operation::get_async_event_status::GetAsyncEventStatusRequest;
use tencentcloud_scf::operation::get_function::GetFunctionRequest;
use tencentcloud_scf::operation::invoke::InvokeRequest;
use tencentcloud_scf::operation::invoke_function::InvokeFunctionRequest;
use tencentcloud_scf::operation::list_async_events::ListAsyncEventsRequest;
use tencentcloud_scf::operation::list_functions::ListFunctionsRequest;
use tencentcloud_scf::operation::list_namespaces::ListNamespacesRequest;
use tencentcloud_scf::operation::terminate_async_event::{
    TerminateAsyncEventError, TerminateAsyncEventRequest,
};
use tencentcloud_scf::server::InProcess;
use tencentcloud_scf::types::{Code, Environment, SearchKey, Tag, Variable};
use tencentcloud_scf::{Client, Error, ServiceError, SignatureMethod};

fn env(pairs: &[(&str, &str)]) -> Environment {
    Environment::new().set_variables(
        pairs
            .iter()
            .map(|(k, v)| Variable::new().set_key(*k).set_value(*v)),
    )
}

/// Creates `name` in `namespace`, running for `duration_ms` when invoked.
async fn create(client: &Client, namespace: &str, name: &str, duration_ms: u64) {
    let request = CreateFunctionRequest::new(
        name,
        Code::new().set_zip_file("UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="),
    )
    .set_namespace(namespace)
    .set_timeout(120)
    .set_environment(env(&[
        ("EMULATOR_DURATION_MS", &duration_ms.to_string()),
        ("EMULATOR_RESULT", "\"pong\""),
    ]));
    let response = client
        .create_function(&request)
        .await
        .expect("CreateFunction");
    assert_uuid(&response.request_id);
}

/// Invokes `name` asynchronously; the event's id.
async fn invoke_async(client: &Client, namespace: &str, name: &str) -> String {
    let request = InvokeRequest::new(name)
        .set_namespace(namespace)
        .set_invocation_type("Event");
    let response = client.invoke(&request).await.expect("Invoke");
    let id = response.result.expect("a Result").function_request_id;
    assert_uuid(&id);
    assert_ne!(id, response.request_id, "the event has an id of its own");
    id
}

async fn status(client: &Client, id: &str) -> String {
    client
        .get_async_event_status(&GetAsyncEventStatusRequest::new(id))
        .await
        .expect("GetAsyncEventStatus")
        .result
        .status
}

fn code<E: tencentcloud_runtime::ErrorCode>(result: Result<impl Sized, Error<E>>) -> E {
    match result {
        Err(Error::Service(ServiceError {
            code, request_id, ..
        })) => {
            assert_uuid(&request_id);
            code
        }
        Err(other) => panic!("not a service error: {other}"),
        Ok(_) => panic!("the call succeeded"),
    }
}

/// The same scenario over HTTP and in process: the emulator is one `Service` either way.
fn in_process() -> Client {
    let emulator = scf_emulator::Emulator::new(emulator_support::quick_behaviour());
    Client::from_stub(InProcess::new(emulator))
}

/// A runtime whose clock moves only when the test advances it: with the emulator in
/// process, an event's life is then exact, whatever the load on the machine.
fn paused_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("paused runtime")
}

#[test]
fn namespaces_are_created_listed_searched_and_deleted() {
    let emu = Emu::start();
    runtime().block_on(namespaces(&emu.client()));
}

#[test]
fn namespaces_in_process() {
    runtime().block_on(namespaces(&in_process()));
}

#[test]
fn functions_are_created_read_paged_and_deleted() {
    let emu = Emu::start();
    runtime().block_on(functions(&emu.client()));
}

#[test]
fn functions_in_process() {
    runtime().block_on(functions(&in_process()));
}

async fn namespaces(client: &Client) {
    {
        for (name, description) in [("team-a", "first team"), ("team-b", "second team")] {
            client
                .create_namespace(&CreateNamespaceRequest::new(name).set_description(description))
                .await
                .expect("CreateNamespace");
        }
        let again = client
            .create_namespace(&CreateNamespaceRequest::new("team-a"))
            .await;
        assert_eq!(code(again), CreateNamespaceError::ResourceInUseNamespace);

        let all = client
            .list_namespaces(&ListNamespacesRequest::new())
            .await
            .expect("ListNamespaces");
        assert_eq!(all.total_count, Some(3));
        let names: Vec<String> = all
            .namespaces
            .unwrap()
            .into_iter()
            .map(|n| n.name)
            .collect();
        assert_eq!(names, ["default", "team-a", "team-b"]);

        let second = client
            .list_namespaces(&ListNamespacesRequest::new().set_offset(1).set_limit(1))
            .await
            .unwrap();
        assert_eq!(second.total_count, Some(3));
        assert_eq!(second.namespaces.unwrap()[0].name, "team-a");

        let search =
            ListNamespacesRequest::new().set_search_key([SearchKey::new("Description", "second")]);
        let found = client.list_namespaces(&search).await.unwrap();
        assert_eq!(found.total_count, Some(1));
        assert_eq!(found.namespaces.unwrap()[0].name, "team-b");

        client
            .delete_namespace(&DeleteNamespaceRequest::new("team-b"))
            .await
            .expect("DeleteNamespace");
        let left = client
            .list_namespaces(&ListNamespacesRequest::new())
            .await
            .unwrap();
        assert_eq!(left.total_count, Some(2));
    }
}

async fn functions(client: &Client) {
    {
        let request = CreateFunctionRequest::new("hello", Code::new())
            .set_description("says hello")
            .set_memory_size(256)
            .set_timeout(30)
            .set_runtime("Python3.9")
            .set_handler("index.main")
            .set_tags([Tag::new("team", "a")])
            .set_environment(env(&[("GREETING", "hi")]));
        client
            .create_function(&request)
            .await
            .expect("CreateFunction");

        let function = client
            .get_function(&GetFunctionRequest::new().set_function_name("hello"))
            .await
            .expect("GetFunction");
        assert_eq!(function.function_name, "hello");
        assert_eq!(function.namespace, "default");
        assert_eq!(function.description, "says hello");
        assert_eq!((function.memory_size, function.timeout), (256, 30));
        assert_eq!(function.runtime.as_deref(), Some("Python3.9"));
        assert_eq!(function.handler, "index.main");
        assert_eq!(function.status, "Active");
        assert_eq!(function.qualifier, "$LATEST");
        let variables = function.environment.variables.unwrap();
        assert_eq!(variables[0].key.as_deref(), Some("GREETING"));
        assert!(function.function_id.starts_with("lam-"));

        for i in 0..11 {
            create(client, "default", &format!("fn-{i:02}"), 0).await;
        }
        let page = client
            .list_functions(&ListFunctionsRequest::new().set_offset(10).set_limit(5))
            .await
            .expect("ListFunctions");
        assert_eq!(page.total_count, Some(12));
        let names: Vec<String> = page
            .functions
            .unwrap()
            .into_iter()
            .map(|f| f.function_name)
            .collect();
        // Oldest first: "hello", then fn-00..fn-10.
        assert_eq!(names, ["fn-09", "fn-10"]);

        let all: Vec<String> = client
            .list_functions_paginator(&ListFunctionsRequest::new().set_limit(5))
            .items()
            .map_ok(|f| f.function_name)
            .try_collect()
            .await
            .expect("every page");
        assert_eq!(all.len(), 12);
        assert_eq!(all[0], "hello");

        let tagged =
            ListFunctionsRequest::new().set_filters([tencentcloud_scf::types::Filter::new(
                "tag-team",
                ["a".to_owned()],
            )]);
        let tagged = client.list_functions(&tagged).await.unwrap();
        assert_eq!(tagged.total_count, Some(1));
        let searched = client
            .list_functions(&ListFunctionsRequest::new().set_search_key("fn-0"))
            .await
            .unwrap();
        assert_eq!(searched.total_count, Some(10));

        client
            .delete_function(&DeleteFunctionRequest::new("hello"))
            .await
            .expect("DeleteFunction");
        let gone = client
            .delete_function(&DeleteFunctionRequest::new("hello"))
            .await;
        assert_eq!(code(gone), DeleteFunctionError::ResourceNotFoundFunction);
        let left = client
            .list_functions(&ListFunctionsRequest::new())
            .await
            .unwrap();
        assert_eq!(left.total_count, Some(11));
    }
}

#[test]
fn synchronous_invocation_returns_the_configured_result_after_its_duration() {
    let emu = Emu::start();
    let client = emu.client();
    runtime().block_on(async {
        create(&client, "default", "pinger", 150).await;
        let started = std::time::Instant::now();
        let result = client
            .invoke(&InvokeRequest::new("pinger").set_log_type("Tail"))
            .await
            .expect("Invoke")
            .result
            .expect("a Result");
        assert!(started.elapsed() >= Duration::from_millis(150));
        assert_eq!(result.ret_msg, "\"pong\"");
        assert_eq!(result.invoke_result, 0);
        assert!((result.duration - 150.0).abs() < 1.0, "{}", result.duration);
        assert!(result.log.contains(&result.function_request_id));

        let result = client
            .invoke_function(&InvokeFunctionRequest::new("pinger").set_event("{}"))
            .await
            .expect("InvokeFunction")
            .result;
        assert_eq!(result.ret_msg, "\"pong\"");
    });
}

// In process, on a paused clock: the events run for exactly 800 ms of virtual time, so
// "still running" and "finished" are checked at the edge, not with margins.
#[test]
fn async_event_is_listed_running_then_finishes() {
    let client = in_process();
    paused_runtime().block_on(async {
        create(&client, "default", "worker", 800).await;
        let first = invoke_async(&client, "default", "worker").await;
        tokio::time::advance(Duration::from_millis(10)).await;
        let second = invoke_async(&client, "default", "worker").await;

        let events = client
            .list_async_events(&ListAsyncEventsRequest::new("worker"))
            .await
            .expect("ListAsyncEvents");
        assert_eq!(events.total_count, 2);
        // Newest first by default.
        let ids: Vec<&str> = events
            .event_list
            .iter()
            .map(|e| e.invoke_request_id.as_str())
            .collect();
        assert_eq!(ids, [second.as_str(), first.as_str()]);
        let event = &events.event_list[0];
        assert_eq!(
            (event.status.as_str(), event.qualifier.as_str()),
            ("RUNNING", "$LATEST")
        );
        assert_eq!(event.end_time, "");
        assert_eq!(event.start_time.len(), "2024-01-02 03:04:05.678".len());

        let oldest = client
            .list_async_events(
                &ListAsyncEventsRequest::new("worker")
                    .set_order("ASC")
                    .set_limit(1),
            )
            .await
            .unwrap();
        assert_eq!(oldest.total_count, 2);
        assert_eq!(oldest.event_list[0].invoke_request_id, first);
        let by_id = client
            .list_async_events(&ListAsyncEventsRequest::new("worker").set_invoke_request_id(&first))
            .await
            .unwrap();
        assert_eq!(by_id.total_count, 1);

        tokio::time::advance(Duration::from_millis(789)).await;
        assert_eq!(status(&client, &first).await, "RUNNING");
        tokio::time::advance(Duration::from_millis(1)).await;
        assert_eq!(status(&client, &first).await, "FINISHED");
        assert_eq!(status(&client, &second).await, "RUNNING");
        tokio::time::advance(Duration::from_millis(10)).await;
        assert_eq!(status(&client, &second).await, "FINISHED");
        let finished = client
            .list_async_events(
                &ListAsyncEventsRequest::new("worker").set_status(["FINISHED".to_owned()]),
            )
            .await
            .unwrap();
        assert_eq!(finished.total_count, 2);
        assert!(finished.event_list.iter().all(|e| !e.end_time.is_empty()));
        let running = client
            .list_async_events(
                &ListAsyncEventsRequest::new("worker").set_status(["RUNNING".to_owned()]),
            )
            .await
            .unwrap();
        assert_eq!(running.total_count, 0);
    });
}

#[test]
fn terminating_a_running_event_aborts_it() {
    let emu = Emu::start();
    let client = emu.client();
    runtime().block_on(async {
        create(&client, "default", "sleeper", 60_000).await;
        let id = invoke_async(&client, "default", "sleeper").await;
        assert_eq!(status(&client, &id).await, "RUNNING");
        let response = client
            .terminate_async_event(
                &TerminateAsyncEventRequest::new("sleeper", &id).set_namespace("default"),
            )
            .await
            .expect("TerminateAsyncEvent");
        assert_uuid(&response.request_id);
        let result = client
            .get_async_event_status(&GetAsyncEventStatusRequest::new(&id))
            .await
            .unwrap()
            .result;
        assert_eq!(
            (result.status.as_str(), result.invoke_request_id.as_str()),
            ("ABORTED", id.as_str())
        );
        let listed = client
            .list_async_events(
                &ListAsyncEventsRequest::new("sleeper").set_status(["ABORTED".to_owned()]),
            )
            .await
            .unwrap();
        assert_eq!(listed.total_count, 1);
        assert_ne!(listed.event_list[0].end_time, "");
    });
}

// In process, on a paused clock, for the same reason.
#[test]
fn graceful_termination_keeps_the_event_running_for_the_grace_period() {
    let client = in_process();
    paused_runtime().block_on(async {
        create(&client, "default", "sleeper", 60_000).await;
        let id = invoke_async(&client, "default", "sleeper").await;
        client
            .terminate_async_event(
                &TerminateAsyncEventRequest::new("sleeper", &id).set_grace_shutdown(true),
            )
            .await
            .expect("TerminateAsyncEvent");
        // The grace period is 300 ms in these tests.
        assert_eq!(status(&client, &id).await, "RUNNING");
        tokio::time::advance(Duration::from_millis(299)).await;
        assert_eq!(status(&client, &id).await, "RUNNING");
        tokio::time::advance(Duration::from_millis(1)).await;
        assert_eq!(status(&client, &id).await, "ABORTED");
    });
}

#[test]
fn every_documented_terminate_async_event_error_is_returned_as_its_variant() {
    let emu = Emu::start();
    let client = emu.client();
    runtime().block_on(async {
        create(&client, "default", "sleeper", 60_000).await;
        create(&client, "default", "instant", 0).await;
        let running = invoke_async(&client, "default", "sleeper").await;
        let finished = invoke_async(&client, "default", "instant").await;
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(status(&client, &finished).await, "FINISHED");

        let terminate = |function: &str, id: &str| TerminateAsyncEventRequest::new(function, id);
        let cases = [
            (
                terminate("instant", &finished),
                TerminateAsyncEventError::FailedOperationAsyncEventStatus,
            ),
            (
                terminate("9-not-a-name", &running),
                TerminateAsyncEventError::InvalidParameterValueFunctionName,
            ),
            (
                terminate("sleeper", "00000000-0000-4000-8000-000000000000"),
                TerminateAsyncEventError::ResourceNotFoundAsyncEvent,
            ),
            // An event of another function is not found for this one.
            (
                terminate("instant", &running),
                TerminateAsyncEventError::ResourceNotFoundAsyncEvent,
            ),
            (
                terminate("missing", &running),
                TerminateAsyncEventError::ResourceNotFoundFunction,
            ),
            (
                terminate("sleeper", &running).set_namespace("elsewhere"),
                TerminateAsyncEventError::ResourceNotFoundNamespace,
            ),
        ];
        for (request, expected) in cases {
            let got = code(client.terminate_async_event(&request).await);
            assert_eq!(got, expected, "{request:?}");
        }
        // None of the refusals touched the running event.
        assert_eq!(status(&client, &running).await, "RUNNING");
        // Terminating twice: the second finds it no longer running.
        client
            .terminate_async_event(&terminate("sleeper", &running))
            .await
            .unwrap();
        let twice = client
            .terminate_async_event(&terminate("sleeper", &running))
            .await;
        assert_eq!(
            code(twice),
            TerminateAsyncEventError::FailedOperationAsyncEventStatus
        );
    });
}

#[test]
fn get_and_v1_signed_clients_are_served_like_tc3_posts() {
    let emu = Emu::start();
    let setup = emu.client();
    runtime().block_on(async { create(&setup, "default", "sleeper", 60_000).await });
    let clients = [
        (
            "TC3 GET",
            emu.client_with(|b| {
                b.with_http_method(tencentcloud_runtime::transport::HttpMethod::Get)
            }),
        ),
        (
            "v1 HmacSHA1 POST",
            emu.client_with(|b| b.with_signature_method(SignatureMethod::HmacSha1)),
        ),
        (
            "v1 HmacSHA256 GET",
            emu.client_with(|b| {
                b.with_signature_method(SignatureMethod::HmacSha256)
                    .with_http_method(tencentcloud_runtime::transport::HttpMethod::Get)
            }),
        ),
    ];
    runtime().block_on(async {
        for (how, client) in &clients {
            let id = invoke_async(client, "default", "sleeper").await;
            // Integers, lists and booleans arrive typed from form parameters.
            let listed = client
                .list_async_events(
                    &ListAsyncEventsRequest::new("sleeper")
                        .set_invoke_request_id(&id)
                        .set_status(["RUNNING".to_owned()])
                        .set_limit(5),
                )
                .await
                .unwrap_or_else(|e| panic!("{how}: {e}"));
            assert_eq!(listed.total_count, 1, "{how}");
            client
                .terminate_async_event(
                    &TerminateAsyncEventRequest::new("sleeper", &id).set_grace_shutdown(false),
                )
                .await
                .unwrap_or_else(|e| panic!("{how}: {e}"));
            assert_eq!(status(client, &id).await, "ABORTED", "{how}");
        }
    });
}
