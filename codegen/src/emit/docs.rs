//! Spec text → `#[doc]` attributes that rustdoc renders as written and never runs.

use proc_macro2::TokenStream;
use quote::quote;

/// Clippy's Markdown style lints that published prose does not follow (lists without a
/// blank line before them, for one). Emitted on every module holding spec docs.
pub fn doc_lint_allows() -> TokenStream {
    quote!(#[allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)])
}

/// One `#[doc]` attribute per line of `text`, made safe for rustdoc.
pub fn doc_attrs(text: &str) -> TokenStream {
    sanitize(text).into_iter().map(crate::print::doc).collect()
}

/// Published docs are Markdown written for a web page. Two things in them would break
/// `cargo test`: a bare ``` fence and a 4-space indented block are both doctests to
/// rustdoc. Fences get a `text` tag, and indentation outside fences is dropped.
///
/// What is left is the publisher's Markdown, list style included; [`doc_lint_allows`]
/// keeps clippy's Markdown style lints off it.
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
        } else if in_fence {
            line
        } else {
            trimmed
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
    fn indentation_outside_fences_cannot_start_a_doctest() {
        assert_eq!(sanitize("a\n\n    let x = 1;"), [" a", "", " let x = 1;"]);
    }
}
