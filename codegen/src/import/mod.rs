//! Tencent's published API description → our spec.
//!
//! Editions are merged: the first edition given (English, normally) supplies the docs of
//! everything it has; items only another edition has are taken from it and their docs
//! are marked with that edition's language. What a member is, where the editions
//! describe it differently, follows the edition the service implements (the Chinese
//! one): [`merge`] has the rule and records each decision. Where editions disagree on
//! nullability or on whether a response field is always present, the import takes the
//! safe side (nullable, not always present), because a wrong promise there breaks
//! decoding.

pub mod catalog;
mod examples;
pub mod merge;
pub mod paging;
pub mod report;
pub mod tccli;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::error::{Error, SpecIssue};
use crate::spec::{self, Action, Member, Shape, Spec, Streaming, Usage};
pub use merge::Disagreement;
use merge::Place;
use tccli::{ActionErrors, Api, ApiObject, ErrorCodes, Examples, Overlay, Qps};

/// One language edition of the description.
#[derive(Debug, Clone)]
pub struct Edition {
    /// Two-letter language code, e.g. `en`.
    pub lang: String,
    /// `api.json`.
    pub api: Api,
    /// `examples.json`, when available.
    pub examples: Option<Examples>,
}

/// Everything an import reads.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Editions, preferred first.
    pub editions: Vec<Edition>,
    /// Per-action error codes.
    pub action_errors: Option<ActionErrors>,
    /// Descriptions of the per-action codes.
    pub error_codes: Option<ErrorCodes>,
    /// Published QPS limits.
    pub qps: Option<Qps>,
    /// Paging and idempotency, which the description does not carry.
    pub overlay: Option<Overlay>,
    /// Human title of the service, which `api.json` does not carry in English.
    pub title: String,
    /// Import only these actions (and the shapes they use).
    pub only: Option<BTreeSet<String>>,
    /// Provenance lines written into the spec.
    pub sources: Vec<String>,
}

/// Paths of the files an import reads; see [`Inputs`].
#[derive(Debug, Clone, Default)]
pub struct Paths {
    /// `(lang, api.json, examples.json)`, preferred first.
    pub editions: Vec<(String, PathBuf, Option<PathBuf>)>,
    /// Per-action error codes.
    pub action_errors: Option<PathBuf>,
    /// Code descriptions.
    pub error_codes: Option<PathBuf>,
    /// QPS limits.
    pub qps: Option<PathBuf>,
    /// Paging and idempotency.
    pub overlay: Option<PathBuf>,
}

impl Paths {
    /// Reads every file, naming the file and JSON path of anything malformed.
    ///
    /// # Errors
    ///
    /// When a file cannot be read or does not have the expected shape.
    pub fn read(&self, title: String, only: Option<BTreeSet<String>>) -> Result<Inputs, Error> {
        let editions = self
            .editions
            .iter()
            .map(|(lang, api, ex)| {
                Ok(Edition {
                    lang: lang.clone(),
                    api: read_json(api)?,
                    examples: ex.as_deref().map(read_json).transpose()?,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Inputs {
            editions,
            action_errors: self.action_errors.as_deref().map(read_json).transpose()?,
            error_codes: self.error_codes.as_deref().map(read_json).transpose()?,
            qps: self.qps.as_deref().map(read_json).transpose()?,
            overlay: self.overlay.as_deref().map(read_json).transpose()?,
            title,
            only,
            sources: Vec::new(),
        })
    }
}

fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        file: path.to_owned(),
        source,
    })?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|err| Error::Parse {
        file: path.to_owned(),
        issue: SpecIssue {
            path: err.path().to_string(),
            message: err.into_inner().to_string(),
        },
    })
}

/// The imported spec and what could not be carried over.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The spec, ready to validate and write.
    pub spec: Spec,
    /// Examples that could not be read, and similar losses; one line each.
    pub warnings: Vec<String>,
    /// Where the editions disagree on a member, and what the spec took.
    pub disagreements: Vec<Disagreement>,
}

/// Serialises a spec the way it is committed: two-space JSON with a final newline.
pub fn to_json(spec: &Spec) -> String {
    let mut text = serde_json::to_string_pretty(spec).unwrap_or_default();
    text.push('\n');
    text
}

