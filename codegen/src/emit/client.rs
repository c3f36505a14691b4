//! The service `Client` (over HTTP or a stub) and each action's `ACTION` and `PAGING`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, doc_lint_allows, ident};
use crate::Settings;
use crate::emit::structs::type_tokens;
use crate::ir::{ActionIr, CursorIr, RustType, ServiceIr};

/// `pub const ACTION`, emitted inside the action's module.
pub fn action_meta(a: &ActionIr) -> TokenStream {
    let name = &a.wire_name;
    let qps = match a.qps_limit {
        Some(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
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
        let stream = stream_method(a);
        quote!(#call #paginator #stream)
    });
    let allow = doc_lint_allows();
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: ::tencentcloud_runtime::ClientBackend<dyn stub::Stub>,
        }

        #allow
        impl Client {
            /// Creates a client for this service from a shared configuration.
            ///
            /// # Errors
            ///
            /// When the HTTP client cannot be built from the configuration.
            pub fn new(config: &::tencentcloud_runtime::Config) -> Result<Self, ::tencentcloud_runtime::ConfigError> {
                let client = ::tencentcloud_runtime::ServiceClient::new(&SERVICE, config)?;
                Ok(Self { inner: ::tencentcloud_runtime::ClientBackend::Service(client) })
            }

            /// Creates a client that sends every request through `transport` instead of
            /// the network, to test with wire bytes.
            ///
            /// # Errors
            ///
            /// When the configuration cannot serve this service.
            pub fn with_transport(
                config: &::tencentcloud_runtime::Config,
                transport: impl ::tencentcloud_runtime::transport::HttpTransport,
            ) -> Result<Self, ::tencentcloud_runtime::ConfigError> {
                let client = ::tencentcloud_runtime::ServiceClient::with_transport(&SERVICE, config, transport)?;
                Ok(Self { inner: ::tencentcloud_runtime::ClientBackend::Service(client) })
            }

            /// Creates a client whose calls go to `stub`, to test with typed requests
            /// and responses: nothing is signed, sent or retried.
            pub fn from_stub(stub: impl stub::Stub) -> Self {
                Self { inner: ::tencentcloud_runtime::ClientBackend::Stub(::std::sync::Arc::new(stub)) }
            }

            /// The same client with `options` (timeouts, retries, idempotency) for
            /// every call made through it.
            #[must_use]
            pub fn with_call_options(&self, options: ::tencentcloud_runtime::CallOptions) -> Self {
                Self { inner: self.inner.with_call_options(options) }
            }

            /// The configuration this client was built with; `None` for a stub.
            pub fn config(&self) -> Option<&::tencentcloud_runtime::Config> {
                self.inner.config()
            }

            /// A [`CommonClient`] for this
            /// service and version, to call an action this crate does not have by
            /// name. It shares this client's configuration, call options and
            /// connection pool; `None` for a client made with
            /// [`from_stub`](Self::from_stub), which has neither.
            pub fn common(&self) -> Option<::tencentcloud_runtime::CommonClient> {
                self.inner.common()
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
        ) -> Result<operation::#module::#response, ::tencentcloud_runtime::Error<operation::#module::#error>> {
            self.inner
                .call(&operation::#module::ACTION, request, |stub| stub.#name(request))
                .await
        }
    }
}

fn method_doc(a: &ActionIr, settings: &Settings) -> String {
    let mut text = String::new();
    if !a.title.is_empty() {
        text.push_str(&super::prose_line(&a.title, a.doc.lang.as_deref()));
        text.push_str(".\n\n");
    }
    text.push_str(&super::prose(&a.doc));
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
        "\n\n# Errors\n\n[`Error::Service`] with a [`{0}`](operation::{1}::{0}) code when \
         the service refuses the call; the other [`Error`] variants when it cannot be made \
         or its answer cannot be read.",
        a.error.name, a.module
    ));
    if let Some(example) = settings.doc_path().and_then(|path| example(a, &path)) {
        text.push_str("\n\n# Example\n\n");
        text.push_str(&example);
    }
    text
}

