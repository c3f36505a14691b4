//! The specs loaded: every service version of a folder, read on all cores.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::spec::{ServiceSpec, spec_files};

/// Why the specs could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The folder or a file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// What was being read.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// A file is not a format-2 spec.
    #[error("{path}: {message}")]
    Spec {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// No spec was found (or none of the services asked for).
    #[error("no spec of {wanted} under {dir}")]
    Empty {
        /// The folder.
        dir: PathBuf,
        /// The services asked for, or "any service".
        wanted: String,
    },
}

/// Every service version loaded, sorted by name and version.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    specs: Vec<Arc<ServiceSpec>>,
}

impl Catalog {
    /// Reads every `<dir>/<service>/<version>.json` (overlays and `sources/` left
    /// out), or only those of `only` services, in parallel.
    ///
    /// # Errors
    ///
    /// The first file that cannot be read or is not a format-2 spec, or
    /// [`LoadError::Empty`].
    pub fn load_dir(dir: &Path, only: Option<&[String]>) -> Result<Self, LoadError> {
        let io = |source| LoadError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut files = spec_files(dir).map_err(io)?;
        if let Some(only) = only {
            files.retain(|file| {
                let service = file.parent().and_then(Path::file_name);
                service.is_some_and(|s| only.iter().any(|o| s == o.as_str()))
            });
        }
        if files.is_empty() {
            return Err(LoadError::Empty {
                dir: dir.to_owned(),
                wanted: only.map_or_else(|| "any service".to_owned(), |o| o.join(", ")),
            });
        }
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(files.len());
        let chunk = files.len().div_ceil(threads);
        let loaded: Vec<Result<Vec<ServiceSpec>, LoadError>> = std::thread::scope(|scope| {
            let workers: Vec<_> = files
                .chunks(chunk)
                .map(|part| scope.spawn(move || part.iter().map(|f| load_file(f)).collect()))
                .collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        let mut specs = Vec::with_capacity(files.len());
        for part in loaded {
            specs.extend(part?.into_iter().map(Arc::new));
        }
        Ok(Self::from_specs(specs))
    }

    /// A catalog of specs already parsed.
    pub fn from_specs(specs: impl IntoIterator<Item = Arc<ServiceSpec>>) -> Self {
        let mut specs: Vec<_> = specs.into_iter().collect();
        specs.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
        Catalog { specs }
    }

    /// Every service version, by name then version.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<ServiceSpec>> {
        self.specs.iter()
    }

    /// The service version `name` `version`.
    pub fn get(&self, name: &str, version: &str) -> Option<&Arc<ServiceSpec>> {
        self.specs
            .iter()
            .find(|s| s.name == name && s.version == version)
    }

    /// How many service versions there are.
    pub fn len(&self) -> usize {
        self.specs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.specs.is_empty()
    }

    /// How many actions all of them have.
    pub fn action_count(&self) -> usize {
        self.specs.iter().map(|s| s.actions.len()).sum()
    }
}

fn load_file(path: &Path) -> Result<ServiceSpec, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    ServiceSpec::parse(&text).map_err(|message| LoadError::Spec {
        path: path.to_owned(),
        message,
    })
}
