//! The validated model: a [`Spec`] whose every rule has been checked and whose type
//! expressions have been resolved. Later stages trust it and never fail on spec content.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::error::{Error, SpecIssue};
use crate::spec::{self, Spec};

// Plain data that validation checks and passes on unchanged: later stages take them
// from here, so that nothing after the model reads the spec's own types.
pub use crate::spec::{Service, Usage};

/// A resolved member type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    /// UTF-8 text.
    String,
    /// Signed 64-bit integer.
    Int64,
    /// Unsigned 64-bit integer.
    UInt64,
    /// Double-precision float.
    Float,
    /// Boolean.
    Bool,
    /// A timestamp, carried as the text the service sends.
    Datetime,
    /// Binary content, carried as the (base64) text the service sends.
    Binary,
    /// A shared shape, by wire name.
    Shape(String),
    /// A list of the inner type.
    List(Box<Type>),
}

impl Type {
    /// Parses a type expression; on failure, returns the unknown part.
    fn parse(expr: &str, shapes: &BTreeMap<String, spec::Shape>) -> Result<Type, String> {
        if let Some(inner) = expr
            .strip_prefix("list<")
            .and_then(|rest| rest.strip_suffix('>'))
        {
            return Type::parse(inner, shapes).map(|t| Type::List(Box::new(t)));
        }
        Ok(match expr {
            "string" => Type::String,
            "int64" => Type::Int64,
            "uint64" => Type::UInt64,
            "float" => Type::Float,
            "bool" => Type::Bool,
            "datetime" => Type::Datetime,
            "binary" => Type::Binary,
            name if shapes.contains_key(name) => Type::Shape(name.to_owned()),
            other => return Err(other.to_owned()),
        })
    }

    /// The shape this type names, looking through lists.
    pub fn shape(&self) -> Option<&str> {
        match self {
            Type::Shape(name) => Some(name),
            Type::List(inner) => inner.shape(),
            _ => None,
        }
    }
}

/// Documentation text and the language it is written in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    /// The text, possibly empty.
    pub text: String,
    /// `None` for English, else a language tag such as `zh`.
    pub lang: Option<String>,
}

impl Doc {
    fn new(text: &str, lang: &Option<String>) -> Self {
        Doc {
            text: text.trim().to_owned(),
            lang: lang.clone(),
        }
    }
}

/// A validated service.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Service metadata.
    pub service: Service,
    /// Actions, sorted by wire name.
    pub actions: Vec<ActionDef>,
    /// Shapes, sorted by wire name.
    pub shapes: Vec<ShapeDef>,
}

/// A validated action.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionDef {
    /// Wire name.
    pub name: String,
    /// Short title.
    pub title: String,
    /// Description.
    pub doc: Doc,
    /// Published requests-per-second limit.
    pub qps_limit: Option<u32>,
    /// Whether repeating the call is harmless, with the naming default applied.
    pub idempotent: bool,
    /// Request parameters.
    pub input: Vec<Field>,
    /// Response fields, `RequestId` included.
    pub output: Vec<Field>,
    /// The action's own codes.
    pub errors: Vec<ErrorDef>,
    /// Published examples.
    pub examples: Vec<spec::Example>,
    /// Paging, with members checked to exist and to have paging types.
    pub paging: Option<Paging>,
    /// Whether the action can answer with an event stream, and the input member (an
    /// optional `bool`) that asks for one.
    pub streaming: Option<Streaming>,
}

/// How a streaming action asks for a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Streaming {
    /// Wire name of the optional `bool` input member that asks for a stream; `None`
    /// when every answer is a stream.
    pub flag: Option<String>,
}

