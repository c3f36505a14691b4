//! The edition merge rule: what a member is when the editions describe it differently,
//! and the record of every such decision.
//!
//! The Chinese edition is the description the service implements: the official SDKs are
//! generated from it and agree with it member for member, type for type. The English
//! edition is its translation, and where it differs it is the one that is wrong: a string
//! where the service sends a list, a flag marked required that the service does not need,
//! members the Chinese description does not have. So, member by member:
//!
//! - the type is the Chinese edition's, and the published examples of every edition are
//!   checked against it (`check_examples`);
//! - a sent member is required only when every edition that describes it requires it;
//! - a member that only the other editions add to an object the Chinese edition
//!   describes is never required and never promised in a response;
//! - docs are the first edition's (English): a translation is what an English reader
//!   wants, and a wrong word there breaks no call.
//!
//! Each place where this decided something is a [`Disagreement`], listed in IMPORT.md.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use super::tccli::{ApiMember, ApiObject};
use super::{Direction, Edition, Importer, examples, issue};
use crate::spec::{Action, Member, Shape, Usage};

/// The language of the edition the service implements.
pub const IMPLEMENTED: &str = "zh";

/// Where a member is, in spec terms.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// The request of the action.
    Input(String),
    /// The response of the action.
    Output(String),
    /// The shape.
    Shape(String),
}

impl Place {
    /// A member's path: `CreateAccount.input.Password`, `CreateAccount.output.Id`, or
    /// `Shape.Member`.
    pub fn path(&self, member: &str) -> String {
        match self {
            Place::Input(action) => format!("{action}.input.{member}"),
            Place::Output(action) => format!("{action}.output.{member}"),
            Place::Shape(shape) => format!("{shape}.{member}"),
        }
    }
}

/// What the editions disagree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The member's type.
    Type,
    /// Whether a sent member is required.
    Required,
    /// Whether the member exists: only editions other than the Chinese one describe it.
    EnglishOnly,
}

impl Kind {
    /// The word IMPORT.md uses.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Type => "type",
            Kind::Required => "required",
            Kind::EnglishOnly => "English only",
        }
    }
}

/// One place where the editions disagree, and what the spec took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// The object the member is in.
    pub place: Place,
    /// The member's wire name.
    pub member: String,
    /// What the editions disagree on.
    pub kind: Kind,
    /// What each edition says, by language, in edition order: a type expression,
    /// `required`/`optional`, or `absent`.
    pub said: Vec<(String, String)>,
    /// What the spec took.
    pub took: String,
    /// For a type: how the values the published examples give the member fit the type
    /// taken (`3 of 3 values fit`); empty otherwise.
    pub examples: String,
}

impl Disagreement {
    /// The member's path: `CreateAccount.input.Password`, `CreateAccount.output.Id`,
    /// or `Shape.Member`.
    pub fn path(&self) -> String {
        self.place.path(&self.member)
    }

    /// What the edition in `lang` says; `absent` when it does not describe the object.
    pub fn said_by(&self, lang: &str) -> &str {
        self.said
            .iter()
            .find(|(l, _)| l == lang)
            .map_or("absent", |(_, said)| said.as_str())
    }

    fn is_in(&self, actions: &BTreeMap<String, Action>, shapes: &BTreeMap<String, Shape>) -> bool {
        match &self.place {
            Place::Input(a) | Place::Output(a) => actions.contains_key(a),
            Place::Shape(s) => shapes.contains_key(s),
        }
    }
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: ", self.path(), self.kind.label())?;
        for (lang, said) in &self.said {
            write!(f, "{lang} {said}; ")?;
        }
        if self.kind == Kind::EnglishOnly {
            write!(f, "{IMPLEMENTED} absent; ")?;
        }
        write!(f, "took {}", self.took)?;
        if !self.examples.is_empty() {
            write!(f, " ({})", self.examples)?;
        }
        Ok(())
    }
}

/// Drops what is about actions or shapes an `only` import left out.
pub(super) fn retain(
    settled: &mut Vec<Disagreement>,
    actions: &BTreeMap<String, Action>,
    shapes: &BTreeMap<String, Shape>,
) {
    settled.retain(|d| d.is_in(actions, shapes));
}

