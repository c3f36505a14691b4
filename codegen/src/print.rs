//! A `TokenStream` printer for the code this generator emits.
//!
//! Generated code is compiled by every user of a service crate, in their build, so the
//! printer has to be cheap: it walks the tokens once, with no parse into a syntax tree,
//! and needs neither `syn`'s full grammar nor `prettyplease` at build time. It only has
//! to be good for the constructs [`crate::emit`] produces (items, attributes, blocks,
//! paths, generics, closures and match arms), and it is: one item or field per line,
//! four-space indents, doc attributes as `///` lines, blank lines between items. That
//! keeps compiler errors and docs.rs source views readable.
//!
//! Output depends only on the tokens, so it is as deterministic as they are.

use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};

/// Prints a whole file.
pub fn file(tokens: TokenStream) -> String {
    let mut p = Printer::default();
    p.block(tokens, true);
    p.out
}

/// Brace groups that render shorter than this stay on one line, unless they hold
/// statements or items.
const INLINE_BRACES: usize = 72;

/// A line that would grow past this breaks a comma-separated `(…)` or `[…]` at block
/// level into one element per line.
const WIDTH: usize = 100;

/// Keywords after which a `(`, `[` or `::` is separated by a space.
const SPACED_KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "type", "unsafe", "use", "where", "while",
    "yield",
];

/// Keywords that make a following brace group an item or control-flow body, which is
/// always printed as a block.
const BLOCK_KEYWORDS: &[&str] = &[
    "fn", "impl", "mod", "trait", "struct", "enum", "match", "loop", "while", "for", "unsafe",
    "async",
];

/// Tokens that begin an item; a blank line separates consecutive items.
const ITEM_STARTS: &[&str] = &[
    "pub", "fn", "impl", "mod", "struct", "enum", "const", "static", "trait", "type", "use",
    "async", "unsafe", "extern",
];

#[derive(Default)]
struct Printer {
    out: String,
    indent: usize,
}

/// What was printed last on the current line, for spacing decisions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Last {
    /// Start of a line or just after an opening delimiter.
    Open,
    /// A keyword after which `(` and `::` take a space.
    Keyword,
    /// Any other identifier or a literal.
    Word,
    /// A closing `)` or `]`, or the `>` closing generics.
    Close,
    /// `::`, `.`, `&`, `!` (macro or not), `'`, `#`, `<` opening generics, `-` as a sign,
    /// or the opening `|` of a closure: nothing follows them with a space.
    Glue,
    /// An operator or separator that a space follows: `,` `;` `=` `=>` `->` `:` `+` `|`.
    Spaced,
}

/// One pass over a token sequence printed on a single line.
struct Line {
    text: String,
    last: Last,
    /// Depth of `<…>` generics, so that `,` inside them does not split lines.
    angle: usize,
    /// Inside the parameter list of a closure, between its two `|`.
    closure_params: bool,
    /// Whether the next token starts an expression (for `|` and unary `-`/`&`).
    expr_start: bool,
}

impl Line {
    fn new() -> Self {
        Line {
            text: String::new(),
            last: Last::Open,
            angle: 0,
            closure_params: false,
            expr_start: true,
        }
    }

    fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
    }

    fn word(&mut self, word: &str, keyword: bool) {
        if matches!(
            self.last,
            Last::Word | Last::Keyword | Last::Close | Last::Spaced
        ) {
            self.space();
        }
        self.text.push_str(word);
        self.last = if keyword { Last::Keyword } else { Last::Word };
        self.expr_start = matches!(word, "return" | "move" | "in" | "else" | "break");
    }

    /// Prints one operator (already joined by [`operator`]).
    fn punct(&mut self, op: &str) {
        let spaced_before = matches!(
            self.last,
            Last::Word | Last::Keyword | Last::Close | Last::Spaced
        );
        let prefix = self.expr_start || self.last == Last::Open;
        let last = match op {
            "," | ";" | ":" => {
                self.text.push_str(op);
                Last::Spaced
            }
            "." | "?" => {
                self.text.push_str(op);
                if op == "." { Last::Glue } else { Last::Close }
            }
            "::" => {
                if matches!(self.last, Last::Keyword | Last::Spaced) {
                    self.space();
                }
                self.text.push_str(op);
                Last::Glue
            }
            // `name!(…)` is a macro call; a lifetime's `'` and an attribute's `#` lead.
            "!" | "'" | "#" => {
                if spaced_before && !(op == "!" && self.last == Last::Word) {
                    self.space();
                }
                self.text.push_str(op);
                Last::Glue
            }
            // Generics: `Vec<T>`, `::<T>`, `impl<T>`; not a comparison.
            "<" if !prefix && self.last != Last::Spaced => {
                self.angle += 1;
                self.text.push('<');
                Last::Glue
            }
            ">" if self.angle > 0 => {
                self.angle -= 1;
                self.text.push('>');
                Last::Close
            }
            "|" if self.closure_params => {
                self.closure_params = false;
                self.text.push('|');
                Last::Spaced
            }
            // The opening `|` of a closure's parameters.
            "|" if prefix => {
                if spaced_before {
                    self.space();
                }
                self.closure_params = true;
                self.text.push('|');
                Last::Glue
            }
            // Prefix `&`, `*`, `-` and a closure without parameters.
            "&" | "*" | "-" | "||" if prefix => {
                if spaced_before {
                    self.space();
                }
                self.text.push_str(op);
                if op == "||" { Last::Spaced } else { Last::Glue }
            }
            ".." => {
                if spaced_before {
                    self.space();
                }
                self.text.push_str(op);
                Last::Spaced
            }
            // Binary operators: `=`, `=>`, `->`, `+`, `|` between patterns and the like.
            _ => {
                if self.last != Last::Open {
                    self.space();
                }
                self.text.push_str(op);
                Last::Spaced
            }
        };
        // What may follow: an expression after any operator but these.
        let closes_generics = op == ">" && last == Last::Close;
        let opens_generics = op == "<" && last == Last::Glue;
        self.expr_start =
            !(matches!(op, "." | "?" | "::" | "'" | "#") || closes_generics || opens_generics);
        self.last = last;
    }

    fn literal(&mut self, text: &str) {
        if matches!(
            self.last,
            Last::Word | Last::Keyword | Last::Close | Last::Spaced
        ) {
            self.space();
        }
        self.text.push_str(text);
        self.last = Last::Word;
        self.expr_start = false;
    }

    fn open(&mut self, delim: Delimiter) {
        match delim {
            Delimiter::Parenthesis | Delimiter::Bracket => {
                if matches!(self.last, Last::Keyword | Last::Spaced) {
                    self.space();
                }
                self.text.push(if delim == Delimiter::Parenthesis {
                    '('
                } else {
                    '['
                });
            }
            Delimiter::Brace => {
                // `use a::{b, c}` keeps the brace on the path.
                if self.last != Last::Glue {
                    self.space();
                }
                self.text.push('{');
            }
            Delimiter::None => {}
        }
        self.last = Last::Open;
        self.expr_start = true;
    }

    fn close(&mut self, delim: Delimiter) {
        match delim {
            Delimiter::Parenthesis => self.text.push(')'),
            Delimiter::Bracket => self.text.push(']'),
            Delimiter::Brace => self.text.push('}'),
            Delimiter::None => {}
        }
        self.last = Last::Close;
        self.expr_start = false;
    }

    /// Prints tokens on this line, nested groups included.
    fn tokens(&mut self, tokens: &[TokenTree]) {
        let mut i = 0;
        while i < tokens.len() {
            i += self.token(tokens, i);
        }
    }

    /// Prints the token at `i` (joining multi-character operators); returns how many
    /// tokens it used.
    fn token(&mut self, tokens: &[TokenTree], i: usize) -> usize {
        match &tokens[i] {
            TokenTree::Ident(id) => {
                let text = id.to_string();
                let keyword = SPACED_KEYWORDS.contains(&text.as_str());
                self.word(&text, keyword);
                1
            }
            TokenTree::Literal(lit) => {
                self.literal(&lit.to_string());
                1
            }
            TokenTree::Punct(_) => {
                let (op, used) = operator(tokens, i);
                self.punct(&op);
                used
            }
            TokenTree::Group(g) => {
                self.group(g);
                1
            }
        }
    }

    fn group(&mut self, g: &Group) {
        let inner: Vec<TokenTree> = g.stream().into_iter().collect();
        self.open(g.delimiter());
        let (angle, closure) = (self.angle, self.closure_params);
        self.angle = 0;
        self.closure_params = false;
        // On one line, a list's trailing comma is dropped: `S { a, b }`, `f(a, b)`; not
        // a one-element tuple's.
        let commas = inner
            .iter()
            .filter(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
            .count();
        let inner = match inner.split_last() {
            Some((TokenTree::Punct(p), rest))
                if p.as_char() == ',' && (commas > 1 || g.delimiter() == Delimiter::Brace) =>
            {
                rest
            }
            _ => &inner[..],
        };
        if g.delimiter() == Delimiter::Brace && !inner.is_empty() {
            self.text.push(' ');
            self.last = Last::Open;
            self.tokens(inner);
            self.text.push(' ');
        } else {
            self.tokens(inner);
        }
        self.angle = angle;
        self.closure_params = closure;
        self.close(g.delimiter());
    }
}

