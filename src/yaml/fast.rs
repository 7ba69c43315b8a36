//! The fast reader: plain block YAML, the way role and assessment files are
//! written, read line by line without a general parser.
//!
//! It reads one document made of block mappings with plain keys (`id:`,
//! `5.10:`), block lists (`- item`, `- key: value`), one-line flow
//! collections (`{level: 3}`, `[a, b]`), plain scalars, one-line quoted
//! scalars without escapes, blank lines and comments. On anything else —
//! anchors, aliases, tags, block scalars, multi-line scalars or flow
//! collections, escapes, complex keys, empty values, directives, several
//! documents, tabs, carriage returns, a byte-order mark, unusual
//! characters, any syntax error, any limit — it declines, and the complete
//! reader reads the file instead. It never reports a syntax error of its
//! own, so every message and position of an error comes from one reader.
//!
//! For every document it accepts it gives the tree the complete reader
//! gives: the same scalars (text and style), the same positions (the first
//! key of a block mapping, the `-` of a block list, the bracket of a flow
//! collection, the first character of a scalar or its opening quote).

use super::builder::Builder;
use super::{Diagnostic, Node};
use crate::diag::Pos;

/// The tree of `bytes`, or `None` to leave the file to the complete reader.
pub fn read(bytes: &[u8]) -> Option<(Option<Node>, Vec<Diagnostic>)> {
    let text = std::str::from_utf8(bytes).ok()?;
    if !plain_characters(text) {
        return None;
    }
    let lines = split_lines(text)?;
    let mut reader = Reader {
        text,
        lines,
        builder: Builder::default(),
    };
    let first = reader.next_content(0)?;
    if reader.lines[first].indent != 0 {
        return None;
    }
    let next = reader.block_node(first, 0)?;
    if reader.next_content(next).is_some() {
        return None;
    }
    let (root, diags) = reader.builder.finish();
    Some((Some(root?), diags))
}

/// Only line feeds and printable characters that YAML reads the same
/// way in every context: no tab, carriage return, byte-order mark, control
/// character or Unicode line separator.
fn plain_characters(text: &str) -> bool {
    if text.is_ascii() {
        return text
            .bytes()
            .all(|b| b == b'\n' || (0x20..0x7f).contains(&b));
    }
    text.chars().all(|c| match c {
        '\n' => true,
        ' '..='~' => true,
        '\u{2028}' | '\u{2029}' => false,
        '\u{a0}'..='\u{d7ff}' => true,
        '\u{e000}'..='\u{fffd}' => c != '\u{feff}',
        c => c >= '\u{10000}',
    })
}

/// One line of the text.
struct Line {
    /// Byte range in the text, without the line feed.
    start: usize,
    end: usize,
    /// Leading spaces.
    indent: usize,
    /// Holds something besides spaces and a comment.
    content: bool,
    /// Columns equal byte offsets.
    ascii: bool,
}

fn split_lines(text: &str) -> Option<Vec<Line>> {
    let mut lines = Vec::with_capacity(text.len() / 24 + 1);
    let mut start = 0;
    for raw in text.split('\n') {
        let end = start + raw.len();
        let indent = raw.bytes().take_while(|&b| b == b' ').count();
        let rest = &raw[indent..];
        let content = !(rest.is_empty() || rest.starts_with('#'));
        // Document markers and directives belong to the complete reader.
        if indent == 0
            && (rest.starts_with("---") || rest.starts_with("...") || rest.starts_with('%'))
        {
            return None;
        }
        lines.push(Line {
            start,
            end,
            indent,
            content,
            ascii: raw.is_ascii(),
        });
        start = end + 1;
    }
    Some(lines)
}

