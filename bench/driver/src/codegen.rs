//! `codegen`: in-process time of `generate` on a whole spec, without process start-up
//! or file writes (the CLI's time, which has both, is taken by compare.py), and of
//! each stage of its data path, so that a slow run says which stage to look at.

use std::path::Path;
use std::time::Instant;

use serde_json::json;
use tencentcloud_codegen::{Settings, emit, format, ir, load, model};

use crate::Outcome;
use crate::stats::{median, min};

const STAGES: [&str; 5] = ["read", "validate", "lower", "emit", "print"];

pub fn run(spec: &Path, runs: u32) -> Outcome {
    let settings = Settings::new("spec/scf/2018-04-16.json").with_crate_name("tencentcloud-scf");
    let mut totals = Vec::new();
    let mut stages: Vec<Vec<f64>> = vec![Vec::new(); STAGES.len()];
    let mut lines = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let code = tencentcloud_codegen::generate(spec, &settings)?;
        totals.push(ms_since(started));
        lines = code.lines().count();

        // The same steps as `generate`, one by one.
        let mut clock = Instant::now();
        let mut lap = |stage: usize| {
            stages[stage].push(ms_since(clock));
            clock = Instant::now();
        };
        let parsed = load::read(spec)?;
        lap(0);
        let validated = model::validate(spec, &parsed)?;
        lap(1);
        let lowered = ir::lower(spec, &validated)?;
        lap(2);
        let tokens = emit::service(&lowered, &settings);
        lap(3);
        let text = format::format(&settings.spec_label, tokens);
        lap(4);
        // Keeps the stage split honest: the pieces make exactly what the whole does.
        assert_eq!(
            text.lines().count(),
            lines,
            "the stages differ from generate()"
        );
    }
    let stage_ms: serde_json::Map<_, _> = STAGES
        .iter()
        .zip(&stages)
        .map(|(name, times)| (name.to_string(), json!(median(times))))
        .collect();
    Ok(json!({
        "runs": totals.len(),
        "best_ms": min(&totals),
        "median_ms": median(&totals),
        "stage_median_ms": stage_ms,
        "lines": lines,
    }))
}

fn ms_since(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1e3
}
