// A slip in an action's name, and a name that is nothing like any action.
fn main() {
    tencentcloud_codegen::build::select(
        "cvm",
        "cvm_client",
        &["DescribeInstance", "RunInstances", "terminate_instances", "LaunchRockets"],
    );
}
