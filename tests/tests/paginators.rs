//! Generated paginators against a loopback server that serves pages in order: several
//! pages, an empty result, a total that changes between pages, and an error mid-way.

use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use tencentcloud_integration_tests::{Reply, SECRET_ID, SECRET_KEY, ServerConfig, VerifyingServer};
use tencentcloud_scf::operation::list_aliases::ListAliasesRequest;
use tencentcloud_scf::operation::list_functions::{ListFunctionsError, ListFunctionsRequest};
use tencentcloud_scf::{Client, Config, Credentials, Error, PagingErrorKind, ServiceError};

/// A loopback server answering with `replies` in order.
fn serving(replies: impl IntoIterator<Item = Reply>) -> VerifyingServer {
    let server = VerifyingServer::start(ServerConfig::test_keys());
    server.queue_replies(replies);
    server
}

fn client(server: &VerifyingServer) -> Client {
    let config = Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .with_endpoint(server.endpoint())
        .build()
        .expect("valid config");
    Client::new(&config).expect("client")
}

/// A `Function` with every member the spec says the service always sends.
fn function(name: &str) -> Value {
    json!({
        "FunctionName": name, "FunctionId": format!("lam-{name}"), "Namespace": "default",
        "ModTime": "2020-01-01 00:00:00", "AddTime": "2020-01-01 00:00:00", "Runtime": "Python3.9",
        "Status": "Active", "StatusDesc": "", "Description": "", "Tags": [], "Type": "Event",
        "StatusReasons": [], "TotalProvisionedConcurrencyMem": 0, "ReservedConcurrencyMem": 0,
        "AsyncRunEnable": "FALSE", "TraceEnable": "FALSE"
    })
}

fn functions_page(names: &[&str], total: u64) -> Reply {
    let functions: Vec<Value> = names.iter().map(|n| function(n)).collect();
    Reply::result(json!({"Functions": functions, "TotalCount": total}))
}

/// The `(Offset, Limit)` of every request the server saw, in order.
fn requested_pages(server: &VerifyingServer) -> Vec<(Value, Value)> {
    server
        .exchanges()
        .iter()
        .map(|e| {
            let body = e.request.json().expect("JSON body");
            (body["Offset"].clone(), body["Limit"].clone())
        })
        .collect()
}

fn names(functions: &[tencentcloud_scf::types::Function]) -> Vec<String> {
    functions.iter().map(|f| f.function_name.clone()).collect()
}

#[tokio::test]
async fn items_stream_walks_three_pages_by_offset_until_the_total() {
    let server = serving([
        functions_page(&["a", "b"], 5),
        functions_page(&["c", "d"], 5),
        functions_page(&["e"], 5),
    ]);
    let request = ListFunctionsRequest::new()
        .set_limit(2)
        .set_namespace("default");
    let items: Vec<_> = client(&server)
        .list_functions_paginator(&request)
        .items()
        .try_collect()
        .await
        .expect("every page succeeds");
    assert_eq!(names(&items), ["a", "b", "c", "d", "e"]);
    assert_eq!(
        requested_pages(&server),
        [
            (json!(0), json!(2)),
            (json!(2), json!(2)),
            (json!(4), json!(2))
        ],
        "one request per page, each at the next offset, the limit kept"
    );
    for exchange in server.exchanges() {
        assert_eq!(exchange.request.json().unwrap()["Namespace"], "default");
        assert_eq!(
            exchange.request.header("X-TC-Action"),
            Some("ListFunctions")
        );
    }
}

#[tokio::test]
async fn pages_are_fetched_only_when_asked_for() {
    let server = serving([functions_page(&["a"], 3), functions_page(&["b"], 3)]);
    let mut items = client(&server)
        .list_functions_paginator(&ListFunctionsRequest::new().set_limit(1))
        .items();
    assert!(items.next().await.is_some());
    assert_eq!(
        server.exchanges().len(),
        1,
        "no page is fetched ahead of need"
    );
    assert!(items.next().await.is_some());
    assert_eq!(server.exchanges().len(), 2);
}

#[tokio::test]
async fn an_empty_result_is_one_request_and_no_items() {
    let server = serving([functions_page(&[], 0)]);
    let items: Vec<_> = client(&server)
        .list_functions_paginator(&ListFunctionsRequest::new())
        .items()
        .try_collect()
        .await
        .unwrap();
    assert!(items.is_empty());
    assert_eq!(server.exchanges().len(), 1);
}

