//! What a service crate's `build.rs` does, so that the script itself is one call.
//!
//! A service crate ships its specs in `spec/<version>.json`. At build time each is
//! generated into `$OUT_DIR/v<YYYYMMDD>.rs`, which `src/lib.rs` includes as module
//! `v<YYYYMMDD>`; the default version is also re-exported at the crate root. With the
//! `server` feature, the published examples become tests too,
//! `$OUT_DIR/v<YYYYMMDD>_examples.rs`.
//!
//! A service crate's whole `build.rs` is
//! `fn main() { tencentcloud_codegen::build::service_crate("tencentcloud-scf") }`. It also
//! gives the absolute path of its `spec/` to the build scripts of crates that depend on
//! it (the crate's `links` key makes it `DEP_TENCENTCLOUD_SCF_SPEC_DIR`), for the
//! user's side: a crate that generates a service into itself, with additions of its own
//! ([`with_additions`]) or only the actions it calls ([`select`]). Such a crate depends
//! on the service crate with `default-features = false`, which leaves out the `client`
//! feature: the service crate then generates and compiles nothing.

use std::path::{Path, PathBuf};

use crate::{Error, Settings, SpecIssue};

/// The specs of the crate at `manifest_dir`: `(version, path)`, oldest first.
///
/// # Errors
///
/// When `spec/` cannot be read.
pub fn specs(manifest_dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    spec_files(&manifest_dir.join("spec"))
}

/// The specs in `dir`: `(version, path)`, oldest first.
///
/// # Errors
///
/// When `dir` cannot be read.
pub fn spec_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        file: dir.to_owned(),
        source,
    })?;
    let mut specs: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|p| {
            let version = p.file_name()?.to_str()?.strip_suffix(".json")?.to_owned();
            Some((version, p))
        })
        .collect();
    specs.sort();
    Ok(specs)
}

/// The module a version is generated into: `2018-04-16` → `v20180416`.
pub fn version_module(version: &str) -> String {
    format!("v{}", version.replace('-', ""))
}

