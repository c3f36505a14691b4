//! Request, response and shape structs, with their constructors and setters.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::{FieldIr, Role, RustType, StructIr};

/// Where a struct is emitted: how it names the shared shapes, and which standard types
/// a shape of the same name hides there (in `types`, a shape called `Option`), which
/// are then named by their full path.
pub struct Scope<'a> {
    /// The path prefix of the `types` module, e.g. `super::super::types::`.
    pub shapes: TokenStream,
    /// Standard names a shape hides in this scope.
    pub hidden: &'a BTreeSet<String>,
    /// Whether the server side's serde directions are emitted too.
    pub server: bool,
}

impl Scope<'_> {
    /// `Option`, `String`, `Vec`, `Box`, `Into` or `IntoIterator`: by their prelude name
    /// unless a shape hides it.
    pub fn std(&self, name: &str) -> TokenStream {
        if !self.hidden.contains(name) {
            let id = ident(name);
            return quote!(#id);
        }
        match name {
            "Option" => quote!(::std::option::Option),
            "String" => quote!(::std::string::String),
            "Vec" => quote!(::std::vec::Vec),
            "Box" => quote!(::std::boxed::Box),
            "Into" => quote!(::std::convert::Into),
            _ => quote!(::std::iter::IntoIterator),
        }
    }
}

/// A struct, its `new` and its `set_*` methods.
pub fn struct_item(s: &StructIr, scope: &Scope) -> TokenStream {
    let name = ident(&s.name);
    let doc = doc_attrs(&struct_doc(s));
    // Derive macros are not hidden by shapes, which are types.
    let derive_default = s.default.then(|| quote!(Default,));
    let new = constructor(s, scope);
    let setters = s.optional_fields().map(|f| setters(f, scope));
    // A client only sends requests and only reads responses; the other direction is for
    // the server side of emulators and test doubles. What a client reads is decoded by
    // the runtime from a table (`fields_impl`) where it can be, not by serde's derive.
    let table = s.serde.deserialize && decodes_by_table(s);
    let mut serde = Vec::new();
    let mut server_serde = Vec::new();
    for (needed, derive) in [
        (s.serde.serialize, quote!(::serde::Serialize)),
        (s.serde.deserialize, quote!(::serde::Deserialize)),
    ] {
        if !needed && scope.server {
            server_serde.push(quote!(#[cfg_attr(feature = "server", derive(#derive))]));
        }
    }
    if s.serde.serialize {
        serde.push(quote!(::serde::Serialize));
    }
    if s.serde.deserialize && !table {
        serde.push(quote!(::serde::Deserialize));
    }
    // `#[serde]` member attributes only where a derive reads them.
    let attrs = if !serde.is_empty() {
        SerdeAttrs::Always
    } else if !server_serde.is_empty() {
        SerdeAttrs::Server
    } else {
        SerdeAttrs::None
    };
    let fields = s.fields.iter().map(|f| field(f, scope, attrs));
    let decode = table.then(|| fields_impl(s));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default #(#serde),*)]
        #(#server_serde)*
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #new
            #(#setters)*
        }

        #decode
    }
}

/// Whether the runtime's `fields` decoding fits: it starts from `Default`.
fn decodes_by_table(s: &StructIr) -> bool {
    s.default
}

/// A member without `#[serde(default)]`: decoding fails when it is missing.
fn must_be_present(f: &FieldIr) -> bool {
    !f.optional && !f.missing_is_default
}

/// `Deserialize` through `tencentcloud_runtime::fields`: the wire names, the required
/// members and one `match` that reads a member by position.
fn fields_impl(s: &StructIr) -> TokenStream {
    let name = ident(&s.name);
    let wire_name = &s.wire_name;
    let wire = s.fields.iter().map(|f| &f.wire_name);
    let index = proc_macro2::Literal::usize_unsuffixed;
    let required: Vec<_> = (0..s.fields.len())
        .filter(|&i| must_be_present(&s.fields[i]))
        .map(index)
        .collect();
    let required = (!required.is_empty())
        .then(|| quote!(const REQUIRED: &'static [usize] = &[#(#required),*];));
    let arms = s.fields.iter().enumerate().map(|(i, f)| {
        let id = ident(&f.ident);
        let i = index(i);
        quote!(#i => self.#id = map.next_value()?,)
    });
    let body = if s.fields.is_empty() {
        quote!(let _ = (index, map);)
    } else {
        quote! {
            match index {
                #(#arms)*
                _ => {}
            }
        }
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                ::tencentcloud_runtime::fields::deserialize(deserializer)
            }
        }

        impl ::tencentcloud_runtime::fields::Fields for #name {
            const NAME: &'static str = #wire_name;
            const FIELDS: &'static [&'static str] = &[#(#wire),*];
            #required

            // One `match` for any number of members, one included.
            #[allow(clippy::single_match)]
            fn read<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> ::std::result::Result<(), A::Error> {
                #body
                ::std::result::Result::Ok(())
            }
        }
    }
}

