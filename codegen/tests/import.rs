//! The importer against small hand-written descriptions in the tccli format
//! (`tests/import_fixtures/`), plus one check that the committed SCF spec is exactly what
//! importing its committed sources gives.
//!
//! The `demo` fixture has two editions. English documents `DescribeWidgets`,
//! `CreateWidget` and `DeleteWidget`; Chinese documents `DescribeWidgets` again (with
//! different docs and some different flags) and `RebootWidget`, which English lacks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::json;
use tencentcloud_codegen::import::merge::Kind;
use tencentcloud_codegen::import::{self, Disagreement, Imported, Inputs, Paths, catalog, tccli};
use tencentcloud_codegen::spec::{Action, Member, Paging, Shape, Spec, Usage};
use tencentcloud_codegen::{Settings, generate_str};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn demo(file: &str) -> PathBuf {
    manifest_dir().join("tests/import_fixtures/demo").join(file)
}

fn demo_paths() -> Paths {
    Paths {
        editions: vec![
            (
                "en".into(),
                demo("api.en.json"),
                Some(demo("examples.en.json")),
            ),
            (
                "zh".into(),
                demo("api.zh.json"),
                Some(demo("examples.zh.json")),
            ),
        ],
        action_errors: Some(demo("action-errors.json")),
        error_codes: Some(demo("error-codes.json")),
        qps: Some(demo("qps.json")),
        overlay: Some(demo("overlay.json")),
    }
}

fn demo_inputs(only: Option<&[&str]>) -> Inputs {
    let only = only.map(|names| names.iter().map(|n| (*n).to_owned()).collect());
    let mut inputs = demo_paths().read("Demo Service".into(), only).unwrap();
    inputs.sources = vec!["codegen/tests/import_fixtures/demo (hand-written)".into()];
    inputs
}

fn import_demo() -> Imported {
    import::import(&demo_inputs(None)).unwrap()
}

fn action<'a>(spec: &'a Spec, name: &str) -> &'a Action {
    spec.actions
        .get(name)
        .unwrap_or_else(|| panic!("no action {name}"))
}

fn shape<'a>(spec: &'a Spec, name: &str) -> &'a Shape {
    spec.shapes
        .get(name)
        .unwrap_or_else(|| panic!("no shape {name}"))
}

fn member<'a>(members: &'a [Member], name: &str) -> &'a Member {
    members
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no member {name}"))
}

fn has_warning(imported: &Imported, text: &str) -> bool {
    imported.warnings.iter().any(|w| w.contains(text))
}

#[test]
fn demo_fixture_imports_to_the_snapshotted_spec() {
    insta::assert_snapshot!("demo_spec", import::to_json(&import_demo().spec));
}

#[test]
fn demo_fixture_warns_about_exactly_what_it_cannot_carry_over() {
    insta::assert_snapshot!("demo_warnings", import_demo().warnings.join("\n"));
}

#[test]
fn every_published_type_becomes_its_spec_type() {
    let spec = import_demo().spec;
    let describe = &action(&spec, "DescribeWidgets").input;
    let create = &action(&spec, "CreateWidget");
    let widget = &shape(&spec, "Widget").members;
    let cases = [
        (member(describe, "Offset"), "int64"),
        (member(describe, "Limit"), "uint64"),
        (member(describe, "Verbose"), "bool"),
        (member(describe, "Since"), "datetime"),
        (member(describe, "WidgetIds"), "list<string>"),
        (member(describe, "Ports"), "list<int64>"),
        (member(describe, "Serials"), "list<uint64>"),
        (member(describe, "Filters"), "list<Filter>"),
        (member(&create.input, "Name"), "string"),
        (member(&create.input, "Weight"), "float"),
        (member(&create.input, "Payload"), "binary"),
        (member(&create.input, "Spec"), "WidgetSpec"),
        (member(&create.output, "CreatedAt"), "datetime"),
        (member(widget, "CreatedOn"), "datetime"),
    ];
    for (m, ty) in cases {
        assert_eq!(m.ty, ty, "{}", m.name);
    }
}

