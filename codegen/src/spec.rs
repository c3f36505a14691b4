//! The spec file format, version 1, exactly as it is written on disk.
//!
//! These types are the serde view of `spec/<service>/<version>.json` and nothing more:
//! names and types are still strings here. [`crate::model`] checks them and resolves
//! references; nothing downstream of it reads these types. `spec/README.md` documents
//! every field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The only spec format version this generator reads.
///
/// Format 2 dropped `common_errors` (the common codes belong to the runtime) and added
/// token and page paging, error variant overrides, the service's `doc_lang` and
/// streaming actions.
pub const FORMAT_VERSION: u32 = 2;

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
    /// Actions by wire name. A `BTreeMap` so that output order never depends on input order.
    pub actions: BTreeMap<String, Action>,
    /// Shared structures by wire name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub shapes: BTreeMap<String, Shape>,
}

impl Spec {
    /// Keeps only the actions named and the shapes they use: an excerpt that generates
    /// on its own (a test fixture taken from a real spec, for instance).
    pub fn retain_actions(&mut self, names: &[&str]) {
        self.actions
            .retain(|name, _| names.contains(&name.as_str()));
        retain_used_shapes(&mut self.shapes, &self.actions);
    }
}

/// Drops the shapes no action of `actions` uses, directly or through other shapes.
pub fn retain_used_shapes(
    shapes: &mut BTreeMap<String, Shape>,
    actions: &BTreeMap<String, Action>,
) {
    let mut stack: Vec<String> = actions
        .values()
        .flat_map(|a| a.input.iter().chain(&a.output))
        .map(|m| m.ty.clone())
        .collect();
    let mut keep = std::collections::BTreeSet::new();
    while let Some(ty) = stack.pop() {
        let name = ty
            .strip_prefix("list<")
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(&ty)
            .to_owned();
        if let Some(shape) = shapes.get(&name)
            && keep.insert(name)
        {
            stack.extend(shape.members.iter().map(|m| m.ty.clone()));
        }
    }
    shapes.retain(|name, _| keep.contains(name));
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
    /// Language of `title` and `doc` when it is not English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_lang: Option<String>,
    /// The version the service's crate re-exports at its root: the one `tccli` uses
    /// unless told otherwise (usually the newest; for a few services an older, fuller API).
    #[serde(default, skip_serializing_if = "is_false")]
    pub default: bool,
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
    /// Set when the action can answer with an event stream (`text/event-stream`)
    /// whose events carry the response's members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streaming: Option<Streaming>,
}

/// How an action asks for an event stream.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Streaming {
    /// The optional `bool` input member that asks for a stream (`Stream`); absent when
    /// the action always answers with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
}

/// How an action pages its results. Each field names a member; which fields a
/// style needs is checked by [`crate::model`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    /// How the next page is asked for.
    #[serde(default, skip_serializing_if = "PagingStyle::is_offset")]
    pub style: PagingStyle,
    /// `offset`: the input member holding the offset of the first item (`int64`,
    /// `uint64` or `string`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    /// `page`: the input member holding the page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// `page`: the number of the first page, 0 or 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_page: Option<u64>,
    /// `token`: the input member that takes the token of the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// `token`: the output member holding the token of the next page; empty or absent
    /// on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The input member holding the page size (any style; required for `offset` and
    /// `page`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// `offset` and `page`: the output member holding the total number of items
    /// (`int64` or `uint64`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// The output member holding the page's items (a `list<T>`).
    pub items: String,
}

impl Paging {
    /// `offset` paging.
    pub fn offset(offset: &str, limit: &str, total: &str, items: &str) -> Self {
        Paging {
            style: PagingStyle::Offset,
            offset: Some(offset.to_owned()),
            limit: Some(limit.to_owned()),
            total: Some(total.to_owned()),
            ..Paging::items(items)
        }
    }

    /// `page` paging, pages numbered from `first_page`.
    pub fn page(page: &str, first_page: u64, limit: &str, total: &str, items: &str) -> Self {
        Paging {
            style: PagingStyle::Page,
            page: Some(page.to_owned()),
            first_page: Some(first_page),
            limit: Some(limit.to_owned()),
            total: Some(total.to_owned()),
            ..Paging::items(items)
        }
    }

    /// `token` paging, with the page size member when there is one.
    pub fn token(token: &str, next_token: &str, limit: Option<&str>, items: &str) -> Self {
        Paging {
            style: PagingStyle::Token,
            token: Some(token.to_owned()),
            next_token: Some(next_token.to_owned()),
            limit: limit.map(str::to_owned),
            ..Paging::items(items)
        }
    }

    fn items(items: &str) -> Self {
        Paging {
            style: PagingStyle::Offset,
            offset: None,
            page: None,
            first_page: None,
            token: None,
            next_token: None,
            limit: None,
            total: None,
            items: items.to_owned(),
        }
    }
}

/// The paging schemes Tencent's list actions use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PagingStyle {
    /// `Offset`/`Limit` in, a total count out.
    #[default]
    Offset,
    /// A page number and size in, a total count out.
    Page,
    /// A token in, the next page's token out (`NextToken`, `Cursor`/`NextCursor`,
    /// `Context`).
    Token,
}

impl PagingStyle {
    fn is_offset(&self) -> bool {
        *self == PagingStyle::Offset
    }
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
    /// The enum variant, for when the derived one would clash with another code's
    /// (`InvalidParameter.Conflict` and `InvalidParameterConflict`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
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
