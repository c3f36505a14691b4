//! Each construct and each malformed case, taken from real specs: the spec file and the
//! member are named above each input.

use super::{Edition, to_markdown};

fn en(text: &str) -> String {
    to_markdown(text, Edition::English)
}

fn zh(text: &str) -> String {
    to_markdown(text, Edition::Chinese)
}

#[test]
fn paragraphs_are_separated_by_blank_lines() {
    // spec/apm/2021-06-22.json, DescribeGeneralSpanList.OrderBy.
    assert_eq!(
        en(
            "<p>Sort<br>Keys now supported:</p><ul><li>startTime</li><li>endTime</li>\
            <li>duration</li></ul><p>Values now supported:</p><ul><li>desc (sort in \
            descending order)</li><li>asc (ascending order)</li></ul>"
        ),
        "Sort\\\nKeys now supported:\n\n- startTime\n- endTime\n- duration\n\n\
         Values now supported:\n\n- desc (sort in descending order)\n- asc (ascending order)"
    );
}

#[test]
fn line_breaks_are_hard_breaks_and_two_a_paragraph() {
    // spec/aiart/2022-12-29.json, SubmitDrawPortraitJob.Definition.
    assert_eq!(
        zh("<p>清晰度，单位为 px。<br>支持以下选项：<br>sd：基础版<br>不填默认为sd。</p>"),
        "清晰度，单位为 px。\\\n支持以下选项：\\\nsd：基础版\\\n不填默认为sd。"
    );
    // spec/aca/2021-03-23.json, RequestCase.CaseId: `<br />`, `<br/>`, and a break
    // before a source line break.
    assert_eq!(
        zh("病历文书ID<br />门诊场景<br/>住院场景"),
        "病历文书ID\\\n门诊场景\\\n住院场景"
    );
    assert_eq!(en("a<br>\nb"), "a\\\nb");
    assert_eq!(en("a<br><br>b"), "a\n\nb");
    // A break with nothing after it on its line is not written: a trailing backslash
    // would show.
    assert_eq!(en("a<br></p>b"), "a\n\nb");
    assert_eq!(en("a<br>"), "a");
}

#[test]
fn a_markdown_table_written_with_breaks_stays_a_table() {
    // spec/adp/2026-05-20.json, MCPPluginConfig.MCPTransport.
    assert_eq!(
        zh(
            "<p>MCP传输类型: SSE/Streamable<br>枚举值:<br>| uint | 描述 |<br>| --- | --- |<br>\
            | 0 | SSE + HTTP 模式 |<br>| 1 | Streamable HTTP 模式 |</p>"
        ),
        "MCP传输类型: SSE/Streamable\\\n枚举值:\n\n| uint | 描述 |\n| --- | --- |\n\
         | 0 | SSE + HTTP 模式 |\n| 1 | Streamable HTTP 模式 |"
    );
}

#[test]
fn li_typos_for_li_open_items() {
    // spec/cvm/2017-03-12.json, DescribeInstancesRequest.Filters: items alternately
    // opened by `<li>` and by `</li>`.
    let text = "Filters\n<li> `zone` - String - Optional - Filter by the availability zone.</li>\n\
                <li> `host-id` - String - Optional - Filter by the CDH instance ID.</li>\n\
                </li>`vpc-id` - String - Optional - Filter by the VPC ID.</li>\n\
                <li> `tag-key` - String - Optional - Filter by the tag key.</li>\n\
                Each request can have up to 10 `Filters` and 5 `Filters.Values`.";
    assert_eq!(
        en(text),
        "Filters\n\n\
         - `zone` - String - Optional - Filter by the availability zone.\n\
         - `host-id` - String - Optional - Filter by the CDH instance ID.\n\
         - `vpc-id` - String - Optional - Filter by the VPC ID.\n\
         - `tag-key` - String - Optional - Filter by the tag key.\n\n\
         Each request can have up to 10 `Filters` and 5 `Filters.Values`."
    );
}

