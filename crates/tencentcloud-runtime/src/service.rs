//! Static descriptions of services and actions, emitted by the generator.
//!
//! These are plain `const`-constructible structs so that a generated crate can
//! keep one `static` per service and per action and hand out `&'static`
//! references: nothing is allocated or looked up per call. Inside the runtime a
//! client holds a [`ServiceName`] and a call an [`ActionRef`], which a
//! [`CommonClient`](crate::CommonClient) also builds from names given at run time.

use std::borrow::Cow;

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
    /// [`ConfigBuilder::with_endpoint`](crate::ConfigBuilder::with_endpoint) when set.
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

/// A service as a client holds it: borrowed from a generated crate's
/// [`ServiceMeta`], or named at run time by a [`CommonClient`](crate::CommonClient).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServiceName {
    /// As [`ServiceMeta::name`].
    pub(crate) name: Cow<'static, str>,
    /// As [`ServiceMeta::version`].
    pub(crate) version: Cow<'static, str>,
    /// As [`ServiceMeta::endpoint`]; `None` for `<name>.tencentcloudapi.com`.
    pub(crate) endpoint: Option<&'static str>,
}

impl ServiceName {
    /// A service the runtime has no description of, at its default host
    /// `<name>.tencentcloudapi.com`.
    pub(crate) fn named(name: Cow<'static, str>, version: Cow<'static, str>) -> Self {
        Self {
            name,
            version,
            endpoint: None,
        }
    }
}

impl From<&'static ServiceMeta> for ServiceName {
    fn from(meta: &'static ServiceMeta) -> Self {
        Self {
            name: Cow::Borrowed(meta.name),
            version: Cow::Borrowed(meta.version),
            endpoint: Some(meta.endpoint),
        }
    }
}

/// An action as one call sees it: an [`ActionMeta`], or a name given at run time
/// with the safe defaults for an action the runtime knows nothing of (no QPS
/// limit, not idempotent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ActionRef<'a> {
    /// As [`ActionMeta::name`].
    pub(crate) name: &'a str,
    /// As [`ActionMeta::qps_limit`].
    pub(crate) qps_limit: Option<u32>,
    /// As [`ActionMeta::idempotent`].
    pub(crate) idempotent: bool,
}

impl<'a> ActionRef<'a> {
    /// An action known only by its name.
    pub(crate) fn named(name: &'a str) -> Self {
        Self {
            name,
            qps_limit: None,
            idempotent: false,
        }
    }
}

impl<'a> From<&'a ActionMeta> for ActionRef<'a> {
    fn from(meta: &'a ActionMeta) -> Self {
        Self {
            name: meta.name,
            qps_limit: meta.qps_limit,
            idempotent: meta.idempotent,
        }
    }
}