#[test]
fn unknown_published_type_is_an_error_naming_its_path() {
    let mut inputs = demo_inputs(None);
    let filter = inputs.editions[0].api.objects.get_mut("Filter").unwrap();
    filter.members[0].ty = "map".into();
    let err = import::import(&inputs).unwrap_err().to_string();
    assert!(
        err.contains(r#"objects.Filter.members[0].type: unknown published type "map""#),
        "{err}"
    );
}

#[test]
fn member_attributes_carry_over() {
    let spec = import_demo().spec;
    let create = &action(&spec, "CreateWidget").input;

    assert!(member(create, "Name").required);
    assert!(!member(create, "Weight").required);

    let legacy = member(create, "Legacy");
    assert!(legacy.deprecated, "disabled becomes deprecated");
    assert_eq!(legacy.default.as_deref(), Some("off"));

    let score = member(&shape(&spec, "Widget").members, "Score");
    assert!(score.nullable, "value_allowed_null becomes nullable");
    assert!(!member(&shape(&spec, "Widget").members, "Name").nullable);
}

#[test]
fn examples_and_defaults_of_any_json_type_become_text() {
    let spec = import_demo().spec;
    let describe = &action(&spec, "DescribeWidgets").input;
    let create = &action(&spec, "CreateWidget").input;
    let offset = member(describe, "Offset");
    assert_eq!(offset.default.as_deref(), Some("0"), "a number default");
    assert_eq!(offset.example.as_deref(), Some("0"), "a string example");
    assert_eq!(member(describe, "Limit").example.as_deref(), Some("20"));
    assert_eq!(member(describe, "Verbose").example.as_deref(), Some("true"));
    assert_eq!(
        member(describe, "WidgetIds").example.as_deref(),
        Some(r#"["w-1","w-2"]"#)
    );
    assert_eq!(member(create, "Weight").example.as_deref(), Some("0.5"));
    assert_eq!(member(describe, "Since").example, None, "a null example");
}

#[test]
fn request_members_read_required_and_are_never_output_required() {
    let spec = import_demo().spec;
    // Published with `output_required: true` as well, which a request cannot promise.
    let name = member(&action(&spec, "CreateWidget").input, "Name");
    assert!(name.required);
    assert!(!name.output_required);
}

#[test]
fn response_members_read_required_as_always_returned() {
    let spec = import_demo().spec;
    let output = &action(&spec, "DescribeWidgets").output;
    let cursor = member(output, "Cursor");
    assert!(cursor.output_required);
    assert!(!cursor.required);
    assert!(member(output, "TotalCount").output_required);
}

#[test]
fn request_id_is_always_returned_and_never_null_even_when_unpublished() {
    let spec = import_demo().spec;
    for (name, a) in &spec.actions {
        let id = member(&a.output, "RequestId");
        assert!(id.output_required && !id.nullable, "{name}");
    }
}

#[test]
fn shape_usage_in_reads_required_only() {
    let spec = import_demo().spec;
    let filter = shape(&spec, "Filter");
    assert_eq!(filter.usage, Usage::In);
    let values = member(&filter.members, "Values");
    assert!(values.required);
    assert!(
        !values.output_required,
        "an input-only shape is never received"
    );
    assert!(!member(&filter.members, "Exact").required);
}

#[test]
fn shape_usage_out_reads_required_as_always_returned() {
    let spec = import_demo().spec;
    let widget = shape(&spec, "Widget");
    assert_eq!(widget.usage, Usage::Out);
    let id = member(&widget.members, "WidgetId");
    assert!(id.output_required);
    assert!(!id.required);
    assert!(member(&widget.members, "Name").output_required);
    assert!(!member(&widget.members, "Score").output_required);
}

#[test]
fn shape_usage_both_reads_required_and_output_required_separately() {
    let spec = import_demo().spec;
    let tag = shape(&spec, "Tag");
    assert_eq!(tag.usage, Usage::Both);
    let flags = |name: &str| {
        let m = member(&tag.members, name);
        (m.required, m.output_required)
    };
    assert_eq!(flags("Key"), (true, true));
    assert_eq!(flags("Value"), (false, true));
    assert_eq!(
        flags("Note"),
        (true, false),
        "required does not imply returned"
    );
}

#[test]
fn shape_declared_input_only_but_inside_a_response_is_imported_as_both() {
    let imported = import_demo();
    let label = shape(&imported.spec, "Label");
    assert_eq!(label.usage, Usage::Both);
    // Read as `both`, the required member is not promised in responses, so it decodes
    // as optional there.
    let text = member(&label.members, "Text");
    assert!(text.required && !text.output_required);
    assert!(has_warning(
        &imported,
        r#"objects.Label.usage: declared "in", but a response contains it"#
    ));
}

#[test]
fn english_edition_supplies_docs_of_what_it_documents() {
    let spec = import_demo().spec;
    let describe = action(&spec, "DescribeWidgets");
    assert_eq!(describe.title, "Describes widgets");
    assert_eq!(describe.doc, "Lists widgets.");
    assert_eq!(describe.doc_lang, None);
    let offset = member(&describe.input, "Offset");
    assert_eq!(
        (offset.doc.as_str(), offset.doc_lang.as_deref()),
        ("Offset.", None)
    );
    let tag = shape(&spec, "Tag");
    assert_eq!(
        (tag.doc.as_str(), tag.doc_lang.as_deref()),
        ("A tag.", None)
    );
}

#[test]
fn action_only_in_chinese_edition_is_taken_with_doc_lang_zh() {
    let spec = import_demo().spec;
    let reboot = action(&spec, "RebootWidget");
    assert_eq!(reboot.doc, "重启一个部件。");
    assert_eq!(reboot.doc_lang.as_deref(), Some("zh"));
    let id = member(&reboot.input, "WidgetId");
    assert!(id.required);
    assert_eq!(id.doc_lang.as_deref(), Some("zh"));
}

#[test]
fn object_only_in_chinese_edition_is_taken_with_doc_lang_zh() {
    let spec = import_demo().spec;
    let result = shape(&spec, "RebootResult");
    assert_eq!(result.doc_lang.as_deref(), Some("zh"));
    assert_eq!(result.usage, Usage::Out);
    assert_eq!(member(&result.members, "Code").ty, "int64");
}

#[test]
fn member_only_in_chinese_edition_is_appended_with_doc_lang_zh() {
    let spec = import_demo().spec;
    let input = &action(&spec, "DescribeWidgets").input;
    assert_eq!(input.last().unwrap().name, "Zone");
    assert_eq!(member(input, "Zone").doc_lang.as_deref(), Some("zh"));
    let extra = member(&shape(&spec, "Widget").members, "Extra");
    assert_eq!(extra.doc_lang.as_deref(), Some("zh"));
}

#[test]
fn editions_disagreeing_on_nullability_give_nullable() {
    let spec = import_demo().spec;
    // English says Tag.Value is never null; Chinese says it may be.
    assert!(member(&shape(&spec, "Tag").members, "Value").nullable);
}

#[test]
fn output_is_always_returned_only_when_every_edition_says_so() {
    let spec = import_demo().spec;
    let widget = &shape(&spec, "Widget").members;
    // English promises State; Chinese does not.
    assert!(!member(widget, "State").output_required);
    assert!(member(widget, "Name").output_required);
}

#[test]
fn get_example_becomes_json_typed_by_member_types() {
    let spec = import_demo().spec;
    let examples = &action(&spec, "DescribeWidgets").examples;
    assert_eq!(examples.len(), 1);
    assert_eq!(examples[0].title, "Listing widgets", "English is preferred");
    assert_eq!(
        examples[0].request,
        json!({
            "Offset": 0,
            "Limit": 20,
            "Filters": [{"Name": "zone", "Values": ["ap-guangzhou-3"], "Exact": false}],
            "Tags": [{"Key": "env", "Value": "a b"}],
            "WidgetIds": ["007"],
            "Ports": [80, -1],
            "Serials": [u64::MAX],
            "Verbose": true,
            "Since": "2020-01-01 00:00:00",
            // Not a member, so its type is unknown and the text is kept.
            "Unknown": ["1"]
        })
    );
    assert_eq!(examples[0].response["Response"]["TotalCount"], json!(1));
}

#[test]
fn post_example_body_becomes_the_request() {
    let spec = import_demo().spec;
    let ex = &action(&spec, "CreateWidget").examples[0];
    assert_eq!(ex.title, "Creating a widget");
    assert_eq!(ex.doc, "A POST example.");
    assert_eq!(
        ex.request,
        json!({"Name": "w1", "Spec": {"Cpu": 2}, "Weight": 0.5})
    );
    assert_eq!(
        ex.response,
        json!({"Response": {"WidgetId": "w-1", "CreatedAt": "2020-01-01T00:00:00Z", "RequestId": "r-2"}})
    );
}

#[test]
fn post_example_without_blank_line_reads_body_from_its_brace() {
    let spec = import_demo().spec;
    let ex = &action(&spec, "DeleteWidget").examples[0];
    assert_eq!(ex.request, json!({"WidgetId": "w-1"}));
}

#[test]
fn example_of_a_bare_json_body_is_the_request() {
    let spec = import_demo().spec;
    let ex = &action(&spec, "RebootWidget").examples[0];
    assert_eq!(ex.request, json!({"WidgetId": "w-1", "Force": true}));
}

#[test]
fn unreadable_example_is_skipped_with_a_warning() {
    let imported = import_demo();
    assert_eq!(action(&imported.spec, "DeleteWidget").examples.len(), 1);
    assert!(has_warning(
        &imported,
        "examples.DeleteWidget[1]: skipped: POST body is not JSON"
    ));
}

#[test]
fn action_errors_take_english_descriptions_then_chinese_marked_zh() {
    let imported = import_demo();
    let errors: Vec<_> = action(&imported.spec, "CreateWidget")
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.doc.as_str(), e.doc_lang.as_deref()))
        .collect();
    assert_eq!(
        errors,
        [
            ("FailedOperation.Quota", "Quota exceeded.", None),
            ("InvalidParameter.Name", "名称无效。", Some("zh")),
            ("ResourceInUse", "", None),
        ]
    );
    assert!(has_warning(
        &imported,
        "errors: ResourceInUse (of CreateWidget) has no description"
    ));
    assert!(action(&imported.spec, "DescribeWidgets").errors.is_empty());
}