#[test]
fn indented_paragraphs_after_an_item_belong_to_it() {
    // spec/cvm/2017-03-12.json, DescribeAccountQuotaRequest.Filters (Chinese edition).
    let text = "<li><strong>zone</strong></li>\n<p style=\"padding-left: 30px;\">按照【<strong>可用区\
                </strong>】进行过滤。</p><p style=\"padding-left: 30px;\">类型：String</p>\n\
                <li><strong>quota-type</strong></li>\n<p style=\"padding-left: 30px;\">必选：否</p>";
    assert_eq!(
        zh(text),
        "- **zone**\n\n  按照【**可用区**】进行过滤。\n\n  类型：String\n- **quota-type**\n\n  必选：否"
    );
}

#[test]
fn nested_lists_are_indented_to_their_parent_content() {
    // The shape of spec/antiddos/2025-09-03.json DescribeDDoSBlockRecords.Filters, with
    // a list inside an ordered one.
    assert_eq!(
        en(
            "<ol><li>Resource:<ul><li>IP</li><li>six-segment</li></ul></li>\
            <li>Status</li></ol>"
        ),
        "1. Resource:\n   - IP\n   - six-segment\n2. Status"
    );
    assert_eq!(
        en("<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ul>after"),
        "- a\n  - b\n    - c\n\nafter"
    );
}

#[test]
fn unclosed_and_stray_list_tags_are_tolerated() {
    assert_eq!(en("<ul><li>a<li>b"), "- a\n- b");
    assert_eq!(en("</ul>a</li>"), "a");
    assert_eq!(en("<ul><li></li><li>b</li></ul>"), "- b");
}

#[test]
fn bold_italics_and_strikethrough() {
    // spec/cvm/2017-03-12.json (Chinese edition) writes `<strong>` with spaces inside.
    assert_eq!(
        en("<b> zone </b>, <strong>x</strong><em>y</em> <i>z</i> <del>old</del>"),
        "**zone** , **x***y* *z* ~~old~~"
    );
    // Unclosed at the end of its paragraph: closed there.
    assert_eq!(en("<strong>bold<p>plain</strong>"), "**bold**\n\nplain");
    // spec/cam/2019-01-16.json, CreateMessageReceiver.Email: a star inside bold.
    assert_eq!(
        zh("<p>邮箱，例如：57<strong>*</strong>@qq.com</p>"),
        "邮箱，例如：57**\\***@qq.com"
    );
    assert_eq!(en("<b></b>empty"), "empty");
}

#[test]
fn code_and_preformatted_text() {
    assert_eq!(en("Use <code>a&lt;b</code>."), "Use `a<b`.");
    assert_eq!(en("<code>x`y</code>"), "``x`y``");
    // spec/gme/2018-07-11.json, StartAIConversation.LLMConfig: `<br>` and `&emsp;`
    // inside `<pre>`.
    assert_eq!(
        zh("示例如下：\n<pre> { <br> &emsp;  \"LLMType\": \"openai\",<br> &emsp;} </pre>"),
        "示例如下：\n\n```text\n {\n \u{2003}  \"LLMType\": \"openai\",\n \u{2003}}\n```"
    );
    // spec/adp/2026-05-20.json, SkillVersion.VersionStatus: `<pre><code>`.
    assert_eq!(
        zh("<p>状态：</p><pre><code>  - 0 INITIALIZED  - 1 AUDITING</code></pre>"),
        "状态：\n\n```text\n  - 0 INITIALIZED  - 1 AUDITING\n```"
    );
}