/// How an action pages, by member wire names; every member exists with a fitting type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paging {
    /// Offset and page size in, a total out.
    Offset {
        /// Input: offset of the first item.
        offset: String,
        /// Input: page size.
        limit: String,
        /// Output: total number of items.
        total: String,
        /// Output: the page's items.
        items: String,
    },
    /// Page number and page size in, a total out.
    Page {
        /// Input: page number.
        page: String,
        /// The number of the first page.
        first_page: u64,
        /// Input: page size.
        limit: String,
        /// Output: total number of items.
        total: String,
        /// Output: the page's items.
        items: String,
    },
    /// A token in, the next token out.
    Token {
        /// Input: the token of the page to fetch.
        token: String,
        /// Output: the token of the next page.
        next_token: String,
        /// Input: page size, when the action takes one.
        limit: Option<String>,
        /// Output: the page's items.
        items: String,
    },
}

/// A validated member.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire name.
    pub name: String,
    /// Rust field name chosen by the spec, overriding the derived one.
    pub rust_name: Option<String>,
    /// Resolved type.
    pub ty: Type,
    /// Must be sent by the caller.
    pub required: bool,
    /// Always sent by the service.
    pub output_required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Published as disabled.
    pub deprecated: bool,
    /// Description.
    pub doc: Doc,
    /// Example value.
    pub example: Option<String>,
    /// Server-side default.
    pub default: Option<String>,
}

/// A validated shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeDef {
    /// Wire name.
    pub name: String,
    /// Description.
    pub doc: Doc,
    /// Direction of travel.
    pub usage: Usage,
    /// Fields.
    pub members: Vec<Field>,
}

/// A validated error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDef {
    /// Wire code.
    pub code: String,
    /// Variant name chosen by the spec, overriding the derived one.
    pub variant: Option<String>,
    /// Description.
    pub doc: Doc,
}

/// Checks every rule of the spec format and resolves types.
///
/// All problems are collected, so one run shows everything to fix.
pub fn validate(file: &Path, spec: &Spec) -> Result<Model, Error> {
    let mut v = Validator { issues: Vec::new() };
    let model = v.model(spec);
    if v.issues.is_empty() {
        Ok(model)
    } else {
        Err(Error::Invalid {
            file: file.to_owned(),
            issues: v.issues,
        })
    }
}

struct Validator {
    issues: Vec<SpecIssue>,
}

impl Validator {
    fn issue(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.issues.push(SpecIssue {
            path: path.into(),
            message: message.into(),
        });
    }

    fn model(&mut self, spec: &Spec) -> Model {
        if spec.format != spec::FORMAT_VERSION {
            self.issue(
                "format",
                format!(
                    "unsupported format {}; this generator reads format {}",
                    spec.format,
                    spec::FORMAT_VERSION
                ),
            );
        }
        self.service(&spec.service);
        if spec.actions.is_empty() {
            self.issue("actions", "a spec needs at least one action");
        }
        let shapes = spec
            .shapes
            .iter()
            .map(|(name, shape)| self.shape(name, shape, &spec.shapes))
            .collect();
        let actions = spec
            .actions
            .iter()
            .map(|(name, action)| self.action(name, action, &spec.shapes))
            .collect();
        Model {
            service: spec.service.clone(),
            actions,
            shapes,
        }
    }

    fn service(&mut self, s: &spec::Service) {
        if !is_lower_alnum(&s.name) {
            self.issue(
                "service.name",
                format!("{:?} must be lowercase ASCII letters and digits", s.name),
            );
        }
        if !is_date(&s.version) {
            self.issue(
                "service.version",
                format!("{:?} must be a date, YYYY-MM-DD", s.version),
            );
        }
        if s.endpoint.is_empty()
            || !s
                .endpoint
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        {
            self.issue(
                "service.endpoint",
                format!(
                    "{:?} must be a bare host name such as scf.tencentcloudapi.com",
                    s.endpoint
                ),
            );
        }
        if s.title.trim().is_empty() {
            self.issue("service.title", "must not be empty");
        }
        self.lang("service.doc_lang", &s.doc_lang);
    }

