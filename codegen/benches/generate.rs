//! Generation of the whole SCF client from `spec/scf/2018-04-16.json`, as build.rs does
//! it (read, validate, lower, emit, format).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use tencentcloud_codegen::{Settings, generate};

fn generate_scf(c: &mut Criterion) {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/scf/2018-04-16.json");
    let settings = Settings::new("spec/scf/2018-04-16.json").with_crate_name("tencentcloud-scf");
    let mut group = c.benchmark_group("codegen");
    // A run takes a sizeable fraction of a second; ten of them are enough for a median.
    group.sample_size(10);
    group.bench_function("generate_scf_2018_04_16", |b| {
        b.iter(|| generate(&spec, &settings).expect("the SCF spec generates"))
    });
    group.finish();
}

criterion_group!(benches, generate_scf);
criterion_main!(benches);
