//! Tolerant decoding of responses: what a service sends sometimes drifts from its
//! published description (`null` for a string, `"1"` for an integer, `2.14E-4` for an
//! integer, a number for a list, `{}` for a string), and one such member must not cost
//! the caller the whole answer.
//!
//! The body is decoded strictly first, with serde as generated; that is the only work
//! done for a body that matches. Only on a type mismatch is it parsed into a
//! [`Value`] and repaired one mismatch at a time: serde names the failing member (by
//! its path) and the type it expected, the member is repaired, in every element of the
//! lists on its path at once, and the value decoded again. At most [`MAX_REPAIRS`]
//! repairs are made. Each repair is logged as a `tracing` warning once the value
//! decodes; strict decoding makes the first mismatch an error instead.
//!
//! Where the conversion is unambiguous, the member is converted ("tolerated"):
//!
//! | expected           | accepted instead                                   |
//! |--------------------|----------------------------------------------------|
//! | anything           | `null`: the member's default (an element's zero)   |
//! | a string           | a number: its decimal text                         |
//! | an integer         | a numeric string (`"1"`), an integral float (`1.0`) |
//! | a float            | a numeric string (`"1.5"`)                         |
//! | a boolean          | `0`, `1`, `"true"`, `"false"`                      |
//!
//! Anything else (`2.14E-4` or `"abc"` for an integer, `5` for a list, `{}` or `[]`
//! for a string, `2` for a boolean, a number out of the member's range) is "lossy":
//! the value is dropped, and the member takes its default (`None`, `0`, `""`, an empty
//! list), or a list element the zero of its type. A number with a fraction never
//! becomes an integer. The warning says `lossy`, so that a caller who must not lose a
//! value can find it, or turn on strict decoding. A member that is missing, or a body
//! that is not JSON, is never repaired.
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
                    let path = PathText(root, &repair.path);
                    if repair.lossy {
                        tracing::warn!(
                            action = decoding.action,
                            path = %path,
                            expected = %repair.expected,
                            found = repair.found,
                            members = repair.members,
                            lossy = true,
                            "lossy: dropped a response member of an unexpected type; \
                             it takes its default"
                        );
                    } else {
                        warn_converted(
                            decoding,
                            &path,
                            &repair.expected,
                            repair.found,
                            repair.members,
                        );
                    }
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

/// Logs a member at `path` converted from `found` to `expected`: the warning every
/// tolerated conversion gives, the envelope's own members included.
pub(crate) fn warn_tolerated(decoding: Decoding<'_>, path: &str, expected: &str, found: &str) {
    warn_converted(decoding, &path, expected, found, 1);
}

fn warn_converted(
    decoding: Decoding<'_>,
    path: &dyn fmt::Display,
    expected: &str,
    found: &str,
    members: usize,
) {
    tracing::warn!(
        action = decoding.action,
        path = %path,
        expected,
        found,
        members,
        "tolerated a response member of an unexpected type"
    );
}

