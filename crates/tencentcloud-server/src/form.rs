//! Form parameters (`Tags.0.Key=k`, as GET queries and v1 requests carry them) back
//! into the JSON object a POST would have sent.
//!
//! Every form value is text, so `Limit=20` cannot become `20` rather than `"20"`
//! without knowing that `Limit` is an integer. [`ParamTypes`] holds each action's
//! parameter types, read from the service's spec, for that; the strict decoding of the
//! JSON that comes out is still the dispatcher's.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Map, Number, Value};

/// The type of every request parameter of a service, as a spec (format 1) gives them:
/// `string`, `int64`, `uint64`, `float`, `bool`, `datetime`, `binary`, `list<T>` or a
/// shape name.
///
/// ```
/// use tencentcloud_server::ParamTypes;
///
/// let types = ParamTypes::from_spec(r#"{
///     "actions": {"ListThings": {"input": [
///         {"name": "Limit", "type": "int64"},
///         {"name": "Tags", "type": "list<Tag>"}
///     ]}},
///     "shapes": {"Tag": {"members": [{"name": "Key", "type": "string"}]}}
/// }"#)?;
/// let params = [("Limit", "20"), ("Tags.0.Key", "007")].map(|(k, v)| (k.to_owned(), v.to_owned()));
/// assert_eq!(
///     types.to_json("ListThings", &params),
///     serde_json::json!({"Limit": 20, "Tags": [{"Key": "007"}]})
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct ParamTypes {
    actions: HashMap<String, HashMap<String, String>>,
    shapes: HashMap<String, HashMap<String, String>>,
}

#[derive(Deserialize)]
struct SpecView {
    #[serde(default)]
    actions: HashMap<String, ActionView>,
    #[serde(default)]
    shapes: HashMap<String, ShapeView>,
}

#[derive(Deserialize)]
struct ActionView {
    #[serde(default)]
    input: Vec<MemberView>,
}

#[derive(Deserialize)]
struct ShapeView {
    #[serde(default)]
    members: Vec<MemberView>,
}

#[derive(Deserialize)]
struct MemberView {
    name: String,
    #[serde(rename = "type")]
    ty: String,
}

fn members(list: Vec<MemberView>) -> HashMap<String, String> {
    list.into_iter().map(|m| (m.name, m.ty)).collect()
}

impl ParamTypes {
    /// Reads the parameter types of a spec file's text; only `actions.*.input` and
    /// `shapes.*.members` (their `name` and `type`) are looked at.
    ///
    /// # Errors
    ///
    /// When the text is not JSON of that shape.
    pub fn from_spec(spec_json: &str) -> Result<Self, serde_json::Error> {
        let spec: SpecView = serde_json::from_str(spec_json)?;
        Ok(ParamTypes {
            actions: spec
                .actions
                .into_iter()
                .map(|(name, action)| (name, members(action.input)))
                .collect(),
            shapes: spec
                .shapes
                .into_iter()
                .map(|(name, shape)| (name, members(shape.members)))
                .collect(),
        })
    }

    /// Parameter types from their parts: `(action, [(member, type)])` and
    /// `(shape, [(member, type)])`, types written as in a spec (`int64`,
    /// `list<Filter>`), for a caller that has read the spec already.
    pub fn from_parts<M>(
        actions: impl IntoIterator<Item = (String, M)>,
        shapes: impl IntoIterator<Item = (String, M)>,
    ) -> Self
    where
        M: IntoIterator<Item = (String, String)>,
    {
        ParamTypes {
            actions: actions
                .into_iter()
                .map(|(name, members)| (name, members.into_iter().collect()))
                .collect(),
            shapes: shapes
                .into_iter()
                .map(|(name, members)| (name, members.into_iter().collect()))
                .collect(),
        }
    }

