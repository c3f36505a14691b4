// Nothing selected.
fn main() {
    tencentcloud_codegen::build::select("cvm", "cvm_client", &[]);
}
