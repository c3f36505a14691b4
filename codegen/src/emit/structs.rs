//! Request, response and shape structs, with their constructors and setters.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::{FieldIr, Role, RustType, StructIr};
use crate::model::Doc;

/// A struct, its `new` and its `set_*` methods. `shapes` is the path prefix of the
/// `types` module as seen from where the struct is emitted.
pub fn struct_item(s: &StructIr, shapes: &TokenStream) -> TokenStream {
    let name = ident(&s.name);
    let doc = doc_attrs(&struct_doc(s));
    let derive_default = s.default.then(|| quote!(::std::default::Default,));
    let fields = s.fields.iter().map(|f| field(f, shapes));
    let new = constructor(s, shapes);
    let setters = s.optional_fields().map(|f| setter(f, shapes));
    // A client only sends requests and only reads responses; the other direction is for
    // the server side of emulators and test doubles.
    let (client, server): (Vec<_>, Vec<_>) = [
        (s.serde.serialize, quote!(::serde::Serialize)),
        (s.serde.deserialize, quote!(::serde::Deserialize)),
    ]
    .into_iter()
    .partition(|(needed, _)| *needed);
    let serde = client.into_iter().map(|(_, d)| d);
    let server_serde = server
        .into_iter()
        .map(|(_, d)| quote!(#[cfg_attr(feature = "server", derive(#d))]));
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #derive_default #(#serde),*)]
        #(#server_serde)*
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #new
            #(#setters)*
        }
    }
}

fn struct_doc(s: &StructIr) -> String {
    let mut text = doc_text(&s.doc);
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

fn field(f: &FieldIr, shapes: &TokenStream) -> TokenStream {
    let id = ident(&f.ident);
    let wire = &f.wire_name;
    let doc = doc_attrs(&field_doc(f));
    let ty = type_tokens(&f.ty, shapes);
    if f.optional {
        quote! {
            #doc
            #[serde(rename = #wire, default, skip_serializing_if = "::std::option::Option::is_none")]
            pub #id: ::std::option::Option<#ty>,
        }
    } else if f.missing_is_default {
        quote! {
            #doc
            #[serde(rename = #wire, default)]
            pub #id: #ty,
        }
    } else {
        quote! {
            #doc
            #[serde(rename = #wire)]
            pub #id: #ty,
        }
    }
}

fn field_doc(f: &FieldIr) -> String {
    let mut text = doc_text(&f.doc);
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

/// Doc text with a note when only the Chinese edition documents the item.
pub fn doc_text(doc: &Doc) -> String {
    match doc.lang.as_deref() {
        None | Some("en") => doc.text.clone(),
        Some(lang) => format!(
            "{}\n\n*Documented only in the `{lang}` edition of the API reference.*",
            doc.text
        ),
    }
}

fn constructor(s: &StructIr, shapes: &TokenStream) -> TokenStream {
    let required: Vec<&FieldIr> = s.required_fields().collect();
    let params = required.iter().map(|f| {
        let id = ident(&f.ident);
        let ty = param_type(&f.ty, shapes);
        quote!(#id: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let id = ident(&f.ident);
        let value = convert(&f.ty, &quote!(#id));
        match (f.ctor_arg, f.optional) {
            (false, _) => quote!(#id: ::std::option::Option::None),
            (true, true) => quote!(#id: ::std::option::Option::Some(#value)),
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

fn setter(f: &FieldIr, shapes: &TokenStream) -> TokenStream {
    let id = ident(&f.ident);
    let method = ident(&f.setter);
    let ty = param_type(&f.ty, shapes);
    let value = convert(&f.ty, &quote!(#id));
    let doc = format!(
        " Sets [`{}`](Self::{}).",
        f.ident.trim_start_matches("r#"),
        f.ident
    );
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #method(mut self, #id: #ty) -> Self {
            self.#id = ::std::option::Option::Some(#value);
            self
        }
    }
}

/// The field type as written in a struct.
pub fn type_tokens(ty: &RustType, shapes: &TokenStream) -> TokenStream {
    match ty {
        RustType::String => quote!(::std::string::String),
        RustType::I64 => quote!(i64),
        RustType::U64 => quote!(u64),
        RustType::F64 => quote!(f64),
        RustType::Bool => quote!(bool),
        RustType::Shape { name, boxed } => {
            let name = ident(name);
            if *boxed {
                quote!(::std::boxed::Box<#shapes #name>)
            } else {
                quote!(#shapes #name)
            }
        }
        RustType::Vec(inner) => {
            let inner = type_tokens(inner, shapes);
            quote!(::std::vec::Vec<#inner>)
        }
    }
}

/// What `new` and the setters accept: strings and lists take anything convertible,
/// so callers write `"name"` and `["a", "b"]` rather than `.to_string()` and `vec![]`.
fn param_type(ty: &RustType, shapes: &TokenStream) -> TokenStream {
    match ty {
        RustType::String => quote!(impl ::std::convert::Into<::std::string::String>),
        RustType::Vec(inner) if **inner == RustType::String => quote!(
            impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<::std::string::String>>
        ),
        RustType::Vec(inner) => {
            let inner = type_tokens(inner, shapes);
            quote!(impl ::std::iter::IntoIterator<Item = #inner>)
        }
        RustType::Shape { name, .. } => {
            let name = ident(name);
            quote!(#shapes #name)
        }
        other => type_tokens(other, shapes),
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
fn convert(ty: &RustType, value: &TokenStream) -> TokenStream {
    match ty {
        RustType::String => quote!(#value.into()),
        RustType::Vec(inner) if **inner == RustType::String => {
            quote!(#value.into_iter().map(::std::convert::Into::into).collect())
        }
        RustType::Vec(_) => quote!(#value.into_iter().collect()),
        RustType::Shape { boxed: true, .. } => quote!(::std::boxed::Box::new(#value)),
        _ => value.clone(),
    }
}
