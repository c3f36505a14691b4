//! HTML tags: what each one becomes, inline markers, raw content.

use super::html::{self, Tag};
use super::{Capture, Converter, links};

impl Converter {
    // Tags.

    /// `<`: a tag, an autolink of the source, or a `<` to escape. Returns how much of
    /// `text` it used.
    pub(super) fn angle(&mut self, text: &str) -> usize {
        if let Some(url_len) = html::url_at(&text[1..])
            && text[1 + url_len..].starts_with('>')
        {
            self.autolink(&text[1..=url_len]);
            return url_len + 2;
        }
        let Some(tag) = html::tag_at(text) else {
            self.visible();
            self.push_escaped('<');
            return 1;
        };
        let len = tag.raw.len();
        match self.tag(&tag, &text[len..]) {
            Some(raw_len) => len + raw_len,
            None => {
                // Not a tag this knows: shown as written.
                self.visible();
                self.push_text(tag.raw);
                len
            }
        }
    }

    /// Handles `tag`, followed by `after`; returns how much of `after` it used as raw
    /// content (`<code>`, `<pre>`), or `None` for a tag it does not know.
    pub(super) fn tag(&mut self, tag: &Tag<'_>, after: &str) -> Option<usize> {
        let closing = tag.closing;
        match tag.name.as_str() {
            "p" | "div" | "blockquote" | "center" | "section" | "article" => {
                if !closing && tag.is_indented() {
                    self.continue_item();
                }
                self.block_break();
            }
            "br" => self.line_break(after),
            "hr" => self.block_break(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if closing {
                    self.end_inline("**");
                    self.block_break();
                } else {
                    self.block_break();
                    self.start_inline("**");
                }
            }
            "ul" | "ol" if self.in_table_cell() => self.space(),
            "ul" | "ol" if closing => self.end_explicit_list(),
            "ul" | "ol" => self.start_list(tag.name == "ol", false),
            "li" => self.li(closing, after),
            "strong" | "b" => self.toggle_inline("**", closing),
            "em" | "i" => self.toggle_inline("*", closing),
            "del" | "s" | "strike" => self.toggle_inline("~~", closing),
            "code" | "kbd" | "tt" | "samp" if !closing => return Some(self.raw_code(after)),
            "code" | "kbd" | "tt" | "samp" => {}
            "pre" if !closing => return Some(self.pre(after)),
            "pre" => {}
            "a" if closing => self.end_link(),
            "a" => {
                if self.in_link() {
                    self.end_link();
                }
                let href = tag
                    .attribute("href")
                    .and_then(|href| links::clean(&href, self.edition));
                self.start_capture(Capture::Link { href });
            }
            "img" => {
                if let Some(src) = tag
                    .attribute("src")
                    .and_then(|src| links::clean(&src, self.edition))
                {
                    self.visible();
                    let alt = tag.attribute("alt").unwrap_or_default();
                    self.line.push_str("![");
                    self.push_text(&alt);
                    self.line.push_str("](");
                    self.line.push_str(&src);
                    self.line.push(')');
                }
            }
            "table" => self.table_tag(closing),
            "tr" => self.row_tag(closing),
            "td" | "th" => self.cell_tag(closing),
            "thead" | "tbody" | "tfoot" | "caption" | "colgroup" | "col" => {}
            // Styling with no Markdown form: the text stays, the look goes.
            "font" | "span" | "u" | "sup" | "sub" | "small" | "big" | "mark" | "label" | "ins"
            | "abbr" | "cite" | "nobr" | "wbr" => {}
            _ => return None,
        }
        Some(0)
    }

    pub(super) fn in_table_cell(&self) -> bool {
        self.captures
            .iter()
            .any(|(c, _, _)| matches!(c, Capture::Cell))
    }

    pub(super) fn in_link(&self) -> bool {
        matches!(self.captures.last(), Some((Capture::Link { .. }, _, _)))
    }

    /// A paragraph boundary: inside a cell or a link's text, a space.
    pub(super) fn block_break(&mut self) {
        if self.in_table_cell() {
            self.space();
            return;
        }
        if self.in_link() {
            self.end_link();
        }
        self.paragraph_break();
    }

    pub(super) fn line_break(&mut self, after: &str) {
        let line = self.line.trim();
        if !self.captures.is_empty() {
            self.space();
        } else if line.starts_with('|') && line.ends_with('|') {
            // A row of a Markdown table written with `<br>` between its rows.
            self.flush_line();
        } else if after.trim_start().starts_with('|') {
            // The first row of such a table: a table starts a block of its own.
            self.paragraph_break();
        } else if self.hard_break {
            // `<br><br>`: a paragraph.
            self.paragraph_break();
        } else if !self.line.trim().is_empty() {
            self.hard_break = true;
        }
    }