/// Where a struct's members carry `#[serde]` attributes.
#[derive(Clone, Copy)]
enum SerdeAttrs {
    /// A serde derive is always there.
    Always,
    /// Only with the `server` feature.
    Server,
    /// No derive reads them.
    None,
}

fn struct_doc(s: &StructIr) -> String {
    let mut text = super::prose(&s.doc);
    // Some published objects have no description (cbs `Cdc`, tdmq `QueueQuota`); the
    // generated crates deny missing docs, and the wire name is what a user searches.
    if text.trim().is_empty() {
        text = format!(
            "`{}`, which the service publishes without a description.",
            s.wire_name
        );
    }
    let how = match (s.role, s.required_fields().next().is_some()) {
        (Role::Output, _) => None,
        (_, true) => Some(
            "Build it with [`new`](Self::new), which takes every required parameter, \
             then the `set_*` methods for optional ones.",
        ),
        (_, false) => Some("Every parameter is optional: start from [`new`](Self::new)."),
    };
    if let Some(how) = how {
        text.push_str("\n\n");
        text.push_str(how);
    }
    text
}

fn field(f: &FieldIr, scope: &Scope, attrs: SerdeAttrs) -> TokenStream {
    let id = ident(&f.ident);
    let wire = &f.wire_name;
    let doc = doc_attrs(&field_doc(f));
    let ty = type_tokens(&f.ty, scope);
    let option = scope.std("Option");
    let (serde, ty) = if f.optional {
        let is_none = format!("{option}::is_none").replace(' ', "");
        (
            quote!(serde(rename = #wire, default, skip_serializing_if = #is_none)),
            quote!(#option<#ty>),
        )
    } else if f.missing_is_default {
        (quote!(serde(rename = #wire, default)), ty)
    } else {
        (quote!(serde(rename = #wire)), ty)
    };
    let serde = match attrs {
        SerdeAttrs::Always => quote!(#[#serde]),
        SerdeAttrs::Server => quote!(#[cfg_attr(feature = "server", #serde)]),
        SerdeAttrs::None => quote!(),
    };
    quote! {
        #doc
        #serde
        pub #id: #ty,
    }
}

fn field_doc(f: &FieldIr) -> String {
    let mut text = super::prose(&f.doc);
    if text.is_empty() {
        text = format!("`{}`.", f.wire_name);
    }
    if f.deprecated {
        text.push_str("\n\n**Deprecated**: the service publishes this parameter as disabled.");
    }
    let mut facts = Vec::new();
    if let Some(ex) = f.example.as_deref().filter(|e| useful_value(e)) {
        facts.push(format!("Example: {}.", code_span(ex)));
    }
    if let Some(d) = f.default.as_deref().filter(|d| useful_value(d)) {
        facts.push(format!("Default: {}.", code_span(d)));
    }
    if !facts.is_empty() {
        text.push_str("\n\n");
        text.push_str(&facts.join(" "));
    }
    text
}

/// Published examples are often placeholders ("无" means "none") or long prose.
fn useful_value(v: &str) -> bool {
    let v = v.trim();
    !v.is_empty() && v != "无" && v.len() <= 80 && !v.contains('\n')
}

fn code_span(v: &str) -> String {
    if v.contains('`') {
        format!("\"{v}\"")
    } else {
        format!("`{v}`")
    }
}

fn constructor(s: &StructIr, scope: &Scope) -> TokenStream {
    let required: Vec<&FieldIr> = s.required_fields().collect();
    let params = required.iter().map(|f| {
        let id = ident(&f.ident);
        let ty = param_type(&f.ty, scope);
        quote!(#id: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let id = ident(&f.ident);
        let value = convert(&f.ty, &quote!(#id), scope);
        match (f.ctor_arg, f.optional) {
            (false, _) => quote!(#id: None),
            (true, true) => quote!(#id: Some(#value)),
            (true, false) if is_identity(&f.ty) => quote!(#id),
            (true, false) => quote!(#id: #value),
        }
    });
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let doc = if required.is_empty() {
        " Creates a value with every optional field unset."
    } else {
        " Creates a value from its required fields; optional fields start unset."
    };
    quote! {
        #[doc = #doc]
        #allow
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

/// `set_<field>` and `set_or_clear_<field>`.
fn setters(f: &FieldIr, scope: &Scope) -> TokenStream {
    let id = ident(&f.ident);
    let set = ident(&f.setter);
    let set_or_clear = ident(&f.setter.replacen("set_", "set_or_clear_", 1));
    let ty = param_type(&f.ty, scope);
    let option = scope.std("Option");
    let value = convert(&f.ty, &quote!(#id), scope);
    let convert_each = match &f.ty {
        ty if is_identity(ty) => quote!(#id),
        RustType::Shape { boxed: true, .. } => {
            let boxed = scope.std("Box");
            quote!(#id.map(#boxed::new))
        }
        _ => quote!(#id.map(|#id| #value)),
    };
    let field = f.ident.trim_start_matches("r#");
    // rustdoc cannot link `Self::r#type`; the field's anchor on the same page it can.
    let target = if field == f.ident {
        format!("Self::{field}")
    } else {
        format!("#structfield.{field}")
    };
    let set_doc = format!(" Sets [`{field}`]({target}).");
    let clear_doc = format!(" Sets [`{field}`]({target}), or clears it with `None`.");
    quote! {
        #[doc = #set_doc]
        #[must_use]
        pub fn #set(mut self, #id: #ty) -> Self {
            self.#id = Some(#value);
            self
        }

        #[doc = #clear_doc]
        #[must_use]
        pub fn #set_or_clear(mut self, #id: #option<#ty>) -> Self {
            self.#id = #convert_each;
            self
        }
    }
}

/// The field type as written in a struct.
pub fn type_tokens(ty: &RustType, scope: &Scope) -> TokenStream {
    match ty {
        RustType::String => scope.std("String"),
        RustType::I64 => quote!(i64),
        RustType::U64 => quote!(u64),
        RustType::F64 => quote!(f64),
        RustType::Bool => quote!(bool),
        RustType::Shape { name, boxed } => {
            let name = ident(name);
            let shapes = &scope.shapes;
            if *boxed {
                let boxed = scope.std("Box");
                quote!(#boxed<#shapes #name>)
            } else {
                quote!(#shapes #name)
            }
        }
        RustType::Vec(inner) => {
            let inner = type_tokens(inner, scope);
            let vec = scope.std("Vec");
            quote!(#vec<#inner>)
        }
    }
}

/// What `new` and the setters accept: strings and lists take anything convertible,
/// so callers write `"name"` and `["a", "b"]` rather than `.to_string()` and `vec![]`.
fn param_type(ty: &RustType, scope: &Scope) -> TokenStream {
    let (into, iter, string) = (
        scope.std("Into"),
        scope.std("IntoIterator"),
        scope.std("String"),
    );
    match ty {
        RustType::String => quote!(impl #into<#string>),
        RustType::Vec(inner) if **inner == RustType::String => {
            quote!(impl #iter<Item = impl #into<#string>>)
        }
        RustType::Vec(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(impl #iter<Item = #inner>)
        }
        RustType::Shape { name, .. } => {
            let name = ident(name);
            let shapes = &scope.shapes;
            quote!(#shapes #name)
        }
        other => type_tokens(other, scope),
    }
}

/// Whether [`convert`] passes the parameter through unchanged.
fn is_identity(ty: &RustType) -> bool {
    matches!(
        ty,
        RustType::I64
            | RustType::U64
            | RustType::F64
            | RustType::Bool
            | RustType::Shape { boxed: false, .. }
    )
}

/// Turns a parameter of [`param_type`] into the field value.
fn convert(ty: &RustType, value: &TokenStream, scope: &Scope) -> TokenStream {
    match ty {
        RustType::String => quote!(#value.into()),
        RustType::Vec(inner) if **inner == RustType::String => {
            let into = scope.std("Into");
            quote!(#value.into_iter().map(#into::into).collect())
        }
        RustType::Vec(_) => quote!(#value.into_iter().collect()),
        RustType::Shape { boxed: true, .. } => {
            let boxed = scope.std("Box");
            quote!(#boxed::new(#value))
        }
        _ => value.clone(),
    }
}
