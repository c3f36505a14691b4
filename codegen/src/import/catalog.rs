//! Every service version of the published description, each imported into a spec.
//!
//! The inputs of one service version, found by convention:
//!
//! - the Chinese edition from the `tccli` package, which has every service version,
//!   and the English edition from `tccli-intl-en` where it has the service (English
//!   docs are preferred);
//! - or, instead of both, a committed copy in `spec/sources/<service>-<version>/`
//!   (`api.en.json`, `api.zh.json`, `examples.*.json`, and also `qps.json`);
//! - per-action error codes from `spec/sources/errors/<package dir>/<version>/`, or
//!   the committed copy's `action-errors.json` and `error-codes.json`;
//! - an overlay, `spec/<service>/<version>.overlay.json`, when there is one.
//!
//! The spec is written to `spec/<service>/<version>.json`.

use std::path::{Path, PathBuf};

use super::{Disagreement, Imported, Paths};
use crate::error::{Error, SpecIssue};

/// Where the published description and the repository's own inputs are.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The `tccli` package's `tccli/` directory (Chinese edition).
    pub tccli: PathBuf,
    /// The `tccli-intl-en` package's `tccli/` directory (English edition).
    pub intl: Option<PathBuf>,
    /// The repository's `spec/` directory.
    pub spec_dir: PathBuf,
}

/// One service version to import.
#[derive(Debug, Clone)]
pub struct Job {
    /// Service short name, e.g. `cvm` (tccli's `autoscaling` is `as`).
    pub service: String,
    /// API version, `YYYY-MM-DD`.
    pub version: String,
    /// The files to read.
    pub paths: Paths,
    /// Provenance lines for the spec.
    pub sources: Vec<String>,
    /// Where the spec goes.
    pub out: PathBuf,
    /// Whether per-action error data was found.
    pub has_errors: bool,
    /// Whether this is the version `tccli` uses by default.
    pub default: bool,
}

impl Catalog {
    /// Every service version of the `tccli` package, in name order; with `only`, just
    /// those whose service name is in it.
    ///
    /// # Errors
    ///
    /// When a package directory cannot be read or an `api.json` has no metadata.
    pub fn jobs(&self, only: &[String]) -> Result<Vec<Job>, Error> {
        let zh_version = package_version(&self.tccli)?;
        let defaults = default_versions(&self.tccli)?;
        let en_version = self.intl.as_deref().map(package_version).transpose()?;
        let mut jobs = Vec::new();
        for dir in sorted_dirs(&self.tccli.join("services"))? {
            let package_dir = file_name(&dir);
            for version_dir in sorted_dirs(&dir)? {
                let api = version_dir.join("api.json");
                if !api.is_file() {
                    continue;
                }
                let (service, version) = metadata(&api)?;
                if !only.is_empty() && !only.contains(&service) {
                    continue;
                }
                let at = format!("{package_dir}/{}", file_name(&version_dir));
                let default = defaults.get(&package_dir) == Some(&version);
                let job = match committed(&self.spec_dir, &service, &version) {
                    Some(job) => Job { default, ..job },
                    None => with_overlay(&self.spec_dir, {
                        let en = self
                            .intl
                            .as_ref()
                            .map(|intl| intl.join("services").join(&at))
                            .filter(|d| d.join("api.json").is_file());
                        let mut sources = Vec::new();
                        let mut editions = Vec::new();
                        if let (Some(en), Some(v)) = (en, &en_version) {
                            sources.push(format!(
                                "tccli-intl-en {v}: tccli/services/{at}/{{api,examples}}.json \
                                 (English edition, Apache-2.0)"
                            ));
                            editions.push(edition("en", &en));
                        }
                        sources.push(format!(
                            "tccli {zh_version}: tccli/services/{at}/{{api,examples}}.json \
                             (Chinese edition, Apache-2.0)"
                        ));
                        editions.push(edition("zh", &version_dir));
                        let errors = self
                            .spec_dir
                            .join("sources/errors")
                            .join(&package_dir)
                            .join(&version);
                        let has_errors = errors.join("action-errors.json").is_file();
                        if has_errors {
                            sources.push(format!(
                                "spec/sources/errors/{package_dir}/{version}: per-action error \
                                 codes and descriptions from tencentcloud-sdk-go v1.3.166 and \
                                 tencentcloud-sdk-go-intl-en v3.0.1474 (Apache-2.0)"
                            ));
                        }
                        Job {
                            out: spec_path(&self.spec_dir, &service, &version),
                            paths: Paths {
                                editions,
                                action_errors: has_errors
                                    .then(|| errors.join("action-errors.json")),
                                error_codes: has_errors.then(|| errors.join("error-codes.json")),
                                qps: None,
                                overlay: None,
                            },
                            sources,
                            has_errors,
                            default,
                            service,
                            version,
                        }
                    }),
                };
                jobs.push(job);
            }
        }
        jobs.sort_by(|a, b| (&a.service, &a.version).cmp(&(&b.service, &b.version)));
        Ok(jobs)
    }
}