/// One repair: the first member it converted, what serde expected and what it found
/// there, how many members it converted (one per element of the lists on the path),
/// and whether their values were dropped rather than converted.
#[derive(Debug)]
struct Repair {
    path: Vec<Segment>,
    expected: String,
    found: &'static str,
    members: usize,
    lossy: bool,
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

/// A repair to apply wherever the failing member's path leads: to members of the
/// kind found at the failing one, converted, or (`lossy`) replaced by their default.
struct Rule {
    expected: Expected,
    found: &'static str,
    lossy: bool,
}

impl Rule {
    fn fix(&self, value: &Value, in_list: bool) -> Option<Fix> {
        if kind(value) != self.found {
            return None;
        }
        if self.lossy {
            // Only what cannot be converted is dropped; a sibling that converts is
            // left for a repair of its own, which converts it.
            if convert(value, self.expected, in_list).is_some() {
                return None;
            }
            // What a `null` becomes: the member left out, an element's zero.
            convert(&Value::Null, self.expected, in_list)
        } else {
            convert(value, self.expected, in_list)
        }
    }
}

/// The repair for the mismatch `error` reports in `value`, applied; `None` when it
/// is not a type mismatch at a known member, or not an unambiguous one.
fn repair(
    value: &mut Value,
    error: &serde_path_to_error::Error<serde_json::Error>,
) -> Option<Repair> {
    let message = error.inner().to_string();
    // A wrong type, or a right type out of range (`-1` for a `u32`): lossy, at best.
    let (mismatch, range) = match message.strip_prefix("invalid type: ") {
        Some(rest) => (rest, false),
        None => (message.strip_prefix("invalid value: ")?, true),
    };
    let (_, expected) = mismatch.rsplit_once(", expected ")?;
    let path: Vec<Segment> = error.path().iter().cloned().collect();
    if path.is_empty()
        || !path
            .iter()
            .all(|s| matches!(s, Segment::Seq { .. } | Segment::Map { .. }))
    {
        return None;
    }
    let member = find(value, &path)?;
    let expected_type = Expected::parse(expected);
    let in_list = matches!(path.last(), Some(Segment::Seq { .. }));
    let converted = Rule {
        expected: expected_type,
        found: kind(member),
        lossy: false,
    };
    if range {
        // Out of range is a property of this value, not of its kind: siblings of the
        // same kind may fit, so only this one is dropped.
        let fix = convert(&Value::Null, expected_type, in_list)?;
        let found = converted.found;
        replace(value, &path, fix);
        return Some(Repair {
            path,
            expected: expected.to_owned(),
            found,
            members: 1,
            lossy: true,
        });
    }
    let rule = if converted.fix(member, in_list).is_some() {
        converted
    } else {
        Rule {
            lossy: true,
            ..converted
        }
    };
    rule.fix(member, in_list)?;
    let members = apply(value, &path, &rule);
    (members > 0).then(|| Repair {
        path,
        expected: expected.to_owned(),
        found: rule.found,
        members,
        lossy: rule.lossy,
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

/// Applies `fix` to the one member at `path`.
fn replace(value: &mut Value, path: &[Segment], fix: Fix) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    let mut parent_value = value;
    for segment in parent {
        parent_value = match (segment, parent_value) {
            (Segment::Map { key }, Value::Object(members)) => match members.get_mut(key) {
                Some(member) => member,
                None => return,
            },
            (Segment::Seq { index }, Value::Array(items)) => match items.get_mut(*index) {
                Some(item) => item,
                None => return,
            },
            _ => return,
        };
    }
    match (last, parent_value, fix) {
        (Segment::Map { key }, Value::Object(members), Fix::Remove) => {
            members.remove(key);
        }
        (Segment::Map { key }, Value::Object(members), Fix::Set(fixed)) => {
            members.insert(key.clone(), fixed);
        }
        (Segment::Seq { index }, Value::Array(items), Fix::Set(fixed)) => {
            if let Some(item) = items.get_mut(*index) {
                *item = fixed;
            }
        }
        _ => {}
    }
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

    /// Every mismatch without an unambiguous conversion, with what the member becomes.
    const LOSSY: [(&str, &str); 16] = [
        (r#""Size":"abc""#, "Items[0].Size"),
        (r#""Size":1.5"#, "Items[0].Size"),
        (r#""Size":"1.5""#, "Items[0].Size"),
        (r#""Size":" 1""#, "Items[0].Size"),
        (r#""Size":"""#, "Items[0].Size"),
        (r#""Size":"-1""#, "Items[0].Size"),
        (r#""Size":-1"#, "Items[0].Size"),
        (r#""Size":5e9"#, "Items[0].Size"),
        (r#""Size":true"#, "Items[0].Size"),
        (r#""On":2"#, "Items[0].On"),
        (r#""On":"yes""#, "Items[0].On"),
        (r#""On":"1""#, "Items[0].On"),
        (r#""Name":true"#, "Items[0].Name"),
        (r#""Name":{}"#, "Items[0].Name"),
        (r#""Tags":"a""#, "Items[0].Tags"),
        (r#""Tags":7"#, "Items[0].Tags"),
    ];

    #[test]
    fn mismatches_without_a_conversion_take_the_default() {
        for (member, _) in LOSSY {
            let item = item(&format!(r#"{member},"Grid":[[9]]"#))
                .unwrap_or_else(|e| panic!("{member}: {e}"));
            assert_eq!(
                item,
                Item {
                    grid: vec![vec![9]],
                    ..Item::default()
                },
                "{member}: dropped, the rest kept"
            );
        }
        assert_eq!(page(r#"{"Total":1e300}"#).unwrap().total, None);
        assert_eq!(page(r#"{"Total":[1]}"#).unwrap().total, None);
        assert!(page(r#"{"Ratio":"NaN"}"#).unwrap().ratio.abs() < f64::EPSILON);
        // A list element becomes the zero of its type.
        assert_eq!(item(r#""Tags":["a",{}]"#).unwrap().tags, ["a", ""]);
        assert_eq!(item(r#""Grid":[[1,0.5]]"#).unwrap().grid, [[1, 0]]);
    }

    #[test]
    fn strict_decoding_refuses_every_lossy_case_with_its_path() {
        for (member, path) in LOSSY {
            let body = format!(r#"{{"Items":[{{{member}}}]}}"#);
            let err = from_str::<Page>(&body, "Response", STRICT).unwrap_err();
            assert!(err.to_string().starts_with(path), "{member}: {err}");
        }
    }

    /// `SlowLogInfoItem` of cdb's `DescribeSlowLogs`: `LockTime` is an integer in the
    /// description and `2.14E-4` on the wire (tencentcloud-sdk-go issue 246).
    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct SlowLogs {
        #[serde(rename = "TotalCount", default)]
        total_count: i64,
        #[serde(rename = "Items", default)]
        items: Vec<SlowLogInfoItem>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct SlowLogInfoItem {
        #[serde(rename = "LockTime", default)]
        lock_time: Option<i64>,
        #[serde(rename = "QueryTime", default)]
        query_time: Option<f64>,
        #[serde(rename = "Database", default)]
        database: Option<String>,
    }

    #[test]
    fn a_fractional_lock_time_is_dropped_not_rounded() {
        let body = r#"{"TotalCount":1,"Items":[{"Timestamp":1702540800,"QueryTime":0.37,
            "SqlText":"select 1","UserHost":"10.0.0.1","UserName":"root","Database":"db",
            "LockTime":2.14E-4,"RowsExamined":1,"RowsSent":1,"SqlTemplate":"select ?",
            "Md5":"e2f8b8a0"}],"RequestId":"00a14c17-9849-4933-b455-2d9dbbe6f47c"}"#;
        let logs: SlowLogs = from_str(body, "Response", TOLERANT).unwrap();
        assert_eq!(logs.items[0].lock_time, None);
        assert_eq!(logs.items[0].query_time, Some(0.37));
        assert_eq!(logs.items[0].database.as_deref(), Some("db"));
        let err = from_str::<SlowLogs>(body, "Response", STRICT).unwrap_err();
        assert!(err.to_string().starts_with("Items[0].LockTime"), "{err}");
    }

    /// mariadb's `DescribeDBInstances`: `TotalCount` a list in the description, a
    /// number on the wire, and `WanPort` a string for an integer (tencentcloud-sdk-go
    /// pull request 8).
    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct DbInstances {
        #[serde(rename = "TotalCount", default)]
        total_count: Vec<u64>,
        #[serde(rename = "Instances", default)]
        instances: Vec<DbInstance>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct DbInstance {
        #[serde(rename = "InstanceId", default)]
        instance_id: String,
        #[serde(rename = "WanPort", default)]
        wan_port: i64,
    }

    #[test]
    fn a_number_for_a_list_is_dropped() {
        let body = r#"{"TotalCount":2,"Instances":[{"InstanceId":"tdsql-1","WanPort":"3306"},
            {"InstanceId":"tdsql-2","WanPort":"0"}],"RequestId":"r"}"#;
        let found: DbInstances = from_str(body, "Response", TOLERANT).unwrap();
        assert!(found.total_count.is_empty());
        assert_eq!(found.instances.len(), 2);
        assert_eq!(found.instances[0].wan_port, 3306);
        let err = from_str::<DbInstances>(body, "Response", STRICT).unwrap_err();
        assert!(err.to_string().starts_with("TotalCount"), "{err}");
    }

    /// cms `TextModeration`'s `Data`: `ID` and `Res` are strings in the description and
    /// `{}` on the wire, `BizType` an integer sent as `"0"` (tencentcloud-sdk-go issue 86).
    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct TextModeration {
        #[serde(rename = "BusinessCode", default)]
        business_code: i64,
        #[serde(rename = "Data", default)]
        data: Option<TextData>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct TextData {
        #[serde(rename = "BizType", default)]
        biz_type: Option<u64>,
        #[serde(rename = "ID", default)]
        id: Option<String>,
        #[serde(rename = "Res", default)]
        res: Option<String>,
        #[serde(rename = "EvilFlag", default)]
        evil_flag: i64,
        #[serde(rename = "Keywords", default)]
        keywords: Vec<String>,
        #[serde(rename = "Suggestion", default)]
        suggestion: String,
    }

    #[test]
    fn an_object_for_a_string_is_dropped() {
        let body = r#"{"BusinessCode":0,"Data":{"BizType":"0","Common":{},"DetailResult":[
            {"EvilLabel":"Ad","EvilType":20105,"Keywords":["qq"],"Score":0}],"EvilFlag":0,
            "EvilLabel":"Normal","EvilType":100,"ID":{},"Keywords":["qq"],"Label":"",
            "Res":{},"Suggestion":"Normal"},"RequestId":"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"}"#;
        let answer: TextModeration = from_str(body, "Response", TOLERANT).unwrap();
        let data = answer.data.unwrap();
        assert_eq!(data.biz_type, Some(0));
        assert_eq!((data.id, data.res), (None, None));
        assert_eq!(data.keywords, ["qq"]);
        assert_eq!(data.suggestion, "Normal");
        assert!(from_str::<TextModeration>(body, "Response", STRICT).is_err());
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
    fn a_sibling_that_cannot_be_converted_is_dropped_alone() {
        let sizes = |body| -> Vec<u32> {
            page(body)
                .unwrap()
                .items
                .iter()
                .map(|item| item.size)
                .collect()
        };
        assert_eq!(
            sizes(r#"{"Items":[{"Size":"1"},{"Size":"x"},{"Size":"3"}]}"#),
            [1, 0, 3]
        );
        // The same when the one that cannot be converted comes first.
        assert_eq!(sizes(r#"{"Items":[{"Size":"x"},{"Size":"2"}]}"#), [0, 2]);
        // Out of range: only the value that does not fit.
        assert_eq!(
            sizes(r#"{"Items":[{"Size":5},{"Size":-1},{"Size":6}]}"#),
            [5, 0, 6]
        );
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
