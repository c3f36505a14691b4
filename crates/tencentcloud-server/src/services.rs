//! Several services, and several versions of each, behind one listener, as the real
//! endpoint serves them: the service named by the host (`cvm.tencentcloudapi.com`,
//! `cvm.ap-guangzhou.tencentcloudapi.com`) or else by the signature's credential
//! scope, the version by `X-TC-Version`, the action by `X-TC-Action`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

use tencentcloud_runtime::{ActionMeta, ServiceMeta};

use crate::Dispatch;
use crate::form::ParamTypes;

/// One version of one service: its actions (with their documented QPS limits), the
/// parameter types of its form requests, and what runs its actions.
///
/// ```
/// use tencentcloud_server::{ServiceVersion, dispatch_fn};
///
/// let echo = dispatch_fn(|action, _body| async move { Ok(serde_json::json!({ "Action": action })) });
/// let cvm = ServiceVersion::new("cvm", "2017-03-12", echo)
///     .with_action("DescribeRegions", None)
///     .with_action("RunInstances", Some(10));
/// assert_eq!(cvm.name(), "cvm");
/// assert!(cvm.has_action("RunInstances"));
/// ```
#[derive(Clone)]
pub struct ServiceVersion {
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) actions: HashMap<String, Option<u32>>,
    pub(crate) param_types: ParamTypes,
    pub(crate) dispatcher: Arc<dyn Dispatch>,
}

impl ServiceVersion {
    /// Version `version` of service `name` (its short name, `"cvm"`), run by
    /// `dispatcher`, with no actions yet.
    pub fn new(
        name: impl Into<String>,
        version: impl Into<String>,
        dispatcher: impl Dispatch,
    ) -> Self {
        Self::from_arc(name, version, Arc::new(dispatcher))
    }

    /// As [`new`](Self::new), with a dispatcher already shared.
    pub fn from_arc(
        name: impl Into<String>,
        version: impl Into<String>,
        dispatcher: Arc<dyn Dispatch>,
    ) -> Self {
        ServiceVersion {
            name: name.into(),
            version: version.into(),
            actions: HashMap::new(),
            param_types: ParamTypes::default(),
            dispatcher,
        }
    }

    /// A generated crate's service and actions (`SERVICE`, `server::ACTIONS`).
    pub fn from_meta(
        service: &ServiceMeta,
        actions: &[ActionMeta],
        dispatcher: impl Dispatch,
    ) -> Self {
        Self::new(service.name, service.version, dispatcher)
            .with_actions(actions.iter().map(|a| (a.name.to_owned(), a.qps_limit)))
    }

    /// Adds `action`, limited to `qps_limit` requests per second when the server
    /// enforces limits.
    #[must_use]
    pub fn with_action(mut self, action: impl Into<String>, qps_limit: Option<u32>) -> Self {
        self.actions.insert(action.into(), qps_limit);
        self
    }

    /// Adds every `(action, qps_limit)`.
    #[must_use]
    pub fn with_actions(
        mut self,
        actions: impl IntoIterator<Item = (String, Option<u32>)>,
    ) -> Self {
        self.actions.extend(actions);
        self
    }

    /// The parameter types that turn form requests (GET, v1) into typed JSON.
    #[must_use]
    pub fn with_param_types(mut self, types: ParamTypes) -> Self {
        self.param_types = types;
        self
    }

    /// The service's short name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The API version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Whether the service version has `action`.
    pub fn has_action(&self, action: &str) -> bool {
        self.actions.contains_key(action)
    }
}

impl fmt::Debug for ServiceVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceVersion")
            .field("name", &self.name)
            .field("version", &self.version)
            .field("actions", &self.actions.len())
            .finish_non_exhaustive()
    }
}

/// Every service version a server answers for, keyed by service name and version.
///
/// ```
/// use tencentcloud_server::{ServiceVersion, Services, dispatch_fn};
///
/// let echo = || dispatch_fn(|action, _body| async move { Ok(serde_json::json!({ "Action": action })) });
/// let mut services = Services::new();
/// services.insert(ServiceVersion::new("cvm", "2017-03-12", echo()).with_action("DescribeRegions", None));
/// services.insert(ServiceVersion::new("vpc", "2017-03-12", echo()).with_action("DescribeVpcs", None));
/// assert_eq!(services.len(), 2);
/// assert!(services.get("vpc", "2017-03-12").is_some());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Services {
    by_name: BTreeMap<String, BTreeMap<String, ServiceVersion>>,
}

impl Services {
    /// No services yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Serves `service`; returns the one it replaces, if that name and version were
    /// served already.
    pub fn insert(&mut self, service: ServiceVersion) -> Option<ServiceVersion> {
        self.by_name
            .entry(service.name.clone())
            .or_default()
            .insert(service.version.clone(), service)
    }

    /// The service version served as `name` and `version`.
    pub fn get(&self, name: &str, version: &str) -> Option<&ServiceVersion> {
        self.by_name.get(name)?.get(version)
    }

    /// The versions of `name` served, oldest first.
    pub fn versions(&self, name: &str) -> impl Iterator<Item = &str> {
        self.by_name
            .get(name)
            .into_iter()
            .flat_map(|versions| versions.keys().map(String::as_str))
    }

    /// Every service version served, by name then version.
    pub fn iter(&self) -> impl Iterator<Item = &ServiceVersion> {
        self.by_name.values().flat_map(BTreeMap::values)
    }

    /// How many service versions are served.
    pub fn len(&self) -> usize {
        self.by_name.values().map(BTreeMap::len).sum()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Whether any version of `name` is served.
    pub(crate) fn has_name(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// The one service name served, when there is only one.
    pub(crate) fn only_name(&self) -> Option<&str> {
        let mut names = self.by_name.keys();
        match (names.next(), names.next()) {
            (Some(name), None) => Some(name),
            _ => None,
        }
    }

    /// The one service that has `version` and `action`, for a v1 request to a host
    /// that does not name it (v1 signatures carry no service).
    pub(crate) fn unique_with(&self, version: &str, action: &str) -> Option<&str> {
        let mut found = self
            .by_name
            .iter()
            .filter(|(_, versions)| versions.get(version).is_some_and(|s| s.has_action(action)))
            .map(|(name, _)| name.as_str());
        match (found.next(), found.next()) {
            (Some(name), None) => Some(name),
            _ => None,
        }
    }
}

/// The service a host names: `<service>.tencentcloudapi.com` or
/// `<service>.<region>.tencentcloudapi.com` (any port); `None` for another host, such
/// as a loopback address.
pub(crate) fn service_of_host(host: &str) -> Option<&str> {
    let host = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    let stem = host.strip_suffix(".tencentcloudapi.com")?;
    let service = stem.split('.').next()?;
    (!service.is_empty()).then_some(service)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_names_the_service_on_the_root_and_regional_domains() {
        assert_eq!(service_of_host("cvm.tencentcloudapi.com"), Some("cvm"));
        assert_eq!(
            service_of_host("cvm.ap-guangzhou.tencentcloudapi.com"),
            Some("cvm")
        );
        assert_eq!(service_of_host("vpc.tencentcloudapi.com:443"), Some("vpc"));
        assert_eq!(service_of_host("127.0.0.1:9100"), None);
        assert_eq!(service_of_host("localhost"), None);
        assert_eq!(service_of_host(".tencentcloudapi.com"), None);
    }
}
