//! A user's crate with three CVM actions: `cvm` is the client of `DescribeInstances`,
//! `RunInstances` and `TerminateInstances` only, generated at build time from the spec
//! `tencentcloud-cvm` ships, with the requests, responses, error enums and shapes those
//! actions reach, their paginator, the stub and (with `server`) the server side.
//!
//! With the `full` feature `cvm` is the whole CVM crate instead, and everything that
//! uses it compiles and runs unchanged.

/// CVM, API 2017-03-12: three actions.
#[cfg(not(feature = "full"))]
pub mod cvm {
    include!(concat!(env!("OUT_DIR"), "/cvm_client.rs"));
}

/// CVM, API 2017-03-12: every action.
#[cfg(feature = "full")]
pub use tencentcloud_cvm as cvm;