fn spec_path(spec_dir: &Path, service: &str, version: &str) -> PathBuf {
    spec_dir.join(service).join(format!("{version}.json"))
}

/// The job of a service version whose description is committed in
/// `spec/sources/<service>-<version>/`, with the facts only it has (QPS limits, English
/// code descriptions), or `None` when there is no such copy.
pub fn committed(spec_dir: &Path, service: &str, version: &str) -> Option<Job> {
    let dir = spec_dir
        .join("sources")
        .join(format!("{service}-{version}"));
    if !dir.join("api.zh.json").is_file() {
        return None;
    }
    let file = |name: &str| Some(dir.join(name)).filter(|p| p.is_file());
    let mut editions = Vec::new();
    for lang in ["en", "zh"] {
        if let Some(api) = file(&format!("api.{lang}.json")) {
            editions.push((lang.to_owned(), api, file(&format!("examples.{lang}.json"))));
        }
    }
    let has_errors = file("action-errors.json").is_some();
    let job = Job {
        service: service.to_owned(),
        version: version.to_owned(),
        paths: Paths {
            editions,
            action_errors: file("action-errors.json"),
            error_codes: file("error-codes.json"),
            qps: file("qps.json"),
            overlay: None,
        },
        sources: vec![format!(
            "spec/sources/{service}-{version}: the published description (tccli-intl-en \
             3.1.193.1 and tccli 3.1.189.1), error codes (tencentcloud-sdk-go v1.3.166, \
             tencentcloud-sdk-java-intl-en 3.1.16) and QPS limits; its README gives each \
             file's origin (Apache-2.0)"
        )],
        out: spec_path(spec_dir, service, version),
        has_errors,
        // Without the package to ask, the only version is the default.
        default: std::fs::read_dir(spec_dir.join(service)).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.ends_with(".json") && !name.ends_with(".overlay.json")
                })
                .count()
                <= 1
        }),
    };
    Some(with_overlay(spec_dir, job))
}

fn with_overlay(spec_dir: &Path, mut job: Job) -> Job {
    let overlay = spec_dir
        .join(&job.service)
        .join(format!("{}.overlay.json", job.version));
    if overlay.is_file() {
        job.sources.push(format!(
            "spec/{}/{}.overlay.json: facts the description lacks",
            job.service, job.version
        ));
        job.paths.overlay = Some(overlay);
    }
    job.sources.push(
        "codegen/src/import/paging.rs: paging found from member names, where no overlay \
         declares it"
            .to_owned(),
    );
    job
}

impl Job {
    /// Reads the inputs and imports them into a spec that validates.
    ///
    /// # Errors
    ///
    /// When an input cannot be read, or the result does not validate.
    pub fn run(&self) -> Result<Imported, Error> {
        let mut inputs = self.paths.read(String::new(), None)?;
        inputs.sources = self.sources.clone();
        let mut imported = super::import(&inputs)?;
        imported.spec.service.default = self.default;
        if !self.has_errors {
            imported.warnings.push(
                "errors: no per-action error data; the actions have only the common codes"
                    .to_owned(),
            );
        }
        let model = crate::model::validate(&self.out, &imported.spec)?;
        crate::ir::lower(&self.out, &model)?;
        Ok(imported)
    }
}

fn edition(lang: &str, dir: &Path) -> (String, PathBuf, Option<PathBuf>) {
    let examples = Some(dir.join("examples.json")).filter(|p| p.is_file());
    (lang.to_owned(), dir.join("api.json"), examples)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn sorted_dirs(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        file: dir.to_owned(),
        source,
    })?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// `__version__` from the package's `__init__.py`.
