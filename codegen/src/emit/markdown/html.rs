//! The lexical side of published prose: HTML tags, entities and the Markdown spans
//! that must pass through untouched (code spans, links, autolinks).

/// A tag as written: `<li>`, `</li>`, `<a href="…">`, `<br/>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// Lowercased.
    pub name: String,
    pub closing: bool,
    /// The whole tag as it appears in the text, for escaping an unknown one.
    pub raw: &'a str,
    attributes: &'a str,
}

impl Tag<'_> {
    /// The value of attribute `name` (`href`, `src`), unquoted, entities decoded.
    pub fn attribute(&self, name: &str) -> Option<String> {
        let mut rest = self.attributes;
        while let Some(at) = find_ignore_case(rest, name) {
            let before_ok = at == 0 || !rest.as_bytes()[at - 1].is_ascii_alphanumeric();
            let after = rest[at + name.len()..].trim_start();
            rest = &rest[at + name.len()..];
            let Some(value) = after.strip_prefix('=').filter(|_| before_ok) else {
                continue;
            };
            let value = value.trim_start();
            let raw = match value.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let inner = &value[1..];
                    &inner[..inner.find(quote).unwrap_or(inner.len())]
                }
                _ => &value[..value.find(char::is_whitespace).unwrap_or(value.len())],
            };
            return Some(decode_entities(raw.trim_end_matches('/')));
        }
        None
    }

    /// Whether the tag carries an indentation style (`style="padding-left: 30px;"`):
    /// Tencent's way of putting a paragraph under the list item above it.
    pub fn is_indented(&self) -> bool {
        self.attribute("style")
            .is_some_and(|style| style.contains("padding-left") || style.contains("margin-left"))
    }
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The tag that starts `text` (which starts with `<`), if it is one: a name of ASCII
/// letters and digits right after `<` or `</`, then `>`, `/>` or attributes up to a
/// `>` on the same line. `a<b`, `<= 5` and `< b >` are not tags; `List<String>` has
/// one, `<String>`, which the caller escapes as unknown.
pub fn tag_at(text: &str) -> Option<Tag<'_>> {
    let bytes = text.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    let name = text[name_start..i].to_ascii_lowercase();
    let attributes_start = i;
    match bytes.get(i)? {
        b'>' => {}
        b'/' if bytes.get(i + 1) == Some(&b'>') => i += 1,
        b if b.is_ascii_whitespace() => {
            // Attributes: up to the first `>`, not across a new tag or line.
            let rest = &text[i..];
            let end = rest.find('>')?;
            if rest[..end].contains(['<', '\n']) || end > 2_000 {
                return None;
            }
            i += end;
        }
        _ => return None,
    }
    let raw = &text[..=i];
    Some(Tag {
        name,
        closing,
        raw,
        attributes: &text[attributes_start..i],
    })
}

/// The length of the code span that starts `text` (at a backtick): from the opening
/// run of backticks to the matching closing run, or `None` when it is never closed.
pub fn code_span_at(text: &str) -> Option<usize> {
    let run = text.bytes().take_while(|&b| b == b'`').count();
    let mut at = run;
    while let Some(found) = text[at..].find('`') {
        let start = at + found;
        let len = text[start..].bytes().take_while(|&b| b == b'`').count();
        if len == run {
            return Some(start + len);
        }
        at = start + len;
    }
    None
}

/// The length of a Markdown link `[text](target)` at the start of `text`, with the
/// split between its text and its target, when it is one on a single line.
pub fn markdown_link_at(text: &str) -> Option<(usize, &str, &str)> {
    let line = &text[..text.find('\n').unwrap_or(text.len())];
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in line.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let after = &line[close + 1..];
    let target = after.strip_prefix('(')?;
    let end = target.find(')')?;
    let target_text = target[..end].trim();
    if target_text.is_empty() || target_text.contains(char::is_whitespace) {
        return None;
    }
    Some((close + 2 + end + 1, &line[1..close], target_text))
}

/// The length of a bare URL at the start of `text` (`https://…`), without the
/// punctuation that ends a sentence after it.
pub fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    let end = text
        .char_indices()
        .find(|&(_, c)| {
            c.is_whitespace()
                || !c.is_ascii()
                || matches!(
                    c,
                    '<' | '>' | '"' | '\'' | '`' | ')' | '(' | '[' | ']' | '|' | '\\'
                )
        })
        .map_or(text.len(), |(i, _)| i);
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    (url.len() > "https://".len()).then_some(url.len())
}

/// `text` with its HTML entities decoded: the named ones Tencent's prose uses and any
/// numeric one. An unknown `&name;` stays as written. Spaces that HTML keeps (`&nbsp;`,
/// `&emsp;`) stay distinct characters, so that they can never indent a Markdown line.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match entity_at(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character of the entity that starts `text` and the entity's length.
pub fn entity_at(text: &str) -> Option<(char, usize)> {
    // Names are ASCII and short: look for the `;` in the first bytes only.
    let end = text.bytes().take(12).position(|b| b == b';')?;
    let name = &text[1..end];
    let c = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        char::from_u32(code).filter(|c| *c != '\0')?
    } else {
        match name {
            "quot" => '"',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            "ensp" => '\u{2002}',
            "emsp" => '\u{2003}',
            "thinsp" => '\u{2009}',
            "middot" => '·',
            "hellip" => '…',
            "mdash" => '—',
            "ndash" => '–',
            "ldquo" => '“',
            "rdquo" => '”',
            "lsquo" => '‘',
            "rsquo" => '’',
            "laquo" => '«',
            "raquo" => '»',
            "times" => '×',
            "divide" => '÷',
            "plusmn" => '±',
            "deg" => '°',
            "yen" => '¥',
            "copy" => '©',
            "reg" => '®',
            "le" => '≤',
            "ge" => '≥',
            "ne" => '≠',
            "rarr" => '→',
            "larr" => '←',
            _ => return None,
        }
    };
    Some((c, end + 1))
}
