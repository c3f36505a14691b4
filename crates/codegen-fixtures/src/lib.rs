//! Every fixture spec of the generator, compiled: one module per spec in
//! `codegen/tests/specs/`, each the reviewed output that `codegen/tests/snapshots.rs`
//! checks the generator still produces. What is reviewed is what is compiled. Some
//! fixture specs are excerpts of the committed specs (`codegen/tests/excerpts.rs`).

#![deny(warnings)]
// As every generated crate is: an undocumented item fails the fixtures' build.
#![warn(missing_docs)]
#![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links)]

/// Every type and feature the generator knows (`codegen/tests/specs/all_types.json`).
#[rustfmt::skip]
pub mod all_types;
/// Three actions of `all_types`, as `tencentcloud_codegen::build::select` generates them.
#[rustfmt::skip]
pub mod all_types_selected;
/// One action, no shapes (`codegen/tests/specs/minimal.json`).
#[rustfmt::skip]
pub mod minimal;
/// An excerpt of `spec/monitor/2018-07-24.json` (`codegen/tests/specs/monitor_grafana.json`).
#[rustfmt::skip]
pub mod monitor_grafana;
