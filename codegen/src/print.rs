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

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// Prints a whole file.
pub fn file(tokens: TokenStream) -> String {
    let docs = DOCS.with(|d| std::mem::take(&mut *d.borrow_mut()));
    let mut p = Printer {
        docs,
        ..Printer::default()
    };
    let mut src = Src::with_capacity(1 << 16);
    let tokens = convert(&mut src, tokens);
    p.block(&src, &tokens, true);
    p.out
}

thread_local! {
    /// Doc text of [`doc`] attributes made on this thread and not yet printed.
    static DOCS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A `///` line: `#[doc = N]`, with the text kept beside the tokens under N.
///
/// Most of a generated file is published prose, much of it Chinese. As a string literal
/// token each line would be escaped character by character and unescaped again to print
/// it, which was a fifth of generation time; [`file`](fn@file) prints the text as it is instead.
/// Tokens with such attributes must be printed by [`file`](fn@file) on the thread that made
/// them, which is how [`crate::format`] uses them.
pub fn doc(line: String) -> TokenStream {
    let index = DOCS.with(|d| {
        let mut docs = d.borrow_mut();
        docs.push(line);
        docs.len() - 1
    });
    // Built by hand: `quote!` costs more than the rest of this function.
    use proc_macro2::{Group, Ident, Literal, Punct, Span};
    let attr: TokenStream = [
        TokenTree::Ident(Ident::new("doc", Span::call_site())),
        TokenTree::Punct(Punct::new('=', Spacing::Alone)),
        TokenTree::Literal(Literal::usize_unsuffixed(index)),
    ]
    .into_iter()
    .collect();
    [
        TokenTree::Punct(Punct::new('#', Spacing::Alone)),
        TokenTree::Group(Group::new(Delimiter::Bracket, attr)),
    ]
    .into_iter()
    .collect()
}

/// A token, owned. `proc_macro2` hands out a group's tokens by copying them, so the
/// tree is converted once and printed from this form; the text of identifiers and
/// literals is kept in one buffer ([`Src`]) rather than a string each.
enum Tok {
    Ident(Span),
    Punct(char, Spacing),
    Literal(Span),
    Group(Delimiter, Vec<Tok>),
}

/// Where a token's text is in the [`Src`] buffer.
#[derive(Clone, Copy)]
struct Span(u32, u32);

/// The text of every identifier and literal of a file, one after another.
type Src = String;

fn text(src: &Src, span: Span) -> &str {
    src.get(span.0 as usize..span.1 as usize)
        .unwrap_or_default()
}

fn push(src: &mut Src, token: &dyn std::fmt::Display) -> Span {
    use std::fmt::Write as _;
    let start = src.len();
    let _ = write!(src, "{token}");
    Span(
        u32::try_from(start).unwrap_or(u32::MAX),
        u32::try_from(src.len()).unwrap_or(u32::MAX),
    )
}

fn convert(src: &mut Src, tokens: TokenStream) -> Vec<Tok> {
    tokens
        .into_iter()
        .map(|t| match t {
            TokenTree::Ident(id) => Tok::Ident(push(src, &id)),
            TokenTree::Punct(p) => Tok::Punct(p.as_char(), p.spacing()),
            TokenTree::Literal(lit) => Tok::Literal(push(src, &lit)),
            TokenTree::Group(g) => {
                let (delim, stream) = (g.delimiter(), g.stream());
                // With the group gone, its stream is no longer shared and is taken
                // rather than copied.
                drop(g);
                Tok::Group(delim, convert(src, stream))
            }
        })
        .collect()
}

fn is_punct(t: &Tok, c: char) -> bool {
    matches!(t, Tok::Punct(p, _) if *p == c)
}

/// Brace groups that render shorter than this stay on one line, unless they hold
/// statements or items.
const INLINE_BRACES: usize = 72;

/// A line that would grow past this breaks a comma-separated `(…)` or `[…]` at block
/// level into one element per line.
const WIDTH: usize = 100;

/// Keywords after which a `(`, `[` or `::` is separated by a space.
fn spaced_keyword(word: &str) -> bool {
    SPACED_KEYWORDS.binary_search(&word).is_ok()
}

/// Sorted, for [`spaced_keyword`].
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
    /// The text of `#[doc = N]` attributes, by N.
    docs: Vec<String>,
    /// A buffer for measuring lines, reused.
    probe: String,
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
    /// A probe stops printing once the text is longer than this: deciding whether a
    /// group fits on a line needs no more, and keeps printing linear in the output.
    limit: usize,
}

