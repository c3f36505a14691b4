//! Published examples → spec examples. A request is published either as a GET URL
//! whose query holds flattened parameters (`Tags.0.Key=env`) or as a raw POST with a
//! JSON body; both become one JSON object, typed by the action's input members.

use serde_json::{Map, Value};

use crate::spec::{Example, Member, Shape};
use std::collections::BTreeMap;

use super::tccli::ApiExample;

/// Parameters every action accepts that are not part of its own input.
const COMMON_PARAMS: &[&str] = &[
    "Action",
    "Version",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "Token",
    "Language",
];

/// Converts one published example; the error says why it could not be read.
pub fn convert(
    ex: &ApiExample,
    input: &[Member],
    shapes: &BTreeMap<String, Shape>,
) -> Result<Example, String> {
    let raw = ex.input.trim_start();
    let request = if raw.starts_with("POST") {
        post_body(&ex.input)?
    } else if raw.starts_with('{') {
        // Some examples publish only the JSON body, without the request line.
        json_body(raw)?
    } else {
        get_query(&ex.input, input, shapes)?
    };
    let response: Value =
        serde_json::from_str(ex.output.trim()).map_err(|e| format!("response is not JSON: {e}"))?;
    if !response.get("Response").is_some_and(Value::is_object) {
        return Err("response has no \"Response\" object".to_owned());
    }
    Ok(Example {
        title: ex.title.trim().to_owned(),
        doc: ex.document.trim().to_owned(),
        request,
        response,
    })
}

fn post_body(raw: &str) -> Result<Value, String> {
    let normalized = raw.replace("\r\n", "\n");
    // Headers end at a blank line, except in examples that put the body straight after
    // the last header or lost their line breaks; there the body starts at its brace.
    let body = normalized
        .split_once("\n\n")
        .map(|(_, body)| body)
        .or_else(|| normalized.find('{').map(|i| &normalized[i..]))
        .ok_or("POST example has no body")?;
    json_body(body)
}

fn json_body(body: &str) -> Result<Value, String> {
    let value: Value =
        serde_json::from_str(body.trim()).map_err(|e| format!("POST body is not JSON: {e}"))?;
    if value.is_object() {
        Ok(value)
    } else {
        Err("POST body is not a JSON object".to_owned())
    }
}

fn get_query(
    raw: &str,
    input: &[Member],
    shapes: &BTreeMap<String, Shape>,
) -> Result<Value, String> {
    let joined: String = raw.lines().map(str::trim).collect();
    let query = joined
        .split_once('?')
        .map(|(_, q)| q)
        .ok_or("GET example has no query string")?;
    let mut root = Value::Object(Map::new());
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key.starts_with('<') || COMMON_PARAMS.contains(&key) {
            continue;
        }
        let path: Vec<&str> = key.split('.').collect();
        let ty = type_at(&path, input, shapes);
        insert(
            &mut root,
            &path,
            typed(&percent_decode(value), ty.as_deref()),
        )?;
    }
    Ok(root)
}

/// The scalar type expression of a flattened key, when the input members know it.
fn type_at(path: &[&str], input: &[Member], shapes: &BTreeMap<String, Shape>) -> Option<String> {
    let (first, rest) = path.split_first()?;
    let mut ty = input.iter().find(|m| m.name == *first)?.ty.clone();
    for seg in rest {
        if let Some(inner) = ty.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
            if seg.parse::<usize>().is_ok() {
                ty = inner.to_owned();
                continue;
            }
            return None;
        }
        ty = shapes
            .get(&ty)?
            .members
            .iter()
            .find(|m| m.name == *seg)?
            .ty
            .clone();
    }
    // A list given as `Key.0` was stepped into above; a bare key naming a list stays a list.
    Some(ty)
}

