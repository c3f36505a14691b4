//! Generating every crate at once gives the same files whatever the thread count: the
//! work is shared out by size, but nothing a crate generates depends on which thread,
//! or in which order, it ran.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tencentcloud_codegen::batch::generate_all;

/// A fresh directory under the target directory, removed first if a run left it.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file under `dir`, by relative path.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().to_owned();
                found.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

#[test]
fn output_is_the_same_on_one_thread_and_on_several() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let services = scratch("batch-services");
    // Two versions in one crate, and crates of very different sizes, so that threads
    // finish out of order.
    let crates: [(&str, &[&str]); 3] = [
        (
            "tencentcloud-demo",
            &["tests/specs/all_types.json", "tests/specs/minimal.json"],
        ),
        ("tencentcloud-mini", &["tests/specs/minimal.json"]),
        ("tencentcloud-scf", &["../spec/scf/2018-04-16.json"]),
    ];
    for (name, specs) in crates {
        let dir = services.join(name).join("spec");
        std::fs::create_dir_all(&dir).unwrap();
        for spec in specs {
            let text = std::fs::read_to_string(root.join(spec)).unwrap();
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            let version = value["service"]["version"].as_str().unwrap();
            std::fs::write(dir.join(format!("{version}.json")), text).unwrap();
        }
    }

    let mut outputs = Vec::new();
    for threads in [1, 2, 3] {
        let out = scratch(&format!("batch-out-{threads}"));
        let crates = generate_all(&services, &out, threads).unwrap();
        let names: Vec<_> = crates.iter().map(|c| c.crate_name.as_str()).collect();
        assert_eq!(
            names,
            ["tencentcloud-demo", "tencentcloud-mini", "tencentcloud-scf"]
        );
        let lines: Vec<_> = crates.iter().map(|c| c.lines).collect();
        outputs.push((lines, files(&out)));
    }
    let (lines, first) = &outputs[0];
    assert!(first.len() >= 4, "{:?}", first.keys());
    assert!(lines.iter().all(|&n| n > 0));
    for (other_lines, other) in &outputs[1..] {
        assert_eq!(other_lines, lines);
        assert_eq!(
            other.keys().collect::<Vec<_>>(),
            first.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in first {
            assert!(other[path] == *bytes, "{} differs", path.display());
        }
    }
}