/// The characters that may not start a plain scalar (in either context;
/// in a flow collection, `-` followed by `,`, `[`, `]`, `{` or `}` neither).
fn starts_indicator(rest: &[u8], flow: bool) -> bool {
    match rest.first() {
        None => true,
        Some(b'-') => rest
            .get(1)
            .is_none_or(|&b| b == b' ' || (flow && b",[]{}".contains(&b))),
        Some(
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`',
        ) => true,
        Some(_) => false,
    }
}

/// Length of a plain key at the start of `rest` followed by `:` and a
/// space or the end of the line.
fn key_len(rest: &[u8]) -> Option<usize> {
    if !rest.first()?.is_ascii_alphanumeric() {
        return None;
    }
    let n = rest
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        .count();
    // YAML limits implicit keys to 1024 characters; ids are far shorter.
    (n <= 128 && rest.get(n) == Some(&b':') && rest.get(n + 1).is_none_or(|&b| b == b' '))
        .then_some(n)
}

struct Reader<'t> {
    text: &'t str,
    lines: Vec<Line>,
    builder: Builder,
}

impl<'t> Reader<'t> {
    fn line(&self, l: usize) -> &'t [u8] {
        let line = &self.lines[l];
        let text: &'t str = self.text;
        &text.as_bytes()[line.start..line.end]
    }

    /// The position of byte `col` of line `l`.
    fn pos(&self, l: usize, col: usize) -> Pos {
        let line = &self.lines[l];
        let column = if line.ascii {
            col
        } else {
            self.text[line.start..line.start + col].chars().count()
        };
        Pos::new(
            u32::try_from(l + 1).unwrap_or(u32::MAX),
            u32::try_from(column + 1).unwrap_or(u32::MAX),
        )
    }

    fn str_at(&self, l: usize, from: usize, to: usize) -> String {
        let start = self.lines[l].start;
        self.text[start + from..start + to].to_string()
    }

    /// The first line at or after `l` with content.
    fn next_content(&self, l: usize) -> Option<usize> {
        (l..self.lines.len()).find(|&i| self.lines[i].content)
    }

    /// After the value that ended at byte `col` of line `l`: nothing but
    /// spaces and a comment may follow. Returns the next line. (A deeper
    /// line after it, which would continue the value, is declined by
    /// [`Reader::sibling`].)
    fn end_of_line(&self, l: usize, col: usize) -> Option<usize> {
        let line = self.line(l);
        let after = Self::skip_spaces(line, col);
        (after == line.len() || (after > col && line[after] == b'#')).then_some(l + 1)
    }

    /// After a block entry that ended before line `next`: `Some(Some(n))`
    /// when line `n` holds the next entry at `indent`, `Some(None)` when the
    /// block ends, `None` (decline) when a line is indented deeper (a
    /// continued value, or bad indentation).
    fn sibling(&self, next: usize, indent: usize) -> Option<Option<usize>> {
        match self.next_content(next) {
            Some(n) if self.lines[n].indent == indent => Some(Some(n)),
            Some(n) if self.lines[n].indent > indent => None,
            _ => Some(None),
        }
    }

    /// A block node starting at byte `col` of line `l`; the line after it.
    fn block_node(&mut self, l: usize, col: usize) -> Option<usize> {
        let rest = &self.line(l)[col..];
        if rest.first() == Some(&b'-') && rest.get(1).is_none_or(|&b| b == b' ') {
            self.block_seq(l, col)
        } else if key_len(rest).is_some() {
            self.block_map(l, col)
        } else {
            None
        }
    }

    /// A block mapping whose first key is at byte `col` of line `l`.
    fn block_map(&mut self, first: usize, col: usize) -> Option<usize> {
        let indent = col;
        self.builder.start(self.pos(first, col), true, None).ok()?;
        let mut l = first;
        let mut next;
        loop {
            let line = self.line(l);
            let n = key_len(&line[indent..])?;
            let key = self.str_at(l, indent, indent + n);
            self.builder
                .scalar(self.pos(l, indent), key, true, None)
                .ok()?;
            let value = Self::skip_spaces(line, indent + n + 1);
            next = if value == line.len() || line[value] == b'#' {
                // The value is the block below, indented deeper.
                let below = self.next_content(l + 1)?;
                let deeper = self.lines[below].indent;
                if deeper <= indent {
                    return None;
                }
                self.block_node(below, deeper)?
            } else {
                let end = self.inline_value(l, value, false)?;
                self.end_of_line(l, end)?
            };
            match self.sibling(next, indent)? {
                Some(n) => l = n,
                None => break,
            }
        }
        self.builder.end();
        Some(next)
    }

    /// A block list whose first `-` is at byte `col` of line `l`.
    fn block_seq(&mut self, first: usize, col: usize) -> Option<usize> {
        let indent = col;
        self.builder.start(self.pos(first, col), false, None).ok()?;
        let mut l = first;
        let mut next;
        loop {
            let line = self.line(l);
            if line.get(indent) != Some(&b'-') || line.get(indent + 1) != Some(&b' ') {
                return None;
            }
            let item = Self::skip_spaces(line, indent + 1);
            let rest = &line[item..];
            if rest.is_empty() || rest[0] == b'#' || rest[0] == b'-' {
                return None;
            }
            next = if key_len(rest).is_some() {
                self.block_map(l, item)?
            } else {
                let end = self.inline_value(l, item, false)?;
                self.end_of_line(l, end)?
            };
            match self.sibling(next, indent)? {
                Some(n) => l = n,
                None => break,
            }
        }
        self.builder.end();
        Some(next)
    }

    /// A value on one line at byte `col`: a flow collection, a quoted or a
    /// plain scalar. Returns the byte after it.
    fn inline_value(&mut self, l: usize, col: usize, flow: bool) -> Option<usize> {
        let line = self.line(l);
        match line.get(col)? {
            b'[' => self.flow_seq(l, col),
            b'{' => self.flow_map(l, col),
            b'"' => self.double_quoted(l, col),
            b'\'' => self.single_quoted(l, col),
            _ => self.plain(l, col, flow),
        }
    }

    /// A plain scalar; in a flow collection it ends at `,`, `]` or `}`.
    fn plain(&mut self, l: usize, col: usize, flow: bool) -> Option<usize> {
        let line = self.line(l);
        if starts_indicator(&line[col..], flow) {
            return None;
        }
        let mut i = col;
        let mut end = col; // after the last non-space
        while i < line.len() {
            match line[i] {
                b' ' => {
                    if line.get(i + 1) == Some(&b'#') {
                        break;
                    }
                }
                b':' => {
                    // `: ` would start a mapping; in a flow collection any
                    // `:` inside a value is left to the complete reader.
                    let next = line.get(i + 1);
                    if flow
                        || next.is_none_or(|&b| {
                            matches!(b, b' ' | b',' | b'[' | b']' | b'{' | b'}' | b'?')
                        })
                    {
                        return None;
                    }
                    end = i + 1;
                }
                b',' | b']' | b'}' if flow => break,
                b'[' | b'{' if flow => return None,
                _ => end = i + 1,
            }
            i += 1;
        }
        if end == col {
            return None;
        }
        let text = self.str_at(l, col, end);
        self.builder
            .scalar(self.pos(l, col), text, true, None)
            .ok()?;
        Some(end)
    }

    /// `"…"` on one line, without escapes.
    fn double_quoted(&mut self, l: usize, col: usize) -> Option<usize> {
        let line = self.line(l);
        let len = line[col + 1..].iter().position(|&b| b == b'"')?;
        let inner = &line[col + 1..col + 1 + len];
        if inner.contains(&b'\\') {
            return None;
        }
        let text = self.str_at(l, col + 1, col + 1 + len);
        self.builder
            .scalar(self.pos(l, col), text, false, None)
            .ok()?;
        Some(col + len + 2)
    }

    /// `'…'` on one line, `''` for a quote.
    fn single_quoted(&mut self, l: usize, col: usize) -> Option<usize> {
        let line = self.line(l);
        let mut text = Vec::new();
        let mut i = col + 1;
        loop {
            match line.get(i)? {
                b'\'' if line.get(i + 1) == Some(&b'\'') => {
                    text.push(b'\'');
                    i += 2;
                }
                b'\'' => break,
                &b => {
                    text.push(b);
                    i += 1;
                }
            }
        }
        let text = String::from_utf8(text).ok()?;
        self.builder
            .scalar(self.pos(l, col), text, false, None)
            .ok()?;
        Some(i + 1)
    }

    /// Spaces from byte `i` of `line`; the first byte after them.
    fn skip_spaces(line: &[u8], mut i: usize) -> usize {
        while line.get(i) == Some(&b' ') {
            i += 1;
        }
        i
    }

    /// `[a, b]` on one line.
    fn flow_seq(&mut self, l: usize, col: usize) -> Option<usize> {
        self.builder.start(self.pos(l, col), false, None).ok()?;
        let mut i = Self::skip_spaces(self.line(l), col + 1);
        if self.line(l).get(i) == Some(&b']') {
            self.builder.end();
            return Some(i + 1);
        }
        loop {
            let end = self.inline_value(l, i, true)?;
            let line = self.line(l);
            i = Self::skip_spaces(line, end);
            match line.get(i)? {
                b',' => i = Self::skip_spaces(line, i + 1),
                b']' => break,
                _ => return None,
            }
        }
        self.builder.end();
        Some(i + 1)
    }

    /// `{key: value, …}` on one line, with plain keys.
    fn flow_map(&mut self, l: usize, col: usize) -> Option<usize> {
        self.builder.start(self.pos(l, col), true, None).ok()?;
        let mut i = Self::skip_spaces(self.line(l), col + 1);
        if self.line(l).get(i) == Some(&b'}') {
            self.builder.end();
            return Some(i + 1);
        }
        loop {
            let line = self.line(l);
            let n = key_len(&line[i..])?;
            if line.get(i + n + 1) != Some(&b' ') {
                return None;
            }
            let key = self.str_at(l, i, i + n);
            self.builder.scalar(self.pos(l, i), key, true, None).ok()?;
            let value = Self::skip_spaces(line, i + n + 1);
            let end = self.inline_value(l, value, true)?;
            let line = self.line(l);
            i = Self::skip_spaces(line, end);
            match line.get(i)? {
                b',' => i = Self::skip_spaces(line, i + 1),
                b'}' => break,
                _ => return None,
            }
        }
        self.builder.end();
        Some(i + 1)
    }
}

#[cfg(test)]
mod tests {
    //! The fast reader against the complete one, on every bundled file and
    //! on generated documents in and around the plain block subset.

    use super::read;
    use crate::yaml::parse_complete;
    use std::fmt::Write as _;
    use std::path::Path;

    /// The fast reader either declines or agrees with the complete reader.
    fn agrees(text: &str) -> bool {
        match read(text.as_bytes()) {
            None => false,
            Some(fast) => {
                let complete = parse_complete(text.as_bytes());
                assert_eq!(fast, complete, "the readers differ on:\n{text}");
                true
            }
        }
    }

    fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("folder").flatten() {
            let p = entry.path();
            if p.is_dir() {
                yaml_files(&p, out);
            } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(p);
            }
        }
    }

    #[test]
    fn every_bundled_file_reads_the_same_and_the_examples_read_fast() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["examples", "tests", "catalog"] {
            yaml_files(&root.join(dir), &mut files);
        }
        assert!(files.len() > 30, "found {} files", files.len());
        let mut fast = Vec::new();
        for f in &files {
            let text = String::from_utf8_lossy(&std::fs::read(f).expect("read")).into_owned();
            if agrees(&text) {
                fast.push(f.clone());
            }
        }
        // Every role and assessment of the sample organization takes the fast path.
        for f in files.iter().filter(|f| {
            let s = f.to_string_lossy();
            s.contains("examples/roles/") || s.contains("examples/people/")
        }) {
            assert!(fast.contains(f), "{} was not read fast", f.display());
        }
    }

    use crate::test_rng::Rng;

    /// Mostly one of the first `usual` of `from`, sometimes any.
    fn usual<'a>(rng: &mut Rng, from: &[&'a str], usual: usize) -> &'a str {
        if rng.one_in(12) {
            rng.pick(from)
        } else {
            rng.pick(&from[..usual])
        }
    }

    /// Keys: the usual ones first, then the unusual (picked rarely).
    const KEYS: &[&str] = &[
        "id", "name", "5.10", "5.1", "6.1.2", "a-b", "x_y", "level", "k", "true", "null", "8", "é",
        "a b", "-k", "?", "\"q\"", "'s'", "<<", "k:",
    ];
    const USUAL_KEYS: usize = 12;
    const PLAIN: &[&str] = &[
        "3",
        "-1",
        "foo",
        "Elif Yılmaz",
        "ISO/IEC 27001 Lead Implementer",
        "C#",
        "a #c",
        "x:y",
        "x: y",
        "a,b",
        "[x]",
        "{y}",
        "it's",
        "say \"hi\"",
        "~",
        "null",
        "2024-03-01",
        "ünïcödé",
        "日本語",
        "a  b",
        "tail ",
        "x:",
        "#",
        "&a",
        "*a",
        "!t",
        "|",
        ">",
        "%",
        "@x",
        "`x`",
        "?",
        ":",
        "-",
        "- x",
        "a\tb",
        "a\rb",
        "\u{feff}x",
        "a\u{85}b",
        "a\u{2028}b",
        "x\\y",
        "",
    ];
    const USUAL_PLAIN: usize = 21;
    const QUOTED: &[&str] = &[
        "\"plain\"",
        "\"with, comma: colon # hash\"",
        "\"\"",
        "\" padded \"",
        "\"esc\\n\"",
        "'single'",
        "'it''s'",
        "''",
        "' pad '",
        "'a\"b'",
        "\"open",
        "'open",
        "\"ünï\"",
    ];

    fn scalar(rng: &mut Rng, out: &mut String) {
        if rng.one_in(4) {
            out.push_str(rng.pick(QUOTED));
        } else {
            out.push_str(usual(rng, PLAIN, USUAL_PLAIN));
        }
    }

    fn spaces(rng: &mut Rng) -> &'static str {
        ["", " ", " ", "  "][rng.below(4)]
    }

    fn flow(rng: &mut Rng, depth: usize, out: &mut String) {
        let map = rng.one_in(2);
        out.push(if map { '{' } else { '[' });
        out.push_str(spaces(rng));
        let n = rng.below(4);
        for i in 0..n {
            if i > 0 {
                out.push(',');
                out.push_str(spaces(rng));
            }
            if map {
                out.push_str(usual(rng, KEYS, USUAL_KEYS));
                out.push_str([": ", ": ", ":", " : ", ":  "][rng.below(5)]);
            }
            if depth > 0 && rng.one_in(4) {
                flow(rng, depth - 1, out);
            } else {
                scalar(rng, out);
            }
            out.push_str(spaces(rng));
        }
        if rng.one_in(20) {
            out.push(',');
        }
        out.push(if map { '}' } else { ']' });
    }

    fn inline(rng: &mut Rng, depth: usize, out: &mut String) {
        if rng.one_in(3) {
            flow(rng, depth.min(2), out);
        } else {
            scalar(rng, out);
        }
        if rng.one_in(6) {
            out.push_str([" # note", "# tight", "  #", " x"][rng.below(4)]);
        }
    }

    fn filler(rng: &mut Rng, indent: usize, out: &mut String) {
        if rng.one_in(8) {
            out.push('\n');
        }
        if rng.one_in(10) {
            let pad = " ".repeat(indent + rng.below(3));
            let _ = writeln!(out, "{pad}# a comment");
        }
    }

    /// The indentation actually written: usually `indent`, sometimes off.
    fn indent_of(rng: &mut Rng, indent: usize) -> String {
        let n = match rng.below(30) {
            0 => indent + 1,
            1 => indent.saturating_sub(1),
            _ => indent,
        };
        " ".repeat(n)
    }

    fn block_map(rng: &mut Rng, indent: usize, depth: usize, first_inline: bool, out: &mut String) {
        let n = 1 + rng.below(4);
        for i in 0..n {
            if i > 0 || !first_inline {
                filler(rng, indent, out);
                out.push_str(&indent_of(rng, indent));
            }
            out.push_str(usual(rng, KEYS, USUAL_KEYS));
            out.push(':');
            value(rng, indent, depth, out);
        }
    }

    fn block_seq(rng: &mut Rng, indent: usize, depth: usize, out: &mut String) {
        let n = 1 + rng.below(3);
        for _ in 0..n {
            filler(rng, indent, out);
            out.push_str(&indent_of(rng, indent));
            out.push('-');
            match rng.below(8) {
                0 if depth > 0 => {
                    out.push(' ');
                    block_map(rng, indent + 2, depth - 1, true, out);
                }
                1 => out.push('\n'),
                _ => {
                    out.push(' ');
                    inline(rng, depth, out);
                    out.push('\n');
                }
            }
        }
    }

    fn value(rng: &mut Rng, indent: usize, depth: usize, out: &mut String) {
        match rng.below(6) {
            0 | 1 if depth > 0 => {
                out.push('\n');
                let step = [2, 2, 4, 0, 1][rng.below(5)];
                if rng.one_in(2) {
                    block_map(rng, indent + step, depth - 1, false, out);
                } else {
                    block_seq(rng, indent + step, depth - 1, out);
                }
            }
            2 if rng.one_in(4) => out.push('\n'),
            _ => {
                out.push_str(spaces(rng).max(" "));
                inline(rng, depth, out);
                out.push('\n');
                if rng.one_in(15) {
                    // A continuation line: a multi-line plain scalar, or an error.
                    let _ = writeln!(out, "{}more", " ".repeat(indent + 2));
                }
            }
        }
    }

    fn document(seed: u64) -> String {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut out = String::new();
        if rng.one_in(30) {
            out.push_str(["---\n", "%YAML 1.2\n---\n", "# header\n"][rng.below(3)]);
        }
        if rng.one_in(10) {
            block_seq(&mut rng, 0, 3, &mut out);
        } else {
            block_map(&mut rng, 0, 3, false, &mut out);
        }
        if rng.one_in(10) {
            out.pop();
        }
        out
    }

    #[test]
    fn generated_documents_read_the_same_or_are_declined() {
        let mut accepted: u64 = 0;
        // FAST_SEEDS=2000000 for a longer run by hand.
        let total: u64 = std::env::var("FAST_SEEDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(30_000);
        for seed in 0..total {
            accepted += u64::from(agrees(&document(seed)));
        }
        // The generator must exercise both readers.
        assert!(
            accepted > total / 20 && accepted < total * 19 / 20,
            "{accepted} of {total} accepted"
        );
    }

    #[test]
    fn the_usual_shapes_are_read_fast() {
        for text in [
            "id: a\ntitle: A\nrequires:\n  5.2: {level: 4, criticality: mandatory}\n  5.3: 3\n",
            "person: e\nroles: [a, b]\ncompetences:\n  6.5.3:\n    knowledge: 3\n    evidence:\n      - {kind: training, name: Course (BSI), date: 2024-11-12}\n      - kind: other\n        name: \"x, y\"\n",
            "a: 'it''s'   # note\n\n# c\nb: []\nc: {}\nd: ~\n",
            "name: Elif Yılmaz\nlist:\n  - 1\n  - [x, 'y']\n",
        ] {
            assert!(agrees(text), "declined:\n{text}");
        }
    }
}
