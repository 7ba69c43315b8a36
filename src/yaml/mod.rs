//! The YAML layer: the only module that knows which YAML crate is in use.
//!
//! Input is read into a small tree of [`Node`]s that keeps the line and
//! column of every key and value, so that each later diagnostic can point
//! at the offending text. The tree is built ([`builder`]) with hard limits:
//! file size, nesting depth, alias expansion, scalar length and a single
//! document per file. Keys are kept as written (`5.10` stays the string
//! `5.10`); duplicate keys are reported, never silently merged.
//!
//! Two readers feed the builder. [`fast`] reads the plain block YAML that
//! role and assessment files are almost always written in (block mappings
//! and lists, one-line flow collections, plain and simply quoted scalars,
//! comments) several times faster than a general parser, and declines
//! anything else. [`events`] — the YAML 1.2 parser `saphyr-parser`, safe
//! Rust without `unsafe` — reads every file the fast reader declines, and
//! every file with an error, so that each syntax error gets one reader's
//! message and position. The two give the same tree for every file the
//! fast reader accepts (a property test and the `readers` fuzz target hold
//! them to it). Neither is expected to panic, so nothing here catches a
//! panic: one would be a bug to fix, found by the fuzz targets.
//!
//! compgap's formats use no tags: a tag (`!x`, `!!str`) is a syntax error
//! at the tag. A bad escape in a double-quoted value (`"\q"`, `"\x4"`, a
//! `\` at the very end) is reported at its backslash.
//!
//! Output (`catalog export --format yaml`) is written by [`emit`], also
//! from here.

mod builder;
mod emit;
mod events;
mod fast;

use crate::diag::{Code, Diagnostic, Pos};
use builder::Builder;

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

/// Position of byte `offset` of `text` as YAML counts lines (`\r\n`, `\n`
/// and a lone `\r` each end one) and columns (in characters).
fn yaml_pos_at(text: &str, offset: usize) -> Pos {
    let before = &text[..offset.min(text.len())];
    let bytes = before.as_bytes();
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    let line_start = bytes
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    Pos::new(
        u32::try_from(breaks + 1).unwrap_or(u32::MAX),
        u32::try_from(before[line_start..].chars().count() + 1).unwrap_or(u32::MAX),
    )
}

/// Parse one YAML document into a [`Node`] tree.
///
/// Every problem found is returned as a [`Diagnostic`] (without a file
/// name; the caller adds it). On a syntax error or a limit the tree is
/// `None`; duplicate keys are reported but the tree is still returned (with
/// the first occurrence kept) so that the rest of the file can be checked.
pub fn parse(bytes: &[u8]) -> (Option<Node>, Vec<Diagnostic>) {
    parse_with(bytes, true)
}

/// [`parse`] with the complete reader only: the reference the fast reader
/// is held to (in tests and fuzzing).
pub fn parse_complete(bytes: &[u8]) -> (Option<Node>, Vec<Diagnostic>) {
    parse_with(bytes, false)
}

fn parse_with(bytes: &[u8], try_fast: bool) -> (Option<Node>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        diags.push(Diagnostic::unattached(
            Code::TooLarge,
            Pos::new(1, 1),
            format!(
                "file is {} bytes; the limit is {MAX_FILE_BYTES} bytes (8 MiB): split it into smaller files",
                bytes.len()
            ),
        ));
        return (None, diags);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            diags.push(Diagnostic::unattached(
                Code::InvalidUtf8,
                pos_at_byte(bytes, e.valid_up_to()),
                "file is not valid UTF-8: save it as UTF-8 text".to_string(),
            ));
            return (None, diags);
        }
    };
    if bytes.contains(&0) {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        diags.push(Diagnostic::unattached(
            Code::InvalidUtf8,
            pos_at_byte(bytes, at),
            "file contains a NUL byte, so it is not a text file: save it as UTF-8 text".to_string(),
        ));
        return (None, diags);
    }
    if try_fast {
        if let Some(tree) = fast::read(bytes) {
            return tree;
        }
    }
    let mut builder = Builder::default();
    match events::read(text, &mut builder) {
        Ok(()) => {
            let (mut node, mut found) = builder.finish();
            if !text.ends_with(['\n', '\r']) {
                // An empty value at the very end is placed on the line after it.
                let end = yaml_pos_at(text, text.len());
                if let Some(node) = node.as_mut() {
                    clamp(node, end);
                }
                for d in &mut found {
                    d.pos = d.pos.min(end);
                }
            }
            diags.extend(found);
            (node, diags)
        }
        Err(d) => {
            diags.push(d);
            (None, diags)
        }
    }
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

pub use emit::to_string;

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
    fn an_escape_cut_off_by_the_end_of_the_file_is_a_syntax_error_at_the_backslash() {
        let (node, diags) = parse(b"a: \"\\");
        assert!(node.is_none());
        assert_eq!(diags[0].code, Code::YamlSyntax);
        assert_eq!(diags[0].pos, Pos::new(1, 5));
    }

    /// `text` has no tree and one syntax error, at `pos`, saying `what`.
    fn assert_one_syntax_error(text: &str, pos: Pos, what: &str) {
        let (node, diags) = parse(text.as_bytes());
        assert!(node.is_none());
        assert_eq!(diags.len(), 1, "{text}: {diags:?}");
        assert_eq!(diags[0].code, Code::YamlSyntax);
        assert_eq!(diags[0].pos, pos, "{text}");
        assert!(diags[0].message.contains(what), "{}", diags[0].message);
    }

    #[test]
    fn a_bad_escape_is_located_at_its_backslash() {
        for (text, pos, escape) in [
            ("a: \"x\\qy\"\n", Pos::new(1, 6), "\\q"),
            ("a: 1\nb: \"\\t \\\" \\x4\"\n", Pos::new(2, 11), "\\x4"),
            ("a: \"ä\\ü\"\n", Pos::new(1, 6), "\\ü"),
        ] {
            assert_one_syntax_error(
                text,
                pos,
                &format!("`{escape}` is not an escape YAML knows"),
            );
        }
    }

    #[test]
    fn a_tag_is_a_located_syntax_error() {
        for (text, pos, tag) in [
            ("a: !!str 5\n", Pos::new(1, 4), "!!str"),
            ("a: &k !x 5\n", Pos::new(1, 7), "!x"),
            ("a: &k\n  # why\n  !x\n  b: 1\n", Pos::new(3, 3), "!x"),
            ("- !seq [a]\n", Pos::new(1, 3), "!seq"),
            ("--- !map\na: 1\n", Pos::new(1, 5), "!map"),
            ("[!x, y]\n", Pos::new(1, 2), "!x"),
            ("[!s8max_ise,d 01]\n", Pos::new(1, 2), "!s8max_ise"),
            (
                "a: 1\nb: [\"!x, y\", 'z !w,', !t,u]\n",
                Pos::new(2, 23),
                "!t",
            ),
            ("k: {a: !<tag:x>, b: 1}\n", Pos::new(1, 8), "!<tag:x>"),
            (
                "[a!b, c!d, e!f, g!h, i!j, k!l, m!n, o!p, q!r, !s,]\n",
                Pos::new(1, 47),
                "!s",
            ),
        ] {
            assert_one_syntax_error(
                text,
                pos,
                &format!("the tag `{tag}` is not used in compgap files"),
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
