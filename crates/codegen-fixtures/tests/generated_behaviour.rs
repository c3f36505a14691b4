//! What the generated code does on the wire, checked on the fixture specs.

use serde_json::json;
use tencentcloud_codegen_fixtures::all_types::operation::describe_things::{
    DescribeThingsError, DescribeThingsRequest, DescribeThingsResponse,
};
use tencentcloud_codegen_fixtures::all_types::operation::put_thing::{
    PutThingError, PutThingRequest,
};
use tencentcloud_codegen_fixtures::all_types::types::{Filter, Node, Thing};
use tencentcloud_codegen_fixtures::minimal::operation::ping::PingError;
use tencentcloud_runtime::{CommonCode, ErrorCode};

#[test]
fn keyword_members_keep_their_wire_names() {
    let request = DescribeThingsRequest::new()
        .set_type("t")
        .set_async(true)
        .set_self("s");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"Type": "t", "Async": true, "Self": "s"})
    );
}

#[test]
fn unset_optional_members_are_absent_from_the_body() {
    let request = PutThingRequest::new(Thing::new("n", "o"), "vpc-1");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"Thing": {"Name": "n", "Owner": "o"}, "VpcId": "vpc-1"})
    );
}

#[test]
fn list_and_string_setters_take_anything_convertible() {
    let request = PutThingRequest::new(Thing::new("n", "o"), "vpc")
        .set_tags(["a", "b"])
        .set_ports([80, 443])
        .set_cls_logset_id(String::from("cls"));
    let body = serde_json::to_value(&request).unwrap();
    assert_eq!(body["Tags"], json!(["a", "b"]));
    assert_eq!(body["Ports"], json!([80, 443]));
    assert_eq!(body["CLSLogsetId"], json!("cls"));
    let filters = DescribeThingsRequest::new().set_filters([Filter::new("Name", ["x"])]);
    assert_eq!(
        serde_json::to_value(&filters).unwrap(),
        json!({"Filters": [{"Name": "Name", "Values": ["x"]}]})
    );
}

#[test]
fn responses_ignore_unknown_fields_and_accept_null_where_nullable() {
    let response: DescribeThingsResponse = serde_json::from_value(json!({
        "Things": [], "TotalCount": 0, "Score": null, "RequestId": "r", "AddedLater": {"x": 1}
    }))
    .unwrap();
    assert_eq!(response.score, None);
    assert_eq!(response.request_id, "r");
}

#[test]
fn an_absent_always_present_list_decodes_as_empty() {
    let response: DescribeThingsResponse =
        serde_json::from_value(json!({"TotalCount": 0, "RequestId": "r"})).unwrap();
    assert!(response.things.is_empty());
}

#[test]
fn a_missing_always_present_scalar_decodes_as_its_default() {
    // Published examples leave out members the spec says are always returned; a
    // server doing the same must not fail the whole call.
    let response: DescribeThingsResponse =
        serde_json::from_value(json!({"RequestId": "r"})).unwrap();
    assert_eq!(response.total_count, 0);
}

#[test]
fn a_wrongly_typed_member_is_still_a_decode_error() {
    let err = serde_json::from_value::<DescribeThingsResponse>(
        json!({"TotalCount": "many", "RequestId": "r"}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("invalid type"), "{err}");
}

#[test]
fn a_shape_sent_both_ways_decodes_without_its_input_only_requirements() {
    // `Owner` must be sent but need not come back: it is an Option that `new` fills.
    let thing: Thing = serde_json::from_value(json!({"Name": "n", "Updated": null})).unwrap();
    assert_eq!(thing.owner, None);
    assert_eq!(Thing::new("n", "o").owner.as_deref(), Some("o"));
}

#[test]
fn recursive_shapes_nest() {
    let node: Node = serde_json::from_value(json!({
        "Value": "a", "Next": {"Value": "b"}, "Children": [{"Value": "c"}]
    }))
    .unwrap();
    assert_eq!(node.next.as_ref().unwrap().value, "b");
    assert_eq!(node.children.as_ref().unwrap()[0].value, "c");
}

#[test]
#[cfg(feature = "server")]
fn published_example_round_trips_through_typed_request_and_response() {
    let spec: serde_json::Value =
        serde_json::from_str(include_str!("../../../codegen/tests/specs/all_types.json")).unwrap();
    let example = &spec["actions"]["PutThing"]["examples"][0];
    let request: PutThingRequest = serde_json::from_value(example["request"].clone()).unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), example["request"]);
    let response: tencentcloud_codegen_fixtures::all_types::operation::put_thing::PutThingResponse =
        serde_json::from_value(example["response"]["Response"].clone()).unwrap();
    assert_eq!(response.created_at, "2020-01-01 00:00:00");
}

#[test]
fn error_codes_map_to_variants_and_back() {
    let code = DescribeThingsError::from_code("ResourceNotFound.Thing");
    assert_eq!(code, DescribeThingsError::ResourceNotFoundThing);
    assert_eq!(code.as_str(), "ResourceNotFound.Thing");
    assert_eq!(code.to_string(), "ResourceNotFound.Thing");
    assert_eq!(code.common(), None);
}

