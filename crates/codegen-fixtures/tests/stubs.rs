//! Generated clients over typed stubs (`Client::from_stub`), the server side served in
//! process (`server::InProcess`), and paginators that meet a service whose pages do
//! not advance.

use std::collections::VecDeque;
use std::sync::Mutex;

use futures_util::TryStreamExt;
use tencentcloud_codegen_fixtures::all_types::operation::describe_things::{
    DescribeThingsError, DescribeThingsRequest, DescribeThingsResponse,
};
use tencentcloud_codegen_fixtures::all_types::operation::list_nodes::{
    ListNodesError, ListNodesRequest, ListNodesResponse,
};
use tencentcloud_codegen_fixtures::all_types::operation::put_thing::{
    PutThingError, PutThingRequest,
};
use tencentcloud_codegen_fixtures::all_types::operation::search_things::{
    SearchThingsError, SearchThingsRequest, SearchThingsResponse,
};
use tencentcloud_codegen_fixtures::all_types::stub::Stub;
use tencentcloud_codegen_fixtures::all_types::types::{Node, Thing};
use tencentcloud_codegen_fixtures::all_types::{Client, Error, PagingError, PagingErrorKind};
use tencentcloud_runtime::{BoxFuture, CommonCode};

/// Answers each paged action from a queue of canned responses, recording requests.
#[derive(Debug, Default)]
struct Pages {
    things: Mutex<VecDeque<DescribeThingsResponse>>,
    thing_requests: Mutex<Vec<DescribeThingsRequest>>,
    nodes: Mutex<VecDeque<ListNodesResponse>>,
    node_requests: Mutex<Vec<ListNodesRequest>>,
    searches: Mutex<VecDeque<SearchThingsResponse>>,
}

fn next<T>(queue: &Mutex<VecDeque<T>>) -> T {
    queue.lock().unwrap().pop_front().expect("a canned page")
}

impl Stub for Pages {
    fn describe_things<'a>(
        &'a self,
        request: &'a DescribeThingsRequest,
    ) -> BoxFuture<'a, Result<DescribeThingsResponse, Error<DescribeThingsError>>> {
        self.thing_requests.lock().unwrap().push(request.clone());
        let page = next(&self.things);
        Box::pin(async move { Ok(page) })
    }

    fn list_nodes<'a>(
        &'a self,
        request: &'a ListNodesRequest,
    ) -> BoxFuture<'a, Result<ListNodesResponse, Error<ListNodesError>>> {
        self.node_requests.lock().unwrap().push(request.clone());
        let page = next(&self.nodes);
        Box::pin(async move { Ok(page) })
    }

    fn search_things<'a>(
        &'a self,
        _request: &'a SearchThingsRequest,
    ) -> BoxFuture<'a, Result<SearchThingsResponse, Error<SearchThingsError>>> {
        let page = next(&self.searches);
        Box::pin(async move { Ok(page) })
    }
}

fn things(names: &[&str], total: i64, request_id: &str) -> DescribeThingsResponse {
    let things = names.iter().map(|n| Thing::new(*n, "owner"));
    DescribeThingsResponse::new(things, total, request_id)
}

fn nodes(values: &[&str], next_token: Option<&str>) -> ListNodesResponse {
    ListNodesResponse::new("r")
        .set_nodes(values.iter().map(|v| Node::new(*v)))
        .set_or_clear_next_token(next_token)
}

fn names(things: &[Thing]) -> Vec<&str> {
    things.iter().map(|t| t.name.as_str()).collect()
}

