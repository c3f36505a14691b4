//! Spec additions merged into the shipped SCF spec: what merges, and every conflict
//! reported at once, by additions file and JSON path.

use std::path::{Path, PathBuf};

use tencentcloud_codegen::additions::{self, Additions, Merged};
use tencentcloud_codegen::{Error, build, load, spec::Spec};

/// How errors name the shipped spec: a label, so that snapshots do not depend on the
/// checkout.
const SHIPPED: &str = "spec/scf/2018-04-16.json";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shipped() -> Spec {
    load::read(&repo().join(SHIPPED)).unwrap()
}

/// The additions the out-of-repository test (`tests/additions-consumer`) builds with.
const CONSUMER: &str = "tests/additions-consumer/additions/scf.json";

fn consumer() -> (PathBuf, Additions) {
    let path = PathBuf::from("additions/scf.json");
    (path, additions::read(&repo().join(CONSUMER)).unwrap())
}

fn parse(label: &str, text: &str) -> (PathBuf, Additions) {
    let label = PathBuf::from(label);
    let parsed = additions::parse(&label, text).unwrap();
    (label, parsed)
}

fn merge(files: &[(PathBuf, Additions)]) -> Result<Merged, Error> {
    additions::merge(Path::new(SHIPPED), &shipped(), files)
}

/// The start of an additions file for SCF 2018-04-16, followed by `rest`.
fn scf(rest: &str) -> String {
    format!(r#"{{"format": 2, "service": {{"name": "scf", "version": "2018-04-16"}}, {rest}}}"#)
}

const REQUEST_ID: &str = r#"{"name": "RequestId", "type": "string", "output_required": true}"#;

#[test]
fn consumer_additions_merge_into_the_shipped_spec() {
    let merged = merge(&[consumer()]).unwrap();
    let action = &merged.spec.actions["GetFunctionCostReport"];
    assert_eq!(action.input.len(), 4);
    assert!(merged.spec.shapes.contains_key("CostItem"));
    let list = &merged.spec.actions["ListFunctions"];
    let last = list.input.last().unwrap();
    assert_eq!(
        last.name, "CostCenter",
        "added members come after the shipped ones"
    );
    assert_eq!(
        list.input.len(),
        shipped().actions["ListFunctions"].input.len() + 1
    );

    let ir = merged
        .ir
        .actions
        .iter()
        .find(|a| a.wire_name == "GetFunctionCostReport")
        .unwrap();
    let variants: Vec<&str> = ir.error.variants.iter().map(|v| v.ident.as_str()).collect();
    assert_eq!(
        variants,
        [
            "ResourceNotFoundFunction",
            "FailedOperationCostReportUnavailable"
        ]
    );
    let ctor: Vec<&str> = ir
        .request
        .fields
        .iter()
        .filter(|f| f.ctor_arg)
        .map(|f| f.wire_name.as_str())
        .collect();
    assert_eq!(ctor, ["FunctionName", "StartTime", "EndTime"]);
}

#[test]
fn redeclaring_a_member_or_code_with_the_same_type_changes_nothing() {
    let again = parse(
        "again.json",
        &scf(r#""extend": {
            "actions": {"GetFunction": {
                "input": [{"name": "FunctionName", "type": "string", "doc": "said again"}],
                "errors": [{"code": "ResourceNotFound.Function"}],
                "idempotent": true
            },
            "ListFunctions": {"paging": {"offset": "Offset", "limit": "Limit", "total": "TotalCount", "items": "Functions"}}
            },
            "shapes": {"Tag": {"members": [{"name": "Key", "type": "string"}]}}
        }"#),
    );
    let merged = merge(&[again]).unwrap();
    assert_eq!(
        merged.spec.actions["GetFunction"].input,
        shipped().actions["GetFunction"].input
    );
    assert_eq!(
        merged.spec.actions["GetFunction"].errors,
        shipped().actions["GetFunction"].errors
    );
    assert_eq!(merged.spec.shapes["Tag"], shipped().shapes["Tag"]);
}

#[test]
fn additions_give_paging_and_idempotency() {
    let paged = parse(
        "paged.json",
        &scf(r#""extend": {"actions": {
            "ListLayerVersions": {
                "input": [{"name": "Offset", "type": "int64"}, {"name": "Limit", "type": "int64"}],
                "output": [{"name": "TotalCount", "type": "int64", "output_required": true}],
                "paging": {"offset": "Offset", "limit": "Limit", "total": "TotalCount", "items": "LayerVersions"}
            },
            "CreateNamespace": {"idempotent": true}
        }}"#),
    );
    let merged = merge(&[paged]).unwrap();
    let action = |name: &str| {
        merged
            .ir
            .actions
            .iter()
            .find(|a| a.wire_name == name)
            .unwrap()
    };
    assert!(action("ListLayerVersions").paging.is_some());
    assert!(action("CreateNamespace").idempotent);
}

