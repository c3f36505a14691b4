//! IR → `TokenStream`. Spelling only: every decision was made in [`crate::ir`].
//!
//! Generated code names other crates by absolute path (`::tencentcloud_runtime::…`,
//! `::serde::…`), the standard library by its prelude names (`Option`, `String`) except
//! where a shape of the same name hides one (`structs::Scope`), and itself by relative
//! path (`super::super::types`) so that the same output works as a crate root or inside
//! a module.

mod client;
mod docs;
mod errors;
mod examples;
pub mod markdown;
mod server;
mod structs;
mod stub;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::Settings;
use crate::ir::{ActionIr, ServiceIr};

pub(crate) use docs::{doc_attrs, doc_lint_allows, prose, prose_line};
pub use errors::common_code_module;
pub use examples::example_tests;

/// One action's module: `ACTION`, `PAGING`, request, response and error enum.
pub fn operation_module(a: &ActionIr, settings: &Settings) -> TokenStream {
    // No shape is in scope in an operation module, so no standard name is hidden.
    let hidden = std::collections::BTreeSet::new();
    let scope = structs::Scope {
        shapes: quote!(super::super::types::),
        hidden: &hidden,
        server: settings.server,
    };
    let module = ident(&a.module);
    // The first line is what the `operation` module's list shows beside the action.
    let summary = if a.title.is_empty() {
        "request, response and error codes".to_owned()
    } else {
        prose_line(&a.title, a.doc.lang.as_deref())
    };
    let summary = summary.trim_end_matches(['.', '。']);
    let stop = if summary.ends_with(|c: char| c.is_ascii()) {
        "."
    } else {
        "。"
    };
    let doc = doc_attrs(&format!(
        "`{}`: {summary}{stop}\n\n{}",
        a.wire_name,
        prose(&a.doc)
    ));
    let action_meta = client::action_meta(a);
    let paging = client::paging_const(a);
    let request = structs::struct_item(&a.request, &scope);
    let response = structs::struct_item(&a.response, &scope);
    let error = errors::error_enum(&a.wire_name, &a.error);
    quote! {
        #doc
        pub mod #module {
            #action_meta
            #paging
            #request
            #response
            #error
        }
    }
}

/// Emits the whole service.
pub fn service(ir: &ServiceIr, settings: &Settings) -> TokenStream {
    let operations = ir.actions.iter().map(|a| operation_module(a, settings));
    let meta = service_meta(ir);
    let client = client::client(ir, settings);
    let stub = stub::stub(ir);
    let server = settings.server.then(|| server::server(ir));
    let scope = structs::Scope {
        shapes: TokenStream::new(),
        hidden: &ir.hidden_std,
        server: settings.server,
    };
    let shapes = ir.shapes.iter().map(|s| structs::struct_item(s, &scope));
    let allow = doc_lint_allows();
    let types_doc = doc_attrs(&format!(
        "Structures shared by several {} actions.",
        ir.service.name
    ));
    quote! {
        pub use ::tencentcloud_runtime::{
            AnyCode, BoxFuture, BoxStream, CallOptions, CommonClient, CommonCode, Config, ConfigBuilder, ConfigError,
            Credentials, CredentialsError, Error, ErrorCode, EventStream, InvalidRequestError,
            Language, Paginator, PagingError, PagingErrorKind, ResponseError, RetryConfig,
            ServiceError, SignatureMethod, StreamEvent, TransportError, TransportErrorKind,
        };

        #meta
        #client
        #stub

        /// One module per action: its request, response and error-code enum.
        #allow
        pub mod operation {
            #(#operations)*
        }

        #types_doc
        #allow
        pub mod types {
            #(#shapes)*
        }

        #server
    }
}

fn service_meta(ir: &ServiceIr) -> TokenStream {
    let s = &ir.service;
    let (name, version, endpoint) = (&s.name, &s.version, &s.endpoint);
    let doc = doc_attrs(&format!(
        "The {} service (`{}`), API version {}.",
        s.title, s.name, s.version
    ));
    quote! {
        #doc
        pub const SERVICE: ::tencentcloud_runtime::ServiceMeta = ::tencentcloud_runtime::ServiceMeta {
            name: #name,
            version: #version,
            endpoint: #endpoint,
        };
    }
}

/// An identifier from IR text, raw (`r#type`) where the IR escaped a keyword.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}