    pub(super) fn li(&mut self, closing: bool, after: &str) {
        if self.in_table_cell() {
            if !closing && !self.line.trim().is_empty() {
                self.line.push_str("; ");
            }
            return;
        }
        if self.in_link() {
            self.end_link();
        }
        let item_open = self.lists.last().is_some_and(|l| l.item_open);
        if !closing {
            self.start_item();
        } else if item_open {
            self.end_item();
        } else if starts_with_text(after) {
            // `</li>text</li>`: a typo for `<li>` (cvm's DescribeInstances Filters).
            self.start_item();
        }
    }

    // Inline markers.

    pub(super) fn toggle_inline(&mut self, marker: &'static str, closing: bool) {
        if closing {
            self.end_inline(marker);
        } else {
            self.start_inline(marker);
        }
    }

    /// Written before the next visible text, so that `<b> a</b>` gives `**a**`.
    pub(super) fn start_inline(&mut self, marker: &'static str) {
        if !self.inline.contains(&marker) && !self.pending_inline.contains(&marker) {
            self.pending_inline.push(marker);
        }
    }

    pub(super) fn end_inline(&mut self, marker: &'static str) {
        if let Some(at) = self.pending_inline.iter().position(|m| *m == marker) {
            self.pending_inline.remove(at);
            return;
        }
        // A marker opened outside the text being collected closes outside it.
        let floor = self.captures.last().map_or(0, |(_, _, floor)| *floor);
        let Some(at) = self.inline[floor..]
            .iter()
            .rposition(|m| *m == marker)
            .map(|at| at + floor)
        else {
            return;
        };
        // Markers close where the text ends, spaces after them.
        let trimmed = self.line.trim_end().len();
        let spaces = self.line.split_off(trimmed);
        for open in self.inline.split_off(at).into_iter().rev() {
            self.line.push_str(open);
        }
        self.line.push_str(&spaces);
    }

    pub(super) fn close_inline(&mut self) {
        self.pending_inline.clear();
        let floor = self.captures.last().map_or(0, |(_, _, floor)| *floor);
        if let Some(first) = self.inline.get(floor).copied() {
            self.end_inline(first);
        }
    }

    // Raw content.

    /// `<code>…</code>`: a code span of the text inside, tags dropped.
    pub(super) fn raw_code(&mut self, after: &str) -> usize {
        let Some((inner, used)) = up_to_closing(after, "code") else {
            return 0;
        };
        let code = html::decode_entities(&strip_tags(inner));
        let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
        self.visible();
        self.push_code(&code);
        used
    }

    /// `<pre>…</pre>`: a `text` block of the lines inside, tags dropped.
    pub(super) fn pre(&mut self, after: &str) -> usize {
        let (inner, used) = up_to_closing(after, "pre").unwrap_or((after, after.len()));
        let body = html::decode_entities(&strip_tags(&line_breaks_as_newlines(inner)));
        if self.in_table_cell() || self.in_link() {
            self.visible();
            self.push_code(&body.split_whitespace().collect::<Vec<_>>().join(" "));
            return used;
        }
        self.paragraph_break();
        self.write_line("```text".to_owned());
        for line in body.trim_matches('\n').lines() {
            self.write_line(line.trim_end().replace("```", "'''"));
        }
        self.write_line("```".to_owned());
        self.blank = true;
        used
    }
}

/// The text up to `</name>` (any case) and how much of `text` that used, closing tag
/// included.
fn up_to_closing<'t>(text: &'t str, name: &str) -> Option<(&'t str, usize)> {
    let closing = format!("</{name}>");
    let lower = text.to_ascii_lowercase();
    let at = lower.find(&closing)?;
    Some((&text[..at], at + closing.len()))
}

/// `text` with its `<br>` tags as line breaks (for preformatted text, where a line
/// break is one).
fn line_breaks_as_newlines(text: &str) -> String {
    map_tags(text, |tag| (tag.name == "br").then_some("\n"))
}

/// `text` without its tags.
fn strip_tags(text: &str) -> String {
    map_tags(text, |_| Some(""))
}

/// `text` with each tag replaced by what `replace` gives for it, or kept where it gives
/// `None`.
fn map_tags(text: &str, replace: impl Fn(&Tag<'_>) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match html::tag_at(rest) {
            Some(tag) => {
                out.push_str(replace(&tag).unwrap_or(tag.raw));
                rest = &rest[tag.raw.len()..];
            }
            None => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `text` has visible text before its next tag or line break.
fn starts_with_text(text: &str) -> bool {
    let end = text.find(['<', '\n']).unwrap_or(text.len());
    !text[..end].trim().is_empty()
}
