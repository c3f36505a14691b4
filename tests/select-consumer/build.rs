fn main() {
    tencentcloud_codegen::build::select(
        "cvm",
        "cvm_client",
        &["DescribeInstances", "RunInstances", "TerminateInstances"],
    );
}
