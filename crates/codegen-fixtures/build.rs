//! Generates every spec in `codegen/tests/specs/` into a module of its own.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let specs = manifest.join("../../codegen/tests/specs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-changed={}", specs.display());

    let mut paths: Vec<PathBuf> = std::fs::read_dir(&specs)
        .expect("codegen/tests/specs exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();

    let mut modules = String::new();
    for path in &paths {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_stem()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        // The same label as the snapshot test, so the compiled text is the snapshotted text.
        let settings =
            tencentcloud_codegen::Settings::new(format!("codegen/tests/specs/{name}.json"));
        let code =
            tencentcloud_codegen::generate(path, &settings).unwrap_or_else(|e| panic!("{e}"));
        write_if_changed(&out.join(format!("{name}.rs")), &code);
        writeln!(
            modules,
            "pub mod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\")); }}"
        )
        .expect("write to String");
    }
    write_if_changed(&out.join("fixtures.rs"), &modules);
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
}
