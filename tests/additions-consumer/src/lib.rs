//! A user's crate with SCF extended by spec additions: `scf` is the whole SCF client,
//! generated at build time from the spec `tencentcloud-scf` ships merged with
//! `additions/scf.json` (a made-up `GetFunctionCostReport` action and a `CostCenter`
//! filter on `ListFunctions`).

/// SCF, API 2018-04-16, with the additions.
pub mod scf {
    include!(concat!(env!("OUT_DIR"), "/scf_with_additions.rs"));
}