#[test]
fn qps_file_sets_limits_of_the_actions_it_lists() {
    let spec = import_demo().spec;
    assert_eq!(action(&spec, "DescribeWidgets").qps_limit, Some(20));
    assert_eq!(action(&spec, "CreateWidget").qps_limit, Some(10));
    assert_eq!(action(&spec, "DeleteWidget").qps_limit, None);
}

#[test]
fn overlay_sets_paging_and_idempotency() {
    let spec = import_demo().spec;
    assert_eq!(
        action(&spec, "DescribeWidgets").paging,
        Some(Paging::offset("Offset", "Limit", "TotalCount", "WidgetSet"))
    );
    assert_eq!(action(&spec, "CreateWidget").idempotent, Some(true));
    assert_eq!(action(&spec, "DeleteWidget").idempotent, None);
    assert_eq!(action(&spec, "DeleteWidget").paging, None);
}

#[test]
fn overlay_naming_an_unknown_action_is_an_error_with_its_path() {
    let mut paths = demo_paths();
    paths.overlay = Some(demo("overlay-unknown-action.json"));
    let inputs = paths.read("Demo Service".into(), None).unwrap();
    let err = import::import(&inputs).unwrap_err().to_string();
    assert!(
        err.contains("overlay.actions.DescribeGadgets: no such action in the description"),
        "{err}"
    );
}

