//! Event streams (`Content-Type: text/event-stream`), as some actions answer
//! when asked to stream (Hunyuan's `ChatCompletions` with `Stream: true`).
//!
//! [`EventParser`] is incremental: [`push`](EventParser::push) bytes as they
//! arrive, in chunks cut anywhere (inside a line, a CRLF pair or a UTF-8
//! character), and take each complete event from
//! [`next_event`](EventParser::next_event). Complete lines are parsed straight
//! from the chunk; only a line cut by the end of a chunk is copied, and no
//! line is kept beyond `max_line` bytes.
//!
//! ```
//! use tencentcloud_runtime::sse::EventParser;
//!
//! let mut parser = EventParser::default();
//! let mut data = Vec::new();
//! for chunk in [&b"data: {\"Choices\":[]}\r\n\r\nda"[..], b"ta: [DONE]\n\n"] {
//!     parser.push(chunk)?;
//!     while let Some(event) = parser.next_event() {
//!         data.push(event.data);
//!     }
//! }
//! assert_eq!(data, ["{\"Choices\":[]}", "[DONE]"]);
//! // Nothing was left without its closing blank line.
//! assert_eq!(parser.finish()?, None);
//! # Ok::<(), tencentcloud_runtime::sse::SseError>(())
//! ```
//!
//! # Behaviour
//!
//! Lines are read as the WHATWG
//! [event stream interpretation](https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation)
//! says: CRLF, LF and CR each end a line (also a CR that ends one chunk
//! followed by an LF that starts the next); a UTF-8 byte order mark at the
//! start of the stream is skipped; lines starting with `:` are comments; a
//! field's name runs to the first `:` (the whole line when there is none, with
//! an empty value) and one space after the colon is dropped; `data` lines are
//! joined with `\n`; `retry` is kept only when it is all ASCII digits; an `id`
//! containing NUL is ignored; bytes that are not UTF-8 become U+FFFD.
//!
//! Where Tencent's official SDKs (Python `tencentcloud-sdk-python-common`
//! 3.1.195, whose parser `scripts/sse-vectors/` runs to produce the vectors
//! in `tests/data/sse-vectors.json`, and Go's `parseFromSSE`) choose
//! something the specification leaves to the client, or differ from it on
//! purpose, this parser does what they do:
//!
//! - **Every blank line dispatches an event**, even one with no field at all
//!   (both SDKs yield it; WHATWG dispatches only events with a `data` field).
//!   A stream of keep-alive comments therefore yields empty events;
//!   [`Event::is_empty`] tells them apart.
//! - [`Event::id`] and [`Event::retry`] belong to the event that carried them,
//!   as in both SDKs. WHATWG's last event ID, which lasts until another `id`
//!   field replaces it, is [`EventParser::last_event_id`].
//! - **An event cut off by the end of the stream is not dispatched**: neither
//!   SDK nor WHATWG dispatches it (a stream that ends without its blank line
//!   may have been truncated mid-event). [`EventParser::finish`] returns it
//!   instead, so that the caller decides: drop it as the SDKs do
//!   ([`parse_all`] does), use it, or report a truncated stream.
//!
//! Where the Python SDK deviates from WHATWG in ways that lose data or abort
//! the stream, this parser follows WHATWG; each case is recorded in the
//! vectors: it does not skip a byte order mark, takes a line without a colon
//! for a field named after all but its last character, accepts a sign, spaces
//! or underscores in `retry` and raises on anything else `int()` rejects and
//! on bytes that are not UTF-8, keeps an `id`
//! containing NUL, and reads a CR that ends one network chunk and the LF that
//! starts the next as two line ends.

use std::collections::VecDeque;
use std::mem;

/// The default longest line, in bytes: 32 MiB, as the Go SDK's scanner.
pub const DEFAULT_MAX_LINE: usize = 32 * 1024 * 1024;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One dispatched event.
///
/// An event without a `data` field and one with an empty `data` field both
/// have an empty [`data`](Self::data) (as in the Go SDK; Python's dictionary
/// lacks the key in the first case).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    /// The `event` field (the event type), if the event had one.
    pub event: Option<String>,
    /// The `data` fields, joined with `\n`.
    pub data: String,
    /// The `id` field, if this event had one.
    pub id: Option<String>,
    /// The `retry` field (reconnection time in milliseconds), if this event
    /// had a valid one; saturates at `u64::MAX`.
    pub retry: Option<u64>,
}

impl Event {
    /// An event with `data` and no other field, for test doubles.
    pub fn new(data: impl Into<String>) -> Self {
        Self {
            data: data.into(),
            ..Self::default()
        }
    }

    /// The same event with an `event` field.
    pub fn with_event(mut self, event: impl Into<String>) -> Self {
        self.event = Some(event.into());
        self
    }