impl Line {
    fn new() -> Self {
        Line {
            text: String::new(),
            last: Last::Open,
            angle: 0,
            closure_params: false,
            expr_start: true,
            limit: usize::MAX,
        }
    }

    /// A line for measuring, which stops past `limit` characters; `buffer` is reused
    /// from the last probe.
    fn probe(limit: usize, mut buffer: String) -> Self {
        buffer.clear();
        Line {
            limit,
            text: buffer,
            ..Line::new()
        }
    }

    /// Empties the line for the next one, keeping its buffer.
    fn reset(&mut self) {
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        *self = Line {
            text,
            ..Line::new()
        };
    }

    fn overflowed(&self) -> bool {
        self.text.len() > self.limit
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
            // Prefix `&`, `*`, `-` and a closure without parameters; a reference type
            // as the first generic argument (`Option<&T>`).
            "&" | "*" | "-" | "||" if prefix || self.text.ends_with('<') => {
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
    fn tokens(&mut self, src: &Src, tokens: &[Tok]) {
        let mut i = 0;
        while i < tokens.len() && !self.overflowed() {
            i += self.token(src, tokens, i);
        }
    }

    /// Prints the token at `i` (joining multi-character operators); returns how many
    /// tokens it used.
    fn token(&mut self, src: &Src, tokens: &[Tok], i: usize) -> usize {
        match &tokens[i] {
            Tok::Ident(id) => {
                let word = text(src, *id);
                self.word(word, spaced_keyword(word));
                1
            }
            Tok::Literal(lit) => {
                self.literal(text(src, *lit));
                1
            }
            Tok::Punct(..) => {
                let (op, used) = operator(tokens, i);
                self.punct(op);
                used
            }
            Tok::Group(delim, inner) => {
                self.group(src, *delim, inner);
                1
            }
        }
    }

    fn group(&mut self, src: &Src, delim: Delimiter, inner: &[Tok]) {
        self.open(delim);
        let (angle, closure) = (self.angle, self.closure_params);
        self.angle = 0;
        self.closure_params = false;
        // On one line, a list's trailing comma is dropped: `S { a, b }`, `f(a, b)`; not
        // a one-element tuple's.
        let commas = inner.iter().filter(|t| is_punct(t, ',')).count();
        let inner = match inner.split_last() {
            Some((last, rest))
                if is_punct(last, ',') && (commas > 1 || delim == Delimiter::Brace) =>
            {
                rest
            }
            _ => inner,
        };
        if delim == Delimiter::Brace && !inner.is_empty() {
            self.text.push(' ');
            self.last = Last::Open;
            self.tokens(src, inner);
            self.text.push(' ');
        } else {
            self.tokens(src, inner);
        }
        self.angle = angle;
        self.closure_params = closure;
        self.close(delim);
    }
}

/// The operator starting at `tokens[i]` and how many punctuation tokens it spans.
fn operator(tokens: &[Tok], i: usize) -> (&'static str, usize) {
    const JOINED: &[&str] = &[
        "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "..=", "..", "+=", "-=",
    ];
    let mut run = [0u8; 3];
    let mut used = 0;
    for t in tokens[i..].iter().take(3) {
        let Tok::Punct(c, spacing) = t else { break };
        run[used] = u8::try_from(*c).unwrap_or(b'?');
        used += 1;
        // `'` is joint with the lifetime name that follows, not with punctuation.
        if *spacing == Spacing::Alone || *c == '\'' {
            break;
        }
    }
    let run = std::str::from_utf8(&run[..used]).unwrap_or("?");
    // Joint runs that are not one operator (`&&` is, `>>` closing two generics is not).
    if let Some(op) = JOINED.iter().find(|op| run.starts_with(**op)) {
        return (op, op.len());
    }
    const SINGLE: &[&str] = &[
        "!", "#", "$", "%", "&", "'", "*", "+", ",", "-", ".", "/", ":", ";", "<", "=", ">", "?",
        "@", "^", "|", "~",
    ];
    let first = &run[..run.len().min(1)];
    (
        SINGLE.iter().find(|s| **s == first).copied().unwrap_or("?"),
        1,
    )
}

/// Whether a token sequence holds something that must not share a line.
fn has_statements(tokens: &[Tok]) -> bool {
    tokens.iter().any(|t| match t {
        Tok::Punct(c, _) => matches!(c, ';' | '#'),
        Tok::Group(Delimiter::Brace, inner) => has_statements(inner),
        _ => false,
    }) || tokens
        .windows(2)
        .any(|w| is_punct(&w[0], '=') && is_punct(&w[1], '>'))
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
    fn block(&mut self, src: &Src, tokens: &[Tok], trailing_comma: bool) {
        let mut i = 0;
        // The tokens of the current line, printed when it ends.
        let mut line = Line::new();
        // The current statement: whether it has begun, and whether a keyword in it makes
        // a brace group its body (`fn`, `impl`, `match`, …).
        let (mut started, mut body) = (false, false);
        let mut after_item = false;
        // A list (fields, variants, arms) gets rustfmt's trailing comma on its last line.
        let (mut list, mut statements) = (false, false);
        while i < tokens.len() {
            let t = &tokens[i];
            if line.text.is_empty() && !started {
                if after_item && starts_item(src, &tokens[i..]) {
                    self.blank_line();
                }
                after_item = false;
                if let Some(used) = self.attribute(src, &tokens[i..]) {
                    i += used;
                    continue;
                }
            }
            match t {
                Tok::Punct(';', _) => {
                    statements = true;
                    line.punct(";");
                    self.flush(&mut line);
                    after_item = true;
                    (started, body) = (false, false);
                    i += 1;
                    continue;
                }
                Tok::Punct(',', _) if line.angle == 0 && !line.closure_params => {
                    list = true;
                    line.punct(",");
                    self.flush(&mut line);
                    (started, body) = (false, false);
                    i += 1;
                    continue;
                }
                Tok::Group(Delimiter::Brace, inner) => {
                    let inline = inner.is_empty()
                        || (!body && {
                            let mut probe = Line::probe(INLINE_BRACES, self.take_probe());
                            probe.group(src, Delimiter::Brace, inner);
                            let width = self.indent * 4 + line.text.trim_start().len();
                            let fits = !probe.overflowed() && width + probe.text.len() <= WIDTH;
                            self.probe = probe.text;
                            // Only a short group is scanned for statements.
                            fits && !has_statements(inner)
                        });
                    if inline {
                        line.group(src, Delimiter::Brace, inner);
                        started = true;
                        i += 1;
                        // An empty item body (`mod types {}`) ends the item.
                        if body {
                            self.flush(&mut line);
                            (started, body) = (false, false);
                            after_item = true;
                        }
                        continue;
                    }
                    line.open(Delimiter::Brace);
                    self.flush(&mut line);
                    self.indent += 1;
                    self.block(src, inner, true);
                    self.indent -= 1;
                    line.text.clear();
                    line.last = Last::Open;
                    line.close(Delimiter::Brace);
                    i += 1;
                    // `}` ends the statement unless `;`, `,`, `.`, `?` or `else` continues it.
                    let continues = match tokens.get(i) {
                        Some(Tok::Punct(c, _)) => matches!(c, ';' | ',' | '.' | '?' | ')'),
                        Some(Tok::Ident(id)) => text(src, *id) == "else",
                        _ => false,
                    };
                    if !continues {
                        self.flush(&mut line);
                        (started, body) = (false, false);
                        after_item = true;
                    }
                    continue;
                }
                Tok::Group(delim, inner)
                    if *delim != Delimiter::None
                        && self.too_wide(src, &line, *delim, inner, &tokens[i + 1..]) =>
                {
                    // One element per line, rustfmt style; the statement goes on after it.
                    line.open(*delim);
                    self.flush_open(&mut line);
                    self.indent += 1;
                    self.block(src, inner, false);
                    self.indent -= 1;
                    line.close(*delim);
                    started = true;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            started = true;
            if let Tok::Ident(id) = t {
                body |= BLOCK_KEYWORDS.contains(&text(src, *id));
            }
            i += line.token(src, tokens, i);
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
    fn too_wide(
        &mut self,
        src: &Src,
        line: &Line,
        delim: Delimiter,
        inner: &[Tok],
        rest: &[Tok],
    ) -> bool {
        if inner.is_empty() {
            return false;
        }
        let mut probe = Line::probe(WIDTH, self.take_probe());
        probe.group(src, delim, inner);
        let tail = rest
            .iter()
            .position(|t| match t {
                Tok::Group(d, _) => *d == Delimiter::Brace,
                Tok::Punct(c, _) => matches!(c, ';' | ','),
                _ => false,
            })
            .unwrap_or(rest.len());
        let group = probe.text.len();
        probe.tokens(src, &rest[..tail]);
        // A short single element (`f(n)`) stays whole, whatever the width.
        let list = inner.iter().any(|t| is_punct(t, ','));
        let wide = self.indent * 4 + line.text.trim_start().len() + probe.text.len() > WIDTH;
        self.probe = probe.text;
        (list || group > 40) && wide
    }

    fn take_probe(&mut self) -> String {
        std::mem::take(&mut self.probe)
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
        line.reset();
    }

    /// The text of `doc = N` (a [`doc`] line) or `doc = "…"`, when it can be printed as
    /// `///` lines: without a `\r`, which some editors read as a line break.
    fn doc_text(&self, src: &Src, group: &[Tok]) -> Option<String> {
        let [Tok::Ident(name), Tok::Punct('=', _), Tok::Literal(lit)] = group else {
            return None;
        };
        if text(src, *name) != "doc" {
            return None;
        }
        let lit = text(src, *lit);
        let text = match lit.parse::<usize>() {
            Ok(index) => self.docs.get(index)?.clone(),
            Err(_) => unescape(lit)?,
        };
        (!text.contains('\r')).then_some(text)
    }

    /// Prints an attribute at `tokens[0]` on lines of its own; returns how many tokens it
    /// took, or `None` if there is none.
    fn attribute(&mut self, src: &Src, tokens: &[Tok]) -> Option<usize> {
        if !is_punct(tokens.first()?, '#') {
            return None;
        }
        let (inner, group) = match tokens.get(1)? {
            Tok::Punct('!', _) => match tokens.get(2)? {
                Tok::Group(Delimiter::Bracket, group) => (true, group),
                _ => return None,
            },
            Tok::Group(Delimiter::Bracket, group) => (false, group),
            _ => return None,
        };
        if let Some(text) = self.doc_text(src, group) {
            let marker = if inner { "//!" } else { "///" };
            for l in text.split('\n') {
                self.start_line();
                self.out.push_str(marker);
                self.out.push_str(l);
                self.newline();
            }
            // Inner docs end with a blank line before the module's items.
            let more_inner = matches!(tokens.get(4), Some(Tok::Punct('!', _)));
            if inner && !more_inner {
                self.out.push('\n');
            }
        } else {
            let mut line = Line::new();
            line.text.push_str(if inner { "#!" } else { "#" });
            line.last = Last::Glue;
            line.group(src, Delimiter::Bracket, group);
            self.flush(&mut line);
        }
        Some(if inner { 3 } else { 2 })
    }
}

/// Whether the tokens begin an item (possibly with attributes).
fn starts_item(src: &Src, tokens: &[Tok]) -> bool {
    match tokens.first() {
        Some(Tok::Punct(c, _)) => *c == '#',
        Some(Tok::Ident(id)) => ITEM_STARTS.contains(&text(src, *id)),
        _ => false,
    }
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
    fn keywords_are_sorted_for_binary_search() {
        assert!(super::SPACED_KEYWORDS.windows(2).all(|w| w[0] < w[1]));
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
