//! The IR: the validated model with every Rust decision made — names, field types,
//! optionality, boxing, derives and constructors. The emitter only spells it out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common;
use crate::error::{Error, SpecIssue};
use crate::model::{
    ActionDef, Doc, ErrorDef, Field, Model, Paging, Service, ShapeDef, Type, Usage,
};
use crate::naming;

/// A whole service, ready to emit.
#[derive(Debug, Clone)]
pub struct ServiceIr {
    /// Service metadata.
    pub service: Service,
    /// Actions, sorted by wire name.
    pub actions: Vec<ActionIr>,
    /// Shared shapes, sorted by wire name.
    pub shapes: Vec<StructIr>,
    /// Standard names (`Option`, `String`, `Vec`, `Box`, `Into`, `IntoIterator`) that a
    /// shape of the same name hides in the `types` module, where they must be spelled
    /// in full.
    pub hidden_std: BTreeSet<String>,
}

/// One action: its module, request, response and error enum.
#[derive(Debug, Clone)]
pub struct ActionIr {
    /// Wire name, e.g. `TerminateAsyncEvent`.
    pub wire_name: String,
    /// Module and client method name, e.g. `terminate_async_event`.
    pub module: String,
    /// Short title.
    pub title: String,
    /// Description.
    pub doc: Doc,
    /// Published QPS limit.
    pub qps_limit: Option<u32>,
    /// Safe to repeat.
    pub idempotent: bool,
    /// The request struct.
    pub request: StructIr,
    /// The response struct.
    pub response: StructIr,
    /// The error-code enum.
    pub error: ErrorEnumIr,
    /// Paging, when the action pages.
    pub paging: Option<PagingIr>,
    /// When the action can answer with an event stream: the wire name of the request
    /// member that asks for one, if it has one.
    pub streaming: Option<StreamingIr>,
    /// Published examples, as compact JSON text.
    pub examples: Vec<ExampleIr>,
}

/// How a streaming action asks for a stream.
#[derive(Debug, Clone)]
pub struct StreamingIr {
    /// Wire name of the request's `bool` member that asks for a stream; `None` when
    /// the action always streams.
    pub flag: Option<String>,
}

/// A published call, as compact JSON text.
#[derive(Debug, Clone)]
pub struct ExampleIr {
    /// The request parameters.
    pub request: String,
    /// The full response envelope.
    pub response: String,
}

/// The fields that page an action, as they are in the request and response structs.
#[derive(Debug, Clone)]
pub struct PagingIr {
    /// How the next page is asked for.
    pub cursor: CursorIr,
    /// The request's page-size field, when it has one.
    pub limit: Option<FieldIr>,
    /// The response's item list field.
    pub items: FieldIr,
    /// The type of one item.
    pub item: RustType,
}

/// The request and response fields that move from one page to the next.
#[derive(Debug, Clone)]
pub enum CursorIr {
    /// An item offset, counted against a total.
    Offset {
        /// The request's offset field.
        offset: FieldIr,
        /// The response's total-count field.
        total: FieldIr,
    },
    /// A page number, counted against a total number of items.
    Page {
        /// The request's page-number field.
        page: FieldIr,
        /// The number of the first page.
        first_page: u64,
        /// The response's total-count field.
        total: FieldIr,
    },
    /// The next page's token, from the response into the request.
    Token {
        /// The request's token field.
        token: FieldIr,
        /// The response's next-token field.
        next_token: FieldIr,
    },
}

/// Which side of the wire a struct is on; it decides optionality and derives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Sent by the caller.
    Input,
    /// Received from the service.
    Output,
    /// A shared shape that travels both ways.
    Both,
}

impl From<Usage> for Role {
    fn from(u: Usage) -> Self {
        match u {
            Usage::In => Role::Input,
            Usage::Out => Role::Output,
            Usage::Both => Role::Both,
        }
    }
}

/// A struct to emit.
#[derive(Debug, Clone)]
pub struct StructIr {
    /// Rust type name.
    pub name: String,
    /// Wire name (for docs).
    pub wire_name: String,
    /// Description.
    pub doc: Doc,
    /// Direction.
    pub role: Role,
    /// Fields in published order.
    pub fields: Vec<FieldIr>,
    /// Whether `Default` is derived. Never for inputs with required fields, so that
    /// `new` is the only way to build one and a missing parameter cannot compile.
    pub default: bool,
    /// Which serde directions a client needs: `Serialize` if a request contains it,
    /// `Deserialize` if a response does. The server side derives the other one too.
    pub serde: Serde,
}

