//! Every crate of the repository can be built from its own folder: cargo, run there,
//! finds the workspace that holds it. The root workspace holds the tooling, SCF and
//! Hunyuan; `services/Cargo.toml` holds the other service crates and must exclude the
//! two the root holds, or cargo, finding it first, refuses to build them.
//!
//! `cargo metadata --no-deps` loads the workspace as a build would (it fails as `cargo
//! build` does: "current package believes it's in a workspace when it's not") without
//! building anything. `scripts/own-folder-check.sh` builds, tests and runs the examples
//! of the crates that are special.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the repository")
}

/// The workspace root cargo finds from `folder`, or what cargo said when it found none.
fn workspace_root_from(folder: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(folder)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let metadata: Value = serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    metadata["workspace_root"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "no workspace_root in cargo metadata".to_owned())
}

/// The quoted entries of the TOML array `key = [ … ]` in `manifest`, one per line as
/// the scaffold and the root manifest write them.
fn array(manifest: &str, key: &str) -> BTreeSet<String> {
    let Some(start) = manifest.find(&format!("\n{key} = [")) else {
        return BTreeSet::new();
    };
    let rest = &manifest[start..];
    let end = rest.find(']').expect("the array ends");
    rest[..end]
        .lines()
        .skip(1)
        .filter_map(|line| {
            line.trim()
                .strip_prefix('"')?
                .strip_suffix("\",")
                .map(str::to_owned)
        })
        .collect()
}

#[test]
fn cargo_finds_the_right_workspace_from_each_special_crate_folder() {
    let repo = repo();
    let services = repo.join("services");
    let cases = [
        ("", &repo),
        ("codegen", &repo),
        ("crates/tencentcloud-runtime", &repo),
        ("crates/tencentcloud-server", &repo),
        ("crates/scf-emulator", &repo),
        ("crates/codegen-fixtures", &repo),
        ("services/tencentcloud-scf", &repo),
        ("services/tencentcloud-hunyuan", &repo),
        ("tests", &repo),
        ("bench/driver", &repo),
        ("services", &services),
        ("services/tencentcloud-cvm", &services),
        ("services/tencentcloud-csip", &services),
    ];
    for (folder, expected) in cases {
        let root = workspace_root_from(&repo.join(folder));
        assert_eq!(root.as_ref(), Ok(expected), "from {folder:?}");
    }
    // Workspaces of their own.
    for folder in ["tests/additions-consumer", "tests/select-consumer", "fuzz"] {
        let path = repo.join(folder);
        assert_eq!(
            workspace_root_from(&path),
            Ok(path.clone()),
            "from {folder:?}"
        );
    }
}

#[test]
fn every_service_crate_is_in_exactly_one_workspace() {
    let repo = repo();
    let root = std::fs::read_to_string(repo.join("Cargo.toml")).unwrap();
    let services = std::fs::read_to_string(repo.join("services/Cargo.toml")).unwrap();
    let in_root: BTreeSet<String> = array(&root, "members")
        .into_iter()
        .filter_map(|member| member.strip_prefix("services/").map(str::to_owned))
        .collect();
    let members = array(&services, "members");
    let excluded = array(&services, "exclude");
    assert!(!in_root.is_empty() && !members.is_empty());

    assert_eq!(
        excluded, in_root,
        "services/Cargo.toml excludes exactly the service crates of the root workspace"
    );
    let crates: BTreeSet<String> = std::fs::read_dir(repo.join("services"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("Cargo.toml").is_file())
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let listed: BTreeSet<String> = members.union(&excluded).cloned().collect();
    assert_eq!(
        crates, listed,
        "every folder of services/ is a member or excluded"
    );
    assert!(members.is_disjoint(&excluded));
}
