//! The complete reader: `saphyr-parser`'s YAML 1.2 events (safe Rust,
//! with the span of every event) turned into [`Builder`] calls. It reads
//! every YAML construct and gives the syntax errors their positions.
//!
//! compgap's formats use no tags, so a tag (`!x`, `!!str`) is refused at
//! the tag rather than silently ignored.

use super::builder::Builder;
use super::{MAX_DEPTH, yaml_pos_at};
use crate::diag::{Code, Diagnostic, Pos};
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span};

/// An open mapping or list.
struct Open {
    pos: Pos,
    map: bool,
    /// Written in `[…]` or `{…}`.
    flow: bool,
    /// Nodes read in it so far (keys and values, for a mapping).
    nodes: usize,
}

/// Read `text` into `builder`; the first syntax error or limit stops it.
pub fn read(text: &str, builder: &mut Builder) -> Result<(), Diagnostic> {
    let mut parser = Parser::new_from_str(text);
    let mut offsets = Offsets::new(text);
    let mut documents = 0usize;
    let mut open: Vec<Open> = Vec::new();
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| syntax_error(&e, text, &open))?;
        let pos = pos_of(span.start);
        let map = matches!(event, Event::MappingStart(..));
        match event {
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(Diagnostic::unattached(
                        Code::YamlSyntax,
                        pos,
                        "a second YAML document (`---`) starts here; put one role, person or catalog per file".to_string(),
                    ));
                }
            }
            Event::Alias(id) => {
                let name = alias_name(text, offsets.byte(span.start));
                builder.alias(pos, id, name)?;
                read_node(&mut open);
            }
            Event::Scalar(value, style, anchor, tag) => {
                if tag.is_some() {
                    return Err(tag_error(text, offsets.byte(span.start)));
                }
                let plain = style == ScalarStyle::Plain;
                let pos = if plain && value.is_empty() && anchor == 0 {
                    empty_value_pos(text, &mut offsets, span, open.last())
                } else {
                    pos
                };
                builder.scalar(pos, value.into_owned(), plain, anchor_id(anchor))?;
                read_node(&mut open);
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                if tag.is_some() {
                    return Err(tag_error(text, offsets.byte(span.start)));
                }
                // Inside a flow collection, or ending after its own `[` or `{`.
                let before_end = offsets.byte(span.end).wrapping_sub(1);
                let flow = open.last().is_some_and(|o| o.flow)
                    || matches!(text.as_bytes().get(before_end), Some(b'[' | b'{'));
                open.push(Open {
                    pos,
                    map,
                    flow,
                    nodes: 0,
                });
                builder.start(pos, map, anchor_id(anchor))?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                open.pop();
                builder.end();
                read_node(&mut open);
            }
        }
    }
    Ok(())
}

/// Count a node read into the innermost open collection.
fn read_node(open: &mut [Open]) {
    if let Some(parent) = open.last_mut() {
        parent.nodes += 1;
    }
}

/// Where an empty value (`key:` with nothing after it, `- ` alone) is
/// placed. The parser places it at the `:` or `-` before it; compgap
/// places it just after a block `:` or `-` and at the next token after a
/// flow `:`, so that the column says where the value is missing.
fn empty_value_pos(text: &str, offsets: &mut Offsets, span: Span, parent: Option<&Open>) -> Pos {
    let at = offsets.byte(span.start);
    let start = pos_of(span.start);
    // Just after the one-character indicator.
    let after = Pos::new(start.line, start.column + 1);
    let value_of_map = parent.is_some_and(|p| p.map && p.nodes % 2 == 1);
    match (text.as_bytes().get(at), parent) {
        (Some(b'-'), Some(p)) if !p.flow && !p.map => after,
        (Some(b':'), Some(p)) if value_of_map && !p.flow => after,
        (Some(b':'), Some(_)) if value_of_map => {
            // The next token: past spaces, line breaks and comments.
            let mut pos = after;
            let mut comment = false;
            let mut chars = text[at + 1..].chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    // `\r\n`, `\n` and a lone `\r` each end a line.
                    '\r' | '\n' => {
                        if c == '\r' && chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                        pos = Pos::new(pos.line + 1, 1);
                        comment = false;
                        continue;
                    }
                    '#' => comment = true,
                    ' ' | '\t' => {}
                    _ if comment => {}
                    _ => break,
                }
                pos.column += 1;
            }
            pos
        }
        _ => start,
    }
}

