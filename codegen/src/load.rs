//! Reading a spec file (or a file of spec additions): bytes → [`Spec`], with JSON paths in
//! every error.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, SpecIssue};
use crate::spec::Spec;

/// Reads and parses the spec at `path`.
pub fn read(path: &Path) -> Result<Spec, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        file: path.to_owned(),
        source,
    })?;
    parse(path, &text)
}

/// Parses spec text; `path` is only used to label errors.
pub fn parse(path: &Path, text: &str) -> Result<Spec, Error> {
    parse_json(path, text)
}

/// Parses JSON text as `T`; `path` is only used to label errors, which carry the JSON
/// path of the offending value.
pub fn parse_json<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Error> {
    // Tracking the path slows parsing down; it is only needed to report an error.
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path_str = err.path().to_string();
        let inner = err.into_inner();
        Error::Parse {
            file: path.to_owned(),
            issue: SpecIssue {
                // serde_path_to_error renders the root as "."; a bare message reads better.
                path: if path_str == "." {
                    String::new()
                } else {
                    path_str
                },
                message: inner.to_string(),
            },
        }
    })
}
