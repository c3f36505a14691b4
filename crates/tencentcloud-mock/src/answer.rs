//! What an accepted request is answered with: the action's published example
//! response when it has a successful one, otherwise the smallest response valid for
//! its output (every always-returned member filled with its type's empty value).

use serde_json::{Map, Value};

use crate::spec::{Action, Member, ServiceSpec, Type};

/// How deep a minimal response nests shapes; a shape that requires itself (a tree)
/// gets an empty object past it.
const MAX_DEPTH: usize = 8;

/// The object inside `{"Response": …}` for `action`: the first published example
/// whose response is not an error, with `request` preferred when an example was
/// published for exactly that request; else [`minimal`]. The router puts in the
/// RequestId.
pub fn response(spec: &ServiceSpec, action: &Action, request: &Value) -> Map<String, Value> {
    let successes = || {
        action
            .examples
            .iter()
            .filter_map(|e| Some((e, e.success()?)))
    };
    let same_request = successes().find(|(e, _)| e.request_value() == request);
    match same_request.or_else(|| successes().next()) {
        Some((_, response)) => response.clone(),
        None => minimal(spec, &action.output),
    }
}

/// The smallest object valid for `members`: each `output_required` member (but
/// `RequestId`, which the router sets) with the empty value of its type.
pub fn minimal(spec: &ServiceSpec, members: &[Member]) -> Map<String, Value> {
    object(spec, members, 0)
}

fn object(spec: &ServiceSpec, members: &[Member], depth: usize) -> Map<String, Value> {
    members
        .iter()
        .filter(|m| m.output_required && &*m.name != "RequestId")
        .map(|m| (m.name.to_string(), empty(spec, &m.ty, depth)))
        .collect()
}

fn empty(spec: &ServiceSpec, ty: &Type, depth: usize) -> Value {
    match ty {
        Type::String | Type::Datetime | Type::Binary => Value::String(String::new()),
        Type::Int64 | Type::Uint64 => Value::from(0),
        Type::Float => Value::from(0.0),
        Type::Bool => Value::Bool(false),
        Type::List(_) => Value::Array(Vec::new()),
        Type::Shape(_) if depth >= MAX_DEPTH => Value::Object(Map::new()),
        Type::Shape(index) => Value::Object(object(spec, &spec.shapes[*index].members, depth + 1)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn spec() -> ServiceSpec {
        ServiceSpec::parse(
            r#"{"format": 2, "service": {"name": "a", "version": "v"},
                "actions": {
                  "WithExamples": {"input": [{"name": "Id", "type": "string"}], "output": [], "examples": [
                    {"request": {"Id": "bad"}, "response": {"Response": {"Error": {"Code": "X", "Message": "m"}, "RequestId": "r"}}},
                    {"request": {"Id": "one"}, "response": {"Response": {"Name": "first", "RequestId": "r"}}},
                    {"request": {"Id": "two"}, "response": {"Response": {"Name": "second", "RequestId": "r"}}}]},
                  "Bare": {"input": [], "output": [
                    {"name": "Total", "type": "int64", "output_required": true},
                    {"name": "Maybe", "type": "string"},
                    {"name": "Tree", "type": "Node", "output_required": true},
                    {"name": "RequestId", "type": "string", "output_required": true}]}},
                "shapes": {"Node": {"members": [{"name": "Label", "type": "string", "output_required": true},
                                                {"name": "Child", "type": "Node", "output_required": true},
                                                {"name": "Kids", "type": "list<Node>", "output_required": true}]}}}"#,
        )
        .unwrap()
    }

    #[test]
    fn the_example_for_the_same_request_else_the_first_success() {
        let spec = spec();
        let action = spec.action("WithExamples").unwrap();
        assert_eq!(
            response(&spec, action, &json!({"Id": "two"}))["Name"],
            "second"
        );
        assert_eq!(
            response(&spec, action, &json!({"Id": "other"}))["Name"],
            "first"
        );
    }

    #[test]
    fn without_examples_the_required_members_are_filled_and_recursion_stops() {
        let spec = spec();
        let answer = response(&spec, spec.action("Bare").unwrap(), &json!({}));
        assert_eq!(answer["Total"], 0);
        assert!(!answer.contains_key("Maybe") && !answer.contains_key("RequestId"));
        let mut node = &answer["Tree"];
        for _ in 0..MAX_DEPTH {
            assert_eq!(node["Label"], "");
            assert_eq!(node["Kids"], json!([]));
            node = &node["Child"];
        }
        assert_eq!(*node, json!({}));
    }
}