fn package_version(tccli: &Path) -> Result<String, Error> {
    let init = tccli.join("__init__.py");
    let text = std::fs::read_to_string(&init).map_err(|source| Error::Read {
        file: init.clone(),
        source,
    })?;
    text.lines()
        .find_map(|l| l.strip_prefix("__version__ = "))
        .map(|v| v.trim().trim_matches(['\'', '"']).to_owned())
        .ok_or_else(|| Error::Parse {
            file: init,
            issue: SpecIssue {
                path: String::new(),
                message: "no __version__".to_owned(),
            },
        })
}

/// Each service's default version (tccli's package directory name → `YYYY-MM-DD`): the
/// first of its `SERVICE_VERSIONS` list in `services/__init__.py`, the one
/// `tccli configure` sets up.
fn default_versions(tccli: &Path) -> Result<std::collections::BTreeMap<String, String>, Error> {
    let init = tccli.join("services/__init__.py");
    let text = std::fs::read_to_string(&init).map_err(|source| Error::Read {
        file: init.clone(),
        source,
    })?;
    let table = text
        .split_once("SERVICE_VERSIONS = {")
        .map(|(_, rest)| rest.split_once("\n}").map_or(rest, |(table, _)| table))
        .unwrap_or_default();
    let mut defaults = std::collections::BTreeMap::new();
    // `"tke": ["2018-05-25", "2022-05-01"],` spread over lines: the first version wins.
    for entry in table.split(']') {
        let mut strings = entry.split('"').skip(1).step_by(2);
        if let (Some(service), Some(first)) = (strings.next(), strings.next()) {
            defaults.insert(service.to_owned(), first.to_owned());
        }
    }
    if defaults.is_empty() {
        return Err(Error::Parse {
            file: init,
            issue: SpecIssue {
                path: String::new(),
                message: "no SERVICE_VERSIONS table".to_owned(),
            },
        });
    }
    Ok(defaults)
}

/// The service short name and API version an `api.json` declares.
fn metadata(api: &Path) -> Result<(String, String), Error> {
    #[derive(serde::Deserialize)]
    struct Head {
        metadata: super::tccli::Metadata,
    }
    let head: Head = super::read_json(api)?;
    Ok((head.metadata.service_short_name, head.metadata.api_version))
}

/// What one import made.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Actions in the spec.
    pub actions: usize,
    /// Shapes in the spec.
    pub shapes: usize,
    /// Paged actions by style: offset, page, token.
    pub paging: [usize; 3],
    /// Examples kept.
    pub examples: usize,
    /// Actions that can answer with an event stream.
    pub streaming: usize,
    /// What could not be carried over, one line each.
    pub warnings: Vec<String>,
    /// Where the editions disagree, and what the spec took.
    pub disagreements: Vec<Disagreement>,
    /// Whether the spec file changed.
    pub changed: bool,
}

/// Imports every job on `threads` threads and writes each spec that changed. The
/// results are in job order, whatever the thread count.
pub fn import_all(jobs: &[Job], threads: usize) -> Vec<Result<Summary, Error>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: std::sync::Mutex<Vec<Option<Result<Summary, Error>>>> =
        std::sync::Mutex::new(jobs.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let result = job.run().and_then(|imported| write(job, imported));
                    if let Ok(mut done) = done.lock() {
                        done[i] = Some(result);
                    }
                }
            });
        }
    });
    done.into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(missing())))
        .collect()
}

fn missing() -> Error {
    Error::Invalid {
        file: PathBuf::from("<import>"),
        issues: vec![SpecIssue {
            path: String::new(),
            message: "an import thread stopped".to_owned(),
        }],
    }
}

fn write(job: &Job, imported: Imported) -> Result<Summary, Error> {
    let text = super::to_json(&imported.spec);
    let changed = std::fs::read_to_string(&job.out).ok().as_deref() != Some(text.as_str());
    if changed {
        if let Some(dir) = job.out.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                file: dir.to_owned(),
                source,
            })?;
        }
        std::fs::write(&job.out, &text).map_err(|source| Error::Write {
            file: job.out.clone(),
            source,
        })?;
    }
    let spec = &imported.spec;
    let mut paging = [0; 3];
    for p in spec.actions.values().filter_map(|a| a.paging.as_ref()) {
        paging[p.style as usize] += 1;
    }
    Ok(Summary {
        actions: spec.actions.len(),
        shapes: spec.shapes.len(),
        paging,
        examples: spec.actions.values().map(|a| a.examples.len()).sum(),
        streaming: spec
            .actions
            .values()
            .filter(|a| a.streaming.is_some())
            .count(),
        warnings: imported.warnings,
        disagreements: imported.disagreements,
        changed,
    })
}
