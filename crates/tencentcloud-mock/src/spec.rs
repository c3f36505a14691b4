//! The specs (format 2) read at run time into a compact model: per service version
//! its actions, each with its input and output members (wire names, types, required
//! flags), its published examples and whether it streams; shapes by index. Prose is
//! skipped while parsing and never held.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// A member's type, resolved: shapes by their index in [`ServiceSpec::shapes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `string`.
    String,
    /// `int64`.
    Int64,
    /// `uint64`.
    Uint64,
    /// `float`.
    Float,
    /// `bool`.
    Bool,
    /// `datetime`: text in the service's own layouts.
    Datetime,
    /// `binary`: base64 text.
    Binary,
    /// `list<T>`.
    List(Box<Type>),
    /// A shape, by index.
    Shape(usize),
}

/// One member of an action's input or output, or of a shape.
#[derive(Debug, Clone)]
pub struct Member {
    /// The wire name.
    pub name: Box<str>,
    /// Its type.
    pub ty: Type,
    /// The caller must send it.
    pub required: bool,
    /// The service always returns it.
    pub output_required: bool,
}

/// A shape: a structure of members.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The wire name.
    pub name: Box<str>,
    /// Its members, in the spec's order.
    pub members: Vec<Member>,
}

/// A published example: the request body and the full response envelope, kept as
/// the spec's text until first used, then parsed once.
#[derive(Debug)]
pub struct Example {
    /// The example's title.
    pub title: Box<str>,
    /// The JSON request body.
    pub request: Box<RawValue>,
    /// `{"Response": {…}}`, when the example has one.
    pub response: Option<Box<RawValue>>,
    parsed_request: OnceLock<Value>,
    parsed_success: OnceLock<Option<Map<String, Value>>>,
}

impl Example {
    /// The request body, parsed.
    pub fn request_value(&self) -> &Value {
        self.parsed_request
            .get_or_init(|| serde_json::from_str(self.request.get()).unwrap_or(Value::Null))
    }

    /// The object inside `{"Response": …}`, unless the example has none or it is an
    /// error.
    pub fn success(&self) -> Option<&Map<String, Value>> {
        self.parsed_success
            .get_or_init(|| {
                let envelope = self.response.as_ref()?.get();
                let Ok(Value::Object(mut envelope)) = serde_json::from_str::<Value>(envelope)
                else {
                    return None;
                };
                match envelope.remove("Response") {
                    Some(Value::Object(response)) if !response.contains_key("Error") => {
                        Some(response)
                    }
                    _ => None,
                }
            })
            .as_ref()
    }
}

/// One action of a service version.
#[derive(Debug)]
pub struct Action {
    /// The wire name.
    pub name: Box<str>,
    /// Request members.
    pub input: Vec<Member>,
    /// Response members (`RequestId` included).
    pub output: Vec<Member>,
    /// Published examples.
    pub examples: Vec<Example>,
    /// `Some` when the action can stream: the request member that asks for it, or
    /// `None` inside when it always streams.
    pub streaming: Option<Option<Box<str>>>,
    /// The documented requests-per-second limit.
    pub qps_limit: Option<u32>,
}

/// One service version: what a spec file holds, less the prose.
#[derive(Debug)]
pub struct ServiceSpec {
    /// Short name (`cvm`).
    pub name: String,
    /// API version (`2017-03-12`).
    pub version: String,
    /// Actions by wire name.
    pub actions: HashMap<Box<str>, Action>,
    /// Shapes, indexed by [`Type::Shape`].
    pub shapes: Vec<Shape>,
}

