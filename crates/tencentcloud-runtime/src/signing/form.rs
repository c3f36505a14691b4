//! Form parameters: flattening a JSON request into them, and encoding them as a query
//! or form body exactly as the official SDK does.

use std::error::Error as StdError;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

type BoxError = Box<dyn StdError + Send + Sync>;

/// The request could not be built; nothing was sent.
#[derive(Debug)]
pub struct InvalidRequestError {
    message: String,
    source: Option<BoxError>,
}

impl InvalidRequestError {
    /// An error with a description and, optionally, its cause.
    pub fn new(message: impl Into<String>, source: Option<BoxError>) -> Self {
        Self {
            message: message.into(),
            source,
        }
    }

    pub(crate) fn serialization(source: serde_json::Error) -> Self {
        Self::new(
            "the request could not be serialized to JSON",
            Some(Box::new(source)),
        )
    }
}

impl fmt::Display for InvalidRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: {}", self.message)
    }
}

impl StdError for InvalidRequestError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// Encodes GET parameters the way the official SDK does, so a GET query can be built
/// and signed.
///
/// The input is the flattened `(key, value)` pairs in order, as the SDK's `_fix_params`
/// produces them (`Filters.0.Name`, `Filters.0.Values.1`, ...). The output equals
/// Python's `urllib.parse.urlencode`: keys and values are UTF-8 percent-encoded with
/// uppercase hex, only `A-Z a-z 0-9 _ . - ~` are left as they are, and a space becomes
/// `+`.
///
/// ```
/// use tencentcloud_runtime::signing::encode_query;
///
/// assert_eq!(
///     encode_query(&[("Limit", "20"), ("SearchKey", "a b/c")]),
///     "Limit=20&SearchKey=a+b%2Fc"
/// );
/// ```
pub fn encode_query(params: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (key, value)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_quote_plus(&mut out, key);
        out.push('=');
        push_quote_plus(&mut out, value);
    }
    out
}

/// Python's `urllib.parse.quote_plus(s, safe="")`.
fn push_quote_plus(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0x0f)]));
            }
        }
    }
}

/// Sets `name` to `value`: in place if present, else at the end.
pub(crate) fn set_param(params: &mut Vec<(String, String)>, name: &str, value: &str) {
    match params.iter_mut().find(|(n, _)| n == name) {
        Some((_, v)) => value.clone_into(v),
        None => params.push((name.to_owned(), value.to_owned())),
    }
}

/// Flattens a JSON object into form parameters, as the SDK's `_fix_params` does:
/// `{"Tags": [{"Key": "a"}]}` becomes `Tags.0.Key=a`.
///
/// Members keep their order. Strings are taken as they are, numbers as JSON writes
/// them, booleans as `true`/`false`, and `null`, empty arrays and empty objects give
/// no parameter. (The Python SDK writes booleans as `True`/`False`; the Go SDK, like
/// this one, writes `true`/`false`.)
///
/// # Errors
///
/// When `json` is not a JSON object.
///
/// ```
/// use tencentcloud_runtime::signing::flatten_params;
///
/// let params = flatten_params(br#"{"Name":"f","Tags":[{"Key":"k","Value":"v"}],"Limit":20,"Dry":true,"Skip":null}"#)?;
/// let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
/// assert_eq!(
///     pairs,
///     [("Name", "f"), ("Tags.0.Key", "k"), ("Tags.0.Value", "v"), ("Limit", "20"), ("Dry", "true")]
/// );
/// # Ok::<(), tencentcloud_runtime::InvalidRequestError>(())
/// ```
pub fn flatten_params(json: &[u8]) -> Result<Vec<(String, String)>, InvalidRequestError> {
    let mut out = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    Flatten {
        prefix: None,
        out: &mut out,
    }
    .deserialize(&mut deserializer)
    .and_then(|()| deserializer.end())
    .map_err(|e| {
        InvalidRequestError::new(
            "the request cannot be sent as form parameters",
            Some(Box::new(e)),
        )
    })?;
    Ok(out)
}

struct Flatten<'a> {
    /// `None` only at the top level, which must be an object.
    prefix: Option<String>,
    out: &'a mut Vec<(String, String)>,
}

impl Flatten<'_> {
    fn child(&mut self, key: &str) -> Flatten<'_> {
        let prefix = match &self.prefix {
            Some(prefix) => format!("{prefix}.{key}"),
            None => key.to_owned(),
        };
        Flatten {
            prefix: Some(prefix),
            out: &mut *self.out,
        }
    }

    fn scalar<E: de::Error>(self, value: String) -> Result<(), E> {
        match self.prefix {
            Some(name) => {
                self.out.push((name, value));
                Ok(())
            }
            None => Err(E::custom("the request must be a JSON object")),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Flatten<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Flatten<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.scalar(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.scalar(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.scalar(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        // JSON's own spelling, which is what the request would have carried.
        match serde_json::Number::from_f64(v) {
            Some(n) => self.scalar(n.to_string()),
            None => Err(E::custom("a number is not finite")),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.scalar(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<(), E> {
        self.scalar(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        match self.prefix {
            Some(_) => Ok(()),
            None => Err(E::custom("the request must be a JSON object")),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        if self.prefix.is_none() {
            return Err(de::Error::custom("the request must be a JSON object"));
        }
        let mut index = 0usize;
        while seq
            .next_element_seed(self.child(&index.to_string()))?
            .is_some()
        {
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(self.child(&key))?;
        }
        Ok(())
    }
}