#[test]
fn retired_action_is_imported_with_a_warning() {
    let imported = import_demo();
    assert!(imported.spec.actions.contains_key("DeleteWidget"));
    assert!(has_warning(
        &imported,
        r#"actions.DeleteWidget: status "deprecated", imported anyway"#
    ));
}

#[test]
fn only_keeps_the_named_actions_and_the_shapes_they_reach() {
    let create = import::import(&demo_inputs(Some(&["CreateWidget"]))).unwrap();
    assert_eq!(
        create.spec.actions.keys().collect::<Vec<_>>(),
        ["CreateWidget"]
    );
    assert_eq!(
        create.spec.shapes.keys().collect::<Vec<_>>(),
        ["Tag", "WidgetSpec"]
    );

    // Widget reaches Label and Tag; the overlay's CreateWidget entry is no error.
    let describe = import::import(&demo_inputs(Some(&["DescribeWidgets"]))).unwrap();
    assert_eq!(
        describe.spec.shapes.keys().collect::<Vec<_>>(),
        ["Filter", "Label", "Tag", "Widget"]
    );
    // Kept shapes are imported exactly as in a full import.
    let full = import_demo().spec;
    for (name, s) in &describe.spec.shapes {
        assert_eq!(s, shape(&full, name), "{name}");
    }
}

