//! ARCHITECTURE.md's layout is checked against the tree, so that it cannot drift: every
//! path it lists exists, and every source file of the generator, the runtime and the
//! server is listed, itself or through a folder.
//!
//! The layout is the code block between `<!-- layout:start -->` and
//! `<!-- layout:end -->`. An entry is a path at the start of a line, relative to the
//! closest less-indented folder above it; description lines that wrap are indented to
//! the description column and are not entries.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Lines indented this far or more continue the description above them.
const DESCRIPTION_COLUMN: usize = 28;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every path the layout lists, relative to the repository.
fn listed(architecture: &str) -> Vec<String> {
    let start = architecture
        .find("<!-- layout:start -->")
        .expect("ARCHITECTURE.md has a layout:start marker");
    let end = architecture
        .find("<!-- layout:end -->")
        .expect("ARCHITECTURE.md has a layout:end marker");
    let mut folders: Vec<(usize, String)> = Vec::new();
    let mut paths = Vec::new();
    for line in architecture[start..end].lines() {
        if line.starts_with("```") || line.starts_with("<!--") || line.trim().is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent >= DESCRIPTION_COLUMN {
            continue;
        }
        let entry = line.split_whitespace().next().unwrap_or_default();
        while folders.last().is_some_and(|(at, _)| *at >= indent) {
            folders.pop();
        }
        let path = match folders.last() {
            Some((_, parent)) => format!("{parent}{entry}"),
            None => entry.to_owned(),
        };
        if path.ends_with('/') {
            folders.push((indent, path.clone()));
        }
        paths.push(path);
    }
    paths
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn every_path_in_the_layout_exists() {
    let text = std::fs::read_to_string(repo().join("ARCHITECTURE.md")).unwrap();
    let paths = listed(&text);
    assert!(paths.len() > 50, "{paths:?}");
    let missing: Vec<_> = paths
        .iter()
        .filter(|p| !repo().join(p.trim_end_matches('/')).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md lists paths that do not exist: {missing:?}"
    );
}

#[test]
fn every_source_file_and_top_level_entry_is_in_the_layout() {
    let text = std::fs::read_to_string(repo().join("ARCHITECTURE.md")).unwrap();
    let paths: BTreeSet<String> = listed(&text).into_iter().collect();
    let covered = |relative: &str| {
        paths.contains(relative)
            || paths.iter().any(|p| {
                // A listed folder covers what is in it, except the `src/` of a crate,
                // whose files each need their own line.
                p.ends_with('/') && !p.ends_with("/src/") && relative.starts_with(p.as_str())
            })
    };
    let mut unlisted = Vec::new();
    for root in [
        "codegen/src",
        "crates/tencentcloud-runtime/src",
        "crates/tencentcloud-server/src",
    ] {
        let mut files = Vec::new();
        rust_files(&repo().join(root), &mut files);
        for file in files {
            let relative = file
                .strip_prefix(repo())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if !covered(&relative) {
                unlisted.push(relative);
            }
        }
    }
    for dir in [".", "crates", "scripts"] {
        for entry in std::fs::read_dir(repo().join(dir)).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || ["target", "Cargo.lock"].contains(&name.as_str()) {
                continue;
            }
            let prefix = if dir == "." {
                String::new()
            } else {
                format!("{dir}/")
            };
            let suffix = if entry.path().is_dir() { "/" } else { "" };
            let relative = format!("{prefix}{name}{suffix}");
            // Each crate and script has its own line, not only its folder's.
            let listed = if dir == "." {
                covered(&relative)
            } else {
                paths.contains(&relative)
            };
            if !listed {
                unlisted.push(relative);
            }
        }
    }
    unlisted.sort();
    assert!(
        unlisted.is_empty(),
        "not in ARCHITECTURE.md's layout: {unlisted:?}"
    );
}

#[test]
fn the_layout_reader_follows_indentation() {
    let text = "<!-- layout:start -->\n```text\na/                    x\n  b.rs                y\n                              wrapped c.rs\n  d/                  z\n    e.rs              w\n  f.rs                v\ng.rs                  u\n```\n<!-- layout:end -->\n";
    assert_eq!(
        listed(text),
        ["a/", "a/b.rs", "a/d/", "a/d/e.rs", "a/f.rs", "g.rs"]
    );
}
