//! Fixture specs cut from the committed specs: each `tests/specs/<name>.json` listed here
//! must be exactly the excerpt of the spec it names (the actions given and the shapes they
//! use), so that the fixture crate (`crates/codegen-fixtures`, which compiles the code of
//! every fixture spec) tests what the shipped spec says, not a copy typed by hand. After a
//! re-import changes one, `BLESS=1 cargo test -p tencentcloud-codegen --test excerpts`
//! rewrites it; then bless the snapshots (`--test snapshots`) and review both diffs.

use std::path::{Path, PathBuf};

use tencentcloud_codegen::{import, load};

/// (fixture name, committed spec under `spec/`, actions kept).
const EXCERPTS: &[(&str, &str, &[&str])] = &[
    // Its published example lists OrgIds and OrganizationIds, which the English edition
    // types as strings; the merge rule takes the Chinese edition's list<string>.
    (
        "monitor_grafana",
        "monitor/2018-07-24.json",
        &["DescribeGrafanaNotificationChannels"],
    ),
];

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

#[test]
fn excerpt_fixtures_are_cut_from_the_committed_specs() {
    let mut stale = Vec::new();
    for (name, source, actions) in EXCERPTS {
        let mut spec = load::read(&dir("../spec").join(source)).unwrap();
        for action in *actions {
            assert!(
                spec.actions.contains_key(*action),
                "{source} has no {action}"
            );
        }
        spec.retain_actions(actions);
        spec.sources = vec![format!(
            "spec/{source}: {}, and the shapes they use (cut by codegen/tests/excerpts.rs)",
            actions.join(", ")
        )];
        let text = import::to_json(&spec);
        let fixture = dir(&format!("tests/specs/{name}.json"));
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&fixture, &text).unwrap();
        } else if std::fs::read_to_string(&fixture).ok().as_deref() != Some(text.as_str()) {
            stale.push(fixture.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "excerpt fixtures differ from the committed specs {stale:?}; rewrite them with \
         `BLESS=1 cargo test -p tencentcloud-codegen --test excerpts`, then bless the \
         snapshots and review both diffs"
    );
}
