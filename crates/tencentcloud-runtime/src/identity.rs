//! How the SDK names itself to the service.

/// Sent as `X-TC-RequestClient`, as the official SDKs send `SDK_PYTHON_<version>`.
pub(crate) const REQUEST_CLIENT: &str = concat!("SDK_RUST_", env!("CARGO_PKG_VERSION"));

/// The default `User-Agent`.
pub(crate) const USER_AGENT: &str = concat!("tencentcloud-sdk-rust/", env!("CARGO_PKG_VERSION"));