/// The operator starting at `tokens[i]` and how many punctuation tokens it spans.
fn operator(tokens: &[TokenTree], i: usize) -> (String, usize) {
    let mut op = String::new();
    let mut used = 0;
    for t in &tokens[i..] {
        let TokenTree::Punct(p) = t else { break };
        op.push(p.as_char());
        used += 1;
        // `'` is joint with the lifetime name that follows, not with punctuation.
        if p.spacing() == Spacing::Alone || p.as_char() == '\'' {
            break;
        }
    }
    // Joint runs that are not one operator (`&&` is, `>>` closing two generics is not).
    match op.as_str() {
        "::" | "->" | "=>" | "==" | "!=" | "<=" | ">=" | "&&" | "||" | ".." | "..=" | "+="
        | "-=" => (op, used),
        _ => {
            let first = op.chars().next().map(String::from).unwrap_or_default();
            (first, 1)
        }
    }
}

/// Whether a token sequence holds something that must not share a line.
fn has_statements(tokens: &[TokenTree]) -> bool {
    tokens.iter().any(|t| match t {
        TokenTree::Punct(p) => matches!(p.as_char(), ';' | '#'),
        TokenTree::Group(g) => {
            g.delimiter() == Delimiter::Brace
                && has_statements(&g.stream().into_iter().collect::<Vec<_>>())
        }
        _ => false,
    }) || tokens
        .windows(2)
        .any(|w| matches!((&w[0], &w[1]), (TokenTree::Punct(a), TokenTree::Punct(b)) if a.as_char() == '=' && b.as_char() == '>'))
}