/// How one edition's member reads in the direction it travels.
fn flags(dir: Direction, required: bool, always_returned: bool) -> String {
    let sent = if required { "required" } else { "optional" };
    let received = if always_returned {
        "always returned"
    } else {
        "may be absent"
    };
    match dir {
        Direction::Request | Direction::Shape(Usage::In) => sent.to_owned(),
        Direction::Response | Direction::Shape(Usage::Out) => received.to_owned(),
        Direction::Shape(Usage::Both) => format!("{sent}, {received}"),
    }
}

impl Importer<'_> {
    /// Merges one object's members across the editions that have it.
    pub(super) fn members(
        &mut self,
        at: &str,
        place: &Place,
        objects: &[(&Edition, &ApiObject)],
        dir: Direction,
    ) -> Vec<Member> {
        let mut order: Vec<&str> = Vec::new();
        for (_, o) in objects {
            for m in &o.members {
                if !order.contains(&m.name.as_str()) {
                    order.push(&m.name);
                }
            }
        }
        let implemented = objects.iter().any(|(e, _)| e.lang == IMPLEMENTED);
        let mut members: Vec<Member> = order
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                let versions: Vec<(&Edition, &ApiMember)> = objects
                    .iter()
                    .filter_map(|(e, o)| o.members.iter().find(|m| m.name == name).map(|m| (*e, m)))
                    .collect();
                let unimplemented =
                    implemented && !versions.iter().any(|(e, _)| e.lang == IMPLEMENTED);
                self.member(
                    &format!("{at}.members[{i}]"),
                    place,
                    &versions,
                    dir,
                    unimplemented,
                )
            })
            .collect();
        self.name_clashes(at, &mut members);
        members
    }

    /// Gives a `rust_name` to each member whose derived Rust name an earlier member of
    /// the same object already has (`InstanceID` after `InstanceId`), so that every
    /// published description generates: the later one gets `<name>_2`, `_3`, ….
    fn name_clashes(&mut self, at: &str, members: &mut [Member]) {
        let mut taken = std::collections::BTreeSet::new();
        for m in members.iter().map(|m| crate::naming::snake(&m.name)) {
            taken.insert(m);
        }
        let mut seen = std::collections::BTreeSet::new();
        for m in members.iter_mut() {
            let snake = crate::naming::snake(&m.name);
            if seen.insert(snake.clone()) {
                continue;
            }
            let rust = (2..)
                .map(|n| format!("{snake}_{n}"))
                .find(|candidate| !taken.contains(candidate))
                .unwrap_or_default();
            self.warnings.push(format!(
                "{at}: {:?} would share the Rust name `{snake}`; named `{rust}`",
                m.name
            ));
            taken.insert(rust.clone());
            m.rust_name = Some(rust);
        }
    }

    /// One member from the editions that describe it (`versions`, preferred first);
    /// `unimplemented` when the Chinese edition describes the object but not the member.
    fn member(
        &mut self,
        at: &str,
        place: &Place,
        versions: &[(&Edition, &ApiMember)],
        dir: Direction,
        unimplemented: bool,
    ) -> Member {
        let (primary, m) = versions[0];
        let ty = self.member_type(at, place, versions);
        let sent = matches!(
            dir,
            Direction::Request | Direction::Shape(Usage::In | Usage::Both)
        );
        let requires = |m: &ApiMember| sent && m.required.unwrap_or(false);
        // Always-returned only where every edition promises it; nullable where any says so.
        let always_returned = |m: &ApiMember| match dir {
            // Never received, so a published `output_required` there promises nothing.
            Direction::Request | Direction::Shape(Usage::In) => false,
            // In response-only objects the English edition writes "always returned" as `required`.
            Direction::Response | Direction::Shape(Usage::Out) => {
                m.output_required.unwrap_or(false) || m.required.unwrap_or(false)
            }
            Direction::Shape(Usage::Both) => m.output_required.unwrap_or(false),
        };
        let is_request_id = dir == Direction::Response && m.name == "RequestId";
        let required = !unimplemented && versions.iter().all(|(_, m)| requires(m));
        let output_required =
            is_request_id || (!unimplemented && versions.iter().all(|(_, m)| always_returned(m)));
        let record = |kind, said, took: String| Disagreement {
            place: place.clone(),
            member: m.name.clone(),
            kind,
            said,
            took,
            examples: String::new(),
        };
        if unimplemented {
            let said = versions
                .iter()
                .map(|(e, m)| (e.lang.clone(), flags(dir, requires(m), always_returned(m))))
                .collect();
            let took = flags(dir, required, output_required);
            self.settled.push(record(Kind::EnglishOnly, said, took));
        } else if !required && versions.iter().any(|(_, m)| requires(m)) {
            let said = versions
                .iter()
                .map(|(e, m)| {
                    (
                        e.lang.clone(),
                        flags(Direction::Request, requires(m), false),
                    )
                })
                .collect();
            self.settled
                .push(record(Kind::Required, said, "optional".to_owned()));
        }
        Member {
            name: m.name.clone(),
            rust_name: None,
            ty,
            required,
            output_required,
            nullable: !is_request_id
                && versions
                    .iter()
                    .any(|(_, m)| m.value_allowed_null.unwrap_or(false)),
            deprecated: versions.iter().any(|(_, m)| m.disabled.unwrap_or(false)),
            doc: m.document.trim().to_owned(),
            doc_lang: Self::lang_tag(&primary.lang),
            example: m.example.as_ref().and_then(value_text),
            default: m.default.as_ref().and_then(value_text),
        }
    }

    /// The Chinese edition's type (the first edition's without one); a type another
    /// edition gives differently is recorded. A type no edition should publish is an issue.
    fn member_type(
        &mut self,
        at: &str,
        place: &Place,
        versions: &[(&Edition, &ApiMember)],
    ) -> String {
        let path = format!("{at}.type");
        let mut said = Vec::new();
        for (e, m) in versions {
            match member_type(m) {
                Ok(ty) => said.push((e.lang.clone(), ty)),
                // Reported once, whichever editions publish it; the import then fails.
                Err(msg) if !self.issues.iter().any(|i| i.path == path) => {
                    self.issues.push(issue(path.clone(), msg));
                }
                Err(_) => {}
            }
        }
        let taken = said
            .iter()
            .find(|(lang, _)| lang == IMPLEMENTED)
            .or(said.first())
            .map(|(_, ty)| ty.clone());
        let Some(ty) = taken else {
            return "string".to_owned();
        };
        if said.iter().any(|(_, t)| *t != ty) {
            self.settled.push(Disagreement {
                place: place.clone(),
                member: versions[0].1.name.clone(),
                kind: Kind::Type,
                said,
                took: ty.clone(),
                examples: String::new(),
            });
        }
        ty
    }

    /// Checks the type each type disagreement took against every value the published
    /// examples of every edition give the member; each value that does not fit is a
    /// warning, and the disagreement records how many fit.
    pub(super) fn check_examples(
        &mut self,
        actions: &BTreeMap<String, Action>,
        shapes: &BTreeMap<String, Shape>,
    ) {
        let mut tally: BTreeMap<(Place, String), (usize, usize)> = self
            .settled
            .iter()
            .filter(|d| d.kind == Kind::Type)
            .map(|d| ((d.place.clone(), d.member.clone()), (0, 0)))
            .collect();
        if tally.is_empty() {
            return;
        }
        let mut misfits = Vec::new();
        for edition in self.editions() {
            let published = edition.examples.iter().flat_map(|e| &e.actions);
            for (name, list) in published {
                let Some(action) = actions.get(name) else {
                    continue;
                };
                for (i, ex) in list.iter().enumerate() {
                    // One that cannot be read is a warning already, or belongs to an
                    // edition whose examples the spec does not keep.
                    let Ok(ex) = examples::convert(ex, &action.input, shapes) else {
                        continue;
                    };
                    let mut visit = |place: &Place, m: &Member, v: &Value| {
                        let Some(count) = tally.get_mut(&(place.clone(), m.name.clone())) else {
                            return;
                        };
                        if fits(v, &m.ty) {
                            count.0 += 1;
                        } else {
                            count.1 += 1;
                            misfits.push(format!(
                                "examples.{name}[{i}] ({} edition): {} is {}, which does not \
                                 fit {}, the type taken from the {IMPLEMENTED} edition",
                                edition.lang,
                                place.path(&m.name),
                                excerpt(v),
                                m.ty
                            ));
                        }
                    };
                    let input = Place::Input(name.clone());
                    walk(&ex.request, &action.input, &input, shapes, &mut visit);
                    if let Some(response) = ex.response.get("Response") {
                        let output = Place::Output(name.clone());
                        walk(response, &action.output, &output, shapes, &mut visit);
                    }
                }
            }
        }
        self.warnings.extend(misfits);
        for d in &mut self.settled {
            if let Some((fit, misfit)) = tally.get(&(d.place.clone(), d.member.clone())) {
                d.examples = match (fit, misfit) {
                    (0, 0) => "no example gives it a value".to_owned(),
                    (fit, 0) => format!("{fit} of {fit} values in the examples fit"),
                    (fit, misfit) => {
                        format!("{fit} of {} values in the examples fit", fit + misfit)
                    }
                };
            }
        }
    }
}

