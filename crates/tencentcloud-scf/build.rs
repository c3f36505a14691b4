//! Regenerates the SCF client from `spec/scf/2018-04-16.json` whenever the spec changes.

use std::path::{Path, PathBuf};

const SPEC_LABEL: &str = "spec/scf/2018-04-16.json";

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let spec = manifest.join("../..").join(SPEC_LABEL);
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed=build.rs");

    let settings =
        tencentcloud_codegen::Settings::new(SPEC_LABEL).with_crate_name("tencentcloud-scf");
    let code = match tencentcloud_codegen::generate(&spec, &settings) {
        Ok(code) => code,
        Err(err) => {
            // One line per problem, each naming the file and JSON path, then stop the build.
            for line in err.to_string().lines() {
                println!("cargo:warning={line}");
            }
            eprintln!("{err}");
            std::process::exit(1);
        }
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    write_if_changed(&out.join("scf.rs"), &code);
    // The published examples, as tests for tests/examples.rs; valid whenever the spec is.
    let examples = tencentcloud_codegen::generate_example_tests(&spec, &settings)
        .unwrap_or_else(|err| panic!("{err}"));
    write_if_changed(&out.join("examples.rs"), &examples);
}

/// Writing only on change keeps the file's mtime, so rustc does not rebuild needlessly.
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
}