/// The serde directions a client needs for a struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Serde {
    /// Sent in some request.
    pub serialize: bool,
    /// Received in some response.
    pub deserialize: bool,
}

impl StructIr {
    /// Fields that `new` takes.
    pub fn required_fields(&self) -> impl Iterator<Item = &FieldIr> {
        self.fields.iter().filter(|f| f.ctor_arg)
    }

    /// Fields that get a `set_*` method.
    pub fn optional_fields(&self) -> impl Iterator<Item = &FieldIr> {
        self.fields.iter().filter(|f| !f.ctor_arg)
    }
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct FieldIr {
    /// Rust identifier, possibly raw (`r#type`).
    pub ident: String,
    /// Setter method name.
    pub setter: String,
    /// Wire name, kept via `#[serde(rename)]`.
    pub wire_name: String,
    /// Description.
    pub doc: Doc,
    /// Rust type, without the `Option` wrapper.
    pub ty: RustType,
    /// Wrapped in `Option`.
    pub optional: bool,
    /// Decoded as its type's default when a response leaves it out: a field the spec says
    /// is always returned, which a server omits anyway, must not fail the whole call.
    pub missing_is_default: bool,
    /// Taken by `new`. Usually the non-optional fields; in a shape that travels both
    /// ways, a parameter the caller must send may still be absent from a response, so
    /// it is an `Option` that `new` fills.
    pub ctor_arg: bool,
    /// Published as disabled.
    pub deprecated: bool,
    /// Example value.
    pub example: Option<String>,
    /// Server-side default.
    pub default: Option<String>,
}

/// A Rust field type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `String`.
    String,
    /// `i64`.
    I64,
    /// `u64`.
    U64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// A shape in the `types` module; boxed when it is part of a cycle.
    Shape {
        /// Rust type name.
        name: String,
        /// Whether it needs a `Box` to have a finite size.
        boxed: bool,
    },
    /// `Vec<T>`.
    Vec(Box<RustType>),
}

/// An action's error-code enum.
#[derive(Debug, Clone)]
pub struct ErrorEnumIr {
    /// Rust type name, e.g. `TerminateAsyncEventError`.
    pub name: String,
    /// One variant per documented code that is not a common code.
    pub variants: Vec<VariantIr>,
    /// Common codes the action documents too; they stay in the `Common` variant.
    pub common: Vec<String>,
}

/// One error code.
#[derive(Debug, Clone)]
pub struct VariantIr {
    /// Variant identifier.
    pub ident: String,
    /// Wire code.
    pub code: String,
    /// Description.
    pub doc: Doc,
}

/// Lowers a validated model to IR. Fails only on Rust-name collisions, which the
/// model cannot see: two wire names that map to one identifier.
pub fn lower(file: &Path, model: &Model) -> Result<ServiceIr, Error> {
    let mut cx = Lowering {
        issues: Vec::new(),
        shape_names: BTreeMap::new(),
        cyclic: cyclic_edges(&model.shapes),
        defaultable: BTreeSet::new(),
        serde: serde_needs(model),
    };
    for s in &model.shapes {
        cx.shape_names
            .insert(s.name.clone(), naming::type_ident(&s.name));
    }
    cx.check_unique(model.shapes.iter().map(|s| {
        let path = format!("shapes.{}", s.name);
        (path, s.name.as_str(), naming::type_ident(&s.name))
    }));
    cx.defaultable = defaultable_shapes(&model.shapes)
        .into_iter()
        .map(|wire| cx.shape_names[&wire].clone())
        .collect();

    let shapes = model.shapes.iter().map(|s| cx.shape(s)).collect::<Vec<_>>();
    cx.check_unique(model.actions.iter().map(|a| {
        let path = format!("actions.{}", a.name);
        (path, a.name.as_str(), naming::value_ident(&a.name))
    }));
    let actions = model.actions.iter().map(|a| cx.action(a)).collect();

    if cx.issues.is_empty() {
        let hidden_std = shapes
            .iter()
            .map(|s| s.name.clone())
            .filter(|n| {
                matches!(
                    n.as_str(),
                    "Option" | "String" | "Vec" | "Box" | "Into" | "IntoIterator"
                )
            })
            .collect();
        Ok(ServiceIr {
            service: model.service.clone(),
            actions,
            shapes,
            hidden_std,
        })
    } else {
        Err(Error::Invalid {
            file: file.to_owned(),
            issues: cx.issues,
        })
    }
}

