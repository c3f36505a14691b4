// A service the crate does not depend on.
fn main() {
    tencentcloud_codegen::build::select("cvn", "cvm_client", &["DescribeInstances"]);
}