    /// Whether no action has any parameter type.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// The JSON object that `params` of `action` stand for. A value that does not fit
    /// its type, or a parameter the action does not have, is kept as text, so that the
    /// dispatcher refuses it with the code it would give the JSON request.
    pub fn to_json(&self, action: &str, params: &[(String, String)]) -> Value {
        match Node::from_params(params) {
            Node::Tree(children) => self.object(children, self.actions.get(action)),
            Node::Leaf(_) => Value::Object(Map::new()),
        }
    }

    /// The object of `children`, each converted to its type in `fields`; a child
    /// `fields` does not name (or every child, without `fields`) is untyped.
    fn object(
        &self,
        children: BTreeMap<String, Node>,
        fields: Option<&HashMap<String, String>>,
    ) -> Value {
        Value::Object(
            children
                .into_iter()
                .map(|(name, child)| {
                    let ty = fields.and_then(|f| f.get(&name)).map(String::as_str);
                    let value = self.convert(child, ty);
                    (name, value)
                })
                .collect(),
        )
    }

    fn convert(&self, node: Node, ty: Option<&str>) -> Value {
        let Some(ty) = ty else {
            return node.untyped();
        };
        if let Some(item) = ty.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
            return match node.into_list() {
                Ok(items) => Value::Array(
                    items
                        .into_iter()
                        .map(|v| self.convert(v, Some(item)))
                        .collect(),
                ),
                Err(other) => other.untyped(),
            };
        }
        match (ty, node) {
            (_, Node::Tree(children)) => self.object(children, self.shapes.get(ty)),
            ("int64", Node::Leaf(text)) => text
                .parse::<i64>()
                .map_or(Value::String(text), |n| Value::Number(n.into())),
            ("uint64", Node::Leaf(text)) => text
                .parse::<u64>()
                .map_or(Value::String(text), |n| Value::Number(n.into())),
            ("float", Node::Leaf(text)) => text
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map_or(Value::String(text), Value::Number),
            // The Python SDK writes booleans as `True`/`False`, the others in lower case.
            ("bool", Node::Leaf(text)) => match text.as_str() {
                "true" | "True" | "TRUE" => Value::Bool(true),
                "false" | "False" | "FALSE" => Value::Bool(false),
                _ => Value::String(text),
            },
            (_, Node::Leaf(text)) => Value::String(text),
        }
    }
}

/// The most levels a parameter name is split into. A spec nests far less; past it
/// the rest of the name stays one key, which the dispatcher then refuses as an unknown
/// parameter. Without a bound, a name of a million dots (a 10 MiB form body) would
/// make every recursive step below, and the JSON's own drop, overflow the stack.
const MAX_DEPTH: usize = 32;

/// Parameters split on `.` into a tree, at most [`MAX_DEPTH`] levels deep.
#[derive(Debug)]
enum Node {
    Leaf(String),
    Tree(BTreeMap<String, Node>),
}

impl Node {
    fn from_params(params: &[(String, String)]) -> Node {
        let mut root = Node::Tree(BTreeMap::new());
        for (name, value) in params {
            let mut node = &mut root;
            for part in name.splitn(MAX_DEPTH, '.') {
                // A name that is both a value and a prefix (`A=1&A.B=2`) keeps the
                // deeper one; such a request is malformed either way.
                if let Node::Leaf(_) = node {
                    *node = Node::Tree(BTreeMap::new());
                }
                let Node::Tree(children) = node else {
                    unreachable!("just made a tree")
                };
                node = children
                    .entry(part.to_owned())
                    .or_insert_with(|| Node::Tree(BTreeMap::new()));
            }
            *node = Node::Leaf(value.clone());
        }
        root
    }

    /// A tree whose keys are all numbers (`A.0`, `A.1`, …) is a list: its items in
    /// index order. Anything else is given back.
    fn into_list(self) -> Result<Vec<Node>, Node> {
        match self {
            Node::Tree(children) if children.keys().all(|k| k.parse::<u64>().is_ok()) => {
                let mut items: Vec<(u64, Node)> = children
                    .into_iter()
                    .map(|(k, v)| (k.parse().unwrap_or_default(), v))
                    .collect();
                items.sort_by_key(|(index, _)| *index);
                Ok(items.into_iter().map(|(_, v)| v).collect())
            }
            other => Err(other),
        }
    }