fn paging_error<E: std::fmt::Debug>(err: Error<E>) -> PagingError {
    match err {
        Error::Paging(e) => e,
        other => panic!("expected a paging error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_stubbed_client_answers_with_the_stubs_typed_values() {
    let stub = Pages::default();
    stub.things
        .lock()
        .unwrap()
        .push_back(things(&["a"], 1, "stub-1"));
    let client = Client::from_stub(stub);
    assert!(client.config().is_none(), "a stub has no configuration");
    let response = client
        .describe_things(&DescribeThingsRequest::new().set_limit(5))
        .await
        .unwrap();
    assert_eq!(names(&response.things), ["a"]);
    assert_eq!(response.request_id, "stub-1");
}

#[tokio::test]
async fn actions_a_stub_leaves_out_answer_unsupported_operation() {
    let client = Client::from_stub(Pages::default());
    let err = client
        .put_thing(&PutThingRequest::new(Thing::new("n", "o"), "vpc"))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&PutThingError::Common(CommonCode::UnsupportedOperation))
    );
    assert!(err.to_string().contains("PutThing"), "{err}");
}

#[tokio::test]
async fn paginators_run_over_a_stub() {
    let stub = Pages::default();
    stub.nodes.lock().unwrap().extend([
        nodes(&["1", "2"], Some("t2")),
        nodes(&["3"], Some("t3")),
        nodes(&["4"], None),
    ]);
    let client = Client::from_stub(stub);
    let items: Vec<Node> = client
        .list_nodes_paginator(&ListNodesRequest::new().set_max_results(2))
        .items()
        .try_collect()
        .await
        .unwrap();
    let values: Vec<&str> = items.iter().map(|n| n.value.as_str()).collect();
    assert_eq!(values, ["1", "2", "3", "4"]);
}

#[tokio::test]
async fn a_service_that_ignores_the_offset_ends_with_repeated_page() {
    let stub = Pages::default();
    // The same two items however far the offset moves, with a total that never comes.
    stub.things.lock().unwrap().extend([
        things(&["a", "b"], 1000, "p1"),
        things(&["a", "b"], 1000, "p2"),
    ]);
    let client = Client::from_stub(stub);
    let mut pages = client.describe_things_paginator(&DescribeThingsRequest::new().set_limit(2));
    assert!(pages.next_page().await.unwrap().is_ok());
    let err = paging_error(pages.next_page().await.unwrap().unwrap_err());
    assert_eq!(err.kind, PagingErrorKind::RepeatedPage);
    assert_eq!(err.action, "DescribeThings");
    assert_eq!(err.pages, 2);
    assert_eq!(err.request_id.as_deref(), Some("p2"));
    assert!(pages.next_page().await.is_none(), "the paginator is done");
}

#[tokio::test]
async fn items_before_the_repeat_are_delivered_then_the_error() {
    let stub = Pages::default();
    stub.things.lock().unwrap().extend([
        things(&["a", "b"], 1000, "p1"),
        things(&["c", "d"], 1000, "p2"),
        things(&["c", "d"], 1000, "p3"),
    ]);
    let client = Client::from_stub(stub);
    let mut items = client
        .describe_things_paginator(&DescribeThingsRequest::new().set_limit(2))
        .items();
    let mut seen = Vec::new();
    let err = loop {
        match items.try_next().await {
            Ok(Some(thing)) => seen.push(thing.name),
            Ok(None) => panic!("paging ended without an error"),
            Err(e) => break paging_error(e),
        }
    };
    assert_eq!(seen, ["a", "b", "c", "d"]);
    assert_eq!(err.kind, PagingErrorKind::RepeatedPage);
    assert_eq!(err.pages, 3);
}

#[tokio::test]
async fn a_total_that_lies_ends_with_total_not_reached() {
    let stub = Pages::default();
    stub.things.lock().unwrap().extend([
        things(&["a", "b"], 50, "p1"),
        things(&["c"], 50, "p2"),
        things(&[], 50, "p3"),
    ]);
    let client = Client::from_stub(stub);
    let result: Result<Vec<Thing>, _> = client
        .describe_things_paginator(&DescribeThingsRequest::new().set_limit(2))
        .items()
        .try_collect()
        .await;
    let err = paging_error(result.unwrap_err());
    assert_eq!(
        err.kind,
        PagingErrorKind::TotalNotReached { seen: 3, total: 50 }
    );
    assert_eq!(err.request_id.as_deref(), Some("p3"));
    assert!(err.to_string().contains("after 3 items"), "{err}");
}

