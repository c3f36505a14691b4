//! Static descriptions of services and actions, emitted by the generator.
//!
//! These are plain `const`-constructible structs so that a generated crate can
//! keep one `static` per service and per action and hand out `&'static`
//! references: nothing is allocated or looked up per call.

/// Static description of a service, emitted by the generator.
///
/// ```
/// use tencentcloud_runtime::ServiceMeta;
///
/// static SCF: ServiceMeta = ServiceMeta {
///     name: "scf",
///     version: "2018-04-16",
///     endpoint: "scf.tencentcloudapi.com",
/// };
/// assert_eq!(SCF.name, "scf");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ServiceMeta {
    /// Short service name: the signing scope and the first label of the
    /// default endpoint, for example `"scf"`.
    pub name: &'static str,
    /// API version sent in `X-TC-Version`, for example `"2018-04-16"`.
    pub version: &'static str,
    /// Default host name, for example `"scf.tencentcloudapi.com"`; replaced by
    /// [`ConfigBuilder::endpoint`](crate::ConfigBuilder::endpoint) when set.
    pub endpoint: &'static str,
}

/// Static description of one action of a service.
///
/// ```
/// use tencentcloud_runtime::ActionMeta;
///
/// static TERMINATE_ASYNC_EVENT: ActionMeta = ActionMeta {
///     name: "TerminateAsyncEvent",
///     qps_limit: Some(20),
///     idempotent: false,
/// };
/// assert!(!TERMINATE_ASYNC_EVENT.idempotent);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ActionMeta {
    /// Action name sent in `X-TC-Action`, for example `"TerminateAsyncEvent"`.
    pub name: &'static str,
    /// Documented per-second request limit, when the spec states one.
    ///
    /// The client-side limiter ([`ConfigBuilder::with_qps_limiter`](crate::ConfigBuilder::with_qps_limiter))
    /// paces calls to it, and `tencentcloud-server` refuses calls over it.
    pub qps_limit: Option<u32>,
    /// Whether sending the action twice has the same effect as sending it
    /// once, which decides if a request that may have reached the server can
    /// be retried.
    pub idempotent: bool,
}