    fn action(
        &mut self,
        name: &str,
        a: &spec::Action,
        shapes: &BTreeMap<String, spec::Shape>,
    ) -> ActionDef {
        let at = format!("actions.{name}");
        if !is_pascal_ident(name) {
            self.issue(
                &at,
                format!("action name {name:?} must be an ASCII identifier starting with an uppercase letter"),
            );
        }
        if a.qps_limit == Some(0) {
            self.issue(format!("{at}.qps_limit"), "must be at least 1");
        }
        self.lang(&format!("{at}.doc_lang"), &a.doc_lang);
        let input = self.members(&format!("{at}.input"), &a.input, shapes);
        let output = self.members(&format!("{at}.output"), &a.output, shapes);
        match output.iter().find(|f| f.name == "RequestId") {
            Some(f) if f.ty == Type::String && f.output_required && !f.nullable => {}
            Some(_) => self.issue(
                format!("{at}.output"),
                "RequestId must be a string with output_required and not nullable",
            ),
            None => self.issue(
                format!("{at}.output"),
                "must have a RequestId member: every response carries one",
            ),
        }
        for (i, ex) in a.examples.iter().enumerate() {
            let ex_at = format!("{at}.examples[{i}]");
            if !ex.request.is_object() {
                self.issue(format!("{ex_at}.request"), "must be a JSON object");
            }
            if !ex.response.get("Response").is_some_and(|r| r.is_object()) {
                self.issue(
                    format!("{ex_at}.response"),
                    "must be an envelope: {\"Response\": {...}}",
                );
            }
        }
        let paging = a
            .paging
            .as_ref()
            .and_then(|p| self.paging(&format!("{at}.paging"), p, &input, &output));
        let streaming = a
            .streaming
            .as_ref()
            .and_then(|s| self.streaming(&format!("{at}.streaming"), s, &input));
        ActionDef {
            name: name.to_owned(),
            title: a.title.trim().to_owned(),
            doc: Doc::new(&a.doc, &a.doc_lang),
            qps_limit: a.qps_limit,
            idempotent: a.idempotent.unwrap_or_else(|| is_read_only_name(name)),
            input,
            output,
            errors: self.errors(&format!("{at}.errors"), &a.errors),
            examples: a.examples.clone(),
            paging,
            streaming,
        }
    }

    /// A stream flag must be an optional `bool`: the plain method sends it unset (or
    /// false) and the stream method sets it.
    fn streaming(&mut self, at: &str, s: &spec::Streaming, input: &[Field]) -> Option<Streaming> {
        if let Some(flag) = &s.flag {
            match input.iter().find(|f| &f.name == flag) {
                Some(f) if f.ty == Type::Bool && !f.required => {}
                Some(_) => {
                    self.issue(
                        format!("{at}.flag"),
                        format!("{flag:?} must be an optional bool"),
                    );
                    return None;
                }
                None => {
                    self.issue(format!("{at}.flag"), format!("no input member {flag:?}"));
                    return None;
                }
            }
        }
        Some(Streaming {
            flag: s.flag.clone(),
        })
    }

