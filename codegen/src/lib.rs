//! The Tencent Cloud SDK generator.
//!
//! Its data path runs one way: spec file → [`spec::Spec`] (serde) → [`model::Model`]
//! (validated, types resolved) → [`ir::ServiceIr`] (Rust names and types decided) →
//! `TokenStream` → formatted text. No stage reaches back into an earlier one.
//!
//! Build scripts call [`generate`]; the `tencentcloud-codegen` binary wraps the same
//! functions for people.
//!
//! ```no_run
//! // build.rs of a service crate
//! let settings = tencentcloud_codegen::Settings::new("spec/scf/2018-04-16.json")
//!     .with_crate_name("tencentcloud-scf");
//! let code = tencentcloud_codegen::generate("../../spec/scf/2018-04-16.json".as_ref(), &settings)?;
//! # Ok::<(), tencentcloud_codegen::Error>(())
//! ```

#![warn(missing_docs)]

pub mod additions;
pub mod batch;
pub mod build;
pub mod common;
pub mod emit;
pub mod error;
pub mod format;
pub mod import;
pub mod ir;
pub mod load;
pub mod model;
pub mod naming;
pub mod print;
pub mod scaffold;
pub mod select;
pub mod spec;

use std::path::Path;

pub use error::{Error, SpecIssue};

/// Every generation option, in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// How the header names the spec, e.g. `spec/scf/2018-04-16.json`. A label rather
    /// than the path it was read from, so that output does not depend on the checkout.
    pub spec_label: String,
    /// The crate the code is compiled into; enables doc examples that name it.
    pub crate_name: Option<String>,
    /// The module of that crate the code is included in (`v20180416`), when doc
    /// examples cannot reach it from the crate root.
    pub module: Option<String>,
    /// Whether [`generate_spec`] also makes the published examples as tests.
    pub example_tests: bool,
    /// Whether the server side is emitted (behind the crate's `server` feature). A
    /// build script leaves it out when the feature is off, so users' builds neither
    /// generate nor parse it.
    pub server: bool,
}

impl Settings {
    /// Settings with the given header label and no doc examples.
    pub fn new(spec_label: impl Into<String>) -> Self {
        Settings {
            spec_label: spec_label.into(),
            crate_name: None,
            module: None,
            example_tests: false,
            server: true,
        }
    }

    /// Emits doc examples that `use` this crate.
    #[must_use]
    pub fn with_crate_name(mut self, crate_name: impl Into<String>) -> Self {
        self.crate_name = Some(crate_name.into());
        self
    }

    /// Doc examples reach the code through this module of the crate.
    #[must_use]
    pub fn with_module(mut self, module: impl Into<String>) -> Self {
        self.module = Some(module.into());
        self
    }

    /// Leaves out the server side, for a build without the `server` feature.
    #[must_use]
    pub fn without_server(mut self) -> Self {
        self.server = false;
        self
    }

    /// [`generate_spec`] also makes the published examples as tests.
    #[must_use]
    pub fn with_example_tests(mut self) -> Self {
        self.example_tests = true;
        self
    }

    /// The path doc examples `use` the code by (`tencentcloud_scf::v20180416`), when
    /// there is a crate name.
    pub fn doc_path(&self) -> Option<String> {
        let krate = self.crate_name.as_deref()?.replace('-', "_");
        Some(match &self.module {
            Some(module) => format!("{krate}::{module}"),
            None => krate,
        })
    }
}

/// Reads and validates the spec at `path`, without generating anything.
///
/// # Errors
///
/// When the file cannot be read, does not parse, or breaks a rule.
pub fn check(path: &Path) -> Result<ir::ServiceIr, Error> {
    let spec = load::read(path)?;
    let model = model::validate(path, &spec)?;
    ir::lower(path, &model)
}

/// Generates formatted Rust source for the spec at `path`.
///
/// # Errors
///
/// As [`check`], plus a generator bug if the output fails to parse.
pub fn generate(path: &Path, settings: &Settings) -> Result<String, Error> {
    let ir = check(path)?;
    Ok(format::format(
        &settings.spec_label,
        emit::service(&ir, settings),
    ))
}

/// Generates the published examples of the spec at `path` as tests: one
/// `example_test!(name, Request, Response, "request", "response");` per example, for a
/// test file of the crate named in `settings` that defines the macro.
///
/// # Errors
///
/// As [`generate`].
pub fn generate_example_tests(path: &Path, settings: &Settings) -> Result<String, Error> {
    let ir = check(path)?;
    let doc_path = settings.doc_path().unwrap_or_else(|| "crate".to_owned());
    Ok(format::format(
        &settings.spec_label,
        emit::example_tests(&ir, &doc_path),
    ))
}

/// The code of a spec and its published examples as tests, from one validation.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The service's code, as [`generate`] makes it.
    pub code: String,
    /// Its examples, as [`generate_example_tests`] makes them, when the settings ask.
    pub examples: Option<String>,
}

/// [`generate`] of a spec already read, and [`generate_example_tests`] when the
/// settings ask, validated once.
///
/// # Errors
///
/// When the spec breaks a rule.
pub fn generate_spec(
    path: &Path,
    spec: &spec::Spec,
    settings: &Settings,
) -> Result<Generated, Error> {
    let model = model::validate(path, spec)?;
    let ir = ir::lower(path, &model)?;
    let doc_path = settings.doc_path().unwrap_or_else(|| "crate".to_owned());
    Ok(Generated {
        code: format::format(&settings.spec_label, emit::service(&ir, settings)),
        examples: settings
            .example_tests
            .then(|| format::format(&settings.spec_label, emit::example_tests(&ir, &doc_path))),
    })
}

/// Generates formatted Rust source from spec text; `path` only labels errors.
///
/// # Errors
///
/// As [`generate`].
pub fn generate_str(path: &Path, text: &str, settings: &Settings) -> Result<String, Error> {
    let spec = load::parse(path, text)?;
    let model = model::validate(path, &spec)?;
    let ir = ir::lower(path, &model)?;
    Ok(format::format(
        &settings.spec_label,
        emit::service(&ir, settings),
    ))
}

/// The runtime's `common_code.rs`, generated from [`common::COMMON_CODES`].
pub fn common_code_source() -> String {
    format::committed("codegen/src/common.rs", emit::common_code_module())
}
