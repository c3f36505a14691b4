//! A signature-checking mock of every Tencent Cloud API 3.0 service, driven by the
//! specs at run time.
//!
//! [`Catalog::load_dir`] reads the format-2 specs (the `spec/` folder of the SDK's
//! repository, or the `spec/` of any service crate) into a compact model; a [`Mock`]
//! serves every service version of it behind one [`tencentcloud_server`] listener,
//! as the real endpoint does: the service from the host (`cvm.tencentcloudapi.com`,
//! `cvm.ap-guangzhou.tencentcloudapi.com`) or else the signature's credential scope,
//! the version from `X-TC-Version`, the action from `X-TC-Action`; TC3 and v1, POST
//! JSON and GET. Signatures, clock skew and body size are checked by the server.
//!
//! Each accepted request is checked against the action's input ([`validate`]):
//! required members present, each member of its type (nested shapes and lists), no
//! unknown member; a refusal names the member path (`Filters.0.Name`) with
//! `MissingParameter`, `InvalidParameterValue`, `UnknownParameter` or
//! `InvalidParameter`. It is then answered ([`answer`]) with the action's published
//! example response (a fresh RequestId), or the smallest response valid for its
//! output; a streaming action asked for a stream answers `text/event-stream`.
//!
//! In front of that default, per action: canned answers ([`Responses`], from a JSON
//! file) and, per service version, any [`Dispatch`], such as a generated crate's
//! `server::Service` (an action it answers with the generated
//! `UnsupportedOperation` falls through to the default).
//!
//! ```no_run
//! use tencentcloud_mock::{Catalog, Mock};
//! use tencentcloud_server::ServerConfig;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let catalog = Catalog::load_dir("spec".as_ref(), None)?;
//! let config = ServerConfig::any_service().credential("AKIDtest", "test-key");
//! let server = Mock::new(catalog).bind(config, "127.0.0.1:0").await?;
//! println!("every service on {}", server.endpoint());
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

pub mod answer;
mod catalog;
mod dispatch;
pub mod responses;
pub mod spec;
pub mod validate;

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use tencentcloud_server::{
    Dispatch, RunningServer, Server, ServerConfig, ServiceVersion, Services,
};
use tokio::net::ToSocketAddrs;

pub use catalog::{Catalog, LoadError};
pub use responses::Responses;

use crate::dispatch::SpecDispatch;

/// The mock: a catalog of specs, canned responses and overrides, ready to serve.
pub struct Mock {
    catalog: Catalog,
    responses: Arc<Responses>,
    overrides: HashMap<(String, String), Arc<dyn Dispatch>>,
}

impl std::fmt::Debug for Mock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mock")
            .field("service_versions", &self.catalog.len())
            .field("responses", &self.responses.len())
            .field("overrides", &self.overrides.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Mock {
    /// Serves every service version of `catalog` from its specs.
    pub fn new(catalog: Catalog) -> Self {
        Mock {
            catalog,
            responses: Arc::new(Responses::new()),
            overrides: HashMap::new(),
        }
    }

    /// Answers from `responses` first, where a rule matches.
    #[must_use]
    pub fn with_responses(mut self, responses: Responses) -> Self {
        self.responses = Arc::new(responses);
        self
    }

    /// Runs the actions of `service` `version` with `dispatcher` (after validation
    /// and canned responses); an action it answers with a generated crate's
    /// `UnsupportedOperation` gets the spec-driven answer.
    #[must_use]
    pub fn with_override(
        mut self,
        service: impl Into<String>,
        version: impl Into<String>,
        dispatcher: impl Dispatch,
    ) -> Self {
        self.overrides
            .insert((service.into(), version.into()), Arc::new(dispatcher));
        self
    }

    /// The catalog served.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Every service version of the catalog as the server's registry.
    pub fn services(&self) -> Services {
        let mut services = Services::new();
        for spec in self.catalog.iter() {
            let key = (spec.name.clone(), spec.version.clone());
            let dispatcher = SpecDispatch {
                spec: Arc::clone(spec),
                responses: Arc::clone(&self.responses),
                custom: self.overrides.get(&key).cloned(),
            };
            services.insert(
                ServiceVersion::new(spec.name.clone(), spec.version.clone(), dispatcher)
                    .with_actions(
                        spec.actions
                            .values()
                            .map(|a| (a.name.to_string(), a.qps_limit)),
                    )
                    .with_param_types(spec.param_types()),
            );
        }
        services
    }

    /// A server of every service version, with the keys and limits of `config`
    /// (its own service is ignored: see [`ServerConfig::any_service`]).
    pub fn server(&self, config: ServerConfig) -> Server {
        Server::with_services(config, self.services())
    }

    /// Serves on `addr` (port 0 picks a free one) on the current tokio runtime.
    ///
    /// # Errors
    ///
    /// When `addr` cannot be bound.
    pub async fn bind(
        self,
        config: ServerConfig,
        addr: impl ToSocketAddrs,
    ) -> io::Result<RunningServer> {
        self.server(config).bind(addr).await
    }
}