/// Generates every spec of the crate being built into `OUT_DIR`, when its `client`
/// feature is on. On a bad spec it prints every problem (file and JSON path) and stops
/// the build, without a panic.
pub fn service_crate(crate_name: &str) {
    let dir = |var: &str| std::env::var_os(var).map(PathBuf::from);
    let (Some(manifest), Some(out)) = (dir("CARGO_MANIFEST_DIR"), dir("OUT_DIR")) else {
        fail(&"tencentcloud_codegen::build::service_crate runs in a build script");
    };
    println!("cargo:rerun-if-changed=spec");
    // `cargo::` needs Rust 1.77; the crates need 1.88.
    println!(
        "cargo::metadata=spec_dir={}",
        manifest.join("spec").display()
    );
    // Without the `client` feature the crate is its spec only, for dependents' build
    // scripts ([`select`], [`with_additions`]): nothing to generate or compile.
    if std::env::var_os("CARGO_FEATURE_CLIENT").is_none() {
        return;
    }
    // Without the `server` feature there is no server side to generate, and no example
    // tests (only the server side can decode a published request): users' builds
    // skip both.
    let server = std::env::var_os("CARGO_FEATURE_SERVER").is_some();
    match generate_crate(crate_name, &manifest, &out, server) {
        Ok(read) => {
            for path in read {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        Err(err) => fail(&err),
    }
}

/// What [`service_crate`] does, with its directories given; returns the specs it read.
/// With `server`, the code has its server side and each version's published examples
/// are written as tests too, `v<YYYYMMDD>_examples.rs`.
///
/// # Errors
///
/// When a spec is missing, unreadable or invalid, or `out` is not writable.
pub fn generate_crate(
    crate_name: &str,
    manifest: &Path,
    out: &Path,
    server: bool,
) -> Result<Vec<PathBuf>, Error> {
    let specs = specs(manifest)?;
    if specs.is_empty() {
        return Err(Error::Read {
            file: manifest.join("spec"),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no *.json spec"),
        });
    }
    let mut loaded = Vec::new();
    for (version, path) in &specs {
        loaded.push((version, path, crate::load::read(path)?));
    }
    // The crate root re-exports the default version (the newest when none says so).
    let root = loaded
        .iter()
        .position(|(_, _, spec)| spec.service.default)
        .unwrap_or(loaded.len() - 1);
    for (i, (version, path, spec)) in loaded.iter().enumerate() {
        let module = version_module(version);
        let label = format!("{crate_name}/spec/{version}.json");
        let mut settings = Settings::new(label).with_crate_name(crate_name);
        if i != root {
            settings = settings.with_module(&module);
        }
        settings = if server {
            settings.with_example_tests()
        } else {
            settings.without_server()
        };
        let generated = crate::generate_spec(path, spec, &settings)?;
        write_if_changed(&out.join(format!("{module}.rs")), &generated.code)?;
        if let Some(tests) = &generated.examples {
            write_if_changed(&out.join(format!("{module}_examples.rs")), tests)?;
        }
    }
    Ok(specs.into_iter().map(|(_, path)| path).collect())
}

/// Generates a service's spec with additions of the crate being built: the user's side
/// of [`crate::additions`]. The crate depends on `tencentcloud-<service>` (in
/// `[dependencies]`, as `default-features = false` to have its spec without compiling
/// its code: cargo gives the spec directory only to direct dependents) and calls, in its
/// `build.rs`,
///
/// ```no_run
/// tencentcloud_codegen::build::with_additions("scf", "scf_with_additions", &["additions/scf.json"]);
/// ```
///
/// which writes `$OUT_DIR/scf_with_additions.rs`: the whole client of the merged spec,
/// with its server side when the crate has a `server` feature and it is on. The crate
/// includes it as a module:
///
/// ```ignore
/// pub mod scf {
///     include!(concat!(env!("OUT_DIR"), "/scf_with_additions.rs"));
/// }
/// ```
///
/// `additions` are paths relative to the crate's manifest, merged in order. On any
/// problem it prints every one (file and JSON path) and stops the build, without a
/// panic.
#[track_caller]
pub fn with_additions(service: &str, module: &str, additions: &[&str]) {
    let at = caller("with_additions", service);
    user_module(&at, service, module, additions, None);
}

/// Generates the client of a few actions of a service into the crate being built: those
/// actions with their requests, responses and error enums, exactly the shapes they
/// reach, their paginators and streams, the stub, and the server side when the crate
/// has a `server` feature and it is on. Each item is the full crate's, at the same path
/// in the module, so moving to the full crate is a change of imports ([`crate::select`]
/// says what differs).
///
/// The crate depends on `tencentcloud-<service>` for its spec only:
///
/// ```toml
/// [dependencies]
/// tencentcloud-runtime = "0.1"
/// tencentcloud-cvm = { version = "0.1", default-features = false }  # its spec, not its code
/// serde = { version = "1", features = ["derive"] }
///
/// [build-dependencies]
/// tencentcloud-codegen = { version = "0.1", default-features = false }
/// ```
///
/// and calls, in its `build.rs`,
///
/// ```no_run
/// tencentcloud_codegen::build::select(
///     "cvm",
///     "cvm_client",
///     &["DescribeInstances", "RunInstances", "TerminateInstances"],
/// );
/// ```
///
/// which writes `$OUT_DIR/cvm_client.rs`, to include as a module:
///
/// ```ignore
/// pub mod cvm {
///     include!(concat!(env!("OUT_DIR"), "/cvm_client.rs"));
/// }
/// ```
///
/// `actions` are wire names. An unknown one, an empty list or a service the crate does
/// not depend on stops the build with the place in `build.rs`, the name and the closest
/// names, without a panic.
#[track_caller]
pub fn select(service: &str, module: &str, actions: &[&str]) {
    let at = caller("select", service);
    user_module(&at, service, module, &[], Some(actions));
}

/// [`select`] from the service's spec with additions merged in ([`with_additions`]):
/// `actions` may name added actions too.
#[track_caller]
pub fn select_with_additions(service: &str, module: &str, actions: &[&str], additions: &[&str]) {
    let at = caller("select_with_additions", service);
    user_module(&at, service, module, additions, Some(actions));
}

/// Where a build-script entry point was called from, for its messages:
/// `build.rs:3:5: select("cvm")`.
#[track_caller]
fn caller(function: &str, service: &str) -> String {
    let location = std::panic::Location::caller();
    format!("{location}: {function}({service:?})")
}

/// What [`with_additions`], [`select`] and [`select_with_additions`] do in a build
/// script: check the names, find the spec, generate, write `$OUT_DIR/<module>.rs`.
fn user_module(
    at: &str,
    service: &str,
    module: &str,
    additions: &[&str],
    actions: Option<&[&str]>,
) {
    let dir = |var: &str| std::env::var_os(var).map(PathBuf::from);
    let (Some(manifest), Some(out)) = (dir("CARGO_MANIFEST_DIR"), dir("OUT_DIR")) else {
        fail(&format!("{at}: runs in a build script"));
    };
    let name_ok = |s: &str, extra: &[char]| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || extra.contains(&c))
    };
    if !name_ok(service, &[]) {
        fail(&format!(
            "{at}: {service:?} is not a service name such as \"scf\""
        ));
    }
    if !name_ok(&module.to_ascii_lowercase(), &['_', '-']) {
        fail(&format!(
            "{at}: {module:?} is not a file name of letters, digits, `_` and `-`"
        ));
    }
    // Printed first, so that fixing a file the build failed on reruns it.
    for path in additions {
        println!("cargo:rerun-if-changed={path}");
    }
    let spec_dir = match dependency_spec_dir(service, std::env::vars_os()) {
        Ok(dir) => dir,
        Err(message) => fail(&format!("{at}: {message}")),
    };
    let server = std::env::var_os("CARGO_FEATURE_SERVER").is_some();
    let selection = actions.map(|actions| Selection {
        at: at.to_owned(),
        actions,
    });
    let generated = generate_user_module(
        service,
        &spec_dir,
        &manifest,
        additions,
        selection.as_ref(),
        server,
    )
    .and_then(|(code, spec)| {
        write_if_changed(&out.join(format!("{module}.rs")), &code)?;
        Ok(spec)
    });
    match generated {
        Ok(spec) => println!("cargo:rerun-if-changed={}", spec.display()),
        Err(err) => fail(&err),
    }
}

