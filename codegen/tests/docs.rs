//! The generated docs of some of the worst-formed published descriptions, reviewed as
//! snapshots: the members with the most HTML across the specs, and those whose HTML is
//! broken (`</li>` for `<li>`, indented `<p>` under items, tables, `<code>` lists).

use serde_json::Value;
use tencentcloud_codegen::emit::markdown::{Edition, to_markdown};

/// The doc of member `name` of `shape` (or of action `shape`'s input, with
/// `input: true`) in `spec/<service>/<version>.json`, and its edition.
fn member_doc(spec: &str, owner: &str, name: &str) -> (String, Edition) {
    let path = format!("{}/../spec/{spec}.json", env!("CARGO_MANIFEST_DIR"));
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let members = spec["shapes"][owner]["members"]
        .as_array()
        .or_else(|| spec["actions"][owner]["input"].as_array())
        .unwrap_or_else(|| panic!("{path}: no shape or action {owner}"));
    let member = members
        .iter()
        .find(|m| m["name"] == name)
        .unwrap_or_else(|| panic!("{path}: {owner} has no {name}"));
    let edition = Edition::of(member["doc_lang"].as_str());
    (member["doc"].as_str().unwrap().to_owned(), edition)
}

macro_rules! doc_snapshot {
    ($test:ident, $spec:literal, $owner:literal, $member:literal) => {
        #[test]
        fn $test() {
            let (doc, edition) = member_doc($spec, $owner, $member);
            let markdown = to_markdown(&doc, edition);
            insta::with_settings!({ description => concat!($spec, " ", $owner, ".", $member) }, {
                insta::assert_snapshot!(stringify!($test), markdown);
            });
        }
    };
}

// `</li>` opening items, and links with `from_cn_redirect`.
doc_snapshot!(
    cvm_describe_instances_filters,
    "cvm/2017-03-12",
    "DescribeInstances",
    "Filters"
);
// Items followed by indented `<p>`s (Chinese edition).
doc_snapshot!(
    cvm_describe_account_quota_filters,
    "cvm/2017-03-12",
    "DescribeAccountQuota",
    "Filters"
);
// The most tags of any member: a list of `<code>` and `<br>`.
doc_snapshot!(
    mps_translate_dst_language,
    "mps/2019-06-12",
    "RawSmartSubtitleParameter",
    "TranslateDstLanguage"
);
// A table whose first column is mostly empty.
doc_snapshot!(
    ocr_medical_invoice_item_name,
    "ocr/2018-11-19",
    "MedicalInvoiceItem",
    "Name"
);
// `<font>`, lists of `<b>`, `<code>` with entities.
doc_snapshot!(
    ess_component_extra,
    "ess/2020-11-11",
    "Component",
    "ComponentExtra"
);
// A Markdown table written with `<br>` between its rows.
doc_snapshot!(
    adp_mcp_transport,
    "adp/2026-05-20",
    "MCPPluginConfig",
    "MCPTransport"
);
// `<pre>` with `<br>` and `&emsp;` inside.
doc_snapshot!(
    gme_llm_config,
    "gme/2018-07-11",
    "StartAIConversation",
    "LLMConfig"
);
// The most tags in waf: nested lists.
doc_snapshot!(waf_strategy_field, "waf/2018-01-25", "Strategy", "Field");
