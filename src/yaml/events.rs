//! The complete reader: libyaml's state machine (`libyaml-safer`, in safe
//! Rust) turned into [`Builder`] calls. It reads every YAML construct and
//! gives the syntax errors their messages and positions.

use super::builder::Builder;
use super::pos_at_byte;
use crate::diag::{Code, Diagnostic, Pos};
use libyaml_safer::{EventData, Parser, ScalarStyle};

fn pos_of(mark: libyaml_safer::Mark) -> Pos {
    Pos::new(
        u32::try_from(mark.line + 1).unwrap_or(u32::MAX),
        u32::try_from(mark.column + 1).unwrap_or(u32::MAX),
    )
}

/// Read `bytes` (UTF-8, ending with a line break) into `builder`.
pub fn read(bytes: &[u8], builder: &mut Builder) -> Result<(), Diagnostic> {
    let mut input = bytes;
    let mut parser = Parser::new();
    parser.set_input_string(&mut input);
    let mut documents = 0usize;
    loop {
        let event = parser.parse().map_err(|e| syntax_error(&e, bytes))?;
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
