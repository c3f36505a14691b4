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
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("set by cargo")).join("scf.rs");
    // Writing only on change keeps the file's mtime, so rustc does not rebuild needlessly.
    if std::fs::read_to_string(&out).ok().as_deref() != Some(code.as_str()) {
        std::fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
    }
}