/// A value as JSON, cut to about 60 bytes.
fn excerpt(value: &Value) -> String {
    let mut text = value.to_string();
    if text.len() > 60 {
        let cut = (0..=60)
            .rev()
            .find(|&n| text.is_char_boundary(n))
            .unwrap_or(0);
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// Visits every value `value` gives one of `members` (of the object at `place`), and
/// the members of the shapes inside it.
fn walk(
    value: &Value,
    members: &[Member],
    place: &Place,
    shapes: &BTreeMap<String, Shape>,
    visit: &mut impl FnMut(&Place, &Member, &Value),
) {
    for m in members {
        let Some(v) = value.get(&m.name).filter(|v| !v.is_null()) else {
            continue;
        };
        visit(place, m, v);
        descend(v, &m.ty, shapes, visit);
    }
}

fn descend(
    value: &Value,
    ty: &str,
    shapes: &BTreeMap<String, Shape>,
    visit: &mut impl FnMut(&Place, &Member, &Value),
) {
    if let Some(item) = list_item(ty) {
        for v in value.as_array().into_iter().flatten() {
            descend(v, item, shapes, visit);
        }
    } else if let Some(shape) = shapes.get(ty)
        && value.is_object()
    {
        walk(
            value,
            &shape.members,
            &Place::Shape(ty.to_owned()),
            shapes,
            visit,
        );
    }
}

fn list_item(ty: &str) -> Option<&str> {
    ty.strip_prefix("list<").and_then(|t| t.strip_suffix('>'))
}

/// Whether a JSON value is one of the spec type `ty`.
fn fits(value: &Value, ty: &str) -> bool {
    if value.is_null() {
        return true;
    }
    if let Some(item) = list_item(ty) {
        return value
            .as_array()
            .is_some_and(|items| items.iter().all(|v| fits(v, item)));
    }
    match ty {
        "string" | "datetime" | "binary" => value.is_string(),
        "int64" => value.is_i64(),
        "uint64" => value.is_u64(),
        "float" => value.is_number(),
        "bool" => value.is_boolean(),
        _ => value.is_object(),
    }
}

/// The spec type expression of a published member.
fn member_type(m: &ApiMember) -> Result<String, String> {
    let scalar = |t: &str| -> String {
        match t {
            "string" => "string",
            "int" | "int64" | "integer" => "int64",
            "uint64" => "uint64",
            "float" | "double" => "float",
            "bool" | "boolean" => "bool",
            "datetime" | "datetime_iso" | "date" => "datetime",
            "binary" => "binary",
            shape => shape,
        }
        .to_owned()
    };
    Ok(match m.ty.as_str() {
        "list" => format!("list<{}>", scalar(&m.member)),
        "object" => m.member.clone(),
        "int" if m.member == "uint64" => "uint64".into(),
        "int" => "int64".into(),
        "string" if matches!(m.member.as_str(), "datetime" | "datetime_iso" | "date") => {
            "datetime".into()
        }
        "string" => "string".into(),
        "float" | "double" => "float".into(),
        "bool" | "boolean" => "bool".into(),
        "binary" => "binary".into(),
        other => return Err(format!("unknown published type {other:?}")),
    })
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}
