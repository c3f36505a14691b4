//! Text: escaping for Markdown, code spans, links and URLs of the source.

use super::{Capture, Converter, html, links, to_markdown};

impl Converter {
    // Inline text.

    /// Before visible text: what its position calls for (the end of an implicit list,
    /// the item it continues, a pending line break or inline marker).
    pub(super) fn visible(&mut self) {
        if self.captures.is_empty() && self.table.is_none() {
            self.text_outside_items();
        }
        if self.hard_break {
            // The `<br>` ended a line that has more text after it: a hard break, on the
            // line being written or on the one a source line break already wrote.
            self.hard_break = false;
            if self.line.trim().is_empty() {
                if let Some(last) = self.out.last_mut() {
                    last.push('\\');
                }
            } else {
                self.line.push('\\');
                self.flush_line();
            }
        }
        for marker in std::mem::take(&mut self.pending_inline) {
            self.line.push_str(marker);
            self.inline.push(marker);
        }
    }

    /// Text in a list but outside its items: after an item of a list that has no
    /// `<ul>`, it ends the list; in a `<ul>`, it continues the item before it.
    pub(super) fn text_outside_items(&mut self) {
        while let Some(list) = self.lists.last_mut() {
            if list.item_open {
                return;
            }
            if list.implicit {
                self.pop_list();
            } else {
                list.item_open = list.width > 0;
                return;
            }
        }
    }

    pub(super) fn push_escaped(&mut self, c: char) {
        let in_cell = matches!(self.captures.last(), Some((Capture::Cell, _, _)));
        match c {
            '<' | '[' | ']' | '&' => self.line.push('\\'),
            // Inside bold or italics, a star is text, not another marker.
            '*' if !self.inline.is_empty() => self.line.push('\\'),
            '|' if in_cell => self.line.push('\\'),
            '\t' => {
                self.line.push(' ');
                return;
            }
            _ => {}
        }
        self.line.push(c);
    }

    pub(super) fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c == '\n' {
                self.space();
            } else {
                self.push_escaped(c);
            }
        }
    }

    pub(super) fn space(&mut self) {
        if !self.line.is_empty() && !self.line.ends_with(' ') {
            self.line.push(' ');
        }
    }

    pub(super) fn entity(&mut self, text: &str) {
        self.visible();
        match html::entity_at(text) {
            Some((c, _)) => self.push_escaped(c),
            // A `&` that starts no entity: escaped when rustdoc would read one.
            None => {
                if text[1..].split(';').next().is_some_and(|name| {
                    !name.is_empty()
                        && name.len() < 10
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '#')
                }) && text[1..].contains(';')
                {
                    self.line.push('\\');
                }
                self.line.push('&');
            }
        }
    }

    /// A code span of the source, as written but for its entities; an unmatched
    /// backtick is escaped, so that it cannot pair with one written after the prose.
    pub(super) fn code_span(&mut self, text: &str) -> usize {
        self.visible();
        match html::code_span_at(text) {
            Some(len) => {
                let span = &text[..len];
                let ticks = span.bytes().take_while(|&b| b == b'`').count();
                let inner = html::decode_entities(&span[ticks..len - ticks]).replace('\n', " ");
                self.push_code(&inner);
                len
            }
            None => {
                let run = text.bytes().take_while(|&b| b == b'`').count();
                for _ in 0..run {
                    self.line.push_str("\\`");
                }
                run
            }
        }
    }

    pub(super) fn push_code(&mut self, code: &str) {
        let code = code.trim_matches(|c: char| c == ' ');
        if code.is_empty() {
            return;
        }
        let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest + 1);
        let pad = if code.starts_with('`') || code.ends_with('`') {
            " "
        } else {
            ""
        };
        self.line.push_str(&fence);
        self.line.push_str(pad);
        self.line.push_str(code);
        self.line.push_str(pad);
        self.line.push_str(&fence);
    }

    /// `[`: a Markdown link of the source, or a bracket to escape.
    pub(super) fn bracket(&mut self, text: &str) -> usize {
        self.visible();
        let Some((len, label, target)) = html::markdown_link_at(text) else {
            self.push_escaped('[');
            return 1;
        };
        match links::clean(target, self.edition) {
            Some(url) => {
                let label = to_markdown(label, self.edition).replace('\n', " ");
                self.push_link(&label, &url);
            }
            // `[DescribeZones](DescribeZones)`: not a page, so the label alone.
            None => self.push_text(&html::decode_entities(label)),
        }
        len
    }

    pub(super) fn push_link(&mut self, label: &str, url: &str) {
        let label = label.trim();
        if label.is_empty() {
            self.push_autolink(url);
        } else {
            self.line.push('[');
            self.line.push_str(label);
            self.line.push_str("](");
            if url.contains(['(', ')', ' ']) {
                self.line.push('<');
                self.line.push_str(url);
                self.line.push('>');
            } else {
                self.line.push_str(url);
            }
            self.line.push(')');
        }
    }

    pub(super) fn autolink(&mut self, url: &str) {
        self.visible();
        if self.in_link() {
            // No link inside a link's text.
            self.push_text(url);
            return;
        }
        match links::clean(url, self.edition) {
            Some(url) => self.push_autolink(&url),
            None => self.push_text(url),
        }
    }

    pub(super) fn push_autolink(&mut self, url: &str) {
        if url.starts_with("http") && !url.contains(['<', '>', ' ']) {
            self.line.push('<');
            self.line.push_str(url);
            self.line.push('>');
        } else {
            self.push_text(url);
        }
    }
}
