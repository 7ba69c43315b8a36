//! The complete reader: libyaml's state machine (`libyaml-safer`, in safe
//! Rust) turned into [`Builder`] calls. It reads every YAML construct and
//! gives the syntax errors their messages and positions.

use super::builder::Builder;
use super::{QuietPanics, pos_at_byte};
use crate::diag::{Code, Diagnostic, Pos};
use libyaml_safer::{EventData, Parser, ScalarStyle};

fn pos_of(mark: libyaml_safer::Mark) -> Pos {
    Pos::new(
        u32::try_from(mark.line + 1).unwrap_or(u32::MAX),
        u32::try_from(mark.column + 1).unwrap_or(u32::MAX),
    )
}

/// Read `bytes` (UTF-8, ending with a line break) into `builder`; `read`
/// follows how far the parser got (the byte offset after its last event),
/// for [`tag_before_comma`] after a parser panic.
pub fn read(
    bytes: &[u8],
    builder: &mut Builder,
    read: &std::cell::Cell<usize>,
) -> Result<(), Diagnostic> {
    let mut input = bytes;
    let mut parser = Parser::new();
    parser.set_input_string(&mut input);
    let mut documents = 0usize;
    loop {
        let event = parser.parse().map_err(|e| syntax_error(&e, bytes))?;
        read.set(usize::try_from(event.end_mark.index).unwrap_or(usize::MAX));
        let pos = pos_of(event.start_mark);
        let last = matches!(event.data, EventData::StreamEnd);
        match event.data {
            EventData::StreamStart { .. }
            | EventData::DocumentEnd { .. }
            | EventData::StreamEnd => {}
            EventData::DocumentStart { .. } => {
                documents += 1;
                if documents > 1 {
                    return Err(Diagnostic::error(
                        Code::YamlSyntax,
                        pos,
                        "a second YAML document (`---`) starts here; put one role, person or catalog per file".to_string(),
                    ));
                }
            }
            EventData::Alias { anchor } => builder.alias(pos, &anchor)?,
            EventData::Scalar {
                anchor,
                value,
                style,
                ..
            } => builder.scalar(pos, value, style == ScalarStyle::Plain, anchor)?,
            EventData::SequenceStart { anchor, .. } => builder.start(pos, false, anchor)?,
            EventData::MappingStart { anchor, .. } => builder.start(pos, true, anchor)?,
            EventData::SequenceEnd | EventData::MappingEnd => builder.end(),
        }
        if last {
            return Ok(());
        }
    }
}

/// True if line `line` (1-based) of `bytes` is indented with a tab.
fn tab_indented(bytes: &[u8], line: u32) -> bool {
    bytes
        .split(|&b| b == b'\n')
        .nth(line.saturating_sub(1) as usize)
        .is_some_and(|l| {
            l.iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .any(|&b| b == b'\t')
        })
}

/// `pos`, or the end of the text if libyaml points past it (it does at an
/// unexpected end of file), so that editors and annotations find the line.
pub fn within(bytes: &[u8], pos: Pos) -> Pos {
    let end = pos_at_byte(bytes, bytes.len());
    if pos.line > end.line { end } else { pos }
}

fn syntax_error(e: &libyaml_safer::Error, bytes: &[u8]) -> Diagnostic {
    let pos = within(bytes, e.problem_mark().map_or(Pos::new(1, 1), pos_of));
    if tab_indented(bytes, pos.line) {
        return Diagnostic::error(
            Code::YamlSyntax,
            pos,
            "YAML syntax error: this line is indented with a tab: indent with spaces, not tabs"
                .to_string(),
        );
    }
    let mut message = format!("YAML syntax error: {}", e.problem());
    if let Some(context) = e.context() {
        match e.context_mark().map(pos_of) {
            Some(start) if start.line != pos.line => message.push_str(&format!(
                " ({context} started at line {}, column {})",
                start.line, start.column
            )),
            _ => message.push_str(&format!(" ({context})")),
        }
    }
    if e.problem().contains("tab") {
        message.push_str(": indent with spaces, not tabs");
    } else {
        message.push_str(": check the indentation and quoting on this line and the one before");
    }
    Diagnostic::error(Code::YamlSyntax, pos, message)
}

/// libyaml (as of libyaml-safer 0.3) panics on a tag followed directly by
/// `,` inside `[…]` or `{…}`, such as `[!x, y]`. After a panic, find the
/// tag among the `!tag,` from byte `from` (where the parser's last event
/// ended): the first for which the text up to its `,` makes the parser
/// panic too. Whether a prefix panics only grows with its length, so after
/// trying the first candidate the rest are searched by halving.
pub fn tag_before_comma(bytes: &[u8], from: usize) -> Option<Diagnostic> {
    let uri = |b: u8| b.is_ascii_alphanumeric() || b"-_;/?:@&=+$.%!~*'()".contains(&b);
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    // Each scan is remembered, so that a run of `!` stays linear.
    let mut uri_end = 0;
    let mut next_gt: Option<Option<usize>> = None;
    for at in (from.min(bytes.len())..bytes.len()).filter(|&i| bytes[i] == b'!') {
        let end = if bytes.get(at + 1) == Some(&b'<') {
            if next_gt.is_none_or(|g| g.is_some_and(|g| g < at)) {
                next_gt = Some(bytes[at..].iter().position(|&c| c == b'>').map(|n| at + n));
            }
            next_gt.flatten().map(|g| g + 1)
        } else {
            if uri_end <= at {
                uri_end = at + 1 + bytes[at + 1..].iter().take_while(|&&c| uri(c)).count();
            }
            Some(uri_end)
        };
        if let Some(end) = end.filter(|&e| bytes.get(e) == Some(&b',')) {
            // `!!x,` is one tag: keep its first `!`.
            if candidates.last().is_none_or(|&(_, e)| e != end) {
                candidates.push((at, end));
            }
        }
    }
    let panics = |&(_, end): &(usize, usize)| parser_panics(&[&bytes[..=end], b"\n"].concat());
    let found = match candidates.first() {
        Some(first) if panics(first) => 0,
        Some(_) => {
            // The first candidate whose prefix panics (the last one must).
            let rest = &candidates[1..];
            let n = rest.partition_point(|c| !panics(c));
            if n == rest.len() {
                return None;
            }
            n + 1
        }
        None => return None,
    };
    let (at, end) = candidates[found];
    let tag = String::from_utf8_lossy(&bytes[at..end]);
    Some(Diagnostic::error(
        Code::YamlSyntax,
        pos_at_byte(bytes, at),
        format!(
            "YAML syntax error: the tag `{tag}` is followed directly by `,`: remove the tag (compgap files need none), or put a space before the `,`"
        ),
    ))
}

/// True if libyaml panics while reading `text` (events only, no tree).
fn parser_panics(text: &[u8]) -> bool {
    let _quiet = QuietPanics::enter();
    std::panic::catch_unwind(|| {
        let mut input = text;
        let mut parser = Parser::new();
        parser.set_input_string(&mut input);
        while let Ok(event) = parser.parse() {
            if event.data == EventData::StreamEnd {
                break;
            }
        }
    })
    .is_err()
}