/// The parser numbers anchors from 1; 0 is none.
fn anchor_id(id: usize) -> Option<usize> {
    (id > 0).then_some(id)
}

/// 1-based line and column of a parser position (its line is 1-based,
/// its column 0-based, both in characters).
fn pos_of(mark: Marker) -> Pos {
    Pos::new(
        u32::try_from(mark.line()).unwrap_or(u32::MAX),
        u32::try_from(mark.col() + 1).unwrap_or(u32::MAX),
    )
}

/// Byte offsets of parser positions (which count characters), found by
/// walking the text from the last position asked for: events come in
/// order, so reading a file walks it once.
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    /// A character index and its byte offset.
    chars: usize,
    bytes: usize,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            ascii: text.is_ascii(),
            chars: 0,
            bytes: 0,
        }
    }

    fn byte(&mut self, mark: Marker) -> usize {
        let index = mark.index();
        if self.ascii {
            return index.min(self.text.len());
        }
        if index < self.chars {
            (self.chars, self.bytes) = (0, 0);
        }
        let ahead = self.text[self.bytes..]
            .char_indices()
            .nth(index - self.chars)
            .map_or(self.text.len() - self.bytes, |(at, _)| at);
        self.bytes += ahead;
        self.chars = index;
        self.bytes
    }
}

/// The name of the alias `*name` that starts at byte `at`.
fn alias_name(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    rest.strip_prefix('*')
        .unwrap_or(rest)
        .split(|c: char| c.is_whitespace() || ",[]{}".contains(c))
        .next()
        .unwrap_or_default()
}

/// A node with a tag: the event starts at the node's first property, the
/// tag or an anchor (`&a !x`) before it (at byte `at`), so find the tag
/// from there.
fn tag_error(text: &str, mut at: usize) -> Diagnostic {
    let bytes = text.as_bytes();
    if bytes.get(at) == Some(&b'&') {
        // Skip the anchor's name, then the spaces, line breaks and comments after it.
        while at < bytes.len() && !b" \t\r\n,[]{}".contains(&bytes[at]) {
            at += 1;
        }
        while at < bytes.len() && bytes[at] != b'!' {
            if bytes[at] == b'#' {
                while at < bytes.len() && !b"\r\n".contains(&bytes[at]) {
                    at += 1;
                }
            } else {
                at += 1;
            }
        }
    }
    let tag: String = text[at.min(text.len())..]
        .chars()
        .take_while(|&c| !c.is_whitespace() && !",[]{}".contains(c))
        .take(40)
        .collect();
    Diagnostic::unattached(
        Code::YamlSyntax,
        yaml_pos_at(text, at),
        format!("YAML syntax error: the tag `{tag}` is not used in compgap files: remove it"),
    )
}

/// The column (1-based) of the first tab in the indentation of line
/// `line` (1-based) of `text`, if it is indented with one.
fn tab_in_indentation(text: &str, line: u32) -> Option<u32> {
    let l = text.split('\n').nth(line.saturating_sub(1) as usize)?;
    let at = l
        .bytes()
        .take_while(|&b| b == b' ' || b == b'\t')
        .position(|b| b == b'\t')?;
    u32::try_from(at + 1).ok()
}

/// `pos`, or the end of the text if it points past it, so that editors
/// and annotations find the line.
fn within(text: &str, pos: Pos) -> Pos {
    let end = yaml_pos_at(text, text.len());
    if pos.line > end.line { end } else { pos }
}

