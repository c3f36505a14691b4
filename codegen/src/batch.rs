//! Every service crate's code at once: what each crate's build.rs makes, for all of
//! them in one process on every core. For measuring the generator and counting what it
//! makes; the crates themselves still generate at build time.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::build::generate_crate;
use crate::error::Error;

/// What was generated for one crate.
#[derive(Debug, Clone)]
pub struct CrateOutput {
    /// The crate, e.g. `tencentcloud-cvm`.
    pub crate_name: String,
    /// Lines of generated code (examples excluded), over all its versions.
    pub lines: usize,
    /// Time to generate it, on one thread.
    pub millis: f64,
}

/// Generates every crate in `services` (a directory of crates with `spec/`) into
/// `out/<crate>/` on `threads` threads. Results are in crate-name order.
///
/// # Errors
///
/// The first crate whose specs fail, or when `services` cannot be read.
pub fn generate_all(
    services: &Path,
    out: &Path,
    threads: usize,
) -> Result<Vec<CrateOutput>, Error> {
    let entries = std::fs::read_dir(services).map_err(|source| Error::Read {
        file: services.to_owned(),
        source,
    })?;
    let mut crates: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("spec").is_dir())
        .collect();
    crates.sort();
    // The largest first, so that no big crate is left for one thread at the end.
    let mut order: Vec<usize> = (0..crates.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(spec_bytes(&crates[i])));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<CrateOutput, Error>>>> =
        Mutex::new(crates.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let dir = &crates[i];
                    let result = one(dir, out);
                    if let Ok(mut results) = results.lock() {
                        results[i] = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

fn spec_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir.join("spec"))
        .into_iter()
        .flatten()
        .filter_map(|e| std::fs::metadata(e.ok()?.path()).ok())
        .map(|m| m.len())
        .sum()
}

fn one(dir: &Path, out: &Path) -> Result<CrateOutput, Error> {
    let crate_name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target = out.join(&crate_name);
    std::fs::create_dir_all(&target).map_err(|source| Error::Write {
        file: target.clone(),
        source,
    })?;
    let started = Instant::now();
    // As a user's build does: no example tests.
    let specs = generate_crate(&crate_name, dir, &target, false)?;
    let millis = started.elapsed().as_secs_f64() * 1e3;
    let mut lines = 0;
    for spec in &specs {
        let version = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file = target.join(format!("{}.rs", crate::build::version_module(&version)));
        let text = std::fs::read_to_string(&file).map_err(|source| Error::Read { file, source })?;
        lines += text.lines().count();
    }
    Ok(CrateOutput {
        crate_name,
        lines,
        millis,
    })
}
