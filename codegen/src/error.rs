//! Errors the generator reports. Each names the file and, where there is one, the JSON
//! path of the offending value, so a bad spec can be fixed without reading generator code.

use std::fmt;
use std::path::PathBuf;

/// One problem found in a spec, located by JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecIssue {
    /// JSON path such as `actions.TerminateAsyncEvent.input[1].type`; empty for the whole file.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SpecIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Everything that can stop generation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The spec file could not be read.
    #[error("{file}: cannot read: {source}")]
    Read {
        /// The file.
        file: PathBuf,
        /// The I/O failure.
        source: std::io::Error,
    },
    /// The spec is not valid JSON or does not have the shape of a spec.
    #[error("{file}: {issue}")]
    Parse {
        /// The file.
        file: PathBuf,
        /// Where and what.
        issue: SpecIssue,
    },
    /// The spec parsed but breaks one or more rules; every broken rule is listed.
    #[error("{file}: {} problem(s):\n{}", issues.len(), render_issues(file, issues))]
    Invalid {
        /// The file.
        file: PathBuf,
        /// Every problem found, in path order.
        issues: Vec<SpecIssue>,
    },
    /// Problems in several files (spec additions, or the spec they extend); each is
    /// listed as it would be alone.
    #[error("{}", render_errors(.0))]
    Several(Vec<Error>),
    /// Writing output failed.
    #[error("{file}: cannot write: {source}")]
    Write {
        /// The output file.
        file: PathBuf,
        /// The I/O failure.
        source: std::io::Error,
    },
}

fn render_issues(file: &std::path::Path, issues: &[SpecIssue]) -> String {
    issues
        .iter()
        .map(|i| format!("  {}: {i}", file.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn render_errors(errors: &[Error]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