/// The spec directory the dependency `tencentcloud-<service>` gives this build script,
/// from its environment `vars`.
///
/// # Errors
///
/// When there is none: the message names the variable, the dependency to add, and the
/// services the crate does depend on that are close to `service`.
pub fn dependency_spec_dir(
    service: &str,
    vars: impl Iterator<Item = (std::ffi::OsString, std::ffi::OsString)>,
) -> Result<PathBuf, String> {
    let var = format!("DEP_TENCENTCLOUD_{}_SPEC_DIR", service.to_ascii_uppercase());
    let mut shipped = Vec::new();
    for (name, value) in vars {
        let Some(name) = name.to_str() else { continue };
        if name == var {
            return Ok(PathBuf::from(value));
        }
        if let Some(other) = name
            .strip_prefix("DEP_TENCENTCLOUD_")
            .and_then(|rest| rest.strip_suffix("_SPEC_DIR"))
        {
            shipped.push(other.to_ascii_lowercase().replace('_', "-"));
        }
    }
    shipped.sort();
    let depends = if shipped.is_empty() {
        "it depends on no service crate".to_owned()
    } else {
        let crates: Vec<String> = shipped
            .iter()
            .map(|s| format!("tencentcloud-{s}"))
            .collect();
        let close = crate::select::close_matches(service, shipped.iter().map(String::as_str));
        format!(
            "it depends on {}{}",
            crates.join(", "),
            crate::select::did_you_mean(&close)
        )
    };
    Err(format!(
        "no service {service:?} to generate: the crate does not depend on \
         tencentcloud-{service} in [dependencies] ({var} is not set); {depends}"
    ))
}