/// Imports `inputs` into a spec.
///
/// # Errors
///
/// When the description uses a construct the spec cannot express; every such place is
/// listed with its path.
pub fn import(inputs: &Inputs) -> Result<Imported, Error> {
    let label = PathBuf::from("<import>");
    let first = inputs.editions.first().ok_or_else(|| Error::Invalid {
        file: label.clone(),
        issues: vec![issue(
            "",
            "an import needs at least one edition of api.json",
        )],
    })?;
    let mut cx = Importer {
        inputs,
        issues: Vec::new(),
        warnings: Vec::new(),
        settled: Vec::new(),
    };

    let mut actions: BTreeMap<String, Action> = BTreeMap::new();
    let names: BTreeSet<&String> = inputs
        .editions
        .iter()
        .flat_map(|e| e.api.actions.keys())
        .filter(|name| inputs.only.as_ref().is_none_or(|only| only.contains(*name)))
        .collect();
    for name in names {
        actions.insert(name.clone(), cx.action(name));
    }
    // A misspelt name would otherwise just be left out of the spec.
    for name in inputs.only.iter().flatten() {
        if !cx.described(name) {
            cx.issues.push(issue(
                "only",
                format!("no action {name:?} in the description"),
            ));
        }
    }
    for action in actions.values_mut() {
        action.paging = paging::detect(action);
    }
    cx.apply_overlay(&mut actions);
    let mut shapes = cx.shapes();
    for (name, action) in &mut actions {
        action.examples = cx.examples(name, &action.input, &shapes);
    }
    cx.check_examples(&actions, &shapes);
    if inputs.only.is_some() {
        spec::retain_used_shapes(&mut shapes, &actions);
        merge::retain(&mut cx.settled, &actions, &shapes);
    }

    let meta = &first.api.metadata;
    // Only the Chinese edition has the service's name and summary; English titles come
    // from an overlay or the command line.
    let name_cn = cx
        .editions()
        .find_map(|e| e.api.metadata.service_name_cn.clone());
    let brief = cx.editions().find_map(|e| e.api.metadata.api_brief.clone());
    let overlay_title = inputs.overlay.as_ref().and_then(|o| o.title.clone());
    let (title, doc, doc_lang) = match (inputs.title.as_str(), overlay_title, name_cn) {
        ("", Some(title), _) => (title, String::new(), None),
        ("", None, Some(cn)) => (cn, brief.unwrap_or_default(), Some("zh".to_owned())),
        ("", None, None) => (meta.service_short_name.to_uppercase(), String::new(), None),
        (title, _, _) => (title.to_owned(), String::new(), None),
    };
    let spec = Spec {
        format: spec::FORMAT_VERSION,
        service: spec::Service {
            name: meta.service_short_name.clone(),
            version: meta.api_version.clone(),
            endpoint: format!("{}.tencentcloudapi.com", meta.service_short_name),
            title,
            doc: doc.trim().to_owned(),
            doc_lang,
            default: false,
        },
        sources: inputs.sources.clone(),
        actions,
        shapes,
    };
    if cx.issues.is_empty() {
        Ok(Imported {
            spec,
            warnings: cx.warnings,
            disagreements: cx.settled,
        })
    } else {
        Err(Error::Invalid {
            file: label,
            issues: cx.issues,
        })
    }
}

fn issue(path: impl Into<String>, message: impl Into<String>) -> SpecIssue {
    SpecIssue {
        path: path.into(),
        message: message.into(),
    }
}

/// Which way an object travels; decides how `required` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
    Shape(Usage),
}

/// The description has no streaming flag: a streaming action says so in its
/// RequestId's text, that the RequestId comes in the `X-TC-RequestId` header ("本接口为
/// 流式响应接口" in Chinese, "As a streaming response API" in English).
fn announces_streaming(output: &ApiObject) -> bool {
    output.members.iter().any(|m| {
        m.name == "RequestId"
            && (m.document.contains("流式响应接口") || m.document.contains("X-TC-RequestId"))
    })
}

/// Streaming, asked for by the action's optional `Stream` flag when it has one.
fn streaming_of(input: &[Member]) -> Streaming {
    let flag = input
        .iter()
        .find(|m| m.name == "Stream" && m.ty == "bool" && !m.required)
        .map(|m| m.name.clone());
    Streaming { flag }
}

struct Importer<'a> {
    inputs: &'a Inputs,
    issues: Vec<SpecIssue>,
    warnings: Vec<String>,
    /// Every decision of the merge rule, in import order.
    settled: Vec<merge::Disagreement>,
}

