//! The serde view of Tencent's published API description: the official CLI's
//! `tccli/services/<service>/<version>/api.json` and `examples.json`, plus the
//! per-action error lists and code descriptions that sit beside them.
//!
//! Deliberately lenient (no `deny_unknown_fields`): the published format grows, and an
//! attribute we do not use must not stop an import.

use std::collections::BTreeMap;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

/// `api.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Api {
    /// Actions by name.
    pub actions: BTreeMap<String, ApiAction>,
    /// Request, response and data structures by name.
    pub objects: BTreeMap<String, ApiObject>,
    /// Service metadata.
    pub metadata: Metadata,
}

/// `api.json` → `metadata`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// e.g. `2018-04-16`.
    pub api_version: String,
    /// e.g. `scf`.
    pub service_short_name: String,
    /// Chinese service name.
    #[serde(default, rename = "serviceNameCN")]
    pub service_name_cn: Option<String>,
    /// A one-paragraph summary of the service (Chinese edition only).
    #[serde(default, rename = "api_brief")]
    pub api_brief: Option<String>,
}

/// `api.json` → `actions.<name>`.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiAction {
    /// Description.
    #[serde(default)]
    pub document: String,
    /// Request object name.
    pub input: String,
    /// Response object name.
    pub output: String,
    /// Short title.
    #[serde(default)]
    pub name: String,
    /// `online`, or something else for retired actions.
    #[serde(default)]
    pub status: Option<String>,
}

/// `api.json` → `objects.<name>`.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiObject {
    /// Description.
    #[serde(default)]
    pub document: String,
    /// Fields.
    #[serde(default)]
    pub members: Vec<ApiMember>,
    /// `in`, `out` or `both` for data structures; absent on requests and responses.
    #[serde(default)]
    pub usage: Option<String>,
}

/// `api.json` → `objects.<name>.members[]`.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiMember {
    /// Wire name.
    pub name: String,
    /// `string`, `int`, `float`, `bool`, `binary`, `object` or `list`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Element or refined type: `int64`, `uint64`, `datetime`, a structure name, ….
    #[serde(default)]
    pub member: String,
    /// Description.
    #[serde(default)]
    pub document: String,
    /// Input side: must be sent. In the English edition, on output members it means
    /// "always returned".
    #[serde(default, deserialize_with = "flag")]
    pub required: Option<bool>,
    /// Output side: always returned.
    #[serde(default, deserialize_with = "flag")]
    pub output_required: Option<bool>,
    /// May be `null`.
    #[serde(default, deserialize_with = "flag")]
    pub value_allowed_null: Option<bool>,
    /// Retired but still accepted.
    #[serde(default, deserialize_with = "flag")]
    pub disabled: Option<bool>,
    /// Example value (any JSON).
    #[serde(default)]
    pub example: Option<serde_json::Value>,
    /// Default value (any JSON).
    #[serde(default)]
    pub default: Option<serde_json::Value>,
}

/// A member flag. A few descriptions write `1` for `true`; anything else that is not a
/// boolean is still an error, so a real format change is not read as a guess.
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Bool(b)) => Ok(Some(b)),
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(0) => Ok(Some(false)),
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(1) => Ok(Some(true)),
        Some(other) => Err(D::Error::custom(format!(
            "invalid value {other}, expected a boolean (or 0 or 1)"
        ))),
    }
}

/// `examples.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Examples {
    /// Examples by action.
    pub actions: BTreeMap<String, Vec<ApiExample>>,
}

/// `examples.json` → `actions.<name>[]`.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiExample {
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Explanation.
    #[serde(default)]
    pub document: String,
    /// A GET URL with query parameters, or a raw POST request with a JSON body.
    pub input: String,
    /// The response envelope as JSON text.
    pub output: String,
}

/// Per-action error codes: `{"actions": {Action: [codes]}}`.
#[derive(Debug, Clone, Deserialize)]
pub struct ActionErrors {
    /// Codes by action.
    pub actions: BTreeMap<String, Vec<String>>,
}

/// Code descriptions: `{"codes": {Code: {"en": …, "zh": …}}}`.
#[derive(Debug, Clone, Deserialize)]
pub struct ErrorCodes {
    /// Descriptions by code.
    pub codes: BTreeMap<String, CodeDoc>,
}

/// A code's description in each language; either may be missing.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CodeDoc {
    /// English.
    #[serde(default)]
    pub en: Option<String>,
    /// Chinese.
    #[serde(default)]
    pub zh: Option<String>,
}

/// Project-authored facts the published description lacks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// Where the facts come from.
    #[serde(default)]
    pub source: String,
    /// The service's English title, which the description does not carry.
    #[serde(default)]
    pub title: Option<String>,
    /// Facts by action.
    pub actions: BTreeMap<String, OverlayAction>,
}

/// What an overlay may set on one action.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayAction {
    /// Paging members.
    #[serde(default)]
    pub paging: Option<crate::spec::Paging>,
    /// Overrides the naming rule for idempotency.
    #[serde(default)]
    pub idempotent: Option<bool>,
    /// Overrides what the description's RequestId text says about streaming.
    #[serde(default)]
    pub streaming: Option<bool>,
}

/// Published per-action QPS limits: `{"qps": {Action: n}}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Qps {
    /// Limits by action.
    pub qps: BTreeMap<String, u32>,
}
