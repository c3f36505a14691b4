//! Every fixture spec of the generator, compiled: one module per spec in
//! `codegen/tests/specs/`, each the reviewed output that `codegen/tests/snapshots.rs`
//! checks the generator still produces. What is reviewed is what is compiled. Some
//! fixture specs are excerpts of the committed specs (`codegen/tests/excerpts.rs`).

#![deny(warnings)]
#![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links)]

#[rustfmt::skip]
pub mod all_types;
/// Three actions of `all_types`, as `tencentcloud_codegen::build::select` generates them.
#[rustfmt::skip]
pub mod all_types_selected;
#[rustfmt::skip]
pub mod minimal;
#[rustfmt::skip]
pub mod monitor_grafana;
