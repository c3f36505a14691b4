//! Published prose → Markdown that rustdoc renders as the author meant.
//!
//! Tencent's descriptions are Markdown with HTML mixed in, and the HTML is often
//! malformed (`<li>` closed by `</li>` and opened by another `</li>`, a `<p>` never
//! closed, `List<String>` in running text). rustdoc renders raw HTML as is, so a broken
//! tag breaks the page, and it warns. The spec keeps the published text; this turns
//! the HTML subset the descriptions use into Markdown: paragraphs and line breaks,
//! nested lists, bold, italics, strikethrough, code, preformatted blocks, links,
//! images and tables, and entities. It never fails:
//!
//! - a tag it does not know is escaped, so it shows as written, never dropped;
//! - a `<` that starts no tag (`a<b`), and brackets that rustdoc would take for an
//!   intra-doc link (`[Filter]`), are escaped;
//! - bare URLs become autolinks, and links lose Tencent's `from_cn_redirect`
//!   parameter (`links.rs`);
//! - unclosed tags are closed where their block ends, stray closing tags ignored;
//! - indentation from the source never reaches the output, so nothing becomes an
//!   indented code block (a doctest), and fences without a language are `text`.

mod html;
mod links;
#[cfg(test)]
mod tests;

use html::Tag;

/// The edition a text comes from: it decides where links to Tencent's site point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// The English edition (`tccli-intl-en`), for `www.tencentcloud.com`.
    English,
    /// The Chinese edition (`tccli`), for `cloud.tencent.com`.
    Chinese,
}

impl Edition {
    /// From a spec's `doc_lang`: absent means English.
    pub fn of(lang: Option<&str>) -> Self {
        match lang {
            None | Some("en") => Self::English,
            Some(_) => Self::Chinese,
        }
    }
}

/// `text`, a published description, as Markdown: one string with `\n` between lines.
///
/// ```
/// use tencentcloud_codegen::emit::markdown::{Edition, to_markdown};
///
/// let text = "<p>Filters:</p><li><b>zone</b></li></li>region</li>";
/// assert_eq!(to_markdown(text, Edition::English), "Filters:\n\n- **zone**\n- region");
/// ```
pub fn to_markdown(text: &str, edition: Edition) -> String {
    let mut converter = Converter::new(edition);
    converter.run(text.trim());
    converter.finish()
}

/// An open list: its kind, and the width of its items' marker (`- `, `12. `), which is
/// the indentation of their content.
struct List {
    ordered: bool,
    next: u32,
    /// Opened by an `<li>` outside any `<ul>`/`<ol>`: it ends with the first text
    /// outside an item.
    implicit: bool,
    item_open: bool,
    width: usize,
}

/// Text being collected for something that is emitted whole: a link's text, a table
/// cell.
enum Capture {
    Link { href: Option<String> },
    Cell,
}

struct Table {
    rows: Vec<Vec<String>>,
    row: Option<Vec<String>>,
    /// Tables inside this one: their structure is flattened into its cells.
    nested: usize,
}

struct Converter {
    edition: Edition,
    out: Vec<String>,
    /// The line being written, without its indentation.
    line: String,
    /// The marker of a list item whose first line is not written yet.
    marker: Option<String>,
    /// A blank line is due before the next line.
    blank: bool,
    /// A `<br>` waits for more text on its line to become a hard break.
    hard_break: bool,
    /// Nothing but whitespace since the last source line break.
    at_line_start: bool,
    lists: Vec<List>,
    /// Open inline markers (`**`, `*`, `~~`) and those opened but not yet written.
    inline: Vec<&'static str>,
    pending_inline: Vec<&'static str>,
    /// What is being collected, the line it interrupted, and how many inline markers
    /// were open outside it (those stay open across it).
    captures: Vec<(Capture, String, usize)>,
    table: Option<Table>,
}

impl Converter {
    fn new(edition: Edition) -> Self {
        Self {
            edition,
            out: Vec::new(),
            line: String::new(),
            marker: None,
            blank: false,
            hard_break: false,
            at_line_start: true,
            lists: Vec::new(),
            inline: Vec::new(),
            pending_inline: Vec::new(),
            captures: Vec::new(),
            table: None,
        }
    }