    /// The same event with an `id` field.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The same event with a `retry` field.
    pub fn with_retry(mut self, retry: u64) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Whether the event has no field with a value: what a lone blank line,
    /// or one after comments only (keep-alives), dispatches.
    pub fn is_empty(&self) -> bool {
        self.event.is_none() && self.data.is_empty() && self.id.is_none() && self.retry.is_none()
    }
}

/// Why an event stream could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SseError {
    /// A line, without its line end, is longer than the parser's limit.
    #[error("an event stream line is longer than {limit} bytes")]
    LineTooLong {
        /// The limit the parser was created with.
        limit: usize,
    },
}

/// An incremental `text/event-stream` parser; see the [module](self) docs.
///
/// After an error the stream cannot be resynchronised: every later
/// [`push`](Self::push) and [`finish`](Self::finish) returns the same error,
/// while events dispatched before it can still be taken.
#[derive(Debug)]
pub struct EventParser {
    max_line: usize,
    /// The start of a line whose end has not arrived yet.
    partial: Vec<u8>,
    /// The last chunk ended with a CR: an LF starting the next one belongs to
    /// that line end rather than ending an empty line.
    after_cr: bool,
    fields: Fields,
    failed: Option<SseError>,
}

/// What the lines read so far have built: kept apart from the line buffer so
/// that a buffered line can be parsed while it is borrowed.
#[derive(Debug)]
struct Fields {
    /// No line has been read yet, so a byte order mark may begin the next.
    at_start: bool,
    pending: Event,
    /// The pending event has a `data` field, possibly empty: the next one is
    /// joined with a `\n`.
    has_data: bool,
    /// The pending event has any field (what `finish` returns).
    has_field: bool,
    /// Capacity for the next event's data, from the last one, so that a
    /// typical event's data is allocated once.
    data_hint: usize,
    last_event_id: String,
    ready: VecDeque<Event>,
}

impl Default for EventParser {
    /// A parser whose longest line is [`DEFAULT_MAX_LINE`].
    fn default() -> Self {
        Self::new(DEFAULT_MAX_LINE)
    }
}

impl EventParser {
    /// A parser that fails with [`SseError::LineTooLong`] on a line longer
    /// than `max_line` bytes (not counting its line end), so that a stream
    /// without line ends cannot grow its buffer without bound.
    ///
    /// An event of many `data` lines is not bounded as a whole (nor is it
    /// by the official SDKs): the body size limit or timeout of the request
    /// bounds it.
    pub fn new(max_line: usize) -> Self {
        Self {
            max_line,
            partial: Vec::new(),
            after_cr: false,
            fields: Fields {
                at_start: true,
                pending: Event::default(),
                has_data: false,
                has_field: false,
                data_hint: 0,
                last_event_id: String::new(),
                ready: VecDeque::new(),
            },
            failed: None,
        }
    }

    /// Parses the next bytes of the stream; the events they complete become
    /// available from [`next_event`](Self::next_event).
    ///
    /// # Errors
    ///
    /// [`SseError::LineTooLong`] as soon as a line passes the limit, before
    /// buffering more of it; events completed before that line stay
    /// available.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), SseError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        let Some(&first) = chunk.first() else {
            return Ok(());
        };
        let mut rest = chunk;
        if mem::take(&mut self.after_cr) && first == b'\n' {
            rest = &rest[1..];
        }
        while let Some(end) = find_line_end(rest) {
            let mut next = end + 1;
            if rest[end] == b'\r' {
                match rest.get(next) {
                    Some(b'\n') => next += 1,
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            self.line(&rest[..end])?;
            rest = &rest[next..];
        }
        self.check_len(self.partial.len().saturating_add(rest.len()))?;
        self.partial.extend_from_slice(rest);
        Ok(())
    }

    /// The next complete event, oldest first.
    pub fn next_event(&mut self) -> Option<Event> {
        self.fields.ready.pop_front()
    }

    /// Ends the stream and returns the event it cut off: fields read (the
    /// last line may lack its line end) but no blank line after them.
    ///
    /// Neither WHATWG nor the official SDKs dispatch that event, so
    /// [`next_event`](Self::next_event) never yields it; it is returned for
    /// the caller to drop (as they do), use, or report as a truncated
    /// stream. `None` when the stream ended between events, or after
    /// comments only.
    ///
    /// The parser is then ready for another stream, such as the one a
    /// reconnection opens: only [`last_event_id`](Self::last_event_id) and
    /// the events not yet taken carry over.
    ///
    /// # Errors
    ///
    /// The error an earlier [`push`](Self::push) returned, if any.
    pub fn finish(&mut self) -> Result<Option<Event>, SseError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        if !self.partial.is_empty() {
            self.fields.field_line(&self.partial);
        }
        self.partial.clear();
        self.after_cr = false;
        let fields = &mut self.fields;
        fields.at_start = true;
        fields.has_data = false;
        let cut = mem::take(&mut fields.pending);
        Ok(mem::take(&mut fields.has_field).then_some(cut))
    }

    /// WHATWG's last event ID: the value of the last `id` field read, which
    /// (unlike [`Event::id`]) lasts across events and streams until another
    /// `id` field replaces it; a client sends it back as `Last-Event-ID`
    /// when it reconnects. Empty until then, or after an empty `id` field.
    pub fn last_event_id(&self) -> &str {
        &self.fields.last_event_id
    }

    /// Parses a complete line, the buffered start of it first if any.
    fn line(&mut self, line: &[u8]) -> Result<(), SseError> {
        if self.partial.is_empty() {
            self.check_len(line.len())?;
            self.fields.line(line);
        } else {
            self.check_len(self.partial.len().saturating_add(line.len()))?;
            self.partial.extend_from_slice(line);
            self.fields.line(&self.partial);
            self.partial.clear();
        }
        Ok(())
    }

    fn check_len(&mut self, len: usize) -> Result<(), SseError> {
        if len <= self.max_line {
            return Ok(());
        }
        let error = SseError::LineTooLong {
            limit: self.max_line,
        };
        self.partial = Vec::new();
        self.failed = Some(error.clone());
        Err(error)
    }
}

