//! Hand-written runtime for the generated Tencent Cloud SDK crates.
//!
//! This crate knows nothing of any particular service. Generated crates such as
//! `tencentcloud-scf` describe their service with [`ServiceMeta`] and [`ActionMeta`]
//! and call [`ServiceClient::call`]; everything on the wire (signing, headers,
//! transport, the response envelope, errors) lives here.
//!
//! ```no_run
//! # use tencentcloud_runtime::{ActionMeta, Config, ServiceClient, ServiceMeta};
//! # static SCF: ServiceMeta = ServiceMeta { name: "scf", version: "2018-04-16", endpoint: "scf.tencentcloudapi.com" };
//! # static ACTION: ActionMeta = ActionMeta { name: "TerminateAsyncEvent", qps_limit: None, idempotent: false };
//! # #[derive(Debug)] struct Code(String);
//! # impl tencentcloud_runtime::ErrorCode for Code {
//! #     fn from_code(c: &str) -> Self { Code(c.to_owned()) }
//! #     fn as_code(&self) -> &str { &self.0 }
//! # }
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // Credentials from TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY.
//! let config = Config::from_env()?;
//! let client = ServiceClient::new(&SCF, &config)?;
//! let request = serde_json::json!({ "FunctionName": "hello", "InvokeRequestId": "abc" });
//! let response: serde_json::Value = client.call::<_, _, Code>(&ACTION, &request).await?;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod client;
mod config;
pub mod credentials;
mod endpoint;
mod envelope;
mod error;
mod limiter;
mod paginate;
mod retry;
#[cfg(feature = "server")]
pub mod server;
mod service;
pub mod signing;
pub mod transport;

pub use client::ServiceClient;
pub use config::{Config, ConfigBuilder, ConfigError, Language, SignatureMethod};
pub use credentials::{
    Credentials, CredentialsError, DefaultCredentialsChain, ProvideCredentials,
    SharedCredentialsProvider,
};
pub use error::{
    Error, ErrorCode, InvalidRequestError, ResponseError, ServiceError, TransportError,
    TransportErrorKind,
};
pub use limiter::TokenBucket;
pub use paginate::{BoxStream, Paginator, Paging};
pub use retry::RetryConfig;
pub use service::{ActionMeta, ServiceMeta};
