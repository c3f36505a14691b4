//! Published examples → one test per example, as `example_test!` invocations.
//!
//! The macro itself is hand-written in the crate that includes this output, so what a
//! test checks can change without regenerating, and the generator holds no test logic.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::ServiceIr;
use crate::model::Model;

/// One `example_test!(name, Request, Response, "request json", "response json");` per
/// example, in action order. Paths are relative to the service crate's root.
pub fn example_tests(model: &Model, ir: &ServiceIr, crate_name: &str) -> TokenStream {
    let krate = ident(&crate_name.replace('-', "_"));
    let cases = model.actions.iter().zip(&ir.actions).flat_map(|(def, a)| {
        let module = ident(&a.module);
        let request = ident(&a.request.name);
        let response = ident(&a.response.name);
        let krate = krate.clone();
        def.examples.iter().enumerate().map(move |(i, ex)| {
            let name = ident(&format!(
                "{}_example_{i}",
                a.module.trim_start_matches("r#")
            ));
            let req = serde_json::to_string(&ex.request).unwrap_or_default();
            let resp = serde_json::to_string(&ex.response).unwrap_or_default();
            quote! {
                example_test!(
                    #name,
                    #krate::operation::#module::#request,
                    #krate::operation::#module::#response,
                    #req,
                    #resp
                );
            }
        })
    });
    quote!(#(#cases)*)
}