impl Printer {
    fn newline(&mut self) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        self.out.push('\n');
    }

    fn start_line(&mut self) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
    }

    fn blank_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") && !self.out.ends_with("{\n") {
            self.out.push('\n');
        }
    }

    /// Prints a sequence of items, statements, fields or arms, one per line. A list in
    /// braces gets rustfmt's trailing comma; in parentheses (which may be a macro's
    /// arguments) the tokens stay as they are.
    fn block(&mut self, tokens: TokenStream, trailing_comma: bool) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        // The tokens of the current line, printed when it ends.
        let mut line = Line::new();
        let mut statement: Vec<&TokenTree> = Vec::new();
        let mut after_item = false;
        // A list (fields, variants, arms) gets rustfmt's trailing comma on its last line.
        let (mut list, mut statements) = (false, false);
        while i < tokens.len() {
            let t = &tokens[i];
            if line.text.is_empty() && statement.is_empty() {
                if after_item && starts_item(&tokens[i..]) {
                    self.blank_line();
                }
                after_item = false;
                if let Some(used) = self.attribute(&tokens[i..]) {
                    i += used;
                    continue;
                }
            }
            match t {
                TokenTree::Punct(p) if p.as_char() == ';' => {
                    statements = true;
                    line.punct(";");
                    self.flush(&mut line);
                    after_item = true;
                    statement.clear();
                    i += 1;
                    continue;
                }
                TokenTree::Punct(p)
                    if p.as_char() == ',' && line.angle == 0 && !line.closure_params =>
                {
                    list = true;
                    line.punct(",");
                    self.flush(&mut line);
                    statement.clear();
                    i += 1;
                    continue;
                }
                TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    let body = statement.iter().any(|t| {
                        matches!(t, TokenTree::Ident(id) if BLOCK_KEYWORDS.contains(&id.to_string().as_str()))
                    });
                    let mut probe = Line::new();
                    probe.group(g);
                    let inline = inner.is_empty()
                        || (!body && !has_statements(&inner) && probe.text.len() <= INLINE_BRACES);
                    if inline {
                        line.group(g);
                        statement.push(t);
                        i += 1;
                        continue;
                    }
                    line.open(Delimiter::Brace);
                    self.flush(&mut line);
                    self.indent += 1;
                    self.block(g.stream(), true);
                    self.indent -= 1;
                    line.text.clear();
                    line.last = Last::Open;
                    line.close(Delimiter::Brace);
                    i += 1;
                    // `}` ends the statement unless `;`, `,`, `.`, `?` or `else` continues it.
                    let continues = match tokens.get(i) {
                        Some(TokenTree::Punct(p)) => {
                            matches!(p.as_char(), ';' | ',' | '.' | '?' | ')')
                        }
                        Some(TokenTree::Ident(id)) => id == "else",
                        _ => false,
                    };
                    if !continues {
                        self.flush(&mut line);
                        statement.clear();
                        after_item = true;
                    }
                    continue;
                }
                TokenTree::Group(g)
                    if g.delimiter() != Delimiter::None
                        && self.too_wide(&line, g, &tokens[i + 1..]) =>
                {
                    // One element per line, rustfmt style; the statement goes on after it.
                    line.open(g.delimiter());
                    self.flush_open(&mut line);
                    self.indent += 1;
                    self.block(g.stream(), false);
                    self.indent -= 1;
                    line.close(g.delimiter());
                    statement.push(t);
                    i += 1;
                    continue;
                }
                _ => {}
            }
            statement.push(t);
            i += line.token(&tokens, i);
        }
        if !line.text.is_empty() {
            if list && !statements && trailing_comma {
                line.text.push(',');
            }
            self.flush(&mut line);
        }
    }

    /// Whether `g`, printed on `line` with what follows it up to the next block or the
    /// end of the statement (a return type, say), would make the line too wide; an
    /// empty group cannot be broken.
    fn too_wide(&self, line: &Line, g: &Group, rest: &[TokenTree]) -> bool {
        if g.stream().is_empty() {
            return false;
        }
        let mut probe = Line::new();
        probe.group(g);
        let tail = rest
            .iter()
            .take_while(|t| match t {
                TokenTree::Group(g) => g.delimiter() != Delimiter::Brace,
                TokenTree::Punct(p) => !matches!(p.as_char(), ';' | ','),
                _ => true,
            })
            .cloned()
            .collect::<Vec<_>>();
        let inner = probe.text.len();
        probe.tokens(&tail);
        // A short single element (`f(n)`) stays whole, whatever the width.
        let list = g
            .stream()
            .into_iter()
            .any(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','));
        (list || inner > 40)
            && self.indent * 4 + line.text.trim_start().len() + probe.text.len() > WIDTH
    }

    /// Ends a line at an opening delimiter, keeping the closing one for the next line.
    fn flush_open(&mut self, line: &mut Line) {
        self.flush(line);
        line.last = Last::Open;
    }

    fn flush(&mut self, line: &mut Line) {
        if !line.text.is_empty() {
            self.start_line();
            self.out.push_str(line.text.trim_start());
            self.newline();
        }
        *line = Line::new();
    }

    /// Prints an attribute at `tokens[0]` on lines of its own; returns how many tokens it
    /// took, or `None` if there is none.
    fn attribute(&mut self, tokens: &[TokenTree]) -> Option<usize> {
        let TokenTree::Punct(hash) = tokens.first()? else {
            return None;
        };
        if hash.as_char() != '#' {
            return None;
        }
        let (inner, group) = match tokens.get(1)? {
            TokenTree::Punct(bang) if bang.as_char() == '!' => match tokens.get(2)? {
                TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => (true, g),
                _ => return None,
            },
            TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => (false, g),
            _ => return None,
        };
        if let Some(text) = doc_text(group) {
            let marker = if inner { "//!" } else { "///" };
            for l in text.split('\n') {
                self.start_line();
                self.out.push_str(marker);
                self.out.push_str(l);
                self.newline();
            }
            // Inner docs end with a blank line before the module's items.
            let more_inner =
                matches!(tokens.get(4), Some(TokenTree::Punct(p)) if p.as_char() == '!');
            if inner && !more_inner {
                self.out.push('\n');
            }
        } else {
            let mut line = Line::new();
            line.text.push_str(if inner { "#!" } else { "#" });
            line.last = Last::Glue;
            line.group(group);
            self.flush(&mut line);
        }
        Some(if inner { 3 } else { 2 })
    }
}

