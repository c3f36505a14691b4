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
//! it (the crate's `links` key makes it `DEP_TENCENTCLOUD_SCF_SPEC_DIR`), for
//! [`with_additions`]: a user's crate generates the spec with additions of its own. Such
//! a crate depends on the service crate with `default-features = false`, which leaves
//! out the `client` feature: the service crate then generates and compiles nothing.

use std::path::{Path, PathBuf};

use crate::{Error, Settings};

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
    // scripts ([`with_additions`]): nothing to generate or compile.
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
pub fn with_additions(service: &str, module: &str, additions: &[&str]) {
    let dir = |var: &str| std::env::var_os(var).map(PathBuf::from);
    let (Some(manifest), Some(out)) = (dir("CARGO_MANIFEST_DIR"), dir("OUT_DIR")) else {
        fail(&"tencentcloud_codegen::build::with_additions runs in a build script");
    };
    let name_ok = |s: &str, extra: &[char]| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || extra.contains(&c))
    };
    if !name_ok(service, &[]) {
        fail(&format!(
            "with_additions: {service:?} is not a service name such as \"scf\""
        ));
    }
    if !name_ok(&module.to_ascii_lowercase(), &['_', '-']) {
        fail(&format!(
            "with_additions: {module:?} is not a file name of letters, digits, `_` and `-`"
        ));
    }
    // Printed first, so that fixing a file the build failed on reruns it.
    for path in additions {
        println!("cargo:rerun-if-changed={path}");
    }
    let var = format!("DEP_TENCENTCLOUD_{}_SPEC_DIR", service.to_ascii_uppercase());
    let Some(spec_dir) = dir(&var) else {
        fail(&format!(
            "{var} is not set: the crate must depend on tencentcloud-{service} in \
             [dependencies], whose build script sets it"
        ));
    };
    let server = std::env::var_os("CARGO_FEATURE_SERVER").is_some();
    let generated = generate_with_additions(service, &spec_dir, &manifest, additions, server)
        .and_then(|(code, spec)| {
            write_if_changed(&out.join(format!("{module}.rs")), &code)?;
            Ok(spec)
        });
    match generated {
        Ok(spec) => println!("cargo:rerun-if-changed={}", spec.display()),
        Err(err) => fail(&err),
    }
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
    // No crate name: doc examples would have to name a path of the user's crate.
    let mut settings = Settings::new(label);
    if !server {
        settings = settings.without_server();
    }
    let code = crate::format::format(
        &settings.spec_label,
        crate::emit::service(&merged.ir, &settings),
    );
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