/// In the double-quoted scalar that opens at byte `at`, the byte offset
/// of the first escape YAML does not know (`\q`, `\x4` and a `\` at the
/// end of the text), and the escape as written.
fn bad_escape(text: &str, at: usize) -> Option<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = at + 1;
    while i < bytes.len() && bytes[i] != b'"' {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let digits = match bytes.get(i + 1) {
            Some(b'x') => 2,
            Some(b'u') => 4,
            Some(b'U') => 8,
            Some(b'0' | b'a' | b'b' | b't' | b'\t' | b'n' | b'v' | b'f' | b'r' | b'e' | b' ')
            | Some(b'"' | b'/' | b'\\' | b'N' | b'_' | b'L' | b'P' | b'\n' | b'\r') => 0,
            _ => {
                let end = text[i + 1..]
                    .chars()
                    .next()
                    .map_or(i + 1, |c| i + 1 + c.len_utf8());
                return Some((i, &text[i..end]));
            }
        };
        let hex = bytes[i + 2..]
            .iter()
            .take(digits)
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        if hex < digits {
            return Some((i, &text[i..i + 2 + hex]));
        }
        i += 2 + digits;
    }
    None
}

fn syntax_error(e: &ScanError, text: &str, open: &[Open]) -> Diagnostic {
    let pos = within(text, pos_of(*e.marker()));
    let info = e.info();
    if let Some(column) = tab_in_indentation(text, pos.line) {
        return Diagnostic::unattached(
            Code::YamlSyntax,
            Pos::new(pos.line, column),
            "YAML syntax error: this line is indented with a tab: indent with spaces, not tabs"
                .to_string(),
        );
    }
    let at = Offsets::new(text).byte(*e.marker());
    if info == "recursion limit exceeded" {
        // The parser looks ahead past every `[` and `{` that may start a
        // key, so it stops at the 256th before the builder sees the 17th:
        // the text before the 256th shows where the builder's limit is.
        let mut builder = Builder::default();
        if let Some(d) = read(&text[..at], &mut builder)
            .err()
            .filter(|d| d.code == Code::YamlLimit)
        {
            return d;
        }
        return Diagnostic::unattached(
            Code::YamlLimit,
            pos,
            format!(
                "nesting is deeper than {MAX_DEPTH} levels, far more than the format needs: flatten this value"
            ),
        );
    }
    if info.ends_with("found unknown anchor") {
        return Diagnostic::unattached(
            Code::YamlSyntax,
            pos,
            format!(
                "alias `*{}` names no anchor defined before it",
                alias_name(text, at)
            ),
        );
    }
    // The parser points a bad escape at the opening quote: point at the escape.
    if info.starts_with("while parsing a quoted scalar") {
        if let Some((at, escape)) = bad_escape(text, at).filter(|_| text[at..].starts_with('"')) {
            return Diagnostic::unattached(
                Code::YamlSyntax,
                yaml_pos_at(text, at),
                format!(
                    "YAML syntax error: `{escape}` is not an escape YAML knows: write `\\\\` for a backslash, or put the value in single quotes"
                ),
            );
        }
    }
    // `while parsing a flow mapping, did not find …`: the problem, then
    // what was being read, and where it began if that is another line.
    let (problem, context) = match info.split_once(", ") {
        Some((context, problem)) if context.starts_with("while ") => (problem, Some(context)),
        _ => (info, None),
    };
    let mut message = format!("YAML syntax error: {problem}");
    if let Some(context) = context {
        let collection = ["mapping", "sequence", "collection"]
            .iter()
            .any(|w| context.contains(w));
        match open.last() {
            Some(o) if collection && o.pos.line != pos.line => message.push_str(&format!(
                " ({context} started at line {}, column {})",
                o.pos.line, o.pos.column
            )),
            _ => message.push_str(&format!(" ({context})")),
        }
    }
    if info.contains("tab") {
        message.push_str(": indent with spaces, not tabs");
    } else {
        message.push_str(": check the indentation and quoting on this line and the one before");
    }
    Diagnostic::unattached(Code::YamlSyntax, pos, message)
}