#[test]
fn full_import_keeps_shapes_no_action_uses() {
    assert!(import_demo().spec.shapes.contains_key("Unused"));
}

#[test]
fn importing_twice_gives_identical_json() {
    let first = import::to_json(&import_demo().spec);
    let second = import::to_json(&import_demo().spec);
    assert_eq!(first, second);
    assert!(first.ends_with("}\n"));
}

#[test]
fn imported_demo_spec_validates_and_generates() {
    let json = import::to_json(&import_demo().spec);
    let settings = Settings::new("demo.json").with_crate_name("tencentcloud-demo");
    let code = generate_str(Path::new("demo.json"), &json, &settings).unwrap();
    assert!(code.contains("pub struct DescribeWidgetsRequest"));
    assert!(code.contains("pub fn describe_widgets_paginator("));
    assert!(code.contains("pub struct RebootResult"));
}

#[test]
fn flags_written_as_one_or_zero_are_booleans() {
    let read = |flag: &str| {
        let text = format!(r#"{{"name": "A", "type": "string", "required": {flag}}}"#);
        serde_json::from_str::<tccli::ApiMember>(&text).map(|m| m.required)
    };
    assert_eq!(read("true").unwrap(), Some(true));
    assert_eq!(read("1").unwrap(), Some(true));
    assert_eq!(read("0").unwrap(), Some(false));
    assert_eq!(read("null").unwrap(), None);
    assert!(read("2").is_err());
}

#[test]
fn malformed_description_names_the_file_and_json_path() {
    let api = manifest_dir().join("tests/import_fixtures/bad/api.json");
    let paths = Paths {
        editions: vec![("en".into(), api.clone(), None)],
        ..Paths::default()
    };
    let err = paths.read(String::new(), None).unwrap_err().to_string();
    assert!(err.starts_with(&api.display().to_string()), "{err}");
    assert!(
        err.contains("objects.PingRequest.members[0].required"),
        "{err}"
    );
}

#[test]
fn import_without_any_edition_is_an_error() {
    let err = import::import(&Inputs::default()).unwrap_err().to_string();
    assert!(err.contains("at least one edition"), "{err}");
}

/// `spec/import.sh scf`, in process: the committed spec must be exactly what importing
/// the committed sources gives, so a hand edit of the spec (or a changed importer whose
/// output was not re-committed) fails here.
#[test]
fn committed_scf_spec_is_reproducible() {
    let spec_dir = manifest_dir().join("../spec");
    let job = catalog::committed(&spec_dir, "scf", "2018-04-16").expect("SCF's sources");
    let imported = import::to_json(&job.run().unwrap().spec);

    let committed = std::fs::read_to_string(spec_dir.join("scf/2018-04-16.json")).unwrap();
    if imported != committed {
        let line = imported
            .lines()
            .zip(committed.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| imported.lines().count().min(committed.lines().count()));
        panic!(
            "spec/scf/2018-04-16.json differs from a fresh import from line {}:\n  import:    {:?}\n  committed: {:?}\nRun `bash spec/import.sh scf` rather than editing the spec by hand.",
            line + 1,
            imported.lines().nth(line),
            committed.lines().nth(line),
        );
    }
}

/// The paging found from member names is what was declared for SCF by hand, except
/// where the response has two lists and only the overlay can say which holds the items.
#[test]
fn paging_found_from_members_matches_scfs_hand_written_overlay() {
    let spec_dir = manifest_dir().join("../spec");
    let mut job = catalog::committed(&spec_dir, "scf", "2018-04-16").expect("SCF's sources");
    let declared = job.run().unwrap().spec;
    job.paths.overlay = None;
    let found = job.run().unwrap().spec;
    let paging = |spec: &Spec| -> Vec<(String, Option<Paging>)> {
        spec.actions
            .iter()
            .map(|(name, a)| (name.clone(), a.paging.clone()))
            .collect()
    };
    let differ: Vec<_> = paging(&found)
        .into_iter()
        .zip(paging(&declared))
        .filter(|(f, d)| f != d)
        .map(|(f, d)| (f.0, f.1.is_some(), d.1.is_some()))
        .collect();
    // (action, found, declared)
    assert_eq!(differ, [("ListVersionByFunction".to_owned(), false, true)]);
    assert_eq!(
        declared
            .actions
            .values()
            .filter(|a| a.paging.is_some())
            .count(),
        9
    );
}

#[test]
fn only_naming_an_unknown_action_is_an_error() {
    let err = import::import(&demo_inputs(Some(&["CreateWidget", "CreateWidgte"])))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(r#"only: no action "CreateWidgte" in the description"#),
        "{err}"
    );
}

#[test]
fn overlay_naming_an_unknown_action_is_an_error_even_with_only() {
    let mut paths = demo_paths();
    paths.overlay = Some(demo("overlay-unknown-action.json"));
    let only = BTreeSet::from(["CreateWidget".to_owned()]);
    let inputs = paths.read("Demo Service".into(), Some(only)).unwrap();
    let err = import::import(&inputs).unwrap_err().to_string();
    assert!(err.contains("overlay.actions.DescribeGadgets"), "{err}");
}

#[test]
fn members_that_would_share_a_rust_name_get_distinct_rust_names() {
    let mut inputs = demo_inputs(Some(&["CreateWidget"]));
    let object = inputs.editions[0]
        .api
        .objects
        .get_mut("CreateWidgetRequest")
        .unwrap();
    let mut twin = object.members[0].clone();
    assert_eq!(twin.name, "Name");
    twin.name = "NAME".into();
    object.members.push(twin);
    let imported = import::import(&inputs).unwrap();
    let input = &action(&imported.spec, "CreateWidget").input;
    assert_eq!(member(input, "Name").rust_name, None);
    assert_eq!(member(input, "NAME").rust_name.as_deref(), Some("name_2"));
    assert!(has_warning(
        &imported,
        "\"NAME\" would share the Rust name `name`"
    ));
    // And the spec generates: the clash no longer stops validation.
    let text = import::to_json(&imported.spec);
    generate_str(Path::new("clash.json"), &text, &Settings::new("clash")).unwrap();
}

#[test]
fn published_code_lists_are_cleaned_so_every_one_generates() {
    let mut inputs = demo_inputs(None);
    let errors = inputs.action_errors.as_mut().unwrap();
    errors.actions.insert(
        "DeleteWidget".into(),
        [
            "InvalidParameter.Conflict",
            "InvalidParameterConflict",
            "MissingParameter.",
            "MissingParameter",
            "ResourceNotFound.Widget",
        ]
        .map(String::from)
        .to_vec(),
    );
    let imported = import::import(&inputs).unwrap();
    let codes: Vec<_> = action(&imported.spec, "DeleteWidget")
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.variant.as_deref()))
        .collect();
    assert_eq!(
        codes,
        [
            ("InvalidParameter.Conflict", None),
            // Would be `InvalidParameterConflict` too.
            (
                "InvalidParameterConflict",
                Some("InvalidParameterConflict2")
            ),
            // The stray dot is dropped, and the code then listed once.
            ("MissingParameter", None),
            ("ResourceNotFound.Widget", None),
        ]
    );
    assert!(has_warning(
        &imported,
        r#"errors: "MissingParameter." (of DeleteWidget) read as "MissingParameter""#
    ));
    assert!(has_warning(
        &imported,
        "errors: InvalidParameterConflict (of DeleteWidget) would share the variant \
         `InvalidParameterConflict`; named `InvalidParameterConflict2`"
    ));
    // And the spec generates.
    let text = import::to_json(&imported.spec);
    generate_str(Path::new("demo.json"), &text, &Settings::new("demo")).unwrap();
}

