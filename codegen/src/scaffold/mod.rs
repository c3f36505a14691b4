//! The service crates themselves, generated from the list of specs: one crate per
//! service, `services/tencentcloud-<service>/`, each with its `Cargo.toml`, `build.rs`,
//! `src/lib.rs`, `README.md` and its specs (links to `spec/<service>/<version>.json`,
//! packaged as files). Plus `services/Cargo.toml`, the workspace of the crates the root
//! workspace leaves out, and the README's table of services.
//!
//! Every file is a function of the specs, so [`check`] can tell when one is stale.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::build::version_module;
use crate::error::{Error, SpecIssue};
use crate::{load, model};

mod example;
mod readme;

use example::readme_example;
use readme::readme;

/// The version every crate of this repository is published at.
pub const VERSION: &str = "0.1.0";
/// Where the source lives.
pub const REPOSITORY: &str = "https://github.com/tencentcloud-rust/tencentcloud-sdk-rust";
/// The oldest Rust that builds the crates.
pub const RUST_VERSION: &str = "1.88";

/// One service crate.
#[derive(Debug, Clone)]
pub struct ServiceCrate {
    /// Service short name, e.g. `cvm`.
    pub service: String,
    /// Its versions, oldest first.
    pub versions: Vec<Version>,
    /// The service's title, from the root version's spec.
    pub title: String,
    /// Whether the title is Chinese.
    pub title_zh: bool,
    /// The service's description, from the root version's spec.
    pub doc: String,
    /// The README example: a call of one action of the root version.
    pub example: Example,
}

/// One API version of a service.
#[derive(Debug, Clone)]
pub struct Version {
    /// `YYYY-MM-DD`.
    pub version: String,
    /// Number of actions.
    pub actions: usize,
    /// Number of paged actions.
    pub paginators: usize,
    /// Whether the crate root re-exports it.
    pub root: bool,
}

/// A call for the README, as Rust.
#[derive(Debug, Clone)]
pub struct Example {
    /// The action's wire name.
    pub action: String,
    /// Statements that build `request` and call the action.
    pub code: String,
}

impl ServiceCrate {
    /// `tencentcloud-<service>`.
    pub fn crate_name(&self) -> String {
        format!("tencentcloud-{}", self.service)
    }

    /// The version the crate root re-exports.
    fn root(&self) -> &Version {
        // `crates` never makes a crate without a version, and marks one as the root.
        self.versions
            .iter()
            .find(|v| v.root)
            .unwrap_or(&self.versions[self.versions.len() - 1])
    }
}

/// Every service in `spec_dir`, by name.
///
/// # Errors
///
/// When a spec cannot be read or does not validate.
pub fn crates(spec_dir: &Path) -> Result<Vec<ServiceCrate>, Error> {
    let mut crates = Vec::new();
    for dir in sorted_entries(spec_dir)?.into_iter().filter(|p| p.is_dir()) {
        let service = file_name(&dir);
        if service == "sources" {
            continue;
        }
        let mut specs: Vec<PathBuf> = sorted_entries(&dir)?
            .into_iter()
            .filter(|p| {
                let name = file_name(p);
                name.ends_with(".json") && !name.ends_with(".overlay.json")
            })
            .collect();
        specs.sort();
        let mut versions = Vec::new();
        let mut loaded = Vec::new();
        for path in &specs {
            let spec = load::read(path)?;
            versions.push(Version {
                version: spec.service.version.clone(),
                actions: spec.actions.len(),
                paginators: spec.actions.values().filter(|a| a.paging.is_some()).count(),
                root: spec.service.default,
            });
            loaded.push((path, spec));
        }
        // As build.rs decides: the default version, else the newest.
        let root = versions
            .iter()
            .position(|v| v.root)
            .unwrap_or(versions.len().saturating_sub(1));
        let Some((path, spec)) = loaded.get(root) else {
            continue;
        };
        versions[root].root = true;
        let ir = crate::ir::lower(path, &model::validate(path, spec)?)?;
        let krate = format!("tencentcloud_{service}");
        let example = readme_example(&ir, &krate).ok_or_else(|| Error::Invalid {
            file: (*path).clone(),
            issues: vec![SpecIssue {
                path: "actions".to_owned(),
                message: "no action can be called in a README example".to_owned(),
            }],
        })?;
        crates.push(ServiceCrate {
            title: spec.service.title.clone(),
            title_zh: spec.service.doc_lang.as_deref() == Some("zh"),
            doc: spec.service.doc.clone(),
            service,
            versions,
            example,
        });
    }
    Ok(crates)
}