#[tokio::test]
async fn a_total_that_grows_between_pages_is_followed() {
    let server = serving([
        functions_page(&["a", "b"], 3),
        functions_page(&["c", "d"], 5),
        functions_page(&["e"], 5),
    ]);
    let items: Vec<_> = client(&server)
        .list_functions_paginator(&ListFunctionsRequest::new().set_limit(2))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names(&items), ["a", "b", "c", "d", "e"]);
    assert_eq!(server.exchanges().len(), 3);
}

#[tokio::test]
async fn a_total_that_shrinks_between_pages_stops_early() {
    let server = serving([functions_page(&["a", "b"], 6), functions_page(&["c"], 3)]);
    let items: Vec<_> = client(&server)
        .list_functions_paginator(&ListFunctionsRequest::new().set_limit(2))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names(&items), ["a", "b", "c"]);
    assert_eq!(
        server.exchanges().len(),
        2,
        "offset 3 reached the new total of 3"
    );
}

#[tokio::test]
async fn a_total_that_lies_ends_with_a_paging_error_after_the_items() {
    // TotalCount promises 10, but the second page is empty.
    let server = serving([functions_page(&["a"], 10), functions_page(&[], 10)]);
    let results: Vec<_> = client(&server)
        .list_functions_paginator(&ListFunctionsRequest::new())
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().function_name, "a");
    let Err(Error::Paging(err)) = &results[1] else {
        panic!("expected a paging error, got {:?}", results[1]);
    };
    assert_eq!(
        err.kind,
        PagingErrorKind::TotalNotReached { seen: 1, total: 10 }
    );
    assert_eq!(
        err.request_id.as_deref(),
        Some(server.exchanges()[1].request_id.as_str())
    );
    assert_eq!(server.exchanges().len(), 2);
}

#[tokio::test]
async fn a_server_that_ignores_the_offset_ends_with_a_paging_error() {
    // The same page whatever the offset, and a total that is never reached.
    let server = serving([
        functions_page(&["a", "b"], 1000),
        functions_page(&["a", "b"], 1000),
        functions_page(&["a", "b"], 1000),
    ]);
    let results: Vec<_> = client(&server)
        .list_functions_paginator(&ListFunctionsRequest::new().set_limit(2))
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 3, "two items, then the error: {results:?}");
    let Err(Error::Paging(err)) = &results[2] else {
        panic!("expected a paging error, got {:?}", results[2]);
    };
    assert_eq!(err.kind, PagingErrorKind::RepeatedPage);
    assert_eq!(server.exchanges().len(), 2, "no third request");
}

#[tokio::test]
async fn an_error_mid_way_is_yielded_once_and_ends_paging() {
    let server = serving([
        functions_page(&["a"], 3),
        Reply::error("ResourceNotFound.Namespace", "Namespace does not exist."),
    ]);
    let results: Vec<_> = client(&server)
        .list_functions_paginator(&ListFunctionsRequest::new())
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    assert!(matches!(
        &results[1],
        Err(Error::Service(ServiceError {
            code: ListFunctionsError::ResourceNotFoundNamespace,
            ..
        }))
    ));
    assert_eq!(server.exchanges().len(), 2);
}

#[tokio::test]
async fn pages_stream_yields_whole_responses_and_starts_at_the_request_offset() {
    let server = serving([functions_page(&["k"], 11)]);
    let pages: Vec<_> = client(&server)
        .list_functions_paginator(&ListFunctionsRequest::new().set_offset(10))
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].total_count, Some(11));
    assert!(!pages[0].request_id.is_empty());
    assert_eq!(requested_pages(&server)[0].0, json!(10));
}

#[tokio::test]
async fn a_string_typed_offset_is_sent_as_a_string() {
    // ListAliases publishes Offset and Limit as strings; paging must keep that wire type.
    let server = serving([
        Reply::result(json!({"Aliases": [{"Name": "a"}, {"Name": "b"}], "TotalCount": 3})),
        Reply::result(json!({"Aliases": [{"Name": "c"}], "TotalCount": 3})),
    ]);
    let aliases: Vec<_> = client(&server)
        .list_aliases_paginator(&ListAliasesRequest::new("fn").set_limit("2"))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(aliases.len(), 3);
    assert_eq!(
        requested_pages(&server),
        [(json!("0"), json!("2")), (json!("2"), json!("2"))]
    );
}