fn typed(text: &str, ty: Option<&str>) -> Value {
    let parsed = match ty {
        Some("int64") => text.parse::<i64>().ok().map(Value::from),
        Some("uint64") => text.parse::<u64>().ok().map(Value::from),
        Some("float") => text.parse::<f64>().ok().map(Value::from),
        Some("bool") => match text {
            "true" | "True" | "TRUE" => Some(Value::Bool(true)),
            "false" | "False" | "FALSE" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    };
    // What does not parse is kept as published, so a wrong example stays visible.
    parsed.unwrap_or_else(|| Value::String(text.to_owned()))
}

fn insert(node: &mut Value, path: &[&str], leaf: Value) -> Result<(), String> {
    let Some((seg, rest)) = path.split_first() else {
        *node = leaf;
        return Ok(());
    };
    if let Ok(index) = seg.parse::<usize>() {
        if node.is_null() {
            *node = Value::Array(Vec::new());
        }
        let list = node
            .as_array_mut()
            .ok_or_else(|| format!("key segment {seg:?} indexes a non-list"))?;
        if index > list.len() {
            return Err(format!("list index {index} skips elements"));
        }
        if index == list.len() {
            list.push(Value::Null);
        }
        insert(&mut list[index], rest, leaf)
    } else {
        if node.is_null() {
            *node = Value::Object(Map::new());
        }
        let object = node
            .as_object_mut()
            .ok_or_else(|| format!("key segment {seg:?} names a field of a non-object"))?;
        insert(object.entry(*seg).or_insert(Value::Null), rest, leaf)
    }
}

/// `%XX` decoding; anything malformed is kept literally.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, ty: &str) -> Member {
        Member {
            name: name.into(),
            rust_name: None,
            ty: ty.into(),
            required: false,
            output_required: false,
            nullable: false,
            deprecated: false,
            doc: String::new(),
            doc_lang: None,
            example: None,
            default: None,
        }
    }

    fn example(input: &str) -> ApiExample {
        ApiExample {
            title: "t".into(),
            document: String::new(),
            input: input.into(),
            output: r#"{"Response": {"RequestId": "r"}}"#.into(),
        }
    }

    #[test]
    fn get_query_becomes_typed_nested_json() {
        let mut shapes = BTreeMap::new();
        shapes.insert(
            "Tag".to_owned(),
            Shape {
                doc: String::new(),
                doc_lang: None,
                usage: crate::spec::Usage::Both,
                members: vec![member("Key", "string"), member("Value", "string")],
            },
        );
        let input = [
            member("Limit", "int64"),
            member("On", "bool"),
            member("Tags", "list<Tag>"),
            member("Name", "string"),
        ];
        let ex = example(
            "https://x.tencentcloudapi.com/?Action=A\n&Limit=10\n&On=true\n&Tags.0.Key=a%20b\n&Tags.0.Value=1\n&Name=007\n&<Common request parameters>",
        );
        let got = convert(&ex, &input, &shapes).unwrap();
        assert_eq!(
            got.request,
            serde_json::json!({"Limit": 10, "On": true, "Tags": [{"Key": "a b", "Value": "1"}], "Name": "007"})
        );
    }

    #[test]
    fn post_body_is_read_after_the_blank_line() {
        let ex = example("POST / HTTP/1.1\nHost: x\n<公共请求参数>\n\n{\"A\": [1]}");
        let got = convert(&ex, &[], &BTreeMap::new()).unwrap();
        assert_eq!(got.request, serde_json::json!({"A": [1]}));
    }

    #[test]
    fn unreadable_examples_say_why() {
        let mut ex = example("POST / HTTP/1.1\n\n{not json");
        assert!(
            convert(&ex, &[], &BTreeMap::new())
                .unwrap_err()
                .contains("not JSON")
        );
        ex.input = "https://x/?A=1".into();
        ex.output = "{}".into();
        assert!(
            convert(&ex, &[], &BTreeMap::new())
                .unwrap_err()
                .contains("Response")
        );
    }
}