struct Lowering {
    issues: Vec<SpecIssue>,
    shape_names: BTreeMap<String, String>,
    /// (shape, member) pairs whose direct shape reference closes a cycle.
    cyclic: BTreeSet<(String, String)>,
    /// Rust names of the shapes that derive `Default`.
    defaultable: BTreeSet<String>,
    /// The serde directions each shape needs, by wire name.
    serde: BTreeMap<String, Serde>,
}

impl Lowering {
    /// Reports every `(path, wire name, Rust name)` whose Rust name an earlier one took.
    fn check_unique<'a>(&mut self, names: impl Iterator<Item = (String, &'a str, String)>) {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (path, wire, rust) in names {
            if let Some(first) = seen.insert(rust.clone(), wire) {
                self.issues.push(SpecIssue {
                    path,
                    message: format!("{wire:?} and {first:?} both become the Rust name `{rust}`"),
                });
            }
        }
    }

    fn shape(&mut self, s: &ShapeDef) -> StructIr {
        let role = Role::from(s.usage);
        let fields = self.fields(
            &format!("shapes.{}.members", s.name),
            &s.name,
            &s.members,
            role,
        );
        StructIr {
            name: self.shape_names[&s.name].clone(),
            wire_name: s.name.clone(),
            doc: s.doc.clone(),
            role,
            default: self.defaultable.contains(&self.shape_names[&s.name]),
            serde: self.serde.get(&s.name).copied().unwrap_or(Serde {
                serialize: true,
                deserialize: true,
            }),
            fields,
        }
    }

    fn action(&mut self, a: &ActionDef) -> ActionIr {
        let type_base = naming::type_ident(&a.name);
        let at = format!("actions.{}", a.name);
        let input = self.fields(&format!("{at}.input"), &a.name, &a.input, Role::Input);
        let output = self.fields(&format!("{at}.output"), &a.name, &a.output, Role::Output);
        let request = StructIr {
            name: format!("{type_base}Request"),
            wire_name: format!("{}Request", a.name),
            doc: Doc {
                text: format!("Parameters of `{}`.", a.name),
                lang: None,
            },
            role: Role::Input,
            default: input.iter().all(|f| !f.ctor_arg),
            serde: Serde {
                serialize: true,
                deserialize: false,
            },
            fields: input,
        };
        let response = StructIr {
            name: format!("{type_base}Response"),
            wire_name: format!("{}Response", a.name),
            doc: Doc {
                text: format!("Result of `{}`.", a.name),
                lang: None,
            },
            role: Role::Output,
            default: output
                .iter()
                .all(|f| f.optional || self.type_defaultable(&f.ty)),
            serde: Serde {
                serialize: false,
                deserialize: true,
            },
            fields: output,
        };
        let error = self.error_enum(&at, &type_base, &a.errors);
        let paging = a
            .paging
            .as_ref()
            .and_then(|p| paging(p, &request, &response));
        ActionIr {
            wire_name: a.name.clone(),
            module: naming::value_ident(&a.name),
            title: a.title.clone(),
            doc: a.doc.clone(),
            qps_limit: a.qps_limit,
            idempotent: a.idempotent,
            request,
            response,
            error,
            paging,
            streaming: a.streaming.as_ref().map(|s| StreamingIr {
                flag: s.flag.clone(),
            }),
            examples: a
                .examples
                .iter()
                .map(|ex| ExampleIr {
                    request: serde_json::to_string(&ex.request).unwrap_or_default(),
                    response: serde_json::to_string(&ex.response).unwrap_or_default(),
                })
                .collect(),
        }
    }

    fn fields(&mut self, at: &str, owner: &str, members: &[Field], role: Role) -> Vec<FieldIr> {
        self.check_unique(members.iter().enumerate().map(|(i, m)| {
            let path = format!("{at}[{i}].name");
            (path, m.name.as_str(), field_ident(m))
        }));
        members
            .iter()
            .map(|m| {
                let ty = self.rust_type(&m.ty, owner, &m.name);
                let optional = is_optional(m, role);
                FieldIr {
                    ident: field_ident(m),
                    setter: naming::setter(m.rust_name.as_deref().unwrap_or(&m.name)),
                    wire_name: m.name.clone(),
                    doc: m.doc.clone(),
                    missing_is_default: role != Role::Input
                        && !optional
                        && self.type_defaultable(&ty),
                    ty,
                    optional,
                    ctor_arg: is_ctor_arg(m, role),
                    deprecated: m.deprecated,
                    example: m.example.clone(),
                    default: m.default.clone(),
                }
            })
            .collect()
    }

    fn rust_type(&self, ty: &Type, owner: &str, member: &str) -> RustType {
        match ty {
            Type::String | Type::Datetime | Type::Binary => RustType::String,
            Type::Int64 => RustType::I64,
            Type::UInt64 => RustType::U64,
            Type::Float => RustType::F64,
            Type::Bool => RustType::Bool,
            Type::Shape(name) => RustType::Shape {
                name: self.shape_names[name].clone(),
                boxed: self.cyclic.contains(&(owner.to_owned(), member.to_owned())),
            },
            // A Vec already has a finite size, so nothing inside it needs boxing.
            Type::List(inner) => RustType::Vec(Box::new(match &**inner {
                Type::Shape(name) => RustType::Shape {
                    name: self.shape_names[name].clone(),
                    boxed: false,
                },
                other => self.rust_type(other, owner, member),
            })),
        }
    }

    fn type_defaultable(&self, ty: &RustType) -> bool {
        match ty {
            RustType::Shape { name, .. } => self.defaultable.contains(name),
            _ => true,
        }
    }

    fn error_enum(&mut self, at: &str, type_base: &str, own: &[ErrorDef]) -> ErrorEnumIr {
        let (common, own): (Vec<_>, Vec<_>) = own
            .iter()
            .enumerate()
            .partition(|(_, e)| common::is_common(&e.code));
        let variants: Vec<(usize, VariantIr)> = own
            .into_iter()
            .map(|(i, e)| {
                let ident = e
                    .variant
                    .clone()
                    .unwrap_or_else(|| naming::error_variant(&e.code));
                let v = VariantIr {
                    ident,
                    code: e.code.clone(),
                    doc: e.doc.clone(),
                };
                (i, v)
            })
            .collect();
        // The two variants every enum has come first, so a code that takes one of their
        // names is the one reported.
        let reserved = ["Common", "Unknown"].map(|name| {
            let what = "<the variant for common or undocumented codes>";
            (format!("{at}.errors"), what, name.to_owned())
        });
        self.check_unique(reserved.into_iter().chain(variants.iter().map(|(i, v)| {
            (
                format!("{at}.errors[{i}].code"),
                v.code.as_str(),
                v.ident.clone(),
            )
        })));
        ErrorEnumIr {
            name: format!("{type_base}Error"),
            variants: variants.into_iter().map(|(_, v)| v).collect(),
            common: common.into_iter().map(|(_, e)| e.code.clone()).collect(),
        }
    }
}