/// The files of a crate, relative to its directory: `(path, content)`. `extra` is the
/// crate's hand-written `manifest.extra.toml`, appended to its `Cargo.toml`.
pub fn crate_files(c: &ServiceCrate, extra: Option<&str>) -> Vec<(PathBuf, String)> {
    vec![
        (PathBuf::from("Cargo.toml"), manifest(c, extra)),
        (PathBuf::from("build.rs"), build_script(c)),
        (PathBuf::from("src/lib.rs"), lib_rs(c)),
        (PathBuf::from("README.md"), readme(c)),
    ]
}

/// The links a crate holds to its specs: `(spec/<version>.json, target)`.
pub fn spec_links(c: &ServiceCrate) -> Vec<(PathBuf, PathBuf)> {
    c.versions
        .iter()
        .map(|v| {
            let link = PathBuf::from(format!("spec/{}.json", v.version));
            let target = PathBuf::from(format!("../../../spec/{}/{}.json", c.service, v.version));
            (link, target)
        })
        .collect()
}

pub(crate) const GENERATED: &str = "Generated by `tencentcloud-codegen scaffold` from the specs in `spec/`; \
                         do not edit (`cargo run -p tencentcloud-codegen -- scaffold` rewrites it).";

fn manifest(c: &ServiceCrate, extra: Option<&str>) -> String {
    let name = c.crate_name();
    let versions: Vec<&str> = c.versions.iter().map(|v| v.version.as_str()).collect();
    let description = format!(
        "Tencent Cloud {} ({}) API {} for Rust: typed requests, responses and error codes, \
         generated from the published API description.",
        ascii_title(c),
        c.service,
        versions.join(", ")
    );
    let mut text = format!(
        r#"# {GENERATED}
# Hand-written additions go in manifest.extra.toml, appended at the end.

[package]
name = "{name}"
version = "{VERSION}"
edition = "2024"
rust-version = "{RUST_VERSION}"
license = "Apache-2.0"
repository = "{REPOSITORY}"
documentation = "https://docs.rs/{name}"
description = {description:?}
readme = "README.md"
keywords = ["tencentcloud", "tencent-cloud", "sdk", "api", {service:?}]
categories = ["api-bindings", "web-programming::http-client"]
build = "build.rs"
# Gives dependents' build scripts the path of spec/, as DEP_{links_var}_SPEC_DIR, so that
# they can generate the specs with additions of their own (tencentcloud_codegen::build).
links = "{name}"
include = ["build.rs", "src/**", "spec/*.json", "README.md", "Cargo.toml"]

[features]
default = ["rustls"]
# The generated code: client, operations, types. Each feature below turns it on; without
# any (`default-features = false`) the crate is its spec only, compiling nothing, for a
# build script that generates a few actions or additions of its own
# (tencentcloud_codegen::build::select, build::with_additions).
client = ["dep:tencentcloud-runtime", "dep:serde"]
# TLS for HTTPS: rustls (pure Rust) or the platform's (OpenSSL on Linux).
rustls = ["client", "tencentcloud-runtime/rustls"]
native-tls = ["client", "tencentcloud-runtime/native-tls"]
# The server side (`server::Service`, `server::dispatch`), for emulators and test doubles.
server = ["client", "tencentcloud-runtime/server", "dep:serde_json"]

[dependencies]
tencentcloud-runtime = {{ version = "{VERSION}", path = "../../crates/tencentcloud-runtime", default-features = false, optional = true }}
serde = {{ version = "1", features = ["derive"], optional = true }}
serde_json = {{ version = "1", optional = true }}

[build-dependencies]
tencentcloud-codegen = {{ version = "{VERSION}", path = "../../codegen", default-features = false }}

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}

# docs.rs documents every feature, and marks what one gates (`doc(cfg)`, nightly there).
[package.metadata.docs.rs]
all-features = true
rustdoc-args = ["--cfg", "docsrs"]
"#,
        service = c.service,
        links_var = name.to_uppercase().replace('-', "_"),
    );
    if let Some(extra) = extra {
        text.push_str("\n# From manifest.extra.toml.\n");
        text.push_str(extra);
    }
    text
}

fn build_script(c: &ServiceCrate) -> String {
    format!(
        "// {GENERATED}\n\n\
         fn main() {{\n    tencentcloud_codegen::build::service_crate({:?});\n}}\n",
        c.crate_name()
    )
}