#[test]
fn a_later_file_extends_what_an_earlier_one_added() {
    let later = parse(
        "later.json",
        &scf(r#""extend": {
            "actions": {"GetFunctionCostReport": {
                "output": [{"name": "Discount", "type": "float"}],
                "errors": [{"code": "LimitExceeded.CostReport"}]
            }},
            "shapes": {"CostItem": {"members": [{"name": "Region", "type": "string"}]}}
        }"#),
    );
    let merged = merge(&[consumer(), later]).unwrap();
    let action = &merged.spec.actions["GetFunctionCostReport"];
    assert_eq!(action.output.last().unwrap().name, "Discount");
    assert_eq!(action.errors.len(), 3);
    assert_eq!(merged.spec.shapes["CostItem"].members.len(), 4);
}

#[test]
fn the_merged_spec_generates_a_whole_client_with_the_additions() {
    let (code, spec) = build::generate_with_additions(
        "scf",
        &repo().join("services/tencentcloud-scf/spec"),
        &repo().join("tests/additions-consumer"),
        &["additions/scf.json"],
        true,
    )
    .unwrap();
    assert!(spec.ends_with("2018-04-16.json"), "{}", spec.display());
    assert!(code.starts_with(
        "// Code generated by tencentcloud-codegen from tencentcloud-scf/spec/2018-04-16.json \
         + additions/scf.json. DO NOT EDIT.\n"
    ));
    for expected in [
        "pub mod get_function_cost_report {",
        "pub async fn get_function_cost_report(",
        "pub struct CostItem {",
        "pub fn set_cost_center(",
        "FailedOperationCostReportUnavailable,",
        "pub mod server {",
        // The shipped actions are all there too.
        "pub async fn terminate_async_event(",
    ] {
        assert!(
            code.contains(expected),
            "no {expected:?} in the generated code"
        );
    }
    let (client_only, _) = build::generate_with_additions(
        "scf",
        &repo().join("services/tencentcloud-scf/spec"),
        &repo().join("tests/additions-consumer"),
        &["additions/scf.json"],
        false,
    )
    .unwrap();
    assert!(!client_only.contains("pub mod server {"));
}

/// Every kind of conflict with the shipped spec, in one file, reported at once.
#[test]
fn conflicts_are_all_reported_with_file_and_path() {
    let bad = parse(
        "additions/bad.json",
        &format!(
            r#"{{"format": 3, "service": {{"name": "cvm", "version": "2018-04-16"}},
            "actions": {{
                "GetFunction": {{"doc": "", "output": [{REQUEST_ID}]}},
                "GetFunctionCostReport": {{"doc": "", "input": [{{"name": "Period", "type": "Duration"}}], "output": [{REQUEST_ID}]}}
            }},
            "shapes": {{"Tag": {{"members": []}}}},
            "extend": {{
                "actions": {{
                    "GetFunction": {{"input": [{{"name": "ShowCode", "type": "bool"}}, {{"name": "Region", "type": "string"}}, {{"name": "Region", "type": "string"}}]}},
                    "ListFunctions": {{"paging": {{"style": "token", "token": "Marker", "next_token": "NextMarker", "items": "Functions"}}}},
                    "GetFunctionLogs": {{"paging": {{"offset": "Offset", "limit": "Limit", "total": "TotalCount", "items": "Logs"}}}},
                    "DescribeFunctions": {{"errors": [{{"code": "ResourceNotFound.Function"}}]}},
                    "ListLayerVersions": {{"paging": {{"style": "token", "token": "Marker", "next_token": "NextMarker", "items": "Layers"}}}}
                }},
                "shapes": {{
                    "Tag": {{"members": [{{"name": "Value", "type": "list<string>"}}, {{"name": "Owner", "type": "Account"}}]}},
                    "Functions": {{"members": []}}
                }}
            }}}}"#
        ),
    );
    let err = merge(&[bad]).unwrap_err();
    insta::assert_snapshot!("conflicts", err.to_string());
}

