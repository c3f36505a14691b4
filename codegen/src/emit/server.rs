//! The server side of a service (behind the generated crate's `server` feature): a
//! `Service` trait with one method per action, and `dispatch`, which routes an action
//! name and body to it. Emulators and test doubles implement the trait; `InProcess`
//! serves a client from one without HTTP.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::ServiceIr;

/// `#[cfg(feature = "server")] pub mod server { … }`.
pub fn server(ir: &ServiceIr) -> TokenStream {
    let methods = ir.actions.iter().map(|a| {
        let name = ident(&a.module);
        let module = ident(&a.module);
        let request = ident(&a.request.name);
        let response = ident(&a.response.name);
        let error = ident(&a.error.name);
        let wire = &a.wire_name;
        let doc = doc_attrs(&format!(
            "Serves `{wire}`. By default it answers `UnsupportedOperation`, so an \
             implementation need only write the actions it serves."
        ));
        quote! {
            #doc
            fn #name(
                &self,
                request: super::operation::#module::#request,
            ) -> impl ::std::future::Future<
                Output = Result<
                    super::operation::#module::#response,
                    ::tencentcloud_runtime::server::ActionError<super::operation::#module::#error>,
                >,
            > + Send {
                let _ = request;
                async { Err(::tencentcloud_runtime::server::ActionError::unsupported(#wire)) }
            }
        }
    });
    let arms = ir.actions.iter().map(|a| {
        let name = ident(&a.module);
        let wire = &a.wire_name;
        let members = a.request.fields.iter().map(|f| &f.wire_name);
        quote! {
            #wire => {
                let request = ::tencentcloud_runtime::server::decode(body, &[#(#members),*])?;
                let response = service
                    .#name(request)
                    .await
                    .map_err(::tencentcloud_runtime::server::DispatchError::from_action)?;
                ::tencentcloud_runtime::server::encode(&response)
            }
        }
    });
    let in_process = ir.actions.iter().map(|a| {
        let name = ident(&a.module);
        let module = ident(&a.module);
        let request = ident(&a.request.name);
        let response = ident(&a.response.name);
        let error = ident(&a.error.name);
        let request_id = a
            .response
            .fields
            .iter()
            .find(|f| f.wire_name == "RequestId")
            .map_or_else(|| ident("request_id"), |f| ident(&f.ident));
        quote! {
            fn #name<'a>(
                &'a self,
                request: &'a super::operation::#module::#request,
            ) -> ::tencentcloud_runtime::BoxFuture<
                'a,
                Result<
                    super::operation::#module::#response,
                    ::tencentcloud_runtime::Error<super::operation::#module::#error>
                >
            > {
                Box::pin(async move {
                    match self.0.#name(Clone::clone(request)).await {
                        Ok(mut response) => {
                            ::tencentcloud_runtime::server::fill_request_id(&mut response.#request_id);
                            Ok(response)
                        }
                        Err(e) => Err(e.into_client_error()),
                    }
                })
            }
        }
    });
    let metas = ir.actions.iter().map(|a| {
        let module = ident(&a.module);
        quote!(super::operation::#module::ACTION)
    });
    let doc = doc_attrs(&format!(
        "The server side of {}: implement [`Service`] and route requests with [`dispatch`].",
        ir.service.title
    ));
    quote! {
        #doc
        #[cfg(feature = "server")]
        pub mod server {
            /// One method per action, each taking the typed request and returning the typed
            /// response or one of the action's documented error codes.
            pub trait Service: Send + Sync + 'static {
                #(#methods)*
            }

            /// A [`Service`] as a client's stub: `Client::from_stub(InProcess::new(service))`
            /// calls it in process, with typed values and no HTTP. As over the wire, every
            /// answer has a RequestId (a fresh one where the service leaves it empty) and
            /// errors arrive as [`Error::Service`](::tencentcloud_runtime::Error::Service).
            #[derive(Debug)]
            pub struct InProcess<S>(::std::sync::Arc<S>);

            impl<S> InProcess<S> {
                /// Serves `service`: a value, or an `Arc` the test keeps to look at the
                /// service's state afterwards.
                pub fn new(service: impl Into<::std::sync::Arc<S>>) -> Self {
                    Self(service.into())
                }

                /// The service being served.
                pub fn service(&self) -> &S {
                    &self.0
                }
            }

            impl<S: Service + ::std::fmt::Debug> super::stub::Stub for InProcess<S> {
                #(#in_process)*
            }

            /// Every action of the service, with its QPS limit.
            pub const ACTIONS: &[::tencentcloud_runtime::ActionMeta] = &[#(#metas),*];

            /// Decodes `body` as the request of `action` (strictly: unknown, missing or
            /// mistyped parameters are refused with their documented codes), calls
            /// `service`, and encodes the response object that goes inside
            /// `{"Response": …}`.
            ///
            /// # Errors
            ///
            /// The code and message to answer with: `InvalidAction` for an unknown action,
            /// a parameter code for a bad body, or the action's own error.
            pub async fn dispatch<S: Service + ?Sized>(
                service: &S,
                action: &str,
                body: &[u8],
            ) -> Result<::serde_json::Value, ::tencentcloud_runtime::server::DispatchError> {
                match action {
                    #(#arms)*
                    other => Err(
                        ::tencentcloud_runtime::server::DispatchError::unknown_action(other),
                    ),
                }
            }
        }
    }
}
