//! Writing YAML: block mappings and lists, each scalar plain when every
//! YAML reader reads it back as the same string, single-quoted when it
//! only needs quoting, double-quoted with escapes when it holds a line
//! break or a character that is not printable (so no text can reach a
//! terminal as a control sequence).
//!
//! The value is first turned into JSON's data model (`serde_json::Value`,
//! which keeps the order of struct fields), then written out.

use serde_json::Value;
use std::fmt::Write as _;

/// `value` as a YAML document, in block style.
pub fn to_string<T: serde::Serialize>(value: &T) -> anyhow::Result<String> {
    let value = serde_json::to_value(value)?;
    let mut out = String::new();
    match &value {
        Value::Array(items) if !items.is_empty() => seq(&mut out, items, 0),
        Value::Object(entries) if !entries.is_empty() => map(&mut out, entries, 0),
        other => {
            inline(&mut out, other);
            out.push('\n');
        }
    }
    Ok(out)
}

/// The entries of a mapping, each on its own line at `indent`; the first
/// line's indentation is already written when `indent` is not 0.
fn map(out: &mut String, entries: &serde_json::Map<String, Value>, indent: usize) {
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 {
            push_indent(out, indent);
        }
        scalar(out, key);
        out.push(':');
        match value {
            // A list under a key starts at the key's indentation.
            Value::Array(items) if !items.is_empty() => {
                out.push('\n');
                push_indent(out, indent);
                seq(out, items, indent);
            }
            Value::Object(inner) if !inner.is_empty() => {
                out.push('\n');
                push_indent(out, indent + 2);
                map(out, inner, indent + 2);
            }
            other => {
                out.push(' ');
                value_line(out, other, indent);
            }
        }
    }
}

/// The items of a list, `- item` at `indent`; the first line's indentation
/// is already written when `indent` is not 0.
fn seq(out: &mut String, items: &[Value], indent: usize) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            push_indent(out, indent);
        }
        out.push_str("- ");
        match item {
            Value::Array(inner) if !inner.is_empty() => seq(out, inner, indent + 2),
            Value::Object(inner) if !inner.is_empty() => map(out, inner, indent + 2),
            other => value_line(out, other, indent),
        }
    }
}

/// A value after `key: ` or `- ` at `indent`, to the end of its line (or
/// lines: a text of several lines is written as a literal block).
fn value_line(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::String(s) if literal_is_safe(s) => literal(out, s, indent + 2),
        other => {
            inline(out, other);
            out.push('\n');
        }
    }
}

/// True if `s` has several lines and reads back the same as a literal
/// block (`|`): printable, no carriage return, no space before a line break
/// or at the very end.
fn literal_is_safe(s: &str) -> bool {
    s.contains('\n')
        && s.chars()
            .all(|c| c == '\n' || (printable(c) && c != '\t' && c != '\r'))
        && !s.contains(" \n")
        && !s.ends_with(' ')
}

