//! A selection of actions (`build::select`) against the full module: one test body,
//! compiled and run against `all_types` and against `all_types_selected`, differing only
//! in the module it imports. What it uses: a paginator over a cyclic shape, a streaming
//! call, a typed error, the server side served in process.

#![cfg(feature = "server")]

macro_rules! same_code_against {
    ($module:ident) => {
        mod $module {
            use futures_util::TryStreamExt;
            use tencentcloud_codegen_fixtures::$module::operation::chat_things::{
                ChatThingsError, ChatThingsRequest, ChatThingsResponse,
            };
            use tencentcloud_codegen_fixtures::$module::operation::describe_things::{
                DescribeThingsError, DescribeThingsRequest, DescribeThingsResponse,
            };
            use tencentcloud_codegen_fixtures::$module::operation::list_nodes::{
                ListNodesError, ListNodesRequest, ListNodesResponse,
            };
            use tencentcloud_codegen_fixtures::$module::server::{InProcess, Service};
            use tencentcloud_codegen_fixtures::$module::types::{Node, Thing};
            use tencentcloud_codegen_fixtures::$module::{BoxStream, Client, Error, ServiceError};
            use tencentcloud_runtime::server::ActionError;

            #[derive(Debug)]
            struct Things;

            impl Service for Things {
                async fn describe_things(
                    &self,
                    request: DescribeThingsRequest,
                ) -> Result<DescribeThingsResponse, ActionError<DescribeThingsError>> {
                    match request.self_.as_deref() {
                        Some("gone") => Err(ActionError::new(
                            DescribeThingsError::ResourceNotFoundThing,
                            "no such thing",
                        )),
                        _ => Ok(DescribeThingsResponse::new([Thing::new("a", "me")], 1, "")),
                    }
                }

                async fn list_nodes(
                    &self,
                    request: ListNodesRequest,
                ) -> Result<ListNodesResponse, ActionError<ListNodesError>> {
                    let node = Node::new("leaf").set_next(Node::new("next"));
                    let page = ListNodesResponse::new("").set_nodes([node]);
                    Ok(match request.next_token.as_deref() {
                        None => page.set_next_token("2"),
                        Some(_) => page,
                    })
                }

                async fn chat_things_stream(
                    &self,
                    request: ChatThingsRequest,
                ) -> Result<
                    BoxStream<Result<ChatThingsResponse, ActionError<ChatThingsError>>>,
                    ActionError<ChatThingsError>,
                > {
                    let words: Vec<_> = request
                        .prompt
                        .split(' ')
                        .map(|w| Ok(ChatThingsResponse::new(w, "")))
                        .collect();
                    Ok(Box::pin(futures_util::stream::iter(words)))
                }
            }

            #[tokio::test]
            async fn pages_streams_and_errors_are_typed() {
                let client = Client::from_stub(InProcess::new(Things));
                let nodes: Vec<Node> = client
                    .list_nodes_paginator(&ListNodesRequest::new())
                    .items()
                    .try_collect()
                    .await
                    .unwrap();
                assert_eq!(nodes.len(), 2, "two pages of one node each");
                assert_eq!(nodes[0].next.as_ref().unwrap().value, "next");

                let stream = client
                    .chat_things_stream(&ChatThingsRequest::new("hello there"))
                    .await
                    .unwrap();
                let deltas: Vec<String> =
                    stream.map_ok(|e| e.data.delta).try_collect().await.unwrap();
                assert_eq!(deltas, ["hello", "there"]);

                let err = client
                    .describe_things(&DescribeThingsRequest::new().set_self("gone"))
                    .await
                    .unwrap_err();
                let Error::Service(ServiceError {
                    code: DescribeThingsError::ResourceNotFoundThing,
                    ..
                }) = err
                else {
                    panic!("expected the documented code, got {err:?}");
                };
                let found = client
                    .describe_things(&DescribeThingsRequest::new())
                    .await
                    .unwrap();
                assert_eq!(found.things[0].name, "a");
            }
        }
    };
}

same_code_against!(all_types);
same_code_against!(all_types_selected);

/// What the selection left out is not there: the full module's `PutThing` and
/// `DnsSettings`, which only it reaches, have no counterpart.
#[test]
fn left_out_actions_and_their_shapes_are_absent() {
    use tencentcloud_codegen_fixtures::{all_types, all_types_selected};
    let names = |actions: &[tencentcloud_runtime::ActionMeta]| -> Vec<&str> {
        actions.iter().map(|a| a.name).collect()
    };
    assert_eq!(
        names(all_types_selected::server::ACTIONS),
        ["ChatThings", "DescribeThings", "ListNodes"]
    );
    assert_eq!(names(all_types::server::ACTIONS).len(), 6);
    let source = include_str!("../src/all_types_selected.rs");
    for absent in [
        "PutThing",
        "pub struct DnsSettings",
        "SearchThings",
        "WatchThings",
    ] {
        assert!(!source.contains(absent), "{absent} is in the selection");
    }
}