/// The actions a user's crate selects, and where it names them (`build.rs:3:5:
/// select("cvm")`), which problems with the selection are reported at.
#[derive(Debug, Clone)]
pub struct Selection<'a> {
    /// Where the selection is written.
    pub at: String,
    /// The actions, by wire name.
    pub actions: &'a [&'a str],
}

/// What [`with_additions`] does, with its directories given: reads `additions` (paths
/// relative to `manifest`, and how problems name them), merges them into the spec they
/// extend from `spec_dir`, and returns the generated code and the spec's path.
///
/// # Errors
///
/// When a file cannot be read or parsed, or the additions conflict with the spec or
/// break a rule; every problem of every file is listed.
pub fn generate_with_additions(
    service: &str,
    spec_dir: &Path,
    manifest: &Path,
    additions: &[&str],
    server: bool,
) -> Result<(String, PathBuf), Error> {
    generate_user_module(service, spec_dir, manifest, additions, None, server)
}

/// What [`with_additions`], [`select`] and [`select_with_additions`] generate, with
/// their directories given: the spec in `spec_dir` with `additions` (paths relative to
/// `manifest`) merged in, cut to `selection` when there is one. Returns the code and
/// the path of the spec it read.
///
/// # Errors
///
/// As [`generate_with_additions`]; and, with a selection, every action it names that
/// the spec does not have (with the closest names), or none at all.
pub fn generate_user_module(
    service: &str,
    spec_dir: &Path,
    manifest: &Path,
    additions: &[&str],
    selection: Option<&Selection<'_>>,
    server: bool,
) -> Result<(String, PathBuf), Error> {
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for path in additions {
        let label = PathBuf::from(path);
        let read = std::fs::read_to_string(manifest.join(path))
            .map_err(|source| Error::Read {
                file: label.clone(),
                source,
            })
            .and_then(|text| crate::additions::parse(&label, &text));
        match read {
            Ok(a) => parsed.push((label, a)),
            Err(err) => errors.push(err),
        }
    }
    if !errors.is_empty() {
        return Err(crate::additions::one_or_several(errors));
    }
    let (path, spec) = crate::additions::shipped_spec(spec_dir, &parsed)?;
    let merged = crate::additions::merge(&path, &spec, &parsed)?;
    let mut label = format!("tencentcloud-{service}/spec/{}.json", spec.service.version);
    for path in additions {
        label = format!("{label} + {path}");
    }
    let ir = match selection {
        None => merged.ir,
        Some(selection) => {
            let selected =
                crate::select::select(&merged.ir, selection.actions).map_err(|issues| {
                    Error::Invalid {
                        file: PathBuf::from(&selection.at),
                        issues: issues
                            .into_iter()
                            .map(|i| SpecIssue {
                                path: format!("actions{}", i.path),
                                message: i.message,
                            })
                            .collect(),
                    }
                })?;
            let names: Vec<&str> = selected
                .actions
                .iter()
                .map(|a| a.wire_name.as_str())
                .collect();
            label = format!(
                "{label}, {} of {} actions: {}",
                names.len(),
                merged.ir.actions.len(),
                names.join(", ")
            );
            selected
        }
    };
    // No crate name: doc examples would have to name a path of the user's crate.
    let mut settings = Settings::new(label);
    if !server {
        settings = settings.without_server();
    }
    let code = crate::format::format(&settings.spec_label, crate::emit::service(&ir, &settings));
    Ok((code, path))
}

fn fail(err: &dyn std::fmt::Display) -> ! {
    // One warning per line, so cargo shows each problem even without `-vv`.
    for line in err.to_string().lines() {
        println!("cargo:warning={line}");
    }
    eprintln!("error: {err}");
    std::process::exit(1);
}

/// Writing only on change keeps the file's mtime, so rustc does not rebuild needlessly.
fn write_if_changed(path: &Path, text: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|source| Error::Write {
        file: path.to_owned(),
        source,
    })
}