/// Marks `action` of every edition as streaming the way the description does (in its
/// RequestId's text), optionally with an optional `Stream` flag in its request.
fn streaming_inputs(action: &str, with_flag: bool) -> Inputs {
    let mut inputs = demo_inputs(None);
    for edition in &mut inputs.editions {
        let Some(found) = edition.api.actions.get(action) else {
            continue;
        };
        let (input, output) = (found.input.clone(), found.output.clone());
        let response = edition.api.objects.get_mut(&output).unwrap();
        let request_id = response
            .members
            .iter_mut()
            .find(|m| m.name == "RequestId")
            .unwrap();
        request_id.document = "本接口为流式响应接口，当请求成功时，RequestId 会被放在 HTTP \
                               响应的 Header \"X-TC-RequestId\" 中。"
            .into();
        if with_flag {
            let request = edition.api.objects.get_mut(&input).unwrap();
            let mut flag = request.members[0].clone();
            flag.name = "Stream".into();
            flag.ty = "bool".into();
            flag.member = "bool".into();
            flag.required = Some(false);
            request.members.push(flag);
        }
    }
    inputs
}

#[test]
fn the_request_id_marker_makes_an_action_streaming_with_its_stream_flag() {
    let spec = import::import(&streaming_inputs("DeleteWidget", true))
        .unwrap()
        .spec;
    let streaming = action(&spec, "DeleteWidget").streaming.as_ref().unwrap();
    assert_eq!(streaming.flag.as_deref(), Some("Stream"));
    assert!(action(&spec, "CreateWidget").streaming.is_none());
    // And it generates: the flag is valid for the validator.
    let text = import::to_json(&spec);
    generate_str(Path::new("demo.json"), &text, &Settings::new("demo")).unwrap();
}

