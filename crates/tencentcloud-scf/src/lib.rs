//! Tencent Cloud **Serverless Cloud Function** (SCF), API version 2018-04-16.
//!
//! Everything below the crate root is generated at build time from
//! `spec/scf/2018-04-16.json` by `tencentcloud-codegen`; the wire work (signing,
//! transport, the response envelope, errors) is done by `tencentcloud-runtime`.
//!
//! - [`Client`] has one async method per action.
//! - [`operation`] has one module per action: `XRequest`, `XResponse` and `XError`,
//!   the enum of every code the action documents plus the common codes.
//! - [`types`] holds the structures several actions share.
//!
//! # Example
//!
//! ```no_run
//! use tencentcloud_scf::operation::terminate_async_event::{
//!     TerminateAsyncEventError, TerminateAsyncEventRequest,
//! };
//! use tencentcloud_scf::{Client, Config, Credentials, Error, ServiceError};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = Config::builder()
//!     .credentials(Credentials::from_env()?)
//!     .region("ap-guangzhou")
//!     .build()?;
//! let client = Client::new(&config)?;
//!
//! let request = TerminateAsyncEventRequest::new("helloworld", "b379787f-8487-4bac-bd8c-17a20a9ce40e")
//!     .set_namespace("default")
//!     .set_grace_shutdown(true);
//! match client.terminate_async_event(&request).await {
//!     Ok(response) => println!("terminated, RequestId {}", response.request_id),
//!     Err(Error::Service(ServiceError {
//!         code: TerminateAsyncEventError::ResourceNotFoundFunction,
//!         request_id,
//!         ..
//!     })) => println!("no such function (RequestId {request_id})"),
//!     Err(other) => return Err(other.into()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! A required parameter cannot be left out: `TerminateAsyncEventRequest::new` takes
//! every one, and the struct cannot be built any other way.
//!
//! ```compile_fail
//! // `InvokeRequestId` is required, so this does not compile.
//! let request = tencentcloud_scf::operation::terminate_async_event::TerminateAsyncEventRequest::new("helloworld");
//! ```
//!
//! ```compile_fail
//! // Nor can the struct be written out field by field outside this crate.
//! use tencentcloud_scf::operation::terminate_async_event::TerminateAsyncEventRequest;
//! let request = TerminateAsyncEventRequest {
//!     function_name: "helloworld".into(),
//!     invoke_request_id: "id".into(),
//!     namespace: None,
//!     grace_shutdown: None,
//! };
//! ```

// Published docs are web Markdown: bare URLs and bracketed words are not rustdoc links.
#![allow(
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags
)]

include!(concat!(env!("OUT_DIR"), "/scf.rs"));
