//! The `stub` module: a `Stub` trait with one method per action, taking the typed
//! request and returning the typed response, so code that uses a `Client` can be
//! tested without wire bytes (`Client::from_stub`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::{ActionIr, ServiceIr};

/// `pub mod stub { pub trait Stub { … } }`.
pub fn stub(ir: &ServiceIr) -> TokenStream {
    let methods = ir.actions.iter().map(|a| {
        let wire = &a.wire_name;
        let doc = doc_attrs(&format!(
            "Answers [`Client::{m}`](super::Client::{m}). Unless implemented, with \
             `UnsupportedOperation`.",
            m = a.module.trim_start_matches("r#"),
        ));
        let signature = signature(a);
        let stream = a.streaming.as_ref().map(|_| {
            let doc = doc_attrs(&format!(
                "Answers [`Client::{m}_stream`](super::Client::{m}_stream) with events \
                 (build them with `EventStream::from_events`). Unless implemented, with \
                 `UnsupportedOperation`.",
                m = a.module.trim_start_matches("r#"),
            ));
            let signature = stream_signature(a);
            quote! {
                #doc
                #signature {
                    let _ = request;
                    ::tencentcloud_runtime::unsupported(#wire)
                }
            }
        });
        quote! {
            #doc
            #signature {
                let _ = request;
                ::tencentcloud_runtime::unsupported(#wire)
            }
            #stream
        }
    });
    let doc = doc_attrs(&format!(
        "Test doubles for [`Client`]: implement [`Stub`](stub::Stub) with the {} \
         actions a test needs and build a client with \
         [`Client::from_stub`](super::Client::from_stub).",
        ir.service.title
    ));
    quote! {
        #doc
        pub mod stub {
            /// One method per action of the service, each taking the typed request and
            /// returning the typed response or error. Every method has a default that
            /// answers `UnsupportedOperation`, so an implementation writes only the
            /// actions it serves.
            pub trait Stub: ::std::fmt::Debug + Send + Sync + 'static {
                #(#methods)*
            }
        }
    }
}

/// The signature of an action's stub method, which `InProcess` implements too.
pub(super) fn signature(a: &ActionIr) -> TokenStream {
    let name = ident(&a.module);
    let request = ident(&a.request.name);
    let response = ident(&a.response.name);
    let error = ident(&a.error.name);
    quote! {
        fn #name<'a>(
            &'a self,
            request: &'a super::operation::#name::#request,
        ) -> ::tencentcloud_runtime::BoxFuture<
            'a,
            Result<
                super::operation::#name::#response,
                ::tencentcloud_runtime::Error<super::operation::#name::#error>
            >
        >
    }
}

/// The signature of a streaming action's stub method, which `InProcess` implements too.
pub(super) fn stream_signature(a: &ActionIr) -> TokenStream {
    let method = ident(&format!("{}_stream", a.module.trim_start_matches("r#")));
    let module = ident(&a.module);
    let request = ident(&a.request.name);
    let response = ident(&a.response.name);
    let error = ident(&a.error.name);
    quote! {
        fn #method<'a>(
            &'a self,
            request: &'a super::operation::#module::#request,
        ) -> ::tencentcloud_runtime::BoxFuture<
            'a,
            Result<
                ::tencentcloud_runtime::EventStream<
                    super::operation::#module::#response,
                    super::operation::#module::#error
                >,
                ::tencentcloud_runtime::Error<super::operation::#module::#error>
            >
        >
    }
}
