//! Published examples → one test per example, as `example_test!` invocations.
//!
//! The macro itself is hand-written in the crate that includes this output, so what a
//! test checks can change without regenerating, and the generator holds no test logic.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::ServiceIr;

/// One `example_test!(name, Request, Response, "request json", "response json");` per
/// example, in action order. `path` is where the service's code is (`tencentcloud_scf`
/// or `tencentcloud_scf::v20180416`).
pub fn example_tests(ir: &ServiceIr, path: &str) -> TokenStream {
    let path: Vec<_> = path.split("::").map(ident).collect();
    let cases = ir.actions.iter().flat_map(|a| {
        let module = ident(&a.module);
        let request = ident(&a.request.name);
        let response = ident(&a.response.name);
        let path = path.clone();
        a.examples.iter().enumerate().map(move |(i, ex)| {
            let name = ident(&format!(
                "{}_example_{i}",
                a.module.trim_start_matches("r#")
            ));
            let (req, resp) = (&ex.request, &ex.response);
            quote! {
                example_test!(
                    #name,
                    #(#path)::*::operation::#module::#request,
                    #(#path)::*::operation::#module::#response,
                    #req,
                    #resp
                );
            }
        })
    });
    quote!(#(#cases)*)
}