impl Fields {
    /// A line that had a line end: blank, it dispatches the pending event.
    fn line(&mut self, line: &[u8]) {
        let line = self.skip_bom(line);
        if line.is_empty() {
            self.dispatch();
        } else {
            self.field_line(line);
        }
    }

    fn skip_bom<'a>(&mut self, line: &'a [u8]) -> &'a [u8] {
        if mem::take(&mut self.at_start) {
            line.strip_prefix(BOM).unwrap_or(line)
        } else {
            line
        }
    }

    /// A line that is not blank (or a blank one that had no line end, which
    /// means nothing).
    fn field_line(&mut self, line: &[u8]) {
        let line = self.skip_bom(line);
        let (name, value) = match memchr::memchr(b':', line) {
            Some(0) => return,
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None if line.is_empty() => return,
            None => (line, &[][..]),
        };
        let event = &mut self.pending;
        match name {
            b"data" => {
                if self.has_data {
                    event.data.push('\n');
                } else if event.data.capacity() == 0 {
                    event.data.reserve(self.data_hint.max(value.len()));
                }
                push_lossy(&mut event.data, value);
                self.has_data = true;
            }
            b"event" => event.event = Some(lossy(value)),
            // A NUL would make the ID unsendable as `Last-Event-ID`.
            b"id" if !value.contains(&0) => {
                let id = lossy(value);
                self.last_event_id.clone_from(&id);
                event.id = Some(id);
            }
            b"retry" => match parse_retry(value) {
                Some(retry) => event.retry = Some(retry),
                None => return,
            },
            _ => return,
        }
        self.has_field = true;
    }

    fn dispatch(&mut self) {
        let event = mem::take(&mut self.pending);
        self.data_hint = event.data.len();
        self.has_data = false;
        self.has_field = false;
        self.ready.push_back(event);
    }
}

/// The first CR or LF.
fn find_line_end(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', bytes)
}

fn lossy(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    push_lossy(&mut text, bytes);
    text
}

/// Appends `bytes` decoded as UTF-8, each invalid sequence replaced with
/// U+FFFD as WHATWG's decoder does, without a temporary string.
fn push_lossy(text: &mut String, bytes: &[u8]) {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(valid) => text.push_str(valid),
        Err(_) => {
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    text.push(char::REPLACEMENT_CHARACTER);
                }
            }
        }
    }
}

/// ASCII digits only, as WHATWG requires (the SDKs' `int()` and `ParseInt`
/// would also take signs, and abort the stream on anything else).
fn parse_retry(value: &[u8]) -> Option<u64> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(value.iter().fold(0u64, |ms, &digit| {
        ms.saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    }))
}

/// Parses a whole stream at once: the events [`EventParser::next_event`]
/// yields for `bytes`, without the one [`EventParser::finish`] returns (which
/// the official SDKs drop too). Meant for fuzzing and for tests.
///
/// # Errors
///
/// [`SseError::LineTooLong`] if a line is longer than `max_line` bytes.
pub fn parse_all(bytes: &[u8], max_line: usize) -> Result<Vec<Event>, SseError> {
    let mut parser = EventParser::new(max_line);
    parser.push(bytes)?;
    parser.finish()?;
    Ok(parser.fields.ready.into())
}
