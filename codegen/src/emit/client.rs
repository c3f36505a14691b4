//! The service `Client` and each action's `ACTION` metadata.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, doc_lint_allows, ident};
use crate::Settings;
use crate::emit::structs::doc_text;
use crate::emit::structs::type_tokens;
use crate::ir::{ActionIr, FieldIr, RustType, ServiceIr};

/// `pub const ACTION`, emitted inside the action's module.
pub fn action_meta(a: &ActionIr) -> TokenStream {
    let name = &a.wire_name;
    let qps = match a.qps_limit {
        Some(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            quote!(::std::option::Option::Some(#n))
        }
        None => quote!(::std::option::Option::None),
    };
    let idempotent = a.idempotent;
    quote! {
        /// Wire name and call policy of this action.
        pub const ACTION: ::tencentcloud_runtime::ActionMeta = ::tencentcloud_runtime::ActionMeta {
            name: #name,
            qps_limit: #qps,
            idempotent: #idempotent,
        };
    }
}

/// The `Client` struct with one async method per action.
pub fn client(ir: &ServiceIr, settings: &Settings) -> TokenStream {
    let s = &ir.service;
    let doc = doc_attrs(&format!(
        "Client for {} (`{}`, API version {}).\n\n\
         Cheap to clone: clones share one connection pool and configuration.",
        s.title, s.name, s.version
    ));
    let methods = ir.actions.iter().map(|a| {
        let call = method(a, settings);
        let paginator = paginator_method(a);
        quote!(#call #paginator)
    });
    let allow = doc_lint_allows();
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct Client {
            inner: ::tencentcloud_runtime::ServiceClient,
        }

        #allow
        impl Client {
            /// Creates a client for this service from a shared configuration.
            ///
            /// # Errors
            ///
            /// When the HTTP client cannot be built from the configuration.
            pub fn new(config: &::tencentcloud_runtime::Config) -> ::std::result::Result<Self, ::tencentcloud_runtime::ConfigError> {
                ::std::result::Result::Ok(Self {
                    inner: ::tencentcloud_runtime::ServiceClient::new(&SERVICE, config)?,
                })
            }

            /// Creates a client that sends every request through `transport` instead of
            /// the network: the seam for testing code that uses this client.
            ///
            /// # Errors
            ///
            /// When the configuration cannot serve this service.
            pub fn with_transport(
                config: &::tencentcloud_runtime::Config,
                transport: impl ::tencentcloud_runtime::transport::HttpTransport,
            ) -> ::std::result::Result<Self, ::tencentcloud_runtime::ConfigError> {
                ::std::result::Result::Ok(Self {
                    inner: ::tencentcloud_runtime::ServiceClient::with_transport(&SERVICE, config, transport)?,
                })
            }

            /// The configuration this client was built with.
            pub fn config(&self) -> &::tencentcloud_runtime::Config {
                self.inner.config()
            }

            #(#methods)*
        }
    }
}

fn method(a: &ActionIr, settings: &Settings) -> TokenStream {
    let name = ident(&a.module);
    let module = ident(&a.module);
    let request = ident(&a.request.name);
    let response = ident(&a.response.name);
    let error = ident(&a.error.name);
    let doc = doc_attrs(&method_doc(a, settings));
    quote! {
        #doc
        pub async fn #name(
            &self,
            request: &operation::#module::#request,
        ) -> ::std::result::Result<operation::#module::#response, ::tencentcloud_runtime::Error<operation::#module::#error>> {
            self.inner.call(&operation::#module::ACTION, request).await
        }
    }
}

fn method_doc(a: &ActionIr, settings: &Settings) -> String {
    let mut text = String::new();
    if !a.title.is_empty() {
        text.push_str(&a.title);
        text.push_str(".\n\n");
    }
    text.push_str(&doc_text(&a.doc));
    text.push_str(&format!("\n\nAction `{}`.", a.wire_name));
    if let Some(qps) = a.qps_limit {
        text.push_str(&format!(
            " The service accepts at most {qps} calls per second."
        ));
    }
    text.push_str(if a.idempotent {
        " Safe to repeat."
    } else {
        " Not idempotent: repeating it may repeat its effect."
    });
    text.push_str(&format!(
        "\n\n# Errors\n\n[`Error::Service`](::tencentcloud_runtime::Error::Service) with a \
         [`{0}`](operation::{1}::{0}) code when the service refuses the call; the other \
         [`Error`](::tencentcloud_runtime::Error) variants when it cannot be made or its \
         answer cannot be read.",
        a.error.name, a.module
    ));
    if let Some(example) = settings.crate_name.as_deref().and_then(|c| example(a, c)) {
        text.push_str("\n\n# Example\n\n");
        text.push_str(&example);
    }
    text
}

/// A compiled (not run) example, when every required parameter has a literal form.
fn example(a: &ActionIr, crate_name: &str) -> Option<String> {
    let args =
        a.request
            .required_fields()
            .map(|f| {
                let sample =
                    f.example.as_deref().map(str::trim).filter(|e| {
                        !e.is_empty() && e.is_ascii() && !e.contains(['"', '\\', '\n'])
                    });
                Some(match &f.ty {
                    RustType::String => format!("{:?}", sample.unwrap_or(&f.wire_name)),
                    RustType::I64 | RustType::U64 => sample
                        .filter(|e| e.parse::<i64>().is_ok_and(|n| n >= 0))
                        .unwrap_or("1")
                        .to_owned(),
                    RustType::Bool => sample
                        .filter(|e| *e == "true")
                        .unwrap_or("false")
                        .to_owned(),
                    RustType::Vec(inner) if **inner == RustType::String => {
                        format!("[{:?}]", sample.unwrap_or(&f.wire_name))
                    }
                    _ => return None,
                })
            })
            .collect::<Option<Vec<_>>>()?;
    let krate = crate_name.replace('-', "_");
    Some(format!(
        "```no_run\n\
         # async fn example(client: &{krate}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n\
         use {krate}::operation::{module}::{request};\n\
         \n\
         let request = {request}::new({args});\n\
         let response = client.{module}(&request).await?;\n\
         println!(\"RequestId: {{}}\", response.request_id);\n\
         # Ok(())\n\
         # }}\n\
         ```",
        module = a.module.trim_start_matches("r#"),
        request = a.request.name,
        args = args.join(", "),
    ))
}

/// `pub const PAGING`, emitted inside the action's module: accessors that tell the
/// runtime's paginator where the offset, total and items are.
pub fn paging_const(a: &ActionIr) -> Option<TokenStream> {
    let p = a.paging.as_ref()?;
    let shapes = quote!(super::super::types::);
    let request = ident(&a.request.name);
    let response = ident(&a.response.name);
    let item = type_tokens(&p.item, &shapes);

    let offset = ident(&p.offset.ident);
    let read_offset = read_counter(&p.offset, &quote!(r.#offset));
    let written = match p.offset.ty {
        RustType::I64 => quote!(i64::try_from(offset).unwrap_or(i64::MAX)),
        RustType::String => quote!(offset.to_string()),
        _ => quote!(offset),
    };
    let write_offset = if p.offset.optional {
        quote!(r.#offset = ::std::option::Option::Some(#written))
    } else {
        quote!(r.#offset = #written)
    };
    let total = ident(&p.total.ident);
    let read_total = read_counter(&p.total, &quote!(r.#total));
    let items = ident(&p.items.ident);
    let (count, take) = if p.items.optional {
        (
            quote!(r.#items.as_ref().map_or(0, ::std::vec::Vec::len)),
            quote!(r.#items.unwrap_or_default()),
        )
    } else {
        (quote!(r.#items.len()), quote!(r.#items))
    };
    let doc = doc_attrs(&format!(
        "How `{}` pages: from `{}`, counting against `{}`, items in `{}`.",
        a.wire_name, p.offset.wire_name, p.total.wire_name, p.items.wire_name
    ));
    Some(quote! {
        #doc
        pub const PAGING: ::tencentcloud_runtime::Paging<#request, #response, #item> = ::tencentcloud_runtime::Paging {
            offset: |r: &#request| #read_offset,
            set_offset: |r: &mut #request, offset: u64| #write_offset,
            total: |r: &#response| #read_total,
            item_count: |r: &#response| #count,
            items: |r: #response| #take,
        };
    })
}

/// An offset or total as `Option<u64>`, whatever its type on the wire.
fn read_counter(f: &FieldIr, place: &TokenStream) -> TokenStream {
    match (&f.ty, f.optional) {
        (RustType::I64, true) => quote!(#place.and_then(|v| u64::try_from(v).ok())),
        (RustType::I64, false) => quote!(u64::try_from(#place).ok()),
        (RustType::String, true) => quote!(#place.as_deref().and_then(|v| v.parse().ok())),
        (RustType::String, false) => quote!(#place.parse().ok()),
        (_, true) => quote!(#place),
        (_, false) => quote!(::std::option::Option::Some(#place)),
    }
}

/// `<action>_paginator`, for actions that page.
fn paginator_method(a: &ActionIr) -> Option<TokenStream> {
    let p = a.paging.as_ref()?;
    let name = ident(&format!("{}_paginator", a.module.trim_start_matches("r#")));
    let module = ident(&a.module);
    let request = ident(&a.request.name);
    let response = ident(&a.response.name);
    let error = ident(&a.error.name);
    let item = type_tokens(&p.item, &quote!(types::));
    let doc = doc_attrs(&format!(
        "Pages through `{action}`, fetching each page only when it is needed.\n\n\
         Paging starts at the request's `{offset}` (or 0) and keeps its other parameters, \
         including `{limit}` as the page size. It stops after an empty page, when the \
         offset reaches the latest `{total}`, or after an error. Use \
         [`items`](::tencentcloud_runtime::Paginator::items) for a `Stream` of every item, \
         [`pages`](::tencentcloud_runtime::Paginator::pages) for whole responses.",
        action = a.wire_name,
        offset = p.offset.wire_name,
        limit = p.limit.wire_name,
        total = p.total.wire_name,
    ));
    Some(quote! {
        #doc
        pub fn #name(
            &self,
            request: &operation::#module::#request,
        ) -> ::tencentcloud_runtime::Paginator<
            operation::#module::#request,
            operation::#module::#response,
            #item,
            operation::#module::#error,
        > {
            ::tencentcloud_runtime::Paginator::new(
                self.inner.clone(),
                &operation::#module::ACTION,
                ::std::clone::Clone::clone(request),
                operation::#module::PAGING,
            )
        }
    })
}
