//! Which actions page, found from their members alone.
//!
//! The published description has no paging facts, but Tencent's list actions follow
//! a few naming patterns closely. An action pages when its response has exactly one
//! list (the items) and its members match one of:
//!
//! - **offset**: `Offset` and `Limit` in, an integer `TotalCount`, `Total` or
//!   `TotalNum` out;
//! - **page**: a page number (`PageNumber`, `PageNo`, `PageNum`, `PageIndex`, `Page`)
//!   and `PageSize` or `Limit` in, an integer total out, and a member description that
//!   says whether pages count from 0 or 1 (without it, starting at the wrong page would
//!   skip or repeat one, so such actions are left without a paginator);
//! - **token**: `NextToken` in and out, `Cursor` in and `NextCursor` out, `Context`
//!   in and out, or `Marker` in and `NextMarker` out, all strings.
//!
//! An overlay can declare paging for anything these rules miss, and wins over them.

use crate::spec::{Action, Member, Paging};

const TOTALS: &[&str] = &["TotalCount", "Total", "TotalNum"];
const PAGE_NUMBERS: &[&str] = &["PageNumber", "PageNo", "PageNum", "PageIndex", "Page"];
const PAGE_SIZES: &[&str] = &["PageSize", "Limit"];
/// (request member, response member) pairs that carry a page token.
const TOKENS: &[(&str, &str)] = &[
    ("NextToken", "NextToken"),
    ("Cursor", "NextCursor"),
    ("Context", "Context"),
    ("Marker", "NextMarker"),
];
const TOKEN_PAGE_SIZES: &[&str] = &["Limit", "MaxResults", "PageSize"];

/// The paging `action` follows, if its members match one of the patterns.
pub fn detect(action: &Action) -> Option<Paging> {
    let input = |name: &str| action.input.iter().find(|m| m.name == name);
    let output = |name: &str| action.output.iter().find(|m| m.name == name);
    let mut lists = action.output.iter().filter(|m| m.ty.starts_with("list<"));
    let items = &lists.next()?.name;
    if lists.next().is_some() {
        return None;
    }
    let total = TOTALS
        .iter()
        .copied()
        .find(|t| output(t).is_some_and(is_integer));

    if let (Some(offset), Some(limit), Some(total)) = (input("Offset"), input("Limit"), total)
        && is_counter(offset)
        && is_counter(limit)
    {
        return Some(Paging::offset("Offset", "Limit", total, items));
    }
    let page = PAGE_NUMBERS
        .iter()
        .filter_map(|name| input(name))
        .find(|m| is_integer(m));
    let size = PAGE_SIZES
        .iter()
        .filter_map(|name| input(name))
        .find(|m| is_counter(m));
    if let (Some(page), Some(size), Some(total)) = (page, size, total)
        && let Some(first) = first_page(page)
    {
        return Some(Paging::page(&page.name, first, &size.name, total, items));
    }
    for (token, next) in TOKENS {
        if let (Some(t), Some(n)) = (input(token), output(next))
            && t.ty == "string"
            && n.ty == "string"
        {
            let limit = TOKEN_PAGE_SIZES
                .iter()
                .filter_map(|name| input(name))
                .find(|m| is_counter(m))
                .map(|m| m.name.as_str());
            return Some(Paging::token(token, next, limit, items));
        }
    }
    None
}

fn is_integer(m: &Member) -> bool {
    matches!(m.ty.as_str(), "int64" | "uint64")
}

/// Offsets and page sizes are sometimes sent as text.
fn is_counter(m: &Member) -> bool {
    is_integer(m) || m.ty == "string"
}

/// The number of the first page, when the member's description or default says it.
fn first_page(m: &Member) -> Option<u64> {
    let doc = m.doc.to_lowercase();
    let says = |patterns: &[&str]| patterns.iter().any(|p| doc.contains(p));
    let zero = m.default.as_deref() == Some("0")
        || says(&[
            "从0开始",
            "从 0 开始",
            "0表示第一页",
            "0 表示第一页",
            "starts from 0",
            "starting from 0",
            "start from 0",
            "starts at 0",
            "0-based",
            "默认为0",
            "默认值为0",
            "默认0",
        ]);
    let one = m.default.as_deref() == Some("1")
        || says(&[
            "从1开始",
            "从 1 开始",
            "starts from 1",
            "starting from 1",
            "start from 1",
            "starts at 1",
            "1-based",
            ">=1",
            "默认为1",
            "默认值为1",
            "默认1",
            "default value is 1",
            "defaults to 1",
            "default: 1",
        ]);
    match (zero, one) {
        (true, false) => Some(0),
        (false, true) => Some(1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, ty: &str, doc: &str) -> Member {
        serde_json::from_value(serde_json::json!({"name": name, "type": ty, "doc": doc}))
            .expect("a member")
    }

    fn action(input: Vec<Member>, output: Vec<Member>) -> Action {
        serde_json::from_value(serde_json::json!({"doc": "", "output": []}))
            .map(|a: Action| Action { input, output, ..a })
            .expect("an action")
    }

    #[test]
    fn offset_limit_and_a_total_page_by_offset() {
        let a = action(
            vec![member("Offset", "int64", ""), member("Limit", "string", "")],
            vec![
                member("Items", "list<X>", ""),
                member("Total", "uint64", ""),
            ],
        );
        assert_eq!(
            detect(&a),
            Some(Paging::offset("Offset", "Limit", "Total", "Items"))
        );
    }

    #[test]
    fn two_lists_are_ambiguous() {
        let a = action(
            vec![member("Offset", "int64", ""), member("Limit", "int64", "")],
            vec![
                member("A", "list<X>", ""),
                member("B", "list<X>", ""),
                member("TotalCount", "int64", ""),
            ],
        );
        assert_eq!(detect(&a), None);
    }

    #[test]
    fn page_numbers_need_a_known_first_page() {
        let output = || {
            vec![
                member("List", "list<X>", ""),
                member("TotalCount", "int64", ""),
            ]
        };
        let known = action(
            vec![
                member("PageNumber", "int64", "页码，从1开始"),
                member("PageSize", "int64", ""),
            ],
            output(),
        );
        assert_eq!(
            detect(&known),
            Some(Paging::page(
                "PageNumber",
                1,
                "PageSize",
                "TotalCount",
                "List"
            ))
        );
        let zero = action(
            vec![
                member("PageNo", "int64", "0表示第一页"),
                member("PageSize", "int64", ""),
            ],
            output(),
        );
        assert_eq!(
            detect(&zero),
            Some(Paging::page("PageNo", 0, "PageSize", "TotalCount", "List"))
        );
        let unknown = action(
            vec![
                member("PageNumber", "int64", "页码"),
                member("PageSize", "int64", ""),
            ],
            output(),
        );
        assert_eq!(detect(&unknown), None);
    }

    #[test]
    fn tokens_pair_request_and_response_members() {
        let a = action(
            vec![member("Cursor", "string", ""), member("Limit", "int64", "")],
            vec![
                member("Logs", "list<X>", ""),
                member("NextCursor", "string", ""),
            ],
        );
        assert_eq!(
            detect(&a),
            Some(Paging::token("Cursor", "NextCursor", Some("Limit"), "Logs"))
        );
        let without_size = action(
            vec![member("NextToken", "string", "")],
            vec![
                member("Items", "list<X>", ""),
                member("NextToken", "string", ""),
            ],
        );
        assert_eq!(
            detect(&without_size),
            Some(Paging::token("NextToken", "NextToken", None, "Items"))
        );
    }
}