    fn run(&mut self, text: &str) {
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if self.at_line_start && c != '\n' && c.is_whitespace() && c.is_ascii() {
                rest = &rest[1..];
                continue;
            }
            if self.at_line_start && rest.starts_with("```") {
                rest = self.fence(rest);
                continue;
            }
            if c != '\n' && c != '\r' {
                self.at_line_start = false;
            }
            let used = match c {
                '<' => self.angle(rest),
                '\n' => {
                    self.newline();
                    1
                }
                '\r' => {
                    if !rest[1..].starts_with('\n') {
                        self.newline();
                    }
                    1
                }
                '`' => self.code_span(rest),
                '[' => self.bracket(rest),
                '&' => {
                    self.entity(rest);
                    html::entity_at(rest).map_or(1, |(_, len)| len)
                }
                'h' if html::url_at(rest).is_some() => {
                    let len = html::url_at(rest).unwrap_or(1);
                    self.autolink(&rest[..len]);
                    len
                }
                // A Markdown escape of the source (`\``, `\*`): kept as written.
                '\\' if rest[1..].starts_with(|c: char| c.is_ascii_punctuation()) => {
                    self.visible();
                    self.line.push_str(&rest[..2]);
                    2
                }
                // Spaces never start a line, and are not text that ends a list.
                ' ' | '\t' => {
                    if !self.line.is_empty() {
                        self.line.push(' ');
                    }
                    1
                }
                _ => {
                    self.visible();
                    self.push_escaped(c);
                    c.len_utf8()
                }
            };
            rest = &rest[used..];
        }
    }

    fn finish(mut self) -> String {
        while !self.captures.is_empty() {
            self.end_capture();
        }
        self.end_table();
        self.close_inline();
        self.flush_line();
        while !self.lists.is_empty() {
            self.pop_list();
        }
        let mut out = self.out;
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        out.join("\n")
    }

    // Source structure.

    /// A source line break: a soft break in Markdown; two make a paragraph.
    fn newline(&mut self) {
        if !self.captures.is_empty() {
            self.space();
            return;
        }
        if self.at_line_start && self.line.is_empty() {
            self.paragraph_break();
        } else {
            self.close_inline();
            self.flush_line();
        }
        self.at_line_start = true;
    }

    /// A Markdown fence in the source: copied as it is up to its closing fence, with
    /// `text` for a fence without a language, so that rustdoc does not compile it.
    fn fence<'t>(&mut self, text: &'t str) -> &'t str {
        let (first, mut rest) = split_line(text);
        let tag = first.trim_start_matches('`').trim();
        self.paragraph_break();
        self.write_line(if tag.is_empty() {
            "```text".to_owned()
        } else {
            format!("```{tag}")
        });
        loop {
            if rest.is_empty() {
                break;
            }
            let (line, after) = split_line(rest);
            rest = after;
            if line.trim_start().starts_with("```") {
                break;
            }
            self.write_line(line.trim_end().to_owned());
        }
        self.write_line("```".to_owned());
        self.blank = true;
        self.at_line_start = true;
        rest
    }

    // Inline text.

    /// Before visible text: what its position calls for (the end of an implicit list,
    /// the item it continues, a pending line break or inline marker).
    fn visible(&mut self) {
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
    fn text_outside_items(&mut self) {
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

    fn push_escaped(&mut self, c: char) {
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

    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c == '\n' {
                self.space();
            } else {
                self.push_escaped(c);
            }
        }
    }

    fn space(&mut self) {
        if !self.line.is_empty() && !self.line.ends_with(' ') {
            self.line.push(' ');
        }
    }

    fn entity(&mut self, text: &str) {
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
    fn code_span(&mut self, text: &str) -> usize {
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

    fn push_code(&mut self, code: &str) {
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
    fn bracket(&mut self, text: &str) -> usize {
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

    fn push_link(&mut self, label: &str, url: &str) {
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

    fn autolink(&mut self, url: &str) {
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

    fn push_autolink(&mut self, url: &str) {
        if url.starts_with("http") && !url.contains(['<', '>', ' ']) {
            self.line.push('<');
            self.line.push_str(url);
            self.line.push('>');
        } else {
            self.push_text(url);
        }
    }

    // Tags.

    /// `<`: a tag, an autolink of the source, or a `<` to escape. Returns how much of
    /// `text` it used.
    fn angle(&mut self, text: &str) -> usize {
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
    fn tag(&mut self, tag: &Tag<'_>, after: &str) -> Option<usize> {
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

    fn in_table_cell(&self) -> bool {
        self.captures
            .iter()
            .any(|(c, _, _)| matches!(c, Capture::Cell))
    }

    fn in_link(&self) -> bool {
        matches!(self.captures.last(), Some((Capture::Link { .. }, _, _)))
    }

    /// A paragraph boundary: inside a cell or a link's text, a space.
    fn block_break(&mut self) {
        if self.in_table_cell() {
            self.space();
            return;
        }
        if self.in_link() {
            self.end_link();
        }
        self.paragraph_break();
    }

    fn line_break(&mut self, after: &str) {
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

    fn li(&mut self, closing: bool, after: &str) {
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

    fn toggle_inline(&mut self, marker: &'static str, closing: bool) {
        if closing {
            self.end_inline(marker);
        } else {
            self.start_inline(marker);
        }
    }

    /// Written before the next visible text, so that `<b> a</b>` gives `**a**`.
    fn start_inline(&mut self, marker: &'static str) {
        if !self.inline.contains(&marker) && !self.pending_inline.contains(&marker) {
            self.pending_inline.push(marker);
        }
    }

    fn end_inline(&mut self, marker: &'static str) {
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

    fn close_inline(&mut self) {
        self.pending_inline.clear();
        let floor = self.captures.last().map_or(0, |(_, _, floor)| *floor);
        if let Some(first) = self.inline.get(floor).copied() {
            self.end_inline(first);
        }
    }

    // Raw content.

    /// `<code>…</code>`: a code span of the text inside, tags dropped.
    fn raw_code(&mut self, after: &str) -> usize {
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
    fn pre(&mut self, after: &str) -> usize {
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

    // Captures: link text, table cells.

    fn start_capture(&mut self, capture: Capture) {
        self.visible();
        let outer = std::mem::take(&mut self.line);
        self.captures.push((capture, outer, self.inline.len()));
    }

    fn end_capture(&mut self) {
        let Some(&(_, _, floor)) = self.captures.last() else {
            return;
        };
        self.pending_inline.clear();
        while self.inline.len() > floor {
            let top = self.inline[self.inline.len() - 1];
            self.end_inline(top);
        }
        let Some((capture, outer, _)) = self.captures.pop() else {
            return;
        };
        let text = std::mem::replace(&mut self.line, outer);
        match capture {
            Capture::Link { href: Some(href) } => self.push_link(&text, &href),
            Capture::Link { href: None } => self.line.push_str(text.trim()),
            Capture::Cell => {
                if let Some(row) = self.table.as_mut().and_then(|t| t.row.as_mut()) {
                    row.push(text.trim().to_owned());
                }
            }
        }
    }

    fn end_link(&mut self) {
        if self.in_link() {
            self.end_capture();
        }
    }

    // Tables.

    fn table_tag(&mut self, closing: bool) {
        match (&mut self.table, closing) {
            (Some(table), false) => table.nested += 1,
            (Some(table), true) if table.nested > 0 => table.nested -= 1,
            (Some(_), true) => self.end_table(),
            (None, false) => {
                if self.in_link() {
                    self.end_link();
                }
                self.paragraph_break();
                self.table = Some(Table {
                    rows: Vec::new(),
                    row: None,
                    nested: 0,
                });
            }
            (None, true) => {}
        }
    }

    fn row_tag(&mut self, closing: bool) {
        let Some(table) = &self.table else { return };
        if table.nested > 0 {
            self.space();
            return;
        }
        self.end_cell();
        let table = self.table.as_mut().expect("checked above");
        if let Some(row) = table.row.take() {
            table.rows.push(row);
        }
        if !closing {
            table.row = Some(Vec::new());
        }
    }

    fn cell_tag(&mut self, closing: bool) {
        let Some(table) = &self.table else { return };
        if table.nested > 0 {
            self.space();
            return;
        }
        self.end_cell();
        if !closing {
            let table = self.table.as_mut().expect("checked above");
            table.row.get_or_insert_with(Vec::new);
            self.start_capture(Capture::Cell);
        }
    }

    fn end_cell(&mut self) {
        while !self.captures.is_empty() {
            let is_cell = matches!(self.captures.last(), Some((Capture::Cell, _, _)));
            self.end_capture();
            if is_cell {
                break;
            }
        }
    }

    fn end_table(&mut self) {
        if self.table.is_none() {
            return;
        }
        self.end_cell();
        let Some(mut table) = self.table.take() else {
            return;
        };
        if let Some(row) = table.row.take() {
            table.rows.push(row);
        }
        table.rows.retain(|row| !row.is_empty());
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        self.paragraph_break();
        for (i, row) in table.rows.iter().enumerate() {
            let cells: Vec<&str> = (0..columns)
                .map(|c| row.get(c).map_or("", String::as_str))
                .collect();
            self.write_line(format!("| {} |", cells.join(" | ")));
            if i == 0 {
                self.write_line(format!("|{}", " --- |".repeat(columns)));
            }
        }
        self.blank = true;
    }

    // Lists.

    fn start_list(&mut self, ordered: bool, implicit: bool) {
        if self.in_link() {
            self.end_link();
        }
        self.close_inline();
        self.hard_break = false;
        self.flush_line();
        if self.lists.is_empty() {
            self.blank = !self.out.is_empty();
        }
        self.lists.push(List {
            ordered,
            next: 1,
            implicit,
            item_open: false,
            width: 0,
        });
    }

    fn start_item(&mut self) {
        if self.lists.is_empty() {
            self.start_list(false, true);
        }
        if self.lists.last().is_some_and(|l| l.item_open) {
            self.end_item();
        }
        self.close_inline();
        self.hard_break = false;
        self.flush_line();
        let list = self.lists.last_mut().expect("a list was started");
        if list.width > 0 {
            // Between items: a tight list.
            self.blank = false;
        }
        let marker = if list.ordered {
            format!("{}. ", list.next)
        } else {
            "- ".to_owned()
        };
        list.next += 1;
        list.width = marker.len();
        list.item_open = true;
        self.marker = Some(marker);
    }

    fn end_item(&mut self) {
        self.close_inline();
        self.hard_break = false;
        self.flush_line();
        // An item with no text is not written.
        self.marker = None;
        if let Some(list) = self.lists.last_mut() {
            list.item_open = false;
        }
    }

    /// An indented paragraph after an item: more of that item.
    fn continue_item(&mut self) {
        if let Some(list) = self.lists.last_mut()
            && !list.item_open
            && list.width > 0
        {
            list.item_open = true;
        }
    }

    fn end_explicit_list(&mut self) {
        if !self.lists.iter().any(|l| !l.implicit) {
            return;
        }
        while let Some(list) = self.lists.last() {
            let implicit = list.implicit;
            self.pop_list();
            if !implicit {
                break;
            }
        }
    }

    fn pop_list(&mut self) {
        if self.lists.last().is_some_and(|l| l.item_open) {
            self.end_item();
        }
        self.lists.pop();
        if self.lists.is_empty() {
            self.blank = true;
        }
    }

    // Lines.

    fn paragraph_break(&mut self) {
        self.close_inline();
        self.hard_break = false;
        self.flush_line();
        if !self.out.is_empty() {
            self.blank = true;
        }
    }

    /// Writes the line being built, with its indentation and any pending marker.
    fn flush_line(&mut self) {
        let content = std::mem::take(&mut self.line);
        let content = content.trim_end();
        if content.is_empty() {
            return;
        }
        let content = content.to_owned();
        self.write_line(content);
    }

    fn write_line(&mut self, content: String) {
        if self.blank && !self.out.is_empty() {
            self.out.push(String::new());
        }
        self.blank = false;
        let outer: usize = match self.marker {
            Some(_) => self.lists[..self.lists.len().saturating_sub(1)]
                .iter()
                .map(|l| l.width)
                .sum(),
            None => self.lists.iter().map(|l| l.width).sum(),
        };
        let mut line = " ".repeat(outer);
        if let Some(marker) = self.marker.take() {
            line.push_str(&marker);
        }
        line.push_str(&content);
        self.out.push(line);
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
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match html::tag_at(rest) {
            Some(tag) if tag.name == "br" => {
                out.push('\n');
                rest = &rest[tag.raw.len()..];
            }
            _ => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` without its tags.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match html::tag_at(rest) {
            Some(tag) => rest = &rest[tag.raw.len()..],
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

fn split_line(text: &str) -> (&str, &str) {
    match text.find('\n') {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    }
}
