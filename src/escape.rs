//! How untrusted text is written, for each kind of output.
//!
//! Names, titles, descriptions, evidence, catalog texts and file names come
//! from files anyone with a pull request can change. Every renderer writes
//! them through one of these functions:
//!
//! - [`terminal`]: text for a terminal or a CI log (tables, plain text,
//!   `validate` text): control characters (C0, DEL, C1), line and paragraph
//!   separators and bidirectional-text controls are written as visible
//!   escapes (`\n`, `\t`, `\u{1b}`, `\u{202e}`), so a value can neither
//!   move the cursor, set a hyperlink, nor start a new line (and with it a
//!   forged `::error` workflow command). [`terminal_output`] is the net
//!   under a whole terminal document: it lets through only line feeds and
//!   the colour sequences compgap itself writes.
//! - [`markdown`]: [`terminal`], then `\`, `` ` ``, `*`, `_`, `[`, `]` and
//!   `|` backslash-escaped and `<`, `>`, `&` written as entities, so the
//!   text renders as text: no HTML element, no link, no emphasis, no
//!   broken table.
//! - [`github_data`] / [`github_property`]: a GitHub Actions workflow
//!   command's message and properties, escaped as the Actions toolkit does
//!   (`%`, CR, LF; in properties also `:` and `,`) after [`terminal`].
//! - [`neutralise`] / [`unneutralise`]: a CSV cell that a spreadsheet
//!   would evaluate as a formula gets a leading `'`, and the register
//!   reader takes it off again.
//! - JSON and SARIF are written by `serde_json`, which escapes every
//!   control character (`\u001b`); the text stays data for the program
//!   that reads it.

use std::borrow::Cow;

/// Whether `c` must never reach a terminal raw.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            // Line and paragraph separators.
            '\u{2028}' | '\u{2029}'
            // Bidirectional marks, embeddings, overrides and isolates.
            | '\u{061c}' | '\u{200e}' | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
        )
}

/// Whether `s` holds a character [`terminal`] would escape.
pub fn has_control(s: &str) -> bool {
    s.contains(is_unsafe)
}

