//! Every committed input (seeds and regressions) through its target, without
//! libFuzzer: `cargo test` in `fuzz/`.

#[test]
fn every_committed_input_passes_its_target() {
    for (name, target) in tencentcloud_fuzz::TARGETS {
        let inputs = tencentcloud_fuzz::committed_inputs(name);
        assert!(!inputs.is_empty(), "{name} has no seeds");
        for (path, bytes) in inputs {
            eprintln!("{}", path.display());
            target(&bytes);
        }
    }
}