#[tokio::test]
async fn a_total_counts_from_the_first_item_when_paging_starts_at_an_offset() {
    let stub = Pages::default();
    stub.things
        .lock()
        .unwrap()
        .extend([things(&["k", "l"], 12, "p1")]);
    let client = Client::from_stub(stub);
    let items: Vec<Thing> = client
        .describe_things_paginator(&DescribeThingsRequest::new().set_offset(10).set_limit(2))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names(&items), ["k", "l"], "offset 10 + 2 items reaches 12");
}

#[tokio::test]
async fn page_numbers_from_the_middle_end_on_an_empty_page_without_error() {
    let stub = Pages::default();
    // Starting at page 3, the items before it are unknown, so the total cannot be
    // checked; an empty page simply ends paging.
    stub.searches.lock().unwrap().extend([
        SearchThingsResponse::new(45, "p3").set_things([Thing::new("x", "o")]),
        SearchThingsResponse::new(45, "p4"),
    ]);
    let client = Client::from_stub(stub);
    let items: Vec<Thing> = client
        .search_things_paginator(&SearchThingsRequest::new().set_page_number("3"))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names(&items), ["x"]);
}

#[tokio::test]
async fn tokens_that_go_round_end_with_repeated_token() {
    let stub = Pages::default();
    stub.nodes.lock().unwrap().extend([
        nodes(&["1"], Some("A")),
        nodes(&["2"], Some("B")),
        nodes(&["3"], Some("A")),
    ]);
    let client = Client::from_stub(stub);
    let result: Result<Vec<Node>, _> = client
        .list_nodes_paginator(&ListNodesRequest::new())
        .items()
        .try_collect()
        .await;
    let err = paging_error(result.unwrap_err());
    assert_eq!(err.kind, PagingErrorKind::RepeatedToken);
    assert_eq!(err.pages, 3);
}

#[cfg(feature = "server")]
mod in_process {
    use tencentcloud_codegen_fixtures::all_types::operation::put_thing::{
        PutThingError, PutThingRequest, PutThingResponse,
    };
    use tencentcloud_codegen_fixtures::all_types::server::{InProcess, Service};
    use tencentcloud_codegen_fixtures::all_types::types::Thing;
    use tencentcloud_codegen_fixtures::all_types::{Client, Error};
    use tencentcloud_runtime::ServiceError;
    use tencentcloud_runtime::server::ActionError;

    /// Serves `PutThing` in process through the server-side trait.
    #[derive(Debug)]
    struct Things;

    impl Service for Things {
        async fn put_thing(
            &self,
            request: PutThingRequest,
        ) -> Result<PutThingResponse, ActionError<PutThingError>> {
            match request.vpc_id.as_str() {
                "vpc-taken" => Err(ActionError::new(
                    PutThingError::FailedOperationCname,
                    "taken",
                )),
                _ => Ok(PutThingResponse::new(
                    format!("made {}", request.thing.name),
                    "in-process",
                )),
            }
        }
    }

    #[tokio::test]
    async fn a_server_side_service_serves_a_client_in_process() {
        let client = Client::from_stub(InProcess::new(Things));
        let response = client
            .put_thing(&PutThingRequest::new(Thing::new("n", "o"), "vpc-1"))
            .await
            .unwrap();
        assert_eq!(response.created_at, "made n");

        let err = client
            .put_thing(&PutThingRequest::new(Thing::new("n", "o"), "vpc-taken"))
            .await
            .unwrap_err();
        let Error::Service(ServiceError {
            code: PutThingError::FailedOperationCname,
            message,
            request_id,
            ..
        }) = err
        else {
            panic!("expected the documented code, got {err:?}");
        };
        assert_eq!(message, "taken");
        assert_eq!(request_id.len(), 36, "a fresh RequestId: {request_id}");
    }
}