fn lib_rs(c: &ServiceCrate) -> String {
    let mut text = format!(
        "// {GENERATED}\n\n\
         #![doc = include_str!(\"../README.md\")]\n\
         // On docs.rs, items a feature gates say which (the `server` module).\n\
         #![cfg_attr(docsrs, feature(doc_cfg))]\n\
         #![warn(missing_docs)]\n"
    );
    // Without `client` the crate is its spec only (build.rs generates nothing).
    for v in &c.versions {
        let module = version_module(&v.version);
        let also = if v.root {
            ", also re-exported at the crate root"
        } else {
            ""
        };
        let _ = write!(
            text,
            "\n/// API version {}: {} actions{also}.\n#[cfg(feature = \"client\")]\n\
             pub mod {module} {{\n    \
             include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\"));\n}}\n",
            v.version, v.actions
        );
    }
    let _ = writeln!(
        text,
        "\n#[cfg(feature = \"client\")]\npub use {}::*;",
        version_module(&c.root().version)
    );
    text
}

/// The title in ASCII for the crate description: a Chinese title is given with the
/// service's short name in capitals instead.
fn ascii_title(c: &ServiceCrate) -> String {
    if c.title.is_ascii() {
        c.title.clone()
    } else {
        c.service.to_uppercase()
    }
}

/// `services/Cargo.toml`: the workspace of every service crate the root workspace does
/// not hold (`root_members`, by service name).
pub fn workspace_manifest(crates: &[ServiceCrate], root_members: &BTreeSet<String>) -> String {
    let mut text = format!(
        "# {GENERATED}\n\
         #\n\
         # The service crates that the root workspace leaves out, so that its\n\
         # `cargo test --workspace` compiles only the few it holds. Build them here:\n\
         # `cargo check --manifest-path services/Cargo.toml -p tencentcloud-cvm`, or all of\n\
         # them with `bash scripts/check-all-services.sh`.\n\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n"
    );
    for c in crates.iter().filter(|c| !root_members.contains(&c.service)) {
        let _ = writeln!(text, "    \"{}\",", c.crate_name());
    }
    text.push_str("]\n\n");
    // Without this, cargo run in one of those crates' folders finds this workspace first
    // and refuses to build a crate it does not list; excluded, it looks further up.
    text.push_str(
        "# Members of the root workspace: cargo, run in their folders, finds that one.\n\
         exclude = [\n",
    );
    for c in crates.iter().filter(|c| root_members.contains(&c.service)) {
        let _ = writeln!(text, "    \"{}\",", c.crate_name());
    }
    text.push_str(
        "]\n\n# As in the root workspace: dependencies without debug info build faster.\n\
         [profile.dev.package.\"*\"]\ndebug = false\n",
    );
    text
}

/// The README's table of services, between its `services` markers.
pub fn services_table(crates: &[ServiceCrate]) -> String {
    let versions: usize = crates.iter().map(|c| c.versions.len()).sum();
    let actions: usize = crates
        .iter()
        .flat_map(|c| &c.versions)
        .map(|v| v.actions)
        .sum();
    let mut text = format!(
        "{} services, {versions} API versions, {actions} actions.\n\n\
         | Service | Crate | API versions | Actions |\n|---|---|---|---:|\n",
        crates.len()
    );
    for c in crates {
        let list: Vec<&str> = c.versions.iter().map(|v| v.version.as_str()).collect();
        let count: Vec<String> = c.versions.iter().map(|v| v.actions.to_string()).collect();
        let _ = writeln!(
            text,
            "| {} ({}) | `{}` | {} | {} |",
            c.title,
            c.service,
            c.crate_name(),
            list.join(", "),
            count.join(", ")
        );
    }
    text
}