#[test]
fn without_a_stream_member_the_action_always_streams() {
    let spec = import::import(&streaming_inputs("DeleteWidget", false))
        .unwrap()
        .spec;
    let streaming = action(&spec, "DeleteWidget").streaming.as_ref().unwrap();
    assert_eq!(streaming.flag, None);
}

#[test]
fn an_overlay_sets_or_clears_streaming() {
    let mut inputs = streaming_inputs("DeleteWidget", true);
    let overlay = inputs.overlay.as_mut().unwrap();
    let clear: tccli::OverlayAction = serde_json::from_value(json!({"streaming": false})).unwrap();
    let set: tccli::OverlayAction = serde_json::from_value(json!({"streaming": true})).unwrap();
    overlay.actions.insert("DeleteWidget".into(), clear);
    overlay.actions.insert("CreateWidget".into(), set);
    let spec = import::import(&inputs).unwrap().spec;
    assert!(action(&spec, "DeleteWidget").streaming.is_none());
    // CreateWidget has no `Stream` member: it streams whatever it is sent.
    let streaming = action(&spec, "CreateWidget").streaming.as_ref().unwrap();
    assert_eq!(streaming.flag, None);
    // The overlay's other entries still apply.
    assert!(action(&spec, "DescribeWidgets").paging.is_some());
}

fn disagreement<'a>(imported: &'a Imported, path: &str) -> &'a Disagreement {
    imported
        .disagreements
        .iter()
        .find(|d| d.path() == path)
        .unwrap_or_else(|| panic!("no disagreement at {path}"))
}

#[test]
fn a_type_the_editions_disagree_on_is_the_chinese_editions() {
    let imported = import_demo();
    // English says string; Chinese (and the service) a list.
    let zones = member(&shape(&imported.spec, "Widget").members, "Zones");
    assert_eq!(zones.ty, "list<string>");
    assert_eq!(zones.doc_lang, None, "the docs are still English");
    let d = disagreement(&imported, "Widget.Zones");
    assert_eq!(d.kind, Kind::Type);
    assert_eq!(
        (d.said_by("en"), d.said_by("zh")),
        ("string", "list<string>")
    );
    assert_eq!(d.took, "list<string>");
}

