//! The server side of a service (behind the generated crate's `server` feature): a
//! `Service` trait with one method per action, and `dispatch`, which routes an action
//! name and body to it. Emulators and test doubles implement the trait; `InProcess`
//! serves a client from one without HTTP.

use proc_macro2::TokenStream;
use quote::quote;

use proc_macro2::Ident;

use super::{doc_attrs, ident};
use crate::ir::{ActionIr, ServiceIr};

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
        let stream = stream_method(a);
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
            #stream
        }
    });
    let stream_arms: Vec<_> = ir.actions.iter().filter_map(stream_arm).collect();
    // A service without streaming actions answers `None` outright: a `match` with only
    // a wildcard arm is dead weight (and a lint) in every such crate.
    let stream_body = if stream_arms.is_empty() {
        quote! {
            let _ = (service, action, body);
            None
        }
    } else {
        quote! {
            match action {
                #(#stream_arms)*
                _ => {
                    let _ = (service, body);
                    None
                }
            }
        }
    };
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
        let request_id = a
            .response
            .fields
            .iter()
            .find(|f| f.wire_name == "RequestId")
            .map_or_else(|| ident("request_id"), |f| ident(&f.ident));
        let stream = in_process_stream(a);
        let signature = super::stub::signature(a);
        quote! {
            #signature {
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
            #stream
        }
    });
    let metas = ir.actions.iter().map(|a| {
        let module = ident(&a.module);
        quote!(super::operation::#module::ACTION)
    });
    let doc = doc_attrs(&format!(
        "The server side of {}: implement [`Service`](server::Service) and route requests \
         with [`dispatch`](server::dispatch).",
        ir.service.title
    ));
    quote! {
        #doc
        #[cfg(feature = "server")]
        #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
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

            /// For a streaming action asked for a stream, decodes `body`, calls the
            /// `_stream` method of `service` and returns its events; `None` for every
            /// other request, which [`dispatch`] serves.
            ///
            /// # Errors
            ///
            /// As [`dispatch`], before the first event.
            pub async fn dispatch_stream<S: Service + ?Sized>(
                service: &S,
                action: &str,
                body: &[u8],
            ) -> Option<Result<::tencentcloud_runtime::server::Events, ::tencentcloud_runtime::server::DispatchError>> {
                #stream_body
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

fn stream_names(a: &ActionIr) -> (Ident, Ident, Ident, Ident, Ident) {
    (
        ident(&format!("{}_stream", a.module.trim_start_matches("r#"))),
        ident(&a.module),
        ident(&a.request.name),
        ident(&a.response.name),
        ident(&a.error.name),
    )
}

/// The `Service` method that serves a streaming action's stream.
fn stream_method(a: &ActionIr) -> Option<TokenStream> {
    a.streaming.as_ref()?;
    let (method, module, request, response, error) = stream_names(a);
    let wire = &a.wire_name;
    let doc = doc_attrs(&format!(
        "Serves `{wire}` when the request asks for a stream: the events, each a response \
         object; an error ends the stream. The stream must own what it uses (`'static`). \
         By default it answers `UnsupportedOperation`."
    ));
    Some(quote! {
        #doc
        fn #method(
            &self,
            request: super::operation::#module::#request,
        ) -> impl ::std::future::Future<
            Output = Result<
                ::tencentcloud_runtime::BoxStream<
                    Result<
                        super::operation::#module::#response,
                        ::tencentcloud_runtime::server::ActionError<super::operation::#module::#error>
                    >
                >,
                ::tencentcloud_runtime::server::ActionError<super::operation::#module::#error>
            >
        > + Send {
            let _ = request;
            async { Err(::tencentcloud_runtime::server::ActionError::unsupported(#wire)) }
        }
    })
}

/// `dispatch_stream`'s arm for a streaming action.
fn stream_arm(a: &ActionIr) -> Option<TokenStream> {
    let streaming = a.streaming.as_ref()?;
    let (method, ..) = stream_names(a);
    let wire = &a.wire_name;
    let flag = match &streaming.flag {
        Some(flag) => quote!(Some(#flag)),
        None => quote!(None),
    };
    let members = a.request.fields.iter().map(|f| &f.wire_name);
    Some(quote! {
        #wire if ::tencentcloud_runtime::server::wants_stream(body, #flag) => {
            let events = async {
                let request = ::tencentcloud_runtime::server::decode(body, &[#(#members),*])?;
                let events = service
                    .#method(request)
                    .await
                    .map_err(::tencentcloud_runtime::server::DispatchError::from_action)?;
                Ok(::tencentcloud_runtime::server::encode_events(events))
            };
            Some(events.await)
        }
    })
}

/// `InProcess`'s stub method for a streaming action.
fn in_process_stream(a: &ActionIr) -> Option<TokenStream> {
    a.streaming.as_ref()?;
    let (method, ..) = stream_names(a);
    let signature = super::stub::stream_signature(a);
    Some(quote! {
        #signature {
            Box::pin(async move {
                match self.0.#method(Clone::clone(request)).await {
                    Ok(events) => Ok(::tencentcloud_runtime::server::into_client_events(events)),
                    Err(e) => Err(e.into_client_error()),
                }
            })
        }
    })
}