/// Names that differ on the wire but not in Rust, whichever comes first in sorted
/// order (the generator reports a clash at the later name): each is reported in the
/// additions.
#[test]
fn rust_name_clashes_are_reported_in_the_additions() {
    let bad = parse(
        "additions/clash.json",
        &scf(&format!(
            r#""actions": {{"GETFunction": {{"doc": "", "output": [{REQUEST_ID}]}}}},
            "shapes": {{"VPCConfig": {{"members": []}}}},
            "extend": {{"actions": {{"GetFunction": {{
                "input": [{{"name": "FunctionNAME", "type": "string"}}],
                "errors": [{{"code": "ResourceNotFound.FUNCTION"}}]
            }}}}}}"#
        )),
    );
    let err = merge(&[bad]).unwrap_err();
    insta::assert_snapshot!("rust_name_clashes", err.to_string());
}

#[test]
fn problems_in_several_files_are_listed_per_file() {
    let first = parse(
        "additions/a.json",
        &scf(r#""extend": {
            "shapes": {"NoSuchShape": {"members": []}},
            "actions": {"GetFunction": {"idempotent": false}}
        }"#),
    );
    // The first file may say what the spec left to the naming default; the second may
    // not contradict it.
    let second = parse(
        "additions/b.json",
        &scf(r#""extend": {"actions": {
            "NoSuchAction": {"idempotent": true},
            "GetFunction": {"idempotent": true}
        }}"#),
    );
    let err = merge(&[first, second]).unwrap_err();
    insta::assert_snapshot!("several_files", err.to_string());
}

#[test]
fn additions_that_are_not_json_name_the_file_and_place() {
    let label = Path::new("additions/scf.json");
    let err = additions::parse(
        label,
        "{\"format\": 2,\n  \"service\": {\"name\": \"scf\"},\n  \"actions\": {\n",
    )
    .unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err:?}");
    insta::assert_snapshot!("not_json", err.to_string());
}

#[test]
fn additions_with_unknown_fields_name_the_field() {
    let label = Path::new("additions/scf.json");
    let text = scf(r#""extend": {"actions": {"GetFunction": {"outputs": []}}}"#);
    let err = additions::parse(label, &text).unwrap_err();
    insta::assert_snapshot!("unknown_field", err.to_string());
}

#[test]
fn additions_of_another_format_are_refused() {
    let old = parse(
        "additions/scf.json",
        r#"{"format": 1, "service": {"name": "scf"}}"#,
    );
    let err = merge(&[old]).unwrap_err();
    insta::assert_snapshot!("wrong_format", err.to_string());
}

#[test]
fn additions_name_a_version_the_crate_ships() {
    let dir = repo().join("services/tencentcloud-scf/spec");
    let other = parse(
        "additions/scf.json",
        r#"{"format": 2, "service": {"name": "scf", "version": "2020-01-01"}}"#,
    );
    let err = additions::shipped_spec(&dir, &[other]).unwrap_err();
    insta::assert_snapshot!("unknown_version", err.to_string());

    let unnamed = parse(
        "additions/scf.json",
        r#"{"format": 2, "service": {"name": "scf"}}"#,
    );
    let (path, spec) = additions::shipped_spec(&dir, &[unnamed]).unwrap();
    assert!(path.ends_with("2018-04-16.json"));
    assert_eq!(spec.service.version, "2018-04-16");
}

#[test]
fn unreadable_additions_are_reported_with_the_others() {
    let err = build::generate_with_additions(
        "scf",
        &repo().join("services/tencentcloud-scf/spec"),
        &repo().join("tests/additions-consumer"),
        &["additions/missing.json", "additions/scf.json", "Cargo.toml"],
        false,
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with("additions/missing.json: cannot read:"),
        "{message}"
    );
    assert!(
        message.contains("\nCargo.toml: expected value at line 1 column 1"),
        "{message}"
    );
}