/// A compiled (not run) example, when every required parameter has a literal form.
fn example(a: &ActionIr, path: &str) -> Option<String> {
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
    Some(format!(
        "```no_run\n\
         # async fn example(client: &{path}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n\
         use {path}::operation::{module}::{request};\n\
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
/// runtime's paginator where the cursor, total and items are. Conversions between wire
/// types are the runtime's (`paginate::count` and the like).
pub fn paging_const(a: &ActionIr) -> Option<TokenStream> {
    let p = a.paging.as_ref()?;
    let hidden = std::collections::BTreeSet::new();
    let scope = super::structs::Scope {
        shapes: quote!(super::super::types::),
        hidden: &hidden,
        server: false,
    };
    let request = ident(&a.request.name);
    let response = ident(&a.response.name);
    let item = type_tokens(&p.item, &scope);
    let rt = quote!(::tencentcloud_runtime::paginate);
    let (cursor, how) = match &p.cursor {
        CursorIr::Offset { offset, total } => {
            let (offset_id, total_id) = (ident(&offset.ident), ident(&total.ident));
            (
                quote! {
                    ::tencentcloud_runtime::Cursor::Offset {
                        offset: |r| #rt::count(&r.#offset_id),
                        set_offset: |r, n| r.#offset_id = #rt::from_count(n),
                        total: |r| #rt::count(&r.#total_id),
                    }
                },
                format!(
                    "from `{}`, counting against `{}`",
                    offset.wire_name, total.wire_name
                ),
            )
        }
        CursorIr::Page {
            page,
            first_page,
            total,
        } => {
            let (page_id, total_id) = (ident(&page.ident), ident(&total.ident));
            let first = proc_macro2::Literal::u64_unsuffixed(*first_page);
            (
                quote! {
                    ::tencentcloud_runtime::Cursor::Page {
                        page: |r| #rt::count(&r.#page_id),
                        first_page: #first,
                        set_page: |r, n| r.#page_id = #rt::from_count(n),
                        total: |r| #rt::count(&r.#total_id),
                    }
                },
                format!(
                    "by page number `{}` from {first_page}, counting against `{}`",
                    page.wire_name, total.wire_name
                ),
            )
        }
        CursorIr::Token { token, next_token } => {
            let (token_id, next_id) = (ident(&token.ident), ident(&next_token.ident));
            (
                quote! {
                    ::tencentcloud_runtime::Cursor::Token {
                        set_token: |r, t| r.#token_id = #rt::from_token(t),
                        next_token: |r| #rt::token(&r.#next_id),
                    }
                },
                format!(
                    "by passing `{}` back as `{}`",
                    next_token.wire_name, token.wire_name
                ),
            )
        }
    };
    let items = ident(&p.items.ident);
    // The model guarantees every response a RequestId.
    let request_id = a
        .response
        .fields
        .iter()
        .find(|f| f.wire_name == "RequestId")
        .map_or_else(|| ident("request_id"), |f| ident(&f.ident));
    let doc = doc_attrs(&format!(
        "How `{}` pages: {how}, items in `{}`.",
        a.wire_name, p.items.wire_name
    ));
    Some(quote! {
        #doc
        pub const PAGING: ::tencentcloud_runtime::Paging<#request, #response, #item> = ::tencentcloud_runtime::Paging {
            cursor: #cursor,
            page_items: |r| #rt::page_items(&r.#items),
            items: |r| #rt::into_items(r.#items),
            request_id: |r| &r.#request_id,
        };
    })
}

/// `<action>_paginator`, for actions that page.
fn paginator_method(a: &ActionIr) -> Option<TokenStream> {
    let p = a.paging.as_ref()?;
    let name = ident(&format!("{}_paginator", a.module.trim_start_matches("r#")));
    let method = ident(&a.module);
    let module = ident(&a.module);
    let request = ident(&a.request.name);
    let response = ident(&a.response.name);
    let error = ident(&a.error.name);
    let hidden = std::collections::BTreeSet::new();
    let scope = super::structs::Scope {
        shapes: quote!(types::),
        hidden: &hidden,
        server: false,
    };
    let item = type_tokens(&p.item, &scope);
    let size = p
        .limit
        .as_ref()
        .map(|l| format!(", including `{}` as the page size", l.wire_name))
        .unwrap_or_default();
    let (start, stop) = match &p.cursor {
        CursorIr::Offset { offset, total } => (
            format!("at the request's `{}` (or 0)", offset.wire_name),
            format!("when the offset reaches the latest `{}`", total.wire_name),
        ),
        CursorIr::Page {
            page,
            first_page,
            total,
        } => (
            format!("at the request's `{}` (or {first_page})", page.wire_name),
            format!("when the items seen reach the latest `{}`", total.wire_name),
        ),
        CursorIr::Token { token, next_token } => (
            "at the first page".to_owned(),
            format!(
                "when a response has no `{}` (each one is sent back as `{}`)",
                next_token.wire_name, token.wire_name
            ),
        ),
    };
    let doc = doc_attrs(&format!(
        "Pages through `{action}`, fetching each page only when it is needed.\n\n\
         Paging starts {start} and keeps the request's other parameters{size}. It stops \
         after an empty page, {stop}, or after an error. Use \
         [`items`](::tencentcloud_runtime::Paginator::items) for a `Stream` of every item, \
         [`pages`](::tencentcloud_runtime::Paginator::pages) for whole responses.",
        action = a.wire_name,
    ));
    Some(quote! {
        #doc
        // Boxing the call makes the paginator instantiate the runtime's whole call path
        // for this action; inline, that happens in the caller's crate and only when it
        // pages, as it does for plain calls (async fns), not in every build of this one.
        // It cut SCF's LLVM IR 12x.
        #[inline]
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
                self.clone(),
                operation::#module::ACTION.name,
                |client, request| Box::pin(client.#method(request)),
                Clone::clone(request),
                operation::#module::PAGING,
            )
        }
    })
}

/// `<action>_stream`, for actions that can answer with an event stream.
fn stream_method(a: &ActionIr) -> Option<TokenStream> {
    let streaming = a.streaming.as_ref()?;
    let method = ident(&format!("{}_stream", a.module.trim_start_matches("r#")));
    let module = ident(&a.module);
    let request = ident(&a.request.name);
    let response = ident(&a.response.name);
    let error = ident(&a.error.name);
    let (flag, asks) = match &streaming.flag {
        Some(flag) => (
            quote!(Some(#flag)),
            format!(
                "It sends `{flag}: true`; [`{}`](Self::{}) sends the request as it is.",
                a.module.trim_start_matches("r#"),
                a.module.trim_start_matches("r#")
            ),
        ),
        None => (
            quote!(None),
            "The action always answers with a stream.".to_owned(),
        ),
    };
    let doc = doc_attrs(&format!(
        "Calls `{action}` and returns its answer as a stream of events, each event's data \
         a [`{response}`](operation::{m}::{response}).\n\n\
         {asks} The RequestId is known before the first event \
         ([`EventStream::request_id`](::tencentcloud_runtime::EventStream::request_id)); \
         a plain JSON answer arrives as a single event. Dropping the stream closes the \
         connection.\n\n\
         # Errors\n\n\
         As [`{m}`](Self::{m}) until the stream starts; then each error comes out of the \
         stream: an error event as [`Error::Service`] with a [`{error}`](operation::{m}::{error}) \
         code, and the end of reading (a broken connection, the \
         [idle timeout](::tencentcloud_runtime::ConfigBuilder::with_stream_idle_timeout)).",
        action = a.wire_name,
        response = a.response.name,
        error = a.error.name,
        m = a.module.trim_start_matches("r#"),
    ));
    Some(quote! {
        #doc
        pub async fn #method(
            &self,
            request: &operation::#module::#request,
        ) -> Result<
            ::tencentcloud_runtime::EventStream<operation::#module::#response, operation::#module::#error>,
            ::tencentcloud_runtime::Error<operation::#module::#error>
        > {
            self.inner
                .call_stream(&operation::#module::ACTION, #flag, request, |stub| stub.#method(request))
                .await
        }
    })
}