#[test]
fn links_images_and_urls() {
    // spec/cvm/2017-03-12.json, DescribeInstancesRequest.Filters.
    assert_eq!(
        en(
            "[CDH](https://intl.cloud.tencent.com/document/product/416?from_cn_redirect=1) instances"
        ),
        "[CDH](https://intl.cloud.tencent.com/document/product/416) instances"
    );
    // spec/cvm/2017-03-12.json, DescribeAccountQuotaRequest.Filters.
    assert_eq!(
        zh(
            "可选项：<a href=\"https://cloud.tencent.com/document/product/213/6091\">可用区列表</a>"
        ),
        "可选项：[可用区列表](https://cloud.tencent.com/document/product/213/6091)"
    );
    assert_eq!(
        en("<a href=\"/document/api/213/15688\">API</a>"),
        "[API](https://www.tencentcloud.com/document/api/213/15688)"
    );
    assert_eq!(en("<a href='https://x.com/a'></a>"), "<https://x.com/a>");
    assert_eq!(en("<a name=\"top\">Top</a>"), "Top");
    assert_eq!(
        en("see https://example.com/a?b=1."),
        "see <https://example.com/a?b=1>."
    );
    assert_eq!(en("(https://example.com/x)"), "(<https://example.com/x>)");
    assert_eq!(en("<https://example.com>"), "<https://example.com>");
    assert_eq!(
        en("<img src=\"https://qcloudimg.tencent-cloud.cn/a.png\" alt=\"arch\">"),
        "![arch](https://qcloudimg.tencent-cloud.cn/a.png)"
    );
    // A URL as a link's text is not a second link.
    assert_eq!(
        en("<a href=\"https://a.com\">https://a.com</a>"),
        "[https://a.com](https://a.com)"
    );
}

#[test]
fn tables_become_markdown_tables() {
    // spec/adp/2026-05-20.json, CreateCategory.CategoryType: a table inside a `<p>`,
    // an empty cell, no header row.
    assert_eq!(
        zh(
            "<p>分类类型（不可为 0）<table><tbody><tr><td>枚举项</td><td>枚举值</td><td>描述</td></tr>\
            <tr><td>CATEGORY_TYPE_UNKNOWN</td><td>0</td><td></td></tr>\
            <tr><td>CATEGORY_TYPE_DOC</td><td>1</td><td>文档分类</td></tr></tbody></table></p>"
        ),
        "分类类型（不可为 0）\n\n| 枚举项 | 枚举值 | 描述 |\n| --- | --- | --- |\n\
         | CATEGORY_TYPE_UNKNOWN | 0 |  |\n| CATEGORY_TYPE_DOC | 1 | 文档分类 |"
    );
    assert_eq!(
        en(
            "<table><tr><th>a|b</th><th><strong>c</strong></th></tr><tr><td>1<br>2</td>\
            <td><ul><li>x</li><li>y</li></ul></td><td>extra</td></tr></table>after"
        ),
        "| a\\|b | **c** |  |\n| --- | --- | --- |\n| 1 2 | x; y | extra |\n\nafter"
    );
    // Never closed: written where the text ends.
    assert_eq!(en("<table><tr><td>a"), "| a |\n| --- |");
}

#[test]
fn entities_are_decoded_and_stay_text() {
    assert_eq!(
        en("&quot;a&quot; &amp; &#39;b&#39; &#x41;"),
        "\"a\" \\& 'b' A"
    );
    assert_eq!(en("&lt;li&gt; is a tag"), "\\<li> is a tag");
    // `&amp;lt;` is the text `&lt;`, which must not become `<`.
    assert_eq!(en("&amp;lt;"), "\\&lt;");
    // Not an entity: left as written.
    assert_eq!(en("A & B, &A;"), "A & B, \\&A;");
    // Spaces that indent a line in HTML never indent one in Markdown.
    assert_eq!(
        en("a\n&nbsp;&nbsp;&nbsp;&nbsp;b"),
        "a\n\u{a0}\u{a0}\u{a0}\u{a0}b"
    );
}

#[test]
fn less_than_signs_that_start_no_tag_are_escaped() {
    assert_eq!(en("a<b and 1 < 2 and x<=3"), "a\\<b and 1 \\< 2 and x\\<=3");
    // spec/tsf/2018-03-26.json, TsfPageConfig: `TsfPage<Config>`, an unknown tag.
    assert_eq!(zh("TsfPage<Config>"), "TsfPage\\<Config>");
    assert_eq!(en("List<String>, Map<K, V>"), "List\\<String>, Map\\<K, V>");
}

#[test]
fn unknown_tags_are_shown_not_dropped() {
    assert_eq!(en("<task>id</task>"), "\\<task>id\\</task>");
    assert_eq!(
        en("<svg><path d=\"M0\"/></svg>"),
        "\\<svg>\\<path d=\"M0\"/>\\</svg>"
    );
    // Styling tags with no Markdown form keep their text.
    assert_eq!(en("<font color=\"red\">warning</font>"), "warning");
}