impl<'a> Importer<'a> {
    /// Borrowed from the inputs, not from `self`, so results can be held across `&mut self` calls.
    fn editions(&self) -> std::slice::Iter<'a, Edition> {
        self.inputs.editions.iter()
    }

    fn lang_tag(lang: &str) -> Option<String> {
        (lang != "en").then(|| lang.to_owned())
    }

    fn action(&mut self, name: &str) -> Action {
        let with_action: Vec<(&Edition, &tccli::ApiAction)> = self
            .editions()
            .filter_map(|e| e.api.actions.get(name).map(|a| (e, a)))
            .collect();
        let (primary, a) = with_action[0];
        let objects = |pick: fn(&tccli::ApiAction) -> &String| -> Vec<(&Edition, &ApiObject)> {
            with_action
                .iter()
                .filter_map(|(e, a)| e.api.objects.get(pick(a)).map(|o| (*e, o)))
                .collect()
        };
        let input_objects = objects(|a| &a.input);
        let output_objects = objects(|a| &a.output);
        if input_objects.is_empty() || output_objects.is_empty() {
            self.issues.push(issue(
                format!("actions.{name}"),
                "its input or output object is missing from objects",
            ));
        }
        let input = self.members(
            &format!("objects.{}", a.input),
            &Place::Input(name.to_owned()),
            &input_objects,
            Direction::Request,
        );
        let output = self.members(
            &format!("objects.{}", a.output),
            &Place::Output(name.to_owned()),
            &output_objects,
            Direction::Response,
        );
        let streaming = output_objects
            .iter()
            .any(|(_, o)| announces_streaming(o))
            .then(|| streaming_of(&input));
        if a.status.as_deref().is_some_and(|s| s != "online") {
            self.warnings.push(format!(
                "actions.{name}: status {:?}, imported anyway",
                a.status.as_deref().unwrap_or_default()
            ));
        }
        Action {
            title: a.name.trim().to_owned(),
            doc: a.document.trim().to_owned(),
            doc_lang: Self::lang_tag(&primary.lang),
            qps_limit: self
                .inputs
                .qps
                .as_ref()
                .and_then(|q| q.qps.get(name).copied()),
            idempotent: None,
            input,
            output,
            errors: self.action_errors(name),
            examples: Vec::new(),
            paging: None,
            streaming,
        }
    }

    /// Whether any edition has the action, whether or not `only` keeps it.
    fn described(&self, action: &str) -> bool {
        self.editions().any(|e| e.api.actions.contains_key(action))
    }

    fn apply_overlay(&mut self, actions: &mut BTreeMap<String, Action>) {
        let Some(overlay) = &self.inputs.overlay else {
            return;
        };
        for (name, facts) in &overlay.actions {
            match actions.get_mut(name) {
                Some(action) => {
                    if let Some(paging) = &facts.paging {
                        action.paging = Some(paging.clone());
                    }
                    if facts.idempotent.is_some() {
                        action.idempotent = facts.idempotent;
                    }
                    if let Some(streams) = facts.streaming {
                        action.streaming = streams.then(|| streaming_of(&action.input));
                    }
                }
                // Filtered out by `only`: not an error in the overlay.
                None if self.described(name) => {}
                None => self.issues.push(issue(
                    format!("overlay.actions.{name}"),
                    "no such action in the description",
                )),
            }
        }
    }

    fn shapes(&mut self) -> BTreeMap<String, Shape> {
        let io: BTreeSet<&String> = self
            .editions()
            .flat_map(|e| e.api.actions.values().flat_map(|a| [&a.input, &a.output]))
            .collect();
        let names: BTreeSet<&String> = self
            .editions()
            .flat_map(|e| e.api.objects.keys())
            .filter(|n| !io.contains(n))
            .collect();
        let sent = self.reachable(|a| &a.input);
        let received = self.reachable(|a| &a.output);
        names
            .into_iter()
            .map(|name| {
                let versions: Vec<(&Edition, &ApiObject)> = self
                    .editions()
                    .filter_map(|e| e.api.objects.get(name).map(|o| (e, o)))
                    .collect();
                let (primary, o) = versions[0];
                let declared = match o.usage.as_deref() {
                    Some("in") => Usage::In,
                    Some("out") => Usage::Out,
                    Some("both") | None => Usage::Both,
                    Some(other) => {
                        self.issues.push(issue(
                            format!("objects.{name}.usage"),
                            format!("unknown usage {other:?}"),
                        ));
                        Usage::Both
                    }
                };
                // A few descriptions declare a direction their own actions contradict. Read
                // as declared, an `in` shape inside a response would fail to decode whenever
                // a "required" member is missing; `both` keeps such members optional.
                let contradicted = match declared {
                    Usage::In if received.contains(name.as_str()) => Some(("in", "a response")),
                    Usage::Out if sent.contains(name.as_str()) => Some(("out", "a request")),
                    _ => None,
                };
                let usage = match contradicted {
                    Some((word, side)) => {
                        self.warnings.push(format!(
                            "objects.{name}.usage: declared {word:?}, but {side} contains it; \
                             imported as \"both\""
                        ));
                        Usage::Both
                    }
                    None => declared,
                };
                let members = self.members(
                    &format!("objects.{name}"),
                    &Place::Shape(name.clone()),
                    &versions,
                    Direction::Shape(usage),
                );
                let shape = Shape {
                    doc: o.document.trim().to_owned(),
                    doc_lang: Self::lang_tag(&primary.lang),
                    usage,
                    members,
                };
                (name.clone(), shape)
            })
            .collect()
    }

    /// Names of the objects that the request (or response) objects of any action contain,
    /// directly or through other objects, in any edition.
    fn reachable(&self, side: fn(&tccli::ApiAction) -> &String) -> BTreeSet<&'a str> {
        let mut stack: Vec<&'a str> = self
            .editions()
            .flat_map(|e| e.api.actions.values().map(side))
            .map(String::as_str)
            .collect();
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            for e in self.editions() {
                let members = e.api.objects.get(name).into_iter().flat_map(|o| &o.members);
                for m in members.filter(|m| matches!(m.ty.as_str(), "object" | "list")) {
                    if seen.insert(m.member.as_str()) {
                        stack.push(&m.member);
                    }
                }
            }
        }
        seen
    }

    fn code_doc(&self, docs: Option<&ErrorCodes>, code: &str) -> (String, Option<String>) {
        let entry = docs.and_then(|d| d.codes.get(code));
        match entry {
            Some(tccli::CodeDoc { en: Some(en), .. }) => (en.trim().to_owned(), None),
            Some(tccli::CodeDoc { zh: Some(zh), .. }) => (zh.trim().to_owned(), Some("zh".into())),
            _ => (String::new(), None),
        }
    }

    fn action_errors(&mut self, action: &str) -> Vec<spec::ErrorCode> {
        let published = self
            .inputs
            .action_errors
            .as_ref()
            .and_then(|e| e.actions.get(action))
            .cloned()
            .unwrap_or_default();
        let mut codes: Vec<String> = Vec::new();
        for code in &published {
            // A few lists end a code with a stray dot (`MissingParameter.`).
            let clean = code.trim_end_matches('.');
            if clean != code {
                self.warnings
                    .push(format!("errors: {code:?} (of {action}) read as {clean:?}"));
            }
            if !codes.iter().any(|c| c == clean) {
                codes.push(clean.to_owned());
            }
        }
        let mut variants = BTreeSet::new();
        codes
            .iter()
            .map(|code| {
                let (doc, doc_lang) = self.code_doc(self.inputs.error_codes.as_ref(), code);
                if doc.is_empty() {
                    self.warnings
                        .push(format!("errors: {code} (of {action}) has no description"));
                }
                let variant = if crate::common::is_common(code) {
                    None
                } else {
                    self.variant(action, code, &mut variants)
                };
                spec::ErrorCode {
                    code: code.clone(),
                    variant,
                    doc,
                    doc_lang,
                }
            })
            .collect()
    }

    /// A `variant` for a code whose derived variant name an earlier code of the action
    /// already has (`InvalidParameterConflict` after `InvalidParameter.Conflict`): the
    /// name with the first free number after it, so every published list generates.
    fn variant(
        &mut self,
        action: &str,
        code: &str,
        taken: &mut BTreeSet<String>,
    ) -> Option<String> {
        let derived = crate::naming::error_variant(code);
        if taken.insert(derived.clone()) {
            return None;
        }
        let named = (2..)
            .map(|n| format!("{derived}{n}"))
            .find(|candidate| !taken.contains(candidate))
            .unwrap_or_default();
        self.warnings.push(format!(
            "errors: {code} (of {action}) would share the variant `{derived}`; named `{named}`"
        ));
        taken.insert(named.clone());
        Some(named)
    }

    fn examples(
        &mut self,
        action: &str,
        input: &[Member],
        shapes: &BTreeMap<String, Shape>,
    ) -> Vec<spec::Example> {
        // The first edition that has the action supplies its examples, as it does its docs.
        let published = self
            .editions()
            .filter(|e| e.api.actions.contains_key(action))
            .find_map(|e| e.examples.as_ref()?.actions.get(action))
            .cloned()
            .unwrap_or_default();
        published
            .iter()
            .enumerate()
            .filter_map(|(i, ex)| match examples::convert(ex, input, shapes) {
                Ok(ex) => Some(ex),
                Err(why) => {
                    self.warnings
                        .push(format!("examples.{action}[{i}]: skipped: {why}"));
                    None
                }
            })
            .collect()
    }
}
