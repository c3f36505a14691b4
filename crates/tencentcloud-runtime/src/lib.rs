//! Hand-written runtime for the generated Tencent Cloud SDK crates.
//!
//! This crate knows nothing of any particular service. Generated crates such as
//! `tencentcloud-scf` describe their service with [`ServiceMeta`] and [`ActionMeta`]
//! and call [`ServiceClient::call`]; everything on the wire (signing, headers,
//! transport, the response envelope, errors) lives here.

pub mod signing;
