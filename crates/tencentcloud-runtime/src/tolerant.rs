//! Tolerant decoding of responses: what a service sends sometimes drifts from its
//! published description (`null` for a string, `"1"` for an integer, `1.0` for an
//! integer, `1` for a boolean), and one such member must not fail a whole call.
//!
//! The body is decoded strictly first, with serde as generated; that is the only work
//! done for a body that matches. Only on a type mismatch is it parsed into a
//! [`Value`] and repaired one mismatch at a time: serde names the failing member (by
//! its path) and the type it expected, and where the conversion is unambiguous the
//! member is converted, in every element of the lists on its path at once, and the
//! value decoded again. At most [`MAX_REPAIRS`] repairs are made; a mismatch that
//! cannot be converted fails the decoding as in strict mode. Each repair is logged as
//! a `tracing` warning once the value decodes.
//!
//! The conversions, by the type expected:
//!
//! | expected           | accepted instead                                   |
//! |--------------------|----------------------------------------------------|
//! | anything           | `null`: the member's default (an element's zero)   |
//! | a string           | a number: its decimal text                         |
//! | an integer         | a numeric string (`"1"`), an integral float (`1.0`) |
//! | a float            | a numeric string (`"1.5"`)                         |
//! | a boolean          | `0`, `1`, `"true"`, `"false"`                      |
//!
//! Requests are never decoded here: the server side stays strict.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_json::{Number, Value};
use serde_path_to_error::Segment;

/// Most repairs made to one body; a body that needs more fails with its first mismatch.
pub(crate) const MAX_REPAIRS: usize = 64;

/// How a body is decoded: the action it answers (named in warnings) and whether a
/// mismatch fails it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decoding<'a> {
    pub(crate) action: &'a str,
    pub(crate) strict: bool,
}

/// Why a body did not decode: serde's message, after the path of the member when
/// known (`Functions[0].FunctionName: invalid type: …`).
#[derive(Debug)]
pub(crate) struct DecodeError(String);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Decodes `text` into `T`, repairing unambiguous type mismatches unless `decoding` is
/// strict. `root` names the decoded object in warnings (`"Response"`).
pub(crate) fn from_str<T: DeserializeOwned>(
    text: &str,
    root: &str,
    decoding: Decoding<'_>,
) -> Result<T, DecodeError> {
    // The fast path: no path tracking, no intermediate value.
    let error = match serde_json::from_str::<T>(text) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    if error.classify() != Category::Data {
        return Err(DecodeError(error.to_string()));
    }
    // Decoded again to locate the mismatch, for the error and for the repairs.
    let located = match serde_path_to_error::deserialize::<_, T>(
        &mut serde_json::Deserializer::from_str(text),
    ) {
        Ok(value) => return Ok(value),
        Err(located) => DecodeError(located.to_string()),
    };
    if decoding.strict {
        return Err(located);
    }
    let Ok(mut value) = serde_json::from_str::<Value>(text) else {
        return Err(located);
    };
    let mut repairs: Vec<Repair> = Vec::new();
    loop {
        let error = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(decoded) => {
                for repair in &repairs {
                    tracing::warn!(
                        action = decoding.action,
                        path = %PathText(root, &repair.path),
                        expected = %repair.expected,
                        found = repair.found,
                        members = repair.members,
                        "tolerated a response member of an unexpected type"
                    );
                }
                return Ok(decoded);
            }
            Err(error) => error,
        };
        if repairs.len() == MAX_REPAIRS {
            return Err(located);
        }
        match repair(&mut value, &error) {
            Some(repair) => repairs.push(repair),
            // The first mismatch is the one strict mode reports; a later one is what
            // stopped the repairs.
            None if repairs.is_empty() => return Err(located),
            None => return Err(DecodeError(error.to_string())),
        }
    }
}

/// One repair: the first member it converted, what serde expected and what it found
/// there, and how many members it converted (one per element of the lists on the path).
#[derive(Debug)]
struct Repair {
    path: Vec<Segment>,
    expected: String,
    found: &'static str,
    members: usize,
}

/// The type a mismatch message says serde expected, as far as the conversions care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expected {
    String,
    Integer,
    Float,
    Bool,
    Sequence,
    Object,
    Other,
}

impl Expected {
    /// From serde's wording (`expected i64`, `expected a string`, `expected struct Tag`).
    fn parse(expected: &str) -> Self {
        match expected {
            "a string" => Self::String,
            "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64"
            | "u128" | "usize" => Self::Integer,
            "f32" | "f64" => Self::Float,
            "a boolean" => Self::Bool,
            "a sequence" => Self::Sequence,
            "a map" => Self::Object,
            _ if expected.starts_with("struct ") => Self::Object,
            _ => Self::Other,
        }
    }
}

