//! A request body checked against its action's input, as the service checks it:
//! every required member present, each member of its type (nested shapes and lists
//! included), no member the action does not define. Each refusal names the member's
//! path (`Filters.0.Name`) and the documented common code.

use serde_json::{Map, Value};
use tencentcloud_server::DispatchError;

use crate::spec::{Member, ServiceSpec, Type};

/// Why a request was refused: the code, the member's path and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `MissingParameter`, `UnknownParameter`, `InvalidParameterValue` or
    /// `InvalidParameter`.
    pub code: &'static str,
    /// The member's path, dot-separated with list indices (`Filters.0.Name`); empty
    /// for the body itself.
    pub path: String,
    /// What is wrong, without the path.
    pub reason: String,
}

impl Refusal {
    fn new(code: &'static str, path: &Path<'_>, reason: impl Into<String>) -> Self {
        Refusal {
            code,
            path: path.to_string(),
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.reason)
        } else {
            write!(f, "{}: {}", self.path, self.reason)
        }
    }
}

impl From<Refusal> for DispatchError {
    fn from(refusal: Refusal) -> Self {
        DispatchError::new(refusal.code, refusal.to_string())
    }
}

/// A member path as a linked list on the stack: nothing is allocated until a
/// refusal needs the text.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Member(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (parent, part): (&Path<'_>, &dyn std::fmt::Display) = match self {
            Path::Root => return Ok(()),
            Path::Member(parent, name) => (parent, name),
            Path::Index(parent, index) => (parent, index),
        };
        if matches!(parent, Path::Root) {
            write!(f, "{part}")
        } else {
            write!(f, "{parent}.{part}")
        }
    }
}

/// Parses `body` (empty is `{}`) and checks it against `input`, the members of an
/// action of `spec`.
///
/// # Errors
///
/// The first problem found, members in the order of the spec.
pub fn check_body(spec: &ServiceSpec, input: &[Member], body: &[u8]) -> Result<Value, Refusal> {
    let value: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Map::new())
    } else {
        serde_json::from_slice(body).map_err(|e| {
            Refusal::new(
                "InvalidParameter",
                &Path::Root,
                format!("the body is not JSON: {e}"),
            )
        })?
    };
    let Value::Object(object) = &value else {
        return Err(Refusal::new(
            "InvalidParameter",
            &Path::Root,
            "the body must be a JSON object",
        ));
    };
    check_object(spec, input, object, &Path::Root)?;
    Ok(value)
}

fn check_object(
    spec: &ServiceSpec,
    members: &[Member],
    object: &Map<String, Value>,
    at: &Path<'_>,
) -> Result<(), Refusal> {
    if let Some(unknown) = object
        .keys()
        .find(|key| !members.iter().any(|m| *m.name == **key))
    {
        return Err(Refusal::new(
            "UnknownParameter",
            &Path::Member(at, unknown),
            "the parameter is not defined for this action",
        ));
    }
    for member in members {
        let path = Path::Member(at, &member.name);
        match object.get(&*member.name) {
            // The SDKs leave unset members out; a null is taken as left out.
            None | Some(Value::Null) if member.required => {
                return Err(Refusal::new(
                    "MissingParameter",
                    &path,
                    "the required parameter is missing",
                ));
            }
            None | Some(Value::Null) => {}
            Some(value) => check_value(spec, &member.ty, value, &path)?,
        }
    }
    Ok(())
}

fn check_value(spec: &ServiceSpec, ty: &Type, value: &Value, at: &Path<'_>) -> Result<(), Refusal> {
    let fits = match (ty, value) {
        (Type::String | Type::Datetime | Type::Binary, Value::String(_)) => true,
        (Type::Int64, Value::Number(n)) => n.is_i64() || n.is_f64() && integral(n),
        (Type::Uint64, Value::Number(n)) => {
            n.is_u64() || n.is_f64() && integral(n) && n.as_f64().is_some_and(|f| f >= 0.0)
        }
        (Type::Float, Value::Number(_)) | (Type::Bool, Value::Bool(_)) => true,
        (Type::List(item), Value::Array(items)) => {
            for (i, item_value) in items.iter().enumerate() {
                check_value(spec, item, item_value, &Path::Index(at, i))?;
            }
            true
        }
        (Type::Shape(index), Value::Object(object)) => {
            check_object(spec, &spec.shapes[*index].members, object, at)?;
            true
        }
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(Refusal::new(
            "InvalidParameterValue",
            at,
            format!("expected {}, got {}", expected(spec, ty), kind(value)),
        ))
    }
}

/// A float that is a whole number (`1.0`), as some JSON writers send integers.
fn integral(n: &serde_json::Number) -> bool {
    n.as_f64()
        .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
}