#[test]
fn common_codes_are_always_the_common_variant() {
    // Listed by the action and also common: still `Common`, as for every other action.
    let listed = DescribeThingsError::from_code("InternalError");
    assert_eq!(
        listed,
        DescribeThingsError::Common(CommonCode::InternalError)
    );
    assert_eq!(listed.common(), Some(CommonCode::InternalError));
    assert_eq!(
        PingError::from_code("RequestLimitExceeded"),
        PingError::Common(CommonCode::RequestLimitExceeded)
    );
    assert_eq!(
        PingError::Common(CommonCode::RequestLimitExceeded).to_string(),
        "RequestLimitExceeded"
    );
}

#[test]
fn unknown_error_code_maps_to_unknown_variant() {
    let code = PutThingError::from_code("FailedOperation.New");
    assert_eq!(
        code,
        PutThingError::Unknown {
            code: "FailedOperation.New".into()
        }
    );
    assert_eq!(code.as_str(), "FailedOperation.New");
    assert_eq!(
        PingError::from_code("Anything").as_str(),
        "Anything",
        "an action without documented codes still keeps the code"
    );
}

#[test]
fn codes_whose_names_clash_keep_the_variant_the_spec_gives() {
    assert_eq!(
        PutThingError::from_code("InvalidParameter.Conflict"),
        PutThingError::InvalidParameterConflict
    );
    assert_eq!(
        PutThingError::from_code("InvalidParameterConflict"),
        PutThingError::InvalidParameterConflict2
    );
    assert_eq!(
        PutThingError::FailedOperationCname.as_str(),
        "FailedOperation.CNAME"
    );
}

#[cfg(feature = "server")]
mod server_side {
    use serde_json::json;
    use tencentcloud_codegen_fixtures::all_types::operation::put_thing::{
        PutThingError, PutThingRequest, PutThingResponse,
    };
    use tencentcloud_codegen_fixtures::all_types::server::{ACTIONS, Service, dispatch};
    use tencentcloud_runtime::server::ActionError;

    /// Implements one action; the other keeps its default.
    struct OnlyPut;

    impl Service for OnlyPut {
        async fn put_thing(
            &self,
            request: PutThingRequest,
        ) -> Result<PutThingResponse, ActionError<PutThingError>> {
            if request.vpc_id == "vpc-missing" {
                return Err(ActionError::new(
                    PutThingError::FailedOperationCname,
                    "taken",
                ));
            }
            Ok(PutThingResponse::new(
                format!("created {}", request.thing.name),
                "r",
            ))
        }
    }

    fn run<T>(future: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn dispatch_decodes_calls_and_encodes() {
        let body = br#"{"Thing": {"Name": "n", "Owner": "o"}, "VpcId": "vpc-1"}"#;
        let out = run(dispatch(&OnlyPut, "PutThing", body)).unwrap();
        assert_eq!(out, json!({"CreatedAt": "created n", "RequestId": "r"}));
    }

    #[test]
    fn action_errors_keep_their_documented_code() {
        let body = br#"{"Thing": {"Name": "n", "Owner": "o"}, "VpcId": "vpc-missing"}"#;
        let err = run(dispatch(&OnlyPut, "PutThing", body)).unwrap_err();
        assert_eq!(
            (err.code.as_str(), err.message.as_str()),
            ("FailedOperation.CNAME", "taken")
        );
    }

    #[test]
    fn unimplemented_actions_answer_unsupported_operation() {
        let err = run(dispatch(&OnlyPut, "DescribeThings", b"{}")).unwrap_err();
        assert_eq!(err.code, "UnsupportedOperation");
    }

    #[test]
    fn bad_requests_get_their_documented_codes() {
        let code =
            |action: &str, body: &[u8]| run(dispatch(&OnlyPut, action, body)).unwrap_err().code;
        assert_eq!(code("NoSuchAction", b"{}"), "InvalidAction");
        assert_eq!(code("PutThing", br#"{"VpcId": "v"}"#), "MissingParameter");
        assert_eq!(
            code(
                "PutThing",
                br#"{"VpcId": 1, "Thing": {"Name": "n", "Owner": "o"}}"#
            ),
            "InvalidParameterValue"
        );
        assert_eq!(code("PutThing", br#"{"Bogus": 1}"#), "UnknownParameter");
        assert_eq!(code("PutThing", b"not json"), "InvalidParameter");
    }

    #[test]
    fn actions_lists_every_action_with_its_limits() {
        let names: Vec<_> = ACTIONS.iter().map(|a| (a.name, a.qps_limit)).collect();
        assert_eq!(
            names,
            [
                ("ChatThings", None),
                ("DescribeThings", Some(10)),
                ("ListNodes", None),
                ("PutThing", None),
                ("SearchThings", None),
                ("WatchThings", None)
            ]
        );
    }
}
