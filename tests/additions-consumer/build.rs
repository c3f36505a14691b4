fn main() {
    tencentcloud_codegen::build::with_additions(
        "scf",
        "scf_with_additions",
        &["additions/scf.json"],
    );
}
