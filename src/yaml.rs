//! The YAML layer: the only module that knows which YAML crate is in use.
//!
//! Input is parsed event by event (libyaml's state machine, in safe Rust)
//! into a small tree of [`Node`]s that keeps the line and column of every
//! key and value, so that each later diagnostic can point at the offending
//! text. The tree is built with hard limits: file size, nesting depth,
//! alias expansion, scalar length and a single document per file. Keys are
//! kept as written (`5.10` stays the string `5.10`); duplicate keys are
//! reported, never silently merged.
//!
//! Output (`catalog export --format yaml`) goes through `serde_yaml_ng`,
//! also from here.

use crate::diag::{Code, Diagnostic, Pos};
use libyaml_safer::{EventData, Parser, ScalarStyle};
use std::collections::HashMap;

/// Largest input file accepted, in bytes (8 MiB).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest nesting of mappings and sequences accepted. The formats need 5.
pub const MAX_DEPTH: usize = 16;
/// Longest single scalar accepted, in bytes.
pub const MAX_SCALAR_BYTES: usize = 64 * 1024;

/// One YAML value with the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

/// What a [`Node`] holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A scalar, exactly as written; `plain` is false for quoted or block scalars.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The scalar text, if this node is a scalar.
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// True for a plain `~`, `null`, `Null`, `NULL` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// A short name of the node's type, for "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar { .. } if self.is_null() => "nothing (null)",
            Kind::Scalar { .. } => "a scalar",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

fn pos_of(mark: libyaml_safer::Mark) -> Pos {
    Pos::new(
        u32::try_from(mark.line + 1).unwrap_or(u32::MAX),
        u32::try_from(mark.column + 1).unwrap_or(u32::MAX),
    )
}

/// Position (1-based line and column, in characters) of byte `offset` in `text`.
fn pos_at_byte(bytes: &[u8], offset: usize) -> Pos {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Pos::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

enum Frame {
    Seq(Pos, Vec<Node>, Option<String>),
    /// Position, entries, anchor, the key waiting for its value, and an
    /// index of the scalar keys (see [`KEY_INDEX_FROM`]).
    Map(
        Pos,
        Vec<(Node, Node)>,
        Option<String>,
        Option<Node>,
        Option<HashMap<String, Pos>>,
    ),
}

/// A mapping with this many entries gets an index of its keys, so that
/// looking for a duplicate stays fast in a mapping of any size.
const KEY_INDEX_FROM: usize = 16;

/// Parse one YAML document into a [`Node`] tree.
///
/// Every problem found is returned as a [`Diagnostic`] (without a file
/// name; the caller adds it). On a syntax error or a limit the tree is
/// `None`; duplicate keys are reported but the tree is still returned (with
/// the first occurrence kept) so that the rest of the file can be checked.
pub fn parse(bytes: &[u8]) -> (Option<Node>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        diags.push(Diagnostic::error(
            Code::TooLarge,
            Pos::new(1, 1),
            format!(
                "file is {} bytes; the limit is {MAX_FILE_BYTES} bytes (8 MiB): split it into smaller files",
                bytes.len()
            ),
        ));
        return (None, diags);
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        diags.push(Diagnostic::error(
            Code::InvalidUtf8,
            pos_at_byte(bytes, e.valid_up_to()),
            "file is not valid UTF-8: save it as UTF-8 text".to_string(),
        ));
        return (None, diags);
    }
    if bytes.contains(&0) {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        diags.push(Diagnostic::error(
            Code::InvalidUtf8,
            pos_at_byte(bytes, at),
            "file contains a NUL byte, so it is not a text file: save it as UTF-8 text".to_string(),
        ));
        return (None, diags);
    }
    // The parser reads past the end of some unterminated constructs (a
    // block scalar or an escape in a quoted string at the very end of the
    // file) unless the text ends with a line break, so give it one.
    let owned;
    let text = if bytes.last().is_some_and(|&b| b != b'\n') {
        owned = [bytes, b"\n"].concat();
        &owned[..]
    } else {
        bytes
    };
    // Whatever the parser still trips over becomes a syntax error, not a crash.
    // `read` is how far the parser got: the byte offset after its last event.
    let read = std::cell::Cell::new(0);
    let built = {
        let _quiet = QuietPanics::enter();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut found = Vec::new();
            build(text, &mut found, &read).map(|node| (node, found))
        }))
    };
    match built {
        Ok(Ok((mut node, found))) => {
            diags.extend(found);
            if text.len() > bytes.len() {
                // An empty value at the end sits on the line break added above.
                if let Some(node) = node.as_mut() {
                    clamp(node, pos_at_byte(bytes, bytes.len()));
                }
            }
            (node, diags)
        }
        Ok(Err(d)) => {
            diags.push(within_diag(bytes, d));
            (None, diags)
        }
        Err(_) => {
            diags.push(tag_before_comma(bytes, read.get()).unwrap_or_else(|| {
                Diagnostic::error(
                    Code::YamlSyntax,
                    Pos::new(1, 1),
                    "YAML syntax error: the parser cannot read this file: check its quoting, tags and indentation"
                        .to_string(),
                )
            }));
            (None, diags)
        }
    }
}