/// Whether the tokens begin an item (possibly with attributes).
fn starts_item(tokens: &[TokenTree]) -> bool {
    match tokens.first() {
        Some(TokenTree::Punct(p)) => p.as_char() == '#',
        Some(TokenTree::Ident(id)) => ITEM_STARTS.contains(&id.to_string().as_str()),
        _ => false,
    }
}

/// The text of `doc = "…"`, unescaped, when it has no line break rustdoc would read
/// differently as `///` lines.
fn doc_text(group: &Group) -> Option<String> {
    let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
    let [
        TokenTree::Ident(name),
        TokenTree::Punct(eq),
        TokenTree::Literal(lit),
    ] = tokens.as_slice()
    else {
        return None;
    };
    if name != "doc" || eq.as_char() != '=' {
        return None;
    }
    let text = unescape(&lit.to_string())?;
    // `\r` would end a `///` line early in some editors; keep such text as an attribute.
    (!text.contains('\r')).then_some(text)
}

/// The value of a string literal (not a byte string).
fn unescape(literal: &str) -> Option<String> {
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let fence = "#".repeat(hashes);
        let body = raw.strip_prefix(&fence)?.strip_prefix('"')?;
        return Some(body.strip_suffix(&fence)?.strip_suffix('"')?.to_owned());
    }
    let body = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            'u' => {
                let rest = chars.as_str();
                let hex = rest.strip_prefix('{')?.split('}').next()?;
                out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                chars = rest[hex.len() + 2..].chars();
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::file;

    #[test]
    fn items_fields_and_docs_get_lines_of_their_own() {
        let code = file(quote! {
            #[doc = " A thing."]
            #[derive(Debug, Clone)]
            pub struct Thing {
                #[doc = " Its name.\n\n Second paragraph."]
                #[serde(rename = "Name", default)]
                pub name: ::std::option::Option<::std::string::String>,
                pub items: ::std::vec::Vec<super::super::types::Item>,
            }
            impl Thing {
                pub fn new(name: impl ::std::convert::Into<::std::string::String>) -> Self {
                    Self { name: ::std::option::Option::Some(name.into()), items: ::std::vec::Vec::new() }
                }
                pub fn get(&self) -> &'static str { "x" }
            }
        });
        assert_eq!(
            code,
            "/// A thing.
#[derive(Debug, Clone)]
pub struct Thing {
    /// Its name.
    ///
    /// Second paragraph.
    #[serde(rename = \"Name\", default)]
    pub name: ::std::option::Option<::std::string::String>,
    pub items: ::std::vec::Vec<super::super::types::Item>,
}

impl Thing {
    pub fn new(name: impl ::std::convert::Into<::std::string::String>) -> Self {
        Self {
            name: ::std::option::Option::Some(name.into()),
            items: ::std::vec::Vec::new(),
        }
    }

    pub fn get(&self) -> &'static str {
        \"x\"
    }
}
"
        );
    }

    #[test]
    fn match_arms_closures_and_operators_are_spaced_like_rustfmt() {
        let code = file(quote! {
            fn f(code: &str, r: &R) -> ::std::result::Result<A, B> {
                let n = r.items.as_ref().map_or(0, ::std::vec::Vec::len);
                let t = |r: &R| r.total.and_then(|v| u64::try_from(v).ok());
                match code {
                    "A.B" => Self::AB,
                    other => Self::Unknown { code: other.to_owned() },
                }
            }
        });
        assert_eq!(
            code,
            "fn f(code: &str, r: &R) -> ::std::result::Result<A, B> {
    let n = r.items.as_ref().map_or(0, ::std::vec::Vec::len);
    let t = |r: &R| r.total.and_then(|v| u64::try_from(v).ok());
    match code {
        \"A.B\" => Self::AB,
        other => Self::Unknown { code: other.to_owned() },
    }
}
"
        );
    }
}