/// The paging fields as they are in the request and response structs. The model
/// checked that each member exists with a paging type.
fn paging(p: &Paging, request: &StructIr, response: &StructIr) -> Option<PagingIr> {
    let find = |s: &StructIr, name: &str| s.fields.iter().find(|f| f.wire_name == name).cloned();
    let (cursor, limit, items) = match p {
        Paging::Offset {
            offset,
            limit,
            total,
            items,
        } => (
            CursorIr::Offset {
                offset: find(request, offset)?,
                total: find(response, total)?,
            },
            Some(limit),
            items,
        ),
        Paging::Page {
            page,
            first_page,
            limit,
            total,
            items,
        } => (
            CursorIr::Page {
                page: find(request, page)?,
                first_page: *first_page,
                total: find(response, total)?,
            },
            Some(limit),
            items,
        ),
        Paging::Token {
            token,
            next_token,
            limit,
            items,
        } => (
            CursorIr::Token {
                token: find(request, token)?,
                next_token: find(response, next_token)?,
            },
            limit.as_ref(),
            items,
        ),
    };
    let items = find(response, items)?;
    let RustType::Vec(item) = &items.ty else {
        return None;
    };
    Some(PagingIr {
        cursor,
        limit: match limit {
            Some(l) => Some(find(request, l)?),
            None => None,
        },
        item: (**item).clone(),
        items,
    })
}

