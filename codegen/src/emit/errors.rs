//! Per-action error-code enums, and the runtime's `CommonCode` enum they share.
//!
//! An action's enum holds only what is specific to it: its documented codes. The
//! common codes, parsing and the wire text live in the runtime once
//! (`tencentcloud_runtime::ActionCode`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::common::COMMON_CODES;
use crate::ir::ErrorEnumIr;
use crate::naming;

/// The enum, its `ActionCode` table and `Display`.
pub fn error_enum(action: &str, e: &ErrorEnumIr) -> TokenStream {
    let name = ident(&e.name);
    let mut text = format!(
        "Error codes of `{action}`: its documented codes, then \
         [`Common`]({0}::Common) for the codes every action can return and \
         [`Unknown`]({0}::Unknown) for any other.\n\n\
         The service's error arrives as \
         [`Error::Service`](::tencentcloud_runtime::Error::Service), whose `code` is this \
         enum and which also carries the message and the RequestId.",
        e.name
    );
    if !e.common.is_empty() {
        let list: Vec<String> = e.common.iter().map(|c| format!("`{c}`")).collect();
        text.push_str(&format!(
            "\n\nThe action also documents these common codes, which arrive as `Common`: {}.",
            list.join(", ")
        ));
    }
    let doc = doc_attrs(&text);
    let variants = e.variants.iter().map(|v| {
        let id = ident(&v.ident);
        let text = super::prose(&v.doc);
        let doc = doc_attrs(&if text.is_empty() {
            format!("`{}`.", v.code)
        } else {
            format!("`{}`: {text}", v.code)
        });
        quote! { #doc #id, }
    });
    let documented = e.variants.iter().map(|v| {
        let id = ident(&v.ident);
        let code = &v.code;
        quote!((#code, Self::#id),)
    });
    // With no documented code, `kind` has no third arm (clippy rejects an unreachable one).
    let documented_arm = (!e.variants.is_empty())
        .then(|| quote!(_ => ::tencentcloud_runtime::CodeKind::Documented,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A code every action can return.
            Common(::tencentcloud_runtime::CommonCode),
            /// A code this action does not document, kept as the service sent it.
            Unknown {
                /// The code, e.g. `FailedOperation.Something`.
                code: String,
            },
        }

        impl ::tencentcloud_runtime::ActionCode for #name {
            const DOCUMENTED: &'static [(&'static str, Self)] = &[#(#documented)*];

            fn from_common(code: ::tencentcloud_runtime::CommonCode) -> Self {
                Self::Common(code)
            }

            fn from_unknown(code: String) -> Self {
                Self::Unknown { code }
            }

            fn kind(&self) -> ::tencentcloud_runtime::CodeKind<'_> {
                match self {
                    Self::Common(code) => ::tencentcloud_runtime::CodeKind::Common(*code),
                    Self::Unknown { code } => ::tencentcloud_runtime::CodeKind::Unknown(code),
                    #documented_arm
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(::tencentcloud_runtime::ErrorCode::as_str(self))
            }
        }
    }
}

/// The runtime's `common_code.rs`: the `CommonCode` enum of [`COMMON_CODES`].
pub fn common_code_module() -> TokenStream {
    let variants = COMMON_CODES.iter().map(|(code, description)| {
        let id = ident(&naming::error_variant(code));
        let doc = doc_attrs(&format!("`{code}`: {description}"));
        quote! { #doc #id, }
    });
    let all = COMMON_CODES.iter().map(|(code, _)| {
        let id = ident(&naming::error_variant(code));
        quote!((#code, Self::#id),)
    });
    let descriptions = COMMON_CODES.iter().map(|(code, description)| {
        let id = ident(&naming::error_variant(code));
        quote!(Self::#id => #description,)
    });
    quote! {
        //! The codes every action of every service can return.

        /// A code every action of every service can return: authentication, throttling,
        /// parameter and availability failures. Every generated error enum has a
        /// `Common(CommonCode)` variant for them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum CommonCode {
            #(#variants)*
        }

        impl CommonCode {
            /// Every common code with its wire text, sorted by wire text.
            pub const ALL: &'static [(&'static str, CommonCode)] = &[#(#all)*];

            /// The common code with this wire text, if it is one.
            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL
                    .binary_search_by(|(wire, _)| (*wire).cmp(code))
                    .ok()
                    .map(|i| Self::ALL[i].1)
            }

            /// The wire text, for example `"AuthFailure.SignatureExpire"`.
            pub fn as_str(self) -> &'static str {
                Self::ALL
                    .iter()
                    .find(|(_, code)| *code == self)
                    .map_or("", |(wire, _)| wire)
            }

            /// What the code means.
            pub fn description(self) -> &'static str {
                match self {
                    #(#descriptions)*
                }
            }
        }

        impl std::fmt::Display for CommonCode {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}