/// libyaml (as of libyaml-safer 0.3) panics on a tag followed directly by
/// `,` inside `[…]` or `{…}`, such as `[!x, y]`. After a panic, find the
/// tag among the `!tag,` from byte `from` (where the parser's last event
/// ended): the first for which the text up to its `,` makes the parser
/// panic too. Whether a prefix panics only grows with its length, so after
/// trying the first candidate the rest are searched by halving.
fn tag_before_comma(bytes: &[u8], from: usize) -> Option<Diagnostic> {
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

/// Move the nodes that start past `end` (the end of the text) to `end`.
fn clamp(node: &mut Node, end: Pos) {
    if node.pos > end {
        node.pos = end;
    }
    match &mut node.kind {
        Kind::Scalar { .. } => {}
        Kind::Seq(items) => items.iter_mut().for_each(|n| clamp(n, end)),
        Kind::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            clamp(k, end);
            clamp(v, end);
        }),
    }
}

/// A syntax error at the line break added to the end of the text is
/// reported at the end of the text as written.
fn within_diag(bytes: &[u8], mut d: Diagnostic) -> Diagnostic {
    d.pos = within(bytes, d.pos);
    d
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks the current thread as inside the parser, where a panic is caught
/// and reported as a diagnostic, so the panic hook stays silent.
struct QuietPanics(bool);

impl QuietPanics {
    fn enter() -> Self {
        Self(QUIET.with(|q| q.replace(true)))
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        QUIET.with(|q| q.set(self.0));
    }
}

/// True while the current thread is inside [`parse`]; a panic hook uses it
/// to keep quiet about the parser panics that [`parse`] turns into errors.
pub fn in_parser() -> bool {
    QUIET.with(std::cell::Cell::get)
}

fn build(
    bytes: &[u8],
    diags: &mut Vec<Diagnostic>,
    read: &std::cell::Cell<usize>,
) -> Result<Option<Node>, Diagnostic> {
    let mut input = bytes;
    let mut parser = Parser::new();
    parser.set_input_string(&mut input);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<String, Node> = HashMap::new();
    let mut root: Option<Node> = None;
    let mut documents = 0usize;
    // Nodes written in the file, and nodes added by expanding aliases.
    let mut written = 0usize;
    let mut expanded = 0usize;

    loop {
        let event = parser.parse().map_err(|e| syntax_error(&e, bytes))?;
        read.set(usize::try_from(event.end_mark.index).unwrap_or(usize::MAX));
        let pos = pos_of(event.start_mark);
        let (node, anchor) = match event.data {
            EventData::StreamStart { .. } => continue,
            EventData::StreamEnd => break,
            EventData::DocumentStart { .. } => {
                documents += 1;
                if documents > 1 {
                    return Err(Diagnostic::error(
                        Code::YamlSyntax,
                        pos,
                        "a second YAML document (`---`) starts here; put one role, person or catalog per file".to_string(),
                    ));
                }
                continue;
            }
            EventData::DocumentEnd { .. } => continue,
            EventData::Alias { anchor } => {
                let Some(target) = anchors.get(&anchor) else {
                    return Err(Diagnostic::error(
                        Code::YamlSyntax,
                        pos,
                        format!("alias `*{anchor}` names no anchor defined before it"),
                    ));
                };
                expanded += count_nodes(target);
                if expanded > written.max(64) {
                    return Err(Diagnostic::error(
                        Code::YamlLimit,
                        pos,
                        format!(
                            "aliases expand to more nodes ({expanded}) than the file itself holds ({written}); write the values out instead of repeating `*{anchor}`"
                        ),
                    ));
                }
                let mut node = target.clone();
                node.pos = pos;
                (node, None)
            }
            EventData::Scalar {
                anchor,
                value,
                style,
                ..
            } => {
                written += 1;
                if value.len() > MAX_SCALAR_BYTES {
                    return Err(Diagnostic::error(
                        Code::YamlLimit,
                        pos,
                        format!(
                            "value is {} bytes long; the limit is {MAX_SCALAR_BYTES} bytes: shorten it",
                            value.len()
                        ),
                    ));
                }
                let plain = style == ScalarStyle::Plain;
                (
                    Node {
                        pos,
                        kind: Kind::Scalar { text: value, plain },
                    },
                    anchor,
                )
            }
            data @ (EventData::SequenceStart { .. } | EventData::MappingStart { .. }) => {
                written += 1;
                if stack.len() >= MAX_DEPTH {
                    return Err(Diagnostic::error(
                        Code::YamlLimit,
                        pos,
                        format!(
                            "nesting is deeper than {MAX_DEPTH} levels, far more than the format needs: flatten this value"
                        ),
                    ));
                }
                let frame = match data {
                    EventData::SequenceStart { anchor, .. } => Frame::Seq(pos, Vec::new(), anchor),
                    EventData::MappingStart { anchor, .. } => {
                        Frame::Map(pos, Vec::new(), anchor, None, None)
                    }
                    _ => continue,
                };
                stack.push(frame);
                continue;
            }
            EventData::SequenceEnd | EventData::MappingEnd => match stack.pop() {
                Some(Frame::Seq(p, items, anchor)) => (
                    Node {
                        pos: p,
                        kind: Kind::Seq(items),
                    },
                    anchor,
                ),
                Some(Frame::Map(p, entries, anchor, _, _)) => (
                    Node {
                        pos: p,
                        kind: Kind::Map(entries),
                    },
                    anchor,
                ),
                None => continue,
            },
        };
        if let Some(name) = anchor {
            anchors.insert(name, node.clone());
        }
        push_node(&mut stack, &mut root, node, diags);
    }
    Ok(root)
}

fn push_node(
    stack: &mut [Frame],
    root: &mut Option<Node>,
    node: Node,
    diags: &mut Vec<Diagnostic>,
) {
    match stack.last_mut() {
        None => *root = Some(node),
        Some(Frame::Seq(_, items, _)) => items.push(node),
        Some(Frame::Map(_, entries, _, pending, index)) => match pending.take() {
            None => *pending = Some(node),
            Some(key) => {
                let duplicate = key.as_scalar().and_then(|k| match index {
                    Some(index) => index.get(k).copied(),
                    None => entries
                        .iter()
                        .find(|(prev, _)| prev.as_scalar() == Some(k))
                        .map(|(prev, _)| prev.pos),
                });
                match duplicate {
                    Some(first) => diags.push(Diagnostic::error(
                        Code::DuplicateKey,
                        key.pos,
                        format!(
                            "duplicate key `{}` (first written at line {}): keep one of them",
                            key.as_scalar().unwrap_or_default(),
                            first.line
                        ),
                    )),
                    None => {
                        if index.is_none() && entries.len() >= KEY_INDEX_FROM {
                            // The keys so far are distinct: index them once.
                            *index = Some(
                                entries
                                    .iter()
                                    .filter_map(|(k, _)| Some((k.as_scalar()?.to_string(), k.pos)))
                                    .collect(),
                            );
                        }
                        if let (Some(index), Some(k)) = (index.as_mut(), key.as_scalar()) {
                            index.insert(k.to_string(), key.pos);
                        }
                        entries.push((key, node));
                    }
                }
            }
        },
    }
}

fn count_nodes(node: &Node) -> usize {
    match &node.kind {
        Kind::Scalar { .. } => 1,
        Kind::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Kind::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| count_nodes(k) + count_nodes(v))
                .sum::<usize>()
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
fn within(bytes: &[u8], pos: Pos) -> Pos {
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

/// Serialize a value as YAML text (for exports).
pub fn to_string<T: serde::Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_yaml_ng::to_string(value)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(s: &str) -> Node {
        let (node, diags) = parse(s.as_bytes());
        assert!(diags.is_empty(), "{diags:?}");
        node.expect("a document")
    }

    #[test]
    fn keys_are_kept_as_written() {
        let node = parse_ok("5.10: 3\n5.1: 2\n");
        let Kind::Map(entries) = node.kind else {
            panic!("map")
        };
        assert_eq!(entries[0].0.as_scalar(), Some("5.10"));
        assert_eq!(entries[1].0.as_scalar(), Some("5.1"));
    }

    #[test]
    fn positions_are_one_based() {
        let node = parse_ok("a:\n  b: c\n");
        let Kind::Map(entries) = node.kind else {
            panic!("map")
        };
        let Kind::Map(inner) = &entries[0].1.kind else {
            panic!("map")
        };
        assert_eq!(inner[0].0.pos, Pos::new(2, 3));
        assert_eq!(inner[0].1.pos, Pos::new(2, 6));
    }

    #[test]
    fn duplicate_keys_are_reported_at_the_second() {
        let (node, diags) = parse(b"a: 1\nb: 2\na: 3\n");
        assert!(node.is_some());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::DuplicateKey);
        assert_eq!(diags[0].pos, Pos::new(3, 1));
    }

    #[test]
    fn duplicate_keys_in_a_large_mapping_are_found_like_in_a_small_one() {
        let mut s: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        s.push_str("k3: again\nk39: again\nk40: new\nk40: twice\n");
        let (node, diags) = parse(s.as_bytes());
        let Some(Node {
            kind: Kind::Map(entries),
            ..
        }) = node
        else {
            panic!("map")
        };
        assert_eq!(entries.len(), 41);
        assert_eq!(entries[3].1.as_scalar(), Some("3"), "the first is kept");
        let messages: Vec<_> = diags
            .iter()
            .map(|d| (d.pos.line, d.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    41,
                    "duplicate key `k3` (first written at line 4): keep one of them"
                ),
                (
                    42,
                    "duplicate key `k39` (first written at line 40): keep one of them"
                ),
                (
                    44,
                    "duplicate key `k40` (first written at line 43): keep one of them"
                ),
            ]
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..10 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            s.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let (node, diags) = parse(s.as_bytes());
        assert!(node.is_none());
        assert_eq!(diags[0].code, Code::YamlLimit);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = "[".repeat(10_000) + &"]".repeat(10_000);
        let (node, diags) = parse(s.as_bytes());
        assert!(node.is_none());
        assert_eq!(diags[0].code, Code::YamlLimit);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let (node, diags) = parse(b"a: 1\nb: \xff\n");
        assert!(node.is_none());
        assert_eq!(diags[0].code, Code::InvalidUtf8);
        assert_eq!(diags[0].pos, Pos::new(2, 4));
    }

    #[test]
    fn a_tab_in_the_indentation_is_named() {
        let (node, diags) = parse(b"a:\n\tb: 1\n");
        assert!(node.is_none());
        assert_eq!(diags[0].pos, Pos::new(2, 1));
        assert!(
            diags[0].message.contains("indented with a tab"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn an_error_at_the_end_of_the_file_stays_inside_it() {
        let (node, diags) = parse(b"a: 1\n[");
        assert!(node.is_none());
        assert_eq!(diags[0].code, Code::YamlSyntax);
        assert_eq!(diags[0].pos, Pos::new(2, 2));
    }

    #[test]
    fn a_block_scalar_at_the_end_without_a_line_break_is_read() {
        let node = parse_ok("a: |\n  x");
        let Kind::Map(entries) = node.kind else {
            panic!("map")
        };
        assert_eq!(entries[0].1.as_scalar(), Some("x\n"));
    }

    #[test]
    fn an_escape_cut_off_by_the_end_of_the_file_is_a_syntax_error() {
        let (node, diags) = parse(b"a: \"\\");
        assert!(node.is_none());
        assert_eq!(diags[0].code, Code::YamlSyntax);
        assert_eq!(diags[0].pos, Pos::new(1, 6));
    }

    #[test]
    fn a_tag_followed_by_a_comma_is_a_located_syntax_error() {
        for (text, pos, tag) in [
            ("[!s8max_ise,d 01]\n", Pos::new(1, 2), "!s8max_ise"),
            (
                "a: 1\nb: [\"!x, y\", 'z !w,', !t,u]\n",
                Pos::new(2, 23),
                "!t",
            ),
            ("k: {a: !<tag:x>, b: 1}\n", Pos::new(1, 8), "!<tag:x>"),
            (
                "[.1- t&, (<<: n: 2:\" 2:  2: !(7&, ll: \n",
                Pos::new(1, 29),
                "!(7&",
            ),
            (
                "[a!b, c!d, e!f, g!h, i!j, k!l, m!n, o!p, q!r, !s,]\n",
                Pos::new(1, 47),
                "!s",
            ),
            (
                "- {kind:'q, n: ware[!s8,}[p, d: 1}\n",
                Pos::new(1, 21),
                "!s8",
            ),
        ] {
            let (node, diags) = parse(text.as_bytes());
            assert!(node.is_none());
            assert_eq!(diags.len(), 1, "{text}: {diags:?}");
            assert_eq!(diags[0].code, Code::YamlSyntax);
            assert_eq!(diags[0].pos, pos, "{text}");
            assert!(
                diags[0]
                    .message
                    .contains(&format!("the tag `{tag}` is followed directly by `,`")),
                "{}",
                diags[0].message
            );
        }
    }

    #[test]
    fn an_empty_value_at_the_end_without_a_line_break_stays_inside_the_file() {
        let (node, diags) = parse(b"---");
        assert!(diags.is_empty());
        assert_eq!(node.map(|n| n.pos), Some(Pos::new(1, 4)));
        let node = parse_ok("a: 1\nb:");
        let Kind::Map(entries) = node.kind else {
            panic!("map")
        };
        assert!(entries[1].1.is_null());
        assert_eq!(entries[1].1.pos.line, 2);
    }

    #[test]
    fn second_document_is_refused() {
        let (node, diags) = parse(b"a: 1\n---\nb: 2\n");
        assert!(node.is_none());
        assert_eq!(diags[0].code, Code::YamlSyntax);
        assert_eq!(diags[0].pos.line, 2);
    }
}