/// What a member converts into.
#[derive(Debug, PartialEq)]
enum Fix {
    /// Left out, so that the member's default applies.
    Remove,
    Set(Value),
}

/// A conversion to apply wherever the failing member's path leads: to members of the
/// kind found at the failing one.
struct Rule {
    expected: Expected,
    found: &'static str,
}

impl Rule {
    fn fix(&self, value: &Value, in_list: bool) -> Option<Fix> {
        if kind(value) != self.found {
            return None;
        }
        convert(value, self.expected, in_list)
    }
}

/// The repair for the mismatch `error` reports in `value`, applied; `None` when it
/// is not a type mismatch at a known member, or not an unambiguous one.
fn repair(
    value: &mut Value,
    error: &serde_path_to_error::Error<serde_json::Error>,
) -> Option<Repair> {
    let message = error.inner().to_string();
    let (_, expected) = message
        .strip_prefix("invalid type: ")?
        .rsplit_once(", expected ")?;
    let path: Vec<Segment> = error.path().iter().cloned().collect();
    if path.is_empty()
        || !path
            .iter()
            .all(|s| matches!(s, Segment::Seq { .. } | Segment::Map { .. }))
    {
        return None;
    }
    let member = find(value, &path)?;
    let rule = Rule {
        expected: Expected::parse(expected),
        found: kind(member),
    };
    let in_list = matches!(path.last(), Some(Segment::Seq { .. }));
    rule.fix(member, in_list)?;
    let members = apply(value, &path, &rule);
    (members > 0).then(|| Repair {
        path,
        expected: expected.to_owned(),
        found: rule.found,
        members,
    })
}

