//! Spec text → `#[doc]` attributes that rustdoc renders as written and never runs.

use proc_macro2::TokenStream;
use quote::quote;

use super::markdown::{self, Edition};
use crate::model::Doc;

/// Clippy's Markdown style lints that published prose does not follow (lists without a
/// blank line before them, for one). Emitted on every module holding spec docs.
pub fn doc_lint_allows() -> TokenStream {
    quote!(#[allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)])
}

/// One `#[doc]` attribute per line of `text`, made safe for rustdoc.
pub fn doc_attrs(text: &str) -> TokenStream {
    sanitize(text).into_iter().map(crate::print::doc).collect()
}

/// A published description as Markdown ([`markdown`]), with a note when only the
/// Chinese edition documents the item.
pub fn prose(doc: &Doc) -> String {
    let text = markdown::to_markdown(&doc.text, Edition::of(doc.lang.as_deref()));
    match doc.lang.as_deref() {
        None | Some("en") => text,
        Some(lang) => {
            format!("{text}\n\n*Documented only in the `{lang}` edition of the API reference.*")
        }
    }
}

/// Published text that is one line of plain words (a title): as Markdown, on one line.
pub fn prose_line(text: &str, lang: Option<&str>) -> String {
    markdown::to_markdown(text, Edition::of(lang)).replace('\n', " ")
}

/// The last guard before rustdoc, for generated text and converted prose alike: a bare
/// ``` fence would be a doctest, so fences get a `text` tag (and an unclosed one is
/// closed). Indentation is kept: prose indents only list content ([`markdown`] drops
/// the source's), which cannot start an indented code block.
fn sanitize(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut out: Vec<String> = Vec::new();
    // Tabs render unpredictably in rustdoc; published docs use them as spaces.
    let untabbed;
    let text = if text.contains('\t') {
        untabbed = text.replace('\t', "    ");
        &untabbed
    } else {
        text
    };
    for raw in text.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        let rendered = if let Some(tag) = trimmed.strip_prefix("```") {
            let opening = !in_fence;
            in_fence = !in_fence;
            if opening && tag.trim().is_empty() {
                "```text"
            } else {
                trimmed
            }
        } else {
            line
        };
        // A leading space keeps `/// text` rather than `///text` in the formatted file.
        let mut doc = String::with_capacity(rendered.len() + 1);
        if !rendered.is_empty() {
            doc.push(' ');
            doc.push_str(rendered);
        }
        out.push(doc);
    }
    if in_fence {
        out.push(" ```".to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn bare_fences_are_tagged_text_and_closed() {
        assert_eq!(sanitize("a\n```\nx\n```"), [" a", " ```text", " x", " ```"]);
        assert_eq!(sanitize("```\nx"), [" ```text", " x", " ```"]);
    }

    #[test]
    fn prose_indentation_cannot_start_a_doctest() {
        let doc = crate::model::Doc {
            text: "a\n\n    let x = 1;".to_owned(),
            lang: None,
        };
        assert_eq!(sanitize(&super::prose(&doc)), [" a", "", " let x = 1;"]);
    }
}