#[test]
fn brackets_are_not_intra_doc_links() {
    // spec/antiddos/2020-03-09.json, L7RuleEntry.PrivateKey.
    assert_eq!(
        en("[Disused] When the certificate"),
        "\\[Disused\\] When the certificate"
    );
    // spec/batch/2017-03-12.json, Docker.Image.
    assert_eq!(
        en("enter \"[user/repo]:[tag]\""),
        "enter \"\\[user/repo\\]:\\[tag\\]\""
    );
    // spec/bdrc/2026-03-30.json, Placement.Zone: an action named in brackets.
    assert_eq!(
        zh("调用 [DescribeZones]的返回值"),
        "调用 \\[DescribeZones\\]的返回值"
    );
    // A link to a bare name is not a page: its text stays.
    assert_eq!(
        en("see [DescribeZones](DescribeZones)"),
        "see DescribeZones"
    );
}

#[test]
fn nothing_becomes_a_doctest() {
    // Indentation from the source is dropped; fences without a language are text.
    assert_eq!(en("a\n\n    let x = 1;"), "a\n\nlet x = 1;");
    assert_eq!(
        en("Example:\n```\n{\"a\": 1}\n```\nafter"),
        "Example:\n\n```text\n{\"a\": 1}\n```\n\nafter"
    );
    assert_eq!(en("```json\n  {}\n```"), "```json\n  {}\n```");
    // Never closed: closed at the end.
    assert_eq!(en("```\nx"), "```text\nx\n```");
    // An unmatched backtick cannot pair with one the generator writes later.
    assert_eq!(en("a ` b"), "a \\` b");
}

#[test]
fn markdown_escapes_of_the_source_are_kept() {
    // spec/cvm/2017-03-12.json, ResetInstancesPassword.Password: escaped backticks and
    // stars, and `<li>` after `<br>`.
    assert_eq!(
        en(
            "categories: <br><li>Numbers: 0-9<br><li>Special characters: ()\\`\\~!@#$%^&\\*-+=\\_|{}[]:;'<>,.?/"
        ),
        "categories:\n\n- Numbers: 0-9\n- Special characters: ()\\`\\~!@#$%^&\\*-+=\\_|{}\\[\\]:;'\\<>,.?/"
    );
}

#[test]
fn code_spans_of_the_source_are_kept_as_written() {
    assert_eq!(en("`<li>` and `a[0]`"), "`<li>` and `a[0]`");
    assert_eq!(en("``a ` b``"), "``a ` b``");
}

#[test]
fn line_endings_and_whitespace() {
    assert_eq!(en("a\r\nb\rc"), "a\nb\nc");
    assert_eq!(en("  a  \n\n\n\n  b\t c  "), "a\n\nb  c");
    assert_eq!(en(""), "");
    assert_eq!(en("<p></p><br>"), "");
}

#[test]
fn headings_and_blocks() {
    assert_eq!(
        en("<h4>Notes</h4>text<div>more</div><hr>end"),
        "**Notes**\n\ntext\n\nmore\n\nend"
    );
    assert_eq!(en("<blockquote>quoted</blockquote>"), "quoted");
}

#[test]
fn malformed_input_never_panics() {
    for text in [
        "<",
        "</",
        "<a",
        "<a href=",
        "<a href=\"x",
        "</a>",
        "<li",
        "&",
        "&#",
        "&#x;",
        "&#0;",
        "&#99999999;",
        "[",
        "[a](",
        "`",
        "``",
        "<pre>",
        "<code>",
        "<table>",
        "</table>",
        "<td>",
        "</tr>",
        "<ol><ol><li>",
        "<strong><em></strong></em>",
        "\u{0}<p>\u{0}",
        "<a href=\"h\"><a href=\"i\">x</a>",
        "<table><tr><td><table><tr><td>x</td></tr></table>",
        "中<文>字",
        "<br/><br/><br/>",
    ] {
        let _ = en(text);
        let _ = zh(text);
    }
}