/// The spec's `rust_name`, else the name derived from the wire name.
fn field_ident(m: &Field) -> String {
    match &m.rust_name {
        Some(rust) => naming::value_ident(rust),
        None => naming::value_ident(&m.name),
    }
}

/// Inputs are optional unless required. Outputs are optional unless always sent and
/// never null, so that decoding a sparse or newer response does not fail. A shape that
/// travels both ways must satisfy both.
fn is_optional(m: &Field, role: Role) -> bool {
    let input = !m.required;
    let output = !m.output_required || m.nullable;
    match role {
        Role::Input => input,
        Role::Output => output,
        Role::Both => input || output,
    }
}

/// What `new` takes: what the caller must send, or for outputs what is always there.
fn is_ctor_arg(m: &Field, role: Role) -> bool {
    match role {
        Role::Input | Role::Both => m.required,
        Role::Output => !is_optional(m, role),
    }
}

/// The serde directions of every shape: `Serialize` when a request reaches it,
/// `Deserialize` when a response does, both for a shape no action reaches (so that it
/// is usable either way, and the shapes inside it with it).
fn serde_needs(model: &Model) -> BTreeMap<String, Serde> {
    let members: BTreeMap<&str, Vec<&str>> = model
        .shapes
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.members.iter().filter_map(|m| m.ty.shape()).collect(),
            )
        })
        .collect();
    let reach = |roots: Vec<&str>| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = roots;
        while let Some(name) = stack.pop() {
            if seen.insert(name.to_owned()) {
                stack.extend(members.get(name).into_iter().flatten().copied());
            }
        }
        seen
    };
    let from = |side: fn(&ActionDef) -> &Vec<Field>| -> Vec<&str> {
        model
            .actions
            .iter()
            .flat_map(|a| side(a).iter().filter_map(|m| m.ty.shape()))
            .collect()
    };
    let sent = reach(from(|a| &a.input));
    let received = reach(from(|a| &a.output));
    let orphans = model
        .shapes
        .iter()
        .map(|s| s.name.as_str())
        .filter(|n| !sent.contains(*n) && !received.contains(*n))
        .collect();
    let either = reach(orphans);
    model
        .shapes
        .iter()
        .map(|s| {
            let serde = Serde {
                serialize: sent.contains(&s.name) || either.contains(&s.name),
                deserialize: received.contains(&s.name) || either.contains(&s.name),
            };
            (s.name.clone(), serde)
        })
        .collect()
}

/// Direct (non-list) shape references that lie on a cycle; each needs a `Box`.
fn cyclic_edges(shapes: &[ShapeDef]) -> BTreeSet<(String, String)> {
    let direct: BTreeMap<&str, Vec<(&str, &str)>> = shapes
        .iter()
        .map(|s| {
            let edges = s
                .members
                .iter()
                .filter_map(|m| match &m.ty {
                    Type::Shape(target) => Some((m.name.as_str(), target.as_str())),
                    _ => None,
                })
                .collect();
            (s.name.as_str(), edges)
        })
        .collect();
    let reaches = |from: &str, to: &str| {
        let mut stack = vec![from];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n) {
                stack.extend(direct.get(n).into_iter().flatten().map(|(_, t)| *t));
            }
        }
        false
    };
    direct
        .iter()
        .flat_map(|(owner, edges)| edges.iter().map(move |(m, t)| (*owner, *m, *t)))
        .filter(|(owner, _, target)| reaches(target, owner))
        .map(|(owner, m, _)| (owner.to_owned(), m.to_owned()))
        .collect()
}

/// Shapes that derive `Default`: never an input with a required field; otherwise,
/// when every non-optional field's type has a default (found as a fixed point).
fn defaultable_shapes(shapes: &[ShapeDef]) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = shapes
        .iter()
        .filter(|s| {
            let role = Role::from(s.usage);
            role == Role::Output || s.members.iter().all(|m| !is_ctor_arg(m, role))
        })
        .map(|s| s.name.clone())
        .collect();
    loop {
        let before = set.len();
        let keep: BTreeSet<String> = shapes
            .iter()
            .filter(|s| set.contains(&s.name))
            .filter(|s| {
                s.members.iter().all(|m| {
                    is_optional(m, Role::from(s.usage))
                        || match &m.ty {
                            Type::Shape(t) => set.contains(t),
                            _ => true,
                        }
                })
            })
            .map(|s| s.name.clone())
            .collect();
        set = keep;
        if set.len() == before {
            return set;
        }
    }
}