#[test]
fn the_examples_of_both_editions_are_checked_against_the_type_taken() {
    let imported = import_demo();
    // The English example gives a list, the Chinese one a string.
    let d = disagreement(&imported, "Widget.Zones");
    assert_eq!(d.examples, "1 of 2 values in the examples fit");
    assert!(has_warning(
        &imported,
        "examples.DescribeWidgets[0] (zh edition): Widget.Zones is \"ap-guangzhou-3\", which does \
         not fit list<string>, the type taken from the zh edition"
    ));
    assert!(!has_warning(&imported, "(en edition)"));
}

#[test]
fn a_sent_member_is_required_only_when_every_edition_requires_it() {
    let imported = import_demo();
    let input = &action(&imported.spec, "DescribeWidgets").input;
    // English requires Owner, Chinese does not; Project the other way round.
    for (name, en, zh) in [
        ("Owner", "required", "optional"),
        ("Project", "optional", "required"),
    ] {
        assert!(!member(input, name).required, "{name}");
        let d = disagreement(&imported, &format!("DescribeWidgets.input.{name}"));
        assert_eq!(d.kind, Kind::Required);
        assert_eq!(
            (d.said_by("en"), d.said_by("zh"), d.took.as_str()),
            (en, zh, "optional")
        );
    }
    // In a shape sent and received: English requires Tag.Value when sent, Chinese does not.
    let value = member(&shape(&imported.spec, "Tag").members, "Value");
    assert!(!value.required && value.output_required);
    assert_eq!(disagreement(&imported, "Tag.Value").kind, Kind::Required);
    // Both require Tag.Key: no disagreement, still required.
    assert!(member(&shape(&imported.spec, "Tag").members, "Key").required);
    assert!(!imported.disagreements.iter().any(|d| d.path() == "Tag.Key"));
}

#[test]
fn a_member_only_the_english_edition_has_is_never_required_nor_promised() {
    let imported = import_demo();
    let site = member(&action(&imported.spec, "DescribeWidgets").input, "Site");
    assert!(
        !site.required,
        "English requires it; the Chinese edition lacks it"
    );
    let d = disagreement(&imported, "DescribeWidgets.input.Site");
    assert_eq!(d.kind, Kind::EnglishOnly);
    assert_eq!(
        (d.said_by("en"), d.said_by("zh"), d.took.as_str()),
        ("required", "absent", "optional")
    );

    let rank = member(&shape(&imported.spec, "Widget").members, "Rank");
    assert!(
        !rank.output_required,
        "English promises it; the Chinese edition lacks it"
    );
    let d = disagreement(&imported, "Widget.Rank");
    assert_eq!(
        (d.said_by("en"), d.took.as_str()),
        ("always returned", "may be absent")
    );

    // Generated, it is a setter, not an argument of `new`.
    let code = generate_str(
        Path::new("demo.json"),
        &import::to_json(&imported.spec),
        &Settings::new("demo.json").with_crate_name("tencentcloud-demo"),
    )
    .unwrap();
    assert!(code.contains("pub fn set_site("), "a settable member");
}

#[test]
fn objects_only_one_edition_describes_keep_that_editions_flags() {
    let imported = import_demo();
    // CreateWidget is English only, RebootWidget Chinese only: nothing to disagree on.
    assert!(member(&action(&imported.spec, "CreateWidget").input, "Name").required);
    assert!(member(&action(&imported.spec, "RebootWidget").input, "WidgetId").required);
    assert!(
        !imported
            .disagreements
            .iter()
            .any(|d| d.path().starts_with("CreateWidget.") || d.path().starts_with("RebootWidget.")),
        "{:?}",
        imported.disagreements
    );
}

#[test]
fn every_disagreement_of_the_demo_is_listed_once() {
    let listed: Vec<String> = import_demo()
        .disagreements
        .iter()
        .map(ToString::to_string)
        .collect();
    insta::assert_snapshot!("demo_disagreements", listed.join("\n"));
}

#[test]
fn an_only_import_lists_the_disagreements_of_what_it_keeps() {
    let create = import::import(&demo_inputs(Some(&["CreateWidget"]))).unwrap();
    // CreateWidget reaches Tag, whose Value the editions disagree on, and not Widget.
    let paths: Vec<String> = create.disagreements.iter().map(|d| d.path()).collect();
    assert_eq!(paths, ["Tag.Value"]);
}