/// `s` as a literal block with its lines at `indent`: `|` with `-` when it
/// does not end with a line break and `+` when it ends with more than one,
/// and the indentation given (`|2`) when the first line starts with a space
/// or is empty.
fn literal(out: &mut String, s: &str, indent: usize) {
    out.push('|');
    if s.starts_with([' ', '\n']) {
        out.push('2');
    }
    if !s.ends_with('\n') {
        out.push('-');
    } else if s == "\n" || s.ends_with("\n\n") {
        out.push('+');
    }
    out.push('\n');
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        if !line.is_empty() {
            push_indent(out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A value written on the current line: a scalar or an empty collection.
fn inline(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => scalar(out, s),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// A string, plain, single- or double-quoted.
fn scalar(out: &mut String, s: &str) {
    if !s.chars().all(printable) || s.contains(['\n', '\r', '\t']) {
        double_quoted(out, s);
    } else if plain_is_safe(s) {
        out.push_str(s);
    } else {
        out.push('\'');
        out.push_str(&s.replace('\'', "''"));
        out.push('\'');
    }
}

/// YAML's printable characters, without the line and paragraph separators,
/// NEL and the byte-order mark, which some readers take as line breaks.
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

fn double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if printable(c) => out.push(c),
            c if u32::from(c) <= 0xff => {
                let _ = write!(out, "\\x{:02X}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
        }
    }
    out.push('"');
}

/// True if `s` (printable, on one line) reads back as the same string when
/// written plain, in a YAML 1.1 or 1.2 reader, as a key or a value.
fn plain_is_safe(s: &str) -> bool {
    let (Some(first), Some(last)) = (s.chars().next(), s.chars().last()) else {
        return false;
    };
    let indicator = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    !(indicator
        || first == ' '
        || last == ' '
        || last == ':'
        || s.contains(": ")
        || s.contains(" #")
        || s.starts_with("...")
        || s.contains(['\n', '\r', '\t'])
        || looks_typed(s))
}

/// A string a YAML reader would take for null, a boolean, a number or a
/// date: what YAML 1.2 reads so (`null`, `true`, `5.10`, `0x1f`, `1e3`,
/// `.inf`, and `010`, which some readers take for octal), and what YAML
/// 1.1 readers add (`yes`, `off`, `1_000`, `12:30`, `2024-03-01`).
fn looks_typed(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
    ];
    if WORDS.iter().any(|w| w.eq_ignore_ascii_case(s)) {
        return true;
    }
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = unsigned.to_ascii_lowercase();
    if matches!(lower.as_str(), ".inf" | ".nan") {
        return true;
    }
    let radix = [("0x", 16), ("0o", 8), ("0b", 2)]
        .iter()
        .find_map(|&(p, r)| lower.strip_prefix(p).map(|rest| (rest, r)));
    if let Some((rest, r)) = radix {
        if !rest.is_empty() && rest.chars().all(|c| c.is_digit(r) || c == '_') {
            return true;
        }
    }
    let only = |extra: &[char]| {
        unsigned.starts_with(|c: char| c.is_ascii_digit())
            && unsigned
                .chars()
                .all(|c| c.is_ascii_digit() || extra.contains(&c))
    };
    let date = unsigned.len() >= 8
        && unsigned.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && unsigned.as_bytes()[4] == b'-'
        && unsigned[5..].starts_with(|c: char| c.is_ascii_digit());
    (unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && unsigned.parse::<f64>().is_ok_and(f64::is_finite))
        // Digit groups (`1_000`), sexagesimal numbers and times (`12:30`).
        || (unsigned.contains('_') && only(&['_', '.']))
        || (unsigned.contains(':') && only(&[':', '.', '_']))
        || date
}

#[cfg(test)]
mod tests {
    use super::to_string;
    use crate::yaml::{Kind, Node, parse};
    use serde_json::{Value, json};

    /// The tree read back by compgap's own reader, as a JSON value of
    /// strings (every scalar is text in the tree).
    fn read_back(yaml: &str) -> Value {
        fn value(node: &Node) -> Value {
            match &node.kind {
                Kind::Scalar { text, .. } => Value::String(text.clone()),
                Kind::Seq(items) => Value::Array(items.iter().map(value).collect()),
                Kind::Map(entries) => Value::Object(
                    entries
                        .iter()
                        .map(|(k, v)| (k.as_scalar().unwrap_or_default().to_string(), value(v)))
                        .collect(),
                ),
            }
        }
        let (node, diags) = parse(yaml.as_bytes());
        assert!(diags.is_empty(), "{yaml}\n{diags:?}");
        value(&node.expect("a document"))
    }

    /// Strings that need each kind of quoting, and ones that need none.
    const AWKWARD: &[&str] = &[
        "plain words",
        "5.2/K1",
        "5 Leadership",
        "5.10",
        "5.1",
        "010",
        "0x1F",
        "1_000",
        "1e3",
        "-1",
        "+.5",
        ".inf",
        "NaN",
        ".NaN",
        "2024-03-01",
        "12:30",
        "yes",
        "Off",
        "N",
        "~",
        "null",
        "TRUE",
        "",
        " leading",
        "trailing ",
        "ends with:",
        "key: value",
        "a #comment",
        "#hash",
        "- dash",
        "-dash",
        "?q",
        ":colon",
        "[flow]",
        "{flow}",
        "a, b",
        "*alias",
        "&anchor",
        "!tag",
        "|block",
        ">folded",
        "'single'",
        "\"double\"",
        "it's",
        "%directive",
        "@at",
        "`tick",
        "line\nbreak",
        "tab\there",
        "cr\rhere",
        "esc \u{1b}[2J",
        "bell \u{7}",
        "nel \u{85}",
        "del \u{7f}",
        "c1 \u{9b}31m",
        "ls \u{2028} ps \u{2029}",
        "bom \u{feff}",
        "back\\slash \"quoted\"",
        "ünïcödé ✓ 日本",
        "emoji 🙂",
        "=SUM(A1)",
        "::error file=x::forged",
        "---",
        "...",
    ];

    #[test]
    fn every_string_reads_back_as_written_as_key_and_value() {
        let list: Vec<&str> = AWKWARD.to_vec();
        let mut map = serde_json::Map::new();
        for (i, s) in AWKWARD.iter().enumerate() {
            map.insert((*s).to_string(), json!(i.to_string()));
            map.insert(format!("v{i}"), json!(s));
        }
        let doc = json!({"list": list, "map": map, "nested": [{"a": list, "b": [[]]}]});
        let yaml = to_string(&doc).expect("YAML");
        let (_, diags) = parse(yaml.as_bytes());
        assert!(diags.is_empty(), "{yaml}\n{diags:?}");
        let expected = json!({
            "list": list,
            "map": map,
            "nested": [{"a": list, "b": [[]]}],
        });
        // Empty collections are written `[]`, read back as an empty list.
        assert_eq!(read_back(&yaml), expected, "{yaml}");
    }

    /// The catalog export is what `serde_yaml_ng` writes, byte for byte.
    #[test]
    fn the_bundled_catalog_is_written_as_serde_yaml_ng_writes_it() {
        let catalog = crate::catalog::Catalog::bundled();
        let ours = to_string(&catalog.competences).expect("YAML");
        assert_eq!(
            ours,
            serde_yaml_ng::to_string(&catalog.competences).expect("YAML")
        );
        let first = &catalog.competences[0];
        assert_eq!(
            to_string(first).expect("YAML"),
            serde_yaml_ng::to_string(first).expect("YAML")
        );
    }

    /// Written as `serde_yaml_ng` writes them (it wrote the export before),
    /// except where compgap quotes more: YAML 1.1 booleans, digit groups,
    /// times and dates, and a leading `-`, `?` or `:`.
    #[test]
    fn strings_are_written_as_serde_yaml_ng_writes_them_or_quoted_more() {
        const QUOTED_MORE: &[&str] = &[
            "1_000",
            "2024-03-01",
            "12:30",
            "yes",
            "Off",
            "N",
            "-dash",
            "?q",
            ":colon",
            "::error file=x::forged",
        ];
        let lines = [
            "two\nlines",
            "ends\n",
            "two\n\n",
            "\n",
            " lead\nx",
            "\nfirst",
            "sp \nx",
            "x\n y",
            "a\r\nb",
            "tab\tx\ny",
        ];
        for s in AWKWARD.iter().chain(&lines) {
            let doc = json!({ "k": s, "l": [s, {"m": s}] });
            let ours = to_string(&doc).expect("YAML");
            if QUOTED_MORE.contains(s) {
                assert!(ours.starts_with("k: '"), "{s:?}: {ours}");
            } else {
                assert_eq!(ours, serde_yaml_ng::to_string(&doc).expect("YAML"), "{s:?}");
            }
            assert_eq!(read_back(&ours), doc, "{s:?}: {ours}");
        }
    }

    #[test]
    fn strings_that_look_like_other_types_are_quoted() {
        for s in ["5.10", "010", "yes", "null", "~", "2024-03-01", ".inf", ""] {
            let yaml = to_string(&json!({ "k": s })).expect("YAML");
            assert!(
                yaml.starts_with("k: '") || yaml.starts_with("k: \""),
                "{s:?} -> {yaml}"
            );
        }
        assert_eq!(
            to_string(&json!({"k": "5.2/K1"})).expect("YAML"),
            "k: 5.2/K1\n"
        );
    }

    #[test]
    fn control_characters_never_reach_the_output() {
        let yaml = to_string(&json!([
            "esc \u{1b}[2J",
            "c1 \u{9b}31m",
            "nel \u{85}",
            "del \u{7f}"
        ]))
        .expect("YAML");
        assert_eq!(
            yaml,
            "- \"esc \\e[2J\"\n- \"c1 \\x9B31m\"\n- \"nel \\N\"\n- \"del \\x7F\"\n"
        );
        assert!(!yaml.chars().any(|c| c.is_control() && c != '\n'));
    }
}