    fn paging(
        &mut self,
        at: &str,
        p: &spec::Paging,
        input: &[Field],
        output: &[Field],
    ) -> Option<Paging> {
        fn counter(t: &Type) -> bool {
            matches!(t, Type::Int64 | Type::UInt64)
        }
        fn position(t: &Type) -> bool {
            counter(t) || *t == Type::String
        }
        fn list(t: &Type) -> bool {
            matches!(t, Type::List(_))
        }
        fn text(t: &Type) -> bool {
            *t == Type::String
        }
        let before = self.issues.len();
        // (field, value, needed by this style, members, type check, what it must be)
        type Rule<'a> = (
            &'a str,
            &'a Option<String>,
            bool,
            &'a [Field],
            fn(&Type) -> bool,
            &'a str,
        );
        let position_want = "an int64, uint64 or string input";
        let style = p.style;
        let fields: [Rule; 6] = [
            (
                "offset",
                &p.offset,
                style == spec::PagingStyle::Offset,
                input,
                position,
                position_want,
            ),
            (
                "page",
                &p.page,
                style == spec::PagingStyle::Page,
                input,
                position,
                position_want,
            ),
            (
                "token",
                &p.token,
                style == spec::PagingStyle::Token,
                input,
                text,
                "a string input",
            ),
            (
                "next_token",
                &p.next_token,
                style == spec::PagingStyle::Token,
                output,
                text,
                "a string output",
            ),
            (
                "limit",
                &p.limit,
                style != spec::PagingStyle::Token,
                input,
                position,
                position_want,
            ),
            (
                "total",
                &p.total,
                style != spec::PagingStyle::Token,
                output,
                counter,
                "an int64 or uint64 output",
            ),
        ];
        let style_name = format!("{style:?}").to_lowercase();
        for (field, value, needed, members, ok, want) in fields {
            match value {
                Some(member) => {
                    self.paging_member(&format!("{at}.{field}"), member, members, ok, want)
                }
                None if needed => self.issue(
                    format!("{at}.{field}"),
                    format!("{style_name} paging needs {field}"),
                ),
                None => {}
            }
        }
        // A page size is optional for tokens; anything else of another style is a mistake.
        let foreign = match style {
            spec::PagingStyle::Offset => [
                ("page", p.page.is_some()),
                ("token", p.token.is_some() || p.next_token.is_some()),
            ],
            spec::PagingStyle::Page => [
                ("offset", p.offset.is_some()),
                ("token", p.token.is_some() || p.next_token.is_some()),
            ],
            spec::PagingStyle::Token => [
                ("offset", p.offset.is_some() || p.total.is_some()),
                ("page", p.page.is_some()),
            ],
        };
        for (field, present) in foreign {
            if present {
                self.issue(
                    format!("{at}.{field}"),
                    format!("not used by {style_name} paging"),
                );
            }
        }
        match p.first_page {
            Some(n) if style != spec::PagingStyle::Page || n > 1 => self.issue(
                format!("{at}.first_page"),
                "only page paging has one, and it is 0 or 1",
            ),
            _ => {}
        }
        self.paging_member(
            &format!("{at}.items"),
            &p.items,
            output,
            list,
            "a list output",
        );
        if self.issues.len() > before {
            return None;
        }
        let name = |m: &Option<String>| m.clone().unwrap_or_default();
        Some(match style {
            spec::PagingStyle::Offset => Paging::Offset {
                offset: name(&p.offset),
                limit: name(&p.limit),
                total: name(&p.total),
                items: p.items.clone(),
            },
            spec::PagingStyle::Page => Paging::Page {
                page: name(&p.page),
                first_page: p.first_page.unwrap_or(1),
                limit: name(&p.limit),
                total: name(&p.total),
                items: p.items.clone(),
            },
            spec::PagingStyle::Token => Paging::Token {
                token: name(&p.token),
                next_token: name(&p.next_token),
                limit: p.limit.clone(),
                items: p.items.clone(),
            },
        })
    }

    fn paging_member(
        &mut self,
        at: &str,
        member: &str,
        fields: &[Field],
        ok: fn(&Type) -> bool,
        want: &str,
    ) {
        match fields.iter().find(|f| f.name == member) {
            Some(f) if ok(&f.ty) => {}
            Some(_) => self.issue(at, format!("{member:?} must be {want}")),
            None => self.issue(at, format!("no member {member:?}: must be {want}")),
        }
    }

    fn shape(
        &mut self,
        name: &str,
        s: &spec::Shape,
        shapes: &BTreeMap<String, spec::Shape>,
    ) -> ShapeDef {
        let at = format!("shapes.{name}");
        if !is_pascal_ident(name) {
            self.issue(
                &at,
                format!("shape name {name:?} must be an ASCII identifier starting with an uppercase letter"),
            );
        }
        if is_builtin_type(name) {
            self.issue(&at, format!("shape name {name:?} is a built-in type name"));
        }
        self.lang(&format!("{at}.doc_lang"), &s.doc_lang);
        ShapeDef {
            name: name.to_owned(),
            doc: Doc::new(&s.doc, &s.doc_lang),
            usage: s.usage,
            members: self.members(&format!("{at}.members"), &s.members, shapes),
        }
    }

    fn members(
        &mut self,
        at: &str,
        members: &[spec::Member],
        shapes: &BTreeMap<String, spec::Shape>,
    ) -> Vec<Field> {
        let mut seen = BTreeSet::new();
        members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let m_at = format!("{at}[{i}]");
                if !is_ident(&m.name) {
                    self.issue(
                        format!("{m_at}.name"),
                        format!("{:?} must be an ASCII identifier", m.name),
                    );
                }
                if !seen.insert(m.name.as_str()) {
                    self.issue(
                        format!("{m_at}.name"),
                        format!("duplicate member {:?}", m.name),
                    );
                }
                self.lang(&format!("{m_at}.doc_lang"), &m.doc_lang);
                let ty = Type::parse(&m.ty, shapes).unwrap_or_else(|unknown| {
                    let message = if unknown == m.ty {
                        format!("unknown type {unknown:?}")
                    } else {
                        format!("unknown type {unknown:?} in {:?}", m.ty)
                    };
                    self.issue(format!("{m_at}.type"), message);
                    Type::String
                });
                if let Some(rust) = &m.rust_name {
                    let snake = rust.starts_with(|c: char| c.is_ascii_lowercase())
                        && rust
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                    if !snake {
                        self.issue(
                            format!("{m_at}.rust_name"),
                            format!("{rust:?} must be a snake_case identifier"),
                        );
                    }
                }
                Field {
                    name: m.name.clone(),
                    rust_name: m.rust_name.clone(),
                    ty,
                    required: m.required,
                    output_required: m.output_required,
                    nullable: m.nullable,
                    deprecated: m.deprecated,
                    doc: Doc::new(&m.doc, &m.doc_lang),
                    example: m.example.clone(),
                    default: m.default.clone(),
                }
            })
            .collect()
    }

    fn errors(&mut self, at: &str, errors: &[spec::ErrorCode]) -> Vec<ErrorDef> {
        let mut seen = BTreeSet::new();
        errors
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let e_at = format!("{at}[{i}].code");
                if !is_error_code(&e.code) {
                    self.issue(
                        &e_at,
                        format!(
                            "{:?} is not an error code (dot-separated identifiers such as ResourceNotFound.Function)",
                            e.code
                        ),
                    );
                }
                if !seen.insert(e.code.as_str()) {
                    self.issue(&e_at, format!("duplicate error code {:?}", e.code));
                }
                if let Some(v) = &e.variant
                    && !is_pascal_ident(v)
                {
                    self.issue(
                        format!("{at}[{i}].variant"),
                        format!("{v:?} must be an UpperCamelCase identifier"),
                    );
                }
                self.lang(&format!("{at}[{i}].doc_lang"), &e.doc_lang);
                ErrorDef {
                    code: e.code.clone(),
                    variant: e.variant.clone(),
                    doc: Doc::new(&e.doc, &e.doc_lang),
                }
            })
            .collect()
    }

    fn lang(&mut self, at: &str, lang: &Option<String>) {
        if let Some(l) = lang {
            let ok =
                matches!(l.as_bytes(), [a, b] if a.is_ascii_lowercase() && b.is_ascii_lowercase());
            if !ok {
                self.issue(
                    at,
                    format!("{l:?} must be a two-letter language code such as \"zh\""),
                );
            }
        }
    }
}

fn is_builtin_type(name: &str) -> bool {
    matches!(
        name,
        "string" | "int64" | "uint64" | "float" | "bool" | "datetime" | "binary" | "list"
    )
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_pascal_ident(s: &str) -> bool {
    is_ident(s) && s.starts_with(|c: char| c.is_ascii_uppercase())
}

fn is_lower_alnum(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn is_error_code(s: &str) -> bool {
    s.split('.').all(is_ident) && s.starts_with(|c: char| c.is_ascii_uppercase())
}

/// Read-only actions are safe to repeat; the naming convention is how Tencent marks them.
fn is_read_only_name(action: &str) -> bool {
    ["Get", "List", "Describe"]
        .iter()
        .any(|p| action.starts_with(p))
}