/// `s` with every unsafe character written as a visible escape.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !has_control(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A whole terminal document: line feeds and SGR colour sequences
/// (`ESC [ digits ; … m`, which compgap writes when colour is on) are kept,
/// every other unsafe character is escaped as [`terminal`] does.
pub fn terminal_output(doc: String) -> String {
    if !doc.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return doc;
    }
    let mut out = String::with_capacity(doc.len() + 16);
    let mut rest = doc.as_str();
    while let Some(c) = rest.chars().next() {
        if c == '\x1b' {
            let sgr = rest[1..]
                .strip_prefix('[')
                .map(|r| r.find(|c: char| !(c.is_ascii_digit() || c == ';')))
                .and_then(|end| end.filter(|&e| rest.as_bytes().get(2 + e) == Some(&b'm')));
            if let Some(end) = sgr {
                out.push_str(&rest[..end + 3]);
                rest = &rest[end + 3..];
                continue;
            }
        }
        if c != '\n' && is_unsafe(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A whole HTML page: line feeds and tabs are kept (the page's own layout),
/// every other unsafe character is escaped as [`terminal`] does, so that a
/// name can neither reorder nor hide text on the page, nor drive a terminal
/// the page is printed on.
pub fn html_output(page: String) -> String {
    let unsafe_here = |c: char| !matches!(c, '\n' | '\t') && is_unsafe(c);
    if !page.chars().any(unsafe_here) {
        return page;
    }
    let mut out = String::with_capacity(page.len() + 16);
    for c in page.chars() {
        if unsafe_here(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// `s` as Markdown text (inline, in a paragraph, a heading, a list item or
/// a table cell): it renders as the characters it holds.
pub fn markdown(s: &str) -> Cow<'_, str> {
    let s = terminal(s);
    let special = |c: char| "\\`*_[]|<>&".contains(c);
    if !s.contains(special) {
        return s;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // `snake_case` does not format: only a `_` at a word's edge can.
            '_' if i > 0
                && i + 1 < chars.len()
                && chars[i - 1].is_alphanumeric()
                && chars[i + 1].is_alphanumeric() =>
            {
                out.push('_');
            }
            c if special(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Data of a GitHub Actions workflow command (the text after `::`).
pub fn github_data(s: &str) -> String {
    terminal(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a GitHub Actions workflow command (`file=…`).
pub fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Full-width forms of `=`, `+`, `-` and `@` (and the minus sign), which
/// spreadsheets read as their ASCII forms when they parse a formula.
const WIDE_FORMULA: [char; 5] = ['\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}', '\u{2212}'];

/// Whether a spreadsheet opening a CSV could evaluate `cell`: it starts,
/// after any blanks, with `=`, `+`, `-`, `@` or a full-width form of
/// them, or with a tab, carriage return or line feed.
fn is_formula_like(cell: &str) -> bool {
    if cell.starts_with(['\t', '\r', '\n']) {
        return true;
    }
    let rest = cell.trim_start_matches(|c: char| c.is_whitespace());
    rest.starts_with(['=', '+', '-', '@']) || rest.starts_with(WIDE_FORMULA)
}

/// Prefix `'` to a CSV cell a spreadsheet could run as a formula (see
/// [`is_formula_like`]); a cell already starting with `'` gets another, so
/// that [`unneutralise`] gives it back unchanged.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if is_formula_like(cell) || (cell.starts_with('\'') && is_formula_like(&cell[1..])) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Undo [`neutralise`] on a cell read back from a CSV: a `'` before a cell
/// that [`neutralise`] would have prefixed is dropped.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if is_formula_like(rest) || rest.starts_with('\'') && is_formula_like(&rest[1..]) =>
        {
            rest
        }
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_is_visible() {
        assert_eq!(terminal("plain"), "plain");
        assert_eq!(
            terminal("Mal\n::error file=x::y\u{1b}[2J\u{7}\u{9b}\u{202e}"),
            "Mal\\n::error file=x::y\\u{1b}[2J\\u{7}\\u{9b}\\u{202e}"
        );
    }

    #[test]
    fn the_net_keeps_colour_and_lines_only() {
        let doc = "\u{1b}[31mred\u{1b}[0m\nx\u{1b}]8;;http://e\u{7}\u{1b}[2J\r".to_string();
        assert_eq!(
            terminal_output(doc),
            "\u{1b}[31mred\u{1b}[0m\nx\\u{1b}]8;;http://e\\u{7}\\u{1b}[2J\\r"
        );
    }

    #[test]
    fn markdown_text_renders_as_text() {
        assert_eq!(
            markdown(
                "<img src=x onerror=alert(1)> [x](javascript:alert(1)) a|b `c` *d* _e_ snake_case & \\"
            ),
            "&lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:alert(1)) a\\|b \\`c\\` \\*d\\* \\_e\\_ snake_case &amp; \\\\"
        );
    }

    #[test]
    fn github_commands_cannot_be_forged() {
        assert_eq!(github_data("a%\nb\r::x"), "a%25\\nb\\r::x");
        assert_eq!(github_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn formulas_are_neutralised() {
        for (input, expected) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("\nx", "'\nx"),
            ("  =2+2", "'  =2+2"),
            ("\u{a0}=2+2", "'\u{a0}=2+2"),
            ("\u{ff1d}1+1", "'\u{ff1d}1+1"),
            ("\u{ff0b}1", "'\u{ff0b}1"),
            ("'=1", "''=1"),
            ("'plain", "'plain"),
            ("it's", "it's"),
            ("plain", "plain"),
            ("a=1", "a=1"),
            ("", ""),
        ] {
            assert_eq!(neutralise(input), expected, "{input:?}");
            assert_eq!(unneutralise(&neutralise(input)), input, "{input:?}");
        }
    }
}