fn expected(spec: &ServiceSpec, ty: &Type) -> String {
    match ty {
        Type::String | Type::Datetime | Type::Binary => "a string".into(),
        Type::Int64 => "an integer".into(),
        Type::Uint64 => "a non-negative integer".into(),
        Type::Float => "a number".into(),
        Type::Bool => "a boolean".into(),
        Type::List(_) => format!("a list ({})", spec.type_text(ty)),
        Type::Shape(_) => format!("an object ({})", spec.type_text(ty)),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a fractional number",
        Value::Number(n) if n.is_i64() && n.as_i64() < Some(0) => "a negative integer",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> ServiceSpec {
        ServiceSpec::parse(
            r#"{"format": 2, "service": {"name": "cvm", "version": "2017-03-12"},
                "actions": {"DescribeInstances": {
                    "input": [{"name": "Filters", "type": "list<Filter>"}, {"name": "Limit", "type": "int64"},
                              {"name": "Zone", "type": "string", "required": true}, {"name": "Size", "type": "uint64"},
                              {"name": "DryRun", "type": "bool"}, {"name": "Ratio", "type": "float"}],
                    "output": [{"name": "RequestId", "type": "string", "output_required": true}]}},
                "shapes": {"Filter": {"members": [{"name": "Name", "type": "string", "required": true},
                                                  {"name": "Values", "type": "list<string>"}]}}}"#,
        )
        .unwrap()
    }

    fn check(body: &str) -> Result<Value, Refusal> {
        let spec = spec();
        let input = spec.action("DescribeInstances").unwrap().input.clone();
        check_body(&spec, &input, body.as_bytes())
    }

    #[test]
    fn a_request_of_the_right_types_passes() {
        check(
            r#"{"Zone": "ap-guangzhou-3", "Limit": 1, "Size": 2, "DryRun": false, "Ratio": 0.5,
                  "Filters": [{"Name": "zone", "Values": ["a", "b"]}]}"#,
        )
        .unwrap();
        // Whole floats for integers, nulls for optional members.
        check(r#"{"Zone": "z", "Limit": 1.0, "Ratio": 3, "Filters": null}"#).unwrap();
    }

    #[test]
    fn refusals_name_the_member_path_and_the_code() {
        let cases = [
            ("{}", "MissingParameter", "Zone"),
            (
                r#"{"Zone": "z", "Filters": [{"Values": []}]}"#,
                "MissingParameter",
                "Filters.0.Name",
            ),
            (
                r#"{"Zone": "z", "Filters": [{"Name": "a"}, {"Name": 3}]}"#,
                "InvalidParameterValue",
                "Filters.1.Name",
            ),
            (
                r#"{"Zone": "z", "Filters": [{"Name": "a", "Values": ["x", 1]}]}"#,
                "InvalidParameterValue",
                "Filters.0.Values.1",
            ),
            (
                r#"{"Zone": "z", "Filters": [{"Name": "a", "Other": 1}]}"#,
                "UnknownParameter",
                "Filters.0.Other",
            ),
            (r#"{"Zone": "z", "Nope": 1}"#, "UnknownParameter", "Nope"),
            (
                r#"{"Zone": "z", "Limit": "1"}"#,
                "InvalidParameterValue",
                "Limit",
            ),
            (
                r#"{"Zone": "z", "Limit": 1.5}"#,
                "InvalidParameterValue",
                "Limit",
            ),
            (
                r#"{"Zone": "z", "Size": -1}"#,
                "InvalidParameterValue",
                "Size",
            ),
            (
                r#"{"Zone": "z", "DryRun": "true"}"#,
                "InvalidParameterValue",
                "DryRun",
            ),
            (
                r#"{"Zone": "z", "Filters": {"Name": "a"}}"#,
                "InvalidParameterValue",
                "Filters",
            ),
            (
                r#"{"Zone": "z", "Filters": ["a"]}"#,
                "InvalidParameterValue",
                "Filters.0",
            ),
            ("[1]", "InvalidParameter", ""),
            ("{\"Zone\":", "InvalidParameter", ""),
        ];
        for (body, code, path) in cases {
            let refusal = check(body).expect_err(body);
            assert_eq!(
                (refusal.code, refusal.path.as_str()),
                (code, path),
                "{body}: {refusal}"
            );
            if !path.is_empty() {
                assert!(
                    refusal.to_string().starts_with(&format!("{path}: ")),
                    "{refusal}"
                );
            }
        }
    }

    #[test]
    fn the_refusal_becomes_the_dispatch_error() {
        let error = DispatchError::from(check(r#"{"Zone": 1}"#).unwrap_err());
        assert_eq!(error.code, "InvalidParameterValue");
        assert_eq!(error.message, "Zone: expected a string, got an integer");
    }
}