    /// JSON for a parameter of unknown type: text, arrays for numeric keys, objects.
    fn untyped(self) -> Value {
        match self.into_list() {
            Ok(items) => Value::Array(items.into_iter().map(Node::untyped).collect()),
            Err(Node::Leaf(text)) => Value::String(text),
            Err(Node::Tree(children)) => Value::Object(
                children
                    .into_iter()
                    .map(|(name, child)| (name, child.untyped()))
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn types() -> ParamTypes {
        ParamTypes::from_spec(
            &json!({
                "actions": {"Act": {"input": [
                    {"name": "Name", "type": "string"},
                    {"name": "Count", "type": "int64"},
                    {"name": "Size", "type": "uint64"},
                    {"name": "Ratio", "type": "float"},
                    {"name": "Dry", "type": "bool"},
                    {"name": "Ids", "type": "list<string>"},
                    {"name": "Filters", "type": "list<Filter>"},
                    {"name": "Env", "type": "Environment"}
                ]}},
                "shapes": {
                    "Filter": {"members": [
                        {"name": "Name", "type": "string"},
                        {"name": "Values", "type": "list<string>"}
                    ]},
                    "Environment": {"members": [{"name": "Variables", "type": "list<Variable>"}]},
                    "Variable": {"members": [
                        {"name": "Key", "type": "string"},
                        {"name": "Value", "type": "string"}
                    ]}
                }
            })
            .to_string(),
        )
        .unwrap()
    }

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn form_parameters_become_the_typed_json_request() {
        let json = types().to_json(
            "Act",
            &params(&[
                ("Name", "42"),
                ("Count", "-3"),
                ("Size", "7"),
                ("Ratio", "0.5"),
                ("Dry", "True"),
                ("Ids.1", "b"),
                ("Ids.0", "a"),
                ("Ids.10", "k"),
                ("Filters.0.Name", "tag-x"),
                ("Filters.0.Values.0", "1"),
                ("Env.Variables.0.Key", "K"),
                ("Env.Variables.0.Value", "V"),
            ]),
        );
        assert_eq!(
            json,
            json!({
                "Name": "42", "Count": -3, "Size": 7, "Ratio": 0.5, "Dry": true,
                "Ids": ["a", "b", "k"],
                "Filters": [{"Name": "tag-x", "Values": ["1"]}],
                "Env": {"Variables": [{"Key": "K", "Value": "V"}]}
            })
        );
    }

    #[test]
    fn values_that_do_not_fit_their_type_stay_text() {
        let json = types().to_json(
            "Act",
            &params(&[("Count", "many"), ("Dry", "yes"), ("Extra", "1")]),
        );
        assert_eq!(json, json!({"Count": "many", "Dry": "yes", "Extra": "1"}));
    }

    /// Found while writing the `server_form` fuzz target (`fuzz/`): every level of a
    /// dotted name was a level of recursion, so one long name (a signed form body or
    /// GET query) overflowed the stack of the thread serving it and aborted the server.
    #[test]
    fn deeply_dotted_names_do_not_overflow_the_stack() {
        let name = "A.".repeat(200_000) + "B";
        let types = types();
        // The stack of a Tokio worker thread.
        let json = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let json = types.to_json("ListThings", &params(&[(&name, "1")]));
                json.to_string()
            })
            .unwrap()
            .join()
            .unwrap();
        let depth = json.matches('{').count();
        assert_eq!(depth, MAX_DEPTH, "{}", &json[..200]);
        assert!(json.contains(&format!("{}B", "A.".repeat(200_000 - MAX_DEPTH + 1))));
    }

    #[test]
    fn unknown_action_keeps_everything_as_text() {
        let json = types().to_json("Other", &params(&[("A.0", "x"), ("B.C", "2")]));
        assert_eq!(json, json!({"A": ["x"], "B": {"C": "2"}}));
    }
}
