//! The spec file format, version 1, exactly as it is written on disk.
//!
//! These types are the serde view of `spec/<service>/<version>.json` and nothing more:
//! names and types are still strings here. [`crate::model`] checks them and resolves
//! references; nothing downstream of it reads these types. `spec/README.md` documents
//! every field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The only spec format version this generator reads.
pub const FORMAT_VERSION: u32 = 1;

/// A whole spec file: one version of one service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Spec format version; must be [`FORMAT_VERSION`].
    pub format: u32,
    /// Which service and version this file describes.
    pub service: Service,
    /// Where the content came from. Carried for people, not read by the generator.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Codes every action of every service may return, besides its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub common_errors: Vec<ErrorCode>,
    /// Actions by wire name. A `BTreeMap` so that output order never depends on input order.
    pub actions: BTreeMap<String, Action>,
    /// Shared structures by wire name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub shapes: BTreeMap<String, Shape>,
}

/// Service metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Short name used in the host and the credential scope, e.g. `scf`.
    pub name: String,
    /// API version, `YYYY-MM-DD`.
    pub version: String,
    /// Default host, e.g. `scf.tencentcloudapi.com`.
    pub endpoint: String,
    /// Human title, e.g. `Serverless Cloud Function`.
    pub title: String,
    /// Longer description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc: String,
}

/// One API action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Short title, e.g. `Terminates async function event`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// What the action does.
    pub doc: String,
    /// Language of `title` and `doc` when it is not English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_lang: Option<String>,
    /// Published per-second request limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qps_limit: Option<u32>,
    /// Whether repeating the call is harmless. Absent means: read-only by name
    /// (`Get*`, `List*`, `Describe*`) is idempotent, anything else is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent: Option<bool>,
    /// Request parameters, in published order.
    #[serde(default)]
    pub input: Vec<Member>,
    /// Response fields, in published order. Must include `RequestId`.
    pub output: Vec<Member>,
    /// Codes this action documents, besides the common ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
    /// Published request/response examples.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    /// How the action pages its results, when it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

/// Offset/limit paging with a total count. Each field names a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    /// Input member holding the offset of the first item (`int64`, `uint64` or `string`).
    pub offset: String,
    /// Input member holding the page size (`int64`, `uint64` or `string`).
    pub limit: String,
    /// Output member holding the total number of items (`int64` or `uint64`).
    pub total: String,
    /// Output member holding the page's items (a `list<T>`).
    pub items: String,
}

/// A field of a request, a response or a shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Wire name, e.g. `FunctionName`.
    pub name: String,
    /// The Rust field name, when the one derived from `name` would clash with another
    /// member's (`InstanceId` and `InstanceID` both give `instance_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Type expression: `string`, `int64`, `uint64`, `float`, `bool`, `datetime`,
    /// `binary`, a shape name, or `list<T>`.
    #[serde(rename = "type")]
    pub ty: String,
    /// The caller must send it (request members and shapes sent in requests).
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// The service always sends it (response members and shapes received in responses).
    #[serde(default, skip_serializing_if = "is_false")]
    pub output_required: bool,
    /// The server may send `null` for it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// Published as disabled: kept on the wire, flagged deprecated in Rust.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// What the field means.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc: String,
    /// Language of `doc` when it is not English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_lang: Option<String>,
    /// Published example value, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Published server-side default, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// A shared structure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    /// What the structure is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc: String,
    /// Language of `doc` when it is not English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_lang: Option<String>,
    /// Whether it is sent, received, or both.
    #[serde(default)]
    pub usage: Usage,
    /// Fields, in published order.
    pub members: Vec<Member>,
}

/// Direction a shape travels in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Usage {
    /// Only in requests.
    In,
    /// Only in responses.
    Out,
    /// In both.
    #[default]
    Both,
}

/// A documented error code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// Wire code, e.g. `ResourceNotFound.Function`.
    pub code: String,
    /// What it means.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc: String,
    /// Language of `doc` when it is not English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_lang: Option<String>,
}

/// A published example call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Short title.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Longer explanation.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc: String,
    /// Request parameters as a JSON object.
    pub request: serde_json::Value,
    /// The full response envelope, `{"Response": {...}}`.
    pub response: serde_json::Value,
}

fn is_false(b: &bool) -> bool {
    !*b
}