impl ServiceSpec {
    /// The action called `name`.
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions.get(name)
    }

    /// Parses a spec file's text (format 2).
    ///
    /// # Errors
    ///
    /// When it is not a format-2 spec, or a type names no shape of the file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: FileView<'_> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if file.format != 2 {
            return Err(format!("format {} is not 2", file.format));
        }
        let mut shape_names: Vec<&str> = file.shapes.keys().map(|k| k.as_ref()).collect();
        shape_names.sort_unstable();
        let index: HashMap<&str, usize> = shape_names
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, i))
            .collect();
        let resolve = |members: &[MemberView<'_>], at: &str| -> Result<Vec<Member>, String> {
            members
                .iter()
                .map(|m| {
                    Ok(Member {
                        name: m.name.as_ref().into(),
                        ty: parse_type(&m.ty, &index)
                            .ok_or_else(|| format!("{at}.{}: unknown type {:?}", m.name, m.ty))?,
                        required: m.required,
                        output_required: m.output_required,
                    })
                })
                .collect()
        };
        let shapes = shape_names
            .iter()
            .map(|name| {
                Ok(Shape {
                    name: (*name).into(),
                    members: resolve(&file.shapes[*name].members, name)?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let actions = file
            .actions
            .into_iter()
            .map(|(name, a)| {
                let action = Action {
                    name: name.as_ref().into(),
                    input: resolve(&a.input, &name)?,
                    output: resolve(&a.output, &name)?,
                    examples: a
                        .examples
                        .into_iter()
                        .map(|e| Example {
                            title: e.title.unwrap_or_default().into(),
                            request: e.request,
                            response: e.response,
                            parsed_request: OnceLock::new(),
                            parsed_success: OnceLock::new(),
                        })
                        .collect(),
                    streaming: a
                        .streaming
                        .map(|s| s.flag.map(|f| f.into_owned().into_boxed_str())),
                    qps_limit: a.qps_limit,
                };
                Ok((Box::from(name.as_ref()), action))
            })
            .collect::<Result<HashMap<_, _>, String>>()?;
        Ok(ServiceSpec {
            name: file.service.name.into_owned(),
            version: file.service.version.into_owned(),
            actions,
            shapes,
        })
    }

    /// The parameter types of form requests (GET, v1), as the router takes them.
    pub fn param_types(&self) -> tencentcloud_server::ParamTypes {
        let members = |list: &[Member]| -> Vec<(String, String)> {
            list.iter()
                .map(|m| (m.name.to_string(), self.type_text(&m.ty)))
                .collect()
        };
        tencentcloud_server::ParamTypes::from_parts(
            self.actions
                .values()
                .map(|a| (a.name.to_string(), members(&a.input))),
            self.shapes
                .iter()
                .map(|s| (s.name.to_string(), members(&s.members))),
        )
    }

    /// A type as the spec writes it.
    pub fn type_text(&self, ty: &Type) -> String {
        match ty {
            Type::String => "string".into(),
            Type::Int64 => "int64".into(),
            Type::Uint64 => "uint64".into(),
            Type::Float => "float".into(),
            Type::Bool => "bool".into(),
            Type::Datetime => "datetime".into(),
            Type::Binary => "binary".into(),
            Type::List(item) => format!("list<{}>", self.type_text(item)),
            Type::Shape(i) => self.shapes[*i].name.to_string(),
        }
    }
}

fn parse_type(text: &str, shapes: &HashMap<&str, usize>) -> Option<Type> {
    Some(match text {
        "string" => Type::String,
        "int64" => Type::Int64,
        "uint64" => Type::Uint64,
        "float" => Type::Float,
        "bool" => Type::Bool,
        "datetime" => Type::Datetime,
        "binary" => Type::Binary,
        other => match other
            .strip_prefix("list<")
            .and_then(|t| t.strip_suffix('>'))
        {
            Some(item) => Type::List(Box::new(parse_type(item, shapes)?)),
            None => Type::Shape(*shapes.get(other)?),
        },
    })
}

// Serde views: only what the mock reads; every other field (the prose) is skipped.

#[derive(Deserialize)]
struct FileView<'a> {
    format: u32,
    #[serde(borrow)]
    service: ServiceView<'a>,
    #[serde(borrow)]
    actions: HashMap<Cow<'a, str>, ActionView<'a>>,
    #[serde(default, borrow)]
    shapes: HashMap<Cow<'a, str>, ShapeView<'a>>,
}

#[derive(Deserialize)]
struct ServiceView<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    version: Cow<'a, str>,
}

#[derive(Deserialize)]
struct ActionView<'a> {
    #[serde(default, borrow)]
    input: Vec<MemberView<'a>>,
    #[serde(default, borrow)]
    output: Vec<MemberView<'a>>,
    #[serde(default)]
    examples: Vec<ExampleView>,
    #[serde(default, borrow)]
    streaming: Option<StreamingView<'a>>,
    #[serde(default)]
    qps_limit: Option<u32>,
}

#[derive(Deserialize)]
struct StreamingView<'a> {
    #[serde(default, borrow)]
    flag: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct ShapeView<'a> {
    #[serde(default, borrow)]
    members: Vec<MemberView<'a>>,
}

#[derive(Deserialize)]
struct MemberView<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(rename = "type", borrow)]
    ty: Cow<'a, str>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    output_required: bool,
}

#[derive(Deserialize)]
struct ExampleView {
    #[serde(default)]
    title: Option<String>,
    request: Box<RawValue>,
    #[serde(default)]
    response: Option<Box<RawValue>>,
}

/// Every spec file under `dir`: `<dir>/<service>/<version>.json`, overlays and the
/// `sources/` folder left out. Sorted, so loading is deterministic.
///
/// # Errors
///
/// When `dir` cannot be read.
pub fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for service in fs::read_dir(dir)? {
        let service = service?.path();
        if !service.is_dir() || service.file_name().is_some_and(|n| n == "sources") {
            continue;
        }
        for file in fs::read_dir(&service)? {
            let file = file?.path();
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name.ends_with(".json") && !name.ends_with(".overlay.json") {
                files.push(file);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_is_read_without_its_prose_and_types_resolve() {
        let spec = ServiceSpec::parse(
            r#"{"format": 2, "service": {"name": "cvm", "version": "2017-03-12", "endpoint": "e", "title": "t"},
                "actions": {"DescribeInstances": {"title": "t", "doc": "long prose",
                    "input": [{"name": "Filters", "type": "list<Filter>", "doc": "d"}, {"name": "Limit", "type": "int64"}],
                    "output": [{"name": "RequestId", "type": "string", "output_required": true}],
                    "examples": [{"title": "one", "request": {"Limit": 1}, "response": {"Response": {"RequestId": "x"}}}]}},
                "shapes": {"Filter": {"members": [{"name": "Name", "type": "string", "required": true}]}}}"#,
        )
        .unwrap();
        let action = spec.action("DescribeInstances").unwrap();
        assert_eq!(action.input[0].ty, Type::List(Box::new(Type::Shape(0))));
        assert_eq!(spec.type_text(&action.input[0].ty), "list<Filter>");
        assert!(spec.shapes[0].members[0].required);
        assert_eq!(action.examples[0].request.get(), r#"{"Limit": 1}"#);
        assert!(action.streaming.is_none());
    }

    #[test]
    fn unknown_types_and_other_formats_are_errors() {
        let bad = r#"{"format": 2, "service": {"name": "a", "version": "v"},
            "actions": {"A": {"input": [{"name": "X", "type": "Missing"}], "output": []}}}"#;
        assert!(
            ServiceSpec::parse(bad)
                .unwrap_err()
                .contains("A.X: unknown type")
        );
        let old = r#"{"format": 1, "service": {"name": "a", "version": "v"}, "actions": {}}"#;
        assert!(ServiceSpec::parse(old).is_err());
        assert!(ServiceSpec::parse("[").is_err());
    }
}