/// The README with its services table replaced.
///
/// # Errors
///
/// When the README has no `<!-- services:start -->` … `<!-- services:end -->` markers.
pub fn readme_with_table(readme: &str, table: &str) -> Result<String, String> {
    const START: &str = "<!-- services:start -->\n";
    const END: &str = "<!-- services:end -->";
    let from = readme.find(START).ok_or("no services:start marker")? + START.len();
    let to = readme[from..].find(END).ok_or("no services:end marker")? + from;
    Ok(format!("{}{table}{}", &readme[..from], &readme[to..]))
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        file: dir.to_owned(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    Ok(paths)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Where the generated files differ from what is on disk, one line each; empty when
/// everything is current. Nothing is written.
pub fn check(repo: &Path, crates: &[ServiceCrate], root_members: &BTreeSet<String>) -> Vec<String> {
    let mut stale = Vec::new();
    for (path, expected) in expected_files(repo, crates, root_members) {
        match std::fs::read_to_string(&path) {
            Ok(actual) if actual == expected => {}
            Ok(_) => stale.push(format!("{} differs", path.display())),
            Err(e) => stale.push(format!("{}: {e}", path.display())),
        }
    }
    for c in crates {
        let dir = repo.join("services").join(c.crate_name());
        for (link, target) in spec_links(c) {
            let path = dir.join(&link);
            if std::fs::read_link(&path).ok().as_deref() != Some(target.as_path()) {
                stale.push(format!(
                    "{} is not a link to {}",
                    path.display(),
                    target.display()
                ));
            }
        }
    }
    let expected: BTreeSet<String> = crates.iter().map(ServiceCrate::crate_name).collect();
    for dir in sorted_entries(&repo.join("services")).unwrap_or_default() {
        let name = file_name(&dir);
        if dir.is_dir() && name.starts_with("tencentcloud-") && !expected.contains(&name) {
            stale.push(format!("{} has no spec", dir.display()));
        }
    }
    stale
}

/// Writes every generated file and link that differs, and removes crates whose
/// service has no spec any more. Returns what changed, one line each.
///
/// # Errors
///
/// When a file cannot be written.
pub fn write(
    repo: &Path,
    crates: &[ServiceCrate],
    root_members: &BTreeSet<String>,
) -> Result<Vec<String>, Error> {
    let io = |file: &Path| {
        let file = file.to_owned();
        move |source| Error::Write { file, source }
    };
    let mut changed = Vec::new();
    for (path, expected) in expected_files(repo, crates, root_members) {
        if std::fs::read_to_string(&path).ok().as_deref() == Some(expected.as_str()) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, expected).map_err(io(&path))?;
        changed.push(path.display().to_string());
    }
    for c in crates {
        let dir = repo.join("services").join(c.crate_name());
        let specs = dir.join("spec");
        std::fs::create_dir_all(&specs).map_err(io(&specs))?;
        let wanted: BTreeSet<PathBuf> = spec_links(c)
            .into_iter()
            .map(|(l, _)| dir.join(l))
            .collect();
        for old in sorted_entries(&specs)? {
            if !wanted.contains(&old) {
                std::fs::remove_file(&old).map_err(io(&old))?;
                changed.push(format!("removed {}", old.display()));
            }
        }
        for (link, target) in spec_links(c) {
            let path = dir.join(link);
            if std::fs::read_link(&path).ok().as_deref() == Some(target.as_path()) {
                continue;
            }
            let _ = std::fs::remove_file(&path);
            symlink(&target, &path).map_err(io(&path))?;
            changed.push(path.display().to_string());
        }
    }
    let expected: BTreeSet<String> = crates.iter().map(ServiceCrate::crate_name).collect();
    for dir in sorted_entries(&repo.join("services"))? {
        let name = file_name(&dir);
        // Only a crate this generator made: it has the generated build script.
        let generated = std::fs::read_to_string(dir.join("build.rs"))
            .is_ok_and(|text| text.contains(GENERATED));
        if dir.is_dir() && !expected.contains(&name) && generated {
            std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
            changed.push(format!("removed {}", dir.display()));
        }
    }
    Ok(changed)
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    // Without links, a copy; `check` then reports it, as the link is what is committed.
    let from = link.parent().unwrap_or(Path::new(".")).join(target);
    std::fs::copy(from, link).map(|_| ())
}

/// `(path, content)` of every generated file.
fn expected_files(
    repo: &Path,
    crates: &[ServiceCrate],
    root_members: &BTreeSet<String>,
) -> Vec<(PathBuf, String)> {
    let services = repo.join("services");
    let mut files = Vec::new();
    for c in crates {
        let dir = services.join(c.crate_name());
        let extra = std::fs::read_to_string(dir.join("manifest.extra.toml")).ok();
        for (path, text) in crate_files(c, extra.as_deref()) {
            files.push((dir.join(path), text));
        }
    }
    files.push((
        services.join("Cargo.toml"),
        workspace_manifest(crates, root_members),
    ));
    let readme = repo.join("README.md");
    if let Ok(text) = std::fs::read_to_string(&readme)
        && let Ok(updated) = readme_with_table(&text, &services_table(crates))
    {
        files.push((readme, updated));
    }
    files
}

/// The services whose crates are members of the root workspace: its `members` entries
/// under `services/`.
///
/// # Errors
///
/// When the root `Cargo.toml` cannot be read.
pub fn root_members(repo: &Path) -> Result<BTreeSet<String>, Error> {
    let path = repo.join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
        file: path.clone(),
        source,
    })?;
    Ok(text
        .lines()
        .filter_map(|l| {
            let entry = l.trim().trim_end_matches(',').trim_matches('"');
            entry
                .strip_prefix("services/tencentcloud-")
                .map(str::to_owned)
        })
        .collect())
}
