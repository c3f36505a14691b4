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

mod blocks;
mod html;
mod links;
mod tags;
#[cfg(test)]
mod tests;
mod text;

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
}

fn split_line(text: &str) -> (&str, &str) {
    match text.find('\n') {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    }
}