/// The member at `path`.
fn find<'v>(mut value: &'v Value, path: &[Segment]) -> Option<&'v Value> {
    for segment in path {
        value = match (segment, value) {
            (Segment::Map { key }, Value::Object(members)) => members.get(key)?,
            (Segment::Seq { index }, Value::Array(items)) => items.get(*index)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Applies `rule` at `path`, taking every element where the path indexes a list: they
/// have one type, so what converts one converts the others. Returns how many members
/// changed.
fn apply(value: &mut Value, path: &[Segment], rule: &Rule) -> usize {
    let Some((segment, rest)) = path.split_first() else {
        return 0;
    };
    match (segment, value) {
        (Segment::Map { key }, Value::Object(members)) if rest.is_empty() => {
            match members.get(key).and_then(|member| rule.fix(member, false)) {
                Some(Fix::Remove) => usize::from(members.remove(key).is_some()),
                Some(Fix::Set(fixed)) => usize::from(members.insert(key.clone(), fixed).is_some()),
                None => 0,
            }
        }
        (Segment::Map { key }, Value::Object(members)) => members
            .get_mut(key)
            .map_or(0, |member| apply(member, rest, rule)),
        (Segment::Seq { .. }, Value::Array(items)) if rest.is_empty() => items
            .iter_mut()
            .map(|item| match rule.fix(item, true) {
                Some(Fix::Set(fixed)) => {
                    *item = fixed;
                    1
                }
                _ => 0,
            })
            .sum(),
        (Segment::Seq { .. }, Value::Array(items)) => {
            items.iter_mut().map(|item| apply(item, rest, rule)).sum()
        }
        _ => 0,
    }
}

/// The unambiguous conversion of `value` to `expected`, if there is one. A `null`
/// member is left out (its default applies); a `null` list element becomes the zero of
/// its type.
fn convert(value: &Value, expected: Expected, in_list: bool) -> Option<Fix> {
    let set = |value: Value| Some(Fix::Set(value));
    match (value, expected) {
        (Value::Null, _) if !in_list => Some(Fix::Remove),
        (Value::Null, Expected::String) => set(Value::String(String::new())),
        (Value::Null, Expected::Integer | Expected::Float) => set(Value::from(0)),
        (Value::Null, Expected::Bool) => set(Value::Bool(false)),
        (Value::Null, Expected::Sequence) => set(Value::Array(Vec::new())),
        (Value::Null, Expected::Object) => set(Value::Object(serde_json::Map::new())),
        (Value::Number(n), Expected::String) => set(Value::String(n.to_string())),
        (Value::Number(n), Expected::Integer) => integral(n).map(|n| Fix::Set(Value::Number(n))),
        (Value::Number(n), Expected::Bool) => match n.as_u64() {
            Some(0) => set(Value::Bool(false)),
            Some(1) => set(Value::Bool(true)),
            _ => None,
        },
        (Value::String(s), Expected::Integer) => {
            integral(&s.parse().ok()?).map(|n| Fix::Set(Value::Number(n)))
        }
        (Value::String(s), Expected::Float) => set(Value::Number(s.parse().ok()?)),
        (Value::String(s), Expected::Bool) => match s.as_str() {
            "true" => set(Value::Bool(true)),
            "false" => set(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}

/// `n` as an integer: itself, or a float without a fractional part that an `i64` or a
/// `u64` holds. Whether it fits the member's own type is serde's to say.
fn integral(n: &Number) -> Option<Number> {
    if !n.is_f64() {
        return Some(n.clone());
    }
    let f = n.as_f64()?;
    if f.fract() != 0.0 {
        return None;
    }
    // 2^64 and -2^63, exactly representable.
    const U64_END: f64 = 18_446_744_073_709_551_616.0;
    const I64_START: f64 = -9_223_372_036_854_775_808.0;
    // In range and integral, so the casts are exact.
    if (0.0..U64_END).contains(&f) {
        Some(Number::from(f as u64))
    } else if (I64_START..0.0).contains(&f) {
        Some(Number::from(f as i64))
    } else {
        None
    }
}

/// The kind of a JSON value, as a warning names it.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A member's path under its root: `Response.Functions[0].FunctionName`.
struct PathText<'a>(&'a str, &'a [Segment]);

impl fmt::Display for PathText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)?;
        for segment in self.1 {
            match segment {
                Segment::Seq { index } => write!(f, "[{index}]")?,
                Segment::Map { key } => write!(f, ".{key}")?,
                Segment::Enum { variant } => write!(f, ".{variant}")?,
                Segment::Unknown => f.write_str(".?")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Page {
        #[serde(rename = "Items", default)]
        items: Vec<Item>,
        #[serde(rename = "Total", default)]
        total: Option<i64>,
        #[serde(rename = "Ratio", default)]
        ratio: f64,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Item {
        #[serde(rename = "Name", default)]
        name: String,
        #[serde(rename = "Size", default)]
        size: u32,
        #[serde(rename = "On", default)]
        on: bool,
        #[serde(rename = "Tags", default)]
        tags: Vec<String>,
        #[serde(rename = "Grid", default)]
        grid: Vec<Vec<u8>>,
    }

    const TOLERANT: Decoding<'static> = Decoding {
        action: "ListItems",
        strict: false,
    };
    const STRICT: Decoding<'static> = Decoding {
        action: "ListItems",
        strict: true,
    };

    fn page(text: &str) -> Result<Page, DecodeError> {
        from_str(text, "Response", TOLERANT)
    }

    fn item(member: &str) -> Result<Item, DecodeError> {
        let page = page(&format!(r#"{{"Items":[{{{member}}}]}}"#))?;
        Ok(page.items.into_iter().next().unwrap_or_default())
    }

    #[test]
    fn null_members_take_their_default() {
        assert_eq!(
            item(r#""Name":null,"Size":null,"On":null"#).unwrap(),
            Item::default()
        );
        assert_eq!(
            page(r#"{"Items":null,"Total":null}"#).unwrap(),
            Page::default()
        );
    }

    #[test]
    fn null_list_elements_become_the_zero_of_their_type() {
        let item = item(r#""Tags":["a",null],"Grid":[[1,null]]"#).unwrap();
        assert_eq!(item.tags, ["a", ""]);
        assert_eq!(item.grid, [[1, 0]]);
    }

    #[test]
    fn numbers_become_their_decimal_text_in_strings() {
        assert_eq!(item(r#""Name":123"#).unwrap().name, "123");
        assert_eq!(item(r#""Name":-7"#).unwrap().name, "-7");
        assert_eq!(item(r#""Name":1.5"#).unwrap().name, "1.5");
    }

    #[test]
    fn numeric_strings_and_integral_floats_become_integers() {
        assert_eq!(page(r#"{"Total":"1"}"#).unwrap().total, Some(1));
        assert_eq!(page(r#"{"Total":"-12"}"#).unwrap().total, Some(-12));
        assert_eq!(page(r#"{"Total":1.0}"#).unwrap().total, Some(1));
        assert_eq!(page(r#"{"Total":"2.0"}"#).unwrap().total, Some(2));
        assert_eq!(page(r#"{"Total":-3.0}"#).unwrap().total, Some(-3));
        assert_eq!(item(r#""Size":"42""#).unwrap().size, 42);
    }

    #[test]
    fn numeric_strings_become_floats() {
        assert!((page(r#"{"Ratio":"0.25"}"#).unwrap().ratio - 0.25).abs() < f64::EPSILON);
    }

    #[test]
    fn zero_one_and_boolean_words_become_booleans() {
        assert!(item(r#""On":1"#).unwrap().on);
        assert!(!item(r#""On":0"#).unwrap().on);
        assert!(item(r#""On":"true""#).unwrap().on);
        assert!(!item(r#""On":"false""#).unwrap().on);
    }

    #[test]
    fn ambiguous_mismatches_still_fail() {
        for (member, path) in [
            (r#""Size":"abc""#, "Items[0].Size"),
            (r#""Size":1.5"#, "Items[0].Size"),
            (r#""Size":"1.5""#, "Items[0].Size"),
            (r#""Size":" 1""#, "Items[0].Size"),
            (r#""Size":"""#, "Items[0].Size"),
            (r#""Size":"-1""#, "Items[0].Size"),
            (r#""Size":5e9"#, "Items[0].Size"),
            (r#""Size":true"#, "Items[0].Size"),
            (r#""On":2"#, "Items[0].On"),
            (r#""On":"yes""#, "Items[0].On"),
            (r#""On":"1""#, "Items[0].On"),
            (r#""Name":true"#, "Items[0].Name"),
            (r#""Name":{}"#, "Items[0].Name"),
            (r#""Tags":"a""#, "Items[0].Tags"),
        ] {
            let err = item(member).unwrap_err();
            assert!(err.to_string().starts_with(path), "{member}: {err}");
        }
        assert!(page(r#"{"Total":1e300}"#).is_err());
        assert!(page(r#"{"Ratio":"NaN"}"#).is_err());
    }

    #[test]
    fn strict_decoding_fails_on_the_first_mismatch_with_its_path() {
        let err = from_str::<Page>(r#"{"Items":[{"Name":null}]}"#, "Response", STRICT).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("Items[0].Name: invalid type: null, expected a string"),
            "{err}"
        );
    }

    #[test]
    fn every_element_of_a_list_is_repaired_at_once() {
        let items: Vec<String> = (0..200)
            .map(|i| format!(r#"{{"Name":{i},"Size":"{i}","Grid":[["1"],[2.0]]}}"#))
            .collect();
        let page = page(&format!(r#"{{"Items":[{}]}}"#, items.join(","))).unwrap();
        assert_eq!(page.items.len(), 200);
        assert_eq!(page.items[199].name, "199");
        assert_eq!(page.items[199].size, 199);
        assert_eq!(page.items[0].grid, [[1], [2]]);
    }

    #[test]
    fn a_sibling_that_cannot_be_converted_still_fails() {
        let err = page(r#"{"Items":[{"Size":"1"},{"Size":"x"}]}"#).unwrap_err();
        assert!(err.to_string().starts_with("Items[1].Size"), "{err}");
    }

    #[test]
    fn too_many_repairs_fail_with_the_first_mismatch() {
        let body = |n: usize| {
            let members: Vec<String> = (0..n).map(|i| format!(r#""k{i:03}":"{i}""#)).collect();
            format!("{{{}}}", members.join(","))
        };
        let decode = |n| from_str::<BTreeMap<String, u32>>(&body(n), "Response", TOLERANT);
        assert_eq!(decode(MAX_REPAIRS).unwrap().len(), MAX_REPAIRS);
        let err = decode(MAX_REPAIRS + 1).unwrap_err();
        assert!(err.to_string().starts_with("k000: invalid type"), "{err}");
    }

    #[test]
    fn bodies_that_are_not_json_are_not_repaired() {
        // Cut short after a member that would convert: the mismatch is reported.
        let err = page(r#"{"Total":"1""#).unwrap_err();
        assert!(err.to_string().starts_with("Total: invalid type"), "{err}");
        let err = page(r#"{"Total":1} x"#).unwrap_err();
        assert!(err.to_string().contains("trailing characters"), "{err}");
        assert!(page(r#"{"Total":"1"} x"#).is_err());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(from_str::<Value>(&deep, "Response", TOLERANT).is_err());
        assert!(page(&format!(r#"{{"Items":{deep}}}"#)).is_err());
    }

    #[test]
    fn paths_name_the_root_lists_and_members() {
        let path = [
            Segment::Map {
                key: "Functions".into(),
            },
            Segment::Seq { index: 0 },
            Segment::Map {
                key: "FunctionName".into(),
            },
        ];
        assert_eq!(
            PathText("Response", &path).to_string(),
            "Response.Functions[0].FunctionName"
        );
    }
}
