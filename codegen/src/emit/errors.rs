//! Per-action error-code enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::emit::structs::doc_text;
use crate::ir::ErrorEnumIr;

/// The enum, its accessors, `Display`, and `tencentcloud_runtime::ErrorCode`.
pub fn error_enum(action: &str, e: &ErrorEnumIr) -> TokenStream {
    let name = ident(&e.name);
    let doc = doc_attrs(&format!(
        "Error codes `{action}` can return: first its own documented codes, then the \
         common codes of every action, then [`Unknown`]({}::Unknown) for any other.\n\n\
         The service's error arrives as [`Error::Service`](::tencentcloud_runtime::Error::Service), \
         whose `code` is this enum and which also carries the message and the RequestId.",
        e.name
    ));
    let variants = e.variants.iter().map(|v| {
        let id = ident(&v.ident);
        let text = doc_text(&v.doc);
        let doc = doc_attrs(&if text.is_empty() {
            format!("`{}`.", v.code)
        } else {
            format!("`{}`: {text}", v.code)
        });
        quote! { #doc #id, }
    });
    let code_arms = e.variants.iter().map(|v| {
        let id = ident(&v.ident);
        let code = &v.code;
        quote!(Self::#id => #code,)
    });
    let from_arms = e.variants.iter().map(|v| {
        let id = ident(&v.ident);
        let code = &v.code;
        quote!(#code => Self::#id,)
    });
    let described: Vec<_> = e
        .variants
        .iter()
        .filter(|v| !v.doc.text.is_empty())
        .collect();
    let description_arms = described.iter().map(|v| {
        let id = ident(&v.ident);
        let text = &v.doc.text;
        quote!(Self::#id => ::std::option::Option::Some(#text),)
    });
    let description_rest = if described.len() < e.variants.len() {
        quote!(_ => ::std::option::Option::None,)
    } else {
        quote!(Self::Unknown { .. } => ::std::option::Option::None,)
    };
    let common: Vec<_> = e
        .variants
        .iter()
        .filter(|v| v.common)
        .map(|v| ident(&v.ident))
        .collect();
    let is_common = if common.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(self, #(Self::#common)|*))
    };
    // With no documented code, a match would have the one catch-all arm clippy rejects.
    let from_code = if e.variants.is_empty() {
        quote!(Self::Unknown {
            code: code.to_owned()
        })
    } else {
        quote! {
            match code {
                #(#from_arms)*
                other => Self::Unknown { code: other.to_owned() },
            }
        }
    };
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A code this action does not document, kept as the service sent it.
            Unknown {
                /// The code, e.g. `FailedOperation.Something`.
                code: ::std::string::String,
            },
        }

        impl #name {
            /// The code as it appears on the wire, e.g. `ResourceNotFound.Function`.
            pub fn code(&self) -> &str {
                match self {
                    #(#code_arms)*
                    Self::Unknown { code } => code,
                }
            }

            /// The published description of the code, when there is one.
            pub fn description(&self) -> ::std::option::Option<&'static str> {
                match self {
                    #(#description_arms)*
                    #description_rest
                }
            }

            /// Whether this is one of the common codes that any action can return.
            pub fn is_common(&self) -> bool {
                #is_common
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::tencentcloud_runtime::ErrorCode for #name {
            fn from_code(code: &str) -> Self {
                #from_code
            }

            fn as_code(&self) -> &str {
                self.code()
            }
        }
    }
}
